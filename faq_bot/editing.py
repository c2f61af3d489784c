"""Adding an entry, or alternates of an entry, to a FAQ file without disturbing the rest of it.

The new entry is inserted as YAML text after the last entry, so comments,
order and formatting of the file stay as the author wrote them. Every value
is written as a double-quoted scalar (JSON string syntax, which YAML reads
the same way), so no text can turn into a number, a date or YAML syntax.

The change is checked by loading the new text before it replaces the file,
the replacement is atomic (temp file, fsync, rename), and a lock on the
file's directory serialises concurrent adds, so none is lost.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import FaqError, FaqValidationError, excerpt
from .loader import compose, iter_problems, load_faq, read_text
from .model import close_matches
from .text import normalize, sanitize

#: Longest id made from a question; longer slugs are cut at a word boundary.
MAX_SLUG_CHARS = 60

_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class AddedEntry:
    """Where :func:`add_entry` put the new entry."""

    id: str
    path: Path
    line: int


def slugify(text: str) -> str:
    """An entry id made of the ASCII letters and digits of ``text``
    ("What is FBSS?" -> "what-is-fbss"); empty if it has none."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = ""
    for word in normalize(ascii_text).split():
        if slug and len(slug) + 1 + len(word) > MAX_SLUG_CHARS:
            break
        slug = f"{slug}-{word}" if slug else word[:MAX_SLUG_CHARS]
    return slug


def add_entry(
    path: str | os.PathLike[str],
    *,
    question: str,
    answer: str,
    section: str,
    alternates: Sequence[str] = (),
    keywords: Sequence[str] = (),
    entry_id: str | None = None,
) -> AddedEntry:
    """Append an entry to the FAQ file ``path`` and return where it went.

    Raises :class:`FaqError` (and leaves the file untouched) when the file is
    not a valid FAQ, the id or the question is already used, or the new entry
    is invalid (e.g. its section is not declared).
    """
    # Write through a symlink to the file it points at, rather than replacing the link.
    target = Path(os.path.realpath(path))
    if Path(path).is_symlink() and not target.exists():
        raise FaqError(f"a symbolic link to {os.readlink(path)!r}, which does not exist", path=Path(path))
    if target.is_dir():
        raise FaqError("add needs one FAQ file, not a directory", path=target)
    values = {
        "question": _clean(question, "the question"),
        "answer": _clean(answer, "the answer"),
        "section": _clean(section, "the section"),
    }
    alternates = [_clean(a, "an alternate") for a in alternates]
    keywords = [_clean(k, "a keyword") for k in keywords]
    entry_id = _clean(entry_id, "the id") if entry_id is not None else slugify(values["question"])
    if not entry_id:
        raise FaqError(f"cannot make an id from the question {values['question']!r}; give one with --id")

    with _os_errors_named(target), _locked(target):
        _remove_stale_temp_files(target)
        faq = load_faq(target)
        _refuse_read_only(target)
        taken = faq.entry(entry_id)
        if taken is not None:
            raise FaqError(
                f"entry id {entry_id!r} is already used (line {taken.line}); choose another with --id",
                path=target,
            )
        key = normalize(values["question"])
        for entry in faq.entries:
            if normalize(entry.question) == key:
                raise FaqError(
                    f"entry {entry.id!r} (line {entry.line}) already asks {excerpt(entry.question)}; "
                    "add your wording to its alternates instead",
                    path=target,
                )
        original = read_text(target)
        with target.open("rb") as f:
            bom = "\ufeff" if f.read(len(_UTF8_BOM)) == _UTF8_BOM else ""
        new_text, line = _insert(
            original, target, entry_id=entry_id, values=values, alternates=alternates, keywords=keywords
        )
        _replace(target, bom + new_text)
    return AddedEntry(entry_id, target, line)


def add_alternates(path: str | os.PathLike[str], entry_id: str, *, alternates: Sequence[str]) -> AddedEntry:
    """Add ``alternates`` to the entry ``entry_id`` of the FAQ file ``path``
    (after its last alternate, or in a new ``alternates:`` after its
    question), and return where the first one went. As :func:`add_entry`,
    it keeps the file's layout, writes atomically under the lock, and raises
    :class:`FaqError`, leaving the file untouched, when it cannot: no such
    entry, or a wording that is already one of the FAQ's phrasings."""
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise FaqError("add needs one FAQ file, not a directory", path=target)
    wordings = [_clean(a, "an alternate") for a in alternates]
    if not wordings:
        raise FaqError("give the alternates to add with --alternate")
    with _os_errors_named(target), _locked(target):
        _remove_stale_temp_files(target)
        faq = load_faq(target)
        _refuse_read_only(target)
        if faq.entry(entry_id) is None:
            close = close_matches(entry_id, [e.id for e in faq.entries])
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise FaqError(f"there is no entry {entry_id!r} in this file{hint}", path=target)
        taken = {normalize(p): e for e in faq.entries for p in e.phrasings}
        given: set[str] = set()
        for wording in wordings:
            key = normalize(wording)
            owner = taken.get(key)
            if owner is not None:
                raise FaqError(
                    f"{wording!r} is already a phrasing of entry {owner.id!r} (line {owner.line})",
                    path=target,
                )
            if key in given:
                raise FaqError(f"{wording!r} is given twice")
            given.add(key)
        original = read_text(target)
        with target.open("rb") as f:
            bom = "\ufeff" if f.read(len(_UTF8_BOM)) == _UTF8_BOM else ""
        new_text, line = _insert_alternates(original, target, entry_id, wordings)
        _replace(target, bom + new_text)
    return AddedEntry(entry_id, target, line)


