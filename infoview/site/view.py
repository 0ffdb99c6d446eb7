"""What the templates call: the page's helpers (``p``), the follow-up items every list shows, and the
meeting checklist. Links, dates and values come out escaped (Markup), private names never."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup

from ..drafts import DUE, Draft, DraftError, draft
from ..finding import Finding, severity_rank
from ..links import Link, fold, parse_link
from ..model import Contact, Interview, Note
from ..rules import RULES
from .attachments import Attachments
from .published import Published
from .render import Rendered, anchor, esc, external_link, render_body

if TYPE_CHECKING:
    from .pages import SiteBuilder

__all__ = ["Check", "Item", "View", "day", "followup_items", "host"]


def day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


# -- follow-ups ------------------------------------------------------------------------


@dataclass
class Item:
    """One follow-up (or finding) as every list shows it: who, what, by when, and where to edit."""

    severity: str
    due: dt.date | None
    what: str
    message: str
    hint: str
    rule: str
    path: str
    line: int
    person: str = ""
    person_path: str | None = None
    firing: bool = True  #: ``check`` reports it today
    when: str = ""

    @property
    def rank(self) -> str:
        """A list's sort key as text (``data-sort``): what fires first, the most severe, the oldest due."""
        return f"{int(not self.firing)}{severity_rank(self.severity)}{(self.due or dt.date.min).isoformat()}"

    def key(self) -> tuple:
        """Most urgent first: what fires today by severity and the oldest due; then the rest by due."""
        due = self.due or dt.date.min
        return (
            not self.firing,
            severity_rank(self.severity) if self.firing else 0,
            due,
            fold(self.person),
            self.path,
            self.line,
        )


def _when(due: dt.date | None, today: dt.date) -> str:
    if due is None:
        return ""
    days = (due - today).days
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} late"
    return {0: "today", 1: "tomorrow"}.get(days, f"{day(due)}")


def followup_items(pub: Published) -> list[Item]:
    """Every open follow-up of the published notes, and today's other follow-up findings, most urgent first."""
    today, settings = pub.today, pub.settings
    items = []
    for t in pub.tasks:
        if (t.end is not None and t.end < today) or (t.shown is not None and t.shown > today):
            continue
        firing = t.fires(today)
        what, message, hint, person = (pub.redact(x) for x in (t.what, t.message, t.hint, t.person))
        severity = settings[t.rule]["severity"] if firing else "info"
        when = _when(t.due, today)
        items.append(
            Item(severity, t.due, what, message, hint, t.rule, t.note.path, t.line, person, t.person_path, firing, when)
        )
    items += [finding_item(pub, f) for f in pub.public_findings if f.rule in RULES and RULES[f.rule].tasks is None]
    return sorted(items, key=Item.key)


def finding_item(pub: Published, f: Finding) -> Item:
    note = pub.vault.get(f.path)
    person = note if isinstance(note, Contact) else None
    name, path = (person.name, person.path) if person else ("", None)
    return Item(
        f.severity, f.due, f.message, "", f.hint, f.rule, f.path, f.line, name, path, True, _when(f.due, pub.today)
    )


# -- what templates call ------------------------------------------------------------------


