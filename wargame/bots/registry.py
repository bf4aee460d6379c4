"""The bots installed, by name: the random baseline and every shipped personality."""

from __future__ import annotations

import shlex
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from wargame.bots.personality import (
    Personality,
    PersonalityError,
    load_personality,
    shipped_personalities,
)
from wargame.core.scenario import Scenario

if TYPE_CHECKING:
    from wargame.bots.base import Bot


class UnknownBotError(KeyError):
    pass


@cache
def personalities() -> dict[str, Personality]:
    return shipped_personalities()


def bot_names() -> dict[str, str]:
    """Every installed bot with a one-line description."""
    names = {"random": "uniform over the kinds of legal action, then the options (baseline)"}
    for p in personalities().values():
        first = p.description.split(". ")[0].rstrip(".")
        names[p.id] = f"{p.name}: {first}. ({p.source})"
    return names


def bot_problem(name: str) -> str | None:
    """Why `name` cannot play a seat, in words for the one who typed it; None if it can.
    A personality file is read and checked here, before any game starts."""
    if name == "random" or name in personalities():
        return None
    if name.startswith("cmd:"):
        try:
            command = shlex.split(name[len("cmd:") :])
        except ValueError as exc:
            return f"bot '{name}': its command cannot be split as a shell would ({exc})"
        return None if command else f"bot '{name}': no command to run after 'cmd:'"
    if name.endswith((".yaml", ".yml")):
        try:
            load_personality(Path(name))
        except PersonalityError as exc:
            return str(exc)
        return None
    known = ", ".join(sorted(bot_names()))
    return f"unknown bot '{name}' (known: {known}, a personality .yaml file, or cmd:COMMAND)"


def public_scenario(scenario: Scenario, seat: str) -> Scenario:
    """The scenario as one seat may know it: others' values, pain points and red lines blanked.

    Made once per seat and kept, so what its bots remember (on its memo) outlives a game."""
    key = ("public-scenario", seat)
    found = scenario.memo.get(key)
    if isinstance(found, Scenario):
        return found
    public = scenario.memo[key] = attrs.evolve(
        scenario,
        delegations=tuple(
            d
            if d.id == seat
            else attrs.evolve(d, values={}, pain_points=(), red_lines=(), tension_tolerance=0)
            for d in scenario.delegations
        ),
    )
    return public


def make_bot(name: str, seed: int, seat: str, scenario: Scenario) -> Bot:
    """A bot for one seat: `random`, a personality id, a personality YAML file, or
    `cmd:COMMAND`, an external program (docs/bot-protocol.md)."""
    # Imported here: listing the bots (the setup screen) needs none of the engine.
    from wargame.bots.external import ExternalBot, parse_command
    from wargame.bots.random_bot import RandomBot
    from wargame.bots.scripted import ScriptedBot

    if name.startswith("cmd:"):
        command = parse_command(name)
        if command is None:
            raise UnknownBotError(f"bot '{name}': no command to run after 'cmd:'")
        return ExternalBot(command, seed, seat, scenario)
    if name == "random":
        return RandomBot(seed, seat)
    if name in personalities():
        return ScriptedBot(personalities()[name], seed, seat, public_scenario(scenario, seat))
    if name.endswith((".yaml", ".yml")):
        try:
            personality = load_personality(Path(name))
        except PersonalityError as exc:
            raise UnknownBotError(str(exc)) from None
        return ScriptedBot(personality, seed, seat, public_scenario(scenario, seat))
    raise UnknownBotError(bot_problem(name) or f"unknown bot '{name}'")
