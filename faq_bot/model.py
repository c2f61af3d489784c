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
        parts = [f'"{self.title}"']
        if self.author:
            parts.append(f"by {self.author}")
        if self.editor:
            parts.append(f"edited by {self.editor}")
        text = " ".join(parts)
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
    other, when ``within`` is set), unless the red flag is denied, past, asked
    about in general, or in a clause with one of the ``unless`` phrases."""

    id: str
    description: str = ""
    any: tuple[str, ...] = ()
    all: tuple[tuple[str, ...], ...] = ()
    #: With ``all``: the groups' phrases must stand within this many words.
    within: int | None = None
    #: What to do now, shown instead of an answer. Empty: the built-in rule
    #: set's default notice.
    notice: str = ""
    #: Where the red flag comes from (the published guidance it follows).
    source: str = ""
    #: Phrases that, in the same clause, mean this is not the emergency
    #: ("climbing stairs" for breathlessness).
    unless: tuple[str, ...] = ()
    #: Messages the rule must fire on, and messages no rule may fire on.
    examples: tuple[str, ...] = field(default=(), compare=False)
    safe: tuple[str, ...] = field(default=(), compare=False)


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
    paths: tuple[str, ...] = ()
    #: The built-in urgent rule set the FAQ's own rules add to ("none": no built-in rules).
    urgent_builtin: str = "medical"

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)


class Status(str, enum.Enum):
    """What kind of reply the bot gave."""

    ANSWERED = "answered"
    NO_MATCH = "no_match"
    URGENT = "urgent"

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
    best candidates, offered as suggestions). ``message`` is the fallback or
    the urgent notice. ``uncertain`` flags an answer whose runner-up was close.
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
        }
