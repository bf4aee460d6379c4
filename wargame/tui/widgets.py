"""The game screen's panels; each draws itself from a delegation's view, never from the state."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Self

from rich.console import Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.markup import escape
from textual.message import Message
from textual.reactive import reactive
from textual.renderables.bar import Bar
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Checkbox, Footer, OptionList, RichLog, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist

from wargame.core.actions import EconomicTerm, Term
from wargame.core.events import Event
from wargame.core.scenario import Scenario
from wargame.core.view import View
from wargame.tui.text import concession, cost_text, decides, name, transfer, victory_text


def pack(
    items: Sequence[str], width: int, size: Callable[[str], int], most: int | None = None
) -> list[list[str]]:
    """Items two spaces apart on as few lines of `width` as they fit, none cut in two (past
    `most` lines, the last line takes the rest)."""
    lines: list[list[str]] = [[]]
    used = 0
    for item in items:
        cells = size(item)
        if lines[-1] and used + 2 + cells > width and (most is None or len(lines) < most):
            lines.append([])
            used = 0
        used += cells + (2 if lines[-1] else 0)
        lines[-1].append(item)
    return lines


class SnugFooter(Footer):
    """The key bar, under 100 columns without the spacing between keys nor the command
    palette's key (ctrl+p still opens it): at 80, the last keys (Quit among them) were cut
    off."""

    NARROW = 100

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < self.NARROW
        self.compact = narrow
        self.show_command_palette = not narrow


class TickList(SelectionList[str]):
    """A list of rows to tick whose unticked rows show an empty box: Textual draws the
    same X in both, told apart by colour alone, so a terminal without colour showed every
    row ticked."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        try:
            row = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        if len(segments) < 2 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip  # not a row's first line, or drawn otherwise than expected
        if row.value in self.selected:
            return strip
        segments[1] = Segment(" ", segments[1].style)
        return Strip(segments, strip.cell_length)


class StatusBar(Static):
    """Round, phase, whose move, forum, and the negotiation clock."""

    _shown: tuple[Scenario, View, str | None, str, str, str] | None = None

    def show(
        self,
        scenario: Scenario,
        view: View,
        viewer: str | None,
        clock: str = "",
        pace: str = "",
        lap: str = "",
    ) -> None:
        self._shown = (scenario, view, viewer, clock, pace, lap)
        phase = next(p.name for p in scenario.phases if p.id == view.phase)
        if lap:
            phase += f", {lap}"
        mover = name(scenario, view.to_act) if view.to_act else "nobody"
        tension = view.tracks.get(scenario.rules.tension_track, 0)
        crisis = "  [b reverse red] CRISIS [/]" if view.crisis else ""
        # What changes by the second comes first, so a narrow terminal cuts the least of it.
        # Names come from the scenario's files and may hold brackets: escaped, not markup.
        items = [f"[b]Round {view.round}/{view.max_rounds}[/] {escape(phase)}"]
        if clock:
            items.append(f"[b]Clock {clock}[/]")
        items += [
            f"[b]Tension[/] {tension}/{scenario.rules.war_at}{crisis}",
            f"[b]To move:[/] {escape(mover)}",
            f"[b]Forum:[/] {escape(name(scenario, view.forum))}",
            f"You: {escape(name(scenario, viewer))}" if viewer else "Spectating",
        ]
        self.update(self._lines(items, f"[dim]bots {pace}[/]" if pace else ""))

    def _lines(self, items: list[str], extra: str) -> str:
        """The items on at most two lines, none cut in two; `extra` (the bots' pace) only
        where it fits on them."""
        width = self.content_region.width
        if not width:  # not laid out yet: one line, redrawn on the first resize
            return "  ".join(items)
        lines = pack(items, width, lambda item: Text.from_markup(item).cell_len, most=2)
        used = sum(Text.from_markup(item).cell_len + 2 for item in lines[-1]) - 2
        if extra and used + 2 + Text.from_markup(extra).cell_len <= width:
            lines[-1].append(extra)
        return "\n".join("  ".join(line) for line in lines)

    def on_resize(self) -> None:
        if self._shown is not None:  # what fits has changed
            self.show(*self._shown)


