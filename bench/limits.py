"""The worst FAQ files and queries the loader's limits accept, and what they
cost: ``python bench/limits.py`` prints, per shape, the wall time and peak
memory of each command in a fresh process, and of the slowest hostile query.

Each shape is built to the limits in :mod:`faq_bot.loader` (size, nodes,
value length, list length) in the way that costs most for one part of the
work: YAML nodes, problems to report, entries, phrasings, vocabulary,
synonyms, urgent rules, nesting. The target (issue 12) is at most 300 MB and
5 s for any of them, on a 2-core machine. The budget is on CPU time (user +
system), the wall time of an idle machine; wall time is printed beside it,
with the load average, since a busy machine stretches it. Not a test: it
takes minutes.

    python bench/limits.py                 # every shape, every command
    python bench/limits.py keywords urgent # some shapes
    python bench/limits.py --json out.json # also write the figures
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import string
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

from faq_bot import loader
from faq_bot.matcher import MAX_QUERY_CHARS

HEAD = """\
source: {title: "Worst case"}
reminder: "Talk to your physician."
fallback: "Sorry."
"""
SECTIONS = "sections:\n  - {id: s, title: S}\n"
NODES = loader.MAX_NODES
BYTES = loader.MAX_FILE_BYTES
SCALAR = loader.MAX_SCALAR_CHARS
ITEMS = loader.MAX_LIST_ITEMS
BUDGET_MB, BUDGET_S = 300, 5.0


def _words(rng: random.Random, n: int, size: int = 8) -> list[str]:
    return ["".join(rng.choices(string.ascii_lowercase, k=size)) for _ in range(n)]


# The FAQ shapes draw their words from this pool, just under the limit on
# different words. They all start with "a" and have ten letters, so that they
# share one bucket of the typo corrector: the worst case for a query's typos.
POOL = sorted({"a" + w for w in _words(random.Random(0), loader.MAX_WORDS, 9)})[: loader.MAX_WORDS - 500]


def _pool(rng: random.Random, n: int) -> list[str]:
    return rng.choices(POOL, k=n)


def _nodes(text: str) -> int:
    return sum(isinstance(e, yaml.NodeEvent) for e in yaml.parse(text, Loader=yaml.CSafeLoader))


def _fill(head: str, items: Iterator[str], tail: str = "") -> str:
    """``head``, then as many of ``items`` as the node and byte limits allow,
    then ``tail``: a file just within the limits (items are alike in nodes)."""
    first, second = next(items), next(items)
    fixed = _nodes(head + first + tail)
    each = _nodes(head + first + second + tail) - fixed
    out, size, nodes = [head, first, second], len(head) + len(first) + len(second) + len(tail), fixed + each
    for item in items:
        if nodes + each > NODES or size + len(item.encode()) > BYTES:
            break
        out.append(item)
        size += len(item.encode())
        nodes += each
    return "".join(out) + tail


def _each(make: Callable[[int], str]) -> Iterator[str]:
    return (make(i) for i in range(10 * NODES))


def tiny_values(_: random.Random) -> str:
    # One long top-level list of one-letter values: the most YAML nodes per byte.
    return _fill(HEAD + "extra: [", _each(lambda _: "a, "), "]\n")


def bad_entries(_: random.Random) -> str:
    # Every node a problem to report: "an entry must be a mapping".
    return _fill(HEAD + SECTIONS + "entries: [", _each(lambda _: "a, "), "]\n")


def undeclared_sections(rng: random.Random) -> str:
    # Entries naming sections that are not declared, among a thousand that
    # are: each problem could look for a "did you mean" among all of them.
    sections = "".join(f"  - {{id: sec-{w}, title: T}}\n" for w in _words(rng, 1000))
    return _fill(
        HEAD + "sections:\n" + sections + "entries:\n",
        _each(lambda i: f"  - {{id: e{i}, section: sec-{_words(rng, 1)[0]}, question: q{i}, answer: a}}\n"),
    )


def many_entries(rng: random.Random) -> str:
    # As many valid entries as fit, each of distinct words.
    def entry(i: int) -> str:
        a, b, c = _pool(rng, 3)
        return f"  - {{id: e{i}, section: s, question: {a} {b}, answer: {c}}}\n"

    return _fill(HEAD + SECTIONS + "entries:\n", _each(entry))


def keywords(rng: random.Random) -> str:
    # Entries with a full list of one-word keywords: the most phrasings.
    def entry(i: int) -> str:
        words = ", ".join(_pool(rng, ITEMS))
        return f"  - id: e{i}\n    section: s\n    question: q{i}\n    answer: a\n    keywords: [{words}]\n"

    return _fill(HEAD + SECTIONS + "entries:\n", _each(entry))


def long_values(rng: random.Random) -> str:
    # Questions and alternates as long as allowed: the most text per node, and
    # every word of the pool in the index.
    def entry(i: int) -> str:
        texts = [" ".join(_pool(rng, SCALAR // 11)) for _ in range(4)]
        alternates = "".join(f"      - {t}\n" for t in texts[1:])
        head = f"  - id: e{i}\n    section: s\n    question: {texts[0]}\n"
        return f"{head}    alternates:\n{alternates}    answer: a\n"

    return _fill(HEAD + SECTIONS + "entries:\n", _each(entry))


DENSE_WORDS = POOL[:300]


def dense_phrasings(rng: random.Random) -> str:
    # Every alternate of every entry holds the same 300 words: a query of those
    # words reaches every phrasing of every candidate through every term.
    phrasing = " ".join(DENSE_WORDS)

    def entry(i: int) -> str:
        alternates = "".join(f"      - {phrasing} {w}\n" for w in _pool(rng, 200))
        return (
            f"  - id: e{i}\n    section: s\n    question: q{i}\n    alternates:\n{alternates}    answer: a\n"
        )

    return _fill(HEAD + SECTIONS + "entries:\n", _each(entry))


def synonyms(rng: random.Random) -> str:
    # Synonyms as long as allowed, all starting with the same word, so that
    # every word of a query may start one.
    def term(i: int) -> str:
        size = loader.MAX_SYNONYM_WORDS - 1
        variants = ", ".join("pain " + " ".join(_pool(rng, size)) for _ in range(ITEMS))
        return f"  t{i}: [{variants}]\n"

    head = HEAD + SECTIONS + "entries:\n  - {id: e, section: s, question: pain, answer: a}\nsynonyms:\n"
    return _fill(head, _each(term))


def urgent(rng: random.Random) -> str:
    # As many urgent rules and phrases as fit, using as many different words
    # as allowed: each query word is checked for typos against every one.
    rule_words = POOL[: loader.MAX_URGENT_WORDS - 300]

    def rule(i: int) -> str:
        phrases = ", ".join(" ".join(rng.choices(rule_words, k=3)) for _ in range(ITEMS))
        return f"    - id: r{i}\n      any: [{phrases}]\n"

    head = HEAD + SECTIONS + "entries:\n  - {id: e, section: s, question: q, answer: a}\nurgent:\n  rules:\n"
    return _fill(head, (rule(i) for i in range(ITEMS)))


def deep(_: random.Random) -> str:
    # Nested to the depth limit, over and over.
    block = "[" * (loader.MAX_DEPTH - 2) + "a" + "]" * (loader.MAX_DEPTH - 2)
    return _fill(HEAD + "extra: [", _each(lambda _: block + ", "), "]\n")


SHAPES: dict[str, Callable[[random.Random], str]] = {
    "tiny-values": tiny_values,
    "bad-entries": bad_entries,
    "undeclared-sections": undeclared_sections,
    "many-entries": many_entries,
    "keywords": keywords,
    "long-values": long_values,
    "dense-phrasings": dense_phrasings,
    "synonyms": synonyms,
    "urgent": urgent,
    "deep": deep,
}


def hostile_queries(rng: random.Random) -> list[str]:
    """Queries at the length limit, each costly in its own way."""
    n = MAX_QUERY_CHARS

    def upto(words: list[str]) -> str:
        return " ".join(words)[:n]

    alphabet = string.ascii_lowercase
    return [
        upto(_words(rng, n // 4, 3)),  # unknown short words, each one to correct
        upto(_words(rng, n // 11, 10)),  # unknown long words: two edits allowed
        upto(["a" + w for w in _words(rng, n // 11, 9)]),  # all in the pool's bucket
        upto(rng.choices(POOL, k=n // 11)),  # known words, each in many entries
        upto(["a" + w[1:5] + w[6:] for w in rng.choices(POOL, k=n // 10)]),  # typos of them
        upto(DENSE_WORDS * 8),  # every word in every phrasing (dense-phrasings)
        upto(["pain"] * n),  # the first word of every synonym, everywhere
        upto(["bladder", "control", "leg", "numb"] * n),  # urgent words over and over
        upto(["blaader", "contorl", "nuumb", "sucidal", "wuond"] * n),  # typos of rule words
        "a" * n,  # one long word
        upto(["".join(rng.choices(alphabet + "éñ漢字ß", k=6)) for _ in range(n)]),  # mixed scripts
        "\u0301" * n,  # combining marks only
        upto([f"{i}" for i in range(n)]),  # numbers
    ]


QUERY_SCRIPT = """
import json, resource, sys, time
from faq_bot.cache import load_indexed
from faq_bot import FaqBot
faq, index = load_indexed([sys.argv[1]])
bot = FaqBot(faq, index=index)
worst, worst_wall, which = 0.0, 0.0, None
for number, query in enumerate(json.load(sys.stdin)):
    start, wall = time.process_time(), time.perf_counter()
    bot.ask(query)
    took = time.process_time() - start
    worst_wall = max(worst_wall, time.perf_counter() - wall)
    if took > worst:
        worst, which = took, number
