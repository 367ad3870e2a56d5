/* Survivor-facing consultation pages keep nothing in the browser. htmx notes the current path in
   sessionStorage as soon as it loads (for its history feature, unused here): turn history off and take
   the note back out. The page works the same without this file. */
(function () {
  "use strict";
  function forget() {
    try { window.sessionStorage.removeItem("htmx-current-path-for-history"); } catch (e) { /* no storage */ }
  }
  if (window.htmx && window.htmx.config) { window.htmx.config.historyEnabled = false; }
  forget();
  document.addEventListener("DOMContentLoaded", forget);
  window.addEventListener("pagehide", forget);
})();
