"""``InfoviewPlugin``: MkDocs events adapting :mod:`infoview.site` into a site.

- ``on_config`` resolves the vault next to ``mkdocs.yml`` and refuses what
  would publish raw notes (the vault inside ``docs_dir``, or ``docs_dir``
  reaching it through a symlink); a bad setting in ``infoview.yml`` or a bad
  ``INFOVIEW_TODAY`` stops the build (``PluginError``) instead of publishing
  with defaults.
- ``on_files`` loads the vault (unchanged notes come from the parse cache
  kept across ``mkdocs serve`` rebuilds), builds every page and adds it with
  ``File.generated``; nothing is ever written into ``docs_dir`` or the vault.
  A page unchanged since the last build is marked unmodified, so ``mkdocs
  serve --dirty`` renders only what changed.
- ``on_pre_page`` hands MkDocs each generated page's HTML and table of
  contents as they are: no Markdown pass over generated pages.
- ``on_post_build`` adds one lean entry per person, company and meeting to
  the search index (the pages themselves are not indexed), so the index is
  complete after a ``--dirty`` rebuild too.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from .config import InfoviewConfig

__all__ = ["InfoviewPlugin"]

log = get_plugin_logger("infoview")


class InfoviewPlugin(BasePlugin[InfoviewConfig]):
    """Publish an infoview vault: dashboard, people, companies, meetings, graph, rules."""

    def __init__(self) -> None:
        super().__init__()
        self.parse_cache: dict[str, Any] = {}  #: survives ``mkdocs serve`` rebuilds (see ``on_startup``)
        self.vault_dir: Path | None = None
        self.templates: Path | None = None
        self.site: Any = None  #: the last build's :class:`infoview.site.Site`
        self.last: dict[str, int] = {}  #: page source -> the hash of its HTML in the last build (for ``--dirty``)
        self.built: list[str] = []  #: the generated pages that changed in this build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this event keeps one plugin instance (and its parse cache) across ``serve`` rebuilds."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        from infoview.config import load_config
        from infoview.site import assets, title_text

        base = Path(config.config_file_path or ".").resolve().parent
        vault = (base / self.config.vault).resolve()
        if not vault.is_dir():
            raise PluginError(f"infoview: the vault folder {self.config.vault!r} does not exist (looked in {vault})")
        docs = Path(config.docs_dir).resolve()  # resolved: a docs_dir that is a symlink to the vault is caught
        # docs_dir inside the vault is fine (a vault repository with its own docs/); the vault inside docs_dir is not.
        if docs in (vault, *vault.parents):
            raise PluginError(
                f"infoview: the vault ({vault}) is inside docs_dir ({docs}), so raw notes would be published; point docs_dir at a separate, empty folder such as docs/"
            )
        if _reaches(docs, vault):
            raise PluginError(
                f"infoview: docs_dir ({config.docs_dir}) reaches the vault ({vault}) through a symlink, so raw notes would be published; remove the link"
            )
        if self.config.templates:
            self.templates = (base / self.config.templates).resolve()
            if not self.templates.is_dir():
                raise PluginError(
                    f"infoview: the templates folder {self.config.templates!r} does not exist (looked in {self.templates})"
                )
        if vault != self.vault_dir:
            self.parse_cache, self.last = {}, {}
        self.vault_dir = vault
        vault_config, findings = load_config(vault)
        errors = [f for f in findings if f.severity == "error"]
        if errors:  # fail closed: a setting we cannot read might be the one hiding something
            f = errors[0]
            raise PluginError(
                f"infoview: {_prefix(vault, config)}{f.format()}; the site is not built until it is fixed ({f.hint})"
            )
        _today(vault_config)  # a bad INFOVIEW_TODAY stops the build now
        if vault_config.site.title:
            config.site_name = title_text(vault_config.site.title)
        if str(vault) not in config.watch:
            config.watch.append(str(vault))
        if self.templates is not None and str(self.templates) not in config.watch:
            config.watch.append(str(self.templates))
        for uri in assets():
            if uri.count("/") != 2:  # vendored libraries load only where a graph is drawn
                continue
            if uri.endswith(".css") and uri not in config.extra_css:
                config.extra_css.append(uri)
            elif uri.endswith(".js") and not any(str(s) == uri for s in config.extra_javascript):
                config.extra_javascript.append(uri)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.vault_dir is None:
            return None
        from infoview.load import load_vault
        from infoview.rules import RuleConfigError, UnknownRule
        from infoview.site import INDEX_PAGES, NAV, assets, build_site, exported_files

        vault = load_vault(self.vault_dir, cache=self.parse_cache)
        try:
            site = build_site(
                vault, _today(vault.config), directory_urls=config.use_directory_urls, templates=self.templates
            )
        except (RuleConfigError, UnknownRule) as exc:
            raise PluginError(f"infoview: {exc}") from None
        self.site = site
        self._report(site, config)
        exported = exported_files(Path(config.docs_dir))
        for f in [f for f in files if f.src_uri in exported]:
            files.remove(f)  # an `infoview site export` into docs_dir: the live pages replace it
        self.built = []
        for src, page in site.pages.items():
            if self._user_wins(files, src):
                continue
            inclusion = InclusionLevel.UNDEFINED if src in INDEX_PAGES else InclusionLevel.NOT_IN_NAV
            meta = {k: v for k, v in page.meta.items() if (k, v) != ("title", config.site_name)}  # no "X - X" tab
            meta["search"] = {"exclude": True}
            stub = "---\n" + "\n".join(f"{k}: {json.dumps(v)}" for k, v in meta.items()) + "\n---\n"
            file = File.generated(config, src, content=stub, inclusion=inclusion)
            if self.last.get(src) == hash(page.html) and os.path.isfile(file.abs_dest_path):
                file.is_modified = lambda: False  # type: ignore[method-assign]  # --dirty: not rendered again
            else:
                self.built.append(src)
            self.last[src] = hash(page.html)
            files.append(file)
        extra: dict[str, str | bytes] = {**site.data, **site.feeds}
        if site.graph is not None:
            extra["graph.json"] = json.dumps(site.graph, ensure_ascii=False)
        for uri, content in extra.items():
            if not self._user_wins(files, uri):
                files.append(File.generated(config, uri, content=content))
        for uri, source in {**site.files, **assets()}.items():
            if not self._user_wins(files, uri):
                files.append(File.generated(config, uri, abs_src_path=str(source)))
        if config.nav is None:
            config.nav = [*NAV, *_user_nav(files, site.pages)]
        return files

    def on_pre_page(self, page: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """A generated page: its HTML and headings are set instead of rendering Markdown."""
        if not self.config.enabled or self.site is None or page.file.generated_by is None:
            return page
        built = self.site.pages.get(page.file.src_uri)
        if built is None:
            return page

        def render(config: MkDocsConfig, files: Files) -> None:
            page.content = built.html
            page.toc = get_toc(_toc_tokens(built.toc))
            page.present_anchor_ids = {hid for _, hid, _ in built.toc}

        page.render = render
        return page

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.site is None:
            return
        index = Path(config.site_dir) / "search" / "search_index.json"
        if not index.is_file():
            return
        data = json.loads(index.read_text(encoding="utf-8"))
        data["docs"] = [*data.get("docs", []), *self.site.search]
        index.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")

    # -- helpers -------------------------------------------------------------------------
    def _user_wins(self, files: Files, src: str) -> bool:
        if files.get_file_from_path(src) is None:
            return False
        log.info("%s is your own file in docs_dir: it replaces the generated one", src)
        return True

    def _report(self, site: Any, config: MkDocsConfig) -> None:
        """Data problems are warnings (``--strict`` fails); follow-ups are info unless ``strict_rules``."""
        from infoview.rules import RULES

        prefix = _prefix(self.vault_dir, config)
        for f in site.findings:
            text = f"{prefix}{f.format()}" + (f" (hint: {f.hint})" if f.hint else "")
            if f.rule in RULES:
                (log.warning if self.config.strict_rules else log.info)(text)
            else:
                (log.info if f.severity == "info" else log.warning)(text)
        for page, message in site.errors:
            log.error("could not build %s: %s", page, message)


def _today(vault_config: Any) -> Any:
    """The site's day: ``INFOVIEW_TODAY`` when set (a plausible day, else the build stops), else today in the
    vault's timezone."""
    from infoview.config import parse_day

    env = os.environ.get("INFOVIEW_TODAY")
    if not env:
        return vault_config.today()
    try:
        return parse_day(env, "INFOVIEW_TODAY")
    except ValueError as exc:
        raise PluginError(f"infoview: {exc}") from None


