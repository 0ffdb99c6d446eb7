"""``infoview agenda``: what to do now, then what comes due in the next days."""

from __future__ import annotations

import datetime as dt
import json

import click

from ..agenda import AgendaItem
from ..agenda import agenda as build_agenda
from .check import open_vault, use_colour
from .common import UsageFailure, format_option, today_option, vault_option

__all__ = ["agenda", "format_agenda"]


def format_agenda(items: list[AgendaItem], *, today: dt.date, days: int, owner: str, color: bool = False) -> str:
    """Overdue, Today, then the next ``days`` days; one line per item with the file to edit."""

    def style(text: str, **kw: object) -> str:
        return click.style(text, **kw) if color else text  # type: ignore[arg-type]

    span = "1 day" if days == 1 else f"{days} days"
    out = [style(f"Agenda for {owner} on {today:%a} {today.isoformat()} (next {span})", bold=True)]
    groups = [
        ("Overdue", [i for i in items if i.overdue], "red"),
        ("Today", [i for i in items if not i.overdue and i.due == today], "yellow"),
        (f"Next {span}", [i for i in items if i.due > today], None),
    ]
    for title, group, colour in groups:
        if not group:
            continue
        out += ["", style(f"{title} ({len(group)})", bold=True, fg=colour)]
        for item in group:
            late = (today - item.due).days
            late_text = f" ({late} day{'s' if late != 1 else ''} late)" if item.overdue else ""
            out.append(
                f"  {item.due:%a} {item.due.isoformat()}  {style(item.person, bold=True)}: {item.what}{late_text}"
                f"  {style(f'{item.path}:{item.line}', dim=True)}"
            )
    if not items:
        out += ["", f"Nothing due in the next {span}."]
    return "\n".join(out)


@click.command()
@click.argument("path", required=False)
@vault_option
@today_option
@click.option("--days", type=click.IntRange(min=0), default=7, show_default=True, help="How many days ahead to look.")
@format_option("text", "json")
def agenda(path: str | None, vault_path: str | None, today: str | None, days: int, fmt: str) -> None:
    """What to do now: overdue and due-today follow-ups first, then the next --days days.

    Thank-yous coming due, meetings to prepare and attend, replies owed,
    names to contact; each with the person, the due date and the file to edit.
    """
    root, vault, day = open_vault(path, vault_path, today)
    try:
        items = build_agenda(vault, day, days)
    except ValueError as exc:  # the config's rules: settings are wrong
        raise UsageFailure(str(exc)) from None
    if fmt == "json":
        payload = {
            "today": day.isoformat(),
            "days": days,
            "vault": root.as_posix(),
            "items": [i.to_json() for i in items],
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    colour = use_colour()
    click.echo(format_agenda(items, today=day, days=days, owner=vault.config.owner, color=colour), color=colour)
    if problems := sum(1 for f in vault.findings if f.severity == "error"):
        click.echo(
            f"\n{problems} problem{'s' if problems != 1 else ''} in the notes may hide items: run `infoview check`."
        )
