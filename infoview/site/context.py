"""Everything the pages share, computed once per build, and the only way a page reads it.

A page asks its context *reads*: ``ctx.note(path)``, ``ctx.is_published(path)``,
``ctx.backlinks(path)``, ``ctx.today``... (the methods marked ``@read``). When
the build keeps a :class:`~infoview.site.memo.Memo` (``mkdocs serve``), every
read a page makes is recorded with its answer, so the next build can reuse the
page when the same reads give the same answers (see :mod:`infoview.site.memo`).
While a page is being built the context refuses to hand out the vault, the
graph or the findings whole: a page that read around its reads could be
reused stale.

A page sees one note body: its own (the note it is given). Notes it reads
(``ctx.note``, ``ctx.resolve``, ``ctx.public_contacts()``...) come without
their bodies, so writing in one note's body never changes another note's page
or an index; only what the body links to does (``ctx.backlinks``).

The rules, agenda and graph modules are imported lazily: the site works (with
fewer sections) on a checkout that lacks one of them, and never imports
NetworkX before it is needed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from ..config import Config
from ..finding import Finding
from ..links import Link, fold
from ..load import future_done
from ..model import Company, Contact, Interview, Note, Vault
from . import privacy
from .attachments import Attachments
from .memo import Entry, Memo, fragment_key, same
from .text import anchor, esc
from .urls import relative_url, section_of, slugs

__all__ = ["SiteContext", "optional"]

T = TypeVar("T")
N = TypeVar("N", bound=Note)


def optional(module: str) -> Any | None:
    """A sibling module when this checkout has it (only a missing module is tolerated)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise


#: read name -> the unrecorded function, to ask a read again when checking a kept page.
_READS: dict[str, Callable[..., Any]] = {}


def read(fn: Callable[..., T]) -> Callable[..., T]:
    """Mark a context method as a read: its answer is recorded for the page being built.

    A read's answer must depend only on its arguments and on this build's
    vault, day and URL style, and its arguments must be hashable.
    """
    name = fn.__name__
    _READS[name] = fn

    def recorded(self: SiteContext, *args: Any) -> T:
        value = fn(self, *args)
        if self._reads is not None:
            self._reads.setdefault((name, *args), value)
        return value

    recorded.__name__ = name
    recorded.__qualname__ = fn.__qualname__
    recorded.__doc__ = fn.__doc__
    return recorded


def _bare(note: Note) -> Note:
    """The note without its body (and the links written in it)."""
    return dataclasses.replace(note, body="", links=())


