"""``infoview review`` and :mod:`infoview.review`: the week in review."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_TODAY, EXAMPLE_VAULT

from infoview import load_vault
from infoview.cli import main
from infoview.review import format_review, weekly_review
from infoview.stats import WEEKS, campaign_stats

TODAY = dt.date(2026, 11, 25)
W47 = dt.date(2026, 11, 16)  # Monday of the week reviewed
CAMPAIGN = {
    "infoview.yml": "owner: Sam Okafor\nrules:\n  campaign-stalled: {per_week: 8}\n  resume-not-offered: {days: 2}\n",
    "contacts/simone-adeyemi.md": """\
        ---
        name: Simone Adeyemi
        email: simone@example.com
        outreach:
          - {date: 2026-11-10, via: email, note: Asked for half an hour}
          - {date: 2026-11-12, via: email, direction: in, note: Offered the 16th, answered: 2026-11-12}
          - {date: 2026-11-17, via: phone, direction: in, note: Called about a job fair, answered: 2026-11-20}
        ---
        """,
    "contacts/nia-brown.md": """\
        ---
        name: Nia Brown
        referred_by: "[[Simone Adeyemi]]"
        outreach:
          - {date: 2026-11-16, via: email, note: Intro using Simone's name}
        ---
        """,
    "contacts/paul-hidden.md": """\
        ---
        name: Paul Hidden
        private: true
        outreach:
          - {date: 2026-11-18, via: letter, note: A private letter}
        ---
        """,
    "contacts/ola-next.md": "---\nname: Ola Next\n---\n",
    "interviews/2026-11-16-simone-adeyemi.md": """\
        ---
        contact: "[[Simone Adeyemi]]"
        date: 2026-11-16
        medium: in-person
        status: done
        referrals: ["[[Nia Brown]]", "[[Grace Holloway]]"]
        thank_you_sent: 2026-11-20
        ---
        """,
    "interviews/2026-11-18-nia-brown.md": """\
        ---
        contact: "[[Nia Brown]]"
        date: 2026-11-18
        medium: phone
        status: done
        referrals_asked: true
        thank_you_sent: 2026-11-19
        referrer_thanked: 2026-11-19
        ---
        """,
    "interviews/2026-11-19-paul-hidden.md": '---\ncontact: "[[Paul Hidden]]"\ndate: 2026-11-19\nstatus: done\nthank_you_sent: 2026-11-19\n---\n',
    "interviews/2026-11-26-ola-next.md": '---\ncontact: "[[Ola Next]]"\ndate: 2026-11-26\nmedium: video\nquestions: [What is a typical day?]\n---\n',
}


@pytest.fixture
def vault(make_vault):
    return make_vault(CAMPAIGN)


def test_the_weeks_counts_are_campaign_stats_counts(vault):
    for public in (False, True):
        stats = campaign_stats(vault, TODAY, include_private=not public)["weeks"]
        review = weekly_review(vault, TODAY, TODAY, weeks=WEEKS, public=public)
        assert [{k: w[k] for k in ("start", "outreach", "replies", "meetings")} for w in review["weeks"]] == stats
    week = weekly_review(vault, W47, TODAY)["counts"]
    # Nia's intro and Paul's private letter; Simone's call; the meetings with Simone, Nia and Paul
    assert week == {"start": "2026-11-16", "outreach": 2, "replies": 1, "meetings": 3, "total": 6}
    assert weekly_review(vault, W47, TODAY, public=True)["counts"]["total"] == 4


def test_the_review_matches_campaign_stats_on_the_example_vault():
    example = load_vault(EXAMPLE_VAULT)
    review = weekly_review(example, EXAMPLE_TODAY, EXAMPLE_TODAY, weeks=WEEKS)
    stats = campaign_stats(example, EXAMPLE_TODAY, include_private=True)["weeks"]
    assert [{k: w[k] for k in ("start", "outreach", "replies", "meetings")} for w in review["weeks"]] == stats
    assert review["week"] == "2026-W48" and review["counts"] == review["weeks"][-1]


def test_the_week_in_detail(vault):
    r = weekly_review(vault, dt.date(2026, 11, 19), TODAY)  # any day of the week means its Monday
    assert (r["week"], r["start"], r["end"], r["per_week"]) == ("2026-W47", "2026-11-16", "2026-11-22", 8)
    assert [(e["person"], e["via"], e["note"]) for e in r["outreach"]] == [
        ("Nia Brown", "email", "Intro using Simone's name"),
        ("Paul Hidden", "letter", "A private letter"),
    ]
    assert [(e["person"], e["answered"]) for e in r["replies"]] == [("Simone Adeyemi", "2026-11-20")]
    assert [(m["person"], m["names"]) for m in r["meetings"] if m["names"]] == [
        ("Simone Adeyemi", ["Nia Brown", "Grace Holloway"])
    ]
    assert [(m["person"], m["questions"], m["research"]) for m in r["next_week"]] == [("Ola Next", 1, False)]
    late = {(x["duty"], x["whom"], x["days_late"]) for x in r["late"]}
    # thank-you due 2 days after the 16th, sent on the 20th; the call of the 17th answered on the 20th (1 day allowed)
    assert late == {("thank-you", "to Simone Adeyemi", 2), ("reply", "to Simone Adeyemi", 2)}
    # Nia's phone meeting had no resume offer by the 20th, Paul was not asked for names: still open at the week's end
    still = [(t["what"], t["person"], t["days_late"]) for t in r["still_open"]]
    assert still == [("Offer your resume for feedback", "Nia Brown", 2), ("Ask for one or two names", "Paul Hidden", 1)]
    assert [t["person"] for t in weekly_review(vault, W47, TODAY, public=True)["still_open"]] == ["Nia Brown"]
    rates = {x["duty"]: (x["on_time"], x["of"]) for x in r["rates"]}
    assert rates == {
        "thank-you": (2, 3),
        "referrer thanks": (1, 1),
        "resume offer": (0, 1),
        "reply": (1, 2),
        "names asked for": (2, 3),
    }


def test_markdown_report(vault):
    text = format_review(weekly_review(vault, W47, TODAY, weeks=3))
    assert text.startswith(
        "# Week 2026-W47: November 16 to November 22, 2026\n\n**6** this week against a pace of 8 (2 short of it)"
    )
    assert "- thank-you to Simone Adeyemi: 2 days late (done 2026-11-20, due 2026-11-18)" in text
    assert "- from **Simone Adeyemi** (2026-11-16): Nia Brown, Grace Holloway" in text
    assert "- 2026-11-26 **Ola Next** (video, scheduled): 1 question, research missing" in text
    assert "- thank-you: 2 of 3 (done meetings whose thank-you was due or sent by then)" in text
    assert "## The last 3 weeks\n\n`▁▃█` (messages and meetings a week; pace 8)" in text
    assert "| 2026-11-16 | 2 | 1 | 3 | 6 |" in text
    public = format_review(weekly_review(vault, W47, TODAY, public=True))
    assert "Paul Hidden" not in public and "private letter" not in public and "Intro using" not in public


def test_public_leaves_out_private_people_wherever_they_would_show(make_vault):
    files = dict(CAMPAIGN)
    files["contacts/simone-adeyemi.md"] = files["contacts/simone-adeyemi.md"].replace(
        "email:", "private: true\n        email:"
    )
    vault = make_vault(files)
    public = weekly_review(vault, W47, TODAY, public=True)
    assert "Simone" not in json.dumps(public) and "Paul" not in json.dumps(public)
    assert public["counts"] == {"start": "2026-11-16", "outreach": 1, "replies": 0, "meetings": 1, "total": 2}
    assert "Simone" in json.dumps(weekly_review(vault, W47, TODAY))  # the owner's own review has everyone
    stats = campaign_stats(vault, TODAY, include_private=False)["weeks"]
    assert [
        {k: w[k] for k in stats[0]} for w in weekly_review(vault, TODAY, TODAY, weeks=WEEKS, public=True)["weeks"]
    ] == stats


def test_slipped_nothing_and_a_quiet_week(make_vault):
    vault = make_vault({"contacts/a.md": "---\nname: A\n---\n"})
    text = format_review(weekly_review(vault, TODAY, TODAY))
    assert "Nothing sent this week." in text and "Nothing: every follow-up was on time." in text
    assert "Nothing was due yet." in text and "(as of" not in text and "so far (2026-11-25)" in text


def test_next_week_orders_a_timed_and_an_untimed_meeting_on_one_day(make_vault):
    vault = make_vault(
        {
            "contacts/a.md": "---\nname: A\n---\n",
            "contacts/b.md": "---\nname: B\n---\n",
            "interviews/a.md": '---\ncontact: "[[A]]"\ndate: 2026-12-01T14:00\nstatus: scheduled\n---\n',
            "interviews/b.md": '---\ncontact: "[[B]]"\ndate: 2026-12-01\nstatus: scheduled\n---\n',
        }
    )
    nxt = weekly_review(vault, TODAY, TODAY)["next_week"]
    assert [m["path"] for m in nxt] == ["interviews/b.md", "interviews/a.md"]  # the untimed one first, no crash


# -- the command line --------------------------------------------------------------------------------


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["review", *args, "--vault", str(root)], env={"INFOVIEW_TODAY": TODAY.isoformat()})


def test_cli_week_defaults_to_today_and_takes_iso_weeks(vault_dir):
    root = vault_dir(CAMPAIGN)
    assert run(root).stdout.startswith("# Week 2026-W48: November 23 to November 29, 2026\n")
    assert (
        run(root, "--week", "last").stdout
        == run(root, "--week", "2026-W47").stdout
        == run(root, "--week", "2026w47").stdout
    )
    assert run(root, "--week", "2026-W47").stdout == format_review(weekly_review(load_vault(root), W47, TODAY))
    data = json.loads(run(root, "--week", "2026-W47", "--format", "json", "--public").stdout)
    assert data["week"] == "2026-W47" and data["public"] is True


@pytest.mark.parametrize(
    "week", ["2026-48", "2026-W54", "2025-W53", "2026-W00", "soon", "W47", "2026-W47-1", "1899-W10"]
)
def test_cli_bad_weeks_exit_2(vault_dir, week):
    result = run(vault_dir(CAMPAIGN), "--week", week)
    assert result.exit_code == 2
    assert "is not a week" in result.stderr or "--week" in result.stderr


def test_cli_output_writes_the_markdown(vault_dir, tmp_path):
    root = vault_dir(CAMPAIGN)
    out = tmp_path / "review.md"
    out.write_text("old report\n")
    result = run(root, "--week", "2026-W47", "--output", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text() == run(root, "--week", "2026-W47").stdout
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left
    folder = run(root, "--output", str(tmp_path))
    assert folder.exit_code == 2


def test_the_shipped_workflow_has_an_optional_weekly_review_job():
    import yaml

    from infoview.ci import workflow_template

    flow = yaml.safe_load(workflow_template())
    triggers = flow.get("on", flow.get(True))
    assert any(s["cron"].split()[4] in ("1", "MON", "mon") for s in triggers["schedule"])
    job = flow["jobs"]["review"]
    assert "schedule" in job["if"] and "workflow_dispatch" in job["if"]
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert "infoview review" in runs and "--output review.md" in runs and "$GITHUB_STEP_SUMMARY" in runs
    assert any("infoview check" in s.get("run", "") for s in flow["jobs"]["check"]["steps"])
