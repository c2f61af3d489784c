"""Hostile FAQ files: whatever a file holds, loading it either succeeds or
raises FaqError with one clear line naming the file, through the library,
`faq-bot validate` and `faq-bot ask` alike. Nothing in a file is executed,
expanded without bound, or recursed into without bound."""

from __future__ import annotations

import itertools
import re
import subprocess
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, faq_bot_command

import faq_bot.loader
from faq_bot import FaqError, load_faq
from faq_bot.cli import main
from faq_bot.loader import iter_problems

VALID = """\
source:
  title: "What is Failed Back Syndrome?"
reminder: "Please talk to your physician."
fallback: "Sorry, I don't know."
sections:
  - id: definition
    title: What it is
entries:
  - id: what-is-it
    section: definition
    question: "What is failed back syndrome?"
    answer: "Pain that lasts after back surgery."
"""
ANSWER_LINE = 12  # the line of `answer:` in VALID
ANSWER_COLUMN = 13  # where its value starts


def write(tmp_path: Path, content: str | bytes, name: str = "faq.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def with_answer(value: str) -> str:
    """VALID with the answer's value replaced by ``value`` (raw YAML)."""
    old = 'answer: "Pain that lasts after back surgery."'
    assert old in VALID
    return VALID.replace(old, f"answer: {value}")


def test_the_valid_base_file_loads(tmp_path: Path) -> None:
    # Every hostile file below is a small change to this one, so it must be fine itself.
    faq = load_faq(write(tmp_path, VALID))
    assert [e.id for e in faq.entries] == ["what-is-it"]
    assert faq.entry("what-is-it").line == ANSWER_LINE - 3  # type: ignore[union-attr]


# --- 1. tags that would build Python objects ------------------------------------

PYTHON_TAGS = [
    # the classic: run a shell command while loading
    '!!python/object/apply:os.system ["touch PWNED"]',
    # the same through subprocess, with a list argument
    '!!python/object/apply:subprocess.check_call [["touch", "PWNED"]]',
    # object/new calls __new__ with arguments
    '!!python/object/new:subprocess.Popen [["touch", "PWNED"]]',
    # name/module tags import things without calling them
    "!!python/name:os.system ''",
    "!!python/module:os ''",
    # a mapping form, which FullLoader-era exploits used
    '!!python/object/apply:os.system {args: ["touch PWNED"]}',
    # a local tag: no constructor exists for it, and none must be looked for
    "!pwn touch PWNED",
]


@pytest.mark.parametrize("tagged", PYTHON_TAGS)
def test_python_tag_in_an_answer_is_refused_and_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tagged: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, with_answer(tagged))
    with pytest.raises(FaqError) as exc_info:
        load_faq(path)
    error = exc_info.value
    assert (error.path, error.line, error.column) == (str(path), ANSWER_LINE, ANSWER_COLUMN)
    assert "answer must be text" in error.message
    assert "tagged" in error.message
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("tagged", PYTHON_TAGS)
def test_python_tag_at_top_level_is_refused_and_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tagged: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, tagged + "\n")
    with pytest.raises(FaqError) as exc_info:
        load_faq(path)
    assert (exc_info.value.path, exc_info.value.line) == (str(path), 1)
    assert "the top level must be a mapping" in exc_info.value.message
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize(
    ("content", "line"),
    [
        # a whole valid FAQ under a Python tag: unsafe_load would run os.system on it
        ("--- !!python/object/apply:os.system\n" + VALID, 1),
        # one entry's mapping tagged as an object to build
        (VALID.replace("  - id: what-is-it", "  - !!python/object:os.PathLike\n    id: what-is-it"), 9),
        # the entries list tagged as a call
        (VALID.replace("entries:", "entries: !!python/object/apply:os.system"), 8),
        # a set (!!set is a mapping with another tag): not a FAQ mapping either
        (VALID.replace("entries:", "entries: !!set"), 8),
    ],
)
def test_tagged_collections_are_refused_not_silently_accepted(
    tmp_path: Path, content: str, line: int
) -> None:
    # Nothing runs here (no constructor is called), but a file that any other
    # YAML tool would execute must not pass validation as a good FAQ.
    path = write(tmp_path, content)
    with pytest.raises(FaqError) as exc_info:
        load_faq(path)
    assert (exc_info.value.path, exc_info.value.line) == (str(path), line)
    assert "tagged" in exc_info.value.message


