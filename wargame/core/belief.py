"""The board as one delegation may know it.

The secret terms of a deal stay with its parties until it leaks (rules/private.py); to
everyone else the issues those terms settled still look open (view.py). What a delegation
may do is judged on the board as it knows it, so the moves it is offered, and the reasons
a move is refused, tell it nothing its view hides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs

from wargame.core.model import Agreement, GameState, IssueState


class _Board(Protocol):
    @property
    def agreements(self) -> Sequence[Agreement]: ...

    def issue(self, issue_id: str) -> IssueState: ...


def _unknown_to(a: Agreement, delegation: str) -> bool:
    """Whether a deal has secret terms this delegation is kept out of."""
    return not a.leaked and delegation not in a.parties and a.has_secret


def believed(state: GameState, delegation: str) -> GameState:
    """`state` as `delegation` may know it: the deals it is kept out of without their secret
    terms, and the issues only those terms settled still open. The state itself when the
    delegation is kept out of nothing, as it mostly is."""
    agreements = state.agreements
    if not any(_unknown_to(a, delegation) for a in agreements):
        return state
    # States share their issues and agreements until one changes (see Draft.freeze): the
    # last answer for each delegation is kept, so what is judged on the believed board
    # (offer menus, link moves) is looked up by the same objects while nothing changes.
    key = ("believed", delegation)
    last = state.scenario.memo.get(key)
    if not (isinstance(last, tuple) and last[0] is state.issues and last[1] is agreements):
        hidden = {
            t.issue for a in agreements if _unknown_to(a, delegation) for t in a.terms if t.secret
        }
        issues = tuple(
            IssueState(salience=st.salience, links=st.links) if spec.id in hidden else st
            for spec, st in zip(state.scenario.issues, state.issues, strict=True)
        )
        known = tuple(
            attrs.evolve(a, terms=a.public_terms) if _unknown_to(a, delegation) else a
            for a in agreements
        )
        last = state.scenario.memo[key] = (state.issues, agreements, issues, known)
    return attrs.evolve(state, issues=last[2], agreements=last[3])


def looks_open(board: _Board, issue: str, delegation: str | None = None) -> bool:
    """Whether an issue looks open to a delegation (None: to those outside every deal):
    open, or settled only by the secret terms of a deal it is kept out of. What changes
    such an issue in public (its salience, its links) still does, and what it costs a
    delegation that cannot know it is settled still costs, or either would give the
    secret away."""
    st = board.issue(issue)
    if st.status == "open":
        return True
    for a in board.agreements:
        if a.id == st.agreement:
            return (
                not a.leaked
                and delegation not in a.parties
                and any(t.secret for t in a.terms if t.issue == issue)
            )
    return False
