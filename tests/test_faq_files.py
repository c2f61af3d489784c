"""The FAQ files shipped in faq/: valid for the loader and for the JSON schema
editors use, and complete enough to answer from."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import ARTICLE_SECTIONS, BUNDLED_FAQ, FAQ_DIR
from jsonschema import Draft202012Validator

from faq_bot import Faq, FaqInvalid, load_faq, load_faq_text
from faq_bot.loader import default_faq_paths, packaged_faq_dir

FAQ_FILES = sorted(FAQ_DIR.rglob("*.yaml"))
SCHEMA = json.loads((FAQ_DIR / "schema.json").read_text(encoding="utf-8"))


def test_there_are_faq_files() -> None:
    assert BUNDLED_FAQ in FAQ_FILES


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", FAQ_FILES, ids=lambda p: str(p.relative_to(FAQ_DIR)))
def test_file_loads(path: Path) -> None:
    assert load_faq(path).entries


@pytest.mark.parametrize("path", FAQ_FILES, ids=lambda p: str(p.relative_to(FAQ_DIR)))
def test_file_matches_the_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


@pytest.mark.parametrize("path", FAQ_FILES, ids=lambda p: str(p.relative_to(FAQ_DIR)))
def test_first_line_points_at_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"first line is {first!r}"
    assert (path.parent / match.group(1)).resolve().is_file()


def test_the_schema_rejects_what_the_loader_rejects() -> None:
    # The schema is not a formality: a typo'd key and a missing answer fail it too.
    data = yaml.safe_load(BUNDLED_FAQ.read_text(encoding="utf-8"))
    entry = data["entries"][0]
    entry["anwser"] = entry.pop("answer")
    messages = [e.message for e in Draft202012Validator(SCHEMA).iter_errors(data)]
    assert any("'answer' is a required property" in m for m in messages)
    assert any("'anwser' was unexpected" in m for m in messages)


@pytest.mark.parametrize(("section", "minimum"), [*((s, 4) for s in ARTICLE_SECTIONS), ("about", 3)])
def test_enough_entries_per_section(faq: Faq, section: str, minimum: int) -> None:
    counts = Counter(e.section for e in faq.entries)
    assert counts[section] >= minimum


def test_every_section_is_used(faq: Faq) -> None:
    assert {s.id for s in faq.sections} == {e.section for e in faq.entries}


def _sentences(text: str) -> int:
    # A sentence ends with . ! or ? followed by a space or the end; "e.g." style
    # abbreviations don't occur in the answers.
    return len(re.findall(r"[.!?](?=\s|$)", text))


def test_sentence_counter() -> None:
    assert _sentences("One. Two? Three!") == 3
    assert _sentences('It is "What is Failed Back Syndrome?", by someone.') == 1


@pytest.mark.parametrize("entry_id", [e.id for e in load_faq(BUNDLED_FAQ).entries])
def test_entry_is_complete(faq: Faq, entry_id: str) -> None:
    entry = faq.entry(entry_id)
    assert entry is not None
    assert len(entry.alternates) >= 3
    assert len({a.casefold() for a in entry.alternates}) == len(entry.alternates)  # no repeats
    assert 2 <= _sentences(entry.answer) <= 5, entry.answer


def test_packaged_faq_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAQ_BOT_FAQ", raising=False)
    [path] = default_faq_paths()
    assert path.is_file()
    assert path.parent == packaged_faq_dir()
    assert path.read_bytes() == BUNDLED_FAQ.read_bytes()
    assert load_faq().entries == load_faq(BUNDLED_FAQ).entries


def test_env_var_overrides_the_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FAQ_BOT_FAQ", f"{tmp_path / 'a.yaml'}{os.pathsep}{tmp_path / 'b.yaml'}")
    assert default_faq_paths() == [tmp_path / "a.yaml", tmp_path / "b.yaml"]


# --- one truth: the schema and the loader agree ------------------------------------

# A complete one-file FAQ using every key; each case below changes one thing.
FULL = """\
topic: testing
source:
  title: Test article
  date: "2018-10-06"
sections:
  - id: general
    title: General
reminder: Ask someone.
fallback: Sorry.
synonyms:
  card: [visa]
urgent:
  rules:
    - id: fire
      description: a fire
      any: [on fire]
