"""``infoview graph`` and ``infoview path`` as the user runs them."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import EXAMPLE_VAULT

from infoview.cli import main

FILES = {
    "infoview.yml": "owner: Sam Okafor\n",
    "companies/acme.md": "---\nname: Acme Talent\n---\n",
    "contacts/maria.md": '---\nname: Maria Lopez\ncompany: "[[Acme Talent]]"\nrole: Recruiter\nphone: 555-0100\n---\n',
    "contacts/dev.md": '---\nname: Dev Patel\nreferred_by: "[[Maria Lopez]]"\nfield: Sourcing\n---\n',
    "contacts/hidden.md": '---\nname: Quiet Quinn\nprivate: true\nreferred_by: "[[Maria Lopez]]"\n---\n',
    "interviews/2026-11-01-maria.md": '---\ncontact: "[[Maria Lopez]]"\ndate: 2026-11-01\nstatus: done\nreferrals: ["[[Dev Patel]]", "[[Priya Natarajan]]"]\n---\n',
}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_graph_exports_read_back(vault_dir, fmt):
    root = vault_dir(FILES)
    result = run("graph", "--vault", str(root), "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        back = nx.node_link_graph(json.loads(result.output))
    else:
        back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(result.output.encode()))
    names = {d.get("name") for _, d in back.nodes(data=True)}
    assert {"Sam Okafor", "Maria Lopez", "Dev Patel", "Priya Natarajan", "Acme Talent", "Quiet Quinn"} <= names
    assert "555-0100" not in result.output


def test_graph_public_leaves_out_private_notes_and_hidden_fields(vault_dir):
    root = vault_dir(FILES)
    for fmt in ("json", "graphml", "gexf", "dot", "mermaid"):
        result = run("graph", "--vault", str(root), "--format", fmt, "--public")
        assert result.exit_code == 0
        assert "Quiet Quinn" not in result.output and "contacts/hidden.md" not in result.output
        assert "Maria Lopez" in result.output
    # email, phone and address are hidden by default; role is not, unless configured.
    data = json.loads(run("graph", "--vault", str(root), "--public").output)
    assert any(n.get("role") == "Recruiter" for n in data["nodes"])


def test_graph_output_file_format_from_extension_and_no_silent_overwrite(vault_dir, tmp_path):
    root = vault_dir(FILES)
    out = tmp_path / "out" / "referrals.gexf"
    result = run("graph", "--vault", str(root), "--output", str(out))
    assert result.exit_code == 0
    assert nx.read_gexf(out).number_of_nodes() == 6
    out.write_text("mine", encoding="utf-8")
    again = run("graph", "--vault", str(root), "--output", str(out))
    assert again.exit_code == 2 and "already exists" in again.output
    assert out.read_text(encoding="utf-8") == "mine"
    assert run("graph", "--vault", str(root), "--output", str(out), "--force").exit_code == 0
    assert nx.read_gexf(out).number_of_nodes() == 6
    assert [p.name for p in out.parent.iterdir()] == ["referrals.gexf"]  # no temp files left


def test_graph_dot_and_mermaid_use_names(vault_dir):
    root = vault_dir(FILES)
    dot = run("graph", "--vault", str(root), "--format", "dot").output
    assert dot.startswith("digraph referrals {") and '"contacts/maria.md" -> "contacts/dev.md"' in dot
    assert '[label="Maria Lopez"' in dot
    mermaid = run("graph", "--vault", str(root), "--format", "mermaid").output
    assert mermaid.startswith("flowchart LR\n") and '("Maria Lopez")' in mermaid


def test_path_to_tomasz_in_the_example_vault():
    result = run("path", "Tomasz Wojcik", "--vault", str(EXAMPLE_VAULT))
    assert result.exit_code == 0
    assert "Referral chain: Tessa Lindqvist -> Beatriz Calloway -> Devon Achebe -> Ruth Kimani -> Tomasz Wojcik (depth 4)" in result.output


def test_path_names_who_to_ask(vault_dir):
    root = vault_dir(FILES)
    result = run("path", "Priya Natarajan", "--vault", str(root))
    assert result.exit_code == 0
    assert "1. Sam Okafor -> Maria Lopez -> Priya Natarajan" in result.output
    assert "ask Maria Lopez (met 2026-11-01) to introduce you to Priya Natarajan" in result.output
    data = json.loads(run("path", "acme talent", "--vault", str(root), "--format", "json").output)
    assert data["matched"] == "company" and [p["target"] for p in data["paths"]] == ["contacts/maria.md"]
    assert data["paths"][0]["ask"] is None


def test_path_usage_errors_and_no_path(vault_dir):
    root = vault_dir({**FILES, "contacts/zed.md": '---\nname: Zed\nreferred_by: "[[Zed]]"\n---\n'})
    unknown = run("path", "astronaut", "--vault", str(root))
    assert unknown.exit_code == 2 and unknown.output.startswith("infoview: error: no person")
    empty = run("path", "North Star", "--vault", str(vault_dir({**FILES, "companies/ns.md": "---\nname: North Star\n---\n"})))
    assert empty.exit_code == 2 and "nobody in the vault works at 'North Star' yet" in empty.output
    none = run("path", "Zed", "--vault", str(root))
    assert none.exit_code == 1 and "No chain of people you know reaches them yet" in none.output
    assert "Referral chain: none reaches them" in none.output


def test_check_and_stats_library_do_not_import_networkx():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from infoview.cli import main\n"
        "import infoview.stats\n"
        f"CliRunner().invoke(main, ['check', {str(EXAMPLE_VAULT)!r}])\n"
        "print('networkx' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
