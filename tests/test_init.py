"""faq-bot init: a new author starts from a valid FAQ with the schema beside
it, and no file is ever overwritten."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
import yaml
from conftest import FAQ_DIR
from jsonschema import Draft202012Validator

from faq_bot import load_faq
from faq_bot.cli import main
from faq_bot.lint import lint


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_init_writes_a_valid_clean_faq_and_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "billing.yaml"
    code, out, _ = run("init", str(path), "--topic", 'billing for "Acme": the cloud')
    assert code == 0
    assert (
        out
        == f"wrote {path} and {tmp_path / 'schema.json'}; next: edit it, then run: faq-bot validate {path}\n"
    )
    faq = load_faq(path)
    assert faq.topic == 'billing for "Acme": the cloud'  # quotes and a colon cannot break the file
    assert lint(faq) == []
    schema = json.loads((tmp_path / "schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads((FAQ_DIR / "schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema).validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=schema.json\n")


def test_init_never_overwrites_the_faq(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("faq.yaml").write_text("mine\n", encoding="utf-8")
    code, out, err = run("init")
    assert (code, out) == (2, "")
    assert err == "faq-bot: error: faq.yaml: already exists; faq-bot init never overwrites a file\n"
    assert Path("faq.yaml").read_text(encoding="utf-8") == "mine\n"
    assert not Path("schema.json").exists()


def test_init_never_overwrites_another_schema(tmp_path: Path) -> None:
    (tmp_path / "schema.json").write_text("{}", encoding="utf-8")
    code, _, err = run("init", str(tmp_path / "faq.yaml"))
    assert code == 2
    assert "a different schema.json is already here" in err
    # Nothing written at all: the FAQ would point at the wrong schema.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schema.json"]
    assert (tmp_path / "schema.json").read_text(encoding="utf-8") == "{}"


def test_a_second_faq_shares_the_schema_already_there(tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "a.yaml"))[0] == 0
    code, out, _ = run("init", str(tmp_path / "b.yaml"))
    assert code == 0
    assert out.startswith(f"wrote {tmp_path / 'b.yaml'}; ")
    assert load_faq(tmp_path / "b.yaml").entries


def test_init_into_a_missing_directory_is_one_error_line(tmp_path: Path) -> None:
    code, _, err = run("init", str(tmp_path / "nope" / "faq.yaml"))
    assert code == 2
    assert err.startswith(f"faq-bot: error: {tmp_path / 'nope' / 'faq.yaml'}: cannot create the file: ")
