"""After-action reports: the narrative names the real events; the HTML renders offline."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from wargame.cli import main
from wargame.persist.replay import replay_steps, verify
from wargame.persist.save import SaveWriter, read_save

SAVES = Path(__file__).resolve().parents[2] / "saves"
GAME = "cuba-secret-deal-and-leak.yaml"


@pytest.fixture
def game(tmp_path: Path) -> Path:
    """The example game with a facilitator's note on action 3."""
    path = tmp_path / GAME
    shutil.copy(SAVES / GAME, path)
    SaveWriter(read_save(path), path).set_notes({3: "Moscow tests the water"})
    assert verify(read_save(path)).ok
    return path


def public_texts(path: Path, kinds: set[str]) -> list[str]:
    return [
        e.text
        for step in replay_steps(read_save(path))
        for e in step.events
        if e.kind in kinds and e.visible_to is None
    ]


def test_the_narrative_names_the_real_events(
    game: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = game.with_suffix(".md")
    assert main(["report", str(game), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8").replace("\\", "")  # Markdown escapes
    for kind in ("agreement", "leak", "game_over"):
        texts = public_texts(game, {kind})
        assert texts, kind
        for t in texts:
            assert t.split(":")[0] in text, t
    assert "Moscow tests the water" in text
    assert "Cuban missile crisis 1962" in text
    # The charts are written beside the Markdown and referenced from it.
    svgs = list(out.parent.glob("*.svg"))
    assert svgs and all(s.name in text for s in svgs)


def test_the_html_is_self_contained(game: Path) -> None:
    out = game.with_suffix(".html")
    assert main(["report", str(game), "--format", "html", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") >= 2
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_save_that_does_not_replay_as_recorded_is_reported_with_a_warning(
    game: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = game.read_text(encoding="utf-8")
    game.write_text(
        re.sub(r"digest: [0-9a-f]{12}\}", "digest: abcdefabcdef}", text, count=1),
        encoding="utf-8",
    )
    out = game.with_suffix(f".{fmt}")
    assert main(["report", str(game), "--format", fmt, "--out", str(out)]) == 1
    why = "diverged at action 1 (round 1, agenda, us): the state after it differs"
    assert f"{game}: does not replay as recorded: {why}" in capsys.readouterr().err
    report = out.read_text(encoding="utf-8").replace("\\", "")  # Markdown escapes
    head = report[: report.index("Seats")]
    assert "Not the recorded game: this save does not replay as recorded" in head
    assert why in head


def test_a_batch_report_from_saves_and_from_bots_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saves = sorted(str(p) for p in SAVES.glob("*.yaml"))
    out = tmp_path / "batch.md"
    assert main(["report", *saves, "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "4 game(s)" in text and "war" in text and "settlement" in text
    rows = tmp_path / "rows.json"
    args = ["bots", "--games", "6", "--seed", "2", "--workers", "1", "-q", "--json", str(rows)]
    assert main(args) == 0
    assert len(json.loads(rows.read_text())["games"]) == 6
    out = tmp_path / "bots.html"
    assert main(["report", str(rows), "--format", "html", "--out", str(out)]) == 0
    assert "<svg" in out.read_text(encoding="utf-8")


def test_a_bad_input_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cut = tmp_path / "cut.yaml"
    cut.write_bytes((SAVES / GAME).read_bytes()[:500])
    assert main(["report", str(cut)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cut.yaml" in err[0]


def _png_colours(png: bytes) -> int:
    """How many distinct pixel rows a PNG has (a blank page has one); standard library only."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, data, width = 8, b"", 0
    while pos < len(png):
        length = int.from_bytes(png[pos : pos + 4], "big")
        kind = png[pos + 4 : pos + 8]
        body = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width = int.from_bytes(body[:4], "big")
        elif kind == b"IDAT":
            data += body
        pos += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + width * 4
    return len({raw[i : i + stride][1:] for i in range(0, len(raw), stride)})


def chromium() -> str | None:
    """Chromium, installed by tests/browser_setup.sh where this machine allows it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        setup = Path(__file__).resolve().parents[1] / "browser_setup.sh"
        subprocess.run(["bash", str(setup)], capture_output=True, timeout=600, check=False)
        found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found


def test_the_html_report_renders_its_charts_in_a_browser(game: Path, tmp_path: Path) -> None:
    CHROMIUM = chromium()
    if CHROMIUM is None:
        pytest.skip(
            "Chromium could not be installed here (tests/browser_setup.sh needs root and apt)"
        )
    out = game.with_suffix(".html")
    assert main(["report", str(game), "--format", "html", "--out", str(out)]) == 0
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        [str(CHROMIUM), *flags, "--dump-dom", out.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert dom.count("<svg") >= 2 and "<path" in dom
    shot = tmp_path / "shot.png"
    subprocess.run(
        [str(CHROMIUM), *flags, f"--screenshot={shot}", "--window-size=1000,2400", out.as_uri()],
        capture_output=True,
        timeout=120,
    )
    assert shot.is_file() and shot.stat().st_size > 20_000
    assert _png_colours(shot.read_bytes()) > 100  # text and charts, not a blank page
