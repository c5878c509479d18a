// Accessible names Material leaves out: its search overlay is a dialog (role="dialog")
// without a name; it takes the name of its own search field ("Search" / "بحث").
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var dialog = document.querySelector(".md-search[role=dialog]");
    var field = document.querySelector(".md-search__input");
    if (dialog && field && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", field.getAttribute("aria-label") || field.placeholder);
    }
  });
})();
