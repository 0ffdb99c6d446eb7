"""infoview's benchmarks: every figure next to a baseline measured in the same run.

    python3 benchmarks/bench.py                 # the full suite (about an hour on 2 cores)
    python3 benchmarks/bench.py --quick         # a smoke run on tiny vaults (seconds)
    python3 benchmarks/bench.py --only check --sizes 1000,10000
    python3 benchmarks/bench.py --before /work/before/.venv/bin/python   # the old code too, in the same run

Benchmarks (each in child processes, best of ``--repeat`` runs, the baseline
and the measured commands interleaved so machine noise hits them alike):

check    ``infoview check`` vs the floor: a bare script reading every note and
         parsing its frontmatter with libyaml (``yaml.CSafeLoader``).
         Goal: <= 2.0x at 10,000 notes. Peak memory of both.
startup  ``infoview --help`` and ``check`` on an empty vault vs ``python -c
         pass`` and ``python -c "import yaml, click"``; and whether NetworkX or
         MkDocs were imported by commands that do not need them.
site     ``mkdocs build`` of the plugin's site vs the floor: a plain Material
         build of as many simple pages (``site_build.py``). Time, peak memory,
         HTML and search index bytes per page, the largest page.
         Goals: time <= 1.5x, memory <= 2x, HTML <= 1.3x and search index
         <= 2x per page; no page grows with the vault.
serve    a real ``mkdocs serve --dirty`` (and plain ``mkdocs serve``): the time
         from saving one contact note (its body, then its frontmatter) until
         the person's page, fetched over HTTP, shows the change; whether the
         search index still lists every published person. Goal: <= 3 s.
profile  one ``mkdocs build`` in process (``profile_build.py``), and one rebuild as
         ``mkdocs serve --dirty`` runs it after editing a note: CPU through
         each owner's entry points without a profiler, then cProfile's split
         by caller and the top functions.
graph    ``build_graph`` plus every analysis vs NetworkX alone building the
         same graph from its node and edge lists; growth across sizes.
         Goal: seconds, near-linear.

``--python PY`` is the interpreter whose infoview is measured (default: this
one); ``--before PY`` adds the code of another installation (the old code's
virtualenv) to every benchmark, interleaved with the first. Children run in
the work folder, so each interpreter imports its own installed infoview; the
header prints which repository and commit each one runs.

Vaults come from ``benchmarks/generate.py`` (seed 1) and are kept in
``--work`` (default: a folder under the system temp dir) between runs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import TODAY, generate
from site_build import floor_project, measure, plugin_project

#: What the CLI's console script does; run through the chosen interpreter so
#: the benchmark never picks up another installation from PATH.
CLI = "from infoview import cli; getattr(cli, 'run', cli.main)()"

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

DESCRIBE = """
import json, os, subprocess, sys
out = {"python": sys.version.split()[0]}
try:
    import infoview
    root = os.path.dirname(os.path.dirname(os.path.abspath(infoview.__file__)))
    out["repo"] = root
    git = lambda *a: subprocess.run(["git", "-C", root, *a], capture_output=True, text=True).stdout.strip()
    out["commit"] = git("rev-parse", "--short", "HEAD")
    out["dirty"] = bool(git("status", "--porcelain", "--", "infoview", "site_plugins"))
except ImportError:
    out["repo"] = None
from importlib.metadata import version, PackageNotFoundError
for name in ("mkdocs", "mkdocs-material", "Markdown", "Jinja2", "PyYAML", "networkx"):
    try:
        out[name] = version(name)
    except PackageNotFoundError:
        out[name] = None
try:
    import yaml
    out["libyaml"] = hasattr(yaml, "CSafeLoader")
except ImportError:
    pass
