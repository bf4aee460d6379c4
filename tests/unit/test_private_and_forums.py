"""The private concession and its leak; forums, decision rules, stalling, forum-shopping."""

from __future__ import annotations

from tests.helpers import act, kinds, pass_until, score, start, with_rules
from wargame.core.actions import Accept, ForumShop, LinkIssues, Pass, Propose, Stall, Term
from wargame.core.engine import legal_actions, why_illegal
from wargame.core.model import Draft, GameState
from wargame.core.rules.negotiation import add_salience
from wargame.core.scenario import Scenario
from wargame.core.view import view_for

SECRET = Propose(("east",), (Term("door", "west", secret=True), Term("trade", "east")))


def secret_deal(scenario: Scenario) -> tuple[GameState, list]:
    """West moves the talks to the backchannel and trades a secret step for a public one."""
    state = pass_until(start(scenario), "agenda", "west")
    state, _ = act(state, ForumShop("pair"))
    state = pass_until(state, "negotiation", "west")
    state, _ = act(state, SECRET)
    return act(state, Accept(1))


def test_secret_terms_are_known_only_to_the_parties(tiny: Scenario) -> None:
    state, events = secret_deal(tiny)
    assert state.agreements[0].has_secret
    deal = [e for e in events if e.kind == "secret_deal"]
    assert len(deal) == 1 and deal[0].visible_to == ("west", "east")
    public = next(e for e in events if e.kind == "agreement")
    assert public.visible_to is None
    assert "Open door" not in public.text and "Trade" in public.text
    ally = view_for(state, "ally")
    assert all(t.issue != "door" for a in ally.agreements for t in a.terms)
    assert next(i for i in ally.issues if i.id == "door").status == "open"
    east = view_for(state, "east")
    assert any(t.issue == "door" and t.secret for t in east.agreements[0].terms)


def test_secret_value_is_scored_privately(tiny: Scenario) -> None:
    state, _ = secret_deal(tiny)
    assert state.delegation("east").secret_score == 6  # the open door, worth 6 to East
    assert state.delegation("west").secret_score == -3
    assert view_for(state, "ally").me.secret_score == 0


def test_a_leak_exposes_the_secret_part_at_a_price(tiny: Scenario) -> None:
    leaky = with_rules(tiny, leak_base=1.0)
    state, _ = secret_deal(leaky)
    credibility = state.resource("west", "credibility")
    cohesion = state.cohesion_of("bloc")
    tension = state.track("tension")
    ally_score = score(state, "ally")
    events: list = []
    while state.round == 1:
        state, new = act(state, Pass())
        events += new
    leak = [e for e in events if e.kind == "leak"]
    assert len(leak) == 1 and leak[0].visible_to is None
    assert state.agreements[0].leaked
    assert state.resource("west", "credibility") == credibility - 2
    assert state.cohesion_of("bloc") == cohesion - 2
    assert state.track("tension") >= tension + 1
    # The secret value is now public: moved from secret to public score.
    assert state.delegation("east").secret_score == 0
    assert score(state, "ally") - ally_score == -2  # the ally learns what West gave away
    ally = view_for(state, "ally")
    assert any(t.issue == "door" for t in ally.agreements[0].terms)


def test_outsiders_act_on_a_secretly_settled_issue_as_if_it_were_open(tiny: Scenario) -> None:
    # West and East settle the open door in secret; the deal does not leak.
    state, _ = secret_deal(with_rules(tiny, leak_base=0.0))
    assert state.issue("door").status == "agreed"
    state = pass_until(state, "agenda", "ally")
    link = LinkIssues("missiles", "door")
    # The Ally cannot tell the door is settled: it may link it, as its view suggests ...
    assert link in legal_actions(state)
    assert why_illegal(state, link) is None
    state, events = act(state, link)
    assert "linked" in kinds(events)
    assert state.issue("door").links == ("missiles",)
    assert state.issue("missiles").links == ("door",)
    # ... and bring it to the table, where the West's answer reveals no more than a refusal.
    state = pass_until(state, "agenda", "ally")
    state, _ = act(state, ForumShop("table"))
    state = pass_until(state, "negotiation", "ally")
    package = Propose(("west",), (Term("missiles", "west"), Term("door", "ally")))
    assert package in legal_actions(state)
    state, _ = act(state, package)
    state = pass_until(state, "negotiation", "west")
    state, events = act(state, Accept(state.proposals[0].id))
    assert "agreement" not in kinds(events)
    fell = [e for e in events if e.kind == "lapsed"]
    assert len(fell) == 1 and "can no longer be delivered" in fell[0].text
    assert "Open door" not in fell[0].text
    assert len(state.agreements) == 1


def test_the_parties_know_the_issue_is_settled(tiny: Scenario) -> None:
    state, _ = secret_deal(tiny)
    state = pass_until(state, "agenda", "west")
    assert LinkIssues("missiles", "door") not in legal_actions(state)
    assert "already settled" in (why_illegal(state, LinkIssues("missiles", "door")) or "")


