"""The report's charts, drawn with matplotlib as SVG text.

matplotlib is imported inside each function, never at start-up. Every chart is
deterministic: a fixed hash salt per chart (so ids differ between the charts of
one page but never between runs), text kept as text, and no date in the metadata.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from wargame.core.scenario import OUTCOMES

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from wargame.report.batch import BatchReport
    from wargame.report.build import GameReport, KeyMoment

# Okabe-Ito: distinguishable with the common colour-vision deficiencies, and in print.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
TENSION = "#B2182B"
CRISIS = "#E69F00"
WAR = "#7F0000"
BARS = "#4A6FA5"
OUTCOME_COLOURS = {
    "settlement": "#009E73",
    "stalemate": "#7F7F7F",
    "crisis": "#E69F00",
    "war": "#B2182B",
}
KEY_MARKERS = {
    "agreement": ("o", "#009E73"),
    "secret_deal": ("o", "#009E73"),
    "leak": ("X", "#CC79A7"),
    "red_line_crossed": ("^", "#D55E00"),
    "crisis_began": ("s", "#E69F00"),
    "miscalculation": ("v", "#D55E00"),
    "forum_moved": ("D", "#56B4E9"),
    "game_over": ("*", "#000000"),
}
KEY_LABELS = {
    "agreement": "agreement",
    "secret_deal": "secret deal",
    "leak": "leak",
    "red_line_crossed": "red line crossed",
    "crisis_began": "crisis",
    "miscalculation": "miscalculation",
    "forum_moved": "forum moved",
    "game_over": "game over",
}


@contextmanager
def _style(name: str) -> Iterator[None]:
    import matplotlib

    matplotlib.use("Agg")
    with matplotlib.rc_context(
        {
            "svg.hashsalt": f"wargame-report-{name}",
            "svg.fonttype": "none",
            "font.family": "sans-serif",
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#DDDDDD",
            "grid.linewidth": 0.6,
            "axes.axisbelow": True,
            "legend.frameon": False,
        }
    ):
        yield


def _figure(width: float = 8.0, height: float = 3.6) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _svg(fig: Figure) -> str:
    out = io.StringIO()
    fig.savefig(
        out,
        format="svg",
        metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
    )
    return out.getvalue()


def _integers(ax: Axes) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def _round_axis(ax: Axes, report: GameReport) -> None:
    """Actions along x, with a tick and a faint line where each round begins."""
    starts = report.series.round_starts
    ax.set_xticks([step for _, step in starts], [f"R{r}" for r, _ in starts])
    ax.grid(True, axis="x", color="#CCCCCC", linestyle=":")
    last = report.series.steps[-1] if report.series.steps else 0
    ax.set_xlim(0, max(1, last) * 1.02 + 0.5)  # room for the marker at the very end
    ax.set_xlabel("actions, by round (R1 = round 1 begins)")


def _key_moments(fig: Figure, ax: Axes, report: GameReport) -> None:
    """A marker per key moment; moments of one step sit side by side under one label."""
    from matplotlib.transforms import offset_copy

    by_step: dict[int, list[KeyMoment]] = {}
    for m in report.key_moments:
        by_step.setdefault(m.step, []).append(m)
    seen: set[str] = set()
    for moments in by_step.values():
        width = len(moments)
        for k, m in enumerate(moments):
            marker, colour = KEY_MARKERS.get(m.kind, ("o", "#333333"))
            label = KEY_LABELS.get(m.kind, m.kind)
            shift = offset_copy(ax.transData, fig=fig, x=9 * (k - (width - 1) / 2), units="points")
            ax.plot(
                [m.step],
                [m.tension],
                transform=shift,
                linestyle="none",
                marker=marker,
                markersize=8,
                markerfacecolor=colour,
                markeredgecolor="#222222",
                markeredgewidth=0.7,
                label=None if label in seen else label,
                zorder=5,
                clip_on=False,
            )
            seen.add(label)
        first = moments[0]
        ax.annotate(
            ",".join(str(m.number) for m in moments),
            (first.step, first.tension),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=7,
            color="#222222",
            annotation_clip=False,
        )


def tension_chart(report: GameReport) -> str:
    """The tension track over the game, its crisis and war thresholds, and the key moments."""
    with _style("tension"):
        fig = _figure()
        ax = fig.add_subplot()
        s = report.series
        top = report.tension_max
        ax.axhspan(report.crisis_at, report.war_at, color=CRISIS, alpha=0.12, linewidth=0)
        ax.axhspan(report.war_at, top + 0.5, color=WAR, alpha=0.10, linewidth=0)
        ax.axhline(report.crisis_at, color=CRISIS, linestyle="--", linewidth=1.2)
        ax.axhline(report.war_at, color=WAR, linestyle="--", linewidth=1.2)
        for value, text, colour in (
            (report.crisis_at, f"crisis at {report.crisis_at}", "#8A5A00"),
            (report.war_at, f"war at {report.war_at}", WAR),
        ):
            ax.annotate(
                text,
                (0, value),
                xycoords=("axes fraction", "data"),
                xytext=(4, 2),
                textcoords="offset points",
                color=colour,
                va="bottom",
                fontsize=8,
            )
        ax.step(
            s.steps,
            s.tension,
            where="post",
            color=TENSION,
            linewidth=2.2,
            label=report.tension_name,
        )
        _key_moments(fig, ax, report)
        ax.set_ylim(report.tension_min - 0.3, top + 0.5)
        ax.set_ylabel(report.tension_name)
        ax.set_title(f"{report.tension_name} over the game (numbered: the key moments)", loc="left")
        _round_axis(ax, report)
        _integers(ax)
        fig.legend(loc="outside lower center", fontsize=8, ncols=6)
        return _svg(fig)


def scores_chart(report: GameReport) -> str:
    """Each delegation's standing score (secret parts included) after every action."""
    with _style("scores"):
        fig = _figure()
        ax = fig.add_subplot()
        s = report.series
        for i, (d, values) in enumerate(s.scores.items()):
            ax.plot(
                s.steps,
                values,
                color=PALETTE[i % len(PALETTE)],
                linewidth=1.8,
                label=report.names.get(d, d),
                drawstyle="steps-post",
            )
        ax.axhline(0, color="#888888", linewidth=0.8)
        ax.set_ylabel("score if the game ended now")
        ax.set_title("Scores over the game (secret parts included)", loc="left")
        _round_axis(ax, report)
        _integers(ax)
        fig.legend(loc="outside lower center", fontsize=8, ncols=min(4, max(1, len(s.scores))))
        return _svg(fig)


