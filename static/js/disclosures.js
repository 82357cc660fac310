// The main navigation and the search filters are <details> disclosures (base.html,
// partners/_search.html, projects/gallery.html): a button on phones, open from 48em by
// CSS (::details-content). They work without this script; it only
// - opens them on wide screens in browsers without ::details-content;
// - keeps a disclosure the visitor opened open when htmx swaps the search in place.
(function () {
  "use strict";
  var SELECTOR = "details.nav-menu, details.filters-disclosure";
  var cssOpensThem = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
  var wide = window.matchMedia ? window.matchMedia("(min-width: 48em)") : null;
  var openBeforeSwap = {};

  function openOnWideScreens() {
    if (cssOpensThem || !wide || !wide.matches) {
      return;
    }
    document.querySelectorAll(SELECTOR).forEach(function (details) {
      details.open = true;
    });
  }

  document.addEventListener("htmx:beforeSwap", function () {
    openBeforeSwap = {};
    document.querySelectorAll("details.filters-disclosure[id]").forEach(function (details) {
      openBeforeSwap[details.id] = details.open;
    });
  });
  document.addEventListener("htmx:afterSwap", function () {
    Object.keys(openBeforeSwap).forEach(function (id) {
      var details = document.getElementById(id);
      if (details) {
        details.open = openBeforeSwap[id];
      }
    });
    openOnWideScreens();
  });
  openOnWideScreens();
  if (wide && wide.addEventListener) {
    wide.addEventListener("change", openOnWideScreens);
  }
})();
