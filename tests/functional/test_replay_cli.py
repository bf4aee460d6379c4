"""`wargame bots --save-dir` and `wargame replay [--verify | --text [--as DELEGATION]]` end to end.

Without --verify or --text, `wargame replay` opens the replay screen; here that screen is
never allowed to run (it would wait for a terminal), only its loading of a bad save.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT
from wargame.cli import main
from wargame.content.library import load_content
from wargame.core.actions import Action
from wargame.core.events import Event
from wargame.core.model import GameState
from wargame.persist.digest import state_digest
from wargame.persist.replay import replay_steps
from wargame.persist.save import SaveWriter, log_entry, new_save, read_save
from wargame.runner.match import game_seed, play_match

EUROPE = "european_security_2022"
GAMES = 5
BATCH_SEED = 3


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Five bot games saved by `wargame bots --save-dir`, and what the command printed."""
    folder = tmp_path_factory.mktemp("batch")
    out = io.StringIO()  # capsys is function-scoped: capture this module-wide run by hand
    with contextlib.redirect_stdout(out):
        code = main(
            [
                "bots",
                "--scenario",
                EUROPE,
                "--games",
                str(GAMES),
                "--seed",
                str(BATCH_SEED),
                "--save-dir",
                str(folder),
            ]
        )
    assert code == 0
    return folder, out.getvalue()


@pytest.fixture(autouse=True)
def no_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        from textual.app import App
    except ImportError:  # pragma: no cover - textual is a dependency
        return

    def refuse(self: object, *args: object, **kwargs: object) -> None:
        raise AssertionError("the replay screen opened in a headless test")

    monkeypatch.setattr(App, "run", refuse)


