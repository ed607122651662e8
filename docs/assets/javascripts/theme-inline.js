/* Material's small inline scripts, moved into a file so the Content-Security-Policy can say
   script-src 'self' (no inline script at all). Included three times, at the places Material put
   them (overrides/partials/javascripts/*.html); data-md says which part runs. Same behaviour as
   Material 9.8's, except that reading or writing storage never throws (blocked or corrupt storage
   would otherwise stop the palette script and fill the console). */
(() => {
  const script = document.currentScript;
  const part = script && script.dataset.md;

  if (part === "globals") {
    // This file lives at <site>/assets/javascripts/, so the site's root is two levels up.
    window.__md_scope = new URL("../../", script.src);
    window.__md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
    window.__md_get = (key, storage, scope = __md_scope) => {
      try {
        return JSON.parse((storage || localStorage).getItem(scope.pathname + "." + key));
      } catch (e) {
        return null;
      }
    };
    window.__md_set = (key, value, storage, scope = __md_scope) => {
      try {
        (storage || localStorage).setItem(scope.pathname + "." + key, JSON.stringify(value));
      } catch (e) {}
    };
  } else if (part === "palette") {
    // The reader's colour scheme, applied before the page is painted.
    const palette = __md_get("__palette");
    if (palette && palette.color) {
      if (palette.color.media === "(prefers-color-scheme)") {
        const media = matchMedia("(prefers-color-scheme: light)");
        const input = document.querySelector(media.matches
          ? "[data-md-color-media='(prefers-color-scheme: light)']"
          : "[data-md-color-media='(prefers-color-scheme: dark)']");
        palette.color.media = input.getAttribute("data-md-color-media");
        palette.color.scheme = input.getAttribute("data-md-color-scheme");
        palette.color.primary = input.getAttribute("data-md-color-primary");
        palette.color.accent = input.getAttribute("data-md-color-accent");
      }
      for (const [key, value] of Object.entries(palette.color)) document.body.setAttribute("data-md-color-" + key, value);
    }
  } else if (part === "tabs-link") {
    // content.tabs.link: open the tab the reader chose last, on every tab set with that label.
    const tabs = __md_get("__tabs");
    if (Array.isArray(tabs)) {
      sets: for (const set of document.querySelectorAll(".tabbed-set")) {
        const labels = set.querySelector(".tabbed-labels");
        for (const tab of tabs) {
          for (const label of labels.getElementsByTagName("label")) {
            if (label.innerText.trim() === tab) {
              document.getElementById(label.htmlFor).checked = true;
              continue sets;
            }
          }
        }
      }
    }
  } else if (part === "tabs") {
    // A link to a content tab's anchor opens that tab.
    const target = document.getElementById(location.hash.slice(1));
    if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
  }
})();
