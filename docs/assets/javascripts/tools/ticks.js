/* Take your ticks with you: download every checklist's ticks (localStorage keys cwc:v1:<id>) as one
   JSON file, and import such a file: it is checked, merged with the ticks here (nothing is removed),
   saved all or nothing, and the page reports what it did. A storage that can't be read or written is
   refused with the reason, never reported as "0 ticks". Nothing is sent anywhere. Loaded only on that page.
   An item marked "Doesn't apply" (stored as "na", on items that begin with "If") goes into the file's
   "not_applicable" lists, beside "ticks"; a file without them (older) still imports. */
(() => {
  "use strict";
  const PREFIX = "cwc:v1:";
  const FORMAT = "connect-with-care/ticks/v1";
  const MAX_BYTES = 256 * 1024;

  const storage = () => {
    try { return window.localStorage; } catch (e) { return null; }
  };

  /* The ticks stored for one checklist, as {itemId: true or "na"}; a value that isn't such an object is none.
     A storage that cannot be read throws. */
  const isMap = (v) => v && typeof v === "object" && !Array.isArray(v);
  const read = (s, id) => {
    const raw = s.getItem(PREFIX + id);
    try {
      const v = JSON.parse(raw);
      return isMap(v) ? v : {};
    } catch (e) {
      return {};
    }
  };

  /* The file's two lists and the stored value each stands for. */
  const KINDS = [["ticks", true], ["not_applicable", "na"]];
  /* Every stored checklist's ticked and "doesn't apply" item ids, {ticks: {checklistId: [itemId, ...]},
     not_applicable: {...}}; throws if storage can't be read. */
  const collect = (s) => {
    const all = { ticks: {}, not_applicable: {} };
    for (const key of Object.keys(s)) {
      if (!key.startsWith(PREFIX)) continue;
      const id = key.slice(PREFIX.length);
      const ticks = read(s, id);
      for (const [kind, value] of KINDS) {
        const items = Object.keys(ticks).filter((k) => ticks[k] === value).sort();
        if (items.length) all[kind][id] = items;
      }
    }
    return all;
  };

  /* Check a parsed file; returns {ticks, not_applicable} or {error}. Accepts the file format only. */
  const check = (data) => {
    if (!isMap(data)) return { error: "it is not a ticks file (expected a JSON object)" };
    if (data.format !== FORMAT) return { error: `it is not a ticks file from this guide (expected "format": "${FORMAT}")` };
    const { ticks, not_applicable = {} } = data;
    if (!isMap(ticks)) return { error: "its \"ticks\" entry is missing or not an object" };
    if (!isMap(not_applicable)) return { error: "its \"not_applicable\" entry is not an object" };
    return { ticks, not_applicable };
  };

  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

  const init = (root) => {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    /* Maps, so a file naming "constructor" or "__proto__" finds nothing. */
    const map = (json) => { try { return new Map(Object.entries(JSON.parse(json))); } catch (e) { return new Map(); } };
    /* checklist id -> its item ids; and -> those that can be marked "Doesn't apply" */
    const known = map(root.dataset.known), conditional = map(root.dataset.conditional);
    const report = root.querySelector("[data-report]");
    const file = root.querySelector('input[type="file"]');

    const refresh = () => {
      const s = storage();
      for (const el of root.querySelectorAll("[data-count-for]")) {
        const id = el.dataset.countFor;
        const items = known.get(id) || [];
        let ticks = {};
        /* unreadable: none shown */
        try { ticks = s ? read(s, id) : {}; } catch (e) {}
        const na = items.filter((item) => ticks[item] === "na").length;
        el.textContent = `(${items.filter((item) => ticks[item] === true).length} of ${items.length} ticked${na ? `, ${na} doesn't apply` : ""})`;
      }
    };

    root.querySelector("[data-export]").addEventListener("click", () => {
      const s = storage();
      if (!s) {
        report.textContent = "This browser doesn't let the page read saved ticks, so there is nothing to download.";
        return;
      }
      let all;
      try { all = collect(s); } catch (e) { all = null; }
      /* Never a file that says "no ticks" because they could not be read. */
      if (!all) {
        report.textContent = "Nothing downloaded: this browser doesn't let the page read the ticks saved here.";
        return;
      }
      const body = JSON.stringify({ format: FORMAT, exported: new Date().toISOString(), ...all }, null, 2) + "\n";
      const url = URL.createObjectURL(new Blob([body], { type: "application/json" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = `connect-with-care-ticks-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      const n = (kind) => Object.values(all[kind]).reduce((a, items) => a + items.length, 0);
      const na = n("not_applicable");
      const ids = Object.keys({ ...all.ticks, ...all.not_applicable }).length;
      report.textContent = `Downloaded ${plural(n("ticks"), "tick", "ticks")}${na ? ` and ${na} “doesn't apply”` : ""} from ${plural(ids, "checklist", "checklists")}.`;
    });

    file.addEventListener("change", async () => {
      const chosen = file.files && file.files[0];
      if (!chosen) return;
      /* The input is emptied each time, so choosing the same file again imports it again. */
      const fail = (why) => { file.value = ""; report.textContent = `Nothing imported from “${chosen.name}”: ${why}.`; };
      const s = storage();
      if (!s) return fail("this browser doesn't let the page save ticks");
      /* A storage that cannot be read would make every checklist look empty, and the merge below
         would then save the imported ticks over the ones already here. */
      try { s.getItem(PREFIX); } catch (e) { return fail("this browser doesn't let the page read the ticks saved here"); }
      if (chosen.size > MAX_BYTES) return fail(`the file is ${Math.ceil(chosen.size / 1024)} KB, far too big for a ticks file`);
      let data;
      try {
        data = JSON.parse(await chosen.text());
      } catch (e) {
        return fail("it is not valid JSON");
      }
      const checked = check(data);
      if (checked.error) return fail(checked.error);

      /* A tick in the file replaces a "doesn't apply" here (as ticking the box does); a "doesn't
         apply" in the file leaves a tick here alone, and is only imported for an item that has one. */
      let added = 0, addedNa = 0, already = 0, skipped = 0;
      /* checklist id -> its ticks after the import */
      const writes = new Map();
      for (const [kind, value] of KINDS) {
        for (const [id, items] of Object.entries(checked[kind])) {
          const list = Array.isArray(items) ? items : [];
          /* known ids are slugs: any other is skipped */
          if (!known.has(id) || !Array.isArray(items)) {
            skipped += Math.max(list.length, 1);
            continue;
          }
          let current = writes.get(id);
          try { current = current || read(s, id); } catch (e) { return fail("this browser doesn't let the page read the ticks saved here"); }
          const allowed = (value === true ? known : conditional).get(id) || [];
          for (const item of list) {
            if (typeof item !== "string" || !allowed.includes(item)) skipped++;
            /* (only ticks are reported as already here) */
            else if (current[item] === true || current[item] === value) already += value === true;
            else current[item] = value, value === true ? added++ : addedNa++, writes.set(id, current);
          }
        }
      }
      /* All or nothing: if storage fills part-way, what was written is put back as it was. */
      const before = new Map();
      try {
        for (const [id, current] of writes) {
          const raw = s.getItem(PREFIX + id);
          s.setItem(PREFIX + id, JSON.stringify(current));
          before.set(id, raw);
        }
      } catch (e) {
        const kept = [];
        for (const [id, raw] of before) {
          try { raw === null ? s.removeItem(PREFIX + id) : s.setItem(PREFIX + id, raw); } catch (e2) { kept.push(id); }
        }
        refresh();
        if (!kept.length) return fail("this browser refused to save them (storage full or blocked), so nothing was changed");
        file.value = "";
        report.textContent = `Only part of “${chosen.name}” was imported: this browser ran out of room. These checklists have the file's ticks: ${kept.join(", ")}; the others are as they were.`;
        return;
      }
      file.value = "";
      refresh();
      const parts = [`Imported ${plural(added, "tick", "ticks")}${addedNa ? ` and ${addedNa} “doesn't apply”` : ""} into ${plural(writes.size, "checklist", "checklists")}`];
      if (already) parts.push(`${already} ${already === 1 ? "was" : "were"} already ticked`);
      if (skipped) parts.push(`${plural(skipped, "entry", "entries")} skipped (not an item of this site's checklists)`);
      report.textContent = parts.join("; ") + ".";
    });

    addEventListener("storage", () => root.isConnected && refresh());
    root.hidden = false;
    document.querySelectorAll(".cwc-needs-js").forEach((el) => { el.hidden = true; });
    refresh();
  };

  document.querySelectorAll('[data-cwc-tool="ticks"]').forEach(init);
})();
