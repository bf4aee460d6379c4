"""The log's sentences agree with a delegation's name: "European allies pass"."""

from __future__ import annotations

from tests.helpers import act, pass_until, start
from wargame.content.library import DEFAULT_SCENARIO, load_scenario
from wargame.core.actions import Accept, ConsultAllies, Pass, Propose, Term
from wargame.core.scenario import Scenario


def test_a_plural_delegation_takes_plural_verbs() -> None:
    scenario = load_scenario(DEFAULT_SCENARIO)
    europe = scenario.delegation("europe")
    assert europe.plural and not scenario.delegation("russia").plural
    state = pass_until(start(scenario), "agenda", "europe")
    state, events = act(state, ConsultAllies())
    assert f"{europe.name} consult their " in events[0].text
    state = pass_until(state, "negotiation", "europe")
    offer = Propose(("us", "russia"), (Term("eastern_flank_forces", "europe"),))
    _, events = act(state, offer)
    tabled = next(e for e in events if e.kind == "proposal")
    assert f"{europe.name} table proposal" in tabled.text
    assert f"{europe.name} concede Allied forces in Eastern Europe" in tabled.text
    state = pass_until(state, "actions", "europe")
    _, events = act(state, Pass())
    assert events[0].text == f"{europe.name} pass."


def test_a_singular_delegation_keeps_singular_verbs() -> None:
    scenario = load_scenario(DEFAULT_SCENARIO)
    state = pass_until(start(scenario), "agenda", "russia")
    _, events = act(state, Pass())
    assert events[0].text == "Russia passes."


def test_an_agreement_names_its_parties_once_and_marks_secret_terms_alike(tiny: Scenario) -> None:
    state = pass_until(start(tiny), "negotiation", "west")
    offer = Propose(("east",), (Term("missiles", "west", secret=True), Term("drills", "east")))
    state, events = act(state, offer)
    tabled = next(e for e in events if e.kind == "proposal" and e.visible_to == ("west", "east"))
    assert "West concedes Missiles (secret); East concedes Drills (to East;" in tabled.text
    state = pass_until(state, "negotiation", "east")
    _, events = act(state, Accept(1))
    agreement = next(e for e in events if e.kind == "agreement")
    assert agreement.text.endswith("between West, East: East concedes Drills (de facto, regional).")