def saves_in(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{EUROPE}-*.yaml"))  # not the damaged copies beside them


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def copy(save: Path, folder: Path) -> Path:
    """A save copied beside its shared content, so a test can damage the copy."""
    target = folder / f"copy-{save.name}"
    shutil.copyfile(save, target)
    return target


# -- bots --save-dir and replay --verify ------------------------------------------------------


def test_bots_writes_one_save_per_game_sharing_one_content_file(batch: tuple[Path, str]) -> None:
    folder, printed = batch
    saves = saves_in(folder)
    assert len(saves) == GAMES
    assert len(list((folder / "content").glob("*.yaml"))) == 1
    seeds = [game_seed(BATCH_SEED, i) for i in range(GAMES)]
    lines = [line for line in printed.splitlines() if line.startswith("game ")]
    assert len(lines) == GAMES
    for i, (path, line, seed) in enumerate(zip(saves, lines, seeds, strict=True)):
        assert path.name == f"{EUROPE}-{i + 1:04d}-{seed}.yaml"
        save = read_save(path)
        assert save.seed == seed and save.scenario_id == EUROPE
        assert save.result is not None
        # The save's result is what the batch printed for that game.
        assert f"seed {seed:>10}: {save.result['outcome']}" in line
        assert f"round {save.result['round']:>2}" in line


def test_every_batch_save_verifies(
    batch: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = batch
    for path in saves_in(folder):
        code, out, err = run(capsys, "replay", "--verify", str(path))
        assert code == 0, err
        assert err == ""
        assert out.startswith(f"{path}: verified")
    code, out, err = run(capsys, "replay", "--verify", *map(str, saves_in(folder)))
    assert code == 0 and out.count("verified") == GAMES


def test_a_batch_save_replays_to_the_game_the_bots_played(batch: tuple[Path, str]) -> None:
    folder, _ = batch
    scenario, _ = load_content(EUROPE)
    path = saves_in(folder)[0]
    save = read_save(path)
    _, final, _ = play_match(scenario, save.seed)
    assert save.result is not None and save.result["digest"] == state_digest(final)


def test_a_truncated_save_is_one_clean_line_and_exit_2(
    batch: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = batch
    path = copy(saves_in(folder)[0], folder)
    path.write_bytes(path.read_bytes()[:500])  # head -c 500
    for argv in (
        ("replay", str(path)),  # the replay screen refuses it before opening
        ("replay", "--text", str(path)),
        ("replay", "--verify", str(path)),
    ):
        code, out, err = run(capsys, *argv)
        assert code == 2
        assert out == ""
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith(f"{path}:")
        assert re.match(rf"{re.escape(str(path))}:\d+: ", lines[0]), lines[0]
        assert "Traceback" not in err


def test_a_missing_save_is_one_clean_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nowhere.yaml"
    code, _, err = run(capsys, "replay", "--verify", str(path))
    assert code == 2
    assert err.splitlines() == [f"{path}: no such save file"]


def test_an_edited_digest_exits_1_naming_the_action(
    batch: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = batch
    path = copy(saves_in(folder)[1], folder)
    text = path.read_text(encoding="utf-8")
    n = 7
    line = next(x for x in text.splitlines() if x.startswith(f"- {{n: {n}, "))
    edited = re.sub(r"digest: \w+\}$", "digest: abcdefabcdef}", line)
    assert edited != line
    path.write_text(text.replace(line, edited), encoding="utf-8")
    code, out, err = run(capsys, "replay", "--verify", str(path))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [err.strip()]
    assert err.startswith(f"{path}: diverged at action {n} ")

    # Among several saves the worst result wins: one mismatch makes the run exit 1.
    good = str(saves_in(folder)[0])
    code, out, err = run(capsys, "replay", "--verify", good, str(path))
    assert code == 1 and "verified" in out and f"action {n} " in err


def test_an_illegal_action_is_named_and_exits_2_without_verify(
    batch: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = batch
    path = copy(saves_in(folder)[2], folder)
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("- {n: 2, "))
    edited = re.sub(r"do: \{[^}]*\}", "do: {kind: accept, proposal: 99}", line)
    path.write_text(text.replace(line, edited), encoding="utf-8")
    for argv in (("replay", "--text", str(path)), ("replay", str(path))):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == ""  # no story of a game that cannot be rebuilt
        assert len(err.splitlines()) == 1
        assert err.startswith(str(path)) and "action 2 " in err and "illegal" in err
    code, _, err = run(capsys, "replay", "--verify", str(path))
    assert code in (1, 2) and "action 2 " in err and len(err.splitlines()) == 1


def test_a_wrong_version_is_exit_2(
    batch: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = batch
    path = copy(saves_in(folder)[3], folder)
    path.write_text(path.read_text("utf-8").replace("\nformat: 1\n", "\nformat: 7\n"), "utf-8")
    code, _, err = run(capsys, "replay", "--verify", str(path))
    assert code == 2
    assert len(err.splitlines()) == 1 and "format" in err and err.startswith(f"{path}:")


def test_an_impossible_date_typed_by_hand_is_exit_2(
    batch: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = batch
    path = copy(saves_in(folder)[4], folder)
    text = path.read_text("utf-8")
    assert "\n  started: batch\n" in text
    path.write_text(text.replace("\n  started: batch\n", "\n  started: 2024-02-30\n"), "utf-8")
    code, _, err = run(capsys, "replay", "--verify", str(path))
    assert code == 2 and len(err.splitlines()) == 1 and err.startswith(f"{path}:")


# -- the narrative and --as -------------------------------------------------------------


def test_replay_text_prints_a_narrative(
    batch: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = batch
    path = saves_in(folder)[0]
    save = read_save(path)
    code, out, err = run(capsys, "replay", "--text", str(path))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith(f"{save.scenario_name} (seed {save.seed}); seats: ")
    headings = [x for x in lines if x.startswith("-- action ")]
    assert len(headings) == len(save.actions)
    first = save.actions[0]
    assert headings[0] == f"-- action 1: round {first.round}, {first.phase}, {first.by}"
    steps = replay_steps(save)
    over = [e for e in steps[-1].events if e.kind == "game_over"]
    assert over and f"   {over[0].text}" in lines


def test_replay_text_says_when_a_save_does_not_replay_as_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A save whose log re-plays legally into another game (a hand edit, another version's
    rules) still prints, but says first, on both streams, that it is not the game played,
    and exits 1 as --verify does."""
    text = (ROOT / "saves" / "syria-war.yaml").read_text(encoding="utf-8")
    path = tmp_path / "syria.yaml"
    path.write_text(
        re.sub(r"digest: [0-9a-f]{12}\}", "digest: abcdefabcdef}", text, count=1),
        encoding="utf-8",
    )
    code, out, err = run(capsys, "replay", "--text", str(path))
    assert code == 1
    why = "diverged at action 1 (round 1, agenda, us): the state after it differs"
    assert err.startswith(f"{path}: does not replay as recorded: {why}")
    lines = out.splitlines()
    assert lines[1].startswith(f"NOT THE RECORDED GAME: {why}")
    assert any(line.startswith("-- action 1:") for line in lines)  # printed all the same


def secret_deal_game(tmp_path: Path) -> tuple[Path, Event, str, str]:
    """A saved Europe game with a secret deal, one of its parties and an outsider."""
    scenario, content = load_content(EUROPE)
    ids = [d.id for d in scenario.delegations]
    seats = {d.id: "random" for d in scenario.delegations}  # random bots strike secret deals
    for seed in range(80):
        writer = SaveWriter(new_save(scenario, content, seed, seats, "2024-05-01T12:00Z"), None)
        result, final, events = play_match(scenario, seed, seats, recorder=_recorder(writer))
        deals = [
            e
            for e in events
            if e.kind == "secret_deal" and e.visible_to and len(e.visible_to) < len(ids)
        ]
        if not deals:
            continue
        writer.path = tmp_path / f"secret-{seed}.yaml"
        writer.finish(final)
        deal = deals[0]
        assert deal.visible_to is not None and result.secret_deals
        outsider = next(d for d in ids if d not in deal.visible_to)
        return writer.path, deal, deal.visible_to[0], outsider
    pytest.fail("no Europe seed under 80 makes a secret deal that leaves someone out")


def _recorder(writer: SaveWriter) -> Callable[[GameState, Action, GameState], None]:
    return lambda before, action, after: writer.record(log_entry(before, action, after))


def test_as_a_delegation_hides_what_it_could_not_see(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, deal, party, outsider = secret_deal_game(tmp_path)

    code, everything, _ = run(capsys, "replay", "--text", str(path))
    assert code == 0 and deal.text in everything  # the facilitator sees all

    code, inside, _ = run(capsys, "replay", "--text", str(path), "--as", party)
    assert code == 0 and deal.text in inside

    code, outside, err = run(capsys, "replay", "--text", str(path), "--as", outsider)
    assert code == 0 and err == ""
    assert deal.text not in outside
    # Everything the outsider was allowed to see is still there, action headings too.
    save = read_save(path)
    events = [e for step in replay_steps(save) for e in step.events]
    seen = {e.text for e in events if e.visible(outsider)}
    hidden = {e.text for e in events if not e.visible(outsider)} - seen
    assert deal.text in hidden
    for text in hidden:
        assert text not in outside
    assert outside.count("-- action ") == everything.count("-- action ") == len(save.actions)
    assert len(outside) < len(everything)


def test_as_an_unknown_delegation_is_exit_2(
    batch: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, _ = batch
    code, _, err = run(capsys, "replay", "--text", str(saves_in(folder)[0]), "--as", "atlantis")
    assert code == 2
    assert len(err.splitlines()) == 1 and "atlantis" in err


def test_as_names_a_view_not_a_check(
    batch: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """--as with --verify was ignored; for the replay screen an unknown delegation is named
    before the screen opens."""
    folder, _ = batch
    save = str(saves_in(folder)[0])
    code, out, err = run(capsys, "replay", "--verify", save, "--as", "us")
    assert (code, out) == (2, "")
    assert err == "--as shows one delegation's view: use it with --text or the replay screen\n"
    code, out, err = run(capsys, "replay", save, "--as", "atlantis")
    assert (code, out) == (2, "")
    assert err.startswith("--as: unknown delegation 'atlantis' (known: us, russia")


def test_a_proposal_some_accepted_lapses_saying_so(capsys: pytest.CaptureFixture[str]) -> None:
    """Turkey accepted #7, then the log said #7 "lapses unanswered"."""
    code, out, _ = run(
        capsys, "replay", "--text", str(ROOT / "saves" / "cuba-secret-deal-and-leak.yaml")
    )
    assert code == 0
    lines = [line.strip() for line in out.splitlines()]
    accepted = lines.index("Turkey accepts proposal #7.")
    assert "Proposal #7 lapses: not every addressee accepted it." in lines[accepted:]
    assert "Proposal #7 lapses unanswered." not in lines
