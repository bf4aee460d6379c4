"""What a delegation reads before it moves: how it wins, what its cards do, and, on a narrow
terminal, what the hidden left column held."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from tests.tui._pilot import (
    LARGE,
    SMALL,
    assert_on_screen,
    flat,
    game_screen,
    left_of_desk,
    right_column,
    saved_position,
    screen_text,
    us_in_the_actions_phase,
)
from wargame.core.actions import PlayCard
from wargame.core.model import GameState
from wargame.tui.widgets import DeskPanel


def west_acts(state: GameState) -> bool:
    return state.phase_id == "actions" and state.to_act == "west"


async def test_the_desk_says_how_to_win_and_what_each_card_in_hand_does(tmp_path: Path) -> None:
    app = us_in_the_actions_phase(tmp_path / "g.yaml")
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        screen = game_screen(app)
        scenario = screen.scenario
        victory = scenario.delegation("us").victory
        desk = right_column(screen_text(app))
        assert_on_screen(
            desk,
            f"To win: {' or '.join(victory.outcomes)} with a final score of "
            f"{victory.min_score} or more.",
        )
        assert_on_screen(desk, "It counts credibility ×1, change in NATO cohesion ×1.")

        screen.query_one("#desk-scroll").scroll_end(animate=False)
        await pilot.pause()
        desk = right_column(screen_text(app))
        assert_on_screen(desk, "Your cards")
        hand = dict.fromkeys(game_screen(app).session.view("us").me.hand)
        costly = [c for c in hand if scenario.cards[c].cost]
        assert costly, "the position should hold a card with a cost"
        for card_id in hand:
            card = scenario.cards[card_id]
            cost = ", ".join(
                f"{n} {scenario.resources[scenario.resource_index[r]].name.lower()}"
                for r, n in card.cost.items()
            )
            assert_on_screen(desk, f"{card.name} ({cost or 'free'}): {card.text[:30]}")


@pytest.mark.parametrize("size", [LARGE, SMALL], ids=["120x40", "80x24"])
async def test_a_highlighted_card_play_shows_the_card_under_the_moves(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = saved_position(tmp_path / "g.yaml", west_acts)  # West holds Hotline, Hotline
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = game_screen(app)
        labels = [label for label, _ in screen.menu]
        assert labels[0] == "Pass (x)"
        moves = flat(right_column(screen_text(app)).split("Your moves")[-1])
        assert "Keep channels open." not in moves
        play = next(i for i, (_, move) in enumerate(screen.menu) if isinstance(move, PlayCard))
        for _ in range(play):
            await pilot.press("down")
        await pilot.pause()
        moves = flat(right_column(screen_text(app)).split("Your moves")[-1])
        assert "Hotline (free): Keep channels open." in moves
        await pilot.press("up")
        await pilot.pause()
        moves = flat(right_column(screen_text(app)).split("Your moves")[-1])
        assert "Keep channels open." not in moves


async def test_a_narrow_terminal_keeps_the_forum_and_tracks_under_the_standings(
    tmp_path: Path,
) -> None:
    app = saved_position(tmp_path / "g.yaml", west_acts)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert not game_screen(app).query_one("#left").display
        await pilot.press("4")
        await pilot.pause()
        text = flat(left_of_desk(screen_text(app)))
        for phrase in (
            "Tension crisis at 7, war at 10",
            "Open channels: 1/3",
            "Bloc cohesion: 6/10",
            "Open table Decides openly; public; weight 1;",
            "At the table: West, East, Ally",
        ):
            assert phrase in text, phrase
        await pilot.resize_terminal(*LARGE)
        await pilot.pause()
        screen = game_screen(app)
        assert screen.query_one("#left").display  # the ladder and the forum are back there
        assert not screen.query_one("#side-notes").display


async def test_at_80x24_the_hand_shows_above_the_brief_while_a_card_is_highlighted(
    tmp_path: Path,
) -> None:
    """The desk keeps a few rows under a card's text: what a move turns on shows there, and
    the delegation's brief waits below (it filled them all)."""
    app = us_in_the_actions_phase(tmp_path / "g.yaml")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = game_screen(app)
        await pilot.press("down")  # the first card's play
        await pilot.pause()
        assert isinstance(screen.menu[1][1], PlayCard)
        desk = right_column(screen_text(app)).split("Your moves")[0]
        assert "Hand:" in desk
        assert flat(screen.scenario.delegation("us").profile)[:20] not in flat(desk)


async def test_a_settled_pain_point_says_so(tmp_path: Path) -> None:
    """Upkeep stops charging for a settled pain point: the desk said it as if still open."""
    app = saved_position(tmp_path / "g.yaml", west_acts)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        screen = game_screen(app)
        desk = screen.query_one(DeskPanel)
        assert "Pain points: Drills" in flat(str(desk.render()))
        assert "(settled)" not in flat(str(desk.render()))
        view = screen.session.view("west")
        settled = tuple(
            attrs.evolve(i, status="settled") if i.id == "drills" else i for i in view.issues
        )
        desk.show(screen.scenario, attrs.evolve(view, issues=settled))
        assert "Pain points: Drills (settled)" in flat(str(desk.render()))
