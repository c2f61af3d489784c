"""Several FAQ files merge into one FAQ, and the bot is not tied to one topic:
the example FAQ of a fictional library works the same way."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import BUNDLED_FAQ, FAQ_DIR, Result

from faq_bot import Faq, FaqBot, FaqInvalid, Status, load_faq
from faq_bot.lint import lint

EXAMPLES = FAQ_DIR / "examples"
EXAMPLE = EXAMPLES / "millbrook-library.yaml"
SPLIT_AT = "  # --- Treatment options"


def split_bundled_faq(directory: Path) -> tuple[Path, Path]:
    """The bundled FAQ as two files: the header with the first entries, and the rest."""
    text = BUNDLED_FAQ.read_text(encoding="utf-8")
    head, tail = text.split(SPLIT_AT)
    first, second = directory / "1-header.yaml", directory / "2-treatments.yaml"
    first.write_text(head, encoding="utf-8")
    second.write_text("entries:\n" + SPLIT_AT + tail, encoding="utf-8")
    return first, second


def test_a_split_faq_loads_as_the_whole(tmp_path: Path, faq: Faq) -> None:
    first, second = split_bundled_faq(tmp_path)
    merged = load_faq(tmp_path)
    assert [e.id for e in merged.entries] == [e.id for e in faq.entries]
    assert merged.entries == faq.entries
    assert (merged.source, merged.sections, merged.synonyms) == (faq.source, faq.sections, faq.synonyms)
    assert merged.paths == (str(first), str(second))
    # Each entry still says which file it is in, for error messages and lint.
    treatment = merged.entry("treatment-options")
    assert treatment is not None
    assert treatment.path == str(second)
    assert FaqBot(merged).ask("how is fbs treated").entry == treatment


def test_a_duplicate_id_across_files_names_the_second_file(tmp_path: Path) -> None:
    first, second = split_bundled_faq(tmp_path)
    text = second.read_text(encoding="utf-8")
    second.write_text(
        text.replace("- id: spinal-stimulation", "- id: what-is-failed-back-syndrome"), encoding="utf-8"
    )
    line = text[: text.index("- id: spinal-stimulation")].count("\n") + 1
    with pytest.raises(FaqInvalid) as exc_info:
        load_faq(tmp_path)
    [problem] = exc_info.value.problems
    assert (problem.path, problem.line) == (str(second), line)
    head = first.read_text(encoding="utf-8")
    first_line = head[: head.index("- id: what-is-failed-back-syndrome")].count("\n") + 1
    assert problem.message == (
        f"duplicate entry id 'what-is-failed-back-syndrome' (first at {first}:{first_line})"
    )


def test_example_starts_with_the_schema_comment() -> None:
    # Editors with the YAML language server then check the file as it is typed.
    first_line = EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schema.json"


def test_example_validates_against_the_loader_the_schema_and_lint() -> None:
    faq = load_faq(EXAMPLES)
    assert 8 <= len(faq.entries) <= 12
    assert "fictional" in faq.source.title
    schema = json.loads((FAQ_DIR / "schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")), schema)
    assert lint(faq) == []


# A few questions in a visitor's own words, none of them a phrasing in the file.
@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("when are you open on sunday?", "weekend-hours"),
        ("how much is the fine for an overdue dvd", "late-fines"),
        ("what time do you close on fridays", "weekday-hours"),
        ("I lost my card, what now?", "lost-card"),
    ],
)
def test_example_answers_its_questions(run_cli: Callable[..., Result], question: str, entry_id: str) -> None:
    result = run_cli("ask", "--json", "--faq", str(EXAMPLES), question)
    assert result.returncode == 0
    reply = json.loads(result.stdout)
    assert (reply["status"], reply["id"]) == ("answered", entry_id)


# Off-topic, including the bundled FAQ's own topic: the library FAQ must not guess.
@pytest.mark.parametrize("question", ["what is failed back syndrome", "what's the weather tomorrow"])
def test_example_declines_off_topic_questions(run_cli: Callable[..., Result], question: str) -> None:
    result = run_cli("ask", "--faq", str(EXAMPLES), question)
    assert result.returncode == 0
    faq = load_faq(EXAMPLE)
    assert faq.fallback in result.stdout
    assert FaqBot(faq).ask(question).status is Status.NO_MATCH
