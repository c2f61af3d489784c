"""The index cache: reused when nothing changed, rebuilt when anything did,
never in the way (corrupt, unwritable, opted out), never holding a question,
and never a way for anyone else to run code or change an answer."""

from __future__ import annotations

import dataclasses
import enum
import json
import os
import pickle
import random
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml
from conftest import BUNDLED_FAQ, DATA, FAQ_DIR, ROOT

from faq_bot import FaqBot, FaqInvalid, FaqLoadError, load_faq, model, postings, safety
from faq_bot import cache as cache_module
from faq_bot.cache import cache_dir, load_indexed
from faq_bot.loader import read_faq_texts
from faq_bot.matcher import FaqIndex
from faq_bot.safety import UrgentScreen

QUESTIONS = [case["q"] for case in yaml.safe_load((DATA / "cases.yaml").read_text())["cases"]]
# The recorded messages and last round's blind set: a restored screen must
# screen every one of them as the built one does.
URGENT_MESSAGES = [
    case["q"]
    for path in (DATA / "urgent-messages.yaml", ROOT / "bench" / "heldout" / "urgent.yaml")
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
]


@pytest.fixture
def seeded_cache() -> list[Path]:
    """These tests build, read and damage entries: each test starts with an
    empty cache (see conftest)."""
    return []


pytestmark = pytest.mark.usefixtures("built_screens")


