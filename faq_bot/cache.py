"""A cache of built FAQ indexes, so the command line starts fast.

The cache lives in ``$XDG_CACHE_HOME/faq-bot`` (``~/.cache/faq-bot``), never
next to the FAQ files. An entry is keyed on the FAQ files' bytes, faq-bot's
own code and the Python version, so any change means a rebuild. It holds
only what is built from the FAQ: no question is ever written there. Set
``FAQ_BOT_NO_CACHE=1`` to neither read nor write it.

Entries are pickles. The directory is private to the user (mode 0700) and
only faq-bot writes into it; anything that fails to read is ignored.
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .loader import default_faq_paths, expand_paths, load_faq
from .matcher import FaqIndex
from .model import Faq

NO_CACHE_ENV_VAR = "FAQ_BOT_NO_CACHE"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "faq-bot"


def load_indexed(paths: Sequence[str | os.PathLike[str]] = ()) -> tuple[Faq, FaqIndex]:
    """:func:`~faq_bot.loader.load_faq` and a built :class:`FaqIndex`, from the
    cache when the same files were indexed before."""
    if os.environ.get(NO_CACHE_ENV_VAR, "").strip() not in ("", "0"):
        faq = load_faq(*paths)
        return faq, FaqIndex.from_faq(faq)
    files = expand_paths(paths or default_faq_paths())
    try:
        key = _key(files)
    except OSError:
        key = None  # load_faq says what is wrong with the files
    if key is not None:
        cached = _read(cache_dir() / f"{key}.pickle")
        if cached is not None:
            return cached
    faq = load_faq(*files)
    index = FaqIndex.from_faq(faq)
    if key is not None:
        _write(cache_dir() / f"{key}.pickle", (faq, index))
    return faq, index


def _key(files: list[Path]) -> str:
    """CRC-32 and Adler-32 (64 bits together) and the length of everything the
    index depends on: enough to notice any edit, and zlib imports in no time
    (hashlib would cost start-up more than the cache saves on a small FAQ)."""
    parts = [f"{__version__} {sys.version} {pickle.HIGHEST_PROTOCOL}".encode()]
    # Our own code shapes the index: a changed module invalidates the cache.
    for module in sorted(Path(__file__).parent.glob("*.py")):
        info = module.stat()
        parts.append(f"{module.name} {info.st_mtime_ns} {info.st_size}".encode())
    for path in files:
        parts += [str(path.resolve()).encode(), path.read_bytes()]
    data = b"\0".join(parts)
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}-{len(data)}"


def _read(path: Path) -> tuple[Faq, FaqIndex] | None:
    try:
        with path.open("rb") as stream:
            found = pickle.load(stream)
    except Exception:  # a missing, partial or stale entry is just a cache miss
        return None
    if (
        isinstance(found, tuple)
        and len(found) == 2
        and isinstance(found[0], Faq)
        and isinstance(found[1], FaqIndex)
    ):
        return found[0], found[1]
    return None


def _write(path: Path, value: tuple[Faq, FaqIndex]) -> None:
    import tempfile  # only on a miss: it is slow to import, and start-up counts

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # a read-only or full disk costs speed, not answers
