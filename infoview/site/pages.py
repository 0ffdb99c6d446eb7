"""The site's pages: view data from :class:`~infoview.site.published.Published`, rendered by Jinja2 templates.

One template per page kind (``infoview/site/templates/``), with partials for
cards, follow-up lists and table rows; a user overrides any of them from a
folder of their own (the plugin's ``templates:``, like Material's
``custom_dir``). Templates autoescape; what reaches them as Markup (links,
dates, note bodies) was escaped or sanitised here. Nothing imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import markdown
from markupsafe import Markup

from ..charts import dashboard_charts_html, weekly_goal
from ..finding import Finding, severity_rank
from ..links import Link, fold, parse_link
from ..model import CONTACT_STATUSES, INTERVIEW_STATUSES, MEDIUMS, Company, Contact, Interview, Note
from ..referrals import OWNER, chain_from
from ..report import plural
from ..rules import RULES, rules_reference_markdown
from .attachments import Attachments
from .published import Published, section_of
from .render import Rendered, anchor, esc, external_link, render_body, title_text

__all__ = ["FIRST_ROWS", "Item", "Page", "build_pages", "environment"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: A long list shows this many rows; the rest come from a JSON file on "Show all".
FIRST_ROWS = 100
#: Follow-ups per dashboard section before "Show all".
FIRST_ITEMS = 25
#: Wide list pages hide Material's sidebars; the others keep their table of contents.
WIDE = ("navigation", "toc")
NARROW = ("navigation",)
_SAFE_TAG = re.compile(r"[a-z0-9_/-]+")


@dataclass
class Page:
    """A generated page: its HTML (no Markdown pass needed), headings for the table of contents, and search."""

    src: str
    title: str
    html: str
    toc: list[tuple[int, str, str]] = field(default_factory=list)  #: (level, id, text) of h2/h3
    meta: dict[str, Any] = field(default_factory=dict)  #: hide, tags
    search: dict[str, Any] | None = None  #: one lean search entry (title, text, tags), or None


def environment(overrides: str | Path | None = None) -> jinja2.Environment:
    """The templates, a user's folder first (any template of the same name replaces the built-in one)."""
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(TEMPLATES))]
    if overrides is not None:
        loaders.insert(0, jinja2.FileSystemLoader(str(overrides)))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["day"] = _day
    return env


def _day(day: dt.date) -> str:
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

    def key(self) -> tuple:
        """Most urgent first: what fires today by severity and the oldest due; then the rest by due."""
        due = self.due or dt.date.min
        return (not self.firing, severity_rank(self.severity) if self.firing else 0, due, fold(self.person), self.path, self.line)


def _when(due: dt.date | None, today: dt.date) -> str:
    if due is None:
        return ""
    days = (due - today).days
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} late"
    return {0: "today", 1: "tomorrow"}.get(days, f"{_day(due)}")


def followup_items(pub: Published) -> list[Item]:
    """Every open follow-up of the published notes, and today's other follow-up findings, most urgent first."""
    today, settings = pub.today, pub.settings
    items = []
    for t in pub.tasks:
        if (t.end is not None and t.end < today) or (t.shown is not None and t.shown > today):
            continue
        firing = t.fires(today)
        severity = settings[t.rule]["severity"] if firing else "info"
        items.append(Item(severity, t.due, pub.redact(t.what), pub.redact(t.message), pub.redact(t.hint), t.rule, t.note.path, t.line, pub.redact(t.person), t.person_path, firing, _when(t.due, today)))
    for f in pub.public_findings:
        if f.rule in RULES and RULES[f.rule].tasks is None:
            items.append(finding_item(pub, f))
    return sorted(items, key=Item.key)


def finding_item(pub: Published, f: Finding) -> Item:
    note = pub.vault.get(f.path)
    person = note.name if isinstance(note, Contact) else ""
    return Item(f.severity, f.due, f.message, "", f.hint, f.rule, f.path, f.line, person, note.path if person and note else None, True, _when(f.due, pub.today))


# -- what templates call ------------------------------------------------------------------


