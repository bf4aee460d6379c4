"""Carries out the effect language on a draft, and tests its conditions on any board."""

from __future__ import annotations

from typing import Protocol

from wargame.core.effects import (
    AllOf,
    AnyOf,
    ChanceEffect,
    CohesionCond,
    CohesionEffect,
    Condition,
    CrisisCond,
    Draw,
    Effect,
    ForumCond,
    IfEffect,
    IssueCond,
    Leak,
    LinkEffect,
    Log,
    MoveForum,
    Not,
    Provoke,
    ResourceCond,
    ResourceEffect,
    RevealRedLines,
    RoundCond,
    Salience,
    ScoreEffect,
    SecretDealsCond,
    TrackCond,
    TrackEffect,
)
from wargame.core.model import Agreement, Draft, IssueState
from wargame.core.rules import cards, escalation, forums, negotiation, private
from wargame.core.scenario import Scenario


class Board(Protocol):
    """What conditions read; both GameState and Draft provide it."""

    @property
    def scenario(self) -> Scenario: ...
    @property
    def round(self) -> int: ...
    @property
    def forum(self) -> str: ...
    @property
    def in_crisis(self) -> bool: ...
    @property
    def agreements(self) -> tuple[Agreement, ...] | list[Agreement]: ...
    def track(self, track_id: str) -> int: ...
    def resource(self, delegation: str, resource: str) -> int: ...
    def cohesion_of(self, alliance_id: str) -> int: ...
    def issue(self, issue_id: str) -> IssueState: ...


def resolve_who(
    scenario: Scenario, who: str, actor: str | None, target: str | None
) -> tuple[str, ...]:
    """The delegations a `who` names, in seating order."""
    ids = tuple(d.id for d in scenario.delegations)
    if who == "all":
        return ids
    if who == "self":
        return () if actor is None else (actor,)
    if who == "target":
        if target is None or target not in scenario.delegation_index:
            return ()
        return (target,)
    if who == "others":
        return tuple(d for d in ids if d != actor)
    if who in ("allies", "rivals"):
        if actor is None:
            return ()
        alliance = scenario.alliance_of(actor)
        members = alliance.members if alliance else ()
        if who == "allies":
            return tuple(d for d in ids if d != actor and d in members)
        return tuple(d for d in ids if d != actor and d not in members)
    if who in scenario.delegation_index:
        return (who,)
    if who in scenario.alliance_index:
        return scenario.alliances[scenario.alliance_index[who]].members
    return ()


def _within(value: int, at_least: int | None, at_most: int | None) -> bool:
    return (at_least is None or value >= at_least) and (at_most is None or value <= at_most)


def holds(board: Board, cond: Condition, actor: str | None, target: str | None) -> bool:
    match cond:
        case TrackCond(track=track, at_least=lo, at_most=hi):
            return _within(board.track(track), lo, hi)
        case ResourceCond(resource=res, who=who, at_least=lo, at_most=hi):
            names = resolve_who(board.scenario, who, actor, target)
            return bool(names) and all(_within(board.resource(d, res), lo, hi) for d in names)
        case CohesionCond(alliance=alliance, at_least=lo, at_most=hi):
            return _within(board.cohesion_of(alliance), lo, hi)
        case ForumCond(forums=forums):
            return board.forum in forums
        case IssueCond(issue=issue, status=status):
            name = target if issue == "target" else issue
            if name is None or name not in board.scenario.issue_index:
                return False
            return board.issue(name).status == status
        case CrisisCond(crisis=crisis):
            return board.in_crisis == crisis
        case RoundCond(at_least=lo, at_most=hi):
            return _within(board.round, lo, hi)
        case SecretDealsCond(exist=exist):
            return any(a.has_secret and not a.leaked for a in board.agreements) == exist
        case AllOf(conditions=conds):
            return all(holds(board, c, actor, target) for c in conds)
        case AnyOf(conditions=conds):
            return any(holds(board, c, actor, target) for c in conds)
        case Not(condition=inner):
            return not holds(board, inner, actor, target)
    raise TypeError(cond)  # pragma: no cover


