"""YAML text in, plain data out, with the line of every value and no silent surprises.

PyYAML reads YAML 1.1: `NO` becomes False and `12:30` becomes 750. We keep
what it read but remember the original text, so the validator can say why a
value has the wrong type. Duplicate keys, which PyYAML silently overwrites, are
errors here. Only the safe loader is used: nothing in a file is executed.
"""

from __future__ import annotations

from typing import Any

import attrs
import yaml

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

Path = tuple[str | int, ...]


@attrs.frozen
class Problem:
    """One thing wrong in a file: where, and what."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


def path_text(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@attrs.define
class Document:
    """Parsed data plus the line of each path and the raw text of each scalar."""

    file: str
    data: Any
    lines: dict[Path, int] = attrs.field(factory=dict)
    raw: dict[Path, str] = attrs.field(factory=dict)
    # Where this document sits inside a larger file (content carried in a save).
    prefix: Path = ()

    def line_of(self, path: Path) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def problem(self, path: Path, message: str) -> Problem:
        return Problem(self.file, self.line_of(path), path_text((*self.prefix, *path)), message)

    def sub(self, prefix: Path, data: Any) -> Document:
        """The document below `prefix`, keeping the lines of the whole file."""
        n = len(prefix)
        return Document(
            self.file,
            data,
            {k[n:]: v for k, v in self.lines.items() if k[:n] == prefix},
            {k[n:]: v for k, v in self.raw.items() if k[:n] == prefix},
            (*self.prefix, *prefix),
        )


class _Builder(yaml.constructor.SafeConstructor):
    pass


def parse(text: str, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text; a syntax error is one problem with its line."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
            # An unclosed quote or bracket: where it opened says more than the file's end.
            mark = exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or "malformed YAML"
        return None, [Problem(file, line, "", f"YAML syntax error: {what}")]
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        return None, [Problem(file, line, "", f"a character YAML cannot read ({exc.character!r})")]
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "malformed YAML"
        return None, [Problem(file, None, "", f"YAML error: {first}")]
    doc = Document(file, None)
    problems: list[Problem] = []
    if node is None:
        doc.data = None
        return doc, problems
    builder = _Builder()
    doc.data = _build(node, (), doc, builder, problems)
    return doc, problems


def _build(
    node: yaml.Node, path: Path, doc: Document, builder: _Builder, problems: list[Problem]
) -> Any:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Problem(
                        doc.file,
                        key_node.start_mark.line + 1,
                        path_text(path),
                        "a key must be plain text",
                    )
                )
                continue
            if key_node.tag != "tag:yaml.org,2002:str" and key_node.tag.startswith("!"):
                problems.append(
                    Problem(
                        doc.file,
                        key_node.start_mark.line + 1,
                        path_text(path),
                        "a key takes no tag",
                    )
                )
                continue
            key = _scalar(key_node, path, doc, builder, problems)
            if not isinstance(key, str):
                key = str(key_node.value)
            if key in out:
                problems.append(
                    Problem(
                        doc.file,
                        key_node.start_mark.line + 1,
                        path_text((*path, key)),
                        "duplicate key (the earlier value would be silently lost)",
                    )
                )
                continue
            out[key] = _build(value_node, (*path, key), doc, builder, problems)
            doc.lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*path, i), doc, builder, problems) for i, item in enumerate(node.value)
        ]
    if isinstance(node, yaml.ScalarNode):
        doc.raw[path] = node.value
        return _scalar(node, path, doc, builder, problems)
    return None  # pragma: no cover - aliases are resolved by compose


def why_misread(value: object, raw: str | None, text_expected: bool = True) -> str:
    """A hint when YAML 1.1 read something other than what the author wrote."""
    if raw is None:
        return ""
    quote = f"; quote it: '{raw}'" if text_expected else ""
    if isinstance(value, bool) and raw.lower() not in ("true", "false"):
        return f" (YAML reads {raw} as a boolean{quote})"
    if isinstance(value, int | float) and ":" in raw:
        return f" (YAML reads {raw} as a base-60 number{quote})"
    if text_expected and isinstance(value, float) and raw.rstrip("0") != raw:
        return f" (YAML reads {raw} as the number {value}{quote})"
    return ""


def _scalar(
    node: yaml.Node, path: Path, doc: Document, builder: _Builder, problems: list[Problem]
) -> Any:
    """One scalar's value; a value YAML cannot build (a 30th of February, `!!int two`, an
    unknown tag) is a problem at its line, never an exception."""
    try:
        return builder.construct_object(node)
    except Exception as exc:
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0] if str(exc) else ""
        problems.append(
            Problem(
                doc.file,
                node.start_mark.line + 1,
                path_text(path),
                f"YAML cannot read {node.value!r} here" + (f" ({what})" if what else ""),
            )
        )
        return None
