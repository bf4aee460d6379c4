"""Checks content documents: structure against the JSON Schema, then every cross-reference.

Every problem in a file is collected with its line and field path; nothing stops
at the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from wargame.content import schema as S
from wargame.content.yamlsource import Document, Path, Problem, why_misread
from wargame.core.effects import ACTOR_WORDS, WHO_WORDS
from wargame.core.scenario import Rules

if TYPE_CHECKING:
    import jsonschema


def known_bots() -> set[str]:
    from wargame.bots.registry import bot_names

    return set(bot_names())


_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
}


def _shallow(node: Any) -> Any:
    """The schema with nested effects and conditions reduced to 'a mapping'."""
    if isinstance(node, dict):
        if "$ref" in node:
            return {"type": "object"}
        return {k: _shallow(v) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_shallow(v) for v in node]
    return node


def _strict_integer(checker: Any, instance: Any) -> bool:
    # JSON Schema counts 2.0 as an integer; the engine would then multiply a list by it.
    return isinstance(instance, int) and not isinstance(instance, bool)


@cache
def _validators() -> dict[str, Any]:
    """The schema validators, made on first use: content already known to be well formed
    (see `checked`) needs neither them nor jsonschema's import."""
    import jsonschema

    extended = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator,
        type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
            "integer", _strict_integer
        ),
    )
    out: dict[str, Any] = {
        "ruleset": extended(S.ruleset_schema()),
        "deck": extended(_shallow(S.deck_schema())),
    }
    out.update({f"effect:{k}": extended(_shallow(v)) for k, v in S.EFFECT_KINDS.items()})
    out.update({f"condition:{k}": extended(_shallow(v)) for k, v in S.CONDITION_KINDS.items()})
    return out


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def schema_problems(doc: Document, validator: Any, data: Any, base: Path) -> Iterator[Problem]:
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        yield from _explain(doc, error, base)


def _explain(doc: Document, error: jsonschema.ValidationError, base: Path) -> Iterator[Problem]:
    path: Path = (*base, *error.absolute_path)
    value = error.instance
    kind = error.validator
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = set(_schema_of(error).get("properties", {}))
        for key in value:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                yield doc.problem((*path, key), f"unknown key '{key}' (known: {known})")
        return
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        yield doc.problem(path, f"missing required field '{missing}'")
        return
    hint = why_misread(value, doc.raw.get(path))
    if kind == "type":
        expected = _expected(error)
        names = [expected] if isinstance(expected, str) else list(expected)
        want = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        hint = why_misread(value, doc.raw.get(path), text_expected="string" in names)
        yield doc.problem(path, f"expected {want}, got {_describe(value)}{hint}")
    elif kind == "enum":
        options = ", ".join(str(o) for o in _expected(error))
        yield doc.problem(path, f"{_describe(value)} is not one of: {options}{hint}")
    elif kind == "const":
        yield doc.problem(
            path,
            f"unsupported format version {_describe(value)} (this wargame reads the number "
            f"{S.FORMAT_VERSION})",
        )
    elif kind == "pattern":
        if _expected(error) == S.SOURCE_PATTERN:
            msg = "must name a file of shared/sources/, like 002_019871eb416d0798.txt"
        else:
            msg = "an id is lowercase letters, digits and _ , starting with a letter"
        yield doc.problem(path, f"{_describe(value)}: {msg}")
    elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        word = {"minimum": "at least", "maximum": "at most"}.get(
            kind, "more than" if "Min" in kind else "less than"
        )
        yield doc.problem(
            path, f"{_describe(value)} is out of range: must be {word} {_expected(error)}"
        )
    elif kind == "minItems":
        yield doc.problem(path, f"needs at least {_expected(error)} item(s)")
    elif kind == "maxItems":
        yield doc.problem(path, f"takes at most {_expected(error)} item(s)")
    elif kind == "uniqueItems":
        yield doc.problem(path, "lists the same item twice")
    elif kind == "minLength":
        yield doc.problem(path, "must not be empty")
    elif kind == "propertyNames":
        yield doc.problem(path, f"{error.message}")
    elif kind == "oneOf" and _schema_of(error).get("oneOf") == [
        {"required": ["add"]},
        {"required": ["set"]},
    ]:
        yield doc.problem(path, "give either 'add' or 'set', not both or neither")
    else:
        yield doc.problem(path, error.message + hint)


