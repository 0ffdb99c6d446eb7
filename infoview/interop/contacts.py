"""What the importers share: the imported person, matching, writing, the report.

An importer turns a file into a :class:`Batch`; :func:`import_people` writes a
note for each person not already in the vault (same LinkedIn profile, an email
in common, or the same name unless both have differing LinkedIn profiles: two
people may share a name). Existing notes are never touched, so importing the
same file twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from ..links import fold, slugify
from ..model import Contact, Vault

__all__ = [
    "Batch",
    "ImportReport",
    "InteropError",
    "Person",
    "decode_text",
    "import_people",
    "linkedin_key",
    "name_from_email",
    "name_key",
    "one_line",
    "web_url",
]


class InteropError(ValueError):
    """The whole file cannot be read (not text, no header...): a usage problem."""


@dataclass(frozen=True)
class Person:
    """One person read from an import file, before it becomes a note."""

    name: str
    line: int = 0  #: where the record starts in the input file (1-based)
    company: str | None = None
    role: str | None = None
    field: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    linkedin: str | None = None
    urls: tuple[str, ...] = ()  #: other web addresses; the first becomes `website`
    tags: tuple[str, ...] = ()
    note: str = ""  #: free text, written as the note's body
    referred_by: str | None = None  #: a name
    met_via: str | None = None
    connected_on: dt.date | None = None
    family_name: str | None = None  #: only when it is not simply the name's last word
    private: bool = False  #: kept private in the vault (an infoview vCard export says so)


@dataclass
class Batch:
    """What a reader made of a file: the people, and every row it did not take."""

    people: list[Person] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  #: (line, why): nothing to import
    bad: list[tuple[int, str]] = field(default_factory=list)  #: (line, why): could not be read
    warnings: list[tuple[int, str]] = field(default_factory=list)  #: imported, with a caveat
    left_out: list[tuple[int, str]] = field(default_factory=list)  #: not kept on purpose (an unsafe URL); with -v


@dataclass(kw_only=True)
class ImportReport(Batch):
    """What an import did (or, with ``dry_run``, would do), after what the reader made of the file."""

    source: str
    dry_run: bool = False
    created: list[tuple[str, str]] = field(default_factory=list)  #: (note path, name)
    existing: list[tuple[str, str, str]] = field(default_factory=list)  #: (name, note path, why)

    def lines(self, verbose: bool = False) -> list[str]:
        """The report as lines of text, the summary last."""
        verb = "would create" if self.dry_run else "created"
        out = [f"{verb} {path} ({name})" for path, name in self.created]
        if verbose:
            out += [f"already in the vault: {name} -> {path} ({why})" for name, path, why in self.existing]
            out += [f"line {line}: skipped: {why}" for line, why in self.skipped]
            out += [f"line {line}: left out: {what}" for line, what in self.left_out]
        out += [f"line {line}: warning: {why}" for line, why in self.warnings]
        out += [f"line {line}: bad record: {why}" for line, why in self.bad]
        return [*out, self.summary()]

    def summary(self) -> str:
        new, bad = len(self.created), len(self.bad)
        dry = " (dry run: nothing written)" if self.dry_run else ""
        where = " (line " + ", ".join(str(line) for line, _ in self.bad) + ")" if self.bad else ""
        return (
            f"{self.source}: {new} new contact{'s' if new != 1 else ''}{dry}, "
            f"{len(self.existing)} already in the vault, {len(self.skipped)} skipped, "
            f"{bad} bad record{'s' if bad != 1 else ''}{where}"
        )


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decode an export file (UTF-8, UTF-16 with a BOM, else UTF-8 with some lines in Windows-1252).

    Returns (text, warning or None)."""
    # UTF-16 text always holds NUL bytes (a line break is one): without any,
    # bytes that look like its BOM are stray bytes in front of a text file.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in data:
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            raise InteropError("the file starts like UTF-16 text but is not") from None
    if b"\x00" in data[:8192]:
        raise InteropError("this is a binary file, not a text export")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    # A line that is not UTF-8 is read as Windows-1252 (what a spreadsheet re-saving the file on Windows
    # produces); the other lines stay UTF-8, so one stray byte does not garble every accented name.
    data = data.removeprefix(b"\xef\xbb\xbf")
    out: list[str] = []
    guessed: list[int] = []
    # bytes.splitlines breaks only at \n, \r and \r\n, as the readers do.
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
            guessed.append(number)
    count = f"{len(guessed)} lines" if len(guessed) > 1 else "1 line"
    return "".join(out), f"the file is not all UTF-8 (first at line {guessed[0]}); read {count} as Windows-1252"


