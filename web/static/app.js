// Drumbeat's only script: it turns the dialogs into modal dialogs. Every
// page works without it (an "Add" link opens the same form on a page load).
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
// Leads: a part of a page that comes from its own URL (the charts, whose
// aggregates the table does not wait for); without script it is a link.
document.querySelectorAll("[data-fragment]").forEach((el) => {
  fetch(el.dataset.fragment, { credentials: "same-origin" })
    .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
    .then((html) => { el.innerHTML = html; })
    .catch(() => {});
});
// A "select all" box ticks every box of its name on the page.
document.addEventListener("change", (e) => {
  const all = e.target.closest("[data-select-all]");
  if (!all) return;
  document.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`).forEach((b) => { b.checked = all.checked; });
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
