"""The everyday words the urgent screen must not read as typos of a rule word.

    pip install wordfreq && python bench/not_typos.py > /tmp/not_typos.txt

Prints, one a line with its Zipf frequency and the rule words it is one typo
from, every English word of Zipf frequency 3.3 or more (wordfreq's list) that the
screen's typo rules would read as a different rule word ("nose" as "noose",
"shaving" as "shaking"). Those words make ``not_typos`` in
``faq_bot/rules/context/english.yaml``; run it again after adding rule words.
wordfreq is needed only here, never by the bot.
"""

from __future__ import annotations

import re

from wordfreq import top_n_list, zipf_frequency

from faq_bot.safety import UrgentScreen, _typo_of
from faq_bot.text import stem

MIN_ZIPF = 3.3
_REPEATS = re.compile(r"(.)\1+")


def main() -> None:
    screen = UrgentScreen()
    rule_words = [w for w in screen._ids if len(w) >= 4 and w.isalpha()]
    known = set(screen._ids)
    for word in top_n_list("en", 60_000):
        if len(word) < 4 or not word.isalpha() or word in known:
            continue
        zipf = zipf_frequency(word, "en")
        if zipf < MIN_ZIPF:
            continue
        squeezed = _REPEATS.sub(r"\1", word)
        near = [
            r
            for r in rule_words
            if stem(r) != stem(word)
            and (_typo_of(r, word) or (len(r) < len(word) and _REPEATS.sub(r"\1", r) == squeezed))
        ]
        if near:
            print(word, zipf, " ".join(near))


if __name__ == "__main__":
    main()
