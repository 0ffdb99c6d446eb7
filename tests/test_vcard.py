"""vCard import (2.1/3.0/4.0) and 4.0 export: real-world cards, round trips, privacy."""

from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

import vobject
import yaml
from click.testing import CliRunner
from conftest import write_vault
from hypothesis import given
from hypothesis import strategies as st

from infoview import load_vault
from infoview.cli import main
from infoview.interop.contacts import import_people, name_from_email, one_line
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
    assert list(people) == [
        "José Núñez",
        "Astrid Lindgren",
        "Kwame Mensah-Boateng",
        "Jan van der Berg",
        "Broken Card",  # one unreadable line costs that line, not the card
        "Never Ended",  # no END:VCARD: imported, and reported
    ]
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
        (55, "the card has no name (no FN, N or EMAIL)"),
        (59, "Never Ended: the card has no END:VCARD; imported what it holds up to line 61"),
    ]
    assert batch.warnings == [(53, "Broken Card: not a vCard property, left out: 'THIS LINE HAS NO COLON'")]


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
        == "vCard contacts.vcf: 5 new contacts, 1 already in the vault, 0 skipped, 2 bad records (line 55, 59)"
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
    assert "0 new contacts, 6 already in the vault" in again.output


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


# -- messy and hostile address books ----------------------------------------------------


def import_vcf(tmp_path: Path, data: str | bytes, *args: str, files: dict[str, str] | None = None):
    """Import a ``.vcf`` written inline into a new vault: (CLI result, the vault read back)."""
    root = write_vault(tmp_path / "vault", {"infoview.yml": "owner: Sam\n", **(files or {})})
    vcf = tmp_path / "cards.vcf"
    vcf.write_bytes(data if isinstance(data, bytes) else textwrap.dedent(data).lstrip("\n").encode("utf-8"))
    return run(root, "import", "vcard", str(vcf), *args), load_vault(root)


def test_a_card_without_end_ends_at_the_next_begin(tmp_path):
    result, vault = import_vcf(
        tmp_path,
        """
        BEGIN:VCARD
        VERSION:3.0
        FN:Ana Ruiz
        EMAIL:ana@example.com
        BEGIN:VCARD
        VERSION:3.0
        FN:Ben Ode
        END:VCARD
        BEGIN:VCARD
        VERSION:3.0
        FN:Cy Lam
        END:VCARD
        BEGIN:VCARD
        VERSION:3.0
        ORG:Nobody Inc
        BEGIN:VCARD
        FN:Dee Park
        """,
    )
    assert result.exit_code == 1
    assert [(c.name, c.email) for c in vault.contacts] == [
        ("Ana Ruiz", "ana@example.com"),
        ("Ben Ode", None),
        ("Cy Lam", None),
        ("Dee Park", None),
    ]
    assert result.output.splitlines()[-4:] == [
        "line 1: bad record: Ana Ruiz: the card has no END:VCARD; imported what it holds up to line 4",
        "line 13: bad record: the card has no END:VCARD, and no name (no FN, N or EMAIL)",
        "line 16: bad record: Dee Park: the card has no END:VCARD; imported what it holds up to line 17",
        "vCard cards.vcf: 4 new contacts, 0 already in the vault, 0 skipped, 3 bad records (line 1, 13, 16)",
    ]


def test_text_between_cards_is_reported(tmp_path):
    result, vault = import_vcf(
        tmp_path,
        "Exported by Some Phone\nBEGIN:VCARD\nFN:Ana Ruiz\nEND:VCARD\nFN:Ben Ode\nEMAIL:ben@example.com\n\x1a\n",
    )
    assert [c.name for c in vault.contacts] == ["Ana Ruiz"]
    assert result.exit_code == 0
    assert result.output.splitlines()[:3] == [
        "created contacts/ana-ruiz.md (Ana Ruiz)",
        "line 1: warning: text outside BEGIN:VCARD ... END:VCARD; ignored",
        "line 5: warning: text outside BEGIN:VCARD ... END:VCARD (lines 5-6); ignored",
    ]


