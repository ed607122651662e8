/* "Should I accept this request?": shows one question at a time; each answer (data-next) shows the
   next question or an outcome. The questions and outcomes are in the page, drawn at build time from
   checklists/decisions/incoming-request.yml. Nothing is saved or sent. Loaded only on that page. */
(() => {
  "use strict";

  const init = (root) => {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    const nodes = new Map([...root.querySelectorAll("[data-node]")].map((el) => [el.dataset.node, el]));
    const status = root.querySelector("[data-status]");
    const restart = root.querySelector("[data-restart]");
    const title = (el) => (el.matches("fieldset") ? el.querySelector("legend") : el.querySelector("h2")).textContent.trim();

    /* Show the path the checked answers lead along, from the start to a question or an outcome. */
    const follow = () => {
      for (const el of nodes.values()) el.hidden = true;
      let el = nodes.get(root.dataset.start);
      const seen = new Set();
      while (el && !seen.has(el)) {
        seen.add(el);
        el.hidden = false;
        const chosen = el.querySelector("input[data-next]:checked");
        if (!chosen) break;
        el = nodes.get(chosen.dataset.next);
      }
      /* Nothing to start again from before the first answer. */
      restart.hidden = !root.querySelector("input[data-next]:checked");
      return el;
    };

    root.addEventListener("change", (e) => {
      const fieldset = e.target.closest("fieldset[data-node]");
      if (!fieldset) return;
      /* A changed answer makes the later answers moot: keep the ones up to here, clear the rest. */
      const keep = new Set();
      let el = nodes.get(root.dataset.start);
      while (el && !keep.has(el)) {
        keep.add(el);
        if (el === fieldset) break;
        const chosen = el.querySelector("input:checked");
        el = chosen && nodes.get(chosen.dataset.next);
      }
      for (const other of nodes.values()) {
        if (keep.has(other)) continue;
        for (const input of other.querySelectorAll("input:checked")) input.checked = false;
      }
      const end = follow();
      status.textContent = end.matches("fieldset") ? `Next question: ${title(end)}` : `Suggestion: ${title(end)}`;
    });

    restart.addEventListener("click", () => {
      for (const input of root.querySelectorAll("input:checked")) input.checked = false;
      follow();
      status.textContent = "Started again.";
      root.querySelector("input[data-next]").focus();
    });

    root.hidden = false;
    document.querySelectorAll(".cwc-needs-js").forEach((el) => { el.hidden = true; });
    follow();
  };

  document.querySelectorAll('[data-cwc-tool="decide"]').forEach(init);
})();
