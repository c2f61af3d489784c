"""Does an unknown word outside what a question asks say less? Measured, not adopted.

    python bench/asked_part.py            # the variants against the bot as it is
    python bench/asked_part.py --words    # where the unknown words of unknown-word declines are

A question often tells its circumstances before or after what it asks ("how
long should I allow for the hearing test? I'm on my lunch break", "it's freezing
in here, how do I put the heating on"). The unknown-words gate
(:func:`faq_bot.bot.decide`) weighs every unknown word alike; this script
weighs those outside the question's asked part (:func:`faq_bot.text.question_span`,
as :meth:`faq_bot.FaqBot.asked_unknown` reads it) at a lower weight, when the
asked part holds at least some of the best entry's own terms (topic words
aside, as :meth:`faq_bot.FaqBot.held_own`), in every entry or only in entries of
few phrasings (:data:`faq_bot.bot.FOCUS_MIN_PHRASINGS`), and judges each
question again with :meth:`faq_bot.FaqBot.judge`.

Sets: the development set, every blind FBS set, the public off-topic sets
(``shared/eval/offtopic.py``'s draw) on the bundled FAQ; every topic FAQ of
``bench/heldout*`` with its questions (round twelve's apart) and 800 public
off-topic questions each (300 MedQuAD, 200 LiveQA, 300 StackFAQ, seed 7).
Each line gives right / wrong answers in scope and off-topic answers, against
the bot as it is.

``--words`` counts, over the topic FAQs' questions declined for unknown words
(in scope with the right entry first, and off-topic), how many of their unknown
words lie outside the asked part and how many a word relation links to a term
of the FAQ (:func:`faq_bot.relations.links`, any entry): what would tell a
paraphrase or an aside from another topic.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from collections.abc import Iterator

from calibrate import EVAL_DIR, HERE, ROOT, Seen, _cases, _offtopic, _see

from faq_bot import FaqBot, load_faq, relations
from faq_bot.bot import FOCUS_MIN_PHRASINGS, TOPIC_SHARE, Evidence
from faq_bot.matcher import Query
from faq_bot.model import Reason
from faq_bot.text import capitalised, question_span, said_words
from faq_bot.wordstats import information

#: (weight of a context word, own terms the asked part must hold, entries of few
#: phrasings only, the whole message kept when its asked part refers back: "is that covered")
Variant = tuple[float, int, bool, bool]
VARIANTS: list[Variant] = [
    (0.5, 0, False, False),
    (0.0, 0, False, False),
    (0.0, 1, False, False),
    (0.0, 2, False, False),
    (0.5, 1, True, False),
    (0.0, 1, True, False),
    (0.5, 0, False, True),
    (0.0, 1, False, True),
    (0.0, 2, False, True),
    (0.0, 1, True, True),
]


def groups() -> Iterator[tuple[str, list[Seen]]]:
    off = _offtopic()
    bundled = FaqBot(load_faq(ROOT / "faq" / "failed-back-syndrome.yaml"))
    yield "dev", list(_see(bundled, _cases(EVAL_DIR / "dev.yaml")))
    for path in [HERE / "sets" / "fbs-questions.yaml", *sorted(HERE.glob("heldout*/fbs-questions.yaml"))]:
        yield "FBS sets", list(_see(bundled, _cases(path)))
    yield "public, bundled FAQ", [s for qs in off.values() for s in _see(bundled, [(q, None) for q in qs])]
    sample = [
        q
        for (name, qs), n in zip(off.items(), (300, 200, 300), strict=True)
        for q in random.Random(7).sample(qs, min(n, len(qs)))
    ]
    for folder in sorted(HERE.glob("heldout*/topic-*")):
        bot = FaqBot(load_faq(folder / "faq.yaml"))
        name = "topic FAQs, round 12" if folder.parent.name == "heldout12" else "topic FAQs, older"
        yield name, list(_see(bot, _cases(folder / "questions.yaml"), by_id=True))
        yield "public, topic FAQs", list(_see(bot, [(q, None) for q in sample]))


def asked_part(seen: Seen) -> tuple[set[str], dict[str, float]] | None:
    """The words of ``seen``'s asked part, as its analysis reads them, and that
    part's known terms; None when the asked part is the whole message."""
    text, index = seen.text, seen.bot.index
    said = said_words(text)
    start, end = question_span(text, referring=True)
    if (start, end) == (0, len(said)):
        return None
    acronyms = capitalised(text)
    asked = {word if word in acronyms else index.correct(word)[0] for word in said[start:end]}
    return asked, index.analyze(" ".join(said[start:end]), acronyms=acronyms).terms


