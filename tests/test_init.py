"""``infoview init``: a new campaign that checks clean and builds strictly, never overwriting."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner

from infoview import load_vault
from infoview.ci import workflow_template
from infoview.cli import main
from infoview.scaffold import builtin_template

EXPECTED = {
    "README.md",
    ".gitignore",
    "mkdocs.yml",
    ".pre-commit-config.yaml",
    ".github/workflows/infoview-check.yml",
    "docs/.gitkeep",
    "vault/infoview.yml",
    "vault/contacts/.gitkeep",
    "vault/companies/.gitkeep",
    "vault/interviews/.gitkeep",
    "vault/templates/contact.md",
    "vault/templates/company.md",
    "vault/templates/interview.md",
}


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env={"INFOVIEW_TODAY": "2026-11-25", **(env or {})})


def files_under(root):
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_init_creates_a_ready_campaign(tmp_path):
    root = tmp_path / "campaign"
    result = invoke("init", str(root), "--owner", "Zoë O'Brien", "--timezone", "Europe/Dublin")
    assert result.exit_code == 0, result.output
    assert files_under(root) == EXPECTED
    assert "vault/templates/interview.md" in result.output and ".gitkeep" not in result.output
    vault = load_vault(root / "vault")
    assert vault.findings == []
    assert vault.config.owner == "Zoë O'Brien" and vault.config.timezone == "Europe/Dublin"
    assert (root / ".github/workflows/infoview-check.yml").read_text() == workflow_template()
    assert (root / "vault/templates/interview.md").read_text() == builtin_template("interview")
    mkdocs = yaml.safe_load((root / "mkdocs.yml").read_text())
    assert mkdocs["plugins"][1] == {"infoview": {"vault": "vault", "strict_rules": False}}
    assert mkdocs["theme"]["font"] is False
    hook = yaml.safe_load((root / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"][0]
    assert hook["entry"] == "infoview check vault" and hook["always_run"] is True
    assert "/site/" in (root / ".gitignore").read_text().splitlines()
    check = invoke("check", str(root / "vault"))
    assert check.exit_code == 0, check.output


def test_init_never_overwrites_and_writes_nothing_when_something_exists(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\n")
    result = invoke("init", str(tmp_path))
    assert result.exit_code == 2
    assert "mkdocs.yml" in result.stderr and "nothing was written" in result.stderr
    assert files_under(tmp_path) == {"mkdocs.yml"}
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: mine\n"


def test_init_in_the_current_folder_and_twice(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # an existing repository is fine: none of our files exist yet
    assert invoke("init").exit_code == 0
    assert files_under(tmp_path) == EXPECTED
    again = invoke("init")
    assert again.exit_code == 2 and "README.md" in again.stderr


@pytest.mark.parametrize(
    ("args", "message"), [(["--timezone", "Mars/Olympus"], "unknown timezone"), (["--owner", " "], "--owner is empty")]
)
def test_init_usage_errors(tmp_path, args, message):
    result = invoke("init", str(tmp_path / "c"), *args)
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "c").exists()


def test_init_then_new_and_log_then_check_and_a_strict_site_build(tmp_path):
    pytest.importorskip("site_plugins.plugin")
    root = tmp_path / "campaign"
    assert invoke("init", str(root), "--owner", "Sam Okafor").exit_code == 0
    vault = str(root / "vault")
    steps = [
        ("new", "company", "Acme Staffing", "--industry", "Staffing"),
        ("new", "contact", "Jane Doe", "--company", "Acme Staffing", "--role", "Recruiter", "--met-via", "HR meetup"),
        ("new", "contact", "José Núñez", "--company", "Acme Staffing", "--referred-by", "Jane Doe"),
        ("new", "interview", "Jane Doe", "--date", "2026-11-20", "--medium", "phone"),
        ("log", "met", "Jane Doe"),
        ("log", "thank-you", "Jane Doe", "--date", "2026-11-21"),
        ("log", "resume-sent", "Jane Doe", "--date", "2026-11-21"),
        ("log", "outreach", "José Núñez", "--via", "email", "--note", "Intro using Jane's name"),
    ]
    for step in steps:
        result = invoke(*step, "--vault", vault)
        assert result.exit_code == 0, (step, result.output)
    assert load_vault(root / "vault").findings == []
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    pages = {p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("index.html")}
    assert "people/jose-nunez/index.html" in pages
    assert "Acme Staffing" in (tmp_path / "site" / "people" / "jane-doe" / "index.html").read_text()
