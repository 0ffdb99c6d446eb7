"""CI files for the user's own vault: ``infoview-check.yml``, a GitHub Actions workflow running
``infoview check --format github`` on push and daily (pre-commit users have ``.pre-commit-hooks.yaml``)."""

from __future__ import annotations

from importlib.resources import files

__all__ = ["WORKFLOW", "workflow_template"]

WORKFLOW = "infoview-check.yml"


def workflow_template() -> str:
    """The GitHub Actions workflow's text, to copy to ``.github/workflows/``."""
    return files(__name__).joinpath(WORKFLOW).read_text(encoding="utf-8")
