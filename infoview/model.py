"""The typed model: contacts, companies, interviews, and the Vault holding them.

Models are frozen dataclasses built by :mod:`infoview.load`; nothing here reads
files. Every note keeps the frontmatter it was read from (``data``) and the
keys infoview does not know (``extra``), so nothing the user wrote is dropped.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .finding import Finding
from .links import Link, fold, slugify

if TYPE_CHECKING:
    from .config import Config

__all__ = [
    "Note",
    "Contact",
    "Company",
    "Interview",
    "Outreach",
    "Vault",
    "CONTACT_STATUSES",
    "INTERVIEW_STATUSES",
    "MEDIUMS",
    "VIAS",
    "DIRECTIONS",
]

CONTACT_STATUSES = ("prospect", "contacted", "scheduled", "met", "dormant")
INTERVIEW_STATUSES = ("requested", "scheduled", "done", "cancelled", "rescheduled")
MEDIUMS = ("in-person", "phone", "video")
VIAS = ("letter", "email", "phone", "linkedin", "in-person", "other")
DIRECTIONS = ("out", "in")
CHANGED_BY = ("me", "them")


@dataclass(frozen=True, kw_only=True)
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
    private: bool = False
    ignore: frozenset[str] = frozenset()
    aliases: tuple[str, ...] = ()

    def line_of(self, *key: str | int) -> int:
        """The line of a key (or the nearest enclosing key); 1 when absent."""
        path = tuple(key)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    @property
    def names(self) -> tuple[str, ...]:
        """Everything a link may use to reach this note."""
        return (self.stem, self.name, *self.aliases)


class Outreach(NamedTuple):
    """One letter, email, call or message, to or from a contact (a named tuple, like :class:`Link`)."""

    date: dt.date
    via: str = "other"
    direction: str = "out"
    note: str = ""
    answered: dt.date | None = None
    line: int = 1
    index: int = 0


@dataclass(frozen=True, kw_only=True)
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

    def with_status(self, status: str) -> Contact:
        """This contact with another status: what ``dataclasses.replace`` gives, without
        running ``__init__`` over every field again (the loader does it for most contacts)."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy.__dict__["status"] = status
        return copy


@dataclass(frozen=True, kw_only=True)
class Company(Note):
    website: str | None = None
    industry: str | None = None


@dataclass(frozen=True, kw_only=True)
class Interview(Note):
    contact: Link | None = None
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
    referrer_thanked: dt.date | None = None
    resume_sent: dt.date | None = None
    resume_feedback: dt.date | None = None

    @property
    def prepared(self) -> bool:
        return bool(self.questions) and bool(self.research)


_UNRESOLVED = object()


def _path_of(note: Note) -> str:
    return note.path


