/* Checklists: ticks kept in localStorage as cwc:v1:<checklist-id> = {"<item-id>": true}, the
   "n of N done" count, Reset. Without this script the checkboxes still work, unsaved.
   Loaded by the pages with a checklist form (their content links it), so Material's instant
   navigation runs it again on each such page: a second run only sets up the new forms.
   (Comments are stripped from the built site by hooks/minify_assets.py.) */
(() => {
  if (window.cwcChecklists) return window.cwcChecklists();
  const KEY = "cwc:v1:";
  const LIVE = "cwc-live";

  // Storage can be blocked, full or corrupt: a failure returns undefined, never throws.
  const attempt = (f) => { try { return f(); } catch (e) { return undefined; } };
  const parse = (raw) => {
    const v = attempt(() => JSON.parse(raw));
    return v && typeof v === "object" && !Array.isArray(v) ? v : {};
  };
  const load = (id) => parse(attempt(() => localStorage.getItem(KEY + id)));
  // Changes ({item: on}) merged into what is stored now: other tabs' ticks and unknown items
  // survive. A read that throws stops the write, so it cannot replace ticks it failed to read.
  const save = (id, changes) => attempt(() => {
    const v = parse(localStorage.getItem(KEY + id));
    for (const [item, on] of Object.entries(changes)) if (on) v[item] = true; else delete v[item];
    if (Object.keys(v).length) localStorage.setItem(KEY + id, JSON.stringify(v));
    else localStorage.removeItem(KEY + id);
    return true;
  });

  const boxes = (form) => form.querySelectorAll("input[type=checkbox][data-item]");
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
    // Once per form, however often the script runs.
    if (form.classList.contains(LIVE)) return;
    form.classList.add(LIVE);
    const id = form.dataset.checklist;
    const note = form.querySelector(".cwc-storage-note");
    const warn = () => note && (note.hidden = false);
    if (!attempt(() => (localStorage.setItem("cwc:probe", 1), localStorage.getItem("cwc:probe"), localStorage.removeItem("cwc:probe"), 1))) warn();
    show(form, attempt(() => localStorage));
    form.addEventListener("change", (e) => {
      const item = e.target.dataset.item;
      if (item && !save(id, { [item]: e.target.checked })) warn();
      show(form);
    });
    form.addEventListener("reset", (e) => {
      e.preventDefault();
      // Clears this form's items only: ticks of removed items and other versions are kept.
      const off = {};
      for (const box of boxes(form)) (box.checked = false), (off[box.dataset.item] = false);
      save(id, off);
      show(form);
    });
  };

  const forms = () => document.querySelectorAll("form.cwc-checklist");
  const start = (window.cwcChecklists = () => forms().forEach(init));
  const refresh = () => forms().forEach((f) => f.classList.contains(LIVE) && show(f, true));
  // A tick in another tab; a page back from the back/forward cache.
  addEventListener("storage", (e) => (!e.key || e.key.startsWith(KEY)) && refresh());
  addEventListener("pageshow", (e) => e.persisted && refresh());

  if (document.readyState == "loading") addEventListener("DOMContentLoaded", start);
  else start();
})();