class View:
    """Helpers a template calls as ``p``: links, dates and text for the page at ``src``."""

    def __init__(self, site: SiteBuilder, src: str) -> None:
        self.site, self.pub, self.src = site, site.pub, src

    def url(self, to: str, page: bool = True) -> str:
        return self.pub.url(self.src, to, page=page)

    def hides(self, key: str) -> bool:
        return self.pub.hides(key)

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
            return Markup(f'<a class="infoview-link" href="#{esc(anchor(link.heading))}">{esc(link.display or link.heading)}</a>')
        vault = self.pub.vault
        note = vault.resolve(link, want) or (vault.resolve(link) if want else None)
        if note is None:
            if want == "company" and not vault.candidates(link) and not self.hides("company"):
                key = "name:" + link.key
                if key in self.pub.noteless_companies:
                    return Markup(f'<a class="infoview-link" href="{esc(self.url(self.site.noteless_src(key)))}">{esc(link.text)}</a>')
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
                return self.link(_link(value))
            return external_link(value) if re.match(r"(?i)https?://", value.strip()) else esc(value)
        if isinstance(value, dict):
            inner = [Markup("<li>{}: {}</li>").format(k, self.value(v)) for k, v in value.items() if not self.hides(str(k))]
            return Markup("<ul>") + Markup("").join(inner) + Markup("</ul>") if inner else Markup("")
        if isinstance(value, (list, tuple)):
            if len(value) == 1 and isinstance(value[0], list) and len(value[0]) == 1:
                return self.link(_link(f"[[{value[0][0]}]]"))  # an unquoted [[link]]
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
            return Markup(f'<img class="infoview-embed" src="{url}" alt="{alt}"{f" width={width}" if width else ""} loading="lazy">')
        return Markup(f'<a class="infoview-file" href="{url}">{esc(link.target if width else link.display or link.target)}</a>')

    def body(self, note: Note, top: int = 3) -> Rendered:
        tag = lambda name: self.url(t) if (t := self.pub.tag_src(name)) else None  # noqa: E731
        return render_body(note.body, self.body_link, tag, title=note.name, top=top)

    def fields(self, note: Note) -> Markup:
        """The note's Dataview inline fields as a definition list."""
        rows = [(k, self.value(v)) for k, v, _ in note.inline if not self.hides(k)]
        if not rows:
            return Markup("")
        items = Markup("").join(Markup("<div><dt>{}</dt><dd>{}</dd></div>").format(k, v) for k, v in rows)
        return Markup('<dl class="iv-card iv-fields">') + items + Markup("</dl>")


def _link(text: str) -> Link | None:
    return parse_link(text)


# -- the pages ----------------------------------------------------------------------------


_CHECK_TEXT = {"done": ("done", "\u2713"), "overdue": ("overdue", "!"), "due": ("due", "\u2026"), "open": ("to do", "\u2610"), "later": ("after the meeting", "\u2013")}


@dataclass
class Check:
    label: str
    state: str
    date: dt.date | None = None

    @property
    def text(self) -> str:
        return _CHECK_TEXT[self.state][0]

    @property
    def mark(self) -> str:
        return _CHECK_TEXT[self.state][1]

    @property
    def prefix(self) -> str:
        return {"overdue": "since ", "due": "by "}.get(self.state, "")


