"""A cache of built FAQ indexes, so the command line starts fast.

The cache lives in ``$XDG_CACHE_HOME/faq-bot`` (``~/.cache/faq-bot``), never
next to the FAQ files. An entry is keyed on the FAQ files' bytes, faq-bot's
own files and the Python version, so any change means a rebuild. It holds
only what is built from the FAQ: no question is ever written there. Set
``FAQ_BOT_NO_CACHE=1`` to neither read nor write it.

Entries are JSON, the index's arrays as their bytes after it (which the JSON
refers to by place), the FAQ's entries as columns there too (their texts
UTF-8 after the document, in blocks each read, checked and decoded when one
of its entries is first used: see _Entries), and the urgent screen's rules
as JSON deflated with zlib apart from the rest (read only when a rule
fires): data, never code, whoever wrote them. They are used only
in a directory that is this user's own and that no one else may write to,
and both the directory and the entry are opened without following symlinks
and checked on the opened descriptors, so what is checked is what is read.
A directory that fails the check is refused, never repaired. Each entry
starts with a checksum over its content and the key it was built for;
anything that fails it, or fails to load, is a miss: rebuilt and replaced.
The screen's rules have a checksum of their own, and are read from the
entry (the same file: device and inode) and checked only when a rule first
fires: if they fail it, the screen is built afresh from the rule files and
the entry removed, for the next start to write again. Each rule also
inflates on its own, so a message that sets one off reads that one alone.
An entry also holds the FAQ's urgent screen, whose build costs more than
the index's on a small FAQ, and the built-in small talk language, so that a
start from the cache parses no YAML (and never imports PyYAML).
"""

from __future__ import annotations

import collections
import contextlib
import enum
import functools
import itertools
import json
import os
import stat
import sys
import zlib
from array import array
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from . import __version__, model
from .errors import FaqInvalid, FaqLoadError
from .loader import decode_files, gc_paused, load_faq_texts, read_faq_files
from .matcher import FaqIndex
from .model import Entry, Faq
from .postings import all_text, pack, unpack
from .records import unchecked
from .safety import UrgentScreen
from .smalltalk import builtin_language, share_builtin_language

if TYPE_CHECKING:
    from pathlib import Path

NO_CACHE_ENV_VAR = "FAQ_BOT_NO_CACHE"

#: The first word of every entry; a new layout gets a new one, so old entries are misses.
FORMAT = b"faq-bot-index-81"
#: Entries bigger than this are not read. An entry holds its FAQ's texts once,
#: as UTF-8, beside an index of about a tenth of them and the urgent screen
#: (about 0.5 MB): 36 MB for the 47,453 entries of bench/'s MedQuAD FAQ. Twice
#: that admits a FAQ of that size with room to grow, and refuses absurd files.
MAX_ENTRY_BYTES = 72 * 1024 * 1024

# Checks on descriptors need these; where they are missing there is no cache.
_SUPPORTED = (
    hasattr(os, "O_NOFOLLOW")
    and hasattr(os, "O_DIRECTORY")
    and hasattr(os, "getuid")
    and os.open in os.supports_dir_fd
)
_TYPE = "$"  # the key that names what a JSON object stands for


def cache_dir() -> Path:
    from pathlib import Path

    return Path(_folder())


def _folder() -> str:
    """:func:`cache_dir` as text: pathlib is not imported on a start from the
    cache (it costs one about 6%)."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return os.path.join(base or os.path.join(os.path.expanduser("~"), ".cache"), "faq-bot")


def load_indexed(paths: Sequence[str | os.PathLike[str]] = ()) -> tuple[Faq, FaqIndex]:
    """:func:`~faq_bot.loader.load_faq` and a built :class:`FaqIndex`, from the
    cache when the same files were indexed before."""
    # The key is made from the very bytes that are parsed, read once through
    # the loader's checks (a device or pipe is refused before it is read) and
    # decoded only to be parsed.
    files = read_faq_files(*paths)
    with gc_paused():
        return _load_indexed(files, paths)


def _load_indexed(
    files: list[tuple[str, bytes | FaqLoadError]], paths: Sequence[str | os.PathLike[str]]
) -> tuple[Faq, FaqIndex]:
    opted_out = os.environ.get(NO_CACHE_ENV_VAR, "").strip() not in ("", "0")
    readable = not any(isinstance(t, FaqLoadError) for _, t in files)
    folder = _open_dir() if readable and not opted_out else None
    if folder is None:
        faq = load_faq_texts(decode_files(files))
        return faq, FaqIndex.from_faq(faq)
    try:
        key = _key(files)
        cached = _read(folder, key, paths)
        if cached is None:
            faq = load_faq_texts(decode_files(files))
            index = FaqIndex.from_faq(faq)
            # Built now rather than on the first message, so that the next start reads it.
            screen = UrgentScreen.for_faq(faq)
            _write(folder, key, faq, index, screen)
        else:
            faq, index, screen = cached
            # UrgentScreen.for_faq hands this one out instead of building its own.
            screen.share()
        return faq, index
    finally:
        os.close(folder)


# --- where entries live ----------------------------------------------------------


def _safe(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _open_dir(*, make: bool = True) -> int | None:
    """A descriptor of the cache directory, or None when it must not be used:
    a symlink, someone else's, or open to others' writes. ``make``: made
    first if missing (not when an entry read from it is read again)."""
    if not _SUPPORTED:
        return None
    folder = _folder()
    try:
        if make:
            os.makedirs(os.path.dirname(folder), exist_ok=True)
            with contextlib.suppress(FileExistsError):
                os.mkdir(folder, 0o700)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        if _safe(os.fstat(fd)):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


# On a functional NamedTuple: the class form compiles each field's
# annotation (text here) at import, which every start pays.
class _Key(NamedTuple("_Key", [("files", str), ("crc", int), ("adler", int)])):
    """What an entry was built for: ``files`` names the FAQ files (an entry's
    name starts with it), ``crc`` and ``adler`` are checksums of everything
    the index depends on, which the entry's own checksum continues."""

    __slots__ = ()

    @property
    def name(self) -> str:
        return f"{self.files}-{self.crc:08x}{self.adler:08x}.json"


