"""A FaqBot shared between threads: several threads asking at once get the
replies one thread gets. Each round starts from a new bot, so its lazily
filled caches (stems, typo corrections, entries' scoring data) are filled
while the threads race, and the interpreter switches threads as often as it
can."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from faq_bot import Faq, FaqBot, Reply


@pytest.fixture
def switch_often() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def questions(faq: Faq, count: int, seed: int) -> list[str]:
    """Phrasings of the FAQ with a letter dropped (typo correction), words
    the FAQ never uses (the stem cache) and off-topic ones."""
    rng = random.Random(seed)
    phrasings = [p for entry in faq.entries for p in entry.phrasings]
    out = []
    for n in range(count):
        words = rng.choice(phrasings).split()
        i = rng.randrange(len(words))
        if len(words[i]) > 4:
            j = rng.randrange(1, len(words[i]) - 1)
            words[i] = words[i][:j] + words[i][j + 1 :]
        out.append(" ".join(words) + (f" zork{n}" if n % 7 == 0 else ""))
    return out


def _key(reply: Reply) -> tuple[object, ...]:
    entry = reply.entry.id if reply.entry else None
    return (reply.status, entry, reply.score, tuple(m.entry.id for m in reply.alternatives), reply.uncertain)


@pytest.mark.usefixtures("switch_often")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_threads_asking_at_once_get_the_replies_one_thread_gets(faq: Faq, seed: int) -> None:
    asked = questions(faq, 400, seed)
    alone = [_key(r) for r in map(FaqBot(faq).ask, asked)]
    shared = FaqBot(faq)
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = [_key(r) for r in pool.map(shared.ask, asked)]
    assert together == alone