class SiteBuilder:
    """Builds every page of a :class:`Published` vault with the templates."""

    def __init__(self, pub: Published, templates: str | Path | None = None) -> None:
        self.pub = pub
        self.env = environment(templates)
        self.items = followup_items(pub)
        self.pages: dict[str, Page] = {}
        #: site path -> contents of the JSON files the "Show all" buttons fetch
        self.data: dict[str, str] = {}
        self.rows = self.env.get_template("_rows.html").module
        self.macros = self.env.get_template("_macros.html").module
        self._noteless = {key: f"companies/{pub.company_slug(key)}.md" for key in pub.noteless_companies}

    def noteless_src(self, key: str) -> str:
        return self._noteless[key]

    def render(self, src: str, template: str, page_title: str, *, hide: Iterable[str] = NARROW, tags: Iterable[str] = (), search: dict[str, Any] | None = None, **values: Any) -> Page:
        html = self.env.get_template(template).render(p=View(self, src), **values)
        safe_tags = [t for t in tags if _SAFE_TAG.fullmatch(t.casefold())]
        meta: dict[str, Any] = {"title": title_text(page_title), "hide": list(hide)}
        if safe_tags:
            meta["tags"] = safe_tags
        page = Page(src, title_text(page_title), html, _headings(html), meta, search)
        self.pages[src] = page
        return page

    def more(self, src: str, name: str, macro: Callable[..., str], rows: list[Any], first: int = FIRST_ROWS) -> tuple[list[Any], str | None]:
        """The first rows of a long list, and the URL (from ``src``) of the JSON file holding all of them rendered."""
        if len(rows) <= first:
            return rows, None
        view = View(self, src)
        folder = src.rsplit("/", 1)[0] + "/" if "/" in src else ""
        dest = f"{folder}{name}.json"
        self.data[dest] = json.dumps([str(macro(r, view)) for r in rows], ensure_ascii=False)
        return rows[:first], self.pub.url(src, dest, page=False)

    def items_about(self, *paths: str) -> list[Item]:
        wanted = set(paths)
        return [i for i in self.items if i.path in wanted or i.person_path in wanted]

    # -- the dashboard ------------------------------------------------------------------
    def dashboard(self) -> Page:
        pub, src, today = self.pub, "index.md", self.pub.today
        week_end = today + dt.timedelta(days=7)
        sections = [
            ("overdue", "Overdue", lambda i: i.firing and (i.due is None or i.due < today), "Nothing overdue. Well done."),
            ("today", "Today", lambda i: not (i.firing and (i.due is None or i.due < today)) and i.due == today, "Nothing due today."),
            ("this-week", "This week", lambda i: i.due is not None and today < i.due <= week_end, "Nothing due in the next seven days."),
            ("later", "Later", lambda i: i.due is not None and i.due > week_end, ""),
        ]
        shown = []
        for key, heading, test, empty in sections:
            items = [i for i in self.items if test(i)]
            if key == "overdue":
                items.sort(key=lambda i: (severity_rank(i.severity), i.due or dt.date.min, fold(i.person)))
            first, more = self.more(src, f"{key}-items", lambda i, v: self.macros.followup(i, v), items, FIRST_ITEMS)
            if items or empty:
                shown.append({"id": key, "title": heading, "list": first, "empty": empty, "more": more, "total": len(items)})
        cfg = pub.config
        upcoming = sorted(
            (iv for iv in pub.interviews if iv.date is not None and iv.date >= today and iv.status in ("requested", "scheduled", "rescheduled")),
            key=lambda iv: (iv.start or dt.datetime.combine(iv.date, dt.time()), iv.path),  # type: ignore[arg-type]
        )[:FIRST_ITEMS]
        stats = pub.stats
        goal = weekly_goal(pub.vault)
        week = today - dt.timedelta(days=today.weekday())
        this_week = next((w for w in stats["weeks"] if w["start"] == week.isoformat()), {"outreach": 0, "meetings": 0})
        done = this_week["outreach"] + this_week["meetings"]
        title = cfg.site.title or f"{cfg.possessive} networking campaign"
        return self.render(
            src,
            "dashboard.html",
            title,
            title=title,
            today=today,
            goal=cfg.goal,
            feed=pub.url(src, "calendar.ics", page=False) if cfg.site.calendar_feed else None,
            left_out=stats["left_out"],
            sections=shown,
            upcoming=upcoming,
            data_problems=sum(1 for f in pub.public_findings if f.rule not in RULES),
            numbers=_numbers(stats),
            week=f"Week of {_day(week)}: {this_week['outreach']} outreach sent and {plural(this_week['meetings'], 'meeting')} held, "
            f"against a goal of {goal}. " + ("On track." if done >= goal else f"{goal - done} more to go."),
            charts=Markup(dashboard_charts_html(pub.vault, today, stats)),
        )

    # -- people ------------------------------------------------------------------------
    def people_index(self) -> Page:
        pub, src = self.pub, "people/index.md"
        view = View(self, src)
        rows = [self._person_row(view, c) for c in sorted(pub.contacts, key=lambda c: (fold(c.name), c.path))]
        first, more = self.more(src, "people", self.rows.person, rows)
        return self.render(src, "people.html", "People", hide=WIDE, rows=first, more=more, total=len(rows), count=plural(len(rows), "person", "people"))

    def _person_row(self, view: View, c: Contact) -> dict[str, Any]:
        pub, today = self.pub, self.pub.today
        nxt = next((i for i in self.items if i.person_path == c.path or i.path == c.path), None)
        days = [o.date for o in c.outreach if o.date <= today]
        days += [iv.date for iv in pub.interviews_of(c) if iv.status == "done" and iv.date and iv.date <= today]
        return {
            "note": c,
            "sort": fold(c.name),
            "tags": [] if pub.hides("tags") else list(c.tags),
            "next": Markup('<span class="iv-next iv-next--{}">{}</span> <span class="iv-muted">{}</span>').format(nxt.severity, nxt.what, nxt.when) if nxt else "",
            "next_sort": f"{int(not nxt.firing)}{severity_rank(nxt.severity)}{(nxt.due or dt.date.min).isoformat()}" if nxt else "9",
            "company": view.link(c.company, "company") if c.company and not pub.hides("company") else "",
            "role": c.role if c.role and not pub.hides("role") else "",
            "status": c.status if not pub.hides("status") else "",
            "status_rank": CONTACT_STATUSES.index(c.status) if c.status in CONTACT_STATUSES else 9,
            "referred_by": view.link(c.referred_by, "contact") if c.referred_by and not pub.hides("referred_by") else "",
            "last": max(days, default=None),
        }

    def person(self, c: Contact) -> Page:
        pub = self.pub
        src = pub.src(c)
        assert src is not None
        view = View(self, src)
        shows = lambda key: not pub.hides(key)  # noqa: E731
        card = [
            ("Role", c.role if shows("role") else ""),
            ("Company", view.link(c.company, "company") if c.company and shows("company") else ""),
            ("Field", c.field if shows("field") else ""),
            ("Status", Markup("{} <span class='iv-muted'>(from meetings and outreach)</span>").format(c.status) if c.status_derived else c.status) if shows("status") else ("Status", ""),
            ("Referred by", view.link(c.referred_by, "contact") if c.referred_by and shows("referred_by") else ""),
            ("Met via", c.met_via if shows("met_via") else ""),
            ("Also known as", ", ".join(c.aliases) if shows("aliases") else ""),
            ("Email", external_link("mailto:" + c.email, c.email) if c.email and shows("email") else ""),
            ("Phone", external_link("tel:" + re.sub(r"[^\d+]", "", c.phone), c.phone) if c.phone and shows("phone") else ""),
            ("LinkedIn", external_link(c.linkedin, "LinkedIn profile") if c.linkedin and shows("linkedin") else ""),
            ("Website", external_link(c.website, _host(c.website)) if c.website and shows("website") else ""),
            ("Told where I landed", c.landed_notice.isoformat() if c.landed_notice and shows("landed_notice") else ""),
            ("Tags", Markup(" ").join(view.tag(t) for t in c.tags) if shows("tags") else ""),
            *self._extra(view, c),
        ]
        timeline: list[tuple[dt.date, Markup]] = []
        for iv in pub.interviews_of(c):
            if iv.date is not None:
                timeline.append((iv.date, view.note(iv, f"{iv.medium or 'meeting'} meeting, {iv.status}")))
        if shows("outreach"):
            for o in c.outreach:
                arrow = "from them" if o.direction == "in" else "sent"
                note = Markup(": {}").format(o.note) if o.note else ""
                timeline.append((o.date, Markup('<span class="iv-muted">{} {}</span>{}').format(o.via, arrow, note)))
        timeline.sort(key=lambda e: e[0])
        body = view.body(c)
        return self.render(
            src,
            "person.html",
            c.name,
            tags=c.tags if shows("tags") else (),
            search=self._search(src, c.name, [("Role", c.role), ("Company", c.company.text if c.company and self._company_public(c) else None), ("Field", c.field), ("Status", c.status)], body, c),
            c=c,
            card=card,
            followups=self.items_about(c.path),
            timeline=timeline,
            body=body,
            fields=view.fields(c),
            chain=self._chain(view, c) if shows("referred_by") else None,
            given=self._given(view, pub.interviews_of(c)),
            referred=pub.referred.get(c.path, []),
            backlinks=self._backlinks(c),
            graph=pub.url(src, "graph.json", page=False),
        )

    def _company_public(self, c: Contact) -> bool:
        firm = self.pub.vault.company(c.company)
        return not self.pub.hides("company") and (firm is None or self.pub.is_published(firm))

    def _extra(self, view: View, note: Note) -> list[tuple[str, Markup]]:
        return [(str(k), view.value(v)) for k, v in note.extra.items() if not self.pub.hides(str(k)) and str(k).casefold() != "type"]

    def _chain(self, view: View, c: Contact) -> list[Markup]:
        pub = self.pub
        steps = []
        for node in chain_from(pub.parents, c.path):
            if node == OWNER:
                steps.append(Markup('{} <span class="iv-muted">(you)</span>').format(pub.config.owner))
                continue
            note = pub.vault.get(node) if isinstance(node, str) else None
            if note is None:
                steps.append(esc(pub.graph.nodes[node].get("name", "")) if node in pub.graph else esc(""))
            elif not pub.is_published(note):
                steps.append(Markup('<span class="iv-muted">a private contact</span>'))
            elif note.path == c.path:
                steps.append(Markup("<strong>{}</strong>").format(note.name))
            else:
                steps.append(view.note(note))
        return steps

    def _given(self, view: View, ivs: list[Interview]) -> list[Markup]:
        seen: dict[str, Markup] = {}
        if self.pub.hides("referrals"):
            return []
        for iv in ivs:
            for link in iv.referrals:
                seen.setdefault(link.key, view.link(link, "contact"))
        return list(seen.values())

    def _backlinks(self, note: Note) -> list[Note]:
        order = {"contact": 0, "company": 1, "interview": 2}
        return sorted(self.pub.backlinks.get(note.path, []), key=lambda n: (order.get(n.type, 3), fold(n.name), n.path))

    def _search(self, src: str, title: str, facts: list[tuple[str, Any]], body: Rendered | None, note: Note | None) -> dict[str, Any]:
        """One search entry: the title, each public fact on a line of its own, then the note's text."""
        lines = [Markup("<p>{}: {}</p>").format(label, value) for label, value in facts if value and not self.pub.hides(label.casefold())]
        if body is not None and body.html:
            words = " ".join(re.sub(r"<[^>]+>", " ", str(body.html)).split())
            if words:
                lines.append(Markup("<p>{}</p>").format(Markup(words[:1000])))
        entry: dict[str, Any] = {"location": self.pub.page_url(src), "title": str(esc(title)), "text": "".join(lines)}
        if note is not None and note.tags and not self.pub.hides("tags"):
            entry["tags"] = [str(esc(t)) for t in note.tags]
        return entry

    # -- companies ------------------------------------------------------------------------
    def companies_index(self) -> Page:
        pub, src = self.pub, "companies/index.md"
        view = View(self, src)
        rows = []
        for co in pub.companies:
            rows.append(self._company_row(view, co.name, co.path, co))
        for key, name in pub.noteless_companies.items():
            rows.append(self._company_row(view, name, key, None))
        rows.sort(key=lambda r: r["sort"])
        first, more = self.more(src, "companies", self.rows.company, rows)
        return self.render(src, "companies.html", "Companies", hide=WIDE, rows=first, more=more, total=len(rows), count=plural(len(rows), "company", "companies"))

    def _company_row(self, view: View, name: str, key: str, co: Company | None) -> dict[str, Any]:
        people = self.pub.employees(key)
        nxt = next((i for i in self.items if i.person_path in {p.path for p in people}), None)
        link = view.note(co) if co is not None else Markup('<a class="infoview-link" href="{}">{}</a>').format(view.url(self._noteless[key]), name)
        return {
            "sort": fold(name),
            "note": co,
            "link": link,
            "industry": co.industry if co is not None and co.industry and not self.pub.hides("industry") else "",
            "people": len(people),
            "meetings": sum(len(self.pub.interviews_of(p)) for p in people),
            "next": Markup("{} · {} <span class='iv-muted'>{}</span>").format(nxt.person, nxt.what, nxt.when) if nxt else "",
            "next_sort": f"{int(not nxt.firing)}{(nxt.due or dt.date.min).isoformat()}" if nxt else "9",
        }

    def company(self, co: Company | None, key: str | None = None) -> Page:
        pub = self.pub
        if co is not None:
            src, name, key = pub.src(co), co.name, co.path
        else:
            src, name = self._noteless[key], pub.noteless_companies[key]  # type: ignore[index]
        assert src is not None and key is not None
        view = View(self, src)
        people = sorted(pub.employees(key), key=lambda c: fold(c.name))
        card: list[tuple[str, Any]] = []
        body = None
        if co is not None:
            card = [
                ("Industry", co.industry if not pub.hides("industry") else ""),
                ("Website", external_link(co.website, _host(co.website)) if co.website and not pub.hides("website") else ""),
                ("Also known as", ", ".join(co.aliases) if not pub.hides("aliases") else ""),
                ("Tags", Markup(" ").join(view.tag(t) for t in co.tags) if not pub.hides("tags") else ""),
                *self._extra(view, co),
            ]
            body = view.body(co)
        meetings = sorted({iv.path: iv for c in people for iv in pub.interviews_of(c)}.values(), key=lambda iv: (iv.date or dt.date.min, iv.path))
        return self.render(
            src,
            "company.html",
            name,
            tags=co.tags if co is not None and not pub.hides("tags") else (),
            search=self._search(src, name, [("Industry", co.industry if co else None), ("People", ", ".join(c.name for c in people))], body, co),
            name=name,
            co=co,
            hint=f'`infoview new company "{name}"` writes one.',
            card=card,
            followups=self.items_about(*(c.path for c in people)),
            people=people,
            meetings=meetings,
            body=body,
            fields=view.fields(co) if co is not None else "",
            backlinks=self._backlinks(co) if co is not None else [],
        )

    # -- meetings -----------------------------------------------------------------------------
    def checklist(self, iv: Interview) -> list[Check]:
        """The follow-ups a meeting calls for, each with its state today (the states of its items)."""
        if iv.status in ("cancelled", "rescheduled"):
            return []
        held = iv.status == "done"
        mine = {i.rule: i for i in self.items if i.path == iv.path}
        people = self.pub.vault.people(iv)

        def check(label: str, done: dt.date | None, rule: str) -> Check:
            if done is not None:
                return Check(label, "done", done)
            if not held:
                return Check(label, "later")
            item = mine.get(rule)
            if item is None:
                return Check(label, "open")
            overdue = item.firing and item.due is not None and item.due < self.pub.today
            return Check(label, "overdue" if overdue else "due", item.due)

        thanked = iv.thank_you_sent or (max(iv.thanked.values()) if iv.thanked and len(iv.thanked) >= len(people) else None)
        out = [check("Thank-you note", thanked, "thank-you-overdue")]
        if any(c.referred_by for c in people):
            out.append(check("Referrer thanked", iv.referrer_thanked, "referrer-thanks-overdue"))
        names = iv.date if iv.referrals or iv.referrals_asked else None
        out.append(check("Names asked for", names, "no-referrals-asked"))
        if iv.medium == "phone" or iv.resume_sent is not None or "resume-not-offered" in mine:
            out.append(check("Resume sent", iv.resume_sent, "resume-not-offered"))
        if iv.resume_sent is not None:
            out.append(check("Resume feedback", iv.resume_feedback, "resume-feedback-pending"))
        return out

    def meetings_index(self) -> Page:
        pub, src, today = self.pub, "meetings/index.md", self.pub.today
        rows = []
        for iv in pub.interviews:
            checks = self.checklist(iv)
            done = sum(1 for c in checks if c.state == "done")
            overdue = sum(1 for c in checks if c.state == "overdue")
            due = sum(1 for c in checks if c.state == "due")
            summary = (f"{done}/{len(checks)} done" + (f", {overdue} overdue" if overdue else "") + (f", {due} due" if due else "")) if checks else ""
            when = iv.start.strftime("%Y-%m-%d %H:%M") if iv.start else (iv.date.isoformat() if iv.date else "undated")
            rows.append({"iv": iv, "when": when, "sort": when, "today": iv.date == today, "summary": summary, "overdue": overdue, "open": len(checks) - done})
        upcoming = sorted((r for r in rows if r["iv"].date is not None and r["iv"].date >= today), key=lambda r: r["sort"])
        past = sorted((r for r in rows if r["iv"].date is None or r["iv"].date < today), key=lambda r: r["sort"], reverse=True)
        up_first, up_more = self.more(src, "upcoming", self.rows.meeting, upcoming)
        past_first, past_more = self.more(src, "past", self.rows.meeting, past)
        return self.render(
            src, "meetings.html", "Meetings", hide=WIDE, today=today, statuses=INTERVIEW_STATUSES, mediums=MEDIUMS,
            upcoming=up_first, upcoming_more=up_more, upcoming_total=len(upcoming), past=past_first, past_more=past_more, past_total=len(past),
        )  # fmt: skip

    def meeting(self, iv: Interview) -> Page:
        pub = self.pub
        src = pub.src(iv)
        assert src is not None
        view = View(self, src)
        names = ", ".join(c.name for c in pub.people(iv)) or (iv.contact.text if iv.contact else "someone")
        when = iv.date.isoformat() if iv.date else "undated"
        title = f"Meeting with {names}, {when}"
        firm = next((view.link(c.company, "company") for c in pub.people(iv) if c.company), "")
        card = [
            ("With", view.people(iv)),
            ("When", iv.start.strftime("%Y-%m-%d %H:%M") if iv.start else when),
            ("Medium", iv.medium or ""),
            ("Status", iv.status + (f" (by {iv.changed_by})" if iv.changed_by else "")),
            ("Company", firm if not pub.hides("company") else ""),
            ("May use their name", ("yes" if iv.may_use_name else "no") if iv.may_use_name is not None else ""),
            ("Names asked for", "yes, none given" if iv.referrals_asked and not iv.referrals else ""),
            ("Tags", Markup(" ").join(view.tag(t) for t in iv.tags) if not pub.hides("tags") else ""),
            *self._extra(view, iv),
        ]
        card = [(k, v) for k, v in card if not pub.hides(k.casefold().replace(" ", "_"))]
        questions = [str(q) for q in _listed(iv.data.get("questions"))] if not pub.hides("questions") else []
        research = iv.data.get("research")
        research = [str(r) for r in _listed(research)] if research not in (None, False, True) and not pub.hides("research") else []
        body = view.body(iv)
        return self.render(
            src,
            "meeting.html",
            title,
            tags=iv.tags if not pub.hides("tags") else (),
            search=self._search(src, title, [("With", names), ("Medium", iv.medium), ("Status", iv.status)], body, iv),
            title=title,
            iv=iv,
            card=card,
            checklist=self.checklist(iv),
            followups=self.items_about(iv.path),
            given=self._given(view, [iv]),
            questions=questions,
            research=research,
            body=body,
            fields=view.fields(iv),
            backlinks=self._backlinks(iv),
        )

    # -- rules, tags, graph ---------------------------------------------------------------------
    def rules_page(self) -> Page:
        src = "rules/index.md"
        findings = sorted(self.pub.public_findings, key=lambda f: (severity_rank(f.severity), f.due or dt.date.min, f.path, f.line))
        first, more = self.more(src, "findings", self.rows.finding, findings)
        reference = rules_reference_markdown().split("\n", 1)[1]  # this page has its own title
        html = markdown.Markdown(extensions=["tables", "toc", "fenced_code"], extension_configs={"toc": {"baselevel": 2}}).convert(reference)
        html = html.replace("<table>", '<table class="iv-table iv-reference">')  # stacked on a phone like every table
        return self.render(src, "rules.html", "Rules", findings=first, more=more, total=len(findings), reference=Markup(html))  # our own text

    def tags_index(self) -> Page:
        view = View(self, "tags/index.md")
        tags = [{"link": view.tag(shown), "count": len(notes)} for shown, notes in self.pub.tags.values()]
        return self.render("tags/index.md", "tags.html", "Tags", tag_list=tags)

    def tag(self, key: str) -> Page:
        shown, notes = self.pub.tags[key]
        src = self.pub.tag_src(shown)
        assert src is not None
        by_section: dict[str, list[Note]] = {}
        view = View(self, src)
        for note in sorted(notes, key=lambda n: (fold(view.name(n)), n.path)):
            by_section.setdefault({"people": "People", "companies": "Companies", "meetings": "Meetings"}[section_of(note) or "people"], []).append(note)
        order = ["People", "Companies", "Meetings"]
        return self.render(src, "tag.html", f"#{shown}", tag=shown, sections=[(s, by_section[s]) for s in order if s in by_section])

    def graph_page(self) -> Page:
        pub, src = self.pub, "graph/index.md"
        view = View(self, src)
        rows = []
        for c in sorted(pub.contacts, key=lambda c: (fold(c.name), c.path)):
            ref = pub.contact(c.referred_by) if not pub.hides("referred_by") else None
            rows.append({"note": c, "referrer": view.note(ref) if ref is not None else ""})
        first, more = self.more(src, "graph-people", self.rows.graph_item, rows)
        return self.render(src, "graph.html", "Referral graph", hide=WIDE, data=pub.url(src, "graph.json", page=False), rows=first, more=more, total=len(rows))