def _key(texts: Sequence[tuple[str, bytes | str | FaqLoadError]]) -> _Key:
    """CRC-32 and Adler-32 together (64 bits) of the files' names and bytes
    (a text's as UTF-8, which are a file's bytes but for a byte order mark),
    faq-bot's own files (name, mtime, size), the Python version and the
    machine's byte order. That
    notices any edit, and zlib imports in no time (hashlib would cost
    start-up more than the cache saves on a small FAQ)."""
    which = "\0".join(os.path.realpath(path) for path, _ in texts).encode()
    parts = [which, f"{__version__} {sys.version} {sys.byteorder}".encode(), FORMAT]
    parts.extend(_own_files(os.path.dirname(__file__), ""))
    crc, adler = 0, 1
    # One text encoded at a time: a big FAQ is not copied whole.
    own = (t if isinstance(t, bytes) else str(t).encode("utf-8", "surrogatepass") for _, t in texts)
    for part in itertools.chain(parts, own):
        # Each part's length first, so that no two lists of parts run together alike.
        framed = b"%d:" % len(part)
        crc = zlib.crc32(part, zlib.crc32(framed, crc))
        adler = zlib.adler32(part, zlib.adler32(framed, adler))
    return _Key(f"{zlib.crc32(which):08x}", crc, adler)


def _own_files(folder: str, prefix: str) -> list[bytes]:
    """Each file under ``folder`` (named from there, after ``prefix``), with its
    mtime and size, in order. Not the compiled files in ``__pycache__``, which
    Python keeps in step with their sources: os.walk() sorted, as this was,
    went into them too, and stat()ed half as many files again."""
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    parts: list[bytes] = []
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                parts += _own_files(entry.path, f"{prefix}{entry.name}/")
        else:
            info = entry.stat()
            parts.append(f"{prefix}{entry.name} {info.st_mtime_ns} {info.st_size}".encode())
    return parts


def _header(key: _Key, document: bytes, rules: bytes, texts: bytes = b"") -> bytes:
    """The first line of an entry whose ``document`` (see :func:`_document`),
    the FAQ's ``texts`` (see _Entries) and packed ``rules`` follow it, a
    newline after the document: its format, the checksums of the document,
    the lengths of all after the header and of the document, and the
    checksums of the rules, apart: a start reads and checks those only when
    a rule fires (see _Rules), and they are more than half of an entry. The
    texts have checksums by block in the document (see _Entries)."""
    return b"%s %s %d %d %s\n" % (
        FORMAT,
        _sums(key, document),
        len(document) + 1 + len(rules) + len(texts),
        len(document),
        _sums(key, rules),
    )


def _sums(key: _Key, data: bytes | memoryview) -> bytes:
    # The checksums run on from the key's, so they cover the key and the content.
    return b"%08x%08x" % (zlib.crc32(data, key.crc), zlib.adler32(data, key.adler))


# --- reading -------------------------------------------------------------------

#: More than any entry's header (see _header) takes.
_HEADER_BYTES = 128
#: Read with the document: the texts of a FAQ like the bundled one (38 KB).
_AHEAD_BYTES = 64 * 1024


