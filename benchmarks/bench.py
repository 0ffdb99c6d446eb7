"""infoview's benchmarks: every figure next to a baseline measured in the same run.

    python3 benchmarks/bench.py                 # the full suite (a few minutes)
    python3 benchmarks/bench.py --quick         # a smoke run on tiny vaults (seconds)
    python3 benchmarks/bench.py --only check,startup --sizes 1000,10000,100000

Benchmarks (each in child processes, best of ``--repeat`` runs, the baseline
and the measured command interleaved so machine noise hits both alike):

check    ``infoview check`` vs the floor: a bare script reading every note and
         parsing its frontmatter with libyaml (``yaml.CSafeLoader``).
         Goal: <= 1.5x at 10,000 notes. Peak memory of both.
startup  ``infoview --help`` and ``check`` on an empty vault vs ``python -c
         pass`` and ``python -c "import yaml, click"``; and whether NetworkX or
         MkDocs were imported by commands that do not need them.
site     ``mkdocs build`` of the plugin's site vs MkDocs building the same pages
         as plain files with the same small nav. Goal: <= 1.5x at 2,000
         contacts. Output size.
serve    a ``mkdocs serve`` rebuild after editing one note vs the first build:
         the plugin's own CPU time (its ``on_files``), the notes re-parsed and
         the pages built again (the others are reused from the plugin's memo).
graph    ``build_graph`` plus every analysis vs NetworkX alone building the
         same graph from its node and edge lists, after ``gc.freeze()`` of the
         loaded vault (as ``infoview stats`` does); growth across sizes.
         Goal: seconds, near-linear.

Vaults come from ``benchmarks/generate.py`` (seed 1) and are kept in
``--work`` (default: a folder under the system temp dir) between runs.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import itertools

from generate import TODAY, generate

GOAL = 1.5
#: What the CLI's console script does; run through this interpreter so the
#: benchmark never picks up another installation from PATH.
CLI = "import sys; from infoview.cli import main; sys.exit(main())"

FLOOR = '''\
"""The floor: read every note and parse its frontmatter with libyaml, nothing else."""
import os, sys, yaml
count = 0
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames[:] = [d for d in dirnames if d != "templates" and not d.startswith(".")]
    for name in filenames:
        if name.endswith(".md"):
            with open(os.path.join(dirpath, name), encoding="utf-8") as fh:
                text = fh.read()
            if text.startswith("---\\n"):
                end = text.find("\\n---\\n", 4)
                if end != -1:
                    yaml.load(text[4:end], Loader=yaml.CSafeLoader)
                    count += 1
print(count)
'''


@dataclass
class Run:
    """One child process: wall seconds, CPU seconds (user + system), peak RSS in KiB."""

    wall: float
    cpu: float
    rss: int
    out: str = ""


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    # Bytecode caches on, as on a user's machine; the clock pinned; MkDocs quiet.
    env.update(INFOVIEW_TODAY=TODAY.isoformat(), NO_MKDOCS_2_WARNING="1", NO_COLOR="1")
    return env


def run(cmd: list[str], *, cwd: Path | None = None, ok: tuple[int, ...] = (0,), capture: bool = False) -> Run:
    """Run ``cmd`` to completion and measure it (``os.wait4`` gives this child's own rusage)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=child_env(), stdout=out if capture else subprocess.DEVNULL, stderr=err, text=True
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            err.seek(0)
            raise SystemExit(f"bench: {' '.join(cmd)} exited {code}:\n{err.read()[-3000:]}")
        out.seek(0)
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, out.read())


def best_of(repeat: int, *cmds: tuple[list[str], dict]) -> list[Run]:
    """Each command ``repeat`` times, interleaved; the fastest run of each (by wall time)."""
    results: list[list[Run]] = [[] for _ in cmds]
    for _ in range(repeat):
        for i, (cmd, kw) in enumerate(cmds):
            results[i].append(run(cmd, **kw))
    return [min(rs, key=lambda r: r.wall) for rs in results]


