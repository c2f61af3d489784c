"""The faq-bot command, run as a subprocess the way a user runs it."""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED_FAQ, FAQ_DIR, ROOT, Result

from faq_bot import Context, Faq, FaqBot, Status, cli, default_faq_paths, respond_in_context
from faq_bot import conversation as conversation_module
from faq_bot.cli import build_parser
from faq_bot.smalltalk import builtin_language

RunCli = Callable[..., Result]

ERROR_PREFIX = "faq-bot: error: "
TOPICS_HINT = builtin_language().say("topics_command")

TINY = """\
source:
  title: Tiny article
sections:
  - id: general
    title: General things
reminder: Tiny reminder.
fallback: Tiny fallback.
entries:
  - id: tiny-widget
    section: general
    question: What is a widget?
    answer: A widget is a small gadget.
"""

# A second file for the same FAQ: one more entry.
GIZMO = """\
entries:
  - id: gizmo
    section: general
    question: What is a gizmo?
    answer: A gizmo is a tool.
"""


def write(directory: Path, text: str = TINY, name: str = "tiny.yaml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def assert_one_error_line(result: Result, message: str | None = None) -> None:
    """Exit 2 with one ``faq-bot: error: ...`` line on stderr, no traceback, nothing on stdout."""
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(ERROR_PREFIX)
    if message is not None:
        assert lines[0] == ERROR_PREFIX + message


# --- ask: text ---------------------------------------------------------------------


def test_ask_prints_answer_source_and_reminder(run_cli: RunCli, faq: Faq, bot: FaqBot) -> None:
    reply = bot.ask("what is failed back syndrome")
    assert reply.entry is not None
    assert reply.section is not None
    result = run_cli("ask", "what", "is", "failed", "back", "syndrome")  # words are joined
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout == (
        f"{reply.entry.answer}\nSource: {faq.source.title}, {reply.section.title}\n{faq.reminder}\n"
    )
    assert (
        result.stdout.splitlines()[1] == "Source: What is Failed Back Syndrome?, What failed back syndrome is"
    )


def test_ask_no_match_prints_fallback_and_suggestions(run_cli: RunCli, faq: Faq, bot: FaqBot) -> None:
    query = "What are the symptoms of measles?"
    suggestions = respond_in_context(bot, query)[0].alternatives
    assert suggestions  # the FAQ has something near enough to suggest
    result = run_cli("ask", query)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        # The question names something the FAQ lacks beside something it has ("symptoms").
        f'"{faq.source.title}" does not mention "measles". {faq.fallback}',
        "Did you mean:",
        *(f"  {n}. {m.entry.question}" for n, m in enumerate(suggestions, 1)),
        TOPICS_HINT,
        faq.reminder,
    ]


def test_ask_no_match_without_suggestions(run_cli: RunCli, faq: Faq) -> None:
    result = run_cli("ask", "???")
    assert result.returncode == 0
    # The fallback says how to see what the bot can answer.
    assert result.stdout.splitlines() == [faq.fallback, TOPICS_HINT, faq.reminder]


def test_ask_urgent_prints_the_notice_alone(run_cli: RunCli, bot: FaqBot) -> None:
    notice = bot.ask("I can't move my legs").message
    result = run_cli("ask", "I can't move my legs")
    assert result.returncode == 0
    # Nothing under the notice that could weaken it ("not medical advice").
    assert result.stdout.splitlines() == [f"URGENT: {notice}"]


@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("what is fbs", "answered"),  # an answer
        ("how do I bake sourdough bread", "no_match"),  # nothing to say
        ("I want to kill myself", "urgent"),  # an emergency
    ],
)
@pytest.mark.parametrize("json_flag", [(), ("--json",)])
def test_ask_exits_0_for_every_status(
    run_cli: RunCli, question: str, status: str, json_flag: tuple[str, ...]
) -> None:
    result = run_cli("ask", *json_flag, question)
    assert result.returncode == 0
    assert result.stderr == ""
    if json_flag:
        assert json.loads(result.stdout)["status"] == status


# --- ask: JSON ---------------------------------------------------------------------

JSON_KEYS = {
    "query",
    "status",
    "id",
    "question",
    "answer",
    "section",
    "section_title",
    "score",
    "uncertain",
    "alternatives",
    "message",
    "urgent_rule",
    "reminder",
}


