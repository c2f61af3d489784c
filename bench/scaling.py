"""How the matcher's costs grow with the FAQ: per-query time by step, build
time and index memory at 1k, 5k, 20k and all 47k MedQuAD entries, beside
bm25s in the same run.

    python bench/scaling.py                      # writes bench/scaling.md
    python bench/scaling.py --sizes 1000,5000    # a quicker look, printed only

Each size is a fixed random sample of MedQuAD's entries (the same seed every
run, smaller samples inside bigger ones); the queries are LiveQA's 104
consumer questions at every size, so only the FAQ grows. Per query, in this
process: ``analyze`` (words, typo corrections, weights), ``gather`` (the
postings of the query's terms, to the shortlist) and ``re-rank`` (overlap and
fuzzy scores of the shortlist), each the median over the queries; ``cold`` is
the first pass over them on a fresh index, ``warm`` a second pass, as a
running bot meets them. ``postings`` is how many postings the query's terms
have together: what a scan of every posting would touch, for comparison with
how the time grows. Memory comes from bench/memory.py in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import data  # noqa: E402
from baselines import Bm25  # noqa: E402

from faq_bot import FaqIndex  # noqa: E402
from faq_bot.postings import ArrayPostings  # noqa: E402

HERE = Path(__file__).resolve().parent
SIZES = (1000, 5000, 20000, 47453)
STEPS = ("analyze", "gather", "rerank", "total")
#: This thread's CPU time: on a 2-core machine shared with other jobs, the
#: wall clock also counts the time others hold the cores (at a load average
#: of 5, p99s of 5 to 12 ms where CPU time gives 1 to 3).
CLOCK = time.thread_time


def _median_ms(seconds: Sequence[float]) -> float:
    return 1000 * statistics.median(seconds)


def _p99_ms(seconds: Sequence[float]) -> float:
    ordered = sorted(seconds)
    return 1000 * ordered[max(0, -(-99 * len(ordered) // 100) - 1)]


def _pass(index: FaqIndex, texts: Sequence[str]) -> dict[str, list[float]]:
    """Seconds per query for each step, one pass over ``texts``."""
    gathered: list[float] = []
    shortlist = index._postings.shortlist

    def timed(*args: object) -> list[tuple[int, float]]:
        start = CLOCK()
        found = shortlist(*args)  # type: ignore[arg-type]
        gathered.append(CLOCK() - start)
        return found

    index._postings.shortlist = timed  # type: ignore[method-assign]
    steps: dict[str, list[float]] = {step: [] for step in STEPS}
    try:
        for text in texts:
            calls = len(gathered)
            start = CLOCK()
            query = index.analyze(text)
            middle = CLOCK()
            index.score_query(query, limit=10)
            end = CLOCK()
            # A query with no known term gathers nothing.
            gather = gathered[-1] if len(gathered) > calls else 0.0
            steps["analyze"].append(middle - start)
            steps["gather"].append(gather)
            steps["rerank"].append(end - middle - gather)
            steps["total"].append(end - start)
    finally:
        del index._postings.shortlist
    return steps


def _memory(size: int, method: str) -> float:
    out = subprocess.run(
        [sys.executable, str(HERE / "memory.py"), "medquad", str(size), method],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(json.loads(out.stdout)["index_mb"])


def measure(sizes: Sequence[int]) -> list[dict]:
    ds = data.medquad()
    texts = [q.text for q in ds.queries]
    order = random.Random(16).sample(range(len(ds.entries)), len(ds.entries))
    rows = []
    for size in sizes:
        chosen = sorted(order[:size])
        entries = [ds.entries[i] for i in chosen]
        bm25_texts = [f"{ds.entries[i].question} {ds.bm25_extra[i]}" for i in chosen]
        start = CLOCK()
        index = FaqIndex(entries)
        build_s = CLOCK() - start
        start = CLOCK()
        bm25 = Bm25(bm25_texts)
        bm25_build_s = CLOCK() - start
        cold = _pass(index, texts)
        # Word caches filled, but not the rankings and analyses kept of the
        # latest queries: those would time the same queries repeated.
        index._scores.clear()
        index._analyses.clear()
        warm = _pass(index, texts)
        bm25_s = []
        for text in texts:
            start = CLOCK()
            bm25.search(text, 10)
            bm25_s.append(CLOCK() - start)
        doc_freq = index._postings.doc_freq()
        postings = [sum(doc_freq.get(t, 0) for t in index.analyze(text).terms) for text in texts]
        rows.append(
            {
                "entries": size,
                "layout": "numpy" if isinstance(index._postings, ArrayPostings) else "dicts",
                "cold": {step: _median_ms(cold[step]) for step in STEPS} | {"p99": _p99_ms(cold["total"])},
                "warm": {step: _median_ms(warm[step]) for step in STEPS} | {"p99": _p99_ms(warm["total"])},
                "bm25s_ms": _median_ms(bm25_s),
                "bm25s_p99_ms": _p99_ms(bm25_s),
                "postings": statistics.median(postings),
                "build_s": build_s,
                "bm25s_build_s": bm25_build_s,
                "index_mb": _memory(size, "matcher"),
                "bm25s_mb": _memory(size, "bm25s"),
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def table(rows: Sequence[dict]) -> str:
    header = [
        "entries",
        "postings",
        "analyze ms",
        "gather ms",
        "re-rank ms",
        "median ms",
        "p99 ms",
        "bm25s median / p99",
        "warm: gather / median / p99",
        "build s (bm25s)",
        "index MB (bm25s)",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        c, w = r["cold"], r["warm"]
        cells = [
            f"{r['entries']:,} ({r['layout']})",
            f"{r['postings']:,.0f}",
            f"{c['analyze']:.3f}",
            f"{c['gather']:.3f}",
            f"{c['rerank']:.3f}",
            f"{c['total']:.3f}",
            f"{c['p99']:.2f}",
            f"{r['bm25s_ms']:.3f} / {r['bm25s_p99_ms']:.2f}",
            f"{w['gather']:.3f} / {w['total']:.3f} / {w['p99']:.2f}",
            f"{r['build_s']:.2f} ({r['bm25s_build_s']:.2f})",
            f"{r['index_mb']:.1f} ({r['bm25s_mb']:.1f})",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="FAQ sizes, comma-separated")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    load = os.getloadavg()
    rows = measure(sizes)
    out = table(rows)
    note = f"Load average before the run: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} (2 cores)."
    print(out + "\n\n" + note)
    if tuple(sizes) == SIZES:
        doc = (HERE / "scaling.md").read_text() if (HERE / "scaling.md").exists() else ""
        head = doc.split("<!-- table -->")[0] if "<!-- table -->" in doc else "# Scaling\n\n"
        (HERE / "scaling.md").write_text(f"{head}<!-- table -->\n{out}\n\n{note}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