def resources_chart(report: GameReport) -> str:
    """One small panel per resource, a line per delegation."""
    with _style("resources"):
        s = report.series
        n = max(1, len(s.resources))
        cols = 2 if n > 1 else 1
        rows = -(-n // cols)
        fig = _figure(8.0, 2.3 * rows + 0.6)
        axes = fig.subplots(rows, cols, squeeze=False, sharex=True)
        flat = [ax for row in axes for ax in row]
        for ax, (res, by) in zip(flat, s.resources.items(), strict=False):
            for i, (d, values) in enumerate(by.items()):
                ax.plot(
                    s.steps,
                    values,
                    color=PALETTE[i % len(PALETTE)],
                    linewidth=1.5,
                    label=report.names.get(d, d),
                    drawstyle="steps-post",
                )
            ax.set_title(report.resource_names.get(res, res), loc="left", fontsize=10)
            starts = s.round_starts
            ax.set_xticks([step for _, step in starts], [f"R{r}" for r, _ in starts])
            ax.tick_params(axis="x", labelsize=7)
            _integers(ax)
        for ax in flat[n:]:
            ax.set_visible(False)
        handles, labels = flat[0].get_legend_handles_labels()
        fig.legend(
            handles, labels, loc="outside lower center", ncols=min(4, len(labels)), fontsize=8
        )
        return _svg(fig)


def game_charts(report: GameReport) -> dict[str, tuple[str, str]]:
    """Every chart of a game report: name: (caption, SVG text)."""
    return {
        "tension": (
            f"{report.tension_name} after every action. Dashed lines: crisis at "
            f"{report.crisis_at}, war at {report.war_at}. Numbered markers are the key moments.",
            tension_chart(report),
        ),
        "scores": (
            "Each delegation's score if the game had ended at that point "
            "(secret parts of deals included).",
            scores_chart(report),
        ),
        "resources": ("Each delegation's resources over the game.", resources_chart(report)),
    }


# -- batches ----------------------------------------------------------------------


def _bars(
    ax: Axes, labels: Sequence[str], counts: Sequence[int], colours: Sequence[str], total: int
) -> None:
    xs = list(range(len(labels)))
    ax.bar(xs, counts, color=list(colours), edgecolor="#333333", linewidth=0.6)
    ax.set_xticks(xs, list(labels))
    ax.grid(False, axis="x")
    for x, c in zip(xs, counts, strict=True):
        if c:
            pct = 100 * c / total if total else 0
            ax.annotate(
                f"{c} ({pct:.0f}%)",
                (x, c),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                fontsize=8,
            )
    ax.set_ylim(0, max([*counts, 1]) * 1.18)
    _integers(ax)
    ax.set_ylabel("games")


def outcomes_chart(batch: BatchReport) -> str:
    with _style("outcomes"):
        fig = _figure(6.0, 3.2)
        ax = fig.add_subplot()
        kinds = [k for k in OUTCOMES]
        kinds += [k for k in batch.outcome_counts if k not in kinds]
        counts = [batch.outcome_counts.get(k, 0) for k in kinds]
        _bars(ax, kinds, counts, [OUTCOME_COLOURS.get(k, BARS) for k in kinds], batch.finished)
        ax.set_title(f"Outcomes of {batch.finished} game(s)", loc="left")
        return _svg(fig)


def _histogram(
    name: str,
    title: str,
    xlabel: str,
    hist: Mapping[int, int],
    total: int,
    marks: Sequence[tuple[float, str, str]] = (),
) -> str:
    with _style(name):
        fig = _figure(6.0, 3.2)
        ax = fig.add_subplot()
        keys = sorted(hist)
        lo, hi = (keys[0], keys[-1]) if keys else (0, 1)
        for x, _, _ in marks:  # show where the thresholds lie even if no game reached them
            hi = max(hi, math.ceil(x))
        xs = list(range(lo, hi + 1))
        ax.bar(
            xs,
            [hist.get(x, 0) for x in xs],
            width=0.85,
            color=BARS,
            edgecolor="#333333",
            linewidth=0.6,
        )
        ax.set_xticks(xs, [str(x) for x in xs])
        ax.grid(False, axis="x")
        for x, label, colour in marks:
            ax.axvline(x, color=colour, linestyle="--", linewidth=1.2, label=label)
        if marks:
            ax.legend(loc="upper left", fontsize=8)
        ax.set_ylim(0, max([*hist.values(), 1]) * 1.18)
        _integers(ax)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("games")
        ax.set_title(title, loc="left")
        return _svg(fig)


def rounds_chart(batch: BatchReport) -> str:
    return _histogram(
        "rounds",
        f"Rounds played (mean {batch.rounds_mean:.2f}, median {batch.rounds_median:g})",
        "round the game ended in",
        batch.rounds_hist,
        batch.finished,
    )


def final_tension_chart(batch: BatchReport) -> str:
    marks: list[tuple[float, str, str]] = []
    if batch.crisis_at is not None:
        marks.append((batch.crisis_at - 0.5, f"crisis at {batch.crisis_at}", CRISIS))
    if batch.war_at is not None:
        marks.append((batch.war_at - 0.5, f"war at {batch.war_at}", WAR))
    return _histogram(
        "final-tension",
        f"Final tension (mean {batch.tension_mean:.2f})",
        "tension when the game ended",
        batch.tension_hist,
        batch.finished,
        marks,
    )


def win_rates_chart(batch: BatchReport) -> str:
    with _style("win-rates"):
        names = [batch.names.get(d, d) for d in batch.win_rates]
        fig = _figure(6.0, 0.5 * max(1, len(names)) + 1.2)
        ax = fig.add_subplot()
        ys = list(range(len(names)))
        rates = [100 * r for r in batch.win_rates.values()]
        ax.barh(
            ys,
            rates,
            color=[PALETTE[i % len(PALETTE)] for i in ys],
            edgecolor="#333333",
            linewidth=0.6,
        )
        ax.set_yticks(ys, [n if len(n) <= 28 else n[:27] + "…" for n in names])
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.grid(False, axis="y")
        for y, r in zip(ys, rates, strict=True):
            ax.annotate(
                f"{r:.0f}%",
                (r, y),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
        ax.set_xlabel("games won (%)")
        ax.set_title("Win rate by delegation", loc="left")
        return _svg(fig)


def batch_charts(batch: BatchReport) -> dict[str, tuple[str, str]]:
    """Every chart of a batch report: name: (caption, SVG text)."""
    if not batch.finished:
        return {}
    return {
        "outcomes": ("How the games ended.", outcomes_chart(batch)),
        "rounds": ("The round each game ended in.", rounds_chart(batch)),
        "final-tension": ("The tension track when each game ended.", final_tension_chart(batch)),
        "win-rates": (
            "Share of the games each delegation won (several may win one game).",
            win_rates_chart(batch),
        ),
    }