def test_ask_json_answered(run_cli: RunCli, faq: Faq) -> None:
    result = run_cli("ask", "--json", "does smoking slow down healing")
    assert result.returncode == 0
    [line] = result.stdout.splitlines()
    data = json.loads(line)
    assert set(data) >= JSON_KEYS - {"uncertain", "urgent_rule"}
    assert data["query"] == "does smoking slow down healing"
    assert data["status"] == "answered"
    entry = faq.entry(data["id"])
    assert entry is not None
    assert (data["question"], data["answer"], data["section"]) == (
        entry.question,
        entry.answer,
        entry.section,
    )
    assert data["section_title"] == "Risk factor: smoking"
    assert isinstance(data["score"], (int, float))
    assert 0 <= data["score"] <= 100
    assert data["message"] is None
    assert data["reminder"] == faq.reminder
    assert data["reminder"]
    assert len(data["alternatives"]) == 3
    for alt in data["alternatives"]:
        assert set(alt) == {"id", "question", "section", "score"}
        assert alt["id"] != data["id"]
        assert faq.entry(alt["id"]) is not None
        assert 0 <= alt["score"] <= data["score"]


@pytest.mark.parametrize(
    ("question", "status", "message"),
    [
        ("how do I bake sourdough bread", "no_match", "fallback"),
        ("I have chest pain", "urgent", "notice"),
    ],
)
def test_ask_json_without_answer(
    run_cli: RunCli, bot: FaqBot, question: str, status: str, message: str
) -> None:
    faq = bot.faq
    data = json.loads(run_cli("ask", "--json", question).stdout)
    assert data["status"] == status
    assert data["id"] is data["answer"] is data["section"] is data["section_title"] is None
    rule = bot.screen.check(question)
    assert data["message"] == (faq.fallback if message == "fallback" else rule and rule.notice)
    assert data["reminder"] == faq.reminder


def test_ask_json_batch_from_stdin(run_cli: RunCli) -> None:
    # An empty line still gets its reply; the last line has no newline.
    stdin = "what is fbs\n\nI want to kill myself\r\nhow do I bake sourdough bread"
    result = run_cli("ask", "--json", "-", input=stdin)
    assert result.returncode == 0
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["query"], r["status"]) for r in replies] == [
        ("what is fbs", "answered"),
        ("", "no_match"),
        ("I want to kill myself", "urgent"),  # the \r is not part of the question
        ("how do I bake sourdough bread", "no_match"),
    ]


def test_ask_batch_of_nothing(run_cli: RunCli) -> None:
    result = run_cli("ask", "--json", "-", input="")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_ask_text_batch_separates_replies_with_a_blank_line(run_cli: RunCli, faq: Faq) -> None:
    result = run_cli("ask", "-", input="???\n???\n")
    one = f"{faq.fallback}\n{TOPICS_HINT}\n{faq.reminder}\n"
    assert result.stdout == f"{one}\n{one}"


# --limit is the library's name; --top, the old one, still works.
@pytest.mark.parametrize(("option", "limit"), [("--limit", 0), ("--limit", 5), ("--top", 1)])
def test_ask_limit(run_cli: RunCli, option: str, limit: int) -> None:
    data = json.loads(run_cli("ask", "--json", option, str(limit), "what is fbs").stdout)
    assert len(data["alternatives"]) == limit


# --- errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ask",), "ask needs a question, or - to read questions from standard input"),  # no question
        (("ask", "--json"), "ask needs a question, or - to read questions from standard input"),
        (("ask", "--limit", "-1", "hi"), "argument --limit/--top: must be 0 or more, not -1"),  # negative
        (
            ("ask", "--top", "many", "hi"),
            "argument --limit/--top: invalid _count value: 'many'",
        ),  # not a number
        (("frobnicate",), None),  # no such command
        (("ask", "--colour", "hi"), "unrecognized arguments: --colour"),  # no such option
        (
            ("--faq", "/no/such/faq.yaml", "ask", "hi"),
            "/no/such/faq.yaml: cannot read file: No such file or directory",
        ),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    run_cli: RunCli, args: tuple[str, ...], message: str | None
) -> None:
    assert_one_error_line(run_cli(*args), message)


@pytest.mark.parametrize("command", [("ask", "hi"), ("topics",), ("eval", "cases.yaml")])
def test_invalid_faq_exits_2_with_one_line(run_cli: RunCli, tmp_path: Path, command: tuple[str, ...]) -> None:
    path = write(tmp_path, TINY.replace("answer: A widget is a small gadget.", "answer: No"))
    write(tmp_path, "cases:\n  - {q: widget, expect: general}\n", "cases.yaml")
    result = run_cli("--faq", str(path), *command, cwd=tmp_path)
    assert_one_error_line(
        result,
        f"{path}:12:13: answer must be text, but 'No' reads as a true/false value; put it in quotes: \"No\"",
    )