print(json.dumps(out))
"""


@dataclass
class Code:
    """One installation of infoview to measure: a label, its interpreter, and what it runs."""

    label: str
    python: str
    info: dict = field(default_factory=dict)

    def cli(self, *args: str) -> list[str]:
        return [self.python, "-c", CLI, *args]

    def mkdocs(self, *args: str) -> list[str]:
        return [self.python, "-m", "mkdocs", *args]


@dataclass
class Run:
    """One child process: wall seconds, CPU seconds (user + system), peak RSS in KiB."""

    wall: float
    cpu: float
    rss: int
    out: str = ""


@dataclass
class Best:
    """The best of several runs of one command: each figure is its own minimum over the runs."""

    wall: float
    cpu: float
    rss: int
    walls: list[float]


#: Children run here, never in a repository: ``python -c`` and ``-m`` put the
#: current folder first on sys.path, which would import that repository's code.
WORK: Path = Path(tempfile.gettempdir())


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    # Bytecode caches on, as on a user's machine; the clock pinned; MkDocs quiet.
    env.update(INFOVIEW_TODAY=TODAY.isoformat(), NO_MKDOCS_2_WARNING="1", NO_COLOR="1")
    return env


def run(cmd: list[str], *, ok: tuple[int, ...] = (0,), capture: bool = False) -> Run:
    """Run ``cmd`` to completion and measure it (``os.wait4`` gives this child's own rusage)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=WORK, env=child_env(), stdout=out if capture else subprocess.DEVNULL, stderr=err, text=True
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            err.seek(0)
            raise SystemExit(f"bench: {' '.join(cmd)} exited {code}:\n{err.read()[-3000:]}")
        out.seek(0)
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, out.read())


def best_of(repeat: int, *cmds: tuple[list[str], dict]) -> list[Best]:
    """Each command ``repeat`` times, interleaved; per command the lowest wall, CPU and peak RSS."""
    results: list[list[Run]] = [[] for _ in cmds]
    for _ in range(repeat):
        for i, (cmd, kw) in enumerate(cmds):
            results[i].append(run(cmd, **kw))
    return [
        Best(min(r.wall for r in rs), min(r.cpu for r in rs), min(r.rss for r in rs), [r.wall for r in rs])
        for rs in results
    ]


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


def verdict(value: float, goal: float) -> str:
    return "ok" if value <= goal else "MISS"


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def header(title: str) -> None:
    print(f"\n== {title} == (load average {load()})", flush=True)


def describe(code: Code) -> None:
    proc = subprocess.run(
        [code.python, "-c", DESCRIBE], cwd=WORK, env=child_env(), capture_output=True, text=True, check=True
    )
    code.info = json.loads(proc.stdout)
    i = code.info
    print(
        f"{code.label}: {code.python} -> infoview from {i.get('repo')} @ {i.get('commit')}"
        f"{' (uncommitted changes)' if i.get('dirty') else ''}; Python {i['python']}, MkDocs {i['mkdocs']}, "
        f"Material {i['mkdocs-material']}, Markdown {i['Markdown']}, Jinja2 {i['Jinja2']}, PyYAML {i['PyYAML']}"
        f"{' with libyaml' if i.get('libyaml') else ''}"
    )


# -- check ---------------------------------------------------------------------
CHECK_GOAL = 2.0


