"""Batch evaluation: how the bot does on a file of questions with expected
outcomes (the format of ``faq-bot eval``), and what changed since an earlier
run.

A case expects entry ids or section ids (any of them will do), or the status
``no_match`` or ``urgent``. A name the FAQ does not have is an error, not a
miss: a misspelt id would otherwise fail for ever, or pass for the wrong
reason.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .bot import FaqBot
from .errors import EvalCasesError
from .loader import compose, read_text
from .model import Faq, Reply, Status, close_matches

GROUPS = ("in_scope", "no_match", "urgent")
_STATUSES = ("no_match", "urgent")


@dataclass(frozen=True)
class Case:
    """One question and what must happen: entry ids or section ids, any of
    which may answer it, or the status ``no_match`` or ``urgent``."""

    question: str
    expect: tuple[str, ...]
    line: int | None = None

    @property
    def group(self) -> str:
        return self.expect[0] if self.expect[0] in _STATUSES else "in_scope"

    def passed(self, reply: Reply) -> bool:
        if self.group == "in_scope":
            entry = reply.entry
            return (
                reply.status is Status.ANSWERED
                and entry is not None
                and (entry.id in self.expect or entry.section in self.expect)
            )
        return reply.status.value == self.group


def got(reply: Reply) -> str:
    """What the bot did, as a miss line shows it: the status, and the section
    and entry it answered with."""
    text = reply.status.value
    if reply.reason is not None:
        words = ": " + ", ".join(reply.unknown_words) if reply.unknown_words else ""
        text += f" [{reply.reason.value}{words}]"
    if reply.entry is not None:
        text += f"/{reply.entry.section} ({reply.entry.id})"
    return text


@dataclass(frozen=True)
class Result:
    """One case, the bot's reply to it, and whether that is what was expected."""

    case: Case
    reply: Reply
    passed: bool

    def line(self, label: str = "MISS") -> str:
        """The case as the report lists it: ``MISS [group] 'question': ...``."""
        case, reply = self.case, self.reply
        return (
            f"{label} [{case.group}] {case.question!r}: expected {'|'.join(case.expect)}, "
            f"got {got(reply)}, score {reply.score:.1f}"
        )

    def to_dict(self) -> dict[str, Any]:
        entry = self.reply.entry
        return {
            "question": self.case.question,
            "expect": list(self.case.expect),
            "group": self.case.group,
            "line": self.case.line,
            "passed": self.passed,
            "got": {
                "status": self.reply.status.value,
                "id": entry.id if entry else None,
                "section": entry.section if entry else None,
                "score": round(self.reply.score, 1),
            },
        }


