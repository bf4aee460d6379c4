"""The offer menu, built fast from templates, lists exactly the offers the plain definition
gives, each once, on every board random play reaches (links and settled issues included)."""

from __future__ import annotations

from hypothesis import given, settings

from wargame.core.actions import EconomicTerm, Propose
from wargame.core.belief import believed
from wargame.core.engine import legal_actions
from wargame.core.model import GameState
from wargame.core.rules.forums import addressee_sets
from wargame.core.scenario import Scenario

from ._play import POLICIES, SCENARIOS, SEEDS, walk

Key = tuple[object, ...]


def key(offer: Propose) -> Key:
    terms = frozenset((t.issue, t.by, t.secret) for t in offer.terms)
    return (offer.addressees, terms, offer.form, offer.framing, offer.economics)


def plain_menu(state: GameState, proposer: str) -> set[Key]:
    """The menu by its definition: single asks and paired concessions, every issue linked
    to one of theirs added (conceded by the first party able to), and their variants."""
    scenario = state.scenario
    forum = scenario.forum_by_id[state.forum]
    if proposer not in forum.members or any(
        p.proposer == proposer and p.stalled_round != state.round for p in state.proposals
    ):
        return set()
    economy = "economy" in scenario.resource_index and state.resource(proposer, "economy") >= 1
    is_open = {s.id: state.issue(s.id).status == "open" for s in scenario.issues}
    open_ids = [s.id for s in scenario.issues if is_open[s.id]]

    def closure(issue: str) -> set[str]:
        found, queue = {issue}, [issue]
        while queue:
            for other in state.issue(queue.pop()).links:
                if is_open[other] and other not in found:
                    found.add(other)
                    queue.append(other)
        return found

    out: set[Key] = set()
    for addressees in addressee_sets(forum, proposer):
        parties = (proposer, *addressees)
        asks = [
            (s, by)
            for s in open_ids
            if (by := next((a for a in addressees if a in scenario.issue(s).conceded_by), None))
        ]
        own = [s for s in open_ids if proposer in scenario.issue(s).conceded_by]
        bases = [[ask] for ask in asks]
        bases += [[(o, proposer), ask] for o in own for ask in asks if ask[0] != o]
        for base in bases:
            terms: dict[str, str | None] = dict(base)
            for issue, _ in base:
                for linked in closure(issue):
                    if linked not in terms:
                        conceded_by = scenario.issue(linked).conceded_by
                        terms[linked] = next((d for d in conceded_by if d in parties), None)
            if None in terms.values():
                continue
            poison = any(scenario.issue(s).poison_pill for s in terms)
            steps = frozenset((s, by, False) for s, by in terms.items())
            out.add((addressees, steps, "de_facto", "regional", ()))
            if forum.binding and not poison:
                out.add((addressees, steps, "de_jure", "regional", ()))
                out.add((addressees, steps, "de_jure", "global", ()))
            if len(base) == 2 and proposer in terms.values():
                secret = frozenset((s, by, by == proposer) for s, by in terms.items())
                out.add((addressees, secret, "de_facto", "regional", ()))
            if len(base) == 1 and economy:
                sweetener = (EconomicTerm(proposer, base[0][1], 1),)
                out.add((addressees, steps, "de_facto", "regional", sweetener))
    return out


@settings(max_examples=max(5, settings.default.max_examples // 2))
@given(name=SCENARIOS, seed=SEEDS, play_seed=SEEDS, policy=POLICIES)
def test_the_menu_is_the_plain_definition_without_repeats(
    scenarios: dict[str, Scenario], name: str, seed: int, play_seed: int, policy: str
) -> None:
    for step in walk(scenarios[name], seed, play_seed, policy):
        state = step.before
        if "propose" not in state.scenario.phases[state.phase].actions:
            continue
        offers = [a for a in step.legal if isinstance(a, Propose)]
        assert len(set(offers)) == len(offers), "an offer is listed twice"
        actor = state.order[state.turn]
        # Judged on the board as the proposer knows it (see test_view_privacy).
        assert {key(o) for o in offers} == plain_menu(believed(state, actor), actor)


def test_the_menu_follows_links(europe: Scenario) -> None:
    """On a board with linked issues, a linked issue always comes with its partner."""
    for step in walk(europe, 7, 11, "by_kind"):
        state = step.before
        linked = [s for s in state.issues if s.links and s.status == "open"]
        offers = [a for a in legal_actions(state) if isinstance(a, Propose)]
        if not linked or not offers:
            continue
        for offer in offers:
            issues = {t.issue for t in offer.terms}
            for t in offer.terms:
                for other in state.issue(t.issue).links:
                    if state.issue(other).status == "open":
                        assert other in issues
        return
    raise AssertionError("random play never reached a negotiation with linked issues")
