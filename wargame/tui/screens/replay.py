"""The facilitator's replay: a timeline to step through, the board as it stood, any view."""

from __future__ import annotations

from pathlib import Path

import attrs
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from wargame.core.actions import Counter, Propose
from wargame.core.rules.scoring import standings
from wargame.core.view import View, facilitator_view, view_for
from wargame.persist.replay import Replay, Step
from wargame.persist.save import SaveWriter
from wargame.tui.text import action_text, concession, name, short_name
from wargame.tui.widgets import (
    AgendaPanel,
    DeskPanel,
    EscalationLadder,
    LogView,
    ProposalsPanel,
    SnugFooter,
    StandingsPanel,
    TabBar,
    log_line,
    show_only,
)

FACILITATOR = "facilitator"
TABS = (("board", "Board"), ("deals", "Deals"), ("log", "Log"), ("charts", "Charts"))
TIMELINE_TITLE = "Timeline (★ key moment, ✎ note)"
TIMELINE_TITLE_NARROW = "Timeline  ★ key  ✎ note"
PANES = {"board": "board", "deals": "deals", "log": "log-view", "charts": "charts"}  # tab: pane


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; Enter keeps it, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt"):
            yield Label(self.question)
            yield Input(self.value, id="prompt-input")
        yield SnugFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def done(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FacilitatorDesk(Static):
    """Every delegation's private papers at this step: the facilitator sees all."""

    def show(self, replay: Replay) -> None:
        state = replay.state
        scenario = state.scenario
        text = Text()
        for a in state.agreements:
            if a.has_secret:
                terms = "; ".join(concession(scenario, t.by, t.issue) for t in a.secret_terms)
                status = "leaked" if a.leaked else "still secret"
                text.append(f"Secret deal #{a.id} ({status}): {terms}\n", style="magenta")
        for d, s in zip(scenario.delegations, state.delegations, strict=True):
            text.append(f"{d.name}\n", style="bold")
            text.append(
                "  hand: " + (", ".join(name(scenario, c) for c in s.hand) or "empty") + "\n"
            )
            text.append(
                "  pain points: "
                + (", ".join(name(scenario, p) for p in d.pain_points) or "none")
                + "\n"
            )
            text.append(
                "  red lines: "
                + (", ".join(name(scenario, r) for r in d.red_lines) or "none")
                + "\n"
            )
            text.append(f"  secret score: {s.secret_score:+d}\n")
        self.update(text)


class ReplayScreen(Screen[None]):
    BINDINGS = [
        Binding("right,j", "step(1)", "Next"),
        Binding("left,k", "step(-1)", "Back"),
        Binding("n", "key_moment(1)", "Next key moment"),
        Binding("N", "key_moment(-1)", "Previous key moment", show=False),
        Binding("home", "go(0)", "Start", show=False),
        Binding("end", "go(-1)", "End", show=False),
        Binding("g", "jump_round", "Go to round"),
        Binding("v", "cycle_view", "Switch view"),
        Binding("a", "annotate", "Note"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("1", "tab('board')", "Board", show=False),
        Binding("2", "tab('deals')", "Deals", show=False),
        Binding("3", "tab('log')", "Log", show=False),
        Binding("4", "tab('charts')", "Charts", show=False),
        Binding("q", "leave", "Back to the end", id="back"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self, replay: Replay, path: Path | None, view: str | None = None, back: bool = False
    ) -> None:
        """`view`: a delegation's id, to open on what it saw; the facilitator's by default.
        `back`: opened over the game's end screen, to which q goes back (it quit the app)."""
        super().__init__()
        self.back = back
        self.replay = replay
        self.path = path
        self.scenario = replay.state.scenario
        self.views = [FACILITATOR, *(d.id for d in self.scenario.delegations)]
        self.view_index = self.views.index(view) if view in self.views else 0
        self.notes = {a.n: a.note for a in replay.save.actions if a.note}

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with Horizontal(id="main"):
            with Vertical(id="timeline-box"):
                yield Label(TIMELINE_TITLE, id="timeline-title")
                yield OptionList(id="timeline")
            # The tabs as on the game screen: a bar of one widget over the panes, which lie on
            # top of each other, each in a layer of its own (see app.tcss, widgets.show_only).
            with Vertical(id="center"):
                yield TabBar(TABS, "board", id="replay-tabs")
                with Container(id="replay-panes"):
                    with VerticalScroll(id="board", classes="replay-pane"):
                        yield EscalationLadder(id="ladder")
                        yield AgendaPanel(id="agenda")
                    with VerticalScroll(id="deals", classes="replay-pane"):
                        yield ProposalsPanel(id="deals-panel")
                        yield StandingsPanel(id="standings-panel")
                    yield LogView(
                        id="log-view", classes="replay-pane", wrap=True, markup=False, min_width=20
                    )
                    with Vertical(id="charts", classes="replay-pane"):
                        yield PlotextPlot(id="tension-chart")
                        yield PlotextPlot(id="score-chart")
            with VerticalScroll(id="right"):
                yield Static(id="note")
                yield DeskPanel(id="desk")
                yield FacilitatorDesk(id="all-desks")
        yield SnugFooter()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        """Narrow terminals (80 columns): the timeline and the desks give up width to the
        tabs, and the timeline's title shortens its legend to fit on one line."""
        narrow = width < 110
        self.set_class(narrow, "-narrow")
        title = self.query("#timeline-title").first(Label)
        title.update(TIMELINE_TITLE_NARROW if narrow else TIMELINE_TITLE)

    def on_mount(self) -> None:
        self._fit(self.app.size.width)
        timeline = self.query_one("#timeline", OptionList)
        timeline.add_options([Option(self._entry(s), id=str(s.index)) for s in self.replay.steps])
        self._draw_charts()
        self.show()
        if self.replay.mismatch:
            self.notify(
                f"This save does not replay as recorded: {self.replay.mismatch}. What you "
                "see is the game its log makes now, not necessarily the one played.",
                title="Not the recorded game",
                severity="warning",
                timeout=30,
                markup=False,
            )

    # -- drawing -------------------------------------------------------------------
    def _entry(self, step: Step) -> str:
        star = "★" if any(e.is_key_moment for e in step.events) else " "
        note = "✎" if step.index in self.notes else " "
        if step.action is None:
            return f"{star}{note}   0 opening"
        a = step.action
        text = f"{star}{note} {a.n:>3} R{a.round} {a.by}: {self._as_seen(step)}"
        return escape(text if len(text) <= 78 else text[:77] + "…")

    def _as_seen(self, step: Step) -> str:
        """A step's action as the chosen view saw it: a delegation no more sees the secret
        terms of others' offers, or a move made where it was not, than its log shows."""
        assert step.action is not None
        by, action = step.action.by, step.action.action
        viewer = self.viewer
        if viewer is None or viewer == by:
            return action_text(self.scenario, action)
        if not any(e.actor == by and e.visible(viewer) for e in step.events):
            return "(not seen from here)"
        offer = action.offer if isinstance(action, Counter) else action
        if isinstance(offer, Propose) and viewer not in offer.addressees:
            public = attrs.evolve(offer, terms=tuple(t for t in offer.terms if not t.secret))
            action = attrs.evolve(action, offer=public) if isinstance(action, Counter) else public
        return action_text(self.scenario, action)

    @property
    def viewer(self) -> str | None:
        chosen = self.views[self.view_index]
        return None if chosen == FACILITATOR else chosen

    def _view(self) -> View:
        state = self.replay.state
        return facilitator_view(state) if self.viewer is None else view_for(state, self.viewer)

    def _phase_name(self, phase_id: str) -> str:
        return next((p.name for p in self.scenario.phases if p.id == phase_id), phase_id)

    def show(self) -> None:
        replay = self.replay
        step = replay.current
        state = step.state
        view = self._view()
        who = (
            "Facilitator (everything)" if self.viewer is None else name(self.scenario, self.viewer)
        )
        phase = self._phase_name(state.phase_id)
        over = f"  GAME OVER: {state.outcome.kind}" if state.outcome else ""
        move = step.action
        # A round's last move opens the next round: the step shows the board after it, so
        # both are said, where the header named only the new round beside the old move.
        made = ""
        if move is not None and (move.round, move.phase) != (state.round, state.phase_id):
            made = f" (the move: round {move.round}, {escape(self._phase_name(move.phase))})"
        self.query_one("#status", Static).update(
            f"[b]Replay[/] {escape(self.scenario.name)}  step {step.index}/{len(replay) - 1}  "
            f"now round {state.round}, {escape(phase)}{made}  [b]View:[/] {escape(who)}{over}"
        )
        self.query_one(EscalationLadder).show(self.scenario, view)
        self.query_one(AgendaPanel).show(self.scenario, view)
        self.query_one(ProposalsPanel).show(self.scenario, view)
        self.query_one(StandingsPanel).show(self.scenario, view)
        desk = self.query_one(DeskPanel)
        desk.display = self.viewer is not None
        desk.show(self.scenario, view if self.viewer else None)
        everyone = self.query_one(FacilitatorDesk)
        everyone.display = self.viewer is None
        everyone.show(replay)
        note = self.notes.get(step.index)
        self.query_one("#note", Static).update(
            # A note is the facilitator's own words, brackets and all: never markup.
            f"[b]Note:[/] {escape(note)}"
            if note
            else "[dim]No note at this step (a to add one).[/]"
        )
        log = self.query_one("#log-view", LogView)
        log.clear()
        for event in replay.events_until_now(self.viewer):
            line = log_line(event)
            if line is not None:
                log.write(line)
        timeline = self.query_one("#timeline", OptionList)
        if timeline.highlighted != step.index:
            timeline.highlighted = step.index

    def _draw_charts(self) -> None:
        steps = self.replay.steps
        rules = self.scenario.rules
        xs = [s.index for s in steps]
        tension = [s.state.track(rules.tension_track) for s in steps]
        chart = self.query_one("#tension-chart", PlotextPlot)
        plt = chart.plt
        plt.clear_figure()
        plt.plot(xs, tension, label="tension")
        plt.hline(rules.crisis_at, "orange")
        plt.hline(rules.war_at, "red")
        keys = [s.index for s in steps if any(e.is_key_moment for e in s.events)]
        plt.scatter(keys, [tension[i] for i in keys], marker="*", label="key moments")
        plt.title("Tension (crisis and war lines)")
        # Whole-number ticks for a track of whole numbers (it read 1.8, 3.7, 5.5 ... 11.0).
        top = max(rules.war_at, max(tension))
        plt.ylim(0, top + 1)
        plt.yticks(list(range(0, top + 1, max(1, top // 5))))
        scores = self.query_one("#score-chart", PlotextPlot).plt
        scores.clear_figure()
        table = [dict(standings(s.state)) for s in steps]
        for d in self.scenario.delegations:
            scores.plot(xs, [t[d.id] for t in table], label=short_name(self.scenario, d.id))
        scores.title("Score if the game ended here")
        values = [v for t in table for v in t.values()]
        low, high = min(values), max(values)
        scores.yticks(list(range(low, high + 1, max(1, -(-(high - low) // 5)))))

    # -- input -------------------------------------------------------------------------
    def action_tab(self, tab: str) -> None:
        """Show the pane of `tab` (one of TABS' ids) and light its name."""
        bar = self.query_one("#replay-tabs", TabBar)
        if tab != bar.active:
            bar.active = tab
            show_only(self.query_one("#replay-panes"), PANES[tab])

    @on(TabBar.Selected, "#replay-tabs")
    def _tab_selected(self, event: TabBar.Selected) -> None:
        self.action_tab(event.tab)

    @on(OptionList.OptionHighlighted, "#timeline")
    def picked(self, event: OptionList.OptionHighlighted) -> None:
        index = int(event.option.id or 0)
        if index != self.replay.index:
            self.replay.go(index)
            self.show()

    def action_step(self, delta: int) -> None:
        self.replay.go(self.replay.index + delta)
        self.show()

    def action_go(self, index: int) -> None:
        self.replay.go(index if index >= 0 else len(self.replay) - 1)
        self.show()

    def action_key_moment(self, direction: int) -> None:
        steps = self.replay.steps
        here = self.replay.index
        order = steps[here + 1 :] if direction > 0 else reversed(steps[:here])
        for step in order:
            if any(e.is_key_moment for e in step.events):
                self.replay.go(step.index)
                self.show()
                return
        self.notify("No further key moment that way.")

    def action_cycle_view(self) -> None:
        self.view_index = (self.view_index + 1) % len(self.views)
        timeline = self.query_one("#timeline", OptionList)
        for step in self.replay.steps:  # the moves as the new view saw them
            timeline.replace_option_prompt_at_index(step.index, self._entry(step))
        self.show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # q goes back where there is an end screen to go back to; else its next binding,
        # to quit, takes the key.
        return self.back if action == "leave" else True

    def action_leave(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        from wargame.tui.screens.help import REPLAY_HELP, HelpScreen

        self.app.push_screen(HelpScreen(REPLAY_HELP))

    def action_jump_round(self) -> None:
        def done(value: str | None) -> None:
            if value and value.strip().isdigit():
                last = self.replay.steps[-1].state.round
                if int(value) > last:
                    self.notify(f"The game ended in round {last}: here is its last move.")
                self.replay.jump_to_round(int(value))
                self.show()
            elif value:
                self.notify("A round is a whole number.", severity="warning")

        self.app.push_screen(TextPrompt("Go to round:"), done)

    def action_annotate(self) -> None:
        step = self.replay.current
        if step.action is None:
            self.notify("Notes belong to actions: step forward first.", severity="warning")
            return

        def done(value: str | None) -> None:
            if value is None:
                return
            if value.strip():
                self.notes[step.index] = value.strip()
            else:
                self.notes.pop(step.index, None)
            self._save_notes()
            timeline = self.query_one("#timeline", OptionList)
            timeline.replace_option_prompt_at_index(step.index, self._entry(step))
            self.show()

        self.app.push_screen(
            TextPrompt(f"Note for step {step.index}:", self.notes.get(step.index, "")), done
        )

    def _save_notes(self) -> None:
        if self.path is None:
            return
        writer = SaveWriter(self.replay.save, self.path)
        writer.set_notes(self.notes)  # written atomically; the game itself is untouched
        self.replay.save = writer.save
        self.notify(f"Note saved in {self.path}.", markup=False)