def _insert_alternates(text: str, path: Path, entry_id: str, wordings: list[str]) -> tuple[str, int]:
    """``text`` with ``wordings`` among the alternates of ``entry_id``, and the
    line the first one is on."""
    root = compose(text, path)
    entries = _value(root, "entries")
    item = next(
        (
            i
            for i in (entries.value if isinstance(entries, yaml.SequenceNode) else ())
            if isinstance(_value(i, "id"), yaml.ScalarNode) and _value(i, "id").value == entry_id  # type: ignore[union-attr]
        ),
        None,
    )
    if not isinstance(item, yaml.MappingNode) or item.flow_style:
        raise FaqValidationError(
            f"entry {entry_id!r} is written on one line ({{...}}); add its alternates by hand",
            path=path,
            line=item.start_mark.line + 1 if item else None,
        )
    newline = "\r\n" if "\r\n" in text else "\n"
    q = json.dumps
    existing = _value(item, "alternates")
    if isinstance(existing, yaml.SequenceNode) and existing.flow_style:
        # [a, b] -> [a, b, "new"]: before the closing bracket.
        close = existing.end_mark.index - 1
        joined = ", ".join(q(w, ensure_ascii=False) for w in wordings)
        glue = ", " if existing.value else ""
        return text[:close] + glue + joined + text[close:], existing.start_mark.line + 1
    if isinstance(existing, yaml.SequenceNode) and existing.value:
        dash = " " * existing.start_mark.column
        pos = _end_of_last_item(text, existing.value[-1])
        lines = [f"{dash}- {q(w, ensure_ascii=False)}" for w in wordings]
    else:
        # No alternates yet (or an empty value): a new key after the question.
        key_column = item.start_mark.column
        question = _value(item, "question") or item.value[0][1]
        if existing is not None:
            raise FaqValidationError(
                f"the alternates of entry {entry_id!r} are not a list; fix them by hand",
                path=path,
                line=existing.start_mark.line + 1,
            )
        pos = _end_of_last_item(text, question)
        pad = " " * key_column
        lines = [f"{pad}alternates:", *(f"{pad}  - {q(w, ensure_ascii=False)}" for w in wordings)]
    before = text[:pos]
    if before and not before.endswith("\n"):
        before += newline
    line = before.count("\n") + 1 + (0 if isinstance(existing, yaml.SequenceNode) else 1)
    return before + newline.join(lines) + newline + text[pos:], line


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value of ``key`` in a mapping node, or None."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


@contextmanager
def _os_errors_named(target: Path) -> Iterator[None]:
    """Whatever the file system says inside becomes one FaqError naming the file."""
    try:
        yield
    except OSError as exc:
        raise FaqError(f"cannot add to the file: {exc.strerror or exc}", path=target) from exc


def _refuse_read_only(target: Path) -> None:
    # Replacing a file its owner made read-only would undo that on purpose
    # (and root may write anywhere, so the mode is read, not just access()).
    mode = target.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        raise FaqError(
            f"the file is read-only (mode {mode & 0o777:04o}); make it writable to add to it", path=target
        )