def test_invalid_faq_with_several_problems_still_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    text = TINY.replace("answer: A widget is a small gadget.", "answer: No").replace(
        "reminder: Tiny", "remindr: Tiny"
    )
    result = run_cli("ask", "--faq", str(write(tmp_path, text)), "hi")
    assert_one_error_line(result)
    # Every problem is found in one run, the missing reminder too.
    assert result.stderr.rstrip().endswith("(and 2 more)")


# --- where the FAQ comes from ----------------------------------------------------


def test_ask_works_from_any_directory(run_cli: RunCli, tmp_path: Path) -> None:
    # No faq/ here: the packaged FAQ is found all the same.
    result = run_cli("ask", "--json", "what is fbs", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout)["id"] == "what-is-failed-back-syndrome"


@pytest.mark.parametrize(
    "where",
    [
        "file",  # --faq FILE
        "directory",  # --faq DIR
        "env",  # FAQ_BOT_FAQ=FILE
    ],
)
@pytest.mark.parametrize("command", ["ask", "topics", "validate", "eval"])
def test_every_command_takes_faq_and_env(run_main: RunCli, tmp_path: Path, where: str, command: str) -> None:
    faq_dir = tmp_path / "faq"
    faq_dir.mkdir()
    path = write(faq_dir)
    cases = write(tmp_path, "cases:\n  - {q: what is a widget, expect: general}\n", "cases.yaml")
    target = str(faq_dir if where == "directory" else path)
    option = () if where == "env" else ("--faq", target)
    env = {"FAQ_BOT_FAQ": target} if where == "env" else None
    extra = {"ask": ("--json", "what is a widget"), "topics": (), "validate": (), "eval": (str(cases),)}[
        command
    ]
    result = run_main(command, *option, *extra, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    expected = {
        "ask": '"id": "tiny-widget"',
        "topics": "  - What is a widget?",
        "validate": f"{path}: OK: 1 entries in 1 sections",
        "eval": "in scope     1/1    1.000",
    }[command]
    assert expected in result.stdout


def test_faq_option_is_repeatable(run_main: RunCli, tmp_path: Path) -> None:
    first = write(tmp_path)
    second = write(
        tmp_path,
        GIZMO,
        "more.yaml",
    )
    result = run_main("ask", "--faq", str(first), "--faq", str(second), "--json", "what is a gizmo")
    assert json.loads(result.stdout)["id"] == "gizmo"


def test_faq_option_before_the_command(run_main: RunCli, tmp_path: Path) -> None:
    result = run_main("--faq", str(write(tmp_path)), "ask", "--json", "what is a widget")
    assert json.loads(result.stdout)["id"] == "tiny-widget"


def test_faq_option_wins_over_env(run_main: RunCli, tmp_path: Path) -> None:
    result = run_main(
        "ask",
        "--faq",
        str(write(tmp_path)),
        "--json",
        "what is a widget",
        env={"FAQ_BOT_FAQ": "/no/such/file"},
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["id"] == "tiny-widget"


def test_env_takes_several_paths(run_cli: RunCli, tmp_path: Path) -> None:
    first = write(tmp_path)
    second = write(
        tmp_path,
        GIZMO,
        "more.yaml",
    )
    result = run_cli("topics", env={"FAQ_BOT_FAQ": f"{first}{os.pathsep}{second}"})
    assert result.stdout.splitlines() == [
        "General things [general]",
        "  - What is a widget?",
        "  - What is a gizmo?",
    ]


# --- validate ---------------------------------------------------------------------


def test_validate_valid_file(run_cli: RunCli, tmp_path: Path) -> None:
    path = write(tmp_path)
    result = run_cli("validate", str(path))
    assert result.returncode == 0
    assert result.stdout == f"{path}: OK: 1 entries in 1 sections, 0 synonym terms, 0 urgent rules\n"
    assert result.stderr == ""


def test_validate_default_is_the_packaged_faq(run_cli: RunCli, faq: Faq) -> None:
    result = run_cli("validate")
    assert result.returncode == 0
    [line] = result.stdout.splitlines()
    # Installed, the packaged FAQ is the package's copy of faq/; same content.
    [packaged] = default_faq_paths()
    assert packaged.read_bytes() == BUNDLED_FAQ.read_bytes()
    assert line.startswith(f"{packaged}: OK: {len(faq.entries)} entries in {len(faq.sections)} sections")


def test_validate_lists_every_problem(run_cli: RunCli, tmp_path: Path) -> None:
    text = TINY.replace("answer: A widget is a small gadget.", "anwser: A widget is a small gadget.")
    path = write(tmp_path, text)
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:12:5: unknown key 'anwser' in an entry; did you mean 'answer'?",
        f"{path}:9:5: an entry is missing the required key 'answer'",
    ]
    assert result.stderr == ""


def test_validate_checks_each_path_on_its_own(run_cli: RunCli, tmp_path: Path) -> None:
    good = write(tmp_path, name="good.yaml")
    bad = write(tmp_path, TINY.replace("section: general", "section: generl"), "bad.yaml")
    result = run_cli("validate", str(good), str(bad))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{good}: OK: 1 entries in 1 sections, 0 synonym terms, 0 urgent rules",
        f"{bad}:9:5: entry 'tiny-widget' names section 'generl', which is not declared; "
        "did you mean 'general'?",
    ]


