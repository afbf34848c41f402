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

  // Selects with data-autosubmit submit their form on change (filters).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.submit();
    }
  });

  // Long selects with data-filter-label get a search box that hides non-matching options
  // (recruitment and fieldwork: picking invitees among thousands of participants).
  document.querySelectorAll("select[data-filter-label]").forEach(function (select) {
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
})();
