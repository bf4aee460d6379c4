"""The distribution view over many games: from several saves or a `wargame bots --json` file.

Each game becomes one BatchGame row (outcome, rounds, final tension, winners, the cards
played); the report gives outcome rates, the spread of game length and final tension,
win rates per delegation, with charts, and the cards played and how their players fared.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from wargame.core.actions import PlayCard
from wargame.core.scenario import OUTCOMES
from wargame.persist.save import SaveGame
from wargame.report.render import (
    Charts,
    h,
    html_figures,
    html_table,
    md,
    md_table,
    page,
    write_report,
)
from wargame.runner.stats import card_stats


class BatchError(Exception):
    """An input a batch report cannot use; the message names the file and what is wrong."""


@attrs.frozen
class BatchGame:
    label: str  # where it came from: a save's file, or "game N (seed S)" of a bots file
    scenario: str
    outcome: str
    round: int
    winners: tuple[str, ...]
    final_tension: int
    agreements: int
    leaks: int
    scores: Mapping[str, int]
    cards: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict)  # seat: card: plays


@attrs.frozen
class BatchReport:
    title: str
    sources: tuple[str, ...]
    scenarios: tuple[str, ...]  # scenario names (or ids) met in the inputs
    games: tuple[BatchGame, ...]
    unfinished: tuple[str, ...]  # saves of games still in progress: left out of the figures
    names: Mapping[str, str]  # delegation id: name (the id where no name is known)
    outcome_counts: Mapping[str, int]
    rounds_mean: float
    rounds_median: float
    rounds_hist: Mapping[int, int]
    tension_mean: float
    tension_median: float
    tension_hist: Mapping[int, int]
    win_rates: Mapping[str, float]  # delegation id: share of the games it sat in that it won
    agreements_per_game: float
    leaks_per_game: float
    crisis_at: int | None = None
    war_at: int | None = None
    # Card: plays per game, share of games, win rate of the delegations that played it.
    cards: Mapping[str, Mapping[str, float]] = attrs.field(factory=dict)
    card_names: Mapping[str, str] = attrs.field(factory=dict)
    seat_win_rate: float = 0.0  # any delegation's share of wins, to read the cards against

    @property
    def finished(self) -> int:
        return len(self.games)


# -- inputs -----------------------------------------------------------------------


def game_from_save(save: SaveGame) -> BatchGame | None:
    """One finished saved game as a row (None while it is in progress); replays it."""
    from wargame.persist.replay import resume

    if save.result is None:
        return None
    state, _ = resume(save)
    scenario = state.scenario
    result = save.result
    winners = result.get("winners") or []
    scores = result.get("scores") or {}
    return BatchGame(
        label=Path(save.source).name if save.source else f"seed {save.seed}",
        scenario=save.scenario_name,
        outcome=str(result.get("outcome", state.outcome.kind if state.outcome else "?")),
        round=int(result.get("round", state.round)),
        winners=tuple(str(w) for w in winners),
        final_tension=state.track(scenario.rules.tension_track),
        agreements=len(state.agreements),
        leaks=sum(1 for a in state.agreements if a.leaked),
        scores={str(k): int(v) for k, v in dict(scores).items()},
        cards=_cards_played(save),
    )


def _cards_played(save: SaveGame) -> dict[str, dict[str, int]]:
    played: dict[str, dict[str, int]] = {}
    for entry in save.actions:
        if isinstance(entry.action, PlayCard):
            mine = played.setdefault(entry.by, {})
            mine[entry.action.card] = mine.get(entry.action.card, 0) + 1
    return played


_ROW_FIELDS: dict[str, type] = {
    "outcome": str,
    "round": int,
    "winners": list,
    "final_tension": int,
    "scores": dict,
}


def games_from_json(
    path: Path, names: dict[str, str] | None = None, card_names: dict[str, str] | None = None
) -> list[BatchGame]:
    """The rows of a `wargame bots --json` file; the names of its scenario's delegations and
    cards go into `names` and `card_names`, where given."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BatchError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BatchError(f"{path}: cannot read it: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BatchError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("games"), list):
        raise BatchError(
            f"{path}: not a `wargame bots --json` file (expected an object with a 'games' list)"
        )
    about = (
        data.get("summary", {}).get("scenario") if isinstance(data.get("summary"), dict) else None
    )
    scenario_name = ""
    if isinstance(about, dict):  # files from before it was recorded have none
        scenario_name = str(about.get("name", about.get("id", "")))
        for target, known in ((names, about.get("delegations")), (card_names, about.get("cards"))):
            if target is not None and isinstance(known, dict):
                for ident, name in known.items():
                    merge_name(target, str(ident), str(name))
    out = []
    for i, row in enumerate(data["games"]):
        where = f"{path}: games[{i}]"
        if not isinstance(row, dict):
            raise BatchError(f"{where}: expected an object")
        for key, kind in _ROW_FIELDS.items():
            value = row.get(key)
            if value is None:
                raise BatchError(f"{where}: missing field '{key}'")
            if isinstance(value, bool) or not isinstance(value, kind):
                raise BatchError(f"{where}: field '{key}' has an unexpected value {value!r}")
        label = f"game {row.get('game', i + 1)}"
        if "seed" in row:
            label += f" (seed {row['seed']})"
        out.append(
            BatchGame(
                label=f"{path.name}: {label}",
                scenario=str(row.get("scenario", scenario_name)),
                outcome=row["outcome"],
                round=row["round"],
                winners=tuple(str(w) for w in row["winners"]),
                final_tension=row["final_tension"],
                agreements=_int(row.get("agreements")),
                leaks=_int(row.get("leaks")),
                scores={str(k): _int(v) for k, v in row["scores"].items()},
                cards=_card_counts(row.get("cards")),
            )
        )
    return out


