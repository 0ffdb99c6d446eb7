"""Split a note into frontmatter and body, and read the YAML safely.

python-frontmatter strips text and so loses line numbers; here the split is
done by hand so that every key keeps the line it stands on in the file.

The YAML is read with a safe loader (libyaml's when present) whose implicit
typing follows YAML 1.2's core schema rather than YAML 1.1's: ``yes``, ``no``,
``on`` and ``off`` stay text and ``20:03`` is not the number 1203.  Dates stay
dates, since notes are full of them.

Nothing here raises on bad input: every problem becomes a :class:`Problem`
with the 1-based line in the file, which the loader turns into a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .plainyaml import PlainReader

__all__ = ["Problem", "Parsed", "split_note", "parse_yaml", "read_text", "MAX_FRONTMATTER_BYTES"]

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Frontmatter beyond this is refused: no real note comes close, and it keeps
#: libyaml's recursive C parser away from inputs that could exhaust its stack.
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


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader with YAML 1.2 core-schema implicit types (plus timestamps)."""


_Loader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in [
    (
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    ),
    (
        "tag:yaml.org,2002:int",
        re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
        list("-+0123456789"),
    ),
    (
        "tag:yaml.org,2002:float",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+.0123456789"),
    ),
    ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
    (
        "tag:yaml.org,2002:timestamp",
        re.compile(
            r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
            r"(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
            r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?)$"
        ),
        list("0123456789"),
    ),
]:
    _Loader.add_implicit_resolver(_tag, _regexp, _first)

#: The implicit resolvers by first character, frozen for the fast ``resolve``.
_BY_FIRST: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple(pairs) for first, pairs in _Loader.yaml_implicit_resolvers.items()
}
assert None not in _BY_FIRST  # no wildcard resolvers: the first character decides


def _resolve(self: Any, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
    """PyYAML's ``Resolver.resolve`` for a loader without path resolvers, minus its per-call allocations.

    libyaml calls it for every node, so it is a good share of the parse.
    """
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _BY_FIRST.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


_Loader.resolve = _resolve


# The stock timestamp constructor reads "2026-11-25" fine; a datetime with a
# timezone becomes an aware datetime. Keep it.
def _construct_undefined(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(
        None,
        None,
        f"the tag {node.tag!r} is not allowed (notes are data, never code)",
        node.start_mark,
    )


_Loader.add_constructor(None, _construct_undefined)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    """Integers as YAML 1.2 reads them: ``08`` is eight, not a bad octal."""
    text = node.value.replace("_", "")
    if text[:2] in ("0o", "0x"):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text, 10)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)

