"""faq_bot.bot: when the bot answers, and why it declines.

The examples are the kinds of message a patient types; the thresholds they
meet come from bench/calibrate.py, not from these examples."""

from __future__ import annotations

import json

import pytest

from faq_bot import Entry, Faq, FaqBot, Reason, Section, Source, Status
from faq_bot.bot import (
    BACKGROUND_WEIGHT,
    FEW_INFORMED_PIVOT,
    FOCUS_MIN_PHRASINGS,
    FRAME_MARGIN,
    MIN_FOCUS,
    MIN_UNKNOWN_EVIDENCE,
    NEAR_TIE_MARGIN,
    SUBJECT_MIN_SHARE,
    allowed_unknown,
    decide,
)
from faq_bot.matcher import Query, Scored
from faq_bot.text import question_span, words


# A question naming something the article does not cover, next to what it does,
# is declined with that word named; never answered as if the article covered it.
@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("does massage help failed back syndrome", "massage"),
        ("does obesity cause failed back syndrome", "obesity"),
        ("is failed back syndrome contagious", "contagious"),
        ("what are the symptoms of Pierson syndrome?", "pierson"),  # a name, not a typo of "person"
        ("will my insurance cover a spinal stimulator", "insurance"),
    ],
)
def test_an_unknown_topic_is_named_not_answered(bot: FaqBot, faq: Faq, query: str, word: str) -> None:
    reply = bot.ask(query)
    assert reply.status is Status.NO_MATCH
    assert reply.reason is Reason.UNKNOWN_WORDS
    assert reply.unknown_words[0] == word
    assert reply.message is not None
    assert f'"{faq.source.title}" does not mention "{word}"' in reply.message
    assert reply.message.endswith(faq.fallback)
    assert reply.alternatives  # the closest entries, offered as numbered suggestions


# An acronym the FAQ knows (as a word, keyword or synonym) answers as its
# lower-case letters do; one it does not know names another subject, which
# the reply says, rather than being corrected to a common word ("IBS" to "its").
@pytest.mark.parametrize(
    ("query", "entry", "unknown"),
    [
        ("what is FBS", "what-is-failed-back-syndrome", None),  # a synonym of the FAQ's
        ("What is FBSS?", "what-is-failed-back-syndrome", None),
        ("what is IBS", None, "ibs"),
        ("does IBS cause back pain", None, "ibs"),
        ("can MS cause back pain after surgery", None, "ms"),
        ("is ACL surgery like FBS", None, "acl"),
    ],
)
def test_acronyms(bot: FaqBot, query: str, entry: str | None, unknown: str | None) -> None:
    reply = bot.ask(query)
    if entry is not None:
        assert reply.entry is not None
        assert reply.entry.id == entry
    else:
        assert (reply.status, reply.reason) == (Status.NO_MATCH, Reason.UNKNOWN_WORDS)
        assert unknown in reply.unknown_words


# Everyday requests that share one common word with the FAQ ("help", "date").
@pytest.mark.parametrize(
    "query", ["thank you so much for the help", "can you help me please", "what's today's date"]
)
def test_one_common_word_is_too_vague_to_answer(bot: FaqBot, query: str) -> None:
    reply = bot.ask(query)
    assert (reply.status, reply.reason) == (Status.NO_MATCH, Reason.TOO_VAGUE)


def test_a_question_the_faq_asks_itself_is_never_too_vague() -> None:
    # "pay" alone says little in general English, but this FAQ lists the
    # question in those very words.
    faq = Faq(
        source=Source("Tiny"),
        sections=(Section("costs", "Costs"),),
        reminder="Ask reception.",
        fallback="No idea.",
        entries=(
            Entry("paying", "costs", "How can I pay?", "By card.", alternates=("when do I have to pay",)),
        ),
    )
    reply = FaqBot(faq).ask("when do I have to pay?")
    assert reply.status is Status.ANSWERED


