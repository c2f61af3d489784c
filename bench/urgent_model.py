"""Would a word-statistics model, learned from every urgent set seen, catch emergencies the rules miss?

    python bench/urgent_model.py                      # LORO behind today's bot (a few minutes)
    python bench/urgent_model.py --make-history DIR   # each round through the bot as it was before it
    python bench/urgent_model.py --history DIR [--no-sets]  # LORO behind that bot (word features)
    python bench/urgent_model.py --serve T [--words] [--declined-only]
        # a batch command: `faq-bot ask --json -` with the model (trained on everything) as a
        # backstop at threshold T, for offtopic.py and score.py

Each round of bench/heldout*/urgent.yaml was written by someone else; a model that only learns
one writer's wording would not help on the next. So, leave one round out: for each round k a
logistic regression is trained on the other rounds, bench/sets/urgent-*.yaml and the patient
questions (bench/heldout*/fbs-questions.yaml, /work/shared/eval/dev.yaml) as ordinary negatives,
and then applied to round k's messages *behind* the bot: the bot's own reply first, the model
acting only where the reply is not the urgent notice. Counted: emergencies newly caught, safe
messages and FBS questions newly alarmed, split by what the bot would otherwise have done
(declined or answered). Never trained on: /work/shared/eval/urgent-dev.yaml (a reported figure)
and the public off-topic sets (the check of false alarms on other conditions; run offtopic.py
with --cmd "python bench/urgent_model.py --serve T").

Features: the screen's own reading of the message (its words after respelling and typo repair,
where its rules' and red flags' phrases stand, whether it found a red flag described), word stems
with a NegEx-style negation scope marked (a trigger to the next clause boundary), stem bigrams
within a clause, first-person and question cues. Pure Python; see bench/README.md for the table.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from faq_bot import FaqBot, load_faq
from faq_bot.backstop import FIRST_PERSON, NEGATIONS, OTHERS, QUESTION_OPENERS, SCOPE_ENDS
from faq_bot.text import stem

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import make_urgent_backstop as make

HERE = Path(__file__).resolve().parent
THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.98)


def features(bot: FaqBot, message: str) -> list[str]:
    screen = bot.screen
    read: list[Any] = []
    screen._screen_once(message, first=False, read=read)
    found = screen.screen(message)
    out = ["bias"]
    if found.red_flag:
        out.append("screen:red_flag")
    if found.rule is not None:
        out.append("screen:rule")
    if not read:
        return out
    ws, stops, commas, spans = read[0]
    in_phrase: dict[int, str] = {}
    for span, red in spans:
        for k in range(span[0], span[1]):
            in_phrase[k] = "red" if red else in_phrase.get(k, "rule")
    if spans:
        out.append(f"screen:phrases={min(len(spans), 3)}")
    if any(red for _, red in spans):
        out.append("screen:red_phrase")
    negated = False
    previous = None
    for k, w in enumerate(ws):
        if k in stops or k in commas:
            negated, previous = False, None
        if w in SCOPE_ENDS:
            negated, previous = False, None
            continue
        if w in NEGATIONS:
            negated = True
            out.append("neg")
            continue
        s = stem(w)
        mark = "~" if negated else ""
        out.append(f"{mark}{s}")
        if k in in_phrase:
            out.append(f"{mark}{in_phrase[k]}:{s}")
        if previous is not None:
            out.append(f"{mark}{previous}_{s}")
        previous = s
        if w in FIRST_PERSON:
            out.append("first_person")
        elif w in OTHERS:
            out.append("other_person")
    if ws and ws[0] in QUESTION_OPENERS:
        out.append("question_opener")
    if "?" in message:
        out.append("question_mark")
    return sorted(set(out))


# The backstop's own features, training and sets (scripts/make_urgent_backstop.py).
word_features, train, training_sets, cases = make.row, make.train, make.training_sets, make.cases
DEV, ROUNDS = make.DEV, make.rounds()


def probability(w: dict[str, float], xs: Iterable[str]) -> float:
    z = sum(w.get(x, 0.0) for x in xs)
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def loro() -> None:
    bot = FaqBot(load_faq())
    sets = training_sets()
    feats = {q: features(bot, q) for rows in sets.values() for q, _ in rows}
    print(f"{sum(map(len, sets.values()))} messages, {len({f for v in feats.values() for f in v})} features")
    # per threshold, (kind, what the bot did instead) -> newly alarmed; kind: urgent, safe, fbs
    totals: dict[float, dict[tuple[str, str], int]] = {t: {} for t in THRESHOLDS}
    base: dict[str, list[int]] = {"urgent": [0, 0], "safe": [0, 0], "fbs": [0, 0]}  # [alarmed, of]
    for d in ROUNDS:
        rows = [(feats[q], u) for name, v in sets.items() if name != d.name for q, u in v]
        w = train(rows)
        items = [("urgent" if u else "safe", q) for q, u in cases(d / "urgent.yaml")]
        if (d / "fbs-questions.yaml").exists():  # round thirteen has none
            items += [("fbs", q) for q, _ in cases(d / "fbs-questions.yaml")]
        caught = dict.fromkeys(THRESHOLDS, 0)
        for kind, q in items:
            status = str(bot.ask(q).status)
            base[kind][0] += status == "urgent"
            base[kind][1] += 1
            if status == "urgent":
                continue
            p = probability(w, feats[q])
            prior = "answered" if status == "answered" else "declined"
            for t in THRESHOLDS:
                if p >= t:
                    totals[t][kind, prior] = totals[t].get((kind, prior), 0) + 1
                    caught[t] += kind == "urgent"
        print(d.name, "newly caught at 0.8/0.9/0.95:", [caught[t] for t in (0.8, 0.9, 0.95)], flush=True)
    print("\nbot alone:", {k: f"{a}/{n}" for k, (a, n) in base.items()})
    print(
        "| threshold | emergencies caught (a) | of them answered before | safe alarmed (a) | FBS alarmed (a) "
        "| (b) caught | (b) safe alarmed | (b) FBS alarmed |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for t in THRESHOLDS:
        c = totals[t]

        def g(kind: str, prior: str | None = None, c: dict[tuple[str, str], int] = c) -> int:
            return sum(v for (k, p), v in c.items() if k == kind and prior in (None, p))

        print(
            f"| {t} | +{g('urgent')} | {g('urgent', 'answered')} | +{g('safe')} | +{g('fbs')} "
            f"| +{g('urgent', 'declined')} | +{g('safe', 'declined')} | +{g('fbs', 'declined')} |"
        )


# The rounds in the order they were written (bench/README.md), for "trained on the rounds before".
ORDER = (
    "heldout",
    "heldout2",
    "heldout3",
    "heldout4",
    "heldout5",
    "heldout7",
    "heldout8",
    "heldout9",
    "heldout10",
    "heldout11",
    "heldout12",
    "heldout13",
)


def make_history(out: Path) -> None:
    """Each round's messages through the bot of the commit before the round was added (git archive
    of it into ``out``/ROUND/src, run with its own code; no cache), statuses into ``out``/ROUND/."""
    root = HERE.parent
    for d in ROUNDS:
        added = subprocess.run(
            ["git", "log", "--diff-filter=A", "--format=%H", "--", f"bench/{d.name}/urgent.yaml"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[-1]
        src = out / d.name / "src"
        src.mkdir(parents=True, exist_ok=True)
        tar = subprocess.run(
            ["git", "archive", f"{added}^"], cwd=root, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(src)], input=tar, check=True)
        env = {**os.environ, "PYTHONPATH": str(src), "FAQ_BOT_NO_CACHE": "1"}
        for name in ("urgent", "fbs-questions"):
            if not (d / f"{name}.yaml").exists():
                continue
            stdin = "".join(q + "\n" for q, _ in cases(d / f"{name}.yaml"))
            got = subprocess.run(
                [sys.executable, "-m", "faq_bot", "ask", "--json", "-"],
                cwd=src,
                env=env,
                input=stdin,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            statuses = [json.loads(line)["status"] for line in got.splitlines() if line.strip()]
            (out / d.name / f"{name}.status").write_text("".join(s + "\n" for s in statuses))
        print(d.name, added[:7], flush=True)


def history(statuses: Path, with_sets: bool) -> None:
    """The table for the bot as it was when each round was fresh: ``statuses``/ROUND/ holds its
    replies' statuses to the round's two sets, one a line (make_history)."""
    sets = training_sets()
    feats = {q: word_features(q) for rows in sets.values() for q, _ in rows}
    for scheme in ("others", "before"):
        totals: dict[float, dict[str, int]] = {t: {} for t in THRESHOLDS}
        base: dict[str, list[int]] = {"urgent": [0, 0], "safe": [0, 0], "fbs": [0, 0]}
        for d in ROUNDS:
            names = (
                [n for n in ORDER if n != d.name]
                if scheme == "others"
                else list(ORDER[: ORDER.index(d.name)])
            )
            rows = [(feats[q], u) for name in ["", *names] if name or with_sets for q, u in sets[name]]
            if not with_sets:  # dev.yaml is in "", kept: it is no urgent set
                rows += [(feats[q], u) for q, u in cases(DEV)]
            w = train(rows)
            caught = dict.fromkeys(THRESHOLDS, 0)
            items = [("urgent" if u else "safe", q) for q, u in cases(d / "urgent.yaml")]
            got = (statuses / d.name / "urgent.status").read_text().split()
            if (d / "fbs-questions.yaml").exists():  # round thirteen has none
                items += [("fbs", q) for q, _ in cases(d / "fbs-questions.yaml")]
                got += (statuses / d.name / "fbs-questions.status").read_text().split()
            for (kind, q), status in zip(items, got, strict=True):
                base[kind][0] += status == "urgent"
                base[kind][1] += 1
                if status == "urgent":
                    continue
                p = probability(w, feats[q])
                for t in THRESHOLDS:
                    if p >= t:
                        for key in (kind, f"{kind}:{'answered' if status == 'answered' else 'declined'}"):
                            totals[t][key] = totals[t].get(key, 0) + 1
                        caught[t] += kind == "urgent"
            print(
                scheme,
                d.name,
                "newly caught at 0.9/0.95/0.98:",
                [caught[t] for t in THRESHOLDS[3:]],
                flush=True,
            )
        print(
            f"\ntrained on {scheme} (bench/sets: {with_sets}); bot as it was:",
            {k: f"{a}/{n}" for k, (a, n) in base.items()},
        )
        print(
            "| threshold | emergencies caught (a) | safe alarmed (a) | FBS alarmed (a) "
            "| (b) caught | (b) safe alarmed | (b) FBS alarmed |"
        )
        print("|---|---|---|---|---|---|---|")
        for t in THRESHOLDS:
            c = totals[t]
            print(
                f"| {t} | +{c.get('urgent', 0)} | +{c.get('safe', 0)} | +{c.get('fbs', 0)} "
                f"| +{c.get('urgent:declined', 0)} | +{c.get('safe:declined', 0)} "
                f"| +{c.get('fbs:declined', 0)} |"
            )


def serve(threshold: float, declined_only: bool, words_only: bool) -> None:
    bot = FaqBot(load_faq())
    sets = training_sets()
    featurize = word_features if words_only else (lambda q: features(bot, q))
    w = train([(featurize(q), u) for v in sets.values() for q, u in v])
    for line in sys.stdin:
        q = line.rstrip("\n")
        reply = bot.ask(q)
        out = reply.to_dict()
        status = str(reply.status)
        acts = status != "urgent" and (status != "answered" or not declined_only)
        if acts and probability(w, featurize(q)) >= threshold:
            out["status"] = "urgent"
        print(json.dumps(out), flush=True)


def shipped(statuses: Path, floors: tuple[float, ...]) -> None:
    """The backstop as shipped (scripts/make_urgent_backstop.py: its features, training and
    pruning), left one round out in turn, behind the bot as it was before each round
    (``statuses``, from --make-history) and behind today's rules: newly caught emergencies,
    newly alarmed safe messages and FBS questions, by pruning floor and threshold."""
    from faq_bot.backstop import Backstop

    sets = make.training_sets()
    bot = FaqBot(load_faq())
    bot.screen_learned = lambda _text, screening: screening  # type: ignore[method-assign]  # rules alone
    # (floor, threshold) -> [caught, safe, fbs] behind the bot then / today
    then: dict[tuple[float, float], list[int]] = {}
    now: dict[tuple[float, float], list[int]] = {}
    base = {"urgent": [0, 0], "safe": [0, 0], "fbs": [0, 0]}
    for d in ROUNDS:
        rows = [(make.row(q), u) for name, v in sets.items() if name != d.name for q, u in v]
        items = [("urgent" if u else "safe", q) for q, u in cases(d / "urgent.yaml")]
        got = (statuses / d.name / "urgent.status").read_text().split()
        if (d / "fbs-questions.yaml").exists():
            items += [("fbs", q) for q, _ in cases(d / "fbs-questions.yaml")]
            got += (statuses / d.name / "fbs-questions.status").read_text().split()
        today = [str(bot.ask(q).status) for _, q in items]
        for floor in floors:
            model = Backstop(make.fit(rows, floor), 0.0)
            for (kind, q), was, is_ in zip(items, got, today, strict=True):
                if floor == floors[0]:
                    base[kind][0] += was == "urgent"
                    base[kind][1] += 1
                z = model.score(q)
                k = ("urgent", "safe", "fbs").index(kind)
                for t in THRESHOLDS:
                    if z >= make.logit(t):
                        if was != "urgent":
                            then.setdefault((floor, t), [0, 0, 0])[k] += 1
                        if is_ != "urgent":
                            now.setdefault((floor, t), [0, 0, 0])[k] += 1
        print(d.name, flush=True)
    print("\nbot as it was:", {k: f"{a}/{n}" for k, (a, n) in base.items()})
    print("| floor | threshold | then: +emergencies, +safe, +FBS | today: +emergencies, +safe, +FBS |")
    print("|---|---|---|---|")
    for floor in floors:
        for t in THRESHOLDS:
            a, b = then.get((floor, t), [0, 0, 0]), now.get((floor, t), [0, 0, 0])
            print(f"| {floor} | {t} | +{a[0]}, +{a[1]}, +{a[2]} | +{b[0]}, +{b[1]}, +{b[2]} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--serve", type=float)
    ap.add_argument("--shipped", type=Path, help="LORO of the shipped backstop behind these statuses")
    ap.add_argument("--floors", default="0.05,0.3,0.5", help="--shipped: pruning floors")
    ap.add_argument("--declined-only", action="store_true")
    ap.add_argument("--words", action="store_true", help="--serve with the word features alone")
    ap.add_argument("--no-sets", action="store_true", help="--history without bench/sets/urgent-*.yaml")
    ap.add_argument("--history", type=Path, help="statuses of the bot as it was before each round")
    ap.add_argument("--make-history", type=Path, help="write those statuses into this directory")
    a = ap.parse_args()
    if a.shipped is not None:
        shipped(a.shipped, tuple(float(f) for f in a.floors.split(",")))
    elif a.make_history is not None:
        make_history(a.make_history)
    elif a.history is not None:
        history(a.history, not a.no_sets)
    elif a.serve is not None:
        serve(a.serve, a.declined_only, a.words)
    else:
        loro()


if __name__ == "__main__":
    main()
