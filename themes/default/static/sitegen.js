/* sitegen default theme behaviour. No network requests: Plotly is loaded from
   the same assets/ folder as this file, and only on pages that have charts.
   Works from file:// (no fetch, no modules). */
(function () {
  "use strict";

  var script = document.currentScript;
  var assetsBase = script ? script.src.replace(/[^/]*$/, "") : "assets/";
  var darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var printing = false;
  var PRINT_WIDTH = 660; /* px: A4 text width at 96 dpi (703) minus figure padding and border (42) */

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  /* Replace "var(--name)" strings anywhere in a figure with the current colour,
     so chart colours follow the stylesheet (light, dark, print). */
  function resolveVars(value) {
    if (typeof value === "string") {
      var match = /^var\((--[\w-]+)\)$/.exec(value);
      return match ? cssVar(match[1]) || value : value;
    }
    if (Array.isArray(value)) return value.map(resolveVars);
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (key) { out[key] = resolveVars(value[key]); });
      return out;
    }
    return value;
  }

  function themedLayout(layout, height, printWidth) {
    var text = printing ? "#000000" : cssVar("--text");
    var grid = printing ? "#cccccc" : cssVar("--chart-grid");
    var colorway = [];
    for (var i = 1; i <= 8; i++) colorway.push(cssVar("--chart-" + i));
    var axis = { gridcolor: grid, linecolor: grid, zerolinecolor: grid, tickfont: { color: text } };
    var themed = Object.assign({
      height: height,
      margin: { l: 56, r: 16, t: 16, b: 48 },
      font: { family: cssVar("--font") || "system-ui, sans-serif", color: text, size: 13 },
      colorway: colorway,
      legend: { orientation: "h", y: -0.2 },
      /* Plotly's own mode bar colours are 30 % grey on a half-black box: faint on a dark page */
      modebar: { bgcolor: "rgba(0,0,0,0)", color: printing ? "#555555" : cssVar("--muted"), activecolor: cssVar("--accent") },
      hoverlabel: { font: { family: cssVar("--font") } }
    }, resolveVars(layout || {}));
    if (printing) themed.width = printWidth || PRINT_WIDTH;
    themed.paper_bgcolor = "rgba(0,0,0,0)";
    themed.plot_bgcolor = "rgba(0,0,0,0)";
    ["xaxis", "yaxis", "xaxis2", "yaxis2"].forEach(function (name) {
      if (name in themed || name === "xaxis" || name === "yaxis") {
        themed[name] = Object.assign({}, axis, themed[name] || {});
      }
    });
    return themed;
  }

  var charts = [];

  /* The site promises that no request leaves it, so the mode bar keeps only
     buttons that act in the page. Plotly 4 shows "Share chart..." (it uploads
     the figure, real plan numbers, to plotlyServerURL) unless showSendToCloud
     is false, and the logo links to plotly.com; an empty server URL makes the
     upload a no-op even if a theme adds the button back. showLink and
     showEditInChartStudio are the same buttons in the Plotly 2 bundles that
     older `plotly` packages ship. Box and lasso select only dim bars here. */
  var PRIVATE_TOOLBAR = {
    displaylogo: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
    showLink: false,
    plotlyServerURL: "",
    modeBarButtonsToRemove: ["sendChartToCloud", "editInChartStudio", "select2d", "lasso2d"]
  };

  /* On a phone a trace may show shorter category labels: `meta.short_y` (written at build
     time) replaces `y` while the plot is narrower than NARROW_PLOT px, and the layout's
     `meta.short_categories` the y axis' category order; `meta.short_x` replaces `x` (the
     territories' names, on up to three lines under their bars). */
  var NARROW_PLOT = 520;
  var phoneQuery = window.matchMedia ? window.matchMedia("(max-width: 40rem)") : null;
  function forWidth(data, plot) {
    if (printing || plot.clientWidth >= NARROW_PLOT) return data;
    return data.map(function (trace) {
      var meta = trace.meta || {};
      if (meta.short_y) trace = Object.assign({}, trace, { y: meta.short_y });
      return meta.short_x ? Object.assign({}, trace, { x: meta.short_x }) : trace;
    });
  }

  /* A figure may carry a variant for a phone (`meta.narrow`, written at build time: the campaign
     timeline puts each name on its own line above its bar) and one for paper (`meta.print`: the
     heat map drops its cell figures, too wide for a printed cell; its table prints beside it).
     A variant's `layout` keys replace the layout's, one level deep (`yaxis`, `margin`), its
     `traces` go over the traces, and its `plot_height` is the plot area's (`fitPlotHeight`). */
  function chosenVariant(meta, plot) {
    if (!meta) return null;
    if (printing) return meta.print || null;
    return plot.clientWidth < NARROW_PLOT ? meta.narrow || null : null;
  }

  function overLayout(layout, patch) {
    var out = Object.assign({}, layout);
    Object.keys(patch).forEach(function (key) {
      var mine = out[key], theirs = patch[key];
      var objects = mine && theirs && typeof mine === "object" && typeof theirs === "object" &&
        !Array.isArray(mine) && !Array.isArray(theirs);
      out[key] = objects ? Object.assign({}, mine, theirs) : theirs;
    });
    return out;
  }

  function draw(chart) {
    var figure = chart.figure;
    var layout = themedLayout(figure.layout, printing && chart.printHeight || chart.height, chart.printWidth);
    var meta = figure.layout && figure.layout.meta;
    var data = forWidth(resolveVars(figure.data || []), chart.plot);
    if (meta && meta.short_categories && !printing && chart.plot.clientWidth < NARROW_PLOT) {
      layout.yaxis = Object.assign({}, layout.yaxis, { categoryarray: meta.short_categories });
    }
    var variant = chosenVariant(layout.meta, chart.plot);
    if (variant) {
      layout = overLayout(layout, variant.layout || {});
      var traces = variant.traces || [];
      data = data.map(function (trace, i) { return Object.assign({}, trace, traces[i] || {}); });
    }
    var ownHeight = variant && variant.plot_height;
    var rows = stackedRows(chart);
    if (rows) {
      layout = labelsAboveRows(layout, chart.height, rows.length);
      data = data.map(function (trace) { return Object.assign({}, trace, { ygap: ROW_GAP }); });
    }
    var config = Object.assign({ responsive: true }, PRIVATE_TOOLBAR);
    chart.plot.style.setProperty("--sg-plot-height", chart.height + "px");
    return window.Plotly.react(chart.plot, data, layout, config)
      .then(function () { return fitPlotHeight(chart, ownHeight || meta && meta.plot_height, config, !ownHeight); })
      .then(function () { labelModebar(chart.plot); return placeRowLabels(chart, rows); });
  }

  /* A layout counted in pixels (the timeline's rows, as high as their names' lines; on a
     phone its names above their bars) wants its plot area that high (`plot_height`): the
     legend's lines above it are known only once drawn, so the figure's height is set again
     by what they took (on a desktop only ever higher: a short plan keeps its minimum height).
     Drawn again with that height rather than `relayout`, which would also fix the width it
     has now and keep it when the window widens or narrows. */
  function fitPlotHeight(chart, wanted, config, growOnly) {
    var full = chart.plot._fullLayout;
    if (!wanted || !full || !full._size) return null;
    var height = Math.round(full.height + wanted - full._size.h);
    if (Math.abs(height - full.height) < 2 || (growOnly && height < full.height)) return null;
    chart.plot.style.setProperty("--sg-plot-height", height + "px");
    var layout = Object.assign({}, chart.plot.layout, { height: height });
    return window.Plotly.react(chart.plot, chart.plot.data, layout, config);
  }

  /* A chart wider than its box (the capacity heat map on a phone: 17 columns of readable
     cells) scrolls sideways, and its row names would scroll away with the first columns.
     A figure that names its rows in `meta.row_labels` then shows each name in a gap above
     its row, in a layer that stays at the left edge (position: sticky) while the cells
     scroll under it; the y axis' own labels go, so the cells get the whole width. */
  var ROW_GAP = 24; /* px between rows: a line of label text */
  var ROW_GROWTH = 16; /* px added to each row so the cells keep their height */
  var TOP_ROOM = 0.3; /* rows of room above the first row, for its label */
  function stackedRows(chart) {
    var meta = chart.figure.layout && chart.figure.layout.meta;
    var rows = meta && meta.row_labels;
    if (!rows || printing) return null;
    var box = chart.figureEl;
    return box.scrollWidth > box.clientWidth + 1 ? rows : null;
  }

  function labelsAboveRows(layout, height, count) {
    var margin = Object.assign({}, layout.margin, { l: 8 });
    /* rows top to bottom, with room above the first row for its label */
    var yaxis = Object.assign({}, layout.yaxis, {
      showticklabels: false, ticks: "", automargin: false, autorange: false, range: [count - 0.5, -0.5 - TOP_ROOM]
    });
    return Object.assign({}, layout, { margin: margin, yaxis: yaxis, height: height + ROW_GROWTH * count });
  }

  /* An overloaded cell's outline (a rect one row high) hugs the cell, not the gap above it. */
  function outlineCells(chart, axis, count) {
    var shapes = (chart.plot.layout && chart.plot.layout.shapes) || [];
    var inset = ROW_GAP / 2 / (axis._length / (count + TOP_ROOM));
    var hugged = shapes.map(function (shape) {
      if (shape.type !== "rect" || shape.y1 - shape.y0 !== 1) return shape;
      return Object.assign({}, shape, { y0: shape.y0 + inset, y1: shape.y1 - inset });
    });
    return window.Plotly.relayout(chart.plot, { shapes: hugged });
  }

  function placeRowLabels(chart, rows) {
    var layer = chart.plot.querySelector(".sg-row-labels");
    chart.stacked = !!rows;
    if (!rows) {
      if (layer) layer.remove();
      return null;
    }
    var axis = chart.plot._fullLayout && chart.plot._fullLayout.yaxis;
    if (!axis || !axis.l2p) return null;
    if (!layer) {
      layer = document.createElement("div");
      layer.className = "sg-row-labels";
      layer.setAttribute("aria-hidden", "true"); /* the data table names every row */
      chart.plot.insertBefore(layer, chart.plot.firstChild);
    }
    layer.textContent = "";
    fitRowLabels(chart);
    rows.forEach(function (name, i) {
      var label = document.createElement("span");
      label.className = "sg-row-label";
      label.textContent = name;
      /* the row's top edge plus half the gap: where its cells begin; the label sits just above */
      label.style.top = (axis._offset + axis.l2p(i - 0.5) + ROW_GAP / 2) + "px";
      layer.appendChild(label);
    });
    return outlineCells(chart, axis, rows.length);
  }

  /* A name longer than the visible part of the figure ends in "…" (the data table has it whole). */
  function fitRowLabels(chart) {
    var layer = chart.plot.querySelector(".sg-row-labels");
    var style = getComputedStyle(chart.figureEl);
    var room = chart.figureEl.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (layer) layer.style.setProperty("--sg-row-label-width", Math.max(room, 0) + "px");
  }

  /* Turning a tablet, or a window made narrower, can make a chart start or stop scrolling. */
  function restack() {
    charts.forEach(function (chart) {
      if (!chart.drawn) return;
      if (!!stackedRows(chart) !== !!chart.stacked) draw(chart).catch(function () { fail(chart); });
      else if (chart.stacked) fitRowLabels(chart);
    });
  }

  /* The mode bar's buttons carry their names only as data-title; give them
     accessible names too. */
  function labelModebar(plot) {
    plot.querySelectorAll(".modebar-btn[data-title]").forEach(function (button) {
      button.setAttribute("aria-label", button.getAttribute("data-title"));
    });
  }

  function fail(chart) {
    var fallback = chart.figureEl.querySelector(".sg-chart-fallback");
    var details = chart.figureEl.querySelector("details");
    if (fallback) fallback.hidden = false;
    if (details) details.open = true;
    chart.plot.style.minHeight = "0";
  }

  function collectCharts() {
    document.querySelectorAll("figure.sg-chart").forEach(function (figureEl) {
      var plot = figureEl.querySelector(".sg-chart-plot");
      var data = figureEl.querySelector("script.sg-chart-figure");
      if (!plot || !data) return;
      var chart = { figureEl: figureEl, plot: plot, height: Number(plot.getAttribute("data-sg-height")) || 360 };
      /* a narrower printed width and a lower height where a page sets them (the board pack's
         side-by-side charts on its one landscape page) */
      var printBox = figureEl.closest("[data-sg-print-width]");
      if (printBox) chart.printWidth = Number(printBox.getAttribute("data-sg-print-width"));
      if (printBox) chart.printHeight = Number(printBox.getAttribute("data-sg-print-height")) || null;
      try {
        chart.figure = JSON.parse(data.textContent);
      } catch (error) {
        fail(chart);
        return;
      }
      charts.push(chart);
    });
  }

  function drawAll() {
    charts.forEach(function (chart) {
      draw(chart).then(function () { chart.drawn = true; }).catch(function () { fail(chart); });
    });
  }

  function loadPlotly(done, failed) {
    if (window.Plotly) return done();
    var tag = document.createElement("script");
    tag.src = assetsBase + "plotly.min.js";
    tag.onload = done;
    tag.onerror = failed;
    document.head.appendChild(tag);
  }

  /* Printing: expand every <details> (data tables, nav groups) and redraw
     charts in print colours; restore afterwards. */
  var closedForPrint = [];
  /* "Printed on 5 Dec 2026" for the page margins (@page in sitegen.css); the text
     comes translated in data-sg-printed-on, the date in the page's language. */
  function stampPrintDate() {
    var root = document.documentElement;
    var label = document.body.getAttribute("data-sg-printed-on");
    if (!label) return;
    var day = new Date().toLocaleDateString(root.lang || undefined, { year: "numeric", month: "long", day: "numeric" });
    root.style.setProperty("--sg-printed-on", JSON.stringify(label.replace("{date}", day)));
  }

  function beforePrint() {
    stampPrintDate();
    printing = true;
    closedForPrint = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    closedForPrint.forEach(function (d) { d.open = true; });
    if (window.Plotly) drawAll();
  }
  function afterPrint() {
    printing = false;
    closedForPrint.forEach(function (d) { d.open = false; });
    closedForPrint = [];
    if (window.Plotly) drawAll();
  }

  /* ---- tables: every table in a focusable scroll region, with a hint ---- */

  /* Markdown tables arrive bare (the prose is rendered before any theme sees
     it); CSS already lets them scroll by themselves, and here each gets the
     same labelled, keyboard-scrollable region as the computed tables. */
  function wrapProseTables() {
    document.querySelectorAll(".sg-prose > table").forEach(function (table) {
      var wrap = document.createElement("div");
      var heading = nearestHeading(table);
      var first = table.querySelector("th");
      wrap.className = "sg-table-wrap";
      wrap.setAttribute("role", "region");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("aria-label", (heading || document.title) + (first ? ": " + first.textContent.trim() : ""));
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(table);
    });
  }

  function nearestHeading(node) {
    for (var el = node.previousElementSibling; el; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) return el.textContent.trim();
    }
    return "";
  }

  /* A line above each table that does not fit says so; it follows resizes and
     <details> being opened (a closed one has no width to measure). */
  function markWideTables() {
    var text = document.body.getAttribute("data-sg-scroll-hint") || "";
    document.querySelectorAll(".sg-table-wrap").forEach(function (wrap) {
      if (!wrap.offsetParent) return;
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      var hint = wrap.previousElementSibling;
      if (!hint || !hint.classList.contains("sg-table-hint")) {
        if (!wide) return;
        hint = document.createElement("p");
        hint.className = "sg-table-hint";
        hint.textContent = text;
        wrap.parentNode.insertBefore(hint, wrap);
      }
      hint.hidden = !wide;
    });
  }

  var tablesQueued = false;
  function queueTables() {
    if (tablesQueued) return;
    tablesQueued = true;
    window.requestAnimationFrame(function () { tablesQueued = false; markWideTables(); });
  }

  /* ---- the navigation drawer (small screens) ---------------------------- */
  function initDrawer() {
    var toggle = document.querySelector(".sg-nav-toggle");
    var nav = document.getElementById("sg-nav");
    var narrow = window.matchMedia ? window.matchMedia("(max-width: 52rem)") : null;
    if (!toggle || !nav || !narrow) return;
    var close = nav.querySelector("[data-sg-nav-close]");
    function isOpen() { return nav.classList.contains("sg-open"); }
    function open() {
      nav.classList.add("sg-open");
      document.body.classList.add("sg-nav-open");
      toggle.setAttribute("aria-expanded", "true");
      var target = nav.querySelector('[aria-current="page"]') || close;
      if (target) target.focus();
    }
    function shut(returnFocus) {
      if (!isOpen()) return;
      nav.classList.remove("sg-open");
      document.body.classList.remove("sg-nav-open");
      toggle.setAttribute("aria-expanded", "false");
      if (returnFocus) toggle.focus();
    }
    toggle.addEventListener("click", function () { if (isOpen()) shut(true); else open(); });
    if (close) close.addEventListener("click", function () { shut(true); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) { event.preventDefault(); shut(true); }
    });
    /* A click on the dimmed page or focus leaving the drawer closes it. */
    document.addEventListener("click", function (event) {
      if (isOpen() && !nav.contains(event.target) && !toggle.contains(event.target)) shut(false);
    });
    nav.addEventListener("focusout", function (event) {
      var to = event.relatedTarget;
      if (isOpen() && to && !nav.contains(to) && to !== toggle) shut(false);
    });
    var onChange = function () { if (!narrow.matches) shut(false); };
    if (narrow.addEventListener) narrow.addEventListener("change", onChange);
  }

  function init() {
    wrapProseTables();
    markWideTables();
    window.addEventListener("resize", queueTables);
    document.addEventListener("toggle", queueTables, true);
    initDrawer();
    document.querySelectorAll("[data-sg-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("[data-sg-dismiss]").forEach(function (button) {
      button.addEventListener("click", function () {
        var overlay = button.closest(".sg-overlay");
        if (overlay) overlay.remove();
      });
    });
    stampPrintDate();
    window.addEventListener("beforeprint", beforePrint);
    window.addEventListener("afterprint", afterPrint);

    collectCharts();
    if (!charts.length) return;
    loadPlotly(function () {
      drawAll();
      if (darkQuery && darkQuery.addEventListener) darkQuery.addEventListener("change", drawAll);
      if (phoneQuery && phoneQuery.addEventListener) phoneQuery.addEventListener("change", drawAll);
      var restackQueued = false;
      window.addEventListener("resize", function () {
        if (restackQueued) return;
        restackQueued = true;
        window.requestAnimationFrame(function () { restackQueued = false; restack(); });
      });
    }, function () { charts.forEach(fail); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
