"""The HTML reports opened in headless Chromium: their inline SVG charts really render.

Chromium is Debian's package (`bash tests/browser_setup.sh` installs it); where it is
missing these tests skip and say how to install it. The browser gets a throw-away
profile and no network features; the page needs none.

A chart counts as rendered when the screenshot holds many pixels of colours that only
the charts use (the delegation lines, the histogram bars), and the same page with its
<svg> elements taken out holds none of them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from wargame.cli import main
from wargame.content.library import load_content
from wargame.core.actions import Action
from wargame.core.model import GameState
from wargame.persist.save import SaveWriter, log_entry, new_save
from wargame.report.charts import BARS, PALETTE
from wargame.report.command import run_report
from wargame.runner.match import play_match

EUROPE = "european_security_2022"
CHROMIUM = Path("/usr/bin/chromium")
INSTALL = "install it with `bash tests/browser_setup.sh` (Debian: `apt-get install chromium`)"
WIDTH, HEIGHT = 1200, 3400  # tall enough for the header, tables and every chart


def chromium() -> str:
    if CHROMIUM.exists():
        return str(CHROMIUM)
    found = shutil.which("chromium")
    if found is None:
        pytest.skip(f"Chromium is not installed (looked for {CHROMIUM}): {INSTALL}")
    return found


def browse(html: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp / "profile"
    profile.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(tmp), "XDG_CONFIG_HOME": str(tmp), "XDG_CACHE_HOME": str(tmp)}
    argv = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},{HEIGHT}",
        *args,
        html.resolve().as_uri(),
    ]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=180, env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def screenshot(html: Path, tmp: Path) -> NDArray[np.uint8]:
    """The page as an RGB array (height, width, 3)."""
    from matplotlib.image import imread

    png = tmp / f"{html.stem}.png"
    browse(html, tmp, f"--screenshot={png}")
    assert png.is_file() and png.stat().st_size > 20_000, "a blank or missing screenshot"
    pixels = imread(png)
    if pixels.dtype != np.uint8:
        pixels = np.rint(pixels * 255).astype(np.uint8)
    return pixels[:, :, :3]


def dom(html: Path, tmp: Path) -> str:
    return browse(html, tmp, "--dump-dom").stdout


def near(pixels: NDArray[np.uint8], colour: str, tolerance: int = 14) -> int:
    """How many pixels are within `tolerance` of a #RRGGBB colour on every channel."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)
    diff = np.abs(pixels.astype(np.int16) - rgb)
    return int(np.count_nonzero(np.all(diff <= tolerance, axis=2)))


def without_charts(html: Path) -> Path:
    """The same page with its inline charts taken out: the control."""
    bare = html.with_name(f"{html.stem}-bare.html")
    text = html.read_text(encoding="utf-8")
    bare.write_text(re.sub(r"<svg\b.*?</svg>", "", text, flags=re.DOTALL), encoding="utf-8")
    return bare


def colours(pixels: NDArray[np.uint8]) -> int:
    flat = pixels.reshape(-1, 3)
    packed = (flat[:, 0].astype(np.uint32) << 16) | (flat[:, 1].astype(np.uint32) << 8) | flat[:, 2]
    return len(np.unique(packed))


@pytest.fixture(scope="module")
def game_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML report of a seeded bot game with at least one agreement."""
    folder = tmp_path_factory.mktemp("browser")
    scenario, content = load_content(EUROPE)
    for seed in range(1, 41):
        result, _, _ = play_match(scenario, seed)
        if result.agreements:
            break
    else:  # pragma: no cover - the bots strike deals in most games
        pytest.fail("no seed in 1..40 gives a game with an agreement")
    seats = {d.id: d.bot for d in scenario.delegations}
    writer = SaveWriter(new_save(scenario, content, seed, seats, "2024-05-01T12:00:00Z"), None)

    def recorder(before: GameState, action: Action, after: GameState) -> None:
        writer.record(log_entry(before, action, after))

    _, final, _ = play_match(scenario, seed, recorder=recorder)
    writer.path = folder / "game.yaml"
    writer.finish(final)
    out = folder / "game.html"
    assert run_report([str(writer.path)], "html", str(out)) == 0
    return out


def test_the_game_report_charts_are_in_the_dom(game_page: Path, tmp_path: Path) -> None:
    page = dom(game_page, tmp_path)
    charts = re.findall(r'<figure class="chart" id="chart-(\w+)">\s*<svg\b(.*?)</svg>', page, re.S)
    assert [name for name, _ in charts] == ["tension", "scores", "resources"]
    for name, svg in charts:
        assert svg.count("<path") > 10, f"the {name} chart has nothing drawn in it"
        assert "<text" in svg


def test_the_game_report_charts_render_in_headless_chromium(
    game_page: Path, tmp_path: Path
) -> None:
    shot = screenshot(game_page, tmp_path)
    assert shot.shape[:2] == (HEIGHT, WIDTH)
    assert colours(shot) > 200, "the page is (nearly) one colour"
    bare = screenshot(without_charts(game_page), tmp_path)
    # The first two delegations' lines (scores and resources charts) use colours the
    # page's own CSS never does: they are on screen only if the SVG was drawn.
    for colour in PALETTE[:2]:
        drawn, control = near(shot, colour), near(bare, colour)
        assert control == 0, f"{colour} appears without the charts"
        assert drawn > 300, f"only {drawn} pixels of {colour}: the charts did not render"


def test_the_batch_report_charts_render_in_headless_chromium(tmp_path: Path) -> None:
    runs = tmp_path / "runs.json"
    assert (
        main(["bots", "--games", "6", "--seed", "2", "--json", str(runs), "-q", "--workers", "1"])
        == 0
    )
    out = tmp_path / "runs.html"
    assert run_report([str(runs)], "html", str(out)) == 0
    page = dom(out, tmp_path)
    assert len(re.findall(r'<figure class="chart"[^>]*>\s*<svg\b', page)) == 4
    shot = screenshot(out, tmp_path)
    bare = screenshot(without_charts(out), tmp_path)
    assert near(bare, BARS) == 0
    assert near(shot, BARS) > 1000, "the histogram bars did not render"
