/* Material's small inline scripts, moved into a file so the Content-Security-Policy can say
   script-src 'self' (no inline script at all). Included three times, at the places Material put
   them (overrides/partials/javascripts/*.html); data-md says which part runs. Same behaviour as
   Material 9.8's, except that reading or writing storage never throws (blocked or corrupt storage
   would otherwise stop the palette script and fill the console). */
(() => {
  const me = document.currentScript, part = me && me.dataset.md;
  if (part == "globals") {
    // This file lives at <site>/assets/javascripts/: the site's root is two levels up.
    window.__md_scope = new URL("../../", me.src);
    window.__md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
    window.__md_get = (k, s, t = __md_scope) => {
      try { return JSON.parse((s || localStorage).getItem(t.pathname + "." + k)); } catch (e) { return null; }
    };
    window.__md_set = (k, v, s, t = __md_scope) => {
      try { (s || localStorage).setItem(t.pathname + "." + k, JSON.stringify(v)); } catch (e) {}
    };
  } else if (part == "palette") {
    // The reader's colour scheme, applied before the page is painted.
    const p = __md_get("__palette"), c = p && p.color;
    if (c) {
      if (c.media == "(prefers-color-scheme)") {
        const scheme = matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
        const input = document.querySelector(`[data-md-color-media='(prefers-color-scheme: ${scheme})']`);
        for (const k of ["media", "scheme", "primary", "accent"]) c[k] = input.getAttribute("data-md-color-" + k);
      }
      for (const [k, v] of Object.entries(c)) document.body.setAttribute("data-md-color-" + k, v);
    }
  } else if (part == "tabs-link") {
    // content.tabs.link: open the tab the reader chose last, in every tab set that has it.
    const tabs = __md_get("__tabs");
    if (Array.isArray(tabs)) {
      sets: for (const set of document.querySelectorAll(".tabbed-set"))
        for (const tab of tabs)
          for (const label of set.querySelector(".tabbed-labels").getElementsByTagName("label"))
            if (label.innerText.trim() === tab) {
              document.getElementById(label.htmlFor).checked = true;
              continue sets;
            }
    }
  } else if (part == "tabs") {
    // A link to a content tab's anchor opens that tab.
    const t = document.getElementById(location.hash.slice(1));
    if (t && t.name) t.checked = t.name.startsWith("__tabbed_");
  }
})();
