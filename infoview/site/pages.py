"""The site's pages as Markdown strings: pure functions of a :class:`SiteContext`.

Each page starts with a small YAML header (title, tags) and mixes Markdown
headings (so the table of contents works) with HTML blocks holding every
vault value, escaped. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from ..finding import Finding
from ..links import Link, slugify
from ..model import Company, Contact, Interview, Note
from . import privacy
from .attachments import Attachments
from .context import SiteContext
from .text import esc, external_link, render_body, title_text
from .urls import relative_url

__all__ = [
    "CheckItem",
    "checklist",
    "companies_index",
    "company_page",
    "front",
    "graph_page",
    "home_page",
    "meeting_page",
    "meetings_index",
    "people_index",
    "person_page",
    "rules_page",
    "tags_page",
]

_SAFE_TAG = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_/")
#: Index pages are wide tables: no sidebars (Material's ``hide``).
WIDE = ("navigation", "toc")
#: Other pages keep their table of contents; the section nav would only list the section itself.
NARROW = ("navigation",)


def front(title: str, *, tags: Iterable[str] = (), hide: Iterable[str] = ()) -> str:
    """The page header MkDocs reads: title (made safe for themes), tags when harmless, Material's ``hide``."""
    meta: dict[str, Any] = {"title": title_text(title)}
    # Material's tags plugin prints tag names unescaped: pass only plain ones.
    safe = [t for t in tags if t and set(t.casefold()) <= _SAFE_TAG]
    if safe:
        meta["tags"] = safe
    if hide:
        meta["hide"] = list(hide)
    lines = ["---", *(f"{k}: {json.dumps(v)}" for k, v in meta.items()), "---", ""]
    return "\n".join(lines)


def _h1(text: str) -> str:
    return f"<h1>{esc(text)}</h1>\n"


def _date(value: dt.date | None) -> str:
    return f'<time datetime="{value.isoformat()}">{value.isoformat()}</time>' if value else ""


def _block(html_lines: Iterable[str]) -> str:
    """An HTML block Markdown leaves alone: no blank line inside, blank lines around."""
    text = "\n".join(line for line in html_lines if line)
    return "\n" + text + "\n\n"


def _table(headers: Iterable[str], rows: list[str], *, css: str = "", table_id: str = "", empty: str = "") -> str:
    """A table of pre-rendered ``<tr>`` rows, scrollable on small screens; ``empty`` when there are none."""
    if not rows:
        return _block([f'<p class="infoview-empty">{esc(empty)}</p>']) if empty else ""
    ident = f' id="{table_id}"' if table_id else ""
    classes = " ".join(["infoview-table", *css.split()])
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    return _block(
        [
            f'<div class="infoview-scroll"><table class="{classes}"{ident}>',
            f"<thead><tr>{head}</tr></thead>",
            "<tbody>",
            *rows,
            "</tbody></table></div>",
        ]
    )


def _dl(rows: Iterable[tuple[str, str]], css: str = "infoview-card") -> str:
    items = [f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows if v]
    if not items:
        return ""
    return _block([f'<dl class="{css}">', *items, "</dl>"])


def _value(value: Any) -> str:
    """Any frontmatter value as escaped HTML; safe URLs become links."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dt.date, dt.datetime)):
        return esc(value.isoformat())
    if isinstance(value, str):
        return external_link(value) if _looks_like_url(value) else esc(value)
    if isinstance(value, Mapping):
        inner = "".join(f"<li>{esc(k)}: {_value(v)}</li>" for k, v in value.items())
        return f"<ul>{inner}</ul>"
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v) for v in value)
    return esc(value)


def _looks_like_url(value: str) -> bool:
    v = value.strip().lower()
    return v.startswith(("http://", "https://", "mailto:"))


def _tag_links(ctx: SiteContext, tags: Iterable[str], from_src: str) -> str:
    href = ctx.url(from_src, "tags/index.md")
    return " ".join(f'<a class="infoview-tag" href="{esc(href)}#{esc(_tag_id(t))}">#{esc(t)}</a>' for t in tags)


def _tag_id(tag: str) -> str:
    return "tag-" + slugify(tag)


def _extra_rows(ctx: SiteContext, note: Note) -> list[tuple[str, str]]:
    return [(str(k), _value(v)) for k, v in privacy.visible_extra(note, ctx.hidden).items()]


def _body(ctx: SiteContext, note: Note, src: str, section: str = "Notes") -> str:
    """The note's body under a ``## section`` heading, unless it brings its own headings."""

    def link(target: Link, embed: bool) -> str:
        if Attachments.looks_like_file(target):
            return ctx.file_link(target, src, embed)
        return ctx.link(target, src, written=True)

    text = render_body(note.body, link, title=note.name)
    if not text.strip():
        return ""
    if text.lstrip().startswith("#"):
        return "\n" + text + "\n"
    return f"## {section}\n\n" + render_body(note.body, link, title=note.name, shift_headings=1) + "\n"


# -- follow-up checklist ------------------------------------------------------


class CheckItem:
    """One follow-up of a meeting: what, and whether it is done, due, overdue or open."""

    __slots__ = ("date", "detail", "label", "state")

    def __init__(self, label: str, state: str, date: dt.date | None = None, detail: str = "") -> None:
        self.label = label
        self.state = state  #: done | overdue | due | open | later
        self.date = date
        self.detail = detail

    def __repr__(self) -> str:
        return f"CheckItem({self.label!r}, {self.state!r}, {self.date!r})"


_STATE_TEXT = {"done": "done", "overdue": "overdue", "due": "due", "open": "to do", "later": "after the meeting"}
_STATE_MARK = {"done": "\u2713", "overdue": "!", "due": "\u2026", "open": "\u2610", "later": "\u2013"}


def checklist(ctx: SiteContext, iv: Interview) -> list[CheckItem]:
    """The follow-ups a meeting calls for, each with its state today.

    Done items carry the date written in the note; open ones take their due
    date from the agenda (the rules' deadlines), so the page and ``infoview
    check`` agree.
    """
    if iv.status in ("cancelled", "rescheduled"):
        return []
    items = {item.kind: item for item in ctx.agenda_of(iv.path) if item.path == iv.path}
    held = iv.status == "done"
    who = ctx.contact(iv.contact)
    referrer = who.referred_by if who is not None else None

    def state(label: str, done: dt.date | None, kind: str, applies: bool = True) -> CheckItem | None:
        if not applies:
            return None
        if done is not None:
            return CheckItem(label, "done", done)
        if not held:
            return CheckItem(label, "later")
        item = items.get(kind)
        if item is not None:
            return CheckItem(label, "overdue" if item.overdue else "due", item.due, ctx.redact(item.what))
        return CheckItem(label, "open")

    out = [
        state("Thank-you note", iv.thank_you_sent, "thank-you"),
        state("Referrer thanked", iv.referrer_thanked, "referrer-thanks", applies=referrer is not None),
        # A resume is offered after a phone call (or when the rules ask for one); feedback once it was sent.
        state(
            "Resume sent",
            iv.resume_sent,
            "resume-offer",
            applies=iv.medium == "phone" or iv.resume_sent is not None or "resume-offer" in items,
        ),
        state("Resume feedback", iv.resume_feedback, "resume-feedback", applies=iv.resume_sent is not None),
    ]
    return [c for c in out if c is not None]


def _checklist_html(items: list[CheckItem]) -> str:
    lines = ['<ul class="infoview-checklist">']
    for c in items:
        when = ""
        if c.date is not None:
            prefix = {"done": "", "overdue": "since ", "due": "by "}.get(c.state, "")
            when = f" {prefix}{_date(c.date)}"
        lines.append(
            f'<li class="infoview-check infoview-check--{c.state}"><span class="infoview-mark" aria-hidden="true">'
            f"{_STATE_MARK[c.state]}</span> {esc(c.label)}: <strong>{_STATE_TEXT[c.state]}</strong>{when}</li>"
        )
    lines.append("</ul>")
    return _block(lines)


def _summary(items: list[CheckItem]) -> str:
    if not items:
        return ""
    counts = Counter(c.state for c in items)
    done = counts["done"]
    parts = [f"{done}/{len(items)} done"]
    for key in ("overdue", "due"):
        if counts[key]:
            parts.append(f"{counts[key]} {key}")
    return ", ".join(parts)


# -- findings ---------------------------------------------------------------------


# Rows of long lists are fragments (``ctx.fragment``): kept across ``mkdocs serve``
# rebuilds with their own reads, so a list is put together again from the rows
# that did not change instead of being written out whole.


def _finding_rows(ctx: SiteContext, findings: Iterable[Finding], from_src: str, *, hints: bool = True) -> str:
    rows = ctx.rows(_finding_row, findings, from_src, hints)
    return _table(("Severity", "Rule", "Due", "Where", "What"), rows, css="infoview-findings")