class EscalationLadder(Static):
    """The tension track as a ladder, crisis and war thresholds marked."""

    def show(self, scenario: Scenario, view: View) -> None:
        rules = scenario.rules
        track = scenario.tracks[scenario.track_index[rules.tension_track]]
        value = view.tracks[track.id]
        lines = Text()
        lines.append(f"{track.name}\n", style="bold")
        for level in range(track.max, track.min - 1, -1):
            if level >= rules.war_at:
                label, style = "war", "bold white on dark_red"
            elif level >= rules.crisis_at:
                label, style = "crisis", "bold black on dark_orange"
            else:
                label, style = "", "black on grey50" if level <= value else "grey50"
            here = level == value
            mark = "▶" if here else " "
            bar = "██████" if level <= value else "░░░░░░"
            lines.append(f"{mark}{level:>2} ", style="bold" if here else "")
            lines.append(bar, style=style if level <= value else "grey35")
            lines.append(f" {label}\n", style="bold" if label else "")
        lines.append(other_tracks(scenario, view))
        self.update(lines)


def other_tracks(scenario: Scenario, view: View) -> Text:
    """The tracks beside tension, and each alliance's cohesion, a line each."""
    lines = Text()
    for t in scenario.tracks:
        if t.id != scenario.rules.tension_track:
            lines.append(f"{t.name}: {view.tracks[t.id]}/{t.max}\n")
    for alliance in scenario.alliances:
        lines.append(f"{alliance.name} cohesion: {view.cohesion[alliance.id]}/{alliance.max}\n")
    return lines


def forum_text(scenario: Scenario, view: View) -> Text:
    """The forum talks are in: how it decides, what it can make, who sits at its table."""
    forum = scenario.forum_by_id[view.forum]
    text = Text()
    text.append(f"{forum.name}\n", style="bold")
    rule = decides(forum.decision)
    if forum.veto:
        rule += " (" + ", ".join(name(scenario, v) for v in forum.veto) + ")"
    text.append(f"Decides {rule}; {'public' if forum.public else 'private'}; ")
    text.append(
        f"weight {forum.weight:g}; {'treaties possible' if forum.binding else 'de facto only'}; "
    )
    text.append(f"stall {forum.stall}\n")
    text.append("At the table: " + ", ".join(name(scenario, m) for m in forum.members))
    return text


class ForumPanel(Static):
    def show(self, scenario: Scenario, view: View) -> None:
        self.update(forum_text(scenario, view))


class SideNotes(Static):
    """On a narrow terminal, what the hidden left column holds besides tension (which the
    status line keeps): the rungs, the other tracks, cohesion and the forum. They go under
    the standings, which leave room to spare; under the agenda they pushed it off screen."""

    def show(self, scenario: Scenario, view: View) -> None:
        rules = scenario.rules
        text = Text(f"Tension crisis at {rules.crisis_at}, war at {rules.war_at}\n")
        text.append(other_tracks(scenario, view))
        text.append(forum_text(scenario, view))
        self.update(text)


class AgendaPanel(Static):
    """Each issue's state and its links; poison pills and core issues marked."""

    def show(self, scenario: Scenario, view: View) -> None:
        table = Table(expand=True, box=None, pad_edge=False, show_edge=False)
        table.add_column("Issue", ratio=3)
        table.add_column("State", min_width=7, max_width=10)  # "open +1" on one line
        table.add_column("Linked to", ratio=2)
        for issue in view.issues:
            marks = ("★" if issue.core else "") + ("☠" if issue.poison_pill else "")
            state = (
                issue.status
                if issue.form is None
                else f"{issue.status} ({issue.form.replace('_', ' ')})"
            )
            if issue.salience:  # the pressure to settle it; beside the state, not the name,
                state += f" {issue.salience:+d}"  # where it wrapped onto a line of its own
            style = "green" if issue.status == "agreed" else ""
            links = ", ".join(name(scenario, x) for x in issue.links)
            table.add_row(Text(f"{marks}{issue.name}"), Text(state, style=style), Text(links))
        self.update(table)


