"""The command line as a user drives it: help, list, bots, validate on the shipped content."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA, ROOT
from wargame.autosaves import saves_dir
from wargame.cli import build_parser, main
from wargame.content.library import load_scenario

SHIPPED_RULESETS = sorted(p.stem for p in (ROOT / "rulesets").glob("*.yaml"))
SHIPPED_DECKS = sorted(p.stem for p in (ROOT / "decks").glob("*.yaml"))

# What each subcommand's --help must mention.
HELP_MENTIONS = {
    "validate": ["PATH"],
    "list": [],
    "bots": ["--scenario", "--games", "--seed", "--seat", "--json"],
    "schema": ["--out", "ruleset", "deck", "personality"],
}


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("the parser has no subcommands")


def subcommands() -> list[str]:
    return sorted(subparsers())


def long_options(parser: argparse.ArgumentParser) -> list[str]:
    return [
        opt
        for action in parser._actions
        if action.help != argparse.SUPPRESS
        for opt in action.option_strings
        if opt.startswith("--") and opt != "--help"
    ]


# -- help ------------------------------------------------------------------------------


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: wargame")
    for command in subcommands():
        assert re.search(rf"^\s+{command}\s", out, re.M), f"{command} missing from:\n{out}"


def test_every_expected_command_exists() -> None:
    assert {"validate", "list", "bots", "schema"} <= set(subcommands())


@pytest.mark.parametrize("command", subcommands())
def test_subcommand_help_exits_0_and_names_its_options(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: wargame {command}")
    for word in HELP_MENTIONS.get(command, []) + long_options(subparsers()[command]):
        assert word in out, f"{word} missing from `wargame {command} --help`:\n{out}"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert re.fullmatch(r"wargame \d+\.\d+\.\d+\S*\n", capsys.readouterr().out)


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys)
    assert code == 2
    assert out.startswith("usage: wargame")


def test_python_dash_m_wargame_help() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "wargame", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: wargame")
    assert "validate" in proc.stdout and "bots" in proc.stdout
    assert proc.stderr == ""


# -- list ------------------------------------------------------------------------------


def sections(out: str) -> dict[str, list[str]]:
    """`Heading:` lines and the first word of each indented line below them."""
    found: dict[str, list[str]] = {}
    current = None
    for line in out.splitlines():
        if line and not line.startswith(" "):
            current = line.rstrip(":")
            found[current] = []
        elif line.strip() and current is not None:
            found[current].append(line.split()[0])
    return found


def test_list_prints_scenarios_decks_and_bots(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "list")
    assert code == 0
    listed = sections(out)
    assert list(listed) == ["Scenarios", "Decks", "Bots"], out
    assert listed["Scenarios"] == SHIPPED_RULESETS
    assert listed["Decks"] == SHIPPED_DECKS
    assert "random" in listed["Bots"]
    assert listed["Bots"] == sorted(set(listed["Bots"]))
    # Each scenario line names its delegations.
    europe = next(x for x in out.splitlines() if x.split()[:1] == ["european_security_2022"])
    assert "European security 2022" in europe and "United States" in europe


# -- bots ------------------------------------------------------------------------------

BOTS_ARGS = ("bots", "--scenario", "european_security_2022", "--games", "3", "--seed", "1")
ONE_WORKER = ("--workers", "1")  # where the worker count is not what is tested: no process pool
GAME_LINE = re.compile(r"^game +(\d+) seed +(\d+): (\w+) ")


def game_lines(out: str) -> list[str]:
    return [x for x in out.splitlines() if GAME_LINE.match(x)]


def without_seeds(out: str) -> str:
    return re.sub(r"seed +\d+", "seed N", out)


@pytest.fixture(scope="module")
def batch() -> tuple[int, str, str]:
    """`wargame bots ... --games 3 --seed 1`, run once for the tests that only read it."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(BOTS_ARGS))
    return code, out.getvalue(), err.getvalue()


