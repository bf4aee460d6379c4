"""The scripted bot: scores every legal action with a personality's weights, plays the best."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import cast

from wargame.bots.personality import WEIGHTS, Personality
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
from wargame.core.effects import (
    ChanceEffect,
    CohesionEffect,
    Effect,
    IfEffect,
    ResourceEffect,
    ScoreEffect,
    TrackEffect,
)
from wargame.core.model import Proposal
from wargame.core.rng import derive_seed
from wargame.core.rules.offers import Counters
from wargame.core.scenario import Scenario
from wargame.core.view import View


class CardFeatures:
    """What a card does, summed over its effects (chances weighted, conditions halved)."""

    __slots__ = ("channels", "cohesion", "gain", "harm", "score", "tension")

    def __init__(self) -> None:
        self.tension = self.channels = self.gain = self.harm = self.cohesion = self.score = 0.0

    def add(self, scenario: Scenario, effects: Sequence[Effect], p: float) -> None:
        rules = scenario.rules
        for e in effects:
            match e:
                case TrackEffect(track=track, add=add):
                    if track == rules.tension_track:
                        self.tension += p * add
                    elif track == rules.channels_track:
                        self.channels += p * add
                case ResourceEffect(add=add, who=who):
                    if who == "self":
                        self.gain += p * add
                    elif who in ("target", "rivals", "others"):
                        self.harm -= p * add
                case ScoreEffect(add=add, who=who):
                    if who == "self":
                        self.score += p * add
                    elif who in ("target", "rivals", "others"):
                        self.harm -= p * add
                case CohesionEffect(add=add):
                    self.cohesion += p * add
                case ChanceEffect(chance=q, then=then, otherwise=otherwise):
                    self.add(scenario, then, p * q)
                    self.add(scenario, otherwise, p * (1 - q))
                case IfEffect(then=then, otherwise=otherwise):
                    self.add(scenario, then, p * 0.5)
                    self.add(scenario, otherwise, p * 0.5)
                case _:
                    pass


class Judgement:
    """What a personality in one seat thinks of the things that recur across moments and
    games: the cards' effects, and each shared run of offers (a menu, its counters) as
    scored in a forum. Kept on the seat's scenario, so every game in a process shares it."""

    __slots__ = ("cards", "counters", "personality", "runs", "worth")

    def __init__(self, personality: Personality, scenario: Scenario) -> None:
        self.personality = personality
        self.cards: dict[str, CardFeatures] = {}
        for card in scenario.cards.values():
            features = CardFeatures()
            features.add(scenario, card.effects, 1.0)
            self.cards[card.id] = features
        self.runs: dict[str, dict[int, Scored]] = {}
        self.counters: dict[str, dict[int, Scored]] = {}  # by the offers countered with
        # What a proposal is worth to a seat, by its terms (a menu's shared tuple), form
        # and forum, with its terms kept alive beside.
        self.worth: dict[tuple[str, int, str, str], tuple[object, float]] = {}

    @staticmethod
    def of(personality: Personality, scenario: Scenario) -> Judgement:
        key = ("scripted-bot", id(personality))
        found = scenario.memo.get(key)
        if not isinstance(found, Judgement) or found.personality is not personality:
            found = scenario.memo[key] = Judgement(personality, scenario)
        return found


RUNS_REMEMBERED = 16384  # per forum: runs and their scores, a few hundred bytes to a few KB
# A run of legal actions, their scores, the best, and the positions near the best (or None).
Scored = tuple[Sequence[Action], list[float], float, list[int] | None]
# The kinds whose shared runs score the same wherever they recur in a forum (counters come
# as `Counters`, judged by the menu's swaps they are made of).
SHARED_KINDS = frozenset(("propose",))