def test_org_is_its_first_part_unescaped(tmp_path):
    result, vault = import_vcf(
        tmp_path,
        r"""
        BEGIN:VCARD
        VERSION:3.0
        FN:Ana Ruiz
        ORG:Company\, The;Talent Acquisition
        END:VCARD
        BEGIN:VCARD
        VERSION:2.1
        FN:Ben Ode
        ORG:Cedarline RPO, Inc.;Sourcing\;Nights
        END:VCARD
        BEGIN:VCARD
        VERSION:3.0
        FN:Cy Lam
        ORG:;Only A Department
        END:VCARD
        """,
        files={"companies/the-company.md": "---\nname: Company, The\n---\n"},
    )
    assert result.exit_code == 0
    ana, ben, cy = vault.contact("Ana Ruiz"), vault.contact("Ben Ode"), vault.contact("Cy Lam")
    assert vault.company(ana.company).name == "Company, The"
    assert ana.data["company"] == "[[Company, The]]"
    assert (ben.company.wiki, ben.company.target) == (False, "Cedarline RPO, Inc.")
    assert cy.company.target == "Only A Department"
    assert vault.findings == []


def test_escaped_urls_are_unescaped(tmp_path):
    _, vault = import_vcf(
        tmp_path,
        r"""
        BEGIN:VCARD
        VERSION:3.0
        FN:Ana Ruiz
        URL:http\://example.com
        X-SOCIALPROFILE;type=linkedin;x-user=ana:https\://www.linkedin.com/in/ana-ruiz
        item2.URL;type=pref:https\://ana.example.org/a\,b\;c
        END:VCARD
        """,
    )
    ana = vault.contact("Ana Ruiz")
    assert ana.website == "https://ana.example.org/a,b;c"  # the preferred one
    assert ana.data["other_urls"] == ["http://example.com"]
    assert ana.linkedin == "https://www.linkedin.com/in/ana-ruiz"


def test_a_card_is_never_lost_over_a_property_it_does_not_keep(tmp_path, capfd):
    cards = [
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPROFILE:VCard\r\nFN:Ana Profile\r\nEND:VCARD\r\n",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Photo\r\nPHOTO;ENCODING=b;TYPE=JPEG:!!!not base64\r\nEND:VCARD\r\n",
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Cy Photo\r\nPHOTO;BASE64;JPEG:\r\n /9j/4AAQ=\r\n\r\nEND:VCARD\r\n",
        'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dee Unknown\r\nX-WEIRD;A="x:y;z";B=1:value\r\nBDAY:someday\r\nEND:VCARD\r\n',
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve Junk\r\nthis line has no colon\r\nTITLE:Recruiter\r\nEND:VCARD\r\n",
        (
            "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Fay Qu=C3=A9bec\r\n"
            "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:cut in the middle of =C3\r\nEND:VCARD\r\n"
        ),
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Gus Núñez\r\nEND:VCARD\r\n",
    ]
    data = "".join(cards).encode("utf-8")
    data += b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hal Bytes\r\nNOTE:caf\xe9 \xff\r\nEND:VCARD\r\n"  # not UTF-8
    data += b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ida Nul\r\nX-JUNK:\x00\x00\r\nEND:VCARD\r\n"
    result, vault = import_vcf(tmp_path, data)
    assert result.exit_code == 0, result.output
    assert [c.name for c in vault.contacts] == [
        "Ana Profile",
        "Ben Photo",
        "Cy Photo",
        "Dee Unknown",
        "Eve Junk",
        "Fay Québec",
        "Gus Núñez",  # the line that is not UTF-8 garbles no other
        "Hal Bytes",
        "Ida Nul",
    ]
    assert vault.contact("Eve Junk").role == "Recruiter"
    assert "café \xff" in vault.contact("Hal Bytes").body
    assert vault.findings == []
    assert "line 27: warning: Eve Junk: not a vCard property, left out: 'this line has no colon'" in result.output
    assert "line 1: warning: the file is not all UTF-8 (first at line 42); read 1 line as Windows-1252" in result.output
    assert "line 47: warning: NUL bytes in the file (the first on this line); dropped them" in result.output
    assert "vobject" not in result.output and capfd.readouterr().err == ""


def test_cards_with_only_an_email_address_are_named_after_it(tmp_path):
    result, vault = import_vcf(
        tmp_path,
        """
        BEGIN:VCARD
        VERSION:3.0
        EMAIL;TYPE=INTERNET:jane.doe@example.com
        END:VCARD
        BEGIN:VCARD
        VERSION:4.0
        EMAIL;PREF=1:mailto:jdoe77@example.com
        END:VCARD
        BEGIN:VCARD
        VERSION:3.0
        TEL:+1 612 555 0100
        EMAIL:not an address
        END:VCARD
        """,
    )
    assert [(c.name, c.email) for c in vault.contacts] == [
        ("Jane Doe", "jane.doe@example.com"),
        ("jdoe77@example.com", "jdoe77@example.com"),
    ]
    assert result.output.splitlines()[-3:] == [
        "line 12: warning: EMAIL 'not an address' is not an email address; left out",
        "line 9: bad record: the card has no name (no FN, N or EMAIL)",
        "vCard cards.vcf: 2 new contacts, 0 already in the vault, 0 skipped, 1 bad record (line 9)",
    ]
    assert "line 1: warning: the card has no name (no FN or N): named 'Jane Doe' after jane.doe@example.com" in (
        result.output
    )