def test_bots_prints_one_line_per_game_and_a_summary(batch: tuple[int, str, str]) -> None:
    code, out, err = batch
    assert code == 0, err
    games = game_lines(out)
    assert [GAME_LINE.match(x).group(1) for x in games] == ["1", "2", "3"]  # type: ignore[union-attr]
    assert out.splitlines()[:3] == games
    summary = out.splitlines()[3:]
    assert summary[0] == ""
    assert summary[1] == "European security 2022: 3 game(s), batch seed 1"
    # The summary names every outcome and every delegation's win rate.
    text = "\n".join(summary[2:]).lower()
    for word in ("settlement", "stalemate", "crisis", "war"):
        assert word in text, out
    for name in ("United States", "Russia", "Ukraine"):
        assert name.lower() in text, out


def test_bots_seats_the_scenarios_personalities_by_default(batch: tuple[int, str, str]) -> None:
    """With no --seat, each delegation plays the personality its scenario gives it, so
    the table compares strategies rather than one random bot."""
    _, out, _ = batch
    by_bot = out.split("Win rate by bot")[1]
    for bot in ("dealmaker", "protractor", "alliance_manager", "hardliner"):
        assert bot in by_bot, out
    assert "random" not in by_bot


def test_bots_lists_the_games_of_a_large_batch_only_when_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ("bots", "--scenario", str(DATA / "rulesets" / "tiny.yaml"), "--games", "21")
    code, out, err = run_main(capsys, *args, *ONE_WORKER)
    assert code == 0, err
    assert game_lines(out) == []
    assert out.startswith("Tiny test scenario: 21 game(s), batch seed 1")
    _, listed, _ = run_main(capsys, *args, *ONE_WORKER, "--list")
    assert [GAME_LINE.match(x).group(1) for x in game_lines(listed)] == [  # type: ignore[union-attr]
        str(i) for i in range(1, 22)
    ]
    assert listed.endswith(out)
    _, quiet, _ = run_main(capsys, *BOTS_ARGS, *ONE_WORKER, "-q")
    assert game_lines(quiet) == []


