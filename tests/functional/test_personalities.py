"""Each personality's character shows in its play, over many seeded games."""

from __future__ import annotations

from typing import Any

import pytest

from wargame.content.library import load_scenario
from wargame.runner.batch import run_batch
from wargame.runner.stats import summarize

SCENARIO = "european_security_2022"
GAMES = 40
SEATS = ("us", "russia", "europe", "ukraine")


def everyone(bot: str) -> dict[str, Any]:
    rows = run_batch(SCENARIO, GAMES, 5, {s: bot for s in SEATS}, workers=2)
    return summarize(rows, load_scenario(SCENARIO))


@pytest.fixture(scope="module")
def table() -> dict[str, dict[str, Any]]:
    bots = ("protractor", "dealmaker", "hardliner", "alliance_manager", "random")
    return {bot: everyone(bot) for bot in bots}


def per_game(summary: dict[str, Any], bot: str, *kinds: str) -> float:
    moves = summary["moves_per_bot"][bot]
    return sum(moves.get(k, 0) for k in kinds) / summary["games"]


def test_the_protractor_links_and_shops_more_than_the_dealmaker(table: dict[str, Any]) -> None:
    protractor = per_game(table["protractor"], "protractor", "link_issues", "forum_shop", "stall")
    dealmaker = per_game(table["dealmaker"], "dealmaker", "link_issues", "forum_shop", "stall")
    assert protractor > 2 * dealmaker


def test_the_dealmaker_reaches_more_agreements(table: dict[str, Any]) -> None:
    deals = {bot: s["agreements_per_game"] for bot, s in table.items()}
    assert deals["dealmaker"] > deals["protractor"]
    assert deals["dealmaker"] > deals["hardliner"]
    assert table["dealmaker"]["agreement_rate"]["secret"] > 0  # the private concession


def test_the_hardliner_draws_red_lines_and_raises_tension(table: dict[str, Any]) -> None:
    assert per_game(table["hardliner"], "hardliner", "declare_red_line") > per_game(
        table["dealmaker"], "dealmaker", "declare_red_line"
    )
    assert table["hardliner"]["final_tension_mean"] > table["dealmaker"]["final_tension_mean"]


def test_the_alliance_manager_consults_its_allies(table: dict[str, Any]) -> None:
    manager = per_game(table["alliance_manager"], "alliance_manager", "consult_allies")
    assert manager > per_game(table["protractor"], "protractor", "consult_allies")
    assert manager > per_game(table["random"], "random", "consult_allies")


def test_strategies_differ_in_outcomes(table: dict[str, Any]) -> None:
    outcomes = {bot: tuple(sorted(s["outcomes"].items())) for bot, s in table.items()}
    assert len(set(outcomes.values())) == len(outcomes)
