"""The line reader for plain frontmatter gives exactly what libyaml gives, or steps aside.

Whenever :class:`PlainReader` answers, its data (with types), key lines and raw
scalar texts must equal the careful libyaml reading of the same text, and
that reading must find no problem.  When it does not answer, nothing is
asserted: the careful path reads the text.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_VAULT
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.load import _walk
from infoview.parse import _PLAIN, YamlResult, _compose_and_construct, read_text, split_note

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "yaml-test-suite"


def _typed(value):
    """``value`` with every scalar tagged by its type (``1 == True == 1.0`` in Python)."""
    if isinstance(value, dict):
        return {"map": [(_typed(k), _typed(v)) for k, v in value.items()]}
    if isinstance(value, list):
        return ["seq", *(_typed(v) for v in value)]
    return (type(value).__name__, repr(value))


def fast(text: str, first_line: int = 2):
    return _PLAIN.read(text, first_line)


def same_as_libyaml(text: str, first_line: int = 2) -> bool:
    """Whether the fast reader answered; when it did, assert it agrees with libyaml."""
    got = fast(text, first_line)
    if got is None:
        return False
    res = YamlResult()
    problem = _compose_and_construct(text, first_line, res)
    assert problem is None, f"the fast reader accepted what libyaml rejects: {problem}\n{text}"
    assert res.problems == [], text
    data, lines, raw = got
    assert _typed(data) == _typed(res.data), text
    assert lines == res.lines, text
    assert raw == res.raw, text
    return True


def frontmatters(root: Path) -> list[tuple[str, str, int]]:
    out = []
    for file in _walk(root):
        text, _ = read_text(Path(file).read_bytes())
        parts = split_note(text or "")
        if parts.has_frontmatter:
            out.append((str(file), parts.frontmatter, parts.fm_first_line))
    return out


def test_example_vault_reads_the_same_and_mostly_fast():
    notes = frontmatters(EXAMPLE_VAULT)
    answered = [path for path, text, line in notes if same_as_libyaml(text, line)]
    # The example vault shows comments, flow maps, odd keys: most of it is still plain.
    assert len(answered) >= 0.8 * len(notes), sorted({p for p, _, _ in notes} - set(answered))


def test_generated_campaign_reads_the_same_and_all_fast(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(tmp_path / "v"), "--contacts", "150", "--seed", "3"],
        check=True,
        capture_output=True,
    )
    notes = frontmatters(tmp_path / "v")
    assert len(notes) > 250
    assert all(same_as_libyaml(text, line) for _, text, line in notes)


def _suite():
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"yaml-test-suite corpus not found at {CORPUS}"))]
    return [pytest.param(case["id"], id=case["id"]) for case in json.loads((CORPUS / "manifest.json").read_text())]


@pytest.mark.parametrize("case", _suite())
def test_yaml_test_suite_case(case):
    text = (CORPUS / "cases" / f"{case}.yaml").read_bytes().decode("utf-8", errors="replace")
    same_as_libyaml(text)


@pytest.mark.parametrize(
    "text, data",
    [
        ("name: Jane Doe\nrole: Recruiter\n", {"name": "Jane Doe", "role": "Recruiter"}),
        ("met: 2026-11-25\nyes: no\nn: 08\nhex: 0x1F\nf: .5\nnil: ~\nempty:\n", None),
        ("company: \"[[Acme]]\"\nreferrals: [\"[[A]]\", '[[B]]', plain words]\n", None),
        ("outreach:\n  - date: 2026-11-20\n    via: email\n  - {date: 2026-11-21, via: phone, note: 'it''s fine'}\n", None),
        ("tags:\n- one\n- two\nname: x\n", {"tags": ["one", "two"], "name": "x"}),
        ("when: 2026-11-26T14:00:00\nflag: TRUE\nurl: https://example.com/a#b\nlang: C#\n", None),
        ("  name: indented\n  role: whole document\n", {"name": "indented", "role": "whole document"}),
        ("a:\n  b:\n    c:\n      d: deep\n", {"a": {"b": {"c": {"d": "deep"}}}}),
        ("# a comment\nname: x\n\n   # another\nrole: y\n", {"name": "x", "role": "y"}),
    ],
)
def test_plain_frontmatter_is_read_fast_and_right(text, data):
    assert same_as_libyaml(text), "expected the fast reader to answer"
    if data is not None:
        assert fast(text)[0] == data


@pytest.mark.parametrize(
    "text",
    [
        "name: a\n  continued\n",  # a plain scalar over two lines
        "note: |\n  block\n",
        "name: 'open\n  quote'\n",
        'name: "esc\\"aped"\n',
        "name: value # comment\n",
        "k: 1\nk: 2\n",  # duplicate keys: the careful reader reports them
        "true: x\n",
        "base: &b x\nother: *b\n",
        "tag: !!str 1\n",
        "company: [[Acme]]\n",  # unquoted link: a nested list, with its own finding
        "a: b: c\n",
        "a: b:\n",  # libyaml: mapping values are not allowed here
        "k: [a]: b\n",
        "name:\tJane\n",
        "- a\n- b\n",
        "date: 2026-02-30\n",
        "k: [a, [b]]\n",
        "? complex\n: key\n",
        "k:\n- a\n  b: c\n",
        "key:value\n",
    ],
)
def test_what_is_outside_the_subset_is_left_to_libyaml(text):
    assert fast(text) is None


# -- generated texts near the subset's edges ------------------------------------
KEYS = ["name", "role", "date", "k", "a-b", "_x", "true", "null", "n", "Yes", "1", "key with space", "x.y", "é"]
SCALARS = [
    "Jane Doe", "yes", "no", "08", "0o7", "0x1F", "1_000", "-5", "+3", ".inf", "-.5", "1e3", ".nan", "2026-11-25",
    "2026-1-5", "2026-02-30", "2026-11-25T10:00:00", "2026-11-25 10:00:00", "2026-11-25 10:00", "20:03", "~", "null",
    "Null", "true", "False", '"q"', '"a\\"b"', '""', "''", "'it''s'", "'a'b'", "[a, b]", "[]", "[ ]", '["[[X]]", \'[[Y]]\']',
    "[a, ]", "[a,b]", "[a: b]", "{date: 2026-11-20, via: email}", "{}", "{a: [b]}", "[[Acme]]", "a # c", "a: b", "a:",
    "C#", "http://x.y/z", "- x", "-", "--", "&a x", "*a", "!!str x", "|", ">", "@x", "%x", "`x", "José", "a\tb", "?x",
    ":x", "x ", "[a] b", "a, b", "{{name}}", '"{{name}}"', "\u2028", "-1.5", "0", "00", "1.", "TRUE", "a  b", "#",
]
INDENTS = [0, 0, 0, 1, 2, 2, 4]
#: Values the fast reader takes on their own, so generated documents often stay inside the subset.
INSIDE = [value for value in SCALARS if fast(f"k: {value}\n") is not None]
VALUES = st.sampled_from(INSIDE) | st.sampled_from(INSIDE) | st.sampled_from(INSIDE) | st.sampled_from(SCALARS)


@st.composite
def near_plain_texts(draw):
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        indent = " " * draw(st.sampled_from(INDENTS))
        kind = draw(st.sampled_from(["pair", "pair", "key", "item", "item-pair", "comment", "blank"]))
        key, value = draw(st.sampled_from(KEYS)), draw(st.sampled_from(SCALARS))
        lines.append(
            {
                "pair": f"{indent}{key}: {value}",
                "key": f"{indent}{key}:",
                "item": f"{indent}- {value}",
                "item-pair": f"{indent}- {key}: {value}",
                "comment": f"{indent}# {value}",
                "blank": "",
            }[kind]
        )
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=1500)
@given(near_plain_texts())
def test_near_plain_texts_read_the_same_whenever_the_fast_reader_answers(text):
    same_as_libyaml(text)


@st.composite
def structured_texts(draw, indent: int = 0, depth: int = 0):
    """Mostly well-formed block documents with tricky scalars, keys and layouts."""
    lines: list[str] = []
    pad = " " * indent
    keys = st.sampled_from(KEYS[:7]) | st.sampled_from(KEYS[:7]) | st.sampled_from(KEYS)
    for key in draw(st.lists(keys, min_size=1, max_size=4, unique=True)):
        kind = draw(st.sampled_from(["scalar", "scalar", "list", "maps", "map"] if depth < 2 else ["scalar"]))
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["", f"{pad}# note", "#", "   "])))
        if kind == "scalar":
            lines.append(f"{pad}{key}: {draw(VALUES)}".rstrip() if draw(st.booleans()) else f"{pad}{key}:")
            continue
        lines.append(f"{pad}{key}:")
        step = draw(st.sampled_from([0, 1, 2, 4])) if kind != "map" else draw(st.sampled_from([1, 2, 4]))
        inner = " " * (indent + step)
        if kind == "list":
            lines.extend(f"{inner}- {draw(VALUES)}" for _ in range(draw(st.integers(1, 3))))
        elif kind == "maps":
            for _ in range(draw(st.integers(1, 3))):
                gap = draw(st.sampled_from([1, 1, 2]))
                body = draw(structured_texts(indent + step + 1 + gap, depth + 1)).rstrip("\n").split("\n")
                lines.append(f"{inner}-{' ' * gap}{body[0].lstrip(' ')}")
                lines.extend(body[1:])
        else:
            lines.append(draw(structured_texts(indent + step, depth + 1)).rstrip("\n"))
    return "\n".join(lines) + "\n"


@settings(max_examples=1500)
@given(structured_texts())
def test_structured_texts_read_the_same_whenever_the_fast_reader_answers(text):
    same_as_libyaml(text)


documents = st.dictionaries(
    st.from_regex(r"[a-z_][a-z0-9_-]{0,8}", fullmatch=True),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=15) | st.dates(min_value=dt.date(1900, 1, 1)),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.from_regex(r"[a-z]{1,6}", fullmatch=True), inner, max_size=3),
        max_leaves=10,
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=500)
@given(documents, st.sampled_from([None, True, False]), st.integers(1, 4))
def test_dumped_documents_read_the_same(doc, flow, indent):
    import yaml

    same_as_libyaml(yaml.safe_dump(doc, default_flow_style=flow, allow_unicode=True, sort_keys=False, indent=max(indent, 2)))


def test_deep_nesting_is_left_to_the_careful_reader_without_recursing_far():
    deep = "".join(" " * i + "k:\n" for i in range(3000))
    assert fast(deep) is None
    assert fast("".join(" " * i + "k:\n" for i in range(40)) + " " * 40 + "k: v\n") is not None
