"""Actions to plain data and back, for save files and the external-bot protocol."""

from __future__ import annotations

from typing import Any

from wargame.core.actions import (
    ACTION_TYPES,
    Accept,
    Action,
    ConsultAllies,
    Counter,
    DeclareRedLine,
    EconomicTerm,
    ForumShop,
    LinkIssues,
    Pass,
    PlayCard,
    Propose,
    Reject,
    Stall,
    Term,
)


class DecodeError(ValueError):
    """Data that does not describe an action; the message names the field."""


def encode(action: Action) -> dict[str, Any]:
    match action:
        case Pass() | ConsultAllies():
            return {"kind": action.kind}
        case PlayCard(card=card, target=target):
            out: dict[str, Any] = {"kind": action.kind, "card": card}
            if target is not None:
                out["target"] = target
            return out
        case Propose():
            return {"kind": action.kind, **_encode_offer(action)}
        case Accept(proposal=pid) | Reject(proposal=pid) | Stall(proposal=pid):
            return {"kind": action.kind, "proposal": pid}
        case Counter(proposal=pid, offer=offer):
            return {"kind": action.kind, "proposal": pid, "offer": _encode_offer(offer)}
        case ForumShop(forum=forum):
            return {"kind": action.kind, "forum": forum}
        case LinkIssues(first=a, second=b):
            return {"kind": action.kind, "issues": [a, b]}
        case DeclareRedLine(issue=issue):
            return {"kind": action.kind, "issue": issue}
    raise TypeError(action)  # pragma: no cover


def _encode_offer(offer: Propose) -> dict[str, Any]:
    out: dict[str, Any] = {
        "to": list(offer.addressees),
        "terms": [
            {"issue": t.issue, "by": t.by, **({"secret": True} if t.secret else {})}
            for t in offer.terms
        ],
        "form": offer.form,
        "framing": offer.framing,
    }
    if offer.economics:
        out["economics"] = [
            {"from": e.giver, "to": e.receiver, "amount": e.amount} for e in offer.economics
        ]
    return out


def _field(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in data:
        raise DecodeError(f"{where}: missing field '{key}'")
    value = data[key]
    if isinstance(value, bool) and kind is not bool:
        raise DecodeError(f"{where}.{key}: expected {_name(kind)}, got {value!r}")
    if not isinstance(value, kind):
        raise DecodeError(f"{where}.{key}: expected {_name(kind)}, got {value!r}")
    return value


def _name(kind: type | tuple[type, ...]) -> str:
    names = {
        str: "text",
        int: "a whole number",
        list: "a list",
        dict: "a mapping",
        bool: "true/false",
    }
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def _only(data: dict[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise DecodeError(f"{where}: unknown key '{extra[0]}'")


def decode(data: Any, where: str = "action") -> Action:
    if not isinstance(data, dict):
        raise DecodeError(f"{where}: an action is a mapping with a 'kind'")
    kind = _field(data, "kind", str, where)
    if kind not in ACTION_TYPES:
        raise DecodeError(
            f"{where}.kind: unknown action '{kind}' (known: {', '.join(ACTION_TYPES)})"
        )
    if kind in ("pass", "consult_allies"):
        _only(data, {"kind"}, where)
        return Pass() if kind == "pass" else ConsultAllies()
    if kind == "play_card":
        _only(data, {"kind", "card", "target"}, where)
        target = data.get("target")
        if target is not None and not isinstance(target, str):
            raise DecodeError(f"{where}.target: expected text, got {target!r}")
        return PlayCard(_field(data, "card", str, where), target)
    if kind == "propose":
        _only(data, {"kind", "to", "terms", "form", "framing", "economics"}, where)
        return _decode_offer(data, where)
    if kind in ("accept", "reject", "stall"):
        _only(data, {"kind", "proposal"}, where)
        pid = _field(data, "proposal", int, where)
        if kind == "accept":
            return Accept(pid)
        return Reject(pid) if kind == "reject" else Stall(pid)
    if kind == "counter":
        _only(data, {"kind", "proposal", "offer"}, where)
        offer = _field(data, "offer", dict, where)
        _only(offer, {"to", "terms", "form", "framing", "economics"}, f"{where}.offer")
        return Counter(_field(data, "proposal", int, where), _decode_offer(offer, f"{where}.offer"))
    if kind == "forum_shop":
        _only(data, {"kind", "forum"}, where)
        return ForumShop(_field(data, "forum", str, where))
    if kind == "link_issues":
        _only(data, {"kind", "issues"}, where)
        issues = _field(data, "issues", list, where)
        if len(issues) != 2 or not all(isinstance(i, str) for i in issues):
            raise DecodeError(f"{where}.issues: expected two issue ids")
        return LinkIssues(issues[0], issues[1])
    _only(data, {"kind", "issue"}, where)
    return DeclareRedLine(_field(data, "issue", str, where))


def _decode_offer(data: dict[str, Any], where: str) -> Propose:
    to = _field(data, "to", list, where)
    if not all(isinstance(a, str) for a in to):
        raise DecodeError(f"{where}.to: expected a list of delegation ids")
    terms = []
    for i, t in enumerate(_field(data, "terms", list, where)):
        here = f"{where}.terms[{i}]"
        if not isinstance(t, dict):
            raise DecodeError(f"{here}: a term is a mapping with issue and by")
        _only(t, {"issue", "by", "secret"}, here)
        secret = t.get("secret", False)
        if not isinstance(secret, bool):
            raise DecodeError(f"{here}.secret: expected true/false, got {secret!r}")
        terms.append(Term(_field(t, "issue", str, here), _field(t, "by", str, here), secret))
    economics = []
    for i, e in enumerate(data.get("economics") or []):
        here = f"{where}.economics[{i}]"
        if not isinstance(e, dict):
            raise DecodeError(f"{here}: an economic term is a mapping with from, to and amount")
        _only(e, {"from", "to", "amount"}, here)
        economics.append(
            EconomicTerm(
                _field(e, "from", str, here),
                _field(e, "to", str, here),
                _field(e, "amount", int, here),
            )
        )
    form = data.get("form", "de_facto")
    framing = data.get("framing", "regional")
    if not isinstance(form, str) or not isinstance(framing, str):
        raise DecodeError(f"{where}: form and framing are text")
    return Propose(tuple(to), tuple(terms), form, framing, tuple(economics))
