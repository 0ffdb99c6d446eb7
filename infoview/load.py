"""Load a vault: walk it, read every note once, build the model, check links.

``load_vault(path)`` never raises on bad notes: each problem becomes a finding
naming the file and line, and every other note still loads.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import fields as F
from .config import CONFIG_NAME, load_config
from .finding import Finding
from .lineage import changed_paths, names_changed
from .links import Link, find_links, fold
from .model import (
    CHANGED_BY,
    CONTACT_STATUSES,
    DIRECTIONS,
    INTERVIEW_STATUSES,
    MEDIUMS,
    VIAS,
    Company,
    Contact,
    Interview,
    Note,
    Outreach,
    Vault,
)
from .parse import parse_yaml, read_text, split_note

__all__ = ["load_vault", "read_note", "RawNote", "NOTE_TYPES", "FOLDERS", "IGNORED_DIRS"]

#: Folder -> note type. A ``type:`` key in the note overrides it.
FOLDERS = {"contacts": "contact", "companies": "company", "interviews": "interview"}
NOTE_TYPES = ("contact", "company", "interview", "note")
#: Folders never read: templates hold placeholders, the rest is tooling.
IGNORED_DIRS = {"templates", ".obsidian", ".git", ".trash", ".github", "node_modules", "site", "__pycache__"}

_COMMON: dict[str, F.Reader] = {
    "type": F.enum(*NOTE_TYPES),
    "name": F.text,
    "aliases": F.text_list,
    "tags": F.tags,
    "private": F.boolean,
    "ignore": F.text_list,
}
_CONTACT: dict[str, F.Reader] = {
    "company": F.link,
    "role": F.text,
    "field": F.text,
    "email": F.text,
    "phone": F.text,
    "linkedin": F.text,
    "website": F.text,
    "referred_by": F.link,
    "met_via": F.text,
    "status": F.enum(*CONTACT_STATUSES),
    "outreach": lambda v, r, line: v,  # read entry by entry below
    "landed_notice": F.date,
}
_COMPANY: dict[str, F.Reader] = {"website": F.text, "industry": F.text}
_INTERVIEW: dict[str, F.Reader] = {
    "contact": F.link,
    "date": F.datetime_or_date,
    "medium": F.enum(*MEDIUMS),
    "status": F.enum(*INTERVIEW_STATUSES),
    "changed_by": F.enum(*CHANGED_BY),
    "questions": F.text_list,
    "research": lambda v, r, line: v,  # text, list or bool: read below
    "referrals": F.link_list,
    "referrals_asked": F.boolean,
    "may_use_name": F.boolean,
    "thank_you_sent": F.date,
    "referrer_thanked": F.date,
    "resume_sent": F.date,
    "resume_feedback": F.date,
}
SCHEMAS = {"contact": _CONTACT, "company": _COMPANY, "interview": _INTERVIEW, "note": {}}
#: Each schema with the common keys, merged once rather than for every note.
_FULL = {id(schema): {**_COMMON, **schema} for schema in SCHEMAS.values()}
_VIA = F.enum(*VIAS)
_DIRECTION = F.enum(*DIRECTIONS)
_LINK_KEYS = {"company", "referred_by", "contact", "referrals"}
#: Shared by every note that ignores no rule (an empty frozenset per note is 200 bytes).
_NOTHING_IGNORED: frozenset[str] = frozenset()


@dataclass
class RawNote:
    """A file read and split, before it becomes a typed note."""

    path: str
    type: str
    data: dict[str, Any]
    lines: dict[tuple, int]
    raw: dict[tuple, str]
    body: str
    body_line: int
    broken: bool  # the frontmatter could not be read at all


def _finding(path: str, line: int, severity: str, rule: str, message: str, hint: str = "") -> Finding:
    return Finding(path, line, severity, rule, message, hint)


def read_note(root: str | os.PathLike[str], file: str | os.PathLike[str], findings: list[Finding]) -> RawNote | None:
    """Read one file; problems are appended to ``findings``."""
    rel = _relative(root, file)
    try:
        with open(file, "rb") as fh:
            raw_bytes = fh.read()
    except OSError as exc:
        findings.append(_finding(rel, 1, "error", "unreadable-file", f"cannot read the file: {exc.strerror}", "check the file's permissions"))
        return None
    text, problems = read_text(raw_bytes)
    for p in problems:
        findings.append(_finding(rel, p.line, p.severity, p.rule, p.message, p.hint))
    if text is None:
        return None
    parts = split_note(text)
    for p in parts.problems:
        findings.append(_finding(rel, p.line, p.severity, p.rule, p.message, p.hint))
    broken = bool(parts.problems)
    data: dict[str, Any] = {}
    lines: dict[tuple, int] = {}
    raws: dict[tuple, str] = {}
    if parts.has_frontmatter:
        res = parse_yaml(parts.frontmatter, parts.fm_first_line)
        for p in res.problems:
            findings.append(_finding(rel, p.line, p.severity, p.rule, p.message, p.hint))
            if p.severity == "error":
                broken = True
        lines, raws = res.lines, res.raw
        if res.data is None:
            pass
        elif isinstance(res.data, dict) and res.plain:
            data = res.data  # the plain reader's keys are always text
        elif isinstance(res.data, dict):
            data = {str(k) if not isinstance(k, str) else k: v for k, v in res.data.items()}
            for k in res.data:
                if not isinstance(k, str):
                    findings.append(
                        _finding(rel, lines.get((str(k),), 2), "warning", "invalid-field", f"the key {k!r} is not text", "write keys as plain words, e.g. `role:`")
                    )
        else:
            broken = True
            kind = "a list" if isinstance(res.data, list) else "a single value"
            findings.append(
                _finding(
                    rel,
                    parts.fm_first_line,
                    "error",
                    "invalid-frontmatter",
                    f"the frontmatter is {kind}, not a mapping of keys to values",
                    "write one `key: value` per line between the --- lines",
                )
            )
    parts_dir = rel.split("/")
    note_type = FOLDERS.get(parts_dir[0], "note") if len(parts_dir) > 1 else "note"
    declared = data.get("type")
    if isinstance(declared, str) and declared.strip().lower() in NOTE_TYPES:
        note_type = declared.strip().lower()
    elif declared is not None:
        findings.append(
            _finding(rel, lines.get(("type",), 2), "error", "invalid-field", f"type {declared!r} is not one of: {', '.join(NOTE_TYPES)}", f"use one of: {', '.join(NOTE_TYPES)}")
        )
    return RawNote(rel, note_type, data, lines, raws, parts.body, parts.body_line, broken)


def _relative(root: str | os.PathLike[str], file: str | os.PathLike[str]) -> str:
    """``file``'s POSIX path relative to ``root`` (string work: ``relative_to`` is slow per note)."""
    base, text = os.fspath(root), os.fspath(file)
    prefix = base + os.sep
    if text.startswith(prefix) and base != ".":
        return text[len(prefix) :].replace(os.sep, "/")
    return Path(text).relative_to(base).as_posix()


