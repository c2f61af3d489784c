"""The exceptions faq-bot raises: one family, rooted at :class:`FaqError`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .text import sanitize_line

if TYPE_CHECKING:
    from pathlib import Path

#: Error messages quote at most this many characters of a bad value.
MAX_EXCERPT_CHARS = 60


def excerpt(value: str) -> str:
    """``value`` as an error message quotes it: its repr, cut short when long,
    so that a message never carries a whole file."""
    if len(value) <= MAX_EXCERPT_CHARS:
        return repr(value)
    return f"{value[:MAX_EXCERPT_CHARS]!r}... ({len(value):,} characters)"


class FaqError(Exception):
    """Base class of every error faq-bot raises on purpose.

    ``path``, ``line`` and ``column`` locate the problem when it comes from a
    file (1-based; ``None`` when unknown). ``str(error)`` is one line of the
    form ``file:line:col: message``, safe to print: escape sequences and
    control characters (file names can hold them too) are removed, and line
    breaks become spaces. The attributes keep the values as they were.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        super().__init__(sanitize_line(self.location_prefix() + message))

    def location_prefix(self) -> str:
        parts = [p for p in (self.path, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts) + ": " if parts else ""


class FaqLoadError(FaqError):
    """A FAQ file could not be read or parsed (I/O, encoding, size, YAML syntax)."""


class FaqValidationError(FaqError):
    """A FAQ file parsed, but its content breaks the FAQ format."""


class FaqInvalid(FaqError):
    """One or more FAQ files are invalid; ``problems`` lists every one found."""

    def __init__(self, problems: Sequence[FaqError]) -> None:
        self.problems = list(problems)
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first.message + more, path=first.path, line=first.line, column=first.column)


class EvalCasesError(FaqError):
    """An evaluation cases file is malformed."""