def one_line(text: str) -> str:
    """A value for one frontmatter line: control characters dropped, white space squeezed."""
    return " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in text).split())


_WEB = re.compile(r"https?://", re.IGNORECASE)
#: An address written without a scheme: a host name (with a dot), a port, a path.
_BARE_HOST = re.compile(r"([a-z0-9\-]+\.)+[a-z0-9\-]+(:\d+)?([/?#].*)?", re.IGNORECASE | re.DOTALL)


def web_url(text: str) -> str | None:
    """``text`` when it literally starts with ``http://`` or ``https://`` (``www.example.com`` gets ``https://``), else
    None: ``javascript:``, ``data:``, ``vbscript:`` are refused however disguised (``java\\tscript:``, ``&colon;``)."""
    url = text.strip()
    if not url or any(unicodedata.category(c) == "Cc" for c in url):
        return None
    scheme = _WEB.match(url)
    if scheme is not None:
        host = url[scheme.end() : scheme.end() + 1]
        return url if host and not host.isspace() and host not in "/\\" else None
    return "https://" + url if _BARE_HOST.fullmatch(url) else None


def name_from_email(email: str) -> str:
    """``jane.doe@example.com`` -> ``Jane Doe``; anything else (``jdoe77@``, ``info@``) is named by the
    address itself, which says plainly that nobody typed a name."""
    local = email.split("@", 1)[0].split("+", 1)[0]
    words = re.split(r"[._-]+", local)
    if len(words) > 1 and all(w.isalpha() for w in words):
        return " ".join(w[:1].upper() + w[1:] for w in words)
    return email


def name_key(name: str) -> str:
    """Names compared without case, accents, or punctuation: ``José Núñez`` ~ ``jose-nunez``."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    # A name made only of characters that are not letters to Python (symbols...) is still a name: as written.
    return fold(re.sub(r"[\W_]+", " ", plain)) or fold(name)


def _email_key(email: str) -> str:
    text = email.strip()
    return (text[7:] if text.lower().startswith("mailto:") else text).casefold()


def linkedin_key(url: str) -> str | None:
    """A LinkedIn profile address reduced to ``linkedin.com/in/<slug>`` (the same for ``https://www.linkedin.com/in/x``
    and ``uk.linkedin.com/in/X/?trk=...``); None for other sites."""
    text = url.strip() if "://" in url else "https://" + url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        return None
    path = unquote(parts.path).rstrip("/").casefold()
    return "linkedin.com" + path if path else None


class _Matcher:
    """Finds the contact a person already is, in the vault or earlier in the same file."""

    def __init__(self, contacts: Iterable[Contact] = ()) -> None:
        self._by_linkedin: dict[str, str] = {}
        self._by_email: dict[str, str] = {}
        self._by_name: dict[str, list[tuple[str, str | None]]] = {}
        for c in contacts:
            others = c.data.get("other_emails")
            others = others if isinstance(others, list) else [others]
            emails = [c.email or "", *(e for e in others if isinstance(e, str))]
            self.add(c.path, [c.name, c.stem, *c.aliases], emails, c.linkedin)

    def add(self, path: str, names: Iterable[str], emails: Iterable[str], linkedin: str | None) -> None:
        lk = linkedin_key(linkedin) if linkedin else None
        if lk:
            self._by_linkedin.setdefault(lk, path)
        for e in emails:
            if e.strip():
                self._by_email.setdefault(_email_key(e), path)
        for n in {name_key(n) for n in names if n.strip()}:
            if n:
                self._by_name.setdefault(n, []).append((path, lk))

    def find(self, person: Person) -> tuple[str, str] | None:
        """(note path, why) of the contact this person already is, else None."""
        lk = linkedin_key(person.linkedin) if person.linkedin else None
        if lk and lk in self._by_linkedin:
            return self._by_linkedin[lk], "same LinkedIn profile"
        for e in person.emails:
            if path := self._by_email.get(_email_key(e)):
                return path, f"same email {e.strip()}"
        for path, other in self._by_name.get(name_key(person.name), []):
            if not (lk and other and other != lk):
                return path, "same name"
        return None


def _link_to(path: str, name: str, taken: dict[str, int]) -> str:
    """A quoted-ready wiki link to the note at ``path``, by name when that is unambiguous."""
    stem = path.rsplit("/", 1)[-1][:-3]
    if any(c in name for c in "[]|#^"):
        return f"[[{stem}]]"  # these would end the link or point into the note
    return f"[[{name}]]" if taken.get(fold(name), 0) <= 1 else f"[[{stem}|{name}]]"


def _fields(person: Person, vault: Vault, referrer: str | None) -> dict:
    """The new note's frontmatter, in this order, without empty values."""
    company = vault.company(person.company) if person.company else None
    fields = {
        "company": f"[[{company.name}]]" if company is not None else person.company,
        "role": person.role,
        "field": person.field,
        "email": person.emails[0] if person.emails else None,
        "phone": person.phones[0] if person.phones else None,
        "linkedin": person.linkedin,
        "website": person.urls[0] if person.urls else None,
        "referred_by": referrer,
        "met_via": person.met_via,
        "connected_on": person.connected_on,
        "tags": list(person.tags),
        "other_emails": list(person.emails[1:]),
        "other_phones": list(person.phones[1:]),
        "other_urls": list(person.urls[1:]),
        "family_name": person.family_name,
        "private": person.private,
    }
    return {"name": person.name} | {key: value for key, value in fields.items() if value}


