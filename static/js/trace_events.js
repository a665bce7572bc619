/* Trace event form: show only the fieldset of the chosen kind. Without this file every
   fieldset shows, and the server uses only the chosen kind's fields. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-event-form]").forEach(function (form) {
      var kind = form.querySelector("select[name='kind']");
      if (!kind) { return; }
      function show() {
        form.querySelectorAll("[data-event-kinds]").forEach(function (box) {
          var kinds = box.getAttribute("data-event-kinds").split(" ");
          box.hidden = kinds.indexOf(kind.value) < 0;
        });
      }
      kind.addEventListener("change", show);
      show();
    });
  });
})();
