"""Symptoms that pass, shorthand, run-together messages and figures of speech,
each both ways with sentences of our own: a symptom said to pass with rest or
a change of position, or said to be there before surgery, is not new (NICE NG59: new or worsening is the red
flag); texting shorthand that a rule spells as a word ("n" for "and") opens a
clause as the word does; a message typed with no spaces at all is read as its
words. When in doubt, the alarm wins."""

from __future__ import annotations

import pytest

from faq_bot import FaqBot, Status


def _urgent(bot: FaqBot, message: str) -> bool:
    return bot.ask(message).status is Status.URGENT


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # gone after a rest or with a change of position: pressure on a nerve, not a new deficit
        ("my feet went tingly and numb on the long train ride, fine once I walked about", False),
        ("both legs felt like jelly on the stairs, fine after a sit down", False),
        ("my foot goes numb when I kneel to garden, goes away when I stand", False),
        ("my ankle swelled up on the flight, it's going down now", False),
        # ... but a relapse after it, or a new deficit, still alarms
        ("my legs went numb on the bus, fine after a rest but now I can't feel them again", True),
        # a headache eased by lying flat is the sign of a spinal fluid leak, no recovery
        ("my head pounds when I stand up and goes away when I lie down", True),
        # a weakness there before surgery is not new since it...
        ("my right leg was weak before surgery, is physio worth it?", False),
        # ... but one said not to have been there before surgery is
        ("my foot drags when I walk, it wasn't there before surgery", True),
    ],
)
def test_a_symptom_that_passes_or_predates_surgery(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # "n" is "and": it opens a clause, so a denial before it stops there
        ("no fever n my legs have gone numb since lunch", True),
        ("cant wee n its been hours", True),
        ("no fever n no numbness", False),
    ],
)
def test_shorthand_for_a_rule_word_reads_as_the_word(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a whole message typed without spaces is cut into its words...
        ("icantfeelmylegsatallhelp", True),
        ("woundpouringbloodwontstop", True),
        # ... only into words, two of them rule words: a name or a greeting is no red flag
        ("goodmorningeveryone", False),
        ("supercalifragilisticexpialidocious", False),
    ],
)
def test_a_message_typed_without_spaces(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # the result of a degree is a figure: "so <word> I could <hyperbole>"
        ("I was so thirsty I could collapse after that walk", False),
        ("the ward was so stuffy that I would have died for a window", False),
        # ... not when the degree word is a red flag of its own ("so weak", "so dizzy")
        ("my legs are so weak I could collapse", True),
        ("so dizzy I could collapse and my chest is tight", True),
        # ... nor for self-harm, where a dark joke may be meant (NICE NG225)
        ("the queue was so slow I wanted to kill myself", True),
    ],
)
def test_the_result_of_a_degree_is_a_figure(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a reaction still to come is told in the present ("when he sees")
        ("my husband will have a heart attack when he sees the new sofa", False),
        # asking whether to take a double dose after a missed one is no overdose
        ("missed my evening painkillers, can I double up in the morning?", False),
        ("I took a double dose of my oxycodone on purpose", True),
        # as it was before surgery: not new (NICE NG59), unless something new is said
        ("I've had a numb big toe, same as before the operation", False),
        ("I have a numb big toe, same as before the operation, but today my foot drags", True),
    ],
)
def test_reactions_questions_and_old_symptoms(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a hyperbole said of a thing is a figure
        ("this humidity is suffocating", False),
        ("the queue at the pharmacy was killing", False),
        # ... never of a person, a small child or a red flag's own words
        ("the toddler is suffocating", True),
        ("this foot is dead and drags", True),
        # ... and a red flag of its own in the message still alarms
        ("this heat is suffocating and I can't breathe at all", True),
    ],
)
def test_a_hyperbole_said_of_a_thing_is_a_figure(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent
