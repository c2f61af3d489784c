"""What the faces (the command line, the chat, a server) share, so that none
of them imports another: the exit codes, and how they read text streams."""

from __future__ import annotations

import codecs
import enum
import os
from collections.abc import Callable, Iterator
from typing import TextIO


class ExitCode(enum.IntEnum):
    """faq-bot's exit codes, the same for every command."""

    #: Done, whatever the reply's status.
    OK = 0
    #: ``validate``, ``eval`` or ``lint`` found problems or fell short, or the
    #: reader of the output went away (``| head``).
    PROBLEMS = 1
    #: A usage error or an invalid FAQ (one line ``faq-bot: error: ...``).
    USAGE = 2
    #: Interrupted by Ctrl-C outside the chat: 128 + SIGINT (2). Numbers, not
    #: the signal module, which every command would import for them.
    INTERRUPTED = 130
    #: The chat or the server was ended by SIGTERM: 128 + SIGTERM (15).
    TERMINATED = 143


def tolerate_bad_bytes(stream: TextIO) -> None:
    """Read bytes that are not valid text as replacement characters: one bad
    byte in a piped question must not end the batch with a traceback."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")


def read_lines(stream: TextIO, *, waiting: Callable[[], None]) -> Iterator[str]:
    """The lines of ``stream`` without their line endings, as ``for line in
    stream`` reads them, bad bytes as replacement characters; ``waiting`` is
    called each time no whole line is at hand and reading on may wait for
    the writer. A batch's replies can so be written out together, yet a
    script that writes one question and waits for its reply gets it."""
    tolerate_bad_bytes(stream)
    read = getattr(getattr(stream, "buffer", None), "read1", None)
    # POSIX's sys.stdin ends lines at "\n" alone (no newline translation):
    # read here the same way. Elsewhere, or for a stream of text, line by line.
    if read is None or os.name != "posix" or not isinstance(getattr(stream, "encoding", None), str):
        while True:
            waiting()
            line = stream.readline()
            if not line:
                return
            yield line.rstrip("\r\n")
    decode = codecs.getincrementaldecoder(stream.encoding)(stream.errors or "strict").decode
    pending = ""
    while True:
        waiting()
        chunk = read(_CHUNK)
        text = pending + decode(chunk, final=not chunk)
        lines = text.split("\n")
        pending = lines.pop()
        for line in lines:
            yield line.rstrip("\r")
        if not chunk:
            if pending:
                yield pending.rstrip("\r")
            return


_CHUNK = 1 << 16  # bytes read at a time, at most: what is there, up to this
