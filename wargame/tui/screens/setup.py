"""The setup screen: scenario, who sits in each seat, the seed, or continue the last game."""

from __future__ import annotations

import time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from wargame.autosaves import HUMAN, latest_unfinished
from wargame.bots.registry import bot_names
from wargame.content.library import DEFAULT_SCENARIO, ContentError, load_library


class SetupScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start", priority=True),
        Binding("c", "continue_game", "Continue last game"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        library = load_library(decks=False)  # the scenarios' names and seats are enough here
        self.rulesets = {k: d.data for k, d in sorted(library.rulesets.items())}
        self.last = latest_unfinished()

    def compose(self) -> ComposeResult:
        options = [(d.get("name", k), k) for k, d in self.rulesets.items()]
        initial = DEFAULT_SCENARIO if DEFAULT_SCENARIO in self.rulesets else options[0][1]
        with VerticalScroll(id="setup"):
            yield Static("[b]wargame[/]: a negotiation wargame for the terminal", id="setup-title")
            if self.last is not None:
                # The file's long name below the button, where it may wrap, not in its label.
                yield Button("Continue the last game (c)", id="continue", variant="success")
                yield Static(f"[dim]{escape(self.last.name)}[/]", id="continue-file")
            yield Label("Scenario")
            yield Select(options, value=initial, allow_blank=False, id="scenario")
            yield Static(self.rulesets[initial].get("description", ""), id="scenario-text")
            yield Label("Seats: a person at this keyboard, or a bot")
            # The first scenario's seats come with the screen: one layout, not two.
            self._seats_for = initial
            yield Vertical(*self._seat_rows(initial), id="seats")
            with Horizontal(id="seed-row"):
                yield Label("Seed ")
                yield Input(str(int(time.time()) % 100000), id="seed", type="integer")
            yield Button("Start the game (ctrl+s)", id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        # Enter starts the game, but a small terminal opens at the top, on the scenario and
        # its description, not scrolled down to the button.
        self.query_one("#start", Button).focus(scroll_visible=False)

    def _build_seats(self, scenario_id: str) -> None:
        # The Select announces its first value too; building twice would tear down rows
        # that are still mounting.
        if scenario_id == getattr(self, "_seats_for", None):
            return
        self._seats_for = scenario_id
        data = self.rulesets[scenario_id]
        self.query_one("#scenario-text", Static).update(escape(data.get("description", "")))
        seats = self.query_one("#seats", Vertical)
        seats.remove_children()
        seats.mount_all(self._seat_rows(scenario_id))

    def _seat_rows(self, scenario_id: str) -> list[Horizontal]:
        choices = [("person (hot-seat)", HUMAN)] + [(f"bot: {b}", b) for b in sorted(bot_names())]
        rows = []
        for i, d in enumerate(self.rulesets[scenario_id].get("delegations", [])):
            default = HUMAN if i == 0 else d.get("bot", "random")
            rows.append(
                Horizontal(
                    Label(escape(d["name"]), classes="seat-name"),  # long names wrap
                    Select(choices, value=default, allow_blank=False, id=f"seat-{d['id']}"),
                    classes="seat-row",
                )
            )
        return rows

    @on(Select.Changed, "#scenario")
    def scenario_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._build_seats(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        elif event.button.id == "continue":
            self.action_continue_game()

    def action_start(self) -> None:
        scenario_id = str(self.query_one("#scenario", Select).value)
        seats = {
            d["id"]: str(self.query_one(f"#seat-{d['id']}", Select).value)
            for d in self.rulesets[scenario_id].get("delegations", [])
        }
        text = self.query_one("#seed", Input).value.strip()
        if not text.lstrip("-").isdigit():
            self.notify("The seed is a whole number.", severity="warning")
            return
        from wargame.session import Session  # the engine and bots, once a game starts

        try:
            session = Session.new(scenario_id, seats, int(text))
        except ContentError as exc:
            self.notify(str(exc.problems[0]), title="This scenario has errors", severity="error")
            return
        self.app.start_game(session)  # type: ignore[attr-defined]

    def action_continue_game(self) -> None:
        if self.last is None:
            self.notify("There is no game to continue.", severity="warning")
            return
        from wargame.persist.save import SaveError
        from wargame.session import Session

        try:
            session = Session.load(self.last)
        except SaveError as exc:
            self.notify(exc.message, title="That save cannot be continued", severity="error")
            return
        self.app.start_game(session)  # type: ignore[attr-defined]

    def action_help(self) -> None:
        from wargame.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
