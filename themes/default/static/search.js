/* The search box on every page. Works offline and from file://: the entries
   come from search-index.js (a script setting window.SITEGEN_SEARCH, written
   by `sitegen build`), the matching from MiniSearch (vendor/minisearch.js);
   both load the first time the box is used. "/" jumps to the box.

   One tokenizer for every language: words of letters and digits, and runs of
   Chinese/Japanese/Korean characters (written without spaces) cut into
   overlapping character pairs, so "销售目标" is found by "目标" or "销售".
   Accents are folded (budżet = budzet), so is Polish ł. */
(function () {
  "use strict";

  var script = document.currentScript;
  var assetsBase = script ? script.src.replace(/[^/]*$/, "") : "assets/";
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/;
  var RUN = /[\p{L}\p{N}]+/gu;
  var MAX_RESULTS = 12;

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/ł/g, "l");
  }

  /* "Q1 销售目标" → ["q1", "销售", "售目", "目标"]; a lone CJK character stays itself. */
  function tokenize(text) {
    var tokens = [];
    (text.match(RUN) || []).forEach(function (run) {
      var buffer = "";
      function flushCjk(chars) {
        if (chars.length === 1) tokens.push(chars[0]);
        for (var i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
      }
      var cjk = "";
      Array.from(run).forEach(function (char) {
        if (CJK.test(char)) {
          if (buffer) { tokens.push(buffer); buffer = ""; }
          cjk += char;
        } else {
          if (cjk) { flushCjk(Array.from(cjk)); cjk = ""; }
          buffer += char;
        }
      });
      if (buffer) tokens.push(buffer);
      if (cjk) flushCjk(Array.from(cjk));
    });
    return tokens;
  }

  var options = {
    fields: ["title", "where", "text", "keys"],
    storeFields: ["title", "where", "url", "text"],
    tokenize: tokenize,
    processTerm: function (term) { return fold(term); },
    searchOptions: {
      boost: { title: 4, where: 1.5 },
      prefix: true,
      fuzzy: function (term) { return CJK.test(term) || term.length < 5 ? 0 : 0.2; },
      combineWith: "AND"
    }
  };

  var form, input, panel, status, list, engine = null, pending = [];

  function load(src, done, failed) {
    var tag = document.createElement("script");
    tag.src = src;
    tag.onload = done;
    tag.onerror = failed;
    document.head.appendChild(tag);
  }

  /* MiniSearch and the entries, once; `done` runs when the engine is ready. */
  function ready(done) {
    if (engine) return done();
    pending.push(done);
    if (pending.length > 1) return;
    var failed = function () { status.textContent = "search-index.js?"; pending = []; };
    var build = function () {
      var data = window.SITEGEN_SEARCH;
      if (!data || !window.MiniSearch) return failed();
      engine = new window.MiniSearch(options);
      engine.addAll(data.docs.map(function (row, i) {
        var doc = { id: i };
        data.fields.forEach(function (name, j) { doc[name] = row[j]; });
        return doc;
      }));
      pending.splice(0).forEach(function (fn) { fn(); });
    };
    var index = function () { window.SITEGEN_SEARCH ? build() : load(form.getAttribute("data-sg-index"), build, failed); };
    window.MiniSearch ? index() : load(assetsBase + "vendor/minisearch.js", index, failed);
  }

  /* The text with every matched term wrapped in <mark>, as DOM nodes (never innerHTML). */
  function highlighted(text, terms, limit) {
    var folded = fold(text);
    var spans = [];
    terms.forEach(function (term) {
      if (!term) return;
      for (var at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + term.length)) spans.push([at, at + term.length]);
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var start = 0, end = text.length;
    if (limit && text.length > limit) {
      var first = spans.length ? spans[0][0] : 0;
      start = Math.max(0, first - Math.floor(limit / 3));
      end = Math.min(text.length, start + limit);
    }
    var fragment = document.createDocumentFragment();
    if (start > 0) fragment.appendChild(document.createTextNode("…"));
    var at = start;
    spans.forEach(function (span) {
      if (span[0] < at || span[1] > end) return;
      fragment.appendChild(document.createTextNode(text.slice(at, span[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(span[0], span[1]);
      fragment.appendChild(mark);
      at = span[1];
    });
    fragment.appendChild(document.createTextNode(text.slice(at, end)));
    if (end < text.length) fragment.appendChild(document.createTextNode("…"));
    return fragment;
  }

  function root() {
    return form.getAttribute("data-sg-root").replace(/index\.html$/, "");
  }

  function line(className, content) {
    var span = document.createElement("span");
    span.className = className;
    span.appendChild(content);
    return span;
  }

  function show(query) {
    list.textContent = "";
    if (!query.trim()) { panel.hidden = true; return; }
    var hits = engine.search(query);
    var none = form.getAttribute("data-sg-none").replace("{query}", query);
    status.textContent = hits.length ? form.getAttribute("data-sg-count").replace("{count}", hits.length) : none;
    hits.slice(0, MAX_RESULTS).forEach(function (hit) {
      var terms = hit.terms.map(fold);
      var link = document.createElement("a");
      link.href = root() + hit.url.split("#").map(encodeURI).join("#");
      link.appendChild(line("sg-search-title", highlighted(hit.title, terms)));
      if (hit.where) link.appendChild(line("sg-search-where", document.createTextNode(hit.where)));
      if (hit.text) link.appendChild(line("sg-search-snippet", highlighted(hit.text, terms, 140)));
      var item = document.createElement("li");
      item.appendChild(link);
      list.appendChild(item);
    });
    panel.hidden = false;
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  /* Arrow keys move between the box and the results; Escape closes. */
  function onKey(event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : all[at - 1]).focus();
    } else if (event.key === "Escape") {
      panel.hidden = true;
      input.focus();
    } else if (event.key === "Enter" && document.activeElement === input && all.length) {
      event.preventDefault();
      all[0].click();
    }
  }

  function init() {
    form = document.querySelector("form[data-sg-search]");
    if (!form) return;
    input = form.querySelector("input");
    panel = form.querySelector(".sg-search-panel");
    status = form.querySelector(".sg-search-status");
    list = form.querySelector(".sg-search-results");
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    input.addEventListener("focus", function () { ready(function () {}); });
    input.addEventListener("input", function () { ready(function () { show(input.value); }); });
    form.addEventListener("keydown", onKey);
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) panel.hidden = true; });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
