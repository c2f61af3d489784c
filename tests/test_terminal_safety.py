"""Terminal safety: nothing from a FAQ file or a query reaches the terminal as
a control code. A FAQ's text can carry escape sequences (clear the screen,
write the clipboard with OSC 52, fake a hyperlink), C1 controls and bidi
overrides; faq-bot must print the words and drop the codes, whole."""

from __future__ import annotations

import json
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT, cache_entries, faq_bot_command
from hypothesis import given, settings
from hypothesis import strategies as st

from faq_bot import FaqBot, FaqError, Source, load_faq
from faq_bot.render import render_reply, render_topics, source_line
from faq_bot.text import sanitize

# Each hostile sequence as a YAML double-quoted escape, with why it is here.
HOSTILE_YAML = [
    r"\e",  # a lone ESC
    r"\e[2J\e[H",  # CSI: clear the screen, cursor home
    r"\e[31;1m",  # CSI: colours (SGR) that would leak into the rest of the output
    r"\e]52;c;ZXZpbA==\a",  # OSC 52: write "evil" to the clipboard
    r"\e]8;;https://evil.example/\e\\\e]8;;\e\\",  # OSC 8: a hyperlink (its visible text would stay)
    r"\e]0;pwned title\x9c",  # OSC: set the window title, ended by 8-bit ST
    r"\ePdcs payload\e\\",  # DCS string
    r"\a",  # BEL
    r"\b\b\b",  # backspaces that overwrite what came before
    r"\r",  # carriage return: overwrite the line
    r"\x9b2J",  # 8-bit CSI (C1)
    r"\x9d52;c;ZXZpbA==\a",  # 8-bit OSC
    r"\x85\x90\x9f",  # other C1 controls
    r"\x7f",  # DEL
    r"\u202e",  # RIGHT-TO-LEFT OVERRIDE: reverses the text after it
    r"\u2066\u2067\u2068\u2069",  # bidi isolates
    r"\u200e\u200f\u061c",  # bidi marks
]
PAYLOAD_WORDS = ("ZXZpbA", "[2J", "pwned title", "dcs payload", "evil.example")


def unsafe_chars(text: str) -> list[str]:
    """Characters that must never reach a terminal (tab and newline are fine)."""
    return [
        f"U+{ord(c):04X}"
        for c in text
        if (unicodedata.category(c) == "Cc" and c not in "\t\n")
        or c in "\u061c\u200e\u200f\u2028\u2029"
        or "\u202a" <= c <= "\u202e"
        or "\u2066" <= c <= "\u2069"
    ]


