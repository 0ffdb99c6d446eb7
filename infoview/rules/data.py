"""Data rules: what is wrong with the notes themselves, whatever the day.

The loader reports what it meets while reading (a YAML error, a wrong type,
a file it will not read); the checks below look across notes once they are
read: links, duplicates, dates. :func:`infoview.load_vault` runs them, so
``vault.findings`` holds them all; :func:`future_dates` needs the day and
runs with the follow-up rules.
"""

from __future__ import annotations

import datetime as dt
import re

from ..finding import Finding
from ..links import Link, fold
from ..model import Contact, Interview, Note, Vault
from . import DATA_RULES, data_rule

__all__ = ["check_data", "future_dates", "unknown_ignores"]

_READING = [
    (
        "yaml-error",
        "error",
        "the frontmatter is not valid YAML (or TOML), never closed, too big, too deep, aliased into a bomb, or uses a `!!python/...` tag (never executed)",
        "A note whose keys cannot be read loses every fact in it, and is kept private until fixed: a `private: true` that cannot be read must not publish the note.",
        "Fix the line named; quote values holding `: `, and indent with spaces.",
    ),
    (
        "invalid-frontmatter",
        "error",
        "the frontmatter is a list or a single value, not keys and values",
        "infoview reads notes as keys and values.",
        "Write one `key: value` per line between the `---` lines.",
    ),
    (
        "invalid-field",
        "error",
        "a wrong type, an unknown value, an impossible date, a missing required key",
        "The field is left unset, so the rules cannot use it (a date that cannot exist never counts as a thank-you).",
        "Write the value as the hint says; dates are ISO, `2026-11-25`.",
    ),
    (
        "unfilled-placeholder",
        "error",
        "a template placeholder like `{{date}}` left in a note",
        "A placeholder is not a value: the note was made from a template and never filled in.",
        "Replace it with a real value, or delete the line.",
    ),
    (
        "duplicate-key",
        "warning",
        "a key written twice (the last one wins), or two spellings of one key",
        "One of the two values is silently ignored.",
        "Delete one of the two lines.",
    ),
    (
        "unquoted-link",
        "warning",
        "`[[Link]]` without quotes, which YAML reads as a nested list",
        "It still works, but other tools will read a list, not a link.",
        'Write it in quotes: `referred_by: "[[Jane Doe]]"`.',
    ),
    (
        "misspelled-key",
        "info",
        "a key close to one infoview reads (`refered_by`), probably a typo",
        "A misspelled key is kept as your own, and infoview never sees the value.",
        "Rename it, or map it in `infoview.yml` under `fields:`.",
    ),
    ("encoding-error", "warning", "bytes that are not UTF-8", "They read as \ufffd.", "Save the file as UTF-8."),
    (
        "not-text",
        "error",
        "a `.md` file holding binary data",
        "It is not a note.",
        "Move it out of the vault or rename it.",
    ),
    (
        "unreadable-file",
        "error",
        "a file that cannot be read",
        "Its facts are missing from every check.",
        "Check the file's permissions.",
    ),
    (
        "skipped-file",
        "warning",
        "a symlink leading out of the vault, a FIFO, a device or a linked folder: never read",
        "Only regular files inside the vault are read, so a link cannot publish a file from elsewhere.",
        "Keep the notes themselves inside the vault.",
    ),
    (
        "truncated-note",
        "warning",
        "a note over 2 MB, read up to 2 MB",
        "A huge paste would stall every check and build.",
        "Move long material into an attachment or split the note.",
    ),
    (
        "config-error",
        "error",
        "a bad value in `infoview.yml`",
        "A setting that cannot be used is never replaced by a default that could publish more.",
        "Fix the setting named; `check` and the site refuse to run until then.",
    ),
    (
        "no-vault",
        "error",
        "the vault folder does not exist",
        "There is nothing to check.",
        "Pass the folder holding contacts/, companies/ and interviews/.",
    ),
]
for _name, _severity, _summary, _why, _fix in _READING:
    data_rule(_name, _severity, _summary, _why, _fix)(None)  # type: ignore[arg-type]


def _finding(note: Note, line: int, severity: str, rule: str, message: str, hint: str = "") -> Finding:
    return Finding(note.path, max(line, 1), severity, rule, message, hint)


@data_rule(
    "broken-link",
    "error",
    "a link that matches no note (a warning in the body)",
    "A broken `referred_by`, `company` or `contact` drops the fact from every rule, chain and page.",
    'Fix the spelling, or create the note (`infoview new contact "Name"`).',
)
def broken_links(vault: Vault) -> list[Finding]:
    """Links that reach nothing, reach several notes, or reach a note of the wrong type."""
    files = {fold(path.rsplit("/", 1)[-1]) for path in vault.files}
    prospects = {link.key for iv in vault.interviews for link in iv.referrals if not vault.candidates(link)}
    out: list[Finding] = []
    for note in vault.notes:
        for link, key, want in _links_of(note):
            out.extend(_check_link(vault, note, link, key, want, prospects, files))
    return out


