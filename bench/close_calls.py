"""Close calls: would declining an answer whose runner-up scores close to it
(offering both as suggestions) trade wrong answers for declines at a fair price?

    python bench/close_calls.py

Every in-scope question of the blind-written sets the bot answers (the bundled
FAQ's ``fbs-questions.yaml`` of ``bench/sets`` and ``bench/heldout*``, and the
topic FAQs of ``bench/heldout*/topic-*`` and ``bench/sets/topic-dental``) is
asked once (:meth:`faq_bot.FaqBot.ask`, with its alternatives); for each
margin, the table counts the right and the wrong answers whose runner-up from
another section scores within that margin of the answer: the right ones a
decline there would lose, and the wrong ones it would turn into declines.
Sets are cut in halves of alternate questions ("tune" and "check"), as in
``bench/calibrate.py``. A runner-up of the answer's own section is left out:
the bundled FAQ answers one question several ways in one section, and its sets
expect sections. Answers put first by a rule over a higher score (steering,
subjects, asking words) are left out too: their margin is that rule's.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

from faq_bot import FaqBot, Status, load_faq

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
MARGINS = (0.5, 1.0, 2.0, 3.0, 5.0, 10.0)


def question_sets() -> list[tuple[FaqBot, Path, bool]]:
    """(bot, questions, whether expectations are entry ids) for every set."""
    bundled = FaqBot(load_faq(ROOT / "faq" / "failed-back-syndrome.yaml"))
    fbs = [BENCH / "sets" / "fbs-questions.yaml", *sorted(BENCH.glob("heldout*/fbs-questions.yaml"))]
    topics = [*sorted(BENCH.glob("heldout*/topic-*")), BENCH / "sets" / "topic-dental"]
    return [
        *((bundled, path, False) for path in fbs),
        *((FaqBot(load_faq(topic / "faq.yaml")), topic / "questions.yaml", True) for topic in topics),
    ]


def main() -> int:
    counts: Counter[tuple[str, str, str, float]] = Counter()
    answered: Counter[tuple[str, str, str]] = Counter()
    for bot, path, by_id in question_sets():
        kind = "topic FAQs" if by_id else "bundled FAQ"
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        for number, case in enumerate(cases):
            expect = case["expect"]
            if expect in ("no_match", "urgent", "not_urgent"):
                continue
            reply = bot.ask(case["q"], limit=5)
            found = reply.answered
            if reply.status is not Status.ANSWERED or found is None:
                continue
            expected = [expect] if isinstance(expect, str) else expect
            right = (found.entry.id if by_id else found.entry.section) in expected
            half = "tune" if number % 2 == 0 else "check"
            outcome = "right" if right else "wrong"
            answered[kind, half, outcome] += 1
            if any(m.score > reply.score for m in reply.alternatives):
                continue  # put first by a rule over a higher score
            others = [m.score for m in reply.alternatives if m.entry.section != found.entry.section]
            if not others:
                continue
            for margin in MARGINS:
                if reply.score - others[0] < margin:
                    counts[kind, half, outcome, margin] += 1
    print("| FAQs | half | answered right / wrong | " + " | ".join(f"within {m:g}" for m in MARGINS) + " |")
    print("|---|---|---|" + "---|" * len(MARGINS))
    for kind in ("bundled FAQ", "topic FAQs"):
        for half in ("tune", "check"):
            cells = [
                f"-{counts[kind, half, 'right', m]} right, -{counts[kind, half, 'wrong', m]} wrong"
                for m in MARGINS
            ]
            total = f"{answered[kind, half, 'right']} / {answered[kind, half, 'wrong']}"
            print(f"| {kind} | {half} | {total} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
