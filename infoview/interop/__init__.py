"""Bringing contacts in and taking the campaign out: LinkedIn CSV, vCard, iCalendar.

Each format has its own module; :mod:`infoview.interop.contacts` holds what the
importers share (the imported person, matching against the vault, writing new
notes and the import report).
"""

from __future__ import annotations

from .contacts import ImportReport, InteropError, Person, import_people

__all__ = ["ImportReport", "InteropError", "Person", "import_people"]
