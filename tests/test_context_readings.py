"""The urgent screen's reading of fears, suppositions asked about and plain
all-clears, each both ways. A fear of what may come ("I'm scared I might wet
myself after surgery") supposes it, but a fear of what may be so now ("I'm
worried I might be having a heart attack") is the alarm, and for self-harm the
fear is the red flag itself. The sentences are written for these tests."""

from __future__ import annotations

import pytest

from faq_bot import FaqBot


def _urgent(bot: FaqBot, message: str) -> bool:
    # What the rules read, not the learned backstop behind them (tests/test_backstop.py):
    # these tables hold the rules' readings, and the backstop's guess from words alone
    # alarms one of their safe messages ("my son sprained his ankle ... can't put weight on
    # it", on "can't" and another person), a false alarm bench/README.md records.
    return bot.screen.screen(message).rule is not None


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a fear of what may come after the operation: not happening
        ("I'm frightened I'll lose control of my bladder after the fusion", False),
        ("afraid I will faint in the shower when I first get home", False),
        ("terrified i might wet myself in the recovery ward", False),
        # a fear of what may be happening now: the alarm wins
        ("I'm scared I might be having a stroke, my face feels strange", True),
        ("worried I could be having a heart attack", True),
        ("afraid I might have a blood clot in my calf", True),
        # for self-harm the fear is the red flag itself (NICE NG225)
        ("I'm frightened I'll hurt myself tonight", True),
        ("scared I might do something stupid", True),
    ],
)
def test_a_fear_supposes_what_may_come_but_not_what_is_now(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # the question after a supposition asks what it would be: supposed with it
        ("if my legs went numb, is that an emergency?", False),
        ("suppose I couldn't pee after the op, does that mean cauda equina?", False),
        # no supposition: the question is about what is described
        ("I can't feel my bottom, is that cauda equina?", True),
        ("my legs went numb this morning, is that an emergency?", True),
    ],
)
def test_a_question_about_a_supposition_is_supposed_with_it(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a function back to normal, the writer well, treatment over, seen and left to settle
        ("I couldn't wee after the spinal anaesthetic, but I've been peeing normally since", False),
        ("lost a bit of bowel control on the ward, all normal since they stopped the laxatives", False),
        ("I had a clot in my calf in 2022, finished the treatment and I'm fine", False),
        ("my heel has been numb for months, the surgeon saw it and said give it time", False),
        # the same words beside what is happening now
        ("I can't wee since the anaesthetic and I'm fine otherwise, it's been 10 hours", True),
        ("I couldn't wee after the anaesthetic and I'm fine otherwise, it's been 10 hours", True),
        ("my heel has been numb for months, the surgeon saw it, but today both feet are numb", True),
    ],
)
def test_a_plain_all_clear_ends_what_it_follows(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # told in the past by someone the writer does not look after: their story
        ("someone in my ward said she couldn't feel her legs after her op", False),
        ("a lady at the pharmacy said he couldn't pee for two days once", False),
        # a partner reporting, or a report of now, may be beside the writer: the alarm wins
        ("my husband said he couldn't pee all day", True),
        ("my neighbour said she can't feel her legs, what do I do", True),
    ],
)
def test_a_strangers_report_is_theirs_but_a_partners_may_be_now(
    bot: FaqBot, message: str, urgent: bool
) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # "can neither ... nor" says two inabilities
        ("I can neither wee nor feel my bottom since lunch", True),
        ("since this morning she could neither stand nor walk", True),
        # "neither ... nor" without the modal denies both
        ("I have neither a fever nor chills, when can I drive?", False),
        ("neither my legs nor my groin are numb", False),
    ],
)
def test_can_neither_nor_is_inability_not_denial(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a general question taken up by a sentence saying the thing is spreading or back
        ("is it normal for a wound to be red and hot to touch? it's spreading", True),
        ("how do you treat an infected incision? it's getting worse", True),
        # asked, not said: still a general question
        ("what is cauda equina syndrome? is it getting more common?", False),
    ],
)
def test_a_general_question_taken_up_by_a_spreading_thing_is_current(
    bot: FaqBot, message: str, urgent: bool
) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # the bundled FAQ's own collapse rule: nearly fainting, or fainting at a sight, is no collapse
        ("I nearly passed out when I saw my bank balance", False),
        ("my son faints at the sight of blood so he can't help with my dressing", False),
        ("I fainted in the garden an hour ago", True),
    ],
)
def test_the_faqs_collapse_rule_spares_sights(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a small child's or a pet's list goes on with "and", and "has" does not make it the writer's
        ("my toddler has a chest infection and a temperature, can I still lift him?", False),
        ("my puppy has been bleeding from his paw and a cut on his nose", False),
        # the writer named beside them is the writer
        ("my toddler has a cold and I have a temperature and my wound is red", True),
        ("my baby and I both have a fever since my op", True),
    ],
)
def test_a_small_childs_or_pets_symptoms_are_theirs(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a long-standing symptom a clinician has named is known, as one they have checked
        ("my shin has had a numb patch for two years, the consultant said it's nerve damage", False),
        ("weak ankle for ages, my GP thinks it's an old sprain", False),
        # named, but new, or named an emergency: the alarm wins
        ("my foot has been numb for months, the GP said it's sciatica, but today my groin is numb too", True),
        ("my legs went numb this morning, the nurse on the phone said it's an emergency", True),
    ],
)
def test_a_long_standing_symptom_a_clinician_has_named_is_known(
    bot: FaqBot, message: str, urgent: bool
) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # the function said whole after the part it is of denies the red flag there
        ("my knees ache at night but my bum has normal feeling", False),
        ("pins and needles in my feet sometimes, my groin has full sensation", False),
        # ...and nothing past its clause
        ("my groin has full feeling but I can't pee", True),
        ("my legs are weak but my saddle area has normal feeling", True),
        # "I've had none" denies what was just named; a change after it is still said
        ("they told me to watch for chest pain or breathlessness, I've had none", False),
        ("report calf pain or swelling - I've had none but my calf is now swollen", True),
        # a denial that opens such a phrase still denies what follows it
        ("can a heat pad cause numbness in my bum? not had any, just asking", False),
        ("never had any saddle numbness, just lower back ache", False),
        ("does numbness in your bum mean cauda equina? haven't had any, but I can't pee", True),
    ],
)
def test_an_all_clear_of_the_function_or_of_what_was_named(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # numbness from pressure that goes or comes back as soon as one moves (a nerve pressed)
        ("my bum goes numb on the bus but comes back as soon as I get off", False),
        ("my legs went numb on the toilet, goes away in a minute when I move", False),
        ("my foot went numb crossing my legs, it came back as soon as I stood up", False),
        # "it's back to normal" is over, not the relapse "it's back" it opens with
        ("my thigh went numb under the laptop, it's back to normal now", False),
        # someone else's spell that passed ("he's fine"), said of a collapse
        ("my son fainted at the bus stop, he's fine", False),
        # a change after any of these is still said
        ("my feet went numb and it comes back as soon as I move, but now I can't feel my bum at all", True),
        ("my leg went numb, it's back to normal now but my bum is numb", True),
        ("my dad collapsed, he's fine but he can't move his legs", True),
        # "she's" speaks in the present: a later all-clear does not end that clause
        ("my wife collapsed and she's not breathing, the neighbour says she's fine", True),
        # ...and so does a verb a boundary opens with ("and is")
        ("my husband collapsed and is not responding, the kids think he's fine", True),
        # "fine after" alone may date a change: not an end
        (
            "mum can no longer walk since this morning, she was walking fine after surgery till yesterday",
            True,
        ),
    ],
)
def test_a_spell_that_ends_at_once_is_over(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a weakness a clinician knew of, no different now, is long-standing
        (
            "my right foot has been weak since my accident 4 years ago, the physio knew, no different now",
            False,
        ),
        ("the surgeon knew about my weak leg but today I can't lift my foot", True),
        # a clinician asking about a red flag, however often, finds nothing
        ("what is cauda equina and why do the nurses keep asking me about it?", False),
        ("the nurses keep asking me about my bladder, I haven't been able to pee since yesterday", True),
    ],
)
def test_what_a_clinician_knew_or_asks_about_is_no_new_finding(
    bot: FaqBot, message: str, urgent: bool
) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # fainting or dying of a feeling is a figure of speech
        ("the scan was clear and I nearly fainted with relief", False),
        ("i could've died of embarrassment at hydrotherapy", False),
        ("I fainted in the kitchen and hit my head", True),
        # what anyone may say, supposed, is supposed with it
        ("If someone I know says they're suicidal, what's the best way to support them?", False),
        ("if a friend tells me she wants to die, how can I help her?", False),
        # a named person's words may tell of now, and out of a supposition they do
        ("what do I do if my wife says she wants to kill herself", True),
        ("my friend says she is suicidal, how can I help her?", True),
        ("my husband says he can't feel his legs", True),
    ],
)
def test_figures_of_feeling_and_what_anyone_may_say(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a clinician's verdict may name what it explains before what it is
        ("the GP said the numbness in my toes is from my diabetes", False),
        ("the physio said the weakness in my ankle is from the old sprain", False),
        # ...and a change after it, an emergency named or a worsening still alarms
        ("the GP said the numbness in my toes is from my diabetes but now my groin is numb", True),
        ("the nurse said the swelling in my calf is a clot", True),
        ("the GP said the numbness in my toes is getting worse", True),
        # the verdict's own present is no present of the red flag's, but another's is
        ("my toes are numb and the GP said the numbness is from my diabetes", True),
        # no clinician, no verdict
        ("my husband said the numbness in his legs is from sitting", True),
    ],
)
def test_a_verdict_that_names_the_red_flag_first(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # "fine after" ends a spell where its clause ends, and dates a change where it goes on
        ("my legs went to jelly in the shower, I sat down and was fine after", False),
        ("mum can't walk since this morning, she was walking fine after her op till yesterday", True),
        ("my legs went to jelly in the shower and I was fine after, but now I can't stand", True),
        # a cause the rule names as no red flag of its own: a sprain, the chest's muscles, a
        # headache the same in every position
        ("my son sprained his ankle at football and can't put weight on it", False),
        ("my chest muscles ache from leaning on the crutches", False),
        ("crushing chest pain while using my crutches", True),
        ("headache from the heat, it's the same lying down or sitting up", False),
        ("my headache goes when I lie down and comes back when I sit up", True),
        # "a red flag" asks about a red flag in general, as "red flags" does
        ("the booklet says new bladder trouble is a red flag, what counts as trouble?", False),
        ("my legs are suddenly weak, is that a red flag?", True),
    ],
)
def test_an_end_said_at_once_or_a_cause_the_rule_names(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent
