"""The opt-in log of unanswered questions, and `faq-bot suggest` reading it."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from conftest import BUNDLED_FAQ, DATA, Result

from faq_bot import FaqBot, Status, load_faq
from faq_bot.cli import main
from faq_bot.unanswered import ALTERNATE_SCORE, UnansweredLog, group_questions, read_log


def test_only_no_match_replies_are_logged(tmp_path: Path, bot: FaqBot) -> None:
    path = tmp_path / "unanswered.jsonl"
    log = UnansweredLog(path)
    log.record(bot.ask("what is failed back syndrome"))
    assert not path.exists()
    reply = bot.ask("does insurance cover my operation")
    assert reply.status is Status.NO_MATCH
    log.record(reply)
    log.record(bot.ask("how do I bake bread"))
    # Health questions are private: readable by their owner only.
    assert path.stat().st_mode & 0o777 == 0o600
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["query"] for r in records] == ["does insurance cover my operation", "how do I bake bread"]
    first = records[0]
    assert set(first) == {"time", "query", "score", "candidates"}
    assert datetime.fromisoformat(first["time"]).utcoffset() is not None
    assert first["score"] == round(reply.score, 1)
    assert first["candidates"] == [{"id": m.entry.id, "score": round(m.score, 1)} for m in reply.alternatives]


def test_an_unwritable_log_warns_once_and_never_raises(
    tmp_path: Path, bot: FaqBot, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "missing-dir" / "log.jsonl"
    log = UnansweredLog(path)
    for _ in range(3):
        log.record(bot.ask("how do I bake bread"))
    assert capsys.readouterr().err == (
        f"faq-bot: warning: cannot log unanswered questions to {path}: No such file or directory\n"
    )


@pytest.mark.parametrize("how", ["option", "env"])
def test_ask_logs_only_when_asked_to(tmp_path: Path, run_cli: Callable[..., Result], how: str) -> None:
    path = tmp_path / "log.jsonl"
    args = ["--log-unanswered", str(path)] if how == "option" else []
    env = {"FAQ_BOT_LOG_UNANSWERED": str(path)} if how == "env" else {}
    result = run_cli(
        "ask", *args, "--faq", str(BUNDLED_FAQ), "-", input="what is fbs\nhow do I bake bread\n", env=env
    )
    assert result.returncode == 0
    assert [json.loads(line)["query"] for line in path.read_text().splitlines()] == ["how do I bake bread"]


def test_nothing_is_logged_by_default(run_cli: Callable[..., Result], isolated_home: Path) -> None:
    before = set(isolated_home.rglob("*"))
    run_cli("ask", "--faq", str(BUNDLED_FAQ), "how do I bake bread")
    new = set(isolated_home.rglob("*")) - before
    # The only thing written is the FAQ's index cache, which holds no question.
    cache = isolated_home / ".cache" / "faq-bot"
    assert all(path == cache or cache in path.parents or path in cache.parents for path in new), new
    assert not any(b"bake bread" in path.read_bytes() for path in new if path.is_file())


# Pairs an author would want in one group (same request, other words) or kept
# apart (same question form, different topic).
@pytest.mark.parametrize(
    ("first", "second", "together"),
    [
        ("does insurance cover spinal stimulation", "will my insurance cover a spinal stimulator", True),
        ("Does insurance cover surgery?", "does INSURANCE cover surgery", True),
        ("can I drive after back surgery", "driving after my back operation", True),
        ("can I drive after back surgery", "can I swim after back surgery", False),
        ("does insurance cover spinal stimulation", "can I drive after back surgery", False),
        # One asks the other plus a word the FAQ never uses: the same question.
        ("can I drive after back surgery", "can I drive after back surgery tomorrow", True),
        # A typo in the word that matters.
        ("does insurance cover spinal stimulation", "does insurence cover spinal stimulation", True),
    ],
)
def test_grouping(bot: FaqBot, first: str, second: str, together: bool) -> None:
    groups, answered = group_questions([first, second], bot)
    assert answered == 0
    assert len(groups) == (1 if together else 2)


def test_groups_biggest_first_with_closest_entry(bot: FaqBot) -> None:
    queries = [
        "can I drive after back surgery",
        "does insurance cover spinal stimulation",
        "is spinal stimulation covered by insurance",
        "insurance cover spinal stimulator?",
        "what is failed back syndrome",
    ]
    groups, answered = group_questions(queries, bot)
    assert answered == 1  # the FAQ answers the last one now
    assert [g.count for g in groups] == [3, 1]
    assert groups[0].examples == (
        "does insurance cover spinal stimulation",
        "insurance cover spinal stimulator?",
        "is spinal stimulation covered by insurance",
    )
    assert groups[0].closest is not None
    assert groups[0].closest.entry.id == "spinal-stimulation"
    # Same input, same output: the report must not change between runs.
    assert group_questions(list(reversed(queries)), bot)[0][0].count == 3


def test_malformed_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text('{"query": "first"}\nnot json\n\n[1, 2]\n{"query": "  "}\n{"query": "second"}\n')
    queries, warnings = read_log(path)
    assert queries == ["first", "second"]
    assert [str(w) for w in warnings] == [
        f"{path}:2: not a JSON line; skipped",
        f'{path}:4: no "query" text in this record; skipped',
        f'{path}:5: no "query" text in this record; skipped',
    ]


def test_suggest_cli(tmp_path: Path, run_main: Callable[..., Result]) -> None:
    path = tmp_path / "log.jsonl"
    lines = [
        {"query": q}
        for q in (
            "does insurance cover spinal stimulation",
            "does insurance cover spinal stimulation",
            "is spinal stimulation covered by insurance",
            "how do I bake bread",
        )
    ]
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n{oops\n")
    result = run_main("suggest", str(path), "--faq", str(BUNDLED_FAQ), "--top", "1")
    assert result.returncode == 0
    assert result.stderr == f"faq-bot: warning: {path}:5: not a JSON line; skipped\n"
    out = result.stdout.splitlines()
    assert out[:5] == [
        "4 logged questions: 4 still unanswered in 2 groups, 0 answered by the FAQ now",
        "",
        "1. asked 3 times, e.g.",
        "     'does insurance cover spinal stimulation'",
        "     'is spinal stimulation covered by insurance'",
    ]
    assert out[5] == "   words the FAQ never uses: 'insurance', 'cover'"
    assert out[6].startswith("   close to entry 'spinal-stimulation' (score ")
    assert out[7].startswith(f"     faq-bot add --faq {BUNDLED_FAQ} --to spinal-stimulation --alternate ")
    assert len(out) == 8  # --top 1


def test_suggest_missing_log(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    path = tmp_path / "nope.jsonl"
    result = run_cli("suggest", str(path))
    assert (result.returncode, result.stderr) == (
        2,
        f"faq-bot: error: {path}: cannot read the log: No such file or directory\n",
    )


def test_absurdly_nested_log_line_is_skipped_with_a_warning(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    log = tmp_path / "deep.jsonl"
    log.write_text("[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    result = run_cli("suggest", str(log))
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert result.stderr == f"faq-bot: warning: {log}:1: not a JSON line; skipped\n"


# --- advice an author can run ------------------------------------------------------

BILLING_LOG = [
    "can I pay with bitcoin",
    "Can I pay with Bitcoin",
    "do you accept bitcoin payments",
    "is there a student discount",
    "student discount?",
    "is there a student discount",
]


@pytest.fixture
def billing_copy(tmp_path: Path) -> Path:
    path = tmp_path / "billing.yaml"
    path.write_text((DATA / "billing.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_a_close_group_is_advised_as_alternates_and_a_far_one_as_a_new_entry(billing_copy: Path) -> None:
    bot = FaqBot(load_faq(billing_copy))
    groups, _ = group_questions(BILLING_LOG, bot)
    bitcoin, students = groups
    assert bitcoin.closest is not None
    assert (bitcoin.closest.entry.id, bitcoin.is_alternate) == ("payment-methods", True)
    assert bitcoin.closest.score >= ALTERNATE_SCORE
    assert students.closest is None or students.closest.score < ALTERNATE_SCORE
    assert not students.is_alternate
    # Wordings that differ only in case are one wording: add would refuse the second.
    assert bitcoin.wordings == ("can I pay with bitcoin", "do you accept bitcoin payments")


def test_the_printed_commands_run_and_do_what_they_say(billing_copy: Path) -> None:
    bot = FaqBot(load_faq(billing_copy))
    groups, _ = group_questions(BILLING_LOG, bot)
    for group in groups:
        command = group.add_command(bot.faq).replace('"$ANSWER"', "'Yes, with a student card. Ask billing.'")
        argv = shlex.split(command)
        assert argv[:2] == ["faq-bot", "add"]
        assert main(argv[1:]) == 0
    after = FaqBot(load_faq(billing_copy))
    paid = after.ask("can I pay with bitcoin")
    assert paid.entry is not None
    assert paid.entry.id == "payment-methods"
    student = after.ask("is there a student discount")
    assert student.entry is not None
    assert student.entry.question == "Is there a student discount?"


@pytest.mark.parametrize("question", ["can I pay; rm -rf ~", "pay with $(whoami) or `id`", 'it\'s "quoted"'])
def test_a_command_is_quoted_for_the_shell(billing_copy: Path, question: str) -> None:
    # Logged questions are anyone's text: they must reach add as one argument each.
    bot = FaqBot(load_faq(billing_copy))
    groups, _ = group_questions([question], bot)
    argv = shlex.split(groups[0].add_command(bot.faq))
    assert question in argv or question[:1].upper() + question[1:] + "?" in argv
