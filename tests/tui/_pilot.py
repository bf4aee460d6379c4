"""Drivers for the UI tests: the tiny scenario in the app, and the screen read as a person would."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.conftest import DATA
from wargame.content.library import DEFAULT_SCENARIO
from wargame.core.actions import Pass
from wargame.core.model import GameState
from wargame.session import HUMAN, Session
from wargame.tui.app import WargameApp, make_app
from wargame.tui.screens.dialogs import HandOverScreen
from wargame.tui.screens.game import PROPOSE, GameScreen

TINY = DATA / "rulesets" / "tiny.yaml"
SMALL = (80, 24)
LARGE = (120, 40)
MAX_PRESSES = 200
SETUP_CRASH = (
    "SetupScreen builds the seat rows twice on mount (on_mount, then the scenario Select's "
    "initial Changed); the second remove_children() pulls the first rows out while their "
    "Selects are still mounting: NoMatches 'SelectOverlay' and the app dies at start "
    "(`wargame play` with no arguments crashes the same way in a terminal)"
)


class PrivateTextShown(AssertionError):
    """Another delegation's private text is on the screen."""


class NotOnScreen(AssertionError):
    """Something a person needs to see is not on the screen."""


def tiny_app(save_path: Path | None, seed: int = 3, **seats: str) -> WargameApp:
    """The tiny scenario with bots at instant pace; West is a person unless told otherwise."""
    players = {"west": "human", "east": "random", "ally": "random", **seats}
    return make_app(scenario=str(TINY), seats=players, seed=seed, pace=0.0, save_path=save_path)


def saved_position(
    path: Path, until: Callable[[GameState], bool], seed: int = 3, **seats: str
) -> WargameApp:
    """The app resuming a tiny game that everyone passed along (bots playing their seats)
    until `until` holds: a quick way to a position, so that keys are spent on what is tested."""
    players = {"west": HUMAN, "east": "random", "ally": "random", **seats}
    session = Session.new(str(TINY), players, seed, path)
    for _ in range(MAX_PRESSES):
        if until(session.state):
            return make_app(resume=path, pace=0.0)
        if session.bot_step() is None:
            session.act(Pass())
    raise AssertionError("the game never got there")


def us_in_the_actions_phase(path: Path, seed: int = 5) -> WargameApp:
    """The app resuming the default scenario where the United States (a person; bots
    elsewhere) is first to move in an actions phase: it holds cards to play then."""
    session = Session.new(DEFAULT_SCENARIO, {"us": HUMAN}, seed, path)
    for _ in range(MAX_PRESSES):
        if session.state.phase_id == "actions" and session.to_act == "us":
            return make_app(resume=path, pace=0.0)
        if session.bot_step() is None:
            session.act(Pass())
    raise AssertionError("the game never got there")


def screen_text(app: WargameApp) -> str:
    """What the terminal shows now, as plain text: every layer composed, toasts included.

    The composition `App.export_screenshot` draws, exported as text instead of SVG, so a
    test reads what a person would read rather than the widgets' data.
    """
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


BORDERS = re.compile("[\u2500-\u259f]")  # box drawing and block elements: borders, bars


def flat(text: str) -> str:
    """Screen text without borders and with whitespace folded, so a phrase that wraps inside a
    bordered panel or toast still reads as one."""
    return " ".join(BORDERS.sub(" ", text).split())


def right_column(text: str) -> str:
    """The screen text right of the game screen's last column border (the desk and the
    moves), so a sentence wrapped at the desk's width reads on without the board's lines."""
    return "\n".join(line.rsplit("▊", 1)[-1] if "▊" in line else "" for line in text.splitlines())


def left_of_desk(text: str) -> str:
    """The screen text left of the game screen's desk column (the ladder and the tabs), so
    a sentence wrapped in a tab reads on without the desk's lines."""
    return "\n".join(line.split("▊", 1)[0] for line in text.splitlines())


def status_line(app: WargameApp) -> str:
    """The top row of the screen: the game screen's status bar."""
    return screen_text(app).splitlines()[0]


def assert_absent(text: str, private: Iterable[str], whose: str) -> None:
    """None of `private` is in the screen text (compared with whitespace folded)."""
    shown = flat(text)
    leaked = [s for s in private if flat(s) in shown]
    if leaked:
        raise PrivateTextShown(f"{whose}'s private text on screen: {leaked}\n{text}")


def assert_on_screen(text: str, phrase: str) -> None:
    if flat(phrase) not in flat(text):
        raise NotOnScreen(f"{phrase!r} is not on the screen:\n{text}")


def ensure_alive(app: WargameApp) -> None:
    """Raise the error the app died of, if it did (the pilot would carry on regardless)."""
    error = app._exception
    if error is not None:
        raise error


def game_screen(app: WargameApp) -> GameScreen:
    return next(s for s in app.screen_stack if isinstance(s, GameScreen))


async def take_turn(pilot: Pilot[None]) -> None:
    """One human move by keys: Enter on the highlighted move, or x (pass) where Enter would
    open a dialog (propose a package, counter a proposal). The highlight keeps its place from
    one list of moves to the next, so it is not always on the first."""
    app = pilot.app
    assert isinstance(app, WargameApp)
    screen = game_screen(app)
    at = screen.query_one("#actions", OptionList).highlighted
    chosen = screen.menu[at][1] if screen.menu and at is not None else None
    if chosen is None or chosen == PROPOSE or isinstance(chosen, int):
        await pilot.press("x")
    else:
        await pilot.press("enter")
    await pilot.pause()


async def hot_seat_turn(pilot: Pilot[None]) -> None:
    """Enter on a hand-over cover, else pass: how a table of people might wave a game along."""
    if isinstance(pilot.app.screen, HandOverScreen):
        await pilot.press("enter")
    else:
        await pilot.press("x")
    await pilot.pause()


async def help_opens_and_closes(pilot: Pilot[None], heading: str) -> None:
    """`?` shows the help (its heading on screen); escape closes it again."""
    from wargame.tui.screens.help import HelpScreen

    app = pilot.app
    before = type(app.screen)
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    assert heading in screen_text(app)  # type: ignore[arg-type]
    await pilot.press("escape")
    await pilot.pause()
    assert type(app.screen) is before
    assert heading not in screen_text(app)  # type: ignore[arg-type]