# Chatter around a clear question must not sink it: unknown words weigh by how
# much they say, and less before the question than in it.
@pytest.mark.parametrize(
    ("query", "entry_id"),
    [
        ("ugh this stupid pain after my op, what are my treatment options", "treatment-options"),
        ("my brother had back surgery, what is fbs", "what-is-failed-back-syndrome"),
        ("my dad died of lung cancer, does smoking affect back surgery recovery too", None),
        ("wht is failed bak syndrome", "what-is-failed-back-syndrome"),  # typos are still corrected
        # Apologies, asides and who it is for say nothing of the topic, however rare.
        ("sorry, quick one: what is a nerve block for", "temporary-nerve-blocks"),
        ("ugh my husband is literally still in pain after his op, can painkillers help", "painkillers"),
    ],
)
def test_chatter_and_typos_do_not_sink_a_clear_question(
    bot: FaqBot, query: str, entry_id: str | None
) -> None:
    reply = bot.ask(query)
    assert reply.status is Status.ANSWERED, (reply.reason, reply.unknown_words)
    assert reply.entry is not None
    assert entry_id is None or reply.entry.id == entry_id
    assert reply.reason is None


def test_a_kind_of_surgery_is_not_read_as_surgery(bot: FaqBot) -> None:
    # Kinds of surgery are keywords of the entry that covers them, not synonyms of "surgery".
    reply = bot.ask("can I get failed back syndrome after a microdiscectomy")
    assert reply.entry is not None
    assert reply.entry.id == "any-kind-of-back-surgery"


@pytest.mark.parametrize("query", ["", "???", "hello"])
def test_nothing_asked(bot: FaqBot, query: str) -> None:
    assert bot.ask(query).reason is Reason.NOTHING_ASKED


def test_the_reason_and_words_reach_the_json(bot: FaqBot) -> None:
    data = json.loads(json.dumps(bot.ask("does massage help fbs").to_dict()))
    assert (data["reason"], data["unknown_words"]) == ("unknown_words", ["massage"])
    answered = bot.ask("what is fbs").to_dict()
    assert (answered["reason"], answered["unknown_words"]) == (None, [])


def test_an_unknown_word_is_never_printed_raw(bot: FaqBot) -> None:
    # Words are named as the normaliser writes them: no escape sequence survives.
    reply = bot.ask("does \x1b[31mmassage\x1b[0m help fbs")
    assert reply.message is not None
    assert "\x1b" not in reply.message
    assert all(w.isalnum() for w in reply.unknown_words)


# Words that only ask, with nothing they ask about, ask nothing: the FAQ's
# "define" or "explain" alone must not pick the entry that uses the word.
@pytest.mark.parametrize("message", ["define?", "explain", "can you describe"])
def test_asking_words_alone_ask_nothing(bot: FaqBot, message: str) -> None:
    reply = bot.ask(message)
    assert reply.status is Status.NO_MATCH
    assert reply.reason is Reason.NOTHING_ASKED


# decide() on its own: each gate, in order, with a made-up query.
def _query(known: float, unknown: float, information: float, terms: int = 2) -> Query:
    return Query(
        {f"t{i}": known / terms for i in range(terms)},
        {"other": unknown} if unknown else {},
        information,
    )


@pytest.mark.parametrize(
    ("query", "best", "reason"),
    [
        (Query({}, {}, 0.0), None, Reason.NOTHING_ASKED),
        (_query(3.0, 0.9, 1.0), Scored(0, 90.0, 1.0, 1.0, 90.0), Reason.UNKNOWN_WORDS),
        (_query(3.0, 0.0, 0.1, terms=1), Scored(0, 90.0, 1.0, 0.5, 90.0), Reason.TOO_VAGUE),
        # ... unless a phrasing of the FAQ is that one word: the FAQ asks it itself
        (_query(3.0, 0.0, 0.1, terms=1), Scored(0, 90.0, 1.0, 1.0, 90.0), None),
        (_query(3.0, 0.0, 0.1, terms=2), Scored(0, 90.0, 1.0, 1.0, 90.0), None),  # two words narrow it down
        (_query(3.0, 0.0, 1.0), Scored(0, 90.0, 0.2, 1.0, 90.0), Reason.LOW_COVERAGE),
        (_query(3.0, 0.0, 1.0), Scored(0, 20.0, 1.0, 0.1, 20.0), Reason.LOW_SCORE),
        (_query(3.0, 0.1, 1.0), Scored(0, 90.0, 1.0, 1.0, 90.0), None),
    ],
)
def test_decide(query: Query, best: Scored | None, reason: Reason | None) -> None:
    assert decide(query, best) is reason


