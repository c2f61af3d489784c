"""The JSON lines of ``faq-bot ask --json`` from :class:`ReplyEncoder` are
byte for byte ``json.dumps(reply.to_dict())``, whatever the reply."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faq_bot import Faq, FaqBot, Reply, Status, respond_in_context
from faq_bot.model import Reason
from faq_bot.replyjson import ReplyEncoder


def check(encoder: ReplyEncoder, reply: Reply) -> None:
    assert encoder.line(reply) == json.dumps(reply.to_dict()) + "\n"


# Every kind of reply the stream meets: answers, declines with and without
# unknown words, urgent notices, small talk, several questions in one
# message (``more`` and a note), and text that JSON must escape.
@pytest.mark.parametrize(
    "message",
    [
        "what is failed back syndrome?",
        "does massage help failed back syndrome?",
        "what's the capital of France",
        "I can't feel my legs and I've wet myself since this morning",
        "thanks",
        "hello",
        "what is fbs and how is it treated? and does smoking matter?",
        'a "quoted" \\ back\tslash\u2028 and \u00e9\u00e8 \U0001f600 \ud800 question about fbs',
        "",
        "x" * 3000,
    ],
)
def test_the_same_bytes_as_json_dumps(bot: FaqBot, message: str) -> None:
    encoder = ReplyEncoder()
    reply, _ = respond_in_context(bot, message)
    check(encoder, reply)
    check(encoder, reply)  # the second time from what the encoder kept


def test_every_entry_as_answer_alternative_and_followup(faq: Faq, bot: FaqBot) -> None:
    encoder = ReplyEncoder()
    for entry in faq.entries:
        reply, _ = respond_in_context(bot, entry.question)
        check(encoder, reply)


# Scores as the bot never gives them, but a Reply may hold: json.dumps' way
# with ints, and with numbers that are no finite float.
@pytest.mark.parametrize("score", [0, 100, 42.25, 1e-7, float("nan"), float("inf"), -0.0])
def test_any_score(score: float) -> None:
    reply = Reply(query="q", status=Status.NO_MATCH, reminder="r", score=score, reason=Reason.LOW_SCORE)
    check(ReplyEncoder(), reply)


def test_scores_equal_as_keys_are_written_apart() -> None:
    # One encoder keeps the scores it wrote: 5 and 5.0, 0.0 and -0.0 are equal
    # keys but are written apart ("5", "5.0", "0.0", "-0.0").
    encoder = ReplyEncoder()
    for score in [5.0, 5, 0.0, -0.0, 0, 5.0, float("nan"), float("nan"), -0.0]:
        check(encoder, Reply(query="q", status=Status.NO_MATCH, reminder="r", score=score))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text(bot: FaqBot, text: str) -> None:
    check(ReplyEncoder(), respond_in_context(bot, text)[0])
