"""`wargame schema`: the JSON Schemas editors use, committed under schemas/ and kept current."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import DATA, ROOT
from wargame.bots.personality import SCHEMA as PERSONALITY_SCHEMA
from wargame.cli import main
from wargame.content.schema import deck_schema, ruleset_schema

COMMITTED = ROOT / "schemas"
NAMES = ("ruleset.schema.json", "deck.schema.json", "personality.schema.json")
REGENERATE = "regenerate with: wargame schema --out schemas (from the repository root)"

RULESET_FILES = [*sorted((ROOT / "rulesets").glob("*.yaml")), DATA / "rulesets" / "tiny.yaml"]
DECK_FILES = [*sorted((ROOT / "decks").glob("*.yaml")), DATA / "decks" / "tiny_cards.yaml"]
PERSONALITY_FILES = sorted((ROOT / "wargame" / "bots" / "personalities").glob("*.yaml"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("schemas")
    assert main(["schema", "--out", str(out)]) == 0
    return {name: (out / name).read_text(encoding="utf-8") for name in NAMES}


def validator(text: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def messages(v: jsonschema.Draft202012Validator, data: Any) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
        for e in v.iter_errors(data)
    ]


def test_schema_out_writes_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "nested" / "schemas"
    assert main(["schema", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)
    assert str(out / "ruleset.schema.json") in capsys.readouterr().out
    ruleset = json.loads((out / "ruleset.schema.json").read_text(encoding="utf-8"))
    deck = json.loads((out / "deck.schema.json").read_text(encoding="utf-8"))
    personality = json.loads((out / "personality.schema.json").read_text(encoding="utf-8"))
    assert ruleset == ruleset_schema()
    assert deck == deck_schema()
    assert personality == PERSONALITY_SCHEMA
    for schema in (ruleset, deck, personality):
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(
    ("kind", "build"),
    [
        ("ruleset", ruleset_schema),
        ("deck", deck_schema),
        ("personality", lambda: PERSONALITY_SCHEMA),
    ],
)
def test_schema_prints_one_kind(kind: str, build: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", kind]) == 0
    assert json.loads(capsys.readouterr().out) == build()


def test_schema_output_is_stable(exported: dict[str, Any], tmp_path: Path) -> None:
    """Sorted keys and fixed indentation: regenerating never produces a spurious diff."""
    assert main(["schema", "--out", str(tmp_path)]) == 0
    for name in NAMES:
        assert (tmp_path / name).read_text(encoding="utf-8") == exported[name]


@pytest.mark.parametrize("name", NAMES)
def test_committed_schema_is_current(name: str, exported: dict[str, Any]) -> None:
    path = COMMITTED / name
    assert path.is_file(), f"{path} is missing; {REGENERATE}"
    assert path.read_text(encoding="utf-8") == exported[name], (
        f"{path} differs from the schema the code exports; {REGENERATE}"
    )


SHIPPED = [
    *(("ruleset.schema.json", p) for p in RULESET_FILES),
    *(("deck.schema.json", p) for p in DECK_FILES),
    *(("personality.schema.json", p) for p in PERSONALITY_FILES),
]


@pytest.mark.parametrize(("schema", "path"), SHIPPED, ids=lambda x: getattr(x, "name", x))
def test_every_shipped_file_validates_against_its_exported_schema(
    schema: str, path: Path, exported: dict[str, Any]
) -> None:
    problems = messages(validator(exported[schema]), load(path))
    assert not problems, f"{path.name} breaks {schema}:\n" + "\n".join(problems)


# The schema must also reject: a schema that accepts everything would pass the tests above.


def test_exported_ruleset_schema_rejects_mistakes(exported: dict[str, Any]) -> None:
    v = validator(exported["ruleset.schema.json"])
    good = load(DATA / "rulesets" / "tiny.yaml")
    assert messages(v, good) == []

    def broken(change: Any) -> list[str]:
        data = copy.deepcopy(good)
        change(data)
        return messages(v, data)

    assert broken(lambda d: d["delegations"][0].update(colour="blue"))
    assert broken(lambda d: d["delegations"][0].update(name=False))  # NO, unquoted
    assert broken(lambda d: d["delegations"][0].update(tension_tolerance=2.7))
    assert broken(lambda d: d["delegations"][0].update(tension_tolerance=True))
    assert broken(lambda d: d["forums"][0].update(decision="bilaterall"))
    assert broken(lambda d: d["forums"][0].pop("members"))
    assert broken(lambda d: d.update(format=2))
    assert broken(lambda d: d["rules"].update(leak_base=2))
    assert broken(lambda d: d["delegations"][0].update(source="sources/us.txt"))


def test_exported_deck_schema_checks_nested_effects(exported: dict[str, Any]) -> None:
    """Effects and conditions go through $defs: nested mistakes are caught for editors too."""
    v = validator(exported["deck.schema.json"])
    good = load(DATA / "decks" / "tiny_cards.yaml")
    assert messages(v, good) == []

    def with_effect(effect: Any) -> list[str]:
        data = copy.deepcopy(good)
        data["cards"][0]["effects"] = [effect]
        return messages(v, data)

    ok = {"track": "tension", "add": 1}
    assert with_effect(ok) == []
    assert with_effect({"chance": 0.5, "then": [ok], "else": [{"leak": 0.2}]}) == []
    assert with_effect({"if": {"all": [{"track": "tension", "at_least": 3}]}, "then": [ok]}) == []
    assert with_effect({"channel": 1})  # no kind
    assert with_effect({"track": "tension"})  # neither add nor set
    assert with_effect({"track": "tension", "add": 1, "set": 2})  # both
    assert with_effect({"chance": 2, "then": [ok]})  # probability above 1
    assert with_effect({"chance": 0.5, "then": [{"track": "tension", "add": "one"}]})
    assert with_effect({"if": {"all": [{"track": "tension", "over": 3}]}, "then": [ok]})
    assert with_effect({"draw": 9})


def test_exported_personality_schema_rejects_mistakes(exported: dict[str, Any]) -> None:
    v = validator(exported["personality.schema.json"])
    good = load(PERSONALITY_FILES[0])
    assert messages(v, good) == []

    def broken(change: Any) -> list[str]:
        data = copy.deepcopy(good)
        change(data)
        return messages(v, data)

    assert broken(lambda d: d.update(pain_piont=1.0))  # a misspelt weight
    assert broken(lambda d: d.pop("harm"))  # every weight is required
    assert broken(lambda d: d.update(deal_value="0.5"))
    assert broken(lambda d: d["kinds"].update(passs=1.0))
    assert broken(lambda d: d.update(sequence="allies"))
    assert broken(lambda d: d.update(noise=-0.1))
    assert broken(lambda d: d.update(source="notes.txt"))
    assert broken(lambda d: d.update(format=2))