class StandingsPanel(Static):
    """Every delegation's public standing."""

    _shown: tuple[Scenario, View] | None = None

    def on_resize(self) -> None:
        if self._shown is not None:  # the legend's lines depend on the width
            self.show(*self._shown)

    def show(self, scenario: Scenario, view: View) -> None:
        self._shown = (scenario, view)
        # One line a delegation, so the figures line up even in a narrow pane; the red
        # lines known, long issue names, go below the table rather than in a column.
        table = Table(expand=True, box=None, pad_edge=False, show_edge=False)
        table.add_column("Delegation", ratio=1, min_width=8, no_wrap=True, overflow="ellipsis")
        for r in scenario.resources:
            table.add_column(r.name[:4], justify="right")
        table.add_column("Score", justify="right")
        # The columns carry four letters of each resource's name: spelt out underneath, no
        # pair broken across lines.
        pairs = [f"{r.name[:4]} = {r.name}" for r in scenario.resources if r.name[4:]]
        width = self.content_region.width or 80
        legend = Text(
            "\n".join("  ".join(line) for line in pack(pairs, width, len) if line), style="dim"
        )
        known = Text("\nRed lines known", style="bold")
        for d in view.delegations:
            style = "bold" if d.id == view.to_act else ""
            table.add_row(
                Text(d.name, style=style),
                *(str(d.resources[r.id]) for r in scenario.resources),
                str(d.score),
            )
            if d.revealed_red_lines:
                lines = ", ".join(name(scenario, x) for x in d.revealed_red_lines)
                known.append(f"\n{d.name}: ", style="bold").append(lines)
        if not any(d.revealed_red_lines for d in view.delegations):
            known.append("\nnone yet", style="dim")
        self.update(Group(table, legend, known))


def _terms(
    scenario: Scenario, terms: tuple[Term, ...], economics: tuple[EconomicTerm, ...] = ()
) -> str:
    """Concessions, then any economy changing hands: an addressee weighs both."""
    parts = [concession(scenario, t.by, t.issue) + (" (secret)" if t.secret else "") for t in terms]
    parts += [transfer(scenario, e.giver, e.receiver, e.amount, "economy") for e in economics]
    return "; ".join(parts)


class ProposalsPanel(Static):
    def show(self, scenario: Scenario, view: View) -> None:
        text = Text()
        if not view.proposals:
            text.append("No proposal on the table.\n", style="dim")
        for p in view.proposals:
            terms = _terms(scenario, p.terms, p.economics) or "no public terms"
            waiting = [a for a in p.addressees if a not in p.accepted]
            text.append(f"#{p.id} ", style="bold")
            text.append(
                f"{name(scenario, p.proposer)} → {', '.join(name(scenario, a) for a in p.addressees)}: "
            )
            text.append(f"{terms} [{p.form.replace('_', ' ')}, {p.framing}]")
            if p.stalled_round == view.round:
                text.append("  stalled", style="yellow")
            text.append(f"  awaiting {', '.join(name(scenario, w) for w in waiting) or '—'}\n")
        for a in view.agreements:
            terms = _terms(scenario, a.terms, a.economics) or "no public terms"
            leak = "  LEAKED" if a.leaked else ""
            text.append(
                f"✔ Agreement #{a.id} (round {a.round}, {name(scenario, a.forum)}): ", style="green"
            )
            text.append(f"{terms}{leak}\n")
        self.update(text)


class DeskPanel(Static):
    """What only the delegation at the keyboard may see."""

    def show(self, scenario: Scenario, view: View | None) -> None:
        text = Text()
        if view is None:
            text.append("Spectating: no delegation's private papers are shown.", style="dim")
            self.update(text)
            return
        me = next(d for d in scenario.delegations if d.id == view.delegation)
        # What a move turns on first; the delegation's brief, read once, after it: on 24
        # rows, with a card's text under the moves, the brief filled all the desk in sight.
        text.append(f"{me.name} — your desk\n", style="bold")
        text.append("Hand: ", style="bold")
        text.append(", ".join(name(scenario, c) for c in view.me.hand) or "empty")
        text.append("\nPain points: ", style="bold")
        # A settled one costs nothing any more: said so, where it read as still hurting.
        settled = {i.id for i in view.issues if i.status != "open"}
        pains = [
            name(scenario, p) + (" (settled)" if p in settled else "") for p in view.me.pain_points
        ]
        text.append(", ".join(pains) or "none")
        text.append("\nRed lines: ", style="bold")
        text.append(", ".join(name(scenario, r) for r in view.me.red_lines) or "none")
        text.append(f"\nTension tolerance: {view.me.tension_tolerance}")
        text.append(f"   Secret score: {view.me.secret_score:+d}")
        text.append("\nTo win: ", style="bold")
        text.append(victory_text(scenario, me.id))
        secret = [a for a in view.agreements if a.has_secret and view.delegation in a.parties]
        for a in secret:
            terms = "; ".join(concession(scenario, t.by, t.issue) for t in a.secret_terms)
            state = "leaked" if a.leaked else "still secret"
            text.append(f"\nSecret deal #{a.id} ({state}): {terms}", style="magenta")
        values = ", ".join(
            f"{name(scenario, k)} {v:+d}"
            for k, v in sorted(view.me.values.items(), key=lambda kv: -kv[1])
        )
        text.append(f"\nWhat settling each issue is worth to you: {values}", style="dim")
        text.append(f"\n\n{me.profile}", style="italic")
        if view.me.hand:  # last: the reference one scrolls down to, below the figures
            text.append("\n\nYour cards", style="bold")
        for card_id in dict.fromkeys(view.me.hand):  # each card once, however many copies
            text.append("\n").append(card_text(scenario, card_id))
        self.update(text)