def test_bots_is_byte_identical_across_runs(
    batch: tuple[int, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(capsys, *BOTS_ARGS) == batch


def test_bots_is_byte_identical_across_processes(batch: tuple[int, str, str]) -> None:
    """Separate interpreters, hash seeds and worker counts: no set or dict order leaks in."""
    outputs = []
    for hash_seed, extra in (("1", []), ("2", ["--workers", "1"])):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        proc = subprocess.run(
            [sys.executable, "-m", "wargame", *BOTS_ARGS, *extra],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr.decode()
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].decode() == batch[1]


def test_bots_varies_with_the_seed(
    batch: tuple[int, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    one = batch[1]
    _, two, _ = run_main(capsys, *BOTS_ARGS[:-1], "2", *ONE_WORKER)
    seeds_one = [GAME_LINE.match(x).group(2) for x in game_lines(one)]  # type: ignore[union-attr]
    seeds_two = [GAME_LINE.match(x).group(2) for x in game_lines(two)]  # type: ignore[union-attr]
    assert not set(seeds_one) & set(seeds_two)
    # The games themselves differ, not only the seeds printed.
    assert without_seeds(one) != without_seeds(two)


def test_bots_runs_a_ruleset_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(
        capsys, "bots", "--scenario", str(DATA / "rulesets" / "tiny.yaml"), "--games", "2"
    )
    assert code == 0, err
    assert len(game_lines(out)) == 2
    assert "Tiny test scenario: 2 game(s), batch seed 1" in out


def test_bots_seat_names_a_bot(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "games.json"
    code, out, err = run_main(
        capsys,
        "bots",
        "--games",
        "1",
        "--seat",
        "russia=random",
        "--seat",
        "us = random",
        "--json",
        str(path),
        *ONE_WORKER,
    )
    assert code == 0, err
    assert len(game_lines(out)) == 1
    [row] = json.loads(path.read_text(encoding="utf-8"))["games"]
    assert row["seats"]["russia"] == "random"
    assert row["seats"]["us"] == "random"


def bots_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> tuple[str, dict[str, Any]]:
    """The batch's printout and its `--json` file."""
    path = tmp_path / "games.json"
    code, out, err = run_main(capsys, *BOTS_ARGS, *ONE_WORKER, "--json", str(path))
    assert code == 0, err
    return out, json.loads(path.read_text(encoding="utf-8"))


def test_bots_json_writes_one_row_per_game(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out, data = bots_json(capsys, tmp_path)
    rows = data["games"]
    assert isinstance(rows, list) and len(rows) == 3
    assert data["summary"]["games"] == 3
    # A median of three rounds is one of them, but the field keeps one type for readers.
    assert data["summary"]["rounds_median"] == float(sorted(r["round"] for r in rows)[1])
    assert isinstance(data["summary"]["rounds_median"], float)
    printed = [GAME_LINE.match(x) for x in game_lines(out)]
    for i, (row, line) in enumerate(zip(rows, printed, strict=True)):
        assert line is not None
        assert row["game"] == i + 1
        assert row["seed"] == int(line.group(2))
        assert row["outcome"] == line.group(3)
        assert set(row["scores"]) == {"us", "russia", "europe", "ukraine"}
        assert {"round", "winners", "agreements", "secret_deals", "leaks", "final_tension"} <= set(
            row
        )
        assert set(row["winners"]) <= set(row["scores"])


def test_bots_csv_has_the_json_rows(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_json, out_csv = tmp_path / "games.json", tmp_path / "games.csv"
    code, _, err = run_main(
        capsys, *BOTS_ARGS, *ONE_WORKER, "--json", str(out_json), "--csv", str(out_csv)
    )
    assert code == 0, err
    rows = json.loads(out_json.read_text(encoding="utf-8"))["games"]
    with out_csv.open(encoding="utf-8", newline="") as f:
        lines = list(csv.DictReader(f))
    assert len(lines) == len(rows) == 3
    for line, row in zip(lines, rows, strict=True):
        assert (int(line["game"]), int(line["seed"]), line["outcome"]) == (
            row["game"],
            row["seed"],
            row["outcome"],
        )
        assert line["winners"].split() == row["winners"]
        for d in ("us", "russia", "europe", "ukraine"):
            assert int(line[f"score_{d}"]) == row["scores"][d]
            assert line[f"bot_{d}"] == row["seats"][d]
            cards = dict(x.split(":") for x in line[f"cards_{d}"].split())
            assert {c: int(k) for c, k in cards.items()} == row["cards"][d]
        assert line["fallbacks"] == ""  # no external program failed


def test_bots_tell_which_cards_were_played_and_how_their_players_fared(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out, data = bots_json(capsys, tmp_path)
    rows, cards = data["games"], data["summary"]["cards"]
    for row in rows:
        for seat, played in row["cards"].items():
            assert sum(played.values()) == row["moves"][seat].get("play_card", 0)
    assert cards, "no card played in three games"
    for card, c in cards.items():
        holders = [(r, seat) for r in rows for seat, p in r["cards"].items() if card in p]
        plays = sum(r["cards"][seat][card] for r, seat in holders)
        assert c["plays_per_game"] == pytest.approx(plays / 3)
        assert c["games"] == pytest.approx(len({r["game"] for r, _ in holders}) / 3)
        won = sum(seat in r["winners"] for r, seat in holders)
        assert c["win_rate_when_played"] == pytest.approx(won / len(holders))
    top = min(cards, key=lambda c: (-cards[c]["plays_per_game"], c))  # most played
    listed = out.split("Cards most played", 1)[1].splitlines()
    assert load_scenario("european_security_2022").cards[top].name[:39] in listed[1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(
            ["--scenario", "atlantis_2099"],
            "atlantis_2099: no such scenario (known: ",
            id="unknown-scenario",
        ),
        pytest.param(
            ["--scenario", "missing/rulesets/nowhere.yaml"],
            "missing/rulesets/nowhere.yaml: no such ruleset file",
            id="missing-ruleset-file",
        ),
        pytest.param(["--seat", "russia"], "--seat takes DELEGATION=BOT, got 'russia'", id="seat"),
        pytest.param(
            ["--seat", "russa=random"],
            "--seat: unknown delegation 'russa' (known: us, russia, europe, ukraine)",
            id="seat-delegation",
        ),
        pytest.param(
            ["--seat", "russia=genius"],
            "--seat russia: unknown bot 'genius' (known: ",
            id="seat-bot",
        ),
        pytest.param(
            ["--seat", "russia=random", "--seat", "russia=dealmaker"],
            "--seat russia is given twice ('random' and 'dealmaker')",
            id="seat-twice",
        ),
        pytest.param(
            ["--seat", "russia=cmd:python -c 'print(1)"],
            "--seat russia: bot 'cmd:python -c 'print(1)': its command cannot be split as a"
            " shell would (No closing quotation)",
            id="seat-command-quotes",
        ),
        pytest.param(
            ["--seat", "russia=missing/hawk.yaml"],
            "--seat russia: missing/hawk.yaml: no such personality file",
            id="seat-personality-file-missing",
        ),
        pytest.param(["--games", "0"], "--games must be at least 1", id="games-0"),
        pytest.param(["--games", "-3"], "--games must be at least 1", id="games-negative"),
        pytest.param(
            ["--address", "tcp://127.0.0.1:1"],
            "--address names a Dask scheduler or a Ray head",
            id="address-without-a-cluster-executor",
        ),
        pytest.param(
            ["--executor", "dask", "--address", "tcp://127.0.0.1:1", "--games", "1"],
            "--address tcp://127.0.0.1:1: no Dask scheduler answers there",
            id="address-unreachable",
        ),
        pytest.param(
            ["--executor", "ray", "--address", "127.0.0.1:1", "--games", "1"],
            "--address 127.0.0.1:1: no Ray head answers there",
            id="ray-address-unreachable",
        ),
    ],
)
def test_bots_usage_errors_are_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(capsys, "bots", *argv)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith(message), err


def test_a_personality_file_of_ones_own_plays_and_a_faulty_one_is_refused_by_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shipped = (ROOT / "wargame" / "bots" / "personalities" / "dealmaker.yaml").read_text()
    mine = tmp_path / "broker.yaml"
    mine.write_text(shipped.replace("id: dealmaker", "id: broker"), encoding="utf-8")
    code, out, _ = run_main(capsys, "bots", "--games", "2", "--seat", f"us={mine}")
    assert code == 0
    by_bot = out.split("Win rate by bot", 1)[1].splitlines()[1:6]
    # The file's name shows, however deep its folder: a long path keeps its end.
    assert any(line.split()[0].endswith("/broker.yaml") for line in by_bot), by_bot

    lines = shipped.splitlines()
    harm = next(i for i, line in enumerate(lines) if line.startswith("harm:"))
    faulty = [
        *(re.sub(r"^deal_value:.*", "deal_value: lots", line) for line in lines[:harm]),
        *lines[harm + 1 :],
        "temper: 3",
    ]
    mine.write_text("\n".join(faulty) + "\n", encoding="utf-8")
    value_line = next(i for i, line in enumerate(faulty, 1) if line.startswith("deal_value:"))
    code, out, err = run_main(capsys, "bots", "--games", "2", "--seat", f"us={mine}")
    assert (code, out) == (2, "")
    assert f"{mine}:{value_line}: deal_value: expected a number, got 'lots'" in err
    assert f"{mine}:{len(faulty)}: temper: unknown key 'temper' (known: " in err
    assert f"{mine}:1: missing required field 'harm'" in err
    assert err.startswith("--seat us: ")


def test_quiet_and_list_cannot_both_be_asked(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["bots", "-q", "--list"])
    assert exit_.value.code == 2
    assert "--list: not allowed with argument -q/--quiet" in capsys.readouterr().err


def tiny_copy(root: Path) -> Path:
    (root / "rulesets").mkdir()
    (root / "decks").mkdir()
    shutil.copyfile(DATA / "rulesets" / "tiny.yaml", root / "rulesets" / "tiny.yaml")
    shutil.copyfile(DATA / "decks" / "tiny_cards.yaml", root / "decks" / "tiny_cards.yaml")
    return root / "rulesets" / "tiny.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_bots_on_a_broken_ruleset_lists_its_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ruleset = tiny_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    edit(ruleset, "start_forum: table", "start_forum: tabel")
    edit(tmp_path / "decks" / "tiny_cards.yaml", "{track: tension, add: 1}", "{track: x, add: 1}")
    code, out, err = run_main(capsys, "bots", "--scenario", "rulesets/tiny.yaml", "--games", "1")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "decks/tiny_cards.yaml:15: cards[0].effects[1].track: unknown track 'x' "
        "(known: tension, channels)",
        "rulesets/tiny.yaml:65: round.start_forum: unknown forum 'tabel' "
        "(known: table, pair, council, club)",
    ]


def test_bots_with_card_ids_in_two_decks_lists_each_clash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ruleset = tiny_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    deck = (tmp_path / "decks" / "tiny_cards.yaml").read_text(encoding="utf-8")
    more = deck.replace("id: tiny_cards", "id: tiny_more").replace("ruleset: tiny\n", "")
    (tmp_path / "decks" / "tiny_more.yaml").write_text(more, encoding="utf-8")
    edit(ruleset, "decks: [tiny_cards]", "decks: [tiny_cards, tiny_more]")
    code, out, err = run_main(capsys, "bots", "--scenario", "rulesets/tiny.yaml", "--games", "1")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        f"rulesets/tiny.yaml:7: decks[1]: card id '{card}' is in both deck 'tiny_cards' "
        "and deck 'tiny_more'"
        for card in ("hotline", "kick", "rattle")
    ]


def test_bots_on_whole_float_copies_reports_a_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tiny_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    edit(tmp_path / "decks" / "tiny_cards.yaml", "copies: 3", "copies: 3.0")
    code, _, err = run_main(capsys, "bots", "--scenario", "rulesets/tiny.yaml", "--games", "1")
    assert code == 2
    assert err.startswith("decks/tiny_cards.yaml:"), err


# -- validate on the shipped content ---------------------------------------------------


def test_shipped_content_validates(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run_main(capsys, "validate", "rulesets", "decks")
    assert code == 0, f"`wargame validate rulesets decks` found problems:\n{err}"
    files = len(SHIPPED_RULESETS) + len(SHIPPED_DECKS)
    assert out == f"{files} file(s) valid\n"
    assert err == ""


def test_a_ruleset_alone_is_checked_with_the_decks_beside_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shutil.copytree(DATA / "rulesets", tmp_path / "rulesets")
    shutil.copytree(DATA / "decks", tmp_path / "decks")
    ruleset = tmp_path / "rulesets" / "tiny.yaml"
    code, out, err = run_main(capsys, "validate", str(ruleset))
    assert (code, out, err) == (0, "1 file(s) valid\n", "")

    text = ruleset.read_text(encoding="utf-8")
    ruleset.write_text(text.replace("  - id: west\n", "  - id: west\n    bot: nosuch\n", 1))
    code, out, err = run_main(capsys, "validate", str(ruleset))
    assert code == 2
    assert "unknown bot 'nosuch'" in err
    assert "unknown deck" not in err
    assert "1 problem(s)" in err


def test_validate_checks_saves_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for save in (ROOT / "saves").glob("*.yaml"):
        shutil.copyfile(save, tmp_path / save.name)
    count = len(list(tmp_path.glob("*.yaml")))
    code, out, err = run_main(capsys, "validate", str(tmp_path))
    assert (code, err) == (0, "")
    assert out == f"{count} file(s) valid, {count} of them save(s) re-played to the end\n"

    broken = tmp_path / "europe-settlement.yaml"
    text = broken.read_text()
    broken.write_text(text.replace("  seed: 6\n", "  seed: six\n"))
    code, out, err = run_main(capsys, "validate", str(tmp_path))
    assert (code, out) == (2, "")
    assert f"{broken}:8: header.seed: " in err
    assert err.endswith("1 problem(s) in 1 file(s)\n")

    # Well formed, but its fifth action no longer leads where the game went.
    lines = text.splitlines(keepends=True)
    fifth = next(i for i, line in enumerate(lines) if line.startswith("- {n: 5,"))
    digest = re.search(r"digest: ([0-9a-f]{12})", lines[fifth])
    assert digest is not None
    other = digest[1][:-1] + ("0" if digest[1][-1] != "0" else "1")
    lines[fifth] = lines[fifth].replace(digest[1], other)
    broken.write_text("".join(lines))
    code, out, err = run_main(capsys, "validate", str(tmp_path))
    assert (code, out) == (2, "")
    assert err.startswith(f"{broken}:{fifth + 1}: actions[4]: diverged at action 5 ("), err


def test_validate_a_missing_path_says_only_that(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "validate", "no/such/file.yaml")
    assert (code, out, err) == (2, "", "no/such/file.yaml: no such file or folder\n")


def test_validate_an_empty_folder_is_no_clean_bill(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """It printed "0 file(s) valid" and exit 0 for a folder with nothing to check."""
    (tmp_path / "notes.txt").write_text("not content", encoding="utf-8")
    code, out, err = run_main(capsys, "validate", str(tmp_path))
    assert (code, out, err) == (2, "", f"{tmp_path}: no .yaml or .yml files in this folder\n")


def test_list_reports_no_problem_in_the_shipped_content(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run_main(capsys, "list")
    assert code == 0
    assert err == "", f"`wargame list` warns about the shipped content:\n{err}"


@pytest.mark.parametrize("scenario", SHIPPED_RULESETS)
def test_every_shipped_scenario_plays_a_bot_game(
    scenario: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(capsys, "bots", "--scenario", scenario, "--games", "2", *ONE_WORKER)
    assert code == 0, err
    assert len(game_lines(out)) == 2


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--seat", "rusia=human", "--seed", "5"], id="default-scenario"),
        pytest.param(["--scenario", "european_security_2022", "--seat", "rusia=human"], id="named"),
    ],
)
def test_play_names_a_mistyped_seat_and_starts_no_game(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`--seat rusia=human` without --scenario started a game of bots alone, without a word."""
    saves = saves_dir()
    before = set(saves.glob("*.yaml")) if saves.exists() else set()
    code, _, err = run_main(capsys, "play", *argv)
    assert code == 2
    assert err.strip() == "--seat: unknown delegation 'rusia' (known: us, russia, europe, ukraine)"
    assert (set(saves.glob("*.yaml")) if saves.exists() else set()) == before


def test_play_without_a_terminal_leaves_no_save_behind(capsys: pytest.CaptureFixture[str]) -> None:
    """A refused start wrote an empty save, which `c` then offered as the last game."""
    saves = saves_dir()
    before = set(saves.glob("*.yaml")) if saves.exists() else set()
    code, _, err = run_main(capsys, "play", "--scenario", "syria_2015", "--seed", "9")
    assert code == 2 and "needs a terminal" in err
    assert (set(saves.glob("*.yaml")) if saves.exists() else set()) == before


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["play"], "wargame bots"),
        (["replay", str(ROOT / "saves" / "syria-war.yaml")], "wargame replay --text"),
    ],
)
def test_screen_commands_without_a_terminal_say_so_and_stop(
    argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Output to a file or a script: a message and exit 2, not a screen spinning unseen."""
    code, out, err = run_main(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith(f"wargame {argv[0]} needs a terminal") and hint in err


@pytest.mark.parametrize(
    ("flag", "where", "message"),
    [
        ("--json", "missing/out.json", "no such folder"),
        ("--csv", ".", "is a folder"),
        ("--save-dir", "a-file", "cannot make the folder"),
        # A folder whose permission bits allow root to write, where no file can be made.
        pytest.param(
            "--json",
            "/proc/out.json",
            "cannot make a file in /proc",
            marks=pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="Linux /proc"),
        ),
    ],
)
def test_bots_refuse_an_unwritable_output_before_playing(
    flag: str,
    where: str,
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A results file that cannot be written is said at once, not after a long batch ends
    in a traceback."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    played: list[object] = []
    monkeypatch.setattr("wargame.runner.batch.run_batch", lambda *a, **k: played.append(a))
    code, out, err = run_main(capsys, *BOTS_ARGS, *ONE_WORKER, flag, str(tmp_path / where))
    assert code == 2 and out == "" and not played
    assert err.startswith(f"{flag} {tmp_path / where}") and message in err, err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("executor", ["local", "dask"])
def test_bots_stop_promptly_on_ctrl_c_with_workers(tmp_path: Path, executor: str) -> None:
    """Ctrl-C ends a run on a pool of workers in moments, with one line: it waited for every
    queued game (tens of seconds), or for ever; Dask's workers each printed a traceback."""
    import signal
    import time

    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "wargame", "bots", "--games", "20000", "--workers", "2"),
            *("-q", "--executor", executor),
        ],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    # The workers started and busy: a fixed wait was sometimes too short on a loaded
    # machine, where the signal then met a pool still starting.
    import psutil

    deadline = time.monotonic() + 60
    while len(psutil.Process(proc.pid).children(recursive=True)) < 2:
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() < deadline, "the workers never started"
        time.sleep(0.2)
    time.sleep(2)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
    try:
        _, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError("still running 20 s after Ctrl-C") from None
    assert proc.returncode == 130
    assert err.strip() == "interrupted", err


# -- validate on personalities ------------------------------------------------------

PERSONALITIES = ROOT / "wargame" / "bots" / "personalities"


def test_validate_accepts_a_shipped_personality_and_their_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_main(capsys, "validate", str(PERSONALITIES / "dealmaker.yaml"))
    assert (code, out, err) == (0, "1 file(s) valid\n", "")
    count = len(list(PERSONALITIES.glob("*.yaml")))
    assert count >= 5
    code, out, err = run_main(capsys, "validate", str(PERSONALITIES))
    assert (code, out, err) == (0, f"{count} file(s) valid\n", "")


def hawk(folder: Path, *edits: tuple[str, str]) -> Callable[[str], int]:
    """hawk.yaml in `folder`: the shipped hardliner with each (old, new) edit made; returns
    the line number of its first line starting with a given text."""
    text = (PERSONALITIES / "hardliner.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    (folder / "hawk.yaml").write_text(text, encoding="utf-8")
    lines = text.splitlines()
    return lambda start: next(i for i, x in enumerate(lines, 1) if x.startswith(start))


def test_validate_names_file_line_and_field_in_a_broken_personality(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    line = hawk(
        tmp_path,
        ("harm: 1.2\n", "harm: '1.2'\n"),
        ("pain_point:", "pain_piont:"),
        ("stall: 0.3,", "stal: 0.3,"),
        ("noise: 0.4", "noise: -1"),
    )
    code, out, err = run_main(capsys, "validate", "hawk.yaml")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "hawk.yaml:1: missing required field 'pain_point'",
        f"hawk.yaml:{line('kinds:')}: kinds.stal: unknown key 'stal' (known: accept, "
        "consult_allies, counter, declare_red_line, forum_shop, link_issues, pass, play_card, "
        "propose, reject, stall)",
        f"hawk.yaml:{line('harm:')}: harm: expected a number, got '1.2'",
        f"hawk.yaml:{line('pain_piont:')}: pain_piont: unknown key 'pain_piont' (known: "
        "accept_threshold, channels, cohesion, de_facto, de_jure, deal_value, description, "
        "format, forum_weight, gain, harm, id, kinds, name, noise, over_tolerance, pain_point, "
        "poison_link, score, secret, sequence, source, tension)",
        f"hawk.yaml:{line('noise:')}: noise: -1 is out of range: must be at least 0",
        "5 problem(s) in 1 file(s)",
    ]


def test_validate_refuses_a_personality_number_that_is_not_finite(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """YAML's .nan passed the schema, and a bot with a weight of nan passed every turn."""
    monkeypatch.chdir(tmp_path)
    line = hawk(tmp_path, ("harm: 1.2\n", "harm: .nan\n"), ("noise: 0.4", "noise: .inf"))
    harm, noise = line("harm:"), line("noise:")
    code, _, err = run_main(capsys, "validate", "hawk.yaml")
    assert code == 2
    assert err.splitlines()[:2] == [
        f"hawk.yaml:{harm}: harm: nan is not a finite number",
        f"hawk.yaml:{noise}: noise: inf is not a finite number",
    ]
    code, _, err = run_main(capsys, "bots", "--games", "1", "--seat", "russia=hawk.yaml")
    assert code == 2 and "harm: nan is not a finite number" in err


def test_validate_reports_a_personality_beside_rulesets_and_saves(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A folder mixing kinds: each file is checked as what it is, the broken one named."""
    tiny_copy(tmp_path)
    (tmp_path / "bots").mkdir()
    shutil.copyfile(PERSONALITIES / "protractor.yaml", tmp_path / "bots" / "protractor.yaml")
    odd = tmp_path / "bots" / "odd.yaml"
    odd.write_text(
        (PERSONALITIES / "dealmaker.yaml")
        .read_text(encoding="utf-8")
        .replace("sequence: adversary_first", "sequence: adversary_last"),
        encoding="utf-8",
    )
    code, out, err = run_main(capsys, "validate", str(tmp_path))
    assert (code, out) == (2, "")
    assert err.splitlines()[0].startswith(f"{odd}:"), err
    assert "sequence: 'adversary_last' is not one of: allies_first, adversary_first" in err
    assert err.endswith("1 problem(s) in 1 file(s)\n")

    odd.unlink()
    code, out, err = run_main(capsys, "validate", str(tmp_path))
    assert (code, out, err) == (0, "3 file(s) valid\n", "")
