"""Findings: problems in the vault reported as values, never raised.

A finding names the file and line to edit, what is wrong, and how to fix it.
It prints like a compiler diagnostic: ``path:line: severity rule: message``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

__all__ = ["SEVERITIES", "Finding", "severity_rank"]

#: Severities from most to least serious.
SEVERITIES = ("error", "warning", "info")


def severity_rank(severity: str) -> int:
    """0 for error, 1 for warning, 2 for info (unknown sorts last)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


@dataclass(frozen=True)
class Finding:
    """One problem, at one place in one file; sorted, a list of findings reads top to bottom through the vault."""

    path: str
    line: int
    severity: str
    rule: str
    message: str
    hint: str = ""
    due: dt.date | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    def sort_key(self) -> tuple:
        return (self.path, self.line, severity_rank(self.severity), self.rule, self.message)

    def __lt__(self, other: object) -> bool:  # total order used by sorted()
        if not isinstance(other, Finding):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def format(self) -> str:
        """``path:line: severity rule: message (due YYYY-MM-DD)``."""
        text = f"{self.location}: {self.severity} {self.rule}: {self.message}"
        if self.due is not None:
            text += f" (due {self.due.isoformat()})"
        return text

    def __str__(self) -> str:
        return self.format()

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "hint": self.hint,
            "due": self.due.isoformat() if self.due else None,
        }

    def with_severity(self, severity: str) -> Finding:
        return replace(self, severity=severity)
