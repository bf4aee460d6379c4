"""The baseline bot: uniform over the kinds of legal action, then over the options."""

from __future__ import annotations

from collections.abc import Sequence

from wargame.core.actions import Action
from wargame.core.rng import Rng, derive_seed
from wargame.core.view import View


class RandomBot:
    """Picking a kind first keeps one kind with many options (proposals) from crowding out
    the rest (accepting, passing)."""

    name = "random"

    def __init__(self, seed: int, seat: str) -> None:
        self.rng = Rng(derive_seed(seed, "bot", seat))

    def choose(self, view: View, legal: Sequence[Action]) -> Action:
        # The runs of the legal actions hold one kind each (a kind may take several runs).
        runs: Sequence[Sequence[Action]] = getattr(legal, "runs", None) or [[a] for a in legal]
        kinds: list[str] = []
        for run in runs:
            if run[0].kind not in kinds:
                kinds.append(run[0].kind)
        kind, self.rng = self.rng.choice(kinds)
        options = [a for run in runs if run[0].kind == kind for a in run]
        action, self.rng = self.rng.choice(options)
        return action
