"""faq-bot add when the file system is against it: every OS error is one
`faq-bot: error:` line naming the file and the cause, never a traceback, and
the FAQ is never damaged (issue 12, items 6 and 7)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import faq_bot_command

import faq_bot.editing
from faq_bot.cli import main

SMALL_FAQ = """\
source: {title: "Test article"}
sections:
  - id: basics
    title: The basics
reminder: General information only.
fallback: Sorry, I don't know that.
entries:
  - id: what-is-a-widget
    section: basics
    question: What is a widget?
    answer: A widget is a small part of a machine.
"""
ADD = ["--section", "basics", "--question", "How big is a widget?", "--answer", "Small."]


@pytest.fixture
def faq_file(tmp_path: Path) -> Path:
    path = tmp_path / "faq.yaml"
    path.write_text(SMALL_FAQ, encoding="utf-8")
    return path


def add(capsys: pytest.CaptureFixture[str], path: Path | str) -> tuple[int, str, str]:
    code = main(["add", "--faq", str(path), *ADD])
    out = capsys.readouterr()
    return code, out.out, out.err


def _raise(error: OSError):  # type: ignore[no-untyped-def]
    def fail(*_: object, **__: object) -> None:
        raise error

    return fail


@pytest.mark.parametrize(
    ("where", "error"),
    [
        # Issue 12, 6: mkstemp sat outside the try, so these were tracebacks.
        ((tempfile, "mkstemp"), PermissionError(13, "Permission denied")),
        ((tempfile, "mkstemp"), OSError(28, "No space left on device")),
        # the rest of the write, for good measure
        ((os, "fsync"), OSError(5, "Input/output error")),
        ((os, "replace"), OSError(28, "No space left on device")),
        ((os, "fchmod"), PermissionError(1, "Operation not permitted")),
        # listing the directory for stale temporary files
        ((Path, "iterdir"), PermissionError(13, "Permission denied")),
    ],
)
def test_an_os_error_is_one_line_and_the_faq_is_untouched(
    faq_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    where: tuple[object, str],
    error: OSError,
) -> None:
    monkeypatch.setattr(*where, _raise(error))
    code, out, err = add(capsys, faq_file)
    monkeypatch.undo()
    assert (code, out) == (2, "")
    assert err.startswith(f"faq-bot: error: {faq_file}: ")
    assert err.endswith(f": {error.strerror}\n")
    assert len(err.splitlines()) == 1
    assert faq_file.read_text(encoding="utf-8") == SMALL_FAQ
    assert sorted(p.name for p in faq_file.parent.iterdir()) == ["faq.yaml"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_directory_is_one_line_in_a_real_process(faq_file: Path) -> None:
    faq_file.parent.chmod(0o555)
    try:
        proc = subprocess.run(
            [*faq_bot_command(), "add", "--faq", str(faq_file), *ADD],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    finally:
        faq_file.parent.chmod(0o755)
    assert proc.returncode == 2
    assert proc.stderr == f"faq-bot: error: {faq_file}: cannot write the file: Permission denied\n"


def test_temp_files_of_a_killed_add_are_removed_by_the_next(
    faq_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Issue 12, 7: a killed add left .faq.yaml.*.tmp files for good.
    folder = faq_file.parent
    stale = [".faq.yaml.abc_1234.tmp", ".faq.yaml.zz9zz9zz.tmp"]
    # Not add's naming, or another file's: left alone.
    others = [
        ".faq.yaml.notes.tmp",
        ".other.yaml.abc_1234.tmp",
        "faq.yaml.abc_1234.tmp",
        ".faq.yaml.ABC12345.tmp",
    ]
    for name in stale + others:
        (folder / name).write_text("partial", encoding="utf-8")
    assert add(capsys, faq_file)[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(["faq.yaml", *others])


def test_a_killed_add_leaves_the_faq_whole_and_the_next_add_cleans_up(faq_file: Path) -> None:
    # A real kill: stopped inside the write (after the temp file exists).
    script = (
        "import os, sys, faq_bot.editing as e\n"
        "real = os.fsync\n"
        "def die(fd):\n"
        "    real(fd)\n"
        "    os.kill(os.getpid(), 9)\n"
        "e.os.fsync = die\n"
        "from faq_bot.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    argv = [os.fspath(Path(faq_bot_command()[0]).with_name("python")), "-c", script]
    proc = subprocess.run([*argv, "add", "--faq", str(faq_file), *ADD], check=False, timeout=60)
    assert proc.returncode == -9
    leftovers = [p.name for p in faq_file.parent.iterdir() if p.name != "faq.yaml"]
    assert len(leftovers) == 1
    assert leftovers[0].startswith(".faq.yaml.")
    assert faq_file.read_text(encoding="utf-8") == SMALL_FAQ
    assert main(["add", "--faq", str(faq_file), *ADD]) == 0
    assert sorted(p.name for p in faq_file.parent.iterdir()) == ["faq.yaml"]


@pytest.mark.parametrize("mode", [0o444, 0o400])
def test_a_read_only_faq_is_refused_not_replaced(
    faq_file: Path, capsys: pytest.CaptureFixture[str], mode: int
) -> None:
    # Issue 12, 7: a 0444 FAQ was silently replaced, keeping its mode.
    faq_file.chmod(mode)
    inode = faq_file.stat().st_ino
    code, out, err = add(capsys, faq_file)
    assert (code, out) == (2, "")
    assert err == (
        f"faq-bot: error: {faq_file}: the file is read-only (mode {mode:04o}); "
        "make it writable to add to it\n"
    )
    assert faq_file.stat().st_ino == inode
    assert faq_file.read_text(encoding="utf-8") == SMALL_FAQ


def test_a_dangling_symlink_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Issue 12, 7: it said "cannot create the lock file: Permission denied".
    link = tmp_path / "faq.yaml"
    link.symlink_to(tmp_path / "gone" / "faq.yaml")
    code, out, err = add(capsys, link)
    assert (code, out) == (2, "")
    assert err == (
        f"faq-bot: error: {link}: a symbolic link to {str(tmp_path / 'gone' / 'faq.yaml')!r}, "
        "which does not exist\n"
    )
    assert not (tmp_path / "gone").exists()


def test_the_lock_directory_failing_to_open_is_one_line(
    faq_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def no_directory(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == faq_file.parent:
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(faq_bot.editing.os, "open", no_directory)
    code, _, err = add(capsys, faq_file)
    assert code == 2
    assert err == f"faq-bot: error: {faq_file}: cannot open the directory to lock it: Permission denied\n"
