"""The frontmatter reader: its fast path builds exactly what PyYAML constructs."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import given
from hypothesis import strategies as st

from infoview.parse import Loader, parse_yaml

scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.dates(min_value=dt.date(1900, 1, 1)) | st.floats(allow_nan=False)
documents = st.dictionaries(
    st.text(min_size=1, max_size=10),
    st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12),
    max_size=8,
)


def _reference(text: str):
    loader = Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


@given(documents, st.sampled_from([None, True, False]))
def test_fast_path_equals_pyyaml_construction(doc, flow):
    text = yaml.safe_dump(doc, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    res = parse_yaml(text, 2)
    assert res.problems == []
    assert res.data == _reference(text)


def test_anchors_merge_keys_and_duplicates_match_pyyaml():
    text = "base: &b {role: Recruiter}\nmerged:\n  <<: *b\n  name: Jane\nlist: &l [1, 2]\nagain: *l\nk: 1\nk: 2\n"
    res = parse_yaml(text, 2)
    assert res.data == _reference(text)
    assert [p.rule for p in res.problems] == ["duplicate-key"]


def test_integers_read_as_yaml_12():
    res = parse_yaml("zip: 08\nhour: 09\noctal: 0o17\nhex: 0x1F\nneg: -12\n", 2)
    assert res.problems == []
    assert res.data == {"zip": 8, "hour": 9, "octal": 15, "hex": 31, "neg": -12}
