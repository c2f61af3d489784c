"""Speed-ups of the matcher keep its rankings exactly: ids and scores.

``tests/data/rankings.json`` holds the rankings of a fixed sample of queries
on a generated FAQ, recorded with the matcher as it was before candidate
gathering and the index layout were rewritten for large FAQs. Every path
(pure Python, numpy) and every way to an index (built, restored from the
cache's state) must give them back to the last digit.

    python tests/test_rankings.py   # records them anew: only on purpose
"""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from array import array
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import needs

from faq_bot import Entry, FaqIndex, matcher, postings
from faq_bot import cache as cache_module

RECORDED = Path(__file__).parent / "data" / "rankings.json"
ENTRIES = 3000
LIMIT = 10

_ONSETS = ["b", "br", "c", "d", "f", "g", "gr", "h", "l", "m", "n", "p", "pl", "r", "s", "st", "t", "tr", "v"]
_NUCLEI = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
_CODAS = ["", "n", "r", "s", "t", "l", "m", "ng", "ck"]
_SYLLABLES = (_ONSETS, _NUCLEI, _CODAS, _NUCLEI, _CODAS)
_GLUE = ["what", "is", "how", "do", "i", "the", "a", "of", "can", "my", "with", "and", "for", "after"]


@cache
def generated() -> tuple[list[Entry], list[str]]:
    """A FAQ of :data:`ENTRIES` entries on made-up words whose frequencies fall
    off as natural language's do (a few words in thousands of entries, most in
    a handful), and queries made from its questions with words dropped, added
    and misspelt: the shapes of work the matcher meets on a big FAQ."""
    rng = random.Random(16)
    vocabulary = sorted(
        {"".join(rng.choice(part) for part in _SYLLABLES[: rng.choice((3, 5))]) for _ in range(4000)}
    )
    rng.shuffle(vocabulary)
    # Zipf's law: the k-th word is drawn with weight 1/k.
    weights = [1 / (k + 1) for k in range(len(vocabulary))]

    def text(n: int) -> str:
        drawn = rng.choices(vocabulary, weights, k=n)
        return " ".join(w if rng.random() > 0.3 else f"{rng.choice(_GLUE)} {w}" for w in drawn)

    entries = [
        Entry(
            id=f"e{i}",
            section="generated",
            question=text(rng.randint(2, 7)) + "?",
            answer=text(rng.randint(0, 60)) or "…",
            alternates=tuple(text(rng.randint(2, 6)) for _ in range(rng.choice((0, 0, 1, 2)))),
            keywords=tuple(text(rng.randint(1, 2)) for _ in range(rng.choice((0, 1, 3)))),
        )
        for i in range(ENTRIES)
    ]
    queries = []
    for entry in rng.sample(entries, 120):
        ws = entry.question.rstrip("?").split()
        ws = [w for w in ws if rng.random() > 0.25] + rng.choices(vocabulary, weights, k=rng.randint(0, 3))
        if ws and rng.random() < 0.3:  # a typo: one letter doubled
            k = rng.randrange(len(ws))
            ws[k] = ws[k][:2] + ws[k][1:]
        queries.append(" ".join(ws))
    queries += [text(1), text(2), "zzqx", "", "the and of"]  # single common words, unknown words, nothing
    return entries, queries


def rankings(index: FaqIndex, queries: list[str]) -> list[list[list[object]]]:
    return [[[index.entries[s.position].id, s.score] for s in index.score(q, limit=LIMIT)] for q in queries]


def test_the_generated_faq_is_the_recorded_one() -> None:
    # A change to the generator, not to the matcher, would fail every test below.
    entries, queries = generated()
    assert json.loads(RECORDED.read_text())["queries"] == queries
    assert len(entries) == ENTRIES


# Both layouts of the postings (dicts in pure Python, numpy arrays), and each
# as the cache restores it, written and read back as the cache does (JSON, then arrays as bytes).
@pytest.mark.parametrize("vectorized", [False, True])
@pytest.mark.parametrize("restored", [False, True])
def test_every_path_ranks_as_recorded(vectorized: bool, restored: bool) -> None:
    if vectorized:
        needs("numpy")
    entries, queries = generated()
    index = FaqIndex(entries, vectorized=vectorized)
    if restored:
        index = FaqIndex.from_state(entries, _read(_written(index.export_state())), vectorized=vectorized)
    # numpy's postings come with numpy's re-rank (faq_bot.rerank): its scores are checked here too.
    assert (index._rerank is not None) == vectorized
    assert rankings(index, queries) == json.loads(RECORDED.read_text())["rankings"]


def test_correction_tables_made_with_the_index_correct_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    # A big FAQ's index makes its typo-correction tables when it is built or
    # loaded, a small one's when a word first needs correcting (a third of the
    # recorded queries have a typo): when they are made must not change a ranking.
    entries, queries = generated()
    assert FaqIndex.from_state(entries, _read(_state()))._buckets is None
    monkeypatch.setattr(matcher, "EAGER_TABLES_MIN_ENTRIES", ENTRIES)
    index = FaqIndex.from_state(entries, _read(_state()))
    assert index._buckets is not None
    assert rankings(index, queries) == json.loads(RECORDED.read_text())["rankings"]


