"""Replies as JSON lines, as ``faq-bot ask --json`` writes them: byte for byte
``json.dumps(reply.to_dict())``, made for a stream of replies.

A stream repeats itself: every reply carries the same reminder, most declines
the same fallback, and the answers, questions and titles are the FAQ's own.
:class:`ReplyEncoder` encodes each entry's part of a reply once, and each
recurring text once, and joins the pieces; only what is new (the query, the
score) is encoded per reply. Nothing is kept beyond the encoder's life, and
the texts it keeps are bounded.
"""

from __future__ import annotations

import json
import math

from .model import Entry, Match, Reply, Section

#: Texts kept encoded (reminders, fallbacks, notices, unknown words...), and entries.
TEXTS_KEPT = 4096
ENTRIES_KEPT = 65536

_string = json.encoder.encode_basestring_ascii  # what json.dumps uses for str, ensure_ascii on
_NULL_ENTRY = '"id": null, "question": null, "answer": null, "section": null, '


def _number(value: float) -> str:
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    return json.dumps(value)  # an int, NaN or infinity: as json.dumps writes them


class ReplyEncoder:
    """``line(reply)`` is ``json.dumps(reply.to_dict())``; faster when the
    replies share entries and texts, as a stream's do."""

    def __init__(self) -> None:
        # By the object's id, with the object kept, so that an id is never another's.
        self._entries: dict[int, tuple[Entry, str, str, str]] = {}
        self._sections: dict[int, tuple[Section, str]] = {}
        self._texts: dict[str, str] = {}
        self._scores: dict[float, str] = {}

    def line(self, reply: Reply) -> str:
        """The reply as one line of JSON, ending in a newline."""
        return self.encode(reply) + "\n"

    def encode(self, reply: Reply) -> str:
        """The reply as JSON: ``json.dumps(reply.to_dict())``."""
        entry, section = reply.entry, reply.section
        return "".join(
            (
                '{"query": ',
                _string(reply.query),
                ', "status": ',
                self._text(reply.status.value),
                ", ",
                self._entry(entry)[1] if entry else _NULL_ENTRY,
                '"section_title": ',
                self._section(section) if section else "null",
                ', "score": ',
                self._score(reply.score),
                ', "uncertain": ',
                "true" if reply.uncertain else "false",
                ', "alternatives": [',
                ", ".join([self._match(m) for m in reply.alternatives]),
                '], "message": ',
                self._optional(reply.message),
                ', "urgent_rule": ',
                self._optional(reply.urgent_rule),
                ', "reminder": ',
                self._text(reply.reminder),
                ', "reason": ',
                self._text(reply.reason.value) if reply.reason else "null",
                ', "unknown_words": [',
                ", ".join([self._text(w) for w in reply.unknown_words]),
                '], "intent": ',
                self._optional(reply.intent),
                ', "followups": [',
                ", ".join([self._entry(e)[3] for e in reply.followups]),
                '], "more": [',
                ", ".join([self.encode(r) for r in reply.more]),
                '], "note": ',
                self._optional(reply.note),
                "}",
            )
        )

    def _text(self, text: str) -> str:
        found = self._texts.get(text)
        if found is None:
            if len(self._texts) >= TEXTS_KEPT:
                self._texts.clear()
            found = self._texts[text] = _string(text)
        return found

    def _optional(self, text: str | None) -> str:
        return "null" if text is None else self._text(text)

    def _entry(self, entry: Entry) -> tuple[Entry, str, str, str]:
        """The entry's fields in a reply, its start as an alternative (the
        score follows), and as a follow-up."""
        found = self._entries.get(id(entry))
        if found is None or found[0] is not entry:
            if len(self._entries) >= ENTRIES_KEPT:
                self._entries.clear()
            ident, question, section = _string(entry.id), _string(entry.question), _string(entry.section)
            found = self._entries[id(entry)] = (
                entry,
                f'"id": {ident}, "question": {question}, "answer": {_string(entry.answer)}, '
                f'"section": {section}, ',
                f'{{"id": {ident}, "question": {question}, "section": {section}, "score": ',
                f'{{"id": {ident}, "question": {question}}}',
            )
        return found

    def _match(self, match: Match) -> str:
        return f"{self._entry(match.entry)[2]}{self._score(match.score)}}}"

    def _score(self, value: float) -> str:
        """A score as the reply writes it, rounded: kept by value, as a stream's
        scores recur. Only non-zero floats: 0.0 and -0.0, or 5 and 5.0, are
        equal keys but are written apart."""
        kept = type(value) is float and value
        found = self._scores.get(value) if kept else None
        if found is None:
            found = _number(round(value, 1))
            if kept:
                if len(self._scores) >= TEXTS_KEPT:
                    self._scores.clear()
                self._scores[value] = found
        return found

    def _section(self, section: Section) -> str:
        found = self._sections.get(id(section))
        if found is None or found[0] is not section:
            if len(self._sections) >= ENTRIES_KEPT:
                self._sections.clear()
            found = self._sections[id(section)] = (section, _string(section.title))
        return found[1]
