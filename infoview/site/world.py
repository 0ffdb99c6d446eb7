"""What a page may read: the vault without note bodies, the day, the URL style, the body links, the attachable files.

A :class:`World` is made of those parts and of nothing else: its reads
(``note``, ``resolve``, ``is_published``, ``backlinks``, ``agenda_of``...)
and the facts behind them (slugs, findings, agenda, graph) are functions of
its parts. So when a build's parts are the same as the last build's,
:func:`world_for` gives back the last build's World itself, and every read a
kept page made would answer the same: the page is reused without asking
(see :meth:`infoview.site.context.SiteContext.fragment`).

The bodiless vault (``basis``) is what the rules, the agenda, the graph, the
charts and the calendar are computed from; they cannot see a body, so a body
edit that leaves the note's links as they were changes no part at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import operator
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from functools import cached_property
from typing import Any, NamedTuple, TypeVar

from .. import lineage
from ..config import Config
from ..finding import Finding
from ..links import Link, fold
from ..load import future_done
from ..model import Company, Contact, Interview, Note, Vault
from . import privacy
from .attachments import Attachments
from .memo import Memo, same
from .urls import slugs

__all__ = ["SETTLED", "Changes", "World", "bare", "optional", "world_for"]

T = TypeVar("T")


def optional(module: str) -> Any | None:
    """A sibling module when this checkout has it (only a missing module is tolerated)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise


def bare(note: Note) -> Note:
    """The note without its body (and the links written in it)."""
    return dataclasses.replace(note, body="", links=())


#: body links: target note path -> published notes (paths) whose body links to it, in path order.
Links = dict[str, tuple[str, ...]]
#: attachable files: folded file name -> (site path, vault file) of the one file of that name, else None.
Files = dict[str, "tuple[str, str] | None"]


def world_for(
    vault: Vault, today: dt.date, *, directory_urls: bool = True, graph: Any = None, memo: Memo | None = None
) -> World:
    """This build's World: the last build's one when every part is the same (``memo``), else a new one."""
    if memo is None:
        basis = Vault(vault.root, vault.config, map(bare, vault.notes), vault.findings, files=vault.files)
        return World(basis, today, directory_urls, _body_links(vault, basis, None)[0], _attachable(vault), graph, {})
    known = memo.known
    before, now, notes = memo.bare, {}, []
    changed = {path for path in before if path not in vault._by_path}  # removed
    for note in vault.notes:
        hit = before.get(note.path)
        if hit is not None and hit[0] is note:
            twin = hit[1]
        else:
            twin = bare(note)
            if hit is not None and same(hit[1], twin, known):
                twin = hit[1]  # only the body changed: the twin stays, and pages that read it stay true
            else:
                changed.add(note.path)
        now[note.path] = (note, twin)
        notes.append(twin)
    memo.bare = now
    last = memo.world
    # The loader makes its findings anew on every load (tens of thousands in a large vault: every ambiguous
    # link); a finding's fields are strings, numbers and dates, so equal is the same.
    findings = _as_before(last.basis.findings, vault.findings) if last is not None else vault.findings
    key = (tuple(notes), vault.config, tuple(findings), vault.files, str(vault.root))
    if last is not None and same(last.basis_key, key, known):
        basis = last.basis
    else:
        basis = Vault(vault.root, vault.config, notes, findings, files=vault.files)
        if last is not None:
            # The rules, the graph and the charts may update last build's results for the changed notes.
            lineage.record(basis, last.basis, frozenset(changed))
    links, targets, published = _body_links(vault, basis, last)
    parts = (links, _attachable(vault))
    if last is not None and last.basis is basis and last.day == today and last.graph_given is graph:
        if last.url_style == directory_urls and same(last.parts, parts, known):
            last.targets = targets  # the same links, from this build's notes
            return last
        derived = last.derived  # the same bodiless vault and day: the findings, agenda, graph... still hold
    else:
        derived = {}
    before = last.derived if last is not None else None
    world = World(basis, today, directory_urls, *parts, graph, derived, before=before)
    world.basis_key, world.targets = key, targets
    world.published = published
    world.redactions = last.redactions if last is not None else None
    if last is not None:
        last.last = None  # only one World back is kept: a long serve session does not keep every World
    world.last = last
    memo.world = world
    return world


