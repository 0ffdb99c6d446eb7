"""Reading frontmatter values into typed fields, one small reader per kind.

A reader takes the value YAML produced and the scalar's source text, and returns the typed value or raises
:class:`Invalid` (what is wrong, how to fix it): the loader reports an ``invalid-field`` and leaves the field unset.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from .links import Link, parse_link

__all__ = [
    "Invalid",
    "Reader",
    "boolean",
    "date",
    "datetime_or_date",
    "enum",
    "flag",
    "link",
    "link_list",
    "tags",
    "text",
    "text_list",
]


class Invalid(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


#: A reader: (value, raw source text or None, line) -> typed value.
Reader = Callable[[Any, "str | None", int], Any]


_KIND_NAMES = (
    (bool, "true/false"),
    (dict, "a mapping"),
    (list, "a list"),
    (dt.date, "a date"),
    ((int, float), "a number"),
)


def _describe(value: Any) -> str:
    return next((name for kinds, name in _KIND_NAMES if isinstance(value, kinds)), type(value).__name__)


def text(value: Any, raw: str | None, line: int) -> str | None:
    """Text; a scalar YAML typed as a number, date or boolean is read back as written."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float, dt.date)):
        return raw if raw is not None else str(value)
    raise Invalid(f"expected text, found {_describe(value)}", "write the value as plain text on one line")


def text_list(value: Any, raw: str | None, line: int) -> tuple[str, ...]:
    """A list of text; a single value is a list of one."""
    if value is None:
        return ()
    if isinstance(value, list):
        if (bad := next((item for item in value if isinstance(item, (dict, list))), None)) is not None:
            raise Invalid(
                f"expected a list of text, found {_describe(bad)} in it", "write one plain value per `- ` line"
            )
        return tuple(str(item) for item in value if item is not None)
    if isinstance(value, (str, int, float, dt.date)) and not isinstance(value, bool):
        return (raw if raw is not None else str(value),)
    raise Invalid(f"expected a list of text, found {_describe(value)}", "write e.g. `[one, two]`")


def tags(value: Any, raw: str | None, line: int) -> tuple[str, ...]:
    """Tags as Obsidian writes them: a list, or a comma/space-separated string; ``#`` optional."""
    items = [t for t in re.split(r"[,\s]+", value) if t] if isinstance(value, str) else text_list(value, raw, line)
    return tuple(dict.fromkeys(t.lstrip("#").strip() for t in items if t.lstrip("#").strip()))


def flag(value: Any, raw: str | None, line: int) -> bool | None:
    """Strictly true or false (``private:``): anything else is an error, never a guess."""
    if value is None or isinstance(value, bool):
        return value
    raise Invalid(
        f"expected true or false, found {value!r}", "write `true` or `false` (the note stays private until then)"
    )


def boolean(value: Any, raw: str | None, line: int) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"yes", "no", "y", "n", "on", "off"}:
        return value.strip().lower() in {"yes", "y", "on"}
    raise Invalid(f"expected true or false, found {value!r}", "write true or false")


_DAILY = re.compile(r"\[\[([^\]|#]+?)(?:[|#][^\]]*)?\]\]")
_DATE_TEXT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?")


def datetime_or_date(value: Any, raw: str | None, line: int) -> dt.date | dt.datetime | None:
    """A date, or a date and time (``2026-11-26T14:00``, ``2026-11-26 14:00``)."""
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], list) and len(value[0]) == 1:
        value = value[0][0]  # [[2026-11-10]] unquoted: YAML read a nested list
        if isinstance(value, (dt.date, dt.datetime)):
            return value
    if isinstance(value, str):
        daily = _DAILY.fullmatch(value.strip())  # "[[2026-11-10]]": a link to the daily note is its date
        m = _DATE_TEXT.fullmatch(daily.group(1) if daily else value.strip())
        if m:
            y, mo, d, h, mi, s, _tz = m.groups()
            try:
                if h is None:
                    return dt.date(int(y), int(mo), int(d))
                return dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0))
            except ValueError as exc:
                raise Invalid(f"{value!r} is not a real date ({exc})", "write an ISO date such as 2026-11-25") from None
    raise Invalid(
        f"expected a date, found {value!r}", "write an ISO date such as 2026-11-25, or 2026-11-25T14:00 with a time"
    )


def date(value: Any, raw: str | None, line: int) -> dt.date | None:
    got = datetime_or_date(value, raw, line)
    return got.date() if isinstance(got, dt.datetime) else got


def enum(*choices: str) -> Reader:
    def read(value: Any, raw: str | None, line: int) -> str | None:
        if value is None:
            return None
        if isinstance(value, str) and value.strip().lower() in choices:
            return value.strip().lower()
        raise Invalid(f"{value!r} is not one of: {', '.join(choices)}", f"use one of: {', '.join(choices)}")

    return read


def link(value: Any, raw: str | None, line: int) -> tuple[Link | None, bool]:
    """A link and whether it was written unquoted (YAML read ``[[X]]`` as a nested list)."""
    if value is None:
        return None, False
    if isinstance(value, str):
        return parse_link(value, line), False
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], list) and len(value[0]) == 1:
        inner = value[0][0]
        if isinstance(inner, (str, int, float)) and not isinstance(inner, bool):
            return parse_link(f"[[{inner}]]", line), True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_link(str(value), line), False
    raise Invalid(
        f'expected a link such as "[[Jane Doe]]", found {_describe(value)}', 'write the link in quotes: "[[Jane Doe]]"'
    )


def link_list(value: Any, raw: str | None, line: int) -> tuple[tuple[Link, ...], bool]:
    """A list of links (one link alone counts as a list of one)."""
    if value is None:
        return (), False
    with contextlib.suppress(Invalid):
        single, unquoted = link(value, raw, line)
        if single is not None:
            return (single,), unquoted
    if not isinstance(value, list):
        raise Invalid(
            f"expected a list of links, found {_describe(value)}", 'write e.g. ["[[Jane Doe]]", "[[Ravi Shah]]"]'
        )
    read = [link(item, None, line) for item in value]
    return tuple(got for got, _ in read if got is not None), any(unquoted for _, unquoted in read)
