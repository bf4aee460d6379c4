"""Plays one headless game with a bot in every seat."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from wargame.bots.base import Bot, ask
from wargame.bots.registry import make_bot
from wargame.core.actions import Action, PlayCard
from wargame.core.engine import apply, start_game
from wargame.core.events import Event
from wargame.core.model import GameState, Outcome
from wargame.core.rng import derive_seed
from wargame.core.scenario import Scenario


@attrs.frozen
class MatchResult:
    seed: int
    outcome: Outcome
    actions: int
    agreements: int
    secret_deals: int
    leaks: int
    final_tension: int
    de_jure: int = 0
    de_facto: int = 0
    seats: Mapping[str, str] = attrs.field(factory=dict)
    moves: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)
    cards: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)  # seat: card: plays
    log: tuple[tuple[str, Action], ...] = ()
    fallbacks: Mapping[str, str] = attrs.field(factory=dict)  # seat: why its bot was replaced

    def row(self, game: int) -> dict[str, Any]:
        """One line of a batch's results: plain data for JSON, CSV and statistics."""
        o = self.outcome
        row = {
            "game": game,
            "seed": self.seed,
            "outcome": o.kind,
            "round": o.round,
            "winners": list(o.winners),
            "scores": dict(o.scores),
            "seats": dict(self.seats),
            "agreements": self.agreements,
            "de_jure": self.de_jure,
            "de_facto": self.de_facto,
            "secret_deals": self.secret_deals,
            "leaks": self.leaks,
            "final_tension": self.final_tension,
            "actions": self.actions,
            "moves": {seat: dict(kinds) for seat, kinds in self.moves.items()},
            "cards": {seat: dict(plays) for seat, plays in self.cards.items()},
        }
        if self.fallbacks:  # only external bots fail, so other rows stay as they were
            row["fallbacks"] = dict(self.fallbacks)
        return row


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
    players = {d.id: dict(seats or {}).get(d.id, d.bot) for d in scenario.delegations}
    bots: dict[str, Bot] = {}
    moves: dict[str, dict[str, int]] = {d: {} for d in players}
    cards: dict[str, dict[str, int]] = {d: {} for d in players}
    state, events = start_game(scenario, seed)
    log: list[tuple[str, Action]] = []
    count = 0
    try:
        for d, name in players.items():
            bots[d] = make_bot(name, seed, d, scenario)
        while state.outcome is None:
            if count >= max_actions:  # pragma: no cover - a bug guard, never a rule
                raise RuntimeError(f"game with seed {seed} did not end in {max_actions} actions")
            actor = state.order[state.turn]
            action = ask(bots[actor], state)
            if keep_log:
                log.append((actor, action))
            tally = moves[actor]
            tally[action.kind] = tally.get(action.kind, 0) + 1
            if isinstance(action, PlayCard):
                played = cards[actor]
                played[action.card] = played.get(action.card, 0) + 1
            before = state
            state, new = apply(state, action)
            if recorder is not None:
                recorder(before, action, state)
            events.extend(new)
            count += 1
    finally:
        for bot in bots.values():  # external bots: end their programs
            if hasattr(bot, "close"):
                bot.close(state.outcome)
    assert state.outcome is not None
    result = MatchResult(
        seed=seed,
        outcome=state.outcome,
        actions=count,
        agreements=len(state.agreements),
        secret_deals=sum(1 for a in state.agreements if a.has_secret),
        leaks=sum(1 for a in state.agreements if a.leaked),
        final_tension=state.track(scenario.rules.tension_track),
        de_jure=sum(1 for a in state.agreements if a.form == "de_jure"),
        de_facto=sum(1 for a in state.agreements if a.form == "de_facto"),
        seats=players,
        moves={d: dict(sorted(k.items())) for d, k in moves.items()},
        cards={d: dict(sorted(c.items())) for d, c in cards.items()},
        log=tuple(log),
        fallbacks={d: f for d, b in bots.items() if (f := getattr(b, "failure", None))},
    )
    return result, state, events
