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


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A function or ability that came back recovered...
        ("bladder control came back within days", False),
        ("the feeling in my groin came back after a day", False),
        ("I couldn't feel my bum after the op but the feeling came back within hours", False),
        # ...a symptom that came back relapsed, and so does a change after the recovery.
        ("the numbness in my groin came back today", True),
        ("my leg weakness came back this morning", True),
        ("the tingling feeling came back in my saddle area", True),
        ("bladder control came back but now I've wet myself", True),
    ],
)
def test_a_function_that_came_back_recovered(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A stability claim that opens with a denial ("no change") dates the symptom before it:
        # it adds to a long-standing, checked symptom, and takes nothing away from it...
        ("numb toes for 18 months, it's nerve damage, no change", False),
        ("numb toes for 18 months, it's nerve damage", False),
        # ...while what it denies still follows it, and a change said later still alarms.
        ("numb toes for 18 months, it's nerve damage, no change but today I wet myself", True),
        ("no change in my bladder control, I just can't pee at all", True),
    ],
)
def test_a_denied_change_dates_what_went_before(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # Someone else's red flag in the last day, told in the past, may still be going on (NHS,
        # Chest pain): "last night", "this morning" say so even as words of a trigger...
        ("my husband had chest pain last night", True),
        ("my wife was short of breath this morning", True),
        # ...unless it is said to be over, long past, or told from elsewhere.
        ("my husband had chest pain last night, he's fine now and the GP checked him", False),
        ("my husband had chest pain last year", False),
        ("on the news last night a man collapsed", False),
    ],
)
def test_someone_elses_red_flag_in_the_last_day_is_current(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A pronoun that opens a clause carries the part named in the clause before it to the
        # sign said in its own, however long the first clause ran...
        ("my calf has been sore for 2 days and now it's swollen", True),
        ("my calf... it's hot and swollen", True),
        # ...but joins no clause it does not open, and carries no denied part.
        ("my calf is fine. it's hot today outside and my ankle is swollen", False),
        ("my calf has been sore for 2 days and now it's not swollen", False),
    ],
)
def test_a_pronoun_carries_a_part_into_its_clause(bot: FaqBot, message: str, urgent: bool) -> None:
    assert ("calf-clot" in _fired(bot, message)) is urgent
