"""Split a note into frontmatter and body, and read the frontmatter safely.

python-frontmatter's handlers detect the format and find the fences: YAML
between ``---`` lines, TOML between ``+++`` lines (as Hugo and Zola notes
have it, read with :mod:`tomllib`). The library strips text and so loses line
numbers; here the fences' positions give every part its real line.

YAML is read by one loader, PyYAML's libyaml-based ``CSafeLoader``, with
YAML 1.2 core-schema typing (``yes``, ``no`` and ``20:03`` stay text, ``08``
is eight) and dates kept as dates; a date that cannot exist (``2026-13-45``)
stays text so the field reader reports it on its own line. The composed node
tree gives the line of every key, duplicate keys, and refuses alias bombs.

Nothing here raises on bad input: every problem becomes a :class:`Problem`
with the 1-based line in the file, which the loader turns into a finding.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tomllib
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml
from frontmatter.default_handlers import BaseHandler, YAMLHandler

__all__ = [
    "MAX_FRONTMATTER_BYTES",
    "Loader",
    "Parsed",
    "Problem",
    "YamlResult",
    "parse_frontmatter",
    "parse_yaml",
    "read_text",
    "split_note",
]

#: Frontmatter beyond this is refused: no real note comes close, and it keeps
#: libyaml's recursive parser away from inputs that could exhaust its stack.
MAX_FRONTMATTER_BYTES = 256 * 1024
#: Deepest nesting accepted, and the most nodes a document may expand to once
#: aliases are followed (a "billion laughs" document expands exponentially).
MAX_DEPTH = 64
MAX_NODES = 20_000

_PLACEHOLDER = re.compile(r"\{\{[^{}\n]*\}\}")


@dataclass(frozen=True)
class Problem:
    """A problem found while reading one file."""

    rule: str
    line: int
    message: str
    hint: str = ""
    severity: str = "error"


class Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's safe loader with YAML 1.2 core-schema implicit types (plus timestamps)."""

    yaml_implicit_resolvers: ClassVar[dict] = {}


for _tag, _pattern, _first in (
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        "float",
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+.0123456789",
    ),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    (
        "timestamp",
        (
            r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
            r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?"
        ),
        "0123456789",
    ),
):
    Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), list(_first))


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    """Integers as YAML 1.2 reads them: ``08`` is eight, not a bad octal."""
    text = node.value.replace("_", "")
    if text[:2] in ("0o", "0x"):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text, 10)


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date or datetime; one that cannot exist (``2026-13-45``, year 0) stays the text written."""
    try:  # the resolver matched it, so ten characters are YYYY-MM-DD: the C parser, 15 times faster than PyYAML's
        return dt.date.fromisoformat(node.value) if len(node.value) == 10 else loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return node.value


def _construct_undefined(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(
        None, None, f"the tag {node.tag!r} is not allowed (notes are data, never code)", node.start_mark
    )


Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
Loader.add_constructor(None, _construct_undefined)


class TOMLHandler(BaseHandler):
    """``+++`` frontmatter read with the standard library's :mod:`tomllib` (python-frontmatter's needs ``toml``)."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
        return tomllib.loads(fm)


HANDLERS: tuple[BaseHandler, ...] = (YAMLHandler(), TOMLHandler())


@dataclass
class Parsed:
    """A note's text split into its parts, with line bookkeeping."""

    has_frontmatter: bool = False
    frontmatter: str = ""
    fm_first_line: int = 2  #: 1-based line of the first frontmatter line
    body: str = ""
    body_line: int = 1  #: 1-based line where the body starts
    format: str = "yaml"  #: yaml | toml
    problems: list[Problem] = field(default_factory=list)


def read_text(raw: bytes) -> tuple[str | None, list[Problem]]:
    """Decode a file's bytes; ``None`` when it is not text at all."""
    if raw.find(b"\x00", 0, 8192) != -1:
        hint = "move it out of the vault or rename it without the .md ending"
        return None, [Problem("not-text", 1, "this .md file holds binary data, not text", hint)]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"bytes that are not UTF-8 (at byte {exc.start}); they read as \ufffd"
        problem = Problem("encoding-error", line, message, "save the file as UTF-8 in your editor", "warning")
        return raw.decode("utf-8", errors="replace"), [problem]