class Changes(NamedTuple):
    """What may read differently in a World than in the one before it (see :meth:`World.changes_since`).

    A read not of one of ``kinds``, not in ``keys``, and of a kind in
    :data:`SETTLED` answers the same in both Worlds. (A superset: a read
    listed may still answer the same; it is then asked.)
    """

    kinds: frozenset[str]
    keys: frozenset[tuple[Any, ...]]


#: Reads with no arguments, cheap to compare: compared up front.
_CHEAP_CONSTANTS = (
    "today",
    "directory_urls",
    "config",
    "hidden",
    "followup_rules",
    "graph_owner",
    "weekly_goal",
    "rules_reference",
    "has_graph",
)
#: Reads of whole lists (and the charts, the graph data): always asked (index pages read them, few pages).
_WHOLE_LISTS = (
    "notes",
    "public_contacts",
    "public_companies",
    "public_interviews",
    "public_findings",
    "agenda",
    "charts_html",
    "node_link",
)
#: Every read kind :meth:`World.changes_since` settles; a page making any other read is asked again.
SETTLED = frozenset(
    {
        *_CHEAP_CONSTANTS,
        *_WHOLE_LISTS,
        "note",
        "is_published",
        "slug",
        "resolve",
        "candidates",
        "interviews_of",
        "contacts_at",
        "referred_contacts",
        "agenda_of",
        "findings_of",
        "backlinks",
        "redact",
        "attachment",
        "referral_chain",
        "graph_name",
    }
)


def _differ(before: dict[Any, Any], now: dict[Any, Any], equal: Callable[[Any, Any], bool]) -> list[Any]:
    """Keys whose values differ (or are in one dict only)."""
    out = [k for k, v in now.items() if k not in before or not equal(before[k], v)]
    out.extend(k for k in before if k not in now)
    return out


def _same_items(a: Any, b: Any) -> bool:
    """Lists of the very same objects (notes, findings, agenda items kept from World to World)."""
    return len(a) == len(b) and all(map(operator.is_, a, b))


def _names_of(G: Any) -> dict[Any, Any]:
    return {n: d.get("name", "") for n, d in G.nodes(data=True)}


#: note path -> (the note, the paths its body links to): what :func:`_body_links` found, per note.
Targets = dict[str, tuple[Note, tuple[str, ...]]]


def _body_links(vault: Vault, basis: Vault, last: World | None) -> tuple[Links, Targets, frozenset[str]]:
    """Who links to whom in the note bodies (published notes only): what "Mentioned in" shows.

    A link resolves by the notes' names, so with the same bodiless vault as
    the last World, an unchanged note's links lead where they led.
    """
    changed = _changed_since(last, basis)
    published = last.published if changed is not None and not changed else frozenset(privacy.published(basis))
    # Links resolve by the notes' names: while no name changed, an unchanged note's links lead where they led.
    names_kept = changed is not None and not (changed and lineage.names_changed(last.basis, basis, changed))  # type: ignore[union-attr]
    before = last.targets if names_kept else {}  # type: ignore[union-attr]
    targets: Targets = {}
    out: dict[str, list[str]] = defaultdict(list)
    for note in vault.notes:
        if note.path not in published:
            continue
        hit = before.get(note.path)
        if hit is not None and hit[0] is note:
            found = hit[1]
        else:
            seen: dict[str, None] = {}
            for link in note.links:
                target = basis.resolve(link)
                if target is not None and target.path != note.path:
                    seen.setdefault(target.path)
            found = tuple(seen)
        targets[note.path] = (note, found)
        for path in found:
            out[path].append(note.path)
    return {k: tuple(v) for k, v in out.items()}, targets, published


def _as_before(before: Iterable[T], fresh: list[T], check: Callable[[T, T], bool] | None = None) -> list[T]:
    """``fresh`` with each item equal to one of ``before`` replaced by that one (so pages compare with ``is``).

    Items already among ``before`` (a module that updates rather than
    recomputes hands them back) are kept without hashing or comparing them.
    ``check`` confirms an equal pair when ``==`` is not strict enough for the
    items (see :func:`~infoview.site.memo.same`). Unhashable items are kept
    as computed.
    """
    before = list(before)
    kept = {id(x) for x in before}
    new = [x for x in fresh if id(x) not in kept]
    if not new:
        return fresh
    try:
        here = {id(x) for x in fresh}
        old = {x: x for x in before if id(x) not in here}
        swap = {id(x): y for x in new if (y := old.get(x)) is not None and (check is None or check(x, y))}
    except TypeError:
        return fresh
    return [swap.get(id(x), x) for x in fresh] if swap else fresh