# The coverage gate judges what the best entry explains when that is given
# (FaqIndex.explained), its plain coverage only when it is not.
@pytest.mark.parametrize(
    ("coverage", "explained", "reason"),
    [
        (0.2, 0.9, None),
        (1.0, 0.2, Reason.LOW_COVERAGE),
        (0.2, None, Reason.LOW_COVERAGE),
    ],
)
def test_decide_judges_what_is_explained(
    coverage: float, explained: float | None, reason: Reason | None
) -> None:
    best = Scored(0, 90.0, coverage, 1.0, 90.0)
    assert decide(_query(3.0, 0.0, 1.0), best, explained=explained) is reason


# The information gate: the best entry must hold enough of what the question
# says in general English, its unknown words included (FaqIndex.informed).
@pytest.mark.parametrize(("informed", "reason"), [(0.9, None), (0.2, Reason.LOW_COVERAGE), (None, None)])
def test_decide_judges_the_information_held(informed: float | None, reason: Reason | None) -> None:
    best = Scored(0, 90.0, 1.0, 0.5, 90.0)
    assert decide(_query(3.0, 0.0, 1.0), best, informed=informed) is reason


# The unknown share a question may carry moves with how specifically its known
# part points at the best entry: three of its own terms held, and enough of its
# information, afford more; fewer and little held afford less. Unknown 0.6 and
# 0.4 beside information 1.0 are shares 0.375 and 0.286, either side of 0.3.
@pytest.mark.parametrize(
    ("unknown", "held", "informed", "reason"),
    [
        (0.6, None, None, Reason.UNKNOWN_WORDS),  # not judged: max_unknown itself
        (0.6, 3, 0.5, None),
        (0.6, 3, 0.3, Reason.UNKNOWN_WORDS),  # three terms, but little of what it says
        (0.6, 2, 0.5, Reason.UNKNOWN_WORDS),
        (0.4, None, None, None),
        (0.4, 1, 0.5, Reason.UNKNOWN_WORDS),  # one term and little held: less affords
        (0.4, 1, 0.7, None),
        (0.4, 3, 0.3, None),  # three terms held: never less than max_unknown
    ],
)
def test_the_unknown_share_allowed_follows_the_match(
    unknown: float, held: int | None, informed: float | None, reason: Reason | None
) -> None:
    best = Scored(0, 90.0, 1.0, 1.0, 90.0)
    query = _query(3.0, unknown, 1.0, terms=3)
    assert decide(query, best, held=held, informed=informed, min_informed=0.0) is reason


# The unknown share is a ratio: of a question whose known words are as common as
# its unknown ones, it is of two near-nothings, and words that say almost nothing
# ("three") never decline it however large their share.
@pytest.mark.parametrize(
    ("unknown", "reason"),
    [
        (MIN_UNKNOWN_EVIDENCE / 2, None),
        (MIN_UNKNOWN_EVIDENCE, Reason.UNKNOWN_WORDS),
    ],
)
def test_unknown_words_that_say_almost_nothing_are_no_share(unknown: float, reason: Reason | None) -> None:
    best = Scored(0, 90.0, 1.0, 1.0, 90.0)
    assert decide(_query(3.0, unknown, unknown, terms=3), best, min_informed=0.0) is reason


# A max_unknown set by the user moves every bound with it.
@pytest.mark.parametrize("max_unknown", [0.0, 0.3, 0.6])
def test_the_allowance_is_relative_to_max_unknown(max_unknown: float) -> None:
    assert allowed_unknown(max_unknown, None, 0.9) == max_unknown
    assert allowed_unknown(max_unknown, 3, 0.9) > max_unknown
    assert allowed_unknown(max_unknown, 1, 0.1) < max_unknown or max_unknown == 0.0


# An entry of few phrasings leaves unsaid most words people use for what it
# covers: when the question's known part holds two or more of its own terms and
# much of the question's information, the unknown share allowed grows with that
# share; a vague match (one term held, or little held) affords nothing more.
@pytest.mark.parametrize(
    ("held", "informed", "raised"),
    [
        (2, 0.9, True),
        (3, 0.9, True),
        (1, 0.9, False),
        (2, FEW_INFORMED_PIVOT, False),
        (2, 0.3, False),
    ],
)
def test_an_entry_of_few_phrasings_allows_more_unknown_words(
    held: int, informed: float, raised: bool
) -> None:
    few = allowed_unknown(0.3, held, informed, few_phrasings=True)
    many = allowed_unknown(0.3, held, informed)
    assert (few > many) is raised
    assert few >= many


