"""The conversation, without a terminal: what each kind of line shows, and
how a turn is read in the light of the one before (Conversation.respond and
the stateless respond_in_context under it)."""

from __future__ import annotations

import dataclasses
import gc
import json
import re
import weakref
from collections.abc import Callable

import pytest
from conftest import WIDGETS

from faq_bot import (
    Context,
    Conversation,
    Entry,
    Faq,
    FaqBot,
    Match,
    Reason,
    Reply,
    Status,
    respond_in_context,
)
from faq_bot import conversation as conversation_module
from faq_bot.conversation import COMMANDS, MAX_CHOICES, MAX_PARTS, Output
from faq_bot.smalltalk import builtin_language, language_for

LANGUAGE = builtin_language()
TOPICS_HINT = LANGUAGE.say("topics_chat")
GOODBYE = next(i.reply for i in LANGUAGE.intents if i.id == "goodbye")


class ScriptedBot(FaqBot):
    """The real bot, except for the queries given replies: the matcher's tuning
    may change, the conversation's handling of each status must not."""

    def __init__(self, faq: Faq, replies: dict[str, Reply]) -> None:
        super().__init__(faq)
        self._replies = replies

    def ask(self, query: str, *, limit: int | None = None, score_cutoff: float | None = None) -> Reply:
        return self._replies.get(query) or super().ask(query, limit=limit, score_cutoff=score_cutoff)


def answered(
    faq: Faq, entry: Entry, *, query: str, uncertain: bool = False, alternatives: tuple[Entry, ...] = ()
) -> Reply:
    return Reply(
        query=query,
        status=Status.ANSWERED,
        reminder=faq.reminder,
        score=60.0,
        entry=entry,
        section=faq.section(entry.section),
        alternatives=tuple(Match(e, 55.0) for e in alternatives),
        uncertain=uncertain,
    )


def styles_with(output: Output, text: str) -> list[str]:
    return [style for style, t in output.fragments if text in t]


def entry_of(faq: Faq, entry_id: str) -> Entry:
    entry = faq.entry(entry_id)
    assert entry is not None
    return entry


@pytest.fixture
def conversation(bot: FaqBot) -> Conversation:
    return Conversation(bot)


@pytest.fixture
def widgets(make_faq: Callable[[str], Faq]) -> FaqBot:
    return FaqBot(make_faq(WIDGETS))


# --- answers ------------------------------------------------------------------------


def test_a_question_shows_answer_then_source_then_what_to_read_next(
    conversation: Conversation, faq: Faq
) -> None:
    entry = entry_of(faq, "what-is-failed-back-syndrome")
    output = conversation.respond(entry.question)

    assert output.reply is not None
    assert output.reply.entry == entry
    text = output.text
    section = faq.section(entry.section)
    assert section is not None
    source = f"Source: {faq.source.title}, {section.title}"
    linked = [entry_of(faq, i) for i in entry.followups]
    # The answer, its source, the FAQ's links to read next, the reminder; each in its own style.
    assert text.index(entry.answer) < text.index(source) < text.index(LANGUAGE.say("also_ask"))
    assert f"  1. {linked[0].question}\n" in text
    assert text.endswith(faq.reminder + "\n")
    assert styles_with(output, entry.answer) == ["class:answer"]
    assert styles_with(output, source) == ["class:source"]
    assert styles_with(output, faq.reminder) == ["class:reminder"]
    assert conversation.choices == tuple(linked)


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        # FAQ text is data, not markup: printed as written.
        ("Use <b>&amp;</b> here.", "Use <b>&amp;</b> here."),
        # Control codes from a file never reach the terminal.
        ("Red \x1b[31malert\x1b[0m\x07!", "Red alert!"),
    ],
)
def test_faq_text_is_shown_as_plain_text(faq: Faq, answer: str, shown: str) -> None:
    entry = dataclasses.replace(faq.entries[0], answer=answer)
    query = "what is failed back syndrome"
    conversation = Conversation(ScriptedBot(faq, {query: answered(faq, entry, query=query)}))

    output = conversation.respond(query)

    assert output.fragments[0] == ("class:answer", shown + "\n")


