"""Finds, reads and checks content files, and loads scenarios from them.

Readers take text; this module is the one place that opens files. The shipped
`rulesets/` and `decks/` are read from the source tree in a checkout and from
the package data in an installed wheel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs

from wargame.content import checked, validate
from wargame.content.build import build_scenario
from wargame.content.yamlsource import Document, Problem, parse
from wargame.content.yamlsource import Path as DocPath
from wargame.core.scenario import Scenario


class ContentError(Exception):
    """Content that cannot be used; `problems` lists every reason with file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def shipped_dir(kind: str) -> Traversable:
    """`rulesets` or `decks`: beside the package in a checkout, else inside it."""
    checkout = Path(__file__).resolve().parents[2] / kind
    if checkout.is_dir() and (checkout.parent / "pyproject.toml").is_file():
        return checkout
    return resources.files("wargame").joinpath("data", kind)


def _yaml_files(folder: Traversable) -> list[Traversable]:
    if not folder.is_dir():
        return []
    return sorted(
        (f for f in folder.iterdir() if f.name.endswith((".yaml", ".yml"))), key=lambda f: f.name
    )


def display_name(path: Traversable) -> str:
    """A path as a user would type it: relative to the working directory when inside it."""
    if isinstance(path, Path):
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)
    return f"{path.name}"


def read_document(
    path: Traversable, label: str | None = None
) -> tuple[Document | None, list[Problem]]:
    return read_source(path, label)[1:]


def read_source(
    path: Traversable, label: str | None = None
) -> tuple[str | None, Document | None, list[Problem]]:
    """A file's text and its parsed document, or the problems that stopped either."""
    name = label or display_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, None, [Problem(name, None, "", f"cannot read the file: {exc}")]
    return (text, *parse(text, name))


def kind_of(data: Any) -> str:
    """What a content document is: ruleset, deck, save, personality, or unknown."""
    if not isinstance(data, dict):
        return "unknown"
    if "delegations" in data or "round" in data:
        return "ruleset"
    if "cards" in data or "events" in data:
        return "deck"
    if "actions" in data and "header" in data:
        return "save"
    # A scripted bot's weights (docs/personalities.md); by two of its keys, so that content
    # loading need not import the bots.
    if "kinds" in data or "deal_value" in data:
        return "personality"
    return "unknown"


@attrs.define
class Library:
    """The rulesets and decks known to one run, with every problem found in them."""

    rulesets: dict[str, Document] = attrs.field(factory=dict)
    decks: dict[str, Document] = attrs.field(factory=dict)
    problems: list[Problem] = attrs.field(factory=list)

    def add(self, doc: Document, kind: str, text: str | None = None) -> None:
        """A document, checked; `text` is the file it was read from, when there is one,
        so that an unchanged file is not checked again (see `checked`)."""
        table = self.rulesets if kind == "ruleset" else self.decks
        if text is None or not checked.known_good(kind, text):
            if kind == "ruleset":
                found = validate.check_ruleset_structure(doc)
            else:
                found = validate.check_deck_structure(doc)
            self.problems.extend(found)
            if text is not None and not found:
                checked.remember_good(kind, text)
        ident = doc.data.get("id") if isinstance(doc.data, dict) else None
        if isinstance(ident, str):
            table[ident] = doc

    def check_references(self, only: Iterable[str] | None = None) -> list[Problem]:
        """Cross-references of every document; `only` limits it to those files."""
        wanted = set(only) if only is not None else None
        decks_data = {k: d.data for k, d in self.decks.items()}
        out: list[Problem] = []
        for doc in self.rulesets.values():
            if wanted is None or doc.file in wanted:
                out.extend(_guarded(validate.check_ruleset_references, doc, decks_data))
        for deck in self.decks.values():
            users = [
                r
                for r in self.rulesets.values()
                if deck.data["id"] in _ids_in(r.data.get("decks"))
                or deck.data["id"] == r.data.get("events")
                or deck.data.get("ruleset") == r.data.get("id")
            ]
            if wanted is not None and deck.file not in wanted:
                # A shipped deck still answers to a checked ruleset that uses it.
                users = [r for r in users if r.file in wanted]
                if not users:
                    continue
            own = deck.data.get("ruleset")
            if isinstance(own, str) and own not in self.rulesets:
                known = ", ".join(sorted(self.rulesets))
                out.append(
                    deck.problem(
                        ("ruleset",), f"unknown ruleset '{own}' (known: {known or 'none'})"
                    )
                )
            for data in [r.data for r in users] or [None]:
                out.extend(_guarded(validate.check_deck_references, deck, data))
        return out

    def scenario(self, scenario_id: str) -> Scenario:
        if scenario_id not in self.rulesets:
            known = ", ".join(sorted(self.rulesets)) or "none"
            raise ContentError(
                [Problem(scenario_id, None, "", f"no such scenario (known: {known})")]
            )
        doc = self.rulesets[scenario_id]
        needed = [*_ids_in(doc.data.get("decks")), doc.data.get("events")]
        files = {doc.file} | {self.decks[d].file for d in needed if d in self.decks}
        problems = [p for p in self.problems if p.file in files]
        problems = sort_problems([*problems, *self.check_references(only=files)])
        if problems:
            raise ContentError(problems)
        return build_scenario(doc.data, {k: d.data for k, d in self.decks.items()})

    def content(self, scenario_id: str) -> dict[str, Any]:
        """The ruleset and the decks it uses, as plain data: what a save carries."""
        ruleset = self.rulesets[scenario_id].data
        needed = [*_ids_in(ruleset.get("decks")), ruleset.get("events")]
        decks = {d: self.decks[d].data for d in dict.fromkeys(needed) if d in self.decks}
        return {"ruleset": ruleset, "decks": decks}


