"""Text handling shared by the loader, the matcher and the urgent screen.

Normalisation (:func:`normalize`) applies, in order: Unicode NFKC, casefold,
apostrophes inside words dropped ("can't" -> "cant"), every other character
that is not a letter or digit turned into a space, runs of spaces folded.
Terms are Snowball (Porter2) stems of the normalised words, so "smoke",
"smokes" and "smoking" meet; synonyms are applied to stems, so a synonym
written in one word form catches the others.
"""

from __future__ import annotations

import _thread
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import Stemmer

_STEMMER = Stemmer.Stemmer("english")
# No cache of PyStemmer's own: callers keep theirs (the index's stem cache,
# stem()'s), so it only missed, and each time it grew past its 10,000 words it
# sorted them all to drop a fifth: a big FAQ's build paid that dozens of
# times, and a question with new words could pay a millisecond for it.
_STEMMER.maxCacheSize = 0
# "The algorithm has internal state, so must not be called concurrently"
# (PyStemmer's docs): one call at a time, whatever the interpreter. _thread,
# not threading, which would cost the command line's start-up an import.
_STEMMER_LOCK = _thread.allocate_lock()

# Escape sequences are removed whole so their parameters don't leak out as text;
# lone control characters (C0 but tab and newline, DEL, C1) and the Unicode
# controls that reorder or hide text (bidi overrides and isolates) go too.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC (e.g. OSC 52 clipboard writes)
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]"  # two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"  # 8-bit OSC
)
# Controls that separate text (carriage return, form feed...) become spaces,
# so "what\ris" stays two words; other controls and bidi overrides just go.
_SPACING_CONTROLS = re.compile(" *[\x0b-\x0d\x1c-\x1f\x85]+ *")
_UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_LINE_SEPARATORS = re.compile("[\u2028\u2029]")


def sanitize(text: str) -> str:
    """Return ``text`` safe to print on a terminal: escape sequences, control
    characters and bidirectional overrides removed (tab and newline kept)."""
    # Printable ASCII holds nothing any pattern below starts with (ESC, C0
    # and C1 controls, DEL, Unicode separators and bidi controls): most
    # questions, each cleaned as it comes in.
    if text.isascii() and text.isprintable():
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _LINE_SEPARATORS.sub("\n", text)
    # Spacing controls last, so they fold with the spaces around what was removed.
    return _SPACING_CONTROLS.sub(" ", _UNSAFE_CHARS.sub("", text))


def sanitize_line(text: str) -> str:
    """:func:`sanitize`, then line breaks and tabs as spaces: for text from
    outside (a file name, say) that goes into one line of output."""
    return sanitize(text).replace("\n", " ").replace("\t", " ")


_APOSTROPHE = re.compile(r"(?<=\w)['\u2019\u02bc](?=\w)")
_NON_WORD = re.compile(r"[\W_]+")


# ASCII text needs neither NFKC nor full casefolding: its bytes are folded
# by one table in one C pass (upper case to lower, punctuation and controls
# to spaces; apostrophes are deleted). str.translate with a mapping took 2.5
# us to fold a short question, this 0.5: a big FAQ's build folds 75,000
# phrasings and 16,000 answers.
_FOLDED = b'!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~' + bytes([*range(32), 127])
_ASCII_FOLD = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ" + _FOLDED, b"abcdefghijklmnopqrstuvwxyz" + b" " * len(_FOLDED)
)


def normalize(text: str) -> str:
    """NFKC, casefold, drop in-word apostrophes, fold punctuation and spaces."""
    return " ".join(words(text))


def words(text: str) -> list[str]:
    """The words of ``text``, normalised as :func:`normalize` describes."""
    if text.isascii():
        return str(text.encode().translate(_ASCII_FOLD, b"'"), "ascii").split()
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", _APOSTROPHE.sub("", text)).split()


# A question's text is read word by word by several steps (the matcher's
# analysis, the gates, the answer-type reading): the latest texts' words and
# question spans are kept, so each is worked out once. Bounded.
# How many of the latest texts said_words() and question_span() keep.
_SAID_KEPT = 256


