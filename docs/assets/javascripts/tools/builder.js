/* Checklist builder: the reader's situation and moments pick items from every checklist. The choice
   lives in the address, #for=job-seeker,recruiter&at=pre-connect,incoming-request, so a personal
   checklist can be bookmarked and shared. Ticks use the checklists' own keys (cwc:v1:<checklist-id>),
   so they are the same here and on each checklist's page. They are kept as checklists.js keeps them
   (this page does not load it: the weight budget): a tick is merged into what is stored now, so other
   tabs' ticks and unknown items survive, and nothing is written after a read that failed. An item
   marked "Doesn't apply" (its second box, data-na) is stored as "na" and counts as done.
   Without this script the page shows every checklist in full. Loaded only on the builder page. */
(() => {
  "use strict";
  const KEY = "cwc:v1:";

  /* One checklist's stored ticks; {} when there are none or they are unusable, null when storage
     cannot be read at all (blocked). */
  const stored = (id) => {
    let v;
    try { v = localStorage.getItem(KEY + id); } catch (e) { return null; }
    /* Not JSON: v stays a string, so none. */
    try { v = JSON.parse(v); } catch (e) {}
    return v && typeof v === "object" && !Array.isArray(v) ? v : {};
  };
  /* Whether the tick (true, "na" or false) was saved. */
  const save = (id, item, on) => {
    const v = stored(id);
    if (!v) return false;
    if (on) v[item] = on; else delete v[item];
    try {
      Object.keys(v).length ? localStorage.setItem(KEY + id, JSON.stringify(v)) : localStorage.removeItem(KEY + id);
      return true;
    } catch (e) { return false; }
  };

  /* "#for=a,b&at=c" -> {for: [a, b], at: [c]}, keeping only values the page offers. */
  const parse = (hash, offered) => {
    const choice = { for: [], at: [] };
    for (const part of hash.replace(/^#/, "").split("&")) {
      const [key, value = ""] = part.split("=");
      /* never "constructor", "__proto__", ... */
      if (key !== "for" && key !== "at") continue;
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
      /* a checklist keeps 5 to 9 items */
      if (chosen.size >= 5) break;
      chosen.add(li);
    }
    return items.filter((li) => chosen.has(li));
  };

  const count = (form) => {
    form.querySelector("[data-done]").textContent = form.querySelectorAll("input:checked").length;
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
    const selfLink = root.querySelector("[data-self-link]");

    const current = () => ({
      for: boxes.for.filter((b) => b.checked).map((b) => b.value),
      at: boxes.at.filter((b) => b.checked).map((b) => b.value),
    });

    const show = (choice) => {
      for (const key of ["for", "at"]) for (const b of boxes[key]) b.checked = choice[key].includes(b.value);
      let total = 0, shown = 0;
      for (const g of groups) {
        const on = !choice.at.length || choice.at.includes(g.id);
        g.section.hidden = !on;
        const keep = pick(g.items, choice.for);
        /* Detach what is left out, so the page's tick count and print only see the chosen items. */
        g.list.replaceChildren(...keep);
        g.form.querySelector("[data-total]").textContent = keep.length;
        const ticks = stored(g.id);
        /* A tick is stored as true, a "Doesn't apply" (data-na) as "na". */
        if (ticks) for (const box of g.form.querySelectorAll("input")) box.checked = ticks[box.dataset.na || box.dataset.item] === (!box.dataset.na || "na");
        count(g.form);
        if (on) total += keep.length, shown += 1;
      }
      summary.textContent = `Your checklist: ${total} items at ${shown} ${shown === 1 ? "moment" : "moments"}.`;
      /* The printout says where to open this checklist again. */
      selfLink.textContent = selfLink.href = location.href;
    };

    const apply = () => {
      const choice = current();
      const hash = format(choice);
      /* Replace, not push: each tick of a box is not a page to go back to. */
      history.replaceState(history.state, "", hash ? `#${hash}` : location.pathname + location.search);
      show(choice);
    };

    chooser.addEventListener("change", apply);
    let writable = true;
    try { localStorage.setItem("cwc:probe", 1); localStorage.removeItem("cwc:probe"); } catch (e) { writable = false; }
    for (const { id, form } of groups) {
      const note = form.querySelector(".cwc-storage-note");
      note.hidden = writable;
      form.addEventListener("change", ({ target: t }) => {
        /* Ticking an item clears its "Doesn't apply", and the other way round. */
        if (t.checked) for (const box of t.closest("li").querySelectorAll("input")) box.checked = box == t;
        if (!save(id, t.dataset.na || t.dataset.item, t.checked && (!t.dataset.na || "na"))) note.hidden = false;
        count(form);
      });
      form.classList.add("cwc-live");
    }
    /* A tick in another tab; a page back from the back/forward cache. */
    const refresh = () => root.isConnected && show(parse(location.hash, offered));
    addEventListener("storage", (e) => (!e.key || e.key.startsWith(KEY)) && refresh());
    addEventListener("pageshow", (e) => e.persisted && refresh());
    /* An address typed, pasted or opened from a bookmark while the page is open. */
    addEventListener("hashchange", refresh);
    root.querySelector("[data-print]").addEventListener("click", () => window.print());
    root.querySelector("[data-copy-link]").addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(location.href);
        copyStatus.textContent = "Link copied.";
      } catch (e) {
        copyStatus.textContent = "Copying was not allowed: copy the address from the address bar.";
      }
    });
    chooser.hidden = false;
    document.querySelectorAll(".cwc-needs-js").forEach((el) => { el.hidden = true; });
    show(parse(location.hash, offered));
  };

  document.querySelectorAll('[data-cwc-tool="builder"]').forEach(init);
})();
