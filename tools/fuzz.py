"""Fault and attack runs for issue 12: each reproduces one attack or fault
at scale and counts what went wrong. Not a test (minutes to hours); the test
suite runs short versions of each.

    python tools/fuzz.py cache [--count 2000]      # byte flips and truncations of a cache entry
    python tools/fuzz.py cache-attacks [--count 200]  # 1a, 1b, 1c: planted entries, links, races
    python tools/fuzz.py faq [--count 40000] [--cli 3000]  # mutated FAQ files, in process and through the CLI
    python tools/fuzz.py queries [--count 10000]   # hostile queries
    python tools/fuzz.py add [--count 400]         # add killed at random moments

Each prints one JSON line of counts: tracebacks (or exceptions that are not
FaqError), corrupt files, changed answers, peak memory (MB) and the slowest
run (s). Run against another copy of the package with PYTHONPATH.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pickle
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import yaml

import faq_bot
from faq_bot import FaqBot, FaqError, load_faq
from faq_bot import cache as cache_module
from faq_bot.safety import UrgentScreen

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "faq" / "failed-back-syndrome.yaml"
CASES = ROOT / "tests" / "data" / "cases.yaml"
FAQ_BOT = str(Path(sys.executable).with_name("faq-bot"))
QUESTIONS = [case["q"] for case in yaml.safe_load(CASES.read_text())["cases"]][:25]


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024, 1)


def _answers(faq_index: tuple[faq_bot.Faq, faq_bot.FaqIndex]) -> list[dict]:
    bot = FaqBot(faq_index[0], index=faq_index[1])
    return [bot.ask(q).to_dict() for q in QUESTIONS]


@contextlib.contextmanager
def _cache_home(folder: Path):  # type: ignore[no-untyped-def]
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    try:
        yield folder / "faq-bot"
    finally:
        if old is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = old


def _entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []


# --- 2. a damaged cache entry ----------------------------------------------------


def fuzz_cache(count: int, rng: random.Random, tmp: Path) -> dict:
    """Damage the entry (1 to 8 bytes changed, or cut short), load, compare
    every answer with a fresh build's."""
    faq_file = tmp / "faq.yaml"
    shutil.copy(BUNDLED, faq_file)
    counts = {"runs": 0, "tracebacks": 0, "changed_answers": 0, "not_rebuilt": 0}
    worst = 0.0
    with _cache_home(tmp / "cache") as folder:
        os.environ["FAQ_BOT_NO_CACHE"] = "1"
        expected = _answers(cache_module.load_indexed([faq_file]))
        del os.environ["FAQ_BOT_NO_CACHE"]
        cache_module.load_indexed([faq_file])
        (entry,) = _entries(folder)
        good = entry.read_bytes()
        for _ in range(count):
            data = bytearray(good)
            if rng.random() < 0.2:
                data = data[: rng.randrange(len(data))]
            else:
                for _ in range(rng.choice([1, 1, 1, 2, 3, 8])):
                    data[rng.randrange(len(data))] = rng.randrange(256)
            entry.write_bytes(bytes(data))
            counts["runs"] += 1
            start = time.perf_counter()
            try:
                got = _answers(cache_module.load_indexed([faq_file]))
            except Exception:  # what we count: anything that escapes
                counts["tracebacks"] += 1
                continue
            worst = max(worst, time.perf_counter() - start)
            counts["changed_answers"] += got != expected
            # Removed (a block of texts or the rules found damaged when read): the next start writes it.
            counts["not_rebuilt"] += entry.exists() and entry.read_bytes() != good
    return {**counts, "peak_mb": _peak_mb(), "worst_s": round(worst, 3)}


# --- 1. another local user and the cache directory -------------------------------


def _plant(entry_name: str, faq_file: Path, marker: Path) -> bytes:
    """What an attacker writes under the entry's name: a pickle that runs code
    for a pickle cache, or a well-formed entry whose first answer is a lie."""
    if entry_name.endswith(".pickle"):

        class Exploit:
            def __reduce__(self) -> tuple[object, tuple[str]]:
                return os.mkdir, (str(marker),)

        return pickle.dumps(Exploit())
    faq, index = cache_module.load_indexed([faq_file])
    import dataclasses

    lie = dataclasses.replace(faq.entries[0], answer="LIE")
    planted = dataclasses.replace(faq, entries=(lie, *faq.entries[1:]))
    key = cache_module._key(faq_bot.loader.read_faq_texts(faq_file))
    return cache_module._encode(key, planted, index, UrgentScreen.for_faq(faq)) or b""