class ScriptedBot:
    def __init__(self, personality: Personality, seed: int, seat: str, scenario: Scenario) -> None:
        self.name = personality.id
        self.p = personality
        self.seat = seat
        self.scenario = scenario
        # The jitter of noisy personalities: Python's generator, whose random() keeps its
        # sequence for a seed across Python versions, and draws in C (a draw a candidate).
        self.random = random.Random(derive_seed(seed, "bot", seat, personality.id)).random
        self.judgement = Judgement.of(personality, scenario)
        self.w = {k: personality.w(k) for k in WEIGHTS}
        self._link_base = personality.kinds.get("link_issues", 0.0)
        self._pass = personality.kinds.get("pass", 0.0)
        self._pills = frozenset(s.id for s in scenario.issues if s.poison_pill)
        self.cards = self.judgement.cards
        self._proposal_values = self.judgement.worth
        self._last_values: tuple[View, dict[int, float]] | None = None

    def choose(self, view: View, legal: Sequence[Action]) -> Action:
        # Each run of the legal actions with its scores, their best, and (for remembered
        # runs) the positions within `noise` of that best, in order.
        parts: list[Scored] = []
        # Shared runs of offers (a menu, its pieces) score the same wherever
        # they recur in one forum: remembered by identity, the run kept alive beside.
        remembered = self.judgement.runs.setdefault(view.forum, {})
        countered = self.judgement.counters.setdefault(view.forum, {})
        runs = getattr(legal, "runs", None) or (legal,)
        for run in runs:
            first = run[0]
            if type(first) is Pass:  # every list starts with it
                parts.append((run, [self._pass] * len(run), self._pass, None))
            elif type(run) is tuple and isinstance(first, LinkIssues):
                scores = self._link_scores(cast("tuple[LinkIssues, ...]", run))
                parts.append((run, scores, max(scores), None))
            elif type(run) is Counters:
                # Counters to any proposal from the same menu share their offers' tuple.
                offers = run.offers
                hit = countered.get(id(offers))
                if hit is None or hit[0] is not offers:
                    hit = self._counters(view, countered, offers)
                parts.append((run, hit[1], hit[2], hit[3]))
            elif isinstance(run, tuple) and first.kind in SHARED_KINDS:
                hit = remembered.get(id(run))
                if hit is None or hit[0] is not run:
                    hit = self._remembered(view, remembered, run)
                parts.append(hit)
            else:
                scores = self._run_scores(view, run)
                parts.append((run, scores, max(scores), None))
        top = max(part[2] for part in parts)
        noise = self.p.noise
        if not noise:
            return next(run[s.index(top)] for run, s, most, _ in parts if most == top)
        # Noise decides only among actions within `noise` of the best, in the order they
        # are listed; the rest could not win even with the largest jitter, so need no draw.
        best: Action = runs[0][0]
        best_score = float("-inf")
        floor = top - noise
        draw = self.random
        for run, scores, most, near in parts:
            if most < floor:
                continue
            for i in range(len(scores)) if near is None else near:
                score = scores[i]
                if score >= floor:
                    score += noise * draw()
                    if score > best_score:
                        best, best_score = run[i], score
        return best

    def _remembered(
        self, view: View, remembered: dict[int, Scored], run: tuple[Action, ...]
    ) -> Scored:
        """A shared run's scores, worked out and remembered (a menu's from its pieces')."""
        pieces = getattr(run, "pieces", None)
        if pieces is not None:  # a menu: the scores of its pieces, which recur more
            scores = []
            for piece in pieces:
                known = remembered.get(id(piece))
                if known is None or known[0] is not piece:
                    known = self._remembered(view, remembered, piece)
                scores += known[1]
        else:
            scores = self._offer_scores(view, cast("tuple[Propose, ...]", run))
        return self._keep(remembered, run, scores)

    def _offer_scores(self, view: View, run: tuple[Propose, ...]) -> list[float]:
        """`score` of each offer of a piece. Its de jure offers differ only in framing,
        which no score reads: the same number, worked out once."""
        base = self.p.kinds.get("propose", 0.0)
        scores = []
        last: Propose | None = None
        value = 0.0
        for offer in run:
            if (
                last is None
                or offer.terms is not last.terms
                or offer.form != last.form
                or offer.economics is not last.economics
            ):
                value = base + self._offer(view, offer)
                last = offer
            scores.append(value)
        return scores

    def _counters(
        self, view: View, countered: dict[int, Scored], offers: tuple[Propose, ...]
    ) -> Scored:
        """The scores of counters made of these offers (to any proposal), remembered."""
        base = self.p.kinds.get("counter", 0.0)
        scores = [base + 0.5 * self._offer(view, offer) for offer in offers]
        return self._keep(countered, offers, scores)

    def _keep(self, table: dict[int, Scored], run: Sequence[Action], scores: list[float]) -> Scored:
        """Remember a shared run's scores by its identity, the run kept alive beside."""
        if len(table) >= RUNS_REMEMBERED:
            table.clear()
        most = max(scores)
        # Only these can come within `noise` of the best of all runs.
        floor = most - self.p.noise
        near = [i for i, score in enumerate(scores) if score >= floor]
        hit = table[id(run)] = (run, scores, most, near)
        return hit

    def _link_scores(self, run: tuple[LinkIssues, ...]) -> list[float]:
        """Many at once in the agenda phase, and simple: scored in one sweep."""
        base, poison, pills = self._link_base, self.w["poison_link"], self._pills
        return [base + poison if a.first in pills or a.second in pills else base for a in run]

    # -- scoring ---------------------------------------------------------------------
    def _run_scores(self, view: View, run: Sequence[Action]) -> list[float]:
        """The scores of a run of one kind: what they share is worked out once."""
        first = run[0]
        base = self.p.kinds.get(first.kind, 0.0)
        if isinstance(first, PlayCard):
            cards: dict[str, float] = {}
            scores = []
            for action in run:
                card = cast("PlayCard", action).card
                value = cards.get(card)
                if value is None:
                    value = cards[card] = base + self._card(view, card)
                scores.append(value)
            return scores
        if isinstance(first, Pass | Stall | DeclareRedLine):
            return [base] * len(run)
        if isinstance(first, Accept | Reject):
            w = self.w
            weight = w["deal_value"] if isinstance(first, Accept) else -w["deal_value"]
            threshold = w["accept_threshold"]
            answers = cast("Sequence[Accept | Reject]", run)
            worth = self._proposal_values_in(view)
            return [base + weight * (worth.get(a.proposal, 0.0) - threshold) for a in answers]
        return [self.score(view, action) for action in run]

    def score(self, view: View, action: Action) -> float:
        p = self.p
        w = self.w
        base = p.kinds.get(action.kind, 0.0)
        match action:
            case Pass():
                return base
            case PlayCard(card=card):
                return base + self._card(view, card)
            case Propose():
                return base + self._offer(view, action)
            case Accept(proposal=pid):
                return base + w["deal_value"] * (
                    self._proposal_value(view, pid) - w["accept_threshold"]
                )
            case Reject(proposal=pid):
                return base + w["deal_value"] * (
                    w["accept_threshold"] - self._proposal_value(view, pid)
                )
            case Counter(offer=offer):
                return base + 0.5 * self._offer(view, offer)
            case Stall():
                return base
            case ForumShop(forum=forum):
                weight = self.scenario.forum_by_id[forum].weight
                current = self.scenario.forum_by_id[view.forum].weight
                return base + w["forum_weight"] * (weight - current)
            case LinkIssues(first=a, second=b):
                poison = self.scenario.issue(a).poison_pill or self.scenario.issue(b).poison_pill
                return base + (w["poison_link"] if poison else 0.0)
            case DeclareRedLine():
                return base
            case ConsultAllies():
                return base + self._consult(view)
        return base  # pragma: no cover

    def _tension(self, view: View) -> int:
        return view.tracks[self.scenario.rules.tension_track]

    def _card(self, view: View, card: str) -> float:
        w = self.w
        f = self.cards[card]
        score = (
            w["tension"] * f.tension
            + w["channels"] * f.channels
            + w["gain"] * f.gain
            + w["harm"] * f.harm
            + w["cohesion"] * f.cohesion
            + w["score"] * f.score
        )
        over = self._tension(view) + f.tension - view.me.tension_tolerance
        if over > 0 and f.tension > 0:
            score += w["over_tolerance"] * min(over, f.tension)
        rules = self.scenario.rules
        if self._tension(view) + f.tension >= rules.war_at:
            score -= 100.0  # no personality walks into a war on purpose
        return score

    def _value(self, view: View, terms: Sequence[object], form: str, forum: str) -> float:
        rules = self.scenario.rules
        weight = self.scenario.forum_by_id[forum].weight * (
            rules.de_jure_weight if form == "de_jure" else rules.de_facto_weight
        )
        values = view.me.values
        pains = view.me.pain_points
        pain_bonus = self.w["pain_point"]
        total = 0.0
        for t in terms:
            issue = t.issue  # type: ignore[attr-defined]
            total += values.get(issue, 0) * weight
            if issue in pains:
                total += pain_bonus
            if t.by == self.seat and issue in view.me.red_lines:  # type: ignore[attr-defined]
                total -= 6.0
        return total

    def _offer(self, view: View, offer: Propose) -> float:
        # `_value` and the counts in one pass over the terms: offers are scored by the
        # thousand, and this is their hot loop.
        w = self.w
        rules = self.scenario.rules
        weight = self.scenario.forum_by_id[view.forum].weight * (
            rules.de_jure_weight if offer.form == "de_jure" else rules.de_facto_weight
        )
        me = view.me
        values, pains, red_lines = me.values, me.pain_points, me.red_lines
        pain_bonus = w["pain_point"]
        seat = self.seat
        total = 0.0
        mine = 0
        secret = False
        for t in offer.terms:
            issue = t.issue
            total += values.get(issue, 0) * weight
            if issue in pains:
                total += pain_bonus
            if t.by == seat:
                mine += 1
                if issue in red_lines:
                    total -= 6.0
            secret = secret or t.secret
        score = w["deal_value"] * total
        if mine and len(offer.terms) - mine:
            score += 0.5 * w["deal_value"]  # paired concessions travel better
        if secret:
            score += w["secret"]
        score += w["de_facto"] if offer.form == "de_facto" else w["de_jure"]
        if offer.economics:
            score += 0.3 * w["gain"]
        return score

    def _proposal_values_in(self, view: View) -> dict[int, float]:
        """What each proposal in view is worth to this seat, by id: the runs to accept and
        to reject of one decision ask about the same proposals."""
        last = self._last_values
        if last is not None and last[0] is view:
            return last[1]
        values = {p.id: self._worth(view, p) for p in view.proposals}
        self._last_values = (view, values)
        return values

    def _proposal_value(self, view: View, pid: int) -> float:
        for proposal in view.proposals:
            if proposal.id == pid:
                return self._worth(view, proposal)
        return 0.0

    def _worth(self, view: View, proposal: Proposal) -> float:
        # A proposal is asked about for accepting and rejecting, turn after turn, and its
        # value to this seat depends only on its terms, form and forum: kept by the identity
        # of its terms, a menu's shared tuple that outlives the proposal's own copies (each
        # acceptance or stall makes one) and its game.
        terms = proposal.terms
        key = (self.seat, id(terms), proposal.form, proposal.forum)
        known = self._proposal_values.get(key)
        if known is None or known[0] is not terms:
            if len(self._proposal_values) >= RUNS_REMEMBERED:
                self._proposal_values.clear()
            value = self._value(view, terms, proposal.form, proposal.forum)
            known = self._proposal_values[key] = (terms, value)
        return known[1]

    def _consult(self, view: View) -> float:
        p = self.p
        w = self.w
        ally = self.scenario.delegation(self.seat).alliance  # public, and fixed by the scenario
        if ally is None:
            return 0.0
        alliance = next(a for a in self.scenario.alliances if a.id == ally)
        loss = max(0, alliance.cohesion - view.cohesion[ally])
        score = w["cohesion"] * loss
        if p.sequence == "adversary_first" and view.phase != "negotiation" and not view.agreements:
            score -= 1.0  # first a compromise with the adversary, then the allies
        return score
