"""What may appear in the published output, judged with a real HTML parser (``html.parser``), not regexes.

:func:`scan_tree` reads every file a build or an export wrote and returns one line per violation:

- no attribute named ``on*``, ``style``, ``srcdoc`` or ``formaction`` on any element, anywhere;
- no ``javascript:``, ``vbscript:`` or ``data:`` URL in any URL attribute (``href``, ``src``, ``action``,
  ``xlink:href``, ``srcset``...), read as a browser reads it: entities decoded, tabs and line breaks dropped,
  case ignored;
- no ``<script>`` but those listed in :data:`SCRIPT_SOURCES` and the theme's own inline scripts
  (:data:`INLINE_SCRIPTS`, plus its ``__config`` JSON);
- no ``<iframe>``, ``<object>``, ``<embed>``, ``<form>``, ``<style>``, ``<math>``, ``<base>``... from a note:
  in a page's content (Material's ``<article>``) and in every HTML fragment (search index, "Show all"
  lists, exported pages) only what infoview's templates write is allowed: the dashboard's chart SVGs,
  the filters' inputs, the "Show all" buttons, disabled task-list checkboxes;
- ``data-*`` attributes the site's scripts act on (``data-iv-more``, ``data-src``) hold a relative
  ``.json`` address only;
- no element ``id`` twice in a page (a note's heading cannot clobber a theme element);
- JSON files parse, and their HTML strings pass the same checks; ``graph.json`` is data (its names are
  text the graph script escapes), its ``url`` values relative page addresses;
- ``calendar.ics`` parses, holds only the properties infoview writes (:data:`ICS_PROPERTIES`);
- vCards hold only the properties infoview writes, and no ``javascript:`` URL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

#: Attributes holding a URL a browser follows or loads.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "srcset", "ping",
     "longdesc", "manifest", "icon", "dynsrc", "lowsrc", "codebase", "archive", "usemap", "profile", "itemtype"}
)  # fmt: skip
#: Attributes never allowed, whatever their value.
BANNED_ATTRIBUTES = frozenset({"style", "srcdoc", "formaction", "xmlns:xlink"})
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
#: Elements never allowed in a page's content or a fragment (the theme's own, outside the content, are).
BANNED_ELEMENTS = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "svg", "math", "base",
     "meta", "link", "textarea", "template", "video", "audio", "source", "track", "portal", "xmp", "plaintext",
     "noembed", "noframes", "isindex", "marquee", "dialog", "slot", "image", "foreignobject", "animate", "set",
     "use", "title", "param", "keygen", "frameset", "listing", "noscript"}
)  # fmt: skip
#: Elements never allowed anywhere in a page, theme included.
BANNED_EVERYWHERE = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "math", "template"})

#: ``<script src=...>`` a page may load: the theme's bundle and the site's own assets (paths relative to the page).
SCRIPT_SOURCES = (
    re.compile(r"(?:\.\./)*assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js"),
    re.compile(r"(?:\.\./)*assets/infoview/infoview(?:-graph)?\.js"),
    re.compile(r"/assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js"),  # 404.html: root-absolute
    re.compile(r"/assets/infoview/infoview(?:-graph)?\.js"),
)
#: The theme's inline scripts (Material 9), by how they begin; the whole text is compared with a harmless
#: build's (:func:`theme_scripts`).
INLINE_SCRIPTS = ("__md_scope=new URL(", 'var palette=__md_get("__palette")', "var target=document.getElementById(location.hash.slice(1))")

#: Chart SVGs the dashboard draws (no note text in them): their ``aria-labelledby``.
CHART_SVG = re.compile(r"iv-(weekly|funnel|yield)-title iv-\1-desc")
CHART_CHILDREN = frozenset({"g", "title", "desc", "text", "rect", "line", "path", "polyline", "polygon", "circle", "tspan"})
#: ``data-*`` attributes infoview's templates write in a page's content.
DATA_ATTRIBUTES = frozenset(
    {"data-label", "data-sort", "data-tags", "data-status", "data-medium", "data-severity", "data-due", "data-iv-more",
     "data-iv-target", "data-filter-table", "data-filter-rows", "data-src", "data-node", "data-hops"}
)  # fmt: skip
_FETCHED = {"data-iv-more", "data-src"}
_RELATIVE_JSON = re.compile(r"(?:\.\./)*(?:[a-z0-9_-]+/)*[a-z0-9_-]+\.json")
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen"})

#: Properties infoview writes in ``calendar.ics`` (and icalendar's VTIMEZONE).
ICS_PROPERTIES = frozenset(
    {"BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD", "NAME", "X-WR-CALNAME", "X-WR-TIMEZONE",
     "X-WR-CALDESC", "DESCRIPTION", "REFRESH-INTERVAL", "X-PUBLISHED-TTL", "TZID", "COMMENT", "DTSTART", "RDATE",
     "TZNAME", "TZOFFSETFROM", "TZOFFSETTO", "UID", "DTSTAMP", "DTEND", "SUMMARY", "STATUS", "TRANSP",
     "CATEGORIES", "SEQUENCE", "CLASS", "LAST-MODIFIED", "RRULE", "DURATION"}
)  # fmt: skip
#: Properties an infoview vCard export holds.
VCARD_PROPERTIES = frozenset(
    {"BEGIN", "END", "VERSION", "UID", "FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "URL", "CATEGORIES", "NOTE",
     "X-INFOVIEW-REFERRED-BY", "X-INFOVIEW-FIELD", "X-INFOVIEW-MET-VIA", "X-INFOVIEW-CONNECTED-ON", "X-INFOVIEW-PRIVATE"}
)  # fmt: skip


def url_is_unsafe(value: str) -> bool:
    """Whether a browser would run or render this attribute value as a script or document URL.

    ``html.parser`` has already decoded entities; browsers also drop tabs and line breaks anywhere in a
    URL and leading or trailing control characters and spaces, and compare schemes case-insensitively.
    """
    url = re.sub(r"[\t\n\r]", "", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f \x7f")
    url = url.lower()
    return url.startswith(BAD_SCHEMES)


def _urls(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [part.strip().split(" ")[0] for part in value.split(",")]
    return [value]


def _normal_inline(text: str) -> str:
    """A theme inline script with the page's relative base taken out (``new URL("../..",location)``)."""
    return re.sub(r'new URL\("[./]*",location\)', 'new URL("",location)', text.strip())


