"""A big FAQ's shortlist re-ranked in numpy: the fuzzy score and the best
overlap of every candidate at once (see :mod:`faq_bot.matcher` for what
they are), instead of entry by entry.

Entry by entry, each of a query's 40 candidates cost a first question at
47,000 entries some 15 us: its phrasings gathered into objects (kept, so a
running bot paid that once per entry), two of rapidfuzz's calls, a set
intersection per phrasing. Here the candidates' phrasings are read from the
index's flat table, one rapidfuzz call scores them all against the query,
and each phrasing's shared terms are looked for once per query, however many
candidates share it (entries about one topic share its keywords).

The scores come out the same to the last bit: the same scorer on the same
strings, and the same floating-point operations in the same order (the
shared terms' weights added in the query's order, from 0.0). Only the order
in which things are worked out changes, never what is worked out from what.
Imported only with numpy's postings: small FAQs and the command line's
start-up never import numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from rapidfuzz import process


class Rerank:
    """An index's phrasings as numpy arrays, views of its flat table where
    they can be: entry ``i``'s are ``ids[starts[i]:starts[i + 1]]`` (numbers
    of ``texts``) at ``strengths``; ``weights`` is each text's weight in
    ranking; text ``k``'s distinct terms are the ``sizes[k]`` numbers of ``terms``
    after those of the texts before, as ``numbers`` (the postings') number
    them. Raises ValueError for a term number out of range."""

    def __init__(
        self,
        texts: list[str],
        table: tuple[Any, Any, Any, Any, Any, Any],
        numbers: dict[str, int],
    ) -> None:
        starts, ids, strengths, weights, terms, sizes = table
        self._texts = texts
        self._starts = np.frombuffer(starts, dtype=np.int32)
        self._ids = np.frombuffer(ids, dtype=np.int32)
        self._strengths = np.frombuffer(strengths, dtype=np.float64)
        self._weights = np.frombuffer(weights, dtype=np.float64)
        self._numbers = numbers
        # Views, as the rest: a copy, and the temporaries that made it, left a
        # big FAQ's index megabytes more memory.
        self._terms = np.frombuffer(terms, dtype=np.int32)
        if len(self._terms) and not (int(self._terms.min()) >= 0 and int(self._terms.max()) < len(numbers)):
            raise ValueError("a phrasing's term out of range")
        self._term_starts = np.zeros(len(sizes) + 1, dtype=np.int32)
        np.cumsum(np.frombuffer(sizes, dtype=np.int32), out=self._term_starts[1:])

    def parts(
        self,
        positions: Sequence[int],
        *,
        query_text: str,
        terms: Sequence[tuple[str, float]],
        corrected: Sequence[tuple[str, float]],
        total: float,
        scorer: Any,
    ) -> tuple[list[float], list[float]] | None:
        """Each candidate's fuzzy score (``scorer`` on ``query_text`` and its
        best question or alternate, or keyword at the keywords' strength) and
        overlap (its best phrasing's share of the query's weight, ``terms``
        with ``corrected``'s discounts, out of ``total``), by position; None
        for a candidate without phrasings, which the caller scores its own way."""
        if not positions:
            return [], []
        at = np.array(positions, dtype=np.intp)
        first = self._starts[at].astype(np.intp)
        lengths = self._starts[at + 1] - first
        if not lengths.all():
            return None
        slots, offsets = _runs(first, lengths)
        ids = self._ids[slots]
        said = list(map(self._texts.__getitem__, ids.tolist()))
        scores = process.cdist([query_text], said, scorer=scorer, dtype=np.float64)[0]
        # A phrasing's strength is 1.0 for the question and alternates, the
        # keywords' for a keyword: the best of the products is the best
        # question's score or the keywords' strength times the best keyword's
        # (a product by a positive number keeps the order).
        strengths = self._strengths[slots]
        fuzzy = np.maximum.reduceat(scores * strengths, offsets)

        # Each phrasing's terms that the query has: which phrasing (holder), which query term.
        first = self._term_starts[ids]
        sizes = self._term_starts[ids + 1] - first
        pairs, _ = _runs(first, sizes)
        holder = np.repeat(np.arange(len(ids), dtype=np.intp), sizes)
        held = self._terms[pairs]
        asked_terms = np.array([self._numbers[t] for t, _ in terms], dtype=np.intp)
        by_number = np.argsort(asked_terms)
        ordered = asked_terms[by_number]
        place = np.searchsorted(ordered, held)
        np.minimum(place, len(ordered) - 1, out=place)
        hit = ordered[place] == held
        which = by_number[place[hit]]
        holder = holder[hit]
        # Added in the query's order, from 0.0, as the loop entry by entry adds them.
        order = np.argsort(which, kind="stable")
        which, holder = which[order], holder[order]
        w = np.zeros(len(ids), dtype=np.float64)
        np.add.at(w, holder, np.array([tw for _, tw in terms], dtype=np.float64)[which])
        # A text sharing no term has w 0.0, and so a value of 0.0: the overlap starts from that.
        room = total + self._weights[ids] - w
        if corrected:
            taken = dict(corrected)
            discount = np.zeros(len(ids), dtype=np.float64)
            off = np.array([taken.get(t, 0.0) for t, _ in terms], dtype=np.float64)
            np.add.at(discount, holder, off[which])
            room = room - discount
        overlap = np.maximum.reduceat(strengths * w / room, offsets)
        return fuzzy.tolist(), overlap.tolist()


def _runs(first: Any, lengths: Any) -> tuple[Any, Any]:
    """The indices of the runs of ``lengths`` from ``first`` one after the
    other, and where each run begins among them."""
    offsets = np.zeros(len(first), dtype=np.intp)
    np.cumsum(lengths[:-1], out=offsets[1:])
    return np.arange(int(lengths.sum()), dtype=np.intp) + np.repeat(first - offsets, lengths), offsets