@pytest.mark.parametrize(
    ("content", "where"),
    [
        # inside an answer: the error points at the tagged value
        (with_answer(PYTHON_TAGS[0]), f"{ANSWER_LINE}:{ANSWER_COLUMN}"),
        # the whole document is the tagged value
        (PYTHON_TAGS[0] + "\n", "1:1"),
    ],
)
def test_python_tag_through_the_cli_is_one_error_line_and_not_run(
    tmp_path: Path, run_cli, content: str, where: str
) -> None:
    path = write(tmp_path, content)
    result = run_cli("--faq", str(path), "ask", "what is failed back syndrome?", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"faq-bot: error: {path}:{where}: ")
    assert "Traceback" not in result.stderr

    validated = run_cli("validate", str(path), cwd=tmp_path)
    assert validated.returncode == 1
    assert validated.stdout.splitlines()[0].startswith(f"{path}:{where}: ")
    assert not (tmp_path / "PWNED").exists()


# Any of these in the package would let a FAQ file build Python objects.
UNSAFE_YAML_API = re.compile(
    r"\b(?:full_load|full_load_all|unsafe_load|unsafe_load_all|FullLoader|UnsafeLoader)\b"
    r"|\byaml\.C?Loader\b"
    r"|\byaml\.load(?:_all)?\("
    r"|\bfrom\s+yaml\s+import\b[^\n]*\b(?:load|load_all|Loader|CLoader)\b"
)


@pytest.mark.parametrize(
    "line",
    [
        "data = yaml.load(text)",  # the default-loader call
        "yaml.load(text, Loader=yaml.Loader)",  # explicit unsafe loader
        "yaml.full_load(text)",  # FullLoader shortcut
        "yaml.unsafe_load(text)",  # says it on the tin
        "loader = yaml.CLoader",  # libyaml's unsafe loader
        "from yaml import load, dump",  # bare load imported
        "x = yaml.load_all(text, Loader=yaml.FullLoader)",  # multi-document form
    ],
)
def test_unsafe_yaml_pattern_catches(line: str) -> None:
    # The scan below is only as good as its pattern: make sure it bites.
    assert UNSAFE_YAML_API.search(line)


@pytest.mark.parametrize(
    "line",
    [
        "_Loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)",  # what the loader uses
        "yaml.compose(text, Loader=_Loader)",  # composing is safe: no constructor runs
        "yaml.safe_load(text)",  # safe
    ],
)
def test_unsafe_yaml_pattern_spares_safe_calls(line: str) -> None:
    assert not UNSAFE_YAML_API.search(line)


def test_package_never_uses_an_unsafe_yaml_loader() -> None:
    sources = sorted((ROOT / "faq_bot").rglob("*.py"))
    assert sources, "no sources found to scan"
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if UNSAFE_YAML_API.search(line)
    ]
    assert offenders == []


# --- 2. alias bombs --------------------------------------------------------------


