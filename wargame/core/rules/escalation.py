"""Escalation: red lines, miscalculation, crisis and war."""

from __future__ import annotations

from wargame.core.model import Draft
from wargame.core.rules import scoring


def check_war(draft: Draft) -> None:
    rules = draft.rules
    if draft.outcome is None and draft.track(rules.tension_track) >= rules.war_at:
        draft.emit("war", "Tension reaches the top of the ladder: war breaks out.")
        scoring.end_game(draft, "war", "tension reached war")


def reveal_red_lines(draft: Draft, delegation: str, by: str | None) -> None:
    i = draft.scenario.delegation_index[delegation]
    hidden = [r for r in draft.scenario.delegations[i].red_lines if r not in draft.revealed[i]]
    if not hidden:
        return
    draft.revealed[i] = draft.revealed[i] + tuple(hidden)
    names = ", ".join(draft.scenario.issue(r).name for r in hidden)
    draft.emit(
        "red_line_revealed",
        f"{draft.scenario.delegations[i].name}'s red lines come to light: {names}.",
        actor=by,
        delegation=delegation,
        issues=tuple(hidden),
    )


def declare(draft: Draft, delegation: str, issue: str) -> None:
    i = draft.scenario.delegation_index[delegation]
    draft.revealed[i] = (*draft.revealed[i], issue)
    for res, amount in draft.rules.red_line_declared.items():
        draft.add_resource(delegation, res, amount)
    who = draft.scenario.delegations[i]
    draft.emit(
        "red_line_declared",
        f"{who.name} {who.agree('declares', 'declare')} a red line: "
        f"{draft.scenario.issue(issue).name}.",
        actor=delegation,
        issue=issue,
    )


def cross_red_lines(draft: Draft, issue: str, spared: tuple[str, ...], by: str | None) -> None:
    """Every delegation but `spared` holding a red line on `issue` sees it crossed."""
    for i, d in enumerate(draft.scenario.delegations):
        if d.id in spared or issue not in d.red_lines:
            continue
        if issue not in draft.revealed[i]:
            draft.revealed[i] = (*draft.revealed[i], issue)
        draft.emit(
            "red_line_crossed",
            f"{d.name}'s red line on {draft.scenario.issue(issue).name} is crossed.",
            actor=by,
            delegation=d.id,
            issue=issue,
        )
        draft.shift_track(
            draft.rules.tension_track, draft.rules.red_line_crossed_tension, "a red line crossed"
        )
        check_war(draft)
        if draft.outcome is not None:
            return


def provoke(draft: Draft, issue: str, by: str | None) -> None:
    cross_red_lines(draft, issue, (by,) if by else (), by)


def miscalculation_chance(draft: Draft) -> float:
    rules = draft.rules
    declared = sum(len(r) for r in draft.revealed)
    p = (
        rules.miscalc_base
        + rules.miscalc_per_tension * draft.track(rules.tension_track)
        + rules.miscalc_per_channel * draft.track(rules.channels_track)
        + rules.miscalc_per_declared_red_line * declared
    )
    return min(1.0, max(0.0, p))


def miscalculation(draft: Draft) -> None:
    hit, draft.rng = draft.rng.chance(miscalculation_chance(draft))
    if hit:
        change = draft.add_track(draft.rules.tension_track, draft.rules.miscalc_tension)
        draft.emit(
            "miscalculation",
            "A signal is misread: tension rises by "
            f"{change} (now {draft.track(draft.rules.tension_track)}).",
            change=change,
        )
        check_war(draft)


def escalation_check(draft: Draft) -> None:
    rules = draft.rules
    tension = draft.track(rules.tension_track)
    if tension >= rules.crisis_at:
        if draft.crisis_rounds >= rules.crisis_rounds:
            draft.emit("crisis_collapse", "The crisis was not defused: the talks collapse.")
            scoring.end_game(draft, "crisis", "the crisis was not defused in time")
            return
        draft.crisis_rounds += 1
        draft.emit(
            "crisis_began",
            f"Crisis! Tension stands at {tension}. Defuse it by the next resolution, "
            "or the talks collapse. Deals struck now weigh more.",
        )
    elif draft.crisis_rounds:
        draft.crisis_rounds = 0
        draft.emit("crisis_eased", f"The crisis eases: tension is down to {tension}.")
