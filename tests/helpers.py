"""Small drivers for mechanic tests: reach a phase, set up a position, act."""

from __future__ import annotations

from typing import Any

import attrs

from wargame.core.actions import Action, Pass
from wargame.core.engine import apply, start_game
from wargame.core.events import Event
from wargame.core.model import GameState
from wargame.core.scenario import Scenario


def with_rules(scenario: Scenario, **changes: Any) -> Scenario:
    return attrs.evolve(scenario, rules=attrs.evolve(scenario.rules, **changes))


def start(scenario: Scenario, seed: int = 1) -> GameState:
    return start_game(scenario, seed)[0]


def pass_until(state: GameState, phase: str, actor: str | None = None) -> GameState:
    """Pass until the given phase (and actor, if named) is to move."""
    for _ in range(500):
        if state.outcome is not None:
            raise AssertionError(f"game ended before phase {phase}")
        if state.phase_id == phase and (actor is None or state.to_act == actor):
            return state
        state, _ = apply(state, Pass())
    raise AssertionError(f"never reached {phase}/{actor}")


def act(state: GameState, action: Action) -> tuple[GameState, list[Event]]:
    return apply(state, action)


def kinds(events: list[Event]) -> list[str]:
    return [e.kind for e in events]


def set_hand(state: GameState, delegation: str, cards: tuple[str, ...]) -> GameState:
    """Give a delegation a hand, taking the cards from the deck so cards stay conserved."""
    deck = list(state.deck)
    i = state.scenario.delegation_index[delegation]
    old = state.delegations[i].hand
    deck.extend(old)
    for card in cards:
        deck.remove(card)
    delegations = list(state.delegations)
    delegations[i] = attrs.evolve(delegations[i], hand=cards)
    return attrs.evolve(state, deck=tuple(deck), delegations=tuple(delegations))


def set_track(state: GameState, track: str, value: int) -> GameState:
    tracks = list(state.tracks)
    tracks[state.scenario.track_index[track]] = value
    return attrs.evolve(state, tracks=tuple(tracks))


def score(state: GameState, delegation: str) -> int:
    return state.delegation(delegation).score
