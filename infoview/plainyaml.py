"""A line-by-line reader for the plain YAML that frontmatter almost always is.

Frontmatter is a handful of ``key: value`` lines, a list or two, and the odd
list of small mappings (``outreach``).  Reading that with libyaml means a
Python node object, a resolver call and a constructor call per value, which
made parsing most of the cost of loading a vault.  This module reads that
common subset directly, a regular expression per line, and gives exactly what
:func:`infoview.parse.parse_yaml` gives from libyaml: the same data, the same
key lines and the same raw text of the scalars YAML did not read as text.

It is deliberately narrow.  Whenever a text steps outside the subset it
answers ``None`` and the caller reads the text the careful way, so errors,
odd constructs and their findings all come from one place.  Outside the subset:
tabs, control and other non-printable characters, anchors, aliases, tags,
block scalars (``|``, ``>``), multi-line scalars, escapes in double quotes,
comments after a value, complex or duplicate keys, keys that are not plain
words, empty list items, lists directly in lists, more than 64 levels, and
anything unusual inside ``[...]`` or ``{...}`` (which must open and close on
one line).

``tests/test_plainyaml.py`` checks it against libyaml on the example vault,
generated vaults, the yaml-test-suite and hypothesis-generated texts.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

__all__ = ["PlainReader"]

#: Characters outside the subset anywhere in the text: tabs, CR and other line
#: breaks libyaml honours, control characters, BOMs, non-characters.
_OUTSIDE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
#: ``key: value`` or ``key:`` with a plain-word key.
_PAIR = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
#: First characters a plain scalar may not start with (``-`` is allowed before a non-space).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
#: One item of a one-line flow collection: quoted, or plain without flow indicators.
_FLOW_ITEM = re.compile(r' *(?:"([^"\\]*)"|\'((?:[^\']|\'\')*)\'|([^ ,\[\]{}#:"\'][^,\[\]{}#:]*?)) *([,\]}]|$)')
_FLOW_KEY = re.compile(r" *([A-Za-z_][A-Za-z0-9_-]*): +")

#: Deeper texts are left to the careful reader (which refuses them past its own limit).
_MAX_DEPTH = 64

_STR, _NULL, _TIME = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"


_MISSING = object()
#: Typed values remembered at most (the memo starts over past it).
_TYPED_MAX = 1 << 16


class _Outside(Exception):
    """The text leaves the subset: read it the careful way."""


class _Reader:
    """One frontmatter text, as ``(indent, content, line)`` rows without blanks and comments."""

    def __init__(self, rows: list[tuple[int, str, int]], plain: PlainReader) -> None:
        self.rows = rows
        self.at = 0
        self.resolvers = plain.resolvers
        self.loader = plain.loader
        self.typed = plain.typed
        self.special = plain.special
        self.paths = plain.paths
        self.lines: dict[tuple, int] = {}
        self.raw: dict[tuple, str] = {}
        self.nodes = plain.max_nodes

    # -- block structure ------------------------------------------------
    def mapping(self, indent: int, path: tuple) -> dict[str, Any]:
        # The hot loop of a vault load: every key of every note passes here.
        rows, lines, raw, resolvers, special, paths = self.rows, self.lines, self.raw, self.resolvers, self.special, self.paths
        if len(path) > _MAX_DEPTH:
            raise _Outside  # keeps the recursion shallow whatever the text
        short = len(path) < 3
        out: dict[str, Any] = {}
        while True:
            col, content, line = rows[self.at]
            if col < indent:  # also the sentinel row that ends every text
                return out
            if col > indent:
                raise _Outside
            m = _PAIR.fullmatch(content)
            if m is None:
                raise _Outside  # a list item or text where a key belongs
            key, rest = m.groups()
            if key in out or key[0] in resolvers and self._tag(key) != _STR:
                raise _Outside  # duplicate keys and keys such as `true:` or `null:`
            sub = path + (key,)
            # Every note repeats the same keys and key paths: keep one copy of each.
            sub = paths.setdefault(sub, sub)
            key = sub[-1]
            if short:
                lines[sub] = line
            self.at += 1
            if rest:
                if rest[0] in special or ": " in rest or " #" in rest or rest[-1] == ":":
                    out[key] = self.inline(rest, sub, line, short)
                else:  # plain text that no resolver claims: most values
                    out[key] = rest
                if rows[self.at][0] > indent:
                    raise _Outside  # a value running on over the next lines
                continue
            following = rows[self.at]
            if following[0] > indent:
                out[key] = self.block(following[0], sub)
            elif following[0] == indent and _is_item(following[1]):
                out[key] = self.sequence(indent, sub)  # a list at the key's own indentation
            else:
                if short:
                    raw[sub] = ""
                out[key] = None

    def block(self, indent: int, path: tuple) -> Any:
        """The list or mapping indented under a key (whose line the mapping recorded)."""
        if _is_item(self.rows[self.at][1]):
            return self.sequence(indent, path)
        return self.mapping(indent, path)

    def sequence(self, indent: int, path: tuple) -> list[Any]:
        rows, lines, paths = self.rows, self.lines, self.paths
        short = len(path) < 3
        out: list[Any] = []
        while True:
            col, content, line = rows[self.at]
            if col != indent or not _is_item(content):
                if col > indent:
                    raise _Outside
                break
            rest = content[1:].lstrip(" ")
            if not rest or rest[0] == "-":
                raise _Outside  # empty items, lists in lists
            sub = path + (len(out),)
            sub = paths.setdefault(sub, sub)
            if _PAIR.fullmatch(rest) is not None:
                # `- key: value` opens a mapping whose keys line up after the dash.
                if len(sub) <= 3:
                    lines[sub] = line
                inner = indent + len(content) - len(rest)
                rows[self.at] = (inner, rest, line)
                out.append(self.mapping(inner, sub))
                continue
            if short:
                lines[sub] = line
            self.at += 1
            if rest[0] in self.special or ": " in rest or " #" in rest or rest[-1] == ":":
                out.append(self.inline(rest, sub, line, short))
            else:
                out.append(rest)
            if rows[self.at][0] > indent:
                raise _Outside
        return out

    # -- one-line values ------------------------------------------------
    def inline(self, text: str, path: tuple, line: int, short: bool) -> Any:
        """The value written after ``key: `` or ``- ``, all on its line (rows carry no trailing spaces)."""
        first = text[0]
        if first == '"':
            if len(text) < 2 or text[-1] != '"' or '"' in text[1:-1] or "\\" in text:
                raise _Outside
            return text[1:-1]
        if first == "'":
            inner = text[1:-1]
            if len(text) < 2 or text[-1] != "'" or inner.replace("''", "").count("'"):
                raise _Outside
            return inner.replace("''", "'")
        if first == "[":
            return self.flow_list(text, path, line)
        if first == "{":
            return self.flow_map(text, path, line)
        if first in _INDICATORS and not (first == "-" and text[1:2] not in ("", " ")):
            raise _Outside
        if ": " in text or " #" in text or text[-1] == ":":
            raise _Outside
        value = self._value(text)
        if short and value.__class__ is not str:
            self.raw[path] = text
        return value

    def flow_list(self, text: str, path: tuple, line: int) -> list[Any]:
        short = len(path) < 3
        out: list[Any] = []
        pos, end = 1, len(text)
        if text[1:].strip(" ") == "]":
            return out
        while True:
            m = _FLOW_ITEM.match(text, pos)
            if m is None or m.group(4) in ("}", ""):
                raise _Outside
            sub = path + (len(out),)
            if short:
                self.lines[sub] = line
            out.append(self._flow_value(m, sub, short))
            self.nodes -= 1
            pos = m.end()
            if m.group(4) == "]":
                break
        if pos != end:
            raise _Outside  # text after the closing bracket
        return out

    def flow_map(self, text: str, path: tuple, line: int) -> dict[str, Any]:
        short = len(path) < 3
        out: dict[str, Any] = {}
        pos, end = 1, len(text)
        if text[1:].strip(" ") == "}":
            return out
        while True:
            k = _FLOW_KEY.match(text, pos)
            if k is None:
                raise _Outside
            key = k.group(1)
            if key in out or key[0] in self.resolvers and self._tag(key) != _STR:
                raise _Outside
            m = _FLOW_ITEM.match(text, k.end())
            if m is None or m.group(4) in ("]", ""):
                raise _Outside
            sub = path + (key,)
            if short:
                self.lines[sub] = line
            out[key] = self._flow_value(m, sub, short)
            self.nodes -= 1
            pos = m.end()
            if m.group(4) == "}":
                break
        if pos != end:
            raise _Outside
        return out

    def _flow_value(self, m: re.Match[str], path: tuple, short: bool) -> Any:
        double, single, plain = m.group(1), m.group(2), m.group(3)
        if double is not None:
            return double
        if single is not None:
            return single.replace("''", "'")
        if plain[0] == "-" and plain[1:2] in ("", " ") or plain[0] in _INDICATORS and plain[0] != "-":
            raise _Outside
        value = self._value(plain)
        if short and value.__class__ is not str:
            self.raw[path] = plain
        return value

    # -- typing -----------------------------------------------------------
    def _tag(self, text: str) -> str:
        for tag, regexp in self.resolvers.get(text[0], ()):
            if regexp.match(text):
                return tag
        return _STR

    def _value(self, text: str) -> Any:
        """A plain scalar typed as the YAML 1.2 core schema (plus dates) types it."""
        if text[0] not in self.resolvers:
            return text
        typed = self.typed.get(text, _MISSING)
        if typed is _MISSING:
            typed = self._type(text)
            if len(self.typed) >= _TYPED_MAX:
                self.typed.clear()
            self.typed[text] = typed  # every value built here is immutable, so it can be shared
        return typed

    def _type(self, text: str) -> Any:
        tag = self._tag(text)
        if tag == _STR:
            return text
        if tag == _NULL:
            return None
        if tag == _TIME:
            m = _DATE.fullmatch(text)
            if m is not None:
                try:
                    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    raise _Outside from None  # the careful reader reports it
        try:
            return self.loader.yaml_constructors[tag](self.loader, yaml.ScalarNode(tag, text))
        except Exception:  # noqa: BLE001 - the careful reader reports it
            raise _Outside from None


def _is_item(content: str) -> bool:
    return content[0] == "-" and (len(content) == 1 or content[1] == " ")


class PlainReader:
    """Reads frontmatter inside the plain subset; one instance serves every note.

    ``resolvers`` maps a first character to ``(tag, regexp)`` pairs (the
    loader's implicit resolvers); ``loader`` supplies the scalar constructors
    for the rarer types (times, floats, booleans...).  Typed values are
    remembered by their text: a vault repeats the same dates, numbers and
    words thousands of times.
    """

    def __init__(self, resolvers: dict, loader: Any, max_nodes: int) -> None:
        self.resolvers = resolvers
        self.loader = loader
        self.max_nodes = max_nodes
        self.typed: dict[str, Any] = {}
        #: One copy of each key path (and so of each key), shared by every note.
        self.paths: dict[tuple, tuple] = {}
        #: First characters that make a value more than plain text.
        self.special = _INDICATORS | frozenset(resolvers)

    def read(self, text: str, first_line: int) -> tuple[dict[str, Any], dict[tuple, int], dict[tuple, str]] | None:
        """``(data, lines, raw)`` for a frontmatter mapping inside the subset, else ``None``."""
        if _OUTSIDE.search(text):
            return None
        rows: list[tuple[int, str, int]] = []
        number = first_line
        for line in text.split("\n"):
            content = line.lstrip(" ")
            if content and content[0] != "#":
                rows.append((len(line) - len(content), content.rstrip(" "), number))
            number += 1
        if not rows:
            return None
        if len(rows) > self.max_nodes:
            return None  # each row is a value at least: too many for the careful reader
        rows.append((-1, "", number))  # ends every block: nothing is indented less
        if len(self.paths) > _TYPED_MAX:
            self.paths.clear()
        reader = _Reader(rows, self)
        reader.nodes -= len(rows)  # one value per row; flow collections count theirs
        try:
            data = reader.mapping(rows[0][0], ())
        except _Outside:
            return None
        if reader.at != len(rows) - 1 or reader.nodes < 0:
            return None
        return data, reader.lines, reader.raw
