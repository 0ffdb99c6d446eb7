"""Minimal, atomic edits to notes: every byte the user wrote stays as it was.

An edit rewrites one key's value or adds lines (in a one-line ``{...}`` frontmatter, before its brace); comments,
key order, quoting, indentation, CRLF, a BOM, a missing final newline and the body stay. Every edit is read back
and must hold exactly the old data plus the change, else nothing is written (:class:`EditError`). Writes are
atomic and keep permissions; given the vault, an edit holds its lock from reading to writing (:class:`ConcurrentEdit`
when another program changed the file meanwhile). A symbolic link is edited where it leads, and stays a link.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import io
import itertools
import math
import operator
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .files import atomic_write, edit_lock
from .links import slugify
from .parse import parse_yaml

__all__ = [
    "Change",
    "ConcurrentEdit",
    "EditError",
    "OutsideVault",
    "append_list_item",
    "render_note",
    "set_in_text",
    "set_key",
    "set_nested",
    "unique_path",
    "write_new",
    "yaml_scalar",
]

_BOM = "\ufeff"
_FENCE_OPEN = re.compile(r"---[ \t]*")
_FENCE_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*")
#: Characters YAML or str.splitlines treat as line breaks besides \n: lines would not be counted the same way
#: by every reader, so such a frontmatter is not edited automatically.
_ODD_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
#: Text written without quotes: starts with a letter or digit and holds nothing YAML gives a meaning to (no ``:``,
#: ``#``, ``,``, brackets, quotes at the start). Whether it reads back as the same text is checked as well.
_SAFE_PLAIN = re.compile(r"[^\W_][\w .@/+'()&-]*")


class EditError(Exception):
    """An edit that cannot be made without touching more than it should."""


class ConcurrentEdit(EditError):
    """The file changed on disk after it was read; nothing was written."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(
            f"{path} changed on disk while it was being edited; nothing was written (run the command again)"
        )
        self.path = Path(path)


@dataclass(frozen=True)
class Change:
    """The outcome of an edit: whether the file changed, and the 1-based line to look at."""

    changed: bool
    line: int


