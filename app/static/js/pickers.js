// People pickers (issue 15): a <select data-picker="URL"> becomes a search-as-you-type box over
// the study's JSON endpoint, the chosen people shown as removable chips (Tom Select, vendored in
// static/vendor/tom-select). Without this file the select is the plain form it always was.
(function () {
  "use strict";
  if (!window.TomSelect || !window.fetch) { return; }

  document.querySelectorAll("select[data-picker]").forEach(function (select) {
    var url = select.getAttribute("data-picker");
    var words = {
      placeholder: select.getAttribute("data-picker-placeholder") || "",
      none: select.getAttribute("data-picker-none") || "",
      searching: select.getAttribute("data-picker-searching") || "",
      remove: select.getAttribute("data-picker-remove") || ""
    };
    // Only the chosen people stay in the page; the others come from the server as one types.
    Array.prototype.slice.call(select.options).forEach(function (option) {
      if (!option.selected && option.value !== "") { option.remove(); }
    });
    var hint = document.getElementById(select.id + "-hint");
    if (hint && select.getAttribute("data-picker-hint")) { hint.textContent = select.getAttribute("data-picker-hint"); }
    var multiple = select.multiple;
    var picker = new window.TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: 50,
      loadThrottle: 200,
      placeholder: words.placeholder,
      allowEmptyOption: false,
      closeAfterSelect: !multiple,
      hidePlaceholder: false,
      plugins: multiple ? {remove_button: {title: words.remove}} : {},
      score: function () { return function () { return 1; }; },  // the server has matched already
      shouldLoad: function (query) { return query.trim().length > 0; },
      load: function (query, callback) {
        fetch(url + (url.indexOf("?") >= 0 ? "&" : "?") + "q=" + encodeURIComponent(query), {headers: {"Accept": "application/json"},
                                                        credentials: "same-origin"})
          .then(function (response) { return response.json(); })
          .then(function (data) {
            picker.clearOptions();  // the chosen stay; earlier answers go, so the list is this answer
            callback(data.results);
          })
          .catch(function () { callback(); });
      },
      render: {
        option: function (data, escape) {
          return "<div>" + escape(data.text) +
            (data.org ? ' <span class="picker-org">' + escape(data.org) + "</span>" : "") + "</div>";
        },
        no_results: function () { return '<div class="no-results">' + words.none + "</div>"; },
        loading: function () { return '<div class="loading">' + words.searching + "</div>"; }
      }
    });
    picker.on("item_add", function () { if (multiple) { picker.setTextboxValue(""); } });
  });
})();
