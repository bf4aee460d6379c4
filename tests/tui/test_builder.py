"""The proposal builder as a person fills it in: secrecy follows the package, several
economic terms, a refusal that goes once the package changes, no trade without an economy."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Label, SelectionList, Static

from tests.conftest import DATA
from tests.tui._pilot import LARGE, MAX_PRESSES, flat, saved_position, screen_text
from wargame.core.actions import EconomicTerm, Propose, Term
from wargame.core.model import GameState
from wargame.tui.app import WargameApp, make_app
from wargame.tui.screens.dialogs import ProposalBuilder
from wargame.tui.text import concession


def west_negotiates(state: GameState) -> bool:
    return state.phase_id == "negotiation" and state.to_act == "west"


async def open_builder(pilot: Pilot[None]) -> ProposalBuilder:
    await pilot.pause()
    await pilot.press("p")
    await pilot.pause()
    builder = pilot.app.screen
    assert isinstance(builder, ProposalBuilder)
    return builder


def secret_rows(builder: ProposalBuilder) -> list[str]:
    secret = builder.query_one("#secret", SelectionList)
    return [str(secret.get_option_at_index(i).value) for i in range(secret.option_count)]


async def test_the_secret_list_holds_exactly_the_concessions_in_the_package(
    tmp_path: Path,
) -> None:
    app = saved_position(tmp_path / "g.yaml", west_negotiates)
    async with app.run_test(size=LARGE) as pilot:
        builder = await open_builder(pilot)
        first, second = (f"{issue}|{by}" for issue, by in builder.term_keys[:2])
        assert secret_rows(builder) == []
        label = builder.query_one("#secret-label", Label)
        assert "tick concessions above first" in str(label.render())
        await pilot.press("tab", "space", "down", "space")  # the first two concessions
        await pilot.pause()
        assert secret_rows(builder) == [first, second]
        await pilot.press("tab", "space")  # the first one secret
        await pilot.press("shift+tab", "up", "space")  # ...then dropped from the package
        await pilot.pause()
        assert secret_rows(builder) == [second]
        assert [(f"{t.issue}|{t.by}", t.secret) for t in builder.offer().terms] == [(second, False)]
        await pilot.press("space")  # back in: not secret, as no tick on it shows
        await pilot.pause()
        assert secret_rows(builder) == [first, second]
        assert all(not t.secret for t in builder.offer().terms)


async def test_a_package_may_carry_several_economic_terms(tmp_path: Path) -> None:
    app = saved_position(tmp_path / "g.yaml", west_negotiates)
    async with app.run_test(size=LARGE) as pilot:
        builder = await open_builder(pilot)
        session = app.session
        assert session is not None
        # To East; the first concession; past secrecy, form and framing to the economics:
        # West gives East 1, then three rows down, East gives West 1.
        await pilot.press("space", "tab", "space", "tab", "tab", "tab", "tab")
        assert builder.focused is builder.query_one("#economics")
        await pilot.press("space", "down", "down", "down", "space", "ctrl+s")
        await pilot.pause()
        (offer,) = [p for p in session.state.proposals if p.proposer == "west"]
        assert offer.economics == (
            EconomicTerm("west", "east", 1),
            EconomicTerm("east", "west", 1),
        )
        await pilot.press("2")  # the Proposals tab shows what changes hands, not terms alone
        await pilot.pause()
        panel = app.screen.query_one("#proposals-panel", Static)
        assert "West gives East 1 economy; East gives West 1 economy" in flat(str(panel.render()))


async def test_a_refusal_goes_once_the_package_changes(tmp_path: Path) -> None:
    app = saved_position(tmp_path / "g.yaml", west_negotiates)
    async with app.run_test(size=LARGE) as pilot:
        builder = await open_builder(pilot)
        error = builder.query_one("#builder-error", Static)
        await pilot.press("ctrl+s")  # nobody asked, nothing conceded
        await pilot.pause()
        assert isinstance(app.screen, ProposalBuilder)
        assert "Not possible" in str(error.render())
        await pilot.press("space")  # East asked
        await pilot.pause()
        assert str(error.render()).strip() == ""


def without_economy(folder: Path) -> Path:
    """The tiny scenario with no economy resource: nothing to trade."""
    shutil.copytree(DATA, folder, dirs_exist_ok=True)
    ruleset = folder / "rulesets" / "tiny.yaml"
    text = ruleset.read_text(encoding="utf-8")
    text = text.replace("  - {id: economy, name: Economy, min: 0, max: 10}\n", "")
    for n in (5, 3):
        text = text.replace(f", economy: {n}}}", "}")
    assert "economy" not in text
    ruleset.write_text(text, encoding="utf-8")
    return ruleset


async def test_no_economic_terms_are_offered_without_an_economy(tmp_path: Path) -> None:
    ruleset = without_economy(tmp_path / "content")
    app: WargameApp = make_app(
        scenario=str(ruleset),
        seats={"west": "human", "east": "random", "ally": "random"},
        seed=3,
        pace=0.0,
        save_path=tmp_path / "g.yaml",
    )
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        session = app.session
        assert session is not None
        for _ in range(MAX_PRESSES):
            if west_negotiates(session.state):
                break
            await pilot.press("x")
            await pilot.pause()
        builder = await open_builder(pilot)
        assert not builder.query("#economics")
        assert "economy" not in " ".join(str(w.render()) for w in builder.query(Label)).lower()


async def test_a_counter_keeps_a_transfer_between_two_other_parties(tmp_path: Path) -> None:
    app = saved_position(tmp_path / "g.yaml", west_negotiates)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        session = app.session
        assert session is not None
        # East's package to West and the Ally in which East pays the Ally: West's counter
        # begins from it, and must not lose what the Ally was to be paid.
        package = Propose(
            ("east", "ally"),
            (Term("drills", "east"),),
            economics=(EconomicTerm("east", "ally", 2), EconomicTerm("west", "east", 1)),
        )
        builder = ProposalBuilder(
            session.scenario,
            session.view("west"),
            lambda offer: None,
            fixed_addressee="east",
            start=package,
        )
        app.push_screen(builder)
        await pilot.pause()
        assert set(builder.offer().economics) == set(package.economics)
        economics = builder.query_one("#economics", SelectionList)
        labels = [str(economics.get_option_at_index(i).prompt) for i in range(3)]
        assert labels[0].startswith("West gives East")  # one's own transfers come first


async def test_only_ticked_rows_show_a_tick(tmp_path: Path) -> None:
    """Without colour too: an unticked row's box is empty, where Textual draws the same X
    for both and tells them apart by colour alone."""
    app = saved_position(tmp_path / "g.yaml", west_negotiates)
    async with app.run_test(size=LARGE) as pilot:
        builder = await open_builder(pilot)
        await pilot.press("tab", "space")  # the first concession
        await pilot.pause()
        first, second = (
            concession(builder.scenario, by, issue, short=True)
            for issue, by in builder.term_keys[:2]
        )
        text = " ".join(screen_text(app).split())  # boxes kept, which flat() drops
        assert f"▐X▌ {first}" in text
        assert f"▐ ▌ {second}" in text
