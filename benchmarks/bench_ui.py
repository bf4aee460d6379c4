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

FIRST_SCREEN = """
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


def first_screen(runs: int) -> list[float]:
    """Wall time from launching the interpreter to the game screen awaiting a human, with
    the package compiled to bytecode as an installed one is (pip compiles on install)."""
    import wargame

    package = Path(wargame.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = []
    for _ in range(runs):
        env["LAUNCHED_AT"] = repr(time.time())
        done = subprocess.run(
            [sys.executable, "-c", FIRST_SCREEN],
            check=True,
            capture_output=True,
            env=env,
            text=True,
        )
        out.append(float(done.stdout.split()[-1]))
    return out


async def key_presses(count: int) -> tuple[list[float], list[float]]:
    """Wall time per key as Pilot sees it (with its idle waits), and the CPU time the app
    spent handling the key and redrawing (the part a person would feel)."""
    from wargame.tui.app import make_app

    app = make_app(scenario="european_security_2022", seats={"us": "human"}, seed=3, pace=0.0)
    app.animation_level = "none"  # time the work, not the tab underline's slide
    times = []
    cpu = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for i in range(count):
            # Move through the list of moves and switch tabs: redraws that leave the game be.
            key = ("down", "down", "up", "1", "2", "3", "4", "up")[i % 8]
            start, start_cpu = time.perf_counter(), time.process_time()
            await pilot.press(key)
            await pilot.pause()
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    return times, cpu


def main() -> None:
    os.environ["WARGAME_HOME"] = tempfile.mkdtemp()
    Path(os.environ["WARGAME_HOME"]).mkdir(exist_ok=True)
    starts = first_screen(5)
    print(
        f"first interactive screen  median {statistics.median(starts):.2f} s  (min {min(starts):.2f} s)"
    )
    presses, cpu = asyncio.run(key_presses(40))
    print(
        f"key press to new screen   median {1000 * statistics.median(cpu):.1f} ms CPU  "
        f"(p90 {1000 * sorted(cpu)[int(0.9 * len(cpu))]:.1f} ms; "
        f"{1000 * statistics.median(presses):.0f} ms wall with Pilot's idle waits)"
    )


if __name__ == "__main__":
    main()
