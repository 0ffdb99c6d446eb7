"""Nothing private reaches the built site: markers planted in private places, then every output file grepped."""

from __future__ import annotations

import re

from test_site_build import mkdocs_build

#: Every marker shares this prefix, which appears nowhere in MkDocs or Material.
P = "Zq7priv"

VAULT = {
    "infoview.yml": f"""
        owner: Sam Tester
        site:
          private_fields: [home_address, salary]
          calendar_feed: true
        secret_setting: {P}Config
        """,
    # A public contact full of private fields and comments.
    "contacts/ana-diaz.md": f"""
        ---
        name: Ana Diaz
        role: Recruiter
        email: {P}Mail@example.com
        phone: 555-{P}Phone
        address: 1 {P}Address Street
        home_address: 2 {P}Home Road
        salary: {P}Salary
        pronouns: she/her
        referred_by: "[[{P}Friend|a friend]]"
        tags: [public-tag]
        ---
        Public words PUBLICOK.
        %% {P}Comment one %%
        Between comments.
        %% {P}Comment
        spanning lines %%
        <!-- {P}HtmlComment -->
        Mentions [[{P}Friend|someone I know]] here.
        """,
    # A private contact: no page, no index entry, no search, no graph node.
    f"contacts/{P}Friend.md": f"""
        ---
        name: {P}Friend
        role: {P}Role
        private: true
        tags: [{P}tag]
        outreach:
          - {{date: 2026-11-01, via: email, note: {P}Outreach}}
        ---
        {P}Body of a private person.
        """,
    # A private meeting with a public person, naming someone.
    "interviews/2026-11-03-ana.md": f"""
        ---
        contact: "[[Ana Diaz]]"
        date: 2026-11-03
        status: done
        private: true
        thank_you_sent: 2026-11-04
        referrals: ["[[{P}Prospect Name]]"]
        questions: [{P}Question]
        ---
        {P}Meeting notes.
        """,
    # A meeting that is not marked private, but is with the private person.
    "interviews/2026-11-05-friend.md": f"""
        ---
        contact: "[[{P}Friend]]"
        date: 2026-11-05
        status: done
        thank_you_sent: 2026-11-06
        ---
        {P}Meeting with a private person.
        """,
    f"companies/{P}Company.md": f"""
        ---
        name: {P}Company
        private: true
        ---
        {P}Company research.
        """,
    "templates/contact.md": f"---\nname: {{{{title}}}}\nrole: {P}Template\n---\n",
    "attachments/notes.txt": f"{P}Loose file\n",
}


def test_private_data_never_reaches_any_output_file(tmp_path):
    proc, site = mkdocs_build(tmp_path, VAULT, strict=False)
    assert proc.returncode == 0, proc.stderr
    files = [f for f in site.rglob("*") if f.is_file()]
    searched = {f.relative_to(site).as_posix() for f in files}
    assert {"search/search_index.json", "graph.json", "calendar.ics"} <= searched
    leaks = []
    for f in files:
        data = f.read_bytes()
        if f.suffix == ".gz":
            import gzip

            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        leaks += [(f.relative_to(site).as_posix(), m) for m in re.findall(P + r"\w*", text, re.IGNORECASE)]
    assert leaks == []
    # The test can fail: the public note is there, with its allowed fields.
    page = (site / "people/ana-diaz/index.html").read_text(encoding="utf-8")
    assert "PUBLICOK" in page and "she/her" in page and "Between comments." in page
    assert "a friend" in page and "someone I know" in page  # links to a private note become their words
    assert 'href="../zq7privfriend' not in page.lower()
    search = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert "PUBLICOK" in search
    assert not (site / "attachments").exists() and not (site / "templates").exists()


def test_show_contact_details_publishes_email_and_phone_but_not_private_fields(tmp_path):
    files = dict(VAULT)
    files["infoview.yml"] = (
        "owner: Sam Tester\nsite:\n  show_contact_details: true\n  private_fields: [home_address, salary]\n"
    )
    proc, site = mkdocs_build(tmp_path, files, strict=False)
    assert proc.returncode == 0, proc.stderr
    page = (site / "people/ana-diaz/index.html").read_text(encoding="utf-8")
    assert f'href="mailto:{P}Mail@example.com"' in page and f"555-{P}Phone" in page
    assert f"{P}Home" not in page and f"{P}Salary" not in page


def test_rule_messages_about_public_notes_do_not_name_private_people(tmp_path):
    """A public meeting whose referrer is private: the overdue "thank the referrer" follow-up stays anonymous."""
    files = {
        f"contacts/{P}Referrer.md": f"---\nname: {P}Referrer\nprivate: true\n---\n",
        "contacts/bo-chen.md": f'---\nname: Bo Chen\nreferred_by: "[[{P}Referrer|my old boss]]"\n---\n',
        "interviews/2026-11-10-bo.md": '---\ncontact: "[[Bo Chen]]"\ndate: 2026-11-10\nmedium: video\nstatus: done\nthank_you_sent: 2026-11-11\nreferrals_asked: true\n---\n',
    }
    proc, site = mkdocs_build(tmp_path, files, strict=False)
    assert proc.returncode == 0, proc.stderr
    assert f"{P}Referrer" in proc.stderr  # the owner's own console still says who
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "referrer-thanks-overdue" in home and "(a private contact)" in home
    for f in site.rglob("*"):
        if f.is_file() and f.suffix != ".gz":
            assert P.lower() not in f.read_text(encoding="utf-8", errors="replace").lower(), f


def test_hiding_company_and_referred_by_hides_what_they_reveal(make_vault):
    import datetime as dt

    from infoview.site import build_site

    vault = make_vault(
        {
            "infoview.yml": "owner: Sam\nsite:\n  private_fields: [company, referred_by]\n",
            "companies/acme.md": "---\nname: Acme\n---\n",
            "contacts/ana.md": '---\nname: Ana Diaz\ncompany: "[[Acme]]"\n---\n',
            "contacts/bo.md": '---\nname: Bo Chen\nreferred_by: "[[Ana Diaz]]"\n---\n',
        }
    )
    site = build_site(vault, dt.date(2026, 11, 25))
    assert "Ana Diaz" not in site.pages["companies/acme.md"].html
    assert "Bo Chen" not in site.pages["people/ana.md"].html
    assert "Ana Diaz" not in site.pages["people/bo.md"].html
    assert "referred by" not in site.pages["graph/index.md"].html
