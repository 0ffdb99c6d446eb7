"""Edits that keep every byte: set_key, set_nested, append_list_item, write_new, unique_path, render_note."""

from __future__ import annotations

import datetime as dt
import errno
import multiprocessing
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoview import load_vault
from infoview.edit import (
    ConcurrentEdit,
    EditError,
    OutsideVault,
    append_list_item,
    render_note,
    set_in_text,
    set_key,
    set_nested,
    unique_path,
    write_new,
    yaml_scalar,
)
from infoview.parse import parse_yaml, read_text, split_note

DAY = dt.date(2026, 11, 25)


def frontmatter_of(raw: bytes) -> dict:
    text, _ = read_text(raw)
    parts = split_note(text)
    res = parse_yaml(parts.frontmatter, parts.fm_first_line)
    assert not [p for p in res.problems if p.severity == "error"], res.problems
    return res.data or {}


def body_of(raw: bytes) -> str:
    text, _ = read_text(raw)
    return split_note(text).body


def note(tmp_path: Path, raw: bytes | str, name: str = "n.md") -> Path:
    path = tmp_path / name
    path.write_bytes(raw.encode("utf-8") if isinstance(raw, str) else raw)
    return path


# -- set_key ----------------------------------------------------------------------------------


def test_set_key_adds_one_line_at_the_end_of_the_frontmatter(tmp_path):
    before = "---\nname: Jane Doe   # as on her card\ncompany: \"[[Acme]]\"\n# a comment\nrole: 'HR partner'\n---\n# Jane\n\nBody [[Acme]].\n"
    path = note(tmp_path, before)
    assert set_key(path, "thank_you_sent", DAY) is True
    after = path.read_text()
    assert after == before.replace("---\n# Jane", "thank_you_sent: 2026-11-25\n---\n# Jane")


def test_set_key_changes_only_that_keys_value_and_keeps_its_comment(tmp_path):
    path = note(tmp_path, "---\nstatus: scheduled  # moved once\ndate: 2026-11-20\n---\n")
    assert set_key(path, "status", "done")
    assert path.read_text() == "---\nstatus: done  # moved once\ndate: 2026-11-20\n---\n"


def test_empty_value_is_filled_in_place(tmp_path):
    path = note(tmp_path, "---\nthank_you_sent:    # fill in later\nx: 1\n---\n")
    set_key(path, "thank_you_sent", DAY)
    assert path.read_text() == "---\nthank_you_sent: 2026-11-25    # fill in later\nx: 1\n---\n"


def test_setting_the_same_value_changes_nothing(tmp_path):
    path = note(tmp_path, "---\nthank_you_sent: 2026-11-25\n---\n")
    mtime = path.stat().st_mtime_ns
    assert set_key(path, "thank_you_sent", DAY) is False
    assert path.stat().st_mtime_ns == mtime


def test_a_date_is_not_the_same_as_the_text_of_a_date(tmp_path):
    path = note(tmp_path, '---\nthank_you_sent: "2026-11-25"\n---\n')
    assert set_key(path, "thank_you_sent", DAY) is True
    assert path.read_text() == "---\nthank_you_sent: 2026-11-25\n---\n"


def test_crlf_bom_and_missing_final_newline_survive(tmp_path):
    before = "\ufeff---\r\nname: Ana\r\n---\r\nLine one\r\nno final newline"
    path = note(tmp_path, before)
    set_key(path, "landed_notice", DAY)
    assert (
        path.read_bytes()
        == ("\ufeff---\r\nname: Ana\r\nlanded_notice: 2026-11-25\r\n---\r\nLine one\r\nno final newline").encode()
    )


def test_flow_frontmatter_gets_the_key_inside_the_braces(tmp_path):
    path = note(tmp_path, '---\n{contact: "[[Jane]]", date: 2026-11-20, status: done}\n---\nbody\n')
    set_key(path, "thank_you_sent", DAY)
    assert (
        path.read_text()
        == '---\n{contact: "[[Jane]]", date: 2026-11-20, status: done, thank_you_sent: 2026-11-25}\n---\nbody\n'
    )
    set_key(path, "status", "cancelled")
    assert "status: cancelled, thank_you_sent" in path.read_text()