#: Reads the plain frontmatter most notes have without libyaml (the same results, faster).
_PLAIN = PlainReader(_BY_FIRST, _Loader(""), MAX_NODES // 2)


@dataclass
class Parsed:
    """A note's text split into its parts, with line bookkeeping."""

    has_frontmatter: bool = False
    frontmatter: str = ""
    fm_first_line: int = 2  # 1-based line of the first frontmatter line
    body: str = ""
    body_line: int = 1  # 1-based line where the body starts
    problems: list[Problem] = field(default_factory=list)


def read_text(raw: bytes) -> tuple[str | None, list[Problem]]:
    """Decode a file's bytes; ``None`` when it is not text at all."""
    problems: list[Problem] = []
    if raw.find(b"\x00", 0, 8192) != -1:
        return None, [
            Problem(
                "not-text",
                1,
                "this .md file holds binary data, not text",
                "move it out of the vault or rename it without the .md ending",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        text = raw.decode("utf-8", errors="replace")
        problems.append(
            Problem(
                "encoding-error",
                line,
                f"bytes that are not UTF-8 (at byte {exc.start}); they read as \ufffd",
                "save the file as UTF-8 in your editor",
                "warning",
            )
        )
    return text, problems


_FENCE_OPEN = re.compile(r"---[ \t]*")
_FENCE_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*")


#: Line breaks other than ``\n`` that ``str.splitlines`` honours.
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CLOSE_LINE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def split_note(text: str) -> Parsed:
    """Split text into frontmatter and body (line endings may be CRLF)."""
    if not _OTHER_BREAKS.search(text):
        fast = _split_plain(text)
        if fast is not None:
            return fast
    out = Parsed()
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE_OPEN.fullmatch(lines[0].rstrip("\r\n")):
        out.body = text
        return out
    for i in range(1, len(lines)):
        if _FENCE_CLOSE.fullmatch(lines[i].rstrip("\r\n")):
            out.has_frontmatter = True
            out.frontmatter = "".join(lines[1:i])
            out.body = "".join(lines[i + 1 :])
            out.body_line = i + 2
            return out
    # An opening fence and no closing one: the whole file is suspect, so keep
    # it as body (nothing is lost) and say where the frontmatter began.
    out.body = text
    out.problems.append(
        Problem(
            "yaml-error",
            1,
            "the frontmatter opened on line 1 is never closed",
            "add a line with just --- after the last key",
        )
    )
    return out


def _split_plain(text: str) -> Parsed | None:
    """:func:`split_note` for text whose only line break is ``\n``, without splitting the body into lines.

    ``None`` when there is no frontmatter to split off (the general path says how).
    """
    first_end = text.find("\n")
    if first_end == -1 or not _FENCE_OPEN.fullmatch(text, 0, first_end):
        return None
    close = _CLOSE_LINE.search(text, first_end + 1)
    if close is None:
        return None
    return Parsed(
        has_frontmatter=True,
        frontmatter=text[first_end + 1 : close.start()],
        body=text[close.end() + 1 :],
        body_line=text.count("\n", 0, close.start()) + 2,
    )


@dataclass
class YamlResult:
    data: Any = None
    lines: dict[tuple, int] = field(default_factory=dict)
    raw: dict[tuple, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Read by the plain reader: a mapping with text keys only.
    plain: bool = False


def _nesting_estimate(text: str) -> int:
    """An upper bound on how deep a YAML text nests, computed in one pass.

    Counts open flow brackets, and for block style the open indentation
    levels plus compact ``- - -`` markers on a line.
    """
    # Every level needs a bracket, a line or a marker, so their total bounds
    # the depth; ordinary notes stay far under the limit and skip the
    # character-by-character scan below (most of the cost of this check).
    bound = text.count("\n") + 1 + text.count("[") + text.count("{") + text.count("- ") + text.count("? ") + text.count(": ")
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


def parse_yaml(text: str, first_line: int) -> YamlResult:
    """Parse frontmatter text; lines are reported relative to the file.

    ``lines`` maps a key path such as ``("outreach", 0, "date")`` to its
    1-based line; ``raw`` maps the path of every plain scalar that YAML did
    not read as text to its source text (so a field meant as text can recover
    ``2026-11-25`` or ``08`` as written).
    """
    res = YamlResult()
    if not text.strip():
        res.data = None
        return res
    # A character is at most 4 bytes: most texts need no encoding to be measured.
    size = len(text) if len(text) * 4 <= MAX_FRONTMATTER_BYTES else len(text.encode("utf-8", errors="replace"))
    if size > MAX_FRONTMATTER_BYTES:
        res.problems.append(
            Problem(
                "yaml-error",
                first_line,
                f"the frontmatter is {size // 1024} KiB; at most {MAX_FRONTMATTER_BYTES // 1024} KiB is read",
                "move long text into the body of the note, below the closing ---",
            )
        )
        return res
    if _nesting_estimate(text) > MAX_DEPTH * 4:
        res.problems.append(_too_deep(first_line))
        return res
    placeholders = [
        (i, m.group(0))
        for i, line in enumerate(text.splitlines() if "{{" in text else ())
        for m in [_PLACEHOLDER.search(line)]
        if m and not line.lstrip().startswith("#")
    ]
    fast = _PLAIN.read(text, first_line)
    if fast is not None:
        res.data, res.lines, res.raw = fast
        res.plain = True
        problem = None
    else:
        problem = _compose_and_construct(text, first_line, res)
    if placeholders:
        # An unfilled template explains whatever YAML made of it.
        res.problems.extend(_placeholder_problems(placeholders, first_line))
    elif problem is not None:
        res.problems.append(problem)
    return res


def _compose_and_construct(text: str, first_line: int, res: YamlResult) -> Problem | None:
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            return _yaml_problem(exc, first_line)
        except RecursionError:
            return _too_deep(first_line)
        if node is None:
            return None
        walk, data, built = _walk(node, first_line, res, loader)
        if walk is not None:
            return walk
        if built:
            res.data = data
            return None
        try:
            res.data = loader.construct_document(node)
        except yaml.YAMLError as exc:
            return _yaml_problem(exc, first_line)
        except (RecursionError, TypeError, ValueError, OverflowError) as exc:
            return Problem("yaml-error", node.start_mark.line + first_line, f"the frontmatter cannot be read: {exc}")
    finally:
        loader.dispose()
    return None


def _too_deep(first_line: int) -> Problem:
    return Problem(
        "yaml-error",
        first_line,
        f"the frontmatter nests deeper than {MAX_DEPTH} levels",
        "flatten the structure; notes need a few levels at most",
    )


def _placeholder_problems(found: list[tuple[int, str]], first_line: int) -> list[Problem]:
    return [
        Problem(
            "unfilled-placeholder",
            i + first_line,
            f"the template placeholder {text} was never filled in",
            "replace it with a real value, or delete the line",
        )
        for i, text in found
    ]


def _yaml_problem(exc: yaml.YAMLError, first_line: int) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + first_line if mark is not None else first_line
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"{context}, {problem}" if context else f"{problem}"
    if "is not allowed" in problem:
        return Problem("yaml-error", line, message, "remove the !!tag and write the value as plain text")
    return Problem(
        "yaml-error",
        line,
        f"the frontmatter is not valid YAML: {message}",
        'check the quoting and indentation on this line; quote values holding ": " or starting with [, {, *, &, !, %, @ or `',
    )


_NULL = "tag:yaml.org,2002:null"
#: Scalar tags built by the walk with PyYAML's own safe constructors.
_SCALARS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"}
#: Map keys PyYAML's SafeConstructor treats specially (merge ``<<``, ``=``).
_SPECIAL_KEYS = {"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}


def _walk(root: yaml.Node, first_line: int, res: YamlResult, loader: Any = None) -> tuple[Problem | None, Any, bool]:
    """Record lines and raw text of nodes; refuse alias bombs and deep trees.

    Iterative, and bounded by MAX_NODES visits counting every alias expansion,
    so no input makes it slow or deep.

    In the same pass it builds the data of ordinary documents (maps, lists and
    core-schema scalars), the same values PyYAML's ``construct_document``
    gives, at a fraction of its cost: reading the frontmatter is most of what
    loading a vault costs.  It returns ``(problem, data, built)``; when
    ``built`` is false (other tags, merge keys, complex keys, a collection
    reached twice through an alias, a value the constructors reject) the
    caller constructs the document the usual way.
    """
    # Hot loop (every node of every note): names bound locally, and scalar
    # children handled in place instead of going through the stack.
    Scalar, Sequence, Mapping = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
    lines, raws, problems = res.lines, res.raw, res.problems
    visits = 0
    box: list[Any] = [None]
    built = loader is not None
    constructors = type(loader).yaml_constructors if built else {}
    shared: set[int] = set()
    stack: list[tuple[yaml.Node, tuple, int, Any, Any]] = [(root, (), 0, box, 0)]
    while stack:
        node, path, depth, into, slot = stack.pop()
        visits += 1
        if visits > MAX_NODES:
            return _too_many(first_line), None, False
        if depth > MAX_DEPTH:
            return _too_deep(first_line), None, False
        if path and len(path) <= 3 and path not in lines:
            lines[path] = node.start_mark.line + first_line
        if isinstance(node, Scalar):
            if path and len(path) <= 3 and not node.style and node.tag != _STR:
                raws[path] = node.value
            if built and into is not None:
                into[slot], built = _scalar(node, loader, constructors)
            continue
        if depth + 1 > MAX_DEPTH and node.value:
            return _too_deep(first_line), None, False
        short = len(path) < 3  # children's paths are recorded (at most 3 long)
        if isinstance(node, Sequence):
            items: list[Any] | None = None
            if built and into is not None:
                if node.tag != _SEQ or id(node) in shared:
                    built = False
                else:
                    shared.add(id(node))
                    items = into[slot] = [None] * len(node.value)
            for i, child in enumerate(node.value):
                sub = path + (i,)
                if isinstance(child, Scalar):
                    visits += 1
                    if short:
                        if sub not in lines:
                            lines[sub] = child.start_mark.line + first_line
                        if not child.style and child.tag != _STR:
                            raws[sub] = child.value
                    if built and items is not None:
                        items[i], built = _scalar(child, loader, constructors)
                else:
                    stack.append((child, sub, depth + 1, items, i))
        elif isinstance(node, Mapping):
            mapping: dict[Any, Any] | None = None
            owner: dict[Any, int] = {}
            keys: list[Any] = []
            if built and into is not None:
                if node.tag != _MAP or id(node) in shared:
                    built = False
                else:
                    shared.add(id(node))
                    mapping = into[slot] = {}
                    for i, (key_node, _) in enumerate(node.value):
                        if not isinstance(key_node, Scalar) or key_node.tag in _SPECIAL_KEYS:
                            built = False
                            break
                        key, built = _scalar(key_node, loader, constructors)
                        if not built:
                            break
                        # The first occurrence keeps its place, the last its value.
                        mapping.setdefault(key, None)
                        owner[key] = i
                        keys.append(key)
                    if not built:
                        mapping = None
            seen: dict[str, int] = {}
            for i, (key_node, value_node) in enumerate(node.value):
                scalar_key = isinstance(key_node, Scalar)
                key = key_node.value if scalar_key else f"<{key_node.id}>"
                key_line = key_node.start_mark.line + first_line
                if key in seen and scalar_key:
                    problems.append(
                        Problem(
                            "duplicate-key",
                            key_line,
                            f"the key {key!r} appears twice (first on line {seen[key]}); the last one wins",
                            "delete one of the two lines",
                            "warning",
                        )
                    )
                seen[key] = key_line
                sub = path + (key,)
                if short:
                    lines[sub] = key_line
                if not scalar_key:
                    stack.append((key_node, path + ("<key>",), depth + 1, None, None))
                mine = mapping is not None and owner[keys[i]] == i
                if isinstance(value_node, Scalar):
                    visits += 1
                    # The key's line is already recorded for this path; of
                    # duplicate keys, the last value's text goes with the value kept.
                    if short and not value_node.style and value_node.tag != _STR:
                        raws[sub] = value_node.value
                    elif short:
                        raws.pop(sub, None)
                    if built and mine:
                        mapping[keys[i]], built = _scalar(value_node, loader, constructors)  # type: ignore[index]
                elif mine:
                    stack.append((value_node, sub, depth + 1, mapping, keys[i]))
                else:
                    stack.append((value_node, sub, depth + 1, None, None))
        if visits > MAX_NODES:
            return _too_many(first_line), None, False
    return None, box[0], built


def _too_many(first_line: int) -> Problem:
    return Problem(
        "yaml-error",
        first_line,
        f"the frontmatter expands to more than {MAX_NODES:,} values (aliases repeated over and over?)",
        "remove the & anchors and * aliases; write values out",
    )


def _scalar(node: yaml.ScalarNode, loader: Any, constructors: dict) -> tuple[Any, bool]:
    """A scalar's value and whether it could be built here."""
    tag = node.tag
    if tag == _STR:
        return node.value, True
    if tag == _NULL:
        return None, True
    if tag in _SCALARS:
        try:
            return constructors[tag](loader, node), True
        except Exception:  # noqa: BLE001 - construct_document reports it below
            return None, False
    return None, False


Loader = _Loader
