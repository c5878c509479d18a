// The language selector keeps the reader's place: its links (written into the HTML by
// overrides/partials/alternate.html) also carry the section the reader is in, since
// section ids are the same in both languages.
//
// Material's own language helper fetches "sitemap.xml" next to every <link rel=alternate>
// address. Those are the public hreflang addresses, so on a preview (or before the site
// is published) they point at another host. This keeps those fetches on this site, at
// this language's own sitemap, and keeps the helper's click handling off the selector,
// whose links are already right.
(function () {
  "use strict";
  var root = new URL("../../", document.currentScript.src);
  var ownSitemap = new URL("sitemap.xml", root).href;

  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    var target = new URL(String(url), location.href);
    if (/\/sitemap\.xml$/.test(target.pathname) && target.href !== ownSitemap) {
      args[1] = ownSitemap;
    }
    return open.apply(this, args);
  };

  function keepSection() {
    var links = document.querySelectorAll("a.md-select__link[hreflang]");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href").split("#")[0];
      links[i].setAttribute("href", href + location.hash);
    }
  }

  document.addEventListener("DOMContentLoaded", keepSection);
  window.addEventListener("hashchange", keepSection);
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target instanceof Element && target.closest("a.md-select__link")) {
      keepSection();
      event.stopPropagation();
    }
  }, true);
})();
