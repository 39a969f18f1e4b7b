// Shequ page glue: htmx sends the CSRF token from the page's meta tag (the cookie is
// HttpOnly), and reveal forms are cleared after use so a clear value never lingers.
(function () {
  "use strict";
  // With script, phones fold the menu under one button (without, it simply wraps).
  document.documentElement.classList.add("js");
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRFToken"] = meta.getAttribute("content");
    }
  });
  // The phone menu button: unfolds the entries under the bar.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest(".navtoggle");
    if (!toggle) { return; }
    var nav = toggle.closest(".mainnav");
    var open = !nav.classList.contains("open");
    nav.classList.toggle("open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
  // A drop-down that would pass the right edge of the window opens leftwards instead.
  function keepOnScreen(details) {
    var list = details.querySelector(":scope > ul");
    if (!list) { return; }
    details.classList.remove("flip");
    var box = list.getBoundingClientRect();
    if (box.right > document.documentElement.clientWidth) { details.classList.add("flip"); }
  }
  // Navigation groups: one open at a time, closed by a click elsewhere or Escape.
  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!opened.matches || !opened.matches(".mainnav details") || !opened.open) { return; }
    document.querySelectorAll(".mainnav details[open]").forEach(function (other) {
      if (other !== opened) { other.open = false; }
    });
    keepOnScreen(opened);
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
