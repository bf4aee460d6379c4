"""The command line: validate, list, bots and schema.

Errors a user can cause print one clear line per problem and exit 2; no
traceback reaches the terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from wargame import __version__

if TYPE_CHECKING:
    from wargame.content.yamlsource import Problem

EXIT_OK = 0
EXIT_MISMATCH = 1
EXIT_USAGE = 2


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _no_terminal(command: str, instead: str) -> bool:
    """Whether a screen command was started without a terminal to draw on (output to a
    file, input from nowhere, a script): it says so instead of waiting forever."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        return False
    _err(f"wargame {command} needs a terminal to draw its screen on; {instead}")
    return True


# -- play ------------------------------------------------------------------------


def cmd_play(args: argparse.Namespace) -> int:
    from wargame.bots.registry import bot_problem
    from wargame.content.library import ContentError
    from wargame.persist.save import SaveError
    from wargame.session import HUMAN

    try:
        seats = _parse_seats(args.seat)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    for seat, player in seats.items():
        problem = None if player == HUMAN else bot_problem(player)
        if problem:
            _err(f"--seat {seat}: neither '{HUMAN}' nor a bot: {problem}")
            return EXIT_USAGE
    if args.pace < 0:
        _err("--pace cannot be negative")
        return EXIT_USAGE
    from wargame.tui.app import make_app

    try:
        app = make_app(
            scenario=args.scenario,
            seats=seats,
            seed=args.seed,
            resume=Path(args.resume) if args.resume else None,
            pace=args.pace,
            clock_minutes=args.clock,
        )
    except ContentError as exc:
        for p in exc.problems:
            _err(str(p))
        return EXIT_USAGE
    except SaveError as exc:
        _err(exc.message)
        return EXIT_USAGE
    except KeyError as exc:
        _err(str(exc.args[0]) if exc.args else "unknown seat")
        return EXIT_USAGE
    if _no_terminal("play", "for games without one, use 'wargame bots'"):
        if args.resume is None and app.session is not None and app.session.path is not None:
            # A game never played is no game to continue later.
            app.session.path.unlink(missing_ok=True)
        return EXIT_USAGE
    app.run()
    if app.session is not None and app.session.path is not None:
        if app.session.is_over:
            print(f"Game saved: replay it with  wargame replay {app.session.path}")
        else:
            print(f"Game saved: continue with  wargame play --resume {app.session.path}")
    return EXIT_OK


# -- validate ------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from wargame.content.library import load_library
    from wargame.content.yamlsource import Problem

    paths = [Path(p) for p in args.paths]
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        _err(f"{p}: no such file or folder")
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(
                f for f in p.rglob("*") if f.suffix in (".yaml", ".yml") and f.is_file()
            )
        elif p.is_file():
            files.append(p)
    empty = [p for p in paths if p.is_dir() and not any(f.is_relative_to(p) for f in files)]
    for p in empty:  # "0 file(s) valid" read as a clean bill for a folder never checked
        _err(f"{p}: no .yaml or .yml files in this folder")
    missing += empty
    # A ruleset's decks are found in a decks/ folder beside its folder, as `play` finds them.
    beside = {f.resolve().parent.parent / "decks" for f in files}
    decks = sorted(d for d in beside if d.is_dir() and d not in {f.resolve() for f in paths})
    library = load_library([*decks, *files])
    from wargame.content.library import display_name, kind_of, read_source, sort_problems

    checked = {display_name(f) for f in files}
    problems: list[Problem] = [p for p in library.problems if p.file in checked]
    saves = 0
    for f in files:
        text, doc, faults = read_source(f)
        kind = kind_of(doc.data) if doc is not None else None
        if kind == "save":
            saves += 1
            problems += _save_problems(f)
        elif kind == "personality" and doc is not None:
            # The checks `--seat DELEGATION=FILE.yaml` applies; faults of YAML are
            # reported by load_library already.
            from wargame.bots.personality import personality_problems

            problems += personality_problems(doc, None if faults else text)
        elif kind == "unknown":
            problems.append(
                Problem(
                    display_name(f),
                    1,
                    "",
                    "not a ruleset, deck, save or personality (no 'delegations', 'cards', 'events', "
                    "'header' or 'kinds')",
                )
            )
    problems = sort_problems([*problems, *library.check_references(only=checked)])
    for problem in problems:
        _err(str(problem))
    if problems:
        _err(f"{len(problems)} problem(s) in {len({p.file for p in problems})} file(s)")
    if problems or missing:
        return EXIT_USAGE
    if saves:
        print(f"{len(files)} file(s) valid, {saves} of them save(s) re-played to the end")
    else:
        print(f"{len(files)} file(s) valid")
    return EXIT_OK