def card_text(scenario: Scenario, card_id: str) -> Text:
    """A card as its player reads it: name, cost, and what it does."""
    card = scenario.cards[card_id]
    text = Text()
    text.append(card.name, style="bold")
    text.append(f" ({cost_text(scenario, card.cost)}): ")
    text.append(card.text, style="dim")
    return text


class TabBar(Widget, can_focus=True):
    """The tab names over an underline that lights the active one: Textual's `Tabs` look in
    one widget of two lines, so that switching tabs repaints two lines rather than a tree of
    containers. It only says which tab was chosen (by a click or the arrow keys, posting
    `Selected`); whoever owns it shows the pane and sets `active`."""

    DEFAULT_CSS = """
    TabBar {
        width: 1fr;
        height: 2;
        & > .tab-bar--tab {
            color: $foreground 50%;
        }
        & > .tab-bar--hover, & > .tab-bar--active {
            color: $foreground;
        }
        & > .tab-bar--underline {
            color: $block-cursor-background;
            background: $foreground 10%;
        }
        &:focus {
            & > .tab-bar--active {
                text-style: $block-cursor-text-style;
                color: $block-cursor-foreground;
                background: $block-cursor-background;
            }
            & > .tab-bar--underline {
                background: $foreground 30%;
            }
        }
        &:ansi {
            & > .tab-bar--tab, & > .tab-bar--hover {
                text-style: dim;
            }
            & > .tab-bar--active {
                text-style: not dim bold;
            }
            & > .tab-bar--underline {
                background: $border-blurred;
            }
        }
    }
    """

    COMPONENT_CLASSES = {"tab-bar--tab", "tab-bar--hover", "tab-bar--active", "tab-bar--underline"}
    BINDINGS = [
        Binding("left", "move(-1)", "Previous tab", show=False),
        Binding("right", "move(1)", "Next tab", show=False),
    ]
    ALLOW_SELECT = False

    active: reactive[str] = reactive("", init=False)
    hovered: reactive[int | None] = reactive(None, init=False)
    lit_start: reactive[float] = reactive(0.0, init=False)
    lit_end: reactive[float] = reactive(0.0, init=False)

    @dataclass
    class Selected(Message):
        """A tab was chosen by a click or the arrow keys."""

        tab_bar: TabBar
        tab: str

        @property
        def control(self) -> TabBar:
            return self.tab_bar

    def __init__(
        self, tabs: Sequence[tuple[str, str]], active: str = "", *, id: str | None = None
    ) -> None:
        """`tabs`: (id, label) pairs in order."""
        super().__init__(id=id)
        self.tabs = list(tabs)
        self._spans: list[tuple[str, int, int]] = []  # each tab's id and columns
        x = 0
        for tab_id, label in self.tabs:
            self._spans.append((tab_id, x, x + len(label) + 2))  # a space each side, as Tab's
            x += len(label) + 2
        self.set_reactive(TabBar.active, active or self.tabs[0][0])
        self.set_reactive(TabBar.lit_start, float(self._lit()[0]))
        self.set_reactive(TabBar.lit_end, float(self._lit()[1]))

    def _lit(self) -> tuple[int, int]:
        """The stretch of the underline under the active tab's name (not its pads)."""
        for tab_id, left, right in self._spans:
            if tab_id == self.active:
                return left + 1, right - 1
        return 0, 0

    def watch_active(self) -> None:
        # The underline slides to the new tab, as Tabs' does (at once with animations off).
        start, end = self._lit()
        self.animate("lit_start", float(start), duration=0.3, level="basic")
        self.animate("lit_end", float(end), duration=0.3, level="basic")

    def render(self) -> Group:
        tab, hover, active = (
            self.get_component_rich_style(f"tab-bar--{part}") for part in ("tab", "hover", "active")
        )
        names = Text(no_wrap=True, overflow="crop")
        for index, (tab_id, label) in enumerate(self.tabs):
            style = active if tab_id == self.active else hover if index == self.hovered else tab
            names.append(f" {label} ", style)
        bar = self.get_component_rich_style("tab-bar--underline")
        underline = Bar(
            (self.lit_start, self.lit_end),
            highlight_style=Style.from_color(bar.color),
            background_style=Style.from_color(bar.bgcolor),
        )
        return Group(names, underline)

    def _tab_at(self, x: int) -> str | None:
        for tab_id, left, right in self._spans:
            if left <= x < right:
                return tab_id
        return None

    def on_click(self, event: events.Click) -> None:
        event.stop()
        tab = self._tab_at(event.x)
        if tab is not None:
            self.post_message(self.Selected(self, tab))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        tab = self._tab_at(event.x) if event.y == 0 else None  # the names light, not the rule
        self.hovered = None if tab is None else [t for t, _ in self.tabs].index(tab)

    def on_leave(self, event: events.Leave) -> None:
        self.hovered = None

    def action_move(self, step: int) -> None:
        ids = [tab_id for tab_id, _ in self.tabs]
        index = ids.index(self.active) if self.active in ids else -1
        self.post_message(self.Selected(self, ids[(index + step) % len(ids)]))