def billion_laughs(levels: int = 9, width: int = 9, prefix: str = "") -> str:
    names = [f"l{i}" for i in range(levels)]
    lines = [prefix + f"{names[0]}: &{names[0]} [{', '.join(['lol'] * width)}]"]
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * width)}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("content", "line"),
    [
        # 9 levels of 9 aliases: 9**9 = 387 million strings if expanded
        (billion_laughs(), 1),
        # the same after two comment lines: the error must name the right line
        ("# harmless\n# looking\n" + billion_laughs(), 3),
        # the bomb hidden inside an otherwise valid FAQ's answer
        (with_answer('&a ["lol", "lol"]') + "  - answer: [*a, *a, *a]\n", ANSWER_LINE),
        # a lone alias of a scalar defined elsewhere (no anchor on the same line)
        (VALID + "extra: *undefined\n", 13),
        # a merge key pulling one mapping into another
        ("base: &b {x: 1}\nother:\n  <<: *b\n", 1),
    ],
)
def test_aliases_are_refused_fast_and_small(tmp_path: Path, content: str, line: int) -> None:
    path = write(tmp_path, content)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(FaqError) as exc_info:
            load_faq(path)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0, f"took {elapsed:.2f}s"
    assert peak < 50 * 1024 * 1024, f"peak {peak:,} bytes"
    error = exc_info.value
    assert (error.path, error.line) == (str(path), line)
    assert re.search(r"(aliases|anchors) \([*&]\w+\) are not allowed", error.message), error.message


def test_alias_bomb_through_the_cli(tmp_path: Path, run_cli) -> None:
    path = write(tmp_path, billion_laughs())
    start = time.perf_counter()
    result = run_cli("validate", str(path))
    assert time.perf_counter() - start < 10  # a subprocess: includes start-up; expansion would never end
    assert result.returncode == 1
    assert result.stdout == f"{path}:1:5: anchors (&l0) are not allowed in FAQ files\n"
    assert result.stderr == ""


# --- 3. deep nesting ---------------------------------------------------------------

DEEP = [
    # 1,000 flow sequences: deeper than Python's recursion limit for a recursive composer
    ("[" * 1000 + "\n", "1:33"),
    # 60,000 flow sequences: enough to crash a recursive C parser's stack
    ("[" * 60_000 + "\n", "1:33"),
    # flow mappings nest the same way
    ("{a: " * 1000 + "\n", "1:129"),
    # block sequences on one line: "- - - - x"
    ("- " * 1000 + "x\n", "1:65"),
    # nesting under a valid top level, in an answer (3 levels above it)
    (with_answer("[" * 1000), f"{ANSWER_LINE}:{ANSWER_COLUMN + 29}"),
]


@pytest.mark.parametrize(("content", "where"), DEEP)
def test_deep_nesting_is_one_error_line_through_validate(
    tmp_path: Path, run_cli, content: str, where: str
) -> None:
    path = write(tmp_path, content)
    result = run_cli("validate", str(path))
    assert result.returncode == 1, result.stderr
    assert result.stdout == f"{path}:{where}: nested more than {faq_bot.loader.MAX_DEPTH} levels deep\n"
    assert "Traceback" not in result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize(("content", "where"), DEEP)
def test_deep_nesting_is_one_error_line_through_ask(
    tmp_path: Path, run_cli, content: str, where: str
) -> None:
    path = write(tmp_path, content)
    result = run_cli("--faq", str(path), "ask", "what is failed back syndrome?")
    assert result.returncode == 2
    assert result.stderr == (
        f"faq-bot: error: {path}:{where}: nested more than {faq_bot.loader.MAX_DEPTH} levels deep\n"
    )
    assert result.stdout == ""


@pytest.mark.parametrize(("content", "where"), DEEP)
def test_deep_nesting_in_the_library_raises_faq_error(tmp_path: Path, content: str, where: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(FaqError) as exc_info:
        load_faq(path)
    error = exc_info.value
    assert f"{error.line}:{error.column}" == where
    assert error.path == str(path)
    assert "nested more than" in error.message


# --- 4. oversized files ----------------------------------------------------------------


def test_oversized_file_is_refused_before_reading_or_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, VALID)
    monkeypatch.setattr(faq_bot.loader, "MAX_FILE_BYTES", 100)

    def must_not_run(*_: object, **__: object) -> None:
        raise AssertionError("an oversized file was parsed")

    monkeypatch.setattr(yaml, "parse", must_not_run)
    monkeypatch.setattr(yaml, "compose", must_not_run)
    with pytest.raises(FaqError) as exc_info:
        load_faq(path)
    size = path.stat().st_size
    assert exc_info.value.path == str(path)
    assert exc_info.value.message == f"file is {size:,} bytes; the limit is 100"


