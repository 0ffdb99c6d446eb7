"""Issue 14, "fail closed": settings and files that could publish what they should not stop the build with a
clear message and no traceback; files that are not plain notes inside the vault are never read or published;
extreme sizes and dates never crash a command.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_vault
from test_site_build import mkdocs_build

from infoview.cli import main
from infoview.load import MAX_NOTE_BYTES

TODAY = "2026-11-25"
ANA = "---\nname: Ana Diaz\nrole: Recruiter\n---\nPublic words.\n"


def infoview(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real command in a process of its own (a hang is a failure, not a stuck test run)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("INFOVIEW_TODAY", None)
    command = [sys.executable, "-c", "import sys; from infoview.cli import main; sys.exit(main())", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, check=False)


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output + ("" if result.exception is None or isinstance(result.exception, SystemExit) else f"\nTraceback: {result.exception!r}")


# -- settings ------------------------------------------------------------------------------------

BAD_SETTINGS = {
    "private_fields holds a number": ("site:\n  private_fields: [email, 3]\n", "private_fields"),
    "private_fields is a mapping": ("site:\n  private_fields: {home_address: true}\n", "private_fields"),
    "YAML error": ("site:\n  private_fields: [home_address\n", "infoview.yml"),
    "a tab": ("site:\n\tprivate_fields: [home_address]\n", "infoview.yml"),
    "show_contact_details is text": ('site:\n  show_contact_details: "yes"\n', "show_contact_details"),
    "show_contact_details is yes": ("site:\n  show_contact_details: yes\n", "show_contact_details"),
    "an unknown site setting": ("site:\n  private_field: [home_address]\n", "private_field"),
    "a python tag": ("site: !!python/object/apply:os.system [echo]\n", "infoview.yml"),
    "site is a list": ("site: [title]\n", "site"),
    "an alias bomb": ("a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n", "infoview.yml"),
}


@pytest.mark.parametrize("text, word", list(BAD_SETTINGS.values()), ids=list(BAD_SETTINGS))
def test_a_bad_setting_stops_the_build_and_check_exits_2(tmp_path, text, word):
    files = {"infoview.yml": text, "contacts/ana.md": "---\nname: Ana Diaz\nemail: ana@example.com\n---\n"}
    proc, site = mkdocs_build(tmp_path, files, strict=False)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "infoview" in proc.stderr and word in proc.stderr, proc.stderr[-2000:]
    assert not (site / "people").exists()
    code, out = cli("check", "--vault", str(tmp_path / "vault"), "--today", TODAY)
    assert code == 2, out
    assert "Traceback" not in out and word in out


def test_infoview_yml_that_is_a_folder_stops_the_build(tmp_path):
    root = write_vault(tmp_path / "vault", {"contacts/ana.md": ANA})
    (root / "infoview.yml").mkdir()
    proc, site = mkdocs_build(tmp_path, root, strict=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "infoview.yml is not a file" in proc.stderr
    assert cli("check", "--vault", str(root), "--today", TODAY)[0] == 2


def test_infoview_yml_linked_from_outside_the_vault_stops_the_build(tmp_path):
    outside = tmp_path / "elsewhere.yml"
    outside.write_text("site:\n  show_contact_details: true\n", encoding="utf-8")
    root = write_vault(tmp_path / "vault", {"contacts/ana.md": "---\nname: Ana Diaz\nemail: ZqpMail@example.com\n---\n"})
    (root / "infoview.yml").symlink_to(outside)
    proc, site = mkdocs_build(tmp_path, root, strict=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "ZqpMail" not in "".join(p.read_text(errors="replace") for p in site.rglob("*.html")) if site.exists() else True


def test_a_bad_infoview_today_stops_the_build(tmp_path):
    write_vault(tmp_path / "vault", {"contacts/ana.md": ANA})
    proc, _ = mkdocs_build(tmp_path, tmp_path / "vault", strict=False)
    assert proc.returncode == 0, proc.stderr
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "INFOVIEW_TODAY": "0001-01-01"}
    bad = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(tmp_path / "project/mkdocs.yml"), "-d", str(tmp_path / "site2")], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and "INFOVIEW_TODAY" in bad.stderr


# -- files that are not notes of the vault ---------------------------------------------------------


def test_a_note_linked_from_outside_the_vault_is_never_read_or_published(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.md").write_text("---\nname: Zqp Outside\nrole: Zqp Role\n---\nroot:x:0:0:Zqp\n", encoding="utf-8")
    (outside / "notes").mkdir()
    (outside / "notes" / "b.md").write_text("---\nname: Zqp Folder\n---\n", encoding="utf-8")
    (outside / "photo.png").write_bytes(b"\x89PNG Zqp picture")
    root = write_vault(tmp_path / "vault", {"contacts/ana.md": ANA + "![[photo.png]] [[passwd]]\n"})
    (root / "contacts" / "x.md").symlink_to(outside / "passwd.md")
    (root / "contacts" / "linked").symlink_to(outside / "notes", target_is_directory=True)
    (root / "photo.png").symlink_to(outside / "photo.png")
    proc, site = mkdocs_build(tmp_path, root, strict=False)
    assert proc.returncode == 0, proc.stderr
    assert "skipped-file" in proc.stderr
    leaked = [p for p in site.rglob("*") if p.is_file() and b"zqp" in p.read_bytes().lower()]
    assert leaked == []
    code, out = cli("site", "export", str(tmp_path / "export"), "--vault", str(root), "--today", TODAY)
    assert code == 0, out
    assert [p for p in (tmp_path / "export").rglob("*") if p.is_file() and b"zqp" in p.read_bytes().lower()] == []
    code, out = cli("check", "--vault", str(root), "--today", TODAY)
    assert "contacts/x.md" in out and "symlink" in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_the_vault_hangs_nothing(tmp_path):
    root = write_vault(tmp_path / "vault", {"contacts/ana.md": ANA})
    os.mkfifo(root / "contacts" / "pipe.md")
    os.mkfifo(root / "infoview.yml")
    os.mkfifo(root / "photo.png")
    started = time.monotonic()
    done = infoview("check", "--vault", str(root), "--today", TODAY, timeout=30)
    assert done.returncode == 2, done.stdout + done.stderr  # the settings are not a file: a configuration error
    assert "Traceback" not in done.stderr
    os.unlink(root / "infoview.yml")
    done = infoview("check", "--vault", str(root), "--today", TODAY, timeout=30)
    assert done.returncode in (0, 1) and "pipe.md" in done.stdout, done.stdout + done.stderr
    proc, _ = mkdocs_build(tmp_path, root, strict=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert time.monotonic() - started < 60


def test_a_docs_dir_that_is_a_symlink_to_the_vault_is_refused(tmp_path):
    root = write_vault(tmp_path / "vault", {"contacts/ana.md": "---\nname: Ana Diaz\nemail: ZqpMail@example.com\n---\n"})
    project = tmp_path / "project"
    project.mkdir()
    (project / "docs").symlink_to(root, target_is_directory=True)
    proc, site = mkdocs_build(tmp_path, root, strict=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "raw notes would be published" in proc.stderr
    assert not site.exists() or not any(b"zqp" in p.read_bytes().lower() for p in site.rglob("*") if p.is_file())


def test_a_symlink_inside_docs_dir_reaching_the_vault_is_refused(tmp_path):
    root = write_vault(tmp_path / "vault", {"contacts/ana.md": ANA})
    proc, _ = mkdocs_build(tmp_path, root, strict=False, docs={"about.md": "# About\n"})
    assert proc.returncode == 0, proc.stderr
    (tmp_path / "project" / "docs" / "notes").symlink_to(root / "contacts", target_is_directory=True)
    proc, _ = mkdocs_build(tmp_path, root, strict=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr and "symlink" in proc.stderr


@pytest.mark.parametrize("where", ["vault/out", "vault", "."])
def test_site_export_into_the_vault_is_refused(tmp_path, where):
    root = write_vault(tmp_path / "vault", {"contacts/ana.md": ANA})
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    from infoview import load_vault
    from infoview.site import export

    with pytest.raises((ValueError, FileExistsError)):
        export(load_vault(root), __import__("datetime").date(2026, 11, 25), tmp_path / where)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


def test_site_export_into_the_vault_is_a_usage_error(tmp_path):
    root = write_vault(tmp_path / "vault", {"contacts/ana.md": ANA})
    done = infoview("site", "export", str(root / "out"), "--vault", str(root), "--today", TODAY)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-1500:]
    assert "inside" in done.stderr and not (root / "out").exists()


# -- sizes ---------------------------------------------------------------------------------------


def test_a_3_mb_note_is_read_up_to_the_cap_and_the_build_is_quick(tmp_path):
    line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit " * 3 + "\n"
    filler = line * (3 * 1024 * 1024 // len(line) + 10)
    text = "---\nname: Big Note\n---\nZquStart of the note.\n\n" + filler + "\nZqpAfterTheCap at the end.\n"
    assert len(text.encode()) > 3 * 1024 * 1024
    root = write_vault(tmp_path / "vault", {"contacts/big.md": text, "contacts/ana.md": ANA})
    started = time.monotonic()
    proc, site = mkdocs_build(tmp_path, root, strict=False)
    took = time.monotonic() - started
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert "truncated-note" in proc.stderr
    page = (site / "people/big/index.html").read_text(encoding="utf-8")
    assert "ZquStart" in page and "ZqpAfterTheCap" not in page
    assert len(page.encode()) < MAX_NOTE_BYTES * 2
    assert took < 60, f"the build took {took:.0f} s"


def test_a_long_tag_neither_crashes_the_build_nor_the_export(tmp_path):
    files = {
        "contacts/ana.md": "---\nname: Ana Diaz\ntags: [" + "a" * 300 + "]\n---\nBody #" + "b" * 300 + "\n",
    }
    proc, site = mkdocs_build(tmp_path, files, strict=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-800:]
    code, out = cli("site", "export", str(tmp_path / "export"), "--vault", str(tmp_path / "vault"), "--today", TODAY)
    assert code == 0 and "Traceback" not in out, out[-800:]


# -- dates ---------------------------------------------------------------------------------------

EXTREME = {
    "infoview.yml": "landed: {date: 9999-12-31}\nsite: {calendar_feed: true}\n",
    "contacts/ana.md": "---\nname: Ana Diaz\nlanded_notice: 9999-12-31\noutreach:\n  - {date: 9999-12-31, via: email, answered: 9999-12-31}\n  - {date: 0001-01-01, via: email}\n---\n",
    "interviews/2026-11-10-ana.md": '---\ncontact: "[[Ana Diaz]]"\ndate: 9999-12-31T23:59\nstatus: done\nthank_you_sent: 9999-12-31\nreferrer_thanked: 9999-12-31\nresume_sent: 9999-12-31\nresume_feedback: 9999-12-31\n---\n',
    "interviews/2026-11-11-ana.md": '---\ncontact: "[[Ana Diaz]]"\ndate: 2026-13-45\nstatus: scheduled\n---\n',
    "interviews/2026-11-12-ana.md": '---\ncontact: "[[Ana Diaz]]"\ndate: 9999-12-31\nstatus: scheduled\n---\n',
    "interviews/2026-11-13-ana.md": '---\ncontact: "[[Ana Diaz]]"\ndate: 0001-01-01\nstatus: done\nthank_you_sent: 0001-01-01\n---\n',
}


@pytest.mark.parametrize("today", ["2026-11-25", "1900-01-01", "2999-12-31"])
def test_extreme_dates_crash_no_command(tmp_path, today):
    root = write_vault(tmp_path / "vault", EXTREME)
    for args in (
        ["check"],
        ["check", "--format", "json"],
        ["agenda", "--days", "3660"],
        ["export", "ics", "--days", "3660"],
        ["stats", "--public"],
        ["site", "export", str(tmp_path / f"export-{today}")],
    ):
        code, out = cli(*args, "--vault", str(root), "--today", today)
        assert code in (0, 1) and "Traceback" not in out, (args, out[-1500:])
    code, out = cli("check", "--vault", str(root), "--today", today)
    assert "2026-13-45" in out  # the impossible date is reported, not guessed


def test_extreme_dates_build_the_site(tmp_path):
    proc, site = mkdocs_build(tmp_path, EXTREME, strict=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert (site / "calendar.ics").is_file() and (site / "meetings/index.html").is_file()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2026-13-45", "tomorrow"])
def test_an_implausible_today_is_a_usage_error(vault_dir, day):
    root = vault_dir(EXTREME)
    for args in (["check"], ["agenda"], ["export", "ics"], ["stats"], ["site", "export", str(root.parent / "out")]):
        code, out = cli(*args, "--vault", str(root), "--today", day)
        assert code == 2 and "Traceback" not in out and "--today" in out, (args, out)


# -- imports -------------------------------------------------------------------------------------


def test_a_vcard_marked_private_in_any_way_is_imported_private(tmp_path):
    import datetime as dt

    from infoview import load_vault
    from infoview.site import build_site

    root = write_vault(tmp_path / "vault", {"infoview.yml": "owner: Sam\n"})
    cards = [("Zqp One", "X-INFOVIEW-PRIVATE:on"), ("Zqp Two", "CLASS:PRIVATE"), ("Zqp Three", "CLASS:CONFIDENTIAL"), ("Zqp Four", "X-INFOVIEW-PRIVATE:maybe")]
    (tmp_path / "c.vcf").write_text("".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{n}\r\n{p}\r\nEND:VCARD\r\n" for n, p in cards), encoding="utf-8")
    code, out = cli("import", "vcard", str(tmp_path / "c.vcf"), "--vault", str(root))
    assert code == 0 and "4 new contacts" in out, out
    site = build_site(load_vault(root), dt.date(2026, 11, 25))
    assert [src for src, page in site.pages.items() if "zqp" in page.html.lower()] == []