def hostile_faq(tmp_path: Path, extra: str = "") -> Path:
    bad = "".join(HOSTILE_YAML)
    text = f"""\
source:
  title: "What is Failed Back Syndrome?{bad}"
  publisher: "Conjecture{bad} Corporation"
reminder: "Please talk to your physician.{bad}"
fallback: "Sorry, I don't know that one.{bad}"
sections:
  - id: definition
    title: "What it is{bad}"
  - id: smoking
    title: "Smoking{bad}"
entries:
  - id: what-is-it
    section: definition
    question: "What is failed back syndrome?{bad}"
    answer: "{bad}Pain that lasts{bad} after back surgery.{bad}"
  - id: smoking-risk
    section: smoking
    question: "Does smoking{bad} make it worse?"
    alternates: ["Is smoking bad for my back{bad}?"]
    keywords: ["tobacco{bad}"]
    answer: "Smoking{bad} slows healing.{bad}"
{extra}"""
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hostile FAQ for the module's tests, which only read it."""
    return hostile_faq(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def module_cache(
    tmp_path_factory: pytest.TempPathFactory, warm_cache_entries: list[Path], hostile: Path, markup_faq: Path
) -> list[Path]:
    """The warm entries and those of the module's two FAQs, each built once by
    a real faq-bot: the runs here then read them, instead of building an
    urgent screen each (about 1 s of CPU, some twenty times)."""
    built = cache_entries(tmp_path_factory, ["--faq", str(hostile)], ["--faq", str(markup_faq)])
    return [*warm_cache_entries, *built]


@pytest.fixture
def seeded_cache(module_cache: list[Path]) -> list[Path]:
    return module_cache


def run_bytes(
    *args: str, input: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run faq-bot and keep stdout as raw bytes, exactly what a terminal would get."""
    return subprocess.run(
        [*faq_bot_command(), *args], input=input, capture_output=True, check=False, timeout=60, cwd=cwd
    )


def assert_clean_bytes(out: bytes) -> None:
    for byte in (b"\x1b", b"\x07", b"\x08", b"\r", b"\x7f", b"\x9b", b"\x9d"):
        assert byte not in out, f"{byte!r} in output"
    text = out.decode("utf-8")
    assert unsafe_chars(text) == []
    for word in PAYLOAD_WORDS:
        assert word not in text, f"escape sequence parameters leaked: {word!r}"


def test_loaded_faq_holds_no_control_codes(hostile: Path) -> None:
    # Sanitised once at load time, for every consumer of the library.
    faq = load_faq(hostile)
    strings = [faq.reminder, faq.fallback, *vars(faq.source).values()]
    strings += [s.title for s in faq.sections]
    for entry in faq.entries:
        strings += [entry.question, entry.answer, *entry.alternates, *entry.keywords]
    for text in filter(None, strings):
        assert unsafe_chars(text) == [], text
        assert not any(word in text for word in PAYLOAD_WORDS), text
    assert faq.entry("what-is-it").answer == "Pain that lasts after back surgery."  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("What is failed back syndrome?", "answered"),  # the answer, section title and source line
        ("does smoking make it worse", "answered"),  # another entry
        ("how do I bake bread", "no_match"),  # the fallback
        # A decline: its words are in two answers, and no sentence holds both
        # ("back surgery" is answered: "Pain that lasts after back surgery").
        ("healing after surgery", "no_match"),
        ("I can't control my bladder", "urgent"),  # the urgent notice and reminder
    ],
)
@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_ask_prints_no_control_codes(hostile: Path, question: str, status: str, json_flag: list[str]) -> None:
    result = run_bytes("--faq", str(hostile), "ask", *json_flag, question)
    assert result.returncode == 0, result.stderr
    assert_clean_bytes(result.stdout)
    assert result.stderr == b""
    if json_flag:
        assert json.loads(result.stdout)["status"] == status


def test_ask_from_stdin_prints_no_control_codes(hostile: Path) -> None:
    questions = "What is failed back syndrome?\nsmoking\nbread\n"
    result = run_bytes("--faq", str(hostile), "ask", "-", input=questions.encode())
    assert result.returncode == 0
    assert_clean_bytes(result.stdout)
    assert result.stdout.decode().count("Please talk to your physician.") == 3


def test_topics_prints_no_control_codes(hostile: Path) -> None:
    result = run_bytes("--faq", str(hostile), "topics")
    assert result.returncode == 0
    assert_clean_bytes(result.stdout)
    assert b"What it is [definition]" in result.stdout


def test_hostile_query_is_not_echoed_raw_in_json(hostile: Path) -> None:
    # --json echoes the query; JSON escapes must keep its control codes inert.
    query = "What is failed back syndrome?\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b2J\u202e\x08"
    result = run_bytes("--faq", str(hostile), "ask", "--json", query)
    assert result.returncode == 0
    assert unsafe_chars(result.stdout.decode()) == []
    assert b"\x1b" not in result.stdout
    assert json.loads(result.stdout)["query"] == query  # still faithful once decoded


def test_hostile_query_text_mode(hostile: Path) -> None:
    query = "\x1b[2JWhat is failed back syndrome?\x1b]52;c;ZXZpbA==\x07\u202e"
    result = run_bytes("--faq", str(hostile), "ask", query)
    assert result.returncode == 0
    assert_clean_bytes(result.stdout)
    assert b"Pain that lasts after back surgery." in result.stdout


# An invalid FAQ's error message quotes the file; the quote must be inert too.
@pytest.mark.parametrize(
    "bad_value",
    [
        r'!!int "\e]52;c;ZXZpbA==\a"',  # a tagged scalar: its value is quoted in the "put it in quotes" hint
        r'!!bool "\e[2J\x9b2J\u202e"',  # another implicit-typing hint
        r'!!timestamp "\e[31mred"',  # and a date
        r'{"\e]52;c;ZXZpbA==\a": 1}',  # a mapping key, named in "must be text, not a mapping"
    ],
)
def test_error_lines_carry_no_control_codes(tmp_path: Path, bad_value: str) -> None:
    good = hostile_faq(tmp_path).read_text(encoding="utf-8")
    marker = 'answer: "Smoking'
    path = tmp_path / "bad.yaml"
    path.write_text(good.replace(marker, f'answer: {bad_value}\n    x: "Smoking', 1), encoding="utf-8")
    with pytest.raises(FaqError):
        load_faq(path)
    validated = run_bytes("validate", str(path))
    assert validated.returncode == 1
    assert validated.stdout.strip()
    assert b"\x1b" not in validated.stdout
    assert unsafe_chars(validated.stdout.decode()) == []
    asked = run_bytes("--faq", str(path), "ask", "hello")
    assert asked.returncode == 2
    assert asked.stderr.startswith(b"faq-bot: error: ")
    assert b"\x1b" not in asked.stderr
    assert unsafe_chars(asked.stderr.decode()) == []


@pytest.mark.skipif(not (ROOT / "faq_bot" / "chat.py").exists(), reason="the chat is not written yet")
def test_chat_non_tty_prints_no_control_codes(hostile: Path) -> None:
    questions = "What is failed back syndrome?\nsmoking\nbread\n"
    result = run_bytes("--faq", str(hostile), input=questions.encode())
    assert result.returncode == 0, result.stderr
    assert_clean_bytes(result.stdout)
    assert_clean_bytes(result.stderr)
    assert b"Pain that lasts after back surgery." in result.stdout


# --- 9. markup-like text is printed verbatim -------------------------------------------

VERBATIM = "Use <b>less</b> & more; {0} {name} {{x}} %s %(k)s $HOME `id` \\n <script>alert(1)</script>"


@pytest.fixture(scope="module")
def markup_faq(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One FAQ of markup-like text for the module's tests, which only read it."""
    quoted = json.dumps(VERBATIM)  # a JSON string is a valid YAML double-quoted scalar
    path = tmp_path_factory.mktemp("markup") / "markup.yaml"
    path.write_text(
        f"""\
source:
  title: {quoted}
reminder: {quoted}
fallback: {quoted}
sections:
  - id: definition
    title: {quoted}
entries:
  - id: what-is-it
    section: definition
    question: "What is failed back syndrome? <&> {{}}"
    answer: {quoted}
""",
        encoding="utf-8",
    )
    return path


def test_markup_and_braces_load_verbatim(markup_faq: Path) -> None:
    faq = load_faq(markup_faq)
    assert faq.entries[0].answer == VERBATIM
    assert faq.entries[0].question == "What is failed back syndrome? <&> {}"


@pytest.mark.parametrize(
    "question",
    [
        "What is failed back syndrome?",  # answered: answer, source line, reminder
        "bread and butter",  # no match: the fallback
        "{0} {name} <b> & %s",  # a query of format fields and markup
    ],
)
def test_markup_and_braces_render_verbatim(markup_faq: Path, question: str) -> None:
    faq = load_faq(markup_faq)
    reply = FaqBot(faq).ask(question)
    rendered = render_reply(faq, reply)
    assert VERBATIM in rendered
    assert render_reply(faq, reply, width=20)  # wrapping doesn't choke on it either
    assert json.loads(json.dumps(reply.to_dict()))["reminder"] == VERBATIM
    if reply.section is not None:
        assert source_line(faq, reply) == f"Source: {VERBATIM}, {VERBATIM}"
    assert VERBATIM in render_topics(faq)
    assert VERBATIM in Source(title=VERBATIM, author=VERBATIM).citation()


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_markup_and_braces_print_verbatim(markup_faq: Path, json_flag: list[str]) -> None:
    result = run_bytes("--faq", str(markup_faq), "ask", *json_flag, "What is failed back syndrome?")
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    if json_flag:
        assert json.loads(out)["answer"] == VERBATIM
    else:
        assert VERBATIM in out


# --- sanitize itself ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x1b[2Jb", "ab"),  # CSI removed whole, parameters too
        ("a\x1b]52;c;ZXZpbA==\x07b", "ab"),  # OSC 52 removed whole
        ("a\x1b]52;c;ZXZpbA==", "a"),  # an unterminated OSC swallows the rest, not leaks it
        ("a\x9b31mb", "ab"),  # 8-bit CSI
        ("line\u2028next", "line\nnext"),  # Unicode line separator becomes a newline
        ("tab\tand\nnewline", "tab\tand\nnewline"),  # tab and newline kept
        ("\u202eevil", "evil"),  # bidi override dropped
        (
            "caf\u00e9 \U0001f600 \u05e9\u05dc\u05d5\u05dd",
            "caf\u00e9 \U0001f600 \u05e9\u05dc\u05d5\u05dd",
        ),  # kept
    ],
)
def test_sanitize_table(text: str, expected: str) -> None:
    assert sanitize(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab[];\x1b\x07\x9b\x9c\x9d\\\x00\r\n\t\u202e\u2028P0")) | st.text())
def test_sanitize_output_is_safe_and_stable(text: str) -> None:
    clean = sanitize(text)
    assert unsafe_chars(clean) == []
    assert sanitize(clean) == clean
