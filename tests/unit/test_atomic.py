"""Files written atomically get the mode a plain write would give them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from wargame.persist.atomic import write_atomic


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask_022")
def test_a_new_file_is_readable_by_others_as_the_umask_allows(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    write_atomic(path, "# A report\n")
    assert path.read_text(encoding="utf-8") == "# A report\n"
    assert mode(path) == 0o644  # not the temporary file's 0600


@pytest.mark.usefixtures("umask_022")
def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "save.yaml"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o600)
    write_atomic(path, "new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert mode(path) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["save.yaml"]  # no temporary file left


@pytest.mark.usefixtures("umask_022")
def test_a_private_file_is_its_owners_alone(tmp_path: Path) -> None:
    """Saves: a game in progress holds every delegation's secrets."""
    path = tmp_path / "game.yaml"
    write_atomic(path, "secrets\n", private=True)
    assert mode(path) == 0o600


@pytest.mark.usefixtures("umask_022")
def test_a_saved_game_is_private(tmp_path: Path) -> None:
    from tests.conftest import ROOT
    from wargame.persist.save import read_save, write_save

    path = tmp_path / "copy.yaml"
    write_save(read_save(ROOT / "saves" / "syria-war.yaml"), path)
    assert mode(path) == 0o600


def test_a_failed_write_names_the_file_asked_for_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.md"
    path.write_text("old\n", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError) as failed:
        write_atomic(path, "new\n")
    assert (failed.value.filename, failed.value.strerror) == (str(path), "No space left on device")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_a_folder_that_takes_no_file_is_named_by_the_file_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise FileNotFoundError(2, "No such file or directory", str(tmp_path / ".x.md.abc.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(FileNotFoundError) as failed:
        write_atomic(tmp_path / "x.md", "text\n")
    assert failed.value.filename == str(tmp_path / "x.md")
