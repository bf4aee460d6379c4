"""External bots: the example program plays a full game; slow, illegal, malformed and
dying programs are replaced by the fallback bot and the game goes on."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import shlex
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers import pass_until, start
from wargame.bots.external import ExternalBot
from wargame.bots.registry import UnknownBotError, bot_names, bot_problem, make_bot
from wargame.cli import main
from wargame.core.actions import Pass, Propose, Term
from wargame.core.scenario import Scenario
from wargame.core.view import view_for
from wargame.runner.match import MatchResult, play_match
from wargame.runner.stats import to_csv
from wargame.session import HUMAN, Session

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "random_bot.py"
TINY = ROOT / "tests" / "data" / "rulesets" / "tiny.yaml"

# A throwaway bot: says ready, then runs BODY for each move with `n` (moves so far,
# from 1), `message` and `legal` in scope. BODY decides how it misbehaves.
TEMPLATE = """\
import json, os, sys, time

def send(message):
    sys.stdout.write(json.dumps(message) + "\\n")
    sys.stdout.flush()

if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        f.write(str(os.getpid()))
n = 0
for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "hello":
        send({{"type": "ready", "name": "test bot"}})
        continue
    if message["type"] != "move":
        break
    n += 1
    legal = message["legal"]
{body}
"""


def command(*args: str | Path) -> str:
    return "cmd:" + shlex.join([sys.executable, *map(str, args)])


def bot_script(tmp_path: Path, body: str, name: str = "bot.py") -> Path:
    path = tmp_path / name
    path.write_text(TEMPLATE.format(body=textwrap.indent(textwrap.dedent(body), "    ")))
    return path


def gone(pid_file: Path) -> bool:
    try:
        os.kill(int(pid_file.read_text()), 0)
    except ProcessLookupError:
        return True
    return False


def play_east(tiny: Scenario, bot: str, seed: int = 3) -> MatchResult:
    result, state, _ = play_match(tiny, seed, {"east": bot})
    assert state.outcome is not None  # the game always goes on to its end
    assert sum(result.moves["east"].values()) > 0
    return result


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "wargame.bots" and r.levelno == logging.WARNING
    ]


# -- the example bot and the protocol ---------------------------------------------------


def test_the_example_bot_plays_a_full_game_without_fallback(
    tiny: Scenario, caplog: pytest.LogCaptureFixture
) -> None:
    result = play_east(tiny, command(EXAMPLE))
    assert result.fallbacks == {}
    assert "fallbacks" not in result.row(1)  # rows of good games keep their old shape
    assert warnings(caplog) == []
    # A deterministic program makes a deterministic game.
    assert play_east(tiny, command(EXAMPLE)) == result


def test_the_example_bot_plays_the_shipped_scenario(europe: Scenario) -> None:
    result, _, _ = play_match(europe, 11, {"russia": command(EXAMPLE)})
    assert result.fallbacks == {}
    assert sum(result.moves["russia"].values()) > 0


def test_the_host_says_hello_sends_views_and_legal_actions_and_ends(
    tiny: Scenario, tmp_path: Path
) -> None:
    transcript = tmp_path / "transcript.jsonl"
    # This bot writes down every message and answers with the last legal action in full.
    script = tmp_path / "recorder.py"
    script.write_text(
        textwrap.dedent(
            """\
            import json, sys
            out = open(sys.argv[1], "w")
            for line in sys.stdin:
                out.write(line)
                out.flush()
                message = json.loads(line)
                if message["type"] == "hello":
                    print(json.dumps({"type": "ready", "name": "recorder"}), flush=True)
                elif message["type"] == "move":
                    action = message["legal"][-1]
                    print(json.dumps({"type": "action", "action": action}), flush=True)
            """
        )
    )
    result = play_east(tiny, command(script, transcript))
    assert result.fallbacks == {}
    messages = [json.loads(line) for line in transcript.read_text().splitlines()]
    hello, moves, end = messages[0], messages[1:-1], messages[-1]

    assert hello["type"] == "hello" and hello["protocol"] == 1 and hello["seat"] == "east"
    scenario = hello["scenario"]
    assert scenario["id"] == "tiny"
    assert [d["id"] for d in scenario["delegations"]] == ["west", "east", "ally"]
    assert set(scenario["issues"][0]) == {"id", "name", "conceded_by", "core", "poison_pill"}
    assert {c["id"] for c in scenario["cards"]} == set(tiny.cards)
    # Nothing private travels in the hello: no values, red lines or pain points.
    assert "values" not in json.dumps(hello) and "red_lines" not in json.dumps(hello)

    assert len(moves) == sum(result.moves["east"].values())
    first = moves[0]
    assert first["type"] == "move"
    assert first["view"]["delegation"] == "east"
    assert first["view"]["me"]["red_lines"] == ["drills"]
    assert {"kind": "pass"} in first["legal"]

    assert end == {"type": "end", "outcome": json.loads(json.dumps(end["outcome"]))}
    assert end["outcome"]["kind"] == result.outcome.kind
    assert end["outcome"]["winners"] == list(result.outcome.winners)


def test_cmd_names_are_bots_but_not_listed() -> None:
    assert bot_problem("cmd:python examples/random_bot.py") is None
    assert bot_problem("cmd:'my bot' --level 3") is None
    assert bot_problem("cmd:") == "bot 'cmd:': no command to run after 'cmd:'"
    assert bot_problem("cmd:'unbalanced") == (
        "bot 'cmd:'unbalanced': its command cannot be split as a shell would (No closing quotation)"
    )
    assert not any(name.startswith("cmd:") for name in bot_names())


def test_make_bot_rejects_an_empty_command(tiny: Scenario) -> None:
    with pytest.raises(UnknownBotError):
        make_bot("cmd:  ", 1, "east", tiny)


def test_the_command_line_plays_an_external_bot(capsys: pytest.CaptureFixture[str]) -> None:
    seat = "east=" + command(EXAMPLE)
    argv = ["bots", "--scenario", str(TINY), "--games", "2", "--workers", "1", "-q"]
    assert main([*argv, "--seat", seat]) == 0
    assert "cmd:" in capsys.readouterr().out


# -- failures: the fallback takes over, the game goes on -------------------------------


def test_the_table_says_when_an_external_bot_was_replaced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Its seat's results are then the fallback's: the win rate by bot says so."""
    bot = "cmd:" + shlex.join([sys.executable, str(tmp_path / "no-such-bot.py")])
    argv = ["bots", "--scenario", str(TINY), "--games", "2", "--workers", "1", "-q"]
    assert main([*argv, "--seat", f"east={bot}"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith("cmd:"))
    assert line.endswith("replaced by a fallback in 100.0% of its games"), line
    assert sum("replaced" in x for x in out.splitlines()) == 1  # the other bots were not


def test_a_slow_bot_is_replaced_after_the_time_limit(
    tiny: Scenario,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WARGAME_BOT_TIME_LIMIT", "0.3")
    pid = tmp_path / "pid"
    script = bot_script(
        tmp_path,
        """
        if n == 3:
            time.sleep(30)
        send({"type": "action", "index": 0})
        """,
    )
    result = play_east(tiny, command(script, pid))
    assert "time" in result.fallbacks["east"]
    assert result.row(1)["fallbacks"] == {"east": result.fallbacks["east"]}
    [warning] = warnings(caplog)
    assert "east" in warning and str(script) in warning and "time" in warning
    assert f"game seed {result.row(1)['seed']}," in warning  # which of a batch's games
    assert gone(pid)  # the sleeping program was stopped, not left behind
    [line] = csv.DictReader(io.StringIO(to_csv([result.row(1)], tiny)))
    assert line["fallbacks"] == f"east: {result.fallbacks['east']}"


def test_a_bot_that_does_not_say_ready_in_time_is_replaced(
    tiny: Scenario, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    script = tmp_path / "mute.py"
    script.write_text("import time\ntime.sleep(30)\n")
    bot = ExternalBot([sys.executable, str(script)], 1, "east", tiny, start_limit=0.3)
    assert bot.failure is not None and "ready" in bot.failure and "time" in bot.failure
    state = start(tiny)
    assert bot.choose(view_for(state, "east"), [Pass()]) == Pass()
    bot.close()
    assert len(warnings(caplog)) == 1


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('send({"type": "action", "index": 999})', "index 999 is out of range"),
        ('send({"type": "action", "index": -1})', "out of range"),
        (
            'send({"type": "action", "action": {"kind": "forum_shop", "forum": "nowhere"}})',
            "illegal action",
        ),
        ('send({"type": "action", "action": {"kind": "accept", "proposal": 99}})', "illegal"),
    ],
    ids=["index-too-big", "index-negative", "unknown-forum", "no-such-proposal"],
)
def test_an_illegal_answer_is_replaced(
    tiny: Scenario,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    body: str,
    reason: str,
) -> None:
    pid = tmp_path / "pid"
    script = bot_script(
        tmp_path, f'if n < 2:\n    send({{"type": "action", "index": 0}})\nelse:\n    {body}'
    )
    result = play_east(tiny, command(script, pid))
    assert reason in result.fallbacks["east"]
    [warning] = warnings(caplog)
    assert "east" in warning and reason in warning
    assert gone(pid)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('print("e2e4", flush=True)', "not JSON"),
        ('print("[1, 2]", flush=True)', "not a JSON object"),
        ('send({"type": "move", "index": 0})', "expected an action message"),
        ('send({"type": "action"})', "exactly one of 'index' and 'action'"),
        ('send({"type": "action", "index": "0"})', "whole number"),
        ('send({"type": "action", "action": {"kind": "dance"}})', "unknown action 'dance'"),
        (
            'send({"type": "action", "index": 0}); send({"type": "action", "index": 0})',
            "nobody asked",
        ),
    ],
    ids=[
        "not-json",
        "not-object",
        "wrong-type",
        "no-action",
        "text-index",
        "unknown-kind",
        "chatty",
    ],
)
def test_a_malformed_answer_is_replaced(
    tiny: Scenario,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    body: str,
    reason: str,
) -> None:
    script = bot_script(tmp_path, body)
    result = play_east(tiny, command(script))
    assert "malformed answer" in result.fallbacks["east"]
    assert reason in result.fallbacks["east"]
    [warning] = warnings(caplog)
    assert reason in warning


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("sys.exit(3)", "exited with code 3"),
        (
            'if n == 4:\n    raise RuntimeError("bug in the bot")\nsend({"type": "action", "index": 0})',
            "code 1",
        ),
        ("os.close(1); time.sleep(30)", "closed its output"),
    ],
    ids=["exit-after-hello", "crash-mid-game", "closes-stdout"],
)
def test_a_bot_that_dies_is_replaced(
    tiny: Scenario,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    body: str,
    reason: str,
) -> None:
    pid = tmp_path / "pid"
    script = bot_script(tmp_path, body)
    result = play_east(tiny, command(script, pid))
    assert reason in result.fallbacks["east"]
    [warning] = warnings(caplog)
    assert "east" in warning and str(script) in warning
    assert gone(pid)


