"""The conversation: turns read in the light of the ones before them.

:func:`respond_in_context` is the whole engine, stateless: a message and the
:class:`Context` of the last turn in, a :class:`~faq_bot.model.Reply` and the
next context out. An embedder or a web service keeps the context (it is a
small JSON-safe value, :meth:`Context.to_dict`) and passes it back with the
next message. :class:`Conversation`, the chat's engine, keeps it for the
chat and turns replies into styled text fragments; neither does any terminal
I/O.

How a message is read, in order:

1. A number picks from the numbered list the last reply offered.
2. The urgent screen, over the whole message: an emergency anywhere comes
   first, alone (the rest is not answered, and the reply says so).
3. Small talk (:mod:`faq_bot.smalltalk`): "hi", "thanks", "bye" (which ends
   the chat), "help", "who are you", "tell me more" (entries related to the
   last answer), "why?" (the entry the FAQ links as explaining it).
4. Several questions ("what is it and how is it treated?", two sentences
   asking two things): each is answered, up to :data:`MAX_PARTS`. A message
   longer than the matcher reads is split into sentences and its questions
   answered; whatever is left out, the reply says so.
5. One question. A short one without a topic of its own ("does it hurt?":
   only words that most entries have) borrows the topic of the entry last
   answered, at a lower weight than its own words.
"""

from __future__ import annotations

import bisect
import itertools
import re
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .bot import TOPIC_SHARE
from .matcher import MAX_QUERY_CHARS, Query, check_limit
from .model import Entry, Intent, Match, Reply, Section, Status
from .records import record, replace
from .render import Fragment, numbered, offered_lists, reply_fragments
from .smalltalk import Language, SmallTalk, language_for
from .text import sanitize, stem, words

if TYPE_CHECKING:
    from .bot import FaqBot

__all__ = ["COMMANDS", "Command", "Context", "Conversation", "Fragment", "Output", "respond_in_context"]

#: Longer messages are cut to this many characters, and the reply says so.
#: All of it is screened for emergencies, in windows the matcher reads.
MAX_MESSAGE_CHARS = 100_000
#: Questions answered from one message; the reply says when there were more.
MAX_PARTS = 3
#: A message of more words than this stands on its own: it never borrows a topic.
SHORT_MESSAGE_WORDS = 8
#: How much the last answer's words count in a follow-up, against its own words' 1.
BORROWED_WEIGHT = 0.4
#: Entries listed for "tell me more".
RELATED_LIMIT = 5
#: Longest numbered list a context may carry (a context can come from anywhere).
MAX_CHOICES = 100
#: A suggestion is offered only when it scores within this many points of the
#: best candidate and shares a distinctive word with the question in its own
#: questions or keywords (not just in its answer). Measured on
#: tests/data/cases.yaml and the development set: of the suggestions the bot
#: made when it declined, this keeps 9 of the 11 that pointed to the right
#: section and drops 49 of the 90 that did not.
SUGGESTION_MARGIN = 10.0
#: A word in more than about half the entries (idf below ln 2) names the FAQ's
#: subject, not a question's topic ("back", "surgery" in this FAQ).
DISTINCTIVE_IDF = 0.6931

_NUMBER = re.compile(r"[0-9]{1,6}")
_SENTENCE_END = re.compile(r"(?<=[.?!;])\s+|\s*\n\s*")
_TOKEN = re.compile(r"\S+")
# Not "or": it joins the alternatives of one question ("in my back or my legs?").
_CONJUNCTIONS = frozenset({"and", "but"})
_QUIT_WORDS = frozenset({"quit", "exit"})
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MAX_ID_CHARS = 200
_WORD_CACHE_SIZE = 50_000
# Turns kept for messages that come again with the same context (a batch of
# questions, a server's patients asking alike): at most this many, each of a
# message no longer than the matcher reads, so the memory stays small.
_TURN_CACHE_SIZE = 2048
# Where a message may hold more than one question: a sentence end or a joint.
_MAYBE_SEVERAL = re.compile(r"[.?!;]\s+\S|\n\s*\S|\s(?:and|but)\s", re.IGNORECASE)