def _save_problems(path: Path) -> list[Problem]:
    """A save's faults of form, else whether it still re-plays to its recorded game, with the
    line of the first action where it does not."""
    from wargame.content.yamlsource import parse
    from wargame.persist.replay import verify
    from wargame.persist.save import SaveError, read_save

    try:
        save = read_save(path)
    except SaveError as exc:
        return exc.problems
    verdict = verify(save)
    if verdict.ok:
        return []
    doc, _ = parse(path.read_text(encoding="utf-8"), str(path))
    n = verdict.diverged_at
    where: tuple[str | int, ...] = ("actions",) if n is None else ("actions", n - 1)
    if doc is None:  # pragma: no cover - read_save parsed the same text
        return [Problem(str(path), None, "actions", verdict.message)]
    return [doc.problem(where, verdict.message)]


# -- list ------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    from wargame.bots.registry import bot_names
    from wargame.content.library import load_library

    library = load_library()
    print("Scenarios:")
    for ident, doc in sorted(library.rulesets.items()):
        d = doc.data
        who = ", ".join(x.get("name", "?") for x in d.get("delegations", []) if isinstance(x, dict))
        print(f"  {ident:28} {d.get('name', '')} ({who})")
    print("Decks:")
    for ident, doc in sorted(library.decks.items()):
        d = doc.data
        counts = f"{len(d.get('cards') or [])} cards, {len(d.get('events') or [])} events"
        print(f"  {ident:28} {d.get('name', '')} ({counts})")
    print("Bots:")
    for name, text in sorted(bot_names().items()):
        print(f"  {name:28} {text}")
    if library.problems:
        _err(f"{len(library.problems)} problem(s) in the installed content: run wargame validate")
    return EXIT_OK


# -- bots --------------------------------------------------------------------------


def _parse_seats(items: Sequence[str]) -> dict[str, str]:
    seats: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise ValueError(f"--seat takes DELEGATION=BOT, got {item!r}")
        seat, bot = (part.strip() for part in item.split("=", 1))
        if seat in seats:
            raise ValueError(f"--seat {seat} is given twice ('{seats[seat]}' and '{bot}')")
        seats[seat] = bot
    return seats


def cmd_bots(args: argparse.Namespace) -> int:
    from wargame.bots.registry import UnknownBotError, bot_problem
    from wargame.content.library import ContentError, load_scenario
    from wargame.runner.batch import run_batch
    from wargame.runner.executors import MissingExtraError, UnreachableClusterError
    from wargame.runner.stats import game_line, summarize, table, to_csv, to_json

    try:
        scenario = load_scenario(args.scenario)
        seats = _parse_seats(args.seat)
    except ContentError as exc:
        for p in exc.problems:
            _err(str(p))
        return EXIT_USAGE
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    for seat, bot in seats.items():
        if seat not in scenario.delegation_index:
            _err(
                f"--seat: unknown delegation '{seat}' (known: {', '.join(scenario.delegation_index)})"
            )
            return EXIT_USAGE
        problem = bot_problem(bot)
        if problem:
            _err(f"--seat {seat}: {problem}")
            return EXIT_USAGE
    if args.games < 1:
        _err("--games must be at least 1")
        return EXIT_USAGE
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    if workers < 1:
        _err("--workers must be at least 1")
        return EXIT_USAGE
    if args.address and args.executor == "local":
        _err("--address names a Dask scheduler or a Ray head: use it with --executor dask or ray")
        return EXIT_USAGE
    # Where the results go is checked before the games are played, not after.
    for flag, value in (("--json", args.json), ("--csv", args.csv)):
        problem = _cannot_write(Path(value)) if value else None
        if problem:
            _err(f"{flag} {value}: {problem}")
            return EXIT_USAGE
    if args.save_dir:
        try:
            Path(args.save_dir).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _err(f"--save-dir {args.save_dir}: cannot make the folder ({exc.strerror})")
            return EXIT_USAGE
    bar = _progress(args.games)
    try:
        rows = run_batch(
            args.scenario,
            args.games,
            args.seed,
            seats,
            workers=workers,
            executor=args.executor,
            address=args.address,
            save_dir=Path(args.save_dir) if args.save_dir else None,
            progress=bar.advance if bar else None,
        )
    except (MissingExtraError, UnreachableClusterError) as exc:
        _err(str(exc))
        return EXIT_USAGE
    except UnknownBotError as exc:
        _err(str(exc.args[0]))
        return EXIT_USAGE
    finally:
        if bar:
            bar.close()
    if not args.quiet and (args.list or len(rows) <= LISTED_UP_TO):
        for row in rows:
            print(game_line(row))
        print()
    summary = summarize(rows, scenario)
    print(table(summary, scenario, args.seed), end="")
    if args.json and not _keep(args.json, "--json", to_json(rows, summary)):
        return EXIT_MISMATCH  # the games ran; their file could not be kept
    if args.csv and not _keep(args.csv, "--csv", to_csv(rows, scenario)):
        return EXIT_MISMATCH
    return EXIT_OK


