"""The declarative effect language of cards and events: effects, conditions and targets.

These are plain data; `wargame.core.rules.interpret` carries them out.
A `who` names delegations: self, target, all, others, allies, rivals,
a delegation id, or an alliance id (its members).
"""

from __future__ import annotations

from typing import TypeAlias

import attrs

WHO_WORDS = ("self", "target", "all", "others", "allies", "rivals")
# Words that need an actor; an event has none.
ACTOR_WORDS = ("self", "target", "others", "allies", "rivals")


@attrs.frozen
class TrackCond:
    track: str
    at_least: int | None = None
    at_most: int | None = None


@attrs.frozen
class ResourceCond:
    resource: str
    who: str = "self"
    at_least: int | None = None
    at_most: int | None = None


@attrs.frozen
class CohesionCond:
    alliance: str
    at_least: int | None = None
    at_most: int | None = None


@attrs.frozen
class ForumCond:
    forums: tuple[str, ...]


@attrs.frozen
class IssueCond:
    issue: str
    status: str  # open | agreed


@attrs.frozen
class CrisisCond:
    crisis: bool


@attrs.frozen
class RoundCond:
    at_least: int | None = None
    at_most: int | None = None


@attrs.frozen
class SecretDealsCond:
    exist: bool


@attrs.frozen
class AllOf:
    conditions: tuple[Condition, ...]


@attrs.frozen
class AnyOf:
    conditions: tuple[Condition, ...]


@attrs.frozen
class Not:
    condition: Condition


Condition: TypeAlias = (
    TrackCond
    | ResourceCond
    | CohesionCond
    | ForumCond
    | IssueCond
    | CrisisCond
    | RoundCond
    | SecretDealsCond
    | AllOf
    | AnyOf
    | Not
)


@attrs.frozen
class TrackEffect:
    """Add to (or set) a shared track such as tension."""

    track: str
    add: int = 0
    set: int | None = None


@attrs.frozen
class ResourceEffect:
    resource: str
    add: int
    who: str = "self"


@attrs.frozen
class ScoreEffect:
    add: int
    who: str = "self"


@attrs.frozen
class CohesionEffect:
    """Change an alliance's cohesion; `alliance: own` means the alliance of each `who`."""

    add: int
    alliance: str = "own"
    who: str = "self"


@attrs.frozen
class ChanceEffect:
    chance: float
    then: tuple[Effect, ...] = ()
    otherwise: tuple[Effect, ...] = ()


@attrs.frozen
class IfEffect:
    condition: Condition
    then: tuple[Effect, ...] = ()
    otherwise: tuple[Effect, ...] = ()


@attrs.frozen
class RevealRedLines:
    who: str


@attrs.frozen
class Provoke:
    """Cross the red lines any delegation holds on an issue (`target` for the card's issue)."""

    issue: str


@attrs.frozen
class Draw:
    cards: int
    who: str = "self"


@attrs.frozen
class Salience:
    """Raise or lower how much settling an issue is worth to everyone."""

    issue: str
    add: int


@attrs.frozen
class Leak:
    """Each secret deal leaks now with this chance."""

    chance: float


@attrs.frozen
class MoveForum:
    forum: str


@attrs.frozen
class LinkEffect:
    issues: tuple[str, str]


@attrs.frozen
class Log:
    text: str


Effect: TypeAlias = (
    TrackEffect
    | ResourceEffect
    | ScoreEffect
    | CohesionEffect
    | ChanceEffect
    | IfEffect
    | RevealRedLines
    | Provoke
    | Draw
    | Salience
    | Leak
    | MoveForum
    | LinkEffect
    | Log
)