def test_a_big_faqs_correction_tables_come_back_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    # A big FAQ's index keeps its correction buckets in its state, so a load
    # reads them rather than sorting its words into them again; a small one's
    # state has none (made on first need). Read back, they must be the built ones.
    entries, queries = generated()
    assert _read(_state())["buckets"] is None
    monkeypatch.setattr(matcher, "EAGER_TABLES_MIN_ENTRIES", ENTRIES)
    built = FaqIndex(entries, vectorized=False)
    restored = FaqIndex.from_state(entries, _read(_written(built.export_state())))
    assert restored._buckets == built._buckets
    assert restored._bucket_longest == built._bucket_longest
    assert rankings(restored, queries) == json.loads(RECORDED.read_text())["rankings"]


def _lengthen_a_second_word(buckets: list[Any]) -> str:
    words, sizes = buckets[0].split(), postings.unpack(buckets[1], "i")
    k = next(k for k, size in enumerate(sizes) if size > 1)
    words[sum(sizes[:k]) + 1] += "z"
    return " ".join(words)


def _swap_first_two(words: str) -> str:
    first, second, *rest = words.split()
    return " ".join([second, first, *rest])


# Buckets a well-signed entry could still carry damaged: refused, never read as corrections.
BUCKET_DAMAGE: list[Callable[[list[Any]], object]] = [
    lambda b: b.__setitem__(0, _swap_first_two(b[0])),  # a bucket out of order
    lambda b: b.__setitem__(0, _lengthen_a_second_word(b)),  # a word of another length in a bucket
    lambda b: b.__setitem__(0, b[0].split(maxsplit=1)[1]),  # a word missing: sizes do not add up
    lambda b: b.__setitem__(1, postings.pack(array("i", [0, *postings.unpack(b[1], "i")]))),  # an empty one
    lambda b: b.__setitem__(0, 7),  # no text
]


@pytest.mark.parametrize("damage", BUCKET_DAMAGE)
def test_damaged_buckets_are_refused(
    damage: Callable[[list[Any]], object], monkeypatch: pytest.MonkeyPatch
) -> None:
    entries, _ = generated()
    monkeypatch.setattr(matcher, "EAGER_TABLES_MIN_ENTRIES", ENTRIES)
    state = _read(_written(FaqIndex(entries, vectorized=False).export_state()))
    damage(state["buckets"])
    with pytest.raises((ValueError, TypeError)):
        FaqIndex.from_state(entries, state)


def test_both_layouts_explain_a_query_alike() -> None:
    # The decision's coverage gate reads single postings (FaqIndex.explained):
    # both layouts must give the same strengths, held or not, for every candidate.
    needs("numpy")
    entries, queries = generated()
    pure, arrays = FaqIndex(entries, vectorized=False), FaqIndex(entries, vectorized=True)
    seen = 0
    for q in queries:
        query = pure.analyze(q)
        for s in pure.score_query(query, limit=LIMIT):
            for position in (s.position, (s.position + 1) % ENTRIES):
                assert arrays.explained(query, position) == pure.explained(query, position)
                seen += pure.explained(query, position) > 0
    assert seen > 100


def test_threads_sharing_a_numpy_index_rank_as_one_thread_does() -> None:
    # Each thread gathers candidates in its own scratch arrays.
    needs("numpy")
    entries, queries = generated()
    index = FaqIndex(entries, vectorized=True)
    recorded = json.loads(RECORDED.read_text())["rankings"]
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda q: rankings(index, [q])[0], queries * 4))
    assert found == recorded * 4


def test_both_layouts_export_the_same_state() -> None:
    # So a cache entry written by either serves the other.
    needs("numpy")
    entries, _ = generated()
    pure = FaqIndex(entries, vectorized=False).export_state()
    assert FaqIndex(entries, vectorized=True).export_state() == pure


def _edit(state: dict[str, Any], key: str, typecode: str, change: Callable[[array[Any]], object]) -> None:
    values = postings.unpack(state[key], typecode)
    change(values)
    state[key] = postings.pack(values)


# Each damage a well-signed cache entry could still carry; from_state must
# refuse it (the cache then rebuilds), never serve other rankings or crash later.
DAMAGE: list[Callable[[dict[str, Any]], object]] = [
    lambda s: _edit(s["postings"], "positions", "i", lambda a: a.__setitem__(0, ENTRIES)),  # past the end
    lambda s: _edit(s["postings"], "positions", "i", lambda a: a.__setitem__(0, -1)),  # before the start
    lambda s: _edit(s["postings"], "positions", "i", lambda a: a.reverse()),  # runs out of order
    lambda s: _edit(s["postings"], "positions", "i", lambda a: a.pop()),  # counts that do not add up
    lambda s: _edit(s["postings"], "counts", "i", lambda a: a.__setitem__(0, 0)),  # an empty run
    lambda s: _edit(s["postings"], "strengths", "d", lambda a: a.__setitem__(0, math.nan)),
    lambda s: _edit(s["postings"], "strengths", "d", lambda a: a.__setitem__(0, -1.0)),
    lambda s: _edit(s["postings"], "strength_ids", "H", lambda a: a.__setitem__(0, 60000)),  # none such
    lambda s: s["postings"].__setitem__("strength_width", 3),  # no such width
    lambda s: s["postings"].__setitem__("terms", s["postings"]["terms"][1:]),  # a term missing
    lambda s: s["postings"].__setitem__("positions", "text, not bytes"),
    lambda s: s["postings"].__setitem__("positions", [1, 2, 3]),  # a list, not packed bytes
    lambda s: _edit(s["phrasings"], "ids", "i", lambda a: a.__setitem__(0, 10**6)),  # no such phrasing
    lambda s: _edit(s["phrasings"], "counts", "i", lambda a: a.pop()),  # an entry missing
    lambda s: _edit(s["phrasings"], "weights", "d", lambda a: a.pop()),  # a weight missing
    lambda s: s["phrasings"].pop("texts"),
    lambda s: _edit(s["phrasings"], "terms", "i", lambda a: a.__setitem__(0, 10**6)),  # no such term
    lambda s: _edit(s["phrasings"], "terms", "i", lambda a: a.__setitem__(0, -1)),
    lambda s: _edit(s["phrasings"], "sizes", "i", lambda a: a.pop()),  # a text's terms missing
    lambda s: _edit(s, "ranking", "d", lambda a: a.pop()),  # a term's ranking factor missing
    lambda s: _edit(s, "ranking", "d", lambda a: a.__setitem__(0, math.nan)),
    lambda s: _edit(s, "ranking", "d", lambda a: a.__setitem__(0, 2.0)),  # more than its idf
    lambda s: s.pop("ranking"),
    # The generated FAQ asks one question twice, so its terms are asked again.
    lambda s: s["asked_again"].__setitem__(
        0, " ".join(["zzqx", *s["asked_again"][0].split()[1:]])
    ),  # none such
    lambda s: s["asked_again"].__setitem__(
        1, postings.pack(array("i", [ENTRIES] * len(s["asked_again"][0].split())))
    ),
    lambda s: s["asked_again"].__setitem__(1, postings.pack(array("i", [0]))),  # counts that do not add up
    lambda s: s.pop("asked_again"),
    lambda s: s["own_phrasings"].__setitem__(1, postings.pack(array("i", [ENTRIES]))),  # past the end
    lambda s: s["own_phrasings"].__setitem__(0, "text, not bytes"),
    lambda s: s.pop("own_phrasings"),
]


def test_own_phrasings_that_do_not_add_up_are_made_again_from_the_entries() -> None:
    # As many positions as texts is checked on first use, not at every load.
    entries = generated()[0]
    built = FaqIndex(entries, vectorized=False)
    state = _read(_written(built.export_state()))
    state["own_phrasings"][1] = postings.pack(array("i", [0]))
    assert FaqIndex.from_state(entries, state).own_phrasings() == built.own_phrasings()


def _written(state: dict[str, Any]) -> bytes:
    """``state`` as the cache writes it: JSON, then its arrays' bytes."""
    return cache_module._document(state)


def _read(document: bytes) -> Any:
    """The state the cache reads back from ``document``."""
    end = document.find(b"\n")
    return cache_module._buffers(json.loads(document[:end]), memoryview(document)[end + 1 :])


@cache
def _state() -> bytes:
    return _written(FaqIndex(generated()[0], vectorized=False).export_state())


@pytest.mark.parametrize("vectorized", [False, True])
@pytest.mark.parametrize("damage", DAMAGE)
def test_a_malformed_state_is_refused(vectorized: bool, damage: Callable[[dict[str, Any]], object]) -> None:
    if vectorized:
        needs("numpy")
    entries, _ = generated()
    state = _read(_state())
    damage(state)
    with pytest.raises((ValueError, TypeError, KeyError)):
        FaqIndex.from_state(entries, state, vectorized=vectorized)


def test_numpy_is_only_imported_for_large_faqs() -> None:
    # The command line's start-up never pays for numpy on a FAQ of any usual size.
    code = (
        "import sys, rapidfuzz.process\n"
        "if 'numpy' in sys.modules: print('rapidfuzz'); sys.exit()\n"
        "from faq_bot import FaqBot, load_faq\n"
        "FaqBot(load_faq()).ask('what is fbs')\n"
        "print('numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    if out.stdout.strip() == "rapidfuzz":
        pytest.skip("this rapidfuzz imports numpy itself whenever it is installed")
    assert out.stdout.strip() == "False"


if __name__ == "__main__":
    entries, queries = generated()
    found = {"queries": queries, "rankings": rankings(FaqIndex(entries), queries)}
    RECORDED.write_text(json.dumps(found, indent=0) + "\n")
    print(f"recorded {len(queries)} rankings in {RECORDED}", file=sys.stderr)