@record
class Context:
    """What a conversation remembers between turns: ``topic``, the id of the
    entry last answered, and ``choices``, the ids of the numbered list last
    offered (a number in the next message picks from it). Ids the FAQ no
    longer has are ignored."""

    topic: str | None = None
    choices: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe form, for :meth:`from_dict`."""
        return {"topic": self.topic, "choices": list(self.choices)}

    @classmethod
    def from_dict(cls, obj: object) -> Context:
        """The context :meth:`to_dict` gave, read back from untrusted input.
        Raises ValueError, saying what is wrong, on anything else."""
        if not isinstance(obj, Mapping):
            raise ValueError(f"a context must be a JSON object, not {type(obj).__name__}")
        unknown = [k for k in obj if k not in ("topic", "choices")]
        if unknown:
            raise ValueError(f"unknown key {str(unknown[0])[:40]!r} in context; expected topic, choices")
        topic = obj.get("topic")
        if topic is not None:
            _check_id(topic, "context topic")
        choices = obj.get("choices", [])
        if not isinstance(choices, list):
            raise ValueError(f"context choices must be a list of entry ids, not {type(choices).__name__}")
        if len(choices) > MAX_CHOICES:
            raise ValueError(f"context choices has {len(choices)} items; the limit is {MAX_CHOICES}")
        for choice in choices:
            _check_id(choice, "each context choice")
        return cls(topic, tuple(choices))


def _check_id(value: object, what: str) -> None:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be an entry id (text), not {type(value).__name__}")
    if len(value) > _MAX_ID_CHARS or not _SLUG.fullmatch(value):
        raise ValueError(f"{what} {value[:40]!r} is not an entry id (lowercase letters, digits, hyphens)")


def respond_in_context(
    bot: FaqBot, message: str, context: Context | None = None, *, limit: int | None = None
) -> tuple[Reply, Context]:
    """The reply to ``message`` after the turn that left ``context``, and the
    context to pass with the next message; ``limit`` alternatives at most (the
    bot's own by default). Never raises for any text."""
    turn = _engine(bot).turn(message, context or Context(), top=check_limit(limit))
    return turn.reply, turn.context


@record
class _Turn:
    reply: Reply
    context: Context
    #: The answer is not to the words typed (a pick, a follow-up): say what it answers.
    restate: bool = False
    ends: bool = False


_ENGINES: weakref.WeakKeyDictionary[FaqBot, _Engine] = weakref.WeakKeyDictionary()


def _engine(bot: FaqBot) -> _Engine:
    found = _ENGINES.get(bot)
    if found is None:
        found = _ENGINES[bot] = _Engine(bot)
    return found


class _Engine:
    """What reading messages for one bot needs, built once."""

    def __init__(self, bot: FaqBot) -> None:
        # A proxy: the engine is kept for as long as its bot lives, and must
        # not be what keeps the bot alive.
        self.bot: FaqBot = weakref.proxy(bot)
        self.faq = bot.faq
        self.language: Language = language_for(bot.faq)
        self.intents = {i.id: i for i in self.language.intents}
        cues = self.language.cues
        self.smalltalk = SmallTalk(
            self.language.intents,
            cues.get("fillers", ()),
            asking=cues.get("asking", ()),
            referring=cues.get("referring", ()),
            praise=cues.get("praise", ()),
        )
        self.entries = {e.id: e for e in self.faq.entries}
        self.continuing = self.language.cue("continuing")
        self.asking = _by_first_word(self.language.cue("asking"))
        self.explaining = {stem(w) for cue in self.language.cue("explaining") for w in cue}
        self.referring = frozenset(w for cue in self.language.cue("referring") for w in cue)
        self._asked_terms: dict[str, frozenset[str]] = {}
        self._topic_words: dict[str, bool] = {}
        self._turns: dict[tuple[str, Context, int], _Turn] = {}

    # --- a turn -------------------------------------------------------------

    def turn(self, message: str, context: Context, *, top: int | None) -> _Turn:
        """The turn for ``message`` after ``context``. The bot, and so every
        turn, is fixed once built: a message seen before with the same context
        gets the same (immutable) turn again."""
        top = self.bot.limit if top is None else top
        if len(message) > MAX_QUERY_CHARS:
            return self._turn(message, context, top)
        key = (message, context, top)
        turns = self._turns
        found = turns.get(key)
        if found is None:
            if len(turns) >= _TURN_CACHE_SIZE:
                # The older half goes, not all: a stream's repeats come back
                # from anywhere in it, and those kept are the most recent.
                for old in list(itertools.islice(turns, _TURN_CACHE_SIZE // 2)):
                    turns.pop(old, None)  # another thread may have taken it
            found = turns[key] = self._turn(message, context, top)
        return found

    def _turn(self, message: str, context: Context, top: int) -> _Turn:
        context = self._known(context)
        text = message.strip()
        if _NUMBER.fullmatch(text) and 1 <= int(text) <= len(context.choices):
            entry = self.entries[context.choices[int(text) - 1]]
            return self._after(self._picked(message, entry), context, restate=True)
        notes: list[str] = []
        if len(text) > MAX_MESSAGE_CHARS:
            text = text[:MAX_MESSAGE_CHARS]
            notes.append(self.language.say("cut_message", limit=f"{MAX_MESSAGE_CHARS:,}"))
        parts = self._parts(text)
        whole = self.bot.ask(text, limit=top) if len(text) <= MAX_QUERY_CHARS else None
        urgent = self._urgent(whole, parts, top)
        if urgent is not None:
            if len(parts) > 1:
                notes.append(self.language.say("urgent_first"))
            reply = replace(urgent, query=message, note=_joined(notes))
            return _Turn(reply, Context())
        intents = self.smalltalk.match(text, is_topic=self._is_topic)
        if intents:
            return self._small_talk(message, intents, context, whole, top)
        questions = [p for p in parts if self._is_question(p)] if len(parts) > 1 else parts
        if whole is not None and whole.status is not Status.ANSWERED and self._elsewhere(text):
            # About something the FAQ does not know ("what are Citrobacter infections
            # and what drugs treat them?"): its parts, read apart, must not say otherwise.
            questions = parts[:1]
        if whole is None or len(questions) > 1:
            return self._several(
                text, parts=parts, questions=questions, context=context, whole=whole, notes=notes, top=top
            )
        return _noted(self._one(text, whole, context, top), notes)

    def _known(self, context: Context) -> Context:
        """``context`` without the ids this FAQ does not have."""
        if context.topic is None and not context.choices:  # a first message, or one of a batch
            return context
        topic = context.topic if context.topic in self.entries else None
        choices = tuple(c for c in context.choices if c in self.entries)
        return context if (topic, choices) == (context.topic, context.choices) else Context(topic, choices)

    def _after(self, reply: Reply, context: Context, *, restate: bool = False) -> _Turn:
        """The turn that gives ``reply``: the context moves on to its entry and
        its numbered list; small talk leaves both as they were unless it lists
        something."""
        choices = tuple(e.id for _, entries in offered_lists(reply) for e in entries)[:MAX_CHOICES]
        if reply.status is Status.SMALLTALK:
            intent = self.intents.get(reply.intent or "")
            ends = intent is not None and intent.action == "end"
            return _Turn(reply, Context(context.topic, choices or context.choices), restate, ends)
        answered = [r.entry.id for r in (reply, *reply.more) if r.entry is not None]
        topic = answered[-1] if answered else None
        return _Turn(reply, Context(topic, choices), restate)

    def _picked(self, message: str, entry: Entry) -> Reply:
        # The user chose it: there is nothing to be unsure of.
        return self._answer(message, entry, score=100.0)

    def _answer(
        self,
        query: str,
        entry: Entry,
        *,
        score: float,
        alternatives: Sequence[Match] = (),
        uncertain: bool = False,
    ) -> Reply:
        return Reply(
            query=query,
            status=Status.ANSWERED,
            reminder=self.faq.reminder,
            score=score,
            entry=entry,
            section=self.faq.section(entry.section),
            alternatives=tuple(alternatives),
            uncertain=uncertain,
            followups=self._followups(entry),
        )

    def _followups(self, entry: Entry) -> tuple[Entry, ...]:
        return tuple(self.entries[i] for i in entry.followups if i in self.entries)

    # --- the urgent screen --------------------------------------------------

    def _urgent(self, whole: Reply | None, parts: Sequence[str], top: int) -> Reply | None:
        """The urgent reply, if any part of the message describes an emergency.
        A message the matcher reads whole was screened whole; a longer one is
        screened in windows of whole sentences that overlap by one, so that
        no sentence and no pair of neighbours escapes."""
        if whole is not None:
            return whole if whole.status is Status.URGENT else None
        for window in _windows(parts, MAX_QUERY_CHARS):
            reply = self.bot.ask(window, limit=top)
            if reply.status is Status.URGENT:
                return reply
        return None

    # --- small talk ---------------------------------------------------------

    def _is_topic(self, word: str) -> bool:
        # Words recur from message to message; the cache is bounded like the matcher's.
        found = self._topic_words.get(word)
        if found is None:
            if len(self._topic_words) >= _WORD_CACHE_SIZE:
                self._topic_words.clear()
            found = self._topic_words[word] = bool(self.bot.index.analyze(word).terms)
        return found

    def _small_talk(
        self, message: str, intents: Sequence[Intent], context: Context, whole: Reply | None, top: int
    ) -> _Turn:
        acting = [i for i in intents if i.action in ("related", "explain")]
        ending = [i for i in intents if i.action == "end"]
        intent = ending[0] if ending else acting[-1] if acting else intents[-1]
        topic = self.entries.get(context.topic or "")
        if intent.action in ("related", "explain"):
            if topic is not None:
                if intent.action == "explain":
                    return self._explain(message, intent, topic, context, top)
                return self._related(message, intent, topic, context, self.language.say("related"))
            # Nothing to follow up: if the FAQ answers the words themselves, answer.
            if whole is not None and whole.status is Status.ANSWERED and not whole.uncertain:
                return self._after(self._offer(whole), context)
        return self._after(self._said(message, intent, self._text(intent.reply)), context)

    def _said(self, message: str, intent: Intent, text: str, related: Sequence[Entry] = ()) -> Reply:
        return Reply(
            query=message,
            status=Status.SMALLTALK,
            reminder=self.faq.reminder,
            message=text,
            intent=intent.id,
            followups=tuple(related),
        )

    def _text(self, text: str) -> str:
        source = self.faq.source
        return text.replace("{source}", source.title if source else self.faq.topic or "this FAQ")

    def _related_entries(self, entry: Entry) -> list[Entry]:
        """The other entries of the entry's section, then the ones it links to
        (already offered after its answer)."""
        section = [e for e in self.faq.entries if e.section == entry.section]
        found = dict.fromkeys((*section, *self._followups(entry)))
        found.pop(entry, None)
        return list(found)[:RELATED_LIMIT]

    def _related(self, message: str, intent: Intent, topic: Entry, context: Context, heading: str) -> _Turn:
        related = self._related_entries(topic)
        if not related:
            return self._after(self._said(message, intent, self.language.say("nothing_related")), context)
        section = self.faq.section(topic.section)
        text = heading.replace("{section}", section.title if section else topic.section)
        return self._after(self._said(message, intent, text, related), context)

    def _explain(self, message: str, intent: Intent, topic: Entry, context: Context, top: int) -> _Turn:
        """ "Why?" after ``topic``: the linked entry whose question says why or
        names a cause earliest; else the best other entry for the explaining
        words and the topic; else what else there is to read."""
        best: tuple[int, Entry] | None = None
        for linked in self._followups(topic):
            stems = [stem(w) for w in words(linked.question)]
            place = next((k for k, s in enumerate(stems) if s in self.explaining), None)
            if place is not None and (best is None or place < best[0]):
                best = (place, linked)
        if best is not None:
            return self._after(self._answer(message, best[1], score=100.0), context, restate=True)
        why = self.bot.index.analyze(" ".join(w for cue in self.language.cue("explaining") for w in cue))
        borrowed = self._borrowed(message, why, topic, exclude=topic.id, top=top)
        if borrowed is not None:
            return self._after(self._offer(borrowed), context, restate=True)
        return self._related(message, intent, topic, context, self.language.say("no_explanation"))

    # --- questions ----------------------------------------------------------

    def _one(self, text: str, alone: Reply, context: Context, top: int) -> _Turn:
        """One question, read alone or, when it has no topic of its own ("does
        it hurt?": only words most entries have), with the last answer's."""
        topic = self.entries.get(context.topic or "")
        if topic is None or alone.status is Status.URGENT or len(words(text)) > SHORT_MESSAGE_WORDS:
            return self._after(self._offer(alone), context)
        own = self.bot.index.analyze(_clean(text))
        if not own.terms and not own.unknown:
            # Nothing to go on but the last answer ("is it?"): offer what else there is.
            return self._related(text, _UNSURE, topic, context, self.language.say("unsure"))
        if own.unknown or any(w >= DISTINCTIVE_IDF for w in own.terms.values()):
            # A topic of its own, or one the FAQ does not know ("is it contagious?").
            return self._after(self._offer(alone), context)
        borrowed = self._borrowed(text, own, topic, exclude=None, top=top)
        if borrowed is not None and borrowed.entry != topic:
            return self._after(self._offer(borrowed), context, restate=borrowed.entry != alone.entry)
        if alone.status is Status.ANSWERED:
            return self._after(self._offer(alone), context)
        return self._related(text, _UNSURE, topic, context, self.language.say("unsure"))

    def _borrowed(
        self, text: str, own: Query, topic: Entry, *, exclude: str | None, top: int
    ) -> Reply | None:
        """The answer to ``own`` (the message's terms) with ``topic``'s
        question's terms added at :data:`BORROWED_WEIGHT`, or None when no
        entry (but ``exclude``) passes the bot's own cut-offs."""
        bot = self.bot
        # The plain bound, not ask's allowance (bot.allowed_unknown): that rests
        # on the message's own terms pointing at one entry, and here the terms
        # that point are borrowed from the last answer.
        if own.words and own.unknown_share > bot.max_unknown:
            return None
        terms = dict(own.terms)
        for term, weight in bot.index.analyze(topic.question).terms.items():
            terms.setdefault(term, weight * BORROWED_WEIGHT)
        query = Query(terms, own.unknown, own.information)
        entries = bot.index.entries
        scored = [
            s
            for s in bot.index.score_query(query, scorer=bot.scorer, limit=top + 2)
            if entries[s.position].id != exclude
        ]
        if not scored or scored[0].score < bot.score_cutoff or scored[0].coverage < bot.min_coverage:
            return None
        best = scored[0]
        runner_up = scored[1].score if len(scored) > 1 else 0.0
        return self._answer(
            text,
            entries[best.position],
            score=best.score,
            alternatives=[Match(entries[s.position], s.score) for s in scored[1 : top + 1]],
            uncertain=best.score < bot.score_cutoff + 10 or runner_up > best.score - 5,
        )

    def _offer(self, reply: Reply) -> Reply:
        """``reply`` with the FAQ's links to read next, and only the suggestions
        related to the question (see :data:`SUGGESTION_MARGIN`)."""
        if reply.status not in (Status.ANSWERED, Status.NO_MATCH):
            return reply
        followups = self._followups(reply.entry) if reply.entry is not None else ()
        alternatives = reply.alternatives
        if reply.status is Status.NO_MATCH or reply.uncertain:
            alternatives = self._related_suggestions(reply)
        if (followups, alternatives) == (reply.followups, reply.alternatives):
            return reply
        return replace(reply, followups=followups, alternatives=alternatives)

    def _related_suggestions(self, reply: Reply) -> tuple[Match, ...]:
        if not reply.alternatives:
            return ()
        distinctive = {
            t for t, w in self.bot.index.analyze(_clean(reply.query)).terms.items() if w >= DISTINCTIVE_IDF
        }
        best = reply.score if reply.status is Status.ANSWERED else reply.alternatives[0].score
        return tuple(
            m
            for m in reply.alternatives
            if m.score >= best - SUGGESTION_MARGIN and not distinctive.isdisjoint(self._asked(m.entry))
        )

    def _asked(self, entry: Entry) -> frozenset[str]:
        """The terms of an entry's questions and keywords."""
        found = self._asked_terms.get(entry.id)
        if found is None:
            analyze = self.bot.index.analyze
            found = frozenset(t for p in (*entry.phrasings, *entry.keywords) for t in analyze(p).terms)
            self._asked_terms[entry.id] = found
        return found

    # --- several questions --------------------------------------------------

    def _elsewhere(self, text: str) -> bool:
        """Whether ``text`` has too many words the FAQ never uses: the bot's own
        sign that a question is about something else. The plain bound, not
        the one ask moves by how much of the question its best entry holds
        (bot.allowed_unknown): ``text`` is a whole message or two of its parts,
        often two questions, which no one entry covers, so that bound would
        fall for asking two things. (A question alone gets ask's own reply.)
        Measured on the topic FAQs' questions joined in pairs, ask's bound
        here gave 8 fewer right answers for 1 fewer wrong one."""
        return self.bot.index.analyze(_clean(text)).unknown_share > self.bot.max_unknown

    def _in_place(self, question: str, parts: Sequence[str], top: int) -> Reply:
        """The bot's reply to ``question``, one part of a message, unless the
        part before it shows the message to be about something the FAQ does
        not know: "I take drug X for Y. What is the treatment?" is not a
        question about this FAQ's treatments. Then the reply to both parts
        read together, which declines for the same reason as a whole message."""
        alone = self.bot.ask(question, limit=top)
        place = parts.index(question)
        if alone.status is not Status.ANSWERED or not place:
            return alone
        together = f"{parts[place - 1]} {question}"
        if not self._elsewhere(together):
            return alone
        return replace(self.bot.ask(together, limit=top), query=question)

    def _parts(self, text: str) -> list[str]:
        """Sentences, and within them questions joined by "and" or "but"
        ("what is it and how is it treated"). Not at commas: ", who ..." or
        ", when I walk" go on the same sentence far more often than they ask."""
        if not _MAYBE_SEVERAL.search(text):
            return [text]
        parts: list[str] = []
        for sentence in _SENTENCE_END.split(text):
            if sentence.strip():
                parts += self._coordinated(sentence.strip())
        return parts or [text]

    def _coordinated(self, sentence: str) -> list[str]:
        tokens = list(_TOKEN.finditer(sentence))
        cuts: list[tuple[int, int]] = []  # (end of one part, start of the next)
        first = 0  # the token the current part starts at
        for k in range(first + 2, len(tokens) - 1):
            # A part has two words at least: "and how" alone starts no question.
            if k - first < 2 or tokens[k].group().casefold() not in _CONJUNCTIONS:
                continue
            following = [w for t in tokens[k + 1 : k + 4] for w in words(t.group())]
            if self._starts_asking(following):
                cuts.append((tokens[k - 1].end(), tokens[k + 1].start()))
                first = k + 1
        pieces, start = [], 0
        for end, next_start in cuts:
            pieces.append(sentence[start:end].rstrip(" ,"))
            start = next_start
        pieces.append(sentence[start:])
        return [p for p in pieces if p.strip()]

    def _off_topic(self, question: str) -> bool:
        """Whether ``question`` names no topic word (one most entries hold):
        what it asks about is its own, not the FAQ's subject."""
        index = self.bot.index
        return not any(index.share(term) > TOPIC_SHARE for term in index.analyze(_clean(question)).terms)

    def _refers_back(self, question: str) -> bool:
        """Whether ``question`` has no subject of its own but one it refers
        back to ("how is it treated?"): a referring word, and no topic word."""
        return not self.referring.isdisjoint(words(question)) and self._off_topic(question)

    def _starts_asking(self, ws: Sequence[str]) -> bool:
        return len(ws) > 1 and _starts_with(ws, self.asking)

    def _is_question(self, part: str) -> bool:
        if part.rstrip().endswith("?"):
            return True
        ws = words(part)
        for cue in self.continuing:
            if tuple(ws[: len(cue)]) == cue:
                ws = ws[len(cue) :]
                break
        return _starts_with(ws, self.asking)

    def _several(
        self,
        text: str,
        *,
        parts: Sequence[str],
        questions: Sequence[str],
        context: Context,
        whole: Reply | None,
        notes: list[str],
        top: int,
    ) -> _Turn:
        """A message asking several things, or too long to read whole: each
        question answered in the light of the one before it."""
        if whole is None:
            # A long story that asks nothing: its point is usually at its end.
            notes.append(self.language.say("long_message" if questions else "long_story"))
            questions = questions or [parts[-1]]
        if len(questions) > MAX_PARTS:
            notes.append(self.language.say("more_questions", count=len(questions), answered=MAX_PARTS))
        replies: list[Reply] = []
        running = context
        before: Reply | None = None  # the reply to the question before, when it was declined off the topic
        linked = False
        for question in questions[:MAX_PARTS]:
            if before is not None and self._refers_back(question):
                # "What is lupus and how is it diagnosed?": "it" is what the
                # declined question was about, so this one is declined with it.
                linked = True
                continue
            alone = self._in_place(question, parts, top)
            before = alone if alone.status is Status.NO_MATCH and self._off_topic(question) else None
            turn = self._one(question, alone, running, top)
            if turn.reply.status is Status.SMALLTALK:  # unsure what it refers to
                turn = self._after(self._offer(alone), running)
            running = turn.context
            if turn.reply.entry is None or all(r.entry != turn.reply.entry for r in replies):
                replies.append(turn.reply)
        answered = [r for r in replies if r.status is Status.ANSWERED]
        declined = [r for r in replies if r.status is not Status.ANSWERED]
        # Two questions not marked as two ("how much is too much, when does it
        # stop?") may be one: when the whole is surely about something neither
        # part found, the split misread it.
        unmarked = len(questions) == 2 and not all(q.rstrip().endswith("?") for q in questions)
        # Not when a question referred back to a declined one: read whole, the
        # pair still asks about what that one was declined for.
        if (
            whole is not None
            and not linked
            and (
                not answered
                or (
                    unmarked
                    and whole.status is Status.ANSWERED
                    and not whole.uncertain
                    and all(r.entry != whole.entry for r in answered)
                )
            )
        ):
            return _noted(self._one(text, whole, context, top), notes)
        # The answers first, then what could not be answered.
        first, *more = answered + declined
        if not more:
            return self._after(replace(self._offer(first), note=_joined(notes)), context)
        reply = replace(first, followups=(), more=tuple(more), note=_joined(notes))
        return self._after(reply, context)


#: Said when a short message has nothing of its own to go on.
_UNSURE = Intent("unsure", (), "")


def _clean(text: str) -> str:
    return sanitize(text[:MAX_QUERY_CHARS])


def _joined(notes: Iterable[str]) -> str | None:
    return " ".join(notes) or None


def _noted(turn: _Turn, notes: Sequence[str]) -> _Turn:
    if not notes:
        return turn
    return replace(turn, reply=replace(turn.reply, note=_joined(notes)))


def _by_first_word(cues: Iterable[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    found: dict[str, list[tuple[str, ...]]] = {}
    for cue in cues:
        found.setdefault(cue[0], []).append(cue)
    return found


def _starts_with(ws: Sequence[str], cues: Mapping[str, list[tuple[str, ...]]]) -> bool:
    return bool(ws) and any(tuple(ws[: len(c)]) == c for c in cues.get(ws[0], ()))


def _windows(parts: Sequence[str], size: int) -> Iterable[str]:
    """``parts`` packed into texts of at most ``size`` characters, each
    starting with the last part of the one before. A longer part is cut into
    pieces that overlap by :data:`_OVERLAP` characters, so that a phrase cut
    at one piece's end is whole in the next."""
    pieces: list[str] = []
    for part in parts:
        if len(part) <= size:
            pieces.append(part)
        else:
            pieces += [part[i : i + size] for i in range(0, len(part) - _OVERLAP, size - _OVERLAP)]
    window: list[str] = []
    for piece in pieces:
        if window and len(" ".join([*window, piece])) > size:
            yield " ".join(window)
            window = window[-1:] if len(window[-1]) + 1 + len(piece) <= size else []
        window.append(piece)
    if window:
        yield " ".join(window)


_OVERLAP = 200


# --- the chat's engine ---------------------------------------------------------


@record
class Output:
    """What to show for one line: ``fragments`` to print in order, ``quit``
    when the chat should end, and ``reply`` when the bot was asked (for the
    opt-in log of unanswered questions)."""

    fragments: tuple[Fragment, ...] = ()
    quit: bool = False
    reply: Reply | None = None

    @property
    def text(self) -> str:
        """The fragments as plain text (for pipes and tests)."""
        return "".join(text for _, text in self.fragments)


@record
class Command:
    """A chat command: ``/name`` or ``/alias``, with one line of help."""

    name: str
    aliases: tuple[str, ...]
    help: str
    handler: Callable[[Conversation], Output]


#: Questions listed for one section by /topics; a longer section says how many more.
TOPICS_PAGE = 15
#: Questions offered by Tab completion.
COMPLETIONS = 10


class Conversation:
    """One chat with ``bot``: :func:`respond_in_context` with the context
    kept from turn to turn, and replies turned into fragments to show."""

    def __init__(self, bot: FaqBot) -> None:
        self.bot = bot
        self.faq = bot.faq
        self.context = Context()
        # The sections /topics listed last, while a number picks one of them.
        self._sections: tuple[Section, ...] = ()
        self._words: _Completions | None = None
        self._commands = {f"/{n}": c for c in COMMANDS for n in (c.name, *c.aliases)}

    @property
    def _engine(self) -> _Engine:
        # Built on the first message, not before the first prompt.
        return _engine(self.bot)

    @property
    def _language(self) -> Language:
        return self._engine.language

    @property
    def choices(self) -> tuple[Entry, ...]:
        """The entries of the numbered list shown last."""
        return tuple(self._engine.entries[i] for i in self.context.choices)

    def welcome(self, *, width: int | None = None) -> Output:
        # The FAQ says what it is about and what it is not: its topic, its
        # article and its reminder make the banner, whatever the subject.
        about = f" about {self.faq.topic}" if self.faq.topic else ""
        source = self.faq.source
        origin = f' from the article "{source.title}"' if source else "" if about else " from its FAQ"
        return _output(
            [
                ("class:banner", "faq-bot"),
                ("", sanitize(f" answers questions{about}{origin}.") + "\n"),
                ("class:reminder", sanitize(self.faq.reminder) + "\n"),
                ("", "Ask a question in your own words. Type "),
                ("class:command", "/help"),
                ("", " for help, "),
                ("class:command", "/quit"),
                ("", " or Ctrl-D to leave.\n"),
            ],
            width,
        )

    def goodbye(self) -> Output:
        return Output((("", "Take care.\n"),), quit=True)

    def respond(self, line: str, *, width: int | None = None) -> Output:
        """What to show for ``line``; long lines are wrapped to ``width``."""
        text = line.strip()
        if not text:
            return Output()
        if text.casefold() in _QUIT_WORDS:
            return Output(quit=True)
        if text.startswith("/"):
            return _wrapped(self._command(text), width)
        if _NUMBER.fullmatch(text):
            return _wrapped(self._choose(int(text)), width)
        self._sections = ()
        turn = self._engine.turn(line, self.context, top=None)
        output = self._show(turn)
        return _wrapped(Output(output.fragments, quit=turn.ends, reply=turn.reply), width)

    def _show(self, turn: _Turn) -> Output:
        self.context = turn.context
        fragments = reply_fragments(
            self.faq,
            turn.reply,
            language=self._language,
            restate=turn.restate,
            topics_hint=self._language.say("topics_chat"),
        )
        return Output(tuple(fragments))

    def _command(self, text: str) -> Output:
        name = text.split(maxsplit=1)[0].casefold()
        command = self._commands.get(name)
        if command is not None:
            return command.handler(self)
        import difflib  # only for a mistyped command

        close = difflib.get_close_matches(name, self._commands, n=1, cutoff=0.5)
        hint = f" Did you mean /{self._commands[close[0]].name}?" if close else ""
        return _hint(f"Unknown command {sanitize(name)}.{hint} Type /help for the commands.")

    def _choose(self, number: int) -> Output:
        if self._sections:
            if not 1 <= number <= len(self._sections):
                return _hint(f"Choose a number from 1 to {len(self._sections)}.")
            section, self._sections = self._sections[number - 1], ()
            return self._section(section)
        if not self.context.choices:
            return _hint("There is no numbered list to choose from yet: ask a question, or type /topics.")
        if not 1 <= number <= len(self.context.choices):
            return _hint(f"Choose a number from 1 to {len(self.context.choices)}.")
        # A pick is not a question: nothing for the log of unanswered questions.
        return self._show(self._engine.turn(str(number), self.context, top=None))

    def topics(self) -> Output:
        """The sections, numbered: a number lists that section's questions.
        One line per section, so the list fits a screen."""
        counts = {s.id: 0 for s in self.faq.sections}
        for entry in self.faq.entries:
            counts[entry.section] = counts.get(entry.section, 0) + 1
        sections = tuple(s for s in self.faq.sections if counts[s.id])
        fragments: list[Fragment] = [("class:heading", self._language.say("topics") + "\n")]
        for number, section in enumerate(sections, 1):
            many = "question" if counts[section.id] == 1 else "questions"
            fragments += [
                ("class:number", f"  {number}. "),
                ("class:section", sanitize(section.title)),
                ("", f" ({counts[section.id]} {many})\n"),
            ]
        self._sections = sections
        return Output(tuple(fragments))

    def _section(self, section: Section) -> Output:
        entries = [e for e in self.faq.entries if e.section == section.id]
        shown = entries[:TOPICS_PAGE]
        heading = self._language.say("section_questions", section=sanitize(section.title))
        fragments: list[Fragment] = [("class:heading", heading + "\n"), *numbered(shown, start=1)]
        if len(entries) > len(shown):
            more = len(entries) - len(shown)
            fragments.append(("class:hint", f"(and {more} more: 'faq-bot topics' lists them all)\n"))
        self.context = Context(self.context.topic, tuple(e.id for e in shown))
        return Output(tuple(fragments))

    def source(self) -> Output:
        if self.faq.source is None:
            return _hint("This FAQ names no source article.")
        return Output((("class:source", f"Source: {sanitize(self.faq.source.citation())}\n"),))

    def help(self) -> Output:
        about = f" about {self.faq.topic}" if self.faq.topic else ""
        fragments: list[Fragment] = [
            (
                "",
                sanitize(f"Ask a question{about} in your own words. ")
                + 'When I show a numbered list, type a number to read that answer. After an answer, "tell me '
                + 'more" lists related questions and "why?" asks what explains it.\n',
            ),
        ]
        names = [", ".join(f"/{n}" for n in (c.name, *c.aliases)) for c in COMMANDS]
        column = max(map(len, names))
        for name, command in zip(names, COMMANDS, strict=True):
            fragments += [("class:command", f"  {name:<{column}}"), ("", f"  {command.help}\n")]
        fragments.append(("", "bye, quit, exit and Ctrl-D leave too; Ctrl-C clears the line.\n"))
        return Output(tuple(fragments))

    def complete(self, text: str) -> list[str]:
        """What Tab offers for ``text``: commands for ``/...``, else the
        questions of the entries that have every word typed, and a word that
        starts with the one being typed; the question itself matching first."""
        stripped = text.lstrip()
        if stripped.startswith("/"):
            typed = stripped.casefold()
            return [f"/{c.name}" for c in COMMANDS if f"/{c.name}".startswith(typed)]
        if self._words is None:
            self._words = _Completions(self.faq.entries)
        return self._words.complete(text, limit=COMPLETIONS)


class _Completions:
    """Which entries each word of their questions, alternates and keywords is in."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = tuple(entries)
        self.stems: list[set[str]] = []
        self.by_word: dict[str, set[int]] = {}
        self.in_question: list[set[str]] = []
        for position, entry in enumerate(self.entries):
            ws = [w for text in (*entry.phrasings, *entry.keywords) for w in words(text)]
            self.stems.append({stem(w) for w in ws})
            self.in_question.append(set(words(entry.question)))
            for w in ws:
                self.by_word.setdefault(w, set()).add(position)
        self.vocabulary = sorted(self.by_word)

    def complete(self, text: str, *, limit: int) -> list[str]:
        ws = words(text)
        if not ws:
            return []
        # The last word is still being typed, unless a space follows it.
        typed, partial = (ws, "") if text[-1:].isspace() else (ws[:-1], ws[-1])
        needed = {stem(w) for w in typed}
        start = bisect.bisect_left(self.vocabulary, partial)
        found: set[int] = set()
        starting: list[str] = []
        for word in self.vocabulary[start:]:
            if not word.startswith(partial):
                break
            starting.append(word)
            found |= self.by_word[word]
        matching = [p for p in sorted(found) if needed <= self.stems[p]]
        # Entries whose own question has the word being typed come first.
        matching.sort(key=lambda p: not any(w in self.in_question[p] for w in starting))
        return [self.entries[p].question for p in matching[:limit]]


def _hint(text: str) -> Output:
    return Output((("class:hint", text + "\n"),))


def _output(fragments: list[Fragment], width: int | None) -> Output:
    return _wrapped(Output(tuple(fragments)), width)


def _wrapped(output: Output, width: int | None) -> Output:
    """``output`` with each line folded at word boundaries to ``width``
    columns; a numbered item's continuation lines line up under its text."""
    if not width:
        return output
    lines: list[list[Fragment]] = [[]]
    for style, text in output.fragments:
        for i, part in enumerate(text.split("\n")):
            if i:
                lines.append([])
            if part:
                lines[-1].append((style, part))
    fragments: list[Fragment] = []
    for number, line in enumerate(lines):
        if number:
            fragments.append(("", "\n"))
        fragments += _fold(line, width)
    return Output(tuple(fragments), quit=output.quit, reply=output.reply)


def _fold(line: list[Fragment], width: int) -> list[Fragment]:
    # textwrap expands tabs; do it first so positions in the text stay put.
    line = [(style, text.replace("\t", " ")) for style, text in line]
    text = "".join(t for _, t in line)
    if len(text) <= width:
        return line
    indent = " " * (len(text) - len(text.lstrip(" ")))
    if line and line[0][0] == "class:number":
        indent = " " * len(line[0][1])
    import textwrap  # only the chat wraps text: a JSON reply never does

    wrapped = textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False)
    # Re-cut the wrapped text into the original styles: wrapping only turns
    # some spaces into newlines (and adds indents after them).
    out: list[Fragment] = []
    styles = [s for s, t in line for _ in t]
    position = 0
    for row, content in enumerate(wrapped):
        if row:
            out.append(("", "\n" + indent))
            while position < len(text) and text[position] == " ":
                position += 1
        for char in content[len(indent) if row else 0 :]:
            out.append((styles[position], char))
            position += 1
    return _merge(out)


def _merge(fragments: Iterable[Fragment]) -> list[Fragment]:
    merged: list[Fragment] = []
    for style, text in fragments:
        if merged and merged[-1][0] == style:
            merged[-1] = (style, merged[-1][1] + text)
        else:
            merged.append((style, text))
    return merged


COMMANDS: tuple[Command, ...] = (
    Command("help", ("h", "?"), "what I can do, and the commands", Conversation.help),
    Command("topics", ("t",), "the sections, numbered: a number lists its questions", Conversation.topics),
    Command("source", ("s",), "the article the answers come from, if the FAQ names one", Conversation.source),
    Command("quit", ("q", "exit"), "leave the chat", lambda _: Output(quit=True)),
)
