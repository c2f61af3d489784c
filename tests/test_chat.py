"""The chat's loop, through prompt_toolkit's pipe input, and the plain mode
used when stdin or stdout is not a terminal."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result, faq_bot_command
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from faq_bot import Faq, FaqBot, Match, Reply, Status
from faq_bot.chat import ChatApp, run_lines
from faq_bot.conversation import Fragment
from faq_bot.faces import ExitCode
from faq_bot.smalltalk import builtin_language

CTRL_C, CTRL_D = "\x03", "\x04"


class ScriptedBot(FaqBot):
    """The real bot, but with a fixed reply for ``"q"``."""

    def __init__(self, faq: Faq, reply: Reply) -> None:
        super().__init__(faq)
        self.reply = reply

    def ask(self, query: str, *, limit: int | None = None, score_cutoff: float | None = None) -> Reply:
        return self.reply if query == "q" else super().ask(query, limit=limit, score_cutoff=score_cutoff)


def chat(bot: FaqBot, keys: str, **options: object) -> tuple[int, str]:
    """Type ``keys`` into the chat; its exit code and everything it printed."""
    printed: list[Fragment] = []
    with create_pipe_input() as keyboard:
        keyboard.send_text(keys)
        app = ChatApp(bot, input=keyboard, output=DummyOutput(), printer=printed.extend, **options)  # type: ignore[arg-type]
        code = app.run()
    return code, "".join(text for _, text in printed)


def flat(text: str) -> str:
    """``text`` with wrapping undone, to compare words."""
    return " ".join(text.split())


def test_a_question_gets_its_answer_between_welcome_and_goodbye(bot: FaqBot, faq: Faq) -> None:
    entry = faq.entries[0]

    code, shown = chat(bot, f"{entry.question}\n{CTRL_D}")

    assert code == ExitCode.OK
    words = flat(shown)
    assert faq.source is not None
    assert words.index(faq.source.title) < words.index(flat(entry.answer)) < words.rindex(flat(faq.reminder))
    assert shown.endswith("Take care.\n")


def test_a_number_picks_a_suggestion(faq: Faq) -> None:
    # Suggestions that share the question's words ("symptoms"), so they are offered.
    candidates = [e for e in faq.entries if "symptoms" in e.question.casefold()][:2]
    reply = Reply(
        query="q",
        status=Status.NO_MATCH,
        reminder=faq.reminder,
        alternatives=tuple(Match(e, 30.0) for e in candidates),
        message=faq.fallback,
    )
    scripted = ScriptedBot(faq, dataclasses.replace(reply, query="symptoms of what?"))

    _, shown = chat(scripted, f"q\n2\n{CTRL_D}")

    assert f"2. {candidates[1].question}" in shown
    picked = flat(shown.split(f"2. {candidates[1].question}")[1])
    # The pick restates the question it answers, then answers it.
    assert picked.index(candidates[1].question) < picked.index(flat(candidates[1].answer))


def test_topics_then_a_section_then_a_question(bot: FaqBot, faq: Faq) -> None:
    first = faq.entries[0]
    _, shown = chat(bot, f"/topics\n1\n1\n{CTRL_D}")

    section = faq.section(first.section)
    assert section is not None
    assert f"1. {section.title}" in shown
    assert f"1. {first.question}" in shown
    # The answer comes after the list of the section's questions.
    assert flat(first.answer) in flat(shown.split(f"1. {first.question}")[-1])


def test_piped_small_talk_and_follow_ups(bot: FaqBot, faq: Faq) -> None:
    # What the issue asked for: printf 'hi\n...\nbye\n' | faq-bot
    out = io.StringIO()
    lines = ["hi\n", "what is failed back syndrome\n", "tell me more\n", "bye\n", "/source\n"]

    assert run_lines(bot, lines, out) == ExitCode.OK

    shown = out.getvalue()
    greeting, answer, more, goodbye = shown.split("\n\n")
    language = builtin_language()
    intents = {i.id: i for i in language.intents}
    assert greeting.startswith(intents["greeting"].reply.split("{")[0])
    entry = faq.entry("what-is-failed-back-syndrome")
    assert entry is not None
    assert answer.startswith(entry.answer)
    section = faq.section(entry.section)
    assert section is not None
    assert more.startswith(language.say("related", section=section.title))
    assert "  1. " in more
    assert goodbye == intents["goodbye"].reply + "\n"
    # Nothing was declined, and "bye" ended the chat before /source.
    assert faq.fallback not in shown
    assert "Source: " + faq.source.citation() not in shown


def test_goodbye_ends_the_chat_once(bot: FaqBot) -> None:
    code, shown = chat(bot, f"bye\n/source\n{CTRL_D}")

    goodbye = next(i for i in builtin_language().intents if i.id == "goodbye")
    assert code == ExitCode.OK
    assert shown.endswith(goodbye.reply + "\n")
    # The chat's own "Take care." is not said a second time, and nothing after "bye" is read.
    assert "Take care.\n" not in shown.replace(goodbye.reply, "")
    assert "Source: " not in shown


def test_ctrl_c_clears_the_line_and_ctrl_d_leaves(bot: FaqBot) -> None:
    asked: list[Reply] = []

    code, shown = chat(bot, f"half a question{CTRL_C}/source\n{CTRL_C}{CTRL_D}", on_reply=asked.append)

    assert code == ExitCode.OK
    assert "Source: " in shown
    assert shown.endswith("Take care.\n")
    # The cleared line was never asked.
    assert asked == []


def test_ctrl_c_while_an_answer_prints_stops_the_answer_not_the_chat(bot: FaqBot, faq: Faq) -> None:
    printed: list[Fragment] = []
    interrupted: list[bool] = []

    def printer(fragments: list[Fragment]) -> None:
        # Ctrl-C arrives while the first answer is being printed.
        if any(style == "class:answer" for style, _ in fragments) and not interrupted:
            interrupted.append(True)
            raise KeyboardInterrupt
        printed.extend(fragments)

    with create_pipe_input() as keyboard:
        keyboard.send_text(f"what is fbs\n/source\n{CTRL_D}")
        app = ChatApp(bot, input=keyboard, output=DummyOutput(), printer=printer)
        code = app.run()

    shown = "".join(text for _, text in printed)
    assert interrupted == [True]
    assert code == ExitCode.OK
    # The chat went on to the next command and ended normally.
    assert f"Source: {faq.source.citation()}" in flat(shown)
    assert shown.endswith("Take care.\n")


@pytest.mark.parametrize("word", ["/quit", "quit", "exit"])
def test_quit_words_leave_like_ctrl_d(bot: FaqBot, word: str) -> None:
    # Nothing after the quit word is read: the chat has ended.
    code, shown = chat(bot, f"{word}\n/source\n{CTRL_D}")

    assert code == ExitCode.OK
    assert "Source: " not in shown
    assert shown.endswith("Take care.\n")


def test_every_question_reaches_the_log_hook(bot: FaqBot, faq: Faq) -> None:
    asked: list[Reply] = []

    chat(
        bot,
        f"{faq.entries[0].question}\nwhat is the capital of peru\n/topics\n1\n{CTRL_D}",
        on_reply=asked.append,
    )

    # Questions only; commands and picks are not questions.
    assert [r.query for r in asked] == [faq.entries[0].question, "what is the capital of peru"]


def test_long_answers_wrap_to_the_terminal(bot: FaqBot, faq: Faq) -> None:
    long_entry = max(faq.entries, key=lambda e: len(e.answer))

    _, shown = chat(bot, f"{long_entry.question}\n{CTRL_D}")

    # DummyOutput is 80 columns wide.
    assert max(len(line) for line in shown.splitlines()) <= 80
    assert flat(long_entry.answer) in flat(shown)


def test_history_stays_in_memory_by_default(bot: FaqBot, isolated_home: Path, tmp_path: Path) -> None:
    before = sorted(isolated_home.rglob("*"))

    chat(bot, f"what is failed back syndrome\n{CTRL_D}")

    assert sorted(isolated_home.rglob("*")) == before
    assert list(tmp_path.iterdir()) == []


def test_history_file_is_opt_in(bot: FaqBot, tmp_path: Path) -> None:
    path = tmp_path / "history"

    chat(bot, f"what is failed back syndrome\n{CTRL_D}", history=str(path))

    assert "what is failed back syndrome" in path.read_text()
    # It holds the user's questions: readable by them alone.
    assert path.stat().st_mode & 0o777 == 0o600


def test_unusable_history_file_warns_once_and_the_chat_goes_on(
    bot: FaqBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A directory can't be a history file: degrade to memory, don't crash.
    code, shown = chat(bot, f"/source\n/source\n{CTRL_D}", history=str(tmp_path))

    assert code == ExitCode.OK
    assert shown.count("Source: ") == 2
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith("faq-bot: warning: cannot use history file")


# --- not a terminal -------------------------------------------------------


def test_piped_questions_get_plain_answers(run_cli: Callable[..., Result], faq: Faq) -> None:
    first, second = faq.entries[0], faq.entries[-1]

    # The last line has no newline: it is still a question.
    result = run_cli(input=f"{first.question}\n\n/source\n{second.question}")

    assert result.returncode == 0
    assert result.stderr == ""
    assert "\x1b" not in result.stdout
    blocks = result.stdout.split("\n\n")
    assert len(blocks) == 3
    assert blocks[0].startswith(first.answer)
    assert blocks[1] == f"Source: {faq.source.citation()}"
    assert blocks[2].startswith(second.answer)
    assert result.stdout.endswith(faq.reminder + "\n")


@pytest.mark.parametrize("args", [[], ["chat"], ["--no-color"]])
def test_empty_input_exits_at_once(isolated_home: Path, args: list[str]) -> None:
    # A chat that waited for a terminal would hang: the timeout fails it. No
    # wall-clock bound beside it, as a loaded machine would make that flaky.
    proc = subprocess.run(
        [*faq_bot_command(), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=isolated_home,
        timeout=10,
        check=False,
    )

    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_quit_ends_piped_input(run_cli: Callable[..., Result]) -> None:
    result = run_cli(input="quit\n/source\n")

    assert (result.returncode, result.stdout) == (0, "")


def test_piped_mode_never_imports_the_terminal_library(isolated_home: Path) -> None:
    # prompt_toolkit costs start-up time and has no business in a pipe.
    code = (
        "import sys; from faq_bot.cli import main; code = main([]); "
        "print(code, sorted(m for m in sys.modules if m.startswith('prompt_toolkit'))[:1], file=sys.stderr)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        input="what is failed back syndrome?\n",
        capture_output=True,
        text=True,
        cwd=isolated_home,
        timeout=30,
        check=False,
    )

    assert proc.stderr.strip() == "0 []"
    assert "failed back syndrome" in proc.stdout.casefold()
