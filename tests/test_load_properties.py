"""Properties of the loader: it never raises, and it finds every valid note."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from conftest import write_vault
from hypothesis import given
from hypothesis import strategies as st

from infoview import load_vault
from infoview.links import slugify

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpora" / "yaml-test-suite"

FRAGMENTS = [
    "---\n", "...\n", "name: ", "[[", "]]", "{{date}}", "&a ", "*a", "!!python/object:os.system ", "- ", ": ",
    "\t", "\r\n", "\ufeff", "%% x %%", "\"", "'", "#", "|\n", ">\n", "? ", "\x00", "date: 2026-13-45\n",
    "status: done\n", "contact: ", "referrals: [[X]]\n", "outreach:\n  - ", "yes", "20:03", "~", "{", "}", "[", "]",
]


def _check(vault, names):
    # Every file is accounted for: a note, or a finding naming it.
    paths = {n.path for n in vault.notes} | {f.path for f in vault.findings}
    assert paths >= set(names)
    for f in vault.findings:
        assert f.line >= 1 and f.message and f.severity in ("error", "warning", "info")
        assert f.format().startswith(f"{f.path}:{f.line}: {f.severity} {f.rule}: ")


@given(st.lists(st.binary(max_size=400), min_size=1, max_size=4))
def test_never_raises_on_arbitrary_bytes(tmp_path_factory, blobs):
    root = tmp_path_factory.mktemp("v")
    files = {f"contacts/n{i}.md": b for i, b in enumerate(blobs)}
    _check(load_vault(write_vault(root, files)), files)


@given(st.lists(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), max_size=30).map("".join), min_size=1, max_size=4))
def test_never_raises_on_yamlish_text(tmp_path_factory, texts):
    root = tmp_path_factory.mktemp("v")
    files = {f"{folder}/n{i}.md": ("---\n" + t).encode("utf-8", "surrogatepass") for i, t in enumerate(texts) for folder in ["interviews" if i % 2 else "contacts"]}
    _check(load_vault(write_vault(root, files)), files)


names = st.text(alphabet=string.ascii_letters + " éñü'-", min_size=1, max_size=20).map(str.strip).filter(lambda s: s and s[0] not in "-'")


@given(st.lists(names, min_size=1, max_size=8, unique_by=lambda s: slugify(s)))
def test_every_valid_note_is_found(tmp_path_factory, people):
    root = tmp_path_factory.mktemp("v")
    files = {}
    for i, name in enumerate(people):
        referrer = f'referred_by: {json.dumps("[[" + people[i - 1] + "]]")}\n' if i else ""
        files[f"contacts/{slugify(name)}.md"] = f"---\nname: {json.dumps(name)}\n{referrer}---\nNotes on {name}.\n"
        files[f"interviews/{i}.md"] = f'---\ncontact: {json.dumps("[[" + name + "]]")}\ndate: 2026-11-{i + 1:02d}\nstatus: done\n---\n'
    vault = load_vault(write_vault(root, files))
    assert [f for f in vault.findings if f.rule != "duplicate-contact"] == []
    assert sorted(c.name for c in vault.contacts) == sorted(people)
    assert len(vault.interviews) == len(people)
    for iv in vault.interviews:
        assert vault.contact(iv.contact) is not None


#: Invalid per the spec, but libyaml accepts them (its own leniency, not ours).
LIBYAML_LENIENT = {"DK95-01", "S98Z", "SU5Z", "X4QW"}


def _cases():
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"yaml-test-suite corpus not found at {CORPUS}"))]
    manifest = json.loads((CORPUS / "manifest.json").read_text())
    return [pytest.param(case, id=case["id"]) for case in manifest]


@pytest.mark.parametrize("case", _cases())
def test_yaml_test_suite_case_as_frontmatter(tmp_path, case):
    raw = (CORPUS / "cases" / f"{case['id']}.yaml").read_bytes()
    files = {"contacts/case.md": b"---\n" + raw + (b"" if raw.endswith(b"\n") else b"\n") + b"---\nbody\n", "contacts/other.md": b"---\nname: Other\n---\n"}
    vault = load_vault(write_vault(tmp_path, files))
    _check(vault, files)
    assert vault.get("contacts/other.md").name == "Other"
    cut_short = any(line.rstrip() in (b"---", b"...") for line in raw.splitlines())
    if case["error"] and not cut_short and case["id"] not in LIBYAML_LENIENT:
        # A conforming parser rejects it, so there must be a finding naming the file.
        assert any(f.path == "contacts/case.md" and f.severity == "error" for f in vault.findings)