def _walk(root: str | os.PathLike[str], others: list[str] | None = None) -> list[str]:
    """The vault's notes (paths under ``root``); the vault-relative paths of its other files go into ``others``."""
    out: list[str] = []
    join = os.path.join
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in IGNORED_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if name.lower().endswith(".md"):
                out.append(join(dirpath, name))
            elif others is not None and name != CONFIG_NAME:
                others.append(_relative(root, join(dirpath, name)))
    return out


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.+?)\s*$")


def body_section(body: str, title: str) -> tuple[list[str], list[str]] | None:
    """The list items and the other non-empty lines under a ``## Title`` heading."""
    return body_sections(body, (title,)).get(title)


def body_sections(body: str, titles: tuple[str, ...]) -> dict[str, tuple[list[str], list[str]]]:
    """:func:`body_section` for several titles in one pass; titles without a heading are left out.

    Each title's section is its first heading's, up to the next heading of
    the same or a higher level; sections may nest.
    """
    if "#" not in body:
        return {}
    wanted = {fold(t): t for t in titles}
    if all(" " not in key for key in wanted):
        folded = body.casefold()
        if not any(key in folded for key in wanted):
            return {}  # no heading can fold to a one-word title the body does not contain
    found: dict[str, tuple[list[str], list[str]]] = {}
    open_: dict[str, int] = {}  # title -> level, for the sections being read
    for line in body.splitlines():
        m = _HEADING.match(line) if line[:1] == "#" else None
        if m:
            level = len(m.group(1))
            for title, at in list(open_.items()):
                if level <= at:
                    del open_[title]
            title = wanted.get(fold(m.group(2)))
            if title is not None and title not in found:
                open_[title] = level
                found[title] = ([], [])
            continue
        if not open_:
            continue
        item = _ITEM.match(line)
        for title in open_:
            if item:
                found[title][0].append(item.group(1))
            elif line.strip() and not line.strip().startswith("%%"):
                found[title][1].append(line.strip())
    return found


