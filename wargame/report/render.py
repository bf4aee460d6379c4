"""Writing a report: Markdown with its charts as SVG files beside it, or one self-contained HTML.

The HTML page needs nothing from outside: its CSS is inline, its charts are inline
<svg> elements, and it names no URL at all, so it opens the same with no network.
Every piece of text from the game (events, notes, names) is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from wargame.persist.atomic import write_atomic
from wargame.report.build import GameReport

FORMATS = ("md", "html")

Charts = Mapping[str, tuple[str, str]]  # name: (caption, SVG text)

# -- Markdown ---------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def md(text: object) -> str:
    """Text safe in Markdown prose and table cells: its markup characters are escaped."""
    s = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", s).replace("<", "&lt;").replace(">", "&gt;")


def md_table(head: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def chart_files(out: Path, charts: Charts) -> dict[str, Path]:
    """Where a Markdown report's charts go: beside it, named after it."""
    return {name: out.with_name(f"{out.stem}-{name}.svg") for name in charts}


# -- HTML -------------------------------------------------------------------------

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1d1d1f;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .4rem; }
h2 { font-size: 1.35rem; margin: 2.4rem 0 .8rem; padding-bottom: .25rem; border-bottom: 2px solid #e3e3e8; }
h3 { font-size: 1.08rem; margin: 1.6rem 0 .4rem; }
p.meta { color: #555; margin: 0 0 1rem; }
p.description { color: #333; font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1.2rem; font-size: .94rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .6rem; border-bottom: 1px solid #e3e3e8; }
th { background: #f5f5f7; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.winner td { font-weight: 600; }
.outcome { font-size: 1.15rem; padding: .8rem 1rem; border-left: 5px solid #888; background: #f7f7f9; }
.outcome.settlement { border-color: #009E73; } .outcome.stalemate { border-color: #7F7F7F; }
.outcome.crisis { border-color: #E69F00; } .outcome.war { border-color: #B2182B; }
figure.chart { margin: 1.2rem 0 1.8rem; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { display: block; width: auto; height: auto; max-width: 100%; }
figure.chart svg * { stroke-linejoin: round; stroke-linecap: butt; }
figcaption { color: #555; font-size: .9rem; margin-top: .3rem; }
ul.events { list-style: none; padding: 0; margin: .4rem 0 1rem; }
ul.events li { padding: .18rem 0 .18rem .9rem; border-left: 3px solid transparent; }
ul.events li.key { border-left-color: #B2182B; font-weight: 600; }
.step { color: #888; font-size: .8rem; font-variant-numeric: tabular-nums; margin-right: .4rem; }
.phase { color: #666; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; margin: .6rem 0 .1rem; }
p.summary { margin: .2rem 0 .4rem; }
.note { background: #fffbe6; border-left: 4px solid #E69F00; padding: .5rem .8rem; margin: .4rem 0; }
section.facilitator { margin-top: 3rem; padding: 0 1.2rem 1rem; border: 2px dashed #7F0000; border-radius: 6px; background: #fdf6f6; }
section.facilitator h2 { border-bottom-color: #e8caca; }
.muted { color: #666; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table, tr, figure.chart, .note { break-inside: avoid; page-break-inside: avoid; }
  section.facilitator { break-before: page; page-break-before: always; }
}
@page { margin: 1.6cm; }
"""


def h(text: object) -> str:
    return html.escape(str(text), quote=True)


_SVG_START = re.compile(r"<svg\b", re.IGNORECASE)
_ID = re.compile(r'\bid="([^"]+)"')


def inline_svg(svg: str, prefix: str) -> str:
    """A standalone SVG made fit to sit inside HTML.

    Drops the XML prolog, doctype, namespace declarations (an HTML parser does not need
    them, and they are URLs) and matplotlib's global `*` style; prefixes every id and
    every reference to one, so several charts on one page never share an id.
    """
    start = _SVG_START.search(svg)
    body = svg[start.start() :] if start else svg
    body = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", body)
    body = body.replace("xlink:href=", "href=")
    body = re.sub(r"<style[^>]*>.*?</style>", "", body, flags=re.DOTALL)
    body = re.sub(r"<defs>\s*</defs>", "", body)
    ids = set(_ID.findall(body))

    def rename(m: re.Match[str]) -> str:
        return f"{m.group(1)}{prefix}-{m.group(2)}{m.group(3)}"

    if ids:
        alternatives = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
        body = re.sub(rf'(\bid="|href="#|url\(#)({alternatives})(["\)])', rename, body)
    body = re.sub(r"<svg\b", '<svg role="img" focusable="false"', body, count=1)
    return body.strip()


def html_table(
    head: Sequence[str],
    rows: Iterable[Sequence[object]],
    numeric: Sequence[int] = (),
    row_class: Callable[[Sequence[object]], str] | None = None,
) -> str:
    """A table; cells are escaped here, so pass plain text."""

    def cls(i: int) -> str:
        return ' class="num"' if i in numeric else ""

    out = ["<table><thead><tr>"]
    out += [f"<th{cls(i)}>{h(c)}</th>" for i, c in enumerate(head)]
    out.append("</tr></thead><tbody>")
    for row in rows:
        rc = row_class(row) if row_class else ""
        out.append(f'<tr class="{h(rc)}">' if rc else "<tr>")
        out += [f"<td{cls(i)}>{h(c)}</td>" for i, c in enumerate(row)]
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out) + "\n"


def html_figures(charts: Charts) -> str:
    return "".join(
        f'<figure class="chart" id="chart-{h(name)}">{inline_svg(svg, "c-" + name)}'
        f"<figcaption>{h(caption)}</figcaption></figure>\n"
        for name, (caption, svg) in charts.items()
    )


def page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="wargame report">\n'
        f"<title>{h(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


# -- writing ----------------------------------------------------------------------


def write_report(
    out: Path,
    fmt: str,
    charts: Charts,
    markdown: Callable[[Mapping[str, str]], str],
    html_page: Callable[[Charts], str],
) -> list[Path]:
    """Write the report (and, for Markdown, its charts beside it); returns the files written.

    `markdown` gets each chart's relative file name; `html_page` gets the charts themselves.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} (known: {', '.join(FORMATS)})")
    if fmt == "html":
        write_atomic(out, html_page(charts))
        return [out]
    files = chart_files(out, charts)
    written = [out]
    for name, path in files.items():
        write_atomic(path, charts[name][1])
        written.append(path)
    write_atomic(out, markdown({name: path.name for name, path in files.items()}))
    return written


# -- the game report --------------------------------------------------------------


def _where(step: int, rnd: int, phase: str) -> str:
    return f"step {step}, round {rnd}, {phase}"


def _outcome_text(report: GameReport) -> str:
    o = report.outcome
    if o is None:
        return (
            f"The game is still in progress after {report.actions} action(s): "
            "the scores below are the standings so far."
        )
    winners = ", ".join(o.winners) or "nobody"
    return (
        f"{o.kind.capitalize()} in round {o.round} of {report.max_rounds} ({o.reason}). "
        f"Winners: {winners}."
    )


def _score_head(report: GameReport) -> str:
    return "Final score" if report.is_over else "Score so far"


def _header_facts(report: GameReport) -> str:
    source = f"; save {report.source}" if report.source else ""
    return (
        f"Scenario {report.scenario_id}, seed {report.seed}; started {report.started}; "
        f"{report.actions} action(s); engine {report.engine}{source}"
    )


def _not_recorded(report: GameReport) -> str:
    return (
        f"Not the recorded game: this save does not replay as recorded ({report.mismatch}). "
        "This report describes the game its log makes now, not necessarily the one played."
    )


def game_markdown(report: GameReport, charts: Charts, files: Mapping[str, str]) -> str:
    w: list[str] = [f"# {md(report.title)}\n", f"{md(_header_facts(report))}\n"]
    if report.mismatch:
        w.append(f"> **{md(_not_recorded(report))}**\n")
    if report.description:
        w.append(f"*{md(report.description)}*\n")
    w.append("## Seats\n")
    w.append(
        md_table(["Delegation", "Played by"], ((md(s.name), md(s.player)) for s in report.seats))
    )
    w.append("## Outcome and scores\n")
    w.append(f"**{md(_outcome_text(report))}**\n")
    w.append(
        md_table(
            ["Delegation", _score_head(report), "Won"],
            ((md(s.name), s.score, "yes" if s.winner else "") for s in report.scores),
        )
    )
    w.append("Scores include the secret parts of deals.\n")
    if files:
        w.append("## Charts\n")
        for name, file in files.items():
            caption = charts[name][0]
            w.append(f"![{md(caption)}]({file})\n\n*{md(caption)}*\n")
    w.append("## Key moments\n")
    if report.key_moments:
        w.append(
            md_table(
                ["#", "Step", "Round", "Phase", "What happened"],
                (
                    (
                        m.number,
                        m.step,
                        m.round,
                        md(report.phase(m.phase)),
                        md(m.text),
                    )
                    for m in report.key_moments
                ),
            )
        )
    else:
        w.append("No key moment in public.\n")
    w.append("## Facilitator's annotations\n")
    if report.annotations:
        for a in report.annotations:
            w.append(
                f"- **Step {a.step}** (round {a.round}, {md(report.phase(a.phase))}, "
                f"{md(a.by)} acting): {md(a.text)}"
            )
        w.append("")
    else:
        w.append("No annotations in this save.\n")
    w.append("## Round by round\n")
    w.append(
        "Only what the whole room saw: talks in private forums and secret terms are left out.\n"
    )
    for story in report.narrative:
        w.append(f"### Round {story.round}\n")
        w.append(f"{md(story.summary)}\n")
        phase = None
        for line in story.lines:
            if line.phase != phase:
                phase = line.phase
                # A blank line before the label, or Markdown reads it into the last bullet.
                w.append(f"\n*{md(report.phase(phase))}*\n")
            text = f"**{md(line.text)}**" if line.key else md(line.text)
            w.append(f"- `{line.step}` {text}")
        w.append("")
    w.append("---\n")
    w.append("## Facilitator's view: what the room did not see\n")
    w.extend(_facilitator_md(report))
    return "\n".join(w).rstrip() + "\n"


def _facilitator_md(report: GameReport) -> list[str]:
    w = [
        f"{report.hidden_events} event(s) in this game were seen only by some delegations "
        "(private forums, secret terms, each side's upkeep).\n"
    ]
    if not report.secret_deals:
        w.append("No secret side deal was struck.\n")
        return w
    for d in report.secret_deals:
        w.append(f"### Secret deal #{d.agreement}: {md(', '.join(d.parties))}\n")
        w.append(f"- Struck at {_where(d.step, d.round, report.phase(d.phase))}: {md(d.text)}")
        if d.public_text:
            w.append(f"- What the room saw: {md(d.public_text)}")
        if d.leaked_step is not None:
            w.append(
                f"- **Leaked** at step {d.leaked_step} (round {d.leaked_round}): {md(d.leak_text)}"
            )
        else:
            w.append("- Never leaked.")
        w.append("")
    return w


def game_html(report: GameReport, charts: Charts) -> str:
    b: list[str] = [
        f"<h1>{h(report.title)}</h1>\n",
        f'<p class="meta">{h(_header_facts(report))}</p>\n',
    ]
    if report.mismatch:
        b.append(f'<p class="warning"><strong>{h(_not_recorded(report))}</strong></p>\n')
    if report.description:
        b.append(f'<p class="description">{h(report.description)}</p>\n')
    b.append("<h2>Seats</h2>\n")
    b.append(html_table(["Delegation", "Played by"], [(s.name, s.player) for s in report.seats]))
    b.append("<h2>Outcome and scores</h2>\n")
    kind = report.outcome.kind if report.outcome else "in-progress"
    b.append(f'<p class="outcome {h(kind)}">{h(_outcome_text(report))}</p>\n')
    winners = {s.name for s in report.scores if s.winner}
    b.append(
        html_table(
            ["Delegation", _score_head(report), "Won"],
            [(s.name, s.score, "yes" if s.winner else "") for s in report.scores],
            numeric=(1,),
            row_class=lambda row: "winner" if row[0] in winners else "",
        )
    )
    b.append('<p class="muted">Scores include the secret parts of deals.</p>\n')
    if charts:
        b.append("<h2>Charts</h2>\n")
        b.append(html_figures(charts))
    b.append("<h2>Key moments</h2>\n")
    if report.key_moments:
        b.append(
            html_table(
                ["#", "Step", "Round", "Phase", "What happened"],
                [
                    (m.number, m.step, m.round, report.phase(m.phase), m.text)
                    for m in report.key_moments
                ],
                numeric=(0, 1, 2),
            )
        )
    else:
        b.append("<p>No key moment in public.</p>\n")
    b.append("<h2>Facilitator's annotations</h2>\n")
    if report.annotations:
        for a in report.annotations:
            b.append(
                f'<div class="note"><strong>Step {a.step}</strong> '
                f'<span class="muted">(round {a.round}, {h(report.phase(a.phase))}, '
                f"{h(a.by)} acting)</span>: "
                f"{h(a.text)}</div>\n"
            )
    else:
        b.append("<p>No annotations in this save.</p>\n")
    b.append("<h2>Round by round</h2>\n")
    b.append(
        '<p class="muted">Only what the whole room saw: talks in private forums and secret '
        "terms are left out.</p>\n"
    )
    for story in report.narrative:
        b.append(f'<h3 id="round-{story.round}">Round {story.round}</h3>\n')
        b.append(f'<p class="summary">{h(story.summary)}</p>\n')
        phase = None
        open_list = False
        for line in story.lines:
            if line.phase != phase:
                if open_list:
                    b.append("</ul>\n")
                phase = line.phase
                b.append(
                    f'<div class="phase">{h(report.phase(phase))}</div>\n<ul class="events">\n'
                )
                open_list = True
            cls = ' class="key"' if line.key else ""
            b.append(f'<li{cls}><span class="step">{line.step}</span>{h(line.text)}</li>\n')
        if open_list:
            b.append("</ul>\n")
    b.append(
        '<section class="facilitator">\n<h2>Facilitator\'s view: what the room did not see</h2>\n'
    )
    b.append(
        f"<p>{report.hidden_events} event(s) in this game were seen only by some delegations "
        "(private forums, secret terms, each side's upkeep).</p>\n"
    )
    if not report.secret_deals:
        b.append("<p>No secret side deal was struck.</p>\n")
    for d in report.secret_deals:
        b.append(f"<h3>Secret deal #{d.agreement}: {h(', '.join(d.parties))}</h3>\n<ul>\n")
        b.append(
            f"<li>Struck at {h(_where(d.step, d.round, report.phase(d.phase)))}: {h(d.text)}</li>\n"
        )
        if d.public_text:
            b.append(f"<li>What the room saw: {h(d.public_text)}</li>\n")
        if d.leaked_step is not None:
            b.append(
                f"<li><strong>Leaked</strong> at step {d.leaked_step} (round {d.leaked_round}): "
                f"{h(d.leak_text)}</li>\n"
            )
        else:
            b.append("<li>Never leaked.</li>\n")
        b.append("</ul>\n")
    b.append("</section>\n")
    return page(report.title, "".join(b))


def render_game(report: GameReport, fmt: str, out: Path) -> list[Path]:
    """Draw the charts and write a game's report; returns the files written."""
    from wargame.report.charts import game_charts

    charts = game_charts(report)
    return write_report(
        out,
        fmt,
        charts,
        lambda files: game_markdown(report, charts, files),
        lambda c: game_html(report, c),
    )
