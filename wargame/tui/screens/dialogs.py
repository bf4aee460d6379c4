"""Dialogs: the hand-over cover, the proposal builder, help, and quitting."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Footer,
    Label,
    RadioButton,
    RadioSet,
    Select,
    SelectionList,
    Static,
)

from wargame.core.actions import EconomicTerm, Propose, Term
from wargame.core.scenario import Scenario
from wargame.core.view import View
from wargame.tui.text import name


class HandOverScreen(ModalScreen[bool]):
    """Covers every private thing until the next delegation says it is at the keyboard."""

    BINDINGS = [Binding("enter", "ready", "I am at the keyboard", priority=True)]

    def __init__(self, delegation_name: str) -> None:
        super().__init__()
        self.delegation_name = delegation_name

    def compose(self) -> ComposeResult:
        with Vertical(id="handover"):
            yield Static(
                f"Hand the keyboard to [b]{self.delegation_name}[/].\n\n"
                "Everyone else: look away. The screen stays covered until "
                f"{self.delegation_name} presses Enter.",
                id="handover-text",
            )
            yield Button(f"I am {self.delegation_name}", id="ready", variant="primary")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(True)

    def action_ready(self) -> None:
        self.dismiss(True)


class ProposalBuilder(ModalScreen[Propose | None]):
    """Build a package: addressees, concessions on each side, secret terms, form, framing,
    an economic sweetener. The engine checks it before the dialog closes."""

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
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.view = view
        self.check = check
        self.fixed = fixed_addressee
        self.title_text = title
        forum = scenario.forum_by_id[view.forum]
        self.members = [m for m in forum.members if m != view.delegation]
        open_issues = [i.id for i in view.issues if i.status == "open"]
        self.term_keys = [
            (issue, by)
            for issue in open_issues
            for by in scenario.issue(issue).conceded_by
            if by == view.delegation or by in self.members
        ]

    def compose(self) -> ComposeResult:
        s = self.scenario
        me = self.view.delegation
        with VerticalScroll(id="builder"):
            yield Label(self.title_text, id="builder-title")
            yield Label("To (the forum's decision rule decides who must be asked):")
            yield SelectionList[str](
                *[(name(s, m), m, m == self.fixed) for m in self.members], id="to"
            )
            yield Label("Concessions (who concedes what):")
            yield SelectionList[str](
                *[
                    (f"{name(s, by)} concedes {name(s, issue)}", f"{issue}|{by}")
                    for issue, by in self.term_keys
                ],
                id="terms",
            )
            yield Label("Keep these terms secret (the private concession):")
            yield SelectionList[str](
                *[
                    (f"secret: {name(s, by)} concedes {name(s, issue)}", f"{issue}|{by}")
                    for issue, by in self.term_keys
                ],
                id="secret",
            )
            with Horizontal(classes="radios"):
                with RadioSet(id="form"):
                    yield RadioButton("de facto (verifiable steps)", value=True, id="de_facto")
                    yield RadioButton("de jure (a treaty)", id="de_jure")
                with RadioSet(id="framing"):
                    yield RadioButton("regional", value=True, id="regional")
                    yield RadioButton("global", id="global")
            econ = [
                (f"{name(s, a)} gives {name(s, b)} {n} economy", f"{a}|{b}|{n}")
                for other in self.members
                for a, b in ((me, other), (other, me))
                for n in (1, 2, 3)
            ]
            yield Select(econ, prompt="No economic terms", id="economics")
            yield Static("", id="builder-error")
            with Horizontal(classes="buttons"):
                yield Button("Table it (ctrl+s)", id="submit", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

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
        economics: tuple[EconomicTerm, ...] = ()
        value = self.query_one("#economics", Select).value
        if isinstance(value, str):
            giver, receiver, amount = value.split("|")
            economics = (EconomicTerm(giver, receiver, int(amount)),)
        ordered = tuple(sorted(to, key=self.members.index))
        return Propose(ordered, tuple(terms), form or "de_facto", framing or "regional", economics)

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
