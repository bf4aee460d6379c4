"""Imported by each worker of a local Dask cluster as it starts (a Dask preload): the
worker leaves Ctrl-C to the command that started it, as the local pool's workers do."""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
