"""The game screen: the board, the desk of the delegation at the keyboard, its moves, the log."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Label, OptionList, RichLog, Static
from textual.widgets.option_list import Option

from wargame.core.actions import Accept, Action, Counter, Pass, PlayCard, Propose, Reject
from wargame.core.events import Event
from wargame.core.model import Proposal
from wargame.core.scenario import Scenario
from wargame.core.view import View
from wargame.session import Session
from wargame.tui.screens.dialogs import HandOverScreen, ProposalBuilder
from wargame.tui.screens.end import EndScreen
from wargame.tui.text import action_text
from wargame.tui.widgets import (
    AgendaPanel,
    DeskPanel,
    EscalationLadder,
    ForumPanel,
    LogView,
    MovesList,
    ProposalsPanel,
    SideNotes,
    SnugFooter,
    StandingsPanel,
    StatusBar,
    TabBar,
    card_text,
    log_line,
    show_only,
)

PACES = (0.0, 0.1, 0.3, 0.7, 1.5)
WARN_AT = 30
NOTICE = 2  # seconds a notice of a key's effect stays: pressed again, notices piled up
PROPOSE = "propose"
COUNTER = "counter"
TABS = (("board", "Board"), ("proposals", "Proposals"), ("log", "Log"), ("standings", "Standings"))
PANES = {"board": "board", "proposals": "proposals", "log": "log-view", "standings": "standings"}


def same_package(offer: Propose, original: Proposal) -> bool:
    """Whether a counter offers what the proposal did: the same terms, secrecy, economy,
    form and framing, in any order."""
    return (
        set(offer.terms) == set(original.terms)
        and set(offer.economics) == set(original.economics)
        and (offer.form, offer.framing) == (original.form, original.framing)
    )


class GameScreen(Screen[None]):
    BINDINGS = [
        Binding("p", "propose", "Propose"),
        Binding("x", "pass_turn", "Pass"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("left_square_bracket", "slower", "Slower bots"),
        Binding("right_square_bracket", "faster", "Faster bots"),
        Binding("t", "clock", "Clock"),
        Binding("1", "tab('board')", "Board", show=False),
        Binding("2", "tab('proposals')", "Proposals", show=False),
        Binding("3", "tab('log')", "Log", show=False),
        Binding("4", "tab('standings')", "Standings", show=False),
        Binding("q", "quit_game", "Quit (saved)"),
    ]

    def __init__(
        self, session: Session, pace: float = 0.3, clock_minutes: float | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.pace_index = min(range(len(PACES)), key=lambda i: abs(PACES[i] - pace))
        self.viewer: str | None = None
        self.menu: list[tuple[str, Action | str | int]] = []
        self.clock_total = int(clock_minutes * 60) if clock_minutes else 0
        self.clock_left = self.clock_total
        self.clock_running = bool(self.clock_total)
        self.clock_phase: tuple[int, int] | None = None
        self.peak_tension = session.state.track(session.scenario.rules.tension_track)
        self._bot_timer: Timer | None = None
        self._covered = False
        # Each delegation's place in its list of moves: the list is rebuilt after every move.
        self._highlight: dict[str, Action | str | int] = {}
        self._menu_for: str | None = None  # whose moves self.menu lists

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            with VerticalScroll(id="left"):
                yield EscalationLadder(id="ladder")
                yield ForumPanel(id="forum")
            # The tabs: a bar of one widget, and the panes on top of each other, each in a
            # layer of its own (see app.tcss); a switch hides one pane and shows another
            # without repainting either, so it costs one pass over the screen where
            # TabbedContent's cost three (see widgets.show_only).
            with Vertical(id="center"):
                yield TabBar(TABS, "board", id="tabs")
                with Container(id="panes"):
                    with VerticalScroll(id="board", classes="pane"):
                        yield AgendaPanel(id="agenda")
                    with VerticalScroll(id="proposals", classes="pane"):
                        yield ProposalsPanel(id="proposals-panel")
                    yield LogView(
                        id="log-view", classes="pane", wrap=True, markup=False, min_width=20
                    )
                    with VerticalScroll(id="standings", classes="pane"):
                        yield StandingsPanel(id="standings-panel")
                        yield SideNotes(id="side-notes")
            with Vertical(id="right"):
                with VerticalScroll(id="desk-scroll"):
                    yield DeskPanel(id="desk")
                yield Label("Your moves", id="moves-title")
                yield MovesList(id="actions")
                yield Static(id="move-detail")
        yield SnugFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # No proposing outside a phase for it: no key for it in the footer, whose last keys
        # an 80-column terminal cuts off.
        return action != "propose" or "propose" in self._phase_actions()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < 110, "-narrow")

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < 110, "-narrow")
        self.set_interval(1.0, self._tick)
        humans = self.session.humans
        if len(humans) == 1:
            self.viewer = humans[0]
        self._rebuild_log()
        self.advance()  # draws the board, and lets the bots move if they come first

    # -- drawing -------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        return self.session.scenario

    def _view(self) -> View:
        """The viewer's own view; with no one at the keyboard, the public record."""
        return self.session.view(self.viewer)

    def refresh_board(self) -> None:
        view = self._view()
        self.query_one(StatusBar).show(
            self.scenario, view, self.viewer, self._clock_text(), self._pace_text(), self._lap()
        )
        self.query_one(EscalationLadder).show(self.scenario, view)
        self.query_one(ForumPanel).show(self.scenario, view)
        self.query_one(SideNotes).show(self.scenario, view)
        self.query_one(AgendaPanel).show(self.scenario, view)
        self.query_one(ProposalsPanel).show(self.scenario, view)
        self.query_one(StandingsPanel).show(self.scenario, view)
        self.query_one(DeskPanel).show(self.scenario, view if self.viewer else None)
        self._refresh_actions()
        self.refresh_bindings()

    def _refresh_actions(self) -> None:
        options = self.query_one("#actions", OptionList)
        if self.menu and options.highlighted is not None and self._menu_for is not None:
            at = min(options.highlighted, len(self.menu) - 1)
            self._highlight[self._menu_for] = self.menu[at][1]
        options.clear_options()
        self.menu = []
        self._move_detail(None)
        self._menu_for = self.viewer
        session = self.session
        title = self.query_one("#moves-title", Label)
        if session.is_over:
            title.update("The game is over")
            return
        actor = session.to_act
        if actor is None or actor != self.viewer or not session.is_human(actor):
            title.update(
                "Waiting for " + (escape(self.scenario.delegation(actor).name) if actor else "—")
            )
            return
        title.update(f"Your moves ({escape(self.scenario.delegation(actor).name)})")
        legal = session.legal()
        if any(isinstance(a, Propose) for a in legal) or "propose" in self._phase_actions():
            if any(isinstance(a, Propose) for a in legal):
                self.menu.append(("Propose a package… (p)", PROPOSE))
        # The engine lists only plain swaps as counters, but a person may counter with any
        # package: every proposal one may answer gets its entry while one may make offers.
        counterable: list[int] = []
        if "counter" in self._phase_actions() and any(
            isinstance(a, (Propose, Counter)) for a in legal
        ):
            counterable = [a.proposal for a in legal if isinstance(a, Accept)]

        def add_counters() -> None:
            nonlocal counterable
            self.menu.extend((f"Counter proposal #{pid}…", pid) for pid in counterable)
            counterable = []

        for action in legal:
            if isinstance(action, Propose):
                continue
            if not isinstance(action, (Accept, Reject, Pass)):
                add_counters()  # where the engine lists counters: after the answers
            if isinstance(action, Counter):
                continue
            label = action_text(self.scenario, action)
            if isinstance(action, Pass):
                label += " (x)"
            self.menu.append((label, action))
        add_counters()
        options.add_options(
            [Option(escape(label), id=str(i)) for i, (label, _) in enumerate(self.menu)]
        )
        options.highlighted = self._kept_highlight()
        self._move_detail(options.highlighted)

    @on(OptionList.OptionHighlighted, "#actions")
    def _show_move_detail(self, event: OptionList.OptionHighlighted) -> None:
        """A card's text under the moves while its play is highlighted: the choice is made
        there, and the desk that lists the cards may be scrolled away from them."""
        self._move_detail(event.option_index)

    def _move_detail(self, at: int | None) -> None:
        detail = self.query_one("#move-detail", Static)
        move = self.menu[at][1] if at is not None and at < len(self.menu) else None
        if isinstance(move, PlayCard):
            detail.update(card_text(self.scenario, move.card))
        detail.display = isinstance(move, PlayCard)

    def _kept_highlight(self) -> int | None:
        """Where the highlight was in the viewer's last list of moves: on the same move if
        it is still there (a person keeps their place), else at the top. Kept at the same
        place instead, it landed on another move, such as accepting another proposal, which
        a quick Enter then made."""
        if not self.menu:
            return None
        what = self._highlight.get(self.viewer or "")
        same = [i for i, (_, option) in enumerate(self.menu) if option == what]
        return same[0] if same else 0

    def _phase_actions(self) -> tuple[str, ...]:
        return self.scenario.phases[self.session.state.phase].actions

    def _rebuild_log(self) -> None:
        log = self.query_one("#log-view", RichLog)
        log.clear()
        for event in self.session.events:
            self._log(event)

    def _log(self, event: Event) -> None:
        visible = event.visible_to is None if self.viewer is None else event.visible(self.viewer)
        line = log_line(event) if visible else None
        if line is not None:
            self.query_one("#log-view", RichLog).write(line)

    def _after(self, events: list[Event]) -> None:
        for event in events:
            self._log(event)
            # Only public news pops up: a pop-up can outlive a turn at the keyboard, so a
            # private one (a secret deal) would be read by whoever sits down next.
            if event.is_key_moment and event.kind != "game_over" and event.visible_to is None:
                self.notify(event.text, title=event.kind.replace("_", " "), timeout=4)
        tension = self.session.state.track(self.scenario.rules.tension_track)
        self.peak_tension = max(self.peak_tension, tension)

    # -- the flow of play ------------------------------------------------------------
    def advance(self) -> None:
        """Decide what happens next: the end, a hand-over, a human's turn or a bot's move."""
        if self._covered:
            return
        session = self.session
        if session.is_over:
            self.refresh_board()
            self.app.push_screen(EndScreen(session, self.peak_tension))
            return
        self._check_clock_phase()
        actor = session.to_act
        if actor is not None and session.is_human(actor):
            if actor != self.viewer and len(session.humans) > 1:
                self._hand_over(actor)
                return
            self.viewer = actor
            self.refresh_board()
            self.query_one("#actions", OptionList).focus()
            return
        self.refresh_board()
        delay = PACES[self.pace_index]
        if delay == 0:
            # Instant: play the bots' moves now, yielding to the screen every so often.
            for _ in range(40):
                if session.is_over or session.is_human(session.to_act):
                    break
                self._bot_move_once()
            self.call_after_refresh(self.advance)
        else:
            self._bot_timer = self.set_timer(delay, self._bot_move)

    def _bot_move_once(self) -> None:
        step = self.session.bot_step()
        if step is not None:
            self._after(step[2])

    def _bot_move(self) -> None:
        self._bot_timer = None
        self._bot_move_once()
        self.advance()

    def _hand_over(self, actor: str) -> None:
        self._covered = True
        # A pop-up for the last delegation must not outlive its turn at the keyboard.
        self.app.clear_notifications()
        self.viewer = None
        self._rebuild_log()
        self.refresh_board()

        def taken(_: bool | None) -> None:
            self._covered = False
            self.viewer = actor
            self._rebuild_log()
            self.refresh_board()
            self.advance()

        self.app.push_screen(HandOverScreen(self.scenario.delegation(actor)), taken)

    def do(self, action: Action) -> None:
        reason = self.session.why_illegal(action)
        if reason is not None:
            self.notify(reason, title="Not allowed", severity="warning")
            return
        self._after(self.session.act(action))
        self.advance()

    # -- input -------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#actions")
    def choose(self, event: OptionList.OptionSelected) -> None:
        index = int(event.option.id or 0)
        if index >= len(self.menu):
            return
        _, what = self.menu[index]
        if what == PROPOSE:
            self.action_propose()
        elif isinstance(what, int):
            self._counter(what)
        elif not isinstance(what, str):
            self.do(what)

    def _my_turn(self) -> bool:
        return (
            not self.session.is_over
            and self.session.to_act == self.viewer
            and self.session.is_human(self.viewer)
        )

    def action_propose(self) -> None:
        if not self._my_turn() or "propose" not in self._phase_actions():
            self.notify("You cannot propose now.", severity="warning")
            return
        assert self.viewer is not None
        state = self.session.state
        mine = [
            p.id
            for p in state.proposals
            if p.proposer == self.viewer and p.stalled_round != state.round
        ]
        if mine:  # else a whole form filled in, to be refused at the end
            self.notify(
                f"Your proposal #{mine[0]} is on the table: one at a time.", severity="warning"
            )
            return

        def check(offer: Propose) -> str | None:
            return self.session.why_illegal(offer)

        def done(offer: Propose | None) -> None:
            if offer is not None:
                self.do(offer)

        if self._last_say():
            self.notify(
                "This is the last move of the negotiation: nobody can answer a proposal "
                "tabled now before it lapses (unless it is stalled).",
                severity="warning",
            )
        self.app.push_screen(
            ProposalBuilder(self.scenario, self.session.view(self.viewer), check), done
        )

    def _counter(self, proposal: int) -> None:
        assert self.viewer is not None
        original = self.session.state.proposal(proposal)
        if original is None:
            return

        def check(offer: Propose) -> str | None:
            if same_package(offer, original):  # tabled as it was, it was a copy of #N
                return f"that is proposal #{proposal} unchanged: change it, or accept it"
            return self.session.why_illegal(Counter(proposal, offer))

        def done(offer: Propose | None) -> None:
            if offer is not None:
                self.do(Counter(proposal, offer))

        self.app.push_screen(
            ProposalBuilder(
                self.scenario,
                self.session.view(self.viewer),
                check,
                fixed_addressee=original.proposer,
                title=f"Counter proposal #{proposal}",
                start=Propose(
                    tuple(a for a in (original.proposer, *original.addressees) if a != self.viewer),
                    original.terms,
                    original.form,
                    original.framing,
                    original.economics,
                ),
            ),
            done,
        )

    def action_pass_turn(self) -> None:
        if self._my_turn():
            self.do(Pass())

    def action_help(self) -> None:
        from wargame.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_slower(self) -> None:
        self.pace_index = min(len(PACES) - 1, self.pace_index + 1)
        self.notify(f"Bots move every {self._pace_text()}.", timeout=NOTICE)
        self.refresh_board()

    def action_faster(self) -> None:
        self.pace_index = max(0, self.pace_index - 1)
        self.notify(
            f"Bots move {'instantly' if self.pace_index == 0 else 'every ' + self._pace_text()}.",
            timeout=NOTICE,
        )
        self.refresh_board()

    def action_tab(self, tab: str) -> None:
        bar = self.query_one("#tabs", TabBar)
        if tab != bar.active:
            bar.active = tab
            show_only(self.query_one("#panes"), PANES[tab])

    @on(TabBar.Selected, "#tabs")
    def _tab_selected(self, event: TabBar.Selected) -> None:
        self.action_tab(event.tab)

    def action_quit_game(self) -> None:
        self.app.exit()

    # -- the negotiation clock ------------------------------------------------------------
    def action_clock(self) -> None:
        if not self.clock_total:
            self.clock_total = self.clock_left = 5 * 60
        self.clock_running = not self.clock_running
        if not self.clock_running:
            notice = "Negotiation clock paused."
        elif self.session.state.phase_id == "negotiation":
            notice = "Negotiation clock running."
        else:  # it shows its time, but nothing counts down until the talks
            notice = "Negotiation clock on: it counts down in each negotiation phase."
        self.notify(notice, timeout=NOTICE)
        self.refresh_board()

    def _check_clock_phase(self) -> None:
        state = self.session.state
        key = (state.round, state.phase)
        if state.phase_id != "negotiation":
            # The clock times negotiations only: between them it shows the next one's time,
            # where it went on showing 0:00 for the rest of the round after running out.
            self.clock_left = self.clock_total
        elif self.clock_phase != key:
            self.clock_phase = key
            self.clock_left = self.clock_total

    def _tick(self) -> None:
        state = self.session.state
        if not self.clock_total or not self.clock_running or self._covered:
            return
        if state.phase_id != "negotiation" or self.session.is_over:
            return
        self.clock_left -= 1
        if self.clock_left == WARN_AT:
            self.notify(f"{WARN_AT} seconds left to negotiate.", severity="warning")
        if self.clock_left <= 0:
            self.notify("Time is up: the negotiation phase closes.", severity="warning")
            builder = self.app.screen
            if isinstance(builder, ProposalBuilder):  # a package half built can no longer go
                builder.dismiss(None)
            while self.session.state.phase_id == "negotiation" and not self.session.is_over:
                self._after(self.session.act(Pass()))
            self.advance()
            return
        self.query_one(StatusBar).show(
            self.scenario,
            self._view(),
            self.viewer,
            self._clock_text(),
            self._pace_text(),
            self._lap(),
        )

    def _lap(self) -> str:
        """Which time round the table this is, in a phase that goes round more than once."""
        state = self.session.state
        laps = self.scenario.phases[state.phase].laps
        return f"lap {state.lap + 1}/{laps}" if laps > 1 and state.outcome is None else ""

    def _last_say(self) -> bool:
        """Whether this move is the phase's last: a proposal tabled now lapses unanswered."""
        state = self.session.state
        laps = self.scenario.phases[state.phase].laps
        return state.lap == laps - 1 and state.turn == len(state.order) - 1

    def _clock_text(self) -> str:
        if not self.clock_total:
            return ""
        m, s = divmod(max(0, self.clock_left), 60)
        paused = "" if self.clock_running else " (paused)"
        return f"{m}:{s:02d}{paused}"

    def _pace_text(self) -> str:
        delay = PACES[self.pace_index]
        return "instant" if delay == 0 else f"{delay:g}s"
