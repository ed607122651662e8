/* Checklist builder: the reader's situation and moments pick items from every checklist. The choice
   lives in the address, #for=job-seeker,recruiter&at=pre-connect,incoming-request, so a personal
   checklist can be bookmarked and shared. Ticks use the checklists' own keys (cwc:v1:<checklist-id>),
   so they are the same here and on each checklist's page. Without this script the page shows every
   checklist in full. Loaded only on the builder page. */
(() => {
  "use strict";
  const PREFIX = "cwc:v1:";
  const MIN = 5; /* a checklist keeps 5 to 9 items */

  const stored = (id) => {
    try {
      const v = JSON.parse(window.localStorage.getItem(PREFIX + id));
      return v && typeof v === "object" && !Array.isArray(v) ? v : null;
    } catch (e) {
      return null;
    }
  };

  /* "#for=a,b&at=c" -> {for: [a, b], at: [c]}, keeping only values the page offers. */
  const parse = (hash, offered) => {
    const choice = { for: [], at: [] };
    for (const part of hash.replace(/^#/, "").split("&")) {
      const [key, value = ""] = part.split("=");
      if (key !== "for" && key !== "at") continue; /* never "constructor", "__proto__", ... */
      let values;
      try { values = decodeURIComponent(value).split(","); } catch (e) { values = []; }
      choice[key] = offered[key].filter((v) => values.includes(v));
    }
    return choice;
  };

  const format = (choice) =>
    ["for", "at"].filter((k) => choice[k].length).map((k) => `${k}=${choice[k].join(",")}`).join("&");

  /* The items of one checklist for these situations, in checklist order: those for everyone or for a
     chosen situation; topped up with the others, in order, to the minimum of 5. */
  const pick = (items, situations) => {
    if (!situations.length) return items;
    const fits = (li) => {
      const tags = (li.dataset.tags || "").split(" ").filter(Boolean);
      return !tags.length || tags.includes("everyone") || tags.some((t) => situations.includes(t));
    };
    const chosen = new Set(items.filter(fits));
    for (const li of items) {
      if (chosen.size >= MIN) break;
      chosen.add(li);
    }
    return items.filter((li) => chosen.has(li));
  };

  const init = (root) => {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    const chooser = root.querySelector(".cwc-builder-choose");
    const boxes = { for: [...root.querySelectorAll("[data-for]")], at: [...root.querySelectorAll("[data-at]")] };
    const offered = { for: boxes.for.map((b) => b.value), at: boxes.at.map((b) => b.value) };
    const groups = [...root.querySelectorAll("[data-group]")].map((section) => {
      const list = section.querySelector(".cwc-items");
      return { id: section.dataset.group, section, list, form: section.querySelector("form"), items: [...list.children] };
    });
    const summary = root.querySelector("[data-summary]");
    const copyStatus = root.querySelector("[data-copy-status]");

    const current = () => ({
      for: boxes.for.filter((b) => b.checked).map((b) => b.value),
      at: boxes.at.filter((b) => b.checked).map((b) => b.value),
    });

    const show = (choice) => {
      for (const key of ["for", "at"]) for (const b of boxes[key]) b.checked = choice[key].includes(b.value);
      let total = 0;
      let shown = 0;
      for (const g of groups) {
        const on = !choice.at.length || choice.at.includes(g.id);
        g.section.hidden = !on;
        const keep = pick(g.items, choice.for);
        const ticks = stored(g.id);
        /* Detach what is left out, so the page's tick count and print only see the chosen items. */
        g.list.replaceChildren(...keep);
        let done = 0;
        for (const li of keep) {
          const box = li.querySelector("input[data-item]");
          if (ticks) box.checked = ticks[box.dataset.item] === true;
          done += box.checked;
        }
        g.form.querySelector("[data-done]").textContent = done;
        g.form.querySelector("[data-total]").textContent = keep.length;
        if (on) total += keep.length, shown += 1;
      }
      summary.textContent = `Your checklist: ${total} items at ${shown} ${shown === 1 ? "moment" : "moments"}.`;
    };

    const apply = () => {
      const choice = current();
      const hash = format(choice);
      /* Replace, not push: each tick of a box is not a page to go back to. */
      history.replaceState(history.state, "", hash ? `#${hash}` : location.pathname + location.search);
      show(choice);
    };

    chooser.addEventListener("change", apply);
    /* An address typed, pasted or opened from a bookmark while the page is open. */
    addEventListener("hashchange", () => root.isConnected && show(parse(location.hash, offered)));
    root.querySelector("[data-print]").addEventListener("click", () => window.print());
    root.querySelector("[data-copy-link]").addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(location.href);
        copyStatus.textContent = "Link copied.";
      } catch (e) {
        copyStatus.textContent = "Copying was not allowed: copy the address from the address bar.";
      }
    });
    /* Keep the count right when the tick script or another tab changes ticks. */
    root.addEventListener("change", (e) => {
      if (!e.target.dataset.item) return;
      const form = e.target.form;
      form.querySelector("[data-done]").textContent = form.querySelectorAll("input[data-item]:checked").length;
    });

    chooser.hidden = false;
    document.querySelectorAll(".cwc-needs-js").forEach((el) => { el.hidden = true; });
    show(parse(location.hash, offered));
  };

  document.querySelectorAll('[data-cwc-tool="builder"]').forEach(init);
})();