def _changed_since(last: World | None, basis: Vault) -> frozenset[str] | None:
    """The paths whose bodiless notes differ between ``last``'s vault and ``basis`` (None: not related)."""
    if last is None:
        return None
    if last.basis is basis:
        return frozenset()
    found = lineage.parent(basis)
    return found.changed if found is not None and found.old is last.basis else None


def _attachable(vault: Vault) -> Files:
    """Every file name a body may embed, with where it is published (looked up on disk now)."""
    table = Attachments(vault.root, vault.files).table()
    return {name: None if found is None else (found[0], str(found[1])) for name, found in table.items()}


class World:
    """All a page may read, and the facts computed from it once (per World, so across builds while it stays)."""

    def __init__(
        self,
        basis: Vault,
        today: dt.date,
        directory_urls: bool,
        links: Links,
        files: Files,
        graph: Any,
        derived: dict[str, Any],
        *,
        before: dict[str, Any] | None = None,
    ) -> None:
        self.basis = basis
        self.day = today
        self.url_style = directory_urls
        self.links = links
        self.files = files
        self.graph_given = graph
        #: Facts computed from the bodiless vault and the day alone, shared by Worlds with both the same.
        self.derived = derived
        #: The last World's facts: a finding or agenda item computed again, equal to one there, is that one.
        self._before = before or {}
        self._modules: dict[str, Any] = {}
        #: (the names pattern, text -> redacted text), handed on to the next World.
        self.redactions: tuple[str, dict[str, str]] | None = None
        self.basis_key: Any = None
        self.targets: Targets = {}  #: where each published note's body links lead (see :func:`_body_links`)
        #: The last build's World, while this one is being built and used (its own ``last`` is let go).
        self.last: World | None = None

    @property
    def parts(self) -> tuple[Links, Files]:
        return self.links, self.files

    def _derive(self, name: str, compute: Callable[[], T]) -> T:
        if name not in self.derived:
            self.derived[name] = compute()
        return self.derived[name]

    def _derive_list(self, name: str, compute: Callable[[], list[T]]) -> list[T]:
        """Like ``_derive`` for a list of frozen values (findings, agenda items): those equal (strictly) to
        last time's are last time's objects, so pages that read them compare them with ``is``."""
        if name not in self.derived:
            self.derived[name] = _as_before(self._before.get(name, ()), compute(), same)
        return self.derived[name]

    def _module(self, name: str) -> Any | None:
        """:func:`optional`, asked once per World (reads ask for modules often)."""
        if name not in self._modules:
            self._modules[name] = optional(name)
        return self._modules[name]

    # -- what changed since another World ----------------------------------------
    def changes_since(self, old: World, answered: dict[str, set[tuple[Any, ...]]]) -> Changes | None:
        """Which reads may answer differently here than in ``old`` (a superset), or None when unknown.

        Known when this World's bodiless vault is ``old``'s or was recorded
        as made from it (:mod:`infoview.lineage`): then every note outside
        the changed paths is the same object in both, and each kind of read
        is settled by comparing the two Worlds' facts (slugs, published
        notes, body links, agenda and findings per note...) rather than by
        asking every page's reads again. See :class:`Changes`.

        ``answered``: note path -> the name lookups (``resolve``,
        ``candidates``) whose recorded answers held the note at that path.
        """
        changed = _changed_since(old, self.basis)
        if changed is None:
            return None
        keys: set[tuple[Any, ...]] = set()
        kinds: set[str] = set(_WHOLE_LISTS)
        for name in _CHEAP_CONSTANTS:
            if not same(getattr(old, name)(), getattr(self, name)()):
                keys.add((name,))
        keys.update(("note", p) for p in changed)
        keys.update(("is_published", p) for p in old.published ^ self.published)
        keys.update(("slug", p) for p in _differ(old.slugs, self.slugs, operator.eq))
        if changed and lineage.names_changed(old.basis, self.basis, changed):
            kinds.update(("resolve", "candidates"))
        else:
            keys.update(k for p in changed for k in answered.get(p, ()))
        for kind, before, now in (
            ("interviews_of", old._interviews_by_contact, self._interviews_by_contact),
            ("contacts_at", old._contacts_at, self._contacts_at),
            ("referred_contacts", old._referred_by_contact, self._referred_by_contact),
            ("agenda_of", old._agenda_by_path, self._agenda_by_path),
            ("findings_of", old._findings_by_path, self._findings_by_path),
        ):
            keys.update((kind, p) for p in _differ(before, now, _same_items))
        keys.update(("backlinks", p) for p in _differ(old.links, self.links, operator.eq))
        keys.update(("backlinks", p) for p, paths in self.links.items() if not changed.isdisjoint(paths))
        if (old._private_names.pattern if old._private_names else None) != (
            self._private_names.pattern if self._private_names else None
        ):
            kinds.add("redact")
        if not same(old.files, self.files):
            kinds.add("attachment")
        graph_keys = self._graph_changes(old)
        if graph_keys is None:
            kinds.update(("referral_chain", "graph_name"))
        else:
            keys.update(graph_keys)
        return Changes(frozenset(kinds), frozenset(keys))

    def _graph_changes(self, old: World) -> set[tuple[Any, ...]] | None:
        """The ``referral_chain`` and ``graph_name`` reads whose answers may differ from ``old``'s (None: any)."""
        if old.graph is self.graph:
            return set()
        if old.graph is None or self.graph is None or old.graph_given is not None or self.graph_given is not None:
            return None
        before, now = old._referral_parents, self._referral_parents
        if before is None or now is None:
            return None
        G0, G1 = old.graph, self.graph
        keys = {("graph_name", n) for n in _differ(_names_of(G0), _names_of(G1), operator.eq)}
        # A chain is its node's parents up to the owner: it changes when a node on it moved (old or new chain).
        moved = set(_differ(before, now, operator.eq))
        moved.update(n for n in G0 if n not in G1)
        moved.update(n for n in G1 if n not in G0)
        children: dict[Any, list[Any]] = defaultdict(list)
        for parents in (before, now):
            for child, parent in parents.items():
                children[parent].append(child)
        todo, seen = list(moved), set(moved)
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        keys.update(("referral_chain", n) for n in seen)
        return keys

    # -- reads --------------------------------------------------------------------
    def today(self) -> dt.date:
        return self.day

    def directory_urls(self) -> bool:
        return self.url_style

    def config(self) -> Config:
        return self.basis.config

    def hidden(self) -> frozenset[str]:
        """Frontmatter keys never shown, case-folded."""
        return self._hidden

    @cached_property
    def _hidden(self) -> frozenset[str]:
        return privacy.hidden_fields(self.basis)

    def followup_rules(self) -> frozenset[str]:
        """Names of the follow-up rules (every other finding is a data problem)."""
        rules = self._module("infoview.rules")
        return frozenset(getattr(rules, "RULES", {})) if rules is not None else frozenset()

    def note(self, path: str | None) -> Note | None:
        """The note at a vault path (without its body)."""
        return self.basis.get(path) if path is not None else None

    def notes(self) -> list[Note]:
        """Every note, sorted by path."""
        return list(self.basis.notes)

    def resolve(self, link: Link | str | None, type: str | None = None) -> Note | None:
        """The one note a link means (of ``type`` when given), or None."""
        return self.basis.resolve(link, type)

    def candidates(self, link: Link | str) -> list[Note]:
        return self.basis.candidates(link)

    def is_published(self, path: str | None) -> bool:
        """Whether the note at ``path`` may appear on the site."""
        return path in self.published

    def slug(self, path: str) -> str | None:
        """The page slug of a published note (None: no page)."""
        return self.slugs.get(path)

    def public_contacts(self) -> list[Contact]:
        return [c for c in self.basis.contacts if c.path in self.published]

    def public_companies(self) -> list[Company]:
        return [c for c in self.basis.companies if c.path in self.published]

    def public_interviews(self) -> list[Interview]:
        return [iv for iv in self.basis.interviews if iv.path in self.published]

    def interviews_of(self, path: str) -> list[Interview]:
        """The published meetings of the contact at ``path``, oldest first."""
        return list(self._interviews_by_contact.get(path, ()))

    def backlinks(self, path: str) -> list[Note]:
        """Published notes whose body links to the note at ``path``."""
        get = self.basis.get
        return [get(p) for p in self.links.get(path, ())]  # type: ignore[misc]

    def contacts_at(self, path: str) -> list[Contact]:
        """Published contacts working at the company at ``path`` (none when ``company`` is hidden)."""
        return list(self._contacts_at.get(path, ()))

    def referred_contacts(self, path: str) -> list[Contact]:
        """Published contacts whose ``referred_by`` names the contact at ``path`` (none when it is hidden)."""
        return list(self._referred_by_contact.get(path, ()))

    def attachment(self, link: Link) -> tuple[str, str] | None:
        """The site path and the vault file of the one file ``link`` names."""
        return self.files.get(fold(link.target))

    def redact(self, text: str) -> str:
        """Text written by the rules with the names of unpublished notes taken out.

        A finding on a public meeting may name a private referrer ("thank
        Lena for the introduction"); the site must not. The answer depends on
        the text and the names only, so it is remembered for as long as the
        names are the same (from World to World: the pattern of many names is
        slow to run on every finding, on every page, again).
        """
        pattern = self._private_names
        if pattern is None or not text:
            return text
        if self.redactions is None or self.redactions[0] != pattern.pattern:
            self.redactions = (pattern.pattern, {})
        done = self.redactions[1]
        out = done.get(text)
        if out is None:
            out = done[text] = pattern.sub("(a private contact)", text)
        return out

    def public_findings(self) -> list[Finding]:
        """Today's findings about published notes (and the config)."""
        return list(self._public_findings)

    def findings_of(self, path: str) -> list[Finding]:
        return list(self._findings_by_path.get(path, ()))

    def agenda(self) -> list[Any]:
        """Every agenda item on a published note, overdue ones included, far ahead."""
        return list(self._agenda)

    def agenda_of(self, path: str) -> list[Any]:
        """The agenda items of the note at ``path``, or about the person there."""
        return list(self._agenda_by_path.get(path, ()))

    def charts_html(self) -> str | None:
        """The dashboard's charts (None without the charts module)."""
        charts = self._module("infoview.charts")
        if charts is None:
            return None
        return self._derive("charts", lambda: charts.dashboard_charts_html(self.basis, self.day))

    def weekly_goal(self) -> int | None:
        charts = self._module("infoview.charts")
        if charts is not None:
            return charts.weekly_goal(self.basis)
        value = self.basis.config.rules.get("campaign-stalled", {}).get("per_week")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def rules_reference(self) -> str | None:
        """The rules' reference in Markdown (None without the rules module)."""
        rules = self._module("infoview.rules")
        return rules.rules_reference_markdown() if rules is not None else None

    def has_graph(self) -> bool:
        return self._module("infoview.graph") is not None and self.graph is not None

    def referral_chain(self, node: Hashable) -> list[Any]:
        """The chain from the owner to ``node`` ([] when unreachable or without the graph module)."""
        mod = self._module("infoview.graph")
        if mod is None or self.graph is None:
            return []
        return list(mod.referral_chain(self.graph, node, self._referral_parents))

    def graph_owner(self) -> Hashable:
        """The owner's node in the graph."""
        return getattr(self._module("infoview.graph"), "OWNER", "@owner")

    def graph_name(self, node: Hashable) -> Any:
        """The name the graph gives a node ("" when it has none)."""
        G = self.graph
        return G.nodes[node].get("name", "") if G is not None and node in G else ""

    # -- facts (each computed once per World; the costly ones once per bodiless vault and day) --
    @cached_property
    def published(self) -> frozenset[str]:
        return frozenset(privacy.published(self.basis))

    @cached_property
    def slugs(self) -> dict[str, str]:
        # A slug is a function of the published notes' paths and types, in path order: while those stay, so do they.
        last = self.last
        changed = _changed_since(last, self.basis)
        if changed is not None and last.published == self.published:  # type: ignore[union-attr]
            old, new = last.basis, self.basis  # type: ignore[union-attr]
            if all(
                p in old._by_path and p in new._by_path and old._by_path[p].type == new._by_path[p].type
                for p in changed
            ):
                return last.slugs  # type: ignore[union-attr]
        return slugs(self.basis)

    @cached_property
    def findings(self) -> list[Finding]:
        """What ``infoview check`` reports today: the rules when present, else the loader's findings."""
        rules = self._module("infoview.rules")
        basis, today = self.basis, self.day
        if rules is not None:
            return self._derive_list("findings", lambda: list(rules.run_rules(basis, today)))
        return self._derive_list("findings", lambda: sorted([*basis.findings, *future_done(basis, today)]))

    @cached_property
    def _public_findings(self) -> list[Finding]:
        return privacy.public_findings(self.basis, self.findings)

    @cached_property
    def _findings_by_path(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = defaultdict(list)
        for f in self.findings:
            out[f.path].append(f)
        return out

    @cached_property
    def _agenda(self) -> list[Any]:
        mod = self._module("infoview.agenda")
        if mod is None:
            return []
        items = self._derive_list("agenda", lambda: list(mod.agenda(self.basis, self.day, days=3660)))
        known = {n.path for n in self.basis.notes}

        def public(item: Any) -> bool:
            paths = (item.path, item.person_path)
            return not any(p is not None and p in known and p not in self.published for p in paths)

        return [i for i in items if public(i)]

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
        notes, published = self.basis.notes, self.published
        public = {fold(name) for n in notes if n.path in published for name in n.names}
        names = {
            name.strip()
            for n in notes
            if n.path not in published
            for name in n.names
            if len(name.strip()) >= 2 and fold(name) not in public
        }
        if not names:
            return None
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    @cached_property
    def graph(self) -> Any | None:
        if self.graph_given is not None:
            return self.graph_given
        mod = self._module("infoview.graph")
        return self._derive("graph", lambda: mod.build_graph(self.basis)) if mod is not None else None

    @cached_property
    def _referral_parents(self) -> dict[Any, Any] | None:
        # One search for every chain: per-contact searches would make large sites quadratic.
        mod = self._module("infoview.graph")
        parents = getattr(mod, "referral_parents", None)
        if parents is None or self.graph is None:
            return None
        if self.graph_given is not None:
            return parents(self.graph_given)
        return self._derive("referral_parents", lambda: parents(self.graph))

    def node_link(self) -> dict[str, Any] | None:
        """The graph's public node-link data (shared with later builds: not to be changed)."""
        return self._node_link

    @cached_property
    def _node_link(self) -> dict[str, Any] | None:
        mod = self._module("infoview.graph")
        if mod is None or self.graph is None:
            return None
        hidden = tuple(sorted(self.basis.config.site.hidden_fields))
        if self.graph_given is not None:
            return mod.to_node_link(self.graph_given, public=True, hidden_fields=hidden)
        return self._derive("node_link", lambda: mod.to_node_link(self.graph, public=True, hidden_fields=hidden))

    def calendar_feed(self) -> bytes:
        """The ``.ics`` feed of meetings and follow-ups."""
        from ..interop.ics import ics_feed

        return self._derive("calendar", lambda: ics_feed(self.basis, self.day))

    def _contacts_by(self, key: str, target: Callable[[Contact], Note | None]) -> dict[str, list[Contact]]:
        """Note path -> published contacts whose ``key`` leads there (none when ``key`` is a hidden field)."""
        out: dict[str, list[Contact]] = defaultdict(list)
        if key in self.hidden():
            return out
        for c in self.basis.contacts:
            if c.path in self.published:
                found = target(c)
                if found is not None:
                    out[found.path].append(c)
        return out

    @cached_property
    def _interviews_by_contact(self) -> dict[str, list[Interview]]:
        out: dict[str, list[Interview]] = {}
        published = self.published
        for contact in self.basis.contacts:
            ivs = [iv for iv in self.basis.interviews_of(contact) if iv.path in published]
            if ivs:
                out[contact.path] = ivs
        return out

    @cached_property
    def _contacts_at(self) -> dict[str, list[Contact]]:
        return self._contacts_by("company", lambda c: self.basis.company(c.company))

    @cached_property
    def _referred_by_contact(self) -> dict[str, list[Contact]]:
        return self._contacts_by("referred_by", self.basis.referrer)
