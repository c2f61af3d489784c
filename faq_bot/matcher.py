"""Pure scoring: how well each FAQ entry matches a free-text question.

How a query is scored against an entry (0 to 100):

1. The query is normalised (:func:`faq_bot.text.normalize`). A word the FAQ
   has never seen is replaced by the closest FAQ word within one edit (two
   from ten letters; same first letter), so "symtoms" meets "symptoms"; or,
   failing that, by a real English word one edit away whose stem the FAQ
   knows, so "diffrence" meets "different" as "difference". A real English
   word (:func:`faq_bot.wordstats.is_real_word`) is never replaced:
   "Pierson" stays "Pierson", not "person", unless it is a far more common
   stopword short of one letter ("wat" is "what"). A word made of two FAQ terms
   ("xrays" where the FAQ says "x-ray") counts as both.
2. Words become Snowball stems, synonyms map lay words to the FAQ's terms
   (both sides alike), and stopwords are dropped. Each remaining term weighs
   its inverse document frequency over the entries: rare words count most.
   Entries that ask the very same thing (one question answered several ways)
   count once for the words of their question. In ranking (steps 3 to 5),
   a term's weight is also scaled by how rare it is in general English
   (:data:`RANKING_FLOOR`): an FAQ's own counts are few.
3. ``coverage``: the share of the query's weight found in the entry (its
   question and alternates fully, keywords nearly, the answer about half).
4. ``overlap``: weighted Jaccard similarity of the query's terms and the
   closest phrasing's (question, alternate or keyword), so an entry whose
   phrasing says exactly what was asked beats one that merely has the words.
5. ``fuzzy``: the scorer on the stem strings of the query and the closest
   phrasing, each with its stems in sorted order. With the default, rapidfuzz
   ``ratio``, that is ``token_sort_ratio``, without sorting on every call.

The score is ``100 * (0.45 overlap + 0.35 coverage + 0.20 fuzzy/100)``.
:meth:`FaqIndex.analyze` also says what the scores cannot: which words of the
query the FAQ does not know, weighted by how much they say in general English
("massage" much, "ugh" little), and how much the known words say. Deciding
whether to answer is :mod:`faq_bot.bot`'s job. Candidates come from an
inverted index, so a query touches only entries that share a term with it,
and only the best of those are re-ranked with the fuzzy scorer.
"""

from __future__ import annotations

import collections
import gc
import heapq
import math
import operator
import re
import sys
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import lru_cache
from itertools import accumulate, chain, compress, filterfalse, islice, repeat
from operator import mul
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from . import postings
from .model import Entry, Faq
from .text import (
    STOPWORDS,
    answer_sentences,
    apply_synonyms,
    capitalised,
    compile_synonyms,
    normalize,
    question_span,
    said_words,
    stem,
    stem_word,
    stem_words,
    synonym_sizes,
    words,
)
from .wordstats import (
    information,
    is_real_word,
    prepare_lookups,
    rarities,
    real_words_starting,
    spelled_out,
    zipf,
)

#: Longer queries are cut to this many characters before matching.
MAX_QUERY_CHARS = 2000
#: Only the start of a long answer is indexed: it carries the gist, and the
#: answer is weaker evidence than the question anyway.
MAX_ANSWER_CHARS = 2000
_W_OVERLAP, _W_COVERAGE, _W_FUZZY = 0.45, 0.35, 0.20
_KEYWORD_STRENGTH = 0.85
_ANSWER_STRENGTH = 0.5
# b 0.4, not BM25's usual 0.75: an FAQ's answers are long because they
# explain more, not because they repeat themselves, so a long answer's
# mention is not discounted as much (StackFAQ P@1 0.789 -> 0.792, MedQuAD's
# 0.346 -> 0.359; replies on every question set as before).
_BM25_K1, _BM25_B = 1.2, 0.4
_VOWELS = frozenset("aeiouy")
_RERANK = 40  # candidates re-ranked with the fuzzy scorer
_CORRECTIONS_CACHE_SIZE = 50_000  # unknown words seen, and their corrections
_QUERY_WORDS_CACHE_SIZE = 50_000  # stems of query words beyond the FAQ's own
_SCORES_CACHE_SIZE = 4096  # rankings of the latest distinct queries (terms and weights)
_SENTENCES_CACHE_SIZE = 4096  # answers cut into sentences, by entry
_ANALYSES_CACHE_SIZE = 64  # the latest texts analysed: a message is read several ways
_LONGEST_WORD = 30  # longer strings are no English word: neither corrected nor split
#: information() of the words queries use, kept: a bot meets the same words again and again.
_word_information = lru_cache(maxsize=_QUERY_WORDS_CACHE_SIZE)(information)
#: An unknown word only in the context before the question ("my dad had lung
#: cancer, does smoking slow healing?") weighs this much of its information.
CONTEXT_WEIGHT = 0.5
#: A typo corrected to an English word one edit away that the FAQ knows in
#: another form ("diffrence" -> "difference", whose stem the FAQ has) needs
#: this many letters: shorter strings are one edit from too many words.
ENGLISH_CORRECTION_MIN_LETTERS = 4
#: In ranking, a term weighs its idf times this much plus the rest in
#: proportion to its rarity in general English (:func:`~faq_bot.wordstats.rarity`
#: of the FAQ's rarest word with its stem). The idf of a few hundred entries
#: is a noisy estimate: "possible" or "way" may be in few of an FAQ's entries
#: yet say little of what a question asks, which general English knows. Only
#: the order and score of entries follow it; a query's weights (``Query.terms``)
#: stay the idf the decision judges by. StackFAQ P@1 gains on both halves
#: at 0.4 to 0.8 (flat from 0.5 to 0.6; MedQuAD better at 0.6): bench/README.md.
RANKING_FLOOR = 0.6
#: In :meth:`FaqIndex.explained`, a known term weighs its idf times this much
#: plus the rest in proportion to its general-English information: "link" or
#: "call", rare in the FAQ but common in English, count less there than in
#: scoring.
EXPLAINED_FLOOR = 0.3
#: A real word that is a stopword with one letter left out ("wat" for "what")
#: reads as that stopword when the stopword is this many Zipf points (powers
#: of ten) more common: typed shorthand, not a word of another topic.
CLIPPED_STOPWORD_GAP = 3.0
#: A string that is no English word, of at least this many letters, that
#: begins FAQ words of one stem only, each at least CLIPPING_MIN_REST letters
#: longer, is that word cut short ("stim" for "stimulator", "lami" for
#: "laminectomy"): corrected to it at the confidence of two edits.
CLIPPING_MIN_LETTERS = 4
CLIPPING_MIN_REST = 3
#: A word made of two FAQ terms ("xrays" for "x-ray", "toothache") counts as
#: both, at this confidence.
COMPOUND_CONFIDENCE = 0.8
#: Compound parts shorter than this are accepted only in strings that are no
#: English word: "xrays" is x + rays, but a real word is not split into scraps.
COMPOUND_MIN_PART = 3
#: A string under the real-word line (:func:`~faq_bot.wordstats.is_real_word`)
#: one edit from a real word this many Zipf points (powers of ten) more common
#: is a typo of it ("freind" 2.1, "friend" 5.4); "massager" (2.4) is no typo of
#: "massage" (4.0).
TYPO_ZIPF_GAP = 2.0
#: From this many entries, an index makes its typo-correction tables (the
#: FAQ's words and English words by first letter and length) when it is built
#: or loaded, not when a question first needs them: at 47,000 entries they
#: take about 30 ms. A small FAQ's command-line start-up never pays for them.
EAGER_TABLES_MIN_ENTRIES = 5000
#: An unknown word stands for a related FAQ term (:meth:`FaqIndex.settle`) only
#: when at most this share of the entries hold it.
LINK_MAX_SHARE = 0.2
#: A vowel-less string of at most this many letters is an acronym: it is
#: corrected only to a word with a vowel (see :meth:`FaqIndex.correct`).
SHORT_ACRONYM = 3
#: What an acronym the FAQ does not know says ("IBS", "COPD" in an FAQ on
#: another condition): as much as a word can. It names a subject, however
#: common the same letters are as a word ("its", "ms") in general English.
#: One the FAQ knows, or a stopword in capitals ("I AM in pain"), reads as before.
ACRONYM_INFORMATION = 1.0
#: Below this many entries, an entry's prepared phrasings carry a map from
#: each term to the phrasings holding it (see _Phrasings).
HELD_MAX_ENTRIES = 5000
#: :meth:`FaqIndex.in_answer_sentence` counts a sentence of an answer only
#: when it holds at least this many of the question's terms: one shared word
#: says nothing of whether that sentence is what was asked.
SENTENCE_MIN_TERMS = 2
#: A number with its unit or ordinal ending ("7pm", "2nd", "25th", "10k"): a
#: number, which says nothing about the topic.
_NUMBER_WITH_UNIT = re.compile(r"\d+(?:st|nd|rd|th|am|pm|s|k)")


class Scorer(Protocol):
    """A rapidfuzz-style similarity of two strings, from 0 to 100."""

    def __call__(self, s1: str, s2: str, /) -> float: ...


# Results are NamedTuples, not dataclasses: as immutable, and a tenth of the
# cost to define, which the command line's start-up feels. The functional
# form, as for loader.Lexicon: the class form compiles each field's
# annotation (text here) at import, which every start pays.
Scored = NamedTuple(  # noqa: UP014 - see above
    "Scored",
    [
        ("position", int),  # the entry's place in the FAQ
        ("score", float),
        ("coverage", float),
        ("overlap", float),
        ("fuzzy", float),
    ],
)
Scored.__doc__ = """An entry's score for a query, with the parts it is made of."""


