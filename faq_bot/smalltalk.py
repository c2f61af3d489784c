"""Small talk: telling "hi", "thanks" or "bye" from a question.

The intents, the cue words the conversation reads messages by, and the
conversation's wording are data, in ``smalltalk.yaml`` beside this module; a
FAQ's ``smalltalk:`` list replaces a built-in intent of the same id or adds
one (:func:`language_for`).

A message is small talk when it is made of intents' examples and words that
carry no topic, and nothing else (:meth:`SmallTalk.match`). Words are matched
as :func:`~faq_bot.text.words` normalises them, longest example first; a word
of four letters or more may be one edit off a one-word example ("thnaks"),
unless it is a word of the FAQ. Any word that names a topic of the FAQ makes
the message a question, so "help" is small talk and "help with leg pain" is
not. One word the FAQ does not know is allowed ("thanks mate"); two are a
question about something else. A word of praise (the ``praise`` cue) is the
exception: "that's really helpful" thanks the bot though the FAQ says
"helpful", as long as nothing is asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from rapidfuzz.distance import OSA

from .model import Faq, Intent
from .records import record, replace
from .text import STOPWORDS, said_words, words


@record
class Language:
    """What a conversation says and reads: small talk ``intents``, ``cues``
    (lists of words by name, see smalltalk.yaml) and ``wording`` (texts by name)."""

    intents: tuple[Intent, ...]
    cues: Mapping[str, tuple[str, ...]]
    wording: Mapping[str, str]

    def cue(self, name: str) -> frozenset[tuple[str, ...]]:
        """The cue list ``name`` as normalised word tuples."""
        return frozenset(tuple(words(c)) for c in self.cues.get(name, ()) if words(c))

    def say(self, name: str, **values: object) -> str:
        """The wording ``name`` with ``{key}`` placeholders filled in. Only the
        keys given are replaced (no format mini-language: the text is data)."""
        text = self.wording[name]
        for key, value in values.items():
            text = text.replace("{" + key + "}", str(value))
        return text


# Where a sentence or clause ends.
_CLAUSES = re.compile(r"[.,;:!?\n]+")
_TYPOS_KEPT = 50_000  # words read as typos of small talk, or not

# The built-in language once read: by builtin_language, or from the index cache.
_BUILTIN: list[Language] = []


def builtin_language() -> Language:
    """The language file shipped with faq-bot, read once per process (or
    handed over by the index cache, see :func:`share_builtin_language`)."""
    if not _BUILTIN:
        from .loader import BUILTIN_LANGUAGE, load_language

        share_builtin_language(*load_language(BUILTIN_LANGUAGE))
    return _BUILTIN[0]


def share_builtin_language(
    intents: tuple[Intent, ...], cues: Mapping[str, tuple[str, ...]], wording: Mapping[str, str]
) -> None:
    """Use these as the built-in language from now on, unless it has been
    read already: the index cache keeps the parts :func:`builtin_language`
    returns, so that a start from the cache parses no YAML."""
    if not _BUILTIN:
        _BUILTIN.append(Language(intents, cues, wording))


def language_for(faq: Faq) -> Language:
    """The built-in language with ``faq``'s own small talk on top: an intent
    with a built-in id replaces that one (its examples and action, when left
    out, are the built-in's), a new id adds one."""
    base = builtin_language()
    if not faq.smalltalk:
        return base
    intents = {i.id: i for i in base.intents}
    for own in faq.smalltalk:
        builtin = intents.get(own.id)
        intents[own.id] = (
            own
            if builtin is None
            else replace(own, examples=own.examples or builtin.examples, action=own.action or builtin.action)
        )
    return Language(tuple(intents.values()), base.cues, base.wording)


class SmallTalk:
    """Finds the small talk intents a message is made of.

    ``is_topic(word)`` tells whether a normalised word names something the
    FAQ answers about; such a word makes a message a question.
    """

    def __init__(
        self,
        intents: Iterable[Intent],
        fillers: Iterable[str] = (),
        *,
        asking: Iterable[str] = (),
        referring: Iterable[str] = (),
        praise: Iterable[str] = (),
    ) -> None:
        self._phrases: dict[tuple[str, ...], Intent] = {}
        for intent in intents:
            for example in intent.examples:
                key = tuple(words(example))
                if key:
                    self._phrases[key] = intent  # a later intent (the FAQ's own) wins
        self._longest = max(map(len, self._phrases), default=0)
        self._starts = {k[0] for k in self._phrases}
        # Words that ask or refer ("does it help?") make a question of a
        # message, unless an example holds them ("can you help me").
        self._asking = {w for a in asking for w in words(a)}
        self._function = self._asking | {w for r in referring for w in words(r)}
        self._fillers = (STOPWORDS | {w for f in fillers for w in words(f)}) - self._function
        # Words of praise ("helpful") stand for the intent whose examples say
        # them, even when the FAQ uses them too: see match.
        self._praise = {
            word: intent
            for word in (w for p in praise for w in words(p))
            for key, intent in self._phrases.items()
            if word in key
        }
        # One-word examples are what a typo can stand for: "thnaks", "helo".
        self._typo_targets = {k[0]: i for k, i in self._phrases.items() if len(k) == 1 and len(k[0]) >= 4}
        # Each word's reading as a typo (in a tuple: None is an answer too),
        # kept: words recur from message to message, and each costs a
        # distance to every target. Bounded.
        self._typos: dict[str, tuple[Intent | None]] = {}

    def match(self, text: str, *, is_topic: Callable[[str], bool]) -> tuple[Intent, ...]:
        """The intents ``text`` is made of, in order and each once; empty when
        it is not small talk."""
        ws = said_words(text)
        found: list[Intent] = []
        unknown = 0
        said = 0  # unknown words that neither ask nor refer
        praised = False
        i = 0
        while i < len(ws):
            longest = min(self._longest, len(ws) - i) if ws[i] in self._starts else 0
            for size in range(longest, 0, -1):
                intent = self._phrases.get(tuple(ws[i : i + size]))
                if intent is not None:
                    found.append(intent)
                    i += size
                    break
            else:
                word = ws[i]
                i += 1
                if word in self._fillers:
                    continue
                praise = self._praise.get(word)
                if praise is not None:
                    found.append(praise)
                    praised = True
                    continue
                if is_topic(word):
                    return ()
                intent = self._typo_of(word)
                if intent is not None:
                    found.append(intent)
                    continue
                unknown += 1
                said += word not in self._function
                if said > 1:
                    return ()
        # Praise the FAQ has words for ("that was really helpful") is thanks
        # only when nothing is asked and, as in any small talk, at most one
        # other word said: "helpful?", "what helps" and "helps with my pain"
        # are questions. Words that ask or refer only count at a sentence's start.
        if praised:
            if "?" in text or self._asks(text):
                return ()
        elif unknown > 1:
            return ()
        return tuple(dict.fromkeys(found))

    def _asks(self, text: str) -> bool:
        """Whether a sentence or clause of ``text`` starts with an asking word."""
        return any((clause := words(part)) and clause[0] in self._asking for part in _CLAUSES.split(text))

    def _typo_of(self, word: str) -> Intent | None:
        if len(word) < 4:
            return None
        found = self._typos.get(word)
        if found is None:
            if len(self._typos) >= _TYPOS_KEPT:
                self._typos.clear()
            found = self._typos[word] = (self._find_typo(word),)
        return found[0]

    def _find_typo(self, word: str) -> Intent | None:
        for target, intent in self._typo_targets.items():
            # The first letter must agree, as in the urgent screen: people
            # rarely mistype it.
            if target[0] == word[0] and OSA.distance(word, target, score_cutoff=1) <= 1:
                return intent
        return None
