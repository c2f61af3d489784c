"""The urgent screen: runs before matching, on the raw message.

The rules are data: a built-in rule set (``rules/medical.yaml`` unless the FAQ
chooses another) and the FAQ's own ``urgent.rules``. A rule fires when one of
its ``any`` phrases occurs in the message, or when each of its ``all`` groups
has a phrase there. Phrases match word by word on Snowball stems; a word of
five letters or more may be one edit off (two from nine letters), a string
that is no English word one edit off any of four letters or more, a letter
typed twice is forgiven, a word spelt as it sounds ("bladda", "feva") is read
by its sound key, a past tense written with 'd ("OD'd") as the rule word, and a
few filler words ("my", "the") may stand between a phrase's words. A rare
string of three or four letters that is a rule word with a letter left out
("fot", "nmb"), two swapped or one typed as a key beside it counts only where
words typed right in its clause bear out a rule it completes. What fires only
with such a typo unborne, or only when the message is read loosely (see
UrgentScreen._loosens), is evidence in part: never an alarm, never an ordinary
answer either, but the red-flag pointer.

A red flag counts only when it is described as happening. Around each one the
screen reads its context as NegEx and ConText do (``rules/context/english.yaml``):
a pre-trigger ("no", "never had") denies what follows it up to a clause
boundary ("but", a full stop, a new subject), a post-trigger ("... is fine")
what comes before it; a resolved or long-past mention ("years ago") is not
current; a question about a red flag in general that names nobody ("what is
cauda equina syndrome?") is not a description. Some readings go by the shape
of a clause and the one beside it rather than by a fixed phrase: a symptom
dated long ago and called stable or known to a clinician, an ending whose
subject refers back ("which has since cleared"), a stranger's past story, a
reaction to something seen ("when I saw the bill"), a question that follows a
supposition. Every one of those lists can only stop a red flag from counting,
so whatever they miss ends in an alarm.
"""

from __future__ import annotations

import binascii
import collections
import itertools
import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import records
from .loader import DEFAULT_BUILTIN, LEXICON_COUNTS, Lexicon, load_lexicon, load_rule_set
from .model import Faq, UrgentRule
from .text import STOPWORDS, stem, stem_words, words
from .wordstats import G_DROPPED_MIN_LETTERS, REAL_WORD_ZIPF, shorthand, sound_key, spelled_out, zipf

if TYPE_CHECKING:

    class _ScreeningFields(NamedTuple):
        rule: UrgentRule | None
        text: str
        red_flag: bool = False

else:
    # Not typing.NamedTuple's class form: it compile()s each annotation (text,
    # as all are here), and the first compile() of a process makes all of
    # Python's AST node classes, 3.5% of a cached `faq-bot ask`.
    _ScreeningFields = collections.namedtuple("Screening", ["rule", "text", "red_flag"], defaults=[False])


class Screening(_ScreeningFields):
    """What the screen found in one message: the rule that fired (``rule``,
    ``None``: no emergency described), and the message with its denied red
    flags cut out (``text``), so that the matcher never sees them ("I have no
    numbness in my groin, what is fbs" is matched as ", what is fbs").
    ``red_flag``: no rule fired, but a red-flag word (the rule set's
    ``red_flags``) stands described as happening: the bot must not answer as
    if it were ordinary."""

    __slots__ = ()


# Words, and the punctuation that ends a clause. A number is read as its whole
# part ("38.9" as "38"): no rule needs a decimal.
_TOKEN = re.compile(
    r"(?P<number>(?P<whole>\d+)[.,]\d+\b)"
    r"|(?P<word>[^\W_]+(?:['\u2019\u02bc]+[^\W_]+)*)"
    r"|(?P<stop>[!?;:.\n\u2026]+)"
    r"|(?P<comma>,)"
)
# The same for ASCII text in one pass: stops become ".", commas ",", other
# punctuation a space, apostrophes nothing. (Text with a decimal is read the
# slow way.)
_ASCII_FOLD = str.maketrans(
    {
        **dict.fromkeys(map(ord, '"#$%&()*+-/<=>@[\\]^_`{|}~'), " "),
        **dict.fromkeys(map(ord, "!?;:.\n"), " . "),
        ord(","): " , ",
        ord("'"): None,
        **dict.fromkeys([*range(10), *range(11, 32), 127], " "),
    }
)
_DECIMAL = re.compile(r"\d[.,]\d")
# A past tense written with 'd ("OD'd"), which reads as one word once its apostrophe goes ("odd").
_PAST_D = re.compile(r"\b([^\W\d_]+)['\u2019]d\b")
# "my self" is how many people type "myself".
_SPLIT_REFLEXIVES = {
    ("my", "self"): "myself",
    ("your", "self"): "yourself",
    ("him", "self"): "himself",
    ("her", "self"): "herself",
    ("them", "selves"): "themselves",
    ("our", "selves"): "ourselves",
}
# What the second half of one can be: most words are none, and need no pair looked up.
_SELVES = frozenset(second for _, second in _SPLIT_REFLEXIVES)
# "I can neither pee nor feel my bum" says two inabilities, not a denial: read as "I can't even
# pee, can't feel my bum" (the modal's negative form; "even" is a filler).
_NEITHER_MODALS = {"can": "cant", "could": "couldnt"}
# "I can't bend my knee or lift my leg" says two inabilities: read as "... cant lift my leg".
_INABILITIES = frozenset(("cant", "cannot", "couldnt"))
# The word that goes on with a list across a clause boundary ("and a temperature").
_AND = "and"
_REPEATS = re.compile(r"(.)\1+")
# No English word has a letter three times in a row: such a run is emphasis ("sooo").
_HELD = re.compile(r"([^\W\d_])\1\1")
# How far ahead a rule word is of other words a held-down key may stand for (_unheld): enough that
# "buttt" is "butt" (Zipf 4.3) over "but" (6.6), not so much that a filler is read as a red flag.
_HELD_RULE_WORD = 3.0
# A run-together token this long may be a whole message typed without spaces
# ("chestpaincantbreathe"): cut into as many words as it holds (_cut_many).
_RUN_TOGETHER = (10, 60)
# The shortest rule word read from two tokens typed with a space inside it (_join).
_JOINED_LETTERS = 6
# The words of one letter, the first of a run-together token ("icant", "awee").
_ONE_LETTER_WORDS = ("i", "a")
# No word a run-together token is cut into is longer than this.
_LONGEST_WORD = 14
_WORD_CACHE_SIZE = 50_000
#: A word at least this common in general English (wordstats.zipf) means itself and is never read
#: as a typo of a rule word ("stood" is not "stool"): a table every FAQ shares, not a list kept per
#: rule set.
COMMON_WORD_ZIPF = 3.3
# A string that is no English word and at least this long, one slip from a rule word, means all
# the rule word means (its stem's family too): shorter strings are too often some other word.
_FULL_TYPO_LETTERS = 5
# The lengths of a string read as a short typo, where other words bear it out (see _short_typo).
_SHORT_TYPO_LETTERS = (3, 4)
# ... and the commonest word so read: a name or a foreign word ("los", "moe", "cal") may be a
# slip too, where words typed right bear it out; an everyday word ("lot", "bed", "fee") is itself.
_SHORT_TYPO_ZIPF = 5.0
# The keys beside each letter's on a QWERTY keyboard, its rows staggered: the same row's, two
# of the row above (over and to the right) and two of the row below (to the left and under).
_QWERTY = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEYS_BESIDE = {
    key: "".join(
        row[k]
        for r, cols in ((r0, (c - 1, c + 1)), (r0 - 1, (c, c + 1)), (r0 + 1, (c - 1, c)))
        if 0 <= r < len(_QWERTY)
        for row in (_QWERTY[r],)
        for k in cols
        if 0 <= k < len(row)
    )
    for r0, keys in enumerate(_QWERTY)
    for c, key in enumerate(keys)
}
_NO_MATCH: frozenset[int] = frozenset()
_UNSPLIT = ("",)  # a token not yet tried for a split (None: tried, and it is none)
_WIDE = 1 << 24  # more distinct words than any rule set has
# A phrase's place in a rule: its `unless`, its `any`, or one of its `all` groups.
_UNLESS, _ANY, _FIRST_GROUP = 0, 1, 2
_SLOTS = 1 << 16
_T = TypeVar("_T")


def _role(rule: int, slot: int) -> int:
    return rule * _SLOTS + slot


# What a trigger does, as bits: one phrase may be in several lists.
_NEG_PRE, _NEG_POST, _PSEUDO, _HIST_PRE, _HIST_POST = 1, 2, 4, 8, 16
_CURRENT, _GENERIC, _HYPOTHETICAL, _BOUNDARY = 32, 64, 128, 256
_RESOLVED, _RELAPSE, _REPORTED, _PLEA = 512, 1024, 2048, 4096
# A history trigger that says a thing has lasted ("for years"), not that it is past.
_DURATION = 8192
# A claim that a symptom is stable or known to a clinician, a span that dates one, a `current`
# word that only says it goes on, and a word that makes it new or alarming (lexicon `stability`).
_STABLE, _SPAN, _PERSIST, _ALARMING = 1 << 14, 1 << 15, 1 << 16, 1 << 17
# A fear of what may come ("I'm scared I might wet myself"): hypothetical, except for self-harm.
_FEAR = 1 << 18
# A `current` trigger that names the present moment (lexicon `present_time`): current even
# inside a supposition ("what do I do if I'm suicidal right now").
_MOMENT = 1 << 19
# A joke marker ("lol"), an idiom whose words are red flags ("blue in the face from"), and an
# overdose verb whose object decides whether it is one (lexicon `figurative`).
_JOKE, _IDIOM, _OVERDOSE_ON = 1 << 20, 1 << 21, 1 << 22
# A denial of what was just listed ("I've got none of those"): reaches back as a resolution does.
_ANAPHORIC = 1 << 23
# What one checks for ("check myself for ..."), supposed: it makes no aside of its clause.
_SEARCH = 1 << 24
# A verb that acts on its object ("helped", "stop"): a denial of it ends there, its object said
# ("physio hasn't helped my weak legs"); and one told as done for good (lexicon `resolution`).
_ACTING, _RELIEF = 1 << 25, 1 << 26
# Strength said to come back (lexicon `resolution.strengthening`): a resolution of a weakness
# only (`resolution.weakness` in the clause it ends), never of a pain or an urge.
_STRENGTH = 1 << 27
# An intent owned to after a supposition (lexicon `generic.intents`): it was the writer's.
_INTENT = 1 << 28
# Triggers that hold red-flag words by design: kept even inside a red flag's phrase.
_OWN_WORDS = _IDIOM | _OVERDOSE_ON | _INTENT
# The verbs that say what a thing is like, for a hyperbole said of it (_mark_said_of_things).
_COPULAS = frozenset(("is", "was"))
_PRE = _NEG_PRE | _HIST_PRE | _HYPOTHETICAL
# `<number>` in a trigger phrase, as words() leaves it.
_ANY_NUMBER = "number"
_POST = _NEG_POST | _HIST_POST
# What a trigger leaves on the words in its scope.
_NEGATED, _PAST, _HYPOTHETICAL_WORD, _RESOLVED_WORD, _OTHER, _REPORTED_WORD = 1, 2, 4, 8, 16, 32
# Dated by a duration: as _PAST, except for a rule marked `lasting`.
_LASTING = 64
# Said as a reaction to something seen or heard ("my knees went weak when I saw the bill"):
# not a symptom, unless the sentence says now or pleads, and never for a `lasting` rule.
_REACTION_WORD = 128
# Supposed by a fear ("I'm afraid I'll collapse"): as _HYPOTHETICAL_WORD, except for a rule marked
# `lasting`: "I'm scared I might hurt myself" is the self-harm red flag itself (NICE NG225).
_FEARED_WORD = 256
# Told of a small child: as _OTHER, except for a rule marked `any_age`.
_CHILD_WORD = 512
# Only ever ignored, never marked: a supposition whose clause speaks in the present (lexicon
# `history.present`) counts, even in a general question ("who do I call if I can't feel between
# my legs?" may describe the writer's own red flag; "if I ever lost feeling ..." does not).
_SUPPOSED_NOW = 1024
# Told of a pet: as _OTHER, but nothing makes it the writer's ("my dog collapsed just now").
_PET_WORD = 2048
# A figure of speech (an idiom, an overdose of an everyday thing): never a red flag.
_FIGURATIVE_WORD = 4096
# A hyperbole a joke marker makes a joke of: a red flag still for a self-harm rule (`lasting`),
# and in a sentence that pleads or dates it now.
_JOKE_WORD = 8192
# Denied by a bare answer ("chest pain? no"): as _NEGATED, but a self-harm rule (`lasting`) counts
# it still ("want to die? no" is no clear denial).
_ANSWERED_WORD = 16384


