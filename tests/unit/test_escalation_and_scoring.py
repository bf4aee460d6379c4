"""Ankle-kicks, signals, red lines, miscalculation, crisis and war; alliances; scoring."""

from __future__ import annotations

from tests.helpers import act, kinds, pass_until, score, set_hand, set_track, start, with_rules
from wargame.core.actions import (
    Accept,
    ConsultAllies,
    DeclareRedLine,
    LinkIssues,
    Pass,
    PlayCard,
    Propose,
    Stall,
    Term,
)
from wargame.core.engine import legal_actions, why_illegal
from wargame.core.model import GameState
from wargame.core.scenario import Scenario
from wargame.core.view import view_for


def to_actions(scenario: Scenario, hand: tuple[str, ...], tension: int | None = None) -> GameState:
    state = pass_until(start(scenario), "actions", "west")
    state = set_hand(state, "west", hand)
    if tension is not None:
        state = set_track(state, "tension", tension)
    return state


def pass_round(state: GameState) -> tuple[GameState, list]:
    events: list = []
    start_round = state.round
    while state.outcome is None and state.round == start_round:
        state, new = act(state, Pass())
        events += new
    return state, events


def test_ankle_kick_costs_the_target_a_little_and_raises_tension(tiny: Scenario) -> None:
    state = to_actions(tiny, ("kick",))
    assert PlayCard("kick", "east") in legal_actions(state)
    assert PlayCard("kick", "west") not in legal_actions(state)
    standing = state.resource("east", "standing")
    tension = state.track("tension")
    leverage = state.resource("west", "leverage")
    state, events = act(state, PlayCard("kick", "east"))
    assert state.resource("east", "standing") == standing - 1
    assert state.track("tension") == tension + 1
    assert state.resource("west", "leverage") == leverage - 1  # its cost
    assert "kick" in state.discard and "kick" not in state.delegation("west").hand
    played = next(e for e in events if e.kind == "card_played")
    assert played.text == "West plays Ankle-kick on East, paying 1 leverage."  # in the log


def test_sabre_rattling_to_the_top_of_the_ladder_is_war(tiny: Scenario) -> None:
    state = to_actions(tiny, ("rattle",), tension=9)
    state, events = act(state, PlayCard("rattle"))
    assert state.outcome is not None and state.outcome.kind == "war"
    assert state.outcome.winners == ()
    assert "war" in kinds(events)


def test_a_crisis_not_defused_by_the_next_resolution_collapses_the_talks(tiny: Scenario) -> None:
    state = to_actions(tiny, ("kick",), tension=7)
    state, events = pass_round(state)
    assert "crisis_began" in kinds(events)
    assert state.in_crisis and state.outcome is None
    state, events = pass_round(state)
    assert state.outcome is not None and state.outcome.kind == "crisis"


def test_a_crisis_defused_in_time_eases(tiny: Scenario) -> None:
    state = to_actions(tiny, ("hotline",), tension=7)
    state, _ = pass_round(state)
    assert state.in_crisis
    state = pass_until(state, "actions", "west")
    state = set_hand(state, "west", ("hotline",))
    state, _ = act(state, PlayCard("hotline"))  # tension 7 -> 6
    state, events = pass_round(state)
    assert "crisis_eased" in kinds(events)
    assert not state.in_crisis and state.outcome is None


def test_deals_struck_in_a_crisis_weigh_more(tiny: Scenario) -> None:
    state = to_actions(tiny, ("kick",), tension=7)
    state, _ = pass_round(state)
    state = pass_until(state, "negotiation", "west")
    assert state.in_crisis
    east = score(state, "east")
    state, _ = act(state, Propose(("east",), (Term("missiles", "west"),)))
    state, _ = act(state, Accept(1))
    assert score(state, "east") - east == round(5 * (1 + tiny.rules.crisis_weight_bonus))


def test_miscalculation_grows_with_tension_and_shrinks_with_open_channels(tiny: Scenario) -> None:
    from wargame.core.model import Draft
    from wargame.core.rules.escalation import miscalculation_chance

    rules = with_rules(tiny, miscalc_base=0.05, miscalc_per_tension=0.03, miscalc_per_channel=-0.04)
    state = start(rules)
    low = miscalculation_chance(Draft(set_track(state, "tension", 2)))
    high = miscalculation_chance(Draft(set_track(state, "tension", 8)))
    calm = miscalculation_chance(Draft(set_track(set_track(state, "tension", 8), "channels", 3)))
    assert low < high
    assert calm < high
    assert high == 0.05 + 0.03 * 8 - 0.04 * 1


def test_a_certain_miscalculation_raises_tension_at_resolution(tiny: Scenario) -> None:
    state = to_actions(with_rules(tiny, miscalc_base=1.0), ("kick",))
    tension = state.track("tension")
    state, events = pass_round(state)
    assert "miscalculation" in kinds(events)
    assert state.track("tension") == tension + 2


