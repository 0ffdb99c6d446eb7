"""Dashboard charts: the numbers behind them, and the SVG/HTML they render to."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.charts import (
    dashboard_charts_html,
    funnel,
    referral_yield_by_month,
    weekly_activity,
    weekly_goal,
)
from infoview import load_vault
from infoview.stats import campaign_stats
from conftest import EXAMPLE_TODAY, EXAMPLE_VAULT, write_vault

TODAY = dt.date(2026, 11, 25)  # a Wednesday: this week started Monday 2026-11-23

CAMPAIGN = {
    "infoview.yml": """
        owner: Sam Okafor
        rules:
          campaign-stalled: {per_week: 4}
    """,
    "contacts/maria-lopez.md": """
        ---
        name: Maria Lopez
        company: "[[Acme]]"
        outreach:
          - {date: 2026-11-02, via: email}
          - {date: 2026-11-03, via: email, direction: in}
          - {date: 2026-11-23, via: phone}
          - {date: 2026-11-29, via: email}
        ---
    """,
    "contacts/jon-park.md": """
        ---
        name: Jon Park
        referred_by: "[[Maria Lopez]]"
        outreach:
          - {date: 2026-11-24, via: letter}
        ---
    """,
    "contacts/ada-stone.md": """
        ---
        name: Ada Stone
        ---
    """,
    "companies/acme.md": "---\nname: Acme\n---\n",
    "interviews/2026-11-05-maria.md": """
        ---
        contact: "[[Maria Lopez]]"
        date: 2026-11-05
        status: done
        referrals: ["[[Jon Park]]", "[[Lee Wong]]"]
        ---
    """,
    "interviews/2026-11-24-jon.md": """
        ---
        contact: "[[Jon Park]]"
        date: 2026-11-24
        status: done
        referrals_asked: true
        ---
    """,
    "interviews/2026-12-02-jon.md": """
        ---
        contact: "[[Jon Park]]"
        date: 2026-12-02
        status: scheduled
        ---
    """,
}


def test_weekly_activity_counts_outreach_sent_and_meetings_held_per_monday_week(make_vault):
    weeks = weekly_activity(make_vault(CAMPAIGN), TODAY)
    assert len(weeks) == 12
    assert weeks[-1].start == dt.date(2026, 11, 23)
    assert weeks[0].start == dt.date(2026, 9, 7)
    by_start = {w.start: (w.outreach, w.meetings) for w in weeks}
    # The reply received on Nov 3 is not outreach; the email planned for Nov 29 is in the future.
    assert by_start[dt.date(2026, 11, 2)] == (1, 1)
    assert by_start[dt.date(2026, 11, 23)] == (2, 1)
    assert sum(w.total for w in weeks) == 5


def vault_in(folder, files):
    """A second vault in the same test (make_vault always writes to one folder)."""
    return load_vault(write_vault(folder, files))


def test_weekly_goal_comes_from_the_campaign_stalled_rule(make_vault, tmp_path):
    assert weekly_goal(make_vault(CAMPAIGN)) == 4
    assert weekly_goal(vault_in(tmp_path / "plain", {"contacts/a.md": "---\nname: A\n---\n"})) == 3
    odd = vault_in(tmp_path / "odd", {"infoview.yml": "rules:\n  campaign-stalled: {per_week: lots}\n"})
    assert weekly_goal(odd) == 3


def test_funnel_counts_people_at_each_stage(make_vault):
    stages = {s.label: s.count for s in funnel(make_vault(CAMPAIGN), TODAY)}
    # Three contacts plus Lee Wong, a name given that has no note yet.
    assert stages == {"Prospects": 4, "Contacted": 2, "Met": 2, "Gave names": 1}


def test_referral_yield_runs_from_the_first_meeting(make_vault, tmp_path):
    months = referral_yield_by_month(make_vault(CAMPAIGN), TODAY)
    assert [(m.start, m.meetings, m.names) for m in months] == [(dt.date(2026, 11, 1), 2, 2)]
    assert months[0].running_yield == 1.0
    assert referral_yield_by_month(vault_in(tmp_path / "new", {"contacts/a.md": "---\nname: A\n---\n"}), TODAY) == []


def test_yield_over_time_ends_at_the_campaign_yield():
    vault = load_vault(EXAMPLE_VAULT)
    for day in (dt.date(2026, 9, 30), dt.date(2026, 10, 31), EXAMPLE_TODAY):
        last = referral_yield_by_month(vault, day)[-1]
        overall = campaign_stats(vault, day)["referral_yield"]
        assert (last.total_meetings, last.total_names) == (overall["meetings"], overall["names"])


def test_a_referral_with_no_meeting_listing_it_is_dated_by_the_referrers_first_meeting(make_vault):
    vault = make_vault(
        {
            "contacts/bea.md": "---\nname: Bea\n---\n",
            "contacts/dev.md": '---\nname: Dev\nreferred_by: "[[Bea]]"\n---\n',
            "interviews/2026-10-02-bea.md": '---\ncontact: "[[Bea]]"\ndate: 2026-10-02\nstatus: done\n---\n',
            "interviews/2026-11-12-bea.md": '---\ncontact: "[[Bea]]"\ndate: 2026-11-12\nstatus: done\n---\n',
        }
    )
    months = referral_yield_by_month(vault, TODAY)
    assert [(m.start.month, m.meetings, m.names) for m in months] == [(10, 1, 1), (11, 1, 0)]
    assert months[-1].running_yield == 0.5


def test_private_notes_never_count(make_vault, tmp_path):
    files = dict(CAMPAIGN)
    files["contacts/secret.md"] = """
        ---
        name: Secret Person
        private: true
        outreach:
          - {date: 2026-11-24, via: email}
        ---
    """
    files["interviews/2026-11-24-secret.md"] = """
        ---
        contact: "[[Secret Person]]"
        date: 2026-11-24
        status: done
        referrals: ["[[Hidden Name]]"]
        ---
    """
    vault = make_vault(files)
    plain = vault_in(tmp_path / "plain", CAMPAIGN)
    assert weekly_activity(vault, TODAY) == weekly_activity(plain, TODAY)
    assert funnel(vault, TODAY) == funnel(plain, TODAY)
    assert referral_yield_by_month(vault, TODAY) == referral_yield_by_month(plain, TODAY)
    html = dashboard_charts_html(vault, TODAY)
    assert "Secret" not in html and "Hidden" not in html


def test_html_is_one_wellformed_block_markdown_passes_through(make_vault):
    html = dashboard_charts_html(make_vault(CAMPAIGN), TODAY)
    assert html.startswith('<div class="iv-charts">') and html.endswith("</div>")
    # Python-Markdown ends a raw HTML block at a blank line.
    assert "\n\n" not in html
    root = ET.fromstring(html)  # well-formed: every tag closed, every value escaped
    svgs = root.findall(".//{http://www.w3.org/2000/svg}svg")
    assert len(svgs) == 3
    for svg in svgs:
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        ids = {el.get("id") for el in svg}
        assert {title_id, desc_id} <= ids
    assert len(root.findall(".//table")) == 3
    # The colours follow Material's palettes, light and slate, from the shipped stylesheet.
    css = (Path(__file__).resolve().parent.parent / "site_plugins" / "assets" / "infoview.css").read_text(encoding="utf-8")
    assert "var(--md-default-fg-color" in css and "data-md-color-scheme=slate" in css


def test_table_alternative_holds_the_same_numbers(make_vault):
    html = dashboard_charts_html(make_vault(CAMPAIGN), TODAY)
    root = ET.fromstring(html)
    weekly = root.findall(".//table")[0]
    rows = [[c.text for c in tr] for tr in weekly.find("tbody")]
    assert rows[-1] == ["2026-11-23 (this week)", "2", "1", "3", "no"]
    assert rows[-4] == ["2026-11-02", "1", "1", "2", "no"]


def test_user_text_never_reaches_the_charts_unescaped(make_vault):
    payload = '<script>alert("x")</script> & "q"'
    files = {
        "contacts/x.md": f"---\nname: '{payload}'\noutreach:\n  - {{date: 2026-11-24, via: email, note: '{payload}'}}\n---\n",
        "interviews/2026-11-24-x.md": f"---\ncontact: '[[{payload}]]'\ndate: 2026-11-24\nstatus: done\nreferrals: ['[[{payload} 2]]']\n---\n",
    }
    html = dashboard_charts_html(make_vault(files), TODAY)
    assert "<script" not in html and "alert" not in html
    ET.fromstring(html)


def test_empty_vault_still_renders(make_vault):
    html = dashboard_charts_html(make_vault({}), TODAY)
    ET.fromstring(html)
    assert "No meeting held and no name gained yet." in html


def test_example_vault_charts():
    vault = load_vault(EXAMPLE_VAULT)
    weeks = weekly_activity(vault, EXAMPLE_TODAY)
    assert sum(w.meetings for w in weeks) > 0 and sum(w.outreach for w in weeks) > 0
    stages = [s.count for s in funnel(vault, EXAMPLE_TODAY)]
    assert stages[0] >= len([c for c in vault.contacts if not c.private])
    ET.fromstring(dashboard_charts_html(vault, EXAMPLE_TODAY))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.dates(dt.date(2026, 6, 1), dt.date(2027, 1, 31)), st.sampled_from(["out", "in"])), max_size=25))
def test_weekly_outreach_adds_up_to_entries_sent_in_the_window(tmp_path_factory, entries):
    lines = "".join(f"  - {{date: {d.isoformat()}, via: email, direction: {way}}}\n" for d, way in entries)
    root = write_vault(tmp_path_factory.mktemp("v"), {"contacts/a.md": f"---\nname: A\noutreach:\n{lines}---\n" if entries else "---\nname: A\n---\n"})
    weeks = weekly_activity(load_vault(root), TODAY)
    first = weeks[0].start
    expected = sum(1 for d, way in entries if way == "out" and first <= d <= TODAY)
    assert sum(w.outreach for w in weeks) == expected
