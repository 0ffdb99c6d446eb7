"""``infoview review``: the week in review as Markdown, for you, your coach or the CI job summary."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import click

from ..config import EARLIEST, LATEST
from ..review import format_review, weekly_review
from .check import open_vault
from .common import UsageFailure, format_option, today_option, vault_option, write_stdout
from .graph import write_output

__all__ = ["parse_week", "review"]


def parse_week(text: str, today: dt.date) -> dt.date:
    """``2026-W48`` (ISO), ``this`` or ``last`` -> that week's Monday; a UsageFailure otherwise."""
    if text in ("this", "last"):
        return today - dt.timedelta(days=today.weekday(), weeks=text == "last")
    m = re.fullmatch(r"(\d{4})-?W(\d{1,2})", text.strip(), re.IGNORECASE)
    try:
        monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1) if m else None
    except ValueError:  # week 0, week 54...
        monday = None
    if monday is None or not EARLIEST <= monday <= LATEST:  # the years any day given may be in
        raise UsageFailure(f"--week {text!r} is not a week: write YYYY-Www (e.g. 2026-W48), this or last")
    return monday


@click.command()
@click.option("--week", metavar="YYYY-Www", help="The ISO week, or this or last (default: the week holding today).")
@click.option("--weeks", type=click.IntRange(1, 520), default=8, show_default=True, help="Weeks in the trend.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (atomically).")
@click.option("--public", is_flag=True, help="Leave out private notes and outreach notes, as the site does.")
@format_option("markdown", "json")
@vault_option
@today_option
def review(week: str | None, weeks: int, output: Path | None, public: bool, fmt: str, **opts: str | None) -> None:
    """The week in review: outreach and meetings against the weekly pace (`campaign-stalled`'s
    per_week), replies, names gained and from whom, next week's meetings and their preparation,
    follow-ups done late or still open, each follow-up's on-time rate, and the trend over --weeks.
    Private notes count unless --public."""
    _, vault, day = open_vault(None, opts["vault_path"], opts["today"])
    try:
        data = weekly_review(vault, parse_week(week, day) if week else day, day, weeks=weeks, public=public)
    except ValueError as exc:  # the config's rules: settings are wrong
        raise UsageFailure(str(exc)) from None
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n" if fmt == "json" else format_review(data)
    if output is None:
        return write_stdout(text.encode())
    write_output(output, text, force=True)
    click.echo(f"wrote {output} (week {data['week']})", err=True)
