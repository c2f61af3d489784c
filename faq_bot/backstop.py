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

from .text import STOPWORDS, stem_words
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


def features(message: str) -> list[str]:
    """The message's features, sorted: "bias"; each stem, "~"-marked inside a
    negation's scope; each pair of stems that follow each other in a clause
    ("leg_give"); "neg" for a negation; "first_person", "other_person";
    "question_opener" and "question_mark"."""
    return sorted(read(message)[0])


def read(message: str) -> tuple[set[str], set[str]]:
    """The message's features (:func:`features`), and those of them that
    rest on a content word: a stem, or a pair of stems, not all of function
    words (text.STOPWORDS), so no cue, negation or bias."""
    out = {"bias"}
    content: set[str] = set()
    tokens = _TOKENS.findall(message.lower().translate(_APOSTROPHES))
    said = [t for t in tokens if t not in _ENDS]
    if said and said[0] in QUESTION_OPENERS:
        out.add("question_opener")
    if "?" in message:
        out.add("question_mark")
    stems = iter(stem_words(said))
    negated, previous, function = False, "", True
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
        plain = w not in STOPWORDS
        out.add(mark + s)
        if plain:
            content.add(mark + s)
        if previous:
            pair = f"{mark}{previous}_{s}"
            out.add(pair)
            if plain or not function:
                content.add(pair)
        previous, function = s, not plain
        if w in FIRST_PERSON:
            out.add("first_person")
        elif w in OTHERS:
            out.add("other_person")
    return out, content


class Backstop:
    """Weights (feature -> weight) and the log-odds a message must reach:
    ``threshold`` in all, and ``content`` from its content words alone (the
    guard: an alarm must rest on what is described, not only on how a
    message is put, "I can't see all the answers, is there a way?")."""

    def __init__(self, weights: dict[str, float], threshold: float, content: float) -> None:
        self.weights = weights
        self.threshold = threshold
        self.content = content
        self._known = frozenset(weights)

    def scores(self, message: str) -> tuple[float, float]:
        """The log-odds that ``message`` describes an emergency, and the part
        of it its content words give (fsum: the same whatever the order)."""
        weights, known = self.weights, self._known
        out, content = read(message)
        return (
            math.fsum([weights[f] for f in known.intersection(out)]),
            math.fsum([weights[f] for f in known.intersection(content)]),
        )

    def alarms(self, message: str) -> bool:
        """Whether ``message`` reaches both thresholds."""
        total, content = self.scores(message)
        return total >= self.threshold and content >= self.content


def parse(data: bytes) -> Backstop:
    """A :class:`Backstop` from the weights file's bytes (JSON: ``threshold``
    and ``content``, log-odds, and ``weights``, feature -> weight). Raises
    ValueError (or TypeError) when the file is not that."""
    loaded = json.loads(data)
    threshold, content, weights = loaded["threshold"], loaded["content"], loaded["weights"]
    if type(threshold) is not float or type(content) is not float or type(weights) is not dict:
        raise TypeError("expected two thresholds and a mapping of weights")
    if not all(type(k) is str and type(v) is float for k, v in weights.items()):
        raise TypeError("expected a number for each feature")
    return Backstop(weights, threshold, content)


_LOADED: list[Backstop] = []
_LOCK = threading.Lock()


def backstop() -> Backstop:
    """The shipped backstop, read once."""
    if not _LOADED:
        with _LOCK:
            if not _LOADED:
                _LOADED.append(parse(data_file(WEIGHTS_FILE)))
    return _LOADED[0]
