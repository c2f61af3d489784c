"""Words that mean nearly the same in general English, from a table derived from WordNet 3.0.

The table (``data/word-relations.txt``; WordNet 3.0 licence: see
``data/word-relations.NOTICE``; ``scripts/make_word_relations.py`` makes it)
links a word to the words WordNet gives for the senses it is most often used
in, synonyms and derived forms ("misplace": "lose"; "shut": "close";
"payment": "pay"), and an irregular form to its dictionary form and back
("took": "take"). :meth:`faq_bot.matcher.FaqIndex.settle` uses it as weak
evidence: a question word the FAQ never uses counts as known when it is
related to a term of the entry the question matched best, never to pick
that entry.

Like :mod:`faq_bot.wordstats`, the table is mapped on first use, not at
import, and searched by bisection in its bytes: only a question with a word the FAQ
does not know, and an entry to weigh it against, ever reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from .wordstats import data_table, line_of

if TYPE_CHECKING:
    from mmap import mmap

#: Words saying less than this in general English (:func:`faq_bot.wordstats.information`:
#: "name" 0.07, "change" 0.12) have too many senses for their relations to hold;
#: only their inflections link.
MIN_LINK_INFORMATION = 0.2

# WordNet's detachment rules (morphy) for nouns and verbs: an inflected form's
# ending and what replaces it. The adjectives' ("-er", "-est") are left out:
# "printer" is no form of "print".
_ENDINGS = (
    ("ies", "y"),
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("es", "e"),
    ("es", ""),
    ("s", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
)


def links(word: str, term: Callable[[str], str | None], *, information: float) -> frozenset[str]:
    """The FAQ terms an unknown ``word`` (normalised, as
    :func:`faq_bot.text.words` makes it) may stand for: those of its
    dictionary forms ("took": "take"), and, when it says at least
    :data:`MIN_LINK_INFORMATION` in general English (``information``), those
    of the words it means nearly the same as, in any of their forms
    ("misplaced": "lose", "lost"). ``term`` gives the FAQ's term for a word,
    or None when the FAQ does not use it."""
    near = lemmas(word)[1:]
    if information >= MIN_LINK_INFORMATION:
        near += related(word)
    return frozenset(held for w in near for form in forms(w) if (held := term(form)) is not None)


@lru_cache(maxsize=4096)
def related(word: str) -> tuple[str, ...]:
    """The words ``word`` (in any inflection) means nearly the same as, by
    the table; none when it has none."""
    found: dict[str, None] = {}
    for base in lemmas(word):
        found.update(dict.fromkeys(w for w in _fields(base) if w[0] not in "=<"))
    found.pop(word, None)
    return tuple(found)


@lru_cache(maxsize=65536)
def lemmas(word: str) -> tuple[str, ...]:
    """``word`` and the dictionary forms it may be an inflection of that the
    table holds ("took": "take"; "misplaced": "misplace")."""
    found = dict.fromkeys([word])
    found.update(dict.fromkeys(w[1:] for w in _fields(word) if w[0] == "="))
    for ending, replacement in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) + len(replacement) >= 3:
            base = word[: len(word) - len(ending)] + replacement
            if base not in found and _fields(base):
                found[base] = None
    return tuple(found)


def irregular_lemmas(word: str) -> tuple[str, ...]:
    """The dictionary forms ``word`` is an irregular inflection of, by the
    table ("learnt": "learn"; "kept": "keep"); none for a regular form."""
    return tuple(w[1:] for w in _fields(word) if w[0] == "=")


@lru_cache(maxsize=4096)
def forms(word: str) -> tuple[str, ...]:
    """``word`` and its irregular inflections ("lose": "lost")."""
    return (word, *(w[1:] for w in _fields(word) if w[0] == "<"))


def _fields(word: str) -> list[str]:
    """The rest of ``word``'s line in the table, split; empty when it has none."""
    found = line_of(_table(), word)
    return found.decode("utf-8", "surrogatepass").split() if found is not None else []


@lru_cache(maxsize=1)
def _table() -> bytes | mmap:
    return data_table("word-relations.txt")
