"""Privacy: a delegation's view, and the events it may see, hold nothing it must not know.

Hidden from a delegation (wargame/core/view.py): other hands, the deck order and the
generator, secret terms of deals it is not party to (until they leak), others' red
lines until revealed, others' pain points, values and secret scores.

Two kinds of check, at every step of random play and for every delegation:
* direct ones (its hand is its own, others show only a hand size, ...), and
* non-interference: change everything the delegation may not know, and its view
  must not change at all. That one needs no list of fields, so it also covers any
  field a future View grows.
"""

from __future__ import annotations

import random
import re

import attrs
from hypothesis import example, given

from wargame.core.actions import Counter, Propose, Term
from wargame.core.engine import legal_actions, start_game
from wargame.core.events import Event
from wargame.core.model import Agreement, GameState, Proposal
from wargame.core.rng import Rng
from wargame.core.rules.negotiation import conceding
from wargame.core.scenario import Scenario
from wargame.core.view import NO_PRIVATE, PublicDelegation, View, public_view, view_for

from ._play import POLICIES, SCENARIOS, SEEDS, Step, walk

# A string literal in a repr, in either quote style: where a card id or name would show.
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")


def _strings(text: str) -> set[str]:
    return {a or b for a, b in _QUOTED.findall(text)}


# -- what a delegation may know ----------------------------------------------


def _knows(delegation: str | None, deal: Agreement | Proposal) -> bool:
    """Whether a delegation (None: a spectator) may know a deal's secret terms."""
    if isinstance(deal, Agreement):
        return deal.leaked or delegation in deal.parties
    return delegation in deal.parties


def _sees(state: GameState, delegation: str | None, p: Proposal) -> bool:
    """Whether a proposal on the table shows at all: a closed forum's only to those inside."""
    forum = state.scenario.forum_by_id[state.forum]
    return forum.public or (
        delegation is not None and (delegation in forum.members or delegation in p.parties)
    )


def _own(state: GameState, delegation: str | None) -> int | None:
    return None if delegation is None else state.scenario.delegation_index[delegation]


def _hidden_settled(state: GameState, delegation: str | None) -> set[str]:
    """Issues settled by a secret term of a deal the delegation does not know of."""
    return {
        t.issue for a in state.agreements if not _knows(delegation, a) for t in a.terms if t.secret
    }


def check_view(state: GameState, delegation: str | None, view: View) -> None:
    scenario = state.scenario
    i = _own(state, delegation)
    assert view.delegation == delegation
    # Its own hand and secrets, and nobody else's (a spectator has none).
    if i is None:
        assert view.me == NO_PRIVATE
    else:
        assert view.me.hand == state.delegations[i].hand
        assert view.me.secret_score == state.delegations[i].secret_score
        assert view.me.red_lines == scenario.delegations[i].red_lines
    public_fields = {f.name for f in attrs.fields(PublicDelegation)}
    assert not public_fields & {"hand", "secret_score", "pain_points", "red_lines", "values"}
    assert [p.id for p in view.delegations] == [d.id for d in scenario.delegations]
    for public, ds, dd in zip(
        view.delegations, state.delegations, scenario.delegations, strict=True
    ):
        assert public.hand_size == len(ds.hand)
        assert public.score == ds.score
        # Red lines only once revealed (declared, crossed, or exposed by a card).
        assert set(public.revealed_red_lines) <= set(ds.revealed)
        assert set(public.revealed_red_lines) <= set(dd.red_lines)
    # Agreements: all listed; secret terms only for parties, or once leaked.
    assert [a.id for a in view.agreements] == [a.id for a in state.agreements]
    for shown, real in zip(view.agreements, state.agreements, strict=True):
        if _knows(delegation, real):
            assert shown.terms == real.terms
        else:
            assert shown.terms == real.public_terms
            assert not any(t.secret for t in shown.terms)
    # Proposals: those of a closed forum only for members; secret terms only for parties.
    assert [p.id for p in view.proposals] == [
        p.id for p in state.proposals if _sees(state, delegation, p)
    ]
    for shown in view.proposals:
        real = state.proposal(shown.id)
        assert real is not None
        if _knows(delegation, real):
            assert shown.terms == real.terms
        else:
            assert shown.terms == tuple(t for t in real.terms if not t.secret)
    # An issue settled only by a secret term still looks open from outside the deal.
    hidden = _hidden_settled(state, delegation)
    for shown_issue, spec, real_issue in zip(
        view.issues, scenario.issues, state.issues, strict=True
    ):
        assert shown_issue.id == spec.id
        if spec.id in hidden:
            assert (shown_issue.status, shown_issue.form) == ("open", None)
        else:
            assert (shown_issue.status, shown_issue.form) == (real_issue.status, real_issue.form)
    assert view.deck_size == len(state.deck)
    assert view.discard == state.discard
    # The public board, field by field (view_for builds the view by position).
    assert (view.round, view.max_rounds, view.phase, view.to_act, view.forum) == (
        state.round,
        scenario.rules.max_rounds,
        state.phase_id,
        state.to_act,
        state.forum,
    )
    assert (view.crisis, view.outcome) == (state.in_crisis, state.outcome)
    assert dict(view.tracks) == {
        t.id: v for t, v in zip(scenario.tracks, state.tracks, strict=True)
    }
    assert dict(view.cohesion) == {
        a.id: v for a, v in zip(scenario.alliances, state.cohesion, strict=True)
    }