def unknown_words(read: dict[str, list[Seen]]) -> None:
    """Print where the unknown words of the topic FAQs' unknown-word declines are."""
    for name, seen_all in read.items():
        if not name.startswith("topic FAQs"):
            continue
        counts: Counter[tuple[str, str]] = Counter()
        for seen in seen_all:
            if seen.urgent or not seen.evidence.scored:
                continue
            if seen.bot.judge(seen.evidence)[0] is not Reason.UNKNOWN_WORDS:
                continue
            if seen.expect is None:
                kind = "off-topic"
            elif seen.got in seen.expect:
                kind = "in scope, right entry first"
            else:
                continue
            found = asked_part(seen)
            counts[kind, "questions"] += 1
            for word in seen.evidence.query.unknown:
                counts[kind, "words"] += 1
                counts[kind, "outside"] += found is not None and word not in found[0]
                counts[kind, "linked"] += bool(
                    relations.links(word, seen.bot.index._faq_term, information=information(word))
                )
        for kind in ("in scope, right entry first", "off-topic"):
            print(
                f"{name}, {kind}: {counts[kind, 'questions']} questions, {counts[kind, 'words']} unknown"
                f" words, {counts[kind, 'outside']} outside the asked part, {counts[kind, 'linked']} linked"
            )


def reweighed(seen: Seen, weight: float, min_held: int, few_only: bool, referring: bool) -> Evidence:
    """``seen``'s evidence with the unknown words outside its asked part at ``weight``."""
    evidence = seen.evidence
    query, bot = evidence.query, seen.bot
    if not query.unknown or not evidence.scored:
        return evidence
    position = evidence.scored[0].position
    if few_only and bot._phrasings_of(position) >= FOCUS_MIN_PHRASINGS:
        return evidence
    found = asked_part(seen)
    if found is None:
        return evidence
    asked, terms = found
    if referring and not bot.cue("referring").isdisjoint(asked):
        return evidence
    index = bot.index
    held = sum(
        1
        for term in terms
        if term in query.terms and index.strength(term, position) > 0 and index.share(term) <= TOPIC_SHARE
    )
    if held < min_held:
        return evidence
    unknown = {word: value if word in asked else value * weight for word, value in query.unknown.items()}
    return evidence._replace(query=Query(query.terms, unknown, query.information))


def tally(seen_all: list[Seen], variant: Variant | None) -> Counter[str]:
    counts: Counter[str] = Counter()
    for seen in seen_all:
        if seen.urgent:
            continue
        evidence = seen.evidence if variant is None else reweighed(seen, *variant)
        reason = seen.bot.judge(evidence)[0] if evidence.scored else Reason.LOW_SCORE
        if seen.expect is None:
            counts["off-topic"] += 1
            counts["off-topic answered"] += reason is None
        else:
            counts["in scope"] += 1
            counts["right"] += reason is None and seen.got in seen.expect
            counts["wrong"] += reason is None and seen.got not in seen.expect
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--words", action="store_true", help="where the declines' unknown words are")
    args = parser.parse_args()
    read: dict[str, list[Seen]] = {}
    for name, seen_all in groups():
        read.setdefault(name, []).extend(seen_all)
    if args.words:
        unknown_words(read)
        return 0
    base = {name: tally(seen_all, None) for name, seen_all in read.items()}
    print("as is: " + "; ".join(f"{name} {_figures(c)}" for name, c in base.items()))
    for variant in VARIANTS:
        parts = []
        for name, seen_all in read.items():
            got = tally(seen_all, variant)
            parts.append(f"{name} {_figures(got, base[name])}")
        weight, held, few, referring = variant
        label = f"context at {weight}, {held}+ held" + (", few phrasings" if few else "")
        print(label + (", not referring" if referring else "") + ": " + "; ".join(parts))
    return 0


def _figures(got: Counter[str], base: Counter[str] | None = None) -> str:
    def delta(key: str) -> str:
        return f"{got[key]}" if base is None else f"{got[key] - base[key]:+d}"

    inscope = f"{delta('right')} / {delta('wrong')} of {got['in scope']}, " if got["in scope"] else ""
    return f"{inscope}{delta('off-topic answered')} of {got['off-topic']} off-topic"


if __name__ == "__main__":
    raise SystemExit(main())
