"""Opening the opt-in files that hold a user's questions (the chat history,
the unanswered log) so that no one else can read them."""

from __future__ import annotations

import errno
import os
import stat


def open_private(path: str | os.PathLike[str]) -> int:
    """A descriptor for appending to ``path``, created readable and writable by
    its owner only. An existing regular file that others may read or write is
    made private (on the descriptor, before anything is written); one owned
    by someone else cannot be, and raises PermissionError. Other kinds of file
    (a terminal, a pipe) are used as they are: the user named them."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and hasattr(os, "getuid"):
            if info.st_uid != os.getuid():
                raise PermissionError(
                    errno.EPERM, "the file belongs to another user, so it cannot be private"
                )
            if info.st_mode & 0o077:
                os.fchmod(fd, stat.S_IMODE(info.st_mode) & 0o700)
    except BaseException:
        os.close(fd)
        raise
    return fd
