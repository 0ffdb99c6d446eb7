"""Letters drafted from the notes: ``draft(vault, kind, person, today)`` writes one of :data:`KINDS`.

A letter says what the notes say: who the person is and how you came to them, the meeting's date and
medium, what you learned (``## Learned``, else ``## Notes``, else the first paragraph), the names given,
your ``goal:``. Every letter offers help in return. A missing fact is never invented: its sentence goes,
or the letter says what to add to which note. Templates: ``vault/templates/letters/<kind>.md``, else
``infoview/scaffold/letters/<kind>.md``; the first line ``Subject: ...`` is the subject. Placeholders
(``{{first_name}}`` = ``{{First Name}}``): the recipient's ``name first_name email company role field``;
your ``owner goal`` (a goal reads on after "I am working to"); the meeting's ``date medium learned
names``; ``person`` (referrer-thanks: whom you met through them); ``missed`` (names: the meeting that did
not happen); ``referrer`` (request: who gave you the name, when you may use it) and ``met_via``;
``resume_sent questions``; ``last_contact meetings_since introduced``; ``landed_company landed_role
landed_date``; and, for a missing fact, ``add_learned add_goal add_owner add_may_use_name``.

A line holding a placeholder with no value is left out, so a letter never has an empty slot; a line
starting with ``|`` is an alternative to the line above (of a line and its ``|`` lines, the first whose
placeholders all have values is kept). Runs of blank lines become one. An unknown placeholder is an error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import quote as quote_name
from importlib.resources import files
from urllib.parse import quote, urlencode

from .body import section_text, sections
from .links import LINK_RE, Link, fold
from .model import Contact, Interview, Note, Vault
from .questions import RESUME_QUESTIONS
from .rules import tasks
from .rules.campaign import last_touch
from .rules.followups import first_mentions, who
from .scaffold import placeholder_key

__all__ = ["KINDS", "Draft", "DraftError", "draft", "draft_link", "due_drafts", "fill_letter", "recipient"]

#: kind -> (the rule whose open task calls for it, the ``infoview log`` event sending it is, an outreach note)
_KINDS = {
    "request": ("referral-not-contacted", "outreach", "Asked for a meeting"),
    "thank-you": ("thank-you-overdue", "thank-you", ""),
    "referrer-thanks": ("referrer-thanks-overdue", "referrer-thanks", ""),
    "resume-offer": ("resume-not-offered", "resume-sent", ""),
    "resume-questions": ("resume-feedback-pending", "outreach", "Asked for specific feedback on my resume"),
    "names": ("no-referrals-asked", "outreach", "Asked for one or two names"),
    "keep-in-touch": ("keep-in-touch", "outreach", "Kept in touch"),
    "landed": ("landing-not-shared", "landed-notice", ""),
}
KINDS = tuple(_KINDS)
DUE = {rule: kind for kind, (rule, _, _) in _KINDS.items()}
PLACEHOLDERS = (
    *("name", "first_name", "email", "company", "role", "field", "owner", "goal", "date", "medium", "learned"),
    *("names", "person", "missed", "referrer", "met_via", "resume_sent", "questions", "last_contact"),
    *("meetings_since", "introduced", "landed_company", "landed_role", "landed_date"),
    *("add_learned", "add_goal", "add_owner", "add_may_use_name"),
)
Person = Contact | str  #: a contact, or a name given in a meeting that has no note yet
_MEDIUM = {"phone": "phone call", "video": "video call", "in-person": "meeting"}
_PLACEHOLDER = re.compile(r"\{\{([^{}\n]*)\}\}")
_SAFE = "!$'()*,;:@"  # RFC 6068 qchar delimiters kept; all else is percent-encoded ("+" too: it may read as space)


class DraftError(ValueError):
    """A letter the notes cannot support (no meeting to thank them for, no resume sent...), or a bad template."""


@dataclass(frozen=True)
class Draft:
    """A letter: to whom (the address when the notes have one), subject, body, and what it was made from."""

    kind: str
    to: str
    email: str | None
    subject: str
    body: str
    path: str | None  #: the recipient's note (None: a name given in a meeting, no note yet)
    meeting: str | None = None  #: the meeting note the letter is about
    about: str | None = None  #: referrer-thanks: the note of the person met
    sender: str | None = None  #: ``From``: the owner, when infoview.yml has ``email:``
    notes: tuple[str, ...] = ()  #: what to check before sending

    @property
    def log(self) -> tuple[str, str | None, str]:
        """What sending it is: an ``infoview log`` event, the contact note it goes on, an outreach note."""
        _, event, note = _KINDS[self.kind]
        return event, self.about if self.kind == "referrer-thanks" else self.path, note

    def text(self) -> str:
        """``To:``, ``Subject:``, a blank line and the body; ``To:`` says so when the notes have no address."""
        to = f"{self.to} <{self.email}>" if self.email else f"(no email address for {self.to} in the notes)"
        return f"To: {to}\nSubject: {self.subject}\n\n{self.body}"

    def mailto(self, *, address: bool = True) -> str:
        """An RFC 6068 ``mailto:`` URL: the address (when known and ``address``), subject, body with CRLF breaks."""
        body = self.body.replace("\r\n", "\n").replace("\n", "\r\n")
        query = urlencode({"subject": self.subject, "body": body}, safe=_SAFE, quote_via=quote)
        return f"mailto:{quote(self.email, safe='@') if address and self.email else ''}?{query}"

    def eml(self) -> bytes:
        """An RFC 5322 message; ``X-Unsent: 1`` makes mail programs open it as a draft to send."""
        msg = EmailMessage(policy=SMTP if f"{self.email}{self.sender}".isascii() else SMTPUTF8)  # RFC 6532 when needed
        to = self.email and f'"{quote_name(self.to)}" <{self.email}>'
        for header, value in (("From", self.sender), ("To", to), ("Subject", self.subject), ("X-Unsent", "1")):
            if value:
                msg[header] = value
        msg.set_content(self.body)
        return msg.as_bytes()


def fill_letter(text: str, values: dict[str, str], where: str = "template") -> tuple[str, str]:
    """``(subject, body)``: a template filled as the module's docstring says."""
    out, kept = [], False
    for number, raw in enumerate(text.lstrip("\ufeff").replace("\r\n", "\n").split("\n"), start=1):
        if raw.startswith("|") and kept:
            continue
        line = raw[1:].lstrip() if raw.startswith("|") else raw
        keys = [placeholder_key(k) for k in _PLACEHOLDER.findall(line)]
        if unknown := [k for k in keys if k not in values]:
            raise DraftError(f"{where}:{number}: unknown placeholder {{{{{unknown[0]}}}}}; known: {', '.join(values)}")
        if kept := all(values[k] for k in keys):
            out.append(_PLACEHOLDER.sub(lambda m: values[placeholder_key(m.group(1))], line).rstrip())
    first, _, rest = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n").partition("\n")
    if first.startswith("Subject:"):
        return first.removeprefix("Subject:").strip(), rest.strip("\n") + "\n"
    return "", f"{first}\n{rest}".strip("\n") + "\n"


