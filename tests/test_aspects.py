"""faq_bot.aspects: what a question asks for, and whether the best entry can give it."""

from __future__ import annotations

import json

import pytest

from faq_bot import Entry, Faq, FaqBot, Reason, Section, Source, Status, aspects


# The type is read from the question's asking words; a vague "how can I",
# "what is", a bare "when" or "how much" (of pain) asks for none, and so is
# never judged.
@pytest.mark.parametrize(
    ("question", "types"),
    [
        ("how much does a spinal cord stimulator cost", ("money",)),
        ("what is the price of a day pass?", ("money",)),
        ("does my insurance cover physiotherapy", ("money",)),  # whether it is paid for
        ("how long is recovery from a laminectomy", ("duration",)),
        ("so how soon can I drive again", ("duration",)),
        ("whats the recovery time after an operation", ("duration",)),
        ("what is the life expectancy with it", ("survival",)),
        ("when can I go back to work", ("duration",)),
        ("how many people get failed back syndrome", ("count",)),
        ("what is the success rate of spinal fusion", ("number",)),
        ("how common is failed back syndrome", ("number",)),
        # A count of weeks asks for a number: "some weeks" does not give one.
        ("how many weeks does it take", ("count",)),
        ("exactly how many days will it take", ("count",)),
        ("can children get failed back syndrome", ("population",)),
        ("who is at risk of it", ("population",)),
        ("laminectomy step by step", ("steps",)),
        ("how is a discectomy done", ("steps",)),
        ("how do they do a laminectomy", ("steps",)),
        # A gap's articles are not counted among its three words.
        ("how is a spinal cord stimulator implanted", ("steps",)),
        ("how is my new spinal cord stimulator implanted", ()),
        # A ranking of choices: "which is best", "X better than Y", "the best X to buy".
        ("which clinic is best for back pain", ("ranking",)),
        ("is a gym better than swimming", ("ranking",)),
        ("whats the cheapest phone to buy", ()),
        ("whats the best phone to buy", ("ranking",)),
        ("is swimming or cycling better for a bad back", ("ranking",)),
        ("is coffee as bad as cigarettes for healing", ("ranking",)),
        # How two things compare; "more than a month" compares nothing.
        ("what's the difference between a nerve block and an epidural", ("comparison",)),
        ("is it more painful after a fusion than a discectomy", ("comparison",)),
        ("how can I tell ordinary soreness from nerve damage", ("comparison",)),
        ("is it normal to hurt more than a month after surgery", ()),
        # "What is a/an X" asks what a kind of thing is; "what is X" may ask anything.
        ("what is a hip replacement", ("definition",)),
        ("whats an epidural", ("definition",)),
        ("what is a good way to sleep with back pain at night", ()),
        ("what is failed back syndrome", ()),
        ("how can I lower my risk", ()),
        ("when does it stop being normal", ()),
        ("how much pain after surgery is too much, and for how long?", ()),
        ("do I need to pay for parking on a sunday", ()),
        # Whether one has it: signs to look for, or a diagnosis only a clinician gives.
        ("how do i know if i have failed back syndrome", ("signs",)),
        ("so how would you recognise it in someone", ("signs",)),
        ("can you tell me whether i have it or not", ("diagnosis",)),
        # What a thing named before is, or what it is called: "what is X"
        # names its own subject and asks for no type.
        ("my doctor mentioned it at my appointment, what is that?", ("naming",)),
        ("does that kind of pain have a name", ("naming",)),
        ("what do they call it when the pain stays", ("naming",)),
    ],
)
def test_the_type_a_question_asks_for(question: str, types: tuple[str, ...]) -> None:
    assert aspects.asked(question) == types


# What an answer can give is found by its words and by general shapes of
# text: prices, clock times, figures, groups of people.
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A day pass is \u00a35.", "money"),
        ("Membership is free for residents.", "money"),
        ("We are open 9am to 5:30pm.", "duration"),
        ("The pain can last for months or years.", "duration"),
        ("About 3 in 10 people have it.", "number"),
        ("About 3 in 10 people have it.", "count"),
        ("Up to 40% of patients.", "number"),
        ("Most patients improve.", "count"),
        ("Children of any age can join.", "population"),
        ("First unplug the hub, then wait and plug it back in.", "steps"),
        ("A weekly ticket is worth it if you travel most days.", "ranking"),
        ("Sciatica is the name for pain along the sciatic nerve.", "naming"),
    ],
)
def test_what_an_answer_supplies(text: str, kind: str) -> None:
    assert kind in aspects.supplied(text)


def test_how_often_or_how_common_is_no_count() -> None:
    # "It is common to ..." says how common, not how many years or people.
    found = aspects.supplied("It is common to have some pain while you heal.")
    assert "number" in found
    assert "count" not in found


def test_a_plain_answer_supplies_no_type() -> None:
    # Any sentence may say what a thing it names is: what a definition is asked of decides.
    assert aspects.supplied("Painkillers may help relieve the pain.") == frozenset({"definition"})


