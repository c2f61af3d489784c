"""Checks of a valid FAQ that go beyond its format: does the bot answer each
phrasing with its own entry, are entries duplicated, and is anything unused,
redundant or copied from the source article.

Every check returns :class:`Finding` values; ``error`` means people get a
wrong or no answer (or the FAQ breaks the source's copyright), ``warning``
means the FAQ is harder to maintain or likely to confuse the matcher.

========================  =======  =================================================
code                      level    meaning
========================  =======  =================================================
``misrouted``             error    a question or alternate is answered by another entry
``unanswered``            error    the bot declines a question or alternate of an entry
``urgent``                error    a phrasing trips an urgent rule, so its entry is never shown
``same-phrasing``         error    an alternate repeats another entry's phrasing
``copied-from-source``    error    an answer copies 12+ words in a row from the source
``repeated-phrasing``     warning  an alternate repeats a phrasing of its own entry
``tied``                  warning  a phrasing's entry ties at the top with another entry
``near-duplicate``        warning  two entries ask or answer nearly the same thing
``narrow-synonym``        warning  a synonym names a kind of its term, not the same thing
``empty-section``         warning  a declared section has no entry
``few-alternates``        warning  an entry has fewer than 3 alternates
``answer-length``         warning  an answer is not 2 to 5 sentences long
========================  =======  =================================================

An alternate the bot declines is an error, not a warning: the author wrote it
because people ask it that way, and those people would get the fallback.

``narrow-synonym`` judges "specific or general" by general-English word
statistics (:mod:`faq_bot.wordstats`), not by a list: a synonym is suspect
when its term is a common word ("surgery") and the synonym is at least
:data:`NARROW_GAP` (in Zipf units: 300 times) rarer ("microdiscectomy"), or
when it is the term with words put in front ("decompression surgery"). A
question about the narrower thing would be read as one about the term.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from .bot import FaqBot
from .errors import FaqError
from .loader import compose, read_text
from .model import Entry, Faq, Status
from .text import normalize, stems_of, words
from .wordstats import zipf

#: Shortest run of words shared with the source that counts as copying.
COPIED_RUN = 12
#: Two entries are near-duplicates when their normalised questions score at
#: least this (rapidfuzz ``token_sort_ratio``) ...
QUESTION_SIMILARITY = 90.0
#: ... or their normalised answers do (an answer pasted under a new question).
ANSWER_SIMILARITY = 85.0
#: A synonym's term this common in general English (Zipf) is a general word ...
GENERAL_ZIPF = 4.5
#: ... and a synonym this much rarer than it (Zipf units) names something narrower.
NARROW_GAP = 2.5
#: The fewest alternates an entry should have: one question is one way of
#: many to ask it, and the README asks authors for three or more.
MIN_ALTERNATES = 3
#: How long an answer should be, in sentences, as the README asks.
ANSWER_SENTENCES = (2, 5)
_SENTENCE_END = re.compile(r"[.!?](?=[\"')\]]*(?:\s+[^\sa-z]|\s*$))")
#: Entries the matcher ranks closest to each question or answer are the only
#: ones compared for duplicates, so linting stays linear in the FAQ's size.
_NEIGHBOURS = 5


@dataclass(frozen=True)
class Finding:
    """One problem found by :func:`lint`; ``entries`` are the entry ids involved."""

    level: str
    code: str
    message: str
    path: str | None = None
    line: int | None = None
    entries: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.path, self.line) if p is not None)
        return f"{where + ': ' if where else ''}{self.level}: {self.message}"


@dataclass
class _Lines:
    """Where an entry's parts are written (1-based lines)."""

    question: int | None = None
    answer: int | None = None
    alternates: list[int] = field(default_factory=list)


