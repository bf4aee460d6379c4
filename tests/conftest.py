"""Shared fixtures: the shipped scenarios, loaded once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from wargame.content.library import load_scenario
from wargame.core.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

SHIPPED = ("european_security_2022", "cuban_missile_crisis_1962")


@pytest.fixture(scope="session", autouse=True)
def _own_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests' autosaves and memory of checked content stay out of the user's folders."""
    old = os.environ.get("WARGAME_HOME")
    os.environ["WARGAME_HOME"] = str(tmp_path_factory.mktemp("wargame-home"))
    yield
    if old is None:
        del os.environ["WARGAME_HOME"]
    else:
        os.environ["WARGAME_HOME"] = old


@pytest.fixture(scope="session")
def europe() -> Scenario:
    return load_scenario("european_security_2022")


@pytest.fixture(scope="session")
def cuba() -> Scenario:
    return load_scenario("cuban_missile_crisis_1962")


@pytest.fixture(scope="session", params=SHIPPED)
def shipped(request: pytest.FixtureRequest) -> Scenario:
    return load_scenario(request.param)


@pytest.fixture(scope="session")
def tiny() -> Scenario:
    """A small scenario under tests/data, written to test mechanics in isolation."""
    return load_scenario(str(DATA / "rulesets" / "tiny.yaml"))
