"""docs/personalities.md keeps to the code: its example file loads and validates, the
validator output it shows is what `wargame validate` prints, and every field is described."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from wargame.bots.personality import SCHEMA, WEIGHTS, load_personality
from wargame.bots.registry import make_bot
from wargame.cli import main
from wargame.content.library import load_scenario
from wargame.core.scenario import ACTION_KINDS

DOC = ROOT / "docs" / "personalities.md"
NAME = "cautious_dealmaker.yaml"  # what the guide tells the reader to save it as


def guide() -> str:
    return DOC.read_text(encoding="utf-8")


def fenced(text: str) -> list[tuple[str, str]]:
    """Each fenced block of a Markdown text: its language (or "") and its body."""
    blocks: list[tuple[str, str]] = []
    lang: str | None = None
    body: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.startswith("```"):
            if lang is None:
                lang, body = line[3:].strip(), []
            else:
                blocks.append((lang, "".join(body)))
                lang = None
        elif lang is not None:
            body.append(line)
    assert lang is None, "an unclosed fence"
    return blocks


def example() -> str:
    """The complete example: the one YAML block that names every weight."""
    complete = [
        body
        for lang, body in fenced(guide())
        if lang == "yaml" and all(f"\n{w}:" in body for w in WEIGHTS)
    ]
    assert len(complete) == 1, "docs/personalities.md should hold one complete example"
    return complete[0]


def shown_runs(text: str) -> list[tuple[str, list[str]]]:
    """Each `$ wargame validate ...` in the guide's console blocks, with the lines shown."""
    runs = []
    for lang, body in fenced(text):
        if lang:
            continue
        lines = body.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ wargame validate "):
                rest = lines[i + 1 :]
                end = next((j for j, x in enumerate(rest) if x.startswith("$ ")), len(rest))
                runs.append((line.removeprefix("$ wargame "), rest[:end]))
    return runs


def run_validate(capsys: pytest.CaptureFixture[str], argv: str) -> list[str]:
    capsys.readouterr()
    main(argv.split())
    out, err = capsys.readouterr()
    return (err + out).splitlines()


def test_the_example_validates_loads_and_plays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / NAME).write_text(example(), encoding="utf-8")
    assert run_validate(capsys, f"validate {NAME}") == ["1 file(s) valid"]
    personality = load_personality(tmp_path / NAME)
    assert personality.id == "cautious_dealmaker"
    assert set(personality.kinds) == set(ACTION_KINDS)
    scenario = load_scenario("european_security_2022")
    bot = make_bot(NAME, 1, "us", scenario)
    assert bot.name == "cautious_dealmaker"


def test_the_validator_output_shown_is_what_it_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The guide shows the example checked as it is, and with `deal_value` quoted and
    `pain_point` misspelt: both outputs, character for character."""
    monkeypatch.chdir(tmp_path)
    good = example()
    broken = re.sub(r"(?m)^deal_value: 0\.6 ", "deal_value: '0.6'", good)
    broken = re.sub(r"(?m)^pain_point:", "pain_piont:", broken)
    assert broken.count("'0.6'") == 1 and "pain_piont" in broken
    runs = [r for r in shown_runs(guide()) if r[0] == f"validate {NAME}"]
    clean = [shown for _, shown in runs if shown == ["1 file(s) valid"]]
    faulty = [shown for _, shown in runs if shown != ["1 file(s) valid"]]
    assert clean and len(faulty) == 1, runs
    (tmp_path / NAME).write_text(good, encoding="utf-8")
    assert run_validate(capsys, f"validate {NAME}") == clean[0]
    (tmp_path / NAME).write_text(broken, encoding="utf-8")
    assert run_validate(capsys, f"validate {NAME}") == faulty[0]


def test_every_field_kind_and_weight_is_described() -> None:
    text = guide()
    for field in SCHEMA["properties"]:
        assert f"| `{field}` |" in text or field in WEIGHTS, f"no row for `{field}`"
    for weight in WEIGHTS:
        assert re.search(rf"^\| `{weight}` \| .+\|$", text, re.M), f"no row for weight {weight}"
    for kind in ACTION_KINDS:
        assert re.search(rf"^\| `{kind}` \| .+\|$", text, re.M), f"no score row for `{kind}`"
    assert "`allies_first`" in text and "`adversary_first`" in text
    assert "`0.3`" in text  # the default noise, as Personality has it


def test_the_guide_is_linked_from_the_readme_and_the_authoring_guide() -> None:
    assert "docs/personalities.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(personalities.md)" in (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