def _finding_row(ctx: SiteContext, f: Finding, from_src: str, hints: bool) -> str:
    note = ctx.note(f.path)
    where = f"<code>{esc(f.location)}</code>"
    if note is not None and ctx.src(note):
        where = ctx.note_link(note, from_src) + f" <code>{esc(f.location)}</code>"
    hint = f'<br><span class="infoview-muted">{esc(ctx.redact(f.hint))}</span>' if hints and f.hint else ""
    return (
        f'<tr class="infoview-sev--{esc(f.severity)}"><td>{esc(f.severity)}</td><td><code>{esc(f.rule)}</code></td>'
        f"<td>{_date(f.due)}</td><td>{where}</td><td>{esc(ctx.redact(f.message))}{hint}</td></tr>"
    )


def _finding_list(ctx: SiteContext, findings: Iterable[Finding], from_src: str, *, link_notes: bool = True) -> str:
    """Findings as a readable list: severity, due date, what, who; the hint and the place to edit below."""
    items = ctx.rows(_finding_item, findings, from_src, link_notes)
    if not items:
        return ""
    return _block(['<ul class="infoview-findings">', *items, "</ul>"])


def _finding_item(ctx: SiteContext, f: Finding, from_src: str, link_notes: bool) -> str:
    note = ctx.note(f.path)
    who = ""
    if link_notes and note is not None and ctx.src(note):
        who = " \u00b7 " + ctx.note_link(note, from_src)
    due = f" {_date(f.due)}" if f.due else ""
    hint = f"{esc(ctx.redact(f.hint))} \u00b7 " if f.hint else ""
    return (
        f'<li class="infoview-finding infoview-sev--{esc(f.severity)}">'
        f'<span class="infoview-badge">{esc(f.severity)}</span>{due} {esc(ctx.redact(f.message))}{who}'
        f'<br><span class="infoview-muted">{hint}<code>{esc(f.location)}</code> <code>{esc(f.rule)}</code></span></li>'
    )


# -- home ------------------------------------------------------------------------------


def _upcoming(ctx: SiteContext) -> list[Interview]:
    today = ctx.today
    ivs = [
        iv
        for iv in ctx.public_interviews()
        if iv.date is not None and iv.date >= today and iv.status in ("requested", "scheduled", "rescheduled")
    ]
    return sorted(ivs, key=lambda iv: (iv.start or dt.datetime.combine(iv.date, dt.time()), iv.path))


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def campaign_numbers(ctx: SiteContext) -> dict[str, Any]:
    """Counts over the published part of the vault (a private note never counts)."""
    contacts = ctx.public_contacts()
    today = ctx.today
    held = [iv for iv in ctx.public_interviews() if iv.status == "done" and iv.date and iv.date <= today]
    names: set[str] = set()
    for iv in held:
        for link in iv.referrals:
            found = ctx.candidates(link)
            if any(not ctx.is_published(n.path) for n in found):
                continue
            names.add(found[0].path if len(found) == 1 else "prospect:" + link.key)
    return {
        "contacts": len(contacts),
        "companies": len(ctx.public_companies()),
        "meetings held": len(held),
        "names gained": len(names),
        "referral yield": (len(names) / len(held)) if held else None,
    }