_Phrasings = NamedTuple(  # noqa: UP014 - the functional form, as Scored
    "_Phrasings",
    [
        ("strengths", Sequence[float]),
        ("weights", Sequence[float]),
        ("texts", tuple[str, ...]),  # each phrasing's stem string: its terms, split by a space
        ("asked", tuple[str, ...]),  # the question and alternates' stem strings, for the fuzzy scorer
        ("keywords", tuple[str, ...]),
        # In a small FAQ: each term, and the phrasings (by number) that hold it.
        ("held", dict[str, tuple[int, ...]] | None),
    ],
)
_Phrasings.__doc__ = """An entry's phrasings (question, alternates, keywords) ready for scoring.

    Few objects, and none the garbage collector tracks for long: strengths
    and weights as slices of the index's arrays, stem strings (shared with
    the index) in tuples of text, which the collector stops tracking the
    first time it sees them. An entry a query first reaches is prepared
    then, and kept: at 47,000 entries a first question prepares some 34,
    and each object kept cost it more than making it did (a tuple of floats
    and a tuple of terms per phrasing took 7 to 13 us an entry, a third of a
    first question's time). A phrasing's terms are split from its stem
    string when a query looks for its own terms among them, which costs a
    question far less than keeping them did. A small FAQ (under
    :data:`HELD_MAX_ENTRIES` entries) prepares each entry once and then
    scores it for question after question: there a map (``held``) of each
    term to the phrasings holding it is made too, and a query looks up its
    few terms in it instead of intersecting them with every phrasing, which
    was two thirds of the bundled FAQ's scoring time."""


if TYPE_CHECKING:

    class _PhrasingFields(NamedTuple):
        texts: list[str]
        starts: array[int]
        ids: array[int]
        strengths: array[float]
        weights: array[float] | None = None  # each text's distinct terms' idf, once known
        # Each text's distinct terms, as the postings number them, text after text: "sizes" of them each.
        terms: array[int] = array("i")
        sizes: array[int] = array("i")

else:
    # Not typing.NamedTuple's class form, as safety.Screening: it would
    # compile() these annotations, which costs a cached start 3.5%.
    _PhrasingFields = collections.namedtuple(
        "_PhrasingTable",
        ["texts", "starts", "ids", "strengths", "weights", "terms", "sizes"],
        defaults=[None, array("i"), array("i")],
    )


class _PhrasingTable(_PhrasingFields):
    """Every entry's phrasings, flat: entry ``i``'s are ``ids[starts[i]:starts[i + 1]]``
    (indices into ``texts``, the distinct stem strings) at ``strengths`` (1.0
    for the question and alternates, less for keywords), and each text's
    distinct terms' idf (``weights``) once known. A few arrays instead of a
    tuple and a set per phrasing: a third of a big index's memory."""

    __slots__ = ()

    @classmethod
    def from_counts(
        cls, texts: list[str], counts: array[int], ids: array[int], strengths: array[float]
    ) -> _PhrasingTable:
        return cls(texts, array("i", accumulate(counts, initial=0)), ids, strengths)

    def export(self) -> dict[str, Any]:
        counts = array("i", [b - a for a, b in zip(self.starts, self.starts[1:], strict=False)])
        return {
            "texts": self.texts,
            "counts": postings.pack(counts),
            "ids": postings.pack(self.ids),
            "strengths": postings.pack(self.strengths),
            "weights": postings.pack(self.weights if self.weights is not None else array("d")),
            "terms": postings.pack(self.terms),
            "sizes": postings.pack(self.sizes),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], entries: int, *, vectorized: bool) -> _PhrasingTable:
        texts = state["texts"]
        counts = postings.unpack(state["counts"], "i")
        ids = postings.unpack(state["ids"], "i")
        strengths = postings.unpack(state["strengths"], "d")
        weights = postings.unpack(state["weights"], "d")
        terms = postings.unpack(state["terms"], "i")
        sizes = postings.unpack(state["sizes"], "i")
        if not postings.all_text(texts):
            raise TypeError("phrasings must be text")
        if len(weights) != len(texts) or not postings.all_finite(weights, low=0.0):
            raise ValueError("not one weight per phrasing")
        fewest, _, total = postings.extent(counts, vectorized=vectorized)
        if len(counts) != entries or total != len(ids) or len(strengths) != len(ids) or fewest < 0:
            raise ValueError("the state describes other entries")
        low, high, _ = postings.extent(ids, vectorized=vectorized)
        if ids and not 0 <= low <= high < len(texts):
            raise ValueError("a phrasing out of range")
        # The terms' numbers are checked where they are used (faq_bot.rerank).
        fewest, _, total = postings.extent(sizes, vectorized=vectorized)
        if len(sizes) != len(texts) or total != len(terms) or fewest < 0:
            raise ValueError("not one count of terms per phrasing")
        table = cls.from_counts(texts, counts, ids, strengths)
        return table._replace(weights=weights, terms=terms, sizes=sizes)


# On a functional NamedTuple, as Scored.
class Query(
    NamedTuple("Query", [("terms", dict[str, float]), ("unknown", dict[str, float]), ("information", float)])
):
    """A query as the matcher sees it.

    ``terms`` are the known terms and their weights (idf). ``unknown`` maps each
    content word the FAQ has never seen to its general-English
    :func:`~faq_bot.wordstats.information`, so "massage" weighs much and
    "ugh" little. ``information`` adds up the same for the words the FAQ
    knows: "date" or "help" alone say too little to answer.
    """

    __slots__ = ()

    @property
    def words(self) -> int:
        """Distinct content terms, known or not."""
        return len(self.terms) + len(self.unknown)

    @property
    def unknown_share(self) -> float:
        """The share of the query's information in words the FAQ does not know
        (1.0 when it has none)."""
        unknown = sum(self.unknown.values())
        total = unknown + self.information
        return unknown / total if total > 0 else 1.0


Loose = NamedTuple("Loose", [("word", str), ("name", str), ("information", float)])  # noqa: UP014 - as Scored
Loose.__doc__ = """A word the FAQ only uses at the end of a longer name (``name``, as the
FAQ writes it), said without the rest of it, and its general-English
information (see :meth:`FaqIndex.loose`)."""