def test_file_at_the_size_limit_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The cap is inclusive: a file of exactly MAX_FILE_BYTES still loads.
    path = write(tmp_path, VALID)
    monkeypatch.setattr(faq_bot.loader, "MAX_FILE_BYTES", path.stat().st_size)
    assert load_faq(path).entries


def test_oversized_sparse_file_through_the_cli(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "huge.yaml"
    limit = faq_bot.loader.MAX_FILE_BYTES
    with path.open("wb") as f:
        f.truncate(limit + 1)  # sparse: takes no disk space
    start = time.perf_counter()
    result = run_cli("validate", str(path))
    assert time.perf_counter() - start < 10
    assert result.returncode == 1
    assert result.stdout == f"{path}: file is {limit + 1:,} bytes; the limit is {limit:,}\n"
    assert result.stderr == ""


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_device_is_refused_not_read_forever(tmp_path: Path) -> None:
    # stat() says 0 bytes for a device, so the size check alone doesn't stop it;
    # the read itself must stop at the cap. Run under a memory limit so that a
    # regression fails with MemoryError instead of hurting the machine.
    command = " ".join(f"'{part}'" for part in [*faq_bot_command(), "validate", "/dev/zero"])
    proc = subprocess.run(
        ["bash", "-c", f"ulimit -v 1500000; exec {command}"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-500:]
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("/dev/zero: ")


# --- 5. files that are not UTF-8 YAML mappings ---------------------------------------


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        # a binary file: NUL bytes, reported on the line they are on
        (b'source:\n  title: "T\x00"\n', 2, "file contains NUL bytes; is it a binary file?"),
        # Latin-1: the é is a lone 0xe9 byte
        (
            'source:\n  title: "caf\u00e9"\n'.encode("latin-1"),
            2,
            "not valid UTF-8 (byte 0xe9); save the file as UTF-8",
        ),
        # UTF-16 with a little-endian BOM (what Windows Notepad used to write)
        (b"\xff\xfe" + VALID.encode("utf-16-le"), None, "file is UTF-16; save it as UTF-8"),
        # UTF-16 with a big-endian BOM
        (b"\xfe\xff" + VALID.encode("utf-16-be"), None, "file is UTF-16; save it as UTF-8"),
        # an empty file
        (b"", 1, "file is empty"),
        # whitespace only
        (b"  \n\t\n\r\n\n", 1, "file is empty"),
        # comments only: no document at all
        (b"# nothing here\n", 1, "file holds no YAML document"),
        # a list at the top level
        (b"- question: a\n- b\n", 1, "the top level must be a mapping of keys to values, not a list"),
        # a plain string at the top level
        (b"some text\n", 1, "the top level must be a mapping of keys to values, not text 'some text'"),
        # a number at the top level
        (b"42\n", 1, "the top level must be a mapping of keys to values, not a number '42'"),
        # two documents in one file
        (VALID.encode() + b"---\nmore: stuff\n", 13, "more than one YAML document in the file"),
    ],
)
def test_unreadable_or_shapeless_file_names_the_file(
    tmp_path: Path, content: bytes, line: int | None, message: str
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(FaqError) as exc_info:
        load_faq(path)
    error = exc_info.value
    assert error.path == str(path)
    assert error.line == line
    assert error.message == message
    assert str(error).startswith(f"{path}:")


@pytest.mark.parametrize(
    "char",
    [
        "\x1b",  # a raw ESC pasted into the file
        "\x01",  # another C0 control
        "\x7f",  # DEL
    ],
)
def test_raw_control_character_is_one_error_line_with_its_line(tmp_path: Path, run_cli, char: str) -> None:
    # YAML forbids raw control characters; the error must still be one line and name the line.
    path = write(tmp_path, with_answer(f'"Pain{char}"'))
    with pytest.raises(FaqError) as exc_info:
        load_faq(path)
    assert exc_info.value.path == str(path)
    assert exc_info.value.line == ANSWER_LINE
    assert "\n" not in str(exc_info.value)
    result = run_cli("--faq", str(path), "ask", "hello")
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"faq-bot: error: {path}:{ANSWER_LINE}:")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    # A UTF-8 BOM is harmless and common from Windows editors: not an error.
    path = write(tmp_path, b"\xef\xbb\xbf" + VALID.encode())
    assert load_faq(path).source.title == "What is Failed Back Syndrome?"


