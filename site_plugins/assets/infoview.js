/* infoview: sortable and filterable tables, and "Show all" for long lists.
 *
 * Plain JavaScript, shipped with the site: no network beyond the site itself,
 * no library. The pages are complete HTML without it (the first rows of a long
 * list are on the page); this adds sorting (click a column heading), the
 * filters, and fetches the rest of a long list from the JSON file beside the
 * page (rows the site rendered and escaped at build time). Material's instant
 * navigation swaps pages without reloading scripts, so set-up runs on every
 * `document$` emission when Material is there.
 */
(function () {
  "use strict";

  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var key = cell.getAttribute("data-sort");
    return key !== null ? key : cell.textContent.trim().toLowerCase();
  }

  function compare(a, b) {
    var na = Number(a), nb = Number(b);
    if (a !== "" && b !== "" && !isNaN(na) && !isNaN(nb)) return na - nb;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function makeSortable(table) {
    if (table.getAttribute("data-iv-ready")) return;
    table.setAttribute("data-iv-ready", "1");
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      if (!th.hasAttribute("aria-sort")) th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(cellKey(r1, index), cellKey(r2, index));
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  /* Every filter on the page: text boxes (data-filter-table) and selects (data-filter-rows="status"). */
  function applyFilters() {
    var boxes = document.querySelectorAll("input[data-filter-table]");
    Array.prototype.forEach.call(boxes, function (input) {
      var table = document.getElementById(input.getAttribute("data-filter-table"));
      if (!table) return;
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = (row.textContent + " " + (row.getAttribute("data-tags") || "")).toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      var count = document.getElementById(input.id + "-count");
      if (count) count.textContent = shown + " shown";
    });
    var selects = document.querySelectorAll("select[data-filter-rows]");
    if (!selects.length) return;
    Array.prototype.forEach.call(document.querySelectorAll("table.iv-table tbody tr"), function (row) {
      var match = Array.prototype.every.call(selects, function (select) {
        return !select.value || row.getAttribute("data-" + select.getAttribute("data-filter-rows")) === select.value;
      });
      row.hidden = !match;
    });
  }

  function makeFilter(control) {
    if (control.getAttribute("data-iv-ready")) return;
    control.setAttribute("data-iv-ready", "1");
    control.addEventListener(control.tagName === "SELECT" ? "change" : "input", applyFilters);
  }

  /* "Show all": the list's remaining rows, rendered by the site, replace the first ones. */
  function makeMore(button) {
    if (button.getAttribute("data-iv-ready")) return;
    button.setAttribute("data-iv-ready", "1");
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-iv-target"));
      if (!target) return;
      button.disabled = true;
      fetch(button.getAttribute("data-iv-more"), { credentials: "same-origin" })
        .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
        .then(function (rows) {
          var holder = target.tagName === "TABLE" ? target.tBodies[0] : target;
          holder.innerHTML = rows.join("\n");  // rows rendered and escaped by the site at build time
          button.parentNode.hidden = true;
          applyFilters();
        })
        .catch(function () {
          button.disabled = false;
          button.textContent = "Could not load the list; try again";
        });
    });
  }

  /* "Copy": a drafted letter to the clipboard, to paste into any mail program. The text is the Draft link's
     own subject and body (written once in the page, in the mailto: link). */
  function letterText(button) {
    var link = button.parentNode.querySelector("a[href^='mailto:']");
    var query = {};
    ((link && link.getAttribute("href").split("?")[1]) || "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) query[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1)).replace(/\r\n/g, "\n");
    });
    return "Subject: " + (query.subject || "") + "\n\n" + (query.body || "");
  }

  function makeCopy(button) {
    if (button.getAttribute("data-iv-ready")) return;
    button.setAttribute("data-iv-ready", "1");
    button.addEventListener("click", function () {
      var done = function (ok) { button.textContent = ok ? "Copied" : "Select and copy it from the draft"; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(letterText(button)).then(function () { done(true); }, function () { done(false); });
      } else {
        done(false);
      }
    });
  }

  function setUp() {
    Array.prototype.forEach.call(document.querySelectorAll("table.iv-sortable"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("input[data-filter-table], select[data-filter-rows]"), makeFilter);
    Array.prototype.forEach.call(document.querySelectorAll("button[data-iv-more]"), makeMore);
    Array.prototype.forEach.call(document.querySelectorAll("button.iv-copy"), makeCopy);
    applyFilters();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