def split_note(text: str) -> Parsed:
    """Split text into frontmatter and body (line endings may be CRLF)."""
    out = Parsed(body=text)
    handler = next((h for h in HANDLERS if h.detect(text)), None)
    if handler is None:
        return out
    fences = handler.FM_BOUNDARY.finditer(text)
    opening = next(fences)
    closing = next(fences, None)
    first_end = text.find("\n", opening.start())
    if closing is None or first_end == -1:
        # An opening fence and no closing one: keep everything as body (nothing is lost).
        hint = f"add a line with just {handler.END_DELIMITER} after the last key"
        out.problems.append(Problem("yaml-error", 1, "the frontmatter opened on line 1 is never closed", hint))
        return out
    body_at = text.find("\n", closing.start())
    out.has_frontmatter = True
    out.format = "toml" if isinstance(handler, TOMLHandler) else "yaml"
    out.frontmatter = text[first_end + 1 : closing.start()]
    out.body = "" if body_at == -1 else text[body_at + 1 :]
    out.body_line = text.count("\n", 0, closing.start()) + 2
    return out


@dataclass
class YamlResult:
    data: Any = None
    #: key path such as ``("outreach", 0, "date")`` -> its 1-based line in the file
    lines: dict[tuple, int] = field(default_factory=dict)
    #: key path of a plain scalar YAML did not read as text -> the text written (``08``, ``2026-11-25``)
    raw: dict[tuple, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: top-level keys written more than once (YAML keeps the last value)
    repeated: set[str] = field(default_factory=set)


def parse_frontmatter(parts: Parsed) -> YamlResult:
    """The frontmatter of a split note, YAML or TOML."""
    parse = parse_toml if parts.format == "toml" else parse_yaml
    return parse(parts.frontmatter, parts.fm_first_line)


_TOML_KEY = re.compile(
    r"""^[ \t]*(?:\[\[?[ \t]*([^\]]+?)[ \t]*\]\]?|("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)[ \t]*=)""", re.MULTILINE
)


def parse_toml(text: str, first_line: int) -> YamlResult:
    res = YamlResult()
    try:
        res.data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = first_line + (getattr(exc, "lineno", None) or (int(m.group(1)) if m else 1)) - 1
        hint = 'check the quoting on this line: text goes in quotes, key = "value"'
        res.problems.append(Problem("yaml-error", line, f"the frontmatter is not valid TOML: {exc}", hint))
        return res
    table: tuple[str, ...] = ()
    for m in _TOML_KEY.finditer(text):
        line = first_line + text.count("\n", 0, m.start())
        if m.group(1) is not None:
            table = tuple(part.strip().strip("\"'") for part in m.group(1).split("."))
            res.lines.setdefault(table[:3], line)
        else:
            res.lines.setdefault((*table, m.group(2).strip("\"'"))[:3], line)
    return res


def parse_yaml(text: str, first_line: int) -> YamlResult:
    """Parse YAML frontmatter text; lines are reported relative to the file."""
    res = YamlResult()
    if not text.strip():
        return res
    size = len(text.encode("utf-8", errors="replace"))
    if size > MAX_FRONTMATTER_BYTES:
        message = f"the frontmatter is {size // 1024} KiB; at most {MAX_FRONTMATTER_BYTES // 1024} KiB is read"
        hint = "move long text into the body of the note, below the closing ---"
        res.problems.append(Problem("yaml-error", first_line, message, hint))
        return res
    placeholders = [
        (i + first_line, m.group(0))
        for i, line in enumerate(text.splitlines() if "{{" in text else ())
        for m in [_PLACEHOLDER.search(line)]
        if m and not line.lstrip().startswith("#")
    ]
    problem = _too_deep(first_line) if _nesting_bound(text) > MAX_DEPTH * 4 else _load(text, first_line, res)
    if placeholders:  # an unfilled template explains whatever YAML made of it
        res.problems.extend(
            Problem(
                "unfilled-placeholder",
                line,
                f"the template placeholder {found} was never filled in",
                "replace it with a real value, or delete the line",
            )
            for line, found in placeholders
        )
    elif problem is not None:
        res.problems.append(problem)
    return res


def _load(text: str, first_line: int, res: YamlResult) -> Problem | None:
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            res.data = _Reader(loader, first_line, res).value(node, (), 0)
        return None
    except _Refused as exc:
        return exc.problem
    except yaml.YAMLError as exc:
        return _yaml_problem(exc, first_line)
    except (RecursionError, MemoryError):
        return _too_deep(first_line)
    except (TypeError, ValueError, OverflowError) as exc:  # a value the constructors reject
        hint = "write the value as plain text"
        return Problem("yaml-error", first_line, f"the frontmatter cannot be read: {exc}", hint)
    finally:
        loader.dispose()


def _nesting_bound(text: str) -> int:
    """An upper bound on how deep a YAML text nests, computed in one pass, before libyaml recurses into it."""
    bound = 1 + sum(map(text.count, ("\n", "[", "{", "- ", "? ", ": ")))
    if bound <= MAX_DEPTH * 4:
        return bound
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    indents: list[int] = []
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped:
            continue
        indent = len(line) - len(stripped)
        while indents and indents[-1] >= indent:
            indents.pop()
        indents.append(indent)
        markers = 0
        while stripped[:2] in ("- ", "? ", ": "):
            markers += 1
            stripped = stripped[2:].lstrip(" ")
        deepest = max(deepest, len(indents) + markers)
    return deepest


def _too_deep(first_line: int) -> Problem:
    hint = "flatten the structure; notes need a few levels at most"
    return Problem("yaml-error", first_line, f"the frontmatter nests deeper than {MAX_DEPTH} levels", hint)


def _yaml_problem(exc: yaml.YAMLError, first_line: int) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + first_line if mark is not None else first_line
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"{context}, {problem}" if context else f"{problem}"
    if "is not allowed" in problem:
        return Problem("yaml-error", line, message, "remove the !!tag and write the value as plain text")
    if "\t" in message or "tab" in message:
        hint = "YAML indents with spaces, never tabs: replace the tab with spaces"
    else:
        hint = 'check the quoting and indentation on this line; quote values holding ": " or starting with [, {, *, &, !, %, @ or `'
    return Problem("yaml-error", line, f"the frontmatter is not valid YAML: {message}", hint)


_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _TAG + "str", _TAG + "seq", _TAG + "map"


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


class _Reader:
    """Constructs a document from libyaml's node tree in one pass, recording on the way the line of every key
    path (3 deep) and the text of plain non-text scalars, and reporting duplicate keys. Refuses documents that
    nest too deep or expand to too many nodes through aliases (:data:`MAX_NODES` visits, every alias counted).
    Text, lists and mappings are made here; other values (``!!binary``, a number...) by PyYAML's constructor.
    """

    def __init__(self, loader: Loader, first_line: int, res: YamlResult) -> None:
        self.loader, self.first_line, self.res, self.visits = loader, first_line, res, 0

    def value(self, node: yaml.Node, path: tuple, depth: int) -> Any:
        self.visits += 1
        if self.visits > MAX_NODES:
            message = f"the frontmatter expands to more than {MAX_NODES:,} values (aliases repeated over and over?)"
            hint = "remove the & anchors and * aliases; write values out"
            raise _Refused(Problem("yaml-error", self.first_line, message, hint))
        if depth > MAX_DEPTH:
            raise _Refused(_too_deep(self.first_line))
        res, tag, short = self.res, node.tag, 0 < len(path) <= 3
        if short and path not in res.lines:
            res.lines[path] = node.start_mark.line + self.first_line
        if isinstance(node, yaml.ScalarNode):
            if short and not node.style and tag != _STR:
                res.raw[path] = node.value
            elif short and path in res.raw:
                del res.raw[path]
            return node.value if tag == _STR else self.loader.construct_object(node)
        if isinstance(node, yaml.SequenceNode) and tag == _SEQ:
            return [self.value(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        if not isinstance(node, yaml.MappingNode) or tag != _MAP:
            return self.loader.construct_object(node, deep=True)
        out: dict[Any, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + self.first_line
            if not isinstance(key_node, yaml.ScalarNode):
                key, sub = self.loader.construct_object(key_node, deep=True), (*path, f"<{line}>")
                try:
                    hash(key)
                except TypeError:  # as PyYAML says it
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
                    ) from None
            else:
                written = sys.intern(key_node.value)  # as json.loads memoises keys: one "date" for every note
                key, sub = written if key_node.tag == _STR else self.loader.construct_object(key_node), (*path, written)
                if written in seen:
                    message = f"the key {written!r} appears twice (first on line {seen[written]}); the last one wins"
                    res.problems.append(
                        Problem("duplicate-key", line, message, "delete one of the two lines", "warning")
                    )
                    if not path:
                        res.repeated.add(written)
                seen[written] = line
                if len(path) <= 3:
                    res.lines[sub] = line
            out[key] = self.value(value_node, sub, depth + 1)
        return out