@functools.lru_cache(maxsize=4096)
def _plain_ok(text: str) -> bool:
    if not _SAFE_PLAIN.fullmatch(text) or text != text.strip():
        return False
    from .parse import Loader  # the project's reader (YAML 1.2 core types)

    for loader in (Loader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # and YAML 1.1 readers (yes/no/on/off)
        try:
            got = yaml.load(f"k: {text}\n", Loader=loader)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            return False  # e.g. "08": both loaders take it for an octal number and fail
        if got != {"k": text} or not isinstance(got["k"], str):
            return False
    return True


#: What a double-quoted scalar escapes: quotes, backslashes, control and non-printable characters.
_ESCAPED = re.compile(r'["\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]')
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch, code = m.group(), ord(m.group())
    return _SHORT_ESCAPES.get(ch) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def _double_quoted(text: str) -> str:
    return '"' + _ESCAPED.sub(_escape, text) + '"'


def yaml_scalar(value: Any) -> str:
    """A value on one line that YAML reads back as the same value (text bare only when unambiguous)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        return text if any(c in text for c in ".e") else text + ".0"
    if isinstance(value, dt.date):  # a datetime too: 2026-11-26T14:00:00
        return value.isoformat()
    if isinstance(value, str):
        return value if _plain_ok(value) else _double_quoted(value)
    if isinstance(value, Mapping):
        inner = ", ".join(f"{yaml_scalar(str(k))}: {yaml_scalar(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_scalar(v) for v in value) + "]"
    raise TypeError(f"cannot write a {type(value).__name__} into a note")


def _block_lines(key: str, value: Any, indent: int) -> list[str]:
    """``key: value`` as block-style lines (no line endings)."""
    head = " " * indent + f"{yaml_scalar(key)}:"
    if isinstance(value, Mapping) and value:
        nested = [_block_lines(str(k), v, indent + 2) for k, v in value.items() if v is not None]
    elif isinstance(value, (list, tuple)) and value:
        nested = [_item_lines(item, indent + 2, indent + 4) for item in value]
    else:
        return [f"{head} {yaml_scalar(value)}"]
    return [head, *itertools.chain.from_iterable(nested)]


def _item_lines(item: Any, dash: int, key_col: int) -> list[str]:
    """A block sequence item: a mapping as ``- k: v`` lines, anything else on one line."""
    if isinstance(item, Mapping) and item:
        pairs = [f"{yaml_scalar(str(k))}: {yaml_scalar(v)}" for k, v in item.items() if v is not None]
        first = " " * dash + "-" + " " * (key_col - dash - 1)
        return [(" " * key_col if i else first) + text for i, text in enumerate(pairs)]
    return [" " * dash + "- " + yaml_scalar(item)]


def render_note(fields: Mapping[str, Any], body: str = "") -> str:
    """A new note's text: block-style frontmatter, keys in the given order (``None`` left out), then the body."""
    lines = [line for key, value in fields.items() if value is not None for line in _block_lines(key, value, 0)]
    text = "\n".join(["---", *lines, "---"]) + "\n"
    if body:
        text += body if body.endswith("\n") else body + "\n"
    return text


def write_new(path: Path, text: str) -> Path:
    """Create ``path`` (and its folders) holding ``text`` atomically; ``FileExistsError`` if anything is there."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(path, text.encode("utf-8"), overwrite=False)


def unique_path(folder: Path, name: str) -> Path:
    """``folder/<slug>.md`` for a name, numbered ``-2``, ``-3``... when taken."""
    slug, n = slugify(name), 1
    path = Path(folder) / f"{slug}.md"
    while path.exists() or path.is_symlink():
        n += 1
        path = Path(folder) / f"{slug}-{n}.md"
    return path


@dataclass
class _Doc:
    """A note split into lines (each keeping its ending) with its frontmatter parsed."""

    bom: bool
    lines: list[str]
    close: int | None  # index of the closing fence line (None: no frontmatter; it always opens on line 0)
    data: dict[str, Any]
    root: yaml.Node | None
    where: str

    @property
    def nl(self) -> str:
        first = self.lines[0] if self.lines else ""
        return "\r\n" if first.endswith("\r\n") else "\n"

    def fm_line(self, mark_line: int) -> int:
        """File line index of a frontmatter-relative YAML line."""
        return 1 + mark_line


def _parse_doc(text: str, where: str) -> _Doc:
    bom = text.startswith(_BOM)
    # Split on \n only, each line keeping its ending.
    lines = io.StringIO(text.removeprefix(_BOM), newline="\n").readlines()
    doc = _Doc(bom, lines, None, {}, None, where)
    if not lines or not _FENCE_OPEN.fullmatch(lines[0].rstrip("\r\n")):
        if _ODD_BREAKS.search(lines[0].rstrip("\r\n") if lines else ""):
            raise EditError(f"{where}: the first line holds unusual line-break characters; edit this note by hand")
        return doc
    for i in range(1, len(lines)):
        if _ODD_BREAKS.search(lines[i].rstrip("\r\n")):
            raise EditError(
                f"{where}:{i + 1}: the frontmatter holds unusual line-break characters; edit this note by hand"
            )
        if _FENCE_CLOSE.fullmatch(lines[i].rstrip("\r\n")):
            doc.close = i
            break
    else:
        raise EditError(f"{where}: the frontmatter opened on line 1 is never closed; fix it by hand first")
    fm = "".join(lines[1 : doc.close])
    res = parse_yaml(fm, 2)
    if p := next((p for p in res.problems if p.rule == "yaml-error"), None):
        raise EditError(f"{where}:{p.line}: {p.message}; fix the frontmatter by hand first")
    if res.data is not None and not isinstance(res.data, dict):
        raise EditError(f"{where}:2: the frontmatter is not a mapping of keys to values; fix it by hand first")
    doc.data = res.data or {}
    try:
        # The pure-Python composer: its marks count characters, which is what the line lists here are made of.
        doc.root = yaml.compose(fm, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise EditError(
            f"{where}: the frontmatter is YAML this editor does not handle ({exc.__class__.__name__}); edit it by hand"
        ) from None
    return doc


def _normalize(value: Any) -> Any:
    """Tuples as lists and mappings as dicts: what YAML reads back."""
    if isinstance(value, Mapping):
        return {str(k): _normalize(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_normalize(v) for v in value]
    return value


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same kind (so ``1`` is not ``true`` and a date is not a datetime)."""
    if type(a) is not type(b) and not (isinstance(a, str) and isinstance(b, str)):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return bool(a == b)


def _lookup(node: yaml.Node | None, keypath: Sequence[str | int]) -> yaml.Node | None:
    for part in keypath:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            if (pair := _key_node(node, part)) is None:
                return None
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node


def _key_node(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    pairs = [(k, v) for k, v in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key]
    return pairs[0] if len(pairs) == 1 else None


def _last_line(node: yaml.Node) -> int:
    """The (frontmatter-relative) line the node's text ends on."""
    while True:
        if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
            node = node.value[-1][1]
        elif isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
            node = node.value[-1]
        else:
            break
    end = node.end_mark
    if end.column == 0 and end.line > node.start_mark.line:
        return end.line - 1  # a block scalar ends at the start of the next line
    return end.line


def _verify(doc: _Doc, lines: list[str], expected: dict[str, Any]) -> str:
    text = (_BOM if doc.bom else "") + "".join(lines)
    with contextlib.suppress(EditError):
        if _same(_parse_doc(text, doc.where).data, expected):
            return text
    raise EditError(
        f"{doc.where}: this note's frontmatter is laid out in a way infoview cannot edit safely; edit it by hand"
    )


def _flow_insert(doc: _Doc, lines: list[str], node: yaml.Node, text: str) -> int:
    """Insert ``text`` as the last entry of a flow collection; returns the file line index."""
    idx, col = doc.fm_line(node.end_mark.line), node.end_mark.column - 1
    line = lines[idx]
    if col < 0 or line[col] not in "]}":
        raise EditError(f"{doc.where}:{idx + 1}: cannot find where this flow collection closes; edit it by hand")
    before = line[:col].rstrip()
    if not before:  # the closing bracket stands on its own line: look at the lines above
        j = idx - 1
        while j > doc.fm_line(node.start_mark.line) and not lines[j].strip():
            j -= 1
        before = lines[j].rstrip()
    sep = "" if before.endswith(("{", "[", ",")) else ","
    space = "" if before.endswith(("{", "[")) else " "
    lines[idx] = line[:col] + f"{sep}{space}{text}" + line[col:]
    return idx


def _add_lines(doc: _Doc, lines: list[str], at: int, new: list[str]) -> None:
    """Insert ``new`` before line index ``at``, with the line ending of the line above (which must have one)."""
    above = lines[at - 1]
    if not above.endswith("\n"):
        raise EditError(f"{doc.where}:{at}: cannot add a line here; edit it by hand")
    lines[at:at] = [text + ("\r\n" if above.endswith("\r\n") else "\n") for text in new]


def _ensure_frontmatter(doc: _Doc) -> None:
    """Give a note without frontmatter an empty one (three lines at the top)."""
    if doc.close is None:
        doc.lines[:0] = ["---" + doc.nl, "---" + doc.nl]
        doc.close = 1


def _apply_set(doc: _Doc, keypath: tuple[str | int, ...], value: Any) -> tuple[list[str] | None, int, dict[str, Any]]:
    """The lines after setting ``keypath`` (None when already set), the line, and the expected data."""
    *parent_path, key = keypath
    assert isinstance(key, str)
    value = _normalize(value)
    expected = copy.deepcopy(doc.data)
    try:
        parent_data = functools.reduce(operator.getitem, parent_path, expected)
    except (KeyError, IndexError, TypeError):
        raise EditError(f"{doc.where}: there is no {'.'.join(map(str, parent_path))} to set {key} in") from None
    if not isinstance(parent_data, dict):
        raise EditError(
            f"{doc.where}: {'.'.join(map(str, parent_path)) or 'the frontmatter'} is not a mapping; edit it by hand"
        )
    if key in parent_data and _same(parent_data[key], value):
        node = _lookup(doc.root, keypath)
        line = doc.fm_line(node.start_mark.line) + 1 if node is not None else 1
        return None, line, expected
    parent_data[key] = value
    lines = list(doc.lines)
    parent = _lookup(doc.root, parent_path)
    if parent_path and not isinstance(parent, yaml.MappingNode):
        raise EditError(
            f"{doc.where}: cannot find {'.'.join(map(str, parent_path))} in the frontmatter; edit it by hand"
        )
    pair = _key_node(parent, key) if isinstance(parent, yaml.MappingNode) else None
    if key in functools.reduce(operator.getitem, parent_path, doc.data):
        if pair is None:
            raise EditError(f"{doc.where}: the key {key} appears more than once; remove the duplicate first")
        knode, vnode = pair
        if vnode.start_mark.line != vnode.end_mark.line or knode.start_mark.line != vnode.start_mark.line:
            raise EditError(
                f"{doc.where}:{doc.fm_line(knode.start_mark.line) + 1}: {key} spans several lines; "
                "infoview only rewrites one-line values, so edit it by hand"
            )
        idx = doc.fm_line(vnode.start_mark.line)
        start, end = vnode.start_mark.column, vnode.end_mark.column
        space = " " if start == end else ""  # an empty value: `key:` or `key:   # comment`
        lines[idx] = lines[idx][:start] + space + yaml_scalar(value) + lines[idx][end:]
        return lines, idx + 1, expected
    if doc.close is None:  # a note without frontmatter gets one
        _ensure_frontmatter(doc)
        lines = list(doc.lines)
    entry = f"{yaml_scalar(key)}: {yaml_scalar(value)}"
    if isinstance(parent, yaml.MappingNode) and parent.flow_style:
        idx = _flow_insert(doc, lines, parent, entry)
    else:  # a new line after the mapping's last one, indented like its keys
        assert doc.close is not None
        idx = doc.fm_line(_last_line(parent)) + 1 if parent_path else doc.close
        col = parent.value[0][0].start_mark.column if isinstance(parent, yaml.MappingNode) and parent.value else 0
        _add_lines(doc, lines, idx, [" " * col + entry])
    return lines, idx + 1, expected


def _apply_append(doc: _Doc, key: str, item: dict[str, Any]) -> tuple[list[str], int, dict[str, Any]]:
    expected = copy.deepcopy(doc.data)
    item = {k: _normalize(v) for k, v in item.items() if v is not None}
    current = expected.get(key)
    if key in expected and current is not None and not isinstance(current, list):
        raise EditError(f"{doc.where}: {key} is not a list; edit it by hand")
    expected[key] = [*(current or []), item]
    _ensure_frontmatter(doc)
    lines = list(doc.lines)
    root = doc.root
    pair = _key_node(root, key) if isinstance(root, yaml.MappingNode) else None
    if key not in doc.data:
        if isinstance(root, yaml.MappingNode) and root.flow_style:
            idx = _flow_insert(doc, lines, root, f"{yaml_scalar(key)}: [{yaml_scalar(item)}]")
            return lines, idx + 1, expected
        col = root.value[0][0].start_mark.column if isinstance(root, yaml.MappingNode) and root.value else 0
        assert doc.close is not None
        _add_lines(doc, lines, doc.close, [" " * col + f"{yaml_scalar(key)}:", *_item_lines(item, col + 2, col + 4)])
        return lines, doc.close + 2, expected
    if pair is None:
        raise EditError(f"{doc.where}: the key {key} appears more than once; remove the duplicate first")
    knode, vnode = pair
    kline = doc.fm_line(knode.start_mark.line)
    if isinstance(vnode, yaml.SequenceNode) and vnode.flow_style:
        idx = _flow_insert(doc, lines, vnode, yaml_scalar(item))
        return lines, idx + 1, expected
    if isinstance(vnode, yaml.ScalarNode):  # `outreach:` with nothing yet
        if vnode.start_mark.line != knode.start_mark.line:
            raise EditError(f"{doc.where}:{kline + 1}: {key} has an odd layout; edit it by hand")
        col = knode.start_mark.column
        _add_lines(doc, lines, kline + 1, _item_lines(item, col + 2, col + 4))
        return lines, kline + 2, expected
    if not isinstance(vnode, yaml.SequenceNode) or not vnode.value:
        raise EditError(f"{doc.where}:{kline + 1}: {key} is not a list; edit it by hand")
    last = vnode.value[-1]
    last_idx = doc.fm_line(last.start_mark.line)
    prefix = lines[last_idx][: last.start_mark.column].rstrip()
    if not prefix.endswith("-"):
        raise EditError(f"{doc.where}:{last_idx + 1}: cannot tell how {key}'s items are laid out; edit it by hand")
    dash = len(prefix) - 1
    if isinstance(last, yaml.MappingNode) and not last.flow_style:
        new = _item_lines(item, dash, last.start_mark.column)
    else:
        new = [" " * dash + "-" + " " * max(last.start_mark.column - dash - 1, 1) + yaml_scalar(item)]
    at = doc.fm_line(_last_line(vnode)) + 1
    _add_lines(doc, lines, at, new)
    return lines, at + 1, expected


def set_in_text(text: str, key: str | tuple[str | int, ...], value: Any, where: str = "<note>") -> str:
    """``text`` with one key set, by the same minimal edit as :func:`set_key`."""
    doc = _parse_doc(text, where)
    keypath = (key,) if isinstance(key, str) else tuple(key)
    lines, _line, expected = _apply_set(doc, keypath, value)
    return text if lines is None else _verify(doc, lines, expected)


#: An edit's outcome on text: the new lines (None: nothing to change), the line to report, the data expected back.
_Edited = tuple[list[str] | None, int, dict[str, Any]]


class OutsideVault(EditError):
    """The note is a link to a file outside the vault; nothing was written."""


def _edit_file(path: Path, expect: bytes | None, vault: Path | None, edit: Callable[[_Doc], _Edited]) -> Change:
    """Read the note, ``edit(doc)`` it, verify and write it back, holding the vault's lock when there is one."""
    path = Path(path)
    real = Path(os.path.realpath(path))  # a link's target, which must lie inside the vault
    if vault is not None and not real.is_relative_to(os.path.realpath(vault)):
        raise OutsideVault(
            f"{path} is a link to {real}, outside the vault; infoview edits only notes inside the vault, "
            "so nothing was written (edit it by hand, or move the note into the vault)"
        )
    with edit_lock(vault) if vault is not None else contextlib.nullcontext():
        raw = real.read_bytes()
        if expect is not None and raw != expect:
            raise ConcurrentEdit(path)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise EditError(f"{path}: the file is not UTF-8; save it as UTF-8 first") from None
        doc = _parse_doc(text, str(path))
        lines, line, expected = edit(doc)
        if lines is None:
            return Change(False, line)
        new = _verify(doc, lines, expected).encode("utf-8")
        # Other programs (an editor, a sync client) do not take infoview's lock.
        if real.read_bytes() != raw:
            raise ConcurrentEdit(path)
        atomic_write(real, new)
    return Change(True, line)


def set_nested(
    path: Path,
    keypath: Sequence[str | int],
    value: Any,
    *,
    expect: bytes | None = None,
    vault: Path | None = None,
) -> Change:
    """Set a key inside the frontmatter, e.g. ``("outreach", 2, "answered")``; see :func:`set_key`."""
    return _edit_file(path, expect, vault, lambda doc: _apply_set(doc, tuple(keypath), value))


def set_key(path: Path, key: str, value: Any, *, expect: bytes | None = None, vault: Path | None = None) -> bool:
    """Set one frontmatter key by changing or adding one line; False when it already had that value.

    ``expect``: the content the caller read (else :class:`ConcurrentEdit`); ``vault``: hold its lock and refuse
    links out of it (:class:`OutsideVault`). On any error (``EditError``, ``OSError``) nothing is written.
    """
    return set_nested(path, (key,), value, expect=expect, vault=vault).changed


def append_list_item(
    path: Path, key: str, item: Mapping[str, Any], *, expect: bytes | None = None, vault: Path | None = None
) -> Change:
    """Append a mapping (``None`` values left out) to a frontmatter list in the list's style; see :func:`set_key`."""
    return _edit_file(path, expect, vault, lambda doc: _apply_append(doc, key, dict(item)))