class SiteContext:
    """A vault, a day and the derived facts every page needs, asked through reads."""

    def __init__(
        self,
        vault: Vault,
        today: dt.date,
        *,
        directory_urls: bool = True,
        graph: Any = None,
        memo: Memo | None = None,
    ) -> None:
        self._vault = vault
        self._today = today
        self._directory_urls = directory_urls
        self._slugs = slugs(vault)
        self._hidden = privacy.hidden_fields(vault)
        self._graph = graph
        self.attachments = Attachments(vault.root, vault.files)
        self.memo = memo
        #: The reads of the page (or fragment) being built, when they are kept.
        self._reads: dict[tuple[Any, ...], Any] | None = None
        #: The files it publishes (site path -> vault file), when they are kept.
        self._files: dict[str, str] | None = None
        self._checking = 0  #: > 0 while kept pages are being checked (nothing is published then)
        self._building = 0  #: how many pages/fragments are being built (nested)
        #: Whether the last :meth:`fragment` call gave back a kept value (False without a memo).
        self.reused = False

    # -- whole-vault state: for code outside the pages ---------------------
    def _outside_pages(self, what: str) -> None:
        if self._building:
            raise RuntimeError(f"a page read ctx.{what} directly; pages ask through reads so kept pages stay true")

    @property
    def vault(self) -> Vault:
        self._outside_pages("vault")
        return self._vault

    @property
    def graph(self) -> Any | None:
        self._outside_pages("graph")
        return self._the_graph

    @property
    def findings(self) -> list[Finding]:
        """What ``infoview check`` reports today: the rules when present, else the loader's findings."""
        self._outside_pages("findings")
        return self._findings

    def is_followup(self, finding: Finding) -> bool:
        """Whether a finding comes from a follow-up rule (every other finding is a data problem)."""
        return finding.rule in self.followup_rules

    # -- pages and fragments ----------------------------------------------
    def fragment(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(self, *args)``, reused from the memo when every read it made still answers the same."""
        if self.memo is None:
            self._building += 1
            try:
                return fn(self, *args)
            finally:
                self._building -= 1
                self.reused = False
        value, files = self._fragment(fn, args, self.memo)
        for dest, source in files.items():
            self._use(dest, source)
        return value

    def _fragment(self, fn: Callable[..., T], args: tuple[Any, ...], memo: Memo) -> tuple[T, dict[str, str]]:
        """The value of ``fn(self, *args)`` and the files it publishes, from the memo or built now."""
        key = fragment_key(fn, args)
        entry = memo.get(key)
        reused = entry is not None and same(entry.args, args, memo.known) and self._still_true(entry.reads, memo)
        if entry is not None and reused:
            memo.stats.fragments_reused += 1
        else:
            outer = self._reads, self._files
            self._reads, self._files = {}, {}
            self._building += 1
            try:
                entry = Entry(args, self._reads, fn(self, *args), self._files)
                memo.put(key, entry)
            finally:
                self._reads, self._files = outer
                self._building -= 1
            memo.stats.fragments_built += 1
        if self._reads is not None:
            self._reads.setdefault(("fragment", key), (args, entry.value, entry.files))
        self.reused = reused
        return entry.value, entry.files

    def _still_true(self, reads: dict[tuple[Any, ...], Any], memo: Memo) -> bool:
        """Whether every recorded read, asked again now, gives the recorded answer.

        Plain reads first, then the fragments (which check their own reads
        and may be built again): a page whose list of notes changed is
        found out before its rows are looked at. The order does not change
        the answer, only how soon a change is found: every read is asked.
        Asking has no effect on the site (no file is published by it).
        """
        outer = self._reads, self._files
        self._reads, self._files = None, None
        self._checking += 1
        known = memo.known
        fragments = []
        try:
            for read_, then in reads.items():
                name = read_[0]
                if name == "fragment":
                    fragments.append((read_[1][0], then))
                elif not same(_READS[name](self, *read_[1:]), then, known):
                    return False
            for fn, (fn_args, value, files) in fragments:
                if not same(self._fragment(fn, fn_args, memo), (value, files), known):
                    return False
            return True
        except Exception:  # noqa: BLE001 - a read that now fails means the page must be built again (and report it)
            return False
        finally:
            self._reads, self._files = outer
            self._checking -= 1

    def _use(self, dest: str, source: str) -> None:
        """Publish a vault file at ``dest``: for the fragment being built, and for the site (unless only checking)."""
        if self._files is not None:
            self._files[dest] = source
        if not self._checking:
            self.attachments.used[dest] = Path(source)

    # -- reads: the day, the URL style, the config -------------------------
    @property
    def today(self) -> dt.date:
        return self._today_read()

    @read
    def _today_read(self) -> dt.date:
        return self._today

    @property
    def directory_urls(self) -> bool:
        return self._directory_urls_read()

    @read
    def _directory_urls_read(self) -> bool:
        return self._directory_urls

    @property
    def config(self) -> Config:
        return self._config_read()

    @read
    def _config_read(self) -> Config:
        return self._vault.config

    @property
    def hidden(self) -> frozenset[str]:
        """Frontmatter keys never shown, case-folded."""
        return self._hidden_read()

    @read
    def _hidden_read(self) -> frozenset[str]:
        return self._hidden

    @property
    def followup_rules(self) -> frozenset[str]:
        """Names of the follow-up rules (every other finding is a data problem)."""
        return self._followup_rules_read()

    @read
    def _followup_rules_read(self) -> frozenset[str]:
        rules = optional("infoview.rules")
        return frozenset(getattr(rules, "RULES", {})) if rules is not None else frozenset()

    # -- reads: notes and links ---------------------------------------------
    @read
    def note(self, path: str | None) -> Note | None:
        """The note at a vault path."""
        return self._b(self._vault.get(path)) if path is not None else None

    @read
    def notes(self) -> list[Note]:
        """Every note, sorted by path (a page that lists them all depends on them all)."""
        return list(self._bare.values())

    @read
    def resolve(self, link: Link | str | None, type: str | None = None) -> Note | None:
        """The one note a link means (of ``type`` when given), or None."""
        return self._b(self._vault.resolve(link, type))

    @read
    def candidates(self, link: Link | str) -> list[Note]:
        return self._bs(self._vault.candidates(link))

    def contact(self, link: Link | str | None) -> Contact | None:
        note = self.resolve(link, "contact")
        return note if isinstance(note, Contact) else None

    def company(self, link: Link | str | None) -> Company | None:
        note = self.resolve(link, "company")
        return note if isinstance(note, Company) else None

    @read
    def is_published(self, path: str | None) -> bool:
        """Whether the note at ``path`` may appear on the site."""
        return path in self._published

    @read
    def slug(self, path: str) -> str | None:
        """The page slug of a published note (None: no page)."""
        return self._slugs.get(path)

    @read
    def public_contacts(self) -> list[Contact]:
        return self._bs(c for c in self._vault.contacts if c.path in self._published)

    @read
    def public_companies(self) -> list[Company]:
        return self._bs(c for c in self._vault.companies if c.path in self._published)

    @read
    def public_interviews(self) -> list[Interview]:
        return self._bs(iv for iv in self._vault.interviews if iv.path in self._published)

    def interviews_of(self, contact: Contact) -> list[Interview]:
        """A contact's published meetings, oldest first."""
        return self._interviews_of(contact.path)

    @read
    def _interviews_of(self, path: str) -> list[Interview]:
        contact = self._vault.get(path)
        if not isinstance(contact, Contact):
            return []
        return self._bs(iv for iv in self._vault.interviews_of(contact) if iv.path in self._published)

    @read
    def backlinks(self, path: str) -> list[Note]:
        """Published notes whose body links to the note at ``path``."""
        return self._bs(self._backlinks.get(path, ()))

    @read
    def contacts_at(self, path: str) -> list[Contact]:
        """Published contacts working at the company at ``path`` (none when ``company`` is hidden)."""
        return self._bs(self._contacts_at.get(path, ()))

    @read
    def referred_contacts(self, path: str) -> list[Contact]:
        """Published contacts whose ``referred_by`` names the contact at ``path`` (none when it is hidden)."""
        return self._bs(self._referred_by_contact.get(path, ()))

    def use_file(self, link: Link) -> str | None:
        """The site path of the vault file ``link`` names, publishing that file with the page."""
        found = self._attachment(link)
        if found is None:
            return None
        self._use(*found)
        return found[0]

    @read
    def _attachment(self, link: Link) -> tuple[str, str] | None:
        """The site path and the vault file of the one file ``link`` names."""
        found = self.attachments.find(link)
        return None if found is None else (found[0], str(found[1]))

    @read
    def redact(self, text: str) -> str:
        """Text written by the rules with the names of unpublished notes taken out.

        A finding on a public meeting may name a private referrer ("thank
        Lena for the introduction"); the site must not.
        """
        pattern = self._private_names
        return pattern.sub("(a private contact)", text) if pattern is not None and text else text

    # -- reads: findings, agenda, charts --------------------------------------
    @read
    def public_findings(self) -> list[Finding]:
        """Today's findings about published notes (and the config)."""
        return list(self._public_findings)

    @read
    def findings_of(self, path: str) -> list[Finding]:
        return list(self._findings_by_path.get(path, ()))

    @read
    def agenda(self) -> list[Any]:
        """Every agenda item on a published note, overdue ones included, far ahead."""
        return list(self._agenda)

    @read
    def agenda_of(self, path: str) -> list[Any]:
        """The agenda items of the note at ``path``, or about the person there."""
        return list(self._agenda_by_path.get(path, ()))

    @read
    def charts_html(self) -> str | None:
        """The dashboard's charts (None without the charts module)."""
        charts = optional("infoview.charts")
        if charts is None:
            return None
        return self._derived("charts", lambda basis: charts.dashboard_charts_html(basis, self._today))

    @read
    def weekly_goal(self) -> int | None:
        charts = optional("infoview.charts")
        if charts is not None:
            return charts.weekly_goal(self._vault)
        value = self._vault.config.rules.get("campaign-stalled", {}).get("per_week")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @read
    def rules_reference(self) -> str | None:
        """The rules' reference in Markdown (None without the rules module)."""
        rules = optional("infoview.rules")
        return rules.rules_reference_markdown() if rules is not None else None

    # -- reads: the referral graph ----------------------------------------------
    @read
    def has_graph(self) -> bool:
        return optional("infoview.graph") is not None and self._the_graph is not None

    @read
    def referral_chain(self, node: Hashable) -> list[Any]:
        """The chain from the owner to ``node`` ([] when unreachable or without the graph module)."""
        mod = optional("infoview.graph")
        if mod is None or self._the_graph is None:
            return []
        return list(mod.referral_chain(self._the_graph, node, self._referral_parents))

    @read
    def graph_owner(self) -> Hashable:
        """The owner's node in the graph."""
        return getattr(optional("infoview.graph"), "OWNER", "@owner")

    @read
    def graph_name(self, node: Hashable) -> Any:
        """The name the graph gives a node ("" when it has none)."""
        G = self._the_graph
        return G.nodes[node].get("name", "") if G is not None and node in G else ""

    # -- facts from the vault without bodies: kept across builds while it is the same -----
    @cached_property
    def _bare(self) -> dict[str, Note]:
        """Path -> the note without its body: what reads give (a page sees only its own note's body).

        A note unchanged since the last build keeps its bodiless twin, and so
        does a note whose edit touched only its body: a page that lists it, or
        links to it, is then unchanged, and comparing is ``is``.
        """
        vault, memo = self._vault, self.memo
        if memo is None:
            return {note.path: _bare(note) for note in vault.notes}
        before, now, out = memo.bare, {}, {}
        for note in vault.notes:
            hit = before.get(note.path)
            if hit is not None and hit[0] is note:
                bare = hit[1]
            else:
                bare = _bare(note)
                if hit is not None and same(hit[1], bare, memo.known):
                    bare = hit[1]
            now[note.path] = (note, bare)
            out[note.path] = bare
        memo.bare = now
        return out

    def _b(self, note: N | None) -> N | None:
        """The bodiless twin of a note of this vault."""
        return None if note is None else self._bare[note.path]  # type: ignore[return-value]

    def _bs(self, notes: Iterable[N]) -> list[N]:
        bare = self._bare
        return [bare[n.path] for n in notes]  # type: ignore[misc]

    @cached_property
    def _basis(self) -> Vault:
        """The vault as the rules, the agenda, the graph, the charts and the calendar see it: no note bodies.

        They are computed from this vault and nothing else, so they cannot
        depend on a body; while it is the same as at the last build (only
        bodies were edited, the day is the same), what they computed then is
        theirs now (``Memo.derived``).
        """
        vault, memo = self._vault, self.memo
        notes = list(self._bare.values())
        if memo is None:
            return Vault(vault.root, vault.config, notes, vault.findings, files=vault.files)
        key = (tuple(notes), vault.config, self._today, tuple(vault.findings), vault.files, str(vault.root))
        if memo.basis is not None and same(memo.basis[0], key, memo.known):
            return memo.basis[1]
        basis = Vault(vault.root, vault.config, notes, vault.findings, files=vault.files)
        memo.basis, memo.derived = (key, basis), {}
        return basis

    def _derived(self, name: str, compute: Callable[[Vault], T]) -> T:
        """``compute(the bodiless vault)``, from the last build when that vault is the same."""
        basis = self._basis
        if self.memo is None:
            return compute(basis)
        store = self.memo.derived
        if name not in store:
            store[name] = compute(basis)
        return store[name]

    @cached_property
    def _findings(self) -> list[Finding]:
        rules = optional("infoview.rules")
        if rules is not None:
            return self._derived("findings", lambda basis: list(rules.run_rules(basis, self._today)))
        return self._derived("findings", lambda basis: sorted([*basis.findings, *future_done(basis, self._today)]))

    @property
    def node_link(self) -> dict[str, Any] | None:
        """The graph's public node-link data (shared with later builds: not to be changed)."""
        self._outside_pages("node_link")
        mod = optional("infoview.graph")
        if mod is None or self._the_graph is None:
            return None
        hidden = tuple(sorted(self._vault.config.site.hidden_fields))
        if self._graph is not None:
            return mod.to_node_link(self._graph, public=True, hidden_fields=hidden)
        return self._derived("node_link", lambda _: mod.to_node_link(self._the_graph, public=True, hidden_fields=hidden))

    def calendar_feed(self) -> bytes:
        """The ``.ics`` feed of meetings and follow-ups."""
        from ..interop.ics import ics_feed

        return self._derived("calendar", lambda basis: ics_feed(basis, self._today))

    @cached_property
    def _public_findings(self) -> list[Finding]:
        return privacy.public_findings(self._vault, self._findings)

    @cached_property
    def _findings_by_path(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = defaultdict(list)
        for f in self._findings:
            out[f.path].append(f)
        return out

    @cached_property
    def _agenda(self) -> list[Any]:
        mod = optional("infoview.agenda")
        if mod is None:
            return []
        items = self._derived("agenda", lambda basis: mod.agenda(basis, self._today, days=3660))
        return [i for i in items if self._item_public(i)]

    def _item_public(self, item: Any) -> bool:
        for path in (item.path, item.person_path):
            if path is not None and path in self._paths_known and path not in self._published:
                return False
        return True

    @cached_property
    def _paths_known(self) -> frozenset[str]:
        return frozenset(n.path for n in self._vault.notes)

    @cached_property
    def _published(self) -> frozenset[str]:
        return frozenset(privacy.published(self._vault))

    @cached_property
    def _agenda_by_path(self) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = defaultdict(list)
        for item in self._agenda:
            out[item.path].append(item)
            if item.person_path and item.person_path != item.path:
                out[item.person_path].append(item)
        return out

    @cached_property
    def _private_names(self) -> re.Pattern[str] | None:
        public = {fold(name) for n in self._vault.notes if n.path in self._published for name in n.names}
        names = {
            name.strip()
            for n in self._vault.notes
            if n.path not in self._published
            for name in n.names
            if len(name.strip()) >= 2 and fold(name) not in public
        }
        if not names:
            return None
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    @cached_property
    def _the_graph(self) -> Any | None:
        if self._graph is not None:
            return self._graph
        mod = optional("infoview.graph")
        return self._derived("graph", mod.build_graph) if mod is not None else None

    @cached_property
    def _referral_parents(self) -> dict[Any, Any] | None:
        # One search for every chain: per-contact searches would make large sites quadratic.
        mod = optional("infoview.graph")
        parents = getattr(mod, "referral_parents", None)
        if parents is None or self._the_graph is None:
            return None
        if self._graph is not None:
            return parents(self._graph)
        return self._derived("referral_parents", lambda _: parents(self._the_graph))

    @cached_property
    def _backlinks(self) -> dict[str, list[Note]]:
        """Note path -> published notes whose body links to it."""
        out: dict[str, list[Note]] = defaultdict(list)
        for note in self._vault.notes:
            if note.path not in self._published:
                continue
            seen: set[str] = set()
            for link in note.links:
                target = self._vault.resolve(link)
                if target is not None and target.path != note.path and target.path not in seen:
                    seen.add(target.path)
                    out[target.path].append(note)
        return out

    @cached_property
    def _contacts_at(self) -> dict[str, list[Contact]]:
        out: dict[str, list[Contact]] = defaultdict(list)
        if "company" in self._hidden:
            return out
        for c in self._vault.contacts:
            if c.path in self._published:
                company = self._vault.company(c.company)
                if company is not None:
                    out[company.path].append(c)
        return out

    @cached_property
    def _referred_by_contact(self) -> dict[str, list[Contact]]:
        out: dict[str, list[Contact]] = defaultdict(list)
        if "referred_by" in self._hidden:
            return out
        for c in self._vault.contacts:
            if c.path in self._published:
                ref = self._vault.referrer(c)
                if ref is not None:
                    out[ref.path].append(c)
        return out

    # -- addresses and links: plain functions of the reads above ---------------
    def shows(self, key: str) -> bool:
        """Whether a frontmatter key may be published."""
        return key.casefold() not in self.hidden

    def src(self, note: Note) -> str | None:
        """The page source (``people/<slug>.md``) of a published note, else None."""
        section = section_of(note)
        if section is None:
            return None
        slug = self.slug(note.path)
        return None if slug is None else f"{section}/{slug}.md"

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
        dest = self.use_file(link)
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
            who = self.contact(note.contact)
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
        note = self.resolve(link, type) if type else self.resolve(link)
        if note is None and type is not None:
            note = self.resolve(link)
        if note is None:
            return esc(link.text)
        if not self.is_published(note.path):
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
