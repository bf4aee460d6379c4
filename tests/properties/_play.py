"""Shared helpers for the property tests: random legal play and the invariants it must keep.

Not a test module (the leading underscore keeps pytest from collecting it).
"""

from __future__ import annotations

import random
from collections import Counter as Multiset
from collections.abc import Iterator, Sequence

import attrs
from hypothesis import strategies as st

from wargame.core.actions import Accept, Action, Counter, Propose
from wargame.core.engine import apply, legal_actions, start_game
from wargame.core.events import Event
from wargame.core.model import GameState
from wargame.core.rules.scoring import issue_value
from wargame.core.scenario import Scenario

SEEDS = st.integers(0, 2**32 - 1)
# Names of the fixture `scenarios` (tests/properties/conftest.py).
SCENARIOS = st.sampled_from(("europe", "cuba", "tiny"))
# "uniform" picks any legal action with equal chance (mostly offers in negotiation);
# "by_kind" picks a kind first, like the random bot, so accepts and deals happen often;
# "dealmaker" leans to accepting and to secret offers, so secret deals and leaks happen.
POLICIES = st.sampled_from(("uniform", "by_kind", "dealmaker"))


def _has_secret(action: Action) -> bool:
    offer = action.offer if isinstance(action, Counter) else action
    return isinstance(offer, Propose) and any(t.secret for t in offer.terms)


def choose(rng: random.Random, legal: Sequence[Action], policy: str) -> Action:
    if policy == "uniform":
        return legal[rng.randrange(len(legal))]
    if policy == "dealmaker":
        accepts = [a for a in legal if isinstance(a, Accept)]
        if accepts and rng.random() < 0.8:
            return accepts[rng.randrange(len(accepts))]
        secret = [a for a in legal if _has_secret(a)]
        if secret and rng.random() < 0.7:
            return secret[rng.randrange(len(secret))]
    kinds: list[str] = []
    for action in legal:
        if action.kind not in kinds:
            kinds.append(action.kind)
    kind = kinds[rng.randrange(len(kinds))]
    options = [a for a in legal if a.kind == kind]
    return options[rng.randrange(len(options))]


@attrs.frozen
class Step:
    before: GameState
    legal: list[Action]  # legal_actions(before)
    action: Action
    after: GameState
    events: list[Event]


def action_bound(scenario: Scenario) -> int:
    """An upper bound on the actions of any game.

    Every accepted action advances the turn by one, and an action phase ends after
    `laps` full turns round the table at the latest; so a round holds at most
    sum(laps) * seats actions, and there are at most max_rounds rounds.
    """
    per_round = sum(p.laps for p in scenario.phases if p.actions) * len(scenario.turn_order)
    return scenario.rules.max_rounds * per_round


def walk(
    scenario: Scenario,
    seed: int,
    play_seed: int,
    policy: str = "by_kind",
    max_steps: int | None = None,
) -> Iterator[Step]:
    """Random legal play from start_game(scenario, seed): yields every step.

    Stops when the game ends, or after max_steps; raises if the game outlasts the
    bound that the rules guarantee (so a runaway game fails instead of hanging).
    """
    rng = random.Random(play_seed)
    state, _ = start_game(scenario, seed)
    bound = action_bound(scenario)
    steps = 0
    while state.outcome is None:
        if max_steps is not None and steps >= max_steps:
            return
        if steps > bound:
            raise AssertionError(f"seed {seed}: the game outlasted {bound} actions")
        legal = legal_actions(state)
        action = choose(rng, legal, policy)
        after, events = apply(state, action)
        yield Step(state, legal, action, after, events)
        state = after
        steps += 1


def play(
    scenario: Scenario, seed: int, play_seed: int, policy: str = "by_kind"
) -> tuple[GameState, list[Action], list[Event]]:
    """A whole game of random legal play: the final state, the actions, all events."""
    state, events = start_game(scenario, seed)
    actions: list[Action] = []
    for step in walk(scenario, seed, play_seed, policy):
        actions.append(step.action)
        events.extend(step.events)
        state = step.after
    return state, actions, events


# -- invariants ----------------------------------------------------------------


