"""Dialogs: the hand-over cover, the proposal builder, help, and quitting."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Label,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from wargame.core.actions import EconomicTerm, Propose, Term
from wargame.core.rules.negotiation import MAX_ECONOMIC_AMOUNT
from wargame.core.scenario import DelegationDef, Scenario
from wargame.core.view import View
from wargame.tui.text import concession, decides, name, transfer
from wargame.tui.widgets import SnugFooter, TickList

BUILDER_KEYS = "[dim]Tab: next list · ↑ ↓: move · Space: tick or untick · ctrl+s: table it[/]"
SECRET_LABEL = "Keep these terms secret (the private concession):"
SECRET_EMPTY = "Keep terms secret: tick concessions above first."


class HandOverScreen(ModalScreen[bool]):
    """Covers every private thing until the next delegation says it is at the keyboard."""

    BINDINGS = [Binding("enter", "ready", "I am at the keyboard", priority=True)]

    def __init__(self, delegation: DelegationDef) -> None:
        super().__init__()
        self.delegation = delegation

    def compose(self) -> ComposeResult:
        with Vertical(id="handover"):
            who = escape(self.delegation.name)
            presses = self.delegation.agree("presses", "press")
            yield Static(
                f"Hand the keyboard to [b]{who}[/].\n\n"
                f"Everyone else: look away. The screen stays covered until {who} {presses} Enter.",
                id="handover-text",
            )
            yield Button(f"I am {who}", id="ready", variant="primary")
        yield SnugFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(True)

    def action_ready(self) -> None:
        self.dismiss(True)


class ProposalBuilder(ModalScreen[Propose | None]):
    """Build a package: addressees, concessions on each side, secret terms, form, framing,
    economic sweeteners. The engine checks it before the dialog closes."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Table it", priority=True),
    ]

    def __init__(
        self,
        scenario: Scenario,
        view: View,
        check: object,
        fixed_addressee: str | None = None,
        title: str = "Build a proposal",
        start: Propose | None = None,
    ) -> None:
        """`start`: a package to begin from (a counter begins from the offer it answers)."""
        super().__init__()
        self.scenario = scenario
        self.view = view
        self.check = check
        self.fixed = fixed_addressee
        self.title_text = title
        self.start = start
        forum = scenario.forum_by_id[view.forum]
        self.forum = forum
        self.members = [m for m in forum.members if m != view.delegation]
        open_issues = [i.id for i in view.issues if i.status == "open"]
        self.term_keys = [
            (issue, by)
            for issue in open_issues
            for by in scenario.issue(issue).conceded_by
            if by == view.delegation or by in self.members
        ]

    def _who_is_asked(self) -> str:
        """The forum's decision rule, as whom a package must be addressed to."""
        forum = self.forum
        if forum.decision == "consensus":
            rule = "address every other member"
        elif forum.decision == "bilateral":
            rule = "address exactly one delegation"
        elif forum.decision == "veto":
            holders = [name(self.scenario, v) for v in forum.veto if v in self.members]
            rule = f"address {', '.join(holders)}" if holders else "address anyone"
        else:
            rule = "address anyone at the table"
        must = f"; {name(self.scenario, self.fixed)} must be asked" if self.fixed else ""
        decision = decides(forum.decision)
        return f"To ({name(self.scenario, forum.id)} decides {decision}: {rule}{must}):"

    def _must_ask(self) -> tuple[str, ...]:
        """Whom the forum's rule makes a new package go to, ticked from the start: else the
        first try to table it always failed for want of them."""
        forum, members = self.forum, self.members
        if forum.decision == "consensus" or (forum.decision == "bilateral" and len(members) == 1):
            return tuple(members)
        if forum.decision == "veto":
            return tuple(v for v in forum.veto if v in members)
        return ()

    def compose(self) -> ComposeResult:
        # The form scrolls between the title and the buttons, which stay in sight: below
        # the form they were out of sight in a big scenario, even at 140x45.
        with Vertical(id="builder"):
            yield Label(escape(self.title_text), id="builder-title")
            yield Static(BUILDER_KEYS, id="builder-keys")
            with VerticalScroll(id="builder-form"):
                yield from self._form()
            yield Static("", id="builder-error")
            with Horizontal(classes="buttons", id="builder-buttons"):
                yield Button("Table it (ctrl+s)", id="submit", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
        yield SnugFooter()

    def _form(self) -> ComposeResult:
        """The fields: addressees, terms, secrecy, form and framing, a sweetener."""
        s = self.scenario
        start = self.start
        asked = set(start.addressees if start else self._must_ask())
        chosen = {f"{t.issue}|{t.by}": t.secret for t in (start.terms if start else ())}
        yield Static(escape(self._who_is_asked()))  # a long forum name wraps
        yield TickList(
            *[
                Selection(
                    escape(name(s, m)),
                    m,
                    m == self.fixed or m in asked,
                    disabled=m == self.fixed,  # a counter goes back to its proposer
                )
                for m in self.members
            ],
            id="to",
        )
        yield Label("Concessions (who concedes what):")
        yield TickList(
            *[
                Selection(
                    escape(concession(s, by, issue, short=True)),
                    f"{issue}|{by}",
                    f"{issue}|{by}" in chosen,
                )
                for issue, by in self.term_keys
            ],
            id="terms",
        )
        yield Label(SECRET_LABEL if chosen else SECRET_EMPTY, id="secret-label")
        yield TickList(
            *self._secret_rows(list(chosen), {k for k, secret in chosen.items() if secret}),
            id="secret",
        )
        form = start.form if start else "de_facto"
        framing = start.framing if start else "regional"
        with Horizontal(classes="radios"):
            with RadioSet(id="form"):
                yield RadioButton(
                    "de facto (verifiable steps)", value=form == "de_facto", id="de_facto"
                )
                yield RadioButton("de jure (a treaty)", value=form == "de_jure", id="de_jure")
            with RadioSet(id="framing"):
                yield RadioButton("regional", value=framing == "regional", id="regional")
                yield RadioButton("global", value=framing == "global", id="global")
        if "economy" not in s.resource_index:
            return  # nothing to trade: no field that every table would refuse
        economy = s.resources[s.resource_index["economy"]].name.lower()
        sweeteners = {
            f"{e.giver}|{e.receiver}|{e.amount}" for e in (start.economics if start else ())
        }
        yield Label(f"Economic terms, as many as you like ({economy} changes hands):")
        yield TickList(
            *[
                Selection(
                    escape(transfer(s, a, b, n, economy, short=True)),
                    f"{a}|{b}|{n}",
                    f"{a}|{b}|{n}" in sweeteners,
                )
                for a, b in self._economic_pairs()
                for n in range(1, MAX_ECONOMIC_AMOUNT + 1)
            ],
            id="economics",
        )

    def _economic_pairs(self) -> list[tuple[str, str]]:
        """Giver and receiver, one's own transfers first, then those between two others: a
        counter to a package in which the proposer pays a third party kept only the first
        kind and dropped the rest without a word."""
        me = self.view.delegation
        assert me is not None  # a proposal is built by a delegation, never a spectator
        own = [pair for other in self.members for pair in ((me, other), (other, me))]
        others = [(a, b) for a in self.members for b in self.members if a != b]
        return own + others

    def _secret_rows(self, chosen: list[str], secret: set[str]) -> list[Selection[str]]:
        """One row for each concession in the package, in the order of the list above."""
        s = self.scenario
        rows = []
        for issue, by in self.term_keys:
            key = f"{issue}|{by}"
            if key in chosen:
                label = escape(f"secret: {concession(s, by, issue, short=True)}")
                rows.append(Selection(label, key, key in secret))
        return rows

    @on(SelectionList.SelectedChanged, "#terms")
    def _terms_changed(self) -> None:
        """The secret list follows the package: a concession dropped leaves it too, where a
        tick on a term not in the package was silently lost."""
        secret_list = self.query_one("#secret", SelectionList)
        chosen = list(self.query_one("#terms", SelectionList).selected)
        keep = set(secret_list.selected)
        secret_list.clear_options()
        secret_list.add_options(self._secret_rows(chosen, keep))
        if secret_list.option_count:  # else Space there ticks nothing until an arrow key
            secret_list.highlighted = 0
        self.query_one("#secret-label", Label).update(SECRET_LABEL if chosen else SECRET_EMPTY)

    @on(SelectionList.SelectedChanged)
    @on(RadioSet.Changed)
    def _edited(self) -> None:
        """A refusal spoke of the package as it was: once it changes, the line goes."""
        self.query_one("#builder-error", Static).update("")

    def on_mount(self) -> None:
        # The keys go to the first list at once: arrows and space were lost until a Tab.
        self.query_one("#to", SelectionList).focus()

    def offer(self) -> Propose:
        to = tuple(self.query_one("#to", SelectionList).selected)
        if self.fixed and self.fixed not in to:
            to = (self.fixed, *to)
        secret = set(self.query_one("#secret", SelectionList).selected)
        terms = []
        for key in self.query_one("#terms", SelectionList).selected:
            issue, by = key.split("|")
            terms.append(Term(issue, by, key in secret))
        form_set = self.query_one("#form", RadioSet)
        framing_set = self.query_one("#framing", RadioSet)
        form = form_set.pressed_button.id if form_set.pressed_button else "de_facto"
        framing = framing_set.pressed_button.id if framing_set.pressed_button else "regional"
        economics: list[EconomicTerm] = []
        for sweeteners in self.query("#economics").results(SelectionList):
            for key in sweeteners.selected:
                giver, receiver, amount = str(key).split("|")
                economics.append(EconomicTerm(giver, receiver, int(amount)))
        ordered = tuple(sorted(to, key=self.members.index))
        return Propose(
            ordered, tuple(terms), form or "de_facto", framing or "regional", tuple(economics)
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()
        else:
            self.dismiss(None)

    def action_submit(self) -> None:
        offer = self.offer()
        reason = self.check(offer)  # type: ignore[operator]
        if reason:
            self.query_one("#builder-error", Static).update(
                f"[b red]Not possible:[/] {escape(reason)}"
            )
            self.notify(str(reason), severity="warning", title="Not possible")
            return
        self.dismiss(offer)

    def action_cancel(self) -> None:
        self.dismiss(None)
