"""Snapshots of the main screens at 80x24 and 120x40.

Regenerate after an intended change of the look with
`pytest tests/tui/test_snapshots.py --snapshot-update`, and look at the pictures.
Nothing here depends on the clock or the home folder: the setup screen's seed (which
defaults from the clock) is set, the cursor does not blink, and WARGAME_HOME is an empty
folder (see conftest.py) so "Continue the last game" never appears.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_textual_snapshot import node_to_report_path
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui._pilot import LARGE, SMALL, tiny_app
from wargame.tui.app import WargameApp, make_app

SIZES = pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])

Compare = Callable[..., bool]


def compare(
    snap_compare: Compare,
    request: pytest.FixtureRequest,
    app: WargameApp,
    size: tuple[int, int],
    **kwargs: Any,
) -> None:
    """Compare, but first make sure the app was alive: the screenshot is taken even of an
    app dying of an error, and then the error is the news, not the picture."""
    try:
        matched = snap_compare(app, terminal_size=size, **kwargs)
    except AssertionError:
        if app._exception is None:
            raise
        matched = False
    if app._exception is not None:
        # No picture of a dead app in the HTML report pytest-textual-snapshot writes.
        node_to_report_path(request.node).unlink(missing_ok=True)
        raise app._exception
    assert matched


async def freeze_setup(pilot: Pilot[None]) -> None:
    """The seed defaults from the clock: fix it, and stop the cursor blinking."""
    await pilot.pause()  # until the setup screen is up
    seed = pilot.app.screen.query_one("#seed", Input)
    seed.cursor_blink = False
    seed.value = "12345"


@SIZES
def test_setup_screen(
    snap_compare: Compare, request: pytest.FixtureRequest, size: tuple[int, int]
) -> None:
    compare(snap_compare, request, make_app(), size, run_before=freeze_setup)


@SIZES
def test_game_screen(
    snap_compare: Compare, request: pytest.FixtureRequest, size: tuple[int, int], tmp_path: Path
) -> None:
    compare(snap_compare, request, tiny_app(tmp_path / "g.yaml"), size)


@SIZES
def test_help_screen(
    snap_compare: Compare, request: pytest.FixtureRequest, size: tuple[int, int], tmp_path: Path
) -> None:
    compare(snap_compare, request, tiny_app(tmp_path / "g.yaml"), size, press=["question_mark"])
