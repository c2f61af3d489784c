"""faq_bot.wordstats: the general-English word table and what is read from it."""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import pytest

import faq_bot
from faq_bot import wordstats
from faq_bot.text import words

TABLE = Path(faq_bot.__file__).parent / "data" / "english-words.txt"


def test_bisection_finds_every_word_it_is_asked_for() -> None:
    # A sample of the table's own lines, each found with its frequency: the
    # search must land on every line, first and last included.
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    sample = [lines[0], lines[-1], *random.Random(3).sample(lines, 2000)]
    for line in sample:
        word, code = line.rsplit(" ", 1)
        assert wordstats.zipf(word) == int(code) / 10, word


@pytest.mark.parametrize(
    "word",
    ["", "zzzzqq", "a" * 60, "\udcff", "é" * 5, "0"],  # nothing, no word, odd bytes, digits
)
def test_a_string_that_is_no_word_reads_zero(word: str) -> None:
    assert wordstats.zipf(word) == 0.0


def test_rarities_all_at_once_are_each_words_rarity() -> None:
    # The build reads the table as a whole, queries look words up one by one:
    # both must give the same figures, words of the table or not.
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    sample = [line.split(" ")[0] for line in (lines[0], lines[-1], *random.Random(5).sample(lines, 3000))]
    sample += ["", "zzzzqq", "\udcff", "é" * 5, "0", "pain", "the"]
    assert wordstats.rarities(sample) == [wordstats.rarity(w) for w in sample]


def test_the_table_is_sorted_so_bisection_holds() -> None:
    lines = TABLE.read_bytes().split(b"\n")[:-1]
    words = [line.rsplit(b" ", 1)[0] for line in lines]
    assert words == sorted(words)
    assert len(set(words)) == len(words)


# Real words are the ones used at least once in a million words; misspellings
# and rare names of things are not (they may still be in the table, rarer).
@pytest.mark.parametrize(
    ("word", "real"),
    [("person", True), ("massage", True), ("pierson", True), ("symtoms", False), ("bak", False)],
)
def test_real_words(word: str, real: bool) -> None:
    assert wordstats.is_real_word(word) is real


def test_information_falls_as_words_get_common() -> None:
    ordered = ["methotrexate", "massage", "window", "help", "time"]
    said = [wordstats.information(w) for w in ordered]
    assert said == sorted(said, reverse=True)
    assert said[0] == 1.0
    assert said[-1] == 0.0
    assert wordstats.information("qqqzzz") == 1.0  # no English word at all says the most


# Words that say how or for whom a question is asked count for nothing,
# however rare: "ugh" and "mum" are no evidence of another topic.
# "Nutshell" and "layman" say how the answer should be put ("in a nutshell, what is X").
@pytest.mark.parametrize(
    "word", ["ugh", "honestly", "sorry", "mum", "husband", "dads", "sisters", "nutshell", "laymans"]
)
def test_incidental_words_say_nothing(word: str) -> None:
    assert wordstats.zipf(word) > 0  # real words, as rare as some topics' names
    assert wordstats.information(word) == wordstats.INCIDENTAL_INFORMATION == 0.0


def test_the_incidental_list_holds_single_normalised_words() -> None:
    # Each entry must look like what faq_bot.text.words makes of a message,
    # or it would never be found.
    listed = wordstats.incidental_words()
    assert len(listed) > 100
    assert all(words(w) == [w] for w in listed)


# Shorthand is read as the word it stands for, and so is a word with its "g"
# dropped when the "-ing" form is far more common; a word in its own right
# that happens to end in "in" is left alone.
@pytest.mark.parametrize(
    ("word", "full"),
    [
        ("ur", "your"),
        ("ppl", "people"),
        ("b4", "before"),
        ("sx", "symptoms"),
        ("smokin", "smoking"),
        ("feelin", "feeling"),
        ("raisin", None),  # "raising" is not common enough beside it to be sure
        ("thin", None),  # four letters: "thing" is no proof
        ("basin", None),
        ("massage", None),
    ],
)
def test_spelled_out(word: str, full: str | None) -> None:
    assert wordstats.spelled_out(word) == full


def test_the_shorthand_list_pairs_normalised_words() -> None:
    # Both sides must look like what faq_bot.text.words makes of a message:
    # the short form to be found, the full one to be read as typed.
    pairs = wordstats.shorthand()
    assert len(pairs) > 50
    assert all(words(short) == [short] and words(full) == [full] for short, full in pairs.items())
    assert all(short != full for short, full in pairs.items())


# A word that is only ever an adverb says how or when something is asked,
# never what about; one that is also a noun or adjective ("tonight", "far")
# may name what is asked, and keeps what its frequency says.
@pytest.mark.parametrize(
    ("word", "adverb"),
    [("anymore", True), ("soon", True), ("automatically", True), ("tonight", False), ("far", False)],
)
def test_words_only_ever_adverbs_say_nothing(word: str, adverb: bool) -> None:
    assert (word in wordstats.adverbs()) is adverb
    if adverb:
        assert wordstats.information(word) == wordstats.ADVERB_INFORMATION == 0.0
    else:
        assert wordstats.information(word) > 0.0


