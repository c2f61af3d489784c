"""faq-bot add: the entry lands after the last one, and nothing else in the file changes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BUNDLED_FAQ, Result, faq_bot_command

import faq_bot.editing
from faq_bot import FaqError, load_faq
from faq_bot.editing import add_entry, slugify

# Entries followed by comments and another key: the new entry must go between
# the last entry's text and the comment, and both must survive untouched.
SMALL_FAQ = """\
# yaml-language-server: $schema=schema.json
# A test FAQ; this comment must survive.
source: {title: "Test article"}
sections:
  - id: basics
    title: The basics
reminder: General information only.
fallback: Sorry, I don't know that.
entries:
    - id: what-is-a-widget   # four-space indents, kept for the new entry
      section: basics
      question: What is a widget?
      answer: >-
        A widget is a small part of a machine.

# --- synonyms follow the entries in this file ---
synonyms:
  widget: [widgets, gadget]
"""
INSERTION_POINT = SMALL_FAQ.index("# --- synonyms")


@pytest.fixture
def small_faq(tmp_path: Path) -> Path:
    path = tmp_path / "faq.yaml"
    path.write_text(SMALL_FAQ, encoding="utf-8")
    return path


def test_add_inserts_after_the_last_entry_and_keeps_the_rest_byte_for_byte(
    small_faq: Path, run_cli: Callable[..., Result]
) -> None:
    result = run_cli(
        "add",
        "--faq",
        str(small_faq),
        "--question",
        "How big is a widget?",
        "--answer",
        "About the size of a thumb.",
        "--section",
        "basics",
        "--alternate",
        "widget size",
        "--alternate",
        "are widgets large",
        "--keyword",
        "size",
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"added entry 'how-big-is-a-widget' to {small_faq} at line 16\n"
    text = small_faq.read_text(encoding="utf-8")
    assert text == (
        SMALL_FAQ[:INSERTION_POINT] + '    - id: "how-big-is-a-widget"\n'
        '      section: "basics"\n'
        '      question: "How big is a widget?"\n'
        "      alternates:\n"
        '        - "widget size"\n'
        '        - "are widgets large"\n'
        '      answer: "About the size of a thumb."\n'
        "      keywords:\n"
        '        - "size"\n' + SMALL_FAQ[INSERTION_POINT:]
    )
    entry = load_faq(small_faq).entry("how-big-is-a-widget")
    assert entry is not None
    assert entry.line == 16
    assert (entry.alternates, entry.keywords) == (("widget size", "are widgets large"), ("size",))


def test_add_to_the_bundled_faq_appends_to_its_end(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    original = BUNDLED_FAQ.read_bytes()
    path.write_bytes(original)
    added = add_entry(
        path,
        question="Does insurance cover spinal stimulation?",
        answer="The article does not say; ask your insurer.",
        section="treatments",
    )
    new = path.read_bytes()
    assert new.startswith(original + b"\n")
    assert added.id == "does-insurance-cover-spinal-stimulation"
    assert new.decode().splitlines()[added.line - 1] == '  - id: "does-insurance-cover-spinal-stimulation"'


# Values that YAML would misread if written bare: a boolean, a number, a date,
# a comment marker, a mapping, quotes, non-ASCII text and a line break.
@pytest.mark.parametrize(
    "value",
    [
        "yes",
        "2018",
        "2018-10-06",
        "Is # a comment?",
        "key: value",
        'He said "no" \\ why?',
        "Ça fait mal ? 背中",
        "two\nlines",
        "- not a list",
        "[not, a, list]",
    ],
)
def test_values_are_quoted_so_they_load_back_unchanged(small_faq: Path, value: str) -> None:
    add_entry(
        small_faq,
        question=f"What about {value}?",
        answer=value,
        section="basics",
        alternates=[value],
        keywords=[value],
        entry_id="odd-value",
    )
    entry = load_faq(small_faq).entry("odd-value")
    assert entry is not None
    assert (entry.question, entry.answer, entry.alternates, entry.keywords) == (
        f"What about {value}?",
        value,
        (value,),
        (value,),
    )


# Ids are made from the question: ASCII letters and digits, hyphen-joined, at most 60 characters.
@pytest.mark.parametrize(
    ("question", "slug"),
    [
        ("What is FBSS?", "what-is-fbss"),
        ("Can't I   smoke -- at all?!", "cant-i-smoke-at-all"),
        ("Ça coûte combien ?", "ca-coute-combien"),
        ("word " * 30, "-".join(["word"] * 12)),
        ("背中", ""),
    ],
)
def test_slugify(question: str, slug: str) -> None:
    assert slugify(question) == slug


def run_add(
    run_cli: Callable[..., Result],
    path: Path,
    *extra: str,
    question: str = "How big is a widget?",
    section: str = "basics",
) -> Result:
    return run_cli(
        "add", "--faq", str(path), "--question", question, "--answer", "Small.", "--section", section, *extra
    )


# Each refusal must name the problem in words an author can act on, and leave the file alone.
@pytest.mark.parametrize(
    ("extra", "question", "section", "message"),
    [
        (
            [],
            "How big is a widget?",
            "basic",
            "{path}: not added: entry 'how-big-is-a-widget' names section 'basic', which is not declared; "
            "did you mean 'basics'?",
        ),
        (
            ["--id", "what-is-a-widget"],
            "How big is a widget?",
            "basics",
            "{path}: entry id 'what-is-a-widget' is already used (line 10); choose another with --id",
        ),
        (
            [],
            "what is a WIDGET",
            "basics",
            "{path}: entry id 'what-is-a-widget' is already used (line 10); choose another with --id",
        ),
        (
            ["--id", "widget-again"],
            "what is a WIDGET",
            "basics",
            "{path}: entry 'what-is-a-widget' (line 10) already asks 'What is a widget?'; "
            "add your wording to its alternates instead",
        ),
        (
            ["--id", "Not A Slug"],
            "How big is a widget?",
            "basics",
            "{path}: not added: entry id 'Not A Slug' must be lowercase letters and digits joined by "
            "single hyphens",
        ),
        ([], "背中", "basics", "cannot make an id from the question '背中'; give one with --id"),
        (["--alternate", "  "], "How big is a widget?", "basics", "an alternate is empty"),
    ],
)
def test_refusals_leave_the_file_byte_for_byte(
    small_faq: Path,
    run_cli: Callable[..., Result],
    *,
    extra: list[str],
    question: str,
    section: str,
    message: str,
) -> None:
    result = run_add(run_cli, small_faq, *extra, question=question, section=section)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"faq-bot: error: {message.format(path=small_faq)}\n"
    assert small_faq.read_text(encoding="utf-8") == SMALL_FAQ
    assert sorted(p.name for p in small_faq.parent.iterdir()) == ["faq.yaml"]


@pytest.mark.parametrize(
    ("faq_args", "message"),
    [
        ([], "add needs --faq FILE, the FAQ file to add the entry to"),
        (["--faq", "a.yaml", "--faq", "b.yaml"], "add takes one --faq FILE, not 2"),
    ],
)
def test_add_needs_exactly_one_faq_file(
    run_cli: Callable[..., Result], faq_args: list[str], message: str
) -> None:
    # Never a default: the installed package's FAQ must not be written to.
    result = run_cli("add", *faq_args, "--question", "q?", "--answer", "a", "--section", "s")
    assert (result.returncode, result.stderr) == (2, f"faq-bot: error: {message}\n")


def test_add_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(FaqError) as exc_info:
        add_entry(tmp_path, question="q?", answer="a", section="basics")
    assert exc_info.value.path == str(tmp_path)
    assert exc_info.value.message == "add needs one FAQ file, not a directory"


def test_a_successful_add_leaves_no_file_beside_the_faq(small_faq: Path) -> None:
    # A lock or temp file left in the repository shows up in `git status`.
    add_entry(small_faq, question="How big is a widget?", answer="Small.", section="basics")
    assert sorted(p.name for p in small_faq.parent.iterdir()) == ["faq.yaml"]


def test_without_any_file_locking_add_refuses_in_one_line(
    small_faq: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Platforms with neither fcntl nor msvcrt: refuse rather than risk a lost add.
    monkeypatch.setitem(sys.modules, "fcntl", None)
    monkeypatch.setitem(sys.modules, "msvcrt", None)
    with pytest.raises(FaqError) as exc_info:
        add_entry(small_faq, question="How big is a widget?", answer="Small.", section="basics")
    assert exc_info.value.message == "cannot lock files on this platform, so add cannot run safely"
    assert small_faq.read_text(encoding="utf-8") == SMALL_FAQ


def test_file_mode_is_kept(small_faq: Path) -> None:
    small_faq.chmod(0o640)
    add_entry(small_faq, question="How big is a widget?", answer="Small.", section="basics")
    assert small_faq.stat().st_mode & 0o7777 == 0o640


def test_crash_before_the_rename_leaves_the_original_and_no_temp_file(
    small_faq: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(faq_bot.editing.os, "replace", crash)
    with pytest.raises(FaqError) as exc_info:
        add_entry(small_faq, question="How big is a widget?", answer="Small.", section="basics")
    assert (exc_info.value.path, exc_info.value.message) == (
        str(small_faq),
        "cannot write the file: No space left on device",
    )
    assert small_faq.read_text(encoding="utf-8") == SMALL_FAQ
    assert sorted(p.name for p in small_faq.parent.iterdir()) == ["faq.yaml"]


def test_two_adds_at_once_both_land(small_faq: Path, isolated_home: Path) -> None:
    procs = [
        subprocess.Popen(
            [
                *faq_bot_command(),
                "add",
                "--faq",
                str(small_faq),
                "--question",
                f"Question number {n}?",
                "--answer",
                "Yes.",
                "--section",
                "basics",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=isolated_home,
            env={**os.environ},
        )
        for n in (1, 2)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    ids = [e.id for e in load_faq(small_faq).entries]
    # Either may go first; neither may be lost.
    assert (ids[0], sorted(ids[1:])) == ("what-is-a-widget", ["question-number-1", "question-number-2"])


def test_crlf_file_keeps_its_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    path.write_bytes(SMALL_FAQ.replace("\n", "\r\n").encode())
    add_entry(path, question="How big is a widget?", answer="Small.", section="basics")
    data = path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")
    assert load_faq(path).entry("how-big-is-a-widget") is not None


# --- add --to: alternates for an existing entry ------------------------------------

TO_FAQ = """\
reminder: General information only.
sections: [{id: basics, title: The basics}]
entries:
  - id: block   # a block list of alternates
    section: basics
    question: What is a block?
    alternates:
      - tell me about blocks
    answer: A block is a part.
  - id: flow
    section: basics
    question: What is a flow?
    alternates: [flows please]
    answer: A flow is a part.
  - id: none-yet
    section: basics
    question: >-
      What is a thing
      with no alternates?
    answer: A thing is a part.
