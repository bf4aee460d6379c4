"""Statistics over a batch's rows, and the table and files they are shown in."""

from __future__ import annotations

import csv
import io
import json
import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Any

from wargame.core.scenario import OUTCOMES, Scenario


def summarize(rows: Sequence[dict[str, Any]], scenario: Scenario) -> dict[str, Any]:
    n = len(rows)
    outcomes = Counter(r["outcome"] for r in rows)
    rounds = [r["round"] for r in rows]
    wins = Counter(w for r in rows for w in r["winners"])
    bot_seats: Counter[str] = Counter()
    bot_wins: Counter[str] = Counter()
    for r in rows:
        for seat, bot in r["seats"].items():
            bot_seats[bot] += 1
            if seat in r["winners"]:
                bot_wins[bot] += 1
    # External programs replaced mid-game: their seats' results are partly the fallback's.
    replaced: Counter[str] = Counter(
        r["seats"][seat] for r in rows for seat in r.get("fallbacks", {})
    )
    moves: dict[str, Counter[str]] = {}
    for r in rows:
        for seat, kinds in r["moves"].items():
            moves.setdefault(r["seats"][seat], Counter()).update(kinds)

    def rate(k: int) -> float:
        return k / n if n else 0.0

    return {
        "games": n,
        "outcomes": {k: rate(outcomes[k]) for k in OUTCOMES},
        "rounds_mean": statistics.fmean(rounds) if rounds else 0.0,
        "rounds_median": float(statistics.median(rounds)) if rounds else 0.0,
        "win_rate": {d.id: rate(wins[d.id]) for d in scenario.delegations},
        "bot_win_rate": {b: bot_wins[b] / bot_seats[b] for b in sorted(bot_seats)},
        "bot_replaced": {b: replaced[b] / bot_seats[b] for b in sorted(replaced)},
        "agreement_rate": {
            "any": rate(sum(1 for r in rows if r["agreements"])),
            "de_jure": rate(sum(1 for r in rows if r["de_jure"])),
            "de_facto": rate(sum(1 for r in rows if r["de_facto"])),
            "secret": rate(sum(1 for r in rows if r["secret_deals"])),
        },
        "agreements_per_game": rate(sum(r["agreements"] for r in rows)),
        "leaks_per_game": rate(sum(r["leaks"] for r in rows)),
        "final_tension_mean": rate(sum(r["final_tension"] for r in rows)),
        "moves_per_bot": {b: dict(sorted(c.items())) for b, c in sorted(moves.items())},
        "cards": card_stats(rows),
        # Which scenario, and the names behind its ids, for reports read from the file alone.
        "scenario": {
            "id": scenario.id,
            "name": scenario.name,
            "delegations": {d.id: d.name for d in scenario.delegations},
            "cards": {c.id: c.name for c in scenario.cards.values()},
        },
        # What a card's win rate is measured against: any delegation's share of wins.
        "seat_win_rate": rate(sum(len(r["winners"]) for r in rows)) / len(scenario.delegations),
    }


