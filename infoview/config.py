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

Every key is optional. Problems become findings against ``infoview.yml``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .finding import Finding
from .links import Link, parse_link
from .parse import parse_yaml, read_text

__all__ = ["Config", "SiteConfig", "Landed", "load_config", "CONFIG_NAME", "ALWAYS_PRIVATE"]

CONFIG_NAME = "infoview.yml"
#: Contact details never published unless ``site.show_contact_details``.
ALWAYS_PRIVATE = ("email", "phone", "address")


@dataclass(frozen=True)
class SiteConfig:
    title: str | None = None
    private_fields: tuple[str, ...] = ()
    show_contact_details: bool = False
    calendar_feed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def hidden_fields(self) -> frozenset[str]:
        """Frontmatter keys the published site leaves out."""
        hidden = set(self.private_fields)
        if not self.show_contact_details:
            hidden.update(ALWAYS_PRIVATE)
        return frozenset(hidden)


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
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def tz(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    def today(self) -> dt.date:
        """Today in the vault's timezone: call this only at the program's edge."""
        return dt.datetime.now(self.tz).date()


_KNOWN = {"owner", "timezone", "goal", "business_days", "rules", "site", "landed"}


def load_config(root: Path) -> tuple[Config, list[Finding]]:
    """Read ``infoview.yml``; a missing file gives the defaults."""
    path = root / CONFIG_NAME
    findings: list[Finding] = []
    if not path.is_file():
        return Config(), findings

    def problem(line: int, message: str, hint: str = "", severity: str = "error", rule: str = "config-error") -> None:
        findings.append(Finding(CONFIG_NAME, line, severity, rule, message, hint))

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
    for p in [*probs, *res.problems]:
        findings.append(Finding(CONFIG_NAME, p.line, p.severity, p.rule, p.message, p.hint))
    data = res.data
    if data is None:
        return Config(), findings
    if not isinstance(data, dict):
        problem(1, "the config must be a mapping of keys to values", "start with a line like `owner: Your Name`")
        return Config(), findings

    def line(*key: str) -> int:
        return res.lines.get(tuple(key), 1)

    kwargs: dict[str, Any] = {}
    owner = data.get("owner")
    if owner is not None:
        if isinstance(owner, (str, int, float)) and str(owner).strip():
            kwargs["owner"] = res.raw.get(("owner",), str(owner)).strip()
        else:
            problem(line("owner"), "owner must be your name, as text", "write `owner: Your Name`")
    tz = data.get("timezone")
    if tz is not None:
        try:
            ZoneInfo(str(tz))
            kwargs["timezone"] = str(tz)
        except (ZoneInfoNotFoundError, ValueError):
            problem(line("timezone"), f"unknown timezone {tz!r}", "use an IANA name such as Europe/Paris or America/Chicago")
    if data.get("goal") is not None:
        kwargs["goal"] = str(data["goal"])
    bd = data.get("business_days")
    if bd is not None:
        if isinstance(bd, bool):
            kwargs["business_days"] = bd
        else:
            problem(line("business_days"), "business_days must be true or false")
    rules = data.get("rules")
    if rules is not None:
        if isinstance(rules, dict):
            clean: dict[str, dict[str, Any]] = {}
            for name, settings in rules.items():
                if settings is None:
                    settings = {}
                if isinstance(settings, str):  # `rule-name: off` is shorthand for the severity
                    settings = {"severity": settings}
                if not isinstance(settings, dict):
                    problem(line("rules", str(name)), f"settings for rule {name!r} must be a mapping", "write e.g. `thank-you-overdue: {days: 3}`")
                    continue
                clean[str(name)] = dict(settings)
            kwargs["rules"] = clean
        else:
            problem(line("rules"), "rules must map rule names to settings", "write e.g. `rules: {thank-you-overdue: {days: 3}}`")
    site = data.get("site")
    if site is not None:
        if isinstance(site, dict):
            kwargs["site"] = _site(site, line, problem)
        else:
            problem(line("site"), "site must be a mapping", "write e.g. `site: {title: My campaign}`")
    landed = data.get("landed")
    if landed is not None:
        kwargs["landed"] = _landed(landed, line, problem)
    kwargs["extra"] = {str(k): v for k, v in data.items() if k not in _KNOWN}
    return Config(**kwargs), findings


def _site(site: dict, line, problem) -> SiteConfig:
    kwargs: dict[str, Any] = {}
    if site.get("title") is not None:
        kwargs["title"] = str(site["title"])
    pf = site.get("private_fields")
    if pf is not None:
        if isinstance(pf, str):
            pf = [pf]
        if isinstance(pf, list) and all(isinstance(x, str) for x in pf):
            kwargs["private_fields"] = tuple(pf)
        else:
            problem(line("site", "private_fields"), "private_fields must be a list of key names", "write e.g. `private_fields: [home_address]`")
    for key in ("show_contact_details", "calendar_feed"):
        value = site.get(key)
        if value is None:
            continue
        if isinstance(value, bool):
            kwargs[key] = value
        else:
            problem(line("site", key), f"{key} must be true or false")
    kwargs["extra"] = {str(k): v for k, v in site.items() if k not in {"title", "private_fields", "show_contact_details", "calendar_feed"}}
    return SiteConfig(**kwargs)


def _landed(landed: Any, line, problem) -> Landed | None:
    if isinstance(landed, dt.datetime):
        return Landed(landed.date())
    if isinstance(landed, dt.date):
        return Landed(landed)
    if not isinstance(landed, dict) or not isinstance(landed.get("date"), dt.date):
        problem(line("landed"), "landed needs a date", "write e.g. `landed: {date: 2027-01-15, company: \"[[Acme]]\", role: Recruiter}`")
        return None
    date = landed["date"]
    if isinstance(date, dt.datetime):
        date = date.date()
    company = landed.get("company")
    link = parse_link(company, line("landed", "company")) if isinstance(company, str) else None
    role = landed.get("role")
    return Landed(date, link, str(role) if role is not None else None)
