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

from faq_bot import Faq, load_faq
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