"""


# Each way an entry may hold its alternates, and exactly what the file gains.
@pytest.mark.parametrize(
    ("entry", "old", "new"),
    [
        ("block", "      - tell me about blocks\n", '      - tell me about blocks\n      - "new wording"\n'),
        ("flow", "alternates: [flows please]", 'alternates: [flows please, "new wording"]'),
        (
            "none-yet",
            "      with no alternates?\n",
            '      with no alternates?\n    alternates:\n      - "new wording"\n',
        ),
    ],
)
def test_add_to_puts_the_alternate_where_it_belongs(tmp_path: Path, entry: str, old: str, new: str) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(TO_FAQ, encoding="utf-8")
    faq_bot.editing.add_alternates(path, entry, alternates=["new wording"])
    assert path.read_text(encoding="utf-8") == TO_FAQ.replace(old, new)
    added = load_faq(path).entry(entry)
    assert added is not None
    assert added.alternates[-1] == "new wording"


@pytest.mark.parametrize(
    ("entry", "alternates", "message"),
    [
        ("blok", ["x"], "there is no entry 'blok' in this file; did you mean 'block'?"),
        (
            "flow",
            ["Tell me about BLOCKS"],
            "'Tell me about BLOCKS' is already a phrasing of entry 'block' (line 4)",
        ),
        ("flow", ["a", "A!"], "'A!' is given twice"),
        ("flow", [], "give the alternates to add with --alternate"),
    ],
)
def test_add_to_refuses_without_touching_the_file(
    tmp_path: Path, entry: str, alternates: list[str], message: str
) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(TO_FAQ, encoding="utf-8")
    with pytest.raises(FaqError) as exc_info:
        faq_bot.editing.add_alternates(path, entry, alternates=alternates)
    assert exc_info.value.message == message
    assert path.read_text(encoding="utf-8") == TO_FAQ


def test_add_to_takes_no_new_entry_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from faq_bot.cli import main

    path = tmp_path / "faq.yaml"
    path.write_text(TO_FAQ, encoding="utf-8")
    assert main(["add", "--faq", str(path), "--to", "flow", "--alternate", "x", "--answer", "y"]) == 2
    assert capsys.readouterr().err == "faq-bot: error: add --to takes only --alternate, not --answer\n"
    assert main(["add", "--faq", str(path), "--question", "Q?"]) == 2
    assert "add needs --answer, --section for a new entry" in capsys.readouterr().err
    assert main(["add", "--faq", str(path), "--to", "flow", "--alternate", "flowing"]) == 0
    assert capsys.readouterr().out == f"added 1 alternate to entry 'flow' in {path} at line 13\n"
