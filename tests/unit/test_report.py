"""`wargame report`: the after-action report of a known seeded game, and the batch view.

The game is a real seeded bot game recorded through persist.save (as `wargame bots
--save-dir` and the Session autosave do), chosen as the first seed of a bounded
search whose game has both a secret deal and a leak; the report must tell exactly
the public events that game produced.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import attrs
import pytest

from wargame.cli import main
from wargame.content.library import load_content
from wargame.core.actions import Action, PlayCard
from wargame.core.events import Event
from wargame.core.model import GameState
from wargame.persist.replay import replay_steps
from wargame.persist.save import SaveWriter, log_entry, new_save, read_save
from wargame.report.batch import batch_from_inputs, games_from_json
from wargame.report.build import NOISE, GameReport, build_game_report
from wargame.report.charts import game_charts
from wargame.report.command import add_report_parser, run_report
from wargame.report.render import game_html, game_markdown, inline_svg, md
from wargame.runner.match import play_match

EUROPE = "european_security_2022"
STARTED = "2024-05-01T12:00:00Z"
SEEDS = range(1, 41)  # seed 5 qualifies today; the bound keeps a rule change from looping
NOTE_STEP = 3
NOTE = 'Ask the room: why move the talks <now> & not "later"?'


# Random bots strike deals, secret ones and leaks within a few seeds.
SEATS = {"us": "random", "russia": "random", "europe": "random", "ukraine": "random"}


@attrs.frozen
class Known:
    path: Path
    seed: int
    final: GameState
    events: tuple[Event, ...]  # every event of the game, as play_match returned them


def record(seed: int, path: Path, notes: dict[int, str] | None = None) -> Known:
    scenario, content = load_content(EUROPE)
    writer = SaveWriter(new_save(scenario, content, seed, SEATS, STARTED), None)

    def recorder(before: GameState, action: Action, after: GameState) -> None:
        writer.record(log_entry(before, action, after))

    _, final, events = play_match(scenario, seed, SEATS, recorder=recorder)
    writer.path = path
    writer.finish(final)
    if notes:
        writer.set_notes(notes)
    return Known(path, seed, final, tuple(events))


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Known:
    scenario, _ = load_content(EUROPE)
    for seed in SEEDS:
        result, _, _ = play_match(scenario, seed, SEATS)
        if result.agreements and result.secret_deals and result.leaks:
            folder = tmp_path_factory.mktemp("report")
            return record(seed, folder / "game.yaml", {NOTE_STEP: NOTE})
    pytest.fail(f"no seed in {SEEDS} gives a game with an agreement, a secret deal and a leak")


@pytest.fixture(scope="module")
def report(known: Known) -> GameReport:
    save = read_save(known.path)
    return build_game_report(save, replay_steps(save))


def public(known: Known, kind: str) -> list[Event]:
    return [e for e in known.events if e.kind == kind and e.visible_to is None]


# -- the model ---------------------------------------------------------------------


def test_the_narrative_is_exactly_the_public_events_of_the_game(
    known: Known, report: GameReport
) -> None:
    told = [(line.round, line.kind, line.text) for s in report.narrative for line in s.lines]
    expected = [
        (e.round, e.kind, e.text)
        for e in known.events
        if e.visible_to is None and e.kind not in NOISE
    ]
    assert told == expected
    assert [s.round for s in report.narrative] == list(range(1, known.final.round + 1))


def test_the_narrative_names_the_agreements_the_leak_and_the_outcome(
    known: Known, report: GameReport
) -> None:
    agreements = public(known, "agreement")
    leaks = public(known, "leak")
    assert agreements and leaks
    lines = {line.text: line for s in report.narrative for line in s.lines}
    for event in [*agreements, *leaks]:
        assert event.text in lines, event.text
        assert lines[event.text].key
        assert lines[event.text].round == event.round
    (over,) = public(known, "game_over")
    assert report.outcome is not None and known.final.outcome is not None
    assert report.outcome.text == over.text
    assert report.outcome.kind == known.final.outcome.kind
    assert report.narrative[-1].lines[-1].text == over.text
    # Each round's summary counts what the round's public events say.
    for story in report.narrative:
        n = sum(1 for line in story.lines if line.kind == "agreement")
        if n:
            assert f"{n} agreement" in story.summary
    assert report.narrative[-1].tension_end == known.final.track("tension")


def test_secret_terms_stay_out_of_the_narrative_and_go_to_the_facilitator(
    known: Known, report: GameReport
) -> None:
    secret = [e for e in known.events if e.kind == "secret_deal"]
    assert secret and all(e.visible_to for e in secret)
    told = {line.text for s in report.narrative for line in s.lines}
    assert not told & {e.text for e in secret}
    assert [d.text for d in report.secret_deals] == [e.text for e in secret]
    leaked = [d for d in report.secret_deals if d.leaked_step is not None]
    # Deals come in the order they were struck, leaks in the order they came out.
    assert sorted(d.leak_text or "" for d in leaked) == sorted(
        e.text for e in public(known, "leak")
    )
    assert report.hidden_events == sum(1 for e in known.events if e.visible_to is not None)


def test_key_moments_annotations_scores_and_series(known: Known, report: GameReport) -> None:
    expected = [e.text for e in known.events if e.is_key_moment and e.visible_to is None]
    assert [m.text for m in report.key_moments] == expected
    assert [m.number for m in report.key_moments] == list(range(1, len(expected) + 1))
    steps = [m.step for m in report.key_moments]
    assert steps == sorted(steps) and steps[-1] == report.actions
    (note,) = report.annotations
    assert (note.step, note.text) == (NOTE_STEP, NOTE)
    assert known.final.outcome is not None
    assert [(s.id, s.score) for s in report.scores] == list(known.final.outcome.scores)
    assert {s.id for s in report.scores if s.winner} == set(known.final.outcome.winners)
    series = report.series
    assert series.steps == tuple(range(report.actions + 1))
    assert series.tension[-1] == known.final.track("tension")
    assert all(len(v) == len(series.steps) for v in series.scores.values())
    assert {d: v[-1] for d, v in series.scores.items()} == dict(known.final.outcome.scores)
    assert series.round_starts[0] == (1, 0)
    assert [r for r, _ in series.round_starts] == list(range(1, known.final.round + 1))


def test_a_game_in_progress_reports_its_standings(known: Known, tmp_path: Path) -> None:
    save = read_save(known.path)
    cut = attrs.evolve(save, actions=save.actions[:20], result=None)
    r = build_game_report(cut, replay_steps(cut))
    assert r.outcome is None and not r.is_over
    assert len(r.scores) == 4
    assert "still in progress" in game_markdown(r, {}, {})


# -- rendering -------------------------------------------------------------------


def test_the_html_report_is_self_contained_and_escapes_text(
    known: Known, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "debrief.html"
    assert run_report([str(known.path)], "html", str(out)) == 0
    assert capsys.readouterr().out.strip() == str(out)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", page), "a non-local reference"
    assert "@import" not in page and "url(" not in page.replace("url(#", "")
    assert page.count("<svg") == 3
    assert html.escape(NOTE) in page and NOTE not in page
    for event in [*public(known, "agreement"), *public(known, "leak"), *public(known, "game_over")]:
        assert html.escape(event.text) in page
    # The facilitator's view comes after the narrative, in its own section.
    assert page.index("Round by round") < page.index('<section class="facilitator">')
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "ids repeat between the inline charts"


def test_the_markdown_report_writes_its_charts_beside_it(
    known: Known, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sub" / "debrief.md"
    assert run_report([str(known.path)], "md", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    charts = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert charts == ["debrief-tension.svg", "debrief-scores.svg", "debrief-resources.svg"]
    for name in charts:
        svg = (out.parent / name).read_text(encoding="utf-8")
        root = ET.fromstring(svg)  # well-formed, standalone SVG
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
    for event in [*public(known, "agreement"), *public(known, "leak")]:
        assert md(event.text) in text
    assert md(NOTE) in text
    assert "## Facilitator's view" in text
    assert text.index("## Round by round") < text.index("## Facilitator's view")
    # A phase's label follows a blank line: else Markdown reads it into the bullet before.
    lines = text.splitlines()
    labels = [i for i, line in enumerate(lines) if re.fullmatch(r"\*[^*].*\*", line)]
    assert labels and all(lines[i - 1] == "" for i in labels)


def test_reports_are_deterministic(known: Known, report: GameReport, tmp_path: Path) -> None:
    first, second = game_charts(report), game_charts(report)
    assert first == second
    assert game_html(report, first) == game_html(report, second)
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    assert run_report([str(known.path)], "md", str(a)) == 0
    assert run_report([str(known.path)], "md", str(b)) == 0
    assert a.read_text() == b.read_text().replace("(b-", "(a-")
    assert (tmp_path / "a-tension.svg").read_bytes() == (tmp_path / "b-tension.svg").read_bytes()


def test_inline_svg_drops_namespaces_and_prefixes_ids() -> None:
    svg = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://x/y.dtd">\n'
        '<svg xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg">'
        "<defs><style>*{a:b}</style></defs>"
        '<clipPath id="p1"><rect/></clipPath><g clip-path="url(#p1)"><use xlink:href="#m1"/></g>'
        '<path id="m1"/></svg>'
    )
    out = inline_svg(svg, "c")
    assert "http" not in out and "<style" not in out and "xlink" not in out
    assert 'id="c-p1"' in out and "url(#c-p1)" in out and 'href="#c-m1"' in out


def test_default_output_sits_beside_the_save(
    known: Known, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "session.yaml"
    copy.write_bytes(known.path.read_bytes())
    assert run_report([str(copy)], "html", None) == 0
    assert (tmp_path / "session.html").is_file()
    assert capsys.readouterr().out.strip() == str(tmp_path / "session.html")


# -- errors -------------------------------------------------------------------------


def test_bad_inputs_are_one_clear_line_and_exit_2(
    known: Known, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cut = tmp_path / "cut.yaml"
    cut.write_bytes(known.path.read_bytes()[:400])
    broken = tmp_path / "broken.json"
    broken.write_text('{"games": [', encoding="utf-8")
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"games": [{"outcome": "war"}]}', encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    cases = [
        ([str(tmp_path / "nope.yaml")], "nope.yaml: no such file"),
        ([str(cut)], "cut.yaml"),
        ([str(broken)], "broken.json:1: not valid JSON"),
        ([str(wrong)], "games[0]: missing field 'round'"),
        ([str(known.path), str(cut)], "cut.yaml"),
        ([str(empty)], "no saves (*.yaml) in this folder"),
    ]
    for paths, message in cases:
        code = run_report(paths, "md", str(tmp_path / "out.md"))
        captured = capsys.readouterr()
        assert code == 2, paths
        assert message in captured.err, captured.err
        assert len(captured.err.strip().splitlines()) == 1, captured.err
        assert "Traceback" not in captured.err and captured.out == ""
    assert run_report([str(known.path)], "pdf", None) == 2
    assert "--format" in capsys.readouterr().err


def test_the_parser_helper_wires_the_command(known: Known, tmp_path: Path) -> None:
    parser = argparse.ArgumentParser(prog="wargame")
    add_report_parser(parser.add_subparsers(dest="command"))
    out = tmp_path / "r.html"
    args = parser.parse_args(["report", str(known.path), "--format", "html", "--out", str(out)])
    assert (args.paths, args.format, args.out) == ([str(known.path)], "html", str(out))
    assert args.func(args) == 0 and out.is_file()
    assert parser.parse_args(["report", "a.yaml", "b.yaml"]).format == "md"
    with pytest.raises(SystemExit):
        parser.parse_args(["report", "a.yaml", "--format", "pdf"])


def test_the_command_module_does_not_load_matplotlib_at_import() -> None:
    code = "import sys, wargame.report.command; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- batches ----------------------------------------------------------------------


def test_batch_report_from_a_bots_json_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = tmp_path / "runs.json"
    code = main(
        ["bots", "--games", "8", "--seed", "4", "--json", str(runs), "-q", "--workers", "1"]
    )
    assert code == 0
    capsys.readouterr()
    data = json.loads(runs.read_text(encoding="utf-8"))
    batch = batch_from_inputs([runs])
    summary = data["summary"]
    assert batch.finished == summary["games"] == 8
    for kind, rate in summary["outcomes"].items():
        assert batch.outcome_counts[kind] / 8 == pytest.approx(rate)
    assert batch.rounds_mean == pytest.approx(summary["rounds_mean"])
    assert batch.rounds_median == pytest.approx(summary["rounds_median"])
    assert batch.tension_mean == pytest.approx(summary["final_tension_mean"])
    assert batch.win_rates == pytest.approx(summary["win_rate"])
    assert sum(batch.rounds_hist.values()) == sum(batch.tension_hist.values()) == 8
    assert len(games_from_json(runs)) == 8
    assert batch.cards.keys() == summary["cards"].keys()
    for card, figures in summary["cards"].items():
        assert batch.cards[card] == pytest.approx(figures)
    assert batch.seat_win_rate == pytest.approx(summary["seat_win_rate"])

    assert run_report([str(runs)], "html", None) == 0
    page = (tmp_path / "runs.html").read_text(encoding="utf-8")
    assert capsys.readouterr().out.strip() == str(tmp_path / "runs.html")
    assert page.count("<svg") == 4
    assert "http://" not in page and "https://" not in page
    for row in data["games"]:
        assert f"game {row['game']} (seed {row['seed']})" in page
    assert "<h2>Cards played</h2>" in page
    most = min(batch.cards, key=lambda c: (-batch.cards[c]["plays_per_game"], c))

    def cell(card: str) -> int:  # named from the file's scenario, not by id
        return page.index(f"<td>{html.escape(batch.card_names[card])}</td>")

    assert cell(most) < min(cell(c) for c in batch.cards if c != most)

    assert run_report([str(runs)], "md", None) == 0
    text = (tmp_path / "runs.md").read_text(encoding="utf-8")
    for name in ("outcomes", "rounds", "final-tension", "win-rates"):
        assert f"(runs-{name}.svg)" in text
        assert (tmp_path / f"runs-{name}.svg").is_file()


def test_batch_report_from_several_saves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    games = [record(seed, tmp_path / f"g{seed}.yaml") for seed in (1, 2, 3)]
    paths = [str(g.path) for g in games]
    assert run_report(paths, "md", None) == 0
    out = tmp_path / "g1-batch.md"
    assert capsys.readouterr().out.strip() == str(out)
    text = out.read_text(encoding="utf-8")
    batch = batch_from_inputs([g.path for g in games])
    for g, row in zip(games, batch.games, strict=True):
        assert g.final.outcome is not None
        assert (row.outcome, row.round) == (g.final.outcome.kind, g.final.outcome.round)
        assert row.final_tension == g.final.track("tension")
        assert f"| g{g.seed}.yaml | {row.outcome} | {row.round} |" in text
    assert batch.crisis_at == 7 and batch.war_at == 10
    assert batch.names["us"] == "United States"
    # The cards each game's log shows played, by name.
    played = Counter(
        (a.by, a.action.card)
        for g in games
        for a in read_save(g.path).actions
        if isinstance(a.action, PlayCard)
    )
    assert played, "no card played in three games"
    assert {card for _, card in played} == batch.cards.keys()
    assert sum(r.cards.get(d, {}).get(c, 0) for r in batch.games for d, c in played) == sum(
        played.values()
    )
    assert "## Cards played" in text and batch.card_names["ankle_kick"] == "Ankle-kick"
    # A folder of saves is a batch too; an unfinished save is listed, not counted.
    save = read_save(games[0].path)
    unfinished = tmp_path / "g9.yaml"
    SaveWriter(attrs.evolve(save, actions=save.actions[:5], result=None), unfinished).flush()
    assert run_report([str(tmp_path)], "html", str(tmp_path / "all.html")) == 0
    page = (tmp_path / "all.html").read_text(encoding="utf-8")
    assert "Left out: games still in progress" in page and "g9.yaml" in page
    assert batch_from_inputs([tmp_path]).finished == 3


def test_a_batch_report_over_two_scenarios_names_and_rates_each_delegation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bots files of two scenarios: each delegation's win rate over the games it sat in,
    names from the files, an id two scenarios share named both ways."""
    files = {}
    for scenario in ("cuban_missile_crisis_1962", "syria_2015"):
        path = tmp_path / f"{scenario}.json"
        args = ["bots", "--scenario", scenario, "--games", "6", "--seed", "2", "-q"]
        assert main([*args, "--workers", "1", "--json", str(path)]) == 0
        files[scenario] = json.loads(path.read_text(encoding="utf-8"))["summary"]
    capsys.readouterr()
    batch = batch_from_inputs([tmp_path / f"{s}.json" for s in files])
    assert batch.finished == 12
    assert len(batch.scenarios) == 2
    for summary in files.values():
        for delegation, rate in summary["win_rate"].items():
            if sum(delegation in s["win_rate"] for s in files.values()) == 1:
                assert batch.win_rates[delegation] == pytest.approx(rate), delegation
            assert summary["scenario"]["delegations"][delegation] in batch.names[delegation]
    assert batch.names["cuba"] == "Cuba"
    shared = set(files["cuban_missile_crisis_1962"]["win_rate"]) & set(
        files["syria_2015"]["win_rate"]
    )
    assert shared, "the two scenarios share no delegation id"
    for delegation in shared:  # the United States sits in both, named differently
        names = {s["scenario"]["delegations"][delegation] for s in files.values()}
        assert set(batch.names[delegation].split(" / ")) == names