def test_missing_file_names_the_file(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(FaqError) as exc_info:
        load_faq(path)
    assert exc_info.value.path == str(path)
    assert "cannot read file" in exc_info.value.message
    result = run_cli("--faq", str(path), "ask", "hello")
    assert result.returncode == 2
    assert result.stderr.startswith(f"faq-bot: error: {path}: cannot read file")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"\x00\x01\x02binary", 1),  # binary
        (b"a: \xe9\n", 1),  # Latin-1
        (b"", 1),  # empty
        (b"- a\n", 1),  # a list
    ],
)
def test_bad_file_through_the_cli_is_one_line(tmp_path: Path, run_cli, content: bytes, line: int) -> None:
    path = write(tmp_path, content)
    result = run_cli("--faq", str(path), "ask", "hello")
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"faq-bot: error: {path}:{line}")
    assert "Traceback" not in result.stderr


# --- 6. implicit typing -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "what", "reads_as"),
    [
        # a version-like question reads as the float 3.1
        ('question: "What is failed back syndrome?"', "question: 3.10", "question", "a number"),
        # an ISO date reads as a datetime.date
        ('answer: "Pain that lasts after back surgery."', "answer: 2018-10-06", "answer", "a date"),
        # a numeric id reads as an int
        ("id: what-is-it", "id: 123", "entry id", "a number"),
        # YAML 1.1 booleans: yes/no/on/off
        ('answer: "Pain that lasts after back surgery."', "answer: yes", "answer", "a true/false value"),
        # "no" is the Norway problem
        ('answer: "Pain that lasts after back surgery."', "answer: no", "answer", "a true/false value"),
        # null, spelled out
        ('answer: "Pain that lasts after back surgery."', "answer: null", "answer", "an empty value"),
        # a source date written bare
        ("title: ", "date: 2018-10-06\n  title: ", "source.date", "a date"),
    ],
)
def test_implicit_typing_gets_a_hint_to_quote(
    tmp_path: Path, old: str, new: str, what: str, reads_as: str
) -> None:
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(FaqError) as exc_info:
        load_faq(path)
    error = exc_info.value
    assert error.path == str(path)
    assert error.line is not None
    raw = new.split("\n", maxsplit=1)[0].rsplit(": ", 1)[-1]
    assert error.message == f'{what} must be text, but {raw!r} reads as {reads_as}; put it in quotes: "{raw}"'


def test_implicit_typing_hint_through_validate(tmp_path: Path, run_cli) -> None:
    path = write(tmp_path, with_answer("2018-10-06"))
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert result.stdout == (
        f"{path}:{ANSWER_LINE}:{ANSWER_COLUMN}: answer must be text, but '2018-10-06' reads as a date; "
        'put it in quotes: "2018-10-06"\n'
    )


# --- 7. file names, links and long values never reach the terminal raw --------------

# Issue 12, 4: a *.yaml file whose name holds OSC 52 (clipboard) and a
# clear-screen, and one whose name breaks the line.
EVIL_NAMES = ["evil\x1b]52;c;ZXZpbA==\x07\x1b[2J.yaml", "two\nlines\x9b31m.yaml"]


