// Material's hidden drawer and search toggles lose autocomplete="off" (not valid on a checkbox,
// see hooks/quality.py), so close them whenever a page is shown: a browser restoring form state
// on back/forward or reload must not reopen the drawer or the search dialog.
addEventListener("pageshow", function () {
  for (var id of ["__drawer", "__search"]) {
    var toggle = document.getElementById(id);
    if (toggle) toggle.checked = false;
  }
});

// "Skip to content": Material's instant navigation takes the skip link, like any change of the
// address's #fragment, for a visit to another page: it fetches this page again and swaps it in,
// which drops focus, so Tab went on to the sidebar. Instead the address gets the #fragment without
// a navigation, and focus goes to the title, its ¶ (Material's permalink, a link to this very page,
// its last child) out of the Tab order: the next Tab is a checklist's first box, a guide page's
// first link.
addEventListener("click", function (e) {
  var t = e.target.closest(".md-skip");
  if (t) {
    e.stopPropagation();
    e.preventDefault();
    history.pushState(null, "", t.hash);
    t = document.getElementById(t.hash.slice(1));
    t.tabIndex = t.lastChild.tabIndex = -1;
    t.focus();
  }
}, true);