def test_a_program_that_cannot_start_is_replaced(
    tiny: Scenario, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    result = play_east(tiny, "cmd:" + str(tmp_path / "no-such-program"))
    assert "could not start" in result.fallbacks["east"]
    assert len(warnings(caplog)) == 1


def test_the_fallback_plays_like_the_random_bot_it_is(tiny: Scenario, tmp_path: Path) -> None:
    """The default fallback is the seat's random bot: a program that dies at once
    leaves the same game a random seat would have played."""
    script = bot_script(tmp_path, "sys.exit(0)")
    failed = play_east(tiny, command(script))
    random = play_east(tiny, "random")
    assert failed.outcome == random.outcome and failed.moves == random.moves


# -- offers of the bot's own, checked by the host ------------------------------------


def test_an_offer_outside_the_menu_needs_the_hosts_check(tiny: Scenario, tmp_path: Path) -> None:
    offer = Propose(("west",), (Term("drills", "east"),))
    encoded = {"kind": "propose", "to": ["west"], "terms": [{"issue": "drills", "by": "east"}]}
    script = bot_script(tmp_path, f"send({{'type': 'action', 'action': {encoded!r}}})")
    state = pass_until(start(tiny), "negotiation", "east")
    view = view_for(state, "east")

    checked = ExternalBot([sys.executable, str(script)], 1, "east", tiny)
    checked.check = lambda action: None if action == offer else "not this one"
    assert checked.choose(view, [Pass()]) == offer
    assert checked.failure is None
    checked.close()

    unchecked = ExternalBot([sys.executable, str(script)], 1, "east", tiny)
    assert unchecked.choose(view, [Pass()]) == Pass()  # the fallback's only choice
    assert unchecked.failure is not None and "not among the legal actions" in unchecked.failure
    unchecked.close()


def test_in_play_an_offer_outside_the_menu_is_checked_by_the_rules(tmp_path: Path) -> None:
    """`wargame play` gives a program the same check as a batch: a legal offer of its own
    is played, not taken for an illegal answer."""
    offer = {"kind": "propose", "to": ["west"], "terms": [{"issue": "drills", "by": "east"}]}
    script = bot_script(
        tmp_path,
        f"""\
        if any(a["kind"] == "propose" for a in legal):
            send({{"type": "action", "action": {offer!r}}})
        else:
            send({{"type": "action", "index": 0}})
        """,
    )
    session = Session.new(str(TINY), {"west": HUMAN, "east": command(script)}, 3, tmp_path / "g")
    east = session.bots["east"]
    assert isinstance(east, ExternalBot)
    try:
        while not any(p.proposer == "east" for p in session.state.proposals):
            assert not session.is_over, "east never proposed"
            if session.bot_step() is None:
                session.act(Pass())
        [tabled] = [p for p in session.state.proposals if p.proposer == "east"]
        assert tabled.terms == (Term("drills", "east"),)
        assert east.failure is None
    finally:
        east.close()


def test_resuming_a_game_does_not_ask_a_program_its_old_moves_again(tmp_path: Path) -> None:
    asked = tmp_path / "asked.txt"
    script = bot_script(
        tmp_path,
        f"""\
        with open({str(asked)!r}, "a") as f:
            f.write("move\\n")
        send({{"type": "action", "index": 0}})
        """,
    )
    seats = {"west": HUMAN, "east": command(script), "ally": "random"}
    session = Session.new(str(TINY), seats, 3, tmp_path / "g.yaml")
    for _ in range(12):
        if session.bot_step() is None:
            session.act(Pass())
    played = sum(1 for e in session.writer.save.actions if e.by == "east")
    assert played > 0
    session.bots["east"].close()  # type: ignore[attr-defined]
    assert asked.read_text().count("move") == played

    resumed = Session.load(tmp_path / "g.yaml")
    try:
        assert asked.read_text().count("move") == played
        assert resumed.state == session.state
    finally:
        resumed.bots["east"].close()  # type: ignore[attr-defined]
