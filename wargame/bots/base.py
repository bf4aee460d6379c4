"""The bot interface: a view and the legal actions in, one action out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from wargame.core.actions import Action
from wargame.core.view import View


class Bot(Protocol):
    name: str

    def choose(self, view: View, legal: Sequence[Action]) -> Action:
        """One of `legal`; the bot sees only its delegation's view."""
        ...