def test_validate_the_faq_directory(run_cli: RunCli) -> None:
    result = run_cli("validate", str(FAQ_DIR))
    assert result.returncode == 0
    assert ": OK: " in result.stdout


# --- topics -------------------------------------------------------------------------


def test_topics_lists_sections_and_questions(run_cli: RunCli, faq: Faq) -> None:
    result = run_cli("topics")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    for section in faq.sections:
        assert f"{section.title} [{section.id}]" in lines
    for entry in faq.entries:
        assert f"  - {entry.question}" in lines
    assert lines[0] == f"{faq.sections[0].title} [{faq.sections[0].id}]"
    assert len(lines) == len(faq.sections) + len(faq.entries)


# --- help -------------------------------------------------------------------------


def _subcommands() -> dict[str, tuple[argparse.Action, argparse.ArgumentParser]]:
    parser = build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    helps = {choice.dest: choice for choice in action._choices_actions}
    return {name: (helps[name], sub) for name, sub in action.choices.items()}


def test_the_core_commands_exist() -> None:
    assert set(_subcommands()) >= {"chat", "ask", "validate", "topics", "eval"}


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_subcommand_has_help(name: str) -> None:
    choice, sub = _subcommands()[name]
    assert choice.help, f"{name} has no help line"
    for action in sub._actions:
        if action.help != argparse.SUPPRESS:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"


def test_version(run_cli: RunCli) -> None:
    from faq_bot import __version__

    result = run_cli("--version")
    assert (result.returncode, result.stdout) == (0, f"faq-bot {__version__}\n")


def test_status_values_are_the_json_statuses() -> None:
    assert {s.value for s in Status} == {"answered", "no_match", "urgent", "smalltalk"}


def test_a_cases_file_that_cannot_be_read_is_one_error_line(run_cli: RunCli, tmp_path: Path) -> None:
    # It composes as YAML, but a mapping key that is a list cannot be read.
    cases = tmp_path / "cases.yaml"
    cases.write_text("cases:\n  - {? [a] : b, q: hi, expect: no_match}\n", encoding="utf-8")
    result = run_cli("eval", str(cases))
    assert result.returncode == 2
    assert result.stderr == f"{ERROR_PREFIX}{cases}:2: cannot read the cases: found unhashable key\n"


def test_validate_checks_a_faq_set_together(run_cli: RunCli, tmp_path: Path) -> None:
    # Each file alone is fine; together they repeat every id, as `ask` would find.
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(BUNDLED_FAQ.read_bytes())
    alone = run_cli("validate", str(copy), str(BUNDLED_FAQ))
    together = run_cli("validate", "--faq", str(copy), "--faq", str(BUNDLED_FAQ))
    assert alone.returncode == 0
    assert together.returncode == 1
    assert "duplicate entry id 'what-is-failed-back-syndrome'" in together.stdout


def test_bytes_that_are_not_utf8_on_stdin_are_not_a_traceback(isolated_home: Path) -> None:
    import subprocess

    from conftest import faq_bot_command

    proc = subprocess.run(
        [*faq_bot_command(), "ask", "--json", "-"],
        input=b"what is fbs\n\xff\xfe\n",
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},  # strict decoding, as some locales have
        check=False,
        cwd=isolated_home,
    )
    assert proc.returncode == 0, proc.stderr
    replies = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["status"] for r in replies] == ["answered", "no_match"]