def bench_check(work: Path, codes: list[Code], sizes: list[int], repeat: int) -> list[dict]:
    header("infoview check vs the floor (read every note + libyaml CSafeLoader)")
    floor = work / "floor.py"
    floor.write_text(FLOOR, encoding="utf-8")
    floor_py = codes[0].python
    cols = "".join(f" {c.label + ' s':>9} {'wall x':>7} {'cpu x':>6}" for c in codes)
    print(f"{'contacts':>9} {'notes':>8} {'floor s':>8}{cols}  goal  peak RSS floor / " + " / ".join(c.label for c in codes))
    rows = []
    for n in sizes:
        vault, info = vault_for(work, n)
        for code in codes:
            run(code.cli("check", str(vault)), ok=(0, 1))  # warm caches (bytecode, page cache)
        base, *ours = best_of(
            repeat,
            ([floor_py, str(floor), str(vault)], {}),
            *((code.cli("check", str(vault)), {"ok": (0, 1)}) for code in codes),
        )
        goal = f"<={CHECK_GOAL}x" if info["notes"] >= 10_000 else "-"
        cells = ""
        row: dict = {"contacts": n, "notes": info["notes"], "floor": base.wall, "floor_cpu": base.cpu, "rss_floor": base.rss}
        for code, r in zip(codes, ours):
            wall, cpu = ratio(r.wall, base.wall), ratio(r.cpu, base.cpu)
            cells += f" {r.wall:>9.2f} {wall:>6.2f}x {cpu:>5.2f}x"
            row[code.label] = {"wall": r.wall, "cpu": r.cpu, "ratio": wall, "cpu_ratio": cpu, "rss": r.rss}
        mark = " ".join(verdict(row[c.label]["ratio"], CHECK_GOAL) for c in codes) if goal != "-" else ""
        print(
            f"{n:>9,} {info['notes']:>8,} {base.wall:>8.2f}{cells}  {goal} {mark}  "
            + " / ".join([mib(base.rss), *(mib(r.rss) for r in ours)]),
            flush=True,
        )
        rows.append(row)
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


def heavy_imports(args: list[str], extra: str = "", python: str = sys.executable) -> list[str]:
    """The heavy packages ``infoview ARGS`` imports, in a fresh interpreter (``extra`` runs first)."""
    proc = subprocess.run(
        [python, "-c", PROBE, extra, *args], cwd=WORK, env=child_env(), capture_output=True, text=True, check=True
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("IMPORTED:")), "IMPORTED:?")
    return [m for m in line.split(":", 1)[1].split(",") if m]


def bench_startup(work: Path, codes: list[Code], repeat: int) -> list[dict]:
    header("start-up: infoview vs bare Python")
    empty = work / "empty-vault"
    empty.mkdir(exist_ok=True)
    (empty / "infoview.yml").write_text("owner: Me\n", encoding="utf-8")  # a vault to check, with no notes
    py = codes[0].python
    cmds = {"python -c pass": [py, "-c", "pass"], "python -c 'import yaml, click'": [py, "-c", "import yaml, click"]}
    for code in codes:
        cmds[f"{code.label}: infoview --help"] = code.cli("--help")
        cmds[f"{code.label}: infoview check <empty vault>"] = code.cli("check", str(empty))
    for cmd in cmds.values():
        run(cmd, ok=(0, 1))  # warm-up: bytecode written, files cached
    runs = dict(zip(cmds, best_of(max(repeat, 5), *((c, {"ok": (0, 1)}) for c in cmds.values()))))
    bare, imports = runs["python -c pass"].wall, runs["python -c 'import yaml, click'"].wall
    print(f"{'command':<40} {'ms':>7} {'vs pass':>8} {'vs import yaml, click':>22}")
    rows = []
    for name, r in runs.items():
        print(f"{name:<40} {r.wall * 1000:>7.0f} {ratio(r.wall, bare):>7.2f}x {ratio(r.wall, imports):>21.2f}x")
        rows.append({"command": name, "wall": r.wall, "vs_pass": ratio(r.wall, bare), "vs_imports": ratio(r.wall, imports)})
    for code in codes:
        for args in (["--help"], ["check", str(empty)]):
            heavy = heavy_imports(args, python=code.python)
            label = " ".join(a if a != str(empty) else "<empty vault>" for a in args)
            print(f"{code.label}: heavy imports by `infoview {label}`: {', '.join(heavy) or 'none (networkx, mkdocs not loaded)'}")
            rows.append({"code": code.label, "command": label, "heavy_imports": heavy})
    return rows


# -- site ------------------------------------------------------------------------
SITE_TIME_GOAL, SITE_RSS_GOAL, SITE_HTML_GOAL, SITE_SEARCH_GOAL = 1.5, 2.0, 1.3, 2.0