def lint(faq: Faq, *, bot: FaqBot | None = None, source_text: str | None = None) -> list[Finding]:
    """Every finding for ``faq``, ordered by file and line.

    ``bot`` is the bot whose answers are checked (default: ``FaqBot(faq)``);
    ``source_text`` is the article the answers are written from, checked for
    copied runs of words only when given.
    """
    bot = bot or FaqBot(faq)
    lines, section_lines, synonym_lines = _locate(faq)
    findings = [
        *_routing(faq, bot, lines),
        *_same_phrasings(faq, lines),
        *_near_duplicates(faq, bot),
        *_empty_sections(faq, section_lines),
        *_narrow_synonyms(faq, synonym_lines),
        *_entry_shape(faq, lines),
    ]
    if source_text is not None:
        findings.extend(_copied(faq, source_text, lines))
    return sorted(findings, key=lambda f: (f.path or "", f.line or 0))


def _locate(
    faq: Faq,
) -> tuple[dict[str, _Lines], dict[str, tuple[str, int]], dict[str, tuple[str, int]]]:
    """Lines of each entry's question, answer and alternates, of each section
    and of each synonym list, read again from the FAQ's files (the model keeps
    only the entry's first line). A file that can no longer be read just loses
    the detail."""
    entries: dict[str, _Lines] = {}
    sections: dict[str, tuple[str, int]] = {}
    synonyms: dict[str, tuple[str, int]] = {}
    for path in faq.paths:
        try:
            root = compose(read_text(Path(path)), Path(path))
        except FaqError:
            continue
        top = _keys(root)
        found_synonyms = top.get("synonyms")
        if isinstance(found_synonyms, yaml.MappingNode):
            for key, _ in found_synonyms.value:
                if isinstance(key, yaml.ScalarNode):
                    synonyms.setdefault(key.value, (path, key.start_mark.line + 1))
        for item in _items(top.get("sections")):
            sid = _keys(item).get("id")
            if isinstance(sid, yaml.ScalarNode):
                sections.setdefault(sid.value, (path, item.start_mark.line + 1))
        for item in _items(top.get("entries")):
            fields = _keys(item)
            eid = fields.get("id")
            if not isinstance(eid, yaml.ScalarNode) or eid.value in entries:
                continue
            found = entries[eid.value] = _Lines()
            if "question" in fields:
                found.question = fields["question"].start_mark.line + 1
            if "answer" in fields:
                found.answer = fields["answer"].start_mark.line + 1
            found.alternates = [n.start_mark.line + 1 for n in _items(fields.get("alternates"))]
    return entries, sections, synonyms


def _keys(node: yaml.Node | None) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _phrasings(entry: Entry, lines: dict[str, _Lines]) -> Iterator[tuple[str, str, int | None]]:
    """(what, text, line) for the question and each alternate of ``entry``."""
    found = lines.get(entry.id, _Lines())
    yield "question", entry.question, found.question or entry.line
    for i, alternate in enumerate(entry.alternates):
        line = found.alternates[i] if i < len(found.alternates) else entry.line
        yield "alternate", alternate, line


def _routing(faq: Faq, bot: FaqBot, lines: dict[str, _Lines]) -> Iterator[Finding]:
    for entry in faq.entries:
        for what, text, line in _phrasings(entry, lines):
            reply = bot.ask(text)
            if reply.status is Status.ANSWERED and reply.entry is not None and reply.entry.id == entry.id:
                tied = next((m for m in reply.alternatives[:1] if m.score >= reply.score), None)
                if tied is not None:
                    # Answered as the author's own words (bot.OWN_PHRASING_RATIO); worded
                    # a little otherwise, it may go to the other entry.
                    yield Finding(
                        "warning",
                        "tied",
                        f"{what} {text!r} of entry {entry.id!r} ties with entry {tied.entry.id!r} "
                        f"(both score {reply.score:.1f}): answered in these words, but a question "
                        "worded a little differently may get the other; give it words that set the two apart",
                        entry.path,
                        line,
                        (entry.id, tied.entry.id),
                    )
                continue
            own = next((m.score for m in bot.search(text, limit=10) if m.entry.id == entry.id), None)
            own_score = f"{own:.1f}" if own is not None else "not in the top 10"
            said = f"{what} {text!r} of entry {entry.id!r}"
            if reply.status is Status.URGENT:
                yield Finding(
                    "error",
                    "urgent",
                    f"{said} trips the urgent rule {reply.urgent_rule!r}, "
                    "so the bot shows the urgent notice instead of this entry",
                    entry.path,
                    line,
                    (entry.id,),
                )
            elif reply.entry is not None:
                yield Finding(
                    "error",
                    "misrouted",
                    f"{said} is answered by entry {reply.entry.id!r} "
                    f"(score {reply.score:.1f}; {entry.id!r} scores {own_score}); "
                    "reword it or give it words that set the two entries apart",
                    entry.path,
                    line,
                    (entry.id, reply.entry.id),
                )
            else:
                yield Finding(
                    "error",
                    "unanswered",
                    f"{said} gets no answer (best score {reply.score:.1f}; "
                    f"{entry.id!r} scores {own_score}); reword it with words the entry is about",
                    entry.path,
                    line,
                    (entry.id,),
                )


