"""FaqBot.ask and FaqBot.search on the bundled FAQ, and on tiny FAQs built here."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from conftest import ARTICLE_SECTIONS, needs
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.fuzz import ratio as fuzz_ratio

from faq_bot import Entry, Faq, FaqBot, FaqIndex, Match, Reply, Section, Source, Status
from faq_bot.bot import DEFAULT_MIN_COVERAGE
from faq_bot.matcher import ACRONYM_INFORMATION
from faq_bot.text import apply_synonyms, capitalised, synonym_sizes
from faq_bot.wordstats import information

SECTION_IDS = {*ARTICLE_SECTIONS, "about"}


def assert_answers(reply: Reply, expected: str) -> None:
    """``expected`` is a section id (any entry of it will do) or an entry id."""
    assert reply.status is Status.ANSWERED, f"{reply.query!r} got {reply.status}, score {reply.score:.1f}"
    assert reply.entry is not None
    got = reply.entry.section if expected in SECTION_IDS else reply.entry.id
    assert got == expected, f"{reply.query!r} got {reply.entry.id} ({reply.entry.section})"


# Our own patient questions (paraphrases, not the FAQ's alternates).
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # --- typos: a word the FAQ doesn't know is corrected to the closest one it does
        ("what symtoms should I look out for with fbs", "main-symptoms"),  # symtoms -> symptoms
        ("which symtoms come with failed back syndrome", "symptoms"),  # the typo with the full name
        ("does smokeing raise the chance of getting fbs", "risk-smoking"),  # smokeing -> smoking
        ("I have diabetus, could that be the reason", "diabetes"),  # diabetus -> diabetes
        ("could my diabetus be slowing down my recovery", "cause-other-conditions"),  # same typo, other words
        ("waht is falied back syndrome", "definition"),  # two typos in one short question
        # --- synonyms and lay words: mapped to the FAQ's terms
        # op = surgery
        ("the op was months ago and it still hurts, is that normal", "normal-pain-after-surgery"),
        ("what exactly is FBSS", "what-is-failed-back-syndrome"),  # the acronym, in capitals
        ("post laminectomy syndrome, what is it", "definition"),  # the other name of the condition
        ("are cigarettes bad for failed back syndrome", "risk-smoking"),  # cigarettes = smoking
        ("would smoking fewer cigs before the op help", "cutting-down-smoking"),  # cigs, op
        ("is pain in my thigh part of fbs", "leg-pain-after-back-surgery"),  # thigh = legs
        # swelling = inflammation
        ("does swelling after the operation cause the pain", "inflammation-as-cause"),
        ("which medicines treat failed back syndrome", "treatments"),  # medicines = medication
        ("meds for fbs", "treatments"),  # meds = medication, which must not meet "medical" (are-you-a-doctor)
        # clash = interaction, pills = medication
        ("can the painkillers clash with my other pills", "pain-medication-and-other-prescriptions"),
        ("what is a spinal cord stimulator", "spinal-stimulation"),  # the device's full name
        # --- word forms: stems meet (smoke/smoker/smoking)
        ("smoke and fbs", "risk-smoking"),  # the bare verb
        ("I'm a smoker, will that affect my back surgery", "risk-smoking"),  # the noun for the person
        ("does smoking slow my healing", "why-smoking-slows-healing"),  # the -ing form
        ("will my back heal if I smoked before", "risk-smoking"),  # past tense
        # --- plain questions a patient would ask
        ("what causes it", "what-causes-failed-back-syndrome"),  # "it" is the condition
        ("is there a cure", "can-it-be-cured"),  # short and direct
        ("who is the author", "who-wrote-the-article"),  # about the source
        ("my wound has healed nicely but my back still hurts", "pain-despite-healing"),
        ("are nerve blocks painful", "temporary-nerve-blocks"),
        ("treatment for fbss", "treatment-options"),
    ],
)
def test_answers(bot: FaqBot, query: str, expected: str) -> None:
    assert_answers(bot.ask(query), expected)


@pytest.mark.parametrize(
    "query",
    [
        # Shares "symptoms" with the FAQ but is about another illness: "measles" is unknown evidence.
        "What are the symptoms of measles?",
        "what are the symptoms of the flu",  # the same with another disease
        "how do I bake sourdough bread",  # nothing in common
        "what's the weather in paris tomorrow",  # small talk
        "who won the football last night",  # "who" questions exist in the FAQ; the topic doesn't
        "how tall is mount everest",  # general knowledge
        "what are the side effects of ibuprofen",  # a drug the article never mentions
        "",  # nothing typed
        "   ",  # only spaces
        "???",  # only punctuation
        "a",  # a single stopword
        "\x1b[31m",  # only an escape sequence
    ],
)
def test_declines_what_the_faq_does_not_answer(bot: FaqBot, query: str) -> None:
    reply = bot.ask(query)
    assert reply.status is Status.NO_MATCH
    assert reply.entry is None
    assert reply.section is None
    assert reply.reason is not None
    assert reply.message is not None
    assert reply.message.endswith(bot.faq.fallback)
    assert reply.reminder == bot.faq.reminder


def test_measles_is_not_answered_with_the_symptoms_entry(bot: FaqBot) -> None:
    reply = bot.ask("What are the symptoms of measles?")
    assert reply.status is Status.NO_MATCH
    assert reply.entry is None or reply.entry.id != "main-symptoms"


def test_answer_reply_shape(bot: FaqBot) -> None:
    reply = bot.ask("what is failed back syndrome")
    assert reply.status is Status.ANSWERED
    assert reply.query == "what is failed back syndrome"
    assert reply.entry is not None
    assert reply.section == bot.faq.section(reply.entry.section)
    assert reply.message is None
    assert reply.urgent_rule is None
    assert reply.reminder == bot.faq.reminder


@pytest.mark.parametrize(
    "query", ["what is fbs", "does smoking matter", "What are the symptoms of measles?", ""]
)
def test_deterministic(faq: Faq, bot: FaqBot, query: str) -> None:
    # The same question gets the same reply, from the same bot and from a fresh one.
    assert bot.ask(query) == bot.ask(query)
    assert FaqBot(faq).ask(query) == bot.ask(query)
    assert FaqBot(faq).search(query) == bot.search(query)


# --- alternatives --------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["what is failed back syndrome", "can smoking make it worse", "treatment for fbss"]
)
def test_alternatives_default_to_three_distinct_sorted(bot: FaqBot, query: str) -> None:
    reply = bot.ask(query)
    assert reply.status is Status.ANSWERED
    assert reply.entry is not None
    ids = [m.entry.id for m in reply.alternatives]
    assert len(ids) == 3
    assert len(set(ids)) == 3  # distinct from each other
    assert reply.entry.id not in ids  # and from the answer
    scores = [m.score for m in reply.alternatives]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= reply.score for s in scores)
    assert 0 <= reply.score <= 100


@pytest.mark.parametrize("limit", [0, 1, 5])
def test_limit_sets_the_number_of_alternatives(faq: Faq, bot: FaqBot, limit: int) -> None:
    query = "what is failed back syndrome"
    assert len(bot.ask(query, limit=limit).alternatives) == limit
    assert len(FaqBot(faq, limit=limit).ask(query).alternatives) == limit
    # Changing the count doesn't change the answer.
    assert bot.ask(query, limit=limit).entry == bot.ask(query).entry


def test_no_match_suggestions_are_distinct_and_sorted(bot: FaqBot) -> None:
    reply = bot.ask("What are the symptoms of measles?")
    ids = [m.entry.id for m in reply.alternatives]
    assert len(ids) == len(set(ids)) <= 3
    scores = [m.score for m in reply.alternatives]
    assert scores == sorted(scores, reverse=True)


# --- search --------------------------------------------------------------------


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_search_respects_limit_and_sorts(bot: FaqBot, limit: int) -> None:
    results = bot.search("pain after back surgery", limit=limit)
    assert len(results) == limit
    assert all(isinstance(m, Match) for m in results)
    scores = [m.score for m in results]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)
    assert len({m.entry.id for m in results}) == limit


def test_search_default_limit_is_five(bot: FaqBot) -> None:
    assert len(bot.search("pain after back surgery")) == 5


@pytest.mark.parametrize("cutoff", [0.0, 50.0, 80.0, 100.0])
def test_search_respects_score_cutoff(bot: FaqBot, cutoff: float) -> None:
    everything = bot.search("does smoking slow healing", limit=50)
    results = bot.search("does smoking slow healing", limit=50, score_cutoff=cutoff)
    assert all(m.score >= cutoff for m in results)
    # Nothing above the cutoff is dropped.
    assert results == [m for m in everything if m.score >= cutoff]


def test_search_top_hit_agrees_with_ask(bot: FaqBot) -> None:
    reply = bot.ask("does smoking slow healing")
    [best] = bot.search("does smoking slow healing", limit=1)
    assert best.entry == reply.entry
    assert best.score == reply.score


@pytest.mark.parametrize("query", ["", "???", "how do I bake sourdough bread"])
def test_search_without_match_is_an_empty_list(bot: FaqBot, query: str) -> None:
    assert bot.search(query) == []


def test_search_keeps_only_what_reaches_the_cutoff(bot: FaqBot) -> None:
    found = bot.search("which treatments help", limit=None)
    best = found[0].score
    assert best < 100
    assert bot.search("which treatments help", score_cutoff=best + 0.01) == []
    assert bot.search("which treatments help", score_cutoff=best) == found[:1]


# --- ties and tiny FAQs -----------------------------------------------------------


def tiny_faq(*entries: Entry) -> Faq:
    return Faq(
        source=Source("Tiny"),
        sections=(Section("general", "General"),),
        reminder="Ask your physician.",
        fallback="No idea.",
        entries=entries,
    )


# "puce" and "ecru" are both unknown to the query, both four letters and both
# rare in English (which ranking weighs), so the two entries score exactly the
# same for "widget".
PUCE = Entry("puce", "general", "What about the puce widget?", "It is puce.")
ECRU = Entry("ecru", "general", "What about the ecru widget?", "It is ecru.")


@pytest.mark.parametrize(("entries", "first"), [((PUCE, ECRU), "puce"), ((ECRU, PUCE), "ecru")])
def test_ties_go_to_faq_order(entries: tuple[Entry, Entry], first: str) -> None:
    bot = FaqBot(tiny_faq(*entries))
    results = bot.search("widget")
    assert results[0].score == results[1].score  # a real tie
    assert [m.entry.id for m in results] == [first, next(e.id for e in entries if e.id != first)]
    reply = bot.ask("widget")
    assert reply.entry is not None
    assert reply.entry.id == first


def test_higher_cutoff_makes_the_bot_decline(faq: Faq) -> None:
    query = "what symtoms should I look out for with fbs"
    score = FaqBot(faq).ask(query).score
    assert FaqBot(faq, score_cutoff=score + 0.1).ask(query).status is Status.NO_MATCH
    assert FaqBot(faq, score_cutoff=score).ask(query).status is Status.ANSWERED


def test_custom_scorer_is_used() -> None:
    # The fuzzy part is pluggable: a scorer that returns 0 lowers every score.
    def zero(*_: str) -> float:
        return 0.0

    faq = tiny_faq(PUCE, ECRU)
    zeroed = FaqBot(faq, scorer=zero).search("puce widget")[0].score
    assert zeroed < FaqBot(faq).search("puce widget")[0].score


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_ask_never_raises(bot: FaqBot, text: str) -> None:
    reply = bot.ask(text)
    assert reply.status in set(Status)
    assert 0 <= reply.score <= 100
    assert (reply.entry is not None) == (reply.status is Status.ANSWERED)


def test_a_long_running_bot_does_not_grow_without_end(faq: Faq, monkeypatch: pytest.MonkeyPatch) -> None:
    # A bot answering for months meets endless new words; its per-word caches
    # (stems, typo corrections, urgent-screen lookups) must stay bounded. The
    # bounds are made small, so a few thousand words pass them.
    import random
    import string

    from faq_bot import matcher, safety

    monkeypatch.setattr(matcher, "_CORRECTIONS_CACHE_SIZE", 500)
    monkeypatch.setattr(matcher, "_QUERY_WORDS_CACHE_SIZE", 500)
    monkeypatch.setattr(safety, "_WORD_CACHE_SIZE", 50)
    bot = FaqBot(faq)
    rng = random.Random(7)
    for _ in range(100):
        noise = " ".join("".join(rng.choices(string.ascii_lowercase, k=9)) for _ in range(30))
        bot.ask(f"{noise} {rng.randrange(10**9)}")
    vocabulary = len(bot.index._vocabulary)
    assert len(bot.index._stem_cache) <= vocabulary + 500
    assert len(bot.index._corrections) <= 500
    assert len(bot.screen._word_cache) <= 50
    assert len(bot.index._shares) <= 500
    # And it still answers as before.
    assert bot.ask("what is failed back syndrome?").status is Status.ANSWERED


@pytest.mark.parametrize("overlap", [0.0, 0.35, 1.0])
def test_rescore_is_the_score_rescored_gives(bot: FaqBot, overlap: float) -> None:
    # The bot weighs candidates by rescore() without making their records:
    # it must be the very score rescored() would record, to the last bit.
    from faq_bot.matcher import rescore, rescored

    scored = bot.index.score("can pain after back surgery be treated", limit=None)
    assert scored
    for s in scored:
        assert rescore(s, overlap=overlap) == rescored(s, overlap=overlap).score


def test_a_zero_limit_is_no_alternatives(bot: FaqBot) -> None:
    assert bot.search("nerve block", limit=0) == []
    assert bot.ask("what is fbs", limit=0).alternatives == ()


@pytest.mark.parametrize("word", ["bad", "help", "doctor", "smoking"])
def test_a_one_word_question_is_never_a_sure_answer(bot: FaqBot, word: str) -> None:
    # One word is thin evidence: the chat should offer its "did you mean" list.
    reply = bot.ask(word)
    assert reply.status is not Status.ANSWERED or reply.uncertain


# --- words the FAQ has in another form, or in two pieces ----------------------------

# Made-up entries: each holds a word in one form; the queries use another.
FORMS = (
    Entry("different", "general", "How is the new plan different?", "In two ways."),
    Entry("xray", "general", "How much is an x-ray?", "Ten pounds."),
    Entry("ache", "general", "Why does my tooth ache?", "Ask your dentist."),
    Entry("rush", "general", "Can I get vitamin B in a rush?", "Yes."),  # "b" and "rush", not "brush"
)


@pytest.mark.parametrize(
    ("word", "corrected"),
    [
        # One edit from an English word whose stem the FAQ has ("different"):
        # the English word, so the stems meet.
        ("diffrence", ("difference", 1)),
        ("diferent", ("different", 1)),  # the FAQ's own word still comes first
        ("rys", ("rys", 0)),  # "rays" is one edit away, but three letters are near too many words
        ("difference", ("difference", 0)),  # a real word stays as it is
        ("zzqqxxvv", ("zzqqxxvv", 0)),  # no word near it at all
    ],
)
def test_typos_of_english_forms_of_the_faqs_words(word: str, corrected: tuple[str, int]) -> None:
    assert FaqBot(tiny_faq(*FORMS)).index.correct(word) == corrected


# A real word that is a far more common stopword short of one letter is typed
# shorthand, read as that stopword (so it says nothing); a word only somewhat
# rarer than the stopword it resembles is a word of its own.
@pytest.mark.parametrize(
    ("word", "read"),
    [
        ("wat", ("what", 1)),
        ("jus", ("just", 1)),
        ("wit", ("wit", 0)),  # "with" is not common enough beside it to be sure
        ("hat", ("hat", 0)),  # "that" is common, but "hat" is a word in its own right
        ("ant", ("ant", 0)),  # likewise beside "want"
    ],
)
def test_clipped_stopwords_are_read_as_the_stopword(word: str, read: tuple[str, int]) -> None:
    assert FaqBot(tiny_faq(*FORMS)).index.correct(word) == read


def test_a_clipped_stopword_is_no_evidence_of_another_topic(bot: FaqBot) -> None:
    reply = bot.ask("wat is failed back syndrome")
    assert reply.status is Status.ANSWERED
    assert reply.entry is not None
    assert reply.entry.id == "what-is-failed-back-syndrome"
    assert reply.unknown_words == ()


# Shorthand says what its full word says: a stopword's ("ur", "n") nothing,
# a content word's ("ppl", "smokin") what the FAQ knows of it, so neither
# declines a clear question as a word of another topic.
@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("whats ur source", "where-answers-come-from"),
        ("smokin n back surgery healing", "why-smoking-slows-healing"),
        ("sx of failed back syndrome", "main-symptoms"),
    ],
)
def test_shorthand_is_read_as_its_word(bot: FaqBot, query: str, entry: str) -> None:
    reply = bot.ask(query)
    assert reply.status is Status.ANSWERED
    assert reply.entry is not None
    assert reply.entry.id == entry


# Three letters or fewer without a vowel are an acronym, one edit from many
# others: corrected only to a spelled-out word (a stopword, for "wht"), or to
# the acronym it is the plural of.
@pytest.mark.parametrize(
    ("word", "corrected"),
    [
        ("pgp", "pgp"),  # not "gp"
        ("wht", "why"),  # "what", "who" and "why" are as near: the stopword drops out anyway
        ("pts", "pt"),
    ],
)
def test_short_acronyms_are_not_corrected_to_other_acronyms(word: str, corrected: str) -> None:
    faq = tiny_faq(
        Entry("gp", "general", "Should I see my GP?", "Yes."),
        Entry("pt", "general", "Do you have a PT?", "Yes."),
    )
    assert FaqBot(faq).index.correct(word)[0] == corrected


# A string that is no word and begins the FAQ's words of one stem only is that
# word cut short ("stim"); a real word is a word of its own, and a start shared
# by words of several stems could be any of them.
CLIPPINGS = (
    Entry("stim", "general", "Does spinal stimulation help?", "It may."),
    Entry("lam", "general", "What is a laminectomy?", "An operation."),
    Entry("lamp", "general", "Do you sell laminated maps?", "Yes."),
)


@pytest.mark.parametrize(
    ("word", "corrected"),
    [
        ("stim", ("stimulation", 2)),
        ("stimu", ("stimulation", 2)),
        ("spin", ("spin", 0)),  # a real word, not "spinal"
        ("lami", ("lami", 0)),  # "laminectomy" or "laminated"
        ("stimulatio", ("stimulation", 1)),  # a typo is nearer than a clipping
    ],
)
def test_a_clipped_word_is_read_as_the_faqs_word(word: str, corrected: tuple[str, int]) -> None:
    assert FaqBot(tiny_faq(*CLIPPINGS)).index.correct(word) == corrected


def test_an_faqs_own_shorthand_is_not_spelled_out() -> None:
    # An FAQ that uses "appt" itself means what it says by it.
    faq = tiny_faq(Entry("appt", "general", "How do I book an appt?", "Online."))
    assert FaqBot(faq).index.correct("appt") == ("appt", 0)
    assert FaqBot(tiny_faq(*FORMS)).index.correct("appt") == ("appointment", 1)


@pytest.mark.parametrize(
    ("query", "parts"),
    [
        ("how much are xrays", {"x", "ray"}),  # no English word: split anywhere
        ("toothache again", {"tooth", "ach"}),  # a real word, split into real parts
    ],
)
def test_a_word_made_of_two_faq_terms_counts_as_both(query: str, parts: set[str]) -> None:
    analysis = FaqBot(tiny_faq(*FORMS)).index.analyze(query)
    assert parts <= set(analysis.terms)
    assert not set(analysis.unknown) & set(query.split())


def test_a_real_word_is_not_split_into_scraps() -> None:
    # "brush" is b + rush, both in the FAQ, but a real word is not cut into a
    # one-letter piece: it stays unknown.
    analysis = FaqBot(tiny_faq(*FORMS)).index.analyze("which brush should I use")
    assert "brush" in analysis.unknown
    assert "rush" not in analysis.terms


# Snowball stems these stopwords into other words' stems ("quite" -> "quit",
# "lately" -> "late"): the word must stay a term, the stopword must not become one.
@pytest.mark.parametrize(
    ("word", "stopword"), [("quit", "quite"), ("late", "lately"), ("current", "currently")]
)
def test_a_stopword_does_not_drop_a_word_it_stems_like(word: str, stopword: str) -> None:
    index = FaqIndex([Entry("e", "general", f"What if I am {word}?", "Then so be it.")])
    assert set(index.analyze(f"am i {word}").terms) == {word}
    assert not index.analyze(f"i am {stopword} new").terms


# A typo of a common word says what that word says, and a number with its unit
# says nothing: neither is the rare name of another topic (information 1.0).
@pytest.mark.parametrize(
    ("word", "said"), [("freind", 0.0), ("recieve", information("receive")), ("7pm", 0.0)]
)
def test_unknown_typos_and_numbers_weigh_what_they_stand_for(word: str, said: float) -> None:
    index = FaqIndex([Entry("e", "general", "Where do I park?", "Anywhere.")])
    assert index.analyze(f"where do i park {word}").unknown[word] == pytest.approx(said)
    assert said < 1.0 == index.analyze("where do i park qqxzv").unknown["qqxzv"]


# wordfreq counts each spelling apart: an irregular form reads rarer than its
# word, but says no more about a topic ("learnt" as "learn", "meant" as "mean");
# a regular form ("travels") and a word no form of another keep their own.
@pytest.mark.parametrize(
    ("word", "read_as"),
    [("learnt", "learn"), ("meant", "mean"), ("travels", "travels"), ("massage", "massage")],
)
def test_an_irregular_form_says_what_its_word_says(word: str, read_as: str) -> None:
    index = FaqIndex([Entry("e", "general", "Where do I park?", "Anywhere.")])
    said = index.analyze(f"where do i park {word}").unknown[word]
    assert said == pytest.approx(min(information(word), information(read_as)))
    assert word == read_as or said < information(word)


# --- one rule for bad values, as rapidfuzz's process has ---------------------------


# Each call that takes a count or a score takes the same names, and refuses
# what is not one in the same way, naming the option and the value.
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda bot: bot.search("pain", limit=-1),
            "limit must be a whole number, 0 or more, or None; not -1",
        ),
        (
            lambda bot: bot.search("pain", limit=2.5),
            "limit must be a whole number, 0 or more, or None; not 2.5",
        ),
        (
            lambda bot: bot.search("pain", limit=True),
            "limit must be a whole number, 0 or more, or None; not True",
        ),
        (lambda bot: bot.ask("pain", limit=-1), "limit must be a whole number, 0 or more, or None; not -1"),
        (
            lambda bot: bot.index.score("pain", limit=-3),
            "limit must be a whole number, 0 or more, or None; not -3",
        ),
        (
            lambda bot: bot.search("pain", score_cutoff=-1),
            "score_cutoff must be a number from 0 to 100, not -1",
        ),
        (
            lambda bot: bot.ask("pain", score_cutoff=101),
            "score_cutoff must be a number from 0 to 100, not 101",
        ),
        (
            lambda bot: bot.ask("pain", score_cutoff=float("nan")),
            "score_cutoff must be a number from 0 to 100, not nan",
        ),
        (lambda bot: FaqBot(bot.faq, limit=-2), "limit must be a whole number, 0 or more, or None; not -2"),
        (
            lambda bot: FaqBot(bot.faq, score_cutoff="38"),
            "score_cutoff must be a number from 0 to 100, not '38'",
        ),
        (lambda bot: FaqBot(bot.faq, min_coverage=1.5), "min_coverage must be a number from 0 to 1, not 1.5"),
        (lambda bot: FaqBot(bot.faq, max_unknown=-0.1), "max_unknown must be a number from 0 to 1, not -0.1"),
        (
            lambda bot: FaqBot(bot.faq, scorer=None),
            "scorer must be a function (str, str) -> 0..100, not None",
        ),
    ],
)
def test_a_bad_option_is_a_value_error_naming_it(
    bot: FaqBot, call: Callable[[FaqBot], object], message: str
) -> None:
    with pytest.raises(
        ValueError, match=r"^(limit|score_cutoff|min_coverage|max_unknown|scorer) "
    ) as exc_info:
        call(bot)
    assert str(exc_info.value) == message


def test_options_are_keyword_only(bot: FaqBot) -> None:
    with pytest.raises(TypeError):
        bot.search("pain", 3)  # type: ignore[misc]
    with pytest.raises(TypeError):
        bot.ask("pain", 3)  # type: ignore[misc]


def test_search_with_no_limit_gives_every_candidate(bot: FaqBot) -> None:
    everything = bot.search("pain after surgery", limit=None)
    assert len(everything) > 10
    assert everything[:5] == bot.search("pain after surgery", limit=5)


# Scoring with a limit skips what cannot reach the limit-th best score (whole
# entries, and keyword looks that could not change an entry's fate): never
# anything that would be returned. Typos, and keywords of the FAQ (where a
# keyword's look decides).
@pytest.mark.parametrize(
    "query",
    ["pain after surgery", "wht is fbs", "pian afer surgry", "spinal fusion", "spinal column", "factors"],
)
@pytest.mark.parametrize("limit", [1, 4])
def test_a_limit_gives_the_head_of_the_full_ranking(bot: FaqBot, query: str, limit: int) -> None:
    full = bot.index.score(query, limit=None)
    assert full
    assert bot.index.score(query, limit=limit) == full[:limit]


def test_ask_takes_its_own_score_cutoff(bot: FaqBot) -> None:
    reply = bot.ask("which treatments help")
    assert reply.status is Status.ANSWERED
    assert reply.score < 100
    assert bot.ask("which treatments help", score_cutoff=reply.score + 0.01).status is Status.NO_MATCH


def test_an_index_of_another_faq_is_refused(faq: Faq) -> None:
    other = tiny_faq(PUCE, ECRU)
    with pytest.raises(ValueError, match="index was built from another FAQ"):
        FaqBot(faq, index=FaqIndex.from_faq(other))
    # Its own index, or one built from an equal FAQ, is fine.
    assert FaqBot(faq, index=FaqIndex.from_faq(faq)).ask("what is fbs").section is not None
    FaqBot(tiny_faq(PUCE, ECRU), index=FaqIndex.from_faq(other))


# --- what the decision judges: how much of a question an entry explains -------

# "link", "new" and "make" are rare in this FAQ (one entry each) but common in
# English; "inflammation" is the other way round.
LINKED = (
    Entry("inflammation", "general", "Can inflammation cause back pain?", "It can."),
    Entry("swelling", "general", "Does inflammation go down with time?", "Often."),
    Entry("normal", "general", "Is back pain after surgery normal?", "Some is."),
    Entry("linger", "general", "Why does back pain linger?", "Several reasons."),
    Entry("website", "general", "Where is the link to the website?", "At the top."),
    Entry("account", "general", "How do I make a new account?", "Sign up."),
)
LINK_QUESTION = "is there a new link between inflammation and back pain"


def test_common_words_other_entries_use_do_not_sink_a_clear_question() -> None:
    index = FaqIndex(LINKED)
    query = index.analyze(LINK_QUESTION)
    best = index.score_query(query, limit=1)[0]
    assert index.entries[best.position].id == "inflammation"
    # By idf alone the entry explains too little; weighed by what the words
    # say in English, enough (ranking's coverage weighs them by it too).
    held = sum(w * index.strength(t, best.position) for t, w in query.terms.items())
    by_idf = held / sum(query.terms.values())
    assert by_idf < DEFAULT_MIN_COVERAGE <= index.explained(query, best.position)
    assert by_idf < best.coverage
    reply = FaqBot(tiny_faq(*LINKED)).ask(LINK_QUESTION)
    assert reply.status is Status.ANSWERED
    assert reply.entry == LINKED[0]


# One question answered three ways (a forum thread, or several sources) is
# asked once: its words weigh as in a FAQ that asks it once. Each answer is its
# own text: a word in all three counts three times, as in three entries.
ASKED_THRICE = (
    Entry("export-1", "general", "How do I export my calendar?", "Use the sync menu."),
    Entry("export-2", "general", "How do I export my calendar?", "The sync menu, or a file."),
    Entry("export-3", "general", "How do I export my calendar?", "Sync it from the settings."),
    Entry("share", "general", "Can I share my calendar?", "Yes."),
)
ASKED_ONCE = (
    Entry("export", "general", "How do I export my calendar?", "Use the sync menu."),
    Entry("print", "general", "How do I print my notes?", "The sync menu, or a file."),
    Entry("font", "general", "Can I change the font?", "Sync it from the settings."),
    Entry("share", "general", "Can I share my calendar?", "Yes."),
)


def test_entries_asking_the_same_question_count_once_for_its_words() -> None:
    text = "export my calendar with the sync menu"
    thrice, once = FaqIndex(ASKED_THRICE).analyze(text), FaqIndex(ASKED_ONCE).analyze(text)
    assert thrice.terms == once.terms
    assert thrice.terms["export"] > thrice.terms["calendar"] > thrice.terms["sync"]


@pytest.mark.parametrize("text", ["inflammation", "the website link"])
def test_explained_is_coverage_when_words_weigh_alike(text: str) -> None:
    # One term, or terms held alike: scaling every weight changes no share.
    index = FaqIndex(LINKED)
    query = index.analyze(text)
    for scored in index.score_query(query):
        assert index.explained(query, scored.position) == pytest.approx(scored.coverage)


def test_a_ranking_kept_for_the_same_terms_is_the_one_worked_out(
    faq: Faq, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rankings are kept by the query's terms and weights: a question asked
    # again, or in other words with the same terms, gets the very ranking
    # scoring it afresh gives, whatever a caller did to the list it got, and
    # only the latest few are kept.
    from faq_bot import matcher

    monkeypatch.setattr(matcher, "_SCORES_CACHE_SIZE", 3)
    index = FaqIndex.from_faq(faq)
    queries = [index.analyze(q) for e in faq.entries[:8] for q in (e.question, e.question.upper())]
    for query in queries * 2:
        got = index.score_query(query, limit=4)
        assert got == index._score_query(query, fuzz_ratio, 4)
        got.clear()
        assert len(index._scores) <= 3


_STEMS = st.sampled_from(["a", "b", "c", "d"])


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.lists(_STEMS, min_size=1, max_size=4).map(tuple), st.lists(_STEMS, max_size=3).map(tuple)
    ),
    st.lists(_STEMS, max_size=12),
)
def test_synonyms_by_first_stem_replace_as_trying_every_length(
    table: dict[tuple[str, ...], tuple[str, ...]], stems: list[str]
) -> None:
    # The matcher tries at each word only the lengths of the variants that
    # start with it: the same replacements as trying every length down from
    # the longest, on a few stems so that variants overlap and nest.
    longest = max(map(len, table), default=0)
    assert apply_synonyms(stems, table, longest, sizes=synonym_sizes(table)) == apply_synonyms(
        stems, table, longest
    )


def test_held_maps_come_with_the_second_query_and_score_alike(faq: Faq) -> None:
    # A small FAQ's first query scores by intersecting every phrasing, later
    # ones by each term's phrasings (held): the two must agree to the last bit,
    # and the first query (a command line's only one) must not build the maps.
    queries = ["what is failed back syndrome", "does smoking slow healing", "can a stimulator help leg pain"]
    index = FaqIndex(faq.entries)
    first = index.score(queries[0], limit=10)
    assert all(p is None or p.held is None for p in index._phrasings)
    again = [index.score(q, limit=10) for q in queries]
    assert any(p is not None and p.held is not None for p in index._phrasings)
    assert again[0] == first
    assert again == [FaqIndex(faq.entries).score(q, limit=10) for q in queries]


# Acronyms are words typed in capitals of two to five letters, as the user
# wrote them; a message with no lower-case letter (of more than one word) is
# shouted, so its capitals say nothing.
@pytest.mark.parametrize(
    ("text", "acronyms"),
    [
        ("what is IBS?", {"ibs"}),
        ("does COPD or MS cause back pain", {"copd", "ms"}),
        ("my ACL-repair hurts", {"acl"}),  # a hyphen splits words, as words() does
        ("IBS", {"ibs"}),  # one word in capitals is spelled, not shouted
        ("WHAT IS IBS", set()),  # shouted
        ("What is failed back syndrome", set()),  # one capital is no acronym
        ("is FORAMINOTOMY painful", set()),  # longer than five letters: shouted word
        ("what is ibs", set()),
    ],
)
def test_capitalised_words_are_acronyms(text: str, acronyms: set[str]) -> None:
    assert capitalised(text) == acronyms


# An acronym the FAQ does not know is never corrected to a word one edit away
# ("IBS" is not "its", "MS" not "my"), and counts as an unknown word saying as
# much as a word can, however common its letters are in English.
@pytest.mark.parametrize(("text", "acronym"), [("what is IBS", "ibs"), ("can MS cause back pain", "ms")])
def test_an_unknown_acronym_is_not_corrected(bot: FaqBot, text: str, acronym: str) -> None:
    query = bot.index.analyze(text)
    assert query.unknown[acronym] == ACRONYM_INFORMATION
    # Typed in lower case, the same letters are read as before: a typo of a
    # common word ("its"), or a word weighed by its use in English ("ms").
    assert bot.index.analyze(text.lower()).unknown.get(acronym, 0.0) < ACRONYM_INFORMATION
    # A part of the message, in its lower-case words, is read with the message's acronyms.
    assert bot.index.analyze(text.lower(), acronyms=frozenset({acronym})) == query


# A shouted message is read as it was before acronyms: as its lower-case
# text. So are words the FAQ knows, or stopwords, in capitals for emphasis.
@pytest.mark.parametrize(
    "text",
    [
        "WHAT IS IBS",
        "CAN MS CAUSE BACK PAIN",
        "WHAT IS FBS",
        "why does it still HURT after my op",
        "I AM in so much PAIN after surgery, what can I do",
    ],
)
def test_shouting_and_emphasis_are_read_as_lower_case(bot: FaqBot, text: str) -> None:
    assert bot.index.analyze(text) == bot.index.analyze(text.lower())


# The build sums each phrasing's weight from its terms as the postings number
# them, which holds only while that numbering is the ranking's order: checked
# against the definition (its distinct terms' weights in ranking), on both
# postings layouts and on the bundled FAQ, whose synonyms take the other path.
@pytest.mark.parametrize("vectorized", [False, True])
def test_phrasing_weights_are_their_terms_weights(faq: Faq, vectorized: bool) -> None:
    if vectorized:
        needs("numpy")
    index = FaqIndex(faq.entries, faq.synonyms, vectorized=vectorized)
    table = index._raw_phrasings
    assert table.weights is not None
    expected = [math.fsum(index._ranking[t] for t in set(text.split())) for text in table.texts]
    assert list(table.weights) == expected
    assert any(expected)  # the FAQ's phrasings do weigh something
