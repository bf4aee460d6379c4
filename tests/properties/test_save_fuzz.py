"""A damaged save either loads as the very game it recorded or fails with one clean SaveError.

A valid save (the tiny scenario, a whole bot game, one non-ASCII facilitator note)
is cut at any offset and mutated at random. Whatever comes out, reading it must
either raise SaveError with a message naming the file, or give a save whose
verification speaks for itself: verified, and then the same game as recorded (a
prefix of it at most), or a mismatch naming where it diverged. Never any other
exception, never a silently different game.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import attrs
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import DATA
from wargame.content.library import load_content
from wargame.core.engine import start_game
from wargame.persist.digest import state_digest
from wargame.persist.replay import replay_steps, verify
from wargame.persist.save import (
    SaveError,
    SaveGame,
    SaveWriter,
    log_entry,
    new_save,
    parse_save,
    read_save,
)
from wargame.runner.match import play_match

NAME = "fuzzed-save.yaml"
NOTE = "Le négociateur hésite — ☢ ‘secret’"


@attrs.frozen
class Original:
    text: str
    save: SaveGame
    digests: tuple[str, ...]  # digests[i]: the full state digest after i actions


@functools.cache
def original() -> Original:
    scenario, content = load_content(str(DATA / "rulesets" / "tiny.yaml"))
    seed = 2
    save = new_save(
        scenario, content, seed, {d.id: d.bot for d in scenario.delegations}, "2024-05-01"
    )
    writer = SaveWriter(save, None)
    digests = [state_digest(start_game(scenario, seed)[0])]

    def recorder(before, action, after):  # type: ignore[no-untyped-def]
        writer.record(log_entry(before, action, after))
        digests.append(state_digest(after))

    _, final, _ = play_match(scenario, seed, recorder=recorder)
    writer.finish(final)
    writer.set_notes({3: NOTE})
    text = writer.text()
    assert len(writer.save.actions) >= 10 and NOTE in text
    loaded = parse_save(text, NAME)
    assert verify(loaded).ok
    return Original(text, loaded, tuple(digests))


def check(load: object, name: str) -> None:
    """The property: a clean SaveError naming the file, or a save that tells the truth."""
    try:
        save = load()  # type: ignore[operator]
    except SaveError as exc:
        assert exc.message.strip(), "an empty error message"
        assert name in exc.message, exc.message
        assert "Traceback" not in exc.message
        return
    assert isinstance(save, SaveGame)
    base = original()
    verdict = verify(save)
    assert verdict.message
    try:
        steps = replay_steps(save)
    except SaveError as exc:
        steps = None
        assert exc.message.strip() and not verdict.ok
    if not verdict.ok:
        assert verdict.diverged_at is not None
        assert 0 <= verdict.diverged_at <= len(save.actions)
        return
    # Verified: it is the recorded game, or (an earlier autosave's) prefix of it.
    assert steps is not None
    n = len(save.actions)
    assert n <= len(base.save.actions)
    assert [(a.n, a.by, a.action) for a in save.actions] == [
        (a.n, a.by, a.action) for a in base.save.actions[:n]
    ]
    assert state_digest(steps[-1].state) == base.digests[n]
    if save.result is not None:
        assert n == len(base.save.actions)
        assert save.result["digest"] == base.digests[-1]


def check_text(text: str) -> None:
    check(lambda: parse_save(text, NAME), NAME)


def check_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / NAME
        path.write_bytes(data)
        check(lambda: read_save(path), str(path))


# -- truncation --------------------------------------------------------------------


def test_the_original_save_passes_the_property() -> None:
    check_text(original().text)
    check_bytes(original().text.encode())


def test_a_save_cut_at_many_offsets_loads_or_fails_cleanly() -> None:
    text = original().text
    lines = text.splitlines(keepends=True)
    offsets = {0, 1, len(text) - 1, len(text)}
    at = 0
    for i, line in enumerate(lines):
        if i % 6 == 0:
            offsets |= {at, at + len(line) // 2}
        at += len(line)
    for offset in sorted(offsets):
        check_text(text[:offset])


@given(st.data())
def test_a_save_cut_anywhere_loads_or_fails_cleanly(data: st.DataObject) -> None:
    text = original().text
    check_text(text[: data.draw(st.integers(0, len(text)), label="offset")])


@given(st.data())
def test_a_save_cut_at_any_byte_loads_or_fails_cleanly(data: st.DataObject) -> None:
    raw = original().text.encode("utf-8")
    note = raw.index(NOTE.encode("utf-8"))
    # Half the cuts land inside the non-ASCII note, splitting its characters.
    offsets = st.integers(0, len(raw)) | st.integers(note, note + len(NOTE.encode("utf-8")))
    check_bytes(raw[: data.draw(offsets, label="offset")])


# -- mutation --------------------------------------------------------------------------

# "!" brings in tags: on keys, on malformed scalars; each must be a clean SaveError.
YAML_CHARS = st.sampled_from(
    list(":-,[]{}#&*|>'\"%@`?~! \n\t") + list("abnyz019.") + ["é", "☢", "\x00", "\ufeff"]
)
SNIPPETS = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "99999999999999999999",
        "null",
        "~",
        "true",
        "[]",
        "{}",
        "'",
        '"',
        ": ",
        "\n",
        "\n- ",
        "&a",
        "*a",
        "kind: pass",
        "proposal: 1",
        "n: 1",
        "by: west",
        "  ",
        "---\n",
        "...\n",
    ]
)
FILL = st.one_of(st.text(YAML_CHARS, max_size=8), SNIPPETS)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = original().text
    for _ in range(draw(st.integers(1, 3), label="mutations")):
        lines = text.splitlines(keepends=True)
        kind = draw(st.sampled_from(["replace", "insert", "delete_line", "dup_line", "swap_lines"]))
        if kind in ("replace", "insert"):
            start = draw(st.integers(0, len(text)))
            end = (
                start if kind == "insert" else draw(st.integers(start, min(len(text), start + 12)))
            )
            text = text[:start] + draw(FILL) + text[end:]
        elif lines:
            i = draw(st.integers(0, len(lines) - 1))
            if kind == "delete_line":
                del lines[i]
            elif kind == "dup_line":
                lines.insert(i, lines[i])
            else:
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
    return text


def _without(pattern: str) -> str:
    """The original save less its first line starting with `pattern`."""
    lines = original().text.splitlines(keepends=True)
    i = next(k for k, line in enumerate(lines) if line.startswith(pattern))
    return "".join(lines[:i] + lines[i + 1 :])


def _last_action_removed() -> str:
    base = original()
    last = next(
        x
        for x in base.text.splitlines(keepends=True)
        if x.startswith(f"- {{n: {len(base.save.actions)}, ")
    )
    return base.text.replace(last, "")


@given(mutated())
def test_a_mutated_save_loads_or_fails_cleanly(text: str) -> None:
    check_text(text)


@given(mutated())
@example("")
def test_a_mutated_save_read_from_disk_loads_or_fails_cleanly(text: str) -> None:
    check_bytes(text.encode("utf-8", errors="surrogatepass"))


def test_known_damage_loads_or_fails_cleanly() -> None:
    """Mutations a fuzzer may take long to find, checked every run."""
    base = original().text
    for text in (
        _without("result:"),
        _without("  digest:"),
        _without("  seed:"),
        _without("- {n: 1, "),
        _last_action_removed(),
        base.replace("\ncontent:\n", "\n"),
        base.replace("\nformat: 1\n", "\nformat: 1\nformat: 1\n"),
        base + base,
        base + "\n...\n",
        base.replace("\n  seed: 2\n", "\n  seed: 3\n"),
        base.replace("\n  seed: 2\n", "\n  seed: -2\n"),
        base.replace("\n  seed: 2\n", "\n  seed: 2.0\n"),
        base.replace("\n  seed: 2\n", "\n  seed: 99999999999999999999999999\n"),
        base.replace("{kind: pass}", "{kind: pass, extra: 1}", 1),
        base.replace("{kind: pass}", "{kind: accept, proposal: 1}", 1),
        base.replace("{n: 2, ", "{n: 2.0, ", 1),
        base.replace("by: west", "by: nobody", 1),
        "\ufeff" + base,
        base.replace("\n", "\r\n"),
    ):
        check_text(text)
