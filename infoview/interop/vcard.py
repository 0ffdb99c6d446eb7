"""vCard in (2.1, 3.0, 4.0) and out (4.0, through vobject).

Import keeps FN (else N), ORG, TITLE, EMAIL, TEL, URL (a LinkedIn one, or Apple's
``X-SOCIALPROFILE;TYPE=linkedin``, becomes ``linkedin``), CATEGORIES and NOTE. Address-book exports
are messy and may be hostile, so one bad line never costs its card, nor one bad card the others.
Export adds our own ``X-INFOVIEW-*`` properties, which import reads back: RFC 6350's RELATED has
no "referred by" type (``RELATED;TYPE=met`` would say something else).
"""

from __future__ import annotations

import datetime as dt
import io
import quopri
import re
import unicodedata
import uuid
from dataclasses import dataclass, field

import vobject

from ..links import fold
from ..model import Contact, Vault
from .contacts import Batch, InteropError, Person, decode_text, linkedin_key, name_from_email, one_line, web_url

__all__ = ["card_uid", "contact_card", "export_vcards", "read_vcards"]

_X = "x-infoview-"
X_FIELDS = {"referred-by": "referred_by", "field": "field", "met-via": "met_via", "connected-on": "connected_on"}
#: A private person stays private when the address book is imported into another vault.
X_PRIVATE = "x-infoview-private"
_UID_NAMESPACE = uuid.UUID("6f6e0b8c-6d1b-4d43-9d3f-8a0b9e1c2f10")


# Cards are read line by line here rather than by vobject.readComponents, which gives up on a whole
# card over one line it cannot take (a PROFILE line, a PHOTO that is not base64, a quoted-printable
# byte that is not UTF-8, a line without a colon) and runs on to the next END:VCARD when a card has none.

# A byte order mark may open any card of a file made by joining several with `cat`.
_BEGIN = re.compile(r"[\s\ufeff]*BEGIN\s*:\s*VCARD\s*", re.IGNORECASE)
_END = re.compile(r"[\s\ufeff]*END\s*:\s*VCARD\s*", re.IGNORECASE)
_BEGIN_BYTES = re.compile(rb"BEGIN\s*:\s*VCARD", re.IGNORECASE)
_NAME = re.compile(r"[A-Za-z0-9_-]+")
#: vCard 2.1 writes some parameters bare (``TEL;CELL;PREF``): these are encodings, the rest types.
_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
_ESCAPED = re.compile(r"\\([nN,;:\\])")


@dataclass(frozen=True)
class _Prop:
    """One property as written: upper-case name, upper-case parameter names, the value still escaped."""

    name: str
    params: dict[str, list[str]]
    value: str
    line: int

    def has(self, param: str, value: str) -> bool:
        """Whether a parameter holds ``value`` (case-insensitive; ``TYPE=a,b`` counts as two)."""
        return any(v.strip().lower() == value for raw in self.params.get(param, []) for v in raw.split(","))

    def rank(self) -> int:
        """Sort key: preferred values first (2.1 ``PREF``, 3.0 ``TYPE=pref``, 4.0 ``PREF=1``)."""
        if self.has("TYPE", "pref"):
            return 0
        return next((int(v.strip()) for v in self.params.get("PREF", []) if v.strip().isdigit()), 101)

    def decoded(self, warn: list[tuple[int, str]]) -> str:
        """The value with its transfer encoding undone (quoted-printable, in its CHARSET); escapes kept."""
        if not self.has("ENCODING", "quoted-printable"):
            if self.has("ENCODING", "b") or self.has("ENCODING", "base64"):
                warn.append((self.line, f"{self.name} is encoded as base64; left out"))
                return ""
            return self.value
        raw = quopri.decodestring(self.value.encode("utf-8"))
        charset = (self.params.get("CHARSET") or ["utf-8"])[0]
        for encoding in (charset, "utf-8"):
            try:
                return raw.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                pass
        warn.append((self.line, f"{self.name}: bytes that are not {charset}; read as Windows-1252"))
        return raw.decode("cp1252", errors="replace")


@dataclass
class _Card:
    start: int  #: the BEGIN:VCARD line
    last: int  #: its last line
    lines: list[tuple[int, str]] = field(default_factory=list)  #: (number, text), unfolded
    ended: bool = False
    soft_break: bool = False  #: the last line ends in a quoted-printable soft break (``=``)


def _cards(text: str, batch: Batch) -> list[_Card]:
    """The cards in the file. A card ends at END:VCARD or, without one, at the next BEGIN:VCARD (imported, and
    reported as a bad record: the file may have been cut short), so a 2.1 AGENT is a card of its own."""
    cards: list[_Card] = []
    card: _Card | None = None
    stray: list[list[int]] = []  # [first, last] of each run of text outside any card
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        bare = line.rstrip("\r\n")
        if _BEGIN.fullmatch(bare):
            card = _Card(number, number)
            cards.append(card)
        elif card is not None and _END.fullmatch(bare):
            card.ended = True
            card = None
        elif card is not None:
            card.last = number
            # Unfold: a line starting with a space or tab continues the one before, as does one after a soft break.
            if card.soft_break:
                card.lines[-1] = (card.lines[-1][0], card.lines[-1][1][:-1] + bare)
            elif card.lines and bare[:1] in (" ", "\t"):
                card.lines[-1] = (card.lines[-1][0], card.lines[-1][1] + bare[1:])
            elif not bare.strip():
                continue
            else:
                card.lines.append((number, bare))
            last = card.lines[-1][1]
            card.soft_break = last.endswith("=") and "QUOTED-PRINTABLE" in last.split(":", 1)[0].upper()
        elif one_line(bare) and not _END.fullmatch(bare):
            if stray and stray[-1][1] == number - 1:
                stray[-1][1] = number
            else:
                stray.append([number, number])
    for first, last in stray:
        lines = "" if first == last else f" (lines {first}-{last})"
        batch.warnings.append((first, f"text outside BEGIN:VCARD ... END:VCARD{lines}; ignored"))
    return cards


def _prop(number: int, text: str) -> _Prop | None:
    """A logical line as a property, split at the first ``:`` outside double quotes; None when it is not one."""
    head: list[str] = []
    begin, quoted = 0, False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch in ";:" and not quoted:
            head.append(text[begin:i])
            begin = i + 1
            if ch == ":":
                break
    else:  # no colon outside quotes: with an unbalanced quote, take the first colon after all
        if ":" not in text:
            return None
        begin = text.index(":") + 1
        head = text[: begin - 1].split(";")
    name = head[0].strip().rsplit(".", 1)[-1]  # without the group (``item1.URL``)
    if not _NAME.fullmatch(name):
        return None
    params: dict[str, list[str]] = {}
    for part in head[1:]:
        key, eq, raw = part.partition("=")
        if not eq:
            key, raw = ("ENCODING" if key.strip().upper() in _ENCODINGS else "TYPE"), key
        values = (v.strip().strip('"') for v in ([raw] if raw.strip().startswith('"') else raw.split(",")))
        params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
    return _Prop(name.upper().replace("_", "-"), params, text[begin:], number)


def _unescape(text: str) -> str:
    """``\\n`` is a line break; ``\\,`` ``\\;`` ``\\:`` ``\\\\`` the character; other backslashes stay."""
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _split(text: str, separators: str) -> list[str]:
    """Split at the separators that are not escaped with a backslash (escapes kept)."""
    out: list[str] = []
    begin = 0
    for m in re.finditer(r"\\.|[" + separators + "]", text, re.DOTALL):
        if m.group() in separators:
            out.append(text[begin : m.start()])
            begin = m.end()
    out.append(text[begin:])
    return out


@dataclass
class _Reader:
    """The properties of one card. Only those asked for are decoded, so no other can cost the card."""

    props: list[_Prop]
    warnings: list[tuple[int, str]]

    def raw(self, name: str) -> list[tuple[_Prop, str]]:
        """(property, decoded value still escaped), preferred first."""
        return [
            (p, p.decoded(self.warnings)) for p in sorted((p for p in self.props if p.name == name), key=_Prop.rank)
        ]

    def items(self, name: str) -> list[tuple[int, str]]:
        """(line, unescaped value) for every non-empty value, preferred first, each once."""
        out: dict[str, int] = {}
        for prop, raw in self.raw(name):
            text = _unescape(raw).strip()
            if name == "TEL" and text.lower().startswith("tel:"):
                text = text[4:]
            if name == "EMAIL" and text.lower().startswith("mailto:"):
                text = text[7:]
            if text:
                out.setdefault(text, prop.line)
        return [(line, text) for text, line in out.items()]

    def text(self, name: str) -> str | None:
        return next((one_line(v) for _, v in self.items(name) if one_line(v)), None)


