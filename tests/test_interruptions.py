"""Interruptions: when the reader of faq-bot's output goes away (`| head`),
it stops quietly: no BrokenPipeError traceback, no "Exception ignored" noise."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest
from conftest import faq_bot_command

QUESTIONS = "What is failed back syndrome?\nDoes smoking make it worse?\nbread\n" * 2000


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "-"],  # text replies, one per line of stdin
        ["ask", "--json", "-"],  # JSON lines
        ["topics"],  # one burst of output
    ],
)
@pytest.mark.parametrize("head", ["head -c 0", "head -n 1", "true"])
def test_closed_pipe_through_a_shell_pipeline(tmp_path: Path, args: list[str], head: str) -> None:
    # "head -c 0" exits at once; "head -n 1" after a line; "true" never reads at all.
    questions = tmp_path / "questions.txt"
    questions.write_text(QUESTIONS, encoding="utf-8")
    command = shlex.join([*faq_bot_command(), *args])
    proc = subprocess.run(
        [
            "bash",
            "-c",
            f"{command} < {shlex.quote(str(questions))} 2>err.txt | {head}; exit ${{PIPESTATUS[0]}}",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    stderr = (tmp_path / "err.txt").read_text(encoding="utf-8")
    assert "Traceback" not in stderr, stderr[-1000:]
    assert "BrokenPipeError" not in stderr
    assert "Exception ignored" not in stderr
    assert proc.returncode in (0, 1), stderr  # 0 if it finished first, 1 if the pipe closed on it


def test_closed_pipe_with_popen(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [*faq_bot_command(), "ask", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert proc.stdout is not None
    proc.stdout.close()  # the reader goes away before the first reply
    _, stderr = proc.communicate(QUESTIONS.encode(), timeout=60)
    assert b"Traceback" not in stderr, stderr.decode(errors="replace")[-1000:]
    assert b"BrokenPipeError" not in stderr
    assert proc.returncode == 1


def test_closed_pipe_after_some_output(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [*faq_bot_command(), "ask", "--json", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    proc.stdin.write(b"What is failed back syndrome?\n")
    proc.stdin.flush()
    assert b'"status": "answered"' in proc.stdout.readline()  # one reply read, then the reader leaves
    proc.stdout.close()
    _, stderr = proc.communicate(QUESTIONS.encode(), timeout=60)
    assert b"Traceback" not in stderr, stderr.decode(errors="replace")[-1000:]
    assert proc.returncode == 1


def test_stdin_closed_early_ends_cleanly(run_cli) -> None:
    # The writer side going away mid-stream: a last line without a newline is still answered.
    result = run_cli("ask", "--json", "-", input="What is failed back syndrome?")
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.count("\n") == 1
