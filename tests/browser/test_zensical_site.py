"""The Zensical build of the exported site in Chromium: the graph draws and the charts show, as under MkDocs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .test_graph_script import assert_graph_draws

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_zensical import zensical_build  # noqa: E402


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory, serve):
    return serve(zensical_build(tmp_path_factory.mktemp("zensical")))


def test_the_graph_and_the_charts_work_under_zensical(page_at, zensical_site):
    page, _ = page_at(zensical_site.origin)
    assert_graph_draws(page, zensical_site)
    page.goto(zensical_site.url(""))
    charts = page.locator(".iv-charts svg[role=img]")
    assert charts.count() == 3 and charts.first.bounding_box()["width"] > 250
    page.goto(zensical_site.url("people/"))
    page.fill("#iv-people-filter", "cedarline")  # the shipped script runs there too
    assert 0 < page.locator("#iv-people tbody tr:not([hidden])").count() < page.locator("#iv-people tbody tr").count()
