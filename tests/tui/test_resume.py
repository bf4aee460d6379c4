"""Resume after a crash: the autosave on disk is the game, bots included."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.tui._pilot import (
    LARGE,
    SMALL,
    TINY,
    ensure_alive,
    flat,
    screen_text,
    take_turn,
    tiny_app,
)
from wargame.core.actions import Pass
from wargame.core.model import GameState
from wargame.session import HUMAN, Session, latest_unfinished
from wargame.tui.app import WargameApp, make_app
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.setup import SetupScreen

BEFORE = 4  # moves by keys before the crash
AFTER = 3  # and after it


def where(state: GameState) -> tuple[int, str, str | None]:
    return state.round, state.phase_id, state.to_act


async def test_resume_after_a_crash(tmp_path: Path) -> None:
    # The game as it goes with no crash: the state after every move.
    straight: list[GameState] = []
    app = tiny_app(tmp_path / "straight.yaml")
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        for _ in range(BEFORE + AFTER):
            await take_turn(pilot)
            straight.append(app.session.state)

    # The same moves, and the power goes after BEFORE of them: what is on disk is all there is.
    save = tmp_path / "g.yaml"
    crashed = tmp_path / "crashed.yaml"
    app = tiny_app(save)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        for _ in range(BEFORE):
            await take_turn(pilot)
        old = app.session.state
        shutil.copyfile(save, crashed)
    assert old == straight[BEFORE - 1]
    assert "\nresult:" not in crashed.read_text(encoding="utf-8")

    app = make_app(resume=crashed, pace=0.0)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        session = app.session
        assert session is not None
        assert session.state == old
        assert where(session.state) == where(old)
        round_, _, actor = where(old)
        assert actor == "west"
        text = flat(screen_text(app))
        assert f"Round {round_}/4" in text
        assert "Your moves (West)" in text
        # The bots pick up where they were: the rest of the game is the uninterrupted one.
        for i in range(AFTER):
            await take_turn(pilot)
            assert session.state == straight[BEFORE + i], f"move {BEFORE + i + 1} differs"


def make_unfinished_autosave() -> tuple[Path, GameState]:
    """A game autosaved where games save by default (WARGAME_HOME/saves), left mid-way."""
    session = Session.new(str(TINY), {"west": HUMAN}, seed=3)
    for _ in range(6):
        if session.bot_step() is None:
            session.act(Pass())
    assert session.path is not None and not session.is_over
    return session.path, session.state


def assert_continues(app: WargameApp, path: Path, state: GameState) -> None:
    """The game on screen is the saved one, where it was left."""
    ensure_alive(app)
    assert isinstance(app.screen, GameScreen)
    assert app.session is not None
    assert app.session.path == path
    assert app.session.state == state


def test_an_unfinished_autosave_is_found(wargame_home: Path) -> None:
    path, _ = make_unfinished_autosave()
    assert path.parent == wargame_home / "saves"
    assert latest_unfinished() == path


def test_a_game_left_before_its_first_move_does_not_hide_one_in_progress(
    wargame_home: Path,
) -> None:
    path, _ = make_unfinished_autosave()
    unmoved = Session.new(str(TINY), {"west": HUMAN}, seed=5).path  # West moves first
    assert unmoved is not None and unmoved != path
    later = path.stat().st_mtime + 60
    os.utime(unmoved, (later, later))
    assert latest_unfinished() == path
    path.unlink()
    assert latest_unfinished() == unmoved  # alone, it is still offered


async def test_setup_offers_to_continue_the_last_game() -> None:
    path, state = make_unfinished_autosave()
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        ensure_alive(app)
        assert isinstance(app.screen, SetupScreen)
        shown = flat(screen_text(app))
        # Which game it is: scenario, round, moves and seed, then its file.
        assert (
            "Continue the last game (c) Tiny test scenario · round 1, 6 move(s) · seed 3 ·" in shown
        )
        assert path.name in shown
        await pilot.press("c")
        await pilot.pause()
        assert_continues(app, path, state)


async def test_enter_on_the_setup_screen_continues_the_last_game() -> None:
    """The lit button in sight is Continue: Enter started a new game instead."""
    path, state = make_unfinished_autosave()
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert_continues(app, path, state)
