"""The game screen's tabs: keys 1-4, a click on a tab's name, and the arrow keys on the
focused tab bar each show that pane and only that pane (read from the rendered screen)."""

from __future__ import annotations

from pathlib import Path

import attrs

from tests.tui._pilot import LARGE, SMALL, flat, screen_text, tiny_app
from wargame.tui.app import WargameApp, make_app
from wargame.tui.screens.game import GameScreen
from wargame.tui.widgets import AgendaPanel, LogView, TabBar

# A phrase only each pane shows, on the tiny scenario's first turn.
PANES = {
    "board": "Issue State Linked to",
    "proposals": "No proposal on the table.",
    "log": "R1 Round 1 of 4 begins.",
    "standings": "Delegation",
}


def status_lines(app: WargameApp) -> list[str]:
    return screen_text(app).splitlines()[:2]


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


async def test_the_log_written_while_hidden_wraps_at_its_own_width(tmp_path: Path) -> None:
    """A hidden pane measures 0 wide; lines logged then must not wrap at the log's min_width."""
    app = tiny_app(tmp_path / "g.yaml")
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        await pilot.press("3", "1")  # the log shown once, then hidden behind the board
        for _ in range(4):
            await pilot.press("x")  # West passes; the bots move; the log grows unseen
            await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        log = app.screen.query_one("#log-view", LogView)
        phrase = "R1 · Negotiation phase."  # each phase opens with a line of its own
        assert log.min_width < len(phrase)
        # Logged while hidden, and on one line of the screen, not cut at the min_width.
        assert any(phrase in line for line in screen_text(app).splitlines())


async def test_the_log_wraps_again_when_the_terminal_widens(tmp_path: Path) -> None:
    """Lines written in a narrow terminal take the new width when it grows."""
    app = tiny_app(tmp_path / "g.yaml")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        for _ in range(6):
            await pilot.press("x")
            await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        log = app.screen.query_one("#log-view", LogView)
        narrow = log.virtual_size.height
        longest = max(len(line.text) for line in log.lines)
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        await pilot.pause()
        assert log.virtual_size.height < narrow, "the old lines kept their narrow wrapping"
        assert max(len(line.text) for line in log.lines) > longest
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        await pilot.pause()
        assert log.virtual_size.height == narrow  # and back: the same lines, none lost


async def test_long_names_at_80_columns_break_no_line_in_two(tmp_path: Path) -> None:
    """The status line takes a second line rather than cut the forum off, breaking between
    its items; in the standings, long delegation names are cut short rather than wrapped,
    so each delegation's figures stay on its own line, the red lines known under the table."""
    app = make_app(
        scenario="european_security_2022",
        seats={"us": "human"},
        seed=3,
        pace=0.0,
        save_path=tmp_path / "g.yaml",
    )
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        status = status_lines(app)
        assert status[0].strip().endswith("To move: United States")
        assert status[1].strip().startswith("Forum: NATO–Russia Council  You: United States")
        await pilot.press("4")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        rows = {
            who: [line.split("▊")[0].split() for line in lines if line.startswith(who)]
            for who in ("United Sta", "Russia", "European a", "Ukraine")
        }
        # Leverage, credibility, standing, economy, score: as the scenario starts them.
        assert rows["Russia"] == [["Russia", "5", "4", "6", "3", "0"]], lines
        assert rows["European a"][0][-5:] == ["3", "5", "5", "6", "0"], lines
        assert rows["Ukraine"] == [["Ukraine", "2", "5", "5", "2", "0"]], lines
        at = next(i for i, line in enumerate(lines) if line.startswith("Red lines known"))
        assert lines[at + 1].startswith("none yet")
        # The four-letter column heads spelt out, no pair broken across lines.
        legend = " / ".join(line.split("▊")[0].strip() for line in lines[at - 4 : at])
        for pair in ("Leve = Leverage", "Dome = Domestic standing", "Econ = Economy"):
            assert pair in legend, lines


async def test_the_pressure_on_an_issue_stands_beside_its_state(tmp_path: Path) -> None:
    """Salience, signed, in the State column: beside a long name it wrapped onto a line
    of its own at 80 columns."""
    app = make_app(
        scenario="european_security_2022",
        seats={"us": "human"},
        seed=3,  # the first round's inject puts +1 on two issues
        pace=0.0,
        save_path=tmp_path / "g.yaml",
    )
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        lines = [line.split("▊")[0].strip() for line in screen_text(app).splitlines()]
        missiles = next(line for line in lines if line.startswith("★Missiles and bases"))
        assert missiles.split()[-2:] == ["open", "+1"], lines
        assert "+1" not in lines
        screen = app.screen
        assert isinstance(screen, GameScreen)
        view = screen.session.view("us")
        eased = tuple(attrs.evolve(i, salience=-2) for i in view.issues)
        screen.query_one(AgendaPanel).show(screen.scenario, attrs.evolve(view, issues=eased))
        await pilot.pause()
        lines = [line.split("▊")[0].strip() for line in screen_text(app).splitlines()]
        assert any(line.startswith("Gas deal") and line.endswith("open -2") for line in lines)
