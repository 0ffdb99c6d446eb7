/* infoview: the interactive referral graph (/graph/) and the neighbourhood graph on person pages.
 *
 * Reads the renderer-independent graph.json written at the site root (NetworkX node-link data,
 * private notes already removed) and draws it with the vendored force-graph library.
 * The HTML list beside the canvas (#infoview-graph-list) stays the accessible, no-JavaScript
 * way through the same people; this script only enhances the page.
 *
 * Material's instant navigation swaps pages without reloading scripts, so everything is
 * (re)initialised from `document$` and torn down before the next page.
 */
(function () {
  "use strict";

  var OWNER = "@owner";
  var active = []; // torn down on the next page
  // The library ships beside this script and is fetched only by pages that draw a graph.
  var here = document.currentScript && document.currentScript.src;
  var LIBRARY = here ? new URL("vendor/force-graph.min.js", here).href : null;
  var library = null;
  var graphs = new Map(); // graph.json by URL: fetched once per visit, whatever instant navigation does

  // Okabe-Ito and Tol's muted set: distinguishable with the common colour-vision deficiencies; a lighter set
  // for slate. Beyond twelve companies the shape changes too (circle, square, triangle, diamond), so no two
  // of 48 companies look alike; the legend shows both.
  var PALETTES = {
    light: ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C6D00", "#6A3D9A", "#117733", "#882255", "#44AA99", "#999933"],
    dark: ["#56B4E9", "#E69F00", "#3DDBAA", "#E79FCB", "#FF8A4C", "#9AD0F5", "#F0E442", "#B79CE0", "#66CC88", "#CC6699", "#88DDCC", "#DDDD77"],
  };
  var SHAPES = ["circle", "square", "triangle", "diamond"];
  var STATUS_ORDER = ["prospect", "contacted", "scheduled", "met", "dormant"];

  function dark() {
    var scheme = document.body && document.body.getAttribute("data-md-color-scheme");
    return scheme === "slate";
  }

  function cssVar(el, name, fallback) {
    var value = getComputedStyle(el).getPropertyValue(name);
    return value && value.trim() ? value.trim() : fallback;
  }

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  /** The site root, from Material's config block; the page's own folder otherwise.
   * Read once, now: instant navigation keeps the first page's block while the address changes. */
  var ROOT = (function () {
    var config = document.getElementById("__config");
    var base = ".";
    if (config) {
      try { base = JSON.parse(config.textContent).base || "."; } catch (e) { base = "."; }
    }
    return new URL(base.replace(/\/?$/, "/"), location.href).href;
  })();

  function siteRoot() { return new URL(ROOT); }

  function graphUrl(container) {
    var src = container.getAttribute("data-src");
    return src ? new URL(src, location.href) : new URL("graph.json", siteRoot());
  }

  /** A node's page: only a page of this site is ever opened from the graph. */
  function pageHref(url, root) {
    if (!url) return null;
    try {
      var href = new URL(String(url), root);
      return href.origin === root.origin && /^https?:$/.test(href.protocol) ? href.href : null;
    } catch (e) {
      return null;
    }
  }

  /** Normalise node-link data: `links` or `edges`, one drawn link per (source, target, kind). */
  function prepare(data, root) {
    var nodes = (data.nodes || []).map(function (n) {
      var copy = Object.assign({}, n);
      copy.id = String(n.id);
      copy.tags = Array.isArray(n.tags) ? n.tags.map(String) : [];
      copy.names_given = +n.names_given || 0;
      copy.kind = n.kind || "contact";
      copy.name = n.name || copy.id;
      copy.href = pageHref(n.url, root);
      return copy;
    });
    var byId = new Map(nodes.map(function (n) { return [n.id, n]; }));
    var seen = new Set();
    var links = [];
    (data.links || data.edges || []).forEach(function (l) {
      var s = String(typeof l.source === "object" ? l.source.id : l.source);
      var t = String(typeof l.target === "object" ? l.target.id : l.target);
      var kind = l.kind || "referred";
      var key = s + "\u0000" + t + "\u0000" + kind;
      if (!byId.has(s) || !byId.has(t) || seen.has(key)) return;
      seen.add(key);
      links.push({ source: s, target: t, kind: kind, date: l.date || null });
    });
    return { nodes: nodes, links: links, byId: byId };
  }

  /** Links in the HTML list name their node with data-node, else match a node's URL. */
  function listItems(list, graph) {
    var items = new Map();
    if (!list) return items;
    var byHref = new Map();
    graph.nodes.forEach(function (n) { if (n.href) byHref.set(n.href, n); });
    list.querySelectorAll("li").forEach(function (li) {
      var a = li.querySelector("a[href]");
      var id = li.getAttribute("data-node") || (a && a.getAttribute("data-node"));
      var node = id ? graph.byId.get(id) : a ? byHref.get(a.href) : null;
      if (node) {
        if (!node.href && a) node.href = pageHref(a.getAttribute("href"), new URL(location.href));
        items.set(node.id, li);
      }
    });
    return items;
  }

  /** Shortest chain owner -> node over referrals; a direct contact when nobody referred them. */
  function chainTo(graph, targetId) {
    function bfs(allow) {
      var out = new Map();
      graph.links.forEach(function (l) {
        if (!allow(l)) return;
        var s = l.source.id || l.source;
        if (!out.has(s)) out.set(s, []);
        out.get(s).push(l.target.id || l.target);
      });
      var prev = new Map([[OWNER, null]]);
      var queue = [OWNER];
      while (queue.length) {
        var cur = queue.shift();
        if (cur === targetId) break;
        (out.get(cur) || []).forEach(function (next) {
          if (!prev.has(next)) { prev.set(next, cur); queue.push(next); }
        });
      }
      if (!prev.has(targetId)) return [];
      var path = [];
      for (var at = targetId; at !== null; at = prev.get(at)) path.unshift(at);
      return path;
    }
    var referred = bfs(function (l) { return l.kind === "referred"; });
    if (referred.length) return referred;
    // Nobody referred them: you reached them yourself (a `met` edge from you, or none at all).
    return graph.byId.has(targetId) && graph.byId.has(OWNER) && targetId !== OWNER ? [OWNER, targetId] : [];
  }

  function neighbourhood(graph, centerId, hops) {
    var adj = new Map();
    graph.links.forEach(function (l) {
      if (l.kind === "works_at") return;
      [[l.source, l.target], [l.target, l.source]].forEach(function (p) {
        if (!adj.has(p[0])) adj.set(p[0], []);
        adj.get(p[0]).push(p[1]);
      });
    });
    var keep = new Set([centerId]);
    var frontier = [centerId];
    for (var h = 0; h < hops; h++) {
      var next = [];
      frontier.forEach(function (id) {
        // You are everyone's neighbour: stepping on through you would pull in the whole campaign.
        if (id === OWNER && id !== centerId) return;
        (adj.get(id) || []).forEach(function (m) { if (!keep.has(m)) { keep.add(m); next.push(m); } });
      });
      frontier = next;
    }
    return keep;
  }

  function gravity(strength) {
    var nodes = [];
    function force(alpha) {
      for (var i = 0; i < nodes.length; i++) {
        nodes[i].vx -= nodes[i].x * strength * alpha;
        nodes[i].vy -= nodes[i].y * strength * alpha;
      }
    }
    force.initialize = function (n) { nodes = n; };
    return force;
  }

  function statusOf(n) { return n.kind === "owner" ? "you" : n.kind === "company" ? "company" : n.status || "prospect"; }

  function uniqueSorted(values) {
    return Array.from(new Set(values.filter(function (v) { return v != null && v !== ""; }))).sort(function (a, b) {
      return String(a).localeCompare(String(b));
    });
  }

  function select(label, name, options, allLabel) {
    var id = "iv-graph-" + name;
    var s = el("select", { id: id, name: name });
    if (allLabel) s.appendChild(el("option", { value: "", text: allLabel }));
    options.forEach(function (o) {
      s.appendChild(el("option", { value: typeof o === "string" ? o : o.value, text: typeof o === "string" ? o : o.label }));
    });
    var wrap = el("label", { for: id }, [document.createTextNode(label + " ")]);
    return { wrap: el("span", { class: "iv-graph-control" }, [wrap, s]), select: s };
  }

  /** One graph on the page: the full graph or a person's neighbourhood. */
  function mount(container, mode) {
    var state = { destroyed: false };
    var list = document.getElementById("infoview-graph-list");
    var url = graphUrl(container);
    var root = new URL(".", url);
    var status = el("p", { class: "iv-graph-status", role: "status", "aria-live": "polite" });
    container.classList.add("iv-graph-ready");
    container.appendChild(status);
    status.textContent = "Loading the graph\u2026";

    fetchGraph(url.href)
      .then(function (data) { if (!state.destroyed) draw(prepare(data, root)); })
      .catch(function (err) {
        status.textContent = "The interactive graph could not be loaded; the list of people still works.";
        container.setAttribute("data-error", String(err && err.message || err));
      });

    function draw(graph) {
      var center = container.getAttribute("data-node");
      var hops = +(container.getAttribute("data-hops") || 2);
      if (mode === "neighbourhood") {
        if (!graph.byId.has(center)) { container.hidden = true; return; }
        var keep = neighbourhood(graph, center, hops);
        graph.nodes = graph.nodes.filter(function (n) { return keep.has(n.id); });
        graph.links = graph.links.filter(function (l) { return keep.has(l.source) && keep.has(l.target) && l.kind !== "works_at"; });
      }
      var items = mode === "full" ? listItems(list, graph) : new Map();
      var big = graph.nodes.length > 600;
      var ui = { colorBy: "status", tag: "", company: "", status: "", companies: false };
      var chainNodes = new Set();
      var chainLinks = new Set();

      // -- controls (built here so a page without JavaScript shows none that do nothing)
      var canvasBox = el("div", { class: "iv-graph-canvas" });
      var legend = el("ul", { class: "iv-graph-legend", "aria-label": "Colour key" });
      var chainText = el("p", { class: "iv-graph-chain", "aria-live": "polite" });
      var controls = el("form", { class: "iv-graph-controls", "aria-label": "Graph controls" });
      controls.addEventListener("submit", function (e) { e.preventDefault(); });
      var people = graph.nodes.filter(function (n) { return n.kind === "contact" || n.kind === "prospect"; });
      if (mode === "full") {
        var colour = select("Colour by", "color", [{ value: "status", label: "status" }, { value: "company", label: "company" }]);
        var tag = select("Tag", "tag", uniqueSorted([].concat.apply([], people.map(function (n) { return n.tags; }))), "any");
        var company = select("Company", "company", uniqueSorted(people.map(function (n) { return n.company; })), "any");
        var st = select("Status", "status", STATUS_ORDER.filter(function (s) {
          return people.some(function (n) { return n.status === s; });
        }), "any");
        var chain = select("Chain to", "chain", people.slice().sort(function (a, b) {
          return a.name.localeCompare(b.name);
        }).map(function (n) { return { value: n.id, label: n.name }; }), "nobody");
        var showCompanies = el("input", { type: "checkbox", id: "iv-graph-companies", name: "companies" });
        var companiesLabel = el("label", { for: "iv-graph-companies" }, [document.createTextNode(" Companies")]);
        [colour, tag, company, st, chain].forEach(function (c) { controls.appendChild(c.wrap); });
        controls.appendChild(el("span", { class: "iv-graph-control" }, [showCompanies, companiesLabel]));
        colour.select.addEventListener("change", function () { ui.colorBy = colour.select.value; restyle(); });
        tag.select.addEventListener("change", function () { ui.tag = tag.select.value; refilter(); });
        company.select.addEventListener("change", function () { ui.company = company.select.value; refilter(); });
        st.select.addEventListener("change", function () { ui.status = st.select.value; refilter(); });
        chain.select.addEventListener("change", function () { highlight(chain.select.value); });
        showCompanies.addEventListener("change", function () {
          ui.companies = showCompanies.checked;
          fg.graphData(layoutData());
          refilter();
        });
        state.chainSelect = chain.select;
      }
      status.textContent = "";
      if (controls.childNodes.length) container.appendChild(controls);
      container.appendChild(canvasBox);
      container.appendChild(legend);
      container.appendChild(chainText);
      // Only the canvas is a picture: the controls around it must stay reachable.
      ["role", "aria-label"].forEach(function (attr) {
        if (container.hasAttribute(attr)) {
          canvasBox.setAttribute(attr, container.getAttribute(attr));
          container.removeAttribute(attr);
        }
      });
      if (!canvasBox.hasAttribute("role")) {
        canvasBox.setAttribute("role", "img");
        canvasBox.setAttribute("aria-label", mode === "full" ? "Referral graph: the same people as the list" : "Referral neighbourhood");
      }

      // -- colours
      var colours = {};
      function theme() {
        colours.palette = dark() ? PALETTES.dark : PALETTES.light;
        colours.fg = cssVar(container, "--md-default-fg-color", dark() ? "#e2e4e9" : "#000000de");
        colours.muted = cssVar(container, "--md-default-fg-color--lighter", dark() ? "#e2e4e952" : "#00000052");
        colours.faint = cssVar(container, "--md-default-fg-color--lightest", dark() ? "#e2e4e91f" : "#00000012");
        colours.accent = cssVar(container, "--md-accent-fg-color", "#526cfe");
        colours.bg = cssVar(container, "--md-default-bg-color", dark() ? "#1e2129" : "#ffffff");
      }
      var companyColour = new Map();
      function categoryColour(n) {
        var p = colours.palette;
        if (n.kind === "owner") return colours.fg;
        if (n.kind === "company") return colours.faint;
        if (ui.colorBy === "company") {
          if (!n.company) return colours.muted;
          return p[companyColour.get(n.company) % p.length];
        }
        var i = STATUS_ORDER.indexOf(n.status || "prospect");
        return i === 0 ? colours.muted : p[(i - 1) % p.length];
      }
      uniqueSorted(people.map(function (n) { return n.company; })).forEach(function (c, i) { companyColour.set(c, i); });
      /** A node's shape: companies are squares; coloured by company, the shape changes past the palette. */
      function shapeOf(n) {
        if (n.kind === "company") return "square";
        if (ui.colorBy !== "company" || !n.company) return "circle";
        return SHAPES[Math.floor(companyColour.get(n.company) / colours.palette.length) % SHAPES.length];
      }
      function drawShape(ctx, shape, x, y, r) {
        ctx.beginPath();
        if (shape === "square") ctx.rect(x - r, y - r, 2 * r, 2 * r);
        else if (shape === "triangle") { ctx.moveTo(x, y - r * 1.2); ctx.lineTo(x + r * 1.1, y + r * 0.8); ctx.lineTo(x - r * 1.1, y + r * 0.8); ctx.closePath(); }
        else if (shape === "diamond") { ctx.moveTo(x, y - r * 1.2); ctx.lineTo(x + r * 1.2, y); ctx.lineTo(x, y + r * 1.2); ctx.lineTo(x - r * 1.2, y); ctx.closePath(); }
        else ctx.arc(x, y, r, 0, 2 * Math.PI);
      }

      function renderLegend() {
        legend.textContent = "";
        var entries = [];
        if (ui.colorBy === "company") {
          var counts = new Map();
          people.forEach(function (n) { if (n.company) counts.set(n.company, (counts.get(n.company) || 0) + 1); });
          var top = Array.from(counts.keys()).sort(function (a, b) { return counts.get(b) - counts.get(a) || a.localeCompare(b); });
          top.slice(0, 24).forEach(function (c) {
            var n = { kind: "contact", company: c };
            entries.push([c, categoryColour(n), shapeOf(n)]);
          });
          if (top.length > 24) entries.push(["\u2026and " + (top.length - 24) + " more (hover a node for its company)", null]);
          if (people.some(function (n) { return !n.company; })) entries.push(["no company", colours.muted, "ring"]);
        } else {
          STATUS_ORDER.forEach(function (s) {
            if (people.some(function (n) { return n.status === s; })) entries.push([s, categoryColour({ kind: "contact", status: s })]);
          });
        }
        entries.push(["you", colours.fg]);
        if (ui.companies) entries.push(["a company", colours.faint, "square"]);
        entries.forEach(function (e) {
          var swatch = el("span", { class: "iv-graph-swatch iv-graph-swatch--" + (e[2] || "circle"), "aria-hidden": "true" });
          if (e[1] && e[2] !== "ring") swatch.style.background = e[1];
          if (e[2] === "ring" || e[2] === "square") swatch.style.borderColor = e[2] === "ring" ? e[1] : colours.muted;
          legend.appendChild(el("li", {}, [swatch, document.createTextNode(e[0])]));
        });
      }

      // -- what the layout simulates: hidden companies and the `met` star around you would only cost
      // time on big graphs (status colours already say who you met); a neighbourhood keeps `met`.
      function layoutData() {
        return {
          nodes: graph.nodes.filter(function (n) { return n.kind !== "company" || ui.companies; }),
          links: graph.links.filter(function (l) {
            return (l.kind !== "works_at" || ui.companies) && (l.kind !== "met" || mode === "neighbourhood");
          }),
        };
      }

      // -- visibility
      function matches(n) {
        if (n.kind === "owner") return true;
        if (n.kind === "company") return ui.companies && (!ui.company || n.name === ui.company);
        if (ui.tag && n.tags.indexOf(ui.tag) < 0) return false;
        if (ui.company && n.company !== ui.company) return false;
        if (ui.status && n.status !== ui.status) return false;
        return true;
      }
      function nodeOf(ref) { return typeof ref === "object" ? ref : graph.byId.get(ref); }
      function linkVisible(l) {
        var s = nodeOf(l.source), t = nodeOf(l.target);
        if (l.kind === "works_at" && !ui.companies) return false;
        return matches(s) && matches(t);
      }
      function refilter() {
        fg.nodeVisibility(matches).linkVisibility(linkVisible);
        if (state.ready && !state.touched) fg.zoomToFit(400, 30, matches);  // frame what the filter left
        var shown = 0;
        items.forEach(function (li, id) {
          var visible = matches(graph.byId.get(id));
          li.hidden = !visible;
          if (visible) shown += 1;
        });
        var count = graph.nodes.filter(function (n) { return n.kind !== "owner" && n.kind !== "company" && matches(n); }).length;
        status.textContent = count + " of " + people.length + " people shown";
        if (list) list.setAttribute("data-shown", String(shown));
      }
      // Colours are worked out once per palette or colour-by change, not per node per frame.
      function nodeColour(n) { return n.__colour; }
      function restyle() {
        theme();
        graph.nodes.forEach(function (n) { n.__colour = categoryColour(n); });
        fg.nodeColor(nodeColour).linkColor(linkColour);
        renderLegend();
      }
      function linkColour(l) {
        if (chainLinks.has(l)) return colours.accent;
        if (l.kind === "met") return colours.faint;
        return chainNodes.size ? colours.faint : colours.muted;
      }

      function highlight(id) {
        chainNodes = new Set();
        chainLinks = new Set();
        var path = id ? chainTo(graph, id) : [];
        path.forEach(function (p) { chainNodes.add(p); });
        graph.links.forEach(function (l) {
          var s = nodeOf(l.source).id, t = nodeOf(l.target).id;
          var i = path.indexOf(s);
          if (i >= 0 && path[i + 1] === t && (l.kind === "referred" || path.length === 2)) chainLinks.add(l);
        });
        chainText.textContent = !id ? "" : path.length
          ? "Chain: " + path.map(function (p) { return p === OWNER ? "you" : graph.byId.get(p).name; }).join(" \u2192 ")
          : "No chain from you reaches " + graph.byId.get(id).name + ".";
        fg.linkColor(linkColour).linkWidth(linkWidth);
        if (state.chainSelect && state.chainSelect.value !== (id || "")) state.chainSelect.value = id || "";
      }
      function linkWidth(l) { return chainLinks.has(l) ? 3 : l.kind === "referred" ? 1 : 0.5; }

      // -- the canvas
      function nodeVal(n) { return n.kind === "owner" ? 6 : n.kind === "company" ? 2 : 1 + 2 * n.names_given; }
      function ringed(n) { return n.id === center || chainNodes.has(n.id); }
      // Names only once zoomed in enough to read them (always for small graphs).
      var labelScale = big ? 3 : graph.nodes.length > 60 ? 1.6 : 0.6;
      function labelled(n) { return n.kind === "owner" || n.id === center || chainNodes.has(n.id) || state.scale > labelScale; }
      state.scale = 1;
      theme();
      var fg = new ForceGraph(canvasBox);
      state.fg = fg;
      var height = mode === "full" ? Math.max(320, Math.min(640, Math.round(window.innerHeight * 0.65))) : 300;
      fg.width(canvasBox.clientWidth || container.clientWidth || 600)
        .height(height)
        .backgroundColor("rgba(0,0,0,0)")
        .nodeId("id")
        .nodeRelSize(4)
        .nodeVal(nodeVal)
        .nodeLabel(function (n) {
          // Tooltips are set as HTML by the library: every value is escaped here.
          var bits = [];
          if (n.kind === "company") bits.push("company");
          else if (n.kind === "owner") bits.push("you");
          else {
            if (n.company) bits.push(n.company);
            bits.push(n.status || "prospect");
            if (n.names_given) bits.push(n.names_given + (n.names_given === 1 ? " name given" : " names given"));
          }
          return "<strong>" + escapeHtml(n.name) + "</strong><br>" + escapeHtml(bits.join(" \u00b7 "));
        })
        .nodeColor(nodeColour)
        .linkColor(linkColour)
        .linkWidth(linkWidth)
        .linkLineDash(function (l) { return l.kind === "referred" ? null : l.kind === "met" ? [2, 3] : [1, 2]; })
        .linkDirectionalArrowLength(function (l) { return l.kind === "referred" && !big ? 4 : 0; })
        .linkDirectionalArrowRelPos(1)
        .nodeVisibility(matches)
        .linkVisibility(linkVisible)
        // Decorations (ring, name) are drawn only for the nodes that have one: thousands of no-op
        // calls a frame would cost more than the drawing.
        .nodeCanvasObjectMode(function (n) {
          if (shapeOf(n) !== "circle" || (n.kind !== "owner" && !n.company && ui.colorBy === "company")) return "replace";
          return ringed(n) || labelled(n) ? "after" : null;
        })
        .nodeCanvasObject(function (n, ctx, scale) {
          var r = Math.sqrt(nodeVal(n)) * 4;
          var shape = shapeOf(n);
          if (shape !== "circle" || (n.kind !== "owner" && !n.company && ui.colorBy === "company")) {
            drawShape(ctx, shape, n.x, n.y, r);
            if (n.kind === "company" || (!n.company && ui.colorBy === "company")) {
              // A company: a square outline; someone with no company: a hollow ring, not a colour.
              if (n.kind === "company") { ctx.fillStyle = n.__colour; ctx.fill(); }
              ctx.lineWidth = 1.5 / Math.min(scale, 2);
              ctx.strokeStyle = colours.muted;
              ctx.stroke();
            } else {
              ctx.fillStyle = n.__colour;
              ctx.fill();
            }
          }
          if (ringed(n)) {
            ctx.beginPath();
            ctx.arc(n.x, n.y, r + 2.5, 0, 2 * Math.PI);
            ctx.lineWidth = 2 / Math.min(scale, 2);
            ctx.strokeStyle = colours.accent;
            ctx.stroke();
          }
          if (labelled(n)) {
            var size = 11 / scale;
            var text = n.kind === "owner" ? "you" : n.name;
            ctx.font = (n.id === center ? "bold " : "") + size + "px sans-serif";
            ctx.textBaseline = "top";
            // Keep the name on the canvas: near an edge it is drawn inward, not cut off.
            var width = ctx.measureText(text).width;
            var topLeft = fg.screen2GraphCoords(0, 0), bottomRight = fg.screen2GraphCoords(fg.width(), fg.height());
            var x = Math.min(Math.max(n.x - width / 2, topLeft.x + 2 / scale), bottomRight.x - width - 2 / scale);
            var y = Math.min(n.y + r + 2 / scale, bottomRight.y - size - 2 / scale);
            ctx.textAlign = "left";
            ctx.lineWidth = 3 / scale;
            ctx.strokeStyle = colours.bg;
            ctx.strokeText(text, x, y);  // a halo in the page's colour, so links never hide a name
            ctx.fillStyle = colours.fg;
            ctx.fillText(text, x, y);
          }
        })
        .d3Force("gravity", gravity(0.04))
        .cooldownTime(big ? 8000 : 15000)
        .d3AlphaDecay(big ? 0.045 : 0.0228)
        .d3AlphaMin(0.002) // stop once the layout barely moves, not at the time limit
        .onNodeClick(function (n) {
          if (n.href && n.kind !== "owner") location.assign(n.href);
          else if (n.kind === "prospect") highlight(n.id);
        })
        .onNodeHover(function (n) { canvasBox.style.cursor = n && (n.href || n.kind === "prospect") ? "pointer" : ""; })
        .onZoom(function (t) { state.scale = t.k; })
        .onEngineTick(function () {
          // Frame the layout early, then again once it settles (unless the reader moved it).
          state.ticks = (state.ticks || 0) + 1;
          if (state.ticks === 25 && !state.touched) fg.zoomToFit(0, 30, matches);
        })
        .onEngineStop(function () {
          state.ready = true;
          if (!state.touched) fg.zoomToFit(400, 30, matches);
          container.setAttribute("data-settled", "true");
        })
        .graphData(layoutData());
      if (!big && window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
        // Lay out before the first frame and show it still; too slow to do up front on big graphs.
        fg.cooldownTicks(0).warmupTicks(300);
      }
      var charge = fg.d3Force("charge");
      // Coarser Barnes-Hut and a cut-off keep a tick cheap with thousands of people.
      if (charge) charge.strength(big ? -18 : -60).theta(big ? 1.2 : 0.9).distanceMax(big ? 300 : Infinity);
      if (fg.d3Force("link")) fg.d3Force("link").distance(function (l) { return l.kind === "works_at" ? 50 : 30; });
      // Wheel, drag or pinch mean the reader is framing the view: stop re-fitting it for them.
      ["wheel", "pointerdown", "touchstart"].forEach(function (type) {
        canvasBox.addEventListener(type, function () { state.touched = true; }, { passive: true });
      });
      restyle();
      if (mode === "full") refilter();
      if (mode === "neighbourhood") {
        var near = people.filter(function (n) { return n.id !== center; }).length;
        status.textContent = near + (near === 1 ? " person" : " people") + " within " + hops + (hops === 1 ? " step" : " steps");
      }
      container.setAttribute("data-nodes", String(graph.nodes.length));

      // Follow the palette toggle and the column's width.
      var schemeWatch = new MutationObserver(restyle);
      schemeWatch.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme", "data-md-color-primary", "data-md-color-accent"] });
      var resize = typeof ResizeObserver === "function" ? new ResizeObserver(function () {
        var w = canvasBox.clientWidth;
        if (w && w !== fg.width()) fg.width(w);
      }) : null;
      if (resize) resize.observe(canvasBox);
      state.cleanup = function () {
        schemeWatch.disconnect();
        if (resize) resize.disconnect();
      };
      // Tests and the benchmark read this; it is not an API.
      container.infoviewGraph = { graph: fg, highlight: highlight, chainTo: function (id) { return chainTo(graph, id); } };
    }

    return function destroy() {
      state.destroyed = true;
      if (state.cleanup) state.cleanup();
      if (state.fg) {
        state.fg.pauseAnimation();
        if (typeof state.fg._destructor === "function") state.fg._destructor();
      }
    };
  }

  function fetchGraph(href) {
    if (!graphs.has(href)) {
      graphs.set(href, fetch(href, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("graph.json: HTTP " + r.status);
        return r.json();
      }).catch(function (err) { graphs.delete(href); throw err; }));
    }
    return graphs.get(href);
  }

  /** A person page (it has the referral chain list) gets their neighbourhood drawn under the chain. */
  function addNeighbourhood(chainList) {
    var url = new URL("graph.json", siteRoot());
    // people/x/ and people/x/index.html are the same page.
    function page(href) { return href.split("#")[0].split("?")[0].replace(/index\.html$/, ""); }
    var here = page(location.href);
    return fetchGraph(url.href).then(function (data) {
      var node = (data.nodes || []).filter(function (n) {
        return n.url && page(new URL(n.url, url).href) === here;
      })[0];
      if (!node || document.querySelector(".infoview-neighbourhood")) return null;
      var box = el("div", {
        class: "infoview-neighbourhood", "data-node": String(node.id), "data-src": url.href, "data-hops": "2",
      });
      box.appendChild(el("p", { class: "iv-graph-caption", text: "Their neighbourhood: everyone within two steps." }));
      chainList.parentNode.insertBefore(box, chainList.nextSibling);
      return box;
    });
  }

  function loadLibrary() {
    if (typeof window.ForceGraph === "function") return Promise.resolve();
    if (!library) {
      library = new Promise(function (resolve, reject) {
        if (!LIBRARY) { reject(new Error("cannot locate the graph library")); return; }
        var script = el("script", { src: LIBRARY });
        script.onload = function () { resolve(); };
        script.onerror = function () { library = null; reject(new Error("cannot load " + LIBRARY)); };
        document.head.appendChild(script);
      });
    }
    return library;
  }

  function init() {
    active.splice(0).forEach(function (destroy) { destroy(); });
    var full = document.getElementById("infoview-graph");
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".infoview-neighbourhood[data-node]"));
    var chainList = !full && !boxes.length ? document.querySelector("ol.infoview-chain") : null;
    if (!full && !boxes.length && !chainList) return;
    var page = { cancelled: false, destroys: [] };
    active.push(function () {
      page.cancelled = true;
      page.destroys.forEach(function (destroy) { destroy(); });
    });
    Promise.all([loadLibrary(), chainList ? addNeighbourhood(chainList) : null]).then(function (done) {
      if (page.cancelled) return;
      if (done[1]) boxes.push(done[1]);
      if (full && !full.classList.contains("iv-graph-ready")) page.destroys.push(mount(full, "full"));
      boxes.forEach(function (box) {
        if (!box.classList.contains("iv-graph-ready")) page.destroys.push(mount(box, "neighbourhood"));
      });
    }, function (err) {
      // Without the library the list stays the way through the people; say so instead of failing silently.
      [full].concat(boxes).forEach(function (box) {
        if (box) box.setAttribute("data-error", String(err && err.message || err));
      });
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
