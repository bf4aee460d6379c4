"""Game data as plain JSON values, for the external-bot protocol (docs/bot-protocol.md).

Frozen classes become objects keyed by field name, tuples become lists and
mappings become objects; nothing else is added or left out, so the JSON view
holds exactly what the View holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import attrs

from wargame.core.model import Outcome
from wargame.core.scenario import Scenario
from wargame.core.view import View


def plain(value: object) -> Any:
    """`value` as JSON-ready data: dicts, lists, text, numbers, booleans and None."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if attrs.has(type(value)):
        return {
            k: plain(v)
            for k, v in attrs.asdict(cast("attrs.AttrsInstance", value), recurse=False).items()
        }
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    raise TypeError(f"no JSON form for {type(value).__name__}")


def view_to_json(view: View) -> dict[str, Any]:
    """A delegation's view as plain data."""
    out: dict[str, Any] = plain(view)
    return out


def outcome_to_json(outcome: Outcome | None) -> dict[str, Any] | None:
    return None if outcome is None else dict(plain(outcome))


def scenario_to_json(scenario: Scenario) -> dict[str, Any]:
    """What every player of a scenario knows before the game: names, rules of the
    forums, tracks, resources and card texts. Nothing private: no values, pain
    points, red lines or victory conditions, no deck order."""
    return {
        "id": scenario.id,
        "name": scenario.name,
        "delegations": [{"id": d.id, "name": d.name} for d in scenario.delegations],
        "issues": [
            {
                "id": s.id,
                "name": s.name,
                "conceded_by": list(s.conceded_by),
                "core": s.core,
                "poison_pill": s.poison_pill,
            }
            for s in scenario.issues
        ],
        "forums": [
            {
                "id": f.id,
                "name": f.name,
                "members": list(f.members),
                "decision": f.decision,
                "veto": list(f.veto),
                "public": f.public,
                "weight": f.weight,
                "binding": f.binding,
                "stall": f.stall,
            }
            for f in scenario.forums
        ],
        "alliances": [
            {"id": a.id, "name": a.name, "members": list(a.members)} for a in scenario.alliances
        ],
        "tracks": [
            {"id": t.id, "name": t.name, "min": t.min, "max": t.max, "start": t.start}
            for t in scenario.tracks
        ],
        "resources": [
            {"id": r.id, "name": r.name, "min": r.min, "max": r.max} for r in scenario.resources
        ],
        "cards": [
            {
                "id": c.id,
                "name": c.name,
                "text": c.text,
                "target": c.target,
                "cost": dict(c.cost),
            }
            for c in scenario.cards.values()
        ],
    }
