"""The benchmark data, read in place from ../shared beside the repository (never copied into it).

Each dataset becomes a list of :class:`faq_bot.model.Entry` built in memory plus
its labelled queries. Entries keep the dataset's ids; the loader's slug rules
do not apply because nothing goes through YAML.
"""

from __future__ import annotations

import gzip
import json
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from faq_bot import Faq, Section, Source
from faq_bot.model import Entry

# The shared/ folder beside the repository.
_SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
DATA = Path(os.environ.get("FAQ_BOT_BENCH_DATA", _SHARED / "benchmarks"))
SECTION = "bench"
NO_ANSWER = "…"


@dataclass(frozen=True)
class Query:
    qid: str
    text: str
    relevant: frozenset[str]


@dataclass(frozen=True)
class Dataset:
    name: str
    entries: tuple[Entry, ...]
    queries: tuple[Query, ...]
    # Extra text per entry that only the BM25 baseline indexes besides the
    # question (StackFAQ: the answer), so it sees what the matcher sees.
    bm25_extra: tuple[str, ...]

    def faq(self) -> Faq:
        """The entries as a Faq, for the public FaqBot path."""
        return Faq(
            source=Source(title=self.name),
            sections=(Section(SECTION, self.name),),
            reminder="benchmark",
            fallback="benchmark",
            entries=self.entries,
        )

    def write_faq_file(self, path: Path) -> None:
        """The entries as a FAQ file at ``path``, for timing what the command
        line does with one: in YAML's flow style (JSON, which YAML reads),
        the size of the block style (31 MB for MedQuAD's) and written in half
        a second rather than nine. The loader refuses a file this big
        (faq_bot.loader.MAX_FILE_BYTES), so nothing parses it."""
        faq = {
            "source": {"title": self.name},
            "sections": [{"id": SECTION, "title": self.name}],
            "reminder": "benchmark",
            "fallback": "benchmark",
            "entries": [
                {"id": e.id, "section": e.section, "question": e.question, "answer": e.answer}
                | ({"keywords": list(e.keywords)} if e.keywords else {})
                for e in self.entries
            ],
        }
        path.write_text(json.dumps(faq, ensure_ascii=False, indent=1), encoding="utf-8")


