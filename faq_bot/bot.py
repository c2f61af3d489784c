"""The decision: urgent first, then answer with the best entry, or decline and say why.

:class:`FaqBot` screens every message for emergencies, scores the entries
(:mod:`faq_bot.matcher`) and then judges, in this order (:func:`decide`),
unless the question is one of an entry's own phrasings, or nearly, and its
words lead to that entry (:data:`OWN_PHRASING_RATIO`): then that entry answers.

1. ``nothing_asked``: no word that could carry a question.
2. ``unknown_words``: the words the FAQ never uses carry more than
   ``max_unknown`` of the question's evidence; a word the FAQ only uses as
   the end of a longer name, said without the rest of it ("Down syndrome"
   to an FAQ on failed back syndrome), counts as one of them. Each such word weighs by how
   much it says in general English, so "does massage help failed back
   syndrome?" is declined ("massage" names another topic), while "ugh, this
   stupid pain after my op, what are my treatment options?" is not ("ugh"
   and "stupid" say little). The bound moves with how specifically the
   known part points at the best entry (:func:`allowed_unknown`): three of
   its own terms held afford more, fewer and little held afford less; an
   entry of few phrasings, which leaves unsaid most words people use for
   what it covers, affords more when two of its terms and most of the
   question's information are held.
   Unknown words that together say almost nothing (``MIN_UNKNOWN_EVIDENCE``:
   "three", "last") are no share to decline for. The same reason declines
   a question for one unknown word saying at least ``min_aside`` next to
   known words that are all topic words (held by most entries): "can
   children get failed back syndrome?" asks about children;
   and one saying at least ``min_instead`` where the question holds too little
   of the best entry's own words (:meth:`FaqBot.focus`): "is it safe to have a
   baby after spinal surgery?" matched an entry on medicines being safe with
   other prescriptions by "safe" and "surgery" alone.
3. ``too_vague``: the question rests on one word the FAQ knows, and it says
   less than ``min_information`` in general English ("can you help me",
   "what's the date") or most entries hold it (a topic word: "pain" or
   "surgery" in an FAQ on pain after surgery, which cannot say which entry
   is meant), and no phrasing of the FAQ is that word alone.
4. ``low_coverage``: what the question asks about ("the types of X") is
   something the best entry speaks of only beside the FAQ's topic
   (:meth:`FaqBot.beside_topic`): "what are the types of diabetes?" to an
   entry on diabetes as a factor of failed back syndrome asks about diabetes,
   not the topic; or it holds only the question's background
   (:meth:`FaqBot.background_only`): "can I drive after my discectomy?" to
   the entry on kinds of surgery. Or the best entry explains under ``min_coverage`` of the
   question's known weight, each known term weighing by how much it says in
   general English too (:meth:`~faq_bot.matcher.FaqIndex.explained`), so a
   common word only one other entry uses ("link", "call") does not sink it,
   and an entry of few phrasings holds what one sentence of its answer holds
   (:meth:`FaqBot.answer_sentence`, which also scores it);
   or it holds under ``min_informed`` of the general-English information of
   the whole question, unknown words included
   (:meth:`~faq_bot.matcher.FaqIndex.informed`): "what are the options for
   backing up my twitter data" matched "options" and "back", and nothing of
   what it is about.
5. ``low_score``: the best entry scores under ``score_cutoff``.
6. ``unanswered_aspect`` (:meth:`FaqBot.ask`, for a question :func:`decide`
   lets through): the question asks for a type of answer (a cost, a
   duration, a number, a group of people, steps: :mod:`faq_bot.aspects`)
   that the best entry cannot supply, by its answer or its phrasings: "how
   much does a spinal cord stimulator cost?" to an entry that lists
   treatments and names no price. A question asking for no such type ("how
   can I ...", "what is ...") is never judged by it. One asking it of
   something ("which hospital is best ...") is answered only by an entry
   that says it of that (:meth:`FaqBot._supplies_of`).

The defaults come from measurement, not from the examples above:
``bench/calibrate.py`` sweeps them over labelled and off-topic question sets
and ``bench/calibration.md`` shows the trade-off it found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from itertools import chain
from typing import NamedTuple

from rapidfuzz import fuzz, process

from . import aspects
from .backstop import backstop
from .matcher import (
    MAX_QUERY_CHARS,
    SENTENCE_MIN_TERMS,
    FaqIndex,
    Loose,
    Query,
    Scored,
    Scorer,
    check_limit,
    check_number,
    rescore,
    rescored,
)
from .model import Faq, Match, Reason, Reply, Status
from .safety import Screening, UrgentScreen
from .smalltalk import language_for
from .text import QUESTION_WORDS, STOPWORDS, capitalised, normalize, question_span, said_words, sanitize
from .wordstats import information

#: Below this score the bot declines instead of guessing. 39, not 38, since
#: ranking weighs words common in English less (matcher.RANKING_FLOOR): an
#: entry holding a question's one rarer word scores a little higher, and at
#: 38 two StackFAQ queries got an answer from the bundled FAQ (bench/README.md).
DEFAULT_SCORE_CUTOFF = 39.0
#: Below this share of the query's known weight found in the best entry, it declines.
DEFAULT_MIN_COVERAGE = 0.45
#: Above this share of the question's evidence in words the FAQ never uses, it declines.
DEFAULT_MAX_UNKNOWN = 0.3
#: The unknown share a question may carry moves with how specifically its known
#: part points at the best entry (:func:`allowed_unknown`). When that entry holds
#: at least this many of the question's known terms that are no topic words ...
SPECIFIC_MIN_TERMS = 3
#: ... and at least this share of its general-English information
#: (:meth:`~faq_bot.matcher.FaqIndex.informed`), the question may carry this
#: much more than ``max_unknown``: "can i join my new annex to the public sewer"
#: names what it asks three ways the FAQ knows ("join", "public", "sewer"), and
#: "annex" does not take it elsewhere. With fewer such terms and under
#: :data:`VAGUE_MAX_INFORMED` held, it may carry this much less: "what are
#: some good online radio apps?" to a broadband FAQ rests on "online" and "app".
#: Fitted together on the tuning FAQs and halves of bench/calibrate.py (the
#: largest gain in right answers with no more wrong ones and at least ten fewer
#: off-topic answers there, public sets on the bundled FAQ not up; a grid of
#: 0.2-0.3 below, 0.35-0.55 above, informed 0.35-0.6 and 0.6-0.8, 2-4 terms):
#: tuning FAQs and halves 12 more right, 1 fewer wrong, 10 fewer off-topic
#: answers; checking ones 15 more right, 2 more off-topic (bench/README.md).
SPECIFIC_MIN_INFORMED = 0.4
#: See :data:`SPECIFIC_MIN_INFORMED`.
SPECIFIC_UNKNOWN_ALLOWANCE = 0.15
#: See :data:`SPECIFIC_MIN_INFORMED`: a question whose best entry holds fewer
#: than :data:`SPECIFIC_MIN_TERMS` own terms and under this share of its
#: information may carry :data:`VAGUE_UNKNOWN_PENALTY` less unknown share.
VAGUE_MAX_INFORMED = 0.6
#: See :data:`VAGUE_MAX_INFORMED`.
VAGUE_UNKNOWN_PENALTY = 0.05
#: When the best entry has under :data:`FOCUS_MIN_PHRASINGS` phrasings, most
#: words people use for what it covers are unsaid in it ("paypal", "fetch",
#: "tonight" to a pharmacy's or a bike shop's entry of four phrasings), so a
#: question whose known part holds at least :data:`FEW_MIN_HELD` of that
#: entry's own terms may carry ``max_unknown`` plus what the entry holds of its
#: information (:meth:`~faq_bot.matcher.FaqIndex.informed`) above this share:
#: 0.8 held affords 0.2 more. Measured on the eighteen topic FAQs of
#: bench/heldout* with 1,500 public off-topic questions each (pivot 0.4-0.6,
#: slope 1-1.5, 1-3 terms held): at 0.6, 14 more right, 1 more wrong, 4 more
#: of 807 blind off-topic answers and 2 of some 20,000 public ones; 0.5 and
#: 0.55 answer 24 and 17 more right but 11 and 6 more off-topic. The bundled
#: FAQ (6 phrasings an entry or more) answers as before.
FEW_INFORMED_PIVOT = 0.6
#: See :data:`FEW_INFORMED_PIVOT`.
FEW_MIN_HELD = 2
#: Unknown words that together say less than this in general English (a
#: number word, "last", "old": each under 0.1) are never a share to decline
#: for: the share is a ratio, and of a question whose known words are as
#: common ("I work from home three days a week") it is of two near-nothings.
#: Over every held-out set in bench/: 0.1 answers one more question rightly
#: and changes nothing else; 0.2 adds four off-topic answers and a wrong one.
MIN_UNKNOWN_EVIDENCE = 0.1
#: Below this much general-English information in the words the FAQ knows, it declines
#: (:func:`faq_bot.wordstats.information`: "help" 0.07, "pain" 0.33, "symptoms" 0.5).
DEFAULT_MIN_INFORMATION = 0.3
#: Below this share of the question's general-English information (unknown
#: words included) held by the best entry, it declines.
DEFAULT_MIN_INFORMED = 0.37
#: A term held by more than this share of the entries is a topic word: alone,
#: it cannot say which entry is meant.
TOPIC_SHARE = 0.5
#: When every word the FAQ knows in a question is a topic word, an unknown word
#: saying at least this much in general English is what the question asks about
#: the topic ("can children get failed back syndrome?"), and the FAQ does not
#: cover it. bench/calibrate.py: 0.2 to 0.3 decline the same seven blind
#: off-topic questions and lose no right answer; 0.15 loses "i was told i have
#: FBSS, what's that" ("told", 0.17).
DEFAULT_MIN_ASIDE = 0.25
#: ... in an FAQ of at least this many entries: in a smaller one, a word two
#: entries share is no topic.
TOPIC_MIN_ENTRIES = 8
#: When the question holds under this share of the own words (all but topic
#: words) of every phrasing of its best entry (under half: bench/README.md,
#: "Near misses") ...
MIN_FOCUS = 0.5
#: ... and names a word the FAQ does not know that says at least this much in
#: general English, it asks about that word in place of what the entry is
#: about ("does alcohol slow healing after surgery?" to an entry on smoking
#: slowing healing), and is declined. bench/calibrate.py: see its sweep.
DEFAULT_MIN_INSTEAD = 0.2
#: :meth:`FaqBot.focus` judges only an entry of at least this many phrasings
#: (question and alternates): with fewer, most of the words people use for
#: what it is about are unsaid ("an old washing machine" for bulky waste), and
#: a question that misses all of them need not be about something else.
#: Measured with every entry judged: the topic FAQs of bench/heldout* (4 or 5
#: phrasings an entry) lost 4 right answers and gained 3 declines; the bundled
#: FAQ's entries (6 to 22) lost none, and declined 8 more of the blind
#: off-topic questions of bench/heldout* and 2 of offtopic.py's MedQuAD sample.
FOCUS_MIN_PHRASINGS = 6
#: In an entry of under :data:`FOCUS_MIN_PHRASINGS` phrasings, a sentence of
#: its answer holding the question's terms counts as one more phrasing, at this
#: strength (:meth:`FaqBot.answer_sentence`): its author said in the answer
#: most of what the entry covers ("do you regrease the bearings?" to an entry
#: asked "what services do you offer?" whose answer says "regreases the
#: bearings"). Measured on the ten topic FAQs of bench/heldout* (4 or 5
#: phrasings an entry, 817 in-scope and 442 off-topic blind questions): 0.5
#: to 0.7 answer 14 more in-scope questions right (0.4: 11) and 1 more
#: off-topic one; judged in every entry, the bundled FAQ's blind sets
#: answered 1 more right and 5 more off-topic.
ANSWER_SENTENCE_STRENGTH = 0.5
#: :meth:`FaqBot.beside_topic` judges only an FAQ of at least this many
#: entries: in a smaller one a topic word is mostly a word of its style ("bike",
#: "library", "permit" in every question of a shop's or a council's FAQ), and
#: a question leaves it out without leaving the topic. Measured: on the topic
#: FAQs of bench/heldout* (17 to 20 entries) the judgement cost two right
#: answers and declined nothing more; on the bundled one (41) it declines 6 of
#: the MedQuAD sample, 1 LiveQA and 2 blind off-topic questions and costs no
#: right answer on the blind sets. Any value from 21 to 41 does the same.
BESIDE_MIN_ENTRIES = 30
#: A question asking for a steering answer type (:func:`faq_bot.aspects.steering`:
#: "how do I know if I have it?" wants signs) that the best entry does not
#: supply is answered by the best entry that does, when that scores at least
#: this share of the best's score: its subject is the question's too, and what
#: the question wants of it decides ("... if I have it" is asked of the topic,
#: so a definition of the topic scores highest). Measured on the FBS sets of
#: bench/heldout*: 0.3, 0.4 and 0.5 change the same 9 answers (7 wrong entries
#: right, 1 wrong one declined at a low score, 1 right one to another right
#: one); 0.6 and 0.7 lose the 2 "can you tell me if I have it?" (the entry
#: saying it cannot diagnose scores 0.57 of the definition); the topic FAQs
#: and every off-topic question answer the same at each of them. Answering a
#: declining type (how long, how many) this way instead answers 7 off-topic
#: questions ("can children get it?" with the symptoms): those only decline.
STEER_MIN_SHARE = 0.45
#: When the question names none of its best entry's subject (:meth:`FaqBot.subject`:
#: "smoking" for an entry asked "does smoking raise the risk?"), the first entry
#: scoring at least this share of the best's whose whole subject it names goes
#: first (:meth:`FaqBot.on_subject`): "is diabetes a risk factor for fbs?" asks
#: about diabetes, not smoking, though it shares "risk factor" with the
#: smoking entry. Measured on the FBS sets of bench/heldout*: 0.7 answers 7
#: more right and 9 fewer wrong (2 more declined); 0.5 and 0.6 swap to
#: entries that then decline (1 and 2 fewer right); 0.8 and 0.9 swap less
#: (3 and 2 more right). Off-topic answers as before at each; the topic FAQs'
#: entries (under FOCUS_MIN_PHRASINGS phrasings) have no subject.
SUBJECT_MIN_SHARE = 0.7
#: Of entries of under FOCUS_MIN_PHRASINGS phrasings, the first scoring within
#: this many points of the best that opens a phrasing as the question opens
#: (its asking words before the first content word: "how much is a", "do I
#: need to") more closely than the best does, by FRAME_MIN_WORDS words or
#: more, goes first (:meth:`FaqBot.framed`). The score reads content words
#: only; how a question asks tells apart entries that share them ("how much
#: is a prescription" asks the charge, not who gets one free).
FRAME_MARGIN = 10.0
#: An entry scoring within this many points of the best, holding every term
#: of the question that the best holds, is near a tie with it: of those, the
#: one with a phrasing closest to the question's wording goes first
#: (:meth:`FaqBot.closest_first`). Scores a point or two apart say little:
#: one common word's idf more or less. Measured on the seen blind sets
#: (bench/README.md, "Ranking: near ties"): 3 answers 6 more right, 3 fewer
#: wrong, off-topic as before; 6 or more, and near ties that lose a term the
#: best holds, answer more off-topic questions.
NEAR_TIE_MARGIN = 3.0
FRAME_MIN_WORDS = 2
#: A question whose words are one of an entry's own phrasings (question or
#: alternate, both :func:`~faq_bot.text.normalize`\ d), or within this fuzzy
#: ratio of one (a letter or two slipped in a long one), asks what the FAQ's
#: author wrote that entry to answer: that entry answers it, before any
#: other, and no gate of :func:`decide` or the answer-type gate declines it
#: (:meth:`FaqBot.own_phrasing`), when no entry scores above it (:func:`_leads_to`).
#: Its words may say little on their own ("can I have it back the same day"),
#: but the author has said what they ask. At 95 a word that differs in a
#: short phrasing ("can I pay by card" and "by cash": 88) is never near.
OWN_PHRASING_RATIO = 95.0
#: A query whose terms are exactly those of one of the FAQ's phrasings has this
#: overlap with it (rounding aside): the FAQ asks that very question.
EXACT_OVERLAP = 0.999
#: A known term the question names only as its background (after a
#: ``circumstance`` cue: "after my laminectomy", "since the op"), next to
#: a word of its own that is no topic word, weighs this much of its idf in
#: choosing and judging the entry (:meth:`FaqBot.foreground`): "tobacco use and
#: chronic pain after laminectomy" asks about smoking, not about the entry that
#: names kinds of surgery. Measured on the FBS sets of bench/heldout*: 0.5
#: answers 6 more right and 4 fewer wrong, 1 more off-topic one ("how long is
#: the recovery time after a laminectomy", answered as the same question
#: "after surgery" already was); 0.3 the same but 3 more off-topic answers;
#: the topic FAQs lose no right answer (one decline becomes a wrong entry).
BACKGROUND_WEIGHT = 0.5
#: Suggestions offered with a no_match reply score at least this.
SUGGESTION_FLOOR = 25.0
#: An answer is flagged uncertain when it scores less than this above the cutoff ...
UNCERTAIN_MARGIN = 10.0
#: ... or the runner-up comes within this of it. A flag, not a decline:
#: declining answers whose runner-up from another section scores within 0.5 to
#: 10 points loses as many right answers as it saves wrong ones, or more, on the
#: tune halves of the FBS sets and the topic FAQs (bench/close_calls.py).
RUNNER_UP_MARGIN = 5.0
#: A decline for unknown words names at most this many of them.
NAMED_WORDS = 3
#: What a decline for unknown words says first; the FAQ's fallback follows.
NOT_MENTIONED = '"{source}" does not mention {words}.'
#: What a decline says of a word the FAQ only uses inside a longer name
#: (:meth:`~faq_bot.matcher.FaqIndex.loose`), before the fallback.
ONLY_IN_NAME = 'This FAQ says "{word}" only in "{name}".'
#: The same, for a FAQ that names no source article.
NOT_IN_FAQ = "This FAQ does not mention {words}."
#: What a decline for an unanswered aspect says when no entry of the FAQ
#: supplies what the question asks for (``{what}``: :func:`faq_bot.aspects.what`) ...
SOURCE_SAYS_NOT = '"{source}" does not say {what}.'
#: ... the same, for a FAQ that names no source article ...
FAQ_SAYS_NOT = "This FAQ does not say {what}."
#: ... and when some entry does, though not the closest one.
CLOSEST_SAYS_NOT = "The closest answer here does not say {what}."

# The functional form, as matcher.Scored: the class form's annotations cost every start.
Evidence = NamedTuple(  # noqa: UP014 - see above
    "Evidence",
    [
        ("screening", Screening),
        ("query", Query),  # as the decision judges it: settled on the best entry
        ("scored", tuple[Scored, ...]),  # the best entries, best first
        ("explained", float | None),  # FaqIndex.explained for the best entry
        ("informed", float | None),  # FaqIndex.informed for the best entry
        ("shared", float),  # shared_share()
        ("loose", tuple[Loose, ...]),  # FaqIndex.loose()
        ("beside", bool),  # FaqBot.beside_topic() or background_only() for the best entry
        ("instead", float),  # FaqBot.asked_unknown()
    ],
)
Evidence.__doc__ = """What the decision weighs for one message (:meth:`FaqBot.evidence`)."""


def decide(
    query: Query,
    best: Scored | None,
    *,
    score_cutoff: float = DEFAULT_SCORE_CUTOFF,
    min_coverage: float = DEFAULT_MIN_COVERAGE,
    max_unknown: float = DEFAULT_MAX_UNKNOWN,
    min_information: float = DEFAULT_MIN_INFORMATION,
    min_informed: float = DEFAULT_MIN_INFORMED,
    min_aside: float = DEFAULT_MIN_ASIDE,
    min_instead: float = DEFAULT_MIN_INSTEAD,
    explained: float | None = None,
    informed: float | None = None,
    shared: float = 0.0,
    loose: float = 0.0,
    beside: bool = False,
    focus: float = 1.0,
    instead: float = 0.0,
    held: int | None = None,
    few_phrasings: bool = False,
) -> Reason | None:
    """Why the bot must decline ``query`` whose best entry is ``best``, or None
    to answer. ``explained`` is how much of the query the best entry explains
    (:meth:`~faq_bot.matcher.FaqIndex.explained`; its coverage when None),
    ``informed`` how much of its information
    (:meth:`~faq_bot.matcher.FaqIndex.informed`; not judged when None), and
    ``shared`` the share of entries holding the query's rarest known term
    (:meth:`~faq_bot.matcher.FaqIndex.share`): above :data:`TOPIC_SHARE`,
    an unknown word of ``min_aside`` information or more declines it.
    ``loose`` is the information
    of known words that name something else here, counted as unknown
    (:meth:`~faq_bot.matcher.FaqIndex.loose`). ``beside`` says the best entry
    speaks of what the question names only beside the FAQ's topic, which the
    question does not name (:meth:`FaqBot.beside_topic`), or holds only the
    question's background (:meth:`FaqBot.background_only`). ``focus`` is how
    much of the best entry's own words the question holds
    (:meth:`FaqBot.focus`): under :data:`MIN_FOCUS`, an unknown word of
    ``min_instead`` information or more in what the question asks
    (``instead``, :meth:`FaqBot.asked_unknown`) declines it. ``held`` is how
    many of the query's known terms, topic words aside, the best entry holds
    (:meth:`FaqBot.held_own`; not judged when None): with ``informed`` it moves
    ``max_unknown`` (:func:`allowed_unknown`), more when the best entry has
    ``few_phrasings`` (under :data:`FOCUS_MIN_PHRASINGS`). The answer-type
    gate (``unanswered_aspect``) is :meth:`FaqBot.ask`'s, after this one."""
    if not query.terms and not query.unknown:
        return Reason.NOTHING_ASKED
    said_unknown = sum(query.unknown.values()) + loose
    if said_unknown >= MIN_UNKNOWN_EVIDENCE and _unknown_share(query, loose) > allowed_unknown(
        max_unknown, held, informed, few_phrasings=few_phrasings
    ):
        return Reason.UNKNOWN_WORDS
    # Only topic words known: the unknown word says what is asked about the topic.
    if shared > TOPIC_SHARE and max(query.unknown.values(), default=0.0) >= min_aside:
        return Reason.UNKNOWN_WORDS
    if best is None:
        return Reason.LOW_SCORE
    # The entry's own subject left out, an unknown word named in its place.
    if focus < MIN_FOCUS and instead >= min_instead:
        return Reason.UNKNOWN_WORDS
    # Several known words narrow each other down ("how old is this information");
    # one common word alone ("help", "date") does not, unless it is all that
    # one of the FAQ's own phrasings says ("when do I have to pay?").
    if (
        len(query.terms) <= 1
        and (query.information < min_information or shared > TOPIC_SHARE)
        and best.overlap < EXACT_OVERLAP
    ):
        return Reason.TOO_VAGUE
    if beside:
        return Reason.LOW_COVERAGE
    if (best.coverage if explained is None else explained) < min_coverage:
        return Reason.LOW_COVERAGE
    if informed is not None and informed < min_informed:
        return Reason.LOW_COVERAGE
    if best.score < score_cutoff:
        return Reason.LOW_SCORE
    return None


