"""The after-action report as data: what a debrief shows, built from a save and its replay.

Everything here is a pure function of the save and its replayed steps, so the same
save always gives the same report. The narrative and the key moments hold only
public events (the debrief is for the whole room); what only some delegations saw
(secret deals and their leaks) is kept apart, in the facilitator's view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from wargame.core.events import Event
from wargame.core.model import GameState
from wargame.core.rules.scoring import standings
from wargame.core.scenario import Scenario
from wargame.persist.replay import Step, mismatch
from wargame.persist.save import SaveGame

# Public events a narrative leaves out: turn-by-turn bookkeeping, not what happened.
NOISE = frozenset({"passed", "phase_started", "cards_drawn", "deck_reshuffled", "round_started"})


@attrs.frozen
class Seat:
    id: str
    name: str
    player: str


@attrs.frozen
class Score:
    id: str
    name: str
    score: int
    winner: bool


@attrs.frozen
class OutcomeLine:
    kind: str  # settlement | stalemate | crisis | war
    round: int
    reason: str
    winners: tuple[str, ...]  # delegation names
    text: str  # the game_over event's own words


@attrs.frozen
class Line:
    """One public event in the narrative."""

    step: int
    round: int
    phase: str
    kind: str
    text: str
    actor: str | None
    key: bool


@attrs.frozen
class RoundStory:
    round: int
    tension_start: int
    tension_end: int
    forum: str  # where the talks stood at the round's end (a name)
    summary: str
    lines: tuple[Line, ...]


@attrs.frozen
class KeyMoment:
    number: int
    step: int
    round: int
    phase: str
    kind: str
    text: str
    tension: int  # after the step it happened in (where the tension chart marks it)


@attrs.frozen
class Annotation:
    step: int
    round: int
    phase: str
    by: str  # the delegation that acted at that step (a name)
    text: str


@attrs.frozen
class SecretDeal:
    agreement: int
    step: int
    round: int
    phase: str
    parties: tuple[str, ...]  # names
    text: str  # the secret_deal event: what only the parties knew
    public_text: str  # the agreement as the room saw it
    leaked_step: int | None = None
    leaked_round: int | None = None
    leak_text: str | None = None


@attrs.frozen
class Series:
    """Values after each step: steps[i] is the step number, the others its values."""

    steps: tuple[int, ...]
    rounds: tuple[int, ...]
    tension: tuple[int, ...]
    scores: Mapping[str, tuple[int, ...]]  # delegation id: standings(state) per step
    resources: Mapping[str, Mapping[str, tuple[int, ...]]]  # resource id: delegation id: values
    round_starts: tuple[tuple[int, int], ...]  # (round, first step in it)


@attrs.frozen
class GameReport:
    title: str
    source: str
    scenario_id: str
    scenario_name: str
    description: str
    seed: int
    started: str
    engine: str
    actions: int
    seats: tuple[Seat, ...]
    names: Mapping[str, str]  # delegation id: name
    resource_names: Mapping[str, str]
    phase_names: Mapping[str, str]  # phase id: name
    tension_name: str
    tension_min: int
    tension_max: int
    crisis_at: int
    war_at: int
    max_rounds: int
    outcome: OutcomeLine | None
    scores: tuple[Score, ...]
    narrative: tuple[RoundStory, ...]
    key_moments: tuple[KeyMoment, ...]
    annotations: tuple[Annotation, ...]
    secret_deals: tuple[SecretDeal, ...]
    hidden_events: int  # events only some delegations saw (private talks, secret terms, upkeep)
    series: Series
    # Where the replayed game parts from the one the save records (see persist.replay):
    # the report then describes what the log makes now, and says so.
    mismatch: str | None = None

    @property
    def is_over(self) -> bool:
        return self.outcome is not None

    def phase(self, phase_id: str) -> str:
        """A phase's name, from its id."""
        return self.phase_names.get(phase_id, phase_id)


