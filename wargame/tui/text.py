"""Words for the screen: actions, terms and outcomes in the scenario's own names."""

from __future__ import annotations

from wargame.core.actions import (
    Accept,
    Action,
    ConsultAllies,
    Counter,
    DeclareRedLine,
    ForumShop,
    LinkIssues,
    Pass,
    PlayCard,
    Propose,
    Reject,
    Stall,
)
from wargame.core.scenario import Scenario

OUTCOME_TEXT = {
    "settlement": "Settlement: every core issue is settled",
    "stalemate": "Stalemate: the talks ran out the clock",
    "crisis": "Crisis: the talks collapsed",
    "war": "War",
}


def name(scenario: Scenario, ident: str | None) -> str:
    if ident is None:
        return "—"
    if ident in scenario.delegation_index:
        return scenario.delegation(ident).name
    if ident in scenario.issue_index:
        return scenario.issue(ident).name
    if ident in scenario.forum_by_id:
        return scenario.forum_by_id[ident].name
    if ident in scenario.cards:
        return scenario.cards[ident].name
    return ident


def offer_text(scenario: Scenario, offer: Propose) -> str:
    terms = "; ".join(
        f"{name(scenario, t.by)} concedes {name(scenario, t.issue)}"
        + (" (secret)" if t.secret else "")
        for t in offer.terms
    )
    econ = "".join(
        f"; {name(scenario, e.giver)} gives {name(scenario, e.receiver)} {e.amount} economy"
        for e in offer.economics
    )
    to = ", ".join(name(scenario, a) for a in offer.addressees)
    form = "de jure" if offer.form == "de_jure" else "de facto"
    return f"to {to}: {terms or 'no public terms'}{econ} [{form}, {offer.framing}]"


def action_text(scenario: Scenario, action: Action) -> str:
    match action:
        case Pass():
            return "Pass"
        case PlayCard(card=card, target=target):
            on = f" → {name(scenario, target)}" if target else ""
            return f"Play {name(scenario, card)}{on}"
        case Propose():
            return "Propose " + offer_text(scenario, action)
        case Accept(proposal=pid):
            return f"Accept proposal #{pid}"
        case Reject(proposal=pid):
            return f"Reject proposal #{pid}"
        case Counter(proposal=pid, offer=offer):
            return f"Counter #{pid}: " + offer_text(scenario, offer)
        case Stall(proposal=pid):
            return f"Stall proposal #{pid}"
        case ForumShop(forum=forum):
            return f"Move the talks to {name(scenario, forum)}"
        case LinkIssues(first=a, second=b):
            return f"Link {name(scenario, a)} + {name(scenario, b)}"
        case DeclareRedLine(issue=issue):
            return f"Declare a red line: {name(scenario, issue)}"
        case ConsultAllies():
            return "Consult allies"
    return repr(action)  # pragma: no cover
