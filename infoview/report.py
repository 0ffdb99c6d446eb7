"""Findings as text (for people), JSON (for tools) and GitHub annotations (for CI); the CLI decides where they go."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import click

from .finding import SEVERITIES, Finding

__all__ = [
    "counts",
    "format_github",
    "format_json",
    "format_text",
    "github_error",
    "github_step_summary",
    "plural",
    "repo_prefix",
    "summary",
]

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}
_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Info"}
_GITHUB = {"error": "error", "warning": "warning", "info": "notice"}


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity (every severity present, zeros included)."""
    got = Counter(f.severity for f in findings)
    return {s: got.get(s, 0) for s in SEVERITIES}


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 meeting``, ``2 meetings``; ``words`` when the plural is not ``word + "s"`` (``person``, ``people``)."""
    if word in ("info", "outreach"):
        return f"{n} {word}"
    return f"{n} {word if n == 1 else (words or word + 's')}"


def format_text(findings: Sequence[Finding], *, today: dt.date, notes: int, color: bool = False) -> str:
    """Findings grouped by severity (errors first), each ``path:line: severity rule: message (due YYYY-MM-DD)``
    with its hint, then a summary; ANSI colour only when ``color`` is true."""

    def style(text: str, **kw: object) -> str:
        return click.style(text, **kw) if color else text  # type: ignore[arg-type]

    out: list[str] = []
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        if out:
            out.append("")
        out.append(style(f"{_TITLES[severity]} ({len(group)})", bold=True))
        for f in group:
            text = f"{style(f.location, bold=True)}: {style(f.severity, fg=_COLOURS[severity], bold=True)} {f.rule}: {f.message}"
            out.append(text + (f" (due {f.due.isoformat()})" if f.due is not None else ""))
            if f.hint:
                out.append(style(f"    hint: {f.hint}", dim=True))
    if not findings:
        return summary(findings, today=today, notes=notes)
    out += ["", style(summary(findings, today=today, notes=notes), bold=True)]
    by_rule = Counter(f.rule for f in findings)
    out.append("  " + ", ".join(f"{rule} {k}" for rule, k in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))))
    return "\n".join(out)


def summary(findings: Sequence[Finding], *, today: dt.date, notes: int) -> str:
    """One line: "1 error, 2 warnings, 0 info (46 notes checked against 2026-11-25)"."""
    checked = f"{plural(notes, 'note')} checked against {today.isoformat()}"
    if not findings:
        return f"All clear: {checked}, nothing due."
    n = counts(findings)
    return ", ".join(plural(n[s], s) for s in SEVERITIES) + f" ({checked})"


def format_json(findings: Sequence[Finding], *, today: dt.date, vault: str) -> str:
    """``{"today", "vault", "findings": [...], "counts": {...}}`` with vault-relative POSIX paths."""
    return json.dumps(
        {
            "today": today.isoformat(),
            "vault": vault,
            "findings": [f.to_json() for f in findings],
            "counts": counts(findings),
        },
        indent=2,
        ensure_ascii=False,
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def repo_prefix(vault_root: Path, *, workspace: str | None = None, cwd: Path | None = None) -> str:
    """The vault folder relative to the repository ('' at the root, else ending in '/'): the nearest folder
    above the vault holding ``.git``; failing that GitHub's ``GITHUB_WORKSPACE``, then the current folder."""
    root = vault_root.resolve()
    base = next((folder for folder in (root, *root.parents) if (folder / ".git").exists()), None)
    if base is None:
        ws = workspace if workspace is not None else os.environ.get("GITHUB_WORKSPACE")
        base = Path(ws).resolve() if ws else (cwd or Path.cwd()).resolve()
    rel = Path(os.path.relpath(root, base)).as_posix()
    return "" if rel == "." else rel.rstrip("/") + "/"


def format_github(findings: Sequence[Finding], *, prefix: str) -> str:
    """One workflow command per finding: ``::error file=...,line=...,title=rule::message`` (info becomes
    ``::notice``); the due date and the hint go into the message, so the annotation says what to do."""
    out = []
    for f in findings:
        message = f.message + (f" (due {f.due.isoformat()})" if f.due else "") + (f"\nhint: {f.hint}" if f.hint else "")
        props = f"file={_escape_property(prefix + f.path)},line={f.line},title={_escape_property(f.rule)}"
        out.append(f"::{_GITHUB[f.severity]} {props}::{_escape_data(message)}")
    return "\n".join(out)


def github_error(message: str) -> str:
    """A workflow error with no file, for a run that could not check anything (a usage or config error)."""
    return f"::error title=infoview check::{_escape_data(message)}"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def github_step_summary(findings: Sequence[Finding], *, today: dt.date, notes: int, prefix: str) -> str:
    """Markdown for the run's summary page: the summary line and a table of findings."""
    out = [f"### infoview check: {summary(findings, today=today, notes=notes)}", ""]
    if findings:
        out += ["| file | severity | rule | message | due |", "| --- | --- | --- | --- | --- |"]
        for f in findings:
            due = f.due.isoformat() if f.due else ""
            out.append(f"| `{_cell(prefix + f.location)}` | {f.severity} | `{f.rule}` | {_cell(f.message)} | {due} |")
    return "\n".join(out) + "\n"
