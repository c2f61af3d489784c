"""Measure :data:`faq_bot.matcher.NON_NOUN_WEIGHT` over the seen sets.

    python bench/non_nouns.py                   # the sweep, per group of sets
    python bench/non_nouns.py --weights 1 0.5   # these weights only
    python bench/non_nouns.py --changes 0.5     # each question that weight changes

An unknown word that WordNet knows in no sense as a noun ("irritated",
"vary", "unlucky") weighs ``NON_NOUN_WEIGHT`` of its general-English
information (1: as any word). For each weight every bot is built anew (the
matcher keeps each unknown word's weight) and every question read and judged
as :meth:`faq_bot.FaqBot.ask` does (``bench/calibrate.py``'s reading).

Groups: the bundled FAQ's blind-written sets (``bench/sets/fbs-questions.yaml``
and every ``bench/heldout*/fbs-questions.yaml``), its own sets (``dev.yaml``,
``tests/data/cases.yaml``, ``bench/sets/fbs-aspects.yaml``), the topic FAQs'
own questions (``bench/heldout*/topic-*``, tuning and checking FAQs apart as
``calibrate.TUNE_FAQS``), and the public off-topic sets on the bundled FAQ as
``shared/eval/offtopic.py`` draws them. Per group: in-scope questions
answered right, answered with a wrong entry, and off-topic ones answered
(urgent replies apart).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import calibrate
from calibrate import EVAL_DIR, HERE, ROOT, _cases, _offtopic, _see

from faq_bot import FaqBot, load_faq, matcher

Case = tuple[str, tuple[str, ...] | None]


def groups() -> Iterator[tuple[str, Path, list[Case], bool]]:
    """(group, FAQ file, cases, expectations are entry ids) for every set."""
    bundled = ROOT / "faq" / "failed-back-syndrome.yaml"
    yield "FBS blind", bundled, _cases(HERE / "sets" / "fbs-questions.yaml"), False
    for folder in sorted(HERE.glob("heldout*")):
        if (folder / "fbs-questions.yaml").exists():
            yield "FBS blind", bundled, _cases(folder / "fbs-questions.yaml"), False
    yield "FBS dev.yaml", bundled, _cases(EVAL_DIR / "dev.yaml"), False
    yield "FBS cases.yaml", bundled, _cases(ROOT / "tests" / "data" / "cases.yaml"), False
    yield "FBS fbs-aspects", bundled, _cases(HERE / "sets" / "fbs-aspects.yaml"), False
    for folder in sorted(HERE.glob("heldout*/topic-*")):
        name = folder.name.removeprefix("topic-")
        name = {"heldout5/library": "library5", "heldout8/dental": "dental8"}.get(
            f"{folder.parent.name}/{name}", name
        )
        part = "tuning" if name in calibrate.TUNE_FAQS else "checking"
        yield f"topic FAQs ({part})", folder / "faq.yaml", _cases(folder / "questions.yaml"), True
    for name, questions in _offtopic().items():
        yield f"public {name}", bundled, [(q, None) for q in questions], False


def measure(weight: float) -> tuple[Counter[tuple[str, str]], dict[str, tuple[str, bool]]]:
    """Per (group, outcome) counts with ``weight``, and each question's outcome."""
    matcher.NON_NOUN_WEIGHT = weight
    bots: dict[Path, FaqBot] = {}
    counts: Counter[tuple[str, str]] = Counter()
    outcomes: dict[str, tuple[str, bool]] = {}
    for group, faq, cases, by_id in groups():
        bot = bots.get(faq) or bots.setdefault(faq, FaqBot(load_faq(faq)))
        for seen in _see(bot, cases, by_id=by_id):
            if seen.urgent:
                counts[group, "urgent"] += 1
                continue
            answered = bot.judge(seen.evidence)[0] is None
            if seen.expect is None:
                outcome = "off-topic answered" if answered else "off-topic declined"
            elif not answered:
                outcome = "declined"
            else:
                outcome = "right" if seen.got in seen.expect else "wrong"
            counts[group, outcome] += 1
            outcomes[f"{group} | {faq.parent.name} | {seen.text}"] = (outcome, seen.expect is None)
    return counts, outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--weights", type=float, nargs="*", default=[1.0, 0.75, 0.5, 0.25, 0.0])
    parser.add_argument("--changes", type=float, help="list the questions this weight changes against 1")
    args = parser.parse_args()
    if args.changes is not None:
        before = measure(1.0)[1]
        after = measure(args.changes)[1]
        for key, (outcome, _) in after.items():
            if outcome != before[key][0]:
                print(f"{before[key][0]:>18} -> {outcome:<18} {key}")
        return 0
    results = {weight: measure(weight)[0] for weight in args.weights}
    names = list(dict.fromkeys(group for group, _ in results[args.weights[0]]))
    print("| group | " + " | ".join(f"weight {w:g}" for w in args.weights) + " |")
    print("|---|" + "---|" * len(args.weights))
    for group in names:
        cells = []
        for weight in args.weights:
            c = results[weight]
            inscope = c[group, "right"] + c[group, "wrong"] + c[group, "declined"]
            off = c[group, "off-topic answered"] + c[group, "off-topic declined"]
            parts = []
            if inscope:
                parts.append(f"{c[group, 'right']}/{inscope} right, {c[group, 'wrong']} wrong")
            if off:
                parts.append(f"{c[group, 'off-topic answered']}/{off} off-topic answered")
            cells.append("; ".join(parts))
        print(f"| {group} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
