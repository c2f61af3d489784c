"""The FAQ and the bot's replies, as frozen records (see :mod:`faq_bot.records`).

A :class:`Faq` checks itself when it is made, whether the loader or your own
code builds it, and raises :class:`~faq_bot.errors.FaqInvalid` listing every
problem: the bot can rely on what it holds.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from typing import Any

from .errors import FaqInvalid, FaqValidationError
from .records import field, record
from .text import normalize

#: What the bot says when it has no good answer and the FAQ gives no
#: ``fallback`` of its own; ``{about}`` names the FAQ's topic, if it has one.
DEFAULT_FALLBACK = "Sorry, I don't have a good answer to that.{about} Try asking in other words."


@record
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


@record
class Section:
    """A section of the source article; every entry names the one it comes from."""

    id: str
    title: str


@record
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


class _OnFirstUse:
    """A field of :class:`Entry` that an entry read from the index cache
    fills in on first use. Such an entry holds its id and section, and in
    ``_rest`` what gives its other fields from its id (see cache._Entries):
    a reply needs a few entries' texts out of thousands. An entry made
    otherwise holds every field, which Python finds before this."""

    def __init__(self, name: str, default: Any) -> None:
        self.name, self.default = name, default

    def __get__(self, entry: Entry | None, owner: type) -> Any:
        if entry is None:  # on the class: the default, as a dataclass has it
            if self.default is _NO_DEFAULT:
                raise AttributeError(f"type object {owner.__name__!r} has no attribute {self.name!r}")
            return self.default
        held = entry.__dict__
        rest = held.get("_rest")
        if rest is None:
            raise AttributeError(f"{owner.__name__!r} object has no attribute {self.name!r}")
        # Filled in before ``_rest`` goes, so that a thread reading alongside finds one or the other.
        held.update(rest(held["id"]))
        held.pop("_rest", None)
        return held[self.name]


_NO_DEFAULT: Any = object()
for _name in ("question", "answer", "alternates", "keywords", "followups", "path", "line"):
    setattr(Entry, _name, _OnFirstUse(_name, vars(Entry).get(_name, _NO_DEFAULT)))


@record
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
    #: A red flag that has lasted ("for years", "all my life") still counts:
    #: for thoughts of suicide or self-harm, unlike a symptom, having had them
    #: long is no sign they are over (NICE NG225).
    lasting: bool = False
    #: An emergency that can happen at any age (choking, poisoning, a seizure):
    #: a small child's counts too. Other rules are about the patient's own
    #: surgery, and a small child is never that patient.
    any_age: bool = False
    #: Messages the rule must fire on, and messages no rule may fire on.
    examples: tuple[str, ...] = field(default=(), compare=False)
    safe: tuple[str, ...] = field(default=(), compare=False)


@record
class Intent:
    """A kind of small talk ("hi", "thanks", "bye"): a message made of its
    ``examples`` (and words that carry no topic) gets ``reply``. ``action``
    says what else it does: ``end`` the chat, offer ``related`` entries ("tell
    me more"), or ``explain`` the last answer ("why?")."""

    id: str
    examples: tuple[str, ...]
    reply: str
    action: str | None = None


@record(kw_only=True)
class Faq:
    """A validated FAQ, possibly merged from several files (``paths``).

    ``topic`` is a short phrase naming what the FAQ is about ("billing for
    Acme Cloud"); the bot's own wording uses it. ``source`` is the article the
    answers are written from, if there is one. ``reminder`` goes with every
    reply. ``fallback`` is said when the bot has no good answer; left empty,
    it is :data:`DEFAULT_FALLBACK`, naming the topic.

    Making one checks what the bot relies on (texts not empty, ids unique,
    every entry in a declared section, at least one entry) and raises
    :class:`FaqInvalid` listing every problem. FAQ files must also meet
    rules of their own format, which the loader checks: ids are lowercase
    slugs, and no two entries ask the same question.
    """

    sections: tuple[Section, ...]
    reminder: str
    entries: tuple[Entry, ...]
    topic: str | None = None
    source: Source | None = None
    fallback: str = ""
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    urgent_rules: tuple[UrgentRule, ...] = ()
    #: The FAQ's own small talk: replaces the built-in intent of the same id, or adds one.
    smalltalk: tuple[Intent, ...] = ()
    paths: tuple[str, ...] = ()
    #: The built-in urgent rule set the FAQ's own rules add to ("none": no built-in rules).
    urgent_builtin: str = "medical"

    def __post_init__(self) -> None:
        problems = [
            *_text_problems(self),
            *(
                FaqValidationError(
                    message, path=entry.path if entry else None, line=entry.line if entry else None
                )
                for message, entry in faq_problems(
                    sections=self.sections,
                    entries=self.entries,
                    synonyms=self.synonyms,
                    urgent_rules=self.urgent_rules,
                )
            ),
        ]
        if problems:
            raise FaqInvalid(problems)
        if not self.fallback.strip():
            about = f" I can only answer questions about {self.topic}." if self.topic else ""
            object.__setattr__(self, "fallback", DEFAULT_FALLBACK.format(about=about))

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)


