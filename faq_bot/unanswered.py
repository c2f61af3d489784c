"""The opt-in log of questions the bot could not answer, and how authors
read it: similar questions grouped, biggest group first, each with advice
and the ``faq-bot add`` command that follows it.

A group whose closest entry scores at least :data:`ALTERNATE_SCORE` is
advised as alternates of that entry; below, as a new entry. The line was
measured on StackFAQ (``bench/suggest_margin.py``): of the paraphrases the
bot declines, those scoring 40 or more have a right entry first 3 times in
4 (76%, against 61% for all of them), and of the questions whose entries
were taken out of the FAQ, 79% score under 40. The line favours being right
when it says "alternate" (an alternate under the wrong entry gives people
an answer to another question) over saying it often: only 11% of the
declined paraphrases whose closest entry is right reach it. The closest
entry and its score are shown either way, and the author decides.

Questions are private, so nothing is logged unless the user asks for
it (``--log-unanswered FILE`` or ``$FAQ_BOT_LOG_UNANSWERED``); the file is
readable by its owner only (made so before anything is written to it).
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from rapidfuzz import fuzz

from .bot import FaqBot
from .errors import FaqError, FaqLoadError
from .model import Faq, Match, Reply, Status
from .private import open_private
from .text import STOPWORDS, normalize, sanitize, sanitize_line, stem

#: Questions whose distinctive words score at least this (rapidfuzz
#: ``token_set_ratio``) against a group's first question join that group.
GROUP_SIMILARITY = 70.0
#: Questions this alike as written (``token_sort_ratio`` of the normalised
#: text, against any question of a group) are one question: a typo, a word
#: order, an extra stopword.
NEAR_IDENTICAL = 95.0
#: A group whose closest entry scores at least this is advised as alternates
#: of that entry; below, as a new entry (measured: see the module's docstring).
ALTERNATE_SCORE = 40.0
#: Example questions shown per group, and wordings put in an add command.
EXAMPLES = 3
WORDINGS = 5


class UnansweredLog:
    """Appends each no_match reply to ``path`` as one JSON line:
    ``{"time", "query", "score", "candidates": [{"id", "score"}, ...]}``.

    Logging must never break the chat: an I/O problem is reported once on
    stderr and later records are dropped quietly if it persists.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._warned = False

    def record(self, reply: Reply) -> None:
        if reply.status is not Status.NO_MATCH:
            return
        line = json.dumps(
            {
                "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "query": reply.query,
                "score": round(reply.score, 1),
                "candidates": [{"id": m.entry.id, "score": round(m.score, 1)} for m in reply.alternatives],
            }
        )
        try:
            fd = open_private(self.path)
            try:
                # One write of a whole line: appends from several processes don't interleave.
                os.write(fd, (line + "\n").encode("ascii"))
            finally:
                os.close(fd)
        except OSError as exc:
            if not self._warned:
                self._warned = True
                print(
                    f"faq-bot: warning: cannot log unanswered questions to {sanitize_line(str(self.path))}: "
                    f"{exc.strerror or exc}",
                    file=sys.stderr,
                )


@dataclass(frozen=True)
class Group:
    """Logged questions that ask much the same thing.

    ``count`` is how often they were asked; ``examples`` are the most frequent
    wordings; ``wordings`` holds one wording of each distinct question, most
    asked first; ``closest`` is the entry that comes nearest, if any shares a
    word; ``new_words`` are the first question's words the FAQ never uses.
    """

    count: int
    examples: tuple[str, ...]
    closest: Match | None
    wordings: tuple[str, ...] = ()
    new_words: tuple[str, ...] = ()

    @property
    def is_alternate(self) -> bool:
        """Whether the advice is to add the wordings to the closest entry."""
        return self.closest is not None and self.closest.score >= ALTERNATE_SCORE

    def lines(self, faq: Faq) -> list[str]:
        """The group as ``faq-bot suggest`` shows it: how often, examples, the
        advice, and the command that follows it."""
        lines = [f"asked {self.count} time{'s' * (self.count != 1)}, e.g."]
        lines += [f"     {example!r}" for example in self.examples]
        if self.new_words:
            lines.append(f"   words the FAQ never uses: {', '.join(map(repr, self.new_words))}")
        closest = self.closest
        if closest is not None and self.is_alternate:
            advice = (
                f"close to entry {closest.entry.id!r} (score {closest.score:.1f}): add them as its alternates"
            )
        elif closest is not None:
            advice = (
                f"nothing close (nearest: {closest.entry.id!r}, score {closest.score:.1f}): write a new entry"
            )
        else:
            advice = "nothing close: write a new entry"
        return [*lines, f"   {advice}", f"     {self.add_command(faq)}"]

    def add_command(self, faq: Faq) -> str:
        """The ``faq-bot add`` command that follows the advice, shell-quoted.
        A new entry's answer is left to the author, as ``"$ANSWER"``."""
        wordings = [" ".join(w.split()) for w in self.wordings[:WORDINGS]]
        if self.closest is not None and self.is_alternate:
            entry = self.closest.entry
            argv = ["faq-bot", "add", "--faq", entry.path or faq.paths[0], "--to", entry.id]
            argv += [a for w in wordings for a in ("--alternate", w)]
            return shlex.join(argv)
        near = self.closest.entry if self.closest is not None else None
        section = near.section if near is not None else faq.sections[0].id
        path = near.path if near is not None and near.path else faq.paths[0]
        question = wordings[0][:1].upper() + wordings[0][1:]
        question += "" if question.endswith(("?", ".", "!")) else "?"
        argv = ["faq-bot", "add", "--faq", path, "--section", section, "--question", question]
        argv += [a for w in wordings[1:] for a in ("--alternate", w)]
        return shlex.join(argv) + ' --answer "$ANSWER"'