@pytest.fixture
def faq_file(tmp_path: Path) -> Path:
    path = tmp_path / "faq.yaml"
    shutil.copy(BUNDLED_FAQ, path)
    return path


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts index builds, to tell a cache hit from a rebuild."""
    count: list[int] = []
    real = FaqIndex.from_faq.__func__  # type: ignore[attr-defined]

    def counting(cls: type[FaqIndex], faq: object) -> FaqIndex:
        count.append(1)
        return real(cls, faq)  # type: ignore[no-any-return]

    monkeypatch.setattr(FaqIndex, "from_faq", classmethod(counting))
    return count


def cached_files(folder: Path | None = None) -> list[Path]:
    folder = folder or cache_dir()
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []


def answers(faq_index: tuple[model.Faq, FaqIndex], questions: list[str] = QUESTIONS[:40]) -> list[dict]:
    bot = FaqBot(faq_index[0], index=faq_index[1])
    return [bot.ask(q).to_dict() for q in questions]


def test_second_load_reuses_the_index(faq_file: Path, builds: list[int]) -> None:
    first = load_indexed([faq_file])
    second = load_indexed([faq_file])
    assert len(builds) == 1
    assert second[0] == first[0]
    assert answers(second) == answers(first)


def test_cache_lives_in_the_xdg_cache_dir_and_is_private(faq_file: Path, isolated_home: Path) -> None:
    load_indexed([faq_file])
    assert cache_dir() == isolated_home / ".cache" / "faq-bot"
    (entry,) = cached_files()
    assert cache_dir().stat().st_mode & 0o777 == 0o700
    assert entry.stat().st_mode & 0o777 == 0o600
    # Nothing is written next to the user's FAQ file.
    assert sorted(p.name for p in faq_file.parent.iterdir()) == ["faq.yaml"]


def test_editing_the_faq_rebuilds(faq_file: Path, builds: list[int]) -> None:
    load_indexed([faq_file])
    text = faq_file.read_text(encoding="utf-8")
    edited = text.replace("What is failed back syndrome?", "What is FBS exactly?")
    faq_file.write_text(edited, encoding="utf-8")
    faq, _ = load_indexed([faq_file])
    assert len(builds) == 2
    assert any(e.question == "What is FBS exactly?" for e in faq.entries)


def test_opting_out_writes_nothing(
    faq_file: Path, builds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAQ_BOT_NO_CACHE", "1")
    load_indexed([faq_file])
    load_indexed([faq_file])
    assert len(builds) == 2
    assert cached_files() == []


def test_an_unwritable_cache_costs_speed_not_answers(
    faq_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache directory should go")
    monkeypatch.setattr(cache_module, "_folder", lambda: str(blocker / "faq-bot"))
    faq, index = load_indexed([faq_file])
    assert FaqBot(faq, index=index).ask("what is fbss").status.value == "answered"


def test_a_start_from_the_cache_imports_no_pathlib() -> None:
    # Importing pathlib (and the urllib.parse and ipaddress it brings) costs a
    # cached `faq-bot ask` about 5% of its instructions: paths are text there.
    load_indexed()
    code = (
        "import sys, yaml, rapidfuzz.process\n"
        "if 'pathlib' in sys.modules: print('dependency', file=sys.stderr); sys.exit()\n"
        "from faq_bot.cli import main\n"
        "main(['ask', '--json', 'what is failed back syndrome?'])\n"
        "print('pathlib' in sys.modules, file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    if run.stderr.splitlines()[-1] == "dependency":
        pytest.skip("this rapidfuzz imports pathlib itself (3.0.0 does)")
    assert run.stderr.splitlines()[-1] == "False"


def test_a_start_from_the_cache_compiles_no_source() -> None:
    # The first compile() in a process builds all of Python's syntax-tree
    # types: some 9M instructions, 4% of a cached `faq-bot ask`. A type
    # written as a string ("float | None" in a NamedTuple's fields) or in
    # typing's class form pays it. namedtuple's own small constructors are
    # the only compiles a start makes (with a module's own source, when its
    # bytecode is not written).
    load_indexed()
    code = (
        "import sys, rapidfuzz.fuzz, rapidfuzz.process\n"  # the dependencies' own start is theirs
        "found = []\n"
        "sys.addaudithook(lambda event, args: event == 'compile' and found.append(tuple(map(str, args))))\n"
        "from faq_bot.cli import main\n"
        "main(['ask', '--json', 'what is failed back syndrome?'])\n"
        "made = [s for s, f in found if not f.endswith('.py') and not s.startswith(\"b'lambda _cls\")]\n"
        "print(made, file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert run.stderr.splitlines()[-1] == "[]"


def test_an_invalid_faq_raises_and_is_not_cached(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries: []\n", encoding="utf-8")
    with pytest.raises(FaqInvalid) as exc_info:
        load_indexed([bad])
    assert exc_info.value.path == str(bad)
    assert cached_files() == []


def test_an_edited_faq_leaves_one_entry_not_a_pile(faq_file: Path) -> None:
    # Every edit makes a new key; the stale index of the same files goes.
    load_indexed([faq_file])
    for n in range(3):
        text = faq_file.read_text(encoding="utf-8")
        edited = text.replace("What is failed back syndrome", f"What is FBS ({n})", 1)
        faq_file.write_text(edited, encoding="utf-8")
        load_indexed([faq_file])
    assert len(cached_files()) == 1


def test_leftovers_of_killed_writes_and_old_pickles_are_removed(faq_file: Path) -> None:
    cache_dir().mkdir(mode=0o700, parents=True)
    for name in (".4242-0123456789ab.tmp", "0249dfe3-66dd8f83cd259d0d-35663.pickle"):
        (cache_dir() / name).write_bytes(b"left over")
    load_indexed([faq_file])
    assert [p.suffix for p in cache_dir().iterdir()] == [".json"]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused_before_it_is_read(device: str) -> None:
    # /dev/zero never ends: reading it for a cache key would exhaust memory.
    with pytest.raises(FaqInvalid) as exc_info:
        load_indexed([device])
    assert exc_info.value.path == device
    assert "not a regular file" in str(exc_info.value)


# --- 1. nobody else's file is ever read, and nothing read can run code ------------


def test_the_cache_never_unpickles_or_evaluates() -> None:
    # Whatever is in the cache directory, loading it cannot run code.
    source = (ROOT / "faq_bot" / "cache.py").read_text(encoding="utf-8")
    unsafe = (
        r"^\s*(?:import|from)\s+(?:pickle|marshal|shelve|dill)\b|\b(?:eval|exec|import_module|__import__)\("
    )
    assert not re.search(unsafe, source, re.MULTILINE)
    assert re.search(unsafe, "import pickle\nx = 1", re.MULTILINE)  # the pattern bites


def test_a_planted_pickle_is_not_run(faq_file: Path, tmp_path: Path, builds: list[int]) -> None:
    # Issue 12, 1a: a pickle under the expected name ran as the victim.
    marker = tmp_path / "PWNED"

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return os.mkdir, (str(marker),)

    load_indexed([faq_file])
    (entry,) = cached_files()
    entry.write_bytes(pickle.dumps(Exploit()))
    faq_index = load_indexed([faq_file])
    assert not marker.exists()
    assert len(builds) == 2
    assert answers(faq_index, QUESTIONS[:3]) == answers(load_indexed([faq_file]), QUESTIONS[:3])


def test_a_cache_directory_open_to_others_is_refused_not_repaired(faq_file: Path, builds: list[int]) -> None:
    # Issue 12, 1a: a 0777 directory was made private, after its contents were loaded.
    cache_dir().mkdir(parents=True)
    cache_dir().chmod(0o777)
    load_indexed([faq_file])
    load_indexed([faq_file])
    assert len(builds) == 2
    assert cache_dir().stat().st_mode & 0o777 == 0o777
    assert cached_files() == []


@pytest.mark.parametrize("mode", [0o700, 0o777])
def test_a_symlinked_cache_directory_is_not_followed(
    faq_file: Path, builds: list[int], tmp_path: Path, mode: int
) -> None:
    # Issue 12, 1b: with a shared XDG_CACHE_HOME, a link named faq-bot to a
    # directory the victim owns passed the owner check and was chmodded through.
    target = tmp_path / "elsewhere"
    target.mkdir()
    target.chmod(mode)
    cache_dir().parent.mkdir(parents=True)
    cache_dir().symlink_to(target)
    load_indexed([faq_file])
    load_indexed([faq_file])
    assert len(builds) == 2
    assert target.stat().st_mode & 0o777 == mode
    assert list(target.iterdir()) == []


def test_a_cache_directory_owned_by_someone_else_is_not_used(
    faq_file: Path, builds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module.os, "getuid", lambda: 12345)
    load_indexed([faq_file])
    load_indexed([faq_file])
    assert len(builds) == 2
    assert cached_files() == []


def test_the_directory_checked_is_the_directory_read(
    faq_file: Path, builds: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Issue 12, 1c: the owner check and the open were separate steps, so
    # swapping the directory for a link between them won the race. Here the
    # swap happens at exactly that moment, to a directory holding a forged
    # entry (right name, valid checksum, a lie for an answer).
    load_indexed([faq_file])
    (entry,) = cached_files()
    forged = tmp_path / "forged"
    forged.mkdir()
    genuine_answer = load_faq(faq_file).entries[0].answer
    lie = "LIE " + genuine_answer
    key = cache_module._key(read_faq_texts(faq_file))
    faq, index = load_indexed([faq_file])
    planted = dataclasses.replace(
        faq, entries=(dataclasses.replace(faq.entries[0], answer=lie), *faq.entries[1:])
    )
    data = cache_module._encode(key, planted, index, UrgentScreen.for_faq(faq))
    assert data is not None
    (forged / entry.name).write_bytes(data)
    assert cache_module._decode(data, key) is not None  # the forgery itself would pass

    real_open_dir = cache_module._open_dir

    def open_then_swap(*, make: bool = True) -> int | None:
        fd = real_open_dir(make=make)
        if not cache_dir().is_symlink():  # once: texts read later open the directory again
            cache_dir().rename(tmp_path / "moved-away")
            cache_dir().symlink_to(forged)
        return fd

    monkeypatch.setattr(cache_module, "_open_dir", open_then_swap)
    faq, _ = load_indexed([faq_file])
    assert faq.entries[0].answer == genuine_answer
    assert len(builds) == 1


def test_an_entry_that_is_a_symlink_is_not_followed(
    faq_file: Path, builds: list[int], tmp_path: Path
) -> None:
    load_indexed([faq_file])
    (entry,) = cached_files()
    elsewhere = tmp_path / "entry-elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    load_indexed([faq_file])
    assert len(builds) == 2
    assert not entry.is_symlink()


def test_an_entry_others_can_write_is_not_read(faq_file: Path, builds: list[int]) -> None:
    # Issue 12, 1: the entry's own mode was never checked.
    load_indexed([faq_file])
    (entry,) = cached_files()
    entry.chmod(0o666)
    load_indexed([faq_file])
    assert len(builds) == 2
    assert entry.stat().st_mode & 0o777 == 0o600  # replaced by a fresh, private one


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_an_entry_owned_by_someone_else_is_not_read(faq_file: Path, builds: list[int]) -> None:
    load_indexed([faq_file])
    (entry,) = cached_files()
    os.chown(entry, 12345, 12345)
    load_indexed([faq_file])
    assert len(builds) == 2


# --- 2. a damaged entry is a miss: no traceback, no different answer -------------


def test_a_corrupt_entry_is_a_miss_and_is_rebuilt(faq_file: Path, builds: list[int]) -> None:
    load_indexed([faq_file])
    (entry,) = cached_files()
    entry.write_bytes(b"not an index")
    faq, _ = load_indexed([faq_file])
    assert len(builds) == 2
    assert faq.entries
    load_indexed([faq_file])
    assert len(builds) == 2  # the rebuilt entry is used


def test_flipped_bytes_and_truncations_never_change_an_answer(faq_file: Path) -> None:
    # Issue 12, 2: of 400 one-byte changes to a pickle, 37 served altered
    # answers and 4 raised on every run. The long run is tools/fuzz_cache.py.
    expected = answers(load_indexed([faq_file]), QUESTIONS[:8])
    (entry,) = cached_files()
    good = entry.read_bytes()
    rng = random.Random(12)
    damaged = []
    for _ in range(30):
        data = bytearray(good)
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        damaged.append(bytes(data))
    damaged += [good[: rng.randrange(len(good))] for _ in range(5)]
    key = cache_module._key(read_faq_texts(faq_file))
    for data in damaged:
        entry.write_bytes(data)
        assert answers(load_indexed([faq_file]), QUESTIONS[:8]) == expected
        # Rebuilt; or, when only the screen's rules or the FAQ's texts are
        # damaged, kept, as they are checked when first read, and refused then
        # (see below); or removed, when a reply read a damaged block of texts.
        assert (entry.read_bytes() if entry.exists() else good) == good or _refused(data, key)


def _refused(data: bytes, key: cache_module._Key) -> bool:
    """Whether ``data`` is refused as an entry: at once, or (damage to the
    screen's rules or a block of the FAQ's texts, checked apart) when they
    are first read: with no FAQ files to load again, FaqLoadError then."""
    found = cache_module._decode(data, key)
    if found is None:
        return True
    try:
        found[2]._rules_state()  # type: ignore[misc]
    except ValueError:
        return True
    try:
        [entry.answer for entry in found[0].entries]
    except FaqLoadError:
        return True
    return False


def test_every_damaged_entry_fails_the_check(faq_file: Path) -> None:
    # The same, many more times, at the layer that decides (no rebuilds: fast).
    load_indexed([faq_file])
    (entry,) = cached_files()
    good = entry.read_bytes()
    key = cache_module._key(read_faq_texts(faq_file))
    assert not _refused(good, key)
    rng = random.Random(7)
    for _ in range(2000):
        data = bytearray(good)
        for _ in range(rng.choice([1, 1, 2, 8])):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if data != good:
            assert _refused(bytes(data), key)
    # Cut short anywhere (every 997th byte: each cut reads the whole rest, so
    # 8,000 of them took seconds), and around the ends of the header and the document.
    ends = [i for i, byte in enumerate(good) if byte == ord("\n")]
    assert len(ends) >= 2
    near_ends = [cut for end in ends[:2] for cut in range(end - 3, end + 4)]
    for cut in [*range(0, len(good), 997), *near_ends]:
        assert cache_module._decode(good[:cut], key) is None


def test_the_key_covers_the_package_files_but_not_their_compiled_forms() -> None:
    # The rule files in subfolders count; the .pyc files Python keeps in step with their sources do not.
    own = cache_module._own_files(os.path.dirname(cache_module.__file__), "")
    names = [part.rsplit(b" ", 2)[0] for part in own]
    assert {b"cache.py", b"rules/medical.yaml", b"rules/context/english.yaml"} <= set(names)
    assert not any(b"__pycache__" in name or name.endswith(b".pyc") for name in names)


def test_an_entry_built_for_other_files_fails_the_check(faq_file: Path, tmp_path: Path) -> None:
    load_indexed([faq_file])
    (entry,) = cached_files()
    other = tmp_path / "other.yaml"
    other.write_text(faq_file.read_text(encoding="utf-8").replace("Tatum", "Tatum "), encoding="utf-8")
    assert cache_module._decode(entry.read_bytes(), cache_module._key(read_faq_texts(other))) is None


@pytest.mark.parametrize(
    "payload",
    [
        b"[]",  # JSON, but not an object
        b'{"faq": 1, "index": 2}',  # the keys, holding the wrong things
        b'{"faq": {"$": "system", "fields": {}}, "index": {}}',  # a type that is not the model's
        b"[" * 100_000,  # nested past the parser's recursion limit
        b"\xff",  # not UTF-8
    ],
)
def test_a_well_signed_entry_of_the_wrong_shape_is_a_miss_not_an_error(
    faq_file: Path, payload: bytes
) -> None:
    # Only this user can write there, but the loader must not trust the shape either.
    key = cache_module._key(read_faq_texts(faq_file))
    assert cache_module._decode(cache_module._header(key, payload, b"") + payload + b"\n", key) is None


# --- the format holds the model and the index exactly ------------------------------


class BuiltScreen(NamedTuple):
    faq: model.Faq
    #: Built afresh, never one the cache shared; tests may use it, which fills in its lazy tables.
    screen: UrgentScreen
    #: Its attributes as they were built, before any use.
    as_built: dict[str, object]
    #: Its exported state, as JSON.
    state: str


@pytest.fixture(scope="module")
def built_screen() -> Callable[[list[Path]], BuiltScreen]:
    """The screen of the FAQ at some paths, built once per module: a build takes seconds."""
    built: dict[tuple[Path, ...], BuiltScreen] = {}

    def get(paths: list[Path]) -> BuiltScreen:
        if tuple(paths) not in built:
            faq = load_faq(*paths)
            screen = UrgentScreen(faq.urgent_rules, builtin=faq.urgent_builtin)
            state = json.dumps(screen.export_state())
            built[tuple(paths)] = BuiltScreen(faq, screen, dict(vars(screen)), state)
        return built[tuple(paths)]

    return get


@pytest.mark.parametrize(
    "paths",
    [
        [BUNDLED_FAQ],  # the bundled FAQ, with synonyms and urgent rules
        [FAQ_DIR / "examples"],  # another topic, multi-word synonyms
    ],
)
def test_a_restored_index_is_the_built_one_attribute_by_attribute(paths: list[Path]) -> None:
    # A drift between the index's attributes and export_state/from_state fails here.
    faq = load_faq(*paths)
    built = FaqIndex.from_faq(faq)
    restored = FaqIndex.from_state(faq.entries, built.export_state())
    assert vars(restored).keys() == vars(built).keys()
    for name, value in vars(built).items():
        assert vars(restored)[name] == value, name


@pytest.mark.parametrize(
    "paths",
    [
        [BUNDLED_FAQ],  # the bundled FAQ: its own urgent rules after the built-in set
        [FAQ_DIR / "examples"],  # another topic, with the built-in set alone
    ],
)
def test_a_restored_screen_is_the_built_one_attribute_by_attribute(
    built_screen: Callable[[list[Path]], BuiltScreen], paths: list[Path]
) -> None:
    # A drift between the screen's attributes and export_state/from_state fails here.
    faq, built, as_built, state = built_screen(paths)
    restored = UrgentScreen.from_state(json.loads(state), extra=faq.urgent_rules)
    assert restored.rules == built.rules  # read now: they are left for the first rule that fires
    # The context check's parts (its word sets, and the restored screen's trigger
    # tries) are made on its first need: made now in both, to be compared too.
    assert restored._referring == built._referring
    as_built = {**as_built, **{name: v for name, v in vars(built).items() if name not in as_built}}
    assert vars(restored).keys() == as_built.keys()
    tries = ("_trie", "_triggers", "_starts")
    for name, value in as_built.items():
        if name in tries:  # compared by their contents below, not by identity
            for part in ("first", "words", "kids", "end_first", "end_values", "size"):
                assert getattr(vars(restored)[name], part) == getattr(value, part), (name, part)
        elif name != "_word_cache":  # words seen in messages, not the build
            assert vars(restored)[name] == value, name
    assert [built.screen(m) for m in URGENT_MESSAGES] == [restored.screen(m) for m in URGENT_MESSAGES]


@pytest.mark.parametrize(
    ("message", "needs_typos"),
    [
        ("what is failed back syndrome?", False),  # common words: no typo is looked for
        ("my groyn is numb and I feel weeak", True),  # a typo and a key held down
    ],
)
def test_a_restored_screen_makes_its_typo_tables_on_first_need(
    built_screen: Callable[[list[Path]], BuiltScreen], message: str, needs_typos: bool
) -> None:
    # Most messages have no typo: a start from the cache leaves the tables for later.
    faq, built, _, state = built_screen([BUNDLED_FAQ])
    restored = UrgentScreen.from_state(json.loads(state), extra=faq.urgent_rules)
    assert restored._typos is None
    assert restored.screen(message) == built.screen(message)
    assert (restored._typos is not None) is needs_typos
    assert restored._typo_tables() == built._typo_tables()


@pytest.fixture(scope="module")
def entry(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A copy of the bundled FAQ and its cache entry, written once for the
    tests below, which read it afresh each (see :func:`_screen_state`)."""
    faq_file = tmp_path_factory.mktemp("entry") / "faq.yaml"
    shutil.copy(BUNDLED_FAQ, faq_file)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(faq_file.parent / "cache"))
        patch.delenv(cache_module.NO_CACHE_ENV_VAR, raising=False)
        load_indexed([faq_file])
        (written,) = cached_files()
    return faq_file, written.read_bytes()