def _body(person: Person) -> str:
    # Always the heading first, so no text from the file (a NOTE starting ``---``) can be taken for frontmatter.
    note = person.note.strip("\r\n")
    return f"# {person.name}\n\n{note}\n" if note.strip() else f"# {person.name}\n"


def _plan_path(folder: Path, name: str, planned: set[Path]) -> Path:
    """A free file name for a new note, also free of names planned earlier in this run."""
    stem = slugify(name)
    path, n = folder / f"{stem}.md", 2
    while path in planned or path.exists() or path.is_symlink():
        path, n = folder / f"{stem}-{n}.md", n + 1
    return path


def import_people(vault: Vault, batch: Batch, *, source: str, dry_run: bool = False) -> ImportReport:
    """Write a contact note for every person in ``batch`` not already in ``vault`` (once each; never over a file).
    With ``dry_run`` writes nothing and reports what it would write."""
    from ..edit import render_note, write_new

    report = ImportReport(source=source, dry_run=dry_run, **{key: list(value) for key, value in vars(batch).items()})
    matcher = _Matcher(vault.contacts)
    folder = vault.root / vault.config.folder_for("contact")
    planned: set[Path] = set()
    new: dict[str, tuple[Person, Path]] = {}  # by note path
    # First decide who is new and where each goes, so a referral can point at someone later in the file.
    for person in batch.people:
        if (found := matcher.find(person)) is not None:
            path, why = found
            if vault.root / path in planned:
                why = f"repeated in this file ({why})"
            report.existing.append((person.name, path, why))
            continue
        try:
            path = _plan_path(folder, person.name, planned)
        except OSError as exc:
            report.bad.append((person.line, f"{person.name}: cannot look into {folder.name}/: {exc.strerror or exc}"))
            continue
        planned.add(path)
        rel = path.relative_to(vault.root).as_posix()
        matcher.add(rel, [person.name], person.emails, person.linkedin)
        new[rel] = (person, path)

    names = Counter(n for c in vault.contacts for n in {fold(x) for x in c.names})
    names.update(fold(person.name) for person, _ in new.values())

    def referrer_link(name: str | None) -> str | None:
        if not name or not name.strip():
            return None
        hit = matcher.find(Person(name=name.strip()))
        if hit is None:
            return name.strip()  # plain text: nobody by that name yet, and no broken link
        shown = existing.name if (existing := vault.get(hit[0])) is not None else new[hit[0]][0].name
        return _link_to(hit[0], shown, names)

    for rel, (person, path) in new.items():
        try:
            text = render_note(_fields(person, vault, referrer_link(person.referred_by)), _body(person))
        except (ValueError, yaml.YAMLError) as exc:
            # One person whose values cannot be written must not stop the others.
            report.bad.append((person.line, f"{person.name}: cannot write the note: {exc}"))
            continue
        if not dry_run:
            try:
                try:
                    write_new(path, text)
                except FileExistsError:
                    # Someone created the file between planning and writing: take the next free name.
                    path = _plan_path(folder, person.name, planned | {path})
                    write_new(path, text)
                    rel = path.relative_to(vault.root).as_posix()
            except OSError as exc:
                report.bad.append((person.line, f"{person.name}: cannot write {rel}: {exc.strerror or exc}"))
                continue
        report.created.append((rel, person.name))
    report.bad.sort(key=lambda item: item[0])  # a write failure goes among the unreadable records, by line
    return report
