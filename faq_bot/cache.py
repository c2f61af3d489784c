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
from .errors import FaqLoadError
from .loader import load_faq, load_faq_texts, read_faq_texts
from .matcher import FaqIndex
from .model import Faq
from .safety import UrgentScreen

NO_CACHE_ENV_VAR = "FAQ_BOT_NO_CACHE"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "faq-bot"


def load_indexed(paths: Sequence[str | os.PathLike[str]] = ()) -> tuple[Faq, FaqIndex]:
    """:func:`~faq_bot.loader.load_faq` and a built :class:`FaqIndex`, from the
    cache when the same files were indexed before. The FAQ's urgent screen is
    cached with them (it costs more to build than a small FAQ's index), and
    :meth:`UrgentScreen.for_faq` hands it out from then on."""
    if os.environ.get(NO_CACHE_ENV_VAR, "").strip() not in ("", "0"):
        faq = load_faq(*paths)
        return faq, FaqIndex.from_faq(faq)
    # The key is made from the very texts that are parsed, read once through
    # the loader's checks (a device or pipe is refused before it is read).
    texts = read_faq_texts(*paths)
    folder = _private_dir()
    readable = folder is not None and not any(isinstance(t, FaqLoadError) for _, t in texts)
    entry = folder / _entry_name(texts) if readable and folder else None
    if entry is not None:
        cached = _read(entry)
        if cached is not None:
            faq, index, screen = cached
            screen.share()
            return faq, index
    faq = load_faq_texts(texts)
    index = FaqIndex.from_faq(faq)
    if entry is not None:
        _write(entry, (faq, index, UrgentScreen.for_faq(faq)))
    return faq, index


def _entry_name(texts: list[tuple[Path, str | FaqLoadError]]) -> str:
    """``<which files>-<their content>.pickle``: CRC-32 and Adler-32 (64 bits
    together) and the length of everything the index depends on. That notices
    any edit, and zlib imports in no time (hashlib would cost start-up more
    than the cache saves on a small FAQ)."""
    which = "\0".join(str(path.resolve()) for path, _ in texts).encode()
    parts = [which, f"{__version__} {sys.version} {pickle.HIGHEST_PROTOCOL}".encode()]
    # Our own code and rule data shape what is cached: a change invalidates it.
    here = Path(__file__).parent
    for module in sorted([*here.glob("*.py"), *here.glob("rules/**/*.yaml")]):
        info = module.stat()
        parts.append(f"{module.relative_to(here)} {info.st_mtime_ns} {info.st_size}".encode())
    parts += [str(text).encode("utf-8", "surrogatepass") for _, text in texts]
    data = b"\0".join(parts)
    return f"{zlib.crc32(which):08x}-{zlib.crc32(data):08x}{zlib.adler32(data):08x}-{len(data)}.pickle"


def _private_dir() -> Path | None:
    """The cache directory, made private to this user; None when it is not
    (someone else's, or open to others): then it is neither read nor written,
    since its pickles are loaded."""
    folder = cache_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
        if info.st_uid != os.getuid():
            return None
        if info.st_mode & 0o077:
            folder.chmod(0o700)
    except OSError:
        return None
    return folder


def _read(path: Path) -> tuple[Faq, FaqIndex, UrgentScreen] | None:
    try:
        with path.open("rb") as stream:
            found = pickle.load(stream)
    except Exception:  # a missing, partial or stale entry is just a cache miss
        return None
    if (
        isinstance(found, tuple)
        and len(found) == 3
        and isinstance(found[0], Faq)
        and isinstance(found[1], FaqIndex)
        and isinstance(found[2], UrgentScreen)
    ):
        return found[0], found[1], found[2]
    return None


def _write(path: Path, value: tuple[Faq, FaqIndex, UrgentScreen]) -> None:
    import tempfile  # only on a miss: it is slow to import, and start-up counts

    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        # Older indexes of the same files are stale now: keep one per FAQ.
        which = path.name.split("-", 1)[0]
        for old in path.parent.glob(f"{which}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk costs speed, not answers
