"""What the site may show, worked out once per build: the published notes and everything derived from them.

A note is published unless it is private (``private: true``, or a
frontmatter that cannot be read: privacy fails closed); a meeting is kept
back too when anyone it names is private (its page would name them). Fields
the config hides (contact details by name, at any depth, and
``site.private_fields``) never reach a page. Findings and follow-ups about
unpublished notes are left out, and the names of unpublished notes are taken
out of the rules' messages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from functools import cached_property
from typing import Any

from ..finding import Finding
from ..graph import build_graph, referral_parents, to_node_link
from ..links import Link, claim, fold, slugify
from ..model import Company, Contact, Interview, Note, Vault
from ..rules import Task, rule_settings, run_rules, tasks
from ..stats import campaign_stats
from .attachments import Attachments
from .urls import RESERVED, page_url, relative_url

__all__ = ["Published", "section_of"]

#: note type -> site section (folder of its pages)
SECTIONS = {"contact": "people", "company": "companies", "interview": "meetings"}


def section_of(note: Note) -> str | None:
    """The section a note's page lives in, or ``None`` (plain notes get no page)."""
    return SECTIONS.get(note.type) if isinstance(note, (Contact, Company, Interview)) else None


class Published:
    """A vault, a day, and what a stranger reading the site may see of them."""

    def __init__(self, vault: Vault, today: dt.date, *, directory_urls: bool = True) -> None:
        self.vault = vault
        self.today = today
        self.config = vault.config
        self.directory_urls = directory_urls
        self.hides = vault.config.site.hides
        self.published: set[str] = {n.path for n in vault.notes if vault.public(n)}
        self.attachments = Attachments(vault.root, vault.files)
        #: site path -> vault file, for every attachment a page publishes
        self.used: dict[str, Any] = {}

    # -- notes and pages ---------------------------------------------------------------
    def is_published(self, note: Note | str | None) -> bool:
        path = note.path if isinstance(note, Note) else note
        return path is not None and path in self.published

    @cached_property
    def slugs(self) -> dict[str, str]:
        """Published note path -> its page's slug: the file name folded to ASCII (``José Núñez.md`` ->
        ``jose-nunez``), so a page keeps its URL while the name changes; collisions numbered in path order."""
        taken: dict[str, set[str]] = {s: set(RESERVED) for s in SECTIONS.values()}
        out: dict[str, str] = {}
        for note in self.vault.notes:
            section = section_of(note)
            if section is None or note.path not in self.published:
                continue
            out[note.path] = claim(slugify(note.stem), taken[section])
        return out

    def src(self, note: Note | None) -> str | None:
        """The page source (``people/keiko-tanaka.md``) of a published note, else None."""
        if note is None or note.path not in self.slugs:
            return None
        return f"{section_of(note)}/{self.slugs[note.path]}.md"

    def url(self, from_src: str, to_src: str, *, page: bool = True) -> str:
        return relative_url(from_src, to_src, self.directory_urls, to_is_page=page)

    def page_url(self, src: str) -> str:
        return page_url(src, self.directory_urls)

    @cached_property
    def contacts(self) -> list[Contact]:
        return [c for c in self.vault.contacts if c.path in self.published]

    @cached_property
    def companies(self) -> list[Company]:
        return [c for c in self.vault.companies if c.path in self.published]

    @cached_property
    def interviews(self) -> list[Interview]:
        return [iv for iv in self.vault.interviews if iv.path in self.published]

    def interviews_of(self, contact: Contact) -> list[Interview]:
        return [iv for iv in self.vault.interviews_of(contact) if iv.path in self.published]

    def people(self, iv: Interview) -> list[Contact]:
        return [c for c in self.vault.people(iv) if c.path in self.published]

    def contact(self, link: Link | str | None) -> Contact | None:
        found = self.vault.contact(link)
        return found if found is not None and found.path in self.published else None

    @cached_property
    def _employees(self) -> dict[str, list[Contact]]:
        """Company (a note's path, or ``name:`` + folded name for one without a note) -> its published people."""
        out: dict[str, list[Contact]] = defaultdict(list)
        if self.hides("company"):
            return out
        for c in self.contacts:
            if c.company is None:
                continue
            firm = self.vault.company(c.company)
            if firm is not None:
                if firm.path in self.published:
                    out[firm.path].append(c)
            elif not self.vault.candidates(c.company):
                out["name:" + c.company.key].append(c)
        return out

    def employees(self, key: str) -> list[Contact]:
        return list(self._employees.get(key, ()))

    @cached_property
    def noteless_companies(self) -> dict[str, str]:
        """Companies contacts name that have no note: ``name:`` key -> the name as first written."""
        out: dict[str, str] = {}
        for key, people in sorted(self._employees.items()):
            if key.startswith("name:") and people[0].company is not None:
                out[key] = people[0].company.text
        return out

    @cached_property
    def noteless_slugs(self) -> dict[str, str]:
        """The page slug of each company without a note: never one a note's page has, nor another's."""
        folders = tuple(f + "/" for f in self.config.folders["company"])
        taken = {slug for path, slug in self.slugs.items() if path.startswith(folders)} | set(RESERVED)
        return {key: claim(slugify(name), taken) for key, name in self.noteless_companies.items()}

    @cached_property
    def referred(self) -> dict[str, list[Contact]]:
        """Contact path -> the published contacts whose ``referred_by`` names them (none when hidden)."""
        if self.hides("referred_by"):
            return {}
        return {c.path: [m for m in self.vault.referred(c) if m.path in self.published] for c in self.contacts}

    @cached_property
    def backlinks(self) -> dict[str, list[Note]]:
        """Note path -> the published notes whose body links to it."""
        out: dict[str, dict[str, Note]] = defaultdict(dict)
        for note in self.vault.notes:
            if note.path not in self.published or section_of(note) is None:
                continue
            for link in note.links:
                target = self.vault.resolve(link)
                if target is not None and target.path != note.path:
                    out[target.path][note.path] = note
        return {k: list(v.values()) for k, v in out.items()}

    @cached_property
    def tags(self) -> dict[str, tuple[str, list[Note]]]:
        """Folded tag -> (the tag as first written, the published notes with a page carrying it)."""
        out: dict[str, tuple[str, list[Note]]] = {}
        if self.hides("tags"):
            return out
        for note in self.vault.notes:
            if note.path in self.slugs:
                for tag in note.tags:
                    out.setdefault(tag.casefold(), (tag, []))[1].append(note)
        return dict(sorted(out.items()))

    def tag_src(self, tag: str) -> str | None:
        key = tag.casefold().rstrip("/-")
        return f"tags/{slugify(key)}.md" if key in self.tags else None

    # -- the day's findings and follow-ups --------------------------------------------
    @cached_property
    def settings(self) -> dict[str, dict[str, Any]]:
        return rule_settings(self.config)

    @cached_property
    def findings(self) -> list[Finding]:
        """Everything ``infoview check`` reports today (private notes included: the plugin logs them)."""
        return run_rules(self.vault, self.today)

    def _public_path(self, path: str | None) -> bool:
        return path is None or self.vault.get(path) is None or path in self.published

    @cached_property
    def public_findings(self) -> list[Finding]:
        """Today's findings about published notes and the config, with private names taken out."""
        return [
            Finding(f.path, f.line, f.severity, f.rule, self.redact(f.message), self.redact(f.hint), f.due)
            for f in self.findings
            if self._public_path(f.path)
        ]

    @cached_property
    def tasks(self) -> list[Task]:
        """Every outstanding follow-up on a published note; one owed to a private person stays, without their name."""
        out = []
        for t in tasks(self.vault):
            if not self._public_path(t.note.path):
                continue
            if not self._public_path(t.person_path):
                t = replace(t, person="(a private contact)", person_path=None)
            out.append(t)
        return out

    @cached_property
    def _private_names(self) -> re.Pattern[str] | None:
        public = {fold(name) for n in self.vault.notes if n.path in self.published for name in n.names}
        names = {
            name.strip()
            for n in self.vault.notes
            if n.path not in self.published
            for name in n.names
            if len(name.strip()) >= 2 and fold(name) not in public
        }
        if not names:
            return None
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def redact(self, text: str) -> str:
        """Text the rules wrote, without the names of unpublished notes, nor contact details."""
        if not text:
            return text
        if self._private_names is not None:
            text = self._private_names.sub("(a private contact)", text)
        if not self.config.site.show_contact_details:
            text = _EMAIL.sub("(an email address)", text)
        return text

    # -- numbers and the graph ------------------------------------------------------------
    @cached_property
    def stats(self) -> dict[str, Any]:
        """The campaign's numbers over the published notes (``infoview stats --public``)."""
        return campaign_stats(self.vault, self.today)

    @cached_property
    def graph(self) -> Any:
        return build_graph(self.vault)

    @cached_property
    def parents(self) -> Mapping[Any, Any]:
        return referral_parents(self.graph)

    @cached_property
    def graph_data(self) -> dict[str, Any]:
        """``graph.json``: the public node-link data (:func:`infoview.graph.public_graph`), each node with its page."""
        data = to_node_link(self.graph, public=True, hidden_fields=self.hides)
        for node in data["nodes"]:
            note = self.vault.get(node.get("path") or "")
            src = self.src(note) if note is not None else None
            if src is not None:
                node["url"] = self.page_url(src)
        return data


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
