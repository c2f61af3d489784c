"""load_faq: a valid FAQ loads; every kind of problem is reported with its
file, line and column, and all of them at once, not just the first."""

from __future__ import annotations

from pathlib import Path

import pytest

from faq_bot import Entry, Faq, FaqError, FaqInvalid, FaqLoadError, FaqValidationError, is_valid_faq, load_faq

# A valid FAQ, small enough that every line number below can be read off it.
MINIMAL = """\
source:
  title: Test article
sections:
  - id: general
    title: General
reminder: Ask your physician.
fallback: Sorry, no answer.
entries:
  - id: first
    section: general
    question: What is the first thing?
    answer: The first thing is first.
  - id: second
    section: general
    question: What is the second thing?
    answer: The second thing is second.
"""
# Line 9 is "  - id: first": an entry's mapping starts at column 5 of that line.
FIRST_ENTRY_LINE = 9


def broken(old: str, new: str, text: str = MINIMAL) -> str:
    """``text`` with exactly one thing broken: ``old`` (which occurs once) replaced by ``new``."""
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)


def write(tmp_path: Path, text: str, name: str = "faq.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[FaqError]:
    with pytest.raises(FaqInvalid) as exc_info:
        load_faq(path)
    return exc_info.value.problems


def test_minimal_faq_loads(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    faq = load_faq(path)
    assert isinstance(faq, Faq)
    assert [e.id for e in faq.entries] == ["first", "second"]
    assert faq.entries[0] == Entry(
        "first", "general", "What is the first thing?", "The first thing is first."
    )
    # Entries remember where they were defined, for authors' tools.
    assert (faq.entries[1].path, faq.entries[1].line) == (str(path), 13)
    assert faq.section("general") is not None
    assert faq.reminder == "Ask your physician."
    assert faq.paths == (str(path),)
    assert is_valid_faq(path)


def test_malformed_yaml_reports_the_line(tmp_path: Path) -> None:
    # The question line is indented one space less than its siblings.
    path = write(tmp_path, broken("    question: What is the first", "   question: What is the first"))
    [problem] = problems_of(path)
    assert isinstance(problem, FaqLoadError)
    assert (problem.path, problem.line) == (str(path), 11)
    assert problem.message.startswith("invalid YAML: ")
    assert not is_valid_faq(path)


def test_unclosed_flow_list_is_a_yaml_error(tmp_path: Path) -> None:
    path = write(
        tmp_path, broken("question: What is the first thing?", "question: [What is the first thing?")
    )
    [problem] = problems_of(path)
    assert isinstance(problem, FaqLoadError)
    # PyYAML notices at the next line that the list was never closed; the
    # error points where it opens, where the fix goes.
    assert (problem.line, problem.column) == (11, 15)
    assert problem.message.startswith("invalid YAML: the list that starts here with '['")


def test_duplicate_key_is_rejected(tmp_path: Path) -> None:
    # PyYAML alone would silently keep the second answer; we refuse the file.
    path = write(
        tmp_path,
        broken(
            "    answer: The first thing is first.\n",
            "    answer: The first thing is first.\n    answer: Again.\n",
        ),
    )
    [problem] = problems_of(path)
    assert isinstance(problem, FaqValidationError)
    assert (problem.line, problem.column) == (13, 5)
    assert problem.message == "duplicate key 'answer' in an entry (first on line 12)"


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "message"),
    [
        # A typo in an entry's key suggests the right one...
        (
            "    answer: The first",
            "    anwser: The first",
            12,
            5,
            "unknown key 'anwser' in an entry; did you mean 'answer'?",
        ),
        # ...and so does one at the top level.
        (
            "fallback: Sorry",
            "falback: Sorry",
            7,
            1,
            "unknown key 'falback' in the top level; did you mean 'fallback'?",
        ),
        # Nothing close: the message lists what is allowed.
        (
            "    title: General",
            "    title: General\n    colour: blue",
            6,
            5,
            "unknown key 'colour' in a section; expected one of id, title",
        ),
    ],
)
def test_unknown_key_suggests_the_right_one(
    tmp_path: Path, old: str, new: str, *, line: int, column: int, message: str
) -> None:
    problems = problems_of(write(tmp_path, broken(old, new)))
    assert (problems[0].line, problems[0].column, problems[0].message) == (line, column, message)