# The fast path for plain asks (no parser built) must read argv as argparse
# does, or leave it to argparse: each pair must print the same.
@pytest.mark.parametrize(
    ("plain", "parsed"),
    [
        (["ask", "what is fbs"], ["ask", "what is fbs", "--limit", "3"]),
        (["ask", "--json", "what", "is", "fbs"], ["ask", "what", "is", "fbs", "--json"]),
        (["ask", "--json", "I want to kill myself"], ["ask", "--json", "--", "I want to kill myself"]),
    ],
)
def test_plain_ask_prints_what_the_parsed_one_prints(
    plain: list[str], parsed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli._plain_ask(plain) is not None
    assert cli._plain_ask(parsed) is None
    outputs = []
    for argv in (plain, parsed):
        assert cli.main(argv) == 0
        outputs.append(capsys.readouterr())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(
    "argv",
    [
        ["ask"],  # a usage error: argparse's message
        ["ask", "--json"],
        ["ask", "--jso", "q"],  # an abbreviation argparse accepts
        ["ask", "-", "q"],
        ["--faq", "x.yaml", "ask", "q"],
        ["ask", "--limit", "1", "q"],
    ],
)
def test_anything_but_a_plain_ask_goes_to_the_parser(argv: list[str]) -> None:
    assert cli._plain_ask(argv) is None


def test_a_batch_answers_a_repeated_question_as_it_answered_it_first(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Repeats are answered from what was kept (turns, JSON lines): each line
    # must be what a batch without the repeats printed.
    questions = ["what is fbs", "my legs went numb and I cannot pee", "bake bread", "WHAT IS FBS", "thanks"]
    printed = []
    for batch in (questions, questions * 3):
        monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(batch) + "\n"))
        assert cli.main(["ask", "--json", "-"]) == 0
        printed.append(capsys.readouterr().out.splitlines())
    assert printed[1] == printed[0] * 3


def _bench_data() -> Any:
    spec = importlib.util.spec_from_file_location("bench_data", ROOT / "bench" / "data.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_a_batch_prints_what_each_question_alone_gets(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], faq: Faq
) -> None:
    # bench's patient-like mix (typos, chatty wrappers, off-topic, repeats)
    # through `ask --json -` (the cache, kept turns and lines) must print what
    # a bot built afresh says to each question turned on its own.
    questions = _bench_data().patient_questions(faq, 300)
    assert len(set(questions)) < len(questions)  # repeats included
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(questions) + "\n"))
    assert cli.main(["ask", "--json", "-"]) == 0
    fresh = FaqBot(faq)
    engine = conversation_module._engine(fresh)
    expected = [json.dumps(engine._turn(q, Context(), 3).reply.to_dict()) for q in questions]
    assert capsys.readouterr().out.splitlines() == expected


def _stdin_like(data: bytes) -> io.TextIOWrapper:
    """A pipe read as POSIX's sys.stdin reads it: buffered, UTF-8, lines at "\\n"."""
    read, write = os.pipe()
    os.write(write, data)  # small: fits in the pipe's buffer
    os.close(write)
    return io.TextIOWrapper(open(read, "rb"), encoding="utf-8", newline="\n")


# Line ends of every kind, bad bytes, a character cut by the chunk size, no
# final newline: what `for line in sys.stdin` reads must be what the batch reads.
@pytest.mark.parametrize(
    "data",
    [
        b"what is fbs\ndoes it hurt?\n",
        b"crlf\r\nends\r\n\r\n",
        b"lone\rcarriage\r\rreturns\r",
        b"\n\n\nblank lines first",
        b"bad \xff\xfe bytes\nand a cut \xe2\x82",
        "caf\u00e9 \u20ac\u20ac \U0001f600 each chunk cuts some\n".encode() * 5,
        b"",
    ],
)
def test_a_batch_reads_the_lines_a_stream_gives(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    from faq_bot import faces

    monkeypatch.setattr(faces, "_CHUNK", 3)  # chunk edges inside lines, line ends and characters
    with _stdin_like(data) as stream:
        stream.reconfigure(errors="replace")
        expected = [line.rstrip("\r\n") for line in stream]
    waits: list[int] = []
    got: list[str] = []
    with _stdin_like(data) as stream:
        for line in faces.read_lines(stream, waiting=lambda: waits.append(len(got))):
            got.append(line)
    assert got == expected
    # Before every read that could wait: one a chunk, the first before any line.
    assert len(waits) == -(-len(data) // 3) + 1
    assert waits[0] == 0
