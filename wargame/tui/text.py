"""Words for the screen: actions, terms and outcomes in the scenario's own names."""

from __future__ import annotations

from collections.abc import Mapping

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


def _costing(scenario: Scenario, cost: Mapping[str, int]) -> str:
    """A move's price after its name, as a card's is shown: ' (1 leverage)', or nothing."""
    described = scenario.describe_cost(cost)
    return f" ({described})" if described else ""


def cost_text(scenario: Scenario, cost: Mapping[str, int]) -> str:
    """What a card costs to play, in the scenario's resource names: '1 leverage' or 'free'."""
    return scenario.describe_cost(cost) or "free"


def victory_text(scenario: Scenario, delegation: str) -> str:
    """A delegation's victory conditions in a sentence or two."""
    d = scenario.delegation(delegation)
    v = d.victory
    text = f"{' or '.join(v.outcomes)} with a final score of {v.min_score} or more."
    pay = []
    if v.per_round_unresolved:
        pay.append(f"{v.per_round_unresolved:+d} a round while a core issue is open")
    if v.per_link:
        pay.append(f"{v.per_link:+d} a link you make")
    if pay:
        text += " You score " + ", ".join(pay) + "."
    counts = [
        f"{scenario.resources[scenario.resource_index[r]].name.lower()} ×{w}"
        for r, w in v.resource_weights.items()
    ]
    if d.alliance is not None:
        alliance = scenario.alliances[scenario.alliance_index[d.alliance]]
        if alliance.score_weight:
            counts.append(f"change in {alliance.name} cohesion ×{alliance.score_weight}")
    if counts:
        text += " It counts " + ", ".join(counts) + "."
    return text


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


def concession(scenario: Scenario, by: str, issue: str, short: bool = False) -> str:
    """A term in words, the verb agreeing with the name: 'Ukraine concedes Gas deal'."""
    who = short_name(scenario, by) if short else name(scenario, by)
    return f"{who} {_agree(scenario, by, 'concedes', 'concede')} {name(scenario, issue)}"


def transfer(
    scenario: Scenario, giver: str, receiver: str, amount: int, unit: str, short: bool = False
) -> str:
    """Economy changing hands: 'Russia gives Ukraine 2 economy'."""
    names = short_name if short else name
    gives = _agree(scenario, giver, "gives", "give")
    return f"{names(scenario, giver)} {gives} {names(scenario, receiver)} {amount} {unit}"


def short_name(scenario: Scenario, ident: str) -> str:
    """A name without its closing gloss: 'European allies' for 'European allies (Poland
    and the Baltics)', where a list row cut at 80 columns hid the issue after it."""
    full = name(scenario, ident)
    short = _without_gloss(full)
    others = [_without_gloss(d.name) for d in scenario.delegations if d.id != ident]
    return full if short in others else short  # two "United States (...)" stay apart


def _without_gloss(full: str) -> str:
    return full[: full.rindex(" (")] if full.endswith(")") and " (" in full else full


def _agree(scenario: Scenario, delegation: str, singular: str, plural: str) -> str:
    if delegation in scenario.delegation_index:
        return scenario.delegation(delegation).agree(singular, plural)
    return singular


def offer_text(scenario: Scenario, offer: Propose) -> str:
    terms = "; ".join(
        concession(scenario, t.by, t.issue) + (" (secret)" if t.secret else "") for t in offer.terms
    )
    econ = "".join(
        "; " + transfer(scenario, e.giver, e.receiver, e.amount, "economy") for e in offer.economics
    )
    to = ", ".join(name(scenario, a) for a in offer.addressees)
    form = "de jure" if offer.form == "de_jure" else "de facto"
    return f"to {to}: {terms or 'no public terms'}{econ} [{form}, {offer.framing}]"


# How a forum's decision rule reads after "decides": "decides by bilateral" was no English.
DECIDES = {
    "consensus": "by consensus",
    "bilateral": "one to one",
    "veto": "with a veto",
    "open": "openly",
}


def decides(decision: str) -> str:
    return DECIDES.get(decision, f"by {decision}")


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
            return f"Stall proposal #{pid}" + _costing(scenario, scenario.rules.stall_cost)
        case ForumShop(forum=forum):
            cost = _costing(scenario, scenario.rules.forum_shop_cost)
            return f"Move the talks to {name(scenario, forum)}{cost}"
        case LinkIssues(first=a, second=b):
            cost = _costing(scenario, scenario.rules.link_cost)
            return f"Link {name(scenario, a)} + {name(scenario, b)}{cost}"
        case DeclareRedLine(issue=issue):
            return f"Declare a red line: {name(scenario, issue)}"
        case ConsultAllies():
            return "Consult allies"
    return repr(action)  # pragma: no cover
