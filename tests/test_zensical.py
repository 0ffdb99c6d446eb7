"""Zensical, Material's successor, builds the whole site from `infoview site export` and the project's own mkdocs.yml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_TODAY, EXAMPLE_VAULT, REPO
from click.testing import CliRunner

from infoview.cli import main


def zensical_build(tmp_path: Path) -> Path:
    """An `infoview init`-shaped project (docs/ holding only .gitkeep), exported into docs/, built by Zensical."""
    if shutil.which("zensical", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("zensical is not installed (pip install -e '.[test]')")
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / ".gitkeep").write_text("", encoding="utf-8")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(EXAMPLE_VAULT, project / "vault")
    result = CliRunner().invoke(main, ["site", "export", str(project / "docs"), "--vault", str(project / "vault"), "--today", EXAMPLE_TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert (project / "docs" / ".gitkeep").exists()  # what init made stays
    done = subprocess.run([str(Path(sys.executable).parent / "zensical"), "build", "-f", str(project / "mkdocs.yml")], cwd=project, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return project / "site"


def test_zensical_builds_every_page_with_its_css_and_js(tmp_path):
    site = zensical_build(tmp_path)
    for page in ("index.html", "people/keiko-tanaka/index.html", "meetings/index.html", "graph/index.html", "rules/index.html", "tags/index.html"):
        assert (site / page).is_file(), page
    person = (site / "people/keiko-tanaka/index.html").read_text(encoding="utf-8")
    assert "Client Delivery Lead" in person and "../../assets/infoview/infoview.css" in person
    assert 'id="follow-ups"' in person and "keiko.tanaka@example.com" not in person
    assert (site / "graph.json").is_file() and (site / "assets/infoview/vendor/force-graph.min.js").is_file()
    assert not any("lena-sorensen" in p.as_posix() for p in site.rglob("*"))  # private notes stay out
