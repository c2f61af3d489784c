"""The urgent-symptom screen: runs before matching, on the raw message.

A rule fires when one of its ``any`` phrases occurs in the message, or when
each of its ``all`` groups has a phrase in it. Phrases match word by word on
Snowball stems, and a word of five letters or more may be one edit off (two
from nine letters), so "bladdder" or "sucidal" still count. The built-in
rules below always apply; a FAQ's ``urgent.rules`` add to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .model import UrgentRule
from .text import STOPWORDS, stem, words

URGENT_NOTICE = (
    "This may need urgent medical attention. If it is happening now, contact your "
    "surgeon or call your local emergency number straight away; do not wait for an "
    "answer from this bot. If you are having thoughts of suicide or of harming "
    "yourself, call a crisis line or your local emergency number now."
)

_CANT = ("cant", "cannot", "can not", "unable to", "couldnt", "could not", "not able to")
_LOST = ("lost", "loss", "losing", "lose", "no", "no longer")
_LEGS = ("leg", "legs", "foot", "feet", "knee", "knees")
_WOUND = ("wound", "incision", "scar", "stitches", "staples")

BUILTIN_RULES: tuple[UrgentRule, ...] = (
    UrgentRule(
        "bladder-bowel-control",
        "loss of bladder or bowel control",
        any=("incontinence", "incontinent", "wet myself", "wetting myself", "soiled myself", "pooed myself"),
        all=(
            (
                "bladder",
                "bowel",
                "bowels",
                "pee",
                "peeing",
                "urine",
                "urinate",
                "urinating",
                "wee",
                "poo",
                "stool",
                "toilet",
            ),
            (
                *_CANT,
                *_LOST,
                "control",
                "leak",
                "leaking",
                "accident",
                "accidents",
                "without noticing",
                "didnt notice",
                "dont notice",
                "not notice",
            ),
        ),
    ),
    UrgentRule(
        "saddle-numbness",
        "numbness in the groin or saddle area",
        all=(
            (
                "numb",
                "numbness",
                "no feeling",
                "cant feel",
                "cannot feel",
                "tingling",
                "pins and needles",
                "dead",
                "no sensation",
                "lost feeling",
                "lost the feeling",
                "lost sensation",
            ),
            (
                "groin",
                "saddle",
                "crotch",
                "genitals",
                "genital",
                "private parts",
                "privates",
                "between my legs",
                "inner thigh",
                "inner thighs",
                "buttocks",
                "bottom",
                "backside",
                "back passage",
                "bum",
                "anus",
                "perineum",
                "vagina",
                "penis",
            ),
        ),
    ),
    UrgentRule(
        "leg-weakness",
        "new or worsening leg weakness, or legs that cannot move or feel",
        any=("paralysed", "paralyzed", "paralysis", "foot drop"),
        all=(
            _LEGS,
            (
                "weak",
                "weaker",
                "weakness",
                "give way",
                "gives way",
                "giving way",
                "gave way",
                "buckle",
                "buckling",
                "collapse",
                "collapsed",
                "cant move",
                "cannot move",
                "unable to move",
                "cant feel",
                "cannot feel",
                "no feeling",
                "cant lift",
                "cannot lift",
                "cant stand",
                "cannot stand",
                "cant walk",
                "cannot walk",
                "gone dead",
                "numb",
                "lost feeling",
                "lost the feeling",
                "lost sensation",
                "no sensation",
            ),
        ),
    ),
    UrgentRule(
        "fever-wound",
        "fever with a wound",
        all=(("fever", "feverish", "temperature", "chills", "shivering"), _WOUND),
    ),
    UrgentRule(
        "open-wound",
        "an oozing or opening wound",
        all=(
            (
                "pus",
                "oozing",
                "ooze",
                "leaking",
                "discharge",
                "opening",
                "opened",
                "open",
                "split",
                "gaping",
                "burst",
                "coming apart",
            ),
            _WOUND,
        ),
    ),
    UrgentRule(
        "heavy-bleeding",
        "heavy bleeding",
        any=(
            "bleeding heavily",
            "bleeding a lot",
            "bleeding alot",
            "losing a lot of blood",
            "lots of blood",
            "pouring blood",
            "soaked in blood",
            "wont stop bleeding",
            "bleeding wont stop",
            "bleeding will not stop",
        ),
        all=(
            (
                "heavy",
                "heavily",
                "lot",
                "lots",
                "alot",
                "wont stop",
                "not stopping",
                "soaking",
                "soaked",
                "pouring",
                "gushing",
                "spurting",
            ),
            ("bleed", "bleeding", "blood", "haemorrhage", "hemorrhage"),
        ),
    ),
    UrgentRule(
        "chest-breathing",
        "chest pain or trouble breathing",
        any=(
            "chest pain",
            "chest pains",
            "heart attack",
            "short of breath",
            "shortness of breath",
            "breathless",
            "cant breathe",
            "cannot breathe",
            "cant breath",
            "can not breathe",
            "could not breathe",
            "couldnt breathe",
            "not able to breathe",
            "unable to breathe",
            "struggling to breathe",
            "choking",
        ),
        # "My chest is fine but my back hurts" is not chest pain.
        within=4,
        all=(
            ("chest",),
            (
                "pain",
                "pains",
                "hurt",
                "hurts",
                "hurting",
                "tight",
                "tightness",
                "pressure",
                "crushing",
                "ache",
            ),
        ),
    ),
    UrgentRule(
        "breathing",
        "trouble breathing",
        all=(
            ("breathe", "breathing", "breath"),
            (
                "trouble",
                "difficult",
                "difficulty",
                "hard",
                "struggle",
                "struggling",
                "short",
                "cant",
                "cannot",
                "stopped",
                "gasping",
            ),
        ),
    ),
    UrgentRule(
        "suicide-self-harm",
        "thoughts of suicide or self-harm",
        any=(
            "suicide",
            "suicidal",
            "kill myself",
            "killing myself",
            "end my life",
            "ending my life",
            "take my own life",
            "taking my own life",
            "end it all",
            "hurt myself",
            "hurting myself",
            "harm myself",
            "harming myself",
            "self harm",
            "selfharm",
            "cut myself",
            "cutting myself",
            "want to die",
            "wanna die",
            "better off dead",
            "dont want to live",
            "do not want to live",
            "dont want to be alive",
            "not want to be alive",
            "no reason to live",
            "overdose",
            "no point living",
            "no point in living",
            "better off without me",
            "dont want to be here anymore",
            "not want to be here anymore",
            "never want to wake up",
            "not wake up",
            "never wake up",
            "end my pain for good",
        ),
    ),
)


def _typo_of(rule_word: str, word: str) -> bool:
    """Whether ``word`` is a typo of ``rule_word``: one edit from five letters
    (two from nine), or two swapped letters in a four-letter word ("pian").
    The first letter must agree: people rarely mistype it, and other words
    one edit away mostly differ there ("never" and "fever", "ladder" and
    "bladder", "found" and "wound")."""
    size = len(rule_word)
    if size < 4 or abs(size - len(word)) > 2 or rule_word[0] != word[0]:
        return False
    if size == 4:
        return sorted(rule_word) == sorted(word) and OSA.distance(rule_word, word) == 1
    limit = 2 if size >= 9 else 1
    return OSA.distance(rule_word, word, score_cutoff=limit) <= limit


class _CompiledRule(NamedTuple):
    rule: UrgentRule
    any: tuple[tuple[int, ...], ...]
    all: tuple[tuple[tuple[int, ...], ...], ...]


_WORD_CACHE_SIZE = 50_000

# Everyday words one edit from a rule word with the same first letter: they
# mean themselves, not a mistyped symptom.
_REAL_WORDS = frozenset(
    "stood stoop stole store storm stoll bleep bloom brood broad chess cheat cheap groan grown "
    "fewer bowls bowler crouch weary".split()
)

# "my self" is how many people type "myself".
_SPLIT_REFLEXIVES = {("my", "self"): "myself", ("your", "self"): "yourself"}


class UrgentScreen:
    """Screens messages for emergencies; the built-in rules plus ``extra``."""

    def __init__(self, extra: Iterable[UrgentRule] = ()) -> None:
        self.rules = (*BUILTIN_RULES, *extra)
        # Rule words are numbered once; a message word is then resolved once to
        # the rule words it matches, and phrases are checked with set lookups.
        self._ids: dict[str, int] = {}
        self._compiled = tuple(
            _CompiledRule(
                rule,
                tuple(p for p in map(self._phrase, rule.any) if p),
                tuple(tuple(p for p in map(self._phrase, group) if p) for group in rule.all),
            )
            for rule in self.rules
        )
        # Each phrase under its first rule word: a message only checks the
        # phrases whose first word it contains.
        self._by_first: dict[int, set[tuple[int, ...]]] = {}
        for compiled in self._compiled:
            for phrase in (*compiled.any, *(p for group in compiled.all for p in group)):
                self._by_first.setdefault(phrase[0], set()).add(phrase)
        self._by_stem: dict[str, set[int]] = {}
        for word, i in self._ids.items():
            self._by_stem.setdefault(stem(word), set()).add(i)
        self._typo_targets = [w for w in self._ids if len(w) >= 4]
        self._word_cache: dict[str, frozenset[int]] = {}

    def _phrase(self, text: str) -> tuple[int, ...]:
        return tuple(self._ids.setdefault(w, len(self._ids)) for w in words(text))

    def _matches(self, word: str) -> frozenset[int]:
        # Words recur from message to message; the typo scan is the costly part.
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        if len(self._word_cache) >= _WORD_CACHE_SIZE:
            self._word_cache.clear()
        found = set(self._by_stem.get(stem(word), ()))
        if word in self._ids:
            found.add(self._ids[word])
        # A common word ("would", "stood") is never read as a typo of a rule
        # word ("wound", "stool").
        if word not in STOPWORDS and word not in _REAL_WORDS:
            close = process.extract(word, self._typo_targets, scorer=OSA.distance, score_cutoff=2, limit=None)
            found.update(self._ids[c] for c, _, _ in close if _typo_of(c, word))
        self._word_cache[word] = result = frozenset(found)
        return result

    def check(self, message: str) -> UrgentRule | None:
        """The first rule ``message`` sets off, or None."""
        message_words = _join_reflexives(words(message))
        if not message_words:
            return None
        resolved = {w: self._matches(w) for w in set(message_words)}
        text = _Message(
            [resolved[w] for w in message_words],
            [bool(i) and message_words[i - 1] in _NEGATIONS for i in range(len(message_words))],
        )
        found: dict[tuple[int, ...], list[int]] = {}
        for first in text.starts:
            for phrase in self._by_first.get(first, ()):
                places = text.positions(phrase)
                if places:
                    found[phrase] = places
        if not found:
            return None
        for compiled in self._compiled:
            if any(p in found for p in compiled.any):
                return compiled.rule
            if compiled.all and _has_all(found, compiled.all, compiled.rule.within):
                return compiled.rule
        return None


def _join_reflexives(ws: list[str]) -> list[str]:
    out: list[str] = []
    for word in ws:
        joined = _SPLIT_REFLEXIVES.get((out[-1], word)) if out else None
        if joined:
            out[-1] = joined
        else:
            out.append(word)
    return out


# "I'm not suicidal", "no chest pain": a phrase right after one of these is
# denied, not described. Phrases that start with a negation ("no feeling")
# are unaffected, since the check looks at the word before the phrase.
_NEGATIONS = frozenset({"not", "no", "never", "without", "isnt", "arent", "wasnt"})


class _Message:
    """Per word of a message: the rule words it matches, and whether it is denied."""

    __slots__ = ("denied", "matches", "starts")

    def __init__(self, matches: list[frozenset[int]], denied: list[bool]) -> None:
        self.matches = matches
        self.denied = denied
        # Where each rule word occurs, so a phrase is looked up, not searched for.
        self.starts: dict[int, list[int]] = {}
        for i, found in enumerate(matches):
            for rule_word in found:
                self.starts.setdefault(rule_word, []).append(i)

    def positions(self, phrase: tuple[int, ...]) -> list[int]:
        """Where ``phrase`` starts, leaving out denied mentions."""
        size = len(self.matches)
        return [
            i
            for i in self.starts.get(phrase[0], ())
            if not self.denied[i]
            and i + len(phrase) <= size
            and all(p in self.matches[i + k] for k, p in enumerate(phrase[1:], 1))
        ]


def _has_all(
    found: dict[tuple[int, ...], list[int]],
    groups: tuple[tuple[tuple[int, ...], ...], ...],
    within: int | None,
) -> bool:
    """Every group has a phrase in ``found``; with ``within``, one phrase of
    each group starts no more than that many words from the first group's."""
    places = [sorted(i for p in group for i in found.get(p, ())) for group in groups]
    if not all(places):
        return False
    if within is None:
        return True
    return any(all(any(abs(j - i) <= within for j in rest) for rest in places[1:]) for i in places[0])
