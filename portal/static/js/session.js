/* Concerto: the idle sign-out, announced before it happens (WCAG 2.2.1). Signed-in pages only.
   About two minutes before the session would end, a banner (role="alertdialog") says so and offers
   "Stay signed in" (a POST with the CSRF token to the keep-alive address). Someone who typed on the page
   since the last request is kept signed in without being asked. When the session has ended, the banner
   says so and leads to the sign-in page, which comes back here; the text typed on the page is kept in
   this tab (forms.js's draft) and filled in again. Without JavaScript the server still keeps the person's
   place: a form sent after the end leads to the sign-in page and back to the form. */
(function () {
  "use strict";

  var DRAFT_KEY = "concerto-draft";
  var MARGIN = 60 * 1000;       // the server notes a visit at most once a minute: assume it was a minute ago
  var el = document.getElementById("page-text");
  if (!el || !el.hasAttribute("data-idle-seconds")) { return; }
  var idle = parseInt(el.getAttribute("data-idle-seconds"), 10) * 1000;
  var warnBefore = Math.min(2 * 60 * 1000, idle / 4);
  var warnTimer = null, endTimer = null, banner = null, lastFocus = null, typed = false, over = false;

  function t(name) { return el.getAttribute("data-t-" + name) || ""; }
  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (e) { return ""; }
  }

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    var left = Math.max(idle - MARGIN, 1000);
    warnTimer = setTimeout(warn, Math.max(left - warnBefore, 0));
    endTimer = setTimeout(ended, left);
  }

  function closeBanner() {
    if (banner) { banner.remove(); banner = null; }
    if (lastFocus && document.contains(lastFocus)) { lastFocus.focus(); }
    lastFocus = null;
  }

  function showBanner(text, control) {
    if (banner) { banner.remove(); }
    banner = document.createElement("div");
    banner.className = "session-warning";
    banner.setAttribute("role", "alertdialog");
    banner.setAttribute("aria-labelledby", "session-warning-text");
    var p = document.createElement("p");
    p.id = "session-warning-text";
    p.textContent = text;
    banner.appendChild(p);
    banner.appendChild(control);
    document.body.appendChild(banner);
    if (!lastFocus) { lastFocus = document.activeElement; }
    control.focus();
  }

  function warn() {
    if (typed) { keepAlive(true); return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-primary";
    button.setAttribute("data-stay-signed-in", "");
    button.textContent = t("stay");
    button.addEventListener("click", function () { keepAlive(false); });
    showBanner(t("idle-warning"), button);
  }

  function keepAlive(quietly) {
    var request = new XMLHttpRequest();
    request.open("POST", el.getAttribute("data-keep-alive"));
    request.setRequestHeader("X-CSRFToken", csrf());
    request.setRequestHeader("Accept", "application/json");
    request.onload = function () {
      if (request.status === 200) {
        typed = false;
        schedule();
        if (!quietly) { closeBanner(); say(t("stayed")); }
      } else {
        ended();
      }
    };
    request.onerror = function () { if (!quietly) { say(t("stay-failed")); } };
    request.send();
  }

  function say(text) {
    var live = document.getElementById("session-status");
    if (!live) {
      live = document.createElement("p");
      live.id = "session-status";
      live.className = "visually-hidden";
      live.setAttribute("role", "status");
      document.body.appendChild(live);
    }
    live.textContent = text;
  }

  function keepDraft() {
    var store;
    try { store = window.sessionStorage; } catch (e) { return; }
    var forms = Array.prototype.filter.call(document.querySelectorAll("form"), function (f) {
      return (f.method || "").toLowerCase() === "post" && f.querySelector("textarea") &&
        !f.querySelector("input[type=password]");
    });
    forms.some(function (form) {
      var fields = {};
      Array.prototype.forEach.call(form.querySelectorAll("textarea[name], input[name]"), function (input) {
        var kinds = ["text", "email", "number", "url", "date", "search", "tel"];
        if ((input.tagName === "TEXTAREA" || kinds.indexOf(input.type) !== -1) && input.value) {
          fields[input.name] = input.value;
        }
      });
      if (!Object.keys(fields).length) { return false; }
      var action = new URL(form.getAttribute("action") || window.location.href, window.location.href).pathname;
      try { store.setItem(DRAFT_KEY, JSON.stringify({ action: action, fields: fields })); } catch (e) { /* full */ }
      return true;
    });
  }

  function ended() {
    if (over) { return; }
    over = true;
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    keepDraft();
    var link = document.createElement("a");
    link.className = "button button-primary";
    link.setAttribute("data-sign-in-again", "");
    link.href = el.getAttribute("data-login") + "?next=" +
      encodeURIComponent(window.location.pathname + window.location.search);
    link.textContent = t("sign-in-again");
    link.addEventListener("click", keepDraft);
    showBanner(t("ended"), link);
  }

  document.addEventListener("input", function () { typed = true; });
  document.addEventListener("htmx:afterRequest", function () { if (!over) { schedule(); } });
  schedule();
})();