def _read(
    folder: int, key: _Key, paths: Sequence[str | os.PathLike[str]]
) -> tuple[Faq, FaqIndex, UrgentScreen] | None:
    """The entry for ``key``, made from the FAQ files at ``paths``: its
    header and JSON document read now, its screen's rules when a rule first
    fires, a block of the FAQ's texts when one of its entries is first read.
    Reading the whole entry cost a start some 200 page faults (2.5 us each
    here) for rules it seldom reads, and slicing it 400 more; a 47,000-entry
    FAQ's texts, 26 MB read and checked, 20 ms."""
    try:
        fd = os.open(key.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not (stat.S_ISREG(info.st_mode) and _safe(info) and info.st_size <= MAX_ENTRY_BYTES):
            return None
        head = os.pread(fd, _HEADER_BYTES, 0)
        newline = head.find(b"\n")
        fields = head[:newline].split(b" ")
        if newline < 0 or len(fields) != 5 or not fields[3].isdigit():
            return None
        # The document and its newline, and the start of the texts after them:
        # a small FAQ's all (no second read for a reply), a big one's first
        # blocks. The header's lengths are checked in _restore.
        length = min(int(fields[3]), info.st_size)
        document = os.pread(fd, length + 1 + _AHEAD_BYTES, newline + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    entry = (info.st_dev, info.st_ino)
    ahead = memoryview(document)[length + 1 :]
    on_disk = functools.partial(_on_disk, key.name, entry, newline + 1 + length + 1)

    def after(at: int, size: int) -> bytes | memoryview:
        return ahead[at : at + size] if at + size <= len(ahead) else on_disk(at, size)

    again = functools.partial(_afresh, key, entry, paths)
    return _restore(
        key,
        head[: newline + 1],
        document,
        length,
        info.st_size - newline - 1,
        after=after,
        again=again,
        entry=entry,
    )


def _decode(
    data: bytes,
    key: _Key,
    *,
    entry: tuple[int, int] | None = None,
    paths: Sequence[str | os.PathLike[str]] | None = None,
) -> tuple[Faq, FaqIndex, UrgentScreen] | None:
    """The FAQ, index and urgent screen the entry ``data`` holds, or None
    unless it is intact and was built for ``key``. ``entry`` names the file
    (device and inode) ``data`` was read from: if the screen's rules or a
    block of texts turn out damaged, that file is removed (see
    :class:`_Rules`); and the texts are then read from the FAQ files at
    ``paths`` (see :func:`_afresh`; with none, FaqLoadError)."""
    newline = data.find(b"\n")
    fields = data[:newline].split(b" ")
    if newline < 0 or len(fields) != 5 or not fields[3].isdigit():
        return None
    # The document and its newline, then the screen's rules and the texts.
    end = newline + 1 + int(fields[3])
    rest = memoryview(data)[end + 1 :]

    def after(at: int, size: int) -> memoryview:
        if len(rest[at : at + size]) != size:
            raise ValueError("bytes out of the entry")
        return rest[at : at + size]

    again = functools.partial(_afresh, key, entry, paths)
    return _restore(
        key,
        data[: newline + 1],
        data[newline + 1 : end + 1],
        end - newline - 1,
        len(data) - newline - 1,
        after=after,
        again=again,
        entry=entry,
    )


def _restore(
    key: _Key,
    head: bytes,
    document: bytes,
    length: int,
    size: int,
    *,
    after: Callable[[int, int], bytes | memoryview],
    again: Callable[[], Faq],
    entry: tuple[int, int] | None,
) -> tuple[Faq, FaqIndex, UrgentScreen] | None:
    """What :func:`_decode` returns, from an entry's header line ``head``,
    its ``document`` (see :func:`_document`) of ``length`` bytes with the
    newline after it (and maybe more, not read here), the length of all
    after the header (``size``), ``after``, which returns the
    bytes at a place and of a length after the document (the packed rules,
    then the texts; ValueError if they are not there), and ``again``, which
    makes the FAQ afresh (see :func:`_afresh`)."""
    # Views, not slices: no part of the entry is copied but the text parsed.
    text = memoryview(document)[:length]
    expected = b"%s %s %d %d " % (FORMAT, _sums(key, text), size, len(text))
    if (
        head[: len(expected)] != expected
        or len(head) != len(expected) + 17
        or document[length : length + 1] != b"\n"
    ):
        return None
    end = document.find(b"\n", 0, length)
    try:
        found = json.loads(str(text[:end], "ascii"))
        data = text[end + 1 :]
        columns = _Entries(found["faq"], data, after)
        rules_size = found["rules_size"]
        if type(rules_size) is not int or columns.size + rules_size != size - length - 1:
            return None
        faq = _faq_from_state(found["faq"], columns)
        intents, cues, wording = _from_json(found["language"])
        if not _is_language(intents, cues, wording):
            return None
        at = found["rules_at"]
        if type(at) is not list or not all(type(n) is int and n >= 0 for n in at):
            return None
        reader = _Rules(key, head[len(expected) : -1], lambda: after(columns.size, rules_size), entry, at)
        screen = UrgentScreen.from_state(
            found["screen"], extra=faq.urgent_rules, rules=reader, rule=reader.one
        )
        # The screen must be the one this FAQ asks for, or for_faq would not use it.
        if screen.builtin != faq.urgent_builtin or screen._own_lexicon:
            return None
        index = FaqIndex.from_state(faq.entries, _buffers(found["index"], data))
        share_builtin_language(intents, cues, wording)
        # Only now: a block found damaged while this reads is a miss, as today.
        columns.again = again
        return faq, index, screen
    # What a JSON document of the wrong shape raises; RecursionError: too deeply
    # nested; FaqInvalid: a FAQ that fails its own checks.
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, FaqInvalid):
        return None


class _Rules:
    """The screen's rules an entry holds packed (see :func:`_inflated`),
    which ``read`` returns, read when a rule first fires (see
    UrgentScreen.rules). If they fail their checksums ``sums`` (see
    :func:`_header`), or are not what the writer packs, ValueError, and then
    the screen is built afresh, as on a miss; and the entry is removed, or
    every start would pay that build again."""

    def __init__(
        self,
        key: _Key,
        sums: bytes,
        read: Callable[[], bytes | memoryview],
        entry: tuple[int, int] | None,
        at: Sequence[int] = (),
    ) -> None:
        self.key, self.sums, self.read, self.entry, self.at = key, sums, read, entry, at

    def __call__(self) -> Any:
        return self._checked(_inflated)

    def one(self, number: int) -> Any:
        """The state of rule ``number`` alone, inflated from where it starts
        (``at``, see :func:`_packed_rules`); ValueError as for all of them."""

        def inflated(packed: bytes | memoryview) -> Any:
            at = self.at
            if not 0 <= number < len(at) - 1:
                raise ValueError(f"no rule numbered {number!r} in the entry")
            # Raw deflate: after a full flush nothing refers back past it.
            inflate = zlib.decompressobj(-zlib.MAX_WBITS)
            try:
                text = inflate.decompress(packed[at[number] : at[number + 1]], MAX_ENTRY_BYTES)
            except zlib.error as exc:
                raise ValueError("not deflated data") from exc
            if inflate.unconsumed_tail or inflate.eof or text[-1:] not in (b",", b"]"):
                raise ValueError("a rule of the wrong length")
            return json.loads(text[:-1])

        return self._checked(inflated)

    def _checked(self, inflated: Callable[[bytes | memoryview], Any]) -> Any:
        packed = self.read()  # ValueError when the entry is gone or replaced: none to remove
        try:
            if _sums(self.key, packed) != self.sums:
                raise ValueError("the rules fail their checksum")
            return inflated(packed)
        except ValueError:
            if self.entry is not None:
                _drop(self.key, self.entry)
            raise


def _on_disk(name: str, entry: tuple[int, int], base: int, at: int, size: int) -> bytes:
    """The ``size`` bytes at ``base + at`` of the entry ``name``, if it is
    still the file ``entry`` (device and inode) its document was read from
    and holds them; else ValueError, as for bytes that fail their checksum."""
    folder = _open_dir(make=False)
    if folder is None:
        raise ValueError("the cache directory cannot be used")
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
        try:
            info = os.fstat(fd)
            if (info.st_dev, info.st_ino) != entry:
                raise ValueError("the entry was replaced")
            found = os.pread(fd, size, base + at)
        finally:
            os.close(fd)
        if len(found) != size:
            raise ValueError("the entry was cut short")
        return found
    except OSError as exc:
        raise ValueError("the entry is gone") from exc
    finally:
        os.close(folder)


def _afresh(key: _Key, entry: tuple[int, int] | None, paths: Sequence[str | os.PathLike[str]] | None) -> Faq:
    """The FAQ loaded again from its files at ``paths``, for an entry for
    ``key`` found damaged after the start (a block of texts that fails its
    checksum), as on a miss; that entry (``entry``, see :func:`_drop`) is
    removed, for the next start to write again. FaqLoadError if the files
    changed since (the entry's texts cannot then be had) or none were given."""
    if entry is not None:
        _drop(key, entry)
    files = None if paths is None else read_faq_files(*paths)
    if files is None or _key(files) != key:
        raise FaqLoadError("the FAQ changed since it was loaded, and its index cache is damaged: start again")
    return load_faq_texts(decode_files(files))


def _drop(key: _Key, entry: tuple[int, int]) -> None:
    """Remove the entry for ``key`` if it is still the file ``entry`` (device
    and inode): not one another process has written in its place since."""
    folder = _open_dir(make=False)
    if folder is None:
        return
    try:
        info = os.stat(key.name, dir_fd=folder, follow_symlinks=False)
        if (info.st_dev, info.st_ino) == entry:
            os.unlink(key.name, dir_fd=folder)
    except OSError:
        pass  # gone already, or not ours to remove: the next miss replaces it
    finally:
        os.close(folder)


def _inflated(packed: bytes | memoryview) -> Any:
    """The JSON value ``packed`` holds deflated (see :func:`_encode`). Raises
    ValueError for anything else, or for more than an entry may hold."""
    inflate = zlib.decompressobj()
    try:
        text = inflate.decompress(packed, MAX_ENTRY_BYTES)
    except zlib.error as exc:
        raise ValueError("not deflated data") from exc
    if not inflate.eof or inflate.unused_data or inflate.unconsumed_tail:
        raise ValueError("deflated data of the wrong length")
    return json.loads(text)


def _from_json(value: Any, types: dict[str, type] | None = None) -> Any:
    """What :func:`_to_json` made ``value`` from."""
    if types is None:
        types = _model_types()
    if isinstance(value, list):
        # Most values are text: skip the call for those.
        return tuple(v if isinstance(v, str) else _from_json(v, types) for v in value)
    if not isinstance(value, dict):
        return value
    kind, fields = value[_TYPE], value["fields"]
    items = {k: v if isinstance(v, str) else _from_json(v, types) for k, v in fields.items()}
    if kind == "dict":
        return items
    cls = types[kind]
    return cls(items["value"]) if issubclass(cls, enum.Enum) else cls(**items)


def _is_language(intents: object, cues: object, wording: object) -> bool:
    """Whether these are the parts of a language (see smalltalk.Language)."""
    return (
        isinstance(intents, tuple)
        and all(isinstance(i, model.Intent) for i in intents)
        and isinstance(cues, dict)
        and all(isinstance(v, tuple) and all(isinstance(w, str) for w in v) for v in cues.values())
        and isinstance(wording, dict)
        and all(isinstance(v, str) for v in wording.values())
    )


def _model_types() -> dict[str, type]:
    """The dataclasses and enums of :mod:`faq_bot.model`: the only types an
    entry can name, and only by name, so no entry can make anything else."""
    return {
        name: obj
        for name, obj in vars(model).items()
        if isinstance(obj, type)
        and obj.__module__ == model.__name__
        # In the class's own namespace: reading the attribute would make a
        # record's dataclass fields, and import dataclasses, for nothing.
        and ("__dataclass_fields__" in vars(obj) or issubclass(obj, enum.Enum))
    }


# --- the FAQ's entries, as columns ---------------------------------------------

#: The fields of an Entry the columns hold, in order: a field added to Entry
#: and not here means no entry is written (see _faq_state), never a wrong one.
_ENTRY_FIELDS = ("id", "section", "question", "answer", "alternates", "keywords", "followups", "path", "line")
#: Between an entry's texts in the columns. YAML refuses it in a FAQ file; a
#: FAQ made in code with it in a text is not cached.
_BETWEEN = "\x00"
#: About how many bytes of texts a block holds (see _Entries): a first reply
#: reads and checks a few blocks (some 10 us each), a start none but the first.
_BLOCK_BYTES = 16 * 1024


def _faq_state(faq: Faq) -> dict[str, Any]:
    """``faq`` for an entry's document: its own fields as :func:`_to_json`
    gives them, its entries as columns (see :class:`_Entries`). An object per
    entry made a 47,000-entry FAQ's entry 50 MB, and reading it back 0.5 s."""
    if type(faq) is not Faq or _field_names(Entry) != _ENTRY_FIELDS:
        raise TypeError("the cache cannot hold this FAQ exactly")
    fields = {name: _to_json(getattr(faq, name)) for name in _field_names(Faq) if name != "entries"}
    sections = {section.id: number for number, section in enumerate(faq.sections)}
    paths: dict[str, int] = {}
    ids: list[str] = []
    numbers: list[int] = []  # per entry: section, path and line (each one more, 0: none), three counts
    texts: list[bytes] = []
    for entry in faq.entries:
        path, line = entry.path, entry.line
        lists = (entry.alternates, entry.keywords, entry.followups)
        own = (entry.question, entry.answer, *itertools.chain.from_iterable(lists))
        if (
            type(entry) is not Entry
            or not all(type(t) is str and _BETWEEN not in t for t in (entry.id, *own))
            or not all(type(t) is tuple for t in lists)
            or not (path is None or type(path) is str)
            or not (line is None or (type(line) is int and line >= 0))
        ):
            raise TypeError(f"the cache cannot hold entry {entry.id!r} exactly")
        ids.append(entry.id)
        where = 0 if path is None else 1 + paths.setdefault(path, len(paths))
        numbers += (sections[entry.section], where, 0 if line is None else 1 + line, *map(len, lists))
        # Strict UTF-8: text that would not come back the same (a lone surrogate) raises ValueError.
        texts.append(_BETWEEN.join(own).encode())
    joined = b"".join(texts)
    # Whole entries a block, as many as make about _BLOCK_BYTES on average.
    per_block = max(1, _BLOCK_BYTES * len(texts) // max(1, len(joined)))
    bounds = list(itertools.accumulate(map(len, texts), initial=0))
    sums: list[int] = []
    for first in range(0, len(texts), per_block):
        block = joined[bounds[first] : bounds[min(first + per_block, len(texts))]]
        sums += (zlib.crc32(block), zlib.adler32(block))
    return {
        "fields": fields,
        "ids": ids,
        "paths": list(paths),
        # Unsigned: no number read back can be negative.
        "numbers": pack(array("I", numbers)),
        "sizes": pack(array("I", map(len, texts))),
        "per_block": per_block,
        "sums": pack(array("I", sums)),
        # Not in the document: after the rules (see _encode).
        "texts": joined,
    }


def _faq_from_state(state: Any, columns: _Entries) -> Faq:
    """The FAQ :func:`_faq_state` describes, its entries read from ``columns``.
    Its own fields are checked as when a Faq is made; its entries were
    checked when the entry was written, which its checksums cover, and are
    checked here only as far as reading them needs: each lies in the entry.
    ValueError, TypeError or KeyError otherwise."""
    fields: dict[str, Any] = {k: _from_json(v) for k, v in state["fields"].items()}
    entries = columns.entries(fields["sections"])
    # The FAQ's own checks (sections, synonyms, rules), on its first entry alone.
    Faq(**{**fields, "entries": entries[:1]})
    if len(columns.numbered) != len(entries):
        raise ValueError("entry ids repeated")
    return unchecked(Faq, {**fields, "entries": entries})


class _Entries:
    """The columns of a FAQ's entries in an entry of the cache: the ids;
    for each entry its section, path and line and how many alternates,
    keywords and follow-ups it has, and the size of its texts; and the
    texts, each entry's question, answer and those in that order, as UTF-8,
    with :data:`_BETWEEN` between them. An entry made from them holds its id
    and section; its other fields are decoded on first use (see
    model.Entry.__getattr__): a reply needs a few entries' texts, the index
    and scoring none. The texts lie last in the entry, outside the document,
    in blocks of ``per_block`` entries, each read and checked against its
    checksums (``sums``, in the document) when one of its entries is first
    read. A block that fails them means the FAQ loaded again from its files,
    as on a miss (``again``, see :func:`_afresh`), never texts read from it."""

    def __init__(
        self,
        state: dict[str, Any],
        data: memoryview,
        after: Callable[[int, int], bytes | memoryview],
    ) -> None:
        """``after`` gives the bytes after the document (the texts first) by
        place and length."""
        ids, paths, per_block = state["ids"], state["paths"], state["per_block"]
        if not (all_text(ids) and all_text(paths)):
            raise TypeError("ids and paths are text")
        numbers = unpack(_buffers(state["numbers"], data), "I")
        sizes = unpack(_buffers(state["sizes"], data), "I")
        self.sums = unpack(_buffers(state["sums"], data), "I")
        if (
            len(numbers) != 6 * len(ids)
            or len(sizes) != len(ids)
            or type(per_block) is not int
            or per_block < 1
        ):
            raise ValueError("columns of the wrong length")
        if len(self.sums) != 2 * -(-len(ids) // per_block):
            raise ValueError("checksums of the wrong number of blocks")
        self.ids, self.paths, self.numbers, self.per_block = ids, paths, numbers, per_block
        #: Each entry's place by its id: made now, as a first entry is read at
        #: once to check the FAQ, and it tells that no two share an id.
        self.numbered = dict(zip(ids, itertools.count()))
        # Sizes are unsigned: each entry's texts lie in the entry when they all end where it does.
        self.bounds = array("q", itertools.accumulate(sizes, initial=0))
        #: The texts' length; the caller checks that they lie in the entry.
        self.size = self.bounds[-1]
        if ids and max(numbers[1::6]) > len(paths):
            raise ValueError("a path out of the entry")
        self.after = after
        #: Makes the FAQ afresh from its files, once the entry has been read
        #: (see _restore); while it is read, a damaged block is a miss.
        self.again: Callable[[], Faq] | None = None
        #: The blocks read and checked, by number.
        self.blocks: dict[int, bytes | memoryview] = {}
        #: The entries loaded afresh from the FAQ files, by id, once a block failed its check.
        self.fresh: dict[str, Entry] | None = None

    def _texts(self, number: int) -> bytes | memoryview | None:
        """The texts of entry ``number``, or None if its block fails its check."""
        block, bounds = number // self.per_block, self.bounds
        found = self.blocks.get(block)
        if found is None:
            first = block * self.per_block
            start, end = bounds[first], bounds[min(first + self.per_block, len(self.ids))]
            try:
                found = self.after(start, end - start)
            except ValueError:
                return None
            if (zlib.crc32(found), zlib.adler32(found)) != tuple(self.sums[2 * block : 2 * block + 2]):
                return None
            self.blocks[block] = found
        start = bounds[block * self.per_block]
        return found[bounds[number] - start : bounds[number + 1] - start]

    def entries(self, sections: object) -> tuple[Entry, ...]:
        """The entries, each holding its id, its section and this object,
        which gives its other fields on first use (see :meth:`__call__`)."""
        if not (isinstance(sections, tuple) and all(isinstance(s, model.Section) for s in sections)):
            raise TypeError("sections are Sections")
        names = [s.id for s in sections]
        # IndexError for a section past the FAQ's.
        section = map(names.__getitem__, self.numbers[0::6])
        held = [{"id": i, "section": name, "_rest": self} for i, name in zip(self.ids, section, strict=True)]
        # Made and given their fields in C loops: a 47,000-entry FAQ's take 13 ms so, 23 ms one by one.
        made = tuple(map(Entry.__new__, itertools.repeat(Entry, len(held))))
        collections.deque(map(object.__setattr__, made, itertools.repeat("__dict__"), held), 0)
        return made

    def __call__(self, eid: str) -> dict[str, Any]:
        """The fields but its id and section of the entry ``eid``."""
        number = self.numbered[eid]
        texts = None if self.fresh is not None else self._texts(number)
        if texts is None:
            if self.again is None:
                raise ValueError("a block of texts fails its checksum")
            if self.fresh is None:
                self.fresh = {entry.id: entry for entry in self.again().entries}
            entry = self.fresh[eid]
            return {name: getattr(entry, name) for name in _ENTRY_FIELDS[2:]}
        base = 6 * number
        where, line, alternates, keywords, followups = self.numbers[base + 1 : base + 6]
        # Checked strict UTF-8 when written: "replace" only keeps a damaged entry from raising.
        found = str(texts, "utf-8", "replace").split(_BETWEEN)
        # Only an entry written by hand, checksum and all, has other than as
        # many texts as its counts say: its texts are then wrong (the lists cut
        # short), but no error and nothing made to its counts' size.
        found += [""] * (2 - len(found))
        after = 2 + alternates + keywords
        return {
            "question": found[0],
            "answer": found[1],
            "alternates": tuple(found[2 : 2 + alternates]),
            "keywords": tuple(found[2 + alternates : after]),
            "followups": tuple(found[after : after + followups]),
            "path": self.paths[where - 1] if where else None,
            "line": line - 1 if line else None,
        }


# --- writing -------------------------------------------------------------------


_PLAIN = (str, int, float, bool, type(None))


def _to_json(value: Any) -> Any:
    """``value`` in plain JSON types, by field introspection: a model object is
    ``{"$": its class, "fields": {...}}``, a tuple a list. Only what comes back
    exactly is taken (types exactly str, int, float, bool or None; tuples;
    dicts with str keys; the model's enums and dataclasses whose fields all go
    through ``__init__``); anything else (a list, a set, a subclass of str)
    raises TypeError, and then nothing is cached: no entry beats a wrong one."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple:
        return [v if type(v) is str else _to_json(v) for v in value]
    if isinstance(value, enum.Enum):
        return {_TYPE: kind.__name__, "fields": {"value": _to_json(value.value)}}
    import dataclasses  # here, not at the top: a start from the cache never writes

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _field_names(kind)
        fields = {name: _to_json(getattr(value, name)) for name in names}
        return {_TYPE: kind.__name__, "fields": fields}
    if kind is dict and all(type(k) is str for k in value):
        return {_TYPE: "dict", "fields": {k: _to_json(v) for k, v in value.items()}}
    raise TypeError(f"the cache cannot hold a {kind.__name__} exactly")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    found = _FIELD_NAMES.get(cls)
    if found is None:
        import dataclasses

        fields = dataclasses.fields(cls)
        if not all(f.init for f in fields):
            raise TypeError(f"{cls.__name__} has fields its constructor does not take")
        found = _FIELD_NAMES[cls] = tuple(f.name for f in fields)
    return found


def _encode(key: _Key, faq: Faq, index: FaqIndex, screen: UrgentScreen) -> bytes | None:
    """An entry for ``faq``, ``index`` and ``screen``, or None when the format
    cannot hold them exactly (see :func:`_to_json`)."""
    try:
        language = builtin_language()
        state = {
            "faq": _faq_state(faq),
            "index": index.export_state(),
            "screen": screen.export_state(),
            "language": _to_json((language.intents, dict(language.cues), dict(language.wording))),
        }
        # Most of the state, read only when an urgent rule fires: apart, and
        # deflated (a tenth of the size), so that a start reads and checks less.
        packed, state["rules_at"] = _packed_rules(state["screen"].pop("rules"))
        state["rules_size"] = len(packed)
        # Apart too, read by block when first needed (see _Entries).
        texts: bytes = state["faq"].pop("texts")
        document = _document(state)
    # OverflowError: a number too big for the entries' columns.
    except (TypeError, ValueError, OverflowError):
        return None
    return _header(key, document, packed, texts) + document + b"\n" + texts + packed


def _document(state: Any) -> bytes:
    """``state`` as an entry's document: its JSON, a newline (JSON holds none),
    then the bytes of its arrays one after the other, each in the JSON as
    ``{"$": "bytes", "at": where, "size": how many}`` (see :func:`_buffers`).
    A big index's arrays are read back as they lie, not parsed from text."""
    buffers: list[bytes] = []
    at = 0

    def placed(value: object) -> dict[str, Any]:
        nonlocal at
        if not isinstance(value, bytes | memoryview):
            raise TypeError(f"the cache cannot hold a {type(value).__name__} exactly")
        value = bytes(value)
        buffers.append(value)
        at += len(value)
        return {_TYPE: "bytes", "at": at - len(value), "size": len(value)}

    text = json.dumps(state, separators=(",", ":"), allow_nan=False, default=placed)
    return text.encode("ascii") + b"\n" + b"".join(buffers)


def _buffers(value: Any, data: memoryview) -> Any:
    """``value`` (what JSON gave) with each place in ``data`` it names (see
    :func:`_document`) as those bytes. Raises ValueError for a place out of
    ``data``, KeyError for one without its numbers."""
    if type(value) is dict:
        if value.get(_TYPE) != "bytes":
            return {k: _buffers(v, data) for k, v in value.items()}
        at, size = value["at"], value["size"]
        if not (type(at) is int and type(size) is int and at >= 0 and 0 <= size <= len(data) - at):
            raise ValueError("bytes out of the entry")
        return data[at : at + size]
    if type(value) is list and not all_text(value):
        return [_buffers(v, data) for v in value]
    return value


def _packed_rules(rules: list[Any]) -> tuple[bytes, list[int]]:
    """``rules`` as one deflated JSON list (see :func:`_inflated`), flushed in
    full before each rule, so that each also inflates on its own (see
    :meth:`_Rules.one`), and where each starts in it, then where the last
    ends: a message that sets off one rule needs that one, a sixtieth of them."""
    deflate = zlib.compressobj(_LEVEL)
    parts = [deflate.compress(b"[" if rules else b"[]") + deflate.flush(zlib.Z_FULL_FLUSH)]
    at = [len(parts[0])]
    for number, rule in enumerate(rules, 1):
        # Each rule's text ends in what follows it in the list: "," or the "]".
        text = _json(rule) + (b"," if number < len(rules) else b"]")
        parts.append(deflate.compress(text) + deflate.flush(zlib.Z_FULL_FLUSH))
        at.append(at[-1] + len(parts[-1]))
    parts.append(deflate.flush())
    return b"".join(parts), at


#: Level 1 deflates the bundled FAQ's rules to an eighth in 13 ms; level 6 to a
#: ninth in 50 ms, which every build would pay. Either inflates in 3 ms.
_LEVEL = 1


def _json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), allow_nan=False).encode("ascii")


def _write(folder: int, key: _Key, faq: Faq, index: FaqIndex, screen: UrgentScreen) -> None:
    data = _encode(key, faq, index, screen)
    if data is None:
        return
    tmp = f".{os.getpid()}-{os.urandom(6).hex()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=folder)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
                stream.flush()
                # On disk before it takes the entry's name: a crash leaves the old entry or the new one.
                os.fsync(stream.fileno())
            os.replace(tmp, key.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=folder)
            raise
        # Older entries for the same files are stale now: keep one per FAQ.
        # Also gone: pickles from before entries were JSON, and temporary
        # files of writes that were killed.
        for name in os.listdir(folder):
            stale = name.startswith(f"{key.files}-") and name != key.name
            if stale or name.endswith(".pickle") or (name.startswith(".") and name.endswith(".tmp")):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(name, dir_fd=folder)
    except OSError:
        pass  # a read-only or full disk costs speed, not answers