# One word most entries share (a topic word) cannot say which entry is meant;
# with another word beside it, or as a phrasing of the FAQ itself, it can.
@pytest.mark.parametrize(
    ("terms", "shared", "overlap", "reason"),
    [
        (1, 0.8, 0.5, Reason.TOO_VAGUE),
        (1, 0.2, 0.5, None),
        (1, 0.8, 1.0, None),
        (2, 0.8, 0.5, None),
    ],
)
def test_a_lone_topic_word_is_too_vague(
    terms: int, shared: float, overlap: float, reason: Reason | None
) -> None:
    best = Scored(0, 90.0, 1.0, overlap, 90.0)
    assert decide(_query(3.0, 0.0, 1.0, terms=terms), best, shared=shared) is reason


# The best entry's own words left out, and an unknown word that says enough
# named instead: the question asks about that word, not what the entry is about.
@pytest.mark.parametrize(
    ("focus", "unknown", "reason"),
    [
        (0.2, 0.25, Reason.UNKNOWN_WORDS),
        (0.2, 0.1, None),  # chatter beside the topic is no other subject
        (0.4, 0.25, Reason.UNKNOWN_WORDS),  # under half of them held
        (0.5, 0.25, None),  # half the entry's own words are there: it is what is asked
    ],
)
def test_a_word_in_place_of_the_entrys_own_is_declined(
    focus: float, unknown: float, reason: Reason | None
) -> None:
    best = Scored(0, 90.0, 1.0, 1.0, 90.0)
    assert decide(_query(3.0, unknown, 3.0, terms=3), best, focus=focus, instead=unknown) is reason


# Fresh questions (in no evaluation set), about something the bundled FAQ does
# not say, that its best entry matched only by the words around it.
@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("is it safe to have a baby after spinal surgery", "baby"),
        ("will the weather affect my back pain after surgery", "weather"),
        # "make" and "worse": two of the five own words of the closest phrasing
        # ("does having another medical condition make pain after surgery worse")
        ("does winter make failed back syndrome worse", "winter"),
    ],
)
def test_the_word_asked_about_instead_is_named(bot: FaqBot, query: str, word: str) -> None:
    reply = bot.ask(query)
    assert reply.status is Status.NO_MATCH
    assert reply.reason is Reason.UNKNOWN_WORDS
    assert word in reply.unknown_words


def _phrased(alternates: int) -> Faq:
    return Faq(
        source=Source("Tiny"),
        sections=(Section("general", "General"),),
        reminder="Ask.",
        fallback="No idea.",
        entries=(
            Entry(
                "smoking",
                "general",
                "Does smoking slow healing?",
                "Yes.",
                alternates=tuple(f"smoking and healing, take {i}" for i in range(alternates)),
            ),
        ),
    )


# An entry of few phrasings leaves most words for what it is about unsaid, so
# a question missing all of them is not judged; one of many phrasings is.
@pytest.mark.parametrize(
    ("alternates", "judged"), [(FOCUS_MIN_PHRASINGS - 2, False), (FOCUS_MIN_PHRASINGS - 1, True)]
)
def test_focus_judges_well_phrased_entries_only(alternates: int, judged: bool) -> None:
    bot = FaqBot(_phrased(alternates))
    assert bot.focus(bot.index.analyze("does smoking slow healing"), 0) == 1.0
    assert (bot.focus(bot.index.analyze("alcohol and drinking"), 0) < MIN_FOCUS) is judged


# Known words all topic words (shared above TOPIC_SHARE): an unknown word that says
# enough is what is asked about the topic; one that says little ("told") is chatter.
@pytest.mark.parametrize(
    ("shared", "unknown", "reason"),
    [
        (0.8, 0.3, Reason.UNKNOWN_WORDS),
        (0.8, 0.15, None),
        (0.2, 0.3, None),  # a word of one entry says what is asked
    ],
)
def test_an_aside_of_the_topic_is_declined(shared: float, unknown: float, reason: Reason | None) -> None:
    best = Scored(0, 90.0, 1.0, 1.0, 90.0)
    assert decide(_query(3.0, unknown, 3.0, terms=3), best, shared=shared) is reason


def test_an_aside_of_the_topic_is_named(bot: FaqBot) -> None:
    # Under max_unknown (0.29): only the aside rule declines it.
    reply = bot.ask("can i claim benefits for failed back syndrome after spinal surgery")
    assert (reply.status, reply.reason) == (Status.NO_MATCH, Reason.UNKNOWN_WORDS)
    assert reply.unknown_words == ("benefits", "claim")
    assert reply.message is not None
    assert '"benefits" or "claim"' in reply.message


