"""Where the time of one ``mkdocs build`` goes, by owner: our code, Jinja, Markdown, MkDocs, Material search.

    python benchmarks/profile_build.py path/to/mkdocs.yml [--mode timers|cprofile] [--site DIR] [--prof out.prof] [--top 30]
    python benchmarks/profile_build.py path/to/mkdocs.yml --edit VAULT/contacts/x.md   # a serve --dirty rebuild

Runs the build in this process under cProfile (run it with the interpreter
whose infoview you want to profile; only the standard library and MkDocs are
imported here, so the code before the rewrite can be profiled too) and
splits the build's time by who called whom (cProfile's caller edges):

- our code: every call MkDocs makes into ``infoview/`` or ``site_plugins/``
  (the plugin's events, the ``render`` it gives pages), of which
  Jinja for our templates (calls from our code into ``jinja2``), Markdown
  for note bodies (into ``markdown``/``pymdownx``), nh3 (``nh3.clean``) and
  the rest;
- Jinja for the theme: MkDocs' calls into ``jinja2`` (Material's templates,
  with the filters they call);
- Markdown for MkDocs' pages: MkDocs' calls into ``markdown``/``pymdownx``;
- Material search: MkDocs' calls into the search plugin;
- MkDocs: the rest of the build.

cProfile slows Python code down (about 1.5-2x here), more where calls are
small and many, so read the shares, not the seconds. The cyclic garbage
collector's time (from ``gc.callbacks``) is reported on its own; cProfile
charges it to whatever function was running.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import sys
import tempfile
import time

GROUPS = (
    "our code (infoview/, site_plugins/)",
    "  Jinja: our templates",
    "  Markdown: note bodies",
    "  nh3: sanitising",
    "  our own Python",
    "Jinja: the theme (Material's templates)",
    "Markdown: MkDocs' pages",
    "Material search",
    "MkDocs (the rest)",
)


def _dirs() -> dict[str, list[str]]:
    """Path prefixes of each owner, from the modules this interpreter imports."""
    import importlib

    def where(name: str) -> str | None:
        try:
            module = importlib.import_module(name)
        except ImportError:
            return None
        return os.path.dirname(os.path.abspath(module.__file__)) + os.sep

    ours = [d for d in (where("infoview"), where("site_plugins")) if d]
    return {
        "templates-ours": [os.path.join(d, "site", "templates") + os.sep for d in ours[:1]],
        "ours": ours,
        "search": [d + "plugins" + os.sep + "search" + os.sep for d in filter(None, [where("material")])]
        + [d + "contrib" + os.sep + "search" + os.sep for d in filter(None, [where("mkdocs")])],
        "templates-theme": [d + "templates" + os.sep for d in filter(None, [where("material")])]
        + [d + "themes" + os.sep for d in filter(None, [where("mkdocs")])],
        "jinja": [d for d in (where("jinja2"), where("markupsafe")) if d],
        "markdown": [d for d in (where("markdown"), where("pymdownx"), where("mkdocs_callouts")) if d],
        "mkdocs": [d for d in (where("mkdocs"), where("material")) if d],
    }


def owner(filename: str, dirs: dict[str, list[str]]) -> str:
    """Who a function belongs to, by its file (first match wins: templates before their package)."""
    path = os.path.abspath(filename) if not filename.startswith(("~", "<")) else filename
    for kind in ("templates-ours", "search", "templates-theme", "ours", "jinja", "markdown", "mkdocs"):
        if any(path.startswith(d) for d in dirs[kind]):
            return kind
    return "other"


def analyse(stats: pstats.Stats, dirs: dict[str, list[str]], top: int) -> dict:
    raw = stats.stats  # type: ignore[attr-defined]
    kind = {func: owner(func[0], dirs) for func in raw}
    total = max((ct for func, (_, _, _, ct, _) in raw.items() if func[2] == "build" and func[0].endswith(os.path.join("commands", "build.py"))), default=0.0)

    def into(callee_kinds: set[str], caller_kinds: set[str], name: str | None = None) -> float:
        """Cumulative time of the calls from ``caller_kinds`` into ``callee_kinds`` (or builtins named ``name``)."""
        out = 0.0
        for func, (_, _, _, _, callers) in raw.items():
            hit = kind[func] in callee_kinds if name is None else name in func[2]
            if not hit:
                continue
            for caller, (_, _, _, ct) in callers.items():
                if kind[caller] in caller_kinds:
                    out += ct
        return out

    mk = {"mkdocs"}
    ours_total = into({"ours"}, mk)
    jinja_ours = into({"jinja", "templates-ours"}, {"ours"})
    markdown_ours = into({"markdown"}, {"ours"})
    nh3 = into(set(), {"ours"}, name="nh3")
    jinja_theme = into({"jinja", "templates-theme"}, mk)
    markdown_mk = into({"markdown"}, mk)
    search = into({"search"}, mk)
    shares = {
        GROUPS[0]: ours_total,
        GROUPS[1]: jinja_ours,
        GROUPS[2]: markdown_ours,
        GROUPS[3]: nh3,
        GROUPS[4]: ours_total - jinja_ours - markdown_ours - nh3,
        GROUPS[5]: jinja_theme,
        GROUPS[6]: markdown_mk,
        GROUPS[7]: search,
        GROUPS[8]: total - ours_total - jinja_theme - markdown_mk - search,
    }
    label = {
        "ours": "ours",
        "templates-ours": "Jinja (ours)",
        "templates-theme": "Jinja (theme)",
        "jinja": "Jinja",
        "markdown": "Markdown",
        "search": "search",
        "mkdocs": "MkDocs",
        "other": "stdlib/other",
    }
    rows = sorted(raw.items(), key=lambda kv: -kv[1][3])
    top_rows = []
    for func, (cc, nc, tt, ct, _) in rows:
        if len(top_rows) >= top:
            break
        if func[0] == "~" and func[2] in ("<built-in method builtins.exec>",):
            continue
        top_rows.append(
            {
                "function": _name(func, dirs),
                "owner": label[kind[func]],
                "calls": nc,
                "cumulative": ct,
                "self": tt,
            }
        )
    own = {}
    for func, (_, _, tt, _, _) in raw.items():
        own[label[kind[func]]] = own.get(label[kind[func]], 0.0) + tt
    return {"total": total, "groups": shares, "top": top_rows, "self_by_owner": own}


def _name(func: tuple, dirs: dict[str, list[str]]) -> str:
    filename, line, name = func
    if filename == "~":
        return name
    path = os.path.abspath(filename)
    roots = sorted({os.path.dirname(d.rstrip(os.sep)) + os.sep for ds in dirs.values() for d in ds}, key=len, reverse=True)
    for root in roots:
        if path.startswith(root):
            path = path[len(root) :]
            break
    else:
        path = os.path.basename(path)
    return f"{path}:{line}({name})"


def timers() -> tuple[dict[str, float], callable]:
    """Wrap, without a profiler, the few entry points each owner's time goes through; returns the totals and an undo.

    CPU seconds of: the infoview plugin's events (and the ``render`` it gives
    a page), ``load_vault`` and ``build_site`` inside them, Jinja's
    ``Template.render`` for our templates and the theme's, Markdown (new
    instances and ``convert``) called from our code or from MkDocs, and the
    search plugin's events. Thousands of calls, not millions: the cost of
    the wrappers is lost in the noise.
    """
    import functools
    import importlib

    import jinja2
    import markdown

    dirs = _dirs()
    out: dict[str, float] = {}
    undo: list[tuple[object, str, object]] = []
    depth = {"ours": 0}

    def wrap(owner_obj: object, name: str, key) -> None:
        real = owner_obj.__dict__[name] if isinstance(owner_obj, type) else getattr(owner_obj, name)

        @functools.wraps(real)
        def timed(*args, **kwargs):
            label = key(args) if callable(key) else key
            start = time.process_time()
            try:
                return real(*args, **kwargs)
            finally:
                out[label] = out.get(label, 0.0) + time.process_time() - start

        undo.append((owner_obj, name, real))
        setattr(owner_obj, name, timed)

    def caller_kind(level: int = 3) -> str:
        frame = sys._getframe(level)
        while frame is not None:
            kind = owner(frame.f_code.co_filename, dirs)
            if kind in ("ours", "templates-ours", "mkdocs", "templates-theme"):
                return "ours" if kind in ("ours", "templates-ours") else "mkdocs"
            frame = frame.f_back
        return "mkdocs"

    try:
        plugin_cls = importlib.import_module("site_plugins.plugin").InfoviewPlugin
    except ImportError:
        plugin_cls = None
    if plugin_cls is not None:
        for name in [n for n in vars(plugin_cls) if n.startswith("on_")]:
            if name == "on_pre_page":
                real = vars(plugin_cls)[name]

                def pre_page(self, page, *args, _real=real, **kwargs):
                    start = time.process_time()
                    out_page = _real(self, page, *args, **kwargs)
                    out["our code: plugin events"] = out.get("our code: plugin events", 0.0) + time.process_time() - start
                    render = (out_page or page).__dict__.get("render")
                    if render is not None:
                        def timed_render(*a, _render=render, **k):
                            t = time.process_time()
                            try:
                                return _render(*a, **k)
                            finally:
                                out["our code: plugin events"] += time.process_time() - t
                        (out_page or page).render = timed_render
                    return out_page

                undo.append((plugin_cls, name, real))
                setattr(plugin_cls, name, pre_page)
            elif name == "on_files":
                real_files = vars(plugin_cls)[name]

                def on_files(self, *args, _real=real_files, **kwargs):
                    start = time.process_time()
                    try:
                        return _real(self, *args, **kwargs)
                    finally:
                        out["our code: plugin events"] = out.get("our code: plugin events", 0.0) + time.process_time() - start
                        out["rss_after_on_files"] = _rss("VmRSS")
                        out["plugin"] = self  # what it holds is measured after the build

                undo.append((plugin_cls, name, real_files))
                setattr(plugin_cls, name, on_files)
            else:
                wrap(plugin_cls, name, "our code: plugin events")
    for module, name, label in (("infoview.load", "load_vault", "  load_vault"), ("infoview.site", "build_site", "  build_site")):
        try:
            wrap(importlib.import_module(module), name, label)
        except (ImportError, AttributeError):
            pass
    ours_templates = dirs["templates-ours"]

    def template_label(args) -> str:
        filename = getattr(args[0], "filename", None) or ""
        return "  Jinja: our templates" if any(os.path.abspath(filename).startswith(d) for d in ours_templates) else "Jinja: the theme (Template.render)"

    wrap(jinja2.Template, "render", template_label)
    wrap(markdown.Markdown, "__init__", lambda args: "  Markdown: note bodies" if caller_kind() == "ours" else "Markdown: MkDocs' pages")
    wrap(markdown.Markdown, "convert", lambda args: "  Markdown: note bodies" if caller_kind() == "ours" else "Markdown: MkDocs' pages")
    for module in ("material.plugins.search.plugin", "mkdocs.contrib.search"):
        try:
            cls = importlib.import_module(module).SearchPlugin
        except (ImportError, AttributeError):
            continue
        for name in [n for n in vars(cls) if n.startswith("on_")]:
            wrap(cls, name, "Material search")

    def restore() -> None:
        for obj, name, real in reversed(undo):
            setattr(obj, name, real)

    return out, restore


def _rss(field: str) -> int:
    """KiB of this process's resident memory now (``VmRSS``) or at its peak (``VmHWM``), from Linux's /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _held(plugin: object) -> dict[str, int]:
    """Bytes of the text the plugin keeps for the build: pages' HTML, the JSON lists, the search entries."""
    site = getattr(plugin, "site", None)
    if site is None:
        return {}
    pages = getattr(site, "pages", {})
    html = sum(len(getattr(p, "html", p) or "") for p in pages.values())
    data = sum(len(t) for t in getattr(site, "data", {}).values())
    search = len(json.dumps(getattr(site, "search", []), ensure_ascii=False))
    built = getattr(plugin, "built", None)
    return {"pages": len(pages), "built": len(built) if built is not None else -1, "html_chars": html, "json_lists_chars": data, "search_chars": search}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", help="mkdocs.yml of the project to build")
    parser.add_argument("--mode", choices=("timers", "cprofile"), default="cprofile", help="timers: no profiler, wall time through each owner's entry points; cprofile: the split by caller edges and the top functions")
    parser.add_argument("--site", help="site_dir (default: a temporary folder)")
    parser.add_argument("--prof", help="cprofile: also write the raw profile here (for snakeviz, pstats...)")
    parser.add_argument("--top", type=int, default=30, help="cprofile: functions listed by cumulative time")
    parser.add_argument("--edit", help="a note of the vault: build once as `mkdocs serve --dirty` does, append a line to this note, and measure the rebuild (the note is put back)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    if args.mode == "timers":
        totals, restore = timers()  # before MkDocs loads the plugins: it binds their event methods then
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = args.site or tempfile.mkdtemp(prefix="infoview-profile-")
    config = load_config(args.config, site_dir=site)
    dirty = args.edit is not None
    original = None
    if dirty:  # as `mkdocs serve --dirty`: one plugin instance across builds, a first build, then the edit
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
        note = os.path.abspath(args.edit)
        with open(note, encoding="utf-8") as fh:
            original = fh.read()
        with open(note, "w", encoding="utf-8") as fh:
            fh.write(original.rstrip("\n") + "\n\nEdited by profile_build.py.\n")
        config = load_config(args.config, site_dir=site)  # what serve does on every rebuild
        if args.mode == "timers":
            for key in list(totals):
                if key != "plugin":
                    del totals[key]
    else:
        config.plugins.on_startup(command="build", dirty=False)
    gc_time = [0.0, 0.0]

    def gc_timer(phase: str, info: dict) -> None:
        if phase == "start":
            gc_time[1] = time.perf_counter()
        else:
            gc_time[0] += time.perf_counter() - gc_time[1]

    profiler = cProfile.Profile()
    rss_before = _rss("VmRSS")
    gc.callbacks.append(gc_timer)
    wall, cpu = time.perf_counter(), time.process_time()
    if args.mode == "cprofile":
        profiler.enable()
    try:
        build(config, **({"serve_url": "http://127.0.0.1:8000/", "dirty": True} if dirty else {}))
    finally:
        if original is not None:
            with open(note, "w", encoding="utf-8") as fh:
                fh.write(original)
    if args.mode == "cprofile":
        profiler.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    gc.callbacks.remove(gc_timer)
    config.plugins.on_shutdown()

    if args.mode == "timers":
        restore()
        plugin = totals.pop("plugin", None)
        rss_files = totals.pop("rss_after_on_files", 0)
        result = {"mode": "timers", "total": wall, "cpu": cpu, "gc": gc_time[0], "groups": {}, "rss_after_on_files": rss_files, "rss_peak": _rss("VmHWM"), "rss_before": rss_before, "held": _held(plugin)}
        order = ["our code: plugin events", "  load_vault", "  build_site", "  Jinja: our templates", "  Markdown: note bodies", "Jinja: the theme (Template.render)", "Markdown: MkDocs' pages", "Material search"]
        for key in order:
            result["groups"][key] = totals.get(key, 0.0)
        top = result["groups"]["our code: plugin events"] + result["groups"]["Jinja: the theme (Template.render)"] + result["groups"]["Markdown: MkDocs' pages"] + result["groups"]["Material search"]
        result["groups"]["MkDocs (the rest)"] = cpu - top
        what = "rebuild with --dirty after editing one note" if dirty else "build"
        print(f"mkdocs {what}, no profiler: {wall:.2f} s wall, {cpu:.2f} s CPU; cyclic GC {gc_time[0]:.2f} s (wall) inside it")
        print(f"{'CPU time through (in this build)':<46} {'s':>7} {'share':>6}")
        for group, seconds in result["groups"].items():
            print(f"{group:<46} {seconds:>7.2f} {seconds / cpu:>6.1%}")
        held = result["held"]
        print(
            f"memory (RSS): {rss_before / 1024:.0f} MiB before the build (imports, config), {rss_files / 1024:.0f} MiB after the plugin's on_files,"
            f" peak {result['rss_peak'] / 1024:.0f} MiB"
            + (f"; pages MkDocs rendered again: {held['built']:,} of {held['pages']:,}" if dirty and held else "")
            + (f"; the plugin holds {held['pages']:,} pages: HTML {held['html_chars'] / 1e6:.1f} M chars, JSON lists {held['json_lists_chars'] / 1e6:.1f} M, search entries {held['search_chars'] / 1e6:.1f} M" if held else "")
        )
        print("RESULT:" + json.dumps(result))
        return 0

    if args.prof:
        profiler.dump_stats(args.prof)
    result = analyse(pstats.Stats(profiler), _dirs(), args.top)
    result.update(mode="cprofile", wall_profiled=wall, gc=gc_time[0])
    total = result["total"] or 1.0
    what = "rebuild with --dirty after editing one note" if dirty else "build"
    print(f"mkdocs {what} under cProfile: {result['total']:.2f} s; cyclic GC {gc_time[0]:.2f} s inside it")
    print(f"{'group (cumulative time of the calls into it)':<46} {'s':>7} {'share':>6}")
    for group, seconds in result["groups"].items():
        print(f"{group:<46} {seconds:>7.2f} {seconds / total:>6.1%}")
    print(f"\n{'top functions by cumulative time':<78} {'owner':<14} {'calls':>8} {'cum s':>7} {'share':>6}")
    for row in result["top"]:
        print(f"{row['function'][:78]:<78} {row['owner']:<14} {row['calls']:>8} {row['cumulative']:>7.2f} {row['cumulative'] / total:>6.1%}")
    print("RESULT:" + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
