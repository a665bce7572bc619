/* Lên Sàn staff forms, made for a thumb (issue 18). Every form works without this file:
   the server shows one event kind at a time, adds variant rows, opens the page at the first
   error (autofocus) and reads a pasted coordinate pair. This file only saves round trips. */
(function () {
  "use strict";

  /* The first field in error: focused and brought to the middle of the screen. */
  function focusFirstError() {
    var field = document.querySelector("form [aria-invalid='true']");
    if (!field) { return; }
    if (document.activeElement !== field) { field.focus({ preventScroll: true }); }
    field.scrollIntoView({ block: "center" });
  }

  /* Trace event form: switching the kind shows that kind's fieldset in place. */
  function eventKinds(form) {
    var kind = form.querySelector("select[name='kind']");
    if (!kind) { return; }
    function show() {
      form.querySelectorAll("[data-event-kinds]").forEach(function (box) {
        box.hidden = box.getAttribute("data-event-kinds").split(" ").indexOf(kind.value) < 0;
      });
    }
    kind.addEventListener("change", show);
    show();
  }

  /* Product form: "add a variant" clones the row template instead of posting the form. */
  function variantRows(box) {
    var button = box.querySelector("[data-variant-add]");
    var template = box.querySelector("template[data-variant-template]");
    if (!button || !template) { return; }
    var limit = parseInt(box.getAttribute("data-variant-max"), 10) || 50;
    button.addEventListener("click", function (event) {
      var rows = box.querySelectorAll(".variant-row");
      if (rows.length >= limit) { return; }  /* the server says why */
      event.preventDefault();
      var next = 0;
      rows.forEach(function (row) {
        var n = parseInt(row.id.replace("variants-", ""), 10);
        if (n >= next) { next = n + 1; }
      });
      var html = template.innerHTML.split("__index__").join(String(next))
        .split("__number__").join(String(rows.length + 1));
      button.closest("p").insertAdjacentHTML("beforebegin", html);
      var row = document.getElementById("variants-" + next);
      var first = row && row.querySelector("input:not([type='hidden'])");
      if (first) { first.focus(); row.scrollIntoView({ block: "start" }); }
    });
  }

  /* Plot form: "use my location" writes the phone's position into the coordinates field. */
  function locateButton(button) {
    var target = document.getElementById(button.getAttribute("data-locate"));
    var status = document.getElementById(button.getAttribute("data-locate") + "-locate-status");
    if (!target || !navigator.geolocation) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) { status.textContent = button.getAttribute("data-waiting"); }
      navigator.geolocation.getCurrentPosition(function (position) {
        target.value = position.coords.latitude.toFixed(6) + ", " +
          position.coords.longitude.toFixed(6);
        target.dispatchEvent(new Event("change", { bubbles: true }));
        if (status) { status.textContent = button.getAttribute("data-done"); }
      }, function () {
        if (status) { status.textContent = button.getAttribute("data-failed"); }
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    });
  }

  function start() {
    document.querySelectorAll("[data-event-form]").forEach(eventKinds);
    document.querySelectorAll("[data-variants]").forEach(variantRows);
    document.querySelectorAll("button[data-locate]").forEach(locateButton);
    focusFirstError();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
