"""The urgent screen: emergencies get the urgent notice, never an FAQ answer;
ordinary questions are not flagged; a FAQ's own rules add to the built-ins."""

from __future__ import annotations

from pathlib import Path

import pytest

from faq_bot import URGENT_NOTICE, Faq, FaqBot, Status, UrgentRule, UrgentScreen, load_faq
from faq_bot.safety import BUILTIN_RULES

BLADDER = "bladder-bowel-control"
SADDLE = "saddle-numbness"
LEGS = "leg-weakness"
WOUND = ("fever-wound", "open-wound")  # a fever with a wound, or a wound oozing or opening
BLEEDING = "heavy-bleeding"
CHEST = ("chest-breathing", "breathing")  # either rule may catch breathing trouble
SUICIDE = "suicide-self-harm"


@pytest.mark.parametrize(
    ("message", "rules"),
    [
        # --- loss of bladder or bowel control
        ("I can't control my bladder since yesterday", BLADDER),  # plain words
        ("I've lost control of my bowels", BLADDER),  # the bowel side
        ("I keep wetting myself", BLADDER),  # lay words
        ("my bladdder control has gone", BLADDER),  # typo: one letter too many
        ("I've been incontinant since this morning", BLADDER),  # typo in the medical word
        # --- numbness in the groin or saddle area
        ("I have no feeling in my groin", SADDLE),  # plain words
        ("numbness in the saddle area", SADDLE),  # the clinical phrase
        ("my inner thighs are numb", SADDLE),  # where exactly
        ("tingling in my genitals", SADDLE),  # pins and needles rather than numb
        ("my groyn is numb", SADDLE),  # typo
        ("I have no sensation in my groin", SADDLE),  # sensation rather than feeling
        ("numb bottom since this morning", SADDLE),  # the everyday word for the area
        # --- new or worsening leg weakness, legs that cannot move or feel
        ("my legs are getting weaker every day", LEGS),  # worsening weakness
        ("I can't move my legs", LEGS),  # cannot move
        ("i cant feel my legs", LEGS),  # cannot feel, no apostrophe
        ("my leg keeps giving way", LEGS),  # gives way
        ("I'm paralysed from the waist down", LEGS),  # the word itself
        ("paralized from the waist down", LEGS),  # typo, American z
        ("my legs are weakr every day", LEGS),  # typo of "weaker"
        ("I've lost the feeling in my legs", LEGS),  # lost feeling, not "can't feel"
        ("my legs are numb", LEGS),  # numb legs: they cannot feel
        # --- fever with a red, oozing or opening wound
        ("I have a fever and my wound is red and oozing", WOUND),  # fever with an oozing wound
        ("the incision has opened up and I'm feverish", WOUND),  # an opening wound
        ("my scar is hot and leaking pus", WOUND),  # pus
        ("i have a feaver and the scar is red", WOUND),  # typo of "fever"
        ("my incison has split open", WOUND),  # typo of "incision"
        # --- heavy bleeding
        ("I'm bleeding heavily from the wound", BLEEDING),  # plain words
        ("blood is pouring out of my wound", BLEEDING),  # lay words
        ("it wont stop bleeding", BLEEDING),  # won't stop
        ("the bleding won't stop", BLEEDING),  # typo of "bleeding"
        ("im bleeding alot", BLEEDING),  # "alot": the most common way "a lot" is typed
        # --- chest pain or trouble breathing
        ("I have chest pain", CHEST),  # plain words
        ("I have a crushing pain in my chest", CHEST),  # words apart
        ("I can't breathe properly", CHEST),  # breathing
        ("I'm struggling to breath", CHEST),  # breath for breathe
        ("I'm short of breth", CHEST),  # typo of "breath"
        ("chest pian", CHEST),  # typo: two letters swapped in a short word
        ("I can not breathe", CHEST),  # "can not" in two words: the "not" denies nothing
        ("I could not breathe last night and my lips went blue", CHEST),  # told, in the past
        # --- thoughts of suicide or self-harm
        ("I have been thinking about suicide", SUICIDE),  # the word itself
        ("I want to kill myself", SUICIDE),  # plain words
        ("I keep thinking about hurting myself", SUICIDE),  # self-harm
        ("sometimes I think everyone would be better off without me", SUICIDE),  # indirect
        ("I want to end it all", SUICIDE),  # indirect
        ("I've been having sucidal thoughts", SUICIDE),  # typo of "suicidal"
        ("i have thoughs of sucide", SUICIDE),  # two typos
        ("i want to kill my self", SUICIDE),  # "myself" typed as two words
        ("I don't want to be here anymore", SUICIDE),  # indirect
        ("I never want to wake up again", SUICIDE),  # indirect
    ],
)
def test_urgent_messages_get_the_notice(
    faq: Faq, bot: FaqBot, message: str, rules: str | tuple[str, ...]
) -> None:
    reply = bot.ask(message)
    assert reply.status is Status.URGENT, f"{message!r} was not flagged (got {reply.status})"
    assert reply.urgent_rule in ((rules,) if isinstance(rules, str) else rules)
    assert reply.message == URGENT_NOTICE
    assert reply.reminder == faq.reminder
    assert reply.reminder  # never empty
    assert reply.entry is None
    assert reply.section is None
    assert reply.alternatives == ()