def _schema_of(error: jsonschema.ValidationError) -> dict[str, Any]:
    return error.schema if isinstance(error.schema, dict) else {}


def _expected(error: jsonschema.ValidationError) -> Any:
    return error.validator_value


def _kind_of(item: dict[str, Any], kinds: Iterable[str]) -> list[str]:
    return [k for k in item if k in kinds]


def check_effects(doc: Document, effects: Any, path: Path) -> Iterator[Problem]:
    if not isinstance(effects, list):
        return
    for i, effect in enumerate(effects):
        here = (*path, i)
        if not isinstance(effect, dict):
            yield doc.problem(here, f"an effect is a mapping, got {_describe(effect)}")
            continue
        found = _kind_of(effect, S.EFFECT_KINDS)
        if len(found) != 1:
            known = ", ".join(S.EFFECT_KINDS)
            msg = "names no effect" if not found else f"names several effects ({', '.join(found)})"
            yield doc.problem(here, f"{msg}; an effect starts with one of: {known}")
            continue
        kind = found[0]
        yield from schema_problems(doc, _validators()[f"effect:{kind}"], effect, here)
        if kind in ("chance", "if"):
            yield from check_effects(doc, effect.get("then", []), (*here, "then"))
            yield from check_effects(doc, effect.get("else", []), (*here, "else"))
        if kind == "if":
            yield from check_condition(doc, effect.get("if"), (*here, "if"))


def check_condition(doc: Document, cond: Any, path: Path) -> Iterator[Problem]:
    if not isinstance(cond, dict):
        yield doc.problem(path, f"a condition is a mapping, got {_describe(cond)}")
        return
    found = _kind_of(cond, S.CONDITION_KINDS)
    if len(found) != 1:
        known = ", ".join(S.CONDITION_KINDS)
        msg = (
            "names no condition" if not found else f"names several conditions ({', '.join(found)})"
        )
        yield doc.problem(path, f"{msg}; a condition starts with one of: {known}")
        return
    kind = found[0]
    yield from schema_problems(doc, _validators()[f"condition:{kind}"], cond, path)
    if kind in ("all", "any") and isinstance(cond[kind], list):
        for i, inner in enumerate(cond[kind]):
            yield from check_condition(doc, inner, (*path, kind, i))
    if kind == "not":
        yield from check_condition(doc, cond["not"], (*path, "not"))


def check_deck_structure(doc: Document) -> list[Problem]:
    data = doc.data
    if not isinstance(data, dict):
        return [doc.problem((), "a deck file is a mapping with format, id, name, cards and events")]
    problems = list(schema_problems(doc, _validators()["deck"], data, ()))
    for section in ("cards", "events"):
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            problems.extend(check_effects(doc, item.get("effects"), (section, i, "effects")))
            if section == "cards" and "requires" in item:
                problems.extend(check_condition(doc, item["requires"], (section, i, "requires")))
    problems.extend(_duplicate_ids(doc, data, ("cards", "events")))
    return problems


def check_ruleset_structure(doc: Document) -> list[Problem]:
    if not isinstance(doc.data, dict):
        return [doc.problem((), "a ruleset file is a mapping (format, id, name, delegations, ...)")]
    problems = list(schema_problems(doc, _validators()["ruleset"], doc.data, ()))
    problems.extend(
        _duplicate_ids(
            doc,
            doc.data,
            ("tracks", "resources", "delegations", "issues", "forums", "alliances"),
        )
    )
    rnd = doc.data.get("round")
    if isinstance(rnd, dict):
        problems.extend(_duplicate_ids(doc, rnd, ("phases",), ("round",)))
    return problems


def _duplicate_ids(
    doc: Document, data: dict[str, Any], sections: tuple[str, ...], base: Path = ()
) -> Iterator[Problem]:
    for section in sections:
        items = data.get(section)
        if not isinstance(items, list):
            continue
        seen: set[str] = set()
        for i, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                if item["id"] in seen:
                    yield doc.problem((*base, section, i, "id"), f"duplicate id '{item['id']}'")
                seen.add(item["id"])


# -- cross-references ----------------------------------------------------------


