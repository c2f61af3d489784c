"""How common a word is in general English, from a table derived from wordfreq.

The table (``data/english-words.txt``, CC BY-SA 4.0: see
``data/english-words.NOTICE``; ``scripts/make_english_words.py`` makes it)
gives each word's Zipf frequency: log10 of how many times it occurs in a
billion words, so "the" is 7.7, "pain" 5.0, "massage" 4.0 and "methotrexate"
2.5. Words rarer than :data:`ZIPF_FLOOR`, and strings that are no word at all,
are not in it and read as 0. Words are expected normalised as
:func:`faq_bot.text.words` makes them.

The table is mapped into memory on the first look-up, not at import, and
then searched by bisection in its bytes: building a dictionary of its 100,000
words would cost a command's start-up 35 ms, and even reading its megabyte
costs one a few hundred page faults (about 2.5 us each here), where a look-up
in the mapping touches a handful of pages.
"""

from __future__ import annotations

import itertools
import os
import re
from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from mmap import mmap

#: The rarest words the table holds; anything rarer reads as 0.
ZIPF_FLOOR = 2.0


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """The Zipf frequency of ``word`` in general English, 0.0 when it is rarer
    than :data:`ZIPF_FLOOR` or unknown."""
    blocks = _zipf_blocks
    found = line_of(_table(), word) if blocks is None else _line_in_block(_table(), blocks, word)
    return int(found) / 10 if found is not None else 0.0


#: Made by :func:`prepare_lookups`: the first word of every block of about
#: this many bytes of the table, and where the block starts.
_BLOCK_BYTES = 2048
_zipf_blocks: tuple[list[bytes], list[int]] | None = None
_adverb_set: frozenset[str] | None = None


def prepare_lookups() -> None:
    """Make the look-ups each word new to a long-running bot pays for fast:
    :func:`zipf` finds a word's block by bisection in C, then the word in
    its 2 KB (2 us, against 10 for bisecting the table's bytes in Python),
    and :func:`is_adverb` looks in a set (70 ns, against 7 us for searching
    the file's text). Half a millisecond, and some 200 KB: a big FAQ's index
    pays it at its build, where a command-line start would not gain it back."""
    global _zipf_blocks, _adverb_set  # noqa: PLW0603 - made once, then only read
    table = _table()
    keys: list[bytes] = []
    starts: list[int] = []
    start = 0
    while 0 <= start < len(table):
        keys.append(table[start : table.find(b" ", start)])
        starts.append(start)
        start = table.find(b"\n", start + _BLOCK_BYTES) + 1 or -1
    _zipf_blocks = (keys, starts)
    _adverb_set = adverbs()


def _line_in_block(table: bytes | mmap, blocks: tuple[list[bytes], list[int]], word: str) -> bytes | None:
    """:func:`line_of` for the english-words table, by its blocks."""
    keys, starts = blocks
    key = word.encode("utf-8", "surrogatepass")
    i = bisect_right(keys, key) - 1
    if i < 0:
        return None
    start = starts[i]
    end = starts[i + 1] if i + 1 < len(starts) else len(table)
    if keys[i] == key:
        at = start + len(key) + 1
    else:
        pattern = b"\n" + key + b" "
        at = table.find(pattern, start, end)
        if at < 0:
            return None
        at += len(pattern)
    # find, not index: a mapping has no index(); every line ends in a newline.
    return table[at : table.find(b"\n", at)]


