// Comfort only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Redraw the map as soon as a day is picked.
  const asOf = document.getElementById("as_of");
  if (asOf && asOf.form) {
    asOf.addEventListener("change", () => { if (asOf.value) asOf.form.submit(); });
  }
  // Keep the reviewer's name from one review form to the next without a round trip.
  const reviewer = document.querySelector("form.review input[name=reviewer]");
  if (reviewer) {
    if (!reviewer.value) reviewer.value = localStorage.getItem("stancemap-reviewer") || "";
    reviewer.form.addEventListener("submit", () => {
      localStorage.setItem("stancemap-reviewer", reviewer.value);
    });
  }
});
