"""The urgent screen: emergencies get their rule's notice, never an FAQ answer;
denied, past and general mentions of a red flag are not emergencies; a FAQ
chooses its built-in rule set and adds its own rules, in the same format."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import BUNDLED_FAQ, DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from faq_bot import (
    Faq,
    FaqBot,
    FaqInvalid,
    Reason,
    Screening,
    Status,
    UrgentRule,
    UrgentScreen,
    load_faq,
    loader,
    safety,
)
from faq_bot.cache import load_indexed
from faq_bot.loader import load_rule_set
from faq_bot.safety import _Message, _typo_of

BLADDER = ("bladder-bowel-control", "urine-retention")
SADDLE = "saddle-numbness"
LEGS = "leg-weakness"
WOUND = ("fever-wound", "open-wound")  # a fever with a wound, or a wound oozing or opening
BLEEDING = "heavy-bleeding"
CHEST = ("chest-breathing", "breathing", "breathlessness", "clot-lung", "sepsis-signs")
SUICIDE = ("suicide-self-harm", "overdose")


@pytest.mark.parametrize(
    ("message", "rules"),
    [
        # --- loss of bladder or bowel control, or retention
        ("I can't control my bladder since yesterday", BLADDER),  # plain words
        ("I've lost control of my bowels", BLADDER),  # the bowel side
        ("I keep wetting myself", BLADDER),  # lay words
        ("my bladdder control has gone", BLADDER),  # a key held down
        ("I've been incontinant since this morning", BLADDER),  # typo in the medical word
        ("nothing comes out when I try to wee", BLADDER),  # retention, in lay words
        ("my husband has had an accident in his pants and didnt notice", BLADDER),  # third person
        # --- numbness in the groin or saddle area
        ("I have no feeling in my groin", SADDLE),  # "no feeling" describes, not denies
        ("numbness in the saddle area", SADDLE),  # the clinical phrase
        ("my inner thighs are numb", SADDLE),  # where exactly
        ("tingling in my genitals", SADDLE),  # pins and needles rather than numb
        ("my groyn is numb", SADDLE),  # typo
        ("when i wipe i cant feel the paper", SADDLE),  # the warning card's own sign
        # --- new or worsening leg weakness, legs that cannot move or feel
        ("my legs are getting weaker every day", LEGS),  # worsening weakness
        ("i cant feel my legs", LEGS),  # cannot feel, no apostrophe
        ("my leg keeps giving way", LEGS),  # gives way
        ("paralized from the waist down", LEGS),  # typo, American z
        ("my legs wont hold me up", LEGS),  # "wont" describes, not denies
        ("my foot keeps dragging since this morning", LEGS),  # foot drop in lay words
        ("My wife can't move her legs", LEGS),  # third person
        # --- fever, and a red, oozing or opening wound
        ("I have a fever and my wound is red and oozing", WOUND),
        ("I'm running a fever since my operation", WOUND),  # fever alone after surgery
        ("the incision has opened up and I'm feverish", WOUND),
        ("my scar is hot and leaking pus", WOUND),
        ("i have a feaver and the scar is red", WOUND),  # typo of "fever"
        # --- heavy bleeding
        ("I'm bleeding heavily from the wound", BLEEDING),
        ("can't stop the bleeding from my scar", BLEEDING),
        ("the bleding won't stop", BLEEDING),  # typo of "bleeding"
        ("im bleeding alot", BLEEDING),  # "alot"
        # --- chest pain, breathing, a clot in the lung
        ("I have a crushing pain in my chest", CHEST),  # words apart
        ("I'm gasping for air", CHEST),
        ("breathing hurts and my lips look blue", CHEST),
        ("I'm short of breth", CHEST),  # typo of "breath"
        ("chest pian", CHEST),  # two letters swapped in a short word
        ("I can not breathe", CHEST),  # "can not" in two words denies nothing
        ("my calf is swollen and now I'm short of breath", CHEST),  # a clot that moved
        # --- suicide, self-harm, overdose
        ("i want to hang myself", SUICIDE),
        ("I'm going to jump off a bridge", SUICIDE),
        ("I can't go on living with this pain", SUICIDE),
        ("I'm planning to take all my pills at once", SUICIDE),  # an overdose planned
        ("I swallowed all my tablets", SUICIDE),  # an overdose taken
        ("sometimes I think everyone would be better off without me", SUICIDE),  # indirect
        ("i want to kill my self", SUICIDE),  # "myself" typed as two words
        ("I've been having sucidal thoughts", SUICIDE),  # typo
        ("I never want to wake up again", SUICIDE),  # "never" describes, not denies
        ("I USED TO BE SUICIDAL AND NOW IT IS BACK", SUICIDE),  # "now" makes a past mention current
    ],
)
def test_urgent_messages_get_their_rules_notice(
    faq: Faq, bot: FaqBot, message: str, rules: str | tuple[str, ...]
) -> None:
    reply = bot.ask(message)
    assert reply.status is Status.URGENT, f"{message!r} was not flagged (got {reply.status})"
    assert reply.urgent_rule in ((rules,) if isinstance(rules, str) else rules)
    rule = next(r for r in bot.screen.rules if r.id == reply.urgent_rule)
    assert reply.message == rule.notice
    assert reply.reminder == faq.reminder
    assert reply.reminder  # never empty
    assert reply.entry is None
    assert reply.section is None
    assert reply.alternatives == ()


@pytest.mark.parametrize(
    "message",
    [
        # Denied: a pre-trigger reaches to the end of its clause, a post-trigger back to its start.
        "I am not having chest pain",
        "My chest doesn't hurt",
        "I have not lost control of my bladder",
        "there is no problem with my bladder, why does my back hurt",
        "I'm not suicidal, just curious about antidepressants",
        "No saddle numbness or groin tingling",  # one "no" for both
        "I have no fever, chills or sweats",  # a list closed by "or" stays denied
        "my legs aren't weak, they just ache",
        "my bladder and bowels are completely normal",  # post-trigger, with a filler
        "I can breathe fine, it's my back that hurts",
        "my chest is fine but my back hurts",
        # Resolved or long past.
        "I had a fever last year, could that have caused failed back syndrome?",
        "my leg went numb years ago, long since fixed",
        "my dad died of a heart attack, does smoking affect back surgery recovery too",
        # A question about a red flag in general, naming nobody.
        "what is cauda equina syndrome?",
        "Can back surgery cause incontinence?",
        "what are the symptoms of a pulmonary embolism?",
        # Hypothetical.
        "I'm scared of losing control of my bladder after the operation",
        "will my wound bleed a lot after surgery?",
        # The same words, meaning something else.
        "is leg pain part of it?",
        "does smoking slow wound healing?",
        "does the operation leave a big scar",
        "I can't sleep because of the pain in my legs",
        "should I stop smoking before my spinal fusion",
        "my scar never healed properly, is that failed back syndrome?",  # "never" is not "fever"
        "I stood for an hour and lost my balance",  # "stood" is not "stool"
        "I fell off a ladder, is that why I have no relief?",  # "ladder" is not "bladder"
        "should I cut out red meat to help my back?",
        "can I use a hot water bottle on my scar",
        "I hurt myself lifting a box",  # an accident, not self-harm
        "I'm dying to get back to tennis",
        "I get a bit breathless climbing the stairs, I'm unfit",
        # An `unless` in a clause that says when or why reaches the clause before it.
        "I'm out of breath when I walk up the hill",
        "my legs go weak whenever I've been at the gym",
        "I've had no problems passing urine",  # "no problems" denies what follows
        "my legs gave way when I fell off my bike as a child",  # a time after a when-clause dates it all
        "I moved a chest of drawers and now my back is sore",
        "I have hay fever",
        "I take a lot of prescription meds already, can I still have painkillers",
        "",
    ],
)
def test_no_false_alarm(bot: FaqBot, message: str) -> None:
    assert bot.screen.check(message) is None
    assert bot.ask(message).status is not Status.URGENT


@pytest.mark.parametrize(
    "message",
    [
        # The scope of a denial ends at a clause boundary; what follows counts.
        "I have no fever but my wound is oozing pus",
        "no chest pain. I can't breathe though",
        "my legs are fine and then suddenly I couldn't feel my groin",
        "not sure if it's normal but I've wet myself twice today",  # doubt denies nothing
        "I don't have a fever, my scar is splitting open",  # a new clause after the comma
        "I don't know when I need to pee anymore",  # a symptom that starts with a negation
        "The numbness isn't going away and my groin is numb too",  # "isn't going away" is no denial
        "is it normal that I can't feel my legs?",  # a question about oneself is a description
        "I can't feel my bum when I wipe",  # a when-clause says when, and denies nothing
        "no fever and no feeling in my bottom since this morning",  # a red flag's own "no"
    ],
)
def test_a_denial_does_not_reach_past_its_clause(bot: FaqBot, message: str) -> None:
    assert bot.ask(message).status is Status.URGENT


def test_a_denied_symptom_changes_nothing_else(bot: FaqBot) -> None:
    # Without its denial the question is a plain "what is fbs".
    screening = bot.screen.screen("I have no numbness in my groin, what is fbs")
    assert screening == Screening(None, "I have , what is fbs")
    reply = bot.ask("I have no numbness in my groin, what is fbs")
    assert reply.status is Status.ANSWERED
    assert reply.entry is not None
    assert reply.entry.id == "what-is-failed-back-syndrome"


@pytest.mark.parametrize(
    ("message", "kept"),
    [
        ("I am not having chest pain", "I am"),
        ("my legs are not weak, what causes the pain?", "my legs are , what causes the pain?"),
        # A denial without a red flag in it stays: the matcher may need it.
        ("my wound has healed but my back hurts", None),
        ("why is there no single treatment for failed back syndrome", None),
        ("what is failed back syndrome", None),
    ],
)
def test_the_screened_text_loses_only_denied_red_flags(bot: FaqBot, message: str, kept: str | None) -> None:
    assert bot.screen.screen(message) == Screening(None, message if kept is None else kept)


@pytest.mark.parametrize(
    "message",
    [
        # A resolution in a later clause reaches back over it to the start of its sentence.
        "I had chest pain last week but it passed, what is failed back syndrome?",
        "I had a fever after the op but I'm fine now",
        "my wound got infected two years ago, long since healed, but my back still aches",
        # ... or of the sentence before, when it opens its own.
        "I was short of breath after the anaesthetic. That settled within the hour.",
        # ... said bare, of the thing just named, or as an unchanged long-standing symptom.
        "the bladder retention after my op resolved before I went home",
        "my heel has been numb for four years, no different since the op",
        # ... or in the next sentence, when that one names no red flag before it.
        "I blacked out at the gym in the spring; the scan was clear and it hasn't happened again",
    ],
)
def test_a_resolution_said_later_makes_a_red_flag_past(bot: FaqBot, message: str) -> None:
    assert bot.ask(message).status is not Status.URGENT


@pytest.mark.parametrize(
    "message",
    [
        # A relapse after the resolution undoes it; a clause in the present is never resolved.
        "I had chest pain last week but it passed and now it's back",
        "my leg is weak but I'm fine now",
        # A denied resolution says it goes on.
        "the numbness around my bottom hasn't settled",
        "my leg weakness has not fully resolved",
    ],
)
def test_a_resolution_spares_what_is_happening_now(bot: FaqBot, message: str) -> None:
    assert bot.ask(message).status is Status.URGENT


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # Strength coming back ends a weakness told before it ...
        ("my legs were weak after the op but they're getting stronger every week", False),
        ("my knee buckled last month but it's getting stronger each day", False),
        # ... but said of an urge, a thought or a pain it says worse, not over.
        ("I have thoughts of killing myself and they're getting stronger", True),
        ("I've had thoughts of ending it all week and they're growing stronger", True),
        ("I have chest pain and it's getting stronger", True),
    ],
)
def test_strength_coming_back_ends_only_a_weakness(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.ask(message).status is Status.URGENT) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # "Mine" as the subject after a general question makes the red flag asked about the
        # writer's own, read as any red flag told now ...
        ("is it normal to lose sensation in your groin after a fusion? mine went numb last night", True),
        ("is numbness down below normal after surgery? mine went numb this morning", True),
        # ... and denied or settled as such; as an object ("storing mine") it says nothing.
        ("is it normal to lose feeling in your groin? mine is fine", False),
        ("A character in a film overdosed on painkillers; now I worry about storing mine", False),
    ],
)
def test_mine_after_a_general_question_takes_up_its_red_flag(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.ask(message).status is Status.URGENT) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # An intent owned to after a question or a supposition about a means makes it the
        # writer's, in the same sentence or the next ...
        ("what happens if you take all your tablets at once, asking as I'm seriously considering it", True),
        ("what happens if you take all your amitriptyline at once? I'm seriously considering it", True),
        # ... for the self-harm rules only ("what is a fusion? I'm planning to do it" is a
        # surgery), and not when the intent is itself asked.
        ("what is a spinal cord stimulator, can it make your legs numb? I'm considering it", False),
        ("what happens if you take all your tablets at once? are you seriously considering it?", False),
    ],
)
def test_an_intent_owned_to_makes_a_question_about_a_means_the_writers(
    bot: FaqBot, message: str, urgent: bool
) -> None:
    assert (bot.ask(message).status is Status.URGENT) is urgent


@pytest.mark.parametrize(
    "message",
    [
        # ConText's experiencer: someone else's red flag told in the past, or reported from
        # elsewhere, is not the writer's emergency now.
        "my cousin had a blood clot after his surgery, how common is that?",
        "a man on the news couldn't walk after back surgery, could that happen to me",
        "the leaflet lists chest pain, leg weakness and fever, what should I do if I get them?",
        "in the book the main character coughs up blood, is that realistic",
        # a clause giving the reason for theirs is theirs too
        "my gran needed a catheter after her op because she couldn't pee",
    ],
)
def test_someone_elses_past_or_reported_red_flag_is_not_urgent(bot: FaqBot, message: str) -> None:
    assert bot.ask(message).status is not Status.URGENT


@pytest.mark.parametrize(
    "message",
    [
        # A caregiver telling of someone now (present, recent, or "now"), and the writer's
        # own red flag beside someone else's, stay urgent.
        "my husband can't feel his legs",
        "my dad is coughing blood",
        "my cousin had chest pain an hour ago",
        "my friend had surgery last week and now she can't feel her bottom",
        "I read the leaflet and I have numbness in my saddle area",
        "a man on the news had a clot and my calf is hot and swollen, I'm breathless",
    ],
)
def test_someone_present_now_stays_urgent(bot: FaqBot, message: str) -> None:
    assert bot.ask(message).status is Status.URGENT


def test_a_red_flag_no_rule_catches_is_never_answered(bot: FaqBot) -> None:
    # No rule fires on a little bleeding, but it is described as happening: the
    # bot points to help and declines rather than answer the question beside it.
    reply = bot.ask("there is some bleeding from my scar, what is failed back syndrome?")
    assert reply.status is Status.NO_MATCH
    assert reply.reason is Reason.RED_FLAG
    assert reply.message.startswith(bot.screen.red_flag_notice)
    # Denied, the same words change nothing.
    denied = bot.ask("no bleeding from my scar, what is failed back syndrome?")
    assert denied.status is Status.ANSWERED


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A word for the present moment inside a supposition makes it a description...
        ("what do I do if my leg is giving way currently", True),
        ("what should I do if I have chest pain right now", True),
        # ...but a word that only says a thing recurs or goes on leaves it supposed.
        ("who can I ring if I ever have thoughts of ending my life again", False),
        ("what should we do if she collapses again next week", False),
    ],
)
def test_the_present_moment_makes_a_supposition_current(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.ask(message).status is Status.URGENT) is urgent


@pytest.mark.parametrize(
    ("message", "flagged"),
    [
        # A red flag told in words no rule lists, as a word of change beside the body part or
        # function it is about (the rule set's red_flag_concepts): never an ordinary answer...
        ("my nether regions have felt strange since lunchtime, what is fbs", True),
        ("my pyjamas were soaked this morning and I never felt it happen", True),
        ("the drain site has gone swollen, should I change my exercises", True),
        ("something is off with my bladder today, what are the treatments for fbs", True),
        # waking up wet names the bed by itself
        ("woken up wet twice this week, is that the nerves", True),
        # ...but the same words in a general question, denied, furniture, or the stem of
        # another word ("painful" is "pain") are nothing of the kind.
        ("what is a chest of drawers made of", False),
        ("breathing exercises for back pain", False),
        ("my waterworks are not weird at all, what is failed back syndrome", False),
        ("my sheets were wet with sweat last night", False),
        ("what does a swollen wound look like when it is infected?", False),
        # A rule's red flag that only a supposition keeps from firing, said in the present
        # inside it, may be the writer's own: never an ordinary answer...
        ("who should I phone if I can't feel my bottom?", True),
        ("what happens if my leg is weak and keeps giving way, what is fbs", True),
        # ...but a supposition of what may come, a denial and a general question stay ordinary.
        ("what happens if I lost feeling in my bottom one day?", False),
        ("I can feel my bottom fine, who should I phone about physio?", False),
        ("what is cauda equina syndrome?", False),
    ],
)
def test_a_red_flag_keeps_an_ordinary_answer_away(bot: FaqBot, message: str, flagged: bool) -> None:
    reply = bot.ask(message)
    assert (reply.status is Status.URGENT or reply.reason is Reason.RED_FLAG) is flagged
    if flagged:
        assert reply.status is not Status.ANSWERED


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A later sentence that ends on its auxiliary, about the writer now, takes up the
        # red flag a supposition named: the verb is left out, not the symptom...
        ("what if my legs give way? because right now they are", True),
        ("what happens if you can't feel your bottom? at the moment I can't", True),
        # ...but not when it denies it, speaks of no one now, or ends on something else.
        ("what if my legs give way? right now they don't", False),
        ("what happens if you can't feel your bottom? asking for a quiz", False),
    ],
)
def test_a_supposition_taken_up_by_a_bare_auxiliary_is_described(
    bot: FaqBot, message: str, urgent: bool
) -> None:
    assert (bot.ask(message).status is Status.URGENT) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # Indirect words the rules now know: the saddle as "below the belly button", the
        # point of everything gone, a wound's discharge as "gunk"...
        ("from below my belly button down it all feels numb today", True),
        ("there is no point in anything anymore", True),
        ("my incision has goo coming out and it is hot", True),
        # ...and the same words that describe nothing of the kind.
        ("is the belly button area sore after a discectomy?", False),
        ("is there any point doing physio anymore after fusion?", False),
        ("what is the goo they put on your back for an ultrasound?", False),
        # Text-speak for the words around a red flag: "wat" for "what", "no1" for "no one".
        ("wat is even the point of livin", True),
        ("no1 would care if i was gone", True),
        ("wat is the point of physio", False),
        ("no1 told me the scar would itch", False),
    ],
)
def test_indirect_words_for_a_red_flag(bot: FaqBot, message: str, urgent: bool) -> None:
    reply = bot.ask(message)
    assert (reply.status is Status.URGENT or reply.reason is Reason.RED_FLAG) is urgent


def test_urgent_wins_over_an_answer(bot: FaqBot) -> None:
    # The question also matches an FAQ entry, but the emergency comes first.
    reply = bot.ask("what is failed back syndrome? also I suddenly can't move my legs")
    assert reply.status is Status.URGENT
    assert reply.entry is None


def test_screen_returns_the_rule(builtin_screen: UrgentScreen) -> None:
    rule = builtin_screen.check("I want to kill myself")
    assert isinstance(rule, UrgentRule)
    assert rule.id == "suicide-self-harm"
    assert rule.description == "thoughts, plans or acts of suicide or self-harm"


def test_every_rule_that_fires_is_listed(builtin_screen: UrgentScreen) -> None:
    rules = builtin_screen.matching("I can't feel my legs and I've wet myself")
    assert [r.id for r in rules] == ["bladder-bowel-control", "leg-weakness"]


def test_the_notices_say_what_to_do_now(bot: FaqBot) -> None:
    for rule in bot.screen.rules:
        assert "emergency" in rule.notice, rule.id
    crisis = bot.screen.check("I want to kill myself")
    assert crisis is not None
    assert "not alone" in crisis.notice
    assert "crisis line" in crisis.notice


# --- the FAQ's urgent block ---------------------------------------------------

FAQ_TEXT = """\
source:
  title: Test article