def line_of(table: bytes | mmap, word: str) -> bytes | None:
    """What follows ``word`` and a space on its line of ``table``, lines of
    b"<word> <rest>\\n" in byte order, found by bisection; None when no line is
    ``word``'s. Reading such a table's bytes costs a start far less than a
    dictionary of its words would."""
    key = word.encode("utf-8", "surrogatepass")
    # ``lo`` and ``hi`` stay at line starts.
    lo, hi = 0, len(table)
    while lo < hi:
        start = table.rfind(b"\n", lo, (lo + hi) // 2) + 1 or lo
        # find, not index: a mapping has no index(); every line ends in a newline.
        end = table.find(b"\n", start)
        space = table.find(b" ", start, end)
        if end < 0 or space < 0:
            raise ValueError(f"a line of the table has no {'space' if end >= 0 else 'newline'}")
        found = table[start:space]
        if found == key:
            return table[space + 1 : end]
        if found < key:
            lo = end + 1
        else:
            hi = start
    return None


@lru_cache(maxsize=1)
def _table() -> bytes | mmap:
    return data_table("english-words.txt")


def data_file(name: str) -> bytes:
    """The bytes of the package's data file ``data/<name>``."""
    # os.path, not pathlib: importing pathlib costs a cached start about 6%.
    with open(_data_path(name), "rb") as stream:
        return stream.read()


def data_table(name: str) -> bytes | mmap:
    """The package's data file ``data/<name>`` mapped read-only, for tables
    searched by bisection (see :func:`line_of`): only the pages a search
    touches are read. Its bytes when it is empty, which cannot be mapped.
    A package's files are replaced, never rewritten in place (pip, git and
    the scripts that make the tables write new files), so a mapping keeps
    the file it was made of."""
    import mmap  # 0.2 ms, and only where a table is searched

    with open(_data_path(name), "rb") as stream:
        if os.fstat(stream.fileno()).st_size == 0:
            return b""
        # The mapping outlives the descriptor closed here.
        return mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)


def _data_path(name: str) -> str:
    return os.path.join(os.path.dirname(__file__), "data", name)


