"""What a question asks for (its expected answer type), and what an entry can supply.

"How much does a spinal cord stimulator cost?" asks for money, "how long is
recovery from a laminectomy?" for a duration, "how many people get it?" for a
number: every word of such a question may be one the FAQ knows, so no gate on
unknown words fires, yet an entry whose answer names no price, time or figure
cannot answer it. The vocabulary (the words that ask for each type, and the
words that supply it) is data, in ``data/answer-types.txt``; the shapes of
text that supply a type (a digit, a currency sign, a clock time) are general
patterns. A question that asks for no type ("how can I ...", "what is ...")
is never judged, and one that asks for several is answered by an entry that
supplies any of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from .text import answer_sentences, question_span, said_words, words
from .wordstats import data_file

#: "*" in a phrase stands for at most this many words ("how is * done").
GAP_WORDS = 3
#: Words a gap holds besides its :data:`GAP_WORDS`: an article says no more of
#: what it stands for ("how is a spinal cord stimulator implanted").
_GAP_FREE = frozenset({"a", "an", "the"})

_CLOCK = re.compile(r"\b\d{1,2}(?::\d\d)?\s?(?:am|pm)\b|\b\d{1,2}:\d\d\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
# What a line of the data may start with.
_KINDS = frozenset({"type", "steer", "skip", "open", "ask", "says", "shape"})


# The functional form of NamedTuple: the class form compiles each field's
# annotation at import, which a command line's start-up pays for (matcher.Scored).
AnswerType = NamedTuple(  # noqa: UP014 - see above
    "AnswerType",
    [
        ("name", str),
        ("what", str),
        ("opening", tuple[tuple[str, ...], ...]),
        ("asking", tuple[tuple[str, ...], ...]),
        ("saying", tuple[tuple[str, ...], ...]),
        ("shapes", frozenset[str]),
        ("steers", bool),
    ],
)
AnswerType.__doc__ = """One expected answer type: its ``name``, what a decline says the FAQ
    does not say (``what``), the phrases that ask for it when they open a
    question (``opening``) or anywhere in it (``asking``), the phrases that
    supply it (``saying``) and the shapes of text that do (``shapes``); a type
    that ``steers`` only chooses among entries and is never a reason to decline."""

Lexicon = NamedTuple(  # noqa: UP014 - see above
    "Lexicon",
    [
        ("types", tuple[AnswerType, ...]),
        ("skip", frozenset[str]),
        ("asks", dict[str, tuple[tuple[str, tuple[str, ...], bool], ...]]),
    ],
)
Lexicon.__doc__ = """The answer types, the words that may come before an opening phrase, and
    the phrases that ask for a type by their first word (``(type, phrase,
    opening only)``), so that a question is read in one pass."""


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The answer types of ``data/answer-types.txt``, read once, on the first
    question that may ask for one (most starts never need them)."""
    return parse(_data())


@lru_cache(maxsize=1)
def _data() -> str:
    return data_file("answer-types.txt").decode("utf-8")


def _may_ask(span: Sequence[str]) -> bool:
    """Whether a phrase that asks for a type may start in ``span``: looked for
    in the data's text, up to its third word or a gap, so that a command
    line's single question need not parse the data (a test holds every phrase
    to the one-space form this needs)."""
    data = _data()
    for i, word in enumerate(span):
        for kind in ("\nask ", "\nopen "):
            line = kind + word
            if line not in data:
                continue
            # The phrase ends here, or goes on with a gap, or past a third word.
            for following in span[i + 1 : i + 3]:
                if line + "\n" in data or line + " *" in data:
                    return True
                line = f"{line} {following}"
            if line + "\n" in data or line + " *" in data or line + " " in data:
                return True
    return False


