"""Regenerate faq_bot/data/non-nouns.txt from WordNet 3.0.

    python scripts/make_non_nouns.py /usr/share/wordnet

(Debian's wordnet-base puts the database there; any WordNet 3.0 ``dict`` folder
will do.) The table lists the words of the English table
(``faq_bot/data/english-words.txt``) that WordNet knows, in the form typed or as
an inflection of a lemma, as a verb or an adjective and in no sense as a noun:
"irritated", "vary", "convince", "unlucky", "booked". Such a word says what
happens or how something is, not what a question is about; the things another
topic's questions name are nouns ("acupuncture", "migraine", "yoga"), and a
word that is ever a noun ("stress", "sort", "sex") stays out. Words WordNet
knows only as adverbs are in ``adverbs.txt`` (``scripts/make_adverbs.py``) and
stay out of this one; words WordNet does not know (names, drugs, typos) are in
neither.

An inflection is read as WordNet's own lemmatiser reads one (its ``.exc``
files of irregular forms, then its suffix rules: "-ies" to "-y", "-ed" and
"-ing" with or without an "e", a doubled consonant undone): "booked" is a
form of the verb "book" and of no noun, so it is listed; "kills" is also the
plural of the noun "kill", so it is not.

One line per word, in the byte order of the words' UTF-8, with the classes
WordNet gives it (``v`` verb, ``a`` adjective, ``r`` adverb)::

    <word> <classes>

WordNet 3.0 is Princeton University's (licence: the notice kept in
faq_bot/data/non-nouns.NOTICE, which must travel with the table).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "faq_bot" / "data" / "non-nouns.txt"
ENGLISH = ROOT / "faq_bot" / "data" / "english-words.txt"
ADVERBS = ROOT / "faq_bot" / "data" / "adverbs.txt"
FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
#: WordNet's detachment rules (its morphy), by part of speech: suffix, replacement.
SUFFIXES = {
    "n": [
        ("s", ""),
        ("ses", "s"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ],
    "v": [
        ("s", ""),
        ("ies", "y"),
        ("es", "e"),
        ("es", ""),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
    ],
    "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
    "r": [],
}


def lemmas(folder: Path, pos: str) -> set[str]:
    """The single-word lemmas of WordNet's index for ``pos``."""
    found = set()
    for line in (folder / f"index.{FILES[pos]}").read_text(encoding="utf-8").splitlines():
        if line.startswith(" "):  # the licence at the top of the file
            continue
        word = line.split(" ", 1)[0]
        if word.isalpha():
            found.add(word)
    return found


def exceptions(folder: Path, pos: str) -> dict[str, list[str]]:
    """WordNet's irregular forms for ``pos``: each form with its lemmas."""
    found: dict[str, list[str]] = {}
    for line in (folder / f"{FILES[pos]}.exc").read_text(encoding="utf-8").splitlines():
        form, *bases = line.split()
        found.setdefault(form, []).extend(bases)
    return found


def readings(word: str, pos: str, known: set[str], irregular: dict[str, list[str]]) -> bool:
    """Whether ``word`` is a lemma of ``pos`` or a form of one."""
    if word in known or any(base in known for base in irregular.get(word, ())):
        return True
    for suffix, replacement in SUFFIXES[pos]:
        if word.endswith(suffix) and word[: len(word) - len(suffix)] + replacement in known:
            return True
    if pos == "v":  # "stopped", "stopping": the consonant doubled before the ending
        for suffix in ("ed", "ing"):
            stem = word[: -len(suffix) - 1]
            if (
                word.endswith(suffix)
                and len(stem) >= 2
                and word[-len(suffix) - 1] == stem[-1]
                and stem in known
            ):
                return True
    return False


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    folder = Path(argv[0])
    english = [line.rsplit(" ", 1)[0] for line in ENGLISH.read_text(encoding="utf-8").splitlines() if line]
    adverbs = set(ADVERBS.read_text(encoding="utf-8").split())
    known = {pos: lemmas(folder, pos) for pos in FILES}
    irregular = {pos: exceptions(folder, pos) for pos in FILES}
    lines = []
    for word in english:
        if not word.isalpha() or word in adverbs:
            continue
        classes = [pos for pos in FILES if readings(word, pos, known[pos], irregular[pos])]
        if classes and "n" not in classes:
            lines.append(f"{word} {''.join(classes)}\n")
    lines.sort(key=lambda line: line.split(" ", 1)[0].encode())
    OUT.write_bytes("".join(lines).encode("utf-8"))
    print(f"wrote {len(lines)} words to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