def build_game_report(save: SaveGame, steps: Sequence[Step]) -> GameReport:
    """The report of one saved game from its replayed steps (`replay_steps(save)`)."""
    if not steps:
        raise ValueError("a replay has at least its opening step")
    final = steps[-1].state
    scenario = final.scenario
    rules = scenario.rules
    tension_def = scenario.tracks[scenario.track_index[rules.tension_track]]
    names = {d.id: d.name for d in scenario.delegations}
    return GameReport(
        title=f"After-action report: {save.scenario_name}",
        source=save.source,
        scenario_id=save.scenario_id,
        scenario_name=save.scenario_name,
        description=scenario.description,
        seed=save.seed,
        started=save.started,
        engine=save.engine,
        actions=len(save.actions),
        seats=tuple(Seat(d.id, d.name, save.seats.get(d.id, "?")) for d in scenario.delegations),
        names=names,
        resource_names={r.id: r.name for r in scenario.resources},
        phase_names={p.id: p.name for p in scenario.phases},
        tension_name=tension_def.name,
        tension_min=tension_def.min,
        tension_max=tension_def.max,
        crisis_at=rules.crisis_at,
        war_at=rules.war_at,
        max_rounds=rules.max_rounds,
        outcome=_outcome(final, steps),
        scores=_scores(final),
        narrative=narrative(scenario, steps),
        key_moments=key_moments(steps, rules.tension_track),
        annotations=facilitator_notes(save, names),
        secret_deals=secret_deals(steps, names),
        hidden_events=sum(1 for s in steps for e in s.events if e.visible_to is not None),
        series=series(steps),
        mismatch=mismatch(save, list(steps)),
    )


def _outcome(final: GameState, steps: Sequence[Step]) -> OutcomeLine | None:
    o = final.outcome
    if o is None:
        return None
    text = next(
        (e.text for s in reversed(steps) for e in s.events if e.kind == "game_over"),
        f"Game over in round {o.round}: {o.kind} ({o.reason}).",
    )
    scenario = final.scenario
    return OutcomeLine(
        kind=o.kind,
        round=o.round,
        reason=o.reason,
        winners=tuple(scenario.delegation(w).name for w in o.winners),
        text=text,
    )


def _scores(final: GameState) -> tuple[Score, ...]:
    """The final scores (secret parts included); for a game in progress, the standings now."""
    scenario = final.scenario
    o = final.outcome
    table = o.scores if o is not None else standings(final)
    winners = o.winners if o is not None else ()
    return tuple(Score(d, scenario.delegation(d).name, s, d in winners) for d, s in table)


def _tension_change(event: Event, track: str) -> int:
    if event.kind == "track_changed" and event.get("track") == track:
        change = event.get("change")
        return change if isinstance(change, int) else 0
    if event.kind == "miscalculation":
        change = event.get("change")
        return change if isinstance(change, int) else 0
    return 0


def narrative(scenario: Scenario, steps: Sequence[Step]) -> tuple[RoundStory, ...]:
    """Round by round, the public events and a one-paragraph summary of each round.

    Tension and forum are followed event by event (every change to them is an event),
    so a round's start and end values are exact even though one action can close a
    round and open the next; the walk is re-synchronised with the state after each step.
    """
    track = scenario.rules.tension_track
    tension = scenario.tracks[scenario.track_index[track]].start
    forum = scenario.start_forum
    start: dict[int, int] = {}
    end: dict[int, int] = {}
    forum_at_end: dict[int, str] = {}
    lines: dict[int, list[Line]] = {}
    for step in steps:
        for event in step.events:
            start.setdefault(event.round, tension)
            tension += _tension_change(event, track)
            if event.kind == "forum_moved" and isinstance(event.get("forum"), str):
                forum = str(event.get("forum"))
            end[event.round] = tension
            forum_at_end[event.round] = forum
            lines.setdefault(event.round, [])
            if event.visible_to is None and event.kind not in NOISE:
                lines[event.round].append(
                    Line(
                        step=step.index,
                        round=event.round,
                        phase=event.phase,
                        kind=event.kind,
                        text=event.text,
                        actor=event.actor,
                        key=event.is_key_moment,
                    )
                )
        tension = step.state.track(track)
        forum = step.state.forum
    stories = []
    for r in sorted(lines):
        forum_name = scenario.forum_by_id[forum_at_end[r]].name
        stories.append(
            RoundStory(
                round=r,
                tension_start=start[r],
                tension_end=end[r],
                forum=forum_name,
                summary=_summary(scenario, start[r], end[r], forum_name, lines[r]),
                lines=tuple(lines[r]),
            )
        )
    return tuple(stories)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one}" if n == 1 else f"{n} {many or one + 's'}"


