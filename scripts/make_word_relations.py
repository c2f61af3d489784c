"""Regenerate faq_bot/data/word-relations.txt from WordNet 3.0.

    python scripts/make_word_relations.py /usr/share/wordnet

(Debian's wordnet-base puts the database there; any WordNet 3.0 ``dict`` folder
will do.) The table links a word to the words WordNet says mean the same or
nearly, for the senses it is most often used in, so that faq-bot can read
"misplaced" in a question as weak evidence for an FAQ that says "lost"
(:mod:`faq_bot.relations`). Only relations worth trusting are kept:

- synonyms: the other words of a synset that is one of the word's frequent
  senses (tagged at least :data:`FREQUENT_SHARE` as often as its commonest
  sense in WordNet's sense-tagged corpora, ``cntlist.rev``; the first sense of
  each part of speech when none of its senses was ever tagged), and that the
  other word itself uses (its first sense, or one tagged often enough:
  :data:`OTHER_MIN_TAGS`, :data:`OTHER_SHARE`);
- derived forms: WordNet's derivationally related forms and pertainyms of
  those senses ("payment" and "pay", "annual" and "year").

Nouns' words one step up ("toddler" is a child, "massage" a treatment) are
left out: measured, they made the bundled FAQ answer "does acupuncture help
failed back syndrome" from its treatment entry (bench/README.md).

Both ends are single words of the normaliser's alphabet in the English table
(``faq_bot/data/english-words.txt``), the word an FAQ would use with a Zipf
frequency of at least :data:`MIN_ZIPF`: rarer words are names of things an
FAQ covers or does not, not the plain words it answers in. Irregular
inflections (WordNet's ``.exc`` files: "took" of "take", "mice" of "mouse")
are marked both ways: ``=take`` on the line of "took", ``<took`` on the line of
"take", so that a related word finds the FAQ's word in any of its forms.

One line per word, in the byte order of the words' UTF-8::

    <word> <synonym or derived form> ... [=<lemma> ...] [<irregular form> ...]

WordNet 3.0 is Princeton University's (licence: the notice kept in
faq_bot/data/word-relations.NOTICE, which must travel with the table).
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "faq_bot" / "data" / "word-relations.txt"
ENGLISH = ROOT / "faq_bot" / "data" / "english-words.txt"
#: A sense is frequent when tagged at least this share as often as the word's commonest.
FREQUENT_SHARE = 0.25
#: The word related to uses the synset as its first sense, or tagged at least
#: this many times and this share as often as its commonest sense of that part
#: of speech: "lose" is "misplace" (7 of 123), "policy" is not "insurance" (2 of 33).
OTHER_MIN_TAGS = 3
OTHER_SHARE = 0.05
#: The word related to is at least this common (Zipf).
MIN_ZIPF = 2.5
POS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
SS_TYPE_POS = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}


def english() -> dict[str, float]:
    out = {}
    for line in ENGLISH.read_text(encoding="utf-8").splitlines():
        word, code = line.rsplit(" ", 1)
        out[word] = int(code) / 10
    return out


def usable(lemma: str, zipfs: dict[str, float], floor: float = MIN_ZIPF) -> bool:
    return lemma.isalpha() and lemma.islower() and zipfs.get(lemma, 0.0) >= floor


def main(folder: Path) -> int:
    zipfs = english()
    # (lemma, pos) -> synset offsets in sense order
    senses: dict[tuple[str, str], list[str]] = {}
    for pos, name in POS.items():
        for line in (folder / f"index.{name}").read_text(encoding="utf-8").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split()
            lemma = fields[0]
            synsets = int(fields[2])
            senses[(lemma, pos)] = fields[-synsets:]
    # (lemma, pos, sense number) -> tag count
    counts: dict[tuple[str, str, int], int] = {}
    for line in (folder / "cntlist.rev").read_text(encoding="utf-8").splitlines():
        key, number, count = line.split()
        lemma, rest = key.split("%", 1)
        pos = SS_TYPE_POS[rest[0]]
        counts[(lemma, pos, int(number))] = counts.get((lemma, pos, int(number)), 0) + int(count)
    # synset (pos, offset) -> words, and its pointers
    words: dict[tuple[str, str], list[str]] = {}
    pointers: dict[tuple[str, str], list[tuple[str, str, str, int, int]]] = {}
    for pos, name in POS.items():
        for line in (folder / f"data.{name}").read_text(encoding="utf-8").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split(" | ", 1)[0].split()
            offset, size = fields[0], int(fields[3], 16)
            members = [fields[4 + 2 * i].lower() for i in range(size)]
            # adjectives carry a marker: "big(a)"
            members = [m.split("(", 1)[0] for m in members]
            at = 4 + 2 * size
            found = []
            for i in range(int(fields[at])):
                symbol, target, target_pos, st = fields[at + 1 + 4 * i : at + 5 + 4 * i]
                target_pos = "a" if target_pos == "s" else target_pos  # a satellite is an adjective
                found.append((symbol, target, target_pos, int(st[:2], 16), int(st[2:], 16)))
            words[(pos, offset)] = members
            pointers[(pos, offset)] = found

    def uses(lemma: str, pos: str, offset: str) -> bool:
        """Whether ``lemma`` uses the synset in a tagged sense or as its first."""
        order = senses.get((lemma, pos), [])
        if offset not in order:
            return False
        number = order.index(offset) + 1
        if number == 1:
            return True
        tagged = counts.get((lemma, pos, number), 0)
        top = max(counts.get((lemma, pos, n), 0) for n in range(1, len(order) + 1))
        return tagged >= OTHER_MIN_TAGS and tagged >= OTHER_SHARE * top

    def frequent(lemma: str) -> list[tuple[str, str]]:
        tagged = {
            (pos, order[n]): counts.get((lemma, pos, n + 1), 0)
            for pos in POS
            for order in [senses.get((lemma, pos), [])]
            for n in range(len(order))
        }
        top = max(tagged.values(), default=0)
        if top == 0:
            return [(pos, order[0]) for pos in POS for order in [senses.get((lemma, pos))] if order]
        return [s for s, c in tagged.items() if c >= FREQUENT_SHARE * top]

    same: dict[str, set[str]] = defaultdict(set)
    for lemma in sorted({lemma for lemma, _ in senses}):
        if not usable(lemma, zipfs, 0.0):  # any word of the English table may be asked
            continue
        for pos, offset in frequent(lemma):
            members = words[(pos, offset)]
            same[lemma].update(m for m in members if m != lemma and usable(m, zipfs) and uses(m, pos, offset))
            mine = members.index(lemma) + 1 if lemma in members else 0
            for symbol, target, target_pos, source, goal in pointers[(pos, offset)]:
                if symbol in ("+", "\\") and source == mine and goal:
                    other = words[(target_pos, target)][goal - 1]
                    if other != lemma and usable(other, zipfs):
                        same[lemma].add(other)
    irregular: dict[str, set[str]] = defaultdict(set)
    inflected: dict[str, set[str]] = defaultdict(set)
    for name in POS.values():
        for line in (folder / f"{name}.exc").read_text(encoding="utf-8").splitlines():
            form, *lemmas = line.split()
            if form.isalpha() and form in zipfs:
                for lemma in lemmas:
                    if lemma.isalpha() and lemma != form and lemma in zipfs:
                        irregular[form].add(lemma)
                        inflected[lemma].add(form)
    lines = []
    for lemma in sorted(set(same) | set(irregular) | set(inflected), key=lambda w: w.encode()):
        parts = [lemma, *sorted(same.get(lemma, ()))]
        parts += [f"={lemma_}" for lemma_ in sorted(irregular.get(lemma, ()))]
        parts += [f"<{form}" for form in sorted(inflected.get(lemma, ()))]
        if len(parts) > 1:
            lines.append(" ".join(parts))
    # Into a new file, never over the old one: running bots map the table
    # (faq_bot.wordstats.data_table), and a file cut short under a mapping kills them.
    fresh = OUT.with_name(f".{OUT.name}.tmp")
    fresh.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(fresh, OUT)
    print(f"{len(lines)} words, {OUT.stat().st_size} bytes -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet")))