# What a question asks about (after its last "of", "for" or "about") is another
# topic when the best entry names it only beside failed back syndrome; naming the
# topic anywhere, or asking in one's own case or of something else, is asked within it.
@pytest.mark.parametrize(
    ("query", "beside"),
    [
        ("what are the early signs of diabetes", True),
        ("are there natural remedies for inflammation", True),
        ("what are the treatments for failed back syndrome", False),  # the topic itself
        ("can diabetes slow healing after surgery", False),  # no subject: what the entry says
        ("what can i take for inflammation", False),  # the asker's own case
        ("is lasting pain after spine surgery a sign of trouble", False),  # the topic before the cue
        # "what is X", "what does X involve", "the difference between X and Y"
        # name their subject too: a kind of surgery the FAQ names only as one
        # after which the topic's pain may come is not what it explains.
        ("what is a laminectomy", True),
        ("what does a discectomy involve", True),
        ("what is the difference between a fusion and a discectomy", True),
        ("what is it like to have failed back syndrome", False),  # the topic itself
        ("what are the treatment options", False),  # "the": the topic's, as the FAQ is about it
    ],
)
def test_a_subject_named_only_beside_the_topic_is_declined(bot: FaqBot, query: str, beside: bool) -> None:
    reply = bot.ask(query)
    analysis = bot.index.analyze(query)
    best = bot.index.score_query(analysis, scorer=bot.scorer, limit=1)[0]

    assert bot.beside_topic(analysis, query, best.position) is beside
    assert (reply.status is Status.ANSWERED) is not beside, reply.reason
    assert not beside or reply.reason is Reason.LOW_COVERAGE


def test_beside_the_topic_declines_before_coverage() -> None:
    best = Scored(0, 90.0, 1.0, 1.0, 90.0)
    assert decide(_query(3.0, 0.0, 3.0), best, beside=True) is Reason.LOW_COVERAGE
    assert decide(_query(3.0, 0.0, 3.0), best) is None


# Off-topic questions of the kinds the gates above decline, on the bundled FAQ:
# a word every entry shares, and common words matched beside another topic's.
@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("what is pain?", Reason.TOO_VAGUE),
        # Its words known (but "near"), its best entry's answer mentions a doctor
        # and finding, yet no phrasing asks where to find one: too low a score.
        ("where can i find the best spine doctor near me", Reason.LOW_SCORE),
    ],
)
def test_off_topic_kinds_are_declined(bot: FaqBot, query: str, reason: Reason) -> None:
    reply = bot.ask(query)
    assert (reply.status, reply.reason) == (Status.NO_MATCH, reason)


# "syndrome" ends the bundled FAQ's name "failed back syndrome" and is never
# used without it: alone, it names another syndrome. "stimulation" is used
# alone as well as in "spinal stimulation", so it keeps its meaning.
@pytest.mark.parametrize(
    ("query", "loose"),
    [
        ("what is down syndrome", True),
        ("what is the outlook for down syndrome", True),
        ("what is failed back syndrome", False),
        ("symptoms of fbs", False),
        ("does stimulation help", False),
    ],
)
def test_a_word_said_without_the_rest_of_its_name_is_loose(bot: FaqBot, query: str, loose: bool) -> None:
    assert bool(bot.index.loose(bot.index.analyze(query))) is loose


def test_a_loose_word_is_named_with_its_name(bot: FaqBot) -> None:
    reply = bot.ask("what is the outlook for down syndrome")
    assert reply.reason is Reason.UNKNOWN_WORDS
    assert reply.message is not None
    assert reply.message.startswith('This FAQ says "syndrome" only in "failed back syndrome".')


def test_a_loose_word_counts_as_unknown() -> None:
    query = Query({"syndrom": 2.0}, {}, 0.6)
    best = Scored(0, 90.0, 1.0, 0.5, 90.0)
    assert decide(query, best) is None
    assert decide(query, best, loose=0.6) is Reason.UNKNOWN_WORDS


