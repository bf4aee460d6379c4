"""A stable fingerprint of a game state: what a replay must reproduce exactly."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from wargame.core.model import GameState


def canonical(state: GameState) -> dict[str, Any]:
    """The state as plain data, field by field, so the digest does not depend on reprs."""
    return {
        "rng": [state.rng.seed, state.rng.counter],
        "round": state.round,
        "phase": state.phase,
        "order": list(state.order),
        "turn": [state.turn, state.lap, state.passes],
        "tracks": list(state.tracks),
        "delegations": [
            [
                list(d.resources),
                d.score,
                d.secret_score,
                list(d.hand),
                list(d.revealed),
                d.consulted_round,
                d.links_made,
            ]
            for d in state.delegations
        ],
        "issues": [
            [i.status, i.form, i.salience, list(i.links), i.agreement] for i in state.issues
        ],
        "cohesion": list(state.cohesion),
        "forum": state.forum,
        "cards": [list(state.deck), list(state.discard), list(state.removed)],
        "events": [list(state.event_deck), list(state.event_discard)],
        "proposals": [
            [
                p.id,
                p.proposer,
                list(p.addressees),
                [[t.issue, t.by, t.secret] for t in p.terms],
                p.form,
                p.framing,
                [[e.giver, e.receiver, e.amount] for e in p.economics],
                p.forum,
                p.round,
                list(p.accepted),
                p.stalls,
                p.stalled_round,
            ]
            for p in state.proposals
        ],
        "agreements": [
            [
                a.id,
                list(a.parties),
                [[t.issue, t.by, t.secret] for t in a.terms],
                a.form,
                a.framing,
                a.forum,
                a.round,
                round(a.weight, 9),
                a.leaked,
            ]
            for a in state.agreements
        ],
        "next_id": state.next_id,
        "crisis_rounds": state.crisis_rounds,
        "steps": state.steps,
        "outcome": None
        if state.outcome is None
        else [
            state.outcome.kind,
            state.outcome.round,
            list(state.outcome.winners),
            [list(s) for s in state.outcome.scores],
        ],
    }


def state_digest(state: GameState) -> str:
    text = json.dumps(canonical(state), separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def content_digest(content: Any) -> str:
    text = json.dumps(content, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()
