"""Privacy: a patient's question is written nowhere unless they opt in
(--log-unanswered for unanswered questions, --history for the chat), and
never to the log at any level."""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

import pytest
from conftest import ROOT

from faq_bot import FaqBot, load_faq
from faq_bot.cli import main
from faq_bot.render import render_reply

SENTINEL = "ZZSENTINEL"
QUESTION = f"{SENTINEL} bladder"  # an unknown word: the bot can't answer it
HAS_CHAT = (ROOT / "faq_bot" / "chat.py").exists()


@pytest.fixture
def seeded_cache() -> list[Path]:
    """Writing a cache entry is one of the writes watched here: each test
    starts with an empty cache (see conftest)."""
    return []


pytestmark = pytest.mark.usefixtures("built_screens")


def files_containing(root: Path, needle: str) -> list[Path]:
    found = []
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file():
                continue
            if needle.encode() in path.read_bytes() or needle in name:
                found.append(path)
    return found


@pytest.fixture
def sandbox(tmp_path: Path, isolated_home: Path) -> dict[str, Path]:
    """HOME and the XDG dirs (from conftest), a working directory and TMPDIR, all to be walked."""
    work = tmp_path / "work"
    tmp = tmp_path / "tmp"
    work.mkdir()
    tmp.mkdir()
    return {"home": isolated_home, "work": work, "tmp": tmp}


def walk_all(sandbox: dict[str, Path]) -> list[Path]:
    return [p for root in sandbox.values() for p in files_containing(root, SENTINEL)]


@pytest.mark.parametrize(
    "args",
    [
        ["ask", QUESTION],  # text
        ["ask", "--json", QUESTION],  # JSON
        ["ask", "-"],  # stdin
        ["ask", f"{SENTINEL} what is failed back syndrome?"],  # an answered question
        ["ask", f"{SENTINEL} I can't control my bladder"],  # an urgent one
    ],
)
def test_ask_writes_the_question_nowhere(run_cli, sandbox: dict[str, Path], args: list[str]) -> None:
    result = run_cli(*args, input=QUESTION + "\n", cwd=sandbox["work"], env={"TMPDIR": str(sandbox["tmp"])})
    assert result.returncode == 0, result.stderr
    assert SENTINEL not in result.stderr
    assert walk_all(sandbox) == []


def test_log_unanswered_writes_only_that_file(run_cli, sandbox: dict[str, Path]) -> None:
    log = sandbox["work"] / "unanswered.jsonl"
    result = run_cli(
        "ask", "--log-unanswered", str(log), QUESTION,
        cwd=sandbox["work"], env={"TMPDIR": str(sandbox["tmp"])},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-1000:]
    assert walk_all(sandbox) == [log]


def test_log_unanswered_by_environment_writes_only_that_file(run_cli, sandbox: dict[str, Path]) -> None:
    log = sandbox["work"] / "env-log.jsonl"
    result = run_cli(
        "ask", QUESTION,
        cwd=sandbox["work"], env={"TMPDIR": str(sandbox["tmp"]), "FAQ_BOT_LOG_UNANSWERED": str(log)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-1000:]
    assert walk_all(sandbox) == [log]


@pytest.mark.skipif(not HAS_CHAT, reason="the chat is not written yet")
def test_chat_writes_the_question_nowhere(run_cli, sandbox: dict[str, Path]) -> None:
    result = run_cli(input=QUESTION + "\n", cwd=sandbox["work"], env={"TMPDIR": str(sandbox["tmp"])})
    assert result.returncode == 0, result.stderr
    assert walk_all(sandbox) == []


@pytest.mark.skipif(not HAS_CHAT, reason="the chat is not written yet")
def test_chat_history_writes_only_the_history_file(run_cli, sandbox: dict[str, Path]) -> None:
    history = sandbox["work"] / "history.txt"
    result = run_cli(
        "--history", str(history),
        input=QUESTION + "\n", cwd=sandbox["work"], env={"TMPDIR": str(sandbox["tmp"])},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert set(walk_all(sandbox)) <= {history}


def test_debug_logging_never_shows_the_question(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    caplog.set_level(logging.DEBUG)  # the root logger at DEBUG, as logging.basicConfig(level=DEBUG) would
    faq = load_faq()
    bot = FaqBot(faq)
    for question in (QUESTION, f"{SENTINEL} what is failed back syndrome?", f"{SENTINEL} I wet myself"):
        reply = bot.ask(question)
        render_reply(faq, reply)
        json.dumps(reply.to_dict())
        bot.search(question)
    assert main(["ask", QUESTION]) == 0
    assert main(["ask", "--json", QUESTION]) == 0
    capsys.readouterr()
    assert SENTINEL not in caplog.text
    assert all(SENTINEL not in str(record.args) for record in caplog.records)
    assert files_containing(tmp_path, SENTINEL) == []


# --- opt-in files that others could read (issue 12, item 7) ------------------


def ask_logged(log: Path, question: str = QUESTION) -> int:
    return main(["ask", "--log-unanswered", str(log), question])


def test_an_existing_log_others_can_read_is_made_private_before_it_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "unanswered.jsonl"
    log.write_text("")
    log.chmod(0o644)
    seen_modes: list[int] = []
    real_write = os.write

    def watching_write(fd: int, data: bytes) -> int:
        seen_modes.append(os.fstat(fd).st_mode & 0o777)
        return real_write(fd, data)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "write", watching_write)
        assert ask_logged(log) == 0
    capsys.readouterr()
    assert SENTINEL in log.read_text()
    assert seen_modes == [0o600]  # private at the moment the question was written
    assert log.stat().st_mode & 0o777 == 0o600


def test_a_log_owned_by_someone_else_is_refused_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "unanswered.jsonl"
    log.write_text("")
    log.chmod(0o666)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(log).st_uid + 1)
    assert ask_logged(log) == 0
    err = capsys.readouterr().err
    assert err == (
        f"faq-bot: warning: cannot log unanswered questions to {log}: "
        "the file belongs to another user, so it cannot be private\n"
    )
    assert log.read_text() == ""
    assert log.stat().st_mode & 0o777 == 0o666


@pytest.mark.skipif(not HAS_CHAT, reason="the chat is not written yet")
def test_an_existing_history_file_others_can_read_is_made_private(tmp_path: Path) -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from faq_bot.chat import ChatApp

    history = tmp_path / "history"
    history.write_text("")
    history.chmod(0o644)
    with create_pipe_input() as keyboard:
        keyboard.send_text(f"{QUESTION}\n\x04")
        ChatApp(
            FaqBot(load_faq()),
            input=keyboard,
            output=DummyOutput(),
            printer=lambda _: None,
            history=str(history),
        ).run()
    assert history.stat().st_mode & 0o777 == 0o600
    assert SENTINEL in history.read_text()


# --- strict JSON (issue 12, item 7) -------------------------------------------


def test_undecodable_argv_bytes_never_reach_json_as_lone_surrogates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A byte that is not UTF-8 arrives in argv as a lone surrogate (\udcff);
    # written into JSON as "\udcff", strict parsers reject the line.
    log = tmp_path / "unanswered.jsonl"
    assert main(["ask", "--json", "--log-unanswered", str(log), "ZZSENTINEL \udcff bladder"]) == 0
    line = capsys.readouterr().out
    for text in (line, log.read_text()):
        assert not re.search(r"\\ud[89a-f][0-9a-f]{2}", text, re.IGNORECASE), text
        json.loads(text)["query"].encode("utf-8")  # strict: valid Unicode throughout
    assert json.loads(line)["query"] == "ZZSENTINEL \ufffd bladder"
