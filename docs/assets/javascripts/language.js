// The language selector keeps the reader's place: its links (written into the HTML by
// overrides/partials/alternate.html) also carry the section the reader is in, since
// section ids are the same in both languages.
//
// Material's own language helper fetches "sitemap.xml" next to every <link rel=alternate>
// address (the Atom feed's; on a published site the hreflang ones too, which on a preview
// are another host), to find a page's counterpart when a selector link is clicked. The
// selector's links are already right, and this keeps the helper's click handling off
// them: those fetches would serve nothing. Each is answered here, without the network, as
// an aborted request, which Material takes as "no sitemap"; it was a request made once
// Material's start-up work was done, that a slow phone waited for. With instant
// navigation on, Material needs the sitemap itself: the fetches then go to this
// language's own sitemap.
(function () {
  "use strict";
  var root = new URL("../../", document.currentScript.src);
  var ownSitemap = new URL("sitemap.xml", root).href;
  var config = document.getElementById("__config");
  var instant = config !== null && /"navigation\.instant"/.test(config.textContent);
  var unanswered = new WeakSet();

  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments);
    var target = new URL(String(url), location.href);
    unanswered.delete(this);
    if (/\/sitemap\.xml$/.test(target.pathname)) {
      if (!instant) {
        unanswered.add(this);
      } else if (target.href !== ownSitemap) {
        args[1] = ownSitemap;
      }
    }
    return open.apply(this, args);
  };

  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function () {
    if (!unanswered.has(this)) {
      return send.apply(this, arguments);
    }
    unanswered.delete(this);
    this.dispatchEvent(new ProgressEvent("abort"));
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
