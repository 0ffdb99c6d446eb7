"""The rule catalogue: the campaign's discipline, and the data's, as checks against a given day.

Every rule is registered here with its name, severity, why and how to fix;
``infoview rules`` and the site's rules page are generated from the registry,
so the docs cannot drift.

- **Follow-up rules** (:mod:`.followups`, :mod:`.campaign`) are plain
  functions. Most make *tasks*, ``(vault, settings) -> list[Task]``: an
  outstanding action with the last day it is on time (``due``) and the days
  its finding fires; the agenda reads the same tasks, so ``check`` and
  ``agenda`` always agree. The others are ``(vault, today, settings) ->
  list[Finding]``.
- **Data rules** (:mod:`.data`) describe what is wrong with the notes
  themselves. The loader reports the reading problems; the link, duplicate
  and date checks are functions ``(vault) -> list[Finding]`` that
  :func:`infoview.load_vault` runs once the notes are read.

Adding a rule is writing one decorated function (see :mod:`.followups`).
The clock is never read here: ``today`` is always passed in.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..finding import SEVERITIES, Finding
from ..model import Contact, Note, Vault

if TYPE_CHECKING:
    from ..config import Config

__all__ = [
    "CONFIG_PATH",
    "DATA_RULES",
    "LOADER_RULES",
    "OFF",
    "RULES",
    "Rule",
    "RuleConfigError",
    "Task",
    "UnknownRule",
    "add_days",
    "data_rule",
    "deadline",
    "followup",
    "known_rules",
    "rule",
    "rule_settings",
    "rules_reference_markdown",
    "run_rules",
    "tasks",
]

#: The severity that switches a rule off.
OFF = "off"
#: Where findings that belong to no note (the campaign as a whole) point.
CONFIG_PATH = "infoview.yml"


class UnknownRule(ValueError):
    """A rule name that is neither a follow-up rule nor a data rule."""

    def __init__(self, name: str, where: str = "") -> None:
        self.name = name
        close = difflib.get_close_matches(name, known_rules(), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else " (`infoview rules` lists them)"
        super().__init__(f"{where}unknown rule {name!r}{hint}")


class RuleConfigError(ValueError):
    """A bad threshold or severity under ``rules:`` in ``infoview.yml``."""


@dataclass(frozen=True)
class Rule:
    """A rule and everything its reference entry says about it."""

    name: str
    severity: str
    #: One line: when the rule fires.
    summary: str
    why: str
    fix: str
    defaults: dict[str, Any] = field(default_factory=dict)
    #: ``(vault, today, settings) -> findings`` for follow-up rules; ``(vault) -> findings`` for data checks
    #: (``None``: the loader reports it while reading).
    func: Callable[..., list[Finding]] | None = None
    #: ``(vault, settings) -> tasks``, for the rules the agenda reads.
    tasks: Callable[[Vault, dict[str, Any]], list[Task]] | None = None


#: Follow-up rules, in catalogue order.
RULES: dict[str, Rule] = {}
#: Data rules: what the loader and the data checks report.
DATA_RULES: dict[str, Rule] = {}


def known_rules() -> list[str]:
    """Every name ``select``, ``ignore`` and the config accept."""
    return [*RULES, *DATA_RULES]


# -- dates ----------------------------------------------------------------


def add_days(date: dt.date, n: int, business_days: bool = False) -> dt.date:
    """``date`` moved by ``n`` days; with ``business_days`` Saturdays and Sundays are not counted.

    A deadline past the end of the calendar is the calendar's last (or first) day.

    >>> add_days(dt.date(2026, 11, 20), 2, True)  # a Friday
    datetime.date(2026, 11, 24)
    """
    try:
        if not business_days:
            return date + dt.timedelta(days=n)
        step = 1 if n >= 0 else -1
        day, left = date, abs(n)
        while left:
            day += dt.timedelta(days=step)
            if day.weekday() < 5:
                left -= 1
        return day
    except OverflowError:
        return dt.date.max if n >= 0 else dt.date.min


# -- tasks ----------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """An outstanding follow-up: what to do, for whom, in which file, by when.

    The rule's finding fires from ``start`` to ``end`` (``None``: until done);
    ``due`` is the last day the action is on time.
    """

    rule: str
    kind: str
    what: str
    note: Note
    line: int
    due: dt.date
    start: dt.date
    person: str
    person_path: str | None
    message: str
    hint: str
    end: dt.date | None = None
    #: The first day the agenda lists it (None: as soon as it is due within the agenda's horizon).
    shown: dt.date | None = None

    def fires(self, today: dt.date) -> bool:
        return self.start <= today and (self.end is None or today <= self.end)

    def finding(self, severity: str) -> Finding:
        return Finding(self.note.path, self.line, severity, self.rule, self.message, self.hint, self.due)


def overdue_task(
    rule: str,
    kind: str,
    what: str,
    note: Note,
    line: int,
    due: dt.date,
    person: str,
    contact: Contact | None,
    message: str,
    hint: str,
) -> Task:
    """A task whose finding fires the day after it is due, until it is done."""
    return Task(
        rule, kind, what, note, line, due, add_days(due, 1), person, contact.path if contact else None, message, hint
    )


def deadline(start: dt.date, settings: Mapping[str, Any]) -> dt.date:
    return add_days(start, int(settings["days"]), bool(settings.get("business_days")))


def line_of(note: Note, *keys: str) -> int:
    """The line of the first key the note has, else its ``status:``/``date:``/``name:`` line."""
    for key in (*keys, "status", "date", "name"):
        if (key,) in note.lines:
            return note.lines[(key,)]
    return min((line for path, line in note.lines.items() if len(path) == 1), default=1)


# -- registering ---------------------------------------------------------------


def rule(name: str, severity: str, summary: str, why: str, fix: str, **defaults: Any) -> Callable:
    """Register ``(vault, today, settings) -> list[Finding]`` as a follow-up rule."""
    return lambda func: _add(RULES, Rule(name, severity, summary, why, fix, dict(defaults), func))


def followup(name: str, severity: str, summary: str, why: str, fix: str, **defaults: Any) -> Callable:
    """Register ``(vault, settings) -> list[Task]`` as a follow-up rule: its findings are the tasks firing today."""

    def register(make: Callable[[Vault, dict[str, Any]], list[Task]]) -> Callable:
        def check(vault: Vault, today: dt.date, settings: dict[str, Any]) -> list[Finding]:
            return [t.finding(settings["severity"]) for t in make(vault, settings) if t.fires(today)]

        return _add(RULES, Rule(name, severity, summary, why, fix, dict(defaults), check, make))

    return register


def data_rule(name: str, severity: str, summary: str, why: str, fix: str) -> Callable:
    """Register ``(vault) -> list[Finding]`` as a data check that :func:`infoview.load_vault` runs."""
    return lambda func: _add(DATA_RULES, Rule(name, severity, summary, why, fix, {}, func))


def _add(registry: dict[str, Rule], entry: Rule) -> Callable:
    """Register a rule; give back its function, for the decorators."""
    if entry.name in RULES or entry.name in DATA_RULES:
        raise ValueError(f"rule {entry.name} registered twice")
    registry[entry.name] = entry
    return entry.tasks or entry.func  # type: ignore[return-value]


# -- settings and the pipeline ---------------------------------------------


def _check_value(rule_name: str, key: str, value: Any) -> Any:
    where = f"{CONFIG_PATH}: rules: {rule_name}: {key}"
    if key == "severity":
        text = str(value).strip().lower() if isinstance(value, str) else value
        if value is False:  # YAML 1.1 habit: `severity: off` unquoted
            text = OFF
        if text not in (*SEVERITIES, OFF):
            raise RuleConfigError(f"{where} must be one of error, warning, info, off (not {value!r})")
        return text
    if key == "business_days":
        if not isinstance(value, bool):
            raise RuleConfigError(f"{where} must be true or false (not {value!r})")
        return value
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 36_500:
        raise RuleConfigError(f"{where} must be a whole number from 0 to 36500 (not {value!r})")
    return value


def rule_settings(config: Config) -> dict[str, dict[str, Any]]:
    """Each rule's settings: defaults, then ``business_days``, then the config's ``rules:`` entry.

    Data rules appear with just a ``severity`` when the config sets one.
    Raises :class:`UnknownRule` or :class:`RuleConfigError`.
    """
    out: dict[str, dict[str, Any]] = {}
    for name, r in RULES.items():
        settings = {"severity": r.severity, **r.defaults}
        if "days" in r.defaults:
            settings["business_days"] = bool(config.business_days)
        out[name] = settings
    for name, given in config.rules.items():
        if name in RULES:
            allowed = set(out[name])
        elif name in DATA_RULES:
            allowed = {"severity"}
            out[name] = {}
        else:
            raise UnknownRule(name, f"{CONFIG_PATH}: rules: ")
        for key, value in given.items():
            if key not in allowed:
                raise RuleConfigError(
                    f"{CONFIG_PATH}: rules: {name}: unknown setting {key!r}; it takes {', '.join(sorted(allowed))}"
                )
            out[name][key] = _check_value(name, key, value)
    return out


def _names(given: Iterable[str] | None) -> set[str] | None:
    if given is None:
        return None
    names = {n.strip() for n in given if n and n.strip()}
    unknown = sorted(names - set(known_rules()))
    if unknown:
        raise UnknownRule(unknown[0])
    return names


def run_rules(
    vault: Vault, today: dt.date, *, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> list[Finding]:
    """Every finding about the vault on ``today``, sorted.

    The data findings (``vault.findings``), follow-ups dated after today, and
    every enabled follow-up rule; config severities applied; notes'
    ``ignore:`` honoured; ``select`` keeps only the named rules and
    ``ignore`` drops them. Raises :class:`UnknownRule` or :class:`RuleConfigError`.
    """
    chosen = _names(select)
    dropped = _names(ignore) or set()
    settings = rule_settings(vault.config)

    def wanted(name: str) -> bool:
        return (
            (chosen is None or name in chosen) and name not in dropped and settings.get(name, {}).get("severity") != OFF
        )

    findings = [*vault.findings, *data.future_dates(vault, today), *data.unknown_ignores(vault, set(known_rules()))]
    for name, r in RULES.items():
        if wanted(name):
            findings.extend(r.func(vault, today, settings[name]))  # type: ignore[misc]
    out = []
    for f in findings:
        note = vault.get(f.path)
        if not wanted(f.rule) or (note is not None and f.rule in note.ignore):
            continue
        severity = settings.get(f.rule, {}).get("severity", f.severity)
        out.append(f if severity == f.severity else f.with_severity(severity))
    return sorted(out, key=Finding.sort_key)


def tasks(vault: Vault) -> list[Task]:
    """Every outstanding follow-up of the enabled rules, whatever the day; notes' ``ignore:`` honoured."""
    settings = rule_settings(vault.config)
    out = []
    for name, r in RULES.items():
        if r.tasks is not None and settings[name]["severity"] != OFF:
            out.extend(t for t in r.tasks(vault, settings[name]) if name not in t.note.ignore)
    return out