def _parts(data: bytes) -> tuple[bytes, bytes, bytes]:
    """The document (see cache._document), the packed rules and the texts (before them) of ``data``."""
    head, rest = data.split(b"\n", 1)
    size = int(head.split(b" ")[3])
    document, tail = rest[:size], rest[size + 1 :]
    end = document.find(b"\n")
    sizes = cache_module._buffers(json.loads(document[:end])["faq"]["sizes"], memoryview(document)[end + 1 :])
    texts = sum(postings.unpack(sizes, "I"))
    return document, tail[texts:], tail[:texts]


def _screen_state(entry: tuple[Path, bytes]) -> tuple[cache_module._Key, dict, list]:
    """The key, the state (the document's, its arrays as bytes, with the
    FAQ's texts as _faq_state gives them) and the screen's rules of ``entry``."""
    faq_file, data = entry
    key = cache_module._key(read_faq_texts(faq_file))
    document, rules, texts = _parts(data)
    end = document.find(b"\n")
    state = cache_module._buffers(json.loads(document[:end]), memoryview(document)[end + 1 :])
    state["faq"]["texts"] = texts
    return key, state, cache_module._inflated(rules)


@pytest.fixture(scope="module")
def deflated_rules(entry: tuple[Path, bytes]) -> bytes:
    """The screen's rules of ``entry`` deflated whole, as :func:`_signed` takes
    them: made once for the module (deflating them takes 0.13 s), for the
    tests that damage the rest of the state and leave the rules as they are."""
    return zlib.compress(json.dumps(_screen_state(entry)[2]).encode())


