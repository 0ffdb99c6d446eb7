"""Where the CPU time of one ``infoview check`` goes, without a profiler (or with cProfile's top list).

    python benchmarks/profile_check.py VAULT [--gc-off] [--cprofile N]

Runs ``infoview check VAULT`` in this process (run it with the interpreter
whose infoview you want to measure: only the standard library and infoview
are imported here) and prints the CPU seconds through the functions listed
in ``POINTS`` that this version of the code has (the others are skipped),
the cyclic garbage collector's time, and the whole command's CPU time.
``--gc-off`` runs the command with the collector disabled, to measure what
collection costs; ``--cprofile N`` prints cProfile's top N functions by
cumulative time instead (slower; shares only).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import importlib
import io
import json
import sys
import time

#: (module, attribute path) of the entry points timed when present; nested ones are included in their callers.
POINTS = (
    ("infoview.load", "load_vault"),
    ("infoview.load", "read_note"),
    ("infoview.parse", "parse_frontmatter"),
    ("infoview.plainyaml", "parse"),
    ("infoview.load", "_Builder.build"),
    ("infoview.model", "Vault.__init__"),
    ("infoview.load", "check_links"),
    ("infoview.load", "_derive_statuses"),
    ("infoview.rules", "run_rules"),
    ("infoview.report", "format_text"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault")
    parser.add_argument("--gc-off", action="store_true", help="disable the cyclic garbage collector for the whole command")
    parser.add_argument("--cprofile", type=int, metavar="N", help="print cProfile's top N functions instead")
    args = parser.parse_args(argv)

    totals: dict[str, float] = {}
    for module_name, attr in POINTS:
        try:
            owner: object = importlib.import_module(module_name)
        except ImportError:
            continue
        *path, name = attr.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        real = getattr(owner, name, None) if owner is not None else None
        if real is None:
            continue
        label = f"{module_name}.{attr}"

        def timed(*a, _real=real, _label=label, **k):
            start = time.process_time()
            try:
                return _real(*a, **k)
            finally:
                totals[_label] = totals.get(_label, 0.0) + time.process_time() - start

        setattr(owner, name, functools.wraps(real)(timed))
        # Modules that imported the name before it was wrapped keep the original: patch them too.
        for mod in list(sys.modules.values()):
            if mod is not None and mod is not owner and getattr(mod, name, None) is real and getattr(mod, "__name__", "").startswith("infoview"):
                setattr(mod, name, owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name))
    gc_time = [0.0, 0.0]

    def gc_timer(phase: str, info: dict) -> None:
        if phase == "start":
            gc_time[1] = time.process_time()
        else:
            gc_time[0] += time.process_time() - gc_time[1]

    from infoview.cli import main as cli

    if args.gc_off:
        gc.disable()
    gc.callbacks.append(gc_timer)
    sys.argv = ["infoview", "check", args.vault]
    profiler = None
    if args.cprofile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        cli()
    total = time.process_time() - start
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.cprofile)
        return 0
    gc.callbacks.remove(gc_timer)
    print(f"infoview check {args.vault}: {total:.2f} s CPU (after the imports); cyclic GC {gc_time[0]:.2f} s of it{' (GC off)' if args.gc_off else ''}")
    for label, seconds in totals.items():
        print(f"  {label:<40} {seconds:>6.2f} s  {seconds / total:>6.1%}")
    print("RESULT:" + json.dumps({"total": total, "gc": gc_time[0], "points": totals, "gc_off": args.gc_off}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
