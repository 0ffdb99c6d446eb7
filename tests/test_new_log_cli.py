"""``infoview new``, ``infoview log`` and ``infoview questions`` from the command line."""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from infoview import load_vault
from infoview.cli import main
from infoview.parse import parse_yaml, split_note
from infoview.questions import QUESTIONS
from infoview.scaffold import Fill, fill_template

TODAY = "2026-11-25"

JANE = """\
    ---
    name: Jane Doe
    aliases: [JD]
    company: "[[Acme]]"
    # met at the HR meetup
    outreach:
      - date: 2026-11-01
        via: email
      - date: 2026-11-03
        via: phone
        direction: in
        note: "Called back: free on the 10th"
      - date: 2026-11-04
        via: email
        direction: in
    ---
    # Jane Doe
    """
RAVI = """\
    ---
    name: Ravi Shah
    referred_by: "[[Jane Doe]]"
    ---
    """
ACME = "---\nname: Acme\n---\n"


def iv(contact: str, date: str, status: str, extra: str = "") -> str:
    return f'---\ncontact: "[[{contact}]]"\ndate: {date}\nmedium: phone\nstatus: {status}\n{extra}---\n## Notes\n'


@pytest.fixture
def campaign(vault_dir):
    return vault_dir(
        {
            "companies/acme.md": ACME,
            "contacts/jane-doe.md": JANE,
            "contacts/ravi-shah.md": RAVI,
            "interviews/2026-11-10-jane-doe.md": iv("Jane Doe", "2026-11-10", "done", "thank_you_sent: 2026-11-11\n"),
            "interviews/2026-11-20-jane-doe.md": iv("Jane Doe", "2026-11-20", "done"),
            "interviews/2026-11-21-ravi-shah.md": iv("Ravi Shah", "2026-11-21", "scheduled"),
            "interviews/2026-12-02-ravi-shah.md": iv("Ravi Shah", "2026-12-02", "scheduled"),
        }
    )


