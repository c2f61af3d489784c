"""faq-bot eval on the project's own cases file, and its exit codes."""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA, Result

from faq_bot import EvalCasesError, FaqBot, load_faq
from faq_bot.cli import main
from faq_bot.evaluate import Case, evaluate

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
    r"expected \S+, got \S+( \(\S+\))?( \[[a-z_]+(: [^]]+)?\])?, score \d+\.\d"
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


def test_bundled_faq_meets_the_thresholds(run_main: RunCli) -> None:
    result = run_main("eval", str(DATA / "cases.yaml"), *THRESHOLDS)
    assert_report_format(result.stdout)
    assert result.stderr == ""
    assert result.returncode == 0, result.stdout


def test_perfect_tiny_cases(run_main: RunCli, tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "cases:\n"
        "  - {q: what is failed back syndrome, expect: definition}\n"
        "  - {q: does smoking matter, expect: [risk-smoking, definition]}\n"
        "  - {q: how do I bake sourdough bread, expect: no_match}\n"
        "  - {q: I want to kill myself, expect: urgent}\n",
        encoding="utf-8",
    )
    result = run_main("eval", str(cases), *THRESHOLDS)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "in scope     2/2    1.000",
        "no_match     1/1    1.000",
        "urgent       1/1    1.000",
        "urgent false alarms: 0",
    ]


def test_threshold_not_met_exits_1(run_main: RunCli, tmp_path: Path) -> None:
    # An ordinary question expected to be urgent: urgent accuracy 0 < 1.0.
    cases = tmp_path / "cases.yaml"
    cases.write_text("cases:\n  - {q: what is failed back syndrome, expect: urgent}\n", encoding="utf-8")
    result = run_main("eval", str(cases), *THRESHOLDS)
    assert result.returncode == 1
    lines = assert_report_format(result.stdout)
    assert lines[0].startswith(
        "MISS [urgent] 'what is failed back syndrome': expected urgent, got answered/definition"
    )
    assert lines[3] == "urgent       0/1    0.000"


