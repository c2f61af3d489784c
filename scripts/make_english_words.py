"""Regenerate faq_bot/data/english-words.txt from wordfreq's English list.

    python -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq==3.1.1 -e .
    /tmp/wf/bin/python scripts/make_english_words.py

wordfreq (Robyn Speer) is Apache-2.0 code with word lists under CC BY-SA 4.0;
the derived table is shared under the same licence, with the attribution in
faq_bot/data/english-words.NOTICE. The table keeps each word's Zipf frequency
(log10 of its count per billion words), rounded to a tenth, for the words
faq-bot's normaliser can produce (lower case, letters only; "don't" becomes
"dont", its frequencies added up) down to FLOOR: rarer words are all "rare"
to faq-bot. One line per word, ``<word> <zipf * 10>``, in the byte order of
the words' UTF-8, so faq-bot can look a word up by bisection without
building a dictionary of 100,000 strings first. Kept uncompressed, so that
reading it costs a command's start-up under a millisecond (unzipping it took
about 5 ms); the wheel compresses it anyway.
"""

from __future__ import annotations

import math
import os
import sys
from importlib.metadata import version
from pathlib import Path

from wordfreq import get_frequency_dict

from faq_bot.text import words

FLOOR = 2.0
OUT = Path(__file__).resolve().parent.parent / "faq_bot" / "data" / "english-words.txt"


def main() -> int:
    merged: dict[str, float] = {}
    for token, freq in get_frequency_dict("en", wordlist="large").items():
        found = words(token)
        if len(found) == 1 and found[0].isalpha():
            merged[found[0]] = merged.get(found[0], 0.0) + freq
    codes = {word: round(10 * (math.log10(freq) + 9)) for word, freq in merged.items()}
    kept = sorted((w.encode("utf-8"), c) for w, c in codes.items() if c >= 10 * FLOOR)
    text = b"".join(b"%s %d\n" % (word, code) for word, code in kept)
    # Into a new file, never over the old one: running bots map the table
    # (faq_bot.wordstats.data_table), and a file cut short under a mapping kills them.
    fresh = OUT.with_name(f".{OUT.name}.tmp")
    fresh.write_bytes(text)
    os.replace(fresh, OUT)
    print(f"{OUT}: {len(kept)} words from wordfreq {version('wordfreq')}, {len(text)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