def run(root: Path, *args: str, env: dict | None = None):
    result = CliRunner().invoke(main, [*args, "--vault", str(root)], env={"INFOVIEW_TODAY": TODAY, **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def data_findings(root: Path) -> list[str]:
    return [f.format() for f in load_vault(root).findings]


# -- new ---------------------------------------------------------------------------------------------


def test_new_contact_from_the_builtin_template(campaign):
    result = run(
        campaign,
        "new",
        "contact",
        "José Núñez",
        "--company",
        "acme",
        "--role",
        "Recruiter",
        "--referred-by",
        "jd",
        "--email",
        "jose@example.com",
    )
    assert result.exit_code == 0, result.output
    path = campaign / "contacts" / "jose-nunez.md"
    assert result.stdout.strip() == path.as_posix()
    text = path.read_text()
    assert text.startswith(
        '---\nname: José Núñez\ncompany: "[[Acme]]"\nrole: Recruiter\nemail: jose@example.com\nreferred_by: "[[Jane Doe]]"\ntags: []\n---\n# José Núñez\n'
    )
    assert "{{" not in text
    assert data_findings(campaign) == []
    (jose,) = [c for c in load_vault(campaign).contacts if c.stem == "jose-nunez"]
    assert jose.referred_by.target == "Jane Doe" and jose.email == "jose@example.com"


def test_new_contact_at_a_firm_with_no_note_names_it_in_plain_text(campaign):
    result = run(campaign, "new", "contact", "Li Wei", "--company", "Globex", "--met-via", "Meetup: HR Tech")
    assert result.exit_code == 0
    text = (campaign / "contacts" / "li-wei.md").read_text()
    assert "company: Globex\n" in text and 'met_via: "Meetup: HR Tech"\n' in text
    assert "infoview new company" in result.stderr
    assert data_findings(campaign) == []


def test_new_contact_refuses_a_name_already_taken_and_an_unknown_referrer(campaign):
    before = sorted(p.name for p in (campaign / "contacts").iterdir())
    dup = run(campaign, "new", "contact", "jane doe")
    assert dup.exit_code == 2 and "contacts/jane-doe.md" in dup.stderr
    unknown = run(campaign, "new", "contact", "Mo Green", "--referred-by", "Jane Do")
    assert unknown.exit_code == 2
    assert "no contact named 'Jane Do'" in unknown.stderr and "Jane Doe (contacts/jane-doe.md)" in unknown.stderr
    assert "Traceback" not in unknown.output
    assert sorted(p.name for p in (campaign / "contacts").iterdir()) == before


def test_new_uses_the_vaults_own_template(campaign):
    (campaign / "templates").mkdir()
    (campaign / "templates" / "contact.md").write_text(
        '---\nname: "{{name}}"\ncompany: "[[{{company}}]]"\nrole: "{{role}}"\n# met_via: "{{how you found them}}"\n'
        'outreach:\n  - date: "{{date}}"\n    via: email\n  - date: "{{date}}"\n    via: letter\n    note: "{{what you asked for}}"\n'
        'follow_up:\n  - "{{never given}}"\n'
        "---\n# {{name}} at {{company}}\n\n- {{why them}}\n"
    )
    result = run(campaign, "new", "contact", "Zoë Li", "--company", "Acme")
    assert result.exit_code == 0, result.output
    # The line whose placeholder got no value is left out; so is a list item
    # with an unanswered prompt, and a key whose every item went.
    assert (campaign / "contacts" / "zoe-li.md").read_text() == (
        '---\nname: Zoë Li\ncompany: "[[Acme]]"\n# met_via: "{{how you found them}}"\n'
        "outreach:\n  - date: 2026-11-25\n    via: email\n"
        "---\n# Zoë Li at Acme\n\n%% why them %%\n"
    )
    assert "{{role}}" in result.stderr and "{{why_them}}" in result.stderr
    assert data_findings(campaign) == []


def test_a_broken_template_is_a_clear_error(campaign):
    (campaign / "templates").mkdir()
    (campaign / "templates" / "company.md").write_text("---\nname: [{{name}}\n---\n")
    result = run(campaign, "new", "company", "Initech")
    assert result.exit_code == 2
    assert "templates/company.md:" in result.stderr and "not valid YAML" in result.stderr
    assert not (campaign / "companies" / "initech.md").exists()


def test_new_interview_has_questions_and_a_research_section(campaign):
    result = run(campaign, "new", "interview", "Ravi Shah", "--date", "2026-12-09T14:30", "--medium", "video")
    assert result.exit_code == 0, result.output
    path = campaign / "interviews" / "2026-12-09-ravi-shah.md"
    assert result.stdout.strip() == path.as_posix()
    text = path.read_text()
    assert text.startswith(
        '---\ncontact: "[[Ravi Shah]]"\ndate: 2026-12-09T14:30:00\nmedium: video\nstatus: scheduled\n'
    )
    assert "## Research\n" in text and "## Questions\n" in text
    vault = load_vault(campaign)
    meeting = vault.get("interviews/2026-12-09-ravi-shah.md")
    assert meeting.questions == tuple(q.text for q in QUESTIONS)
    assert meeting.research == ()  # the prompt is a comment: research is still to do
    assert vault.contact(meeting.contact).path == "contacts/ravi-shah.md"
    assert data_findings(campaign) == []


def test_a_second_interview_on_the_same_day_is_numbered(campaign):
    run(campaign, "new", "interview", "Ravi Shah", "--date", "2026-12-02")
    assert (campaign / "interviews" / "2026-12-02-ravi-shah-2.md").is_file()
    assert (campaign / "interviews" / "2026-12-02-ravi-shah.md").read_text() == iv(
        "Ravi Shah", "2026-12-02", "scheduled"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "interview", "Nobody", "--date", "2026-12-01"], "no contact named 'Nobody'"),
        (["new", "interview", "Ravi Shah", "--date", "next tuesday"], "--date"),
        (["new", "interview", "Ravi Shah"], "Missing option '--date'"),
        (["new", "contact", "  "], "the name is empty"),
    ],
)
def test_new_usage_errors(campaign, args, message):
    result = run(campaign, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_new_outside_a_vault_writes_nothing(tmp_path):
    result = run(tmp_path, "new", "contact", "Jane Doe")
    assert result.exit_code == 2 and "does not look like a vault" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_company_and_edit_opens_the_editor(campaign, tmp_path):
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'a', encoding='utf-8').write('Edited.\\n')\n")
    result = run(
        campaign,
        "new",
        "company",
        "Initech & Sons",
        "--industry",
        "Software",
        "--edit",
        env={"EDITOR": f'"{sys.executable}" "{editor}"'},
    )
    assert result.exit_code == 0, result.output
    text = (campaign / "companies" / "initech-sons.md").read_text()
    assert text.startswith("---\nname: Initech & Sons\nindustry: Software\ntags: []\n---\n")
    assert text.endswith("Edited.\n")


