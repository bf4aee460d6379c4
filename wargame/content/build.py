"""Turns validated ruleset and deck data into the engine's frozen scenario."""

from __future__ import annotations

from typing import Any

from wargame.core import effects as E
from wargame.core.scenario import (
    AllianceDef,
    CardDef,
    DelegationDef,
    EventDef,
    ForumDef,
    IssueDef,
    PhaseDef,
    ResourceDef,
    Rules,
    Scenario,
    TrackDef,
    Victory,
)


def build_effects(items: list[dict[str, Any]] | None) -> tuple[E.Effect, ...]:
    return tuple(build_effect(e) for e in items or ())


def build_effect(e: dict[str, Any]) -> E.Effect:
    if "track" in e:
        return E.TrackEffect(e["track"], e.get("add", 0), e.get("set"))
    if "resource" in e:
        return E.ResourceEffect(e["resource"], e["add"], e.get("who", "self"))
    if "score" in e:
        return E.ScoreEffect(e["score"], e.get("who", "self"))
    if "cohesion" in e:
        return E.CohesionEffect(e["cohesion"], e.get("alliance", "own"), e.get("who", "self"))
    if "chance" in e:
        return E.ChanceEffect(
            float(e["chance"]), build_effects(e.get("then")), build_effects(e.get("else"))
        )
    if "if" in e:
        return E.IfEffect(
            build_condition(e["if"]), build_effects(e.get("then")), build_effects(e.get("else"))
        )
    if "reveal_red_lines" in e:
        return E.RevealRedLines(e["reveal_red_lines"])
    if "provoke" in e:
        return E.Provoke(e["provoke"])
    if "draw" in e:
        return E.Draw(e["draw"], e.get("who", "self"))
    if "salience" in e:
        return E.Salience(e["issue"], e["salience"])
    if "leak" in e:
        return E.Leak(float(e["leak"]))
    if "move_forum" in e:
        return E.MoveForum(e["move_forum"])
    if "link" in e:
        return E.LinkEffect((e["link"][0], e["link"][1]))
    if "log" in e:
        return E.Log(e["log"])
    raise ValueError(f"unknown effect {e!r}")  # pragma: no cover - validated before


def build_condition(c: dict[str, Any]) -> E.Condition:
    lo, hi = c.get("at_least"), c.get("at_most")
    if "track" in c:
        return E.TrackCond(c["track"], lo, hi)
    if "resource" in c:
        return E.ResourceCond(c["resource"], c.get("who", "self"), lo, hi)
    if "cohesion" in c:
        return E.CohesionCond(c["cohesion"], lo, hi)
    if "forum" in c:
        forums = c["forum"] if isinstance(c["forum"], list) else [c["forum"]]
        return E.ForumCond(tuple(forums))
    if "issue" in c:
        return E.IssueCond(c["issue"], c["status"])
    if "crisis" in c:
        return E.CrisisCond(c["crisis"])
    if "round_at_least" in c:
        return E.RoundCond(at_least=c["round_at_least"])
    if "round_at_most" in c:
        return E.RoundCond(at_most=c["round_at_most"])
    if "secret_deals" in c:
        return E.SecretDealsCond(c["secret_deals"])
    if "all" in c:
        return E.AllOf(tuple(build_condition(x) for x in c["all"]))
    if "any" in c:
        return E.AnyOf(tuple(build_condition(x) for x in c["any"]))
    if "not" in c:
        return E.Not(build_condition(c["not"]))
    raise ValueError(f"unknown condition {c!r}")  # pragma: no cover - validated before


