"""The save file: a readable YAML recipe (content, seed, seats, action log) to rebuild a game.

A save is written as text pieces that are cached, so autosaving after every
action costs one small append and one atomic write, not a dump of the content.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from wargame import __version__
from wargame.content.library import ContentError, scenario_from_content
from wargame.content.yamlsource import Document, Problem, parse
from wargame.core.actions import Action
from wargame.core.model import GameState
from wargame.core.scenario import Scenario
from wargame.persist.atomic import write_atomic
from wargame.persist.codec import DecodeError, decode, encode
from wargame.persist.digest import content_digest, state_digest

SAVE_FORMAT = 1
SHORT_DIGEST = 12
HEADER_COMMENT = (
    "# A saved wargame: the recipe to rebuild the game exactly.\n"
    "# Replay it with `wargame replay FILE`; check it with `wargame replay --verify FILE`.\n"
)

try:
    _Dumper: type[yaml.SafeDumper] = yaml.CSafeDumper  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml missing
    _Dumper = yaml.SafeDumper


class SaveError(Exception):
    """A save that cannot be used; one clear message naming the file and line or action."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(str(problems[0]) if problems else "bad save")

    @property
    def message(self) -> str:
        first = str(self.problems[0])
        more = len(self.problems) - 1
        return first + (f" (and {more} more problem(s))" if more else "")


@attrs.frozen
class LoggedAction:
    n: int
    round: int
    phase: str
    by: str
    action: Action
    digest: str
    note: str | None = None


@attrs.frozen
class SaveGame:
    scenario_id: str
    scenario_name: str
    engine: str
    seed: int
    started: str
    seats: Mapping[str, str]
    content: Mapping[str, Any]
    content_digest: str
    actions: tuple[LoggedAction, ...] = ()
    result: Mapping[str, Any] | None = None
    scenario: Scenario | None = attrs.field(default=None, eq=False, repr=False)
    source: str = attrs.field(default="", eq=False)  # the file it was read from
    content_ref: str | None = None  # the content lives in content/<ref>.yaml beside the save


def dump_yaml(data: Any, flow: bool = False) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=flow,
        width=4096 if flow else 100,
    )


def log_entry(state_before: GameState, action: Action, state_after: GameState) -> LoggedAction:
    return LoggedAction(
        n=state_after.steps,
        round=state_before.round,
        phase=state_before.phase_id,
        by=state_before.order[state_before.turn],
        action=action,
        digest=state_digest(state_after)[:SHORT_DIGEST],
    )


def result_of(state: GameState) -> dict[str, Any] | None:
    if state.outcome is None:
        return None
    o = state.outcome
    return {
        "outcome": o.kind,
        "round": o.round,
        "winners": list(o.winners),
        "scores": dict(o.scores),
        "steps": state.steps,
        "digest": state_digest(state),
    }


class SaveWriter:
    """Keeps a game's save up to date on disk, one atomic write per recorded action."""

    def __init__(self, save: SaveGame, path: Path | None, content_ref: str | None = None) -> None:
        self.save = save
        self.path = path
        content_ref = content_ref or save.content_ref
        self._head = _header_text(save)
        self._content = (
            dump_yaml({"content": {"ref": content_ref}})
            if content_ref
            else dump_yaml({"content": dict(save.content)})
        )
        self._actions: list[str] = [_action_text(a) for a in save.actions]

    def record(self, entry: LoggedAction, after: GameState | None = None) -> None:
        """Log an action; with the state after it, a game that just ended gets its result
        in the same write, so no crash can leave a finished game looking unfinished."""
        self.save = attrs.evolve(self.save, actions=(*self.save.actions, entry))
        self._actions.append(_action_text(entry))
        if after is not None and after.outcome is not None:
            self.save = attrs.evolve(self.save, result=result_of(after))
        self.flush()

    def finish(self, state: GameState) -> None:
        self.save = attrs.evolve(self.save, result=result_of(state))
        self.flush()

    def set_notes(self, notes: Mapping[int, str]) -> None:
        actions = tuple(attrs.evolve(a, note=notes.get(a.n)) for a in self.save.actions)
        self.save = attrs.evolve(self.save, actions=actions)
        self._actions = [_action_text(a) for a in actions]
        self.flush()

    def text(self) -> str:
        parts = [self._head, "actions:\n" if self._actions else "actions: []\n", *self._actions]
        if self.save.result is not None:
            parts.append(dump_yaml({"result": dict(self.save.result)}))
        parts.append(self._content)
        return "".join(parts)

    def flush(self) -> None:
        if self.path is not None:
            write_atomic(self.path, self.text(), private=True)


