"""A batch gives the same rows whatever runs it: this process, a process pool, Dask, Ray."""

from __future__ import annotations

import importlib.util
import os

import pytest

from wargame.runner.batch import chunks, run_batch

SCENARIO = "european_security_2022"
GAMES = 8
SEATS = {"russia": "protractor", "us": "dealmaker"}


@pytest.fixture(scope="module")
def serial() -> list[dict[str, object]]:
    return run_batch(SCENARIO, GAMES, 11, SEATS, workers=1)


def test_chunks_cover_every_game_once() -> None:
    for games, workers in ((1, 1), (7, 2), (200, 2), (2000, 8)):
        parts = chunks(games, workers)
        assert sorted(i for part in parts for i in part) == list(range(games))
        assert all(parts)


def test_rows_are_in_game_order_and_vary_by_seed(serial: list[dict[str, object]]) -> None:
    assert [r["game"] for r in serial] == list(range(1, GAMES + 1))
    assert len({r["seed"] for r in serial}) == GAMES
    assert run_batch(SCENARIO, GAMES, 12, SEATS, workers=1) != serial


def test_a_process_pool_gives_the_serial_rows(serial: list[dict[str, object]]) -> None:
    assert run_batch(SCENARIO, GAMES, 11, SEATS, workers=2) == serial


@pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None, reason="the 'dask' extra is not installed"
)
def test_a_local_dask_cluster_gives_the_serial_rows(serial: list[dict[str, object]]) -> None:
    assert run_batch(SCENARIO, GAMES, 11, SEATS, workers=2, executor="dask") == serial


@pytest.mark.skipif(
    importlib.util.find_spec("ray") is None, reason="the 'ray' extra is not installed"
)
def test_a_local_ray_cluster_gives_the_serial_rows(
    serial: list[dict[str, object]], tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    monkeypatch.setenv("RAY_TMPDIR", os.environ.get("TMPDIR", "/tmp"))
    assert run_batch(SCENARIO, GAMES, 11, SEATS, workers=2, executor="ray") == serial


def test_an_unknown_executor_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown executor"):
        run_batch(SCENARIO, 1, 1, {}, workers=2, executor="spark")
