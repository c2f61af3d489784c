"""YAML in, validated :class:`~faq_bot.model.Faq` out.

Files are read as UTF-8 bytes under a size cap, checked event by event (no
aliases; bounded nesting, node count, value length and list length) and only
then composed into nodes, which are validated by hand: no YAML constructor
ever runs, so no tag can build a Python object, and every value keeps its
line for error messages. The limits below bound the memory and time of any
FAQ they accept; a symbolic link in a FAQ directory is followed only to a
file in that directory.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import itertools
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from .errors import MAX_EXCERPT_CHARS, FaqError, FaqInvalid, FaqLoadError, FaqValidationError, excerpt
from .model import Entry, Faq, Intent, Section, Source, UrgentRule, close_matches, faq_problems
from .text import normalize, sanitize, words

if TYPE_CHECKING:
    from pathlib import Path

    import yaml

# Limits, set so that no FAQ they accept takes more than 300 MB or 5 s to
# load, index and cache on a 2-core machine (tools/worst_case.py measures the
# worst shapes; the README gives the figures). Each holds for all of a FAQ's
# files together, so that a directory of files cannot add them up.

#: Largest FAQ file read, in bytes, and largest total of a FAQ's files (the
#: bundled FAQ is 35 kB; 2 MiB holds a thousand entries or more).
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Deepest nesting of lists and mappings accepted; a FAQ needs 5.
MAX_DEPTH = 32
#: Most YAML nodes in a FAQ (an entry takes 10 to 30).
MAX_NODES = 50_000
#: Longest text value (or key), in characters.
MAX_SCALAR_CHARS = 20_000
#: Most items in a list inside an entry, a synonym or an urgent rule (and most
#: urgent rules): each query compares itself with every phrasing of an entry.
MAX_LIST_ITEMS = 1_000
#: Most different words in a FAQ's text: the index and the typo corrector
#: grow with them (real text has few: 18,000 in 8 MB of MedQuAD's answers).
MAX_WORDS = 20_000
#: Most different words in a FAQ's urgent rules, the built-in ones included:
#: each word of every message is checked for typos against them all (the
#: built-in rules have about 2,000, so a FAQ's own rules need room beside them).
MAX_URGENT_WORDS = 3_000
#: Most words in one synonym or synonym term: a query is matched against
#: synonyms at every word, up to the longest.
MAX_SYNONYM_WORDS = 10
#: Problems listed for one FAQ; the rest are counted.
MAX_PROBLEMS = 1_000

ENV_VAR = "FAQ_BOT_FAQ"
#: The built-in language file: small talk, cues and wording (see :mod:`faq_bot.smalltalk`).
# Paths as text, pathlib imported only where it is used: importing it costs a
# start from the cache about 6% (it brings urllib.parse and ipaddress).
_HERE = os.path.dirname(os.path.realpath(__file__))
BUILTIN_LANGUAGE = os.path.join(_HERE, "smalltalk.yaml")

#: The built-in urgent rule sets (``<name>.yaml``) and the screen's reading of context.
RULES_DIR = os.path.join(_HERE, "rules")
#: The built-in rule set a FAQ gets unless its ``urgent.builtin`` names another.
DEFAULT_BUILTIN = "medical"
#: Most phrases one rule phrase may stand for once its ``<word lists>`` are filled in.
MAX_EXPANSION = 10_000

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_NULL = "tag:yaml.org,2002:null"
_TAG_NAMES = {
    "tag:yaml.org,2002:bool": "a true/false value",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "an empty value",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:seq": "a list",
    "tag:yaml.org,2002:map": "a mapping",
}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def default_faq_paths() -> list[Path]:
    """The FAQ files faq-bot uses when none is given: ``$FAQ_BOT_FAQ`` (paths
    separated by ``os.pathsep``) if set, else the packaged FAQ."""
    from pathlib import Path

    return [Path(p) for p in _default_paths()]


def _default_paths() -> list[str]:
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return [p for p in env.split(os.pathsep) if p]
    return [os.path.join(_packaged_dir(), "failed-back-syndrome.yaml")]


def packaged_faq_dir() -> Path:
    """Where the bundled FAQ lives: inside the installed package, or the
    source tree's ``faq/`` in an editable install."""
    from pathlib import Path

    return Path(_packaged_dir())


def _packaged_dir() -> str:
    installed = os.path.join(_HERE, "faq")
    return installed if os.path.isdir(installed) else os.path.join(os.path.dirname(_HERE), "faq")


def load_faq(*paths: str | os.PathLike[str]) -> Faq:
    """Load, validate and merge FAQ files.

    Each path is a YAML file or a directory whose ``*.yaml``/``*.yml`` files
    are read in name order. With no path, :func:`default_faq_paths` is used.
    Raises :class:`FaqInvalid` listing every problem found.
    """
    return load_faq_texts(read_faq_texts(*paths))


def read_faq_texts(*paths: str | os.PathLike[str]) -> list[tuple[str, str | FaqLoadError]]:
    """Each FAQ file :func:`load_faq` would read (its path as text), with its
    text, or the error that stopped it from being read (so every problem can
    still be listed)."""
    return decode_files(read_faq_files(*paths))


def read_faq_files(*paths: str | os.PathLike[str]) -> list[tuple[str, bytes | FaqLoadError]]:
    """:func:`read_faq_texts` before decoding: each file's bytes, or the error
    that stopped it from being read. The index cache's key is made from the
    bytes, and a start from the cache needs no more (decoding a 30 MB FAQ,
    and encoding it again for the key, took 0.1 s)."""
    files: list[tuple[str, bytes | FaqLoadError]] = []
    total = 0
    for path, refused in _expand(paths or _default_paths()):
        try:
            if refused is not None:
                raise refused
            data = _read(path)
            total += len(data)
            if total > MAX_FILE_BYTES:
                raise FaqLoadError(f"the FAQ's files together are over {MAX_FILE_BYTES:,} bytes", path=path)
            files.append((path, data))
        except FaqLoadError as exc:
            files.append((path, exc))
    return files


def decode_files(files: list[tuple[str, bytes | FaqLoadError]]) -> list[tuple[str, str | FaqLoadError]]:
    """The texts of files read by :func:`read_faq_files` (see :func:`decode`)."""
    texts: list[tuple[str, str | FaqLoadError]] = []
    for path, data in files:
        try:
            texts.append((path, data if isinstance(data, FaqLoadError) else decode(data, path)))
        except FaqLoadError as exc:
            texts.append((path, exc))
    return texts


def load_faq_texts(texts: Sequence[tuple[str | Path, str | FaqLoadError]]) -> Faq:
    """:func:`load_faq` on texts already read by :func:`read_faq_texts`."""
    from pathlib import Path

    files = [Path(path) for path, _ in texts]
    problems = _Problems()
    budget = _Budget()
    with gc_paused():
        parts = [_parse(path, text, problems, budget) for path, (_, text) in zip(files, texts, strict=True)]
        faq = _merge(
            [p for p in parts if p is not None],
            files,
            problems,
            complete=all(p is not None for p in parts),
        )
    if problems.items:
        raise FaqInvalid(problems.listed())
    assert faq is not None
    return faq


def load_faq_text(text: str, *, name: str = "<text>") -> Faq:
    """A FAQ from YAML text held in memory, checked as :func:`load_faq`
    checks a file (``name`` stands for the file in error messages)."""
    from pathlib import Path

    path = Path(name)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise FaqInvalid(
            [FaqLoadError(f"text holds a lone surrogate ({text[exc.start]!r})", path=path)]
        ) from exc
    try:
        checked: str | FaqLoadError = decode(data, path)
    except FaqLoadError as exc:
        checked = exc
    return load_faq_texts([(path, checked)])


