"""What happened: the events an action produces, for logs, narratives and UIs."""

from __future__ import annotations

import attrs

# Kinds a replay or report treats as key moments.
KEY_MOMENTS = frozenset(
    {
        "agreement",
        "secret_deal",
        "leak",
        "red_line_crossed",
        "crisis_began",
        "miscalculation",
        "forum_moved",
        "game_over",
    }
)


@attrs.frozen
class Event:
    """One thing that happened.

    `visible_to` is None for public events, or the delegations allowed to see it
    (the parties of a secret deal, the holder of a hand).
    """

    kind: str
    round: int
    phase: str
    text: str
    actor: str | None = None
    visible_to: tuple[str, ...] | None = None
    data: tuple[tuple[str, object], ...] = ()

    def visible(self, delegation: str | None) -> bool:
        """Whether a delegation may see it; None stands for the facilitator, who sees all."""
        return delegation is None or self.visible_to is None or delegation in self.visible_to

    def get(self, key: str) -> object:
        for k, v in self.data:
            if k == key:
                return v
        return None

    @property
    def is_key_moment(self) -> bool:
        return self.kind in KEY_MOMENTS
