"""``infoview draft`` and :mod:`infoview.drafts`: letters written from the notes."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner

from infoview import load_vault
from infoview.cli import main
from infoview.drafts import KINDS, Draft, DraftError, draft, draft_link, due_drafts, fill_letter
from infoview.questions import RESUME_QUESTIONS

TODAY = dt.date(2026, 11, 25)
CONFIG = """\
    owner: Sam Okafor
    goal: Move from hospitality into technical recruiting
    email: sam@example.com
    """
CAMPAIGN = {
    "infoview.yml": CONFIG,
    "companies/acme.md": "---\nname: Acme Talent\n---\n",
    "contacts/bea-reed.md": "---\nname: Bea Reed\nemail: bea@example.com\nrole: Agency recruiter\n---\n",
    "contacts/jane-doe.md": """\
        ---
        name: Jane Doe
        company: "[[Acme Talent]]"
        role: Senior Recruiter
        field: In-house tech recruiting
        email: jane@example.com
        referred_by: "[[Bea Reed]]"
        outreach:
          - date: 2026-11-01
            via: email
        ---
        """,
    "contacts/ravi-shah.md": "---\nname: Ravi Shah\nfield: Sourcing\nmet_via: HR Tech meetup\n---\n",
    "contacts/lee-park.md": "---\nname: Lee Park\nemail: lee@example.com\n---\n",
    "contacts/kim-noor.md": "---\nname: Kim Noor\n---\n",
    "interviews/2026-11-20-jane-doe.md": """\
        ---
        contact: "[[Jane Doe]]"
        date: 2026-11-20
        medium: in-person
        status: done
        referrals:
          - "[[Tom Given]]"
          - "[[Lee Park]]"
        may_use_name: true
        ---
        ## Questions

        - What does a typical day look like?

        ## Notes

        Half of the job is sourcing. The other half is [[Acme Talent#Intake|intake]] with hiring managers.
        """,
    "interviews/2026-11-18-ravi-shah.md": """\
        ---
        contact: "[[Ravi Shah]]"
        date: 2026-11-18
        medium: phone
        status: done
        referrals_asked: true
        thank_you_sent: 2026-11-19
        ---
        """,
    "interviews/2026-10-01-lee-park.md": """\
        ---
        contact: "[[Lee Park]]"
        date: 2026-10-01
        medium: video
        status: done
        thank_you_sent: 2026-10-02
        resume_sent: 2026-10-03
        referrals:
          - "[[Kim Noor]]"
        ---
        ## Learned

        Recruiting coordinators who can read a funnel get promoted first.
        """,
    "interviews/2026-11-12-kim-noor.md": '---\ncontact: "[[Kim Noor]]"\ndate: 2026-11-12\nstatus: cancelled\nchanged_by: them\n---\n',
}


@pytest.fixture
def vault(make_vault):
    return make_vault(CAMPAIGN)


def test_thank_you_is_built_from_the_meeting_note(vault):
    d = draft(vault, "thank-you", "Jane Doe", TODAY)
    assert (d.to, d.email, d.path, d.meeting) == (
        "Jane Doe",
        "jane@example.com",
        "contacts/jane-doe.md",
        "interviews/2026-11-20-jane-doe.md",
    )
    assert d.subject == "Thank you for your time on November 20"
    assert d.body.startswith("Dear Jane,\n\nThank you for the meeting on November 20.")
    # what you learned, as plain text (links read as their display text), the names given, the goal, the signature
    assert "Half of the job is sourcing. The other half is intake with hiring managers." in d.body
    assert "suggesting I speak with Tom Given and Lee Park" in d.body
    assert "as I work to move from hospitality into technical recruiting" in d.body
    assert d.body.endswith("With thanks,\nSam Okafor\n")
    assert "be of help to you" in d.body  # every letter offers help in return
    assert "{{" not in d.body and "\n\n\n" not in d.body
    assert any("## Notes" in n for n in d.notes)  # quoted from the notes: put it in your own words
    assert d.log == ("thank-you", "contacts/jane-doe.md", "")


def test_a_meeting_with_nothing_written_says_what_to_add_instead_of_inventing(vault):
    d = draft(vault, "resume-offer", "Ravi Shah", TODAY)  # a phone meeting whose note has no body
    assert d.meeting == "interviews/2026-11-18-ravi-shah.md"
    assert "phone call on November 18" in d.body and "attached my resume" in d.body
    assert "someone in sourcing" in d.body
    # the thank-you's "what stayed with me" paragraph becomes a prompt naming the note to edit
    thanks = draft(vault, "thank-you", "Ravi Shah", TODAY)
    assert (
        "(Add what you learned under ## Notes in interviews/2026-11-18-ravi-shah.md, and this paragraph will say it.)"
        in thanks.body
    )
    assert "has stayed with me" not in thanks.body
    assert "suggesting I speak with" not in thanks.body  # no names were given: the sentence is left out


def test_own_learned_section_is_used_as_written(vault):
    d = draft(vault, "keep-in-touch", "Lee Park", TODAY)
    assert d.meeting == "interviews/2026-10-01-lee-park.md"
    assert "our video call on October 1" in d.body
    assert "Since then I have had 2 more conversations" in d.body  # Ravi's and Jane's meetings
    assert "Your introduction to Kim Noor" in d.body
    assert not d.notes


def test_referrer_thanks_goes_to_the_referrer_and_names_the_person_met(vault):
    d = draft(vault, "referrer-thanks", "Bea Reed", TODAY)
    assert (d.to, d.email, d.about) == ("Bea Reed", "bea@example.com", "contacts/jane-doe.md")
    assert d.subject == "Thank you for introducing me to Jane Doe"
    assert d.body.startswith(
        "Dear Bea,\n\nThank you for putting me in touch with Jane Doe. We had a meeting on November 20"
    )
    assert "Jane Doe also suggested I speak with Tom Given and Lee Park" in d.body
    assert d.log == (
        "referrer-thanks",
        "contacts/jane-doe.md",
        "",
    )  # logged on the meeting with Jane, as `infoview log` does
    # naming the person met finds their referrer, as `infoview log referrer-thanks` reads PERSON
    assert draft(vault, "referrer-thanks", "Jane Doe", TODAY) == d
    with pytest.raises(DraftError, match="referred"):
        draft(vault, "referrer-thanks", "Lee Park", TODAY)


def test_request_names_the_referrer_only_when_allowed(make_vault):
    files = dict(CAMPAIGN)
    d = draft(make_vault(files), "request", "Tom Given", TODAY)  # a name given with may_use_name: true, no note yet
    assert (d.to, d.email, d.path) == ("Tom Given", None, None)
    assert d.subject == "Jane Doe suggested I write to you"
    assert d.body.startswith("Dear Tom,\n\nJane Doe suggested I write to you")
    assert "not writing to ask for a job" in d.body and "anything I can do for you in return" in d.body
    assert d.text().startswith("To: (no email address for Tom Given in the notes)\nSubject: ")
    for value, expect in (("false", "is not named"), (None, "Did Jane Doe say you may use their name?")):
        line = f"        may_use_name: {value}\n" if value else ""
        text = files["interviews/2026-11-20-jane-doe.md"].replace("        may_use_name: true\n", line)
        d = draft(make_vault({**files, "interviews/2026-11-20-jane-doe.md": text}), "request", "Tom Given", TODAY)
        assert "Jane Doe suggested" not in d.body and "Jane Doe suggested" not in d.subject
        assert expect in d.body + " ".join(d.notes)
    # nobody referred Ravi: how you met, and a subject from his field
    ravi = draft(make_vault(files), "request", "Ravi Shah", TODAY)
    assert ravi.subject == "A question about your work in sourcing"
    assert "I have your name from HR Tech meetup" in ravi.body
    # your own referred_by names the referrer when no meeting of theirs says otherwise
    jane = draft(make_vault(files), "request", "Jane Doe", TODAY)
    assert jane.subject == "Bea Reed suggested I write to you"
    assert "what your work as Senior Recruiter at Acme Talent is really like" in jane.body


def test_resume_questions_ask_the_question_bank(vault):
    d = draft(vault, "resume-questions", "Lee Park", TODAY)
    assert "my resume, which I sent on October 3" in d.body
    for i, q in enumerate(RESUME_QUESTIONS, start=1):
        assert f"\n{i}. {q}\n" in d.body
    with pytest.raises(DraftError, match="no resume sent to Jane Doe"):
        draft(vault, "resume-questions", "Jane Doe", TODAY)


def test_names_also_when_they_could_not_meet(vault):
    d = draft(vault, "names", "Kim Noor", TODAY)
    assert "I am sorry we could not meet on November 12" in d.body
    assert "one or two more people" in d.body and "may I mention your name" in d.body
    assert d.log == ("outreach", "contacts/kim-noor.md", "Asked for one or two names")
    after = draft(vault, "names", "Jane Doe", TODAY)
    assert "meeting on November 20" in after.body and "could not meet" not in after.body


def test_landed_needs_landed_and_tells_where(make_vault, vault):
    with pytest.raises(DraftError, match="landed"):
        draft(vault, "landed", "Bea Reed", TODAY)
    config = (
        CONFIG.rstrip(" ")
        + '    landed: {date: 2027-01-15, company: "[[Acme Talent]]", role: Recruiting Coordinator}\n'
    )
    d = draft(make_vault({**CAMPAIGN, "infoview.yml": config}), "landed", "Bea Reed", dt.date(2027, 1, 20))
    assert d.subject == "Some news: I have joined Acme Talent"
    assert "on January 15 I accepted a position as Recruiting Coordinator at Acme Talent" in d.body
    assert "Introducing me to Jane Doe opened doors" in d.body
    assert d.log == ("landed-notice", "contacts/bea-reed.md", "")


def test_errors_name_what_is_missing(vault):
    with pytest.raises(DraftError, match="no kind of letter"):
        draft(vault, "thanks", "Jane Doe", TODAY)
    with pytest.raises(DraftError, match="no contact"):
        draft(vault, "thank-you", "Nobody Here", TODAY)
    with pytest.raises(DraftError, match="no note yet"):
        draft(vault, "thank-you", "Tom Given", TODAY)
    with pytest.raises(DraftError, match="no done meeting with Bea Reed"):
        draft(vault, "thank-you", "Bea Reed", TODAY)


def test_due_drafts_map_the_open_follow_ups_most_urgent_first(vault):
    assert [d.kind for d in due_drafts(vault, "Jane Doe", TODAY)] == ["thank-you"]  # names were given
    (bea,) = due_drafts(vault, "Bea Reed", TODAY)
    assert (bea.kind, bea.about) == ("referrer-thanks", "contacts/jane-doe.md")  # the task's person is the referrer
    assert [d.kind for d in due_drafts(vault, "Ravi Shah", TODAY)] == ["resume-offer"]
    assert [d.kind for d in due_drafts(vault, "Tom Given", TODAY)] == ["request"]  # due a week after the meeting
    assert [d.kind for d in due_drafts(vault, "Lee Park", TODAY)] == ["resume-questions"]
    assert due_drafts(vault, "Kim Noor", TODAY) == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_from_sparse_notes_has_no_empty_slot_and_offers_help(make_vault, kind):
    vault = make_vault(
        {
            "infoview.yml": "landed: {date: 2026-11-24}\n",
            "contacts/ref.md": "---\nname: Ref\n---\n",
            "contacts/min.md": '---\nname: Min\nreferred_by: "[[Ref]]"\n---\n',
            "interviews/2026-11-20-min.md": '---\ncontact: "[[Min]]"\ndate: 2026-11-20\nstatus: done\nresume_sent: 2026-11-21\n---\n',
            "interviews/2026-11-10-min.md": '---\ncontact: "[[Min]]"\ndate: 2026-11-10\nstatus: done\n---\n',
        }
    )
    d = draft(vault, kind, "Ref" if kind == "referrer-thanks" else "Min", TODAY)
    assert d.subject and "{{" not in d.subject + d.body and "\n\n\n" not in d.body and "  " not in d.body
    assert re.search(r"help|in return|return the favour", d.body), d.body
    assert "(Add `owner: Your Name` to infoview.yml to sign your letters.)" in d.body


# -- templates ---------------------------------------------------------------------------------------


def test_a_line_whose_placeholder_has_no_value_is_left_out_and_alternatives_pick_the_first_filled():
    template = "Subject: About {{company}}\n| Subject: Hello\n\nDear {{name}},\n\n{{names}} and {{learned}}\n\nWe met at {{met_via}}.\n| We met somewhere.\n\nBye\n"
    values = dict.fromkeys(("name", "company", "names", "learned", "met_via"), "")
    subject, body = fill_letter(template, {**values, "name": "Ann", "names": "Bo"})
    assert subject == "Hello"
    assert body == "Dear Ann,\n\nWe met somewhere.\n\nBye\n"  # the half-filled line went, and no blank lines piled up
    subject, body = fill_letter(
        template, {**values, "name": "Ann", "company": "Acme", "names": "Bo", "learned": "x", "met_via": "a fair"}
    )
    assert subject == "About Acme"
    assert body == "Dear Ann,\n\nBo and x\n\nWe met at a fair.\n\nBye\n"
    with pytest.raises(DraftError, match=r"letter.md:4: unknown placeholder \{\{nmae\}\}"):
        fill_letter("Subject: x\n\nHi\n{{nmae}}\n", values, "letter.md")


def test_a_template_in_the_vault_replaces_the_builtin_one(make_vault):
    template = "Subject: Thanks, {{First Name}}!\n\nHi {{first-name}}, thanks for the {{medium}} on {{date}}.\n{{learned}}\nAt {{missed}} too.\n{{owner}}\n"
    vault = make_vault({**CAMPAIGN, "templates/letters/thank-you.md": template})
    d = draft(vault, "thank-you", "Jane Doe", TODAY)
    assert d.subject == "Thanks, Jane!"
    assert (
        d.body
        == "Hi Jane, thanks for the meeting on November 20.\nHalf of the job is sourcing. The other half is intake with hiring managers.\nSam Okafor\n"
    )
    assert load_vault(vault.root).findings == vault.findings  # the template folder is not read as notes


def test_without_owner_or_goal_the_letter_says_what_to_add(make_vault):
    d = draft(make_vault({**CAMPAIGN, "infoview.yml": "timezone: UTC\n"}), "request", "Ravi Shah", TODAY)
    assert "(Add `goal:` to infoview.yml" in d.body and "(Add `owner: Your Name` to infoview.yml" in d.body
    assert "I am working to" not in d.body and d.sender is None


# -- formats -----------------------------------------------------------------------------------------


def tricky() -> Draft:
    body = "Dear Zoë,\n\nQ&A: a=b + c? 100% #1 (really); café.\nSecond line\n"
    return Draft("thank-you", "Zoë Ng", "zoe+jobs@example.com", "Thanks & more: 50% = half?", body, "contacts/zoe.md")


def test_mailto_round_trips_through_urllib():
    url = tricky().mailto()
    parts = urllib.parse.urlsplit(url)
    assert parts.scheme == "mailto" and urllib.parse.unquote(parts.path) == "zoe+jobs@example.com"
    assert " " not in url and "\n" not in url and "+" not in url.split("?", 1)[1]  # a + would read as a space
    query = urllib.parse.parse_qs(parts.query, strict_parsing=True)
    assert query == {"subject": ["Thanks & more: 50% = half?"], "body": [tricky().body.replace("\n", "\r\n")]}
    assert "%0D%0A" in url
    assert tricky().mailto(address=False).startswith("mailto:?subject=")


def test_eml_parses_back(vault):
    d = draft(vault, "thank-you", "Jane Doe", TODAY)
    msg = email.message_from_bytes(d.eml(), policy=email.policy.default)
    assert msg["To"] == "Jane Doe <jane@example.com>" and msg["From"] == "Sam Okafor <sam@example.com>"
    assert msg["To"].addresses[0].addr_spec == "jane@example.com"
    assert msg["Subject"] == d.subject and msg["X-Unsent"] == "1"
    assert msg.get_content().replace("\r\n", "\n") == d.body
    odd = email.message_from_bytes(tricky().eml(), policy=email.policy.default)
    assert odd["Subject"] == tricky().subject and odd.get_content().replace("\r\n", "\n") == tricky().body
    utf8 = Draft("names", "José Núñez", "josé@exämple.com", "Ça va?", "Olá\n", None).eml()
    assert email.message_from_bytes(utf8, policy=email.policy.default)["To"] == "José Núñez <josé@exämple.com>"
    nobody = email.message_from_bytes(draft(vault, "request", "Tom Given", TODAY).eml(), policy=email.policy.default)
    assert nobody["To"] is None


def test_draft_link_for_the_site_hides_the_address_and_private_notes(make_vault):
    files = {**CAMPAIGN, "contacts/lee-park.md": "---\nname: Lee Park\nprivate: true\n---\n"}
    vault = make_vault(files)
    url = draft_link(vault, "thank-you", "Jane Doe", TODAY, show_address=False)
    parts = urllib.parse.urlsplit(url)
    assert parts.path == "" and "jane%40example.com" not in url and "jane@example.com" not in url
    body = urllib.parse.parse_qs(parts.query)["body"][0]
    assert "suggesting I speak with Tom Given." in body and "Lee Park" not in body  # a private contact is left out
    assert (
        urllib.parse.urlsplit(draft_link(vault, "thank-you", "Jane Doe", TODAY, show_address=True)).path
        == "jane@example.com"
    )
    with pytest.raises(DraftError, match="private"):
        draft_link(vault, "keep-in-touch", "Lee Park", TODAY, show_address=False)
    assert "Lee Park" in draft(vault, "thank-you", "Jane Doe", TODAY).body  # the owner's own drafts use everything


# -- the command line --------------------------------------------------------------------------------


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["draft", *args, "--vault", str(root)], env={"INFOVIEW_TODAY": TODAY.isoformat()})


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.md"))}


def changed_lines(before: bytes, after: bytes) -> tuple[list[bytes], list[bytes]]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    return [line for line in old if line not in new], [line for line in new if line not in old]


def test_cli_prints_to_subject_and_body(vault_dir):
    root = vault_dir(CAMPAIGN)
    result = run(root, "thank-you", "Jane Doe")
    assert result.exit_code == 0, result.output
    assert result.stdout == draft(load_vault(root), "thank-you", "Jane Doe", TODAY).text()
    assert result.stdout.startswith(
        "To: Jane Doe <jane@example.com>\nSubject: Thank you for your time on November 20\n\nDear Jane,"
    )
    assert "note (thank-you to Jane Doe): what you learned is quoted from ## Notes" in result.stderr
    unquoted = run(root, "thank-you", "Jane", "Doe")  # KIND and a name not quoted
    assert unquoted.stdout == result.stdout
    due = run(root, "Bea Reed", "--format", "mailto")
    assert due.exit_code == 0 and due.stdout.startswith(
        "mailto:bea@example.com?subject=Thank%20you%20for%20introducing%20me%20to%20Jane%20Doe&body="
    )
    eml = run(root, "names", "Kim Noor", "--format", "eml")
    assert email.message_from_bytes(eml.stdout_bytes)["Subject"] == "One or two names?"


def test_cli_log_changes_exactly_one_line(vault_dir):
    root = vault_dir(CAMPAIGN)
    note = root / "interviews/2026-11-20-jane-doe.md"
    before = snapshot(root)
    result = run(root, "thank-you", "Jane Doe", "--log", "--date", "2026-11-24")
    assert result.exit_code == 0, result.output
    assert f"{note.as_posix()}:" in result.stderr and "thank_you_sent: 2026-11-24" in result.stderr
    after = snapshot(root)
    assert [p for p in after if after[p] != before[p]] == ["interviews/2026-11-20-jane-doe.md"]
    assert changed_lines(before[str(note.relative_to(root))], after[str(note.relative_to(root))]) == (
        [],
        [b"thank_you_sent: 2026-11-24\n"],
    )
    assert (
        len(after["interviews/2026-11-20-jane-doe.md"].splitlines())
        == len(before["interviews/2026-11-20-jane-doe.md"].splitlines()) + 1
    )
    # referrer thanks go on the meeting with the person met, as `infoview log referrer-thanks` does
    result = run(root, "referrer-thanks", "Bea Reed", "--log")
    assert result.exit_code == 0 and "referrer_thanked: 2026-11-25" in result.stderr
    again = snapshot(root)
    assert changed_lines(after["interviews/2026-11-20-jane-doe.md"], again["interviews/2026-11-20-jane-doe.md"]) == (
        [],
        [b"referrer_thanked: 2026-11-25\n"],
    )
    assert load_vault(root).findings == []


def test_cli_log_appends_exactly_one_outreach_entry(vault_dir):
    root = vault_dir(CAMPAIGN)
    before = snapshot(root)
    result = run(root, "names", "Jane Doe", "--log", "--via", "linkedin")
    assert result.exit_code == 0, result.output
    after = snapshot(root)
    assert [p for p in after if after[p] != before[p]] == ["contacts/jane-doe.md"]
    old, new = before["contacts/jane-doe.md"], after["contacts/jane-doe.md"]
    entry = b"  - date: 2026-11-25\n    via: linkedin\n    note: Asked for one or two names\n"
    assert new == old.replace(b"    via: email\n", b"    via: email\n" + entry)
    (jane,) = [c for c in load_vault(root).contacts if c.name == "Jane Doe"]
    assert jane.outreach[-1][:4] == (TODAY, "linkedin", "out", "Asked for one or two names")


def test_cli_refuses_what_it_cannot_do_and_writes_nothing(vault_dir):
    root = vault_dir(CAMPAIGN)
    before = snapshot(root)
    for args, message in (
        (("thank-you", "Jane Doe", "--log", "--date", "2026-11-26"), "after today"),
        (("thank-you", "Jane Doe", "--date", "2026-11-24"), "go with --log"),
        (("request", "Tom Given", "--log"), "no note to log it on"),
        (("thank-you", "Nobody"), "no contact named 'Nobody'"),
        (("resume-offer", "Jane Doe", "--log", "--date", "2026-11-19"), "before the meeting"),
        (("landed", "Bea Reed"), "`landed:` is not set"),
    ):
        result = run(root, *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
    assert snapshot(root) == before
    assert run(root, "Kim Noor").stderr.startswith("no letter is due for Kim Noor this week")