def test_note_without_frontmatter_gets_one(tmp_path):
    path = note(tmp_path, "Just a body.\n")
    set_key(path, "tags", ["a"])
    assert path.read_text() == "---\ntags: [a]\n---\nJust a body.\n"


def test_links_are_quoted_and_text_that_would_change_type_too(tmp_path):
    path = note(tmp_path, "---\nname: X\n---\n")
    set_key(path, "referred_by", "[[Jane Doe]]")
    set_key(path, "role", "yes")
    set_key(path, "note", "2026-11-25")
    set_key(path, "plain", "Recruiting coordinator")
    text = path.read_text()
    assert 'referred_by: "[[Jane Doe]]"\n' in text
    assert 'role: "yes"\n' in text  # YAML 1.1 readers would see a boolean
    assert 'note: "2026-11-25"\n' in text
    assert "plain: Recruiting coordinator\n" in text
    assert frontmatter_of(path.read_bytes())["referred_by"] == "[[Jane Doe]]"


def test_multiline_values_are_refused_not_mangled(tmp_path):
    before = "---\nresearch:\n  - read their blog\n---\n"
    path = note(tmp_path, before)
    with pytest.raises(EditError, match="spans several lines"):
        set_key(path, "research", "done")
    assert path.read_text() == before


def test_broken_frontmatter_is_refused(tmp_path):
    before = "---\nname: [unclosed\n---\n"
    path = note(tmp_path, before)
    with pytest.raises(EditError, match="fix the frontmatter by hand"):
        set_key(path, "x", 1)
    assert path.read_text() == before


def test_duplicate_key_is_refused(tmp_path):
    path = note(tmp_path, "---\nstatus: done\nstatus: scheduled\n---\n")
    with pytest.raises(EditError, match="more than once"):
        set_key(path, "status", "cancelled")


def test_concurrent_change_stops_the_edit(tmp_path):
    path = note(tmp_path, "---\nname: X\n---\n")
    seen = path.read_bytes()
    path.write_text("---\nname: X\nrole: changed by the editor\n---\n")
    with pytest.raises(ConcurrentEdit):
        set_key(path, "status", "done", expect=seen)
    assert "status" not in path.read_text()


def test_permissions_are_kept(tmp_path):
    path = note(tmp_path, "---\nname: X\n---\n")
    os.chmod(path, 0o640)
    set_key(path, "status", "met")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["n.md"]  # no temporary file left


def test_nested_key_in_block_and_flow_items(tmp_path):
    path = note(
        tmp_path,
        "---\noutreach:\n  - date: 2026-11-01\n    via: phone\n    direction: in\n  - {date: 2026-11-02, direction: in}\n---\n",
    )
    assert set_nested(path, ("outreach", 0, "answered"), DAY).line == 6
    set_nested(path, ("outreach", 1, "answered"), DAY)
    assert path.read_text() == (
        "---\noutreach:\n  - date: 2026-11-01\n    via: phone\n    direction: in\n    answered: 2026-11-25\n"
        "  - {date: 2026-11-02, direction: in, answered: 2026-11-25}\n---\n"
    )


def test_set_in_text_works_on_unsaved_text():
    assert set_in_text("---\na: 1\n---\n", "b", "two words") == "---\na: 1\nb: two words\n---\n"


# -- append_list_item ------------------------------------------------------------------------------