def test_an_unsure_answer_offers_related_alternatives_then_the_links(faq: Faq) -> None:
    query = "smoking and failed back syndrome"
    entry = entry_of(faq, "smoking-increases-risk")
    others = (entry_of(faq, "why-smoking-slows-healing"), entry_of(faq, "cutting-down-smoking"))
    reply = answered(faq, entry, query=query, uncertain=True, alternatives=others)
    conversation = Conversation(ScriptedBot(faq, {query: reply}))

    text = conversation.respond(query).text

    # The numbers run on from the alternatives into the links, without repeats.
    linked = [e for e in (entry_of(faq, i) for i in entry.followups) if e not in others]
    expected = [*others, *linked]
    assert (
        f"{LANGUAGE.say('not_what_you_meant')}\n  1. {others[0].question}\n  2. {others[1].question}\n"
        in text
    )
    assert conversation.choices == tuple(expected)


def test_a_confident_answer_lists_no_alternatives(faq: Faq) -> None:
    # Alternatives exist for every answer; they are only offered when in doubt.
    query = "smoking and failed back syndrome"
    entry, *others = faq.entries[:3]
    conversation = Conversation(
        ScriptedBot(faq, {query: answered(faq, entry, query=query, alternatives=tuple(others))})
    )

    assert "Did you mean" not in conversation.respond(query).text


# --- declining ----------------------------------------------------------------------


def test_the_fallback_says_how_to_see_the_topics(conversation: Conversation, faq: Faq) -> None:
    output = conversation.respond("how do I bake sourdough bread")

    assert output.reply is not None
    assert output.reply.status is Status.NO_MATCH
    assert output.text.startswith(faq.fallback)
    assert TOPICS_HINT in output.text
    assert output.text.endswith(faq.reminder + "\n")


def test_urgent_notice_comes_first_and_stands_out(conversation: Conversation, bot: FaqBot) -> None:
    output = conversation.respond("I can't feel my legs and I can't control my bladder")

    assert output.reply is not None
    assert output.reply.status is Status.URGENT
    first_style, first_text = output.fragments[0]
    assert first_style == "class:urgent"
    rule = bot.screen.check("I can't control my bladder")
    assert rule is not None
    assert output.reply.message == rule.notice
    assert first_text.startswith(f"URGENT: {output.reply.message}")


@pytest.mark.parametrize(
    ("question", "offered"),
    [
        # The example: only "back surgery" (in most entries) and a word of
        # one answer are shared with the FAQ. Nothing related to offer.
        ("can I drive after back surgery", False),
        # "symptoms" is the topic of some entries' own questions: worth offering.
        ("What are the symptoms of measles?", True),
    ],
)
def test_suggestions_only_when_related(conversation: Conversation, question: str, offered: bool) -> None:
    output = conversation.respond(question)

    assert output.reply is not None
    assert output.reply.status is Status.NO_MATCH
    assert ("Did you mean:" in output.text) is offered
    assert bool(output.reply.alternatives) is offered
    for match in output.reply.alternatives:
        assert "symptoms" in match.entry.question.casefold() or "symptoms" in " ".join(match.entry.alternates)


# --- numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "index"),
    [
        # Numbers count from 1, as shown, and surrounding spaces don't matter.
        ("1", 0),
        (" 2 ", 1),
    ],
)
def test_a_number_picks_from_the_list_and_restates_its_question(
    conversation: Conversation, faq: Faq, number: str, index: int
) -> None:
    conversation.respond("what is failed back syndrome")
    picked = conversation.choices[index]

    output = conversation.respond(number)

    # The question it answers first, then the answer.
    assert output.fragments[0] == ("class:heading", picked.question + "\n")
    assert output.fragments[1] == ("class:answer", picked.answer + "\n")
    assert "Source: " in output.text
    assert output.text.endswith(faq.reminder + "\n")
    # Picking is not a question: nothing for the unanswered-questions log.
    assert output.reply is None
    assert conversation.context.topic == picked.id


def test_a_number_refers_to_the_last_list_shown(conversation: Conversation, faq: Faq) -> None:
    conversation.respond("what is failed back syndrome")
    first = conversation.choices[0]
    conversation.respond("1")

    # The pick showed its own links; "1" now means the first of those.
    assert conversation.choices == tuple(entry_of(faq, i) for i in first.followups)
    assert conversation.choices[0].answer in conversation.respond("1").text


