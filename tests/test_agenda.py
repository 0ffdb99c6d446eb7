"""``infoview agenda``: overdue first, then what comes due in the next days; it agrees with ``check``."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_TODAY, EXAMPLE_VAULT, write_vault
from hypothesis import given
from hypothesis import strategies as st

from infoview import load_vault
from infoview.agenda import KINDS, AgendaItem, agenda
from infoview.cli import main
from infoview.rules import RULES, RuleConfigError, UnknownRule, run_rules

D = dt.date
JANE = "contacts/jane-doe.md"
JANE_NOTE = "---\nname: Jane Doe\n---\n"
MEETING = "interviews/m.md"


def meeting(status: str = "done", day: str = "2026-11-02", **keys: str) -> str:
    lines = ["---", 'contact: "[[Jane Doe]]"', f"date: {day}", "medium: video", f"status: {status}"]
    return "\n".join(lines + [f"{k}: {v}" for k, v in keys.items()] + ["---", ""])


def summary(items: list[AgendaItem]) -> list[tuple]:
    return [(i.due.isoformat(), i.kind, i.person, i.overdue) for i in items]


def test_the_example_vault_agenda():
    items = agenda(load_vault(EXAMPLE_VAULT), EXAMPLE_TODAY)
    assert summary(items) == [
        ("2026-09-22", "contact-referral", "Priya Natarajan", True),
        ("2026-10-15", "resume-feedback", "Walt Brennan", True),
        ("2026-10-30", "names", "Hollis Grant", True),  # asked for names at the meeting, or in the thank-you at the latest
        ("2026-11-15", "referrer-thanks", "Devon Achebe", True),
        ("2026-11-19", "keep-in-touch", "Owen Pryce", True),
        ("2026-11-21", "resume-offer", "Nadia Farouk", True),
        ("2026-11-22", "thank-you", "Simone Adeyemi", True),
        ("2026-11-23", "reply", "Carmen Reyes", True),
        ("2026-11-24", "log-outcome", "Yvonne Castillo", True),  # the coffee on 11-23 is still "scheduled"
        ("2026-11-27", "contact-referral", "Grace Holloway", False),  # named on 11-20: due in a week
        ("2026-11-27", "prepare", "Tomasz Wojcik", False),
        ("2026-11-27", "meeting", "Tomasz Wojcik", False),
        ("2026-11-30", "meeting", "Felix Ortega", False),
    ]
    thanks = next(i for i in items if i.kind == "thank-you")
    assert (thanks.path, thanks.line, thanks.rule) == (
        "interviews/2026-11-20-simone-adeyemi.md",
        5,
        "thank-you-overdue",
    )
    assert thanks.person_path == "contacts/simone-adeyemi.md" and thanks.what == "Send a thank-you note"
    referrer = next(i for i in items if i.kind == "referrer-thanks")
    assert referrer.person_path == "contacts/devon-achebe.md" and "Ruth Kimani" in referrer.what
    priya = items[0]
    assert priya.person_path is None and priya.path == "interviews/2026-09-15-beatriz-calloway.md" and priya.line == 17


def test_overdue_agenda_items_are_exactly_the_follow_up_findings_of_check():
    vault = load_vault(EXAMPLE_VAULT)
    overdue = {(i.rule, i.path, i.line) for i in agenda(vault, EXAMPLE_TODAY) if i.overdue}
    findings = {
        (f.rule, f.path, f.line)
        for f in run_rules(vault, EXAMPLE_TODAY)
        if f.rule not in ("cancelled-by-me", "unprepared-meeting")
    }
    assert overdue == findings


def test_the_horizon_includes_its_last_day_and_not_the_next(make_vault):
    vault = make_vault({JANE: JANE_NOTE, MEETING: meeting(referrals_asked="true")})  # thank-you due 11-04
    assert [i.kind for i in agenda(vault, D(2026, 11, 2), days=2)] == ["thank-you"]
    assert agenda(vault, D(2026, 11, 2), days=1) == []
    (item,) = agenda(vault, D(2026, 11, 4), days=0)  # due today: listed, not overdue
    assert (item.due, item.overdue) == (D(2026, 11, 4), False)
    (item,) = agenda(vault, D(2026, 11, 5), days=0)
    assert item.overdue


def test_meetings_and_preparation_drop_off_once_past(make_vault):
    vault = make_vault({JANE: JANE_NOTE, MEETING: meeting("scheduled", "2026-11-10T14:30")})
    items = agenda(vault, D(2026, 11, 5))
    assert summary(items) == [
        ("2026-11-10", "prepare", "Jane Doe", False),
        ("2026-11-10", "meeting", "Jane Doe", False),
    ]
    assert items[1].what == "Video call at 14:30" and items[1].rule is None and items[1].line == 3
    # The day after, the meeting is gone and logging how it went is due.
    assert summary(agenda(vault, D(2026, 11, 11))) == [("2026-11-11", "log-outcome", "Jane Doe", False)]


def test_a_requested_meeting_is_marked_unconfirmed(make_vault):
    vault = make_vault({JANE: JANE_NOTE, MEETING: meeting("requested", "2026-11-10", questions="[a]", research="b")})
    (item,) = agenda(vault, D(2026, 11, 9))
    assert item.kind == "meeting" and item.what.endswith("(not confirmed yet)")


def test_rules_switched_off_or_ignored_leave_the_agenda(make_vault, vault_dir):
    files = {JANE: JANE_NOTE, MEETING: meeting(referrals_asked="true")}
    assert [i.kind for i in agenda(make_vault(files), D(2026, 11, 10))] == ["thank-you", "outreach"]
    off = {**files, "infoview.yml": 'rules:\n  thank-you-overdue: {severity: "off"}\n  campaign-stalled: "off"\n'}
    assert agenda(load_vault(vault_dir(off)), D(2026, 11, 10)) == []


def test_ignore_in_a_note_leaves_the_agenda(tmp_path):
    files = {JANE: JANE_NOTE, MEETING: meeting(referrals_asked="true", ignore="[thank-you-overdue]")}
    # the slow week is about the campaign, not this note
    assert [i.kind for i in agenda(load_vault(write_vault(tmp_path, files)), D(2026, 11, 10))] == ["outreach"]


def test_a_slow_week_asks_for_outreach(make_vault):
    vault = make_vault(
        {
            JANE: "---\nname: Jane Doe\noutreach:\n  - {date: 2026-10-01, via: email}\n  - {date: 2026-11-08, via: email}\n---\n"
        }
    )
    (item,) = agenda(vault, D(2026, 11, 10))
    assert (item.kind, item.due, item.rule, item.path) == (
        "outreach",
        D(2026, 11, 10),
        "campaign-stalled",
        "infoview.yml",
    )
    assert item.what == "Reach out to 2 more people this week (1 of 3 so far)"


def test_private_notes_are_on_the_owner_agenda(make_vault):
    vault = make_vault(
        {JANE: "---\nname: Jane Doe\nprivate: true\n---\n", MEETING: meeting(referrals_asked="true", private="true")}
    )
    (item,) = [i for i in agenda(vault, D(2026, 11, 5)) if i.kind == "thank-you"]
    assert vault.get(item.path).private


def test_bad_rule_settings_raise_like_check(vault_dir):
    with pytest.raises(UnknownRule):
        agenda(load_vault(vault_dir({"infoview.yml": "rules: {nope: {days: 1}}\n"})), D(2026, 11, 5))


def test_bad_rule_values_raise(tmp_path):
    root = write_vault(tmp_path, {"infoview.yml": "rules: {thank-you-overdue: {days: x}}\n"})
    with pytest.raises(RuleConfigError):
        agenda(load_vault(root), D(2026, 11, 5))


def test_every_kind_is_known():
    assert len(set(KINDS)) == 13
    assert {"thank-you", "referrer-thanks", "prepare", "meeting", "reply", "outreach"} <= set(KINDS)


# -- the command ------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_agenda_text():
    result = run("agenda", str(EXAMPLE_VAULT), "--today", "2026-11-25")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("Agenda for Tessa Lindqvist on Wed 2026-11-25 (next 7 days)")
    assert out.index("Overdue (9)") < out.index("Next 7 days (4)")
    assert (
        "Sun 2026-11-22  Simone Adeyemi: Send a thank-you note (3 days late)  interviews/2026-11-20-simone-adeyemi.md:5"
        in out
    )
    assert (
        "Fri 2026-11-27  Tomasz Wojcik: Prepare questions and research for the meeting  interviews/2026-11-27-tomasz-wojcik.md:5"
        in out
    )
    assert "\x1b[" not in out


def test_agenda_json_and_days():
    result = run("agenda", "--vault", str(EXAMPLE_VAULT), "--today", "2026-11-25", "--days", "2", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert (data["today"], data["days"]) == ("2026-11-25", 2)
    assert [i["due"] for i in data["items"]][-1] == "2026-11-27"
    assert "2026-11-30" not in {i["due"] for i in data["items"]}
    assert set(data["items"][0]) == {"due", "what", "person", "person_path", "path", "line", "rule", "kind", "overdue"}


def test_agenda_nothing_due(vault_dir):
    root = vault_dir({JANE: JANE_NOTE})
    result = run("agenda", str(root), "--today", "2026-11-25")
    assert result.exit_code == 0 and "Nothing due in the next 7 days." in result.output


def test_agenda_mentions_data_problems(vault_dir):
    root = vault_dir({JANE: "---\nname: [oops\n---\n"})
    assert "run `infoview check`" in run("agenda", str(root), "--today", "2026-11-25").output


@pytest.mark.parametrize("args", [["--days", "-1"], ["--today", "nope"], ["--format", "xml"]])
def test_agenda_usage_errors_exit_2(args):
    result = CliRunner().invoke(main, ["agenda", str(EXAMPLE_VAULT), *args])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_agenda_config_error_exits_2_with_one_line(vault_dir):
    root = vault_dir({"infoview.yml": "rules: {nope: {days: 1}}\n"})
    result = run("agenda", str(root), "--today", "2026-11-25")
    assert result.exit_code == 2 and result.output.strip().splitlines() == [
        "infoview: error: infoview.yml: rules: unknown rule 'nope' (`infoview rules` lists them)"
    ]


# -- properties -------------------------------------------------------------------


@given(st.dates(D(2026, 8, 1), D(2027, 2, 1)), st.integers(0, 30))
def test_agenda_is_sorted_and_within_the_horizon(today, days):
    items = agenda(load_vault(EXAMPLE_VAULT), today, days)
    assert items == sorted(items, key=AgendaItem.sort_key)
    assert all(i.due <= today + dt.timedelta(days=days) for i in items)
    assert all(i.overdue == (i.due < today) for i in items)
    assert all(i.kind in KINDS and (i.rule is None or i.rule in RULES) for i in items)


@given(
    st.lists(st.sampled_from(["done", "scheduled", "requested", "cancelled"]), min_size=1, max_size=5),
    st.dates(D(2026, 10, 1), D(2026, 12, 1)),
)
def test_an_overdue_item_is_always_a_check_finding(statuses, today):
    files = {JANE: JANE_NOTE}
    for i, status in enumerate(statuses):
        files[f"interviews/{i}.md"] = meeting(status, f"2026-10-{10 + i * 5}", medium="phone")
    with tempfile.TemporaryDirectory() as tmp:
        vault = load_vault(write_vault(Path(tmp), files))
        findings = {(f.rule, f.path, f.line) for f in run_rules(vault, today)}
        for item in agenda(vault, today):
            if item.overdue:
                assert (item.rule, item.path, item.line) in findings
