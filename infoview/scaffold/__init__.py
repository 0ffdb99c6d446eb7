"""Built-in note templates, template filling, and the skeleton ``infoview init`` writes.

Templates use ``{{placeholder}}`` fields, as Obsidian's core Templates plugin does (``{{name}}``,
``{{date}}``...); a user's own ``vault/templates/<type>.md`` wins over the built-in one. Filling keeps the
layout. In the frontmatter, a value that is exactly one placeholder becomes a proper YAML value (a date stays a
date, a link is quoted), one inside a longer value is replaced by text, and a line whose placeholder has no
value is left out (a list item holding one goes whole, and a key whose items all went goes too): a new note
never carries ``{{...}}`` or a half-written entry in its data. In the body, a placeholder with no value becomes
an Obsidian comment ``%% ... %%``: still a prompt in the editor, never published nor counted as preparation.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import yaml

from ..edit import yaml_scalar
from ..parse import parse_yaml

__all__ = ["KINDS", "Fill", "TemplateError", "builtin_template", "fill_template", "placeholder_key", "skeleton"]

KINDS = ("contact", "company", "interview")
_PLACEHOLDER = re.compile(r"\{\{([^{}\n]*)\}\}")
_FENCE_OPEN = re.compile(r"---[ \t]*")
_FENCE_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*")
_ITEM_ONLY = re.compile(r"^(\s*)(?:[-*+]\s+(?:\[[ xX]\]\s+)?)?\{\{([^{}\n]*)\}\}\s*$")


class TemplateError(ValueError):
    """A template that cannot be filled into a readable note."""


@dataclass(frozen=True)
class Fill:
    """A placeholder's value: ``value`` when it is a whole frontmatter value, ``text`` elsewhere."""

    text: str
    value: Any = None

    @property
    def typed(self) -> Any:
        return self.text if self.value is None else self.value


def placeholder_key(name: str) -> str:
    """``{{Referred By}}``, ``{{referred-by}}`` and ``{{referred_by}}`` are one placeholder."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _data(*parts: str) -> str:
    """A text shipped in this package's folder (``templates/``, ``letters/``, ``init/``)."""
    return files(__name__).joinpath(*parts).read_text(encoding="utf-8")


def builtin_template(kind: str) -> str:
    """The built-in template for a note type."""
    return _data("templates", f"{kind}.md")


def _walk(node: yaml.Node | None) -> Iterator[yaml.Node]:
    """Value nodes that may hold placeholders (a bare ``{{x}}`` is read as a flow mapping)."""
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.MappingNode):
        if node.flow_style and node.start_mark.line == node.end_mark.line:
            yield node  # checked against its source text below
        for _key, value in node.value:
            yield from _walk(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item)


