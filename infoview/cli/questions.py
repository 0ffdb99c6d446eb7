"""``infoview questions``: the question bank for informational interviews."""

from __future__ import annotations

import click

from ..questions import question_items, questions_markdown, questions_text
from .common import format_option

__all__ = ["questions"]


@click.command()
@format_option(
    "text",
    "markdown",
    "list",
    help="text: numbered, with why each helps; markdown: a heading per topic; list: bare Markdown list items to paste into a note.",
)
def questions(fmt: str) -> None:
    """Print what to ask in an informational interview, by part of the meeting."""
    if fmt == "markdown":
        click.echo(questions_markdown(), nl=False)
    elif fmt == "list":
        click.echo("\n".join(question_items()))
    else:
        click.echo(questions_text(), nl=False)