def _list(value: Any) -> list[Any]:
    """A list field as a list; anything else was reported by the schema check already."""
    return value if isinstance(value, list) else []


def _ids(data: dict[str, Any], section: str) -> list[str]:
    items = data.get(section)
    if not isinstance(items, list):
        return []
    return [i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)]


def _ref(doc: Document, path: Path, value: Any, known: list[str], what: str) -> Iterator[Problem]:
    if isinstance(value, str) and value not in known:
        shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        yield doc.problem(path, f"unknown {what} '{value}' (known: {shown or 'none'})")


def check_ruleset_references(doc: Document, decks: dict[str, dict[str, Any]]) -> list[Problem]:
    """Cross-references inside a ruleset, and to the decks it names (by deck id)."""
    data = doc.data
    problems: list[Problem] = []
    tracks = _ids(data, "tracks")
    resources = _ids(data, "resources")
    delegations = _ids(data, "delegations")
    issues = _ids(data, "issues")
    forums = _ids(data, "forums")
    alliances = _ids(data, "alliances")

    def ref(path: Path, value: Any, known: list[str], what: str) -> None:
        problems.extend(_ref(doc, path, value, known, what))

    for section in ("tracks", "resources"):
        for i, t in enumerate(data.get(section) or []):
            if not isinstance(t, dict):
                continue
            lo, hi = t.get("min"), t.get("max")
            if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
                problems.append(doc.problem((section, i, "max"), f"max {hi} is below min {lo}"))
            start = t.get("start")
            if isinstance(start, int) and isinstance(lo, int) and isinstance(hi, int):
                if not lo <= start <= hi:
                    problems.append(
                        doc.problem((section, i, "start"), f"start {start} is outside {lo}..{hi}")
                    )
    res_bounds = {
        r["id"]: (r.get("min"), r.get("max"))
        for r in data.get("resources") or []
        if isinstance(r, dict) and "id" in r
    }
    for i, d in enumerate(data.get("delegations") or []):
        if not isinstance(d, dict):
            continue
        base: Path = ("delegations", i)
        res: dict[str, Any] = d["resources"] if isinstance(d.get("resources"), dict) else {}
        for key, value in res.items():
            ref((*base, "resources", key), key, resources, "resource")
            lo, hi = res_bounds.get(key, (None, None))
            if isinstance(value, int) and isinstance(lo, int) and isinstance(hi, int):
                if not lo <= value <= hi:
                    problems.append(
                        doc.problem((*base, "resources", key), f"{value} is outside {lo}..{hi}")
                    )
        for r in resources:
            if r not in res:
                problems.append(doc.problem((*base, "resources"), f"missing start value for '{r}'"))
        for j, p in enumerate(_list(d.get("pain_points"))):
            ref((*base, "pain_points", j), p, issues, "issue")
        for j, p in enumerate(_list(d.get("red_lines"))):
            ref((*base, "red_lines", j), p, issues, "issue")
        for key in d.get("values") or {}:
            ref((*base, "values", key), key, issues, "issue")
        if "alliance" in d:
            ref((*base, "alliance"), d["alliance"], alliances, "alliance")
        victory: dict[str, Any] = d["victory"] if isinstance(d.get("victory"), dict) else {}
        for key in victory.get("resource_weights") or {}:
            ref((*base, "victory", "resource_weights", key), key, resources, "resource")
    for i, s in enumerate(data.get("issues") or []):
        if isinstance(s, dict):
            for j, by in enumerate(_list(s.get("conceded_by"))):
                ref(("issues", i, "conceded_by", j), by, delegations, "delegation")
    for i, f in enumerate(data.get("forums") or []):
        if not isinstance(f, dict):
            continue
        for j, m in enumerate(_list(f.get("members"))):
            ref(("forums", i, "members", j), m, delegations, "delegation")
        for j, v in enumerate(_list(f.get("veto"))):
            ref(("forums", i, "veto", j), v, f.get("members") or [], "forum member")
        if f.get("decision") == "veto" and not f.get("veto"):
            problems.append(
                doc.problem(("forums", i, "veto"), "a veto forum names its veto holders")
            )
        if f.get("decision") == "bilateral" and len(f.get("members") or []) < 2:
            problems.append(doc.problem(("forums", i, "members"), "a bilateral forum seats two"))
    for i, a in enumerate(data.get("alliances") or []):
        if not isinstance(a, dict):
            continue
        for j, m in enumerate(_list(a.get("members"))):
            ref(("alliances", i, "members", j), m, delegations, "delegation")
            owner = next(
                (
                    d
                    for d in data.get("delegations") or []
                    if isinstance(d, dict) and d.get("id") == m
                ),
                None,
            )
            if owner is not None and owner.get("alliance") != a.get("id"):
                problems.append(
                    doc.problem(
                        ("alliances", i, "members", j),
                        f"'{m}' is listed here but its delegation "
                        + (
                            f"names alliance {owner['alliance']!r}"
                            if owner.get("alliance") is not None
                            else "names no alliance (add alliance: "
                            f"{a.get('id')} to delegation '{m}')"
                        ),
                    )
                )
        cohesion, top = a.get("cohesion"), a.get("max", 10)
        if isinstance(cohesion, int) and isinstance(top, int) and cohesion > top:
            problems.append(doc.problem(("alliances", i, "cohesion"), f"above max {top}"))
    rnd: dict[str, Any] = data["round"] if isinstance(data.get("round"), dict) else {}
    order = rnd.get("turn_order")
    if isinstance(order, list):
        for j, d in enumerate(order):
            ref(("round", "turn_order", j), d, delegations, "delegation")
        if sorted(o for o in order if isinstance(o, str)) != sorted(delegations):
            problems.append(
                doc.problem(("round", "turn_order"), "must list every delegation exactly once")
            )
    if "start_forum" in rnd:
        ref(("round", "start_forum"), rnd["start_forum"], forums, "forum")
    phases = rnd.get("phases")
    if isinstance(phases, list):
        for i, p in enumerate(phases):
            if not isinstance(p, dict):
                continue
            if bool(p.get("steps")) == bool(p.get("actions")):
                problems.append(
                    doc.problem(
                        ("round", "phases", i),
                        "a phase has either automatic 'steps' or player 'actions'",
                    )
                )
            if p.get("actions") and "pass" not in p["actions"]:
                problems.append(
                    doc.problem(("round", "phases", i, "actions"), "must include 'pass'")
                )
        if not any(isinstance(p, dict) and p.get("actions") for p in phases):
            problems.append(doc.problem(("round", "phases"), "no phase lets anyone act"))
    rules: dict[str, Any] = data["rules"] if isinstance(data.get("rules"), dict) else {}
    for key in (
        "leak_cost",
        "red_line_conceded",
        "red_line_declared",
        "forum_shop_cost",
        "link_cost",
        "stall_cost",
    ):
        if key in rules:
            amounts: dict[str, Any] = rules.get(key) or {}
            for res_id in amounts:
                ref(("rules", key, res_id), res_id, resources, "resource")
        elif resources:
            default = getattr(Rules(), key)
            missing = [r for r in default if r not in resources]
            if missing:
                problems.append(
                    doc.problem(
                        ("rules",),
                        f"the default {key} ({dict(default)}) names resource '{missing[0]}', "
                        f"which this ruleset lacks: set rules.{key}",
                    )
                )
    for needed in ("tension", "channels"):
        if tracks and needed not in tracks:
            problems.append(doc.problem(("tracks",), f"the engine needs a track '{needed}'"))
    crisis, war = rules.get("crisis_at", 7), rules.get("war_at", 10)
    tension = next(
        (t for t in data.get("tracks") or [] if isinstance(t, dict) and t.get("id") == "tension"),
        None,
    )
    if tension is not None and isinstance(war, int) and isinstance(tension.get("max"), int):
        if war > tension["max"]:
            problems.append(
                doc.problem(
                    ("rules", "war_at") if "war_at" in rules else ("tracks",),
                    f"war_at {war} is above the tension track's max {tension['max']}: war could never come",
                )
            )
    issue_items = [s for s in data.get("issues") or [] if isinstance(s, dict)]
    if issue_items and not any(s.get("core") for s in issue_items):
        problems.append(
            doc.problem(
                ("issues",),
                "mark at least one issue core: true (settling all of them ends the game)",
            )
        )
    for i, d in enumerate(data.get("delegations") or []):
        if not isinstance(d, dict) or not isinstance(d.get("alliance"), str):
            continue
        alliance = next(
            (
                a
                for a in data.get("alliances") or []
                if isinstance(a, dict) and a.get("id") == d["alliance"]
            ),
            None,
        )
        if alliance is not None and d.get("id") not in (alliance.get("members") or []):
            problems.append(
                doc.problem(
                    ("delegations", i, "alliance"),
                    f"alliance '{d['alliance']}' does not list '{d.get('id')}' among its members",
                )
            )
    for i, d in enumerate(data.get("delegations") or []):
        bot = d.get("bot") if isinstance(d, dict) else None
        if isinstance(bot, str) and bot not in known_bots():
            ref(("delegations", i, "bot"), bot, sorted(known_bots()), "bot")
    seen_cards: dict[str, str] = {}
    for j, deck_id in enumerate(_list(data.get("decks"))):
        deck = decks.get(deck_id) if isinstance(deck_id, str) else None
        for card in (deck or {}).get("cards") or []:
            cid = card.get("id") if isinstance(card, dict) else None
            if not isinstance(cid, str):
                continue
            if cid in seen_cards and seen_cards[cid] != deck_id:
                problems.append(
                    doc.problem(
                        ("decks", j),
                        f"card id '{cid}' is in both deck '{seen_cards[cid]}' and deck '{deck_id}'",
                    )
                )
            seen_cards.setdefault(cid, deck_id)
    if isinstance(crisis, int) and isinstance(war, int) and crisis >= war:
        problems.append(doc.problem(("rules", "crisis_at"), "crisis_at must be below war_at"))
    for j, deck_id in enumerate(_list(data.get("decks"))):
        if isinstance(deck_id, str):
            if deck_id not in decks:
                ref(("decks", j), deck_id, sorted(decks), "deck")
            elif not decks[deck_id].get("cards"):
                problems.append(doc.problem(("decks", j), f"deck '{deck_id}' has no cards"))
    events = data.get("events")
    if isinstance(events, str):
        if events not in decks:
            ref(("events",), events, sorted(decks), "deck")
        elif not decks[events].get("events"):
            problems.append(doc.problem(("events",), f"deck '{events}' has no events"))
    return problems


