"""The typed model: contacts, companies, interviews, and the Vault holding them.

Models are frozen dataclasses built by :mod:`infoview.load`; nothing here reads
files. Every note keeps the frontmatter it was read from (``data``) and the
keys infoview does not know (``extra``), so nothing the user wrote is dropped.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .finding import Finding
from .links import Link, fold, slugify

if TYPE_CHECKING:
    from .config import Config

__all__ = [
    "CONTACT_STATUSES",
    "DIRECTIONS",
    "INTERVIEW_STATUSES",
    "MEDIUMS",
    "VIAS",
    "Company",
    "Contact",
    "Interview",
    "Note",
    "Outreach",
    "Vault",
]

CONTACT_STATUSES = ("prospect", "contacted", "scheduled", "met", "dormant")
INTERVIEW_STATUSES = ("requested", "scheduled", "done", "cancelled", "rescheduled")
MEDIUMS = ("in-person", "phone", "video")
VIAS = ("letter", "email", "phone", "linkedin", "in-person", "other")
DIRECTIONS = ("out", "in")
CHANGED_BY = ("me", "them")


@dataclass(frozen=True, kw_only=True, slots=True)
class Note:
    """A Markdown note in the vault."""

    path: str  #: POSIX path relative to the vault root
    type: str  #: contact | company | interview | note
    stem: str
    name: str
    data: Mapping[str, Any] = field(default_factory=dict, repr=False)
    lines: Mapping[tuple, int] = field(default_factory=dict, repr=False)
    extra: Mapping[str, Any] = field(default_factory=dict, repr=False)
    body: str = field(default="", repr=False)
    body_line: int = 1
    links: tuple[Link, ...] = field(default=(), repr=False)  #: links in the body
    tags: tuple[str, ...] = ()
    #: ``private: true`` was written, or the frontmatter could not be read (see ``unreadable``).
    private: bool = False
    #: The frontmatter could not be read: the note is private until it is fixed (publish less, not more).
    unreadable: bool = False
    ignore: frozenset[str] = frozenset()
    aliases: tuple[str, ...] = ()
    #: Dataview inline fields in the body: (key, value, line).
    inline: tuple[tuple[str, str, int], ...] = field(default=(), repr=False)

    def line_of(self, *key: str | int) -> int:
        """The line of a key (or the nearest enclosing key); 1 when absent."""
        path = tuple(key)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines[path] if path else 1

    @property
    def names(self) -> tuple[str, ...]:
        """Everything a link may use to reach this note."""
        return (self.stem, self.name, *self.aliases)


class Outreach(NamedTuple):
    """One letter, email, call or message, to or from a contact."""

    date: dt.date
    via: str = "other"
    direction: str = "out"
    note: str = ""
    answered: dt.date | None = None
    line: int = 1
    index: int = 0


@dataclass(frozen=True, kw_only=True, slots=True)
class Contact(Note):
    company: Link | None = None
    role: str | None = None
    field: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    website: str | None = None
    referred_by: Link | None = None
    met_via: str | None = None
    #: The status written in the note, else derived from interviews/outreach.
    status: str = "prospect"
    status_derived: bool = True
    outreach: tuple[Outreach, ...] = ()
    landed_notice: dt.date | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Company(Note):
    website: str | None = None
    industry: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Interview(Note):
    #: Everyone met: ``contact:`` (one link or several) and ``people:``; a group meeting names several.
    contacts: tuple[Link, ...] = ()
    date: dt.date | None = None
    #: Set when the note gives a time of day as well as the date.
    start: dt.datetime | None = None
    medium: str | None = None
    status: str = "scheduled"
    changed_by: str | None = None
    questions: tuple[str, ...] = ()
    research: tuple[str, ...] = ()
    referrals: tuple[Link, ...] = ()
    referrals_asked: bool = False
    may_use_name: bool | None = None
    thank_you_sent: dt.date | None = None
    #: In a group meeting, thank-yous logged one person at a time: the person's folded name -> date.
    thanked: Mapping[str, dt.date] = field(default_factory=dict)
    referrer_thanked: dt.date | None = None
    resume_sent: dt.date | None = None
    resume_feedback: dt.date | None = None

    @property
    def contact(self) -> Link | None:
        """The person met (the first, in a group meeting)."""
        return self.contacts[0] if self.contacts else None

    @property
    def prepared(self) -> bool:
        return bool(self.questions) and bool(self.research)


def _when(iv: Interview) -> tuple:
    return (iv.date or dt.date.min, iv.path)


class Vault:
    """Every note in a vault, the findings from reading it, and lookups built once (a vault never changes)."""

    def __init__(
        self,
        root: Path,
        config: Config,
        notes: Iterable[Note],
        findings: Iterable[Finding],
        *,
        files: Iterable[str] = (),
    ) -> None:
        self.root = Path(root)
        self.config = config
        #: Vault-relative POSIX paths of the files that are not notes (images, PDFs...).
        self.files: tuple[str, ...] = tuple(files)
        self.notes: tuple[Note, ...] = tuple(sorted(notes, key=attrgetter("path")))
        self.findings: list[Finding] = sorted(findings, key=Finding.sort_key)
        self._by_path = {n.path: n for n in self.notes}
        self._by_name: dict[str, list[Note]] = defaultdict(list)
        self._by_slug: dict[str, list[Note]] = defaultdict(list)
        for note in self.notes:
            for key in dict.fromkeys(fold(name) for name in note.names):
                if key:
                    self._by_name[key].append(note)
            # A link written as a title reaches a note saved under its slug:
            # [[Acme Talent]] -> companies/acme-talent.md, as `infoview new` names files.
            self._by_slug[slugify(note.stem)].append(note)
        self.companies: list[Company] = [n for n in self.notes if isinstance(n, Company)]
        self.interviews: list[Interview] = [n for n in self.notes if isinstance(n, Interview)]
        self._interviews_of: dict[str, list[Interview]] = defaultdict(list)
        for iv in self.interviews:
            for path in dict.fromkeys(c.path for link in iv.contacts if (c := self.contact(link)) is not None):
                self._interviews_of[path].append(iv)
        for ivs in self._interviews_of.values():
            ivs.sort(key=_when)
        derived = {n.path: n for n in map(self._derived, self.notes) if n is not self._by_path[n.path]}
        if derived:  # the same notes, some contacts with their status worked out: swapped in every index
            self.notes = tuple(derived.get(n.path, n) for n in self.notes)
            self._by_path.update(derived)
            for index in (self._by_name, self._by_slug):
                for key, found in index.items():
                    index[key] = [derived.get(n.path, n) for n in found]
        self.contacts: list[Contact] = [n for n in self.notes if isinstance(n, Contact)]
        # Meetings naming someone private, where a name could mean a private note: their page, file name and
        # graph edges would name them.
        self._naming_private = frozenset(
            iv.path
            for iv in self.interviews
            if any(n.private for link in iv.contacts for n in self.candidates(link) if isinstance(n, Contact))
        )
        self._referred: dict[str, list[Contact]] = defaultdict(list)
        for c in self.contacts:
            referrer = self.contact(c.referred_by)
            if referrer is not None:
                self._referred[referrer.path].append(c)

    def _derived(self, note: Note) -> Note:
        """A contact whose status is not written gets it from its meetings and outreach."""
        if not isinstance(note, Contact) or not note.status_derived:
            return note
        statuses = {iv.status for iv in self._interviews_of.get(note.path, ())}
        if "done" in statuses:
            status = "met"
        elif statuses & {"scheduled", "requested", "rescheduled"}:
            status = "scheduled"
        else:
            status = "contacted" if note.outreach or statuses else "prospect"
        return note if status == note.status else replace(note, status=status)

    # -- lookups ----------------------------------------------------------
    def get(self, path: str) -> Note | None:
        """The note at a vault-relative POSIX path."""
        return self._by_path.get(path)

    def candidates(self, target: str | Link) -> list[Note]:
        """Every note a name, alias, stem or link could mean.

        A link with a folder (``[[People/Jane Doe]]``) means the note at that
        path when there is one, as in Obsidian; otherwise names decide.
        """
        if isinstance(target, Link):
            if target.folder:
                want = f"{target.folder}/{target.target}".casefold()
                exact = [n for n in self._by_name.get(fold(target.target), []) if n.path[:-3].casefold().endswith(want)]
                if exact:
                    return exact
            target = target.target
        return list(self._by_name.get(fold(target)) or self._by_slug.get(slugify(target), []))

    def resolve(self, target: str | Link | None, type: str | None = None) -> Note | None:
        """The one note a link means, or ``None`` (absent or ambiguous).

        With ``type``, notes of other types are not considered, so a contact
        and a company may share a name.
        """
        if target is None:
            return None
        found = self.candidates(target)
        if type is not None:
            found = [n for n in found if n.type == type]
        return found[0] if len(found) == 1 else None

    def contact(self, target: str | Link | None) -> Contact | None:
        note = self.resolve(target, "contact")
        return note if isinstance(note, Contact) else None

    def company(self, target: str | Link | None) -> Company | None:
        note = self.resolve(target, "company")
        return note if isinstance(note, Company) else None

    def people(self, iv: Interview) -> list[Contact]:
        """Everyone a meeting names who has a note, in the order written."""
        return list({c.path: c for link in iv.contacts if (c := self.contact(link)) is not None}.values())

    def public(self, note: Note) -> bool:
        """Whether the site may show a note: not private, nor a meeting naming someone private."""
        return not note.private and note.path not in self._naming_private

    def interviews_of(self, contact: Contact) -> list[Interview]:
        """A contact's interviews (group meetings too), oldest first."""
        return list(self._interviews_of.get(contact.path, ()))

    def referrer(self, contact: Contact) -> Contact | None:
        """The contact who referred this one, when the link resolves."""
        return self.contact(contact.referred_by)

    def referred(self, contact: Contact) -> list[Contact]:
        """The contacts whose ``referred_by`` names this one."""
        return list(self._referred.get(contact.path, ()))
