"""The static definition of a scenario: delegations, issues, forums, tracks, cards and rules."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from wargame.core.effects import Condition, Effect

# The vocabulary the engine knows; rulesets name these in their round structure.
AUTOMATIC_STEPS = (
    "draw_event",
    "leak_check",
    "miscalculation",
    "escalation_check",
    "upkeep",
    "refill_hands",
)
ACTION_KINDS = (
    "pass",
    "play_card",
    "propose",
    "accept",
    "reject",
    "counter",
    "stall",
    "forum_shop",
    "link_issues",
    "declare_red_line",
    "consult_allies",
)
DECISION_RULES = ("consensus", "veto", "bilateral", "open")
OUTCOMES = ("settlement", "stalemate", "crisis", "war")
FORMS = ("de_jure", "de_facto")
FRAMINGS = ("regional", "global")
CARD_TARGETS = ("none", "delegation", "issue")


@attrs.frozen
class TrackDef:
    id: str
    name: str
    min: int
    max: int
    start: int


@attrs.frozen
class ResourceDef:
    id: str
    name: str
    min: int
    max: int


@attrs.frozen
class Victory:
    """How a delegation wins: the outcomes it accepts, a score floor, and protraction pay."""

    outcomes: tuple[str, ...]
    min_score: int = 0
    per_round_unresolved: int = 0
    per_link: int = 0
    resource_weights: Mapping[str, int] = attrs.field(factory=dict)


@attrs.frozen
class DelegationDef:
    id: str
    name: str
    source: str
    profile: str
    resources: Mapping[str, int]
    tension_tolerance: int
    pain_points: tuple[str, ...]
    red_lines: tuple[str, ...]
    alliance: str | None
    values: Mapping[str, int]
    framing: Mapping[str, int]
    victory: Victory
    bot: str = "random"
    plural: bool = False  # "European allies pass", not "passes"

    def agree(self, singular: str, plural: str) -> str:
        """The word that agrees with the delegation's name: a verb, or its/their."""
        return plural if self.plural else singular


@attrs.frozen
class IssueDef:
    id: str
    name: str
    source: str
    text: str
    conceded_by: tuple[str, ...]
    core: bool = False
    poison_pill: bool = False
    economic: bool = False


@attrs.frozen
class ForumDef:
    id: str
    name: str
    source: str
    members: tuple[str, ...]
    decision: str
    veto: tuple[str, ...]
    public: bool
    weight: float
    binding: bool
    stall: int


@attrs.frozen
class AllianceDef:
    id: str
    name: str
    members: tuple[str, ...]
    cohesion: int
    max: int = 10
    score_weight: int = 1


@attrs.frozen
class PhaseDef:
    id: str
    name: str
    steps: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    laps: int = 1


@attrs.frozen
class CardDef:
    id: str
    name: str
    text: str
    source: str
    phases: tuple[str, ...]
    cost: Mapping[str, int]
    target: str
    playable_by: tuple[str, ...]
    requires: Condition | None
    effects: tuple[Effect, ...]
    once: bool = False
    copies: int = 1


@attrs.frozen
class EventDef:
    id: str
    name: str
    text: str
    source: str
    effects: tuple[Effect, ...]
    copies: int = 1


@attrs.frozen
class Rules:
    """The numbers a ruleset tunes; each field is documented in docs/authoring.md."""

    max_rounds: int = 8
    hand_size: int = 4
    rotate_first: bool = True
    tension_track: str = "tension"
    crisis_at: int = 7
    war_at: int = 10
    crisis_rounds: int = 1
    crisis_weight_bonus: float = 0.5
    channels_track: str = "channels"
    miscalc_base: float = 0.0
    miscalc_per_tension: float = 0.03
    miscalc_per_channel: float = -0.04
    miscalc_per_declared_red_line: float = -0.01
    miscalc_tension: int = 2
    leak_base: float = 0.15
    leak_public_forum: float = 0.1
    leak_per_extra_party: float = 0.05
    leak_cost: Mapping[str, int] = attrs.field(factory=lambda: {"credibility": -2})
    leak_cohesion: int = -2
    leak_tension: int = 1
    de_jure_weight: float = 1.5
    de_facto_weight: float = 1.0
    economics_bonus: int = 1
    red_line_crossed_tension: int = 2
    red_line_conceded: Mapping[str, int] = attrs.field(factory=lambda: {"standing": -3})
    red_line_declared: Mapping[str, int] = attrs.field(factory=lambda: {"credibility": 1})
    tension_penalty: int = 1
    pain_penalty: int = 1
    forum_shop_cost: Mapping[str, int] = attrs.field(factory=lambda: {"leverage": 1})
    link_cost: Mapping[str, int] = attrs.field(factory=lambda: {"leverage": 1})
    stall_cost: Mapping[str, int] = attrs.field(factory=lambda: {"credibility": 1})
    consult_cohesion: int = 1
    act_alone_cohesion: int = -1
    agreement_tension: int = -1
    events_per_round: int = 1