@lru_cache(maxsize=_SAID_KEPT)
def said_words(text: str) -> tuple[str, ...]:
    """:func:`words` of ``text``, as a tuple kept for the latest texts: for
    the steps that read one question again and again, not for an FAQ's
    thousands of texts, each read once."""
    return tuple(words(text))


#: A word typed in capitals of this many letters is an acronym ("IBS",
#: "COPD"): what the user wrote, which :func:`words` folds away.
ACRONYM_LETTERS = (2, 5)
_TWO_CAPITALS = re.compile("[A-Z]{2}")
# As _ASCII_FOLD, but keeping the letters' case.
_ASCII_SPLIT = bytes.maketrans(_FOLDED, b" " * len(_FOLDED))


@lru_cache(maxsize=_SAID_KEPT)
def capitalised(text: str) -> frozenset[str]:
    """The words of ``text`` (as :func:`words` gives them) typed in capitals
    of :data:`ACRONYM_LETTERS` letters: acronyms. None in a message with no
    lower-case letter, which is shouted, not spelled ("WHAT IS FBS"), unless
    it is one word. ASCII capitals only; kept for the latest texts."""
    # Most messages have no two capitals in a row: one search, in C.
    if not _TWO_CAPITALS.search(text):
        return frozenset()
    if text.isascii():
        typed = str(text.encode().translate(_ASCII_SPLIT, b"'"), "ascii").split()
    else:
        typed = _NON_WORD.sub(" ", _APOSTROPHE.sub("", unicodedata.normalize("NFKC", text))).split()
    if text == text.upper() and len(typed) > 1:
        return frozenset()
    low, high = ACRONYM_LETTERS
    return frozenset(
        w.lower() for w in typed if low <= len(w) <= high and w.isascii() and w.isalpha() and w.isupper()
    )


# Snowball over-stems a few words into others' stems: "medical" and
# "medication" both become "medic", which would read "are you a medical
# professional?" as a question about medicines.
_STEM_EXCEPTIONS = {"medical": "medical", "medically": "medical"}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball English stem of one normalised word."""
    found = _STEM_EXCEPTIONS.get(word)
    if found is None:
        with _STEMMER_LOCK:
            found = str(_STEMMER.stemWord(word))
    return found


def stem_word(word: str) -> str:
    """:func:`stem` without its cache, for callers that keep their own (an
    index's stem cache): a big FAQ's tens of thousands of words would fill
    it, and keep it full, for nothing."""
    found = _STEM_EXCEPTIONS.get(word)
    if found is None:
        with _STEMMER_LOCK:
            found = _STEMMER.stemWord(word)
    return found


def stem_words(ws: list[str]) -> list[str]:
    """The Snowball English stems of many normalised words at once."""
    with _STEMMER_LOCK:
        stems = _STEMMER.stemWords(ws)
    return [_STEM_EXCEPTIONS.get(w) or s for w, s in zip(ws, stems, strict=True)]


# Function words and chat filler: they say how a question is asked, not what
# it is about, so they carry no weight in matching.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are arent as at be
    because been before being below between both but by can cant could couldnt
    did didnt do does doesnt doing dont down during each either else even ever
    every few for from further get gets getting got had hadnt has hasnt have
    havent having he hed hes her here hers herself him himself his how
    however i id im ive if in into is isnt it its itself just let lets like
    ma may maybe me might mine more most much must mustnt my myself need needs
    no nor not now of off oh ok okay on once one only or other others otherwise
    ought our ours ourselves out over own per please quite rather really said
    same say says shall shant she shes should shouldnt so some something
    still such sure tell than thank thanks that thats the their theirs them
    themselves then there theres these they theyd theyll theyre theyve thing
    things this those though through thus to too under until up upon us very
    via want wants was wasnt way we well were werent weve what whats when
    where whether which while who whom whos whose why will with within without
    wont would wouldnt yeah yes yet you youd youll youre youve your yours
    yourself yourselves hi hello hey dear know anyone anybody someone somebody
    ago day days week weeks month months year years today yesterday lately
    recently currently
    """.split()
)

# Stopwords that Snowball stems into another word's stem ("quite" -> "quit",
# "lately" -> "late", "currently" -> "current") keep their own form: dropping
# their stem would drop that word too, wherever the FAQ or a question says it.
# Found as the stopwords whose stem is a different real English word; "please"
# (-> "pleas"), "does" (-> "doe") and "any" (-> "ani") are left as they are:
# their stems are rare words, or forms of the stopword itself ("pleased").
_STEM_EXCEPTIONS.update((w, w) for w in ("quite", "lately", "currently", "recently"))