def run(draft: Draft, effects: tuple[Effect, ...], actor: str | None, target: str | None) -> None:
    """Carry out effects in order; stops early once the game has ended (a war)."""
    scenario = draft.scenario
    for effect in effects:
        if draft.outcome is not None:
            return
        match effect:
            case TrackEffect(track=track, add=add, set=value):
                change = (
                    draft.add_track(track, add) if value is None else draft.set_track(track, value)
                )
                if change:
                    sign = "+" if change > 0 else ""
                    draft.emit(
                        "track_changed",
                        f"{_track_name(draft, track)} {sign}{change} (now {draft.track(track)})",
                        actor=actor,
                        track=track,
                        change=change,
                    )
                escalation.check_war(draft)
            case ResourceEffect(resource=res, add=add, who=who):
                for d in resolve_who(scenario, who, actor, target):
                    change = draft.add_resource(d, res, add)
                    if change:
                        draft.emit(
                            "resource_changed",
                            f"{_name(draft, d)}: {res} {change:+d}",
                            actor=actor,
                            delegation=d,
                            resource=res,
                            change=change,
                        )
            case ScoreEffect(add=add, who=who):
                for d in resolve_who(scenario, who, actor, target):
                    draft.add_score(d, add)
                    draft.emit(
                        "score_changed",
                        f"{_name(draft, d)}: score {add:+d}",
                        actor=actor,
                        delegation=d,
                        change=add,
                    )
            case CohesionEffect(add=add, alliance=alliance, who=who):
                if alliance == "own":
                    names = []
                    for d in resolve_who(scenario, who, actor, target):
                        own = scenario.delegation(d).alliance
                        if own is not None and own not in names:
                            names.append(own)
                else:
                    names = [alliance]
                for a in names:
                    change = draft.add_cohesion(a, add)
                    if change:
                        draft.emit(
                            "cohesion_changed",
                            f"{_alliance_name(draft, a)} cohesion {change:+d}",
                            actor=actor,
                            alliance=a,
                            change=change,
                        )
            case ChanceEffect(chance=p, then=then, otherwise=otherwise):
                hit, draft.rng = draft.rng.chance(p)
                run(draft, then if hit else otherwise, actor, target)
            case IfEffect(condition=cond, then=then, otherwise=otherwise):
                run(draft, then if holds(draft, cond, actor, target) else otherwise, actor, target)
            case RevealRedLines(who=who):
                for d in resolve_who(scenario, who, actor, target):
                    escalation.reveal_red_lines(draft, d, actor)
            case Provoke(issue=issue):
                name = target if issue == "target" else issue
                if name is not None and name in scenario.issue_index:
                    escalation.provoke(draft, name, actor)
            case Draw(cards=n, who=who):
                for d in resolve_who(scenario, who, actor, target):
                    cards.draw(draft, d, n)
            case Salience(issue=issue, add=add):
                name = target if issue == "target" else issue
                if name is not None and name in scenario.issue_index:
                    negotiation.add_salience(draft, name, add, actor)
            case Leak(chance=p):
                private.leak_check(draft, extra=p, only_extra=True)
            case MoveForum(forum=forum):
                forums.move(draft, forum, actor)
            case LinkEffect(issues=(a, b)):
                negotiation.link(draft, a, b, actor, credit=False)
            case Log(text=text):
                draft.emit("note", text, actor=actor)
            case _:  # pragma: no cover
                raise TypeError(effect)


def _name(draft: Draft, delegation: str) -> str:
    return draft.scenario.delegation(delegation).name


def _track_name(draft: Draft, track: str) -> str:
    return draft.scenario.tracks[draft.scenario.track_index[track]].name


def _alliance_name(draft: Draft, alliance: str) -> str:
    return draft.scenario.alliances[draft.scenario.alliance_index[alliance]].name
