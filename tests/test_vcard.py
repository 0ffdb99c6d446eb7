"""vCard import (2.1/3.0/4.0) and 4.0 export: real-world cards, round trips, privacy."""

from __future__ import annotations

import tempfile
from pathlib import Path

import vobject
import yaml
from click.testing import CliRunner
from conftest import write_vault
from hypothesis import given
from hypothesis import strategies as st

from infoview import load_vault
from infoview.cli import main
from infoview.interop.contacts import import_people
from infoview.interop.vcard import card_uid, export_vcards, read_vcards

FIXTURE = Path(__file__).parent / "fixtures" / "interop" / "contacts.vcf"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(root: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--vault", str(root)], catch_exceptions=False)


def cards(text: str) -> dict[str, vobject.base.Component]:
    return {c.fn.value: c for c in vobject.readComponents(text)}


def values(card, name: str) -> list[str]:
    out = []
    for prop in card.contents.get(name, []):
        v = prop.value
        out.extend(v if isinstance(v, list) else [str(v)])
    return out


# -- import -------------------------------------------------------------------------


def test_reads_android_apple_and_4_0_cards():
    batch = read_vcards(FIXTURE.read_bytes())
    people = {p.name: p for p in batch.people}
    assert list(people) == ["José Núñez", "Astrid Lindgren", "Kwame Mensah-Boateng", "Jan van der Berg"]
    jose = people["José Núñez"]  # vCard 2.1, quoted-printable with a soft line break
    assert jose.emails == ("jose.nunez@example.com", "jose.home@example.com")  # PREF first
    assert jose.phones == ("+1-612-555-0142", "+1-612-555-0100")
    assert jose.note == "Met at the North Star HR Society mixer. Café conversation about sourcing for clinics."
    astrid = people["Astrid Lindgren"]  # Apple 3.0: folded lines, item groups, X-SOCIALPROFILE
    assert astrid.company == "Riverbend Health"
    assert astrid.role == "Talent Acquisition Partner, Nursing"
    assert astrid.linkedin == "https://www.linkedin.com/in/astrid-lindgren-example"
    assert astrid.urls == ("https://astrid.example.com",)
    assert astrid.tags == ("healthcare", "in-house")
    assert (
        astrid.note
        == "Runs nurse hiring for three clinics; prefers email to calls.\nAsk about the new grad residency programme."
    )
    assert astrid.referred_by == "Walt Brennan"
    kwame = people["Kwame Mensah-Boateng"]  # 4.0: PREF=1, tel: URI
    assert kwame.phones == ("+1-651-555-0199",)
    assert kwame.linkedin == "https://www.linkedin.com/in/kwame-mensah-boateng-example"
    assert people["Jan van der Berg"].family_name == "van der Berg"
    assert batch.bad == [
        (50, "cannot read the card: line 53: Failed to parse line: THIS LINE HAS NO COLON"),
        (55, "the card has no name (no FN or N)"),
        (59, "the card has no END:VCARD"),
    ]


def test_cli_import_is_idempotent_and_never_overwrites(tmp_path):
    root = write_vault(
        tmp_path / "vault",
        {
            "infoview.yml": "owner: Sam Okafor\n",
            "companies/riverbend-health.md": "---\nname: Riverbend Health\n---\n",
            "contacts/walt-brennan.md": "---\nname: Walt Brennan\n---\n",
            "contacts/kwame.md": "---\nname: Kwame M.\nemail: KWAME@example.com\n---\nmy own words\n",
        },
    )
    before = snapshot(root)
    dry = run(root, "import", "vcard", str(FIXTURE), "--dry-run")
    assert snapshot(root) == before
    assert "would create contacts/astrid-lindgren.md (Astrid Lindgren)" in dry.output
    result = run(root, "import", "vcard", str(FIXTURE))
    assert result.exit_code == 1
    assert (
        result.output.splitlines()[-1]
        == "vCard contacts.vcf: 3 new contacts, 1 already in the vault, 0 skipped, 3 bad records (line 50, 55, 59)"
    )
    after = snapshot(root)
    assert {k: after[k] for k in before} == before
    assert after["contacts/astrid-lindgren.md"].decode() == (
        "---\n"
        "name: Astrid Lindgren\n"
        'company: "[[Riverbend Health]]"\n'
        'role: "Talent Acquisition Partner, Nursing"\n'
        "email: astrid.lindgren@example.com\n"
        'phone: "(612) 555-0177"\n'
        'linkedin: "https://www.linkedin.com/in/astrid-lindgren-example"\n'
        'website: "https://astrid.example.com"\n'
        'referred_by: "[[Walt Brennan]]"\n'
        "tags:\n"
        "  - healthcare\n"
        "  - in-house\n"
        "---\n"
        "# Astrid Lindgren\n"
        "\n"
        "Runs nurse hiring for three clinics; prefers email to calls.\n"
        "Ask about the new grad residency programme.\n"
    )
    assert load_vault(root).findings == []
    again = run(root, "import", "vcard", str(FIXTURE))
    assert snapshot(root) == after
    assert "0 new contacts, 4 already in the vault" in again.output


def test_referrer_later_in_the_same_file_is_linked(tmp_path):
    root = write_vault(tmp_path / "vault", {"infoview.yml": "owner: Sam\n"})
    vcf = (
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ana Ruiz\nX-INFOVIEW-REFERRED-BY:ben ode\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ben Ode\nX-INFOVIEW-REFERRED-BY:Nobody Known\nEND:VCARD\n"
    )
    import_people(load_vault(root), read_vcards(vcf.encode()), source="vCard")
    vault = load_vault(root)
    assert vault.referrer(vault.contact("Ana Ruiz")).name == "Ben Ode"
    ben = vault.contact("Ben Ode")
    assert ben.referred_by.wiki is False and ben.referred_by.target == "Nobody Known"  # text, not a broken link
    assert vault.findings == []


def test_a_file_without_cards_is_a_usage_error(tmp_path):
    root = write_vault(tmp_path / "vault", {"infoview.yml": "owner: Sam\n"})
    text = tmp_path / "notes.vcf"
    text.write_text("just some text\n")
    result = run(root, "import", "vcard", str(text))
    assert result.exit_code == 2
    assert result.output == f"infoview: error: {text}: no BEGIN:VCARD in the file: is it a vCard (.vcf) file?\n"
    binary = tmp_path / "photo.vcf"
    binary.write_bytes(b"\x89PNG\r\n\x00\x00\x00")
    assert run(root, "import", "vcard", str(binary)).exit_code == 2


# -- export and round trips -------------------------------------------------------------

VAULT = {
    "infoview.yml": "owner: Sam Okafor\nsite:\n  private_fields: [field]\n",
    "companies/brightpath-talent.md": "---\nname: Brightpath Talent\n---\n",
    "contacts/keiko-tanaka.md": """
        ---
        name: Keiko Tanaka
        company: "[[Brightpath Talent]]"
        role: Sourcing Lead
        field: Agency recruiting
        email: keiko@example.com
        other_emails: [keiko.tanaka@example.org]
        phone: "+1 612 555 0101"
        linkedin: https://www.linkedin.com/in/keiko-tanaka-example
        website: https://keiko.example.com
        referred_by: "[[Owen Pryce]]"
        met_via: North Star HR Society mixer
        tags: [agency, sourcing]
        ---
        # Keiko Tanaka

        Sources backend engineers; ask her about Boolean strings, commas; semicolons\\ and all.
        """,
    "contacts/owen-pryce.md": """
        ---
        name: Owen Pryce
        private: true
        email: owen@example.com
        ---
        Knows everyone.
        """,
    "contacts/jan.md": '---\nname: Jan van der Berg\nfamily_name: van der Berg\ncompany: "[[Stealth Startup]]"\n---\n',
    "companies/stealth.md": "---\nname: Stealth Startup\nprivate: true\n---\n",
}


def test_export_writes_every_field_as_4_0(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    text = export_vcards(load_vault(root))
    assert text.count("BEGIN:VCARD") == 3 and "\r\n" in text
    keiko = cards(text)["Keiko Tanaka"]
    assert keiko.version.value == "4.0"
    assert keiko.uid.value == card_uid("contacts/keiko-tanaka.md")
    assert (keiko.n.value.family, keiko.n.value.given) == ("Tanaka", "Keiko")
    assert keiko.org.value == ["Brightpath Talent"]
    assert keiko.title.value == "Sourcing Lead"
    assert values(keiko, "email") == ["keiko@example.com", "keiko.tanaka@example.org"]
    assert values(keiko, "tel") == ["+1 612 555 0101"]
    assert values(keiko, "url") == ["https://www.linkedin.com/in/keiko-tanaka-example", "https://keiko.example.com"]
    assert values(keiko, "categories") == ["agency", "sourcing"]
    assert keiko.note.value == "Sources backend engineers; ask her about Boolean strings, commas; semicolons\\ and all."
    assert keiko.x_infoview_referred_by.value == "Owen Pryce"
    assert keiko.x_infoview_field.value == "Agency recruiting"
    jan = cards(text)["Jan van der Berg"]
    assert (jan.n.value.family, jan.n.value.given) == ("van der Berg", "Jan")
    assert jan.org.value == ["Stealth Startup"]  # private, but this is the owner's own address book
    # The owner's own address book: private notes are in it by default, marked
    # so that they stay private when imported into another vault.
    assert cards(text)["Owen Pryce"].x_infoview_private.value == "true"
    assert "x-infoview-private" not in keiko.contents and "x-infoview-private" in cards(text)["Owen Pryce"].contents
    other = write_vault(tmp_path / "other", {"infoview.yml": "owner: Sam\n"})
    import_people(load_vault(other), read_vcards(text.encode()), source="vCard")
    imported = load_vault(other)
    assert imported.contact("Owen Pryce").private and not imported.contact("Keiko Tanaka").private


def test_public_export_applies_the_site_privacy(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    text = export_vcards(load_vault(root), public=True)
    assert set(cards(text)) == {"Keiko Tanaka", "Jan van der Berg"}
    for secret in (
        "owen@example.com",
        "Owen Pryce",
        "keiko@example.com",
        "+1 612 555 0101",
        "Agency recruiting",
        "Boolean",
        "Stealth Startup",
    ):
        assert secret not in text
    assert "https://www.linkedin.com/in/keiko-tanaka-example" in text


def test_uids_are_unique_and_stable(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    first, second = export_vcards(load_vault(root)), export_vcards(load_vault(root))
    assert first == second
    uids = [c.uid.value for c in vobject.readComponents(first)]
    assert len(set(uids)) == len(uids) == 3


def test_vcard_to_vault_to_vcard_keeps_the_fields(tmp_path):
    root = write_vault(tmp_path / "vault", {"infoview.yml": "owner: Sam\n"})
    import_people(load_vault(root), read_vcards(FIXTURE.read_bytes()), source="vCard")
    exported = cards(export_vcards(load_vault(root)))
    readable = FIXTURE.read_bytes().decode("utf-8").split("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken")[0]
    original = {c.fn.value: c for c in vobject.readComponents(readable, allowQP=True)}
    assert set(exported) == set(original)
    for name, before in original.items():
        after = exported[name]
        assert (after.n.value.family, after.n.value.given) == (before.n.value.family, before.n.value.given), name
        assert values(after, "org")[:1] == values(before, "org")[:1]  # the organisation, without its units
        assert values(after, "title") == values(before, "title")
        assert sorted(values(after, "email")) == sorted(values(before, "email"))
        assert sorted(v.removeprefix("tel:") for v in values(after, "tel")) == sorted(
            v.removeprefix("tel:") for v in values(before, "tel")
        )
        assert sorted(values(after, "url")) == sorted(values(before, "url") + values(before, "x-socialprofile"))
        assert values(after, "categories") == values(before, "categories")
        assert values(after, "note") == [v.replace("\r\n", "\n") for v in values(before, "note")]
        assert values(after, "x-infoview-referred-by") == values(before, "x-infoview-referred-by")
    # Which address is preferred survives too.
    assert values(exported["José Núñez"], "email")[0] == "jose.nunez@example.com"


def test_cli_export_to_a_file(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    out = tmp_path / "contacts.vcf"
    out.write_text("old export")
    result = run(root, "export", "vcard", "--output", str(out))
    assert result.exit_code == 0
    assert set(cards(out.read_text(encoding="utf-8"))) == {"Keiko Tanaka", "Owen Pryce", "Jan van der Berg"}
    stdout = run(root, "export", "vcard", "--public")
    assert set(cards(stdout.output)) == {"Keiko Tanaka", "Jan van der Berg"}
    folder = run(root, "export", "vcard", "--output", str(tmp_path))
    assert folder.exit_code == 2


# -- property: a contact survives vault -> vCard -> vault ---------------------------------

text_value = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=20)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
words = st.from_regex(r"[A-Za-zÀ-ÿ]{1,8}( [A-Za-zÀ-ÿ]{1,8}){0,2}", fullmatch=True)


@given(
    name=words,
    company=st.one_of(st.none(), text_value),
    role=st.one_of(st.none(), text_value),
    field=st.one_of(st.none(), text_value),
    emails=st.lists(st.from_regex(r"[a-z]{1,6}@example\.(com|org)", fullmatch=True), unique=True, max_size=3),
    phone=st.one_of(st.none(), st.from_regex(r"\+1 [0-9]{3} 555 [0-9]{4}", fullmatch=True)),
    tags=st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), unique=True, max_size=3),
    note=st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), include_characters="\n"), max_size=60
    ),
)
def test_contact_round_trips_through_vcard(name, company, role, field, emails, phone, tags, note):
    fields = {
        "name": name,
        "company": company,
        "role": role,
        "field": field,
        "email": emails[0] if emails else None,
        "phone": phone,
    }
    fields["tags"] = tags or None
    fields["other_emails"] = emails[1:] or None
    body = note.strip()
    with tempfile.TemporaryDirectory() as tmp:
        front = yaml.safe_dump({k: v for k, v in fields.items() if v is not None}, allow_unicode=True, sort_keys=False)
        src = write_vault(Path(tmp) / "a", {"contacts/x.md": f"---\n{front}---\n{body}\n"})
        batch = read_vcards(export_vcards(load_vault(src)).encode("utf-8"))
        assert batch.bad == []
        [person] = batch.people
        assert person.name == name
        assert person.company == company
        assert person.role == role
        assert person.field == field
        assert person.emails == tuple(emails)
        assert person.phones == ((phone,) if phone else ())
        assert person.tags == tuple(tags)
        assert person.note == body
        dst = write_vault(Path(tmp) / "b", {"infoview.yml": "owner: Sam\n"})
        import_people(load_vault(dst), batch, source="vCard")
        again = load_vault(dst)
        [contact] = again.contacts
        assert (contact.name, contact.role, contact.email, contact.phone, contact.tags) == (
            name,
            role,
            fields["email"],
            phone,
            tuple(tags),
        )
