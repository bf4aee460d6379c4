"""Killing a game at any moment leaves a save that loads, losing at most the action in flight.

Child processes play all-bot games through Session, which autosaves after every action,
forever (a new game each time one ends). Each is killed with SIGKILL after a random
short delay; its save must then load, verify and resume, and hold every action the
child had reported as done.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import DATA
from wargame.persist.replay import verify
from wargame.persist.save import SaveWriter, read_save
from wargame.session import Session, latest_unfinished

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL") or os.name != "posix", reason="needs SIGKILL"
)

SCENARIO = "european_security_2022"  # the largest save: the longest writes to interrupt
TRIALS = 10
AHEAD = 2  # children starting up at once (start-up is most of a trial's cost)
# Each child reports "GAME ACTIONS" on its own line after the action is saved: the save
# it leaves may be one action ahead of its last report (the one in flight), never behind.
CHILD = """
import functools
import sys
from pathlib import Path
import wargame.session
from wargame.session import Session

# Read the content once: the child's time goes to playing and saving, what a kill should hit.
wargame.session.load_content = functools.cache(wargame.session.load_content)

path, scenario = Path(sys.argv[1]), sys.argv[2]
game = 0
session = Session.new(scenario, {}, game, path=path)
print(game, 0, flush=True)
sys.stdin.readline()  # started ahead of its turn: wait for the go, do not burn the CPU
while True:
    if game:
        session = Session.new(scenario, {}, game, path=path)
        print(game, 0, flush=True)
    while not session.is_over:
        session.bot_step()
        print(game, len(session.writer.save.actions), flush=True)
    game += 1
"""


def last_report(log: Path) -> tuple[int, int] | None:
    """The last complete line the child printed: (game, actions saved)."""
    text = log.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not text.endswith("\n"):
        lines = lines[:-1]  # a line cut by the kill
    if not lines:
        return None
    game, actions = lines[-1].split()
    return int(game), int(actions)


def start(folder: Path) -> tuple[subprocess.Popen[bytes], Path, Path]:
    folder.mkdir()
    save, log = folder / "saves" / "autosave.yaml", folder / "stdout.txt"
    env = {**os.environ, "WARGAME_HOME": str(folder / "home"), "PYTHONUNBUFFERED": "1"}
    root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    with log.open("wb") as out:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(save), SCENARIO],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=subprocess.PIPE,
            env=env,
            cwd=folder,
        )
    return child, save, log


def wait_ready(child: subprocess.Popen[bytes], log: Path, timeout: float = 60.0) -> None:
    """Until the first game's opening save is on disk (the child reports it after)."""
    deadline = time.monotonic() + timeout
    while last_report(log) is None:
        if child.poll() is not None:
            err = child.stderr.read().decode() if child.stderr else ""
            pytest.fail(f"the child died before its first save:\n{err}")
        if time.monotonic() > deadline:
            child.kill()
            pytest.fail("the child never saved its first game")
        time.sleep(0.01)


def test_sigkill_at_random_moments_always_leaves_a_loadable_save(tmp_path: Path) -> None:
    rng = random.Random(20240501)
    delays = [rng.uniform(0.05, 0.6) for _ in range(TRIALS)]
    # The next children start while the current one plays: start-up overlaps the delays.
    children = [start(tmp_path / f"trial{i}") for i in range(min(AHEAD, TRIALS))]
    try:
        outcomes = []
        for i, delay in enumerate(delays):
            child, save_path, log = children[i]
            wait_ready(child, log)
            if len(children) < TRIALS:
                children.append(start(tmp_path / f"trial{len(children)}"))
            assert child.stdin is not None
            child.stdin.write(b"go\n")
            child.stdin.flush()
            time.sleep(delay)
            assert child.poll() is None, "the child stopped on its own"
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
            assert child.returncode == -signal.SIGKILL
            for stream in (child.stdin, child.stderr):
                if stream:
                    stream.close()

            report = last_report(log)
            assert report is not None
            game, reported = report
            # The engine-level resume: read_save, replay, bots caught up; SaveError if broken.
            session = Session.load(save_path)
            save = session.writer.save
            assert save.seed in (game, game + 1)
            if save.seed == game:
                # Every reported action is saved; at most the one in flight is beyond it.
                assert reported <= len(save.actions) <= reported + 1
            else:
                # A new game had started: its opening save, or one action in flight.
                assert len(save.actions) <= 1
            verdict = verify(save)
            assert verdict.ok, verdict.message
            # The last action and the result are written together.
            assert (save.result is not None) == session.is_over
            if not session.is_over:
                assert session.bot_step() is not None  # and play goes on from there
            # Interrupted writes leave at most temporary files, never a second save.
            assert [p.name for p in save_path.parent.glob("*.yaml")] == [save_path.name]
            outcomes.append((game, len(save.actions), save.result is not None))
        assert len(outcomes) == TRIALS
        # The kills fell at different moments, not all on the same saved state.
        assert len(set(outcomes)) > 1
    finally:
        for child, _, _ in children:
            if child.poll() is None:
                child.kill()
                child.wait()
            for stream in (child.stdin, child.stderr):
                if stream:
                    stream.close()


def test_latest_unfinished_finds_an_interrupted_game(tmp_path: Path) -> None:
    child, save_path, log = start(tmp_path / "trial")
    try:
        wait_ready(child, log)
        assert child.stdin is not None
        child.stdin.write(b"go\n")
        child.stdin.flush()
        time.sleep(0.1)
    finally:
        child.kill()
        child.wait()
        for stream in (child.stdin, child.stderr):
            if stream:
                stream.close()
    save = read_save(save_path)
    found = latest_unfinished(save_path.parent)
    if save.result is None:
        assert found == save_path
        Session.load(found)
    else:
        assert found is None


class Killed(Exception):
    """Stands for a SIGKILL at one exact moment."""


def test_the_last_action_and_the_result_are_one_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kill right after the final action's write still leaves a finished save."""
    path = tmp_path / "saves" / "autosave.yaml"
    session = Session.new(str(DATA / "rulesets" / "tiny.yaml"), {}, 2, path=path)
    writes = 0
    real_flush = SaveWriter.flush

    def flush_then_maybe_die(self: SaveWriter) -> None:
        nonlocal writes
        real_flush(self)
        writes += 1
        if self.save.result is not None:
            raise Killed  # nothing after this write reaches the disk

    monkeypatch.setattr(SaveWriter, "flush", flush_then_maybe_die)
    with pytest.raises(Killed):
        for _ in range(10_000):
            session.bot_step()
    monkeypatch.undo()
    assert writes == len(session.writer.save.actions)  # one write per action, result included
    resumed = Session.load(path)
    assert resumed.is_over
    assert len(resumed.writer.save.actions) == len(session.writer.save.actions)
    assert latest_unfinished(path.parent) is None
