"""The server is optional: without its extra, `faq-bot serve` says how to get
it, and with it, nothing but `serve` loads it. These run on the core install."""

from __future__ import annotations

import subprocess
import sys

import pytest

from faq_bot.cli import main


def test_serve_without_the_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "starlette" else real(name))
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "pip install 'faq-bot[server]'" in err


def test_ask_never_imports_the_server() -> None:
    # The core install and `faq-bot ask`'s start-up must not pay for the server.
    code = (
        "import sys, faq_bot.cli; faq_bot.cli.main(['ask', '--json', 'what is fbss']); "
        "print(sorted(set(sys.modules) & {'starlette', 'uvicorn', 'anyio', 'faq_bot.server'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.splitlines()[-1] == "[]"