print(json.dumps({"worst_query_cpu_s": worst, "worst_query_s": worst_wall, "worst_query": which}))
"""


RUN_SCRIPT = """
import json, os, subprocess, sys, time
argv, stdin = json.loads(sys.argv[1]), sys.stdin.read() or None
start = time.perf_counter()
proc = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
if stdin:
    proc.stdin.write(stdin)
    proc.stdin.close()
out, err = proc.stdout.read(), proc.stderr.read()
_, status, usage = os.wait4(proc.pid, 0)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"s": round(time.perf_counter() - start, 2), "cpu_s": round(cpu, 2),
                  "peak_mb": round(usage.ru_maxrss / 1024),
                  "exit": os.waitstatus_to_exitcode(status), "traceback": "Traceback" in err,
                  "stdout": out[-200:], "stderr": err[-200:]}))
"""


def run(argv: list[str], env: dict[str, str], stdin: str = "") -> dict:
    """``argv`` in a fresh process: its wall time, peak RSS and exit code."""
    proc = subprocess.run(
        [sys.executable, "-c", RUN_SCRIPT, json.dumps(argv)],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(proc.stdout)


def bench_shape(name: str, folder: Path) -> dict:
    rng = random.Random(name)
    path = folder / f"{name}.yaml"
    path.write_text(SHAPES[name](rng), encoding="utf-8")
    faq_bot = str(Path(sys.executable).with_name("faq-bot"))
    env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}
    shutil.rmtree(folder / "cache", ignore_errors=True)
    result: dict = {"bytes": path.stat().st_size}
    result["validate"] = run([faq_bot, "validate", str(path)], env)
    ask = [faq_bot, "--faq", str(path), "ask", "--json", "what is it"]
    result["ask (builds, writes cache)"] = run(ask, env)
    entries = list((folder / "cache" / "faq-bot").glob("*.json"))
    result["cache_bytes"] = entries[0].stat().st_size if entries else 0
    result["ask (from cache)"] = run(ask, env)
    if result["ask (from cache)"]["exit"] == 0:
        queries = json.dumps(hostile_queries(rng))
        found = run([sys.executable, "-c", QUERY_SCRIPT, str(path)], env, stdin=queries)
        if found["exit"] == 0:
            found.update(json.loads(found.pop("stdout")))
        result["hostile queries"] = found
    path.unlink()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shapes", nargs="*", metavar="SHAPE", help=f"any of {', '.join(SHAPES)}")
    parser.add_argument("--json", metavar="FILE", help="write the figures to FILE")
    args = parser.parse_args(argv)
    chosen = args.shapes or list(SHAPES)
    results: dict = {"load_average": os.getloadavg(), "limits": {
        "MAX_FILE_BYTES": BYTES, "MAX_NODES": NODES, "MAX_SCALAR_CHARS": SCALAR,
        "MAX_LIST_ITEMS": ITEMS, "MAX_DEPTH": loader.MAX_DEPTH, "MAX_QUERY_CHARS": MAX_QUERY_CHARS,
    }}  # fmt: skip
    worst_mb, worst_s, failures = 0, 0.0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in chosen:
            shape = results[name] = bench_shape(name, Path(tmp))
            print(f"{name} ({shape['bytes']:,} bytes; cache entry {shape['cache_bytes']:,} bytes)")
            for command, figures in shape.items():
                if not isinstance(figures, dict):
                    continue
                # The budget is on CPU time (user + system), which is the wall
                # time on an idle machine; wall time is shown beside it.
                seconds = figures.get("worst_query_cpu_s", figures["cpu_s"])
                wall = figures.get("worst_query_s", figures["s"])
                worst_mb, worst_s = max(worst_mb, figures["peak_mb"]), max(worst_s, seconds)
                bad = figures["traceback"] or figures["peak_mb"] > BUDGET_MB or seconds > BUDGET_S
                failures += bad
                line = (
                    f"  {command:<28} {seconds:6.2f} s CPU ({wall:5.2f} s wall) {figures['peak_mb']:5d} MB"
                    f"  exit {figures['exit']}"
                )
                if "worst_query" in figures:
                    line += f"  (slowest: query {figures['worst_query']})"
                print(line + ("  TRACEBACK" if figures["traceback"] else "") + ("  OVER" if bad else ""))
    results["worst"] = {"peak_mb": worst_mb, "seconds": worst_s, "over_budget": failures}
    results["load_average_after"] = os.getloadavg()
    print(
        f"\nworst: {worst_mb} MB, {worst_s:.2f} s CPU (budget {BUDGET_MB} MB, {BUDGET_S:.0f} s); "
        f"{failures} over budget; load average {results['load_average'][0]:.1f} "
        f"to {results['load_average_after'][0]:.1f}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
