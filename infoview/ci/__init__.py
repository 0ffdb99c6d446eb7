"""CI files shipped with infoview for the user's own vault.

``infoview-check.yml`` is a GitHub Actions workflow (push + a daily schedule,
``infoview check --format github``); the repository root also carries
``.pre-commit-hooks.yaml`` for pre-commit users.
"""

from __future__ import annotations

from importlib.resources import files

__all__ = ["WORKFLOW", "workflow_template"]

WORKFLOW = "infoview-check.yml"


def workflow_template() -> str:
    """The GitHub Actions workflow's text, to copy to ``.github/workflows/``."""
    return files(__name__).joinpath(WORKFLOW).read_text(encoding="utf-8")
