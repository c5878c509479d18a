// Glossary links on touch screens: the first tap shows the term's short definition
// (Material's tooltip, which opens on focus), a second tap follows the link.
// Without JavaScript, or with a mouse, the link simply leads to the glossary entry.
document.addEventListener(
  "click",
  function (event) {
    var link = event.target.closest ? event.target.closest("a.term") : null;
    if (!link || !window.matchMedia("(hover: none)").matches) return;
    if (link.hasAttribute("data-tapped")) return;
    event.preventDefault();
    document.querySelectorAll("a.term[data-tapped]").forEach(function (other) {
      other.removeAttribute("data-tapped");
    });
    link.setAttribute("data-tapped", "");
    link.focus();
  },
  true
);
