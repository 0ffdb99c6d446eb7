"""Load a vault: walk it, read every note once, build the typed model, then check the data.

``load_vault(path)`` is the one front door: it never raises on bad notes. Each problem becomes a finding naming
the file and line, and every other note still loads. The data checks of the catalogue that need no day
(:mod:`infoview.rules.data`) run here, so ``vault.findings`` is everything wrong with the data itself.

Only regular files inside the vault are read, up to :data:`MAX_NOTE_BYTES`: a symlink leading out of it, a FIFO
or a device is skipped with a finding. Obsidian's own settings say which folders hold templates and which files
the user excluded (:mod:`infoview.obsidian`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import body as B
from . import fields as F
from .config import CONFIG_NAME, Config, load_config
from .finding import Finding
from .links import find_links, parse_link
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
from .obsidian import Ignored, ignored_paths
from .parse import parse_frontmatter, read_text, split_note
from .rules.data import check_data

__all__ = ["IGNORED_DIRS", "MAX_NOTE_BYTES", "NOTE_TYPES", "ParseCache", "load_vault", "read_note"]
NOTE_TYPES = ("contact", "company", "interview")
#: Folders never read (compared case-insensitively): templates hold placeholders, the rest is tooling.
IGNORED_DIRS = {
    "templates",
    "_templates",
    ".obsidian",
    ".git",
    ".trash",
    ".github",
    "node_modules",
    "site",
    "__pycache__",
}
#: A note is read up to this size: no real note comes close, and a 50 MB paste must not stall a build.
MAX_NOTE_BYTES = 2 * 1024 * 1024

#: ``type:`` is not among them: it is read only when its value is ours (see ``read_note``), and kept as the user's own.
_COMMON: dict[str, F.Reader] = {
    "name": F.text,
    "aliases": F.text_list,
    "tags": F.tags,
    "private": F.flag,
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
    "outreach": lambda v, r, line: v,  # read entry by entry
    "landed_notice": F.date,
}
_COMPANY: dict[str, F.Reader] = {"website": F.text, "industry": F.text}
_INTERVIEW: dict[str, F.Reader] = {
    "contact": F.link_list,
    "people": F.link_list,
    "date": F.datetime_or_date,
    "medium": F.enum(*MEDIUMS),
    "status": F.enum(*INTERVIEW_STATUSES),
    "changed_by": F.enum(*CHANGED_BY),
    "questions": F.text_list,
    "research": lambda v, r, line: v,  # text, list or bool
    "referrals": F.link_list,
    "referrals_asked": F.boolean,
    "may_use_name": F.boolean,
    "thank_you_sent": F.date,
    "referrer_thanked": F.date,
    "resume_sent": F.date,
    "resume_feedback": F.date,
}
SCHEMAS: dict[str, dict[str, F.Reader]] = {
    "contact": {**_COMMON, **_CONTACT},
    "company": {**_COMMON, **_COMPANY},
    "interview": {**_COMMON, **_INTERVIEW},
    "note": dict(_COMMON),
}
#: The fields a typed note takes just as read; the builder makes the others.
_BUILT = {"status", "outreach", "contact", "people", "date", "questions", "research", "referrals", "referrals_asked"}
_PLAIN = {kind: tuple(k for k in schema if k not in _COMMON and k not in _BUILT) for kind, schema in SCHEMAS.items()}
_LINK_KEYS = {"company", "referred_by", "contact", "people", "referrals"}
_VIA, _DIRECTION = F.enum(*VIAS), F.enum(*DIRECTIONS)


def _finding(path: str, line: int, severity: str, rule: str, message: str, hint: str = "") -> Finding:
    return Finding(path, max(int(line), 1), severity, rule, message, hint)


@dataclass
class RawNote:
    """A file read and split, its keys mapped to infoview's, before it becomes a typed note."""

    path: str
    type: str
    data: dict[str, Any]  #: the frontmatter as written
    values: dict[str, Any]  #: infoview's key -> the value written under the user's key (or an inline field)
    lines: dict[tuple, int]  #: key paths of infoview's keys, and of the keys as written
    raw: dict[tuple, str]
    body: str
    body_line: int
    broken: bool  #: the frontmatter could not be read at all
    inline: tuple[tuple[str, str, int], ...] = ()
    mapped: frozenset[str] = frozenset()  #: the keys as written that infoview reads (the rest is ``extra``)


