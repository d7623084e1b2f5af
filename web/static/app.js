// Drumbeat's only script: it turns the dialogs into modal dialogs and keeps
// a running batch's progress current. Every page works without it (an
// "Add" link opens the same form on a page load).
"use strict";
document.addEventListener("click", (e) => {
  const opener = e.target.closest("[data-dialog]");
  if (opener) {
    const d = document.getElementById(opener.dataset.dialog);
    if (d && d.showModal) {
      e.preventDefault();
      d.showModal();
    }
    return;
  }
  const closer = e.target.closest("[data-close]");
  const d = closer && closer.closest("dialog");
  if (d) {
    e.preventDefault();
    d.close();
  }
});
// A dialog sent open (a form with errors) becomes modal too.
document.querySelectorAll("dialog[data-open]").forEach((d) => {
  if (d.showModal) {
    d.close();
    d.showModal();
  }
});

// A running batch's progress (an element with data-poll and no data-done)
// is replaced every second by the copy its address answers, until that copy
// says the batch is done. Without this script the page shows the progress
// as it was when it loaded.
setInterval(() => {
  document.querySelectorAll("[data-poll]:not([data-done]):not([data-busy])").forEach(async (el) => {
    el.dataset.busy = "1";
    try {
      const r = await fetch(el.dataset.poll, {credentials: "same-origin", headers: {"Accept": "text/html"}});
      if (r.ok) {
        const t = document.createElement("template");
        t.innerHTML = (await r.text()).trim();
        if (t.content.firstElementChild) {
          el.replaceWith(t.content.firstElementChild);
          return;
        }
      }
    } catch (_) {
      // The next tick tries again.
    }
    delete el.dataset.busy;
  });
}, 1000);

// A "check all" box (data-check-all="name") checks or clears every box of
// that name.
document.addEventListener("change", (e) => {
  const all = e.target.closest("[data-check-all]");
  if (all) {
    document.querySelectorAll(`input[type=checkbox][name="${all.dataset.checkAll}"]`).forEach((b) => { b.checked = all.checked; });
  }
});
// Leads: a part of a page that comes from its own URL (the charts, whose
// aggregates the table does not wait for); without script it is a link.
document.querySelectorAll("[data-fragment]").forEach((el) => {
  fetch(el.dataset.fragment, { credentials: "same-origin" })
    .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
    .then((html) => { el.innerHTML = html; })
    .catch(() => {});
});
// A merge token button types its token where the cursor is in its field.
document.addEventListener("click", (e) => {
  const b = e.target.closest("[data-token]");
  const f = b && document.getElementById(b.dataset.target);
  if (!f) return;
  const at = f.selectionStart ?? f.value.length;
  f.value = f.value.slice(0, at) + b.dataset.token + f.value.slice(f.selectionEnd ?? at);
  f.focus();
  f.selectionStart = f.selectionEnd = at + b.dataset.token.length;
});
