"""Where `faq-bot suggest` draws the line between "add an alternate to entry
X" and "write a new entry" (faq_bot.unanswered.ALTERNATE_SCORE), measured on
StackFAQ: its 1,249 queries are paraphrases of entries, labelled with the
entries that answer them.

- Paraphrases the bot declines are what a log of unanswered questions holds
  when the FAQ has the answer: for those, is the closest entry a right one,
  at each score?
- The same queries with their right entries left out of the ranking stand
  for questions the FAQ has no entry for: how many score under the line?

Run: FAQ_BOT_BENCH_DATA=../shared/benchmarks python bench/suggest_margin.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import data

from faq_bot import FaqBot, Status
from faq_bot.unanswered import ALTERNATE_SCORE


def main() -> None:
    ds = data.stackfaq()
    bot = FaqBot(ds.faq())
    declined: list[tuple[bool, float]] = []  # (closest is right, its score)
    absent: list[float] = []  # best score once the right entries are out
    for query in ds.queries:
        if not query.relevant:
            continue
        matches = bot.search(query.text, limit=10)
        if bot.ask(query.text).status is Status.NO_MATCH and matches:
            declined.append((matches[0].entry.id in query.relevant, matches[0].score))
        others = [m.score for m in matches if m.entry.id not in query.relevant]
        absent.append(others[0] if others else 0.0)
    right_total = sum(right for right, _ in declined)
    print(
        f"{len(declined)} declined paraphrases, {right_total} with a right entry first; {len(absent)} queries"
    )
    print("line  advised alternate  right entry  of all right  absent kept as new")
    for line in range(20, 61, 5):
        advised = [right for right, score in declined if score >= line]
        right = sum(advised)
        kept = sum(score < line for score in absent) / len(absent)
        mark = "  <- ALTERNATE_SCORE" if line == ALTERNATE_SCORE else ""
        share = right / len(advised) if advised else 0.0
        caught = right / right_total
        print(f"{line:>4}  {len(advised):>17}  {share:>11.2f}  {caught:>11.2f}  {kept:>18.2f}{mark}")


if __name__ == "__main__":
    main()