class _Builder:
    """Turns raw notes into typed notes, collecting findings on the way."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings

    def add(self, raw: RawNote, key: tuple | str, severity: str, rule: str, message: str, hint: str = "") -> None:
        keypath = (key,) if isinstance(key, str) else key
        line = 1
        path = keypath
        while path:
            if path in raw.lines:
                line = raw.lines[path]
                break
            path = path[:-1]
        else:
            line = raw.body_line - 1 if raw.data else 1
            line = max(line, 1)
        self.findings.append(_finding(raw.path, line, severity, rule, message, hint))

    def read_fields(self, raw: RawNote, schema: dict[str, F.Reader]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        full = _FULL.get(id(schema)) or {**_COMMON, **schema}
        raws, lines = raw.raw, raw.lines
        for key, value in raw.data.items():
            reader = full.get(key)
            if reader is None:
                continue
            if reader is F.text and value.__class__ is str:
                values[key] = value  # what F.text gives back, for most fields of most notes
                continue
            try:
                got = reader(value, raws.get((key,)), lines.get((key,), 1))
            except F.Invalid as exc:
                self.add(raw, key, "error", "invalid-field", f"{key}: {exc.message}", exc.hint)
                continue
            if key in _LINK_KEYS:
                got, unquoted = got
                if unquoted:
                    self.add(
                        raw,
                        key,
                        "warning",
                        "unquoted-link",
                        f"{key}: the link is not in quotes, so YAML reads it as a nested list",
                        f'write it in quotes: {key}: "[[...]]"',
                    )
            values[key] = got
        return values

    def common(self, raw: RawNote, values: dict[str, Any]) -> dict[str, Any]:
        stem = raw.path.rsplit("/", 1)[-1][:-3]
        name = (values.get("name") or "").strip() or stem
        known = _FULL[id(SCHEMAS[raw.type])]
        extra = {k: v for k, v in raw.data.items() if k not in known}
        return dict(
            path=raw.path,
            type=raw.type,
            stem=stem,
            name=name,
            data=raw.data,
            lines=raw.lines,
            extra=extra,
            body=raw.body,
            body_line=raw.body_line,
            links=tuple(find_links(_strip_comments(raw.body), raw.body_line)),
            tags=values.get("tags", ()),
            private=bool(values.get("private")),
            ignore=frozenset(values["ignore"]) if values.get("ignore") else _NOTHING_IGNORED,
            aliases=tuple(a for a in values.get("aliases", ()) if a.strip()),
        )

    def contact(self, raw: RawNote) -> Contact:
        v = self.read_fields(raw, _CONTACT)
        outreach = self.outreach(raw, raw.data.get("outreach"))
        status = v.get("status")
        return Contact(
            **self.common(raw, v),
            company=v.get("company"),
            role=v.get("role"),
            field=v.get("field"),
            email=v.get("email"),
            phone=v.get("phone"),
            linkedin=v.get("linkedin"),
            website=v.get("website"),
            referred_by=v.get("referred_by"),
            met_via=v.get("met_via"),
            status=status or "prospect",
            status_derived=status is None,
            outreach=outreach,
            landed_notice=v.get("landed_notice"),
        )

    def outreach(self, raw: RawNote, value: Any) -> tuple[Outreach, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(raw, "outreach", "error", "invalid-field", "outreach: expected a list of entries", "write one `- {date: 2026-11-20, via: email}` per line")
            return ()
        out: list[Outreach] = []
        for i, entry in enumerate(value):
            key = ("outreach", i)
            line = raw.lines.get(key, raw.lines.get(("outreach",), 1))
            if isinstance(entry, (dt.date, str)) and not isinstance(entry, bool):
                entry = {"date": entry}
            if not isinstance(entry, dict):
                self.add(raw, key, "error", "invalid-field", f"outreach entry {i + 1}: expected a mapping with a date", "write e.g. `- {date: 2026-11-20, via: email, note: asked for a call}`")
                continue
            when, via, direction = entry.get("date"), entry.get("via"), entry.get("direction")
            answered, note = entry.get("answered"), entry.get("note")
            if (
                when.__class__ is dt.date
                and (via is None or via in VIAS)
                and (direction is None or direction in DIRECTIONS)
                and (answered is None or answered.__class__ is dt.date)
                and (note is None or note.__class__ is str)
            ):
                # Already what the readers below would make of it (most entries).
                out.append(Outreach(when, via or "other", direction or "out", note or "", answered, line, i))
                continue
            try:
                when = F.date(entry.get("date"), raw.raw.get(key + ("date",)), line)
                if when is None:
                    raise F.Invalid("outreach entry has no date", "add `date: YYYY-MM-DD` to the entry")
                via = _VIA(entry.get("via"), None, line) or "other"
                direction = _DIRECTION(entry.get("direction"), None, line) or "out"
                answered = F.date(entry.get("answered"), raw.raw.get(key + ("answered",)), line)
                note = F.text(entry.get("note"), raw.raw.get(key + ("note",)), line) or ""
            except F.Invalid as exc:
                self.add(raw, key, "error", "invalid-field", f"outreach entry {i + 1}: {exc.message}", exc.hint)
                continue
            out.append(Outreach(when, via, direction, note, answered, line, i))
        return tuple(out)

    def company(self, raw: RawNote) -> Company:
        v = self.read_fields(raw, _COMPANY)
        return Company(**self.common(raw, v), website=v.get("website"), industry=v.get("industry"))

    def interview(self, raw: RawNote) -> Interview:
        v = self.read_fields(raw, _INTERVIEW)
        for key in ("contact", "date"):
            if v.get(key) is None and not raw.broken and not (key in raw.data and raw.data[key] is not None):
                self.add(raw, key, "error", "invalid-field", f"an interview needs `{key}:`", 'add e.g. `contact: "[[Jane Doe]]"` and `date: 2026-11-25`')
        when = v.get("date")
        start = when if isinstance(when, dt.datetime) else None
        day = when.date() if isinstance(when, dt.datetime) else when
        questions = list(v.get("questions", ()))
        sections = body_sections(raw.body, ("Questions", "Research"))
        if "Questions" in sections:
            questions.extend(sections["Questions"][0])
        research = self.research(raw, raw.data.get("research"))
        if "Research" in sections:
            research.extend(sections["Research"][0] + sections["Research"][1])
        return Interview(
            **self.common(raw, v),
            contact=v.get("contact"),
            date=day,
            start=start,
            medium=v.get("medium"),
            status=v.get("status") or "scheduled",
            changed_by=v.get("changed_by"),
            questions=tuple(q for q in questions if q.strip()),
            research=tuple(r for r in research if r.strip()),
            referrals=v.get("referrals", ()),
            referrals_asked=bool(v.get("referrals_asked")),
            may_use_name=v.get("may_use_name"),
            thank_you_sent=v.get("thank_you_sent"),
            referrer_thanked=v.get("referrer_thanked"),
            resume_sent=v.get("resume_sent"),
            resume_feedback=v.get("resume_feedback"),
        )

    def research(self, raw: RawNote, value: Any) -> list[str]:
        if value is None or value is False:
            return []
        if value is True:
            return ["(research done)"]
        try:
            return list(F.text_list(value, raw.raw.get(("research",)), 1))
        except F.Invalid as exc:
            self.add(raw, "research", "error", "invalid-field", f"research: {exc.message}", exc.hint)
            return []

    def note(self, raw: RawNote) -> Note:
        return Note(**self.common(raw, self.read_fields(raw, {})))

    def build(self, raw: RawNote) -> Note:
        """The typed note for a raw one, by its type."""
        if raw.type == "contact":
            return self.contact(raw)
        if raw.type == "interview":
            return self.interview(raw)
        if raw.type == "company":
            return self.company(raw)
        return self.note(raw)


_COMMENT = re.compile(r"%%.*?%%", re.S)


def _strip_comments(body: str) -> str:
    """Obsidian comments ``%% ... %%`` removed, newlines kept so lines still count."""
    if "%%" not in body:
        return body
    return _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body)


#: Objects allocated by a load above which it ends with one full collection.
_BIG_LOAD = 200_000

#: A cache for :func:`load_vault`: vault-relative path -> ((mtime_ns, size), typed note, the file's own
#: findings, the note's copies with a derived status by status).
ParseCache = dict[str, tuple[tuple[int, int], "Note | None", list[Finding], dict[str, "Contact"]]]


def load_vault(path: str | os.PathLike[str], *, cache: ParseCache | None = None) -> Vault:
    """Load every note under ``path``; never raises on bad notes.

    Returns a :class:`~infoview.model.Vault` whose ``findings`` hold every
    problem found in the data, each with file, line and how to fix it.

    ``cache`` (a dict the caller keeps between loads, e.g. ``mkdocs serve``
    rebuilds) lets an unchanged file (same path, mtime and size) skip reading
    and parsing; entries for files that are gone are dropped.
    """
    # Loading allocates millions of small, long-lived, acyclic objects; the
    # cyclic collector would scan them over and over (a fifth of the load
    # time on a large vault) and could free nothing. It runs again after.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(path), cache)
    finally:
        if collecting:
            gc.enable()
            # After a big load, one full pass moves the new objects to the
            # oldest generation at once; left alone, the collector would scan
            # them again in each younger generation first (seconds, later).
            if gc.get_count()[0] > _BIG_LOAD:
                gc.collect()


def _load(root: Path, cache: ParseCache | None) -> Vault:
    findings: list[Finding] = []
    config, config_findings = load_config(root)
    findings.extend(config_findings)
    if not root.is_dir():
        findings.append(_finding(".", 1, "error", "no-vault", f"{root} is not a folder", "pass the folder holding contacts/, companies/ and interviews/"))
        return Vault(root, config, [], findings)
    notes: list[Note] = []
    files: list[str] = []
    if cache is None:
        builder = _Builder(findings)
        for file in _walk(root, files):
            raw = read_note(root, file, findings)
            if raw is not None:
                notes.append(builder.build(raw))
    else:
        seen: set[str] = set()
        for file in _walk(root, files):
            note = _read_cached(root, file, findings, cache, seen)
            if note is not None:
                notes.append(note)
        seen.add(_LINKS)
        for gone in set(cache) - seen:
            del cache[gone]
    first = Vault(root, config, notes, (), files=files)
    findings.extend(check_links(first, cache))
    findings.extend(check_duplicates(first))
    findings.extend(check_dates(first))
    return first._with_notes(_derive_statuses(first, cache), findings)


def _read_cached(root: Path, file: str, findings: list[Finding], cache: ParseCache, seen: set[str]) -> Note | None:
    """The typed note for ``file``, read and built again only if the file changed since it was cached.

    An unchanged file gives back the very same :class:`Note` object, so what
    is derived from notes can be reused across loads by identity.
    """
    rel = _relative(root, file)
    seen.add(rel)
    try:
        st = os.stat(file)
        key: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    hit = cache.get(rel)
    if key is not None and hit is not None and hit[0] == key:
        findings.extend(hit[2])
        return hit[1]
    own: list[Finding] = []
    raw = read_note(root, file, own)
    note = _Builder(own).build(raw) if raw is not None else None
    findings.extend(own)
    if key is not None:
        cache[rel] = (key, note, own, {})
    return note


def _derive_statuses(vault: Vault, cache: ParseCache | None = None) -> list[Note]:
    """Fill in each contact's status from its interviews and outreach, unless written.

    With a cache, a contact whose status comes out as last time gets back the
    same object as last time.
    """
    out: list[Note] = []
    for note in vault.notes:
        if isinstance(note, Contact) and note.status_derived:
            statuses = {iv.status for iv in vault.interviews_of(note)}
            if "done" in statuses:
                status = "met"
            elif statuses & {"scheduled", "requested", "rescheduled"}:
                status = "scheduled"
            elif note.outreach or statuses:
                status = "contacted"
            else:
                status = "prospect"
            if status != note.status:
                entry = cache.get(note.path) if cache is not None else None
                derived = entry[3] if entry is not None and entry[1] is note else {}
                note = derived.get(status) or derived.setdefault(status, note.with_status(status))
        out.append(note)
    return out


def prospect_names(vault: Vault) -> dict[str, Link]:
    """Names given in referrals that have no note yet, by folded name."""
    names: dict[str, Link] = {}
    for iv in vault.interviews:
        for link in iv.referrals:
            if not vault.candidates(link):
                names.setdefault(link.key, link)
    return names


#: What :func:`check_links` found last time, kept in a parse cache under this key (not a path): the vault it
#: checked, the names given in referrals with no note, and each note's findings.
_LINKS = "\0links"


def check_links(vault: Vault, kept: Any = None) -> list[Finding]:
    """broken-link and ambiguous-link findings for frontmatter and body links.

    A body link or embed such as ``![[cv.pdf]]`` naming one of the vault's
    other files (``vault.files``) is not broken.

    ``kept`` (a dict a caller keeps between loads, ``mkdocs serve``'s parse
    cache): the last check's findings for a note that is the very same object
    are reused while no note came, went, or changed its names or type, the
    vault's other files are the same and so are the names given in referrals
    with no note; only the changed notes are checked again.
    """
    last = kept.get(_LINKS) if kept is not None else None
    changed: frozenset[str] | None = None
    prospects: dict[str, Link] | None = None
    if last is not None and last[0].files == vault.files:
        changed = changed_paths(last[0], vault)
        if names_changed(last[0], vault, changed):
            changed = None
        else:
            vault._adopt_lookups(last[0])
            touches_referrals = any(
                isinstance(n, Interview) for p in changed for n in (last[0].get(p), vault.get(p)) if n is not None
            )
            prospects = prospect_names(vault) if touches_referrals else last[1]
            if prospects.keys() != last[1].keys():
                changed = None
    if prospects is None:
        prospects = prospect_names(vault)
    files = {fold(path.rsplit("/", 1)[-1]) for path in vault.files}
    by_note: dict[str, list[Finding]] = {}
    out: list[Finding] = []
    for note in vault.notes:
        if changed is not None and note.path not in changed and note.path in last[2]:  # type: ignore[index]
            found = last[2][note.path]  # type: ignore[index]
        else:
            found = _link_findings(vault, note, prospects, files)
        if found:
            by_note[note.path] = found
            out.extend(found)
    if kept is not None:
        kept[_LINKS] = (vault, prospects, by_note)
    return out


def _link_findings(vault: Vault, note: Note, prospects: dict[str, Link], files: set[str]) -> list[Finding]:
    """One note's broken-link and ambiguous-link findings (see :func:`check_links`)."""
    out: list[Finding] = []

    def check(note: Note, link: Link | None, key: str, want: str | None, severity: str = "error", allow_prospect: bool = False) -> None:
        if link is None or not link.wiki:
            return
        found = vault.candidates(link)
        if want is not None and len(found) > 1:
            typed = [n for n in found if n.type == want]
            found = typed or found
        where = link.line or note.line_of(key)
        if not found:
            if allow_prospect or link.key in prospects:
                return
            if key == "body" and fold(link.target) in files:
                return
            out.append(
                _finding(
                    note.path,
                    where,
                    severity,
                    "broken-link",
                    f"{key}: [[{link.target}]] matches no note",
                    f"fix the spelling, or create the note (`infoview new {want or 'contact'} \"{link.target}\"`)",
                )
            )
        elif len(found) > 1:
            paths = ", ".join(n.path for n in found)
            out.append(
                _finding(
                    note.path,
                    where,
                    "error",
                    "ambiguous-link",
                    f"{key}: [[{link.target}]] matches {len(found)} notes: {paths}",
                    "link by file name instead, e.g. [[" + found[0].stem + "]]",
                )
            )
        elif want is not None and found[0].type != want and key != "body":
            out.append(
                _finding(
                    note.path,
                    where,
                    "error",
                    "broken-link",
                    f"{key}: [[{link.target}]] is a {found[0].type}, not a {want}",
                    f"link to a {want} note here",
                )
            )

    if isinstance(note, Contact):
        check(note, note.company, "company", "company")
        check(note, note.referred_by, "referred_by", "contact")
    elif isinstance(note, Interview):
        check(note, note.contact, "contact", "contact")
        for link in note.referrals:
            check(note, link, "referrals", "contact", allow_prospect=True)
    for link in note.links:
        check(note, link, "body", None, severity="warning")
    return out


