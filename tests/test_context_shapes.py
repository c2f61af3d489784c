"""The urgent screen's reading of safe messages by the shape of what is said
around a red flag, not by its words: a clinician's reassuring verdict on an
episode told before it, a supposition of "that" happening, a bare "no" after a
label, a question asking what would be, and a hyperbole said of a thing named
in a longer subject. Each shape both ways: the same shape beside something
happening now, or with the reassurance taken away, still alarms. The sentences
are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from faq_bot import FaqBot, Status

TEMPLATES = Path(__file__).resolve().parent.parent / "bench" / "sets" / "urgent-context-templates.yaml"


def _urgent(bot: FaqBot, message: str) -> bool:
    return bot.ask(message).status is Status.URGENT


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a clinician's reassuring verdict ends what was told before it
        ("I had some blood on the dressing, the nurse looked and said it was just old blood", False),
        ("my foot went numb on the ward and the doctor said it was only from lying on it", False),
        ("I was short of breath after the op, the consultant said that's normal after a general", False),
        # ...and the same told as past in the sentence before
        ("I fainted in the shower on Tuesday. The GP said it was from the painkillers", False),
        # the verdict names an emergency, warns, or says nothing reassuring: the alarm wins
        ("my husband collapsed, the paramedic said it was a stroke", True),
        ("I had chest pain, the doctor said it could be a clot and to go to A&E", True),
        ("I have a fever and pus in my wound, the nurse said it was infected", True),
        # the red flag goes on now, or comes back after the verdict
        ("I can't pee, the nurse said it's just the anaesthetic", True),
        ("I fainted, the nurse said it was my blood pressure, and now I feel faint again", True),
        ("the GP said it was just the stitches but now pus is pouring out and I'm shivering", True),
    ],
)
def test_a_reassuring_verdict_ends_what_went_before(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # "if that happens" supposes what was told before it
        ("the leaflet talks about losing feeling in your bum. what do I do if that happens?", False),
        ("my surgeon warned me about foot drop after the fusion, how would I know if it happened?", False),
        ("the nurse mentioned chest pain from clots. in case that ever happens, who do I ring?", False),
        # what was read is said in the present, and is no more described for it
        ("I read that losing feeling in your bottom is an emergency. what do I do if that happens?", False),
        # "again", or a change that takes it as had, or a red flag said now: the alarm wins
        ("I wet myself on the way to the toilet. what should I do if it happens again?", True),
        ("I can't feel my bum, what do I do if that happens", True),
        ("my legs went weak this morning, what do I do if it happens?", True),
        ("I read about it and now my bottom is numb. what do I do if that happens?", True),
        # for self-harm the thoughts told count whatever is supposed after them
        ("I keep thinking about ending my life. what should I do if that happens?", True),
    ],
)
def test_a_supposition_of_that_supposes_what_went_before(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a bare label answered no
        ("chest pain? no, it's more of an ache under my ribs", False),
        ("temperature - no. wound - fine", False),
        ("numbness in the saddle area: none", False),
        # a sentence with a subject, an auxiliary or a word of now is no bare label
        ("my legs are weak? no, they're dead, I can't move them", True),
        ("did I lose control of my bladder? no idea, I'm soaked", True),
        ("chest pain since this morning? no, since last night", True),
    ],
)
def test_a_bare_no_denies_the_label_before_it(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a question of what would be, of a thing not had
        ("would numbness between my legs always mean cauda equina?", False),
        ("would a swollen calf after surgery mean a clot?", False),
        # a person its subject, a time of now, or self-harm: the alarm wins
        ("would I be better off dead", True),
        ("would numbness in my bum since this morning mean cauda equina?", True),
        ("would you call an ambulance, I can't feel my legs", True),
    ],
)
def test_a_would_question_supposes_what_it_asks_about(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a hyperbole said of a thing named in a longer subject
        ("my motivation has completely collapsed since the op", False),
        ("the pile of forms from the council is killing me", False),
        # said of a part of the body or of a person, it is the red flag
        ("my left leg has collapsed under me", True),
        ("my husband has collapsed in the kitchen", True),
    ],
)
def test_a_hyperbole_said_of_a_thing_is_a_figure(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


def test_every_emergency_among_the_written_templates_alarms(bot: FaqBot) -> None:
    # The safe templates measure the screen (bench/sets); their emergencies guard it.
    cases = yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))["cases"]
    missed = [c["q"] for c in cases if c["expect"] == "urgent" and not _urgent(bot, c["q"])]
    assert missed == []
