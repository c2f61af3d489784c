"""Postings: which entries hold each term, how strongly, and the candidates a
query's terms bring in.

Two layouts with one behaviour, down to the last bit of every score and the
order of ties. A FAQ of fewer than :data:`VECTOR_MIN_ENTRIES` entries keeps
a dict per term: in pure Python nothing is faster, and nothing is imported.
A bigger one, when numpy is installed (the ``large`` extra), keeps all
postings in three flat arrays, sorted by term and entry: at 47,000 entries
that is 20 MB and four objects instead of 50 MB in 25,000 dicts (which the
garbage collector also had to walk), and gathering candidates costs about 4
ns an element in numpy against 40 to 95 in Python. The command line and
small FAQs never import numpy: it costs a start-up 60 ms or more.

How candidates are gathered (both layouts): the query's terms go rarest
first. A term brings in new candidates while there are fewer than the
shortlist's size, or while the term is in at most :data:`COMMON` entries and
there are fewer than :data:`CANDIDATES` candidates; after that terms only add
to the candidates there are. Work per query is bounded that way, and so is
the shortlist's sort.
"""

from __future__ import annotations

import math
import sys
import threading
from array import array
from collections.abc import Sequence
from itertools import islice
from operator import itemgetter
from typing import Any, Protocol

#: From this many entries, postings are numpy arrays when numpy is installed.
VECTOR_MIN_ENTRIES = 5000
COMMON = 2000  # a term in more entries than this brings in no new candidates
CANDIDATES = 1000  # past this many candidates, no term brings in new ones


class Postings(Protocol):
    """Postings of one index, whichever the layout."""

    def doc_freq(self) -> dict[str, int]:
        """Each term's number of entries."""

    def count(self, term: str) -> int:
        """The number of entries that hold ``term``."""

    def strength(self, term: str, position: int) -> float:
        """How strongly the entry at ``position`` holds ``term`` (0.0 when it does not)."""

    def shortlist(self, terms: Sequence[tuple[str, float]], size: int) -> list[tuple[int, float]]:
        """The ``size`` candidates with the most weight (the sum of each term's
        weight times the entry's strength for it), most first, ties in the
        order they were brought in. ``terms`` go in the order given: rarest
        first."""

    def export(self) -> dict[str, Any]:
        """The postings as JSON types and bytes (see :func:`pack`): :func:`from_state` reads them back."""


def numpy_available() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def vectorize(entries: int, vectorized: bool | None) -> bool:
    """Whether an index of ``entries`` uses numpy: as asked, or by size when
    ``vectorized`` is None."""
    if vectorized is None:
        return entries >= VECTOR_MIN_ENTRIES and numpy_available()
    return vectorized


