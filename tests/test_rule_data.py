"""The shipped rule data: every built-in rule catches its own examples and no
rule fires on any rule's safe messages; every rule says where its red flag
comes from and what to do now."""

from __future__ import annotations

import json
import re

import pytest
from conftest import FAQ_DIR

from faq_bot import UrgentRule, UrgentScreen, safety
from faq_bot.loader import builtin_rule_sets, load_lexicon, load_rule_set

MEDICAL = load_rule_set("medical").rules


@pytest.mark.parametrize("rule", MEDICAL, ids=lambda r: r.id)
def test_each_rule_catches_its_own_examples(rule: UrgentRule) -> None:
    # The rule alone: an earlier rule firing first must not hide a gap in this one.
    alone = UrgentScreen([rule], builtin="none")
    assert rule.examples, "every rule shows what it catches"
    missed = [m for m in rule.examples if alone.check(m) is None]
    assert missed == []


@pytest.mark.parametrize("rule", MEDICAL, ids=lambda r: r.id)
def test_no_rule_fires_on_a_safe_example(builtin_screen: UrgentScreen, rule: UrgentRule) -> None:
    alarms = {m: [r.id for r in builtin_screen.matching(m)] for m in rule.safe}
    assert {m: ids for m, ids in alarms.items() if ids} == {}


@pytest.mark.parametrize("rule", [r for r in MEDICAL if r.any_age], ids=lambda r: r.id)
def test_each_any_age_rule_shows_a_small_childs_emergency(rule: UrgentRule) -> None:
    # The flag is what lets a relative's message about a small child through: each rule
    # marked with it proves so in its own examples.
    children = set(load_lexicon().small_children)
    assert any(children & set(m.lower().replace("'", " ").split()) for m in rule.examples)


def test_the_emergencies_anyone_can_have_count_for_a_small_child() -> None:
    # NHS, When to call 999 lists these for children too; the spine rules are the patient's own.
    flagged = {r.id for r in MEDICAL if r.any_age}
    assert flagged >= {
        "choking",
        "poisoning",
        "anaphylaxis",
        "breathing",
        "collapse-unresponsive",
        "seizure",
        "meningitis-rash",
        "burn",
        "major-injury",
    }
    assert flagged.isdisjoint(
        {
            "cauda-equina",
            "fever-wound",
            "urine-retention",
            "leg-weakness",
            "saddle-numbness",
            "open-wound",
            "csf-leak",
            "calf-clot",
        }
    )


@pytest.mark.parametrize("rule", MEDICAL, ids=lambda r: r.id)
def test_each_rule_says_where_it_comes_from_and_what_to_do(rule: UrgentRule) -> None:
    assert rule.description
    assert rule.source  # the published guidance it follows
    assert "emergency number" in rule.notice or "emergency department" in rule.notice


def test_the_rules_cover_the_published_red_flags() -> None:
    # Discharge leaflets and cauda equina guidance (see each rule's source).
    assert {r.id for r in MEDICAL} >= {
        "bladder-bowel-control",
        "urine-retention",
        "saddle-numbness",
        "leg-weakness",
        "fever-wound",
        "open-wound",
        "heavy-bleeding",
        "calf-clot",
        "clot-lung",
        "chest-breathing",
        "breathing",
        "breathlessness",
        "suicide-self-harm",
        "overdose",
    }
    assert len({r.id for r in MEDICAL}) == len(MEDICAL)


@pytest.mark.parametrize("rule_id", ["suicide-self-harm", "overdose"])
def test_self_harm_notices_offer_a_crisis_line(rule_id: str) -> None:
    [rule] = [r for r in MEDICAL if r.id == rule_id]
    assert "not alone" in rule.notice
    assert "crisis line" in rule.notice


def test_every_shipped_set_and_the_lexicon_load() -> None:
    assert builtin_rule_sets() == ["medical", "none"]
    for name in builtin_rule_sets():
        assert load_rule_set(name).default_notice
    assert load_rule_set("none").rules == ()
    lexicon = load_lexicon()
    assert "no" in lexicon.negation_pre
    assert lexicon.window >= 1


def test_an_unknown_set_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no built-in urgent rule set 'medicl'; choose one of medical, none"):
        load_rule_set("medicl")


