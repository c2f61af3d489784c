"""Readings added after round ten's seen sets, each both ways with sentences
of our own: a symptom said to pass with rest or a change of position, or said
to be there before surgery, is not new (NICE NG59: new or worsening is the red
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
