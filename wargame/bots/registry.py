"""The bots installed, by name."""

from __future__ import annotations

from collections.abc import Callable

from wargame.bots.base import Bot
from wargame.bots.random_bot import RandomBot

BotFactory = Callable[[int, str], Bot]

BOTS: dict[str, tuple[BotFactory, str]] = {
    "random": (RandomBot, "uniform over the kinds of legal action, then the options (baseline)"),
}


def make_bot(name: str, seed: int, seat: str) -> Bot:
    if name not in BOTS:
        raise KeyError(f"unknown bot '{name}' (known: {', '.join(sorted(BOTS))})")
    return BOTS[name][0](seed, seat)