class FaqIndex:
    """An FAQ prepared for matching. Build once; query many times."""

    # Unknown words seen and the FAQ terms general English relates them to, and
    # the terms of the FAQ's names of several words: made when a question
    # first needs them (see settle), so a build keeps nothing more.
    _linked: dict[str, frozenset[str]] | None = None
    _named: frozenset[str] | None = None
    # Each entry's answer, as the terms of each sentence: made for an entry
    # when a question first reaches it (see in_answer_sentence).
    _sentences: dict[int, tuple[frozenset[str], ...]] | None = None

    def __init__(
        self,
        entries: Sequence[Entry],
        synonyms: Iterable[tuple[str, Sequence[str]]] = (),
        *,
        vectorized: bool | None = None,
    ) -> None:
        """``vectorized``: whether postings are numpy arrays (see
        :mod:`faq_bot.postings`); by default, from
        :data:`~faq_bot.postings.VECTOR_MIN_ENTRIES` entries when numpy is
        installed. Rankings are the same either way."""
        self.entries = tuple(entries)
        # A big FAQ's build leaves tens of thousands of objects young (the
        # modules it imports, the FAQ's entries): the collections they set off
        # fell on the first questions, a 7 ms and a 50 ms one at 47,000
        # entries. The build makes no cycles, so the collector is paused
        # through it (as the loader's gc_paused) and runs once at its end: the
        # build takes as long as before, the first questions lose the pauses.
        paused = len(self.entries) >= EAGER_TABLES_MIN_ENTRIES and gc.isenabled()
        if paused:
            gc.disable()
        try:
            self._build(synonyms, vectorized)
        finally:
            if paused:
                gc.enable()
        if paused:
            gc.collect()

    def _build(self, given: Iterable[tuple[str, Sequence[str]]], vectorized: bool | None) -> None:
        # Kept as given, to tell whether a FAQ is the one this index was built from.
        self.synonyms = synonyms = tuple((c, tuple(v)) for c, v in given)
        self._synonyms = compile_synonyms(synonyms)
        self._synonym_sizes = synonym_sizes(self._synonyms)
        self._longest = max((len(k) for k in self._synonyms), default=0)
        self._first = {k[0] for k in self._synonyms}
        # The FAQ's terms and synonyms of several words ("spinal cord stimulator"):
        # each is one thing asked about, however many words it takes.
        self._phrases = {p for k, v in self._synonyms.items() for p in (k, v) if len(p) > 1}
        self._phrase_longest = max((len(p) for p in self._phrases), default=0)
        # Stems that carry no meaning: stopwords, and numbers as they are seen.
        self._dropped = {stem(w) for w in STOPWORDS}
        self._stem_cache: dict[str, str] = {}
        self._stem_cache_limit = sys.maxsize  # until the FAQ's own words are in

        # Each distinct phrasing's stem string once: big FAQs repeat a topic's
        # name and synonyms on every entry about it. Its terms are the string's
        # words (stems hold no spaces), so no set of them is kept.
        texts: dict[str, int] = {}
        pool: list[str] = []  # the same, by number
        memo: dict[str, int] = {}  # a phrasing as written -> its stem string's number
        # Each text's distinct terms, numbered as first met here, for numpy's
        # re-rank (see faq_bot.rerank). An array, not a list: the list's
        # copies, freed, left a big FAQ's build 1 MB more memory.
        numbered = postings.Numbering()
        number_text_term = numbered.__getitem__
        text_terms = array("i")
        text_sizes = array("i")

        stems = _AnswerStems(self)
        first, dropped = self._first, self._dropped

        def phrasing(text: str) -> int:
            found = memo.get(text)
            if found is None:
                # _terms' work, without its call: a big FAQ has tens of thousands of phrasings.
                ws = words(text)
                if not first:  # no synonyms: stemmed, filtered and sorted in one pass
                    terms = sorted(filterfalse(dropped.__contains__, map(stems.__getitem__, ws)))
                else:
                    terms = list(map(stems.__getitem__, ws))
                    terms = sorted(
                        filterfalse(dropped.__contains__, terms)
                        if first.isdisjoint(terms)
                        else self._terms(ws)
                    )
                joined = " ".join(terms)
                found = memo[text] = texts.setdefault(joined, len(texts))
                if found == len(pool):
                    pool.append(joined)
                    # A term said twice ("back back pain") counts once.
                    distinct = dict.fromkeys(terms) if len(terms) > 1 else terms
                    text_terms.extend(map(number_text_term, distinct))
                    text_sizes.append(len(distinct))
            return found

        phrasing_ids: list[int] = []
        phrasing_strengths: list[float] = []
        phrasing_counts: list[int] = []
        # Each entry holds a term in its strongest field that has it: the
        # question (code -1), a keyword (0) or the answer (code: how often).
        # Written weakest first, so a later write is always the stronger one.
        # Only codes are kept until every answer's length is known; nothing
        # else outlives its entry, which keeps the build's memory unfragmented.
        builder = postings.Builder()
        number = builder.ids.__getitem__
        term_ids, codes, term_counts = builder.term_ids, builder.codes, builder.counts
        answer_lens: list[int] = []
        # A repeated answer's length in words and its terms' counts, worked out
        # once: big FAQs repeat answers (MedQuAD: 31,044 entries without one, a
        # few hundred sharing one). Only repeated ones are kept, which keeps
        # the build's memory unfragmented.
        repeated = {a for a, n in Counter(e.answer[:MAX_ANSWER_CHARS] for e in self.entries).items() if n > 1}
        answers: dict[str, tuple[int, dict[str, int]]] = {}
        # An entry's keywords, their terms marked as keywords' (code 0), for
        # each set of them: big FAQs give every entry about a topic the same
        # ones (MedQuAD: 130,000 keywords, 31,000 distinct).
        keyword_sets: dict[tuple[str, ...], tuple[list[int], dict[str, int]]] = {}
        for entry in self.entries:
            entry_phrasings = list(map(phrasing, entry.phrasings))
            said = keyword_sets.get(entry.keywords)
            if said is None:
                # A keyword is a short phrasing the author vouches for ("Malcolm Tatum").
                keywords = [k for k in map(phrasing, entry.keywords) if pool[k]]
                marks: dict[str, int] = {}
                for k in keywords:
                    marks.update(dict.fromkeys(pool[k].split(), 0))
                said = keyword_sets[entry.keywords] = (keywords, marks)
            keywords, marks = said
            phrasing_ids += entry_phrasings
            phrasing_ids += keywords
            phrasing_strengths += [1.0] * len(entry_phrasings)
            phrasing_strengths += [_KEYWORD_STRENGTH] * len(keywords)
            phrasing_counts.append(len(entry_phrasings) + len(keywords))
            answer = entry.answer[:MAX_ANSWER_CHARS]
            found = answers.get(answer)
            if found is None:
                answer_words = words(answer)
                found = (len(answer_words), self._answer_counts(answer_words, stems))
                if answer in repeated:
                    answers[answer] = found
                    held = found[1].copy()
                else:
                    held = found[1]
            else:
                held = found[1].copy()
            answer_lens.append(found[0])
            held.update(marks)
            for k in entry_phrasings:
                held.update(dict.fromkeys(pool[k].split(), -1))
            # Numbered in C, with no call per entry: a big FAQ's build
            # numbers a million terms, most already numbered.
            term_ids += map(number, held)
            codes += held.values()
            term_counts.append(len(held))

        count = len(self.entries)
        avg_len = sum(answer_lens) / count if count else 0.0
        # One table per answer length: its strengths follow from the length alone.
        by_length: dict[int, _Strengths] = {}
        for answer_len in answer_lens:
            if answer_len not in by_length:
                by_length[answer_len] = _Strengths(_answer_norm(answer_len, avg_len))
        # Each code looked up in its entry's table, all in C: a million of them at 47,000 entries.
        tables = chain.from_iterable(map(repeat, map(by_length.__getitem__, answer_lens), builder.counts))
        builder.strengths = list(map(dict.__getitem__, tables, builder.codes))
        vector = postings.vectorize(count, vectorized)
        # The texts' terms as the postings number them: every one is an entry's.
        as_posted = list(map(dict(builder.ids).__getitem__, numbered))
        phrasings = _PhrasingTable.from_counts(
            pool,
            array("i", phrasing_counts),
            array("i", phrasing_ids),
            array("d", phrasing_strengths),
        )._replace(terms=array("i", map(as_posted.__getitem__, text_terms)), sizes=text_sizes)
        for canonical, variants in synonyms:
            for text in (canonical, *variants):
                self._terms(words(text))
        self._ready(phrasings, builder.build(vectorized=vector), _asked_again(phrasings), None, None)

    def _ready(
        self,
        phrasings: _PhrasingTable,
        found: postings.Postings,
        asked_again: dict[str, int],
        factors: array[float] | None,
        buckets: dict[tuple[str, int], list[str]] | None,
    ) -> None:
        """Set up what follows from the entries, the stem cache, the phrasings
        and the postings: shared by a fresh build and :meth:`from_state`
        (which also gives each term's factor in ranking, see _ranking_factors,
        and a big FAQ's correction buckets, see _fill_buckets)."""
        count = len(self.entries)
        self._postings = found
        # Every field posts its terms, so an entry-level document frequency is
        # the length of a term's postings; a question several entries ask
        # counts once for its terms (see _asked_again).
        doc_freq = found.doc_freq()
        for term, again in asked_again.items():
            held = doc_freq.get(term, 0)
            if not 0 < again < held:
                raise ValueError(f"{term!r} asked again by {again} entries, but held by {held}")
            doc_freq[term] = held - again
        self._asked_again = asked_again
        # Every word of the FAQ has passed through the stem cache by now.
        self._vocabulary = frozenset(self._stem_cache)
        # Filled by explained() on first use: most indexes never judge.
        self._stems_to_words: dict[str, list[str]] | None = None
        # See own_phrasings: made on first need, its texts kept for the cache.
        self._own_phrasings: dict[str, int] | None = None
        self._own_texts: tuple[bytes, array[int]] | None = None
        self._information: dict[str, float] = {}
        # Each term's share of the entries, as asked: a question's terms are
        # weighed by it several times over (topic, beside-topic, loose words).
        self._shares: dict[str, float] = {}
        # Terms that end one of the FAQ's names of several words, and (filled
        # by loose_information) the terms every phrasing holding one holds too.
        self._heads = frozenset(p[-1] for p in self._phrases)
        self._companions: dict[str, frozenset[str]] = {}
        self._stem_cache_limit = len(self._stem_cache) + _QUERY_WORDS_CACHE_SIZE
        self._corrections: dict[str, tuple[str, int]] = {}
        self._typo_information: dict[str, float] = {}
        # Unknown words recur from question to question: each is cut into FAQ terms once.
        self._compounds: dict[str, tuple[str, str] | None] = {}
        # Every word a query had, corrected or not: most recur from question to question.
        self._fixes: dict[str, tuple[str, int]] = {}
        # A phrase can start only at one of these stems: most words start none.
        self._phrase_first = {p[0] for p in self._phrases}
        # Made when a word first needs correcting: many questions have no typo.
        self._buckets: dict[tuple[str, int], list[str]] | None = None
        self._bucket_longest = 0  # the longest word in the buckets, once they are made
        if count >= EAGER_TABLES_MIN_ENTRIES:
            # A big FAQ's tables take tens of milliseconds, which the first
            # questions with a typo would pay: the build pays instead.
            if buckets is None:
                self._fill_buckets()
            else:
                self._bucket_longest = max((size for _, size in buckets), default=0)
                self._buckets = buckets
            for letter in "abcdefghijklmnopqrstuvwxyz":  # English words correct ASCII words only
                real_words_starting(letter)
            _stopword_clippings()
            # Each question brings words new to a running bot, each looked up in general English.
            prepare_lookups()
        # Questions put in other words, or with other chatter around them,
        # often come down to the same terms: their ranking is worked out once.
        self._scores: dict[tuple[object, ...], tuple[Scored, ...]] = {}
        # Reading one message, the bot and the conversation analyse the same
        # text more than once (to answer, to judge its suggestions...).
        self._analyses: dict[str, Query] = {}

        # Worked out once per count of entries: a big FAQ's 25,000 terms have
        # some 1,500 counts between them, and the look-ups run in C.
        by_count = {df: _idf(df, count) for df in set(doc_freq.values())}
        self._idf = dict(zip(doc_freq, map(by_count.__getitem__, doc_freq.values()), strict=True))
        self._unknown_idf = _idf(0, count)
        # Each term's factor in ranking, in the order of the terms' idf (the
        # postings' order, which the cache keeps): worked out at the build, read
        # back from the cache, so that no query needs the FAQ's words by stem.
        if factors is None:
            factors = self._ranking_factors()
        elif len(factors) != len(self._idf) or not (
            postings.all_finite(factors, low=RANKING_FLOOR) and max(factors, default=1.0) <= 1.0
        ):
            raise ValueError("not one ranking factor per term")
        self._factors = factors
        # Each term's weight in ranking: its idf times its factor. All at
        # once, in C: a few milliseconds at 47,000 entries.
        self._ranking = dict(zip(self._idf, map(mul, self._idf.values(), factors), strict=True))
        # Each phrasing's weight: its distinct terms' weights in ranking. fsum: exact, so the
        # same whatever order the set iterates in. The cache keeps them. Made
        # at the build: made when a query first reaches an entry, they cost
        # the first questions at 47,000 entries 0.1 ms each (measured).
        if phrasings.weights is None:
            # From each text's distinct terms as numbered (the postings' order,
            # which is the ranking's), not by splitting the texts again: 75,000
            # of them at 47,000 entries.
            ranked = map(list(self._ranking.values()).__getitem__, phrasings.terms)
            weights = [math.fsum(islice(ranked, size)) for size in phrasings.sizes]
            phrasings = phrasings._replace(weights=array("d", weights))
        self._raw_phrasings = phrasings
        # With numpy's postings, the candidates are re-ranked all at once in numpy too.
        self._rerank: Any = None
        if isinstance(found, postings.ArrayPostings):
            from .rerank import Rerank

            table = (phrasings.starts, phrasings.ids, phrasings.strengths, phrasings.weights)
            self._rerank = Rerank(phrasings.texts, (*table, phrasings.terms, phrasings.sizes), found.numbers)
        # Built for an entry when a query first reaches it: most entries of a
        # big FAQ never are, and building them all would double the build time.
        self._phrasings: list[_Phrasings | None] = [None] * count
        # A small FAQ's entries get their ``held`` maps from its second query
        # on: a single question (the command line's) never pays for them.
        self._held_due = False

    # The built state as plain JSON types and bytes, for the index cache. Everything
    # else is derived from it by _ready, so an attribute added to the build
    # needs a line here and in from_state (a test compares every attribute).

    def export_state(self) -> dict[str, Any]:
        """What :meth:`from_state` needs to rebuild this index without
        stemming the FAQ again: lists, dicts of str keys, str and numbers
        only, and arrays as bytes (see :func:`postings.pack`). Query-time
        caches (words seen in queries, corrections) are left out."""
        stems = {w: s for w, s in self._stem_cache.items() if w in self._vocabulary}
        faq_stems = set(stems.values())
        # Made here if no question has made them yet.
        said, at = self._own_texts or self._normalised_phrasings()
        eager = len(self.entries) >= EAGER_TABLES_MIN_ENTRIES
        return {
            "given_synonyms": [[c, list(v)] for c, v in self.synonyms],
            "synonyms": [[list(k), list(v)] for k, v in self._synonyms.items()],
            # Numbers seen in queries are dropped too, but they are not the FAQ's.
            "dropped": sorted(s for s in self._dropped if not s.isdigit() or s in faq_stems),
            # As two texts, words and stems: JSON reads them many times faster than a mapping.
            "stems": [_joined(list(stems)), _joined(list(stems.values()))],
            "phrasings": self._raw_phrasings.export(),
            # Order kept: it decides which of equally scored entries comes first.
            "postings": self._postings.export(),
            # Aligned with the postings' terms: a cache load would otherwise
            # look up every FAQ word in general English (50 ms at 47,000 entries).
            "ranking": postings.pack(self._factors),
            # Worked out at the build: a cache load of a big FAQ would pay 20 ms for it.
            "asked_again": [
                _joined(list(self._asked_again)),
                postings.pack(array("i", self._asked_again.values())),
            ],
            # See own_phrasings: from the cache, a first question finds them without reading every entry.
            "own_phrasings": [said, postings.pack(at)],
            # A big FAQ's, made at every load: read back, not sorted out of its words
            # again (10 ms at 47,000 entries). A small FAQ's are made on first need.
            "buckets": _buckets_state(self._buckets) if eager and self._buckets is not None else None,
        }

    @classmethod
    def from_state(
        cls, entries: Sequence[Entry], state: dict[str, Any], *, vectorized: bool | None = None
    ) -> FaqIndex:
        """The index :meth:`export_state` describes, for these ``entries``
        (``vectorized`` as for the constructor). Raises ValueError, TypeError
        or KeyError when ``state`` is malformed."""
        index = cls.__new__(cls)
        index.entries = tuple(entries)
        index.synonyms = tuple((str(c), tuple(v)) for c, v in state["given_synonyms"])
        index._synonyms = {tuple(k): tuple(v) for k, v in state["synonyms"]}
        index._synonym_sizes = synonym_sizes(index._synonyms)
        index._longest = max((len(k) for k in index._synonyms), default=0)
        index._first = {k[0] for k in index._synonyms}
        index._phrases = {p for k, v in index._synonyms.items() for p in (k, v) if len(p) > 1}
        index._phrase_longest = max((len(p) for p in index._phrases), default=0)
        index._dropped = set(state["dropped"])
        said, stemmed = state["stems"]
        index._stem_cache = dict(zip(_split(said), _split(stemmed), strict=True))
        count = len(index.entries)
        vectorized = postings.vectorize(count, vectorized)
        phrasings = _PhrasingTable.from_state(state["phrasings"], count, vectorized=vectorized)
        found = postings.from_state(state["postings"], count, vectorized=vectorized)
        # numpy's re-rank checks the texts' terms as it reads them (see faq_bot.rerank).
        terms = phrasings.terms
        if (
            not isinstance(found, postings.ArrayPostings)
            and terms
            and not 0 <= min(terms) <= max(terms) < len(state["postings"]["terms"])
        ):
            raise ValueError("a phrasing's term out of range")
        again = postings.unpack(state["asked_again"][1], "i")
        asked_again = dict(zip(_split(state["asked_again"][0]), again, strict=True))
        if len(asked_again) != len(again):
            raise ValueError("a term asked again twice")
        buckets = state["buckets"]
        eager = count >= EAGER_TABLES_MIN_ENTRIES and buckets is not None
        index._ready(
            phrasings,
            found,
            asked_again,
            postings.unpack(state["ranking"], "d"),
            _buckets_from_state(buckets) if eager else None,
        )
        said, at = state["own_phrasings"]
        at = postings.unpack(at, "i")
        low, high, _ = postings.extent(at, vectorized=vectorized)
        if not isinstance(said, bytes | memoryview) or not 0 <= low <= high < count:
            raise ValueError("own phrasings that are not the entries'")
        # Decoded and counted on first use (see own_phrasings): 20 ms of a big FAQ's load.
        index._own_texts = (bytes(said), at)
        return index

    def _ranking_factors(self) -> array[float]:
        """Each term's factor in ranking, in the order of its idf: less than
        1.0 as the FAQ's rarest word with its stem is commoner in general
        English (see :data:`RANKING_FLOOR`). One pass over the FAQ's words,
        each looked up once, with no list of words per stem."""
        vocabulary = list(self._vocabulary)
        rarest: dict[str, float] = {}
        get = rarest.get
        stems = map(self._stem_cache.__getitem__, vocabulary)
        for term, rare in zip(stems, rarities(vocabulary), strict=True):
            if rare > get(term, -1.0):
                rarest[term] = rare
        # A term no FAQ word has (none so far) counts as rare as can be.
        return array("d", [RANKING_FLOOR + (1 - RANKING_FLOOR) * get(term, 1.0) for term in self._idf])

    def own_phrasings(self) -> dict[str, int]:
        """Each entry's phrasings (question and alternates), normalised, to
        the first entry (its position) saying each, in the entries' order
        (see FaqBot.own_phrasing). Made when first needed, from the texts
        the cache holds when it has them: making them reads every entry's
        phrasings, 0.2 s at 47,000 entries, most of it in decoding those texts."""
        table = self._own_phrasings
        if table is None:
            said, positions = self._own_texts or self._normalised_phrasings()
            texts = str(said, "utf-8", "replace").split("\n")
            if len(texts) != len(positions):  # only in a cache entry written by hand, checksum and all
                said, positions = self._normalised_phrasings()
                texts = said.decode().split("\n")
            # Published only when whole: another thread may be asking too.
            table = self._own_phrasings = dict(zip(texts, positions, strict=True))
        return table

    def _normalised_phrasings(self) -> tuple[bytes, array[int]]:
        """What :meth:`own_phrasings` is made from: its texts as UTF-8, a
        newline between them (a normalised text has none), and their positions.
        ValueError for a text with a lone surrogate."""
        found: dict[str, int] = {}
        for position, entry in enumerate(self.entries):
            for phrasing in (entry.question, *entry.alternates):
                found.setdefault(normalize(phrasing), position)
        self._own_texts = ("\n".join(found).encode(), array("i", found.values()))
        return self._own_texts

    def _by_stem(self) -> dict[str, list[str]]:
        """The FAQ's words by stem, made when first needed."""
        by_stem = self._stems_to_words
        if by_stem is None:
            built: dict[str, list[str]] = {}
            for word in self._vocabulary:
                built.setdefault(self._stem_cache[word], []).append(word)
            # Published only when whole: another thread may be asking too.
            by_stem = self._stems_to_words = built
        return by_stem

    def _prepared(self, index: int) -> _Phrasings:
        """An entry's phrasings: stem strings, strengths and weights."""
        found = self._phrasings[index]
        if found is None:
            table = self._raw_phrasings
            weights = table.weights
            assert weights is not None  # _ready saw to that
            start, end = table.starts[index], table.starts[index + 1]
            ids = table.ids[start:end]
            texts = tuple(map(table.texts.__getitem__, ids))
            strengths: Sequence[float] = table.strengths[start:end]
            weighed: Sequence[float] = array("d", map(weights.__getitem__, ids))
            held = None
            if self._held_due:
                # A small FAQ scores its entries question after question: floats
                # kept in tuples are read without one made per read.
                strengths, weighed, held = tuple(strengths), tuple(weighed), _held_map(texts)
            found = _Phrasings(
                strengths,
                weighed,
                texts,
                tuple(compress(texts, map((1.0).__eq__, strengths))),
                tuple(compress(texts, map((1.0).__ne__, strengths))),
                held,
            )
            # Published only when whole: another thread may be asking too.
            self._phrasings[index] = found
        return found

    def _with_held(self, index: int, entry: _Phrasings) -> _Phrasings:
        """``entry`` (the one at ``index``) with its ``held`` map."""
        entry = entry._replace(
            strengths=tuple(entry.strengths), weights=tuple(entry.weights), held=_held_map(entry.texts)
        )
        self._phrasings[index] = entry
        return entry

    @classmethod
    def from_faq(cls, faq: Faq) -> FaqIndex:
        return cls(faq.entries, faq.synonyms)

    def matches(self, faq: Faq) -> bool:
        """Whether this index was built from ``faq``'s entries and synonyms."""
        synonyms = tuple((c, tuple(v)) for c, v in faq.synonyms)
        return (self.entries is faq.entries or self.entries == faq.entries) and self.synonyms == synonyms

    def _stem(self, word: str) -> str:
        found = self._stem_cache.get(word)
        if found is None:
            found = stem(word)
            if len(self._stem_cache) < self._stem_cache_limit:
                self._stem_cache[word] = found
                if found.isdigit():
                    self._dropped.add(found)
        return found

    def _terms(self, ws: Sequence[str]) -> list[str]:
        """Content stems of normalised words, synonyms applied."""
        cache = self._stem_cache
        fresh = kept = False
        # Looked up and filtered in C where possible: a big FAQ's build passes
        # millions of words through here.
        try:
            stems = list(map(cache.__getitem__, ws))
        except KeyError:
            fresh = True
            missing = [w for w in dict.fromkeys(ws) if w not in cache]
            found = dict(zip(missing, stem_words(missing), strict=True))
            # The FAQ's words always stay; a query's only while there is room,
            # so a long-running bot does not grow without end.
            kept = len(cache) < self._stem_cache_limit
            if kept:
                cache.update(found)
                self._dropped.update(s for s in found.values() if s.isdigit())
                stems = list(map(cache.__getitem__, ws))
            else:
                stems = [cache.get(w) or found[w] for w in ws]
        if not self._first.isdisjoint(stems):
            stems = apply_synonyms(stems, self._synonyms, self._longest, sizes=self._synonym_sizes)
            kept = False
        dropped = self._dropped
        # Numbers among words not cached are not in `dropped` (every cached one is).
        if fresh and not kept:
            return [s for s in stems if s not in dropped and not s.isdigit()]
        return list(filterfalse(dropped.__contains__, stems))

    def _answer_counts(self, ws: list[str], stems: _AnswerStems) -> dict[str, int]:
        """How often an answer of words ``ws`` holds each of its terms, in the
        order first met: ``Counter(self._terms(ws))``, counted in C. An answer
        is most of a big FAQ's words, millions of them."""
        counts = dict(Counter(map(stems.__getitem__, ws)))
        if not self._first.isdisjoint(counts):
            return dict(Counter(self._terms(ws)))  # a synonym may start here
        # From a dict: Counter's own deletion is Python code.
        for dropped in self._dropped.intersection(counts):
            del counts[dropped]
        return counts

    def correct(self, word: str) -> tuple[str, int]:
        """The FAQ word closest to an unknown ``word`` and the edit distance
        (``word`` itself and 0 when it is known or nothing is close).

        A real English word the FAQ lacks ("cold", "Pierson") is never
        corrected: it stays, as evidence of another topic; texting shorthand
        and g-dropped words are spelled out (:func:`~faq_bot.wordstats.spelled_out`). Vowel-less
        shorthand ("wht", "hw") is no real word, however often it is typed."""
        if word in self._vocabulary or word in STOPWORDS:
            return word, 0
        if len(word) >= 3 and word.isalpha() and self._stem(word) in self._idf:
            return word, 0
        # Shorthand ("ur", "ppl", "b4") and g-dropping ("smokin") are spelled out.
        full = spelled_out(word)
        if full is not None:
            return full, 1
        if len(word) < 3 or not word.isalpha():
            return word, 0
        if is_real_word(word) and _VOWELS.intersection(word):
            clipped = _clipped_stopword(word)
            return (clipped, 1) if clipped else (word, 0)
        cached = self._corrections.get(word)
        if cached is None:
            if len(self._corrections) >= _CORRECTIONS_CACHE_SIZE:
                self._corrections.clear()
            cached = self._closest(word)
            # Short letters without a vowel are an acronym, one edit from many
            # others ("pgp" from "gp"): spelled-out words only ("wht": "what"),
            # or the acronym the plural is of ("pts": "pt").
            if (
                len(word) <= SHORT_ACRONYM
                and not _VOWELS.intersection(word + cached[0])
                and word != cached[0] + "s"
            ):
                cached = (word, 0)
            self._corrections[word] = cached
        return cached

    def _compound(self, word: str) -> tuple[str, str] | None:
        """The FAQ terms ``word`` is made of, as "xrays" of "x ray", or None."""
        compounds = self._compounds
        if word in compounds:
            return compounds[word]
        if len(compounds) >= _CORRECTIONS_CACHE_SIZE:
            compounds.clear()
        found = compounds[word] = self._cut(word)
        return found

    def _cut(self, word: str) -> tuple[str, str] | None:
        if not 4 <= len(word) <= _LONGEST_WORD or not word.isalpha():
            return None
        idf, dropped = self._idf, self._dropped
        real = is_real_word(word)
        for i in range(1, len(word)):
            a, b = word[:i], word[i:]
            if real and min(len(a), len(b)) < COMPOUND_MIN_PART:
                continue
            if a in STOPWORDS or b in STOPWORDS:
                continue
            sa, sb = stem(a), stem(b)
            if sa in idf and sb in idf and sa not in dropped and sb not in dropped:
                return sa, sb
        return None

    def _closest(self, word: str) -> tuple[str, int]:
        limit = 2 if len(word) >= 10 else 1
        buckets = self._buckets if self._buckets is not None else self._fill_buckets()
        found = self._nearest(word, lambda shape: buckets.get(shape, ()), limit)
        if found[1] or not ENGLISH_CORRECTION_MIN_LETTERS <= len(word) <= _LONGEST_WORD or not word.isascii():
            return found
        # No FAQ word is that close: perhaps an English word is whose stem the
        # FAQ knows in another form ("diffrence" -> "difference", the FAQ
        # saying "different").
        found = self._nearest(word, _english_words, 1, keep=self._english_target)
        if found[1]:
            return found
        clipped = self._clipped(word)
        return (clipped, 2) if clipped is not None else found

    def _clipped(self, word: str) -> str | None:
        """The FAQ word that ``word`` is the start of, cut short (see
        :data:`CLIPPING_MIN_LETTERS`), or None. A real English word is no
        clipping ("spin" is not "spinal"), nor a start of words of several stems."""
        if len(word) < CLIPPING_MIN_LETTERS or is_real_word(word):
            return None
        buckets = self._buckets if self._buckets is not None else self._fill_buckets()
        vocabulary, letter, shortest = self._vocabulary, word[0], len(word) + CLIPPING_MIN_REST
        # The FAQ's words long enough, from the correction buckets of their
        # first letter (stopwords are in them too). Each bucket is in order, so
        # those that begin as ``word`` does are found by bisection: picking
        # them out of every word of the letter cost a big FAQ's clipped words
        # 0.4 ms apiece.
        starting: list[str] = []
        for size in range(shortest, self._bucket_longest + 1):
            bucket = buckets.get((letter, size), ())
            k = bisect_left(bucket, word)
            while k < len(bucket) and bucket[k].startswith(word):
                starting.append(bucket[k])
                k += 1
        found = None
        for candidate in sorted(w for w in starting if w in vocabulary):
            term = self._stem(candidate)
            if term not in self._idf or term in self._dropped:
                continue
            if found is not None and self._stem(found) != term:
                return None
            found = found or candidate
        return found

    def _fill_buckets(self) -> dict[tuple[str, int], list[str]]:
        """The FAQ's words by (first letter, length): correction candidates."""
        buckets: dict[tuple[str, int], list[str]] = {}
        # Stopwords are correction targets too, so "wht" becomes "what" and drops out.
        for word in self._vocabulary | STOPWORDS:
            if word.isalpha():
                buckets.setdefault((word[0], len(word)), []).append(word)
        # In order, for the words a clipping starts (see _clipped).
        for bucket in buckets.values():
            bucket.sort()
        self._bucket_longest = max((size for _, size in buckets), default=0)
        # Published only when whole: another thread may be correcting too.
        self._buckets = buckets
        return buckets

    def _nearest(
        self,
        word: str,
        bucket: Callable[[tuple[str, int]], Sequence[str]],
        limit: int,
        *,
        keep: Callable[[str], bool] | None = None,
    ) -> tuple[str, int]:
        """The closest word to ``word`` within ``limit`` edits among those
        ``bucket`` gives for each (first letter, length) and ``keep`` accepts,
        or ``word`` and 0."""
        close: Sequence[Any] = (
            _english_neighbours(word)
            if bucket is _english_words and limit == 1
            else _within(word, bucket, limit)
        )
        if keep is not None:
            close = [found for found in close if keep(found[0])]
        if not close:
            return word, 0
        # Among equally close words, the one in most entries.
        best = min(distance for _, distance, _ in close)
        ties = [c for c, distance, _ in close if distance == best]
        return max(ties, key=lambda c: (self._postings.count(self._stem(c)), c)), int(best)

    def _english_target(self, word: str) -> bool:
        """Whether the English ``word`` is a correction target: the FAQ knows
        its stem but does not use it itself."""
        return word not in self._vocabulary and stem(word) in self._idf

    def analyze(self, text: str, *, acronyms: frozenset[str] = frozenset()) -> Query:
        """The query's distinct content terms and their weights, the words the
        FAQ does not know with theirs, and how much the known words say.
        Words typed in capitals (:func:`~faq_bot.text.capitalised`) are
        acronyms, and so are ``acronyms``: for a text made of a message's
        words, which lost their capitals."""
        if acronyms:
            acronyms = acronyms.intersection(said_words(text))
        # A message's part with acronyms is rare, and not kept.
        found = self._analyze(text, acronyms | capitalised(text)) if acronyms else self._analyses.get(text)
        if found is None:
            if len(self._analyses) >= _ANALYSES_CACHE_SIZE:
                self._analyses.clear()
            found = self._analyses[text] = self._analyze(text, capitalised(text))
        # Copies: what a caller does with its query must not change the next one's.
        return Query(found.terms.copy(), found.unknown.copy(), found.information)

    def _analyze(self, text: str, acronyms: frozenset[str]) -> Query:
        corrected: list[str] = []
        confidence: dict[str, float] = {}
        fixes = self._fixes
        # Acronyms are never corrected to another word ("IBS" is not "its").
        for word in said_words(text):
            fix = (word, 0) if word in acronyms else fixes.get(word)
            if fix is None:
                if len(fixes) >= _CORRECTIONS_CACHE_SIZE:
                    fixes.clear()
                fix = fixes[word] = self.correct(word)
            fixed, distance = fix
            corrected.append(fixed)
            if distance:
                confidence[self._stem(fixed)] = 0.8 if distance == 1 else 0.6
        known: dict[str, float] = {}
        missing: set[str] = set()
        for term in self._terms(corrected):
            idf = self._idf.get(term)
            if idf is None:
                missing.add(term)
            else:
                known[term] = idf * confidence.get(term, 1.0)
        # Words are weighed as typed (after typo correction): "fbs" says more
        # than the stems of "failed back syndrome" it stands for.
        unknown: dict[str, float] = {}
        said = 0.0
        # Only unknown words are weighed by where they stand.
        if missing:
            start, end = question_span(text, referring=True)
            asked = set(corrected[start:end])
        else:
            asked = set()
        stem_cache = self._stem_cache
        for group in dict.fromkeys(self._groups(corrected)):
            if len(group) > 1:  # one of the FAQ's phrases counts once, as its most telling word
                said += max((_word_information(w) for w in group if w not in STOPWORDS), default=0.0)
                continue
            word = group[0]
            term = stem_cache.get(word) or self._stem(word)
            if term in missing:
                missing.discard(term)
                # An acronym is not cut into FAQ terms either: "COPD" is no "co" and "pd".
                parts = None if word in acronyms else self._compound(word)
                if parts is None:
                    said_here = 1.0 if word in asked else CONTEXT_WEIGHT
                    found = ACRONYM_INFORMATION if word in acronyms else self._unknown_information(word)
                    unknown[word] = found * said_here
                    continue
                for part in parts:
                    known[part] = max(known.get(part, 0.0), self._idf[part] * COMPOUND_CONFIDENCE)
                said += _word_information(word)
            elif term not in self._dropped and not term.isdigit() and word not in STOPWORDS:
                said += _word_information(word)
        for term in missing:  # a synonym's own term that no entry uses
            unknown[term] = _word_information(term)
        return Query(known, unknown, said)

    def _links(self, word: str) -> frozenset[str]:
        """The FAQ terms general English relates an unknown ``word`` to
        (:func:`faq_bot.relations.links`); none for a string that is no
        English word."""
        linked = self._linked
        if linked is None:
            linked = self._linked = {}
        found = linked.get(word)
        if found is None:
            # Imported here: most questions never need it, and a cold start pays for every module.
            from . import relations

            if len(linked) >= _CORRECTIONS_CACHE_SIZE:
                linked.clear()
            found = linked[word] = (
                relations.links(word, self._faq_term, information=information(word))
                if word.isalpha() and zipf(word) > 0.0
                else frozenset()
            )
        return found

    def settle(self, query: Query, position: int) -> Query:
        """``query`` as the decision should judge it for the entry at
        ``position``: an unknown word general English relates to a term that
        entry holds (:mod:`faq_bot.relations`: "misplaced" and an entry on a
        lost card) counts as known, as much as the entry holds the term (a
        phrasing's term wholly, an answer's in part). One whose related terms
        the entry does not hold stays unknown, and relations never choose the
        entry: "does acupuncture help" does not become a question about
        treatments, nor "can I sue my surgeon" one about a "suit"."""
        unknown = query.unknown
        moved = 0.0
        for word, said in query.unknown.items():
            if said <= 0.0:
                continue
            held = max((self._postings.strength(t, position) for t in self._links(word)), default=0.0)
            if held > 0.0:
                held = min(held, 1.0)
                if unknown is query.unknown:
                    unknown = dict(unknown)
                unknown[word] = said * (1.0 - held)
                moved += said * held
        if unknown is query.unknown:
            return query
        return Query(query.terms, unknown, query.information + moved)

    def _faq_term(self, word: str) -> str | None:
        """The FAQ's term for ``word`` when it can stand for a word related to
        it: not a word of one of its names of several words ("failed" in
        "failed back syndrome" does not stand for "failure"), nor one held by
        more than :data:`LINK_MAX_SHARE` of the entries, which could not
        confirm which entry a paraphrase means ("cause" for "induced")."""
        named = self._named
        if named is None:
            named = self._named = frozenset(t for p in self._phrases for t in p)
        term = self._stem(word)
        if term not in self._idf or term in self._dropped or term in named:
            return None
        return term if self.share(term) <= LINK_MAX_SHARE else None

    def _unknown_information(self, word: str) -> float:
        """What a word the FAQ does not know says: its general-English
        :func:`~faq_bot.wordstats.information`, but a number with its unit or
        ordinal ("7pm", "2nd") says nothing, as numbers do, and a string that
        is no English word one edit from a real one ("freind") is a typo of
        it when that word is :data:`TYPO_ZIPF_GAP` more common, and says what
        that word says, not what a rare name would."""
        found = self._typo_information.get(word)
        if found is None:
            if _NUMBER_WITH_UNIT.fullmatch(word):
                found = 0.0
            elif (
                not is_real_word(word)
                and ENGLISH_CORRECTION_MIN_LETTERS <= len(word) <= _LONGEST_WORD
                and word.isascii()
                and word.isalpha()
            ):
                rarity = zipf(word)
                near, distance = self._nearest(
                    word, _english_words, 1, keep=lambda c: zipf(c) - rarity >= TYPO_ZIPF_GAP
                )
                found = information(near if distance else word)
            else:
                found = information(word)
                if found > 0.0 and word.isalpha():
                    # Imported here: most questions never need it, and a cold start pays for every module.
                    from . import relations

                    # wordfreq counts each spelling apart, so an irregular
                    # form reads rarer than its word ("learnt" 0.7, "learn"
                    # 0.27; "meant", "mean"): it says what its word says.
                    found = min((found, *map(information, relations.irregular_lemmas(word))))
            if len(self._typo_information) >= _CORRECTIONS_CACHE_SIZE:
                self._typo_information.clear()
            self._typo_information[word] = found
        return found

    def explained(self, query: Query, position: int) -> float:
        """The share of ``query``'s known weight that the entry at ``position``
        holds, as coverage is, but with each term's weight scaled by how much
        it says in general English (:data:`EXPLAINED_FLOOR` to 1): what the
        decision judges, since a word common in English ("link", "call") that
        one other entry happens to use says little about which entry is meant."""
        total = held = 0.0
        for term, idf in query.terms.items():
            weight = idf * (EXPLAINED_FLOOR + (1 - EXPLAINED_FLOOR) * self._term_information(term))
            total += weight
            held += weight * self._postings.strength(term, position)
        return held / total if total > 0 else 0.0

    def informed(self, query: Query, position: int) -> float:
        """The share of ``query``'s general-English information that the entry
        at ``position`` holds: each known term counts its information
        (:func:`~faq_bot.wordstats.information` of its most telling FAQ word)
        times how strongly the entry holds it, over the information of every
        word of the query, the FAQ's unknown words included. Unlike
        :meth:`explained` it ignores the FAQ's own word statistics, so an entry
        that matched only common words ("options", "link", "back") next to
        words of another topic ("twitter", "google docs") explains little."""
        held = total = 0.0
        for term in query.terms:
            said = self._term_information(term)
            total += said
            strength = self._postings.strength(term, position)
            held += said * (1.0 if strength > 1.0 else strength)  # min(), without its costly call
        total += sum(query.unknown.values())
        return held / total if total > 0 else 0.0

    def in_answer_sentence(
        self, query: Query, position: int, *, topic: Collection[str] = frozenset()
    ) -> float:
        """The largest share of ``query``'s known weight that one sentence of
        the answer of the entry at ``position`` holds, counting only a
        sentence that holds :data:`SENTENCE_MIN_TERMS` of its terms or more
        besides the ``topic`` terms, which say what the whole FAQ is about,
        not what one sentence answers ("Nimbus Fibre" in a broadband FAQ);
        0.0 when none does. Scoring counts an answer's terms one by one, as
        weaker evidence than a phrasing's; held together in one sentence
        ("replacing a gear cable is 15 pounds"), they are what that sentence
        answers ("how much to replace a gear cable?")."""
        total = sum(query.terms.values())
        strength = self._postings.strength
        # Most entries a question reaches hold too few of its terms at all: their
        # answers are not cut into sentences.
        if (
            total <= 0
            or sum(strength(t, position) > 0 for t in query.terms if t not in topic) < SENTENCE_MIN_TERMS
        ):
            return 0.0
        found = 0.0
        for terms in self._answer_sentences(position):
            held = terms.intersection(query.terms)
            if len(held.difference(topic)) >= SENTENCE_MIN_TERMS:
                found = max(found, sum(query.terms[term] for term in held) / total)
        return found

    def _answer_sentences(self, position: int) -> tuple[frozenset[str], ...]:
        """The terms of each sentence of the indexed part of the answer of the
        entry at ``position``, worked out when a question first needs them."""
        made = self._sentences
        if made is None:
            made = self._sentences = {}
        found = made.get(position)
        if found is None:
            if len(made) >= _SENTENCES_CACHE_SIZE:
                made.clear()
            answer = self.entries[position].answer[:MAX_ANSWER_CHARS]
            found = made[position] = tuple(
                frozenset(self._terms(words(sentence))) for sentence in answer_sentences(answer)
            )
        return found

    def loose(self, query: Query) -> tuple[Loose, ...]:
        """``query``'s terms that the FAQ only ever uses as the last word of a
        longer name, said here without the rest of it: "syndrome" in "what is
        Down syndrome?" to an FAQ that only says "failed back syndrome" names
        another syndrome. A term counts when every phrasing (question,
        alternate or keyword) holding it holds the same other terms too, and
        the query holds none of them."""
        found = []
        for term in query.terms:
            companions = self._companions.get(term)
            if companions is None:
                companions = self._companions[term] = self._find_companions(term)
            if companions and companions.isdisjoint(query.terms):
                name = self._name_ending(term)
                found.append(Loose(name.split()[-1], name, self._term_information(term)))
        return tuple(found)

    def _name_ending(self, term: str) -> str:
        """The FAQ's synonym of several words (its canonical form first) that
        ends in ``term``, as written; ``term`` itself when there is none."""
        for canonical, variants in self.synonyms:
            for name in (canonical, *variants):
                said = words(name)
                if len(said) > 1 and self._stem(said[-1]) == term:
                    return " ".join(said)
        return term

    def _find_companions(self, term: str) -> frozenset[str]:
        if term not in self._heads:
            return frozenset()
        found: set[str] | None = None
        for text in self._raw_phrasings.texts:
            held = text.split()
            if term in held:
                found = set(held) if found is None else found & set(held)
        return frozenset(found - {term}) if found else frozenset()

    def strength(self, term: str, position: int) -> float:
        """How strongly the entry at ``position`` holds ``term`` (0.0 when it does not)."""
        return self._postings.strength(term, position)

    def share(self, term: str) -> float:
        """The share of the FAQ's entries that hold ``term`` (0.0 for a term it lacks)."""
        found = self._shares.get(term)
        if found is None:
            if len(self._shares) >= _CORRECTIONS_CACHE_SIZE:
                self._shares.clear()
            entries = len(self.entries)
            found = self._shares[term] = self._postings.count(term) / entries if entries else 0.0
        return found

    def _term_information(self, term: str) -> float:
        """The general-English information of the most telling FAQ word with
        stem ``term`` (1.0 for a term no FAQ word has)."""
        found = self._information.get(term)
        if found is None:
            found = max((information(w) for w in self._by_stem().get(term, ())), default=1.0)
            self._information[term] = found
        return found

    def _groups(self, ws: list[str]) -> list[tuple[str, ...]]:
        """``ws`` cut into the FAQ's phrases (longest first, left to right) and single words."""
        if not self._phrases:
            return [(w,) for w in ws]
        cache, first = self._stem_cache, self._phrase_first
        stems = [cache.get(w) or self._stem(w) for w in ws]
        if first.isdisjoint(stems):  # most queries: no phrase starts anywhere
            return [(w,) for w in ws]
        out: list[tuple[str, ...]] = []
        i, n = 0, len(ws)
        while i < n:
            if stems[i] not in first:
                out.append((ws[i],))
                i += 1
                continue
            for size in range(min(self._phrase_longest, n - i), 1, -1):
                if tuple(stems[i : i + size]) in self._phrases:
                    out.append(tuple(ws[i : i + size]))
                    i += size
                    break
            else:
                out.append((ws[i],))
                i += 1
        return out

    def score(self, text: str, *, scorer: Scorer = fuzz.ratio, limit: int | None = None) -> list[Scored]:
        """Entries sharing a term with ``text``, best first (ties in FAQ order);
        the best ``limit`` of them, or all with ``None``."""
        return self.score_query(self.analyze(text), scorer=scorer, limit=limit)

    def score_query(
        self, query: Query, *, scorer: Scorer = fuzz.ratio, limit: int | None = None
    ) -> list[Scored]:
        limit = check_limit(limit)
        if limit == 0:
            return []
        if limit is None:  # every candidate: too many to keep
            return self._score_query(query, scorer, limit)
        # The terms in their order: it decides how the weights add up, to the last bit.
        key = (tuple(query.terms.items()), limit, scorer)
        try:
            found = self._scores.get(key)
        except TypeError:  # a scorer that cannot be a key
            return self._score_query(query, scorer, limit)
        if found is None:
            if len(self._scores) >= _SCORES_CACHE_SIZE:
                self._scores.clear()
            found = self._scores[key] = tuple(self._score_query(query, scorer, limit))
        return list(found)

    def _score_query(self, query: Query, scorer: Scorer, limit: int | None) -> list[Scored]:
        if sum(query.terms.values()) <= 0:
            return []
        # Each term at its weight in ranking: the query's weight (its idf, less
        # for a corrected typo) in the same proportion to the term's idf.
        idf, ranked = self._idf, self._ranking.__getitem__
        terms: list[tuple[str, float]] = []
        corrected: list[tuple[str, float]] = []
        for t, w in query.terms.items():
            full = ranked(t)
            if w == idf[t]:
                terms.append((t, full))
            else:  # what a typo's correction took off, in proportion
                terms.append((t, w * full / idf[t]))
                corrected.append((t, full - terms[-1][1]))
        total = sum(w for _, w in terms)
        # Rare terms go first and bring in candidates; common terms only add to
        # them (see faq_bot.postings): bounded work per query.
        order = sorted(terms, key=lambda item: (-query.terms[item[0]], item[0]))
        shortlist = self._postings.shortlist(order, _RERANK)
        query_text = " ".join(sorted(query.terms))
        fast_scorer = _for_extract(scorer)
        weight_of, asked = dict(terms), frozenset(query.terms)
        prepared, prepare = self._phrasings, self._prepared
        hold = self._held_due
        scored: list[Scored] = []
        best: list[float] = []  # min-heap of the ``limit`` best scores so far
        floor = -math.inf  # the limit-th best score so far, once there are that many
        top_overlap = _W_OVERLAP + _W_COVERAGE
        # A phrasing's overlap is at most the entry's coverage (each term it
        # shares counts at least as strongly in coverage), so an entry scores at
        # most 100 * (W_OVERLAP + W_COVERAGE) * coverage + 100 * W_FUZZY. The
        # shortlist runs in coverage order: once that bound cannot reach the
        # limit-th best score, no later candidate can, and the rest are skipped.
        # A big FAQ's candidates are scored all at once (see faq_bot.rerank), to the same values.
        parts = None
        if self._rerank is not None and fast_scorer is scorer:
            parts = self._rerank.parts(
                [i for i, _ in shortlist],
                query_text=query_text,
                terms=terms,
                corrected=corrected,
                total=total,
                scorer=scorer,
            )
        for j, (i, weight) in enumerate(shortlist):
            coverage = weight / total
            coverage = 1.0 if coverage > 1.0 else coverage  # min(), without its costly call
            if 100 * (top_overlap * coverage + _W_FUZZY) < floor:
                break
            # Overlap is at most coverage: when even that cannot reach the
            # limit-th best score, this entry's overlap is not worth working out.
            bound = 100 * top_overlap * coverage
            if parts is not None:
                fuzzy = parts[0][j]
                if bound + _W_FUZZY * fuzzy < floor:
                    continue
                overlap = parts[1][j]
            else:
                entry = prepared[i] or prepare(i)
                if hold and entry.held is None:
                    entry = self._with_held(i, entry)
                fuzzy = _fuzzy(query_text, entry.asked, entry.keywords, fast_scorer, bound=bound, floor=floor)
                if bound + _W_FUZZY * fuzzy < floor:
                    continue
                # A phrasing's idf mass in the query is the weight of the terms it
                # shares (added in the query's order: the same sum to the last
                # bit), plus what typo corrections took off (rarely anything).
                overlap = 0.0
                strengths, weights = entry.strengths, entry.weights
                if entry.held is not None:
                    overlap = _held_overlap(entry, terms, corrected, total)
                else:
                    for k, text in enumerate(entry.texts):
                        # In C: most phrasings share one term or none.
                        common = asked.intersection(text.split())
                        if not common:
                            continue
                        if len(common) == 1:
                            w = weight_of[next(iter(common))]
                        else:
                            w = 0.0
                            for t, tw in terms:
                                if t in common:
                                    w += tw
                        discount = 0.0
                        for t, d in corrected:
                            if t in common:
                                discount += d
                        value = strengths[k] * w / (total + weights[k] - w - discount)
                        # Not max(): its call (in Python 3.11) costs a batch of questions 4% of its time.
                        if value > overlap:  # noqa: PLR1730
                            overlap = value
            raw = 100 * (_W_OVERLAP * overlap + _W_COVERAGE * coverage) + _W_FUZZY * fuzzy
            if raw < floor - 1e-4:  # rounded (by 5e-5 at most), still under the floor: never returned
                continue
            score = round(raw, 4)
            scored.append(Scored(i, score, coverage, overlap, fuzzy))
            if limit is not None:
                if len(best) < limit:
                    heapq.heappush(best, score)
                else:
                    heapq.heappushpop(best, score)
                if len(best) >= limit:
                    floor = best[0] - 1e-3
        scored.sort(key=lambda s: (-s.score, s.position))
        self._held_due = len(self.entries) < HELD_MAX_ENTRIES
        return scored[:limit] if limit is not None else scored