def _summary(scenario: Scenario, t0: int, t1: int, forum: str, lines: Sequence[Line]) -> str:
    count: dict[str, int] = {}
    for line in lines:
        count[line.kind] = count.get(line.kind, 0) + 1
    rules = scenario.rules
    if t1 > t0:
        move = f"Tension rose from {t0} to {t1}"
    elif t1 < t0:
        move = f"Tension fell from {t0} to {t1}"
    else:
        move = f"Tension held at {t0}"
    if t1 >= rules.war_at:
        move += " (war)"
    elif t1 >= rules.crisis_at:
        move += " (crisis level)"
    parts = [f"{move}; the talks ended the round in the {forum}."]
    injects = [line.text.split(":", 1)[0] for line in lines if line.kind == "event"]
    if injects:
        parts.append(f"Outside events: {', '.join(injects)}.")
    tally = []
    proposals = count.get("proposal", 0) + count.get("counter", 0)
    if proposals:
        tally.append(_plural(proposals, "proposal") + " tabled in public")
    for kind, one, many in (
        ("agreement", "agreement", None),
        ("leak", "leak", None),
        ("forum_moved", "forum move", None),
        ("linked", "issue linkage", None),
        ("red_line_declared", "red line declared", "red lines declared"),
        ("red_line_crossed", "red line crossed", "red lines crossed"),
        ("miscalculation", "miscalculation", None),
        ("card_played", "card played", "cards played"),
    ):
        if count.get(kind):
            tally.append(_plural(count[kind], one, many))
    if count.get("crisis_began"):
        tally.append("a crisis broke out")
    if count.get("crisis_eased"):
        tally.append("the crisis eased")
    if tally:
        parts.append(
            tally[0][0].upper() + tally[0][1:] + "".join(f", {t}" for t in tally[1:]) + "."
        )
    else:
        parts.append("Nothing happened in public.")
    return " ".join(parts)


def key_moments(steps: Sequence[Step], track: str) -> tuple[KeyMoment, ...]:
    """The public key moments (agreements, leaks, crises...), numbered in order."""
    out: list[KeyMoment] = []
    for step in steps:
        for event in step.events:
            if event.is_key_moment and event.visible_to is None:
                out.append(
                    KeyMoment(
                        number=len(out) + 1,
                        step=step.index,
                        round=event.round,
                        phase=event.phase,
                        kind=event.kind,
                        text=event.text,
                        tension=step.state.track(track),
                    )
                )
    return tuple(out)


def facilitator_notes(save: SaveGame, names: Mapping[str, str]) -> tuple[Annotation, ...]:
    """The facilitator's notes, by the step of the action they were written against."""
    return tuple(
        Annotation(a.n, a.round, a.phase, names.get(a.by, a.by), a.note)
        for a in save.actions
        if a.note
    )


def secret_deals(steps: Sequence[Step], names: Mapping[str, str]) -> tuple[SecretDeal, ...]:
    """Every secret side deal, with the agreement the room saw and its leak, if it leaked."""
    public: dict[object, str] = {}
    leaks: dict[object, tuple[int, int, str]] = {}
    deals: list[tuple[Step, Event]] = []
    for step in steps:
        for event in step.events:
            if event.kind == "agreement":
                public[event.get("agreement")] = event.text
            elif event.kind == "leak":
                leaks.setdefault(event.get("agreement"), (step.index, event.round, event.text))
            elif event.kind == "secret_deal":
                deals.append((step, event))
    out = []
    for step, event in deals:
        ident = event.get("agreement")
        parties = event.get("parties")
        party_ids = parties if isinstance(parties, tuple) else (event.visible_to or ())
        leak = leaks.get(ident)
        out.append(
            SecretDeal(
                agreement=ident if isinstance(ident, int) else 0,
                step=step.index,
                round=event.round,
                phase=event.phase,
                parties=tuple(names.get(str(p), str(p)) for p in party_ids),
                text=event.text,
                public_text=public.get(ident, ""),
                leaked_step=leak[0] if leak else None,
                leaked_round=leak[1] if leak else None,
                leak_text=leak[2] if leak else None,
            )
        )
    return tuple(out)


def series(steps: Sequence[Step]) -> Series:
    """Tension, each delegation's standing score and resources after every step."""
    scenario = steps[0].state.scenario
    track = scenario.rules.tension_track
    ids = [d.id for d in scenario.delegations]
    scores: dict[str, list[int]] = {d: [] for d in ids}
    resources: dict[str, dict[str, list[int]]] = {
        r.id: {d: [] for d in ids} for r in scenario.resources
    }
    round_starts: list[tuple[int, int]] = []
    for step in steps:
        state = step.state
        if not round_starts or round_starts[-1][0] != state.round:
            round_starts.append((state.round, step.index))
        for d, s in standings(state):
            scores[d].append(s)
        for i, d in enumerate(ids):
            values = state.delegations[i].resources
            for r, res in enumerate(scenario.resources):
                resources[res.id][d].append(values[r])
    return Series(
        steps=tuple(s.index for s in steps),
        rounds=tuple(s.state.round for s in steps),
        tension=tuple(s.state.track(track) for s in steps),
        scores={d: tuple(v) for d, v in scores.items()},
        resources={r: {d: tuple(v) for d, v in by.items()} for r, by in resources.items()},
        round_starts=tuple(round_starts),
    )
