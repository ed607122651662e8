/* Checklists: ticks kept in localStorage as cwc:v1:<checklist-id> = {"item-id": true}, a
   "n of N done" count, Reset. No dependencies; without it the checkboxes still work. */
(() => {
  "use strict";
  const PREFIX = "cwc:v1:";
  const ready = new WeakSet();

  // Blocked storage throws on access; full or private storage throws on write.
  const storage = () => {
    try { return localStorage; } catch (e) { return null; }
  };
  const writable = () => {
    try { storage().setItem("cwc:probe", 1); storage().removeItem("cwc:probe"); return true; } catch (e) { return false; }
  };

  // Stored ticks; anything unreadable (bad JSON, wrong type) counts as none.
  const load = (id) => {
    let v;
    try { v = JSON.parse(storage().getItem(PREFIX + id)); } catch (e) { /* none */ }
    return v && typeof v === "object" && !Array.isArray(v) ? v : {};
  };

  // Merge one change into what is stored now, so another tab's ticks (and those of
  // items since removed) survive. False if it could not be saved.
  const save = (id, item, on) => {
    const v = load(id);
    if (on) v[item] = true; else delete v[item];
    try {
      if (Object.keys(v).length) storage().setItem(PREFIX + id, JSON.stringify(v));
      else storage().removeItem(PREFIX + id);
      return true;
    } catch (e) { return false; }
  };

  const boxes = (form) => form.querySelectorAll("input[type=checkbox][data-item]");

  // Set the boxes from storage (if asked) and update the count.
  const show = (form, fromStorage) => {
    const ticks = fromStorage && load(form.dataset.checklist);
    let done = 0;
    for (const box of boxes(form)) {
      if (ticks) box.checked = ticks[box.dataset.item] === true;
      done += box.checked;
    }
    const count = form.querySelector("[data-done]");
    if (count && count.textContent != done) count.textContent = done;
  };

  const init = (form) => {
    if (ready.has(form)) return; // document$ can emit again for the same page
    ready.add(form);
    const id = form.dataset.checklist;
    const note = form.querySelector(".cwc-storage-note");
    const warn = () => note && (note.hidden = false);
    if (!writable()) warn();
    show(form, !!storage());
    form.classList.add("cwc-live");
    form.addEventListener("change", (e) => {
      const item = e.target.dataset && e.target.dataset.item;
      if (item && !save(id, item, e.target.checked)) warn();
      show(form);
    });
    form.addEventListener("reset", (e) => {
      e.preventDefault();
      for (const box of boxes(form)) box.checked = false;
      try { storage().removeItem(PREFIX + id); } catch (err) { /* nothing saved */ }
      show(form);
    });
  };

  const forms = () => document.querySelectorAll("form.cwc-checklist[data-checklist]");
  const start = () => forms().forEach(init);
  const refresh = () => forms().forEach((f) => ready.has(f) && show(f, true));

  // A tick in another tab; a page coming back from the back/forward cache.
  addEventListener("storage", (e) => (e.key === null || e.key.startsWith(PREFIX)) && refresh());
  addEventListener("pageshow", (e) => e.persisted && refresh());

  // Print pages lack Material's layout: keep clicks on their links from its instant
  // navigation (it listens on body), so the browser loads them.
  document.addEventListener("click", (e) => {
    if (e.target.closest && e.target.closest('a[href$="/print/"], a[href$="/print.html"]')) e.stopPropagation();
  }, true);

  // Material's instant navigation swaps pages without rerunning scripts; document$ emits each time.
  if (window.document$) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
