"""UI speed, headless: process start to the first interactive screen, and the median time
from a key press to the updated screen. Prints figures; asserts nothing."""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# `wargame play --scenario ... --seat us=human`: the game screen, bots having moved up to
# the person's first turn.
GAME_SCREEN = """
import os, time, asyncio
from wargame.tui.app import make_app
from wargame.tui.screens.game import GameScreen

async def main():
    app = make_app(scenario="european_security_2022", seats={"us": "human"}, seed=3, pace=0.0)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, GameScreen) or app.screen.session.to_act != "us":
            await pilot.pause(0.01)
        await pilot.pause()
        print(time.time() - float(os.environ["LAUNCHED_AT"]))  # before shutting down

asyncio.run(main())
"""

# `wargame play` with no arguments: the setup screen with its seats.
SETUP_SCREEN = """
import os, time, asyncio
from wargame.tui.app import make_app
from wargame.tui.screens.setup import SetupScreen

async def main():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, SetupScreen) or not app.screen.query(".seat-row"):
            await pilot.pause(0.01)
        await pilot.pause()
        print(time.time() - float(os.environ["LAUNCHED_AT"]))  # before shutting down

asyncio.run(main())
"""


def first_screen(script: str, runs: int) -> list[float]:
    """Wall time from launching the interpreter to an interactive screen, with the package
    compiled to bytecode as an installed one is (pip compiles on install)."""
    import wargame

    package = Path(wargame.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = []
    for _ in range(runs):
        env["LAUNCHED_AT"] = repr(time.time())
        done = subprocess.run(
            [sys.executable, "-c", script],
            check=True,
            capture_output=True,
            env=env,
            text=True,
        )
        out.append(float(done.stdout.split()[-1]))
    return out


KEYS = {
    "move in the list of moves": ("down", "down", "up", "up"),
    "switch tab": ("2", "3", "4", "1"),
    "unbound key (Pilot's own cost)": ("z",),
}


async def key_presses(rounds: int) -> dict[str, list[float]]:
    """CPU time per key, by kind of key, from the press to the redrawn screen as Pilot waits
    for it. An unbound key measures what Pilot's waiting itself costs, which a real terminal
    does not pay: the rest is the app's work."""
    from wargame.tui.app import make_app

    app = make_app(scenario="european_security_2022", seats={"us": "human"}, seed=3, pace=0.0)
    app.animation_level = "none"  # time the work, not the tab underline's slide
    cpu: dict[str, list[float]] = {kind: [] for kind in KEYS}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(rounds):
            for kind, keys in KEYS.items():
                for key in keys:
                    start = time.process_time()
                    await pilot.press(key)
                    await pilot.pause()
                    cpu[kind].append(time.process_time() - start)
    return cpu


def main() -> None:
    os.environ["WARGAME_HOME"] = tempfile.mkdtemp()
    Path(os.environ["WARGAME_HOME"]).mkdir(exist_ok=True)
    for name, script in (("game screen", GAME_SCREEN), ("setup screen", SETUP_SCREEN)):
        starts = first_screen(script, 6)
        # The very first start also checks the content files; later ones find them checked.
        print(
            f"first interactive {name:<12} median {statistics.median(starts[1:]):.2f} s  "
            f"(min {min(starts[1:]):.2f} s; {starts[0]:.2f} s the first time, checking content)"
        )
    cpu = asyncio.run(key_presses(12))
    overhead = statistics.median(cpu["unbound key (Pilot's own cost)"])
    for kind, times in cpu.items():
        median = statistics.median(times)
        line = f"key: {kind:<31} median {1000 * median:5.1f} ms CPU"
        if not kind.startswith("unbound"):
            line += f"  (the app's part: {1000 * (median - overhead):.1f} ms)"
        print(line)


if __name__ == "__main__":
    main()
