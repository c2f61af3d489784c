"""The urgent screen's structural readings of time (ConText's temporality),
each both ways: a long-standing symptom a clinician knows of or calls stable,
and a red flag that a later clause says has ended, are not emergencies; a new,
recent or worse symptom beside them, or an ending said of something else, still
is (when in doubt, the alarm wins). The sentences are written for these tests."""

from __future__ import annotations

import pytest

from faq_bot import FaqBot, Status


def _urgent(bot: FaqBot, message: str) -> bool:
    return bot.ask(message).status is Status.URGENT


@pytest.mark.parametrize(
    "message",
    [
        # a claim (unchanged, aware, monitors, residual) with a time that dates the symptom
        "my right big toe has tingled for about a year, the neurologist examined it and it's unchanged",
        "I've had a numb strip down my shin since my accident in 2014, my GP is aware",
        # "since" before a past event dates it; "still" only says it goes on
        "One leg has been a bit weaker since my hip replacement, the physio monitors it. "
        "Should I keep doing squats?",
        "my bottom has felt numb since the op in March, surgeon checked and it's stable",
        # the claim in a sentence of its own speaks of the one before
        "My foot has been numb for eighteen months. The consultant says it is residual.",
    ],
)
def test_a_long_standing_symptom_known_to_be_stable_is_not_new(bot: FaqBot, message: str) -> None:
    # NICE NG59: new or worsening weakness or numbness is the red flag.
    assert not _urgent(bot, message)


@pytest.mark.parametrize(
    "message",
    [
        # a claim with no time: it may have started today
        "my legs have gone weak, physio says it's stable",
        # a recent time: new, whoever checked it
        "my foot has been numb since my op 4 days ago and the nurse checked it",
        "my foot has been numb since my op and the nurse checked it yesterday",
        # something new beside the old symptom
        "my toe has been numb for a year, my GP knows, but since lunch I can't feel my bum",
        "numb foot for years, stable, and today I wet myself",
        "my physio checked my weak leg last year, it's getting worse now",
        # thoughts of suicide that have lasted are no reason to think them over (NICE NG225)
        "I've felt suicidal for months, my GP is aware",
    ],
)
def test_stability_does_not_silence_what_is_new_recent_or_worse(bot: FaqBot, message: str) -> None:
    assert _urgent(bot, message)


@pytest.mark.parametrize(
    "message",
    [
        # a verb of ending in the perfect, after a relative pronoun or an anaphor
        "There was a small patch of pus on the dressing in week one which has since cleared",
        "Had a fever the week after surgery that has now gone",
        "The numbness in my groin after the op has long since disappeared",
        # a denied recurrence with a time that says "not again"
        "I fainted in the recovery room, it hasn't recurred since",
        # an ending in a clause of its own, with no red flag in it, reaches back
        "There was some green discharge from my scar in week two, the GP prescribed antibiotics "
        "and it's cleared up",
    ],
)
def test_an_ending_told_by_the_clause_is_over(bot: FaqBot, message: str) -> None:
    assert not _urgent(bot, message)


@pytest.mark.parametrize(
    "message",
    [
        # the ending has a subject of its own: the backache ended, not the retention
        "I haven't passed urine since last night and the backache has gone",
        "The pain has gone but I can't feel my legs",
        # "gone" of a body part is its failing, and "gone numb" a change
        "my wife's legs have gone weak and she can't get up",
        "my leg has gone numb",
        # a denied resolution says it goes on
        "my groin went numb on Sunday and it hasn't gone away",
        # "never happened" with no "again" says it is new
        "I've wet the bed, it has never happened in my life",
        "I wet myself, it hasn't happened in years",
        # a change said in the clause compares rather than dates
        "my left leg has gone weak and numb, it's worse than before the op",
        # a change since the ending
        "the bleeding had stopped but now it's pouring again",
    ],
)
def test_an_ending_of_something_else_or_denied_still_alarms(bot: FaqBot, message: str) -> None:
    assert _urgent(bot, message)


@pytest.mark.parametrize(
    "message",
    [
        # a question that opens after a phrase setting the scene
        "Purely out of interest, can a loose screw cause paralysis?",
        # the one person named only in a supposition
        "What would a clot in the calf look like if I got one?",
        # or in what the question is for
        "What are the early signs of sepsis so my partner can watch for them?",
        # someone unknown, told in the past, even in the red flag's own words
        "A woman in the next bed had a seizure after her op, how often does that happen?",
    ],
)
def test_a_general_question_or_a_strangers_story_is_not_described(bot: FaqBot, message: str) -> None:
    assert not _urgent(bot, message)


@pytest.mark.parametrize(
    "message",
    [
        # a scene-setting phrase that names the writer, or a red flag in it
        "Sorry to bother you, can you help, I can't pass water at all",
        "Since this morning, why can't I feel my bottom?",
        # a purpose clause beside a described symptom
        "What are the signs of sepsis, my wound is hot and oozing",
        # a stranger's emergency now, or a plea
        "a man just collapsed in front of me and isn't breathing",
        "A man collapsed in the car park, what do I do",
        # someone the writer cares for, in the simple past
        "My husband had a seizure, is that normal after surgery?",
    ],
)
def test_a_question_beside_a_described_emergency_still_alarms(bot: FaqBot, message: str) -> None:
    assert _urgent(bot, message)


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a reaction to something seen or heard is a figure of speech
        ("I almost blacked out when I read the bill for the private scan", False),
        ("my legs turned to jelly and went weak when I heard the waiting list was a year", False),
        # a when-clause that is no perception, or holds a red flag, is no reaction
        ("my legs went weak when I tried to climb the stairs", True),
        ("I fainted when I saw my dressing was soaked with blood", True),
        # now, or thoughts of self-harm, count still
        ("I wanted to kill myself when I read the letter", True),
        # a question that follows a supposition is supposed with it
        ("what if I strain on the toilet, could the wound split open?", False),
        ("if I lift my grandson, will my legs give way?", False),
        # a sentence of its own after the supposition is not
        ("what if the wound opens, could it get infected? my scar is oozing pus now", True),
        # a clause with a hypothetical trigger in a general question names no one described
        ("what does a wound infection look like, something I should watch for?", False),
    ],
)
def test_a_clause_read_by_the_one_beside_it(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent
