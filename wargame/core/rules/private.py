"""The private concession: secret terms, their leaks, and the price of a leak."""

from __future__ import annotations

import attrs

from wargame.core.model import Agreement, Draft
from wargame.core.rules import escalation, negotiation
from wargame.core.rules.scoring import issue_value


def leak_chance(draft: Draft, agreement: Agreement) -> float:
    rules = draft.rules
    forum = draft.scenario.forum_by_id[agreement.forum]
    p = rules.leak_base + rules.leak_per_extra_party * max(0, len(agreement.parties) - 2)
    if forum.public:
        p += rules.leak_public_forum
    return p


def leak_check(draft: Draft, extra: float = 0.0, only_extra: bool = False) -> None:
    """Roll for each unleaked secret deal, in the order they were struck."""
    for index, agreement in enumerate(draft.agreements):
        if not agreement.has_secret or agreement.leaked:
            continue
        p = extra if only_extra else leak_chance(draft, agreement) + extra
        hit, draft.rng = draft.rng.chance(p)
        if hit:
            expose(draft, index)
            if draft.outcome is not None:
                return


def expose(draft: Draft, index: int) -> None:
    scenario = draft.scenario
    rules = draft.rules
    agreement = draft.agreements[index]
    draft.agreements[index] = attrs.evolve(agreement, leaked=True)
    secret = agreement.secret_terms
    for d in scenario.delegations:
        for term in secret:
            value = issue_value(scenario, d.id, term.issue, agreement.weight)
            if d.id in agreement.parties:
                value += draft.issue(term.issue).salience
                draft.add_score(d.id, -value, secret=True)
            draft.add_score(d.id, value)
    terms = "; ".join(negotiation.conceding(scenario, t) for t in secret)
    parties = ", ".join(scenario.delegation(p).name for p in agreement.parties)
    draft.emit(
        "leak",
        f"Leak! The secret part of the deal between {parties} comes out: {terms}.",
        agreement=agreement.id,
        parties=agreement.parties,
    )
    alliances: list[str] = []
    for p in agreement.parties:
        for res, amount in rules.leak_cost.items():
            draft.add_resource(p, res, amount)
        own = scenario.delegation(p).alliance
        if own is not None and own not in alliances:
            alliances.append(own)
    for a in alliances:
        draft.add_cohesion(a, rules.leak_cohesion)
    draft.shift_track(rules.tension_track, rules.leak_tension, "the leak")
    escalation.check_war(draft)
    for term in secret:
        if draft.outcome is not None:
            return
        negotiation.concede_red_line(draft, term)
        escalation.cross_red_lines(draft, term.issue, agreement.parties, None)
