"""The help screen: the rules in brief and the keys (Markdown loads only when asked for)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from wargame.tui.widgets import SnugFooter

RULES = """\
# How to play

**Goal.** Each delegation has its own victory conditions: some want a settlement,
some win by keeping talks going (protraction). Watch the tension ladder: a crisis not
defused by the next resolution collapses the talks; the top of the ladder is war.

**A round**: *Events* (an inject is drawn; secret deals may leak) → *Agenda* (move the
talks to another forum, link issues, consult allies, declare a red line) →
*Negotiation* (propose packages, accept, reject, counter, stall) → *Actions* (play
one card) → *Resolution* (miscalculation roll, crisis check, upkeep, new cards).

**The board** lists the issues: ★ a core issue (once every core issue is settled, the
game ends in a settlement), ☠ a poison pill (no treaty can settle it). A number after an
issue's state (+1, -2) is the pressure to settle it: each party to the deal that settles
it scores that much more, or less.

**Your desk** (right) is yours alone: your hand, pain points, red lines, how you win,
what each issue is worth to you, your delegation's brief, and at its foot what each of
your cards does; to scroll it, press shift+tab from your moves, then ↑ ↓. A card's
text also shows under your moves while its play is highlighted. On a narrow terminal
the ladder's rungs, the other tracks, cohesion and the forum's rules sit under the
standings (4).

**Proposals** are packages of concessions: who concedes what, possibly paired and
asymmetric; de facto steps or a de jure treaty (weighs more, needs a binding forum, never
on a poison pill); regional or global framing; economic terms; secret terms known only
to the parties, which may leak at a price.

"""

GAME_KEYS = """\
## Keys

| key | does |
|---|---|
| ↑ ↓ enter, or click | choose and take an action from the list |
| p | build a proposal |
| x | pass |
| 1–4 | show the board, proposals, log or standings tab |
| tab, shift+tab | go between your moves, the tabs, the board and your desk (then ↑ ↓ scroll it) |
| [ ] | slower / faster bots (down to instant) |
| t | start or pause the negotiation clock |
| ctrl+p | command palette |
| ? or F1 | this help |
| q | quit (the game is saved after every move) |
"""


SETUP_KEYS = """\
## This screen

Choose a scenario, who sits in each seat (a person at this keyboard, hot-seat, or a
bot), and a seed (the same seed, seats and moves make the same game). Several people may share
the keyboard: the screen is covered between their turns.

| key | does |
|---|---|
| tab, shift+tab | move between the fields |
| enter | open a list, choose in it; press a button (Continue, when lit, at the start) |
| ctrl+s | start the game |
| c | continue the last unfinished game (when there is one) |
| ? or F1 | this help |
| q | quit |
"""

HELP = RULES + "\n" + GAME_KEYS
SETUP_HELP = RULES + "\n" + SETUP_KEYS


REPLAY_HELP = """\
# Replaying a game

The timeline on the left lists every move; the tabs show the board, the deals, the log
and the charts as they stood after the highlighted move. **View** says whose eyes you see
through: the facilitator sees everything, a delegation only what it could see then (the
timeline too shows others' offers without their secret terms). ★ marks a key moment, ✎ a
note. Notes are saved in the save file; the game itself is untouched.

## Keys

| key | does |
|---|---|
| → or j, ← or k | next move, previous move |
| n, N | next, previous key moment |
| home, end | the opening, the last move |
| g | go to a round |
| v | switch whose view you see |
| a | write a note at this move (an empty note removes it) |
| 1–4 | show the board, deals, log or charts tab |
| ? or F1 | this help |
| q | quit; back to the game's end screen when the replay was opened from it |
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]

    def __init__(self, text: str = HELP) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(self.text)
        yield SnugFooter()

    def action_close(self) -> None:
        self.dismiss(None)