def load_language(
    path: str | os.PathLike[str],
) -> tuple[tuple[Intent, ...], dict[str, tuple[str, ...]], dict[str, str]]:
    """A conversation's language file (``faq_bot/smalltalk.yaml``): its small
    talk intents, its cue word lists and its wording, validated as FAQ files
    are. Raises :class:`FaqInvalid` listing every problem found."""
    from pathlib import Path

    path = Path(path)
    problems = _Problems()
    part = _Part(path)
    try:
        root = compose(read_text(path), path)
    except FaqLoadError as exc:
        raise FaqInvalid([exc]) from exc
    validator = _Validator(path, problems, _Budget())
    top = validator.mapping(root, "the top level", ("smalltalk", "cues", "wording"), required=("smalltalk",))
    for key, (_, value) in (top or {}).items():
        if key == "smalltalk":
            validator._smalltalk(value, part)
            continue
        for name, (_, item) in (validator.mapping(value, key, None) or {}).items():
            if key == "cues":
                part.cues[name] = validator.texts(item, f"cues.{name}")
            else:
                text = validator.text(item, f"wording.{name}")
                if text is not None:
                    part.wording[name] = text
    intents = _unique([part], lambda p: p.intents, lambda i: i.id, "small talk intent id", problems)
    for intent, node in part.intents:
        if not intent.examples:
            problems.add(f"small talk intent {intent.id!r} has no examples", path, node)
    if problems.items:
        raise FaqInvalid(problems.items)
    return tuple(intents), part.cues, part.wording


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: building a big FAQ's nodes, model or
    index makes millions of objects, and each collection they set off walks
    them all again (a third of the time of a load). What is built holds no
    cycles to wait for; collection resumes at the end, with what was made
    put in the oldest generation unwalked: left young, the first collection
    after walked all of it (7-10 ms of a 47,000-entry FAQ's load from the cache)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Not where something else has frozen objects: unfreeze() would free those.
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def is_valid_faq(*paths: str | os.PathLike[str]) -> bool:
    """True when :func:`load_faq` would succeed."""
    try:
        load_faq(*paths)
    except FaqError:
        return False
    return True


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The FAQ files ``paths`` name: each file, and each directory's
    ``*.yaml``/``*.yml`` files in name order (see :func:`load_faq`)."""
    from pathlib import Path

    return [Path(path) for path, _ in _expand(paths)]


def _expand(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str, FaqLoadError | None]]:
    """:func:`expand_paths`, with the reason a file found in a directory is
    refused. A file named on its own is read wherever it is, as the user asked;
    but a symbolic link in a directory is followed only to a file in that same
    directory, since a directory may hold files from others (a contribution
    checked in CI): a link to ``/etc/passwd`` or a key file must not print
    their lines in error messages."""
    files: list[tuple[str, FaqLoadError | None]] = []
    for raw in paths:
        # A plain file's path as pathlib would write it: no pathlib needed.
        if isinstance(raw, str) and _normal(raw) and not os.path.isdir(raw):
            files.append((raw, None))
            continue
        from pathlib import Path

        path = Path(raw)
        if not path.is_dir():
            files.append((str(path), None))
            continue
        found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        real = os.path.realpath(path)
        chosen = []
        for file in found:
            refused = None
            if file.is_symlink():
                target = os.path.realpath(file)
                if os.path.dirname(target) != real:
                    refused = FaqLoadError("a symbolic link out of its directory; not followed", path=file)
                elif not os.path.exists(target):
                    refused = FaqLoadError("a symbolic link to a file that does not exist", path=file)
            if refused is not None or file.is_file():  # subdirectories named *.yaml are not FAQ files
                chosen.append((str(file), refused))
        if not chosen:
            raise FaqInvalid([FaqLoadError("no .yaml files in this directory", path=path)])
        files.extend(chosen)
    return files


def _normal(path: str) -> bool:
    """Whether ``str(Path(path))`` is ``path``: no empty or ``.`` parts."""
    parts = path.split("/")
    return os.sep == "/" and all(p not in ("", ".") for p in (parts[1:] if path[:1] == "/" else parts))


# --- reading -------------------------------------------------------------------


class _Problems:
    """The problems found, up to MAX_PROBLEMS; past that, only counted (a file
    of 50,000 bad values would otherwise cost more than the file)."""

    def __init__(self) -> None:
        self.items: list[FaqError] = []
        self.unlisted = 0
        self.hints = 0

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_PROBLEMS

    def append(self, problem: FaqError) -> None:
        if self.full:
            self.unlisted += 1
        else:
            self.items.append(problem)

    def add(self, message: str, path: Path, node: yaml.Node | None = None) -> None:
        if self.full:
            self.unlisted += 1
            return
        line = column = None
        if node is not None:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.items.append(FaqValidationError(message, path=path, line=line, column=column))

    def listed(self) -> list[FaqError]:
        """The problems, and a last one counting those not listed."""
        if not self.unlisted:
            return self.items
        last = self.items[-1].path
        return [*self.items, FaqValidationError(f"{self.unlisted:,} more problems not listed", path=last)]


class _Budget:
    """What the limits count across the files of one FAQ: YAML nodes, and the
    different words of its text and of its urgent rules."""

    def __init__(self) -> None:
        self.nodes = 0
        self.words: set[str] = set()
        self.urgent_words: set[str] = set()


def read_text(path: str | Path) -> str:
    """Read a FAQ file as UTF-8 text, refusing what cannot be a FAQ."""
    return decode(_read(path), path)


def _read(path: str | Path) -> bytes:
    """The bytes of the file :func:`read_text` reads, checked as far as
    reading them needs (see :func:`decode` for the rest)."""
    try:
        # Opened first and checked on the descriptor, so that what is checked
        # is what is read; O_NONBLOCK so that opening a pipe cannot hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ENOENT and os.path.islink(path):
            # A link's target is a path (at most PATH_MAX): quoted whole, to be found.
            target = os.readlink(path)
            raise FaqLoadError(f"a symbolic link to {target!r}, which does not exist", path=path) from exc
        raise FaqLoadError(f"cannot read file: {exc.strerror or exc}", path=path) from exc
    try:
        with os.fdopen(fd, "rb") as stream:
            info = os.fstat(fd)
            # A device or a pipe reports size 0 and may never end: refuse it unread.
            if not stat.S_ISREG(info.st_mode):
                raise FaqLoadError("not a regular file", path=path)
            if info.st_size > MAX_FILE_BYTES:
                raise FaqLoadError(
                    f"file is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}", path=path
                )
            data = stream.read(info.st_size + 1)
    except OSError as exc:
        raise FaqLoadError(f"cannot read file: {exc.strerror or exc}", path=path) from exc
    if len(data) > info.st_size:
        raise FaqLoadError("file grew while it was read; try again", path=path)
    return data


def decode(data: bytes, path: str | Path) -> str:
    """A FAQ file's bytes as text, refusing what cannot be a FAQ."""
    if len(data) > MAX_FILE_BYTES:
        raise FaqLoadError(f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}", path=path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FaqLoadError("file is UTF-16; save it as UTF-8", path=path)
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise FaqLoadError("file contains NUL bytes; is it a binary file?", path=path, line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FaqLoadError(
            f"not valid UTF-8 (byte {data[exc.start]:#04x}); save the file as UTF-8",
            path=path,
            line=line,
        ) from exc
    if not text.strip():
        raise FaqLoadError("file is empty", path=path, line=1)
    return text


def _import_yaml() -> type[yaml.SafeLoader]:
    """PyYAML, imported on the first parse and bound to this module's name
    ``yaml``, and its fastest safe loader. A start from the index cache parses
    nothing, and importing PyYAML costs it a fifth of its time."""
    global yaml  # noqa: PLW0603
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def compose(text: str, path: Path, *, budget: _Budget | None = None) -> yaml.Node:
    """Parse YAML text to a node tree, within the limits above (``budget``:
    the nodes of other files of the same FAQ count too). Every parse goes
    through here: nothing else in this module uses PyYAML before it has run."""
    loader = _import_yaml()
    _check_events(text, path, budget or _Budget(), loader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path, text) from exc
    if node is None:
        raise FaqLoadError("file holds no YAML document", path=path, line=1)
    return node


def _check_events(text: str, path: Path, budget: _Budget, loader: type[yaml.SafeLoader]) -> None:
    try:
        budget.nodes = _check_limits(text, path, loader, budget.nodes)
    except yaml.YAMLError as exc:
        # libyaml has limits of its own (nesting, since 0.2.5) that may fire
        # before ours. Our messages are the documented ones, so the text up to
        # the parser's error is checked again by the pure-Python parser, which
        # has no such limit: if one of ours is broken there, it is reported.
        mark = getattr(exc, "problem_mark", None)
        if loader is not yaml.SafeLoader and mark is not None:
            with contextlib.suppress(yaml.YAMLError):
                _check_limits(text[: mark.index + 1], path, yaml.SafeLoader, budget.nodes)
        raise _yaml_error(exc, path, text) from exc


def _check_limits(text: str, path: Path, loader: type[yaml.SafeLoader], nodes: int = 0) -> int:
    """Check the limits on the event stream, and return the count of nodes
    (``nodes`` is the count from the FAQ's other files)."""
    # The event stream is flat, so limits are checked without recursion, before
    # anything could be expanded (alias bombs) or composed recursively (nesting).
    together = " in the FAQ's files together" if nodes else ""
    seen = nodes
    # Per open collection: its item count, or -1 for one whose length is not limited.
    open_counts: list[int] = []
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            raise _at(FaqLoadError, f"aliases (*{event.anchor}) are not allowed in FAQ files", path, event)
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise _at(FaqLoadError, f"more than {MAX_NODES:,} YAML nodes{together}", path, event)
            if event.anchor is not None:
                raise _at(
                    FaqLoadError, f"anchors (&{event.anchor}) are not allowed in FAQ files", path, event
                )
            if open_counts and open_counts[-1] >= 0:
                open_counts[-1] += 1
                if open_counts[-1] > MAX_LIST_ITEMS:
                    raise _at(FaqLoadError, f"a list of more than {MAX_LIST_ITEMS:,} items", path, event)
            if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_SCALAR_CHARS:
                raise _at(
                    FaqLoadError,
                    f"a value of {len(event.value):,} characters; the limit is {MAX_SCALAR_CHARS:,}",
                    path,
                    event,
                )
        if isinstance(event, yaml.CollectionStartEvent):
            # Lists below the top level's own (entries, sections) have a length limit.
            limited = isinstance(event, yaml.SequenceStartEvent) and len(open_counts) >= 2
            open_counts.append(0 if limited else -1)
            if len(open_counts) > MAX_DEPTH:
                raise _at(FaqLoadError, f"nested more than {MAX_DEPTH} levels deep", path, event)
        elif isinstance(event, yaml.CollectionEndEvent):
            open_counts.pop()
        elif isinstance(event, yaml.DocumentStartEvent) and event.explicit and nodes > seen:
            raise _at(FaqLoadError, "more than one YAML document in the file", path, event)
    return nodes


_E = TypeVar("_E", bound=FaqError)


def _at(kind: type[_E], message: str, path: Path, event: yaml.Event) -> _E:
    mark = event.start_mark
    if mark is None:
        return kind(message, path=path)
    return kind(message, path=path, line=mark.line + 1, column=mark.column + 1)


def _yaml_error(exc: yaml.YAMLError, path: Path, text: str) -> FaqLoadError:
    if isinstance(exc, yaml.reader.ReaderError):
        # It has no mark and a two-line str(): name the character and find its line.
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return FaqLoadError(
            f"invalid YAML: character U+{code:04X} is not allowed in a YAML file",
            path=path,
            line=line,
            column=column,
        )
    from .yaml_hints import explain  # only when there is a mistake to explain: start-up counts

    found = explain(exc, text)
    return FaqLoadError(f"invalid YAML: {found.message}", path=path, line=found.line, column=found.column)


# --- validating ----------------------------------------------------------------


class _Part:
    """What one file contributes; ``None`` fields were absent from it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.source: tuple[Source, yaml.Node] | None = None
        self.topic: tuple[str, yaml.Node] | None = None
        self.reminder: tuple[str, yaml.Node] | None = None
        self.fallback: tuple[str, yaml.Node] | None = None
        self.sections: list[tuple[Section, yaml.Node]] = []
        self.synonyms: list[tuple[str, tuple[str, ...], yaml.Node]] = []
        self.rules: list[tuple[UrgentRule, yaml.Node]] = []
        self.builtin: tuple[str, yaml.Node] | None = None
        self.entries: list[tuple[Entry, yaml.Node]] = []
        #: The top-level keys written in the file, valid or not.
        self.keys: set[str] = set()
        self.intents: list[tuple[Intent, yaml.Node]] = []
        self.cues: dict[str, tuple[str, ...]] = {}
        self.wording: dict[str, str] = {}


#: What a FAQ must give, in one of its files; the rest is optional.
_REQUIRED_KEYS = ("reminder", "entries")
_TOP_KEYS = (
    "topic",
    "source",
    "sections",
    "reminder",
    "fallback",
    "synonyms",
    "urgent",
    "smalltalk",
    "entries",
)
_SOURCE_KEYS = ("title", "author", "editor", "date", "publisher", "url")
_ENTRY_KEYS = ("id", "section", "question", "alternates", "answer", "keywords", "followups")
_URGENT_KEYS = ("builtin", "words", "rules")
_RULE_SET_KEYS = (
    "default_notice",
    "words",
    "rules",
    "red_flags",
    "red_flag_concepts",
    "red_flag_notice",
    "learned_backstop",
)
_BACKSTOP_KEYS = ("id", "source", "notice")
_RULE_KEYS = (
    "id",
    "description",
    "source",
    "notice",
    "any",
    "all",
    "within",
    "unless",
    "lasting",
    "any_age",
    "examples",
    "safe",
)
_WORD_LIST = re.compile(r"<([^<>]*)>")
_INTENT_KEYS = ("id", "examples", "reply", "action")
#: What a small talk intent may do besides replying (see faq_bot/smalltalk.yaml).
INTENT_ACTIONS = ("end", "related", "explain")


#: YAML syntax errors fixed on the way, to find the problems after them.
MAX_REPAIRS = 20


def _parse(path: Path, text: str | FaqLoadError, problems: _Problems, budget: _Budget) -> _Part | None:
    """What the file gives. A YAML syntax error is reported, and when its fix
    is certain (a tab, a value to quote) the text is read on as if it were
    fixed, so that one run reports the problems after it too."""
    if isinstance(text, FaqLoadError):
        problems.append(text)
        return None
    for _ in range(MAX_REPAIRS + 1):
        try:
            root = compose(text, path, budget=budget)
            break
        except FaqLoadError as exc:
            problems.append(exc)
            from .yaml_hints import explain

            cause = exc.__cause__
            repaired = explain(cause, text).repaired if isinstance(cause, yaml.MarkedYAMLError) else None
            if repaired is None or repaired == text:
                return None
            text = repaired
    else:
        return None
    return _Validator(path, problems, budget).part(root)


class _Validator:
    def __init__(self, path: Path, problems: _Problems, budget: _Budget) -> None:
        self.path = path
        self.problems = problems
        self.budget = budget

    def error(self, message: str, node: yaml.Node | None) -> None:
        self.problems.add(message, self.path, node)

    # Each getter reports what is wrong and returns None, so that one bad value
    # doesn't hide the problems after it.

    def mapping(
        self,
        node: yaml.Node,
        what: str,
        allowed: tuple[str, ...] | None,
        required: tuple[str, ...] = (),
    ) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """The keys of a mapping node; ``allowed=None`` admits any key."""
        # A tag on a mapping (!!python/object:...) asks for an object: refuse it.
        if not isinstance(node, yaml.MappingNode) or node.tag != _MAP:
            self.error(f"{what} must be a mapping of keys to values, not {_describe(node)}", node)
            return None
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR):
                self.error(f"{what} has a key that is not text: {_describe(key_node)}", key_node)
                continue
            key = key_node.value
            if key in found:
                first = found[key][0].start_mark.line + 1
                self.error(f"duplicate key {excerpt(key)} in {what} (first on line {first})", key_node)
            elif allowed is not None and key not in allowed:
                close = _close_matches(key, allowed, self.problems)
                hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of {', '.join(allowed)}"
                self.error(f"unknown key {excerpt(key)} in {what}{hint}", key_node)
            else:
                found[key] = (key_node, value_node)
        for key in required:
            if key not in found:
                self.error(f"{what} is missing the required key {key!r}", node)
        return found

    def text(self, node: yaml.Node, what: str) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL and not node.value.strip():
            self.error(f"{what} is empty", node)
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
            value = sanitize(node.value).strip()
            if not value:
                self.error(f"{what} is empty", node)
                return None
            self.count_words(value, node)
            return value
        if isinstance(node, yaml.ScalarNode) and node.tag in _TAG_NAMES:
            value = node.value
            quoted = f': "{sanitize(value)}"' if len(value) <= MAX_EXCERPT_CHARS else ""
            self.error(
                f"{what} must be text, but {excerpt(value)} reads as {_TAG_NAMES[node.tag]}; "
                f"put it in quotes{quoted}",
                node,
            )
        else:
            self.error(f"{what} must be text, not {_describe(node)}", node)
        return None

    def count_words(self, value: str, node: yaml.Node) -> None:
        """Add the words of ``value`` to the FAQ's; past the limit, report it once."""
        found = self.budget.words
        if len(found) <= MAX_WORDS:
            found.update(words(value))
            if len(found) > MAX_WORDS:
                self.error(f"the FAQ has more than {MAX_WORDS:,} different words", node)

    def items(self, node: yaml.Node, what: str) -> list[yaml.Node] | None:
        if not isinstance(node, yaml.SequenceNode) or node.tag != _SEQ:
            self.error(f"{what} must be a list, not {_describe(node)}", node)
            return None
        return list(node.value)

    def texts(self, node: yaml.Node, what: str, *, nonempty: bool = False) -> tuple[str, ...]:
        """The texts of a list; with ``nonempty``, an empty list is a problem too."""
        nodes = self.nonempty_items(node, what) if nonempty else self.items(node, what)
        values = (self.text(item, f"each item of {what}") for item in nodes or ())
        return tuple(v for v in values if v is not None)

    def slugs(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        values = (self.slug(item, f"each item of {what}") for item in self.items(node, what) or ())
        return tuple(dict.fromkeys(v for v in values if v is not None))

    def slug(self, node: yaml.Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not _SLUG.match(value):
            self.error(
                f"{what} {excerpt(value)} must be lowercase letters and digits joined by single hyphens",
                node,
            )
            return None
        return value

    def part(self, root: yaml.Node) -> _Part | None:
        """What the file gives, or None when its top level is not a mapping."""
        part = _Part(self.path)
        top = self.mapping(root, "the top level", _TOP_KEYS)
        if top is None:
            return None
        getters: dict[str, Callable[[yaml.Node], None]] = {
            "topic": lambda n: self._message(n, part, "topic"),
            "source": lambda n: self._source(n, part),
            "reminder": lambda n: self._message(n, part, "reminder"),
            "fallback": lambda n: self._message(n, part, "fallback"),
            "sections": lambda n: self._sections(n, part),
            "synonyms": lambda n: self._synonyms(n, part),
            "urgent": lambda n: self._urgent(n, part),
            "smalltalk": lambda n: self._smalltalk(n, part),
            "entries": lambda n: self._entries(n, part),
        }
        part.keys.update(top)
        for key, (_, value) in top.items():
            getters[key](value)
        return part

    def _source(self, node: yaml.Node, part: _Part) -> None:
        fields = self.mapping(node, "source", _SOURCE_KEYS, required=("title",))
        if fields is None:
            return
        values = {k: self.text(v, f"source.{k}") for k, (_, v) in fields.items()}
        if values.get("title"):
            part.source = (Source(**values), node)  # type: ignore[arg-type]

    def _message(self, node: yaml.Node, part: _Part, key: str) -> None:
        value = self.text(node, key)
        if value is not None:
            setattr(part, key, (value, node))

    def nonempty_items(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        """The items of a list that must not be empty (as the schema says)."""
        items = self.items(node, what)
        if items == []:
            self.error(f"{what} is an empty list; list something, or leave the key out", node)
        return items or []

    def _sections(self, node: yaml.Node, part: _Part) -> None:
        for item in self.nonempty_items(node, "sections"):
            fields = self.mapping(item, "a section", ("id", "title"), required=("id", "title"))
            if fields and "id" in fields and "title" in fields:
                sid = self.slug(fields["id"][1], "section id")
                title = self.text(fields["title"][1], "section title")
                if sid and title:
                    part.sections.append((Section(sid, title), item))

    def _synonyms(self, node: yaml.Node, part: _Part) -> None:
        fields = self.mapping(node, "synonyms", None)
        for key, (key_node, value) in (fields or {}).items():
            canonical = sanitize(key).strip()
            if not normalize(canonical):
                self.error(f"synonym term {excerpt(key)} has no words", key_node)
                continue
            self.count_words(canonical, key_node)
            variants = self.texts(value, f"the synonyms of {excerpt(key)}", nonempty=True)
            for text in (canonical, *variants):
                if len(words(text)) > MAX_SYNONYM_WORDS:
                    self.error(
                        f"synonym {excerpt(text)} has {len(words(text)):,} words; "
                        f"the limit is {MAX_SYNONYM_WORDS}",
                        key_node,
                    )
                    break
            else:
                part.synonyms.append((canonical, variants, key_node))

    def _urgent(self, node: yaml.Node, part: _Part) -> None:
        fields = self.mapping(node, "urgent", _URGENT_KEYS)
        if not fields:
            return
        if "builtin" in fields:
            name = self.text(fields["builtin"][1], "urgent.builtin")
            if name is not None and name not in builtin_rule_sets():
                choices = builtin_rule_sets()
                close = close_matches(name, choices)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.error(
                    f"urgent.builtin {name!r} is not a built-in rule set; {hint}"
                    f"choose one of {', '.join(choices)}",
                    fields["builtin"][1],
                )
            elif name is not None:
                part.builtin = (name, fields["builtin"][1])
        word_lists = self.word_lists(fields["words"][1]) if "words" in fields else {}
        if "rules" in fields:
            part.rules.extend(self.urgent_rules(fields["rules"][1], word_lists, required=("id",)))

    # The FAQ's urgent.rules and the built-in rule sets go through the same
    # three methods below, so the two can never disagree on the format.

    def word_lists(self, node: yaml.Node) -> dict[str, tuple[str, ...]]:
        """``words:``: named lists of phrases, written ``<name>`` in a phrase.
        A list may use the lists defined above it."""
        found: dict[str, tuple[str, ...]] = {}
        for name, (key_node, value) in (self.mapping(node, "words", None) or {}).items():
            if not _SLUG.match(name):
                self.error(
                    f"word list name {name!r} must be lowercase letters and digits joined by hyphens",
                    key_node,
                )
                continue
            phrases = self.texts(value, f"the word list {name!r}")
            found[name] = tuple(p for text in phrases for p in self.expand(text, found, value))
        return found

    def expand(self, text: str, word_lists: dict[str, tuple[str, ...]], node: yaml.Node) -> tuple[str, ...]:
        """The phrases ``text`` stands for, each ``<name>`` filled in from ``word_lists``."""
        parts = _WORD_LIST.split(text)
        names = parts[1::2]
        unknown = [n for n in names if n not in word_lists]
        if unknown:
            close = close_matches(unknown[0], list(word_lists))
            hint = f"; did you mean <{close[0]}>?" if close else "; define it under 'words', above"
            self.error(f"phrase {text!r} uses the word list <{unknown[0]}>, which is not defined{hint}", node)
            return ()
        size = 1
        for n in names:
            size *= len(word_lists[n])
        if size > MAX_EXPANSION:
            self.error(
                f"phrase {text!r} stands for {size:,} phrases; the limit is {MAX_EXPANSION:,}: "
                "split it, or use a rule's 'all' groups",
                node,
            )
            return ()
        choices = [(p,) if i % 2 == 0 else word_lists[p] for i, p in enumerate(parts)]
        phrases = tuple(" ".join("".join(c).split()) for c in itertools.product(*choices))
        if not any(normalize(p) for p in phrases):
            self.error(f"phrase {text!r} has no words", node)
            return ()
        return phrases

    def urgent_rules(
        self,
        node: yaml.Node,
        word_lists: dict[str, tuple[str, ...]],
        *,
        required: tuple[str, ...],
        what: str = "urgent.rules",
    ) -> list[tuple[UrgentRule, yaml.Node]]:
        """The rules of a list node; every problem reported, with its place."""
        rules: list[tuple[UrgentRule, yaml.Node]] = []
        for item in self.items(node, what) or ():
            known = len(self.problems.items)
            fields = self.mapping(item, "an urgent rule", _RULE_KEYS, required=required)
            if fields is None:
                continue

            def phrases(key: str, fields: dict[str, tuple[yaml.Node, yaml.Node]] = fields) -> tuple[str, ...]:
                if key not in fields:
                    return ()
                value = fields[key][1]
                return tuple(p for t in self.texts(value, key) for p in self.expand(t, word_lists, value))

            def text(key: str, fields: dict[str, tuple[yaml.Node, yaml.Node]] = fields) -> str | None:
                return self.text(fields[key][1], key) if key in fields else ""

            rid = self.slug(fields["id"][1], "urgent rule id") if "id" in fields else None
            groups: list[tuple[str, ...]] = []
            for group in self.items(fields["all"][1], "all") or () if "all" in fields else ():
                found = tuple(
                    p
                    for t in self.texts(group, "each group of all")
                    for p in self.expand(t, word_lists, group)
                )
                if found:
                    groups.append(found)
                elif isinstance(group, yaml.SequenceNode):
                    self.error("each group of 'all' needs at least one phrase", group)
            within = self.count(fields["within"][1], "within") if "within" in fields else None
            if within is not None and len(groups) < 2:
                self.error("'within' needs 'all' with two groups or more", fields["within"][1])
            any_ = phrases("any")
            rule_words = self.budget.urgent_words
            if len(rule_words) <= MAX_URGENT_WORDS:
                for phrase in (*any_, *(p for group in groups for p in group)):
                    rule_words.update(words(phrase))
                if len(rule_words) > MAX_URGENT_WORDS:
                    self.error(f"the urgent rules have more than {MAX_URGENT_WORDS:,} different words", item)
            description, notice, source = text("description"), text("notice"), text("source")
            lasting = self.flag(fields["lasting"][1], "lasting") if "lasting" in fields else False
            any_age = self.flag(fields["any_age"][1], "any_age") if "any_age" in fields else False
            examples = tuple(self.texts(fields["examples"][1], "examples")) if "examples" in fields else ()
            safe = tuple(self.texts(fields["safe"][1], "safe")) if "safe" in fields else ()
            if not any_ and not groups:
                # Unless that is for a problem reported already (a bad phrase).
                if len(self.problems.items) == known:
                    self.error("an urgent rule needs phrases in 'any' or groups in 'all'", item)
            elif rid is not None and None not in (description, notice, source):
                rule = UrgentRule(
                    rid,
                    description or "",
                    any_,
                    tuple(groups),
                    within,
                    notice=notice or "",
                    source=source or "",
                    unless=phrases("unless"),
                    lasting=lasting is True,
                    any_age=any_age is True,
                    examples=examples,
                    safe=safe,
                )
                rules.append((rule, item))
        return rules

    def flag(self, node: yaml.Node, what: str) -> bool | None:
        """true or false."""
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return bool(yaml.constructor.SafeConstructor.bool_values[node.value.lower()])
        self.error(f"{what} must be true or false, not {_describe(node)}", node)
        return None

    def count(self, node: yaml.Node, what: str) -> int | None:
        """A whole number, 1 or more."""
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:int":
            with contextlib.suppress(ValueError):
                value = int(node.value)
                if value >= 1:
                    return value
        self.error(f"{what} must be a whole number of words, 1 or more, not {_describe(node)}", node)
        return None

    def _smalltalk(self, node: yaml.Node, part: _Part) -> None:
        for item in self.items(node, "smalltalk") or ():
            fields = self.mapping(item, "a small talk intent", _INTENT_KEYS, required=("id", "reply"))
            if fields is None or not {"id", "reply"} <= fields.keys():
                continue
            iid = self.slug(fields["id"][1], "intent id")
            # Left out, they are the built-in intent's (checked when merging).
            examples: tuple[str, ...] = ()
            if "examples" in fields:
                examples = self.texts(fields["examples"][1], "examples")
                if not any(normalize(e) for e in examples):
                    self.error("a small talk intent needs examples with words in them", fields["examples"][1])
                    continue
            reply = self.text(fields["reply"][1], "reply")
            action = None
            if "action" in fields:
                action = self.text(fields["action"][1], "action")
                if action is not None and action not in INTENT_ACTIONS:
                    self.error(
                        f"unknown action {action!r}; expected one of {', '.join(INTENT_ACTIONS)}",
                        fields["action"][1],
                    )
                    continue
            if iid and reply:
                part.intents.append((Intent(iid, examples, reply, action), item))

    def _entries(self, node: yaml.Node, part: _Part) -> None:
        for item in self.nonempty_items(node, "entries"):
            fields = self.mapping(
                item, "an entry", _ENTRY_KEYS, required=("id", "section", "question", "answer")
            )
            if fields is None:
                continue
            eid = self.slug(fields["id"][1], "entry id") if "id" in fields else None
            section = self.slug(fields["section"][1], "section") if "section" in fields else None
            question = self.text(fields["question"][1], "question") if "question" in fields else None
            answer = self.text(fields["answer"][1], "answer") if "answer" in fields else None
            alternates = self.texts(fields["alternates"][1], "alternates") if "alternates" in fields else ()
            keywords = self.texts(fields["keywords"][1], "keywords") if "keywords" in fields else ()
            followups = self.slugs(fields["followups"][1], "followups") if "followups" in fields else ()
            if eid and section and question and answer:
                entry = Entry(
                    id=eid,
                    section=section,
                    question=question,
                    answer=answer,
                    alternates=alternates,
                    keywords=keywords,
                    followups=followups,
                    path=str(self.path),
                    line=item.start_mark.line + 1,
                )
                part.entries.append((entry, item))


#: "Did you mean" hints looked for per FAQ, and the most choices looked through:
#: each costs time in proportion to the choices, and thousands of the same
#: mistake need no more hints than a few.
_MAX_HINTS = 100
_MAX_HINT_CHOICES = 1_000


def _close_matches(word: str, choices: Sequence[str], problems: _Problems) -> list[str]:
    """:func:`close_matches`, within the hints' budget."""
    if problems.hints >= _MAX_HINTS or len(choices) > _MAX_HINT_CHOICES:
        return []
    problems.hints += 1
    return close_matches(word, choices)


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        if node.tag in _TAG_NAMES or node.tag == _STR:
            return f"{_TAG_NAMES.get(node.tag, 'text')} {excerpt(node.value)}"
        return f"a value tagged {excerpt(node.tag)}"
    return _TAG_NAMES.get(node.tag, f"a value tagged {excerpt(node.tag)}")


# --- merging -------------------------------------------------------------------


def _merge(parts: list[_Part], files: list[Path], problems: _Problems, *, complete: bool) -> Faq | None:
    """One FAQ from the files' parts; ``complete`` when every file could be
    parsed, so that what no file gives can be told apart from what a broken
    file may have held."""

    def single(name: str) -> Any:
        found = [(getattr(p, name), p.path) for p in parts if getattr(p, name) is not None]
        for (value, node), path in found[1:]:
            if value != found[0][0][0]:
                problems.add(f"{name} differs from the one in {found[0][1]}; give it in one file", path, node)
        return found[0][0][0] if found else None

    topic, source, reminder, fallback = (
        single("topic"),
        single("source"),
        single("reminder"),
        single("fallback"),
    )
    sections = _unique(parts, lambda p: p.sections, lambda s: s.id, "section id", problems)
    rules = _unique(parts, lambda p: p.rules, lambda r: r.id, "urgent rule id", problems)
    builtin = single("builtin")
    builtin_name = str(builtin) if builtin else DEFAULT_BUILTIN
    if rules and not problems.items:
        _check_builtin_clash(parts, builtin_name, problems)
    entries = [entry for part in parts for entry, _ in part.entries]
    # Repeated ids and undeclared sections: the checks every Faq gets, here
    # before the Faq is made, so that they are reported with the rest.
    nodes = {id(entry): (part.path, node) for part in parts for entry, node in part.entries}
    for message, entry in faq_problems(sections=sections, entries=entries, require_entries=False):
        path, node = nodes[id(entry)] if entry is not None else (files[0], None)
        problems.add(message, path, node)
    _check_questions(parts, problems)
    intents = _unique(parts, lambda p: p.intents, lambda i: i.id, "small talk intent id", problems)
    _check_intents(parts, problems)
    _check_followups(parts, {e.id for e in entries}, problems)
    synonyms = _synonym_table(parts, problems)

    if complete:
        where = files[0] if len(files) == 1 else files[0].parent
        for key in _REQUIRED_KEYS:
            if not any(key in part.keys for part in parts):
                problems.append(FaqValidationError(f"no file gives the required key {key!r}", path=where))
    if problems.items or reminder is None:
        return None
    return Faq(
        topic=topic,
        source=source,
        sections=tuple(sections),
        reminder=reminder,
        fallback=fallback or "",
        entries=tuple(entries),
        synonyms=synonyms,
        urgent_rules=tuple(rules),
        smalltalk=tuple(intents),
        paths=tuple(str(f) for f in files),
        urgent_builtin=builtin_name,
    )


_T = TypeVar("_T")


def _unique(
    parts: list[_Part],
    items: Callable[[_Part], list[tuple[_T, yaml.Node]]],
    key: Callable[[_T], str],
    what: str,
    problems: _Problems,
) -> list[_T]:
    seen: dict[str, str] = {}
    out: list[_T] = []
    for part in parts:
        for item, node in items(part):
            k = key(item)
            if k in seen:
                problems.add(f"duplicate {what} {excerpt(k)} (first at {seen[k]})", part.path, node)
            else:
                seen[k] = f"{part.path}:{node.start_mark.line + 1}"
                out.append(item)
    return out


def _check_questions(parts: list[_Part], problems: _Problems) -> None:
    seen: dict[str, str] = {}
    for part in parts:
        for entry, node in part.entries:
            key = normalize(entry.question)
            if key in seen:
                problems.add(
                    f"entry {excerpt(entry.id)} asks the same question as entry {seen[key]} "
                    f"({excerpt(entry.question)})",
                    part.path,
                    node,
                )
            else:
                seen[key] = f"{excerpt(entry.id)} at {part.path}:{node.start_mark.line + 1}"


def _check_intents(parts: list[_Part], problems: _Problems) -> None:
    """An intent without examples takes the built-in one's: there must be one."""
    bare = [
        (intent, node, part.path) for part in parts for intent, node in part.intents if not intent.examples
    ]
    if not bare:
        return
    builtin = [i.id for i in load_language(BUILTIN_LANGUAGE)[0]]
    for intent, node, path in bare:
        if intent.id not in builtin:
            problems.add(
                f"small talk intent {intent.id!r} needs examples: no built-in intent has that id "
                f"({', '.join(builtin)})",
                path,
                node,
            )


def _check_followups(parts: list[_Part], ids: set[str], problems: _Problems) -> None:
    for part in parts:
        for entry, node in part.entries:
            where = _value_of(node, "followups") or node
            for target in entry.followups:
                if target == entry.id:
                    problems.add(f"entry {entry.id!r} lists itself as a follow-up", part.path, where)
                elif target not in ids:
                    close = close_matches(target, sorted(ids))
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    problems.add(
                        f"entry {entry.id!r} has follow-up {target!r}, which is not an entry id{hint}",
                        part.path,
                        where,
                    )


def _value_of(node: yaml.Node, key: str) -> yaml.Node | None:
    """The value node of ``key`` in a mapping node, for an error's line."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return value  # type: ignore[no-any-return]
    return None


def _synonym_table(parts: list[_Part], problems: _Problems) -> tuple[tuple[str, tuple[str, ...]], ...]:
    owner: dict[str, str] = {}
    merged: dict[str, list[str]] = {}
    for part in parts:
        for canonical, variants, node in part.synonyms:
            for variant in variants:
                key = normalize(variant)
                if key in owner and owner[key] != canonical:
                    problems.add(
                        f"synonym {excerpt(variant)} is given for both {excerpt(owner[key])} "
                        f"and {excerpt(canonical)}",
                        part.path,
                        node,
                    )
                owner.setdefault(key, canonical)
            merged.setdefault(canonical, []).extend(variants)
    return tuple((c, tuple(dict.fromkeys(v))) for c, v in merged.items())


def iter_problems(error: FaqError) -> Iterator[FaqError]:
    """Each individual problem of ``error`` (itself, unless it is FaqInvalid)."""
    if isinstance(error, FaqInvalid):
        yield from error.problems
    else:
        yield error


def _check_builtin_clash(parts: list[_Part], builtin: str, problems: _Problems) -> None:
    taken = {r.id for r in load_rule_set(builtin).rules}
    for part in parts:
        for rule, node in part.rules:
            if rule.id in taken:
                problems.add(
                    f"urgent rule id {rule.id!r} is already a rule of the built-in {builtin!r} set; "
                    "choose another id",
                    part.path,
                    node,
                )


# --- built-in rule sets and the screen's lexicon ------------------------------------


# NamedTuples rather than dataclasses: as immutable, and much cheaper to
# define, which every start of the command line pays. The functional form,
# as for Lexicon below.
RuleSet = NamedTuple(  # noqa: UP014 - see Lexicon
    "RuleSet",
    [
        ("name", str),
        # The notice of a rule added to this set without one of its own.
        ("default_notice", str),
        ("rules", tuple[UrgentRule, ...]),
        # Words that name a red flag: described as happening, they keep an
        # ordinary answer away even when no rule fires.
        ("red_flags", tuple[str, ...]),
        # What the bot says then, before its fallback.
        ("red_flag_notice", str),
        # Red flags as concepts: rules (a symptom's words beside a body part's)
        # that give the red-flag notice, not an alarm of their own.
        ("red_flag_concepts", tuple[UrgentRule, ...]),
        # The rule the learned backstop (faq_bot/backstop.py) alarms as, where
        # the rules did not fire: its id and notice; None, no backstop.
        ("backstop", UrgentRule | None),
    ],
)
RuleSet.__doc__ = """A built-in set of urgent rules (``rules/<name>.yaml``)."""


def builtin_rule_sets() -> list[str]:
    """The names a FAQ's ``urgent.builtin`` may take, e.g. ``medical`` and ``none``."""
    from pathlib import Path

    return sorted(p.stem for p in Path(RULES_DIR).glob("*.yaml"))


@functools.cache
def load_rule_set(name: str = DEFAULT_BUILTIN) -> RuleSet:
    """A built-in rule set, validated by the same code as a FAQ's ``urgent.rules``
    (there every rule must also give its ``source`` and ``notice``)."""
    if name not in builtin_rule_sets():
        raise ValueError(
            f"no built-in urgent rule set {name!r}; choose one of {', '.join(builtin_rule_sets())}"
        )
    from pathlib import Path

    path = Path(RULES_DIR, f"{name}.yaml")
    problems = _Problems()
    validator = _Validator(path, problems, _Budget())
    root = compose(read_text(path), path)
    fields = validator.mapping(root, "a rule set", _RULE_SET_KEYS, required=("default_notice", "rules"))
    notice: str | None = None
    rules: list[tuple[UrgentRule, yaml.Node]] = []
    red_flags: tuple[str, ...] = ()
    red_flag_notice = ""
    concepts: list[tuple[UrgentRule, yaml.Node]] = []
    backstop: UrgentRule | None = None
    if fields is not None:
        if "learned_backstop" in fields:
            backstop = _backstop(validator, fields["learned_backstop"][1])
        if "red_flags" in fields:
            red_flags = validator.texts(fields["red_flags"][1], "red_flags")
        if "red_flag_notice" in fields:
            red_flag_notice = validator.text(fields["red_flag_notice"][1], "red_flag_notice") or ""
        if "default_notice" in fields:
            notice = validator.text(fields["default_notice"][1], "default_notice")
        word_lists = validator.word_lists(fields["words"][1]) if "words" in fields else {}
        if "rules" in fields:
            rules = validator.urgent_rules(
                fields["rules"][1], word_lists, required=("id", "source", "notice"), what="rules"
            )
        if "red_flag_concepts" in fields:
            concepts = validator.urgent_rules(
                fields["red_flag_concepts"][1],
                word_lists,
                required=("id", "source"),
                what="red_flag_concepts",
            )
    set_part = _Part(path)
    set_part.rules = rules + concepts
    _unique([set_part], lambda p: p.rules, lambda r: r.id, "urgent rule id", problems)
    if problems.items:
        raise FaqInvalid(problems.items)
    assert notice is not None
    return RuleSet(
        name,
        notice,
        tuple(r for r, _ in rules),
        red_flags,
        red_flag_notice,
        tuple(c for c, _ in concepts),
        backstop,
    )


def _backstop(validator: _Validator, node: yaml.Node) -> UrgentRule | None:
    """A rule set's ``learned_backstop``: the id, source and notice of its alarm."""
    fields = validator.mapping(node, "learned_backstop", _BACKSTOP_KEYS, required=_BACKSTOP_KEYS)
    if fields is None or set(fields) != set(_BACKSTOP_KEYS):
        return None
    said = {k: validator.text(fields[k][1], k) for k in _BACKSTOP_KEYS}
    if not all(said.values()):
        return None
    return UrgentRule(id=str(said["id"]), source=str(said["source"]), notice=str(said["notice"]))


# The functional form: a class statement's annotations are text here, and
# NamedTuple makes a ForwardRef of each, compiling it: for these fields about
# 3M instructions of a start from the cache (callgrind).
Lexicon = NamedTuple(  # noqa: UP014 - see above
    "Lexicon",
    [
        ("window", int),
        ("max_gap", int),
        ("fillers", tuple[str, ...]),
        ("articles", tuple[str, ...]),
        ("not_typos", tuple[str, ...]),
        ("boundaries", tuple[str, ...]),
        ("clause_starts", tuple[str, ...]),
        ("auxiliaries", tuple[str, ...]),
        ("lists", tuple[str, ...]),
        ("reasons", tuple[str, ...]),
        ("negation_pre", tuple[str, ...]),
        ("negation_post", tuple[str, ...]),
        ("pseudo", tuple[str, ...]),
        ("history_pre", tuple[str, ...]),
        ("history_post", tuple[str, ...]),
        # Durations ("for years"): read as history_pre/history_post, but a rule
        # marked ``lasting`` counts through them.
        ("lasting_pre", tuple[str, ...]),
        ("lasting_post", tuple[str, ...]),
        ("lasting_starts", tuple[str, ...]),
        ("resolved", tuple[str, ...]),
        ("relapse", tuple[str, ...]),
        ("present", tuple[str, ...]),
        ("current", tuple[str, ...]),
        ("generic_starts", tuple[str, ...]),
        ("generic_anywhere", tuple[str, ...]),
        ("generic_purposes", tuple[str, ...]),
        # Verbs of saying: the clause they report is inside a supposition around them.
        ("generic_reports", tuple[str, ...]),
        ("generic_someone", tuple[str, ...]),
        ("history_open_ended", tuple[str, ...]),
        ("hypothetical", tuple[str, ...]),
        # A fear of what may come: hypothetical, but for a `lasting` rule the red flag itself.
        ("fears", tuple[str, ...]),
        ("personal", tuple[str, ...]),
        ("reported", tuple[str, ...]),
        ("others", tuple[str, ...]),
        ("past", tuple[str, ...]),
        ("first_person", tuple[str, ...]),
        ("recent", tuple[str, ...]),
        ("never_patients", tuple[str, ...]),
        # Never the patient either, but a rule marked ``any_age`` counts for them.
        ("small_children", tuple[str, ...]),
        ("strangers", tuple[str, ...]),
        ("perceptions", tuple[str, ...]),
        ("generic_consequences", tuple[str, ...]),
        ("inverted", tuple[str, ...]),
        ("subjects", tuple[str, ...]),
        ("same", tuple[str, ...]),
        ("anaphors", tuple[str, ...]),
        ("contrasts", tuple[str, ...]),
        ("pause_contrasts", tuple[str, ...]),
        ("pleas", tuple[str, ...]),
        ("present_time", tuple[str, ...]),
        ("numbers", tuple[str, ...]),
        # A long-standing symptom said to be stable or known to a clinician.
        ("stability_claims", tuple[str, ...]),
        ("stability_spans", tuple[str, ...]),
        ("stability_persisting", tuple[str, ...]),
        ("stability_alarming", tuple[str, ...]),
        # An ending told by the clause's shape: "has since gone", "hasn't happened since".
        ("resolution_verbs", tuple[str, ...]),
        ("resolution_perfects", tuple[str, ...]),
        ("resolution_adverbs", tuple[str, ...]),
        ("resolution_followers", tuple[str, ...]),
        ("resolution_recurrences", tuple[str, ...]),
        ("resolution_recurrence_times", tuple[str, ...]),
        ("resolution_failing", tuple[str, ...]),
        ("resolution_relatives", tuple[str, ...]),
        # What a later clause says of a red flag told before it (see the ``reference`` section).
        ("reference_assertions", tuple[str, ...]),
        ("reference_ellipses", tuple[str, ...]),
        ("reference_joins", tuple[str, ...]),
        # A function that came back ("the feeling came back") recovered.
        ("resolution_returns", tuple[str, ...]),
        ("resolution_functions", tuple[str, ...]),
        ("resolution_links", tuple[str, ...]),
        # Words that tell what came next: an all-clear after one ends the spell before it.
        ("resolution_sequels", tuple[str, ...]),
        # A verb that acts on its object: denied, it alone is; done, its object is better.
        ("negation_acting", tuple[str, ...]),
        ("resolution_reliefs", tuple[str, ...]),
        # Strength said to come back ("getting stronger"): an ending only of a weakness told in its
        # clause (``resolution_weakness``); of a symptom or an urge it says worse.
        ("resolution_strengthening", tuple[str, ...]),
        ("resolution_weakness", tuple[str, ...]),
        # A boundary that is also a word of degree ("so far"): one only where a clause follows.
        ("degree_boundaries", tuple[str, ...]),
        # A verb of checking, its object, then "for": what follows is supposed.
        ("searches", tuple[str, ...]),
        ("search_gap", int),
        # Figures of speech whose literal words are red flags.
        ("figurative_jokes", tuple[str, ...]),
        ("figurative_hyperboles", tuple[str, ...]),
        ("figurative_results", tuple[str, ...]),
        ("figurative_things", tuple[str, ...]),
        ("figurative_story_times", tuple[str, ...]),
        ("figurative_idioms", tuple[str, ...]),
        ("figurative_overdoses", tuple[str, ...]),
        ("figurative_substances", tuple[str, ...]),
        # A denial of what was just listed ("none of those"), and who only wants to know.
        ("negation_anaphoric", tuple[str, ...]),
        ("generic_knowing", tuple[str, ...]),
        # A bare answer that denies the label before it ("chest pain? no").
        ("negation_answers", tuple[str, ...]),
        # A supposition of "that" happening supposes what was told before it.
        ("generic_supposing", tuple[str, ...]),
        # An intent the writer then owns to ("I'm seriously considering it"): what was supposed is theirs.
        ("generic_intents", tuple[str, ...]),
        ("back_references", tuple[str, ...]),
        ("back_occurrences", tuple[str, ...]),
        ("back_acquisitions", tuple[str, ...]),
        ("back_tellings", tuple[str, ...]),
        # A clinician's explanation of an episode told before it ends it.
        ("explanation_clinicians", tuple[str, ...]),
        ("explanation_verdicts", tuple[str, ...]),
        ("explanation_openers", tuple[str, ...]),
        ("explanation_reassurances", tuple[str, ...]),
        ("explanation_serious", tuple[str, ...]),
        ("explanation_told", tuple[str, ...]),
        ("explanation_states", tuple[str, ...]),
        ("explanation_reach", int),
        # A hyperbole said of a thing named in a longer subject ("my motivation has collapsed").
        ("figurative_bodies", tuple[str, ...]),
        ("figurative_verbs", tuple[str, ...]),
        ("figurative_reach", int),
    ],
)
Lexicon.__doc__ = """How the urgent screen reads the words around a red flag: NegEx-style
triggers and scopes (``rules/context/<language>.yaml`` explains each)."""


# The fields of Lexicon that are numbers; the rest are lists of phrases.
LEXICON_COUNTS = frozenset(("window", "max_gap", "search_gap", "explanation_reach", "figurative_reach"))

# Each field of Lexicon: where it is in the file.
_LEXICON_FIELDS = {
    "window": ("window",),
    "max_gap": ("max_gap",),
    "fillers": ("fillers",),
    "articles": ("articles",),
    "not_typos": ("not_typos",),
    "boundaries": ("boundaries",),
    "clause_starts": ("clause_starts",),
    "auxiliaries": ("auxiliaries",),
    "lists": ("lists",),
    "reasons": ("reasons",),
    "negation_pre": ("negation", "pre"),
    "negation_post": ("negation", "post"),
    "pseudo": ("negation", "pseudo"),
    "history_pre": ("history", "pre"),
    "history_post": ("history", "post"),
    "lasting_pre": ("history", "lasting_pre"),
    "lasting_post": ("history", "lasting_post"),
    "lasting_starts": ("history", "lasting_starts"),
    "resolved": ("history", "resolved"),
    "relapse": ("history", "relapse"),
    "present": ("history", "present"),
    "current": ("current",),
    "generic_starts": ("generic", "starts"),
    "generic_anywhere": ("generic", "anywhere"),
    "generic_purposes": ("generic", "purposes"),
    "generic_reports": ("generic", "reports"),
    "generic_someone": ("generic", "someone"),
    "history_open_ended": ("history", "open_ended"),
    "hypothetical": ("generic", "hypothetical"),
    "fears": ("generic", "fears"),
    "personal": ("personal",),
    "reported": ("experiencer", "reported"),
    "others": ("experiencer", "others"),
    "past": ("experiencer", "past"),
    "first_person": ("experiencer", "first_person"),
    "recent": ("experiencer", "recent"),
    "never_patients": ("experiencer", "never_patients"),
    "small_children": ("experiencer", "small_children"),
    "strangers": ("experiencer", "strangers"),
    "perceptions": ("reaction", "perceptions"),
    "generic_consequences": ("generic", "consequences"),
    "inverted": ("questions", "inverted"),
    "subjects": ("questions", "subjects"),
    "anaphors": ("questions", "anaphors"),
    "contrasts": ("history", "contrasts"),
    "pause_contrasts": ("history", "pause_contrasts"),
    "pleas": ("pleas",),
    "present_time": ("present_time",),
    "same": ("same",),
    "numbers": ("numbers",),
    "stability_claims": ("stability", "claims"),
    "stability_spans": ("stability", "spans"),
    "stability_persisting": ("stability", "persisting"),
    "stability_alarming": ("stability", "alarming"),
    "resolution_verbs": ("resolution", "verbs"),
    "resolution_perfects": ("resolution", "perfects"),
    "resolution_adverbs": ("resolution", "adverbs"),
    "resolution_followers": ("resolution", "followers"),
    "resolution_recurrences": ("resolution", "recurrences"),
    "resolution_recurrence_times": ("resolution", "recurrence_times"),
    "resolution_failing": ("resolution", "failing"),
    "resolution_relatives": ("resolution", "relatives"),
    "reference_assertions": ("reference", "assertions"),
    "reference_ellipses": ("reference", "ellipses"),
    "reference_joins": ("reference", "joins"),
    "resolution_returns": ("resolution", "returns"),
    "resolution_functions": ("resolution", "functions"),
    "resolution_links": ("resolution", "links"),
    "resolution_sequels": ("resolution", "sequels"),
    "negation_acting": ("negation", "acting"),
    "resolution_reliefs": ("resolution", "reliefs"),
    "resolution_strengthening": ("resolution", "strengthening"),
    "resolution_weakness": ("resolution", "weakness"),
    "degree_boundaries": ("degree_boundaries",),
    "searches": ("searches",),
    "search_gap": ("search_gap",),
    "figurative_jokes": ("figurative", "jokes"),
    "figurative_hyperboles": ("figurative", "hyperboles"),
    "figurative_results": ("figurative", "results"),
    "figurative_things": ("figurative", "things"),
    "figurative_story_times": ("figurative", "story_times"),
    "figurative_idioms": ("figurative", "idioms"),
    "figurative_overdoses": ("figurative", "overdoses"),
    "figurative_substances": ("figurative", "substances"),
    "negation_anaphoric": ("negation", "anaphoric"),
    "generic_knowing": ("generic", "knowing"),
    "negation_answers": ("negation", "answers"),
    "generic_supposing": ("generic", "supposing"),
    "generic_intents": ("generic", "intents"),
    "back_references": ("generic", "back_references"),
    "back_occurrences": ("generic", "occurrences"),
    "back_acquisitions": ("generic", "acquisitions"),
    "back_tellings": ("generic", "tellings"),
    "explanation_clinicians": ("explanation", "clinicians"),
    "explanation_verdicts": ("explanation", "verdicts"),
    "explanation_openers": ("explanation", "openers"),
    "explanation_reassurances": ("explanation", "reassurances"),
    "explanation_serious": ("explanation", "serious"),
    "explanation_told": ("explanation", "told"),
    "explanation_states": ("explanation", "states"),
    "explanation_reach": ("explanation", "reach"),
    "figurative_bodies": ("figurative", "bodies"),
    "figurative_verbs": ("figurative", "verbs"),
    "figurative_reach": ("figurative", "reach"),
}


@functools.cache
def load_lexicon(language: str = "english") -> Lexicon:
    """The screen's lexicon, every key required and checked like a FAQ file."""
    from pathlib import Path

    path = Path(RULES_DIR, "context", f"{language}.yaml")
    problems = _Problems()
    validator = _Validator(path, problems, _Budget())
    root = compose(read_text(path), path)
    top_keys = tuple(dict.fromkeys(where[0] for where in _LEXICON_FIELDS.values()))
    top = validator.mapping(root, "the lexicon", top_keys, required=top_keys)
    values: dict[str, object] = {}
    for name, where in _LEXICON_FIELDS.items():
        node: yaml.Node | None = top[where[0]][1] if top and where[0] in top else None
        if node is not None and len(where) == 2:
            inner = validator.mapping(node, where[0], None, required=(where[1],))
            node = inner[where[1]][1] if inner and where[1] in inner else None
        if node is None:
            continue
        what = ".".join(where)
        if name in LEXICON_COUNTS:
            values[name] = validator.count(node, what)
        else:
            texts = validator.texts(node, what)
            values[name] = tuple(" ".join(words(t)) for t in texts)
    # A duration counts for a `lasting` rule, a past point never: one phrase cannot be both.
    lists = {name: value for name, value in values.items() if isinstance(value, tuple)}
    past = {*lists.get("history_pre", ()), *lists.get("history_post", ())}
    for name in ("lasting_pre", "lasting_post"):
        both = [phrase for phrase in lists.get(name, ()) if phrase in past]
        if both:
            problems.add(
                f"history.{name} lists {both[0]!r}, a past point in history.pre or history.post: "
                "a phrase is a duration or a past point, not both",
                path,
                top["history"][1] if top and "history" in top else None,
            )
    if problems.items:
        raise FaqInvalid(problems.items)
    return Lexicon(**values)  # type: ignore[arg-type]
