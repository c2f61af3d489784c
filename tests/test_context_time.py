"""The urgent screen's time and condition scopes (ConText's temporality and
hypothetical), each mechanism both ways: a red flag that is over, long-standing
and unchanged, supposed or someone else's long ago is not an emergency, and a
current symptom said in the same message still is (when in doubt, the alarm
wins). Also the rules beyond the spinal red flags, on messages of their kind."""

from __future__ import annotations

import pytest

from faq_bot import FaqBot, Status


def _urgent(bot: FaqBot, message: str) -> bool:
    return bot.ask(message).status is Status.URGENT


@pytest.mark.parametrize(
    "message",
    [
        # `<number>` in a trigger stands for any number, in figures or words.
        "numb toes for 3 years, no change",
        "my leg has been slightly weaker than the other for 4 years",
        "I've had a numb patch on my shin for a few years",
        # a long time said first reaches its clause's subject and on
        "for the last decade I've had numbness in two toes",
    ],
)
def test_a_symptom_of_many_years_is_not_new(bot: FaqBot, message: str) -> None:
    # NICE NG59: new or worsening weakness or numbness is the red flag.
    assert not _urgent(bot, message)


@pytest.mark.parametrize(
    "message",
    [
        # days are not years: a number stands for itself only in a time trigger
        "I haven't been able to pee for 3 days",
        # the years date the old symptom; the new one today still counts
        "numb toes for 3 years but today my whole foot went numb and my leg is weak",
        "my leg has been weak for years but since this morning I can't lift my foot at all",
    ],
)
def test_a_new_symptom_beside_an_old_one_alarms(bot: FaqBot, message: str) -> None:
    assert _urgent(bot, message)


@pytest.mark.parametrize(
    "message",
    [
        # a clause that only dates ("that was ...", ", years ago") dates the clause before it
        "i once blacked out from dehydration on holiday, years ago",
        "I couldn't feel my legs for an hour after the epidural, that was 10 years ago",
        # and so does a clause that only says it is unchanged
        "my left foot has felt a bit dead for a decade, unchanged",
        "slight foot drop since 2018, stable, do I still need the splint?",
        # a since-clause dated long ago dates what it started, like a when-clause
        "my foot has dragged a little ever since the nerve damage in 2012",
        "I fainted once when I was 15 having blood taken, does that matter for surgery?",
    ],
)
def test_a_clause_that_dates_reaches_the_one_before(bot: FaqBot, message: str) -> None:
    assert not _urgent(bot, message)


@pytest.mark.parametrize(
    "message",
    [
        # a clause in the present is never dated by the clause after it
        "I can't feel my legs, it was like that in 2019 too",
        # a time said first opens its own clause: it does not date the one before
        "sudden numbness in my groin since lunch, years ago I had a disc out",
        # minutes ago is now
        "my husband collapsed, that was 10 minutes ago",
    ],
)
def test_a_dating_clause_spares_what_is_current(bot: FaqBot, message: str) -> None:
    assert _urgent(bot, message)


@pytest.mark.parametrize(
    "message",
    [
        # a "now", "again" or "since" that is itself supposed, denied or dated says nothing
        # of now
        "if she faints again should we call 999 or 111?",
        "supposing my leg goes weak again, do I go to A&E?",
        "if ever I feel suicidal again, who can I talk to?",
        "I had a seizure as a child but none since, can I still have the op?",
        "my aunt had cauda equina syndrome in 2005 and now walks fine",
        "I had pneumonia and was short of breath in 2022, all fine since",
    ],
)
def test_a_now_inside_a_condition_or_denial_is_not_current(bot: FaqBot, message: str) -> None:
    assert not _urgent(bot, message)


@pytest.mark.parametrize(
    "message",
    [
        # a change after "but" opens its own clause: the time before it stops there
        "i used to faint as a teenager but today i collapsed twice",
        "my leg went weak years ago but this morning it gave way completely",
        # "and now" after a time long gone is not in that time's scope
        "I had a clot years ago and now I suddenly can't breathe",
        "I had this last year and it's back today, I can't feel my legs",
        "back in 2019 I couldn't pee after my op and it's happening again today",
    ],
)
def test_a_current_change_after_a_past_one_alarms(bot: FaqBot, message: str) -> None:
    assert _urgent(bot, message)


