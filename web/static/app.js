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
