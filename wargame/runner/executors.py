"""Dask and Ray behind the one `concurrent.futures.Executor` interface the batch runner uses.

Both are optional extras (`pip install wargame[dask]`, `wargame[ray]`); without
`--address` each starts a local cluster of `workers` single-threaded workers.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from typing import Any


class MissingExtraError(RuntimeError):
    pass


class UnreachableClusterError(RuntimeError):
    """No scheduler answers at the `--address` given; the message says where and why."""


CONNECT_SECONDS = 10  # to a scheduler or head named by --address
CONNECT_TIMEOUT = f"{CONNECT_SECONDS}s"


@contextlib.contextmanager
def dask_executor(workers: int, address: str | None) -> Iterator[Executor]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise MissingExtraError(
            "the dask executor needs the 'dask' extra: pip install 'wargame[dask]'"
        ) from None
    if address:
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise UnreachableClusterError(
                f"--address {address}: no Dask scheduler answers there ({exc})"
            ) from None
        cluster = None
    else:
        # The cluster is this command's own: its warnings on an interrupted batch (tasks
        # cancelled, workers killed) would bury the one line that says so. Errors still show.
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")  # its worker processes
        logging.getLogger("distributed").setLevel(logging.ERROR)
        # A terminal's Ctrl-C reaches the whole process group. This command answers it by
        # closing the cluster; a worker caught starting died with a traceback, and so did
        # the half-built cluster. So Ctrl-C waits while the cluster starts (the workers
        # inherit the wait, and the preload has them ignore it), then is raised below.
        _hold_ctrl_c(True)
        try:
            cluster = LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                preload=["wargame.runner.deaf_worker"],
            )
        except BaseException:
            _hold_ctrl_c(False)
            raise
        client = None
    try:
        if client is None:
            client = Client(cluster)
            _hold_ctrl_c(False)  # a Ctrl-C pressed meanwhile is raised here
        yield client.get_executor(pure=False)
    finally:
        _hold_ctrl_c(False)
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


def _answers(address: str, what: str) -> None:
    """Raises UnreachableClusterError unless something listens at `address` (HOST:PORT,
    with or without a scheme): Ray retries an address that does not answer for minutes."""
    where = address.split("://", 1)[-1].rsplit("/", 1)[0]
    host, _, port = where.rpartition(":")
    if not host or not port.isdigit():
        return  # "auto" and the like: Ray finds the cluster itself
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_SECONDS).close()
    except OSError as exc:
        raise UnreachableClusterError(
            f"--address {address}: no {what} answers there ({exc.strerror or exc})"
        ) from None


def _hold_ctrl_c(hold: bool) -> None:
    """Blocks SIGINT in this thread (and what it starts), or lets a pending one through."""
    if hasattr(signal, "pthread_sigmask"):  # POSIX
        signal.pthread_sigmask(signal.SIG_BLOCK if hold else signal.SIG_UNBLOCK, {signal.SIGINT})


class RayExecutor(Executor):
    """`submit` runs the function as a Ray task; its ObjectRef answers as a Future."""

    def __init__(self) -> None:
        import ray

        self._ray = ray
        self._remote: dict[Callable[..., Any], Any] = {}

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        remote = self._remote.get(fn)
        if remote is None:
            remote = self._remote[fn] = self._ray.remote(fn)
        ref = remote.remote(*args, **kwargs)
        future: Future[Any] = ref.future()
        return future


@contextlib.contextmanager
def ray_executor(workers: int, address: str | None) -> Iterator[Executor]:
    try:
        import ray
    except ImportError:
        raise MissingExtraError(
            "the ray executor needs the 'ray' extra: pip install 'wargame[ray]'"
        ) from None
    # Ray turns on token authentication by default; a local throwaway cluster needs none.
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    if address:
        _answers(address, "Ray head")
        try:
            ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
        except (ConnectionError, TimeoutError, ValueError, RuntimeError) as exc:
            why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise UnreachableClusterError(
                f"--address {address}: cannot join a Ray cluster there ({why})"
            ) from None
    else:
        ray.init(
            num_cpus=max(1, workers),
            logging_level=logging.WARNING,  # not "Started a local Ray instance" every run
            include_dashboard=False,
            ignore_reinit_error=True,
            log_to_driver=False,
        )
    try:
        yield RayExecutor()
    finally:
        ray.shutdown()