def test_a_phrasing_that_asks_for_a_type_supplies_it() -> None:
    # The FAQ's author says the entry answers "how long ...?", whatever its answer's words;
    # a phrasing that only names a time does not.
    assert "duration" in aspects.supplied("It varies from person to person.", ["how long does it last?"])
    assert "duration" not in aspects.supplied("It varies.", ["is it normal to hurt weeks after my op?"])


def test_every_asking_phrase_is_found_before_the_data_is_parsed() -> None:
    # asked() looks for a question's words in the data's text before parsing
    # it: each phrase that asks must start a line as "ask WORD" or "open WORD".
    phrases = [phrase for found in aspects.lexicon().asks.values() for _, phrase, _ in found]
    assert phrases
    assert all(aspects._may_ask([w if w != "*" else "then" for w in phrase]) for phrase in phrases)
    assert not aspects._may_ask("what is failed back syndrome".split())


def test_every_type_in_the_data_asks_and_supplies() -> None:
    found = aspects.lexicon()
    assert {kind.name for kind in found.types} == {
        "money",
        "duration",
        "count",
        "number",
        "population",
        "steps",
        "survival",
        "ranking",
        "comparison",
        "definition",
        "diagnosis",
        "signs",
        "naming",
    }
    assert {kind.name for kind in found.types if kind.steers} == {"diagnosis", "signs", "naming"}
    for kind in found.types:
        assert kind.what
        assert kind.opening or kind.asking
        assert kind.saying or kind.shapes
        assert kind.shapes <= {"digit", "number", "currency", "percent", "clock", "sentence"}


@pytest.mark.parametrize("line", ["asks cost", "ask", "ask * done"])
def test_a_bad_data_line_is_named(line: str) -> None:
    with pytest.raises(ValueError, match="line 2"):
        aspects.parse(f"type money what things cost\n{line}\n")


# Off-topic questions whose words the bundled FAQ all knows: the closest entry
# says nothing of what they ask for.
@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("how much does a spinal cord stimulator cost", "what things cost"),
        ("how long is recovery from a laminectomy", "how long things take"),
        ("how many people get failed back syndrome", "how many"),
        ("can children get failed back syndrome", "by age or group"),
        # "what is a laminectomy ..." asks about the laminectomy: declined before this gate.
        ("talk me through a laminectomy step by step", "the steps of a procedure"),
        # The treatments entry ranks no hospital; the antidepressants entry says
        # "best" only of whom to ask.
        ("which hospital is best for treating failed back syndrome", "which one is best"),
        ("which antidepressant is best for failed back syndrome", "which one is best"),
        ("how is a spinal cord stimulator implanted", "the steps of a procedure"),
        ("precisely how many days after surgery should I stop taking painkillers", "how many"),
        # The closest entry says such pain is common, which is no count of years.
        ("how many years does failed back syndrome usually last", "how many"),
        ("is failed back syndrome less common after a discectomy than after a fusion", "how they compare"),
        ("is a nerve block or a spinal cord stimulator better for failed back syndrome", "which one is best"),
        # The surgery-types entry holds "discectomy" only in "I had a discectomy, could I get fbs?".
        ("what is a discectomy operation", "what it is"),
    ],
)
def test_an_unanswered_aspect_is_declined(bot: FaqBot, faq: Faq, query: str, says: str) -> None:
    reply = bot.ask(query)
    assert (reply.status, reply.reason) == (Status.NO_MATCH, Reason.UNANSWERED_ASPECT)
    assert reply.message is not None
    assert says in reply.message
    assert reply.message.endswith(faq.fallback)
    assert reply.alternatives  # the closest entry, as a numbered suggestion


# In-scope questions that ask for a type the right entry gives (a date, or a
# phrasing of its own asking "how long"), or ask for none: still answered.
@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("when was the article last updated", "how-up-to-date"),
        ("how long does failed back syndrome last", "can-it-be-cured"),
        ("how soon after surgery does fbs show up", "when-symptoms-start"),
        # Its phrasing "how can I tell normal recovery pain from ..." compares the two.
        ("how can I tell normal healing pain from failed back syndrome", "normal-pain-after-surgery"),
        ("what is a nerve block", "temporary-nerve-blocks"),
        ("how much pain after back surgery is too much, when does it stop being normal healing", None),
    ],
)
def test_an_answerable_aspect_is_answered(bot: FaqBot, query: str, entry: str | None) -> None:
    reply = bot.ask(query)
    assert reply.status is Status.ANSWERED, (reply.reason, reply.message)
    if entry is not None:
        assert reply.entry is not None
        assert reply.entry.id == entry


def _shop(*entries: Entry) -> FaqBot:
    faq = Faq(
        source=Source("The Shop Guide"),
        sections=(Section("shop", "Shop"),),
        reminder="Ask at the desk.",
        fallback="No idea.",
        entries=entries,
    )
    return FaqBot(faq)