class View:
    """Helpers a template calls as ``p``: links, dates and text for the page at ``src``."""

    def __init__(self, site: SiteBuilder, src: str) -> None:
        self.site, self.pub, self.src = site, site.pub, src

    def url(self, to: str, page: bool = True) -> str:
        return self.pub.url(self.src, to, page=page)

    def note(self, note: Note | None, text: str | None = None, heading: str | None = None) -> Markup:
        """An ``<a>`` to a published note's page; its name as text when it has none; never a private name."""
        if note is None:
            return esc(text or "")
        target = self.pub.src(note)
        if target is None:
            return esc("a private contact" if not self.pub.is_published(note) else (text or note.name))
        href = self.url(target) + (f"#{anchor(heading)}" if heading else "")
        return Markup(f'<a class="infoview-link" href="{esc(href)}">{esc(text or self.name(note))}</a>')

    def name(self, note: Note) -> str:
        if isinstance(note, Interview):
            who = ", ".join(c.name for c in self.pub.people(note)) or "someone"
            return f"{note.date.isoformat() if note.date else 'undated'} · {who}"
        return note.name

    def link(self, link: Link | None, want: str | None = None, written: bool = False) -> Markup:
        """A frontmatter or body link: to the page it resolves to, else its words; a private note's words never."""
        if link is None:
            return Markup("")
        if not link.target and link.heading:  # [[#Heading]]: this page
            return Markup(
                f'<a class="infoview-link" href="#{esc(anchor(link.heading))}">{esc(link.display or link.heading)}</a>'
            )
        vault = self.pub.vault
        note = vault.resolve(link, want) or (vault.resolve(link) if want else None)
        if note is None:
            if want == "company" and not vault.candidates(link) and not self.pub.hides("company"):
                key = "name:" + link.key
                if key in self.pub.noteless_companies:
                    return Markup(
                        f'<a class="infoview-link" href="{esc(self.url(self.site.noteless_src(key)))}">{esc(link.text)}</a>'
                    )
            return esc(link.text)
        if not self.pub.is_published(note):  # the words the user chose stay; a private name never shows
            return esc(link.display or f"a private {note.type}")
        shown = link.display or (link.target if written and fold(link.target) != fold(note.stem) else None)
        return self.note(note, shown, heading=link.heading)

    def people(self, iv: Interview) -> Markup:
        return Markup(", ").join(self.link(link, "contact") for link in iv.contacts) or esc("someone")

    def person(self, item: Item) -> Markup:
        note = self.pub.vault.get(item.person_path) if item.person_path else None
        return self.note(note) if note is not None else esc(item.person)

    def where(self, f: Finding) -> Markup:
        note = self.pub.vault.get(f.path)
        place = Markup(f"<code>{esc(f.path)}:{f.line}</code>")
        return self.note(note) + Markup(" ") + place if note is not None and self.pub.src(note) else place

    def md(self, text: str) -> Markup:
        """A rule's text: escaped, with `code` as ``<code>`` (no raw backticks on the page)."""
        return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(esc(text))))

    def preparation(self, iv: Interview) -> str:
        if iv.prepared:
            return "prepared"
        return "questions only" if iv.questions else ("research only" if iv.research else "not prepared")

    def tag(self, tag: str) -> Markup:
        target = self.pub.tag_src(tag)
        if target is None:
            return esc("#" + tag)
        return Markup(f'<a class="infoview-tag" href="{esc(self.url(target))}">#{esc(tag)}</a>')

    def value(self, value: Any) -> Markup:
        """A value of a key infoview does not know: escaped, its links as links, hidden keys left out at any depth."""
        if value is None:
            return Markup("")
        if isinstance(value, bool):
            return esc("yes" if value else "no")
        if isinstance(value, (dt.date, dt.datetime)):
            return esc(value.isoformat())
        if isinstance(value, str):
            if re.fullmatch(r"\[\[[^\[\]\n]+\]\]", value.strip()):
                return self.link(parse_link(value))
            return external_link(value) if re.match(r"(?i)https?://", value.strip()) else esc(value)
        if isinstance(value, dict):
            inner = [
                Markup("<li>{}: {}</li>").format(k, self.value(v))
                for k, v in value.items()
                if not self.pub.hides(str(k))
            ]
            return Markup("<ul>") + Markup("").join(inner) + Markup("</ul>") if inner else Markup("")
        if isinstance(value, (list, tuple)):
            if len(value) == 1 and isinstance(value[0], list) and len(value[0]) == 1:
                return self.link(parse_link(f"[[{value[0][0]}]]"))  # an unquoted [[link]]
            return Markup(", ").join(self.value(v) for v in value)
        return esc(value)

    def body_link(self, link: Link, embed: bool) -> str:
        if Attachments.looks_like_file(link):
            return str(self.file(link, embed))
        return str(self.link(link, written=True))

    def file(self, link: Link, embed: bool) -> Markup:
        """A vault file a published note links or embeds, copied to the site; its words when not found."""
        found = self.pub.attachments.find(link)
        if found is None:
            return esc(link.display or link.target)
        dest, source = found
        self.pub.used[dest] = source
        url = esc(self.url(dest, page=False))
        width = link.display if link.display and link.display.isdigit() else None
        if embed and Attachments.is_image(dest):
            alt = esc(link.target.rsplit(".", 1)[0])
            return Markup(
                f'<img class="infoview-embed" src="{url}" alt="{alt}"{f" width={width}" if width else ""} loading="lazy">'
            )
        return Markup(
            f'<a class="infoview-file" href="{url}">{esc(link.target if width else link.display or link.target)}</a>'
        )

    def body(self, note: Note, top: int = 3) -> Rendered:
        tag = lambda name: self.url(t) if (t := self.pub.tag_src(name)) else None
        return render_body(note.body, self.body_link, tag, title=note.name, top=top, hides=self.pub.hides)

    def extra(self, note: Note) -> list[tuple[str, Markup]]:
        """The keys infoview does not know, shown as written (what the site hides left out)."""
        return [
            (str(k), self.value(v))
            for k, v in note.extra.items()
            if not self.pub.hides(str(k)) and str(k).casefold() != "type"
        ]

    def shows(self, key: str) -> bool:
        return not self.pub.hides(key)

    @property
    def show_address(self) -> bool:
        """Whether a drafted letter's ``mailto:`` may carry the address (the site shows contact details)."""
        return self.pub.config.site.show_contact_details

    def web(self, url: str | None, text: str | None = None) -> Markup:
        """A web address as a link showing ``text`` or its host; an unsafe one as the text written."""
        return external_link(url, text or host(url)) if url else Markup("")

    def email(self, address: str | None) -> Markup:
        return external_link("mailto:" + address, address) if address else Markup("")

    def phone(self, number: str | None) -> Markup:
        return external_link("tel:" + re.sub(r"[^\d+]", "", number), number) if number else Markup("")

    def tags(self, tags: tuple[str, ...]) -> Markup:
        return Markup(" ").join(self.tag(t) for t in tags) if self.shows("tags") else Markup("")

    def draft(self, item: Item) -> Draft | None:
        """The letter a follow-up calls for, written from the published notes, or None (no letter for it)."""
        kind = DUE.get(item.rule)
        person = (
            self.pub.vault.get(item.person_path)
            if item.person_path
            else (item.person if item.person and "private" not in item.person else None)
        )
        if kind is None or person is None:
            return None
        key = (kind, getattr(person, "path", person))
        if key not in self.site.drafts:  # a follow-up shows on several pages: its letter is written once
            try:
                self.site.drafts[key] = draft(self.pub.vault, kind, person, self.pub.today, public=True)
            except DraftError:
                self.site.drafts[key] = None
        return self.site.drafts[key]

    def fields(self, note: Note) -> Markup:
        """The note's Dataview inline fields as a definition list."""
        rows = [(k, self.value(v)) for k, v, _ in note.inline if not self.pub.hides(k)]
        if not rows:
            return Markup("")
        items = Markup("").join(Markup("<div><dt>{}</dt><dd>{}</dd></div>").format(k, v) for k, v in rows)
        return Markup('<dl class="iv-card iv-fields">') + items + Markup("</dl>")


@dataclass
class Check:
    """One line of a meeting's checklist; ``state`` is done, overdue, due, open or later (meeting.html words it)."""

    label: str
    state: str
    date: dt.date | None = None


def host(url: str) -> str:
    """A web address as a reader says it: its host, without ``www.`` (the link keeps the whole address)."""
    return urlsplit(url.strip()).netloc.removeprefix("www.") or url


def listed(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return [v for v in value if v is not None and str(v).strip()]
    return [] if value is None else [value]
