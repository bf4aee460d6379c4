"""Fixtures for the property tests: every scenario the engine must handle."""

from __future__ import annotations

import pytest

from wargame.core.scenario import Scenario


class Scenarios(dict[str, Scenario]):
    """Scenarios by name, with a short repr (hypothesis prints it with a failing example)."""

    def __repr__(self) -> str:
        return f"<scenarios {', '.join(self)}>"


@pytest.fixture(scope="session")
def scenarios(europe: Scenario, cuba: Scenario, tiny: Scenario) -> Scenarios:
    """Both shipped scenarios and the tiny test scenario, by name.

    Tests draw the name with hypothesis (`SCENARIOS` in _play.py) rather than
    parametrize over it: each example plays a whole game, so spreading the profile's
    examples over the scenarios keeps the suite fast while covering all three.
    """
    return Scenarios(europe=europe, cuba=cuba, tiny=tiny)
