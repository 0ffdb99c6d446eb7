"""What every command does with an implausible day and with a disk that will not take its output."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_VAULT

from infoview.cli import main

#: Every command that takes --today, with the arguments it needs besides.
TODAY_COMMANDS = [
    ["check"],
    ["agenda"],
    ["stats", "--no-bridges"],
    ["export", "ics"],
    ["site", "export", "{tmp}/out"],
    ["new", "contact", "Ann Lee"],
    ["new", "company", "Initech"],
    ["log", "landed-notice", "Andre Mills"],
]


@pytest.fixture
def vault(tmp_path) -> Path:
    """A copy of the example vault, so commands that write can."""
    return Path(shutil.copytree(EXAMPLE_VAULT, tmp_path / "vault"))


def run(args: list[str], vault: Path, env: dict | None = None):
    result = CliRunner().invoke(main, [*args, "--vault", str(vault)], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", TODAY_COMMANDS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"])
def test_an_implausible_today_is_a_usage_error(vault, tmp_path, command, day):
    before = files_under(vault)
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    for result in (run([*args, "--today", day], vault), run(args, vault, env={"INFOVIEW_TODAY": day})):
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("infoview: error: ") and len(result.stderr.splitlines()) == 1
        assert "1900-01-01 and 2999-12-31" in result.stderr
    assert files_under(vault) == before
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("day", ["1900-01-01", "2999-12-31"])
def test_the_first_and_last_plausible_days_are_accepted(vault, day):
    assert run(["check", "--today", day], vault).exit_code in (0, 1)
    assert run(["agenda", "--today", day], vault).exit_code == 0


def test_log_date_is_checked_the_same_way(vault):
    result = run(["log", "landed-notice", "Andre Mills", "--date", "0001-01-01"], vault)
    assert result.exit_code == 2 and "--date 0001-01-01 is not a plausible day" in result.stderr


# -- a disk that will not take the output -----------------------------------------------------------


def full_disk(monkeypatch, after: int = 0) -> None:
    """os.write fails with ENOSPC once ``after`` bytes are written (the disk fills up mid-file)."""
    real_write, left = os.write, [after]

    def write(fd, data):
        if left[0] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = real_write(fd, bytes(data[: left[0]]))
        left[0] -= n
        return n

    monkeypatch.setattr(os, "write", write)


@pytest.mark.parametrize(
    "command",
    [
        ["export", "vcard", "-o", "{out}"],
        ["export", "ics", "--today", "2026-11-25", "-o", "{out}"],
        ["graph", "--force", "-o", "{out}"],
    ],
    ids=["vcard", "ics", "graph"],
)
@pytest.mark.parametrize("after", [0, 5])
def test_a_full_disk_leaves_the_old_export_and_no_temporary_file(vault, tmp_path, monkeypatch, command, after):
    out = tmp_path / "exports" / "campaign.out"
    out.parent.mkdir()
    out.write_bytes(b"last week's export\n")
    args = [a.replace("{out}", str(out)) for a in command]
    full_disk(monkeypatch, after)
    result = run(args, vault)
    monkeypatch.undo()
    assert result.exit_code == 2
    assert result.stderr == f"infoview: error: cannot write {out.as_posix()}: No space left on device\n"
    assert files_under(out.parent) == {"campaign.out": b"last week's export\n"}


def test_a_full_disk_leaves_no_new_graph_file(vault, tmp_path, monkeypatch):
    full_disk(monkeypatch, 5)
    result = run(["graph", "-o", str(tmp_path / "g.json")], vault)
    monkeypatch.undo()
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["vault"]


def test_an_export_replacing_a_file_keeps_its_permissions_and_a_read_only_one_is_refused(vault, tmp_path):
    out = tmp_path / "contacts.vcf"
    out.write_bytes(b"old")
    os.chmod(out, 0o640)
    assert run(["export", "vcard", "-o", str(out)], vault).exit_code == 0
    assert out.read_bytes().startswith(b"BEGIN:VCARD") and stat.S_IMODE(out.stat().st_mode) == 0o640
    os.chmod(out, 0o444)
    before = out.read_bytes()
    refused = run(["export", "vcard", "-o", str(out)], vault)
    assert refused.exit_code == 2 and "read-only" in refused.stderr
    assert out.read_bytes() == before


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["export", "vcard"], ["graph"], ["export", "ics", "--today", "2026-11-25"]])
def test_a_full_standard_output_is_one_line_and_exit_2(command):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-c", "from infoview.cli import main; main()", *command, "--vault", str(EXAMPLE_VAULT)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert proc.returncode == 2
    assert proc.stderr == "infoview: error: cannot write to standard output: No space left on device\n"
