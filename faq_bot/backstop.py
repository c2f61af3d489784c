"""The learned backstop behind the urgent screen's rules.

Each fresh set of emergencies written by someone new found the rules at about
93% recall: a writer's own wording reaches past any list of phrases. A logistic
regression over the message's words, learned from every urgent set seen
(``scripts/make_urgent_backstop.py`` makes its weights, ``data/urgent-backstop.json``),
catches part of what the rules miss (bench/README.md). It reads words only,
never the screen's internals: stems, with a NegEx-style negation scope marked
(a trigger denies what follows it up to a clause boundary or "but"), stem
pairs within a clause, and cues of who is speaking and whether it is a
question. The bot asks it only where the rules did not fire, and only for a
rule set that declares it (``learned_backstop`` in ``rules/medical.yaml``).

Its weights are read on the first message that reaches it, pruned to the ones
that move a score (about a millisecond to read).
"""

from __future__ import annotations

import json
import math
import re
import threading

from .text import stem_words
from .wordstats import data_file

WEIGHTS_FILE = "urgent-backstop.json"

# Negation triggers and what ends their scope (NegEx: a clause boundary, a conjunction of contrast).
NEGATIONS = frozenset(
    "no not never without none nothing nor neither dont doesnt didnt havent hasnt hadnt isnt arent"
    " wasnt werent wont denies deny".split()
)
SCOPE_ENDS = frozenset("but although though however except apart".split())
FIRST_PERSON = frozenset("i im ive id my me myself mine were weve our us".split())
OTHERS = frozenset("he she his her him they their them husband wife son daughter mum dad".split())
QUESTION_OPENERS = frozenset("what when how why which who is are does do can could should will would".split())

# Words, and the marks that end a clause (a negation's scope ends there too).
_TOKENS = re.compile(r"[a-z0-9]+|[.?!;:,\n]")
_ENDS = frozenset(".?!;:,\n")
_APOSTROPHES = str.maketrans("", "", "'\u2019")


def features(message: str) -> set[str]:
    """The message's features: "bias"; each stem, "~"-marked inside a
    negation's scope; each pair of stems that follow each other in a clause
    ("leg_give"); "neg" for a negation; "first_person", "other_person";
    "question_opener" and "question_mark"."""
    out = {"bias"}
    tokens = _TOKENS.findall(message.lower().translate(_APOSTROPHES))
    said = [t for t in tokens if t not in _ENDS]
    if said and said[0] in QUESTION_OPENERS:
        out.add("question_opener")
    if "?" in message:
        out.add("question_mark")
    stems = iter(stem_words(said))
    negated, previous = False, ""
    for w in tokens:
        if w in _ENDS or w in SCOPE_ENDS:
            negated, previous = False, ""
            if w in SCOPE_ENDS:
                next(stems)
            continue
        s = next(stems)
        if w in NEGATIONS:
            negated = True
            out.add("neg")
            continue
        mark = "~" if negated else ""
        out.add(mark + s)
        if previous:
            out.add(f"{mark}{previous}_{s}")
        previous = s
        if w in FIRST_PERSON:
            out.add("first_person")
        elif w in OTHERS:
            out.add("other_person")
    return out


class Backstop:
    """Weights (feature -> weight) and the log-odds a message must reach."""

    def __init__(self, weights: dict[str, float], threshold: float) -> None:
        self.weights = weights
        self.threshold = threshold
        self._known = frozenset(weights)

    def score(self, message: str) -> float:
        """The log-odds that ``message`` describes an emergency (fsum: the
        same whatever order a set gives the features in)."""
        weights = self.weights
        return math.fsum([weights[f] for f in self._known.intersection(features(message))])

    def alarms(self, message: str) -> bool:
        """Whether ``message`` reaches the threshold."""
        return self.score(message) >= self.threshold


def parse(data: bytes) -> Backstop:
    """A :class:`Backstop` from the weights file's bytes (JSON: ``threshold``,
    log-odds, and ``weights``, feature -> weight). Raises ValueError,
    TypeError or KeyError when the file is not that."""
    loaded = json.loads(data)
    threshold, weights = loaded["threshold"], loaded["weights"]
    if type(threshold) is not float or type(weights) is not dict:
        raise TypeError("expected a threshold and a mapping of weights")
    if set(map(type, weights.values())) - {float}:
        raise TypeError("expected a number for each feature")
    return Backstop(weights, threshold)


_LOADED: list[Backstop] = []
_LOCK = threading.Lock()


def backstop() -> Backstop:
    """The shipped backstop, read once."""
    if not _LOADED:
        with _LOCK:
            if not _LOADED:
                _LOADED.append(parse(data_file(WEIGHTS_FILE)))
    return _LOADED[0]