def test_pressure_on_a_secretly_settled_issue_shows_and_is_scored_on_a_leak(
    tiny: Scenario,
) -> None:
    leaky = with_rules(tiny, leak_base=1.0)
    state, _ = secret_deal(leaky)
    draft = Draft(state)
    add_salience(draft, "door", 2, "ally")
    assert [e.kind for e in draft.events] == ["salience"]
    pressed = draft.freeze()
    assert pressed.issue("door").salience == 2
    assert next(i for i in view_for(pressed, "ally").issues if i.id == "door").salience == 2
    # The parties hold the issue's salience in secret until the deal leaks ...
    assert pressed.delegation("east").secret_score == state.delegation("east").secret_score + 2
    assert pressed.delegation("west").secret_score == state.delegation("west").secret_score + 2
    east = score(pressed, "east")
    while pressed.round == 1:
        pressed, _ = act(pressed, Pass())
    assert pressed.agreements[0].leaked
    # ... and the leak moves it, salience included, into their public score.
    assert pressed.delegation("east").secret_score == 0
    assert pressed.delegation("west").secret_score == 0
    assert score(pressed, "east") - east >= 6 + 2 - 2  # the door and its salience, less the leak


def test_a_pain_eased_in_secret_by_others_still_hurts_until_the_deal_leaks(
    tiny: Scenario,
) -> None:
    """East's pain point is West's missiles; West trades them away to the Ally in secret."""
    rules = with_rules(tiny, leak_base=0.0, pain_penalty=2)  # more than East's protraction pay
    state = pass_until(start(rules), "negotiation", "west")
    state, _ = act(
        state, Propose(("ally",), (Term("missiles", "west", secret=True), Term("door", "ally")))
    )
    state = pass_until(state, "negotiation", "ally")
    state, _ = act(state, Accept(1))
    assert state.issue("missiles").status == "agreed"
    events: list = []
    while state.round == 1:
        state, new = act(state, Pass())
        events += new
    upkeep = {e.actor: e.text for e in events if e.kind == "upkeep"}
    assert "unsettled pain points -2" in upkeep["east"]


def test_forum_shopping_moves_the_talks_and_costs_leverage(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "agenda", "west")
    leverage = state.resource("west", "leverage")
    state, events = act(state, ForumShop("council"))
    assert state.forum == "council"
    assert "forum_moved" in kinds(events)
    assert state.resource("west", "leverage") == leverage - 1
    assert "already there" in (why_illegal(state, ForumShop("council")) or "")


def test_decision_rules_decide_who_must_be_addressed(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "agenda", "west")
    state, _ = act(state, ForumShop("club"))  # consensus
    state = pass_until(state, "negotiation", "west")
    assert "consensus" in (why_illegal(state, Propose(("east",), (Term("drills", "east"),))) or "")
    everyone = Propose(("east", "ally"), (Term("drills", "east"),))
    assert why_illegal(state, everyone) is None

    state = pass_until(start(tiny), "agenda", "west")
    state, _ = act(state, ForumShop("council"))  # veto: west and east
    state = pass_until(state, "negotiation", "ally")
    assert "veto" in (why_illegal(state, Propose(("east",), (Term("drills", "east"),))) or "")
    assert why_illegal(state, Propose(("east", "west"), (Term("drills", "east"),))) is None

    state = pass_until(start(tiny), "agenda", "west")
    state, _ = act(state, ForumShop("pair"))  # bilateral, not binding
    state = pass_until(state, "negotiation", "west")
    assert "treaty" in (
        why_illegal(state, Propose(("east",), (Term("drills", "east"),), form="de_jure")) or ""
    )


def test_the_forum_weight_scales_an_agreement(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "agenda", "west")
    state, _ = act(state, ForumShop("council"))  # weight 2.0
    state = pass_until(state, "negotiation", "west")
    ally = score(state, "ally")
    state, _ = act(state, Propose(("east",), (Term("missiles", "west"),)))
    state, _ = act(state, Accept(1))
    assert score(state, "ally") - ally == round(-1 * 2.0)


def test_stalling_carries_a_proposal_into_the_next_round(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    state, _ = act(state, Propose(("east",), (Term("missiles", "west"),)))
    credibility = state.resource("east", "credibility")
    state, events = act(state, Stall(1))
    stalled = next(e for e in events if e.kind == "stalled")
    assert stalled.text.startswith("East stalls proposal #1, paying 1 credibility: ")
    assert state.resource("east", "credibility") == credibility - 1
    assert state.proposals[0].stalled_round == 1
    state = pass_until(state, "agenda")
    assert state.round == 2 and [p.id for p in state.proposals] == [1]
    # The open table allows one stall per proposal.
    state = pass_until(state, "negotiation", "east")
    assert "no more stalling" in (why_illegal(state, Stall(1)) or "")
    state, _ = act(state, Accept(1))
    assert state.issue("missiles").status == "agreed"


def test_moving_the_talks_clears_the_table(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    state, _ = act(state, Propose(("east",), (Term("missiles", "west"),)))
    state, _ = act(state, Stall(1))
    state = pass_until(state, "agenda", "west")
    state, events = act(state, ForumShop("club"))
    assert state.proposals == ()
    moved = next(e for e in events if e.kind == "forum_moved")
    assert moved.get("lapsed") == (1,)
    assert moved.text.startswith("West moves the talks from Open table to Club, paying 1 leverage.")