def check_no_hidden_card_in_repr(state: GameState, delegation: str | None, view: View) -> None:
    """The ids and names of cards it cannot see are no string in the rendered view.

    A card id can also be an issue id (Cuba has a 'hotline' card and issue), and the
    same card can sit in another hand and in the discard at once; so a string counts
    only if it is not in the view of the same board with every other hand and the
    deck emptied: if it shows only when the hidden cards are there, it leaked.
    (The non-interference check below covers any subtler dependence.)
    """
    scenario = state.scenario
    i = _own(state, delegation)
    hidden = set(state.deck)
    for j, ds in enumerate(state.delegations):
        if j != i:
            hidden.update(ds.hand)
    hidden -= set(state.discard)
    if i is not None:
        hidden -= set(state.delegations[i].hand)
    if not hidden:
        return
    emptied = attrs.evolve(
        state,
        deck=(),
        delegations=tuple(
            ds if j == i else attrs.evolve(ds, hand=()) for j, ds in enumerate(state.delegations)
        ),
    )
    baseline = repr(view_for(emptied, delegation))
    only_with_hidden = _strings(repr(view)) - _strings(baseline)
    for card in hidden:
        for token in (card, scenario.cards[card].name):
            assert token not in only_with_hidden, f"{delegation} can see hidden card {card!r}"


def _perturbed(state: GameState, delegation: str | None, rng: random.Random) -> GameState:
    """The same board as far as `delegation` can tell; everything it cannot see is changed:
    the generator and seed, the deck and event deck, other hands and secret scores, others'
    unrevealed red lines, pain points, values and tolerance, the secret terms of deals it
    is not party to, and every term of proposals it cannot see."""
    scenario = state.scenario
    i = _own(state, delegation)
    card_ids = sorted(scenario.cards)
    event_ids = sorted(scenario.events)
    issue_ids = [s.id for s in scenario.issues]
    delegation_ids = [d.id for d in scenario.delegations]

    def cards(n: int) -> tuple[str, ...]:
        return tuple(rng.choices(card_ids, k=n))

    def scramble(terms: tuple[Term, ...], everything: bool = False) -> tuple[Term, ...]:
        return tuple(
            attrs.evolve(t, by=rng.choice(delegation_ids)) if t.secret or everything else t
            for t in terms
        )

    def proposal(p: Proposal) -> Proposal:
        if not _sees(state, delegation, p):
            return attrs.evolve(p, terms=scramble(p.terms, everything=True))
        return p if _knows(delegation, p) else attrs.evolve(p, terms=scramble(p.terms))

    defs = []
    for j, d in enumerate(scenario.delegations):
        if j == i:
            defs.append(d)
            continue
        revealed = state.delegations[j].revealed
        extra = [s for s in issue_ids if s not in revealed and rng.random() < 0.5]
        defs.append(
            attrs.evolve(
                d,
                red_lines=(*revealed, *extra),
                pain_points=tuple(s for s in issue_ids if rng.random() < 0.5),
                values={s: rng.randint(-9, 9) for s in issue_ids},
                tension_tolerance=rng.randint(0, 10),
            )
        )
    return attrs.evolve(
        state,
        scenario=attrs.evolve(scenario, delegations=tuple(defs)),
        seed=rng.getrandbits(32),
        rng=Rng(rng.getrandbits(64), rng.randint(0, 999)),
        deck=cards(len(state.deck)),
        event_deck=tuple(rng.choices(event_ids, k=len(state.event_deck))),
        delegations=tuple(
            ds
            if j == i
            else attrs.evolve(ds, hand=cards(len(ds.hand)), secret_score=rng.randint(-99, 99))
            for j, ds in enumerate(state.delegations)
        ),
        agreements=tuple(
            a if _knows(delegation, a) else attrs.evolve(a, terms=scramble(a.terms))
            for a in state.agreements
        ),
        proposals=tuple(proposal(p) for p in state.proposals),
    )