# On every layout pass of the screen, Textual (8.2) hands each scroll view the size it shows as
# its "virtual size"; a `ScrollView` compares that with its own (longer) one, finds them
# different whenever it can scroll, and repaints its scrollbars: a second pass over the screen
# after each layout, for nothing. The two below bring their scrollbars up to date only when
# the view's size, its container's or its own virtual size has changed since they last were
# (their own virtual size changes when moves or lines come and go).


class SteadyScrollbars(ScrollView):
    """A scroll view whose scrollbars are repainted only when they change."""

    _scrollbars_for: tuple[Size, Size, Size] | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        key = (size, container_size, self.virtual_size)
        if key == self._scrollbars_for:
            return False
        self._scrollbars_for = key
        return super()._size_updated(size, virtual_size, container_size, layout)


# The mixin comes second: Textual takes a widget's CSS and component classes along the first
# base of each class, which must stay the widget's own.
class MovesList(OptionList, SteadyScrollbars):
    """The list of moves. Each option's height is measured as it is added, at the width of
    the moment: a list rebuilt short and then grown past its height gets a scrollbar, and
    its long moves, measured wider, lost their last line. Measured again when the width
    changes."""

    _measured_at = 0

    def _update_lines(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._measured_at:
            self._measured_at = width
            self._clear_caches()
        super()._update_lines()


def log_line(event: Event) -> Text | None:
    """An event as a line of the log, or None for the bookkeeping nobody reads there. Each
    phase opens with a line of its own, so the others need only their round."""
    if event.kind in ("cards_drawn", "deck_reshuffled"):
        return None
    if event.kind == "phase_started":
        return Text(f"R{event.round} · {event.text}", style="dim")
    return Text(f"R{event.round} {event.text}", style="bold red" if event.is_key_moment else "")


class LogView(RichLog, SteadyScrollbars):
    """A game's log. A hidden pane is left out of the screen's layout, so while hidden the
    log measures 0 wide: what is written then wraps at the width it last had on screen,
    not at its min_width. When its width changes, every line is wrapped again: lines
    written at 80 columns stayed 40 wide in a log widened to 140."""

    _last_width = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._entries: list[RenderableType | object] = []  # what was written, to wrap again

    def on_resize(self, event: events.Resize) -> None:  # RichLog's handler runs too
        width = self.scrollable_content_region.width
        if width and self._last_width and width != self._last_width and self._entries:
            self._last_width = width
            entries = self._entries
            self.clear()
            for content in entries:
                self.write(content)
        self._last_width = width or self._last_width

    def clear(self) -> Self:
        self._entries = []
        return super().clear()

    def write(
        self,
        content: RenderableType | object,
        width: int | None = None,
        expand: bool = False,
        shrink: bool = True,
        scroll_end: bool | None = None,
        animate: bool = False,
    ) -> Self:
        if self._size_known:  # until then RichLog defers the write, and writes it again
            self._entries.append(content)
        shown = self.scrollable_content_region.width
        if shown:
            self._last_width = shown
        elif width is None and self._last_width:
            width = self._last_width
        return super().write(content, width, expand, shrink, scroll_end, animate)


def show_only(panes: Widget, shown: str) -> None:
    """Of panes layered one on another (a layer each), show the one with id `shown`: only
    the visibility rule changes, and a layout refresh without a repaint, since a pane's
    drawing is as it was when it was last shown. A tab switch then costs one screen pass."""
    for pane in panes.children:
        if pane.styles.set_rule("visibility", "visible" if pane.id == shown else "hidden"):
            pane.refresh(layout=True, repaint=False)