# -- log ---------------------------------------------------------------------------------------------


def changed_lines(before: str, after: str) -> list[str]:
    old, new = before.splitlines(), after.splitlines()
    return [line for line in new if line not in old] + [f"-{line}" for line in old if line not in new]


def test_thank_you_goes_on_the_latest_done_meeting_without_one(campaign):
    path = campaign / "interviews" / "2026-11-20-jane-doe.md"
    before = path.read_text()
    result = run(campaign, "log", "thank-you", "Jane Doe", "--date", "2026-11-21")
    assert result.exit_code == 0
    assert (
        result.stdout
        == f"{path.as_posix()}:6: thank_you_sent: 2026-11-21 (thank-you to Jane Doe, meeting on 2026-11-20)\n"
    )
    assert changed_lines(before, path.read_text()) == ["thank_you_sent: 2026-11-21"]
    again = run(campaign, "log", "thank-you", "jd")
    assert again.exit_code == 0
    assert "nothing changed" in again.stdout and "already logged on 2026-11-21" in again.stdout
    assert path.read_text() == before.replace("---\n## Notes", "thank_you_sent: 2026-11-21\n---\n## Notes")


def test_a_thank_you_before_the_meeting_is_refused(campaign):
    result = run(campaign, "log", "thank-you", "Jane Doe", "--date", "2026-11-19")
    assert result.exit_code == 2 and "before the meeting on 2026-11-20" in result.stderr


def test_referrer_thanks_goes_on_the_referred_persons_meeting(campaign):
    run(campaign, "log", "met", "Ravi Shah")
    result = run(campaign, "log", "referrer-thanks", "Ravi Shah")
    assert result.exit_code == 0
    assert "thanks to Jane Doe for the introduction to Ravi Shah" in result.stdout
    assert "referrer_thanked: 2026-11-25\n" in (campaign / "interviews" / "2026-11-21-ravi-shah.md").read_text()
    nobody = run(campaign, "log", "referrer-thanks", "Jane Doe")
    assert nobody.exit_code == 2 and "no referred_by" in nobody.stderr


def test_met_marks_the_latest_past_scheduled_meeting_done(campaign):
    path = campaign / "interviews" / "2026-11-21-ravi-shah.md"
    result = run(campaign, "log", "met", "Ravi Shah")
    assert result.exit_code == 0
    assert path.read_text() == iv("Ravi Shah", "2026-11-21", "done")
    assert (campaign / "interviews" / "2026-12-02-ravi-shah.md").read_text() == iv(
        "Ravi Shah", "2026-12-02", "scheduled"
    )
    future = run(campaign, "log", "met", "Ravi Shah")
    assert future.exit_code == 2 and "is on 2026-12-02, after 2026-11-25" in future.stderr
    on_the_day = {"INFOVIEW_TODAY": "2026-12-02"}  # --date after today is refused: the day has to come
    assert run(campaign, "log", "met", "Ravi Shah", "--date", "2026-12-02", env=on_the_day).exit_code == 0


def test_resume_sent_then_feedback(campaign):
    early = run(campaign, "log", "resume-feedback", "Jane Doe")
    assert early.exit_code == 2 and "log it first with `infoview log resume-sent jane-doe`" in early.stderr
    assert run(campaign, "log", "resume-sent", "Jane Doe", "--date", "2026-11-21").exit_code == 0
    result = run(campaign, "log", "resume-feedback", "Jane Doe")
    assert result.exit_code == 0
    text = (campaign / "interviews" / "2026-11-20-jane-doe.md").read_text()
    assert "resume_sent: 2026-11-21\nresume_feedback: 2026-11-25\n" in text
    assert "nothing changed" in run(campaign, "log", "resume-feedback", "Jane Doe").stdout


def test_landed_notice_is_set_once(campaign):
    path = campaign / "contacts" / "ravi-shah.md"
    assert run(campaign, "log", "landed-notice", "Ravi Shah").exit_code == 0
    assert path.read_text() == '---\nname: Ravi Shah\nreferred_by: "[[Jane Doe]]"\nlanded_notice: 2026-11-25\n---\n'
    again = run(campaign, "log", "landed-notice", "Ravi Shah", "--date", "2026-12-01", "--today", "2026-12-01")
    assert "already told where you landed, on 2026-11-25" in again.stdout
    assert "landed_notice: 2026-11-25" in path.read_text()