def test_small_talk_keeps_the_list(conversation: Conversation) -> None:
    conversation.respond("what is failed back syndrome")
    listed = conversation.choices

    conversation.respond("thanks")

    assert conversation.choices == listed
    assert listed[1].answer in conversation.respond("2").text


@pytest.mark.parametrize(
    ("lines", "hint"),
    [
        # Nothing listed yet: say how to get a list.
        ((), "There is no numbered list"),
        # A number off the list: say the range.
        (("what is failed back syndrome",), "Choose a number from 1 to 3."),
    ],
)
def test_a_number_without_a_choice_gives_a_hint(
    conversation: Conversation, lines: tuple[str, ...], hint: str
) -> None:
    for line in lines:
        conversation.respond(line)

    output = conversation.respond("99")

    assert output.fragments[0][0] == "class:hint"
    assert hint in output.text
    assert output.reply is None


# --- small talk ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "intent"),
    [
        # Each built-in intent, by an example and by a message made of one.
        ("hi", "greeting"),
        ("Hello there!", "greeting"),
        ("good morning, bot", "greeting"),
        ("thanks", "thanks"),
        ("Thank you so much!", "thanks"),
        ("thnaks", "thanks"),  # one edit off an example
        ("ok thanks", "thanks"),  # the last intent says what the message is for
        ("help", "help"),  # "help" alone is not the treatments answer
        ("what can you do?", "help"),
        ("can you help me please", "help"),
        ("who are you?", "identity"),
        ("okay", "acknowledge"),
    ],
)
def test_small_talk_gets_its_own_reply(conversation: Conversation, faq: Faq, line: str, intent: str) -> None:
    output = conversation.respond(line)

    assert output.reply is not None
    assert (output.reply.status, output.reply.intent) == (Status.SMALLTALK, intent)
    # The bundled FAQ's own reply where it gives one, else the built-in one.
    [said] = [i.reply for i in language_for(faq).intents if i.id == intent]
    assert output.text.startswith(said.replace("{source}", faq.source.title)[:30])
    # Never the fallback, never an answer; the reminder stays in the reply, not on screen.
    assert faq.fallback not in output.text
    assert output.reply.entry is None
    assert output.reply.reminder == faq.reminder
    assert faq.reminder not in output.text
    assert not output.quit


@pytest.mark.parametrize("line", ["bye", "Goodbye!", "thanks, bye", "that's all"])
def test_goodbye_ends_the_chat_with_its_reply(conversation: Conversation, line: str) -> None:
    output = conversation.respond(line)

    assert output.quit
    assert output.text == GOODBYE + "\n"


def test_help_says_how_to_see_the_topics(conversation: Conversation) -> None:
    assert TOPICS_HINT in conversation.respond("help").text


@pytest.mark.parametrize(
    ("line", "status"),
    [
        # A word that names a topic makes a question of the message.
        ("help with leg pain after surgery", Status.ANSWERED),
        # ... even one too vague to answer: declined, never small talk.
        ("does it help?", Status.NO_MATCH),
        ("can you help me in an emergency", Status.ANSWERED),
        ("thanks, what causes failed back syndrome?", Status.ANSWERED),
        # Two words the FAQ does not know: a question about something else.
        ("tell me a funny joke", Status.NO_MATCH),
        # Urgent first, whatever small talk is around it.
        ("bye, I want to end my life", Status.URGENT),
    ],
)
def test_small_talk_never_takes_a_real_question(
    conversation: Conversation, line: str, status: Status
) -> None:
    output = conversation.respond(line)

    assert output.reply is not None
    assert output.reply.status is status
    assert not output.quit


def test_no_phrasing_of_the_faq_is_small_talk(bot: FaqBot, faq: Faq) -> None:
    # Every way the author wrote a question must reach the FAQ, not small talk.
    taken = [
        p
        for e in faq.entries
        for p in e.phrasings
        if respond_in_context(bot, p)[0].status is Status.SMALLTALK
    ]

    assert taken == []