def bench_site(work: Path, codes: list[Code], sizes: list[int], repeat: int) -> list[dict]:
    header("mkdocs build: the plugin's site vs the floor (a plain Material build of as many simple pages)")
    rows = []
    for n in sizes:
        vault, info = vault_for(work, n)
        configs = {c.label: plugin_project(work / f"site-{c.label}-{n}", vault) for c in codes}
        sites = {c.label: work / f"site-{c.label}-{n}" / "site" for c in codes}

        def build(code: Code) -> list[str]:
            return code.mkdocs("build", "-q", "--clean", "-f", str(configs[code.label]), "-d", str(sites[code.label]))

        run(build(codes[0]))  # warm-up, and the number of pages the floor must have
        pages = measure(sites[codes[0].label]).pages
        floor_root = work / f"site-floor-{pages}"
        floor_cfg = floor_project(floor_root, pages)
        floor_cmd = codes[0].mkdocs("build", "-q", "--clean", "-f", str(floor_cfg), "-d", str(floor_root / "site"))
        results = best_of(repeat, (floor_cmd, {}), *((build(c), {}) for c in codes))
        base, ours = results[0], dict(zip((c.label for c in codes), results[1:]))
        fsize = measure(floor_root / "site")
        print(f"\n{n:,} contacts ({info['notes']:,} notes); the floor: {fsize.pages:,} simple pages; load average {load()}")
        print(
            f"{'':<8} {'pages':>6} {'wall s':>7} {'CPU s':>7} {'wall x':>7} {'CPU x':>6} {'peak RSS':>9} {'RSS x':>6}"
            f" {'HTML B/page':>11} {'x':>5} {'search B/page':>13} {'x':>5} {'largest page':>13}"
        )
        row: dict = {"contacts": n, "notes": info["notes"], "pages": pages, "load": load()}

        def line(label: str, b: Best, size, base_line: bool = False) -> dict:
            wx, cx, rx = ratio(b.wall, base.wall), ratio(b.cpu, base.cpu), ratio(b.rss, base.rss)
            hx, sx = ratio(size.html_per_page, fsize.html_per_page), ratio(size.search_per_page, fsize.search_per_page)
            print(
                f"{label:<8} {size.pages:>6,} {b.wall:>7.2f} {b.cpu:>7.2f} {wx:>6.2f}x {cx:>5.2f}x {mib(b.rss):>9} {rx:>5.2f}x"
                f" {size.html_per_page:>11,.0f} {hx:>4.2f}x {size.search_per_page:>13,.0f} {sx:>4.2f}x"
                f" {size.largest / 1024:>9,.0f} KiB {size.largest_page if not base_line else ''}"
            )
            return {
                "wall": b.wall, "cpu": b.cpu, "rss": b.rss, "walls": b.walls, "wall_x": wx, "cpu_x": cx, "rss_x": rx,
                "pages": size.pages, "html_per_page": size.html_per_page, "html_x": hx, "search_bytes": size.search_bytes,
                "search_entries": size.search_entries, "search_per_page": size.search_per_page, "search_x": sx,
                "largest": size.largest, "largest_page": size.largest_page, "files": size.files, "bytes": size.bytes,
            }  # fmt: skip

        row["floor"] = line("floor", base, fsize, base_line=True)
        for code in codes:
            row[code.label] = line(code.label, ours[code.label], measure(sites[code.label]))
        first = row[codes[0].label]
        print(
            f"goals ({codes[0].label}): time <={SITE_TIME_GOAL}x {verdict(first['wall_x'], SITE_TIME_GOAL)} (CPU {verdict(first['cpu_x'], SITE_TIME_GOAL)}),"
            f" peak memory <={SITE_RSS_GOAL}x {verdict(first['rss_x'], SITE_RSS_GOAL)},"
            f" HTML per page <={SITE_HTML_GOAL}x {verdict(first['html_x'], SITE_HTML_GOAL)},"
            f" search index per page <={SITE_SEARCH_GOAL}x {verdict(first['search_x'], SITE_SEARCH_GOAL)}"
        )
        for code in codes[1:]:
            other = row[code.label]
            print(
                f"{codes[0].label} vs {code.label}: wall {ratio(first['wall'], other['wall']):.2f}x, CPU {ratio(first['cpu'], other['cpu']):.2f}x,"
                f" peak RSS {ratio(first['rss'], other['rss']):.2f}x, search index {ratio(first['search_bytes'], other['search_bytes']):.2f}x"
            )
        rows.append(row)
    if len(rows) > 1:
        for code in codes:
            sizes_seen = ", ".join(f"{r['contacts']:,}: {r[code.label]['largest'] / 1024:,.0f} KiB ({r[code.label]['largest_page']})" for r in rows)
            print(f"largest page, {code.label}: {sizes_seen}")
    return rows


