"""Shared fixtures: every test runs with HOME and the XDG dirs in a temp
directory, so no user config leaks in and nothing is written outside it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import faq_bot
from faq_bot import Faq, FaqBot, UrgentScreen, load_faq, safety

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
FAQ_DIR = ROOT / "faq"
BUNDLED_FAQ = FAQ_DIR / "failed-back-syndrome.yaml"
# The source article's section ids; the FAQ's own "about" section comes on top.
ARTICLE_SECTIONS = (
    "definition",
    "symptoms",
    "cause-inflammation",
    "cause-other-conditions",
    "risk-smoking",
    "treatments",
)


def pytest_configure() -> None:
    # Tests must run the working tree: a copy installed elsewhere (pip install .
    # rather than -e) would make every edit invisible to them.
    here = Path(faq_bot.__file__).resolve().parent
    if here != ROOT / "faq_bot":
        raise pytest.UsageError(
            f"the tests import faq_bot from {here}, not from this checkout ({ROOT / 'faq_bot'}); "
            "install it with: pip install -e '.[test]'"
        )


@pytest.fixture(scope="session")
def warm_cache_entries(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Index cache entries of the bundled FAQ and of faq/examples (none where
    there is no cache). Every test starts with them in its cache, so that a
    ``faq-bot`` run in a subprocess on either reads its entry in 0.05 s
    instead of building the urgent screen again (about 1 s of CPU, over a
    hundred times a pass). Building, writing and damaging entries is
    test_cache.py's and test_privacy.py's, which start with an empty cache."""
    return cache_entries(tmp_path_factory, [], ["--faq", str(FAQ_DIR / "examples")])


def cache_entries(tmp_path_factory: pytest.TempPathFactory, *faq_options: list[str]) -> list[Path]:
    """The index cache entries a real ``faq-bot`` writes for each FAQ named by
    ``faq_options`` (``[]`` for the default one), each built once, in a home
    of their own: for a module's ``seeded_cache``, when its FAQ files stay
    where they are and unchanged for all its tests."""
    home = tmp_path_factory.mktemp("warm-home")
    env = {k: v for k, v in os.environ.items() if k not in ("FAQ_BOT_FAQ", "FAQ_BOT_NO_CACHE")}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"))
    for faq in faq_options:
        subprocess.run(
            [*faq_bot_command(), "ask", *faq, "--json", "hello"],
            env=env,
            capture_output=True,
            check=True,
            timeout=120,
        )
    return sorted((home / ".cache" / "faq-bot").glob("*.json"))


