"""The Textual app and the factory that builds it (tests reuse the factory)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from wargame.tui.screens.setup import SetupScreen

if TYPE_CHECKING:
    from wargame.persist.replay import Replay
    from wargame.session import Session


class WargameApp(App[None]):
    """Seminar play in the terminal: hot-seat delegations, bots in empty seats."""

    CSS_PATH = "app.tcss"
    TITLE = "wargame"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False)]

    def __init__(
        self,
        session: Session | None = None,
        pace: float = 0.3,
        clock_minutes: float | None = None,
        replay: tuple[Replay, Path] | None = None,
        replay_view: str | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.pace = pace
        self.clock_minutes = clock_minutes
        self.replay = replay
        self.replay_view = replay_view

    def on_mount(self) -> None:
        self.theme = "gruvbox"
        if self.replay is not None:
            # Imported here: the charts library is only needed for a replay.
            from wargame.tui.screens.replay import ReplayScreen

            self.push_screen(ReplayScreen(*self.replay, view=self.replay_view))
        elif self.session is not None:
            from wargame.tui.screens.game import GameScreen

            self.push_screen(GameScreen(self.session, self.pace, self.clock_minutes))
        else:
            self.push_screen(SetupScreen())

    def start_game(self, session: Session) -> None:
        from wargame.tui.screens.game import GameScreen

        self.session = session
        self.clear_notifications()  # the setup screen's, about a form now gone
        self.switch_screen(GameScreen(session, self.pace, self.clock_minutes))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from wargame.tui.screens.game import GameScreen

        yield from super().get_system_commands(screen)
        if isinstance(screen, GameScreen):
            yield SystemCommand("Propose a package", "Build a proposal", screen.action_propose)
            yield SystemCommand("Pass", "Pass your turn", screen.action_pass_turn)
            yield SystemCommand("Rules and keys", "Show the help screen", screen.action_help)
            yield SystemCommand(
                "Faster bots", "Bots move faster (down to instant)", screen.action_faster
            )
            yield SystemCommand("Slower bots", "Bots move slower", screen.action_slower)
            yield SystemCommand(
                "Negotiation clock", "Start or pause the negotiation clock", screen.action_clock
            )
            for tab in ("board", "proposals", "log", "standings"):
                yield SystemCommand(
                    f"Show {tab}", f"Switch to the {tab} tab", lambda t=tab: screen.action_tab(t)
                )


def make_app(
    scenario: str | None = None,
    seats: dict[str, str] | None = None,
    seed: int | None = None,
    resume: Path | None = None,
    pace: float = 0.3,
    clock_minutes: float | None = None,
    save_path: Path | None = None,
) -> WargameApp:
    """The app: straight into a game when told which (or what to resume), else the setup."""
    session = None
    if resume is not None:
        from wargame.session import Session  # the engine and bots: not needed for the setup

        session = Session.load(resume)
    elif scenario is not None or seats:
        from wargame.content.library import DEFAULT_SCENARIO
        from wargame.session import Session

        session = Session.new(
            scenario or DEFAULT_SCENARIO, seats or {}, seed if seed is not None else 1, save_path
        )
    return WargameApp(session, pace, clock_minutes)


def make_replay_app(path: Path, view: str | None = None) -> WargameApp:
    """The facilitator's replay of a save, or one delegation's (`view`, its id); raises
    SaveError for a bad save, KeyError for a delegation not in its scenario."""
    from wargame.persist.replay import Replay
    from wargame.persist.save import read_save

    replay = Replay(read_save(path))
    known = replay.state.scenario.delegation_index
    if view is not None and view not in known:
        raise KeyError(f"--as: unknown delegation '{view}' (known: {', '.join(known)})")
    return WargameApp(replay=(replay, path), replay_view=view)
