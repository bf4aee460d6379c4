"""Play as a person would: key presses only, one person at the keyboard, bots in the other seats.

Each press waits for the app to go idle, so these stay short; the engine's own tests play
the long games.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Select, SelectionList

from tests.tui._pilot import (
    LARGE,
    MAX_PRESSES,
    SMALL,
    TINY,
    assert_on_screen,
    ensure_alive,
    flat,
    help_opens_and_closes,
    saved_position,
    screen_text,
    status_line,
    take_turn,
    tiny_app,
)
from wargame.content.library import DEFAULT_SCENARIO
from wargame.core.actions import Accept, Action, Counter, Propose, Term
from wargame.core.engine import legal_actions
from wargame.core.events import Event
from wargame.core.model import GameState
from wargame.session import HUMAN, Session
from wargame.tui.app import make_app
from wargame.tui.screens.dialogs import HandOverScreen, ProposalBuilder
from wargame.tui.screens.end import EndScreen
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.setup import SetupScreen
from wargame.tui.widgets import StatusBar


async def test_the_end_screen_says_why_and_keeps_its_buttons_in_sight(tmp_path: Path) -> None:
    """All bots, seed 4: the crisis goes undefused in round 2 and nobody wins."""
    app = make_app(scenario=str(TINY), seats={}, seed=4, pace=0.0, save_path=tmp_path / "g.yaml")
    async with app.run_test(size=SMALL) as pilot:
        for _ in range(MAX_PRESSES):
            if isinstance(app.screen, EndScreen):
                break
            await pilot.pause(0.05)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EndScreen)
        text = flat(screen_text(app))
        assert "Crisis in round 2: the crisis was not defused in time. Winners: nobody" in text
        # Each loser's row says what it lacked: an outcome it wins with, or the score.
        assert re.search(r"West bot: random -?\d+ needed settlement or stalemate", text)
        assert re.search(r"East bot: random -?\d+ needed stalemate", text)
        for button in screen.query(Button):
            assert button.region.bottom <= SMALL[1] - 1, f"{button.label} is below the fold"


async def test_whole_game_by_keys(tmp_path: Path) -> None:
    save = tmp_path / "g.yaml"
    app = tiny_app(save)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        presses = 0
        while not isinstance(app.screen, EndScreen):
            assert presses < MAX_PRESSES, "the game did not end"
            await take_turn(pilot)
            presses += 1
        session = app.session
        assert session is not None
        outcome = session.state.outcome
        assert outcome is not None
        assert presses >= 4 * 3, "four rounds need at least agenda, negotiation, actions each"
        assert sum(isinstance(s, EndScreen) for s in app.screen_stack) == 1
        text = screen_text(app)
        assert f"{outcome.kind.capitalize()} in round {outcome.round}: {outcome.reason}." in flat(
            text
        )
        assert "Final scores" in text
        names = {"west": "West", "east": "East", "ally": "Ally"}
        for delegation, score in outcome.scores:
            row = re.compile(rf"\b{names[delegation]}\b.*\s{score}\s")
            assert any(row.search(line) for line in text.splitlines()), (delegation, score)
        # Who played each seat, in the setup screen's words; the save's path on its own line.
        assert re.search(r"\bWest\b\W+a person\b", text)
        assert re.search(r"\bEast\b\W+bot: random\b", text)
        assert any(line.strip() == str(save) for line in text.splitlines())
    saved = save.read_text(encoding="utf-8")
    assert re.search(r"^result:", saved, re.MULTILINE)


async def reach_negotiation(pilot: Pilot[None]) -> None:
    """Pass until West is to move in the negotiation phase."""
    session = pilot.app.session  # type: ignore[attr-defined]
    for _ in range(10):
        if session.state.phase_id == "negotiation" and session.to_act == "west":
            return
        await pilot.press("x")
        await pilot.pause()
    raise AssertionError("never reached West's turn in the negotiation phase")


def record_tables(session: Session) -> list[GameState]:
    """The state after each move West makes (the bots answer at once, at instant pace)."""
    after_west: list[GameState] = []
    act = session.act

    def recording(action: Action) -> list[Event]:
        west = session.to_act == "west"
        events = act(action)
        if west:
            after_west.append(session.state)
        return events

    session.act = recording  # type: ignore[method-assign]
    return after_west


async def test_propose_through_the_builder_by_keys(tmp_path: Path) -> None:
    app = tiny_app(tmp_path / "g.yaml")
    async with app.run_test(size=LARGE, notifications=True) as pilot:
        await pilot.pause()
        await reach_negotiation(pilot)
        assert app.session is not None
        after_west = record_tables(app.session)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProposalBuilder)
        # To: East (the first at the table, the list the builder opens on); concession:
        # West concedes Missiles (the first).
        await pilot.press("space", "tab", "space")
        await pilot.pause()
        assert app.screen.query_one("#to", SelectionList).selected == ["east"]
        assert app.screen.query_one("#terms", SelectionList).selected == ["missiles|west"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert len(after_west) == 1, "West's proposal was not tabled"
        tabled = [p for p in after_west[0].proposals if p.proposer == "west"]
        assert len(tabled) == 1
        assert tabled[0].addressees == ("east",)
        assert tabled[0].terms == (Term("missiles", "west", False),)
        assert any(e.kind == "proposal" and e.actor == "west" for e in app.session.events)


@pytest.mark.parametrize(
    ("forum", "seed", "asked"),
    [
        ("club", 1, ["east", "ally"]),
        ("pair", 2, ["east"]),
        ("council", 1, ["east"]),
        ("table", 3, []),
    ],
)
async def test_the_builder_ticks_whom_the_forum_rule_requires(
    tmp_path: Path, forum: str, seed: int, asked: list[str]
) -> None:
    """Consensus asks every member, a two-seat bilateral the other, a veto forum its holders:
    the first ctrl+s failed for want of addressees the rule left no choice about."""

    def proposing_in(state: GameState) -> bool:
        return (
            state.outcome is None
            and state.phase_id == "negotiation"
            and state.to_act == "west"
            and state.forum == forum
            and any(isinstance(a, Propose) for a in legal_actions(state))
        )

    app = saved_position(tmp_path / "g.yaml", proposing_in, seed=seed)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        if isinstance(app.screen, HandOverScreen):
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProposalBuilder)
        assert app.screen.query_one("#to", SelectionList).selected == asked


async def test_p_with_a_proposal_on_the_table_says_so_without_a_form(tmp_path: Path) -> None:
    """The builder opened, and only its last check said one proposal at a time."""
    app = tiny_app(tmp_path / "g.yaml")
    async with app.run_test(size=LARGE, notifications=True) as pilot:
        await pilot.pause()
        await reach_negotiation(pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("space", "tab", "space", "ctrl+s")
        await pilot.pause()
        session = app.session
        assert session is not None
        mine = [p.id for p in session.state.proposals if p.proposer == "west"]
        assert mine and session.to_act == "west" and session.state.phase_id == "negotiation"
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert f"Your proposal #{mine[0]} is on the table" in flat(screen_text(app))


async def test_an_illegal_package_keeps_the_builder_open(tmp_path: Path) -> None:
    app = tiny_app(tmp_path / "g.yaml")
    async with app.run_test(size=LARGE, notifications=True) as pilot:
        await pilot.pause()
        await reach_negotiation(pilot)
        before = app.session.state
        await pilot.press("p")
        await pilot.pause()
        # An addressee but no terms at all.
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProposalBuilder)
        text = flat(screen_text(app))
        assert "Not possible" in text
        assert "a proposal needs at least one term" in text
        assert app.session.state == before
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert app.session.state == before


async def test_help_and_the_command_palette(tmp_path: Path) -> None:
    app = tiny_app(tmp_path / "g.yaml")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await help_opens_and_closes(pilot, "How to play")
        assert isinstance(app.screen, GameScreen)

        await reach_negotiation(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert "Propose a package" in screen_text(app)
        await pilot.press(*"propose")
        await pilot.pause(0.2)
        assert "Propose a package" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProposalBuilder)


async def test_bot_pace_keys_change_the_status_bar(tmp_path: Path) -> None:
    app = tiny_app(tmp_path / "g.yaml")
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        assert "bots instant" in status_line(app)
        await pilot.press("left_square_bracket")
        assert "bots 0.1s" in status_line(app)
        await pilot.press("left_square_bracket")
        assert "bots 0.3s" in status_line(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert "bots instant" in status_line(app)
        await pilot.press("right_square_bracket")  # already the fastest
        assert "bots instant" in status_line(app)


async def test_clock_is_visible_at_80_columns(tmp_path: Path) -> None:
    app = tiny_app(tmp_path / "g.yaml")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await reach_negotiation(pilot)
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen) and screen.clock_running
        # 5:00, or a second or two less on a busy machine.
        shown = re.search(r"Clock (\d:\d\d)", str(screen.query_one(StatusBar).render()))
        assert shown and shown.group(1) in ("5:00", "4:59", "4:58"), shown
        assert_on_screen(status_line(app), f"Clock {shown.group(1)[0]}:")


async def test_time_up_closes_an_open_proposal_builder(tmp_path: Path) -> None:
    app = tiny_app(tmp_path / "g.yaml")
    async with app.run_test(size=LARGE, notifications=True) as pilot:
        await pilot.pause()
        await reach_negotiation(pilot)
        await pilot.press("t")
        screen = app.screen
        assert isinstance(screen, GameScreen) and screen.clock_running
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProposalBuilder)
        screen.clock_left = 1  # the last second of the five minutes
        for _ in range(30):
            if not isinstance(app.screen, ProposalBuilder):
                break
            await pilot.pause(0.1)
        await pilot.pause()
        assert app.screen is screen, "the builder stayed open over a closed negotiation"
        assert screen.session.state.phase_id != "negotiation"
        assert "Time is up: the negotiation phase closes." in flat(screen_text(app))
        # Until the next negotiation, the clock shows its time, not the 0:00 it ran out at.
        assert "Clock 5:00" in status_line(app)


async def test_setup_screen_starts_a_game() -> None:
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        ensure_alive(app)
        assert isinstance(app.screen, SetupScreen)
        assert "Start the game" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        ensure_alive(app)
        assert isinstance(app.screen, GameScreen)
        assert app.session is not None
        assert app.session.state.round == 1


async def test_setup_screen_keys_and_notices_belong_to_it() -> None:
    """With no game to continue the footer offers none; its help tells this screen's keys,
    not the game's; a notice about the form does not follow the person into the game."""
    app = make_app()
    async with app.run_test(size=LARGE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "Start" in footer and "Continue" not in footer
        await pilot.press("question_mark")
        await pilot.pause()
        app.screen.query_one("#help").scroll_end(animate=False)  # the keys close the page
        await pilot.pause()
        help_text = flat(screen_text(app))
        assert "ctrl+s start the game" in help_text and "This screen" in help_text
        assert "build a proposal" not in help_text
        await pilot.press("escape")
        seed = app.screen.query_one("#seed", Input)
        seed.value = "-"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert "The seed is a whole number." in flat(screen_text(app))
        seed.value = "12"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        assert "The seed is a whole number." not in flat(screen_text(app))


async def test_setup_screen_shows_every_seat_at_80_columns() -> None:
    """Tabbing through the whole setup screen, a person sees each seat and who sits in it."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        ensure_alive(app)
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        delegations = screen.rulesets[DEFAULT_SCENARIO]["delegations"]

        def seats() -> str:
            """The names left of the seats' selects (a long one wraps), then who sits there."""
            rows = [line.split("▊") for line in screen_text(app).splitlines() if "▊" in line]
            names = " ".join(row[0].strip() for row in rows if row[0].strip())
            return flat(names) + " | " + flat(" ".join(row[1] for row in rows))

        seen = seats()
        for _ in range(len(delegations) + 4):  # every widget that takes focus, once round
            await pilot.press("tab")
            seen += seats()
        ensure_alive(app)
        for d in delegations:
            assert flat(d["name"]) in seen, d["name"]  # whole, not cut short
        assert len(re.findall(r"person \(hot-seat\)|bot: \S+", seats())) >= 2


async def test_a_counter_begins_from_the_offer_it_answers(tmp_path: Path) -> None:
    """The builder opens on the countered package (its proposer fixed as an addressee), so a
    counter changes what it changes instead of rebuilding the offer from memory."""

    def offered_to_west(state: GameState) -> bool:
        return state.phase_id == "negotiation" and any(
            state.to_act == "west" and "west" in p.addressees and p.stalled_round != state.round
            for p in state.proposals
        )

    app = saved_position(tmp_path / "g.yaml", offered_to_west)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        screen = app.screen
        if isinstance(screen, HandOverScreen):
            await pilot.press("enter")
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen)
        at = next(i for i, (label, _) in enumerate(screen.menu) if label.startswith("Counter"))
        pid = screen.menu[at][1]
        original = next(p for p in screen.session.state.proposals if p.id == pid)
        moves = screen.query_one("#actions", OptionList)
        moves.focus()
        moves.highlighted = at
        await pilot.press("enter")
        await pilot.pause()
        builder = app.screen
        assert isinstance(builder, ProposalBuilder)
        asked = builder.query_one("#to", SelectionList)
        assert original.proposer in asked.selected
        fixed = asked.get_option_at_index(builder.members.index(original.proposer))
        assert fixed.disabled  # it must be asked
        terms = builder.query_one("#terms", SelectionList).selected
        assert sorted(terms) == sorted(f"{t.issue}|{t.by}" for t in original.terms)
        assert f"{screen.scenario.forum_by_id[screen.session.state.forum].name} decides " in flat(
            screen_text(app)
        )
        await pilot.press("ctrl+s")  # tabled unchanged, it would be a copy of the proposal
        await pilot.pause()
        assert app.screen is builder
        assert f"that is proposal #{pid} unchanged" in flat(screen_text(app))