@given(name=SCENARIOS, seed=SEEDS, play_seed=SEEDS, policy=POLICIES)
def test_views_hold_only_what_each_delegation_may_know(
    scenarios: dict[str, Scenario], name: str, seed: int, play_seed: int, policy: str
) -> None:
    scenario = scenarios[name]
    rng = random.Random(play_seed)
    for step in walk(scenario, seed, play_seed, policy):
        state = step.after
        # Every delegation, and a spectator (None: the public record); the costlier checks
        # at every other step on average, to keep the suite fast.
        deep = rng.random() < 0.5
        for who in [*(d.id for d in scenario.delegations), None]:
            view = view_for(state, who)
            check_view(state, who, view)
            if deep:
                check_no_hidden_card_in_repr(state, who, view)
                assert view_for(_perturbed(state, who, rng), who) == view, (
                    f"{who}'s view changed with information it may not have"
                )
        assert public_view(state) == view_for(state, None)


# -- events ------------------------------------------------------------------

# The kinds that may go to some delegations only, and why.
RESTRICTED = {
    "proposal": "a closed forum, or the secret terms of an offer",
    "counter": "a closed forum, or the secret terms of an offer",
    "accepted": "a closed forum",
    "rejected": "a closed forum",
    "stalled": "a closed forum",
    "lapsed": "a closed forum, or a deal that fell through among its parties",
    "secret_deal": "the secret part of a deal, for its parties",
    "upkeep": "a delegation's private score",
}
FORUM_KINDS = ("proposal", "counter", "accepted", "rejected", "stalled")


def _offer(step: Step) -> Propose | None:
    action = step.action
    if isinstance(action, Counter):
        return action.offer
    return action if isinstance(action, Propose) else None


def _agreement(state: GameState, agreement_id: object) -> Agreement:
    for a in state.agreements:
        if a.id == agreement_id:
            return a
    raise AssertionError(f"no agreement #{agreement_id}")


