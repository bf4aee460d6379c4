"""Alliance management: consulting allies costs time, acting alone costs cohesion."""

from __future__ import annotations

from wargame.core.model import Draft


def consult(draft: Draft, delegation: str) -> None:
    i = draft.scenario.delegation_index[delegation]
    draft.consulted[i] = draft.round
    alliance = draft.scenario.delegations[i].alliance
    assert alliance is not None
    change = draft.add_cohesion(alliance, draft.rules.consult_cohesion)
    name = draft.scenario.alliances[draft.scenario.alliance_index[alliance]].name
    who = draft.scenario.delegations[i]
    draft.emit(
        "allies_consulted",
        f"{who.name} {who.agree('consults its', 'consult their')} {name} allies"
        + (f" (cohesion {change:+d})." if change else "."),
        actor=delegation,
        alliance=alliance,
    )


def act_alone(draft: Draft, parties: tuple[str, ...]) -> None:
    """Parties who struck a deal with no ally at the table and no consultation this round."""
    scenario = draft.scenario
    for d in parties:
        i = scenario.delegation_index[d]
        alliance = scenario.delegations[i].alliance
        if alliance is None or draft.consulted[i] == draft.round:
            continue
        members = scenario.alliances[scenario.alliance_index[alliance]].members
        if any(p != d and p in members for p in parties):
            continue
        change = draft.add_cohesion(alliance, draft.rules.act_alone_cohesion)
        if change:
            draft.emit(
                "acted_alone",
                f"{scenario.delegations[i].name} struck a deal without consulting "
                f"{scenario.delegations[i].agree('its', 'their')} allies: "
                f"cohesion {change:+d}.",
                actor=d,
                alliance=alliance,
            )
