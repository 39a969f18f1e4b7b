// Shequ page glue: htmx sends the CSRF token from the page's meta tag (the cookie is
// HttpOnly), and reveal forms are cleared after use so a clear value never lingers.
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRFToken"] = meta.getAttribute("content");
    }
  });
  // Navigation groups: one open at a time, closed by a click elsewhere or Escape.
  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!opened.matches || !opened.matches(".mainnav details") || !opened.open) { return; }
    document.querySelectorAll(".mainnav details[open]").forEach(function (other) {
      if (other !== opened) { other.open = false; }
    });
  }, true);
  function closeAll() {
    document.querySelectorAll(".mainnav details[open]").forEach(function (d) { d.open = false; });
  }
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest(".mainnav details")) { closeAll(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeAll(); }
  });
})();