class _Page(HTMLParser):
    """One HTML document or fragment; ``content`` says whether all of it is content (a fragment)."""

    def __init__(self, where: str, fragment: bool, theme: frozenset[str] | None, exported: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.where, self.fragment, self.theme, self.exported = where, fragment, theme, exported
        self.problems: list[str] = []
        self.articles = 0
        self.in_content = fragment
        self.stack: list[str] = []
        self.chart_depth = 0  # inside an allowed chart <svg>
        self.script: tuple[dict[str, str], list[str]] | None = None
        self.ids: dict[str, int] = {}
        self.in_title = False

    def bad(self, tag: str, attrs: dict[str, str | None], why: str) -> None:
        shown = " ".join(f"{k}={v!r}" if v is not None else k for k, v in attrs.items())[:160]
        self.problems.append(f"{self.where}: <{tag} {shown}>: {why}")

    # -- elements -----------------------------------------------------------------------
    def handle_starttag(self, tag: str, pairs: list[tuple[str, str | None]]) -> None:
        self._element(tag, pairs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, pairs: list[tuple[str, str | None]]) -> None:
        self._element(tag, pairs)
        if tag == "svg" and self.chart_depth:
            self.chart_depth -= 1  # <svg/>: opened and closed at once
        if tag == "script" and self.script is not None:
            self.handle_endtag("script")

    def _element(self, tag: str, pairs: list[tuple[str, str | None]]) -> None:
        attrs = dict(pairs)
        names = [k.lower() for k, _ in pairs]
        for name, value in pairs:
            name = name.lower()
            if name.startswith("on"):
                self.bad(tag, attrs, f"event handler attribute {name}")
            if name in BANNED_ATTRIBUTES:
                self.bad(tag, attrs, f"attribute {name} is never published")
            if value is not None and name in URL_ATTRIBUTES and any(url_is_unsafe(u) for u in _urls(name, value)):
                self.bad(tag, attrs, f"{name} holds a script URL")
            if name == "http-equiv":
                self.bad(tag, attrs, "http-equiv")
            if name == "id" and value is not None:
                self.ids[value] = self.ids.get(value, 0) + 1
        if tag in BANNED_EVERYWHERE:
            self.bad(tag, attrs, "element never published")
        if tag == "article" and "md-content__inner" in (attrs.get("class") or ""):
            self.articles += 1
            self.in_content = True
        if self.in_title:
            self.bad(tag, attrs, "an element inside <title>")
        if tag == "title" and not self.in_content:
            self.in_title = True
        if tag == "script":
            self.script = (attrs, [])
            self._check_script_src(attrs)
        if self.in_content:
            self._content_element(tag, attrs, names)

    def _content_element(self, tag: str, attrs: dict[str, str | None], names: list[str]) -> None:
        if self.chart_depth:
            if tag == "svg":
                self.chart_depth += 1
            if tag not in CHART_CHILDREN and tag != "svg":
                self.bad(tag, attrs, "element not allowed in a chart")
            return
        if tag == "svg":
            if CHART_SVG.fullmatch(attrs.get("aria-labelledby") or "") and self.where in ("index.html", "index.md"):
                self.chart_depth = 1
                return
            self.bad(tag, attrs, "svg in the content")
            return
        if tag == "noscript" and attrs == {} and self.where in ("graph/index.html", "graph/index.md", "graph.html"):
            return  # graph.html's "needs JavaScript" note
        if tag in ("link", "script") and self.exported and _own_asset(tag, attrs):
            return  # an exported page links the site's CSS and JavaScript itself
        if tag in BANNED_ELEMENTS:
            self.bad(tag, attrs, "element not allowed in the content")
        more = "data-iv-more" in attrs and set(attrs) <= {"type", "class", "data-iv-more", "data-iv-target"}
        copy = attrs.get("class") == "iv-copy" and set(attrs) == {"type", "class"}  # copies the Draft link's letter
        if tag == "button" and not (attrs.get("type") == "button" and (more or copy)):
            self.bad(tag, attrs, "a button infoview does not write")
        if tag == "input":
            checkbox = attrs.get("type") == "checkbox" and "disabled" in attrs and set(attrs) <= {"type", "disabled", "checked"}
            search = attrs.get("type") == "search" and (attrs.get("id") or "").startswith("iv-") and "data-filter-table" in attrs
            if not (checkbox or search):
                self.bad(tag, attrs, "an input infoview does not write")
        if tag == "select" and not (attrs.get("id") or "").startswith("iv-meetings-"):
            self.bad(tag, attrs, "a select infoview does not write")
        for name in names:
            if name.startswith("data-") and name not in DATA_ATTRIBUTES:
                self.bad(tag, attrs, f"attribute {name} infoview does not write")
            if name in _FETCHED and not _RELATIVE_JSON.fullmatch(attrs.get(name) or ""):
                self.bad(tag, attrs, f"{name} is not a relative .json address")
            if name == "name" and tag not in ("input", "select"):
                self.bad(tag, attrs, "a name attribute (DOM clobbering)")
            if name in ("target", "xmlns", "is", "autofocus", "contenteditable", "popover", "tabindex", "accesskey"):
                self.bad(tag, attrs, f"attribute {name} infoview does not write")

    def _check_script_src(self, attrs: dict[str, str | None]) -> None:
        src = attrs.get("src")
        if src is not None and not any(p.fullmatch(src) for p in SCRIPT_SOURCES):
            self.bad("script", attrs, "a script source not on the allow-list")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            attrs, parts = self.script
            self.script = None
            text = "".join(parts)
            if attrs.get("src") is None:
                self._check_inline(attrs, text)
        if tag == "title":
            self.in_title = False
        if tag == "svg" and self.chart_depth:
            self.chart_depth -= 1
        if tag == "article" and not self.fragment and self.in_content:
            self.in_content = False
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def _check_inline(self, attrs: dict[str, str | None], text: str) -> None:
        if self.in_content:
            self.bad("script", attrs, "inline script in the content")
            return
        if attrs.get("id") == "__config" and attrs.get("type") == "application/json":
            try:
                json.loads(text)
            except ValueError:
                self.bad("script", attrs, "the theme's __config is not JSON: something broke out of it")
            return
        if not text.strip().startswith(INLINE_SCRIPTS):
            self.bad("script", attrs, f"inline script not the theme's: {text[:80]!r}")
        elif self.theme is not None and _normal_inline(text) not in self.theme:
            self.bad("script", attrs, f"inline script differs from the theme's: {text[:80]!r}")

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script[1].append(data)

    def finish(self) -> list[str]:
        self.close()
        if self.script is not None:
            self.problems.append(f"{self.where}: a <script> never closed")
        dupes = sorted(i for i, n in self.ids.items() if n > 1)
        if dupes:
            self.problems.append(f"{self.where}: ids used twice: {dupes[:5]}")
        if not self.fragment and self.articles > 1:
            self.problems.append(f"{self.where}: {self.articles} content articles")
        return self.problems


def _own_asset(tag: str, attrs: dict[str, str | None]) -> bool:
    """The site's own CSS or JavaScript, as an exported page links them."""
    url = attrs.get("href" if tag == "link" else "src") or ""
    return bool(re.fullmatch(r"(?:\.\./)*assets/infoview/[a-z-]+\." + ("css" if tag == "link" else "js"), url)) and (
        attrs.get("rel") == "stylesheet" if tag == "link" else set(attrs) <= {"src", "defer"}
    )


def scan_html(text: str, where: str, *, fragment: bool = False, theme: frozenset[str] | None = None, exported: bool = False) -> list[str]:
    """Problems in one HTML page (``fragment``: every element is content, e.g. a search entry's text;
    ``exported``: a page built from ``site export``'s Markdown, whose content links the site's assets)."""
    page = _Page(where, fragment, theme, exported)
    page.feed(text)
    problems = page.finish()
    if not fragment and page.articles != 1 and not where.endswith(("404.html",)):
        problems.append(f"{where}: expected one content <article>, found {page.articles}")
    return problems


def theme_scripts(site: Path) -> frozenset[str]:
    """The theme's inline scripts in a harmless build, normalised (the allow-list of inline script text)."""
    found: set[str] = set()

    class Collect(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.inline: list[str] | None = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "script" and "src" not in a and a.get("type") != "application/json":
                self.inline = []

        def handle_data(self, data):
            if self.inline is not None:
                self.inline.append(data)

        def handle_endtag(self, tag):
            if tag == "script" and self.inline is not None:
                found.add(_normal_inline("".join(self.inline)))
                self.inline = None

    for page in site.rglob("*.html"):
        c = Collect()
        c.feed(page.read_text(encoding="utf-8"))
    assert found and all(t.startswith(INLINE_SCRIPTS) for t in found), sorted(found)
    return frozenset(found)


# -- other formats -------------------------------------------------------------------------


def _html_strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _html_strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _html_strings(v)


def scan_json(text: str, where: str) -> list[str]:
    """A JSON file of the site: search index entries and "Show all" rows are HTML; graph.json is data."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        return [f"{where}: not JSON: {exc}"]
    problems: list[str] = []
    name = where.rsplit("/", 1)[-1]
    if name == "graph.json":
        for node in data.get("nodes", []):
            url = node.get("url")
            if url is not None and (not isinstance(url, str) or re.match(r"[a-z][a-z0-9+.-]*:|//", url, re.I)):
                problems.append(f"{where}: node {node.get('id')!r} has url {url!r}")
        return problems
    if name == "search_index.json" or name == "search-entries.json":
        docs = data["docs"] if isinstance(data, dict) else data
        for i, doc in enumerate(docs):
            loc = doc.get("location", "")
            if re.match(r"[a-z][a-z0-9+.-]*:|//", loc, re.I):
                problems.append(f"{where}: entry {i} has location {loc!r}")
            for key in ("title", "text"):
                problems += scan_html(doc.get(key, ""), f"{where}#{i}.{key}", fragment=True)
            for tag in doc.get("tags", []) or []:
                problems += scan_html(tag, f"{where}#{i}.tags", fragment=True)
        return problems
    for i, piece in enumerate(_html_strings(data)):
        problems += scan_html(piece, f"{where}#{i}", fragment=True)
    return problems


def _unfolded(text: str) -> list[str]:
    return re.sub(r"\r?\n[ \t]", "", text).splitlines()


def scan_ics(data: bytes, where: str) -> list[str]:
    """An iCalendar file: it parses, and every line is a property infoview writes."""
    import icalendar

    problems: list[str] = []
    try:
        icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        return [f"{where}: not iCalendar: {exc}"]
    for line in _unfolded(data.decode("utf-8")):
        if not line:
            continue
        prop = re.split(r"[;:]", line, maxsplit=1)[0].upper()
        if prop not in ICS_PROPERTIES:
            problems.append(f"{where}: unexpected property line {line[:120]!r}")
    return problems


def scan_vcard(text: str, where: str) -> list[str]:
    """A vCard file: every line a property infoview writes, no URL but http(s)."""
    problems: list[str] = []
    for line in _unfolded(text):
        if not line:
            continue
        head, _, value = line.partition(":")
        prop = re.split(r"[;.]", head, maxsplit=1)[0].upper()
        if prop not in VCARD_PROPERTIES:
            problems.append(f"{where}: unexpected property line {line[:120]!r}")
        if prop == "URL" and not re.match(r"https?://", value, re.I):
            problems.append(f"{where}: URL that is not http(s): {line[:120]!r}")
    return problems


def scan_markdown(text: str, where: str) -> list[str]:
    """A page ``site export`` wrote: YAML front matter of JSON values, then HTML blocks."""
    problems: list[str] = []
    if not text.startswith("---\n"):
        return [f"{where}: no front matter"]
    front, _, rest = text[4:].partition("\n---\n")
    for line in front.splitlines():
        key, sep, value = line.partition(": ")
        if not sep or not re.fullmatch(r"[a-z]+", key):
            problems.append(f"{where}: front matter line {line[:80]!r}")
            continue
        try:
            json.loads(value)
        except ValueError:
            problems.append(f"{where}: front matter value not JSON: {line[:80]!r}")
    # The leading <link>/<script> tags are the site's own assets; the rest is content.
    head, _, content = rest.partition("\n\n")
    problems += _scan_asset_links(head, where)
    problems += scan_html(content, where, fragment=True)
    for line in content.splitlines():
        if line.startswith("#"):
            if not re.fullmatch(r"#{2,3} [^{]* \{#[A-Za-z0-9_^-]+\}", line):
                problems.append(f"{where}: heading line {line[:100]!r}")
        elif "{" in line:
            problems.append(f"{where}: a brace survives in the exported Markdown (attr_list syntax?): {line[:100]!r}")
    return problems


def _scan_asset_links(head: str, where: str) -> list[str]:
    problems = []
    for m in re.finditer(r"<(link|script)\b([^>]*)>", head):
        src = re.search(r'(?:href|src)="([^"]*)"', m.group(2))
        if src is None or not re.fullmatch(r"(?:\.\./)*assets/infoview/[a-z-]+\.(?:css|js)", src.group(1)):
            problems.append(f"{where}: asset tag {m.group(0)[:100]!r}")
    if re.sub(r"<(link|script)\b[^>]*>(</script>)?", "", head).strip():
        problems.append(f"{where}: more than asset tags before the content: {head[:100]!r}")
    return problems


def scan_tree(root: Path, *, theme: frozenset[str] | None = None, exported: bool = False, built_export: bool = False) -> tuple[int, list[str]]:
    """(files read, problems) for every file under ``root`` a build or an export wrote (``exported``: the
    Markdown ``site export`` wrote; ``built_export``: that Markdown built by plain MkDocs)."""
    problems: list[str] = []
    count = 0
    for f in sorted(root.rglob("*")):
        if not f.is_file() or "assets" in f.relative_to(root).parts[:1] and f.suffix in (".js", ".css", ".png", ".svg", ".txt"):
            continue
        rel = f.relative_to(root).as_posix()
        count += 1
        if f.suffix == ".html":
            problems += scan_html(f.read_text(encoding="utf-8"), rel, theme=theme, exported=built_export)
        elif f.suffix == ".json":
            problems += scan_json(f.read_text(encoding="utf-8"), rel)
        elif f.suffix == ".ics":
            problems += scan_ics(f.read_bytes(), rel)
        elif f.suffix == ".md" and exported:
            problems += scan_markdown(f.read_text(encoding="utf-8"), rel)
    return count, problems


_DOT_STRING = r'"(?:[^"\\]|\\.)*"'
_DOT_LINE = re.compile(
    rf"digraph referrals \{{|  rankdir=LR;|  node \[fontname=\"Helvetica\"\];|\}}"
    rf"|  {_DOT_STRING}(?: -> {_DOT_STRING})? \[label={_DOT_STRING}(?:, [a-z]+=(?:{_DOT_STRING}|[a-z]+))*\];"
)
_MERMAID_LINE = re.compile(
    r"flowchart LR"
    r'|  n\d+(?:\(\(|\(|\[/|\[\(|\[)"[^"<>`|\n]*"(?:\)\)|\)|/\]|\)\]|\])'
    r"|  n\d+ (?:-->|-\.->|---)(?:\|met\|)? n\d+"
    r"|  class n\d+(?:,n\d+)* (?:owner|prospect|company)"
    r"|  classDef (?:owner|prospect|company) [a-z0-9#:,-]+(?: [a-z0-9#:,-]+)?"
)


def scan_graph(text: str, fmt: str, where: str) -> list[str]:
    """A graph export: JSON parses; GraphML and GEXF are XML of their own elements only; every DOT and
    Mermaid line is one infoview writes (a name cannot start a line, a directive or a click handler)."""
    import xml.etree.ElementTree as ET

    if fmt == "json":
        try:
            json.loads(text)
        except ValueError as exc:
            return [f"{where}: not JSON: {exc}"]
        return []
    if fmt in ("graphml", "gexf"):
        if re.search(r"<!(?:DOCTYPE|ENTITY)|<\?xml-stylesheet", text, re.I):
            return [f"{where}: a DOCTYPE, entity or stylesheet"]
        try:
            tree = ET.fromstring(text.encode("utf-8"))
        except ET.ParseError as exc:
            return [f"{where}: not XML: {exc}"]
        spaces = {"graphml": ("{http://graphml.graphdrawing.org/xmlns}",), "gexf": ("{http://www.gexf.net/",)}[fmt]
        return [f"{where}: element {el.tag}" for el in tree.iter() if not el.tag.startswith(spaces)]
    pattern = {"dot": _DOT_LINE, "mermaid": _MERMAID_LINE}[fmt]
    return [f"{where}: line {line[:120]!r}" for line in text.splitlines() if not pattern.fullmatch(line)]