ENTRY = {"date": DAY, "via": "email", "direction": None, "note": "Asked for 20 minutes: about RPO"}


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # block mapping items keep their indentation, after the last item and before a trailing comment
            "---\nname: X\noutreach:\n    - date: 2026-10-01\n      via: letter\n    # more soon\nrole: Y\n---\n",
            (
                "---\nname: X\noutreach:\n    - date: 2026-10-01\n      via: letter\n"
                '    - date: 2026-11-25\n      via: email\n      note: "Asked for 20 minutes: about RPO"\n    # more soon\nrole: Y\n---\n'
            ),
        ),
        (  # one-line items stay one-line
            "---\noutreach:\n- {date: 2026-10-01, via: letter}\n---\n",
            '---\noutreach:\n- {date: 2026-10-01, via: letter}\n- {date: 2026-11-25, via: email, note: "Asked for 20 minutes: about RPO"}\n---\n',
        ),
        (  # a flow list gets the item before its bracket
            "---\noutreach: [{date: 2026-10-01}]\n---\n",
            '---\noutreach: [{date: 2026-10-01}, {date: 2026-11-25, via: email, note: "Asked for 20 minutes: about RPO"}]\n---\n',
        ),
        (  # no outreach yet: a list at the end of the frontmatter
            "---\nname: X\n---\nbody",
            '---\nname: X\noutreach:\n  - date: 2026-11-25\n    via: email\n    note: "Asked for 20 minutes: about RPO"\n---\nbody',
        ),
        (  # an empty key gets its first item
            "---\noutreach:\nname: X\n---\n",
            '---\noutreach:\n  - date: 2026-11-25\n    via: email\n    note: "Asked for 20 minutes: about RPO"\nname: X\n---\n',
        ),
        (  # CRLF stays CRLF
            "---\r\noutreach:\r\n  - date: 2026-10-01\r\n---\r\n",
            '---\r\noutreach:\r\n  - date: 2026-10-01\r\n  - date: 2026-11-25\r\n    via: email\r\n    note: "Asked for 20 minutes: about RPO"\r\n---\r\n',
        ),
    ],
)
def test_append_keeps_the_lists_style(tmp_path, before, after):
    path = note(tmp_path, before)
    append_list_item(path, "outreach", ENTRY)
    assert path.read_bytes().decode() == after


def test_append_to_something_that_is_not_a_list_is_refused(tmp_path):
    path = note(tmp_path, "---\noutreach: sent a letter\n---\n")
    with pytest.raises(EditError, match="not a list"):
        append_list_item(path, "outreach", ENTRY)


# -- new files ------------------------------------------------------------------------------------------


def test_write_new_never_overwrites_and_creates_folders(tmp_path):
    path = tmp_path / "contacts" / "jane.md"
    write_new(path, "---\nname: Jane\n---\n")
    assert path.read_text() == "---\nname: Jane\n---\n"
    with pytest.raises(FileExistsError):
        write_new(path, "other")
    assert path.read_text() == "---\nname: Jane\n---\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["jane.md"]


def test_unique_path_slugs_unicode_and_numbers_collisions(tmp_path):
    assert unique_path(tmp_path, "José Núñez").name == "jose-nunez.md"
    (tmp_path / "jose-nunez.md").write_text("x")
    assert unique_path(tmp_path, "Jose Nunez").name == "jose-nunez-2.md"
    (tmp_path / "jose-nunez-2.md").write_text("x")
    assert unique_path(tmp_path, "JOSÉ núñez").name == "jose-nunez-3.md"
    assert unique_path(tmp_path, "李小龙").name == "note.md"


def test_render_note_is_read_back_by_the_loader(tmp_path):
    text = render_note(
        {
            "name": "Zoë O'Brien",
            "company": "[[Acme: The Firm]]",
            "role": None,
            "referred_by": "[[Jane Doe]]",
            "tags": ["rpo", "yes"],
            "outreach": [{"date": DAY, "via": "email", "note": "Intro # using Jane's name"}],
        },
        "# Zoë\n",
    )
    assert "role" not in text
    path = tmp_path / "vault" / "contacts" / "zoe.md"
    write_new(path, text)
    vault = load_vault(tmp_path / "vault")
    (contact,) = vault.contacts
    assert contact.name == "Zoë O'Brien"
    assert contact.company.target == "Acme: The Firm"
    assert contact.tags == ("rpo", "yes")
    assert contact.outreach[0].note == "Intro # using Jane's name"
    assert contact.body == "# Zoë\n"


@given(
    st.one_of(
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
        st.integers(),
        st.booleans(),
        st.dates(),
        st.datetimes(),
        st.floats(allow_nan=False),
    )
)
def test_yaml_scalar_round_trips(value):
    assert "\n" not in yaml_scalar(value)
    res = parse_yaml(f"k: {yaml_scalar(value)}\n", 1)
    assert not res.problems
    got = res.data["k"]
    assert type(got) is type(value) and got == value


