"""YAML syntax errors explained in plain words, with the fix, by both the C
parser (libyaml) and the pure-Python one: they word their errors differently,
and which one runs depends on how PyYAML was built."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from faq_bot import FaqInvalid, load_faq
from faq_bot.yaml_hints import explain

PARSERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])]

# (what the author did, text, line, column, start of the message). The
# mistakes a new author makes most, from the issue and from writing FAQs.
CASES = [
    (
        "a tab indents a key",
        "entries:\n  - id: a\n\tquestion: b\n",
        3,
        1,
        "a tab in the indentation: YAML indents with spaces only; indent this line 4 spaces, like line 2",
    ),
    (
        "a tab indents a list",
        "entries:\n\t- id: a\n",
        2,
        1,
        "a tab in the indentation: YAML indents with spaces only; indent this line 2 spaces, under line 1",
    ),
    (
        "a colon in an unquoted answer",
        "entries:\n  - id: a\n    answer: Note: this is it\n",
        3,
        13,
        "a colon followed by a space inside a value that is not in quotes; put the value in quotes: "
        'answer: "Note: this is it"',
    ),
    (
        "a key indented one space too few",
        "entries:\n  - id: a\n    question: q\n   answer: x\n",
        4,
        4,
        "this line is indented 3 spaces, but a key here goes 4 spaces in, like line 3: line it up",
    ),
    (
        "a list item indented one space too few",
        "entries:\n  - id: a\n    question: q\n - id: b\n",
        4,
        2,
        "this line is indented 1 space, but a list item here goes 2 spaces in, like line 2: line it up",
    ),
    (
        "a key indented more than the one above",
        "entries:\n  - id: a\n    question: q\n      answer: x\n",
        4,
        7,
        "'answer:' is indented more than 'question:' on line 3, so YAML reads it as more of that value: "
        "if it is a key of its own, indent it 4 spaces like 'question:'",
    ),
    (
        "no space after a colon",
        "reminder:x\nfallback: y\n",
        1,
        9,
        "a key needs a space after its colon: 'reminder: x'",
    ),
    (
        "no space after a dash",
        "entries:\n  -id: a\n    question: q\n",
        2,
        3,
        "a list item needs a space after its dash: '- id: a'",
    ),
    (
        "text after a closing quote",
        'answer: "Hello" world\n',
        1,
        17,
        "text after the closing quote: put all of the value in quotes, e.g. answer: '\"Hello\" world'",
    ),
    (
        "a quote never closed",
        'reminder: "abc\nfallback: x\n',
        1,
        11,
        'the quote " that starts here is never closed: end the text with "',
    ),
    (
        "a list never closed",
        "entries:\n  - id: a\n    question: [abc\n    answer: x\n",
        3,
        15,
        "the list that starts here with '[' is not closed with ']' where it should be",
    ),
    (
        "a value starting with @",
        "answer: @home\n",
        1,
        9,
        "a value cannot start with '@' unless it is in quotes",
    ),
    (
        "a line without a colon",
        "reminder: x\nfallback\nentries: []\n",
        2,
        1,
        "'fallback' is not a 'key: value' line",
    ),
    (
        "a list item among keys",
        "reminder: x\n- a\n",
        2,
        1,
        "a list item where a 'key: value' was expected (the mapping that starts on line 1)",
    ),
]


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@pytest.mark.parametrize(("what", "text", "line", "column", "message"), CASES, ids=[c[0] for c in CASES])
def test_a_syntax_error_is_explained_with_its_fix(
    parser: type[yaml.SafeLoader], what: str, text: str, *, line: int, column: int, message: str
) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as exc_info:
        list(yaml.parse(text, Loader=parser))
    found = explain(exc_info.value, text)
    assert (found.line, found.column) == (line, column), what
    assert found.message.startswith(message), what


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@pytest.mark.parametrize(
    "text",
    [
        "entries:\n  - id: a\n\tquestion: b\n",  # a tab
        "entries:\n  - id: a\n    answer: Note: this\n      goes on: here\n    question: q\n",  # a colon
        "reminder:x\nfallback: y\n",  # a missing space
        'answer: "Hello" world # a comment\n',  # text after a quote
        "answer: `code` here\n",  # a bad first character
    ],
)
def test_a_certain_fix_parses_and_keeps_every_line(parser: type[yaml.SafeLoader], text: str) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as exc_info:
        list(yaml.parse(text, Loader=parser))
    repaired = explain(exc_info.value, text).repaired
    assert repaired is not None
    assert repaired.count("\n") == text.count("\n")
    list(yaml.parse(repaired, Loader=parser))


def test_the_fixed_value_reads_as_written() -> None:
    text = 'answer: Note: a "quoted" \\ word\n'
    with pytest.raises(yaml.MarkedYAMLError) as exc_info:
        yaml.safe_load(text)
    repaired = explain(exc_info.value, text).repaired
    assert repaired is not None
    assert yaml.safe_load(repaired) == {"answer": 'Note: a "quoted" \\ word'}


def test_an_error_without_a_known_fix_keeps_the_parsers_words() -> None:
    text = "a: b\n? c\n: d\n: e\n"
    with pytest.raises(yaml.MarkedYAMLError) as exc_info:
        yaml.safe_load(text)
    found = explain(exc_info.value, text)
    assert found.repaired is None
    assert found.message


# A new author's first FAQ, with four mistakes of different kinds: one run
# of validate must name them all, in file order.
NEW_FAQ = """\
topic: billing
sections:
  - id: pay
    title: Paying
entries:
  - id: cards
    section: pay
\tquestion: Which cards do you take?
    answer: Note: we take Visa and Mastercard.
    anwser: x
  - id: refund
    section: paying
    question: Can I get a refund?
    answer: Yes.
"""


def test_every_problem_of_a_new_faq_in_one_run(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(NEW_FAQ, encoding="utf-8")
    with pytest.raises(FaqInvalid) as exc_info:
        load_faq(path)
    assert [(p.line, p.message.split(":")[0]) for p in exc_info.value.problems] == [
        (8, "invalid YAML"),
        (9, "invalid YAML"),
        (10, "unknown key 'anwser' in an entry; did you mean 'answer'?"),
        (11, "entry 'refund' names section 'paying', which is not declared; did you mean 'pay'?"),
        (None, "no file gives the required key 'reminder'"),
    ]
    assert "tab" in exc_info.value.problems[0].message
    assert "put the value in quotes" in exc_info.value.problems[1].message
