"""Negotiation: proposals and counters, agreements, linkage and salience."""

from __future__ import annotations

from typing import cast

import attrs

from wargame.core.actions import Propose, Term
from wargame.core.belief import looks_open
from wargame.core.model import Agreement, Draft, GameState, IssueState, Proposal
from wargame.core.rules import alliance, escalation, scoring
from wargame.core.rules.forums import addressee_rule_error
from wargame.core.rules.scoring import issue_value
from wargame.core.scenario import FORMS, FRAMINGS, Scenario

MAX_ECONOMIC_AMOUNT = 3
TEXTS_REMEMBERED = 16384  # texts of packages, by the identity of their terms


def offer_error(state: GameState, proposer: str, offer: Propose) -> str | None:
    """Why a delegation may not table this offer now, or None when it may."""
    scenario = state.scenario
    forum = scenario.forum_by_id[state.forum]
    if proposer not in forum.members:
        return f"you do not sit in {forum.name}"
    if not offer.addressees:
        return "a proposal needs at least one addressee"
    if len(set(offer.addressees)) != len(offer.addressees):
        return "an addressee is named twice"
    for a in offer.addressees:
        if a == proposer:
            return "you cannot address a proposal to yourself"
        if a not in forum.members:
            return f"{a} does not sit in {forum.name}"
    rule = addressee_rule_error(forum, proposer, offer.addressees)
    if rule:
        return rule
    if offer.form not in FORMS:
        return f"unknown form {offer.form!r}"
    if offer.framing not in FRAMINGS:
        return f"unknown framing {offer.framing!r}"
    if not offer.terms:
        return "a proposal needs at least one term"
    parties = (proposer, *offer.addressees)
    issues = [t.issue for t in offer.terms]
    if len(set(issues)) != len(issues):
        return "each issue may appear once in a package"
    for t in offer.terms:
        if t.issue not in scenario.issue_index:
            return f"unknown issue {t.issue!r}"
        issue = scenario.issue(t.issue)
        if state.issue(t.issue).status != "open":
            return f"{issue.name} is not on the table any more"
        if t.by not in parties:
            return f"{t.by} is not a party to this proposal"
        if t.by not in issue.conceded_by:
            return f"{scenario.delegation(t.by).name} cannot concede on {issue.name}"
        for linked in state.issue(t.issue).links:
            if state.issue(linked).status == "open" and linked not in issues:
                return f"{issue.name} is linked to {scenario.issue(linked).name}: settle both"
    if offer.form == "de_jure":
        if not forum.binding:
            return f"{forum.name} cannot make a treaty: propose de facto steps"
        for t in offer.terms:
            if scenario.issue(t.issue).poison_pill:
                return f"{scenario.issue(t.issue).name} is a poison pill: no treaty can settle it"
    owed: dict[str, int] = {}
    for e in offer.economics:
        owed[e.giver] = owed.get(e.giver, 0) + e.amount
        if "economy" not in scenario.resource_index:
            return "this scenario has no economy to trade"
        if e.giver not in parties or e.receiver not in parties or e.giver == e.receiver:
            return "economic terms must pass between two different parties"
        if not 1 <= e.amount <= MAX_ECONOMIC_AMOUNT:
            return f"an economic term moves 1 to {MAX_ECONOMIC_AMOUNT}"
        if state.resource(e.giver, "economy") < owed[e.giver]:
            giver = scenario.delegation(e.giver)
            lacks = giver.agree("lacks", "lack")
            return f"{giver.name} {lacks} the economy to give {owed[e.giver]}"
    for p in state.proposals:
        if p.proposer == proposer and p.stalled_round != state.round:
            return "you already have a proposal on the table"
    return None


def propose(draft: Draft, proposer: str, offer: Propose, counter_to: int | None = None) -> int:
    proposal = Proposal(
        id=draft.new_id(),
        proposer=proposer,
        addressees=offer.addressees,
        terms=offer.terms,
        form=offer.form,
        framing=offer.framing,
        economics=offer.economics,
        forum=draft.forum,
        round=draft.round,
    )
    draft.proposals.append(proposal)
    _announce(draft, proposal, "counter" if counter_to else "proposal", counter_to)
    return proposal.id


def conceding(scenario: Scenario, t: Term) -> str:
    """A term in words, the verb agreeing with the name: 'Ukraine concedes Gas deal'."""
    by = scenario.delegation(t.by)
    return f"{by.name} {by.agree('concedes', 'concede')} {scenario.issue(t.issue).name}"


