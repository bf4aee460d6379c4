"""Personalities: the weights a scripted bot plays by, read from YAML."""

from __future__ import annotations

import math
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from wargame.content import checked
from wargame.content.schema import SOURCE_PATTERN
from wargame.content.yamlsource import Document, Problem, parse
from wargame.core.scenario import ACTION_KINDS

NUMBER = {"type": "number"}
WEIGHTS = (
    "deal_value",
    "accept_threshold",
    "tension",
    "over_tolerance",
    "harm",
    "gain",
    "channels",
    "cohesion",
    "score",
    "secret",
    "de_facto",
    "de_jure",
    "pain_point",
    "poison_link",
    "forum_weight",
)
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "wargame bot personality",
    "type": "object",
    "additionalProperties": False,
    "required": ["format", "id", "name", "source", "description", "kinds", *WEIGHTS],
    "properties": {
        "format": {"const": 1},
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "name": {"type": "string", "minLength": 1},
        "source": {"type": "string", "pattern": SOURCE_PATTERN},
        "description": {"type": "string", "minLength": 1},
        "kinds": {
            "type": "object",
            "additionalProperties": False,
            "properties": {k: NUMBER for k in ACTION_KINDS},
        },
        **{w: NUMBER for w in WEIGHTS},
        "sequence": {"enum": ["allies_first", "adversary_first"]},
        "noise": {"type": "number", "minimum": 0},
    },
}


class PersonalityError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@attrs.frozen
class Personality:
    id: str
    name: str
    source: str
    description: str
    kinds: Mapping[str, float]
    weights: Mapping[str, float]
    sequence: str = "allies_first"
    noise: float = 0.3

    def w(self, key: str) -> float:
        return self.weights.get(key, 0.0)


def personality_problems(doc: Document, text: str | None = None) -> list[Problem]:
    """What keeps a parsed document from being a personality: each field the schema
    refuses, with its line. `text`, the file the document was read from, lets a text
    that passed before skip the checks (and jsonschema's slow import) when unchanged."""
    if text is not None and checked.known_good("personality", text):
        return []
    import jsonschema  # only for a text not checked before: it is slow to import

    from wargame.content.validate import schema_problems

    validator = jsonschema.Draft202012Validator(SCHEMA)
    found = list(schema_problems(doc, validator, doc.data, ()))
    found += _not_finite(doc)
    if text is not None and not found:
        checked.remember_good("personality", text)
    return found


def _not_finite(doc: Document) -> list[Problem]:
    """YAML's .nan and .inf are numbers to the schema; a weight of .nan made every
    action score nan and the bot pass every turn without a word."""
    data = doc.data if isinstance(doc.data, dict) else {}
    numbers: list[tuple[tuple[str, ...], Any]] = [((w,), data.get(w)) for w in (*WEIGHTS, "noise")]
    kinds = data.get("kinds")
    if isinstance(kinds, dict):
        numbers += [(("kinds", k), v) for k, v in kinds.items()]
    return [
        doc.problem(path, f"{value} is not a finite number")
        for path, value in numbers
        if isinstance(value, float) and not math.isfinite(value)
    ]


def parse_personality(text: str, file: str) -> Personality:
    doc, problems = parse(text, file)
    if doc is None or problems:
        raise PersonalityError(problems)
    found = personality_problems(doc, text)
    if found:
        raise PersonalityError(found)
    data = doc.data
    return Personality(
        id=data["id"],
        name=data["name"],
        source=data["source"],
        description=data["description"],
        kinds={k: float(v) for k, v in data["kinds"].items()},
        weights={w: float(data[w]) for w in WEIGHTS},
        sequence=data.get("sequence", "allies_first"),
        noise=float(data.get("noise", 0.3)),
    )


def shipped_personalities() -> dict[str, Personality]:
    folder = resources.files("wargame.bots").joinpath("personalities")
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            p = parse_personality(entry.read_text(encoding="utf-8"), f"personalities/{entry.name}")
            out[p.id] = p
    return out


def load_personality(path: Path) -> Personality:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PersonalityError([Problem(str(path), None, "", "no such personality file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise PersonalityError([Problem(str(path), None, "", f"cannot read it ({why})")]) from None
    return parse_personality(text, str(path))
