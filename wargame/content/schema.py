"""JSON Schemas of the ruleset and deck formats: the validator's and the editors' contract.

`ruleset_schema()` and `deck_schema()` are complete schemas for editors (a YAML
language server completes and checks with them). The loader validates with the
same definitions, but checks each effect and condition on its own, chosen by its
first key, so an error names the one field that is wrong instead of a union.
"""

from __future__ import annotations

from typing import Any

from wargame.core.scenario import (
    ACTION_KINDS,
    AUTOMATIC_STEPS,
    CARD_TARGETS,
    DECISION_RULES,
    OUTCOMES,
)

FORMAT_VERSION = 1
ID_PATTERN = "^[a-z][a-z0-9_]*$"
SOURCE_PATTERN = r"^[0-9]{3}_[0-9a-f]{16}\.txt$"

Schema = dict[str, Any]


def _obj(props: Schema, required: tuple[str, ...] = ()) -> Schema:
    return {
        "type": "object",
        "properties": props,
        "required": list(required),
        "additionalProperties": False,
    }


ID: Schema = {"type": "string", "pattern": ID_PATTERN}
IDS: Schema = {"type": "array", "items": ID, "uniqueItems": True}
TEXT: Schema = {"type": "string", "minLength": 1}
SOURCE: Schema = {"type": "string", "pattern": SOURCE_PATTERN}
INT: Schema = {"type": "integer"}
PROB: Schema = {"type": "number", "minimum": 0, "maximum": 1}
AMOUNTS: Schema = {
    "type": "object",
    "additionalProperties": INT,
    "propertyNames": {"pattern": ID_PATTERN},
}
WHO: Schema = {"type": "string", "pattern": ID_PATTERN}
BOUNDS: Schema = {"at_least": INT, "at_most": INT}

# Each effect kind: its selecting key and its full schema (nested effects by $ref).
EFFECT_REF: Schema = {"$ref": "#/$defs/effect"}
EFFECTS_REF: Schema = {"type": "array", "items": EFFECT_REF}
CONDITION_REF: Schema = {"$ref": "#/$defs/condition"}

EFFECT_KINDS: dict[str, Schema] = {
    "track": {
        **_obj({"track": ID, "add": INT, "set": INT}, ("track",)),
        "oneOf": [{"required": ["add"]}, {"required": ["set"]}],
    },
    "resource": _obj({"resource": ID, "add": INT, "who": WHO}, ("resource", "add")),
    "score": _obj({"score": INT, "who": WHO}, ("score",)),
    "cohesion": _obj({"cohesion": INT, "alliance": ID, "who": WHO}, ("cohesion",)),
    "chance": _obj({"chance": PROB, "then": EFFECTS_REF, "else": EFFECTS_REF}, ("chance",)),
    "if": _obj({"if": CONDITION_REF, "then": EFFECTS_REF, "else": EFFECTS_REF}, ("if",)),
    "reveal_red_lines": _obj({"reveal_red_lines": WHO}, ("reveal_red_lines",)),
    "provoke": _obj({"provoke": ID}, ("provoke",)),
    "draw": _obj({"draw": {"type": "integer", "minimum": 1, "maximum": 5}, "who": WHO}, ("draw",)),
    "salience": _obj({"salience": INT, "issue": ID}, ("salience", "issue")),
    "leak": _obj({"leak": PROB}, ("leak",)),
    "move_forum": _obj({"move_forum": ID}, ("move_forum",)),
    "link": _obj({"link": {"type": "array", "items": ID, "minItems": 2, "maxItems": 2}}, ("link",)),
    "log": _obj({"log": TEXT}, ("log",)),
}