def home_page(ctx: SiteContext) -> str:
    """The dashboard: what is due, what is coming, how the campaign is going."""
    src = "index.md"
    cfg = ctx.config
    title = cfg.site.title or f"{cfg.owner}'s networking campaign"
    out = [front(title, hide=NARROW), _h1(title)]
    lede = [f"Today is {_date(ctx.today)}."]
    if cfg.goal:
        lede.append(f"Goal: {esc(cfg.goal)}.")
    if cfg.site.calendar_feed:
        feed = relative_url(src, "calendar.ics", ctx.directory_urls, to_is_page=False)
        lede.append(
            f'<a class="infoview-link" href="{esc(feed)}">Subscribe to the calendar</a> of meetings and follow-ups.'
        )
    out.append(_block([f'<p class="infoview-lede">{" ".join(lede)}</p>']))

    followup_rules = ctx.followup_rules  # one read, not one per finding (there may be tens of thousands)
    followups = [f for f in ctx.public_findings() if f.rule in followup_rules]
    followups.sort(key=lambda f: (f.due or dt.date.max, f.path, f.line))
    out.append("## Follow-ups due\n")
    listing = _finding_list(ctx, followups, src)
    out.append(listing or _block(['<p class="infoview-empty">Nothing overdue. Well done.</p>']))

    soon = [i for i in ctx.agenda() if not i.overdue and i.due <= ctx.today + dt.timedelta(days=7)]
    out.append("## Coming up this week\n")
    if soon:
        lines = ['<ul class="infoview-agenda">']
        for item in soon:
            person = ctx.note(item.person_path) if item.person_path else None
            who = ctx.note_link(person, src) if person is not None else esc(ctx.redact(item.person))
            lines.append(f"<li>{_date(item.due)} {esc(ctx.redact(item.what))} ({who})</li>")
        lines.append("</ul>")
        out.append(_block(lines))
    else:
        out.append(_block(['<p class="infoview-empty">Nothing due in the next seven days.</p>']))

    out.append("## Upcoming meetings\n")
    rows = []
    for iv in _upcoming(ctx):
        prep = (
            "prepared"
            if iv.prepared
            else ("questions only" if iv.questions else ("research only" if iv.research else "not prepared"))
        )
        when = iv.start.strftime("%Y-%m-%d %H:%M") if iv.start else iv.date.isoformat()
        rows.append(
            f"<tr><td>{ctx.note_link(iv, src, when)}</td><td>{ctx.link(iv.contact, src, 'contact')}</td>"
            f"<td>{esc(iv.medium or '')}</td><td>{esc(iv.status)}</td>"
            f'<td class="infoview-prep infoview-prep--{"yes" if iv.prepared else "no"}">{prep} '
            f'<span class="infoview-muted">({len(iv.questions)} questions)</span></td></tr>'
        )
    out.append(
        _table(
            ("When", "With", "Medium", "Status", "Preparation"),
            rows,
            empty="No meetings booked. Time to write some letters.",
        )
    )

    nums = campaign_numbers(ctx)
    out.append("## The campaign in numbers\n")
    stats = []
    for key, value in nums.items():
        shown = "–" if value is None else (f"{value:.1f}" if isinstance(value, float) else str(value))
        stats.append(
            f'<div class="infoview-stat"><span class="infoview-stat__value">{shown}</span> <span class="infoview-stat__label">{esc(key)}</span></div>'
        )
    out.append(_block(['<div class="infoview-stats">', *stats, "</div>"]))

    today = ctx.today
    week = _week_start(today)
    sent = sum(1 for c in ctx.public_contacts() for o in c.outreach if o.direction == "out" and week <= o.date <= today)
    met = sum(1 for iv in ctx.public_interviews() if iv.status == "done" and iv.date and week <= iv.date <= today)
    goal = ctx.weekly_goal()
    out.append("## This week\n")
    against = f" against a goal of {goal}" if goal is not None else ""
    status = ""
    if goal is not None:
        status = " On track." if sent + met >= goal else f" {goal - sent - met} more to go."
    out.append(
        _block(
            [
                (
                    f'<p class="infoview-week">Week of {_date(week)}: {sent} outreach sent and {met} meetings held'
                    f"{against}.{status}</p>"
                )
            ]
        )
    )

    charts = ctx.charts_html()
    if charts is not None:
        out.append("## Charts\n")
        out.append(_block([charts]))

    data = [f for f in ctx.public_findings() if f.rule not in followup_rules]
    if data:
        href = ctx.url(src, "rules/index.md")
        out.append("## Data problems\n")
        out.append(
            _block(
                [
                    f'<p>{len(data)} problem{"s" if len(data) != 1 else ""} in the notes: see <a class="infoview-link" href="{esc(href)}#current-findings">the findings</a>.</p>'
                ]
            )
        )
    return "".join(out)


# -- people ----------------------------------------------------------------------------


def last_contact(ctx: SiteContext, contact: Contact) -> dt.date | None:
    """The latest day you exchanged with them (outreach either way, or a meeting held), up to today."""
    today = ctx.today
    days = [o.date for o in contact.outreach if o.date <= today]
    days += [iv.date for iv in ctx.interviews_of(contact) if iv.status == "done" and iv.date and iv.date <= today]
    return max(days, default=None)


def next_action(ctx: SiteContext, contact: Contact) -> Any | None:
    """The earliest agenda item about this person."""
    items = [i for i in ctx.agenda_of(contact.path) if i.person_path == contact.path]
    return min(items, key=lambda i: (i.due, i.what), default=None)


def people_index(ctx: SiteContext) -> str:
    """Everyone published, in a table the shipped script sorts and filters."""
    src = "people/index.md"
    contacts = sorted(ctx.public_contacts(), key=lambda c: c.name.casefold())
    out = [front("People", hide=WIDE), _h1("People")]
    out.append(
        _block(
            [
                '<div class="infoview-filter">',
                '<label for="infoview-people-filter">Filter</label>',
                (
                    '<input type="search" id="infoview-people-filter" data-filter-table="infoview-people" '
                    'placeholder="name, company, role, status, tag" autocomplete="off">'
                ),
                f'<span class="infoview-muted" id="infoview-people-count" aria-live="polite">{len(contacts)} people</span>',
                "</div>",
            ]
        )
    )
    rows = ctx.rows(_person_row, contacts)
    headers = ("Name", "Company", "Role", "Status", "Referred by", "Last contact", "Next action")
    out.append(_table(headers, rows, css="infoview-sortable", table_id="infoview-people", empty="No people yet."))
    return "".join(out)


