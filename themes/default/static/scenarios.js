/* The scenario switch (§9). Every scenario's numbers are in the page already, each
   in a block marked data-sg-scenario="id" ("" = the plan as written): this only
   shows the block the URL names (?scenario=id), keeps the choice in the URL, and
   carries it along the links to the site's other pages. Works from file://. */
(function () {
  "use strict";
  var KEY = "scenario";

  function blocks() { return document.querySelectorAll("[data-sg-scenario]"); }

  function known(id) {
    return Array.prototype.some.call(blocks(), function (b) { return b.getAttribute("data-sg-scenario") === id; });
  }

  function fromUrl() {
    var id = new URLSearchParams(window.location.search).get(KEY) || "";
    return known(id) ? id : "";
  }

  /* href with ?scenario=id set (or removed for the plan as written), its #fragment kept. */
  function withScenario(href, id) {
    var hash = "", at = href.indexOf("#");
    if (at >= 0) { hash = href.slice(at); href = href.slice(0, at); }
    var query = "", q = href.indexOf("?");
    if (q >= 0) { query = href.slice(q + 1); href = href.slice(0, q); }
    var params = new URLSearchParams(query);
    if (id) { params.set(KEY, id); } else { params.delete(KEY); }
    var text = params.toString();
    return href + (text ? "?" + text : "") + hash;
  }

  /* Links to the site's own pages (relative .html links) carry the scenario along. */
  function carry(id) {
    document.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:|^\/\/|^#/i.test(href)) { return; }
      if (!/\.html(?:[?#]|$)/.test(href)) { return; }
      a.setAttribute("href", withScenario(href, id));
    });
  }

  function show(id) {
    blocks().forEach(function (b) { b.hidden = b.getAttribute("data-sg-scenario") !== id; });
    document.querySelectorAll("[data-sg-scenario-switch] select").forEach(function (s) { s.value = id; });
    carry(id);
  }

  function choose(id) {
    var url = withScenario(window.location.pathname + window.location.search + window.location.hash, id);
    try {
      window.history.replaceState(null, "", url);
    } catch (e) {  /* a browser that refuses to rewrite this URL: load it instead */
      window.location.search = id ? "?" + KEY + "=" + encodeURIComponent(id) : "";
      return;
    }
    show(id);
  }

  function init() {
    var id = fromUrl();
    document.querySelectorAll("[data-sg-scenario-switch]").forEach(function (form) {
      form.hidden = false;
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.querySelector("select").addEventListener("change", function (event) { choose(event.target.value); });
    });
    show(id);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
