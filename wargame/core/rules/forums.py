"""Forums: who sits at the table, how a deal is decided there, and forum-shopping."""

from __future__ import annotations

from wargame.core.model import Draft
from wargame.core.scenario import ForumDef


def addressee_rule_error(forum: ForumDef, proposer: str, addressees: tuple[str, ...]) -> str | None:
    """Why these addressees do not satisfy the forum's decision rule, or None."""
    others = tuple(m for m in forum.members if m != proposer)
    if forum.decision == "bilateral" and len(addressees) != 1:
        return f"{forum.name} is bilateral: address exactly one delegation"
    if forum.decision == "consensus" and set(addressees) != set(others):
        return f"{forum.name} decides by consensus: address every other member"
    if forum.decision == "veto":
        missing = [v for v in forum.veto if v in others and v not in addressees]
        if missing:
            return f"{forum.name}: veto holders must be party ({', '.join(missing)})"
    return None


def addressee_sets(forum: ForumDef, proposer: str) -> list[tuple[str, ...]]:
    """The addressee groups a generated offer uses under the forum's decision rule."""
    others = tuple(m for m in forum.members if m != proposer)
    if not others:
        return []
    if forum.decision == "consensus":
        return [others]
    if forum.decision == "veto":
        vetoes = tuple(v for v in forum.veto if v in others)
        sets = []
        for m in others:
            group = tuple(d for d in others if d in vetoes or d == m)
            if group not in sets:
                sets.append(group)
        return sets
    return [(m,) for m in others]


def move(draft: Draft, forum_id: str, by: str | None, paid: str = "") -> None:
    """`paid`: what the move cost its maker, for the log (', paying 1 leverage')."""
    if forum_id == draft.forum or forum_id not in draft.scenario.forum_by_id:
        return
    old = draft.scenario.forum_by_id[draft.forum]
    new = draft.scenario.forum_by_id[forum_id]
    draft.forum = forum_id
    lapsed = [p.id for p in draft.proposals]
    draft.proposals = []
    mover = draft.scenario.delegation(by) if by else None
    who = f"{mover.name} {mover.agree('moves', 'move')}" if mover else "Events move"
    draft.emit(
        "forum_moved",
        f"{who} the talks from {old.name} to {new.name}{paid}."
        + (" Pending proposals lapse." if lapsed else ""),
        actor=by,
        forum=forum_id,
        previous=old.id,
        lapsed=tuple(lapsed),
    )
