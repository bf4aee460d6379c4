"""A delegation's view of the game: exactly what it may know, and nothing more.

Hidden from a delegation: other hands, the deck order and the generator, secret
terms of deals it is not party to (until they leak), others' red lines until
revealed, others' pain points and secret scores.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar, cast

import attrs

from wargame.core.actions import Term
from wargame.core.model import Agreement, GameState, Outcome, Proposal
from wargame.core.scenario import Scenario


@attrs.frozen
class PublicDelegation:
    id: str
    name: str
    resources: Mapping[str, int]
    score: int
    hand_size: int
    revealed_red_lines: tuple[str, ...]
    alliance: str | None


@attrs.frozen
class IssueView:
    id: str
    name: str
    status: str
    form: str | None
    salience: int
    links: tuple[str, ...]
    core: bool
    poison_pill: bool


@attrs.frozen
class PrivateInfo:
    """What only the delegation itself knows."""

    hand: tuple[str, ...]
    pain_points: tuple[str, ...]
    red_lines: tuple[str, ...]
    values: Mapping[str, int]
    secret_score: int
    tension_tolerance: int


@attrs.frozen
class View:
    delegation: str | None  # None: the public record, as a spectator sees it
    round: int
    max_rounds: int
    phase: str
    to_act: str | None
    forum: str
    tracks: Mapping[str, int]
    crisis: bool
    cohesion: Mapping[str, int]
    delegations: tuple[PublicDelegation, ...]
    issues: tuple[IssueView, ...]
    proposals: tuple[Proposal, ...]
    agreements: tuple[Agreement, ...]
    me: PrivateInfo
    deck_size: int
    discard: tuple[str, ...]
    outcome: Outcome | None


def _visible_terms(terms: tuple[Term, ...], knows: bool) -> tuple[Term, ...]:
    return terms if knows else tuple(t for t in terms if not t.secret)


NO_PRIVATE = PrivateInfo(
    hand=(), pain_points=(), red_lines=(), values={}, secret_score=0, tension_tolerance=0
)


def public_view(state: GameState) -> View:
    """What anyone outside every deal and every private forum may know."""
    return view_for(state, None)


def view_for(state: GameState, delegation: str | None) -> View:
    scenario = state.scenario
    seen = _seen(scenario)
    # Issues settled only by a secret term still look open to those outside the deal.
    hidden_settled: set[str] = set()
    agreements = []
    for a in state.agreements:
        knows = a.leaked or delegation in a.parties
        if not knows:
            hidden_settled.update(t.issue for t in a.terms if t.secret)
            a = _remember(seen, "outsider", a, _outsiders_copy)
        agreements.append(a)
    hidden = frozenset(hidden_settled)
    issues = _remember(seen, hidden, state.issues, lambda _: _issue_views(state, hidden))
    forum = scenario.forum_by_id[state.forum]
    proposals = []
    for p in state.proposals:
        insider = delegation is not None and (
            delegation in forum.members or delegation in p.parties
        )
        if not forum.public and not insider:
            continue
        if delegation not in p.parties:
            p = _remember(seen, "outsider", p, _outsiders_copy)
        proposals.append(p)
    return View(
        delegation=delegation,
        round=state.round,
        max_rounds=scenario.rules.max_rounds,
        phase=state.phase_id,
        to_act=state.to_act,
        forum=state.forum,
        tracks={t.id: state.tracks[i] for i, t in enumerate(scenario.tracks)},
        crisis=state.in_crisis,
        cohesion={a.id: state.cohesion[i] for i, a in enumerate(scenario.alliances)},
        delegations=_remember(seen, "public", state.delegations, lambda _: _public(state)),
        issues=issues,
        proposals=tuple(proposals),
        agreements=tuple(agreements),
        me=_private(state, delegation),
        deck_size=len(state.deck),
        discard=state.discard,
        outcome=state.outcome,
    )


# Views are built for every decision of every bot, from states that share most of their
# parts (see Draft.freeze): the parts made from a shared object are remembered by its
# identity, the object kept alongside so its id cannot be reused while remembered.
_T = TypeVar("_T")
_R = TypeVar("_R")
REMEMBERED = 4096


def _seen(scenario: Scenario) -> dict[tuple[object, int], tuple[object, object]]:
    table = scenario.memo.get("view-parts")
    if not isinstance(table, dict) or len(table) >= REMEMBERED:
        table = scenario.memo["view-parts"] = {}
    return table


def _remember(
    seen: dict[tuple[object, int], tuple[object, object]],
    kind: object,
    source: _T,
    make: Callable[[_T], _R],
) -> _R:
    key = (kind, id(source))
    hit = seen.get(key)
    if hit is None or hit[0] is not source:
        hit = seen[key] = (source, make(source))
    return cast("_R", hit[1])


def _outsiders_copy(record: _T) -> _T:
    """A proposal or agreement as those outside it see it: without its secret terms."""
    return attrs.evolve(record, terms=_visible_terms(record.terms, False))  # type: ignore[attr-defined,misc]


def _issue_views(state: GameState, hidden: frozenset[str]) -> tuple[IssueView, ...]:
    issues = []
    for i, s in enumerate(state.scenario.issues):
        st = state.issues[i]
        secret = s.id in hidden
        issues.append(
            IssueView(
                id=s.id,
                name=s.name,
                status="open" if secret else st.status,
                form=None if secret else st.form,
                salience=st.salience,
                links=st.links,
                core=s.core,
                poison_pill=s.poison_pill,
            )
        )
    return tuple(issues)


def _public(state: GameState) -> tuple[PublicDelegation, ...]:
    scenario = state.scenario
    return tuple(
        PublicDelegation(
            id=d.id,
            name=d.name,
            resources={r.id: s.resources[j] for j, r in enumerate(scenario.resources)},
            score=s.score,
            hand_size=len(s.hand),
            revealed_red_lines=s.revealed,
            alliance=d.alliance,
        )
        for d, s in zip(scenario.delegations, state.delegations, strict=True)
    )


def _private(state: GameState, delegation: str | None) -> PrivateInfo:
    if delegation is None:
        return NO_PRIVATE
    i = state.scenario.delegation_index[delegation]
    me_def = state.scenario.delegations[i]
    me = state.delegations[i]
    return PrivateInfo(
        hand=me.hand,
        pain_points=me_def.pain_points,
        red_lines=me_def.red_lines,
        values=me_def.values,
        secret_score=me.secret_score,
        tension_tolerance=me_def.tension_tolerance,
    )


def facilitator_view(state: GameState) -> View:
    """Everything on the board, secret terms included: the facilitator's replay view."""
    public = view_for(state, None)
    scenario = state.scenario
    return attrs.evolve(
        public,
        issues=tuple(
            attrs.evolve(issue, status=state.issues[i].status, form=state.issues[i].form)
            for i, issue in enumerate(public.issues)
        ),
        proposals=state.proposals,
        agreements=state.agreements,
        delegations=tuple(
            attrs.evolve(d, revealed_red_lines=scenario.delegations[i].red_lines)
            for i, d in enumerate(public.delegations)
        ),
    )
