"""The vault's configuration, ``infoview.yml`` at the vault root.

Example::

    owner: Sam Okafor
    timezone: America/Chicago
    business_days: false
    rules:
      thank-you-overdue: {days: 3}
      no-referrals-asked: {severity: "off"}
    site:
      title: My campaign
      private_fields: [home_address]
      show_contact_details: false
      calendar_feed: false
    landed: {date: 2027-01-15, company: "[[Brightpath Talent]]", role: Recruiter}
    folders: {contacts: [People, CRM/Contacts], interviews: Meetings}
    fields: {Company: company, org: company, people: contact}

Every key is optional. Problems become findings against ``infoview.yml``;
a bad ``site:`` setting is an error the site refuses to build with (it fails
closed: publishing with defaults could publish what the setting hid).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .finding import Finding
from .links import Link, parse_link
from .parse import parse_yaml, read_text

__all__ = [
    "CONFIG_NAME",
    "EARLIEST",
    "FOLDERS",
    "LATEST",
    "Config",
    "Landed",
    "SiteConfig",
    "load_config",
    "parse_day",
]

CONFIG_NAME = "infoview.yml"
#: The words that make a key a contact detail, at any depth and in any form: ``Email``, ``other_emails``,
#: ``work-phone``, ``mobileNumber``, ``Home address``... (see :meth:`SiteConfig.hides`).
CONTACT_WORDS = frozenset(
    {"email", "mail", "phone", "telephone", "mobile", "cell", "tel", "fax", "address", "whatsapp", "signal"}
)
#: The contact words hidden inside a longer word too: ``workphone``, ``homeaddress``, ``personalemail``.
_CONTACT_PARTS = ("email", "phone", "address", "mobile", "whatsapp")
#: note type -> the folders that hold it, as infoview lays out a vault; ``folders:`` adds others.
FOLDERS = {"contact": ("contacts",), "company": ("companies",), "interview": ("interviews",)}
_FOLDER_KEYS = {"contacts": "contact", "companies": "company", "interviews": "interview"}


@dataclass(frozen=True)
class SiteConfig:
    title: str | None = None
    private_fields: tuple[str, ...] = ()
    show_contact_details: bool = False
    calendar_feed: bool = False
    _answers: dict[object, bool] = field(default_factory=dict, init=False, compare=False, repr=False)

    def hides(self, key: object) -> bool:
        """Whether the site leaves out a key, at any depth: a private field in any spelling (``Met Via``,
        ``metVia``, ``met_via``), or a contact detail by its name (``email``, ``other_emails``, ``work_phone``,
        ``workphone``, ``Phone numbers``…) unless they are shown. Each key is worked out once."""
        known = self._answers.get(key)
        if known is None:
            words = _words(key)
            contact = (
                w in CONTACT_WORDS
                or w.rstrip("s") in CONTACT_WORDS
                or w[:-2] in CONTACT_WORDS
                or any(p in w for p in _CONTACT_PARTS)
                for w in words
            )
            known = "_".join(words) in self._private or (not self.show_contact_details and any(contact))
            self._answers[key] = known
        return known

    @cached_property
    def _private(self) -> frozenset[str]:
        return frozenset("_".join(_words(f)) for f in self.private_fields)


def _words(key: object) -> list[str]:
    """A key's words, folded: ``mentorName``, ``Mentor Name`` and ``mentor-name`` are ``["mentor", "name"]``."""
    return re.sub(r"[\W_]+", " ", re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", str(key))).casefold().split()


@dataclass(frozen=True)
class Landed:
    date: dt.date
    company: Link | None = None
    role: str | None = None


@dataclass(frozen=True)
class Config:
    owner: str = "You"
    timezone: str = "UTC"
    goal: str | None = None
    business_days: bool = False
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    site: SiteConfig = field(default_factory=SiteConfig)
    landed: Landed | None = None
    #: note type -> folders (vault-relative) holding that type of note, the user's first
    folders: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(FOLDERS))
    #: the user's key (case-folded) -> infoview's key, from ``fields:``
    fields: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    #: Whether ``owner`` was written (else "You").
    owner_set: bool = False

    def key_of(self, written: str) -> str:
        """infoview's key for a key as a note writes it: renamed by ``fields:``, else case-folded (``Status``)."""
        return self.fields.get(key := written.casefold(), key)

    def folder_for(self, kind: str) -> str:
        """Where a new note of a type goes: the first folder ``folders:`` lists for it, else infoview's own."""
        return self.folders[kind][0]

    @property
    def possessive(self) -> str:
        """``Tessa Lindqvist's``, or ``Your`` when no owner is set."""
        return f"{self.owner}'s" if self.owner_set else "Your"

    @property
    def tz(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    def today(self) -> dt.date:
        """Today in the vault's timezone: call this only at the program's edge."""
        return dt.datetime.now(self.tz).date()


#: The days a campaign can be checked against: the clock read at the edge (``--today``, ``INFOVIEW_TODAY``)
#: must give one of them, so a typo never sends a deadline past the end of the calendar.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)


def parse_day(text: str, what: str = "--today") -> dt.date:
    """A day the user gave, between :data:`EARLIEST` and :data:`LATEST`; ``ValueError`` saying why otherwise."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{what} must be a date like 2026-11-25, not {text!r}") from None
    if not EARLIEST <= day <= LATEST:
        raise ValueError(
            f"{what} {day.isoformat()} is not a plausible day; give one between {EARLIEST} and {LATEST}, like 2026-11-25"
        )
    return day


_KNOWN = {"owner", "timezone", "goal", "business_days", "rules", "site", "landed", "folders", "fields"}


def load_config(root: Path) -> tuple[Config, list[Finding]]:
    """Read ``infoview.yml``; a missing file gives the defaults."""
    path = root / CONFIG_NAME
    findings: list[Finding] = []

    def problem(line: int, message: str, hint: str = "", severity: str = "error", rule: str = "config-error") -> None:
        findings.append(Finding(CONFIG_NAME, line, severity, rule, message, hint))

    if not path.exists() and not path.is_symlink():
        return Config(), findings
    if not path.is_file() or (path.is_symlink() and root.resolve() not in path.resolve().parents):
        problem(1, f"{CONFIG_NAME} is not a file in the vault", "replace it with a YAML file holding the settings")
        return Config(), findings
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problem(1, f"cannot read the config: {exc.strerror}")
        return Config(), findings
    text, probs = read_text(raw)
    if text is None:
        problem(1, "the config is not a text file", "replace it with a YAML file")
        return Config(), findings
    res = parse_yaml(text, 1)
    findings += [Finding(CONFIG_NAME, p.line, p.severity, p.rule, p.message, p.hint) for p in [*probs, *res.problems]]
    if (data := res.data) is None:
        return Config(), findings
    if not isinstance(data, dict):
        problem(1, "the config must be a mapping of keys to values", "start with a line like `owner: Your Name`")
        return Config(), findings

    def line(*key: str) -> int:
        return res.lines.get(tuple(key), 1)

    kwargs: dict[str, Any] = {}
    owner = data.get("owner")
    if isinstance(owner, (str, int, float)) and str(owner).strip():
        kwargs["owner"] = res.raw.get(("owner",), str(owner)).strip()
        kwargs["owner_set"] = True
    elif owner is not None:
        problem(line("owner"), "owner must be your name, as text", "write `owner: Your Name`")
    tz = data.get("timezone")
    if tz is not None:
        try:
            ZoneInfo(str(tz))
            kwargs["timezone"] = str(tz)
        except (ZoneInfoNotFoundError, ValueError):
            hint = "use an IANA name such as Europe/Paris or America/Chicago"
            problem(line("timezone"), f"unknown timezone {tz!r}", hint)
    if data.get("goal") is not None:
        kwargs["goal"] = str(data["goal"])
    bd = data.get("business_days")
    if isinstance(bd, bool):
        kwargs["business_days"] = bd
    elif bd is not None:
        problem(line("business_days"), "business_days must be true or false")
    sections = ("rules", _rules), ("site", _site), ("landed", _landed), ("folders", _folders), ("fields", _fields)
    for key, read in sections:
        if data.get(key) is not None:
            kwargs[key] = read(data[key], line, problem)
    kwargs["extra"] = {str(k): v for k, v in data.items() if k not in _KNOWN}
    return Config(**kwargs), findings


def _rules(rules: Any, line, problem) -> dict[str, dict[str, Any]]:
    if not isinstance(rules, dict):
        hint = "write e.g. `rules: {thank-you-overdue: {days: 3}}`"
        problem(line("rules"), "rules must map rule names to settings", hint)
        return {}
    clean: dict[str, dict[str, Any]] = {}
    for name, settings in rules.items():
        if settings is None:
            settings = {}
        if isinstance(settings, str):  # `rule-name: off` is shorthand for the severity
            settings = {"severity": settings}
        if not isinstance(settings, dict):
            hint = "write e.g. `thank-you-overdue: {days: 3}`"
            problem(line("rules", str(name)), f"settings for rule {name!r} must be a mapping", hint)
            continue
        clean[str(name)] = dict(settings)
    return clean


def _folders(value: Any, line, problem) -> dict[str, tuple[str, ...]]:
    """``folders: {contacts: [People, CRM/Contacts], ...}`` added to the default folders."""
    out = {kind: list(found) for kind, found in FOLDERS.items()}
    if not isinstance(value, dict):
        hint = "write e.g. `folders: {contacts: [People]}`"
        problem(line("folders"), "folders must map contacts, companies and interviews to folders", hint)
        return {k: tuple(v) for k, v in out.items()}
    for key, folders in value.items():
        kind = _FOLDER_KEYS.get(str(key).strip().casefold())
        items = [folders] if isinstance(folders, str) else folders
        if kind is None:
            hint = "use contacts, companies or interviews"
            problem(line("folders", str(key)), f"folders: {key!r} is not contacts, companies or interviews", hint)
            continue
        if not isinstance(items, list) or not all(isinstance(f, str) and f.strip(" /") for f in items):
            hint = "write e.g. `contacts: [People, CRM/Contacts]`"
            problem(line("folders", str(key)), f"folders: {key} must be a folder or a list of folders", hint)
            continue
        out[kind][:0] = [f.strip(" /") for f in items]  # the user's first folder is where new notes go
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def _fields(value: Any, line, problem) -> dict[str, str]:
    """``fields: {Company: company, org: company}``: the user's keys read as infoview's (checked by the loader)."""
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        hint = "write e.g. `fields: {org: company, people: contact}`"
        problem(line("fields"), "fields must map your keys to infoview's keys", hint)
        return {}
    return {k.strip().casefold(): v.strip() for k, v in value.items()}


_SITE_KEYS = {"title", "private_fields", "show_contact_details", "calendar_feed"}


def _site(site: Any, line, problem) -> SiteConfig:
    """The site's settings. A bad one is an error, and what it could hide stays hidden: every text entry of
    ``private_fields`` is kept even when another is wrong, and a flag that is not true/false is off."""
    if not isinstance(site, dict):
        problem(line("site"), "site must be a mapping", "write e.g. `site: {title: My campaign}`")
        return SiteConfig()
    kwargs: dict[str, Any] = {}
    if site.get("title") is not None:
        kwargs["title"] = str(site["title"])
    pf = site.get("private_fields")
    if pf is not None:
        items = [pf] if isinstance(pf, str) else pf
        if not isinstance(items, list):
            items = []
        good = [x.strip() for x in items if isinstance(x, str) and x.strip()]
        if len(good) != len(items) or not isinstance(pf, (str, list)):
            hint = "write e.g. `private_fields: [home_address]`"
            problem(line("site", "private_fields"), "private_fields must be a list of key names", hint)
        kwargs["private_fields"] = tuple(good)
    for key in ("show_contact_details", "calendar_feed"):
        value = site.get(key)
        if isinstance(value, bool):
            kwargs[key] = value
        elif value is not None:
            hint = f"write `{key}: true` or `{key}: false`"
            problem(line("site", key), f"{key} must be true or false (not {value!r})", hint)
    for key in site:
        if key not in _SITE_KEYS:
            close = difflib.get_close_matches(str(key), sorted(_SITE_KEYS), n=1)
            hint = f"did you mean {close[0]}?" if close else f"the site takes {', '.join(sorted(_SITE_KEYS))}"
            problem(line("site", str(key)), f"site: unknown setting {key!r}", hint)
    return SiteConfig(**kwargs)


def _landed(landed: Any, line, problem) -> Landed | None:
    if isinstance(landed, dt.date):  # `landed: 2027-01-15`
        landed = {"date": landed}
    if not isinstance(landed, dict) or not isinstance(landed.get("date"), dt.date):
        hint = 'write e.g. `landed: {date: 2027-01-15, company: "[[Acme]]", role: Recruiter}`'
        problem(line("landed"), "landed needs a date", hint)
        return None
    date = landed["date"]
    if isinstance(date, dt.datetime):
        date = date.date()
    company = landed.get("company")
    link = parse_link(company, line("landed", "company")) if isinstance(company, str) else None
    role = landed.get("role")
    return Landed(date, link, str(role) if role is not None else None)
