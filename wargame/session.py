"""The one stateful layer: the game in progress, who sits where, bot moves and autosave."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from wargame.autosaves import HUMAN, latest_unfinished, saves_dir
from wargame.bots.base import Bot, ask
from wargame.bots.external import ExternalBot
from wargame.bots.registry import UnknownBotError, bot_problem, make_bot
from wargame.content.library import load_content
from wargame.content.yamlsource import Problem
from wargame.core.actions import Action
from wargame.core.engine import apply, legal_actions, start_game, why_illegal
from wargame.core.events import Event
from wargame.core.model import GameState
from wargame.core.scenario import Scenario
from wargame.core.view import View, view_for
from wargame.persist.replay import resume
from wargame.persist.save import SaveError, SaveGame, SaveWriter, log_entry, new_save, read_save

__all__ = ["HUMAN", "Session", "latest_unfinished", "saves_dir"]


class Session:
    """A game being played: humans act through `act`, bots through `bot_step`.

    Every action is written to the autosave before the call returns, so closing
    the terminal loses at most the action in flight.
    """

    def __init__(
        self,
        scenario: Scenario,
        save: SaveGame,
        state: GameState,
        events: list[Event],
        path: Path | None,
    ) -> None:
        self.scenario = scenario
        self.state = state
        self.events = events
        self.seats = dict(save.seats)
        self.writer = SaveWriter(save, path)
        self.bots: dict[str, Bot] = {
            d: make_bot(player, save.seed, d, scenario)
            for d, player in self.seats.items()
            if player != HUMAN
        }
        # Bots' generators advance with each choice: replay them to where the game stands.
        self._catch_up_bots(save)

    @classmethod
    def new(
        cls,
        scenario_id: str,
        seats: Mapping[str, str],
        seed: int,
        path: Path | None = None,
        now: datetime | None = None,
    ) -> Session:
        scenario, content = load_content(scenario_id)
        unknown = [s for s in seats if s not in scenario.delegation_index]
        if unknown:  # a typo would otherwise leave the seat to its bot without a word
            known = ", ".join(scenario.delegation_index)
            raise KeyError(f"--seat: unknown delegation '{unknown[0]}' (known: {known})")
        players = {d.id: seats.get(d.id, d.bot) for d in scenario.delegations}
        started = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        save = new_save(scenario, content, seed, players, started)
        if path is None:
            stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
            path = saves_dir() / f"{scenario.id}-{stamp}-{seed}.yaml"
        state, events = start_game(scenario, seed)
        session = cls(scenario, save, state, events, path)
        session.writer.flush()
        return session

    @classmethod
    def load(cls, path: Path) -> Session:
        """Resume a saved game where it stood; raises SaveError for a bad save."""
        save = read_save(path)
        assert save.scenario is not None
        for seat, player in save.seats.items():
            problem = None if player == HUMAN else bot_problem(player)
            if problem:
                raise SaveError([Problem(str(path), None, f"header.seats.{seat}", problem)])
        state, events = resume(save)
        try:
            return cls(save.scenario, save, state, events, path)
        except UnknownBotError as exc:
            raise SaveError([Problem(str(path), None, "header.seats", str(exc.args[0]))]) from None

    def _catch_up_bots(self, save: SaveGame) -> None:
        if not save.actions:
            return
        state, _ = start_game(self.scenario, save.seed)
        for entry in save.actions:
            bot = self.bots.get(entry.by)
            # An external program keeps its own memory, which asking again cannot rebuild;
            # each question would cost it a move's time limit, and a slow answer its seat.
            if bot is not None and not isinstance(bot, ExternalBot):
                bot.choose(view_for(state, entry.by), legal_actions(state))
            state, _ = apply(state, entry.action)

    # -- reading ---------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.writer.path

    @property
    def to_act(self) -> str | None:
        return self.state.to_act

    @property
    def is_over(self) -> bool:
        return self.state.outcome is not None

    def is_human(self, delegation: str | None) -> bool:
        return delegation is not None and self.seats.get(delegation) == HUMAN

    @property
    def humans(self) -> list[str]:
        return [d for d, p in self.seats.items() if p == HUMAN]

    def view(self, delegation: str | None) -> View:
        """A delegation's view, or the public record for None."""
        return view_for(self.state, delegation)

    def legal(self) -> Sequence[Action]:
        return legal_actions(self.state)

    def why_illegal(self, action: Action) -> str | None:
        return why_illegal(self.state, action)

    def visible_events(self, delegation: str | None) -> list[Event]:
        return [e for e in self.events if e.visible(delegation)]

    # -- acting ------------------------------------------------------------------
    def act(self, action: Action) -> list[Event]:
        """Apply the move of whoever is to act, record it and autosave."""
        before = self.state
        self.state, events = apply(before, action)
        self.events.extend(events)
        self.writer.record(log_entry(before, action, self.state), self.state)
        return events

    def bot_step(self) -> tuple[str, Action, list[Event]] | None:
        """Let the bot to act move once; None when a human (or no one) is to act."""
        actor = self.state.to_act
        if actor is None or actor not in self.bots:
            return None
        action = ask(self.bots[actor], self.state)
        return actor, action, self.act(action)

    def annotate(self, notes: Mapping[int, str]) -> None:
        self.writer.set_notes(notes)