def test_categories_split_at_unescaped_commas(tmp_path):
    _, vault = import_vcf(
        tmp_path,
        r"""
        BEGIN:VCARD
        VERSION:3.0
        FN:Ana Ruiz
        CATEGORIES:recruiting,hr\, people,#agency,,recruiting
        CATEGORIES:in house;retail
        END:VCARD
        """,
    )
    assert vault.contact("Ana Ruiz").tags == ("recruiting", "hr-people", "agency", "in-house", "retail")


def test_only_http_and_https_addresses_are_kept(tmp_path):
    unsafe = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(2)",
        "java\tscript:alert(3)",
        "javascript&colon;alert(4)",
        " &#106;avascript:alert(5)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==",
        "vbscript:msgbox(7)",
    ]
    vcf = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Ruiz\n"
    vcf += "".join(f"URL:{url}\n" for url in unsafe)
    vcf += "URL:https://www.linkedin.com/in/ana-ruiz\nURL:HTTPS://ana.example.com\nURL:www.example.org/ana\nEND:VCARD\n"
    quiet, vault = import_vcf(tmp_path, vcf)
    ana = vault.contact("Ana Ruiz")
    assert ana.linkedin == "https://www.linkedin.com/in/ana-ruiz"
    assert ana.website == "HTTPS://ana.example.com"
    assert ana.data["other_urls"] == ["https://www.example.org/ana"]
    text = (vault.root / ana.path).read_text()
    for word in ("script", "data:", "msgbox", "alert"):
        assert word not in text.lower()
    assert quiet.exit_code == 0 and "left out" not in quiet.output
    verbose = run(vault.root, "import", "vcard", str(tmp_path / "cards.vcf"), "-v")
    assert [line for line in verbose.output.splitlines() if "left out" in line] == [
        f"line {n}: left out: Ana Ruiz: URL {url.strip()!r} is not an http or https address"
        for n, url in enumerate(unsafe, start=4)
    ]


def test_note_is_body_text_and_never_frontmatter(tmp_path):
    result, vault = import_vcf(
        tmp_path,
        r"""
        BEGIN:VCARD
        VERSION:3.0
        FN:Ana Ruiz
        NOTE:---\nname: Evil Twin\nprivate: true\n---\n<script>alert(1)</script>\n{: onerror=alert(1) }\n[x](javascript:alert(1))
        END:VCARD
        BEGIN:VCARD
        VERSION:2.1
        FN:Ben Ode
        NOTE;ENCODING=QUOTED-PRINTABLE:---=0D=0Aemail: evil@example.com=0D=0A---=00=0D=0Amore
        END:VCARD
        """,
    )
    assert result.exit_code == 0
    ana, ben = vault.contact("Ana Ruiz"), vault.contact("Ben Ode")
    assert not ana.private and vault.contact("Evil Twin") is None
    assert ana.body == (
        "# Ana Ruiz\n\n---\nname: Evil Twin\nprivate: true\n---\n"
        "<script>alert(1)</script>\n{: onerror=alert(1) }\n[x](javascript:alert(1))\n"
    )
    assert (vault.root / ana.path).read_text().startswith("---\nname: Ana Ruiz\n---\n# Ana Ruiz\n\n---\n")
    # A NUL byte would have made the note a binary file the vault cannot read.
    assert ben.email is None and ben.body == "# Ben Ode\n\n---\nemail: evil@example.com\n---\nmore\n"
    assert vault.findings == []


def test_a_referral_to_a_name_with_link_characters_points_at_the_file(tmp_path):
    _, vault = import_vcf(
        tmp_path,
        """
        BEGIN:VCARD
        VERSION:4.0
        FN:Ana [[Ruiz]] | #1
        END:VCARD
        BEGIN:VCARD
        VERSION:4.0
        FN:Ben Ode
        X-INFOVIEW-REFERRED-BY:Ana [[Ruiz]] | #1
        END:VCARD
        """,
    )
    assert vault.referrer(vault.contact("Ben Ode")).name == "Ana [[Ruiz]] | #1"
    assert [f.rule for f in vault.findings] == ["broken-link"]  # the heading `# Ana [[Ruiz]] | #1` links to Ruiz


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
    assert set(exported) == {*original, "Broken Card", "Never Ended"}
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