def _is_text(value: object) -> bool:
    # isspace, not strip: no copy of every answer of a 50,000-entry FAQ.
    return isinstance(value, str) and bool(value) and not value.isspace()


def _text_problems(faq: Faq) -> Iterator[FaqValidationError]:
    paths = tuple(faq.paths)
    where = paths[0] if len(paths) == 1 else None
    texts = [("the reminder", faq.reminder)]
    texts += [("the topic", faq.topic)] if faq.topic is not None else []
    texts += [("the source's title", faq.source.title)] if faq.source is not None else []
    for what, value in texts:
        if not _is_text(value):
            yield FaqValidationError(f"{what} must be text that is not empty, not {value!r}", path=where)
    if not isinstance(faq.fallback, str):
        yield FaqValidationError(f"the fallback must be text, not {faq.fallback!r}", path=where)


def faq_problems(
    *,
    sections: Sequence[Section],
    entries: Sequence[Entry],
    synonyms: Sequence[tuple[str, Sequence[str]]] = (),
    urgent_rules: Sequence[UrgentRule] = (),
    require_entries: bool = True,
) -> list[tuple[str, Entry | None]]:
    """What is wrong with these parts of a FAQ, for :class:`Faq` and the loader
    alike: empty texts, repeated ids, entries in undeclared sections, no
    entries (unless ``require_entries`` is false). Each problem is a message
    and the entry it is about, if any."""
    problems: list[tuple[str, Entry | None]] = []

    def problem(message: str, entry: Entry | None = None) -> None:
        problems.append((message, entry))

    section_ids: list[str] = []
    for section in sections:
        if not _is_text(section.id) or not _is_text(section.title):
            problem(f"a section needs an id and a title that are not empty: {section!r}")
        elif section.id in section_ids:
            problem(f"duplicate section id {section.id!r}")
        else:
            section_ids.append(section.id)
    declared = frozenset(section_ids)

    if require_entries and not entries:
        problem("the FAQ has no entries")
    first: dict[str, tuple[int, Entry]] = {}
    for number, entry in enumerate(entries, 1):
        eid = entry.id
        if _is_text(eid):
            if eid in first:
                where = _where(*first[eid])
                problem(f"duplicate entry id {eid!r} (first at {where})", entry)
            else:
                first[eid] = (number, entry)
        if entry.section not in declared and _is_text(entry.section):
            close = close_matches(entry.section, section_ids)
            hint = f"; did you mean {close[0]!r}?" if close else "; declare it under 'sections'"
            problem(f"entry {eid!r} names section {entry.section!r}, which is not declared{hint}", entry)
        texts = (eid, entry.section, entry.question, entry.answer, *entry.alternates, *entry.keywords)
        try:  # the common case in C loops: a 50,000-entry FAQ is checked in a blink
            blank = not all(texts) or any(map(str.isspace, texts))
        except TypeError:  # something that is not text
            blank = True
        if blank:
            empty = [f for f in ("id", "section", "question", "answer") if not _is_text(getattr(entry, f))]
            for field_name in ("alternates", "keywords"):
                empty += [
                    f"{field_name} {i}"
                    for i, t in enumerate(getattr(entry, field_name), 1)
                    if not _is_text(t)
                ]
            name = f"entry {eid!r}" if _is_text(eid) else f"entry {number}"
            problem(f"{name} has an empty or missing {', '.join(empty)}", entry)

    owner: dict[str, str] = {}
    for canonical, variants in synonyms:
        if not _is_text(canonical) or not variants or not all(_is_text(v) for v in variants):
            problem(f"synonyms need a term and at least one variant, none empty: {canonical!r}: {variants!r}")
            continue
        for variant in variants:
            key = normalize(variant)
            if owner.setdefault(key, canonical) != canonical:
                problem(f"synonym {variant!r} is given for both {owner[key]!r} and {canonical!r}")

    rule_ids: set[str] = set()
    for rule in urgent_rules:
        if not _is_text(rule.id):
            problem(f"an urgent rule needs an id that is not empty: {rule!r}")
        elif rule.id in rule_ids:
            problem(f"duplicate urgent rule id {rule.id!r}")
        elif not any(_is_text(p) for p in rule.any) and not (
            rule.all and all(any(_is_text(p) for p in group) for group in rule.all)
        ):
            problem(f"urgent rule {rule.id!r} needs phrases in 'any' or groups of phrases in 'all'")
        rule_ids.add(rule.id)
    return problems


