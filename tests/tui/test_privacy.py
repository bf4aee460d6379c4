"""Hot-seat privacy, read off the rendered screen: while one delegation is at the keyboard,
no private text of another appears anywhere, toasts included."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import RichLog

from tests.tui._pilot import (
    LARGE,
    MAX_PRESSES,
    SMALL,
    assert_absent,
    flat,
    game_screen,
    hot_seat_turn,
    right_column,
    saved_position,
    screen_text,
    tiny_app,
)
from wargame.core.model import GameState
from wargame.session import HUMAN, Session
from wargame.tui.app import WargameApp
from wargame.tui.screens.dialogs import HandOverScreen
from wargame.tui.screens.game import GameScreen
from wargame.tui.text import name

SEED = 3  # West holds Hotline, Hotline; Ally holds Sabre-rattling, Ankle-kick.


def private_strings(session: Session, delegation: str, other: str) -> list[str]:
    """What only `delegation`'s desk and move list show, minus what `other` sees of its own.

    Issue names alone are public (the agenda lists them), so the desk's labelled lines are
    used: "Red lines: Open door", not "Open door".
    """
    scenario = session.scenario
    me = scenario.delegation(delegation)
    view = session.view(delegation)
    theirs = session.view(other).me
    strings = [
        f"{me.name} — your desk",
        me.profile,
        "Red lines: " + (", ".join(name(scenario, r) for r in view.me.red_lines) or "none"),
        "Pain points: " + (", ".join(name(scenario, p) for p in view.me.pain_points) or "none"),
        "Hand: " + (", ".join(name(scenario, c) for c in view.me.hand) or "empty"),
        f"Your moves ({me.name})",
    ]
    strings += [f"Declare a red line: {name(scenario, r)}" for r in view.me.red_lines]
    strings += [name(scenario, c) for c in set(view.me.hand) - set(theirs.hand)]
    return strings


async def until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Wave the game along by keys (Enter on covers, else pass) until `done()`."""
    for _ in range(MAX_PRESSES):
        if done():
            return
        await hot_seat_turn(pilot)
    raise AssertionError("the game never got there")


def ally_handover(app: WargameApp) -> bool:
    screen = app.screen
    return isinstance(screen, HandOverScreen) and screen.delegation.name == "Ally"


