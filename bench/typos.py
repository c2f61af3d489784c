"""How the urgent screen holds up when a message is typed badly (issue 10).

Patients in distress type badly. This takes the seen urgent sets
(``bench/heldout*/urgent.yaml``), makes one variant of each message per kind
of slip, and screens it with the bundled FAQ's screen, in process:

- ``drop``: one letter left out of one content word (never its first),
- ``swap``: two neighbouring letters of one content word swapped (not the first),
- ``double``: one letter of one content word typed twice,
- ``neighbour``: one letter of one content word (not the first) typed as a
  key next to it on a QWERTY keyboard,
- ``no-space``: one content word run together with the word after it,
- ``no-apostrophe``: every apostrophe left out ("cant", "dont"),
- ``lowercase``: the whole message in lower case,
- ``no-punctuation``: every mark of punctuation left out, apostrophes kept.

A content word is one of four letters or more that is not a stopword; which
one, and which letter, comes from a generator seeded with the message, the
kind and ``--seed``, so a run is repeatable. A message with nothing to change
for a kind counts for none of its figures. For each kind it prints the recall
on the emergencies' variants, the emergencies the original caught that the
variant loses, and false alarms on the safe messages' variants (new ones
apart).

    python bench/typos.py            # the table
    python bench/typos.py -v drop    # also every lost emergency and new alarm of a kind
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from faq_bot import FaqBot, load_faq
from faq_bot.text import STOPWORDS

HERE = Path(__file__).resolve().parent

# Each letter's neighbours on a QWERTY keyboard (same row and the rows beside it).
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _c, _ch in enumerate(_row):
        near = {_row[k] for k in (_c - 1, _c + 1) if 0 <= k < len(_row)}
        for _other in (_r - 1, _r + 1):
            if 0 <= _other < len(_ROWS):
                near.update(_ROWS[_other][k] for k in (_c - 1, _c, _c + 1) if 0 <= k < len(_ROWS[_other]))
        _NEIGHBOURS[_ch] = "".join(sorted(near))

_WORD = re.compile(r"[A-Za-z]+")
_PUNCT = re.compile(r"[^\w\s']")


def _content_words(text: str) -> list[re.Match[str]]:
    return [m for m in _WORD.finditer(text) if len(m.group()) >= 4 and m.group().lower() not in STOPWORDS]


def _in_one_word(change: Callable[[str, random.Random], str]) -> Callable[[str, random.Random], str | None]:
    """A kind that changes one content word, picked by ``rng``."""

    def apply(text: str, rng: random.Random) -> str | None:
        found = _content_words(text)
        if not found:
            return None
        m = rng.choice(found)
        return text[: m.start()] + change(m.group(), rng) + text[m.end() :]

    return apply


def _drop(w: str, rng: random.Random) -> str:
    k = rng.randrange(1, len(w))
    return w[:k] + w[k + 1 :]


def _swap(w: str, rng: random.Random) -> str:
    candidates = [k for k in range(1, len(w) - 1) if w[k] != w[k + 1]]
    if not candidates:
        return w
    k = rng.choice(candidates)
    return w[:k] + w[k + 1] + w[k] + w[k + 2 :]


def _double(w: str, rng: random.Random) -> str:
    k = rng.randrange(len(w))
    return w[: k + 1] + w[k] + w[k + 1 :]


def _neighbour(w: str, rng: random.Random) -> str:
    k = rng.randrange(1, len(w))
    near = _NEIGHBOURS.get(w[k].lower(), "")
    if not near:
        return w
    return w[:k] + rng.choice(near) + w[k + 1 :]


def _no_space(text: str, rng: random.Random) -> str | None:
    found = [m for m in _content_words(text) if re.match(r" [A-Za-z]", text[m.end() : m.end() + 2])]
    if not found:
        return None
    m = rng.choice(found)
    return text[: m.end()] + text[m.end() + 1 :]


KINDS: dict[str, Callable[[str, random.Random], str | None]] = {
    "drop": _in_one_word(_drop),
    "swap": _in_one_word(_swap),
    "double": _in_one_word(_double),
    "neighbour": _in_one_word(_neighbour),
    "no-space": _no_space,
    "no-apostrophe": lambda text, _: text.replace("'", "").replace("\u2019", ""),
    "lowercase": lambda text, _: text.lower(),
    "no-punctuation": lambda text, _: re.sub(r"\s+", " ", _PUNCT.sub(" ", text)).strip(),
}


def sets() -> dict[str, list[tuple[str, bool]]]:
    """Each seen urgent set's (message, is an emergency), by the set's directory."""
    return {
        path.parent.name: [
            (str(case["q"]), case["expect"] == "urgent")
            for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        ]
        for path in sorted(HERE.glob("heldout*/urgent.yaml"))
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kinds", nargs="*", help="only these kinds (default: all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-v", "--verbose", action="store_true", help="print lost emergencies and new alarms")
    args = ap.parse_args(argv)
    screen = FaqBot(load_faq()).screen
    by_set = sets()
    all_cases = list(dict(c for cases in by_set.values() for c in cases).items())  # each message once
    urgent_at = {q: screen.check(q) is not None for q, _ in all_cases}
    for name, cases in by_set.items():
        n_u = sum(u for _, u in cases)
        hit = sum(urgent_at[q] for q, u in cases if u)
        fa = sum(urgent_at[q] for q, u in cases if not u)
        print(f"{name:<15} as written: recall {hit}/{n_u}, false alarms {fa}/{len(cases) - n_u}")
    emergencies = sum(u for _, u in all_cases)
    caught = sum(urgent_at[q] for q, u in all_cases if u)
    alarms = sum(urgent_at[q] for q, u in all_cases if not u)
    safe = len(all_cases) - emergencies
    print(f"seen urgent sets: {emergencies} emergencies, {safe} safe messages")
    print(
        f"{'as written':<15} recall {caught / emergencies:.3f} ({caught}/{emergencies})   "
        f"false alarms {alarms / safe:.3f} ({alarms}/{safe})"
    )
    print(f"{'kind':<15} {'recall':>7} {'caught':>11} {'lost':>5}   {'alarms':>7} {'flagged':>11} {'new':>4}")
    for kind in args.kinds or KINDS:
        if kind not in KINDS:
            ap.error(f"unknown kind {kind!r}; kinds: {', '.join(KINDS)}")
        change = KINDS[kind]
        stats = {True: [0, 0, 0], False: [0, 0, 0]}  # variants, flagged, flag changed
        lines = []
        for q, is_urgent in all_cases:
            variant = change(q, random.Random(f"{args.seed}:{kind}:{q}"))
            if variant is None or variant == q:
                continue
            flagged = screen.check(variant) is not None
            s = stats[is_urgent]
            s[0] += 1
            s[1] += flagged
            # Only the changes the slip makes worse: an emergency lost, a new alarm.
            if flagged != urgent_at[q] and flagged != is_urgent:
                s[2] += 1
                lines.append(f"  {'lost' if is_urgent else 'new alarm'}: {variant!r}")
        (n_u, hit, lost), (n_s, fa, new) = stats[True], stats[False]
        print(
            f"{kind:<15} {hit / max(n_u, 1):>7.3f} {f'{hit}/{n_u}':>11} {lost:>5}   "
            f"{fa / max(n_s, 1):>7.3f} {f'{fa}/{n_s}':>11} {new:>4}"
        )
        if args.verbose:
            print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
