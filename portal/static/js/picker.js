/* Record pickers (templates/_macros/pickers.html): htmx fills the listbox as the person types; this file
   lets them choose with the mouse or the keyboard and shows what will be linked. Without it the field is a
   plain text field that the server resolves. */
(function () {
  "use strict";
  if (window.concertoPicker) { return; }
  window.concertoPicker = true;

  function parts(el) {
    var box = el.closest("[data-picker]");
    if (!box) { return null; }
    return { box: box, input: box.querySelector("input[role=combobox]"), list: box.querySelector("[role=listbox]"),
             preview: box.querySelector(".picker-preview") };
  }
  function options(p) { return Array.prototype.slice.call(p.list.querySelectorAll("[role=option]")); }
  function close(p) {
    p.list.hidden = true;
    p.input.setAttribute("aria-expanded", "false");
    p.input.removeAttribute("aria-activedescendant");
  }
  function open(p) {
    var has = p.list.children.length > 0;
    p.list.hidden = !has;
    p.input.setAttribute("aria-expanded", has ? "true" : "false");
  }
  function activate(p, opt) {
    options(p).forEach(function (o) { o.setAttribute("aria-selected", o === opt ? "true" : "false"); });
    if (opt) {
      p.input.setAttribute("aria-activedescendant", opt.id);
      opt.scrollIntoView({ block: "nearest" });
    } else {
      p.input.removeAttribute("aria-activedescendant");
    }
  }
  function showChosen(p, label) {
    p.preview.textContent = "";
    if (!label) { return; }
    p.preview.appendChild(document.createTextNode(p.box.getAttribute("data-chosen-text") + " "));
    var strong = document.createElement("strong");
    strong.textContent = label;
    p.preview.appendChild(strong);
  }
  function choose(p, opt) {
    p.input.value = opt.getAttribute("data-value");
    p.input.dataset.chosen = p.input.value;
    showChosen(p, opt.getAttribute("data-label"));
    close(p);
    p.input.focus();
  }

  // The option the arrow keys reached, kept by value when a newer answer replaces the list.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var p = parts(event.detail.target);
    if (p && event.detail.target === p.list) {
      var active = p.list.querySelector("[aria-selected=true]");
      p.list.dataset.active = active ? active.getAttribute("data-value") : "";
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var p = parts(event.detail.target);
    if (p && event.detail.target === p.list) {
      open(p);
      var kept = p.list.dataset.active;
      if (kept) {
        activate(p, options(p).filter(function (o) { return o.getAttribute("data-value") === kept; })[0] || null);
      }
      // What was typed is exactly one option's reference: that is what will be linked.
      var typed = p.input.value.trim().toLowerCase();
      var same = options(p).filter(function (o) { return o.getAttribute("data-value").toLowerCase() === typed; });
      if (same.length === 1) { showChosen(p, same[0].getAttribute("data-label")); }
    }
  });
  document.addEventListener("input", function (event) {
    var p = event.target.matches && event.target.matches("[data-picker] input[role=combobox]") && parts(event.target);
    if (p && p.input.value !== p.input.dataset.chosen) { showChosen(p, ""); }
    if (p && !p.input.value.trim()) { p.list.innerHTML = ""; close(p); }
  });
  document.addEventListener("click", function (event) {
    var opt = event.target.closest && event.target.closest("[data-picker] [role=option]");
    if (opt) { choose(parts(opt), opt); return; }
    document.querySelectorAll("[data-picker]").forEach(function (box) {
      if (!box.contains(event.target)) { close(parts(box)); }
    });
  });
  document.addEventListener("keydown", function (event) {
    var p = event.target.matches && event.target.matches("[data-picker] input[role=combobox]") && parts(event.target);
    if (!p) { return; }
    var opts = options(p);
    var current = opts.indexOf(p.list.querySelector("[aria-selected=true]"));
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!opts.length) { return; }
      event.preventDefault();
      open(p);
      var next = event.key === "ArrowDown" ? Math.min(current + 1, opts.length - 1) : Math.max(current - 1, 0);
      activate(p, opts[next]);
    } else if (event.key === "Enter" && !p.list.hidden && current >= 0) {
      event.preventDefault();  // choose, do not send the form yet
      choose(p, opts[current]);
    } else if (event.key === "Escape" && !p.list.hidden) {
      event.preventDefault();
      close(p);
    }
  });

  /* A long <select> (the organisations, grouped by type) gets a search box that narrows its options as the
     person types; without JavaScript the box stays hidden and the select works as it is. */
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function filterSelect(input) {
    var box = input.closest("[data-select-filter]");
    var select = box.querySelector("select");
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    Array.prototype.forEach.call(select.options, function (opt) {
      if (!opt.value) { return; }   // "All" stays
      var match = words.every(function (w) { return fold(opt.textContent).indexOf(w) !== -1; });
      opt.hidden = !match;
      opt.disabled = !match && !opt.selected;
      if (match) { shown += 1; }
    });
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      group.hidden = !Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
    });
    var status = box.querySelector("[data-select-filter-status]");
    if (status) {
      status.textContent = words.length ? (shown === 1 ? status.getAttribute("data-one")
        : status.getAttribute("data-many").replace("{n}", shown)) : "";
    }
  }
  function setUpFilters(root) {
    (root || document).querySelectorAll("[data-select-filter] input.select-filter").forEach(function (input) {
      input.hidden = false;
    });
  }
  document.addEventListener("DOMContentLoaded", function () { setUpFilters(document); });
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-select-filter] input.select-filter")) {
      filterSelect(event.target);
    }
  });
  // The search box narrows the list; it is not a filter of the results: its changes do not send the form.
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input.select-filter")) { event.stopPropagation(); }
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("input.select-filter")) {
      event.preventDefault();   // Enter moves to the narrowed list instead of sending the form
      event.target.closest("[data-select-filter]").querySelector("select").focus();
    }
  });
}());
