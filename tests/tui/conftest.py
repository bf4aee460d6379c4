"""Fixtures for the UI tests: no test touches the real home folder."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def wargame_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty WARGAME_HOME per test, so autosaves (and "Continue the last game") stay local."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("WARGAME_HOME", str(home))
    return home