def _private(read: _Reader) -> bool:
    """Private unless every mark says otherwise: X-INFOVIEW-PRIVATE other than false/no/0/off (even empty), or a
    CLASS other than PUBLIC (``PRIVATE``, ``CONFIDENTIAL``) make the contact private."""
    marks = [_unescape(v).strip().lower() for _, v in read.raw(X_PRIVATE.upper())]
    classes = [_unescape(v).strip().upper() for _, v in read.raw("CLASS")]
    return any(m not in ("false", "no", "0", "off") for m in marks) or any(c != "PUBLIC" for c in classes)


def _derived_family(name: str) -> str:
    return name.split()[-1] if len(name.split()) > 1 else ""


def _parts(raw: str) -> list[str]:
    """A ``;``-separated value (N, ORG) unescaped: ``Company\\, The;Dept`` -> ``Company, The``, ``Dept``."""
    return [one_line(_unescape(part)) for part in _split(raw, ";")]


def _person(card: _Card, batch: Batch) -> Person | None:
    """The card as a person; None (reported) when it has no name and no email address."""
    props: list[_Prop] = []
    warnings: list[tuple[int, str]] = []  # said with the person's name once it is known
    for number, text in card.lines:
        if (prop := _prop(number, text)) is not None:
            props.append(prop)
        else:
            warnings.append((number, f"not a vCard property, left out: {text[:80]!r}"))
    read = _Reader(props, warnings)
    line = card.start
    name = read.text("FN") or ""
    family = ""
    if n_values := read.raw("N"):
        # Family;Given;Additional;Prefix;Suffix, where 3.0 and 4.0 separate several given names by commas.
        parts = [one_line(p.replace(",", " ")) for p in _parts(n_values[0][1])] + ["", "", ""]
        family = parts[0]
        if not name:
            name = one_line(" ".join(p for p in (parts[1], parts[2], parts[0]) if p))
    emails = []
    for at, email in read.items("EMAIL"):
        address = one_line(email)
        if "@" in address and " " not in address:
            emails.append(address)
        else:
            warnings.append((at, f"EMAIL {email!r} is not an email address; left out"))
    if not name and emails:
        name = name_from_email(emails[0])
        batch.warnings.append((line, f"the card has no name (no FN or N): named {name!r} after {emails[0]}"))
    if not name:
        batch.warnings.extend(warnings)
        missing = "" if card.ended else "no END:VCARD, and "
        batch.bad.append((line, f"the card has {missing}no name (no FN, N or EMAIL)"))
        return None
    batch.warnings.extend((at, f"{name}: {why}") for at, why in warnings)
    if not card.ended:
        batch.bad.append((line, f"{name}: the card has no END:VCARD; imported what it holds up to line {card.last}"))
    company = next((p for _, raw in read.raw("ORG") for p in _parts(raw) if p), None)
    linkedin = None
    urls: list[str] = []
    web = read.raw("URL")
    web += [
        (p, raw) for p, raw in read.raw("X-SOCIALPROFILE") if p.has("TYPE", "linkedin") or linkedin_key(_unescape(raw))
    ]
    for prop, raw in web:
        value = _unescape(raw).strip()
        if not value:
            continue
        url = web_url(value)
        if url is None:
            batch.left_out.append((prop.line, f"{name}: {prop.name} {value!r} is not an http or https address"))
        elif linkedin is None and linkedin_key(url):
            linkedin = url
        elif url not in urls and url != linkedin:
            urls.append(url)
    # Unescaped commas separate categories (and, in some 2.1 exports, semicolons); an escaped one
    # belongs to the category. A tag is one word: spaces and commas inside it become ``-``.
    categories = (
        one_line(_unescape(p)).lstrip("#").strip(" ,") for _, raw in read.raw("CATEGORIES") for p in _split(raw, ",;")
    )
    tags = dict.fromkeys(tag for c in categories if (tag := "-".join(re.split(r"[\s,]+", c))))
    extra: dict = {attr: read.text((_X + suffix).upper()) for suffix, attr in X_FIELDS.items()}  # Person's names
    if written := extra["connected_on"]:
        try:
            extra["connected_on"] = dt.date.fromisoformat(written)
        except ValueError:
            extra["connected_on"] = None
            batch.warnings.append((line, f"{name}: X-INFOVIEW-CONNECTED-ON {written!r} is not a date; left out"))
    return Person(
        name=name,
        line=line,
        company=company,
        role=read.text("TITLE"),
        emails=tuple(dict.fromkeys(emails)),
        phones=tuple(one_line(t) for _, t in read.items("TEL") if one_line(t)),
        linkedin=linkedin,
        urls=tuple(urls),
        tags=tuple(tags),
        note=_body_text("\n".join(t for _, t in read.items("NOTE"))),
        family_name=family if family and family != _derived_family(name) else None,
        private=_private(read),
        **extra,
    )