def test_false_alarm_over_the_limit_exits_1(run_main: RunCli, tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("cases:\n  - {q: I have chest pain, expect: symptoms}\n", encoding="utf-8")
    result = run_main("eval", str(cases), "--max-urgent-fp", "0")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "urgent false alarms: 1"
    # Without a limit, the same report passes.
    assert run_main("eval", str(cases)).returncode == 0


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


# --- eval for authors: entry ids, unknown names, --json, --baseline ----------------

BILLING = DATA / "billing.yaml"


def eval_main(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["eval", "--faq", str(BILLING), *argv])
    return code, out.getvalue(), err.getvalue()


def write_cases(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "cases.yaml"
    path.write_text("cases:\n" + "".join(f"  - {line}\n" for line in lines), encoding="utf-8")
    return path


def test_expect_takes_entry_ids_and_section_ids(tmp_path: Path) -> None:
    cases = write_cases(
        tmp_path,
        "{q: do you take paypal, expect: payment-methods}",  # the entry that answers
        "{q: do you take paypal, expect: payments}",  # its section
        "{q: do you take paypal, expect: [refunds, payments]}",  # any of several
        "{q: do you take paypal, expect: refunds}",  # another entry: a miss
    )
    code, out, _ = eval_main(str(cases))
    assert code == 0
    assert out.splitlines()[0] == (
        "MISS [in_scope] 'do you take paypal': expected refunds, "
        "got answered/payments (payment-methods), score 100.0"
    )
    assert out.splitlines()[1] == "in scope     3/4    0.750"


def test_an_unknown_name_is_an_error_not_a_miss(tmp_path: Path) -> None:
    cases = write_cases(
        tmp_path,
        "{q: do you take paypal, expect: payment-method}",
        "{q: can I get a refund, expect: refunds}",
        "{q: can I get a refund, expect: [no_match, refunds]}",
    )
    code, out, err = eval_main(str(cases))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"faq-bot: error: {cases}:2: case 1: expects 'payment-method', which is neither an entry id "
        "nor a section id of the FAQ; did you mean 'payment-methods'?",
        f"faq-bot: error: {cases}:4: case 3: expects no_match|refunds; no_match goes alone",
    ]


def test_json_lists_every_case(tmp_path: Path) -> None:
    cases = write_cases(
        tmp_path, "{q: do you take paypal, expect: payments}", "{q: hello there, expect: no_match}"
    )
    code, out, _ = eval_main(str(cases), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["totals"] == {"in_scope": 1, "no_match": 1, "urgent": 0}
    assert report["accuracy"] == {"in_scope": 1.0, "no_match": 1.0, "urgent": 1.0}
    first = report["cases"][0]
    assert first == {
        "question": "do you take paypal",
        "expect": ["payments"],
        "group": "in_scope",
        "line": 2,
        "passed": True,
        "got": {"status": "answered", "id": "payment-methods", "section": "payments", "score": 100.0},
    }


def test_baseline_lists_what_an_edit_fixed_and_broke(tmp_path: Path) -> None:
    cases = write_cases(
        tmp_path,
        "{q: can I pay with bitcoin, expect: no_match}",  # declined: the FAQ never says bitcoin
        "{q: where is my VAT number printed, expect: company-details}",
        "{q: do you take paypal, expect: payments}",
    )
    faq = tmp_path / "faq.yaml"
    text = BILLING.read_text(encoding="utf-8")
    faq.write_text(text, encoding="utf-8")
    before = io.StringIO()
    with contextlib.redirect_stdout(before):
        main(["eval", "--faq", str(faq), str(cases), "--json"])
    baseline = tmp_path / "before.json"
    baseline.write_text(before.getvalue(), encoding="utf-8")
    was = {c["question"]: c["passed"] for c in json.loads(before.getvalue())["cases"]}
    assert was == {
        "can I pay with bitcoin": True,
        "where is my VAT number printed": False,
        "do you take paypal": True,
    }

    # The edit: bitcoin as a way to pay (so that question is answered now), and
    # an alternate that teaches the VAT question.
    edited = text.replace(
        "      - do you take paypal\n", "      - do you take paypal\n      - can I pay in bitcoin\n"
    )
    edited = edited.replace(
        "      - add a vat id to my bill\n",
        "      - add a vat id to my bill\n      - where is the vat number printed\n",
    )
    faq.write_text(edited, encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["eval", "--faq", str(faq), str(cases), "--baseline", str(baseline)]) == 0
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines if line.startswith(("FIXED", "BROKE"))] == [
        "FIXED [in_scope] 'where is my VAT number printed'",
        "BROKE [no_match] 'can I pay with bitcoin'",
    ]
    assert lines[-1] == f"since {baseline}: 1 fixed, 1 broken, 0 new, 0 gone"

    as_json = io.StringIO()
    with contextlib.redirect_stdout(as_json):
        main(["eval", "--faq", str(faq), str(cases), "--baseline", str(baseline), "--json"])
    compared = json.loads(as_json.getvalue())["compared"]
    assert [c["question"] for c in compared["broke"]] == ["can I pay with bitcoin"]
    assert compared["broke"][0]["was"] == "no_match"


def test_a_baseline_that_is_not_eval_json_is_one_error(tmp_path: Path) -> None:
    cases = write_cases(tmp_path, "{q: do you take paypal, expect: payments}")
    baseline = tmp_path / "before.json"
    baseline.write_text('{"cases": [1, 2]}', encoding="utf-8")
    code, _, err = eval_main(str(cases), "--baseline", str(baseline))
    assert code == 2
    assert err == f"faq-bot: error: {baseline}: the baseline is not the JSON of faq-bot eval --json\n"


def test_evaluate_refuses_unknown_names_in_the_library_too() -> None:
    faq = load_faq(BILLING)
    cases = [Case("do you take paypal", ("payment",)), Case("refund?", ("refund",))]
    with pytest.raises(EvalCasesError) as exc_info:
        evaluate(FaqBot(faq), cases)
    assert exc_info.value.message.endswith("did you mean 'payments'? (and 1 more)")