def test_the_information_share_counts_unknown_words(bot: FaqBot) -> None:
    index = bot.index
    alone = index.analyze("what are the treatment options")
    beside = index.analyze("what are the treatment options for my twitter data")
    best = index.score_query(alone, limit=1)[0].position
    assert index.informed(beside, best) < index.informed(alone, best) <= 1.0


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("ugh this stupid pain after my op, what are my treatment options", "what are my treatment options"),
        ("does massage help fbs", "does massage help fbs"),
        ("I have lupus. Could it cause fbs?", "could it cause fbs"),
        ("my back hurts", "my back hurts"),  # no question word: all of it
        # what follows the question's sentence is context too
        ("Can you explain fbs simply? My mum has it and we don't get it", "can you explain fbs simply"),
        ("what is fbs? is it common?", "is it common"),  # the last question
        ("so, what is fbs", "what is fbs"),
        ("what is fbs\uff1f my mum has it", "what is fbs"),  # a full-width question mark
    ],
)
def test_question_span(text: str, question: str) -> None:
    start, end = question_span(text)
    assert " ".join(words(text)[start:end]) == question


def _bakery(alternates: int) -> Faq:
    return Faq(
        source=None,
        sections=(Section("shop", "Shop"),),
        reminder="Prices may change.",
        fallback="No idea.",
        entries=(
            Entry(
                "cakes",
                "shop",
                "What cakes do you bake?",
                "We bake sponge, fruit and chocolate cakes. We pipe a name in icing on any cake for 3 "
                "pounds. Orders need two days.",
                alternates=tuple(f"which cakes can I order, take {i}" for i in range(alternates)),
            ),
            Entry(
                "opening",
                "shop",
                "When are you open?",
                "We open Monday to Saturday, from 8am to 5pm, and close on bank holidays and for a week "
                "at Christmas.",
                alternates=("what are your opening hours",),
            ),
            Entry(
                "delivery",
                "shop",
                "Do you deliver?",
                "We deliver anywhere in town for 4 pounds, and further out for 1 pound a mile. Tell us "
                "the address when you order.",
                alternates=("can you bring my order to my house", "what name do I give for delivery"),
            ),
        ),
    )


# An entry of few phrasings says most of what it covers in its answer: a
# question one sentence of it holds is answered from it, though no phrasing
# has its words; an entry of many phrasings is judged by those alone.
@pytest.mark.parametrize(
    ("alternates", "answered"), [(FOCUS_MIN_PHRASINGS - 2, True), (FOCUS_MIN_PHRASINGS - 1, False)]
)
def test_a_sentence_of_a_sparse_entrys_answer_counts_as_a_phrasing(alternates: int, answered: bool) -> None:
    bot = FaqBot(_bakery(alternates))
    reply = bot.ask("can you pipe a name in icing")
    assert (reply.status is Status.ANSWERED) is answered
    assert reply.entry is None or reply.entry.id == "cakes"
    # One word shared with a sentence says nothing of whether it is what was asked.
    assert bot.answer_sentence(bot.index.analyze("icing"), 0) == 0.0


@pytest.mark.parametrize(
    ("query", "low", "high"),
    [
        ("pipe a name in icing", 1.0, 1.0),  # every term in one sentence
        ("a name on fruit cakes", 0.1, 0.9),  # two sentences, each with "cake" and one term more
        ("icing for sponge", 0.0, 0.0),  # each sentence holds one of the two terms
    ],
)
def test_in_answer_sentence_is_what_one_sentence_holds(query: str, low: float, high: float) -> None:
    index = FaqBot(_bakery(0)).index
    assert low - 1e-9 <= index.in_answer_sentence(index.analyze(query), 0) <= high + 1e-9


# FaqBot.judge is the decision ask() makes (bench/calibrate.py sweeps it): each
# of its gates, the answer-type gate and the asking-only rule included.
@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("what is fbs", None),
        ("define?", Reason.NOTHING_ASKED),
        ("does massage help failed back syndrome", Reason.UNKNOWN_WORDS),
        ("how much does a spinal cord stimulator cost", Reason.UNANSWERED_ASPECT),
        ("what is pain?", Reason.TOO_VAGUE),
    ],
)
def test_judge_is_the_decision_ask_makes(bot: FaqBot, query: str, reason: Reason | None) -> None:
    found, aspect = bot.judge(bot.evidence(query))
    assert found is reason
    assert bot.ask(query).reason is reason
    assert (aspect is not None) is (reason is Reason.UNANSWERED_ASPECT)


def test_judge_takes_other_thresholds(bot: FaqBot) -> None:
    evidence = bot.evidence("which treatments help with failed back syndrome")
    assert bot.judge(evidence) == (None, None)
    # Only a question the FAQ asks itself scores 100.
    assert bot.judge(evidence, score_cutoff=100.0)[0] is Reason.LOW_SCORE
    assert bot.judge(evidence, max_unknown=0.0)[0] is None  # no word it does not know