# -- the property: one line changes, the data gains exactly the new key ----------------------------------

_KEYS = st.from_regex(r"k_[a-z0-9_]{1,8}", fullmatch=True)
_TEXT = st.text(
    st.characters(categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="\x85\u2028\u2029"),
    max_size=20,
)
_VALUES = st.one_of(
    _TEXT, st.integers(-(10**6), 10**6), st.booleans(), st.dates(), _TEXT.map(lambda s: f"[[{s.strip() or 'x'}]]")
)


@st.composite
def written(draw, value):
    """A value as a user might write it: plain, single- or double-quoted, with a trailing comment."""
    if isinstance(value, str):
        style = draw(st.sampled_from(["auto", "single", "double"]))
        if style == "single":
            text = "'" + value.replace("'", "''") + "'"
        else:
            text = (
                yaml_scalar(value) if style == "auto" else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
            )
    else:
        text = yaml_scalar(value)
    if draw(st.booleans()):
        text += "  # " + draw(_TEXT).replace("\n", " ")
    return text


@st.composite
def notes(draw):
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    keys = draw(st.lists(_KEYS, max_size=6, unique=True))
    values = [draw(_VALUES) for _ in keys]
    flow = bool(keys) and draw(st.booleans())
    if flow:
        fm = ["{" + ", ".join(f"{k}: {yaml_scalar(v)}" for k, v in zip(keys, values)) + "}"]
    else:
        fm = []
        for k, v in zip(keys, values):
            if draw(st.booleans()):
                fm.append("# " + draw(_TEXT))
            fm.append(f"{k}: {draw(written(v))}")
        if draw(st.booleans()):
            fm.append("k_list:")
            fm.extend(f"  - {yaml_scalar(v)}" for v in draw(st.lists(_VALUES, min_size=1, max_size=3)))
        if draw(st.booleans()):
            fm.append("# trailing comment")
    body_lines = draw(st.lists(_TEXT, max_size=4))
    text = nl.join(["---", *fm, "---", *body_lines])
    if draw(st.booleans()):
        text += nl
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


@given(notes(), _KEYS, _VALUES)
def test_an_edit_changes_one_line_and_keeps_everything_else(tmp_path_factory, text, key, value):
    path = tmp_path_factory.mktemp("prop") / "note.md"
    raw = text.encode("utf-8")
    path.write_bytes(raw)
    old = frontmatter_of(raw)
    if key == "k_list":
        return
    changed = set_key(path, key, value)
    new_raw = path.read_bytes()
    assert new_raw.startswith(b"\xef\xbb\xbf") == raw.startswith(b"\xef\xbb\xbf")
    assert body_of(new_raw) == body_of(raw)
    assert frontmatter_of(new_raw) == {**old, key: value}
    before, after = raw.split(b"\n"), new_raw.split(b"\n")
    if not changed:
        assert new_raw == raw
    elif len(after) == len(before):
        assert sum(a != b for a, b in zip(before, after)) == 1
    else:
        assert len(after) == len(before) + 1
        at = next(i for i, (a, b) in enumerate(zip(before, after)) if a != b)
        assert after[:at] + after[at + 1 :] == before
    if b"\r\n" in raw:
        assert new_raw.count(b"\n") == new_raw.count(b"\r\n")


@given(
    notes(),
    st.lists(
        st.fixed_dictionaries({"date": st.dates(), "via": st.sampled_from(["email", "phone"]), "note": _TEXT}),
        min_size=1,
        max_size=3,
    ),
)
def test_appending_only_inserts_lines(tmp_path_factory, text, entries):
    path = tmp_path_factory.mktemp("prop") / "note.md"
    path.write_bytes(text.encode("utf-8"))
    for entry in entries:
        raw = path.read_bytes()
        old = frontmatter_of(raw)
        append_list_item(path, "outreach", entry)
        new_raw = path.read_bytes()
        assert frontmatter_of(new_raw) == {**old, "outreach": [*old.get("outreach", []), entry]}
        assert body_of(new_raw) == body_of(raw)
        before, after = raw.split(b"\n"), new_raw.split(b"\n")
        if len(after) == len(before):  # a one-line flow frontmatter
            assert sum(a != b for a, b in zip(before, after)) == 1
        else:
            it = iter(after)
            assert all(line in it for line in before)  # the old lines, in order, with new ones between


