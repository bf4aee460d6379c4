"""A person's seat, where games autosave, and which of them a person may want to continue.
Light to import: the setup screen needs this before anything else is loaded."""

from __future__ import annotations

import os
from pathlib import Path

HUMAN = "human"  # a seat played by a person at this keyboard


def saves_dir() -> Path:
    """Where games autosave: $WARGAME_HOME/saves, else the user's data folder."""
    home = os.environ.get("WARGAME_HOME")
    if home:
        return Path(home) / "saves"
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "wargame" / "saves"


def latest_unfinished(folder: Path | None = None) -> Path | None:
    """The most recent autosave of a game still in progress, if any."""
    folder = folder or saves_dir()
    if not folder.is_dir():
        return None
    candidates = sorted(folder.glob("*.yaml"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in candidates:
        try:
            head = path.read_text(encoding="utf-8")
        except OSError:
            continue
        if "\nresult:" not in head:
            return path
    return None
