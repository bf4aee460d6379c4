"""The end of the game: outcome, final scores, and the story in a few lines."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Button, Static

from wargame.session import HUMAN, Session
from wargame.tui.text import name
from wargame.tui.widgets import SnugFooter


def story(session: Session, peak_tension: int) -> list[str]:
    """The game in a few lines: the deals, the leaks, the peak of tension, the end."""
    scenario = session.scenario
    lines = []
    public = [e for e in session.events if e.visible_to is None]
    for e in public:
        if e.kind in ("agreement", "leak", "red_line_crossed", "crisis_began", "forum_moved"):
            lines.append(f"Round {e.round}: {e.text}")
    lines.append(f"Tension peaked at {peak_tension} of {scenario.rules.war_at}.")
    return lines


def result(session: Session, delegation: str, score: int) -> Text:
    """Won, or why not: the outcome was not one it wins with, or its score fell short."""
    outcome = session.state.outcome
    assert outcome is not None
    if delegation in outcome.winners:
        return Text("winner", style="bold green")
    victory = session.scenario.delegation(delegation).victory
    if outcome.kind not in victory.outcomes:
        return Text(f"needed {' or '.join(victory.outcomes)}", style="dim")
    return Text(f"needed a score of {victory.min_score}", style="dim")


class EndScreen(Screen[None]):
    BINDINGS = [
        Binding("q,escape", "app.quit", "Quit"),
        Binding("n", "new_game", "New game"),
        Binding("r", "replay", "Replay this game"),
    ]

    def __init__(self, session: Session, peak_tension: int) -> None:
        super().__init__()
        self.session = session
        self.peak = peak_tension

    def compose(self) -> ComposeResult:
        session = self.session
        scenario = session.scenario
        outcome = session.state.outcome
        assert outcome is not None
        table = Table(title="Final scores", expand=False)
        table.add_column("Delegation")
        table.add_column("Played by")
        table.add_column("Score", justify="right")
        table.add_column("Result")
        for d, score in outcome.scores:
            seat = session.seats.get(d, "?")
            played_by = "a person" if seat == HUMAN else f"bot: {seat}"  # as on the setup screen
            table.add_row(
                Text(name(scenario, d)), Text(played_by), str(score), result(session, d, score)
            )
        winners = ", ".join(name(scenario, w) for w in outcome.winners) or "nobody"
        with VerticalScroll(id="end"):
            yield Static(
                f"[b]{outcome.kind.capitalize()}[/] in round {outcome.round}: "
                f"{escape(outcome.reason)}.\nWinners: [b]{escape(winners)}[/]",
                id="end-title",
            )
            yield Static(table, id="end-scores")
            yield Static(Text("\n".join(story(session, self.peak))), id="end-story")
            path = session.path
            if path is not None:
                # The path on a line of its own, so a narrow terminal does not break it inside
                # a command; both commands are printed whole again on quitting.
                yield Static(
                    Text(
                        f"Saved as\n  {path}\n"
                        "Replay it later:  wargame replay FILE\n"
                        "Check it:         wargame replay --verify FILE\n"
                        "(FILE is the path above.)"
                    ),
                    id="end-save",
                )
        # Below the scrolling part, so they are in sight on a short terminal.
        with Horizontal(classes="buttons", id="end-buttons"):
            yield Button("Replay this game (r)", id="replay", variant="primary")
            yield Button("New game (n)", id="new")
            yield Button("Quit (q)", id="quit")
        yield SnugFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "new":
            self.action_new_game()
        elif event.button.id == "replay":
            self.action_replay()
        else:
            self.app.exit()

    def action_replay(self) -> None:
        """The facilitator's replay of the game just played, from its save."""
        path = self.session.path
        if path is None:
            self.notify("This game was not saved.", severity="warning")
            return
        from wargame.persist.replay import Replay
        from wargame.persist.save import SaveError, read_save
        from wargame.tui.screens.replay import ReplayScreen

        try:
            replay = Replay(read_save(path))
        except SaveError as exc:
            self.notify(exc.message, severity="error")
            return
        self.app.push_screen(ReplayScreen(replay, path, back=True))

    def action_new_game(self) -> None:
        from wargame.tui.screens.setup import SetupScreen

        self.app.switch_screen(SetupScreen())