def vault_for(work: Path, contacts: int, seed: int = 1) -> tuple[Path, dict]:
    """A generated vault, reused across runs (the stats file marks it complete)."""
    root = work / f"vault-{contacts}-s{seed}"
    stats_file = work / f"vault-{contacts}-s{seed}.json"
    if stats_file.is_file() and root.is_dir():
        return root, json.loads(stats_file.read_text(encoding="utf-8"))
    if root.exists():
        shutil.rmtree(root)
    stats = generate(root, contacts, seed)
    info = {
        "contacts": stats.contacts,
        "notes": stats.notes,
        "interviews": stats.interviews,
        "mb": round(stats.bytes / 1e6, 1),
    }
    stats_file.write_text(json.dumps(info), encoding="utf-8")
    return root, info


def ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("inf")


def verdict(value: float, goal: float = GOAL) -> str:
    return "ok" if value <= goal else "MISS"


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def header(title: str) -> None:
    print(f"\n== {title} ==", flush=True)


# -- check ---------------------------------------------------------------------
def bench_check(work: Path, sizes: list[int], repeat: int) -> list[dict]:
    header("infoview check vs the floor (read every note + libyaml CSafeLoader)")
    floor = work / "floor.py"
    floor.write_text(FLOOR, encoding="utf-8")
    print(
        f"{'contacts':>9} {'notes':>8} {'floor s':>8} {'check s':>8} {'wall x':>7} {'cpu x':>6}  {'goal':>6}  peak RSS floor / check"
    )
    rows = []
    for n in sizes:
        vault, info = vault_for(work, n)
        run([sys.executable, "-c", CLI, "check", str(vault)], ok=(0, 1))  # warm caches (bytecode, page cache)
        base, ours = best_of(
            repeat,
            ([sys.executable, str(floor), str(vault)], {}),
            ([sys.executable, "-c", CLI, "check", str(vault)], {"ok": (0, 1)}),
        )
        wall, cpu = ratio(ours.wall, base.wall), ratio(ours.cpu, base.cpu)
        goal = "<=1.5x" if info["notes"] >= 10_000 else "-"
        mark = verdict(wall) if goal != "-" else ""
        print(
            f"{n:>9,} {info['notes']:>8,} {base.wall:>8.2f} {ours.wall:>8.2f} {wall:>6.2f}x {cpu:>5.2f}x  {goal:>6} {mark:>4}  "
            f"{mib(base.rss)} / {mib(ours.rss)}",
            flush=True,
        )
        rows.append(
            {
                "contacts": n,
                "notes": info["notes"],
                "floor": base.wall,
                "check": ours.wall,
                "ratio": wall,
                "cpu_ratio": cpu,
                "rss_floor": base.rss,
                "rss_check": ours.rss,
            }
        )
    return rows


# -- startup ---------------------------------------------------------------------
PROBE = """
import sys
exec(sys.argv.pop(1))
from infoview.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
heavy = sorted(m for m in ("networkx", "mkdocs", "material") if m in sys.modules)
print("IMPORTED:" + ",".join(heavy))
"""


