"""The actions a delegation can take: a tagged union of frozen classes.

An action does not name its actor: it is always the delegation `to_act`.
"""

from __future__ import annotations

from typing import ClassVar, TypeAlias

import attrs


@attrs.frozen
class Term:
    """One concession in a package: delegation `by` concedes on `issue`."""

    issue: str
    by: str
    secret: bool = False


@attrs.frozen
class EconomicTerm:
    """An economic sweetener: `giver` transfers `amount` of the economic resource to `receiver`."""

    giver: str
    receiver: str
    amount: int


@attrs.frozen
class Pass:
    kind: ClassVar[str] = "pass"


@attrs.frozen
class PlayCard:
    kind: ClassVar[str] = "play_card"
    card: str
    target: str | None = None


@attrs.frozen
class Propose:
    kind: ClassVar[str] = "propose"
    addressees: tuple[str, ...]
    terms: tuple[Term, ...]
    form: str = "de_facto"
    framing: str = "regional"
    economics: tuple[EconomicTerm, ...] = ()


@attrs.frozen
class Accept:
    kind: ClassVar[str] = "accept"
    proposal: int


@attrs.frozen
class Reject:
    kind: ClassVar[str] = "reject"
    proposal: int


@attrs.frozen
class Counter:
    """Reject a proposal and answer it with a new one in the same breath."""

    kind: ClassVar[str] = "counter"
    proposal: int
    offer: Propose


@attrs.frozen
class Stall:
    kind: ClassVar[str] = "stall"
    proposal: int


@attrs.frozen
class ForumShop:
    kind: ClassVar[str] = "forum_shop"
    forum: str


@attrs.frozen
class LinkIssues:
    kind: ClassVar[str] = "link_issues"
    first: str
    second: str


@attrs.frozen
class DeclareRedLine:
    kind: ClassVar[str] = "declare_red_line"
    issue: str


@attrs.frozen
class ConsultAllies:
    kind: ClassVar[str] = "consult_allies"


Action: TypeAlias = (
    Pass
    | PlayCard
    | Propose
    | Accept
    | Reject
    | Counter
    | Stall
    | ForumShop
    | LinkIssues
    | DeclareRedLine
    | ConsultAllies
)

ACTION_TYPES: dict[str, type[Action]] = {
    cls.kind: cls
    for cls in (
        Pass,
        PlayCard,
        Propose,
        Accept,
        Reject,
        Counter,
        Stall,
        ForumShop,
        LinkIssues,
        DeclareRedLine,
        ConsultAllies,
    )
}


def describe(action: Action) -> str:
    """A short human reading of an action, for logs and menus."""
    match action:
        case Pass():
            return "pass"
        case PlayCard(card=card, target=target):
            return f"play {card}" + (f" on {target}" if target else "")
        case Propose():
            return "propose " + describe_offer(action)
        case Accept(proposal=pid):
            return f"accept proposal #{pid}"
        case Reject(proposal=pid):
            return f"reject proposal #{pid}"
        case Counter(proposal=pid, offer=offer):
            return f"counter #{pid}: " + describe_offer(offer)
        case Stall(proposal=pid):
            return f"stall proposal #{pid}"
        case ForumShop(forum=forum):
            return f"move the talks to {forum}"
        case LinkIssues(first=a, second=b):
            return f"link {a} with {b}"
        case DeclareRedLine(issue=issue):
            return f"declare a red line on {issue}"
        case ConsultAllies():
            return "consult allies"
    raise TypeError(action)  # pragma: no cover


def describe_offer(offer: Propose) -> str:
    terms = ", ".join(
        f"{t.by} concedes {t.issue}" + (" (secret)" if t.secret else "") for t in offer.terms
    )
    econ = "".join(f"; {e.giver} gives {e.receiver} {e.amount}" for e in offer.economics)
    to = ", ".join(offer.addressees)
    return f"to {to}: {terms}{econ} [{offer.form.replace('_', ' ')}, {offer.framing}]"
