"""Benchmark: the infoview site of a large vault against MkDocs building the same pages as plain files.

    python3 benchmarks/site_build.py --contacts 2000 [--keep DIR]
    python3 benchmarks/site_build.py --contacts 2000 --serve [--keep DIR]

With ``--serve`` it measures, without MkDocs, what the plugin does on each
``mkdocs serve`` rebuild: ``load_vault`` (parse cache kept) and ``build_site``
(memo of pages kept) after editing one note's body, one note's frontmatter,
and after the day changes, against the first build; CPU seconds and the
pages built again. Otherwise:

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


def serve(vault: Path, rounds: int = 3) -> None:
    """``load_vault`` and ``build_site`` as ``mkdocs serve`` runs them on each rebuild, in this process."""
    import datetime as dt

    from infoview import load_vault
    from infoview.site import Memo, build_site

    cache: dict = {}
    memo = Memo()
    note = sorted((vault / "contacts").glob("*.md"))[len(list((vault / "contacts").glob("*.md"))) // 2]
    original = note.read_text(encoding="utf-8")
    tick = [0]

    def write(text: str) -> None:
        note.write_text(text, encoding="utf-8")
        tick[0] += 1
        st = note.stat()
        os.utime(note, ns=(st.st_atime_ns, st.st_mtime_ns + tick[0] * 1_000_000))

    def one(today: dt.date = TODAY) -> tuple[float, float, int, int]:
        start = time.process_time()
        loaded = load_vault(vault, cache=cache)
        middle = time.process_time()
        site = build_site(loaded, today, memo=memo)
        return middle - start, time.process_time() - middle, len(site.built), len(site.pages)

    first = one()
    runs: dict[str, list[tuple[float, float, int, int]]] = {"body edit": [], "frontmatter edit": []}
    runs["nothing changed"] = []
    try:
        for i in range(rounds):
            write(original + f"\nEdited in round {i + 1}.\n")
            runs["body edit"].append(one())
            write(original.replace("---\n", f"---\nbench_edit: {i + 1}\n", 1))
            runs["frontmatter edit"].append(one())
            runs["nothing changed"].append(one())
        runs["the next day"] = [one(TODAY + dt.timedelta(days=1))]
    finally:
        write(original)
    print(f"{'CPU s':<18} {'load_vault':>11} {'build_site':>11} {'both':>8} {'vs first':>9} {'pages built':>16}")
    best = [(label, min(times, key=lambda r: r[0] + r[1])) for label, times in runs.items()]
    for label, (load, build, built, pages) in [("first build", first), *best]:
        share = (load + build) / (first[0] + first[1])
        print(f"{label:<18} {load:>11.3f} {build:>11.3f} {load + build:>8.3f} {share:>8.2f}x {built:>7,} of {pages:,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--serve", action="store_true", help="measure mkdocs serve's rebuilds (plugin work only)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="infoview-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    vault = work / "vault"
    if not vault.exists():
        generate(vault, args.contacts)
    if args.serve:
        serve(vault)
        return

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