def test_an_edit_that_would_change_more_than_asked_is_refused(tmp_path):
    before = "---\nfirst: &when 2026-11-20\nsecond: *when\n---\n"
    path = note(tmp_path, before)
    with pytest.raises(EditError, match="cannot edit safely"):
        set_key(path, "first", DAY)
    assert path.read_text() == before


# -- where and whether a note is written -------------------------------------------------------------


def test_a_linked_note_is_edited_where_it_leads_and_stays_a_link(tmp_path):
    root = tmp_path / "vault"
    (root / "people").mkdir(parents=True)
    (root / "contacts").mkdir()
    target = note(root / "people", "---\nname: Jane   # her card\n---\nBody\n", "jane.md")
    link = root / "contacts" / "jane.md"
    link.symlink_to(Path("..") / "people" / "jane.md")
    assert append_list_item(link, "outreach", ENTRY, vault=root).changed
    assert link.is_symlink()
    assert target.read_text() == (
        "---\nname: Jane   # her card\noutreach:\n  - date: 2026-11-25\n    via: email\n"
        '    note: "Asked for 20 minutes: about RPO"\n---\nBody\n'
    )
    assert os.listdir(root / "people") == ["jane.md"] and os.listdir(root / "contacts") == ["jane.md"]


def test_a_link_leading_out_of_the_vault_is_refused(tmp_path):
    outside = note(tmp_path, "---\nname: Jane\n---\n", "elsewhere.md")
    root = tmp_path / "vault"
    (root / "contacts").mkdir(parents=True)
    link = root / "contacts" / "jane.md"
    link.symlink_to(outside)
    with pytest.raises(OutsideVault, match="outside the vault"):
        set_key(link, "status", "met", vault=root)
    assert outside.read_text() == "---\nname: Jane\n---\n" and link.is_symlink()


def test_a_read_only_note_is_left_alone(tmp_path):
    path = note(tmp_path, "---\nname: X\n---\n")
    os.chmod(path, 0o444)
    with pytest.raises(PermissionError, match="read-only"):
        set_key(path, "status", "met")
    assert path.read_text() == "---\nname: X\n---\n"
    assert os.listdir(tmp_path) == ["n.md"]


def test_a_full_disk_leaves_the_note_as_it_was(tmp_path, monkeypatch):
    before = b"---\r\nname: X  # kept\r\noutreach:\r\n  - date: 2026-10-01\r\n---\r\nBody"
    path = note(tmp_path, before)

    def write(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write)
    with pytest.raises(OSError) as caught:
        append_list_item(path, "outreach", ENTRY)
    assert caught.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["n.md"]


def _append_in_a_process(path, root, i, barrier, results) -> None:
    barrier.wait()
    try:
        append_list_item(path, "outreach", {"date": DAY, "via": "email", "note": f"message {i}"}, vault=root)
    except (EditError, OSError) as exc:
        results.put(f"failed: {exc}")
    else:
        results.put("done")


def test_parallel_edits_under_the_vault_lock_are_all_kept(tmp_path):
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs fork to start 30 writers at once")
    ctx = multiprocessing.get_context("fork")
    root = tmp_path / "vault"
    (root / "contacts").mkdir(parents=True)
    path = note(root / "contacts", "---\nname: Jane Doe\n---\n", "jane-doe.md")
    n = 30
    barrier, results = ctx.Barrier(n), ctx.Queue()
    procs = [ctx.Process(target=_append_in_a_process, args=(path, root, i, barrier, results)) for i in range(n)]
    for p in procs:
        p.start()
    reports = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    entries = frontmatter_of(path.read_bytes())["outreach"]
    assert len(entries) == reports.count("done")
    assert reports.count("done") == n, [r for r in reports if r != "done"][:3]
    assert sorted(e["note"] for e in entries) == sorted(f"message {i}" for i in range(n))
    assert sorted(os.listdir(root / "contacts")) == ["jane-doe.md"]
