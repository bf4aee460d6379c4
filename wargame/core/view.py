"""A delegation's view of the game: exactly what it may know, and nothing more.

Hidden from a delegation: other hands, the deck order and the generator, secret
terms of deals it is not party to (until they leak), others' red lines until
revealed, others' pain points and secret scores.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from functools import partial
from types import MappingProxyType
from typing import Any, TypeVar, cast

import attrs

from wargame.core.actions import Term
from wargame.core.model import (
    Agreement,
    DelegationState,
    GameState,
    IssueState,
    Outcome,
    Proposal,
)
from wargame.core.scenario import DelegationDef, ForumDef, IssueDef, Scenario


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


def view_for(state: GameState, delegation: str | None, *, lazy: bool = False) -> View:
    """`lazy`: the delegations' public records and the issues, which the scripted bots
    never read, are made when first read (see `LaterView`)."""
    scenario = state.scenario
    seen = _seen(scenario)
    # The parts of a delegation's last view, kept with the state's parts they were made
    # from: consecutive states share most parts (see Draft.freeze), often all of them.
    sources = (
        state.tracks,
        state.cohesion,
        state.delegations,
        state.issues,
        state.proposals,
        state.agreements,
        state.forum,
    )
    views = scenario.memo.get("views")  # a delegation (None: the public): its last view's parts
    if not isinstance(views, dict):
        views = scenario.memo["views"] = {}
    last = views.get(delegation)
    if (
        last is None
        or not all(map(operator.is_, last[0], sources))
        or (not lazy and (last[1][2] is LATER or last[1][3] is LATER))
    ):
        last = views[delegation] = (sources, *_parts(seen, state, delegation, last, lazy))
    tracks, cohesion, delegations, issues, proposals, agreements, me = last[1]
    outcome = state.outcome
    # By position, in the order of View's fields (keywords cost its init a fifth more, on
    # every decision); check_view in tests/properties/test_view_privacy.py reads each field.
    view = (LaterView if lazy else View)(
        delegation,
        state.round,
        scenario.rules.max_rounds,
        scenario.phases[state.phase].id,
        None if outcome is not None else state.order[state.turn],
        state.forum,
        tracks,
        state.crisis_rounds > 0,
        cohesion,
        delegations,
        issues,
        proposals,
        agreements,
        me,
        len(state.deck),
        state.discard,
        outcome,
    )
    if lazy:
        hidden = last[2]
        make = partial(_later_parts, seen, scenario, state.delegations, state.issues, hidden)
        object.__setattr__(view, "_make", make)
    return view


# A part of a lazy view not made yet (see LaterView).
LATER: Any = object()


class LaterView(View):
    """A view whose `delegations` and `issues` are made on first read: the bots are asked
    for a move on every turn, and the scripted ones never read either (nor does a bot's
    move depend on when they are made). Otherwise a View, equal only to another LaterView."""

    __slots__ = ("_make",)
    _make: Callable[[], tuple[Any, ...]]


def _later(slot: Any, index: int) -> property:
    def get(view: LaterView) -> Any:
        value = slot.__get__(view, LaterView)
        if value is LATER:
            made = view._make()
            for field, part in zip(LATER_FIELDS, made, strict=True):
                if View.__dict__[field].__get__(view, LaterView) is LATER:
                    View.__dict__[field].__set__(view, part)
            value = made[index]
        return value

    def put(view: LaterView, value: Any) -> None:  # View's own init and attrs.evolve set it
        slot.__set__(view, value)

    return property(get, put)


LATER_FIELDS = ("delegations", "issues")
for _index, _field in enumerate(LATER_FIELDS):
    setattr(LaterView, _field, _later(View.__dict__[_field], _index))


def _later_parts(
    seen: Seen,
    scenario: Scenario,
    delegations: tuple[DelegationState, ...],
    issues: tuple[IssueState, ...],
    hidden: frozenset[str],
) -> tuple[tuple[PublicDelegation, ...], tuple[IssueView, ...]]:
    return (
        _remember(seen, "public", delegations, partial(_public, scenario)),
        _remember(seen, hidden, issues, partial(_issue_views, scenario, hidden)),
    )


def _parts(
    seen: Seen,
    state: GameState,
    delegation: str | None,
    last: tuple[Any, ...] | None,
    lazy: bool = False,
) -> tuple[tuple[Any, ...], frozenset[str]]:
    """The parts of a view made from the state's collections, and the issues whose secret
    settlement the delegation does not know. A part whose sources are the very objects of
    the delegation's last view is that view's part; the others are remembered by the
    identity of the state's part they are made from (an action changes one or two)."""
    scenario = state.scenario
    was, old, old_hidden = last if last is not None else ((None,) * 7, (None,) * 7, None)
    if was[5] is state.agreements:
        agreements, hidden = old[5], old_hidden
    else:
        agreements, hidden = _remember(
            seen,
            ("agreements", delegation),
            state.agreements,
            partial(_agreements, seen, delegation=delegation),
        )
    forum = state.forum
    if was[0] is state.tracks:
        tracks = old[0]
    else:
        tracks = _remember(seen, "tracks", state.tracks, partial(_named, scenario.tracks))
    if was[1] is state.cohesion:
        cohesion = old[1]
    else:
        cohesion = _remember(seen, "cohesion", state.cohesion, partial(_named, scenario.alliances))
    if was[2] is state.delegations and old[2] is not LATER:
        public = old[2]
    elif lazy:
        public = LATER
    else:
        public = _remember(seen, "public", state.delegations, partial(_public, scenario))
    if was[2] is state.delegations:
        me = old[6]
    elif delegation is None:
        me = NO_PRIVATE
    else:
        i = scenario.delegation_index[delegation]
        d = state.delegations[i]
        me = old[6]
        # Most actions change what a delegation holds, seldom its hand or secret score.
        if me is None or me.hand != d.hand or me.secret_score != d.secret_score:
            me = _remember(seen, ("me", i), d, partial(_private, scenario, i))
    if was[3] is state.issues and old_hidden == hidden and old[3] is not LATER:
        issues = old[3]
    elif lazy:
        issues = LATER
    else:
        issues = _remember(seen, hidden, state.issues, partial(_issue_views, scenario, hidden))
    if was[4] is state.proposals and was[6] == forum:
        proposals = old[4]
    else:
        proposals = _remember(
            seen,
            ("proposals", delegation, forum),
            state.proposals,
            partial(_proposals, seen, scenario.forum_by_id[forum], delegation=delegation),
        )
    return (tracks, cohesion, public, issues, proposals, agreements, me), hidden