def test_the_faq_can_replace_and_add_small_talk(make_faq: Callable[[str], Faq]) -> None:
    faq = make_faq(
        WIDGETS
        + "smalltalk:\n"
        + "  - {id: greeting, examples: [ahoy], reply: 'Ahoy! Ask me about {source}.'}\n"
        + "  - {id: weather, examples: [nice weather, lovely day], reply: It is.}\n"
    )
    conversation = Conversation(FaqBot(faq))

    assert conversation.respond("ahoy").text == "Ahoy! Ask me about The widget guide.\n"
    assert conversation.respond("lovely day!").text == "It is.\n"
    # The FAQ's greeting replaced the built-in one, examples and all.
    reply = conversation.respond("hello").reply
    assert reply is not None
    assert reply.status is Status.NO_MATCH
    # The other built-in intents still apply.
    assert conversation.respond("bye").quit


# --- follow-ups ---------------------------------------------------------------------


def test_tell_me_more_lists_the_section_then_the_links(conversation: Conversation, faq: Faq) -> None:
    entry = entry_of(faq, "main-symptoms")
    conversation.respond(entry.question)

    output = conversation.respond("tell me more")

    assert output.reply is not None
    assert (output.reply.status, output.reply.intent) == (Status.SMALLTALK, "more")
    section = faq.section(entry.section)
    assert section is not None
    assert output.text.startswith(LANGUAGE.say("related", section=section.title))
    listed = conversation.choices
    section = [e for e in faq.entries if e.section == entry.section and e != entry]
    linked = [e for e in (entry_of(faq, i) for i in entry.followups) if e not in section]
    assert list(listed) == [*section, *linked][: len(listed)]
    assert entry not in listed
    assert conversation.context.topic == entry.id
    assert listed[-1].answer in conversation.respond(str(len(listed))).text


def test_why_goes_to_the_linked_entry_that_explains(widgets: FaqBot) -> None:
    # Of the links, the question that asks why (or names a cause) earliest.
    _, context = respond_in_context(widgets, "what is a gadget?")

    reply, context = respond_in_context(widgets, "why?", context)

    assert reply.entry is not None
    assert reply.entry.id == "why-gadgets-break"
    assert context.topic == "why-gadgets-break"


def test_why_in_the_bundled_faq(conversation: Conversation, faq: Faq) -> None:
    conversation.respond("does smoking increase the risk of failed back syndrome?")

    output = conversation.respond("why is that?")

    explained = entry_of(faq, "why-smoking-slows-healing")
    # The answer is to a question not typed: it is restated.
    assert output.fragments[:2] == (
        ("class:heading", explained.question + "\n"),
        ("class:answer", explained.answer + "\n"),
    )


@pytest.mark.parametrize("line", ["why?", "tell me more"])
def test_follow_ups_without_a_last_answer_say_so(conversation: Conversation, faq: Faq, line: str) -> None:
    output = conversation.respond(line)

    assert output.reply is not None
    assert output.reply.status is Status.SMALLTALK
    assert faq.fallback not in output.text


def test_a_message_without_a_topic_borrows_the_last_one(widgets: FaqBot) -> None:
    # "cost" is in most entries: alone, the question could be about any price.
    alone, _ = respond_in_context(widgets, "how much does it cost?")
    _, context = respond_in_context(widgets, "what is a gadget?")

    reply, _ = respond_in_context(widgets, "how much does it cost?", context)

    assert (alone.status, alone.reason) == (Status.NO_MATCH, Reason.TOO_VAGUE)
    assert reply.entry is not None
    assert reply.entry.id == "gadget-cost"


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        # A topic of its own wins over the last one.
        ("does smoking increase the risk of failed back syndrome?", "and diabetes?", "diabetes"),
        (
            "what are the symptoms of failed back syndrome",
            "what about my legs?",
            "leg-pain-after-back-surgery",
        ),
        ("what is failed back syndrome", "how is it treated?", "treatment-options"),
    ],
)
def test_a_message_with_its_own_topic_keeps_it(
    conversation: Conversation, first: str, then: str, expected: str
) -> None:
    conversation.respond(first)

    reply = conversation.respond(then).reply

    assert reply is not None
    assert reply.entry is not None
    assert reply.entry.id == expected


