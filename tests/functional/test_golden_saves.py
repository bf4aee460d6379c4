"""The example saves replay to their recorded digests: the engine still plays old games."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.persist.replay import replay_steps, verify
from wargame.persist.save import read_save

SAVES = Path(__file__).resolve().parents[2] / "saves"
# The final digests the examples were recorded with. A change to the engine that alters
# them breaks every saved seminar game: it must be a deliberate, versioned decision.
GOLDEN = {
    "cuba-secret-deal-and-leak.yaml": "eb33a0e5ff9da29d",
    "europe-forum-shift-and-crisis.yaml": "4ed85109832f9610",
    "europe-settlement.yaml": "98e6d2aff66d2319",
    "syria-war.yaml": "719a93336b3f1854",
}
MOMENTS = {
    "cuba-secret-deal-and-leak.yaml": {"secret_deal", "leak", "agreement"},
    "europe-forum-shift-and-crisis.yaml": {"forum_moved", "crisis_began"},
    "europe-settlement.yaml": {"secret_deal", "agreement", "game_over"},
    "syria-war.yaml": {"war", "game_over"},
}


def test_every_example_save_is_pinned() -> None:
    assert sorted(p.name for p in SAVES.glob("*.yaml")) == sorted(GOLDEN)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_an_example_replays_to_its_recorded_digest(name: str) -> None:
    save = read_save(SAVES / name)
    verdict = verify(save)
    assert verdict.ok, verdict.message
    assert save.result is not None
    assert str(save.result["digest"]).startswith(GOLDEN[name])


@pytest.mark.parametrize("name", sorted(MOMENTS))
def test_an_example_shows_its_moments(name: str) -> None:
    kinds = {e.kind for step in replay_steps(read_save(SAVES / name)) for e in step.events}
    assert MOMENTS[name] <= kinds
