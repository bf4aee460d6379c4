"""Remembers which texts passed the structural checks, so an unchanged file is not checked
again at every start (the checks and jsonschema's import cost more than the rest of loading).

A text is known good by a marker file named for the hash of the text, its kind, and the
source of the checks themselves: editing a file, or the checks, makes it be checked anew.
Only texts without problems are remembered, so every problem is still reported with its
file and line. The cache is best-effort: when its folder cannot be read or written, files
are simply checked as if it were empty.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

import wargame

# The modules whose code decides whether a text is well formed.
_CHECKS = (
    "content/validate.py",
    "content/schema.py",
    "content/yamlsource.py",
    "bots/personality.py",
)


def cache_dir() -> Path:
    """$WARGAME_HOME/cache/checked, else the user's cache folder."""
    home = os.environ.get("WARGAME_HOME")
    if home:
        return Path(home) / "cache" / "checked"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "wargame" / "checked"


@cache
def _fingerprint() -> bytes:
    digest = hashlib.sha256(wargame.__version__.encode())
    package = Path(wargame.__file__).parent
    for name in _CHECKS:
        try:
            digest.update((package / name).read_bytes())
        except OSError:
            digest.update(b"?" + name.encode())
    return digest.digest()


def _marker(kind: str, text: str) -> Path:
    digest = hashlib.sha256(_fingerprint())
    digest.update(kind.encode() + b"\0" + text.encode("utf-8", "surrogatepass"))
    return cache_dir() / digest.hexdigest()


def known_good(kind: str, text: str) -> bool:
    """Whether this exact text of this kind passed the current checks before."""
    if os.environ.get("WARGAME_NO_CACHE"):
        return False
    try:
        return _marker(kind, text).is_file()
    except OSError:
        return False


def remember_good(kind: str, text: str) -> None:
    if os.environ.get("WARGAME_NO_CACHE"):
        return
    try:
        marker = _marker(kind, text)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass
