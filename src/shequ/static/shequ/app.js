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
})();