class Numbering(dict[str, int]):
    """Each term's number, in the order first seen: a term not yet numbered gets the next."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


class Builder:
    """Postings as a build writes them: entry by entry, in FAQ order, each
    term's number (from ``ids``) to ``term_ids`` and its code to ``codes``,
    and the entry's count of terms to ``counts``; the build turns codes into
    ``strengths`` when it can. Lists while written: extending an array from an iterator
    grows it an item at a time, a third of a big FAQ's postings work. They
    hold no objects of their own (term numbers and codes are shared ints), so
    they leave no holes in memory; the postings are made from them at once."""

    def __init__(self) -> None:
        self.ids = Numbering()
        self.term_ids: list[int] = []
        self.codes: list[int] = []
        self.counts: list[int] = []
        self.strengths: list[float] = []

    def build(self, *, vectorized: bool) -> Postings:
        terms = list(self.ids)
        if vectorized:
            return ArrayPostings.from_entries(
                terms, array("i", self.term_ids), array("d", self.strengths), array("i", self.counts)
            )
        postings: dict[str, dict[int, float]] = {}
        pairs = zip(self.term_ids, self.strengths, strict=True)
        for i, count in enumerate(self.counts):
            for k, strength in islice(pairs, count):
                postings.setdefault(terms[k], {})[i] = strength
        return DictPostings(postings)


# --- pure Python ------------------------------------------------------------------


class DictPostings:
    """Term -> {entry: strength}, entries in FAQ order."""

    def __init__(self, postings: dict[str, dict[int, float]]) -> None:
        self._postings = postings

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DictPostings) and self._postings == other._postings

    __hash__ = None  # type: ignore[assignment]

    def doc_freq(self) -> dict[str, int]:
        return {t: len(found) for t, found in self._postings.items()}

    def count(self, term: str) -> int:
        return len(self._postings.get(term, ()))

    def strength(self, term: str, position: int) -> float:
        return self._postings.get(term, {}).get(position, 0.0)

    def shortlist(self, terms: Sequence[tuple[str, float]], size: int) -> list[tuple[int, float]]:
        found: dict[int, float] = {}
        for term, weight in terms:
            postings = self._postings[term]
            if len(found) < size or (len(postings) <= COMMON and len(found) < CANDIDATES):
                for i, strength in postings.items():
                    found[i] = found.get(i, 0.0) + weight * strength
            elif len(postings) < len(found):
                for i, strength in postings.items():
                    if i in found:
                        found[i] += weight * strength
            else:
                for i in found:
                    if i in postings:
                        found[i] += weight * postings[i]
        # A stable sort keeps equal weights in the order they were brought in.
        return sorted(found.items(), key=itemgetter(1), reverse=True)[:size]

    def export(self) -> dict[str, Any]:
        terms = list(self._postings)
        counts = array("i", [len(found) for found in self._postings.values()])
        positions = array("i", [i for found in self._postings.values() for i in found])
        strengths = [s for found in self._postings.values() for s in found.values()]
        table = sorted(set(strengths))
        number = {s: n for n, s in enumerate(table)}
        ids = array("H" if len(table) <= _NARROW else "i", map(number.__getitem__, strengths))
        return {
            "terms": terms,
            "counts": pack(counts),
            "positions": pack(positions),
            **_strengths(array("d", table), ids),
        }


# --- numpy ------------------------------------------------------------------------


class _Scratch(threading.local):
    """Per thread: each entry's weight so far and whether it is a candidate,
    zeroed again after each query, so a query costs what it touches."""

    weight: Any = None
    member: Any = None


class ArrayPostings:
    """All postings in flat arrays sorted by term, then entry: ``positions``
    and ``strengths`` (float64); ``starts[k]`` is where the k-th term's run
    begins. Positions are numpy's native index type, not int32 as the cache
    keeps them: an int32 index is widened on every look-up, which made
    gathering a third slower, for 5 MB more at 47,000 entries."""

    def __init__(self, terms: list[str], counts: Any, positions: Any, strengths: Any, entries: int) -> None:
        import numpy as np

        self._np = np
        self._terms = terms
        self._counts = counts
        self._index = dict(zip(terms, range(len(terms)), strict=True))
        # A stdlib array: it hands out plain ints, which slice numpy's arrays fastest.
        self._starts = array("q", [0, *np.cumsum(counts).tolist()])
        self._positions = positions.astype(np.intp, copy=False)
        self._strengths = strengths
        self._entries = entries
        self._scratch = _Scratch()

    @classmethod
    def from_entries(
        cls, terms: list[str], term_ids: array[int], strengths: array[float], counts: array[int]
    ) -> ArrayPostings:
        import numpy as np

        ids = np.frombuffer(term_ids, dtype=np.int32)
        positions = np.repeat(np.arange(len(counts), dtype=np.intp), np.frombuffer(counts, dtype=np.int32))
        # Stable: each term's entries stay in FAQ order. Numbers of 16 bits
        # are radix-sorted, four times as fast as int32's merge sort.
        keys = ids.astype(np.uint16) if len(terms) <= _NARROW else ids
        order = np.argsort(keys, kind="stable")
        return cls(
            terms,
            np.bincount(ids, minlength=len(terms)).astype(np.int32),
            positions[order],
            np.frombuffer(strengths, dtype=np.float64)[order],
            len(counts),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ArrayPostings) and self.export() == other.export()

    __hash__ = None  # type: ignore[assignment]

    @property
    def numbers(self) -> dict[str, int]:
        """Each term's number: its place in the order of the terms."""
        return self._index

    def doc_freq(self) -> dict[str, int]:
        return dict(zip(self._terms, self._counts.tolist(), strict=True))

    def count(self, term: str) -> int:
        k = self._index.get(term)
        return 0 if k is None else self._starts[k + 1] - self._starts[k]

    def strength(self, term: str, position: int) -> float:
        k = self._index.get(term)
        if k is None:
            return 0.0
        start, end = self._starts[k], self._starts[k + 1]
        # A term's run is sorted by entry.
        at = start + int(self._np.searchsorted(self._positions[start:end], position))
        return float(self._strengths[at]) if at < end and self._positions[at] == position else 0.0

    def _arrays(self) -> tuple[Any, Any]:
        scratch = self._scratch
        if scratch.weight is None:
            scratch.weight = self._np.zeros(self._entries, dtype=self._np.float64)
            scratch.member = self._np.zeros(self._entries, dtype=bool)
        return scratch.weight, scratch.member

    def shortlist(self, terms: Sequence[tuple[str, float]], size: int) -> list[tuple[int, float]]:
        np = self._np
        weight, member = self._arrays()
        brought: list[Any] = []  # the candidates each term brought in, in FAQ order
        count = 0
        candidates: Any = None  # all of them in the order brought, made when needed
        try:
            for term, w in terms:
                k = self._index[term]
                start, end = self._starts[k], self._starts[k + 1]
                found = self._positions[start:end]
                strengths = self._strengths[start:end]
                if count < size or (end - start <= COMMON and count < CANDIDATES):
                    new = found[~member[found]]
                    if len(new):
                        member[new] = True
                        brought.append(new)
                        count += len(new)
                        candidates = None
                    # The same products and sums as the dict layout's, in the same order.
                    weight[found] += w * strengths
                elif end - start <= 4 * count:
                    held = member[found]
                    weight[found[held]] += w * strengths[held]
                else:
                    # Far more postings than candidates: look the candidates up
                    # in the term's sorted run instead of scanning it.
                    if candidates is None:
                        candidates = np.concatenate(brought)
                    at = np.searchsorted(found, candidates)
                    at[at == len(found)] = 0
                    held = found[at] == candidates
                    weight[candidates[held]] += w * strengths[at[held]]
            if not brought:
                return []
            if candidates is None:
                candidates = np.concatenate(brought)
            totals = weight[candidates]
            if len(candidates) > size:
                # Only those at least as heavy as the size-th heaviest can be in;
                # all of them, so ties at the cut keep their order.
                cut = np.partition(totals, len(totals) - size)[len(totals) - size]
                keep = np.flatnonzero(totals >= cut)
            else:
                keep = np.arange(len(totals))
            best = keep[np.argsort(-totals[keep], kind="stable")][:size]
            return list(zip(candidates[best].tolist(), totals[best].tolist(), strict=True))
        finally:
            if brought:
                every = candidates if candidates is not None else np.concatenate(brought)
                weight[every] = 0.0
                member[every] = False

    def export(self) -> dict[str, Any]:
        np = self._np
        table, ids = np.unique(self._strengths, return_inverse=True)
        ids = ids.astype(np.uint16 if len(table) <= _NARROW else np.int32)
        return {
            "terms": self._terms,
            "counts": pack(self._counts),
            "positions": pack(self._positions.astype(np.int32)),
            **_strengths(array("d", table.tolist()), ids),
        }