class Vault:
    """Every note in a vault, the findings from reading it, and lookups."""

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
        self.notes: tuple[Note, ...] = tuple(sorted(notes, key=_path_of))
        self.findings: list[Finding] = sorted(findings, key=Finding.sort_key)
        self._by_path = {n.path: n for n in self.notes}
        # The name index and the lookups hold paths, not notes, so a copy of
        # the vault whose notes differ only in derived fields can share them.
        self._by_name: dict[str, list[str]] = defaultdict(list)
        for note in self.notes:
            seen: set[str] = set()
            for name in note.names:
                key = fold(name)
                if key and key not in seen:
                    seen.add(key)
                    self._by_name[key].append(note.path)
        # A link written as a title reaches a note saved under its slug:
        # [[Acme Talent]] -> companies/acme-talent.md, as `infoview new` names files.
        self._by_slug: dict[str, list[str]] | None = None  # built on the first miss by name
        self._interviews_of: dict[str, list[str]] | None = None
        # Rules and checks ask for the same few thousand link targets over and
        # over; the notes never change, so each target is looked up once.
        self._candidates: dict[str, tuple[str, ...]] = {}
        self._resolved: dict[tuple[str, str | None], str | None] = {}
        self._typed: dict[type, tuple[Note, ...]] = {}

    def _with_notes(self, notes: Iterable[Note], findings: Iterable[Finding]) -> Vault:
        """This vault with its notes swapped for copies at the same paths with the same
        names and links (a derived status, say), sharing the lookups already made."""
        copy = object.__new__(Vault)
        copy.__dict__.update(self.__dict__)
        copy.notes = tuple(sorted(notes, key=_path_of))
        assert [n.path for n in copy.notes] == [n.path for n in self.notes], "a copy keeps every path"
        copy.findings = sorted(findings, key=Finding.sort_key)
        copy._by_path = {n.path: n for n in copy.notes}
        copy._typed = {}
        return copy

    def _adopt_lookups(self, other: Vault) -> None:
        """Take over the name lookups ``other`` made; only for a vault with the same paths and, path by path,
        the same names and types (see :func:`infoview.lineage.names_changed`): the answers are paths."""
        self._candidates = dict(other._candidates)
        self._resolved = dict(other._resolved)
        if other._by_slug is not None:
            self._by_slug = other._by_slug  # built once, only read after

    # -- typed accessors ------------------------------------------------
    def _of_type(self, kind: type) -> tuple[Any, ...]:
        found = self._typed.get(kind)
        if found is None:
            found = self._typed[kind] = tuple(n for n in self.notes if isinstance(n, kind))
        return found

    @property
    def contacts(self) -> list[Contact]:
        return list(self._of_type(Contact))

    @property
    def companies(self) -> list[Company]:
        return list(self._of_type(Company))

    @property
    def interviews(self) -> list[Interview]:
        return list(self._of_type(Interview))

    def __len__(self) -> int:
        return len(self.notes)

    def __iter__(self):
        return iter(self.notes)

    # -- lookups ----------------------------------------------------------
    def get(self, path: str) -> Note | None:
        """The note at a vault-relative POSIX path."""
        return self._by_path.get(path)

    def candidates(self, target: str | Link) -> list[Note]:
        """Every note a name, alias, stem or link could mean."""
        if isinstance(target, Link):
            target = target.target
        found = self._candidates.get(target)
        if found is None:
            found = self._candidates[target] = tuple(self._lookup(target))
        by_path = self._by_path
        return [by_path[p] for p in found]

    def _lookup(self, target: str) -> list[str]:
        found = self._by_name.get(fold(target))
        if found:
            return found
        if self._by_slug is None:
            self._by_slug = defaultdict(list)
            for note in self.notes:
                self._by_slug[slugify(note.stem)].append(note.path)
        return self._by_slug.get(slugify(target), [])

    def resolve(self, target: str | Link | None, type: str | None = None) -> Note | None:
        """The one note a link means, or ``None`` (absent or ambiguous).

        With ``type``, notes of other types are not considered, so a contact
        and a company may share a name.
        """
        if target is None:
            return None
        name = target.target if isinstance(target, Link) else target
        path = self._resolved.get((name, type), _UNRESOLVED)
        if path is _UNRESOLVED:
            found = self.candidates(name)
            if type is not None:
                found = [n for n in found if n.type == type]
            path = self._resolved[(name, type)] = found[0].path if len(found) == 1 else None
        return None if path is None else self._by_path[path]

    def lookup(self, name: str) -> Note | None:
        return self.resolve(name)

    def contact(self, target: str | Link | None) -> Contact | None:
        note = self.resolve(target, "contact")
        return note if isinstance(note, Contact) else None

    def company(self, target: str | Link | None) -> Company | None:
        note = self.resolve(target, "company")
        return note if isinstance(note, Company) else None

    def interviews_of(self, contact: Contact) -> list[Interview]:
        """A contact's interviews, oldest first."""
        if self._interviews_of is None:
            index: dict[str, list[Interview]] = defaultdict(list)
            for iv in self._of_type(Interview):
                who = self.contact(iv.contact)
                if who is not None:
                    index[who.path].append(iv)
            for ivs in index.values():
                ivs.sort(key=lambda iv: (iv.date or dt.date.min, iv.path))
            self._interviews_of = {path: [iv.path for iv in ivs] for path, ivs in index.items()}
        by_path = self._by_path
        return [by_path[p] for p in self._interviews_of.get(contact.path, ())]  # type: ignore[misc]

    def referrer(self, contact: Contact) -> Contact | None:
        """The contact who referred this one, when the link resolves."""
        return self.contact(contact.referred_by)

    def by_type(self, type: str) -> list[Note]:
        return [n for n in self.notes if n.type == type]
