"""`wargame report SAVE... [--format md|html] [--out PATH]`: the command's behaviour.

One save gives its game's report; several saves, a folder of saves or a
`wargame bots --json` file give the batch report. A bad input prints one clear line
on stderr and returns 2; no traceback reaches the user. A save that no longer re-plays
into the game it records is reported all the same, with a warning, and returns 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_MISMATCH = 1
EXIT_USAGE = 2
FORMATS = ("md", "html")


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def is_batch(inputs: list[Path]) -> bool:
    return len(inputs) > 1 or inputs[0].is_dir() or inputs[0].suffix.lower() == ".json"


def default_out(inputs: list[Path], fmt: str, batch: bool) -> Path:
    """Beside the first input: game.yaml -> game.md; runs.json -> runs.md;
    several saves -> FIRST-batch.md; a folder -> FOLDER-report.md beside it."""
    first = inputs[0]
    if first.is_dir():
        folder = first.resolve()
        return folder.with_name(f"{folder.name}-report.{fmt}")
    if batch and len(inputs) > 1:
        return first.with_name(f"{first.stem}-batch.{fmt}")
    return first.with_suffix(f".{fmt}")


def run_report(paths: list[str], fmt: str, out: str | None) -> int:
    if fmt not in FORMATS:
        _err(f"--format: unknown format '{fmt}' (known: {', '.join(FORMATS)})")
        return EXIT_USAGE
    if not paths:
        _err("report: give a save, several saves or a `wargame bots --json` file")
        return EXIT_USAGE
    inputs = [Path(p) for p in paths]
    for p in inputs:
        if not p.exists():
            _err(f"{p}: no such file or folder")
            return EXIT_USAGE
    batch = is_batch(inputs)
    target = Path(out) if out else default_out(inputs, fmt, batch)
    if target.is_dir():
        _err(f"--out {target}: is a folder; give the report's file name")
        return EXIT_USAGE
    if target.resolve() in {p.resolve() for p in inputs}:
        _err(f"--out {target}: would overwrite an input")
        return EXIT_USAGE
    try:
        from wargame.persist.save import SaveError
        from wargame.report.batch import BatchError
    except ImportError as exc:  # pragma: no cover - a broken install
        _err(f"report: {exc}")
        return EXIT_USAGE
    try:
        written, differs = _write(inputs, fmt, target, batch)
    except SaveError as exc:
        _err(exc.message)
        return EXIT_USAGE
    except BatchError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except ImportError as exc:
        _err(
            f"report: the charts need matplotlib ({exc}); install it with `pip install matplotlib`"
        )
        return EXIT_USAGE
    except OSError as exc:
        where = exc.filename or target
        _err(f"{where}: cannot write the report: {exc.strerror or exc}")
        return EXIT_USAGE
    print(written[0])
    if differs:  # the report says so at its head too
        _err(f"{inputs[0]}: does not replay as recorded: {differs}")
        return EXIT_MISMATCH
    return EXIT_OK


def _write(
    inputs: list[Path], fmt: str, target: Path, batch: bool
) -> tuple[list[Path], str | None]:
    """The files written, and where a single save parts from the game it records."""
    if batch:
        from wargame.report.batch import batch_from_inputs, render_batch

        return render_batch(batch_from_inputs(inputs), fmt, target), None
    from wargame.persist.replay import replay_steps
    from wargame.persist.save import read_save
    from wargame.report.build import build_game_report
    from wargame.report.render import render_game

    save = read_save(inputs[0])
    report = build_game_report(save, replay_steps(save))
    return render_game(report, fmt, target), report.mismatch


def add_report_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Add `report` to the CLI's subparsers (the object `add_subparsers()` returned)."""
    p: argparse.ArgumentParser = sub.add_parser(
        "report",
        help="an after-action report of a save, or the distribution view over many games",
        description=(
            "One save gives its game's after-action report: seats, outcome and scores, "
            "charts, key moments, the facilitator's annotations, a round-by-round narrative "
            "of the public events and a separate facilitator's view of the secret deals. "
            "Several saves, a folder of saves or a `wargame bots --json` file give the "
            "batch report: outcomes, rounds and final tension, with charts."
        ),
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="SAVE",
        help="a save; or several saves, folders of saves or `wargame bots --json` files",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="md",
        help="md: Markdown with SVG charts beside it (default); html: one self-contained page",
    )
    p.add_argument(
        "--out",
        metavar="PATH",
        help="the report file (default: beside the first input, with .md or .html)",
    )
    p.set_defaults(func=lambda args: run_report(args.paths, args.format, args.out))
    return p
