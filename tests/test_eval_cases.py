"""faq-bot eval on the project's own cases file, and its exit codes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import DATA, Result

RunCli = Callable[..., Result]

# Our own, independent questions (written from the article alone, never tuned
# on): measured 0.86 in scope and 0.92 no_match; the floors leave a small margin
# so that a real regression, not noise, fails. Emergencies admit no slack.
THRESHOLDS = ("--min-inscope", "0.85", "--min-nomatch", "0.85", "--min-urgent", "1.0", "--max-urgent-fp", "0")
SUMMARY = [
    re.compile(r"in scope  +\d+/\d+ +[01]\.\d{3}"),
    re.compile(r"no_match  +\d+/\d+ +[01]\.\d{3}"),
    re.compile(r"urgent    +\d+/\d+ +[01]\.\d{3}"),
    re.compile(r"urgent false alarms: \d+"),
]
MISS = re.compile(
    r"MISS \[(in_scope|no_match|urgent)\] (?:'.*'|\".*\"): "  # the question's repr
    r"expected \S+, got \S+( \(\S+\))?, score \d+\.\d"
)


def assert_report_format(stdout: str) -> list[str]:
    lines = stdout.splitlines()
    assert len(lines) >= 4
    *misses, inscope, nomatch, urgent, alarms = lines
    for pattern, line in zip(SUMMARY, (inscope, nomatch, urgent, alarms), strict=True):
        assert pattern.fullmatch(line), line
    for line in misses:
        assert MISS.fullmatch(line), line
    return lines


def test_bundled_faq_meets_the_thresholds(run_cli: RunCli) -> None:
    result = run_cli("eval", str(DATA / "cases.yaml"), *THRESHOLDS)
    assert_report_format(result.stdout)
    assert result.stderr == ""
    assert result.returncode == 0, result.stdout


def test_perfect_tiny_cases(run_cli: RunCli, tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n"
        "  - {q: what is failed back syndrome, expect: definition}\n"
        "  - {q: does smoking matter, expect: [risk-smoking, definition]}\n"
        "  - {q: how do I bake sourdough bread, expect: no_match}\n"
        "  - {q: I want to kill myself, expect: urgent}\n",
        encoding="utf-8",
    )
    result = run_cli("eval", str(cases), *THRESHOLDS)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "in scope     2/2    1.000",
        "no_match     1/1    1.000",
        "urgent       1/1    1.000",
        "urgent false alarms: 0",
    ]


def test_threshold_not_met_exits_1(run_cli: RunCli, tmp_path: Path) -> None:
    # An ordinary question expected to be urgent: urgent accuracy 0 < 1.0.
    cases = tmp_path / "cases.yaml"
    cases.write_text("cases:\n  - {q: what is failed back syndrome, expect: urgent}\n", encoding="utf-8")
    result = run_cli("eval", str(cases), *THRESHOLDS)
    assert result.returncode == 1
    lines = assert_report_format(result.stdout)
    assert lines[0].startswith(
        "MISS [urgent] 'what is failed back syndrome': expected urgent, got answered/definition"
    )
    assert lines[3] == "urgent       0/1    0.000"


def test_false_alarm_over_the_limit_exits_1(run_cli: RunCli, tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("cases:\n  - {q: I have chest pain, expect: symptoms}\n", encoding="utf-8")
    result = run_cli("eval", str(cases), "--max-urgent-fp", "0")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "urgent false alarms: 1"
    # Without a limit, the same report passes.
    assert run_cli("eval", str(cases)).returncode == 0


def test_malformed_cases_file_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n  - {q: what is fbs, expect: definition}\n  - {question: typo, expect: definition}\n"
    )
    result = run_cli("eval", str(cases))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"faq-bot: error: {cases}:3: case 2: needs a text 'q'\n"


def test_cases_file_that_is_not_yaml_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("cases: [unclosed\n")
    result = run_cli("eval", str(cases))
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    # Located where the list opens, where the fix goes.
    assert line.startswith(f"faq-bot: error: {cases}:1:8: invalid YAML: the list that starts here with '['")
