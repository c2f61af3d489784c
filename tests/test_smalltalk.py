"""Small talk as data: the built-in language file, a FAQ's own intents and
follow-up links, and how the loader and `validate` check them."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import WIDGETS
from hypothesis import given, settings
from hypothesis import strategies as st

import faq_bot
from faq_bot import Faq, FaqBot, FaqInvalid, Status, respond_in_context
from faq_bot.cli import main
from faq_bot.loader import BUILTIN_LANGUAGE, INTENT_ACTIONS, load_language
from faq_bot.smalltalk import builtin_language, language_for
from faq_bot.text import words

PACKAGE = Path(faq_bot.__file__).parent


def test_the_built_in_language_file_is_valid() -> None:
    intents, cues, wording = load_language(BUILTIN_LANGUAGE)

    assert {i.id for i in intents} >= {"greeting", "thanks", "goodbye", "help", "identity", "more", "why"}
    assert all(i.examples and i.reply for i in intents)
    assert {i.action for i in intents} - {None} <= set(INTENT_ACTIONS)
    assert set(cues) == {
        *(
            "fillers",
            "praise",
            "referring",
            "continuing",
            "asking",
            "own_case",
            "subject",
            "naming",
            "circumstance",
            "clause",
            "explaining",
        )
    }
    assert all(wording.values())


def _wording_used_in_code() -> set[str]:
    # Every say("name") in the package: a name missing from the file would be
    # a KeyError in front of a patient.
    names: set[str] = set()
    for module in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "say"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(node.args[0].value)
    return names


def test_every_wording_the_code_says_is_in_the_file() -> None:
    used = _wording_used_in_code()

    assert used  # the scan finds them
    assert used <= set(builtin_language().wording)


def test_no_two_intents_share_an_example() -> None:
    seen: dict[tuple[str, ...], str] = {}
    for intent in builtin_language().intents:
        for example in intent.examples:
            key = tuple(words(example))
            assert seen.setdefault(key, intent.id) == intent.id, example


# A word that names a topic of the bundled FAQ, among small talk: a question.
TOPIC_WORDS = ["smoking", "diabetes", "legs", "nerve", "antidepressants", "inflammation", "symptoms", "cure"]


@settings(max_examples=60, deadline=None)
@given(
    before=st.lists(st.sampled_from([e for i in builtin_language().intents for e in i.examples]), max_size=2),
    topic=st.sampled_from(TOPIC_WORDS),
    after=st.lists(st.sampled_from(["thanks", "please", "bye", "hi", "ok"]), max_size=2),
)
def test_a_topic_word_makes_any_small_talk_a_question(
    bot: FaqBot, before: list[str], topic: str, after: list[str]
) -> None:
    message = " ".join([*before, topic, *after])

    reply, _ = respond_in_context(bot, message)

    assert reply.status is not Status.SMALLTALK, message


# Praise of an answer is thanks, though the bundled FAQ says "helpful" and
# "useful"; with a question or another word beside it, it is not small talk.
@pytest.mark.parametrize(
    ("message", "small_talk"),
    [
        ("thanks a million, that was really useful", True),
        ("this is helpful", True),
        ("excellent, cheers", True),
        ("helpful?", False),
        ("what helps", False),
        ("was it helpful", False),
        ("is smoking helpful", False),
        ("thanks, helpful for leg pain", False),
        ("helps with my pain", False),
    ],
)
def test_praise_with_nothing_asked_is_thanks(bot: FaqBot, message: str, small_talk: bool) -> None:
    reply, _ = respond_in_context(bot, message)

    assert (reply.status is Status.SMALLTALK) is small_talk, reply
    assert not small_talk or reply.intent == "thanks"


# --- the FAQ's own small talk and links -----------------------------------------------


def problems(make_faq: Callable[[str], Faq], text: str) -> list[str]:
    with pytest.raises(FaqInvalid) as caught:
        make_faq(text)
    return [p.message for p in caught.value.problems]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        # A link to an entry that does not exist, with the closest id as a hint.
        (
            "followups: [gadget-cost, why-gadgets-break]",
            "followups: [gadget-costs]",
            "entry 'what-is-a-gadget' has follow-up 'gadget-costs', which is not an entry id; "
            "did you mean 'gadget-cost'?",
        ),
        (
            "followups: [gadget-cost, why-gadgets-break]",
            "followups: [what-is-a-gadget]",
            "entry 'what-is-a-gadget' lists itself as a follow-up",
        ),
        (
            "followups: [gadget-cost, why-gadgets-break]",
            "followups: gadget-cost",
            "followups must be a list, not text 'gadget-cost'",
        ),
        (
            "followups: [gadget-cost, why-gadgets-break]",
            "followups: [Gadget Cost]",
            "each item of followups 'Gadget Cost' must be lowercase letters and digits joined by "
            "single hyphens",
        ),
    ],
)
def test_bad_follow_ups_are_reported(
    make_faq: Callable[[str], Faq], old: str, new: str, problem: str
) -> None:
    assert old in WIDGETS

    assert problems(make_faq, WIDGETS.replace(old, new)) == [problem]


@pytest.mark.parametrize(
    ("intent", "problem"),
    [
        ("{id: hi, examples: [hiya], reply: Hi., action: dance}", "unknown action 'dance'; expected one of"),
        ("{id: hi, examples: [hiya]}", "a small talk intent is missing the required key 'reply'"),
        # Examples may be left out only to keep a built-in intent's.
        ("{id: hi, reply: Hi.}", "small talk intent 'hi' needs examples: no built-in intent has that id"),
        ("{id: hi, examples: ['!!!'], reply: Hi.}", "a small talk intent needs examples with words in them"),
        (
            "{id: hi, examples: [hiya], reply: Hi., replies: [x]}",
            "unknown key 'replies' in a small talk intent",
        ),
        ("{id: Hi There, examples: [hiya], reply: Hi.}", "intent id 'Hi There' must be lowercase"),
    ],
)
def test_bad_small_talk_is_reported(make_faq: Callable[[str], Faq], intent: str, problem: str) -> None:
    found = problems(make_faq, f"{WIDGETS}smalltalk:\n  - {intent}\n")

    assert len(found) == 1
    assert found[0].startswith(problem)


def test_an_intent_left_without_examples_keeps_the_built_in_ones(make_faq: Callable[[str], Faq]) -> None:
    faq = make_faq(f"{WIDGETS}smalltalk:\n  - {{id: goodbye, reply: 'Farewell, widget fan.'}}\n")
    builtin = next(i for i in builtin_language().intents if i.id == "goodbye")

    [goodbye] = [i for i in language_for(faq).intents if i.id == "goodbye"]

    assert (goodbye.examples, goodbye.action) == (builtin.examples, "end")
    assert goodbye.reply == "Farewell, widget fan."


def test_validate_names_the_file_and_line_of_a_bad_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(WIDGETS.replace("[gadget-cost, why-gadgets-break]", "[nope]"), encoding="utf-8")
    line = 1 + WIDGETS.split("\n").index("    followups: [gadget-cost, why-gadgets-break]")

    assert main(["validate", str(path)]) == 1

    out = capsys.readouterr().out
    assert re.fullmatch(
        rf"{re.escape(str(path))}:{line}:16: entry 'what-is-a-gadget' has follow-up 'nope'.*\n", out
    )


def test_the_bundled_faq_links_its_entries(faq: Faq) -> None:
    # Every entry offers something to read next, and every link leads somewhere.
    assert all(e.followups for e in faq.entries)
    assert all(faq.entry(i) is not None for e in faq.entries for i in e.followups)


def test_a_faqs_small_talk_reaches_the_terminal_as_plain_text(make_faq: Callable[[str], Faq]) -> None:
    # FAQ text is data: no escape code from a file reaches the screen.
    faq = make_faq(WIDGETS + 'smalltalk:\n  - {id: greeting, reply: "Hi \\e[31mthere\\e[0m\\a <b>!"}\n')

    reply, _ = respond_in_context(FaqBot(faq), "hi")

    assert reply.message == "Hi there <b>!"