def _named(draft: Draft, delegation: str, singular: str, plural: str) -> str:
    """A delegation's name and the verb that agrees with it: 'Ukraine accepts'."""
    who = draft.scenario.delegation(delegation)
    return f"{who.name} {who.agree(singular, plural)}"


def _viewers(draft: Draft) -> tuple[str, ...] | None:
    forum = draft.scenario.forum_by_id[draft.forum]
    return None if forum.public else forum.members


def _announce(draft: Draft, p: Proposal, kind: str, counter_to: int | None) -> None:
    scenario = draft.scenario
    who = scenario.delegation(p.proposer)
    if counter_to:
        verb = f"{who.agree('counters', 'counter')} #{counter_to} with"
    else:
        verb = who.agree("tables", "table")
    head = f"{who.name} {verb} proposal #{p.id}"
    viewers = _viewers(draft)
    data = {"proposal": p.id, "addressees": p.addressees}
    if p.has_secret:
        everyone = viewers if viewers is not None else tuple(d.id for d in scenario.delegations)
        outsiders = tuple(d for d in everyone if d not in p.parties)
        if outsiders:
            public_text = describe_terms(draft, p.terms, p, public_only=True)
            draft.emit(kind, f"{head}: {public_text}", p.proposer, visible_to=outsiders, **data)
        draft.emit(
            kind,
            f"{head}: {describe_terms(draft, p.terms, p, public_only=False)}",
            p.proposer,
            visible_to=p.parties,
            **data,
        )
    else:
        text = f"{head}: {describe_terms(draft, p.terms, p, public_only=False)}"
        draft.emit(kind, text, p.proposer, visible_to=viewers, **data)


def describe_terms(
    draft: Draft | GameState,
    terms: tuple[Term, ...],
    p: Proposal,
    public_only: bool,
    addressed: bool = True,
) -> str:
    """The package in words; `addressed`: with whom it was put to (an offer's, not a
    concluded agreement's, whose parties its text names already)."""
    # Offers come from menus whose terms are shared tuples, so the words for a package are
    # remembered by the identity of its parts (kept alongside, so no id is reused).
    table = draft.scenario.memo.get("terms-text")
    if not isinstance(table, dict) or len(table) >= TEXTS_REMEMBERED:
        table = draft.scenario.memo["terms-text"] = {}
    key = (id(terms), id(p.economics), p.addressees, p.form, p.framing, public_only, addressed)
    hit = table.get(key)
    if hit is None or hit[0] is not terms or hit[1] is not p.economics:
        text = _describe_terms(draft, terms, p, public_only, addressed)
        hit = table[key] = (terms, p.economics, text)
    return cast("str", hit[2])


def _describe_terms(
    draft: Draft | GameState,
    terms: tuple[Term, ...],
    p: Proposal,
    public_only: bool,
    addressed: bool,
) -> str:
    scenario = draft.scenario
    parts = []
    for t in terms:
        if t.secret and public_only:
            continue
        mark = " (secret)" if t.secret else ""
        parts.append(conceding(scenario, t) + mark)
    for e in p.economics:
        giver = scenario.delegation(e.giver)
        parts.append(
            f"{giver.name} {giver.agree('gives', 'give')} "
            f"{scenario.delegation(e.receiver).name} {e.amount} economy"
        )
    to = ", ".join(scenario.delegation(a).name for a in p.addressees)
    form = "de jure" if p.form == "de_jure" else "de facto"
    how = f"to {to}; {form}, {p.framing}" if addressed else f"{form}, {p.framing}"
    return f"{'; '.join(parts) or 'no public terms'} ({how})"


def _take(draft: Draft, proposal_id: int) -> Proposal:
    for i, p in enumerate(draft.proposals):
        if p.id == proposal_id:
            return draft.proposals.pop(i)
    raise KeyError(proposal_id)  # pragma: no cover - legality is checked before


def accept(draft: Draft, delegation: str, proposal_id: int) -> None:
    for i, p in enumerate(draft.proposals):
        if p.id == proposal_id:
            p = attrs.evolve(p, accepted=(*p.accepted, delegation))
            draft.proposals[i] = p
            break
    else:  # pragma: no cover
        raise KeyError(proposal_id)
    draft.emit(
        "accepted",
        f"{_named(draft, delegation, 'accepts', 'accept')} proposal #{proposal_id}.",
        delegation,
        visible_to=_viewers(draft),
        proposal=proposal_id,
    )
    if set(p.accepted) >= set(p.addressees):
        _take(draft, proposal_id)
        conclude(draft, p)


