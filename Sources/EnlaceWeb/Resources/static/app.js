// Small enhancements only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Ask before archiving; the form itself still works without script.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  // Bring the error summary into view and focus so screen readers announce it.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
