/* Saved ticks follow a renamed item: a checklist form whose items were renamed lists them in
   data-renamed, {"old-id": "new-id"} (from checklists/ids/published.yml). This runs before
   checklists.js reads the ticks and moves each saved tick from the old id to the new one, in the
   same cwc:v1:<checklist-id> entry. A tick already saved on the new id wins. */
(() => {
  const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  for (const form of document.querySelectorAll("form.cwc-checklist[data-renamed]")) {
    try {
      const renamed = JSON.parse(form.dataset.renamed);
      const key = "cwc:v1:" + form.dataset.checklist;
      const saved = JSON.parse(localStorage.getItem(key) || "null");
      if (!saved || typeof saved !== "object" || Array.isArray(saved)) continue;
      let moved = false;
      for (const [old, now] of Object.entries(renamed)) {
        if (!has(saved, old)) continue;
        if (!has(saved, now)) saved[now] = saved[old];
        delete saved[old];
        moved = true;
      }
      if (moved) localStorage.setItem(key, JSON.stringify(saved));
    } catch (error) {
      // Storage blocked or unreadable: checklists.js tells the reader; nothing is lost here.
    }
  }
})();