def test_a_message_with_nothing_to_go_on_offers_what_else_there_is(
    conversation: Conversation, faq: Faq
) -> None:
    conversation.respond("what is failed back syndrome")

    output = conversation.respond("is it?")

    assert output.text.startswith(LANGUAGE.say("unsure"))
    assert conversation.choices
    assert faq.fallback not in output.text


# --- several questions --------------------------------------------------------------


def test_two_questions_in_one_message_get_two_answers(conversation: Conversation, faq: Faq) -> None:
    output = conversation.respond("what is failed back syndrome and how is it treated")

    reply = output.reply
    assert reply is not None
    assert [r.entry.section for r in (reply, *reply.more) if r.entry] == ["definition", "treatments"]
    text = output.text
    # Each under the question it answers, each with its own source line.
    for part in (reply, *reply.more):
        assert part.entry is not None
        assert part.section is not None
        block = text[text.index(part.entry.question) :]
        assert block.index(part.entry.answer) < block.index(
            f"Source: {faq.source.title}, {part.section.title}"
        )
    assert text.count(faq.reminder) == 1


def test_more_than_three_questions_says_what_was_left(conversation: Conversation) -> None:
    line = "What is FBS? What are the symptoms? What causes it? Can it be cured?"

    reply = conversation.respond(line).reply

    assert reply is not None
    assert len((reply, *reply.more)) == MAX_PARTS
    assert reply.note == LANGUAGE.say("more_questions", count=4, answered=MAX_PARTS)


def test_a_question_without_an_answer_among_others_is_said(conversation: Conversation, faq: Faq) -> None:
    output = conversation.respond("what is failed back syndrome? can I drive after it?")

    reply = output.reply
    assert reply is not None
    assert reply.status is Status.ANSWERED
    assert [r.status for r in reply.more] == [Status.NO_MATCH]
    assert f'{LANGUAGE.say("you_asked")} "can I drive after it?"' in output.text
    assert faq.fallback in output.text


def test_a_question_referring_back_to_one_on_the_topic_is_answered(conversation: Conversation) -> None:
    # The contrast to the declines below: "it" is the FAQ's own topic here.
    reply = conversation.respond("what is diabetes and can it cause failed back syndrome?").reply

    assert reply is not None
    assert reply.status is Status.ANSWERED
    assert reply.entry is not None
    assert reply.entry.id == "diabetes"


def test_a_story_and_a_question_is_read_whole(conversation: Conversation) -> None:
    line = "I had my back operation a year ago. My legs still hurt. Is that failed back syndrome?"

    reply = conversation.respond(line).reply

    assert reply is not None
    assert reply.status is Status.ANSWERED
    assert reply.more == ()


def test_a_long_story_gets_its_question_answered(conversation: Conversation, faq: Faq) -> None:
    story = "My husband had an operation on his lower back two years ago and we have been patient. " * 30
    line = story + "Does smoking slow down healing?"
    assert len(line) > 2000  # longer than the matcher reads

    output = conversation.respond(line)

    assert output.reply is not None
    assert output.reply.entry == entry_of(faq, "why-smoking-slows-healing")
    assert output.reply.note == LANGUAGE.say("long_message")
    assert LANGUAGE.say("long_message") in output.text


@pytest.mark.parametrize(
    "line",
    [
        # Read whole, about something the FAQ does not know: its parts, read apart,
        # must not find answers ("treatment" alone is a topic of this FAQ).
        "could you tell me what a bundle branch blockage is. what are the symptoms. what is done for this?",
        # A question referring back ("it") to one about another condition is about
        # that condition, not a question of the FAQ's ("how is it diagnosed?" alone
        # would go to the entry on what the bot cannot do).
        "What is lupus and how is it diagnosed?",
        "what is lupus and can it be cured?",
        "what is sciatica and what causes it?",
        # Past what the matcher reads: a question is read with the sentence before it.
        "My grandmother takes warfarin for her atrial fibrillation and the cardiologist changes the dose. "
        * 25
        + "What is the treatment?",
    ],
)
def test_questions_about_something_else_stay_declined(conversation: Conversation, line: str) -> None:
    reply = conversation.respond(line).reply

    assert reply is not None
    assert [r.status for r in (reply, *reply.more)] == [Status.NO_MATCH]


