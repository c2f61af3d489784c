"""Property-based tests: random YAML into the loader, random text into the bot.

The loader either returns a Faq or raises FaqError, never anything else; the
bot replies validly and deterministically to any text at all."""

from __future__ import annotations

import datetime
import functools
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from faq_bot import Faq, FaqBot, FaqError, Status, load_faq
from faq_bot.render import render_reply

# The function-scoped autouse fixture (isolated HOME) is set once per test,
# not per example; that is fine here, as nothing below touches HOME.
SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

FAQ_KEYS = [
    "source", "sections", "reminder", "fallback", "synonyms", "urgent", "entries",  # top level
    "id", "section", "question", "alternates", "answer", "keywords",  # an entry
    "title", "author", "editor", "date", "publisher", "url",  # source and sections
    "rules", "description", "any", "all",  # urgent rules
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["what-is-it", "definition", "What is failed back syndrome?", "yes", "3.10", ""]),
    st.dates(),
    st.datetimes(),
    st.binary(max_size=10),
)
keys = st.one_of(st.sampled_from(FAQ_KEYS), st.text(max_size=10), st.integers(), st.none(), st.booleans())
structures = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=40,
)


def text_value() -> st.SearchStrategy[Any]:
    """Mostly plausible text, sometimes any scalar or structure."""
    return st.one_of(st.text(min_size=1, max_size=40), st.sampled_from(["fbs", "pain", "a-b", "x"]), scalars)


@st.composite
def near_valid_faqs(draw: st.DrawFn) -> dict[Any, Any]:
    """A FAQ that is valid or one or two mistakes away, to reach the validator's depths."""
    section_ids = draw(
        st.lists(st.sampled_from(["definition", "symptoms", "Bad Id", "a--b", "x"]), max_size=3)
    )
    faq: dict[Any, Any] = {
        "source": {"title": draw(text_value())},
        "reminder": draw(text_value()),
        "fallback": draw(text_value()),
        "sections": [{"id": sid, "title": draw(text_value())} for sid in section_ids],
        "entries": [
            {
                "id": draw(st.sampled_from(["e1", "e2", "E 3", "e1"])),
                "section": draw(st.sampled_from([*section_ids, "nowhere"])),
                "question": draw(text_value()),
                "answer": draw(text_value()),
                **draw(
                    st.fixed_dictionaries({}, optional={"alternates": st.lists(text_value(), max_size=3)})
                ),
                **draw(st.fixed_dictionaries({}, optional={"keywords": st.lists(text_value(), max_size=3)})),
            }
            for _ in range(draw(st.integers(0, 3)))
        ],
    }
    if draw(st.booleans()):
        faq["synonyms"] = draw(
            st.dictionaries(st.text(max_size=10), st.lists(text_value(), max_size=3), max_size=3)
        )
    if draw(st.booleans()):
        faq["urgent"] = {
            "rules": [
                {
                    "id": draw(st.sampled_from(["r1", "R 2"])),
                    **draw(st.fixed_dictionaries({}, optional={"any": st.lists(text_value(), max_size=3)})),
                    **draw(
                        st.fixed_dictionaries(
                            {}, optional={"all": st.lists(st.lists(text_value(), max_size=2), max_size=2)}
                        )
                    ),
                }
                for _ in range(draw(st.integers(0, 2)))
            ]
        }
    for key in draw(st.lists(st.sampled_from(list(faq)), max_size=2)):
        faq[key] = draw(structures)  # replace a part with anything at all
    return faq


def load_text_or_error(content: str | bytes) -> Faq | None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "faq.yaml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        error: FaqError | None = None
        try:
            faq = load_faq(path)
        except FaqError as exc:  # anything else propagates and fails the test
            error = exc
    if error is not None:
        assert str(error)
        assert "\n" not in str(error), "errors print as one line"
        assert error.path == str(path)
        return None
    check_faq(faq)
    return faq


