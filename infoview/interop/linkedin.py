"""LinkedIn's ``Connections.csv`` (Settings > Data privacy > Get a copy of your data), or the whole export ``.zip``.

Exports differ (a ``Notes:`` preamble or none, a URL column or none), so the header is found by its
content and columns are read by name. Each person gets ``met_via: LinkedIn connection`` and
``connected_on``, not an ``outreach`` entry: accepting a connection years ago is not a letter or a call
of this campaign, and hundreds of them would fake the weekly cadence. A row without a name is named
after its profile handle as written (``jane-doe-123``: a prettified ``Jane Doe 123`` would be a guess,
and would match a Jane Doe already in the vault), else after its email address.

Dates are LinkedIn's ``12 Mar 2024`` or what a spreadsheet makes of them when it saves the file again
(``3/12/24`` is month first, as Excel writes them in the US, unless some date in the file has a day
over 12 there). A two-digit year is in this century (LinkedIn began in 2003).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import unicodedata
import zipfile
from urllib.parse import unquote, urlsplit

from .contacts import Batch, InteropError, Person, decode_text, linkedin_key, name_from_email, one_line, web_url

__all__ = ["COLUMNS", "parse_connected_on", "profile_handle", "read_connections"]

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
#: A zip member larger than this is no connections list (a guard against zip bombs).
_MAX_CSV = 512 * 1024 * 1024
_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
_DAY_MONTH_YEAR = re.compile(r"(?P<d>\d{1,2})[ -](?P<m>[A-Za-z]{3,9})\.?,?[ -](?P<y>\d{4}|\d{2})")
_MONTH_DAY_YEAR = re.compile(r"(?P<m>[A-Za-z]{3,9})\.? (?P<d>\d{1,2}),? (?P<y>\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})")
_YEAR_FIRST = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def parse_connected_on(text: str, *, day_first: bool = False) -> dt.date | None:
    """A connection date as LinkedIn or a spreadsheet wrote it (``2/8/26`` month first unless ``day_first``,
    ``08.02.2026`` always day first); None if not a date."""
    text = text.strip()
    try:
        if m := _DAY_MONTH_YEAR.fullmatch(text) or _MONTH_DAY_YEAR.fullmatch(text):
            day, month, year = int(m["d"]), _MONTHS.get(m["m"][:3].lower()), _year(m["y"])
        elif m := _NUMERIC.fullmatch(text):
            first, second, year = int(m.group(1)), int(m.group(3)), _year(m.group(4))
            day, month = (first, second) if day_first or m.group(2) == "." else (second, first)
        elif m := _YEAR_FIRST.fullmatch(text):
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            return dt.date.fromisoformat(text)
        return dt.date(year, month, day) if month is not None else None
    except ValueError:
        return None


def profile_handle(url: str) -> str | None:
    """The handle of a LinkedIn profile address, as written: ``.../in/jane-doe-123/`` -> ``jane-doe-123``."""
    if not linkedin_key(url):
        return None
    parts = [p for p in urlsplit(url if "://" in url else "https://" + url).path.split("/") if p]
    if len(parts) >= 2 and parts[0].lower() in ("in", "pub"):
        return one_line(unquote(parts[1])) or None
    return None


def _header(cells: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if key := COLUMNS.get(unicodedata.normalize("NFKC", cell).strip().lower()):
            found.setdefault(key, index)
    return found if "first" in found and "last" in found else None


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
    """Read a ``Connections.csv`` or LinkedIn's whole export ``.zip``; :class:`InteropError` when it is neither.
    Each record is read on its own, so one stray quote (the csv module would run on through the lines after
    it) costs only its own line: reading resumes on the line after its start."""
    if data.startswith(b"PK\x03\x04"):
        data = _from_archive(data)
    text, warning = decode_text(data)
    batch = Batch(warnings=[(1, warning)] if warning else [])
    lines = list(io.StringIO(text, newline=""))
    columns: dict[str, int] | None = None
    width = 0
    dates: list[tuple[int, str]] = []  # (index in batch.people, as written): read once the file is known
    i = 0
    while i < len(lines):
        line = i + 1
        # One record from line i on. Indexing, not slicing: a slice per record would copy the file each time.
        reader = csv.reader(lines[j] for j in range(i, len(lines)))
        try:
            cells = next(reader)  # there is a line left, so a record (maybe empty) or an error
        except csv.Error as exc:
            if columns is not None:
                batch.bad.append((line, f"not valid CSV: {exc}"))
            i = line  # resume on the next physical line
            continue
        i += max(reader.line_num, 1)
        if columns is None:
            columns, width = _header(cells), len(cells)
            continue
        if not any(c.strip() for c in cells):
            continue  # a blank line, e.g. the file's last
        person, why = _row(cells, columns, width, line, batch)
        if person is not None:
            if why:  # for a person: the connection date as written
                dates.append((len(batch.people), why))
            batch.people.append(person)
        elif why.startswith("hidden"):
            batch.skipped.append((line, why))
        else:
            batch.bad.append((line, why))
            i = line  # a bad record may have swallowed the lines after it
    if columns is None:
        raise InteropError("no header row with First Name and Last Name: is this LinkedIn's Connections.csv?")
    # Slashed dates are day first when some day is over 12 in the file, and no month is.
    slashed = [m for _, text in dates if (m := _NUMERIC.fullmatch(text.strip())) and m.group(2) == "/"]
    day_first = any(int(m.group(1)) > 12 for m in slashed) and not any(int(m.group(3)) > 12 for m in slashed)
    for index, text in dates:
        person = batch.people[index]
        if (connected := parse_connected_on(text, day_first=day_first)) is None:
            why = f"{person.name}: connection date {text!r} is not a date like 08 Feb 2026; left out"
            batch.warnings.append((person.line, why))
        else:
            batch.people[index] = dataclasses.replace(person, connected_on=connected)
    batch.warnings.sort(key=lambda item: item[0])
    return batch


def _row(cells: list[str], columns: dict[str, int], width: int, line: int, batch: Batch) -> tuple[Person | None, str]:
    """One data row as (a person, the connection date as written), or (None, why not)."""
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        return None, f"{len(cells)} fields where the header has {width} (an unquoted comma?)"
    if len(cells) < width:
        return None, f"{len(cells)} fields where the header has {width}"
    cell = dict.fromkeys(COLUMNS.values(), "")
    for key, index in columns.items():
        kept = (c for c in unicodedata.normalize("NFC", cells[index]) if c.isspace() or unicodedata.category(c) != "Cc")
        cell[key] = " ".join("".join(kept).split())  # a line break in a quoted cell is not part of a name or title
    name = " ".join(part for part in (cell["first"], cell["last"]) if part)
    written_url, email = cell["url"], cell["email"]
    url = web_url(written_url) if written_url else None
    email_ok = "@" in email and " " not in email
    if not name:
        handle = profile_handle(url) if url else None
        name = handle or (name_from_email(email) if email_ok else "")
        if not name:
            if any(cell[k] for k in ("url", "email", "company", "position")):
                return None, "no first or last name, and no profile URL or email address to name the person by"
            return None, "hidden profile (only a connection date)"
        by = "the profile URL" if handle else email
        batch.warnings.append((line, f"no first or last name: named {name!r} after {by}"))
    if written_url and url is None:
        batch.left_out.append((line, f"{name}: URL {written_url!r} is not an http or https address"))
    if email and not email_ok:
        batch.warnings.append((line, f"{name}: {email!r} is not an email address; left out"))
    company, role, emails = cell["company"] or None, cell["position"] or None, (email,) if email_ok else ()
    person = Person(name, line, company, role, emails=emails, linkedin=url, met_via="LinkedIn connection")
    return person, cell["connected"]