def allowed_unknown(
    max_unknown: float, held: int | None, informed: float | None, *, few_phrasings: bool = False
) -> float:
    """The unknown share a question may carry: ``max_unknown``, raised by
    :data:`SPECIFIC_UNKNOWN_ALLOWANCE` when its best entry holds ``held``
    :data:`SPECIFIC_MIN_TERMS` or more of its own known terms and ``informed``
    :data:`SPECIFIC_MIN_INFORMED` of its information (what it knows points at
    one entry, so a word it lacks is more likely chatter or a paraphrase than
    another topic), lowered by :data:`VAGUE_UNKNOWN_PENALTY` when it holds
    fewer and under :data:`VAGUE_MAX_INFORMED`; ``max_unknown`` itself when
    either is None. For a best entry of ``few_phrasings``, at least
    ``max_unknown`` plus ``informed`` above :data:`FEW_INFORMED_PIVOT` when it
    holds :data:`FEW_MIN_HELD` terms or more."""
    if held is None or informed is None:
        return max_unknown
    if few_phrasings and held >= FEW_MIN_HELD:
        return max(
            _allowed_by_match(max_unknown, held, informed), max_unknown + informed - FEW_INFORMED_PIVOT
        )
    return _allowed_by_match(max_unknown, held, informed)


def _allowed_by_match(max_unknown: float, held: int, informed: float) -> float:
    """:func:`allowed_unknown` for an entry of many phrasings."""
    if held >= SPECIFIC_MIN_TERMS:
        return max_unknown + SPECIFIC_UNKNOWN_ALLOWANCE if informed >= SPECIFIC_MIN_INFORMED else max_unknown
    # Never under 0: a question without unknown words is never declined for them.
    return max(max_unknown - VAGUE_UNKNOWN_PENALTY, 0.0) if informed < VAGUE_MAX_INFORMED else max_unknown