def _same_phrasings(faq: Faq, lines: dict[str, _Lines]) -> Iterator[Finding]:
    # Questions are all distinct (the loader refuses repeats) and come first,
    # so what repeats is always an alternate.
    seen = {normalize(entry.question): (entry.id, "question") for entry in faq.entries}
    for entry in faq.entries:
        for what, text, line in _phrasings(entry, lines):
            key = normalize(text)
            first = seen.get(key)
            if first is None:
                seen[key] = (entry.id, what)
                continue
            if what == "question":
                continue
            if first[0] == entry.id:
                yield Finding(
                    "warning",
                    "repeated-phrasing",
                    f"alternate {text!r} of entry {entry.id!r} repeats its {first[1]}; remove it",
                    entry.path,
                    line,
                    (entry.id,),
                )
            else:
                yield Finding(
                    "error",
                    "same-phrasing",
                    f"alternate {text!r} of entry {entry.id!r} is also a {first[1]} of entry "
                    f"{first[0]!r}; the same words cannot lead to two answers",
                    entry.path,
                    line,
                    (entry.id, first[0]),
                )


def _near_duplicates(faq: Faq, bot: FaqBot) -> Iterator[Finding]:
    order = {entry.id: i for i, entry in enumerate(faq.entries)}
    pairs: set[tuple[int, int]] = set()
    for i, entry in enumerate(faq.entries):
        for text in (entry.question, entry.answer):
            for match in bot.search(text, limit=_NEIGHBOURS):
                j = order[match.entry.id]
                if j != i:
                    pairs.add((min(i, j), max(i, j)))
    for i, j in sorted(pairs):
        first, second = faq.entries[i], faq.entries[j]
        questions = fuzz.token_sort_ratio(normalize(first.question), normalize(second.question))
        answers = fuzz.token_sort_ratio(normalize(first.answer), normalize(second.answer))
        if questions >= QUESTION_SIMILARITY or answers >= ANSWER_SIMILARITY:
            yield Finding(
                "warning",
                "near-duplicate",
                f"entries {first.id!r} and {second.id!r} look like copies (questions {questions:.0f}% "
                f"alike, answers {answers:.0f}%); merge them or make each say something the other doesn't",
                second.path,
                second.line,
                (first.id, second.id),
            )


def _empty_sections(faq: Faq, section_lines: dict[str, tuple[str, int]]) -> Iterator[Finding]:
    used = {entry.section for entry in faq.entries}
    for section in faq.sections:
        if section.id not in used:
            path, line = section_lines.get(section.id, (None, None))
            yield Finding(
                "warning",
                "empty-section",
                f"section {section.id!r} ({section.title!r}) has no entry; add one or remove the section",
                path,
                line,
            )