def _attacked(faq_file: Path, marker: Path) -> bool:
    """Whether the attack took: code ran, or the lie was served."""
    try:
        faq, _ = cache_module.load_indexed([faq_file])
    except Exception:
        return False
    took = marker.exists() or faq.entries[0].answer == "LIE"
    with contextlib.suppress(FileNotFoundError):
        marker.rmdir()
    return took


def fuzz_cache_attacks(count: int, tmp: Path) -> dict:
    faq_file = tmp / "faq.yaml"
    shutil.copy(BUNDLED, faq_file)
    marker = tmp / "PWNED"
    results: dict[str, int] = {}
    with _cache_home(tmp / "learn") as folder:
        cache_module.load_indexed([faq_file])
        (entry,) = _entries(folder)
        name = entry.name
        planted = _plant(name, faq_file, marker)

    # 1a: the cache directory exists, open to everyone, with a planted entry.
    with _cache_home(tmp / "a") as folder:
        folder.mkdir(parents=True)
        folder.chmod(0o777)
        (folder / name).write_bytes(planted)
        results["1a_open_directory"] = _attacked(faq_file, marker)
        results["1a_directory_repaired"] = folder.stat().st_mode & 0o777 != 0o777

    # 1b: faq-bot is a link to a world-writable directory the victim owns.
    target = tmp / "b-target"
    target.mkdir()
    target.chmod(0o777)
    (target / name).write_bytes(planted)
    with _cache_home(tmp / "b") as folder:
        folder.parent.mkdir(parents=True)
        folder.symlink_to(target)
        results["1b_symlinked_directory"] = _attacked(faq_file, marker)
        results["1b_target_chmodded"] = target.stat().st_mode & 0o777 != 0o777

    # 1c: the link flips between a private directory and the attacker's.
    private, evil = tmp / "c-private", tmp / "c-evil"
    private.mkdir(mode=0o700)
    evil.mkdir(mode=0o700)  # passes the checks: only the swap makes it wrong
    (evil / name).write_bytes(planted)
    won = 0
    with _cache_home(tmp / "c") as folder:
        folder.parent.mkdir(parents=True)
        stop = threading.Event()

        def flip() -> None:
            link = folder.parent / "flip"
            while not stop.is_set():
                for where in (private, evil):
                    with contextlib.suppress(OSError):
                        link.unlink(missing_ok=True)
                        link.symlink_to(where)
                        os.replace(link, folder)

        folder.symlink_to(private)
        thread = threading.Thread(target=flip, daemon=True)
        thread.start()
        for _ in range(count):
            # Each round: no genuine entry, the planted one in place.
            with contextlib.suppress(OSError):
                (private / name).unlink(missing_ok=True)
                (evil / name).write_bytes(planted)
            won += _attacked(faq_file, marker)
        stop.set()
        thread.join()
    results["1c_races_won"] = won
    results["1c_races"] = count
    return {k: int(v) for k, v in results.items()} | {"peak_mb": _peak_mb()}


# --- 3, 4, 5: mutated FAQ files -----------------------------------------------------

_PUNCTUATION = [
    *("\n", ":", "- ", "[", "]", "{", "}", "&a ", "*a", "'", '"', "#", "|", ">", "? ", "\t", "\\", ","),
    *("!!python/object/apply:os.system ", "\x1b[2J", "\x00", "\ufeff", "---\n", "%YAML 1.1\n", "<<: "),
]