def rescored(scored: Scored, *, overlap: float) -> Scored:
    """``scored`` with its overlap set to ``overlap`` and its score worked out
    again from its parts (see the module's docstring)."""
    return scored._replace(score=rescore(scored, overlap=overlap), overlap=overlap)


def rescore(scored: Scored, *, overlap: float) -> float:
    """The score :func:`rescored` gives, without making the record: the bot
    asks it of every candidate that an answer's sentence might lift."""
    raw = 100 * (_W_OVERLAP * overlap + _W_COVERAGE * scored.coverage) + _W_FUZZY * scored.fuzzy
    return round(raw, 4)


def _held_map(texts: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """Each term of ``texts`` (an entry's phrasings' stem strings), and the
    phrasings (by number) that hold it."""
    holding: dict[str, list[int]] = {}
    for k, text in enumerate(texts):
        for term in dict.fromkeys(text.split()):
            holding.setdefault(term, []).append(k)
    return {term: tuple(ks) for term, ks in holding.items()}


def _held_overlap(
    entry: _Phrasings, terms: list[tuple[str, float]], corrected: list[tuple[str, float]], total: float
) -> float:
    """An entry's best overlap as _score_query works it out phrasing by
    phrasing, from its ``held`` map (each term's phrasings): the same sums,
    added term by term in the query's order, for only the phrasings sharing a term."""
    held_by, strengths, weights = entry.held, entry.strengths, entry.weights
    assert held_by is not None  # the caller's choice
    shared: dict[int, float] = {}
    for t, tw in terms:
        ks = held_by.get(t)
        if ks is None:
            continue
        if shared:
            for k in ks:
                shared[k] = shared.get(k, 0.0) + tw
        else:
            shared = dict.fromkeys(ks, tw)  # 0.0 + tw is tw: the sum as it starts
    overlap = 0.0
    if corrected:
        taken: dict[int, float] = {}
        for t, d in corrected:
            for k in held_by.get(t, ()):
                taken[k] = taken.get(k, 0.0) + d
        for k, w in shared.items():
            value = strengths[k] * w / (total + weights[k] - w - taken.get(k, 0.0))
            if value > overlap:  # noqa: PLR1730 - not max(), as in _score_query
                overlap = value
        return overlap
    for k, w in shared.items():
        value = strengths[k] * w / (total + weights[k] - w)  # x - 0.0 is x: no discount to take
        if value > overlap:  # noqa: PLR1730 - not max(), as in _score_query
            overlap = value
    return overlap


def _fuzzy(
    query_text: str,
    asked: Sequence[str],
    keywords: Sequence[str],
    scorer: Any,
    *,
    bound: float = 0.0,
    floor: float = -math.inf,
) -> float:
    """The fuzzy score of the query's stem string against an entry's best
    question (or keyword, at :data:`_KEYWORD_STRENGTH`). When even the best a
    keyword can score leaves ``bound + _W_FUZZY * fuzzy`` under ``floor`` (the
    entry will be passed over), the keywords are not looked at."""
    # extractOne loops over an entry's phrasings in C.
    found = process.extractOne(query_text, asked, scorer=scorer)
    fuzzy: float = found[1] if found else 0.0
    best_keyword = 100 * _KEYWORD_STRENGTH
    if keywords and fuzzy < best_keyword and not bound + _W_FUZZY * best_keyword < floor:
        keyword = _KEYWORD_STRENGTH * process.extractOne(query_text, keywords, scorer=scorer)[1]
        fuzzy = keyword if keyword > fuzzy else fuzzy  # max(), without its costly call
    return fuzzy


def _english_words(shape: tuple[str, int]) -> Sequence[str]:
    """Real English words of ``shape`` (first letter, length)."""
    return real_words_starting(shape[0]).get(shape[1], ())


def _within(word: str, bucket: Callable[[tuple[str, int]], Sequence[str]], limit: int) -> list[Any]:
    """The words ``bucket`` gives within ``limit`` edits of ``word``, as rapidfuzz's extract gives them."""
    first = word[0]
    # Joined in C: a bucket may hold thousands of words, which a first
    # question's typos at 47,000 entries paid 0.2 ms apiece to copy in Python.
    candidates = list(
        chain.from_iterable(bucket((first, size)) for size in range(len(word) - limit, len(word) + limit + 1))
    )
    # Every candidate within the limit, found in C (a bucket may hold
    # thousands of words); only those few are tested by ``keep``.
    return process.extract(word, candidates, scorer=OSA.distance, score_cutoff=limit, limit=None)


@lru_cache(maxsize=_CORRECTIONS_CACHE_SIZE)
def _english_neighbours(word: str) -> tuple[Any, ...]:
    """The real English words one edit from ``word``: searched once for both
    of its uses, correcting it and weighing it as a typo when it stays unknown."""
    return tuple(_within(word, _english_words, 1))


@lru_cache(maxsize=1)
def _stopword_clippings() -> dict[str, tuple[str, ...]]:
    """Each stopword with one letter left out ("wat" for "what"), and the stopwords it may be."""
    found: dict[str, set[str]] = {}
    for word in STOPWORDS:
        for i in range(len(word)):
            found.setdefault(word[:i] + word[i + 1 :], set()).add(word)
    return {clipped: tuple(sorted(ws)) for clipped, ws in found.items() if clipped not in STOPWORDS}


def _clipped_stopword(word: str) -> str | None:
    """The stopword ``word`` is a clipped spelling of, when that stopword is at
    least :data:`CLIPPED_STOPWORD_GAP` Zipf points more common ("wat" for "what",
    "jus" for "just"): read as the stopword, it says nothing, whereas as a
    rare real word it would count as evidence of another topic."""
    found = _stopword_clippings().get(word)
    if not found:
        return None
    gap = max(zipf(w) for w in found) - zipf(word)
    return max(found, key=lambda w: (zipf(w), w)) if gap >= CLIPPED_STOPWORD_GAP else None


def _answer_norm(answer_len: int, avg_len: float) -> float:
    """BM25's length normalisation of an answer of ``answer_len`` words."""
    return _BM25_K1 * (1 - _BM25_B + _BM25_B * (answer_len / avg_len if avg_len else 1.0))


class _AnswerStems(dict[str, str]):
    """Each word of the answers an index builds from, and its stem: a word
    first met is stemmed, and goes into the index's stem cache (and a number's
    stem among the dropped ones), as :meth:`FaqIndex._terms` would see to."""

    def __init__(self, index: FaqIndex) -> None:
        super().__init__()
        self.index = index

    def __missing__(self, word: str) -> str:
        index = self.index
        found = index._stem_cache.get(word)
        if found is None:
            found = index._stem_cache[word] = stem_word(word)
            if found.isdigit():
                index._dropped.add(found)
        self[word] = found
        return found


class _Strengths(dict[int, float]):
    """How strongly an entry holds a term, by field code: -1 the question, 0 a
    keyword, a count of mentions in the answer, for the answer's ``norm``.
    Worked out once per count: most terms are mentioned once."""

    def __init__(self, norm: float) -> None:
        super().__init__({-1: 1.0, 0: _KEYWORD_STRENGTH})
        self.norm = norm

    def __missing__(self, tf: int) -> float:
        # BM25 saturation: 1.0 for one mention in an answer of average length.
        saturation = tf * (1 + _BM25_K1) / (tf + self.norm)
        strength = self[tf] = _ANSWER_STRENGTH * (saturation if saturation < 1.4 else 1.4)
        return strength


def _for_extract(scorer: Scorer) -> Any:
    """``scorer`` as rapidfuzz's extractOne calls it: its own scorers as they
    are (the fast path), any other (str, str) -> float wrapped to take the
    keyword options extractOne passes along."""
    if getattr(scorer, "__module__", "").startswith("rapidfuzz"):
        return scorer
    return lambda s1, s2, **_: scorer(s1, s2)


def check_limit(limit: object, *, name: str = "limit") -> int | None:
    """``limit`` if it is a count (a whole number, 0 or more) or None; else a
    ValueError. The one rule for every ``limit`` the library takes."""
    if limit is None or (isinstance(limit, int) and not isinstance(limit, bool) and limit >= 0):
        return limit
    raise ValueError(f"{name} must be a whole number, 0 or more, or None; not {limit!r}")


def check_number(value: object, *, name: str, high: float) -> float:
    """``value`` if it is a number from 0 to ``high``; else a ValueError."""
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and 0 <= value <= high  # NaN fails this too
    ):
        return float(value)
    raise ValueError(f"{name} must be a number from 0 to {high:g}, not {value!r}")