def _fill_frontmatter(
    lines: list[str], first: int, fills: dict[str, Fill], unfilled: list[str], where: str
) -> list[str]:
    fm = "".join(lines)
    try:
        root = yaml.compose(fm, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first + (mark.line if mark else 0)
        problem = getattr(exc, "problem", None) or "unreadable"
        raise TemplateError(f"{where}:{line}: the template's frontmatter is not valid YAML ({problem})") from None
    edits: dict[int, list[tuple[int, int, str]]] = {}
    drop: set[int] = set()
    for node in _walk(root):
        start, end = node.start_mark, node.end_mark
        if start.line != end.line:
            continue
        source = lines[start.line][start.column : end.column]
        if isinstance(node, yaml.ScalarNode):
            inner = node.value
        elif _PLACEHOLDER.fullmatch(source):
            inner = source
        else:
            continue
        names = [placeholder_key(m) for m in _PLACEHOLDER.findall(inner)]
        if not names:
            continue
        if missing := [n for n in names if n not in fills]:
            unfilled.extend(missing)
            drop.add(start.line)
            continue
        if whole := _PLACEHOLDER.fullmatch(inner):
            text = yaml_scalar(fills[placeholder_key(whole.group(1))].typed)
        else:
            text = yaml_scalar(_PLACEHOLDER.sub(lambda m: fills[placeholder_key(m.group(1))].text, inner))
        edits.setdefault(start.line, []).append((start.column, end.column, text))
    out = list(lines)
    for i, changes in edits.items():
        for a, b, text in sorted(changes, reverse=True):
            out[i] = out[i][:a] + text + out[i][b:]
    keep = [True] * len(out)
    for i in sorted(drop):
        keep[i] = False
        start = _item_start(out, i)
        if start is not None:
            # A list item with a prompt left unanswered (an outreach entry without its note...) goes whole.
            for j in _item_lines(out, start):
                keep[j] = False
    # A key whose every list item was left out goes too (no empty `outreach:`).
    for i, line in enumerate(out):
        if keep[i] and _BARE_KEY.match(line):
            children = _children(out, i)
            if children and not any(keep[j] for j in children):
                keep[i] = False
    return [line for line, k in zip(out, keep) if k]


_BARE_KEY = re.compile(r"^\s*[^\s#-][^:#]*:\s*(?:#.*)?\r?\n?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _item_start(lines: list[str], i: int) -> int | None:
    """The first line of the block list item holding line ``i``, if any."""
    if lines[i].lstrip(" ").startswith("- "):
        return i
    want = _indent(lines[i])
    for j in range(i - 1, -1, -1):
        if not lines[j].strip() or lines[j].lstrip().startswith("#"):
            continue
        if _indent(lines[j]) < want:
            return j if lines[j].lstrip(" ").startswith("- ") and _indent(lines[j]) + 2 <= want else None
    return None


def _item_lines(lines: list[str], start: int) -> range:
    dash, end = _indent(lines[start]), start + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > dash):
        end += 1
    return range(start, end)


def _children(lines: list[str], i: int) -> range:
    """The lines of a bare key's block value (indented deeper, or ``- `` items at its indentation)."""
    base, end = _indent(lines[i]), i + 1
    for line in lines[i + 1 :]:
        content = bool(line.strip()) and not line.lstrip().startswith("#")
        if content and (_indent(line) < base or (_indent(line) == base and not line.lstrip(" ").startswith("- "))):
            break
        end += 1
    while end > i + 1 and not lines[end - 1].strip():  # trailing blank lines are not the key's
        end -= 1
    return range(i + 1, end)


def _fill_body(lines: list[str], fills: dict[str, Fill], unfilled: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if "{{" not in line:
            out.append(line)
            continue
        ending = "\r\n" if line.endswith("\r\n") else "\n" if line.endswith("\n") else ""
        if only := _ITEM_ONLY.match(line.rstrip("\r\n")):
            key = placeholder_key(only.group(2))
            if key in fills:
                block = fills[key].text
                if "\n" in block:  # a list, e.g. {{questions}}: one line each, indented like the placeholder
                    out.extend(only.group(1) + b + ending for b in block.split("\n"))
                    continue
            else:
                # A prompt with no value: keep it visible in the editor, out of the data.
                unfilled.append(key)
                out.append(f"{only.group(1)}%% {only.group(2).strip()} %%{ending}")
                continue

        def sub(m: re.Match[str]) -> str:
            key = placeholder_key(m.group(1))
            if key in fills:
                return fills[key].text
            unfilled.append(key)
            return f"%% {m.group(1).strip()} %%"

        out.append(_PLACEHOLDER.sub(sub, line))
    return out


def fill_template(text: str, fills: dict[str, Fill], where: str = "template") -> tuple[str, list[str]]:
    """The note a template gives with these values, and the placeholders left without one.

    :class:`TemplateError` when the template (or the filled note) has frontmatter YAML cannot read.
    """
    fills = {placeholder_key(k): v for k, v in fills.items()}
    bom = text.startswith("\ufeff")
    lines = io.StringIO(text[1:] if bom else text, newline="\n").readlines()  # split on \n only, keeping endings
    unfilled: list[str] = []
    close = None
    if lines and _FENCE_OPEN.fullmatch(lines[0].rstrip("\r\n")):
        close = next((i for i in range(1, len(lines)) if _FENCE_CLOSE.fullmatch(lines[i].rstrip("\r\n"))), None)
        if close is None:
            raise TemplateError(f"{where}:1: the template's frontmatter is never closed")
    if close is None:
        result = _fill_body(lines, fills, unfilled)
    else:
        fm = _fill_frontmatter(lines[1:close], 2, fills, unfilled, where)
        result = [lines[0], *fm, lines[close], *_fill_body(lines[close + 1 :], fills, unfilled)]
        res = parse_yaml("".join(fm), 2)
        bad = [p for p in res.problems if p.severity == "error"]
        if bad or (res.data is not None and not isinstance(res.data, dict)):
            line = bad[0].line if bad else 2
            raise TemplateError(
                f"{where}:{line}: the filled template is not a readable note ({bad[0].message if bad else 'not a mapping'})"
            )
    return ("\ufeff" if bom else "") + "".join(result), list(dict.fromkeys(unfilled))


def skeleton(owner: str, timezone: str, title: str | None = None) -> dict[str, str]:
    """The files ``infoview init`` writes, by path; texts from ``init/`` (``str.format`` fields)."""
    from ..ci import WORKFLOW, workflow_template

    title = title or f"{owner}'s networking campaign"
    values = {"owner": yaml_scalar(owner), "timezone": yaml_scalar(timezone), "title": yaml_scalar(title)}
    return {
        "README.md": _data("init", "README.md").format(title=title),
        ".gitignore": _data("init", "gitignore.txt"),
        "mkdocs.yml": _data("init", "mkdocs.yml").format(**values),
        ".pre-commit-config.yaml": _data("init", "pre-commit-config.yaml"),
        f".github/workflows/{WORKFLOW}": workflow_template(),
        "docs/.gitkeep": "",
        "vault/infoview.yml": _data("init", "infoview.yml").format(**values),
        **{f"vault/{folder}/.gitkeep": "" for folder in ("contacts", "companies", "interviews")},
        **{f"vault/templates/{kind}.md": builtin_template(kind) for kind in KINDS},
    }
