"""The memory of checked content: an unchanged file is not checked again, a changed one is,
and a file with problems always reports them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA
from wargame.content import checked, validate
from wargame.content.library import ContentError, load_scenario


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WARGAME_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("WARGAME_NO_CACHE", raising=False)
    return tmp_path / "home"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "rulesets", tmp_path / "content" / "rulesets")
    shutil.copytree(DATA / "decks", tmp_path / "content" / "decks")
    return tmp_path / "content" / "rulesets" / "tiny.yaml"


def count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each structural check of a ruleset or deck by its file."""
    calls: list[str] = []
    for name in ("check_ruleset_structure", "check_deck_structure"):
        real = getattr(validate, name)

        def spy(doc: Any, real: Any = real) -> Any:
            calls.append(Path(doc.file).name)
            return real(doc)

        monkeypatch.setattr(validate, name, spy)
    return calls


def test_a_shipped_scenario_is_checked_once_then_remembered(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_checks(monkeypatch)
    first = load_scenario("european_security_2022")
    assert sorted(calls) == [
        "core.yaml",
        "european_security_2022.yaml",
        "european_security_2022.yaml",
    ]
    calls.clear()
    again = load_scenario("european_security_2022")
    assert calls == []
    assert again == first
    assert any((home / "cache" / "checked").iterdir())


def test_an_edited_file_is_checked_again_and_its_problem_reported(
    home: Path, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_checks(monkeypatch)
    load_scenario(str(content))
    assert "tiny.yaml" in calls
    calls.clear()
    load_scenario(str(content))
    assert "tiny.yaml" not in calls

    text = content.read_text(encoding="utf-8")
    assert "max_rounds:" in text
    broken = text.replace("max_rounds:", "max_rounds: many\n  ignored_rounds:", 1)
    content.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index(next(s for s in broken.splitlines() if "many" in s)) + 1
    for _ in range(2):  # a file with problems is never remembered as good
        with pytest.raises(ContentError) as caught:
            load_scenario(str(content))
        where = {(Path(p.file).name, p.line) for p in caught.value.problems}
        assert ("tiny.yaml", line) in where
    assert calls.count("tiny.yaml") == 2


def test_no_cache_when_switched_off_or_unwritable(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARGAME_NO_CACHE", "1")
    checked.remember_good("deck", "text")
    assert not checked.known_good("deck", "text")
    assert not (home / "cache").exists()

    monkeypatch.delenv("WARGAME_NO_CACHE")
    home.mkdir(parents=True)
    (home / "cache").write_text("a file where the folder should be", encoding="utf-8")
    checked.remember_good("deck", "text")  # best-effort: no error
    assert not checked.known_good("deck", "text")
    assert load_scenario("european_security_2022").id == "european_security_2022"
