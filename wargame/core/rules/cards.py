"""The card and event decks: drawing, reshuffling, refilling hands."""

from __future__ import annotations

from wargame.core.model import Draft


def draw(draft: Draft, delegation: str, n: int) -> int:
    """Draw up to n cards into a hand, reshuffling the discard pile when the deck runs out."""
    hand = draft.hands[draft.scenario.delegation_index[delegation]]
    drawn = 0
    for _ in range(n):
        if not draft.deck:
            if not draft.discard:
                break
            shuffled, draft.rng = draft.rng.shuffled(draft.discard)
            draft.deck = list(shuffled)
            draft.discard = []
            draft.emit("deck_reshuffled", "The discard pile is shuffled into a new deck.")
        hand.append(draft.deck.pop())
        drawn += 1
    if drawn:
        who = draft.scenario.delegation(delegation)
        draft.emit(
            "cards_drawn",
            f"{who.name} {who.agree('draws', 'draw')} {drawn} card(s).",
            actor=delegation,
            count=drawn,
        )
    return drawn


def refill_hands(draft: Draft) -> None:
    size = draft.rules.hand_size
    for i, d in enumerate(draft.scenario.delegations):
        missing = size - len(draft.hands[i])
        if missing > 0:
            draw(draft, d.id, missing)


def discard_card(draft: Draft, delegation: str, card: str) -> None:
    hand = draft.hands[draft.scenario.delegation_index[delegation]]
    hand.remove(card)
    if draft.scenario.cards[card].once:
        draft.removed.append(card)
    else:
        draft.discard.append(card)


def draw_event(draft: Draft) -> str | None:
    """Turn up the next inject from the event deck (reshuffled when spent)."""
    if not draft.event_deck:
        if not draft.event_discard:
            return None
        shuffled, draft.rng = draft.rng.shuffled(draft.event_discard)
        draft.event_deck = list(shuffled)
        draft.event_discard = []
    event_id = draft.event_deck.pop()
    draft.event_discard.append(event_id)
    return event_id
