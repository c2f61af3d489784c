"""An author's own phrasing is answered by its entry: asked in its very words
(or nearly), a question is what the author wrote the entry to answer, so no
coverage gate, tie or red-flag word the author wrote takes it elsewhere; a
rule that fires still comes first. Read on the topic FAQs of bench/heldout*,
written blind by new authors."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT
from rapidfuzz import fuzz, process

from faq_bot import Faq, FaqBot, Reason, Status, load_faq
from faq_bot.bot import OWN_PHRASING_RATIO
from faq_bot.lint import lint
from faq_bot.text import normalize, said_words

TOPICS = sorted((ROOT / "bench").glob("heldout*/topic-*/faq.yaml"))


@cache
def topic_bot(name: str) -> FaqBot:
    """The bot of the seen topic FAQ bench/``name``/faq.yaml, built once."""
    return FaqBot(load_faq(ROOT / "bench" / name / "faq.yaml"))


# Each row: a phrasing its author wrote, and a question near it, both answered
# by the author's entry. Before, each was declined or answered by another
# entry: the mechanism is in the comment.
@pytest.mark.parametrize(
    ("topic", "question", "entry"),
    [
        # a red-flag word ("weakness", "fever": Snowball stems) in the author's own words
        ("heldout/topic-broadband", "weak signal in some rooms", "improve-wifi-coverage"),
        ("heldout10/topic-pharmacy", "yellow fever vaccine near me", "travel-vaccinations"),
        ("heldout9/topic-water", "my shower is really weak", "low-pressure"),
        # the built-in urine-retention rule read the supply's "water" with "trickle"
        ("heldout9/topic-water", "the water is just a trickle from my taps", "low-pressure"),
        # low_coverage, though the entry scores 100
        ("heldout2/topic-bikeshop", "can I have it back the same day", "turnaround"),
        # a tie at 100, which the entry first in the file won
        ("heldout7/topic-energy", "what ways can I pay", "payment-methods"),
        ("heldout8/topic-rail", "which ticket should I buy", "ticket-types"),
        ("heldout8/topic-rail", "Can I buy a ticket on the train?", "buy-on-board"),
        ("heldout8/topic-rail", "I don't need my ticket any more", "refunds"),
        # ... and questions near a phrasing, not it: a tie goes to the entry phrased closest
        ("heldout7/topic-energy", "what ways could I pay", "payment-methods"),
        ("heldout8/topic-rail", "which ticket do I buy", "ticket-types"),
        ("heldout8/topic-rail", "can I buy tickets on the train", "buy-on-board"),
    ],
)
def test_an_authors_phrasing_is_answered_by_its_entry(topic: str, question: str, entry: str) -> None:
    reply = topic_bot(topic).ask(question)
    assert (reply.status, reply.entry and reply.entry.id) == (Status.ANSWERED, entry), reply


@pytest.mark.parametrize(
    "faq_path",
    [
        # "month" is a stopword (time words: "3 months after surgery"), so the
        # gym's "how much is it a month" says nothing the matcher reads: lint
        # is right to report it, and strict makes the day it is fixed known.
        pytest.param(path, marks=pytest.mark.xfail(strict=True, reason="'month' is a stopword"))
        if "gym" in path.parent.name
        else path
        for path in TOPICS
    ],
    ids=lambda path: f"{path.parent.parent.name}/{path.parent.name}",
)
def test_each_seen_topic_faq_routes_every_phrasing_to_its_entry(faq_path: Path) -> None:
    routing = {"misrouted", "unanswered", "urgent"}
    assert [str(f) for f in lint(load_faq(faq_path)) if f.code in routing] == []


@pytest.mark.parametrize(
    ("question", "status", "reason"),
    [
        # the author's "weak" said of a shower is no body's weakness; of legs, it is
        ("my legs are really weak", Status.URGENT, None),
        # a red flag is cleared by the very words only: near them (a letter
        # slipped) is near enough to choose the entry, not to drop the safeguard
        ("my shower is realy weak", Status.NO_MATCH, Reason.RED_FLAG),
    ],
)
def test_only_the_authors_very_words_clear_a_red_flag(
    question: str, status: Status, reason: Reason | None
) -> None:
    reply = topic_bot("heldout9/topic-water").ask(question)
    assert (reply.status, reply.reason) == (status, reason), reply


def test_a_rule_fires_before_an_authors_phrasing(make_faq: Callable[[str], Faq]) -> None:
    # An author's phrasing that describes an emergency is still one: the urgent screen comes first.
    faq = make_faq(
        "topic: recovery at home\n"
        "reminder: See your doctor.\n"
        "fallback: Ask your nurse.\n"
        "sections:\n  - id: home\n    title: Home\n"
        "entries:\n"
        "  - id: toilet\n    section: home\n    question: How do I use the toilet after the operation?\n"
        "    alternates: [I cannot pee since the operation]\n"
        "    answer: Sit down and take your time. Ask the ward if it is hard.\n"
        "  - id: meals\n    section: home\n    question: What can I eat after the operation?\n"
        "    answer: Eat light meals. Drink plenty of water.\n"
    )
    reply = FaqBot(faq).ask("I cannot pee since the operation")
    assert reply.status is Status.URGENT
    assert reply.urgent_rule is not None


# A phrasing whose words lead to another entry, or nowhere, is not taken as its
# entry's: tests/test_lint.py's misrouted and unanswered rows (lint reports them).


def _slips(text: str) -> list[str]:
    """``text`` and texts a letter or two from it, some near enough for the
    fuzzy own-phrasing search and some just too far for it."""
    middle = len(text) // 2
    return [
        text,
        text[:-1],
        text + "s",
        text[:middle] + text[middle] + text[middle:],
        text[:middle] + text[middle + 1 :],
        text[:middle] + "xy" + text[middle:],
        text[1:-1],
    ]


@pytest.mark.parametrize(
    "faq_path",
    [ROOT / "faq", *TOPICS],
    ids=lambda path: "bundled" if path.name == "faq" else f"{path.parent.parent.name}/{path.parent.name}",
)
def test_own_phrasing_finds_what_a_search_of_every_phrasing_finds(faq_path: Path) -> None:
    # own_phrasing reads only the phrasings near a message in length (fuzz.ratio
    # cannot reach OWN_PHRASING_RATIO past that): the entry and the ratio must be
    # those of the fuzzy search over every phrasing, ties going the same way.
    bot = FaqBot(load_faq(faq_path))
    table: dict[str, int] = {}
    for position, entry in enumerate(bot.index.entries):
        for phrasing in (entry.question, *entry.alternates):
            table.setdefault(normalize(phrasing), position)
    near_ones = 0
    for text in (slip for phrasing in table for slip in _slips(phrasing)):
        said = " ".join(said_words(text))  # as own_phrasing reads it
        if said in table:
            expected: tuple[int, float] | None = (table[said], 100.0)
        else:
            near = process.extractOne(said, table.keys(), scorer=fuzz.ratio, score_cutoff=OWN_PHRASING_RATIO)
            expected = None if near is None else (table[near[0]], float(near[1]))
            near_ones += near is not None
        assert bot.own_phrasing(text) == expected, text
    assert near_ones  # the slips reach the fuzzy search's answers, not only exact phrasings