def heavy_imports(args: list[str], extra: str = "") -> list[str]:
    """The heavy packages ``infoview ARGS`` imports, in a fresh interpreter (``extra`` runs first)."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, extra, *args], env=child_env(), capture_output=True, text=True, check=True
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("IMPORTED:")), "IMPORTED:?")
    return [m for m in line.split(":", 1)[1].split(",") if m]


def bench_startup(work: Path, repeat: int) -> list[dict]:
    header("start-up: infoview vs bare Python")
    empty = work / "empty-vault"
    empty.mkdir(exist_ok=True)
    cmds = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import yaml, click'": [sys.executable, "-c", "import yaml, click"],
        "infoview --help": [sys.executable, "-c", CLI, "--help"],
        "infoview check <empty vault>": [sys.executable, "-c", CLI, "check", str(empty)],
    }
    for cmd in cmds.values():
        run(cmd, ok=(0, 1))  # warm-up: bytecode written, files cached
    runs = dict(zip(cmds, best_of(max(repeat, 5), *((c, {"ok": (0, 1)}) for c in cmds.values()))))
    bare, imports = runs["python -c pass"].wall, runs["python -c 'import yaml, click'"].wall
    print(f"{'command':<32} {'ms':>7} {'vs pass':>8} {'vs import yaml, click':>22}")
    rows = []
    for name, r in runs.items():
        print(f"{name:<32} {r.wall * 1000:>7.0f} {ratio(r.wall, bare):>7.2f}x {ratio(r.wall, imports):>21.2f}x")
        rows.append(
            {"command": name, "wall": r.wall, "vs_pass": ratio(r.wall, bare), "vs_imports": ratio(r.wall, imports)}
        )
    for args in (["--help"], ["check", str(empty)]):
        heavy = heavy_imports(args)
        label = " ".join(a if a != str(empty) else "<empty vault>" for a in args)
        print(f"heavy imports by `infoview {label}`: {', '.join(heavy) or 'none (networkx, mkdocs not loaded)'}")
        rows.append({"command": label, "heavy_imports": heavy})
    return rows


# -- site ------------------------------------------------------------------------
MKDOCS_COMMON = """\
site_name: Bench
theme: {name: material, font: false}
markdown_extensions:
  - toc: {permalink: true}
  - attr_list
  - pymdownx.tasklist: {custom_checkbox: true}
"""


def _site_projects(work: Path, n: int) -> tuple[Path, Path, Path, int]:
    """The plugin project (empty docs_dir) and the plain one (the same pages exported as files)."""
    from infoview import load_vault
    from infoview.site import NAV, export

    vault, _ = vault_for(work, n)
    plugin = work / f"site-plugin-{n}"
    (plugin / "docs").mkdir(parents=True, exist_ok=True)
    (plugin / "mkdocs.yml").write_text(
        MKDOCS_COMMON + f"plugins:\n  - search\n  - infoview:\n      vault: {json.dumps(vault.as_posix())}\n",
        encoding="utf-8",
    )
    plain = work / f"site-plain-{n}"
    if not (plain / "docs" / ".infoview-export").is_file():
        if plain.exists():
            shutil.rmtree(plain)
        export(load_vault(vault), TODAY, plain / "docs")
    assets = sorted(
        p.relative_to(plain / "docs").as_posix() for p in (plain / "docs" / "assets" / "infoview").glob("*.*")
    )
    nav = "".join(f"  - {json.dumps(k)}: {v}\n" for entry in NAV for k, v in entry.items())
    (plain / "mkdocs.yml").write_text(
        MKDOCS_COMMON
        + "plugins:\n  - search\n"
        + f"extra_css: {json.dumps([a for a in assets if a.endswith('.css')])}\n"
        + f"extra_javascript: {json.dumps([a for a in assets if a.endswith('.js')])}\n"
        + "nav:\n"
        + nav
        + "validation: {nav: {omitted_files: ignore}}\n",
        encoding="utf-8",
    )
    pages = sum(1 for _ in (plain / "docs").rglob("*.md"))
    return vault, plugin, plain, pages


def _tree_size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def bench_site(work: Path, n: int, repeat: int) -> dict:
    header(f"mkdocs build: the plugin's site vs MkDocs building the same pages as plain files ({n:,} contacts)")
    _, plugin, plain, pages = _site_projects(work, n)
    mk = [sys.executable, "-m", "mkdocs", "build", "-q", "--clean"]
    base, ours = best_of(
        repeat,
        ([*mk, "-f", str(plain / "mkdocs.yml"), "-d", str(plain / "site")], {}),
        ([*mk, "-f", str(plugin / "mkdocs.yml"), "-d", str(plugin / "site")], {}),
    )
    r = ratio(ours.wall, base.wall)
    out_files, out_bytes = _tree_size(plugin / "site")
    base_files, base_bytes = _tree_size(plain / "site")
    print(
        f"{pages:,} pages; plain {base.wall:.2f} s, plugin {ours.wall:.2f} s: {r:.2f}x (cpu {ratio(ours.cpu, base.cpu):.2f}x), goal <=1.5x {verdict(r)}"
    )
    print(f"peak RSS plain / plugin: {mib(base.rss)} / {mib(ours.rss)}")
    print(
        f"output: plugin {out_files:,} files, {out_bytes / 1e6:.1f} MB; plain {base_files:,} files, {base_bytes / 1e6:.1f} MB"
    )
    return {
        "contacts": n,
        "pages": pages,
        "plain": base.wall,
        "plugin": ours.wall,
        "ratio": r,
        "out_bytes": out_bytes,
        "out_files": out_files,
        "rss_plain": base.rss,
        "rss_plugin": ours.rss,
    }


SERVE = """
import json, os, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
import infoview.load, infoview.site

