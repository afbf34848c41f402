// Skip logic and constraints in the answer form (issue 16). The server rewrote each XLSForm
// condition of the common subset into plain XPath 1.0 over <data><name>answer</name>...</data>
// (data-relevant, data-constraint); the browser evaluates the very same XPath with its own
// document.evaluate, and the server applies it again when the form is saved. Without this file
// every question is shown and the server still checks.
(function () {
  "use strict";
  var form = document.querySelector("form[data-form-logic]");
  if (!form || !document.evaluate) { return; }
  var items = Array.prototype.slice.call(form.querySelectorAll("[data-name]"));

  function answerOf(name) {
    var fields = form.querySelectorAll('[name="' + name + '"]');
    var parts = [];
    Array.prototype.forEach.call(fields, function (field) {
      if ((field.type === "checkbox" || field.type === "radio") && !field.checked) { return; }
      if (field.value.trim() !== "") { parts.push(field.value.trim()); }
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

  function update() {
    var doc = document.implementation.createDocument(null, "data", null);
    var nodes = {};
    items.forEach(function (item) {
      var name = item.getAttribute("data-name");
      var node = doc.createElement(name);
      node.textContent = item.tagName === "FIELDSET" ? answerOf(name) : "";
      doc.documentElement.appendChild(node);
      nodes[name] = node;
    });
    items.forEach(function (item) {
      var name = item.getAttribute("data-name");
      var relevant = item.getAttribute("data-relevant");
      var shown = !relevant || holds(relevant, doc);
      item.hidden = !shown;
      if (!shown) { nodes[name].textContent = ""; }
      var constraint = item.getAttribute("data-constraint");
      var message = form.querySelector('[data-error-for="' + name + '"]');
      if (constraint && message && shown) {
        var broken = nodes[name].textContent !== "" && !holds(constraint, doc, nodes[name]);
        if (broken) {
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

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
