// Skip logic and constraints in the answer form (issue 16). The server rewrote each XLSForm
// condition of the common subset into plain XPath 1.0 over <data><name>answer</name>...</data>
// (data-relevant, data-constraint); the browser evaluates the very same XPath with its own
// document.evaluate, and the server applies it again when the form is saved. Each round of a
// repeated section is evaluated with the answers outside it and its own. Without this file
// every question is shown and the server still checks.
(function () {
  "use strict";
  var form = document.querySelector("form[data-form-logic]");
  if (!form || !document.evaluate) { return; }
  var items = Array.prototype.slice.call(form.querySelectorAll("[data-name]"));
  var outside = items.filter(function (item) { return !item.closest("[data-round]"); });
  var rounds = Array.prototype.slice.call(form.querySelectorAll("[data-round]"));

  function answerOf(field) {
    var parts = [];
    Array.prototype.forEach.call(form.querySelectorAll('[name="' + field + '"]'), function (input) {
      if ((input.type === "checkbox" || input.type === "radio") && !input.checked) { return; }
      if (input.value.trim() !== "") { parts.push(input.value.trim()); }
    });
    return parts.join(" ");
  }

  function holds(xpath, doc, context) {
    try {
      return doc.evaluate("boolean(" + xpath + ")", context || doc, null, XPathResult.BOOLEAN_TYPE, null).booleanValue;
    } catch (error) {
      return true; // a condition the browser cannot evaluate hides nothing; the server decides
    }
  }

  function apply(list, doc) {
    var nodes = {};
    list.forEach(function (item) {
      var node = doc.createElement(item.getAttribute("data-name"));
      node.textContent = item.tagName === "FIELDSET" ? answerOf(item.getAttribute("data-field")) : "";
      doc.documentElement.appendChild(node);
      nodes[item.getAttribute("data-field")] = node;
    });
    list.forEach(function (item) {
      var field = item.getAttribute("data-field");
      var relevant = item.getAttribute("data-relevant");
      var shown = !relevant || holds(relevant, doc);
      item.hidden = !shown;
      if (!shown) { nodes[field].textContent = ""; }
      var constraint = item.getAttribute("data-constraint");
      var message = form.querySelector('[data-error-for="' + field + '"]');
      if (constraint && message && shown) {
        if (nodes[field].textContent !== "" && !holds(constraint, doc, nodes[field])) {
          message.textContent = item.getAttribute("data-constraint-message");
          message.hidden = false;
          message.setAttribute("data-client", "");
        } else if (message.hasAttribute("data-client")) {
          message.hidden = true;
          message.removeAttribute("data-client");
        }
      }
    });
  }

  function update() {
    var doc = document.implementation.createDocument(null, "data", null);
    apply(outside, doc);
    rounds.forEach(function (round) {
      var own = doc.cloneNode(true);
      apply(Array.prototype.slice.call(round.querySelectorAll("[data-name]")), own);
    });
  }

  // A constraint's message the server sent back with a refused form is this script's to hide
  // once the answer holds, even when the answer was corrected before the script had run.
  items.forEach(function (item) {
    var text = item.getAttribute("data-constraint-message");
    var message = form.querySelector('[data-error-for="' + item.getAttribute("data-field") + '"]');
    if (text && message && !message.hidden && message.textContent.trim() === text.trim()) {
      message.setAttribute("data-client", "");
    }
  });

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