def test_outreach_appends_in_the_lists_style_and_is_not_logged_twice(campaign):
    path = campaign / "contacts" / "jane-doe.md"
    args = ("log", "outreach", "Jane Doe", "--via", "linkedin", "--note", "Sent the article: as promised")
    result = run(campaign, *args)
    assert result.exit_code == 0
    assert result.stdout.endswith("outreach: 2026-11-25, LinkedIn message to Jane Doe: Sent the article: as promised\n")
    expected = path.read_text()
    assert (
        '    direction: in\n  - date: 2026-11-25\n    via: linkedin\n    note: "Sent the article: as promised"\n---\n'
        in expected
    )
    again = run(campaign, *args)
    assert "nothing changed" in again.stdout and path.read_text() == expected
    missing = run(campaign, "log", "outreach", "Jane Doe")
    assert missing.exit_code == 2 and "needs --via" in missing.stderr


def test_outreach_to_someone_with_no_outreach_yet(campaign):
    run(campaign, "log", "outreach", "Ravi Shah", "--via", "email", "--direction", "in")
    assert (campaign / "contacts" / "ravi-shah.md").read_text() == (
        '---\nname: Ravi Shah\nreferred_by: "[[Jane Doe]]"\noutreach:\n  - date: 2026-11-25\n    via: email\n    direction: in\n---\n'
    )
    (ravi,) = [c for c in load_vault(campaign).contacts if c.stem == "ravi-shah"]
    assert ravi.outreach[0].direction == "in"


def test_reply_answers_the_oldest_unanswered_message(campaign):
    path = campaign / "contacts" / "jane-doe.md"
    first = run(campaign, "log", "reply", "Jane Doe", "--date", "2026-11-05")
    assert first.exit_code == 0 and "reply to Jane Doe's call of 2026-11-03" in first.stdout
    second = run(campaign, "log", "reply", "Jane Doe", "--date", "2026-11-05")
    assert "email of 2026-11-04" in second.stdout
    text = path.read_text()
    assert '        note: "Called back: free on the 10th"\n    answered: 2026-11-05\n' not in text
    assert (
        '    note: "Called back: free on the 10th"\n    answered: 2026-11-05\n  - date: 2026-11-04\n    via: email\n    direction: in\n    answered: 2026-11-05\n---'
        in text
    )
    third = run(campaign, "log", "reply", "Jane Doe")
    assert third.exit_code == 0 and "already answered" in third.stdout
    none = run(campaign, "log", "reply", "Ravi Shah")
    assert none.exit_code == 2 and "no message from Ravi Shah" in none.stderr


