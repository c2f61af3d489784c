"""How the urgent screen reads what a red flag's words are said of: a harm done
by accident or on purpose, a function or a symptom coming back, a stability
claim beside a checked symptom, a body part carried across a clause by a
pronoun, and a recent past that may still be going on. Each reading is tested
both ways: the emergency still alarms, the safe message does not."""

from __future__ import annotations

import pytest

from faq_bot import FaqBot


def _fired(bot: FaqBot, message: str) -> list[str]:
    return [rule.id for rule in bot.screen.matching(message)]


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # Self-harm is a harm done on purpose or as a habit (NICE NG225): intent words, the
        # habit, or the means self-harm uses...
        ("I burned myself on purpose", True),
        ("I've been cutting myself", True),
        ("I keep burning myself to cope", True),
        ("i cut myself to feel something", True),
        # ...while one burn said plainly is an accident.
        ("I burned myself on the oven", False),
        ("I burnt myself on the kettle this morning", False),
    ],
)
def test_self_harm_needs_intent_or_habit(bot: FaqBot, message: str, urgent: bool) -> None:
    assert ("suicide-self-harm" in _fired(bot, message)) is urgent