def check_duplicates(vault: Vault) -> list[Finding]:
    """Two contacts sharing a name, alias or email."""
    out: list[Finding] = []
    seen: dict[str, Contact] = {}
    for contact in vault.contacts:
        keys = {("name", fold(n)) for n in (contact.name, *contact.aliases)}
        if contact.email:
            keys.add(("email", contact.email.strip().lower()))
        reported = False
        for kind, key in sorted(keys):
            other = seen.get(kind + ":" + key)
            if other is not None and other is not contact and not reported:
                reported = True
                what = "email" if kind == "email" else "name"
                out.append(
                    _finding(
                        contact.path,
                        contact.line_of("email" if kind == "email" else "name"),
                        "warning",
                        "duplicate-contact",
                        f"this contact shares the {what} {key!r} with {other.path}",
                        "merge the two notes, or tell them apart with a different name",
                    )
                )
            seen.setdefault(kind + ":" + key, contact)
    return out


def check_dates(vault: Vault) -> list[Finding]:
    """Follow-ups dated before the meeting they follow, and the like."""
    out: list[Finding] = []
    for iv in vault.interviews:
        if iv.date is None:
            continue
        for key in ("thank_you_sent", "referrer_thanked", "resume_feedback"):
            value = getattr(iv, key)
            if value is not None and value < iv.date:
                out.append(
                    _finding(
                        iv.path,
                        iv.line_of(key),
                        "error",
                        "inconsistent-dates",
                        f"{key} ({value}) is before the meeting ({iv.date})",
                        "correct one of the two dates",
                    )
                )
        if iv.resume_sent and iv.resume_feedback and iv.resume_feedback < iv.resume_sent:
            out.append(
                _finding(
                    iv.path,
                    iv.line_of("resume_feedback"),
                    "error",
                    "inconsistent-dates",
                    f"resume_feedback ({iv.resume_feedback}) is before resume_sent ({iv.resume_sent})",
                    "correct one of the two dates",
                )
            )
        if iv.status in ("requested", "scheduled", "cancelled") and iv.thank_you_sent is not None:
            out.append(
                _finding(
                    iv.path,
                    iv.line_of("thank_you_sent"),
                    "warning",
                    "inconsistent-dates",
                    f"a thank-you is logged but the meeting is {iv.status}",
                    "set `status: done` if the meeting took place",
                )
            )
    for contact in vault.contacts:
        for entry in contact.outreach:
            if entry.answered is not None and entry.answered < entry.date:
                out.append(
                    _finding(
                        contact.path,
                        entry.line,
                        "error",
                        "inconsistent-dates",
                        f"outreach entry {entry.index + 1} is answered ({entry.answered}) before it was received ({entry.date})",
                        "correct one of the two dates",
                    )
                )
    return out


def future_done(vault: Vault, today: dt.date) -> list[Finding]:
    """``done`` meetings dated after today: needs today, so the rules call it."""
    return [
        _finding(
            iv.path,
            iv.line_of("date"),
            "error",
            "inconsistent-dates",
            f"the meeting is marked done but is dated {iv.date}, after today ({today})",
            "fix the date, or set the status back to scheduled",
        )
        for iv in vault.interviews
        if iv.status == "done" and iv.date is not None and iv.date > today
    ]