def _card_counts(value: Any) -> dict[str, dict[str, int]]:
    """A row's cards, when it has them (files from before they were recorded have not)."""
    if not isinstance(value, dict):
        return {}
    return {
        str(seat): {str(c): _int(k) for c, k in played.items()}
        for seat, played in value.items()
        if isinstance(played, dict)
    }


def merge_name(names: dict[str, str], ident: str, name: str) -> None:
    """Name an id; scenarios mixed in one report may give one id two names (`europe`: the
    European allies in one, France and Britain in another): it is shown with both."""
    old = names.get(ident)
    if old is None or old == ident:
        names[ident] = name
    elif name not in old.split(" / "):
        names[ident] = f"{old} / {name}"


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


# -- the figures --------------------------------------------------------------------


def build_batch_report(
    games: Sequence[BatchGame],
    sources: Sequence[str],
    names: Mapping[str, str] | None = None,
    unfinished: Sequence[str] = (),
    crisis_at: int | None = None,
    war_at: int | None = None,
    card_names: Mapping[str, str] | None = None,
) -> BatchReport:
    """Outcome rates, length and final tension distributions, win rates, and the cards."""
    n = len(games)
    known = dict(names or {})
    for g in games:
        for d in (*g.scores, *g.winners):
            known.setdefault(d, d)
    outcomes = Counter(g.outcome for g in games)
    counts = {k: outcomes.get(k, 0) for k in OUTCOMES}
    counts.update({k: v for k, v in sorted(outcomes.items()) if k not in counts})
    rounds = [g.round for g in games]
    tension = [g.final_tension for g in games]
    wins = Counter(w for g in games for w in g.winners)
    seated = Counter(d for g in games for d in g.scores)  # mixed scenarios seat others
    scenarios = tuple(dict.fromkeys(g.scenario for g in games if g.scenario))
    return BatchReport(
        title=f"Batch report: {n} game(s)"
        + (f" of {', '.join(scenarios)}" if len(scenarios) == 1 else ""),
        sources=tuple(sources),
        scenarios=scenarios,
        games=tuple(games),
        unfinished=tuple(unfinished),
        names=known,
        outcome_counts=counts,
        rounds_mean=statistics.fmean(rounds) if rounds else 0.0,
        rounds_median=float(statistics.median(rounds)) if rounds else 0.0,
        rounds_hist=dict(sorted(Counter(rounds).items())),
        tension_mean=statistics.fmean(tension) if tension else 0.0,
        tension_median=float(statistics.median(tension)) if tension else 0.0,
        tension_hist=dict(sorted(Counter(tension).items())),
        win_rates={d: (wins[d] / seated[d] if seated[d] else 0.0) for d in known},
        agreements_per_game=sum(g.agreements for g in games) / n if n else 0.0,
        leaks_per_game=sum(g.leaks for g in games) / n if n else 0.0,
        crisis_at=crisis_at,
        war_at=war_at,
        cards=card_stats([{"cards": g.cards, "winners": g.winners} for g in games]),
        card_names=dict(card_names or {}),
        seat_win_rate=(
            sum(len(g.winners) for g in games) / seats
            if (seats := sum(len(g.scores) for g in games))
            else 0.0
        ),
    )