def test_unknown_and_ambiguous_people(campaign):
    (campaign / "contacts" / "jane-roe.md").write_text("---\nname: Jane Roe\naliases: [JD]\n---\n")
    ambiguous = run(campaign, "log", "thank-you", "JD")
    assert ambiguous.exit_code == 2
    assert (
        "'JD' could mean 2 contacts: Jane Doe (contacts/jane-doe.md), Jane Roe (contacts/jane-roe.md)"
        in ambiguous.stderr
    )
    by_path = run(campaign, "log", "thank-you", "contacts/jane-doe.md")
    assert by_path.exit_code == 0
    unknown = run(campaign, "log", "thank-you", "Jane Dough")
    assert unknown.exit_code == 2
    assert "did you mean: Jane Doe (contacts/jane-doe.md)" in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "thank-you", "Jane Doe", "--via", "email"], "--via: only for `infoview log outreach`"),
        (["log", "thank-you", "Jane Doe", "--date", "yesterday"], "--date must be a date like 2026-11-25"),
        (["log", "thank-you", "Ravi Shah"], "no meeting with Ravi Shah is marked done"),
        (["log", "wave", "Jane Doe"], "Invalid value for 'EVENT'"),
    ],
)
def test_log_usage_errors(campaign, args, message):
    result = run(campaign, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_note_that_cannot_be_edited_safely_is_left_alone(campaign):
    path = campaign / "interviews" / "2026-11-20-jane-doe.md"
    path.write_text(iv("Jane Doe", "2026-11-20", "done", "thank_you_sent:\n  2026-11-\n"))
    before = path.read_bytes()
    result = run(campaign, "log", "thank-you", "Jane Doe")
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.output and result.stderr.startswith("infoview: error:")
    assert path.read_bytes() == before


def test_log_keeps_crlf_bom_and_comments(vault_dir):
    raw = '\ufeff---\r\ncontact: "[[Ann]]"   # from the meetup\r\ndate: 2026-11-20\r\nstatus: done\r\n---\r\nNotes, no final newline'
    root = vault_dir({"contacts/ann.md": "---\nname: Ann\n---\n", "interviews/ann.md": raw.encode("utf-8")})
    run(root, "log", "thank-you", "Ann")
    assert (root / "interviews" / "ann.md").read_bytes() == raw.replace(
        "status: done\r\n", "status: done\r\nthank_you_sent: 2026-11-25\r\n"
    ).encode("utf-8")


def test_log_refuses_a_day_after_today_but_a_meeting_may_be_planned_ahead(campaign):
    path = campaign / "contacts" / "jane-doe.md"
    before = path.read_bytes()
    ahead = run(campaign, "log", "outreach", "Jane Doe", "--via", "email", "--date", "2026-11-26")
    assert ahead.exit_code == 2
    assert ahead.stderr == (
        "infoview: error: --date 2026-11-26 is after today (2026-11-25): log what has happened; "
        "a meeting ahead is planned with `infoview new interview`\n"
    )
    assert path.read_bytes() == before
    by_flag = run(campaign, "log", "landed-notice", "Ravi Shah", "--date", "2026-11-27", "--today", "2026-11-26")
    assert by_flag.exit_code == 2 and "after today (2026-11-26)" in by_flag.stderr
    assert run(campaign, "log", "outreach", "Jane Doe", "--via", "email", "--date", TODAY).exit_code == 0
    planned = run(campaign, "new", "interview", "Ravi Shah", "--date", "2027-03-01")
    assert planned.exit_code == 0 and (campaign / "interviews" / "2027-03-01-ravi-shah.md").is_file()


def test_log_edits_a_linked_note_where_it_leads(campaign):
    (campaign / "people").mkdir()
    target = campaign / "people" / "ravi.md"
    (campaign / "contacts" / "ravi-shah.md").rename(target)
    link = campaign / "contacts" / "ravi-shah.md"
    link.symlink_to(Path("..") / "people" / "ravi.md")
    result = run(campaign, "log", "landed-notice", "Ravi Shah")
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert target.read_text() == '---\nname: Ravi Shah\nreferred_by: "[[Jane Doe]]"\nlanded_notice: 2026-11-25\n---\n'
    assert os.listdir(campaign / "people") == ["ravi.md"]


def test_log_refuses_a_link_leading_out_of_the_vault(campaign, tmp_path):
    outside = tmp_path / "elsewhere.md"
    (campaign / "contacts" / "ravi-shah.md").rename(outside)
    before = outside.read_bytes()
    (campaign / "contacts" / "ravi-shah.md").symlink_to(outside)
    result = run(campaign, "log", "landed-notice", "Ravi Shah")
    assert result.exit_code in (1, 2)
    assert result.stderr.startswith("infoview: error: ") and len(result.stderr.splitlines()) == 1
    assert "outside the vault" in result.stderr and "nothing was written" in result.stderr
    assert outside.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["elsewhere.md", "vault"]


def test_log_refuses_a_read_only_note(campaign):
    path = campaign / "contacts" / "jane-doe.md"
    before = path.read_bytes()
    os.chmod(path, 0o444)
    result = run(campaign, "log", "outreach", "Jane Doe", "--via", "email")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"infoview: error: cannot write {path.as_posix()}: the file is read-only (make it writable to change it)\n"
    )
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def disk_full(monkeypatch) -> None:
    def write(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write)


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_a_full_disk_while_logging_leaves_the_note_as_it_was(campaign, monkeypatch):
    path = campaign / "contacts" / "jane-doe.md"
    assert run(campaign, "log", "landed-notice", "Ravi Shah").exit_code == 0  # the vault's lock is there already
    before, listing = path.read_bytes(), files_under(campaign)
    disk_full(monkeypatch)
    result = run(campaign, "log", "outreach", "Jane Doe", "--via", "email")
    monkeypatch.undo()
    assert result.exit_code == 2
    assert result.stderr == f"infoview: error: cannot write {path.as_posix()}: No space left on device\n"
    assert path.read_bytes() == before
    assert files_under(campaign) == listing


def test_a_full_disk_while_creating_a_note_leaves_nothing(campaign, monkeypatch):
    listing = files_under(campaign)
    disk_full(monkeypatch)
    result = run(campaign, "new", "contact", "Ann Lee")
    monkeypatch.undo()
    assert result.exit_code == 2
    path = campaign / "contacts" / "ann-lee.md"
    assert result.stderr == f"infoview: error: cannot write {path.as_posix()}: No space left on device\n"
    assert files_under(campaign) == listing


