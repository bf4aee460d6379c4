"""What a person needs on screen is on it, at the sizes people play at."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.errors import NoWidget
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, SelectionList

from tests.tui._pilot import (
    assert_on_screen,
    ensure_alive,
    game_screen,
    right_column,
    screen_text,
    us_in_the_actions_phase,
)
from wargame.content.library import DEFAULT_SCENARIO
from wargame.session import HUMAN
from wargame.tui.app import WargameApp, make_app
from wargame.tui.screens.dialogs import ProposalBuilder
from wargame.tui.text import name

SIZES = pytest.mark.parametrize(
    "size", [(80, 24), (100, 30), (140, 45)], ids=["80x24", "100x30", "140x45"]
)
# Every field of the builder and its buttons, in the order Tab visits them.
BUILDER_STOPS = ("to", "terms", "secret", "form", "framing", "economics", "submit", "cancel")


def big_game(path: Path) -> WargameApp:
    """The default scenario (four delegations, many terms: the biggest builder), a person
    in the first seat and bots elsewhere."""
    return make_app(
        scenario=DEFAULT_SCENARIO, seats={"us": HUMAN}, seed=3, pace=0.0, save_path=path
    )


async def open_builder(pilot: Pilot[None]) -> ProposalBuilder:
    """Pass until the person may propose, then press p."""
    session = pilot.app.session  # type: ignore[attr-defined]
    for _ in range(20):
        if (
            session.to_act == "us"
            and "propose" in session.scenario.phases[session.state.phase].actions
        ):
            break
        await pilot.press("x")
        await pilot.pause()
    await pilot.press("p")
    await pilot.pause()
    ensure_alive(pilot.app)  # type: ignore[arg-type]
    builder = pilot.app.screen
    assert isinstance(builder, ProposalBuilder)
    return builder


def shown(widget: Widget) -> Region:
    """The part of the widget on the screen: none if scrolled or pushed out of sight."""
    try:
        where = widget.screen.find_widget(widget)
    except NoWidget:
        return Region()
    return where.region.intersection(where.clip)


@SIZES
async def test_the_builder_buttons_are_in_sight(tmp_path: Path, size: tuple[int, int]) -> None:
    """The buttons show as the builder opens, and stay while Tab walks every field (each
    field scrolled into sight in its turn); a click on Cancel closes it."""
    app = big_game(tmp_path / "g.yaml")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        builder = await open_builder(pilot)
        buttons = [builder.query_one(f"#{b}", Button) for b in ("submit", "cancel")]
        for stop in BUILDER_STOPS:
            field = builder.focused
            assert field is not None and field.id == stop
            assert shown(field), f"{stop} is out of sight"
            for button in buttons:
                assert shown(button) == button.region, f"{button.id} is not wholly in sight"
            text = screen_text(app)
            assert_on_screen(text, "Table it (ctrl+s)")
            assert_on_screen(text, "Cancel (esc)")
            await pilot.press("tab")
            await pilot.pause()
        await pilot.click("#cancel")
        await pilot.pause()
        assert not isinstance(app.screen, ProposalBuilder)


async def test_the_desk_takes_the_rows_a_short_list_of_moves_leaves(tmp_path: Path) -> None:
    """At 140x45 in round 1's actions phase (seed 5), the desk has 22 lines before the
    texts of the cards in hand and the person four moves: those lines show whole above
    them, where an even split of the column cut them at 21 over a list of moves mostly
    empty."""
    app = us_in_the_actions_phase(tmp_path / "g.yaml")
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        ensure_alive(app)
        screen = game_screen(app)
        desk = screen.query_one("#desk-scroll")
        assert screen.query_one("#desk").outer_size.height > 21  # more than half the column
        assert desk.scroll_y == 0
        text = right_column(screen_text(app))
        # All but the cards' texts, the reference kept last, shows without scrolling.
        assert_on_screen(text, "To win:")
        assert_on_screen(text, "What settling each issue is worth to you")
        values = screen.session.view("us").me.values
        lowest = min(values, key=lambda issue: values[issue])
        assert_on_screen(text, f"{name(screen.scenario, lowest)} {values[lowest]:+d}")
        for label, _ in screen.menu:  # and the moves stay whole below it
            assert_on_screen(text, label)


async def test_every_key_in_the_footer_shows_at_80_columns(tmp_path: Path) -> None:
    """Quit (saved) included, which an 80-column terminal cut off; and no key to propose
    where no proposal can be made."""
    app = big_game(tmp_path / "g.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = game_screen(app)
        assert screen.session.state.phase_id == "agenda"
        footer = screen_text(app).splitlines()[-1]
        assert "Propose" not in footer
        for _ in range(20):
            if screen.session.state.phase_id == "negotiation" and screen.session.to_act == "us":
                break
            await pilot.press("x")
            await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        for key in ("p Propose", "x Pass", "Help", "Slower", "Faster", "t Clock", "q Quit (saved)"):
            assert key in footer, (key, footer)


async def test_every_row_of_the_builder_fits_80_columns(tmp_path: Path) -> None:
    """No concession or transfer is cut short at 80 columns: with the default scenario's
    longest name the rows once ended "concede Allied forces …", hiding the issue."""
    app = big_game(tmp_path / "g.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        builder = await open_builder(pilot)
        rows = 0
        for options in builder.query(SelectionList):
            room = options.scrollable_content_region.width - len("▐X▌ ")
            for i in range(options.option_count):
                prompt = str(options.get_option_at_index(i).prompt)
                assert len(prompt) <= room, (prompt, room)
                rows += 1
        assert rows > 30  # the terms and the transfers were all looked at


async def test_a_long_move_keeps_every_line_when_the_list_is_rebuilt(tmp_path: Path) -> None:
    """A rebuilt list that grows a scrollbar measures its moves again: after a key that
    redraws the board, the move to the Kennedy and Dobrynin channel lost
    its last line."""
    app = make_app(
        scenario="cuban_missile_crisis_1962",
        seats={"us": HUMAN},
        seed=3,
        pace=0.0,
        save_path=tmp_path / "g.yaml",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        menu = game_screen(app).menu
        move = next(label for label, _ in menu if label.startswith("Move the talks to Private"))
        assert "Kennedy–Dobrynin)" in move
        assert_on_screen(right_column(screen_text(app)), move)
        await pilot.press("right_square_bracket")  # faster bots: the board is drawn again
        await pilot.pause()
        assert_on_screen(right_column(screen_text(app)), move)
