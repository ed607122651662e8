/* Checklists: keeps ticks in localStorage under cwc:v1:<checklist-id> as {itemId: true},
   counts what is done and resets. No dependencies; without it the checkboxes still work. */
(() => {
  "use strict";
  const PREFIX = "cwc:v1:";
  const FORMS = "form.cwc-checklist[data-checklist]";
  const ready = new WeakSet();

  /* The browser's storage, or null where it is blocked (merely reading it can throw). */
  const storage = () => {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  };

  /* Whether ticks can be saved: blocked storage throws on access, a full or private one on write. */
  const writable = () => {
    try {
      storage().setItem("cwc:probe", "1");
      storage().removeItem("cwc:probe");
      return true;
    } catch (e) {
      return false;
    }
  };

  /* The stored ticks of one checklist; anything unreadable counts as no ticks. */
  const load = (id) => {
    let v = null;
    try {
      v = JSON.parse(storage().getItem(PREFIX + id));
    } catch (e) { /* blocked or corrupt: start empty */ }
    return v && typeof v === "object" && !Array.isArray(v) ? v : {};
  };

  /* Merge one change into what is stored now, so another tab's ticks (and ticks of
     items this page no longer has) survive. Returns false if it could not be saved. */
  const save = (id, item, on) => {
    const v = load(id);
    if (on) v[item] = true;
    else delete v[item];
    try {
      const s = storage();
      if (Object.keys(v).length) s.setItem(PREFIX + id, JSON.stringify(v));
      else s.removeItem(PREFIX + id);
      return true;
    } catch (e) {
      return false;
    }
  };

  const boxes = (form) => form.querySelectorAll("input[type=checkbox][data-item]");

  /* Show the stored ticks (if asked) and update the "n of N done" count. */
  const show = (form, fromStorage) => {
    const ticks = fromStorage ? load(form.dataset.checklist) : null;
    let done = 0;
    for (const box of boxes(form)) {
      if (ticks) box.checked = ticks[box.dataset.item] === true;
      done += box.checked;
    }
    const count = form.querySelector("[data-done]");
    if (count && count.textContent !== String(done)) count.textContent = done;
  };

  const warn = (form) => {
    const note = form.querySelector(".cwc-storage-note");
    if (note) note.hidden = false;
  };

  const init = (form) => {
    if (ready.has(form)) return;
    ready.add(form);
    const id = form.dataset.checklist;
    if (!writable()) warn(form);
    show(form, storage() !== null);
    form.classList.add("cwc-live");
    form.addEventListener("change", (e) => {
      const item = e.target.dataset && e.target.dataset.item;
      if (!item) return;
      if (!save(id, item, e.target.checked)) warn(form);
      show(form);
    });
    form.addEventListener("reset", (e) => {
      e.preventDefault();
      for (const box of boxes(form)) box.checked = false;
      try {
        storage().removeItem(PREFIX + id);
      } catch (err) { /* nothing was saved */ }
      show(form);
    });
  };

  const start = () => document.querySelectorAll(FORMS).forEach(init);
  const refresh = () => document.querySelectorAll(FORMS).forEach((f) => ready.has(f) && show(f, true));

  /* A tick in another tab, or coming back to a page kept in the back/forward cache. */
  addEventListener("storage", (e) => {
    if (e.key === null || e.key.startsWith(PREFIX)) refresh();
  });
  addEventListener("pageshow", (e) => e.persisted && refresh());

  /* Print pages have none of Material's layout, so instant navigation would swap in a broken
     page: keep their links' clicks from Material (it listens on body) for a normal page load. */
  document.addEventListener("click", (e) => {
    if (e.target.closest && e.target.closest('a[href$="/print/"], a[href$="/print.html"]')) e.stopPropagation();
  }, true);

  /* Material's instant navigation swaps pages without reloading scripts: document$ emits each time. */
  if (window.document$) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
