"""Engine speed: actions per second with the scripted bots, games per second on one core
and on all workers, and peak memory per worker. Prints figures; asserts nothing."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from wargame.content.library import DEFAULT_SCENARIO, load_scenario
from wargame.core.scenario import Scenario
from wargame.runner.batch import fewer_collections, worker_scenario
from wargame.runner.match import game_seed, play_match

SEATS = {
    "european_security_2022": {
        "us": "dealmaker",
        "russia": "protractor",
        "europe": "alliance_manager",
        "ukraine": "hardliner",
    }
}


def play(scenario_id: str, seeds: list[int]) -> tuple[int, int, float]:
    """Games in this process: (games, actions, peak resident memory in MiB). The content
    is loaded once a process, as `wargame bots` loads it once a worker."""
    return run(worker_scenario(scenario_id), seeds)


def run(scenario: Scenario, seeds: list[int]) -> tuple[int, int, float]:
    seats = SEATS.get(scenario.id, {})
    actions = 0
    with fewer_collections():  # as `wargame bots` plays its games
        for seed in seeds:
            result, _, _ = play_match(scenario, seed, seats)
            actions += result.actions
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return len(seeds), actions, peak


_READY: list[Any] = []


def _warm_up(scenario_id: str, ready: Any) -> None:
    """A worker's start: its content loaded and a few games played, as in a long batch."""
    _READY.append(ready)
    play(scenario_id, [game_seed(3, i) for i in range(3)])


def _wait() -> None:
    """Returns once every worker has warmed up: one such task a worker, none running twice
    in one worker, since each waits for all the others."""
    _READY[0].wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default=DEFAULT_SCENARIO)
    parser.add_argument("--games", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    seeds = [game_seed(1, i) for i in range(args.games)]
    scenario = load_scenario(args.scenario)
    run(scenario, seeds[:3])  # warm up

    start = time.perf_counter()
    games, actions, _ = run(scenario, seeds)
    one = time.perf_counter() - start
    print(f"scenario              {args.scenario} (scripted bots in every seat)")
    print(f"one core              {actions / one:>10,.0f} actions/s   {games / one:>8,.1f} games/s")
    print(f"actions per game      {actions / games:>10.1f}")
    print(f"time per action       {1e6 * one / actions:>10.1f} µs (bot decision included)")
    # The memo tables (offer packages, menus, the bots' scores of runs) fill as games are
    # played: a long batch runs faster than its first games. The next games, new seeds:
    later = [game_seed(2, i) for i in range(args.games)]
    start = time.perf_counter()
    games, actions, _ = run(scenario, later)
    warm = time.perf_counter() - start
    print(
        f"one core, the next {args.games} {actions / warm:>6,.0f} actions/s   "
        f"{games / warm:>8,.1f} games/s (memo tables filled by the games before)"
    )

    chunks = [seeds[i :: args.workers] for i in range(args.workers)]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(play, [args.scenario] * args.workers, chunks))
    wall = time.perf_counter() - start
    total_games = sum(r[0] for r in results)
    total_actions = sum(r[1] for r in results)
    print(
        f"{args.workers} workers             {total_actions / wall:>10,.0f} actions/s   "
        f"{total_games / wall:>8,.1f} games/s (including worker start-up)"
    )
    # A long batch's workers have started and loaded their content long ago: the same
    # games again, timed once every worker has played its warm-up games.
    ready = multiprocessing.get_context().Barrier(args.workers)
    warm_up = (args.scenario, ready)
    with ProcessPoolExecutor(args.workers, initializer=_warm_up, initargs=warm_up) as pool:
        for task in [pool.submit(_wait) for _ in range(args.workers)]:
            task.result()
        start = time.perf_counter()
        warm_results = list(pool.map(play, [args.scenario] * args.workers, chunks))
        wall = time.perf_counter() - start
    total_actions = sum(r[1] for r in warm_results)
    print(
        f"{args.workers} workers, started     {total_actions / wall:>10,.0f} actions/s   "
        f"{total_games / wall:>8,.1f} games/s (after start-up and 3 games a worker)"
    )
    print(f"peak memory per worker {max(r[2] for r in results):>9.1f} MiB")


if __name__ == "__main__":
    main()
