/* Checklists: ticks kept in localStorage as cwc:v1:<checklist-id> = {"<item-id>": true}, or "na" for an
   item marked "Doesn't apply" (its second box, on items that begin with "If"), which counts as done; any
   other value is neither. The "n of N done" counts, above and below the list, and the end; Reset, with a
   few seconds to undo it. Without this script the checkboxes still work, unsaved.
   Two tabs ticking at the same moment can each write a stale copy of the ticks (a tab's copy of the
   storage lags the other's by a few milliseconds), so each change is also kept for a few seconds under
   its own key (cwc:recent:<checklist-id>:<item-id> = [state, time]) and every page re-applies the
   recent changes it sees missing: the two ticks both survive.
   Loaded by the pages with a checklist form (their content links it), so Material's instant
   navigation runs it again on each such page: a second run only sets up the new forms.
   (Comments are stripped from the built site by hooks/minify_assets.py.) */
(() => {
  if (window.cwcChecklists) return window.cwcChecklists();
  const KEY = "cwc:v1:";
  const RECENT = "cwc:recent:";
  const LIVE = "cwc-live";

  // Storage can be blocked, full or corrupt: a failure returns undefined, never throws.
  const attempt = (f) => { try { return f(); } catch (e) { return undefined; } };
  const parse = (raw) => {
    const v = attempt(() => JSON.parse(raw));
    return v && typeof v === "object" && !Array.isArray(v) ? v : {};
  };
  const load = (id) => parse(attempt(() => localStorage.getItem(KEY + id)));
  const write = (id, v) => Object.keys(v).length ? localStorage.setItem(KEY + id, JSON.stringify(v)) : localStorage.removeItem(KEY + id);
  // An item's state: true (ticked), "na" (doesn't apply) or false; a stored value of another kind is false.
  const state = (s) => (s === true || s === "na" ? s : false);
  const apply = (v, item, s) => { if (s) v[item] = s; else delete v[item]; };
  // Changes ({item: state}) merged into what is stored now: other tabs' ticks and unknown
  // items survive. A read that throws stops the write, so it cannot replace ticks it failed to read.
  const save = (id, changes) => attempt(() => {
    const v = parse(localStorage.getItem(KEY + id));
    for (const [item, on] of Object.entries(changes)) {
      apply(v, item, on);
      localStorage.setItem(RECENT + id + ":" + item, JSON.stringify([on, Date.now()]));
    }
    write(id, v);
    return true;
  });
  // Re-apply the recent changes (of any tab) that the stored ticks lack; forget the older ones.
  const mend = (id) => attempt(() => {
    const v = parse(localStorage.getItem(KEY + id));
    const prefix = RECENT + id + ":";
    let stale = false;
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith(prefix)) continue;
      const [on, time] = attempt(() => JSON.parse(localStorage.getItem(key))) || [];
      const item = key.slice(prefix.length);
      if (!(Date.now() - time < 5000)) localStorage.removeItem(key);
      else if (state(v[item]) !== on && state(on) === on) apply(v, item, on), (stale = true);
    }
    if (stale) write(id, v);
  });

  const boxes = (form) => form.querySelectorAll("input[type=checkbox][data-item]");
  // An item's two boxes: the tick, and "Doesn't apply" if it has one; ticking one clears the other.
  const na = (box) => box.parentNode.querySelector("[data-na]");
  const get = (box, n = na(box)) => box.checked || (!!n && n.checked && "na");
  const set = (box, s, n = na(box)) => { box.checked = s === true; if (n) n.checked = s == "na"; };
  const show = (form, fromStorage) => {
    const ticks = fromStorage && load(form.dataset.checklist);
    let done = 0;
    for (const box of boxes(form)) {
      if (ticks) set(box, ticks[box.dataset.item]);
      done += !!get(box);
    }
    for (const count of form.querySelectorAll("[data-done], [data-done-too]")) if (count.textContent != done) count.textContent = done;
    const end = form.querySelector("[data-all-done]");
    if (end) end.textContent = done == boxes(form).length ? " " + end.dataset.allDone : "";
  };

  const init = (form) => {
    // Once per form, however often the script runs.
    if (form.classList.contains(LIVE)) return;
    form.classList.add(LIVE);
    const id = form.dataset.checklist;
    const note = form.querySelector(".cwc-storage-note");
    const undo = form.querySelector("[data-undo]");
    const warn = () => note && (note.hidden = false);
    // {item: state}: the boxes, storage and counts.
    const change = (ticks) => {
      for (const box of boxes(form)) if (box.dataset.item in ticks) set(box, ticks[box.dataset.item]);
      if (!save(id, ticks)) warn();
      show(form);
    };
    if (!attempt(() => (localStorage.setItem("cwc:probe", 1), localStorage.getItem("cwc:probe"), localStorage.removeItem("cwc:probe"), 1))) warn();
    show(form, attempt(() => localStorage));
    form.addEventListener("change", ({ target: t }) => {
      const item = t.dataset.item || t.dataset.na;
      if (item) change({ [item]: t.checked && (t.dataset.na ? "na" : true) });
    });
    let timer;
    form.addEventListener("reset", (e) => {
      e.preventDefault();
      // Clears this form's items only: ticks of removed items and other versions are kept.
      const before = {}, off = {};
      for (const box of boxes(form)) (off[box.dataset.item] = false), get(box) && (before[box.dataset.item] = get(box));
      change(off);
      if (!undo) return;
      // As mail clients do: the cleared ticks can come back for a few seconds.
      undo.innerHTML = Object.keys(before).length ? 'Ticks cleared. <button type="button" class="cwc-reset">Undo</button>' : "";
      if (undo.firstElementChild) undo.firstElementChild.onclick = () => {
        change(before);
        undo.textContent = "";
        form.querySelector("[type=reset]").focus();
      };
      clearTimeout(timer);
      timer = setTimeout(() => undo.contains(document.activeElement) || (undo.textContent = ""), 10000);
    });
  };

  const forms = () => document.querySelectorAll("form.cwc-checklist");
  const start = (window.cwcChecklists = () => forms().forEach(init));
  const refresh = () => forms().forEach((f) => f.classList.contains(LIVE) && (mend(f.dataset.checklist), show(f, true)));
  // A tick in another tab; a page back from the back/forward cache.
  // Only the ticks' own key: a change's recent key is written before it, so is already here.
  addEventListener("storage", (e) => (!e.key || e.key.startsWith(KEY)) && refresh());
  addEventListener("pageshow", (e) => e.persisted && refresh());

  if (document.readyState == "loading") addEventListener("DOMContentLoaded", start);
  else start();
})();