def _where(number: int, entry: Entry) -> str:
    return f"{entry.path}:{entry.line}" if entry.path is not None else f"entry {number}"


def close_matches(word: str, choices: Sequence[str]) -> list[str]:
    """The choice closest to a mistyped ``word``, if one is close (for "did you mean")."""
    import difflib  # only when there is a mistake to hint at: start-up counts

    return difflib.get_close_matches(word, choices, n=1)


class Status(str, enum.Enum):
    """What kind of reply the bot gave."""

    ANSWERED = "answered"
    NO_MATCH = "no_match"
    URGENT = "urgent"
    SMALLTALK = "smalltalk"

    def __str__(self) -> str:
        return self.value


class Reason(str, enum.Enum):
    """Why the bot declined (``Reply.reason`` of a ``NO_MATCH`` reply)."""

    #: No word that could carry a question: empty, punctuation, "hello".
    NOTHING_ASKED = "nothing_asked"
    #: Words the FAQ never uses carry too much of the question ("massage"): see ``Reply.unknown_words``.
    UNKNOWN_WORDS = "unknown_words"
    #: The words the FAQ knows say too little in general English ("help", "date").
    TOO_VAGUE = "too_vague"
    #: The best entry explains too little of the question.
    LOW_COVERAGE = "low_coverage"
    #: The best entry scores under the cutoff.
    LOW_SCORE = "low_score"
    #: The question asks for a type of answer (a cost, a duration, a number, a
    #: group of people, steps) that the best entry cannot supply.
    UNANSWERED_ASPECT = "unanswered_aspect"
    #: No urgent rule fired, but the message describes a red flag as happening: never an
    #: ordinary answer to it.
    RED_FLAG = "red_flag"

    def __str__(self) -> str:
        return self.value


@record
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


@record
class Answered:
    """What an answered reply answered with: its entry and that entry's
    section, neither of them ``None``."""

    entry: Entry
    section: Section


@record
class Reply:
    """The bot's reply to one message.

    ``entry`` and ``section`` are set only when ``status`` is ``ANSWERED``.
    ``score`` is the best entry's score even when the bot declined.
    ``alternatives`` are the next best distinct entries (for ``NO_MATCH``, the
    best candidates, offered as suggestions). ``message`` is the fallback, the
    urgent notice or the small talk reply. ``uncertain`` flags an answer whose
    runner-up was close. ``reason`` says why the bot declined (``None`` unless ``NO_MATCH``);
    ``unknown_words`` are the question's words the FAQ never uses, most
    telling first (normalised, so safe to print).

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
    reason: Reason | None = None
    unknown_words: tuple[str, ...] = ()
    intent: str | None = None
    followups: tuple[Entry, ...] = ()
    more: tuple[Reply, ...] = ()
    note: str | None = None

    @property
    def answered(self) -> Answered | None:
        """The entry and section answered with, or ``None`` when the bot did not
        answer. Unlike ``entry`` and ``section``, whose meaning depends on
        ``status``, it tells a type checker all it needs::

            if (hit := reply.answered) is not None:
                print(hit.entry.answer, hit.section.title)
        """
        if self.status is Status.ANSWERED and self.entry is not None and self.section is not None:
            return Answered(self.entry, self.section)
        return None

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
            "reason": self.reason.value if self.reason else None,
            "unknown_words": list(self.unknown_words),
            "intent": self.intent,
            "followups": [{"id": e.id, "question": e.question} for e in self.followups],
            "more": [r.to_dict() for r in self.more],
            "note": self.note,
        }