@pytest.mark.parametrize(
    "message",
    [
        "is leg pain part of it?",  # legs, but no weakness
        "are antidepressants used for it?",  # a treatment, not a crisis
        "does smoking slow wound healing?",  # wound, but nothing wrong with it
        "how long does it take for the wound to heal",  # wound and time
        "does the operation leave a big scar",  # scar
        "does failed back syndrome make your legs ache",  # legs and pain
        "I can't sleep because of the pain in my legs",  # can't + legs, but not can't move
        "will I be able to walk normally after back surgery",  # walking, as a question about the future
        "are nerve blocks painful",  # pain
        "can diabetes make my healing slower",  # a condition
        "does fbs affect my bladder",  # bladder, but no loss of control
        "I'm not suicidal, just curious about antidepressants",  # denied, not described
        "I have no chest pain, just back pain",  # denied, not described
        "should I stop smoking before my spinal fusion",  # stop
        "what causes failed back syndrome",  # the commonest question
        "who wrote the article",  # about the source
        "my scar never healed properly, is that failed back syndrome?",  # "never" is not "fever"
        "I stood for an hour and lost my balance",  # "stood" is not "stool"
        "I fell off a ladder, is that why I have no relief?",  # "ladder" is not "bladder"
        "I found out I have an infection risk",  # "found" is not "wound"
        "should I cut out red meat to help my back?",  # cut and red, but no wound
        "can I use a hot water bottle on my scar",  # hot and a scar, but no fever
        "my chest is fine but my back hurts",  # chest and hurt, far apart
        "",  # nothing
    ],
)
def test_no_false_alarm_on_ordinary_questions(bot: FaqBot, message: str) -> None:
    assert bot.screen.check(message) is None
    assert bot.ask(message).status is not Status.URGENT


def test_urgent_wins_over_an_answer(bot: FaqBot) -> None:
    # The question also matches an FAQ entry, but the emergency comes first.
    reply = bot.ask("what is failed back syndrome? also I suddenly can't move my legs")
    assert reply.status is Status.URGENT
    assert reply.entry is None


def test_screen_returns_the_rule() -> None:
    rule = UrgentScreen().check("I want to kill myself")
    assert isinstance(rule, UrgentRule)
    assert rule.id == SUICIDE
    assert rule.description == "thoughts of suicide or self-harm"


def test_builtin_rules_cover_the_issue_list() -> None:
    assert {r.id for r in BUILTIN_RULES} >= {BLADDER, SADDLE, LEGS, *WOUND, BLEEDING, *CHEST, SUICIDE}
    assert len({r.id for r in BUILTIN_RULES}) == len(BUILTIN_RULES)


# --- rules from the FAQ file ---------------------------------------------------

FAQ_TEXT = """\
source:
  title: Test article
sections:
  - id: general
    title: General
reminder: Ask your physician.
fallback: Sorry, no answer.
urgent:
  rules: {rules}
entries:
  - id: first
    section: general
    question: What is a pacemaker check?
    answer: It is a check.
"""

EXTRA_RULES = """
    - id: pacemaker-alarm
      description: a pacemaker or stimulator warning
      any: [pacemaker beeping]
      all:
        - [stimulator, stimulater]
        - [shock, shocks, shocking]
"""


@pytest.fixture
def faq_with_rule(tmp_path: Path) -> Faq:
    path = tmp_path / "faq.yaml"
    path.write_text(FAQ_TEXT.format(rules=EXTRA_RULES), encoding="utf-8")
    return load_faq(path)


@pytest.mark.parametrize(
    "message",
    [
        "my pacemaker beeping won't stop",  # the rule's 'any' phrase
        "my stimulator is shocking me",  # both 'all' groups
    ],
)
def test_rule_from_the_faq_fires(faq_with_rule: Faq, message: str) -> None:
    reply = FaqBot(faq_with_rule).ask(message)
    assert reply.status is Status.URGENT
    assert reply.urgent_rule == "pacemaker-alarm"
    assert reply.message == URGENT_NOTICE


def test_rule_from_the_faq_adds_to_the_builtins(faq_with_rule: Faq) -> None:
    bot = FaqBot(faq_with_rule)
    assert [r.id for r in bot.screen.rules] == [*(r.id for r in BUILTIN_RULES), "pacemaker-alarm"]
    assert bot.ask("I want to kill myself").urgent_rule == SUICIDE
    # Half of an 'all' rule is not enough.
    assert bot.ask("my stimulator is fine").status is not Status.URGENT


@pytest.mark.parametrize(
    "message",
    [
        "I've lost control of my bladder",
        "numbness in the saddle area",
        "I can't move my legs",
        "I have a fever and my wound is oozing",
        "I'm bleeding heavily",
        "I have chest pain",
        "I can't breathe",
        "I want to kill myself",
    ],
)
def test_empty_faq_rules_keep_every_builtin(tmp_path: Path, message: str) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text(FAQ_TEXT.format(rules="[]"), encoding="utf-8")
    faq = load_faq(path)
    assert faq.urgent_rules == ()
    bot = FaqBot(faq)
    assert bot.screen.rules == BUILTIN_RULES
    assert bot.ask(message).status is Status.URGENT


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "{id: bad, any: []}",
            "an urgent rule needs phrases in 'any' or groups in 'all'",
        ),  # nothing to match
        ("{any: [x]}", "an urgent rule is missing the required key 'id'"),  # no id
        (
            "{id: ok, any: [x], anyy: [y]}",
            "unknown key 'anyy' in an urgent rule; did you mean 'any'?",
        ),  # typo
    ],
)
def test_bad_faq_rules_are_reported(tmp_path: Path, rule: str, message: str) -> None:
    from faq_bot import FaqInvalid

    path = tmp_path / "faq.yaml"
    path.write_text(FAQ_TEXT.format(rules=f"\n    - {rule}"), encoding="utf-8")
    with pytest.raises(FaqInvalid) as exc_info:
        load_faq(path)
    assert [(p.line, p.message) for p in exc_info.value.problems] == [(10, message)]