async def test_every_proposal_one_may_answer_may_be_countered(tmp_path: Path) -> None:
    """The engine lists plain swaps as counters; a person may counter with any package, so
    each proposal one may accept gets a counter entry, listed swaps or not."""

    def offer_without_a_swap(state: GameState) -> bool:
        if state.outcome is not None or state.phase_id != "negotiation" or state.to_act != "west":
            return False
        legal = legal_actions(state)
        answerable = {a.proposal for a in legal if isinstance(a, Accept)}
        swapped = {a.proposal for a in legal if isinstance(a, Counter)}
        return any(isinstance(a, Propose) for a in legal) and bool(answerable - swapped)

    app = saved_position(tmp_path / "g.yaml", offer_without_a_swap)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        if isinstance(app.screen, HandOverScreen):
            await pilot.press("enter")
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen)
        answerable = [a.proposal for a in screen.session.legal() if isinstance(a, Accept)]
        listed = {a.proposal for a in screen.session.legal() if isinstance(a, Counter)}
        assert set(answerable) - listed, "every proposal has a swap listed"
        countered = [v for label, v in screen.menu if label.startswith("Counter proposal")]
        assert countered == answerable


async def test_the_status_counts_the_laps_and_the_last_move_is_flagged(tmp_path: Path) -> None:
    """The tiny scenario's negotiation goes round the table twice; an offer tabled with the
    phase's very last move can only lapse, and the player is told so."""

    def last_move(state: GameState) -> bool:  # the Ally sits last at the table
        return (
            state.phase_id == "negotiation"
            and state.lap == 1
            and state.turn == len(state.order) - 1
            and state.to_act == "ally"
        )

    app = saved_position(tmp_path / "g.yaml", last_move, seed=1, west="random", ally=HUMAN)
    async with app.run_test(size=LARGE, notifications=True) as pilot:
        await pilot.pause()
        if isinstance(app.screen, HandOverScreen):
            await pilot.press("enter")
            await pilot.pause()
        assert "Negotiation, lap 2/2" in status_line(app)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProposalBuilder)
        assert "nobody can answer a proposal tabled now" in flat(screen_text(app))


