"""The bot interface: a view and the legal actions in, one action out."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Protocol

from wargame.core.actions import Action
from wargame.core.engine import legal_actions, why_illegal
from wargame.core.model import GameState
from wargame.core.view import View, view_for


class Bot(Protocol):
    name: str

    def choose(self, view: View, legal: Sequence[Action]) -> Action:
        """One of `legal`; the bot sees only its delegation's view."""
        ...


def ask(bot: Bot, state: GameState) -> Action:
    """The move of the bot whose delegation is to act. A bot that may answer with an
    action of its own (an external program's offer outside the menu) is given the rules'
    check for this state first."""
    actor = state.order[state.turn]
    if hasattr(bot, "check"):
        bot.check = partial(why_illegal, state)
    return bot.choose(view_for(state, actor, lazy=True), legal_actions(state))