def test_the_schema_offers_exactly_the_shipped_sets() -> None:
    # One truth for the format: editors offer the names the loader accepts.
    schema = json.loads((FAQ_DIR / "schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["urgent"]["properties"]["builtin"]["enum"] == builtin_rule_sets()


CONCEPTS = load_rule_set("medical").red_flag_concepts


@pytest.mark.parametrize("concept", CONCEPTS, ids=lambda r: r.id)
def test_each_red_flag_concept_keeps_an_answer_from_its_examples(
    builtin_screen: UrgentScreen, concept: UrgentRule
) -> None:
    # A concept is the last safeguard: its examples get a rule's alarm or the red-flag notice.
    assert concept.examples, "every concept shows what it catches"
    assert concept.safe, "and what it leaves alone"
    assert concept.source
    assert concept.description
    missed = [m for m in concept.examples if not (s := builtin_screen.screen(m)).red_flag and s.rule is None]
    assert missed == []


@pytest.mark.parametrize("concept", CONCEPTS, ids=lambda r: r.id)
def test_no_red_flag_concept_alarms_on_its_safe_examples(
    builtin_screen: UrgentScreen, concept: UrgentRule
) -> None:
    flagged = [m for m in concept.safe if (s := builtin_screen.screen(m)).red_flag or s.rule is not None]
    assert flagged == []


@pytest.fixture(scope="module")
def backstop_screen() -> UrgentScreen:
    """The built-in set with its rules taken away: the red-flag words and concepts alone, as
    they meet an emergency told in words no rule knows."""
    medical = load_rule_set("medical")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(safety, "load_rule_set", lambda _name: medical._replace(rules=()))
        return UrgentScreen()


@pytest.mark.parametrize("concept", CONCEPTS, ids=lambda r: r.id)
def test_the_red_flag_concepts_alone_catch_their_examples(
    backstop_screen: UrgentScreen, concept: UrgentRule
) -> None:
    # The safety net holds only if it catches without the rules' help.
    assert backstop_screen.rules == ()
    missed = [m for m in concept.examples if not backstop_screen.screen(m).red_flag]
    assert missed == []


@pytest.mark.parametrize(
    "message",
    [
        # Every class the concepts cover, told without a rule, gets the notice...
        "everyone would be better off without me",
        "i have been cutting my arms again",
        "my brother says he is going to take all his pain pills",
        "my mum has started wetting herself since her op",
        "i cant control my bowels anymore, it just comes out",
        "i need to pee but nothing comes out",
        "both my legs are getting weaker every day",
        "his face has dropped on one side and he is talking funny",
        "my lips and tongue are swelling up",
        "i cant wake my wife up",
        "my husband is having a fit",
        "blood is soaking through the dressing",
        "my left leg is twice the size of my right",
        "i cant get any air in",
        "worst headache of my life came on suddenly",
    ],
)
def test_the_backstop_alone_catches_each_red_flag_class(backstop_screen: UrgentScreen, message: str) -> None:
    assert backstop_screen.screen(message).red_flag


@pytest.mark.parametrize(
    "message",
    [
        # ...but not a habit of taking tablets, a dose in units, a question of routine, or the
        # same words denied, past or in a figure of speech.
        "i take loads of tablets for my heart, can i still get painkillers for my back",
        "i took my pills an hour ago but the pain is still there",
        "i took 30 mg of morphine this morning",
        "how much insulin should i take before a meal",
        "i have full control of my bladder and bowels",
        "my water bottle leaks in my bag",
        "the match nearly gave me a heart attack",
        "i had anaphylaxis to peanuts as a child and carry an epipen",
        "my legs are dead tired after my walk",
        "swollen ankles at the end of the day on both sides, they go down overnight",
        # The same rules serve a FAQ on any topic: a library's, an IT desk's, a water company's.
        "can i check out twenty novels at once",
        "my laptop is not responding",
        "how do i end things with my broadband provider",
        "the toilet stopped working and nothing comes out of the tap",
    ],
)
def test_the_backstop_alone_leaves_ordinary_messages(backstop_screen: UrgentScreen, message: str) -> None:
    assert not backstop_screen.screen(message).red_flag


@pytest.fixture(scope="module")
def rules_only_screen() -> UrgentScreen:
    """The built-in set with its red-flag concepts taken away: the rules as they read alone."""
    medical = load_rule_set("medical")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(safety, "load_rule_set", lambda _name: medical._replace(red_flag_concepts=()))
        return UrgentScreen()


def _slips(message: str) -> list[str]:
    """``message`` with one content word (four letters or more, which one following
    the message's length) typed with a letter left out, two swapped, or one
    doubled at its middle: the misspellings the rules' typo reading is for."""
    found = list(re.finditer(r"[A-Za-z]{4,}", message))
    if not found:
        return []
    m = found[len(message) % len(found)]
    w, k = m.group(), len(m.group()) // 2
    forms = (w[:k] + w[k + 1 :], w[: k - 1] + w[k] + w[k - 1] + w[k + 1 :], w[:k] + w[k] + w[k:])
    return [message[: m.start()] + f + message[m.end() :] for f in forms]


def test_the_red_flag_concepts_never_change_what_a_rule_sees(
    builtin_screen: UrgentScreen, rules_only_screen: UrgentScreen
) -> None:
    # The concepts are a backstop: their words (a misspelling listed in one, a word no rule
    # has) must neither take a word from the rules' typo reading nor lend it one. Every
    # rule's and concept's examples and safe messages, as written and misspelt.
    medical = load_rule_set("medical")
    written = [m for r in (*medical.rules, *medical.red_flag_concepts) for m in (*r.examples, *r.safe)]
    messages = [*written, *(s for m in written for s in _slips(m))]
    assert len(messages) > 3000
    changed = {
        m: (rules, alone)
        for m in messages
        if (rules := [r.id for r in builtin_screen.matching(m)])
        != (alone := [r.id for r in rules_only_screen.matching(m)])
    }
    assert changed == {}