def log_in_parallel(root: Path, commands: list[list[str]]) -> list[subprocess.CompletedProcess]:
    """Run ``infoview log ...`` commands as separate processes, all at once."""
    env = {**os.environ, "INFOVIEW_TODAY": TODAY}
    code = "from infoview.cli import main; main()"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, "log", *args, "--vault", str(root)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=300)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


def outreach_notes(path: Path) -> list[str]:
    parts = split_note(path.read_text(encoding="utf-8"))
    res = parse_yaml(parts.frontmatter, parts.fm_first_line)
    assert not [p for p in res.problems if p.severity == "error"], res.problems
    return [entry.get("note") for entry in res.data["outreach"]]


def test_parallel_logs_on_one_note_lose_nothing(campaign):
    path = campaign / "contacts" / "jane-doe.md"
    before = outreach_notes(path)
    n = 30
    done = log_in_parallel(campaign, [["outreach", "Jane Doe", "--via", "email", "--note", f"n{i}"] for i in range(n)])
    succeeded = [r for r in done if r.returncode == 0 and "nothing changed" not in r.stdout]
    assert not [r.stderr for r in done if "Traceback" in r.stderr]
    added = outreach_notes(path)[len(before) :]
    assert len(added) == len(succeeded)
    assert len(succeeded) == n, [r.stderr for r in done if r.returncode][:3]
    assert sorted(added) == sorted(f"n{i}" for i in range(n))
    assert files_under(campaign / "contacts") == ["jane-doe.md", "ravi-shah.md"]


def test_the_same_log_run_in_parallel_is_logged_once(campaign):
    path = campaign / "contacts" / "ravi-shah.md"
    done = log_in_parallel(campaign, [["outreach", "Ravi Shah", "--via", "email"]] * 8)
    assert all(r.returncode == 0 for r in done), [r.stderr for r in done]
    assert sum("nothing changed" not in r.stdout for r in done) == 1
    assert outreach_notes(path) == [None]


# -- questions -----------------------------------------------------------------------------------------


def test_questions_prints_the_bank():
    text = CliRunner().invoke(main, ["questions"]).output
    for q in QUESTIONS:
        assert q.text in text
    assert "may I use your name" in text
    items = CliRunner().invoke(main, ["questions", "--format", "list"]).output.splitlines()
    assert items == [f"- {q.text}" for q in QUESTIONS]
    assert CliRunner().invoke(main, ["questions", "--format", "markdown"]).output.startswith("## The work\n")


# -- template filling, as a property ---------------------------------------------------------------------

_NAMES = st.from_regex(r"k[a-z_]{0,8}", fullmatch=True)  # never true, null, yes...
_WORDS = st.text(
    st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="{}[]|#\x85\u2028\u2029"),
    min_size=1,
    max_size=15,
)


@given(
    st.lists(
        st.tuples(_NAMES, st.sampled_from(["whole", "link", "literal"]), st.one_of(st.none(), _WORDS, st.dates())),
        unique_by=lambda t: t[0],
        max_size=6,
    ),
    st.sampled_from(["\n", "\r\n"]),
)
def test_a_filled_template_is_a_clean_note(spec, nl):
    lines = ["---"]
    fills: dict[str, Fill] = {}
    expected: dict = {}
    for key, style, value in spec:
        if style == "literal":
            lines.append(f"{key}: kept as written")
            expected[key] = "kept as written"
            continue
        lines.append(f'{key}: "{{{{{key}}}}}"' if style == "whole" else f'{key}: "[[{{{{{key}}}}}]]"')
        if value is None:
            continue
        text = value.isoformat() if isinstance(value, dt.date) else value
        fills[key] = Fill(text, value)
        expected[key] = value if style == "whole" else f"[[{text}]]"
    template = nl.join([*lines, "---", "# {{title}}", ""])
    note, unfilled = fill_template(template, fills)
    parts = split_note(note)
    assert parse_yaml(parts.frontmatter, 2).data == (expected or None)
    assert parts.body == f"# %% title %%{nl}"
    assert sorted(unfilled) == sorted({k for k, style, v in spec if style != "literal" and v is None} | {"title"})
    assert all(line.endswith("\r\n") for line in note.splitlines(keepends=True)) == (nl == "\r\n")
