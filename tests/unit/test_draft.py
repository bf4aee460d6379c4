"""The copy-on-write draft an action works on: what it freezes into."""

from __future__ import annotations

import attrs

from tests.helpers import start
from wargame.core.model import Draft, GameState
from wargame.core.scenario import Scenario


def test_a_draft_freezes_to_the_state_it_was_made_from(tiny: Scenario) -> None:
    """Every field comes back as the very object it was (freeze builds the state by
    position): each field marked with an object of its own, none may trade places."""
    state = start(tiny)
    marks = {f.name: object() for f in attrs.fields(GameState) if f.name != "scenario"}
    marked = attrs.evolve(state, **marks)
    frozen = Draft(marked).freeze()
    for name, mark in marks.items():
        assert getattr(frozen, name) is mark, name
    assert frozen.scenario is tiny


def test_a_collection_changed_and_changed_back_keeps_its_identity(tiny: Scenario) -> None:
    state = start(tiny)
    draft = Draft(state)
    draft.add_track("tension", 1)
    draft.add_track("tension", -1)
    draft.hands[0].append("extra")
    frozen = draft.freeze()
    assert frozen.tracks is state.tracks  # read, written, but as it was
    assert frozen.delegations[0].hand == (*state.delegations[0].hand, "extra")
    assert frozen.delegations[1] is state.delegations[1]