# -- serve -----------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 600) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 - our own local server
            return r.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """One ``mkdocs serve`` on a copy of the vault, on a free local port."""

    def __init__(self, work: Path, code: Code, vault: Path, dirty: bool) -> None:
        self.code, self.dirty = code, dirty
        self.name = f"{code.label} serve{' --dirty' if dirty else ''}"
        root = work / f"serve-{code.label}-{'dirty' if dirty else 'plain'}"
        if root.exists():
            shutil.rmtree(root)
        self.vault = root / "vault"
        shutil.copytree(vault, self.vault)
        self.config = plugin_project(root, self.vault)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = root / "serve.log"
        cmd = code.mkdocs("serve", "-f", str(self.config), "-a", f"127.0.0.1:{self.port}", *(["--dirty"] if dirty else []))
        self.started = time.perf_counter()
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(cmd, cwd=WORK, env=child_env(), stdout=log, stderr=subprocess.STDOUT)
        self.ready_after: float | None = None

    def wait_ready(self, timeout: float = 1800) -> None:
        while time.perf_counter() - self.started < timeout:
            if self.proc.poll() is not None:
                raise SystemExit(f"bench: {self.name} exited:\n{self.log.read_text()[-3000:]}")
            if fetch(self.url, timeout=5) is not None:
                self.ready_after = time.perf_counter() - self.started
                return
            time.sleep(0.2)
        raise SystemExit(f"bench: {self.name} not serving after {timeout} s")

    def people(self) -> set[str]:
        """The people pages the search index lists (one entry each, no section entries)."""
        data = json.loads(fetch(self.url + "search/search_index.json") or b"{}")
        return {d["location"] for d in data.get("docs", []) if re.fullmatch(r"people/[^/#]+/", d["location"])}

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _published_people(vault: Path) -> int:
    import yaml

    count = 0
    for note in (vault / "contacts").glob("*.md"):
        text = note.read_text(encoding="utf-8")
        meta = yaml.load(text[4 : text.find("\n---\n", 4)], Loader=yaml.CSafeLoader) or {}
        count += meta.get("private") is not True
    return count