def _keep(value: str, flag: str, text: str) -> bool:
    from wargame.persist.atomic import write_atomic

    try:
        write_atomic(Path(value), text)
    except OSError as exc:
        _err(f"{flag} {value}: cannot write it ({exc.strerror})")
        return False
    return True


def _cannot_write(path: Path) -> str | None:
    """Why a results file could not be written there, or None."""
    if path.is_dir():
        return "is a folder"
    if path.exists() and not path.is_file():
        return "is not a regular file"  # a device, say: never replaced by a file
    folder = path.parent
    if not folder.is_dir():
        return f"no such folder {folder}"
    # A file made and removed there, as the results will be: permission bits alone miss a
    # read-only mount, an ACL, or a folder like /proc where even root makes no file.
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".probe", dir=folder)
    except OSError as exc:
        return f"cannot make a file in {folder} ({exc.strerror})"
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return None


# A line per game reads well for a handful; thousands would bury the summary (--list, or
# --json and --csv, have them all).
LISTED_UP_TO = 20


class _Bar:
    """A progress bar on stderr, drawn only for a person at a terminal."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.progress.add_task("games", total=total)
        self.progress.start()

    def advance(self, n: int) -> None:
        self.progress.advance(self.task, n)

    def close(self) -> None:
        self.progress.stop()


def _progress(total: int) -> _Bar | None:
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    return _Bar(total)


# -- replay --------------------------------------------------------------------


def cmd_replay(args: argparse.Namespace) -> int:
    from wargame.persist.replay import mismatch, replay_steps, verify
    from wargame.persist.save import SaveError, read_save

    if args.verify and args.as_delegation is not None:
        _err("--as shows one delegation's view: use it with --text or the replay screen")
        return EXIT_USAGE
    if not args.verify and not args.text:
        if len(args.saves) != 1:
            _err("the replay screen opens one save at a time (or use --verify / --text)")
            return EXIT_USAGE
        from wargame.tui.app import make_replay_app

        try:
            app = make_replay_app(Path(args.saves[0]), args.as_delegation)
        except SaveError as exc:
            _err(exc.message)
            return EXIT_USAGE
        except KeyError as exc:
            _err(str(exc.args[0]))
            return EXIT_USAGE
        if _no_terminal("replay", "'wargame replay --text' prints the game instead"):
            return EXIT_USAGE
        app.run()
        return EXIT_OK
    worst = EXIT_OK
    for name in args.saves:
        try:
            save = read_save(Path(name))
            if args.verify:
                verdict = verify(save)
                print(f"{name}: {verdict.message}", file=sys.stdout if verdict.ok else sys.stderr)
                worst = max(worst, EXIT_OK if verdict.ok else EXIT_MISMATCH)
                continue
            steps = replay_steps(save)
        except SaveError as exc:
            _err(exc.message)
            worst = EXIT_USAGE
            continue
        scenario = save.scenario
        assert scenario is not None
        who = args.as_delegation
        if who is not None and who not in scenario.delegation_index:
            _err(
                f"--as: unknown delegation '{who}' (known: {', '.join(scenario.delegation_index)})"
            )
            return EXIT_USAGE
        seats = ", ".join(f"{scenario.delegation(d).name}: {p}" for d, p in save.seats.items())
        print(f"{save.scenario_name} (seed {save.seed}); seats: {seats}")
        differs = mismatch(save, steps)
        if differs:  # printed all the same, for what it is worth; said first, on both streams
            _err(f"{name}: does not replay as recorded: {differs}")
            print(f"NOT THE RECORDED GAME: {differs}. What follows is the game its log makes now.")
            worst = max(worst, EXIT_MISMATCH)
        for step in steps:
            if step.action is not None:
                a = step.action
                note = f"   note: {a.note}" if a.note else ""
                print(f"-- action {a.n}: round {a.round}, {a.phase}, {a.by}{note}")
            for event in step.events:
                if event.visible(who) and event.kind not in ("phase_started", "cards_drawn"):
                    print(f"   {event.text}")
    return worst


# -- schema ------------------------------------------------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    from wargame.bots.personality import SCHEMA as personality_schema
    from wargame.content.schema import deck_schema, ruleset_schema

    schemas = {
        "ruleset": ruleset_schema(),
        "deck": deck_schema(),
        "personality": personality_schema,
    }
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for name, schema in schemas.items():
            (out / f"{name}.schema.json").write_text(
                json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8"
            )
        print(f"wrote {', '.join(str(out / f'{n}.schema.json') for n in schemas)}")
    else:
        print(json.dumps(schemas[args.kind], indent=2, sort_keys=True))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wargame",
        description="A negotiation wargame engine: crisis diplomacy, secret deals, escalation.",
    )
    parser.add_argument("--version", action="version", version=f"wargame {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "play", help="play in the terminal: hot-seat delegations, bots in empty seats"
    )
    p.add_argument("--scenario", help="scenario id or ruleset file (default: the setup screen)")
    p.add_argument(
        "--seat",
        action="append",
        default=[],
        metavar="DELEGATION=human|BOT",
        help="who plays a seat (repeatable); unnamed seats get the scenario's bot",
    )
    p.add_argument("--seed", type=int, help="the game's seed (default 1 with --scenario)")
    p.add_argument("--resume", metavar="SAVE", help="continue a saved game")
    p.add_argument("--pace", type=float, default=0.3, help="seconds between bot moves (0: instant)")
    p.add_argument(
        "--clock", type=float, metavar="MINUTES", help="a countdown for each negotiation phase"
    )
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("validate", help="check rulesets and decks, with file:line errors")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of YAML")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", help="the scenarios, decks and bots installed")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("bots", help="headless bot-versus-bot games")
    p.add_argument(
        "--scenario",
        default="european_security_2022",
        help="scenario id or ruleset file (default european_security_2022)",
    )
    p.add_argument("--games", type=int, default=10, help="how many games (default 10)")
    p.add_argument(
        "--seed",
        type=int,
        default=1,
        help="batch seed (default 1); game i gets a seed derived from it",
    )
    p.add_argument(
        "--seat",
        action="append",
        default=[],
        metavar="DELEGATION=BOT",
        help="a bot for one seat (repeatable); others get the scenario's default",
    )
    p.add_argument(
        "--workers",
        type=int,
        metavar="K",
        help="worker processes (default: all cores); results do not depend on it",
    )
    p.add_argument(
        "--executor",
        choices=("local", "dask", "ray"),
        default="local",
        help="where games run: local processes, a Dask or a Ray cluster",
    )
    p.add_argument(
        "--address", help="scheduler (Dask) or head (Ray) address of an existing cluster"
    )
    p.add_argument("--json", metavar="PATH", help="write the summary and one row per game as JSON")
    p.add_argument("--csv", metavar="PATH", help="write one row per game as CSV")
    p.add_argument("--save-dir", metavar="DIR", help="write each game's save into this folder")
    lines = p.add_mutually_exclusive_group()
    lines.add_argument(
        "--list",
        action="store_true",
        help=f"a line per game before the summary, however many (default: up to {LISTED_UP_TO})",
    )
    lines.add_argument(
        "-q", "--quiet", action="store_true", help="no line per game, only the summary"
    )
    p.set_defaults(func=cmd_bots)

    p = sub.add_parser("replay", help="replay a saved game; --verify re-simulates and checks it")
    p.add_argument("saves", nargs="+", metavar="SAVE", help="save file(s)")
    p.add_argument(
        "--verify", action="store_true", help="re-simulate headless and check the digests"
    )
    p.add_argument(
        "--text",
        action="store_true",
        help="print the game's story instead of opening the replay screen",
    )
    p.add_argument(
        "--as",
        dest="as_delegation",
        metavar="DELEGATION",
        help="show only what this delegation could see (the replay screen or --text)",
    )
    p.set_defaults(func=cmd_replay)

    from wargame.report.command import add_report_parser

    add_report_parser(sub)

    p = sub.add_parser("schema", help="print or write the JSON Schema of the content formats")
    p.add_argument("kind", nargs="?", choices=("ruleset", "deck", "personality"), default="ruleset")
    p.add_argument("--out", metavar="DIR", help="write all three schemas into this folder")
    p.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        result: int = args.func(args)
        return result
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