project, note, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
KEYS = ("on_files", "load_vault", "build_site")
timings = {}

def timed(owner, name, key, after=None):
    real = getattr(owner, name)
    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            out = real(*args, **kwargs)
        finally:
            timings[key] += time.perf_counter() - wall
            timings[key + "_cpu"] += time.process_time() - cpu
        if after is not None:
            after(out)
        return out
    setattr(owner, name, wrapper)

def count_pages(site):
    timings["pages"] += len(site.pages)
    timings["built"] += len(site.built)

# The cyclic GC's full collections scan every live object (MkDocs' pages too): timed on their own.
import gc
gc_started = [None]
def gc_timer(phase, info):
    if phase == "start":
        gc_started[0] = time.process_time()
    elif gc_started[0] is not None and timings.get("in_on_files"):
        timings["gc_on_files"] += time.process_time() - gc_started[0]
gc.callbacks.append(gc_timer)

timed(infoview.load, "load_vault", "load_vault")
timed(infoview.site, "build_site", "build_site", count_pages)
real_read = infoview.load.read_note
def counting(*args):
    timings["parsed"] += 1
    return real_read(*args)
infoview.load.read_note = counting
# Wrap the class's method before any config is loaded: MkDocs binds event
# methods when it loads the plugin, and keeps the instance across rebuilds.
from site_plugins.plugin import InfoviewPlugin
real_on_files = InfoviewPlugin.on_files
def flagged_on_files(self, *args, **kwargs):
    timings["in_on_files"] = 1
    try:
        return real_on_files(self, *args, **kwargs)
    finally:
        timings["in_on_files"] = 0
InfoviewPlugin.on_files = flagged_on_files
timed(InfoviewPlugin, "on_files", "on_files")

def one_build(first):
    timings.clear()
    timings.update({k: 0.0 for key in KEYS for k in (key, key + "_cpu")}, parsed=0, pages=0, built=0, gc_on_files=0.0, in_on_files=0)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    if first:
        config.plugins.on_startup(command="serve", dirty=False)
    plugin = config.plugins["infoview"]
    wall, cpu = time.perf_counter(), time.process_time()
    build(config, serve_url="http://127.0.0.1:8000/")
    return {"build": time.perf_counter() - wall, "build_cpu": time.process_time() - cpu, **timings, "same_plugin": id(plugin)}

original = note.read_bytes()
head, sep, rest = original.partition(b"---\\n")
results = [one_build(True)]
try:
    edits = [original + f"\\nEdited in rebuild {i + 1}.\\n".encode() for i in range(rounds)]
    # A frontmatter edit (an unknown key: shown on the person's page only, but a new note for the rules...).
    edits += [head + sep + f"bench_edit: {i + 1}\\n".encode() + rest for i in range(rounds)]
    for i, text in enumerate(edits):
        note.write_bytes(text)
        st = note.stat()
        os.utime(note, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000 * (i + 1)))
        results.append(one_build(False))
    # The same rebuild with the parse cache and the memo of pages emptied: what every rebuild would cost without them.
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    plugin = config.plugins["infoview"]
    plugin.parse_cache.clear()
    plugin.memo.clear()
    results.append(one_build(False))
finally:
    note.write_bytes(original)