# -- property: no card with a name or an email address is ever dropped -----------------------

name_words = st.lists(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=8),
    min_size=1,
    max_size=3,
).map(" ".join)
plain_words = st.from_regex(r"[A-Za-zÀ-ÿ]{1,8}", fullmatch=True)
#: Lines a card may hold that import does not keep, cannot read, or must not trust.
noise = st.sampled_from(
    [
        b"PROFILE:VCard",
        b"PHOTO;ENCODING=b;TYPE=JPEG:!!!not base64",
        b"PHOTO;BASE64:/9j/4AAQ=",
        b'X-UNKNOWN;A="b:c;d":e',
        b"item1.X-ABLabel:_$!<HomePage>!$_",
        b"this line has no colon",
        b"::::",
        b"=",
        b"NOTE:caf\xe9 \xff\xfe\x81",
        b"X-NUL:\x00\x00",
        b"URL:javascript:alert(1)",
        b"URL:http\\://example.com",
        b"ORG:Company, The;Dept",
        b"CATEGORIES:a,b\\, c",
        b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:cut =C3",
        b"NOTE:---\\nname: Evil\\n---",
        b"TEL;CELL;PREF:+1 555 0100",
        b"BDAY:someday",
        b"BEGIN:VCALENDAR",
        b"END:VCALENDAR",
    ]
)
card = st.tuples(
    st.sampled_from(["fn", "n", "email", "none"]),
    name_words,
    st.tuples(plain_words, plain_words),
    st.from_regex(r"[a-z]{1,6}(\.[a-z]{1,6})?@example\.(com|org)", fullmatch=True),
    st.lists(noise, max_size=4),
    st.booleans(),  # ends with END:VCARD
    st.sampled_from(["2.1", "3.0", "4.0"]),
)
between = st.lists(st.sampled_from([b"", b"junk between cards", b"\xff\xfe", b"END:VCARD", b"X-STRAY:1"]), max_size=2)


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


@given(st.lists(st.tuples(between, card), min_size=1, max_size=6), st.sampled_from([b"\n", b"\r\n", b"\r"]))
def test_every_card_with_a_name_or_email_is_imported_or_reported(cards, newline):
    lines: list[bytes] = []
    expected: list[tuple[int, str | None, bool]] = []  # (BEGIN line, name or None, ended)
    for junk, (kind, name, (first, family), email, extra, ended, version) in cards:
        if expected and not expected[-1][2] and b"END:VCARD" in junk:
            expected[-1] = (*expected[-1][:2], True)  # a stray END:VCARD after it ends the card after all
        lines += junk
        start = len(lines) + 1
        own = {
            "fn": [f"FN:{_escaped(name)}".encode()],
            "n": [f"N:{family};{first};;;".encode()],
            "email": [f"EMAIL;TYPE=INTERNET:{email}".encode()],
            "none": [],
        }[kind]
        body = [*extra[:2], *own, *extra[2:]]
        lines += [b"BEGIN:VCARD", f"VERSION:{version}".encode(), *body] + ([b"END:VCARD"] if ended else [])
        want = {"fn": one_line(name), "n": f"{first} {family}", "email": name_from_email(email), "none": None}[kind]
        expected.append((start, want, ended))
    batch = read_vcards(newline.join(lines) + newline)  # never raises
    people = {p.line: p for p in batch.people}
    bad = {line for line, _ in batch.bad}
    for start, want, ended in expected:
        if want is None:
            assert start in bad and start not in people
        else:
            assert people[start].name == want
            assert ended or start in bad  # imported, and a missing END:VCARD is still reported
    assert len(batch.people) == sum(want is not None for _, want, _ in expected)
    with tempfile.TemporaryDirectory() as tmp:
        root = write_vault(Path(tmp) / "vault", {"infoview.yml": "owner: Sam\n"})
        report = import_people(load_vault(root), batch, source="vCard")  # never raises
        assert len(report.created) + len(report.existing) == len(batch.people)
        assert report.bad == sorted(batch.bad)
        vault = load_vault(root)
        for path, name in report.created:
            assert vault.get(path).name == name