class FaqBot:
    """Answers questions from an FAQ: the urgent screen first, then the best
    entry, or a decline with its reason.

    ``score_cutoff``, ``min_coverage``, ``max_unknown``, ``min_information``
    and ``min_informed`` (0 to 100, the rest 0 to 1) set when it declines (see :func:`decide`);
    ``limit`` is how many alternatives a reply carries; ``scorer`` is the
    fuzzy similarity used to re-rank candidates; ``index`` is a
    :class:`FaqIndex` already built from this very FAQ (another FAQ's is
    refused). Every option is keyword-only, and a bad value is a
    ``ValueError`` naming it. ``ask`` and ``search`` take ``limit`` and
    ``score_cutoff`` too, by the same rule.

    A bot may be shared between threads: asking only reads the FAQ, and the
    caches it fills (stems, typo corrections, entries' scoring data) hold
    whole values only, so several threads asking at once get the replies one
    thread would.
    """

    def __init__(
        self,
        faq: Faq,
        *,
        score_cutoff: float = DEFAULT_SCORE_CUTOFF,
        min_coverage: float = DEFAULT_MIN_COVERAGE,
        max_unknown: float = DEFAULT_MAX_UNKNOWN,
        min_information: float = DEFAULT_MIN_INFORMATION,
        min_informed: float = DEFAULT_MIN_INFORMED,
        limit: int = 3,
        scorer: Scorer = fuzz.ratio,
        index: FaqIndex | None = None,
    ) -> None:
        self.faq = faq
        self.score_cutoff = check_number(score_cutoff, name="score_cutoff", high=100)
        self.min_coverage = check_number(min_coverage, name="min_coverage", high=1)
        self.max_unknown = check_number(max_unknown, name="max_unknown", high=1)
        self.min_information = check_number(min_information, name="min_information", high=1)
        self.min_informed = check_number(min_informed, name="min_informed", high=1)
        self.limit = check_limit(limit) or 0
        if not callable(scorer):
            raise ValueError(f"scorer must be a function (str, str) -> 0..100, not {scorer!r}")
        self.scorer = scorer
        if index is not None and not index.matches(faq):
            raise ValueError("index was built from another FAQ: build it with FaqIndex.from_faq(faq)")
        self.index = index or FaqIndex.from_faq(faq)
        # Built on the first message, not here: the chat shows its first prompt
        # sooner, and a bot that only searches never pays for it.
        self._screen: UrgentScreen | None = None
        self._cues: dict[str, frozenset[str]] = {}
        self._cue_tuples: dict[str, frozenset[tuple[str, ...]]] = {}
        # Filled by beside_topic as queries reach entries: most never are.
        self._phrasings: dict[int, tuple[frozenset[str], ...]] = {}
        # Filled by unanswered_aspect, as questions asking for a type reach entries.
        self._supplied: dict[int, frozenset[str]] = {}
        self._subjects: dict[int, frozenset[str]] = {}
        # Filled by _supplies_of: the terms of the texts by which an entry supplies a type.
        self._supplying: dict[tuple[str, int], tuple[frozenset[str], ...]] = {}
        # The FAQ's own phrasings (FaqIndex.own_phrasings) by length, each with its
        # place in that table (see own_phrasing).
        self._own_by_length: dict[int, tuple[list[str], list[int]]] | None = None
        # The latest text's own phrasing: evidence() and judge() both ask it.
        self._latest_own: tuple[str, tuple[int, float] | None] = ("", None)
        # The latest text's circumstances (see _circumstances): both readings of a question need them.
        self._latest_circumstances: tuple[str, tuple[str, str]] = ("", ("", ""))

    @property
    def screen(self) -> UrgentScreen:
        """The FAQ's urgent screen (built once; two threads racing to build it
        get equal screens)."""
        screen = self._screen
        if screen is None:
            screen = self._screen = UrgentScreen.for_faq(self.faq)
        return screen

    def search(self, query: str, *, limit: int | None = 5, score_cutoff: float = 0.0) -> list[Match]:
        """The best ``limit`` entries for ``query`` (all with ``None``) scoring
        at least ``score_cutoff``, best first; an empty list when none does."""
        score_cutoff = check_number(score_cutoff, name="score_cutoff", high=100)
        scored = self.index.score(_clean(query), scorer=self.scorer, limit=limit)
        return [Match(self.index.entries[s.position], s.score) for s in scored if s.score >= score_cutoff]

    def ask(self, query: str, *, limit: int | None = None, score_cutoff: float | None = None) -> Reply:
        """Reply to one message, with up to ``limit`` alternatives, declining
        under ``score_cutoff`` (both default to the bot's own). Never raises
        for any text."""
        top = self.limit if limit is None else check_limit(limit) or 0
        cutoff = (
            self.score_cutoff
            if score_cutoff is None
            else check_number(score_cutoff, name="score_cutoff", high=100)
        )
        seen = self.evidence(query, limit=top + 1)
        screening = seen.screening
        if screening.rule is not None:
            return Reply(
                query=query,
                status=Status.URGENT,
                reminder=self.faq.reminder,
                message=screening.rule.notice,
                urgent_rule=screening.rule.id,
            )
        # A red flag described as happening, though no rule fired: not ordinary.
        if screening.red_flag:
            return Reply(
                query=query,
                status=Status.NO_MATCH,
                reminder=self.faq.reminder,
                message=sanitize(f"{self.screen.red_flag_notice} {self.faq.fallback}".strip()),
                reason=Reason.RED_FLAG,
            )
        reason, aspect = self.judge(seen, score_cutoff=cutoff)
        analysis, scored, loose = seen.query, seen.scored, seen.loose
        entries = self.index.entries
        best = scored[0] if scored else None
        # Most telling first; a word that says nothing in general English is not worth naming.
        unknown = tuple(
            w for w, weight in sorted(analysis.unknown.items(), key=lambda i: (-i[1], i[0])) if weight > 0
        )
        if reason is not None:
            suggestions = tuple(
                Match(entries[s.position], s.score) for s in scored[:top] if s.score >= SUGGESTION_FLOOR
            )
            said: list[str] = []
            # Named when the question also asks about something the FAQ knows
            # ("does massage help fbs?"): the user learns what it does not cover.
            if reason is Reason.UNKNOWN_WORDS and unknown and analysis.terms:
                named = " or ".join(f'"{w}"' for w in unknown[:NAMED_WORDS])
                source = self.faq.source
                said.append(
                    NOT_MENTIONED.format(source=source.title, words=named)
                    if source is not None
                    else NOT_IN_FAQ.format(words=named)
                )
            if reason is Reason.UNKNOWN_WORDS:
                said += (ONLY_IN_NAME.format(word=found.word, name=found.name) for found in loose)
            if reason is Reason.UNANSWERED_ASPECT and aspect is not None:
                said.append(self._says_not(aspect))
            message = " ".join([*said, self.faq.fallback]).strip()
            return Reply(
                query=query,
                status=Status.NO_MATCH,
                reminder=self.faq.reminder,
                score=best.score if best else 0.0,
                alternatives=suggestions,
                message=sanitize(message),
                reason=reason,
                unknown_words=unknown,
            )
        assert best is not None  # decide() declines when nothing scored
        entry = entries[best.position]
        alternatives = tuple(Match(entries[s.position], s.score) for s in scored[1 : top + 1])
        runner_up = scored[1].score if len(scored) > 1 else 0.0
        return Reply(
            query=query,
            status=Status.ANSWERED,
            reminder=self.faq.reminder,
            score=best.score,
            entry=entry,
            section=self.faq.section(entry.section),
            alternatives=alternatives,
            # One word is too little to be sure of, however well it matches.
            uncertain=best.score < cutoff + UNCERTAIN_MARGIN
            or runner_up > best.score - RUNNER_UP_MARGIN
            or analysis.words <= 1,
            unknown_words=unknown,
        )

    def answer_sentence(self, query: Query, position: int, *, topic: Collection[str] | None = None) -> float:
        """What one sentence of the answer of the entry at ``position`` holds
        of ``query`` (:meth:`~faq_bot.matcher.FaqIndex.in_answer_sentence`),
        as a phrasing of strength :data:`ANSWER_SENTENCE_STRENGTH`, its topic
        words (held by most entries, :data:`TOPIC_SHARE`; ``topic`` when
        already worked out) not counted towards the sentence's terms; 0.0 for
        an entry of :data:`FOCUS_MIN_PHRASINGS` phrasings or more, whose
        phrasings already say what it covers."""
        index = self.index
        if 1 + len(index.entries[position].alternates) >= FOCUS_MIN_PHRASINGS:
            return 0.0
        if topic is None:
            topic = self._topic_terms(query)
        return ANSWER_SENTENCE_STRENGTH * index.in_answer_sentence(query, position, topic=topic)

    def _topic_terms(self, query: Query) -> frozenset[str]:
        """``query``'s topic words: terms most entries hold (:data:`TOPIC_SHARE`)."""
        index = self.index
        if len(index.entries) < TOPIC_MIN_ENTRIES:
            return frozenset()
        return frozenset(term for term in query.terms if index.share(term) > TOPIC_SHARE)

    def _with_answer_sentences(
        self, query: Query, scored: list[Scored]
    ) -> tuple[list[Scored], dict[int, float]]:
        """``scored`` with the overlap of each entry that a sentence of its
        answer could put first raised to what that sentence holds of ``query``
        (:meth:`answer_sentence`), best first again, and what that is for each
        entry looked at."""
        if len(query.terms) < SENTENCE_MIN_TERMS:
            return scored, {}
        topic = self._topic_terms(query)
        # The best entry always (its answer may explain the question); another
        # only when a sentence could lift it above the best.
        said = {
            s.position: self.answer_sentence(query, s.position, topic=topic)
            for s in scored
            if s is scored[0] or rescore(s, overlap=ANSWER_SENTENCE_STRENGTH) > scored[0].score
        }
        found = [
            rescored(s, overlap=said[s.position]) if said.get(s.position, 0.0) > s.overlap else s
            for s in scored
        ]
        if found != scored:
            found.sort(key=lambda s: (-s.score, s.position))
        return found, said

    def screen_learned(self, text: str, screening: Screening) -> Screening:
        """``screening`` (the rules fired none) with the learned backstop's
        rule when the backstop reads ``text`` as an emergency: only for a rule
        set that has one (``learned_backstop``: the medical rules do, ``none``
        has none)."""
        rule = self.screen.backstop
        if rule is not None and backstop().alarms(text):
            return screening._replace(rule=rule)
        return screening

    def evidence(self, query: str, *, limit: int | None = None) -> Evidence:
        """What :meth:`ask` judges ``query`` by, before any threshold: the
        urgent screen's finding and, when it found nothing, the analysis
        (emptied when only asking words are said, ``nothing_asked``; settled
        on the best entry), the ``limit`` best entries, and the measures
        :func:`decide` weighs. ``bench/calibrate.py`` takes it once per question
        and runs :meth:`judge` with each setting of the thresholds."""
        text = _clean(query)
        screening = self.screen.screen(text)
        own = self.own_phrasing(screening.text)
        # An entry's own phrasing, asked in just those words, is what that entry answers if
        # its words lead there (below): neither the backstop's guess from words ("nothing
        # comes out when I turn on the tap" in a water FAQ) nor a red-flag word the author
        # put in it ("my shower is really weak") overrules its author; a rule that fires is
        # an emergency whatever the words.
        authored = own is not None and own[1] == 100.0
        if screening.rule is None and not authored:
            screening = self.screen_learned(text, screening)
        flagged = screening
        if screening.red_flag and authored:
            screening = screening._replace(red_flag=False)
        if screening.rule is not None or screening.red_flag:
            return Evidence(screening, Query({}, {}, 0.0), (), None, None, 0.0, (), False, 0.0)
        # Denied red flags are cut out: they say nothing about what is asked.
        analysis = self.index.analyze(screening.text)
        # Only words that ask ("define?", "explain"): asked, but about nothing.
        if analysis.terms:
            asking = self.cue("asking")
            if all(w in asking or w in STOPWORDS for w in said_words(screening.text)):
                analysis = Query({}, {}, 0.0)
        index = self.index
        analysis = self.foreground(analysis, screening.text)
        found, in_answer = self._with_answer_sentences(
            analysis, index.score_query(analysis, scorer=self.scorer, limit=limit)
        )
        found = self.closest_first(analysis, screening.text, found)
        found = self._steered(analysis, screening.text, found, limit)
        found = self.on_subject(analysis, found)
        found = self.framed(screening.text, found)
        if own is not None and _leads_to(found, own[0]):
            found = [*(s for s in found if s.position == own[0]), *(s for s in found if s.position != own[0])]
        elif flagged is not screening:
            return Evidence(flagged, Query({}, {}, 0.0), (), None, None, 0.0, (), False, 0.0)
        scored = tuple(found)
        best = scored[0].position if scored else None
        if best is None:
            explained = informed = None
        else:  # words related to the best entry's terms count as known, in part
            analysis = index.settle(analysis, best)
            # A sentence of the answer that holds the question explains it, as a phrasing would.
            explained = max(index.explained(analysis, best), in_answer.get(best, 0.0))
            informed = index.informed(analysis, best)
        return Evidence(
            screening,
            analysis,
            scored,
            explained,
            informed,
            shared_share(index, analysis),
            index.loose(analysis),
            best is not None
            and (
                self.beside_topic(analysis, screening.text, best)
                or self.background_only(analysis, screening.text, best)
            ),
            self.asked_unknown(analysis, screening.text),
        )

    def subject(self, position: int) -> frozenset[str]:
        """What the entry at ``position`` is about: the terms, but topic words
        (held by most entries, :data:`TOPIC_SHARE`), that over half of its
        phrasings (question and alternates) hold; none for an entry of under
        :data:`FOCUS_MIN_PHRASINGS` phrasings, too few to tell, or in an FAQ
        too small to have topic words (:data:`TOPIC_MIN_ENTRIES`)."""
        found = self._subjects.get(position)
        if found is None:
            index = self.index
            phrasings = self._phrasing_terms(position)
            if len(phrasings) < FOCUS_MIN_PHRASINGS or len(index.entries) < TOPIC_MIN_ENTRIES:
                found = frozenset()
            else:
                held = Counter(
                    term for terms in phrasings for term in terms if index.share(term) <= TOPIC_SHARE
                )
                found = frozenset(term for term, count in held.items() if count > len(phrasings) / 2)
            self._subjects[position] = found
        return found

    def on_subject(self, query: Query, scored: list[Scored]) -> list[Scored]:
        """``scored`` with the first entry whose whole :meth:`subject` ``query``
        names put first, when it names none of the best entry's and that one
        scores at least :data:`SUBJECT_MIN_SHARE` of the best; ``scored``
        itself otherwise."""
        if len(scored) < 2:
            return scored
        own = self.subject(scored[0].position)
        if not own or not own.isdisjoint(query.terms):
            return scored
        floor = scored[0].score * SUBJECT_MIN_SHARE
        for candidate in scored[1:]:
            if candidate.score < floor:
                break
            theirs = self.subject(candidate.position)
            if theirs and theirs <= query.terms.keys():
                return [candidate, *(s for s in scored if s is not candidate)]
        return scored

    def framed(self, text: str, scored: list[Scored]) -> list[Scored]:
        """``scored`` with the first entry of under :data:`FOCUS_MIN_PHRASINGS`
        phrasings within :data:`FRAME_MARGIN` of the best, itself of under
        that many, whose phrasings open as ``text``'s question does
        (:func:`_frame`) by at least :data:`FRAME_MIN_WORDS` words and more
        than the best's, put first; ``scored`` itself otherwise."""
        if len(scored) < 2 or self._phrasings_of(scored[0].position) >= FOCUS_MIN_PHRASINGS:
            return scored
        frame = _frame(text)
        if len(frame) < FRAME_MIN_WORDS:
            return scored
        need = max(FRAME_MIN_WORDS, self._opens_as(frame, scored[0].position) + 1)
        floor = scored[0].score - FRAME_MARGIN
        for candidate in scored[1:]:
            if candidate.score < floor:
                break
            if (
                self._phrasings_of(candidate.position) < FOCUS_MIN_PHRASINGS
                and self._opens_as(frame, candidate.position) >= need
            ):
                return [candidate, *(s for s in scored if s is not candidate)]
        return scored

    def _phrasings_of(self, position: int) -> int:
        """How many phrasings (question and alternates) the entry at ``position`` has."""
        return 1 + len(self.index.entries[position].alternates)

    def _opens_as(self, frame: tuple[str, ...], position: int) -> int:
        """How many of ``frame``'s first words one phrasing (question or
        alternate) of the entry at ``position`` opens with, at most."""
        entry = self.index.entries[position]
        return max(_shared_start(frame, _frame(text)) for text in (entry.question, *entry.alternates))

    def _steered(self, query: Query, text: str, scored: list[Scored], limit: int | None) -> list[Scored]:
        """``scored`` with the best entry that supplies a steering answer type
        ``text`` asks for (:data:`STEER_MIN_SHARE`) put first, when the best
        one supplies none of them; ``scored`` itself otherwise."""
        if not scored:
            return scored
        wanted = {name for name in aspects.asked(text) if aspects.steering(name)}
        if not wanted or not wanted.isdisjoint(self._supplies(scored[0].position)):
            return scored
        floor = scored[0].score * STEER_MIN_SHARE
        # The entry wanted may be past the ``limit`` best: all are looked at.
        for candidate in self.index.score_query(query, scorer=self.scorer, limit=None):
            if candidate.score < floor:
                break
            if not wanted.isdisjoint(self._supplies(candidate.position)):
                rest = [s for s in scored if s.position != candidate.position]
                return [candidate, *rest][:limit] if limit is not None else [candidate, *rest]
        return scored

    def judge(
        self,
        evidence: Evidence,
        *,
        score_cutoff: float | None = None,
        min_coverage: float | None = None,
        max_unknown: float | None = None,
        min_information: float | None = None,
        min_informed: float | None = None,
        min_aside: float = DEFAULT_MIN_ASIDE,
        min_instead: float = DEFAULT_MIN_INSTEAD,
    ) -> tuple[Reason | None, str | None]:
        """The decision on ``evidence`` (:meth:`evidence`, of a message the
        urgent screen let through): :func:`decide`'s reason to decline, then
        the answer-type gate (``unanswered_aspect``, with the aspect the best
        entry does not supply); (None, None) to answer. The thresholds
        default to the bot's own."""
        scored = evidence.scored
        best = scored[0] if scored else None
        own = self.own_phrasing(evidence.screening.text)
        # evidence() put the entry first only when the question's words lead to it (_leads_to).
        if best is not None and own is not None and own[0] == best.position and _leads_to(scored, own[0]):
            return None, None
        query = evidence.query
        reason = decide(
            query,
            best,
            explained=evidence.explained,
            informed=evidence.informed,
            shared=evidence.shared,
            loose=sum(found.information for found in evidence.loose),
            beside=evidence.beside,
            # An analysis of each of the entry's phrasings: only when decide() uses it.
            focus=self.focus(query, best.position) if best and evidence.instead >= min_instead else 1.0,
            instead=evidence.instead,
            held=self.held_own(query, best.position) if best else None,
            few_phrasings=best is not None and self._phrasings_of(best.position) < FOCUS_MIN_PHRASINGS,
            score_cutoff=self.score_cutoff if score_cutoff is None else score_cutoff,
            min_coverage=self.min_coverage if min_coverage is None else min_coverage,
            max_unknown=self.max_unknown if max_unknown is None else max_unknown,
            min_information=self.min_information if min_information is None else min_information,
            min_informed=self.min_informed if min_informed is None else min_informed,
            min_aside=min_aside,
            min_instead=min_instead,
        )
        # The last gate, after decide()'s: worked out only for a question they
        # let through, so a declined one never reads the answer types.
        if reason is None and best is not None:
            aspect = self.unanswered_aspect(evidence.screening.text, best.position)
            if aspect is not None:
                return Reason.UNANSWERED_ASPECT, aspect
        return reason, None

    def held_own(self, query: Query, position: int) -> int:
        """How many of ``query``'s known terms the entry at ``position`` holds,
        topic words (held by most entries, :data:`TOPIC_SHARE`) aside: they
        say what the FAQ is about, not which entry is meant."""
        index = self.index
        topical = len(index.entries) >= TOPIC_MIN_ENTRIES
        return sum(
            1
            for term in query.terms
            if index.strength(term, position) > 0.0 and not (topical and index.share(term) > TOPIC_SHARE)
        )

    def beside_topic(self, query: Query, text: str, position: int) -> bool:
        """Whether ``text`` (analysed as ``query``) asks about something the
        entry at ``position`` speaks of only beside the FAQ's topic: what
        follows its last ``subject`` cue word ("treatments for X", "the
        outlook for X", "types of X") is what it asks about, and every phrasing
        (question or alternate) of the entry holding those terms names a topic
        word too (one most entries hold, :data:`TOPIC_SHARE`), while the
        question names no topic word and no ``own_case`` word ("my", "it":
        the asker's case, or the topic said again). "What are the types of diabetes?" asks about
        diabetes, which an FAQ on failed back syndrome names only as one of
        its causes; "can diabetes slow healing?" asks what the entry says."""
        index = self.index
        # A question that names the topic anywhere is about the topic ("are FBS
        # and FBSS two names for one condition?", "is backache after an
        # operation a sign of trouble?"), whatever its last cue word is followed by.
        if len(index.entries) < BESIDE_MIN_ENTRIES or any(
            index.share(term) > TOPIC_SHARE for term in query.terms
        ):
            return False
        said = said_words(text)
        if self.cue("own_case").intersection(said):
            return False
        last = max((i for i, word in enumerate(said) if word in self.cue("subject")), default=-1)
        # "what is X", "what does X involve" name X, but "what are the
        # symptoms" asks of the topic the FAQ is about ("the", "its").
        named = _last_end(said, self._cue_phrases("naming"))
        if named is not None and named > last and not self._refers(said[named + 1 : named + 2]):
            last = named
        if last < 0:
            return False
        # "... and for how long?" asks no more about a subject.
        if set(said[last + 1 : last + 2]) & self.cue("asking"):
            return False
        # A subject saying too little to be one on its own ("for everyone") is none.
        subject = {
            term
            for word in said[last + 1 :]
            if information(word) >= self.min_information
            for term in index.analyze(word).terms
        }
        subject &= query.terms.keys()
        if not subject:
            return False
        held = [terms for terms in self._phrasing_terms(position) if not subject.isdisjoint(terms)]
        return bool(held) and all(any(index.share(term) > TOPIC_SHARE for term in terms) for terms in held)

    def _circumstances(self, text: str) -> tuple[str, str]:
        """The words of ``text`` outside its circumstances and those in them,
        each joined into a text ("" for none): after a ``circumstance`` cue,
        any stopwords, then the content words up to the next stopword ("after
        my discectomy", "since the op"). A cue followed by a ``clause`` word,
        or straight away by a verb's -ing form, starts a clause, not a
        circumstance: "before they can diagnose it" and "before driving" ask
        about diagnosing and driving. Kept for the latest text, which
        :meth:`foreground` and :meth:`background_only` both read."""
        latest = self._latest_circumstances  # one read: another thread may replace it
        if latest[0] == text:
            return latest[1]
        said = said_words(text)
        cues = self.cue("circumstance")
        rest: list[str] = []
        behind: list[str] = []
        i = 0
        while i < len(said):
            if said[i] not in cues:
                rest.append(said[i])
                i += 1
                continue
            i += 1
            start = i
            while i < len(said) and said[i] in STOPWORDS and said[i] not in cues:
                i += 1
            # A verb's -ing form straight after the cue is a clause too: "before driving".
            clause = not self.cue("clause").isdisjoint(said[start:i]) or (
                i == start and i < len(said) and said[i].endswith("ing")
            )
            kept = rest if clause else behind
            while i < len(said) and said[i] not in STOPWORDS:
                kept.append(said[i])
                i += 1
        found = " ".join(rest), " ".join(behind)
        self._latest_circumstances = (text, found)
        return found

    def foreground(self, query: Query, text: str) -> Query:
        """``query`` with the known terms that ``text`` names only in its
        circumstances (:meth:`_circumstances`) weighing
        :data:`BACKGROUND_WEIGHT` of their idf, when the rest of it names a
        term of its own that is no topic word (one most entries hold): that
        term is what it asks about. Topic words keep their weight, and so does
        a question that is all background ("can I get fbs after a
        laminectomy?" asks about the laminectomy)."""
        if len(query.terms) < 2:
            return query
        rest, behind = self._circumstances(text)
        if not rest or not behind:
            return query
        index = self.index
        # Weighed down only when the rest names a term of its own and the
        # circumstances another, both no topic words: with fewer than two such
        # terms, or none left past what the rest names, neither part needs reading.
        specific = {term for term in query.terms if index.share(term) <= TOPIC_SHARE}
        if len(specific) < 2:
            return query
        acronyms = capitalised(text)
        own = index.analyze(rest, acronyms=acronyms).terms.keys() & query.terms.keys()
        if own.isdisjoint(specific) or specific <= own:
            return query
        named = index.analyze(behind, acronyms=acronyms).terms.keys() & query.terms.keys() - own
        background = {term for term in named if index.share(term) <= TOPIC_SHARE}
        if not background:
            return query
        return Query(
            {
                term: idf * BACKGROUND_WEIGHT if term in background else idf
                for term, idf in query.terms.items()
            },
            query.unknown,
            query.information,
        )

    def background_only(self, query: Query, text: str, position: int) -> bool:
        """Whether the entry at ``position`` holds only the background of what
        ``text`` (analysed as ``query``) asks. The words after a
        ``circumstance`` cue ("after my discectomy", "since the op": the cue,
        any stopwords, then the content words up to the next stopword) say
        when, not what; the rest names no topic word (one most entries hold,
        :data:`TOPIC_SHARE`) but something else, and the entry holds none of
        its known terms (or it has only a telling unknown word). "Can I drive
        after my discectomy?" asks about driving, which the entry on kinds of
        surgery does not speak of; "can I get fbs after a laminectomy?" asks
        about the topic."""
        rest, behind = self._circumstances(text)
        if not behind or not rest:
            return False
        index = self.index
        asked = index.analyze(rest, acronyms=capitalised(text))
        terms = asked.terms.keys() & query.terms.keys()
        if any(index.share(term) > TOPIC_SHARE for term in terms):
            return False
        if terms:
            return not any(index.strength(term, position) for term in terms)
        return any(weight >= self.min_information for weight in asked.unknown.values())

    def focus(self, query: Query, position: int) -> float:
        """The largest share of the own terms of one phrasing (question or
        alternate) of the entry at ``position`` that ``query`` holds: its terms
        but the topic words (held by most entries, :data:`TOPIC_SHARE`), which
        say what the whole FAQ is about, not the entry. A phrasing of topic
        words alone ("what is failed back syndrome?") is held whole, and so
        is an entry of under :data:`FOCUS_MIN_PHRASINGS` phrasings."""
        index = self.index
        topical = len(index.entries) >= TOPIC_MIN_ENTRIES
        phrasings = self._phrasing_terms(position)
        if len(phrasings) < FOCUS_MIN_PHRASINGS:
            return 1.0
        found = 0.0
        for terms in phrasings:
            own = [term for term in terms if not (topical and index.share(term) > TOPIC_SHARE)]
            if not own:
                return 1.0
            found = max(found, sum(term in query.terms for term in own) / len(own))
        return found

    def asked_unknown(self, query: Query, text: str) -> float:
        """The weight in ``query`` of the most telling word the FAQ does not
        know in what ``text`` asks (:func:`~faq_bot.text.question_span`), not
        in the context before it: "no bleeding from my scar, what is ...?"
        asks about no bleeding."""
        if not query.unknown:
            return 0.0
        said = said_words(text)
        start, end = question_span(text, referring=True)
        acronyms = capitalised(text)  # read as the analysis read them: never corrected
        asked = {word if word in acronyms else self.index.correct(word)[0] for word in said[start:end]}
        return max((weight for word, weight in query.unknown.items() if word in asked), default=0.0)

    def unanswered_aspect(self, text: str, position: int) -> str | None:
        """The type of answer (:mod:`faq_bot.aspects`) that ``text`` asks for
        and the entry at ``position`` cannot supply, by its answer or its
        phrasings; None when it asks for none, or the entry supplies one of
        those it asks for."""
        wanted = [name for name in aspects.asked(text) if not aspects.steering(name)]
        if not wanted:
            return None
        supplied = self._supplies(position)
        of = dict(aspects.asked_of(text))
        acronyms = capitalised(text)
        if any(
            name in supplied and self._supplies_of(name, of.get(name), position, acronyms=acronyms)
            for name in wanted
        ):
            return None
        return wanted[0]

    def _supplies_of(
        self, name: str, subject: Sequence[str] | None, position: int, *, acronyms: frozenset[str]
    ) -> bool:
        """Whether the entry at ``position``, which supplies the answer type
        ``name``, supplies it of what the question asks it of (``subject``:
        :func:`faq_bot.aspects.asked_of`; anything when None): a phrasing
        asking for it, or a sentence of its answer saying it, holds the
        subject's own terms (all but topic words, held by most entries,
        :data:`TOPIC_SHARE`), and the subject names no word the FAQ does not
        know that says at least ``min_information`` in general English.
        "Which hospital is best for treating it?" asks a ranking of
        hospitals, which an entry ranking no hospital cannot give, however
        it ranks treatments. ``acronyms``: the question's (see
        :meth:`~faq_bot.matcher.FaqIndex.analyze`)."""
        if not subject:
            return True
        index = self.index
        asked = index.analyze(" ".join(subject), acronyms=acronyms)
        if any(weight >= self.min_information for weight in asked.unknown.values()):
            return False
        topical = len(index.entries) >= TOPIC_MIN_ENTRIES
        own = {term for term in asked.terms if not (topical and index.share(term) > TOPIC_SHARE)}
        if not own:
            return True
        found = self._supplying.get((name, position))
        if found is None:
            entry = index.entries[position]
            texts = aspects.supplying(name, entry.answer, (entry.question, *entry.alternates))
            found = self._supplying[name, position] = tuple(frozenset(index.analyze(t).terms) for t in texts)
        return any(not own.isdisjoint(terms) for terms in found)

    def _supplies(self, position: int) -> frozenset[str]:
        found = self._supplied.get(position)
        if found is None:
            entry = self.index.entries[position]
            found = self._supplied[position] = aspects.supplied(
                entry.answer, (entry.question, *entry.alternates)
            )
        return found

    def _says_not(self, aspect: str) -> str:
        """What a decline for the unanswered ``aspect`` says: that the FAQ, or
        where another entry supplies it, the closest answer, does not say it."""
        what = aspects.what(aspect)
        if any(aspect in self._supplies(i) for i in range(len(self.index.entries))):
            return CLOSEST_SAYS_NOT.format(what=what)
        source = self.faq.source
        return (
            SOURCE_SAYS_NOT.format(source=source.title, what=what)
            if source is not None
            else FAQ_SAYS_NOT.format(what=what)
        )

    def cue(self, name: str) -> frozenset[str]:
        """The words of the cue list ``name`` of smalltalk.yaml."""
        found = self._cues.get(name)
        if found is None:
            found = self._cues[name] = frozenset(
                w for phrase in language_for(self.faq).cue(name) for w in phrase
            )
        return found

    def _refers(self, said: Sequence[str]) -> bool:
        """Whether ``said`` starts with a word referring to what is already
        spoken of: "the", or one of the ``referring`` cue ("its", "this")."""
        return bool(said) and (said[0] == "the" or said[0] in self.cue("referring"))

    def _cue_phrases(self, name: str) -> frozenset[tuple[str, ...]]:
        """The phrases of the cue list ``name`` of smalltalk.yaml, as word tuples."""
        found = self._cue_tuples.get(name)
        if found is None:
            found = self._cue_tuples[name] = language_for(self.faq).cue(name)
        return found

    def own_phrasing(self, text: str) -> tuple[int, float] | None:
        """The entry (its position) one of whose phrasings ``text`` is, once
        both are normalised, or is within :data:`OWN_PHRASING_RATIO` of, and
        how closely (100.0: the very words); None when it is none."""
        latest, found = self._latest_own
        if latest == text and text:
            return found
        said = " ".join(said_words(text))
        table = self.index.own_phrasings()
        by_length = self._own_by_length
        if by_length is None:
            by_length = {}
            for rank, phrasing in enumerate(table):
                same, ranks = by_length.setdefault(len(phrasing), ([], []))
                same.append(phrasing)
                ranks.append(rank)
            self._own_by_length = by_length
        found = None
        if said in table:
            found = (table[said], 100.0)
        elif said:
            near = _near_phrasing(said, by_length)
            if near is not None:
                found = (table[near[0]], near[1])
        self._latest_own = (text, found)
        return found

    def closest_first(self, query: Query, text: str, scored: list[Scored]) -> list[Scored]:
        """``scored`` with, of the entries near a tie with the best, the one
        with a phrasing closest to ``text`` (by the bot's fuzzy ratio, on
        normalised words) first; ``scored`` itself when none is near. Tied
        at the best score, or within :data:`NEAR_TIE_MARGIN` of it while
        holding every term of ``query`` that the best holds: the score reads
        content words only, and entries that share them are told apart by
        how the question is worded ("which ticket should I buy" to the
        entries on where to buy one and on which to buy)."""
        if len(scored) < 2 or scored[1].score < scored[0].score - NEAR_TIE_MARGIN:
            return scored
        said = " ".join(said_words(text))
        index = self.index
        entries = index.entries

        def closeness(position: int) -> float:
            entry = entries[position]
            return max(self.scorer(said, normalize(p)) for p in (entry.question, *entry.alternates))

        best = scored[0]
        held = [term for term in query.terms if index.strength(term, best.position) > 0.0]
        near = [
            s
            for s in scored
            if s.score >= best.score
            or (
                s.score >= best.score - NEAR_TIE_MARGIN
                and all(index.strength(term, s.position) > 0.0 for term in held)
            )
        ]
        # max() keeps the first of equals: the matcher's order stands when closeness ties too.
        closest = max(near, key=lambda s: closeness(s.position))
        if closest is best:
            return scored
        return [closest, *(s for s in scored if s is not closest)]

    def _phrasing_terms(self, position: int) -> tuple[frozenset[str], ...]:
        """The terms of each asked phrasing (question and alternates) of the
        entry at ``position``, worked out when a query first reaches it."""
        found = self._phrasings.get(position)
        if found is None:
            entry = self.index.entries[position]
            found = self._phrasings[position] = tuple(
                frozenset(self.index.analyze(text).terms) for text in (entry.question, *entry.alternates)
            )
        return found