def build_pages(pub: Published, templates: str | Path | None = None, errors: list[tuple[str, str]] | None = None) -> SiteBuilder:
    """Every page of the site; a page that cannot be built is reported in ``errors`` and left out."""
    site = SiteBuilder(pub, templates)
    jobs: list[tuple[str, Callable[[], Page]]] = [
        ("index.md", site.dashboard),
        ("people/index.md", site.people_index),
        ("companies/index.md", site.companies_index),
        ("meetings/index.md", site.meetings_index),
        ("rules/index.md", site.rules_page),
        ("tags/index.md", site.tags_index),
        ("graph/index.md", site.graph_page),
    ]
    for note in pub.vault.notes:
        src = pub.src(note)
        if src is not None:
            make = {"contact": site.person, "company": site.company, "interview": site.meeting}[note.type]
            jobs.append((src, lambda note=note, make=make: make(note)))
    jobs += [(site.noteless_src(key), lambda key=key: site.company(None, key)) for key in pub.noteless_companies]
    jobs += [(f"tags/{key}", lambda key=key: site.tag(key)) for key in pub.tags]
    for src, job in jobs:
        try:
            job()
        except (jinja2.TemplateError, ValueError, TypeError, KeyError, AttributeError, OSError) as exc:
            if errors is None:
                raise
            errors.append((src, f"{type(exc).__name__}: {exc}"))
    return site


