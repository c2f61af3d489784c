"""Fit the bounds of :func:`faq_bot.bot.allowed_unknown` on the tuning sets, and check them.

    python bench/unknown_allowance.py          # the grid's best settings, tune and check
    python bench/unknown_allowance.py --top 20

Reads every set of ``bench/calibrate.py`` once (its ``collect``), then, for each
question the urgent screen lets through, what the unknown-words gate weighs: the
unknown share, how many of its own known terms the best entry holds
(:meth:`FaqBot.held_own`) and how much of its information (``informed``), whether
it has few phrasings (:data:`faq_bot.bot.FEW_INFORMED_PIVOT`), and
whether every other gate would answer it. A setting of the bounds answers a
question when the others would and its unknown share is within what the setting
allows; the bot's own defaults are checked to give exactly what
:meth:`FaqBot.judge` gives.

Tuning: the tuning halves of the blind sets, the tuning topic FAQs
(``calibrate.TUNE_FAQS``) with their public off-topic sets, the bundled FAQ's
seen sets and its public sets. Checking: the check halves and the checking topic
FAQs with theirs. A setting is chosen on the tuning part alone: the most right
answers gained with no more wrong answers, at least ten fewer off-topic ones
answered, and no more public ones on the bundled FAQ.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import calibrate

from faq_bot import bot as bot_module
from faq_bot.bot import _unknown_share


@dataclass(frozen=True)
class Item:
    part: str  # "tune" or "check"
    public_bundled: bool
    right: bool | None  # None: off-topic
    now: bool  # answered with the bot's defaults
    otherwise: bool  # every gate but the unknown share's would answer
    unknown: float
    held: int
    informed: float
    few: bool  # the best entry has under FOCUS_MIN_PHRASINGS phrasings


@contextmanager
def _bounds(**values: float) -> Iterator[None]:
    saved = {name: getattr(bot_module, name) for name in values}
    try:
        for name, value in values.items():
            setattr(bot_module, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(bot_module, name, value)


def _part(qs: calibrate.QuestionSet) -> str:
    if qs.held_out or qs.faq in calibrate.CHECK_FAQS:
        return "check"
    return "tune"


def items(sets: list[calibrate.QuestionSet]) -> list[Item]:
    found = []
    for qs in sets:
        public = not any(item.expect for item in qs.items)
        for seen in qs.items:
            evidence = seen.evidence
            if seen.urgent or not evidence.scored:
                continue
            bot = seen.bot
            now = bot.judge(evidence)[0] is None
            # The unknown share's gate out of the way: any share allowed.
            with _bounds(VAGUE_UNKNOWN_PENALTY=0.0):
                otherwise = bot.judge(evidence, max_unknown=1.0)[0] is None
            loose = sum(f.information for f in evidence.loose)
            found.append(
                Item(
                    _part(qs),
                    public and qs.faq == "bundled",
                    None if seen.expect is None else seen.got in seen.expect,
                    now,
                    otherwise,
                    _unknown_share(evidence.query, loose),
                    bot.held_own(evidence.query, evidence.scored[0].position),
                    evidence.informed or 0.0,
                    bot._phrasings_of(evidence.scored[0].position) < bot_module.FOCUS_MIN_PHRASINGS,
                )
            )
    return found


@dataclass(frozen=True)
class Setting:
    min_terms: int
    min_informed: float
    allowance: float
    max_informed: float
    penalty: float
    few_min_held: int = bot_module.FEW_MIN_HELD
    few_pivot: float = bot_module.FEW_INFORMED_PIVOT

    def allowed(self, item: Item, max_unknown: float) -> float:
        if item.few and item.held >= self.few_min_held:
            return max(self._by_match(item, max_unknown), max_unknown + item.informed - self.few_pivot)
        return self._by_match(item, max_unknown)

    def _by_match(self, item: Item, max_unknown: float) -> float:
        if item.held >= self.min_terms:
            return max_unknown + self.allowance if item.informed >= self.min_informed else max_unknown
        return max(max_unknown - self.penalty, 0.0) if item.informed < self.max_informed else max_unknown

    def answers(self, item: Item) -> bool:
        return item.otherwise and item.unknown <= self.allowed(item, bot_module.DEFAULT_MAX_UNKNOWN)


DEFAULT = Setting(
    bot_module.SPECIFIC_MIN_TERMS,
    bot_module.SPECIFIC_MIN_INFORMED,
    bot_module.SPECIFIC_UNKNOWN_ALLOWANCE,
    bot_module.VAGUE_MAX_INFORMED,
    bot_module.VAGUE_UNKNOWN_PENALTY,
)
#: No allowance and no penalty: the single bound max_unknown.
FLAT = Setting(99, 1.0, 0.0, 0.0, 0.0, 99, 1.0)


def changes(found: list[Item], setting: Setting, part: str) -> tuple[int, int, int, int]:
    """Right, wrong, off-topic and bundled-public answers gained (lost: negative)
    against :data:`FLAT`, on ``part``."""
    right = wrong = off = public = 0
    for item in found:
        if item.part != part:
            continue
        step = setting.answers(item) - FLAT.answers(item)
        if not step:
            continue
        if item.right is None:
            off += step
            public += step * item.public_bundled
        elif item.right:
            right += step
        else:
            wrong += step
    return right, wrong, off, public


GRID = {
    "min_terms": [2, 3, 4],
    "min_informed": [0.35, 0.4, 0.45, 0.5, 0.55, 0.6],
    "allowance": [0.05, 0.1, 0.15, 0.2, 0.25],
    "max_informed": [0.6, 0.65, 0.7, 0.75, 0.8],
    "penalty": [0.0, 0.025, 0.05, 0.075, 0.1],
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10, help="how many settings to list")
    args = parser.parse_args(argv)
    found = items(calibrate.collect())
    mismatch = sum(DEFAULT.answers(item) != item.now for item in found)
    print(f"{len(found)} questions; the defaults' simulation differs from FaqBot.judge on {mismatch}")
    # Only a question every other gate answers, with a share some setting of
    # the grid judges otherwise than max_unknown does, can change.
    low = bot_module.DEFAULT_MAX_UNKNOWN - max(GRID["penalty"])
    high = bot_module.DEFAULT_MAX_UNKNOWN + max(*GRID["allowance"], 1.0 - bot_module.FEW_INFORMED_PIVOT)
    found = [item for item in found if item.otherwise and low < item.unknown <= high]
    ranked = []
    for values in itertools.product(*GRID.values()):
        setting = Setting(*values)
        right, wrong, off, public = changes(found, setting, "tune")
        if wrong <= 0 and off <= -10 and public <= 0:
            ranked.append((-right, off, setting))
    ranked.sort(key=lambda r: (r[0], r[1]))
    print("| setting | tune: right, wrong, off-topic, bundled public | check: the same |")
    print("|---|---|---|")
    for setting in [DEFAULT] + [r[2] for r in ranked[: args.top]]:
        label = "defaults" if setting == DEFAULT else str(setting).removeprefix("Setting")
        print(f"| {label} | {changes(found, setting, 'tune')} | {changes(found, setting, 'check')} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