def _person_row(ctx: SiteContext, c: Contact) -> str:
    src = "people/index.md"
    company = ctx.link(c.company, src, "company") if c.company and ctx.shows("company") else ""
    ref = ctx.link(c.referred_by, src, "contact") if c.referred_by and ctx.shows("referred_by") else ""
    last = last_contact(ctx, c)
    action = next_action(ctx, c)
    act = ""
    if action is not None:
        cls = " infoview-overdue" if action.overdue else ""
        act = f'<span class="infoview-action{cls}">{esc(ctx.redact(action.what))}</span> {_date(action.due)}'
    role = esc(c.role) if c.role and ctx.shows("role") else ""
    tags = " ".join(c.tags) if ctx.shows("tags") else ""
    return (
        f'<tr data-tags="{esc(tags)}">'
        f'<td data-sort="{esc(c.name.casefold())}">{ctx.note_link(c, src)}</td>'
        f"<td>{company}</td><td>{role}</td>"
        f'<td data-sort="{_status_rank(c.status)}">{esc(c.status)}</td>'
        f"<td>{ref}</td>"
        f'<td data-sort="{last.isoformat() if last else ""}">{_date(last)}</td>'
        f'<td data-sort="{action.due.isoformat() if action else "9999"}">{act}</td></tr>'
    )


def _status_rank(status: str) -> int:
    order = ("prospect", "contacted", "scheduled", "met", "dormant")
    return order.index(status) if status in order else len(order)


def _chain_html(ctx: SiteContext, contact: Contact, src: str) -> str:
    if not ctx.has_graph():
        return ""
    chain = ctx.referral_chain(contact.path)
    if not chain:
        return _block(['<p class="infoview-chain">Not connected to you by any referral yet.</p>'])
    steps = []
    for node in chain:
        if node == ctx.graph_owner():
            steps.append(f'<li>{esc(ctx.config.owner)} <span class="infoview-muted">(you)</span></li>')
            continue
        note = ctx.note(node) if isinstance(node, str) else None
        if note is None:
            steps.append(f"<li>{esc(ctx.graph_name(node))}</li>")
        elif not ctx.is_published(note.path):
            steps.append('<li><span class="infoview-muted">a private contact</span></li>')
        elif note.path == contact.path:
            steps.append(f'<li aria-current="page"><strong>{esc(note.name)}</strong></li>')
        else:
            steps.append(f"<li>{ctx.note_link(note, src)}</li>")
    return _block(['<ol class="infoview-chain" aria-label="Referral chain from you">', *steps, "</ol>"])


def _names_given(ctx: SiteContext, ivs: list[Interview], src: str) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for iv in ivs:
        for link in iv.referrals:
            if link.key in seen:
                continue
            seen.add(link.key)
            out.append(ctx.link(link, src, "contact"))
    return out


