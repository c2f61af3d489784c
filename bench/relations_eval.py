"""Where the blind topic FAQs' in-scope misses are, and what the word relations
(:mod:`faq_bot.relations`) change: issue 11's generality round. Not run in CI.

    python bench/relations_eval.py            # every topic FAQ of bench/heldout*: figures and misses
    python bench/relations_eval.py --misses   # the same, each in-scope miss with its cause

Each question goes through ``respond_in_context`` as ``faq-bot ask --json -`` does. An in-scope
miss is a decline (by its reason, and whether the right entry was the first suggestion) or a
wrong entry (and whether the right one was among the alternatives).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

from faq_bot import FaqBot, load_faq
from faq_bot.conversation import respond_in_context
from faq_bot.model import Status

HERE = Path(__file__).resolve().parent
TOPICS = sorted(HERE.glob("heldout*/topic-*"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="print every in-scope miss")
    args = ap.parse_args()
    causes: Counter[str] = Counter()
    totals = Counter[str]()
    for folder in TOPICS:
        name = f"{folder.parent.name}/{folder.name}"
        bot = FaqBot(load_faq(folder / "faq.yaml"))
        cases = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))["cases"]
        n = Counter[str]()
        for case in cases:
            expect = case["expect"]
            if expect == "urgent":
                continue
            reply, _ = respond_in_context(bot, case["q"])
            if expect == "no_match":
                n["off"] += 1
                n["declined"] += reply.status not in (Status.ANSWERED, Status.URGENT)
                continue
            wanted = set(expect if isinstance(expect, list) else [expect])
            n["in"] += 1
            if reply.status == Status.ANSWERED and reply.entry is not None and reply.entry.id in wanted:
                n["right"] += 1
                continue
            if reply.status == Status.ANSWERED:
                near = any(m.entry.id in wanted for m in reply.alternatives)
                cause = "wrong entry, right one " + ("among the alternatives" if near else "not offered")
            else:
                first = reply.alternatives[0].entry.id in wanted if reply.alternatives else False
                reason = reply.reason.value if reply.reason else reply.status.value
                cause = f"declined {reason}, right entry {'first' if first else 'not first'}"
            causes[cause] += 1
            if args.misses:
                unknown = " ".join(reply.unknown_words)
                got = reply.entry.id if reply.entry else "-"
                print(f"  {name}: {case['q']!r} -> {got} [{cause}] unknown: {unknown}")
        totals.update(n)
        print(
            f"{name}: in-scope {n['right'] / n['in']:.3f} ({n['right']}/{n['in']}),"
            f" off-topic declined {n['declined'] / n['off']:.3f} ({n['declined']}/{n['off']})"
        )
    print(
        f"all: in-scope {totals['right'] / totals['in']:.3f} ({totals['right']}/{totals['in']}),"
        f" off-topic declined {totals['declined'] / totals['off']:.3f} ({totals['declined']}/{totals['off']})"
    )
    for cause, count in causes.most_common():
        print(f"  {count:4d}  {cause}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