def card_stats(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """For each card played: plays per game, the share of games it was played in, and how
    often a delegation that played it won that game (against its delegations' usual rate,
    a first look at a card that is too strong or too weak)."""
    n = len(rows)
    plays: Counter[str] = Counter()
    games: Counter[str] = Counter()
    holders: Counter[str] = Counter()  # (game, delegation) pairs that played the card
    won: Counter[str] = Counter()
    for r in rows:
        in_game: set[str] = set()
        for seat, played in r.get("cards", {}).items():
            for card, k in played.items():
                plays[card] += k
                in_game.add(card)
                holders[card] += 1
                won[card] += seat in r["winners"]
        games.update(in_game)
    return {
        card: {
            "plays_per_game": plays[card] / n,
            "games": games[card] / n,
            "win_rate_when_played": won[card] / holders[card],
        }
        for card in sorted(plays)
    }


CARDS_SHOWN = 10  # in the table; --json has every card played


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def table(summary: dict[str, Any], scenario: Scenario, batch_seed: int) -> str:
    """A plain-text summary table; the same rows give the same bytes."""
    out = io.StringIO()
    w = out.write
    w(f"{scenario.name}: {summary['games']} game(s), batch seed {batch_seed}\n")
    w("\nOutcomes           " + "  ".join(f"{k:>10}" for k in OUTCOMES) + "\n")
    w(
        "                   "
        + "  ".join(f"{_pct(summary['outcomes'][k]):>10}" for k in OUTCOMES)
        + "\n"
    )
    w(
        f"\nRounds             mean {summary['rounds_mean']:.2f}   median {summary['rounds_median']:g}\n"
    )
    ag = summary["agreement_rate"]
    w(
        f"Games with a deal  {_pct(ag['any'])}   de jure {_pct(ag['de_jure'])}   "
        f"de facto {_pct(ag['de_facto'])}   with a secret part {_pct(ag['secret'])}\n"
    )
    w(
        f"Per game           agreements {summary['agreements_per_game']:.2f}   "
        f"leaks {summary['leaks_per_game']:.2f}   final tension {summary['final_tension_mean']:.2f}\n"
    )
    w("\nWin rate by delegation\n")
    for d in scenario.delegations:
        w(f"  {_fit(d.name):<40} {_pct(summary['win_rate'][d.id])}\n")
    w("\nWin rate by bot (per seat played)\n")
    replaced = summary.get("bot_replaced", {})
    for bot, r in summary["bot_win_rate"].items():
        gone = (
            f"   replaced by a fallback in {_pct(replaced[bot]).strip()} of its games"
            if bot in replaced
            else ""
        )
        w(f"  {_fit(bot, tail=bot.endswith(('.yaml', '.yml'))):<40} {_pct(r)}{gone}\n")
    cards = summary["cards"]
    if cards:
        most = sorted(cards, key=lambda c: (-cards[c]["plays_per_game"], c))
        w(f"\nCards most played{'':<23} per game    games  its player won\n")
        for card in most[:CARDS_SHOWN]:
            c = cards[card]
            name = scenario.cards[card].name if card in scenario.cards else card
            w(
                f"  {_fit(name):<40} {c['plays_per_game']:>6.2f}   {_pct(c['games'])}   "
                f"{_pct(c['win_rate_when_played']):>14}\n"
            )
        more = (
            f"; {len(most) - CARDS_SHOWN} more cards in --json" if len(most) > CARDS_SHOWN else ""
        )
        w(f"  (a delegation wins {_pct(summary['seat_win_rate']).strip()} of its games{more})\n")
    return out.getvalue()


def _fit(text: str, width: int = 40, tail: bool = False) -> str:
    """`text` in a column of `width`, cut with an ellipsis; a file's path keeps its end,
    where its name is."""
    if len(text) <= width:
        return text
    return "…" + text[1 - width :] if tail else text[: width - 1] + "…"


def game_line(row: dict[str, Any]) -> str:
    scores = " ".join(f"{d}={s}" for d, s in row["scores"].items())
    return (
        f"game {row['game']:>4} seed {row['seed']:>10}: {row['outcome']:<10} round {row['round']:>2}  "
        f"agreements {row['agreements']} (secret {row['secret_deals']}, leaked {row['leaks']})  "
        f"tension {row['final_tension']:>2}  winners {','.join(row['winners']) or '-'}  {scores}"
    )


def to_json(rows: Sequence[dict[str, Any]], summary: dict[str, Any]) -> str:
    return json.dumps({"summary": summary, "games": list(rows)}, indent=1, sort_keys=True) + "\n"


def to_csv(rows: Sequence[dict[str, Any]], scenario: Scenario) -> str:
    out = io.StringIO()
    ids = [d.id for d in scenario.delegations]
    fields = [
        "game",
        "seed",
        "outcome",
        "round",
        "winners",
        "agreements",
        "de_jure",
        "de_facto",
        "secret_deals",
        "leaks",
        "final_tension",
        "actions",
        *(f"score_{d}" for d in ids),
        *(f"bot_{d}" for d in ids),
        *(f"cards_{d}" for d in ids),
        "fallbacks",
    ]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow(
            {
                **{k: r[k] for k in fields[:12] if k != "winners"},
                "winners": " ".join(r["winners"]),
                **{f"score_{d}": r["scores"][d] for d in ids},
                **{f"bot_{d}": r["seats"][d] for d in ids},
                **{f"cards_{d}": _plays(r.get("cards", {}).get(d, {})) for d in ids},
                "fallbacks": "; ".join(
                    f"{seat}: {why}" for seat, why in sorted(r.get("fallbacks", {}).items())
                ),
            }
        )
    return out.getvalue()


def _plays(played: dict[str, int]) -> str:
    """A delegation's cards in one CSV cell: `card:plays`, space-separated."""
    return " ".join(f"{card}:{k}" for card, k in sorted(played.items()))
