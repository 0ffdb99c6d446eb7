"""The vendored graph library is the one recorded, unchanged, with its licence."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "site_plugins" / "assets" / "vendor"


def test_force_graph_matches_its_recorded_checksum_and_keeps_its_licence():
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    recorded = re.search(r"sha256 of `force-graph\.min\.js`: `([0-9a-f]{64})`", readme)
    assert recorded, "vendor/README.md must record the file's sha256"
    assert hashlib.sha256((VENDOR / "force-graph.min.js").read_bytes()).hexdigest() == recorded.group(1)
    version = re.search(r"\| (\d+\.\d+\.\d+) \|", readme).group(1)
    assert (VENDOR / "force-graph.min.js").read_text(encoding="utf-8").startswith(f"// Version {version} force-graph")
    licence = (VENDOR / "LICENSE-force-graph.txt").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Vasco Asturiano" in licence
