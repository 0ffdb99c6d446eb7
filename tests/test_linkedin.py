"""LinkedIn Connections.csv import: the real file's quirks, matching, idempotency."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_vault
from hypothesis import given
from hypothesis import strategies as st

from infoview import load_vault
from infoview.cli import main
from infoview.interop.contacts import InteropError, import_people, linkedin_key, name_key
from infoview.interop.linkedin import parse_connected_on, read_connections

FIXTURES = Path(__file__).parent / "fixtures" / "interop"
CONNECTIONS = FIXTURES / "Connections.csv"
OLD_CONNECTIONS = FIXTURES / "Connections-old.csv"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"

VAULT = {
    "infoview.yml": "owner: Sam Okafor\ntimezone: America/Chicago\n",
    "companies/brightpath-talent.md": """
        ---
        name: Brightpath Talent
        aliases: [Brightpath]
        ---
        """,
    "contacts/keiko-tanaka.md": """
        ---
        name: Keiko Tanaka
        company: "[[Brightpath Talent]]"
        linkedin: http://uk.linkedin.com/in/Keiko-Tanaka-Example/
        ---
        # Keiko Tanaka
        """,
}


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(root: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--vault", str(root)], catch_exceptions=False)


# -- reading the file -------------------------------------------------------------


def test_current_export_with_preamble_bom_and_quirks():
    batch = read_connections(CONNECTIONS.read_bytes())
    people = {p.name: p for p in batch.people}
    assert list(people) == [
        "Priya Raman",
        "José Núñez",
        "Zhang Wei 张伟",
        "Mary-Kate O'Brien",
        "no-name-example",  # a URL and no name: named after the URL's handle
        "Dana Whitfield",
        "Keiko Tanaka",
    ]
    jose = people["José Núñez"]
    assert jose.line == 6
    assert jose.company == "Cedarline RPO, Inc."  # quoted comma
    assert jose.role == "Sourcer, Engineering"
    assert jose.emails == ("jose.nunez@example.com",)
    assert jose.linkedin == "https://www.linkedin.com/in/jose-nunez-example"
    assert str(jose.connected_on) == "2026-01-14"
    assert people["Mary-Kate O'Brien"].role == 'People Operations Manager, "Retail" stores'
    assert people["Priya Raman"].emails == ()  # most connections share no email
    # Keiko's row is the last one and the file has no final newline.
    assert str(people["Keiko Tanaka"].connected_on) == "2025-08-19"
    assert batch.skipped == [
        (7, "hidden profile (only a connection date)"),
        (13, "hidden profile (only a connection date)"),
    ]
    assert [line for line, _ in batch.bad] == [12]
    assert "8 fields where the header has 7" in batch.bad[0][1]
    assert batch.warnings == [
        (10, "no first or last name: named 'no-name-example' after the profile URL"),
        (11, "Dana Whitfield: connection date 'Oct 2025' is not a date like 08 Feb 2026; left out"),
    ]
    assert people["no-name-example"].linkedin == "https://www.linkedin.com/in/no-name-example"
    assert people["no-name-example"].company == "Acme"
    assert people["Dana Whitfield"].connected_on is None


def test_older_export_without_preamble_or_url_column():
    batch = read_connections(OLD_CONNECTIONS.read_bytes())
    assert [(p.name, p.linkedin, p.company, str(p.connected_on)) for p in batch.people] == [
        ("Priya Raman", None, "Brightpath Talent", "2026-02-08"),
        ("Lars Eklund", None, "Riverbend Health, Talent Acquisition", "2019-06-27"),
    ]
    assert batch.skipped == [(4, "hidden profile (only a connection date)")]


def test_the_whole_export_archive_is_read_too():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("Profile.csv", "First Name,Last Name\nSam,Okafor\n")
        archive.writestr("Connections.csv", CONNECTIONS.read_bytes())
    assert [p.name for p in read_connections(buf.getvalue()).people] == [
        p.name for p in read_connections(CONNECTIONS.read_bytes()).people
    ]
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("Profile.csv", "x")
    with pytest.raises(InteropError, match="no Connections.csv"):
        read_connections(empty.getvalue())
    with pytest.raises(InteropError, match="cannot read the archive"):
        read_connections(b"PK\x03\x04 truncated")


def test_a_stray_quote_costs_only_its_own_line():
    text = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        'Ana,Ruiz,,,"Acme,Recruiter,01 Jan 2026\n'
        "Ben,Ode,,,Acme,Recruiter,02 Jan 2026\n"
        "Cy,Lam,,,Acme,Recruiter,03 Jan 2026"
    )
    batch = read_connections(text.encode())
    assert [p.name for p in batch.people] == ["Ben Ode", "Cy Lam"]
    assert [line for line, _ in batch.bad] == [2]


def test_windows_1252_file_is_read_with_a_warning():
    text = "First Name,Last Name,Company,Position,Connected On\r\nRené,Lefèvre,Café Talent,Recruiter,05 Mar 2024\r\n"
    batch = read_connections(text.encode("cp1252"))
    assert [p.name for p in batch.people] == ["René Lefèvre"]
    assert batch.warnings and "Windows-1252" in batch.warnings[0][1]


def test_one_line_that_is_not_utf8_leaves_the_others_alone():
    data = (HEADER + "José,Núñez,,,Acme,Recruiter,01 Jan 2026\n").encode() + (
        "René,Lefèvre,,,Café Talent,Recruiter,02 Jan 2026\n"
    ).encode("cp1252")
    batch = read_connections(data)
    assert [p.name for p in batch.people] == ["José Núñez", "René Lefèvre"]
    assert batch.warnings == [(1, "the file is not all UTF-8 (first at line 3); read 1 line as Windows-1252")]


def test_utf16_with_bom_is_read():
    text = "First Name,Last Name,Connected On\nÅsa,Berg,08 Feb 2026\n"
    assert [p.name for p in read_connections(text.encode("utf-16")).people] == ["Åsa Berg"]


def test_dates():
    assert str(parse_connected_on("08 Feb 2026")) == "2026-02-08"
    assert str(parse_connected_on("8 February 2026")) == "2026-02-08"
    assert str(parse_connected_on("2026-02-08")) == "2026-02-08"
    assert parse_connected_on("31 Feb 2026") is None
    assert parse_connected_on("Febtober 2026") is None


def test_dates_as_a_spreadsheet_saves_them_again():
    for text in ("12 Mar 2024", "3/12/24", "3/12/2024", "03/12/2024", "12-Mar-24", "12-Mar-2024", "Mar 12, 2024"):
        assert parse_connected_on(text) == dt.date(2024, 3, 12), text
    assert parse_connected_on("12.03.2024") == dt.date(2024, 3, 12)  # dots: day first
    assert parse_connected_on("2024/03/12") == dt.date(2024, 3, 12)
    assert parse_connected_on("8 Sept 2025") == dt.date(2025, 9, 8)
    assert parse_connected_on("3/12/24", day_first=True) == dt.date(2024, 12, 3)
    for text in ("13/13/2024", "2/30/24", "3/12", "3/12/024", "12 Mar"):
        assert parse_connected_on(text) is None, text


def test_a_file_whose_slashed_dates_put_the_day_first_is_read_day_first(tmp_path):
    def connected(folder: str, rows: str) -> dict[str, str]:
        root = write_vault(tmp_path / folder, {"infoview.yml": "owner: Sam\n"})
        import_people(load_vault(root), read_connections((HEADER + rows).encode()), source="LinkedIn")
        return {c.name: str(c.extra["connected_on"]) for c in load_vault(root).contacts}

    us = "Ana,Ruiz,,,Acme,Recruiter,3/12/24\nBen,Ode,,,Acme,Recruiter,12/31/2023\n"
    assert connected("us", us) == {"Ana Ruiz": "2024-03-12", "Ben Ode": "2023-12-31"}
    europe = "Ana,Ruiz,,,Acme,Recruiter,3/12/24\nBen,Ode,,,Acme,Recruiter,31/12/2023\n"
    assert connected("europe", europe) == {"Ana Ruiz": "2024-12-03", "Ben Ode": "2023-12-31"}


def test_names_compare_without_case_accents_or_punctuation():
    assert name_key("José Núñez") == name_key("jose-nunez") == name_key("JOSE  NUNEZ")
    assert name_key("Zhang Wei 张伟") == "zhang wei 张伟"
    assert name_key("★ ☆") == "★ ☆"  # no letters at all: still a name, compared as written


def test_linkedin_profile_addresses_compare_equal():
    same = [
        "https://www.linkedin.com/in/keiko-tanaka-example",
        "http://uk.linkedin.com/in/Keiko-Tanaka-Example/",
        "linkedin.com/in/keiko-tanaka-example?trk=x",
    ]
    assert len({linkedin_key(u) for u in same}) == 1
    assert linkedin_key("https://example.com/in/keiko") is None


# -- importing into a vault ---------------------------------------------------------


def test_import_writes_one_note_per_new_person(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    before = snapshot(root)
    result = run(root, "import", "linkedin", str(CONNECTIONS))
    assert result.exit_code == 1  # one record could not be read; the rest were imported
    out = result.output.splitlines()
    assert (
        out[-1] == "LinkedIn Connections.csv: 6 new contacts, 1 already in the vault, 2 skipped, 1 bad record (line 12)"
    )
    assert "created contacts/priya-raman.md (Priya Raman)" in out
    assert "line 12: bad record: 8 fields where the header has 7 (an unquoted comma?)" in out
    after = snapshot(root)
    # Keiko (same LinkedIn profile, written another way) is untouched.
    assert after["contacts/keiko-tanaka.md"] == before["contacts/keiko-tanaka.md"]
    assert sorted(set(after) - set(before)) == [
        "contacts/dana-whitfield.md",
        "contacts/jose-nunez.md",
        "contacts/mary-kate-o-brien.md",
        "contacts/no-name-example.md",
        "contacts/priya-raman.md",
        "contacts/zhang-wei.md",
    ]
    assert after["contacts/priya-raman.md"].decode() == (
        "---\n"
        "name: Priya Raman\n"
        'company: "[[Brightpath Talent]]"\n'
        "role: Technical Recruiter\n"
        'linkedin: "https://www.linkedin.com/in/priya-raman-example"\n'
        "met_via: LinkedIn connection\n"
        "connected_on: 2026-02-08\n"
        "---\n"
        "# Priya Raman\n"
    )
    vault = load_vault(root)
    assert vault.findings == []
    jose = vault.contact("José Núñez")
    assert jose.company.wiki is False and jose.company.target == "Cedarline RPO, Inc."  # no note for it: plain text
    assert jose.email == "jose.nunez@example.com"
    assert jose.status == "prospect"  # connecting is not campaign outreach
    assert str(jose.extra["connected_on"]) == "2026-01-14"


def test_second_import_changes_nothing(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    run(root, "import", "linkedin", str(CONNECTIONS))
    once = snapshot(root)
    result = run(root, "import", "linkedin", str(CONNECTIONS))
    assert snapshot(root) == once
    assert "0 new contacts, 7 already in the vault" in result.output


def test_dry_run_writes_nothing_and_says_what_it_would_do(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    before = snapshot(root)
    result = run(root, "import", "linkedin", str(CONNECTIONS), "--dry-run")
    assert snapshot(root) == before
    assert "would create contacts/priya-raman.md (Priya Raman)" in result.output
    assert "6 new contacts (dry run: nothing written)" in result.output


def test_verbose_lists_matches_and_skips(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    result = run(root, "import", "linkedin", str(CONNECTIONS), "-v", "--dry-run")
    assert "already in the vault: Keiko Tanaka -> contacts/keiko-tanaka.md (same LinkedIn profile)" in result.output
    assert "line 7: skipped: hidden profile (only a connection date)" in result.output


def test_matches_by_email_and_by_name_and_never_overwrites(tmp_path):
    root = write_vault(
        tmp_path / "vault",
        {
            "contacts/jose.md": "---\nname: Jose Nunez\n---\n",  # same person, written without accents
            "contacts/lars.md": "---\nname: L. Eklund\nemail: Lars.Eklund@example.com\n---\n",
            # A file already at the slug a new person would get: never replaced.
            "contacts/priya-raman.md": "---\nname: Priya R.\nlinkedin: https://www.linkedin.com/in/another-priya\n---\n",
        },
    )
    before = snapshot(root)
    csv_text = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "José,Núñez,,,Cedarline RPO,Sourcer,14 Jan 2026\n"
        "Lars,Eklund,,lars.eklund@example.com,Riverbend Health,HR Generalist,27 Jun 2019\n"
        "Priya,Raman,https://www.linkedin.com/in/priya-raman-example,,Brightpath Talent,Recruiter,08 Feb 2026\n"
    )
    vault = load_vault(root)
    report = import_people(vault, read_connections(csv_text.encode()), source="LinkedIn")
    assert [(name, path, why) for name, path, why in report.existing] == [
        ("José Núñez", "contacts/jose.md", "same name"),
        ("Lars Eklund", "contacts/lars.md", "same email lars.eklund@example.com"),
    ]
    assert report.created == [("contacts/priya-raman-2.md", "Priya Raman")]
    after = snapshot(root)
    assert {k: after[k] for k in before} == before


def test_same_name_with_different_profiles_are_two_people(tmp_path):
    root = write_vault(tmp_path / "vault", {"infoview.yml": "owner: Sam\n"})
    csv_text = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "John,Smith,https://www.linkedin.com/in/john-smith-1,,Acme,Recruiter,01 Jan 2026\n"
        "John,Smith,https://www.linkedin.com/in/john-smith-2,,Globex,Sourcer,02 Jan 2026\n"
        "John,Smith,https://www.linkedin.com/in/john-smith-1,,Acme,Recruiter,01 Jan 2026\n"
    )
    report = import_people(load_vault(root), read_connections(csv_text.encode()), source="LinkedIn")
    assert report.created == [("contacts/john-smith.md", "John Smith"), ("contacts/john-smith-2.md", "John Smith")]
    assert report.existing == [
        ("John Smith", "contacts/john-smith.md", "repeated in this file (same LinkedIn profile)")
    ]
    # The notes carry their own profiles, so the vault can tell the two apart.
    vault = load_vault(root)
    assert [(c.path, c.linkedin) for c in vault.contacts] == [
        ("contacts/john-smith-2.md", "https://www.linkedin.com/in/john-smith-2"),
        ("contacts/john-smith.md", "https://www.linkedin.com/in/john-smith-1"),
    ]
    again = import_people(vault, read_connections(csv_text.encode()), source="LinkedIn")
    assert again.created == []


def test_a_row_without_a_name_is_named_after_its_profile_or_email(tmp_path):
    root = write_vault(tmp_path / "vault", {"infoview.yml": "owner: Sam\n"})
    file = tmp_path / "Connections.csv"
    file.write_text(
        HEADER
        + ",,https://www.linkedin.com/in/jane-doe-123/,,Acme,Recruiter,01 Jan 2026\n"
        + ",,,kim.lee@example.com,Acme,Recruiter,02 Jan 2026\n"
        + ",,javascript:alert(1),,Acme,Recruiter,03 Jan 2026\n"
        + ",,,,Acme,Recruiter,04 Jan 2026\n"
    )
    result = run(root, "import", "linkedin", str(file), "-v")
    assert result.exit_code == 1
    vault = load_vault(root)
    jane = vault.contact("jane-doe-123")
    assert (jane.path, jane.linkedin, jane.role) == (
        "contacts/jane-doe-123.md",
        "https://www.linkedin.com/in/jane-doe-123/",
        "Recruiter",
    )
    assert vault.contact("Kim Lee").email == "kim.lee@example.com"
    why = "no first or last name, and no profile URL or email address to name the person by"
    assert [line for line in result.output.splitlines() if line.startswith("line ")] == [
        "line 2: warning: no first or last name: named 'jane-doe-123' after the profile URL",
        "line 3: warning: no first or last name: named 'Kim Lee' after kim.lee@example.com",
        f"line 4: bad record: {why}",
        f"line 5: bad record: {why}",
    ]


def test_only_a_web_address_is_kept_as_the_profile(tmp_path):
    root = write_vault(tmp_path / "vault", {"infoview.yml": "owner: Sam\n"})
    rows = "".join(
        f"Ana{i},Ruiz,{url},,Acme,Recruiter,01 Jan 2026\n"
        for i, url in enumerate(["javascript:alert(1)", "JAVASCRIPT&colon;alert(1)", '"data:text/html,x"'])
    )
    file = tmp_path / "Connections.csv"
    file.write_text(HEADER + rows + "Ben,Ode,www.linkedin.com/in/ben-ode,,Acme,Recruiter,01 Jan 2026\n")
    result = run(root, "import", "linkedin", str(file), "-v")
    assert result.exit_code == 0
    vault = load_vault(root)
    assert [c.linkedin for c in vault.contacts] == [None, None, None, "https://www.linkedin.com/in/ben-ode"]
    assert "line 2: left out: Ana0 Ruiz: URL 'javascript:alert(1)' is not an http or https address" in result.output
    assert sum("left out" in line for line in result.output.splitlines()) == 3
    assert "left out" not in run(root, "import", "linkedin", str(file)).output


def test_not_a_connections_file_is_a_usage_error(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    bad = tmp_path / "notes.csv"
    bad.write_text("date,amount\n2026-01-01,12\n")
    result = run(root, "import", "linkedin", str(bad))
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"infoview: error: {bad}: no header row with First Name and Last Name: is this LinkedIn's Connections.csv?"
    ]
    missing = run(root, "import", "linkedin", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "cannot read" in missing.output


def test_refuses_a_folder_that_is_no_vault(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(empty, "import", "linkedin", str(CONNECTIONS))
    assert result.exit_code == 2 and "does not look like a vault" in result.output
    assert list(empty.iterdir()) == []


# -- properties -----------------------------------------------------------------

names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=12
).filter(lambda s: s.strip())
rows = st.lists(
    st.tuples(
        names,
        names,
        st.one_of(st.none(), st.from_regex(r"[a-z]{1,8}(-[a-z]{1,8})?", fullmatch=True)),
        st.one_of(st.none(), st.from_regex(r"[a-z]{1,6}@example\.com", fullmatch=True)),
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"), max_size=15),
        st.dates().map(lambda d: d.strftime("%d %b %Y")),
    ),
    max_size=8,
)


def _csv(data) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
    for first, last, slug, email, company, when in data:
        writer.writerow(
            [
                first,
                last,
                f"https://www.linkedin.com/in/{slug}" if slug else "",
                email or "",
                company,
                "Recruiter",
                when,
            ]
        )
    return ("\ufeff" + buf.getvalue()).encode()


@given(rows)
def test_importing_twice_is_importing_once(data):
    with tempfile.TemporaryDirectory() as tmp:
        root = write_vault(Path(tmp) / "vault", {"infoview.yml": "owner: Sam\n"})
        file = _csv(data)
        first = import_people(load_vault(root), read_connections(file), source="LinkedIn")
        once = snapshot(root)
        second = import_people(load_vault(root), read_connections(file), source="LinkedIn")
        assert snapshot(root) == once
        assert second.created == []
        assert len(first.created) + len(first.existing) == len(second.existing)
        assert second.bad == first.bad
        # Every written note loads as a contact, and nothing in them is a problem.
        vault = load_vault(root)
        assert len(vault.contacts) == len(first.created)
        assert [f for f in vault.findings if f.rule not in ("duplicate-contact", "same-name")] == []


# -- what one person can cost ----------------------------------------------------


def test_a_very_long_name_gets_a_short_file_name_and_keeps_the_whole_name(tmp_path):
    root = write_vault(tmp_path / "vault", {"infoview.yml": "owner: Sam\n"})
    last = "Longname" * 37  # a 300-character name: no file system takes that as a file name
    file = tmp_path / "Connections.csv"
    file.write_text(
        HEADER
        + f"Ana,{last},,,Acme,Recruiter,01 Jan 2026\n"
        + f"Ana,{last}x,,,Acme,Recruiter,01 Jan 2026\n"  # differs after the cut: numbered
        + "Ben,Ode,,,Acme,Recruiter,02 Jan 2026\n"
    )
    result = run(root, "import", "linkedin", str(file))
    assert result.exit_code == 0, result.output
    stem = ("ana-" + "longname" * 37)[:80]
    assert sorted(p.name for p in (root / "contacts").iterdir()) == sorted(["ben-ode.md", f"{stem}.md", f"{stem}-2.md"])
    vault = load_vault(root)
    assert vault.get(f"contacts/{stem}.md").name == f"Ana {last}"
    assert vault.get(f"contacts/{stem}-2.md").name == f"Ana {last}x"
    assert vault.findings == []
    # Importing again finds them by name: nothing new.
    assert "0 new contacts, 3 already in the vault" in run(root, "import", "linkedin", str(file)).output


def test_a_file_system_error_costs_only_that_person(tmp_path, monkeypatch):
    import infoview.edit

    root = write_vault(tmp_path / "vault", {"infoview.yml": "owner: Sam\n"})
    file = tmp_path / "Connections.csv"
    file.write_text(
        HEADER
        + "Ana,Ruiz,,,Acme,Recruiter,01 Jan 2026\n"
        + "Ben,Ode,,,Acme,Recruiter,02 Jan 2026\n"
        + "Cy,Lam,,,Acme,Recruiter,03 Jan 2026\n"
        + "Dee,Park,,,Acme,Recruiter,04 Jan 2026\n"
    )
    # Ben's file name cannot even be looked at, and Cy's note cannot be written.
    real_exists, real_write = Path.exists, infoview.edit.write_new

    def exists(path: Path) -> bool:
        if path.name == "ben-ode.md":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_exists(path)

    def write_new(path: Path, text: str) -> Path:
        if path.name == "cy-lam.md":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_write(path, text)

    monkeypatch.setattr(Path, "exists", exists)
    monkeypatch.setattr(infoview.edit, "write_new", write_new)
    result = run(root, "import", "linkedin", str(file))
    monkeypatch.undo()
    assert result.exit_code == 1
    out = result.output.splitlines()
    assert "line 3: bad record: Ben Ode: cannot look into contacts/: Permission denied" in out
    assert "line 4: bad record: Cy Lam: cannot write contacts/cy-lam.md: Permission denied" in out
    assert (
        out[-1] == f"LinkedIn {file.name}: 2 new contacts, 0 already in the vault, 0 skipped, 2 bad records (line 3, 4)"
    )
    assert [c.name for c in load_vault(root).contacts] == ["Ana Ruiz", "Dee Park"]


def test_hostile_names_are_text_that_reads_back_the_same(tmp_path):
    root = write_vault(tmp_path / "vault", {"infoview.yml": "owner: Sam\n"})
    rows = [
        ["Jane", "Doe{: onerror=alert(1) }"],
        ["Img", "<img src=x onerror=alert(1)>"],
        ["Quote", '"O\'Brien" # not a comment: [[not a link]] - *x* ---'],
        ["Yaml", "&anchor !!python/object:os.system"],
    ]
    buf = io.StringIO()
    csv.writer(buf).writerows([HEADER.strip().split(","), *[[*r, "", "", "", "", "01 Jan 2026"] for r in rows]])
    report = import_people(load_vault(root), read_connections(buf.getvalue().encode()), source="LinkedIn")
    assert len(report.created) == 4 and report.bad == []
    vault = load_vault(root)
    names = {c.name for c in vault.contacts}
    assert names == {f"{first} {last}" for first, last in rows}
    for contact in vault.contacts:
        assert contact.body.startswith(f"# {contact.name}\n")
    assert [f for f in vault.findings if f.rule != "broken-link"] == []
