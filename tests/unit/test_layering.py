"""The core stays pure: it never loads Textual, YAML, the clock-bound or I/O layers."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "wargame.core.rng",
    "wargame.core.scenario",
    "wargame.core.effects",
    "wargame.core.actions",
    "wargame.core.events",
    "wargame.core.model",
    "wargame.core.engine",
    "wargame.core.view",
    "wargame.core.belief",
]
NO_TEXTUAL = [
    "wargame.content.library",
    "wargame.runner.match",
    "wargame.bots.registry",
    "wargame.cli",
]


def loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


@pytest.mark.parametrize("module", CORE)
def test_core_imports_only_the_standard_library_and_attrs(module: str) -> None:
    loaded = loaded_after_import(module)
    for forbidden in ("textual", "yaml", "jsonschema", "wargame.content", "wargame.tui", "random"):
        assert forbidden not in loaded, f"{module} pulls in {forbidden}"
    assert not any(m.startswith("wargame.") and not m.startswith("wargame.core") for m in loaded)


@pytest.mark.parametrize("module", NO_TEXTUAL)
def test_headless_layers_never_load_textual(module: str) -> None:
    assert "textual" not in loaded_after_import(module)