def _reaches(docs: Path, vault: Path) -> bool:
    """Whether a symlink under ``docs`` leads into (or above) the vault."""
    from infoview.site import overlaps

    return any(
        (Path(folder) / name).is_symlink() and overlaps((Path(folder) / name).resolve(), vault)
        for folder, dirnames, filenames in os.walk(docs)
        for name in dirnames + filenames
    )


def _toc_tokens(headings: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    """Python-Markdown's toc tokens (h2 with their h3 children) for MkDocs' ``get_toc``."""
    tokens: list[dict[str, Any]] = []
    for level, hid, name in headings:
        token = {"level": level, "id": hid, "name": name, "children": []}
        if level == 3 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def _prefix(vault_dir: Path | None, config: MkDocsConfig) -> str:
    """``vault/`` (relative to mkdocs.yml) so logged paths open in an editor."""
    if vault_dir is None:
        return ""
    base = Path(config.config_file_path or ".").resolve().parent
    try:
        return Path(os.path.relpath(vault_dir, base)).as_posix().rstrip("/") + "/"
    except ValueError:  # another drive on Windows
        return vault_dir.as_posix() + "/"


def _user_nav(files: Files, generated: dict[str, Any]) -> list[str]:
    """The user's own top-level pages, after the generated sections."""
    return sorted(
        f.src_uri
        for f in files.documentation_pages()
        if f.src_uri not in generated and f.generated_by is None and "/" not in f.src_uri
    )
