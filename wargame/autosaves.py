"""A person's seat, where games autosave, and which of them a person may want to continue.
Light to import: the setup screen needs this before anything else is loaded."""

from __future__ import annotations

import os
import re
import time
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
    """The most recent autosave of a game still in progress, if any: one in which a move
    was made before one nobody has moved in yet, which a new game started and left at once
    would otherwise be, hiding the game in progress behind it."""
    folder = folder or saves_dir()
    if not folder.is_dir():
        return None
    candidates = sorted(folder.glob("*.yaml"), key=lambda p: p.stat().st_mtime, reverse=True)
    unmoved: Path | None = None
    for path in candidates:
        try:
            head = path.read_text(encoding="utf-8")
        except OSError:
            continue
        if "\nresult:" in head:
            continue
        if "\nactions: []" not in head:
            return path
        unmoved = unmoved or path
    return unmoved


def describe_save(path: Path) -> str:
    """Which game a save holds, for a person choosing to continue it: scenario, round,
    moves made, seed, when it was last saved, and the file. Read from the text, without
    loading the game."""
    try:
        text = path.read_text(encoding="utf-8")
        saved = time.strftime("%d %b %H:%M", time.localtime(path.stat().st_mtime))
    except OSError:
        return path.name
    scenario = re.search(r"^  scenario_name: (.+)$", text, re.M)
    seed = re.search(r"^  seed: (-?\d+)$", text, re.M)
    rounds = re.findall(r"^- \{n: \d+, round: (\d+),", text, re.M)
    parts = [scenario.group(1).strip("'\"") if scenario else path.stem]
    parts.append(f"round {rounds[-1]}, {len(rounds)} move(s)" if rounds else "no move yet")
    if seed:
        parts.append(f"seed {seed.group(1)}")
    parts.append(f"saved {saved}")
    return " · ".join(parts) + f"\n{path.name}"
