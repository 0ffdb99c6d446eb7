"""iCalendar export: meetings and follow-ups, re-parsed with icalendar and checked against RFC 5545."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
from click.testing import CliRunner
from conftest import EXAMPLE_TODAY, EXAMPLE_VAULT, write_vault
from hypothesis import given
from hypothesis import strategies as st

from infoview import load_vault
from infoview.cli import main
from infoview.interop.ics import event_uid, ics_feed

TODAY = dt.date(2026, 11, 25)

VAULT = {
    "infoview.yml": "owner: Sam Okafor\ntimezone: Europe/Paris\nsite:\n  title: Sam's campaign\n",
    "companies/brightpath-talent.md": "---\nname: Brightpath Talent\n---\n",
    "contacts/ana-ruiz.md": '---\nname: Ana Ruiz\ncompany: "[[Brightpath Talent]]"\nrole: Sourcer\nemail: ana@example.com\nphone: "+33 1 55 55 01 01"\n---\n',
    "contacts/ben-ode.md": "---\nname: Ben Ode\nprivate: true\n---\n",
    "contacts/cy-lam.md": "---\nname: Cy Lam\nemail: cy@example.com\n---\n",
    "interviews/2026-11-27-ana.md": '---\ncontact: "[[Ana Ruiz]]"\ndate: 2026-11-27 14:30\nmedium: video\nstatus: scheduled\n---\n',
    "interviews/2026-12-10-ana.md": '---\ncontact: "[[Ana Ruiz]]"\ndate: 2026-12-10\nstatus: requested\n---\n',
    "interviews/2026-12-05-ana.md": '---\ncontact: "[[Ana Ruiz]]"\ndate: 2026-12-05\nprivate: true\nstatus: scheduled\n---\nsecret second round\n',
    "interviews/2026-12-02-cy.md": '---\ncontact: "[[Cy Lam]]"\ndate: 2026-12-02\nmedium: phone\n---\n',
    "interviews/2026-11-10-cy.md": '---\ncontact: "[[Cy Lam]]"\ndate: 2026-11-10\nmedium: phone\nstatus: cancelled\nchanged_by: them\n---\n',
    "interviews/2026-11-20-cy.md": '---\ncontact: "[[Cy Lam]]"\ndate: 2026-11-20\nmedium: in-person\nstatus: done\nreferrals_asked: true\n---\n',
    "interviews/2026-11-29-ben.md": '---\ncontact: "[[Ben Ode]]"\ndate: 2026-11-29\nmedium: phone\n---\n',
}


def events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def check_rfc5545(data: bytes) -> icalendar.Calendar:
    """What RFC 5545 requires of the calendar and every event, and what subscribers rely on."""
    cal = icalendar.Calendar.from_ical(data)
    assert cal["version"] == "2.0" and cal["prodid"]
    uids = []
    for event in cal.walk("VEVENT"):
        for prop in ("uid", "dtstamp", "dtstart", "summary"):
            assert prop in event, (prop, event)
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert type(start) is type(end) and end > start
        uids.append(str(event["uid"]))
    assert len(uids) == len(set(uids)), "UIDs must be unique"
    assert cal.get_missing_tzids() == set(), "every TZID needs a VTIMEZONE"
    assert data.endswith(b"END:VCALENDAR\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    return cal


def test_meetings_and_follow_ups(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    data = ics_feed(load_vault(root), TODAY)
    cal = check_rfc5545(data)
    assert cal["x-wr-calname"] == "Sam's campaign"
    ev = events(data)
    video = ev["Video call with Ana Ruiz"]
    assert video.decoded("dtstart") == dt.datetime(2026, 11, 27, 14, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert video.decoded("dtend") == dt.datetime(2026, 11, 27, 15, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert video["dtstart"].params["TZID"] == "Europe/Paris"
    assert str(video["status"]) == "CONFIRMED"
    assert "Sourcer at Brightpath Talent" in str(video["description"])
    phone = ev["Phone call with Cy Lam"]
    assert phone.decoded("dtstart") == dt.date(2026, 12, 2)  # no time in the note: all day
    assert phone.decoded("dtend") == dt.date(2026, 12, 3)
    assert str(ev["Cancelled: Phone call with Cy Lam"]["status"]) == "CANCELLED"
    assert str(ev["Informational interview with Ana Ruiz (not confirmed yet)"]["status"]) == "TENTATIVE"
    # The thank-you for Cy was due on the 22nd: it sits on today, saying since when.
    thanks = [e for s, e in ev.items() if s.startswith("Overdue: Cy Lam:") and "thank" in s.lower()]
    assert len(thanks) == 1
    assert thanks[0].decoded("dtstart") == TODAY and "Due since 2026-11-22" in str(thanks[0]["description"])
    assert str(thanks[0]["transp"]) == "TRANSPARENT"
    assert "follow-up" in [str(c) for c in thanks[0]["categories"].cats]
    for e in cal.walk("VEVENT"):
        assert e.decoded("dtstamp") == dt.datetime(2026, 11, 25, tzinfo=dt.UTC)


def test_private_notes_and_contact_details_stay_out(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    data = ics_feed(load_vault(root), TODAY)
    text = icalendar.Calendar.from_ical(data).to_ical().decode()
    for secret in (
        "Ben Ode",
        "ben-ode",
        "2026-12-05",
        "20261205",
        "secret",
        "ana@example.com",
        "cy@example.com",
        "+33 1 55",
    ):
        assert secret not in text, secret


def test_site_hidden_fields_stay_out(tmp_path):
    config = "owner: Sam\ntimezone: Europe/Paris\nsite:\n  private_fields: [role, company]\n"
    root = write_vault(tmp_path / "vault", {**VAULT, "infoview.yml": config})
    video = events(ics_feed(load_vault(root), TODAY))["Video call with Ana Ruiz"]
    assert str(video["description"]).startswith("Informational interview with Ana Ruiz.")
    assert "Sourcer" not in str(video["description"]) and "Brightpath" not in str(video["description"])


def test_same_vault_and_day_give_the_same_bytes(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    assert ics_feed(load_vault(root), TODAY) == ics_feed(load_vault(root), TODAY)
    later = icalendar.Calendar.from_ical(ics_feed(load_vault(root), TODAY + dt.timedelta(days=1)))
    assert {e.decoded("dtstamp").date() for e in later.walk("VEVENT")} == {TODAY + dt.timedelta(days=1)}


def test_a_moved_meeting_keeps_its_uid(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    before = events(ics_feed(load_vault(root), TODAY))["Video call with Ana Ruiz"]
    note = root / "interviews/2026-11-27-ana.md"
    note.write_text(note.read_text().replace("2026-11-27 14:30", "2026-11-28 09:00"))
    after = events(ics_feed(load_vault(root), TODAY))["Video call with Ana Ruiz"]
    assert after["uid"] == before["uid"] == event_uid("interviews/2026-11-27-ana.md", "meeting")
    assert after.decoded("dtstart") == dt.datetime(2026, 11, 28, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


def test_follow_up_window(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)

    def follow_ups(days: int) -> list[tuple[dt.date, str]]:
        cal = icalendar.Calendar.from_ical(ics_feed(load_vault(root), TODAY, days=days))
        return [
            (e.decoded("dtstart"), str(e["summary"]))
            for e in cal.walk("VEVENT")
            if "follow-up" in [str(c) for c in e["categories"].cats]
        ]

    # Overdue and due today always; the coming days only within the window.
    assert follow_ups(0) == [(TODAY, "Overdue: Cy Lam: Send a thank-you note")]
    assert follow_ups(30)[1:] == [
        (dt.date(2026, 11, 27), "Ana Ruiz: Prepare questions and research for the meeting"),
        (dt.date(2026, 12, 2), "Cy Lam: Prepare questions and research for the meeting"),
    ]


def test_example_vault_feed():
    vault = load_vault(EXAMPLE_VAULT)
    data = ics_feed(vault, EXAMPLE_TODAY)
    cal = check_rfc5545(data)
    assert len(cal.walk("VEVENT")) >= len([iv for iv in vault.interviews if not iv.private]) // 2
    text = cal.to_ical().decode()
    for contact in vault.contacts:
        if contact.private:
            assert contact.name not in text
        for detail in (contact.email, contact.phone):
            if detail:
                assert detail not in text


def test_cli_export_ics(tmp_path):
    root = write_vault(tmp_path / "vault", VAULT)
    out = tmp_path / "campaign.ics"
    result = CliRunner().invoke(
        main, ["export", "ics", "--vault", str(root), "--today", "2026-11-25", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == ics_feed(load_vault(root), TODAY)
    env = CliRunner(env={"INFOVIEW_TODAY": "2026-11-25"}).invoke(main, ["export", "ics", "--vault", str(root)])
    assert env.stdout_bytes == out.read_bytes()
    bad = CliRunner().invoke(main, ["export", "ics", "--vault", str(root), "--today", "soon"])
    assert bad.exit_code == 2 and "--today must be a date" in bad.output


def test_cli_bad_rule_config_is_one_line(tmp_path):
    root = write_vault(tmp_path / "vault", {**VAULT, "infoview.yml": "owner: Sam\nrules:\n  no-such-rule: {days: 2}\n"})
    result = CliRunner().invoke(main, ["export", "ics", "--vault", str(root), "--today", "2026-11-25"])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "no-such-rule" in result.output


def test_feed_file_is_path_independent(tmp_path):
    """Paths in UIDs are vault-relative: the same vault elsewhere gives the same feed."""
    a = write_vault(tmp_path / "a", VAULT)
    b = write_vault(tmp_path / "elsewhere" / "b", VAULT)
    assert ics_feed(load_vault(a), TODAY) == ics_feed(load_vault(b), TODAY)
    assert Path(a).name != Path(b).name


NAMES = ["Alma Quist", "Bruno Vale", "Cleo Marsh", "Dev Anand", "Esme Roy", "Farid Noor"]
interviews = st.lists(
    st.tuples(
        st.integers(0, len(NAMES) - 1),
        st.dates(dt.date(2026, 9, 1), dt.date(2027, 1, 31)),
        st.one_of(
            st.none(),
            st.builds(dt.time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45])),
        ),
        st.sampled_from(["requested", "scheduled", "done", "cancelled", "rescheduled"]),
        st.sampled_from([None, "phone", "video", "in-person"]),
        st.booleans(),
    ),
    max_size=10,
)


@given(private=st.lists(st.booleans(), min_size=len(NAMES), max_size=len(NAMES)), meetings=interviews)
def test_any_vault_gives_a_valid_private_safe_deterministic_feed(private, meetings):
    files = {"infoview.yml": "owner: Sam\ntimezone: America/Chicago\n"}
    for name, hidden in zip(NAMES, private):
        files[f"contacts/{name.lower().replace(' ', '-')}.md"] = (
            f"---\nname: {name}\nprivate: {str(hidden).lower()}\n---\n"
        )
    for i, (who, day, time, status, medium, hidden) in enumerate(meetings):
        when = f"{day} {time:%H:%M}" if time else str(day)
        lines = [
            f'contact: "[[{NAMES[who]}]]"',
            f"date: {when}",
            f"status: {status}",
            f"private: {str(hidden).lower()}",
        ]
        if medium:
            lines.append(f"medium: {medium}")
        files[f"interviews/{i:02d}.md"] = "---\n" + "\n".join(lines) + "\n---\n"
    with tempfile.TemporaryDirectory() as tmp:
        vault = load_vault(write_vault(Path(tmp), files))
        data = ics_feed(vault, TODAY)
        assert data == ics_feed(load_vault(Path(tmp)), TODAY)
    cal = check_rfc5545(data)
    text = cal.to_ical().decode()
    for name, hidden in zip(NAMES, private):
        if hidden:
            assert name not in text
    shown = [m for m in meetings if not m[5] and not private[m[0]]]
    assert len([e for e in cal.walk("VEVENT") if "meeting" in [str(c) for c in e["categories"].cats]]) == len(shown)
