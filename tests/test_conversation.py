"""The chat's engine, without a terminal: what each kind of line shows."""

from __future__ import annotations

import dataclasses
import re

import pytest

from faq_bot import Entry, Faq, FaqBot, Match, Reply, Status
from faq_bot.conversation import COMMANDS, Conversation, Output


class ScriptedBot:
    """A real bot, except for the queries given replies: the matcher's tuning
    may change, the conversation's handling of each status must not."""

    def __init__(self, faq: Faq, replies: dict[str, Reply]) -> None:
        self.faq = faq
        self._real = FaqBot(faq)
        self._replies = replies

    def ask(self, query: str) -> Reply:
        return self._replies.get(query) or self._real.ask(query)


def answered(
    faq: Faq, entry: Entry, *, uncertain: bool = False, alternatives: tuple[Entry, ...] = ()
) -> Reply:
    return Reply(
        query=entry.question,
        status=Status.ANSWERED,
        reminder=faq.reminder,
        score=60.0,
        entry=entry,
        section=faq.section(entry.section),
        alternatives=tuple(Match(e, 50.0) for e in alternatives),
        uncertain=uncertain,
    )


def no_match(faq: Faq, alternatives: tuple[Entry, ...]) -> Reply:
    return Reply(
        query="q",
        status=Status.NO_MATCH,
        reminder=faq.reminder,
        alternatives=tuple(Match(e, 30.0) for e in alternatives),
        message=faq.fallback,
    )


def styles_with(output: Output, text: str) -> list[str]:
    return [style for style, t in output.fragments if text in t]


@pytest.fixture
def conversation(bot: FaqBot) -> Conversation:
    return Conversation(bot)


def test_a_question_shows_answer_then_source_then_reminder(conversation: Conversation, faq: Faq) -> None:
    entry = faq.entries[0]
    output = conversation.respond(entry.question)

    assert output.reply is not None
    assert output.reply.status is Status.ANSWERED
    assert output.reply.entry == entry
    text = output.text
    section = faq.section(entry.section)
    assert section is not None
    source = f"Source: {faq.source.title}, {section.title}"
    # The three parts, in this order, each in its own style.
    assert text.index(entry.answer) < text.index(source) < text.index(faq.reminder)
    assert styles_with(output, entry.answer) == ["class:answer"]
    assert styles_with(output, source) == ["class:source"]
    assert styles_with(output, faq.reminder) == ["class:reminder"]
    assert not output.quit


def test_urgent_notice_comes_first_and_stands_out(conversation: Conversation, bot: FaqBot) -> None:
    output = conversation.respond("I can't feel my legs and I can't control my bladder")

    assert output.reply is not None
    assert output.reply.status is Status.URGENT
    first_style, first_text = output.fragments[0]
    assert first_style == "class:urgent"
    rule = bot.screen.check("I can't control my bladder")
    assert rule is not None
    assert output.reply.message == rule.notice
    assert first_text.startswith(f"URGENT: {output.reply.message}")


def test_no_match_shows_fallback_then_numbered_suggestions(faq: Faq) -> None:
    candidates = faq.entries[3:5]
    conversation = Conversation(ScriptedBot(faq, {"q": no_match(faq, candidates)}))  # type: ignore[arg-type]

    text = conversation.respond("q").text

    assert text.startswith(faq.fallback)
    assert f"Did you mean:\n  1. {candidates[0].question}\n  2. {candidates[1].question}\n" in text
    assert text.endswith(faq.reminder + "\n")


def test_no_match_without_candidates_lists_nothing(faq: Faq) -> None:
    conversation = Conversation(ScriptedBot(faq, {"q": no_match(faq, ())}))  # type: ignore[arg-type]

    output = conversation.respond("q")

    assert "Did you mean" not in output.text
    assert conversation.choices == ()


def test_uncertain_answer_offers_the_alternatives(faq: Faq) -> None:
    entry, *others = faq.entries[:3]
    reply = answered(faq, entry, uncertain=True, alternatives=tuple(others))
    conversation = Conversation(ScriptedBot(faq, {"q": reply}))  # type: ignore[arg-type]

    text = conversation.respond("q").text

    assert entry.answer in text
    assert f"Did you mean:\n  1. {others[0].question}\n  2. {others[1].question}\n" in text


def test_a_confident_answer_lists_no_suggestions(faq: Faq) -> None:
    # Alternatives exist for every answer; they are only offered when in doubt.
    entry, *others = faq.entries[:3]
    reply = answered(faq, entry, uncertain=False, alternatives=tuple(others))
    conversation = Conversation(ScriptedBot(faq, {"q": reply}))  # type: ignore[arg-type]

    assert "Did you mean" not in conversation.respond("q").text


@pytest.mark.parametrize(
    ("number", "index"),
    [
        # Numbers count from 1, as shown, and surrounding spaces don't matter.
        ("1", 0),
        (" 2 ", 1),
    ],
)
def test_a_number_picks_that_suggestion(faq: Faq, number: str, index: int) -> None:
    candidates = faq.entries[5:7]
    conversation = Conversation(ScriptedBot(faq, {"q": no_match(faq, candidates)}))  # type: ignore[arg-type]
    conversation.respond("q")

    output = conversation.respond(number)

    assert output.fragments[0] == ("class:answer", candidates[index].answer + "\n")
    assert "Source: " in output.text
    assert output.text.endswith(faq.reminder + "\n")
    # Picking is not a question: nothing for the unanswered-questions log.
    assert output.reply is None


def test_the_list_stays_for_another_pick(faq: Faq) -> None:
    candidates = faq.entries[5:7]
    conversation = Conversation(ScriptedBot(faq, {"q": no_match(faq, candidates)}))  # type: ignore[arg-type]
    conversation.respond("q")

    conversation.respond("1")

    assert candidates[1].answer in conversation.respond("2").text