CONDITION_KINDS: dict[str, Schema] = {
    "track": _obj({"track": ID, **BOUNDS}, ("track",)),
    "resource": _obj({"resource": ID, "who": WHO, **BOUNDS}, ("resource",)),
    "cohesion": _obj({"cohesion": ID, **BOUNDS}, ("cohesion",)),
    "forum": _obj({"forum": {"oneOf": [ID, {**IDS, "minItems": 1}]}}, ("forum",)),
    "issue": _obj({"issue": ID, "status": {"enum": ["open", "agreed"]}}, ("issue", "status")),
    "crisis": _obj({"crisis": {"type": "boolean"}}, ("crisis",)),
    "round_at_least": _obj({"round_at_least": INT}, ("round_at_least",)),
    "round_at_most": _obj({"round_at_most": INT}, ("round_at_most",)),
    "secret_deals": _obj({"secret_deals": {"type": "boolean"}}, ("secret_deals",)),
    "all": _obj({"all": {"type": "array", "items": CONDITION_REF, "minItems": 1}}, ("all",)),
    "any": _obj({"any": {"type": "array", "items": CONDITION_REF, "minItems": 1}}, ("any",)),
    "not": _obj({"not": CONDITION_REF}, ("not",)),
}


def _defs() -> Schema:
    return {
        "effect": {
            "description": "One effect; its first key selects the kind.",
            "oneOf": list(EFFECT_KINDS.values()),
        },
        "condition": {
            "description": "One condition; its first key selects the kind.",
            "oneOf": list(CONDITION_KINDS.values()),
        },
    }


CARD: Schema = _obj(
    {
        "id": ID,
        "name": TEXT,
        "source": SOURCE,
        "text": TEXT,
        "phases": {**IDS, "minItems": 1},
        "cost": AMOUNTS,
        "target": {"enum": list(CARD_TARGETS)},
        "playable_by": IDS,
        "requires": CONDITION_REF,
        "copies": {"type": "integer", "minimum": 1, "maximum": 10},
        "once": {"type": "boolean"},
        "effects": {**EFFECTS_REF, "minItems": 1},
    },
    ("id", "name", "source", "text", "effects"),
)

EVENT: Schema = _obj(
    {
        "id": ID,
        "name": TEXT,
        "source": SOURCE,
        "text": TEXT,
        "copies": {"type": "integer", "minimum": 1, "maximum": 10},
        "effects": {**EFFECTS_REF, "minItems": 1},
    },
    ("id", "name", "source", "text", "effects"),
)


def deck_schema() -> Schema:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "wargame deck",
        **_obj(
            {
                "format": {"const": FORMAT_VERSION},
                "id": ID,
                "name": TEXT,
                "description": TEXT,
                "ruleset": ID,
                "cards": {"type": "array", "items": CARD},
                "events": {"type": "array", "items": EVENT},
            },
            ("format", "id", "name"),
        ),
        "$defs": _defs(),
    }


_RULES_NUMBERS: Schema = {
    "max_rounds": {"type": "integer", "minimum": 1, "maximum": 50},
    "hand_size": {"type": "integer", "minimum": 0, "maximum": 10},
    "crisis_at": INT,
    "war_at": INT,
    "crisis_rounds": {"type": "integer", "minimum": 0, "maximum": 10},
    "crisis_weight_bonus": {"type": "number", "minimum": 0},
    "miscalc_base": {"type": "number"},
    "miscalc_per_tension": {"type": "number"},
    "miscalc_per_channel": {"type": "number"},
    "miscalc_per_declared_red_line": {"type": "number"},
    "miscalc_tension": INT,
    "leak_base": PROB,
    "leak_public_forum": PROB,
    "leak_per_extra_party": PROB,
    "leak_cost": AMOUNTS,
    "leak_cohesion": INT,
    "leak_tension": INT,
    "de_jure_weight": {"type": "number", "minimum": 0},
    "de_facto_weight": {"type": "number", "minimum": 0},
    "economics_bonus": INT,
    "red_line_crossed_tension": INT,
    "red_line_conceded": AMOUNTS,
    "red_line_declared": AMOUNTS,
    "tension_penalty": INT,
    "pain_penalty": INT,
    "forum_shop_cost": AMOUNTS,
    "link_cost": AMOUNTS,
    "stall_cost": AMOUNTS,
    "consult_cohesion": INT,
    "act_alone_cohesion": INT,
    "agreement_tension": INT,
    "events_per_round": {"type": "integer", "minimum": 0, "maximum": 5},
}


