"""Smoke runs of the benchmark suite: the generator writes clean vaults, bench.py runs, lazy imports hold."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections import Counter
from pathlib import Path

from infoview import load_vault
from infoview.links import fold

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import bench
from generate import generate


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_generated_vault_loads_with_no_data_findings(tmp_path):
    stats = generate(tmp_path / "v", 50, seed=3)
    vault = load_vault(tmp_path / "v")
    assert vault.findings == []
    assert len(vault.contacts) == stats.contacts == 50
    assert len(vault.companies) == stats.companies >= 2
    assert len(vault.interviews) == stats.interviews
    assert len(vault.notes) == stats.notes


def test_generated_campaign_is_realistic(tmp_path):
    generate(tmp_path / "v", 400, seed=1)
    vault = load_vault(tmp_path / "v")
    assert vault.findings == []
    assert {iv.status for iv in vault.interviews} == {"requested", "scheduled", "done", "cancelled", "rescheduled"}
    assert {iv.medium for iv in vault.interviews} == {"in-person", "phone", "video"}
    # Referral trees: every referred_by resolves, branching 0-4, chains several levels deep.
    children = Counter()
    depth: dict[str, int] = {}
    for c in vault.contacts:
        parent = vault.referrer(c)
        assert (parent is None) == (c.referred_by is None)
        if parent is not None:
            children[parent.path] += 1
    assert max(children.values()) <= 4

    def level(c) -> int:
        if c.path not in depth:
            parent = vault.referrer(c)
            depth[c.path] = 1 if parent is None else level(parent) + 1
        return depth[c.path]

    assert 4 <= max(level(c) for c in vault.contacts) <= 8
    # Follow-ups after the meeting they follow; outreach logged; some private notes.
    done = [iv for iv in vault.interviews if iv.status == "done"]
    assert any(iv.thank_you_sent for iv in done) and any(iv.resume_feedback for iv in done)
    assert all(iv.thank_you_sent >= iv.date for iv in done if iv.thank_you_sent)
    assert sum(len(c.outreach) for c in vault.contacts) > len(vault.contacts)
    assert any(n.private for n in vault.notes)
    # Referrals name the people referred (or prospects with no note).
    named = {fold(link.target) for iv in vault.interviews for link in iv.referrals}
    referred = {fold(c.name) for c in vault.contacts if c.referred_by is not None}
    assert referred <= named


def test_generator_is_deterministic(tmp_path):
    generate(tmp_path / "a", 60, seed=7)
    generate(tmp_path / "b", 60, seed=7)
    generate(tmp_path / "c", 60, seed=8)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_generator_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "v").mkdir()
    (tmp_path / "v" / "mine.md").write_text("keep me", encoding="utf-8")
    try:
        generate(tmp_path / "v", 10)
    except FileExistsError:
        pass
    else:
        raise AssertionError("generate wrote into a folder holding someone's files")
    assert (tmp_path / "v" / "mine.md").read_text(encoding="utf-8") == "keep me"


def test_bench_quick_run_reports_ratios(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "bench.py"),
            "--quick",
            "--only",
            "check,graph",
            "--work",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "infoview check vs the floor" in proc.stdout
    assert "growth 20 -> 40" in proc.stdout
    row = next(line for line in proc.stdout.splitlines() if line.strip().startswith("40 "))
    assert "x" in row and "MiB" in row


def test_bench_quick_site_and_serve(tmp_path):
    """The site benchmark builds the plugin's site and its floor; serve edits a note under a real `mkdocs serve`."""
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench.py"), "--quick", "--only", "site,serve", "--work", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout[-3000:]
    floor = next(line for line in proc.stdout.splitlines() if line.startswith("floor "))
    after = next(line for line in proc.stdout.splitlines() if line.startswith("after "))
    assert floor.split()[1] == after.split()[1]  # as many pages as the plugin's site
    assert "HTML per page" in proc.stdout
    assert "after serve --dirty" in proc.stdout and "after serve " in proc.stdout
    assert "MISSING" not in proc.stdout  # every published person is still in the search index after the edits


def test_check_and_help_do_not_import_networkx_or_mkdocs(tmp_path):
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "ana.md").write_text(
        '---\nname: Ana Diaz\nreferred_by: "[[Bo Chen]]"\n---\n', encoding="utf-8"
    )
    assert bench.heavy_imports(["--help"]) == []
    assert bench.heavy_imports(["check", str(tmp_path), "--today", "2026-11-25"]) == []
    # The probe does see them when a command needs them, so the assertions above can fail.
    assert "networkx" in bench.heavy_imports(["--help"], extra="import networkx")


def test_the_levers_experiment_changes_no_finding(tmp_path):
    """``check_levers.py`` times what issue 15 ruled out; its figures mean something only if the findings agree."""
    generate(tmp_path / "v", 120, seed=2)
    (tmp_path / "v" / "contacts" / "odd.md").write_text(
        "---\nname: Odd\nphone: 0123\nlanded_notice: 2026-13-45\nprivate: false\nseen: [~, null, 1.5, 0x1F, True]\n---\n"
    )

    def check(levers: str) -> str:
        command = [sys.executable, str(REPO / "benchmarks" / "check_levers.py"), "check", str(tmp_path / "v")]
        env = {**bench.child_env(), "INFOVIEW_LEVERS": levers}
        proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
        assert proc.returncode in (0, 1), proc.stderr
        return proc.stdout

    plain = check("")
    assert "contacts/odd.md:4: error invalid-field" in plain and "odd.md:5" not in plain  # private: false is a flag
    assert check("gc,resolver") == plain
