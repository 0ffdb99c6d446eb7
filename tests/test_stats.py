"""Campaign numbers: funnel, weekly cadence, response rate, yield, connectors."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner
from conftest import EXAMPLE_TODAY, EXAMPLE_VAULT

from infoview import load_vault
from infoview.cli import main
from infoview.graph import build_graph, public_graph, referral_yield
from infoview.stats import WEEKS, campaign_stats

TODAY = dt.date(2026, 11, 25)  # a Wednesday: its week starts Monday 2026-11-23

FILES = {
    "contacts/ann.md": """
        ---
        name: Ann
        outreach:
          - {date: 2026-11-02, via: email}
          - {date: 2026-11-03, via: email, direction: in, answered: 2026-11-03}
        ---
    """,
    "contacts/bo.md": """
        ---
        name: Bo
        referred_by: "[[Ann]]"
        outreach:
          - {date: 2026-11-23, via: phone}
          - {date: 2026-11-30, via: email}
        ---
    """,
    "contacts/cy.md": """
        ---
        name: Cy
        outreach:
          - {date: 2026-08-03, via: letter}
        ---
    """,
    "contacts/di.md": "---\nname: Di\noutreach: [{date: 2026-11-20}]\n---\n",
    "contacts/flo.md": "---\nname: Flo\n---\n",
    "contacts/eve.md": """
        ---
        name: Eve
        private: true
        outreach: [{date: 2026-11-24}]
        ---
    """,
    "interviews/ann.md": '---\ncontact: "[[Ann]]"\ndate: 2026-11-10\nstatus: done\nreferrals: ["[[Bo]]", "[[Gus]]"]\n---\n',
    "interviews/cy.md": '---\ncontact: "[[Cy]]"\ndate: 2026-11-12\nstatus: done\n---\n',
    "interviews/bo.md": '---\ncontact: "[[Bo]]"\ndate: 2026-12-02\nstatus: scheduled\n---\n',
    "interviews/eve.md": '---\ncontact: "[[Eve]]"\ndate: 2026-11-24\nstatus: done\nprivate: true\nreferrals: ["[[Hal]]"]\n---\n',
}


def test_funnel_weeks_response_and_yield(make_vault):
    s = campaign_stats(make_vault(FILES), TODAY)
    assert s["today"] == "2026-11-25"
    # Ann, Bo, Cy, Di, Flo and the name Gus; Flo was never contacted; Ann and Cy met; only Ann gave names.
    assert s["funnel"] == [
        {"stage": "prospects", "count": 6},
        {"stage": "contacted", "count": 4},
        {"stage": "met", "count": 2},
        {"stage": "gave names", "count": 1},
    ]
    assert len(s["weeks"]) == WEEKS
    assert s["weeks"][0]["start"] == "2026-09-07" and s["weeks"][-1]["start"] == "2026-11-23"
    by_week = {w["start"]: (w["meetings"], w["outreach"], w["replies"]) for w in s["weeks"]}
    assert by_week["2026-11-02"] == (0, 1, 1)
    assert by_week["2026-11-09"] == (2, 0, 0)
    assert by_week["2026-11-16"] == (0, 1, 0)
    assert by_week["2026-11-23"] == (0, 1, 0)  # Bo's call; the email dated next week is not counted yet
    assert sum(w["outreach"] for w in s["weeks"]) == 3  # Cy's August letter is older than 12 weeks
    # Ann wrote back, Bo booked a meeting, Cy met you; Di has not answered yet.
    assert s["response_rate"] == {"reached_out": 4, "responded": 3, "rate": 0.75}
    assert s["referral_yield"] == {"meetings": 2, "names": 2, "yield": 1.0}
    assert s["top_connectors"] == [{"name": "Ann", "path": "contacts/ann.md", "names_given": 2, "reach": 2}]
    assert s["totals"] == {"contacts": 5, "companies": 0, "interviews": 3, "meetings": 2, "outreach": 4, "prospect_names": 1}


def test_private_notes_count_only_when_asked(make_vault):
    vault = make_vault(FILES)
    public = json.dumps(campaign_stats(vault, TODAY))
    assert "Eve" not in public and "Hal" not in public
    mine = campaign_stats(vault, TODAY, include_private=True)
    assert mine["funnel"][0]["count"] == 8  # Eve and the name Hal too
    assert mine["referral_yield"] == {"meetings": 3, "names": 3, "yield": 1.0}
    assert [c["name"] for c in mine["top_connectors"]] == ["Ann", "Eve"]


def test_numbers_agree_with_the_graph_on_the_example_vault():
    vault = load_vault(EXAMPLE_VAULT)
    mine = campaign_stats(vault, EXAMPLE_TODAY, include_private=True)
    y = referral_yield(build_graph(vault))
    assert (mine["referral_yield"]["meetings"], mine["referral_yield"]["names"]) == (y["meetings"], y["names"])
    public = campaign_stats(vault, EXAMPLE_TODAY)
    y = referral_yield(public_graph(build_graph(vault)))
    assert (public["referral_yield"]["meetings"], public["referral_yield"]["names"]) == (y["meetings"], y["names"])
    assert mine["top_connectors"][0]["name"] == "Beatriz Calloway"
    counts = [row["count"] for row in mine["funnel"]]
    assert counts == sorted(counts, reverse=True)


def test_stats_command_text_and_json(vault_dir):
    root = vault_dir(FILES)
    runner = CliRunner()
    text = runner.invoke(main, ["stats", "--vault", str(root), "--today", "2026-11-25"])
    assert text.exit_code == 0
    assert "Response rate: 80% (4 of 5 people you wrote to answered)" in text.output  # Eve counts locally
    assert "Referral yield: 1.00 names per meeting (3 names from 3 meetings)" in text.output
    assert "Bridges" in text.output
    data = json.loads(runner.invoke(main, ["stats", "--vault", str(root), "--today", "2026-11-25", "--format", "json", "--public"]).output)
    assert data["response_rate"]["reached_out"] == 4 and "Eve" not in json.dumps(data)
    bad = runner.invoke(main, ["stats", "--vault", str(root), "--today", "soon"])
    assert bad.exit_code == 2 and "--today must be a date" in bad.output


def test_a_referrer_without_a_note_is_named_as_written(make_vault):
    s = campaign_stats(make_vault({"contacts/a.md": '---\nname: Ann\nreferred_by: "[[Zoe Quill]]"\n---\n'}), TODAY)
    assert s["top_connectors"] == [{"name": "Zoe Quill", "path": None, "names_given": 1, "reach": 0}]
    assert s["funnel"][0] == {"stage": "prospects", "count": 1}  # Zoe referred Ann; nobody gave you her name