def check_faq(faq: Faq) -> None:
    assert faq.entries
    assert faq.reminder.strip()
    assert faq.fallback.strip()
    for entry in faq.entries:
        assert isinstance(entry.question, str)
        assert entry.question.strip()
        assert isinstance(entry.answer, str)
        assert entry.answer.strip()
    # A FAQ that loads must also serve questions.
    reply = FaqBot(faq).ask(faq.entries[0].question)
    assert reply.status in set(Status)


@functools.cache
def fresh_bot(faq: Faq) -> FaqBot:
    return FaqBot(faq)


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@SETTINGS
@given(structures)
@example({"source": {"title": datetime.date(2018, 10, 6)}})
@example([{"question": None}])
def test_random_structures_load_or_raise_faq_error(data: Any) -> None:
    load_text_or_error(dump(data))


@SETTINGS
@given(near_valid_faqs())
def test_near_valid_faqs_load_or_raise_faq_error(data: dict[Any, Any]) -> None:
    load_text_or_error(dump(data))


@SETTINGS
@given(near_valid_faqs(), st.sampled_from(["", "! ", "!!python/object/apply:os.system ", "&a ", "--- "]))
def test_near_valid_faqs_with_default_flow_style(data: dict[Any, Any], prefix: str) -> None:
    # Flow style ({a: [b]}) exercises another part of the parser; a prefix adds tags, anchors, markers.
    load_text_or_error(prefix + yaml.safe_dump(data, default_flow_style=True, allow_unicode=True))


@SETTINGS
@given(st.text())
@example("source: {title: [")
@example("\ufeff")
@example("%YAML 1.1\n---\na: b\n")
@example("%TAG ! tag:evil.example,2024:\n--- !x {}\n")
@example("? [a, b]\n: c\n")
@example("a: !!binary AAAA\n")
def test_random_text_loads_or_raises_faq_error(text: str) -> None:
    load_text_or_error(text)


@SETTINGS
@given(st.lists(st.sampled_from([*"[]{}:-?,&*!|>'\"#%@` \n\tab1", "\\e", "---", "...", "  "])).map("".join))
def test_yaml_punctuation_soup_loads_or_raises_faq_error(text: str) -> None:
    load_text_or_error(text)


@SETTINGS
@given(st.binary(max_size=300))
@example(b"\xff\xfe")
@example(b"\xef\xbb\xbf")
@example(b"\xef\xbb\xbf\xff\xfe")
def test_random_bytes_load_or_raise_faq_error(data: bytes) -> None:
    load_text_or_error(data)


# --- 11. any query gets a valid, deterministic reply -----------------------------------------


@SETTINGS
@given(st.text())
@example("")
@example("\x00")
@example("I can't control my bladder")
@example("What are the symptoms of failed back syndrome?")
def test_any_text_gets_a_valid_reply_every_time(bot: FaqBot, faq: Faq, text: str) -> None:
    reply = bot.ask(text)
    assert reply.status in {Status.ANSWERED, Status.NO_MATCH, Status.URGENT}
    assert 0 <= reply.score <= 100
    assert reply.reminder.strip()
    assert all(0 <= m.score <= 100 for m in reply.alternatives)
    assert bot.ask(text).to_dict() == reply.to_dict()
    assert render_reply(faq, reply)


@SETTINGS
@given(
    st.lists(
        st.sampled_from(
            [
                "failed",
                "back",
                "syndrome",
                "smoking",
                "pain",
                "surgery",
                "legs",
                "bladder",
                "can't",
                "control",
                "not",
                "no",
                "\u0301",
                "\x1b[2J",
                "🙂",
                "?",
                "\uff46\uff42\uff53",
            ]
        ),
        max_size=30,
    ).map(" ".join)
)
def test_faq_word_salad_gets_a_valid_reply_every_time(bot: FaqBot, text: str) -> None:
    reply = bot.ask(text)
    assert reply.status in set(Status)
    assert 0 <= reply.score <= 100
    assert reply.reminder.strip()
    assert bot.ask(text).to_dict() == reply.to_dict()
    assert fresh_bot(bot.faq).ask(text).to_dict() == reply.to_dict()  # a fresh bot (cold caches) agrees
