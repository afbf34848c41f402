// Transcript review: move through spans with j/k, accept with a, reject with r (with Shift:
// every occurrence of the same words), and add a
// span by selecting words. Every action posts the page's ordinary forms, so the page works
// without this file (the forms take start/end or the exact text).
(function () {
  "use strict";

  var text = document.getElementById("transcript-text");
  if (!text) { return; }
  var marks = Array.prototype.slice.call(text.querySelectorAll("mark.span"));
  var current = -1;

  function rowOf(mark) {
    return mark ? document.getElementById("row-" + mark.getAttribute("data-span")) : null;
  }

  function select(index) {
    if (!marks.length) { return; }
    var old = marks[current];
    if (old) {
      old.classList.remove("is-current");
      if (rowOf(old)) { rowOf(old).classList.remove("is-current"); }
    }
    current = (index + marks.length) % marks.length;
    var mark = marks[current];
    var row = rowOf(mark);
    mark.classList.add("is-current");
    mark.scrollIntoView({block: "center"});
    if (row) {
      row.classList.add("is-current");
      row.scrollIntoView({block: "nearest"});
    }
  }

  function press(action, everywhere) {
    var row = rowOf(marks[current]);
    var button = row && row.querySelector('button[data-action="' + action + '"]');
    var all = row && row.querySelector('input[name="everywhere"]');
    if (all) { all.checked = everywhere; }
    if (button) { button.click(); }
  }

  // Start at the span named in the address (the server sends the next unreviewed one).
  var hash = window.location.hash.replace("#span-", "");
  marks.forEach(function (mark, index) {
    if (mark.getAttribute("data-span") === hash && current < 0) { select(index); }
    mark.addEventListener("click", function () { select(index); });
  });

  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.ctrlKey || event.metaKey || event.altKey ||
        tag === "input" || tag === "select" || tag === "textarea" || event.target.isContentEditable) {
      return;
    }
    var handled = true;
    if (event.key === "j") { select(current + 1); }
    else if (event.key === "k") { select(current < 0 ? marks.length - 1 : current - 1); }
    else if ((event.key === "a" || event.key === "A") && current >= 0) { press("accept", event.shiftKey); }
    else if ((event.key === "r" || event.key === "R") && current >= 0) { press("reject", event.shiftKey); }
    else { handled = false; }
    if (handled) { event.preventDefault(); }
  });

  text.setAttribute("data-ready", "");  // keyboard ready (browser tests wait for it)

  // A selection inside one turn fills the "add a span" form with its offsets and words.
  var form = document.getElementById("add-span-form");
  if (!form) { return; }
  var field = function (name) { return form.querySelector('[name="add-' + name + '"]'); };

  function offsetIn(turn, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(turn);
    range.setEnd(node, offset);
    return parseInt(turn.getAttribute("data-offset"), 10) + range.toString().length;
  }

  function turnOf(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    return element ? element.closest(".turn-text") : null;
  }

  text.addEventListener("mouseup", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) { return; }
    var range = selection.getRangeAt(0);
    var turn = turnOf(range.startContainer);
    var endTurn = turnOf(range.endContainer);
    if (!turn || turn !== endTurn) { return; }
    var words = range.toString();
    if (!words.trim()) { return; }
    field("start").value = offsetIn(turn, range.startContainer, range.startOffset);
    field("end").value = offsetIn(turn, range.endContainer, range.endOffset);
    field("text").value = words;
  });

  // Typing in the text box means "find these words": forget a stale selection.
  field("text").addEventListener("input", function () {
    field("start").value = "";
    field("end").value = "";
  });
})();