def reject(draft: Draft, delegation: str, proposal_id: int, quiet: bool = False) -> None:
    _take(draft, proposal_id)
    if not quiet:
        draft.emit(
            "rejected",
            f"{_named(draft, delegation, 'rejects', 'reject')} proposal #{proposal_id}.",
            delegation,
            visible_to=_viewers(draft),
            proposal=proposal_id,
        )


def counter(draft: Draft, delegation: str, proposal_id: int, offer: Propose) -> None:
    reject(draft, delegation, proposal_id, quiet=True)
    propose(draft, delegation, offer, counter_to=proposal_id)


def stall(draft: Draft, delegation: str, proposal_id: int) -> None:
    for i, p in enumerate(draft.proposals):
        if p.id == proposal_id:
            draft.proposals[i] = attrs.evolve(p, stalls=p.stalls + 1, stalled_round=draft.round)
            break
    draft.pay(delegation, draft.rules.stall_cost)
    paid = draft.scenario.paying(draft.rules.stall_cost)
    draft.emit(
        "stalled",
        f"{_named(draft, delegation, 'stalls', 'stall')} proposal #{proposal_id}{paid}: "
        "it is put off to the next round.",
        delegation,
        visible_to=_viewers(draft),
        proposal=proposal_id,
    )


def lapse_unanswered(draft: Draft) -> None:
    """At the end of negotiation, what was not stalled this round falls off the table."""
    keep = []
    for p in draft.proposals:
        if p.stalled_round == draft.round:
            keep.append(p)
        else:
            why = ": not every addressee accepted it" if p.accepted else " unanswered"
            draft.emit(
                "lapsed",
                f"Proposal #{p.id} lapses{why}.",
                visible_to=_viewers(draft),
                proposal=p.id,
            )
    draft.proposals = keep


def agreement_weight(draft: Draft, p: Proposal) -> float:
    rules = draft.rules
    forum = draft.scenario.forum_by_id[p.forum]
    weight = forum.weight * (rules.de_jure_weight if p.form == "de_jure" else rules.de_facto_weight)
    if draft.crisis_rounds:
        weight *= 1 + rules.crisis_weight_bonus
    return weight


def conclude(draft: Draft, p: Proposal) -> None:
    """All addressees said yes: the package becomes an agreement and changes the board."""
    scenario = draft.scenario
    rules = draft.rules
    for t in p.terms:
        if draft.issue(t.issue).status != "open":
            # Not which issue: it may have been settled by a secret deal some parties
            # here know nothing of.
            draft.emit(
                "lapsed",
                f"Proposal #{p.id} falls through: part of it can no longer be delivered.",
                visible_to=p.parties,
                proposal=p.id,
            )
            return
    issues = {t.issue for t in p.terms}
    for t in p.terms:
        # A link made after the package was tabled binds it too; links are public,
        # so naming the issue gives nothing away.
        for linked in draft.issue(t.issue).links:
            if draft.issue(linked).status == "open" and linked not in issues:
                draft.emit(
                    "lapsed",
                    f"Proposal #{p.id} falls through: {scenario.issue(t.issue).name} is "
                    f"now linked to {scenario.issue(linked).name}, and both must be "
                    "settled together.",
                    visible_to=p.parties,
                    proposal=p.id,
                )
                return
    owed: dict[str, int] = {}
    for e in p.economics:
        owed[e.giver] = owed.get(e.giver, 0) + e.amount
    for e in p.economics:
        if draft.resource(e.giver, "economy") < owed[e.giver]:
            draft.emit(
                "lapsed",
                f"Proposal #{p.id} fails: {scenario.delegation(e.giver).name} can no longer pay.",
                visible_to=p.parties,
                proposal=p.id,
            )
            return
    weight = agreement_weight(draft, p)
    agreement = Agreement(
        id=p.id,
        proposer=p.proposer,
        parties=p.parties,
        terms=p.terms,
        form=p.form,
        framing=p.framing,
        economics=p.economics,
        forum=p.forum,
        round=draft.round,
        weight=weight,
    )
    draft.agreements.append(agreement)
    for t in p.terms:
        old = draft.issue(t.issue)
        draft.set_issue(
            t.issue, IssueState("agreed", p.form, old.salience, old.links, agreement.id)
        )
        for d in scenario.delegations:
            value = issue_value(scenario, d.id, t.issue, weight)
            if t.secret:
                if d.id in p.parties:
                    draft.add_score(d.id, value, secret=True)
            else:
                draft.add_score(d.id, value)
        if old.salience:
            for party in p.parties:
                draft.add_score(party, old.salience, secret=t.secret)
    for party in p.parties:
        bonus = scenario.delegation(party).framing.get(p.framing, 0)
        if p.economics:
            bonus += rules.economics_bonus
        if bonus:
            draft.add_score(party, bonus)
    for e in p.economics:
        draft.add_resource(e.giver, "economy", -e.amount)
        draft.add_resource(e.receiver, "economy", e.amount)
    public_text = describe_terms(draft, p.terms, p, public_only=True, addressed=False)
    parties = ", ".join(scenario.delegation(d).name for d in p.parties)
    forum = scenario.forum_by_id[p.forum]
    draft.emit(
        "agreement",
        f"Agreement #{agreement.id} in {forum.name} between {parties}: {public_text}.",
        p.proposer,
        agreement=agreement.id,
        form=p.form,
        parties=p.parties,
    )
    if p.has_secret:
        secret_text = "; ".join(conceding(scenario, t) for t in p.terms if t.secret)
        draft.emit(
            "secret_deal",
            f"Secret side deal #{agreement.id} (known only to {parties}): {secret_text}.",
            p.proposer,
            visible_to=p.parties,
            agreement=agreement.id,
            parties=p.parties,
        )
    for t in p.terms:
        if t.secret:
            continue  # a secret step costs nothing at home until it leaks
        concede_red_line(draft, t)
        if not t.secret:
            escalation.cross_red_lines(draft, t.issue, p.parties, p.proposer)
            if draft.outcome is not None:
                return
    alliance.act_alone(draft, p.parties)
    if rules.agreement_tension:
        draft.shift_track(rules.tension_track, rules.agreement_tension, "a deal struck")
        escalation.check_war(draft)
    scoring.check_settlement(draft)


