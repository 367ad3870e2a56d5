/* Concerto: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Nothing is kept in the browser (survivors may share a device). htmx notes the current path in
  // sessionStorage when it loads and on every history push: take the note back out each time.
  function forgetHistory() {
    try { window.sessionStorage.removeItem("htmx-current-path-for-history"); } catch (e) { /* no storage */ }
  }
  forgetHistory();
  document.addEventListener("DOMContentLoaded", forgetHistory);
  ["htmx:pushedIntoHistory", "htmx:replacedInHistory", "htmx:afterSettle"].forEach(function (name) {
    document.addEventListener(name, forgetHistory);
  });
  window.addEventListener("pagehide", forgetHistory);
  // Pages with the quick exit leave no browser-history entry behind when htmx updates the address (a
  // filter): the address is replaced, so it can still be bookmarked, but Back after a quick exit cannot
  // bring back a page the person was on.
  document.addEventListener("htmx:beforeHistoryUpdate", function (event) {
    var update = event.detail && event.detail.history;
    if (update && update.type === "push" && document.querySelector("[data-quick-exit]")) {
      update.type = "replace";
    }
  });

  // Quick exit: the button is a plain link; with JavaScript we leave with location.replace (the page's
  // history entry is replaced, so Back does not show it) and Shift pressed three times does the same.
  // Drafts kept for a refused form (below) are removed first.
  function quickExit(event) {
    var link = document.querySelector("[data-quick-exit]");
    if (!link) { return; }
    if (event) { event.preventDefault(); }
    try { window.sessionStorage.clear(); } catch (e) { /* no storage */ }
    document.body.style.display = "none";
    window.location.replace(link.getAttribute("href"));
  }
  var shiftCount = 0, shiftTimer = null;
  document.addEventListener("keydown", function (event) {
    if (!document.querySelector("[data-quick-exit]")) { return; }
    if (event.key === "Shift" && !event.repeat) {
      shiftCount += 1;
      clearTimeout(shiftTimer);
      shiftTimer = setTimeout(function () { shiftCount = 0; }, 1500);
      if (shiftCount >= 3) { shiftCount = 0; quickExit(); }
    } else if (event.key !== "Shift") {
      shiftCount = 0;
    }
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-quick-exit]");
    if (target) { quickExit(event); }
  });

  // --- Small screens and htmx swaps (owner: phones) ---
  // Disclosures marked data-fold-narrow (search filters) are rendered open; on a narrow screen they fold so
  // the results come first. After htmx replaces a region, focus goes to its [data-focus-after-swap] heading
  // when the element that had focus (a filter, sort or page link) went away with the old content.
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 50rem)") : null;
  function foldNarrow(root) {
    if (!narrow || !narrow.matches) { return; }
    (root || document).querySelectorAll("details[data-fold-narrow]").forEach(function (d) { d.open = false; });
  }
  document.addEventListener("DOMContentLoaded", function () { foldNarrow(document); });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    if (!target || !target.isConnected) { target = document; }
    foldNarrow(target);
    var active = document.activeElement;
    if (active && active !== document.body && active.isConnected) { return; }
    var heading = (target.querySelector ? target : document).querySelector("[data-focus-after-swap]");
    if (heading) { heading.focus(); }
  });

  // Forms that must not be sent twice (double click): disable the submit button once sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-submit-once")) { return; }
    if (form.dataset.sent === "1") { event.preventDefault(); return; }
    form.dataset.sent = "1";
  });

  // Focus the error summary after a failed submission so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });
})();