@pytest.mark.parametrize(
    "message",
    [
        # conditions said as "should I ever", "if ever", "in case", "what if"
        "should I ever pass out at home, what should my wife do?",
        "what if I can't feel my legs after the operation?",
        "in case I lose control of my bladder, who do I ring?",
        "my brother once couldn't pee after his appendix op, they used a catheter",
        "my friend once had a blood clot after her hip op, how common is that?",
        # "me" as an object does not make someone else's past the writer's own
        "the man in the bed next to me had a fever and they gave him antibiotics",
        # a time said first takes the clause's subject ("in my twenties I...")
        "in my twenties I lost control of my bladder after a fall, is that relevant now?",
    ],
)
def test_a_supposed_or_someone_elses_once_is_not_urgent(bot: FaqBot, message: str) -> None:
    assert not _urgent(bot, message)


@pytest.mark.parametrize(
    "message",
    [
        # Fears and "would I" questions are left out of the conditions on purpose: said of
        # oneself they are the self-harm red flag (NICE NG225).
        "I'm scared I might do something stupid",
        "would I be better off dead",
        "would it matter if I wasn't here anymore",
        "could i get enough pills to end it",
        # a condition with the emergency now beside it
        "if I pass out again should I call someone? I just passed out in the bathroom",
        "my husband used to have fits and he's having one now",
        # someone beside the writer, now
        "my husband is next to me and he can't feel his legs",
        # someone else's red flag told in the past, with a span still running or said to be new
        "She went numb around her bottom for the last few hours",
        "my dad went numb between his legs in the past hour",
        "my wife lost feeling in her groin, this is new",
    ],
)
def test_self_harm_and_present_emergencies_beside_a_condition_alarm(bot: FaqBot, message: str) -> None:
    assert _urgent(bot, message)


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        # each rule beyond the spinal red flags, on wording not in its own examples
        ("my wife has collapsed and isn't answering me", "collapse-unresponsive"),
        ("cant wake her, she's breathing but floppy", "collapse-unresponsive"),
        ("his eyes are rolling back and he's jerking", "seizure-signs"),
        ("clear watery fluid keeps dripping out of my scar", "csf-leak-signs"),
        ("her face is drooping on the left", "stroke"),
        ("my lips have swollen up since the new antibiotic", "anaphylaxis"),
        ("sudden blinding headache and a stiff neck", "sudden-headache"),
        ("I've thrown up blood twice tonight", "vomiting-blood"),
    ],
)
def test_the_rules_beyond_the_spinal_red_flags(bot: FaqBot, message: str, rule: str) -> None:
    # The session's screen: building one costs a second.
    assert rule in [r.id for r in bot.screen.matching(message)]


@pytest.mark.parametrize(
    "message",
    [
        # "nothing since" going on in its clause dates what is still going on (a plain
        # "since" would make it current); at a clause's end it is an all-clear
        "I've stopped being able to wee, nothing since lunchtime",
        # a worsening of an old, dated thing is happening now, back over the contrast
        # the "now" opens (urgent7's scope) and past the years that date it (urgent8's)
        "the weakness in my leg was stable for ages, now it's got much worse and I keep tripping",
        "my groin went numb in 2019 and stayed the same, but now it has got worse",
        "my saddle area was numb for years, now it's spreading down my legs",
    ],
)
def test_a_change_now_to_an_old_symptom_alarms(bot: FaqBot, message: str) -> None:
    assert _urgent(bot, message)