def test_an_urgent_message_has_no_evidence_to_judge(bot: FaqBot) -> None:
    evidence = bot.evidence("I can't control my bladder since the operation")
    assert evidence.screening.rule is not None
    assert evidence.scored == ()


# Words after "after", "since" or "before" say when, not what, a question asks:
# an entry holding only them ("kinds of surgery") does not answer "can I drive
# after my discectomy", while the topic or an entry's own words asked beside
# them keep the question in scope.
@pytest.mark.parametrize(
    ("query", "background_only"),
    [
        ("can i drive after my discectomy", True),
        ("is yoga safe after a spinal fusion", True),
        ("can i get fbs after a laminectomy", False),  # the topic asked about
        ("my legs have ached ever since my back op", False),  # the entry's own words
        ("should I stop smoking before my operation", False),
        ("what is a spinal fusion", False),  # no background: beside_topic's to judge
    ],
)
def test_an_entry_holding_only_the_background_does_not_answer(
    bot: FaqBot, query: str, background_only: bool
) -> None:
    analysis = bot.index.analyze(query)
    best = bot.index.score_query(analysis, scorer=bot.scorer, limit=1)[0]

    assert bot.background_only(analysis, query, best.position) is background_only
    if background_only:
        reply = bot.ask(query)
        assert reply.status is Status.NO_MATCH
        # With the background weighed less (FaqBot.foreground), "yoga" may be
        # judged first: what the question asks in place of the entry's words.
        assert reply.reason in (Reason.LOW_COVERAGE, Reason.UNKNOWN_WORDS)


# A kind of surgery named as when ("after laminectomy") weighs less than what
# the question asks, so it is not pulled to the entry listing kinds of surgery;
# asked about itself, or after a clause word ("before they can ..."), it keeps its weight.
@pytest.mark.parametrize(
    ("query", "section", "lighter"),
    [
        ("tobacco use and chronic pain after laminectomy", "risk-smoking", {"laminectomi"}),
        ("pain in back and legs after laminectomy", "symptoms", {"laminectomi"}),
        ("can i get fbs after a laminectomy", "definition", set()),  # all background: kept
        ("how long after surgery before they can diagnose fbs", None, set()),  # a clause, a topic word
        ("how long should i wait before driving after my back op", None, set()),  # -ing: a clause
        # What one has had or is having is the asker's case, not the question.
        ("i had a discectomy last year, does smoking slow the healing", "risk-smoking", {"discectomi"}),
        ("my mum is having a fusion in may, should she quit smoking first", "risk-smoking", {"fusion"}),
        ("i had to stop working, is that common with fbs", None, set()),  # "had to": a clause
    ],
)
def test_a_question_s_background_weighs_less(
    bot: FaqBot, query: str, section: str | None, lighter: set[str]
) -> None:
    analysis = bot.index.analyze(query)
    seen = bot.foreground(analysis, query)

    assert {term for term, idf in seen.terms.items() if idf < analysis.terms[term]} == lighter
    assert all(seen.terms[term] == analysis.terms[term] * BACKGROUND_WEIGHT for term in lighter)
    if section is not None:
        answered = bot.ask(query).answered
        assert answered is not None
        assert answered.section.id == section


# An entry is about what most of its phrasings name: the smoking entries about
# smoking; one whose phrasings name many things (the definition) about none.
@pytest.mark.parametrize(
    ("entry_id", "subject"),
    [
        ("smoking-increases-risk", {"smoke"}),
        ("diabetes", {"diabet"}),
        ("what-is-failed-back-syndrome", set()),
    ],
)
def test_an_entry_s_subject_is_what_most_of_its_phrasings_name(
    bot: FaqBot, entry_id: str, subject: set[str]
) -> None:
    position = next(i for i, e in enumerate(bot.index.entries) if e.id == entry_id)

    assert bot.subject(position) == subject


# A question naming diabetes and "risk factor" asks about diabetes: the entry on
# smoking's risk shares more of its words, but not what it is about.
@pytest.mark.parametrize(
    ("query", "entry_id"),
    [
        ("could diabetes be a risk factor for failed back syndrome", "diabetes"),
        ("does smoking raise the risk of failed back syndrome", "smoking-increases-risk"),
    ],
)
def test_the_entry_whose_subject_is_named_answers(bot: FaqBot, query: str, entry_id: str) -> None:
    analysis = bot.index.analyze(query)
    first = bot.index.score_query(analysis, scorer=bot.scorer, limit=4)

    assert first[0].score * SUBJECT_MIN_SHARE <= bot.on_subject(analysis, first)[0].score
    answered = bot.ask(query).answered
    assert answered is not None
    assert answered.entry.id == entry_id