def batch_from_inputs(paths: Sequence[Path]) -> BatchReport:
    """Read saves and bots JSON files (and folders of saves) into one batch report.

    Raises SaveError for a bad save and BatchError for a bad JSON file or an empty input.
    """
    from wargame.persist.save import read_save

    games: list[BatchGame] = []
    names: dict[str, str] = {}
    card_names: dict[str, str] = {}
    unfinished: list[str] = []
    rules: set[tuple[int, int]] = set()
    json_seen = False
    for path in expand(paths):
        if path.suffix.lower() == ".json":
            json_seen = True
            games += games_from_json(path, names, card_names)
            continue
        save = read_save(path)
        if save.scenario is not None:
            for d in save.scenario.delegations:
                merge_name(names, d.id, d.name)
            for c in save.scenario.cards.values():
                merge_name(card_names, c.id, c.name)
            rules.add((save.scenario.rules.crisis_at, save.scenario.rules.war_at))
        row = game_from_save(save)
        if row is None:
            unfinished.append(str(path))
        else:
            games.append(row)
    if not games:
        what = ", ".join(str(p) for p in paths)
        raise BatchError(f"{what}: no finished game to report on")
    # Thresholds are drawn only when every game shares them (bots JSON rows carry none).
    thresholds = next(iter(rules)) if len(rules) == 1 and not json_seen else (None, None)
    return build_batch_report(
        games,
        [str(p) for p in paths],
        names,
        unfinished,
        crisis_at=thresholds[0],
        war_at=thresholds[1],
        card_names=card_names,
    )


