"""The public API: what importing costs, what is exported, what is frozen."""

from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

import faq_bot
from faq_bot import Entry, Faq, FaqBot, Reply, Status

PACKAGE = Path(faq_bot.__file__).parent


def run_python(code: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return proc.stdout.strip()


def test_import_does_not_load_prompt_toolkit() -> None:
    # The engine never imports the UI: embedding faq_bot must not pay for it.
    out = run_python("import sys, faq_bot; print('prompt_toolkit' in sys.modules)")
    assert out == "False"


@pytest.mark.parametrize("collecting", [True, False])
def test_import_leaves_garbage_collection_as_it_was(collecting: bool) -> None:
    # The import pauses collection while its modules load: an embedder's
    # setting, on or off, must be the same after it.
    setting = "gc.enable()" if collecting else "gc.disable()"
    out = run_python(f"import gc; {setting}; import faq_bot; print(gc.isenabled(), hasattr(faq_bot, '_gc'))")
    assert out == f"{collecting} False"


def test_ask_command_does_not_load_prompt_toolkit() -> None:
    out = run_python(
        "import sys, io, contextlib\n"
        "from faq_bot import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = cli.main(['ask', 'what is fbs'])\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] == 'prompt_toolkit'))"
    )
    assert out == "0 []"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level and node.module:
            found.add("." + node.module.split(".")[0])
    return found


@pytest.mark.parametrize("module", ["matcher", "safety", "text", "model"])
def test_engine_imports_neither_yaml_nor_prompt_toolkit(module: str) -> None:
    # faq_bot/__init__ imports the loader (and so yaml), so look at the source instead.
    imported = _imported_modules(PACKAGE / f"{module}.py")
    # The screen's rules are data: it reads them through the loader, the layer below.
    loader = set() if module == "safety" else {".loader"}
    assert not imported & {"yaml", "prompt_toolkit", ".cli", ".chat", *loader}


def test_import_check_sees_imports() -> None:
    # The check above can fail: the loader does import yaml.
    assert "yaml" in _imported_modules(PACKAGE / "loader.py")


@pytest.mark.parametrize("name", faq_bot.__all__)
def test_everything_in_all_exists(name: str) -> None:
    assert getattr(faq_bot, name) is not None


def test_all_has_no_duplicates_and_a_version() -> None:
    assert len(set(faq_bot.__all__)) == len(faq_bot.__all__)
    assert isinstance(faq_bot.__version__, str)


def test_entry_is_frozen() -> None:
    entry = Entry("a", "s", "Q?", "A.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.answer = "changed"  # type: ignore[misc]


def test_reply_is_frozen(bot: FaqBot) -> None:
    reply = bot.ask("what is fbs")
    assert isinstance(reply, Reply)
    with pytest.raises(dataclasses.FrozenInstanceError):
        reply.status = Status.URGENT  # type: ignore[misc]


def test_faq_is_frozen_and_hashable_parts(faq: Faq) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        faq.reminder = "changed"  # type: ignore[misc]
    assert isinstance(faq.entries, tuple)


def test_status_prints_as_its_value() -> None:
    assert str(Status.NO_MATCH) == "no_match"


def _package_imports(path: Path) -> set[str]:
    """The faq_bot modules ``path`` imports, anywhere in it (lazy imports too:
    a cycle through a function-level import is still a cycle)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:  # from . import __version__, or a module by name
                found.update(
                    a.name if (PACKAGE / f"{a.name}.py").exists() else "__init__" for a in node.names
                )
    return found


def test_no_import_cycles() -> None:
    graph = {path.stem: _package_imports(path) for path in PACKAGE.glob("*.py")}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    assert [m for m in graph if reaches(m, m, {m})] == []


def test_the_chat_does_not_import_the_command_line() -> None:
    # What both need (exit codes, byte tolerance) lives in faces.py.
    assert not _package_imports(PACKAGE / "chat.py") & {"cli", "authoring_cli"}
    assert "faces" in _package_imports(PACKAGE / "chat.py") & _package_imports(PACKAGE / "cli.py")


def test_exit_codes_are_128_plus_the_signal() -> None:
    import signal

    from faq_bot.faces import ExitCode

    assert ExitCode.INTERRUPTED == 128 + signal.SIGINT
    assert ExitCode.TERMINATED == 128 + signal.SIGTERM
