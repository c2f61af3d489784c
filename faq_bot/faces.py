"""What the faces (the command line, the chat, a server) share, so that none
of them imports another: the exit codes, and how they read text streams."""

from __future__ import annotations

import enum
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
