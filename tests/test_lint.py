"""faq-bot lint: each check on a small clean FAQ with one flaw put in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BUNDLED_FAQ, FAQ_DIR, ROOT, Result

from faq_bot import FaqBot, load_faq
from faq_bot.lint import Finding, _spelled_alike, lint, sentences

EXAMPLE = FAQ_DIR / "examples" / "millbrook-library.yaml"
# The article lives in shared/, beside the repository (CI clones it there too).
SOURCE = ROOT.parent / "shared" / "source" / "what-is-failed-back-syndrome.md"
needs_source = pytest.mark.skipif(not SOURCE.exists(), reason=f"the source article is not at {SOURCE}")


def flawed(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """The example FAQ with ``old`` replaced by ``new``, and the line ``new`` starts on."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "faq.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, text[: text.index(old)].count("\n") + 1


def test_example_faq_is_clean() -> None:
    # The flawed FAQs below differ from it by one change, so each finding is that change's.
    assert lint(load_faq(EXAMPLE)) == []


WEEKDAY_ALTERNATE = "      - what are your opening hours\n"
COPY_OF_LOST_CARD = """
  - id: lost-card-again
    section: membership
    question: What should I do if I lose my library card again?
    answer: >-
      Tell the front desk as soon as you can so nobody else can borrow on your
      card. A replacement card costs 2 euros.
"""


# One row per check: the flaw an author is likely to make, and what lint must say about it.
@pytest.mark.parametrize(
    ("old", "new", "expected", "offset"),
    [
        pytest.param(  # the same content words as another entry's question: the bot can't tell them
            # apart but in these very words, which it answers as their author placed them
            "      - my card was stolen\n",
            "      - my card was stolen\n      - so when is the library open on weekdays?\n",
            ("warning", "tied", ("lost-card", "weekday-hours")),
            1,
            id="tied",
        ),
        pytest.param(  # another entry's own phrasing: that entry, first in the file, answers it
            "      - my card was stolen\n",
            "      - my card was stolen\n      - how do i join the library\n",
            ("error", "misrouted", ("lost-card", "getting-a-card")),
            1,
            id="misrouted",
        ),
        pytest.param(  # only stopwords: the bot has nothing to match
            WEEKDAY_ALTERNATE,
            WEEKDAY_ALTERNATE + "      - what are you\n",
            ("error", "unanswered", ("weekday-hours",)),
            1,
            id="unanswered",
        ),
        pytest.param(  # the same words cannot lead to two answers
            WEEKDAY_ALTERNATE,
            WEEKDAY_ALTERNATE + "      - CAN I RENEW MY BOOKS\n",
            ("error", "same-phrasing", ("weekday-hours", "renewing")),
            1,
            id="same-phrasing",
        ),
        pytest.param(  # harmless to patients, but dead weight for authors
            WEEKDAY_ALTERNATE,
            WEEKDAY_ALTERNATE + "      - what are your opening hours?!\n",
            ("warning", "repeated-phrasing", ("weekday-hours",)),
            1,
            id="repeated-phrasing",
        ),
        pytest.param(  # an entry copied under a new id, its question barely changed
            "  # --- About this example (about) ---\n",
            COPY_OF_LOST_CARD + "\n  # --- About this example (about) ---\n",
            ("warning", "near-duplicate", ("lost-card", "lost-card-again")),
            1,
            id="near-duplicate",
        ),
        pytest.param(  # a rare word under a common one names a kind of it, not the same thing
            "  books: [book, novel, novels, dvd, dvds, items, item]\n",
            "  books: [book, novel, novels, dvd, dvds, items, item, incunabula]\n",
            ("warning", "narrow-synonym", ()),
            0,
            id="narrow-synonym-rare",
        ),
        pytest.param(  # the term with a word in front is a kind of it
            "  fine: [fines, fee, fees, charge, charges, penalty]\n",
            "  fine: [fines, fee, fees, charge, charges, penalty, parking fine]\n",
            ("warning", "narrow-synonym", ()),
            0,
            id="narrow-synonym-kind",
        ),
        pytest.param(  # what the README asks of an entry: 3 or more alternates (found at its question)
            WEEKDAY_ALTERNATE + "      - what time do you open in the morning\n",
            "",
            ("warning", "few-alternates", ("weekday-hours",)),
            -2,
            id="few-alternates",
        ),
        pytest.param(  # ... and an answer of 2 to 5 sentences (found at the answer)
            " These times are the same from week to week.",
            "",
            ("warning", "answer-length", ("weekday-hours",)),
            -2,
            id="answer-length",
        ),
        pytest.param(
            "  - id: about\n    title: About this example\n",
            "  - id: events\n    title: Events\n  - id: about\n    title: About this example\n",
            ("warning", "empty-section", ()),
            0,
            id="empty-section",
        ),
    ],
)
def test_each_check_reports_its_flaw(
    tmp_path: Path, old: str, new: str, expected: tuple[str, str, tuple[str, ...]], offset: int
) -> None:
    path, line = flawed(tmp_path, old, new)
    findings = lint(load_faq(path))
    found = [(f.level, f.code, f.entries) for f in findings]
    assert expected in found
    finding = findings[found.index(expected)]
    assert finding.path == str(path)
    # The finding points at the inserted line (``offset`` lines into ``new``), not just at its entry.
    assert finding.line == line + offset


