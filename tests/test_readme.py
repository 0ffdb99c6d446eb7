"""The README's walkthrough works verbatim on a fresh `infoview init` (a new user types exactly these lines)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _blocks(heading: str) -> list[str]:
    """The ```sh blocks under a README heading, as shell lines (comments dropped)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    out = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.DOTALL):
        for line in block.splitlines():
            line = line.split(" #", 1)[0].strip()
            if line and not line.startswith("#"):
                out.append(line)
    return out


def test_the_authoring_walkthrough_runs_verbatim(tmp_path):
    lines = _blocks("## Authoring from the command line")
    assert lines[0].startswith("infoview init ") and lines[-1] == "infoview check"
    cwd = tmp_path
    env = dict(os.environ, INFOVIEW_TODAY="2026-12-03", EDITOR="true", NO_COLOR="1")
    env.pop("INFOVIEW_VAULT", None)
    cli = [sys.executable, "-c", "import sys; from infoview.cli import main; sys.exit(main())"]
    for line in lines:
        args = shlex.split(line)
        if args[0] == "cd":
            cwd = cwd / args[1]
            continue
        assert args[0] == "infoview", line
        done = subprocess.run([*cli, *args[1:]], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
        assert "Traceback" not in done.stderr, (line, done.stderr)
        assert done.returncode == 0, (line, done.stdout, done.stderr)
    meeting = (cwd / "vault" / "interviews" / "2026-12-02-jose-nunez.md").read_text(encoding="utf-8")
    assert "status: done" in meeting and "thank_you_sent: 2026-12-03" in meeting and "referrer_thanked: 2026-12-03" in meeting
    assert "referred_by: \"[[Jane Doe]]\"" in (cwd / "vault" / "contacts" / "jose-nunez.md").read_text(encoding="utf-8")