# -- the reference ----------------------------------------------------------


def _thresholds(r: Rule) -> str:
    return ", ".join(f"`{k}: {v}`" for k, v in r.defaults.items()) or "none"


#: The reference's opening, up to the table of follow-up rules.
_INTRO = (
    "# Rules\n\n"
    "`infoview check` reports every rule below against a given day (`--today`, default: today in the vault's "
    "timezone) and exits 1 when an error is found (`--strict`: a warning too). Set a rule's thresholds or "
    'severity in `infoview.yml`, switch it off with `severity: "off"`, and silence it for one note with '
    "`ignore: [rule-name]` in that note's frontmatter. Deadlines count calendar days; `business_days: true` "
    "skips weekends.\n\n"
    "```yaml\n"
    "rules:\n"
    "  thank-you-overdue: {days: 3}\n"
    '  no-referrals-asked: {severity: "off"}\n'
    "business_days: true\n"
    "```\n\n"
    "| rule | severity | thresholds | fires when |\n"
    "| --- | --- | --- | --- |"
)
_DATA_INTRO = (
    "\n## Data findings\n\n"
    "The loader and the data checks report problems in the notes themselves; they take a `severity` in "
    "`infoview.yml` and `ignore:` in a note like any rule.\n\n"
    "| rule | severity | what | fix |\n"
    "| --- | --- | --- | --- |"
)


