"""Memory of one index, measured in a fresh process so datasets don't share a
high-water mark: ``python bench/memory.py stackfaq|medquad|bundled`` prints JSON.

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


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(name: str) -> None:
    if name == "bundled":
        faq = load_faq()
        entries, synonyms = faq.entries, faq.synonyms
    else:
        entries, synonyms = getattr(data, name)().entries, ()
    gc.collect()
    before = _rss_mb()
    index = FaqIndex(entries, synonyms)
    gc.collect()
    after = _rss_mb()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"entries": len(index.entries), "index_mb": after - before, "peak_mb": peak}))


if __name__ == "__main__":
    main(sys.argv[1])
