/* Lên Sàn: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  /* Commune picker: when the province changes, load that province's communes. */
  document.querySelectorAll("[data-area-picker]").forEach(function (box) {
    var province = box.querySelector("select[name$='province_code']");
    var commune = box.querySelector("select[name$='commune_code']");
    var template = box.getAttribute("data-communes-url");
    if (!province || !commune || !template || !window.fetch) { return; }
    province.addEventListener("change", function () {
      var placeholder = commune.options[0];
      commune.length = 1;
      commune.options[0] = placeholder;
      if (!province.value) { return; }
      fetch(template.replace("{code}", encodeURIComponent(province.value)))
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) {
          items.forEach(function (item) {
            commune.add(new Option(item.name, item.code));
          });
        });
    });
  });
})();