async def test_the_highlight_keeps_its_place_after_a_move(tmp_path: Path) -> None:
    """After a move the list of moves is rebuilt: the highlight stays on the same move if it
    is still there, else goes to the top, never onto another move at the same place."""
    app = tiny_app(tmp_path / "g.yaml")
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen)
        moves = screen.query_one("#actions", OptionList)

        def highlighted() -> str:
            assert moves.highlighted is not None
            return screen.menu[moves.highlighted][0]

        assert app.session is not None and app.session.state.phase_id == "agenda"
        while highlighted() != "Consult allies":  # far down the agenda phase's list
            await pilot.press("down")
        at = moves.highlighted
        await pilot.press("enter")
        await pilot.pause()
        # Consulting is no move in the negotiation: the top of its list.
        assert app.session.state.phase_id == "negotiation"
        assert at is not None and moves.highlighted == 0
        while highlighted() != "Pass (x)":
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        # The second lap adds moves on the proposals tabled since; Pass is still there.
        assert app.session.state.lap == 1
        assert highlighted() == "Pass (x)"
        assert screen.menu[0][0] != "Pass (x)"


async def test_setup_screen_says_what_each_seat_s_player_does() -> None:
    """Under each seat, a line on who plays it; choosing another bot changes the line."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        ensure_alive(app)
        assert isinstance(app.screen, SetupScreen)
        for _ in range(10):  # to Russia's seat, as a person would
            await pilot.press("tab")
            if app.focused is not None and app.focused.id == "seat-russia":
                break
        text = screen_text(app)
        assert_on_screen(text, 'Protractor: "A successful negotiation is one that never ends."')
        assert_on_screen(text, "A person plays this seat at this keyboard.")
        # Open the list of players, up past the hardliner to the dealmaker, and take it.
        await pilot.press("enter", "up", "up", "enter")
        await pilot.pause()
        assert app.screen.query_one("#seat-russia", Select).value == "dealmaker"
        text = screen_text(app)
        assert_on_screen(text, "Dealmaker: Crises are windows for deals.")
        assert "never ends" not in flat(text)
        assert ".txt" not in text  # the sources a personality cites are for its authors