# --- the cache's form ----------------------------------------------------------------

# Arrays travel as their little-endian bytes, which the cache keeps apart from
# its JSON (see faq_bot.cache): read as they lie, not parsed from a million
# numbers of JSON (100 ms) nor decoded from base64 text (a third of a big
# index's load).


#: Up to this many distinct strengths, each posting's is numbered in 2 bytes.
_NARROW = 2**16


def _strengths(table: array[float], ids: Any) -> dict[str, Any]:
    """Each posting's strength, as a table of the distinct ones (a few
    thousand: they follow from an answer's length and a term's count) and
    each posting's number in it: a third of the bytes of the strengths
    themselves, which the cache reads at every start."""
    return {"strengths": pack(table), "strength_ids": pack(ids), "strength_width": ids.itemsize}


def pack(values: Any) -> bytes:
    """An array of numbers, stdlib's or numpy's, as its little-endian bytes."""
    if isinstance(values, array):
        if sys.byteorder == "big":
            values = array(values.typecode, values)
            values.byteswap()
        data: bytes = values.tobytes()
    else:  # numpy: its own dtype says its byte order
        data = values.astype(values.dtype.newbyteorder("<"), copy=False).tobytes()
    return data


def unpack(data: object, typecode: str) -> array[Any]:
    """What :func:`pack` made of an array of ``typecode`` ("H", "i", "I" or "d").
    Raises ValueError or TypeError when ``data`` is no such thing."""
    if not isinstance(data, bytes | memoryview):
        raise TypeError(f"expected bytes, not {type(data).__name__}")
    found = array(typecode)
    if found.itemsize != {"H": 2, "i": 4, "I": 4, "d": 8}[typecode]:
        raise ValueError(f"no {typecode!r} array of the right size on this platform")
    found.frombytes(data)  # ValueError for a length that is no multiple of the item's
    if sys.byteorder == "big":
        found.byteswap()
    return found


