"""Scoring: the upkeep each round, final scores, winners and the end of the game."""

from __future__ import annotations

import math
from collections.abc import Sequence

from wargame.core.belief import looks_open
from wargame.core.model import Draft, GameState, Outcome
from wargame.core.scenario import Scenario


def round_half_up(x: float) -> int:
    """Halves round away from zero (Python's round() sends 2.5 to 2 but 7.5 to 8)."""
    n = math.floor(abs(x) + 0.5)
    return n if x >= 0 else -n


def issue_value(scenario: Scenario, delegation: str, issue: str, weight: float) -> int:
    """What settling an issue is worth to a delegation at a given agreement weight."""
    base = scenario.delegation(delegation).values.get(issue, 0)
    return round_half_up(base * weight) if base else 0


def final_score(
    scenario: Scenario,
    index: int,
    score: int,
    secret_score: int,
    resources: Sequence[int],
    cohesion: Sequence[int],
) -> int:
    d = scenario.delegations[index]
    total = score + secret_score
    for res, weight in d.victory.resource_weights.items():
        total += resources[scenario.resource_index[res]] * weight
    if d.alliance is not None:
        a = scenario.alliance_index[d.alliance]
        alliance = scenario.alliances[a]
        total += (cohesion[a] - alliance.cohesion) * alliance.score_weight
    return total


def standings(state: GameState) -> tuple[tuple[str, int], ...]:
    """Every delegation's final score if the game ended now (secret scores included)."""
    return tuple(
        (
            d.id,
            final_score(state.scenario, i, s.score, s.secret_score, s.resources, state.cohesion),
        )
        for i, (d, s) in enumerate(zip(state.scenario.delegations, state.delegations, strict=True))
    )


def end_game(draft: Draft, kind: str, reason: str) -> None:
    scenario = draft.scenario
    scores = tuple(
        (
            d.id,
            final_score(
                scenario,
                i,
                draft.scores[i],
                draft.secret_scores[i],
                draft.resources[i],
                draft.cohesion,
            ),
        )
        for i, d in enumerate(scenario.delegations)
    )
    winners = tuple(
        d.id
        for d, (_, score) in zip(scenario.delegations, scores, strict=True)
        if kind in d.victory.outcomes and score >= d.victory.min_score
    )
    draft.outcome = Outcome(
        kind=kind, round=draft.round, winners=winners, scores=scores, reason=reason
    )
    names = ", ".join(scenario.delegation(w).name for w in winners) or "nobody"
    table = ", ".join(f"{scenario.delegation(d).name} {s}" for d, s in scores)
    draft.emit(
        "game_over",
        f"Game over in round {draft.round}: {kind} ({reason}). Winners: {names}. Scores: {table}.",
        outcome=kind,
        winners=winners,
    )


def any_core_open(draft: Draft) -> bool:
    return any(
        issue.core and draft.issues[i].status == "open"
        for i, issue in enumerate(draft.scenario.issues)
    )


def check_settlement(draft: Draft) -> None:
    if draft.outcome is None and not any_core_open(draft):
        draft.emit("settlement", "Every core issue is settled.")
        end_game(draft, "settlement", "every core issue settled")


def upkeep(draft: Draft) -> None:
    """The round's running costs and protraction pay, scored privately by cause."""
    rules = draft.rules
    tension = draft.track(rules.tension_track)
    unresolved = any_core_open(draft)
    for i, d in enumerate(draft.scenario.delegations):
        parts: list[str] = []
        change = 0
        over = tension - d.tension_tolerance
        if over > 0 and rules.tension_penalty:
            change -= over * rules.tension_penalty
            parts.append(f"tension above tolerance {-over * rules.tension_penalty:+d}")
        # Judged as the delegation knows the board: a pain eased in secret by others still
        # hurts until the deal leaks.
        pains = sum(1 for p in d.pain_points if looks_open(draft, p, d.id))
        if pains and rules.pain_penalty:
            change -= pains * rules.pain_penalty
            parts.append(f"unsettled pain points {-pains * rules.pain_penalty:+d}")
        if unresolved and d.victory.per_round_unresolved:
            change += d.victory.per_round_unresolved
            parts.append(f"talks drag on {d.victory.per_round_unresolved:+d}")
        if change:
            draft.scores[i] += change
            draft.emit(
                "upkeep",
                f"{d.name}: score {change:+d} ({'; '.join(parts)}).",
                actor=d.id,
                visible_to=(d.id,),
                change=change,
            )
