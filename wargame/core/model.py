"""The game state: frozen, and the one mutable draft that `apply` builds the next state in."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

import attrs

from wargame.core.actions import EconomicTerm, Term
from wargame.core.events import Event
from wargame.core.rng import Rng
from wargame.core.scenario import Scenario


@attrs.frozen
class DelegationState:
    resources: tuple[int, ...]
    score: int = 0
    secret_score: int = 0
    hand: tuple[str, ...] = ()
    revealed: tuple[str, ...] = ()  # own red lines known to all
    consulted_round: int = 0
    links_made: int = 0


@attrs.frozen
class IssueState:
    status: str = "open"  # open | agreed
    form: str | None = None
    salience: int = 0
    links: tuple[str, ...] = ()
    agreement: int | None = None


@attrs.frozen
class Proposal:
    id: int
    proposer: str
    addressees: tuple[str, ...]
    terms: tuple[Term, ...]
    form: str
    framing: str
    economics: tuple[EconomicTerm, ...]
    forum: str
    round: int
    accepted: tuple[str, ...] = ()
    stalls: int = 0
    stalled_round: int = 0  # stalled in this round: frozen now, carried into the next

    @property
    def parties(self) -> tuple[str, ...]:
        return (self.proposer, *self.addressees)

    @property
    def has_secret(self) -> bool:
        return any(t.secret for t in self.terms)


@attrs.frozen
class Agreement:
    id: int
    proposer: str
    parties: tuple[str, ...]
    terms: tuple[Term, ...]
    form: str
    framing: str
    economics: tuple[EconomicTerm, ...]
    forum: str
    round: int
    weight: float
    leaked: bool = False

    @property
    def public_terms(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.secret)

    @property
    def secret_terms(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.secret)

    @property
    def has_secret(self) -> bool:
        return any(t.secret for t in self.terms)


@attrs.frozen
class Outcome:
    kind: str  # settlement | stalemate | crisis | war
    round: int
    winners: tuple[str, ...]
    scores: tuple[tuple[str, int], ...]
    reason: str

    def score_of(self, delegation: str) -> int:
        return dict(self.scores)[delegation]


@attrs.frozen
class GameState:
    scenario: Scenario = attrs.field(eq=False, repr=False)
    seed: int
    rng: Rng
    round: int
    phase: int
    order: tuple[str, ...]
    turn: int
    lap: int
    passes: int
    tracks: tuple[int, ...]
    delegations: tuple[DelegationState, ...]
    issues: tuple[IssueState, ...]
    cohesion: tuple[int, ...]
    forum: str
    deck: tuple[str, ...]
    discard: tuple[str, ...]
    removed: tuple[str, ...]
    event_deck: tuple[str, ...]
    event_discard: tuple[str, ...]
    proposals: tuple[Proposal, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    next_id: int = 1
    crisis_rounds: int = 0
    steps: int = 0
    outcome: Outcome | None = None

    @property
    def phase_id(self) -> str:
        return self.scenario.phases[self.phase].id

    @property
    def to_act(self) -> str | None:
        """The delegation whose move it is, or None once the game is over."""
        if self.outcome is not None:
            return None
        return self.order[self.turn]

    @property
    def is_over(self) -> bool:
        return self.outcome is not None

    @property
    def in_crisis(self) -> bool:
        return self.crisis_rounds > 0

    def track(self, track_id: str) -> int:
        return self.tracks[self.scenario.track_index[track_id]]

    def resource(self, delegation: str, resource: str) -> int:
        d = self.scenario.delegation_index[delegation]
        return self.delegations[d].resources[self.scenario.resource_index[resource]]

    def delegation(self, delegation: str) -> DelegationState:
        return self.delegations[self.scenario.delegation_index[delegation]]

    def issue(self, issue_id: str) -> IssueState:
        return self.issues[self.scenario.issue_index[issue_id]]

    def cohesion_of(self, alliance_id: str) -> int:
        return self.cohesion[self.scenario.alliance_index[alliance_id]]

    def can_pay(self, delegation: str, cost: Mapping[str, int]) -> bool:
        if not cost:
            return True
        scenario = self.scenario
        have = self.delegations[scenario.delegation_index[delegation]].resources
        index = scenario.resource_index
        for res, amount in cost.items():  # noqa: SIM110 - a loop: all() over a generator costs more here
            if have[index[res]] < amount:
                return False
        return True

    def proposal(self, proposal_id: int) -> Proposal | None:
        for p in self.proposals:
            if p.id == proposal_id:
                return p
        return None


_T = TypeVar("_T")


class _Copied:
    """functools.cached_property without its lock (Python 3.11 takes one on every read
    before the first write): the value is made on first use and kept in the instance's
    __dict__, where later reads find it without calling the descriptor."""

    def __init__(self, make: Any) -> None:
        self.make = make
        self.name = make.__name__

    def __get__(self, draft: Any, owner: object = None) -> Any:
        value = draft.__dict__[self.name] = self.make(draft)
        return value


def copied(make: Callable[[Draft], _T]) -> _T:
    """As a decorator, the method's result is the attribute's value, and its type."""
    return cast("_T", _Copied(make))


class Draft:
    """A mutable copy of a state that one `apply` works on, then freezes.

    The board's collections are copied only when a rule first touches them (a cached
    property), and `freeze` reuses the state's own tuples for the rest: an action pays for
    what it changes, and unchanged parts keep their identity from state to state.
    """

    def __init__(self, state: GameState) -> None:
        self.base = state
        self.scenario = state.scenario
        self.rules = state.scenario.rules
        self.rng = state.rng
        self.round = state.round
        self.phase = state.phase
        self.order = state.order
        self.turn = state.turn
        self.lap = state.lap
        self.passes = state.passes
        self.forum = state.forum
        self.next_id = state.next_id
        self.crisis_rounds = state.crisis_rounds
        self.steps = state.steps
        self.outcome = state.outcome
        self.events: list[Event] = []

    # Copied on first use; `freeze` tells a touched collection by its name in __dict__.
    @copied
    def tracks(self) -> list[int]:
        return list(self.base.tracks)

    @copied
    def resources(self) -> list[list[int]]:
        return [list(d.resources) for d in self.base.delegations]

    @copied
    def scores(self) -> list[int]:
        return [d.score for d in self.base.delegations]

    @copied
    def secret_scores(self) -> list[int]:
        return [d.secret_score for d in self.base.delegations]

    @copied
    def hands(self) -> list[list[str]]:
        return [list(d.hand) for d in self.base.delegations]

    @copied
    def revealed(self) -> list[tuple[str, ...]]:
        return [d.revealed for d in self.base.delegations]

    @copied
    def consulted(self) -> list[int]:
        return [d.consulted_round for d in self.base.delegations]

    @copied
    def links_made(self) -> list[int]:
        return [d.links_made for d in self.base.delegations]

    @copied
    def issues(self) -> list[IssueState]:
        return list(self.base.issues)

    @copied
    def cohesion(self) -> list[int]:
        return list(self.base.cohesion)

    @copied
    def deck(self) -> list[str]:
        return list(self.base.deck)

    @copied
    def discard(self) -> list[str]:
        return list(self.base.discard)

    @copied
    def removed(self) -> list[str]:
        return list(self.base.removed)

    @copied
    def event_deck(self) -> list[str]:
        return list(self.base.event_deck)

    @copied
    def event_discard(self) -> list[str]:
        return list(self.base.event_discard)

    @copied
    def proposals(self) -> list[Proposal]:
        return list(self.base.proposals)

    @copied
    def agreements(self) -> list[Agreement]:
        return list(self.base.agreements)

    # -- reading -----------------------------------------------------------
    @property
    def phase_id(self) -> str:
        return self.scenario.phases[self.phase].id

    def track(self, track_id: str) -> int:
        return self.tracks[self.scenario.track_index[track_id]]

    def resource(self, delegation: str, resource: str) -> int:
        d = self.scenario.delegation_index[delegation]
        return self.resources[d][self.scenario.resource_index[resource]]

    def issue(self, issue_id: str) -> IssueState:
        return self.issues[self.scenario.issue_index[issue_id]]

    # -- writing -----------------------------------------------------------
    def emit(
        self,
        kind: str,
        text: str,
        actor: str | None = None,
        visible_to: tuple[str, ...] | None = None,
        **data: Any,
    ) -> None:
        self.events.append(
            Event(
                kind,
                self.round,
                self.scenario.phases[self.phase].id,
                text,
                actor,
                visible_to,
                tuple(sorted(data.items())) if len(data) > 1 else tuple(data.items()),
            )
        )

    def add_track(self, track_id: str, amount: int) -> int:
        """Change a track within its bounds; returns the change actually made."""
        i = self.scenario.track_index[track_id]
        spec = self.scenario.tracks[i]
        old = self.tracks[i]
        new = min(spec.max, max(spec.min, old + amount))
        self.tracks[i] = new
        return new - old

    def shift_track(self, track_id: str, amount: int, why: str, actor: str | None = None) -> int:
        """Change a track and say so in the log."""
        change = self.add_track(track_id, amount)
        if change:
            spec = self.scenario.tracks[self.scenario.track_index[track_id]]
            self.emit(
                "track_changed",
                f"{spec.name} {change:+d} ({why}; now {self.track(track_id)})",
                actor=actor,
                track=track_id,
                change=change,
            )
        return change

    def set_track(self, track_id: str, value: int) -> int:
        i = self.scenario.track_index[track_id]
        return self.add_track(track_id, value - self.tracks[i])

    def add_resource(self, delegation: str, resource: str, amount: int) -> int:
        d = self.scenario.delegation_index[delegation]
        r = self.scenario.resource_index[resource]
        spec = self.scenario.resources[r]
        old = self.resources[d][r]
        new = min(spec.max, max(spec.min, old + amount))
        self.resources[d][r] = new
        return new - old

    def cohesion_of(self, alliance_id: str) -> int:
        return self.cohesion[self.scenario.alliance_index[alliance_id]]

    @property
    def in_crisis(self) -> bool:
        return self.crisis_rounds > 0

    def pay(self, delegation: str, cost: Mapping[str, int]) -> None:
        for res, amount in cost.items():
            self.add_resource(delegation, res, -amount)

    def add_score(self, delegation: str, amount: int, secret: bool = False) -> None:
        d = self.scenario.delegation_index[delegation]
        if secret:
            self.secret_scores[d] += amount
        else:
            self.scores[d] += amount

    def add_cohesion(self, alliance_id: str, amount: int) -> int:
        i = self.scenario.alliance_index[alliance_id]
        spec = self.scenario.alliances[i]
        old = self.cohesion[i]
        new = min(spec.max, max(0, old + amount))
        self.cohesion[i] = new
        return new - old

    def set_issue(self, issue_id: str, issue: IssueState) -> None:
        self.issues[self.scenario.issue_index[issue_id]] = issue

    def new_id(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value

    def freeze(self) -> GameState:
        base = self.base
        touched = self.__dict__
        # The board's collections as they were; those a rule copied are compared below.
        board = {name: getattr(base, name) for name in touched.keys() & BOARD_FIELDS}
        for name, old in board.items():
            # A collection read but left as it was keeps its identity, which the memo
            # tables of menus, link moves and views key on.
            new = tuple(touched[name])
            if new != old:
                board[name] = new
        delegations = base.delegations
        if not touched.keys().isdisjoint(DELEGATION_FIELDS):
            resources = touched.get("resources")
            scores, secret = touched.get("scores"), touched.get("secret_scores")
            hands, revealed = touched.get("hands"), touched.get("revealed")
            consulted, links = touched.get("consulted"), touched.get("links_made")
            changed = []
            for i, d in enumerate(base.delegations):
                was = (
                    d.resources,
                    d.score,
                    d.secret_score,
                    d.hand,
                    d.revealed,
                    d.consulted_round,
                    d.links_made,
                )
                now = (
                    d.resources if resources is None else tuple(resources[i]),
                    d.score if scores is None else scores[i],
                    d.secret_score if secret is None else secret[i],
                    d.hand if hands is None else tuple(hands[i]),
                    d.revealed if revealed is None else revealed[i],
                    d.consulted_round if consulted is None else consulted[i],
                    d.links_made if links is None else links[i],
                )
                # A delegation the action left as it was keeps its identity (see view_for).
                changed.append(d if now == was else DelegationState(*now))
            if any(map(operator.is_not, changed, delegations)):
                delegations = tuple(changed)
        get = board.get
        # By position, in the order of GameState's fields (keywords cost its init a fifth
        # more, on every action); `test_a_draft_freezes_to_the_state_it_was_made_from`
        # catches a field out of place.
        return GameState(
            base.scenario,
            base.seed,
            self.rng,
            self.round,
            self.phase,
            self.order,
            self.turn,
            self.lap,
            self.passes,
            get("tracks", base.tracks),
            delegations,
            get("issues", base.issues),
            get("cohesion", base.cohesion),
            self.forum,
            get("deck", base.deck),
            get("discard", base.discard),
            get("removed", base.removed),
            get("event_deck", base.event_deck),
            get("event_discard", base.event_discard),
            get("proposals", base.proposals),
            get("agreements", base.agreements),
            self.next_id,
            self.crisis_rounds,
            self.steps,
            self.outcome,
        )


BOARD_FIELDS = frozenset(
    (
        "tracks",
        "issues",
        "cohesion",
        "deck",
        "discard",
        "removed",
        "event_deck",
        "event_discard",
        "proposals",
        "agreements",
    )
)
DELEGATION_FIELDS = frozenset(
    ("resources", "scores", "secret_scores", "hands", "revealed", "consulted", "links_made")
)
