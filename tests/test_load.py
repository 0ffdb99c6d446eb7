"""The loader: a typed model from notes, and a precise finding for every bad one."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import EXAMPLE_VAULT, rules_of

from infoview import Company, Contact, Interview, load_vault


def test_types_come_from_folders_and_type_key(make_vault):
    vault = make_vault(
        {
            "contacts/maria-lopez.md": """
                ---
                name: Maria Lopez
                company: "[[Acme Talent]]"
                role: Senior Recruiter
                ---
                Met at the SHRM mixer.
            """,
            "companies/acme-talent.md": "---\nindustry: Staffing\n---\n",
            "interviews/2026-11-18-maria.md": """
                ---
                contact: "[[Maria Lopez]]"
                date: 2026-11-18
                medium: phone
                status: done
                ---
            """,
            "people/dev.md": "---\ntype: contact\nname: Dev Patel\n---\n",
            "templates/contact.md": "---\nname: {{name}}\n---\n",
            "journal.md": "Today I called [[Maria Lopez]].\n",
        }
    )
    assert vault.findings == []
    assert [c.name for c in vault.contacts] == ["Maria Lopez", "Dev Patel"]
    company = vault.companies[0]
    assert isinstance(company, Company) and company.name == "acme-talent"
    [iv] = vault.interviews
    assert isinstance(iv, Interview)
    assert iv.date == dt.date(2026, 11, 18) and iv.medium == "phone" and iv.status == "done"
    assert vault.contact(iv.contact).name == "Maria Lopez"
    assert vault.get("journal.md").type == "note"
    assert all(not n.path.startswith("templates/") for n in vault.notes)


def test_links_resolve_by_stem_name_and_alias_case_insensitively(make_vault):
    vault = make_vault(
        {
            "contacts/beatriz-calloway.md": "---\nname: Beatriz Calloway\naliases: [Bea]\n---\n",
            "contacts/a.md": '---\nreferred_by: "[[bea]]"\n---\n',
            "contacts/b.md": '---\nreferred_by: "[[BEATRIZ-CALLOWAY|Beatriz]]"\n---\n',
            "contacts/c.md": '---\nreferred_by: "[[Beatriz Calloway#Notes]]"\n---\nSee [[bea|her]].\n',
        }
    )
    assert vault.findings == []
    bea = vault.get("contacts/beatriz-calloway.md")
    for path in ("contacts/a.md", "contacts/b.md", "contacts/c.md"):
        assert vault.referrer(vault.get(path)) is bea
    link = vault.get("contacts/c.md").links[0]
    assert (link.target, link.display, link.line) == ("bea", "her", 4)


def test_unknown_keys_are_kept(make_vault):
    vault = make_vault({"contacts/x.md": "---\nname: X\ncoffee_order: oat flat white\npronouns: she/her\n---\n"})
    assert vault.contacts[0].extra == {"coffee_order": "oat flat white", "pronouns": "she/her"}


def test_status_is_derived_from_interviews_and_outreach(make_vault):
    vault = make_vault(
        {
            "contacts/met.md": "---\nname: Met\n---\n",
            "contacts/sched.md": "---\nname: Sched\n---\n",
            "contacts/wrote.md": "---\nname: Wrote\noutreach:\n  - {date: 2026-11-01, via: email}\n---\n",
            "contacts/new.md": "---\nname: New\n---\n",
            "contacts/kept.md": "---\nname: Kept\nstatus: dormant\n---\n",
            "interviews/1.md": '---\ncontact: "[[Met]]"\ndate: 2026-11-01\nstatus: done\n---\n',
            "interviews/2.md": '---\ncontact: "[[Sched]]"\ndate: 2026-12-01\n---\n',
            "interviews/3.md": '---\ncontact: "[[Kept]]"\ndate: 2026-11-01\nstatus: done\n---\n',
        }
    )
    status = {c.name: c.status for c in vault.contacts}
    assert status == {"Met": "met", "Sched": "scheduled", "Wrote": "contacted", "New": "prospect", "Kept": "dormant"}


def test_questions_and_research_from_keys_and_body_sections(make_vault):
    vault = make_vault(
        {
            "contacts/jane.md": "---\nname: Jane\n---\n",
            "interviews/a.md": """
                ---
                contact: "[[Jane]]"
                date: 2026-11-26
                questions: [What does a typical day look like?]
                ---
                ## Questions
                - How did you get into recruiting?
                1. What would you do differently?

                ## Research
                Read the firm's 2025 annual report.

                ## Notes
                - not a question
            """,
        }
    )
    [iv] = vault.interviews
    assert iv.questions == (
        "What does a typical day look like?",
        "How did you get into recruiting?",
        "What would you do differently?",
    )
    assert iv.research == ("Read the firm's 2025 annual report.",)
    assert iv.prepared


def test_yaml_11_surprises_stay_text(make_vault):
    vault = make_vault({"contacts/yes.md": "---\nname: yes\nrole: 2026-11-25\ncall_time: 20:03\nphone: 5551234567\n---\n"})
    [c] = vault.contacts
    assert (c.name, c.role, c.phone) == ("yes", "2026-11-25", "5551234567")
    assert c.extra["call_time"] == "20:03"
    assert vault.findings == []


def test_datetime_in_interview_date(make_vault):
    vault = make_vault(
        {
            "contacts/jane.md": "---\nname: Jane\n---\n",
            "interviews/a.md": '---\ncontact: "[[Jane]]"\ndate: "2026-11-26T14:30"\n---\n',
            "interviews/b.md": '---\ncontact: "[[Jane]]"\ndate: 2026-11-27 09:00:00\n---\n',
        }
    )
    a, b = vault.interviews
    assert a.date == dt.date(2026, 11, 26) and a.start == dt.datetime(2026, 11, 26, 14, 30)
    assert b.date == dt.date(2026, 11, 27) and b.start == dt.datetime(2026, 11, 27, 9, 0)


# -- one golden test per finding kind, with its line ---------------------


def test_yaml_error_points_at_the_real_line(make_vault):
    vault = make_vault({"contacts/bad.md": "---\nname: Jane\nrole: Recruiter: senior\n---\nbody\n", "contacts/ok.md": "---\nname: Ok\n---\n"})
    assert rules_of(vault.findings) == [("yaml-error", "contacts/bad.md", 3)]
    assert "not valid YAML" in vault.findings[0].message and vault.findings[0].hint
    assert {c.name for c in vault.contacts} == {"bad", "Ok"}  # both still load


def test_invalid_field_at_the_key_line(make_vault):
    vault = make_vault(
        {
            "contacts/jane.md": "---\nname: Jane\n---\n",
            "interviews/a.md": '---\ncontact: "[[Jane]]"\ndate: 2026-11-18\nmedium: carrier pigeon\nthank_you_sent: next tuesday\n---\n',
        }
    )
    assert rules_of(vault.findings) == [("invalid-field", "interviews/a.md", 4), ("invalid-field", "interviews/a.md", 5)]
    assert "in-person, phone, video" in vault.findings[0].message


def test_missing_required_keys(make_vault):
    vault = make_vault({"interviews/a.md": "---\nmedium: phone\n---\n"})
    assert sorted(f.message for f in vault.findings) == ["an interview needs `contact:`", "an interview needs `date:`"]
    assert {f.line for f in vault.findings} == {3}  # the closing --- : where a key would go


def test_unquoted_link(make_vault):
    vault = make_vault({"contacts/jane.md": "---\nname: Jane\n---\n", "contacts/dev.md": "---\nname: Dev\nreferred_by: [[Jane]]\n---\n"})
    assert rules_of(vault.findings) == [("unquoted-link", "contacts/dev.md", 3)]
    assert vault.referrer(vault.get("contacts/dev.md")).name == "Jane"


def test_broken_and_ambiguous_links(make_vault):
    vault = make_vault(
        {
            "contacts/a.md": "---\nname: Sam Lee\n---\n",
            "contacts/b.md": "---\nname: Sam\naliases: [Sam Lee]\n---\n",
            "contacts/dev.md": '---\nname: Dev\nreferred_by: "[[Sam Lee]]"\ncompany: "[[Nowhere Inc]]"\n---\nAsk [[Nobody]].\n',
        }
    )
    found = {(f.rule, f.line) for f in vault.findings if f.path == "contacts/dev.md"}
    assert found == {("ambiguous-link", 3), ("broken-link", 4), ("broken-link", 6)}
    body = [f for f in vault.findings if f.line == 6][0]
    assert body.severity == "warning"


def test_names_given_without_a_note_are_not_broken(make_vault):
    vault = make_vault(
        {
            "contacts/jane.md": "---\nname: Jane\n---\nShe suggested [[Priya Natarajan]].\n",
            "interviews/a.md": '---\ncontact: "[[Jane]]"\ndate: 2026-11-18\nstatus: done\nreferrals: ["[[Priya Natarajan]]"]\n---\n',
        }
    )
    assert vault.findings == []


def test_duplicate_contact_by_name_and_email(make_vault):
    vault = make_vault(
        {
            "contacts/a.md": "---\nname: Jane Doe\nemail: jane@example.com\n---\n",
            "contacts/b.md": "---\nname: jane doe\n---\n",
            "contacts/c.md": "---\nname: J. Doe\nemail: JANE@example.com\n---\n",
        }
    )
    assert rules_of(vault.findings) == [("duplicate-contact", "contacts/b.md", 2), ("duplicate-contact", "contacts/c.md", 3)]


def test_inconsistent_dates(make_vault):
    vault = make_vault(
        {
            "contacts/jane.md": "---\nname: Jane\noutreach:\n  - {date: 2026-11-10, direction: in, answered: 2026-11-09}\n---\n",
            "interviews/a.md": '---\ncontact: "[[Jane]]"\ndate: 2026-11-18\nstatus: done\nthank_you_sent: 2026-11-17\n---\n',
        }
    )
    assert rules_of(vault.findings) == [("inconsistent-dates", "contacts/jane.md", 4), ("inconsistent-dates", "interviews/a.md", 5)]


def test_duplicate_key(make_vault):
    vault = make_vault({"contacts/x.md": "---\nname: A\nrole: one\nrole: two\n---\n"})
    assert rules_of(vault.findings) == [("duplicate-key", "contacts/x.md", 4)]
    assert vault.contacts[0].role == "two"


@pytest.mark.parametrize("first, last, role", [("one", "08", "08"), ("2026-01-01", "two", "two"), ("08", "2026-1-5", "2026-1-5")])
def test_duplicate_key_text_field_reads_the_last_value_as_written(make_vault, first, last, role):
    vault = make_vault({"contacts/x.md": f"---\nname: A\nrole: {first}\nrole: {last}\n---\n"})
    assert vault.contacts[0].role == role


def test_unfilled_placeholder(make_vault):
    vault = make_vault({"interviews/x.md": "---\ncontact: {{contact}}\ndate: {{date}}\n---\n"})
    assert rules_of(vault.findings) == [("unfilled-placeholder", "interviews/x.md", 2), ("unfilled-placeholder", "interviews/x.md", 3)]


def test_frontmatter_that_is_a_list_or_scalar(make_vault):
    vault = make_vault({"contacts/l.md": "---\n- a\n- b\n---\n", "contacts/s.md": "---\njust text\n---\n"})
    assert rules_of(vault.findings) == [("invalid-frontmatter", "contacts/l.md", 2), ("invalid-frontmatter", "contacts/s.md", 2)]
    assert len(vault.contacts) == 2


def test_python_tags_are_rejected_never_executed(make_vault, tmp_path):
    marker = tmp_path / "pwned"
    vault = make_vault({"contacts/x.md": f'---\nname: !!python/object/apply:os.system ["touch {marker}"]\n---\n'})
    assert rules_of(vault.findings) == [("yaml-error", "contacts/x.md", 2)]
    assert not marker.exists()


def test_billion_laughs_is_refused(make_vault):
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    vault = make_vault({"contacts/bomb.md": "---\n" + "\n".join(lines) + "\n---\n"})
    assert [f.rule for f in vault.findings] == ["yaml-error"]
    assert "expands" in vault.findings[0].message


def test_deep_nesting_is_refused(make_vault):
    vault = make_vault({"contacts/deep.md": "---\nx: " + "[" * 100_000 + "]" * 100_000 + "\n---\n"})
    assert [f.rule for f in vault.findings] == ["yaml-error"]


def test_awkward_files_load(make_vault):
    vault = make_vault(
        {
            "contacts/bom.md": b"\xef\xbb\xbf---\nname: Bom\n---\n",
            "contacts/crlf.md": b"---\r\nname: Crlf\r\nrole: Recruiter\r\n---\r\nbody\r\n",
            "contacts/empty.md": b"",
            "contacts/fence.md": b"---\n",
            "contacts/latin1.md": b"---\nname: Jos\xe9\n---\n",
            "contacts/binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
            "contacts/tabs.md": b"---\nname:\tTabby\n\trole: x\n---\n",
            "contacts/huge.md": b"---\nname: Huge\n---\n" + b"word " * 1_000_000,
            "contacts/nofm.md": b"Just a body with [[Bom]].\n",
        }
    )
    names = {c.stem: c.name for c in vault.contacts}
    assert names["bom"] == "Bom" and names["crlf"] == "Crlf" and names["empty"] == "empty"
    assert names["latin1"] == "Jos\ufffd" and names["huge"] == "Huge" and names["nofm"] == "nofm"
    assert vault.get("contacts/crlf.md").role == "Recruiter"
    assert "binary" not in names
    assert set(rules_of(vault.findings)) >= {
        ("not-text", "contacts/binary.md", 1),
        ("yaml-error", "contacts/fence.md", 1),
        ("encoding-error", "contacts/latin1.md", 2),
    }
    assert any(f.path == "contacts/tabs.md" and f.rule == "yaml-error" for f in vault.findings)


def test_config_errors_are_findings(make_vault):
    vault = make_vault({"infoview.yml": "owner: Tessa\ntimezone: Mars/Olympus\nbusiness_days: sometimes\n"})
    assert rules_of(vault.findings) == [("config-error", "infoview.yml", 2), ("config-error", "infoview.yml", 3)]
    assert vault.config.owner == "Tessa" and vault.config.timezone == "UTC"


def test_config_is_read(make_vault):
    vault = make_vault(
        {
            "infoview.yml": """
                owner: Tessa Lindqvist
                timezone: America/Chicago
                business_days: true
                rules:
                  thank-you-overdue: {days: 3}
                  no-referrals-asked: {severity: "off"}
                site: {private_fields: [home_address]}
                landed: {date: 2027-01-15, company: "[[Acme]]", role: Recruiter}
            """
        }
    )
    c = vault.config
    assert (c.owner, c.timezone, c.business_days) == ("Tessa Lindqvist", "America/Chicago", True)
    assert c.rules["thank-you-overdue"] == {"days": 3}
    assert [k for k in ("home_address", "Home Address", "email", "phone", "role") if c.site.hides(k)] == [
        "home_address",
        "Home Address",
        "email",
        "phone",
    ]
    assert c.landed.date == dt.date(2027, 1, 15) and c.landed.company.target == "Acme"


def test_example_vault_is_clean_and_rich():
    vault = load_vault(EXAMPLE_VAULT)
    assert [f for f in vault.findings if f.rule != "referral-not-contacted"] == []
    assert len(vault.contacts) >= 15 and len(vault.companies) >= 4 and len(vault.interviews) >= 10
    assert {iv.status for iv in vault.interviews} == {"requested", "scheduled", "done", "cancelled", "rescheduled"}
    assert {iv.medium for iv in vault.interviews} >= {"in-person", "phone", "video"}
    depth = 0
    for contact in vault.contacts:
        d, seen, c = 0, set(), contact
        while c is not None and c.path not in seen:
            seen.add(c.path)
            c = vault.referrer(c)
            d += 1
        depth = max(depth, d)
    assert depth >= 4  # owner -> A -> B -> C -> D
    assert any(isinstance(n, Contact) and n.private for n in vault.notes)


def test_links_to_attached_files_are_not_broken(make_vault):
    vault = make_vault(
        {
            "contacts/jane.md": "---\nname: Jane\n---\n![[Headshot.PNG]] and [[cv 2026.pdf]] but not [[gone.pdf]].\n",
            "contacts/Headshot.png": b"\x89PNG\r\n\x1a\n",
            "files/cv 2026.pdf": b"%PDF-1.4\n",
        }
    )
    assert [(f.rule, f.message) for f in vault.findings] == [("broken-link", "body: [[gone.pdf]] matches no note")]


def test_body_links_keep_their_lines_whatever_the_line_breaks():
    from infoview.links import find_links

    for sep in ("\n", "\r\n", "\r", "\u2028"):
        body = sep.join(["intro", "see [[Ana]] and [[Bo|B]]", "", "", "then ![[cv.pdf]]", "[[Cy"])
        found = [(link.target, link.line) for link in find_links(body, 10)]
        assert found == [("Ana", 11), ("Bo", 11), ("cv.pdf", 14)], repr(sep)


def test_body_sections_read_in_one_pass_match_each_section_read_alone():
    from infoview.body import sections

    body = (
        "intro\n## Questions\n- How did you start?\n### Research\n- read their blog\nnotes here\n"
        "## Research\n- ignored: a second heading\n# Top\n- outside\n## questions\n- also ignored\n"
    )
    both = sections(body, ("Questions", "Research"))
    assert both["Questions"] == sections(body, ("Questions",))["Questions"] == (["How did you start?", "read their blog"], ["notes here"])
    assert both["Research"] == sections(body, ("Research",))["Research"] == (["read their blog"], ["notes here"])
    assert sections("no headings at all", ("Questions",)) == {}


def test_link_findings_kept_across_loads_equal_a_fresh_load(tmp_path):
    """Under `mkdocs serve` unchanged notes come from the parse cache; after every edit the findings are
    those of a load from scratch (a rename, a new name given in referrals, a file to embed, a deleted note)."""
    import os

    root = tmp_path / "vault"
    files = {
        "contacts/ana.md": "---\nname: Ana Diaz\nreferred_by: \"[[Bo]]\"\n---\nSee [[Cy Park]] and ![[cv.pdf]].\n",
        "contacts/bo.md": "---\nname: Bo Chen\naliases: [Bo]\n---\n",
        "contacts/bo2.md": "---\nname: Bo Li\n---\nMet [[Someone New]].\n",
        "interviews/m.md": '---\ncontact: "[[Ana Diaz]]"\ndate: 2026-11-20\nstatus: done\n---\n',
    }
    tick = [0]

    def write(rel: str, text: str | None) -> None:
        path = root / rel
        if text is None:
            path.unlink()
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        tick[0] += 1
        os.utime(path, ns=(1_700_000_000_000_000_000 + tick[0], 1_700_000_000_000_000_000 + tick[0]))

    for rel, text in files.items():
        write(rel, text)
    cache: dict = {}
    steps = [
        ("nothing", None, None),
        ("a role", "contacts/ana.md", files["contacts/ana.md"].replace("---\nS", "role: Lead\n---\nS")),
        ("a name given", "interviews/m.md", files["interviews/m.md"].replace("done\n", 'done\nreferrals: ["[[Someone New]]"]\n')),
        ("the file", "cv.pdf", "%PDF"),
        ("an alias taken", "contacts/bo2.md", "---\nname: Bo Li\naliases: [Bo]\n---\n"),
        ("Cy comes", "contacts/cy.md", "---\nname: Cy Park\n---\n"),
        ("Bo goes", "contacts/bo.md", None),
    ]
    for label, rel, text in steps:
        if rel is not None:
            if rel == "cv.pdf":
                (root / rel).write_text(text)
            else:
                write(rel, text)
        kept = load_vault(root, cache=cache)
        assert rules_of(kept.findings) == rules_of(load_vault(root).findings), label
        assert [f.message for f in kept.findings] == [f.message for f in load_vault(root).findings], label
        assert set(cache) == {""} | {n.path for n in kept.notes}