# Reported by broken_links, which looks at each link once.
data_rule(
    "ambiguous-link",
    "error",
    "a link that matches several notes",
    "infoview cannot tell which note is meant, so the fact is dropped.",
    "Link by file name or folder path instead (`[[People/jane-doe]]`).",
)(None)  # type: ignore[arg-type]


def _links_of(note: Note) -> list[tuple[Link, str, str | None]]:
    out: list[tuple[Link, str, str | None]] = []
    if isinstance(note, Contact):
        out += [
            (link, key, "company" if key == "company" else "contact")
            for key, link in (("company", note.company), ("referred_by", note.referred_by))
            if link is not None
        ]
    elif isinstance(note, Interview):
        out += [(link, "contact", "contact") for link in note.contacts]
        out += [(link, "referrals", "contact") for link in note.referrals]
    out += [(link, "body", None) for link in note.links]
    return out


def _check_link(
    vault: Vault, note: Note, link: Link, key: str, want: str | None, prospects: set[str], files: set[str]
) -> list[Finding]:
    if not link.wiki:
        return []
    found = vault.candidates(link)
    if want is not None and len(found) > 1:
        found = [n for n in found if n.type == want] or found

    def bad(severity: str, rule: str, message: str, hint: str) -> list[Finding]:
        return [
            _finding(note, link.line or note.line_of(key), severity, rule, f"{key}: [[{link.target}]] {message}", hint)
        ]

    if not found:
        if key == "referrals" or link.key in prospects or (key == "body" and fold(link.target) in files):
            return []
        hint = f'fix the spelling, or create the note (`infoview new {want or "contact"} "{link.target}"`)'
        return bad("warning" if key == "body" else "error", "broken-link", "matches no note", hint)
    if len(found) > 1:
        paths = ", ".join(n.path for n in found)
        hint = f"link by path instead, e.g. [[{found[0].path[:-3]}]]"
        return bad("error", "ambiguous-link", f"matches {len(found)} notes: {paths}", hint)
    if want is not None and found[0].type != want and key != "body":
        return bad("error", "broken-link", f"is a {found[0].type}, not a {want}", f"link to a {want} note here")
    return []


_PROFILE = re.compile(r"^(?:https?://)?(?:[a-z]+\.)?linkedin\.com/in/([^/?#]+)", re.IGNORECASE)


def _profile(contact: Contact) -> str | None:
    m = _PROFILE.match((contact.linkedin or "").strip())
    return m.group(1).casefold() if m else ((contact.linkedin or "").strip().casefold() or None)


@data_rule(
    "duplicate-contact",
    "warning",
    "two contacts share an email or LinkedIn profile, or a name with nothing telling them apart",
    "Two notes for one person split their meetings, outreach and referrals, so follow-ups are missed.",
    "Merge the two notes, or tell them apart (a different name, their LinkedIn profile or email).",
)
def duplicate_contacts(vault: Vault) -> list[Finding]:
    """Same email or profile: one person. Same name: one person unless their profiles or emails differ."""
    out: list[Finding] = []
    seen: dict[tuple[str, str], Contact] = {}
    for contact in vault.contacts:
        keys = [("email", contact.email.strip().casefold())] if contact.email and contact.email.strip() else []
        if _profile(contact):
            keys.append(("linkedin", _profile(contact)))  # type: ignore[arg-type]
        keys += [("name", fold(n)) for n in dict.fromkeys((contact.name, *contact.aliases)) if fold(n)]
        reported = False
        for kind, key in keys:
            other = seen.setdefault((kind, key), contact)
            if other is contact or reported:
                continue
            reported = True
            if kind == "name" and _told_apart(contact, other):
                message = f"{other.path} has the same name, {contact.name!r}, with another profile or email"
                hint = "nothing to do if they are two people; link them by file name"
                out.append(_finding(contact, contact.line_of("name"), "info", "same-name", message, hint))
                continue
            what = {"email": "email address", "linkedin": "LinkedIn profile", "name": "name"}[kind]
            shown = f" {contact.name!r}" if kind == "name" else ""
            message = f"this contact shares the {what}{shown} with {other.path}"
            hint = "merge the two notes, or tell them apart with a different name, profile or email"
            out.append(_finding(contact, contact.line_of(kind), "warning", "duplicate-contact", message, hint))
    return out


def _told_apart(a: Contact, b: Contact) -> bool:
    """Two people with one name: their LinkedIn profiles or emails differ."""
    pa, pb = _profile(a), _profile(b)
    ea, eb = (a.email or "").strip().casefold(), (b.email or "").strip().casefold()
    return bool((pa and pb and pa != pb) or (ea and eb and ea != eb))


# Reported by duplicate_contacts.
data_rule(
    "same-name",
    "info",
    "two contacts share a name but their LinkedIn profiles or emails differ",
    "Probably two people; links by that name are ambiguous.",
    "Nothing to do if they are two people; link each by file name.",
)(None)  # type: ignore[arg-type]


