"""A delegation's view of the game: exactly what it may know, and nothing more.

Hidden from a delegation: other hands, the deck order and the generator, secret
terms of deals it is not party to (until they leak), others' red lines until
revealed, others' pain points and secret scores.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from wargame.core.actions import Term
from wargame.core.model import Agreement, GameState, Outcome, Proposal


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
    # Issues settled only by a secret term still look open to those outside the deal.
    hidden_settled: set[str] = set()
    agreements = []
    for a in state.agreements:
        knows = a.leaked or delegation in a.parties
        if not knows:
            hidden_settled.update(t.issue for t in a.terms if t.secret)
            a = attrs.evolve(a, terms=_visible_terms(a.terms, False))
        agreements.append(a)
    issues = []
    for i, s in enumerate(scenario.issues):
        st = state.issues[i]
        hidden = s.id in hidden_settled
        issues.append(
            IssueView(
                id=s.id,
                name=s.name,
                status="open" if hidden else st.status,
                form=None if hidden else st.form,
                salience=st.salience,
                links=st.links,
                core=s.core,
                poison_pill=s.poison_pill,
            )
        )
    forum = scenario.forum_by_id[state.forum]
    proposals = []
    for p in state.proposals:
        insider = delegation is not None and (
            delegation in forum.members or delegation in p.parties
        )
        if not forum.public and not insider:
            continue
        if delegation not in p.parties:
            p = attrs.evolve(p, terms=_visible_terms(p.terms, False))
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
        delegations=tuple(
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
        ),
        issues=tuple(issues),
        proposals=tuple(proposals),
        agreements=tuple(agreements),
        me=_private(state, delegation),
        deck_size=len(state.deck),
        discard=state.discard,
        outcome=state.outcome,
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