def ruleset_schema() -> Schema:
    track = _obj(
        {"id": ID, "name": TEXT, "min": INT, "max": INT, "start": INT},
        ("id", "name", "min", "max"),
    )
    resource = _obj({"id": ID, "name": TEXT, "min": INT, "max": INT}, ("id", "name", "min", "max"))
    delegation = _obj(
        {
            "id": ID,
            "name": TEXT,
            "source": SOURCE,
            "profile": TEXT,
            "resources": AMOUNTS,
            "tension_tolerance": INT,
            "pain_points": IDS,
            "red_lines": IDS,
            "alliance": ID,
            "values": AMOUNTS,
            "framing": {
                "type": "object",
                "properties": {"regional": INT, "global": INT},
                "additionalProperties": False,
            },
            "victory": _obj(
                {
                    "outcomes": {
                        "type": "array",
                        "items": {"enum": list(OUTCOMES)},
                        "uniqueItems": True,
                        "minItems": 1,
                    },
                    "min_score": INT,
                    "per_round_unresolved": INT,
                    "per_link": INT,
                    "resource_weights": AMOUNTS,
                },
                ("outcomes",),
            ),
            "bot": ID,
            "plural": {"type": "boolean"},
        },
        ("id", "name", "source", "profile", "resources", "tension_tolerance", "values", "victory"),
    )
    issue = _obj(
        {
            "id": ID,
            "name": TEXT,
            "source": SOURCE,
            "text": TEXT,
            "conceded_by": {**IDS, "minItems": 1},
            "core": {"type": "boolean"},
            "poison_pill": {"type": "boolean"},
            "economic": {"type": "boolean"},
        },
        ("id", "name", "source", "text", "conceded_by"),
    )
    forum = _obj(
        {
            "id": ID,
            "name": TEXT,
            "source": SOURCE,
            "members": {**IDS, "minItems": 2},
            "decision": {"enum": list(DECISION_RULES)},
            "veto": IDS,
            "public": {"type": "boolean"},
            "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": 5},
            "binding": {"type": "boolean"},
            "stall": {"type": "integer", "minimum": 0, "maximum": 10},
        },
        ("id", "name", "source", "members", "decision", "public", "weight", "binding"),
    )
    alliance = _obj(
        {
            "id": ID,
            "name": TEXT,
            "members": {**IDS, "minItems": 1},
            "cohesion": {"type": "integer", "minimum": 0},
            "max": {"type": "integer", "minimum": 1},
            "score_weight": INT,
        },
        ("id", "name", "members", "cohesion"),
    )
    phase = _obj(
        {
            "id": ID,
            "name": TEXT,
            "steps": {"type": "array", "items": {"enum": list(AUTOMATIC_STEPS)}},
            "actions": {
                "type": "array",
                "items": {"enum": list(ACTION_KINDS)},
                "uniqueItems": True,
            },
            "laps": {"type": "integer", "minimum": 1, "maximum": 10},
        },
        ("id", "name"),
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "wargame ruleset",
        **_obj(
            {
                "format": {"const": FORMAT_VERSION},
                "id": ID,
                "name": TEXT,
                "description": TEXT,
                "sources": {"type": "array", "items": SOURCE},
                "decks": {**IDS, "minItems": 1},
                "events": ID,
                "tracks": {"type": "array", "items": track, "minItems": 1},
                "resources": {"type": "array", "items": resource, "minItems": 1},
                "delegations": {"type": "array", "items": delegation, "minItems": 2},
                "issues": {"type": "array", "items": issue, "minItems": 1},
                "forums": {"type": "array", "items": forum, "minItems": 1},
                "alliances": {"type": "array", "items": alliance},
                "round": _obj(
                    {
                        "turn_order": {**IDS, "minItems": 2},
                        "rotate_first": {"type": "boolean"},
                        "start_forum": ID,
                        "phases": {"type": "array", "items": phase, "minItems": 1},
                    },
                    ("turn_order", "start_forum", "phases"),
                ),
                "rules": {
                    "type": "object",
                    "properties": _RULES_NUMBERS,
                    "additionalProperties": False,
                },
            },
            (
                "format",
                "id",
                "name",
                "description",
                "decks",
                "events",
                "tracks",
                "resources",
                "delegations",
                "issues",
                "forums",
                "round",
            ),
        ),
        "$defs": _defs(),
    }
