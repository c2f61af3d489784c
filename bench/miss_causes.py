"""Every in-scope miss and every off-topic answer of the seen sets, by cause.

    python bench/miss_causes.py        # counts by cause, bundled FAQ and topic FAQs apart
    python bench/miss_causes.py -v     # and each question, with its unknown words

Reads the blind-written sets the bot has been measured on since
(``bench/sets/fbs-questions.yaml``, every ``bench/heldout*/fbs-questions.yaml``,
and every ``bench/heldout*/topic-*`` FAQ with its questions) as
:meth:`faq_bot.FaqBot.ask` does (``bench/calibrate.py``'s reading), and sorts
what went wrong:

- an in-scope question declined, by its reason, and whether the entry ranked
  first is one it expects: a decline with the right entry first is a gate's
  loss, one with a wrong entry first a gate's save. ``unknown_words`` is split
  by which of its three checks declined it (:func:`faq_bot.bot.decide`): the
  share of unknown words over the bound (``share``), an unknown word next to
  topic words only (``aside``), or one named in place of the entry's subject
  (``instead``);
- an in-scope question answered from a wrong entry;
- an off-topic question answered, with every word known to the FAQ or with
  unknown words under the bound.

Urgent replies are left out (the urgent screen's sets measure them).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterator

from calibrate import HERE, ROOT, Seen, _cases, _see

from faq_bot import FaqBot, load_faq
from faq_bot import bot as bot_module
from faq_bot.model import Reason


def sets() -> Iterator[tuple[str, FaqBot, list[Seen]]]:
    """(group, bot, its questions as read) for every seen blind-written set."""
    bundled = FaqBot(load_faq(ROOT / "faq" / "failed-back-syndrome.yaml"))
    files = [HERE / "sets" / "fbs-questions.yaml", *sorted(HERE.glob("heldout*/fbs-questions.yaml"))]
    for path in files:
        yield "bundled FAQ", bundled, list(_see(bundled, _cases(path)))
    for folder in sorted(HERE.glob("heldout*/topic-*")):
        bot = FaqBot(load_faq(folder / "faq.yaml"))
        yield "topic FAQs", bot, list(_see(bot, _cases(folder / "questions.yaml"), by_id=True))


def unknown_check(bot: FaqBot, seen: Seen) -> str:
    """Which of :func:`~faq_bot.bot.decide`'s unknown-word checks declined ``seen``."""
    evidence = seen.evidence
    query = evidence.query
    loose = sum(found.information for found in evidence.loose)
    best = evidence.scored[0].position
    allowed = bot_module.allowed_unknown(bot.max_unknown, bot.held_own(query, best), evidence.informed)
    said = sum(query.unknown.values()) + loose
    if said >= bot_module.MIN_UNKNOWN_EVIDENCE and bot_module._unknown_share(query, loose) > allowed:
        return "share"
    if evidence.shared > bot_module.TOPIC_SHARE and max(query.unknown.values(), default=0.0) >= (
        bot_module.DEFAULT_MIN_ASIDE
    ):
        return "aside"
    return "instead"


def cause(bot: FaqBot, seen: Seen) -> str | None:
    """What went wrong with ``seen``; None when nothing did."""
    scored = seen.evidence.scored
    reason = bot.judge(seen.evidence)[0] if scored else Reason.LOW_SCORE
    if seen.expect is None:
        if reason is not None:
            return None
        return (
            "off-topic answered, unknown words under the bound"
            if seen.evidence.query.unknown
            else ("off-topic answered, every word known")
        )
    if reason is None:
        return None if seen.got in seen.expect else "answered from a wrong entry"
    first = (
        "no entry" if not scored else "right entry first" if seen.got in seen.expect else "wrong entry first"
    )
    name = reason.value
    if reason is Reason.UNKNOWN_WORDS and scored:
        name += f" ({unknown_check(bot, seen)})"
    return f"declined: {name}, {first}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("-v", action="store_true", help="list each question")
    args = parser.parse_args()
    counts: Counter[tuple[str, str]] = Counter()
    totals: Counter[tuple[str, str]] = Counter()
    listed: list[str] = []
    for group, bot, seen_all in sets():
        for seen in seen_all:
            if seen.urgent:
                continue
            totals[group, "off-topic" if seen.expect is None else "in scope"] += 1
            found = cause(bot, seen)
            if found is None:
                continue
            counts[group, found] += 1
            unknown = ", ".join(f"{w} {v:.2f}" for w, v in seen.evidence.query.unknown.items())
            listed.append(f"{group} | {found} | {seen.text} | unknown: {unknown or '-'}")
    for group in dict.fromkeys(g for g, _ in totals):
        print(f"## {group}: {totals[group, 'in scope']} in scope, {totals[group, 'off-topic']} off-topic")
        for (g, found), n in sorted(counts.items(), key=lambda item: (item[0][1], -item[1])):
            if g == group:
                print(f"{n:5}  {found}")
    if args.v:
        print("\n".join(sorted(listed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