# -- walking ------------------------------------------------------------------------


def _walk(root: str, ignored: Ignored, findings: list[Finding], others: list[str]) -> list[tuple[str, str]]:
    """``(file to open, vault-relative path)`` of every note, sorted; other files' paths go to ``others``.

    Symlinks are followed only to regular files inside the vault; folders reached through a symlink are not walked.
    A FIFO, a device or a link out of the vault is reported and never opened. Only a symlink costs a system call.
    """
    real_root = os.path.realpath(root)
    out: list[tuple[str, str]] = []

    def walk(folder: str, rel_dir: str) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            name, rel = entry.name, rel_dir + entry.name
            if entry.is_dir():  # follows a symlink, as os.walk does
                if name.startswith(".") or name.casefold() in IGNORED_DIRS or ignored.folder(rel):
                    continue
                if not entry.is_symlink():
                    walk(entry.path, rel + "/")
                    continue
                problem = "a folder reached through a symlink is not read"
                hint = "move the notes into the vault instead of linking them"
            elif name.startswith(".") or (name == CONFIG_NAME and not rel_dir) or ignored.file(rel):
                continue
            elif (why := None if entry.is_file(follow_symlinks=False) else _unsafe(entry.path, real_root)) is None:
                (out.append((entry.path, rel)) if name.lower().endswith(".md") else others.append(rel))
                continue
            elif why == "not a regular file" and not name.lower().endswith(".md"):
                continue  # a socket or a FIFO among the attachments: nothing to read, nothing to say
            else:
                problem, hint = f"not read: {why}", "keep only regular files inside the vault"
            findings.append(_finding(rel, 1, "warning", "skipped-file", problem, hint))

    walk(root, "")
    return out


def _unsafe(path: str, real_root: str) -> str | None:
    """Why a file must not be read (a link out of the vault, a FIFO, a device), or None."""
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            target = os.path.realpath(path)
            if os.path.commonpath([target, real_root]) != real_root:
                return "a symlink leading outside the vault"
            mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return "a broken symlink"
    return None if stat.S_ISREG(mode) else "not a regular file"


# -- reading --------------------------------------------------------------------------


def read_note(file: str, rel: str, config: Config, findings: list[Finding]) -> RawNote | None:
    """Read one file (``rel``: its path in the vault) and map its keys; problems are appended to ``findings``."""

    def report(line: int, severity: str, rule: str, message: str, hint: str) -> None:
        findings.append(_finding(rel, line, severity, rule, message, hint))

    try:  # plain system calls, sized to the file: no buffer object, and no buffer of the cap, for every note
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            want, raw_bytes = min(os.fstat(fd).st_size, MAX_NOTE_BYTES) + 1, b""  # a byte past the cap tells more
            while len(raw_bytes) < want and (chunk := os.read(fd, want - len(raw_bytes))):
                raw_bytes += chunk
        finally:
            os.close(fd)
    except OSError as exc:
        report(1, "error", "unreadable-file", f"cannot read the file: {exc.strerror}", "check the file's permissions")
        return None
    if len(raw_bytes) > MAX_NOTE_BYTES:
        cut = raw_bytes.rfind(b"\n", 0, MAX_NOTE_BYTES)
        raw_bytes = raw_bytes[: cut + 1 if cut > 0 else MAX_NOTE_BYTES]
        mb = MAX_NOTE_BYTES // 1024 // 1024
        message = f"the note is over {mb} MB; only its first {mb} MB are read"
        hint = "move long material into attachments or split the note"
        report(raw_bytes.count(b"\n") or 1, "warning", "truncated-note", message, hint)
    text, problems = read_text(raw_bytes)
    if text is None:
        findings.extend(_finding(rel, p.line, p.severity, p.rule, p.message, p.hint) for p in problems)
        return None
    parts, res = split_note(text), None
    problems += parts.problems
    broken = bool(parts.problems)
    if parts.has_frontmatter:
        res = parse_frontmatter(parts)
        problems += res.problems
        broken = broken or any(p.severity == "error" for p in res.problems)
    data: dict[str, Any] = {}
    lines: dict[tuple, int] = res.lines if res else {}
    if res is not None and isinstance(res.data, dict):
        for k, v in res.data.items():
            if not isinstance(k, str):
                hint = "write keys as plain words, e.g. `role:`"
                report(lines.get((str(k),), 2), "warning", "invalid-field", f"the key {k!r} is not text", hint)
            data[str(k)] = v
    elif res is not None and res.data is not None:
        broken = True
        kind = "a list" if isinstance(res.data, list) else "a single value"
        message = f"the frontmatter is {kind}, not a mapping of keys to values"
        hint = "write one `key: value` per line between the --- lines"
        report(parts.fm_first_line, "error", "invalid-frontmatter", message, hint)
    for p in problems:  # an unreadable frontmatter keeps the note private, and its error says so
        closed = broken and p.severity == "error"
        message = p.message + ("; the note is kept private until this is fixed" if closed else "")
        report(p.line, p.severity, p.rule, message, p.hint)
    body = B.strip_comments(parts.body)
    inline = tuple(B.inline_fields(body, parts.body_line))
    note_type = _folder_type(rel, config)
    declared = next((v for k, v in data.items() if config.key_of(k) == "type"), None)
    if isinstance(declared, str) and declared.strip().casefold() in NOTE_TYPES:
        note_type = declared.strip().casefold()  # other values are the user's own
    raw = RawNote(rel, note_type, data, {}, lines, res.raw if res else {}, parts.body, parts.body_line, broken, inline)
    _map_keys(raw, config, findings)
    if res is not None and any(config.key_of(k) == "private" for k in res.repeated):
        raw.values["private"] = True  # YAML kept the last of two `private:` lines; either may be the true one
    return raw


