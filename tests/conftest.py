"""Shared fixtures: tests write vault files inline, then assert behaviour."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from infoview import load_vault

# No per-example deadline: CI machines are slow and shared; function-scoped
# fixtures are fine here because each example writes its own temp folder.
settings.register_profile("infoview", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile("infoview")

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_VAULT = REPO / "vault"
#: The day the example vault's expected findings are pinned to.
EXAMPLE_TODAY = dt.date(2026, 11, 25)


def write_vault(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: text}`` under root; text is dedented, bytes kept as is."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8", newline="")
    return root


@pytest.fixture
def make_vault(tmp_path):
    """``make_vault({"contacts/jane.md": "...", ...})`` -> loaded Vault."""

    def make(files: dict[str, str | bytes]):
        return load_vault(write_vault(tmp_path / "vault", files))

    return make


@pytest.fixture
def vault_dir(tmp_path):
    """``vault_dir({...})`` -> the folder, for CLI tests."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_vault(tmp_path / "vault", files)

    return make


def rules_of(findings) -> list[tuple[str, str, int]]:
    """(rule, path, line) of each finding: what golden tests compare."""
    return [(f.rule, f.path, f.line) for f in findings]