@pytest.mark.parametrize(
    "message",
    [
        # the all-clear at the end of its clause still resolves what went before
        "I had a seizure years ago but nothing since",
        "I fainted once in 2010, none since",
        # a plea inside a condition is no plea of now
        "if my legs ever went numb again, what should I do?",
        "should I ever lose control of my bladder, what do I do?",
    ],
)
def test_an_all_clear_or_a_supposed_plea_is_not_current(bot: FaqBot, message: str) -> None:
    assert not _urgent(bot, message)


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # "they've gone" is a resolved post-trigger, but here its "gone" opens the red flag "gone
        # to sleep": the red flag's reading wins
        ("my genitals feel numb, like they've gone to sleep", True),
        # the same trigger standing apart from the red flag still resolves it
        ("my groin was numb on Monday but they've gone back to normal now", False),
        # a trigger for what follows keeps its words: "no trouble" denies "trouble breathing"
        ("no trouble breathing, just back pain", False),
    ],
)
def test_a_trigger_that_runs_into_a_red_flag(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # put right by itself or by treatment, or well or dry since: over (ConText's resolved)
        ("I couldn't pee after the op but it sorted itself out and I've been normal for a month", False),
        ("my temperature was 39 on the ward but it settled with antibiotics", False),
        ("the wound oozed a little at first but has been dry for days", False),
        ("I felt I couldn't breathe during a panic attack once, nothing like that since", False),
        # the same words beside a red flag going on now still alarm
        ("the wound was dry for a week but now it's oozing pus and I have a fever", True),
    ],
)
def test_a_red_flag_put_right_since_is_over(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a "now" after a clause dated long ago is its own clause's: the old red flag stays old
        ("my dad had a clot in his leg in 2012, he takes blood thinners now", False),
        ("my mum had anaphylaxis as a child, she carries an epipen now", False),
        # unless what follows the date refers back to it, or says a red flag of its own
        ("I had a seizure as a child, I'm having one now", True),
        ("I had chest pain in 2019 and it's back now", True),
        ("years ago I had a clot, my calf is swollen and hot now", True),
        # a date said after the "now" dates nothing before it
        ("my groin has been numb since lunch, years ago I had a disc out", True),
    ],
)
def test_now_does_not_reach_back_over_a_date_long_gone(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a supposition after a `current` word is still a supposition
        ("I keep thinking I could lose control of my bladder after the op", False),
        # "ever" in an if-clause supposes, though "if I'm" alone takes the thing as given
        ("what number do I ring if I'm ever feeling suicidal?", False),
        ("what number do I ring? I'm feeling suicidal right now", True),
        # what one checks for is not found yet; what one has found is
        ("should I look at my scar every day for signs of infection?", False),
        ("my scar shows signs of infection and I have a fever", True),
        # a clinician's question is no finding (as "asked about" is not)
        ("the physio kept asking about numbness in my saddle area", False),
        ("I can't feel my saddle area, the physio kept asking about it", True),
    ],
)
def test_a_supposition_or_a_search_is_not_a_finding(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a season named after its event is one gone by; "since" it, it goes on
        ("I had blood in my poo in the summer, the GP said it was piles", False),
        ("there's been blood in my poo since the summer", True),
        # a time after "than" is the baseline of a change, no date of the red flag
        ("my legs are much weaker than before the operation", True),
    ],
)
def test_a_season_gone_by_and_a_comparison(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent


@pytest.mark.parametrize(
    ("message", "urgent"),
    [
        # a count of hours that a later clause ends, referring back, is how long it lasted
        ("I couldn't feel my legs for a few hours after the spinal, it wore off", False),
        # not when that end is denied, the end is someone else's, or the thing goes on after it
        ("I couldn't pee for 12 hours, it never wore off", True),
        ("I haven't peed for 12 hours, the pain wore off though", True),
        ("I couldn't feel my legs for a few hours, it's been like that since lunch", True),
        ("my legs went numb for 3 hours, it wore off but now they're numb again", True),
        # a time of the last day is no count of hours: chest pain that came and went today alarms
        ("I had chest pain for 2 hours this morning, it went away", True),
    ],
)
def test_a_count_of_hours_that_ended(bot: FaqBot, message: str, urgent: bool) -> None:
    assert _urgent(bot, message) is urgent
