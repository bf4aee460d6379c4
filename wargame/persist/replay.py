"""Replaying a save: re-simulate it, verify it, and step through it."""

from __future__ import annotations

import attrs

from wargame import __version__
from wargame.content.yamlsource import Problem
from wargame.core.engine import IllegalActionError, apply, start_game
from wargame.core.events import Event
from wargame.core.model import GameState
from wargame.core.scenario import Scenario
from wargame.core.view import View, view_for
from wargame.persist.digest import state_digest
from wargame.persist.save import SHORT_DIGEST, LoggedAction, SaveError, SaveGame


@attrs.frozen
class Step:
    """The game after `index` actions (0: the opening), and what that action made happen."""

    index: int
    state: GameState
    events: tuple[Event, ...]
    action: LoggedAction | None


@attrs.frozen
class Verdict:
    ok: bool
    message: str
    diverged_at: int | None = None


def _scenario(save: SaveGame) -> Scenario:
    if save.scenario is None:  # pragma: no cover - read_save always builds it
        raise SaveError([Problem(save.scenario_id, None, "", "the save carries no scenario")])
    return save.scenario


def _recorded_with(save: SaveGame) -> str:
    """Why a save may not replay: it was made by another version, whose rules may differ."""
    if save.engine == __version__:
        return ""
    return f" (recorded with wargame {save.engine}; this is {__version__}, whose rules may differ)"


def _illegal(save: SaveGame, entry: LoggedAction, reason: str) -> SaveError:
    return SaveError(
        [
            Problem(
                save.source or save.scenario_id,
                None,
                f"actions[{entry.n - 1}]",
                f"action {entry.n} (round {entry.round}, {entry.phase}, {entry.by}) "
                f"is illegal at its point in the log: {reason}{_recorded_with(save)}",
            )
        ]
    )


def replay_steps(save: SaveGame) -> list[Step]:
    """Every step of the game, from the opening to the last logged action."""
    state, events = start_game(_scenario(save), save.seed)
    steps = [Step(0, state, tuple(events), None)]
    for entry in save.actions:
        if state.outcome is not None:
            raise _illegal(save, entry, "the game was already over")
        if state.to_act != entry.by:
            raise _illegal(save, entry, f"it was {state.to_act}'s move, not {entry.by}'s")
        try:
            state, events = apply(state, entry.action)
        except IllegalActionError as exc:
            raise _illegal(save, entry, str(exc)) from None
        steps.append(Step(entry.n, state, tuple(events), entry))
    return steps


def resume(save: SaveGame) -> tuple[GameState, list[Event]]:
    """The game as it stood after the last logged action, with every event so far."""
    steps = replay_steps(save)
    return steps[-1].state, [e for s in steps for e in s.events]


def verify(save: SaveGame) -> Verdict:
    """Re-simulate headless: every action's digest, then the final digest, must match."""
    verdict = _verify(save)
    if not verdict.ok:
        return attrs.evolve(
            verdict,
            message=f"{verdict.message}{_recorded_with(save)}",
        )
    return verdict


def _verify(save: SaveGame) -> Verdict:
    state, _ = start_game(_scenario(save), save.seed)
    for entry in save.actions:
        where = (state.round, state.phase_id)
        if state.outcome is None and where != (entry.round, entry.phase):
            return Verdict(
                False,
                f"diverged at action {entry.n} (round {entry.round}, {entry.phase} in the log): "
                f"the re-simulated game is in round {where[0]}, {where[1]}",
                entry.n,
            )
        if state.outcome is not None or state.to_act != entry.by:
            return Verdict(
                False,
                f"diverged at action {entry.n} (round {entry.round}, {entry.phase}): "
                f"the re-simulated game expected {state.to_act or 'no one'} to move, "
                f"the log says {entry.by}",
                entry.n,
            )
        try:
            state, _ = apply(state, entry.action)
        except IllegalActionError as exc:
            return Verdict(
                False,
                f"diverged at action {entry.n} (round {entry.round}, {entry.phase}, {entry.by}): "
                f"illegal in the re-simulated game: {exc}",
                entry.n,
            )
        if state_digest(state)[:SHORT_DIGEST] != entry.digest:
            return Verdict(False, _differs(entry), entry.n)
    if save.result is not None:
        digest = state_digest(state)
        if digest != save.result.get("digest"):
            return Verdict(False, FINAL_DIFFERS, len(save.actions))
        return Verdict(True, f"verified: {len(save.actions)} actions, final digest {digest[:16]}")
    return Verdict(True, f"verified: {len(save.actions)} actions (game still in progress)")


FINAL_DIFFERS = "the final state differs from the recorded result"


def _differs(entry: LoggedAction) -> str:
    return (
        f"diverged at action {entry.n} (round {entry.round}, {entry.phase}, {entry.by}): "
        "the state after it differs from the recorded one"
    )


def mismatch(save: SaveGame, steps: list[Step]) -> str | None:
    """Where replayed steps part from the game the save records, or None when they do not.

    A save edited by hand, or made by another version, re-plays legally into another game;
    a debrief must not take that one for the game that was played."""
    for step in steps[1:]:
        entry = step.action
        assert entry is not None
        if state_digest(step.state)[:SHORT_DIGEST] != entry.digest:
            return _differs(entry) + _recorded_with(save)
    result = save.result
    if result is not None and state_digest(steps[-1].state) != result.get("digest"):
        return FINAL_DIFFERS + _recorded_with(save)
    return None


class Replay:
    """Step forward and back through a saved game; any step's state and any view of it."""

    def __init__(self, save: SaveGame) -> None:
        self.save = save
        self.steps = replay_steps(save)
        self.index = 0
        self.mismatch = mismatch(save, self.steps)  # None: the game as it was played

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def current(self) -> Step:
        return self.steps[self.index]

    @property
    def state(self) -> GameState:
        return self.current.state

    def go(self, index: int) -> Step:
        self.index = max(0, min(len(self.steps) - 1, index))
        return self.current

    def forward(self) -> Step:
        return self.go(self.index + 1)

    def back(self) -> Step:
        return self.go(self.index - 1)

    def jump_to_round(self, round_no: int) -> Step:
        for step in self.steps:
            if step.state.round >= round_no:
                return self.go(step.index)
        return self.go(len(self.steps) - 1)

    def next_key_moment(self) -> Step:
        for step in self.steps[self.index + 1 :]:
            if any(e.is_key_moment for e in step.events):
                return self.go(step.index)
        return self.current

    def view(self, delegation: str) -> View:
        return view_for(self.state, delegation)

    def events_until_now(self, delegation: str | None = None) -> list[Event]:
        """Every event up to this step that a delegation could see (None: the facilitator)."""
        return [e for s in self.steps[: self.index + 1] for e in s.events if e.visible(delegation)]