# A rare spelling of a term of several words, run together or as initials, is
# the same thing, not a narrower one: no narrow-synonym warning.
@pytest.mark.parametrize("variant", ["librarycard", "Library-Card"])
def test_a_term_written_another_way_is_no_narrower(tmp_path: Path, variant: str) -> None:
    path, _ = flawed(tmp_path, "membership, member card]", f"membership, member card, {variant}]")
    assert "narrow-synonym" not in [f.code for f in lint(load_faq(path))]


@pytest.mark.parametrize(
    ("variant", "term", "alike"),
    [
        ("ihd", "in-home display", True),  # its initials
        ("carryon", "carry-on", True),  # run together
        ("carry on bag", "carry-on", False),  # more than the term: maybe a kind of it
        ("ihd", "display", False),  # one word has no initials to stand for
        ("novel", "books", False),
    ],
)
def test_spellings_of_a_term(variant: str, term: str, alike: bool) -> None:
    assert _spelled_alike(variant, term) is alike


def test_finding_says_what_where_and_the_scores(tmp_path: Path) -> None:
    path, line = flawed(tmp_path, WEEKDAY_ALTERNATE, WEEKDAY_ALTERNATE + "      - what are you\n")
    [finding] = lint(load_faq(path))
    assert finding == Finding(
        "error",
        "unanswered",
        "alternate 'what are you' of entry 'weekday-hours' gets no answer (best score 0.0; "
        "'weekday-hours' scores not in the top 10); reword it with words the entry is about",
        str(path),
        line + 1,
        ("weekday-hours",),
    )
    assert str(finding).startswith(f"{path}:{line + 1}: error: alternate 'what are you'")


def test_copied_answer_is_reported_only_with_a_source() -> None:
    faq = load_faq(EXAMPLE)
    loan = faq.entry("loan-period")
    assert loan is not None
    source = f"Our rules. {loan.answer.upper()} Thank you."
    [finding] = lint(faq, source_text=source)
    assert (finding.level, finding.code, finding.entries) == ("error", "copied-from-source", ("loan-period",))
    assert "copies 25 words in a row" in finding.message
    # Eleven shared words in a row are a coincidence of phrasing, not copying.
    eleven = " ".join(loan.answer.split()[:11])
    assert lint(faq, source_text=f"x {eleven} y") == []


@needs_source
def test_bundled_faq_has_no_copied_answers_duplicates_or_empty_sections(bot: FaqBot) -> None:
    findings = lint(bot.faq, bot=bot, source_text=SOURCE.read_text(encoding="utf-8"))
    assert {f.code for f in findings} <= {"misrouted", "unanswered"}


@needs_source
def test_bundled_faq_passes_strict_lint(run_main: Callable[..., Result]) -> None:
    result = run_main("lint", "--strict", "--faq", str(BUNDLED_FAQ), "--source", str(SOURCE))
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK: no problems in ")


def test_cli_prints_one_line_per_finding_and_exits_1_on_errors(
    tmp_path: Path, run_main: Callable[..., Result]
) -> None:
    path, line = flawed(tmp_path, WEEKDAY_ALTERNATE, WEEKDAY_ALTERNATE + "      - what are you\n")
    result = run_main("lint", "--faq", str(path))
    assert result.returncode == 1
    assert result.stdout == (
        f"{path}:{line + 1}: error: alternate 'what are you' of entry 'weekday-hours' gets no answer "
        "(best score 0.0; 'weekday-hours' scores not in the top 10); "
        "reword it with words the entry is about\n"
        "1 error, 0 warnings in 11 entries\n"
    )


@pytest.mark.parametrize(("strict", "code"), [([], 0), (["--strict"], 1)])
def test_warnings_fail_only_with_strict(
    tmp_path: Path, run_main: Callable[..., Result], strict: list[str], code: int
) -> None:
    path, line = flawed(tmp_path, "  - id: about\n", "  - id: events\n    title: Events\n  - id: about\n")
    result = run_main("lint", "--faq", str(path), *strict)
    assert result.returncode == code
    assert result.stdout == (
        f"{path}:{line}: warning: section 'events' ('Events') has no entry; add one or remove the section\n"
        "0 errors, 1 warning in 11 entries\n"
    )


def test_clean_faq_exits_0(run_main: Callable[..., Result]) -> None:
    result = run_main("lint", "--strict", "--faq", str(EXAMPLE))
    assert (result.returncode, result.stdout, result.stderr) == (0, "OK: no problems in 11 entries\n", "")


def test_unreadable_source_is_a_usage_error(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    missing = tmp_path / "missing.md"
    result = run_cli("lint", "--faq", str(EXAMPLE), "--source", str(missing))
    assert result.returncode == 2
    assert result.stderr == (
        f"faq-bot: error: {missing}: cannot read the source: "
        f"[Errno 2] No such file or directory: '{missing}'\n"
    )


def test_finding_without_a_file_prints_no_location() -> None:
    assert str(Finding("warning", "empty-section", "no entry")) == "warning: no entry"


# Abbreviations and quoted questions must not count as sentence ends, or lint
# would nag about answers that are fine.
@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("One. Two? Three!", 3),
        ('It is "What is Failed Back Syndrome?", by someone.', 1),
        ('He said "stop." Then he left.', 2),
        ("Bring a card, e.g. a bank card. Then sign.", 2),
        ("No full stop at the end", 1),
        ("One. And a trailing bit", 2),
    ],
)
def test_sentences_are_counted_as_a_reader_would(text: str, count: int) -> None:
    assert sentences(text) == count
