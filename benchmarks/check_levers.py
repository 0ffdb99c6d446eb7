"""What the two levers issue 15 removed would give ``infoview check``: an experiment, never product code.

    INFOVIEW_LEVERS=gc,resolver python benchmarks/check_levers.py check VAULT

Runs the console script (``infoview.cli.run``) with the levers ``INFOVIEW_LEVERS`` names:

- ``gc``: the cyclic garbage collector disabled for the whole command (the rewrite deleted such tricks);
- ``resolver``: PyYAML's ``BaseResolver.resolve``, which libyaml's composer calls for every node, replaced
  by one without the path-resolver logic infoview never uses (the rewrite deleted resolver patches).

The findings must not change (``tests/test_benchmarks_smoke.py`` checks it); time it against the floor
as ``bench.py`` does, e.g. best of 7 runs of each, interleaved.
"""

from __future__ import annotations

import gc
import os

from yaml.nodes import ScalarNode, SequenceNode

from infoview.cli import run
from infoview.parse import Loader

LEVERS = {lever.strip() for lever in os.environ.get("INFOVIEW_LEVERS", "").split(",") if lever.strip()}


def resolve(self: Loader, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    """PyYAML's implicit typing of a scalar by its first character and the resolvers' patterns, nothing else."""
    if kind is ScalarNode:
        if implicit[0]:
            for tag, pattern in Loader.yaml_implicit_resolvers.get(value[:1], ()):
                if pattern.match(value):
                    return tag
        return self.DEFAULT_SCALAR_TAG
    return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG


if __name__ == "__main__":
    if unknown := LEVERS - {"gc", "resolver"}:
        raise SystemExit(f"unknown levers: {', '.join(sorted(unknown))} (known: gc, resolver)")
    if "gc" in LEVERS:
        gc.disable()
    if "resolver" in LEVERS:
        Loader.resolve = resolve  # type: ignore[method-assign]
    run()