def _signed(key: cache_module._Key, state: dict, rules: bytes) -> bytes:
    """An entry with a valid checksum: what only this user could have written."""
    faq = dict(state["faq"])
    texts = faq.pop("texts")
    document = cache_module._document({**state, "faq": faq, "rules_size": len(rules)})
    return _signed_document(key, document, rules, texts)


def _signed_document(key: cache_module._Key, document: bytes, rules: bytes, texts: bytes) -> bytes:
    return cache_module._header(key, document, rules, texts) + document + b"\n" + texts + rules


# Places a well-signed entry's JSON could give its index's arrays: each must
# be a miss (the index is rebuilt), never a read outside the entry's own bytes.
@pytest.mark.parametrize(
    "place",
    [
        {"at": 10**9, "size": 4},  # past the end of the entry
        {"at": -4, "size": 4},  # before the start of its arrays
        {"at": 0, "size": -1},  # a negative length
        {"at": 0, "size": 10**9},  # running past the end
        {"at": "0", "size": 4},  # text for a number
        {"at": 0},  # no length
    ],
)
def test_a_well_signed_entry_placing_an_array_outside_it_is_a_miss(
    entry: tuple[Path, bytes], place: dict[str, object]
) -> None:
    key = _screen_state(entry)[0]
    document, packed, texts = _parts(entry[1])
    assert cache_module._decode(_signed_document(key, document, packed, texts), key)
    end = document.find(b"\n")
    found = json.loads(document[:end])
    found["index"]["postings"]["positions"] = {"$": "bytes", **place}
    document = json.dumps(found).encode() + document[end:]
    assert cache_module._decode(_signed_document(key, document, packed, texts), key) is None


def _repacked(trie: list, at: int, change: Callable[[list[int]], list[int]]) -> None:
    """Change the numbers the packed array ``trie[at]`` holds."""
    trie[at] = safety._packed(change(list(safety._unpacked(trie[at]))))


