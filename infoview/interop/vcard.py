"""vCard in (2.1, 3.0, 4.0) and out (4.0), through vobject.

Import maps FN (else N) to ``name``, ORG's first part to ``company``, TITLE to
``role``, EMAIL / TEL (preferred first) to ``email`` / ``phone`` with the rest
in ``other_emails`` / ``other_phones``, a LinkedIn URL (or Apple's
``X-SOCIALPROFILE;TYPE=linkedin``) to ``linkedin``, other URLs to ``website``
and ``other_urls``, CATEGORIES to ``tags`` and NOTE to the note's body. Other
properties (addresses, photos, birthdays) are not kept.

Export writes one 4.0 card per contact: UID (stable, from the note's path),
FN, N, ORG, TITLE, EMAIL, TEL, URL, CATEGORIES, NOTE, and infoview's own
properties ``X-INFOVIEW-REFERRED-BY`` (who referred them: RFC 6350's RELATED
has no "referred by" type, and ``RELATED;TYPE=met`` would say something else),
``X-INFOVIEW-FIELD``, ``X-INFOVIEW-MET-VIA``, ``X-INFOVIEW-CONNECTED-ON`` and
``X-INFOVIEW-PRIVATE`` (the note is private), which import reads back, so
vCard -> vault -> vCard keeps every one of these.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from collections.abc import Iterator

import vobject

from ..links import fold
from ..model import Contact, Vault
from .contacts import Batch, InteropError, Person, decode_text, linkedin_key

__all__ = ["card_uid", "contact_card", "export_vcards", "read_vcards"]

_BEGIN = re.compile(r"\s*BEGIN\s*:\s*VCARD\s*", re.IGNORECASE)
_END = re.compile(r"\s*END\s*:\s*VCARD\s*", re.IGNORECASE)
_AT_LINE = re.compile(r"\bAt line (\d+)")
_X = "x-infoview-"
#: Our own X- properties and the contact attribute each carries.
X_FIELDS = {"referred-by": "referred_by", "field": "field", "met-via": "met_via", "connected-on": "connected_on"}
#: Marks a contact whose note is private, so a private person stays private
#: when the address book is imported into another vault.
X_PRIVATE = "x-infoview-private"
_UID_NAMESPACE = uuid.UUID("6f6e0b8c-6d1b-4d43-9d3f-8a0b9e1c2f10")


# -- reading ------------------------------------------------------------------


def _blocks(text: str) -> Iterator[tuple[int, str | None]]:
    """(first line, card text) per BEGIN:VCARD..END:VCARD; None for a card never ended."""
    start = 0
    depth = 0
    buf: list[str] = []
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        bare = line.rstrip("\r\n")
        if _BEGIN.fullmatch(bare):
            if depth == 0:
                start, buf = number, []
            depth += 1
        if depth:
            buf.append(line if line.endswith(("\n", "\r")) else line + "\r\n")
        if depth and _END.fullmatch(bare):
            depth -= 1
            if depth == 0:
                yield start, "".join(buf)
    if depth:
        yield start, None


def _rank(prop: vobject.base.ContentLine) -> int:
    """Sort key: preferred values first (2.1 ``PREF``, 3.0 ``TYPE=pref``, 4.0 ``PREF=1``)."""
    single = {p.lower() for p in getattr(prop, "singletonparams", [])}
    types = {t.lower() for value in prop.params.get("TYPE", []) for t in value.split(",")}
    if "pref" in single or "pref" in types:
        return 0
    for value in prop.params.get("PREF", []):
        if value.strip().isdigit():
            return int(value.strip())
    return 101


def _values(card: vobject.base.Component, name: str) -> list[str]:
    props = sorted(card.contents.get(name, []), key=_rank)
    out: list[str] = []
    for prop in props:
        value = prop.value
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        text = str(value).strip()
        if name == "tel" and text.lower().startswith("tel:"):
            text = text[4:]
        if name == "email" and text.lower().startswith("mailto:"):
            text = text[7:]
        if text and text not in out:
            out.append(text)
    return out


def _text(card: vobject.base.Component, name: str) -> str | None:
    values = _values(card, name)
    return values[0] if values else None


def _derived_family(name: str) -> str:
    words = name.split()
    return words[-1] if len(words) > 1 else ""


def _person(card: vobject.base.Component, line: int, batch: Batch) -> Person | None:
    name = " ".join((_text(card, "fn") or "").split())
    n = card.contents.get("n", [None])[0]
    family = ""
    if n is not None and isinstance(n.value, vobject.vcard.Name):
        family = (
            " ".join(str(n.value.family).split()) if not isinstance(n.value.family, list) else " ".join(n.value.family)
        )
        if not name:
            parts = [n.value.given, n.value.additional, n.value.family]
            name = " ".join(" ".join(p) if isinstance(p, list) else str(p) for p in parts if p).strip()
            name = " ".join(name.split())
    if not name:
        batch.bad.append((line, "the card has no name (no FN or N)"))
        return None
    org = card.contents.get("org", [None])[0]
    company = None
    if org is not None:
        parts = org.value if isinstance(org.value, list) else [org.value]
        company = next((str(p).strip() for p in parts if str(p).strip()), None)
    linkedin = None
    urls: list[str] = []
    socials = [
        p.value.strip()
        for p in card.contents.get("x-socialprofile", [])
        if "linkedin" in ",".join(p.params.get("TYPE", [])).lower() or linkedin_key(str(p.value))
    ]
    for url in _values(card, "url") + socials:
        if linkedin is None and linkedin_key(url):
            linkedin = url
        elif url not in urls and url != linkedin:
            urls.append(url)
    tags: list[str] = []
    for prop in card.contents.get("categories", []):
        for tag in prop.value if isinstance(prop.value, list) else str(prop.value).split(","):
            tag = "-".join(str(tag).lstrip("#").split())
            if tag and tag not in tags:
                tags.append(tag)
    extra: dict[str, str] = {}
    for suffix, attr in X_FIELDS.items():
        value = _text(card, _X + suffix)
        if value:
            extra[attr] = value
    connected = None
    if "connected_on" in extra:
        try:
            connected = dt.date.fromisoformat(extra["connected_on"])
        except ValueError:
            batch.warnings.append(
                (line, f"{name}: X-INFOVIEW-CONNECTED-ON {extra['connected_on']!r} is not a date; left out")
            )
    return Person(
        name=name,
        line=line,
        company=company,
        role=_text(card, "title"),
        field=extra.get("field"),
        emails=tuple(_values(card, "email")),
        phones=tuple(_values(card, "tel")),
        linkedin=linkedin,
        urls=tuple(urls),
        tags=tuple(tags),
        note="\n".join(_values(card, "note")).replace("\r\n", "\n"),
        referred_by=extra.get("referred_by"),
        met_via=extra.get("met_via"),
        connected_on=connected,
        family_name=family if family and family != _derived_family(name) else None,
        private=(_text(card, X_PRIVATE) or "").strip().lower() in ("true", "yes", "1"),
    )


def read_vcards(data: bytes) -> Batch:
    """Every card in a ``.vcf`` file; a card that cannot be read is reported, the rest still are.

    Raises :class:`InteropError` when the file holds no card at all.
    """
    text, warning = decode_text(data)
    batch = Batch()
    if warning:
        batch.warnings.append((1, warning))
    for line, block in _blocks(text):
        if block is None:
            batch.bad.append((line, "the card has no END:VCARD"))
            continue
        try:
            card = vobject.readOne(block, allowQP=True)
        except Exception as exc:  # noqa: BLE001 - vobject's errors are no closed set; each becomes a bad-card report
            message = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
            # vobject counts lines from the card's start; say where it is in the file.
            message = _AT_LINE.sub(lambda m, start=line: f"line {start + int(m.group(1)) - 1}", message)
            batch.bad.append((line, f"cannot read the card: {message}"))
            continue
        person = _person(card, line, batch)
        if person is not None:
            batch.people.append(person)
    if not batch.people and not batch.bad:
        raise InteropError("no BEGIN:VCARD in the file: is it a vCard (.vcf) file?")
    return batch


# -- writing ------------------------------------------------------------------


def card_uid(path: str) -> str:
    """A UID that stays the same for the same note, so address books update instead of duplicating."""
    return "urn:uuid:" + str(uuid.uuid5(_UID_NAMESPACE, "contact:" + path))


def _list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int, float)) and str(v).strip()]
    return []


def _note_text(contact: Contact) -> str:
    """The body without the ``# Name`` heading new notes open with."""
    lines = contact.body.replace("\r\n", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and lines[0].startswith("# ") and fold(lines[0][2:]) == fold(contact.name):
        lines.pop(0)
    return "\n".join(lines).strip("\n")


def contact_card(vault: Vault, contact: Contact, *, public: bool = False) -> vobject.base.Component:
    """One contact as a vCard 4.0 component.

    With ``public``, the site's privacy settings apply: keys in
    ``site.hidden_fields`` (email and phone unless ``show_contact_details``)
    are left out, and so are a referrer or a company whose note is private.
    """
    hidden = vault.config.site.hidden_fields if public else frozenset()
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("uid").value = card_uid(contact.path)
    card.add("fn").value = contact.name
    family = contact.extra.get("family_name")
    family = str(family).strip() if isinstance(family, str) and family.strip() else _derived_family(contact.name)
    given = contact.name[: -len(family)].strip() if family and contact.name.endswith(family) else contact.name
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    company = vault.company(contact.company)
    if (
        contact.company is not None
        and "company" not in hidden
        and not (public and company is not None and company.private)
    ):
        card.add("org").value = [company.name if company is not None else contact.company.text]
    if contact.role and "role" not in hidden:
        card.add("title").value = contact.role
    urls = [] if "linkedin" in hidden else [contact.linkedin or ""]
    if "website" not in hidden:
        urls += [contact.website or "", *_list(contact.extra.get("other_urls"))]
    emails = [] if "email" in hidden else [contact.email or "", *_list(contact.extra.get("other_emails"))]
    phones = [] if "phone" in hidden else [contact.phone or "", *_list(contact.extra.get("other_phones"))]
    for prop, values in (("email", emails), ("tel", phones), ("url", urls)):
        for value in dict.fromkeys(v.strip() for v in values if v.strip()):
            card.add(prop).value = value
    if contact.tags and "tags" not in hidden:
        card.add("categories").value = list(contact.tags)
    note = _note_text(contact)
    if note and not public:
        card.add("note").value = note
    referrer = vault.contact(contact.referred_by)
    if contact.referred_by is not None and not (public and referrer is not None and referrer.private):
        card.add(_X + "referred-by").value = referrer.name if referrer is not None else contact.referred_by.text
    for suffix, attr in X_FIELDS.items():
        if attr == "referred_by" or attr in hidden:
            continue
        value = getattr(contact, attr, None) if attr != "connected_on" else contact.extra.get("connected_on")
        if isinstance(value, dt.date):
            value = value.isoformat()
        if isinstance(value, str) and value.strip():
            card.add(_X + suffix).value = value.strip()
    if contact.private:
        card.add(X_PRIVATE).value = "true"
    return card


def export_vcards(vault: Vault, *, public: bool = False) -> str:
    """Every contact as vCard 4.0, sorted by note path; with ``public``, private notes are left out."""
    return "".join(
        contact_card(vault, c, public=public).serialize() for c in vault.contacts if not (public and c.private)
    )
