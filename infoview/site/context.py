"""Everything the pages share, and the only way a page reads it.

A page asks its context *reads*: ``ctx.note(path)``, ``ctx.is_published(path)``,
``ctx.backlinks(path)``, ``ctx.today``... Each is answered by this build's
:class:`~infoview.site.world.World`, which holds nothing but what pages may
see. When the build keeps a :class:`~infoview.site.memo.Memo` (``mkdocs
serve``), every read a page makes is recorded with its answer; the next build
reuses the page when its arguments are the same and either the World is the
very same (every part unchanged) or asking its reads again gives the same
answers (see :mod:`infoview.site.memo`). While a page is being built the
context refuses to hand out the vault, the graph or the findings whole: a page
that read around its reads could be reused stale.

A page sees one note body: its own (the note it is given). Notes it reads
(``ctx.note``, ``ctx.resolve``, ``ctx.public_contacts()``...) come without
their bodies, so writing in one note's body never changes another note's page
or an index; only what the body links to does (``ctx.backlinks``).

The rules, agenda and graph modules are imported lazily: the site works (with
fewer sections) on a checkout that lacks one of them, and never imports
NetworkX before it is needed.
"""

from __future__ import annotations

import datetime as dt
import operator
import os
import zlib
from collections.abc import Callable, Hashable, Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from ..config import Config
from ..finding import Finding
from ..links import Link, fold
from ..model import Company, Contact, Interview, Note, Vault
from .attachments import Attachments
from .memo import Entry, Memo, fragment_key, same
from .text import anchor, esc
from .urls import relative_url, section_of
from .world import SETTLED, Changes, World, optional, world_for

__all__ = ["SiteContext", "optional"]

T = TypeVar("T")


_NAME_LOOKUPS = frozenset({"resolve", "candidates"})


def _deep(entry: Entry, memo: Memo) -> tuple[frozenset[str], frozenset[tuple[Any, ...]], tuple[tuple[Any, Entry], ...]]:
    """``Entry.deep`` of a just built entry, from its fragments' (built or checked just before it)."""
    kinds: set[str] = set()
    reads: set[tuple[Any, ...]] = set()
    subs: list[tuple[Any, Entry]] = []
    for read_ in entry.subs:
        key = read_[1]
        sub = memo.entries[key]
        subs.append((key, sub))
        kinds.update(sub.kinds)
        reads.update(sub.reads)
        if sub.deep is not None:
            kinds.update(sub.deep[0])
            reads.update(sub.deep[1])
            subs.extend(sub.deep[2])
    return frozenset(kinds), frozenset(reads), tuple(subs)


def _block(ctx: SiteContext, fn: Callable[..., T], block: tuple[Any, ...], extra: tuple[Any, ...]) -> list[T]:
    """A block of rows of :meth:`SiteContext.rows`: each row a fragment of its own."""
    return [ctx.fragment(fn, item, *extra) for item in block]


def _identity(item: Any) -> Any:
    """What tells a row's item apart in its list: its path, and line for a finding."""
    return (getattr(item, "path", None), getattr(item, "line", None), getattr(item, "rule", None))


def _blocks(items: Iterable[Any], every: int = 32, most: int = 64) -> Iterator[tuple[Any, ...]]:
    """Consecutive items in blocks of about ``every`` (at most ``most``), cut where an item's path and line hash
    to a boundary. The hash is CRC-32, not ``hash()``: the same list is cut the same way in every process."""
    block: list[Any] = []
    for item in items:
        if block and (
            len(block) >= most or zlib.crc32(str(item.path).encode(), getattr(item, "line", 0) or 0) % every == 0
        ):
            yield tuple(block)
            block = []
        block.append(item)
    if block:
        yield tuple(block)


