/* Export pages (templates/exports/). Both work without this file: the cooperatives are plain
   ticks, and the server refuses a download with nothing ticked. This file only
   - shows the search box over the cooperatives and hides those that do not match as one
     types ("lam binh" finds "HTX Lâm Bình": accents and đ are ignored);
   - keeps "Download" disabled, with the reason beside it, while no product is ticked. */
(function () {
  "use strict";

  /* Lower case without accents: "Lâm Bình" and "lam binh" read alike. */
  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function coopFilter(box) {
    var search = box.querySelector("[data-filter-box]");
    var input = search && search.querySelector("input");
    var count = box.querySelector("[data-filter-count]");
    var items = Array.prototype.slice.call(box.querySelectorAll("[data-filter-item]"));
    if (!input) { return; }
    items.forEach(function (item) { item.dataset.folded = folded(item.textContent); });
    search.hidden = false;
    function apply() {
      var words = folded(input.value).split(" ").filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var match = words.every(function (w) { return item.dataset.folded.indexOf(w) >= 0; });
        /* A ticked cooperative stays in sight: the choice is never hidden from its maker. */
        item.hidden = !match && !item.querySelector("input:checked");
        if (!item.hidden) { shown += 1; }
      });
      if (count) {
        count.textContent = words.length ? count.getAttribute("data-template").replace("{num}", shown) : "";
      }
    }
    input.addEventListener("input", apply);
    /* Enter in the search box goes to the first match rather than sending the form. */
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      event.preventDefault();
      var first = items.filter(function (item) { return !item.hidden; })[0];
      if (first) { first.querySelector("input").focus(); }
    });
  }

  function downloadTicks(form) {
    var ticks = Array.prototype.slice.call(form.querySelectorAll("input[name='product']"));
    var open = ticks.filter(function (t) { return !t.disabled; });
    var why = form.querySelector("#download-why");
    var buttons = form.querySelectorAll("[aria-describedby='download-why']");
    if (!open.length || !why) { return; }  /* none can be ticked: the server said why */
    function sync() {
      var none = !open.some(function (t) { return t.checked; });
      buttons.forEach(function (b) { b.disabled = none; });
      why.textContent = none ? why.getAttribute("data-none-ticked") : "";
    }
    open.forEach(function (t) { t.addEventListener("change", sync); });
    sync();
  }

  function start() {
    document.querySelectorAll("[data-coop-filter]").forEach(coopFilter);
    document.querySelectorAll("form[data-export-ticks]").forEach(downloadTicks);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