@pytest.mark.parametrize("size", [LARGE, SMALL], ids=["120x40", "80x24"])
async def test_hand_over_hides_the_last_delegation(tmp_path: Path, size: tuple[int, int]) -> None:
    app = tiny_app(tmp_path / "g.yaml", seed=SEED, ally="human")
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        session = app.session
        assert session is not None
        west_only = private_strings(session, "west", "ally")
        assert "Wants a settlement and low tension." in west_only
        assert "Red lines: Open door" in west_only
        assert "Hotline" in west_only
        ally_only = private_strings(session, "ally", "west")

        # The game opens covered: West must say it is at the keyboard.
        assert isinstance(app.screen, HandOverScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        west_screen = flat(right_column(screen_text(app)))
        assert "Pain points: Drills" in west_screen
        assert "Red lines: Open door" in west_screen
        assert_absent(screen_text(app), ally_only, "Ally")

        # West passes; East (a bot) moves; the cover goes up for Ally.
        await pilot.press("x")
        await pilot.pause()
        assert ally_handover(app)
        cover = screen_text(app)
        assert "Hand the keyboard to Ally" in flat(cover)
        assert "Round 1/4" not in cover, "the game screen shows through the cover"
        assert_absent(cover, west_only + ally_only, "West or Ally")

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert session.to_act == "ally"
        for tab in "1234":
            await pilot.press(tab)
            await pilot.pause()
            text = screen_text(app)
            assert "Ally — your desk" in flat(text)
            assert_absent(text, west_only, "West")


async def test_ally_log_holds_no_upkeep_of_west(tmp_path: Path) -> None:
    def at_west_actions(state: GameState) -> bool:
        return state.phase_id == "actions" and state.to_act == "west"

    app = saved_position(tmp_path / "g.yaml", at_west_actions, seed=SEED, ally=HUMAN)
    async with app.run_test(size=LARGE, notifications=True) as pilot:
        await pilot.pause()
        session = app.session
        assert session is not None
        assert session.state.round == 1
        # West and Ally take their last turns of round 1 (the round's upkeep is scored
        # privately), then West its first of round 2, and the cover goes up for Ally.
        await until(pilot, lambda: session.state.round == 2 and ally_handover(app))
        west_upkeep = [e.text for e in session.events if e.kind == "upkeep" and e.actor == "west"]
        assert west_upkeep, "West paid no upkeep in round 1: nothing private to hide"
        assert all(t.startswith("West: score") for t in west_upkeep)
        assert_absent(screen_text(app), ["West: score", *west_upkeep], "West")

        await pilot.press("enter")
        await pilot.press("3")  # the log tab
        await pilot.pause()
        assert session.to_act == "ally"
        text = screen_text(app)
        assert "R1 " in text, "the log tab is not showing"
        assert_absent(text, ["West: score", *west_upkeep], "West")
        # The log may scroll: its lines beyond the screen hold none either.
        lines = [strip.text for strip in game_screen(app).query_one("#log-view", RichLog).lines]
        assert not [line for line in lines if "West: score" in line]


def at_west_negotiation(state: GameState) -> bool:
    return state.phase_id == "negotiation" and state.to_act == "west"


async def table_secret_offer(pilot: Pilot[None], session: Session) -> None:
    """Three people at the table, West to negotiate: West offers East, in secret, to concede
    Missiles, and the cover goes up for East."""
    app = pilot.app
    assert at_west_negotiation(session.state)
    assert isinstance(app.screen, HandOverScreen)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("p")
    await pilot.pause()
    # To East; West concedes Missiles; that term secret.
    await pilot.press("space", "tab", "space", "tab", "space", "ctrl+s")
    await pilot.pause()
    (offer,) = session.state.proposals
    assert offer.proposer == "west" and offer.addressees == ("east",)
    assert [(t.issue, t.by, t.secret) for t in offer.terms] == [("missiles", "west", True)]
    assert isinstance(app.screen, HandOverScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert session.to_act == "east"


SECRET = ["West concedes Missiles", "(secret)", "Secret side deal"]


async def test_a_secret_offer_stays_off_the_outsiders_screen(tmp_path: Path) -> None:
    app = saved_position(
        tmp_path / "g.yaml", at_west_negotiation, seed=SEED, east=HUMAN, ally=HUMAN
    )
    async with app.run_test(size=LARGE, notifications=True) as pilot:
        await pilot.pause()
        session = app.session
        assert session is not None
        await table_secret_offer(pilot, session)
        await pilot.press("2")  # East, a party, sees the secret term on the table
        await pilot.pause()
        assert "West concedes Missiles (secret)" in flat(screen_text(app))
        await pilot.press("x")  # East lets it lie
        await pilot.pause()
        assert ally_handover(app)
        assert_absent(screen_text(app), SECRET, "West and East")
        await pilot.press("enter")
        await pilot.pause()
        assert session.to_act == "ally"
        for tab in "1234":
            await pilot.press(tab)
            await pilot.pause()
            text = screen_text(app)
            if tab == "2":
                assert "#1 West → East" in flat(text), "the offer itself is public"
            assert_absent(text, SECRET, "West and East")


async def test_secret_deal_toast_does_not_outlive_the_hand_over(tmp_path: Path) -> None:
    """West offers East a secret concession, East accepts, Ally sits down."""
    app = saved_position(
        tmp_path / "g.yaml", at_west_negotiation, seed=SEED, east=HUMAN, ally=HUMAN
    )
    async with app.run_test(size=LARGE, notifications=True) as pilot:
        await pilot.pause()
        session = app.session
        assert session is not None
        await table_secret_offer(pilot, session)
        # East: down the move list to "Accept proposal #1", Enter.
        labels = [label for label, _ in game_screen(app).menu]
        await pilot.press(*["down"] * labels.index("Accept proposal #1"), "enter")
        await pilot.pause()
        secret = [e.text for e in session.events if e.kind == "secret_deal"]
        assert secret, "no secret deal was struck"
        assert ally_handover(app)
        assert_absent(screen_text(app), [*secret, *SECRET], "West and East")
        await pilot.press("enter")
        await pilot.pause()
        assert session.to_act == "ally"
        assert_absent(screen_text(app), [*secret, *SECRET], "West and East")
