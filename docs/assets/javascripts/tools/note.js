/* Connection note helper: assembles a note from its parts, counts characters against the limit in
   data-limit, shows the guide's advice that applies, and copies the note. Nothing is sent: there is
   no form and no request. The draft is kept in this tab's sessionStorage (DRAFT), so a reload keeps
   it and closing the tab forgets it. Loaded only on the note helper page. */
(() => {
  "use strict";

  const DEFAULT_TEXT = /add you to my (professional )?network|like to connect with you on linkedin|join my (professional )?network/i;
  const SAYS_WHO = /\b(i am|i['’]m|my name|i work|i run|i lead|i manage|i teach|i study)\b/i;
  const GIVES_REASON = /\b(because|since|as we|interested in|your (talk|post|article|work|book|research|team|project|session)|learn|share|advice|suggested|introduced|curious|grateful|enjoyed)/i;
  const PITCH = /\b(buy|purchase|discount|demo|free trial|pricing|price list|our (products?|services?|platform|solutions?|software|agency|offer)|sales call|quick call|book a (call|meeting|demo)|booking link|calendly|cut (your )?costs|roi|grow your (business|revenue|sales)|limited[- ]time|special offer|(teams|companies|businesses|firms) like yours)\b/i;
  const SHARES = /\b(met|meet|spoke|talk|introduc|mutual|both|event|meetup|conference|webinar|group|suggested|recommended|worked|colleague|alumn|university|course)/i;

  const DRAFT = "cwc:note-draft";

  /* Code points, not UTF-16 units: an emoji counts as one character. */
  const length = (text) => Array.from(text).length;

  /* One part as a sentence: capitalised, ending in a full stop unless it has its own ending. */
  const sentence = (text) => {
    let s = text.trim().replace(/\s+/g, " ");
    if (!s) return s;
    s = s[0].toUpperCase() + s.slice(1);
    return /[.!?…)]$/.test(s) ? s : s + ".";
  };

  const init = (root) => {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    const limit = parseInt(root.dataset.limit, 10) || 300;
    const short = parseInt(root.dataset.shortLimit, 10) || limit;
    const note = root.querySelector("[data-note]");
    const parts = {};
    root.querySelectorAll("[data-part]").forEach((el) => { parts[el.dataset.part] = el; });
    const count = root.querySelector("[data-count]");
    const countLine = count.parentElement;
    const countStatus = root.querySelector("[data-count-status]");
    const copyStatus = root.querySelector("[data-copy-status]");
    const rebuild = root.querySelector("[data-rebuild]");
    const editedNote = root.querySelector("[data-edited]");
    const checks = {};
    root.querySelectorAll("[data-check]").forEach((el) => { checks[el.dataset.check] = el; });
    let edited = false;
    let timer = 0;
    let notice = "";

    const value = (name) => (parts[name] ? parts[name].value.trim() : "");

    const compose = () => {
      const name = value("name").replace(/^./u, (c) => c.toUpperCase());
      note.value = [name ? `Hi ${name},` : "", sentence(value("who")), sentence(value("shared")), sentence(value("why"))]
        .filter(Boolean).join(" ");
    };

    /* Which pieces of advice apply to the note as it stands. */
    const assess = (text, n) => {
      const on = new Set();
      if (!text.trim()) return on.add("empty"), on;
      if (DEFAULT_TEXT.test(text)) on.add("default");
      if (!value("who") && !SAYS_WHO.test(text)) on.add("who");
      if (!value("why") && !GIVES_REASON.test(text)) on.add("reason");
      if (PITCH.test(text)) on.add("pitch");
      if (!value("shared") && !SHARES.test(text)) on.add("shared");
      if (n > limit) on.add("long");
      else if (n > short) on.add("short");
      if (!["default", "who", "reason", "pitch", "long"].some((c) => on.has(c))) on.add("ok");
      return on;
    };

    const update = () => {
      const text = note.value;
      const n = length(text);
      count.textContent = n;
      countLine.classList.toggle("cwc-over", n > limit);
      const on = assess(text, n);
      for (const [name, el] of Object.entries(checks)) el.hidden = !on.has(name);
      /* Announce the count after a pause in typing, not on every key. */
      clearTimeout(timer);
      timer = setTimeout(() => {
        const flagged = ["default", "who", "reason", "pitch", "long"].filter((c) => on.has(c)).length;
        countStatus.textContent = `${notice}${n} of ${limit} characters. ` +
          (flagged ? `${flagged} ${flagged === 1 ? "thing" : "things"} to look at.` : "Nothing flagged.");
        notice = "";
      }, 900);
    };

    /* The draft, in this tab only; storage that is blocked or holds something else is ignored. */
    const save = () => {
      const draft = { edited, note: note.value };
      for (const k in parts) draft[k] = parts[k].value;
      /* Not kept when storage is blocked: the note still works. */
      try { sessionStorage.setItem(DRAFT, JSON.stringify(draft)); } catch (e) {}
    };
    const setEdited = (on) => {
      edited = on;
      editedNote.hidden = !on;
    };
    /* The note from the fields again, shown, counted and kept. */
    const rebuilt = () => {
      setEdited(false);
      compose();
      update();
      save();
    };

    root.addEventListener("input", (e) => {
      if (e.target === note) {
        if (!edited) notice = editedNote.firstChild.textContent;
        setEdited(true);
      } else if (!edited) {
        compose();
      }
      copyStatus.textContent = "";
      update();
      save();
    });

    rebuild.addEventListener("click", () => {
      rebuilt();
      note.focus();
    });

    root.querySelector("[data-clear]").addEventListener("click", () => {
      for (const k in parts) parts[k].value = "";
      rebuilt();
      parts.name.focus();
    });

    root.querySelector("[data-copy]").addEventListener("click", async () => {
      const text = note.value;
      if (!text.trim()) {
        copyStatus.textContent = "Nothing to copy yet: write your note first.";
        return;
      }
      let copied = false;
      try {
        await navigator.clipboard.writeText(text);
        copied = true;
      } catch (err) {
        note.select();
        try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      }
      copyStatus.textContent = copied
        ? "Copied. Paste it into the “Add a note” box of your LinkedIn request."
        : "Your browser did not allow copying: select the note and copy it yourself.";
    });

    root.hidden = false;
    document.querySelectorAll(".cwc-needs-js").forEach((el) => { el.hidden = true; });
    let draft;
    try { draft = JSON.parse(sessionStorage.getItem(DRAFT)); } catch (e) {}
    if (draft && typeof draft === "object") {
      for (const k in parts) if (typeof draft[k] === "string") parts[k].value = draft[k];
      if (draft.edited === true && typeof draft.note === "string") {
        setEdited(true);
        note.value = draft.note;
      } else compose();
    }
    update();
  };

  document.querySelectorAll('[data-cwc-tool="note"]').forEach(init);
})();
