// Arabic search that forgives spelling. The build adds, to the search index, every
// Arabic word's normalised forms with each possible prefix removed (generator/search.py);
// here each Arabic word of a query becomes one key with the same rules, before the query
// reaches Material's search worker. Keep the two in step: a test compares them.
(function () {
  "use strict";
  var IGNORED = /[\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200C\u200D\u200E\u200F]/g;
  var LETTERS = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي" };
  var ARABIC_WORD = /[\u0621-\u064A\u064B-\u065F\u0670\u0671-\u06D3\u06D6-\u06ED\u0640]+/g;
  var ARTICLES = ["وبال", "فبال", "وكال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال"];
  var PARTICLES = ["وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك"];
  var RULES = [[ARTICLES, 2], [PARTICLES, 3]];

  function normalize(word) {
    return word.replace(IGNORED, "").replace(/[أإآٱةى]/g, function (letter) {
      return LETTERS[letter];
    });
  }

  function queryKey(word) {
    word = normalize(word);
    for (var r = 0; r < RULES.length; r++) {
      var prefixes = RULES[r][0], shortest = RULES[r][1];
      for (var i = 0; i < prefixes.length; i++) {
        var p = prefixes[i];
        if (word.indexOf(p) === 0 && word.length - p.length >= shortest) {
          return word.slice(p.length);
        }
      }
    }
    return word;
  }

  function searchQuery(query) {
    return query.replace(ARABIC_WORD, queryKey);
  }

  window.explainerSearch = { normalize: normalize, queryKey: queryKey, searchQuery: searchQuery };

  // Material fetches its search index (search/search_index.json, the text of every page)
  // as soon as a page loads, and its worker builds the index from it: on every page, for
  // every reader, whether they search or not. The request is held here until the reader
  // opens the search (Material's search toggle, or focus in its field, by click, tap or
  // keyboard shortcut); Material says "Initializing search" until the index is in, then
  // answers what was typed meanwhile. (Zensical's search, which has no field in the page,
  // is left as it is.)
  var toggle = document.querySelector(".md-search__input")
    ? document.querySelector("[data-md-toggle=search]")
    : null;
  var held = [];

  function searchOpened() {
    var waiting = held;
    held = null;
    if (waiting) {
      for (var i = 0; i < waiting.length; i++) {
        waiting[i]();
      }
    }
  }

  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) searchOpened();
    });
    document.addEventListener("focusin", function (event) {
      if (event.target instanceof Element && event.target.closest(".md-search")) searchOpened();
    });
    if (toggle.checked) searchOpened();
  } else {
    held = null;
  }

  var open = XMLHttpRequest.prototype.open;
  var indexRequests = new WeakSet();
  XMLHttpRequest.prototype.open = function (method, url) {
    var target = new URL(String(url), location.href);
    if (/\/search\/search_index\.json$/.test(target.pathname)) {
      indexRequests.add(this);
    } else {
      indexRequests.delete(this);
    }
    return open.apply(this, arguments);
  };

  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function () {
    if (held === null || !indexRequests.has(this)) {
      return send.apply(this, arguments);
    }
    var request = this, args = arguments;
    held.push(function () {
      send.apply(request, args);
    });
  };

  // Material also starts its search worker (the search engine, as large as the index) as
  // the page loads. Until the search opens, it gets a stand-in that keeps the messages
  // for it and starts it then.
  var NativeWorker = window.Worker;
  window.Worker = function (url, options) {
    if (held === null || !/\/workers\/search\.[^/]*\.js$/.test(String(url))) {
      return new NativeWorker(url, options);
    }
    var standIn = new EventTarget();
    var worker = null, messages = [];
    ["message", "messageerror", "error"].forEach(function (type) {
      standIn.addEventListener(type, function (event) {
        var handler = standIn["on" + type];
        if (typeof handler === "function") handler.call(standIn, event);
      });
    });
    standIn.postMessage = function () {
      if (worker) return worker.postMessage.apply(worker, arguments);
      messages.push(arguments);
    };
    standIn.terminate = function () {
      messages = null;
      if (worker) worker.terminate();
    };
    held.push(function () {
      if (messages === null) return;
      worker = new NativeWorker(url, options);
      ["message", "messageerror"].forEach(function (type) {
        worker.addEventListener(type, function (event) {
          standIn.dispatchEvent(new MessageEvent(type, { data: event.data }));
        });
      });
      worker.addEventListener("error", function (event) {
        standIn.dispatchEvent(new ErrorEvent("error", { message: event.message }));
      });
      for (var i = 0; i < messages.length; i++) {
        worker.postMessage.apply(worker, messages[i]);
      }
    });
    return standIn;
  };

  // Material talks to its worker with {type: 2 (query), data: "the query"}.
  var post = NativeWorker.prototype.postMessage;
  NativeWorker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === 2 && typeof message.data === "string") {
      args[0] = { type: message.type, data: searchQuery(message.data) };
    }
    return post.apply(this, args);
  };
})();
