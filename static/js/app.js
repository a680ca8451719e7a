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
      }
    });
  }

  // Confirmation for irreversible actions: <form data-confirm="Decline this invitation?">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // Guard against double submission: a form posts once.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented) return;
    if (form.dataset.submitted) { event.preventDefault(); return; }
    form.dataset.submitted = "1";
  });

  // Fill a field from a button: <button type="button" data-fill="#id_acknowledgment" data-value="Thank you">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-fill]");
    if (!button) return;
    var target = document.querySelector(button.dataset.fill);
    if (target) { target.value = button.dataset.value; target.focus(); }
  });

  // Character counters: <textarea data-limit="5000"> gets a live "n / 5000" after it.
  function counters() {
    document.querySelectorAll("[data-limit]").forEach(function (field) {
      var limit = parseInt(field.dataset.limit, 10);
      var out = document.createElement("small");
      out.className = "counter";
      out.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", out);
      function update() {
        var n = field.value.length;
        out.textContent = n + " / " + limit + " characters";
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
        if (zone && field.querySelector('option[value="' + zone + '"]')) field.value = zone;
        else if (zone && field.tagName === "INPUT") field.value = zone;
      } catch (e) { /* keep the server's default */ }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    tick();
    setInterval(tick, 30000);
    counters();
    detectZone();
  });
})();
