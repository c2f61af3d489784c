"""The FAQ and the bot's replies, as frozen dataclasses."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    """The article the FAQ's answers are written from."""

    title: str
    author: str | None = None
    editor: str | None = None
    date: str | None = None
    publisher: str | None = None
    url: str | None = None

    def citation(self) -> str:
        """One line crediting the article, e.g. for ``/source`` or an about page."""
        text = f'"{self.title}"'
        # '"Title" by A, edited by B': the author follows the title directly,
        # the editor is a clause of its own.
        if self.author:
            text += f" by {self.author}"
        if self.editor:
            text += f", edited by {self.editor}"
        tail = ", ".join(p for p in (self.publisher, self.date) if p)
        text = f"{text} ({tail})" if tail else text
        return f"{text}, {self.url}" if self.url else text


@dataclass(frozen=True)
class Section:
    """A section of the source article; every entry names the one it comes from."""

    id: str
    title: str


@dataclass(frozen=True)
class Entry:
    """One question and its answer. ``path`` and ``line`` say where it was defined."""

    id: str
    section: str
    question: str
    answer: str
    alternates: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    #: Ids of entries to offer after this one's answer ("You might also ask"),
    #: in the author's order.
    followups: tuple[str, ...] = ()
    path: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The canonical question followed by its alternates."""
        return (self.question, *self.alternates)


@dataclass(frozen=True)
class UrgentRule:
    """Describes an emergency: fires when any phrase of ``any`` occurs, or when
    every group of ``all`` has at least one phrase in the message (near each
    other, when ``within`` is set)."""

    id: str
    description: str = ""
    any: tuple[str, ...] = ()
    all: tuple[tuple[str, ...], ...] = ()
    #: With ``all``: the groups' phrases must stand within this many words.
    within: int | None = None


@dataclass(frozen=True)
class Intent:
    """A kind of small talk ("hi", "thanks", "bye"): a message made of its
    ``examples`` (and words that carry no topic) gets ``reply``. ``action``
    says what else it does: ``end`` the chat, offer ``related`` entries ("tell
    me more"), or ``explain`` the last answer ("why?")."""

    id: str
    examples: tuple[str, ...]
    reply: str
    action: str | None = None


@dataclass(frozen=True)
class Faq:
    """A validated FAQ, possibly merged from several files (``paths``)."""

    source: Source
    sections: tuple[Section, ...]
    reminder: str
    fallback: str
    entries: tuple[Entry, ...]
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    urgent_rules: tuple[UrgentRule, ...] = ()
    #: The FAQ's own small talk: replaces the built-in intent of the same id, or adds one.
    smalltalk: tuple[Intent, ...] = ()
    paths: tuple[str, ...] = ()

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)


class Status(str, enum.Enum):
    """What kind of reply the bot gave."""

    ANSWERED = "answered"
    NO_MATCH = "no_match"
    URGENT = "urgent"
    SMALLTALK = "smalltalk"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Match:
    """An entry and how well it matched a query (0 to 100)."""

    entry: Entry
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.entry.id,
            "question": self.entry.question,
            "section": self.entry.section,
            "score": round(self.score, 1),
        }


@dataclass(frozen=True)
class Reply:
    """The bot's reply to one message.

    ``entry`` and ``section`` are set only when ``status`` is ``ANSWERED``.
    ``score`` is the best entry's score even when the bot declined.
    ``alternatives`` are the next best distinct entries (for ``NO_MATCH``, the
    best candidates, offered as suggestions). ``message`` is the fallback, the
    urgent notice or the small talk reply. ``uncertain`` flags an answer whose
    runner-up was close.

    From a conversation (:mod:`faq_bot.conversation`): ``intent`` names the
    small talk, ``followups`` are entries offered to read next (the answer's
    linked entries, or related ones after "tell me more"), ``more`` holds the
    replies to the other questions of a message that asked several, and
    ``note`` says what of the message was left unanswered.
    """

    query: str
    status: Status
    reminder: str
    score: float = 0.0
    entry: Entry | None = None
    section: Section | None = None
    alternatives: tuple[Match, ...] = ()
    message: str | None = None
    uncertain: bool = False
    urgent_rule: str | None = None
    intent: str | None = None
    followups: tuple[Entry, ...] = ()
    more: tuple[Reply, ...] = ()
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``faq-bot ask --json``."""
        entry = self.entry
        return {
            "query": self.query,
            "status": self.status.value,
            "id": entry.id if entry else None,
            "question": entry.question if entry else None,
            "answer": entry.answer if entry else None,
            "section": entry.section if entry else None,
            "section_title": self.section.title if self.section else None,
            "score": round(self.score, 1),
            "uncertain": self.uncertain,
            "alternatives": [m.to_dict() for m in self.alternatives],
            "message": self.message,
            "urgent_rule": self.urgent_rule,
            "reminder": self.reminder,
            "intent": self.intent,
            "followups": [{"id": e.id, "question": e.question} for e in self.followups],
            "more": [r.to_dict() for r in self.more],
            "note": self.note,
        }
