"""Writes a file so that a crash at any moment leaves the old or the new one, whole."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: Path, text: str, private: bool = False) -> None:
    """Temporary file beside the target, flush and fsync, rename over it, fsync the folder.
    `private`: readable by its owner alone (a game in progress holds every delegation's
    secrets); otherwise the mode a plain write would leave."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = 0o600 if private else _plain_mode(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _naming(exc, path) from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _naming(exc, path) from None
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _plain_mode(path: Path) -> int:
    """The mode a plain write would leave: the file's own if it exists, else read and write
    for all less the umask. (The temporary file is its owner's alone, and a report, a save
    or a batch's results are made to be shared.)"""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _naming(exc: OSError, path: Path) -> OSError:
    """The error as about the file asked for: the temporary file's name means nothing to
    whoever asked to write `path`."""
    return type(exc)(exc.errno, exc.strerror, str(path))