def _named(specs: tuple[Any, ...], values: tuple[int, ...]) -> Mapping[str, int]:
    # Read-only: views share it for as long as the state's part is the same.
    return MappingProxyType({spec.id: value for spec, value in zip(specs, values, strict=True)})


def _agreements(
    seen: Seen, agreements: tuple[Agreement, ...], *, delegation: str | None
) -> tuple[tuple[Agreement, ...], frozenset[str]]:
    """The agreements as a delegation sees them, and the issues settled only by secret
    terms it does not know of: those still look open to it."""
    hidden: set[str] = set()
    shown = []
    for a in agreements:
        # Without secret terms, what outsiders see is the record itself.
        if not (a.leaked or delegation in a.parties) and a.has_secret:
            hidden.update(t.issue for t in a.terms if t.secret)
            a = _remember(seen, ("outsider", "agreement", a.id), a, _outsiders_copy)
        shown.append(a)
    return tuple(shown), frozenset(hidden)


def _proposals(
    seen: Seen, forum: ForumDef, proposals: tuple[Proposal, ...], *, delegation: str | None
) -> tuple[Proposal, ...]:
    """The proposals a delegation sees: in a closed forum, only members and parties see
    them; those outside a proposal do not see its secret terms."""
    shown = []
    closed = not forum.public
    member = delegation is not None and delegation in forum.members
    for p in proposals:
        party = delegation == p.proposer or delegation in p.addressees
        if closed and not (party or member):
            continue
        if not party and p.has_secret:  # else outsiders see the proposal itself
            p = _remember(seen, ("outsider", "proposal", p.id), p, _outsiders_copy)
        shown.append(p)
    # A delegation party to every proposal sees the state's own tuple, as it mostly does.
    return (
        proposals
        if len(shown) == len(proposals) and all(map(operator.is_, shown, proposals))
        else tuple(shown)
    )