def build_scenario(ruleset: dict[str, Any], decks: dict[str, dict[str, Any]]) -> Scenario:
    """A scenario from a validated ruleset and the decks it names, looked up by id."""
    cards: dict[str, CardDef] = {}
    deck: list[str] = []
    for deck_id in ruleset["decks"]:
        for c in decks[deck_id].get("cards") or []:
            card = CardDef(
                id=c["id"],
                name=c["name"],
                text=c["text"],
                source=c["source"],
                phases=tuple(c.get("phases", ["actions"])),
                cost=dict(c.get("cost", {})),
                target=c.get("target", "none"),
                playable_by=tuple(c.get("playable_by", ())),
                requires=build_condition(c["requires"]) if "requires" in c else None,
                effects=build_effects(c["effects"]),
                once=c.get("once", False),
                copies=c.get("copies", 1),
            )
            if card.id in cards:
                raise ValueError(f"card id '{card.id}' appears in two decks")
            cards[card.id] = card
            deck.extend([card.id] * card.copies)
    events: dict[str, EventDef] = {}
    event_deck: list[str] = []
    for ev in decks[ruleset["events"]].get("events") or []:
        event = EventDef(
            id=ev["id"],
            name=ev["name"],
            text=ev["text"],
            source=ev["source"],
            effects=build_effects(ev["effects"]),
            copies=ev.get("copies", 1),
        )
        events[event.id] = event
        event_deck.extend([event.id] * event.copies)
    rnd = ruleset["round"]
    delegations = []
    for d in ruleset["delegations"]:
        v = d["victory"]
        delegations.append(
            DelegationDef(
                id=d["id"],
                name=d["name"],
                source=d["source"],
                profile=d["profile"],
                resources=dict(d["resources"]),
                tension_tolerance=d["tension_tolerance"],
                pain_points=tuple(d.get("pain_points", ())),
                red_lines=tuple(d.get("red_lines", ())),
                alliance=d.get("alliance"),
                values=dict(d["values"]),
                framing=dict(d.get("framing", {})),
                victory=Victory(
                    outcomes=tuple(v["outcomes"]),
                    min_score=v.get("min_score", 0),
                    per_round_unresolved=v.get("per_round_unresolved", 0),
                    per_link=v.get("per_link", 0),
                    resource_weights=dict(v.get("resource_weights", {})),
                ),
                bot=d.get("bot", "random"),
                plural=d.get("plural", False),
            )
        )
    return Scenario(
        id=ruleset["id"],
        name=ruleset["name"],
        description=ruleset["description"],
        sources=tuple(ruleset.get("sources", ())),
        tracks=tuple(
            TrackDef(t["id"], t["name"], t["min"], t["max"], t.get("start", t["min"]))
            for t in ruleset["tracks"]
        ),
        resources=tuple(
            ResourceDef(r["id"], r["name"], r["min"], r["max"]) for r in ruleset["resources"]
        ),
        delegations=tuple(delegations),
        issues=tuple(
            IssueDef(
                id=s["id"],
                name=s["name"],
                source=s["source"],
                text=s["text"],
                conceded_by=tuple(s["conceded_by"]),
                core=s.get("core", False),
                poison_pill=s.get("poison_pill", False),
                economic=s.get("economic", False),
            )
            for s in ruleset["issues"]
        ),
        forums=tuple(
            ForumDef(
                id=f["id"],
                name=f["name"],
                source=f["source"],
                members=tuple(f["members"]),
                decision=f["decision"],
                veto=tuple(f.get("veto", ())),
                public=f["public"],
                weight=float(f["weight"]),
                binding=f["binding"],
                stall=f.get("stall", 0),
            )
            for f in ruleset["forums"]
        ),
        alliances=tuple(
            AllianceDef(
                id=a["id"],
                name=a["name"],
                members=tuple(a["members"]),
                cohesion=a["cohesion"],
                max=a.get("max", 10),
                score_weight=a.get("score_weight", 1),
            )
            for a in ruleset.get("alliances", ())
        ),
        phases=tuple(
            PhaseDef(
                id=p["id"],
                name=p["name"],
                steps=tuple(p.get("steps", ())),
                actions=tuple(p.get("actions", ())),
                laps=p.get("laps", 1),
            )
            for p in rnd["phases"]
        ),
        turn_order=tuple(rnd["turn_order"]),
        start_forum=rnd["start_forum"],
        cards=cards,
        deck=tuple(deck),
        events=events,
        event_deck=tuple(event_deck),
        rules=Rules(**ruleset.get("rules", {}), rotate_first=rnd.get("rotate_first", True)),
        deck_ids=tuple(ruleset["decks"]),
    )
