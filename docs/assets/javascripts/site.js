// Material's hidden drawer and search toggles lose autocomplete="off" (not valid on a checkbox,
// see hooks/quality.py), so close them whenever a page is shown: a browser restoring form state
// on back/forward or reload must not reopen the drawer or the search dialog.
addEventListener("pageshow", function () {
  for (var id of ["__drawer", "__search"]) {
    var toggle = document.getElementById(id);
    if (toggle) toggle.checked = false;
  }
});
