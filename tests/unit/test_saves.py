"""Saved games: the YAML recipe, replays that survive content edits, the replay API, bad saves.

Every save here comes from a real seeded bot game (play_match with a recorder that
builds the save through persist.save), so the tests exercise the same path as
`wargame bots --save-dir` and the Session autosave.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from tests.conftest import DATA, SHIPPED
from wargame import __version__
from wargame.content import library
from wargame.content.library import ContentError, load_content, load_scenario
from wargame.core.actions import Accept
from wargame.core.engine import apply, start_game
from wargame.core.events import Event
from wargame.core.model import GameState
from wargame.core.scenario import Scenario
from wargame.core.view import view_for
from wargame.persist.digest import content_digest, state_digest
from wargame.persist.replay import Replay, replay_steps, resume, verify
from wargame.persist.save import (
    SAVE_FORMAT,
    SHORT_DIGEST,
    SaveError,
    SaveGame,
    SaveWriter,
    dump_save,
    dump_yaml,
    log_entry,
    new_save,
    parse_save,
    read_save,
    write_save,
)
from wargame.runner.match import MatchResult, play_match
from wargame.session import Session

EUROPE = "european_security_2022"
TINY = str(DATA / "rulesets" / "tiny.yaml")
STARTED = "2024-05-01T12:00:00Z"


@attrs.frozen
class Recorded:
    """A bot game and the save written for it, with every state the game went through."""

    writer: SaveWriter
    result: MatchResult
    final: GameState
    states: tuple[GameState, ...]  # states[i]: the game after i actions

    @property
    def events(self) -> list[tuple[Event, ...]]:
        """events[i]: what action i made happen (0: the opening), re-derived from the states."""
        out = [tuple(start_game(self.final.scenario, self.save.seed)[1])]
        for before, entry in zip(self.states, self.save.actions, strict=False):
            out.append(tuple(apply(before, entry.action)[1]))
        return out

    @property
    def save(self) -> SaveGame:
        return self.writer.save

    @property
    def text(self) -> str:
        return self.writer.text()


def record(
    scenario_id: str,
    seed: int,
    path: Path | None = None,
    content_ref: str | None = None,
    autosave: bool = False,
) -> Recorded:
    """Play and record a game; with a path, write it there (after every action if autosave)."""
    scenario, content = shipped_content(scenario_id)
    seats = {d.id: d.bot for d in scenario.delegations}
    save = new_save(scenario, content, seed, seats, STARTED)
    writer = SaveWriter(save, path if autosave else None, content_ref=content_ref)
    states = [start_game(scenario, seed)[0]]

    def recorder(before: GameState, action: Any, after: GameState) -> None:
        writer.record(log_entry(before, action, after))
        states.append(after)

    result, final, _ = play_match(scenario, seed, recorder=recorder)
    writer.path = path
    writer.finish(final)
    return Recorded(writer, result, final, tuple(states))


_CONTENT: dict[str, tuple[Scenario, dict[str, Any]]] = {}
_CACHE: dict[tuple[str, int], Recorded] = {}


def shipped_content(scenario_id: str) -> tuple[Scenario, dict[str, Any]]:
    """load_content, once per scenario (the real files, whatever a test patches later)."""
    if scenario_id not in _CONTENT:
        _CONTENT[scenario_id] = load_content(scenario_id)
    return _CONTENT[scenario_id]


def game(scenario_id: str, seed: int) -> Recorded:
    """A recorded game, made once per test run (everything in it is immutable)."""
    key = (scenario_id, seed)
    if key not in _CACHE:
        _CACHE[key] = record(scenario_id, seed)
    return _CACHE[key]


_PARSED: dict[tuple[str, int], SaveGame] = {}


def parsed(scenario_id: str, seed: int) -> SaveGame:
    """The recorded game read back from its text, once per test run."""
    key = (scenario_id, seed)
    if key not in _PARSED:
        _PARSED[key] = load(game(scenario_id, seed).text)
    return _PARSED[key]


def load(text: str, name: str = "game.yaml") -> SaveGame:
    return parse_save(text, name)


def plain(text: str) -> Any:
    """YAML text as data, through libyaml's safe loader (fast, and independent of wargame)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def action_line(text: str, n: int) -> str:
    """The line of action n in a save's text (actions are one flow mapping a line)."""
    for line in text.splitlines():
        if line.startswith(f"- {{n: {n}, "):
            return line
    raise AssertionError(f"no action {n} in the save")