def parse(text: str) -> Lexicon:
    """The lexicon that ``text``, in the format of ``data/answer-types.txt``, holds."""
    types: list[AnswerType] = []
    skip: set[str] = set()
    parts: dict[str, list[tuple[str, ...]]] = {}
    name = what = ""
    shapes: set[str] = set()
    steers = False

    def close() -> None:
        if name:
            types.append(
                AnswerType(
                    name,
                    what,
                    tuple(parts.get("open", ())),
                    tuple(parts.get("ask", ())),
                    tuple(parts.get("says", ())),
                    frozenset(shapes),
                    steers,
                )
            )

    for number, line in enumerate(text.splitlines(), 1):
        kind, _, rest = line.strip().partition(" ")
        if not kind or kind.startswith("#"):
            continue
        phrase = tuple(rest.split())
        if kind not in _KINDS or not phrase or phrase[0] == "*":
            raise ValueError(f"answer types, line {number}: cannot read {line!r}")
        if kind in ("type", "steer"):
            close()
            name, _, what = rest.partition(" ")
            parts, shapes, steers = {}, set(), kind == "steer"
        elif kind == "skip":
            skip.add(rest)
        elif kind == "shape":
            shapes.add(rest)
        else:
            parts.setdefault(kind, []).append(phrase)
    close()
    asks: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {}
    for each in types:
        for phrases, opening in ((each.opening, True), (each.asking, False)):
            for phrase in phrases:
                asks.setdefault(phrase[0], []).append((each.name, phrase, opening))
    return Lexicon(tuple(types), frozenset(skip), {word: tuple(found) for word, found in asks.items()})


@lru_cache(maxsize=256)
def asked(text: str) -> tuple[str, ...]:
    """The names of the answer types that the question of ``text`` asks for
    (:func:`~faq_bot.text.question_span`), in the data's order; empty when it
    asks for none that can be judged. Kept for the latest questions: the bot
    asks it twice of each (the steering types, then the declining ones)."""
    return _asked(text)


def _asked(text: str) -> tuple[str, ...]:
    said = said_words(text)
    start, end = question_span(text)
    span = said[start:end]
    # Until the data is parsed (a process's first questions), a look in its
    # text; then the parsed phrases, far quicker for a stream of questions.
    if not lexicon.cache_info().currsize and not _may_ask(span):
        return ()
    found = lexicon()
    opening = 0
    while opening < len(span) and span[opening] in found.skip:
        opening += 1
    # A phrase is looked for word by word only when the span holds all its
    # words: most phrases that start at a word of a question go no further.
    present = frozenset(span)
    kinds = {
        name
        for i, word in enumerate(span)
        for name, phrase, at_opening in found.asks.get(word, ())
        if (i == opening or not at_opening) and _words_of(phrase) <= present and _at(span, i, phrase)
    }
    return tuple(kind.name for kind in found.types if kind.name in kinds)