def _headings(html: str) -> list[tuple[int, str, str]]:
    """The h2 and h3 headings with an id in a page's HTML: its table of contents."""
    return [(int(m.group(1)), m.group(2), " ".join(re.sub(r"<[^>]+>", "", m.group(3)).split())) for m in _HEADING.finditer(html)]


_HEADING = re.compile(r'<h([23])[^>]*\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)


def _numbers(stats: dict[str, Any]) -> list[dict[str, str]]:
    """The dashboard's numbers, each saying what it counts and what it divides by."""
    y, r, t = stats["referral_yield"], stats["response_rate"], stats["totals"]
    gave = next((row["count"] for row in stats["funnel"] if row["stage"] == "gave names"), 0)
    return [
        {"value": str(t["contacts"]), "label": "people", "detail": ""},
        {"value": str(t["companies"]), "label": "companies", "detail": ""},
        {"value": str(y["meetings"]), "label": "meeting held" if y["meetings"] == 1 else "meetings held", "detail": ""},
        {"value": str(y["names"]), "label": "names gained", "detail": f"{plural(gave, 'person', 'people')} you met gave names"},
        {"value": f"{y['yield']:.2f}" if y["yield"] is not None else "–", "label": "names per meeting", "detail": f"{y['names']} names ÷ {plural(y['meetings'], 'meeting')}"},
        {"value": f"{r['rate']:.0%}" if r["rate"] is not None else "–", "label": "answered", "detail": f"{r['responded']} of the {plural(r['reached_out'], 'person', 'people')} you wrote to"},
    ]


def _host(url: str) -> str:
    """A web address as a reader says it: its host, without ``www.`` (the link keeps the whole address)."""
    return urlsplit(url.strip()).netloc.removeprefix("www.") or url


def _listed(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return [v for v in value if v is not None and str(v).strip()]
    return [] if value is None else [value]

