"""An Obsidian user's vault, as it is: mapped folders and keys, templates and exclusions, links, group meetings."""

from __future__ import annotations

import datetime as dt
import json

from conftest import rules_of

from infoview import load_vault
from infoview.rules import run_rules
from infoview.site import build_site

TODAY = dt.date(2026, 11, 25)

VAULT = {
    "infoview.yml": """
        owner: Sam Okafor
        folders: {contacts: [People, CRM/Contacts], companies: [CRM/Companies], interviews: [Meetings]}
        fields: {Org: company, Contacts: contact}
        """,
    ".obsidian/templates.json": json.dumps({"folder": "00 Settings/20 Templates"}),
    ".obsidian/plugins/templater-obsidian/data.json": json.dumps({"templates_folder": "_templates"}),
    ".obsidian/app.json": json.dumps({"userIgnoreFilters": ["Archive/", "/^Scratch.*/"]}),
    "00 Settings/20 Templates/Person.md": "---\nName: {{title}}\nOrg: {{org}}\n---\n",
    "_templates/Meeting.md": "---\nDate: {{date}}\n---\n",
    "Archive/Old Person.md": "---\nName: [broken\n---\n",
    "Scratch pad.md": "---\nName: {{nothing}}\n---\n",
    "People/Ana Diaz.md": """
        ---
        Name: Ana Diaz
        Org: "[[CRM/Companies/Acme Talent]]"
        Role: Recruiter
        type: person
        refered_by: "[[Bo Chen]]"
        ---
        # Ana Diaz

        > [!info] How we met
        > At the spring mixer.

        Next step:: ask about the January panel
        Met at:: the spring mixer ^met
        Works on [[Acme Talent|Acme]]'s tech desk. ^desk
        #recruiting #mixer-2026

        See [[#Follow-up]] and [[People/Bo Chen]]. In code: `[[Nobody Here]]`.

        ```
        [[Also Nobody]]
        ```

        | photo | who |
        |---|---|
        | ![[ana.png\\|100]] | [[Bo Chen]] |

        ## Follow-up
        - Send the article.
        """,
    "People/ana.png": b"\x89PNG ana",
    "CRM/Contacts/Bo Chen.md": "---\nName: Bo Chen\ntype: [[Authors]]\n---\n",
    "CRM/Contacts/Cy Park.md": "---\nName: Cy Park\ntype: []\n---\n",
    "CRM/Companies/Acme Talent.md": "---\nName: Acme Talent\n---\n",
    "Meetings/2026-11-20 Panel.md": """
        ---
        Contacts: ["[[Ana Diaz]]", "[[Bo Chen]]"]
        people: ["[[Cy Park]]"]
        Date: "[[2026-11-20]]"
        status: done
        thank_you_sent: {"[[Ana Diaz]]": 2026-11-21}
        referrals_asked: true
        ---
        Talked to three of them at once.
        """,
}


def test_a_mapped_obsidian_vault_loads_without_false_alarms(make_vault):
    vault = make_vault(VAULT)
    assert sorted(c.name for c in vault.contacts) == ["Ana Diaz", "Bo Chen", "Cy Park"]
    assert [c.name for c in vault.companies] == ["Acme Talent"]
    ana = vault.get("People/Ana Diaz.md")
    assert ana.role == "Recruiter" and vault.company(ana.company).name == "Acme Talent"  # [[Folder/Note]] by path
    assert set(ana.tags) == {"recruiting", "mixer-2026"}  # body #tags are tags
    assert ("Next step", "ask about the January panel", 13) in ana.inline  # a Dataview field and its line
    assert ("Met at", "the spring mixer", 14) in ana.inline  # a block id closing the line is not the value
    [panel] = vault.interviews
    assert panel.date == dt.date(2026, 11, 20)  # a link to the daily note is a date
    assert [c.name for c in vault.people(panel)] == ["Ana Diaz", "Bo Chen", "Cy Park"]
    # Templates, excluded files, code and user-owned `type:` values raise nothing; the typo is a hint, once.
    assert rules_of(vault.findings) == [("misspelled-key", "People/Ana Diaz.md", 6)]
    assert "did you mean 'referred_by'" in vault.findings[0].message


def test_a_group_meeting_owes_each_person_a_thank_you_and_shows_on_each_page(make_vault):
    vault = make_vault(VAULT)
    owed = [(f.rule, f.message) for f in run_rules(vault, TODAY, select=["thank-you-overdue"])]
    assert owed == [
        ("thank-you-overdue", "no thank-you logged to Bo Chen for the meeting with the group on 2026-11-20"),
        ("thank-you-overdue", "no thank-you logged to Cy Park for the meeting with the group on 2026-11-20"),
    ]
    site = build_site(vault, TODAY)
    for person in ("people/ana-diaz.md", "people/bo-chen.md", "people/cy-park.md"):
        assert "meetings/2026-11-20-panel/" in site.pages[person].html


