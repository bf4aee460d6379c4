"""Proposals, responses and agreements, played through the public engine API."""

from __future__ import annotations

import pytest

from tests.helpers import act, kinds, pass_until, score, start
from wargame.core.actions import Accept, Counter, EconomicTerm, Pass, Propose, Reject, Term
from wargame.core.engine import IllegalActionError, apply, legal_actions, why_illegal
from wargame.core.rules import negotiation, offers
from wargame.core.scenario import Scenario

PAIRED = Propose(("east",), (Term("missiles", "west"), Term("drills", "east")))


def test_paired_asymmetric_deal_changes_issues_scores_and_board(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    before = {d: score(state, d) for d in ("west", "east", "ally")}
    state, events = act(state, PAIRED)
    assert state.to_act == "east"
    assert [p.id for p in state.proposals] == [1]
    state, events = act(state, Accept(1))
    assert "agreement" in kinds(events)
    assert state.issue("missiles").status == "agreed"
    assert state.issue("drills").status == "agreed"
    # Values x weight (open table 1.0, de facto 1.0); parties add their framing preference.
    assert score(state, "west") - before["west"] == -2 + 4 + 1
    assert score(state, "east") - before["east"] == 5 - 2
    # A delegation outside the deal is still touched by what it settles.
    assert score(state, "ally") - before["ally"] == -1 + 3


def test_settling_every_core_issue_ends_the_game_in_settlement(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    state, _ = act(state, PAIRED)
    state, events = act(state, Accept(1))
    assert state.outcome is not None
    assert state.outcome.kind == "settlement"
    assert "game_over" in kinds(events)
    assert "west" in state.outcome.winners  # west wants settlement, east only stalemate
    assert "east" not in state.outcome.winners
    assert legal_actions(state) == []


def test_conceding_own_red_line_costs_standing_and_crossing_others_raises_tension(
    tiny: Scenario,
) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    tension = state.track("tension")
    standing = state.resource("east", "standing")
    state, _ = act(state, PAIRED)
    state, events = act(state, Accept(1))
    # East's red line is drills: it gave ground on it.
    assert state.resource("east", "standing") == standing - 3
    assert "red_line_conceded" in kinds(events)
    # Ally's red line is missiles, settled without it: crossed (+2), then the deal calms (-1).
    crossed = [e for e in events if e.kind == "red_line_crossed"]
    assert [e.get("delegation") for e in crossed] == ["ally"]
    assert state.track("tension") == tension + 2 - 1
    assert "missiles" in state.delegation("ally").revealed


def test_reject_removes_the_proposal(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    state, _ = act(state, PAIRED)
    state, events = act(state, Reject(1))
    assert state.proposals == ()
    assert "rejected" in kinds(events)
    assert state.issue("missiles").status == "open"


def test_counter_replaces_the_proposal_with_one_back_to_the_proposer(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    state, _ = act(state, PAIRED)
    counter = Counter(1, Propose(("west",), (Term("missiles", "west"),)))
    assert why_illegal(state, counter) is None
    assert any(isinstance(a, Counter) for a in legal_actions(state))
    state, events = act(state, counter)
    assert [(p.proposer, p.addressees) for p in state.proposals] == [("east", ("west",))]
    assert "counter" in kinds(events)


def test_unanswered_proposals_lapse_when_negotiation_ends(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    state, _ = act(state, PAIRED)
    events = []
    while state.phase_id == "negotiation":
        state, new = act(state, Pass())
        events += new
    assert state.proposals == ()
    assert "lapsed" in kinds(events)


def test_poison_pill_cannot_be_settled_de_jure(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    treaty = Propose(("east",), (Term("door", "west"),), form="de_jure")
    assert "poison pill" in (why_illegal(state, treaty) or "")
    with pytest.raises(IllegalActionError):
        apply(state, treaty)
    # De facto, the open door can be closed without saying so.
    assert why_illegal(state, Propose(("east",), (Term("door", "west"),))) is None


def test_de_jure_weighs_more(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    east = score(state, "east")
    state, _ = act(state, Propose(("east",), (Term("missiles", "west"),), form="de_jure"))
    state, _ = act(state, Accept(1))
    assert score(state, "east") - east == round(5 * 1.5)


def test_concessions_must_come_from_a_party_that_can_make_them(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    assert "cannot concede" in (
        why_illegal(state, Propose(("east",), (Term("missiles", "east"),))) or ""
    )
    assert "not a party" in (why_illegal(state, Propose(("east",), (Term("door", "ally"),))) or "")


def test_economic_terms_move_the_economy_and_pay_a_bonus(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    offer = Propose(
        ("east",), (Term("missiles", "west"),), economics=(EconomicTerm("east", "west", 2),)
    )
    west, east = score(state, "west"), score(state, "east")
    state, _ = act(state, offer)
    state, _ = act(state, Accept(1))
    assert state.resource("west", "economy") == 7
    assert state.resource("east", "economy") == 3
    bonus = tiny.rules.economics_bonus
    assert score(state, "west") - west == -2 + 1 + bonus  # value, regional framing, economics
    assert score(state, "east") - east == 5 + bonus


def test_one_pending_proposal_per_delegation(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    state, _ = act(state, PAIRED)
    again = Propose(("ally",), (Term("door", "ally"),))
    assert "already have a proposal" in (negotiation.offer_error(state, "west", again) or "")
    assert offers.generate_offers(state, "west") == []
    # West has nothing left to decide this negotiation, so its turn is passed for it.
    state, _ = act(state, Pass())  # east
    state, _ = act(state, Pass())  # ally
    assert state.phase_id == "actions"


def test_the_menu_offers_every_kind_of_package(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    offers = [a for a in legal_actions(state) if isinstance(a, Propose)]
    assert any(o.form == "de_jure" for o in offers)
    assert any(o.framing == "global" for o in offers)
    assert any(any(t.secret for t in o.terms) for o in offers)
    assert any(o.economics for o in offers)
    assert any(len(o.terms) == 2 for o in offers)
    for offer in offers:
        assert why_illegal(state, offer) is None