class _TrieBuilder:
    """A trie as it is built: flat, ``next[node * _WIDE + word]`` the child
    node and ``ends[node]`` what ends there (the places a rule phrase serves,
    see _role, or a trigger's bits). A flat dict of ints builds many times
    faster than a tree of objects; :meth:`laid_out` makes the :class:`_Trie`
    that screening walks."""

    __slots__ = ("ends", "next", "size")

    def __init__(self) -> None:
        self.next: dict[int, int] = {}
        self.ends: dict[int, list[int]] = {}
        self.size = 1

    def add(self, path: Iterable[int], value: int) -> None:
        node = 0
        for step in path:
            code = node * _WIDE + step
            child = self.next.get(code)
            if child is None:
                child = self.next[code] = self.size
                self.size += 1
            node = child
        ends = self.ends.setdefault(node, [])
        if value not in ends:
            ends.append(value)

    def minimised(self) -> _TrieBuilder:
        """The same paths and ends with equal subtrees shared: word lists
        expand into thousands of phrases with the same endings ("<cant> feel"),
        and sharing them makes the trie a tenth of the size to read."""
        children: dict[int, list[tuple[int, int]]] = {}
        for code, child in self.next.items():
            node, word = divmod(code, _WIDE)
            children.setdefault(node, []).append((word, child))
        shared = _TrieBuilder()
        numbers: dict[int, int] = {}
        by_shape: dict[tuple[tuple[int, ...], tuple[tuple[int, int], ...]], int] = {}

        def number(node: int) -> int:
            found = numbers.get(node)
            if found is None:
                edges = tuple(sorted((w, number(c)) for w, c in children.get(node, ())))
                shape = (tuple(sorted(self.ends.get(node, ()))), edges)
                # The root keeps number 0, where walks start, and shares with no one.
                found = by_shape.get(shape) if node else None
                if found is None:
                    found = 0 if node == 0 else shared.size
                    if node:
                        by_shape[shape] = found
                        shared.size += 1
                    for w, c in edges:
                        shared.next[found * _WIDE + w] = c
                    if shape[0]:
                        shared.ends[found] = list(shape[0])
                numbers[node] = found
            return found

        number(0)
        return shared._by_parents()

    def _by_parents(self) -> _TrieBuilder:
        """The same trie with its nodes numbered by how many edges lead to
        them, most first (the root keeps 0): Python keeps one object for each
        number up to 256, so that a node's edges, read from the cache, make
        an object for a third of their children rather than two thirds."""
        parents = collections.Counter(self.next.values())
        order = sorted(range(1, self.size), key=lambda node: (-parents[node], node))
        new = dict(zip([0, *order], range(self.size), strict=True))
        renumbered = _TrieBuilder()
        renumbered.size = self.size
        for code, child in self.next.items():
            node, word = divmod(code, _WIDE)
            renumbered.next[new[node] * _WIDE + word] = new[child]
        renumbered.ends = {new[node]: values for node, values in self.ends.items()}
        return renumbered

    def laid_out(self) -> _Trie:
        """This trie as screening reads it (see :class:`_Trie`)."""
        codes = sorted(self.next)  # by node, then by word
        counts = [0] * (self.size + 1)
        for code in codes:
            counts[code // _WIDE + 1] += 1
        ends = [0] * (self.size + 1)
        for node, values in self.ends.items():
            ends[node + 1] = len(values)
        return _Trie(
            _narrow(itertools.accumulate(counts)),
            _narrow(code % _WIDE for code in codes),
            _narrow(map(self.next.__getitem__, codes)),
            _narrow(itertools.accumulate(ends)),
            _narrow(itertools.chain.from_iterable(self.ends[node] for node in sorted(self.ends))),
        )


class _Trie:
    """Phrases as paths of word numbers, in flat arrays: node ``n``'s edges
    are the words ``words[first[n]:first[n + 1]]`` (in order) and the child
    nodes ``kids`` beside them, and what ends there (the places a rule phrase
    serves, see _role, or a trigger's bits) is ``end_values[end_first[n]:
    end_first[n + 1]]``. A walk reads a node through ``edges[n]``, a dict of
    word to child, and ``ends[n]``, made when a walk first reaches the node
    (see :meth:`node`): one question reaches a few dozen of the thousands of
    nodes, and making them all (a dict of 11,000 big numbers) cost a start
    from the cache some 400 page faults and a twentieth of its instructions.
    The arrays go to the cache as they are, packed (see _packed)."""

    __slots__ = ("edges", "end_first", "end_values", "ends", "first", "kids", "size", "words")

    def __init__(
        self,
        first: array[int],
        words: array[int],
        kids: array[int],
        end_first: array[int],
        end_values: array[int],
    ) -> None:
        self.first, self.words, self.kids = first, words, kids
        self.end_first, self.end_values = end_first, end_values
        self.size = len(first) - 1
        self.edges: list[dict[int, int] | None] = [None] * self.size
        self.ends: list[tuple[int, ...]] = [()] * self.size  # each made with its node's edges

    def node(self, number: int) -> dict[int, int]:
        """Node ``number``'s edges, word to child, with ``ends[number]`` made
        too if need be (another thread may make them as well: the same).
        ValueError for a child that is no node (see from_state)."""
        found = self.edges[number]
        if found is None:
            start, end = self.first[number], self.first[number + 1]
            kids = self.kids[start:end]
            if kids and (max(kids) >= self.size or (kids.typecode == "q" and min(kids) < 0)):
                raise ValueError(f"a trie node's child {max(kids)!r} is no node")
            self.ends[number] = tuple(self.end_values[self.end_first[number] : self.end_first[number + 1]])
            found = self.edges[number] = dict(zip(self.words[start:end], kids, strict=True))
        return found

    def check(self) -> None:
        """ValueError unless every child is a node: then :meth:`node` never raises."""
        if self.kids and not 0 <= min(self.kids) <= max(self.kids) < self.size:
            raise ValueError("a trie node's child is no node")

    def export_state(self) -> list[str]:
        return [_packed(a) for a in (self.first, self.words, self.kids, self.end_first, self.end_values)]

    @classmethod
    def from_state(cls, state: Any) -> _Trie:
        """The trie :meth:`export_state` made ``state`` of. Raises ValueError
        or TypeError for one whose nodes do not add up; a child that is no
        node is found when a walk first reaches its parent (see :meth:`node`),
        as checking them all cost a start from the cache 2% of its
        instructions. (Edges out of order make a walk miss phrases, never
        fail: the entry's checksum guards against those.)"""
        first, words, kids, end_first, end_values = map(_unpacked, _typed(state, list))
        trie = cls(first, words, kids, end_first, end_values)
        size, count = trie.size, len(words)
        if not (
            size >= 1
            and len(kids) == count
            and len(end_first) == size + 1
            and first[0] == end_first[0] == 0
            and first[size] == count
            and end_first[size] == len(end_values)
        ):
            raise ValueError("a trie whose nodes do not add up")
        return trie


# Screens built or read in this process, by what they were built from.
_BUILT: dict[tuple[str, tuple[UrgentRule, ...]], UrgentScreen] = {}
_BUILT_SIZE = 16


# The functional form, as for loader.Lexicon: the class form compiles each
# field's annotation (text here) at import, which every start pays.
_Span = NamedTuple("_Span", [("start", int), ("end", int)])  # noqa: UP014 - see above
_Trigger = NamedTuple("_Trigger", [("start", int), ("end", int), ("kinds", int)])  # noqa: UP014


# The words a run-together token stands for, or None (see UrgentScreen._split).
_Splitter = Callable[[str], "tuple[str, ...] | None"]
_Joiner = Callable[[str, str], "str | None"]


class _Message:
    """A message as word tokens: the words, which tokens a sentence-ending
    stop or a comma comes before, and (with ``places``) where each word is in
    the text. Both ways of reading give the same words."""

    __slots__ = ("commas", "ends", "readers", "starts", "stops", "words")

    def __init__(
        self, text: str, *, places: bool = False, split: _Splitter | None = None, join: _Joiner | None = None
    ) -> None:
        """``split`` gives the words a run-together token stands for ("cantpee"),
        or None: it sees tokens of four letters or more ("tobe"); ``join`` the
        word a token and the one before it stand for, typed with a space inside
        it ("fee ling"), or None."""
        self.readers = split, join
        self.words: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.stops: set[int] = set()
        self.commas: set[int] = set()
        if places or not text.isascii() or _DECIMAL.search(text):
            self._read_places(text, split, join)
            return
        # ASCII without places, the common case: folded and split in C.
        ws = self.words
        for token in text.lower().translate(_ASCII_FOLD).split():
            if token == ".":
                self.stops.add(len(ws))
            elif token == ",":
                self.commas.add(len(ws))
            else:
                joined = _SPLIT_REFLEXIVES.get((ws[-1], token)) if ws and token in _SELVES else None
                if joined is None and join is not None and ws:
                    joined = join(ws[-1], token)
                if joined and len(ws) not in self.stops and len(ws) not in self.commas:
                    ws[-1] = joined
                elif split is not None and len(token) > 3 and (parts := split(token)):
                    ws.extend(parts)
                else:
                    ws.append(token)

    def _read_places(self, text: str, split: _Splitter | None, join: _Joiner | None) -> None:
        for found in _TOKEN.finditer(text):
            kind = found.lastgroup
            if kind == "stop":
                self.stops.add(len(self.words))
            elif kind == "comma":
                self.commas.add(len(self.words))
            else:
                token = found.group("whole") or found.group()
                for word in (token.lower().replace("'", ""),) if token.isascii() else words(token):
                    joined = _SPLIT_REFLEXIVES.get((self.words[-1], word)) if self.words else None
                    if joined is None and join is not None and self.words:
                        joined = join(self.words[-1], word)
                    if joined and len(self.words) not in self.stops and len(self.words) not in self.commas:
                        self.words[-1] = joined
                        self.ends[-1] = found.end()
                        continue
                    parts = split(word) if split is not None and len(word) > 3 else None
                    # The parts of a run-together token each take its whole place.
                    for part in parts or (word,):
                        self.words.append(part)
                        self.starts.append(found.start())
                        self.ends.append(found.end())


class UrgentScreen:
    """Screens messages for emergencies: a built-in rule set (``builtin``,
    default ``medical``; ``none`` for none) followed by the ``extra`` rules.

    A rule without a notice of its own gets the built-in set's default notice.
    Safe to share between threads once built: screening changes nothing but
    a cache of words seen.
    """

    def __init__(
        self,
        extra: Iterable[UrgentRule] = (),
        *,
        builtin: str = DEFAULT_BUILTIN,
        lexicon: Lexicon | None = None,
    ) -> None:
        rule_set = load_rule_set(builtin)
        self.builtin = builtin
        self.extra = tuple(extra)
        self.red_flag_notice = rule_set.red_flag_notice
        # The learned backstop's rule (its id and notice), if the rule set has one.
        self.backstop = rule_set.backstop
        self._rules: tuple[UrgentRule, ...] | None = tuple(
            rule if rule.notice else records.replace(rule, notice=rule_set.default_notice)
            for rule in (*rule_set.rules, *self.extra)
        )
        self._rules_state: Callable[[], Any] | None = None
        self._rule_state: Callable[[int], Any] | None = None
        self._some_rules: dict[int, UrgentRule] = {}
        self.lexicon = lex = lexicon or load_lexicon()
        self._own_lexicon = lexicon is not None

        # Rule words are numbered once; a message word is resolved once to the
        # rule words it may be, and phrases are walked through a trie of those.
        # A phrase's path ends in the places it serves: a rule's `any`, one of
        # its `all` groups, or its `unless` (see _role).
        self._ids: dict[str, int] = {}
        rule_trie = _TrieBuilder()
        articles = frozenset(lex.articles) & frozenset(lex.fillers)
        for r, rule in enumerate(self.rules):
            for slot, phrases in enumerate((rule.unless, rule.any, *rule.all)):
                for phrase in phrases:
                    path = [self._ids.setdefault(w, len(self._ids)) for w in _kept(words(phrase), articles)]
                    if path:
                        rule_trie.add(path, _role(r, slot))
        # The red-flag words serve as the `any` of one more rule, after the real
        # ones, that never fires but is read in context like them.
        self._red_flag_rule = len(self.rules)
        # What screening needs of each rule: the rules themselves only when one fires.
        self._groups = tuple(len(rule.all) for rule in self.rules)
        self._within = tuple(rule.within for rule in self.rules)
        self._lasting = tuple(rule.lasting for rule in self.rules)
        self._any_age = tuple(rule.any_age for rule in self.rules)
        for phrase in rule_set.red_flags:
            path = [self._ids.setdefault(w, len(self._ids)) for w in _kept(words(phrase), articles)]
            if path:
                rule_trie.add(path, _role(self._red_flag_rule, _ANY))
        # The red-flag concepts follow it, each a rule of its own that never
        # fires either: its groups and window, by number after the red-flag words'.
        self._soft: tuple[tuple[int, int | None], ...] = tuple(
            (len(c.all), c.within) for c in rule_set.red_flag_concepts
        )
        # Their words that are no rule word are numbered apart, after the rules':
        # the rules read a message by their own words alone (a word is a typo
        # of a rule word unless it is one, the cut of "cantpee", a short slip),
        # so a concept's word ("stiched") must never change what a rule sees.
        self._concept_ids: dict[str, int] = {}
        for j, concept in enumerate(rule_set.red_flag_concepts, start=self._red_flag_rule + 1):
            for slot, phrases in enumerate((concept.unless, concept.any, *concept.all)):
                for phrase in phrases:
                    path = [self._concept_id(w) for w in _kept(words(phrase), articles)]
                    if path:
                        rule_trie.add(path, _role(j, slot))
        self._trie = rule_trie.minimised().laid_out()

        self._trigger_words: dict[str, int] = {}
        triggers = _TrieBuilder()
        kinds = (
            (lex.negation_pre, _NEG_PRE),
            (lex.negation_post, _NEG_POST),
            (lex.pseudo, _PSEUDO),
            (lex.history_pre, _HIST_PRE),
            (lex.history_post, _HIST_POST),
            (lex.lasting_pre, _HIST_PRE | _DURATION),
            (lex.lasting_post, _HIST_POST | _DURATION),
            (lex.current, _CURRENT),
            (lex.generic_anywhere, _GENERIC),
            (lex.hypothetical, _HYPOTHETICAL),
            (lex.fears, _HYPOTHETICAL | _FEAR),
            (lex.boundaries, _BOUNDARY),
            (lex.resolved, _RESOLVED),
            (lex.history_open_ended, _RESOLVED),
            (lex.relapse, _RELAPSE | _CURRENT),
            (lex.reported, _REPORTED),
            (lex.pleas, _PLEA),
            (lex.present_time, _CURRENT | _MOMENT),
            (lex.stability_claims, _STABLE),
            (lex.stability_spans, _SPAN),
            (lex.stability_persisting, _PERSIST),
            (lex.stability_alarming, _ALARMING),
            (lex.figurative_jokes, _JOKE),
            (lex.figurative_idioms, _IDIOM),
            (lex.figurative_overdoses, _OVERDOSE_ON),
            (lex.negation_anaphoric, _ANAPHORIC),
            (lex.negation_acting, _ACTING),
            (lex.resolution_reliefs, _RELIEF | _ACTING),
            (lex.resolution_strengthening, _RESOLVED | _STRENGTH),
            (lex.generic_intents, _INTENT),
        )
        bits: dict[tuple[str, ...], int] = {}
        for phrases, kind in kinds:
            for phrase in phrases:
                key = tuple(phrase.split())
                bits[key] = bits.get(key, 0) | kind
        # A claim that opens with a denial ("not spreading") denies what follows it
        # as the denial alone would ("... or getting worse").
        # So does a denial of what was listed ("not had any"), when its clause goes on
        # ("not had any numbness").
        denials = frozenset(lex.negation_pre)
        for phrase in (*lex.stability_claims, *lex.negation_anaphoric):
            if phrase.split()[0] in denials:
                bits[tuple(phrase.split())] |= _NEG_PRE
        for key, kind in bits.items():
            triggers.add(self._trigger_path(key), kind)
        starts = _TrieBuilder()
        supposing = frozenset(lex.generic_supposing)
        for phrase in dict.fromkeys((*lex.generic_starts, *supposing)):
            kind = _GENERIC | (_HYPOTHETICAL | _FEAR if phrase in supposing else 0)
            starts.add(self._trigger_path(phrase.split()), kind)
        self._triggers, self._starts = triggers.laid_out(), starts.laid_out()
        self._trigger_state: list[Any] | None = None
        self._derive()

    def _concept_id(self, word: str) -> int:
        """The number of a red-flag concept's word: a rule word's own, or one after them."""
        found = self._ids.get(word)
        if found is None:
            found = self._concept_ids.setdefault(word, len(self._ids) + len(self._concept_ids))
        return found

    def _derive(
        self,
        stems: list[str] | None = None,
        collapsed: dict[str, str] | None = None,
        concept_stems: list[str] | None = None,
    ) -> None:
        """The parts that are quick to make from the rest: shared by a fresh
        build and :meth:`from_state`, which passes the rule words' ``stems``
        and forms with repeats ``collapsed`` (only those that differ) that it
        read, as making them again costs a start from the cache 2 ms."""
        lex = self.lexicon
        self._fillers = frozenset(lex.fillers)
        self._not_typos = frozenset(lex.not_typos) | STOPWORDS
        self._inverted = frozenset(lex.inverted)
        self._subjects = frozenset(lex.subjects)
        # Every word a restatement starts from (see _restated): a message with none is not
        # read again. Made here, not with the context's words, as every message that fires
        # nothing asks it, and deriving those costs a start from the cache 3%.
        self._pointers = frozenset(p.split()[0] for p in (*lex.reference_assertions, *lex.reference_ellipses))
        # Tuples, not sets: _matches copies them into a set anyway, and a set
        # of one takes four times the memory, which a start from the cache
        # pays in some 60 page faults for the 1,600 stems. Local names in the
        # loop: it runs for every rule word on every start.
        by_stem: dict[str, tuple[int, ...]] = {}
        self._by_stem = by_stem
        if stems is None:
            # Stemmed in one call: a call a word costs a start from the cache 6 ms.
            stems = stem_words(list(self._ids))
        for i, stemmed in zip(self._ids.values(), stems, strict=True):
            got = by_stem.get(stemmed)
            by_stem[stemmed] = (i,) if got is None else (*got, i)
        self._collapses = (
            {w: c for w in self._ids if (c := _collapsed(w)) != w} if collapsed is None else collapsed
        )
        # Made by _typo_tables when a word first may be a typo: most messages
        # have none, and making them costs a start from the cache about 1 ms.
        self._typos: (
            tuple[dict[str, list[tuple[str, int]]], dict[str, list[str]], dict[int, list[str]]] | None
        ) = None
        # A class of words that stand for each other (the lexicon's `same`): each
        # member's stem, and each rule word of the class, means every rule word of it.
        self._same: dict[int, frozenset[int]] = {}
        for line in lex.same:
            member_stems = stem_words(line.split())
            union = frozenset(i for st in member_stems for i in by_stem.get(st, ()))
            shared = tuple(union)
            for st in member_stems:
                by_stem[st] = shared
            self._same.update(dict.fromkeys(union, union))
        # The concepts' own words by stem: read beside the rules' words, never for them.
        concept_by_stem: dict[str, tuple[int, ...]] = {}
        if concept_stems is None:
            concept_stems = stem_words(list(self._concept_ids))
        for i, stemmed in zip(self._concept_ids.values(), concept_stems, strict=True):
            concept_by_stem[stemmed] = (*concept_by_stem.get(stemmed, ()), i)
        # A class of `same` words means each of its concept words too.
        for line in lex.same:
            member_stems = stem_words(line.split())
            shared = tuple({i for st in member_stems for i in concept_by_stem.get(st, ())})
            if shared:
                for st in member_stems:
                    concept_by_stem[st] = shared
        self._concept_by_stem = concept_by_stem
        self._concept_cache: dict[str, frozenset[int]] = {}
        self._concept_buckets: dict[tuple[str, int], list[str]] | None = None
        self._word_cache: dict[str, frozenset[int]] = {}
        self._splits: dict[str, tuple[str, ...] | None] = {}
        self._loose_splits: dict[str, tuple[str, ...] | None] = {}
        self._families: dict[str, frozenset[int]] = {}
        # The words _matches read whose loose reading differs (see _loosens): noted as they
        # are first read, so that a message asks for them all in one lookup.
        self._loose_words: set[str] = set()
        self._context_typos: dict[str, str] = {}
        self._context_targets: dict[int, list[str]] | None = None
        # The trigger words that are rule words too, by their number (see _relex).
        self._trigger_ids: dict[int, str] | None = None
        self._rule_words: dict[int, str] | None = None
        self._figure_words: frozenset[str] = frozenset()
        self._short_typos: dict[str, frozenset[int]] = {}
        self._short_targets: dict[int, list[str]] | None = None
        # By first letter, each made when a word of that letter first needs it:
        # a word sounds like rule words of its own first letter only (_sounds_like),
        # and keying all ~2,500 rule words cost a stream ~15 ms it seldom needed.
        self._sounds: dict[str, dict[str, list[str]]] = {}
        self._stem_of: dict[int, str] | None = None
        # The strings _matches reads only by their sound (a cut into two words reads them better).
        self._heard: set[str] = set()
        self._concept_sounds: dict[str, list[str]] | None = None
        self._shorthand: dict[str, str] | None = None
        # The rule words a phrase starts with (the root's edges): only these
        # start a walk. Looked up in C, word by word.
        self._starters = self._trie.node(0).keys()

    def _derive_context(self) -> None:
        """The word sets only the context check reads (see _Context): made on
        their first read, by __getattr__, as most messages never reach the
        check, and making them costs a start from the cache about 1%; so too
        the trigger tries that :meth:`from_state` left unread (2%)."""
        if self._trigger_state is not None:
            self._read_triggers()
        lex = self.lexicon
        self._clause_starts = frozenset(lex.clause_starts)
        self._personal = frozenset(lex.personal)
        # The one a question's subject may be who is not named in `personal`: the reader ("you").
        self._addressees = self._subjects - self._personal
        self._lists = frozenset(lex.lists)
        self._auxiliaries = frozenset(lex.auxiliaries)
        self._reasons = frozenset(lex.reasons)
        self._present = frozenset(lex.present)
        # Another person named, or their possessive as typed without its apostrophe ("my
        # grandma's legs" reads "grandmas legs"); not a pronoun's ("hes" is "he is").
        self._others = frozenset(lex.others) | frozenset(
            f"{w}s" for w in lex.others if not w.endswith("s") and w not in lex.clause_starts
        )
        self._past = frozenset(lex.past)
        self._first_person = frozenset(lex.first_person)
        self._recent = frozenset(w for w in lex.recent if " " not in w)
        # A recent time of several words ("last night") says when even as a trigger's words.
        self._recent_times = tuple(tuple(p.split()) for p in lex.recent if " " in p)
        self._never_patients = frozenset(lex.never_patients)
        self._small_children = frozenset(lex.small_children)
        self._anaphors = frozenset(lex.anaphors)
        self._contrasts = frozenset(lex.contrasts)
        self._pause_contrasts = frozenset(lex.pause_contrasts)
        self._lasting_starts = frozenset(lex.lasting_starts)
        self._articles = frozenset(lex.articles)
        self._ending_verbs = frozenset(tuple(v.split()) for v in lex.resolution_verbs)
        self._recurrences = frozenset(tuple(v.split()) for v in lex.resolution_recurrences)
        self._perfects = frozenset(lex.resolution_perfects)
        # The words an ending can start with: most tokens are none, and skip at once.
        self._ending_firsts = frozenset(p[0] for p in self._ending_verbs | self._recurrences)
        self._ending_adverbs = frozenset(lex.resolution_adverbs)
        self._followers = frozenset(lex.resolution_followers)
        self._sequels = frozenset(tuple(p.split()) for p in lex.resolution_sequels)
        self._recurrence_times = frozenset(lex.resolution_recurrence_times)
        self._failing = frozenset(lex.resolution_failing)
        self._relatives = frozenset(lex.resolution_relatives)
        # The assertions by their first word.
        self._references: dict[str, list[tuple[str, ...]]] = {}
        for phrase in lex.reference_assertions:
            self._references.setdefault(phrase.split()[0], []).append(tuple(phrase.split()))
        self._ellipses = {line.split()[0]: line.split()[-1] for line in lex.reference_ellipses}
        self._joins = frozenset(lex.reference_joins)
        self._returns = frozenset(lex.resolution_returns)
        self._functions = frozenset(lex.resolution_functions)
        self._weakness = frozenset(lex.resolution_weakness)
        # What may stand in a returning function's clause besides the function itself.
        self._function_words = self._functions | self._failing | frozenset(lex.resolution_links)
        self._purposes = frozenset(lex.generic_purposes)
        self._reports = frozenset(lex.generic_reports)
        self._someone = frozenset(lex.generic_someone)
        self._open_ended = frozenset(tuple(p.split()) for p in lex.history_open_ended)
        self._strangers = frozenset(lex.strangers)
        self._perceptions = frozenset(lex.perceptions)
        self._consequences = frozenset(lex.generic_consequences)
        self._degree_boundaries = frozenset(lex.degree_boundaries)
        # What opens a clause after a degree boundary ("so I", "so the", "so cant", "so no").
        self._clause_openers = (
            self._clause_starts
            | self._personal
            | self._articles
            | self._auxiliaries
            | self._others
            | frozenset(b for b in (*lex.boundaries, *lex.negation_pre) if " " not in b)
        )
        # A verb of checking and the word that ends its object ("check ... for").
        self._searches = {p.split()[0]: p.split()[-1] for p in lex.searches if " " in p}
        self._hyperboles = frozenset(lex.figurative_hyperboles)
        self._things = frozenset(lex.figurative_things)
        # Longest first: "i felt like i could" before "i could".
        self._results = sorted((tuple(p.split()) for p in lex.figurative_results), key=len, reverse=True)
        self._story_times = frozenset(tuple(p.split()) for p in lex.figurative_story_times)
        self._substances = frozenset(stem_words(list(lex.figurative_substances)))
        self._knowing = frozenset(lex.generic_knowing)
        self._answers = frozenset(tuple(p.split()) for p in lex.negation_answers)
        self._question_openers = frozenset(p for p in lex.generic_starts if " " not in p)
        self._back_references = frozenset(tuple(p.split()) for p in lex.back_references)
        self._back_occurrences = frozenset(tuple(p.split()) for p in lex.back_occurrences)
        self._acquisitions = frozenset(tuple(p.split()) for p in lex.back_acquisitions)
        self._tellings = frozenset(lex.back_tellings)
        # Words after which a word in "-ed" is a state, not a past ("is infected", "looks swollen").
        self._linking = self._present | self._auxiliaries | frozenset(lex.explanation_states)
        self._told = frozenset(lex.explanation_told)
        self._clinicians = frozenset(lex.explanation_clinicians)
        self._verdicts = frozenset(tuple(p.split()) for p in lex.explanation_verdicts)
        self._verdict_firsts = frozenset(p[0] for p in self._verdicts)
        self._openers = frozenset(lex.explanation_openers)
        self._reassurances = frozenset(tuple(p.split()) for p in lex.explanation_reassurances)
        self._serious = frozenset(tuple(p.split()) for p in lex.explanation_serious)
        self._bodies = frozenset(lex.figurative_bodies)
        self._thing_verbs = frozenset(tuple(p.split()) for p in lex.figurative_verbs)
        # `<number>` in a trigger stands for any number, in figures or in `numbers`.
        self._numbers = frozenset(lex.numbers)
        self._any_number = self._trigger_words.get(_ANY_NUMBER)
        # Who a question's modal may ask about: a person, or a thing named or referred to.
        self._question_subjects = self._personal | self._anaphors | frozenset(lex.articles)
        # Words that name nothing of their own in a clause's subject: it refers
        # back. Made last: __getattr__ takes it for a sign that all are made.
        self._referring = (
            self._anaphors
            | self._clause_starts
            | self._fillers
            | self._auxiliaries
            | self._perfects
            | self._ending_adverbs
            | self._reasons
            | frozenset(b for b in lex.boundaries if " " not in b)
        )

    def _read_triggers(self) -> None:
        """The trigger words and tries :meth:`from_state` left for later, read
        and checked now; if they are malformed, this screen is built afresh
        from the rule files, as for malformed rules (see _restored_rules)."""
        state = self._trigger_state
        try:
            if state is None:
                raise ValueError("no triggers to read")
            words, triggers, starts = state
            self._trigger_words = _numbering(words)
            self._triggers, self._starts = _Trie.from_state(triggers), _Trie.from_state(starts)
            # Checked whole: the context check's walks have no way back from a bad node.
            self._triggers.check()
            self._starts.check()
        # What malformed JSON raises (see the cache); RecursionError: nested too deeply.
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
            self._afresh()
        self._trigger_state = None

    if not TYPE_CHECKING:  # mypy reads the attributes' types from _derive_context

        def __getattr__(self, name: str) -> Any:
            # Called only for an attribute not set: the first read of one that
            # _derive_context makes makes them all (the same from any thread).
            state = vars(self)
            if "lexicon" in state and "_referring" not in state:
                self._derive_context()
                return getattr(self, name)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    # The built state as plain JSON types, for the index cache. Everything
    # else is derived from it by _derive, so an attribute added to the build
    # needs a line here and in from_state (a test compares every attribute).

    def export_state(self) -> dict[str, Any]:
        """What :meth:`from_state` needs to restore this screen without reading
        the rule files or building the tries again: lists, dicts of str keys,
        str and numbers only. Left out: the words seen in messages, and the
        FAQ's own rules (``extra``), which the FAQ holds. ``"rules"`` is nearly
        all of the state (the rules' expanded phrases, which the tries hold
        too) and is needed only when a rule fires: a cache may keep it apart
        and hand it to :meth:`from_state` to read then."""
        return {
            "builtin": self.builtin,
            "rules": [_rule_state(rule) for rule in self.rules],
            "groups": list(self._groups),
            "within": list(self._within),
            "lasting": list(self._lasting),
            "any_age": list(self._any_age),
            "red_flag_notice": self.red_flag_notice,
            "backstop": None if self.backstop is None else _rule_state(self.backstop),
            "red_flag_rule": self._red_flag_rule,
            "soft": [list(concept) for concept in self._soft],
            "lexicon": {name: _plain(value) for name, value in self.lexicon._asdict().items()},
            "own_lexicon": self._own_lexicon,
            "ids": _joined(self._ids),
            "trigger_words": _joined(self._trigger_words),
            "tries": [trie.export_state() for trie in (self._trie, self._triggers, self._starts)],
            # What _derive would make again, word by word, on every start.
            "stems": _joined(stem_words(list(self._ids))),
            "concept_ids": _joined(list(self._concept_ids)),
            "concept_stems": _joined(stem_words(list(self._concept_ids))),
            "collapsed": [_joined(list(self._collapses)), _joined(list(self._collapses.values()))],
        }

    @classmethod
    def from_state(
        cls,
        state: dict[str, Any],
        *,
        extra: Iterable[UrgentRule] = (),
        rules: Callable[[], Any] | None = None,
        rule: Callable[[int], Any] | None = None,
    ) -> UrgentScreen:
        """The screen :meth:`export_state` describes, for a FAQ whose own rules
        are ``extra``. ``rules`` returns the state's ``"rules"`` (by default it
        is read from ``state``); it is called when :attr:`rules` is first read,
        as when a rule fires, so that most starts never read them; ``rule``,
        when given, returns one rule's state by its number, for a message that
        sets a rule off before anything has read them all. Raises
        ValueError, TypeError or KeyError when ``state`` is malformed, so that
        no state can make a screen that fails or indexes past its rules while
        screening; rules that turn out malformed later are handled then (see
        :meth:`_restored_rules`)."""
        screen = cls.__new__(cls)
        screen.builtin = _typed(state["builtin"], str)
        screen.extra = tuple(extra)
        screen._rules = None
        screen._rules_state = rules if rules is not None else _returning(state["rules"])
        screen._rule_state, screen._some_rules = rule, {}
        screen.red_flag_notice = _typed(state["red_flag_notice"], str)
        screen.backstop = None if state["backstop"] is None else _rule_from_state(state["backstop"])
        screen._red_flag_rule = count = _typed(state["red_flag_rule"], int)
        soft = [_typed(concept, list) for concept in _typed(state["soft"], list)]
        if not all(len(c) == 2 and type(c[0]) is int and type(c[1]) in (int, type(None)) for c in soft):
            raise TypeError("expected a count of groups and a window or null for each red-flag concept")
        screen._soft = tuple((c[0], c[1]) for c in soft)
        screen._groups = tuple(_ints(state["groups"]))
        screen._within = tuple(_typed(state["within"], list))
        if not set(map(type, screen._within)) <= {int, type(None)}:
            raise TypeError("expected a window or null for each rule")
        screen._lasting = tuple(_typed(state["lasting"], list))
        screen._any_age = tuple(_typed(state["any_age"], list))
        if not set(map(type, screen._lasting)) | set(map(type, screen._any_age)) <= {bool}:
            raise TypeError("expected true or false for each rule")
        # The FAQ's own rules end the list: their groups and windows are theirs.
        tail = slice(count - len(screen.extra), count)
        if (
            not len(screen.extra) <= count == len(screen._groups) == len(screen._within)
            or screen._groups[tail] != tuple(len(rule.all) for rule in screen.extra)
            or screen._within[tail] != tuple(rule.within for rule in screen.extra)
            or len(screen._lasting) != count
            or screen._lasting[tail] != tuple(rule.lasting for rule in screen.extra)
            or len(screen._any_age) != count
            or screen._any_age[tail] != tuple(rule.any_age for rule in screen.extra)
        ):
            raise ValueError("the state's rules do not agree")
        screen.lexicon = _lexicon_from_state(state["lexicon"])
        screen._own_lexicon = _typed(state["own_lexicon"], bool)
        screen._ids = _numbering(state["ids"])
        base = len(screen._ids)
        concept_ids = {w: base + i for w, i in _numbering(state["concept_ids"]).items()}
        if not screen._ids.keys().isdisjoint(concept_ids):
            raise ValueError("a concept's word numbered as a rule word too")
        screen._concept_ids = concept_ids
        concept_stems = _typed(state["concept_stems"], str).split()
        if len(concept_stems) != len(concept_ids):
            raise ValueError("the state has not one stem per concept word")
        rule_trie, triggers, starts = _typed(state["tries"], list)
        screen._trie = _Trie.from_state(rule_trie)
        # Read by the context check alone, which most messages never reach: on
        # its first need (see _derive_context).
        screen._trigger_state = [_typed(state["trigger_words"], str), triggers, starts]
        stems = _typed(state["stems"], str).split()
        if len(stems) != len(screen._ids):
            raise ValueError("the state has not one stem per rule word")
        collapsing, forms = _typed(state["collapsed"], list)
        collapsed = dict(zip(_typed(collapsing, str).split(), _typed(forms, str).split(), strict=True))
        # Every place a rule phrase ends must be one of the rules' (see _role):
        # checked as a set in C, where a loop over thousands of ends costs 1%.
        places = {_role(r, slot) for r in range(count) for slot in range(_FIRST_GROUP + screen._groups[r])}
        places.update(_role(count, slot) for slot in range(_FIRST_GROUP))
        places.update(
            _role(count + 1 + j, slot)
            for j, (groups, _) in enumerate(screen._soft)
            for slot in range(_FIRST_GROUP + groups)
        )
        wrong = set(screen._trie.end_values) - places
        if wrong:
            raise ValueError(f"a trie ends in {min(wrong)!r}, no rule's place")
        screen._derive(stems, collapsed, concept_stems)
        return screen

    @property
    def rules(self) -> tuple[UrgentRule, ...]:
        """The rules in order, the built-in set's and then ``extra``, each with
        a notice (the set's default for a rule without one)."""
        return self._rules if self._rules is not None else self._restored_rules()

    def _restored_rules(self) -> tuple[UrgentRule, ...]:
        """The rules :meth:`from_state` left for later, read and checked now
        against the rest of the state. Rules that fail are a damaged cache
        entry, as a malformed state is to from_state: this screen is then built
        afresh from the rule files, as a cache miss would have been."""
        read = self._rules_state
        try:
            if read is None:
                raise ValueError("no rules to read")
            rules = tuple(_rule_from_state(rule) for rule in _typed(read(), list))
            if len(rules) != self._red_flag_rule or not all(map(self._agrees, itertools.count(), rules)):
                raise ValueError("the state's rules do not agree")
        # What malformed JSON raises (see the cache); RecursionError: nested too deeply.
        except _MALFORMED:
            fresh = self._afresh()
            rules = fresh.rules
        self._rules, self._rules_state, self._rule_state = rules, None, None
        return rules

    def _agrees(self, number: int, rule: UrgentRule) -> bool:
        """Whether ``rule``, read as rule ``number``, is the one the rest of
        the state was built with: its groups, window, lasting and any_age,
        and the FAQ's own rule itself for one of those that end the list."""
        if not (
            0 <= number < self._red_flag_rule
            and len(rule.all) == self._groups[number]
            and rule.within == self._within[number]
            and rule.lasting == self._lasting[number]
            and rule.any_age == self._any_age[number]
        ):
            return False
        own = number - (self._red_flag_rule - len(self.extra))
        if own < 0:
            return True
        faq_rule = self.extra[own]
        return rule == (faq_rule if faq_rule.notice else records.replace(faq_rule, notice=rule.notice))

    def _rule(self, number: int) -> UrgentRule:
        """Rule ``number``: when the state keeps the rules apart and nothing
        has read them all yet, read and checked on its own (a start whose
        message sets one rule off reads that one, not the megabytes of all
        their phrases); else from :attr:`rules`. A rule that fails is a
        damaged cache entry, as in :meth:`_restored_rules`."""
        read = self._rule_state
        if read is None or self._rules is not None:
            return self.rules[number]
        found = self._some_rules.get(number)
        if found is None:
            try:
                found = _rule_from_state(read(number))
                if not self._agrees(number, found):
                    raise ValueError("the state's rule does not agree")
            except _MALFORMED:
                return self._afresh().rules[number]
            self._some_rules[number] = found
        return found

    def _afresh(self) -> UrgentScreen:
        """This screen built again from the rule files, as on a cache miss: what
        a part of a damaged cache entry, found out when first read, makes of it."""
        fresh = UrgentScreen(
            self.extra, builtin=self.builtin, lexicon=self.lexicon if self._own_lexicon else None
        )
        vars(self).update(vars(fresh))
        return fresh

    def _trigger_path(self, phrase: Iterable[str]) -> list[int]:
        return [self._trigger_words.setdefault(w, len(self._trigger_words)) for w in phrase]

    @classmethod
    def for_faq(cls, faq: Faq) -> UrgentScreen:
        """The screen ``faq`` asks for: its built-in set and its own rules.
        Built once per process for the same rules (about 100 ms), unless the
        index cache has shared one it read (see :func:`faq_bot.cache.load_indexed`)."""
        key = (faq.urgent_builtin, faq.urgent_rules)
        screen = _BUILT.get(key)
        if screen is None:
            screen = cls(faq.urgent_rules, builtin=faq.urgent_builtin)
            screen.share()
        return screen

    def share(self) -> None:
        """Let :meth:`for_faq` hand out this screen, e.g. one read from a cache,
        when it is asked for a screen of the same rules (and the usual lexicon)."""
        if self._own_lexicon:
            return
        if len(_BUILT) >= _BUILT_SIZE:
            _BUILT.clear()
        _BUILT[self.builtin, self.extra] = self

    # --- words ------------------------------------------------------------------

    def _matches(self, word: str) -> frozenset[int]:
        """The rule words ``word`` may be: the same stem, or a typo of one."""
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        if len(self._word_cache) >= _WORD_CACHE_SIZE:
            self._word_cache.clear()
            self._loose_words.clear()
        exact = self._ids.get(word)
        # A word typed without its "g" is the word in full ("makin sense").
        if exact is None and len(word) >= G_DROPPED_MIN_LETTERS and word.endswith("in"):
            full = spelled_out(word)
            if full is not None and full != word:
                result = self._word_cache[word] = self._matches(full)
                return result
        found = set(self._by_stem.get(stem(word), ()))
        if exact is not None:
            found.add(exact)
        # A rule word means itself, and a common word ("would", "stood") is
        # never read as a typo of a rule word ("wound", "stool").
        if (
            exact is None
            and len(word) >= 4
            and word.isalpha()
            and word not in self._not_typos
            and zipf(word) < COMMON_WORD_ZIPF
        ):
            by_repeats, typo_targets, by_size = self._typos or self._typo_tables()
            # A key held down too long: "weeak", "bladdder".
            # A string that is no English word, of five letters or more and one
            # slip from a rule word, means all that word means, as typed right it
            # would: "edning" is "ending", so "end" too (the same stem). Any other
            # typo means the rule word alone: a rare real word ("cots") or a short
            # string is too often some other word to take its whole family.
            unknown = len(word) >= _FULL_TYPO_LETTERS and zipf(word) == 0.0
            for w, i in by_repeats.get(_collapsed(word), ()):
                if len(w) < len(word):
                    found.update(self._matches(w) if unknown else (i,))
            targets = typo_targets.get(word[0], ())
            close = process.extract(word, targets, scorer=OSA.distance, score_cutoff=2, limit=None)
            for c, d, _ in close:
                if _typo_of(c, word):
                    i = self._ids[c]
                    found.update(self._matches(c) if unknown and d == 1 else self._same.get(i, (i,)))
            # A string that is no English word at all is one slip from a rule word
            # wherever the slip is, the first letter too ("hcest", "elgs") and in
            # four letters ("feek", "lehs"): only such strings pay for this search.
            if zipf(word) == 0.0:
                near = by_size.get(len(word), ())
                for c, _, _ in process.extract(word, near, scorer=OSA.distance, score_cutoff=1, limit=None):
                    i = self._ids[c]
                    found.update(self._matches(c) if unknown else self._same.get(i, (i,)))
            # Spelt as it sounds ("bladda", "feva", "tite"): read as a typo is, when it is none
            # of a rule word or of a context word ("neitheer"), a closer reading. A rare word too
            # ("betta", "enuff"): one as common as REAL_WORD_ZIPF means itself.
            if not found and zipf(word) < REAL_WORD_ZIPF and not self._context_word(word):
                letter = word[:1]
                sounds = self._sounds.get(letter)
                if sounds is None:
                    sounds = self._sounds[letter] = _by_sound(
                        w for w in self._ids if w[:1] == letter and w not in self._not_typos
                    )
                for c in _sounds_like(word, sounds):
                    i = self._ids[c]
                    found.update(self._matches(c) if unknown else self._same.get(i, (i,)))
                if found:
                    self._heard.add(word)
        result = self._word_cache[word] = frozenset(found) if found else _NO_MATCH
        if (
            result
            and exact is None
            and zipf(word) == 0.0
            and (
                self._adds_red_flag(self._family(word) - result)
                or (len(word) > 3 and self._loose_split(word) is not None)
            )
        ):
            self._loose_words.add(word)
        return result

    def _adds_red_flag(self, added: frozenset[int]) -> bool:
        """Whether one of the rule words ``added`` is a red-flag word or a red-flag concept's
        phrase all by itself ("weakness"): only then is the loose reading worth a second look."""
        trie, red = self._trie, self._red_flag_rule
        try:
            root = trie.edges[0] or trie.node(0)
            for key in added:
                child = root.get(key)
                if child is not None:
                    trie.node(child)  # (makes its ends)
                    if any(code // _SLOTS >= red and code % _SLOTS != _UNLESS for code in trie.ends[child]):
                        return True
        except ValueError:  # a damaged cache entry's node: the strict reading rebuilds the screen
            return False
        return False

    def _ambiguous(self, word: str, found: frozenset[int]) -> bool:
        """Whether ``word``, no rule word, is read as rule words (``found``, from _matches) of
        more than one stem: a slip that may be either ("feal": "feel", "fear")."""
        if len(found) < 2 or word in self._ids:
            return False
        stems = self._stems()
        return len({stems.get(i) for i in found}) > 1

    def _stems(self) -> dict[int, str]:
        stems = self._stem_of
        if stems is None:
            stems = self._stem_of = {i: stem(w) for w, i in self._ids.items()}
        return stems

    def _family(self, word: str) -> frozenset[int]:
        """What the loose reading reads ``word`` as: a string that is no English word and
        a typo of a rule word means every rule word of its stem ("waek": "weak", so
        "weakness" too), as _matches reads only one of five letters or more."""
        found = self._families.get(word)
        if found is not None:
            return found
        if len(self._families) >= _WORD_CACHE_SIZE:
            self._families.clear()
        found = self._matches(word)
        if found and word not in self._ids and zipf(word) == 0.0:
            stems, by_stem = self._stems(), self._by_stem
            found = found.union(*(by_stem.get(stems[i], ()) for i in found))
        self._families[word] = found
        return found

    def _join(self, first: str, second: str) -> str | None:
        """The rule word two tokens stand for, typed with a space inside it ("fee ling",
        "dent ist"), or None: only where neither is a rule word, so that words the rules
        or their context read ("bed wetting", "heat wave") stay as typed."""
        if second in self._ids or first in self._ids or not second.isalpha() or not first.isalpha():
            return None
        joined = first + second
        return joined if joined in self._ids and len(joined) >= _JOINED_LETTERS else None

    def _split(self, token: str) -> tuple[str, ...] | None:
        """The two words a token typed without its space stands for ("cantpee",
        "bladderis"), or None: a token that is no English word nor a rule word
        (or a rare one that holds a short context word: "inthe", "ican"),
        cut where both sides are words (a rule word, or one as common as
        COMMON_WORD_ZIPF; "i" or "a" on the left) and one side is a rule word;
        of several cuts, the one whose rarer side is most common; when it is no
        typo of a rule word either (see _matches), or one only two slips off
        (see _two_slips_only). One read only by its sound ("peeand" sounds like
        "pond") is cut only into two rule words ("pee and"), or a one-letter
        word and a rule word ("awee")."""
        found = self._splits.get(token, _UNSPLIT)
        if found is not _UNSPLIT:
            return found
        if len(self._splits) >= _WORD_CACHE_SIZE:
            self._splits.clear()
        best: tuple[str, ...] | None = None
        # A typo of a rule word stays one ("weeak", "giveing", "bleedin"), unless it is only two
        # slips off or read only by its sound.
        # A rare string that is a short function word run into a word ("inthe", "tobe", "ican")
        # is cut too, where the function word is a context word: read as typed apart (a
        # longer side is too often a word's own end: "windowsill" is no "windows ill").
        rare = zipf(token)
        if (
            token.isalpha()
            and token not in self._ids
            and token not in self._trigger_words
            and rare < COMMON_WORD_ZIPF
            and (not self._matches(token) or token in self._heard or self._two_slips_only(token))
        ):
            best = self._cut(token, strict=token in self._heard, rare=rare)
        self._splits[token] = best
        return best

    def _loose_split(self, token: str) -> tuple[str, ...] | None:
        """The words a token typed without its space may stand for, as _split cuts it, though it
        reads as a typo of a rule word too ("onmy": "only", or "on my"): the loose reading's."""
        found = self._loose_splits.get(token, _UNSPLIT)
        if found is not _UNSPLIT:
            return found
        if len(self._loose_splits) >= _WORD_CACHE_SIZE:
            self._loose_splits.clear()
        best = self._split(token)
        if best is None and token.isalpha() and token not in self._ids and zipf(token) == 0.0:
            best = self._cut(token, strict=False)
        self._loose_splits[token] = best
        return best

    def _loose_join(self, first: str, second: str) -> str | None:
        """The rule word two tokens make ("end ing", "over dose", "under stand"), though one is a
        rule word itself: the loose reading's (see _join). Not two words a phrase of the rules
        starts with ("pain killers"): the rules read them as typed already; nor a word that is
        an exception of its own ("heat" in "heat wave"): a loose reading keeps every exception."""
        joined = first + second
        if joined not in self._ids or len(joined) < _JOINED_LETTERS:
            return None
        trie, after = self._trie, self._matches(second)
        try:
            root = trie.edges[0] or trie.node(0)
            for before, keys in ((True, self._matches(first)), (False, after)):
                for key in keys:
                    child = root.get(key)
                    if child is None:
                        continue
                    edges = trie.node(child)  # (makes its ends too)
                    if any(code % _SLOTS == _UNLESS for code in trie.ends[child]) or (
                        before and not edges.keys().isdisjoint(after)
                    ):
                        return None
        except ValueError:  # a damaged cache entry's node: the strict reading rebuilds the screen
            return None
        return joined

    def _cut(self, token: str, *, strict: bool, rare: float = 0.0) -> tuple[str, ...] | None:
        """``token`` cut as _split says (``strict``: only into rule words; ``rare``: the
        token's own zipf, above 0 for a rare word that holds a short context word), or None."""
        best: tuple[str, ...] | None = None
        top = -1.0
        for k in range(1, len(token) - 1):
            left, right = token[:k], token[k:]
            # One side a rule word (a context word, in a string that is some word), or no
            # cut here: only then are both weighed.
            if rare == 0.0:
                if left not in self._ids and right not in self._ids:
                    continue
            elif not any(
                len(side) <= 2 and side in self._trigger_words and side in STOPWORDS for side in (left, right)
            ):
                continue
            if strict and not (right in self._ids and (left in self._ids or left in _ONE_LETTER_WORDS)):
                continue
            sides = [self._word_weight(left, k == 1), self._word_weight(right, False)]
            if min(sides) > top and min(sides) >= COMMON_WORD_ZIPF:
                top, best = min(sides), (left, right)
        if best is None and not rare and _RUN_TOGETHER[0] <= len(token) <= _RUN_TOGETHER[1]:
            best = self._cut_many(token)
        return best

    def _cut_many(self, token: str) -> tuple[str, ...] | None:
        """A whole message typed without spaces ("legsgaveoutcantgetup") as its
        words, when no cut in two reads it: the fewest words that are each a
        rule word or as common as COMMON_WORD_ZIPF, two of them at least rule
        words (so a long name is not read as a red flag by chance); of several
        such cuts, the one whose rarest word is most common."""
        size = len(token)
        # best[k]: (words, -rarest weight, rule words, cut) for token[:k], fewest words first.
        best: list[tuple[int, float, int, tuple[str, ...]] | None] = [None] * (size + 1)
        best[0] = (0, -99.0, 0, ())
        for end in range(1, size + 1):
            for start in range(max(0, end - _LONGEST_WORD), end):
                before = best[start]
                word = token[start:end]
                if before is None or (weight := self._word_weight(word, start == 0)) < COMMON_WORD_ZIPF:
                    continue
                ranked = (
                    before[0] + 1,
                    max(before[1], -weight),
                    before[2] + (word in self._ids),
                    (*before[3], word),
                )
                held = best[end]
                if held is None or ranked[:2] < held[:2]:
                    best[end] = ranked
        found = best[size]
        return found[3] if found is not None and found[2] >= 2 else None

    def _two_slips_only(self, token: str) -> bool:
        """Whether ``token`` reads as a rule word only two slips off (nine
        letters or more; see _typo_of): then a cut into two words as typed
        ("breathand", "accidentin") is the likelier reading, so _split tries one."""
        if len(token) < 9:
            return False
        by_repeats, _, by_size = self._typos or self._typo_tables()
        if by_repeats.get(_collapsed(token)):
            return False
        near = by_size.get(len(token), ())
        return process.extractOne(token, near, scorer=OSA.distance, score_cutoff=1) is None

    def _unheld(self, word: str) -> str:
        """``word`` typed with a letter held down ("sooo", "reaaally") as the
        word it stands for: each run of a letter kept once or twice, whichever
        way gives the most common word (a rule word well ahead), so that a
        filler stays one ("my legs are sooo weak")."""
        runs = [m.group() for m in _REPEATS.finditer(word)]
        if len(runs) > 4:
            return word
        pieces = _REPEATS.split(word)[::2]
        best, top = word, -1.0
        for kept in itertools.product((1, 2), repeat=len(runs)):
            form = pieces[0] + "".join(r[0] * k + p for r, k, p in zip(runs, kept, pieces[1:], strict=True))
            # A rule word that is no stopword well ahead: "buttt" is "butt", not "but".
            weight = zipf(form) + (_HELD_RULE_WORD if form in self._ids and form not in STOPWORDS else 0.0)
            if weight > top:
                best, top = form, weight
        return best

    def _word_weight(self, word: str, alone: bool) -> float:
        """How surely ``word`` is a word of its own: a rule word counts as very
        common; a single letter only where ``alone`` allows "i", and two letters
        only as a rule word ("is", not "cu")."""
        if len(word) == 1:
            # (a little under a rule word's, so that "isit" is "is it", not "i sit")
            return 8.5 if alone and word in _ONE_LETTER_WORDS else 0.0
        return 9.0 if word in self._ids else zipf(word) if len(word) > 2 else 0.0

    def _typo_tables(
        self,
    ) -> tuple[dict[str, list[tuple[str, int]]], dict[str, list[str]], dict[int, list[str]]]:
        """The rule words by their form with repeats collapsed, and those that
        typos may stand for by their first letter and by their length: made on first need, and
        published whole (another thread may be screening too)."""
        by_repeats: dict[str, list[tuple[str, int]]] = {}
        typo_targets: dict[str, list[str]] = {}
        collapses = self._collapses
        for word, i in self._ids.items():
            # Three letters suffice for a key held down ("legg"); typos need four.
            if len(word) >= 3 and word.isalpha():
                by_repeats.setdefault(collapses.get(word, word), []).append((word, i))
                if len(word) >= 4:
                    typo_targets.setdefault(word[0], []).append(word)
        # For each length, the targets one letter shorter, as long or one longer.
        by_size: dict[int, list[str]] = {}
        for word in itertools.chain.from_iterable(typo_targets.values()):
            for size in range(len(word) - 1, len(word) + 2):
                by_size.setdefault(size, []).append(word)
        self._typos = by_repeats, typo_targets, by_size
        return self._typos

    def _walk(
        self, trie: _Trie, start: int, step: Sequence[Iterable[int]], fillers: Sequence[bool]
    ) -> list[tuple[int, int]]:
        """``(value, end)`` of every trie path from token ``start``: each token
        offers its word numbers, and up to ``max_gap`` filler tokens may be
        skipped between a path's words."""
        size = len(step)
        gap = self.lexicon.max_gap
        edges, ends = trie.edges, trie.ends
        found: list[tuple[int, int]] = []
        root = edges[0] or trie.node(0)
        todo = [(child, start + 1) for key in step[start] if (child := root.get(key)) is not None]
        while todo:
            node, at = todo.pop()
            following = edges[node]
            if following is None:
                following = trie.node(node)
            for value in ends[node]:
                found.append((value, at))
            if not following:  # a phrase's last word: nothing further to look for
                continue
            stop = at + gap + 1
            for k in range(at, size if stop > size else stop):  # min(), without its costly call
                for key in step[k]:
                    child = following.get(key)
                    if child is not None:
                        todo.append((child, k + 1))
                if not fillers[k]:
                    break
        return found

    # --- screening --------------------------------------------------------------

    def screen(self, message: str) -> Screening:
        """The first rule ``message`` sets off (or None), and the message with
        the denied red flags cut out."""
        fired, text, red_flag = self._screen(message, first=True)
        return Screening(fired[0] if fired else None, text, red_flag)

    def check(self, message: str) -> UrgentRule | None:
        """The first rule ``message`` sets off, or None."""
        return self.screen(message).rule

    def matching(self, message: str) -> tuple[UrgentRule, ...]:
        """Every rule ``message`` sets off, in order."""
        return self._screen(message, first=False)[0]

    def _respell(self, ws: list[str]) -> None:
        """Texting shorthand as the words it stands for ("wen i need", "ur
        pee", "dnt"; wordstats.shorthand), so that phrases and triggers written
        in full serve it; a rule word means itself ("wanna"), unless `same`
        makes it the word it stands for. One for one, so
        a word keeps its place. Most messages have none: passed over in C."""
        short = self._shorthand
        if short is None:
            # A rule word means itself, unless it is rule shorthand for the same
            # word (`same`: "n" is "and"): then the word in full serves the
            # phrases as well and the context ("n my" opens a clause as "and my").
            ids, same = self._ids, self._same
            short = self._shorthand = {
                k: v
                for k, v in shorthand().items()
                if k not in ids or (v in ids and ids[v] in same.get(ids[k], ()))
            }
        if not short.keys().isdisjoint(ws):
            ws[:] = [short.get(w, w) for w in ws]

    def _relex(
        self, ws: list[str], matches: list[frozenset[int]], needed: Callable[[int, frozenset[int]], bool]
    ) -> None:
        """A context word typed with a slip ("hvaent", "sicne", "nveer") as the
        word, so that a misspelled denial or resolution still reads as one: a
        string of four letters or more that is no English word, one edit from
        exactly one trigger word, and no typo of another rule word that a phrase
        found in the message needs (``needed(k, reading)``: whether one does
        that word ``k`` read as no more than ``reading`` would lose; that reading
        wins, as the alarm does). A reading no phrase takes ("sinke" as "sink"
        in "has sinke gone") fires nothing to win, in a string long enough to be read as
        a typo in full (_FULL_TYPO_LETTERS: "isit" is as likely "is it" as "isnt").
        Only messages whose context is read pay."""
        typos, ids = self._context_typos, self._ids
        trigger_ids, rule_words = self._trigger_ids, self._rule_words
        if trigger_ids is None or rule_words is None:
            lex = self.lexicon
            denials = {
                w for p in (*lex.negation_pre, *lex.negation_post, *lex.negation_anaphoric) for w in p.split()
            }
            trigger_ids = self._trigger_ids = {
                ids[t]: t for t in self._trigger_words if t in ids and t not in denials
            }
            rule_words = self._rule_words = {i: w for w, i in ids.items()}
            self._figure_words = frozenset(
                w
                for p in (*lex.figurative_hyperboles, *lex.figurative_idioms, *lex.figurative_overdoses)
                for w in p.split()
            ).difference(denials)
        figures, codes = self._figure_words, self._trigger_words
        for k, w in enumerate(ws):
            if len(w) < 4:
                continue
            fixed = typos.get(w)
            if fixed is None:
                if len(typos) >= _WORD_CACHE_SIZE:
                    typos.clear()
                fixed = typos[w] = self._context_word(w)
            if not fixed and matches[k] and w not in ids and zipf(w) < COMMON_WORD_ZIPF:
                # A slip the rules read as words of which one alone is a trigger word, and
                # none nearer ("gonne": "gone" or "gonna"; "reding": "reading" or "riding"),
                # is that word here too, as it is to them; never a denial (the alarm wins),
                # and a form of the word's own stem ("change" for "changed") is no slip.
                named = {t for i in matches[k] if (t := trigger_ids.get(i))}
                if len(named) == 1:
                    fixed = named.pop()
                    near = OSA.distance(w, fixed)
                    if stem(fixed) == stem(w) or any(
                        OSA.distance(w, rule_words[i]) < near for i in matches[k]
                    ):
                        fixed = ""
            # A string read as a rule word is read as the same word here, or left be: as a
            # typo of another rule word too ("wond": "wound" or "wont"), it stays a rule word,
            # never a trigger that would deny it; and a word after an article ("my wond")
            # names a thing: no function word but a noun.
            if (
                fixed
                and (
                    not matches[k]
                    or (
                        ids.get(fixed, -1) in matches[k]
                        and (
                            matches[k] <= (own := self._matches(fixed))
                            or (len(w) >= _FULL_TYPO_LETTERS and not needed(k, own))
                        )
                    )
                )
                and not (k and ws[k - 1] in self._articles and fixed in STOPWORDS)
            ):
                ws[k] = fixed
            elif not fixed and matches[k] and w not in ids and w not in codes and zipf(w) < COMMON_WORD_ZIPF:
                # A slip the rules read as one word of a figure nearest of all ("chking":
                # "choking", "hert": "heart") is that word to the figure as well: "the
                # deadline is chking me" is the idiom typed right.
                by_distance = sorted((OSA.distance(w, rule_words[i]), rule_words[i]) for i in matches[k])
                nearest = by_distance[0][1]
                if (
                    nearest in figures
                    and by_distance[0][0] <= 2
                    and (len(by_distance) == 1 or by_distance[0][0] < by_distance[1][0])
                ):
                    ws[k] = nearest

    def _context_word(self, word: str) -> str:
        """The trigger word ``word`` is one slip from, or "" (see _relex)."""
        codes = self._trigger_words
        if word in codes or not word.isalpha() or zipf(word) > 0.0:
            return ""
        by_size = self._context_targets
        if by_size is None:
            by_size = {}
            for w in codes:
                if len(w) >= 4 and w.isalpha():
                    for size in range(len(w) - 1, len(w) + 2):
                        by_size.setdefault(size, []).append(w)
            self._context_targets = by_size
        # A letter more than the word only as one typed twice ("sincee"): a
        # stray letter is as likely a longer word's ("showr" is not "show").
        near = [
            c
            for c, _, _ in process.extract(
                word, by_size.get(len(word), ()), scorer=OSA.distance, score_cutoff=1, limit=None
            )
            if len(c) >= len(word) or _collapsed(c) == _collapsed(word)
        ]
        return near[0] if len(near) == 1 else ""

    def _uninvert(self, msg: _Message) -> None:
        """Put a question's negative auxiliary back after its subject ("why
        can't I feel my groin" reads "why I can't feel my groin"), so that the
        phrases of a statement serve the question too."""
        ws, inverted, subjects = msg.words, self._inverted, self._subjects
        for k in range(len(ws) - 1):
            if (
                ws[k] in inverted
                and ws[k + 1] in subjects
                and k + 1 not in msg.stops
                and k + 1 not in msg.commas
            ):
                ws[k], ws[k + 1] = ws[k + 1], ws[k]

    def _short_typo(self, word: str) -> frozenset[int]:
        """The rule words a short string (three or four letters, rarer than
        _SHORT_TYPO_ZIPF; a rule word only if rarer than REAL_WORD_ZIPF, as "fel")
        is one edit from ("fot", "lgs", "nmb", "los"), or none: too short for
        _matches, and too often some other word, so _screen reads it so only
        where other words bear it out."""
        found = self._short_typos.get(word)
        if found is not None:
            return found
        if len(self._short_typos) >= _WORD_CACHE_SIZE:
            self._short_typos.clear()
        result = _NO_MATCH
        if (
            _SHORT_TYPO_LETTERS[0] <= len(word) <= _SHORT_TYPO_LETTERS[1]
            and word.isalpha()
            and word not in self._not_typos
            # A rule word that is no word of English ("fel", in "cant fel") is a slip still.
            and zipf(word) < (_SHORT_TYPO_ZIPF if word not in self._ids else REAL_WORD_ZIPF)
        ):
            by_size = self._short_targets
            if by_size is None:
                by_size = {}
                for w in self._ids:
                    # Words that carry a red flag: not "for" or "not".
                    if len(w) >= _SHORT_TYPO_LETTERS[0] and w.isalpha() and w not in self._not_typos:
                        for size in (len(w) - 1, len(w)):
                            by_size.setdefault(size, []).append(w)
                self._short_targets = by_size
            near = by_size.get(len(word), ())
            close = process.extract(word, near, scorer=OSA.distance, score_cutoff=1, limit=None)
            # A key beside another is the likelier slip only where no letter was
            # left out or swapped: "fot" is "foot", not "fit".
            slips = [(_short_slip(c, word), c) for c, _, _ in close]
            best = min((kind for kind, _ in slips if kind), default=0)
            ids = [self._ids[c] for kind, c in slips if kind and kind == best]
            result = frozenset(j for i in ids for j in self._same.get(i, (i,)))
        self._short_typos[word] = result
        return result

    def _concept_matches(self, word: str) -> frozenset[int]:
        """What the red-flag concepts' own words (no rule word) add to what
        _matches finds for ``word``: one of the same stem, or, for a rare string
        one slip from one (as _matches reads a typo), that word and every word
        of its stem. Read beside what _matches finds, in a walk of the concepts'
        own (see _screen_words): a rule sees the same either way."""
        cached = self._concept_cache.get(word)
        if cached is not None:
            return cached
        if len(self._concept_cache) >= _WORD_CACHE_SIZE:
            self._concept_cache.clear()
        found = set(self._concept_by_stem.get(stem(word), ()))
        exact = self._concept_ids.get(word)
        if exact is not None:
            found.add(exact)
        elif (
            len(word) >= 4
            and word.isalpha()
            and word not in self._ids
            and word not in self._not_typos
            and zipf(word) < COMMON_WORD_ZIPF
        ):
            near = self._concept_targets(word)
            for c, _, _ in process.extract(word, near, scorer=OSA.distance, score_cutoff=2, limit=None):
                if _typo_of(c, word):
                    found.add(self._concept_ids[c])
                    found.update(self._concept_by_stem.get(stem(c), ()), self._by_stem.get(stem(c), ()))
            if zipf(word) < REAL_WORD_ZIPF:
                if self._concept_sounds is None:
                    self._concept_sounds = _by_sound(self._concept_ids)
                for c in _sounds_like(word, self._concept_sounds):
                    found.add(self._concept_ids[c])
                    found.update(self._concept_by_stem.get(stem(c), ()), self._by_stem.get(stem(c), ()))
        result = self._concept_cache[word] = frozenset(found) if found else _NO_MATCH
        return result

    def _concept_targets(self, word: str) -> list[str]:
        """The concepts' own words a rare string may be a typo of (see _typo_of): of four
        letters or more, the same first letter, and no more than two letters longer or
        shorter. Bucketed by first letter and length on first need, so that a new rare
        word is weighed against a few dozen words, not all of them."""
        buckets = self._concept_buckets
        if buckets is None:
            buckets = {}
            for w in self._concept_ids:
                if len(w) >= 4:
                    buckets.setdefault((w[0], len(w)), []).append(w)
            self._concept_buckets = buckets
        size = len(word)
        return [w for length in range(size - 2, size + 3) for w in buckets.get((word[0], length), ())]

    def _screen(self, message: str, *, first: bool) -> tuple[tuple[UrgentRule, ...], str, bool]:
        read: list[tuple[list[str], set[int], set[int], list[tuple[_Span, bool]]]] = []
        held = _HELD.search(message) is not None
        result = self._screen_once(message, first=first, read=read, held=held)
        if result[0] or not read:
            return result
        if not self._pointers.isdisjoint(read[0][0]):
            # A clause that points back at a red flag told before it: the message is read
            # again with the red flag's words in its place, and the alarm wins.
            for again in self._restated(message, *read[0]):
                fired, _, red_flag = self._screen_once(again, first=first, read=None)
                if fired:
                    return fired, message, False
                if red_flag:
                    result = (), result[1], True
        # Read loosely (see _loosens), the message describes a red flag: evidence in part, so
        # never an ordinary answer, though the alarm needs the message as most likely read.
        if not result[2] and (held or self._loosens(*read[0][:3])):
            fired, _, red_flag = self._screen_once(message, first=first, read=None, loose=True)
            if fired or red_flag:
                result = (), result[1], True
        return result

    def _past_tense(self, found: re.Match[str]) -> str:
        """A word with 'd as the rule word it is the past tense of ("od'd": "oded"), one word
        still; as typed otherwise ("I'd", "she'd", "it'd": would or had)."""
        word = found.group(1)
        lower = word.lower()
        return word + "ed" if lower not in self._subjects and lower + "ed" in self._ids else found.group()

    def _loosens(self, ws: list[str], stops: set[int], commas: set[int]) -> bool:
        """Whether the loose reading of a message with no letter held down (its words as read
        ``ws``, its sentence ``stops`` and ``commas``) differs from the strict one: it joins two
        tokens into a rule word though one is a rule word itself ("end ing"), cuts a token in two
        though it reads as a typo too ("onmy"), and reads a typo as its word's whole family (see
        _family). (It keeps a letter held down as typed: "psss" is "pass" mistyped, not "ps".)
        Looked for in the words as read, so that most messages pay a few lookups."""
        if not self._loose_words.isdisjoint(ws):
            return True
        # Every pair in one pass in C first: few messages hold one that makes a rule word.
        if not any(map(self._ids.__contains__, map(str.__add__, ws, ws[1:]))):
            return False
        return any(
            k not in stops and k not in commas and self._loose_join(ws[k - 1], ws[k])
            for k in range(1, len(ws))
        )

    def _restated(
        self, message: str, ws: list[str], stops: set[int], commas: set[int], spans: list[tuple[_Span, bool]]
    ) -> list[str]:
        """``message`` (as the words ``ws`` with sentence ``stops`` and ``commas``) with each clause that
        points back at what went before told in full: an inability whose verb is left out
        takes the verb of the ability before it (lexicon ``reference_ellipses``), and a
        clause that asserts a red flag named before it takes that red flag's words in
        place of the assertion (``reference_assertions``; never in a question): the
        rules' phrases (``spans``, and whether each is a red-flag word's) from the last
        clause with a red-flag word's, from the first such word on."""
        n = len(ws)
        joins = self._joins
        opens = [k == 0 or k in stops or k in commas or ws[k - 1] in joins for k in range(n + 1)]
        out = []
        for k, w in enumerate(ws):
            able = self._ellipses.get(w)
            if able is None or not (k + 1 == n or opens[k + 1]):
                continue
            j = max((i for i in range(k) if ws[i] == able), default=-1)
            end = next((i for i in range(j + 2, k) if opens[i]), k)
            if ws[end - 1] in joins:
                end -= 1
            if j >= 0 and end > j + 1:
                out.append(_spoken([*ws[: k + 1], *ws[j + 1 : end], *ws[k + 1 :]], stops, k + 1, end - j - 1))
        if not spans:
            return out
        marks = re.findall(r"[.?!]+", message)
        for k in range(1, n):
            phrases = self._references.get(ws[k], ())
            size = max((len(p) for p in phrases if tuple(ws[k : k + len(p)]) == p), default=0)
            if not size:
                continue
            start = max(i for i in range(k + 1) if opens[i])
            sentence = sum(1 for s in stops if s <= k)
            if ws[start] in self._auxiliaries or (sentence < len(marks) and "?" in marks[sentence]):
                continue  # a question: "do I have it?"
            red = [s for s, flag in spans if flag and s.end <= start]
            if not red:
                continue
            last = max(s.start for s in red)
            clause = max(i for i in range(last + 1) if opens[i])
            said = [s for s, _ in spans if clause <= s.start and s.end <= start]
            # From the clause's first red-flag word back over the phrases that run up to
            # it ("wound is leaking pus") but no subject (a clause of its own would escape
            # a denial it is put under), and on to the last phrase of the clause.
            low = min(s.start for s in red if s.start >= clause)
            while before := [
                s
                for s in said
                if s.start < low <= s.end + 1 and self._clause_starts.isdisjoint(ws[s.start : low])
            ]:
                low = min(s.start for s in before)
            told = ws[low : max(s.end for s in said)]
            # An assertion that opens its clause is a sentence of its own ("... and I have it");
            # one inside a clause keeps the clause's words before it ("I'm not numb there now").
            cut = {*stops, k} if start == k else stops
            out.append(_spoken([*ws[:k], *told, *ws[k + size :]], cut, k + 1, len(told) - size))
        return out

    def _screen_once(
        self,
        message: str,
        *,
        first: bool,
        read: list[tuple[list[str], set[int], set[int], list[tuple[_Span, bool]]]] | None,
        loose: bool = False,
        held: bool | None = None,
    ) -> tuple[tuple[UrgentRule, ...], str, bool]:
        """What _screen finds in ``message`` as it is (``loose``: read loosely, see
        _loosens); ``read`` (unless None) is given the words as read, their sentence
        stops and the red flags' phrases found; ``held``: whether a letter is held down
        in it, if known."""
        said = message
        if "'d" in message or "\u2019d" in message:
            said = _PAST_D.sub(self._past_tense, message)
        if loose:
            msg = _Message(said, split=self._loose_split, join=self._loose_join)
        else:
            msg = _Message(said, split=self._split, join=self._join)
        n = len(msg.words)
        if not n:
            return (), message, False
        if not loose and (_HELD.search(message) is not None if held is None else held):
            msg.words = [self._unheld(w) if _HELD.search(w) else w for w in msg.words]
        typed = list(msg.words)
        self._respell(msg.words)
        self._uninvert(msg)
        if "neither" in msg.words:
            _unneither(msg)
        if "or" in msg.words and not _INABILITIES.isdisjoint(msg.words):
            _distribute_inability(msg, self._subjects)
        cache = self._word_cache
        matches = []
        for w in msg.words:
            found = cache.get(w)
            matches.append(self._matches(w) if found is None else found)
        if loose:
            matches = [self._family(w) if m else m for w, m in zip(msg.words, matches, strict=True)]
        concepts = []
        if self._concept_ids:
            # A concept's word means itself, not the shorthand it may be ("wanna"):
            # the words as typed, where respelling (one for one) changed them.
            # Looked up here first: most words are known, and a call for each cost more than the reading.
            known = self._concept_cache
            concepts = [c if (c := known.get(w)) is not None else self._concept_matches(w) for w in msg.words]
            if typed != msg.words and len(typed) == len(msg.words):
                for k, (t, w) in enumerate(zip(typed, msg.words, strict=True)):
                    if t != w and t in self._concept_ids:
                        concepts[k] = self._concept_matches(t)
        spans: list[tuple[_Span, bool]] = []
        if read is not None:
            read.append((msg.words, msg.stops, msg.commas, spans))
        result = self._screen_words(message, msg, matches, concepts, first=first, phrases=spans)
        if result[0]:
            return result
        # A short misspelled word ("my fot keeps dragging") is read as the rule
        # word only when nothing fires without it, and then a rule counts only
        # if words typed right bear it out: a red flag of its own, or a phrase
        # the short word shares with them.
        typos, most = self._short_typos, _SHORT_TYPO_LETTERS[1]
        short: dict[int, frozenset[int]] = {}
        for k, w in enumerate(msg.words):
            if len(w) <= most:
                typo = typos.get(w)  # most short words are known: a call for each cost more
                if typo is None:
                    typo = self._short_typo(w)
                if typo:
                    short[k] = typo
        if not short:
            return result
        widened = [m | short[k] if k in short else m for k, m in enumerate(matches)]
        fired = self._screen_words(
            message, msg, widened, concepts, first=first, short=frozenset(short), phrases=spans
        )
        # Read with its short typos, the message describes a red flag, though no word typed
        # right bears the rule out ("clf pain ..., and it's swollen"): evidence in part, so
        # never an ordinary answer; the alarm still needs the words typed right.
        return fired if fired[0] or (fired[2] and not result[2]) else result

    def _may_fire(self, reading: list[frozenset[int]]) -> bool:
        """Whether walks of ``reading`` could find what _screen_words reads
        further: a rule's `any` or all its groups, a red-flag word, a
        concept's `any` or all its groups. The trie's paths are followed
        through the words the message has anywhere, in any place: a superset
        of what walks find (they take the words in the message's order, next
        to each other), made at a few nodes, where walks start at every word.
        Almost every message has rule words, and almost none has a phrase
        that counts towards firing."""
        present = set().union(*reading)
        trie = self._trie
        edges, ends = trie.edges, trie.ends
        reached = {0}
        todo = [0]
        slots: dict[int, set[int]] = {}
        while todo:
            node = todo.pop()
            following = edges[node]
            if following is None:
                following = trie.node(node)
            for code in ends[node]:
                r, slot = divmod(code, _SLOTS)
                if slot == _ANY:  # a rule's, a concept's, or the red-flag words' (their rule's only place)
                    return True
                if slot != _UNLESS:
                    slots.setdefault(r, set()).add(slot)
            # The words both have, found in C over the smaller of the two.
            for key in following.keys() & present:
                child = following[key]
                if child not in reached:
                    reached.add(child)
                    todo.append(child)
        # Groups: a rule or a concept wants all of its own found.
        red, groups, soft = self._red_flag_rule, self._groups, self._soft
        for r, seen in slots.items():
            wanted = groups[r] if r < red else soft[r - red - 1][0] if r > red else 0
            if wanted and len(seen) >= wanted:
                return True
        return False

    def _screen_words(
        self,
        message: str,
        msg: _Message,
        matches: list[frozenset[int]],
        concepts: list[frozenset[int]],
        *,
        first: bool,
        short: frozenset[int] = _NO_MATCH,
        phrases: list[tuple[_Span, bool]],
    ) -> tuple[tuple[UrgentRule, ...], str, bool]:
        """What _screen finds with each word read as ``matches`` says, and the
        red-flag concepts' own words as ``concepts`` adds (none if empty); ``short``:
        the words read as short typos, which no rule fires on alone. ``phrases`` is
        given where the rules' phrases (not their exceptions) stand, and whether each is a
        red-flag word's."""
        # The rules' phrases are found with the rules' reading alone; the
        # concepts' with what their own words add, in a walk of their own.
        readings = [matches]
        if any(concepts):
            readings.append([m | c if c else m for m, c in zip(matches, concepts, strict=True)])
        walks: list[dict[int, list[_Span]]] = []
        try:
            if not self._may_fire(readings[-1]):
                # Then the walks would find nothing that fires, no red flag, and
                # none of the red-flag words' phrases (the only ones a restatement reads).
                return (), message, False
            starters = self._starters
            filler = self._fillers
            fillers = [w in filler for w in msg.words]
            for reading in readings:
                occurrences: dict[int, list[_Span]] = {}
                for i, m in enumerate(reading):
                    if m and not starters.isdisjoint(m):
                        for phrase, end in self._walk(self._trie, i, reading, fillers):
                            # What keeps a red flag from counting reads no slip that may be
                            # several words ("feal": "feel" or "fear"): the alarm wins.
                            if phrase % _SLOTS == _UNLESS and any(
                                map(self._ambiguous, msg.words[i:end], reading[i:end])
                            ):
                                continue
                            occurrences.setdefault(phrase, []).append(_Span(i, end))
                walks.append(occurrences)
        except ValueError:  # a node of a damaged cache entry (see _Trie.node): built afresh, so again
            self._afresh()
            return self._screen(message, first=first)
        red = self._red_flag_rule
        rule_occurrences = {code: spans for code, spans in walks[0].items() if code // _SLOTS <= red}
        phrases.extend(
            (s, code // _SLOTS == red)
            for code, spans in rule_occurrences.items()
            if code % _SLOTS != _UNLESS
            for s in spans
        )
        occurrences = walks[-1]
        if not occurrences:
            return (), message, False
        # Most messages hold no phrase of `any` and not every group of any
        # `all`: then no rule can fire, and the context is not read at all.
        slots: dict[int, set[int]] = {}
        for code in occurrences:
            r, slot = divmod(code, _SLOTS)
            if slot != _UNLESS:
                slots.setdefault(r, set()).add(slot)
        rule_slots: dict[int, set[int]] = {}
        for code in rule_occurrences:
            r, slot = divmod(code, _SLOTS)
            if slot != _UNLESS:
                rule_slots.setdefault(r, set()).add(slot)
        candidates = [
            (r, self._groups[r], self._within[r])
            for r in sorted(rule_slots)
            if r < red
            and (_ANY in (seen := rule_slots[r]) or (self._groups[r] and len(seen) == self._groups[r]))
        ]
        red_words: list[tuple[int, int, int | None]] = [(red, 0, None)] if red in rule_slots else []
        soft: list[tuple[int, int, int | None]] = []
        # Only the concepts a phrase was found of, in their order: a message
        # holds few, and looking all forty up cost a screen a tenth of its time.
        concepts_of = self._soft
        for j in sorted(slots):
            if red < j <= red + len(concepts_of):
                got = slots[j]
                wanted, window = concepts_of[j - red - 1]
                if _ANY in got or (wanted and len(got) == wanted):
                    soft.append((j, wanted, window))
        if not candidates and not red_words and not soft:
            return (), message, False

        def needed(k: int, narrowed: frozenset[int]) -> bool:
            # Whether a phrase found over token k is lost with k read as `narrowed` alone.
            for reading, found in zip(readings, walks, strict=True):
                over = {
                    (code, span.start, span.end)
                    for code, spans in found.items()
                    if code % _SLOTS != _UNLESS
                    for span in spans
                    if span.start <= k < span.end
                }
                if not over:
                    continue
                step = list(reading)
                step[k] = narrowed | (concepts[k] if reading is not matches and concepts else _NO_MATCH)
                kept = {
                    (code, i, end)
                    for i in range(k + 1)
                    if step[i] and not starters.isdisjoint(step[i])
                    for code, end in self._walk(self._trie, i, step, fillers)
                }
                if not over <= kept:
                    return True
            return False

        self._relex(msg.words, matches, needed)
        if not candidates and not red_words:
            every = _Context(self, msg, fillers, occurrences, soft)
            return (), message, any(every.fires(*concept) for concept in soft)
        # The rules and the red-flag words are read in a context of their own
        # phrases alone: a concept's phrase (its words shield a trigger inside
        # them, and the like) never changes what a rule sees.
        context = _Context(self, msg, fillers, rule_occurrences, [*candidates, *red_words])
        fired = []
        unborne = False  # a rule that fires on a short typo no word typed right bears out
        for candidate in candidates:
            spans = context.fires(*candidate)
            if spans and short:
                # Borne out: a word of the red flag typed right (not a filler) in
                # the clause of a short typo it is read with.
                clause = context.clause
                typos = {clause[k] for s in spans for k in range(*s) if k in short}
                unborne = unborne or bool(spans)
                spans = [
                    s
                    for s in spans
                    if any(k not in short and not fillers[k] and clause[k] in typos for k in range(*s))
                ]
            if spans:
                fired.append(candidate[0])
                if first:
                    break
        if fired:
            groups = self._groups
            found = tuple(self._rule(r) for r in fired)
            if groups is not self._groups:  # rules read from a damaged cache: built afresh, so again
                return self._screen(message, first=first)
            return found, message, False
        # A rule's red flag kept from firing only by a supposition ("who do I call if I
        # can't feel between my legs?") may be described, not supposed: never an
        # ordinary answer (a denial or a resolved past still clears it).
        red_flag = (
            unborne
            or any(context.fires(*concept) for concept in red_words)
            or any(context.fires(*candidate, _SUPPOSED_NOW) for candidate in candidates)
        )
        if not red_flag and soft:
            # The concepts, a backstop for what no rule knows, in the context of every phrase found.
            every = _Context(self, msg, fillers, occurrences, [*candidates, *red_words, *soft])
            red_flag = any(every.fires(*concept) for concept in soft)
        return (), context.without_denials(message, candidates), red_flag


class _Context:
    """The triggers of one message, their scopes, and which red flags count."""

    def __init__(
        self,
        screen: UrgentScreen,
        msg: _Message,
        fillers: list[bool],
        occurrences: dict[int, list[_Span]],
        candidates: Sequence[tuple[int, int, int | None]],
    ) -> None:
        self.msg = msg
        self.occurrences = occurrences
        # As the message was read: the loose reading places its words by its own cuts.
        self.split, self.join = msg.readers
        #: Per rule: whether it counts a red flag that has lasted (UrgentRule.lasting).
        self.lasting = screen._lasting
        #: Per rule: whether a small child's red flag counts (UrgentRule.any_age).
        self.any_age = screen._any_age
        #: Per token: whether a `current` trigger speaks for it (see _mark_current).
        self.now: list[bool] = []
        #: The sentences that ask for help ("what should I do").
        self.pleas: set[int] = set()
        lex = screen.lexicon
        ws = msg.words
        n = len(ws)
        # A trigger inside a red flag's own words is part of it ("no" in "no
        # feeling"), when the red flag's rule could fire.
        candidate = {r for r, _, _ in candidates}
        phrases = [
            s
            for code, spans in occurrences.items()
            if code % _SLOTS != _UNLESS and code // _SLOTS in candidate
            for s in spans
        ]
        phrase_tokens = {i for s in phrases for i in range(s.start, s.end)}

        def inside_phrase(start: int, end: int) -> bool:
            return any(s.start <= start and end <= s.end for s in phrases)

        def ends_in_phrase(start: int, end: int) -> bool:
            return any(s.start < end <= s.end and start < s.start for s in phrases)

        # Triggers: longest first, left to right, none inside a red-flag
        # phrase ("no" in "no feeling" denies nothing), and no trigger that
        # speaks for what went before whose last words open one: the red
        # flag's reading wins ("they've gone" in "like they've gone to sleep"
        # resolves nothing). A trigger for what follows keeps its words: "no
        # trouble" in "no trouble breathing" denies it.
        codes = screen._trigger_words
        steps = [(codes[w],) if w in codes else () for w in ws]
        any_number = screen._any_number
        if any_number is not None:
            for i, w in enumerate(ws):
                if w.isdigit() or w in screen._numbers:
                    steps[i] = (*steps[i], any_number)
        triggers: list[_Trigger] = []
        # Red flags that open with a denial of their own ("no feeling"): a denial
        # before them ("no erection and no feeling in my penis") stops there.
        own_denials: set[int] = set()
        i = 0
        while i < n:
            best: _Trigger | None = None
            for kinds, end in screen._walk(screen._triggers, i, steps, fillers):
                if best is None or end > best.end:
                    best = _Trigger(i, end, kinds)
            if best is not None and (
                best.kinds & _OWN_WORDS
                or not (
                    inside_phrase(best.start, best.end)
                    or (not best.kinds & _PRE and ends_in_phrase(best.start, best.end))
                )
            ):
                triggers.append(best)
                i = best.end
            else:
                if best is not None and best.kinds & _NEG_PRE and i > 0:
                    own_denials.add(i)
                i += 1
        in_trigger = {k for t in triggers for k in range(t.start, t.end)}
        #: The tokens of `current` triggers (see _exceptions).
        self.in_current = {k for t in triggers if t.kinds & _CURRENT for k in range(t.start, t.end)}

        # Sentences end at a stop; clauses also at a boundary phrase, a word
        # that starts a clause of its own, or a comma that does not go on with
        # a list ("no fever, chills or sweats").
        sentence_starts = {0} | {i for i in msg.stops if i < n}
        clause_starts = set(sentence_starts)
        # A word of degree is a boundary only where a clause follows it: "so I can't
        # pee", not "gone so far".
        triggers = [
            t._replace(kinds=t.kinds & ~_BOUNDARY)
            if t.kinds & _BOUNDARY
            and t.end - t.start == 1
            and ws[t.start] in screen._degree_boundaries
            and not (t.end in msg.stops or t.end in msg.commas)
            and (t.end >= n or ws[t.end] not in screen._clause_openers)
            else t
            for t in triggers
        ]
        boundaries = [t for t in triggers if t.kinds & _BOUNDARY]
        clause_starts |= {t.start for t in boundaries}
        # The subject right after a boundary is in the clause the boundary opened
        # ("when I climb the stairs" is one clause, as "because I fell" is).
        after_boundary = {t.end for t in boundaries}
        clause_starts |= {
            i
            for i, w in enumerate(ws)
            if w in screen._clause_starts
            and i not in in_trigger
            and i not in phrase_tokens
            and i not in after_boundary
            and not (i and ws[i - 1] in screen._auxiliaries)
        }
        for comma in msg.commas:
            if comma < n and not self._goes_on_with_a_list(comma, screen, sentence_starts):
                clause_starts.add(comma)
        self.sentence = _numbered(n, sentence_starts)
        self.clause = _numbered(n, clause_starts)
        triggers += self._searched(screen, in_trigger)
        # The pronouns that open a clause as its subject ("... and now it's swollen"), after
        # its boundary and other words that name nothing: each refers to the clause before.
        self.pronouns: list[int] = []
        for first in sorted(clause_starts):
            k = first
            while (
                k < n
                and self.clause[k] == self.clause[first]
                and ws[k] not in screen._anaphors
                and (ws[k] in screen._referring or ws[k] == _AND)
            ):
                k += 1
            if first and k < n and self.clause[k] == self.clause[first] and ws[k] in screen._anaphors:
                self.pronouns.append(k)
        # A clause that gives the reason for the one before it counts as part
        # of it for `unless`.
        self.reason_of = {
            self.clause[i] - 1 for i in clause_starts if i and i < n and ws[i] in screen._reasons
        }
        # Distances for `within` are counted in words that are not fillers.
        self.rank = list(itertools.accumulate((not f for f in fillers), initial=0))

        self.flags = [0] * n
        generic: set[int] = set()
        # A question may open after a phrase that only sets the scene ("In the worst
        # case, could the screws cause paralysis?"): one that names nobody and no
        # red flag, up to the sentence's first comma.
        question_starts = set(sentence_starts)
        for comma in sorted(msg.commas):
            start = max(i for i in sentence_starts if i <= comma) if comma < n else n
            if comma < n and not any(start < c < comma for c in msg.commas):
                scene = range(start, comma)
                if not any(k in phrase_tokens or ws[k] in screen._personal for k in scene):
                    question_starts.add(comma)
        for sentence_start in question_starts:
            for kind, end in screen._walk(screen._starts, sentence_start, steps, fillers):
                if not inside_phrase(sentence_start, end):
                    # "would I ...", "would you ...": a person's, no supposition.
                    person = end < n and ws[end] in screen._subjects
                    triggers.append(
                        _Trigger(sentence_start, end, kind & ~(_HYPOTHETICAL | _FEAR) if person else kind)
                    )
                    in_trigger.update(range(sentence_start, end))
        self.denials: list[_Span] = []
        # A clause that speaks in the present is never resolved by a later clause. (A boundary
        # keeps its verb's tense: "collapsed and is not responding" speaks in the present.)
        meant = {k for t in triggers if t.kinds & ~_BOUNDARY for k in range(t.start, t.end)}
        present = {self.clause[i] for i, w in enumerate(ws) if w in screen._present and i not in meant}
        #: The words that speak in the present (see supposed_now).
        self.present_words = [i for i, w in enumerate(ws) if w in screen._present and i not in meant]
        # An all-clear that denies all since ("none since") is one only where its
        # clause ends; going on ("nothing since breakfast"), it dates something
        # still going on.
        triggers = [
            t._replace(kinds=_CURRENT)
            if t.kinds & _RESOLVED and self._goes_on_now(screen, t, steps, fillers)
            else t
            for t in triggers
        ]
        # A resolution open to a time after it ends nothing when its clause goes on: "fine
        # after" ends a spell, "fine after her surgery until yesterday" dates a change.
        triggers = [
            t._replace(kinds=t.kinds & ~_RESOLVED)
            if t.kinds & _RESOLVED
            and tuple(w for k, w in enumerate(ws[t.start : t.end], t.start) if not fillers[k])
            in screen._open_ended
            and t.end < n
            and t.end not in msg.commas
            and self.clause[t.end] == self.clause[t.start]
            else t
            for t in triggers
        ]
        # A function that came back recovered: "bladder control came back" ends a red flag.
        triggers = [
            t._replace(kinds=_RESOLVED) if t.kinds & _RELAPSE and self._a_function_returns(screen, t) else t
            for t in triggers
        ]
        # A count of hours that a later clause ends ("for a few hours, it wore off") is how
        # long the thing lasted, not a time still running.
        triggers = [
            t._replace(kinds=t.kinds & ~_CURRENT) if self._lasted(screen, t, triggers, fillers) else t
            for t in triggers
        ]
        present |= {self.clause[t.start] for t in triggers if t.kinds & (_CURRENT | _PLEA)}
        # A denied all-clear ("my bladder isn't fine") or resolution ("the numbness
        # hasn't fully settled", "it hasn't gone away") says there is a problem: it
        # denies or ends nothing.
        ending_at = {t.end: t.kinds for t in triggers}

        def denied(start: int) -> bool:
            while True:
                if ending_at.get(start, 0) & _NEG_PRE:
                    return True
                if not start or not fillers[start - 1]:
                    return False
                start -= 1

        triggers = [
            t._replace(kinds=t.kinds & ~(_NEG_POST | _RESOLVED | _HIST_POST))
            if t.kinds & (_NEG_POST | _RESOLVED | _HIST_POST) and denied(t.start)
            else t
            for t in triggers
        ]
        # Words that say nothing of their own in a clause that only dates ("that was
        # 10 years ago", ", unchanged,"): a subject, an auxiliary, a filler, a number.
        light = [
            i in in_trigger
            or fillers[i]
            or w in screen._auxiliaries
            or w in screen._clause_starts
            or w.isdigit()
            or w in screen._numbers
            for i, w in enumerate(ws)
        ]
        pauses = sentence_starts | msg.commas | {n}
        # A time long gone ends where a time of now begins: "numb for years and
        # today both legs are numb" dates only the years (NICE NG59: new or
        # worsening is the flag).
        new_times = {t.start for t in triggers if t.kinds & _CURRENT}
        acting = [t for t in triggers if t.kinds & _ACTING]
        reports = self._reported_starts(screen, clause_starts, pauses | {t.start for t in boundaries})
        if "so" in ws:
            self._mark_results(screen, clause_starts)
        self._mark_said_of_things(screen)
        for t in triggers:
            if t.kinds & _GENERIC:
                generic.add(self.sentence[t.start])
            if t.kinds & (_JOKE | _IDIOM | _OVERDOSE_ON):
                self._mark_figures(screen, t, clause_starts)
            if not t.kinds & (_PRE | _POST):
                continue
            start, end = t.start, t.end
            lasting = t.kinds & _DURATION
            if t.kinds & _PRE:
                # "if I...", "when I was a child I...": a time or a condition takes
                # the clause whose subject follows it, never one a boundary opens ("years
                # ago, and now I..."); a denial does not ("no, I...").
                if (
                    t.kinds & (_HIST_PRE | _HYPOTHETICAL)
                    and not t.kinds & _NEG_PRE
                    and end < n
                    and ws[end] in screen._clause_starts
                    and end not in pauses | in_trigger
                ):
                    end += 1
                dated = t.kinds & _HIST_PRE and not t.kinds & (_NEG_PRE | _HYPOTHETICAL)
                # A list the scope runs through ("if I lose bladder or bowel control or get
                # saddle numbness") shares the trigger: each "or" it crosses reaches a word further.
                reach = t.end + lex.window
                # A supposition of what anyone may say takes it in ("if someone says they're
                # suicidal"): a clause reported, or the speaker's own leading up to the saying.
                takes_in = (
                    reports
                    if t.kinds & _HYPOTHETICAL
                    and not t.kinds & _NEG_PRE
                    and end < n
                    and ws[end] in screen._someone
                    else set()
                )
                while (
                    end < n
                    and end < reach
                    and (end not in clause_starts or end in takes_in)
                    and end not in own_denials
                    and not (dated and end in new_times)
                ):
                    if ws[end] in screen._lists:
                        reach += 1
                    end += 1
                # A time long gone dates the clauses after a comma that go on telling the same
                # past ("last year my wife was allergic to it, her lips swelled"): told in the
                # past, with no word of the present and no time of their own.
                while (
                    dated
                    and end in msg.commas
                    and end < n
                    and self._goes_on_in_the_past(screen, end, present, new_times)
                ):
                    following = self.clause[end]
                    while end < n and self.clause[end] == following:
                        end += 1
            if t.kinds & _POST:
                while start > 0 and start > t.start - lex.window and start not in clause_starts:
                    start -= 1
                # A past point that a "since" before it makes the start of a duration
                # ("suicidal since my surgery in 2019") dates what has lasted.
                lasting |= any(ws[k] in screen._lasting_starts for k in range(start, t.start))
                # A time said at the end of a when-clause dates the clause before it too
                # ("I fainted when I had blood taken as a teenager"), and so does a clause
                # that only dates ("I blacked out once, that was years ago"), unless that
                # one speaks in the present ("I keep having accidents when I cough, never
                # before the op").
                if (
                    t.kinds & _HIST_POST
                    and start > 0
                    and self.clause[start - 1] not in present
                    and (ws[start] in screen._reasons or self._only_dates(start, t.end, light, pauses))
                ):
                    start -= 1
                    while start > 0 and start not in clause_starts:
                        start -= 1
            if t.kinds & _NEG_PRE:
                # A denial of a verb that acts on its object denies the verb alone: "physio
                # hasn't helped my weak legs", "the pressure didn't stop the bleeding".
                end = min((u.end for u in acting if t.end <= u.start < end), default=end)
            scope = _Span(start, end)
            mark = (
                ((_LASTING if lasting else _PAST) if t.kinds & (_HIST_PRE | _HIST_POST) else 0)
                | (_HYPOTHETICAL_WORD if t.kinds & _HYPOTHETICAL else 0)
                | (_FEARED_WORD if t.kinds & _FEAR else 0)
            )
            for k in range(scope.start, scope.end):
                self.flags[k] |= mark
            if t.kinds & (_NEG_PRE | _NEG_POST):
                # A claim that opens with a denial and dates what went before ("numb for 18
                # months, nerve damage, no change") denies only what follows it: what it dates
                # is said, not denied.
                if not t.kinds & _NEG_POST:
                    scope = _Span(t.start, end)
                for k in range(scope.start, scope.end):
                    self.flags[k] |= _NEGATED
                self.denials.append(scope)
        # What a treatment is told to have helped ("hydrotherapy has helped my weak legs") is
        # better, not new: past, on to its clause's end. Denied ("hasn't helped") or supposed
        # ("if physio helped ..."), or in a sentence that says a change or now ("... but now
        # they're giving way"), it says nothing.
        changed = {
            self.sentence[t.start] for t in triggers if t.kinds & (_CURRENT | _RELAPSE | _PLEA | _ALARMING)
        }
        for t in triggers:
            if (
                t.kinds & _RELIEF
                and self.sentence[t.start] not in changed
                and not any(self.flags[k] & (_NEGATED | _HYPOTHETICAL_WORD) for k in range(t.start, t.end))
            ):
                k = t.end
                while k < n and self.clause[k] == self.clause[t.start]:
                    self.flags[k] |= _PAST
                    k += 1
        # A "now", "again" or plea denied, supposed or dated says nothing of now:
        # "if she faints again", "and now walks fine", "since my op in 2015".
        scoped = _NEGATED | _PAST | _LASTING | _HYPOTHETICAL_WORD
        live = [
            t
            for t in triggers
            if t.kinds & (_CURRENT | _PLEA)
            and not any(
                self.flags[k] & (scoped & ~_HYPOTHETICAL_WORD if t.kinds & _MOMENT else scoped)
                for k in range(t.start, t.end)
            )
        ]
        # A time in a request put to the reader ("can you tell me again what to look out
        # for") dates the telling asked for, not a red flag: its clause opens with an
        # auxiliary and the one addressed.
        asked = {
            self.clause[i]
            for i in range(n - 1)
            if (i == 0 or self.clause[i - 1] != self.clause[i])
            and ws[i] in screen._auxiliaries
            and ws[i + 1] in screen._addressees
        }
        if asked:
            live = [t for t in live if t.kinds & _MOMENT or self.clause[t.start] not in asked]
        live = self._long_standing(screen, triggers, live, phrase_tokens, in_trigger)
        #: The sentences a `current` time dates now, other than a story's "now" or a time
        #: in a question ("can I stand for 2 hours?" asks, it dates nothing): a joke there
        #: is no figure (see _mark_figures). Read only when a joke marker stands.
        clause_firsts: dict[int, int] = {}
        if any(t.kinds & _JOKE for t in triggers):
            for i in range(n):
                clause_firsts.setdefault(self.clause[i], i)
        self.dated_now = {
            self.sentence[t.start]
            for t in live
            if clause_firsts
            and t.kinds & _CURRENT
            and tuple(ws[t.start : t.end]) not in screen._story_times
            and not (
                (first := clause_firsts[self.clause[t.start]]) + 1 < n
                and ws[first] in screen._auxiliaries
                and ws[first + 1] in screen._question_subjects
            )
        }
        relapses = [t.start for t in live if t.kinds & _RELAPSE]
        # Strength back ends a weakness only: a clause with no word of one is spared.
        unweak: set[int] = set()
        if any(t.kinds & _STRENGTH for t in triggers):
            weak = {self.clause[i] for i, w in enumerate(ws) if w in screen._weakness}
            unweak = set(self.clause) - weak
        for t in triggers:
            if t.kinds & _RESOLVED:
                spared = present | unweak if t.kinds & _STRENGTH else present
                self._resolve(t, sentence_starts, spared, relapses, phrase_tokens)
        endings = self._endings(
            screen,
            triggers,
            live,
            red_flags=phrase_tokens,
            fillers=fillers,
            sentence_starts=sentence_starts,
            in_trigger=in_trigger,
        )
        for t in endings:
            self._resolve(t, sentence_starts, present, relapses, phrase_tokens)
        # A clinician's explanation ends what went before, as a time gone by (`explanation`);
        # a supposition of "that" happening supposes it (`generic.back_references`).
        # A verdict ends what it names, in the past ("my calf swelled up") or told with no
        # tense ("numb patch on my thigh, the doctor said it's meralgia", "my chest hurts when
        # I cough, the GP said it's muscular"), a supposition only a clause that tells what
        # was told or read ("they told me about ..."); neither a sentence that may say now
        # ("I've taken a packet of paracetamol", "my legs are numb").
        explained = self._explanations(screen, triggers, sentence_starts)
        supposed = self._suppositions_of_that(screen, triggers, phrase_tokens, fillers)
        if explained or supposed:
            everywhere = set(self.clause)
            # (a sentence that speaks in the present or of a recent time, whole, but for
            # the verdict's own words, from the clinician on: "said it was just the stitches")
            verdicts = {
                i for who, t in explained for i in range(who, n) if self.sentence[i] == self.sentence[who]
            }
            # (the verdict's present is its own: "said the numbness in my toes is from ...")
            spoken = {self.clause[i] for i in self.present_words if i not in verdicts} | {
                self.clause[t.start]
                for t in triggers
                if t.kinds & (_CURRENT | _PLEA) and t.start not in verdicts
            }
            now = {
                self.sentence[i]
                for i, w in enumerate(ws)
                if i not in verdicts and (w in screen._recent or self.clause[i] in spoken)
            }
            recent = {self.clause[i] for i in range(n) if self.sentence[i] in now}
            for _, t in explained:
                self._resolve(t, sentence_starts, recent, relapses, phrase_tokens, mark=_LASTING)
            told = {self.clause[i] for i, w in enumerate(ws) if w in screen._tellings}
            # (what was read is said in the present: "I read that numbness is a red flag")
            saying = {self.clause[i] for i, w in enumerate(ws) if w in screen._recent} | {
                self.clause[i] for i in self.present_words if ws[i] not in _COPULAS | {"are"}
            }
            saying |= {self.clause[t.start] for t in live}
            for t in supposed:
                spared = saying | (everywhere - told)
                self._resolve(
                    t,
                    sentence_starts,
                    spared,
                    relapses,
                    phrase_tokens,
                    mark=_HYPOTHETICAL_WORD | _FEARED_WORD,
                )
        self._mark_answers(screen, triggers, sentence_starts)
        # "I've got none of those" denies what was listed, when it ends its clause: "none
        # of those have gone away" and "none of those painkillers help" deny nothing.
        for t in triggers:
            if t.kinds & _ANAPHORIC and (t.end >= n or t.end in clause_starts or t.end in msg.commas):
                self._resolve(t, sentence_starts, present, relapses, phrase_tokens, mark=_NEGATED)
        # A time or an ending said in a clause of its own, with no red flag in it, speaks
        # of the thing told before it ("I had pus in the first week, and it's cleared
        # up"): back over its sentence as a resolution does, as past.
        # (A duration said so is a claim of stability, read with its guards above.) So too an
        # all-clear told in the past ("went numb for a few hours, then it was fine"): a spell
        # told in order, over.
        for t in triggers:
            if (
                (t.kinds & _HIST_POST and not t.kinds & _DURATION) or self._told_over(screen, t)
            ) and self._of_what_went_before(screen, t, triggers, phrase_tokens, in_trigger):
                self._resolve(t, sentence_starts, present, relapses, phrase_tokens, mark=_PAST)
        current = {self.sentence[t.start] for t in live}
        self._mark_others(screen, triggers, in_trigger | phrase_tokens, present, phrase_tokens)
        self._mark_reactions_and_consequences(screen, triggers, phrase_tokens)
        # A general question names nobody; a sentence saying "now" is current.
        # Someone named only in a supposition ("... look like if I got one?") or in a
        # purpose the question serves ("... so my family know?") is no one it describes.
        aside = self._asides(screen, triggers, phrase_tokens)
        personal = {
            self.sentence[i]
            for i, w in enumerate(ws)
            if w in screen._personal
            and i not in in_trigger
            # (one a fear or "would" supposes is named still: "would it matter if I ...")
            and not (
                self.flags[i] & (_HYPOTHETICAL_WORD | _FEARED_WORD) == _HYPOTHETICAL_WORD
                or self.clause[i] in aside
            )
        }
        # A general question taken up by a later sentence about someone now
        # ("is it normal to have chest pain after surgery? I've had it since this
        # morning", "... ? it's spreading") described a symptom: it is current. A sentence that ends on
        # its auxiliary takes it up too, its verb left out ("... right now I can't").
        hypothetical = {self.sentence[t.start] for t in triggers if t.kinds & _HYPOTHETICAL}
        # A thing said to be spreading or back ("... red all around? it's spreading") is
        # someone's, named or not; asked ("is it getting worse in the UK?"), it is not said.
        firsts = {self.sentence[i]: ws[i] for i in sentence_starts if i < n}
        relapsing = {
            s
            for t in live
            if t.kinds & _RELAPSE and firsts.get(s := self.sentence[t.start]) not in screen._auxiliaries
        }
        # (A time of now in an all-clear, "but I'm fine at the moment", says that now
        # nothing is wrong: it takes nothing up.)
        cleared = {self.clause[t.start] for t in triggers if t.kinds & _NEG_POST}
        later = {self.sentence[t.start] for t in live if self.clause[t.start] not in cleared}
        later &= personal | relapsing
        if later:
            ends = msg.stops | {n}
            later &= {
                self.sentence[i]
                for i, w in enumerate(ws)
                if (w in screen._anaphors or (w in screen._auxiliaries and i + 1 in ends))
                and i not in in_trigger
            }
        taken_up = {s for s in generic | hypothetical if later and s < max(later)}
        current |= taken_up
        self.generic = generic - personal - current
        self.current = current
        self._mark_current(screen, triggers, live, taken_up, phrase_tokens)
        # An intent owned to after a supposition or a general question makes what was said
        # before it, in its sentence or the one before, the writer's, for a self-harm rule
        # only: the question not general, the supposition feared (not when the intent is
        # asked: "are you considering it?"; "what is a fusion? I'm planning to do it" is a
        # surgery).
        #: The sentences an intent owns to (see counts).
        self.owned: set[int] = set()
        for t in triggers:
            if t.kinds & _INTENT and ws[self.clause.index(self.clause[t.start])] not in screen._auxiliaries:
                said = self.sentence[t.start]
                self.owned |= {said, said - 1}
                for k in range(t.start):
                    if said - self.sentence[k] <= 1 and self.flags[k] & _HYPOTHETICAL_WORD:
                        self.flags[k] |= _FEARED_WORD

    def _reported_starts(self, screen: UrgentScreen, clause_starts: set[int], stops: set[int]) -> set[int]:
        """The clauses opened by a subject (not at a pause or a boundary in ``stops``)
        that a verb of saying reports ("says they're ...", "told me he ..."), or that lead
        up to one ("someone I know says"; lexicon `generic.reports`)."""
        ws, n, reports = self.msg.words, len(self.msg.words), screen._reports
        if reports.isdisjoint(ws):
            return set()
        found = set()
        for at in clause_starts - stops:
            if at >= n or ws[at] not in screen._clause_starts:
                continue
            k = at - 1
            while k > 0 and k > at - 3 and ws[k] in screen._told:
                k -= 1
            ahead = range(at + 1, min(at + 4, n))
            ahead = range(at + 1, next((j for j in ahead if j in clause_starts or j in stops), ahead.stop))
            if ws[k] in reports or any(ws[j] in reports for j in ahead):
                found.add(at)
        return found

    def _searched(self, screen: UrgentScreen, in_trigger: set[int]) -> list[_Trigger]:
        """What one checks for is supposed (lexicon `searches`): "check myself for
        saddle numbness" makes a hypothetical trigger of "for", the object between
        the verb and it in the verb's clause. A red flag in the object ("check my
        bleeding wound for pus") is outside the trigger's scope and still counts,
        and a self-harm rule counts through it, as through a fear."""
        ws, clause = self.msg.words, self.clause
        n = len(ws)
        found: list[_Trigger] = []
        if screen._searches.keys().isdisjoint(ws):
            return found  # most messages check for nothing
        for k, w in enumerate(ws):
            last = screen._searches.get(w)
            if last is None:
                continue
            for j in range(k + 1, min(n, k + 2 + screen.lexicon.search_gap)):
                if clause[j] != clause[k]:
                    break
                if ws[j] == last:
                    if j not in in_trigger:
                        # As a fear is: a self-harm rule (`lasting`) counts through it.
                        found.append(_Trigger(j, j + 1, _HYPOTHETICAL | _FEAR | _SEARCH))
                        in_trigger.add(j)
                    break
        return found

    def _mark_figures(self, screen: UrgentScreen, t: _Trigger, clause_starts: set[int]) -> None:
        """Mark the figures of speech (lexicon `figurative`): an idiom's own
        words; an overdose of an everyday thing, verb and object; and the
        hyperboles of a joke marker's clause, back to its start."""
        ws, flags = self.msg.words, self.flags
        if t.kinds & _IDIOM:
            for k in range(t.start, t.end):
                flags[k] |= _FIGURATIVE_WORD
        if t.kinds & _OVERDOSE_ON:
            # What is taken, up to its first function word after a content word.
            thing: list[int] = []
            k = t.end
            while k < len(ws) and k not in self.msg.stops and k not in self.msg.commas:
                if ws[k] in STOPWORDS or ws[k] in screen._fillers:
                    if thing:
                        break
                else:
                    thing.append(k)
                k += 1
            # (a rule word, its stem's family or a typo of one may be a medicine: "my med")
            everyday = bool(thing) and all(
                not screen._matches(ws[i])
                and stem(ws[i]) not in screen._substances
                and zipf(ws[i]) >= COMMON_WORD_ZIPF
                for i in thing
            )
            if everyday:
                for i in range(t.start, thing[-1] + 1):
                    flags[i] |= _FIGURATIVE_WORD
        if t.kinds & _JOKE:
            start = t.start
            while start > 0 and start > t.start - screen.lexicon.window and start not in clause_starts:
                start -= 1
            # A hyperbole, or a slip in one that is no word of its own ("suffocatig").
            hyperboles = screen._hyperboles
            for k in range(start, t.start):
                w = ws[k]
                if w in hyperboles or (
                    zipf(w) < COMMON_WORD_ZIPF and any(_typo_of(h, w) for h in hyperboles)
                ):
                    flags[k] |= _JOKE_WORD

    def _mark_results(self, screen: UrgentScreen, clause_starts: set[int]) -> None:
        """Mark the hyperboles of a degree's result ("so hungry I could
        collapse"; lexicon `figurative.results`), on to its clause's end, as a
        joke's are: only right after "so" and one word that is no red flag of
        its own ("so weak I could collapse" alarms), or "so", a word and "that".
        Read from the words, not as a trigger: "I" still opens its clause."""
        ws, flags = self.msg.words, self.flags
        n = len(ws)
        for so in (i for i, w in enumerate(ws) if w == "so"):
            at = so + 3 if so + 2 < n and ws[so + 2] == "that" else so + 2
            if at >= n or screen._matches(ws[so + 1]):
                continue
            opener = next((r for r in screen._results if tuple(ws[at : at + len(r)]) == r), None)
            if opener is None:
                continue
            k = at + len(opener)
            while (
                k < n and k < at + len(opener) + screen.lexicon.window and (k == at or k not in clause_starts)
            ):
                if ws[k] in screen._hyperboles:
                    flags[k] |= _JOKE_WORD
                k += 1

    def _mark_said_of_things(self, screen: UrgentScreen) -> None:
        """Mark a hyperbole said of a thing at a sentence's start ("this heat
        is suffocating"; lexicon `figurative.things`), as a joke's are: never
        of a person, a small child or a pet ("the baby is suffocating"), nor of
        a word of a red flag's phrase ("this leg is dead")."""
        ws, flags = self.msg.words, self.flags
        named = screen._others | screen._personal | screen._small_children | screen._never_patients
        for k in range(3, len(ws)):
            if (
                ws[k] in screen._hyperboles
                and ws[k - 1] in _COPULAS
                and ws[k - 3] in screen._things
                and self.sentence[k - 3] == self.sentence[k]
                and (k - 3 == 0 or self.sentence[k - 4] != self.sentence[k - 3])
                and ws[k - 2] not in named
                and not any(
                    sp.start <= k - 2 < sp.end
                    for code, spans in self.occurrences.items()
                    if code % _SLOTS != _UNLESS
                    for sp in spans
                )
            ):
                flags[k] |= _JOKE_WORD
        # A longer subject that names a thing ("my motivation has collapsed", "the deadline
        # at work is killing me"): its clause's first words, a determiner, up to `reach`
        # words that name no body part and no one, then "is", "has" or "had".
        starts = {self.clause[i]: i for i in range(len(ws) - 1, -1, -1)}
        spans = [sp for code, found in self.occurrences.items() if code % _SLOTS != _UNLESS for sp in found]
        determiners = screen._things | screen._articles
        plain = named | screen._bodies | screen._clause_starts | screen._auxiliaries
        for k in range(2, len(ws)):
            if ws[k] not in screen._hyperboles or flags[k] & _JOKE_WORD:
                continue
            at = k  # back over fillers: "has completely collapsed"
            while at > 0 and ws[at - 1] in screen._fillers:
                at -= 1
            verb = next((v for v in (2, 1) if v <= at and tuple(ws[at - v : at]) in screen._thing_verbs), 0)
            first = starts[self.clause[k]]
            while first < k and ws[first] in screen._contrasts | {_AND}:
                first += 1
            subject = range(first + 1, at - verb)
            if (
                verb
                and ws[first] in determiners
                and 1 <= len(subject) <= screen.lexicon.figurative_reach
                and not any(ws[i] in plain for i in subject)
                and not any(sp.start <= i < sp.end for sp in spans for i in range(first, at - verb))
            ):
                flags[k] |= _JOKE_WORD

    def _explanations(
        self, screen: UrgentScreen, triggers: list[_Trigger], sentence_starts: set[int]
    ) -> list[tuple[int, _Trigger]]:
        """A clinician's verdict on what went before (lexicon `explanation`: "the GP
        checked it and said it was just the stitches"), as a trigger from the
        clinician to the verdict's end: only where what it says holds no red flag
        that is not denied and no change, warning or now."""
        ws, n, sentence = self.msg.words, len(self.msg.words), self.sentence
        if screen._verdict_firsts.isdisjoint(ws):
            return []
        reach = screen.lexicon.explanation_reach
        pauses = self.msg.stops | self.msg.commas
        changes = _CURRENT | _RELAPSE | _ALARMING | _PLEA
        # A red flag said whole ("a clot", "sepsis"), not a word of a group ("the stitches").
        whole = {
            k
            for code, spans in self.occurrences.items()
            if code % _SLOTS == _ANY
            for sp in spans
            for k in range(sp.start, sp.end)
        }
        found: list[tuple[int, _Trigger]] = []
        for v in range(1, n):
            if ws[v] not in screen._verdict_firsts:
                continue
            size = _phrase_at(ws, v, screen._verdicts)
            if not size:
                continue
            who = next(
                (
                    c
                    for c in range(v - 1, max(-1, v - 1 - reach), -1)
                    if ws[c] in screen._clinicians and sentence[c] == sentence[v]
                ),
                None,
            )
            if who is None or any(ws[k] in screen._first_person for k in range(who + 1, v)):
                continue
            o = v + size
            while o < n and o not in self.msg.stops and ws[o] in screen._told:
                o += 1
            if o >= n or o in self.msg.stops:
                continue
            start = who
            if ws[o] not in screen._openers:
                # The verdict may name what it explains first, then what it is ("the GP said
                # the numbness in my toes is from my diabetes"): a subject of a few words with
                # no pause, then "is" or "was"; what it says runs from there, and the subject
                # is what it ends.
                stop = next((k for k in range(o, n) if k in pauses), n)
                o = next((k for k in range(o + 1, min(stop, o + reach)) if ws[k] in _COPULAS), n)
                if o >= n:
                    continue
                start = o
            end = min([i for i in sentence_starts if i > o] or [n])
            if any(k in whole and not self.flags[k] & _NEGATED for k in range(o, end)):
                continue
            said = ws[:end]
            if not any(_phrase_at(said, k, screen._reassurances) for k in range(o, end)) or any(
                _phrase_at(said, k, screen._serious) and not self.flags[k] & _NEGATED for k in range(o, end)
            ):
                continue
            if any(o <= t.start < end and t.kinds & changes for t in triggers):
                continue
            found.append((who, _Trigger(start, max(start + 1, v + size), _RESOLVED)))
        return found

    def _suppositions_of_that(
        self, screen: UrgentScreen, triggers: list[_Trigger], red_flags: set[int], fillers: list[bool]
    ) -> list[_Trigger]:
        """The suppositions of "that" happening ("what should I do if that ever
        happens?", "what happens if I get them?"; lexicon `generic.back_references`):
        a hypothetical trigger, then a word that refers back and one of
        `occurrences`, or one of `acquisitions` (perhaps the trigger's own last
        word) and the word that refers back, and no red flag, `current` or
        `relapse` word on to the clause's end ("if it happens again" takes it as had)."""
        ws, n, clause = self.msg.words, len(self.msg.words), self.clause
        found: list[_Trigger] = []
        for t in triggers:
            if not t.kinds & _HYPOTHETICAL or t.kinds & (_FEAR | _SEARCH) or t.end >= n:
                continue
            # the clause after it: its own, or one its subject opens ("if I get them")
            at, here = t.end, clause[t.end]
            while at < n and fillers[at] and clause[at] == here:
                at += 1
            if (ws[t.end - 1],) in screen._acquisitions:
                got = 1  # "if i get" + "them"
            else:
                if at < n and ws[at] in screen._subjects:
                    at += 1
                got = _phrase_at(ws, at, screen._acquisitions)
                at += got
                while got and at < n and fillers[at]:
                    at += 1
            ref = _phrase_at(ws, at, screen._back_references)
            if not ref or clause[at] != here:
                continue
            at += ref
            if not got:
                while at < n and fillers[at]:
                    at += 1
                size = _phrase_at(ws, at, screen._back_occurrences)
                if not size:
                    continue
                at += size
            if any(k in self.msg.stops or k in self.msg.commas for k in range(t.end, at)):
                continue
            end = at
            while end < n and clause[end] == here and end not in self.msg.stops:
                end += 1
            if any(k in red_flags for k in range(t.end, end)) or any(
                t.end <= u.start < end and u.kinds & (_CURRENT | _RELAPSE) for u in triggers
            ):
                continue
            found.append(t)
        return found

    def _mark_answers(
        self, screen: UrgentScreen, triggers: list[_Trigger], sentence_starts: set[int]
    ) -> None:
        """Deny a bare label answered "no" ("chest pain? no", "fever - no"; lexicon
        `negation.answers`): the answer ends its clause, and the words it
        answers (before it in its clause, or the sentence before when it opens
        its own) have no subject, auxiliary, word in the present or trigger of
        any kind ("what's the lethal dose? no" is no label)."""
        ws, n, msg = self.msg.words, len(self.msg.words), self.msg
        if not any((w,) in screen._answers for w in ws):
            return
        # (nor a question: "what's the lethal dose of ...? no")
        light = screen._clause_starts | screen._auxiliaries | screen._present | screen._first_person
        light |= screen._question_openers
        for i in range(1, n):
            size = _phrase_at(ws, i, screen._answers)
            end = i + size
            if not size or not (end >= n or end in msg.stops or end in msg.commas):
                continue
            if i in sentence_starts:
                start = max(k for k in sentence_starts if k < i)
            else:
                start = i - 1
                while start > 0 and self.clause[start - 1] == self.clause[i - 1]:
                    start -= 1
            label = range(start, i)
            if (
                not label
                or len(label) > screen.lexicon.window
                or any(ws[k] in light or (k in msg.commas and k != start) for k in label)
                or any(start <= t.start < i and not t.kinds & _BOUNDARY for t in triggers)
            ):
                continue
            for k in label:
                self.flags[k] |= _ANSWERED_WORD
            self.denials.append(_Span(start, end))

    def _asides(self, screen: UrgentScreen, triggers: list[_Trigger], red_flags: set[int]) -> set[int]:
        """The clauses that say what a question is for (lexicon
        `generic.purposes`: "so my family know") or what one would do about it
        (a clause with a hypothetical trigger: "... I should look out for"), in
        a sentence with a general-question trigger."""
        general = {self.sentence[t.start] for t in triggers if t.kinds & _GENERIC}
        if not general:
            return set()
        ws, clause = self.msg.words, self.clause
        return (
            {
                clause[i]
                for i, w in enumerate(ws)
                if w in screen._purposes
                and self.sentence[i] in general
                and (i == 0 or clause[i - 1] != clause[i] or i in self.msg.commas)
            }
            | {
                clause[t.start]
                for t in triggers
                if t.kinds & _HYPOTHETICAL
                and not t.kinds & (_SEARCH | _GENERIC)
                and self.sentence[t.start] in general
            }
            | self._only_knowing(screen, general, red_flags)
        )

    def _only_knowing(self, screen: UrgentScreen, general: set[int], red_flags: set[int]) -> set[int]:
        """The clauses of a general question that say someone wants to know
        (lexicon `generic.knowing`) and hold no red flag of their own: "..., my
        family want to know" (not "..., I need to know as my calf is swollen")."""
        ws, clause, sentence = self.msg.words, self.clause, self.sentence
        knowing = {clause[i] for i, w in enumerate(ws) if w in screen._knowing and sentence[i] in general}
        return knowing - {clause[k] for k in red_flags}

    def _mark_reactions_and_consequences(
        self, screen: UrgentScreen, triggers: list[_Trigger], red_flags: set[int]
    ) -> None:
        """Two readings of a clause by the one beside it. A clause that says
        what the writer saw or heard (lexicon `reaction.perceptions` after one
        of `reasons`: "when I saw the bill") makes the clause before it a
        reaction, not a symptom ("my knees went weak ..."); one that holds a red
        flag of its own is no reaction ("I fainted when I saw blood pouring").
        And a question that follows a supposition ("what if I sneeze hard,
        could my stitches burst?"), opened by a modal before its subject
        (`generic.consequences`), is supposed with it."""
        ws, clause, sentence, flags = self.msg.words, self.clause, self.sentence, self.flags
        n = len(ws)
        tokens: dict[int, list[int]] = {}
        for i in range(n):
            tokens.setdefault(clause[i], []).append(i)
        supposed = {clause[t.start] for t in triggers if t.kinds & _HYPOTHETICAL} | {
            clause[i] for i in range(n) if flags[i] & _HYPOTHETICAL_WORD
        }
        for c, members in tokens.items():
            first = members[0]
            before = tokens.get(c - 1)
            if not before or sentence[before[0]] != sentence[first]:
                continue
            # (a person a rule's group names, as "i" in a FAQ's own rule, is no red flag)
            if any(k in red_flags and ws[k] not in screen._personal for k in members):
                continue
            if ws[first] in screen._reasons and any(
                " ".join(ws[k : k + 2]) in screen._perceptions or ws[k] in screen._perceptions
                for k in members
            ):
                for k in before:
                    flags[k] |= _REACTION_WORD
        for c, members in tokens.items():
            first = members[0]
            if (
                c - 1 in supposed
                and ws[first] in screen._consequences
                and len(members) > 1
                and ws[members[1]] in screen._question_subjects
                and sentence[first] == sentence[tokens[c - 1][0]]
            ):
                for k in members:
                    flags[k] |= _HYPOTHETICAL_WORD

    def _long_standing(
        self,
        screen: UrgentScreen,
        triggers: list[_Trigger],
        live: list[_Trigger],
        red_flags: set[int],
        in_trigger: set[int],
    ) -> list[_Trigger]:
        """Mark the red flags told as long-standing and stable (the lexicon's
        `stability`): a sentence with a claim ("it's stable", "my GP knows")
        and a time that dates the symptom long ago ("for 18 months", "since my
        stroke"), and nothing new or alarming, marks its red flags as lasting up
        to the claim's clause (or the sentence before, when its own holds no red
        flag), sparing a clause of their own in the present ("... and I can't
        pee"). Returns ``live`` without the `current` words that there only say
        it goes on ("still", "since my stroke"): the claim outweighs them."""
        ws, sentence, clause, flags = self.msg.words, self.sentence, self.clause, self.flags
        unsaid = _NEGATED | _HYPOTHETICAL_WORD

        def said(t: _Trigger) -> bool:
            return not any(flags[k] & unsaid for k in range(t.start, t.end))

        claims = [t for t in triggers if t.kinds & _STABLE and said(t)]
        if not claims:
            return live
        articles = screen._articles

        def since_event(t: _Trigger) -> bool:
            # "since my stroke", "since the op": a past event as the start.
            return (
                t.end == t.start + 1
                and ws[t.start] in screen._lasting_starts
                and t.end < len(ws)
                and ws[t.end] in articles
            )

        dating = _HIST_PRE | _HIST_POST | _DURATION | _SPAN
        live_starts = {t.start for t in live}
        by_sentence: dict[int, list[_Trigger]] = {}
        for t in triggers:
            by_sentence.setdefault(sentence[t.start], []).append(t)

        def dates(s: int) -> bool:
            # A claim is no time of its own ("it's stable" is in both lists).
            return any(
                (t.kinds & dating and not t.kinds & _STABLE) or since_event(t) for t in by_sentence.get(s, ())
            )

        def alarms(s: int) -> bool:
            return any(
                (t.kinds & _ALARMING and said(t))
                or (
                    t.start in live_starts
                    and t.kinds & _CURRENT
                    and not t.kinds & _PERSIST
                    and not since_event(t)
                )
                for t in by_sentence.get(s, ())
            )

        flagged = {sentence[i] for i in red_flags}
        # Clauses with a trigger that dates or claims stability are the story's own.
        dated_clauses = {clause[t.start] for t in triggers if t.kinds & (dating | _STABLE)}
        spoken_now = {
            clause[i]
            for i, w in enumerate(ws)
            if w in screen._present and i not in in_trigger and clause[i] not in dated_clauses
        }
        steady: set[int] = set()
        for t in claims:
            s = sentence[t.start]
            target = s if s in flagged or not s else s - 1
            told = {s, target}
            if not any(map(dates, told)) or any(map(alarms, told)):
                continue
            steady |= told
            end = t.end
            if target == s:
                while end < len(ws) and clause[end] == clause[t.end - 1]:
                    end += 1
            else:
                end = min(i for i, x in enumerate(sentence) if x == s)
            for k in range(min(i for i, x in enumerate(sentence) if x == target), end):
                if clause[k] not in spoken_now:
                    flags[k] |= _LASTING
        if not steady:
            return live
        return [
            t for t in live if sentence[t.start] not in steady or not (t.kinds & _PERSIST or since_event(t))
        ]

    def _mark_current(
        self,
        screen: UrgentScreen,
        triggers: list[_Trigger],
        live: list[_Trigger],
        whole: set[int],
        red_flags: set[int],
    ) -> None:
        """Mark the tokens a `current` trigger says are happening now: from
        the trigger to the end of its sentence, and back to its start unless a
        contrast stands between ("I was suicidal years ago but I'm in a better
        place now": the "now" is the better place's). A trigger that opens with
        a contrast ("now", "but today") speaks only for what follows it; one that
        says a thing is back ("it's come back", "again"), or whose clause takes
        it up ("but today it gave way"), for the whole sentence.
        Only the ``live`` `current` triggers and pleas speak (see __init__);
        sentences in ``whole`` are current throughout; ``red_flags`` are the
        tokens of red-flag phrases."""
        ws, contrasts, sentence, clause = self.msg.words, screen._contrasts, self.sentence, self.clause
        flags = self.flags
        n = len(ws)
        now = [sentence[k] in whole for k in range(n)]
        self.pleas = {sentence[t.start] for t in live if t.kinds & _PLEA}
        self.now = now
        if not any(t.kinds & _CURRENT for t in live):
            return
        # Clauses that take up an earlier thing and say a red flag of it ("it gave way").
        anaphoric = {clause[i] for i, w in enumerate(ws) if w in screen._anaphors} & {
            clause[i] for i in red_flags
        }
        # Where a contrast opens: "but", and "now" after a pause ("..., now I am fine").
        pauses = {0} | self.msg.commas | self.msg.stops
        opens = {
            k for k, w in enumerate(ws) if w in contrasts or (w in screen._pause_contrasts and k in pauses)
        }
        # A past time said after a current word in its clause dates it: "numb
        # since my first op in 2012" is no "since" of now.
        dated = {(clause[t.start], t.start) for t in triggers if t.kinds & _HIST_POST}
        # Where a time long gone is said (a date after "now" dates nothing before it).
        dated_at = [t.start for t in triggers if t.kinds & (_HIST_PRE | _HIST_POST)]
        for t in live:
            if not t.kinds & _CURRENT or any(c == clause[t.start] and at > t.start for c, at in dated):
                continue
            s = sentence[t.start]
            k = t.start
            while k < n and sentence[k] == s:
                # A supposition after it stays one: "I worry that one day I might get foot drop";
                # the present moment speaks for the rest of its own clause.
                if not flags[k] & _HYPOTHETICAL_WORD or (t.kinds & _MOMENT and clause[k] == clause[t.start]):
                    now[k] = True
                k += 1
            # A relapse, or a later clause that takes up what went before ("but
            # this morning it gave way"), says the earlier thing is happening now.
            taken_up = any(clause[i] in anaphoric for i in range(t.start, k))
            if t.start in opens and not taken_up:
                continue
            back_over = taken_up or (bool(t.kinds & _RELAPSE) and t.start not in opens)
            # Nor does it reach back into an earlier clause dated long ago before it, unless
            # what follows the dated words refers back ("... as a child, he carries an epipen
            # now" is the epipen's now; "... in 2015 and it's back now" is the red flag's).
            j = t.start
            while j > 0 and sentence[j - 1] == s and not flags[j - 1] & _PAST:
                j -= 1
            refers = (
                back_over
                or not any(sentence[h] == s and h < t.start for h in dated_at)
                or any(ws[i] in screen._anaphors for i in range(j, k))
            )
            k = t.start
            while k > 0 and sentence[k - 1] == s and (back_over or k - 1 not in opens) and (refers or k > j):
                k -= 1
                now[k] = True

    def _mark_others(
        self,
        screen: UrgentScreen,
        triggers: list[_Trigger],
        in_trigger: set[int],
        present: set[int],
        red_flags: set[int],
    ) -> None:
        """ConText's experiencer: mark the clauses that tell of someone else's
        red flag, not the writer's now. A sentence reported from elsewhere ("on
        the news", "the leaflet lists") is someone else's, and so is a clause
        whose subject is another person told in the past ("my cousin had...").
        A clause that speaks in the present, says "I" or a recent time ("an
        hour ago", "yesterday") is spared: a caregiver describing someone now
        stays urgent, and in doubt the alarm wins. The words of a trigger or a
        red flag ("passed out") say nothing of who or when. A clause that gives
        the reason for a marked one is the same person's ("my gran needed a
        catheter because she couldn't pee"), one that a marked one reports,
        told in the past by someone the writer does not care for ("a man on my
        ward said he couldn't feel his legs"), and one that goes on with its
        list ("my toddler has an ear infection and a temperature")."""
        ws = self.msg.words
        reported = {self.sentence[t.start] for t in triggers if t.kinds & _REPORTED}
        if (
            not reported
            and screen._others.isdisjoint(ws)
            and screen._never_patients.isdisjoint(ws)
            and screen._small_children.isdisjoint(ws)
        ):
            return  # most messages name no one else: nothing to mark
        clauses: dict[int, list[int]] = {}
        for i in range(len(ws)):
            clauses.setdefault(self.clause[i], []).append(i)
        # Each marked clause: _OTHER, or _CHILD_WORD for a small child's alone.
        marked: dict[int, int] = {}

        def stranger(tokens: list[int]) -> bool:
            # Someone unknown ("a man on my ward"): what they had, in the past, even in
            # a red flag's own words ("had a seizure"), is told of them, not asked for.
            return any(
                ws[i] in screen._strangers and i + 1 < len(ws) and ws[i + 1] in screen._others for i in tokens
            )

        def reports(first: int) -> bool:
            # Told in the past by someone the writer does not look after ("someone at my
            # class said"): a husband who "said he couldn't pee" may be beside them now.
            before = clauses[self.clause[first - 1]] if first else []
            return (
                bool(before)
                and ws[first - 1] in screen._past
                and self.sentence[first - 1] == self.sentence[first]
                and any(ws[i] in screen._others and ws[i] not in screen._personal for i in before)
            )

        def goes_on(first: int, tokens: list[int]) -> bool:
            # A list that goes on with "and" and no one of its own ("my toddler has an ear
            # infection and a temperature") says more of the same person.
            return (
                ws[first] == _AND
                and self.sentence[first - 1] == self.sentence[first]
                and not any(ws[i] in screen._personal for i in tokens)
            )

        for clause, tokens in clauses.items():
            own = {ws[i] for i in tokens if i not in in_trigger}
            said = tuple(ws[i] for i in tokens)
            recent = not own.isdisjoint(screen._recent) or (
                self.sentence[tokens[0]] not in reported
                and any(said[k : k + len(p)] == p for p in screen._recent_times for k in range(len(said)))
            )
            if not own.isdisjoint(screen._first_person):
                continue
            # (a pet or a small child is never the patient, however recent: "my toddler has")
            pet = not own.isdisjoint(screen._never_patients)
            child = not own.isdisjoint(screen._small_children)
            if recent and not (pet or child):
                continue
            # A clause that gives the reason for a marked one, or that a marked one reports
            # ("someone at my class said | she couldn't feel her legs"), is the same person's.
            first = tokens[0]
            reason = clause - 1 in marked and (
                ws[first] in screen._reasons or reports(first) or goes_on(first, tokens)
            )
            # A person named in a red flag's own words is still someone else ("my
            # sister once fainted", where a rule's phrase holds "sister").
            others = any(ws[i] in screen._others for i in tokens)
            # (the character of a story is someone else, though "the character" is the trigger)
            if self.sentence[tokens[0]] in reported and any(ws[i] in screen._others for i in tokens):
                # Other people told of from elsewhere are not the writer, even in
                # the present or beside a "now" ("I read on a forum that some people
                # can't pee", "the character goes numb... not what I need right now").
                marked[clause] = _OTHER
                for i in tokens:
                    self.flags[i] |= _OTHER | _REPORTED_WORD
                continue
            # A pet is never the patient, nor a small child but for an `any_age` rule; what
            # would mark an adult's clause (not a recent one) marks a child's as someone else's.
            mark = _OTHER | _PET_WORD if pet else 0
            # A story that goes on in the present with a red flag of its own ("my wife's leg
            # went dead and she can't lift it") tells of the person now.
            goes_on_now = any(
                c > clause
                and c in present
                and self.sentence[ts[0]] == self.sentence[tokens[0]]
                and any(i in red_flags for i in ts)
                for c, ts in clauses.items()
            )
            if not recent and clause not in present and not goes_on_now:
                if reason:
                    mark |= marked[clause - 1]
                if (
                    self.sentence[tokens[0]] in reported
                    or (others and not own.isdisjoint(screen._past))
                    or (stranger(tokens) and not screen._past.isdisjoint(ws[i] for i in tokens))
                ):
                    mark |= _OTHER
            if child and not mark & _OTHER:
                mark = _CHILD_WORD
            if mark:
                marked[clause] = mark
                for i in tokens:
                    self.flags[i] |= mark

    def _resolve(
        self,
        t: _Trigger,
        sentence_starts: set[int],
        present: set[int],
        relapses: list[int],
        red_flags: set[int],
        *,
        mark: int = _RESOLVED_WORD,
    ) -> None:
        """Mark (with ``mark``) what a resolution (``t``) says is over: back to
        the start of its sentence, or of the nearest one before it that holds a
        ``red_flags`` token when none stands in its own before it ("I had chest
        pain. They did an ECG. It was normal and it hasn't happened again."),
        unless a relapse follows it in that sentence."""
        sentence = self.sentence[t.start]
        if any(self.sentence[r] == sentence and r > t.start for r in relapses):
            return
        start = max(i for i in sentence_starts if i <= t.start)
        # Back over the story told in between ("They gave me antibiotics."), to
        # the nearest sentence that holds a red flag.
        while start and not any(k in red_flags for k in range(start, t.start)):
            start = max(i for i in sentence_starts if i < start)
        for k in range(start, t.start):
            if self.clause[k] not in present:
                self.flags[k] |= mark

    def _a_function_returns(self, screen: UrgentScreen, t: _Trigger) -> bool:
        """Whether `relapse` trigger ``t`` says a thing came back (lexicon
        `resolution.returns`) of a function or ability named in its clause
        before it ("the feeling in my legs came back"), with no other word
        there than the function's parts, fillers, links and words that name
        nothing (see _referring): a function back
        is a recovery, a symptom back ("the numbness came back") a relapse."""
        ws, clause = self.msg.words, self.clause
        if " ".join(ws[t.start : t.end]) not in screen._returns:
            return False
        named = False
        k = t.start
        while k > 0 and clause[k - 1] == clause[t.start]:
            k -= 1
            w = ws[k]
            if w in screen._functions:
                named = True
            # A word that names nothing of its own ("but", "then") names no symptom.
            elif not (w in screen._function_words or w in screen._fillers or w in screen._referring):
                return False
        return named

    def _lasted(
        self, screen: UrgentScreen, t: _Trigger, triggers: list[_Trigger], fillers: list[bool]
    ) -> bool:
        """Whether `current` trigger ``t`` counts a time ("for a few hours") that a
        later clause of its sentence ends, referring back to it ("..., it wore off",
        "which settled"; an end not itself denied), with no other `current` word
        after that end: then the count is how long the thing lasted."""
        ws, sentence = self.msg.words, self.sentence
        if not t.kinds & _CURRENT or t.kinds & (_RELAPSE | _PLEA):
            return False
        if not any(ws[k].isdigit() or ws[k] in screen._numbers for k in range(t.start, t.end)):
            return False
        s = sentence[t.start]
        denials_end = {d.end for d in triggers if d.kinds & _NEG_PRE}
        for r in triggers:
            if not (
                (r.kinds & _RESOLVED or self._told_over(screen, r))
                and r.start >= t.end
                and sentence[r.start] == s
            ):
                continue
            h = r.start - 1
            while h > t.end and fillers[h]:
                h -= 1
            if self.clause[r.start] == self.clause[t.start] or h + 1 in denials_end or r.start in denials_end:
                continue
            if ws[h] in screen._anaphors or ws[h] in screen._relatives:
                return not any(
                    o.kinds & (_CURRENT | _PLEA) and o.start > r.start and sentence[o.start] == s
                    for o in triggers
                )
        return False

    def _told_over(self, screen: UrgentScreen, t: _Trigger) -> bool:
        """Whether ``t`` is an all-clear told in the past as what came next ("..., then it
        was fine", "and after that they were normal"): a post-trigger denial with a past
        word of its own, ending its clause, which opens with a word of sequence (lexicon
        `resolution.sequels`). Dated otherwise ("it was fine before the op", "... fine
        yesterday"), it tells of a time before the thing, not its end."""
        ws, n, clause = self.msg.words, len(self.msg.words), self.clause
        if not t.kinds & _NEG_POST or not any(w in screen._past for w in ws[t.start : t.end]):
            return False
        if t.end < n and clause[t.end] == clause[t.start] and t.end not in self.msg.commas:
            return False
        first = t.start
        while first > 0 and clause[first - 1] == clause[t.start]:
            first -= 1
        return bool(_phrase_at(ws, first, screen._sequels))

    def _rest_is_quiet(self, end: int, live: list[_Trigger], red_flags: set[int]) -> bool:
        """Whether the clause goes on from ``end`` with no red flag's word and
        no live `current` trigger ("hasn't happened since this morning")."""
        clause, ws = self.clause, self.msg.words
        at = end
        while at < len(ws) and clause[at] == clause[end - 1]:
            if at in red_flags:
                return False
            at += 1
        return not any(end <= t.start < at and t.kinds & _CURRENT for t in live)

    def _of_what_went_before(
        self,
        screen: UrgentScreen,
        t: _Trigger,
        triggers: list[_Trigger],
        red_flags: set[int],
        in_trigger: set[int],
    ) -> bool:
        """Whether trigger ``t`` stands in a clause that holds no red flag and
        says no change (no `current`, `relapse` or alarming word among
        ``triggers``), said as told (not denied or supposed): it speaks of what
        went before."""
        changes = _CURRENT | _RELAPSE | _ALARMING
        clause = self.clause[t.start]
        # (an all-clear's own words are marked denied by it: only a supposition counts there)
        unsaid = _HYPOTHETICAL_WORD if t.kinds & _NEG_POST else _NEGATED | _HYPOTHETICAL_WORD
        if any(self.flags[k] & unsaid for k in range(t.start, t.end)):
            return False
        # A clause that says a change ("it's worse than before the op") compares, not dates.
        if any(self.clause[u.start] == clause and u.kinds & changes for u in triggers):
            return False
        own = any(self.clause[k] == clause for k in red_flags)
        return not own and self._about_before(screen, t.start, in_trigger)

    def _about_before(self, screen: UrgentScreen, at: int, allowed: set[int]) -> bool:
        """Whether the clause up to token ``at`` names no thing of its own as
        its subject, only words that refer back ("it", "that", "which has
        since"): "the pain has gone" speaks of the pain, not of the red flag
        told before it."""
        ws, clause = self.msg.words, self.clause
        k = at
        while k > 0 and clause[k - 1] == clause[at]:
            k -= 1
            # A relative pronoun refers back to the noun before it ("numbness
            # that has since gone"), whatever that noun is.
            if ws[k] in screen._relatives:
                return True
            if not (k in allowed or ws[k] in screen._referring):
                return False
        return True

    def _endings(
        self,
        screen: UrgentScreen,
        triggers: list[_Trigger],
        live: list[_Trigger],
        *,
        red_flags: set[int],
        fillers: list[bool],
        sentence_starts: set[int],
        in_trigger: set[int],
    ) -> list[_Trigger]:
        """Resolutions told by the shape of a clause (the lexicon's `resolution`):
        a verb of ending in the perfect ("the numbness has since completely
        gone"), or a recurrence after a denial ("hasn't happened in a month"),
        where the clause goes on quietly (see _rest_is_quiet) and the verb is
        none of a red flag's words ("my legs have gone numb")."""
        ws, n = self.msg.words, len(self.msg.words)
        pauses = sentence_starts | self.msg.commas
        denials_end = {t.end for t in triggers if t.kinds & _NEG_PRE}
        found: list[_Trigger] = []
        firsts = screen._ending_firsts
        for i in range(n):
            if ws[i] not in firsts:
                continue
            for phrases, recurring in ((screen._ending_verbs, False), (screen._recurrences, True)):
                for size in (1, 2, 3):
                    end = i + size
                    if tuple(ws[i:end]) not in phrases or end > n:
                        continue
                    if any(k in red_flags or (k > i and k in pauses) for k in range(i, end)):
                        continue
                    # Back over fillers and adverbs to the auxiliary (or the denial).
                    j = i
                    adverbs = screen._ending_adverbs
                    while j > 0 and j not in pauses and (fillers[j - 1] or ws[j - 1] in adverbs):
                        j -= 1
                    if recurring:
                        if j not in denials_end or end >= n or ws[end] not in screen._recurrence_times:
                            continue
                    elif j == 0 or j in pauses or ws[j - 1] not in screen._perfects:
                        continue
                    if end < n and end not in pauses and ws[end] not in screen._followers:
                        continue
                    start = j - (0 if recurring else 1)
                    # "my legs have gone" is legs that fail, not a symptom that ended.
                    head = start - 1
                    while head > 0 and fillers[head]:
                        head -= 1
                    if not recurring and head >= 0 and ws[head] in screen._failing:
                        continue
                    if self._rest_is_quiet(end, live, red_flags) and self._about_before(
                        screen, start, in_trigger | red_flags
                    ):
                        found.append(_Trigger(start, end, _RESOLVED))
        return found

    def _goes_on_now(
        self, screen: UrgentScreen, t: _Trigger, steps: Sequence[Iterable[int]], fillers: Sequence[bool]
    ) -> bool:
        """Whether trigger ``t`` denies all since ("nothing since": a denial,
        then a `current` word of its own) and its clause goes on after it,
        with no pause ("nothing since breakfast")."""
        ws, end = self.msg.words, t.end
        if end >= len(ws) or end in self.msg.commas or self.clause[end] != self.clause[t.start]:
            return False

        def alone(at: int, kind: int) -> bool:
            return any(
                k & kind and stop == at + 1 for k, stop in screen._walk(screen._triggers, at, steps, fillers)
            )

        return alone(t.start, _NEG_PRE) and alone(end - 1, _CURRENT)

    def _goes_on_in_the_past(
        self, screen: UrgentScreen, start: int, present: set[int], new_times: set[int]
    ) -> bool:
        """Whether the clause that opens at token ``start`` tells of the past (a word of
        `experiencer.past` or one in "-ed") and names no present (``present``: its
        clause's number) nor a time of now (``new_times``: where one starts)."""
        ws, clause = self.msg.words, self.clause
        number = clause[start]
        if number in present:
            return False
        told = range(start, next((k for k in range(start, len(ws)) if clause[k] != number), len(ws)))
        return new_times.isdisjoint(told) and any(
            ws[k] in screen._past or (len(ws[k]) > 4 and ws[k].endswith("ed")) for k in told
        )

    def _only_dates(self, start: int, end: int, light: list[bool], pauses: set[int]) -> bool:
        """Whether the words from ``start`` (a clause's first) to the pause after
        ``end`` (a time trigger's end) are the time and light words only."""
        stop = min(p for p in pauses if p >= end)
        return all(light[k] for k in range(start, stop))

    def _goes_on_with_a_list(self, comma: int, screen: UrgentScreen, sentence_starts: set[int]) -> bool:
        ws = self.msg.words
        for k in range(comma, len(ws)):
            if k > comma and k in sentence_starts:
                return False
            if ws[k] in screen._lists:
                return True
            if ws[k] in screen._clause_starts or ws[k] in screen._personal:
                return False
        return False

    def counts(self, span: _Span, unless: set[int], ignore: int = 0) -> bool:
        """Whether a red flag at ``span`` is described as happening (taking the
        marks in ``ignore`` as absent)."""
        flags = self.flags[span.start : span.end]
        if self.clause[span.start] in unless:
            return False
        supposed_now = bool(ignore & _SUPPOSED_NOW) and self.clause[span.start] in self.supposed_now()
        if supposed_now:
            ignore |= _HYPOTHETICAL_WORD | _FEARED_WORD
        if (
            self.sentence[span.start] in self.generic
            and not (supposed_now and any(f & _HYPOTHETICAL_WORD for f in flags))
            # (a self-harm rule, which reads through a fear, reads through an owned question)
            and not (ignore & _FEARED_WORD and self.sentence[span.start] in self.owned)
        ):
            return False
        if self.sentence[span.start] in self.dated_now or self.sentence[span.start] in self.pleas:
            ignore |= _JOKE_WORD
        if self.now[span.start]:
            ignore |= _PAST | _LASTING | _HYPOTHETICAL_WORD | _OTHER | _CHILD_WORD | _REACTION_WORD
        elif self.sentence[span.start] in self.pleas:
            # Asking what to do now makes a past or someone else's red flag the
            # writer's concern, but not a hypothetical one ("if my legs went weak,
            # what should I do?").
            ignore |= _PAST | _LASTING | _OTHER | _CHILD_WORD | _REACTION_WORD
        if ignore & _FEARED_WORD:
            # A fear is no supposition for this rule: what it alone supposed counts.
            feared = ignore | _HYPOTHETICAL_WORD
            return not any(f & ~feared if f & _FEARED_WORD else f & ~ignore for f in flags)
        return not any(f & ~ignore for f in flags)

    def supposed_now(self) -> set[int]:
        """The clauses whose supposition speaks in the present ("if I can't feel
        ...", "if I'm suicidal"): a present word inside it, not feared."""
        flags, clause = self.flags, self.clause
        return {
            clause[i]
            for i in self.present_words
            if flags[i] & _HYPOTHETICAL_WORD and not flags[i] & _FEARED_WORD
        }

    def fires(self, rule: int, groups_wanted: int, within: int | None, ignore: int = 0) -> list[_Span]:
        """The red flags that set rule number ``rule`` off, or none."""
        occurrences = self.occurrences
        if rule < len(self.lasting) and self.lasting[rule]:
            # (the red-flag words' rule, last, is no rule)
            ignore |= _LASTING | _REACTION_WORD | _FEARED_WORD | _JOKE_WORD | _ANSWERED_WORD
        if rule < len(self.any_age) and self.any_age[rule]:
            ignore |= _CHILD_WORD
        unless = {self.clause[s.start] for s in self._exceptions(rule, groups_wanted)}
        unless |= {c - 1 for c in unless if c - 1 in self.reason_of}
        found = [s for s in occurrences.get(_role(rule, _ANY), ()) if self.counts(s, unless, ignore)]
        if found:
            return found
        if not groups_wanted:
            return []
        groups = []
        for g in range(_FIRST_GROUP, _FIRST_GROUP + groups_wanted):
            found = [s for s in occurrences.get(_role(rule, g), ()) if self.counts(s, unless, ignore)]
            if not found:
                return []
            groups.append(found)
        if _one_each(groups, self.rank, within):
            return [s for group in groups for s in group]
        return self._carried(groups, within)

    def _exceptions(self, rule: int, groups_wanted: int) -> list[_Span]:
        """The phrases of rule ``rule``'s `unless` that stand as exceptions: not one whose
        words are all a `current` trigger's, which states what follows as a fact ("should I
        worry that ..." is the writer's worry, not worry as a cause), nor one inside the
        rule's own words, opening inside one of its phrases and going straight on into
        another ("sit on" + "on a bike" + "saddle": "where you'd sit on a bike saddle" names
        the saddle; it rides no bike)."""
        found = self.occurrences.get(_role(rule, _UNLESS), ())
        if not found:
            return []
        stops, commas = self.msg.stops, self.msg.commas
        own = [
            s
            for slot in range(_ANY, _FIRST_GROUP + groups_wanted)
            for s in self.occurrences.get(_role(rule, slot), ())
        ]
        own_starts = {s.start for s in own}

        def inside(u: _Span) -> bool:
            return (
                u.end in own_starts
                and u.end not in stops
                and u.end not in commas
                and any(s.start < u.start < s.end for s in own)
            )

        return [
            s for s in found if not all(k in self.in_current for k in range(s.start, s.end)) and not inside(s)
        ]

    def _carried(self, groups: list[list[_Span]], within: int | None) -> list[_Span]:
        """The red flags a pronoun joins across a clause boundary ("my calf has
        been sore for two days and now it's swollen"): a group's phrase in the
        clause just before one that a pronoun opens stands at the pronoun, and
        every other group's phrase must be in the pronoun's clause after it, so
        that clauses no pronoun links never join."""
        clause = self.clause
        for p in self.pronouns:
            here = clause[p]
            for g, found in enumerate(groups):
                before = [s for s in found if clause[s.start] == here - 1]
                if not before:
                    continue
                rest = [[s for s in other if clause[s.start] == here and s.start > p] for other in groups]
                rest[g] = [_Span(p, p + 1)]
                if all(rest) and _one_each(rest, self.rank, within):
                    return [*before, *(s for h, group in enumerate(rest) if h != g for s in group)]
        return []

    def without_denials(self, message: str, rules: Sequence[tuple[int, int, int | None]]) -> str:
        """``message`` without the denials of a red flag: those that keep one of
        ``rules`` (number, groups, within) from firing."""
        denied = {
            k
            for rule in rules
            for s in self.fires(*rule, _NEGATED | _ANSWERED_WORD)
            for k in range(s.start, s.end)
        }
        cuts = [s for s in self.denials if any(k in denied for k in range(s.start, s.end))]
        if not cuts:
            return message
        placed = _Message(message, places=True, split=self.split, join=self.join)
        starts, ends = placed.starts, placed.ends
        pieces, at = [], 0
        for span in sorted(cuts):
            begin = starts[span.start]
            if begin >= at:
                pieces.append(message[at:begin])
            at = max(at, ends[span.end - 1])
        pieces.append(message[at:])
        return " ".join("".join(pieces).split())


def _phrase_at(ws: Sequence[str], at: int, phrases: frozenset[tuple[str, ...]]) -> int:
    """The length of the longest of ``phrases`` (of up to five words) that starts
    at word ``at``, or 0."""
    return next((z for z in (5, 4, 3, 2, 1) if at + z <= len(ws) and tuple(ws[at : at + z]) in phrases), 0)


def _one_each(groups: Sequence[Sequence[_Span]], rank: Sequence[int], within: int | None) -> bool:
    """Whether each group can give a span of its own, each within ``within``
    words of the first group's. No two share a word, but for a phrase of two
    words or more that the rule lists in several groups, which says them all
    ("the lot" is an amount and the medicine): one word fills one group
    ("bottles" is no amount and a medicine at once)."""
    return any(_fill(groups, 1, [first], rank, within) for first in groups[0])


def _fill(
    groups: Sequence[Sequence[_Span]], g: int, taken: list[_Span], rank: Sequence[int], within: int | None
) -> bool:
    """Whether groups ``g`` on can each give a span that fits beside ``taken``
    (see _one_each), the first group's span first in it."""
    if g == len(groups):
        return True
    first = taken[0]
    for span in groups[g]:
        if any(
            span.start < t.end and t.start < span.end and (span != t or span.end - span.start < 2)
            for t in taken
        ):
            continue
        if within is not None and within < max(
            rank[span.start] - rank[first.end - 1], rank[first.start] - rank[span.end - 1]
        ):
            continue
        if _fill(groups, g + 1, [*taken, span], rank, within):
            return True
    return False


# --- the state for the cache: plain JSON types, checked on the way back ------


def _unneither(msg: _Message) -> None:
    """Read "can neither X nor Y" as "can't even X, can't Y", up to the end of
    the sentence: each "nor" there takes the modal's negative form."""
    ws = msg.words
    negative = None
    for k, w in enumerate(ws):
        if k in msg.stops:
            negative = None
        if w == "neither" and k and ws[k - 1] in _NEITHER_MODALS and k not in msg.stops:
            negative = ws[k - 1] = _NEITHER_MODALS[ws[k - 1]]
            ws[k] = "even"
        elif w == "nor" and negative is not None:
            ws[k] = negative


def _distribute_inability(msg: _Message, subjects: frozenset[str]) -> None:
    """Read "can't X or Y" as "can't X, can't Y" up to the end of the sentence: an "or"
    that goes on with a second verb (not a new subject: "I can't pee or I get pain")
    takes the inability before it, as "nor" takes the modal's negative (see _unneither)."""
    ws = msg.words
    negative = None
    for k, w in enumerate(ws):
        if k in msg.stops:
            negative = None
        if w in _INABILITIES:
            negative = w
        elif w == "or" and negative is not None and k + 1 < len(ws) and ws[k + 1] not in subjects:
            ws[k] = negative


def _spoken(ws: Sequence[str], stops: set[int], at: int, shift: int) -> str:
    """The words ``ws`` as a message, a full stop before each of ``stops`` (those
    from ``at`` on moved by ``shift``: words were put in or taken out there)."""
    moved = {s + shift if s >= at else s for s in stops}
    return " ".join(f". {w}" if k in moved else w for k, w in enumerate(ws))


def _typed(value: Any, kind: type[_T]) -> _T:
    # bool is an int to isinstance; neither may stand for the other here.
    if type(value) is not kind:
        raise TypeError(f"expected {kind.__name__}, got {value!r}")
    return value


def _collapsed(word: str) -> str:
    """``word`` with each run of a letter as one ("leggg" -> "leg"). A function
    as the replacement: a template costs four times as much a call, and the
    screen collapses every rule word as it loads."""
    return _REPEATS.sub(_first_group, word)


def _first_group(found: re.Match[str]) -> str:
    return found.group(1)


# The checks below take the set of the values' types, made in C: a start
# from the cache checks some 20,000 values, and a loop in Python costs it 1 ms.


def _ints(values: Any) -> list[int]:
    if type(values) is not list or not set(map(type, values)) <= {int}:
        raise TypeError("expected a list of whole numbers")
    return values


# Machine integers of 2, 4 and 8 bytes: the first that holds them all.
_WIDTHS = ("H", "I", "q")


def _narrow(numbers: Iterable[int]) -> array[int]:
    """Whole numbers as the narrowest machine integers that hold them all."""
    values = array("q", numbers)
    low, high = (min(values), max(values)) if values else (0, 0)
    code = next(
        (c for c in _WIDTHS[:-1] if low >= 0 and high < 1 << 8 * array(c).itemsize),
        _WIDTHS[-1],
    )
    return values if code == values.typecode else array(code, values)


def _packed(numbers: Iterable[int]) -> str:
    """Whole numbers as text: the narrowest machine integers that hold them
    all (its type code first), in base64. Only a number is made of them,
    whatever the text (see _unpacked), and the machine's byte order is part
    of the cache's key. Narrow where it can be: a trie's children fit in 2
    bytes, and decoding base64 is most of the cost of reading a trie."""
    values = _narrow(numbers)
    return values.typecode + binascii.b2a_base64(values.tobytes(), newline=False).decode("ascii")


def _unpacked(text: Any) -> array[int]:
    """The numbers :func:`_packed` made ``text`` of; ValueError or TypeError
    when it is anything else. An array, not a list: the tries are read by
    zipping them into dicts, and a list of the numbers first costs a start
    from the cache 1% more."""
    code = _typed(text, str)[:1]
    if code not in _WIDTHS:
        raise ValueError(f"no packed numbers: {text[:20]!r}")
    numbers = array(code)
    numbers.frombytes(binascii.a2b_base64(text[1:]))
    return numbers


def _texts(values: Any) -> tuple[str, ...]:
    if type(values) is not list or not set(map(type, values)) <= {str}:
        raise TypeError("expected a list of text")
    return tuple(values)


def _joined(words: Sequence[str] | dict[str, int]) -> str:
    """Words as one text, a space between (numbered words in the order of
    their numbers, which must be 0, 1, 2...): JSON reads one string many times
    faster than thousands, and split() takes it apart in C. ValueError for
    words that would not come back the same (see _numbering)."""
    if isinstance(words, dict) and list(words.values()) != list(range(len(words))):
        raise ValueError("words not numbered in order")
    listed = list(words)
    text = " ".join(listed)
    if text.split() != listed:
        raise ValueError("a word that is empty or holds a space")
    return text


def _numbering(text: Any) -> dict[str, int]:
    """The words :func:`_joined` joined, each with its number."""
    listed = _typed(text, str).split()
    numbers = dict(zip(listed, range(len(listed)), strict=True))
    if len(numbers) != len(listed):
        raise ValueError("a word numbered twice")
    return numbers


# What a malformed rule state raises as it is read (see the cache); RecursionError: nested too deeply.
_MALFORMED = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)


def _returning(value: Any) -> Callable[[], Any]:
    return lambda: value


def _plain(value: Any) -> Any:
    """A rule's or the lexicon's field in JSON types: tuples become lists."""
    return [_plain(v) for v in value] if isinstance(value, tuple) else value


def _rule_state(rule: UrgentRule) -> dict[str, Any]:
    return {f.name: _plain(getattr(rule, f.name)) for f in records.fields(rule)}


def _rule_from_state(state: Any) -> UrgentRule:
    if type(state) is not dict:
        raise TypeError(f"expected a rule, got {state!r}")
    fields = {f.name: f.type for f in records.fields(UrgentRule)}
    if state.keys() != fields.keys():
        raise ValueError(f"a rule with the fields {sorted(state)!r}")
    within = state["within"]
    if within is not None:
        _typed(within, int)
    return UrgentRule(
        id=_typed(state["id"], str),
        description=_typed(state["description"], str),
        any=_texts(state["any"]),
        all=tuple(_texts(group) for group in _typed(state["all"], list)),
        within=within,
        notice=_typed(state["notice"], str),
        source=_typed(state["source"], str),
        unless=_texts(state["unless"]),
        lasting=_typed(state["lasting"], bool),
        any_age=_typed(state["any_age"], bool),
        examples=_texts(state["examples"]),
        safe=_texts(state["safe"]),
    )


def _lexicon_from_state(state: Any) -> Lexicon:
    if type(state) is not dict or state.keys() != set(Lexicon._fields):
        raise ValueError("the lexicon's fields are not the Lexicon's")
    fields: dict[str, Any] = {
        name: _typed(value, int) if name in LEXICON_COUNTS else _texts(value) for name, value in state.items()
    }
    return Lexicon(**fields)


def _numbered(size: int, starts: set[int]) -> list[int]:
    """For each of ``size`` tokens, the number of the part it is in, parts
    beginning at ``starts``."""
    numbers, part = [], -1
    for i in range(size):
        if i in starts:
            part += 1
        numbers.append(part)
    return numbers


def _kept(ws: list[str], articles: frozenset[str]) -> list[str]:
    """A phrase's words without the ``articles`` inside it: a message may skip
    one there anyway (they are fillers), so "cant see the point" is written for
    "can't see any point" too. One that starts or ends a phrase is its own
    word ("the lot", "a lot")."""
    if len(ws) < 3:
        return ws
    return [ws[0], *(w for w in ws[1:-1] if w not in articles), ws[-1]]


def _short_slip(rule_word: str, word: str) -> int:
    """How ``word`` is ``rule_word`` mistyped, the first letter kept: 1, a
    letter left out ("fot", "lgs") or two swapped; 2, one typed as a key
    beside it ("leys"); 0, neither. In so short a word any other letter
    changed or added leaves too little to tell which word was meant."""
    if rule_word[0] != word[0]:
        return 0
    if len(rule_word) == len(word) + 1:
        return int(any(rule_word[:k] + rule_word[k + 1 :] == word for k in range(1, len(rule_word))))
    if len(rule_word) != len(word):
        return 0
    if sorted(rule_word) == sorted(word):
        return 1
    changed = [(a, b) for a, b in zip(rule_word, word, strict=True) if a != b]
    return 2 if len(changed) == 1 and changed[0][1] in _KEYS_BESIDE.get(changed[0][0], "") else 0


def _by_sound(rule_words: Iterable[str]) -> dict[str, list[str]]:
    """Rule words of four letters or more by their sound key (wordstats.sound_key)."""
    table: dict[str, list[str]] = {}
    for w in rule_words:
        if len(w) >= 4 and w.isalpha():
            table.setdefault(sound_key(w), []).append(w)
    return table


def _sounds_like(word: str, table: dict[str, list[str]]) -> list[str]:
    """The rule words ``word`` (four letters or more, no English word) is a spelling by ear of:
    those of its sound key that begin with its letter and are no more than two letters longer or
    shorter, the closest in letters of them (a key keeps no vowel: "fele" is "feel", not "fall")."""
    if len(word) < 4 or not word.isalpha():
        return []
    near = [w for w in table.get(sound_key(word), ()) if w[0] == word[0] and abs(len(w) - len(word)) <= 2]
    if len(near) < 2:
        return near
    far = [OSA.distance(w, word) for w in near]
    return [w for w, d in zip(near, far, strict=True) if d == min(far)]


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
        # two letters swapped ("pian"), or the last one mistyped ("legz", "numm")
        swapped = sorted(rule_word) == sorted(word) and OSA.distance(rule_word, word) == 1
        return swapped or (len(word) == 4 and word[:3] == rule_word[:3])
    limit = 2 if size >= 9 else 1
    return OSA.distance(rule_word, word, score_cutoff=limit) <= limit