def test_the_adverb_list_holds_normalised_words_of_the_table() -> None:
    # Each must be a word as faq_bot.text.words makes it, and one the English
    # table knows (scripts/make_adverbs.py keeps only those).
    listed = wordstats.adverbs()
    assert len(listed) > 1000
    assert all(words(w) == [w] and wordstats.zipf(w) > 0 for w in listed)


@pytest.mark.parametrize("letter", ["a", "m", "q", "z", "é"])
def test_real_words_by_first_letter_are_the_tables_real_words(letter: str) -> None:
    # Read from the table's slice for one letter: the slice must neither lose
    # nor borrow a line at either end.
    expected: dict[int, list[str]] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        word, code = line.rsplit(" ", 1)
        if word.startswith(letter) and int(code) >= 10 * wordstats.REAL_WORD_ZIPF:
            expected.setdefault(len(word), []).append(word)
    found = wordstats.real_words_starting(letter)
    assert {size: list(ws) for size, ws in found.items()} == expected
    assert all(wordstats.is_real_word(w) for ws in found.values() for w in ws)


# Both ways is_adverb looks: a search in the file's text (a process's first
# words), then a set of the list (every word after ADVERB_SEARCHES).
@pytest.mark.parametrize("searches", [0, wordstats.ADVERB_SEARCHES])
def test_is_adverb_agrees_with_the_list(searches: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # It must find every listed word whole, and no part of one ("abl" of
    # "ably") nor an empty string.
    monkeypatch.setattr(wordstats, "_adverb_searches", itertools.count(searches))
    monkeypatch.setattr(wordstats, "_adverb_set", None)
    listed = wordstats.adverbs()
    assert all(wordstats.is_adverb(w) for w in listed)
    assert not any(wordstats.is_adverb(w) for w in ["abl", "bly", "", "pain", "tonight", " ", "\n"])


def test_prepared_look_ups_find_what_the_plain_ones_do(monkeypatch: pytest.MonkeyPatch) -> None:
    # A big FAQ's index makes them at its build (matcher.EAGER_TABLES_MIN_ENTRIES):
    # every block's first and last word, a sample of the rest, and strings
    # that sort between words, before the first and after the last, must read
    # as the bisection of the whole table reads them.
    monkeypatch.setattr(wordstats, "_zipf_blocks", None)
    monkeypatch.setattr(wordstats, "_adverb_set", None)
    table = wordstats._table()
    plain = [wordstats.is_adverb(w) for w in ["ably", "abl", "", "pain", "soon"]]
    wordstats.prepare_lookups()
    blocks = wordstats._zipf_blocks
    assert blocks is not None
    assert len(blocks[0]) > 100
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    found = [line.rsplit(" ", 1)[0] for line in lines]
    place = {w: i for i, w in enumerate(found)}
    firsts = [k.decode("utf-8", "surrogatepass") for k in blocks[0]]
    edges = sorted({*firsts, *(found[place[k] - 1] for k in firsts[1:]), found[-1]})
    sample = [*edges, *random.Random(4).sample(found, 3000)]
    sample += [w + "a" for w in sample[:500]] + [w[:-1] for w in sample[:500]] + ["", "\x00", "\uffff" * 3]
    for word in sample:
        assert wordstats._line_in_block(table, blocks, word) == wordstats.line_of(table, word), word
    assert [wordstats.is_adverb(w) for w in ["ably", "abl", "", "pain", "soon"]] == plain


# Each shape of pattern sound-spellings.txt may hold, against words that do
# and do not carry it: a rule applied with str methods (letters, anchored or
# not) or re.sub'ed only where it holds its leading letters must change a
# word exactly as re.sub of the pattern does.
@pytest.mark.parametrize(
    ("pattern", "sound"),
    [
        ("ph", "f"),  # letters anywhere, every time
        ("x", "ks"),  # longer than what it replaces
        ("gh", ""),  # removed
        ("^kn", "n"),  # at the start only
        ("e$", ""),  # at the end only: once, though the word ends "ee"
        ("^ab$", "x"),  # the whole word: a pattern
        ("c(?=[eiy])", "s"),  # a pattern led by letters
        ("ab?c", "x"),  # a letter that may be missing from a match
        ("ab|cd", "x"),  # alternatives: the first one's letters may be absent
        ("(?:ou)+", "u"),  # led by no letter
        ("a(b)", r"\1\1"),  # a sound that refers to the match
    ],
)
def test_a_sound_rule_changes_words_as_its_pattern_does(pattern: str, sound: str) -> None:
    rng = random.Random(pattern)
    made = ["".join(rng.choice("abcdeghiknopsxy") for _ in range(rng.randrange(1, 9))) for _ in range(3000)]
    for word in ["", "e", "ee", "ab", "ac", "phph", "knkn", "cece", "ouou", "xab", *made]:
        kind, letters, replaced, compiled = wordstats._sound_rule(pattern, sound)
        expected = re.sub(pattern, sound, word)
        assert wordstats._apply_sound_rule(word, kind, letters, replaced, compiled) == expected, word