@data_rule(
    "inconsistent-dates",
    "error",
    "a thank-you before the meeting, a follow-up or a `done` meeting dated after today, and the like",
    "A date that cannot be right makes a follow-up look done (or due) when it is not.",
    "Correct the date; log follow-ups on the day they happen.",
)
def inconsistent_dates(vault: Vault) -> list[Finding]:
    """Follow-ups dated before the meeting they follow, and the like."""
    out: list[Finding] = []
    for iv in vault.interviews:
        if iv.date is None:
            continue
        for key in ("thank_you_sent", "referrer_thanked", "resume_feedback"):
            value = getattr(iv, key)
            if value is not None and value < iv.date:
                out.append(_dates(iv, iv.line_of(key), f"{key} ({value}) is before the meeting ({iv.date})"))
        if iv.resume_sent and iv.resume_feedback and iv.resume_feedback < iv.resume_sent:
            message = f"resume_feedback ({iv.resume_feedback}) is before resume_sent ({iv.resume_sent})"
            out.append(_dates(iv, iv.line_of("resume_feedback"), message))
        if iv.status in ("requested", "scheduled", "cancelled") and iv.thank_you_sent is not None:
            message = f"a thank-you is logged but the meeting is {iv.status}"
            hint = "set `status: done` if the meeting took place"
            out.append(_dates(iv, iv.line_of("thank_you_sent"), message, hint, "warning"))
    for contact in vault.contacts:
        for entry in contact.outreach:
            if entry.answered is not None and entry.answered < entry.date:
                message = f"outreach entry {entry.index + 1} is answered ({entry.answered}) before it was received ({entry.date})"
                out.append(_dates(contact, entry.line, message))
    return out


def _dates(
    note: Note, line: int, message: str, hint: str = "correct one of the two dates", severity: str = "error"
) -> Finding:
    return _finding(note, line, severity, "inconsistent-dates", message, hint)


@data_rule(
    "no-contacts",
    "warning",
    "a vault with notes but not one contact, company or interview (its folders are not mapped)",
    "Every follow-up rule is about people: with no contact read, `check` would pass whatever is overdue.",
    "Keep contacts in contacts/, or name your own folder in `infoview.yml` (`folders: {contacts: [People]}`).",
)
def no_contacts(vault: Vault) -> list[Finding]:
    if vault.contacts or vault.companies or vault.interviews or not vault.notes:
        return []
    folders = ", ".join(f + "/" for f in vault.config.folders["contact"])
    message = f"{len(vault.notes)} notes but no contact: looked in {folders} and for `type: contact`"
    hint = "move contact notes there, or map your folder: `folders: {contacts: [People]}`"
    return [Finding("infoview.yml", 1, "warning", "no-contacts", message, hint)]


def check_data(vault: Vault) -> list[Finding]:
    """Every data check of the catalogue (what :func:`infoview.load_vault` runs)."""
    return [f for r in DATA_RULES.values() if r.func is not None for f in r.func(vault)]


_FOLLOW_UPS = ("thank_you_sent", "referrer_thanked", "resume_sent", "resume_feedback")


def future_dates(vault: Vault, today: dt.date) -> list[Finding]:
    """Things marked done on a day that has not come yet: a `done` meeting, a follow-up, an outreach entry."""
    out: list[Finding] = []
    for iv in vault.interviews:
        if iv.status == "done" and iv.date is not None and iv.date > today:
            message = f"the meeting is marked done but is dated {iv.date}, after today ({today})"
            out.append(_dates(iv, iv.line_of("date"), message, "fix the date, or set the status back to scheduled"))
        for key in _FOLLOW_UPS:
            value = getattr(iv, key)
            if value is not None and value > today:
                hint = "log a follow-up on the day it happens; fix the date"
                out.append(_dates(iv, iv.line_of(key), f"{key} is {value}, after today ({today})", hint))
    for contact in vault.contacts:
        if contact.landed_notice is not None and contact.landed_notice > today:
            message = f"landed_notice is {contact.landed_notice}, after today ({today})"
            out.append(_dates(contact, contact.line_of("landed_notice"), message, "fix the date"))
        for entry in contact.outreach:
            for what, day in (("dated", entry.date), ("answered", entry.answered)):
                if day is not None and day > today:
                    message = f"outreach entry {entry.index + 1} is {what} {day}, after today ({today})"
                    hint = "log outreach on the day it happens; fix the date"
                    out.append(_dates(contact, entry.line, message, hint))
    return out


def unknown_ignores(vault: Vault, known: set[str]) -> list[Finding]:
    """A typo in a note's ``ignore:`` would silently silence nothing: say so."""
    hint = "use a rule name listed by `infoview rules`"
    return [
        _finding(note, note.line_of("ignore"), "warning", "invalid-field", f"ignore: unknown rule {name!r}", hint)
        for note in vault.notes
        for name in sorted(note.ignore - known)
    ]