def _jsonl(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def stackfaq() -> Dataset:
    """719 QA pairs, 1,249 paraphrased queries; every pair of the thread is relevant."""
    folder = DATA / "stackfaq"
    rows = list(_jsonl(folder / "faq.jsonl"))
    entries = tuple(
        Entry(id=r["id"], section=SECTION, question=r["question"], answer=r["answer"]) for r in rows
    )
    queries = tuple(
        Query(r["qid"], r["query"], frozenset(r["relevant"])) for r in _jsonl(folder / "queries.jsonl")
    )
    return Dataset("StackFAQ", entries, queries, tuple(r["answer"] for r in rows))


def medquad() -> Dataset:
    """47,453 MedQuAD pairs and the 104 LiveQA questions; quality counts the 78
    with a strict-relevant (grade >= 3) answer, speed all of them.

    Focus and synonyms go in ``keywords``: that is what the FAQ author would
    write there. The query is the original consumer text (subject + message).
    """
    folder = DATA / "medquad-liveqa2017"
    rows = list(_jsonl(folder / "faq.jsonl.gz"))
    entries = tuple(
        Entry(
            id=r["id"],
            section=SECTION,
            question=r["question"],
            # 31,044 questions come without an answer, which a Faq refuses;
            # "…" has no words, so it is indexed exactly as no answer is.
            answer=r["answer"] or NO_ANSWER,
            keywords=tuple(k for k in (r["focus"], *r["synonyms"]) if k.strip()),
        )
        for r in rows
    )
    queries = tuple(
        Query(r["qid"], r["query"], frozenset(r["relevant"])) for r in _jsonl(folder / "queries.jsonl")
    )
    extra = tuple(" ".join((r["focus"], *r["synonyms"])) for r in rows)
    return Dataset("MedQuAD", entries, queries, extra)


def off_topic(medquad_sample: int = 3000) -> dict[str, list[str]]:
    """Public questions about other things, by set: a fixed sample of MedQuAD's
    questions about other conditions, LiveQA's consumer questions (paraphrase
    and original message, which may describe a real emergency) and StackFAQ's
    queries. An FAQ answer to any of them is wrong; an urgent notice is a
    false alarm, except where a LiveQA message does describe an emergency."""
    folder = DATA / "medquad-liveqa2017"
    questions = sorted({r["question"] for r in _jsonl(folder / "faq.jsonl.gz")})
    live = list(_jsonl(folder / "queries.jsonl"))
    sets = {
        "medquad": random.Random(1).sample(questions, min(medquad_sample, len(questions))),
        "liveqa": [r["paraphrase"] for r in live] + [r["message"][:600] for r in live],
        "stackfaq": [r["query"] for r in _jsonl(DATA / "stackfaq" / "queries.jsonl")],
    }
    return {name: [" ".join(q.split()) for q in qs] for name, qs in sets.items()}


# Ways patients wrap a question; the matcher must see through them.
_PREFIXES = ("", "", "", "hi, ", "quick question: ", "can you tell me ", "i was wondering ", "doctor said - ")
_SUFFIXES = ("", "", "", "?", " please", " thanks", "??", " asap")
_OFF_TOPIC = (
    "what are the symptoms of measles",
    "how do i renew my passport",
    "is it going to rain tomorrow",
    "best pizza near me",
    "how many calories in a banana",
    "my cat keeps sneezing, what should i do",
    "what time does the pharmacy open",
    "can you recommend a good book",
)


def patient_questions(faq: Faq, count: int, seed: int = 1) -> list[str]:
    """``count`` varied questions for the bundled FAQ: its phrasings with
    typos, dropped words and chatty wrappers, plus some off-topic ones, so the
    run exercises typo correction, synonyms and declining alike."""
    rng = random.Random(seed)
    phrasings = [p for e in faq.entries for p in e.phrasings]
    out: list[str] = []
    while len(out) < count:
        if rng.random() < 0.1:
            out.append(rng.choice(_OFF_TOPIC))
            continue
        ws = rng.choice(phrasings).rstrip("?").split()
        if len(ws) > 3 and rng.random() < 0.3:
            del ws[rng.randrange(len(ws))]
        if rng.random() < 0.3:
            i = rng.randrange(len(ws))
            w = ws[i]
            if len(w) > 3:
                j = rng.randrange(1, len(w) - 1)
                ws[i] = w[:j] + w[j + 1 :]  # a dropped letter
        text = " ".join(ws)
        if rng.random() < 0.5:
            text = text.lower()
        out.append(rng.choice(_PREFIXES) + text + rng.choice(_SUFFIXES))
    return out


# What a patient says between questions: follow-ups that lean on the last
# answer, picks from a list, small talk, and two questions in one message.
_FOLLOW_UPS = (
    "tell me more",
    "why?",
    "1",
    "2",
    "thanks",
    "and diabetes?",
    "how is it treated?",
    "does it hurt?",
    "is it?",
    "ok",
)


def conversation(faq: Faq, count: int, seed: int = 2) -> list[str]:
    """``count`` messages of a chat: :func:`patient_questions`, each followed
    at random by a follow-up or joined to the next as a second question."""
    rng = random.Random(seed)
    questions = iter(patient_questions(faq, count, seed))
    out: list[str] = []
    while len(out) < count:
        question = next(questions)
        roll = rng.random()
        if roll < 0.1:
            out.append(f"{question} and {next(questions)}")
        else:
            out.append(question)
        if roll > 0.5:
            out.append(rng.choice(_FOLLOW_UPS))
    return out[:count]
