"""faq_bot.relations: the WordNet-derived word table, and how the matcher uses it
as weak evidence (FaqIndex.settle)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

import faq_bot
from faq_bot import Faq, FaqBot, Status, relations

TABLE = Path(faq_bot.__file__).parent / "data" / "word-relations.txt"

LIBRARY = """\
topic: a town library
reminder: Ask at the desk for your own account.
fallback: Sorry, I can't answer that.
sections:
  - id: library
    title: The library
entries:
  - id: lost-card
    section: library
    question: What do I do if I lose my library card?
    answer: Tell the desk; a new card costs two pounds.
  - id: hours
    section: library
    question: When does the library open and close?
    answer: From nine to five, Monday to Saturday.
  - id: renew
    section: library
    question: How do I renew a book?
    answer: Online or at the desk, up to three times.
  - id: rooms
    section: library
    question: Can I book a meeting room?
    answer: Yes, rooms hold up to twelve people and can be booked online.
  - id: printing
    section: library
    question: Is there a printer I can use?
    answer: Yes, printing costs ten pence a page; a suit of fonts is installed.
"""


def test_the_table_is_sorted_so_bisection_holds() -> None:
    lines = TABLE.read_bytes().split(b"\n")[:-1]
    keys = [line.split(b" ", 1)[0] for line in lines]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def test_bisection_finds_every_line_it_is_asked_for() -> None:
    # The search must land on every line, first and last included.
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    for line in [lines[0], lines[-1], *random.Random(5).sample(lines, 500)]:
        word, rest = line.split(" ", 1)
        assert relations._fields(word) == rest.split(), word


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("took", ("took", "take")),  # irregular, from WordNet's exception lists
        ("misplaced", ("misplaced", "misplace")),  # regular, by its detachment rules
        ("printer", ("printer",)),  # no adjective endings: a printer is no form of print
        ("qqzz", ("qqzz",)),  # no word at all
    ],
)
def test_lemmas(word: str, forms: tuple[str, ...]) -> None:
    assert relations.lemmas(word) == forms


@pytest.mark.parametrize(
    ("word", "lemmas"),
    [("learnt", ("learn",)), ("kept", ("keep",)), ("misplaced", ()), ("qqzz", ())],  # only irregular forms
)
def test_irregular_lemmas(word: str, lemmas: tuple[str, ...]) -> None:
    assert relations.irregular_lemmas(word) == lemmas


def test_links_reach_the_faqs_word_in_any_of_its_forms() -> None:
    # The FAQ says "lost": "misplaced" -> "misplace" -> "lose" -> its irregular form "lost".
    faq_terms = {"lost": "lost"}
    assert relations.links("misplaced", faq_terms.get, information=0.6) == frozenset({"lost"})


def test_a_common_word_links_only_by_its_inflections() -> None:
    # "name" has too many senses ("call", "identify") for a relation to hold.
    faq_terms = {"call": "call"}
    assert relations.links("name", faq_terms.get, information=0.07) == frozenset()
    assert relations.links("named", faq_terms.get, information=0.07) == frozenset()


@pytest.fixture
def library(make_faq: Callable[[str], Faq]) -> FaqBot:
    return FaqBot(make_faq(LIBRARY))


# Paraphrases with words the FAQ never uses, whose best entry holds a word
# general English relates to them: answered.
@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("i misplaced my library card", "lost-card"),
        ("does the library shut on saturdays", "hours"),
    ],
)
def test_a_related_word_the_best_entry_holds_counts_as_known(
    library: FaqBot, question: str, entry: str
) -> None:
    assert library.index.analyze(question).unknown  # the FAQ never says it
    reply = library.ask(question)
    assert reply.status is Status.ANSWERED
    assert reply.entry is not None
    assert reply.entry.id == entry


def test_a_related_word_the_best_entry_does_not_hold_stays_unknown(library: FaqBot) -> None:
    index = library.index
    query = index.analyze("misplaced meeting room")
    rooms = next(i for i, e in enumerate(index.entries) if e.id == "rooms")
    lost = next(i for i, e in enumerate(index.entries) if e.id == "lost-card")
    assert index.settle(query, rooms) == query
    settled = index.settle(query, lost)
    assert settled.unknown["misplaced"] < query.unknown["misplaced"]
    assert settled.information > query.information


def test_relations_never_choose_the_entry(library: FaqBot) -> None:
    # "sue" is related to "suit", which only the printing entry's answer says:
    # the question matches "library" alone, so it stays about something else.
    reply = library.ask("can i sue the library")
    assert reply.status is Status.NO_MATCH