def _narrow_synonyms(faq: Faq, synonym_lines: dict[str, tuple[str, int]]) -> Iterator[Finding]:
    for term, variants in faq.synonyms:
        term_words = words(term)
        # A phrase is as common as its rarest word, at most.
        common = min((zipf(w) for w in term_words), default=0.0)
        if common < GENERAL_ZIPF:
            continue  # a specific term's other names are rare too ("post-laminectomy syndrome")
        term_stems = stems_of(term)
        for variant in variants:
            if _spelled_alike(variant, term):
                continue
            variant_stems = stems_of(variant)
            rarest = min((zipf(w) for w in words(variant)), default=0.0)
            if len(variant_stems) > len(term_stems) and variant_stems[-len(term_stems) :] == term_stems:
                why = f"is {term!r} with words put in front, a kind of {term!r}"
            elif common - rarest >= NARROW_GAP:
                why = f"is far rarer in general English than {term!r}, so it likely names a kind of it"
            else:
                continue
            path, line = synonym_lines.get(term, (None, None))
            yield Finding(
                "warning",
                "narrow-synonym",
                f"synonym {variant!r} of {term!r} {why}: a question about {variant!r} would be "
                f"answered as one about {term!r}; make it a keyword of the entries that really cover it",
                path,
                line,
            )


def _spelled_alike(variant: str, term: str) -> bool:
    """Whether ``variant`` is ``term`` of several words written another way:
    run together ("carryon" for "carry-on") or as its initials ("ihd" for
    "in-home display"). Rare as such spellings are, they name the same thing."""
    parts = re.findall(r"[^\W_]+", term.lower())
    written = "".join(re.findall(r"[^\W_]+", variant.lower()))
    return len(parts) > 1 and written in ("".join(parts), "".join(part[0] for part in parts))


def sentences(text: str) -> int:
    """How many sentences ``text`` has: runs ending in . ! or ? before a space
    or the end (a closing quote or bracket may come between), and any text
    after the last one."""
    ends = list(_SENTENCE_END.finditer(text))
    rest = text[ends[-1].end() :] if ends else text
    return len(ends) + bool(rest.strip(" \t\n\"')]"))


def _entry_shape(faq: Faq, lines: dict[str, _Lines]) -> Iterator[Finding]:
    """What the README asks of every entry: alternates, and answers of a
    few sentences."""
    low, high = ANSWER_SENTENCES
    for entry in faq.entries:
        found = lines.get(entry.id, _Lines())
        count = len(entry.alternates)
        if count < MIN_ALTERNATES:
            yield Finding(
                "warning",
                "few-alternates",
                f"entry {entry.id!r} has {count} alternate{'s' * (count != 1)}; give {MIN_ALTERNATES} or "
                "more other ways people ask it, so that the bot knows their words",
                entry.path,
                found.question or entry.line,
                (entry.id,),
            )
        size = sentences(entry.answer)
        if not low <= size <= high:
            yield Finding(
                "warning",
                "answer-length",
                f"the answer of entry {entry.id!r} has {size} sentence{'s' * (size != 1)}; "
                f"keep answers to {low} to {high}"
                + ("" if size < low else ", and move the rest to entries of their own"),
                entry.path,
                found.answer or entry.line,
                (entry.id,),
            )


def _copied(faq: Faq, source_text: str, lines: dict[str, _Lines]) -> Iterator[Finding]:
    source = normalize(source_text).split()
    runs = {tuple(source[i : i + COPIED_RUN]) for i in range(len(source) - COPIED_RUN + 1)}
    for entry in faq.entries:
        answer = normalize(entry.answer).split()
        longest: list[str] = []
        i = 0
        while i <= len(answer) - COPIED_RUN:
            if tuple(answer[i : i + COPIED_RUN]) not in runs:
                i += 1
                continue
            # Extend the shared run one word at a time while it is still a run of the source.
            end = i + COPIED_RUN
            while end < len(answer) and tuple(answer[end - COPIED_RUN + 1 : end + 1]) in runs:
                end += 1
            if end - i > len(longest):
                longest = answer[i:end]
            i = end
        if longest:
            line = lines.get(entry.id, _Lines()).answer or entry.line
            yield Finding(
                "error",
                "copied-from-source",
                f"the answer of entry {entry.id!r} copies {len(longest)} words in a row from the source "
                f"({' '.join(longest)!r}); say it in your own words",
                entry.path,
                line,
                (entry.id,),
            )