def test_declaring_a_red_line_reveals_it_to_everyone(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "agenda", "west")
    assert "door" not in view_for(state, "east").delegations[0].revealed_red_lines
    credibility = state.resource("west", "credibility")
    state, events = act(state, DeclareRedLine("door"))
    assert "red_line_declared" in kinds(events)
    assert "door" in view_for(state, "east").delegations[0].revealed_red_lines
    assert state.resource("west", "credibility") == credibility + 1
    assert "not one of your red lines" in (why_illegal(state, DeclareRedLine("missiles")) or "")


def test_acting_alone_costs_cohesion_and_consulting_spares_it(tiny: Scenario) -> None:
    alone = pass_until(start(tiny), "negotiation", "west")
    cohesion = alone.cohesion_of("bloc")
    alone, _ = act(alone, Propose(("east",), (Term("missiles", "west"),)))
    alone, events = act(alone, Accept(1))
    assert "acted_alone" in kinds(events)
    assert alone.cohesion_of("bloc") == cohesion - 1

    state = pass_until(start(tiny), "agenda", "west")
    state, events = act(state, ConsultAllies())
    assert "allies_consulted" in kinds(events)
    assert state.cohesion_of("bloc") == cohesion + 1
    state = pass_until(state, "negotiation", "west")
    state, _ = act(state, Propose(("east",), (Term("missiles", "west"),)))
    state, events = act(state, Accept(1))
    assert "acted_alone" not in kinds(events)
    assert state.cohesion_of("bloc") == cohesion + 1


def test_linking_issues_binds_them_together_and_pays_the_protractor(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "agenda", "east")
    before = score(state, "east")
    state, events = act(state, LinkIssues("missiles", "door"))
    linked = next(e for e in events if e.kind == "linked")
    assert linked.text.startswith("East links Missiles with Open door, paying 1 leverage: ")
    assert score(state, "east") == before + 1  # per_link
    assert state.delegation("east").links_made == 1
    state = pass_until(state, "negotiation", "west")
    assert "linked" in (why_illegal(state, Propose(("east",), (Term("missiles", "west"),))) or "")
    both = Propose(("east",), (Term("missiles", "west"), Term("door", "west")))
    assert why_illegal(state, both) is None


def test_upkeep_charges_tension_and_pain_and_pays_protraction(tiny: Scenario) -> None:
    state = to_actions(tiny, ("kick",), tension=5)
    west, east, ally = (score(state, d) for d in ("west", "east", "ally"))
    state, events = pass_round(state)
    # West: tension 5 over tolerance 3 (-2), drills unsettled (-1).
    assert score(state, "west") - west == -3
    # East: under its tolerance; missiles unsettled (-1); talks drag on (+1).
    assert score(state, "east") - east == 0
    # Ally: one over tolerance 4 (-1).
    assert score(state, "ally") - ally == -1
    upkeep = [e for e in events if e.kind == "upkeep"]
    assert all(e.visible_to == (e.actor,) for e in upkeep)  # causes are private


def test_the_round_limit_ends_in_stalemate_and_the_protractor_wins(tiny: Scenario) -> None:
    state = start(tiny)
    while state.outcome is None:
        state, _ = act(state, Pass())
    assert state.outcome.kind == "stalemate"
    assert state.outcome.round == tiny.rules.max_rounds
    assert state.outcome.winners == ("east",)


def test_an_inject_is_drawn_every_round_and_the_event_deck_reshuffles(tiny: Scenario) -> None:
    from wargame.core.engine import start_game

    state, events = start_game(tiny, 3)
    drawn = [e for e in events if e.kind == "event"]
    while state.outcome is None:
        state, new = act(state, Pass())
        drawn += [e for e in new if e.kind == "event"]
    assert len(drawn) == tiny.rules.max_rounds  # 4 rounds, a deck of 3: reshuffled once
    assert sorted(state.event_deck + state.event_discard) == sorted(tiny.event_deck)


def test_a_link_made_after_a_package_was_tabled_binds_it_too(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    state, _ = act(state, Propose(("east",), (Term("missiles", "west"),)))
    state, _ = act(state, Stall(1))  # east puts it off to the next round
    state = pass_until(state, "agenda", "east")
    state, _ = act(state, LinkIssues("missiles", "door"))
    state = pass_until(state, "negotiation", "east")
    assert [p.id for p in state.proposals] == [1]
    state, events = act(state, Accept(1))
    fell = [e for e in events if e.kind == "lapsed"]
    assert [e.text for e in fell] == [
        "Proposal #1 falls through: Missiles is now linked to Open door, "
        "and both must be settled together."
    ]
    assert "agreement" not in kinds(events)
    assert state.issue("missiles").status == "open"
    assert state.proposals == ()
