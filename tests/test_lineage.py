"""A vault loaded again under ``mkdocs serve`` knows the vault it was made from and which notes differ."""

from __future__ import annotations

import datetime as dt
import gc
import os

from infoview import lineage, load_vault
from infoview.site import Memo, build_site

TODAY = dt.date(2026, 11, 25)

BEA = """---
type: contact
name: Bea Park
referred_by: "[[Ann Lee]]"
---
Met at the meetup.
"""
ANN = """---
type: contact
name: Ann Lee
---
"""


def _write(path, text: str, tick: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (1_700_000_000 + tick, 1_700_000_000 + tick))  # the parse cache keys on mtime


def _build(root, cache, memo):
    return build_site(load_vault(root, cache=cache), TODAY, memo=memo).context.world.basis


def test_a_frontmatter_edit_is_recorded_with_just_that_note(vault_dir):
    root = vault_dir({"contacts/bea.md": BEA, "contacts/ann.md": ANN})
    cache, memo = {}, Memo()
    first = _build(root, cache, memo)
    assert lineage.parent(first) is None  # the first build has nothing to come from

    _write(root / "contacts/bea.md", BEA.replace("name: Bea Park", "name: Bea Park\nrole: Sourcer"), 1)
    second = _build(root, cache, memo)
    found = lineage.parent(second)
    assert found is not None and found.old is first
    assert found.changed == {"contacts/bea.md"}
    # The promise: every other note is the very same object in both vaults.
    for note in second.notes:
        if note.path not in found.changed:
            assert first.get(note.path) is note


def test_added_and_removed_notes_are_changed_paths(vault_dir):
    root = vault_dir({"contacts/bea.md": BEA, "contacts/ann.md": ANN})
    cache, memo = {}, Memo()
    first = _build(root, cache, memo)
    (root / "contacts/ann.md").unlink()
    _write(root / "contacts/cy.md", "---\ntype: contact\nname: Cy Diaz\n---\n", 2)
    second = _build(root, cache, memo)
    found = lineage.parent(second)
    assert found is not None and found.old is first
    # Bea's status or referrer may read differently without Ann, so she may be changed too; Ann and Cy must be.
    assert {"contacts/ann.md", "contacts/cy.md"} <= found.changed
    assert found.changed == lineage.changed_paths(first, second)


def test_a_body_edit_keeps_the_same_bodiless_vault(vault_dir):
    root = vault_dir({"contacts/bea.md": BEA, "contacts/ann.md": ANN})
    cache, memo = {}, Memo()
    first = _build(root, cache, memo)
    _write(root / "contacts/bea.md", BEA + "Another line.\n", 3)
    assert _build(root, cache, memo) is first


def test_another_config_is_not_related(make_vault):
    plain = make_vault({"contacts/ann.md": ANN})
    other = make_vault({"contacts/ann.md": ANN, "infoview.yml": "owner: Sam Okafor\n"})
    assert lineage.record(other, plain) is None
    assert lineage.parent(other) is None


def test_the_old_vault_is_not_kept_alive(make_vault):
    old = make_vault({"contacts/ann.md": ANN})
    new = make_vault({"contacts/ann.md": ANN})
    assert lineage.record(new, old) is not None
    del old
    gc.collect()
    assert lineage.parent(new) is None


def test_a_vault_with_the_same_names_takes_over_the_links_already_looked_up(vault_dir):
    root = vault_dir({"contacts/bea.md": BEA, "contacts/ann.md": ANN})
    cache, memo = {}, Memo()
    first = _build(root, cache, memo)
    assert first.resolve("Ann Lee") is first.get("contacts/ann.md")
    _write(root / "contacts/bea.md", BEA.replace("name: Bea Park", "name: Bea Park\nrole: Sourcer"), 4)
    second = _build(root, cache, memo)
    assert lineage.parent(second).old is first
    assert ("Ann Lee", None) in second._resolved  # taken over, not looked up again
    assert second.resolve("Ann Lee") is second.get("contacts/ann.md")


def test_a_rename_starts_the_lookups_afresh(vault_dir):
    root = vault_dir({"contacts/bea.md": BEA, "contacts/ann.md": ANN})
    cache, memo = {}, Memo()
    first = _build(root, cache, memo)
    assert first.resolve("Ann Lee") is not None
    _write(root / "contacts/ann.md", ANN.replace("Ann Lee", "Ann Moss"), 5)
    second = _build(root, cache, memo)
    assert lineage.names_changed(first, second, lineage.parent(second).changed)
    assert second.resolve("Ann Lee") is None and second.resolve("Ann Moss") is second.get("contacts/ann.md")