def expand(paths: Sequence[Path]) -> list[Path]:
    """Folders stand for the saves directly inside them (not their `content/` folder)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix in (".yaml", ".yml") and f.is_file())
            if not found:
                raise BatchError(f"{p}: no saves (*.yaml) in this folder")
            out += found
        else:
            out.append(p)
    return out


# -- rendering ----------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _facts(batch: BatchReport) -> list[tuple[str, str]]:
    facts = [
        ("Games", str(batch.finished)),
        ("Rounds", f"mean {batch.rounds_mean:.2f}, median {batch.rounds_median:g}"),
        ("Final tension", f"mean {batch.tension_mean:.2f}, median {batch.tension_median:g}"),
        ("Agreements per game", f"{batch.agreements_per_game:.2f}"),
        ("Leaks per game", f"{batch.leaks_per_game:.2f}"),
    ]
    if batch.unfinished:
        facts.append(("Left out (still in progress)", str(len(batch.unfinished))))
    return facts


def _outcome_rows(batch: BatchReport) -> list[tuple[str, int, str]]:
    n = batch.finished
    return [(k, c, _pct(c / n if n else 0.0)) for k, c in batch.outcome_counts.items()]


def _win_rows(batch: BatchReport) -> list[tuple[str, str]]:
    return [(batch.names.get(d, d), _pct(r)) for d, r in batch.win_rates.items()]


def _card_rows(batch: BatchReport) -> list[tuple[str, str, str, str]]:
    """Most played first."""
    cards = batch.cards
    return [
        (
            batch.card_names.get(card, card),
            f"{cards[card]['plays_per_game']:.2f}",
            _pct(cards[card]["games"]),
            _pct(cards[card]["win_rate_when_played"]),
        )
        for card in sorted(cards, key=lambda c: (-cards[c]["plays_per_game"], c))
    ]


CARD_HEAD = ["Card", "Plays per game", "Games played in", "Its player won"]


def _cards_note(batch: BatchReport) -> str:
    return (
        "How often the delegation that played a card won that game, against "
        f"{_pct(batch.seat_win_rate)}, the share of its games any delegation won."
    )


def _game_rows(batch: BatchReport) -> list[tuple[str, str, int, int, str]]:
    return [
        (
            g.label,
            g.outcome,
            g.round,
            g.final_tension,
            ", ".join(batch.names.get(w, w) for w in g.winners) or "-",
        )
        for g in batch.games
    ]


GAME_HEAD = ["Game", "Outcome", "Round", "Final tension", "Winners"]


def batch_markdown(batch: BatchReport, charts: Charts, files: Mapping[str, str]) -> str:
    w = [f"# {md(batch.title)}\n"]
    w.append("Sources: " + ", ".join(f"`{s}`" for s in batch.sources) + "\n")
    if len(batch.scenarios) > 1:
        w.append(f"Scenarios mixed in this batch: {md(', '.join(batch.scenarios))}.\n")
    w.append("## Summary\n")
    w.append(md_table(["Measure", "Value"], ((md(k), md(v)) for k, v in _facts(batch))))
    w.append("## Outcomes\n")
    w.append(md_table(["Outcome", "Games", "Share"], _outcome_rows(batch)))
    w.append("## Win rate by delegation\n")
    w.append(md_table(["Delegation", "Won"], ((md(d), r) for d, r in _win_rows(batch))))
    if files:
        w.append("## Charts\n")
        for name, file in files.items():
            caption = charts[name][0]
            w.append(f"![{md(caption)}]({file})\n\n*{md(caption)}*\n")
    if batch.cards:
        w.append("## Cards played\n")
        w.append(_cards_note(batch) + "\n")
        w.append(md_table(CARD_HEAD, [[md(c) for c in row] for row in _card_rows(batch)]))
    w.append("## Games\n")
    w.append(md_table(GAME_HEAD, [[md(c) for c in row] for row in _game_rows(batch)]))
    if batch.unfinished:
        w.append("## Left out: games still in progress\n")
        w.extend(f"- `{u}`" for u in batch.unfinished)
        w.append("")
    return "\n".join(w).rstrip() + "\n"


def batch_html(batch: BatchReport, charts: Charts) -> str:
    b = [f"<h1>{h(batch.title)}</h1>\n"]
    b.append(f'<p class="meta">Sources: {h(", ".join(batch.sources))}</p>\n')
    if len(batch.scenarios) > 1:
        b.append(f"<p>Scenarios mixed in this batch: {h(', '.join(batch.scenarios))}.</p>\n")
    b.append("<h2>Summary</h2>\n")
    b.append(html_table(["Measure", "Value"], _facts(batch)))
    b.append("<h2>Outcomes</h2>\n")
    b.append(html_table(["Outcome", "Games", "Share"], _outcome_rows(batch), numeric=(1, 2)))
    b.append("<h2>Win rate by delegation</h2>\n")
    b.append(html_table(["Delegation", "Won"], _win_rows(batch), numeric=(1,)))
    if charts:
        b.append("<h2>Charts</h2>\n")
        b.append(html_figures(charts))
    if batch.cards:
        b.append("<h2>Cards played</h2>\n")
        b.append(f"<p>{h(_cards_note(batch))}</p>\n")
        b.append(html_table(CARD_HEAD, _card_rows(batch), numeric=(1, 2, 3)))
    b.append("<h2>Games</h2>\n")
    b.append(html_table(GAME_HEAD, _game_rows(batch), numeric=(2, 3)))
    if batch.unfinished:
        b.append("<h2>Left out: games still in progress</h2>\n<ul>\n")
        b.extend(f"<li>{h(u)}</li>\n" for u in batch.unfinished)
        b.append("</ul>\n")
    return page(batch.title, "".join(b))


def render_batch(batch: BatchReport, fmt: str, out: Path) -> list[Path]:
    """Draw the charts and write a batch report; returns the files written."""
    from wargame.report.charts import batch_charts

    charts = batch_charts(batch)
    return write_report(
        out,
        fmt,
        charts,
        lambda files: batch_markdown(batch, charts, files),
        lambda c: batch_html(batch, c),
    )