def read_log(path: str | os.PathLike[str]) -> tuple[list[str], list[FaqError]]:
    """The queries logged in ``path``, and one warning per malformed line (skipped)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError as exc:
        raise FaqLoadError(f"cannot read the log: {exc.strerror or exc}", path=path) from exc
    queries: list[str] = []
    warnings: list[FaqError] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):  # RecursionError: absurdly nested JSON
            warnings.append(FaqLoadError("not a JSON line; skipped", path=path, line=number))
            continue
        query = record.get("query") if isinstance(record, dict) else None
        if not isinstance(query, str) or not normalize(query):
            warnings.append(FaqLoadError('no "query" text in this record; skipped', path=path, line=number))
            continue
        queries.append(query)
    return queries, warnings


def group_questions(queries: list[str], bot: FaqBot) -> tuple[list[Group], int]:
    """Group ``queries`` the bot still cannot answer, biggest group first, and
    count those it answers now (the FAQ has changed since they were logged).

    Grouping is deterministic: distinct normalised questions, most frequent
    first, each join the first group whose first question is similar enough.
    Similarity is measured on distinctive words: the content stems the FAQ
    never uses, when a question has any. The FAQ's own topic words ("back
    surgery") are in nearly every logged question, so they would put "can I
    drive after back surgery" and "can I swim after back surgery" together.
    """
    known = _faq_stems(bot)
    counts = Counter(normalize(q) for q in queries)
    wordings: dict[str, Counter[str]] = {}
    for query in queries:
        wordings.setdefault(normalize(query), Counter())[sanitize(query).strip()] += 1

    answered = 0
    groups: list[tuple[_Words, list[str]]] = []  # (first question's words, its members)
    for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if bot.ask(key).status is not Status.NO_MATCH:
            answered += count
            continue
        these = _words(key, known)
        for first, members in groups:
            same = any(fuzz.token_sort_ratio(key, m) >= NEAR_IDENTICAL for m in members)
            if same or _similar(first, these):
                members.append(key)
                break
        else:
            groups.append((these, [key]))

    result = []
    for first, members in groups:
        examples = Counter[str]()
        for key in members:
            examples.update(wordings[key])
        by_count = [q for q, _ in sorted(examples.items(), key=lambda i: (-i[1], i[0]))]
        # One wording per distinct question, most asked first: what an add command takes.
        distinct = sorted(members, key=lambda k: (-counts[k], k))
        closest = bot.search(members[0], limit=1)
        result.append(
            Group(
                count=sum(counts[k] for k in members),
                examples=tuple(by_count[:EXAMPLES]),
                closest=closest[0] if closest else None,
                wordings=tuple(wordings[k].most_common(1)[0][0] for k in distinct),
                new_words=first.new_words,
            )
        )
    result.sort(key=lambda g: -g.count)  # stable: equal groups keep their order
    return result, answered


def _faq_stems(bot: FaqBot) -> set[str]:
    faq = bot.faq
    texts = [t for e in faq.entries for t in (*e.phrasings, e.answer, *e.keywords)]
    texts += [t for canonical, variants in faq.synonyms for t in (canonical, *variants)]
    return {stem(w) for text in texts for w in normalize(text).split()}


class _Words(NamedTuple):
    """A question's content stems, those the FAQ never uses, and those words as written."""

    content: str
    new: str
    new_words: tuple[str, ...]


def _words(normalized: str, known: set[str]) -> _Words:
    # Stopwords never count, so "what is X" and "what is Y" don't meet on "what is".
    content = [(w, stem(w)) for w in normalized.split() if w not in STOPWORDS]
    new = [(w, s) for w, s in content if s not in known]
    return _Words(" ".join(s for _, s in content), " ".join(s for _, s in new), tuple(w for w, _ in new))


def _similar(a: _Words, b: _Words) -> bool:
    """Whether two questions ask much the same. Compared on the words the FAQ
    never uses when both have some ("drive" against "swim"); when one has
    none, it must be the other less its new words ("how long does recovery
    take" and "... take exactly"); else on all their content words."""
    if a.new and b.new:
        return a.new == b.new or fuzz.token_set_ratio(a.new, b.new) >= GROUP_SIMILARITY
    if a.new or b.new:
        fewer, more = (b, a) if a.new else (a, b)
        return bool(fewer.content) and set(fewer.content.split()) <= set(more.content.split())
    return bool(a.content and b.content) and fuzz.token_set_ratio(a.content, b.content) >= GROUP_SIMILARITY
