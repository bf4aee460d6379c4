"""The setup screen: scenario, who sits in each seat, the seed, or continue the last game."""

from __future__ import annotations

import re
import time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from wargame.autosaves import HUMAN, describe_save, latest_unfinished
from wargame.bots.registry import bot_names, personalities
from wargame.content.library import DEFAULT_SCENARIO, ContentError, load_library
from wargame.tui.widgets import SnugFooter

# A personality's description cites its sources by file name: not for the player choosing.
SOURCE_NOTE = re.compile(r"\s*\([^()]*\.txt\)")
FIRST_SENTENCE = re.compile(r"(.+?[.!?][\"”]?)(\s|$)", re.DOTALL)


def seat_text(choice: str) -> str:
    """Who plays a seat, in a line for the person choosing: the Select shows only a name."""
    if choice == HUMAN:
        return "A person plays this seat at this keyboard."
    if choice == "random":
        return "Random: any legal move, by chance; a baseline, not a negotiator."
    if choice in personalities():
        p = personalities()[choice]
        text = SOURCE_NOTE.sub("", " ".join(p.description.split()))
        first = FIRST_SENTENCE.match(text)
        return f"{p.name}: {first.group(1) if first else text}"
    if choice.startswith("cmd:"):
        return "An outside program, by the bot protocol; a random bot stands in if it fails."
    return f"A personality read from {choice}."


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
                yield Static(f"[dim]{escape(describe_save(self.last))}[/]", id="continue-file")
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
        yield SnugFooter()

    def on_mount(self) -> None:
        # Enter continues the last game where there is one: its button is the one in sight
        # and lit, and Enter started a new game instead, which then hid the unfinished one.
        # Else Enter starts a game, but a small terminal opens at the top, on the scenario
        # and its description, not scrolled down to the button.
        if self.last is not None:
            self.query_one("#continue", Button).focus()
        else:
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
                    Vertical(
                        Select(choices, value=default, allow_blank=False, id=f"seat-{d['id']}"),
                        Static(escape(seat_text(default)), classes="seat-about"),
                        classes="seat-choice",
                    ),
                    classes="seat-row",
                )
            )
        return rows

    @on(Select.Changed, ".seat-choice Select")
    def seat_changed(self, event: Select.Changed) -> None:
        about = event.select.parent.query_one(".seat-about", Static)  # type: ignore[union-attr]
        about.update(escape(seat_text(str(event.value))))

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # No game to continue: no key for it in the footer.
        return not (action == "continue_game" and self.last is None)

    def action_help(self) -> None:
        from wargame.tui.screens.help import SETUP_HELP, HelpScreen

        self.app.push_screen(HelpScreen(SETUP_HELP))
