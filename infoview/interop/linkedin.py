"""LinkedIn's ``Connections.csv`` (Settings > Data privacy > Get a copy of your data).

The current export opens with a ``Notes:`` line, a quoted paragraph about
missing emails and a blank line, then the header
``First Name,Last Name,URL,Email Address,Company,Position,Connected On``.
Older exports have no preamble, and some have no URL column, so the header is
found by its content and columns are read by name. Connections who hide their
profile come out as rows holding only the date: they are skipped and counted.

Each person becomes a contact with ``met_via: LinkedIn connection`` and the
date as ``connected_on``. The date is deliberately not an ``outreach`` entry:
accepting a connection years ago is not a letter or a call of this campaign,
and counting hundreds of them would fake the weekly cadence and mark every
imported person as already contacted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator

from .contacts import Batch, InteropError, Person, decode_text

__all__ = ["COLUMNS", "parse_connected_on", "read_connections"]

#: Header cell (case-insensitive) -> what it holds.
COLUMNS = {
    "first name": "first",
    "last name": "last",
    "url": "url",
    "profile url": "url",
    "email address": "email",
    "email": "email",
    "company": "company",
    "position": "position",
    "connected on": "connected",
}
_REQUIRED = ("first", "last")
#: A zip member larger than this is no connections list (a guard against zip bombs).
_MAX_CSV = 512 * 1024 * 1024
_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})")


def parse_connected_on(text: str) -> dt.date | None:
    """``08 Feb 2026`` (and ``8 February 2026``, ``2026-02-08``) as a date; None if not a date."""
    text = text.strip()
    m = _DAY_MONTH_YEAR.fullmatch(text)
    try:
        if m:
            month = _MONTHS.get(m.group(2)[:3].lower())
            if month is None:
                return None
            return dt.date(int(m.group(3)), month, int(m.group(1)))
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _record(lines: list[str], start: int) -> tuple[list[str] | None, int, str]:
    """The CSV record starting at ``lines[start]``: (cells or None, lines used, csv error)."""
    used = 0

    def feed() -> Iterator[str]:
        nonlocal used
        # Indexing, not slicing: a slice per record would copy the file each time.
        while start + used < len(lines):
            used += 1
            yield lines[start + used - 1]

    try:
        row = next(csv.reader(feed()), None)
    except csv.Error as exc:
        return None, max(used, 1), str(exc)
    return row, max(used, 1), ""


def _header(cells: list[str]) -> dict[str, int] | None:
    names = [unicodedata.normalize("NFKC", c).strip().lower() for c in cells]
    found: dict[str, int] = {}
    for index, name in enumerate(names):
        key = COLUMNS.get(name)
        if key and key not in found:
            found[key] = index
    return found if all(k in found for k in _REQUIRED) else None


def _from_archive(data: bytes) -> bytes:
    """``Connections.csv`` out of LinkedIn's export archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1].lower() == "connections.csv"]
            if not names:
                raise InteropError("the archive holds no Connections.csv")
            info = archive.getinfo(names[0])
            if info.file_size > _MAX_CSV:
                raise InteropError(f"Connections.csv in the archive is {info.file_size} bytes: too big to be one")
            return archive.read(info)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        raise InteropError(f"cannot read the archive: {exc}") from None


def read_connections(data: bytes) -> Batch:
    """Read a ``Connections.csv``; raises :class:`InteropError` when it is not one.

    Every record is read on its own, so one stray quote (which makes the csv
    module run on through the following lines) costs only its own line: a bad
    record spanning several lines is reported and reading resumes on the next
    line. The data may also be LinkedIn's whole export archive (a ``.zip``
    holding ``Connections.csv``).
    """
    if data.startswith(b"PK\x03\x04"):
        data = _from_archive(data)
    text, warning = decode_text(data)
    batch = Batch()
    if warning:
        batch.warnings.append((1, warning))
    lines = list(io.StringIO(text, newline=""))
    columns: dict[str, int] | None = None
    width = 0
    i = 0
    while i < len(lines):
        cells, used, error = _record(lines, i)
        line = i + 1
        i += used
        if cells is None:
            if columns is not None:
                batch.bad.append((line, f"not valid CSV: {error}"))
            i = line  # resume on the next physical line
            continue
        if columns is None:
            columns = _header(cells)
            width = len(cells)
            continue
        if not any(c.strip() for c in cells):
            continue  # a blank line, e.g. the file's last
        person, why = _row(cells, columns, width, line, batch)
        if person is not None:
            batch.people.append(person)
        elif why.startswith("hidden"):
            batch.skipped.append((line, why))
        else:
            batch.bad.append((line, why))
            i = line  # a bad record may have swallowed the lines after it
    if columns is None:
        raise InteropError("no header row with First Name and Last Name: is this LinkedIn's Connections.csv?")
    return batch


def _row(cells: list[str], columns: dict[str, int], width: int, line: int, batch: Batch) -> tuple[Person | None, str]:
    """One data row as a person, or (None, why not)."""
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        return None, f"{len(cells)} fields where the header has {width} (an unquoted comma?)"
    if len(cells) < width:
        return None, f"{len(cells)} fields where the header has {width}"

    def cell(key: str) -> str:
        index = columns.get(key)
        if index is None:
            return ""
        text = "".join(
            c for c in unicodedata.normalize("NFC", cells[index]) if c.isspace() or unicodedata.category(c) != "Cc"
        )
        return " ".join(text.split())  # a line break inside a quoted cell is not part of a name or title

    name = " ".join(part for part in (cell("first"), cell("last")) if part)
    others = [cell(k) for k in ("url", "email", "company", "position")]
    connected_text = cell("connected")
    if not name:
        if any(others):
            return None, "no first or last name"
        return None, "hidden profile (only a connection date)"
    connected = parse_connected_on(connected_text) if connected_text else None
    if connected_text and connected is None:
        batch.warnings.append(
            (line, f"{name}: connection date {connected_text!r} is not a date like 08 Feb 2026; left out")
        )
    url, email = cell("url"), cell("email")
    emails: tuple[str, ...] = ()
    if email:
        if "@" in email and " " not in email:
            emails = (email,)
        else:
            batch.warnings.append((line, f"{name}: {email!r} is not an email address; left out"))
    return (
        Person(
            name=name,
            line=line,
            company=cell("company") or None,
            role=cell("position") or None,
            emails=emails,
            linkedin=url or None,
            met_via="LinkedIn connection",
            connected_on=connected,
        ),
        "",
    )