class _Vocabulary:
    """The names a deck may use, taken from one ruleset."""

    def __init__(self, ruleset: dict[str, Any]) -> None:
        self.id = ruleset.get("id", "?")
        self.tracks = _ids(ruleset, "tracks")
        self.resources = _ids(ruleset, "resources")
        self.delegations = _ids(ruleset, "delegations")
        self.issues = _ids(ruleset, "issues")
        self.forums = _ids(ruleset, "forums")
        self.alliances = _ids(ruleset, "alliances")
        rnd: dict[str, Any] = ruleset["round"] if isinstance(ruleset.get("round"), dict) else {}
        self.card_phases = [
            p["id"]
            for p in rnd.get("phases") or []
            if isinstance(p, dict) and "play_card" in (p.get("actions") or [])
        ]


def check_deck_references(doc: Document, ruleset: dict[str, Any] | None) -> list[Problem]:
    """The deck's names checked against one ruleset that uses it.

    With no ruleset (a deck nothing uses yet) only what needs no names is checked:
    who-words and targets that fit the card.
    """
    v = _Vocabulary(ruleset or {})
    data = doc.data
    problems: list[Problem] = []
    suffix = f" in ruleset '{v.id}'" if ruleset and data.get("ruleset") != v.id else ""

    def ref(path: Path, value: Any, known: list[str], what: str) -> None:
        if ruleset is None:
            return
        for p in _ref(doc, path, value, known, what):
            problems.append(Problem(p.file, p.line, p.path, p.message + suffix))

    def who(path: Path, value: Any, actor: bool, target: str) -> None:
        if not isinstance(value, str):
            return
        if value in WHO_WORDS:
            if not actor and value in ACTOR_WORDS:
                problems.append(
                    doc.problem(
                        path,
                        f"'{value}' needs an actor; an event has none (use all, a delegation or an alliance)",
                    )
                )
            elif value == "target" and target != "delegation":
                problems.append(doc.problem(path, "'target' needs the card's target: delegation"))
            return
        ref(path, value, v.delegations + v.alliances, "delegation or alliance (or who-word)")

    def issue_ref(path: Path, value: Any, target: str) -> None:
        if value == "target":
            if target != "issue":
                problems.append(doc.problem(path, "'target' needs the card's target: issue"))
        else:
            ref(path, value, v.issues, "issue")

    def cond(c: Any, path: Path, actor: bool, target: str) -> None:
        if not isinstance(c, dict):
            return
        if "track" in c:
            ref((*path, "track"), c["track"], v.tracks, "track")
        if "resource" in c:
            ref((*path, "resource"), c["resource"], v.resources, "resource")
            who((*path, "who"), c.get("who", "self"), actor, target)
        if "cohesion" in c:
            ref((*path, "cohesion"), c["cohesion"], v.alliances, "alliance")
        if "forum" in c:
            forums = c["forum"] if isinstance(c["forum"], list) else [c["forum"]]
            for j, f in enumerate(forums):
                ref(
                    (*path, "forum", j) if isinstance(c["forum"], list) else (*path, "forum"),
                    f,
                    v.forums,
                    "forum",
                )
        if "issue" in c:
            issue_ref((*path, "issue"), c["issue"], target)
        for key in ("all", "any"):
            for j, inner in enumerate(c.get(key) or []):
                cond(inner, (*path, key, j), actor, target)
        if "not" in c:
            cond(c["not"], (*path, "not"), actor, target)

    def effects(items: Any, path: Path, actor: bool, target: str) -> None:
        for i, e in enumerate(items if isinstance(items, list) else []):
            if not isinstance(e, dict):
                continue
            here = (*path, i)
            if "track" in e:
                ref((*here, "track"), e["track"], v.tracks, "track")
            if "resource" in e:
                ref((*here, "resource"), e["resource"], v.resources, "resource")
            if "who" in e:
                who((*here, "who"), e["who"], actor, target)
            elif not actor and (
                any(k in e for k in ("resource", "score", "draw"))
                or ("cohesion" in e and e.get("alliance", "own") == "own")
            ):
                problems.append(doc.problem(here, "an event has no actor: say who (e.g. who: all)"))
            if "cohesion" in e and e.get("alliance", "own") != "own":
                ref((*here, "alliance"), e["alliance"], v.alliances, "alliance")
            if "reveal_red_lines" in e:
                who((*here, "reveal_red_lines"), e["reveal_red_lines"], actor, target)
            if "provoke" in e:
                issue_ref((*here, "provoke"), e["provoke"], target)
            if "salience" in e:
                issue_ref((*here, "issue"), e.get("issue"), target)
            if "move_forum" in e:
                ref((*here, "move_forum"), e["move_forum"], v.forums, "forum")
            if "link" in e and isinstance(e["link"], list):
                for j, s in enumerate(e["link"]):
                    ref((*here, "link", j), s, v.issues, "issue")
                if len(e["link"]) == 2 and e["link"][0] == e["link"][1]:
                    problems.append(doc.problem((*here, "link"), "links an issue to itself"))
            if "if" in e:
                cond(e["if"], (*here, "if"), actor, target)
            effects(e.get("then"), (*here, "then"), actor, target)
            effects(e.get("else"), (*here, "else"), actor, target)

    for i, card in enumerate(data.get("cards") or []):
        if not isinstance(card, dict):
            continue
        target = card.get("target", "none")
        for j, ph in enumerate(card.get("phases") or []):
            ref(("cards", i, "phases", j), ph, v.card_phases, "phase where cards are played")
        if ruleset is not None and "phases" not in card and "actions" not in v.card_phases:
            problems.append(
                doc.problem(
                    ("cards", i), "the default phase 'actions' lets no one play cards" + suffix
                )
            )
        for res in card.get("cost") or {}:
            ref(("cards", i, "cost", res), res, v.resources, "resource")
        for j, d in enumerate(card.get("playable_by") or []):
            ref(("cards", i, "playable_by", j), d, v.delegations, "delegation")
        cond(card.get("requires"), ("cards", i, "requires"), True, target)
        effects(card.get("effects"), ("cards", i, "effects"), True, target)
    for i, event in enumerate(data.get("events") or []):
        if isinstance(event, dict):
            effects(event.get("effects"), ("events", i, "effects"), False, "none")
    return problems