def cli_output(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def assert_printable(output: str, lines: int) -> None:
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", output), repr(output)
    assert len(output.splitlines()) == lines, output


@pytest.mark.parametrize("name", EVIL_NAMES)
@pytest.mark.parametrize(
    ("argv", "lines"),
    [
        (["validate", "{dir}"], 1),  # one problem line
        (["--faq", "{dir}", "ask", "what is it"], 1),  # faq-bot: error: ...
        (["--faq", "{dir}", "topics"], 1),
        (["lint", "--faq", "{dir}"], 1),
    ],
)
def test_a_file_name_with_escapes_is_printed_without_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, argv: list[str], lines: int
) -> None:
    write(tmp_path, with_answer("[unclosed"), name)
    code, output = cli_output(capsys, *(a.format(dir=tmp_path) for a in argv))
    assert code in (1, 2)
    assert_printable(output, lines)
    assert "evil" in output or "two lines" in output  # the name is still there to find the file


@pytest.mark.parametrize("name", EVIL_NAMES)
def test_a_valid_file_with_such_a_name_validates_and_is_added_to_quietly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = write(tmp_path, VALID, name)
    code, output = cli_output(capsys, "validate", str(tmp_path))
    assert code == 0
    assert_printable(output, 1)
    code, output = cli_output(capsys, "--faq", str(tmp_path), "where")
    assert code == 0
    assert_printable(output, 2)  # the file, and why that one
    code, output = cli_output(
        capsys, "add", "--faq", str(path), "--section", "definition",
        "--question", "Is it common?", "--answer", "It happens to some people.",
    )  # fmt: skip
    assert code == 0
    assert_printable(output, 1)


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    # Stands in for /etc/passwd or a credentials file: plain text, so YAML
    # reads it as one long scalar that an error message would quote.
    path = tmp_path / "outside" / "credentials"
    path.parent.mkdir()
    path.write_text("aws_secret_access_key = SECRETKEY123\n" * 50)
    return path


def test_a_link_out_of_a_faq_directory_is_named_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], secret: Path
) -> None:
    # Issue 12, 5: validate on contributed files printed the target's text.
    folder = tmp_path / "faq"
    folder.mkdir()
    write(folder, VALID, "main.yaml")
    (folder / "passwd.yaml").symlink_to(secret)
    for argv in (["validate", str(folder)], ["--faq", str(folder), "ask", "what is it"]):
        code, output = cli_output(capsys, *argv)
        assert code in (1, 2)
        assert "SECRETKEY" not in output
        assert f"{folder / 'passwd.yaml'}: a symbolic link out of its directory; not followed" in output


def test_a_link_within_a_faq_directory_is_followed(tmp_path: Path) -> None:
    write(tmp_path, VALID, "v2.yaml.txt")
    (tmp_path / "current.yaml").symlink_to("v2.yaml.txt")
    assert [e.id for e in load_faq(tmp_path).entries] == ["what-is-it"]


def test_a_file_named_on_its_own_is_read_wherever_its_link_leads(tmp_path: Path) -> None:
    # The user asked for that file: --faq ~/faq.yaml may well be a link to a dotfiles repo.
    target = write(tmp_path, VALID, "real.yaml")
    (tmp_path / "sub").mkdir()
    link = tmp_path / "sub" / "faq.yaml"
    link.symlink_to(target)
    assert load_faq(link).entries


@pytest.mark.parametrize("inside", [True, False])
def test_a_dangling_link_says_so(tmp_path: Path, inside: bool) -> None:
    folder = tmp_path / "faq"
    folder.mkdir()
    write(folder, VALID, "main.yaml")
    (folder / "gone.yaml").symlink_to(folder / "missing.yaml" if inside else tmp_path / "missing.yaml")
    with pytest.raises(FaqError) as exc_info:
        load_faq(folder)
    expected = "a symbolic link to a file that does not exist" if inside else "out of its directory"
    assert expected in exc_info.value.message
    assert exc_info.value.path == str(folder / "gone.yaml")
    with pytest.raises(FaqError, match=r"a symbolic link to '.*missing\.yaml', which does not exist"):
        load_faq(folder / "gone.yaml")


