"""The baselines measured beside the matcher, each behind one interface:
``search(query, k)`` returns entry indices, best first.

- BM25: bm25s (Lucene variant, k1=1.5, b=0.75) with English stopwords and
  Snowball stemming via PyStemmer, over the question plus the dataset's extra
  text (StackFAQ: the answer; MedQuAD: focus and synonyms).
- Fuzzy: rapidfuzz ``token_set_ratio`` against the question alone, a full
  scan with ``default_process``: what a bot without an index would do.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence

import bm25s
import numpy as np
import Stemmer
from rapidfuzz import fuzz, process, utils


class Bm25:
    name = "bm25s + Snowball"

    def __init__(self, texts: Sequence[str]) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        tokens = self._tokenize(list(texts))
        self._model = bm25s.BM25()
        self._model.index(tokens, show_progress=False)

    def load_seconds(self) -> tuple[float, float]:
        """Seconds to load this index from the files bm25s saves it as (numpy
        arrays and JSON), as a bot would at start: beside our cache's load.
        By the wall clock, then in this thread's CPU time."""
        with tempfile.TemporaryDirectory() as folder:
            self._model.save(folder, show_progress=False)
            wall, cpu = time.perf_counter(), time.thread_time()
            bm25s.BM25.load(folder)
            return time.perf_counter() - wall, time.thread_time() - cpu

    def _tokenize(self, texts: list[str]) -> list[list[str]]:
        return bm25s.tokenize(
            texts, stopwords="en", stemmer=self._stemmer, return_ids=False, show_progress=False
        )

    def search(self, query: str, k: int) -> list[int]:
        # get_scores on one query, not retrieve(): retrieve's per-call setup
        # (threads, progress bars) would dominate a one-query latency.
        scores = self._model.get_scores(self._tokenize([query])[0])
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        # Best first; ties in collection order, like the README baselines.
        order = np.lexsort((top, -scores[top]))
        return [int(i) for i in top[order] if scores[i] > 0]


class Fuzzy:
    name = "rapidfuzz token_set_ratio"

    def __init__(self, questions: Sequence[str]) -> None:
        # Processing the choices once is what a careful full-scan bot would do.
        self._choices = [utils.default_process(q) for q in questions]

    def search(self, query: str, k: int) -> list[int]:
        found = process.extract(
            utils.default_process(query), self._choices, scorer=fuzz.token_set_ratio, processor=None, limit=k
        )
        return [i for _, _, i in found]