def _clean(value: str, what: str) -> str:
    text = sanitize(value).strip()
    if not text:
        raise FaqError(f"{what} is empty")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        # Undecodable bytes on the command line arrive as lone surrogates.
        raise FaqError(f"{what} is not valid UTF-8 text: {value!r}") from exc
    return text


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold an exclusive lock that every ``add`` to ``target`` takes.

    The FAQ file itself is replaced (a new inode) by every add, so it cannot
    carry the lock. On POSIX the lock is on its directory, which leaves no
    file behind; elsewhere it is a lock file in the temporary directory.
    """
    try:
        import fcntl
    except ImportError:
        with _locked_file(target):
            yield
        return
    try:
        fd = os.open(target.parent, os.O_RDONLY)
    except OSError as exc:
        raise FaqError(f"cannot open the directory to lock it: {exc.strerror or exc}", path=target) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextmanager
def _locked_file(target: Path) -> Iterator[None]:
    try:
        import msvcrt
    except ImportError:
        raise FaqError("cannot lock files on this platform, so add cannot run safely", path=target) from None
    digest = hashlib.sha256(os.fsencode(target)).hexdigest()[:24]
    lock_path = Path(tempfile.gettempdir()) / f"faq-bot-{digest}.lock"
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise FaqError(f"cannot create the lock file: {exc.strerror or exc}", path=lock_path) from exc
    try:
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
        try:
            yield
        finally:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    finally:
        os.close(fd)


def _insert(
    text: str,
    path: Path,
    *,
    entry_id: str,
    values: dict[str, str],
    alternates: list[str],
    keywords: list[str],
) -> tuple[str, int]:
    """``text`` with the entry inserted after the last one, and the line it starts on."""
    root = compose(text, path)
    entries = (
        next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "entries"), None)
        if isinstance(root, yaml.MappingNode)
        else None
    )
    if not (isinstance(entries, yaml.SequenceNode) and entries.value and not entries.flow_style):
        raise FaqValidationError(
            "add needs 'entries' to be a list written one '- ' item per line",
            path=path,
            line=entries.start_mark.line + 1 if entries else None,
        )
    pos = _end_of_last_item(text, entries.value[-1])
    dash, keys = entries.start_mark.column, entries.value[0].start_mark.column

    q = json.dumps
    pad = " " * keys
    lines = [
        f"{' ' * dash}- id: {q(entry_id, ensure_ascii=False)}",
        f"{pad}section: {q(values['section'], ensure_ascii=False)}",
        f"{pad}question: {q(values['question'], ensure_ascii=False)}",
    ]
    if alternates:
        lines.append(f"{pad}alternates:")
        lines.extend(f"{pad}  - {q(a, ensure_ascii=False)}" for a in alternates)
    lines.append(f"{pad}answer: {q(values['answer'], ensure_ascii=False)}")
    if keywords:
        lines.append(f"{pad}keywords:")
        lines.extend(f"{pad}  - {q(k, ensure_ascii=False)}" for k in keywords)

    before, after = text[:pos], text[pos:]
    # Keep the file's line endings, and the blank line that separates entries.
    newline = "\r\n" if "\r\n" in text else "\n"
    if before and not before.endswith("\n"):
        before += newline
    if before and not before.endswith(("\n\n", "\r\n\r\n")):
        before += newline
    block = ("\n".join(lines) + "\n").replace("\n", newline)
    line = before.count("\n") + 1
    return before + block + after, line


def _end_of_last_item(text: str, item: yaml.Node) -> int:
    """Where the last entry's own text ends: after its deepest last value and
    any comment on that line, but before comment lines that follow it (they
    belong to what comes next)."""
    node = item
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    pos = node.end_mark.index
    if pos and text[pos - 1] != "\n":
        newline = text.find("\n", pos)
        pos = len(text) if newline < 0 else newline + 1
    return pos


def _temp_prefix(target: Path) -> str:
    # Not *.yaml, so a reader loading the FAQ's directory never picks it up.
    return f".{target.name}."


def _remove_stale_temp_files(target: Path) -> None:
    """Remove what an add that was killed left: only files named as
    :func:`_replace` names its temporary files. Under the lock, so none of
    them belongs to an add still running."""
    # mkstemp puts eight random characters of [a-z0-9_] between prefix and suffix.
    stale = re.compile(re.escape(_temp_prefix(target)) + r"[a-z0-9_]{8}\.tmp")
    for path in target.parent.iterdir():
        if stale.fullmatch(path.name) and not path.is_symlink() and path.is_file():
            path.unlink(missing_ok=True)


def _replace(target: Path, text: str) -> None:
    """Check ``text`` is a valid FAQ, then atomically make it ``target``'s content."""
    tmp: Path | None = None
    try:
        mode = target.stat().st_mode & 0o7777
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=_temp_prefix(target), suffix=".tmp")
        tmp = Path(tmp_name)
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
            os.fchmod(f.fileno(), mode)
        try:
            load_faq(tmp)
        except FaqError as exc:
            problems = list(iter_problems(exc))
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            message = problems[0].message.replace(str(tmp), str(target))
            raise FaqValidationError(f"not added: {message}{more}", path=target) from exc
        os.replace(tmp, target)
    except OSError as exc:
        raise FaqError(f"cannot write the file: {exc.strerror or exc}", path=target) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
    _sync_directory(target.parent)


def _sync_directory(directory: Path) -> None:
    # The rename is durable only once the directory entry is on disk; some
    # file systems cannot open or sync a directory, and the data is safe anyway.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
