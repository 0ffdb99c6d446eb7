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
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markdown
from markupsafe import Markup

from ..charts import dashboard_charts_html, weekly_goal
from ..finding import severity_rank
from ..links import fold
from ..model import CONTACT_STATUSES, INTERVIEW_STATUSES, MEDIUMS, Company, Contact, Interview, Note
from ..referrals import OWNER, chain_from
from ..report import plural
from ..review import format_review, weekly_review
from ..rules import RULES, rules_reference_markdown
from .published import Published, section_of
from .render import Rendered, esc, render_body, title_text
from .view import Check, Item, View, day, followup_items, listed

__all__ = ["FIRST_ROWS", "Item", "Page", "build_pages", "environment"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: A long list shows this many rows; the rest come from a JSON file on "Show all".
FIRST_ROWS = 100
#: Weeks of review pages: /review/ (this week) and the weeks before it.
REVIEW_WEEKS = 12
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
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["day"] = day
    env.globals["plural"] = plural
    return env


# -- the pages ----------------------------------------------------------------------------


class SiteBuilder:
    """Builds every page of a :class:`Published` vault with the templates."""

    def __init__(self, pub: Published, templates: str | Path | None = None) -> None:
        self.pub = pub
        self.env = environment(templates)
        self.items = followup_items(pub)
        self.pages: dict[str, Page] = {}
        #: site path -> contents of the JSON files the "Show all" buttons fetch
        self.data: dict[str, str] = {}
        self.drafts: dict[tuple[str, str], Any] = {}  #: (kind, person) -> the letter, or None
        self.rows = self.env.get_template("_rows.html").module
        self.macros = self.env.get_template("_macros.html").module
        self._noteless = {key: f"companies/{slug}.md" for key, slug in pub.noteless_slugs.items()}
        self._by_path: dict[str, list[Item]] = defaultdict(list)  # a note's path -> its items, most urgent first
        self._by_person: dict[str, list[Item]] = defaultdict(list)  # a contact's path -> the items for them
        for i in self.items:
            self._by_path[i.path].append(i)
            if i.person_path:
                self._by_person[i.person_path].append(i)

    def noteless_src(self, key: str) -> str:
        return self._noteless[key]

    def render(
        self,
        src: str,
        template: str,
        page_title: str,
        *,
        hide: Iterable[str] = NARROW,
        tags: Iterable[str] = (),
        search: dict[str, Any] | None = None,
        **values: Any,
    ) -> Page:
        html = self.env.get_template(template).render(p=View(self, src), **values)
        safe_tags = [t for t in tags if _SAFE_TAG.fullmatch(t.casefold())]
        meta: dict[str, Any] = {"title": title_text(page_title), "hide": list(hide)}
        if safe_tags:
            meta["tags"] = safe_tags
        page = Page(src, title_text(page_title), html, _headings(html), meta, search)
        self.pages[src] = page
        return page

    def more(
        self, src: str, name: str, macro: Callable[..., str], rows: list[Any], first: int = FIRST_ROWS
    ) -> dict[str, Any]:
        """A long list as a template shows it: its first ``rows``, its ``total``, and ``more``, the URL (from
        ``src``) of the JSON file holding all of them rendered (None when every row is shown)."""
        if len(rows) <= first:
            return {"rows": rows, "more": None, "total": len(rows)}
        view = View(self, src)
        folder = src.rsplit("/", 1)[0] + "/" if "/" in src else ""
        dest = f"{folder}{name}.json"
        self.data[dest] = json.dumps([str(macro(r, view)) for r in rows], ensure_ascii=False)
        return {"rows": rows[:first], "more": self.pub.url(src, dest, page=False), "total": len(rows)}

    def listing(self, src: str, template: str, title: str, rows: list[Any], name: str, **values: Any) -> Page:
        """A wide page of one long list: its first rows, and "Show all" for the rest (``{name}.json``)."""
        macro = {"people": self.rows.person, "companies": self.rows.company, "graph-people": self.rows.graph_item}
        return self.render(src, template, title, hide=WIDE, **self.more(src, name, macro[name], rows), **values)

    def items_about(self, *paths: str) -> list[Item]:
        found = {id(i): i for p in paths for i in (*self._by_path.get(p, ()), *self._by_person.get(p, ()))}
        return sorted(found.values(), key=Item.key)

    # -- the dashboard ------------------------------------------------------------------
    def dashboard(self) -> Page:
        pub, src, today = self.pub, "index.md", self.pub.today
        week_end = today + dt.timedelta(days=7)

        def section(i: Item) -> str | None:
            if i.firing and (i.due is None or i.due < today):
                return "overdue"
            if i.due is None or i.due < today:
                return None
            return "today" if i.due == today else "this-week" if i.due <= week_end else "later"

        sections = [
            ("overdue", "Overdue", "Nothing overdue. Well done."),
            ("today", "Today", "Nothing due today."),
            ("this-week", "This week", "Nothing due in the next seven days."),
            ("later", "Later", ""),
        ]
        shown = []
        for key, heading, empty in sections:
            items = [i for i in self.items if section(i) == key]
            if key == "overdue":
                items.sort(key=lambda i: (severity_rank(i.severity), i.due or dt.date.min, fold(i.person)))
            if items or empty:
                part = self.more(src, f"{key}-items", self.macros.followup, items, FIRST_ITEMS)
                shown.append({"id": key, "title": heading, "empty": empty, **part})
        cfg = pub.config
        upcoming = sorted(
            (
                iv
                for iv in pub.interviews
                if iv.date is not None and iv.date >= today and iv.status in ("requested", "scheduled", "rescheduled")
            ),
            key=lambda iv: (iv.start or dt.datetime.combine(iv.date, dt.time()), iv.path),  # type: ignore[arg-type]
        )[:FIRST_ITEMS]
        stats = pub.stats
        week = today - dt.timedelta(days=today.weekday())
        title = cfg.site.title or f"{cfg.possessive} networking campaign"
        return self.render(
            src,
            "dashboard.html",
            title,
            title=title,
            today=today,
            goal=cfg.goal,
            feed=pub.url(src, "calendar.ics", page=False) if cfg.site.calendar_feed else None,
            sections=shown,
            upcoming=upcoming,
            data_problems=sum(1 for f in pub.public_findings if f.rule not in RULES),
            stats=stats,
            goal_per_week=weekly_goal(pub.vault),
            week_start=week,
            week=next(
                (w for w in stats["weeks"] if w["start"] == week.isoformat()),
                {"start": week.isoformat(), "outreach": 0, "meetings": 0},
            ),
            charts=Markup(dashboard_charts_html(pub.vault, today, stats)),
        )

    # -- people ------------------------------------------------------------------------
    def people_index(self) -> Page:
        pub, src = self.pub, "people/index.md"
        view = View(self, src)
        rows = [self._person_row(view, c) for c in sorted(pub.contacts, key=lambda c: (fold(c.name), c.path))]
        return self.listing(src, "people.html", "People", rows, "people", count=plural(len(rows), "person", "people"))

    def _person_row(self, view: View, c: Contact) -> dict[str, Any]:
        pub, today = self.pub, self.pub.today
        nxt = next(iter(self.items_about(c.path)), None)
        days = [o.date for o in c.outreach if o.date <= today]
        days += [iv.date for iv in pub.interviews_of(c) if iv.status == "done" and iv.date and iv.date <= today]
        return {
            "note": c,
            "sort": fold(c.name),
            "tags": [] if pub.hides("tags") else list(c.tags),
            "next": nxt,
            "company": view.link(c.company, "company") if c.company and not pub.hides("company") else "",
            "role": c.role if c.role and not pub.hides("role") else "",
            "status": c.status if not pub.hides("status") else "",
            "status_rank": CONTACT_STATUSES.index(c.status) if c.status in CONTACT_STATUSES else 9,
            "referred_by": view.link(c.referred_by, "contact")
            if c.referred_by and not pub.hides("referred_by")
            else "",
            "last": max(days, default=None),
        }

    def person(self, c: Contact) -> Page:
        pub = self.pub
        src = pub.src(c)
        assert src is not None
        view = View(self, src)
        shows = lambda key: not pub.hides(key)
        timeline = [(iv.date, iv) for iv in pub.interviews_of(c) if iv.date is not None]
        timeline += [(o.date, o) for o in c.outreach] if shows("outreach") else []
        timeline.sort(key=lambda e: e[0])
        body = view.body(c)
        return self.render(
            src,
            "person.html",
            c.name,
            tags=c.tags if shows("tags") else (),
            search=self._search(
                src,
                c.name,
                [
                    ("Role", c.role),
                    ("Company", c.company.text if c.company and self._company_public(c) else None),
                    ("Field", c.field),
                    ("Status", c.status),
                ],
                body,
                c,
            ),
            c=c,
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

    def _search(
        self, src: str, title: str, facts: list[tuple[str, Any]], body: Rendered | None, note: Note | None
    ) -> dict[str, Any]:
        """One search entry: the title, each public fact on a line of its own, then the note's text."""
        lines = [
            Markup("<p>{}: {}</p>").format(label, value)
            for label, value in facts
            if value and not self.pub.hides(label.casefold())
        ]
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
        rows = [self._company_row(view, co.name, co.path, co) for co in pub.companies]
        rows += [self._company_row(view, name, key, None) for key, name in pub.noteless_companies.items()]
        rows.sort(key=lambda r: r["sort"])
        count = plural(len(rows), "company", "companies")
        return self.listing(src, "companies.html", "Companies", rows, "companies", count=count)

    def _company_row(self, view: View, name: str, key: str, co: Company | None) -> dict[str, Any]:
        people = self.pub.employees(key)
        nxt = min((i for p in people for i in self._by_person.get(p.path, ())), key=Item.key, default=None)
        return {
            "sort": fold(name),
            "note": co,
            "name": name,
            "url": view.url(self._noteless[key]) if co is None else None,
            "industry": co.industry if co is not None and co.industry and not self.pub.hides("industry") else "",
            "people": len(people),
            "meetings": sum(len(self.pub.interviews_of(p)) for p in people),
            "next": nxt,
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
        body = view.body(co) if co is not None else None
        meetings = sorted(
            {iv.path: iv for c in people for iv in pub.interviews_of(c)}.values(),
            key=lambda iv: (iv.date or dt.date.min, iv.path),
        )
        stem, followups = src.rsplit("/", 1)[-1][:-3], self.items_about(*(c.path for c in people))
        staff = ", ".join(c.name for c in people[:10]) + (f" and {len(people) - 10} more" if len(people) > 10 else "")
        return self.render(
            src,
            "company.html",
            name,
            tags=co.tags if co is not None and not pub.hides("tags") else (),
            search=self._search(src, name, [("Industry", co.industry if co else None), ("People", staff)], body, co),
            name=name,
            co=co,
            hint=f'`infoview new company "{name}"` writes one.',
            followups=self.more(src, f"{stem}-follow-ups", self.macros.followup, followups, FIRST_ITEMS),
            people=self.more(src, f"{stem}-people", self.rows.employee, people),
            meetings=self.more(src, f"{stem}-meetings", self.rows.meeting_item, meetings),
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
        mine = {i.rule: i for i in self._by_path.get(iv.path, ())}
        people = self.pub.vault.people(iv)

        def check(label: str, done: dt.date | None, rule: str, before: bool = False) -> Check:
            if done is not None:
                return Check(label, "done", done)
            if not held and not before:
                return Check(label, "later")
            item = mine.get(rule)
            if item is None:
                return Check(label, "open")
            overdue = item.firing and item.due is not None and item.due < self.pub.today
            return Check(label, "overdue" if overdue else "due", item.due)

        thanked = iv.thank_you_sent or (
            max(iv.thanked.values()) if iv.thanked and len(iv.thanked) >= len(people) else None
        )
        out = []
        if not held:  # what comes before: preparing, and writing down how it went once the day has passed
            out.append(
                check("Questions and research", iv.date if iv.prepared else None, "unprepared-meeting", before=True)
            )
            if iv.date is not None and iv.date < self.pub.today:
                out.append(check("Outcome logged", None, "outcome-not-logged", before=True))
        out.append(check("Thank-you note", thanked, "thank-you-overdue"))
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
            now = [c.state for c in self.checklist(iv) if c.state != "later"]
            done, overdue = now.count("done"), now.count("overdue")
            counts = [f"{done}/{len(now)} done"] + [f"{n} {s}" for s in ("overdue", "due") if (n := now.count(s))]
            summary = ", ".join(counts) if now else ""
            when = iv.start.strftime("%Y-%m-%d %H:%M") if iv.start else (iv.date.isoformat() if iv.date else "undated")
            rows.append(
                {
                    "iv": iv,
                    "when": when,
                    "today": iv.date == today,
                    "summary": summary,
                    "overdue": overdue,
                    "open": len(now) - done,
                }
            )
        upcoming = sorted(
            (r for r in rows if r["iv"].date is not None and r["iv"].date >= today), key=lambda r: r["when"]
        )
        past = sorted(
            (r for r in rows if r["iv"].date is None or r["iv"].date < today), key=lambda r: r["when"], reverse=True
        )
        return self.render(
            src,
            "meetings.html",
            "Meetings",
            hide=WIDE,
            today=today,
            statuses=INTERVIEW_STATUSES,
            mediums=MEDIUMS,
            upcoming=self.more(src, "upcoming", self.rows.meeting, upcoming),
            past=self.more(src, "past", self.rows.meeting, past),
        )

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
            *view.extra(iv),
        ]
        card = [(k, v) for k, v in card if not pub.hides(k.casefold().replace(" ", "_"))]
        questions = [str(q) for q in listed(iv.data.get("questions"))] if not pub.hides("questions") else []
        research = iv.data.get("research")
        research = (
            [str(r) for r in listed(research)]
            if research not in (None, False, True) and not pub.hides("research")
            else []
        )
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
        findings = sorted(
            self.pub.public_findings, key=lambda f: (severity_rank(f.severity), f.due or dt.date.min, f.path, f.line)
        )
        reference = rules_reference_markdown().split("\n", 1)[1]  # this page has its own title
        html = markdown.Markdown(
            extensions=["tables", "toc", "fenced_code"], extension_configs={"toc": {"baselevel": 2}}
        ).convert(reference)
        html = html.replace("<table>", '<table class="iv-table iv-reference">')  # stacked on a phone like every table
        findings = self.more(src, "findings", self.rows.finding, findings)
        return self.render(src, "rules.html", "Rules", **findings, reference=Markup(html))  # our own text

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
            by_section.setdefault(
                {"people": "People", "companies": "Companies", "meetings": "Meetings"}[section_of(note) or "people"], []
            ).append(note)
        stem = src.rsplit("/", 1)[-1][:-3]
        sections = [
            (s, self.more(src, f"{stem}-{s.lower()}", self.macros.link, by_section[s]))
            for s in ("People", "Companies", "Meetings")
            if s in by_section
        ]
        return self.render(src, "tag.html", f"#{shown}", tag=shown, sections=sections)

    def review(self, week_start: dt.date, weeks: list[dt.date]) -> Page:
        """The week in review (:mod:`infoview.review`, private notes left out); the latest at /review/."""
        pub, src = self.pub, self.review_src(week_start, weeks)
        view = View(self, src)
        text = format_review(weekly_review(pub.vault, week_start, pub.today, weeks=8, public=True))
        title, _, rest = text.partition("\n")
        body = render_body(rest, view.body_link, lambda tag: None, top=2)
        others = [(w, self.review_src(w, weeks)) for w in weeks if w != week_start]
        return self.render(
            src, "review.html", title.lstrip("# ").strip(), title=title.lstrip("# ").strip(), body=body, others=others
        )

    @staticmethod
    def review_src(week_start: dt.date, weeks: list[dt.date]) -> str:
        year, week, _ = week_start.isocalendar()
        return "review/index.md" if week_start == weeks[0] else f"review/{year}-W{week:02d}.md"

    def graph_page(self) -> Page:
        pub, src = self.pub, "graph/index.md"
        view = View(self, src)
        rows = []
        for c in sorted(pub.contacts, key=lambda c: (fold(c.name), c.path)):
            ref = pub.contact(c.referred_by) if not pub.hides("referred_by") else None
            rows.append({"note": c, "referrer": view.note(ref) if ref is not None else ""})
        data = pub.url(src, "graph.json", page=False)
        return self.listing(src, "graph.html", "Referral graph", rows, "graph-people", data=data)


def build_pages(
    pub: Published, templates: str | Path | None = None, errors: list[tuple[str, str]] | None = None
) -> SiteBuilder:
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
    monday = pub.today - dt.timedelta(days=pub.today.weekday())
    weeks = [monday - dt.timedelta(weeks=n) for n in range(REVIEW_WEEKS)] if monday.year > 1900 else []
    jobs += [(site.review_src(w, weeks), lambda w=w: site.review(w, weeks)) for w in weeks]
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
    return [
        (int(m.group(1)), m.group(2), " ".join(re.sub(r"<[^>]+>", "", m.group(3)).split()))
        for m in _HEADING.finditer(html)
    ]


_HEADING = re.compile(r'<h([23])[^>]*\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