def _prescriptions() -> Faq:
    """Two entries of few phrasings sharing their content words: what a
    prescription costs, and who gets one free."""
    return Faq(
        source=Source("Pharmacy"),
        sections=(Section("costs", "Costs"),),
        reminder="Ask the pharmacist.",
        entries=(
            Entry(
                "free",
                "costs",
                "Who gets a free prescription?",
                "Children and people over sixty.",
                alternates=("do I have to pay for a prescription", "prescription exemption"),
            ),
            Entry(
                "charge",
                "costs",
                "How much is a prescription?",
                "A set charge for each item.",
                alternates=("prescription charge", "price of a prescription item"),
            ),
        ),
    )


# Scores read content words only; how a question asks ("how much is a ...")
# tells apart entries of few phrasings that share them, when they score close.
@pytest.mark.parametrize(
    ("query", "behind", "first"),
    [
        ("how much is a prescription these days", 5.0, "charge"),
        ("how much is a prescription these days", FRAME_MARGIN + 1, "free"),  # too far behind
        ("prescription these days", 5.0, "free"),  # no asking words: the score decides
        ("is a prescription free these days", 5.0, "free"),  # asked as neither entry asks
        ("so how much is a prescription these days", 5.0, "charge"),  # from its question word
    ],
)
def test_an_entry_asked_as_the_question_asks_goes_first(query: str, behind: float, first: str) -> None:
    bot = FaqBot(_prescriptions())
    scored = [Scored(0, 60.0, 1.0, 0.5, 60.0), Scored(1, 60.0 - behind, 1.0, 0.4, 55.0)]

    assert bot.index.entries[bot.framed(query, scored)[0].position].id == first


def _tickets() -> Faq:
    """Two entries sharing "ticket" and "buy": where to buy one (which also
    names the train), and which one to buy."""
    return Faq(
        source=Source("Rail"),
        sections=(Section("tickets", "Tickets"),),
        reminder="Check with the station.",
        entries=(
            Entry("where", "tickets", "Where can I buy a train ticket?", "At the station or online."),
            Entry("which", "tickets", "Which ticket should I buy for my journey?", "A return is cheapest."),
        ),
    )


# Scores a point or two apart say little; of entries that close, holding every
# term the best holds, the one worded most like the question goes first. One
# that lacks a term the best holds goes first only at a tie.
@pytest.mark.parametrize(
    ("query", "behind", "first"),
    [
        ("which ticket should I buy", 0.0, "which"),  # a tie
        ("which ticket should I buy", NEAR_TIE_MARGIN - 0.5, "which"),  # near: it holds "ticket", "buy"
        ("which ticket should I buy", NEAR_TIE_MARGIN + 0.5, "where"),  # too far behind
        ("which train ticket should I buy", 0.0, "which"),  # a tie, though it lacks "train"
        ("which train ticket should I buy", NEAR_TIE_MARGIN - 0.5, "where"),  # near, but lacks "train"
        ("where can I buy a ticket", NEAR_TIE_MARGIN - 0.5, "where"),  # the best is the closest
    ],
)
def test_of_entries_near_a_tie_the_closest_wording_goes_first(query: str, behind: float, first: str) -> None:
    bot = FaqBot(_tickets())
    scored = [Scored(0, 60.0, 1.0, 0.5, 60.0), Scored(1, 60.0 - behind, 1.0, 0.5, 60.0)]

    found = bot.closest_first(bot.index.analyze(query), query, scored)

    assert bot.index.entries[found[0].position].id == first
    assert sorted(found) == sorted(scored)  # reordered, never dropped or rescored


# The bundled FAQ's entries have phrasings enough to say what they cover: their
# order is the score's, whatever the question's asking words.
def test_entries_of_many_phrasings_keep_their_order(bot: FaqBot) -> None:
    assert all(1 + len(e.alternates) >= FOCUS_MIN_PHRASINGS for e in bot.index.entries)
    scored = [Scored(0, 60.0, 1.0, 0.5, 60.0), Scored(1, 59.0, 1.0, 0.5, 60.0)]

    assert bot.framed("what is it", scored) == scored