def data_lines(name: str) -> list[str]:
    """The lines of the data file ``data/<name>``, stripped, but the blank
    ones and the comments (from "#")."""
    lines = (line.strip() for line in data_file(name).decode("utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


#: A word used at least once in a million words is a real English word: the
#: spelling corrector leaves it alone. wordfreq's "small" lists draw the same line.
REAL_WORD_ZIPF = 3.0
#: Words this common say next to nothing about what a question is about ("time", "help").
COMMON_ZIPF = 6.0


def is_real_word(word: str) -> bool:
    """Whether ``word`` is common enough in general English to be a word in its own right."""
    return zipf(word) >= REAL_WORD_ZIPF


@lru_cache(maxsize=64)
def real_words_starting(letter: str) -> dict[int, tuple[str, ...]]:
    """The real words (:func:`is_real_word`) that start with ``letter``, by
    length. Read from the table's slice for that letter, on first use: a
    millisecond or two, where all 30,000 real words would take 25."""
    table = _table()
    key = letter.encode("utf-8", "surrogatepass")
    start, end = _line_at(table, key), _line_at(table, key[:-1] + bytes([key[-1] + 1]))
    # Codes are two digits (Zipf 2.0 to 7.x); the first one is the whole part.
    pattern = re.compile(rb"^(\S+) [%d-9][0-9]$" % int(REAL_WORD_ZIPF), re.MULTILINE)
    by_length: dict[int, list[str]] = {}
    for found in pattern.findall(table, start, end):
        word = found.decode("utf-8", "surrogatepass")
        by_length.setdefault(len(word), []).append(word)
    return {size: tuple(ws) for size, ws in by_length.items()}


def _line_at(table: bytes | mmap, key: bytes) -> int:
    """Where the first line whose word sorts at or after ``key`` starts."""
    lo, hi = 0, len(table)
    while lo < hi:
        start = table.rfind(b"\n", lo, (lo + hi) // 2) + 1 or lo
        end = table.find(b"\n", start)
        space = table.rfind(b" ", start, end)
        if end < 0 or space < 0:
            raise ValueError(f"a line of the table has no {'space' if end >= 0 else 'newline'}")
        if table[start:space] < key:
            lo = end + 1
        else:
            hi = start
    return lo


#: What a word that says nothing about any topic (``data/incidental-words.txt``:
#: "ugh", "honestly", "mum") counts as information, however rare it is.
INCIDENTAL_INFORMATION = 0.0


@lru_cache(maxsize=1)
def incidental_words() -> frozenset[str]:
    """Words that say how or for whom a question is asked, not what it is about."""
    return frozenset(data_lines("incidental-words.txt"))


#: What a word WordNet knows only as an adverb (:func:`adverbs`: "anymore",
#: "soon", "automatically") counts as information. Measured on the eight topic
#: FAQs of bench/heldout* and the bundled one's sets (bench/README.md): at 0.0
#: four more in-scope topic questions and one more bundled one are answered
#: right, and no off-topic question of any set more is answered; at 0.5 three
#: of those four; at 1.0 (as any word) none.
ADVERB_INFORMATION = 0.0


def adverbs() -> frozenset[str]:
    """Words that are only ever adverbs (``data/adverbs.txt``, from WordNet 3.0:
    see ``scripts/make_adverbs.py``): they say how, when or how much something
    is asked, never what about."""
    return frozenset(_adverbs().split())


def is_adverb(word: str) -> bool:
    """Whether ``word`` is one of :func:`adverbs`."""
    found = _adverb_set
    if found is not None:
        return word in found
    # A search in the file's text, in C: a set of its 1,576 words would cost
    # a command's start-up about 1% (callgrind). But each search takes some
    # 15 us: a process that looks up many words (a stream of questions, each
    # new word once) makes the set after ADVERB_SEARCHES of them.
    if next(_adverb_searches) >= ADVERB_SEARCHES:
        return word in _make_adverb_set()
    return f"\n{word}\n" in _adverbs()


ADVERB_SEARCHES = 64
_adverb_searches = itertools.count()  # next() is one step in C: safe across threads


def _make_adverb_set() -> frozenset[str]:
    global _adverb_set  # noqa: PLW0603 - made once, then only read
    _adverb_set = found = adverbs()
    return found


@lru_cache(maxsize=1)
def _adverbs() -> str:
    return f"\n{data_file('adverbs.txt').decode('utf-8').strip()}\n"


def information(word: str) -> float:
    """How much ``word`` tells about a question's topic, from 0.0 (as common as
    "time", or incidental: :func:`incidental_words`) to 1.0 (as rare as a real
    word gets, or no English word at all), falling linearly with its Zipf
    frequency in between. A word that is only an adverb (:func:`adverbs`)
    counts :data:`ADVERB_INFORMATION`, however rare it is."""
    incidental = incidental_words()
    # "dads", "mums", "sisters": an incidental word's plural, or its possessive as typed.
    if word in incidental or (len(word) > 3 and word.endswith("s") and word[:-1] in incidental):
        return INCIDENTAL_INFORMATION
    if is_adverb(word):
        return ADVERB_INFORMATION
    return rarity(word)


def rarity(word: str) -> float:
    """How rare ``word`` is in general English, by its Zipf frequency alone:
    1.0 for a word rarer than a real word (:data:`REAL_WORD_ZIPF`) or none at
    all, 0.0 for one as common as :data:`COMMON_ZIPF`, linear in between."""
    return _rarity_at(zipf(word))


def rarities(words: Sequence[str]) -> list[float]:
    """Each of ``words``' :func:`rarity`, looked up without filling
    :func:`zipf`'s cache: an FAQ's whole vocabulary, read once at its build,
    would hold some 3 MB there that queries seldom use. One by one: reading
    the whole table as a mapping halves the time but leaves the build's
    memory 12 MB more fragmented (bench/memory.py, 47,000 entries)."""
    return list(map(_rarity_at, map(zipf.__wrapped__, words)))


def _rarity_at(found: float) -> float:
    """The :func:`rarity` of a word of Zipf frequency ``found``."""
    if found <= REAL_WORD_ZIPF:
        return 1.0
    return max(0.0, (COMMON_ZIPF - found) / (COMMON_ZIPF - REAL_WORD_ZIPF))


@lru_cache(maxsize=1)
def shorthand() -> dict[str, str]:
    """Texting shorthand and respellings (``data/shorthand.txt``: "ur",
    "ppl", "sx"), each with the word it stands for."""
    return dict(line.split() for line in data_lines("shorthand.txt"))


#: A word ending in "in" whose "-ing" form is at least this many Zipf points
#: (powers of ten) more common is that form with its "g" dropped ("smokin",
#: "feelin": 1.5 to 2.2); "raisin" (1.4 under "raising") and "basin" are words.
G_DROPPED_GAP = 1.5
#: ... and has at least this many letters: "thin" is no "thing".
G_DROPPED_MIN_LETTERS = 5


def spelled_out(word: str) -> str | None:
    """The word ``word`` is a shorthand (:func:`shorthand`) or a g-dropped
    spelling ("smokin") of, or None when it is neither."""
    found = shorthand().get(word)
    if found is not None:
        return found
    if len(word) >= G_DROPPED_MIN_LETTERS and word.endswith("in"):
        full = word + "g"
        if zipf(full) - zipf(word) >= G_DROPPED_GAP:
            return full
    return None


# How a rule of sound-spellings.txt is applied (see _sound_rule).
_ANYWHERE, _AT_START, _AT_END, _PATTERN = range(4)
_LETTERS = r"[a-z]*"  # compiled when the rules are read, not at every start


@lru_cache(maxsize=1)
def _sound_rules() -> tuple[tuple[int, str, str, re.Pattern[str] | None], ...]:
    rules = []
    for line in data_lines("sound-spellings.txt"):
        pattern, sound = line.split()
        rules.append(_sound_rule(pattern, "" if sound == "-" else sound))
    return tuple(rules)


def _sound_rule(pattern: str, sound: str) -> tuple[int, str, str, re.Pattern[str] | None]:
    """A rule as how to apply it, the letters a text must hold for it to
    apply, its sound, and its compiled pattern (None when not needed). Most
    rules are letters, perhaps anchored: replaced with str methods, the
    same as re.sub gives on a word (no newline in it), at a tenth of the
    cost; the first time a screen hears a word by sound, it keys every rule
    word of that letter (38 rules each), a bundled question's 20 ms. Any
    other pattern is re.sub'ed, and only where it holds its leading letters."""
    body = pattern.removeprefix("^").removesuffix("$")
    anchored = (pattern.startswith("^"), pattern.endswith("$"))
    plain = "\\" not in sound
    if plain and body and re.fullmatch(_LETTERS, body) and anchored != (True, True):
        kind = _AT_START if anchored[0] else _AT_END if anchored[1] else _ANYWHERE
        return kind, body, sound, None
    # Not with alternatives: a match may hold none of the first one's letters.
    lead = re.match(_LETTERS, body)
    letters = lead.group() if lead and "|" not in body else ""
    # A letter a quantifier follows may be missing from a match.
    if letters and body[len(letters) : len(letters) + 1] in ("?", "*", "{"):
        letters = letters[:-1]
    return _PATTERN, letters, sound, re.compile(pattern)


_DOUBLED = re.compile(r"([a-z])\1+")
_VOWELS = re.compile(r"(?:(?<=[^aeiouy])y|[aeiou])+")


@lru_cache(maxsize=65536)
def sound_key(word: str) -> str:
    """How ``word`` sounds, roughly: the same key for a word and its spelling
    by ear ("bladder" and "bladda", "tight" and "tite"; ``data/sound-spellings.txt``),
    its consonants kept and each run of vowels one "V"."""
    key = _DOUBLED.sub(r"\1", word)
    for kind, letters, sound, pattern in _sound_rules():
        if letters in key:
            key = _apply_sound_rule(key, kind, letters, sound, pattern)
    return _VOWELS.sub("V", key)


def _apply_sound_rule(key: str, kind: int, letters: str, sound: str, pattern: re.Pattern[str] | None) -> str:
    """``key`` with a rule (see _sound_rule) applied."""
    if kind == _ANYWHERE:
        return key.replace(letters, sound)
    if kind == _AT_START:
        return sound + key[len(letters) :] if key.startswith(letters) else key
    if kind == _AT_END:
        return key[: len(key) - len(letters)] + sound if key.endswith(letters) else key
    return pattern.sub(sound, key) if pattern is not None and letters in key else key