# Views are built for every decision of every bot, from states that share most of their
# parts (see Draft.freeze): each part of a view is remembered with the object it was made
# from, the last one for each kind of part (and each delegation), and made anew only when
# the state's part is another object.
_T = TypeVar("_T")
_R = TypeVar("_R")
REMEMBERED = 4096  # kinds of parts; a bound that a game's few dozen never reach

Seen = dict[object, tuple[object, object]]


def _seen(scenario: Scenario) -> Seen:
    table = scenario.memo.get("view-parts")
    if not isinstance(table, dict) or len(table) >= REMEMBERED:
        table = scenario.memo["view-parts"] = {}
    return table


def _remember(seen: Seen, kind: object, source: _T, make: Callable[[_T], _R]) -> _R:
    hit = seen.get(kind)
    if hit is None or hit[0] is not source:
        hit = seen[kind] = (source, make(source))
    return cast("_R", hit[1])


def _outsiders_copy(record: _T) -> _T:
    """A proposal or agreement as those outside it see it: without its secret terms."""
    return attrs.evolve(record, terms=_visible_terms(record.terms, False))  # type: ignore[attr-defined,misc]


def _issue_views(
    scenario: Scenario, hidden: frozenset[str], issues: tuple[IssueState, ...]
) -> tuple[IssueView, ...]:
    # The last view of each issue, as insiders and as those kept out of a secret deal see it.
    specs = scenario.issues
    last = _slots(scenario, "view-issues", 2 * len(specs))
    out = []
    for i, st in enumerate(issues):
        s = specs[i]
        secret = s.id in hidden
        at = 2 * i + secret
        hit = last[at]
        if hit is None or hit[0] is not st:
            hit = last[at] = (st, _issue_view(s, secret, st))
        out.append(hit[1])
    return tuple(out)


def _slots(scenario: Scenario, kind: str, size: int) -> list[Any]:
    """(source, part) slots, one an item of a state's collection, kept on the scenario."""
    found = scenario.memo.get(kind)
    if not isinstance(found, list):
        found = scenario.memo[kind] = [None] * size
    return found


def _issue_view(s: IssueDef, secret: bool, st: IssueState) -> IssueView:
    """An issue settled only by a secret term still looks open to those outside the deal."""
    return IssueView(
        id=s.id,
        name=s.name,
        status="open" if secret else st.status,
        form=None if secret else st.form,
        salience=st.salience,
        links=st.links,
        core=s.core,
        poison_pill=s.poison_pill,
    )


def _public(
    scenario: Scenario, delegations: tuple[DelegationState, ...]
) -> tuple[PublicDelegation, ...]:
    specs = scenario.delegations
    last = _slots(scenario, "view-public", len(specs))
    out = []
    for i, s in enumerate(delegations):
        hit = last[i]
        if hit is None or hit[0] is not s:
            hit = last[i] = (s, _public_one(scenario, specs[i], s))
        out.append(hit[1])
    return tuple(out)


def _public_one(scenario: Scenario, d: DelegationDef, s: DelegationState) -> PublicDelegation:
    return PublicDelegation(
        id=d.id,
        name=d.name,
        resources=_named(scenario.resources, s.resources),
        score=s.score,
        hand_size=len(s.hand),
        revealed_red_lines=s.revealed,
        alliance=d.alliance,
    )


def _private(scenario: Scenario, i: int, me: DelegationState) -> PrivateInfo:
    me_def = scenario.delegations[i]
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
