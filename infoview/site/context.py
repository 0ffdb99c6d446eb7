"""Everything the pages share, computed once per build: slugs, findings, agenda, graph.

The rules, agenda and graph modules are imported lazily: the site works (with
fewer sections) on a checkout that lacks one of them, and never imports
NetworkX before it is needed.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections import defaultdict
from functools import cached_property
from typing import Any

from ..finding import Finding
from ..links import Link, fold
from ..load import future_done
from ..model import Company, Contact, Interview, Note, Vault
from . import privacy
from .attachments import Attachments
from .text import anchor, esc
from .urls import relative_url, section_of, slugs

__all__ = ["SiteContext", "optional"]


def optional(module: str) -> Any | None:
    """A sibling module when this checkout has it (only a missing module is tolerated)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise


class SiteContext:
    """A vault, a day and the derived facts every page needs."""

    def __init__(self, vault: Vault, today: dt.date, *, directory_urls: bool = True, graph: Any = None) -> None:
        self.vault = vault
        self.today = today
        self.directory_urls = directory_urls
        self.slugs = slugs(vault)
        self.hidden = privacy.hidden_fields(vault)
        self._graph = graph
        self.attachments = Attachments(vault.root, vault.files)

    # -- derived facts (each computed once) --------------------------------
    @cached_property
    def findings(self) -> list[Finding]:
        """What ``infoview check`` reports today: the rules when present, else the loader's findings."""
        rules = optional("infoview.rules")
        if rules is not None:
            return list(rules.run_rules(self.vault, self.today))
        return sorted([*self.vault.findings, *future_done(self.vault, self.today)])

    @cached_property
    def rule_names(self) -> frozenset[str]:
        """Names of the follow-up rules (every other finding is a data problem)."""
        rules = optional("infoview.rules")
        return frozenset(getattr(rules, "RULES", {})) if rules is not None else frozenset()

    @cached_property
    def findings_by_path(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            out[f.path].append(f)
        return out

    def is_followup(self, finding: Finding) -> bool:
        return finding.rule in self.rule_names

    @cached_property
    def agenda(self) -> list[Any]:
        """Every agenda item on a published note, overdue ones included, far ahead."""
        mod = optional("infoview.agenda")
        if mod is None:
            return []
        items = mod.agenda(self.vault, self.today, days=3660)
        return [i for i in items if self._item_public(i)]

    def _item_public(self, item: Any) -> bool:
        for path in (item.path, item.person_path):
            if path is not None and path in self.paths_known and path not in self.published:
                return False
        return True

    @cached_property
    def paths_known(self) -> frozenset[str]:
        return frozenset(n.path for n in self.vault.notes)

    @cached_property
    def published(self) -> frozenset[str]:
        return frozenset(privacy.published(self.vault))

    @cached_property
    def agenda_by_path(self) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = defaultdict(list)
        for item in self.agenda:
            out[item.path].append(item)
            if item.person_path and item.person_path != item.path:
                out[item.person_path].append(item)
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
        """Text written by the rules with the names of unpublished notes taken out.

        A finding on a public meeting may name a private referrer ("thank
        Lena for the introduction"); the site must not.
        """
        pattern = self._private_names
        return pattern.sub("(a private contact)", text) if pattern is not None and text else text

    @cached_property
    def graph(self) -> Any | None:
        if self._graph is not None:
            return self._graph
        mod = optional("infoview.graph")
        return mod.build_graph(self.vault) if mod is not None else None

    def referral_chain(self, node: str) -> list[Any]:
        """The chain from the owner to ``node`` ([] when unreachable or without the graph module)."""
        mod = optional("infoview.graph")
        if mod is None or self.graph is None:
            return []
        return list(mod.referral_chain(self.graph, node, self._referral_parents))

    @cached_property
    def _referral_parents(self) -> dict[Any, Any] | None:
        # One search for every chain: per-contact searches would make large sites quadratic.
        mod = optional("infoview.graph")
        parents = getattr(mod, "referral_parents", None)
        return parents(self.graph) if parents is not None and self.graph is not None else None

    @cached_property
    def backlinks(self) -> dict[str, list[Note]]:
        """Note path -> published notes whose body links to it."""
        out: dict[str, list[Note]] = defaultdict(list)
        for note in self.vault.notes:
            if note.path not in self.published:
                continue
            seen: set[str] = set()
            for link in note.links:
                target = self.vault.resolve(link)
                if target is not None and target.path != note.path and target.path not in seen:
                    seen.add(target.path)
                    out[target.path].append(note)
        return out

    @cached_property
    def contacts_at(self) -> dict[str, list[Contact]]:
        """Company path -> published contacts working there (none when ``company`` is a hidden field)."""
        out: dict[str, list[Contact]] = defaultdict(list)
        if not self.shows("company"):
            return out
        for c in self.vault.contacts:
            if c.path in self.published:
                company = self.vault.company(c.company)
                if company is not None:
                    out[company.path].append(c)
        return out

    @cached_property
    def referred_by_contact(self) -> dict[str, list[Contact]]:
        """Contact path -> published contacts whose ``referred_by`` names them (none when it is hidden)."""
        out: dict[str, list[Contact]] = defaultdict(list)
        if not self.shows("referred_by"):
            return out
        for c in self.vault.contacts:
            if c.path in self.published:
                ref = self.vault.referrer(c)
                if ref is not None:
                    out[ref.path].append(c)
        return out

    def interviews_of(self, contact: Contact) -> list[Interview]:
        return [iv for iv in self.vault.interviews_of(contact) if iv.path in self.published]

    def public_contacts(self) -> list[Contact]:
        return [c for c in self.vault.contacts if c.path in self.published]

    def public_companies(self) -> list[Company]:
        return [c for c in self.vault.companies if c.path in self.published]

    def public_interviews(self) -> list[Interview]:
        return [iv for iv in self.vault.interviews if iv.path in self.published]

    def shows(self, key: str) -> bool:
        """Whether a frontmatter key may be published."""
        return key.casefold() not in self.hidden

    # -- addresses and links ---------------------------------------------
    def src(self, note: Note) -> str | None:
        """The page source (``people/<slug>.md``) of a published note, else None."""
        slug = self.slugs.get(note.path)
        section = section_of(note)
        if slug is None or section is None:
            return None
        return f"{section}/{slug}.md"

    def url(self, from_src: str, to_src: str, *, page: bool = True) -> str:
        return relative_url(from_src, to_src, self.directory_urls, to_is_page=page)

    def note_link(
        self, note: Note | None, from_src: str, text: str | None = None, *, heading: str | None = None
    ) -> str:
        """An ``<a>`` to a published note's page; plain escaped text for anything else."""
        if note is None:
            return esc(text or "")
        shown = text if text is not None else self.display(note)
        target = self.src(note)
        if target is None:
            return esc(shown)
        href = self.url(from_src, target)
        if heading:
            href += "#" + anchor(heading)
        return f'<a class="infoview-link" href="{esc(href)}">{esc(shown)}</a>'

    def file_link(self, link: Link, from_src: str, embed: bool) -> str:
        """A link (or, embedded, an image) to a vault file a page uses; its words when not found."""
        dest = self.attachments.use(link)
        shown = link.display or link.target
        if dest is None:
            return esc(shown)
        url = esc(self.url(from_src, dest, page=False))
        if embed and Attachments.is_image(dest):
            width = f' width="{int(link.display)}"' if link.display and link.display.isdigit() else ""
            alt = link.target.rsplit(".", 1)[0]
            return f'<img class="infoview-embed" src="{url}" alt="{esc(alt)}"{width} loading="lazy">'
        if link.display and link.display.isdigit():
            shown = link.target
        return f'<a class="infoview-link" href="{url}">{esc(shown)}</a>'

    def display(self, note: Note) -> str:
        if isinstance(note, Interview):
            who = self.vault.contact(note.contact)
            name = who.name if who is not None else (note.contact.text if note.contact else note.stem)
            when = note.date.isoformat() if note.date else "undated"
            return f"{when} · {name}"
        return note.name

    def link(self, link: Link | None, from_src: str, type: str | None = None, *, written: bool = False) -> str:
        """A frontmatter or body link: to the page it resolves to, else its text.

        ``written`` shows the words as written (body links: ``[[Bea]]`` stays
        "Bea"), except a bare file name, which shows the note's name.
        """
        if link is None:
            return ""
        note = self.vault.resolve(link, type) if type else self.vault.resolve(link)
        if note is None and type is not None:
            note = self.vault.resolve(link)
        if note is None:
            return esc(link.text)
        if note.path not in self.published:
            # A private note: the words the user wrote stay, the link does not.
            return esc(link.display or link.target)
        shown = link.display
        if shown is None and written and fold(link.target) != fold(note.stem):
            shown = link.target
        if shown is None:
            shown = self.display(note)
        if link.heading and not link.display:
            shown += f" \u203a {link.heading}"
        return self.note_link(note, from_src, shown, heading=link.heading)
