"""The follow-up rules: each fires on its day and not the day before, and obeys the config and ``ignore:``."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import dedent

import pytest
import yaml
from conftest import EXAMPLE_TODAY, EXAMPLE_VAULT, rules_of, write_vault
from hypothesis import given
from hypothesis import strategies as st

from infoview import load_vault
from infoview.finding import Finding
from infoview.rules import (
    LOADER_RULES,
    RULES,
    RuleConfigError,
    UnknownRule,
    add_days,
    rule_settings,
    rules_reference_markdown,
    run_rules,
)

D = dt.date
JANE = "contacts/jane-doe.md"
JANE_NOTE = """\
---
name: Jane Doe
---
"""


def meeting(**keys: str) -> str:
    """An interview with Jane on Monday 2026-11-02; keys are added in order after ``status:``."""
    lines = ["---", 'contact: "[[Jane Doe]]"', "date: 2026-11-02", "medium: video", "status: done"]
    lines += [f"{k}: {v}" for k, v in keys.items()]
    return "\n".join(lines + ["---", ""])


@dataclass
class Case:
    """A vault where ``rule`` is quiet on ``quiet`` and fires on ``fires`` at ``path:line``."""

    rule: str
    files: dict[str, str]
    quiet: dt.date | None
    fires: dt.date
    path: str
    line: int
    config: dict = field(default_factory=dict)


MEETING = "interviews/2026-11-02-jane-doe.md"
CASES = [
    Case(
        "thank-you-overdue",
        {JANE: JANE_NOTE, MEETING: meeting(referrals_asked="true")},
        D(2026, 11, 4),
        D(2026, 11, 5),
        MEETING,
        5,
    ),
    Case(
        "referrer-thanks-overdue",
        {
            JANE: '---\nname: Jane Doe\nreferred_by: "[[Ravi Shah]]"\n---\n',
            "contacts/ravi-shah.md": "---\nname: Ravi Shah\n---\n",
            MEETING: meeting(thank_you_sent="2026-11-03", referrals_asked="true"),
        },
        D(2026, 11, 4),
        D(2026, 11, 5),
        MEETING,
        5,
    ),
    # Names are asked for at the meeting itself: it fires on the day, not before (a done meeting
    # dated after today is a data error, reported as inconsistent-dates instead).
    Case(
        "no-referrals-asked",
        {JANE: JANE_NOTE, MEETING: meeting(thank_you_sent="2026-11-02")},
        D(2026, 11, 1),
        D(2026, 11, 2),
        MEETING,
        5,
    ),
    Case(
        "outcome-not-logged",
        {JANE: JANE_NOTE, MEETING: meeting(questions="[a]", research="b").replace("status: done", "status: scheduled")},
        D(2026, 11, 3),  # the day after: time to log it
        D(2026, 11, 4),
        MEETING,
        5,
    ),
    Case(
        "unprepared-meeting",
        {JANE: JANE_NOTE, MEETING: meeting().replace("status: done", "status: scheduled")},
        D(2026, 10, 30),  # 3 days before
        D(2026, 10, 31),  # 2 days before
        MEETING,
        5,
    ),
    Case(
        "resume-not-offered",
        {
            JANE: JANE_NOTE,
            MEETING: meeting(thank_you_sent="2026-11-02", referrals_asked="true").replace(
                "medium: video", "medium: phone"
            ),
        },
        D(2026, 11, 5),
        D(2026, 11, 6),
        MEETING,
        5,
    ),
    Case(
        "resume-feedback-pending",
        {
            JANE: JANE_NOTE,
            MEETING: meeting(thank_you_sent="2026-11-02", referrals_asked="true", resume_sent="2026-11-02"),
        },
        D(2026, 11, 9),
        D(2026, 11, 10),
        MEETING,
        8,
    ),
    Case(
        "reply-overdue",
        {
            JANE: dedent("""\
            ---
            name: Jane Doe
            outreach:
              - date: 2026-10-30
                via: email
                answered: 2026-10-31
              - date: 2026-11-02
                via: email
                direction: in
                note: Happy to talk
            ---
            """)
        },
        D(2026, 11, 3),
        D(2026, 11, 4),
        JANE,
        7,
    ),
    Case(
        "referral-not-contacted",
        {
            JANE: JANE_NOTE,
            MEETING: meeting(thank_you_sent="2026-11-02", may_use_name="true", referrals='\n  - "[[Priya Natarajan]]"'),
        },
        D(2026, 11, 9),
        D(2026, 11, 10),
        MEETING,
        9,
    ),
    Case(
        "landing-not-shared",
        {JANE: JANE_NOTE, "interviews/2026-10-01-jane-doe.md": meeting().replace("2026-11-02", "2026-10-01")},
        D(2026, 11, 9),
        D(2026, 11, 10),
        JANE,
        2,
        config={"landed": {"date": D(2026, 11, 2), "company": "Acme", "role": "Recruiter"}},
    ),
    Case(
        "keep-in-touch",
        {JANE: JANE_NOTE, "interviews/2026-08-01-jane-doe.md": meeting().replace("2026-11-02", "2026-08-01")},
        D(2026, 10, 30),  # 90 days after the meeting
        D(2026, 10, 31),
        JANE,
        2,
    ),
    Case(
        "campaign-stalled",
        {
            JANE: dedent("""\
            ---
            name: Jane Doe
            outreach:
              - {date: 2026-09-01, via: email}
              - {date: 2026-11-02, via: email}
              - {date: 2026-11-03, via: phone, direction: in, answered: 2026-11-03}
              - {date: 2026-11-04, via: email}
            ---
            """)
        },
        D(2026, 11, 8),  # three entries from 11-02 to 11-08
        D(2026, 11, 9),  # two entries from 11-03 to 11-09
        "infoview.yml",
        1,
    ),
]
BY_RULE = {c.rule: c for c in CASES}


def config_text(config: dict) -> str:
    return yaml.safe_dump(config, sort_keys=False) if config else ""


def load(tmp_path: Path, files: dict[str, str], config: dict | None = None):
    files = dict(files)
    if config:
        files["infoview.yml"] = config_text(config)
    root = tmp_path / "vault"
    return load_vault(write_vault(root, files))


def fired(vault, day: dt.date, rule: str) -> list[tuple[str, str, int]]:
    return rules_of(run_rules(vault, day, select=[rule]))


def with_ignore(text: str, rule: str) -> str:
    assert text.lstrip().startswith("---")
    head, rest = text.split("---\n", 1)
    return f"{head}---\nignore: [{rule}]\n{rest}"


def test_every_rule_in_the_catalogue_has_a_case_or_a_test_of_its_own():
    own = {"cancelled-by-me", "referral-cycle"}
    assert set(RULES) == set(BY_RULE) | own
    assert list(RULES)[:3] == ["thank-you-overdue", "referrer-thanks-overdue", "no-referrals-asked"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet_the_day_before_and_fires_on_the_day(tmp_path, case):
    vault = load(tmp_path, case.files, case.config)
    assert vault.findings == []
    assert fired(vault, case.quiet, case.rule) == []
    assert fired(vault, case.fires, case.rule) == [(case.rule, case.path, case.line)]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_findings_carry_the_default_severity_and_a_hint(tmp_path, case):
    vault = load(tmp_path, case.files, case.config)
    (finding,) = run_rules(vault, case.fires, select=[case.rule])
    assert finding.severity == RULES[case.rule].severity
    assert finding.hint and finding.message


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_severity_off_in_the_config_disables_the_rule(tmp_path, case):
    vault = load(tmp_path, case.files, {**case.config, "rules": {case.rule: {"severity": "off"}}})
    assert case.rule not in {f.rule for f in run_rules(vault, case.fires + dt.timedelta(days=30))}
    assert fired(vault, case.fires, case.rule) == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_severity_override_in_the_config(tmp_path, case):
    other = "error" if RULES[case.rule].severity != "error" else "info"
    vault = load(tmp_path, case.files, {**case.config, "rules": {case.rule: {"severity": other}}})
    assert [f.severity for f in run_rules(vault, case.fires, select=[case.rule])] == [other]


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.rule not in ("unprepared-meeting", "no-referrals-asked")], ids=lambda c: c.rule
)
def test_a_larger_threshold_moves_the_day_it_fires(tmp_path, case):
    rule = RULES[case.rule]
    key = "per_week" if "per_week" in rule.defaults else "days"
    bigger = {key: rule.defaults[key] + 1}
    vault = load(tmp_path, case.files, {**case.config, "rules": {case.rule: bigger}})
    if key == "days":
        assert fired(vault, case.fires, case.rule) == []
        assert fired(vault, case.fires + dt.timedelta(days=1), case.rule) == [(case.rule, case.path, case.line)]
    else:  # a higher weekly goal makes the quiet day slow too
        assert fired(vault, case.quiet, case.rule) == [(case.rule, case.path, case.line)]


def test_unprepared_meeting_window_follows_days(tmp_path):
    case = BY_RULE["unprepared-meeting"]
    vault = load(tmp_path, case.files, {"rules": {"unprepared-meeting": {"days": 3}}})
    assert fired(vault, D(2026, 10, 30), "unprepared-meeting") == [(case.rule, case.path, case.line)]
    assert fired(vault, D(2026, 10, 29), "unprepared-meeting") == []


@pytest.mark.parametrize("case", [c for c in CASES if c.path != "infoview.yml"], ids=lambda c: c.rule)
def test_ignore_in_the_note_silences_the_rule(tmp_path, case):
    files = dict(case.files)
    files[case.path] = with_ignore(files[case.path], case.rule)
    vault = load(tmp_path, files, case.config)
    assert fired(vault, case.fires + dt.timedelta(days=10), case.rule) == []


def test_ignore_is_per_rule(tmp_path):
    case = BY_RULE["thank-you-overdue"]
    files = {**case.files, MEETING: with_ignore(case.files[MEETING], "no-referrals-asked")}
    vault = load(tmp_path, files)
    assert [f.rule for f in run_rules(vault, case.fires)] == ["thank-you-overdue"]


def test_an_unknown_rule_in_ignore_is_reported(tmp_path):
    case = BY_RULE["thank-you-overdue"]
    vault = load(tmp_path, {**case.files, MEETING: with_ignore(case.files[MEETING], "thank-you-overdu")})
    assert ("invalid-field", MEETING, 2) in rules_of(run_rules(vault, case.quiet))


# -- rules with no deadline ---------------------------------------------------


@pytest.mark.parametrize(
    ("status", "changed_by", "fires"),
    [
        ("cancelled", "me", True),
        ("rescheduled", "me", True),
        ("cancelled", None, True),
        ("rescheduled", "them", False),
        ("cancelled", "them", False),
        ("scheduled", None, False),
    ],
)
def test_cancelled_by_me(tmp_path, status, changed_by, fires):
    keys = {"changed_by": changed_by} if changed_by else {}
    text = meeting(**keys).replace("status: done", f"status: {status}")
    vault = load(tmp_path, {JANE: JANE_NOTE, MEETING: text})
    expected = [("cancelled-by-me", MEETING, 6 if changed_by else 5)] if fires else []
    assert fired(vault, D(2026, 11, 20), "cancelled-by-me") == expected


def test_cancelled_by_me_override_and_ignore(tmp_path):
    text = meeting(changed_by="me").replace("status: done", "status: cancelled")
    vault = load(tmp_path, {JANE: JANE_NOTE, MEETING: text}, {"rules": {"cancelled-by-me": {"severity": "error"}}})
    assert [f.severity for f in run_rules(vault, D(2026, 11, 20), select=["cancelled-by-me"])] == ["error"]
    vault = load(tmp_path, {JANE: JANE_NOTE, MEETING: with_ignore(text, "cancelled-by-me")})
    assert run_rules(vault, D(2026, 11, 20), ignore=["campaign-stalled"]) == []


CYCLE = {
    "contacts/ann.md": '---\nname: Ann\nreferred_by: "[[Bo]]"\n---\n',
    "contacts/bo.md": '---\nname: Bo\nreferred_by: "[[Cy]]"\n---\n',
    "contacts/cy.md": '---\nname: Cy\nreferred_by: "[[Ann]]"\n---\n',
    "contacts/dee.md": '---\nname: Dee\nreferred_by: "[[Ann]]"\n---\n',  # leads into the loop, not on it
    "contacts/eve.md": '---\nname: Eve\nreferred_by: "[[Eve]]"\n---\n',
}


def test_referral_cycle_reports_every_member_of_each_loop(tmp_path):
    vault = load(tmp_path, CYCLE)
    found = run_rules(vault, D(2026, 11, 20), select=["referral-cycle"])
    assert rules_of(found) == [
        ("referral-cycle", "contacts/ann.md", 3),
        ("referral-cycle", "contacts/bo.md", 3),
        ("referral-cycle", "contacts/cy.md", 3),
        ("referral-cycle", "contacts/eve.md", 3),
    ]
    assert found[0].message == "referred_by goes round in a loop: Ann ← Bo ← Cy ← Ann"
    assert all(f.severity == "error" for f in found)


def test_referral_cycle_override_and_ignore(tmp_path):
    files = {**CYCLE, "contacts/eve.md": with_ignore(CYCLE["contacts/eve.md"], "referral-cycle")}
    vault = load(tmp_path, files, {"rules": {"referral-cycle": {"severity": "warning"}}})
    found = run_rules(vault, D(2026, 11, 20), select=["referral-cycle"])
    assert [(f.path, f.severity) for f in found] == [
        (p, "warning") for p in ("contacts/ann.md", "contacts/bo.md", "contacts/cy.md")
    ]


def test_a_referral_tree_is_no_cycle(tmp_path):
    vault = load(tmp_path, {k: v for k, v in CYCLE.items() if k != "contacts/cy.md" and k != "contacts/eve.md"})
    assert fired(vault, D(2026, 11, 20), "referral-cycle") == []


# -- details of single rules -------------------------------------------------


def test_thank_you_deadline_skips_weekends_with_business_days(tmp_path):
    text = meeting(referrals_asked="true").replace("2026-11-02", "2026-11-06")  # a Friday
    vault = load(tmp_path, {JANE: JANE_NOTE, MEETING: text}, {"business_days": True})
    assert fired(vault, D(2026, 11, 10), "thank-you-overdue") == []  # due Tuesday
    (finding,) = run_rules(vault, D(2026, 11, 11), select=["thank-you-overdue"])
    assert finding.due == D(2026, 11, 10)
    calendar = load(tmp_path / "cal", {JANE: JANE_NOTE, MEETING: text})
    assert fired(calendar, D(2026, 11, 9), "thank-you-overdue") != []


def test_business_days_can_be_set_per_rule(tmp_path):
    text = meeting(referrals_asked="true").replace("2026-11-02", "2026-11-06")
    vault = load(tmp_path, {JANE: JANE_NOTE, MEETING: text}, {"rules": {"thank-you-overdue": {"business_days": True}}})
    assert fired(vault, D(2026, 11, 10), "thank-you-overdue") == []


def test_thank_you_finding_carries_the_due_date(tmp_path):
    case = BY_RULE["thank-you-overdue"]
    (finding,) = run_rules(load(tmp_path, case.files), case.fires, select=[case.rule])
    assert finding.due == D(2026, 11, 4)
    assert finding.format() == (
        f"{MEETING}:5: error thank-you-overdue: no thank-you logged for the meeting with Jane Doe on 2026-11-02 (due 2026-11-04)"
    )


def test_thank_you_points_at_the_key_when_it_is_there_but_empty(tmp_path):
    vault = load(tmp_path, {JANE: JANE_NOTE, MEETING: meeting(referrals_asked="true", thank_you_sent="")})
    assert fired(vault, D(2026, 11, 5), "thank-you-overdue") == [("thank-you-overdue", MEETING, 7)]


def test_referrer_thanked_once_covers_later_meetings(tmp_path):
    case = BY_RULE["referrer-thanks-overdue"]
    files = {
        **case.files,
        MEETING: meeting(thank_you_sent="2026-11-03", referrals_asked="true", referrer_thanked="2026-11-03"),
        "interviews/2026-11-20-jane-doe.md": meeting(thank_you_sent="2026-11-21", referrals_asked="true").replace(
            "2026-11-02", "2026-11-20"
        ),
    }
    assert fired(load(tmp_path, files), D(2026, 12, 1), "referrer-thanks-overdue") == []


def test_no_referrer_means_no_referrer_thanks(tmp_path):
    vault = load(tmp_path, {JANE: JANE_NOTE, MEETING: meeting(thank_you_sent="2026-11-03", referrals_asked="true")})
    assert fired(vault, D(2026, 12, 1), "referrer-thanks-overdue") == []


def test_no_referrals_asked_is_quiet_with_names_or_when_asked(tmp_path):
    with_names = meeting(referrals='["[[Jane Doe]]"]')
    asked = meeting(referrals_asked="true")
    for i, text in enumerate((with_names, asked)):
        vault = load(tmp_path / str(i), {JANE: JANE_NOTE, MEETING: text})
        assert fired(vault, D(2026, 11, 20), "no-referrals-asked") == []


def test_unprepared_meeting_is_quiet_once_prepared_and_after_the_day(tmp_path):
    case = BY_RULE["unprepared-meeting"]
    vault = load(tmp_path, case.files)
    assert fired(vault, D(2026, 11, 2), "unprepared-meeting") != []  # the day itself
    assert fired(vault, D(2026, 11, 3), "unprepared-meeting") == []  # past: no longer about preparing
    prepared = case.files[MEETING] + "## Questions\n\n- How did you start?\n\n## Research\n\nRead the firm's site.\n"
    vault = load(tmp_path / "p", {JANE: JANE_NOTE, MEETING: prepared})
    assert fired(vault, D(2026, 11, 1), "unprepared-meeting") == []


def test_unprepared_meeting_points_at_the_missing_key_when_present(tmp_path):
    text = meeting(questions="[]", research="Their site").replace("status: done", "status: scheduled")
    vault = load(tmp_path, {JANE: JANE_NOTE, MEETING: text})
    (finding,) = run_rules(vault, D(2026, 11, 1), select=["unprepared-meeting"])
    assert (finding.line, finding.due) == (6, D(2026, 11, 2))
    assert "no questions yet" in finding.message


def test_resume_not_offered_only_after_phone_meetings(tmp_path):
    case = BY_RULE["resume-not-offered"]
    video = case.files[MEETING].replace("medium: phone", "medium: video")
    assert fired(load(tmp_path, {JANE: JANE_NOTE, MEETING: video}), D(2026, 12, 1), "resume-not-offered") == []


def test_reply_overdue_is_quiet_once_answered(tmp_path):
    case = BY_RULE["reply-overdue"]
    answered = case.files[JANE].replace("note: Happy to talk", "note: Happy to talk\n    answered: 2026-11-03")
    assert fired(load(tmp_path, {JANE: answered}), D(2026, 12, 1), "reply-overdue") == []


def test_referral_not_contacted_for_a_contact_note_with_no_outreach(tmp_path):
    case = BY_RULE["referral-not-contacted"]
    files = {**case.files, "contacts/priya.md": "---\nname: Priya Natarajan\n---\n"}
    (finding,) = run_rules(load(tmp_path, files), case.fires, select=[case.rule])
    assert (finding.path, finding.line) == (MEETING, 9)
    assert "no outreach to Priya Natarajan" in finding.message
    contacted = {
        **files,
        "contacts/priya.md": "---\nname: Priya Natarajan\noutreach:\n  - {date: 2026-11-05, via: email}\n---\n",
    }
    assert fired(load(tmp_path / "c", contacted), case.fires, case.rule) == []
    dormant = {**files, "contacts/priya.md": "---\nname: Priya Natarajan\nstatus: dormant\n---\n"}
    assert fired(load(tmp_path / "d", dormant), case.fires, case.rule) == []


def test_referral_named_twice_is_reported_once_at_the_first_mention(tmp_path):
    case = BY_RULE["referral-not-contacted"]
    later = case.files[MEETING].replace("2026-11-02", "2026-11-09")
    files = {**case.files, "interviews/2026-11-09-jane-doe.md": later}
    assert fired(load(tmp_path, files), D(2026, 11, 30), case.rule) == [(case.rule, MEETING, 9)]


def test_landing_not_shared_is_quiet_until_landed_and_after_the_notice(tmp_path):
    case = BY_RULE["landing-not-shared"]
    assert fired(load(tmp_path, case.files), D(2026, 12, 30), case.rule) == []
    told = {**case.files, JANE: "---\nname: Jane Doe\nlanded_notice: 2026-11-03\n---\n"}
    assert fired(load(tmp_path / "t", told, case.config), D(2026, 12, 30), case.rule) == []


def test_landing_not_shared_includes_whoever_referred_someone_you_met(tmp_path):
    files = {
        JANE: '---\nname: Jane Doe\nreferred_by: "[[Ravi Shah]]"\n---\n',
        "contacts/ravi-shah.md": "---\nname: Ravi Shah\n---\n",
        "contacts/kim-lee.md": "---\nname: Kim Lee\n---\n",  # never met, referred nobody: not a helper
        MEETING: meeting(),
    }
    vault = load(tmp_path, files, {"landed": {"date": D(2026, 11, 10)}})
    paths = [p for _, p, _ in fired(vault, D(2026, 11, 30), "landing-not-shared")]
    assert paths == [JANE, "contacts/ravi-shah.md"]


def test_keep_in_touch_counts_outreach_future_meetings_and_respects_dormant(tmp_path):
    case = BY_RULE["keep-in-touch"]
    touched = {**case.files, JANE: "---\nname: Jane Doe\noutreach:\n  - {date: 2026-10-01, via: email}\n---\n"}
    assert fired(load(tmp_path / "a", touched), case.fires, case.rule) == []
    upcoming = {
        **case.files,
        "interviews/2026-12-01-jane-doe.md": meeting().replace("2026-11-02", "2026-12-01").replace("done", "scheduled"),
    }
    assert fired(load(tmp_path / "b", upcoming), case.fires, case.rule) == []
    dormant = {**case.files, JANE: "---\nname: Jane Doe\nstatus: dormant\n---\n"}
    assert fired(load(tmp_path / "c", dormant), case.fires, case.rule) == []


def test_campaign_stalled_is_quiet_when_landed_and_in_the_first_week(tmp_path):
    case = BY_RULE["campaign-stalled"]
    landed = load(tmp_path / "a", case.files, {"landed": {"date": D(2026, 11, 5)}})
    assert fired(landed, case.fires, case.rule) == []
    new = {JANE: "---\nname: Jane Doe\noutreach:\n  - {date: 2026-11-05, via: email}\n---\n"}
    assert fired(load(tmp_path / "b", new), D(2026, 11, 10), case.rule) == []  # 6 days in
    assert fired(load(tmp_path / "c", new), D(2026, 11, 11), case.rule) != []  # a full week
    assert fired(load(tmp_path / "d", {}), D(2026, 11, 11), case.rule) == []  # not started


def test_campaign_stalled_counts_meetings_but_not_cancelled_ones(tmp_path):
    case = BY_RULE["campaign-stalled"]
    done = {**case.files, MEETING: meeting().replace("2026-11-02", "2026-11-09")}
    assert fired(load(tmp_path / "a", done), case.fires, case.rule) == []
    cancelled = {
        **case.files,
        MEETING: meeting(changed_by="them").replace("2026-11-02", "2026-11-09").replace("done", "cancelled"),
    }
    assert fired(load(tmp_path / "b", cancelled), case.fires, case.rule) != []


# -- the pipeline -------------------------------------------------------------


def test_run_rules_includes_loader_findings_and_future_done_meetings(tmp_path):
    files = {JANE: JANE_NOTE, MEETING: meeting(thank_you_sent="2026-11-03", referrals_asked="true")}
    vault = load(tmp_path, files)
    # Marked done and thanked on days that have not come yet.
    assert rules_of(run_rules(vault, D(2026, 11, 1))) == [("inconsistent-dates", MEETING, 3), ("inconsistent-dates", MEETING, 6)]
    broken = load(tmp_path / "b", {**files, "contacts/x.md": '---\nreferred_by: "[[Nobody]]"\n---\n'})
    assert ("broken-link", "contacts/x.md", 2) in rules_of(run_rules(broken, D(2026, 11, 5)))


def test_config_severity_applies_to_loader_findings(tmp_path):
    files = {"contacts/x.md": '---\nreferred_by: "[[Nobody]]"\n---\n'}
    vault = load(tmp_path, files, {"rules": {"broken-link": {"severity": "warning"}}})
    assert [(f.rule, f.severity) for f in run_rules(vault, D(2026, 11, 5))] == [("broken-link", "warning")]
    vault = load(tmp_path / "off", files, {"rules": {"broken-link": "off"}})
    assert run_rules(vault, D(2026, 11, 5)) == []


def test_select_and_ignore(tmp_path):
    files = {JANE: JANE_NOTE, MEETING: meeting()}
    vault = load(tmp_path, files)
    day = D(2026, 11, 20)
    assert {f.rule for f in run_rules(vault, day)} == {"thank-you-overdue", "no-referrals-asked", "campaign-stalled"}
    assert {f.rule for f in run_rules(vault, day, select=["no-referrals-asked"])} == {"no-referrals-asked"}
    assert {f.rule for f in run_rules(vault, day, ignore=["no-referrals-asked", "campaign-stalled"])} == {
        "thank-you-overdue"
    }


@pytest.mark.parametrize("where", ["select", "ignore"])
def test_unknown_rule_names_are_refused(tmp_path, where):
    vault = load(tmp_path, {JANE: JANE_NOTE})
    with pytest.raises(UnknownRule, match="did you mean 'thank-you-overdue'"):
        run_rules(vault, D(2026, 11, 5), **{where: ["thank-you-overdu"]})


@pytest.mark.parametrize(
    ("rules", "error", "match"),
    [
        ({"thank-you-overdu": {"days": 3}}, UnknownRule, "unknown rule"),
        ({"thank-you-overdue": {"days": "three"}}, RuleConfigError, "whole number"),
        ({"thank-you-overdue": {"days": -1}}, RuleConfigError, "whole number"),
        ({"thank-you-overdue": {"dayz": 3}}, RuleConfigError, "unknown setting 'dayz'"),
        ({"thank-you-overdue": {"severity": "fatal"}}, RuleConfigError, "one of error, warning, info, off"),
        ({"broken-link": {"days": 3}}, RuleConfigError, "unknown setting"),
        ({"no-referrals-asked": {"business_days": True}}, RuleConfigError, "unknown setting"),
    ],
)
def test_bad_rule_settings_are_refused(tmp_path, rules, error, match):
    vault = load(tmp_path, {JANE: JANE_NOTE}, {"rules": rules})
    with pytest.raises(error, match=match):
        run_rules(vault, D(2026, 11, 5))


def test_settings_merge_defaults_business_days_and_config(tmp_path):
    vault = load(tmp_path, {}, {"business_days": True, "rules": {"thank-you-overdue": {"days": 3}}})
    settings = rule_settings(vault.config)
    assert settings["thank-you-overdue"] == {"severity": "error", "days": 3, "business_days": True}
    assert settings["campaign-stalled"] == {"severity": "warning", "per_week": 3}


@pytest.mark.parametrize(
    ("start", "n", "business", "expected"),
    [
        (D(2026, 11, 2), 2, False, D(2026, 11, 4)),
        (D(2026, 11, 6), 2, False, D(2026, 11, 8)),
        (D(2026, 11, 6), 2, True, D(2026, 11, 10)),  # Friday + 2 working days = Tuesday
        (D(2026, 11, 7), 1, True, D(2026, 11, 9)),  # from a Saturday
        (D(2026, 11, 9), -1, True, D(2026, 11, 6)),  # back from Monday
        (D(2026, 11, 7), 0, True, D(2026, 11, 7)),
    ],
)
def test_add_days(start, n, business, expected):
    assert add_days(start, n, business) == expected


@given(st.dates(D(2020, 1, 1), D(2030, 1, 1)), st.integers(0, 40))
def test_add_business_days_lands_on_a_weekday_and_never_before_calendar_days(start, n):
    end = add_days(start, n, True)
    assert end >= add_days(start, n, False)
    if n:
        assert end.weekday() < 5
        assert add_days(end, -n, True) <= start


def test_the_reference_covers_every_rule():
    text = rules_reference_markdown()
    for name, rule in RULES.items():
        assert f"\n## {name}\n" in text
        assert rule.why in text and rule.fix in text
    for name in LOADER_RULES:
        assert f"| `{name}` |" in text


# -- the example vault ----------------------------------------------------------

EXAMPLE_EXPECTED = [
    ("reply-overdue", "contacts/carmen-reyes.md", 19),
    ("keep-in-touch", "contacts/owen-pryce.md", 12),
    ("referral-not-contacted", "interviews/2026-09-15-beatriz-calloway.md", 17),
    ("resume-feedback-pending", "interviews/2026-10-06-walt-brennan.md", 12),
    ("cancelled-by-me", "interviews/2026-10-14-keiko-tanaka.md", 6),
    ("no-referrals-asked", "interviews/2026-10-28-hollis-grant.md", 5),
    ("referrer-thanks-overdue", "interviews/2026-11-13-ruth-kimani.md", 5),
    ("resume-not-offered", "interviews/2026-11-18-nadia-farouk.md", 5),
    ("thank-you-overdue", "interviews/2026-11-20-simone-adeyemi.md", 5),
    ("outcome-not-logged", "interviews/2026-11-23-yvonne-castillo.md", 5),
    ("unprepared-meeting", "interviews/2026-11-27-tomasz-wojcik.md", 5),
]


def test_the_example_vault_fires_each_rule_once_at_the_pinned_day():
    vault = load_vault(EXAMPLE_VAULT)
    assert rules_of(run_rules(vault, EXAMPLE_TODAY)) == EXAMPLE_EXPECTED


# -- properties -----------------------------------------------------------------

statuses = st.sampled_from(["requested", "scheduled", "done", "cancelled", "rescheduled"])
days_ = st.dates(D(2026, 8, 1), D(2027, 1, 31))
optional_day = st.none() | days_


@st.composite
def campaigns(draw) -> dict[str, str]:
    """A small random campaign: contacts (some referred, some with outreach) and meetings."""
    names = draw(
        st.lists(st.sampled_from(["Ann", "Bo", "Cy", "Dee", "Eve", "Flo"]), min_size=1, max_size=6, unique=True)
    )
    files: dict[str, str] = {}
    for name in names:
        lines = ["---", f"name: {name}"]
        if draw(st.booleans()):
            lines.append(f'referred_by: "[[{draw(st.sampled_from(names))}]]"')
        entries = draw(st.lists(st.tuples(days_, st.sampled_from(["in", "out"]), optional_day), max_size=3))
        if entries:
            lines.append("outreach:")
            for when, direction, answered in entries:
                lines.append(
                    f"  - {{date: {when}, via: email, direction: {direction}"
                    + (f", answered: {answered}}}" if answered else "}")
                )
        if draw(st.booleans()):
            lines.append(f"ignore: [{draw(st.sampled_from(sorted(RULES)))}]")
        files[f"contacts/{name.lower()}.md"] = "\n".join(lines + ["---", ""])
    for i in range(draw(st.integers(0, 6))):
        lines = [
            "---",
            f'contact: "[[{draw(st.sampled_from(names))}]]"',
            f"date: {draw(days_)}",
            f"status: {draw(statuses)}",
        ]
        lines.append(f"medium: {draw(st.sampled_from(['phone', 'video', 'in-person']))}")
        for key in ("thank_you_sent", "referrer_thanked", "resume_sent", "resume_feedback"):
            when = draw(optional_day)
            if when:
                lines.append(f"{key}: {when}")
        if draw(st.booleans()):
            lines.append(f'referrals: ["[[{draw(st.sampled_from(names + ["Zed Newname"]))}]]"]')
        files[f"interviews/{i}.md"] = "\n".join(lines + ["---", ""])
    if draw(st.booleans()):
        files["infoview.yml"] = f"landed: {{date: {draw(days_)}}}\nbusiness_days: {str(draw(st.booleans())).lower()}\n"
    return files


@given(campaigns(), days_)
def test_findings_are_sorted_and_stable_across_runs(files, today):
    with tempfile.TemporaryDirectory() as tmp:
        root = write_vault(Path(tmp), files)
        first = run_rules(load_vault(root), today)
        again = run_rules(load_vault(root), today)
    assert first == again
    assert first == sorted(first)
    assert all(isinstance(f, Finding) and f.line >= 1 for f in first)
    assert {f.path for f in first} <= set(files) | {"infoview.yml"}


@given(days_)
def test_example_vault_findings_are_sorted_and_stable_on_any_day(today):
    vault = load_vault(EXAMPLE_VAULT)
    first = run_rules(vault, today)
    assert first == sorted(first) == run_rules(vault, today)
