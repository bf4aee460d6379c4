"""The facilitator's replay screen, driven by keys: step, key moments, views, notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.conftest import ROOT
from tests.tui import _pilot
from wargame.content.library import load_content
from wargame.core.actions import Propose
from wargame.persist.replay import verify
from wargame.persist.save import SaveWriter, log_entry, new_save, read_save
from wargame.runner.match import play_match
from wargame.tui.app import WargameApp, make_replay_app
from wargame.tui.screens.replay import ReplayScreen
from wargame.tui.widgets import TabBar

SIZE = (120, 40)
SAVES = ROOT / "saves"


def saved_game(folder: Path, want_secret: bool = True) -> Path:
    """A finished bot game with a secret deal in it, saved with its content inline."""
    scenario, content = load_content("european_security_2022")
    seats = {
        "us": "dealmaker",
        "russia": "dealmaker",
        "europe": "dealmaker",
        "ukraine": "dealmaker",
    }
    for seed in range(1, 60):
        path = folder / f"game-{seed}.yaml"
        writer = SaveWriter(new_save(scenario, content, seed, seats, "test"), path)

        def record(before: object, action: object, after: object, w: SaveWriter = writer) -> None:
            w.record(log_entry(before, action, after))  # type: ignore[arg-type]

        result, final, _ = play_match(scenario, seed, seats, recorder=record)
        writer.finish(final)
        if not want_secret or result.secret_deals:
            return path
    raise AssertionError("no seed in range gives a secret deal")


def screen_text(app: object) -> str:
    svg = app.export_screenshot()  # type: ignore[attr-defined]
    text = re.sub(r"<[^>]+>", "", svg).replace("&#160;", " ")
    return text.replace("&amp;", "&").replace("&#x27;", "'")


@pytest.fixture(scope="module")
def game(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return saved_game(tmp_path_factory.mktemp("replay"))


async def test_step_forward_back_and_to_the_secret_deal(game: Path) -> None:
    app = make_replay_app(game)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        assert screen.replay.index == 0
        await pilot.press("right", "right", "right")
        assert screen.replay.index == 3
        await pilot.press("left")
        assert screen.replay.index == 2
        deal = next(
            s.index for s in screen.replay.steps if any(e.kind == "secret_deal" for e in s.events)
        )
        while screen.replay.index < deal:
            before = screen.replay.index
            await pilot.press("n")
            if screen.replay.index == before:
                break
        assert screen.replay.index == deal
        assert "Secret deal" in screen_text(app)  # the facilitator sees everything


async def test_a_third_party_view_does_not_show_the_secret_terms(game: Path) -> None:
    app = make_replay_app(game)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        step = next(
            s for s in screen.replay.steps if any(e.kind == "secret_deal" for e in s.events)
        )
        agreement = next(a for a in step.state.agreements if a.has_secret)
        outsider = next(
            d.id for d in step.state.scenario.delegations if d.id not in agreement.parties
        )
        screen.replay.go(step.index)
        screen.show()
        while screen.viewer != outsider:
            await pilot.press("v")
        await pilot.pause()
        text = screen_text(app)
        secret = [t for t in agreement.terms if t.secret]
        scenario = step.state.scenario
        for t in secret:
            assert (
                f"{scenario.delegation(t.by).name} concedes {scenario.issue(t.issue).name}"
                not in text
            )
        assert "Secret deal #" not in text
        # What the outsider may know is there: the public part of the deal.
        public = [t for t in agreement.terms if not t.secret]
        if public:
            screen.action_tab("deals")
            await pilot.pause()
            assert f"Agreement #{agreement.id}" in screen_text(app)
            assert "table.✔" not in screen_text(app)  # each on its own line


async def test_a_note_is_saved_and_the_save_still_verifies(game: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text(game.read_text(encoding="utf-8"), encoding="utf-8")
    app = make_replay_app(copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "a")
        await pilot.press(*"Russia links to stall")
        await pilot.press("enter")
        await pilot.pause()
    save = read_save(copy)
    assert save.actions[1].note == "Russia links to stall"
    assert verify(save).ok
    # Reopened, the note is on the timeline.
    app = make_replay_app(copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "right")
        assert "Russia links to stall" in screen_text(app)


async def test_a_note_with_brackets_is_shown_as_written(game: Path, tmp_path: Path) -> None:
    """A note is the facilitator's words, not markup: brackets in it once crashed the replay,
    and the saved note crashed it again at every reopening."""
    copy = tmp_path / "copy.yaml"
    copy.write_text(game.read_text(encoding="utf-8"), encoding="utf-8")
    words = "[/] ask [b]why[/b] [red"
    app = make_replay_app(copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "a", *words, "enter")
        await pilot.pause()
        assert words in screen_text(app)
    assert read_save(copy).actions[0].note == words
    app = make_replay_app(copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        await pilot.pause()
        assert words in screen_text(app)


async def test_the_timeline_shows_an_offer_as_each_delegation_saw_it(tmp_path: Path) -> None:
    """Its secret terms only to the offer's parties (and the facilitator)."""
    copy = tmp_path / "cuba.yaml"
    copy.write_text(
        (SAVES / "cuba-secret-deal-and-leak.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    app = make_replay_app(copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        step = next(
            s
            for s in screen.replay.steps
            if s.action is not None
            and isinstance(s.action.action, Propose)
            and any(t.secret for t in s.action.action.terms)
        )
        assert step.action is not None
        offer = step.action.action
        assert isinstance(offer, Propose)
        parties = {step.action.by, *offer.addressees}
        hidden = next(screen.scenario.issue(t.issue).name for t in offer.terms if t.secret)
        timeline = screen.query_one("#timeline", OptionList)
        seen: dict[str | None, str] = {}
        for _ in screen.views:
            seen[screen.viewer] = str(timeline.get_option_at_index(step.index).prompt)
            await pilot.press("v")
        assert len(seen) == len(screen.views) > 2
        for viewer, prompt in seen.items():
            knows = viewer is None or viewer in parties
            assert (f"concedes {hidden[:6]}" in prompt) == knows, (viewer, prompt)
            assert "Propose to" in prompt


async def test_the_replay_opens_in_one_delegations_view(tmp_path: Path) -> None:
    """`wargame replay SAVE --as DELEGATION`: the debrief of one delegation's game, from the
    first frame on, without the secrets it did not hold."""
    copy = tmp_path / "cuba.yaml"
    copy.write_text(
        (SAVES / "cuba-secret-deal-and-leak.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    facilitator = make_replay_app(copy)
    async with facilitator.run_test(size=SIZE):
        screen = facilitator.screen
        assert isinstance(screen, ReplayScreen)
        step = next(
            s
            for s in screen.replay.steps
            if s.action is not None
            and isinstance(s.action.action, Propose)
            and any(t.secret for t in s.action.action.terms)
        )
        assert step.action is not None and isinstance(step.action.action, Propose)
        parties = {step.action.by, *step.action.action.addressees}
        outsider = next(d.id for d in screen.scenario.delegations if d.id not in parties)
        hidden = next(
            screen.scenario.issue(t.issue).name for t in step.action.action.terms if t.secret
        )
    app = make_replay_app(copy, outsider)
    async with app.run_test(size=SIZE):
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        assert screen.viewer == outsider
        prompt = str(
            screen.query_one("#timeline", OptionList).get_option_at_index(step.index).prompt
        )
        assert "Propose to" in prompt and f"concedes {hidden[:6]}" not in prompt
        assert screen.scenario.delegation(outsider).name in screen_text(app)
    with pytest.raises(KeyError, match="--as: unknown delegation 'atlantis'"):
        make_replay_app(copy, "atlantis")


async def test_jump_to_a_round(game: Path) -> None:
    app = make_replay_app(game)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        await pilot.press("g", "3", "enter")
        assert screen.replay.state.round == 3
        assert all(s.state.round < 3 for s in screen.replay.steps[: screen.replay.index])
        # The board after round 2's last move: the header says both rounds.
        await pilot.pause()
        move = screen.replay.current.action
        assert move is not None and move.round == 2
        header = _pilot.flat(_pilot.screen_text(app).splitlines()[0])
        assert "now round 3," in header and "(the move: round 2," in header, header


async def test_the_end_screen_leads_to_the_replay(tmp_path: Path) -> None:
    from tests.conftest import DATA
    from wargame.tui.app import make_app
    from wargame.tui.screens.end import EndScreen

    tiny = str(DATA / "rulesets" / "tiny.yaml")
    app = make_app(scenario=tiny, seats={}, seed=4, pace=0.0, save_path=tmp_path / "g.yaml")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            if isinstance(app.screen, EndScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, EndScreen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        assert len(app.screen.replay) == len(read_save(tmp_path / "g.yaml").actions) + 1
        footer = _pilot.screen_text(app).splitlines()[-1]
        assert "q Back to the end" in footer and "q Quit" not in footer
        await pilot.press("q")  # back to the end screen, not out of the app
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert app.is_running


# A phrase only each of the replay's panes shows, at the opening step.
PANES = {
    "board": "NATO cohesion:",
    "deals": "No proposal on the table.",
    "log": "R1 Round 1 of",
    "charts": "Tension (crisis",
}
# Where each tab's name is on the bar " Board  Deals  Log  Charts " (a space each side).
NAMES = {"board": 1, "deals": 8, "log": 15, "charts": 20}


def showing(app: WargameApp) -> list[str]:
    text = _pilot.flat(_pilot.screen_text(app))
    return [pane for pane, phrase in PANES.items() if phrase in text]


async def test_tabs_switch_by_key_and_by_click(game: Path) -> None:
    app = make_replay_app(game)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert showing(app) == ["board"]
        await pilot.press("tab")  # from the timeline to the tab bar, whose arrows switch tabs
        assert isinstance(app.focused, TabBar)
        for pane in ("deals", "log", "charts", "board"):  # past the last: the first
            await pilot.press("right")
            await pilot.pause()
            assert showing(app) == [pane]
        await pilot.press("left")
        await pilot.pause()
        assert showing(app) == ["charts"]
        assert app.screen.query_one("#replay-tabs", TabBar).active == "charts"
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        assert screen.replay.index == 0  # the arrows moved the tabs, not the timeline
        for pane in ("log", "board", "deals", "charts"):
            await pilot.click("#replay-tabs", offset=(NAMES[pane], 0))
            await pilot.pause()
            assert showing(app) == [pane]
        # The number keys, as on the game screen, from wherever the focus is.
        screen.query_one("#timeline").focus()
        for key, pane in zip("3241", ("log", "deals", "charts", "board"), strict=True):
            await pilot.press(key)
            await pilot.pause()
            assert showing(app) == [pane], key
        assert screen.replay.index == 0


async def test_help_and_a_round_past_the_end(game: Path) -> None:
    app = make_replay_app(game)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _pilot.help_opens_and_closes(pilot, "Replaying a game")
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        await pilot.press("g", "9", "9", "enter")
        await pilot.pause()
        assert screen.replay.index == len(screen.replay) - 1
        last = screen.replay.state.round
        assert f"The game ended in round {last}" in screen_text(app)


async def test_a_small_terminal_keeps_the_board_readable(game: Path) -> None:
    """At 80x24 the timeline and the desks give up width, so the board between them still
    shows its ladder and its tracks on whole lines."""
    app = make_replay_app(game)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert any("10 ░░░░░░ war" in line for line in lines)
        assert any("NATO cohesion:" in line for line in lines)
        assert any("Board  Deals  Log  Charts" in line for line in lines)
        # The timeline's title and legend on one line, the wide one back when there is room.
        text = screen_text(app)
        assert "Timeline  ★ key  ✎ note" in text and "(★ key moment" not in text
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "Timeline (★ key moment, ✎ note)" in screen_text(app)


def tampered(folder: Path) -> Path:
    """The Syrian example with its first action's recorded digest changed, as a hand edit
    or another version's rules would leave it: it re-plays, into another game."""
    text = (SAVES / "syria-war.yaml").read_text(encoding="utf-8")
    changed = re.sub(r"digest: [0-9a-f]{12}\}", "digest: abcdefabcdef}", text, count=1)
    assert changed != text
    path = folder / "syria.yaml"
    path.write_text(changed, encoding="utf-8")
    return path


async def test_a_save_that_does_not_replay_as_recorded_says_so(tmp_path: Path) -> None:
    app = make_replay_app(tampered(tmp_path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        # The toast alone: right of its left edge, on the lines that have one.
        lines = _pilot.screen_text(app).splitlines()
        toast = _pilot.flat("\n".join(line.rsplit("▌", 1)[1] for line in lines if "▌" in line))
        assert "This save does not replay as recorded: diverged at" in toast
        assert "action 1 (round 1, agenda, us): the state after it differs" in toast


async def test_a_save_that_replays_as_recorded_opens_without_a_warning(tmp_path: Path) -> None:
    app = make_replay_app(SAVES / "syria-war.yaml")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        assert app.screen.replay.mismatch is None
        assert "does not replay as recorded" not in _pilot.flat(_pilot.screen_text(app))


async def test_every_key_in_the_footer_shows_at_80_columns(game: Path) -> None:
    app = make_replay_app(game)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = _pilot.screen_text(app).splitlines()[-1]
        for key in ("Next", "Back", "Next key moment", "Go to round", "Note", "Help", "q Quit"):
            assert key in footer, (key, footer)


async def test_the_tension_chart_counts_in_whole_numbers(game: Path) -> None:
    app = make_replay_app(game)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        text = _pilot.screen_text(app)
        assert re.search(r"\b10┤", text), "the war line's value is not on the axis"
        assert not re.search(r"\d\.\d┤", text), "a fractional tick on a whole-number track"
