// Dala's small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Forms with data-confirm ask before they submit (destructive actions).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Selects with data-autosubmit submit their form on change (filters), but only when chosen
  // with the pointer: arrow keys on a closed select change it too, and a page that reloads under
  // the keyboard loses the user's place (WCAG 3.2.2). Keyboard users apply with the form's button.
  var keyed = null;
  document.addEventListener("keydown", function (event) { keyed = event.target; }, true);
  document.addEventListener("pointerdown", function () { keyed = null; }, true);
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form && keyed !== el) {
      el.form.submit();
    }
  });

  // Long selects with data-filter-label get a search box that hides non-matching options
  // (recruitment and fieldwork: picking invitees among thousands of participants).
  document.querySelectorAll("select[data-filter-label]").forEach(function (select) {
    if (select.hasAttribute("data-picker")) { return; }  // pickers.js makes it a search box
    var box = document.createElement("input");
    box.type = "search";
    box.className = "select-filter";
    box.setAttribute("aria-label", select.getAttribute("data-filter-label"));
    box.placeholder = select.getAttribute("data-filter-label");
    box.addEventListener("input", function () {
      var wanted = box.value.trim().toLowerCase();
      Array.prototype.forEach.call(select.options, function (option) {
        option.hidden = wanted !== "" && !option.selected &&
          option.text.toLowerCase().indexOf(wanted) === -1;
      });
    });
    select.parentNode.insertBefore(box, select);
  });

  // "Choose everyone on this page" boxes (the participant list's bulk actions).
  document.querySelectorAll("input[data-check-all]").forEach(function (all) {
    var name = all.getAttribute("data-check-all");
    var boxes = document.querySelectorAll('input[type=checkbox][name="' + name + '"]');
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
  });

  // --- Issue 15: layout on phones and tablets ---
  document.documentElement.classList.add("js");

  // The study navigation folds into a menu under 800 px (CSS); this button opens it.
  var toggle = document.querySelector(".nav-toggle");
  var groups = document.getElementById("studynav-groups");
  if (toggle && groups) {
    toggle.addEventListener("click", function () {
      var open = !groups.classList.contains("is-open");
      groups.classList.toggle("is-open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && groups.classList.contains("is-open")) {
        groups.classList.remove("is-open");
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  // Tables: every cell learns its column's name (stacked cards under 600 px, see dala.css), and
  // a table wider than its box says so and can be scrolled with the keyboard.
  var scrollHint = document.body.getAttribute("data-scroll-hint") || "";
  function enhanceTable(table) {
    var heads = table.tHead ? table.tHead.rows[0] : null;
    if (!heads || table.classList.contains("no-stack")) { return; }
    var names = [];
    Array.prototype.forEach.call(heads.cells, function (cell) {
      var copy = cell.cloneNode(true);  // the words only: no sort arrow, no hidden control
      copy.querySelectorAll('[aria-hidden="true"], input').forEach(function (el) { el.remove(); });
      var span = cell.colSpan || 1;
      for (var i = 0; i < span; i++) { names.push(copy.textContent.trim()); }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (names[column] && cell.colSpan === 1 && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", names[column]);
          }
          column += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("stacked");
  }

  function markScroll(box, table) {
    var wide = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("is-scrollable", wide);
    if (wide) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label")) {
        var caption = table.caption || null;
        var heading = caption ? caption.textContent : (document.querySelector("main h1") || {}).textContent;
        box.setAttribute("aria-label", ((heading || "").trim() + " " + scrollHint).trim());
      }
      if (!box.previousElementSibling || !box.previousElementSibling.classList.contains("scroll-hint")) {
        var hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = scrollHint;
        box.parentNode.insertBefore(hint, box);
      }
      box.previousElementSibling.classList.add("is-shown");
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      var old = box.previousElementSibling;
      if (old && old.classList.contains("scroll-hint")) { old.classList.remove("is-shown"); }
    }
  }

  var boxes = [];
  // Fonts and late styles can widen a table after its first mark: re-mark when a table changes size.
  var watcher = window.ResizeObserver ? new ResizeObserver(function () { markAll(); }) : null;
  function enhanceTables(root) {
    root.querySelectorAll("table.data").forEach(function (table) {
      if (table.classList.contains("stacked")) { return; }
      enhance(table);
    });
    markAll();
  }
  window.Dala = {enhanceTables: enhanceTables};
  function enhance(table) {
    enhanceTable(table);
    var box = table.parentElement;
    if (!box.classList.contains("table-wrap")) {
      box = document.createElement("div");
      box.className = "table-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    }
    boxes.push([box, table]);
    if (watcher) { watcher.observe(table); }
  }
  document.querySelectorAll("main table.data").forEach(enhance);
  function markAll() { boxes.forEach(function (pair) { markScroll(pair[0], pair[1]); }); }
  markAll();
  window.addEventListener("resize", markAll);
})();
