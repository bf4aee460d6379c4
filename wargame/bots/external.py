"""External bots: a seat played by another program over JSON lines on stdin and stdout.

docs/bot-protocol.md is the specification. The host says hello, the program
answers ready; then for each move the host sends the seat's view and its legal
actions and the program answers with one action. A program that is too slow,
answers something malformed or illegal, or dies is stopped, the fact is logged
on the `wargame.bots` logger, and a fallback bot plays the seat for the rest of
the game: an external program can never stop a game.

Two threads per program do the pipe work, so a program that neither reads nor
writes cannot block the host: one reads its lines into a queue (the host waits on
the queue with the time limit), one writes the host's messages.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import queue
import shlex
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from typing import IO, Any

from wargame.bots.base import Bot
from wargame.bots.random_bot import RandomBot
from wargame.bots.wire import outcome_to_json, scenario_to_json, view_to_json
from wargame.core.actions import Action, describe
from wargame.core.model import Outcome
from wargame.core.scenario import Scenario
from wargame.core.view import View
from wargame.persist.codec import DecodeError, decode, encode

log = logging.getLogger("wargame.bots")

PROTOCOL = 1
PREFIX = "cmd:"
TIME_LIMIT = 5.0  # seconds per move, unless WARGAME_BOT_TIME_LIMIT says otherwise
TIME_LIMIT_VARIABLE = "WARGAME_BOT_TIME_LIMIT"
START_LIMIT = 10.0  # seconds from starting the program to its ready message
EXIT_GRACE = 1.0  # seconds a program has to exit after the end message


class _Closed:
    """The program's output ended; `error` says why if it was not a plain end of file."""

    def __init__(self, error: str | None = None) -> None:
        self.error = error


def time_limit_setting() -> float:
    """The per-move time limit: WARGAME_BOT_TIME_LIMIT seconds if set to a positive number."""
    value = os.environ.get(TIME_LIMIT_VARIABLE, "")
    try:
        seconds = float(value)
    except ValueError:
        return TIME_LIMIT
    return seconds if seconds > 0 and math.isfinite(seconds) else TIME_LIMIT


def parse_command(name: str) -> list[str] | None:
    """The command in a `cmd:COMMAND` bot name, split as a shell would; None if it is not one."""
    if not name.startswith(PREFIX):
        return None
    try:
        command = shlex.split(name[len(PREFIX) :])
    except ValueError:
        return None
    return command or None


