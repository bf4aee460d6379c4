"""After-action reports: one game's debrief, or the distribution view over many games.

`wargame report SAVE` writes Markdown (charts as SVG files beside it) or one
self-contained HTML page. Nothing here is imported at start-up: the CLI loads
`wargame.report.command`, which loads the rest (and matplotlib) only when run.
"""