def _header_text(save: SaveGame) -> str:
    header = {
        "scenario": save.scenario_id,
        "scenario_name": save.scenario_name,
        "engine": save.engine,
        "seed": save.seed,
        "started": save.started,
        "seats": dict(save.seats),
        "content_digest": save.content_digest,
    }
    return HEADER_COMMENT + dump_yaml({"format": SAVE_FORMAT, "header": header})


def _action_text(a: LoggedAction) -> str:
    entry: dict[str, Any] = {
        "n": a.n,
        "round": a.round,
        "phase": a.phase,
        "by": a.by,
        "do": encode(a.action),
        "digest": a.digest,
    }
    if a.note:
        entry["note"] = a.note
    return "- " + dump_yaml(entry, flow=True)


def new_save(
    scenario: Scenario,
    content: Mapping[str, Any],
    seed: int,
    seats: Mapping[str, str],
    started: str,
) -> SaveGame:
    return SaveGame(
        scenario_id=scenario.id,
        scenario_name=scenario.name,
        engine=__version__,
        seed=seed,
        started=started,
        seats=dict(seats),
        content=content,
        content_digest=content_digest(content),
        scenario=scenario,
    )


def dump_save(save: SaveGame) -> str:
    return SaveWriter(save, None).text()


def write_save(save: SaveGame, path: Path) -> None:
    write_atomic(path, dump_save(save), private=True)


# -- reading -----------------------------------------------------------------


