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
import gc
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import yaml

from .errors import MAX_EXCERPT_CHARS, FaqError, FaqInvalid, FaqLoadError, FaqValidationError, excerpt
from .model import Entry, Faq, Section, Source, UrgentRule
from .text import normalize, sanitize, words

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
#: Most different words in a FAQ's urgent rules: each word of every message
#: is checked for typos against them all (the built-in rules have 216).
MAX_URGENT_WORDS = 2_000
#: Most words in one synonym or synonym term: a query is matched against
#: synonyms at every word, up to the longest.
MAX_SYNONYM_WORDS = 10
#: Problems listed for one FAQ; the rest are counted.
MAX_PROBLEMS = 1_000

ENV_VAR = "FAQ_BOT_FAQ"

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return [Path(p) for p in env.split(os.pathsep) if p]
    return [packaged_faq_dir() / "failed-back-syndrome.yaml"]


def packaged_faq_dir() -> Path:
    """Where the bundled FAQ lives: inside the installed package, or the
    source tree's ``faq/`` in an editable install."""
    here = Path(__file__).resolve().parent
    installed = here / "faq"
    return installed if installed.is_dir() else here.parent / "faq"


def load_faq(*paths: str | os.PathLike[str]) -> Faq:
    """Load, validate and merge FAQ files.

    Each path is a YAML file or a directory whose ``*.yaml``/``*.yml`` files
    are read in name order. With no path, :func:`default_faq_paths` is used.
    Raises :class:`FaqInvalid` listing every problem found.
    """
    return load_faq_texts(read_faq_texts(*paths))


def read_faq_texts(*paths: str | os.PathLike[str]) -> list[tuple[Path, str | FaqLoadError]]:
    """Each FAQ file :func:`load_faq` would read, with its text, or the error
    that stopped it from being read (so every problem can still be listed)."""
    texts: list[tuple[Path, str | FaqLoadError]] = []
    total = 0
    for path, refused in _expand(paths or default_faq_paths()):
        try:
            if refused is not None:
                raise refused
            text, size = _read(path)
            total += size
            if total > MAX_FILE_BYTES:
                raise FaqLoadError(f"the FAQ's files together are over {MAX_FILE_BYTES:,} bytes", path=path)
            texts.append((path, text))
        except FaqLoadError as exc:
            texts.append((path, exc))
    return texts


def load_faq_texts(texts: list[tuple[Path, str | FaqLoadError]]) -> Faq:
    """:func:`load_faq` on texts already read by :func:`read_faq_texts`."""
    problems = _Problems()
    budget = _Budget()
    with gc_paused():
        parts = [_parse(path, text, problems, budget) for path, text in texts]
        faq = _merge([p for p in parts if p is not None], [path for path, _ in texts], problems)
    if problems.items:
        raise FaqInvalid(problems.listed())
    assert faq is not None
    return faq


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: building a big FAQ's nodes, model or
    index makes millions of objects, and each collection they set off walks
    them all again (a third of the time of a load). What is built holds no
    cycles to wait for; collection resumes at the end."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
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
    return [path for path, _ in _expand(paths)]


def _expand(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[Path, FaqLoadError | None]]:
    """:func:`expand_paths`, with the reason a file found in a directory is
    refused. A file named on its own is read wherever it is, as the user asked;
    but a symbolic link in a directory is followed only to a file in that same
    directory, since a directory may hold files from others (a contribution
    checked in CI): a link to ``/etc/passwd`` or a key file must not print
    their lines in error messages."""
    files: list[tuple[Path, FaqLoadError | None]] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            files.append((path, None))
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
                chosen.append((file, refused))
        if not chosen:
            raise FaqInvalid([FaqLoadError("no .yaml files in this directory", path=path)])
        files.extend(chosen)
    return files


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


def read_text(path: Path) -> str:
    """Read a FAQ file as UTF-8 text, refusing what cannot be a FAQ."""
    return _read(path)[0]


def _read(path: Path) -> tuple[str, int]:
    """:func:`read_text`, and the file's size in bytes."""
    try:
        # Opened first and checked on the descriptor, so that what is checked
        # is what is read; O_NONBLOCK so that opening a pipe cannot hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ENOENT and path.is_symlink():
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
    return text, len(data)


