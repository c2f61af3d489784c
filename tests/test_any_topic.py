"""faq-bot is for any FAQ: the bot's own words come from the FAQ (its topic,
its source if any, its reminder), and a FAQ made in code is checked like a
loaded one."""

from __future__ import annotations

import ast
import contextlib
import io
import re
from pathlib import Path

import pytest
from conftest import DATA, ROOT

import faq_bot
from faq_bot import Entry, Faq, FaqBot, FaqInvalid, Section, Status, UrgentRule, load_faq, load_faq_text
from faq_bot.cli import build_parser, main
from faq_bot.conversation import Conversation
from faq_bot.render import render_reply

BILLING = DATA / "billing.yaml"
# What a billing FAQ's user must never read: the bundled FAQ's subject, or
# medical wording that is not the FAQ's own.
MEDICAL = re.compile(r"failed back|\bfbss?\b|doctor|physician|surgeon|medical|patient", re.IGNORECASE)


@pytest.fixture(scope="module")
def billing() -> Faq:
    return load_faq(BILLING)


def test_the_billing_faq_is_valid_and_has_no_source(billing: Faq) -> None:
    assert billing.source is None
    assert billing.topic == "billing for Acme Notes"


def test_banner_and_help_speak_of_the_faqs_topic(billing: Faq) -> None:
    conversation = Conversation(FaqBot(billing))
    shown = "".join(out.text for out in (conversation.welcome(), conversation.help(), conversation.source()))
    assert MEDICAL.search(shown) is None, shown
    assert conversation.welcome().text.startswith("faq-bot answers questions about billing for Acme Notes.\n")
    assert billing.reminder in conversation.welcome().text
    assert "Ask a question about billing for Acme Notes in your own words." in conversation.help().text


@pytest.mark.parametrize(
    "message",
    # Medical words used about money: with `builtin: none` they are no emergency.
    ["I am choking on these fees", "my account feels paralysed since the card was declined"],
)
def test_a_faq_not_about_health_raises_no_medical_alarm(billing: Faq, message: str) -> None:
    reply = FaqBot(billing).ask(message)
    assert reply.status is not Status.URGENT
    assert not any(word in (reply.message or "").lower() for word in ("doctor", "physician", "emergency"))


def test_an_answer_without_an_article_names_its_section(billing: Faq) -> None:
    reply = FaqBot(billing).ask("which cards do you take?")
    lines = render_reply(billing, reply).splitlines()
    assert lines[1] == "Section: Paying"


def test_the_default_fallback_names_the_topic(billing: Faq) -> None:
    reply = FaqBot(billing).ask("what is the weather like on mars")
    assert reply.message == (
        "Sorry, I don't have a good answer to that. I can only answer questions about billing for "
        "Acme Notes. Try asking in other words."
    )


def _all_help() -> str:
    parser = build_parser()
    [commands] = [a for a in parser._actions if a.dest == "command"]
    texts = [parser.format_help()]
    texts += [sub.format_help() for sub in commands.choices.values()]  # type: ignore[union-attr]
    return "\n".join(texts)


def test_command_line_help_names_no_topic() -> None:
    assert MEDICAL.search(_all_help()) is None


def test_help_check_can_fail() -> None:
    assert MEDICAL.search("talk to your physician")


def test_package_description_names_no_topic() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    [description] = re.findall(r'^description = "(.*)"$', pyproject, flags=re.MULTILINE)
    assert MEDICAL.search(description) is None


def _string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


@pytest.mark.parametrize("module", sorted(p.name for p in Path(faq_bot.__file__).parent.glob("*.py")))
def test_no_code_names_the_bundled_faqs_subject(module: str) -> None:
    # The subject is the bundled FAQ's business: it lives in faq/, not in code.
    texts = _string_constants(Path(faq_bot.__file__).parent / module)
    assert [t for t in texts if re.search(r"failed back|\bfbss?\b", t, re.IGNORECASE)] == []


def test_ask_prints_the_section_line_from_the_command_line() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["ask", "--faq", str(BILLING), "how do I cancel my plan"]) == 0
    assert out.getvalue().splitlines()[1] == "Section: Cancelling and refunds"


# --- a Faq made in code ----------------------------------------------------------

GOOD = Entry("a", "general", "What is a?", "A is the first letter.")


def test_a_faq_made_in_code_is_checked_like_a_loaded_one() -> None:
    with pytest.raises(FaqInvalid) as exc_info:
        Faq(
            sections=(Section("general", "General"),),
            reminder="",
            entries=(
                GOOD,
                GOOD,
                Entry("b", "elsewhere", "What is b?", ""),
                Entry("c", "general", "Q?", "A."),
            ),
            urgent_rules=(UrgentRule("empty"),),
        )
    assert [p.message for p in exc_info.value.problems] == [
        "the reminder must be text that is not empty, not ''",
        "duplicate entry id 'a' (first at entry 1)",
        "entry 'b' names section 'elsewhere', which is not declared; declare it under 'sections'",
        "entry 'b' has an empty or missing answer",
        "urgent rule 'empty' needs phrases in 'any' or groups of phrases in 'all'",
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # Each on its own: what a code-built FAQ gets wrong most easily.
        ({"entries": ()}, "the FAQ has no entries"),
        ({"topic": " "}, "the topic must be text that is not empty, not ' '"),
        ({"sections": (Section("general", "General"),) * 2}, "duplicate section id 'general'"),
        (
            {"synonyms": (("card", ()),)},
            "synonyms need a term and at least one variant, none empty: 'card': ()",
        ),
        (
            {"synonyms": (("card", ("visa",)), ("bank", ("Visa",)))},
            "synonym 'Visa' is given for both 'card' and 'bank'",
        ),
    ],
)
def test_each_problem_of_a_faq_made_in_code(change: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "sections": (Section("general", "General"),),
        "reminder": "R.",
        "entries": (GOOD,),
    }
    with pytest.raises(FaqInvalid) as exc_info:
        Faq(**{**fields, **change})  # type: ignore[arg-type]
    assert [p.message for p in exc_info.value.problems] == [message]


def test_a_faq_made_in_code_may_use_any_ids() -> None:
    # Data sets keep their own ids ("CancerGov_0000001"): slugs are a rule of the file format.
    entry = Entry("Q_1", "s", "What is the quota?", "Ten a day.")
    faq = Faq(sections=(Section("s", "S"),), reminder="R.", entries=(entry,))
    assert FaqBot(faq).ask("what is the quota").entry == entry


def test_faq_fields_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        Faq((Section("general", "General"),), "R.", (GOOD,))  # type: ignore[misc]


# --- FAQ text in memory ------------------------------------------------------------


def test_faq_text_in_memory_loads_like_a_file(billing: Faq) -> None:
    from_text = load_faq_text(BILLING.read_text(encoding="utf-8"), name="billing.yaml")
    assert from_text.entries == billing.entries
    assert from_text.entries[0].path == "billing.yaml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "<text>:1: file is empty"),
        ("reminder: [\n", "<text>:2:1: invalid YAML"),
        ("reminder: R.\nentries: []\n", "<text>:2:10: entries is an empty list"),
        ("reminder: R.\n\udc80: x\n", "<text>: text holds a lone surrogate ('\\udc80')"),
    ],
)
def test_faq_text_in_memory_reports_problems_as_a_file_does(text: str, message: str) -> None:
    with pytest.raises(FaqInvalid) as exc_info:
        load_faq_text(text)
    assert str(exc_info.value.problems[0]).startswith(message)
