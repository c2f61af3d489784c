"""The README's embedding example, as a user would paste it: it runs, and it
passes mypy --strict (a type checker must be able to follow the reply)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def embedding_example() -> str:
    section = README.split("## Embedding the matcher", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert found, "no python example under 'Embedding the matcher'"
    return found.group(1)


def test_the_example_runs() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(embedding_example(), "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert " -- " in lines[0]  # answered: the answer, then its section's title
    assert "talk to your physician" in lines[1]


# The old example read reply.entry.answer after a status check, which mypy
# cannot follow: checked in the same run, it must fail, or passing proves nothing.
OLD_EXAMPLE = """\
from faq_bot import FaqBot, Status, load_faq
reply = FaqBot(load_faq()).ask("what is fbs")
if reply.status is Status.ANSWERED:
    print(reply.entry.answer)
"""


def test_the_example_passes_mypy_strict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    api = pytest.importorskip("mypy.api")
    example, old = tmp_path / "example.py", tmp_path / "old.py"
    example.write_text(embedding_example(), encoding="utf-8")
    old.write_text(OLD_EXAMPLE, encoding="utf-8")
    monkeypatch.chdir(ROOT)  # where mypy finds faq_bot, as a user's project finds it installed
    stdout, stderr, _ = api.run(
        [
            str(example),
            str(old),
            "--strict",
            # Only the user's code is judged; faq_bot itself is checked by CI's own mypy run.
            "--follow-imports=silent",
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
        ]
    )
    errors = [line for line in stdout.splitlines() if ": error: " in line]
    assert [e for e in errors if e.startswith(str(example))] == [], stdout + stderr
    [old_error] = errors
    assert re.search(
        r'Item "None" of "(Entry \| None|Optional\[Entry\])" has no attribute "answer"', old_error
    )
