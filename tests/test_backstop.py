"""The learned backstop behind the urgent rules (faq_bot/backstop.py): it
catches emergencies said in words no rule lists, stays silent on ordinary
questions and on safe messages that share an emergency's words, is off for a
FAQ without the medical rules, and is plain data made deterministically."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import DATA

from faq_bot import FaqBot, Status, load_faq
from faq_bot.backstop import WEIGHTS_FILE, backstop, features, parse
from faq_bot.loader import load_rule_set
from faq_bot.wordstats import data_file

ROOT = Path(__file__).resolve().parent.parent
DEV = Path("/work/shared/eval/dev.yaml")
BACKSTOP = "learned-backstop"


@pytest.fixture(scope="module")
def rules_only() -> FaqBot:
    """The bundled FAQ's bot with the backstop taken out: what the rules alone do."""
    bot = FaqBot(load_faq())
    bot.screen_learned = lambda _text, screening: screening  # type: ignore[method-assign]
    return bot


# Written for this test, in words no rule lists (checked below: the rules alone do not alarm),
# each a current emergency the guidance names: legs giving way, incontinence unnoticed, a wound
# bleeding through its dressing, thoughts of not living.
@pytest.mark.parametrize(
    "message",
    [
        "my pins have gone to jelly since brekkie and i keep ending up on the carpet",
        "theres a puddle under me every time i stand up and i never felt it coming",
        "i cant stop the red coming through my bandage",
        "all i can think about is not waking up tomorrow",
    ],
)
def test_it_catches_emergencies_the_rules_miss(bot: FaqBot, rules_only: FaqBot, message: str) -> None:
    assert rules_only.ask(message).status is not Status.URGENT
    reply = bot.ask(message)
    assert reply.status is Status.URGENT
    assert reply.urgent_rule == BACKSTOP
    assert reply.message == load_rule_set("medical").backstop.notice  # type: ignore[union-attr]
    assert reply.reminder


# Safe messages with an emergency's words or a patient's way of putting things ("I can't ...",
# a relative, a time of day): the rules do not alarm, and the backstop must not either.
@pytest.mark.parametrize(
    "message",
    [
        "I can't feel any enthusiasm for the gym these days",
        "I can't find the leaflet about my follow-up appointment, is there a copy online?",
        "my mum keeps asking when I can drive again after the operation",
        "I can't sleep well since the operation, is that common?",
        "I can't stop worrying about whether the fusion worked",
        "the nurse said my wound looks fine and the stitches come out on friday",
        "my legs feel stiff in the morning but loosen up after a walk",
        "I have no numbness and no problems with my bladder, just some back ache",
        "I can't wait to get back to work",
    ],
)
def test_it_stays_silent_on_safe_look_alikes(bot: FaqBot, message: str) -> None:
    assert bot.ask(message).status is not Status.URGENT


def _ordinary(path: Path) -> list[str]:
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    return [str(c["q"]) for c in cases if c["expect"] != "urgent"]


# The project's own questions: an ordinary one alarmed is a false alarm the scores count.
def test_it_never_alarms_on_the_project_cases(bot: FaqBot) -> None:
    alarmed = [q for q in _ordinary(DATA / "cases.yaml") if bot.ask(q).urgent_rule == BACKSTOP]
    assert alarmed == []


@pytest.mark.skipif(not DEV.exists(), reason="the shared dev set is not on this machine")
def test_it_never_alarms_on_the_dev_questions(bot: FaqBot) -> None:
    alarmed = [q for q in _ordinary(DEV) if bot.ask(q).urgent_rule == BACKSTOP]
    assert alarmed == []


def test_it_is_off_for_a_faq_without_the_medical_rules(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(
        "sections:\n  - id: general\n    title: General\nreminder: Ask the shop.\nfallback: Sorry.\n"
        "urgent: {builtin: none}\nentries:\n  - id: tyres\n    section: general\n"
        "    question: How do I pump my tyres?\n    answer: With a pump.\n",
        encoding="utf-8",
    )
    bot = FaqBot(load_faq(path))
    assert bot.screen.backstop is None
    # The backstop alone reads it as an emergency; this FAQ never asks it.
    message = "i cant stop the red coming through my bandage"
    assert backstop().alarms(message)
    assert bot.ask(message).status is not Status.URGENT


def test_the_weights_file_is_plain_data_and_loads() -> None:
    raw = json.loads(data_file(WEIGHTS_FILE))
    assert set(raw) == {"about", "threshold", "weights"}
    model = parse(data_file(WEIGHTS_FILE))
    assert 0 < len(model.weights) < 5000  # pruned: read in about a millisecond
    assert "bias" in model.weights


@pytest.mark.parametrize(
    "data",
    [
        b"[1, 2]",
        b'{"threshold": "high", "weights": {}}',
        b'{"threshold": 1.0, "weights": {"x": "big"}}',
        b'{"weights": {}}',
    ],
)
def test_a_malformed_weights_file_is_refused(data: bytes) -> None:
    with pytest.raises((ValueError, TypeError, KeyError)):
        parse(data)


# What the features mark: a negation's scope runs to the clause's end, a pair stays within a clause.
@pytest.mark.parametrize(
    ("message", "present", "absent"),
    [
        ("I have no fever, but my leg is weak", {"~fever", "leg", "first_person", "neg"}, {"fever", "~leg"}),
        ("my leg. weak", {"leg", "weak"}, {"leg_weak"}),
        ("Is his wound red?", {"question_opener", "question_mark", "other_person", "his_wound"}, {"~red"}),
    ],
)
def test_features_read_negation_scope_and_clauses(message: str, present: set[str], absent: set[str]) -> None:
    found = features(message)
    assert present <= found
    assert not absent & found


_TINY = """
import sys
sys.path.insert(0, {scripts!r})
import make_urgent_backstop as make
rows = [(make.row(q), u) for q, u in [
    ("my legs gave way and I can't stand", True), ("I want to end it all tonight", True),
    ("what is failed back syndrome?", False), ("can I drive after surgery?", False),
    ("my wound is pouring blood", True), ("how long is recovery?", False)]]
print(make.rendered(make.fit(rows, 0.01)))
"""


# The trainer must give the same file whatever the hash seed (a set iterated anywhere would not).
def test_the_trainer_is_deterministic() -> None:
    code = _TINY.format(scripts=str(ROOT / "scripts"))
    made = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "12345")
    }
    assert len(made) == 1
    assert '"weights"' in made.pop()


# A FAQ's own phrasing, asked in its very words, is what its entry answers: the backstop's guess
# does not overrule the author (a water FAQ's "nothing comes out when I turn on the tap").
def test_an_entrys_own_phrasing_is_not_overruled(tmp_path: Path) -> None:
    asked = "nothing comes out when I turn on the tap"
    assert backstop().alarms(asked)
    path = tmp_path / "faq.yaml"
    path.write_text(
        "sections:\n  - id: general\n    title: General\nreminder: Ask the water company.\n"
        "fallback: Sorry.\nentries:\n  - id: no-water\n    section: general\n"
        f"    question: Why is there no water?\n    alternates: [{asked}]\n"
        "    answer: Check the stopcock, then call the water company.\n",
        encoding="utf-8",
    )
    bot = FaqBot(load_faq(path))
    assert bot.screen.backstop is not None
    reply = bot.ask(asked)
    assert reply.status is Status.ANSWERED
    assert reply.entry is not None
    assert reply.entry.id == "no-water"