@lru_cache(maxsize=256)
def asked_of(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What the question of ``text`` asks each answer type of, where a phrase
    with a gap says it: the words the gap stands for, by type name ("which
    hospital is best for ..." asks a ranking of "hospital"), as (type, words)
    pairs. A type asked for only by phrases without a gap is not in it."""
    if not asked(text):
        return ()
    said = said_words(text)
    start, end = question_span(text)
    span = said[start:end]
    found = lexicon()
    opening = 0
    while opening < len(span) and span[opening] in found.skip:
        opening += 1
    subjects: dict[str, tuple[str, ...]] = {}
    for i, word in enumerate(span):
        for name, phrase, at_opening in found.asks.get(word, ()):
            if "*" in phrase and name not in subjects and (i == opening or not at_opening):
                gap = _gap(span, i, phrase)
                if gap is not None:
                    subjects[name] = gap
    return tuple(subjects.items())


def supplying(name: str, answer: str, phrasings: Iterable[str] = ()) -> tuple[str, ...]:
    """The texts of an entry that supply the answer type ``name``: those of
    its ``phrasings`` that ask for it, and the sentences of its ``answer``
    that say it; what :func:`asked_of` names must be in one of them."""
    asking = [text for text in phrasings if name in _asked(text)]
    return (*asking, *(part for part in answer_sentences(answer) if name in supplied(part)))


def _gap(ws: Sequence[str], i: int, phrase: tuple[str, ...]) -> tuple[str, ...] | None:
    """The words the first "*" of ``phrase`` stands for where it matches at
    ``ws[i]`` (the fewest that let the rest match); None where it does not."""
    cut = phrase.index("*")
    if not _at(ws, i, phrase[:cut]):
        return None
    begin = i + cut
    rest = phrase[cut + 1 :]
    for gap in _gaps(ws, begin):
        if _at(ws, begin + gap, rest) if rest else begin + gap == len(ws):
            return tuple(ws[begin : begin + gap])
    return None


def _gaps(ws: Sequence[str], i: int) -> Iterable[int]:
    """How many words a gap starting at ``ws[i]`` may stand for, fewest first:
    one to :data:`GAP_WORDS`, articles not counted."""
    counted = 0
    for end in range(i, len(ws)):
        counted += ws[end] not in _GAP_FREE
        if counted > GAP_WORDS:
            return
        yield end + 1 - i


def _words_of(phrase: tuple[str, ...]) -> frozenset[str]:
    """The words ``phrase`` needs (its "*" stands for any): kept, as the data's phrases are few."""
    found = _PHRASE_WORDS.get(phrase)
    if found is None:
        found = _PHRASE_WORDS[phrase] = frozenset(phrase).difference(("*",))
    return found


_PHRASE_WORDS: dict[tuple[str, ...], frozenset[str]] = {}


def supplied(answer: str, phrasings: Iterable[str] = ()) -> frozenset[str]:
    """The names of the answer types that an entry can supply: by a word or
    shape of the type's in its ``answer``, or by one of its ``phrasings``
    (question and alternates) asking for the type, since the FAQ's author
    says the entry answers that. A phrasing's own words supply nothing: "is
    it normal to hurt weeks after my op?" names weeks, and its answer need not."""
    found = lexicon()
    numbers = {phrase for kind in found.types if kind.name == "number" for phrase in kind.saying}
    said = words(answer)
    # As in _asked: a phrase is looked for only in an answer holding all its words.
    present = frozenset(said)
    shapes = {
        "digit": bool(_DIGIT.search(answer)),
        "number": bool(_DIGIT.search(answer))
        or any(_words_of(phrase) <= present and _find(said, phrase) for phrase in numbers),
        "currency": any(unicodedata.category(ch) == "Sc" for ch in answer),
        "percent": "%" in answer,
        "clock": bool(_CLOCK.search(answer)),
        "sentence": bool(answer.strip()),
    }
    kinds = {
        kind.name
        for kind in found.types
        if any(shapes.get(shape, False) for shape in kind.shapes)
        or any(_words_of(phrase) <= present and _find(said, phrase) for phrase in kind.saying)
    }
    # Each phrasing once, so not kept as the questions are.
    return frozenset(kinds.union(*(_asked(text) for text in phrasings)))


def steering(name: str) -> bool:
    """Whether the answer type ``name`` only chooses among entries (a
    ``steer`` line of the data), never declining a question for itself."""
    return next(kind.steers for kind in lexicon().types if kind.name == name)


def what(name: str) -> str:
    """What a decline says the FAQ does not say, for the answer type ``name``."""
    return next(kind.what for kind in lexicon().types if kind.name == name)


def _find(ws: Sequence[str], phrase: tuple[str, ...]) -> bool:
    return any(_at(ws, i, phrase) for i in range(len(ws)))


def _at(ws: Sequence[str], i: int, phrase: tuple[str, ...]) -> bool:
    """Whether ``phrase`` ("*" standing for one to :data:`GAP_WORDS` words) starts at ``ws[i]``."""
    if not phrase:
        return True
    head, rest = phrase[0], phrase[1:]
    if head == "*":
        # A gap that ends the phrase stands for the rest of the question: "what is *".
        return any(_at(ws, i + gap, rest) if rest else i + gap == len(ws) for gap in _gaps(ws, i))
    return i < len(ws) and ws[i] == head and _at(ws, i + 1, rest)