entries:
  - id: first
    section: general
    question: What is first?
    alternates: [the first one]
    answer: The first.
    keywords: [one]
"""


def _changed(old: str, new: str) -> str:
    assert FULL.count(old) == 1, old
    return FULL.replace(old, new)


# (why, text, valid). Checks that need the whole set of files (ids unique
# across files, sections declared in another file, required keys given in
# some file, the same question twice) are the loader's alone, and so are
# duplicate keys, which YAML-to-JSON silently drops: they are not here.
AGREEMENT = [
    ("every key", FULL, True),
    (
        "only what is required",
        "reminder: R.\nsections: [{id: s, title: S}]\n"
        "entries:\n  - {id: e, section: s, question: Q, answer: A.}\n",
        True,
    ),
    (
        "no alternates (faq-bot add writes such entries)",
        _changed("    alternates: [the first one]\n", ""),
        True,
    ),
    ("a rule with 'all' only", _changed("      any: [on fire]", "      all: [[fire], [house]]"), True),
    (
        "no rules",
        _changed(
            "  rules:\n    - id: fire\n      description: a fire\n      any: [on fire]\n", "  rules: []\n"
        ),
        True,
    ),
    ("an empty answer", _changed("answer: The first.", 'answer: ""'), False),
    ("a blank answer", _changed("answer: The first.", 'answer: "   "'), False),
    ("no answer", _changed("    answer: The first.\n", ""), False),
    ("an answer YAML reads as false", _changed("answer: The first.", "answer: No"), False),
    ("a question YAML reads as a number", _changed("question: What is first?", "question: 3.10"), False),
    ("a date YAML reads as a date", _changed('date: "2018-10-06"', "date: 2018-10-06"), False),
    ("an unknown top-level key", FULL + "colour: blue\n", False),
    ("an unknown entry key", _changed("    answer: The first.", "    anwser: The first."), False),
    ("an id that is not a slug", _changed("  - id: first", "  - id: First Entry"), False),
    ("a section that is not a slug", _changed("    section: general", "    section: General Stuff"), False),
    ("an empty keyword", _changed("keywords: [one]", 'keywords: [""]'), False),
    ("an empty alternate", _changed("alternates: [the first one]", 'alternates: [""]'), False),
    ("alternates as text", _changed("alternates: [the first one]", "alternates: the first one"), False),
    (
        "no sections listed",
        _changed("sections:\n  - id: general\n    title: General\n", "sections: []\n"),
        False,
    ),
    ("no entries listed", FULL.split("entries:", maxsplit=1)[0] + "entries: []\n", False),
    ("a synonym with no variants", _changed("card: [visa]", "card: []"), False),
    ("a synonym term with no words", _changed("card: [visa]", '"?": [visa]'), False),
    ("an empty synonym", _changed("card: [visa]", 'card: [""]'), False),
    ("a rule with neither any nor all", _changed("      any: [on fire]\n", ""), False),
    ("a rule with an empty any", _changed("any: [on fire]", "any: []"), False),
    ("a rule with an empty group", _changed("any: [on fire]", "all: [[fire], []]"), False),
    ("a rule without an id", _changed("    - id: fire\n      description", "    - description"), False),
    ("an empty rule description", _changed("description: a fire", 'description: ""'), False),
    ("an empty topic", _changed("topic: testing", 'topic: ""'), False),
    ("a topic that is a number", _changed("topic: testing", "topic: 42"), False),
    ("a source without a title", _changed("  title: Test article\n", ""), False),
    (
        "a source that is text",
        _changed('source:\n  title: Test article\n  date: "2018-10-06"\n', "source: an article\n"),
        False,
    ),
    ("an empty reminder", _changed("reminder: Ask someone.", 'reminder: ""'), False),
    ("a list at the top", "- reminder: R.\n", False),
]


@pytest.mark.parametrize(("why", "text", "valid"), AGREEMENT, ids=[case[0] for case in AGREEMENT])
def test_the_schema_and_the_loader_give_the_same_verdict(why: str, text: str, valid: bool) -> None:
    try:
        load_faq_text(text)
        loader_says = True
    except FaqInvalid:
        loader_says = False
    schema_says = Draft202012Validator(SCHEMA).is_valid(yaml.safe_load(text))
    assert (loader_says, schema_says) == (valid, valid), why
