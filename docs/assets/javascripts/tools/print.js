/* "Print" buttons (data-cwc-print): shown once this script runs, they open the browser's print
   dialog, where the page can also be saved as a PDF. */
(() => {
  "use strict";
  for (const button of document.querySelectorAll("button[data-cwc-print]")) {
    if (button.dataset.ready) continue;
    button.dataset.ready = "1";
    button.addEventListener("click", () => window.print());
    button.hidden = false;
  }
})();