@pytest.mark.parametrize(
    "line",
    [
        # An emergency in one part of several: first and alone.
        "What is failed back syndrome? I can't control my bladder.",
        # ... and at the end of a long story, past what the matcher reads.
        "I had back surgery last spring and the recovery has been slow. " * 40
        + "Now I cannot feel my groin.",
    ],
)
def test_an_emergency_anywhere_comes_first_and_alone(conversation: Conversation, faq: Faq, line: str) -> None:
    output = conversation.respond(line)

    assert output.reply is not None
    assert output.reply.status is Status.URGENT
    assert output.reply.more == ()
    assert output.fragments[0][0] == "class:urgent"
    assert output.reply.note == LANGUAGE.say("urgent_first")
    # No answer, and nothing that could weaken the notice.
    assert "class:answer" not in {s for s, _ in output.fragments}
    assert faq.reminder not in output.text
    assert output.reply.reminder == faq.reminder
    assert conversation.context == Context()


# --- the context, stateless ---------------------------------------------------------


def test_the_context_round_trips_through_json(bot: FaqBot) -> None:
    reply, context = respond_in_context(bot, "what is failed back syndrome")

    again = Context.from_dict(json.loads(json.dumps(context.to_dict())))

    assert again == context
    assert context.topic == "what-is-failed-back-syndrome"
    assert reply.entry is not None
    assert list(context.choices) == list(reply.entry.followups)


def test_a_stateless_service_gets_what_the_chat_gets(bot: FaqBot) -> None:
    lines = ["hi", "what are the symptoms of fbs", "tell me more", "2", "why?", "and diabetes?", "thanks"]
    chat = Conversation(bot)
    context: dict[str, object] | None = None

    for line in lines:
        shown = chat.respond(line)
        reply, after = respond_in_context(bot, line, Context.from_dict(context) if context else None)
        context = json.loads(json.dumps(after.to_dict()))
        assert after == chat.context
        if shown.reply is not None:
            assert reply == shown.reply


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        # Anything that is not what to_dict gives is refused, saying why.
        (["topic"], "must be a JSON object, not list"),
        ({"topic": "a", "extra": 1}, "unknown key 'extra'"),
        ({"topic": 3}, "context topic must be an entry id (text), not int"),
        ({"topic": "Not An Id"}, "context topic 'Not An Id' is not an entry id"),
        ({"choices": "what-is-fbs"}, "choices must be a list of entry ids, not str"),
        ({"choices": ["ok", None]}, "each context choice must be an entry id (text), not NoneType"),
        ({"choices": ["a"] * (MAX_CHOICES + 1)}, f"the limit is {MAX_CHOICES}"),
        ({"topic": "a" * 5000}, "is not an entry id"),
    ],
)
def test_a_malformed_context_is_refused(data: object, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        Context.from_dict(data)


def test_the_conversation_does_not_keep_a_bot_alive(faq: Faq) -> None:
    # A service may make a bot per FAQ version: old ones must be freed.
    bot = FaqBot(faq)
    respond_in_context(bot, "what is failed back syndrome")
    gone = weakref.ref(bot)

    del bot
    gc.collect()

    assert gone() is None


def test_ids_the_faq_does_not_have_are_ignored(bot: FaqBot) -> None:
    context = Context.from_dict({"topic": "no-such-entry", "choices": ["no-such-entry"]})

    reply, after = respond_in_context(bot, "1", context)

    # Not a pick (nothing to pick from): just a message.
    assert reply.status is Status.NO_MATCH
    assert after.topic is None


# --- commands -----------------------------------------------------------------------


def test_topics_fit_one_screen(conversation: Conversation, faq: Faq) -> None:
    text = conversation.respond("/topics").text

    used = [s for s in faq.sections if any(e.section == s.id for e in faq.entries)]
    # One line per section and a heading: it fits a 24-row terminal.
    assert len(text.splitlines()) == len(used) + 1 <= 24
    for number, section in enumerate(used, 1):
        assert f"  {number}. {section.title} (" in text


def test_a_topic_number_lists_its_questions_then_a_number_answers(
    conversation: Conversation, faq: Faq
) -> None:
    conversation.respond("/topics")
    section = next(s for s in faq.sections if any(e.section == s.id for e in faq.entries))
    questions = [e for e in faq.entries if e.section == section.id]

    listed = conversation.respond("1").text

    numbers = [int(n) for n in re.findall(r"^ +(\d+)\. ", listed, flags=re.MULTILINE)]
    assert numbers == list(range(1, len(questions) + 1))
    assert questions[-1].answer in conversation.respond(str(len(questions))).text


def test_source_cites_the_article_punctuated(conversation: Conversation, faq: Faq) -> None:
    text = conversation.respond("/source").text

    assert text == f"Source: {faq.source.citation()}\n"
    assert f"by {faq.source.author}, edited by {faq.source.editor}" in text


def test_help_lists_every_command_with_its_help(conversation: Conversation) -> None:
    text = conversation.respond("/help").text

    for command in COMMANDS:
        assert f"/{command.name}" in text
        assert command.help in text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # A typo gets the closest command...
        ("/topcs", "Did you mean /topics?"),
        ("/hlep", "Did you mean /help?"),
        ("/SOURCE", None),  # commands ignore case, so this one is known
        # ...anything else just the pointer to /help.
        ("/zzzzzz", "Type /help for the commands."),
    ],
)
def test_unknown_command_gets_a_hint(conversation: Conversation, line: str, expected: str | None) -> None:
    output = conversation.respond(line)

    if expected is None:
        assert output.fragments[0][0] != "class:hint"
    else:
        assert output.fragments == (("class:hint", output.text),)
        assert expected in output.text
        assert output.text.startswith(f"Unknown command {line}.")