def _folder_type(rel: str, config: Config) -> str:
    """The note type its folder gives (the deepest folder listed in ``folders:`` wins), else ``note``."""
    folder = rel.rsplit("/", 1)[0].casefold() if "/" in rel else ""
    best, found = -1, "note"
    for kind, folders in config.folders.items():
        for f in (f.casefold() for f in folders):
            if (folder == f or folder.startswith(f + "/")) and len(f) > best:
                best, found = len(f), kind
    return found


def _map_keys(raw: RawNote, config: Config, findings: list[Finding]) -> None:
    """infoview's keys into ``raw.values``, matched case-insensitively and through ``fields:``; inline fields fill gaps.

    Lines and source texts recorded under the key as written are copied to infoview's key.
    """
    rel, schema, lines, values = raw.path, SCHEMAS[raw.type], raw.lines, raw.values
    keyed: dict[tuple, int] = {}
    written: dict[str, str] = {}
    for key, value in raw.data.items():
        target, mapped = config.key_of(key), config.fields.get(key.casefold())
        if target not in schema:
            if mapped is not None:
                message = f"fields: {key} maps to {mapped!r}, which infoview does not read"
                hint = f"map it to one of: {', '.join(sorted(schema))}"
                findings.append(_finding(rel, lines.get((key,), 1), "error", "config-error", message, hint))
            elif len(key) > 3 and (close := difflib.get_close_matches(key.casefold(), list(schema), n=1, cutoff=0.85)):
                message = f"the key {key!r} is not one infoview reads; did you mean {close[0]!r}?"
                hint = f"rename it, or map it in infoview.yml: `fields: {{{key}: {close[0]}}}`"
                findings.append(_finding(rel, lines.get((key,), 1), "info", "misspelled-key", message, hint))
            continue
        if target in written and written[target] != key:
            message = f"{key!r} and {written[target]!r} both give {target}; the last one wins"
            hint = "delete one of the two"
            findings.append(_finding(rel, lines.get((key,), 1), "warning", "duplicate-key", message, hint))
            if target == "private" and values[target] is not False:
                value = True  # fail closed: a note that says private twice, one way or another, is private
        written[target] = key
        values[target] = value
        if target != key:
            for path, line in lines.items():
                if path[:1] == (key,):
                    keyed[(target, *path[1:])] = line
            for path, text in list(raw.raw.items()):
                if path[:1] == (key,):
                    raw.raw[(target, *path[1:])] = text
    for key, value, line in raw.inline:
        target = config.key_of(key)
        if target in schema and target not in values and target != "type":
            values[target] = value
            keyed[(target,)] = line
    lines.update(keyed)
    raw.mapped = frozenset(written.values())


# -- building typed notes ----------------------------------------------------------------