def person_page(ctx: SiteContext, c: Contact) -> str:
    """A contact: card, chain from you, timeline, names given, referred, backlinks, notes."""
    src = ctx.src(c)
    assert src is not None, "only published contacts get a page"
    tags = c.tags if ctx.shows("tags") else ()
    out = [front(c.name, tags=tags, hide=NARROW), _h1(c.name)]
    rows: list[tuple[str, str]] = []

    def add(key: str, label: str, html_value: str) -> None:
        if ctx.shows(key) and html_value:
            rows.append((label, html_value))

    add("role", "Role", esc(c.role or ""))
    add("company", "Company", ctx.link(c.company, src, "company") if c.company else "")
    add("field", "Field", esc(c.field or ""))
    add(
        "status",
        "Status",
        esc(c.status)
        + (' <span class="infoview-muted">(from meetings and outreach)</span>' if c.status_derived else ""),
    )
    add("referred_by", "Referred by", ctx.link(c.referred_by, src, "contact") if c.referred_by else "")
    add("met_via", "Met via", esc(c.met_via or ""))
    add("aliases", "Also known as", esc(", ".join(c.aliases)))
    add("email", "Email", external_link("mailto:" + c.email, c.email) if c.email else "")
    add("phone", "Phone", esc(c.phone or ""))
    add("linkedin", "LinkedIn", external_link(c.linkedin) if c.linkedin else "")
    add("website", "Website", external_link(c.website) if c.website else "")
    add("landed_notice", "Told where I landed", _date(c.landed_notice))
    add("tags", "Tags", _tag_links(ctx, tags, src))
    rows.extend(_extra_rows(ctx, c))
    out.append(_dl(rows))

    # Who referred whom is the referred_by field: hiding it hides the chain too.
    chain = _chain_html(ctx, c, src) if ctx.shows("referred_by") else ""
    if chain:
        out.append("## Referral chain from you\n")
        out.append(chain)

    ivs = ctx.interviews_of(c)
    events: list[tuple[dt.date, int, str]] = []
    for iv in ivs:
        if iv.date is None:
            continue
        what = f"{esc(iv.medium or 'meeting')} meeting, {esc(iv.status)}"
        events.append((iv.date, 0, f"{ctx.note_link(iv, src, what)}"))
    if ctx.shows("outreach"):
        for o in c.outreach:
            arrow = "from them" if o.direction == "in" else "sent"
            note = f": {esc(o.note)}" if o.note else ""
            events.append((o.date, 1, f'<span class="infoview-muted">{esc(o.via)} {arrow}</span>{note}'))
    if events:
        events.sort(key=lambda e: (e[0], e[1]))
        out.append("## Timeline\n")
        items = [f"<li>{_date(day)} {html}</li>" for day, _, html in events]
        out.append(_block(['<ol class="infoview-timeline">', *items, "</ol>"]))

    given = _names_given(ctx, ivs, src)
    if given:
        out.append("## Names they gave\n")
        out.append(_block(['<ul class="infoview-names">', *(f"<li>{g}</li>" for g in given), "</ul>"]))

    referred = ctx.referred_contacts(c.path)
    if referred:
        out.append("## People they referred\n")
        out.append(_block(["<ul>", *(f"<li>{ctx.note_link(r, src)}</li>" for r in referred), "</ul>"]))

    out.append(_backlinks(ctx, c, src))
    out.append(_body(ctx, c, src))
    return "".join(out)


def _backlinks(ctx: SiteContext, note: Note, src: str) -> str:
    back = ctx.backlinks(note.path)
    if not back:
        return ""
    items = sorted(back, key=lambda n: (section_order(n), ctx.display(n).casefold()))
    return "## Mentioned in\n" + _block(
        ['<ul class="infoview-backlinks">', *(f"<li>{ctx.note_link(n, src)}</li>" for n in items), "</ul>"]
    )


def section_order(note: Note) -> int:
    return {"contact": 0, "company": 1, "interview": 2}.get(note.type, 3)


# -- companies ---------------------------------------------------------------------------


def companies_index(ctx: SiteContext) -> str:
    src = "companies/index.md"
    out = [front("Companies", hide=WIDE), _h1("Companies")]
    rows = []
    for co in sorted(ctx.public_companies(), key=lambda c: c.name.casefold()):
        people = ctx.contacts_at(co.path)
        meetings = sum(len(ctx.interviews_of(p)) for p in people)
        industry = esc(co.industry or "") if ctx.shows("industry") else ""
        rows.append(
            f"<tr><td>{ctx.note_link(co, src)}</td><td>{industry}</td><td>{len(people)}</td><td>{meetings}</td></tr>"
        )
    headers = ("Company", "Industry", "People", "Meetings")
    out.append(_table(headers, rows, css="infoview-sortable", table_id="infoview-companies", empty="No companies yet."))
    return "".join(out)


def company_page(ctx: SiteContext, co: Company) -> str:
    src = ctx.src(co)
    assert src is not None, "only published companies get a page"
    tags = co.tags if ctx.shows("tags") else ()
    out = [front(co.name, tags=tags, hide=NARROW), _h1(co.name)]
    rows: list[tuple[str, str]] = []
    if ctx.shows("industry"):
        rows.append(("Industry", esc(co.industry or "")))
    if ctx.shows("website") and co.website:
        rows.append(("Website", external_link(co.website)))
    if ctx.shows("aliases"):
        rows.append(("Also known as", esc(", ".join(co.aliases))))
    if ctx.shows("tags"):
        rows.append(("Tags", _tag_links(ctx, tags, src)))
    rows.extend(_extra_rows(ctx, co))
    out.append(_dl(rows))
    people = sorted(ctx.contacts_at(co.path), key=lambda c: c.name.casefold())
    if people:
        out.append("## People\n")
        items = [
            f"<li>{ctx.note_link(p, src)}"
            + (f' <span class="infoview-muted">{esc(p.role)}</span>' if p.role and ctx.shows("role") else "")
            + f" · {esc(p.status)}</li>"
            for p in people
        ]
        out.append(_block(["<ul>", *items, "</ul>"]))
    meetings = sorted(
        (iv for p in people for iv in ctx.interviews_of(p)), key=lambda iv: (iv.date or dt.date.min, iv.path)
    )
    if meetings:
        out.append("## Meetings\n")
        out.append(
            _block(["<ul>", *(f"<li>{ctx.note_link(iv, src)} · {esc(iv.status)}</li>" for iv in meetings), "</ul>"])
        )
    out.append(_backlinks(ctx, co, src))
    out.append(_body(ctx, co, src, "Research"))
    return "".join(out)


