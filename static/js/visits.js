/* Visit form: when the province changes, show only that province's cooperatives.
   Hidden boxes are also disabled, so a box ticked earlier is not sent. Works without it:
   the "show this province's communes and cooperatives" button does the same on the server. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-visit-cooperatives]").forEach(function (box) {
      var province = box.querySelector("select[name$='province_code']");
      if (!province) { return; }
      function filter() {
        box.querySelectorAll("input[data-province]").forEach(function (input) {
          var other = province.value !== "" && input.getAttribute("data-province") !== province.value;
          input.disabled = other;
          input.closest("li").hidden = other;
        });
      }
      province.addEventListener("change", filter);
      filter();
    });
  });
})();
