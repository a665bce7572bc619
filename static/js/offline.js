/* Lên Sàn for members without signal (needs idb-keyval, vendored in static/vendor).

   - Registers the service worker (/sw.js), which keeps the app and the pages seen with signal.
   - The event form, submitted without signal, is kept on the phone (IndexedDB) with a client
     id (a UUID) and the phone's clock, instead of being lost; the shell /m/ lists what waits
     ("chờ gửi").
   - What waits is sent when the signal returns, when a page loads, and on "Gửi ngay": one
     record at a time, each with its client id, so a retry never records twice (the server
     answers a repeat with what it recorded).
   Without this file every form posts as usual. */
(function () {
  "use strict";
  var config = document.getElementById("offline-app");
  if (!config || !window.idbKeyval || !window.indexedDB) { return; }
  var app = JSON.parse(config.textContent);
  var words = app.words;
  var kv = window.idbKeyval;
  var waiting = kv.createStore("lensan-waiting", "records");
  var answered = kv.createStore("lensan-answered", "records");
  var KEEP_ANSWERS = 20;
  var EVENT_FORM = /^\/trace\/batches\/(\d+)\/events\/new$/;
  var sending = false;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(app.worker, { scope: "/" }).catch(function () {});
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); });
    return [h.slice(0, 4), h.slice(4, 6), h.slice(6, 8), h.slice(8, 10), h.slice(10)]
      .map(function (p) { return p.join(""); }).join("-");
  }

  function mine(records) {
    return records.filter(function (r) { return r.user === app.user; })
      .sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : 1; });
  }

  /* --- the event form without signal ------------------------------------------------------ */

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* A kept form shows the time it was kept: without signal, start from the phone's now. */
  function freshTime(form) {
    var now = new Date();
    var day = form.querySelector("[name='occurred_on']");
    var time = form.querySelector("[name='occurred_time']");
    if (day && !day.getAttribute("aria-invalid")) {
      day.value = day.type === "date"
        ? now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate())
        : pad(now.getDate()) + "/" + pad(now.getMonth() + 1) + "/" + now.getFullYear();
    }
    if (time && time.value) { time.value = pad(now.getHours()) + ":" + pad(now.getMinutes()); }
  }

  /* Without signal the form is the copy kept for the batch: the kind comes from the address
     (the link chosen on the page before), the day and time from the phone's clock. */
  function kept(form) {
    var kind = form.querySelector("select[name='kind']");
    var wanted = new URLSearchParams(location.search).get("kind");
    if (kind && wanted) {
      kind.value = wanted;
      kind.dispatchEvent(new Event("change"));
    }
    freshTime(form);
  }

  function value(form, name) {
    var el = form.querySelector("[name='" + name + "']");
    return el ? el.value : "";
  }

  /* The form's fields and files, kept on the phone with a client id; "what", "batch" and
     "when" are only for the list of what waits. A record opened again to be corrected keeps
     its client id (the server never recorded it) and its photos unless others are chosen. */
  function keepRecord(form, url, shown, before) {
    var fields = [], files = [];
    new FormData(form).forEach(function (v, name) {
      if (typeof v === "string") { fields.push([name, v]); }
      else if (v && v.size) { files.push([name, v]); }
    });
    var record = {
      client_id: before ? before.client_id : uuid(), user: app.user,
      saved_at: before ? before.saved_at : new Date().toISOString(), url: url,
      form: location.pathname + location.search,
      what: shown.what, batch: shown.batch, when: shown.when,
      fields: fields, files: files.length || !before ? files : before.files, problems: []
    };
    return kv.set(record.client_id, record, waiting);
  }

  /* A record the server refused, opened again in its form: its fields filled back in. */
  function fillBack(form, record) {
    form.querySelectorAll("input[type='checkbox'], input[type='radio']").forEach(function (box) {
      box.checked = record.fields.some(function (pair) {
        return pair[0] === box.name && pair[1] === box.value;
      });
    });
    record.fields.forEach(function (pair) {
      if (pair[0] === "csrf_token") { return; }
      var el = form.querySelector("[name='" + pair[0] + "']:not([type='checkbox'])" +
        ":not([type='radio'])");
      if (el && el.type !== "file") {
        el.value = pair[1];
        el.dispatchEvent(new Event("change"));
      }
    });
  }

  function eventShown(form, batchId) {
    var kind = form.querySelector("[name='kind']");
    var back = document.querySelector("main a[href^='/trace/batches/" + batchId + "']");
    return {
      what: kind && kind.selectedIndex > 0 ? kind.options[kind.selectedIndex].text : "",
      batch: back ? back.textContent.replace(/^\W+/, "") : "#" + batchId,
      when: (value(form, "occurred_on") + " " + value(form, "occurred_time")).trim()
    };
  }

  function batchShown(form) {
    return { what: words.new_batch, batch: value(form, "code"), when: value(form, "produced_on") };
  }

  /* Without signal, a submitted form is kept instead of lost, and the shell shows it; a
     refused record opened again ("lensan-reopen") is kept again, corrected, signal or not. */
  function keepOffline(form, url, shown) {
    var before = null;
    var reopen = sessionStorage.getItem("lensan-reopen");
    if (reopen) {
      sessionStorage.removeItem("lensan-reopen");
      kv.get(reopen, waiting).then(function (record) {
        if (record && record.user === app.user) { before = record; fillBack(form, record); }
      });
    }
    /* Capture: before uploads.js, which sends a form with photos itself unless stopped. */
    form.addEventListener("submit", function (event) {
      if (navigator.onLine && !before) { return; }
      event.preventDefault();
      event.stopImmediatePropagation();
      keepRecord(form, url, shown(form), before).then(function () {
        sessionStorage.setItem("lensan-kept", "1");
        location.href = app.shell;
      });
    }, true);
  }

  var match = EVENT_FORM.exec(location.pathname);
  var eventForm = match && document.querySelector("form[data-event-form]");
  if (eventForm) {
    if (!navigator.onLine) { kept(eventForm); }
    keepOffline(eventForm, app.send.replace("{batch}", match[1]), function (form) {
      return eventShown(form, match[1]);
    });
  }
  var product = new URLSearchParams(location.search).get("product");
  var batchForm = location.pathname === "/trace/batches/new" && /^\d+$/.test(product || "") &&
    document.querySelector("form.batch-form");
  if (batchForm) {
    keepOffline(batchForm, app.send_batch.replace("{product}", product), batchShown);
  }

  /* --- sending what waits ----------------------------------------------------------------- */

  function say(text) {
    var status = document.querySelector("[data-offline-status]");
    if (status) { status.textContent = text; }
  }

  function token() {
    return fetch(app.token, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        var json = (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!r.ok || !json) { throw new Error(words.signin); }
        return r.json();
      }).then(function (body) { return body.csrf_token; });
  }

  function post(record, csrf) {
    var body = new FormData();
    record.fields.forEach(function (pair) {
      if (pair[0] !== "csrf_token") { body.append(pair[0], pair[1]); }
    });
    record.files.forEach(function (pair) { body.append(pair[0], pair[1], pair[1].name); });
    body.append("csrf_token", csrf);
    body.append("client_id", record.client_id);
    body.append("saved_at", record.saved_at);
    return fetch(record.url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" }
    });
  }

  /* Stores the server's answer; true when the next record may be sent. */
  function settle(record, response) {
    var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
    if (json && (response.status === 200 || response.status === 201)) {
      return response.json().then(function (answer) {
        answer.what = record.what; answer.batch = record.batch; answer.when = record.when;
        answer.user = record.user; answer.saved_at = record.saved_at;
        return kv.set(record.client_id, answer, answered)
          .then(function () { return kv.del(record.client_id, waiting); })
          .then(function () { return true; });
      });
    }
    if (json && (response.status === 422 || response.status === 400)) {
      return response.json().then(function (answer) {
        record.problems = answer.errors || [];
        return kv.set(record.client_id, record, waiting).then(function () { return true; });
      });
    }
    if (response.status === 403 || response.status === 404) {
      record.problems = [words.forbidden];
      return kv.set(record.client_id, record, waiting).then(function () { return true; });
    }
    say(response.redirected ? words.signin : words.failed);
    return Promise.resolve(false);
  }

  function sendAll() {
    if (sending || !navigator.onLine) { return Promise.resolve(); }
    sending = true;
    return kv.values(waiting).then(function (all) {
      var queue = mine(all).filter(function (r) { return !r.problems.length; });
      if (!queue.length) { return; }
      say(words.sending);
      return token().then(function (csrf) {
        var next = function (i) {
          if (i >= queue.length) { say(""); return; }
          return post(queue[i], csrf).then(function (response) {
            return settle(queue[i], response);
          }).then(function (goOn) { return goOn ? next(i + 1) : undefined; });
        };
        return next(0);
      });
    }).catch(function (error) {
      say(error && error.message === words.signin ? words.signin : words.failed);
    }).then(function () {
      sending = false;
      return show();
    });
  }

  /* --- the list on /m/ -------------------------------------------------------------------- */

  function item(record, badge, lines) {
    var li = document.createElement("li");
    var head = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = record.what || "?";
    head.appendChild(strong);
    head.appendChild(document.createTextNode(" · " + record.batch + " · " + record.when + " "));
    var tag = document.createElement("span");
    tag.className = "badge";
    tag.textContent = badge;
    head.appendChild(tag);
    li.appendChild(head);
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.className = line[1];
      p.textContent = line[0];
      li.appendChild(p);
    });
    return li;
  }

  function reopenButton(record) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = words.edit;
    button.addEventListener("click", function () {
      sessionStorage.setItem("lensan-reopen", record.client_id);
      location.href = record.form;
    });
    return button;
  }

  function discardButton(record) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = words.discard;
    button.addEventListener("click", function () {
      if (window.confirm(words.confirm)) {
        kv.del(record.client_id, waiting).then(show);
      }
    });
    return button;
  }

  function show() {
    var box = document.querySelector("[data-offline-pending]");
    if (!box) { return Promise.resolve(); }
    return Promise.all([kv.values(waiting), kv.values(answered)]).then(function (lists) {
      var pending = mine(lists[0]);
      var done = mine(lists[1]).reverse();
      var list = box.querySelector("[data-waiting]");
      list.textContent = "";
      pending.forEach(function (record) {
        var problems = record.problems.map(function (p) { return [p, "field-error"]; });
        var files = record.files.length ? [[words.photos + " " + record.files.length, "hint"]] : [];
        var li = item(record, problems.length ? words.refused : words.waiting, files.concat(problems));
        if (problems.length) {
          if (record.form) { li.appendChild(reopenButton(record)); }
          li.appendChild(discardButton(record));
        }
        list.appendChild(li);
      });
      box.querySelector("[data-none]").hidden = pending.length > 0;
      box.querySelector("[data-send]").hidden = pending.length === 0;
      var sent = box.querySelector("[data-answered]");
      sent.textContent = "";
      done.slice(0, KEEP_ANSWERS).forEach(function (answer) {
        var lines = [[answer.message, "hint"]];
        if (answer.warning) { lines.push([answer.warning, "flash flash-warning"]); }
        sent.appendChild(item(answer, words.sent, lines));
      });
      box.querySelector("[data-answered-box]").hidden = done.length === 0;
      done.slice(KEEP_ANSWERS).forEach(function (old) { kv.del(old.client_id, answered); });
    });
  }

  /* With signal, the shell asks the service worker to keep the recent batches it lists
     (their event pages), so any of them can be recorded on later without signal. */
  function keepBatches() {
    if (!navigator.onLine || !("serviceWorker" in navigator)) { return; }
    var paths = Array.prototype.map.call(document.querySelectorAll("a[data-keep]"), function (a) {
      return new URL(a.href).pathname.replace(/\/events\/new$/, "");
    });
    var pages = Array.prototype.map.call(document.querySelectorAll("a[data-keep-page]"),
      function (a) { var url = new URL(a.href); return url.pathname + url.search; });
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) { registration.active.postMessage({ keep: paths, pages: pages }); }
    });
  }

  var box = document.querySelector("[data-offline-pending]");
  if (box) {
    keepBatches();
    box.hidden = false;
    if (sessionStorage.getItem("lensan-kept")) {
      sessionStorage.removeItem("lensan-kept");
      say(words.kept);
    } else if (!navigator.onLine) {
      say(words.offline);
    }
    box.querySelector("[data-send]").addEventListener("click", function () {
      if (!navigator.onLine) { say(words.offline); }
      sendAll();
    });
    show();
  }
  window.addEventListener("online", function () { sendAll(); });
  window.addEventListener("offline", function () { say(words.offline); });
  if (navigator.onLine) { sendAll(); }

  /* Signing out: the pages kept for this account go (what waits stays, for its owner). */
  document.querySelectorAll("form[data-sign-out]").forEach(function (form) {
    form.addEventListener("submit", function () {
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ forget: true });  /* outlives the page */
      } else if (window.caches) {
        caches.delete("lensan-pages");
      }
    });
  });
})();