@pytest.mark.parametrize(
    "line",
    # Every command way to leave ends the chat the same way as Ctrl-D (goodbye()).
    ["/quit", "/q", "/exit", "quit", "exit", "  Exit  ", "QUIT"],
)
def test_quit_words_end_the_chat(conversation: Conversation, line: str) -> None:
    output = conversation.respond(line)

    assert output.quit
    assert output.reply is None
    assert conversation.goodbye().quit


@pytest.mark.parametrize("line", ["", "   ", "\t"])
def test_blank_lines_show_nothing(conversation: Conversation, line: str) -> None:
    assert conversation.respond(line) == Output()


def test_welcome_says_what_it_is_and_how_to_get_help_and_leave(conversation: Conversation, faq: Faq) -> None:
    text = conversation.welcome().text

    assert faq.source is not None
    assert text.startswith(
        f'faq-bot answers questions about {faq.topic} from the article "{faq.source.title}".'
    )
    # What the answers are not, in the FAQ's own words.
    assert faq.reminder in text
    assert "/help" in text
    assert "/quit" in text


# --- completion ---------------------------------------------------------------------


def test_completion_offers_the_entries_with_what_was_typed(conversation: Conversation, faq: Faq) -> None:
    offered = conversation.complete("smok")

    having = [
        e.question
        for e in faq.entries
        if any(w.startswith("smok") for p in (*e.phrasings, *e.keywords) for w in p.casefold().split())
    ]
    assert offered
    assert set(offered) <= set(having)
    # The entries whose own question has the word come first.
    asking = [q for q in offered if "smok" in q.casefold()]
    assert offered[: len(asking)] == asking


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # Every whole word typed must be in the entry, the last may be half typed.
        ("diabetes ca", ["Can diabetes cause failed back syndrome?"]),
        ("/to", ["/topics"]),
        ("zzzz", []),
        ("", []),
    ],
)
def test_completion_cases(conversation: Conversation, typed: str, expected: list[str]) -> None:
    assert conversation.complete(typed)[: len(expected) or None] == expected


# --- layout -------------------------------------------------------------------------


@pytest.mark.parametrize("width", [30, 50, 64])
def test_long_lines_wrap_to_the_width_without_losing_words(conversation: Conversation, width: int) -> None:
    line = "what is failed back syndrome"
    plain = Conversation(conversation.bot).respond(line).text
    wrapped = conversation.respond(line, width=width)

    assert all(len(row) <= width for row in wrapped.text.splitlines())
    assert wrapped.text.split() == plain.split()
    # Continuation lines of a numbered item line up under its text.
    if any(len(row) > width for row in re.findall(r"^  \d\. .*$", plain, flags=re.MULTILINE)):
        assert re.search(r"\n {5}\S", wrapped.text)


