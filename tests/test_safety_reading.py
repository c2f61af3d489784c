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


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A joke marker makes a joke of a hyperbole in its clause...
        ("this waiting room is suffocating lol", False),
        ("the heat on the ward is killing me haha", False),
        ("the dog collapsed on my feet and now I can't move lol", False),
        ("suffocatin in here lol", False),  # a slip in the hyperbole
        # ...but not of a plain symptom, of another clause, of self-harm, or in a sentence that
        # dates it now or asks for help (when in doubt the alarm wins).
        ("I can't feel my legs lol", True),
        ("suffocating lol I can't breathe properly since the op", True),
        ("it's suffocating lol, can't breathe since this morning", True),
        ("I want to die lol", True),
        ("collapsed lol, been on the floor for 2 hours", True),
        ("suffocating lol what do I do", True),
        # A time in a question asks about it and dates nothing.
        ("my friend's band is called Overdose lol, can I dance for 3 hours?", False),
    ],
)
def test_a_joke_marker_reads_a_hyperbole_as_a_joke(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # An overdose of an everyday thing no rule names is a figure of speech...
        ("I overdosed on chocolate at Christmas", False),
        ("we overdosed on Netflix at the weekend", False),
        ("I od'd on youtube videos", False),
        # ...of a medicine, a drug's name, a substance, or a slip in one, an overdose.
        ("I overdosed on my tablets", True),
        ("overdosed on tramadol an hour ago", True),
        ("he overdosed on heroin", True),
        ("she overdosed on lithium", True),
        ("ODd on my med", True),
        ("I overdosed on my mum's pills", True),  # any word of what was taken counts
        ("I overdosed", True),
        # An idiom holds red-flag words only with the words that make it one.
        ("I've asked the GP till I'm blue in the face", False),
        ("I'm blue in the face from chasing the hospital", False),
        ("he's going blue in the face and can't breathe", True),
    ],
)
def test_an_everyday_object_or_an_idiom_is_a_figure(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # "so" before a word of degree ends no clause, so a rule's `unless` reaches it...
        ("I didn't know I'd gone so far", False),
        ("I didn't realise I'd walked so far today", False),
        # ...and before a clause it still is a boundary.
        ("I fell so I can't pee now", True),
        ("I didn't know I'd gone so far, so I can't tell when I need the toilet", True),
        ("my legs are so weak since this morning", True),
    ],
)
def test_so_is_a_boundary_only_before_a_clause(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # What one checks for, past an object, is supposed, not found...
        ("how do I check myself for saddle numbness", False),
        ("how can I test my legs for weakness at home", False),
        ("should I examine my wound for pus every day?", False),
        # ...but a red flag in the object, or said in a clause of its own, still counts,
        # and so does self-harm (as for a fear).
        ("how do I check my bleeding wound for pus, it won't stop bleeding", True),
        ("I can't check myself for numbness, I can't feel anything down there", True),
        # A denial of what was just listed ("none of those") denies it...
        ("The leaflet said fever, weak legs, numb groin. I have none of those, is that good?", False),
        ("my GP asked about chest pain and breathlessness, I've had none of them", False),
        # ...unless a noun follows: then it is that noun's.
        ("I have chest pain and can't breathe. None of those painkillers help", True),
        ("fever, chills and my wound is oozing. None of those have gone away", True),
    ],
)
def test_a_search_supposes_and_an_anaphor_denies(bot: FaqBot, message: str, urgent: bool) -> None:
    assert bool(_fired(bot, message)) is urgent