# Words that open a question. A message's question is its last clause that
# starts with one, to the end of its sentence ("my dad had lung cancer, does
# smoking slow healing?"); the rest is context, before it or after it ("can
# you explain fbs? my mum has it").
QUESTION_WORDS = frozenset(
    """
    what whats how hows why when where wheres which who whos whom whose is are
    am was were do does did can could should would will shall may might must
    isnt arent wasnt werent dont doesnt didnt cant couldnt shouldnt wouldnt wont
    """.split()
)
_SENTENCE_BREAK = re.compile(r"[.!?\n]+")
_CLAUSE_BREAK = re.compile(r"[,;:]+")


# Where an answer's sentences end: after a full stop, a question or exclamation
# mark, a semicolon or a colon followed by space, or at a line break.
_ANSWER_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")


def answer_sentences(answer: str) -> list[str]:
    """``answer`` cut into its sentences, as the matcher and the answer types read them."""
    return _ANSWER_SENTENCE_END.split(answer)


@lru_cache(maxsize=_SAID_KEPT)
def question_span(text: str, *, referring: bool = False) -> tuple[int, int]:
    """Where the question of ``text`` starts and ends, in words as :func:`words`
    gives them: from its last clause opening with a question word to the end of
    that sentence. The whole message when no clause opens with one. With
    ``referring``, a clause of stopwords only ("is there a way to do this?",
    "what is that?") asks about what its sentence said before it, and starts
    there: what is asked about, not how it is asked. Kept for the latest
    texts, as :func:`said_words` are."""
    if not text.isascii():  # a full-width question mark ends a sentence too
        text = unicodedata.normalize("NFKC", text)
    span = None
    seen = 0
    for sentence in _SENTENCE_BREAK.split(text):
        start = None
        opening = seen
        for clause in _CLAUSE_BREAK.split(sentence):
            found = words(clause)
            if found and found[0] in QUESTION_WORDS:
                start = opening if referring and STOPWORDS.issuperset(found) else seen
            seen += len(found)
        if start is not None:
            span = (start, seen)
    return span or (0, seen)


Synonyms = Mapping[tuple[str, ...], tuple[str, ...]]


def stems_of(phrase: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(phrase))


def compile_synonyms(pairs: Iterable[tuple[str, Sequence[str]]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Map each variant's stems to its canonical term's stems.

    ``pairs`` is ``(canonical, [variant, ...])``, as in the FAQ file.
    """
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for canonical, variants in pairs:
        target = stems_of(canonical)
        for variant in variants:
            key = stems_of(variant)
            if key and key != target:
                table[key] = target
    return table


def synonym_sizes(table: Synonyms) -> dict[str, tuple[int, ...]]:
    """The lengths of ``table``'s variants by their first stem, longest first:
    what :func:`apply_synonyms` needs to try at each word, most often nothing."""
    sizes: dict[str, set[int]] = {}
    for variant in table:
        if variant:  # an empty variant matches nowhere
            sizes.setdefault(variant[0], set()).add(len(variant))
    return {first: tuple(sorted(found, reverse=True)) for first, found in sizes.items()}


def apply_synonyms(
    stems: Sequence[str],
    table: Synonyms,
    longest: int,
    *,
    sizes: Mapping[str, tuple[int, ...]] | None = None,
) -> list[str]:
    """Replace every variant in ``stems`` by its canonical stems, longest
    variant first, left to right, in one pass (no chains). ``sizes``, from
    :func:`synonym_sizes` of the same ``table``, spares the lookups of
    lengths no variant has."""
    if not table:
        return list(stems)
    out: list[str] = []
    i, n = 0, len(stems)
    while i < n:
        tried = range(min(longest, n - i), 0, -1) if sizes is None else sizes.get(stems[i], ())
        for size in tried:
            target = table.get(tuple(stems[i : i + size])) if size <= n - i else None
            if target is not None:
                out.extend(target)
                i += size
                break
        else:
            out.append(stems[i])
            i += 1
    return out