def scenario_from_content(content: Any, doc: Document, prefix: DocPath) -> Scenario:
    """A scenario from content carried inside another file (a save), checked as if shipped."""
    problems: list[Problem] = []
    if not isinstance(content, dict) or not isinstance(content.get("ruleset"), dict):
        raise ContentError([doc.problem(prefix, "needs a 'ruleset' mapping and a 'decks' mapping")])
    decks = content.get("decks")
    if not isinstance(decks, dict):
        raise ContentError([doc.problem((*prefix, "decks"), "needs a mapping of deck id to deck")])
    library = Library()
    ruleset_doc = doc.sub((*prefix, "ruleset"), content["ruleset"])
    library.add(ruleset_doc, "ruleset")
    for deck_id, deck in decks.items():
        library.add(doc.sub((*prefix, "decks", deck_id), deck), "deck")
    problems = sort_problems([*library.problems, *library.check_references()])
    ident = content["ruleset"].get("id")
    if problems or not isinstance(ident, str):
        raise ContentError(problems or [doc.problem(prefix, "the ruleset has no id")])
    return library.scenario(ident)


def _ids_in(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _guarded(check: Callable[..., list[Problem]], *args: Any) -> list[Problem]:
    """Cross-references of a file that is also structurally broken may trip over the
    damage; its structural problems are reported already, so such a check is dropped."""
    try:
        return check(*args)
    except (TypeError, KeyError, AttributeError, IndexError):
        return []


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """By file, then line; one copy of each."""
    unique = {str(p): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.file, p.line or 0, p.path, p.message))


def load_library(extra: Iterable[Path] = (), shipped: bool = True, decks: bool = True) -> Library:
    """The shipped content, then extra files or folders (which override by id); without
    the shipped decks when only the rulesets are wanted (to list the scenarios)."""
    library = Library()
    sources: list[Traversable] = []
    if shipped:
        sources += _yaml_files(shipped_dir("rulesets"))
        sources += _yaml_files(shipped_dir("decks")) if decks else []
    for path in extra:
        sources += _yaml_files(path) if path.is_dir() else [path]
    for source in sources:
        text, doc, problems = read_source(source)
        library.problems.extend(problems)
        if doc is None:
            continue
        kind = kind_of(doc.data)
        if kind in ("ruleset", "deck"):
            # A file replacing a shipped one drops the shipped one's problems.
            ident = doc.data.get("id")
            table = library.rulesets if kind == "ruleset" else library.decks
            if isinstance(ident, str) and ident in table:
                old = table[ident].file
                library.problems = [p for p in library.problems if p.file != old]
            library.add(doc, kind, None if problems else text)
    return library


def _shipped_scenario(scenario_id: str) -> Library | None:
    """Just the files of one shipped scenario, found by the naming convention (a ruleset
    `<id>.yaml`, decks `<deck id>.yaml`), which is quicker than reading every file; None
    when the convention does not hold, so the caller reads them all."""
    if not scenario_id.replace("_", "").isalnum():
        return None
    library = Library()
    source = shipped_dir("rulesets").joinpath(f"{scenario_id}.yaml")
    if not source.is_file():
        return None
    text, doc, problems = read_source(source)
    if (
        doc is None
        or problems
        or kind_of(doc.data) != "ruleset"
        or doc.data.get("id") != scenario_id
    ):
        return None
    library.add(doc, "ruleset", text)
    for deck_id in dict.fromkeys([*_ids_in(doc.data.get("decks")), doc.data.get("events")]):
        if not isinstance(deck_id, str) or not deck_id.replace("_", "").isalnum():
            continue
        deck_file = shipped_dir("decks").joinpath(f"{deck_id}.yaml")
        if not deck_file.is_file():
            return None
        text, deck, problems = read_source(deck_file)
        if (
            deck is None
            or problems
            or kind_of(deck.data) != "deck"
            or deck.data.get("id") != deck_id
        ):
            return None
        library.add(deck, "deck", text)
    return library


def load_content(scenario_id: str, extra: Iterable[Path] = ()) -> tuple[Scenario, dict[str, Any]]:
    """A scenario and its content as plain data, by shipped id or by ruleset file path.

    A ruleset given by path finds its decks in a `decks/` folder beside its folder.
    """
    path = Path(scenario_id)
    if path.suffix in (".yaml", ".yml"):
        if not path.is_file():
            raise ContentError([Problem(str(path), None, "", "no such ruleset file")])
        folder = path.resolve().parent
        neighbours = [folder.parent / "decks"] if (folder.parent / "decks").is_dir() else []
        library = load_library([*neighbours, *extra, path])
        doc, problems = read_document(path)
        ident = doc.data.get("id") if doc is not None and isinstance(doc.data, dict) else None
        if not isinstance(ident, str):
            raise ContentError(
                problems or [Problem(display_name(path), 1, "", "not a ruleset (no id)")]
            )
    else:
        library = (None if extra else _shipped_scenario(scenario_id)) or load_library(extra)
        ident = scenario_id
    scenario = library.scenario(ident)
    return scenario, library.content(ident)


def load_scenario(scenario_id: str, extra: Iterable[Path] = ()) -> Scenario:
    """A shipped scenario by id, or a ruleset file (with its decks beside it)."""
    return load_content(scenario_id, extra)[0]


DEFAULT_SCENARIO = "european_security_2022"