print("RESULT:" + json.dumps(results))
"""


def bench_serve(work: Path, n: int, rounds: int) -> dict:
    header(f"mkdocs serve: rebuild after editing one note vs the first build ({n:,} contacts)")
    vault, plugin, _, _ = _site_projects(work, n)
    note = sorted((vault / "contacts").glob("*.md"))[len(list((vault / "contacts").glob("*.md"))) // 2]
    r = run([sys.executable, "-c", SERVE, str(plugin), str(note), str(rounds)], capture=True)
    line = next(ln for ln in r.out.splitlines() if ln.startswith("RESULT:"))
    results = json.loads(line[len("RESULT:") :])
    first, uncached = results[0], results[-1]
    body = results[1 : 1 + rounds]
    front = results[1 + rounds : -1]
    fast = min(body, key=lambda x: x["on_files_cpu"])
    fm = min(front, key=lambda x: x["on_files_cpu"])
    same = all(x["same_plugin"] == first["same_plugin"] for x in results[1:])
    print(
        f"{'CPU s':<18} {'whole build':>12} {'plugin on_files':>16} {'load_vault':>11} {'build_site':>11}"
        f" {'GC in on_files':>15} {'notes parsed':>13} {'pages built':>16}"
    )
    rows = (("first", first), ("no cache", uncached), ("body edit", fast), ("frontmatter edit", fm))
    for label, x in rows:
        print(
            f"{label:<18} {x['build_cpu']:>12.2f} {x['on_files_cpu']:>16.2f} {x['load_vault_cpu']:>11.2f}"
            f" {x['build_site_cpu']:>11.2f} {x['gc_on_files']:>15.2f} {x['parsed']:>13,} {x['built']:>7,} of {x['pages']:,}"
        )
    for label, x in rows[2:]:
        print(
            f"{label}: plugin time per rebuild (CPU) {ratio(x['on_files_cpu'], first['on_files_cpu']):.2f}x the first build's "
            f"(wall {ratio(x['on_files'], first['on_files']):.2f}x), "
            f"{ratio(x['on_files_cpu'], uncached['on_files_cpu']):.2f}x a rebuild without the caches; "
            f"load_vault {ratio(x['load_vault_cpu'], first['load_vault_cpu']):.2f}x, "
            f"build_site {ratio(x['build_site_cpu'], first['build_site_cpu']):.2f}x; "
            f"whole rebuild {ratio(x['build_cpu'], first['build_cpu']):.2f}x"
        )
    print(f"plugin kept across rebuilds: {'yes' if same else 'NO'}")
    return {
        "contacts": n,
        "first": first,
        "uncached": uncached,
        "rebuild": fast,
        "frontmatter_rebuild": fm,
        "plugin_ratio": ratio(fast["on_files_cpu"], first["on_files_cpu"]),
        "frontmatter_plugin_ratio": ratio(fm["on_files_cpu"], first["on_files_cpu"]),
        "plugin_kept": same,
    }


# -- graph -----------------------------------------------------------------------
GRAPH = """
import gc, json, sys, time
import networkx as nx
from infoview import load_vault
from infoview import graph as g