def check_bounds(state: GameState) -> None:
    scenario = state.scenario
    for spec, value in zip(scenario.tracks, state.tracks, strict=True):
        assert spec.min <= value <= spec.max, (
            f"track {spec.id}={value} outside {spec.min}..{spec.max}"
        )
    for d, ds in zip(scenario.delegations, state.delegations, strict=True):
        for spec, value in zip(scenario.resources, ds.resources, strict=True):
            assert spec.min <= value <= spec.max, (
                f"{d.id}.{spec.id}={value} outside {spec.min}..{spec.max}"
            )
    for spec, value in zip(scenario.alliances, state.cohesion, strict=True):
        assert 0 <= value <= spec.max, f"cohesion {spec.id}={value} outside 0..{spec.max}"
    assert 1 <= state.round <= scenario.rules.max_rounds
    assert 0 <= state.phase < len(scenario.phases)
    assert 0 <= state.turn < len(state.order)


def check_conservation(state: GameState) -> None:
    scenario = state.scenario
    cards = Multiset(state.deck) + Multiset(state.discard) + Multiset(state.removed)
    for ds in state.delegations:
        cards += Multiset(ds.hand)
    assert cards == Multiset(scenario.deck), (
        f"cards not conserved: extra {cards - Multiset(scenario.deck)}, "
        f"missing {Multiset(scenario.deck) - cards}"
    )
    events = Multiset(state.event_deck) + Multiset(state.event_discard)
    assert events == Multiset(scenario.event_deck), (
        f"events not conserved: extra {events - Multiset(scenario.event_deck)}, "
        f"missing {Multiset(scenario.event_deck) - events}"
    )


def snapshot(state: GameState) -> str:
    """A deep, immutable picture of a state (the scenario is not part of its repr)."""
    return repr(state)


def check_secret_scores(state: GameState) -> None:
    """Secret scores are exactly the worth of the secret steps not yet leaked, to their parties:
    each secret term of an unleaked deal gives each party its value at the deal's weight plus
    the issue's salience; a leak moves that into the public score."""
    scenario = state.scenario
    expected = [0] * len(scenario.delegations)
    for a in state.agreements:
        if a.leaked:
            continue
        for t in a.secret_terms:
            for d in a.parties:
                worth = issue_value(scenario, d, t.issue, a.weight) + state.issue(t.issue).salience
                expected[scenario.delegation_index[d]] += worth
    actual = [ds.secret_score for ds in state.delegations]
    assert actual == expected, f"secret scores {actual}, expected {expected}"


def check_board(state: GameState) -> None:
    """The bookkeeping agrees with itself: issues and the agreements that settled them,
    links, proposals on the table, revealed red lines, the seating order."""
    scenario = state.scenario
    deals = {a.id: a for a in state.agreements}
    assert len(deals) == len(state.agreements), "two agreements share an id"
    for spec, issue in zip(scenario.issues, state.issues, strict=True):
        assert issue.status in ("open", "agreed")
        if issue.status == "agreed":
            deal = deals.get(issue.agreement) if issue.agreement is not None else None
            assert deal is not None, f"{spec.id} agreed by no agreement"
            assert spec.id in {t.issue for t in deal.terms}
            assert issue.form == deal.form
        else:
            assert issue.agreement is None and issue.form is None
        assert spec.id not in issue.links and len(set(issue.links)) == len(issue.links)
        for other in issue.links:
            assert spec.id in state.issue(other).links, f"link {spec.id}-{other} one-sided"
    for deal in state.agreements:
        assert deal.id < state.next_id
        for t in deal.terms:
            assert state.issue(t.issue).agreement == deal.id, f"{t.issue} not settled by #{deal.id}"
    ids = [p.id for p in state.proposals]
    assert len(set(ids)) == len(ids) and all(i < state.next_id for i in ids)
    assert not set(ids) & set(deals)
    for p in state.proposals:
        assert p.proposer not in p.addressees
        assert set(p.accepted) < set(p.addressees), "a fully accepted proposal left on the table"
        assert p.forum == state.forum, "a proposal outlived a move of the talks"
    for spec, ds in zip(scenario.delegations, state.delegations, strict=True):
        assert len(set(ds.revealed)) == len(ds.revealed)
        assert set(ds.revealed) <= set(spec.red_lines)
        assert ds.consulted_round <= state.round
    order = scenario.turn_order
    assert sorted(state.order) == sorted(order)
    if not scenario.rules.rotate_first:
        assert state.order == order
    assert state.crisis_rounds >= 0
