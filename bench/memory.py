"""Memory of one index, measured in a fresh process so datasets don't share a
high-water mark: ``python bench/memory.py stackfaq|medquad|bundled [ENTRIES] [bm25s]``
prints JSON. ``ENTRIES`` keeps the dataset's first that many entries (0: all);
``bm25s`` measures the BM25 baseline's index instead of the matcher's.

``index_mb`` is the resident memory the built index keeps (RSS after the
build minus before it, data already loaded); ``peak_mb`` is the process's
peak RSS (ru_maxrss), data loading included. Linux: reads /proc/self/statm.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import data

from faq_bot import FaqIndex, load_faq
from faq_bot.postings import VECTOR_MIN_ENTRIES, numpy_available


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(name: str, size: int = 0, method: str = "matcher") -> None:
    if name == "bundled":
        faq = load_faq()
        entries, synonyms, extra = faq.entries, faq.synonyms, [""] * len(faq.entries)
    else:
        ds = getattr(data, name)()
        entries, synonyms, extra = ds.entries, (), list(ds.bm25_extra)
    if size:
        entries, extra = entries[:size], extra[:size]
    if method == "bm25s":
        from baselines import Bm25

        texts = [f"{e.question} {x}" for e, x in zip(entries, extra, strict=True)]
        Bm25(texts[:10])  # its imports (numpy, scipy) are not its index
    elif len(entries) >= VECTOR_MIN_ENTRIES and numpy_available():
        import numpy  # noqa: F401  # nor are the matcher's
    gc.collect()
    before = _rss_mb()
    index: object = Bm25(texts) if method == "bm25s" else FaqIndex(entries, synonyms)
    gc.collect()
    after = _rss_mb()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    del index  # kept until measured
    print(json.dumps({"entries": len(entries), "index_mb": after - before, "peak_mb": peak}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0, *sys.argv[3:4])