def concede_red_line(draft: Draft, t: Term) -> None:
    """Giving ground on one's own red line costs at home, once it is known."""
    scenario = draft.scenario
    i = scenario.delegation_index[t.by]
    if t.issue not in scenario.delegations[i].red_lines:
        return
    for res, amount in draft.rules.red_line_conceded.items():
        draft.add_resource(t.by, res, amount)
    draft.emit(
        "red_line_conceded",
        f"{scenario.delegations[i].name} gave ground on "
        f"{scenario.delegations[i].agree('its', 'their')} own red line "
        f"({scenario.issue(t.issue).name}).",
        t.by,
        issue=t.issue,
    )


def link(
    draft: Draft,
    first: str,
    second: str,
    actor: str | None,
    credit: bool = True,
    paid: str = "",
) -> None:
    a, b = draft.issue(first), draft.issue(second)
    if first == second or second in a.links:
        return
    if not (looks_open(draft, first) and looks_open(draft, second)):
        return
    draft.set_issue(first, attrs.evolve(a, links=(*a.links, second)))
    draft.set_issue(second, attrs.evolve(b, links=(*b.links, first)))
    scenario = draft.scenario
    who = _named(draft, actor, "links", "link") if actor else "Events link"
    draft.emit(
        "linked",
        f"{who} {scenario.issue(first).name} with {scenario.issue(second).name}{paid}: "
        "from now on they are settled together or not at all.",
        actor,
        issues=(first, second),
    )
    if credit and actor is not None:
        i = scenario.delegation_index[actor]
        draft.links_made[i] += 1
        pay = scenario.delegations[i].victory.per_link
        if pay:
            draft.add_score(actor, pay)


def add_salience(draft: Draft, issue: str, amount: int, actor: str | None) -> None:
    old = draft.issue(issue)
    if not looks_open(draft, issue):
        return
    draft.set_issue(issue, attrs.evolve(old, salience=old.salience + amount))
    if old.status != "open":
        # Settled by a secret term: its parties hold the issue's salience in their secret
        # score until the deal leaks (see private.expose), so it moves with the salience.
        for a in draft.agreements:
            if a.id == old.agreement:
                for party in a.parties:
                    draft.add_score(party, amount, secret=True)
    draft.emit(
        "salience",
        f"Pressure to settle {draft.scenario.issue(issue).name} {'rises' if amount > 0 else 'falls'} "
        f"({old.salience + amount:+d}).",
        actor,
        issue=issue,
        change=amount,
    )
