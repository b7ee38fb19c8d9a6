/* PTĐV's own script: dates typed dd/mm/yyyy with a calendar button, times as 24-hour HH:MM,
   tables that scroll in their box reachable by the keyboard, and a refused form or the
   address's anchor brought into view (unfolded, below the messages). No framework; works
   without it too (the server accepts what is typed). Every behaviour of the pages lives here,
   bound by data attributes: the Content Security Policy refuses inline scripts and handlers
   (onclick=…). */
(function () {
  "use strict";

  function pad(n) { return String(n).padStart(2, "0"); }

  // 14032026, 14.3.2026, 14-3-2026, 14/3/2026 → 14/03/2026; anything else is left as typed.
  function tidyDate(value) {
    var v = value.trim(), m = v.match(/^(\d{2})(\d{2})(\d{4})$/) ||
      v.match(/^(\d{1,2})[./\- ](\d{1,2})[./\- ](\d{4})$/);
    return m ? pad(m[1]) + "/" + pad(m[2]) + "/" + m[3] : v;
  }

  // 1430, 14h30, 14.30, 9:5 → 14:30, 09:05; anything else is left as typed.
  function tidyTime(value) {
    var v = value.trim(), m = v.match(/^(\d{1,2})(\d{2})$/) ||
      v.match(/^(\d{1,2})[:hH. ](\d{1,2})$/);
    return m ? pad(m[1]) + ":" + pad(m[2]) : v;
  }

  function toIso(value) {
    var m = tidyDate(value).match(/^(\d{2})\/(\d{2})\/(\d{4})$/);
    return m ? m[3] + "-" + m[2] + "-" + m[1] : (value.match(/^\d{4}-\d{2}-\d{2}$/) ? value : "");
  }

  function fromIso(value) {
    var m = value.match(/^(\d{4})-(\d{2})-(\d{2})$/);
    return m ? m[3] + "/" + m[2] + "/" + m[1] : "";
  }

  function tidyOnChange(input, tidy) {
    input.addEventListener("change", function () {
      var tidied = tidy(input.value);
      if (tidied !== input.value) { input.value = tidied; }
    });
  }

  // The calendar: the browser's own date picker (keyboard-usable), opened by a button, its
  // choice written back as dd/mm/yyyy; the text input stays the field that is sent.
  function addCalendar(input) {
    var group = document.createElement("div");
    group.className = "input-group flex-nowrap ptdv-date" +
      (input.classList.contains("form-control-sm") ? " input-group-sm" : "") +
      (input.classList.contains("is-invalid") ? " is-invalid" : "");
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);
    var picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.className = "ptdv-picker";
    picker.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary";
    button.setAttribute("aria-label", input.dataset.calendarLabel || "Calendar");
    button.title = button.getAttribute("aria-label");
    button.innerHTML = '<i class="bi bi-calendar3" aria-hidden="true"></i>';
    group.appendChild(button);
    group.appendChild(picker);
    button.addEventListener("click", function () {
      picker.value = toIso(input.value);
      picker.showPicker();
    });
    picker.addEventListener("change", function () {
      if (!picker.value) { return; }
      input.value = fromIso(picker.value);
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    });
  }

  function enhance(root) {
    var canPick = "showPicker" in HTMLInputElement.prototype;
    root.querySelectorAll("input[data-ptdv-date]:not([data-ptdv-ready])").forEach(function (input) {
      input.dataset.ptdvReady = "";
      tidyOnChange(input, tidyDate);
      if (canPick) { addCalendar(input); }
    });
    root.querySelectorAll("input[data-ptdv-time]:not([data-ptdv-ready])").forEach(function (input) {
      input.dataset.ptdvReady = "";
      tidyOnChange(input, tidyTime);
    });
    // A field to copy from (the password link) is selected whole when it gets the focus.
    root.querySelectorAll("input[data-ptdv-select]:not([data-ptdv-ready])").forEach(function (input) {
      input.dataset.ptdvReady = "";
      input.addEventListener("focus", function () { input.select(); });
    });
  }

  // A table wider than its box scrolls inside it (.table-responsive): the box then takes the
  // keyboard's focus, so that the arrow keys scroll it too; a box that fits is no tab stop.
  function scrollableByKeyboard(root) {
    var boxes = Array.from(root.querySelectorAll(".table-responsive"));
    if (root.matches && root.matches(".table-responsive")) { boxes.push(root); }
    boxes.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.tabIndex = 0;
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }

  // Bring `target` into view below the messages, unfolding its <details>; put the cursor in
  // its first field with an error (or its first field) when it is a form or a folded card.
  function reveal(target, focus) {
    var details = target.closest("details");
    if (details) { details.open = true; }
    var messages = document.querySelector(".ptdv-messages");
    var top = messages ? messages.offsetHeight : 0;
    document.documentElement.style.setProperty("--ptdv-top", (top + 16) + "px");
    // The whole card, its title included; then the field, if the card is taller than the screen.
    (target.closest(".card") || target).scrollIntoView({ block: "start", behavior: "instant" });
    if (!focus) { return; }
    var field = target.querySelector(".is-invalid, [aria-invalid=true]") ||
      target.querySelector("input:not([type=hidden]), select, textarea");
    if (field) { field.focus(); }
  }

  function revealHash() {
    var id = decodeURIComponent(location.hash.slice(1)), target = id && document.getElementById(id);
    if (target) { reveal(target, target.matches("form, details")); }
  }

  // A refused form (data-ptdv-refused) wins over the anchor of the address.
  function revealOnLoad() {
    var refused = document.querySelector("[data-ptdv-refused]");
    if (refused) { reveal(refused, true); } else { revealHash(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    scrollableByKeyboard(document);
  });
  window.addEventListener("resize", function () { scrollableByKeyboard(document); });
  // A folded card's tables are measured once it opens (toggle does not bubble).
  document.addEventListener("toggle", function (event) {
    if (event.target.open) { scrollableByKeyboard(event.target); }
  }, true);
  // After the browser's own move to the address's anchor, which would take the focus back.
  window.addEventListener("load", function () { setTimeout(revealOnLoad, 0); });
  window.addEventListener("hashchange", revealHash);
  document.addEventListener("htmx:load", function (event) {
    enhance(event.detail.elt);
    scrollableByKeyboard(event.detail.elt);
  });
})();
