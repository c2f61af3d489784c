"""The project as a newcomer meets it: the tests run this checkout, the
declared lower bounds are the ones CI tests, and the README lists every command."""

from __future__ import annotations

import re
import subprocess
from importlib.metadata import requires

from conftest import ROOT, faq_bot_command

import faq_bot.cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


# The extras CI installs: the tests' needs, and the server they test.
_TESTED_EXTRAS = ("test", "server", "test-server")


def _lower_bounds() -> dict[str, str]:
    """name -> lowest version, for the runtime requirements and the tested extras'."""
    bounds: dict[str, str] = {}
    for requirement in requires("faq-bot") or ():
        spec, _, marker = requirement.partition(";")
        if marker and not any(f"extra == {q}{e}{q}" in marker for e in _TESTED_EXTRAS for q in "\"'"):
            continue
        found = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)\s*", spec)
        assert found, f"{requirement!r} has no plain lower bound that CI could test"
        bounds[_canonical(found[1])] = found[2]
    return bounds


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_lowest_constraints_pin_exactly_the_declared_lower_bounds() -> None:
    pins = {}
    for raw in (ROOT / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines():
        pin = raw.split("#", 1)[0].strip()
        if pin:
            name, _, version = pin.partition("==")
            pins[_canonical(name)] = version
    assert pins == _lower_bounds()


def test_the_installed_script_runs_this_checkout() -> None:
    result = subprocess.run(
        [*faq_bot_command(), "where"], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout == f"{ROOT / 'faq' / 'failed-back-syndrome.yaml'}\n"


def _commands_in_help() -> set[str]:
    parser = faq_bot.cli.build_parser()
    [subparsers] = [a for a in parser._actions if a.dest == "command"]
    return set(subparsers.choices)  # type: ignore[arg-type]


def test_every_command_is_in_the_readme_command_table() -> None:
    table = set(re.findall(r"^\| `faq-bot(?: \[[^]]*\])? ([a-z]+)", README, flags=re.M))
    assert _commands_in_help() <= table, f"missing from the README's table: {_commands_in_help() - table}"


def test_readme_examples_stay_inside_the_repository() -> None:
    # A plain clone has no ../shared: examples must work from the checkout alone,
    # except in the contributors' section, which says where such data comes from.
    body = README.split("## For contributors", 1)[0]
    assert "../" not in body