vault = load_vault(sys.argv[1])
# As `infoview stats` does after loading: the vault lives to the end, so the
# cyclic collector need not rescan it. Without it, where a full collection
# lands (in one analysis, or in the baseline) shifts with every change elsewhere.
gc.freeze()
times = {}
def timed(name, fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    times[name] = time.perf_counter() - start
    return out

G = timed("build_graph", g.build_graph, vault)
company = next((c.name for c in vault.companies if not c.private), None)
timed("connectors", g.connectors, G)
timed("bridges", g.bridges, G)
timed("referral_yield", g.referral_yield, G)
timed("dead_ends", g.dead_ends, G)
timed("unreachable", g.unreachable, G)
timed("referral_cycles", g.referral_cycles, G)
if company is not None:
    timed("warm_paths", g.warm_paths, G, company)
parents = timed("referral_parents", g.referral_parents, G)
people = [n for n, d in G.nodes(data=True) if d.get("kind") == "contact"]
timed("referral_chain (every contact)", lambda: [g.referral_chain(G, p, parents) for p in people])
timed("to_node_link (public)", g.to_node_link, G, public=True)
nodes, edges = list(G.nodes(data=True)), list(G.edges(keys=True, data=True))
start = time.perf_counter()
bare = nx.MultiDiGraph()
bare.add_nodes_from(nodes)
bare.add_edges_from(edges)
baseline = time.perf_counter() - start
print("RESULT:" + json.dumps({"times": times, "baseline": baseline, "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}))
"""


def bench_graph(work: Path, sizes: list[int], repeat: int) -> list[dict]:
    header("graph: build_graph + every analysis vs NetworkX alone building the same graph")
    rows = []
    for n in sizes:
        vault, _ = vault_for(work, n)
        tries = []
        for _ in range(repeat if n <= 10_000 else 1):  # a 100,000-contact run takes minutes: once
            r = run([sys.executable, "-c", GRAPH, str(vault)], capture=True)
            data = json.loads(next(ln for ln in r.out.splitlines() if ln.startswith("RESULT:"))[len("RESULT:") :])
            tries.append((sum(data["times"].values()), data, r))
        total, data, r = min(tries, key=lambda t: t[0])
        slow = sorted(data["times"].items(), key=lambda kv: -kv[1])[:3]
        print(
            f"{n:>9,} contacts: {data['nodes']:,} nodes, {data['edges']:,} edges; all {total:.2f} s = "
            f"{ratio(total, data['baseline']):.0f}x the bare NetworkX build; slowest: "
            + ", ".join(f"{k} {v:.2f} s" for k, v in slow)
            + f"; peak RSS {mib(r.rss)}",
            flush=True,
        )
        rows.append({"contacts": n, "total": total, **data, "rss": r.rss})
    for a, b in itertools.pairwise(rows):
        growth = (
            math.log(ratio(b["total"], a["total"])) / math.log(b["contacts"] / a["contacts"])
            if a["total"] > 0
            else float("nan")
        )
        base = (
            math.log(ratio(b["baseline"], a["baseline"])) / math.log(b["contacts"] / a["contacts"])
            if a["baseline"] > 0
            else float("nan")
        )
        print(
            f"growth {a['contacts']:,} -> {b['contacts']:,}: time ~ N^{growth:.2f} (bare NetworkX build ~ N^{base:.2f}; 1.00 is linear)"
        )
    return rows


# -- main ------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=textwrap.dedent(__doc__.split("\n", 2)[2]),
    )
    parser.add_argument("--quick", action="store_true", help="tiny vaults, one repeat: a smoke run")
    parser.add_argument("--only", default="check,startup,site,serve,graph", help="comma-separated benchmarks to run")
    parser.add_argument("--sizes", default="1000,10000", help="contacts for `check` (default 1000,10000)")
    parser.add_argument("--graph-sizes", default="1000,10000,100000", help="contacts for `graph`")
    parser.add_argument("--site-contacts", type=int, default=2000, help="contacts for `site` and `serve`")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; the best counts")
    parser.add_argument("--work", type=Path, help="folder for generated vaults and sites (kept)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)

    def ints(text: str) -> list[int]:
        return [int(x) for x in text.split(",") if x.strip()]

    sizes, graph_sizes, site_n, repeat = ints(args.sizes), ints(args.graph_sizes), args.site_contacts, args.repeat
    if args.quick:
        sizes, graph_sizes, site_n, repeat = [40], [20, 40], 30, 1
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    unknown = only - {"check", "startup", "site", "serve", "graph"}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    work = args.work or Path(tempfile.gettempdir()) / "infoview-bench"
    work.mkdir(parents=True, exist_ok=True)
    print(f"infoview benchmarks: Python {sys.version.split()[0]}, {os.cpu_count()} cores, work folder {work}")
    report: dict = {"python": sys.version.split()[0], "cores": os.cpu_count()}
    if "check" in only:
        report["check"] = bench_check(work, sizes, repeat)
    if "startup" in only:
        report["startup"] = bench_startup(work, repeat)
    if "site" in only:
        report["site"] = bench_site(work, site_n, repeat)
    if "serve" in only:
        report["serve"] = bench_serve(work, site_n, rounds=max(2, repeat))
    if "graph" in only:
        report["graph"] = bench_graph(work, graph_sizes, repeat)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
