"""`wargame validate`: every problem named by file, line and field path, on stderr, exit 2.

Each case copies the tiny scenario (tests/data) into a temporary folder laid out
like the shipped content (rulesets/ and decks/), breaks one thing with a string
replacement, and runs the command line in that folder, so file names print as a
user would type them: `decks/tiny_cards.yaml:15: cards[0].effects[1].track: ...`.
The expected line is found in the mutated text, so it is exact without being
copied from the fixture by hand.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import DATA
from wargame.cli import main
from wargame.content import library

RULESET = "rulesets/tiny.yaml"
DECK = "decks/tiny_cards.yaml"
SOURCES = {RULESET: DATA / "rulesets" / "tiny.yaml", DECK: DATA / "decks" / "tiny_cards.yaml"}

RESOURCES = "leverage, credibility, standing, economy"
ISSUES = "missiles, drills, door, trade"
FORUMS = "table, pair, council, club"
DELEGATIONS = "west, east, ally"
EFFECT_KINDS = (
    "track, resource, score, cohesion, chance, if, reveal_red_lines, provoke, draw, "
    "salience, leak, move_forum, link, log"
)


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.err.splitlines()


class Content:
    """A writable copy of the tiny scenario in the current folder."""

    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.capsys = capsys
        for rel, src in SOURCES.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, root / rel)

    def text(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        text = self.text(rel)
        assert text.count(old) == 1, f"fixture changed: {old!r} is not in {rel} exactly once"
        (self.root / rel).write_text(text.replace(old, new), encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (self.root / rel).write_text(text, encoding="utf-8")

    def line(self, rel: str, needle: str) -> int:
        """The 1-based line of the only line of `rel` containing `needle`."""
        found = [i for i, t in enumerate(self.text(rel).splitlines(), 1) if needle in t]
        assert len(found) == 1, f"{needle!r} is on lines {found} of {rel}"
        return found[0]

    def validate(self, *paths: str) -> Run:
        self.capsys.readouterr()
        code = main(["validate", *(paths or (str(self.root),))])
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err
        return Run(code, out, err)


@pytest.fixture
def content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Content:
    """The copy alone: the shipped rulesets and decks are not loaded alongside.

    That keeps these cases independent of the shipped content (and fast); the tests
    using `content_with_shipped` check that the shipped files are there as well.
    """
    monkeypatch.setattr(library, "shipped_dir", lambda kind: tmp_path / "no-shipped" / kind)
    monkeypatch.chdir(tmp_path)
    return Content(tmp_path, capsys)


@pytest.fixture
def content_with_shipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Content:
    monkeypatch.chdir(tmp_path)
    return Content(tmp_path, capsys)


def assert_only_problem(run: Run, expected: str, *, prefix: bool = False) -> None:
    """Exit 2, nothing on stdout, exactly this one problem and the count on stderr."""
    assert run.code == 2, run.err
    assert run.out == ""
    assert len(run.lines) == 2, run.err
    problem, count = run.lines
    if prefix:
        assert problem.startswith(expected), run.err
    else:
        assert problem == expected, run.err
    assert count == "1 problem(s) in 1 file(s)"


# -- the untouched copy ---------------------------------------------------------------


def test_valid_folder_exits_0_and_counts_files(content: Content) -> None:
    run = content.validate()
    assert run.code == 0, run.err
    assert run.out == "2 file(s) valid\n"
    assert run.err == ""


def test_valid_folder_with_the_shipped_content_loaded(content_with_shipped: Content) -> None:
    run = content_with_shipped.validate()
    assert run.code == 0, run.err
    assert run.out == "2 file(s) valid\n"
    assert run.err == ""


def test_valid_files_named_one_by_one(content: Content) -> None:
    run = content.validate(RULESET, DECK)
    assert run.code == 0, run.err
    assert run.out == "2 file(s) valid\n"


def test_a_deck_alone_cannot_name_a_ruleset_that_is_not_loaded(content: Content) -> None:
    run = content.validate(DECK)
    line = content.line(DECK, "ruleset: tiny")
    assert_only_problem(
        run, f"{DECK}:{line}: ruleset: unknown ruleset 'tiny' (known: ", prefix=True
    )


# -- one problem each: (file, old, new, text on the reported line, path: message) -------

CASES = [
    pytest.param(
        DECK,
        "{track: tension, add: 1}",
        "{track: tensoin, add: 1}",
        "tensoin",
        "cards[0].effects[1].track: unknown track 'tensoin' (known: tension, channels)",
        id="card-unknown-track",
    ),
    pytest.param(
        RULESET,
        "    tension_tolerance: 3\n",
        "    tension_tolerance: 3\n    colour: blue\n",
        "colour",
        "delegations[0].colour: unknown key 'colour' (known: alliance, bot, framing, id, "
        "name, pain_points, plural, profile, red_lines, resources, source, tension_tolerance, "
        "values, victory)",
        id="unknown-key-delegation",
    ),
    pytest.param(
        DECK,
        "    target: delegation\n",
        "    target: delegation\n    rarity: common\n",
        "rarity",
        "cards[0].rarity: unknown key 'rarity' (known: copies, cost, effects, id, name, once, "
        "phases, playable_by, requires, source, target, text)",
        id="unknown-key-card",
    ),
    pytest.param(
        DECK,
        "{track: tension, add: 2}",
        "{track: tension, add: 2, by: 1}",
        "by: 1",
        "cards[1].effects[1].by: unknown key 'by' (known: add, set, track)",
        id="unknown-key-effect",
    ),
    pytest.param(
        RULESET,
        "  rotate_first: false\n",
        "  rotate_first: false\n  speed: 3\n",
        "speed",
        "round.speed: unknown key 'speed' (known: phases, rotate_first, start_forum, turn_order)",
        id="unknown-key-round",
    ),
    pytest.param(
        RULESET,
        "tension_tolerance: 3",
        "tension_tolerance: high",
        "high",
        "delegations[0].tension_tolerance: expected a whole number, got 'high'",
        id="wrong-type-text-for-integer",
    ),
    pytest.param(
        RULESET,
        "pain_points: [drills]",
        "pain_points: {drills: 1}",
        "pain_points: {drills: 1}",
        "delegations[0].pain_points: expected a list, got a mapping",
        id="wrong-type-mapping-for-list",
    ),
    pytest.param(
        DECK,
        "    copies: 4\n    effects:\n      - {track: channels",
        "    copies: [4]\n    effects:\n      - {track: channels",
        "copies: [4]",
        "cards[2].copies: expected a whole number, got a list",
        id="wrong-type-list-for-integer",
    ),
    pytest.param(
        RULESET,
        "    name: West\n",
        "    name: NO\n",
        "name: NO",
        "delegations[0].name: expected text, got false "
        "(YAML reads NO as a boolean; quote it: 'NO')",
        id="yaml11-NO-is-boolean",
    ),
    pytest.param(
        DECK,
        "text: Keep channels open.",
        "text: yes",
        "text: yes",
        "cards[2].text: expected text, got true (YAML reads yes as a boolean; quote it: 'yes')",
        id="yaml11-yes-is-boolean",
    ),
    pytest.param(
        RULESET,
        "    name: West\n",
        "    name: 12:30\n",
        "12:30",
        "delegations[0].name: expected text, got 750 "
        "(YAML reads 12:30 as a base-60 number; quote it: '12:30')",
        id="yaml11-base60",
    ),
    pytest.param(
        RULESET,
        "    name: West\n",
        "    name: 1.10\n",
        "1.10",
        "delegations[0].name: expected text, got 1.1 "
        "(YAML reads 1.10 as the number 1.1; quote it: '1.10')",
        id="yaml11-version-number",
    ),
    pytest.param(
        RULESET,
        "tension_tolerance: 3",
        "tension_tolerance: 2.7",
        "2.7",
        "delegations[0].tension_tolerance: expected a whole number, got 2.7",
        id="float-for-integer",
    ),
    pytest.param(
        RULESET,
        "tension_tolerance: 3",
        "tension_tolerance: true",
        "tension_tolerance: true",
        "delegations[0].tension_tolerance: expected a whole number, got true",
        id="true-for-integer",
    ),
    pytest.param(
        DECK,
        "    copies: 4\n    effects:\n      - {track: channels",
        "    copies: on\n    effects:\n      - {track: channels",
        "copies: on",
        "cards[2].copies: expected a whole number, got true (YAML reads on as a boolean)",
        id="on-for-integer",
    ),
    pytest.param(
        DECK,
        "{track: tension, add: 1}",
        "{chance: 2, then: [{track: tension, add: 1}]}",
        "chance: 2",
        "cards[0].effects[1].chance: 2 is out of range: must be at most 1",
        id="probability-2",
    ),
    pytest.param(
        DECK,
        "{log: Nothing happens.}",
        "{leak: -0.5}",
        "leak",
        "events[0].effects[0].leak: -0.5 is out of range: must be at least 0",
        id="probability-negative",
    ),
    pytest.param(
        RULESET,
        "  leak_base: 0.0",
        "  leak_base: 2",
        "leak_base",
        "rules.leak_base: 2 is out of range: must be at most 1",
        id="rules-probability-2",
    ),
    pytest.param(
        RULESET,
        "max: 10, start: 3}",
        "max: 10, start: 11}",
        "start: 11",
        "tracks[0].start: start 11 is outside 0..10",
        id="track-start-out-of-bounds",
    ),
    pytest.param(
        RULESET,
        "max: 3, start: 1}",
        "max: 3, start: -1}",
        "start: -1",
        "tracks[1].start: start -1 is outside 0..3",
        id="track-start-below-min",
    ),
    pytest.param(
        RULESET,
        "resources: {leverage: 5, credibility: 5, standing: 5, economy: 5}\n    tension_tolerance: 3",
        "resources: {leverage: 12, credibility: 5, standing: 5, economy: 5}\n    tension_tolerance: 3",
        "leverage: 12",
        "delegations[0].resources.leverage: 12 is outside 0..10",
        id="resource-start-out-of-bounds",
    ),
    pytest.param(
        RULESET,
        "{leverage: 3, credibility: 5, standing: 5, economy: 3}",
        "{leverage: 3, credibility: 5, standing: 5}",
        "{leverage: 3, credibility: 5, standing: 5}",
        "delegations[2].resources: missing start value for 'economy'",
        id="resource-start-missing",
    ),
    pytest.param(
        RULESET,
        "    profile: Wants a settlement and low tension.\n",
        "",
        "- id: west",
        "delegations[0]: missing required field 'profile'",
        id="missing-required-field",
    ),
    pytest.param(
        DECK,
        "{resource: leverage, add: 2}",
        "{resource: levrage, add: 2}",
        "levrage",
        f"cards[1].effects[0].resource: unknown resource 'levrage' (known: {RESOURCES})",
        id="card-unknown-resource",
    ),
    pytest.param(
        DECK,
        "cost: {leverage: 1}",
        "cost: {levrage: 1}",
        "levrage",
        f"cards[0].cost.levrage: unknown resource 'levrage' (known: {RESOURCES})",
        id="card-cost-unknown-resource",
    ),
    pytest.param(
        DECK,
        "{track: tension, add: 1}",
        "{provoke: nukes}",
        "nukes",
        f"cards[0].effects[1].provoke: unknown issue 'nukes' (known: {ISSUES})",
        id="card-unknown-issue",
    ),
    pytest.param(
        DECK,
        "{log: Nothing happens.}",
        "{salience: 2, issue: nukes}",
        "nukes",
        f"events[0].effects[0].issue: unknown issue 'nukes' (known: {ISSUES})",
        id="event-unknown-issue",
    ),
    pytest.param(
        DECK,
        "{track: channels, add: 1}",
        "{move_forum: pub}",
        "pub",
        f"cards[2].effects[0].move_forum: unknown forum 'pub' (known: {FORUMS})",
        id="card-unknown-forum",
    ),
    pytest.param(
        DECK,
        "    cost: {leverage: 1}\n",
        "    cost: {leverage: 1}\n    playable_by: [wset]\n",
        "wset",
        f"cards[0].playable_by[0]: unknown delegation 'wset' (known: {DELEGATIONS})",
        id="card-unknown-delegation",
    ),
    pytest.param(
        DECK,
        "who: target}",
        "who: wset}",
        "wset",
        "cards[0].effects[0].who: unknown delegation or alliance (or who-word) 'wset' "
        "(known: west, east, ally, bloc)",
        id="card-unknown-who",
    ),
    pytest.param(
        RULESET,
        "pain_points: [drills]",
        "pain_points: [drils]",
        "drils",
        f"delegations[0].pain_points[0]: unknown issue 'drils' (known: {ISSUES})",
        id="pain-point-unknown-issue",
    ),
    pytest.param(
        RULESET,
        "red_lines: [missiles]",
        "red_lines: [missile]",
        "[missile]",
        f"delegations[2].red_lines[0]: unknown issue 'missile' (known: {ISSUES})",
        id="red-line-unknown-issue",
    ),
    pytest.param(
        RULESET,
        "members: [west, east], decision: bilateral",
        "members: [west, eats], decision: bilateral",
        "eats",
        f"forums[1].members[1]: unknown delegation 'eats' (known: {DELEGATIONS})",
        id="forum-member-unknown",
    ),
    pytest.param(
        RULESET,
        "veto: [west, east]",
        "veto: [west, ally2]",
        "ally2",
        "forums[2].veto[1]: unknown forum member 'ally2' (known: west, east, ally)",
        id="forum-veto-not-a-member",
    ),
    pytest.param(
        RULESET,
        "conceded_by: [west], core: true",
        "conceded_by: [wes], core: true",
        "[wes]",
        f"issues[0].conceded_by[0]: unknown delegation 'wes' (known: {DELEGATIONS})",
        id="issue-conceded-by-unknown",
    ),
    pytest.param(
        RULESET,
        "start_forum: table",
        "start_forum: tabel",
        "tabel",
        f"round.start_forum: unknown forum 'tabel' (known: {FORUMS})",
        id="start-forum-unknown",
    ),
    pytest.param(
        RULESET,
        "turn_order: [west, east, ally]",
        "turn_order: [west, east]",
        "turn_order",
        "round.turn_order: must list every delegation exactly once",
        id="turn-order-missing-delegation",
    ),
    pytest.param(
        DECK,
        "{track: channels, add: 1}",
        "{channel: 1}",
        "{channel: 1}",
        f"cards[2].effects[0]: names no effect; an effect starts with one of: {EFFECT_KINDS}",
        id="effect-of-no-kind",
    ),
    pytest.param(
        DECK,
        "{track: channels, add: 1}",
        "{track: channels}",
        "{track: channels}",
        "cards[2].effects[0]: give either 'add' or 'set', not both or neither",
        id="track-effect-without-add-or-set",
    ),
    pytest.param(
        DECK,
        "{log: Nothing happens.}",
        "{resource: standing, add: 1, who: self}",
        "who: self",
        "events[0].effects[0].who: 'self' needs an actor; an event has none "
        "(use all, a delegation or an alliance)",
        id="event-who-self",
    ),
    pytest.param(
        DECK,
        "{log: Nothing happens.}",
        "{score: 1}",
        "{score: 1}",
        "events[0].effects[0]: an event has no actor: say who (e.g. who: all)",
        id="event-default-who-self",
    ),
    pytest.param(
        DECK,
        "{resource: leverage, add: 2}",
        "{resource: leverage, add: 2, who: target}  # here",
        "# here",
        "cards[1].effects[0].who: 'target' needs the card's target: delegation",
        id="who-target-without-target",
    ),
    pytest.param(
        DECK,
        "{track: tension, add: 2}",
        "{salience: 1, issue: target}",
        "issue: target",
        "cards[1].effects[1].issue: 'target' needs the card's target: issue",
        id="issue-target-without-target",
    ),
    pytest.param(
        RULESET,
        "    tension_tolerance: 3\n",
        "    tension_tolerance: 3\n    tension_tolerance: 4  # again\n",
        "# again",
        "delegations[0].tension_tolerance: duplicate key "
        "(the earlier value would be silently lost)",
        id="duplicate-key",
    ),
    pytest.param(
        DECK,
        "  - id: hotline",
        "  - id: rattle  # again",
        "# again",
        "cards[2].id: duplicate id 'rattle'",
        id="duplicate-card-id",
    ),
    pytest.param(
        RULESET,
        "{id: club, name: Club",
        "{id: pair, name: Club",
        "name: Club",
        "forums[3].id: duplicate id 'pair'",
        id="duplicate-forum-id",
    ),
    pytest.param(
        RULESET,
        "format: 1",
        "format: 2",
        "format: 2",
        "format: unsupported format version 2 (this wargame reads the number 1)",
        id="wrong-format-version",
    ),
    pytest.param(
        DECK,
        "format: 1",
        "format: '1'",
        "format: '1'",
        "format: unsupported format version '1' (this wargame reads the number 1)",
        id="format-version-as-text",
    ),
]


@pytest.mark.parametrize(("rel", "old", "new", "at", "expected"), CASES)
def test_one_problem_named_by_file_line_and_path(
    content: Content, rel: str, old: str, new: str, at: str, expected: str
) -> None:
    content.edit(rel, old, new)
    line = content.line(rel, at)
    assert_only_problem(content.validate(), f"{rel}:{line}: {expected}")


def test_example_from_the_format_contract(content: Content) -> None:
    """The message the authoring guide shows, character for character."""
    content.edit(DECK, "{track: tension, add: 1}", "{track: tensoin, add: 1}")
    run = content.validate()
    assert run.lines == [
        "decks/tiny_cards.yaml:15: cards[0].effects[1].track: unknown track 'tensoin' "
        "(known: tension, channels)",
        "1 problem(s) in 1 file(s)",
    ]


def test_absolute_paths_outside_the_working_folder(
    content: Content, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    content.edit(RULESET, "format: 1", "format: 3")
    run = content.validate()
    assert run.code == 2
    absolute = content.root / RULESET
    assert run.lines == [
        f"{absolute}:2: format: unsupported format version 3 (this wargame reads the number 1)",
        "1 problem(s) in 1 file(s)",
    ]


def test_turn_order_naming_a_delegation_twice(content: Content) -> None:
    content.edit(RULESET, "turn_order: [west, east, ally]", "turn_order: [west, east, ally, west]")
    run = content.validate()
    line = content.line(RULESET, "turn_order")
    assert run.code == 2
    assert run.lines == [
        f"{RULESET}:{line}: round.turn_order: lists the same item twice",
        f"{RULESET}:{line}: round.turn_order: must list every delegation exactly once",
        "2 problem(s) in 1 file(s)",
    ]


def test_ruleset_naming_an_unknown_deck(content: Content) -> None:
    content.edit(RULESET, "decks: [tiny_cards]", "decks: [tiny_crads]")
    line = content.line(RULESET, "tiny_crads")
    assert_only_problem(
        content.validate(),
        f"{RULESET}:{line}: decks[0]: unknown deck 'tiny_crads' (known: tiny_cards)",
    )


def test_unknown_deck_lists_the_shipped_decks_too(content_with_shipped: Content) -> None:
    content_with_shipped.edit(RULESET, "decks: [tiny_cards]", "decks: [tiny_crads]")
    run = content_with_shipped.validate()
    line = content_with_shipped.line(RULESET, "tiny_crads")
    assert_only_problem(
        run, f"{RULESET}:{line}: decks[0]: unknown deck 'tiny_crads' (known: ", prefix=True
    )
    known = run.lines[0].split("(known: ")[1].rstrip(")").split(", ")
    assert "tiny_cards" in known
    assert "core" in known


def test_ruleset_naming_an_unknown_event_deck(content: Content) -> None:
    content.edit(RULESET, "events: tiny_cards", "events: tiny_events")
    line = content.line(RULESET, "tiny_events")
    assert_only_problem(
        content.validate(),
        f"{RULESET}:{line}: events: unknown deck 'tiny_events' (known: tiny_cards)",
    )


def test_deck_naming_an_unknown_ruleset(content: Content) -> None:
    content.edit(DECK, "ruleset: tiny", "ruleset: tinny")
    line = content.line(DECK, "tinny")
    assert_only_problem(
        content.validate(), f"{DECK}:{line}: ruleset: unknown ruleset 'tinny' (known: tiny)"
    )


def test_deck_without_own_ruleset_names_the_ruleset_using_it(content: Content) -> None:
    content.edit(DECK, "ruleset: tiny\n", "")
    content.edit(DECK, "{track: tension, add: 1}", "{track: tensoin, add: 1}")
    run = content.validate()
    line = content.line(DECK, "tensoin")
    assert_only_problem(
        run,
        f"{DECK}:{line}: cards[0].effects[1].track: unknown track 'tensoin' "
        "(known: tension, channels) in ruleset 'tiny'",
    )


# -- whole-file problems ---------------------------------------------------------------


def test_yaml_syntax_error_names_its_line(content: Content) -> None:
    content.edit(RULESET, "    name: West\n", "    name: West: Bloc\n")
    run = content.validate()
    line = content.line(RULESET, "West: Bloc")
    assert run.code == 2
    expected = (
        f"{RULESET}:{line}: YAML syntax error: mapping values are not allowed in this context"
    )
    assert expected in run.lines, run.err
    # The deck names the ruleset that could not be read: that is reported, not a crash.
    assert run.lines[-1] == "2 problem(s) in 2 file(s)"


def test_yaml_syntax_error_in_a_flow_list(content: Content) -> None:
    content.edit(DECK, "    cost: {leverage: 1}\n", "    cost: {leverage: 1\n")
    run = content.validate()
    assert run.code == 2
    problems = [x for x in run.lines if x.startswith(f"{DECK}:")]
    assert len(problems) == 1, run.err
    start = content.line(DECK, "cost: {leverage: 1")
    line = int(problems[0].split(":")[1])
    assert start <= line <= start + 1, run.err
    assert "YAML syntax error" in problems[0]


def test_unclosed_quote_names_the_line_where_it_opens(content: Content) -> None:
    content.edit(
        RULESET,
        "    profile: Wants a settlement and low tension.\n",
        '    profile: "Wants a settlement and low tension.\n',
    )
    run = content.validate()
    line = content.line(RULESET, '"Wants a settlement')
    assert run.code == 2
    ours = [x for x in run.lines if x.startswith(f"{RULESET}:")]
    assert len(ours) == 1
    assert ours[0].startswith(f"{RULESET}:{line}: ") or f"line {line}" in ours[0], ours[0]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param("empty.yaml", "", id="empty"),
        pytest.param("comment.yaml", "# nothing but a comment\n", id="only-a-comment"),
        pytest.param("list.yaml", "- format: 1\n- id: tiny\n", id="a-list"),
        pytest.param("scalar.yaml", "just some text\n", id="a-scalar"),
        pytest.param("other.yaml", "format: 1\nid: notes\nname: Notes\n", id="a-stray-mapping"),
    ],
)
def test_file_that_is_not_a_ruleset_or_deck(content: Content, name: str, text: str) -> None:
    content.write(f"decks/{name}", text)
    run = content.validate()
    assert_only_problem(
        run,
        f"decks/{name}:1: not a ruleset, deck, save or personality (no 'delegations', 'cards', "
        "'events', 'header' or 'kinds')",
    )


def test_deck_whose_cards_are_not_mappings(content: Content) -> None:
    """A file recognised as a deck whose lists hold the wrong things."""
    content.write("decks/odd.yaml", "format: 1\nid: odd\nname: Odd\ncards: [1, two]\n")
    run = content.validate()
    assert run.code == 2
    odd = [x for x in run.lines if x.startswith("decks/odd.yaml:")]
    assert odd == [
        "decks/odd.yaml:4: cards[0]: expected a mapping, got 1",
        "decks/odd.yaml:4: cards[1]: expected a mapping, got 'two'",
    ], run.err


def test_missing_path(content: Content) -> None:
    run = content.validate("no_such_folder")
    assert run.code == 2
    assert run.lines[0] == "no_such_folder: no such file or folder"
    assert run.out == ""


# -- many problems at once -------------------------------------------------------------


def test_every_problem_in_a_file_is_reported_in_line_order(content: Content) -> None:
    content.edit(RULESET, "    name: West\n", "    name: NO\n")
    content.edit(RULESET, "tension_tolerance: 7", "tension_tolerance: 7.5")
    content.edit(RULESET, "weight: 2.0", "weight: 9")
    content.edit(RULESET, "  rotate_first: false\n", "  rotate_first: false\n  speed: 3\n")
    content.edit(RULESET, "pain_points: [missiles]", "pain_points: [missile]")
    run = content.validate()
    r = RULESET
    assert run.code == 2
    assert run.lines == [
        f"{r}:{content.line(r, 'name: NO')}: delegations[0].name: expected text, got false "
        "(YAML reads NO as a boolean; quote it: 'NO')",
        f"{r}:{content.line(r, '7.5')}: delegations[1].tension_tolerance: "
        "expected a whole number, got 7.5",
        f"{r}:{content.line(r, '[missile]')}: delegations[1].pain_points[0]: "
        f"unknown issue 'missile' (known: {ISSUES})",
        f"{r}:{content.line(r, 'weight: 9')}: forums[2].weight: 9 is out of range: must be at most 5",
        f"{r}:{content.line(r, 'speed')}: round.speed: unknown key 'speed' "
        "(known: phases, rotate_first, start_forum, turn_order)",
        "5 problem(s) in 1 file(s)",
    ]


def test_problems_in_both_files_are_all_reported(content: Content) -> None:
    content.edit(DECK, "{track: tension, add: 2}", "{track: tensoin, add: 2}")
    content.edit(DECK, "copies: 3", "copies: 30")
    content.edit(RULESET, "cohesion: 5}", "cohesion: -1}")
    run = content.validate()
    assert run.code == 2
    assert run.lines == [
        f"{DECK}:{content.line(DECK, 'tensoin')}: cards[1].effects[1].track: "
        "unknown track 'tensoin' (known: tension, channels)",
        f"{DECK}:{content.line(DECK, 'copies: 30')}: events[0].copies: "
        "30 is out of range: must be at most 10",
        f"{RULESET}:{content.line(RULESET, 'cohesion: -1')}: alliances[0].cohesion: "
        "-1 is out of range: must be at least 0",
        "3 problem(s) in 2 file(s)",
    ]


# -- defects found while writing these tests ----------------------------------------------


@pytest.mark.parametrize(
    ("rel", "old", "new", "path"),
    [
        pytest.param(
            DECK,
            "    copies: 4\n    effects:\n      - {resource: leverage",
            "    copies: 2.0  # float\n    effects:\n      - {resource: leverage",
            "cards[1].copies",
            id="copies",
        ),
        pytest.param(
            RULESET,
            "tension_tolerance: 3",
            "tension_tolerance: 2.0  # float",
            "delegations[0].tension_tolerance",
            id="tension_tolerance",
        ),
    ],
)
def test_whole_float_where_an_integer_is_expected(
    content: Content, rel: str, old: str, new: str, path: str
) -> None:
    content.edit(rel, old, new)
    line = content.line(rel, "# float")
    assert_only_problem(
        content.validate(), f"{rel}:{line}: {path}: expected a whole number, got 2.0"
    )


def test_text_where_a_list_of_ids_belongs(content: Content) -> None:
    content.edit(RULESET, "pain_points: [drills]", "pain_points: drills")
    line = content.line(RULESET, "pain_points: drills")
    assert_only_problem(
        content.validate(),
        f"{RULESET}:{line}: delegations[0].pain_points: expected a list, got 'drills'",
    )


def test_id_that_is_a_list(content: Content) -> None:
    content.edit(RULESET, "id: tiny\n", "id: [tiny]\n")
    run = content.validate()
    assert run.code == 2
    line = content.line(RULESET, "id: [tiny]")
    assert f"{RULESET}:{line}: id: expected text, got a list" in run.lines


def test_decks_that_is_a_number(content: Content) -> None:
    content.edit(RULESET, "decks: [tiny_cards]", "decks: 5")
    run = content.validate()
    assert run.code == 2
    line = content.line(RULESET, "decks: 5")
    assert f"{RULESET}:{line}: decks: expected a list, got 5" in run.lines