def test_misspelt_required_key_is_also_reported_missing(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, broken("    answer: The first", "    anwser: The first")))
    assert [(p.line, p.message) for p in problems] == [
        (12, "unknown key 'anwser' in an entry; did you mean 'answer'?"),
        (FIRST_ENTRY_LINE, "an entry is missing the required key 'answer'"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        # The question line removed: reported at the entry.
        (
            "    question: What is the first thing?\n",
            "",
            FIRST_ENTRY_LINE,
            "an entry is missing the required key 'question'",
        ),
        # The section removed from an entry.
        (
            "    section: general\n    question: What is the first",
            "    question: What is the first",
            FIRST_ENTRY_LINE,
            "an entry is missing the required key 'section'",
        ),
        # The source without its title.
        ("  title: Test article", "  author: Someone", 2, "source is missing the required key 'title'"),
        # An empty string is not an answer.
        ("answer: The first thing is first.", 'answer: ""', 12, "answer is empty"),
        # Whitespace only is empty too.
        ("answer: The first thing is first.", 'answer: "   "', 12, "answer is empty"),
        # Nothing after the colon is empty as well; quoting it would not help, so don't suggest it.
        ("question: What is the first thing?", "question:", 11, "question is empty"),
    ],
)
def test_missing_or_empty_required_field(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    problems = problems_of(write(tmp_path, broken(old, new)))
    assert [(p.line, p.message) for p in problems] == [(line, message)]


def test_missing_top_level_key_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, broken("reminder: Ask your physician.\n", ""))
    [problem] = problems_of(path)
    assert problem.path == str(path)
    assert problem.message == "no file gives the required key 'reminder'"


def test_source_and_fallback_are_optional(tmp_path: Path) -> None:
    # A FAQ need not come from an article; without a fallback the bot says
    # a sorry of its own that names the topic.
    text = broken("source:\n  title: Test article\n", "topic: testing things\n")
    faq = load_faq(write(tmp_path, broken("fallback: Sorry, no answer.\n", "", text)))
    assert (faq.source, faq.topic) == (None, "testing things")
    assert faq.fallback == (
        "Sorry, I don't have a good answer to that. I can only answer questions about testing things. "
        "Try asking in other words."
    )


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "message"),
    [
        # YAML 1.1 reads a bare No as false: the message says to quote it.
        (
            "answer: The first thing is first.",
            "answer: No",
            12,
            13,
            "answer must be text, but 'No' reads as a true/false value; put it in quotes: \"No\"",
        ),
        # A bare number.
        (
            "reminder: Ask your physician.",
            "reminder: 42",
            6,
            11,
            "reminder must be text, but '42' reads as a number; put it in quotes: \"42\"",
        ),
        # A date-looking value.
        (
            "  title: Test article",
            "  title: 2018-10-06",
            2,
            10,
            "source.title must be text, but '2018-10-06' reads as a date; put it in quotes: \"2018-10-06\"",
        ),
        # A list where text belongs.
        (
            "question: What is the first thing?",
            "question: [a, b]",
            11,
            15,
            "question must be text, not a list",
        ),
        # Text where a list belongs.
        (
            "    answer: The first thing is first.",
            "    answer: The first thing is first.\n    alternates: one",
            13,
            17,
            "alternates must be a list, not text 'one'",
        ),
        # An id that is not a slug.
        (
            "  - id: second",
            "  - id: Second Entry",
            13,
            9,
            "entry id 'Second Entry' must be lowercase letters and digits joined by single hyphens",
        ),
    ],
)
def test_wrong_type(tmp_path: Path, old: str, new: str, *, line: int, column: int, message: str) -> None:
    problems = problems_of(write(tmp_path, broken(old, new)))
    assert [(p.line, p.column, p.message) for p in problems] == [(line, column, message)]


def test_duplicate_entry_id(tmp_path: Path) -> None:
    path = write(tmp_path, broken("  - id: second", "  - id: first"))
    [problem] = problems_of(path)
    assert (problem.line, problem.column) == (13, 5)
    assert problem.message == f"duplicate entry id 'first' (first at {path}:{FIRST_ENTRY_LINE})"


def test_undeclared_section(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        broken(
            "    section: general\n    question: What is the first",
            "    section: generl\n    question: What is the first",
        ),
    )
    [problem] = problems_of(path)
    assert problem.line == FIRST_ENTRY_LINE
    assert problem.message == (
        "entry 'first' names section 'generl', which is not declared; did you mean 'general'?"
    )


def test_undeclared_section_with_nothing_close(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        broken(
            "    section: general\n    question: What is the first",
            "    section: smoking\n    question: What is the first",
        ),
    )
    [problem] = problems_of(path)
    assert problem.message.endswith("which is not declared; declare it under 'sections'")


@pytest.mark.parametrize(
    "second_question",
    [
        "What is the first thing?",  # identical
        "what is THE FIRST thing",  # case and punctuation differ
        "What  is the first-thing!!",  # spacing and punctuation differ
    ],
)
def test_same_question_after_normalisation(tmp_path: Path, second_question: str) -> None:
    path = write(tmp_path, broken("question: What is the second thing?", f"question: {second_question}"))
    [problem] = problems_of(path)
    assert problem.line == 13
    assert problem.message.startswith(f"entry 'second' asks the same question as entry 'first' at {path}:9")


