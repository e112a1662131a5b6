/* Django admin: names for controls that Django's and select2's scripts leave unnamed.
   Runs after their "load" handlers (this file is included at the end of the page). */
(function () {
  "use strict";

  function labelFor(control) {
    var label = control.id && document.querySelector('label[for="' + control.id + '"]');
    return label ? label.textContent.replace(/[:*]\s*$/, "").trim() : "";
  }

  /* Editable list columns on change lists: "<column>, <row's first cell>". */
  function nameListEditable() {
    document.querySelectorAll("#result_list tbody tr").forEach(function (row) {
      var rowName = row.querySelector("th");
      row.querySelectorAll("td input:not([type=hidden]):not(.action-select), td select, td textarea").forEach(function (control) {
        if (control.labels && control.labels.length) { return; }
        if (control.getAttribute("aria-label")) { return; }
        var header = document.querySelector("#result_list thead th:nth-child(" + (control.closest("td").cellIndex + 1) + ")");
        var name = header ? header.textContent.trim() : "";
        control.setAttribute("aria-label", name + (rowName ? ", " + rowName.textContent.trim() : ""));
      });
    });
  }

  /* The two-list selector's search icon carries aria-label on a plain span (aria-prohibited-attr):
     it is an image of a magnifying glass, so say so. */
  function fixSelectFilterIcons() {
    document.querySelectorAll(".search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  /* select2 (autocomplete fields): name the combobox and its search box after the field's label. */
  function fixSelect2(root) {
    (root || document).querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) { return; }
      var name = labelFor(select);
      if (!name) {
        var cell = select.closest("td");
        var table = cell && cell.closest("table");
        var header = table && table.querySelector("thead th:nth-child(" + (cell.cellIndex + 1) + ")");
        name = header ? header.textContent.trim() : "";
      }
      if (!name) { return; }
      container.querySelectorAll('[role="combobox"]').forEach(function (combo) {
        combo.removeAttribute("aria-labelledby");
        combo.setAttribute("aria-label", name);
      });
      container.querySelectorAll('.select2-selection__rendered[role="textbox"]').forEach(function (text) {
        text.setAttribute("aria-label", name);
      });
      container.querySelectorAll("input.select2-search__field").forEach(function (input) {
        input.setAttribute("aria-label", name);
      });
      container.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
        list.setAttribute("role", "list");
      });
    });
  }

  function run() {
    nameListEditable();
    fixSelectFilterIcons();
    fixSelect2();
  }

  if (document.readyState === "complete") {
    run();
  } else {
    window.addEventListener("load", function () { window.setTimeout(run, 0); });
  }
  document.addEventListener("formset:added", function (event) {
    window.setTimeout(function () { fixSelect2(event.target); }, 0);
  });
})();
