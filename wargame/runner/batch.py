"""Batches of seeded bot games, spread over workers; the results never depend on how.

Games go to workers in chunks (one task per game would cost more in overhead than
a game takes), each worker loads the content once, and rows come back sorted by
game number, so `--workers 1` and `--workers 8` write the same bytes.
"""

from __future__ import annotations

import contextlib
import gc
import signal
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from wargame.runner.match import game_seed, play_match

EXECUTORS = ("local", "dask", "ray")

# One scenario per worker process, loaded on first use.
_LOADED: dict[str, Any] = {}


def worker_scenario(ref: str) -> Any:
    """The scenario `ref`, loaded once in this process."""
    if ref not in _LOADED:
        from wargame.content.library import load_scenario

        _LOADED[ref] = load_scenario(ref)
    return _LOADED[ref]


@contextlib.contextmanager
def fewer_collections(first: int = 50_000) -> Iterator[None]:
    """Python's cycle collector runs after every 700 new objects by default, and a game
    makes a few million short-lived ones that form no cycles (states, events, views):
    a fifth of a batch's time went to collections that freed nothing. While games are
    played, it waits for `first` new objects instead; the old setting comes back after."""
    old = gc.get_threshold()
    gc.set_threshold(first, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def play_chunk(
    scenario_ref: str,
    seats: Mapping[str, str],
    batch_seed: int,
    indices: Sequence[int],
    save_dir: str | None = None,
    content_ref: str | None = None,
) -> list[dict[str, Any]]:
    """Play games `indices` of a batch; runs in a worker."""
    scenario = worker_scenario(scenario_ref)
    rows = []
    with fewer_collections():
        for i in indices:
            seed = game_seed(batch_seed, i)
            recorder = None
            if save_dir is not None and content_ref is not None:
                recorder = _Recorder(scenario, seats, seed, Path(save_dir), content_ref, i)
            result, final, _ = play_match(scenario, seed, seats, recorder=recorder)
            if recorder is not None:
                recorder.finish(final)
            rows.append(result.row(i + 1))
    return rows


class _Recorder:
    """Writes one game's save at its end (a batch has no one to lose a game in flight)."""

    def __init__(
        self,
        scenario: Any,
        seats: Mapping[str, str],
        seed: int,
        folder: Path,
        content_ref: str,
        index: int,
    ) -> None:
        from wargame.persist.save import SaveWriter, new_save

        content = {"ref": content_ref}  # the writer only needs the reference
        players = {d.id: seats.get(d.id, d.bot) for d in scenario.delegations}
        save = new_save(scenario, content, seed, players, "batch")
        from attrs import evolve

        save = evolve(save, content_digest=content_ref)
        self.writer = SaveWriter(save, None, content_ref=content_ref)
        self.path = folder / f"{scenario.id}-{index + 1:04d}-{seed}.yaml"

    def __call__(self, before: Any, action: Any, after: Any) -> None:
        from wargame.persist.save import log_entry

        self.writer.record(log_entry(before, action, after), after)

    def finish(self, final: Any) -> None:
        self.writer.path = self.path
        self.writer.finish(final)


def prepare_save_dir(scenario_ref: str, save_dir: Path) -> str:
    """Write the batch's shared content once; its digest is what each save refers to."""
    from wargame.content.library import load_content
    from wargame.persist.atomic import write_atomic
    from wargame.persist.digest import content_digest
    from wargame.persist.save import dump_yaml

    _, content = load_content(scenario_ref)
    digest = content_digest(content)
    shared = save_dir / "content" / f"{digest}.yaml"
    if not shared.exists():
        write_atomic(shared, dump_yaml(content))
    return digest


def chunks(games: int, workers: int) -> list[list[int]]:
    """About eight chunks per worker: big enough to pay the task overhead, small enough
    to keep every worker busy to the end."""
    size = max(1, min(50, -(-games // max(1, workers * 8))))
    return [list(range(i, min(games, i + size))) for i in range(0, games, size)]


@contextlib.contextmanager
def open_executor(kind: str, workers: int, address: str | None = None) -> Iterator[Executor | None]:
    """An Executor for the kind asked; None means run in this process."""
    if kind == "local":
        if workers <= 1:
            yield None
            return
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_leave_interrupts_to_parent)
        try:
            yield pool
        except BaseException:
            # Interrupted (or failed): drop the chunks not started and end the workers now.
            # A plain shutdown waited for every queued chunk, tens of seconds, or for ever
            # once a worker had died of the interrupt itself.
            workers_now = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in workers_now:
                process.terminate()
            raise
        pool.shutdown(wait=True)
        return
    if kind == "dask":
        from wargame.runner.executors import dask_executor

        with dask_executor(workers, address) as executor:
            yield executor
        return
    if kind == "ray":
        from wargame.runner.executors import ray_executor

        with ray_executor(workers, address) as executor:
            yield executor
        return
    raise ValueError(f"unknown executor '{kind}' (known: {', '.join(EXECUTORS)})")


def _leave_interrupts_to_parent() -> None:
    """In a worker: Ctrl-C reaches the whole process group, but only the parent decides
    what an interrupt does (it ends the workers), so no worker dies mid-chunk printing a
    traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_batch(
    scenario_ref: str,
    games: int,
    batch_seed: int,
    seats: Mapping[str, str],
    workers: int = 1,
    executor: str = "local",
    address: str | None = None,
    save_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[dict[str, Any]]:
    """Play `games` games; rows in game order. `progress` hears how many just finished."""
    content_ref = prepare_save_dir(scenario_ref, save_dir) if save_dir is not None else None
    folder = str(save_dir) if save_dir is not None else None
    seats = dict(seats)
    parts = chunks(games, workers)
    rows: list[dict[str, Any]] = []
    with open_executor(executor, workers, address) as pool:
        if pool is None:
            for part in parts:
                rows.extend(play_chunk(scenario_ref, seats, batch_seed, part, folder, content_ref))
                if progress:
                    progress(len(part))
        else:
            futures: list[Future[list[dict[str, Any]]]] = [
                pool.submit(play_chunk, scenario_ref, seats, batch_seed, part, folder, content_ref)
                for part in parts
            ]
            for future in _as_completed(futures):
                part_rows = future.result()
                rows.extend(part_rows)
                if progress:
                    progress(len(part_rows))
    rows.sort(key=lambda r: int(r["game"]))
    return rows


def _as_completed(futures: list[Future[Any]]) -> Iterator[Future[Any]]:
    from concurrent.futures import as_completed

    yield from as_completed(futures)
