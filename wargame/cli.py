"""The command line: validate, list, bots and schema.

Errors a user can cause print one clear line per problem and exit 2; no
traceback reaches the terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wargame import __version__

if TYPE_CHECKING:
    from wargame.core.actions import Action
    from wargame.core.model import GameState
    from wargame.core.scenario import Scenario

EXIT_OK = 0
EXIT_MISMATCH = 1
EXIT_USAGE = 2


def _err(message: str) -> None:
    print(message, file=sys.stderr)


# -- play ------------------------------------------------------------------------


def cmd_play(args: argparse.Namespace) -> int:
    from wargame.bots.registry import bot_names, is_bot
    from wargame.content.library import ContentError
    from wargame.persist.save import SaveError
    from wargame.session import HUMAN

    try:
        seats = _parse_seats(args.seat)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    for seat, player in seats.items():
        if player != HUMAN and not is_bot(player):
            _err(
                f"--seat {seat}: '{player}' is neither 'human' nor a bot ({', '.join(sorted(bot_names()))})"
            )
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
    if args.scenario and seats:
        from wargame.content.library import load_scenario

        known = load_scenario(args.scenario).delegation_index
        unknown = [s for s in seats if s not in known]
        if unknown:
            _err(f"--seat: unknown delegation '{unknown[0]}' (known: {', '.join(known)})")
            return EXIT_USAGE
    app.run()
    if app.session is not None and app.session.path is not None and not app.session.is_over:
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
    library = load_library(files)
    from wargame.content.library import display_name, kind_of, read_document, sort_problems

    checked = {display_name(f) for f in files}
    problems: list[Problem] = [p for p in library.problems if p.file in checked]
    for f in files:
        doc, _ = read_document(f)
        if doc is not None and kind_of(doc.data) == "unknown":
            problems.append(
                Problem(
                    display_name(f),
                    1,
                    "",
                    "not a ruleset or deck (no 'delegations', 'cards' or 'events')",
                )
            )
    problems = sort_problems([*problems, *library.check_references(only=checked)])
    for problem in problems:
        _err(str(problem))
    if problems or missing:
        _err(f"{len(problems)} problem(s) in {len({p.file for p in problems})} file(s)")
        return EXIT_USAGE
    print(f"{len(files)} file(s) valid")
    return EXIT_OK


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
        seat, bot = item.split("=", 1)
        seats[seat.strip()] = bot.strip()
    return seats


def cmd_bots(args: argparse.Namespace) -> int:
    from wargame.bots.registry import bot_names, is_bot
    from wargame.content.library import ContentError, load_scenario
    from wargame.runner.match import game_seed, play_match

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
        if not is_bot(bot):
            _err(f"--seat: unknown bot '{bot}' (known: {', '.join(sorted(bot_names()))})")
            return EXIT_USAGE
    if args.games < 1:
        _err("--games must be at least 1")
        return EXIT_USAGE
    recorder_for = _save_recorders(args, scenario, seats) if args.save_dir else None
    outcomes: Counter[str] = Counter()
    wins: Counter[str] = Counter()
    rounds = agreements = secret = leaks = tension = 0
    rows = []
    for i in range(args.games):
        seed = game_seed(args.seed, i)
        recorder = recorder_for(i, seed) if recorder_for else None
        result, final, _ = play_match(scenario, seed, seats, recorder=recorder)
        if recorder is not None:
            recorder.finish(final)
        o = result.outcome
        outcomes[o.kind] += 1
        wins.update(o.winners)
        rounds += o.round
        agreements += result.agreements
        secret += result.secret_deals
        leaks += result.leaks
        tension += result.final_tension
        scores = " ".join(f"{d}={s}" for d, s in o.scores)
        print(
            f"game {i + 1:>4} seed {seed:>10}: {o.kind:<10} round {o.round:>2}  "
            f"agreements {result.agreements} (secret {result.secret_deals}, leaked {result.leaks})  "
            f"tension {result.final_tension:>2}  winners {','.join(o.winners) or '-'}  {scores}"
        )
        rows.append(
            {
                "game": i + 1,
                "seed": seed,
                "outcome": o.kind,
                "round": o.round,
                "winners": list(o.winners),
                "scores": dict(o.scores),
                "agreements": result.agreements,
                "secret_deals": result.secret_deals,
                "leaks": result.leaks,
                "final_tension": result.final_tension,
                "actions": result.actions,
            }
        )
    n = args.games
    print()
    print(f"{scenario.name}: {n} game(s), batch seed {args.seed}")
    print(
        "  outcomes: "
        + ", ".join(f"{k} {v} ({100 * v / n:.0f}%)" for k, v in sorted(outcomes.items()))
    )
    print(
        f"  mean rounds {rounds / n:.2f}, agreements per game {agreements / n:.2f}, "
        f"secret deals {secret / n:.2f}, leaks {leaks / n:.2f}, final tension {tension / n:.2f}"
    )
    print(
        "  wins: "
        + ", ".join(
            f"{d.id} {wins[d.id]} ({100 * wins[d.id] / n:.0f}%)" for d in scenario.delegations
        )
    )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return EXIT_OK


def _save_recorders(args: argparse.Namespace, scenario: Scenario, seats: dict[str, str]) -> Any:
    """A factory of per-game save writers sharing one content file in the save folder."""
    from wargame.content.library import load_content
    from wargame.persist.atomic import write_atomic
    from wargame.persist.digest import content_digest
    from wargame.persist.save import SaveWriter, dump_yaml, log_entry, new_save

    folder = Path(args.save_dir)
    _, content = load_content(args.scenario)
    digest = content_digest(content)
    shared = folder / "content" / f"{digest}.yaml"
    if not shared.exists():
        write_atomic(shared, dump_yaml(content))
    players = {d.id: seats.get(d.id, d.bot) for d in scenario.delegations}

    class Recorder:
        def __init__(self, index: int, seed: int) -> None:
            save = new_save(scenario, content, seed, players, "batch")
            self.path = folder / f"{scenario.id}-{index + 1:04d}-{seed}.yaml"
            # Written once at the end: a batch has no one to lose a game in flight.
            self.writer = SaveWriter(save, None, content_ref=digest)

        def __call__(self, before: GameState, action: Action, after: GameState) -> None:
            self.writer.record(log_entry(before, action, after))

        def finish(self, final: GameState) -> None:
            self.writer.path = self.path
            self.writer.finish(final)

    return Recorder


# -- replay --------------------------------------------------------------------


def cmd_replay(args: argparse.Namespace) -> int:
    from wargame.persist.replay import replay_steps, verify
    from wargame.persist.save import SaveError, read_save

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
    from wargame.content.schema import deck_schema, ruleset_schema

    schemas = {"ruleset": ruleset_schema(), "deck": deck_schema()}
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
        "--scenario", default="european_security_2022", help="scenario id or ruleset file"
    )
    p.add_argument("--games", type=int, default=10, help="how many games (default 10)")
    p.add_argument(
        "--seed", type=int, default=1, help="batch seed; game i gets a seed derived from it"
    )
    p.add_argument(
        "--seat",
        action="append",
        default=[],
        metavar="DELEGATION=BOT",
        help="a bot for one seat (repeatable); others get the scenario's default",
    )
    p.add_argument("--json", metavar="PATH", help="write one row per game as JSON")
    p.add_argument("--save-dir", metavar="DIR", help="write each game's save into this folder")
    p.set_defaults(func=cmd_bots)

    p = sub.add_parser("replay", help="replay a saved game; --verify re-simulates and checks it")
    p.add_argument("saves", nargs="+", metavar="SAVE", help="save file(s)")
    p.add_argument(
        "--verify", action="store_true", help="re-simulate headless and check the digests"
    )
    p.add_argument(
        "--as",
        dest="as_delegation",
        metavar="DELEGATION",
        help="show only what this delegation could see",
    )
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("schema", help="print or write the JSON Schema of the content formats")
    p.add_argument("kind", nargs="?", choices=("ruleset", "deck"), default="ruleset")
    p.add_argument("--out", metavar="DIR", help="write both schemas into this folder")
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