def _body_text(note: str) -> str:
    """NOTE text for the body: every line break a ``\\n``, control characters (a NUL makes the file binary) dropped."""
    note = note.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in note if c in "\n\t" or unicodedata.category(c) != "Cc")


def read_vcards(data: bytes) -> Batch:
    """Every card in a ``.vcf`` file (a bad card is reported); :class:`InteropError` when it holds none."""
    nul: list[tuple[int, str]] = []
    if b"\x00" in data and _BEGIN_BYTES.search(data):
        # Stray NUL bytes in a text file (not UTF-16, which has no ASCII BEGIN:VCARD): drop them.
        first = data[: data.index(b"\x00")].count(b"\n") + 1
        nul.append((first, "NUL bytes in the file (the first on this line); dropped them"))
        data = data.replace(b"\x00", b"")
    text, warning = decode_text(data)
    batch = Batch(warnings=([(1, warning)] if warning else []) + nul)
    cards = _cards(text, batch)
    if not cards:
        raise InteropError("no BEGIN:VCARD in the file: is it a vCard (.vcf) file?")
    batch.people.extend(person for card in cards if (person := _person(card, batch)) is not None)
    for found in (batch.bad, batch.warnings, batch.left_out):
        found.sort(key=lambda item: item[0])
    return batch


def _list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int, float)) and str(v).strip()]
    return []


def card_uid(path: str) -> str:
    """A UID that stays the same for the same note, so address books update instead of duplicating."""
    return "urn:uuid:" + str(uuid.uuid5(_UID_NAMESPACE, "contact:" + path))


def _note_text(contact: Contact) -> str:
    """The body without the ``# Name`` heading new notes open with."""
    lines = contact.body.replace("\r\n", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and lines[0].startswith("# ") and fold(lines[0][2:]) == fold(contact.name):
        lines.pop(0)
    return "\n".join(lines).strip("\n")


def contact_card(vault: Vault, contact: Contact, *, public: bool = False) -> vobject.base.Component:
    """One contact as a vCard 4.0 component; with ``public``, without what the site hides (``site.hides``:
    contact details unless ``show_contact_details``, ``private_fields`` in any spelling), a referrer or a
    company whose note is private, nor a web address other than ``http(s)``."""
    hidden = vault.config.site.hides if public else lambda key: False
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("uid").value = card_uid(contact.path)
    card.add("fn").value = contact.name
    family = contact.extra.get("family_name")
    family = str(family).strip() if isinstance(family, str) and family.strip() else _derived_family(contact.name)
    given = contact.name[: -len(family)].strip() if family and contact.name.endswith(family) else contact.name
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    company = vault.company(contact.company)
    if contact.company is not None and not hidden("company") and not (public and company and not vault.public(company)):
        card.add("org").value = [company.name if company is not None else contact.company.text]
    if contact.role and not hidden("role"):
        card.add("title").value = contact.role
    urls = [] if hidden("linkedin") else [contact.linkedin or ""]
    if not hidden("website"):
        urls += [contact.website or "", *_list(contact.extra.get("other_urls"))]
    if public:  # a public card is read by anything: only web addresses
        urls = [w for u in urls if (w := web_url(u))]
    emails = [] if hidden("email") else [contact.email or "", *_list(contact.extra.get("other_emails"))]
    phones = [] if hidden("phone") else [contact.phone or "", *_list(contact.extra.get("other_phones"))]
    for prop, values in (("email", emails), ("tel", phones), ("url", urls)):
        for value in dict.fromkeys(v.strip() for v in values if v.strip()):
            card.add(prop).value = value
    if contact.tags and not hidden("tags"):
        card.add("categories").value = list(contact.tags)
    if not public and (note := _note_text(contact)):
        card.add("note").value = note
    referrer = vault.contact(contact.referred_by)
    hide_referrer = hidden("referred_by") or (public and referrer is not None and not vault.public(referrer))
    if contact.referred_by is not None and not hide_referrer:
        card.add(_X + "referred-by").value = referrer.name if referrer is not None else contact.referred_by.text
    for suffix, attr in X_FIELDS.items():
        if attr == "referred_by" or hidden(attr):
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
