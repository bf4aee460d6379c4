"""The engine: start a game, list the legal actions, apply one, tell when it is over.

`apply(state, action) -> (state, events)` is a pure function of its inputs: the
only randomness comes from the generator carried in the state.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain
from typing import cast, overload

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
from wargame.core.belief import believed
from wargame.core.events import Event
from wargame.core.model import DelegationState, Draft, GameState, IssueState, Proposal
from wargame.core.rng import Rng
from wargame.core.rules import (
    alliance,
    cards,
    escalation,
    forums,
    interpret,
    negotiation,
    offers,
    private,
    scoring,
)
from wargame.core.scenario import CardDef, Scenario


class IllegalActionError(ValueError):
    """An action the rules do not allow at this moment; the message says why."""


def start_game(scenario: Scenario, seed: int) -> tuple[GameState, list[Event]]:
    """A new game and the events of its opening (deal, first round's injects)."""
    rng = Rng(seed & ((1 << 64) - 1))
    deck, rng = rng.shuffled(scenario.deck)
    event_deck, rng = rng.shuffled(scenario.event_deck)
    state = GameState(
        scenario=scenario,
        seed=seed,
        rng=rng,
        round=1,
        phase=0,
        order=_order(scenario, 1),
        turn=0,
        lap=0,
        passes=0,
        tracks=tuple(t.start for t in scenario.tracks),
        delegations=tuple(
            DelegationState(resources=tuple(d.resources[r.id] for r in scenario.resources))
            for d in scenario.delegations
        ),
        issues=tuple(IssueState() for _ in scenario.issues),
        cohesion=tuple(a.cohesion for a in scenario.alliances),
        forum=scenario.start_forum,
        deck=deck,
        discard=(),
        removed=(),
        event_deck=event_deck,
        event_discard=(),
    )
    draft = Draft(state)
    draft.emit("round_started", f"Round 1 of {scenario.rules.max_rounds} begins.")
    cards.refill_hands(draft)
    _begin_phase(draft)
    return _settle(draft)


def new_game(scenario: Scenario, seed: int) -> GameState:
    return start_game(scenario, seed)[0]


def is_over(state: GameState) -> bool:
    return state.outcome is not None


class Moves(Sequence[Action]):
    """The legal actions, as the runs they were listed in (see `_runs`): one kind a run,
    pass first. A sequence of every action in order; the flat list is made only when an
    action is asked for by position, since bots that judge runs never need it."""

    __slots__ = ("_flat", "runs")

    def __init__(self, runs: Sequence[Sequence[Action]] = ()) -> None:
        self.runs = tuple(runs)
        self._flat: list[Action] | None = None

    def _list(self) -> list[Action]:
        if self._flat is None:
            self._flat = list(chain.from_iterable(self.runs))
        return self._flat

    @overload
    def __getitem__(self, index: int) -> Action: ...

    @overload
    def __getitem__(self, index: slice) -> list[Action]: ...

    def __getitem__(self, index: int | slice) -> Action | list[Action]:
        return self._list()[index]

    def __len__(self) -> int:
        return sum(map(len, self.runs))

    def __iter__(self) -> Iterator[Action]:
        return chain.from_iterable(self.runs)

    def __contains__(self, action: object) -> bool:
        return any(action in run for run in self.runs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return self._list() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Moves({self._list()!r})"


PASS = Pass()
CONSULT = ConsultAllies()


def legal_actions(state: GameState) -> Moves:
    """Every action the delegation to act may take now: pass first, then by kind."""
    if state.outcome is not None:
        return Moves()
    return Moves([(PASS,), *_listed(state, state.order[state.turn])])


def has_choice(state: GameState, delegation: str) -> bool:
    """Whether a delegation could do anything but pass."""
    return bool(_listed(state, delegation))


def _listed(state: GameState, actor: str) -> list[Sequence[Action]]:
    """`_runs`, kept for the last state asked about: a new state is asked whether its
    delegation has a choice (see `_settle`), then for the choices."""
    last = state.scenario.memo.get("listed")
    if isinstance(last, tuple) and last[0] is state and last[1] == actor:
        return cast("list[Sequence[Action]]", last[2])
    runs = list(_runs(believed(state, actor), actor))
    state.scenario.memo["listed"] = (state, actor, runs)
    return runs


def _was_listed(state: GameState, actor: str, action: Action) -> bool:
    """Whether `action` is one of the very objects just listed as legal for this state (a
    bot's choice always is): then it needs no second check."""
    last = state.scenario.memo.get("listed")
    if not (isinstance(last, tuple) and last[0] is state and last[1] == actor):
        return False
    kind = type(action)
    for run in cast("list[Sequence[Action]]", last[2]):
        if type(run[0]) is kind:
            for listed in run:
                if listed is action:
                    return True
    return False


def apply(state: GameState, action: Action) -> tuple[GameState, list[Event]]:
    """The next state and what happened; raises IllegalActionError for an illegal action."""
    actor = state.order[state.turn]
    if not _was_listed(state, actor, action):
        reason = why_illegal(state, action)
        if reason is not None:
            raise IllegalActionError(reason)
    draft = Draft(state)
    draft.steps += 1
    _carry_out(draft, actor, action)
    if draft.outcome is None:
        _advance_turn(draft, passed=isinstance(action, Pass))
    return _settle(draft)


def why_illegal(state: GameState, action: Action) -> str | None:
    """Why an action is not allowed now, in words a player understands, or None. Judged
    on the board as the delegation to act knows it (see `belief`)."""
    if state.outcome is not None:
        return "the game is over"
    scenario = state.scenario
    phase = scenario.phases[state.phase]
    actor = state.order[state.turn]
    state = believed(state, actor)
    if action.kind not in phase.actions:
        return f"you cannot {action.kind.replace('_', ' ')} in the {phase.name} phase"
    match action:
        case Pass():
            return None
        case PlayCard(card=card, target=target):
            return _card_error(state, actor, card, target)
        case Propose():
            return negotiation.offer_error(state, actor, action)
        case Accept(proposal=pid) | Reject(proposal=pid):
            return _response_error(state, actor, pid)
        case Counter(proposal=pid, offer=offer):
            error = _response_error(state, actor, pid)
            if error:
                return error
            p = state.proposal(pid)
            assert p is not None
            if p.proposer not in offer.addressees:
                return "a counter-proposal must be addressed to the original proposer"
            # The countered proposal is off the table once countered.
            without = _without_proposal(state, pid)
            return negotiation.offer_error(without, actor, offer)
        case Stall(proposal=pid):
            p = state.proposal(pid)
            forum = scenario.forum_by_id[state.forum]
            if p is None:
                return f"there is no proposal #{pid} on the table"
            if actor == p.proposer:
                return "you cannot stall your own proposal"
            if actor not in forum.members:
                return f"you do not sit in {forum.name}"
            if p.stalled_round == state.round:
                return "that proposal is already stalled this round"
            if p.stalls >= forum.stall:
                return f"{forum.name} allows no more stalling of proposal #{pid}"
            if not state.can_pay(actor, scenario.rules.stall_cost):
                return "you cannot afford to stall"
            return None
        case ForumShop(forum=forum_id):
            if forum_id not in scenario.forum_by_id:
                return f"unknown forum {forum_id!r}"
            if forum_id == state.forum:
                return "the talks are already there"
            if actor not in scenario.forum_by_id[forum_id].members:
                return f"you do not sit in {scenario.forum_by_id[forum_id].name}"
            if not state.can_pay(actor, scenario.rules.forum_shop_cost):
                return "you cannot afford to move the talks"
            return None
        case LinkIssues(first=a, second=b):
            for issue in (a, b):
                if issue not in scenario.issue_index:
                    return f"unknown issue {issue!r}"
                if state.issue(issue).status != "open":
                    return f"{scenario.issue(issue).name} is already settled"
            if a == b:
                return "an issue cannot be linked to itself"
            if b in state.issue(a).links:
                return "those issues are already linked"
            if not state.can_pay(actor, scenario.rules.link_cost):
                return "you cannot afford to link issues"
            return None
        case DeclareRedLine(issue=issue):
            if issue not in scenario.delegation(actor).red_lines:
                return "that is not one of your red lines"
            if issue in state.delegation(actor).revealed:
                return "that red line is already known"
            return None
        case ConsultAllies():
            if scenario.delegation(actor).alliance is None:
                return "you have no allies to consult"
            if state.delegation(actor).consulted_round == state.round:
                return "you have already consulted your allies this round"
            return None
    return f"unknown action {action!r}"  # pragma: no cover


# -- legal action generation -------------------------------------------------


def _runs(state: GameState, actor: str) -> Iterator[Sequence[Action]]:
    """The legal actions but passing, as non-empty runs in the phase's order of kinds.

    An offer menu (made of shared pieces, see `offers.Offers`) and its counters come as
    shared tuples from the menu tables, so a bot may judge such a run once and remember
    it by identity.
    """
    scenario = state.scenario
    phase = scenario.phases[state.phase]
    rules = scenario.rules
    me = state.delegation(actor)
    answerable: list[Proposal] | None = None
    menu: offers.Menu | None = None  # offers and counters share it
    for kind in phase.actions:
        if kind == "play_card":
            plays: list[Action] = []
            seen: set[str] = set()
            for card_id in me.hand:
                if card_id in seen:
                    continue
                seen.add(card_id)
                card = scenario.cards[card_id]
                # What `_card_error` checks, the parts that do not depend on the target once:
                # `_targets` lists only targets of the right kind.
                if (
                    phase.id not in card.phases
                    or (card.playable_by and actor not in card.playable_by)
                    or not state.can_pay(actor, card.cost)
                ):
                    continue
                requires = card.requires
                for target in _targets(state, actor, card):
                    if requires is None or interpret.holds(state, requires, actor, target):
                        plays.append(PlayCard(card_id, target))
            if plays:
                yield plays
        elif kind == "propose":
            if menu is None:
                menu = offers.menu(state, actor)
            if menu.offers:
                yield menu.offers
        elif kind in ("accept", "reject", "counter"):
            if answerable is None:  # what `_response_error` allows, for all three kinds
                answerable = [
                    p
                    for p in state.proposals
                    if actor in p.addressees
                    and actor not in p.accepted
                    and p.stalled_round != state.round
                ]
            if not answerable:
                continue
            if kind == "accept":
                yield [_answers(scenario, p.id)[0] for p in answerable]
            elif kind == "reject":
                yield [_answers(scenario, p.id)[1] for p in answerable]
            else:
                if menu is None:
                    menu = offers.menu(state, actor)
                for p in answerable:
                    counters = menu.counters_to(p.id, p.proposer)
                    if counters:
                        yield counters
        elif kind == "stall":
            # What `why_illegal` allows for a stall, checked once for the forum and purse.
            forum = scenario.forum_by_id[state.forum]
            if actor in forum.members and state.can_pay(actor, rules.stall_cost):
                stalls: list[Action] = [
                    _answers(scenario, p.id)[2]
                    for p in state.proposals
                    if p.proposer != actor
                    and p.stalled_round != state.round
                    and p.stalls < forum.stall
                ]
                if stalls:
                    yield stalls
        elif kind == "forum_shop":
            if state.can_pay(actor, rules.forum_shop_cost):
                shops: list[Action] = [
                    ForumShop(f.id)
                    for f in scenario.forums
                    if f.id != state.forum and actor in f.members
                ]
                if shops:
                    yield shops
        elif kind == "link_issues":
            if state.can_pay(actor, rules.link_cost):
                links = _link_moves(state)
                if links:
                    yield links
        elif kind == "declare_red_line":
            declare: list[Action] = [
                DeclareRedLine(issue)
                for issue in scenario.delegation(actor).red_lines
                if issue not in me.revealed
            ]
            if declare:
                yield declare
        elif kind == "consult_allies":
            if (
                scenario.delegation(actor).alliance is not None
                and me.consulted_round != state.round
            ):
                yield (CONSULT,)


def _answers(scenario: Scenario, pid: int) -> tuple[Accept, Reject, Stall]:
    """The moves that answer proposal `pid`, one object each: every game numbers its
    proposals from 1, and each is answered turn after turn, so they are made once."""
    table = scenario.memo.get("answer-moves")
    if not isinstance(table, dict):
        table = scenario.memo["answer-moves"] = {}
    found = table.get(pid)
    if found is None:
        found = table[pid] = (Accept(pid), Reject(pid), Stall(pid))
    return cast("tuple[Accept, Reject, Stall]", found)


def _link_moves(state: GameState) -> tuple[LinkIssues, ...]:
    """Every pair of open issues not linked yet. States share their issues until one
    changes (see Draft.freeze), so the last answer is kept; each move is one object per
    pair of issues, made once for the scenario."""
    scenario = state.scenario
    last = scenario.memo.get("link-moves")
    issues = state.issues
    if isinstance(last, tuple) and last[0] is issues:
        return cast("tuple[LinkIssues, ...]", last[1])
    # The moves depend only on which issues are open and their links, which recur from
    # game to game (no links at all, mostly) while saliences make new issue states.
    board = tuple(st.links if st.status == "open" else None for st in issues)
    known = scenario.memo.get("link-moves-by-board")
    if not isinstance(known, dict) or len(known) >= LINK_BOARDS_REMEMBERED:
        known = scenario.memo["link-moves-by-board"] = {}
    moves = known.get(board)
    if moves is None:
        moves = known[board] = _pairs(scenario, board)
    scenario.memo["link-moves"] = (issues, moves)
    return cast("tuple[LinkIssues, ...]", moves)


LINK_BOARDS_REMEMBERED = 4096  # a tuple of ten issues' links each


def _pairs(scenario: Scenario, board: tuple[tuple[str, ...] | None, ...]) -> tuple[LinkIssues, ...]:
    pairs = scenario.memo.get("link-pairs")
    if not isinstance(pairs, dict):
        pairs = scenario.memo["link-pairs"] = {}
    open_ids = [
        (s.id, links) for s, links in zip(scenario.issues, board, strict=True) if links is not None
    ]
    links: list[LinkIssues] = []
    for i, (a, linked) in enumerate(open_ids):
        for b, _ in open_ids[i + 1 :]:
            if b not in linked:
                move = pairs.get((a, b))
                if move is None:
                    move = pairs[a, b] = LinkIssues(a, b)
                links.append(move)
    return tuple(links)


def _targets(state: GameState, actor: str, card: CardDef) -> list[str | None]:
    if card.target == "delegation":
        return [d.id for d in state.scenario.delegations if d.id != actor]
    if card.target == "issue":
        return [
            s.id for i, s in enumerate(state.scenario.issues) if state.issues[i].status == "open"
        ]
    return [None]


def _card_error(state: GameState, actor: str, card_id: str, target: str | None) -> str | None:
    scenario = state.scenario
    if card_id not in state.delegation(actor).hand:
        return "that card is not in your hand"
    card = scenario.cards[card_id]
    if state.phase_id not in card.phases:
        return f"{card.name} cannot be played in this phase"
    if card.playable_by and actor not in card.playable_by:
        return f"{card.name} is not yours to play"
    if card.target == "delegation":
        if target not in scenario.delegation_index or target == actor:
            return f"{card.name} needs another delegation as its target"
    elif card.target == "issue":
        if target is None or target not in scenario.issue_index:
            return f"{card.name} needs an issue as its target"
        if state.issue(target).status != "open":
            return f"{scenario.issue(target).name} is already settled"
    elif target is not None:
        return f"{card.name} takes no target"
    if not state.can_pay(actor, card.cost):
        return f"you cannot afford {card.name}"
    if card.requires is not None and not interpret.holds(state, card.requires, actor, target):
        return f"the conditions for {card.name} are not met"
    return None


def _response_error(state: GameState, actor: str, pid: int) -> str | None:
    p = state.proposal(pid)
    if p is None:
        return f"there is no proposal #{pid} on the table"
    if actor not in p.addressees:
        return f"proposal #{pid} is not addressed to you"
    if actor in p.accepted:
        return f"you have already accepted proposal #{pid}"
    if p.stalled_round == state.round:
        return f"proposal #{pid} is stalled until the next round"
    return None


def _without_proposal(state: GameState, pid: int) -> GameState:
    from attrs import evolve

    return evolve(state, proposals=tuple(p for p in state.proposals if p.id != pid))


# -- carrying actions out ----------------------------------------------------


def _carry_out(draft: Draft, actor: str, action: Action) -> None:
    scenario = draft.scenario
    who = scenario.delegation(actor)
    name = who.name
    match action:
        case Pass():
            draft.emit("passed", f"{name} {who.agree('passes', 'pass')}.", actor)
        case PlayCard(card=card_id, target=target):
            card = scenario.cards[card_id]
            draft.pay(actor, card.cost)
            cards.discard_card(draft, actor, card_id)
            on = ""
            if target is not None and target in scenario.delegation_index:
                on = f" on {scenario.delegation(target).name}"
            elif target is not None and target in scenario.issue_index:
                on = f" on {scenario.issue(target).name}"
            draft.emit(
                "card_played",
                f"{name} {who.agree('plays', 'play')} {card.name}{on}{scenario.paying(card.cost)}.",
                actor,
                card=card_id,
                target=target,
            )
            interpret.run(draft, card.effects, actor, target)
        case Propose():
            negotiation.propose(draft, actor, action)
        case Accept(proposal=pid):
            negotiation.accept(draft, actor, pid)
        case Reject(proposal=pid):
            negotiation.reject(draft, actor, pid)
        case Counter(proposal=pid, offer=offer):
            negotiation.counter(draft, actor, pid, offer)
        case Stall(proposal=pid):
            negotiation.stall(draft, actor, pid)
        case ForumShop(forum=forum_id):
            draft.pay(actor, scenario.rules.forum_shop_cost)
            forums.move(draft, forum_id, actor, scenario.paying(scenario.rules.forum_shop_cost))
        case LinkIssues(first=a, second=b):
            draft.pay(actor, scenario.rules.link_cost)
            negotiation.link(draft, a, b, actor, paid=scenario.paying(scenario.rules.link_cost))
        case DeclareRedLine(issue=issue):
            escalation.declare(draft, actor, issue)
        case ConsultAllies():
            alliance.consult(draft, actor)


# -- turns, phases and rounds ------------------------------------------------


def _order(scenario: Scenario, round_no: int) -> tuple[str, ...]:
    order = scenario.turn_order
    if not scenario.rules.rotate_first:
        return order
    k = (round_no - 1) % len(order)
    return order[k:] + order[:k]


def _advance_turn(draft: Draft, passed: bool) -> None:
    draft.passes = draft.passes + 1 if passed else 0
    draft.turn += 1
    if draft.turn >= len(draft.order):
        draft.turn = 0
        draft.lap += 1
    phase = draft.scenario.phases[draft.phase]
    if draft.lap >= phase.laps or draft.passes >= len(draft.order):
        _next_phase(draft)


def _begin_phase(draft: Draft) -> None:
    while draft.outcome is None:
        phase = draft.scenario.phases[draft.phase]
        draft.turn = draft.lap = draft.passes = 0
        if phase.actions:
            draft.emit("phase_started", f"{phase.name} phase.", phase=phase.id)
            return
        for step in phase.steps:
            _run_step(draft, step)
            if draft.outcome is not None:
                return
        if not _step_phase(draft):
            return


def _next_phase(draft: Draft) -> None:
    phase = draft.scenario.phases[draft.phase]
    if "propose" in phase.actions:
        negotiation.lapse_unanswered(draft)
    if _step_phase(draft):
        _begin_phase(draft)


def _step_phase(draft: Draft) -> bool:
    """Move to the next phase, or the next round; False when the game has ended."""
    draft.phase += 1
    if draft.phase < len(draft.scenario.phases):
        return True
    draft.phase = len(draft.scenario.phases) - 1
    if draft.round >= draft.rules.max_rounds:
        scoring.end_game(draft, "stalemate", "the round limit was reached with talks still going")
        return False
    draft.round += 1
    draft.phase = 0
    draft.order = _order(draft.scenario, draft.round)
    draft.emit("round_started", f"Round {draft.round} of {draft.rules.max_rounds} begins.")
    return True


def _run_step(draft: Draft, step: str) -> None:
    if step == "draw_event":
        for _ in range(draft.rules.events_per_round):
            event_id = cards.draw_event(draft)
            if event_id is None:
                return
            event = draft.scenario.events[event_id]
            draft.emit("event", f"{event.name}: {event.text}", event=event_id)
            interpret.run(draft, event.effects, None, None)
            if draft.outcome is not None:
                return
    elif step == "leak_check":
        private.leak_check(draft)
    elif step == "miscalculation":
        escalation.miscalculation(draft)
    elif step == "escalation_check":
        escalation.escalation_check(draft)
    elif step == "upkeep":
        scoring.upkeep(draft)
    elif step == "refill_hands":
        cards.refill_hands(draft)
    else:  # pragma: no cover - the loader rejects unknown steps
        raise ValueError(step)


def _settle(draft: Draft) -> tuple[GameState, list[Event]]:
    """Freeze the draft, then pass for delegations that have nothing to decide."""
    events = draft.events
    state = draft.freeze()
    while state.outcome is not None or not has_choice(state, state.order[state.turn]):
        if state.outcome is not None:
            break
        skip = Draft(state)
        _advance_turn(skip, passed=True)
        events.extend(skip.events)
        state = skip.freeze()
    return state, events
