"""Privacy: a patient's question is written nowhere unless they opt in
(--log-unanswered for unanswered questions, --history for the chat), and
never to the log at any level."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest
from conftest import ROOT

from faq_bot import FaqBot, load_faq
from faq_bot.cli import main
from faq_bot.render import render_reply

SENTINEL = "ZZSENTINEL"
QUESTION = f"{SENTINEL} bladder"  # an unknown word: the bot can't answer it
HAS_CHAT = (ROOT / "faq_bot" / "chat.py").exists()


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