# -- meetings ------------------------------------------------------------------------------


def meetings_index(ctx: SiteContext) -> str:
    out = [front("Meetings", hide=WIDE), _h1("Meetings")]
    ivs = sorted(ctx.public_interviews(), key=lambda iv: (iv.date or dt.date.min, iv.path), reverse=True)
    rows = ctx.rows(_meeting_row, ivs)
    headers = ("Date", "With", "Medium", "Status", "Follow-ups")
    out.append(_table(headers, rows, css="infoview-sortable", table_id="infoview-meetings", empty="No meetings yet."))
    return "".join(out)


def _meeting_row(ctx: SiteContext, iv: Interview) -> str:
    src = "meetings/index.md"
    when = iv.date.isoformat() if iv.date else "undated"
    items = checklist(ctx, iv)
    cls = " infoview-overdue" if any(c.state == "overdue" for c in items) else ""
    return (
        f'<tr><td data-sort="{esc(when)}">{ctx.note_link(iv, src, when)}</td><td>{ctx.link(iv.contact, src, "contact")}</td>'
        f'<td>{esc(iv.medium or "")}</td><td>{esc(iv.status)}</td><td class="{cls.strip()}">{esc(_summary(items))}</td></tr>'
    )


def meeting_page(ctx: SiteContext, iv: Interview) -> str:
    src = ctx.src(iv)
    assert src is not None, "only published meetings get a page"
    who = ctx.contact(iv.contact)
    name = who.name if who is not None else (iv.contact.text if iv.contact else "someone")
    when = iv.date.isoformat() if iv.date else "undated"
    title = f"Meeting with {name}, {when}"
    tags = iv.tags if ctx.shows("tags") else ()
    out = [front(title, tags=tags, hide=NARROW), _h1(title)]
    rows: list[tuple[str, str]] = [
        ("With", ctx.link(iv.contact, src, "contact") if iv.contact else ""),
        ("When", esc(iv.start.strftime("%Y-%m-%d %H:%M")) if iv.start else _date(iv.date)),
        ("Medium", esc(iv.medium or "")),
        ("Status", esc(iv.status) + (f" (by {esc(iv.changed_by)})" if iv.changed_by else "")),
    ]
    if who is not None and who.company and ctx.shows("company"):
        rows.append(("Company", ctx.link(who.company, src, "company")))
    if iv.may_use_name is not None:
        rows.append(("May use their name", "yes" if iv.may_use_name else "no"))
    if iv.referrals_asked and not iv.referrals:
        rows.append(("Names asked for", "yes, none given"))
    if ctx.shows("tags"):
        rows.append(("Tags", _tag_links(ctx, tags, src)))
    rows.extend(_extra_rows(ctx, iv))
    rows = [(k, v) for k, v in rows if k.lower().replace(" ", "_") not in ctx.hidden]
    out.append(_dl(rows))

    items = checklist(ctx, iv)
    out.append("## Follow-up checklist\n")
    if items:
        out.append(_checklist_html(items))
    else:
        out.append(_block([f'<p class="infoview-empty">The meeting was {esc(iv.status)}: no follow-ups.</p>']))
    open_findings = [f for f in ctx.findings_of(iv.path) if ctx.is_followup(f)]
    if open_findings:
        out.append(_finding_list(ctx, open_findings, src, link_notes=False))

    names = _names_given(ctx, [iv], src)
    if names:
        out.append("## Names they gave\n")
        out.append(_block(['<ul class="infoview-names">', *(f"<li>{n}</li>" for n in names), "</ul>"]))
    # Questions and research written in the body show up in the notes below.
    questions = _listed(iv.data.get("questions"))
    if questions and ctx.shows("questions"):
        out.append("## Questions\n")
        out.append(_block(["<ol>", *(f"<li>{esc(q)}</li>" for q in questions), "</ol>"]))
    research = iv.data.get("research")
    if research not in (None, False, True) and ctx.shows("research"):
        out.append("## Research\n")
        out.append(_block(["<ul>", *(f"<li>{esc(r)}</li>" for r in _listed(research)), "</ul>"]))
    out.append(_backlinks(ctx, iv, src))
    out.append(_body(ctx, iv, src))
    return "".join(out)


