"""Regenerate faq_bot/data/urgent-backstop.json, the urgent screen's learned backstop.

    python scripts/make_urgent_backstop.py           # writes the file
    python scripts/make_urgent_backstop.py --check   # exit 1 if the shipped file differs

A logistic regression (pure Python, classes balanced, L2) over
:func:`faq_bot.backstop.features`, trained by stochastic gradient descent on
every seen urgent round (``bench/heldout*/urgent.yaml``), ``bench/sets/urgent-*.yaml``,
``tests/data/urgent-messages.yaml``,
and as ordinary negatives the rounds' patient questions
(``bench/heldout*/fbs-questions.yaml``) and the project's dev set
(``/work/shared/eval/dev.yaml``, or ``--dev``). Never on
``urgent-dev.yaml`` (a reported figure) nor the public off-topic sets (the
check of false alarms). Features whose weight is under PRUNE are dropped and the
rest trained again (see :func:`fit`), rounded to 3 places.

Deterministic: the sets are read in sorted order, the features are sorted,
the shuffle has a fixed seed, and nothing iterates a set or a hash-ordered
mapping, so the file is the same whatever PYTHONHASHSEED.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from faq_bot.backstop import WEIGHTS_FILE, features  # noqa: E402

OUT = ROOT / "faq_bot" / "data" / WEIGHTS_FILE
BENCH = ROOT / "bench"
DEV = Path("/work/shared/eval/dev.yaml")
#: The messages the rules were built on, round by round (tests/test_safety.py holds their floor).
RECORDED = ROOT / "tests" / "data" / "urgent-messages.yaml"
EPOCHS = 25
RATE = 0.1
L2 = 1e-4
SEED = 0
#: Features whose first weight is smaller than this are dropped before training again
#: (bench/README.md: the LORO recall it keeps, against the time to read the file).
PRUNE = 0.5
#: The probability a message must reach (bench/README.md, the LORO table: recall gained against
#: safe messages alarmed, and the public off-topic questions).
THRESHOLD = 0.98

Row = tuple[list[str], bool]


def cases(path: Path) -> list[tuple[str, bool]]:
    """A scored set's (message, is it an emergency) pairs."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    return [(str(c["q"]), c["expect"] == "urgent") for c in data]


#: The file bench/slips.py writes.
SLIPS = "urgent-slips.yaml"


def rounds() -> list[Path]:
    return sorted(p.parent for p in BENCH.glob("heldout*/urgent.yaml"))


def training_sets(dev: Path = DEV) -> dict[str, list[tuple[str, bool]]]:
    """Every set by the round it belongs to ("" for the ones always trained on)."""
    out: dict[str, list[tuple[str, bool]]] = {"": []}
    for d in rounds():
        out[d.name] = cases(d / "urgent.yaml")
        if (d / "fbs-questions.yaml").exists():
            out[d.name] += [(q, False) for q, _ in cases(d / "fbs-questions.yaml")]
    # Not the typing-slip variants bench/slips.py generates from these sets (git-ignored,
    # so a fresh clone would train without them and make other weights).
    for p in [*sorted(BENCH.glob("sets/urgent-*.yaml")), RECORDED]:
        if p.name != SLIPS:
            out[""] += cases(p)
    out[""] += cases(dev)
    return out


def row(message: str) -> list[str]:
    """The message's features in sorted order: a sum over them is the same on every run."""
    return sorted(features(message))


def train(rows: list[Row], seed: int = SEED) -> dict[str, float]:
    """Logistic regression by stochastic gradient descent, classes balanced."""
    w: dict[str, float] = {}
    pos = sum(y for _, y in rows) or 1
    neg = len(rows) - pos or 1
    weight = {True: len(rows) / (2 * pos), False: len(rows) / (2 * neg)}
    order = list(range(len(rows)))
    rnd = random.Random(seed)
    for epoch in range(EPOCHS):
        rnd.shuffle(order)
        rate = RATE / (1 + epoch)
        for i in order:
            xs, y = rows[i]
            z = sum(w.get(x, 0.0) for x in xs)
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - y) * weight[y]
            for x in xs:
                old = w.get(x, 0.0)
                w[x] = old - rate * (g + L2 * old)
    return w


def fit(rows: list[Row], floor: float = PRUNE) -> dict[str, float]:
    """Trained, pruned to the features whose weight reaches ``floor``, and
    trained again on those alone (so the ones kept take up what the dropped
    ones carried), rounded; by feature."""
    kept = {k for k, v in train(rows).items() if abs(v) >= floor}
    again = train([([x for x in xs if x in kept], y) for xs, y in rows])
    return {k: round(v, 3) for k, v in sorted(again.items()) if round(v, 3)}


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def rendered(weights: dict[str, float], threshold: float = THRESHOLD) -> str:
    """The weights file's text."""
    data = {
        "about": "made by scripts/make_urgent_backstop.py; do not edit",
        "threshold": round(logit(threshold), 6),
        "weights": dict(sorted(weights.items())),
    }
    return json.dumps(data, indent=0, sort_keys=False) + "\n"


def build(dev: Path = DEV) -> str:
    rows = [(row(q), u) for v in training_sets(dev).values() for q, u in v]
    return rendered(fit(rows))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--check", action="store_true", help="only compare with the shipped file")
    ap.add_argument("--dev", type=Path, default=DEV)
    a = ap.parse_args()
    text = build(a.dev)
    if a.check:
        same = OUT.read_text(encoding="utf-8") == text
        print("same" if same else f"{OUT} differs from what the script makes")
        sys.exit(0 if same else 1)
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT}: {text.count(chr(10)) - 5} weights")


if __name__ == "__main__":
    main()
