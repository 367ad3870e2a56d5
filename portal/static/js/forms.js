/* Concerto: forms that lose nothing. Progressive enhancement only: without this file the server still
   refuses what is too long with a translated error and the text kept, and says what was too large.
   - Long text fields show a character counter (the limit is in the page; announced politely).
   - A file larger than its field's limit, or a sending larger than the portal accepts, is refused here,
     before anything is sent, with a message next to the field; nothing typed is touched.
   - When a form is sent, its text is kept in sessionStorage (this tab only) until the next page: if that
     page is an error (too large) or the sign-in page (session ended), the text waits there and is filled in
     again when the form is shown; any other page removes it without filling anything (a page that shows the
     same form again after a success gets an empty form). The quick exit clears it. */
(function () {
  "use strict";

  var DRAFT_KEY = "concerto-draft";
  var textEl = null;

  function t(name, values) {
    textEl = textEl || document.getElementById("page-text");
    var s = (textEl && textEl.getAttribute("data-t-" + name)) || "";
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  }
  function lang() { return (document.documentElement.lang || "en") + "-CA"; }
  function number(n, decimals) {
    try {
      return new Intl.NumberFormat(lang(), { maximumFractionDigits: decimals || 0 }).format(n);
    } catch (e) { return String(n); }
  }
  function size(bytes) {
    var mb = bytes / (1024 * 1024);
    return t("size", { n: number(mb, mb % 1 === 0 ? 0 : 1) });
  }
  function maxRequest() {
    textEl = textEl || document.getElementById("page-text");
    return parseInt((textEl && textEl.getAttribute("data-max-request")) || "0", 10) || 0;
  }
  function describe(el, id, on) {
    var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) { return x && x !== id; });
    if (on) { ids.push(id); }
    if (ids.length) { el.setAttribute("aria-describedby", ids.join(" ")); } else { el.removeAttribute("aria-describedby"); }
  }

  // ---- Character counter -------------------------------------------------------------------------
  // The count matches the server's: characters, a line break counting as two (browsers send CR LF).
  function charCount(value) { return Array.from(value.replace(/\r?\n/g, "\r\n")).length; }

  function setUpCounter(area) {
    if (area.dataset.counter === "on") { return; }
    var max = parseInt(area.getAttribute("data-maxlength") || area.getAttribute("maxlength") || "0", 10);
    if (!max) { return; }
    area.dataset.counter = "on";
    area.setAttribute("data-maxlength", String(max));
    area.removeAttribute("maxlength");           // never cut what is pasted: say it is too long instead
    var shown = document.getElementById(area.id + "-count");
    if (!shown) {
      shown = document.createElement("p");
      shown.className = "hint char-count";
      shown.id = area.id + "-count";
      area.insertAdjacentElement("afterend", shown);
    }
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    shown.insertAdjacentElement("afterend", live);
    var timer = null;
    function update(announce) {
      var left = max - charCount(area.value);
      var over = left < 0;
      shown.textContent = over ? t("chars-over", { n: number(-left) }) : t("chars-left", { n: number(left) });
      shown.classList.toggle("char-count-over", over);
      clearTimeout(timer);
      if (announce) { timer = setTimeout(function () { live.textContent = shown.textContent; }, 1000); }
    }
    area.addEventListener("input", function () { update(true); });
    area.addEventListener("concerto:restored", function () { update(false); });
    update(false);
  }

  // ---- Sizes checked before sending -------------------------------------------------------------
  function fileError(input, message) {
    var id = (input.id || input.name) + "-size-error";
    var old = document.getElementById(id);
    if (old) { old.remove(); }
    describe(input, id, !!message);
    if (!message) { input.removeAttribute("aria-invalid"); return; }
    var p = document.createElement("p");
    p.className = "error-message";
    p.id = id;
    p.setAttribute("role", "alert");
    p.textContent = message;
    input.insertAdjacentElement("afterend", p);
    input.setAttribute("aria-invalid", "true");
  }
  function fileLimit(input) {
    return parseInt(input.getAttribute("data-max-bytes") || "0", 10) || maxRequest();
  }
  function checkFile(input) {
    var limit = fileLimit(input);
    var files = Array.prototype.slice.call(input.files || []);
    var big = files.filter(function (f) { return limit && f.size > limit; })[0];
    if (big) {
      fileError(input, t("file-too-large", { name: big.name, size: size(big.size), max: size(limit) }));
      input.value = "";                          // refuse the file; everything else stays as typed
      return false;
    }
    fileError(input, null);
    return true;
  }
  function formBytes(form) {
    var total = 0;
    var encoder = window.TextEncoder ? new TextEncoder() : null;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.type === "file") {
        Array.prototype.forEach.call(el.files || [], function (f) { total += f.size; });
      } else if (el.name && typeof el.value === "string") {
        total += encoder ? encoder.encode(el.value).length : el.value.length;
      }
    });
    return total;
  }
  document.addEventListener("change", function (event) {
    if (event.target.type === "file") { checkFile(event.target); }
  });
  // Capture: runs before the form is marked as sent (data-submit-once) and before htmx sends it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var inputs = form.querySelectorAll("input[type=file]");
    var ok = Array.prototype.every.call(inputs, checkFile);
    var limit = maxRequest();
    if (ok && limit) {
      var total = formBytes(form);
      if (total > limit) {
        ok = false;
        var target = inputs[0] || form.querySelector("textarea");
        if (target) { fileError(target, t("request-too-large", { size: size(total), max: size(limit) })); }
      }
    }
    if (!ok) {
      event.preventDefault();
      event.stopImmediatePropagation();
      var bad = form.querySelector("[aria-invalid=true]");
      if (bad) { bad.focus(); }
    }
  }, true);

  // ---- Drafts kept across a refused sending -----------------------------------------------------
  function storage() { try { return window.sessionStorage; } catch (e) { return null; } }
  function actionPath(form) {
    try { return new URL(form.getAttribute("action") || window.location.href, window.location.href).pathname; }
    catch (e) { return window.location.pathname; }
  }
  function draftFields(form) {
    var fields = {};
    Array.prototype.forEach.call(form.querySelectorAll("textarea[name], input[name]"), function (el) {
      var kinds = ["text", "email", "number", "url", "date", "search", "tel"];
      if (el.tagName === "TEXTAREA" || kinds.indexOf(el.type) !== -1) {
        if (el.value && el.name !== "csrf_token") { fields[el.name] = el.value; }
      }
    });
    return fields;
  }
  document.addEventListener("submit", function (event) {
    var form = event.target, store = storage();
    if (event.defaultPrevented || !store || (form.method || "").toLowerCase() !== "post") { return; }
    if (!form.querySelector("textarea") || form.querySelector("input[type=password]")) { return; }
    var fields = draftFields(form);
    if (!Object.keys(fields).length) { return; }
    try { store.setItem(DRAFT_KEY, JSON.stringify({ action: actionPath(form), fields: fields })); } catch (e) { /* full */ }
  });

  function restoreDraft() {
    var store = storage();
    var raw = store && store.getItem(DRAFT_KEY);
    if (!raw) { return; }
    var draft;
    try { draft = JSON.parse(raw); } catch (e) { store.removeItem(DRAFT_KEY); return; }
    if (document.body.hasAttribute("data-keep-drafts")) {
      // The sending did not land (too large, session ended): the text waits for the form's page.
      if (!draft.waiting) {
        draft.waiting = true;
        try { store.setItem(DRAFT_KEY, JSON.stringify(draft)); } catch (e) { /* full */ }
      }
      return;
    }
    store.removeItem(DRAFT_KEY);
    // Any other page means the sending was taken (or refused with the text kept by the server): a page that
    // shows the same form again after a success must not get the sent text back.
    if (!draft.waiting) { return; }
    var form = Array.prototype.filter.call(document.querySelectorAll("form[method=post], form[method=POST]"),
      function (f) { return actionPath(f) === draft.action; })[0];
    if (!form || !draft.fields) { return; }
    var filled = 0;
    Object.keys(draft.fields).forEach(function (name) {
      var el = form.elements[name];
      if (el && !el.length && typeof el.value === "string" && el.value === "" && el.type !== "hidden") {
        el.value = draft.fields[name];
        el.dispatchEvent(new CustomEvent("concerto:restored"));
        filled += 1;
      }
    });
    if (filled) {
      var note = document.createElement("p");
      note.className = "alert alert-info";
      note.setAttribute("role", "status");
      note.setAttribute("data-draft-restored", "");
      note.textContent = t("draft-restored");
      form.insertAdjacentElement("beforebegin", note);
    }
  }

  function init() {
    restoreDraft();
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-maxlength], textarea[maxlength]"), setUpCounter);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  window.addEventListener("pageshow", function (event) { if (event.persisted) { restoreDraft(); } });
  document.addEventListener("htmx:afterSettle", function () {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-maxlength], textarea[maxlength]"), setUpCounter);
  });
})();
