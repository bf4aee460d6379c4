"""Headless matches with the random bot: a seed fixes the whole match."""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.core.engine import apply, start_game
from wargame.core.scenario import Scenario
from wargame.runner.match import game_seed, play_match

from ._play import SCENARIOS, SEEDS, action_bound


# Two bot games per example, each slower than plain random play (the bot reads a view
# every turn): half the profile's examples.
@settings(max_examples=max(5, settings.default.max_examples // 2))
@given(name=SCENARIOS, seed=SEEDS)
def test_the_same_seed_gives_the_same_match(
    scenarios: dict[str, Scenario], name: str, seed: int
) -> None:
    scenario = scenarios[name]
    first, state_a, events_a = play_match(scenario, seed, keep_log=True)
    second, state_b, events_b = play_match(scenario, seed, keep_log=True)
    assert first == second
    assert state_a == state_b
    assert events_a == events_b
    # The result describes the game it came from.
    assert first.seed == seed
    assert first.outcome == state_a.outcome
    assert first.actions == len(first.log) == state_a.steps
    assert first.actions <= action_bound(scenario)
    assert first.agreements == len(state_a.agreements)
    assert first.secret_deals == sum(1 for a in state_a.agreements if a.has_secret)
    assert first.leaks == sum(1 for a in state_a.agreements if a.leaked)
    # The log replays: each entry names the delegation to act, and its action is legal.
    state, _ = start_game(scenario, seed)
    for actor, action in first.log:
        assert state.to_act == actor
        state, _ = apply(state, action)
    assert state == state_a


@given(batch=SEEDS)
def test_game_seeds_are_stable_32_bit_seeds(batch: int) -> None:
    seeds = [game_seed(batch, i) for i in range(4)]
    assert seeds == [game_seed(batch, i) for i in range(4)]
    assert all(0 <= s < 2**32 for s in seeds)


PERSONALITY_SEATS = {
    "europe": {
        "us": "dealmaker",
        "russia": "protractor",
        "europe": "alliance_manager",
        "ukraine": "hardliner",
    },
    "cuba": {},
    "tiny": {},
}


@settings(max_examples=max(4, settings.default.max_examples // 4))
@given(name=SCENARIOS, seed=SEEDS, before=st.lists(SEEDS, min_size=1, max_size=3))
def test_a_match_does_not_depend_on_the_games_played_before_it(
    scenarios: dict[str, Scenario], name: str, seed: int, before: list[int]
) -> None:
    """Menus, views and bots' judgements are memoized per process: a game played after
    others (warm tables) is the game played first (cold tables)."""
    warm = scenarios[name]
    cold = attrs.evolve(warm)  # the same content with empty memo tables
    assert not cold.memo
    seats = PERSONALITY_SEATS[name] or {d.id: "dealmaker" for d in warm.delegations}
    for other in before:
        play_match(warm, other, seats)
    first = play_match(cold, seed, seats, keep_log=True)[0]
    after = play_match(warm, seed, seats, keep_log=True)[0]
    assert first.row(0) == after.row(0)
    assert first.log == after.log