def _mutate(text: bytes, rng: random.Random) -> bytes:
    data = bytearray(text)
    for _ in range(rng.choice([1, 1, 2, 4, 16])):
        roll = rng.random()
        at = rng.randrange(len(data) + 1)
        if roll < 0.25 and data:
            data[rng.randrange(len(data))] = rng.randrange(256)
        elif roll < 0.5:
            data[at:at] = rng.choice(_PUNCTUATION).encode()
        elif roll < 0.6 and data:
            del data[at : at + rng.randrange(1, 200)]
        elif roll < 0.7:
            lines = bytes(data).split(b"\n")
            i = rng.randrange(len(lines))
            lines.insert(i, lines[rng.randrange(len(lines))])
            data = bytearray(b"\n".join(lines))
        elif roll < 0.8:
            data[at:at] = rng.choice(["é", "漢字", "\u202e", "\ud7ff", "💥", "\u0301" * 50]).encode()
        elif roll < 0.9:
            piece = bytes(data[at : at + rng.randrange(1, 40)])
            data[at:at] = piece * rng.randrange(2, 2000)
        else:
            data = data[: rng.randrange(len(data) + 1)]
    return bytes(data)


def fuzz_faq(count: int, cli: int, rng: random.Random, tmp: Path) -> dict:
    """Mutated copies of the bundled FAQ: every load succeeds or raises
    FaqError with one-line problems; through the CLI, no traceback, exit 0 to
    2, and each error one line."""
    original = BUNDLED.read_bytes()
    counts = {"in_process": 0, "loaded": 0, "tracebacks": 0, "multi_line_errors": 0}
    worst = 0.0
    path = tmp / "faq.yaml"
    for _ in range(count):
        path.write_bytes(_mutate(original, rng))
        counts["in_process"] += 1
        start = time.perf_counter()
        try:
            load_faq(path)
            counts["loaded"] += 1
        except FaqError as exc:
            problems = exc.problems if isinstance(exc, faq_bot.FaqInvalid) else [exc]
            counts["multi_line_errors"] += any("\n" in str(p) for p in problems)
        except Exception:  # what we count: anything else that escapes
            counts["tracebacks"] += 1
        worst = max(worst, time.perf_counter() - start)
    cli_counts = {"cli_runs": 0, "cli_tracebacks": 0, "cli_bad_exit": 0, "cli_escape_codes": 0}
    cli_worst, cli_peak = 0.0, 0.0
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp / "cache")}
    for _ in range(cli):
        path.write_bytes(_mutate(original, rng))
        for argv in (["validate", str(path)], ["--faq", str(path), "ask", "--json", rng.choice(QUESTIONS)]):
            start = time.perf_counter()
            proc = subprocess.Popen([FAQ_BOT, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            out, err = proc.communicate()
            cli_worst = max(cli_worst, time.perf_counter() - start)
            cli_counts["cli_runs"] += 1
            cli_counts["cli_tracebacks"] += b"Traceback" in err
            cli_counts["cli_bad_exit"] += proc.returncode not in (0, 1, 2)
            cli_counts["cli_escape_codes"] += b"\x1b" in out + err
    cli_peak = _peak_mb()
    return {**counts, "worst_s": round(worst, 3), **cli_counts, "cli_worst_s": round(cli_worst, 3),
            "peak_mb": cli_peak}  # fmt: skip


# --- queries ---------------------------------------------------------------------------


def _hostile_query(rng: random.Random, vocabulary: list[str]) -> str:
    kind = rng.randrange(8)
    size = rng.choice([1, 5, 20, 100, 500, 3000])
    if kind == 0:
        return "".join(chr(rng.randrange(0x110000)) for _ in range(size))  # any code point, surrogates too
    if kind == 1:
        return " ".join(rng.choices(vocabulary, k=size))
    if kind == 2:  # typos of FAQ words
        return " ".join(
            w[:i] + w[i + 1 :] for w in rng.choices(vocabulary, k=size) for i in [rng.randrange(len(w))]
        )
    if kind == 3:
        return rng.choice(["\x1b[2J", "\x1b]52;c;ZXZpbA==\x07", "\u202e", "\x00", "\r", "\ufeff"]) * size
    if kind == 4:
        return " ".join(
            rng.choices(["not", "no", "never", "bladder", "numb", "suicidal", "chest", "pain"], k=size)
        )
    if kind == 5:
        return "".join(rng.choices("aeiou ", k=size))
    if kind == 6:
        return " ".join(str(rng.randrange(10**12)) for _ in range(size))
    return "".join(rng.choices("!?.,;:'\"()[]{}<>/\\|@#$%^&*-_=+`~ ", k=size))


def fuzz_queries(count: int, rng: random.Random) -> dict:
    faq = load_faq()
    bot = FaqBot(faq)
    vocabulary = sorted({w for e in faq.entries for w in faq_bot.text.words(" ".join(e.phrasings))})
    counts = {"queries": 0, "tracebacks": 0, "not_strict_json": 0, "missing_reminder": 0}
    worst = 0.0
    for _ in range(count):
        query = _hostile_query(rng, vocabulary)
        counts["queries"] += 1
        start = time.perf_counter()
        try:
            reply = bot.ask(query)
        except Exception:  # what we count
            counts["tracebacks"] += 1
            continue
        worst = max(worst, time.perf_counter() - start)
        counts["missing_reminder"] += not reply.reminder
        line = json.dumps({k: v for k, v in reply.to_dict().items() if k != "query"})
        try:
            json.loads(line)
            line.encode("utf-8")
        except (ValueError, UnicodeEncodeError):
            counts["not_strict_json"] += 1
    return {**counts, "peak_mb": _peak_mb(), "worst_s": round(worst, 4)}


# --- 6, 7: add, killed ---------------------------------------------------------------------


def fuzz_add(count: int, rng: random.Random, tmp: Path) -> dict:
    """Start an add, kill it at a random moment, check the FAQ; the next add
    must clean up what the killed one left."""
    path = tmp / "faq.yaml"
    shutil.copy(BUNDLED, path)
    counts = {
        "runs": 0,
        "killed": 0,
        "corrupt_files": 0,
        "tracebacks": 0,
        "temp_files_left_by_a_kill": 0,
        "temp_files_left_after_next_add": 0,
    }
    worst = 0.0
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp / "cache")}

    def temp_files() -> int:
        return sum(p.suffix == ".tmp" for p in tmp.iterdir())

    for n in range(count):
        before = len(load_faq(path).entries)
        temps_before = temp_files()
        argv = [FAQ_BOT, "add", "--faq", str(path), "--section", "treatments", "--question",
                f"Is question {n} answered?", "--answer", "Ask your physician."]  # fmt: skip
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        time.sleep(rng.uniform(0.0, 0.35))
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate()
        worst = max(worst, time.perf_counter() - start)
        counts["runs"] += 1
        counts["killed"] += proc.returncode == -signal.SIGKILL
        counts["tracebacks"] += b"Traceback" in err
        counts["temp_files_left_by_a_kill"] += temp_files() - temps_before
        try:
            # Whole: the entry added once, or not at all.
            counts["corrupt_files"] += len(load_faq(path).entries) not in (before, before + 1)
        except FaqError:
            counts["corrupt_files"] += 1
        # The next add (not killed) removes what this one left.
        if rng.random() < 0.5:
            done = subprocess.run([*argv[:-4], "--question", f"Is follow-up {n} answered?", *argv[-2:]],
                                  capture_output=True, env=env, check=False)  # fmt: skip
            counts["tracebacks"] += b"Traceback" in done.stderr
            counts["temp_files_left_after_next_add"] += temp_files()
    return {**counts, "peak_mb": _peak_mb(), "worst_s": round(worst, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["cache", "cache-attacks", "faq", "queries", "add"])
    parser.add_argument("--count", type=int, help="runs (default: as in issue 12)")
    parser.add_argument("--cli", type=int, default=3000, help="faq: mutated files run through the CLI")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    runs: dict[str, Callable[[Path], dict]] = {
        "cache": lambda tmp: fuzz_cache(args.count or 2000, rng, tmp),
        "cache-attacks": lambda tmp: fuzz_cache_attacks(args.count or 200, tmp),
        "faq": lambda tmp: fuzz_faq(args.count or 40_000, args.cli, rng, tmp),
        "queries": lambda _: fuzz_queries(args.count or 10_000, rng),
        "add": lambda tmp: fuzz_add(args.count or 400, rng, tmp),
    }
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        result = runs[args.what](Path(tmp))
    result["what"] = args.what
    result["package"] = str(Path(faq_bot.__file__).parent)
    result["seconds"] = round(time.perf_counter() - started)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