def test_obsidian_syntax_renders_on_the_site(make_vault):
    site = build_site(make_vault(VAULT), TODAY)
    page = site.pages["people/ana-diaz.md"].html
    assert '<div class="admonition info">' in page and "How we met" in page  # a callout is an admonition
    assert '<span class="infoview-block" id="^desk"></span>' in page and "^desk" not in page.replace('id="^desk"', "")
    assert 'href="#note-follow-up"' in page and 'id="note-follow-up"' in page  # [[#Heading]] on this page
    assert '<a class="infoview-tag" href="../../tags/recruiting/">#recruiting</a>' in page
    assert "<dt>Next step</dt><dd>ask about the January panel</dd>" in page and "Next step::" not in page
    assert "<dt>Met at</dt><dd>the spring mixer</dd>" in page and "^met" not in page.replace('id="^met"', "")
    assert 'src="../../attachments/people/ana.png" alt="ana" width=100' in page.replace('"100"', "100")  # in a table
    assert "[[Nobody Here]]" in page and "[[Also Nobody]]" in page  # code stays code
    assert "tags/recruiting.md" in site.pages and "Ana Diaz" in site.pages["tags/recruiting.md"].html


def test_an_ambiguous_link_lists_the_paths_to_choose_from(make_vault):
    vault = make_vault(
        {
            "contacts/a/Sam Lee.md": "---\nname: Sam Lee\n---\n",
            "contacts/b/Sam Lee.md": "---\nname: Sam Lee\n---\n",
            "contacts/dev.md": '---\nname: Dev\nreferred_by: "[[Sam Lee]]"\n---\n',
            "contacts/eve.md": '---\nname: Eve\nreferred_by: "[[b/Sam Lee]]"\n---\n',
        }
    )
    [ambiguous] = [f for f in vault.findings if f.rule == "ambiguous-link"]
    assert ambiguous.path == "contacts/dev.md" and "contacts/a/Sam Lee.md, contacts/b/Sam Lee.md" in ambiguous.message
    assert vault.referrer(vault.get("contacts/eve.md")).path == "contacts/b/Sam Lee.md"  # the path decides


def test_keys_match_whatever_their_case_and_type_is_ours_only_when_its_value_is(make_vault):
    vault = make_vault(
        {
            "Notes/Jo.md": "---\nNAME: Jo Ray\nType: contact\nCompany: Acme\n---\n",
            "contacts/kim.md": "---\ntype: person\nname: Kim\n---\n",
        }
    )
    assert vault.findings == []
    jo, kim = vault.contacts
    assert (jo.name, jo.company.text, jo.path) == ("Jo Ray", "Acme", "Notes/Jo.md")  # type: contact, out of its folder
    assert (kim.name, kim.extra) == ("Kim", {"type": "person"})  # `type: person` is the user's own, kept


def test_log_edits_the_key_as_the_note_writes_it(vault_dir):
    # Capitalised keys and a key renamed through `fields:`: `log` sets them where they are, never adding `status:`.
    from click.testing import CliRunner

    from infoview.cli import main

    root = vault_dir(
        {
            "infoview.yml": "owner: Sam Okafor\nfolders: {contacts: [People], interviews: [Meetings]}\n"
            "fields: {Thanked: thank_you_sent, Touches: outreach}\n",
            "People/Ana Diaz.md": "---\nName: Ana Diaz\nTouches:\n  - {date: 2026-11-01, via: email}\n---\n",
            "Meetings/Coffee.md": '---\nPeople: ["[[Ana Diaz]]"]\nDate: "[[2026-11-20]]"\nStatus: scheduled\n'
            "Thanked:   # fill in\n---\n",
        }
    )
    run = lambda *args: CliRunner().invoke(main, [*args, "--vault", str(root)], env={"INFOVIEW_TODAY": "2026-11-22"})
    for args in (["met", "Ana Diaz"], ["thank-you", "Ana Diaz"], ["outreach", "Ana Diaz", "--via", "phone"]):
        assert run("log", *args).exit_code == 0
    meeting = (root / "Meetings/Coffee.md").read_text(encoding="utf-8")
    assert (
        meeting
        == '---\nPeople: ["[[Ana Diaz]]"]\nDate: "[[2026-11-20]]"\nStatus: done\nThanked: 2026-11-22   # fill in\n---\n'
    )
    person = (root / "People/Ana Diaz.md").read_text(encoding="utf-8")
    assert person.startswith("---\nName: Ana Diaz\nTouches:\n  - {date: 2026-11-01, via: email}\n  - ")
    assert "outreach" not in person and person.count("2026-11-22") == 1
    found = {f.rule for f in run_rules(load_vault(root), dt.date(2026, 11, 30))}
    assert found.isdisjoint({"duplicate-key", "thank-you-overdue", "outcome-not-logged"}), found
