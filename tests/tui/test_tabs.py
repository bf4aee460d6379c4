"""The game screen's tabs: keys 1-4, a click on a tab's name, and the arrow keys on the
focused tab bar each show that pane and only that pane (read from the rendered screen)."""

from __future__ import annotations

from pathlib import Path

from tests.tui._pilot import LARGE, SMALL, flat, screen_text, tiny_app
from wargame.tui.app import WargameApp
from wargame.tui.widgets import TabBar

# A phrase only each pane shows, on the tiny scenario's first turn.
PANES = {
    "board": "Issue State Linked to",
    "proposals": "No proposal on the table.",
    "log": "R1 event Round 1 of 4 begins.",
    "standings": "Delegation",
}


def showing(app: WargameApp) -> list[str]:
    text = flat(screen_text(app))
    return [pane for pane, phrase in PANES.items() if phrase in text]


async def test_keys_clicks_and_arrows_switch_tabs(tmp_path: Path) -> None:
    app = tiny_app(tmp_path / "g.yaml")
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        assert showing(app) == ["board"]
        for key, pane in zip("3241", ("log", "proposals", "standings", "board"), strict=True):
            await pilot.press(key)
            await pilot.pause()
            assert showing(app) == [pane], key

        bar = app.screen.query_one("#tabs", TabBar)
        # A click on a name: " Board  Proposals  Log  Standings", a space each side.
        await pilot.click("#tabs", offset=(len(" Board  Proposals  L"), 0))
        await pilot.pause()
        assert showing(app) == ["log"]
        assert bar.active == "log"

        bar.focus()
        await pilot.press("right")
        await pilot.pause()
        assert showing(app) == ["standings"]
        await pilot.press("right")  # past the last tab: the first
        await pilot.pause()
        assert showing(app) == ["board"]
        await pilot.press("left", "left", "left")
        await pilot.pause()
        assert showing(app) == ["proposals"]


async def test_a_small_terminal_still_switches_tabs(tmp_path: Path) -> None:
    app = tiny_app(tmp_path / "g.yaml")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert showing(app) == ["proposals"]