def _all_is(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """The very same arguments (the usual case for a kept fragment): no comparison needed."""
    return len(a) == len(b) and all(map(operator.is_, a, b))


_UNKNOWN = object()


class SiteContext:
    """A vault, a day and the facts every page needs, asked through reads."""

    #: Check every kept page the long way too, and fail loudly when the short way disagrees (tests set it).
    VERIFY = bool(os.environ.get("INFOVIEW_VERIFY_MEMO"))

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
        self.memo = memo
        last = memo.world if memo is not None else None
        self.world: World = world_for(vault, today, directory_urls=directory_urls, graph=graph, memo=memo)
        #: Whether this build's World is the last build's (nothing a page may read has changed).
        self.same_world = self.world is last
        #: site path (``attachments/...``) -> vault file, for every file the pages of this build publish.
        self.used: dict[str, Path] = {}
        #: The reads of the page (or fragment) being built, when they are kept, and the fragments among them.
        self._reads: dict[tuple[Any, ...], Any] | None = None
        self._subs: list[tuple[Any, ...]] = []
        self._last = last
        #: What may read differently than in the last build's World (computed when first needed).
        self._changes: Any = _UNKNOWN
        #: Read kinds the changes settle as unchanged, unless listed in ``Changes.keys``.
        self._settled: frozenset[str] = frozenset()
        #: The files it publishes (site path -> vault file), when they are kept.
        self._files: dict[str, str] | None = None
        self._checking = 0  #: > 0 while kept pages are being checked (nothing is published then)
        self._building = 0  #: how many pages/fragments are being built (nested)
        #: Whether the last :meth:`fragment` call gave back a kept value (False without a memo).
        self.reused = False
        #: id of a World the memo's answers are from -> read -> whether this World answers it the same.
        #: (The Worlds stay alive for the build: the memo's entries hold them.)
        self._verdicts: dict[int, dict[tuple[Any, ...], bool]] = {}

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
        return self.world.graph

    @property
    def findings(self) -> list[Finding]:
        """What ``infoview check`` reports today: the rules when present, else the loader's findings."""
        self._outside_pages("findings")
        return self.world.findings

    def calendar_feed(self) -> bytes:
        """The ``.ics`` feed of meetings and follow-ups."""
        self._outside_pages("calendar_feed")
        return self.world.calendar_feed()

    def is_followup(self, finding: Finding) -> bool:
        """Whether a finding comes from a follow-up rule (every other finding is a data problem)."""
        return finding.rule in self.followup_rules

    # -- pages and fragments ----------------------------------------------
    def rows(self, fn: Callable[..., T], items: Iterable[Any], *extra: Any) -> list[T]:
        """``[self.fragment(fn, item, *extra) for item in items]``: the rows of a long list.

        Kept a block of rows at a time: a block whose rows are the same
        items and none of whose rows' reads changed is settled at once (see
        ``Entry.deep``), so an edit looks at the rows of its own block only,
        not at every row of the list. Blocks (at most 64 rows) end where an
        item's path (and line, for a finding) hashes to a boundary: inserting
        or removing a row changes its block alone, not the blocks after it.
        """
        if self.memo is None:
            return [self.fragment(fn, item, *extra) for item in items]
        out: list[T] = []
        for block in _blocks(items):
            key = (_block, fn, _identity(block[0]), *extra)
            out.extend(self.fragment(_block, fn, block, extra, key=key))
        return out

    def fragment(self, fn: Callable[..., T], *args: Any, recheck: bool = True, key: Any = None) -> T:
        """``fn(self, *args)``, reused from the memo when nothing it read has changed.

        ``recheck=False``: in a new World, build it again rather than ask its
        reads (for a fragment whose reads cost more to compare than it costs
        to build, such as ``graph.json``).
        """
        if self.memo is None:
            self._building += 1
            try:
                return fn(self, *args)
            finally:
                self._building -= 1
                self.reused = False
        value, files = self._fragment(fn, args, self.memo, recheck, key)
        for dest, source in files.items():
            self._use(dest, source)
        return value

    def _fragment(
        self, fn: Callable[..., T], args: tuple[Any, ...], memo: Memo, recheck: bool = True, key: Any = None
    ) -> tuple[T, dict[str, str]]:
        """The value of ``fn(self, *args)`` and the files it publishes, from the memo or built now.

        ``key``: where the memo keeps it, when not :func:`fragment_key` (a block of rows).
        """
        if key is None:
            key = fragment_key(fn, args)
        entry = memo.get(key)
        reused = False
        if entry is not None and (_all_is(entry.args, args) or same(entry.args, args, memo.known)):
            if entry.world is self.world:
                # Every part of the World is the same object as when it was built or checked: so is every answer.
                reused = True
            elif self._settle_leaf(entry, memo):
                reused = True
            elif entry.recheck and self._unchanged(entry, memo):
                reused = True
                entry.world = self.world
        if entry is not None and reused:
            memo.stats.fragments_reused += 1
        else:
            outer = self._reads, self._files, self._subs
            reads: dict[tuple[Any, ...], Any] = {}
            self._reads, self._files, self._subs = reads, {}, []
            self._building += 1
            try:
                entry = Entry(args, reads, fn(self, *args), self._files, self.world, recheck)
                entry.kinds = frozenset(map(itemgetter(0), reads))
                entry.subs = tuple(self._subs)
                if entry.subs:
                    entry.deep = _deep(entry, memo)
                memo.put(key, entry)
            finally:
                self._reads, self._files, self._subs = outer
                self._building -= 1
            memo.stats.fragments_built += 1
        if self._reads is not None:
            read_ = ("fragment", key)
            if read_ not in self._reads:
                self._reads[read_] = (args, entry.value, entry.files)
                self._subs.append(read_)
        self.reused = reused
        return entry.value, entry.files

    def _unchanged(self, entry: Entry, memo: Memo) -> bool:
        """Whether a kept entry from another World would be built the same now.

        The short way: its reads are from the last build's World, and what
        changed since (:meth:`World.changes_since`) touches none of them:
        only the fragments it holds are looked at. Else the long way
        (:meth:`_still_true`), asking the reads the changes do not settle.
        """
        changes = self._changes_from(entry.world)
        if self._reads_settled(entry, changes):
            sure = self._subs_true(entry, memo, changes)
            if sure:
                self._verify(entry, memo)
            memo.stats.settled += sure
            return sure
        sure = self._still_true(entry, memo, changes)
        memo.stats.asked += sure
        return sure

    def _reads_settled(self, entry: Entry, changes: Changes | None) -> bool:
        """Whether none of the entry's own reads can answer differently since the last build (it is from it)."""
        return changes is not None and entry.kinds <= self._settled and changes.keys.isdisjoint(entry.reads)

    def _verify(self, entry: Entry, memo: Memo) -> None:
        """With :attr:`VERIFY`: an entry taken as unchanged the short way is checked the long way too."""
        if self.VERIFY and not self._still_true(entry, memo, shared=False):
            raise AssertionError(f"a kept fragment was taken as unchanged but one of its reads changed: {entry.args}")

    def _settle_leaf(self, entry: Entry, memo: Memo) -> bool:
        """:meth:`_unchanged`'s short way for the commonest entry, spelled out (a row of an index: it
        holds no fragment, and what changed since the last build, once known, touches none of its reads).
        Marks it checked in this World."""
        changes = self._changes
        if (
            entry.world is not self._last
            or changes is _UNKNOWN
            or entry.subs
            or not entry.recheck
            or not self._reads_settled(entry, changes)
        ):
            return False
        self._verify(entry, memo)
        entry.world = self.world
        memo.stats.settled += 1
        return True

    def _changes_from(self, world: Any) -> Changes | None:
        """What changed since ``world`` when it is the last build's World (else None: ask)."""
        if world is None or world is not self._last:
            return None
        if self._changes is _UNKNOWN:
            try:
                self._changes = self.world.changes_since(world, self.memo.answered) if self.memo is not None else None
            except Exception:  # noqa: BLE001 - a fact that fails (a rule's bug) fails the pages that read it, the long way
                self._changes = None
            if self._changes is not None:
                self._settled = (SETTLED - self._changes.kinds) | {"fragment"}
        return self._changes

    def _deep_settled(self, deep: Any, memo: Memo, changes: Changes) -> bool:
        """Whether an entry's fragments, all the way down, are unchanged at once (see ``Entry.deep``).

        None of their reads changed, and each is still the very entry the
        memo held when the entry was built (a fragment built again since may
        have read other things), last checked in the last build or this one.
        Then they all hold in this World: marked so, without looking at each.
        """
        kinds, reads, subs = deep
        if not (kinds <= self._settled and changes.keys.isdisjoint(reads)):
            return False
        entries, last, world = memo.entries, self._last, self.world
        for key, sub in subs:
            if entries.get(key) is not sub or (sub.world is not last and sub.world is not world):
                return False
        for _, sub in subs:
            sub.world = world
        memo.touch(key for key, _ in subs)
        memo.stats.settled += len(subs)
        return True

    def _sub_holds(self, key: Any, args: tuple[Any, ...], value: Any, files: Any, memo: Memo) -> bool:
        """Whether the fragment at ``key`` still gives ``value`` (and ``files``) for ``args``.

        The very entry that gave them, checked in this build or settled now, holds without more ado;
        anything else is looked up (and built again if need be) and compared.
        """
        sub = memo.entries.get(key)
        if sub is not None and sub.value is value and sub.files is files and _all_is(sub.args, args):
            if sub.world is self.world:
                return True
            if self._settle_leaf(sub, memo):
                memo.touch((key,))
                memo.stats.fragments_reused += 1
                return True
        return same(self._fragment(key[0], args, memo, key=key), (value, files), memo.known)

    def _subs_true(self, entry: Entry, memo: Memo, changes: Changes | None) -> bool:
        """Whether each fragment the entry holds gives what it gave: all at once when ``Entry.deep`` shows
        none can have changed (``changes`` known), else one by one (checking, or building, each now)."""
        if not entry.subs:
            return True
        outer = self._reads, self._files
        self._reads, self._files = None, None
        self._checking += 1
        try:
            if entry.deep is not None and changes is not None and self._deep_settled(entry.deep, memo, changes):
                return True
            reads = entry.reads
            for read_ in entry.subs:
                fn_args, value, files = reads[read_]
                if not self._sub_holds(read_[1], fn_args, value, files, memo):
                    return False
            return True
        except Exception:  # noqa: BLE001 - a fragment that now fails means the page must be built again
            return False
        finally:
            self._reads, self._files = outer
            self._checking -= 1

    def _still_true(self, entry: Entry, memo: Memo, changes: Changes | None = None, *, shared: bool = True) -> bool:
        """Whether every recorded read, asked again now, gives the recorded answer.

        Plain reads first, then the fragments (which check their own reads
        and may be built again): a page whose list of notes changed is
        found out before its rows are looked at. The order does not change
        the answer, only how soon a change is found: every read is asked.
        Asking has no effect on the site (no file is published by it).

        The recorded answers are all from ``entry.world`` (or the same as its
        answers). Entries checked from the same World share their verdicts
        (``shared``): a read asked by many pages (``slug(path)``,
        ``is_published(path)``...) is asked and compared once per build,
        since :func:`~infoview.site.memo.same` is an equivalence (two answers
        the same as a third are the same as each other). With ``changes``
        (what changed since that World), a read they settle is not asked.
        """
        outer = self._reads, self._files
        self._reads, self._files = None, None
        self._checking += 1
        world, known = self.world, memo.known
        verdicts = self._verdicts.setdefault(id(entry.world), {}) if shared and entry.world is not None else {}
        settled, dirty = (self._settled, changes.keys) if changes is not None else (frozenset(), frozenset())
        try:
            for read_, then in entry.reads.items():
                name = read_[0]
                if name == "fragment" or (name in settled and read_ not in dirty):
                    continue
                verdict = verdicts.get(read_)
                if verdict is None:
                    verdict = verdicts[read_] = same(getattr(world, name)(*read_[1:]), then, known)
                if not verdict:
                    return False
        except Exception:  # noqa: BLE001 - a read that now fails means the page must be built again (and report it)
            return False
        finally:
            self._reads, self._files = outer
            self._checking -= 1
        return self._subs_true(entry, memo, changes)

    def _use(self, dest: str, source: str) -> None:
        """Publish a vault file at ``dest``: for the fragment being built, and for the site (unless only checking)."""
        if self._files is not None:
            self._files[dest] = source
        if not self._checking:
            self.used[dest] = Path(source)

    def _ask(self, name: str, *args: Any) -> Any:
        """Ask the World a read, recording the answer for the page being built."""
        value = getattr(self.world, name)(*args)
        if self._reads is not None:
            read_ = (name, *args)
            if read_ not in self._reads:
                self._reads[read_] = value
                if name in _NAME_LOOKUPS and self.memo is not None:
                    self._index_answer(read_, value)
        return value

    def _index_answer(self, read_: tuple[Any, ...], value: Any) -> None:
        """Remember which notes a name lookup answered with (see :meth:`World.changes_since`)."""
        answered = self.memo.answered  # type: ignore[union-attr]
        for note in value if isinstance(value, list) else (value,):
            if note is not None:
                answered.setdefault(note.path, set()).add(read_)

    # -- reads (answered by the World; see there) ------------------------------------
    @property
    def today(self) -> dt.date:
        return self._ask("today")

    @property
    def directory_urls(self) -> bool:
        return self._ask("directory_urls")

    @property
    def config(self) -> Config:
        return self._ask("config")

    @property
    def hidden(self) -> frozenset[str]:
        """Frontmatter keys never shown, case-folded."""
        return self._ask("hidden")

    @property
    def followup_rules(self) -> frozenset[str]:
        return self._ask("followup_rules")

    def note(self, path: str | None) -> Note | None:
        return self._ask("note", path)

    def notes(self) -> list[Note]:
        return self._ask("notes")

    def resolve(self, link: Link | str | None, type: str | None = None) -> Note | None:
        return self._ask("resolve", link, type)

    def candidates(self, link: Link | str) -> list[Note]:
        return self._ask("candidates", link)

    def contact(self, link: Link | str | None) -> Contact | None:
        note = self.resolve(link, "contact")
        return note if isinstance(note, Contact) else None

    def company(self, link: Link | str | None) -> Company | None:
        note = self.resolve(link, "company")
        return note if isinstance(note, Company) else None

    def is_published(self, path: str | None) -> bool:
        return self._ask("is_published", path)

    def slug(self, path: str) -> str | None:
        return self._ask("slug", path)

    def public_contacts(self) -> list[Contact]:
        return self._ask("public_contacts")

    def public_companies(self) -> list[Company]:
        return self._ask("public_companies")

    def public_interviews(self) -> list[Interview]:
        return self._ask("public_interviews")

    def interviews_of(self, contact: Contact) -> list[Interview]:
        """A contact's published meetings, oldest first."""
        return self._ask("interviews_of", contact.path)

    def backlinks(self, path: str) -> list[Note]:
        return self._ask("backlinks", path)

    def contacts_at(self, path: str) -> list[Contact]:
        return self._ask("contacts_at", path)

    def referred_contacts(self, path: str) -> list[Contact]:
        return self._ask("referred_contacts", path)

    def use_file(self, link: Link) -> str | None:
        """The site path of the vault file ``link`` names, publishing that file with the page."""
        found = self._ask("attachment", link)
        if found is None:
            return None
        self._use(*found)
        return found[0]

    def redact(self, text: str) -> str:
        return self._ask("redact", text)

    def public_findings(self) -> list[Finding]:
        return self._ask("public_findings")

    def findings_of(self, path: str) -> list[Finding]:
        return self._ask("findings_of", path)

    def agenda(self) -> list[Any]:
        return self._ask("agenda")

    def agenda_of(self, path: str) -> list[Any]:
        return self._ask("agenda_of", path)

    def charts_html(self) -> str | None:
        return self._ask("charts_html")

    def weekly_goal(self) -> int | None:
        return self._ask("weekly_goal")

    def rules_reference(self) -> str | None:
        return self._ask("rules_reference")

    def has_graph(self) -> bool:
        return self._ask("has_graph")

    def referral_chain(self, node: Hashable) -> list[Any]:
        return self._ask("referral_chain", node)

    def graph_owner(self) -> Hashable:
        return self._ask("graph_owner")

    def graph_name(self, node: Hashable) -> Any:
        return self._ask("graph_name", node)

    def node_link(self) -> dict[str, Any] | None:
        """The graph's public node-link data (shared with other builds: never to be changed)."""
        return self._ask("node_link")

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
