/* Staff forms with files: photos are made smaller in the browser before they are sent
   (longest side 2,000 px, JPEG at 0.85, turned upright as the camera meant), and the upload
   shows a progress bar. The server's answer replaces the page: its redirect target or the
   form again with its errors. Without this file, or in a browser without
   createImageBitmap, the chosen files go as they are and the server takes the full photo. */
(function () {
  "use strict";
  if (!window.FormData || !window.XMLHttpRequest || !window.Promise) { return; }
  var MAX_SIDE = 2000;
  var QUALITY = 0.85;
  var PHOTO = /^image\/(jpeg|png|webp)$/;
  var vi = document.documentElement.lang === "vi";
  var words = vi
    ? { scaling: "Đang thu nhỏ ảnh…", sending: "Đang gửi… %s%", done: "Đã gửi, đang chờ trả lời…",
        failed: "Không gửi được: kiểm tra kết nối mạng rồi bấm lại." }
    : { scaling: "Making the photos smaller…", sending: "Sending… %s%", done: "Sent, waiting for the answer…",
        failed: "Could not send: check the connection and press again." };
  var canScale = typeof window.createImageBitmap === "function" &&
    typeof HTMLCanvasElement.prototype.toBlob === "function";

  function jpegName(name) {
    return (name.replace(/\.[^.\/\\]*$/, "") || "anh") + ".jpg";
  }

  /* The photo at most MAX_SIDE pixels long, as a JPEG; the file itself when it is small
     enough already, is no photo, or cannot be read here (the server then judges it). */
  function scaled(file) {
    if (!canScale || !PHOTO.test(file.type)) { return Promise.resolve(file); }
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var longest = Math.max(bitmap.width, bitmap.height);
      if (longest <= MAX_SIDE) { bitmap.close(); return file; }
      var ratio = MAX_SIDE / longest;
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * ratio));
      canvas.height = Math.max(1, Math.round(bitmap.height * ratio));
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff"; /* a transparent PNG on white, as JPEG has no transparency */
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.imageSmoothingQuality = "high";
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve(blob ? new File([blob], jpegName(file.name), { type: "image/jpeg" }) : file);
        }, "image/jpeg", QUALITY);
      });
    }).catch(function () { return file; });
  }

  function progressBox(form) {
    var box = form.querySelector(".upload-progress");
    if (!box) {
      box = document.createElement("div");
      box.className = "upload-progress";
      box.setAttribute("role", "status");
      box.innerHTML = "<progress max=\"100\" value=\"0\"></progress> <span></span>";
      form.appendChild(box);
    }
    box.hidden = false;
    return {
      bar: box.querySelector("progress"),
      say: function (text, value) {
        box.querySelector("span").textContent = text;
        if (value === undefined) { box.querySelector("progress").removeAttribute("value"); }
        else { box.querySelector("progress").value = value; }
      }
    };
  }

  function buttons(form, disabled) {
    form.querySelectorAll("button, input[type=submit]").forEach(function (b) { b.disabled = disabled; });
  }

  /* Show the server's answer as the browser would have: the page it sent, at its address. */
  function show(xhr) {
    var address = xhr.responseURL || window.location.href;
    document.open();
    document.write(xhr.responseText);
    document.close();
    if (address !== window.location.href) { window.history.replaceState(null, "", address); }
  }

  function send(form, data, progress) {
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.upload.addEventListener("progress", function (event) {
      if (!event.lengthComputable) { return; }
      var percent = Math.round(event.loaded / event.total * 100);
      progress.say(words.sending.replace("%s", percent), percent);
    });
    xhr.upload.addEventListener("load", function () { progress.say(words.done); });
    xhr.addEventListener("load", function () { show(xhr); });
    xhr.addEventListener("error", function () {
      progress.say(words.failed, 0);
      buttons(form, false);
      delete form.dataset.sending;
    });
    xhr.send(data);
  }

  function chosenInputs(form) {
    return Array.prototype.filter.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files.length > 0;
    });
  }

  document.querySelectorAll("form[method=post][enctype='multipart/form-data']").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var inputs = chosenInputs(form);
      if (!inputs.length || event.defaultPrevented) { return; } /* nothing to send but the form */
      if (navigator.onLine === false) { return; } /* no signal: offline.js keeps the record */
      event.preventDefault();
      if (form.dataset.sending) { return; }
      form.dataset.sending = "1";
      var data = new FormData(form);
      var submitter = event.submitter;
      if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
      var progress = progressBox(form);
      buttons(form, true);
      progress.say(words.scaling);
      var work = inputs.map(function (input) {
        data.delete(input.name);
        var files = Array.prototype.slice.call(input.files);
        var photos = input.hasAttribute("data-downscale");
        return Promise.all(files.map(function (f) { return photos ? scaled(f) : f; }))
          .then(function (ready) { return { name: input.name, files: ready }; });
      });
      Promise.all(work).then(function (fields) {
        fields.forEach(function (field) {
          field.files.forEach(function (f) { data.append(field.name, f, f.name); });
        });
        progress.say(words.sending.replace("%s", "0"), 0);
        send(form, data, progress);
      });
    });
  });
})();
