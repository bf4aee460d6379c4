"""Plays one headless game with a bot in every seat."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from wargame.bots.registry import make_bot
from wargame.core.actions import Action
from wargame.core.engine import apply, legal_actions, start_game
from wargame.core.events import Event
from wargame.core.model import GameState, Outcome
from wargame.core.rng import derive_seed
from wargame.core.scenario import Scenario
from wargame.core.view import view_for


@attrs.frozen
class MatchResult:
    seed: int
    outcome: Outcome
    actions: int
    agreements: int
    secret_deals: int
    leaks: int
    final_tension: int
    log: tuple[tuple[str, Action], ...] = ()


def game_seed(batch_seed: int, index: int) -> int:
    """Game i of a batch gets a seed derived from the batch seed and i."""
    return derive_seed(batch_seed, "game", index) & 0xFFFFFFFF


def play_match(
    scenario: Scenario,
    seed: int,
    seats: Mapping[str, str] | None = None,
    keep_log: bool = False,
    max_actions: int = 100_000,
    recorder: Callable[[GameState, Action, GameState], None] | None = None,
) -> tuple[MatchResult, GameState, list[Event]]:
    """One game; `recorder` sees each (state before, action, state after), e.g. to save it."""
    seats = dict(seats or {})
    bots = {
        d.id: make_bot(seats.get(d.id, d.bot), seed, d.id, scenario) for d in scenario.delegations
    }
    state, events = start_game(scenario, seed)
    log: list[tuple[str, Action]] = []
    count = 0
    while state.outcome is None:
        if count >= max_actions:  # pragma: no cover - a bug guard, never a rule
            raise RuntimeError(f"game with seed {seed} did not end in {max_actions} actions")
        actor = state.order[state.turn]
        action = bots[actor].choose(view_for(state, actor), legal_actions(state))
        if keep_log:
            log.append((actor, action))
        before = state
        state, new = apply(state, action)
        if recorder is not None:
            recorder(before, action, state)
        events.extend(new)
        count += 1
    assert state.outcome is not None
    result = MatchResult(
        seed=seed,
        outcome=state.outcome,
        actions=count,
        agreements=len(state.agreements),
        secret_deals=sum(1 for a in state.agreements if a.has_secret),
        leaks=sum(1 for a in state.agreements if a.leaked),
        final_tension=state.track(scenario.rules.tension_track),
        log=tuple(log),
    )
    return result, state, events