def bad(text: str, name: str = "game.yaml") -> SaveError:
    with pytest.raises(SaveError) as info:
        parse_save(text, name)
    message = info.value.message
    assert message.startswith(name), message
    assert "Traceback" not in message
    return info.value


# -- the format ----------------------------------------------------------------


def test_round_trip_of_a_seeded_bot_game(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "game.yaml"
    seen: list[int] = []
    real_flush = SaveWriter.flush

    def flush(self: SaveWriter) -> None:
        real_flush(self)
        seen.append(path.read_text(encoding="utf-8").count("\n- {n: "))

    monkeypatch.setattr(SaveWriter, "flush", flush)
    g = record(EUROPE, 1, path=path, autosave=True)
    # Written after every action (and once more with the result), each time a whole save.
    assert seen == [*range(1, g.result.actions + 1), g.result.actions]
    assert path.read_text(encoding="utf-8") == g.text
    assert dump_save(g.save) == g.text

    loaded = read_save(path)
    assert loaded == g.save
    assert loaded.source == str(path)
    assert loaded.scenario is not None and loaded.scenario.id == EUROPE
    assert len(loaded.actions) == g.result.actions > 0

    steps = replay_steps(loaded)
    assert len(steps) == len(g.states)
    for step, state in zip(steps, g.states, strict=True):
        assert state_digest(step.state) == state_digest(state)
    assert steps[-1].state.outcome == g.final.outcome

    verdict = verify(loaded)
    assert verdict.ok, verdict.message
    assert verdict.diverged_at is None
    assert loaded.result is not None
    assert loaded.result["digest"] == state_digest(g.final)
    assert str(len(loaded.actions)) in verdict.message

    state, events = resume(loaded)
    assert state_digest(state) == state_digest(g.final)
    assert [e for es in g.events for e in es] == events


def test_the_yaml_text_carries_the_header_the_log_and_the_result() -> None:
    g = game(EUROPE, 0)
    text = g.text
    data = plain(text)
    assert data["format"] == SAVE_FORMAT
    header = data["header"]
    assert header["scenario"] == EUROPE
    assert header["scenario_name"] == g.save.scenario_name
    assert header["engine"] == g.save.engine
    assert header["seed"] == 0
    assert header["started"] == STARTED
    scenario = load_scenario(EUROPE)
    assert header["seats"] == {d.id: d.bot for d in scenario.delegations}
    assert header["content_digest"] == content_digest(data["content"])

    actions = data["actions"]
    assert len(actions) == g.result.actions
    for i, entry in enumerate(actions):
        assert {"n", "round", "phase", "by", "do", "digest"} <= set(entry)
        assert entry["n"] == i + 1
        before = g.states[i]
        assert entry["round"] == before.round
        assert entry["phase"] == before.phase_id
        assert entry["by"] == before.to_act
        assert entry["digest"] == state_digest(g.states[i + 1])[:SHORT_DIGEST]
        assert isinstance(entry["do"], dict) and "kind" in entry["do"]

    result = data["result"]
    assert result["digest"] == state_digest(g.final)
    assert result["outcome"] == g.final.outcome.kind
    assert result["steps"] == g.final.steps

    # Readable and diff-able: top-level sections in a fixed order, one action a line.
    assert [k for k in data] == ["format", "header", "actions", "result", "content"]
    lines = text.splitlines()
    assert lines[0].startswith("#")
    assert sum(1 for line in lines if line.startswith("- {n: ")) == len(actions)


def test_a_game_in_progress_saves_without_a_result(tmp_path: Path) -> None:
    g = game(EUROPE, 0)
    partial = attrs.evolve(g.save, actions=g.save.actions[:10], result=None)
    write_save(partial, tmp_path / "partial.yaml")
    loaded = read_save(tmp_path / "partial.yaml")
    assert "result" not in plain((tmp_path / "partial.yaml").read_text())
    assert loaded.result is None and len(loaded.actions) == 10
    verdict = verify(loaded)
    assert verdict.ok and "in progress" in verdict.message
    assert state_digest(resume(loaded)[0]) == state_digest(g.states[10])


# Every ruleset shipped in rulesets/, not only the two the shared fixtures know.
SHIPPED_IDS = sorted(set(SHIPPED) | set(library.load_library().rulesets))


@pytest.mark.parametrize("scenario_id", SHIPPED_IDS)
def test_every_shipped_scenario_replays_to_identical_digests(scenario_id: str) -> None:
    digests = []
    for seed in range(5):
        g = record(scenario_id, seed)
        loaded = load(g.text, f"{scenario_id}-{seed}.yaml")
        verdict = verify(loaded)
        assert verdict.ok, f"seed {seed}: {verdict.message}"
        final = replay_steps(loaded)[-1].state
        assert state_digest(final) == state_digest(g.final) == loaded.result["digest"]  # type: ignore[index]
        # Saving the reloaded game again gives the same text: nothing drifts.
        assert dump_save(loaded) == g.text
        digests.append(state_digest(final))
    assert len(set(digests)) > 1  # different seeds, different games


def test_the_same_seed_records_the_same_save() -> None:
    assert (
        record("cuban_missile_crisis_1962", 4).text == record("cuban_missile_crisis_1962", 4).text
    )


# -- content edits ----------------------------------------------------------------


def test_a_save_replays_after_the_shipped_content_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "game.yaml"
    g = record(EUROPE, 5, path=path)
    empty = tmp_path / "no-content"
    (empty / "rulesets").mkdir(parents=True)
    (empty / "decks").mkdir()
    monkeypatch.setattr(library, "shipped_dir", lambda kind: empty / kind)
    with pytest.raises(ContentError):  # the shipped content really is gone
        load_scenario(EUROPE)

    loaded = read_save(path)
    verdict = verify(loaded)
    assert verdict.ok, verdict.message
    assert state_digest(replay_steps(loaded)[-1].state) == state_digest(g.final)


def test_a_save_replays_after_the_shipped_content_is_edited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "game.yaml"
    g = record(EUROPE, 5, path=path)
    root = Path(library.__file__).resolve().parents[2]
    edited = tmp_path / "edited"
    for kind in ("rulesets", "decks"):
        (edited / kind).mkdir(parents=True)
        for f in (root / kind).glob("*.yaml"):
            (edited / kind / f.name).write_bytes(f.read_bytes())
    ruleset = edited / "rulesets" / f"{EUROPE}.yaml"
    data = yaml.safe_load(ruleset.read_text(encoding="utf-8"))
    data["name"] = data["name"] + " (edited)"
    data["rules"]["hand_size"] -= 1
    for d in data["delegations"]:
        d["resources"] = {k: max(0, v - 1) for k, v in d["resources"].items()}
    ruleset.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    for deck in (edited / "decks").glob("*.yaml"):
        deck.write_text("# edited\n" + deck.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(library, "shipped_dir", lambda kind: edited / kind)
    scenario, now = load_content(EUROPE)
    assert content_digest(now) != g.save.content_digest  # the content really changed
    _, fresh, _ = play_match(scenario, 5)
    assert state_digest(fresh) != state_digest(g.final)  # and it changes the game

    loaded = read_save(path)
    assert loaded.scenario_name == g.save.scenario_name
    verdict = verify(loaded)
    assert verdict.ok, verdict.message
    assert state_digest(replay_steps(loaded)[-1].state) == state_digest(g.final)


def test_content_carried_by_reference_verifies(tmp_path: Path) -> None:
    _, content = shipped_content(EUROPE)
    digest = content_digest(content)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / f"{digest}.yaml").write_text(dump_yaml(content), encoding="utf-8")
    path = tmp_path / "game.yaml"
    g = record(EUROPE, 8, path=path, content_ref=digest)
    text = path.read_text(encoding="utf-8")
    assert plain(text)["content"] == {"ref": digest}
    assert len(text) < len(game(EUROPE, 0).text) // 2  # the content is not inline

    loaded = read_save(path)
    assert loaded.content == content
    verdict = verify(loaded)
    assert verdict.ok, verdict.message
    assert loaded.result is not None and loaded.result["digest"] == state_digest(g.final)


def test_content_by_reference_missing_or_tampered_is_a_clean_error(tmp_path: Path) -> None:
    _, content = shipped_content(EUROPE)
    digest = content_digest(content)
    path = tmp_path / "game.yaml"
    record(EUROPE, 8, path=path, content_ref=digest)
    with pytest.raises(SaveError) as info:
        read_save(path)
    assert info.value.message.startswith(str(path))
    assert f"{digest}.yaml" in info.value.message and "missing" in info.value.message

    shared = tmp_path / "content" / f"{digest}.yaml"
    shared.parent.mkdir()
    shared.write_text(dump_yaml(content).replace("max_rounds: ", "max_rounds: 1"), "utf-8")
    with pytest.raises(SaveError) as info:
        read_save(path)
    assert "digest" in info.value.message


def test_editing_the_carried_content_is_caught() -> None:
    text = game("cuban_missile_crisis_1962", 2).text
    head, content = text.split("\ncontent:\n", 1)
    edited = head + "\ncontent:\n" + content.replace("max_rounds: ", "max_rounds: 1", 1)
    assert edited != text
    error = bad(edited)
    assert "content" in error.message and "digest" in error.message


# -- the replay API -------------------------------------------------------------------


def europe_game_reaching_round(round_no: int) -> tuple[Recorded, Replay]:
    """A recorded game that goes past the given round, and a Replay of its save."""
    for seed in range(40):
        g = game(EUROPE, seed)
        if g.final.round >= round_no + 1:
            return g, Replay(parsed(EUROPE, seed))
    raise AssertionError(f"no seed under 40 reaches round {round_no + 1}")


def test_replay_steps_forward_and_back() -> None:
    g, replay = europe_game_reaching_round(3)
    assert len(replay) == len(g.states)
    assert replay.index == 0 and replay.current.action is None
    assert replay.back().index == 0  # back from the opening stays there
    events = g.events
    for i in range(1, len(replay)):
        step = replay.forward()
        assert step.index == i == replay.index
        assert step.action is not None and step.action.n == i
        assert state_digest(step.state) == state_digest(g.states[i])
        assert step.events == events[i]
    last = replay.index
    assert replay.forward().index == last  # forward from the end stays there
    assert replay.back().index == last - 1
    assert replay.go(-5).index == 0
    assert replay.go(10**6).index == last
    assert replay.go(7).state is replay.steps[7].state


def test_view_at_any_step_is_the_view_of_the_state_then() -> None:
    g, replay = europe_game_reaching_round(3)
    scenario = g.final.scenario
    for i in (0, 1, len(replay) // 3, len(replay) // 2, len(replay) - 1):
        replay.go(i)
        for d in scenario.delegations:
            assert replay.view(d.id) == view_for(g.states[i], d.id)
    # Views differ between delegations (hands are private).
    replay.go(0)
    ids = [d.id for d in scenario.delegations]
    assert replay.view(ids[0]) != replay.view(ids[1])


def test_jump_to_round_lands_on_the_first_step_of_that_round() -> None:
    _, replay = europe_game_reaching_round(3)
    step = replay.jump_to_round(3)
    assert step.state.round == 3
    assert replay.steps[step.index - 1].state.round < 3
    assert replay.index == step.index
    replay.go(len(replay) - 1)
    assert replay.jump_to_round(1).index == 0
    assert replay.jump_to_round(99).index == len(replay) - 1


def test_next_key_moment_skips_to_the_next_step_with_one() -> None:
    g, replay = europe_game_reaching_round(3)
    keyed = [i for i, es in enumerate(g.events) if i > 0 and any(e.is_key_moment for e in es)]
    assert keyed, "a whole game has at least its game_over"
    seen = []
    while True:
        before = replay.index
        step = replay.next_key_moment()
        if step.index == before:
            break
        seen.append(step.index)
    assert seen == keyed
    assert replay.index == keyed[-1]


def test_events_until_now_respect_each_delegations_view() -> None:
    g, replay = europe_game_reaching_round(3)
    replay.go(len(replay) // 2)
    everything = [e for es in g.events[: replay.index + 1] for e in es]
    assert replay.events_until_now() == everything
    for d in g.final.scenario.delegations:
        mine = replay.events_until_now(d.id)
        assert mine == [e for e in everything if e.visible(d.id)]
        # Cards drawn into other hands are private: each delegation sees less than all.
        assert len(mine) < len(everything)


# -- facilitator notes --------------------------------------------------------------


def test_a_facilitator_note_survives_a_reload_and_the_save_still_verifies(
    tmp_path: Path,
) -> None:
    path = tmp_path / "game.yaml"
    g = record("cuban_missile_crisis_1962", 3, path=path)
    notes = {
        1: "Opening: note the hard line",
        5: 'tricky: "quotes", #hash, colons: and unicode — négociation ☢',
        len(g.save.actions): "the end",
    }
    g.writer.set_notes(notes)
    loaded = read_save(path)
    assert {a.n: a.note for a in loaded.actions if a.note} == notes
    assert verify(loaded).ok
    assert "note:" in action_line(path.read_text(encoding="utf-8"), 1)
    # Notes are annotations, not moves: the game itself is unchanged.
    assert [a.action for a in loaded.actions] == [a.action for a in g.save.actions]
    g.writer.set_notes({})
    assert all(a.note is None for a in read_save(path).actions)


# -- mismatches ---------------------------------------------------------------------


def _with_a_changed_digest(n: int) -> str:
    """A recorded game's text with action n's digest changed."""
    g = game(EUROPE, 0)
    line = action_line(g.text, n)
    recorded = g.save.actions[n - 1].digest
    return g.text.replace(line, line.replace(f"digest: {recorded}", "digest: 0123456789ab"))


def test_a_changed_action_digest_is_a_mismatch_naming_that_action() -> None:
    n = 9
    verdict = verify(load(_with_a_changed_digest(n)))
    assert not verdict.ok
    assert verdict.diverged_at == n
    assert f"action {n} " in verdict.message


def test_a_mismatch_in_a_game_from_another_version_names_both_versions() -> None:
    n = 9
    text = _with_a_changed_digest(n)
    assert "recorded with" not in verify(load(text)).message  # this version's own game
    text = text.replace(f"engine: {__version__}", "engine: 0.0.1", 1)
    verdict = verify(load(text))
    assert not verdict.ok and verdict.diverged_at == n
    assert f"recorded with wargame 0.0.1; this is {__version__}" in verdict.message


def test_a_changed_final_digest_is_a_mismatch() -> None:
    g = game(EUROPE, 0)
    digest = state_digest(g.final)
    verdict = verify(load(g.text.replace(f"digest: {digest}", "digest: " + "f" * 64)))
    assert not verdict.ok and "final" in verdict.message


def test_swapped_action_lines_are_a_clean_error_naming_the_action() -> None:
    g = game(EUROPE, 0)
    a, b = action_line(g.text, 4), action_line(g.text, 5)
    text = g.text.replace(a, "@@").replace(b, a).replace("@@", b)
    error = bad(text)
    assert "action 4" in error.message
    assert re.match(r"game\.yaml:\d+: ", error.message)


def test_swapped_moves_with_their_numbers_kept_diverge_at_the_first() -> None:
    g = game(EUROPE, 0)
    actions = list(g.save.actions)
    # Two moves by different delegations, swapped but renumbered: the log reads in order.
    i = next(k for k in range(3, len(actions) - 1) if actions[k].by != actions[k + 1].by)
    first, second = actions[i], actions[i + 1]
    actions[i] = attrs.evolve(second, n=first.n)
    actions[i + 1] = attrs.evolve(first, n=second.n)
    text = dump_save(attrs.evolve(g.save, actions=tuple(actions)))
    loaded = load(text)
    verdict = verify(loaded)
    assert not verdict.ok and verdict.diverged_at == i + 1
    assert f"action {i + 1} " in verdict.message
    with pytest.raises(SaveError) as info:
        replay_steps(loaded)
    assert f"action {i + 1} " in info.value.message


def test_an_illegal_action_in_the_log_is_a_save_error_naming_it(tmp_path: Path) -> None:
    g = game(EUROPE, 0)
    n = 2  # round 1 opens with the agenda: no proposal to accept
    actions = list(g.save.actions)
    actions[n - 1] = attrs.evolve(actions[n - 1], action=Accept(99))
    path = tmp_path / "illegal.yaml"
    write_save(attrs.evolve(g.save, actions=tuple(actions)), path)
    loaded = read_save(path)
    with pytest.raises(SaveError) as info:
        replay_steps(loaded)
    message = info.value.message
    assert message.startswith(str(path))
    assert f"action {n} " in message and "illegal" in message
    with pytest.raises(SaveError):
        Replay(loaded)
    with pytest.raises(SaveError):
        Session.load(path)
    verdict = verify(loaded)
    assert not verdict.ok and verdict.diverged_at == n


def test_an_action_after_the_game_ended_is_illegal() -> None:
    g = game("cuban_missile_crisis_1962", 2)
    last = g.save.actions[-1]
    extra = attrs.evolve(last, n=last.n + 1)
    loaded = load(dump_save(attrs.evolve(g.save, actions=(*g.save.actions, extra))))
    with pytest.raises(SaveError) as info:
        replay_steps(loaded)
    assert f"action {extra.n} " in info.value.message
    assert not verify(loaded).ok


# -- bad saves: one clean message --------------------------------------------------------


def test_a_wrong_format_version_is_refused() -> None:
    text = game(TINY, 2).text
    assert "\nformat: 1\n" in text
    error = bad(text.replace("\nformat: 1\n", "\nformat: 2\n"))
    assert "format" in error.message and "2" in error.message
    assert re.match(r"game\.yaml:\d+: ", error.message)
    bad(text.replace("\nformat: 1\n", "\n"))  # no format at all


@pytest.mark.parametrize(
    "field", ["scenario", "scenario_name", "engine", "seed", "started", "seats", "content_digest"]
)
def test_a_missing_header_field_is_named(field: str) -> None:
    text = game(TINY, 2).text
    lines = text.splitlines(keepends=True)
    start = lines.index(next(line for line in lines if line.startswith(f"  {field}:")))
    end = start + 1
    while lines[end].startswith("    "):  # the seats mapping spans several lines
        end += 1
    error = bad("".join(lines[:start] + lines[end:]))
    assert f"missing field '{field}'" in error.message
    assert re.match(r"game\.yaml:\d+: ", error.message)


def test_a_header_field_of_the_wrong_type_is_named() -> None:
    text = game(TINY, 2).text
    error = bad(text.replace("\n  seed: 2\n", "\n  seed: two\n"))
    assert "header.seed" in error.message
    error = bad(text.replace("\n  seed: 2\n", "\n  seed: true\n"))
    assert "header.seed" in error.message


def test_an_action_without_by_is_named() -> None:
    text = game(TINY, 2).text
    line = action_line(text, 3)
    error = bad(text.replace(line, re.sub(r"by: \w+, ", "", line)))
    assert "action 3" in error.message and "'by'" in error.message
    assert re.match(rf"game\.yaml:{text.splitlines().index(line) + 1}: ", error.message)


def test_an_unknown_action_kind_is_named() -> None:
    text = game(TINY, 2).text
    line = action_line(text, 4)
    error = bad(text.replace(line, re.sub(r"kind: \w+", "kind: launch_missiles", line)))
    assert "action 4" in error.message and "launch_missiles" in error.message


def test_actions_out_of_order_are_named() -> None:
    text = game(TINY, 2).text
    error = bad(text.replace(action_line(text, 6), ""))
    assert "action 6" in error.message and "out of order" in error.message


def test_yaml_broken_by_a_hand_edit_names_the_line() -> None:
    text = game(TINY, 2).text
    line = action_line(text, 5)
    error = bad(text.replace(line, line.rstrip("}")))
    assert re.match(r"game\.yaml:\d+: YAML syntax error", error.message)
    assert "\n" not in error.message


@pytest.mark.parametrize("where", ["seed", "note", "do"])
def test_yaml_that_would_construct_a_python_object_is_refused(tmp_path: Path, where: str) -> None:
    marker = tmp_path / "hacked"
    payload = f'!!python/object/apply:os.system ["touch {marker}"]'
    text = game(TINY, 2).text
    line = action_line(text, 2)
    if where == "seed":
        text = text.replace("\n  seed: 2\n", f"\n  seed: {payload}\n")
    elif where == "note":
        text = text.replace(line, line[:-1] + f", note: {payload}}}")
    else:
        text = text.replace(line, re.sub(r"do: \{[^}]*\}", f"do: {payload}", line))
    assert payload in text
    bad(text)
    assert not marker.exists()


@pytest.mark.parametrize(
    "payload",
    [
        '!!python/object/apply:os.system "touch {marker}"',
        "!!python/object/apply:os.system {{args: ['touch {marker}']}}",
        "!!python/name:os.system",
    ],
)
def test_other_python_tags_are_refused_without_running_anything(
    tmp_path: Path, payload: str
) -> None:
    marker = tmp_path / "hacked"
    text = game(TINY, 2).text.replace(
        "\n  seed: 2\n", f"\n  seed: {payload.format(marker=marker)}\n"
    )
    bad(text)
    assert not marker.exists()


# Hand edits that PyYAML's safe constructors choke on. yamlsource._build guards only
# yaml.YAMLError around scalar values and nothing around keys, so each escapes as a raw
# ValueError / KeyError / AttributeError / ConstructorError: a traceback from `wargame
# replay` instead of one message (and the same for `wargame validate` on content files).
RAW_ERRORS = {
    "impossible date, no tag": (
        "\n  started: '2024-05-01T12:00:00Z'\n",
        "\n  started: 2024-02-30\n",
    ),
    "impossible date in a note": ("digest: {d1}}}", "digest: {d1}, note: 2024-13-01}}"),
    "!!int on a word": ("\n  seed: 2\n", "\n  seed: !!int two\n"),
    "!!bool on a word": ("\n  seed: 2\n", "\n  seed: !!bool maybe\n"),
    "!!timestamp on a word": ("\n  seed: 2\n", "\n  seed: !!timestamp soon\n"),
    "tag on a key": ("\n  seed: 2\n", "\n  !foo seed: 2\n"),
    "python tag on a key": ("\n  seed: 2\n", "\n  !!python/name:os.system seed: 2\n"),
}


@pytest.mark.parametrize("case", sorted(RAW_ERRORS))
def test_malformed_scalars_and_tagged_keys_are_save_errors(case: str) -> None:
    text = game(TINY, 2).text
    old, new = RAW_ERRORS[case]
    d1 = game(TINY, 2).save.actions[0].digest
    old, new = old.replace("{d1}", d1), new.replace("{d1}", d1)
    assert old.replace("}}", "}") in text
    bad(text.replace(old.replace("}}", "}"), new.replace("}}", "}"), 1))


@pytest.mark.parametrize(
    "old, new",
    [
        ("\n  seed: 2\n", "\n  seed: !foo 2\n"),
        ("\n  seed: 2\n", '\n  seed: !!python/object/apply:os.system "true"\n'),
        ("\n  seed: 2\n", "\n  seed: 2\x00\n"),
    ],
    ids=["unknown tag", "python tag", "NUL character"],
)
def test_a_yaml_level_error_is_one_line_naming_the_line(old: str, new: str) -> None:
    text = game(TINY, 2).text
    assert old in text
    error = bad(text.replace(old, new))
    assert "\n" not in error.message and "<unicode string>" not in error.message
    assert re.match(r"game\.yaml:\d+: ", error.message), error.message


def test_an_empty_or_foreign_file_is_not_a_save(tmp_path: Path) -> None:
    for content in ("", "~\n", "- 1\n- 2\n", "just text\n", "ruleset: x\n"):
        bad(content)
    path = tmp_path / "missing.yaml"
    with pytest.raises(SaveError) as info:
        read_save(path)
    assert info.value.message.startswith(str(path))
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SaveError) as info:
        read_save(binary)
    assert info.value.message.startswith(str(binary))


def test_a_hand_edited_round_or_phase_does_not_verify() -> None:
    text = game(TINY, 2).text
    line = action_line(text, 5)
    edited = line.replace("round: 1,", "round: 3,")
    assert edited != line
    loaded = load(text.replace(line, edited))
    assert not verify(loaded).ok


# -- the engine-level resume ------------------------------------------------------------


def test_a_session_resumes_where_it_stood_and_ends_like_an_unbroken_game(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WARGAME_HOME", str(tmp_path / "home"))
    path = tmp_path / "autosave.yaml"
    whole = game(EUROPE, 1)
    session = Session.new(EUROPE, {}, 1, path=path)
    for _ in range(17):
        assert session.bot_step() is not None
    assert len(read_save(path).actions) == 17  # autosaved after every action

    resumed = Session.load(path)
    assert state_digest(resumed.state) == state_digest(whole.states[17])
    assert resumed.events == [e for es in whole.events[:18] for e in es]
    while not resumed.is_over:
        assert resumed.bot_step() is not None
    assert state_digest(resumed.state) == state_digest(whole.final)
    final = read_save(path)
    assert final.result is not None and final.result["digest"] == state_digest(whole.final)
    assert verify(final).ok


def test_a_session_with_an_unknown_bot_seat_is_a_save_error(tmp_path: Path) -> None:
    text = game(TINY, 2).text
    path = tmp_path / "game.yaml"
    path.write_text(text.replace("\n    west: random\n", "\n    west: nosuchbot\n"), "utf-8")
    with pytest.raises(SaveError):
        Session.load(path)
