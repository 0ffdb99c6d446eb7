"""``InfoviewPlugin``: MkDocs events adapting :mod:`infoview.site` into a site.

- ``on_startup`` marks the plugin as long-lived, so under ``mkdocs serve`` it
  survives rebuilds and keeps its parse cache (path, mtime, size) and its
  memo of built pages: a rebuild builds again only the pages whose reads of
  the vault now answer differently (see :mod:`infoview.site.memo`).
- ``on_config`` resolves the vault next to ``mkdocs.yml``, refuses a vault
  inside ``docs_dir`` (its raw notes would be published), watches the vault,
  and adds the shipped CSS/JS.
- ``on_files`` loads the vault, logs its findings, and adds every generated
  page with ``File.generated`` (nothing is ever written into ``docs_dir`` or
  the vault). A page the user wrote at the same path wins. Only section
  pages go in the nav: a nav entry per contact makes MkDocs quadratic.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .config import InfoviewConfig

__all__ = ["InfoviewPlugin"]

log = get_plugin_logger("infoview")

ASSET_PREFIX = "assets/infoview"


class InfoviewPlugin(BasePlugin[InfoviewConfig]):
    """Publish an infoview vault: dashboard, people, companies, meetings, graph, rules."""

    def __init__(self) -> None:
        super().__init__()
        self.is_serve = False
        #: Survives ``mkdocs serve`` rebuilds (see ``on_startup``).
        self.parse_cache: dict[str, Any] = {}
        self.memo: Any = None  #: the site's built pages, kept across rebuilds (an ``infoview.site.Memo``)
        self._graph_json: tuple[Any, str] | None = None  #: (graph data, its JSON) of the last build
        #: The pages the last build generated again (the others came from the memo unchanged).
        self.built: list[str] = []
        self.vault_dir: Path | None = None
        #: Builds this instance ran (``mkdocs serve`` keeps it across rebuilds).
        self.builds = 0

    # -- events --------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this event is what keeps one plugin instance across rebuilds.
        self.is_serve = command == "serve"
        self.builds = 0

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        base = Path(config.config_file_path or ".").resolve().parent
        vault = (base / self.config.vault).resolve()
        if not vault.is_dir():
            raise PluginError(f"infoview: the vault folder {self.config.vault!r} does not exist (looked in {vault})")
        docs = Path(config.docs_dir).resolve()
        # docs_dir inside the vault is fine (a vault repository with its own docs/);
        # the vault inside docs_dir is not: MkDocs would publish every raw note.
        if _inside(vault, docs):
            raise PluginError(
                f"infoview: the vault ({vault}) is inside docs_dir ({docs}), so raw notes would be published; "
                "point docs_dir at a separate, empty folder such as docs/"
            )
        if vault != self.vault_dir:
            # Another vault (a second project in one process): its caches would only mislead.
            self.parse_cache = {}
            self.memo = None
            self._graph_json = None
        self.vault_dir = vault
        from infoview.config import load_config
        from infoview.site import title_text

        vault_config, _ = load_config(vault)  # its findings are logged with the others in on_files
        if vault_config.site.title:
            # The vault names its own site; themes print site_name unescaped, so make it safe.
            config.site_name = title_text(vault_config.site.title)
        if str(vault) not in config.watch:
            config.watch.append(str(vault))
        for asset in _assets():
            uri = f"{ASSET_PREFIX}/{asset.name}"
            if asset.suffix == ".css" and uri not in config.extra_css:
                config.extra_css.append(uri)
            elif asset.suffix == ".js" and not any(str(s) == uri for s in config.extra_javascript):
                config.extra_javascript.append(uri)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.vault_dir is None:
            return None
        from infoview.load import load_vault
        from infoview.site import ASSETS_DIR, INDEX_PAGES, NAV, Memo, build_site

        self.builds += 1
        if self.is_serve and self.builds == 2:
            _freeze_long_lived()
        vault = load_vault(self.vault_dir, cache=self.parse_cache)
        today = _today(vault)
        if self.memo is None and self.is_serve:
            # Only a long-lived plugin builds again; a one-off build would record reads for nothing.
            self.memo = Memo()
        site = build_site(vault, today, directory_urls=config.use_directory_urls, memo=self.memo)
        self.built = site.built
        log.debug("built %d of %d pages (the others were unchanged)", len(site.built), len(site.pages))
        self._report(site, config)

        for src, text in site.pages.items():
            if self._user_wins(files, src):
                continue
            inclusion = InclusionLevel.UNDEFINED if src in INDEX_PAGES else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src, content=text, inclusion=inclusion))
        for uri, source in site.files.items():
            if not self._user_wins(files, uri):
                files.append(File.generated(config, uri, abs_src_path=str(source)))
        for uri, data in site.feeds.items():
            if not self._user_wins(files, uri):
                files.append(File.generated(config, uri, content=data))
        if site.graph is not None and not self._user_wins(files, "graph.json"):
            if self._graph_json is None or self._graph_json[0] is not site.graph:
                # The memo gives back the very same data when nothing in it changed; it is never modified.
                self._graph_json = (site.graph, json.dumps(site.graph, ensure_ascii=False))
            files.append(File.generated(config, "graph.json", content=self._graph_json[1]))
        # Markdown files among the assets (a vendor README) would become pages.
        for path in sorted(p for p in ASSETS_DIR.rglob("*") if p.is_file() and p.suffix != ".md"):
            uri = f"{ASSET_PREFIX}/{path.relative_to(ASSETS_DIR).as_posix()}"
            if not self._user_wins(files, uri):
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        if config.nav is None:
            config.nav = [*NAV, *_user_nav(files, site.pages)]
        return files

    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str | None:
        """A last net over the pages this plugin generated (the escaping is done before)."""
        if not self.config.enabled or page.file.generated_by is None or "infoview" not in page.file.generated_by:
            return None
        from infoview.site import sanitize_html

        return sanitize_html(html)

    # -- helpers -------------------------------------------------------------
    def _user_wins(self, files: Files, src: str) -> bool:
        if files.get_file_from_path(src) is None:
            return False
        log.info("%s is your own file in docs_dir: it replaces the generated one", src)
        return True

    def _report(self, site: Any, config: MkDocsConfig) -> None:
        """Data problems are warnings (``--strict`` fails); follow-ups are info unless ``strict_rules``."""
        ctx = site.context
        prefix = _relative_prefix(self.vault_dir, config)
        for f in ctx.findings:
            text = f"{prefix}{f.format()}"
            if f.hint:
                text += f" (hint: {f.hint})"
            if ctx.is_followup(f):
                (log.warning if self.config.strict_rules else log.info)(text)
            elif f.severity == "info":
                log.info(text)
            else:
                log.warning(text)
        for page, message in site.errors:
            log.error("could not build %s: %s", page, message)


def _today(vault: Any) -> dt.date:
    """The site's day: ``INFOVIEW_TODAY`` when set, else today in the vault's timezone."""
    env = os.environ.get("INFOVIEW_TODAY")
    if env:
        try:
            return dt.date.fromisoformat(env.strip())
        except ValueError:
            raise PluginError(f"infoview: INFOVIEW_TODAY must be a date like 2026-11-25, not {env!r}") from None
    return vault.config.today()


def _freeze_long_lived() -> None:
    """At the first rebuild under ``mkdocs serve``: move what lives for the whole session out of the GC's sight.

    Every rebuild leaves MkDocs' pages of the last one as cyclic garbage, so
    a full collection runs in each rebuild, and it used to scan everything
    alive: the parse cache and the kept pages (most of a large site's
    objects) too, for half a second at 2,000 contacts, every rebuild. Here,
    once, the first build's garbage is collected and what survives (the
    caches, MkDocs' server) is frozen (:func:`gc.freeze`): later collections
    skip it. The price: the few frozen objects that later become cyclic
    garbage (the first build's graph, say) are never freed, once.
    """
    gc.collect()
    gc.freeze()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _relative_prefix(vault_dir: Path | None, config: MkDocsConfig) -> str:
    """``vault/`` (relative to mkdocs.yml) so logged paths open in an editor."""
    if vault_dir is None:
        return ""
    base = Path(config.config_file_path or ".").resolve().parent
    try:
        return Path(os.path.relpath(vault_dir, base)).as_posix().rstrip("/") + "/"
    except ValueError:  # another drive on Windows
        return vault_dir.as_posix() + "/"


def _assets() -> list[Path]:
    from infoview.site import ASSETS_DIR

    return sorted(p for p in ASSETS_DIR.glob("*") if p.is_file() and p.suffix in (".css", ".js"))


def _user_nav(files: Files, generated: dict[str, str]) -> list[str]:
    """The user's own top-level pages, after the generated sections."""
    out = []
    for f in files.documentation_pages():
        if f.src_uri in generated or f.generated_by is not None or "/" in f.src_uri:
            continue
        out.append(f.src_uri)
    return sorted(out)