def _near_phrasing(said: str, by_length: dict[int, tuple[list[str], list[int]]]) -> tuple[str, float] | None:
    """The phrasing of ``by_length`` (phrasings by length, each with its rank)
    closest to ``said`` by fuzz.ratio, at :data:`OWN_PHRASING_RATIO` or over,
    the first in rank of equals, as a fuzzy search of all in rank order finds
    it; None when none is that close. Only those near ``said`` in length are
    read: fuzz.ratio is 100 * (1 - distance / (a + b)) with an edit distance
    of at least |a - b|, so a much longer or shorter one cannot reach it."""
    slack = (100.0 - OWN_PHRASING_RATIO) / 100.0
    size = len(said)
    # Widened by a letter each way: rounding never drops a phrasing that could reach it.
    lengths = [
        n
        for n in range(int(size * (1 - slack) / (1 + slack)) - 1, int(size * (1 + slack) / (1 - slack)) + 2)
        if n in by_length
    ]
    choices = list(chain.from_iterable(by_length[n][0] for n in lengths))
    close = process.extract(said, choices, scorer=fuzz.ratio, score_cutoff=OWN_PHRASING_RATIO, limit=None)
    if not close:
        return None
    ranks = list(chain.from_iterable(by_length[n][1] for n in lengths))
    phrasing, score, _ = max(close, key=lambda c: (c[1], -ranks[c[2]]))
    return phrasing, float(score)