def _day(day: dt.date | None, today: dt.date) -> str:
    return "" if day is None else f"{day:%B} {day.day}" + (f", {day.year}" if day.year != today.year else "")


def _and(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


def _phrase(text: str | None) -> str:
    """``Move into recruiting`` read on in a sentence: the first word lowered unless it is a name like HR or I."""
    text = (text or "").strip().rstrip(".")
    first = text.split()[0] if text else ""
    return text[0].lower() + text[1:] if len(first) > 1 and first[1:] == first[1:].lower() else text


def _learned(iv: Interview) -> tuple[str, bool]:
    """What the meeting note says you learned, as plain text, and whether it is the note's own ``## Learned``."""
    own = any(sections(iv.body, ("Learned",)).get("Learned", ((), ())))
    text = section_text(iv.body, ("Learned", "Notes"))
    text = LINK_RE.sub(lambda m: m.group(2).split("|")[-1] if "|" in m.group(2) else m.group(2).split("#")[0], text)
    text = re.sub(r"\*\*|__|`|(?<!\w)[*_]|[*_](?!\w)", "", text).strip()
    return (text if own else " ".join(re.split(r"(?<=[.!?])\s+", text)[:3])), own  # notes run long: 3 sentences


def _means(vault: Vault, link: Link | None, c: Person) -> bool:
    """Whether a link (``referred_by``, a name in ``referrals``) means ``c``: a contact, or a name with no note."""
    if isinstance(c, Contact):
        return (found := vault.contact(link)) is not None and found.path == c.path
    return link is not None and not vault.candidates(link) and link.key == fold(c)


def recipient(vault: Vault, person: Person) -> Person:
    """The contact ``person`` names, or the name itself when a meeting's ``referrals`` gave it and it has no note."""
    found = [n for n in vault.candidates(person) if isinstance(n, Contact)] if isinstance(person, str) else [person]
    if len(found) == 1:
        return found[0]
    if found or not any(x.key == fold(person) and not vault.candidates(x) for _, x in first_mentions(vault)):
        raise DraftError(f"{person!r} is {'ambiguous' if found else 'no contact, and no meeting gave that name'}")
    return person


class _Letter:
    """The facts of one letter, gathered kind by kind; ``public`` treats private notes as absent."""

    def __init__(self, vault: Vault, today: dt.date, public: bool) -> None:
        self.vault, self.today, self.public = vault, today, public
        self.values, self.notes = dict.fromkeys(PLACEHOLDERS, ""), []
        self.meeting: Interview | None = None
        self.about: Contact | None = None

    def shown(self, note: Note | None) -> bool:
        return note is not None and (not self.public or self.vault.public(note))

    def held(self, c: Contact) -> list[Interview]:
        ivs = self.vault.interviews_of(c)
        return [iv for iv in ivs if iv.status == "done" and iv.date and iv.date <= self.today and self.shown(iv)]

    def named(self, links: tuple[Link, ...]) -> list[str]:
        people = [(link, self.vault.contact(link)) for link in links]
        return [c.name if c else link.text for link, c in people if c is None or self.shown(c)]

    def meet(self, iv: Interview) -> None:
        self.meeting, v = iv, self.values
        v["date"], v["medium"] = _day(iv.date, self.today), _MEDIUM.get(iv.medium or "", "conversation")
        v["names"] = _and(self.named(iv.referrals))
        v["learned"], own = _learned(iv)
        if not v["learned"]:
            v["add_learned"] = f"(Add what you learned under ## Notes in {iv.path}, and this paragraph will say it.)"
        elif not own:
            self.notes.append(f"what you learned is quoted from ## Notes in {iv.path}: say it in your own words")

    def request(self, c: Person) -> None:
        """The referrer is named only when you may: a meeting of theirs giving the name says ``may_use_name:
        true``, or you wrote ``referred_by`` and none of their meetings says ``may_use_name: false``."""
        vault, contact = self.vault, c if isinstance(c, Contact) else None
        self.values["met_via"] = getattr(contact, "met_via", None) or ""
        naming = [iv for iv in vault.interviews if iv.date and any(_means(vault, x, c) for x in iv.referrals)]
        naming = sorted(filter(self.shown, naming), key=lambda iv: (iv.date, iv.path))
        written, ref = (contact.referred_by, vault.referrer(contact)) if contact else (None, None)
        giver = who(vault, naming[0]) if naming else (None, None)
        name = (ref.name if ref else written.text) if written else giver[0]
        if name is None or not all(self.shown(x) for x in (ref, giver[1]) if x is not None):
            return
        theirs = [iv for iv in naming if fold(who(vault, iv)[0]) == fold(name)]
        if refused := [iv for iv in theirs if iv.may_use_name is False]:
            self.notes.append(f"{name} is not named: {refused[0].path} says may_use_name: false")
        elif written or any(iv.may_use_name for iv in theirs):
            self.values["referrer"] = name
        else:
            where = f"Set `may_use_name: true` in {theirs[0].path}, and this letter will mention them."
            self.values["add_may_use_name"] = f"(Did {name} say you may use their name? {where})"

    def referrer_thanks(self, c: Person, about: Contact | None) -> Person:
        """To the referrer, about ``about``, else the person they referred still to thank (earliest first).
        Naming the person met works too, as ``infoview log referrer-thanks`` reads it."""
        vault = self.vault

        def met(m: Contact) -> bool:
            return _means(vault, m.referred_by, c) and bool(self.held(m))

        def referred(c: Person) -> list[Contact]:  # whom c may have referred
            return vault.referred(c) if isinstance(c, Contact) else vault.contacts

        alone = isinstance(c, Contact) and c.referred_by and not about and self.held(c)
        if alone and not any(map(met, referred(c))):
            about, c = c, vault.referrer(c) or c.referred_by.text  # type: ignore[union-attr]
        if not (people := [m for m in ([about] if about else referred(c)) if met(m)]):
            whom = f"{getattr(c, 'name', c)} referred (`referred_by`) nobody you have met"
            raise DraftError(whom + (f" called {about.name}" if about else ""))
        pending = [m for m in people if not any(iv.referrer_thanked for iv in vault.interviews_of(m))]
        self.about = min(pending or people, key=lambda m: (self.held(m)[0].date, m.path))
        self.meet(self.held(self.about)[0 if pending else -1])
        self.values["person"] = self.about.name
        return c

    def to_contact(self, c: Contact, kind: str) -> None:
        """The facts of the letters about meetings with a contact: which meeting, and what else they need."""
        held, v, vault = self.held(c), self.values, self.vault
        if kind in ("thank-you", "resume-offer"):
            key = "thank_you_sent" if kind == "thank-you" else "resume_sent"
            if not (open_ := [iv for iv in held if getattr(iv, key) is None] or (held if kind == "thank-you" else [])):
                why = f"`{key}` is logged on every one" if held else "`infoview log met` marks one done"
                raise DraftError(f"no done meeting with {c.name} calls for a {kind} letter: {why}")
            return self.meet(([iv for iv in open_ if iv.medium == "phone" and key == "resume_sent"] or open_)[-1])
        if kind == "resume-questions":
            if not (sent := [iv for iv in vault.interviews_of(c) if iv.resume_sent and self.shown(iv)]):
                raise DraftError(f"no resume sent to {c.name} is logged: a resume-offer letter comes first")
            iv = ([iv for iv in sent if iv.resume_feedback is None] or sent)[-1]
            v["resume_sent"] = _day(iv.resume_sent, self.today)
            v["questions"] = "\n".join(f"{i}. {q}" for i, q in enumerate(RESUME_QUESTIONS, start=1))
            return self.meet(iv)
        if kind == "landed":
            if (landed := vault.config.landed) is None:
                raise DraftError("`landed:` is not set in infoview.yml: add `landed: {date: ..., company: ...}`")
            company = vault.company(landed.company)
            v["landed_company"] = company.name if company else getattr(landed.company, "text", "")
            v["landed_role"], v["landed_date"] = landed.role or "", _day(landed.date, self.today)
        missed = [iv for iv in vault.interviews_of(c) if iv.status in ("cancelled", "rescheduled") and self.shown(iv)]
        if held:
            self.meet(held[-1])
        elif kind == "names" and missed:
            self.meeting, v["missed"] = missed[-1], _day(missed[-1].date, self.today)
        if kind == "keep-in-touch":
            last = last_touch(vault, c)
            since = [
                iv
                for iv in vault.interviews
                if iv.status == "done" and last and last < (iv.date or last) <= self.today and self.shown(iv)
            ]
            v["last_contact"], v["meetings_since"] = _day(last, self.today), str(len(since) or "")
        if kind in ("keep-in-touch", "landed"):
            given = tuple(x for iv in vault.interviews_of(c) if self.shown(iv) for x in iv.referrals)
            v["introduced"] = _and([m.name for m in vault.referred(c) if self.shown(m)] + self.named(given))


def draft(
    vault: Vault,
    kind: str,
    person: Person,
    today: dt.date,
    *,
    about: Contact | None = None,
    public: bool = False,
) -> Draft:
    """The letter of ``kind`` to ``person`` (a contact, or a name given in a meeting that has no note yet).

    ``referrer-thanks`` goes to the referrer, about ``about`` (else the person still to thank); ``public``
    treats private notes as absent. :class:`DraftError` when the notes do not support the letter.
    """
    if kind not in _KINDS:
        raise DraftError(f"no kind of letter called {kind!r}; the kinds are {', '.join(KINDS)}")
    L, c = _Letter(vault, today, public), recipient(vault, person)
    if kind == "referrer-thanks":
        c = L.referrer_thanks(c, about)
    elif kind == "request":
        L.request(c)
    elif isinstance(c, Contact):
        L.to_contact(c, kind)
    else:
        raise DraftError(f'{c} has no note yet, and a {kind} letter needs one: `infoview new contact "{c}"`')
    contact, cfg, v = c if isinstance(c, Contact) else None, vault.config, L.values
    if contact is not None and not L.shown(contact):
        raise DraftError(f"{contact.path} is private")
    name, link = getattr(c, "name", c), getattr(contact, "company", None)
    company = vault.company(link)
    v.update(name=name, first_name=(name.split() or [name])[0], email=getattr(contact, "email", None) or "")
    v.update(role=getattr(contact, "role", None) or "", field=_phrase(getattr(contact, "field", None)))
    v["company"] = (company.name if L.shown(company) else "") if company else getattr(link, "text", "")
    v.update(owner=cfg.owner if cfg.owner_set else "", goal=_phrase(cfg.goal))
    if not v["goal"]:
        v["add_goal"] = "(Add `goal:` to infoview.yml, e.g. `goal: Move into recruiting`, and this letter will say it.)"
    if not v["owner"]:
        v["add_owner"] = "(Add `owner: Your Name` to infoview.yml to sign your letters.)"
    path = vault.root / "templates" / "letters" / f"{kind}.md"
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise DraftError(f"cannot read the template {path.as_posix()}: {exc}") from None
    builtin = (files("infoview.scaffold") / "letters" / f"{kind}.md").read_text(encoding="utf-8")
    subject, body = fill_letter(text or builtin, v, path.as_posix() if text else f"built-in {kind}")
    notes = [n for n in L.notes if "## Notes" not in n or v["learned"] in body]
    mine = cfg.extra.get("email")
    sender = f'"{quote_name(cfg.owner)}" <{mine}>' if cfg.owner_set and mine else None
    paths = [getattr(x, "path", None) for x in (contact, L.meeting, L.about)]
    return Draft(kind, name, v["email"] or None, subject, body, paths[0], paths[1], paths[2], sender, tuple(notes))


def due_drafts(vault: Vault, person: Person, today: dt.date, *, days: int = 7, public: bool = False) -> list[Draft]:
    """The letters ``person``'s open follow-ups call for, due by ``today + days``, most urgent first."""
    person, out = recipient(vault, person), {}
    for t in sorted(tasks(vault), key=lambda t: (t.due, KINDS.index(DUE.get(t.rule, "request")), t.note.path)):
        kind = DUE.get(t.rule)
        mine = t.person_path == person.path if isinstance(person, Contact) else fold(t.person) == fold(person)
        if kind is None or not mine or t.due > today + dt.timedelta(days=days) or (public and not vault.public(t.note)):
            continue
        people = vault.people(t.note) if kind == "referrer-thanks" and isinstance(t.note, Interview) else []
        about = next((m for m in people if _means(vault, m.referred_by, person)), None)
        if (kind, getattr(about, "path", None)) not in out:
            out[kind, getattr(about, "path", None)] = draft(vault, kind, person, today, about=about, public=public)
    return list(out.values())


def draft_link(vault: Vault, kind: str, person: Person, today: dt.date, *, show_address: bool) -> str:
    """The ``mailto:`` link the site offers: private notes left out, the address only when ``show_address``."""
    return draft(vault, kind, person, today, public=True).mailto(address=show_address)