def _joined(texts: list[str]) -> str:
    """Words as one text, a space between; ValueError for words that split()
    would not give back as they were."""
    text = " ".join(texts)
    if text.split() != texts:
        raise ValueError("a word that is empty or holds a space")
    return text


def _split(text: object) -> list[str]:
    if type(text) is not str:
        raise TypeError(f"expected words as one text, got {type(text).__name__}")
    return text.split()


def _buckets_state(buckets: dict[tuple[str, int], list[str]]) -> list[Any]:
    """Correction buckets (see FaqIndex._fill_buckets) for the index cache:
    their words one after the other, a bucket's in order, and how many each holds."""
    shapes = sorted(buckets)
    return [
        _joined(list(chain.from_iterable(map(buckets.__getitem__, shapes)))),
        postings.pack(array("i", [len(buckets[shape]) for shape in shapes])),
    ]


def _buckets_from_state(state: Any) -> dict[tuple[str, int], list[str]]:
    """What :func:`_buckets_state` made. ValueError unless each bucket holds
    words of one first letter and length, in order, and no two the same."""
    text, sizes = state
    found = _split(text)
    counts = postings.unpack(sizes, "i")
    if sum(counts) != len(found) or (counts and min(counts) < 1):
        raise ValueError("buckets that do not add up")
    buckets: dict[tuple[str, int], list[str]] = {}
    first = operator.itemgetter(0)
    at = 0
    for count in counts:
        bucket = found[at : at + count]
        at += count
        shape = (bucket[0][0], len(bucket[0]))
        # Checked in C, a few calls a bucket: a big FAQ's hold 30,000 words.
        shaped = set(map(len, bucket)) == {shape[1]} and set(map(first, bucket)) == {shape[0]}
        if not shaped or sorted(bucket) != bucket:
            raise ValueError("a bucket of words of other shapes, or out of order")
        buckets[shape] = bucket
    if len(buckets) != len(counts):
        raise ValueError("a bucket twice")
    return buckets