@pytest.fixture
def seeded_cache(warm_cache_entries: list[Path]) -> list[Path]:
    """The entries every test's cache starts with; a module overrides this
    with an empty list to start from an empty cache."""
    return warm_cache_entries


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, seeded_cache: list[Path]
) -> Path:
    home = tmp_path_factory.mktemp("home")
    folder = home / ".cache" / "faq-bot"
    if seeded_cache:
        folder.mkdir(mode=0o700, parents=True)
        # Hard links, not copies (1.3 MB a test, kept in every test's temp
        # directory): faq-bot never writes into an entry, it replaces or
        # removes it, which leaves the other tests' links alone.
        for entry in seeded_cache:
            os.link(entry, folder / entry.name)
    monkeypatch.setenv("HOME", str(home))
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(name, str(home / sub))
    for name in ("FAQ_BOT_FAQ", "FAQ_BOT_LOG_UNANSWERED", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(scope="session")
def bundled_screens() -> dict[object, UrgentScreen]:
    """What :meth:`UrgentScreen.for_faq` holds after building the bundled FAQ's
    screen (about 1 s of CPU), built once."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(safety, "_BUILT", {})
        UrgentScreen.for_faq(load_faq(BUNDLED_FAQ))
        return dict(safety._BUILT)


@pytest.fixture
def built_screens(bundled_screens: dict[object, UrgentScreen], monkeypatch: pytest.MonkeyPatch) -> None:
    """For a module whose tests start with an empty cache: each test starts
    with the bundled FAQ's built screen the one for_faq hands out, as in a
    process that has built it, and nothing more. A screen one test read from
    its entry (which load_indexed shares) would otherwise be left behind, and
    the next test to write an entry would look for its rules in its own empty
    cache, find none and build the screen again."""
    monkeypatch.setattr(safety, "_BUILT", dict(bundled_screens))


@pytest.fixture(scope="session")
def faq() -> Faq:
    return load_faq(BUNDLED_FAQ)


@pytest.fixture(scope="session")
def bot(faq: Faq) -> FaqBot:
    return FaqBot(faq)


@pytest.fixture(scope="session")
def builtin_screen() -> UrgentScreen:
    """The built-in rule set's screen alone, built once (a build takes about a second)."""
    return UrgentScreen()


def faq_bot_command() -> list[str]:
    """The installed ``faq-bot`` script next to this Python, else ``python -m faq_bot``."""
    script = Path(sys.executable).with_name("faq-bot")
    if script.exists():
        return [str(script)]
    found = shutil.which("faq-bot")
    return [found] if found else [sys.executable, "-m", "faq_bot"]


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(isolated_home: Path) -> Callable[..., Result]:
    """Run the installed ``faq-bot`` in a subprocess: ``run_cli("ask", "q", input=...)``."""

    def run(
        *args: str,
        input: str | None = None,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        timeout: float = 60,
    ) -> Result:
        full_env = {**os.environ, **(env or {})}
        proc = subprocess.run(
            [*faq_bot_command(), *args],
            input=input,
            capture_output=True,
            text=True,
            env=full_env,
            check=False,
            cwd=cwd or isolated_home,
            timeout=timeout,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture
def run_main(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """``faq_bot.cli.main`` in this process, for a command where a real one
    adds nothing but a fresh urgent screen to build (about 1 s of CPU):
    ``run_main("eval", "cases.yaml", env={...}, cwd=...)``."""
    from faq_bot.cli import main

    def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Result:
        with monkeypatch.context() as patch:
            for name, value in (env or {}).items():
                patch.setenv(name, value)
            if cwd is not None:
                patch.chdir(cwd)
            capsys.readouterr()
            code = main(list(args))
            out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


# A small FAQ about made-up things: the conversation's mechanisms, seen apart
# from the bundled FAQ's wording. "cost" is in most entries, so it names no
# topic of its own; "widget" is in more entries than "gadget", so alone "how
# much does it cost?" goes to the widget's price.
WIDGETS = """\
source:
  title: The widget guide
sections:
  - id: things
    title: Things
  - id: prices
    title: Prices
reminder: Widgets are made up.
fallback: I only know about widgets.
entries:
  - id: what-is-a-gadget
    section: things
    question: What is a gadget?
    answer: A gadget is a small made-up thing.
    followups: [gadget-cost, why-gadgets-break]
  - id: why-gadgets-break
    section: things
    question: Why do gadgets break?
    answer: Gadgets break because they are made up.
  - id: what-is-a-widget
    section: things
    question: What is a widget?
    answer: A widget is a made-up thing.
  - id: what-colour-is-a-widget
    section: things
    question: What colour is a widget?
    answer: A widget is blue.
  - id: how-big-is-a-widget
    section: things
    question: How big is a widget?
    answer: A widget is as big as a hand.
  - id: widget-cost
    section: prices
    question: How much does a widget cost?
    answer: A widget costs two coins.
  - id: doodad-cost
    section: prices
    question: How much does a doodad cost?
    answer: A doodad costs two coins.
  - id: gewgaw-cost
    section: prices
    question: How much does a gewgaw cost?
    answer: A gewgaw costs two coins.
  - id: trinket-cost
    section: prices
    question: How much does a trinket cost?
    answer: A trinket costs two coins.
  - id: bauble-cost
    section: prices
    question: How much does a bauble cost?
    answer: A bauble costs two coins.
  - id: gadget-cost
    section: prices
    question: How much does a gadget cost?
    answer: A gadget costs two coins.
"""


@pytest.fixture
def make_faq(tmp_path: Path) -> Callable[[str], Faq]:
    """Load a FAQ from YAML text: ``make_faq(WIDGETS + "smalltalk: ...")``."""

    def make(text: str) -> Faq:
        path = tmp_path / "faq.yaml"
        path.write_text(text, encoding="utf-8")
        return load_faq(path)

    return make


# --- the server (faq-bot[server]) -------------------------------------------------------


def needs(*modules: str) -> None:
    """Skip the calling test or module unless ``modules`` can be imported, or fail
    under CI (``CI`` set), which installs everything: a missing extra there is a
    broken set-up, not a reason to test less."""
    from importlib.util import find_spec

    missing = [m for m in modules if find_spec(m) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)}: pip install -e '.[test-server]'"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message, allow_module_level=True)
