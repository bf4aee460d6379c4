"""Loading scenarios: the shipped ones build, cite real sources, and bad files raise ContentError."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import DATA, ROOT
from wargame.content.library import ContentError, load_scenario
from wargame.content.yamlsource import Problem
from wargame.core.scenario import Scenario

# CI clones the repository beside shared/, so the sources sit at ../shared/sources.
SOURCES_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "sources"

SHIPPED_IDS = sorted(p.stem for p in (ROOT / "rulesets").glob("*.yaml"))
WITH_CORE_DECK = ("european_security_2022", "cuban_missile_crisis_1962")


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scenarios() -> dict[str, Scenario]:
    return {ident: load_scenario(ident) for ident in SHIPPED_IDS}


@pytest.fixture(scope="module")
def core_card_ids() -> set[str]:
    return {c["id"] for c in read_yaml(ROOT / "decks" / "core.yaml")["cards"]}


def test_the_two_reference_scenarios_are_shipped() -> None:
    assert set(WITH_CORE_DECK) <= set(SHIPPED_IDS), SHIPPED_IDS


@pytest.mark.parametrize("ident", SHIPPED_IDS)
def test_ruleset_file_is_named_after_its_id(ident: str) -> None:
    assert read_yaml(ROOT / "rulesets" / f"{ident}.yaml")["id"] == ident


@pytest.mark.parametrize("path", sorted((ROOT / "decks").glob("*.yaml")), ids=lambda p: p.stem)
def test_deck_file_is_named_after_its_id(path: Path) -> None:
    assert read_yaml(path)["id"] == path.stem


@pytest.mark.parametrize("ident", WITH_CORE_DECK)
def test_scenario_draws_at_least_40_distinct_core_cards(
    ident: str, scenarios: dict[str, Scenario], core_card_ids: set[str]
) -> None:
    scenario = scenarios[ident]
    assert scenario.id == ident
    assert "core" in scenario.deck_ids
    in_scenario = core_card_ids & set(scenario.cards)
    assert len(in_scenario) >= 40, f"{ident}: only {len(in_scenario)} core cards"
    # They are in the draw pile, not only defined.
    assert len(in_scenario & set(scenario.deck)) >= 40


@pytest.mark.parametrize("ident", SHIPPED_IDS)
def test_scenario_has_at_least_10_events(ident: str, scenarios: dict[str, Scenario]) -> None:
    scenario = scenarios[ident]
    assert len(scenario.events) >= 10, f"{ident}: {len(scenario.events)} events"
    assert set(scenario.event_deck) == set(scenario.events)


@pytest.mark.parametrize("ident", SHIPPED_IDS)
def test_draw_pile_holds_every_copy_of_every_card(
    ident: str, scenarios: dict[str, Scenario]
) -> None:
    scenario = scenarios[ident]
    assert sorted(scenario.deck) == sorted(
        c.id for c in scenario.cards.values() for _ in range(c.copies)
    )


@pytest.mark.parametrize("ident", SHIPPED_IDS)
def test_everything_cites_a_source_that_exists(ident: str, scenarios: dict[str, Scenario]) -> None:
    if not SOURCES_DIR.is_dir():
        pytest.skip(f"shared sources not found at {SOURCES_DIR} (expected beside the repository)")
    available = {p.name for p in SOURCES_DIR.iterdir()}
    s = scenarios[ident]
    cited = {
        **{f"card {c.id}": c.source for c in s.cards.values()},
        **{f"event {e.id}": e.source for e in s.events.values()},
        **{f"delegation {d.id}": d.source for d in s.delegations},
        **{f"issue {i.id}": i.source for i in s.issues},
        **{f"forum {f.id}": f.source for f in s.forums},
        **{f"ruleset sources[{n}]": src for n, src in enumerate(s.sources)},
    }
    missing = {what: src for what, src in cited.items() if src not in available}
    assert not missing, f"{ident}: sources not in {SOURCES_DIR}: {missing}"
    assert s.sources, f"{ident}: the ruleset lists no sources"


# -- loading by path ---------------------------------------------------------------------


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tiny scenario copied to tmp_path/rulesets and tmp_path/decks; cwd is tmp_path."""
    (tmp_path / "rulesets").mkdir()
    (tmp_path / "decks").mkdir()
    shutil.copyfile(DATA / "rulesets" / "tiny.yaml", tmp_path / "rulesets" / "tiny.yaml")
    shutil.copyfile(DATA / "decks" / "tiny_cards.yaml", tmp_path / "decks" / "tiny_cards.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_ruleset_path_finds_its_decks_beside_it(copy: Path) -> None:
    scenario = load_scenario(str(copy / "rulesets" / "tiny.yaml"))
    assert scenario.id == "tiny"
    assert scenario.deck_ids == ("tiny_cards",)
    assert sorted(scenario.cards) == ["hotline", "kick", "rattle"]
    assert len(scenario.deck) == 12
    assert scenario.event_deck == ("quiet",) * 3


def test_bad_ruleset_path_raises_content_error_with_every_problem(copy: Path) -> None:
    ruleset = copy / "rulesets" / "tiny.yaml"
    deck = copy / "decks" / "tiny_cards.yaml"
    replace(ruleset, "tension_tolerance: 3", "tension_tolerance: lots")
    replace(deck, "{track: tension, add: 1}", "{track: tensoin, add: 1}")
    with pytest.raises(ContentError) as caught:
        load_scenario(str(ruleset))
    problems = caught.value.problems
    assert isinstance(problems, list)
    assert all(isinstance(p, Problem) for p in problems)
    assert [(p.file, p.line, p.path) for p in problems] == [
        ("decks/tiny_cards.yaml", 15, "cards[0].effects[1].track"),
        ("rulesets/tiny.yaml", 23, "delegations[0].tension_tolerance"),
    ]
    assert problems[0].message == "unknown track 'tensoin' (known: tension, channels)"
    # The exception's text is one line per problem, as the command line prints them.
    assert str(caught.value).splitlines() == [str(p) for p in problems]
    assert str(problems[0]).startswith("decks/tiny_cards.yaml:15: cards[0].effects[1].track: ")


def test_ruleset_path_with_a_syntax_error(copy: Path) -> None:
    ruleset = copy / "rulesets" / "tiny.yaml"
    replace(ruleset, "    name: West\n", "    name: West: Bloc\n")
    with pytest.raises(ContentError) as caught:
        load_scenario(str(ruleset))
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("rulesets/tiny.yaml", 19)
    assert problem.message.startswith("YAML syntax error")


def test_ruleset_path_that_does_not_exist(copy: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_scenario(str(copy / "rulesets" / "nope.yaml"))
    [problem] = caught.value.problems
    assert isinstance(problem, Problem)
    assert problem.message == "no such ruleset file"


def test_file_that_is_not_a_ruleset(copy: Path) -> None:
    (copy / "rulesets" / "notes.yaml").write_text("- a list\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_scenario(str(copy / "rulesets" / "notes.yaml"))
    [problem] = caught.value.problems
    assert problem.file == "rulesets/notes.yaml"
    assert problem.line == 1


def test_unknown_scenario_id_lists_the_known_ones() -> None:
    with pytest.raises(ContentError) as caught:
        load_scenario("atlantis_2099")
    [problem] = caught.value.problems
    assert problem.message.startswith("no such scenario (known: ")
    for ident in SHIPPED_IDS:
        assert ident in problem.message
