"""``mkdocs serve`` rebuilds: the plugin survives, re-parses only changed notes, watches the vault, writes nothing there."""

from __future__ import annotations

import os

import pytest

import infoview.load as loader

NOTES = {
    "contacts/ana.md": "---\nname: Ana Diaz\nrole: Recruiter\n---\nFirst version.\n",
    "contacts/bo.md": '---\nname: Bo Chen\nreferred_by: "[[Ana Diaz]]"\n---\n',
    "companies/acme.md": "---\nname: Acme\n---\n",
}


@pytest.fixture
def serve_config(tmp_path, vault_dir, monkeypatch):
    """Load mkdocs.yml the way `mkdocs serve` does on every rebuild; clean MkDocs' plugin cache afterwards."""
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    root = vault_dir(NOTES)
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        f"site_name: Serve test\ntheme: {{name: material, font: false}}\nplugins:\n  - infoview:\n      vault: {root.as_posix()!r}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("INFOVIEW_TODAY", "2026-11-25")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")

    def load():
        return load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))

    yield root, project, tmp_path / "site", load
    for _, option in MkDocsConfig._schema:
        if hasattr(option, "plugin_cache"):
            option.plugin_cache.clear()


def test_rebuild_reparses_only_the_edited_note(serve_config, monkeypatch):
    from mkdocs.commands.build import build

    root, project, site, load = serve_config
    read: list[str] = []
    real = loader.read_note

    def counting(file, rel, config, findings):
        read.append(rel)
        return real(file, rel, config, findings)

    monkeypatch.setattr(loader, "read_note", counting)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}

    config = load()
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    plugin = config.plugins["infoview"]
    assert sorted(read) == sorted(NOTES)
    assert str(root.resolve()) in config.watch

    # Edit one note, as any editor would; leave the others alone.
    note = root / "contacts" / "ana.md"
    note.write_text(NOTES["contacts/ana.md"].replace("First version.", "Second version, longer."), encoding="utf-8")
    stat = note.stat()
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    read.clear()
    config = load()
    assert config.plugins["infoview"] is plugin  # the plugin (and its cache) survived the rebuild
    bo = site / "people" / "bo" / "index.html"
    os.utime(bo, ns=(0, 0))
    build(config, dirty=True)  # `mkdocs serve --dirty`
    assert read == ["contacts/ana.md"]
    assert "Second version, longer." in (site / "people" / "ana" / "index.html").read_text(encoding="utf-8")
    assert plugin.built == ["people/ana.md"]  # only her page changed, so only her page is rendered again
    assert bo.stat().st_mtime_ns == 0

    # A deleted note leaves the cache; nothing was written into docs_dir or the vault.
    (root / "companies" / "acme.md").unlink()
    read.clear()
    build(load())
    assert read == [] and "companies/acme.md" not in plugin.parse_cache
    assert not (site / "companies" / "acme").exists()
    assert "companies/index.md" in plugin.built
    assert "acme" not in (site / "companies" / "index.html").read_text(encoding="utf-8").lower()
    assert list((project / "docs").iterdir()) == []
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert set(after) == set(before) - {root / "companies" / "acme.md"}
    assert all(after[p] == before[p] for p in after if p != note)
