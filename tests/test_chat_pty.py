"""The installed ``faq-bot`` in a real pseudo-terminal: what a patient sees."""

from __future__ import annotations

import os
import re
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from faq_bot import Faq
from faq_bot.smalltalk import builtin_language

pexpect = pytest.importorskip("pexpect")

# Generous: CI machines have 2 cores and the first prompt imports prompt_toolkit.
TIMEOUT = 10
PROMPT = "ask> "


def spawn(home: Path, *args: str, env: dict[str, str] | None = None) -> pexpect.spawn:
    """The installed script at its first prompt."""
    script = Path(sys.executable).with_name("faq-bot")
    child = pexpect.spawn(
        str(script),
        list(args),
        # HOME and XDG dirs point into the test's temp dir. pexpect does not answer
        # cursor-position requests, which prompt_toolkit would wait a second for.
        env={**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})},
        cwd=str(home),
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(30, 100),
    )
    child.expect_exact(PROMPT)
    return child


@pytest.fixture
def terminal(isolated_home: Path) -> Iterator[pexpect.spawn]:
    child = spawn(isolated_home)
    yield child
    child.close(force=True)


def first_words(text: str, count: int = 6) -> str:
    # Short enough never to be wrapped across lines at 100 columns.
    return " ".join(text.split()[:count])


def finish(child: pexpect.spawn) -> tuple[int | None, str]:
    child.expect(pexpect.EOF)
    rest = child.before
    child.close()
    return child.exitstatus, rest


def test_question_answer_and_quit(terminal: pexpect.spawn, faq: Faq) -> None:
    entry = faq.entries[0]

    terminal.sendline(entry.question)
    terminal.expect_exact(first_words(entry.answer))
    terminal.expect_exact(first_words(faq.reminder))
    terminal.expect_exact(PROMPT)
    terminal.sendline("/quit")
    status, rest = finish(terminal)

    assert status == 0
    assert "Take care." in rest


def test_sigterm_exits_143_quietly(terminal: pexpect.spawn) -> None:
    terminal.kill(signal.SIGTERM)
    status, rest = finish(terminal)

    # 143 = 128 + SIGTERM, returned as an exit code, not death by the signal.
    assert (status, terminal.signalstatus) == (143, None)
    assert "Traceback" not in rest
    assert "Error" not in rest


def test_ctrl_c_at_the_prompt_keeps_the_chat_going(terminal: pexpect.spawn, faq: Faq) -> None:
    entry = faq.entries[-1]

    terminal.send("half a thought")
    terminal.sendintr()
    terminal.expect_exact(PROMPT)
    terminal.sendline(entry.question)
    terminal.expect_exact(first_words(entry.answer))
    terminal.expect_exact(PROMPT)
    terminal.sendeof()
    status, rest = finish(terminal)

    assert status == 0
    assert "Traceback" not in rest


def test_a_resized_terminal_keeps_working(terminal: pexpect.spawn, faq: Faq) -> None:
    entry = faq.entries[1]

    terminal.setwinsize(20, 60)  # sends SIGWINCH
    terminal.sendline(entry.question)
    terminal.expect_exact(first_words(entry.answer, 4))
    terminal.expect_exact(PROMPT)
    terminal.sendline("exit")
    status, rest = finish(terminal)

    assert status == 0
    assert "Traceback" not in rest


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        # Colour by default on a terminal...
        ((), {}, True),
        # ...but not when asked, either way; bold still sets the notice apart.
        ((), {"NO_COLOR": "1"}, False),
        (("--no-color",), {}, False),
    ],
)
def test_urgent_notice_is_bold_red_unless_colour_is_off(
    isolated_home: Path, args: tuple[str, ...], env: dict[str, str], coloured: bool
) -> None:
    child = spawn(isolated_home, *args, env=env)
    child.sendline("I can't feel my legs and I can't control my bladder")
    child.expect_exact("URGENT: ")
    codes = set(re.findall(r"\x1b\[([0-9;]*)m", child.before))
    child.expect_exact(PROMPT)
    child.sendeof()
    status, _ = finish(child)

    assert status == 0
    assert codes
    assert ("0;31;1" in codes) is coloured
    assert all(c in {"0", "0;1"} for c in codes) is not coloured


def test_a_conversation(terminal: pexpect.spawn, faq: Faq) -> None:
    language = builtin_language()
    intents = {i.id: i for i in language.intents}
    entry = faq.entry("what-is-failed-back-syndrome")
    assert entry is not None
    # "tell me more" lists the other questions of the section first.
    first_more = next(e for e in faq.entries if e.section == entry.section and e != entry)

    terminal.sendline("hi")
    terminal.expect_exact(first_words(intents["greeting"].reply, 4))
    terminal.expect_exact(PROMPT)
    terminal.sendline("what is failed back syndrome")
    terminal.expect_exact(first_words(entry.answer))
    terminal.expect_exact(language.say("also_ask"))
    terminal.expect_exact(PROMPT)
    terminal.sendline("tell me more")
    terminal.expect_exact("  1. ")
    terminal.expect_exact(PROMPT)
    terminal.sendline("1")
    # The pick restates the question it answers.
    terminal.expect_exact(first_more.question)
    terminal.expect_exact(first_words(first_more.answer))
    terminal.expect_exact(PROMPT)
    terminal.sendline("bye")
    status, rest = finish(terminal)

    assert status == 0
    assert intents["goodbye"].reply in rest
    assert faq.fallback not in terminal.before
    assert "Traceback" not in rest


def test_tab_completes_from_what_was_typed(terminal: pexpect.spawn, faq: Faq) -> None:
    entry = faq.entry("diabetes")
    assert entry is not None

    # Questions are offered as the words are typed...
    terminal.send("diabetes ca")
    terminal.expect_exact(entry.question)
    terminal.sendintr()
    terminal.expect_exact(PROMPT)
    # ...and Tab takes one: "/to" alone is no command, "/topics" lists the topics.
    terminal.send("/to")
    terminal.expect_exact("/topics")
    terminal.send("\t")
    terminal.expect_exact("/topics")
    terminal.send("\r")
    terminal.expect_exact(builtin_language().say("topics"))
    terminal.expect_exact(PROMPT)
    terminal.sendeof()
    status, _ = finish(terminal)

    assert status == 0