class _Builder:
    """Turns raw notes into typed notes, collecting findings on the way."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings

    def add(
        self,
        raw: RawNote,
        key: tuple | str,
        message: str,
        hint: str,
        severity: str = "error",
        rule: str = "invalid-field",
    ) -> None:
        path = (key,) if isinstance(key, str) else key
        while path and path not in raw.lines:
            path = path[:-1]
        line = raw.lines[path] if path else (raw.body_line - 1 if raw.data else 1)
        self.findings.append(_finding(raw.path, line, severity, rule, message, hint))

    def read(self, raw: RawNote) -> dict[str, Any]:
        out: dict[str, Any] = {}
        schema = SCHEMAS[raw.type]
        for key, value in raw.values.items():
            try:
                got = schema[key](value, raw.raw.get(path := (key,)), raw.lines.get(path, 1))
            except F.Invalid as exc:
                self.add(raw, key, f"{key}: {exc.message}", exc.hint)
                if key == "private":
                    out[key] = True  # fail closed: a note that may be private is
                continue
            if key in _LINK_KEYS:
                got, unquoted = got
                if unquoted:
                    message = f"{key}: the link is not in quotes, so YAML reads it as a nested list"
                    self.add(raw, key, message, f'write it in quotes: {key}: "[[...]]"', "warning", "unquoted-link")
            out[key] = got
        return out

    def build(self, raw: RawNote) -> Note:
        """The typed note for a raw one, by its type."""
        thanked = self.thanked(raw) if raw.type == "interview" else {}
        v = self.read(raw)
        stem = raw.path.rsplit("/", 1)[-1][:-3]
        body = B.strip_comments(raw.body)
        fields = {
            "path": raw.path,
            "type": raw.type,
            "stem": stem,
            "name": (v.get("name") or "").strip() or stem,
            "data": raw.data,
            "lines": raw.lines,
            "extra": {k: val for k, val in raw.data.items() if k not in raw.mapped},
            "body": raw.body,
            "body_line": raw.body_line,
            "links": tuple(find_links(body, raw.body_line)),
            "tags": tuple(dict.fromkeys((*v.get("tags", ()), *B.find_tags(body)))),
            "private": bool(v.get("private")) or raw.broken,
            "unreadable": raw.broken,
            "ignore": frozenset(v.get("ignore", ())),
            "aliases": tuple(a for a in v.get("aliases", ()) if a.strip()),
            "inline": raw.inline,
        }
        fields.update((key, v.get(key)) for key in _PLAIN[raw.type])
        if raw.type == "contact":
            status = v.get("status")
            outreach = self.outreach(raw, raw.values.get("outreach"))
            return Contact(**fields, status=status or "prospect", status_derived=status is None, outreach=outreach)
        if raw.type == "interview":
            return self.interview(raw, v, fields, thanked)
        return Company(**fields) if raw.type == "company" else Note(**fields)

    def outreach(self, raw: RawNote, value: Any) -> tuple[Outreach, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            hint = "write one `- {date: 2026-11-20, via: email}` per line"
            self.add(raw, "outreach", "outreach: expected a list of entries", hint)
            return ()
        out: list[Outreach] = []
        for i, entry in enumerate(value):
            key = ("outreach", i)
            line = raw.lines.get(key, raw.lines.get(("outreach",), 1))
            if isinstance(entry, (dt.date, str)) and not isinstance(entry, bool):
                entry = {"date": entry}
            if not isinstance(entry, dict):
                hint = "write e.g. `- {date: 2026-11-20, via: email, note: asked for a call}`"
                self.add(raw, key, f"outreach entry {i + 1}: expected a mapping with a date", hint)
                continue
            try:
                when = F.date(entry.get("date"), None, line)
                if when is None:
                    raise F.Invalid("outreach entry has no date", "add `date: YYYY-MM-DD` to the entry")
                via = _VIA(entry.get("via"), None, line) or "other"
                direction = _DIRECTION(entry.get("direction"), None, line) or "out"
                answered = F.date(entry.get("answered"), None, line)
                note = F.text(entry.get("note"), raw.raw.get((*key, "note")), line) or ""
            except F.Invalid as exc:
                self.add(raw, key, f"outreach entry {i + 1}: {exc.message}", exc.hint)
                continue
            out.append(Outreach(when, via, direction, note, answered, line, i))
        return tuple(out)

    def interview(self, raw: RawNote, v: dict[str, Any], fields: dict[str, Any], thanked: dict) -> Interview:
        people = (*v.get("contact", ()), *v.get("people", ()))
        for key, have in (("contact", people), ("date", v.get("date"))):
            written = raw.values.get(key) is not None or (key == "contact" and raw.values.get("people") is not None)
            if not have and not raw.broken and not written:
                hint = 'add e.g. `contact: "[[Jane Doe]]"` and `date: 2026-11-25`'
                self.add(raw, key, f"an interview needs `{key}:`", hint)
        when = v.get("date")
        timed = isinstance(when, dt.datetime)
        found = B.sections(raw.body, ("Questions", "Research"))
        questions = [*v.get("questions", ()), *found.get("Questions", ([], []))[0]]
        research = self.research(raw, raw.values.get("research"))
        if "Research" in found:
            research += found["Research"][0] + found["Research"][1]
        return Interview(
            **fields,
            contacts=tuple({link.key: link for link in people}.values()),
            date=when.date() if timed else when,
            start=when.replace(tzinfo=None) if timed else None,
            status=v.get("status") or "scheduled",
            questions=tuple(q for q in questions if q.strip()),
            research=tuple(r for r in research if r.strip()),
            referrals=v.get("referrals", ()),
            referrals_asked=bool(v.get("referrals_asked")),
            thanked=thanked,
        )

    def thanked(self, raw: RawNote) -> dict[str, dt.date]:
        """``thank_you_sent: {"[[Ann Lee]]": 2026-11-21, ...}``: a group meeting's thank-yous, one person at a
        time (taken out of the values, so the plain reader sees no date)."""
        value = raw.values.get("thank_you_sent")
        if not isinstance(value, dict):
            return {}
        del raw.values["thank_you_sent"]
        out: dict[str, dt.date] = {}
        for person, when in value.items():
            link = parse_link(str(person))
            try:
                day = F.date(when, None, 1)
            except F.Invalid as exc:
                self.add(raw, ("thank_you_sent", str(person)), f"thank_you_sent: {person}: {exc.message}", exc.hint)
                continue
            if link is not None and day is not None:
                out[link.key] = day
        return out

    def research(self, raw: RawNote, value: Any) -> list[str]:
        if value is None or value is False:
            return []
        if value is True:
            return ["(research done)"]
        try:
            return list(F.text_list(value, raw.raw.get(("research",)), 1))
        except F.Invalid as exc:
            self.add(raw, "research", f"research: {exc.message}", exc.hint)
            return []


# -- the vault ------------------------------------------------------------------------------

#: ``mkdocs serve``'s cache between loads: vault-relative path -> ((mtime_ns, size), typed note, the file's own
#: findings); the key ``""`` holds the settings the notes were read with (a change empties the cache).
ParseCache = dict[str, Any]


def load_vault(path: str | os.PathLike[str], *, cache: ParseCache | None = None) -> Vault:
    """Load every note under ``path`` and check the data into ``vault.findings``; never raises on bad notes.

    ``cache`` (a dict the caller keeps between loads: ``mkdocs serve``) lets
    an unchanged file (same path, mtime and size) skip reading and parsing.
    """
    root = Path(path)
    config, findings = load_config(root)
    if not root.is_dir():
        hint = "pass the folder holding contacts/, companies/ and interviews/"
        findings.append(_finding(".", 1, "error", "no-vault", f"{root} is not a folder", hint))
        return Vault(root, config, [], findings)
    if cache is not None:
        settings = (config.folders, config.fields)
        if cache.get("") != settings:
            cache.clear()
            cache[""] = settings
    files: list[str] = []
    notes: list[Note] = []
    seen: set[str] = {""}
    for file, rel in _walk(os.fspath(root), ignored_paths(root), findings, files):
        seen.add(rel)
        key = _stamp(file) if cache is not None else None
        if cache is not None and key is not None and (hit := cache.get(rel)) is not None and hit[0] == key:
            note, own = hit[1], hit[2]
        else:
            own = []
            raw = read_note(file, rel, config, own)
            note = _Builder(own).build(raw) if raw is not None else None
            if cache is not None and key is not None:
                cache[rel] = (key, note, own)
        findings.extend(own)
        if note is not None:
            notes.append(note)
    if cache is not None:
        for gone in set(cache) - seen:
            del cache[gone]
    vault = Vault(root, config, notes, (), files=files)
    findings.extend(check_data(vault))
    vault.findings = sorted(dict.fromkeys(findings), key=Finding.sort_key)  # each finding once
    return vault


def _stamp(file: str) -> tuple[int, int] | None:
    try:
        st = os.stat(file)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)