@dataclass
class EvalReport:
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GROUPS, 0))
    passed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GROUPS, 0))
    results: list[Result] = field(default_factory=list)
    urgent_false_alarms: int = 0

    @property
    def misses(self) -> list[tuple[Case, Reply]]:
        return [(r.case, r.reply) for r in self.results if not r.passed]

    def accuracy(self, group: str) -> float:
        return self.passed[group] / self.totals[group] if self.totals[group] else 1.0

    def lines(self, comparison: Comparison | None = None) -> list[str]:
        """The report as ``faq-bot eval`` prints it: a line per miss, then,
        with ``comparison``, a line per case fixed or broken, then the figures."""
        lines = [r.line() for r in self.results if not r.passed]
        if comparison is not None:
            lines += [f"{c.result.line('FIXED')}, was {c.was}" for c in comparison.fixed]
            lines += [f"{c.result.line('BROKE')}, was {c.was}" for c in comparison.broke]
        labels = {"in_scope": "in scope", "no_match": "no_match", "urgent": "urgent"}
        for group, label in labels.items():
            lines.append(
                f"{label:<9} {self.passed[group]:>4}/{self.totals[group]:<4} {self.accuracy(group):.3f}"
            )
        lines.append(f"urgent false alarms: {self.urgent_false_alarms}")
        return lines

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``faq-bot eval --json`` (and of its ``--baseline``)."""
        return {
            "totals": dict(self.totals),
            "passed": dict(self.passed),
            "accuracy": {g: round(self.accuracy(g), 4) for g in GROUPS},
            "urgent_false_alarms": self.urgent_false_alarms,
            "cases": [r.to_dict() for r in self.results],
        }


def load_cases(path: str | Path) -> list[Case]:
    """Read a cases file: a mapping with ``cases``, a list of ``{q, expect}``."""
    path = Path(path)
    text = read_text(path)
    root = compose(text, path)  # the loader's limits apply to cases files too
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:  # composes, yet cannot be read: an odd tag or key
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not a plain YAML mapping"
        raise EvalCasesError(
            f"cannot read the cases: {problem}", path=path, line=mark.line + 1 if mark else None
        ) from exc
    items = data.get("cases") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise EvalCasesError("expected a mapping with a list under 'cases'", path=path, line=1)
    nodes = _case_nodes(root)
    cases = []
    for number, item in enumerate(items):
        line = nodes[number].start_mark.line + 1 if number < len(nodes) else None
        if not isinstance(item, dict) or not isinstance(item.get("q", None), str):
            raise EvalCasesError(f"case {number + 1}: needs a text 'q'", path=path, line=line)
        expect = item.get("expect")
        expect_list = expect if isinstance(expect, list) else [expect]
        if not expect_list or not all(isinstance(e, str) and e for e in expect_list):
            raise EvalCasesError(
                f"case {number + 1}: 'expect' must be an entry id or a section id, a list of them, "
                f"no_match or urgent; got {expect!r}",
                path=path,
                line=line,
            )
        cases.append(Case(item["q"], tuple(str(e) for e in expect_list), line))
    return cases


def _case_nodes(root: yaml.Node) -> list[yaml.Node]:
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "cases" and isinstance(value, yaml.SequenceNode):
                return list(value.value)
    return []


def check_cases(cases: Sequence[Case], faq: Faq, *, path: str | Path | None = None) -> list[EvalCasesError]:
    """One error for each case that names something ``faq`` does not have,
    or mixes a status with ids."""
    known = {e.id for e in faq.entries} | {s.id for s in faq.sections}
    problems = []
    for number, case in enumerate(cases, 1):
        statuses = [e for e in case.expect if e in _STATUSES]
        if statuses and len(case.expect) > 1:
            problems.append(
                EvalCasesError(
                    f"case {number}: expects {'|'.join(case.expect)}; {statuses[0]} goes alone",
                    path=path,
                    line=case.line,
                )
            )
            continue
        for name in case.expect:
            if name in known or name in _STATUSES:
                continue
            close = close_matches(name, sorted(known))
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(
                EvalCasesError(
                    f"case {number}: expects {name!r}, which is neither an entry id nor a section id "
                    f"of the FAQ{hint}",
                    path=path,
                    line=case.line,
                )
            )
    return problems


def evaluate(bot: FaqBot, cases: Sequence[Case]) -> EvalReport:
    """Ask ``bot`` every case; raise :class:`EvalCasesError` first if a case
    names an id the FAQ does not have (see :func:`check_cases`)."""
    problems = check_cases(cases, bot.faq)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise EvalCasesError(first.message + more, path=first.path, line=first.line)
    report = EvalReport()
    for case in cases:
        reply = bot.ask(case.question)
        passed = case.passed(reply)
        report.totals[case.group] += 1
        report.passed[case.group] += passed
        report.results.append(Result(case, reply, passed))
        if case.group != "urgent" and reply.status is Status.URGENT:
            report.urgent_false_alarms += 1
    return report


# --- comparing with an earlier run ----------------------------------------------


@dataclass(frozen=True)
class Change:
    """A case that passed in one run and not in the other: ``was`` is what the
    earlier run got, as its JSON gave it."""

    result: Result
    was: str


@dataclass(frozen=True)
class Comparison:
    """How a run differs from an earlier one: the cases it ``fixed`` and
    ``broke``, and how many cases are ``new`` or ``gone``."""

    fixed: tuple[Change, ...]
    broke: tuple[Change, ...]
    new: int
    gone: int

    def summary(self) -> str:
        return f"{len(self.fixed)} fixed, {len(self.broke)} broken, {self.new} new, {self.gone} gone"

    def to_dict(self) -> dict[str, Any]:
        def listed(changes: tuple[Change, ...]) -> list[dict[str, Any]]:
            return [{**c.result.to_dict(), "was": c.was} for c in changes]

        return {"fixed": listed(self.fixed), "broke": listed(self.broke), "new": self.new, "gone": self.gone}


def read_baseline(path: str | Path) -> list[dict[str, Any]]:
    """The cases of an earlier ``faq-bot eval --json`` output."""
    path = Path(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvalCasesError(f"cannot read the baseline: {exc.strerror or exc}", path=path) from exc
    except (ValueError, RecursionError) as exc:
        raise EvalCasesError("the baseline is not the JSON of faq-bot eval --json", path=path) from exc
    cases = data.get("cases") if isinstance(data, dict) else None
    if not isinstance(cases, list) or not all(_is_baseline_case(c) for c in cases):
        raise EvalCasesError("the baseline is not the JSON of faq-bot eval --json", path=path)
    return cases


def _is_baseline_case(case: object) -> bool:
    return (
        isinstance(case, dict)
        and isinstance(case.get("question"), str)
        and isinstance(case.get("expect"), list)
        and isinstance(case.get("passed"), bool)
        and isinstance(case.get("got"), dict)
    )


def compare(report: EvalReport, baseline: Sequence[dict[str, Any]]) -> Comparison:
    """What ``report`` fixed and broke since ``baseline`` (from :func:`read_baseline`).

    Cases are matched on their question and expectation, so reordering the
    file changes nothing; a case asked twice is matched in turn.
    """
    earlier: dict[tuple[str, tuple[str, ...], int], dict[str, Any]] = {}
    for key, case in _keyed((c["question"], tuple(map(str, c["expect"]))) for c in baseline):
        earlier[key] = baseline[case]
    fixed: list[Change] = []
    broke: list[Change] = []
    new = 0
    for key, index in _keyed((r.case.question, r.case.expect) for r in report.results):
        result = report.results[index]
        before = earlier.pop(key, None)
        if before is None:
            new += 1
        elif before["passed"] != result.passed:
            change = Change(result, _described(before["got"]))
            (fixed if result.passed else broke).append(change)
    return Comparison(tuple(fixed), tuple(broke), new, len(earlier))


def _keyed(
    keys: Iterable[tuple[str, tuple[str, ...]]],
) -> Iterator[tuple[tuple[str, tuple[str, ...], int], int]]:
    """Each key with its occurrence number, and its index."""
    seen: Counter[tuple[str, tuple[str, ...]]] = Counter()
    for index, key in enumerate(keys):
        seen[key] += 1
        yield (*key, seen[key]), index


def _described(got_json: dict[str, Any]) -> str:
    text = str(got_json.get("status"))
    if got_json.get("id") is not None:
        text += f"/{got_json.get('section')} ({got_json.get('id')})"
    return text