sections:
  - id: general
    title: General
reminder: Ask your physician.
fallback: Sorry, no answer.
urgent: {urgent}
entries:
  - id: first
    section: general
    question: What is a pacemaker check?
    answer: It is a check.
"""

EXTRA_RULES = """
  words:
    device: [stimulator, stimulater, pacemaker]
  rules:
    - id: pacemaker-alarm
      description: a pacemaker or stimulator warning
      notice: Switch the stimulator off with its remote and call the clinic now.
      any: [pacemaker beeping]
      within: 3
      all:
        - [<device>]
        - [shock, shocks, shocking]
      unless: [test mode]
    - id: device-hot
      any: [<device> is hot]
"""


def write_faq(tmp_path: Path, urgent: str) -> Path:
    path = tmp_path / "faq.yaml"
    path.write_text(FAQ_TEXT.format(urgent=urgent), encoding="utf-8")
    return path


@pytest.fixture
def faq_with_rules(tmp_path: Path) -> Faq:
    return load_faq(write_faq(tmp_path, EXTRA_RULES))


@pytest.mark.parametrize(
    "message",
    [
        "my pacemaker beeping won't stop",  # the rule's 'any' phrase
        "my stimulator is shocking me",  # both 'all' groups, near each other
        "my stimulater keeps shocking me",  # a word list's other spelling
    ],
)
def test_rule_from_the_faq_fires_with_its_notice(faq_with_rules: Faq, message: str) -> None:
    reply = FaqBot(faq_with_rules).ask(message)
    assert reply.status is Status.URGENT
    assert reply.urgent_rule == "pacemaker-alarm"
    assert reply.message == "Switch the stimulator off with its remote and call the clinic now."


@pytest.mark.parametrize(
    "message",
    [
        "the stimulator was fine. I read a story about a man who got shocks",  # too far apart
        "my stimulator is not shocking me",  # denied
        "the stimulator gives shocks in test mode",  # unless
        "my stimulator is fine",  # half an 'all' rule
    ],
)
def test_rule_from_the_faq_reads_context_like_the_builtins(faq_with_rules: Faq, message: str) -> None:
    assert FaqBot(faq_with_rules).ask(message).status is not Status.URGENT


def test_a_faq_rule_without_a_notice_gets_the_sets_default(faq_with_rules: Faq) -> None:
    reply = FaqBot(faq_with_rules).ask("my pacemaker is hot")
    assert reply.urgent_rule == "device-hot"
    assert reply.message == load_rule_set("medical").default_notice


def test_faq_rules_add_to_the_medical_builtins_by_default(faq_with_rules: Faq) -> None:
    assert faq_with_rules.urgent_builtin == "medical"
    bot = FaqBot(faq_with_rules)
    builtin = [r.id for r in load_rule_set("medical").rules]
    assert [r.id for r in bot.screen.rules] == [*builtin, "pacemaker-alarm", "device-hot"]
    assert bot.ask("I want to kill myself").urgent_rule == "suicide-self-harm"


def test_a_faq_not_about_health_switches_the_builtins_off(tmp_path: Path) -> None:
    faq = load_faq(write_faq(tmp_path, "{builtin: none, rules: [{id: hacked, any: [hacked account]}]}"))
    bot = FaqBot(faq)
    assert [r.id for r in bot.screen.rules] == ["hacked"]
    for message in ("I am choking on these fees", "my account feels paralysed since the card was declined"):
        assert bot.ask(message).status is not Status.URGENT
    reply = bot.ask("someone hacked my account")
    assert reply.status is Status.URGENT
    assert reply.message == load_rule_set("none").default_notice


def test_an_empty_urgent_block_keeps_every_builtin(tmp_path: Path) -> None:
    faq = load_faq(write_faq(tmp_path, "{rules: []}"))
    assert faq.urgent_rules == ()
    assert FaqBot(faq).screen.rules == load_rule_set("medical").rules


# Each FAQ's urgent block is on line 8; the column points at the bad value.
@pytest.mark.parametrize(
    ("urgent", "column", "message"),
    [
        ("{rules: [{id: bad, any: []}]}", 18, "an urgent rule needs phrases in 'any' or groups in 'all'"),
        ("{rules: [{any: [x]}]}", 18, "an urgent rule is missing the required key 'id'"),
        (
            "{rules: [{id: ok, any: [x], anyy: [y]}]}",
            37,
            "unknown key 'anyy' in an urgent rule; did you mean 'any'?",
        ),
        (
            "{builtin: medicl}",
            19,
            "urgent.builtin 'medicl' is not a built-in rule set; did you mean 'medical'? "
            "choose one of medical, none",
        ),
        (
            "{rules: [{id: ok, any: [<nope> x]}]}",
            32,
            "phrase '<nope> x' uses the word list <nope>, which is not defined; "
            "define it under 'words', above",
        ),
        (
            "{rules: [{id: ok, all: [[a], [b]], within: 0}]}",
            52,
            "within must be a whole number of words, 1 or more, not a number '0'",
        ),
        ("{rules: [{id: ok, any: [x], within: 2}]}", 45, "'within' needs 'all' with two groups or more"),
        ("{rules: [{id: ok, all: [[a], []]}]}", 38, "each group of 'all' needs at least one phrase"),
        (
            "{rules: [{id: ok, any: [x], lasting: sometimes}]}",
            46,
            "lasting must be true or false, not text 'sometimes'",
        ),
        (
            "{rules: [{id: ok, any: [x], any_age: yes please}]}",
            46,
            "any_age must be true or false, not text 'yes please'",
        ),
        (
            "{rules: [{id: chest-breathing, any: [x]}]}",
            18,
            "urgent rule id 'chest-breathing' is already a rule of the built-in 'medical' set; "
            "choose another id",
        ),
    ],
)
def test_bad_faq_rules_are_reported_with_their_place(
    tmp_path: Path, urgent: str, column: int, message: str
) -> None:
    with pytest.raises(FaqInvalid) as exc_info:
        load_faq(write_faq(tmp_path, urgent))
    assert [(p.line, p.column, p.message) for p in exc_info.value.problems] == [(8, column, message)]


def test_a_faq_rule_marked_lasting_counts_what_has_lasted(tmp_path: Path) -> None:
    # Only the rule marked `lasting` counts a red flag said to have gone on for years.
    urgent = (
        "{builtin: none, rules: [{id: lasts, any: [dark thoughts], lasting: true},"
        " {id: passes, any: [sore thumb]}]}"
    )
    bot = FaqBot(load_faq(write_faq(tmp_path, urgent)))
    assert [r.lasting for r in bot.screen.rules] == [True, False]
    assert bot.screen.check("I have had dark thoughts for years") is not None
    assert bot.screen.check("I have had a sore thumb for years") is None
    assert bot.screen.check("I had dark thoughts years ago") is None


def test_a_faq_rule_marked_any_age_counts_a_small_childs_emergency(tmp_path: Path) -> None:
    # Only the rule marked `any_age` counts a small child's red flag; a pet's counts for none.
    urgent = (
        "{builtin: none, rules: [{id: kid, any: [swallowed a magnet], any_age: true},"
        " {id: own, any: [wound is weeping]}]}"
    )
    bot = FaqBot(load_faq(write_faq(tmp_path, urgent)))
    assert [r.any_age for r in bot.screen.rules] == [True, False]
    assert [r.id for r in bot.screen.matching("my toddler swallowed a magnet")] == ["kid"]
    assert bot.screen.check("my toddler's wound is weeping") is None
    assert bot.screen.check("my dog swallowed a magnet") is None
    # The rest of the reading still holds: a child's red flag long over is past.
    assert bot.screen.check("my toddler swallowed a magnet two years ago and it passed fine") is None
    assert bot.screen.check("I swallowed a magnet") is not None


# A relative writing about a small child's emergency gets the notice (NHS, When to call 999);
# the same words told benignly, and a child's red flag for a rule about the patient's own
# surgery, do not.
@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("my toddler drank bleach", "poisoning"),
        ("my baby has a rash that doesn't fade under a glass", "meningitis-rash"),
        ("my toddler is choking", "choking"),
        ("the baby isn't breathing", "collapse-unresponsive"),
        ("my toddler swallowed a button battery", "poisoning"),
        ("my baby had a fit and won't wake up", "seizure"),
        ("my baby is floppy and won't feed", "sepsis-signs"),
        ("my toddler is having a fit and won't stop shaking", "seizure"),
        ("my son is teething and has a temperature", None),
        ("my toddler has a temperature", None),
        ("my toddler choked on his laugh", None),
        ("my daughter's rash faded under the glass", None),
        ("the baby's nappy is wet", None),
        ("my toddler can't pee", None),
        ("my dog is choking on a bone", None),
        ("my cat drank bleach", None),
    ],
)
def test_a_small_childs_emergency_fires_only_an_any_age_rule(
    builtin_screen: UrgentScreen, message: str, rule: str | None
) -> None:
    fired = builtin_screen.matching(message)
    assert bool(fired) is (rule is not None)
    assert [r.id for r in fired if r.id == rule] == ([rule] if rule else [])
    assert all(r.any_age for r in fired)  # no rule about the patient's own surgery


def test_a_phrase_both_a_duration_and_a_past_point_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A `lasting` rule would count it and not count it at once.
    text = Path(loader.RULES_DIR, "context", "english.yaml").read_text(encoding="utf-8")
    (tmp_path / "context").mkdir()
    (tmp_path / "context" / "clash.yaml").write_text(
        text.replace("  pre: [history of,", "  pre: [for decades, history of,"), encoding="utf-8"
    )
    monkeypatch.setattr(loader, "RULES_DIR", tmp_path)
    with pytest.raises(FaqInvalid) as exc_info:
        loader.load_lexicon.__wrapped__("clash")
    assert [p.message for p in exc_info.value.problems] == [
        f"history.{name} lists 'for decades', a past point in history.pre or history.post: "
        "a phrase is a duration or a past point, not both"
        for name in ("lasting_pre", "lasting_post")
    ]


def test_a_broken_rule_set_is_reported_by_the_same_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken.yaml").write_text(
        "default_notice: Call now.\nrules:\n  - id: x\n    any: [y]\n    notice: Go.\n", encoding="utf-8"
    )
    monkeypatch.setattr(loader, "RULES_DIR", tmp_path)
    with pytest.raises(FaqInvalid) as exc_info:
        loader.load_rule_set.__wrapped__("broken")
    [problem] = exc_info.value.problems
    assert (problem.path, problem.line, problem.column) == (str(tmp_path / "broken.yaml"), 3, 5)
    # A built-in rule must say where its red flag comes from.
    assert problem.message == "an urgent rule is missing the required key 'source'"


# The screen reads ASCII text the fast way, and reads it again with each word's
# place only when it cuts a denial out: both readings must give the same words.
@given(
    st.text(alphabet=st.sampled_from(list("aA0189 .,;:!?'\n-_")), max_size=40)  # the edge cases
    | st.text(alphabet=st.characters(max_codepoint=127), max_size=60)
)
@settings(max_examples=300, deadline=None)
def test_both_readings_of_a_message_agree(text: str) -> None:
    fast, placed = _Message(text), _Message(text, places=True)
    assert (fast.words, fast.stops, fast.commas) == (placed.words, placed.stops, placed.commas)
    assert len(placed.starts) == len(placed.ends) == len(placed.words)


# The same with run-together words cut (a token such as "cantpee" read as two words).
@pytest.mark.parametrize("text", ["i cantpee, my bladderis full.", "I can'tfeel my legs!", "no,cantfeel"])
def test_both_readings_cut_run_together_words_alike(builtin_screen: UrgentScreen, text: str) -> None:
    split = builtin_screen._split
    fast, placed = _Message(text, split=split), _Message(text, places=True, split=split)
    assert (fast.words, fast.stops, fast.commas) == (placed.words, placed.stops, placed.commas)
    assert len(placed.starts) == len(placed.ends) == len(placed.words) > len(_Message(text).words)


def test_the_recorded_messages_stay_caught(bot: FaqBot) -> None:
    # Emergencies and safe messages written in rounds while the rules were built
    # (tests/data/urgent-messages.yaml says how). A few are hard cases the screen
    # still gets wrong; the floor below is what it does now, so a change that
    # loses ground fails here, and names the messages it lost.
    cases = yaml.safe_load((DATA / "urgent-messages.yaml").read_text(encoding="utf-8"))["cases"]
    replies = [(c["q"], c["expect"], bot.ask(c["q"]).status) for c in cases]
    missed = [q for q, expect, status in replies if expect == "urgent" and status is not Status.URGENT]
    alarms = [q for q, expect, status in replies if expect != "urgent" and status is Status.URGENT]
    answered = [q for q, expect, status in replies if expect == "urgent" and status is Status.ANSWERED]
    emergencies = sum(expect == "urgent" for _, expect, _ in replies)
    assert answered == []  # never an ordinary answer to a described emergency
    assert len(missed) <= 0.01 * emergencies, missed
    assert len(alarms) <= 0.01 * (len(replies) - emergencies), alarms


def test_a_faq_read_from_the_cache_screens_alike(faq: Faq) -> None:
    # The cache holds the FAQ as data (no pickled screen): the screen built
    # from what it reads back must screen as a fresh one does.
    fresh = UrgentScreen(faq.urgent_rules)
    load_indexed([BUNDLED_FAQ])  # writes the cache
    safety._BUILT.clear()
    cached_faq, _ = load_indexed([BUNDLED_FAQ])
    screen = UrgentScreen.for_faq(cached_faq)
    assert screen.rules == fresh.rules
    messages = ("I want to kill myself", "I have no numbness in my groin, what is fbs", "my legs are fine")
    assert [screen.screen(m) for m in messages] == [fresh.screen(m) for m in messages]


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        # A question puts a negative auxiliary before its subject; the screen reads it back in
        # statement order, so no rule needs a question form of its phrases.
        ("Why can't I feel my groin?", SADDLE),
        ("why cant he wee", "urine-retention"),
        ("why can't she feel her legs since this morning", LEGS),
    ],
)
def test_a_question_in_inverted_order_is_read_as_the_statement(bot: FaqBot, message: str, rule: str) -> None:
    assert [r.id for r in bot.screen.matching(message)][:1] == [rule]


@pytest.mark.parametrize(
    ("message", "rules"),
    [
        # The lexicon's `same` classes: a synonym or another form of an auxiliary left out of
        # one rule's list is read as the word the rule names.
        ("he hasn't urinated all day", BLADDER),
        ("she hasnt widdled since breakfast", BLADDER),
        ("I can't urinat", BLADDER),  # a typo of a class member
    ],
)
def test_words_of_one_class_stand_for_each_other(bot: FaqBot, message: str, rules: tuple[str, ...]) -> None:
    rule = bot.screen.check(message)
    assert rule is not None
    assert rule.id in rules


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A general question taken up by a later sentence that puts "it" on the writer now is
        # a described symptom; without that sentence, or without the writer, it stays general.
        ("is it normal to have chest pain after back surgery? I've had it since this morning", True),
        ("Is it normal to lose control of your bladder after surgery? It happened to me today", True),
        ("can foot drop get better? mine started this morning", True),
        ("is it normal to have chest pain after back surgery?", False),
        ("what are the signs of cauda equina syndrome? my friend asked", False),
        # Someone who only wants to know is not described by a general question.
        ("what are the warning signs of a clot in the leg, my parents want to know", False),
        ("what are the signs of a clot, I want to know because my calf is swollen and hot", True),
        ("what are the signs of a clot, I need to know as my calf is swollen", True),
        # "if" with a present perfect takes the thing as given
        ("do I need to go to A&E if I've lost control of my bladder?", True),
        ("what if I lose control of my bladder one day?", False),
    ],
)
def test_a_general_question_made_personal_later_is_urgent(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.screen.check(message) is not None) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A pet or a small child is never the patient, in any tense; the writer beside them is.
        ("my dog can't pee when we go out in the rain", False),
        ("my baby's nappy is wet all the time", False),
        ("the puppy keeps wetting itself", False),
        ("I tripped over the dog and now I can't feel my legs", True),
        # A "now" that makes someone else's past current never makes a pet the patient.
        ("my dog collapsed just now", False),
        ("the cat has collapsed, what do I do", False),
        # People told of from elsewhere, even in the present, are not the writer
        ("I read on a forum that some people can't pee after spinal surgery", False),
        ("I read the forum and now I can't pee", True),
    ],
)
def test_pets_children_and_reported_people_are_not_patients(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.screen.check(message) is not None) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A `current` word speaks for its sentence back to a contrast ("but", "..., now"), not
        # over it: the past before the contrast stays past.
        ("I was suicidal a few years ago but I'm in a much better place now", False),
        ("I had cauda equina syndrome in 2015 and had surgery, now I have chronic back pain", False),
        ("I had a fever last year but today I am fine", False),
        # ...unless it says the thing is back, or a clause after it takes the thing up
        ("I had a fever last year but it's come back today", True),
        ("my leg went weak years ago but this morning it gave way completely", True),
        # "now" inside a clause is no contrast
        ("I'm much weaker in my legs than before the operation, I can't climb the stairs now", True),
    ],
)
def test_now_speaks_for_its_sentence_up_to_a_contrast(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.screen.check(message) is not None) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A plea makes someone else's or a past red flag the writer's concern, but not an
        # "if": a hypothetical asked about stays a question.
        ("my husband had chest pain an hour ago, what do I do", True),
        ("If my legs went weak what should I do?", False),
        # Told from elsewhere of someone else, a "now" beside it changes nothing
        ("in the book the main character goes numb from the waist down, not what I need right now", False),
    ],
)
def test_a_plea_or_a_now_does_not_undo_a_hypothetical_or_a_story(
    bot: FaqBot, message: str, urgent: bool
) -> None:
    assert (bot.screen.check(message) is not None) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A post-trigger all-clear ("fine", "ok") denied by a negation just before it says
        # there is a problem; on its own it still denies.
        ("my bladder isn't fine, I can't go at all", True),
        ("my legs aren't ok, they keep giving way", True),
        ("my bladder is fine, I can go", False),
    ],
)
def test_a_denied_all_clear_denies_nothing(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.screen.check(message) is not None) is urgent


@pytest.mark.parametrize(
    ("rule_word", "typed", "typo"),
    [
        # A four-letter rule word: two letters swapped, or the last one mistyped...
        ("pain", "pian", True),
        ("legs", "legz", True),
        ("numb", "numm", True),
        # ...but not another first letter or a longer word
        ("legs", "pegs", False),
        ("numb", "number", False),
    ],
)
def test_a_short_rule_word_forgives_a_swap_or_a_slip_at_its_end(
    rule_word: str, typed: str, typo: bool
) -> None:
    assert _typo_of(rule_word, typed) is typo


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A string that is no English word is one slip from a rule word wherever the slip is:
        # the first letter, or one letter of a four-letter word.
        ("I've got hcest pain", True),
        ("my elgs gave out twice today", True),
        ("I cant feekl my legs", True),
        # A real word stays itself, however close to a rule word ("feet" is not "feel").
        ("my feet are cold in the mornings", False),
    ],
)
def test_a_string_that_is_no_word_reads_as_the_rule_word_one_slip_away(
    bot: FaqBot, message: str, urgent: bool
) -> None:
    assert (bot.screen.check(message) is not None) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A rare string of three or four letters, a rule word with a letter left out, two
        # swapped or one typed as a key beside it, reads as that word where words typed right
        # in its clause bear it out...
        ("my right fot keeps dragging", True),
        ("my leys gave out twice today", True),
        ("im nmb down there when i wipe", True),
        ("I can't lft my leg to get into the car", True),
        ("my lgs have been getting weaker and weaker since yesterday", True),
        # ...never alone, nor borne out only from another clause ("pss" may be "puss")...
        ("my fot is fine", False),
        ("I've been knitting to pss the time and keep dropping stitches!", False),
        # ...and a letter changed elsewhere on the keyboard is no such slip ("het" is not "wet"),
        # nor a key beside it where a letter left out reads better ("fot" is "foot", not "fit").
        ("Can I use a het pad while sleeping?", False),
        ("my old car is on its lat legs", False),
        ("someone in my support group had fot drop, could that happen to me?", False),
    ],
)
def test_a_short_misspelled_word_counts_only_where_its_clause_bears_it_out(
    bot: FaqBot, message: str, urgent: bool
) -> None:
    assert (bot.screen.check(message) is not None) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A misspelled form of a rule word means all the word means typed right, its stem's
        # family too: "endng" is "ending", so the phrases written with "end" serve it.
        ("i feel like endng my life", True),
        ("I'm thinking about hurtnig myself", True),
        # A short string stays to the rule word alone ("wond" is "wound", not "wind" and "winded").
        ("the wond on my back is healing well", False),
    ],
)
def test_a_misspelled_form_means_its_whole_family(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.screen.check(message) is not None) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A denial or resolution typed with a slip still reads as one: a string that is no
        # English word, one edit from a single trigger word.
        ("I havne't lost control of my bowels", False),
        ("The numbness in my groin wnet away weeks after surgery", False),
        ("I had a fever after the op but it's been fien since", False),
        # One slip from a rule word as well ("nevre": "nerve"): the rule word's reading wins.
        ("my chest pain went away years ago and nevre came back", True),
        # A stray letter more is no trigger word's typo: "showr" is not "show".
        ("I collapsed in the showr and hit my head", True),
    ],
)
def test_a_misspelled_trigger_word_reads_as_the_word(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.screen.check(message) is not None) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A time of now, or a sudden change, after a long-standing symptom ends the
        # years' scope: what follows is new (NICE NG59: new or worsening is the flag).
        ("I have had numbness in my foot for years and today both legs are numb", True),
        ("my leg has been weak for years and suddenly I cannot lift it", True),
        # the long-standing symptom alone stays not new
        ("my left foot has been numb for years", False),
    ],
)
def test_a_new_time_ends_a_long_standing_scope(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.screen.check(message) is not None) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A resolution reaches back over the story told in between to the red flag...
        ("I had chest pain the week after surgery. They did an ECG. All clear, it was muscular.", False),
        ("My wound opened up and bled a lot in March. It was restitched. It healed well.", False),
        # ...but a red flag said now after it still counts.
        (
            "I had a clot last year. It cleared. Since this morning my calf is swollen and I'm breathless.",
            True,
        ),
    ],
)
def test_a_resolution_reaches_back_over_the_story(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.screen.check(message) is not None) is urgent


def test_a_red_flag_with_a_typo_is_never_answered(bot: FaqBot) -> None:
    # "can't feel" stands among the red flags: whatever no rule catches is not answered.
    reply = bot.ask("cant feel my legz")
    assert reply.status is not Status.ANSWERED


@pytest.mark.parametrize(
    ("message", "flagged"),
    [
        # Red-flag evidence in part, read only loosely: never an ordinary answer, at least
        # the red-flag pointer. A short typo that no word typed right in its clause bears out
        # ("caf": "calf", its swelling told in the next clause)...
        ("the caf on my left side aches, and now it's swollen", True),
        # ...a letter held down where the word is mistyped too ("psss": "pass", not "ps")...
        ("i think im about to psss out", True),
        # ...a rule word typed with a space inside it, one half a rule word itself...
        ("my husband keeps talking about end ing it all", True),
        ("she took an over dose of her tablets", True),
        ("he suddenly cant under stand what im saying", True),
        # ...and a string that is no word, a typo of a rule word, read as its whole family
        # ("waek": "weak", so the red flag "weakness").
        ("both of them are getting waek", True),
        # The same loose readings find nothing in ordinary words: a real word is no typo's
        # family ("wean"), and a join or a cut that reads no red flag changes nothing.
        ("how do I wean off tramadol safely?", False),
        ("what does over dose mean on a label", False),
        ("is it ok to stand under a hot shower after surgery", False),
    ],
)
def test_partial_red_flag_evidence_keeps_an_ordinary_answer_away(
    bot: FaqBot, message: str, flagged: bool
) -> None:
    reply = bot.ask(message)
    assert (reply.status is Status.URGENT or reply.reason is Reason.RED_FLAG) is flagged
    if flagged:
        assert reply.status is not Status.ANSWERED


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # Words of negation that deny nothing (`negation.pseudo`), in text without commas, where
        # their scope would run on to the red flag: a comparison with all before it says the
        # symptom is new and its worst...
        ("sudden agony in my back like nothing before and i feel clammy and faint", True),
        ("pain like never before and i keep fainting", True),
        # ...and "without" an aid names the aid.
        ("i cant get up without holding onto the table my legs keep giving way", True),
        # A negation beside them still denies.
        ("i can walk without a stick and my legs are not weak", False),
        ("no fainting like before, i feel fine now", False),
    ],
)
def test_a_negation_word_that_denies_nothing(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.screen.check(message) is not None) is urgent


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        # A past tense written with 'd reads as the rule word, though its apostrophe goes ("odd")...
        ("my wife has od'd", "overdose"),
        ("my son has OD\u2019d on his tablets", "overdose"),
        # ...but a subject's 'd is "would" or "had", and a word that makes no rule word stays.
        ("I'd like to know what fbs is", None),
        ("she'd had an odd day", None),
    ],
)
def test_a_past_tense_with_an_apostrophe(
    builtin_screen: UrgentScreen, message: str, rule: str | None
) -> None:
    fired = builtin_screen.check(message)
    assert (fired.id if fired else None) == rule


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A past time said after "since" in its clause dates it, and the symptom before it:
        # no "since" of now. "since" with nothing after it is "since then".
        ("my left foot has been numb since my first op in 2012, no change", False),
        ("two years ago I took an overdose, I've had lots of support since and I'm well", False),
        # a "since" of now, or a "now" after a time long gone, still counts
        ("my left foot has been numb since this morning", True),
        ("I had a clot years ago and now I suddenly can't breathe", True),
    ],
)
def test_a_since_dated_long_ago_is_not_now(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.screen.check(message) is not None) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # Thoughts of suicide had for years are no less current (NICE NG225; Samaritans)...
        ("I have been suicidal for 3 years", True),
        ("I have wanted to kill myself for years", True),
        ("for years I have wanted to end it all", True),
        ("I've wanted to die all my life", True),
        ("I have self harmed since 2019", True),
        ("I've been suicidal since my surgery in 2019", True),  # a past point as its start
        # ...a past point with a resolution is over...
        ("I tried to kill myself in 2019, I'm fine now", False),
        ("I had suicidal thoughts years ago but got help and they're gone", False),
        # ...and a symptom that has lasted is still not new (NICE NG59).
        ("my left foot has been numb for years", False),
        ("my foot has been numb since 2019", False),
        ("my foot has been numb since my surgery in 2019", False),
    ],
)
def test_suicidal_thoughts_that_have_lasted_still_count(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.screen.check(message) is not None) is urgent


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        # Each `all` group needs words of its own: one word fills one group, so a word that
        # two groups list ("bottle": an amount, and what medicine is kept in) sets off nothing
        # alone...
        ("where do i put the empty wine bottles", None),
        ("can I put the packet in the recycling", None),
        ("I take lots of tablets already", None),
        # ...while each group said in words of its own still fires...
        ("she swallowed a whole packet of sleeping pills", "overdose"),
        ("took the entire bottle of tramadol", "overdose"),
        # ...and a phrase of two words or more listed in both groups says both ("the lot").
        ("i swallowed the lot an hour ago", "overdose"),
        ("im going to take the whole lot tonight", "overdose"),
    ],
)
def test_one_word_fills_one_group(bot: FaqBot, message: str, rule: str | None) -> None:
    fired = bot.screen.check(message)
    assert (fired.id if fired else None) == rule


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # A threat that hangs on a condition is still a threat: the condition's scope ends at
        # the clause that makes it.
        ("if my op gets cancelled again im ending it", True),
        ("if the physio doesnt help by friday i will end it", True),
        ("if I ever feel like ending it, who should I call?", False),
        # A past attempt with a wish to repeat it is current; a past attempt alone is not.
        ("I overdosed a few years back and I want to do it again", True),
        ("I tried to end my life in 2012 and I'm going to try it again", True),
        ("I overdosed a few years back, I'm in a good place now", False),
    ],
)
def test_a_condition_or_past_attempt_hides_no_threat(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.screen.check(message) is not None) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # "is it normal that ..." states what is happening; "is it normal to ..." asks in general.
        ("is it normal that the bandage is sodden", True),
        ("is it okay that the wound is weeping yellow stuff", True),
        ("is it normal to have a bit of ooze from the wound after surgery?", False),
    ],
)
def test_a_that_clause_describes_what_is_happening(bot: FaqBot, message: str, urgent: bool) -> None:
    assert (bot.screen.check(message) is not None) is urgent


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        # New confusion or deep drowsiness after surgery or an opioid change, in several words
        # (NHS, Morphine and Codeine; NICE CG103, Delirium)...
        ("grandad is really confused since his op yesterday", "drowsy-confused"),
        ("since the new fentanyl patch she is so sleepy she cant stay awake", "drowsy-confused"),
        ("my wife keeps nodding off while talking since they raised her oxycodone", "drowsy-confused"),
        ("his breathing is very slow and he wont wake properly", "drowsy-confused"),
        # ...but not confusion about something, or sleepiness as a known side effect.
        ("I'm confused by the dose on the box", None),
        ("codeine makes me a bit sleepy, is that normal?", None),
    ],
)
def test_new_confusion_or_deep_drowsiness_is_urgent(bot: FaqBot, message: str, rule: str | None) -> None:
    fired = bot.screen.check(message)
    assert (fired.id if fired else None) == rule


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        # Typing as phones and hurried thumbs do, none of it listed in the rules: a space left
        # out ("cantpee"), an apostrophe in the wrong place or none, letters held down, text-speak
        # for short words ("b", "n", "thru", "u", "2")...
        ("i cantpee since last nite", "urine-retention"),
        ("my legsare numb and heavy", LEGS),
        ("lost controlof my bladder", "bladder-bowel-control"),
        ("my husbnd can'tfeel his feet", LEGS),
        ("my legs r sooo weeeak", LEGS),
        ("i cant reaaally feel my feeet", LEGS),
        ("blood comin thru the bandage n wont stop", BLEEDING),
        ("i dont wanna b here anymore", "suicide-self-harm"),
        ("i just wanna go 2 sleep n never wake up", "suicide-self-harm"),
        # A token that reads as a rule word only two slips off is cut when both sides are words
        # ("breathand" is "breath and", not "breathing").
        ("since lunch I cant get my breathand Im scared", "breathing"),
        # ...but a word that is a word, or the typo of a rule word, is not cut.
        ("my backache is bad today", None),
        ("sudden weekness in both legs", LEGS),
    ],
)
def test_typing_slips_and_text_speak_are_read_as_words(bot: FaqBot, message: str, rule: str | None) -> None:
    fired = bot.screen.check(message)
    assert (fired.id if fired else None) == rule


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        # A word spelt as it sounds reads as the rule word of the same sound key
        # (data/sound-spellings.txt): an unstressed "-er" as "a", "-y" as "-ie", "-ight" as "-ite".
        ("I've lost control of my bladda today", "bladder-bowel-control"),
        ("I've got a feva and chills, back surgery was 10 days ago", WOUND),
        ("i can barelie move my legs, what should i do", LEGS),
        ("Chest feels tite like someone's sitting on it and I'm sweaty", CHEST),
        # ...but an English word means itself, however it sounds ("feet" is no "feat" of "fate").
        ("my chest of drawers is heavy, can I lift it yet?", None),
        # A short slip of a rule word that is a name or a foreign word ("los", "moe") counts where
        # words typed right bear it out; an everyday word ("lot") does not.
        ("I've los control of my bladder since yesterday", "bladder-bowel-control"),
        ("I can't moe the toes on my left foot", LEGS),
        # A rule word that is itself no English word ("fel", as the rules spell a slip) is still a
        # slip of the word it stands for.
        ("dad is stumbling and can't fel his feet, started today", LEGS),
        # A key held down on a rule word: "buttt" is "butt", not the commoner "but".
        ("cant feel my buttt cheeks when i touch them", SADDLE),
        # After an article a slip names a thing: "my wond" is the wound, not "won't".
        ("My wond is bleeding through the dressing and won't stop", BLEEDING),
        # A slip that may be a red flag's word or what would excuse it ("feal": "feel" or "fear")
        # is the red flag's: the alarm wins...
        ("cant feal my legs", LEGS),
        # ...and one that can only be the excusing word still excuses ("cabin feevr").
        ("I've got cabin feevr from being stuck indoors", None),
        # Run together, read only by its sound ("peeand" sounds like "pond"): cut into rule words.
        ("I'm straining to peeand only a dribble comes out, started today", "bladder-bowel-control"),
        ("i havnt had awee in 14 hrs and my bladder feels like its going to burst", "urine-retention"),
        # ...but a slip of one word stays one ("bleedin" is "bleeding", not "bleed in").
        ("bleedin thru 3 dressins help", BLEEDING),
        # A rule word typed with a space inside it, neither half a word the rules read, is the
        # word ("fee ling"); halves the rules or their context read stay two ("heat wave").
        ("No fee ling in my nether regions since this morning, is that bad?", SADDLE),
        ("this heat wave is suffocating, is it ok to use a fan on my scar?", None),
        # Told of someone else, the body part the rules name with "my" or "I" ("my bits", "where
        # I sit") is theirs too.
        ("she says her bits have gone numb since lunch", SADDLE),
        ("he can't feel anything where he sits since this afternoon", SADDLE),
        # Legs that "just go" have given way.
        ("cant get up the stairs, legs just go", LEGS),
        ("the pain in my legs has just gone after the injection", None),
    ],
)
def test_misspelt_red_flags_read_as_patients_mean_them(
    bot: FaqBot, message: str, rule: str | tuple[str, ...] | None
) -> None:
    fired = bot.screen.check(message)
    assert (fired.id if fired else None) in (rule if isinstance(rule, tuple) else (rule,))


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        # Emergencies beyond the spinal red flags that NHS 999 and A&E advice lists, each with a
        # rule and a notice of its own, in words the rules' examples do not use...
        ("grandad slipped, banged his head on the radiator and keeps being sick", "head-injury"),
        ("since my neck op the front of my neck has swollen up and I can hardly swallow", "neck-swelling"),
        ("pulse is racing and I nearly passed out on the landing", "palpitations"),
        ("she cant keep any fluids down since yesterday", "vomiting-fluids"),
        ("scalded my foot with the kettle and it's gone white and blistered", "burn"),
        # ...and the same words in ordinary use.
        ("I banged my head on the car door last week, it's fine", None),
        ("my heart races with anxiety before appointments", None),
        ("burning pain down the back of my leg, is that sciatica?", None),
    ],
)
def test_other_emergencies_from_published_lists(bot: FaqBot, message: str, rule: str | None) -> None:
    # The rule is among those that fire (an earlier, more pressing one may give its notice first).
    fired = [r.id for r in bot.screen.matching(message)]
    assert (rule in fired) if rule else fired == []


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        # Texting shorthand is read as the word it stands for, so that a rule's phrase written in
        # full ("when i need", "took all my") and the context's triggers serve it.
        ("cant feel wen i need a number 2 anymore", "bladder-bowel-control"),
        ("tuk all my pils", "overdose"),
        # ... and a word typed without its "g" as the word in full.
        ("hubby not makin sense n realy hot", "sepsis-signs"),
        # a shorthand denial still denies
        ("i dnt have any numbness in my groin", None),
    ],
)
def test_shorthand_is_read_in_full(builtin_screen: UrgentScreen, message: str, rule: str | None) -> None:
    fired = builtin_screen.check(message)
    assert (fired.id if fired else None) == rule


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        # Word classes the rules lacked, each said in words of its own: slang negation ("ain't"
        # as "isn't"), an onset word of the sudden class before a headache, the past tense of
        # feeling nothing, loose stool as stool, the person between "without" and "knowing"...
        ("his feet aint working proper since tuesday", "leg-weakness"),
        ("a pounding headache that hit me all at once", "sudden-headache"),
        ("touched between my legs in the shower and felt nothing", "saddle-numbness"),
        ("diarrhoea is leaking out and I can't stop it", "bladder-bowel-control"),
        ("poo came out without her noticing", "bladder-bowel-control"),
        # ...the bottom named plainly as where stool leaks, the urge said to be gone, clothes wet
        # through unawares, the seat not felt as contact missing...
        ("my backside keeps leaking since monday", "bladder-bowel-control"),
        ("the urge to pee has disappeared since the op", "bladder-bowel-control"),
        ("sat at my desk and suddenly wet through without any warning", "bladder-bowel-control"),
        ("sat on the sofa and my bum isnt touching it", "saddle-numbness"),
        # ...a calf firm and sore in either order, "lots of" tablets, hot and cold by turns.
        ("the back of my calf is hard and tender", "calf-clot"),
        ("she took lots of her sleeping tablets an hour ago", "overdose"),
        ("roasting one minute, shivery the next, and the wound is red", "fever-wound"),
        # A plan beside the fear of dying gone or the means stockpiled (C-SSRS question 6), a
        # medicine's blistering rash with sore eyes or mouth, numbness rising up the limbs.
        ("made a plan last week and honestly I'm no longer afraid", "suicide-plan"),
        ("he has been hoarding his pills and says he knows exactly what he will do", "suicide-plan"),
        ("since the new antibiotic my skin is blistering and the inside of my mouth is raw", "skin-reaction"),
        ("the numbness has gone from my feet to my knees and it's climbing up", "numbness-rising"),
        # The same words in ordinary use.
        ("my son got wet through in the rain walking home", None),
        ("is diarrhoea normal on antibiotics", None),
        ("I took lots of photos of my wound for the nurse", None),
        ("the office is freezing one minute and boiling the next", None),
        ("I had an accident at work and my back is worse", None),
        ("I have a plan for my physio and I'm not scared anymore of bending", None),
        ("my lips are peeling in this cold weather, which tablets are ok", None),
        ("pins and needles creep up my arm when I lean on my elbow", None),
    ],
)
def test_word_classes_for_how_patients_tell_red_flags(bot: FaqBot, message: str, rule: str | None) -> None:
    # The rule is among those that fire (an earlier, more pressing one may give its notice first).
    fired = [r.id for r in bot.screen.matching(message)]
    assert (rule in fired) if rule else fired == []


# The screen's pre-check (UrgentScreen._may_fire) passes over a message only when
# its walks would find nothing that fires or flags: emergencies, a red flag no
# rule catches, one a later clause points back at ("I have it"), an inability
# with its verb left out and a red-flag concept's word, all as without it.
@pytest.mark.parametrize(
    "message",
    [
        "I can't control my bladder since yesterday",
        "there is some bleeding from my scar, what is failed back syndrome?",
        "I read about saddle numbness and I have it",
        "I keep checking if I can feel my legs and I can't",
        "my wound has been stiched but it feels hot",
        "my back pain is worse after surgery, can i feel my legs",
        "what is failed back syndrome?",
    ],
)
def test_the_pre_check_passes_over_nothing_a_walk_would_find(
    bot: FaqBot, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = bot.screen.screen(message)
    monkeypatch.setattr(UrgentScreen, "_may_fire", lambda *_: True)
    assert bot.screen.screen(message) == found


# An ordinary question, even one with rule words scattered through it, is
# answered without walking the rule trie from each of its words.
@pytest.mark.parametrize(
    "message", ["what is failed back syndrome?", "my back pain is worse after surgery, can i feel my legs"]
)
def test_an_ordinary_question_is_not_walked(
    bot: FaqBot, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def walk(*_: object) -> None:
        raise AssertionError("walked")

    monkeypatch.setattr(UrgentScreen, "_walk", walk)
    assert bot.screen.screen(message) == Screening(None, message, False)
