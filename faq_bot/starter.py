"""A new FAQ to start from: ``faq-bot init`` writes a small valid FAQ, with
comments saying what each key is for, and the JSON schema beside it, so an
editor with the YAML language server checks the file as it is typed.

Nothing is ever overwritten: each file is created only if its name is free
(``O_EXCL``), and removed again if it cannot be written whole.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import FaqError
from .loader import packaged_faq_dir

TEMPLATE = Path(__file__).resolve().parent / "templates" / "starter.yaml"
SCHEMA_NAME = "schema.json"
DEFAULT_TOPIC = "the questions this FAQ answers"


@dataclass(frozen=True)
class Started:
    """What :func:`write_starter` wrote: the FAQ, and the schema unless an
    identical one was already there (``None``)."""

    faq: Path
    schema: Path | None


def starter_text(topic: str = DEFAULT_TOPIC) -> str:
    """The starter FAQ, about ``topic``."""
    if not topic.strip():
        raise FaqError("the topic is empty")
    # A JSON string is a YAML double-quoted string: no topic can break the file.
    return TEMPLATE.read_text(encoding="utf-8").replace("topic: TOPIC", f"topic: {json.dumps(topic)}", 1)


def write_starter(path: str | os.PathLike[str], *, topic: str = DEFAULT_TOPIC) -> Started:
    """Write the starter FAQ to ``path`` and the schema beside it; raise
    :class:`FaqError`, writing nothing, if either name is taken by another file."""
    target = Path(path)
    schema = (packaged_faq_dir() / SCHEMA_NAME).read_bytes()
    beside = target.parent / SCHEMA_NAME
    if target.exists() or target.is_symlink():
        raise FaqError("already exists; faq-bot init never overwrites a file", path=target)
    write_schema = True
    if beside.exists() or beside.is_symlink():
        try:
            same = beside.read_bytes() == schema
        except OSError:
            same = False
        if not same:
            raise FaqError(
                f"a different {SCHEMA_NAME} is already here; faq-bot init never overwrites a file: "
                "move it, or choose another directory",
                path=beside,
            )
        write_schema = False
    _create(target, starter_text(topic).encode("utf-8"))
    if write_schema:
        _create(beside, schema)
    return Started(target, beside if write_schema else None)


def _create(path: Path, data: bytes) -> None:
    """Write a new file ``path``; never over an existing one (O_EXCL), and
    nothing left behind if the write fails."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError as exc:
        raise FaqError("already exists; faq-bot init never overwrites a file", path=path) from exc
    except OSError as exc:
        raise FaqError(f"cannot create the file: {exc.strerror or exc}", path=path) from exc
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise FaqError(f"cannot write the file: {exc.strerror or exc}", path=path) from exc