def test_an_answer_with_a_price_answers_what_it_costs() -> None:
    # "costs" in the other entry only makes "cost" a word this FAQ knows.
    priced = Entry("repairs", "shop", "Do you repair bikes?", "Yes: a repair is \u00a315 at the workshop.")
    unpriced = Entry("repairs", "shop", "Do you repair bikes?", "Yes, bring the bike to the workshop.")
    costs = Entry("prices", "shop", "Why do costs vary?", "It depends on the bike.")
    assert _shop(priced, costs).ask("how much does a bike repair cost").status is Status.ANSWERED
    reply = _shop(unpriced, costs).ask("how much does a bike repair cost")
    assert reply.reason is Reason.UNANSWERED_ASPECT
    assert reply.message == "The closest answer here does not say what things cost. No idea."


# What a phrase with a gap asks its type of: the words the gap stands for.
@pytest.mark.parametrize(
    ("question", "asked_of"),
    [
        ("which hospital is best for treating failed back syndrome", (("ranking", ("hospital",)),)),
        ("which pain clinic is the best", (("ranking", ("pain", "clinic")),)),
        ("how is a discectomy done", (("steps", ("a", "discectomy")),)),
        ("how is a spinal cord stimulator implanted", (("steps", ("a", "spinal", "cord", "stimulator")),)),
        ("which is best", ()),  # no gap: asked of nothing named
        ("how much does it cost", ()),
        ("what is failed back syndrome", ()),
        # A gap that ends the phrase stands for the rest of the question, three words at most.
        ("what is a spinal cord stimulator", (("definition", ("spinal", "cord", "stimulator")),)),
        ("what is a good way to sleep at night", ()),
    ],
)
def test_what_a_type_is_asked_of(question: str, asked_of: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
    assert aspects.asked_of(question) == asked_of


def test_the_texts_that_supply_a_type() -> None:
    answer = "Both help. The gel is best for small cuts. Ask at the desk."
    assert aspects.supplying("ranking", answer, ["which cream is best?", "do you sell creams?"]) == (
        "which cream is best?",
        "The gel is best for small cuts.",
    )
    assert aspects.supplying("money", answer) == ()


# A type asked of something ("which X is best") is supplied only by a text
# of the entry that says it of X: a ranking of gels answers which gel is
# best, not which shop is; an X the FAQ never names cannot be ranked at all.
def test_a_type_is_supplied_of_what_it_is_asked_of() -> None:
    bot = _shop(
        Entry("gels", "shop", "Do you sell gels?", "Yes. The blue gel is best for road bikes."),
        Entry("shops", "shop", "Where are your shops?", "In the high street and at the station."),
    )
    assert bot.ask("which gel is best for road bikes").status is Status.ANSWERED
    for query in ("which shop is best for road bikes gels", "which mechanic is best for road bike gels"):
        reply = bot.ask(query)
        assert (reply.status, reply.reason) == (Status.NO_MATCH, Reason.UNANSWERED_ASPECT), query


# A shop whose answers give no cost, time or sign of anything.
_BIKE_SHOP = (
    Entry("repairs", "shop", "Do you repair bikes?", "Yes, bring the bike to the workshop."),
    Entry("tyres", "shop", "Do you sell bike tyres?", "Yes, road and mountain bike tyres."),
)


def test_a_faq_that_never_gives_the_type_says_so() -> None:
    bot = _shop(*_BIKE_SHOP)
    reply = bot.ask("how long does a bike repair take")
    assert reply.reason is Reason.UNANSWERED_ASPECT
    assert reply.message == '"The Shop Guide" does not say how long things take or when they happen. No idea.'
    assert json.loads(json.dumps(reply.to_dict()))["reason"] == "unanswered_aspect"


# A question asking whether one has it is asked of the topic, so the topic's
# definition scores highest; what it wants (signs, a diagnosis) chooses the
# entry that gives it, when that entry answers it nearly as well.
@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("how do i know if i have failed back syndrome", "main-symptoms"),
        ("how would you recognise fbs", "main-symptoms"),
        ("can you tell me if i have failed back syndrome", "are-you-a-doctor"),
        ("what is failed back syndrome", "what-is-failed-back-syndrome"),  # asks for neither
    ],
)
def test_a_steering_type_chooses_the_entry(bot: FaqBot, query: str, entry: str) -> None:
    reply = bot.ask(query)
    assert reply.entry is not None
    assert reply.entry.id == entry


def test_a_steering_type_never_declines() -> None:
    # No entry names signs: the question is still answered, by the best entry.
    bot = _shop(*_BIKE_SHOP)
    reply = bot.ask("how do i know if you sell bike tyres")
    assert reply.status is Status.ANSWERED
    assert reply.entry is not None
    assert reply.entry.id == "tyres"


def test_a_steering_type_prefers_an_entry_that_supplies_it() -> None:
    plain = Entry("tyres", "shop", "Do you sell bike tyres?", "Yes, road and mountain bike tyres.")
    signs = Entry("worn", "shop", "Are my bike tyres worn?", "Signs of wear: a flat tread or cracks.")
    reply = _shop(plain, signs).ask("how can i tell if my bike tyres are ok")
    assert reply.entry is not None
    assert reply.entry.id == "worn"
