"""Batch evaluation: how the bot does on a file of questions with expected
outcomes (the format of ``faq-bot eval``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .bot import FaqBot
from .errors import EvalCasesError
from .loader import compose, read_text
from .model import Reply, Status
from .text import sanitize

GROUPS = ("in_scope", "no_match", "urgent")


@dataclass(frozen=True)
class Case:
    """One question and what must happen: a list of acceptable section ids,
    or the status ``no_match`` or ``urgent``."""

    question: str
    expect: tuple[str, ...]
    line: int | None = None

    @property
    def group(self) -> str:
        return self.expect[0] if self.expect[0] in ("no_match", "urgent") else "in_scope"

    def passed(self, reply: Reply) -> bool:
        if self.group == "in_scope":
            return (
                reply.status is Status.ANSWERED
                and reply.entry is not None
                and reply.entry.section in self.expect
            )
        return reply.status.value == self.group


@dataclass
class EvalReport:
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GROUPS, 0))
    passed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GROUPS, 0))
    misses: list[tuple[Case, Reply]] = field(default_factory=list)
    urgent_false_alarms: int = 0

    def accuracy(self, group: str) -> float:
        return self.passed[group] / self.totals[group] if self.totals[group] else 1.0


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
                f"case {number + 1}: 'expect' must be a section id, a list of them, "
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


def miss_line(case: Case, reply: Reply) -> str:
    """One line for a missed case: what was expected, what the bot did, and
    for a decline why (with the words the FAQ does not know, if any)."""
    got = reply.status.value
    if reply.entry is not None:
        got += f"/{reply.entry.section} ({reply.entry.id})"
    if reply.reason is not None:
        got += f" [{reply.reason.value}"
        if reply.unknown_words:
            got += ": " + ", ".join(reply.unknown_words)
        got += "]"
    return (
        f"MISS [{case.group}] {sanitize(case.question)!r}: expected {'|'.join(case.expect)}, "
        f"got {got}, score {reply.score:.1f}"
    )


def evaluate(bot: FaqBot, cases: list[Case]) -> EvalReport:
    report = EvalReport()
    for case in cases:
        reply = bot.ask(case.question)
        report.totals[case.group] += 1
        if case.passed(reply):
            report.passed[case.group] += 1
        else:
            report.misses.append((case, reply))
        if case.group != "urgent" and reply.status is Status.URGENT:
            report.urgent_false_alarms += 1
    return report
