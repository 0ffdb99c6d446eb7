"""Benchmark: the infoview site of a large vault against MkDocs building the same pages as plain files.

    python3 benchmarks/site_build.py --contacts 2000 [--keep DIR]

1. writes a synthetic vault (``benchmarks/generate.py``);
2. builds it with the plugin (``mkdocs build`` with an empty ``docs_dir``);
3. exports the very same pages with ``infoview.site.export`` into a plain
   ``docs_dir`` and builds that with MkDocs alone (same theme, same nav of
   section pages), the baseline;
4. prints both times, peak memory and the ratio. The issue's target is a
   ratio of at most 1.5.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import TODAY, generate

NAV = """nav:
  - Dashboard: index.md
  - People: people/index.md
  - Companies: companies/index.md
  - Meetings: meetings/index.md
  - Graph: graph/index.md
  - Tags: tags/index.md
  - Rules: rules/index.md
validation:
  nav:
    omitted_files: ignore
"""


def build(config: Path, site: Path) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of one ``mkdocs build`` in a child process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "INFOVIEW_TODAY": TODAY.isoformat()}
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stderr[-3000:]}")
    return seconds, max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="infoview-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    vault = work / "vault"
    if not vault.exists():
        generate(vault, args.contacts)

    plugin_project = work / "plugin"
    (plugin_project / "docs").mkdir(parents=True, exist_ok=True)
    (plugin_project / "mkdocs.yml").write_text(
        "site_name: Bench\ntheme: {name: material, font: false}\nplugins:\n  - search\n  - infoview:\n      vault: ../vault\n",
        encoding="utf-8",
    )
    from infoview import load_vault
    from infoview.site import export

    plain_project = work / "plain"
    if not (plain_project / "docs").exists():
        export(load_vault(vault), TODAY, plain_project / "docs")
    (plain_project / "mkdocs.yml").write_text(
        "site_name: Bench\ntheme: {name: material, font: false}\nplugins:\n  - search\n" + NAV, encoding="utf-8"
    )
    pages = sum(1 for _ in (plain_project / "docs").rglob("*.md"))

    plain_s, plain_kib = build(plain_project / "mkdocs.yml", work / "site-plain")
    plugin_s, plugin_kib = build(plugin_project / "mkdocs.yml", work / "site-plugin")
    print(f"{args.contacts} contacts, {pages} pages")
    print(f"plain MkDocs (same pages as files): {plain_s:6.1f} s")
    print(f"infoview plugin (from the vault):   {plugin_s:6.1f} s")
    print(
        f"ratio: {plugin_s / plain_s:.2f} (target <= 1.5); peak RSS of the builds: {max(plain_kib, plugin_kib) / 1024:.0f} MiB"
    )


if __name__ == "__main__":
    main()
