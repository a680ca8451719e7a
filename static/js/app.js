// Small conveniences; every page works without them.
(function () {
  "use strict";

  // Live countdowns: <time class="countdown" data-deadline="ISO">…</time>. Same words as the
  // server renders: "2 days 4 h left", "45 min left", "overdue by 3 h".
  function phrase(ms) {
    var total = Math.floor(Math.abs(ms) / 1000);
    var days = Math.floor(total / 86400);
    var hours = Math.floor((total % 86400) / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var parts = [];
    if (days) parts.push(days + (days === 1 ? " day" : " days"));
    if (hours) parts.push(hours + " h");
    if (!days && minutes) parts.push(minutes + " min");
    return parts.join(" ") || "less than a minute";
  }

  function urgency(ms) {
    if (ms <= 0) return "overdue";
    if (ms <= 6 * 3600e3) return "critical";
    if (ms <= 24 * 3600e3) return "soon";
    return "ok";
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("time.countdown[data-deadline]").forEach(function (el) {
      var ms = new Date(el.dataset.deadline).getTime() - now;
      el.textContent = ms > 0 ? phrase(ms) + " left" : "overdue by " + phrase(ms);
      var wrap = el.closest(".countdown-wrap");
      if (wrap) {
        wrap.className = wrap.className.replace(/urgency-\w+/, "urgency-" + urgency(ms));
        // The bar of how much of the window is used moves on with the clock too.
        var bar = wrap.querySelector("progress[data-window-start]");
        if (bar && bar.dataset.windowStart) {
          var start = new Date(bar.dataset.windowStart).getTime();
          var end = new Date(el.dataset.deadline).getTime();
          if (end > start) {
            var used = Math.round((100 * (now - start)) / (end - start));
            bar.value = Math.max(0, Math.min(100, used));
          }
        }
      }
    });
    // A status badge whose window closes changes with it: "Pending" becomes "Expired".
    document.querySelectorAll(".badge[data-until]").forEach(function (el) {
      if (new Date(el.dataset.until).getTime() <= now) {
        el.className = "badge " + el.dataset.then;
        el.textContent = el.dataset.thenLabel;
        el.removeAttribute("data-until");
      }
    });
  }

  // How long until the next tick is due: when the first of the countdowns' words changes
  // (they count whole minutes, so one minute either side of the deadline at a time, and
  // "left" becomes "overdue by" at the deadline itself), when the first badge's window
  // closes, and every 30 seconds at the latest, for the bars.
  function untilNextChange(now) {
    var wait = 30000;
    document.querySelectorAll("time.countdown[data-deadline]").forEach(function (el) {
      var ms = new Date(el.dataset.deadline).getTime() - now;
      if (isNaN(ms)) return;
      wait = Math.min(wait, ms > 0 ? (ms % 60000) + 1 : 60000 - (-ms % 60000));
    });
    document.querySelectorAll(".badge[data-until]").forEach(function (el) {
      var ms = new Date(el.dataset.until).getTime() - now;
      if (ms > 0) wait = Math.min(wait, ms);
    });
    return wait;
  }

  function keepTicking() {
    tick();
    setTimeout(keepTicking, untilNextChange(Date.now()));
  }

  // Confirmation for irreversible actions: <form data-confirm="Decline this invitation?">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // Guard against double submission: a form posts once. A search (GET) may go again.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") return;
    if (form.dataset.submitted) { event.preventDefault(); return; }
    form.dataset.submitted = "1";
  });
  // A create form's one-time token (kit/once.py) is remembered for this tab when the form
  // is sent, with the values it carried. Back to the page loads it afresh, with a new
  // token, while the browser puts the typed values back. Sent again unchanged, the form
  // goes with the token it was first sent with: the server recognises it, saves nothing
  // more and says where the first save went. Changed, it goes with the new token, as a new
  // record.
  var onceKey = "once:" + location.pathname + location.search;
  function typedValues(form) {
    var values = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "once" && name !== "csrfmiddlewaretoken" && typeof value === "string") {
        values.push([name, value]);
      }
    });
    return JSON.stringify(values);
  }
  function remembered() {
    try { return JSON.parse(sessionStorage.getItem(onceKey) || "null"); } catch (error) { return null; }
  }
  var arrival = (performance.getEntriesByType && performance.getEntriesByType("navigation")[0]) || {};
  var resent = arrival.type === "back_forward" ? remembered() : null;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var token = form.querySelector && form.querySelector("input[name=once]");
    if (event.defaultPrevented || !token) return;
    var values = typedValues(form);
    if (resent && resent.values === values) token.value = resent.token;
    try {
      sessionStorage.setItem(onceKey, JSON.stringify({token: token.value, values: values}));
    } catch (error) { /* storage off: the guard still stops a double click */ }
  });
  // A page the browser restores on Back (its back/forward cache) is shown again as it was
  // left, marks included: its forms may be sent again, as after a fresh load.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
    });
  });

  // Fill a field from a button: <button type="button" data-fill="#id_acknowledgment" data-value="Thank you">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-fill]");
    if (!button) return;
    var target = document.querySelector(button.dataset.fill);
    if (target) { target.value = button.dataset.value; target.focus(); }
  });

  // Drop zones: <div data-drop-zone> around a file input takes a file dropped on it.
  function dropZones() {
    document.querySelectorAll("[data-drop-zone]").forEach(function (zone) {
      var input = zone.querySelector("input[type=file]");
      if (!input) return;
      ["dragenter", "dragover"].forEach(function (name) {
        zone.addEventListener(name, function (event) {
          event.preventDefault();
          zone.classList.add("dragging");
        });
      });
      ["dragleave", "drop"].forEach(function (name) {
        zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
      });
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        if (event.dataTransfer && event.dataTransfer.files.length) {
          input.files = event.dataTransfer.files;
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    });
  }

  // Character counters: <textarea data-limit="5000"> gets a live "n / 5000" after it.
  // 5,000, as the help text beside a field writes its limit (not every browser's locale data
  // groups digits).
  function grouped(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function counters() {
    document.querySelectorAll("[data-limit]").forEach(function (field) {
      var limit = parseInt(field.dataset.limit, 10);
      var out = document.createElement("small");
      out.className = "counter";
      out.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", out);
      function update() {
        // Code points, as the server counts them (an emoji is one), with line breaks as one.
        var n = Array.from(field.value.replace(/\r\n/g, "\n")).length;
        out.textContent = grouped(n) + " / " + grouped(limit) + " characters";
        out.classList.toggle("over", n > limit);
      }
      field.addEventListener("input", update);
      update();
    });
  }

  // Browser time zone for a fresh sign-up: <select data-detect-timezone>.
  function detectZone() {
    document.querySelectorAll("[data-detect-timezone]").forEach(function (field) {
      if (field.dataset.touched) return;
      try {
        var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        // Browsers may still report an old name (Asia/Calcutta): use the zone's name today.
        var links = JSON.parse(field.dataset.zoneLinks || "{}");
        if (zone && links[zone]) zone = links[zone];
        if (zone && field.querySelector('option[value="' + zone + '"]')) field.value = zone;
        else if (zone && field.tagName === "INPUT") field.value = zone;
      } catch (e) { /* keep the server's default */ }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    keepTicking();
    counters();
    dropZones();
    detectZone();
  });
})();

// --- Proposals and offers pages -------------------------------------------------------------
(function () {
  "use strict";

  // Live template preview: the same plain {name} substitution as ProposalTemplate.render.
  // User text only ever goes in through textContent.
  var PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

  function fill(text, values, unknown) {
    return text.replace(PLACEHOLDER, function (match, name) {
      if (Object.prototype.hasOwnProperty.call(values, name)) return values[name];
      unknown[name] = true;
      return match;
    });
  }

  function templatePreview(box) {
    var values = JSON.parse(box.dataset.values || "{}");
    var field = function (name) { return document.querySelector('[data-preview="' + name + '"]'); };
    var inputs = { invitation: field("invitation"), job_post: field("job_post"), body: field("body") };
    if (!inputs.body) return;
    function update() {
      var unknown = {};
      ["invitation", "job_post"].forEach(function (kind) {
        var parts = [inputs[kind] ? inputs[kind].value : "", inputs.body.value]
          .map(function (part) { return part.trim(); })
          .filter(function (part) { return part; });
        var out = box.querySelector('[data-preview-out="' + kind + '"]');
        if (out) out.textContent = fill(parts.join("\n\n"), values, unknown);
      });
      var names = Object.keys(unknown).sort();
      var note = box.querySelector("[data-preview-unknown]");
      var list = box.querySelector("[data-preview-unknown-list]");
      if (note && list) {
        list.textContent = names.map(function (n) { return "{" + n + "}"; }).join(", ");
        note.hidden = names.length === 0;
      }
    }
    Object.keys(inputs).forEach(function (key) {
      if (inputs[key]) inputs[key].addEventListener("input", update);
    });
  }

  // Contract type: show the hourly or the fixed-price section for the chosen radio.
  function contractSections(choice) {
    var form = choice.closest("form");
    function update() {
      var checked = choice.querySelector("input[type=radio]:checked");
      form.querySelectorAll("[data-contract-section]").forEach(function (section) {
        // A section with something typed in stays visible, so it can be seen and cleared.
        var filled = Array.prototype.some.call(
          section.querySelectorAll("input:not([type=hidden]), textarea"),
          function (input) { return input.value; }
        );
        section.hidden = Boolean(checked) && !filled &&
          section.dataset.contractSection !== checked.value;
      });
    }
    choice.addEventListener("change", update);
    update();
  }

  // Milestones: one more row of the formset's empty form for each click, as many as the
  // formset takes (its MAX_NUM_FORMS); the server adds no row by itself.
  function addMilestone(button) {
    var section = button.closest("[data-contract-section]");
    var rows = section.querySelector("[data-milestone-rows]");
    var template = section.querySelector("[data-milestone-template]");
    var total = section.querySelector('input[name$="-TOTAL_FORMS"]');
    var most = section.querySelector('input[name$="-MAX_NUM_FORMS"]');
    if (!rows || !template || !total) return;
    var index = parseInt(total.value, 10);
    if (most && index >= parseInt(most.value, 10)) return;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var first = rows.lastElementChild.querySelector("input:not([type=hidden])");
    if (first) first.focus();
  }

  // A part of the page that follows work in the queue: <div id="…" data-poll="seconds">.
  // Its fresh copy is fetched and put in its place until it no longer asks to be polled.
  function poll(box) {
    var seconds = Number(box.dataset.poll) || 2;
    window.setTimeout(function () {
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(box.id);
          if (!fresh) return;
          box.replaceWith(fresh);
          if (fresh.dataset.poll) poll(fresh);
        })
        .catch(function () { poll(box); });
    }, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[id][data-poll]").forEach(poll);
    document.querySelectorAll("[data-add-milestone]").forEach(function (button) {
      button.addEventListener("click", function () { addMilestone(button); });
    });
    document.querySelectorAll("[data-template-preview]").forEach(templatePreview);
    document.querySelectorAll("[data-contract-choice]").forEach(contractSections);
    // Controls that only work with JavaScript stay hidden without it.
    document.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });
  });

  // The installable app's worker: the offline page instead of the browser's error.
  var worker = document.documentElement.dataset.serviceWorker;
  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker).catch(function () {});
  }
})();
