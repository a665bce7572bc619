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

  /* Password fields: a button that shows or hides what was typed (phones make typos). */
  var vi = document.documentElement.lang === "vi";
  document.querySelectorAll("input[data-reveal]").forEach(function (input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "reveal";
    button.setAttribute("aria-pressed", "false");
    button.textContent = vi ? "Hiện" : "Show";
    button.addEventListener("click", function () {
      var shown = input.type === "password";
      input.type = shown ? "text" : "password";
      button.setAttribute("aria-pressed", shown ? "true" : "false");
      button.textContent = shown ? (vi ? "Ẩn" : "Hide") : (vi ? "Hiện" : "Show");
    });
    input.insertAdjacentElement("afterend", button);
  });

  /* An issued invitation: copy its message, print its slip. */
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      source.select();
      var done = function () { button.textContent = vi ? "Đã chép" : "Copied"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(done, function () {
          document.execCommand("copy"); done();
        });
      } else {
        document.execCommand("copy"); done();
      }
      window.setTimeout(function () { button.textContent = label; }, 3000);
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  /* A link to a form's field (#warnings, from a refused full label): put the cursor there. */
  if (location.hash.length > 1) {
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) { target.focus(); }
  }
})();