def bench_serve(work: Path, codes: list[Code], n: int, rounds: int, idle_window: float = 5.0) -> list[dict]:
    header(f"mkdocs serve: from saving one contact note to its page showing the change ({n:,} contacts)")
    vault, _ = vault_for(work, n)
    expected = _published_people(vault)
    contacts = sorted((vault / "contacts").glob("*.md"))
    note_name = next(
        p.name for p in contacts[len(contacts) // 2 :] if "private: true" not in p.read_text(encoding="utf-8") and "\nrole: " in p.read_text(encoding="utf-8")
    )
    print(f"edited note: contacts/{note_name}; published people: {expected:,}; {rounds} edits of each kind per server")
    results = []
    for code in codes:  # one code at a time: its two servers alternate edits, the other code's are not running
        servers = [Server(work, code, vault, dirty=True), Server(work, code, vault, dirty=False)]
        try:
            for s in servers:
                s.wait_ready()
            time.sleep(min(2.0, idle_window))
            idle = {}  # what a waiting server costs: MkDocs polls the watched folders every 0.5 s
            for s in servers:
                before = cpu_seconds(s.proc.pid)
                time.sleep(idle_window)
                idle[s.name] = (cpu_seconds(s.proc.pid) - before) / idle_window
            first_people = {s.name: s.people() for s in servers}
            text = (servers[0].vault / "contacts" / note_name).read_text(encoding="utf-8")
            name = re.search(r"^name: (.+)$", text, re.M).group(1).strip()
            page = next((loc for loc in first_people[servers[0].name] if _title_at(servers[0], loc) == name), None)
            if page is None:
                raise SystemExit(f"bench: no people page found for {name}")
            out = {s.name: {"body": [], "frontmatter": [], "cpu": {"body": [], "frontmatter": []}, "people_ok": True} for s in servers}
            for i in range(rounds):
                for kind in ("body", "frontmatter"):
                    for s in servers:
                        token = f"benchedit{i}{kind[0]}{'d' if s.dirty else 'p'}{int(time.time() * 1000) % 100000}"
                        note = s.vault / "contacts" / note_name
                        current = note.read_text(encoding="utf-8")
                        if kind == "body":
                            new = current.rstrip("\n") + f"\n\nEdited: {token}.\n"
                        else:
                            new = re.sub(r"^role: .*$", f"role: Role {token}", current, count=1, flags=re.M)
                        cpu0 = cpu_seconds(s.proc.pid)
                        with note.open("w", encoding="utf-8") as fh:  # in place, as most editors save
                            fh.write(new)
                        saved = time.perf_counter()
                        while True:
                            html = fetch(s.url + page) or b""
                            if token.encode() in html:
                                break
                            if time.perf_counter() - saved > 1800 or s.proc.poll() is not None:
                                raise SystemExit(f"bench: {s.name} never showed the edit:\n{s.log.read_text()[-3000:]}")
                            time.sleep(0.02)
                        seen = time.perf_counter() - saved
                        time.sleep(0.3)  # let a second build triggered by the same save start, if any
                        fetch(s.url + page)  # waits for any build in progress
                        out[s.name][kind].append(seen)
                        out[s.name]["cpu"][kind].append(cpu_seconds(s.proc.pid) - cpu0)
                        people = s.people()
                        if people != first_people[s.name] or len(people) != expected:
                            out[s.name]["people_ok"] = False
                            out[s.name]["people_after"] = len(people)
            print(f"\n{code.label}: the person's page is {page}; load average {load()}")
            print(
                f"{'server':<28} {'first build s':>13} {'idle CPU':>8}  {'body edit: best / median s':>27} {'server CPU':>10}"
                f"  {'frontmatter: best / median s':>29} {'server CPU':>10}  people in search"
            )
            for s in servers:
                r = out[s.name]
                people_note = f"{len(first_people[s.name]):,} of {expected:,} " + ("ok" if r["people_ok"] and len(first_people[s.name]) == expected else f"MISSING (after an edit: {r.get('people_after')})")
                print(
                    f"{s.name:<28} {s.ready_after:>13.1f} {idle[s.name]:>7.0%}  {min(r['body']):>13.2f} / {statistics.median(r['body']):>6.2f}"
                    f" {min(r['cpu']['body']):>13.2f}  {min(r['frontmatter']):>15.2f} / {statistics.median(r['frontmatter']):>6.2f}"
                    f" {min(r['cpu']['frontmatter']):>13.2f}  {people_note}"
                )
                results.append(
                    {"code": code.label, "server": s.name, "dirty": s.dirty, "first_build": s.ready_after, "idle_cpu": idle[s.name],
                     "people_first": len(first_people[s.name]), "people_expected": expected, **r}
                )  # fmt: skip
            dirty = out[servers[0].name]
            worst = max(max(dirty["body"]), max(dirty["frontmatter"]))
            print(f"goal ({code.label}): the edit shown <= 3 s after the save with --dirty: {verdict(worst, 3.0)} (slowest of {2 * rounds}: {worst:.2f} s)")
        finally:
            for s in servers:
                s.stop()
    return results


def _title_at(server: Server, location: str) -> str | None:
    data = getattr(server, "_index", None)
    if data is None:
        data = server._index = json.loads(fetch(server.url + "search/search_index.json") or b"{}")
    return next((d["title"] for d in data.get("docs", []) if d["location"] == location), None)


# -- profile ---------------------------------------------------------------------
def bench_profile(work: Path, codes: list[Code], n: int) -> list[dict]:
    header(f"profile: where one mkdocs build's time goes ({n:,} contacts)")
    vault, _ = vault_for(work, n)
    out = []
    for code in codes:
        config = plugin_project(work / f"profile-{code.label}-{n}", vault)
        # A copy of the vault for the rebuild after an edit (profile_build.py puts the note back, but a copy is safer).
        edited = work / f"profile-{code.label}-{n}-edit"
        if edited.exists():
            shutil.rmtree(edited)
        shutil.copytree(vault, edited / "vault")
        edit_config = plugin_project(edited, edited / "vault")
        contacts = sorted((edited / "vault" / "contacts").glob("*.md"))
        note = contacts[len(contacts) // 2]
        for mode, cfg, extra in (
            ("timers", config, []),
            ("cprofile", config, ["--prof", str(config.parent / f"build-{n}.prof")]),
            ("timers", edit_config, ["--edit", str(note)]),
        ):
            r = run(
                [code.python, str(HERE / "profile_build.py"), str(cfg), "--mode", mode, "--site", str(cfg.parent / "site"), *extra],
                capture=True,
            )
            print(f"\n{code.label} ({mode}{', rebuild after editing ' + note.name if extra and extra[0] == '--edit' else ''}), load average {load()}:")
            print("\n".join(ln for ln in r.out.splitlines() if not ln.startswith("RESULT:")))
            data = json.loads(next(ln for ln in r.out.splitlines() if ln.startswith("RESULT:"))[len("RESULT:") :])
            out.append({"code": code.label, "edit": bool(extra and extra[0] == "--edit"), **data})
        print(f"(raw profile: {config.parent / f'build-{n}.prof'})")
    return out


# -- graph -----------------------------------------------------------------------
GRAPH = """
import json, sys, time
import networkx as nx
from infoview import load_vault
from infoview import graph as g

vault = load_vault(sys.argv[1])
times = {}
def timed(name, fn, *args, **kwargs):
    start = time.process_time()
    out = fn(*args, **kwargs)
    times[name] = time.process_time() - start
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
start = time.process_time()
bare = nx.MultiDiGraph()
bare.add_nodes_from(nodes)
bare.add_edges_from(edges)
baseline = time.process_time() - start
print("RESULT:" + json.dumps({"times": times, "baseline": baseline, "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}))
"""


def bench_graph(work: Path, codes: list[Code], sizes: list[int], repeat: int) -> list[dict]:
    header("graph: build_graph + every analysis vs NetworkX alone building the same graph (CPU seconds)")
    rows = []
    for n in sizes:
        vault, _ = vault_for(work, n)
        tries: dict[str, list] = {c.label: [] for c in codes}
        for _ in range(repeat if n <= 10_000 else 1):  # a 100,000-contact run takes minutes: once
            for code in codes:
                r = run([code.python, "-c", GRAPH, str(vault)], capture=True)
                data = json.loads(next(ln for ln in r.out.splitlines() if ln.startswith("RESULT:"))[len("RESULT:") :])
                tries[code.label].append((sum(data["times"].values()), data, r))
        row: dict = {"contacts": n}
        for code in codes:
            total, data, r = min(tries[code.label], key=lambda t: t[0])
            slow = sorted(data["times"].items(), key=lambda kv: -kv[1])[:3]
            print(
                f"{code.label:>7} {n:>9,} contacts: {data['nodes']:,} nodes, {data['edges']:,} edges; all {total:.2f} s = "
                f"{ratio(total, data['baseline']):.0f}x the bare NetworkX build; slowest: "
                + ", ".join(f"{k} {v:.2f} s" for k, v in slow)
                + f"; peak RSS {mib(r.rss)}",
                flush=True,
            )
            row[code.label] = {"total": total, **data, "rss": r.rss}
        for code in codes[1:]:
            print(f"{'':>7} {codes[0].label} / {code.label}: {ratio(row[codes[0].label]['total'], row[code.label]['total']):.2f}x")
        rows.append(row)
    for code in codes:
        for a, b in itertools.pairwise(rows):
            x, y = a[code.label], b[code.label]
            growth = math.log(ratio(y["total"], x["total"])) / math.log(b["contacts"] / a["contacts"]) if x["total"] > 0 else float("nan")
            base = math.log(ratio(y["baseline"], x["baseline"])) / math.log(b["contacts"] / a["contacts"]) if x["baseline"] > 0 else float("nan")
            print(
                f"{code.label}: growth {a['contacts']:,} -> {b['contacts']:,}: time ~ N^{growth:.2f} (bare NetworkX build ~ N^{base:.2f}; 1.00 is linear)"
            )
    return rows


# -- main ------------------------------------------------------------------------
ALL = ("check", "startup", "site", "serve", "profile", "graph")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=textwrap.dedent(__doc__.split("\n", 2)[2]),
    )
    parser.add_argument("--quick", action="store_true", help="tiny vaults, one repeat: a smoke run")
    parser.add_argument("--only", default=",".join(ALL), help=f"comma-separated benchmarks to run (of {', '.join(ALL)})")
    parser.add_argument("--python", default=sys.executable, help="interpreter whose infoview is measured (default: this one)")
    parser.add_argument("--label", default="after", help="name of that code in the tables (default: after)")
    parser.add_argument("--before", help="interpreter of another installation (the old code), measured in the same run")
    parser.add_argument("--sizes", default="1000,10000", help="contacts for `check` (default 1000,10000)")
    parser.add_argument("--graph-sizes", default="1000,10000,100000", help="contacts for `graph`")
    parser.add_argument("--site-sizes", default="2000,5000", help="contacts for `site` (default 2000,5000)")
    parser.add_argument("--serve-contacts", type=int, default=2000, help="contacts for `serve` and `profile`")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; the best counts")
    parser.add_argument("--work", type=Path, help="folder for generated vaults and sites (kept)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)

    def ints(text: str) -> list[int]:
        return [int(x) for x in text.split(",") if x.strip()]

    sizes, graph_sizes, site_sizes = ints(args.sizes), ints(args.graph_sizes), ints(args.site_sizes)
    serve_n, repeat = args.serve_contacts, args.repeat
    if args.quick:
        sizes, graph_sizes, site_sizes, serve_n, repeat = [40], [20, 40], [30], 30, 1
    only = [x.strip() for x in args.only.split(",") if x.strip()]
    unknown = set(only) - set(ALL)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    global WORK
    WORK = work = (args.work or Path(tempfile.gettempdir()) / "infoview-bench").resolve()
    work.mkdir(parents=True, exist_ok=True)
    codes = [Code(args.label, args.python)] + ([Code("before", args.before)] if args.before else [])
    print(f"infoview benchmarks: {os.cpu_count()} cores, work folder {work}, load average {load()}")
    for code in codes:
        describe(code)
    report: dict = {"cores": os.cpu_count(), "codes": {c.label: {"python": c.python, **c.info} for c in codes}, "load_start": load()}
    if "check" in only:
        report["check"] = bench_check(work, codes, sizes, repeat)
    if "startup" in only:
        report["startup"] = bench_startup(work, codes, repeat)
    if "site" in only:
        report["site"] = bench_site(work, codes, site_sizes, repeat)
    if "serve" in only:
        report["serve"] = bench_serve(work, codes, serve_n, rounds=1 if args.quick else max(2, repeat), idle_window=0.5 if args.quick else 5.0)
    if "profile" in only:
        report["profile"] = bench_profile(work, codes, serve_n)
    if "graph" in only:
        report["graph"] = bench_graph(work, codes, graph_sizes, repeat)
    report["load_end"] = load()
    print(f"\nload average at the end: {load()}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
