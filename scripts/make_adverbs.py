"""Regenerate faq_bot/data/adverbs.txt from WordNet 3.0.

    python scripts/make_adverbs.py /usr/share/wordnet

(Debian's wordnet-base puts the database there; any WordNet 3.0 ``dict`` folder
will do.) The table lists the words WordNet knows only as adverbs, in none of
its senses a noun, verb or adjective: "anymore", "soon", "always",
"automatically". Such a word says how, when or how much something is asked,
never what it is about, so :func:`faq_bot.wordstats.information` weighs it as
an incidental word, whatever the FAQ: "money back for a permit I don't use
anymore" is not about something a parking FAQ does not cover. A word that is
also a noun ("tonight", "somewhere") or an adjective ("far") stays out: it may
name what is asked.

Only single words of the normaliser's alphabet in the English table
(``faq_bot/data/english-words.txt``) are kept: any other string reads as no
word at all. One word a line, in the byte order of their UTF-8.

WordNet 3.0 is Princeton University's (licence: the notice kept in
faq_bot/data/adverbs.NOTICE, which must travel with the table).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "faq_bot" / "data" / "adverbs.txt"
ENGLISH = ROOT / "faq_bot" / "data" / "english-words.txt"


def lemmas(folder: Path, pos: str) -> set[str]:
    """The single-word lemmas of WordNet's index for ``pos``."""
    found = set()
    for line in (folder / f"index.{pos}").read_text(encoding="utf-8").splitlines():
        if line.startswith(" "):  # the licence at the top of the file
            continue
        word = line.split(" ", 1)[0]
        if word.isalpha():
            found.add(word)
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    folder = Path(argv[0])
    english = {line.rsplit(" ", 1)[0] for line in ENGLISH.read_text(encoding="utf-8").splitlines() if line}
    other = lemmas(folder, "noun") | lemmas(folder, "verb") | lemmas(folder, "adj")
    only = (lemmas(folder, "adv") - other) & english
    OUT.write_bytes(b"".join(w.encode("utf-8") + b"\n" for w in sorted(only, key=lambda w: w.encode())))
    print(f"wrote {len(only)} words to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