def test_wrapping_keeps_each_words_style(conversation: Conversation, faq: Faq) -> None:
    entry = entry_of(faq, "what-is-failed-back-syndrome")

    output = conversation.respond(entry.question, width=30)

    answer_words = " ".join(t for s, t in output.fragments if s == "class:answer").split()
    assert answer_words == entry.answer.split()


# Messages of a chat, follow-ups and picks included, that lean on the context.
CHAT = [
    "what is failed back syndrome",
    "tell me more",
    "1",
    "why?",
    "does it hurt?",
    "thanks",
    "what causes it and how is it treated?",
    "how do I bake bread",
    "I have crushing chest pain right now",
    "is it?",
]


def test_a_message_met_again_in_the_same_context_gets_the_same_turn(faq: Faq) -> None:
    # Turns are kept for repeated messages: what is kept must be what a turn
    # made afresh gives, for every message, context and limit.
    bot = FaqBot(faq)
    engine = conversation_module._engine(bot)
    for top in (None, 1):
        context = Context()
        for message in CHAT * 2:  # the second time round, every turn is a kept one
            kept = engine.turn(message, context, top=top)
            assert kept == engine._turn(message, context, bot.limit if top is None else top)
            assert engine.turn(message, context, top=top) is kept
            context = kept.context


# Questions whose words the FAQ never uses carry more than max_unknown of them,
# answered by ask only because the best entry holds three or more of their own
# terms (bot.allowed_unknown): a conversation must give the same entry, on a
# first turn and after another answer, long ones and short ones (eight words at
# most, read as possible follow-ups) alike.
ALLOWED = [
    ("will ibuprofen type drugs help my pain after back surgery", "anti-inflammatory-medicine"),
    ("can nerve pressure be sorted with medication", "relieving-nerve-pressure"),
    ("does puffing on cigarettes slow healing after back surgery", "why-smoking-slows-healing"),
]


def _answered_with(reply: Reply) -> str | None:
    """The id of the entry ``reply`` answers with, None unless it answers."""
    return reply.entry.id if reply.status is Status.ANSWERED and reply.entry is not None else None


@pytest.mark.parametrize(("question", "expected"), ALLOWED)
def test_a_question_ask_answers_by_the_allowance_gets_the_same_entry_in_a_chat(
    bot: FaqBot, question: str, expected: str
) -> None:
    assert bot.evidence(question).query.unknown_share > bot.max_unknown  # the allowance is needed
    alone = bot.ask(question)
    assert _answered_with(alone) == expected
    first, _ = respond_in_context(bot, question)
    _, after_answer = respond_in_context(bot, "what is failed back syndrome")
    assert after_answer.topic == "what-is-failed-back-syndrome"
    later, _ = respond_in_context(bot, question, after_answer)
    for reply in (first, later):
        assert _answered_with(reply) == expected


@pytest.mark.parametrize(("question", "expected"), ALLOWED)
def test_a_follow_up_leans_on_an_answer_the_allowance_gave(
    bot: FaqBot, faq: Faq, question: str, expected: str
) -> None:
    # "does it hurt?" names nothing of its own: ask declines it, while after an
    # answer the chat offers what goes with that answer.
    assert bot.ask("does it hurt?").status is Status.NO_MATCH
    _, context = respond_in_context(bot, question)
    assert context.topic == expected
    reply, _ = respond_in_context(bot, "does it hurt?", context)
    answered = entry_of(faq, expected)
    assert reply.followups
    assert all(e.section == answered.section or e.id in answered.followups for e in reply.followups)


def test_a_follow_up_borrows_the_topic_of_the_last_answer(bot: FaqBot) -> None:
    # Its one known word is a topic word; the last answer says which entry is meant.
    _, context = respond_in_context(bot, "what is failed back syndrome")
    reply, _ = respond_in_context(bot, "does it hurt?", context)
    assert _answered_with(reply) == "main-symptoms"
