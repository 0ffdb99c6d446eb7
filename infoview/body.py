"""Reading a note's body as Obsidian writes it: comments, code, links, tags, fields, sections.

One scanner for what the loader and the site both need, so they agree. Code is masked first, so nothing
written inside code counts as a link, a tag, a field or a comment; newlines are always kept, so line
numbers still hold.
"""

from __future__ import annotations

import re

__all__ = [
    "BLOCK_ID",
    "FIELD_INLINE",
    "FIELD_LINE",
    "TAG",
    "code_ranges",
    "find_tags",
    "inline_fields",
    "mask_code",
    "section_text",
    "sections",
    "strip_comments",
]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_COMMENT = re.compile(r"%%.*?(?:%%|\Z)|<!--.*?(?:-->|\Z)", re.DOTALL)
#: A tag as Obsidian reads it: ``#``, a non-digit, after a space or a line start (the ``#`` first: 10x faster).
TAG = re.compile(r"#(?<=(?<!\S)#)([^\W\d][\w/-]*|\d+[^\W\d][\w/-]*)")
FIELD_LINE = re.compile(r"^\s*(?:[-*+]\s+)?\**([A-Za-z][\w -]{0,60}?)\**::\s*(.*?)(?:\s\^[\w-]{1,64})?\s*$")
FIELD_INLINE = re.compile(r"[\[(]([A-Za-z][\w -]{0,60}?)::[ \t]*([^\]\)\n]*)[\])]")
#: An Obsidian block id at the end of a line: ``… ^abc123``.
BLOCK_ID = re.compile(r"[ \t]\^([A-Za-z0-9-]{1,64})[ \t]*$", re.MULTILINE)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.+?)\s*$")


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def code_ranges(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of fenced code blocks and code spans, in order (an unclosed fence runs on)."""
    if "`" not in text and "~~~" not in text:
        return []
    out: list[tuple[int, int]] = []
    fence: str | None = None
    fence_start = at = prose = 0
    for line in text.splitlines(keepends=True):
        end = at + len(line)
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) <= {fence[0]}:
                out.append((fence_start, end))
                fence, prose = None, end
        elif m := _FENCE.match(line):
            out += _spans(text, prose, at)
            fence, fence_start = m.group(1), at
        at = end
    if fence is not None:
        out.append((fence_start, len(text)))
    else:
        out += _spans(text, prose, len(text))
    return out


def _spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if "`" not in text[start:end]:
        return []
    return [(m.start(), m.end()) for m in _SPAN.finditer(text, start, end)]


def mask_code(text: str) -> str:
    """``text`` with fenced code blocks and code spans blanked out, every offset and newline kept."""
    ranges = code_ranges(text)
    if not ranges:
        return text
    out, at = [], 0
    for start, end in ranges:
        out += [text[at:start], re.sub(r"[^\n]", " ", text[start:end])]
        at = end
    out.append(text[at:])
    return "".join(out)


def strip_comments(text: str) -> str:
    """Obsidian and HTML comments outside code removed; newlines kept so lines still count."""
    if "%%" not in text and "<!--" not in text:
        return text
    masked = mask_code(text)
    out, at = [], 0
    for m in _COMMENT.finditer(masked):
        out += [text[at : m.start()], "\n" * text.count("\n", m.start(), m.end())]
        at = m.end()
    out.append(text[at:])
    return "".join(out)


def find_tags(text: str) -> list[str]:
    """``#tags`` in the prose of a body (comments stripped by the caller), in order, unique; ``#123`` is no tag."""
    if "#" not in text:
        return []
    return list(dict.fromkeys(m.group(1).rstrip("/-") for m in TAG.finditer(mask_code(text))))


def inline_fields(text: str, first_line: int = 1) -> list[tuple[str, str, int]]:
    """Dataview inline fields ``(key, value, line)``: whole lines ``Key:: value`` and ``[key:: value]``."""
    if "::" not in text:
        return []
    found: list[tuple[str, str, int]] = []
    for number, line in enumerate(mask_code(text).split("\n"), start=first_line):
        if "::" not in line:
            continue
        whole = FIELD_LINE.match(line)
        if whole and not FIELD_INLINE.search(line):
            found.append((whole.group(1).strip(), whole.group(2).strip(), number))
            continue
        found.extend((m.group(1).strip(), m.group(2).strip(), number) for m in FIELD_INLINE.finditer(line))
    return found


def sections(body: str, titles: tuple[str, ...]) -> dict[str, tuple[list[str], list[str]]]:
    """The list items and the other non-empty lines under each ``## Title`` heading (any level).

    A title's section runs from its first heading to the next of the same or a higher level; sections may nest.
    """
    if "#" not in body:
        return {}
    wanted = {_fold(t): t for t in titles}
    found: dict[str, tuple[list[str], list[str]]] = {}
    open_: dict[str, int] = {}
    for line in mask_code(strip_comments(body)).splitlines():
        m = _HEADING.match(line) if line[:1] == "#" else None
        if m:
            level = len(m.group(1))
            for title, at in list(open_.items()):
                if level <= at:
                    del open_[title]
            title = wanted.get(_fold(m.group(2)))
            if title is not None and title not in found:
                open_[title] = level
                found[title] = ([], [])
            continue
        if not open_ or not line.strip():
            continue
        item = _ITEM.match(line)
        for title in open_:
            found[title][0 if item else 1].append(item.group(1) if item else line.strip())
    return found


def section_text(body: str, titles: tuple[str, ...]) -> str:
    """The prose of the first section among ``titles`` that has any, else the body's first paragraph.

    What a letter quotes as "what you learned": the note's own words, comments left out.
    """
    found = sections(body, titles)
    for title in titles:
        if title in found:
            items, lines = found[title]
            text = " ".join([*lines, *items]).strip()
            if text:
                return text
    for block in re.split(r"\n\s*\n", mask_code(strip_comments(body))):
        text = " ".join(line.strip() for line in block.splitlines() if line.strip())
        if text and not text.startswith(("#", "|", ">", "-", "*", "!")):
            return text
    return ""
