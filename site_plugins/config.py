"""The plugin's options, as written under ``plugins: - infoview:`` in ``mkdocs.yml``."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

__all__ = ["InfoviewConfig"]


class InfoviewConfig(Config):
    """Options of the ``infoview`` plugin.

    ``vault`` is relative to ``mkdocs.yml``. ``strict_rules`` makes follow-up
    findings (an overdue thank-you...) warnings, so ``mkdocs build --strict``
    fails on them; data problems are always warnings. ``templates`` names a
    folder (relative to ``mkdocs.yml``) whose templates replace the built-in
    ones of the same name, as Material's ``custom_dir`` does for the theme.
    """

    enabled = c.Type(bool, default=True)
    vault = c.Type(str, default="vault")
    strict_rules = c.Type(bool, default=False)
    templates = c.Optional(c.Type(str))