class ExternalBot:
    """A seat played by an external program; the fallback bot takes over if it fails.

    `failure` is None while the program plays, then the reason it was replaced.
    `check`, if the host sets it before a move, says why an action is illegal in the
    current state (or None): with it the program may answer with a proposal or
    counter-offer of its own instead of one from the menu in the legal list.
    """

    def __init__(
        self,
        command: Sequence[str],
        seed: int,
        seat: str,
        scenario: Scenario,
        *,
        time_limit: float | None = None,
        start_limit: float = START_LIMIT,
        fallback: Bot | None = None,
        stderr: int | IO[Any] | None = None,
    ) -> None:
        if not command:
            raise ValueError("an external bot needs a command")
        self.command = list(command)
        self.program = shlex.join(self.command)
        self.name = PREFIX + self.program
        self.seat = seat
        self.seed = seed  # names the game in a warning: a batch's rows carry each seed
        self.time_limit = time_limit if time_limit is not None else time_limit_setting()
        self.fallback: Bot = fallback if fallback is not None else RandomBot(seed, seat)
        self.failure: str | None = None
        self.check: Callable[[Action], str | None] | None = None
        self.reported_name: str | None = None  # the name the program gave in its ready message
        self._proc: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | _Closed] = queue.Queue()
        self._outbox: queue.Queue[str | None] = queue.Queue()
        self._closed = False
        self._start(scenario, start_limit, stderr)

    # -- the game's side -----------------------------------------------------------
    def choose(self, view: View, legal: Sequence[Action]) -> Action:
        if self.failure is None and not self._closed:
            try:
                action = self._ask(view, legal)
            except Exception as exc:  # whatever the program did, the game goes on
                self._fail(f"unexpected error: {exc!r}")
                action = None
            if action is not None:
                return action
        return self.fallback.choose(view, legal)

    def close(self, outcome: Outcome | None = None) -> None:
        """Tell the program the game is over (with its outcome, if it ended) and stop it."""
        if self._closed:
            return
        self._closed = True
        proc = self._proc
        if proc is None:
            return
        if self.failure is None:
            self._send({"type": "end", "outcome": outcome_to_json(outcome)})
        self._outbox.put(None)  # the writer closes the program's stdin
        try:
            proc.wait(timeout=EXIT_GRACE)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    # -- the protocol ----------------------------------------------------------------
    def _start(self, scenario: Scenario, limit: float, stderr: int | IO[Any] | None) -> None:
        try:
            proc = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
        except (OSError, ValueError) as exc:
            self._fail(f"could not start: {exc}")
            return
        self._proc = proc
        assert proc.stdin is not None and proc.stdout is not None
        for target, stream in ((self._read, proc.stdout), (self._write, proc.stdin)):
            threading.Thread(
                target=target, args=(stream,), name=f"bot-{self.seat}", daemon=True
            ).start()
        hello = {
            "type": "hello",
            "protocol": PROTOCOL,
            "seat": self.seat,
            "scenario": scenario_to_json(scenario),
        }
        self._send(hello)
        message = self._receive(limit, "ready message")
        if message is None:
            return
        if message.get("type") != "ready":
            self._fail(f"malformed answer: expected a ready message, got {_clip(message)}")
            return
        name = message.get("name")
        if isinstance(name, str):
            self.reported_name = name

    def _ask(self, view: View, legal: Sequence[Action]) -> Action | None:
        if not self._quiet():
            return None
        self._send(
            {"type": "move", "view": view_to_json(view), "legal": [encode(a) for a in legal]}
        )
        message = self._receive(self.time_limit, "answer")
        if message is None:
            return None
        return self._action(message, legal)

    def _action(self, message: dict[str, Any], legal: Sequence[Action]) -> Action | None:
        if message.get("type") != "action":
            self._fail(f"malformed answer: expected an action message, got {_clip(message)}")
            return None
        if ("index" in message) == ("action" in message):
            self._fail(
                "malformed answer: an action message has exactly one of 'index' and 'action'"
            )
            return None
        if "index" in message:
            index = message["index"]
            if not isinstance(index, int) or isinstance(index, bool):
                self._fail(f"malformed answer: index must be a whole number, got {index!r}")
                return None
            if not 0 <= index < len(legal):
                self._fail(
                    f"illegal action: index {index} is out of range "
                    f"({len(legal)} legal actions, 0 to {len(legal) - 1})"
                )
                return None
            return legal[index]
        try:
            action = decode(message["action"])
        except DecodeError as exc:
            self._fail(f"malformed answer: {exc}")
            return None
        if action in legal:
            return action
        reason = (
            self.check(action) if self.check is not None else "it is not among the legal actions"
        )
        if reason is None:
            return action
        self._fail(f"illegal action: {describe(action)}: {reason}")
        return None

    def _quiet(self) -> bool:
        """Whether the program said nothing unasked since its last answer (and still runs)."""
        while True:
            try:
                item = self._lines.get_nowait()
            except queue.Empty:
                return True
            if isinstance(item, _Closed):
                self._fail(self._exit_reason(item))
                return False
            if item.strip():
                self._fail(f"malformed answer: a line nobody asked for: {_clip(item)}")
                return False

    def _receive(self, limit: float, what: str) -> dict[str, Any] | None:
        """The program's next message, or None once it has failed."""
        deadline = time.monotonic() + limit
        while True:
            try:
                item = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self._fail(f"timed out: no {what} within the time limit of {limit:g} s")
                return None
            if isinstance(item, _Closed):
                self._fail(self._exit_reason(item))
                return None
            if not item.strip():
                continue
            try:
                message = json.loads(item)
            except json.JSONDecodeError as exc:
                self._fail(f"malformed answer: not JSON ({exc.msg}): {_clip(item)}")
                return None
            if not isinstance(message, dict):
                self._fail(f"malformed answer: not a JSON object: {_clip(item)}")
                return None
            return message

    def _send(self, message: dict[str, Any]) -> None:
        self._outbox.put(json.dumps(message, ensure_ascii=False, separators=(",", ":")) + "\n")

    def _exit_reason(self, closed: _Closed) -> str:
        if closed.error is not None:
            return closed.error
        code = None
        if self._proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                code = self._proc.wait(timeout=EXIT_GRACE)
        return "closed its output" if code is None else f"exited with code {code}"

    def _fail(self, reason: str) -> None:
        if self.failure is not None:
            return
        self.failure = reason
        log.warning(
            "game seed %d, seat %s: external bot `%s` failed (%s); %s plays the rest of the game",
            self.seed,
            self.seat,
            self.program,
            reason,
            self.fallback.name,
        )
        self._stop()

    def _stop(self) -> None:
        self._outbox.put(None)
        proc = self._proc
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(OSError):
                proc.kill()
            proc.wait()

    # -- the threads ---------------------------------------------------------------------
    def _read(self, stream: IO[str]) -> None:
        try:
            for line in stream:
                self._lines.put(line)
            self._lines.put(_Closed())
        except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
            self._lines.put(_Closed(f"malformed answer: unreadable output ({exc})"))
        finally:
            with contextlib.suppress(OSError, ValueError):
                stream.close()

    def _write(self, stream: IO[str]) -> None:
        try:
            while (line := self._outbox.get()) is not None:
                stream.write(line)
                stream.flush()
        except (OSError, ValueError):
            pass  # the program has gone: the reader sees its output end and reports it
        finally:
            with contextlib.suppress(OSError, ValueError):
                stream.close()


def _clip(value: object, limit: int = 80) -> str:
    text = value.strip() if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
