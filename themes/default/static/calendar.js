/* Calendar page behaviour: filters, quarter/month/agenda view, today marker, tooltip dismissal.
   State lives in the URL query (?plane=sales&segment=smb&type=&owner=&view=agenda) so a
   filtered view can be shared and survives a reload; `#plane=…` is read too (and written
   when the browser refuses to change the query, as some do for file:// pages).
   "Today" is computed here, in the reader's browser, so the built page stays identical
   from build to build. No network, no modules: works from file://. */
(function () {
  "use strict";

  var KEYS = ["plane", "segment", "type", "owner"];
  var VIEWS = ["quarter", "month", "agenda"];
  var DEFAULT_VIEW = "quarter";  // the quarter view first: months in rows, one bar per campaign a month

  function isoToday() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function readParams() {
    var params = new URLSearchParams(window.location.search);
    var hash = window.location.hash.replace(/^#/, "");
    if (hash.indexOf("=") > 0) {
      new URLSearchParams(hash).forEach(function (value, key) {
        if (!params.has(key)) params.set(key, value);
      });
    }
    return params;
  }

  function init() {
    var root = document.getElementById("sg-calendar");
    if (!root) return;
    var form = document.getElementById("sg-cal-filters");
    var selects = {};
    KEYS.forEach(function (key) { selects[key] = form.querySelector('[data-sg-filter="' + key + '"]'); });
    var items = root.querySelectorAll("[data-sg-cal-item]");
    var bars = root.querySelectorAll("[data-sg-cal-bar]");
    var groups = root.querySelectorAll("[data-sg-cal-group]");
    var panels = root.querySelectorAll("[data-sg-view-panel]");
    var viewButtons = root.querySelectorAll("[data-sg-view]");
    var status = root.querySelector("[data-sg-cal-status]");
    var noMatch = root.querySelector("[data-sg-cal-no-match]");
    var total = Number(root.getAttribute("data-total")) || 0;
    var template = root.getAttribute("data-shown-template") || "{shown} / {total}";
    var view = DEFAULT_VIEW;

    function selected() {
      var state = {};
      KEYS.forEach(function (key) { state[key] = selects[key] ? selects[key].value : ""; });
      return state;
    }

    function matches(el, state) {
      return KEYS.every(function (key) { return !state[key] || el.getAttribute("data-" + key) === state[key]; });
    }

    function writeUrl(state) {
      var params = new URLSearchParams();
      KEYS.forEach(function (key) { if (state[key]) params.set(key, state[key]); });
      if (view !== DEFAULT_VIEW) params.set("view", view);
      var query = params.toString();
      var hash = window.location.hash.indexOf("=") > 0 ? "" : window.location.hash;
      try {
        history.replaceState(null, "", (query ? "?" + query : window.location.pathname) + hash);
      } catch (error) {
        if (query) window.location.hash = query;
      }
    }

    function apply(updateUrl) {
      var state = selected();
      var shown = 0;
      var visibleIds = {};
      items.forEach(function (el) {
        var visible = matches(el, state);
        el.hidden = !visible;
        if (visible) {
          shown += 1;
          visibleIds[el.getAttribute("data-id")] = true;
        }
      });
      bars.forEach(function (bar) { bar.hidden = !visibleIds[bar.getAttribute("data-sg-cal-bar")]; });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-sg-cal-item]:not([hidden])");
      });
      panels.forEach(function (panel) {  // the agenda stays under either grid: it is what prints and what bars describe
        var name = panel.getAttribute("data-sg-view-panel");
        panel.hidden = name !== "agenda" && name !== view;
      });
      viewButtons.forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-sg-view") === view));
      });
      if (noMatch) noMatch.hidden = shown > 0 || total === 0;
      if (status) status.textContent = template.replace("{shown}", shown).replace("{total}", total);
      if (updateUrl) writeUrl(state);
    }

    function restore() {
      var params = readParams();
      KEYS.forEach(function (key) {
        var select = selects[key];
        var value = params.get(key) || "";
        if (!select) return;
        var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
        select.value = known ? value : "";
      });
      view = VIEWS.indexOf(params.get("view")) >= 0 ? params.get("view") : DEFAULT_VIEW;
    }

    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    viewButtons.forEach(function (button) {
      button.addEventListener("click", function () {
        view = button.getAttribute("data-sg-view");
        apply(true);
      });
    });

    /* A bar links to its campaign's row on the campaign page; its facts show in the tooltip. */

    /* One shared tooltip, filled from the bar's agenda entry, shown on hover and on
       keyboard focus; Escape hides it (WCAG 1.4.13). Screen readers get the same facts
       through the link's aria-describedby. */
    var tip = document.getElementById("sg-cal-tip");
    var tipFor = null;
    function showTip(bar) {
      var id = bar.getAttribute("data-sg-cal-bar");
      var entry = document.getElementById("agenda-" + id);
      if (!tip || !entry) return;
      if (tipFor !== bar) {
        tip.innerHTML = "";
        ["-dates", "-facts"].forEach(function (suffix) {
          var part = document.getElementById("agenda-" + id + suffix);
          if (part) {
            var copy = part.cloneNode(true);
            copy.removeAttribute("id");
            tip.appendChild(copy);
          }
        });
        tip.className = "sg-cal-tip " + (entry.className.match(/sg-plane-[\w-]+/) || [""])[0];
      }
      tipFor = bar;
      tip.hidden = false;
      var box = bar.getBoundingClientRect();
      var width = tip.offsetWidth;
      tip.style.left = Math.max(4, Math.min(box.left, window.innerWidth - width - 8)) + "px";
      var below = box.bottom + 4;
      tip.style.top = (below + tip.offsetHeight > window.innerHeight ? box.top - tip.offsetHeight - 4 : below) + "px";
    }
    function hideTip() {
      if (tip) tip.hidden = true;
      tipFor = null;
    }
    bars.forEach(function (bar) {
      bar.addEventListener("mouseenter", function () { showTip(bar); });
      bar.addEventListener("mouseleave", function () {
        if (!bar.contains(document.activeElement)) hideTip();
      });
      bar.addEventListener("focusin", function () { showTip(bar); });
      bar.addEventListener("focusout", hideTip);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hideTip();
    });
    // Scrolling hides a hover tip; a focused bar keeps its tip and moves it along (focusing a bar
    // below the fold scrolls it into view, which must not hide what the focus just showed).
    window.addEventListener("scroll", function () {
      if (tipFor && tipFor.contains(document.activeElement)) showTip(tipFor);
      else hideTip();
    }, { passive: true });

    // A plan under review is read as of its review date (PLAN_FORMAT §8), not the reader's clock.
    var today = root.getAttribute("data-today") || isoToday();
    var start = root.getAttribute("data-period-start");
    var end = root.getAttribute("data-period-end");
    if (start && end && start <= today && today <= end) {
      var time = root.querySelector('.sg-cal-day time[datetime="' + today + '"]');
      var link = root.querySelector("[data-sg-today-link]");
      if (time) {
        time.parentNode.classList.add("sg-cal-today");
        time.setAttribute("aria-current", "date");
      }
      if (link) {  // to today's month row in the quarter view, or its grid in the month view
        link.href = "#q-" + today.slice(0, 7);
        link.hidden = false;
        link.addEventListener("click", function () {
          if (view === "agenda") { view = DEFAULT_VIEW; apply(true); }
          link.href = (view === "month" ? "#m-" : "#q-") + today.slice(0, 7);
        });
      }
      var row = root.querySelector('.sg-cal-qday time[datetime="' + today + '"]');
      if (row) row.parentNode.classList.add("sg-cal-qtoday");
    }

    var views = root.querySelector("[data-sg-views]");
    if (views) views.hidden = false;
    restore();
    apply(false);
    window.addEventListener("popstate", function () { restore(); apply(false); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