def rules_reference_markdown() -> str:
    """The rules reference, generated from the registry: what ``infoview rules`` prints and the site publishes."""
    lines = [_INTRO]
    lines += [f"| [`{r.name}`](#{r.name}) | {r.severity} | {_thresholds(r)} | {r.summary} |" for r in RULES.values()]
    lines += [
        f"\n## {r.name}\n\n**Severity:** {r.severity} · **Thresholds:** {_thresholds(r)}\n\n"
        f"Fires when {r.summary}.\n\n**Why.** {r.why}\n\n**Fix.** {r.fix}"
        for r in RULES.values()
    ]
    lines.append(_DATA_INTRO)
    lines += [f"| `{r.name}` | {r.severity} | {r.summary} | {r.fix} |" for r in DATA_RULES.values()]
    lines += [f"\n### {r.name}\n\n**Severity:** {r.severity}. {r.why}\n\n**Fix.** {r.fix}" for r in DATA_RULES.values()]
    return "\n".join(lines) + "\n"


# The catalogue registers itself, in this order: the follow-ups first, then the campaign's, then the data's.
from . import followups  # noqa: F401, I001
from . import campaign  # noqa: F401
from . import data

#: Data rule name -> (severity, what): the short table of data findings.
LOADER_RULES: Mapping[str, tuple[str, str]] = {name: (r.severity, r.summary) for name, r in DATA_RULES.items()}