# Checks of what JSON gave, in C: a big index's state has tens of thousands of items.


def all_text(values: object) -> bool:
    """Whether ``values`` is a list of str and nothing else."""
    return isinstance(values, list) and set(map(type, values)) <= {str}


def all_finite(values: array[float], *, low: float) -> bool:
    """Whether every number of ``values`` is finite and at least ``low``.
    An exact sum is NaN or infinite when any term is."""
    return not values or (min(values) >= low and math.isfinite(math.fsum(values)))


def extent(values: array[int], *, vectorized: bool) -> tuple[int, int, int]:
    """The least and the greatest of ``values`` (0 for both when there are
    none) and their sum: in numpy when ``vectorized`` (a big index's arrays
    hold a million numbers, which Python's min, max and sum take 3 ms each
    to go through), else in Python."""
    if not values:
        return 0, 0, 0
    if vectorized:
        import numpy as np

        found = np.frombuffer(values, dtype=np.int32 if values.itemsize == 4 else np.uint16)
        return int(found.min()), int(found.max()), int(found.sum(dtype=np.int64))
    return min(values), max(values), sum(values)


def from_state(state: Any, entries: int, *, vectorized: bool) -> Postings:
    """The postings ``export`` described, for an index of ``entries``
    entries. Raises ValueError, TypeError or KeyError when they are malformed:
    counts that do not add up, entries out of range or out of order, weights
    that are no positive numbers."""
    terms = state["terms"]
    counts = unpack(state["counts"], "i")
    positions = unpack(state["positions"], "i")
    table = unpack(state["strengths"], "d")
    ids = unpack(state["strength_ids"], {2: "H", 4: "i"}[state["strength_width"]])
    if not all_text(terms):
        raise TypeError("terms must be a list of text")
    if len(set(terms)) != len(terms) or len(counts) != len(terms):
        raise ValueError("terms repeated, or not one count per term")
    fewest, _, total = extent(counts, vectorized=vectorized)
    if total != len(positions) or len(ids) != len(positions) or (counts and fewest < 1):
        raise ValueError("the counts do not add up")
    if not all_finite(table, low=0.0) or (table and min(table) == 0.0):
        raise ValueError("a strength is no positive number")
    low, high, _ = extent(ids, vectorized=vectorized)
    if ids and not 0 <= low <= high < len(table):
        raise ValueError("a strength out of range")
    if vectorized:
        import numpy as np

        numbers = np.frombuffer(ids, dtype=np.uint16 if ids.itemsize == 2 else np.int32)
        found = ArrayPostings(
            terms,
            np.frombuffer(counts, dtype=np.int32).copy(),
            np.frombuffer(positions, dtype=np.int32),
            np.frombuffer(table, dtype=np.float64)[numbers],
            entries,
        )
        _check_runs(np, found._positions, found._starts, entries)
        return found
    strengths = array("d", map(table.__getitem__, ids))
    postings: dict[str, dict[int, float]] = {}
    pairs = zip(positions, strengths, strict=True)
    for term, count in zip(terms, counts, strict=True):
        run = postings[term] = dict(islice(pairs, count))
        keys = list(run)
        if len(keys) != count or keys != sorted(keys) or not 0 <= keys[0] <= keys[-1] < entries:
            raise ValueError("entries out of range or out of order")
    return DictPostings(postings)


def _check_runs(np: Any, positions: Any, starts: array[int], entries: int) -> None:
    if len(positions) and not (int(positions.min()) >= 0 and int(positions.max()) < entries):
        raise ValueError("entries out of range")
    rising = np.diff(positions) > 0
    # Each run must rise strictly; where one run ends and the next begins, anything goes.
    rising[np.array(starts[1:-1], dtype=np.int64) - 1] = True
    if not rising.all():
        raise ValueError("entries out of order")
