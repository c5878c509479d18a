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

  // Material talks to its worker with {type: 2 (query), data: "the query"}.
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === 2 && typeof message.data === "string") {
      args[0] = { type: message.type, data: searchQuery(message.data) };
    }
    return post.apply(this, args);
  };
})();