def _listed(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None and str(v).strip()]
    if value is None:
        return []
    return [str(value)]


# -- rules, tags, graph ---------------------------------------------------------------------------


def rules_page(ctx: SiteContext) -> str:
    src = "rules/index.md"
    out = [front("Rules", hide=NARROW), _h1("Rules")]
    findings = ctx.public_findings()
    out.append("## Current findings\n")
    out.append(
        _finding_rows(ctx, findings, src)
        or _block(['<p class="infoview-empty">No findings: the notes are clean and nothing is overdue.</p>'])
    )
    reference = ctx.rules_reference()
    if reference is not None:
        first, _, rest = reference.partition("\n")
        if first.startswith("# "):  # this page has its own title
            reference = rest
        out.append("\n## Reference\n\n" + _demote(reference) + "\n")
    return "".join(out)


def _demote(markdown: str) -> str:
    """Headings one level down, so the reference sits under this page's own heading."""
    lines = []
    for line in markdown.splitlines():
        if line.startswith("#") and line.lstrip("#").startswith(" ") and not line.startswith("######"):
            line = "#" + line
        lines.append(line)
    return "\n".join(lines)


def tags_page(ctx: SiteContext) -> str:
    out = [front("Tags", hide=NARROW), _h1("Tags")]
    if not ctx.shows("tags"):
        return "".join(out)
    by_tag: dict[str, list[Note]] = defaultdict(list)
    shown: dict[str, str] = {}
    for note in ctx.notes():
        if ctx.is_published(note.path) and ctx.src(note):
            for tag in note.tags:
                key = tag.casefold()
                shown.setdefault(key, tag)
                by_tag[key].append(note)
    if not by_tag:
        out.append(_block(['<p class="infoview-empty">No tags yet.</p>']))
        return "".join(out)
    keys = sorted(by_tag)
    cloud = [
        f'<a class="infoview-tag" href="#{esc(_tag_id(shown[k]))}">#{esc(shown[k])} <span class="infoview-muted">{len(by_tag[k])}</span></a>'
        for k in keys
    ]
    out.append(_block(['<p class="infoview-tags">', " ".join(cloud), "</p>"]))
    sections = []
    for k in keys:
        # Stable, as before: notes with the same sort name keep their path order.
        entries = sorted(((section_order(n), *ctx.fragment(_tag_entry, n)) for n in by_tag[k]), key=lambda e: e[:2])
        sections.append(f'<section class="infoview-tag-section" id="{esc(_tag_id(shown[k]))}">')
        sections.append(f"<h2>#{esc(shown[k])}</h2>")
        sections.append("<ul>" + "".join(html for _, _, html in entries) + "</ul>")
        sections.append("</section>")
    out.append(_block(['<div class="infoview-tag-sections">', *sections, "</div>"]))
    return "".join(out)


def _tag_entry(ctx: SiteContext, note: Note) -> tuple[str, str]:
    """A note in a tag's list: its sort name, and the list item."""
    src = "tags/index.md"
    item = f'<li>{ctx.note_link(note, src)} <span class="infoview-muted">{esc(note.type)}</span></li>'
    return ctx.display(note).casefold(), item


def graph_page(ctx: SiteContext, data_url: str = "../graph.json") -> str:
    """The referral graph: a container the graph script fills, and the people as a list."""
    out = [front("Referral graph", hide=WIDE), _h1("Referral graph")]
    out.append(
        _block(
            [
                f'<div id="infoview-graph" class="infoview-graph" data-src="{esc(data_url)}" role="img" aria-label="Referral graph: the same people as the list below">',
                "<noscript><p>The interactive graph needs JavaScript; every person is listed below.</p></noscript>",
                "</div>",
            ]
        )
    )
    out.append("## People in the graph\n")
    contacts = sorted(ctx.public_contacts(), key=lambda c: c.name.casefold())
    items = ctx.rows(_graph_item, contacts)
    out.append(_block(['<ul id="infoview-graph-list">', *items, "</ul>"]))
    return "".join(out)


def _graph_item(ctx: SiteContext, c: Contact) -> str:
    src = "graph/index.md"
    ref = ctx.contact(c.referred_by) if ctx.shows("referred_by") else None
    via = (
        f' <span class="infoview-muted">referred by {ctx.note_link(ref, src)}</span>'
        if ref is not None and ctx.is_published(ref.path)
        else ""
    )
    return f'<li data-node="{esc(c.path)}">{ctx.note_link(c, src)}{via}</li>'