@attrs.frozen
class Scenario:
    """A ruleset with its decks resolved: everything the engine needs, nothing mutable."""

    id: str
    name: str
    description: str
    sources: tuple[str, ...]
    tracks: tuple[TrackDef, ...]
    resources: tuple[ResourceDef, ...]
    delegations: tuple[DelegationDef, ...]
    issues: tuple[IssueDef, ...]
    forums: tuple[ForumDef, ...]
    alliances: tuple[AllianceDef, ...]
    phases: tuple[PhaseDef, ...]
    turn_order: tuple[str, ...]
    start_forum: str
    cards: Mapping[str, CardDef]
    deck: tuple[str, ...]
    events: Mapping[str, EventDef]
    event_deck: tuple[str, ...]
    rules: Rules
    deck_ids: tuple[str, ...] = ()
    # Lookup tables derived from the above, so the hot path never scans a tuple.
    track_index: Mapping[str, int] = attrs.field(init=False)
    resource_index: Mapping[str, int] = attrs.field(init=False)
    delegation_index: Mapping[str, int] = attrs.field(init=False)
    issue_index: Mapping[str, int] = attrs.field(init=False)
    forum_by_id: Mapping[str, ForumDef] = attrs.field(init=False)
    alliance_index: Mapping[str, int] = attrs.field(init=False)
    # Pure memo tables (e.g. offer menus by board situation); never part of equality.
    memo: dict[object, object] = attrs.field(init=False, factory=dict, eq=False, repr=False)

    @track_index.default
    def _track_index(self) -> Mapping[str, int]:
        return {t.id: i for i, t in enumerate(self.tracks)}

    @resource_index.default
    def _resource_index(self) -> Mapping[str, int]:
        return {r.id: i for i, r in enumerate(self.resources)}

    @delegation_index.default
    def _delegation_index(self) -> Mapping[str, int]:
        return {d.id: i for i, d in enumerate(self.delegations)}

    @issue_index.default
    def _issue_index(self) -> Mapping[str, int]:
        return {s.id: i for i, s in enumerate(self.issues)}

    @forum_by_id.default
    def _forum_by_id(self) -> Mapping[str, ForumDef]:
        return {f.id: f for f in self.forums}

    @alliance_index.default
    def _alliance_index(self) -> Mapping[str, int]:
        return {a.id: i for i, a in enumerate(self.alliances)}

    def delegation(self, delegation_id: str) -> DelegationDef:
        return self.delegations[self.delegation_index[delegation_id]]

    def issue(self, issue_id: str) -> IssueDef:
        return self.issues[self.issue_index[issue_id]]

    def alliance_of(self, delegation_id: str) -> AllianceDef | None:
        alliance = self.delegation(delegation_id).alliance
        return None if alliance is None else self.alliances[self.alliance_index[alliance]]

    def describe_cost(self, cost: Mapping[str, int]) -> str:
        """A cost in the scenario's resource names, '1 leverage, 2 credibility'; '' if free."""
        return ", ".join(
            f"{n} {self.resources[self.resource_index[r]].name.lower()}"
            for r, n in cost.items()
            if n
        )

    def paying(self, cost: Mapping[str, int]) -> str:
        """What a move cost, for its line in the log: ', paying 1 leverage', or ''."""
        text = self.describe_cost(cost)
        return f", paying {text}" if text else ""