def compose(text: str, path: Path, *, budget: _Budget | None = None) -> yaml.Node:
    """Parse YAML text to a node tree, within the limits above (``budget``:
    the nodes of other files of the same FAQ count too)."""
    _check_events(text, path, budget or _Budget())
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path, text) from exc
    if node is None:
        raise FaqLoadError("file holds no YAML document", path=path, line=1)
    return node


def _check_events(text: str, path: Path, budget: _Budget) -> None:
    try:
        budget.nodes = _check_limits(text, path, _Loader, budget.nodes)
    except yaml.YAMLError as exc:
        # libyaml has limits of its own (nesting, since 0.2.5) that may fire
        # before ours. Our messages are the documented ones, so the text up to
        # the parser's error is checked again by the pure-Python parser, which
        # has no such limit: if one of ours is broken there, it is reported.
        mark = getattr(exc, "problem_mark", None)
        if _Loader is not yaml.SafeLoader and mark is not None:
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
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    if mark is None:
        return FaqLoadError(message, path=path)
    return FaqLoadError(message, path=path, line=mark.line + 1, column=mark.column + 1)


# --- validating ----------------------------------------------------------------


class _Part:
    """What one file contributes; ``None`` fields were absent from it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.source: tuple[Source, yaml.Node] | None = None
        self.reminder: tuple[str, yaml.Node] | None = None
        self.fallback: tuple[str, yaml.Node] | None = None
        self.sections: list[tuple[Section, yaml.Node]] = []
        self.synonyms: list[tuple[str, tuple[str, ...], yaml.Node]] = []
        self.rules: list[tuple[UrgentRule, yaml.Node]] = []
        self.entries: list[tuple[Entry, yaml.Node]] = []


_TOP_KEYS = ("source", "sections", "reminder", "fallback", "synonyms", "urgent", "entries")
_SOURCE_KEYS = ("title", "author", "editor", "date", "publisher", "url")
_ENTRY_KEYS = ("id", "section", "question", "alternates", "answer", "keywords")
_RULE_KEYS = ("id", "description", "any", "all")


def _parse(path: Path, text: str | FaqLoadError, problems: _Problems, budget: _Budget) -> _Part | None:
    if isinstance(text, FaqLoadError):
        problems.append(text)
        return None
    try:
        root = compose(text, path, budget=budget)
    except FaqLoadError as exc:
        problems.append(exc)
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

    def texts(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        nodes = self.items(node, what)
        values = (self.text(item, f"each item of {what}") for item in nodes or ())
        return tuple(v for v in values if v is not None)

    def slug(self, node: yaml.Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not _SLUG.match(value):
            self.error(
                f"{what} {excerpt(value)} must be lowercase letters and digits joined by single hyphens",
                node,
            )
            return None
        return value

    def part(self, root: yaml.Node) -> _Part:
        part = _Part(self.path)
        top = self.mapping(root, "the top level", _TOP_KEYS)
        if top is None:
            return part
        getters: dict[str, Callable[[yaml.Node], None]] = {
            "source": lambda n: self._source(n, part),
            "reminder": lambda n: self._message(n, part, "reminder"),
            "fallback": lambda n: self._message(n, part, "fallback"),
            "sections": lambda n: self._sections(n, part),
            "synonyms": lambda n: self._synonyms(n, part),
            "urgent": lambda n: self._urgent(n, part),
            "entries": lambda n: self._entries(n, part),
        }
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

    def _sections(self, node: yaml.Node, part: _Part) -> None:
        for item in self.items(node, "sections") or ():
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
            variants = self.texts(value, f"the synonyms of {excerpt(key)}")
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
        fields = self.mapping(node, "urgent", ("rules",))
        if not fields or "rules" not in fields:
            return
        for item in self.items(fields["rules"][1], "urgent.rules") or ():
            rule = self.mapping(item, "an urgent rule", _RULE_KEYS, required=("id",))
            if rule is None:
                continue
            rid = self.slug(rule["id"][1], "urgent rule id") if "id" in rule else None
            desc = self.text(rule["description"][1], "description") if "description" in rule else ""
            any_ = self.texts(rule["any"][1], "any") if "any" in rule else ()
            all_ = (
                tuple(
                    self.texts(group, "each group of all")
                    for group in (self.items(rule["all"][1], "all") or ())
                )
                if "all" in rule
                else ()
            )
            rule_words = self.budget.urgent_words
            if len(rule_words) <= MAX_URGENT_WORDS:
                for phrase in (*any_, *(p for group in all_ for p in group)):
                    rule_words.update(words(phrase))
                if len(rule_words) > MAX_URGENT_WORDS:
                    self.error(f"the urgent rules have more than {MAX_URGENT_WORDS:,} different words", item)
            if not any_ and not any(all_):
                self.error("an urgent rule needs phrases in 'any' or groups in 'all'", item)
            elif rid is not None:
                part.rules.append((UrgentRule(rid, desc or "", any_, tuple(g for g in all_ if g)), item))

    def _entries(self, node: yaml.Node, part: _Part) -> None:
        for item in self.items(node, "entries") or ():
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
            if eid and section and question and answer:
                entry = Entry(
                    id=eid,
                    section=section,
                    question=question,
                    answer=answer,
                    alternates=alternates,
                    keywords=keywords,
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
    if problems.hints >= _MAX_HINTS or len(choices) > _MAX_HINT_CHOICES:
        return []
    problems.hints += 1
    import difflib  # only when there is a mistake to hint at: start-up counts

    return difflib.get_close_matches(word, choices, n=1)


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        if node.tag in _TAG_NAMES or node.tag == _STR:
            return f"{_TAG_NAMES.get(node.tag, 'text')} {excerpt(node.value)}"
        return f"a value tagged {excerpt(node.tag)}"
    return _TAG_NAMES.get(node.tag, f"a value tagged {excerpt(node.tag)}")


# --- merging -------------------------------------------------------------------


def _merge(parts: list[_Part], files: list[Path], problems: _Problems) -> Faq | None:
    def single(name: str) -> tuple[object, Path] | None:
        found = [(getattr(p, name), p.path) for p in parts if getattr(p, name) is not None]
        for (value, node), path in found[1:]:
            if value != found[0][0][0]:
                problems.add(f"{name} differs from the one in {found[0][1]}; give it in one file", path, node)
        return (found[0][0][0], found[0][1]) if found else None

    source, reminder, fallback = single("source"), single("reminder"), single("fallback")
    sections = _unique(parts, lambda p: p.sections, lambda s: s.id, "section id", problems)
    rules = _unique(parts, lambda p: p.rules, lambda r: r.id, "urgent rule id", problems)
    entries = _unique(parts, lambda p: p.entries, lambda e: e.id, "entry id", problems)
    _check_questions(parts, problems)
    section_ids = [s.id for s in sections]
    for part in parts:
        for entry, node in part.entries:
            if entry.section not in section_ids:
                close = _close_matches(entry.section, section_ids, problems)
                hint = f"; did you mean {close[0]!r}?" if close else "; declare it under 'sections'"
                problems.add(
                    f"entry {excerpt(entry.id)} names section {excerpt(entry.section)}, "
                    f"which is not declared{hint}",
                    part.path,
                    node,
                )
    synonyms = _synonym_table(parts, problems)

    if parts and not problems.items:
        where = files[0] if len(files) == 1 else files[0].parent
        for name, value in (("source", source), ("reminder", reminder), ("fallback", fallback)):
            if value is None:
                problems.append(FaqValidationError(f"no file gives the required key {name!r}", path=where))
        if not entries:
            problems.append(FaqValidationError("the FAQ has no entries", path=where))
    if problems.items or source is None or reminder is None or fallback is None:
        return None
    return Faq(
        source=source[0],  # type: ignore[arg-type]
        sections=tuple(sections),
        reminder=str(reminder[0]),
        fallback=str(fallback[0]),
        entries=tuple(entries),
        synonyms=synonyms,
        urgent_rules=tuple(rules),
        paths=tuple(str(f) for f in files),
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