@pytest.mark.parametrize(
    "content",
    [
        "x" * 10_000 + "\n",  # a whole file read as one plain scalar
        "sections: " + "y" * 10_000 + "\n",  # a long value of the wrong kind
        with_answer("2" * 10_000),  # a long number: the quoting hint must not repeat it
        VALID.replace("id: what-is-it", "id: " + "Bad" * 5000),  # a long bad id
        VALID + "z" * 1000 + ": 1\n",  # a long unknown key (YAML keys stop at 1,024)
    ],
)
def test_error_messages_quote_a_short_excerpt(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(FaqError) as exc_info:
        load_faq(path)
    for problem in iter_problems(exc_info.value):
        assert len(str(problem)) < len(str(path)) + 300, str(problem)
    assert "characters)" in str(exc_info.value)


# --- 8. the limits bound what they claim --------------------------------------------
# Issue 12, 3: a list of five million keywords made a valid FAQ that took 18 s
# and 1.6 GB to load; a 60 MB question, 11.8 s and 1.2 GB. Each limit below
# is what bench/limits.py measures at; here, that each one holds.

L = faq_bot.loader


def entry_with(key: str, value: str) -> str:
    """VALID with one more key in its entry (raw YAML)."""
    return VALID + f"    {key}: {value}\n"


def words_of(n: int, start: int = 0) -> list[str]:
    # distinct words of letters only (digits would read as numbers)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["w" + "".join(letters[(i // 26**k) % 26] for k in range(4)) for i in range(start, start + n)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # the keywords, one over the limit on items
        (
            entry_with("keywords", "[" + ", ".join(words_of(L.MAX_LIST_ITEMS + 1)) + "]"),
            f"a list of more than {L.MAX_LIST_ITEMS:,} items",
        ),
        # alternates too
        (
            entry_with("alternates", "[" + ", ".join(words_of(L.MAX_LIST_ITEMS + 1)) + "]"),
            f"a list of more than {L.MAX_LIST_ITEMS:,} items",
        ),
        # the long question, one character over
        (
            VALID.replace(
                'question: "What is failed back syndrome?"', "question: " + "q" * (L.MAX_SCALAR_CHARS + 1)
            ),
            f"a value of {L.MAX_SCALAR_CHARS + 1:,} characters; the limit is {L.MAX_SCALAR_CHARS:,}",
        ),
        # one node over, in a list at the top level (not a list with a length limit)
        (VALID + "extra: [" + "a, " * L.MAX_NODES + "]\n", f"more than {L.MAX_NODES:,} YAML nodes"),
        # a synonym longer than a phrase
        (
            VALID + "synonyms:\n  pain: [" + " ".join(words_of(L.MAX_SYNONYM_WORDS + 1)) + "]\n",
            f"has {L.MAX_SYNONYM_WORDS + 1} words; the limit is {L.MAX_SYNONYM_WORDS}",
        ),
    ],
)
def test_a_faq_over_a_limit_is_refused(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(FaqError) as exc_info:
        load_faq(path)
    assert message in str(exc_info.value)
    assert exc_info.value.path == str(path)
    assert exc_info.value.line is not None


@pytest.mark.parametrize(
    "content",
    [
        entry_with("keywords", "[" + ", ".join(words_of(L.MAX_LIST_ITEMS)) + "]"),
        VALID.replace('question: "What is failed back syndrome?"', "question: " + "q" * L.MAX_SCALAR_CHARS),
        VALID + "synonyms:\n  pain: [" + " ".join(words_of(L.MAX_SYNONYM_WORDS)) + "]\n",
    ],
)
def test_a_faq_at_a_limit_loads(tmp_path: Path, content: str) -> None:
    assert load_faq(write(tmp_path, content)).entries


def test_the_top_level_lists_have_no_length_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A FAQ may have thousands of entries; nodes and bytes bound those.
    monkeypatch.setattr(L, "MAX_LIST_ITEMS", 2)
    more = "".join(f"  - {{id: e{i}, section: definition, question: q{i}, answer: a}}\n" for i in range(3))
    assert len(load_faq(write(tmp_path, VALID + more)).entries) == 4


def test_too_many_different_words_are_refused(tmp_path: Path) -> None:
    # Each of these alternates stays under the value limit; together they
    # hold one word more than the FAQ may.
    per_value = L.MAX_SCALAR_CHARS // 6
    needed = L.MAX_WORDS + 1 - 30  # the rest of VALID has about 30 words
    alternates = [" ".join(words_of(per_value, start)) for start in range(0, needed + per_value, per_value)]
    content = entry_with("alternates", "\n" + "".join(f"      - {a}\n" for a in alternates))
    with pytest.raises(FaqError, match=f"the FAQ has more than {L.MAX_WORDS:,} different words"):
        load_faq(write(tmp_path, content))


def test_urgent_rules_with_too_many_different_words_are_refused(tmp_path: Path) -> None:
    many = words_of(L.MAX_URGENT_WORDS + 2)
    # Phrases long enough that their list stays under the list-length limit.
    size = len(many) // L.MAX_LIST_ITEMS + 2
    phrases = ", ".join(" ".join(many[i : i + size]) for i in range(0, len(many), size))
    content = VALID + f"urgent:\n  rules:\n    - id: many\n      any: [{phrases}]\n"
    with pytest.raises(FaqError, match=f"urgent rules have more than {L.MAX_URGENT_WORDS:,} different"):
        load_faq(write(tmp_path, content))


def test_a_file_over_the_byte_limit_is_refused(tmp_path: Path) -> None:
    # Issue 12, 3: a 63 MB file was read, parsed and indexed.
    path = write(tmp_path, VALID + ("# padding\n" * (L.MAX_FILE_BYTES // 10 + 1)))
    with pytest.raises(FaqError, match=f"the limit is {L.MAX_FILE_BYTES:,}"):
        load_faq(path)


def test_limits_hold_for_a_faqs_files_together(tmp_path: Path) -> None:
    # A directory of files each under the limits must not add up past them.
    half_bytes = "# padding\n" * (L.MAX_FILE_BYTES // 20 + 10)
    write(tmp_path, VALID + half_bytes, "a.yaml")
    other = VALID.replace("what-is-it", "another").replace("What is", "Who has")
    write(
        tmp_path,
        other.replace("sections:\n  - id: definition\n    title: What it is\n", "") + half_bytes,
        "b.yaml",
    )
    with pytest.raises(FaqError) as exc_info:
        load_faq(tmp_path)
    assert exc_info.value.path == str(tmp_path / "b.yaml")
    assert exc_info.value.message == f"the FAQ's files together are over {L.MAX_FILE_BYTES:,} bytes"

    half_nodes = "extra: [" + "a, " * (L.MAX_NODES // 2) + "]\n"
    write(tmp_path, VALID + half_nodes, "a.yaml")
    write(tmp_path, half_nodes, "b.yaml")
    with pytest.raises(FaqError) as exc_info:
        load_faq(tmp_path)
    messages = [p.message for p in iter_problems(exc_info.value)]
    assert f"more than {L.MAX_NODES:,} YAML nodes in the FAQ's files together" in messages


def test_problems_past_the_limit_are_counted_not_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 50,000 bad values would cost more to report than the file is worth.
    extra = 500
    path = write(
        tmp_path, VALID.replace("entries:", "entries: [" + "a, " * (L.MAX_PROBLEMS + extra) + "]\nx:")
    )
    with pytest.raises(FaqError) as exc_info:
        load_faq(path)
    problems = list(iter_problems(exc_info.value))
    assert len(problems) == L.MAX_PROBLEMS + 1
    # The last one counts the rest (and the entries list that follows is one more).
    assert problems[-1].message.endswith("more problems not listed")
    assert main(["validate", str(path)]) == 1
    assert len(capsys.readouterr().out.splitlines()) == L.MAX_PROBLEMS + 1