def _leads_to(scored: Sequence[Scored], position: int) -> bool:
    """Whether the entry at ``position`` is among ``scored`` and no entry
    scores above it: the question's words lead to it, if only in a tie.
    A phrasing whose words lead elsewhere, or nowhere ("what are you"), is
    no question the entry answers, whoever wrote it (``faq-bot lint`` says so)."""
    top = max((s.score for s in scored), default=0.0)
    return any(s.position == position and s.score >= top for s in scored)


def _frame(text: str) -> tuple[str, ...]:
    """How ``text``'s question (:func:`~faq_bot.text.question_span`) asks: its
    stopwords before the first content word, from the first question word
    among them ("how much is a", "do i need to"; "so when is the" asks as
    "when is the" does); none when no question word opens it."""
    start, end = question_span(text)
    found: list[str] = []
    for word in said_words(text)[start:end]:
        if word not in STOPWORDS:
            break
        if found or word in QUESTION_WORDS:
            found.append(word)
    return tuple(found)


def _shared_start(one: Sequence[str], other: Sequence[str]) -> int:
    """How many words ``one`` and ``other`` open with alike."""
    count = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        count += 1
    return count


def _last_end(said: Sequence[str], phrases: frozenset[tuple[str, ...]]) -> int | None:
    """Where in ``said`` the last occurrence of any of ``phrases`` ends (the
    place of its last word), or None when none occurs."""
    last = None
    for start in range(len(said)):
        for phrase in phrases:
            end = start + len(phrase)
            if tuple(said[start:end]) == phrase and (last is None or end - 1 > last):
                last = end - 1
    return last


def _unknown_share(query: Query, loose: float) -> float:
    """The query's unknown share (:attr:`~faq_bot.matcher.Query.unknown_share`)
    with ``loose`` information moved from its known words to its unknown ones."""
    if not loose:
        return query.unknown_share
    unknown = sum(query.unknown.values()) + min(loose, query.information)
    total = sum(query.unknown.values()) + query.information
    return unknown / total if total > 0 else 1.0


def shared_share(index: FaqIndex, query: Query) -> float:
    """The share of ``index``'s entries that hold ``query``'s rarest known
    term, as :func:`decide` takes it (0.0 for an FAQ too small to have topic
    words: see :data:`TOPIC_MIN_ENTRIES`)."""
    if len(index.entries) < TOPIC_MIN_ENTRIES:
        return 0.0
    return min(map(index.share, query.terms), default=0.0)


def _clean(query: str) -> str:
    return sanitize(query[:MAX_QUERY_CHARS])