def test_a_new_question_replaces_the_list(faq: Faq) -> None:
    # A number refers to the last list shown; an answer without one leaves none.
    conversation = Conversation(
        ScriptedBot(faq, {"q": no_match(faq, faq.entries[:2]), "a": answered(faq, faq.entries[3])})  # type: ignore[arg-type]
    )
    conversation.respond("q")
    conversation.respond("a")

    assert conversation.respond("1").fragments[0][0] == "class:hint"


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        # Nothing listed yet: say how to get a list.
        ("1", "no numbered list"),
    ],
)
def test_a_number_without_a_list_gives_a_hint(conversation: Conversation, line: str, hint: str) -> None:
    output = conversation.respond(line)

    assert output.fragments[0][0] == "class:hint"
    assert hint in output.text
    assert output.reply is None


@pytest.mark.parametrize("number", ["0", "99"])
def test_a_number_off_the_list_says_the_range(faq: Faq, number: str) -> None:
    conversation = Conversation(ScriptedBot(faq, {"q": no_match(faq, faq.entries[:2])}))  # type: ignore[arg-type]
    conversation.respond("q")

    assert conversation.respond(number).text == "Choose a number from 1 to 2.\n"


def test_topics_numbers_every_question_by_section(conversation: Conversation, faq: Faq) -> None:
    text = conversation.respond("/topics").text

    numbers = [int(n) for n in re.findall(r"^ +(\d+)\. ", text, flags=re.MULTILINE)]
    assert numbers == list(range(1, len(faq.entries) + 1))
    for section in faq.sections:
        if any(e.section == section.id for e in faq.entries):
            assert f"\n{section.title}\n" in text


def test_a_number_after_topics_shows_that_answer(conversation: Conversation, faq: Faq) -> None:
    text = conversation.respond("/topics").text
    # The number the list printed before the last question, whatever the order.
    last = faq.entries[-1]
    number = re.search(rf"(\d+)\. {re.escape(last.question)}", text)
    assert number is not None

    assert last.answer in conversation.respond(number.group(1)).text


def test_source_cites_the_article(conversation: Conversation, faq: Faq) -> None:
    assert conversation.respond("/source").text == f"Source: {faq.source.citation()}\n"


def test_help_lists_every_command_with_its_help(conversation: Conversation) -> None:
    text = conversation.respond("/help").text

    for command in COMMANDS:
        assert f"/{command.name}" in text
        assert command.help in text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # A typo gets the closest command...
        ("/topcs", "Did you mean /topics?"),
        ("/hlep", "Did you mean /help?"),
        ("/SOURCE", None),  # commands ignore case, so this one is known
        # ...anything else just the pointer to /help.
        ("/zzzzzz", "Type /help for the commands."),
    ],
)
def test_unknown_command_gets_a_hint(conversation: Conversation, line: str, expected: str | None) -> None:
    output = conversation.respond(line)

    if expected is None:
        assert output.fragments[0][0] != "class:hint"
    else:
        assert output.fragments == (("class:hint", output.text),)
        assert expected in output.text
        assert output.text.startswith(f"Unknown command {line}.")


@pytest.mark.parametrize(
    "line",
    # Every way to leave ends the chat the same way as Ctrl-D (goodbye()).
    ["/quit", "/q", "/exit", "quit", "exit", "  Exit  ", "QUIT"],
)
def test_quit_words_end_the_chat(conversation: Conversation, line: str) -> None:
    output = conversation.respond(line)

    assert output.quit
    assert output.reply is None
    assert conversation.goodbye().quit


@pytest.mark.parametrize("line", ["", "   ", "\t"])
def test_blank_lines_show_nothing(conversation: Conversation, line: str) -> None:
    assert conversation.respond(line) == Output()


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        # FAQ text is data, not markup: printed as written.
        ("Use <b>&amp;</b> here.", "Use <b>&amp;</b> here."),
        # Control codes from a file never reach the terminal.
        ("Red \x1b[31malert\x1b[0m\x07!", "Red alert!"),
    ],
)
def test_faq_text_is_shown_as_plain_text(faq: Faq, answer: str, shown: str) -> None:
    entry = dataclasses.replace(faq.entries[0], answer=answer)
    conversation = Conversation(ScriptedBot(faq, {"q": answered(faq, entry)}))  # type: ignore[arg-type]

    output = conversation.respond("q")

    assert output.fragments[0] == ("class:answer", shown + "\n")


def test_welcome_says_what_it_is_and_how_to_get_help_and_leave(conversation: Conversation, faq: Faq) -> None:
    text = conversation.welcome().text

    assert f'"{faq.source.title}"' in text
    assert "not a doctor" in text
    assert "/help" in text
    assert "/quit" in text


@pytest.mark.parametrize("width", [30, 50, 64])
def test_long_lines_wrap_to_the_width_without_losing_words(conversation: Conversation, width: int) -> None:
    line = "/topics"
    plain = conversation.respond(line).text
    wrapped = conversation.respond(line, width=width)

    assert all(len(row) <= width for row in wrapped.text.splitlines())
    assert wrapped.text.split() == plain.split()
    # Continuation lines of a numbered item line up under its text.
    assert re.search(r"\n {5,6}\S", wrapped.text)


def test_wrapping_keeps_each_words_style(faq: Faq) -> None:
    entry = faq.entries[0]
    conversation = Conversation(ScriptedBot(faq, {"q": answered(faq, entry)}))  # type: ignore[arg-type]

    output = conversation.respond("q", width=30)

    answer_words = " ".join(t for s, t in output.fragments if s == "class:answer").split()
    assert answer_words == entry.answer.split()