def read_save(path: Path) -> SaveGame:
    """Load and check a save; every failure is a SaveError naming file and line."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SaveError([Problem(name, None, "", "no such save file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SaveError([Problem(name, None, "", f"cannot read the save: {exc}")]) from None
    return parse_save(text, name, path.parent)


def parse_save(text: str, name: str, folder: Path | None = None) -> SaveGame:
    doc, problems = parse(text, name)
    if doc is None or problems:
        if problems and "syntax" in problems[0].message:
            p = problems[0]
            problems = [
                attrs.evolve(p, message=p.message + " (is the file cut short or hand-edited?)")
            ]
        raise SaveError(problems)
    data = doc.data
    if not isinstance(data, dict) or "header" not in data:
        raise SaveError(
            [doc.problem((), "not a wargame save (no 'header'); is the file cut short?")]
        )
    fmt = data.get("format")
    if fmt != SAVE_FORMAT:
        raise SaveError(
            [
                doc.problem(
                    ("format",),
                    f"unsupported save format {fmt!r} (this wargame reads {SAVE_FORMAT})",
                )
            ]
        )
    header = data["header"]
    if not isinstance(header, dict):
        raise SaveError([doc.problem(("header",), "expected a mapping")])
    fields: dict[str, type | tuple[type, ...]] = {
        "scenario": str,
        "scenario_name": str,
        "engine": str,
        "seed": int,
        "started": str,
        "seats": dict,
        "content_digest": str,
    }
    for key, kind in fields.items():
        if key not in header:
            raise SaveError([doc.problem(("header",), f"missing field '{key}'")])
        value = header[key]
        if isinstance(value, bool) or not isinstance(value, kind):
            raise SaveError([doc.problem(("header", key), f"unexpected value {value!r}")])
    if not -(1 << 63) <= header["seed"] < (1 << 64):
        raise SaveError([doc.problem(("header", "seed"), "the seed is out of range")])
    if "content" not in data:
        raise SaveError(
            [doc.problem((), "the save has no 'content' section; is the file cut short?")]
        )
    content = _content(doc, data["content"], folder)
    if content_digest(content) != header["content_digest"]:
        raise SaveError(
            [
                doc.problem(
                    ("content",),
                    "the carried content does not match its digest: the file was cut or edited",
                )
            ]
        )
    inline = isinstance(data["content"], dict) and "ruleset" in data["content"]
    content_doc = doc if inline else Document(name, {"content": content})
    try:
        scenario = scenario_from_content(content, content_doc, ("content",))
    except ContentError as exc:
        raise SaveError(exc.problems) from None
    if scenario.id != header["scenario"]:
        raise SaveError(
            [
                doc.problem(
                    ("header", "scenario"),
                    f"names scenario '{header['scenario']}' but carries '{scenario.id}'",
                )
            ]
        )
    actions = _actions(doc, data.get("actions"))
    result = data.get("result")
    if result is not None and not isinstance(result, dict):
        raise SaveError([doc.problem(("result",), "expected a mapping")])
    if result is not None and not isinstance(result.get("digest"), str):
        raise SaveError([doc.problem(("result",), "missing field 'digest'")])
    return SaveGame(
        scenario_id=header["scenario"],
        scenario_name=header["scenario_name"],
        engine=header["engine"],
        seed=header["seed"],
        started=header["started"],
        seats={str(k): str(v) for k, v in header["seats"].items()},
        content=content,
        content_digest=header["content_digest"],
        actions=actions,
        result=result,
        scenario=scenario,
        source=name,
        content_ref=None if inline else header["content_digest"],
    )


def _content(doc: Document, section: Any, folder: Path | None) -> dict[str, Any]:
    if isinstance(section, dict) and set(section) == {"ref"}:
        ref = section["ref"]
        if not isinstance(ref, str) or not ref.isalnum():
            raise SaveError([doc.problem(("content", "ref"), "expected a content digest")])
        shared = (folder or Path(".")) / "content" / f"{ref}.yaml"
        try:
            text = shared.read_text(encoding="utf-8")
        except OSError:
            raise SaveError(
                [doc.problem(("content", "ref"), f"the shared content file {shared} is missing")]
            ) from None
        inner, problems = parse(text, str(shared))
        if inner is None or problems:
            raise SaveError(problems)
        if not isinstance(inner.data, dict):
            raise SaveError([inner.problem((), "expected the content mapping")])
        return inner.data
    if not isinstance(section, dict):
        raise SaveError([doc.problem(("content",), "expected a mapping with ruleset and decks")])
    return section


def _actions(doc: Document, items: Any) -> tuple[LoggedAction, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise SaveError([doc.problem(("actions",), "expected a list of actions")])
    out = []
    for i, item in enumerate(items):
        where = ("actions", i)
        if not isinstance(item, dict):
            raise SaveError([doc.problem(where, f"action {i + 1}: expected a mapping")])
        for key, kind in (("n", int), ("round", int), ("phase", str), ("by", str), ("digest", str)):
            value = item.get(key)
            if value is None:
                raise SaveError([doc.problem(where, f"action {i + 1}: missing field '{key}'")])
            if isinstance(value, bool) or not isinstance(value, kind):
                raise SaveError(
                    [doc.problem((*where, key), f"action {i + 1}: unexpected value {value!r}")]
                )
        if item["n"] != i + 1:
            raise SaveError(
                [
                    doc.problem(
                        (*where, "n"),
                        f"action {i + 1} is numbered {item['n']}: the log is out of order",
                    )
                ]
            )
        try:
            action = decode(item.get("do"), f"action {i + 1}")
        except DecodeError as exc:
            raise SaveError([doc.problem((*where, "do"), str(exc))]) from None
        note = item.get("note")
        if note is not None and not isinstance(note, str):
            raise SaveError([doc.problem((*where, "note"), f"action {i + 1}: a note is text")])
        out.append(
            LoggedAction(
                n=item["n"],
                round=item["round"],
                phase=item["phase"],
                by=item["by"],
                action=action,
                digest=item["digest"],
                note=note,
            )
        )
    return tuple(out)