def check_events(scenario: Scenario, events: list[Event], step: Step | None) -> None:
    everyone = {d.id for d in scenario.delegations}
    for e in events:
        if e.visible_to is not None:
            assert e.kind in RESTRICTED, f"{e.kind} event hidden from some: {e!r}"
            assert e.visible_to and set(e.visible_to) <= everyone
            assert len(set(e.visible_to)) == len(e.visible_to)
        if e.kind == "upkeep":
            assert e.visible_to == (e.actor,)
        if e.kind == "cards_drawn":
            assert [k for k, _ in e.data] == ["count"], "a draw names the cards drawn"
        if "(secret)" in e.text:
            assert e.kind in ("proposal", "counter") and e.visible_to is not None
    if step is None:
        return
    after = step.after
    for e in events:
        if e.kind == "secret_deal":
            a = _agreement(after, e.get("agreement"))
            assert a.has_secret
            assert e.visible_to == a.parties, f"secret deal shown to {e.visible_to}"
        elif e.kind == "agreement":
            a = _agreement(after, e.get("agreement"))
            assert e.visible_to is None
            for t in a.secret_terms:
                words = conceding(scenario, t)
                assert f"{words}; " not in e.text and f"{words} (" not in e.text, (
                    f"the public agreement event names a secret term: {e.text}"
                )
        elif e.kind == "red_line_conceded":
            # Public: so never for a secret step of a deal that has not leaked.
            deal = next(
                a
                for a in reversed(after.agreements)
                if any(t.issue == e.get("issue") and t.by == e.actor for t in a.terms)
            )
            term = next(t for t in deal.terms if t.issue == e.get("issue"))
            assert not term.secret or deal.leaked, f"a public event tells a secret step: {e!r}"
    forum = scenario.forum_by_id[step.before.forum]
    if not forum.public:
        for e in events:
            if e.kind in FORUM_KINDS:
                assert e.visible_to is not None, f"closed-forum {e.kind} made public"
                assert set(e.visible_to) <= set(forum.members)
    offer = _offer(step)
    if offer is not None:
        actor = step.before.order[step.before.turn]
        parties = {actor, *offer.addressees}
        tabled = [e for e in events if e.kind in ("proposal", "counter")]
        assert tabled
        if any(t.secret for t in offer.terms):
            for e in tabled:
                assert e.visible_to is not None, "an offer with secret terms announced to all"
                if "(secret)" in e.text:
                    assert set(e.visible_to) == parties
                else:
                    assert not set(e.visible_to) & parties


@given(name=SCENARIOS, seed=SEEDS, play_seed=SEEDS, policy=POLICIES)
def test_events_reach_only_those_who_may_see_them(
    scenarios: dict[str, Scenario], name: str, seed: int, play_seed: int, policy: str
) -> None:
    scenario = scenarios[name]
    check_events(scenario, start_game(scenario, seed)[1], None)
    for step in walk(scenario, seed, play_seed, policy):
        check_events(scenario, step.events, step)


# -- what the moves tell ---------------------------------------------------------


def _unsettled(state: GameState, delegation: str) -> GameState:
    """The board as `delegation` believes it: secret steps it does not know never happened."""
    scenario = state.scenario
    issues = list(state.issues)
    for s in _hidden_settled(state, delegation):
        i = scenario.issue_index[s]
        issues[i] = attrs.evolve(issues[i], status="open", form=None, agreement=None)
    return attrs.evolve(
        state,
        issues=tuple(issues),
        agreements=tuple(
            a if _knows(delegation, a) else attrs.evolve(a, terms=a.public_terms)
            for a in state.agreements
        ),
    )


@example(name="europe", seed=9, play_seed=9, policy="dealmaker")
@given(name=SCENARIOS, seed=SEEDS, play_seed=SEEDS, policy=POLICIES)
def test_legal_moves_tell_nothing_the_view_hides(
    scenarios: dict[str, Scenario], name: str, seed: int, play_seed: int, policy: str
) -> None:
    """Two boards that look the same to the delegation to act offer it the same moves."""
    scenario = scenarios[name]
    for step in walk(scenario, seed, play_seed, policy):
        state = step.after
        if state.outcome is None:
            actor = state.order[state.turn]
            believed = _unsettled(state, actor)
            assert view_for(believed, actor) == view_for(state, actor)
            assert legal_actions(believed) == legal_actions(state), (
                f"{actor}'s moves depend on secret deals it is not party to"
            )


@example(name="europe", seed=9, play_seed=9, policy="dealmaker")
@given(name=SCENARIOS, seed=SEEDS, play_seed=SEEDS, policy=POLICIES)
def test_no_event_tells_of_a_secret_settlement(
    scenarios: dict[str, Scenario], name: str, seed: int, play_seed: int, policy: str
) -> None:
    scenario = scenarios[name]
    for step in walk(scenario, seed, play_seed, policy):
        for e in step.events:
            for d in scenario.delegations:
                if not e.visible(d.id):
                    continue
                for s in _hidden_settled(step.after, d.id):
                    assert f"{scenario.issue(s).name} is already settled" not in e.text, (
                        f"{d.id} learns that {s} is settled from: {e.text}"
                    )