def test_every_problem_is_reported_in_file_order(tmp_path: Path) -> None:
    text = broken("reminder: Ask your physician.", "reminder: 42")
    text = broken("answer: The first thing is first.", "answer: No", text)
    text = broken("question: What is the second thing?", 'question: ""', text)
    path = write(tmp_path, text)
    with pytest.raises(FaqInvalid) as exc_info:
        load_faq(path)
    problems = exc_info.value.problems
    assert [p.line for p in problems] == [6, 12, 15]
    assert all(p.path == str(path) for p in problems)
    assert [p.message.split(" ", 1)[0] for p in problems] == ["reminder", "answer", "question"]
    # The exception itself reads as the first problem, counting the rest.
    assert str(exc_info.value) == f"{path}:6:11: {problems[0].message} (and 2 more)"


def test_problem_str_is_file_line_col_message(tmp_path: Path) -> None:
    path = write(tmp_path, broken("answer: The first thing is first.", "answer: No"))
    [problem] = problems_of(path)
    assert str(problem) == f"{path}:12:13: {problem.message}"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),  # nothing at all
        (b"  \n\n", "file is empty"),  # whitespace only
        (b"\xff\xfesource", "file is UTF-16; save it as UTF-8"),  # a UTF-16 byte order mark
        (b"source:\n  title: caf\xe9\n", "not valid UTF-8 (byte 0xe9); save the file as UTF-8"),  # Latin-1
        (b"- just\n- a list\n", "the top level must be a mapping of keys to values, not a list"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "faq.yaml"
    path.write_bytes(content)
    [problem] = problems_of(path)
    assert problem.message == message


def test_missing_file(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path / "nope.yaml")
    assert isinstance(problem, FaqLoadError)
    assert problem.message.startswith("cannot read file: ")


def test_anchors_and_aliases_are_refused(tmp_path: Path) -> None:
    # Aliases could expand exponentially ("billion laughs"); a FAQ never needs them.
    path = write(tmp_path, broken("reminder: Ask your physician.", "reminder: &r Ask your physician."))
    [problem] = problems_of(path)
    assert (problem.line, problem.message) == (6, "anchors (&r) are not allowed in FAQ files")


def test_python_tags_build_nothing(tmp_path: Path) -> None:
    # No constructor ever runs: a tag is just a value of the wrong type.
    path = write(
        tmp_path, broken("reminder: Ask your physician.", "reminder: !!python/object/apply:os.getcwd []")
    )
    [problem] = problems_of(path)
    assert problem.line == 6
    assert problem.message.startswith("reminder must be text, not a value tagged")


# --- several files -------------------------------------------------------------

HEAD, ENTRIES = MINIMAL.split("  - id: second\n")
SECOND_FILE = """\
entries:
  - id: second
    section: general
    question: What is the second thing?
    answer: The second thing is second.
"""


def test_directory_of_two_files_loads_as_one_faq(tmp_path: Path) -> None:
    write(tmp_path, HEAD, "a.yaml")
    write(tmp_path, SECOND_FILE, "b.yml")
    write(tmp_path, "not: yaml to read", "notes.txt")  # only *.yaml and *.yml are read
    faq = load_faq(tmp_path)
    assert [e.id for e in faq.entries] == ["first", "second"]  # files in name order
    assert faq.paths == (str(tmp_path / "a.yaml"), str(tmp_path / "b.yml"))
    assert faq.entries[1].path == str(tmp_path / "b.yml")


def test_several_paths_merge_in_the_order_given(tmp_path: Path) -> None:
    a = write(tmp_path, HEAD, "a.yaml")
    b = write(tmp_path, SECOND_FILE, "b.yaml")
    assert load_faq(a, b).entries == load_faq(tmp_path).entries


def test_duplicate_id_across_files_names_both(tmp_path: Path) -> None:
    write(tmp_path, HEAD, "a.yaml")
    write(tmp_path, broken("id: second", "id: first", SECOND_FILE), "b.yaml")
    [problem] = problems_of(tmp_path)
    assert (problem.path, problem.line) == (str(tmp_path / "b.yaml"), 2)
    assert problem.message == f"duplicate entry id 'first' (first at {tmp_path / 'a.yaml'}:9)"


def test_conflicting_reminders_across_files(tmp_path: Path) -> None:
    write(tmp_path, HEAD, "a.yaml")
    write(tmp_path, "reminder: Something else.\n" + SECOND_FILE, "b.yaml")
    [problem] = problems_of(tmp_path)
    assert (problem.path, problem.line) == (str(tmp_path / "b.yaml"), 1)
    assert problem.message.startswith("reminder differs from the one in ")


def test_problems_from_several_files_are_all_reported(tmp_path: Path) -> None:
    write(tmp_path, broken("answer: The first thing is first.", "answer: No", HEAD), "a.yaml")
    write(tmp_path, broken("question: What is the second thing?", "question: 7", SECOND_FILE), "b.yaml")
    problems = problems_of(tmp_path)
    assert [(Path(p.path or "").name, p.line) for p in problems] == [("a.yaml", 12), ("b.yaml", 4)]


def test_empty_directory(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path)
    assert problem.message == "no .yaml files in this directory"