def _asked_again(phrasings: _PhrasingTable) -> dict[str, int]:
    """The terms of the phrasings that several entries share all of (one
    question answered several ways, as on a forum or from several sources),
    each with how many entries beyond the first ask it: they count once in
    its document frequency, as asking the same thing again does not make its
    words commoner, whereas each entry's answer is its own text."""
    starts, ids = phrasings.starts, phrasings.ids
    # Each entry's first phrasing, its question (an entry without phrasings
    # reads the next entry's, or -1 past the end: a candidate only, checked
    # whole below). Looked up and counted in C: a big FAQ's build pays it.
    padded = array(ids.typecode, ids)
    padded.append(-1)
    firsts = list(map(padded.__getitem__, starts[:-1]))
    if len(set(firsts)) == len(firsts):
        return {}
    shared = {k for k, n in Counter(firsts).items() if n > 1}
    raw, size = ids.tobytes(), ids.itemsize
    together = Counter(
        raw[starts[i] * size : starts[i + 1] * size]
        for i in compress(range(len(firsts)), map(shared.__contains__, firsts))
    )
    again: Counter[str] = Counter()
    texts = phrasings.texts
    for key, n in together.items():
        if n > 1 and key:
            for term in set(" ".join(map(texts.__getitem__, array(ids.typecode, key))).split()):
                again[term] += n - 1
    return dict(again)


def _idf(df: int, count: int) -> float:
    return math.log(1 + (count - df + 0.5) / (df + 0.5))