def test_a_restored_screen_is_the_one_the_bot_uses(faq_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_indexed([faq_file])
    monkeypatch.setattr(safety, "_BUILT", {})
    built: list[int] = []
    real_init = UrgentScreen.__init__

    def counting(self: UrgentScreen, *args: object, **kwargs: object) -> None:
        built.append(1)
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(UrgentScreen, "__init__", counting)
    faq, index = load_indexed([faq_file])
    bot = FaqBot(faq, index=index)
    assert bot.ask(URGENT_MESSAGES[0]).to_dict()["urgent_rule"]
    assert built == []  # read from the entry, not built


@pytest.mark.parametrize(
    "damage",
    [
        lambda s: _repacked(s["tries"][0], 4, lambda v: [*v[:-1], 10**9]),  # a trie ending past every rule
        lambda s: _repacked(s["tries"][0], 4, lambda v: [*v[:-1], 5 * 2**16 + 200]),  # a slot no rule has
        lambda s: _repacked(s["tries"][0], 3, lambda v: v[:-1]),  # ends on fewer nodes than it has
        lambda s: s.__setitem__("red_flag_rule", 0),  # the red-flag rule moved onto a real one
        lambda s: s["soft"].pop(),  # a red-flag concept its trie still ends in, gone
        lambda s: s["soft"].__setitem__(0, [2, "6"]),  # a concept's window of the wrong type
        lambda s: s["groups"].pop(),  # a rule's count of groups missing
        lambda s: s["groups"].__setitem__(-1, 1),  # the FAQ's last rule given a group it lacks
        lambda s: s["within"].__setitem__(-1, 3),  # the FAQ's last rule given a window it lacks
        lambda s: s["within"].__setitem__(0, "3"),  # a window of the wrong type
        lambda s: s["lasting"].__setitem__(-1, True),  # the FAQ's last rule made lasting
        lambda s: s["lasting"].__setitem__(0, 1),  # an int for a bool
        lambda s: s["lasting"].pop(),  # a rule's lasting missing
        lambda s: s["any_age"].__setitem__(-1, True),  # the FAQ's last rule made any_age
        lambda s: s["any_age"].__setitem__(0, 0),  # an int for a bool
        lambda s: s["any_age"].pop(),  # a rule's any_age missing
        lambda s: s["lexicon"].pop("fillers"),  # a lexicon field missing
        lambda s: s.__setitem__("ids", {"bladder": 7}),  # words as a mapping, not one text
        lambda s: s.__setitem__("ids", s["ids"] + " " + s["ids"].split()[0]),  # a word numbered twice
        lambda s: s.__setitem__("own_lexicon", 1),  # an int for a bool
        lambda s: s.__setitem__("tries", s["tries"][:2]),  # a trie missing
        lambda s: s["tries"][0].__setitem__(4, 7),  # a number where the packed ends go
        lambda s: s["tries"][0].__setitem__(0, "not base64!"),  # edges that are not packed numbers
        lambda s: s["tries"][0].__setitem__(0, s["tries"][0][0][:-4]),  # a number cut short
        # fewer children than edges
        lambda s: s["tries"][0].__setitem__(2, safety._packed(safety._unpacked(s["tries"][0][2])[:-1])),
        # a child past the last node
        lambda s: _repacked(s["tries"][0], 2, lambda v: [10**6, *v[1:]]),  # the root's child is no node
        # the nodes' edges more or fewer than there are
        lambda s: s["tries"][0].__setitem__(0, safety._packed([*safety._unpacked(s["tries"][0][0])[:-1], 1])),
        lambda s: s["tries"][0].__setitem__(0, [1, 2]),  # a list where the packed edges go
        lambda s: s.__setitem__("stems", s["stems"].rsplit(" ", 1)[0]),  # a rule word without its stem
        lambda s: s.__setitem__("stems", s["stems"].split()),  # stems as a list, not one text
        lambda s: s["collapsed"].__setitem__(1, 7),  # collapsed forms that are no text
        lambda s: s["collapsed"].__setitem__(1, s["collapsed"][1].rsplit(" ", 1)[0]),  # a form missing
        lambda s: s.__setitem__("collapsed", {}),  # collapsed forms that are no pair of texts
    ],
)
def test_a_well_signed_entry_with_a_malformed_screen_is_a_miss(
    entry: tuple[Path, bytes], deflated_rules: bytes, damage: object
) -> None:
    # The checksum stops damage; this is the shape check behind it, which
    # must turn a bad screen into a miss, never a traceback or another answer.
    key, state, _ = _screen_state(entry)
    assert cache_module._decode(_signed(key, state, deflated_rules), key)
    damage(state["screen"])  # type: ignore[operator]
    assert cache_module._decode(_signed(key, state, deflated_rules), key) is None


class _Counted:
    """The rules' state, counting the times it is read."""

    def __init__(self, rules: object) -> None:
        self.rules, self.reads = rules, 0

    def __call__(self) -> object:
        self.reads += 1
        return self.rules


def test_the_rules_are_read_only_when_one_fires(entry: tuple[Path, bytes]) -> None:
    # Most of the screen's state is its rules' expanded phrases, which the tries
    # hold too: a start reads them only for a message that sets a rule off.
    _, state, rules = _screen_state(entry)
    faq = load_faq(entry[0])
    built = UrgentScreen.for_faq(faq)
    read = _Counted(rules)
    lazy = UrgentScreen.from_state(state["screen"], extra=faq.urgent_rules, rules=read)
    safe = [m for m in QUESTIONS if built.check(m) is None]
    assert [lazy.screen(m) for m in safe] == [built.screen(m) for m in safe]
    assert read.reads == 0
    # The same verdicts as the built screen's, and the same rules: equal, in order.
    sample = URGENT_MESSAGES[::5]  # the whole set is screened above
    assert [lazy.matching(m) for m in sample] == [built.matching(m) for m in sample]
    assert lazy.rules == built.rules
    assert read.reads == 1


# Rules damaged in each way a well-signed entry could still carry them
# (the checksum covers them): each must be found out when first read.
_DAMAGED_RULES = [
    lambda _: b"not deflated",
    lambda r: zlib.compress(json.dumps(r).encode())[:-9],  # cut short
    lambda r: zlib.compress(json.dumps(r).encode()) + b"x",  # something after the end
    lambda _: zlib.compress(b"[" * 100_000),  # nested past the parser's limit
    lambda _: zlib.compress(b"{}"),  # JSON, but no list of rules
    lambda r: zlib.compress(json.dumps(r[:-1]).encode()),  # a rule missing
    lambda r: zlib.compress(json.dumps([*r[1:], r[0]]).encode()),  # in another order
    lambda r: zlib.compress(json.dumps([{**r[0], "within": "3"}, *r[1:]]).encode()),  # a wrong type
    lambda r: zlib.compress(json.dumps([{**r[0], "within": 30}, *r[1:]]).encode()),  # not the window read
    lambda r: zlib.compress(json.dumps([{**r[0], "all": [["x"]]}, *r[1:]]).encode()),  # nor the groups
    lambda r: zlib.compress(json.dumps([{**r[0], "lasting": True}, *r[1:]]).encode()),  # nor lasting
    lambda r: zlib.compress(json.dumps([{**r[0], "any_age": True}, *r[1:]]).encode()),  # nor any_age
    lambda r: zlib.compress(json.dumps([*r[:-1], {**r[-1], "notice": "x"}]).encode()),  # not the FAQ's rule
]


@pytest.mark.parametrize("damage", _DAMAGED_RULES)
def test_rules_found_damaged_when_one_fires_are_not_used(
    entry: tuple[Path, bytes], damage: Callable[[list], bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The entry's other parts pass, so it is read; its rules are checked when
    # first read, and then the screen is built afresh, as on a miss. (Here
    # the build is the one already made: a real one, below, takes seconds.)
    key, state, rules = _screen_state(entry)
    found = cache_module._decode(_signed(key, state, damage(rules)), key)
    assert found is not None
    faq, _, lazy = found
    built = UrgentScreen.for_faq(faq)
    builds = _counting_builds(monkeypatch, built)
    assert lazy._rules is None  # not read yet
    assert lazy.rules == built.rules
    assert builds == [1]


def test_a_message_that_sets_a_rule_off_reads_that_rule_alone(entry: tuple[Path, bytes]) -> None:
    # The rules are nearly all of an entry (megabytes of expanded phrases): a
    # start whose messages set off a rule or two inflates and checks those,
    # and gives them as a screen that read them all would.
    faq_file, data = entry
    found = cache_module._decode(data, cache_module._key(read_faq_texts(faq_file)))
    assert found is not None
    faq, _, lazy = found
    built = UrgentScreen.for_faq(faq)
    sample = URGENT_MESSAGES[::10]
    assert [lazy.screen(m) for m in sample] == [built.screen(m) for m in sample]
    assert lazy._rules is None  # not read whole
    assert lazy._some_rules
    assert lazy.rules == built.rules


# Where each rule starts, damaged in ways a well-signed entry could carry it.
_DAMAGED_PLACES = [
    lambda at: [n + 1 for n in at],  # mid-stream: not where a rule starts
    lambda at: at[:2],  # too few: the rule that fires is past them
    lambda at: [at[0], *[10**9] * (len(at) - 1)],  # the first rule to the end, the rest past it
    lambda at: [at[0], *at[2:], at[-1]],  # each rule read as the next one
]


@pytest.mark.parametrize("damage", _DAMAGED_PLACES)
def test_a_rule_found_damaged_when_it_fires_means_a_fresh_screen(
    entry: tuple[Path, bytes], damage: Callable[[list[int]], list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    key, state, _ = _screen_state(entry)
    packed = _parts(entry[1])[1]
    state["rules_at"] = damage(state["rules_at"])
    found = cache_module._decode(_signed(key, state, packed), key)
    assert found is not None
    faq, _, lazy = found
    built = UrgentScreen.for_faq(faq)
    builds = _counting_builds(monkeypatch, built)
    sample = URGENT_MESSAGES[::10]
    assert [lazy.screen(m) for m in sample] == [built.screen(m) for m in sample]
    assert builds == [1]


def _counting_builds(monkeypatch: pytest.MonkeyPatch, built: UrgentScreen) -> list[int]:
    """A list that grows by one at each screen build from now on; each build
    copies ``built`` instead of taking seconds."""
    builds: list[int] = []

    def build(self: UrgentScreen, *_: object, **__: object) -> None:
        builds.append(1)
        vars(self).update(vars(built))

    monkeypatch.setattr(UrgentScreen, "__init__", build)
    return builds


# Trigger words and tries damaged in ways a well-signed entry could carry them:
# a start does not read them, so each is found out when the context check first does.
_DAMAGED_TRIGGERS = [
    lambda s: s.__setitem__("trigger_words", s["trigger_words"] + " " + s["trigger_words"].split()[0]),
    lambda s: s["tries"][1].__setitem__(0, "not base64!"),  # edges that are not packed numbers
    lambda s: s["tries"][2].__setitem__(2, [1, 2]),  # a list where the packed children go
    lambda s: s["tries"][1].__setitem__(4, 7),  # a number where the packed ends go
    lambda s: _repacked(s["tries"][1], 2, lambda v: [*v[:-1], 10**6]),  # a child that is no node
    # edges that start past the first node's
    lambda s: s["tries"][1].__setitem__(0, safety._packed([1, *safety._unpacked(s["tries"][1][0])[1:]])),
    lambda s: s["tries"].__setitem__(1, 7),  # no trie at all
]


@pytest.mark.parametrize("damage", _DAMAGED_TRIGGERS)
def test_triggers_found_damaged_on_first_need_are_not_used(
    entry: tuple[Path, bytes],
    deflated_rules: bytes,
    damage: Callable[[dict], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key, state, _ = _screen_state(entry)
    damage(state["screen"])
    found = cache_module._decode(_signed(key, state, deflated_rules), key)
    assert found is not None
    faq, _, lazy = found
    built = UrgentScreen.for_faq(faq)
    builds = _counting_builds(monkeypatch, built)
    assert lazy._trigger_state is not None  # not read yet
    sample = URGENT_MESSAGES[::10]
    assert [lazy.matching(m) for m in sample] == [built.matching(m) for m in sample]
    assert builds == [1]


def test_a_rule_trie_child_found_damaged_means_a_fresh_screen_with_the_same_verdicts(
    entry: tuple[Path, bytes], deflated_rules: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A node's children are checked when a walk first reaches it (checking them
    # all costs a start): past the root, a child that is no node is found then.
    key, state, _ = _screen_state(entry)
    trie = state["screen"]["tries"][0]
    roots = safety._unpacked(trie[0])[1]
    _repacked(trie, 2, lambda v: [*v[:roots], *[10**6] * (len(v) - roots)])
    found = cache_module._decode(_signed(key, state, deflated_rules), key)
    assert found is not None
    faq, _, lazy = found
    built = UrgentScreen.for_faq(faq)
    builds = _counting_builds(monkeypatch, built)
    sample = URGENT_MESSAGES[::10]
    assert [lazy.matching(m) for m in sample] == [built.matching(m) for m in sample]
    assert builds == [1]


def test_rules_found_damaged_mean_a_fresh_screen_with_the_same_verdicts(entry: tuple[Path, bytes]) -> None:
    # End to end: the message that first sets a rule off finds them damaged;
    # it and every later one get the verdict of a fresh build, no traceback.
    key, state, rules = _screen_state(entry)
    found = cache_module._decode(_signed(key, state, _DAMAGED_RULES[0](rules)), key)
    assert found is not None
    faq, _, lazy = found
    built = UrgentScreen.for_faq(faq)
    sample = URGENT_MESSAGES[::10]  # a tenth, to keep it quick: the whole set is screened above
    assert [lazy.matching(m) for m in sample] == [built.matching(m) for m in sample]
    assert lazy.rules == built.rules


def test_an_entry_whose_rules_fail_their_checksum_is_removed_then_rebuilt(
    faq_file: Path, builds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Left in place, a damaged entry would cost every start a fresh screen
    # build when a rule first fires: the first start to find it removes it,
    # and the next one writes a sound entry in its place.
    load_indexed([faq_file])
    (entry,) = cached_files()
    good = entry.read_bytes()
    data = bytearray(good)
    data[-5] ^= 0xFF  # in the deflated rules: the header and the document still pass
    entry.write_bytes(bytes(data))
    faq, index = load_indexed([faq_file])
    assert len(builds) == 1  # read from the damaged entry, whose rules are not read yet
    lazy = UrgentScreen.for_faq(faq)
    monkeypatch.setattr(safety, "_BUILT", {})
    built = UrgentScreen.for_faq(faq)
    lazy.share()  # the bot gets the screen read from the entry
    screens = _counting_builds(monkeypatch, built)
    assert FaqBot(faq, index=index).ask(URGENT_MESSAGES[0]).to_dict()["urgent_rule"]
    assert screens == [1]  # the rules failed their checksum: built afresh
    assert cached_files() == []
    load_indexed([faq_file])
    assert len(builds) == 2
    assert entry.read_bytes() == good


def test_a_damaged_entry_replaced_since_it_was_read_is_kept(faq_file: Path) -> None:
    # Another process may have written a sound entry in its place meanwhile:
    # only the very file that was read is removed.
    load_indexed([faq_file])
    (entry,) = cached_files()
    key = cache_module._key(read_faq_texts(faq_file))
    good = entry.read_bytes()
    data = bytearray(good)
    data[-5] ^= 0xFF
    found = cache_module._decode(bytes(data), key, entry=(entry.stat().st_dev, entry.stat().st_ino))
    assert found is not None
    replacement = entry.with_name(".replacement")
    replacement.write_bytes(good)
    replacement.replace(entry)
    with pytest.raises(ValueError, match="checksum"):
        found[2]._rules_state()  # type: ignore[misc]
    assert entry.read_bytes() == good


def test_rules_of_an_entry_replaced_since_the_start_are_not_read(
    faq_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The rules are read from the entry when a rule first fires: from the
    # very file the document came from, or not at all (a fresh screen).
    load_indexed([faq_file])
    faq, index = load_indexed([faq_file])  # from the entry
    (entry,) = cached_files()
    lazy = UrgentScreen.for_faq(faq)
    monkeypatch.setattr(safety, "_BUILT", {})
    built = UrgentScreen.for_faq(faq)
    lazy.share()
    screens = _counting_builds(monkeypatch, built)
    copy = entry.with_name(".copy")
    shutil.copy(entry, copy)
    copy.replace(entry)  # the same bytes in another file
    assert FaqBot(faq, index=index).ask(URGENT_MESSAGES[0]).to_dict()["urgent_rule"]
    assert screens == [1]
    assert cached_files() == [entry]  # not damaged: kept


def test_the_state_survives_queries(faq: model.Faq) -> None:
    # Exported after questions were asked, the state is still the FAQ's alone.
    index = FaqIndex.from_faq(faq)
    before = index.export_state()
    bot = FaqBot(faq, index=index)
    for q in [*QUESTIONS[:20], "2024 1999 zzqx"]:
        bot.ask(q)
    assert index.export_state() == before


@pytest.mark.parametrize("paths", [[BUNDLED_FAQ], [FAQ_DIR / "examples"]])
def test_answers_with_and_without_the_cache_are_identical(
    paths: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cached = load_indexed(paths)
    assert cached_files()
    hit = load_indexed(paths)
    monkeypatch.setenv("FAQ_BOT_NO_CACHE", "1")
    fresh = load_indexed(paths)
    assert hit[0] == fresh[0]
    assert answers(hit, QUESTIONS) == answers(fresh, QUESTIONS) == answers(cached, QUESTIONS)


def test_the_model_is_stored_by_its_fields(faq: model.Faq) -> None:
    # Fields added to the model's dataclasses need nothing from the cache.
    round_trip = cache_module._from_json(cache_module._to_json(faq))
    assert round_trip == faq
    assert [(e.path, e.line) for e in round_trip.entries] == [(e.path, e.line) for e in faq.entries]


class _Colour(enum.Enum):
    RED = "red"


@dataclasses.dataclass(frozen=True)
class _Extra:
    title: str
    colour: _Colour
    follow_ups: tuple[tuple[str, int], ...] = ()
    notes: dict[str, str | None] = dataclasses.field(default_factory=dict)


def test_a_new_model_type_round_trips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_Extra, "__module__", model.__name__)
    monkeypatch.setattr(_Colour, "__module__", model.__name__)
    monkeypatch.setattr(model, "_Extra", _Extra, raising=False)
    monkeypatch.setattr(model, "_Colour", _Colour, raising=False)
    value = _Extra("a", _Colour.RED, (("b", 1),), {"c": None})
    assert cache_module._from_json(cache_module._to_json(value)) == value


@dataclasses.dataclass(frozen=True)
class _Derived:
    text: str
    length: int = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "length", len(self.text))


class _Text(str):
    pass


@pytest.mark.parametrize(
    "paths",
    [
        frozenset({"a.yaml"}),  # a type JSON cannot hold
        ["a.yaml"],  # a list would come back a tuple
        (_Text("a.yaml"),),  # a subclass of str would come back a str
        (_Derived("a.yaml"),),  # a field the constructor does not take
    ],
)
def test_what_the_format_cannot_hold_exactly_is_not_cached(
    faq_file: Path, paths: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_Derived, "__module__", model.__name__)
    monkeypatch.setattr(model, "_Derived", _Derived, raising=False)
    faq = load_faq(faq_file)
    odd = dataclasses.replace(faq, paths=paths)
    key = cache_module._key(read_faq_texts(faq_file))
    assert cache_module._encode(key, odd, FaqIndex.from_faq(faq), UrgentScreen.for_faq(faq)) is None
    # And then the bot still answers, from a fresh build.
    monkeypatch.setattr(cache_module, "load_faq_texts", lambda _texts: odd)
    got = load_indexed([faq_file])
    assert cached_files() == []
    assert got[0] is odd


# What the entries' columns could not give back as it was: the separator
# between an entry's texts, a lone surrogate (no UTF-8), a line below 0, a list.
@pytest.mark.parametrize(
    "change",
    [{"answer": "a\x00b"}, {"question": "why \ud800?"}, {"line": -1}, {"keywords": ["a", "list"]}],
)
def test_entries_the_columns_cannot_hold_exactly_are_not_cached(faq_file: Path, change: dict) -> None:
    faq = load_faq(faq_file)
    odd = dataclasses.replace(faq, entries=(dataclasses.replace(faq.entries[0], **change), *faq.entries[1:]))
    key = cache_module._key(read_faq_texts(faq_file))
    screen = UrgentScreen.for_faq(faq)
    assert cache_module._encode(key, faq, FaqIndex.from_faq(faq), screen) is not None
    assert cache_module._encode(key, odd, FaqIndex.from_faq(faq), screen) is None


def test_a_reply_from_the_cache_decodes_only_the_entries_it_reads(faq_file: Path) -> None:
    load_indexed([faq_file])
    faq, index = load_indexed([faq_file])  # from the cache

    def decoded() -> int:
        return sum("_rest" not in vars(e) for e in faq.entries)

    assert decoded() == 1  # the FAQ's own checks read its first entry
    # Not the first entry's question: its texts are read already.
    reply = FaqBot(faq, index=index).ask("can it happen after any kind of back surgery?")
    assert reply.status is model.Status.ANSWERED
    assert reply.entry is not faq.entries[0]
    assert 1 < decoded() < len(faq.entries)
    # And each reads back as it was built, the fields that do not count in == too.
    fresh = load_faq(faq_file)
    assert faq == fresh
    assert [(e.path, e.line) for e in faq.entries] == [(e.path, e.line) for e in fresh.entries]


@pytest.mark.parametrize("name", cache_module._ENTRY_FIELDS[2:])  # all but id and section, read first
def test_an_entry_from_the_cache_has_its_own_values_whichever_field_is_read_first(
    faq_file: Path, name: str
) -> None:
    # Fields with a default once gave the default when read before any other.
    load_indexed([faq_file])
    faq, _ = load_indexed([faq_file])
    fresh = load_faq(faq_file)
    assert [getattr(e, name) for e in faq.entries] == [getattr(e, name) for e in fresh.entries]


def _renumbered(state: dict, field: int, number: int) -> None:
    """Set field ``field`` (see cache._Entries) of the first entry to ``number``."""
    numbers = postings.unpack(state["numbers"], "I")
    numbers[field] = number
    state["numbers"] = postings.pack(numbers)


# Columns a well-signed entry could hold that do not fit one another; the
# first, undamaged, shows that the damage alone makes the miss.
DAMAGES: dict[str, tuple[Callable[[dict], object], bool]] = {
    "none": (lambda _state: None, True),
    "texts ending past the last entry's": (lambda state: state.update(texts=state["texts"] + b"x"), False),
    "a section past the FAQ's": (lambda state: _renumbered(state, 0, 99), False),
    "a path past the entry's": (lambda state: _renumbered(state, 1, 99), False),
    "an id given twice": (lambda state: state["ids"].__setitem__(1, state["ids"][0]), False),
    "a column cut short": (lambda state: state.update(sizes=state["sizes"][:-4]), False),
}


def _with_columns(faq_file: Path, damage: Callable[[dict], object], monkeypatch: pytest.MonkeyPatch) -> tuple:
    """What the cache reads from a well-signed entry for ``faq_file``, its columns changed by ``damage``."""
    real = cache_module._faq_state

    def damaged(faq: model.Faq) -> dict:
        state = real(faq)
        damage(state)
        return state

    monkeypatch.setattr(cache_module, "_faq_state", damaged)
    faq = load_faq(faq_file)
    key = cache_module._key(read_faq_texts(faq_file))
    data = cache_module._encode(key, faq, FaqIndex.from_faq(faq), UrgentScreen.for_faq(faq))
    assert data is not None
    return cache_module._decode(data, key)


@pytest.mark.parametrize(("damage", "reads"), DAMAGES.values(), ids=DAMAGES.keys())
def test_a_well_signed_entry_whose_columns_disagree_is_a_miss(
    faq_file: Path, damage: Callable[[dict], object], reads: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (_with_columns(faq_file, damage, monkeypatch) is not None) is reads


def test_counts_past_an_entrys_texts_cut_its_lists_short_without_an_error(
    faq_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Checked only when the entry is read: its lists end where its texts do, nothing made to the count.
    faq, _, _ = _with_columns(faq_file, lambda state: _renumbered(state, 3, 2**32 - 1), monkeypatch)
    fresh = load_faq(faq_file).entries[0]
    assert faq.entries[0].alternates == (*fresh.alternates, *fresh.keywords, *fresh.followups)


# Words split() would not give back as they were (empty, holding a space or
# a separator), and words not numbered in order, are not joined: no entry then.
@pytest.mark.parametrize("words", [["a", ""], ["a b"], ["a\x1cb"], {"a": 1, "b": 0}])
def test_words_that_would_not_come_back_the_same_are_not_joined(words: list[str] | dict[str, int]) -> None:
    with pytest.raises(ValueError, match="word"):
        safety._joined(words)


def test_joined_words_come_back_with_their_numbers() -> None:
    numbered = {"groin": 0, "numb": 1, "caf\u00e9": 2}
    assert safety._numbering(safety._joined(numbered)) == numbered


# Each width's edges, and what fits none but the widest (negative, or past 32 bits).
@pytest.mark.parametrize(
    ("numbers", "code"),
    [([], "H"), ([0, 65535], "H"), ([65536], "I"), ([2**32 - 1], "I"), ([2**32], "q"), ([-1, 5], "q")],
)
def test_packed_numbers_take_the_narrowest_width_and_come_back_exactly(numbers: list[int], code: str) -> None:
    packed = safety._packed(numbers)
    assert packed[0] == code
    assert list(safety._unpacked(packed)) == numbers


# --- the FAQ's texts: read and checked by block, when first used ----------------


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Entries written in blocks of two or three of the bundled FAQ's
    entries, none read ahead with the document (a big FAQ's texts, in
    little): the places and lengths read from the entry file after the
    start, in order."""
    monkeypatch.setattr(cache_module, "_BLOCK_BYTES", 2048)
    monkeypatch.setattr(cache_module, "_AHEAD_BYTES", 0)
    reads: list[tuple[int, int]] = []
    real = cache_module._on_disk

    def counted(name: str, entry: tuple[int, int], base: int, at: int, size: int) -> bytes:
        reads.append((at, size))
        return real(name, entry, base, at, size)

    monkeypatch.setattr(cache_module, "_on_disk", counted)
    return reads


def _texts_start(data: bytes) -> int:
    """Where the FAQ's texts start in the entry ``data``: after its header and document."""
    return data.index(b"\n") + 1 + len(_parts(data)[0]) + 1


def test_texts_are_read_a_block_at_a_time_when_first_used(
    faq_file: Path, small_blocks: list[tuple[int, int]]
) -> None:
    # A 47,000-entry FAQ's texts are 26 MB that a start read and checked
    # whole; a reply reads a few entries.
    load_indexed([faq_file])
    faq, _ = load_indexed([faq_file])  # from the entry
    assert len(small_blocks) == 1  # the FAQ's own checks read its first entry's block
    fresh = load_faq(faq_file)
    assert faq.entries[-1].answer == fresh.entries[-1].answer
    assert len(small_blocks) == 2
    # Its neighbours came with it: no read more for the last block's other entries.
    per_block = json.loads(_parts(cached_files()[0].read_bytes())[0].split(b"\n", 1)[0])["faq"]["per_block"]
    assert 1 < per_block < len(faq.entries) // 4
    last_block = (len(faq.entries) - 1) // per_block * per_block
    assert [e.question for e in faq.entries[last_block:]] == [e.question for e in fresh.entries[last_block:]]
    assert len(small_blocks) == 2
    # Every entry read: each block once, one after the other, and all as built.
    assert faq == fresh
    assert len(small_blocks) == -(-len(faq.entries) // per_block)
    assert len(set(small_blocks)) == len(small_blocks)


def test_a_small_faqs_texts_come_with_the_document(faq_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The bundled FAQ's 38 KB of texts are read with the document: a reply opens no file again.
    reads: list[int] = []
    monkeypatch.setattr(cache_module, "_on_disk", lambda *_args: reads.append(1))
    load_indexed([faq_file])
    faq, _ = load_indexed([faq_file])
    assert faq == load_faq(faq_file)
    assert reads == []


@pytest.mark.usefixtures("small_blocks")
def test_a_block_found_damaged_after_the_start_means_the_faq_read_again(
    faq_file: Path, builds: list[int]
) -> None:
    # Checked when first read, as the screen's rules are: texts that fail
    # their block's checksum are never used; the FAQ is loaded again from
    # its file (not its index: the one read is sound), and the entry is
    # removed, for the next start to write it again.
    load_indexed([faq_file])
    (entry,) = cached_files()
    good = entry.read_bytes()
    expected = answers(load_indexed([faq_file]))
    faq, index = load_indexed([faq_file])
    data = bytearray(good)
    data[len(good) - len(_parts(good)[1]) - 3] ^= 0x20  # in the last entry's texts: a letter's case
    entry.write_bytes(bytes(data))  # the same file, as disk damage would leave it
    fresh = load_faq(faq_file)
    assert faq.entries[-1].answer == fresh.entries[-1].answer
    assert cached_files() == []
    assert answers((faq, index)) == expected
    assert faq == fresh
    assert len(builds) == 1
    load_indexed([faq_file])
    assert len(builds) == 2
    assert entry.read_bytes() == good


@pytest.mark.usefixtures("small_blocks")
def test_a_block_found_damaged_after_the_faq_changed_is_an_error_not_a_wrong_text(faq_file: Path) -> None:
    # The texts the index was built from can no longer be had: faq-bot
    # reports it (the command line prints it, no traceback) and answers nothing.
    load_indexed([faq_file])
    (entry,) = cached_files()
    faq, _ = load_indexed([faq_file])
    good = entry.read_bytes()
    data = bytearray(good)
    data[_texts_start(good) + len(_parts(good)[2]) - 3] ^= 0x20
    entry.write_bytes(bytes(data))
    faq_file.write_text(faq_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(FaqLoadError, match="changed since it was loaded"):
        _ = faq.entries[-1].answer


@pytest.mark.parametrize("where", [0, -1])  # the first entry's texts, read at the start; the last's
def test_a_damaged_block_read_at_the_start_is_a_miss(faq_file: Path, builds: list[int], where: int) -> None:
    # With the texts read ahead (the bundled FAQ's all), a damaged block the
    # start reads is a miss as any damage to the document is, and one it
    # does not read is refused when first used: either way the same answers.
    load_indexed([faq_file])
    (entry,) = cached_files()
    good = entry.read_bytes()
    expected = answers(load_indexed([faq_file]))
    data = bytearray(good)
    data[_texts_start(good) + where % len(_parts(good)[2])] ^= 0x01
    entry.write_bytes(bytes(data))
    faq, index = load_indexed([faq_file])
    assert len(builds) == (2 if where == 0 else 1)
    assert answers((faq, index)) == expected
    assert faq == load_faq(faq_file)
