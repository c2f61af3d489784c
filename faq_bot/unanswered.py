"""The opt-in log of questions the bot could not answer, and how authors
read it: similar questions grouped, biggest group first, each with the
closest existing entry.

Health questions are private, so nothing is logged unless the user asks for
it (``--log-unanswered FILE`` or ``$FAQ_BOT_LOG_UNANSWERED``); the file is
readable by its owner only (made so before anything is written to it).
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from rapidfuzz import fuzz

from .errors import FaqError, FaqLoadError
from .matcher import FaqBot
from .model import Match, Reply, Status
from .private import open_private
from .text import STOPWORDS, normalize, sanitize, sanitize_line, stem

#: Questions whose distinctive words score at least this (rapidfuzz
#: ``token_set_ratio``) against a group's first question join that group.
GROUP_SIMILARITY = 70.0
#: Example questions shown per group.
EXAMPLES = 3


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
    wordings; ``closest`` is the entry that comes nearest, if any shares a word.
    """

    count: int
    examples: tuple[str, ...]
    closest: Match | None


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
    groups: list[tuple[str, list[str]]] = []  # (first question's content stems, its members)
    for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if bot.ask(key).status is not Status.NO_MATCH:
            answered += count
            continue
        content = _distinctive(key, known)
        for first, members in groups:
            similar = bool(first and content) and fuzz.token_set_ratio(first, content) >= GROUP_SIMILARITY
            if first == content or similar:
                members.append(key)
                break
        else:
            groups.append((content, [key]))

    result = []
    for _, members in groups:
        examples = Counter[str]()
        for key in members:
            examples.update(wordings[key])
        closest = bot.search(members[0], limit=1)
        result.append(
            Group(
                count=sum(counts[k] for k in members),
                examples=tuple(
                    q for q, _ in sorted(examples.items(), key=lambda i: (-i[1], i[0]))[:EXAMPLES]
                ),
                closest=closest[0] if closest else None,
            )
        )
    result.sort(key=lambda g: -g.count)  # stable: equal groups keep their order
    return result, answered


def _faq_stems(bot: FaqBot) -> set[str]:
    faq = bot.faq
    texts = [t for e in faq.entries for t in (*e.phrasings, e.answer, *e.keywords)]
    texts += [t for canonical, variants in faq.synonyms for t in (canonical, *variants)]
    return {stem(w) for text in texts for w in normalize(text).split()}


def _distinctive(normalized: str, known: set[str]) -> str:
    # Stopwords never count, so "what is X" and "what is Y" don't meet on "what is".
    content = [stem(w) for w in normalized.split() if w not in STOPWORDS]
    new = [s for s in content if s not in known]
    return " ".join(new or content)
