// Transcript review: move through spans with j/k (or Tab), accept with a, reject with r (with
// Shift: every occurrence of the same words), and add a span by selecting words. Decisions go by
// fetch and update the page in place (issue 15); every action is an ordinary form, so the page
// works without this file (the forms take start/end or the exact text). The single-key
// shortcuts follow the user's account setting (WCAG 2.1.4).
(function () {
  "use strict";

  var text = document.getElementById("transcript-text");
  if (!text) { return; }
  var marks = Array.prototype.slice.call(text.querySelectorAll("mark.span"));
  var current = -1;
  var advanced = false;  // the page moved on by itself after a decision: the next j stays put
  var shortcuts = text.getAttribute("data-shortcuts") === "on";
  var status = document.getElementById("review-status");
  var busy = false;

  function rowOf(mark) {
    return mark ? document.getElementById("row-" + mark.getAttribute("data-span")) : null;
  }

  function indexOfSpan(id) {
    for (var i = 0; i < marks.length; i++) {
      if (marks[i].getAttribute("data-span") === String(id)) { return i; }
    }
    return -1;
  }

  function select(index, focus) {
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
    if (focus && document.activeElement !== mark) { mark.focus({preventScroll: true}); }
    mark.scrollIntoView({block: "center"});
    if (row) {
      row.classList.add("is-current");
      row.scrollIntoView({block: "nearest"});
    }
  }

  function say(message) {
    if (!status) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function press(action, everywhere) {
    var row = rowOf(marks[current]);
    var button = row && row.querySelector('button[data-action="' + action + '"]');
    var all = row && row.querySelector('input[name="everywhere"]');
    if (all) { all.checked = everywhere; }
    if (button) { button.click(); }
  }

  // Decisions go by fetch with the CSRF header and update the page in place; the form posts
  // as an ordinary form whenever something is not as expected (no JSON back, no fetch).
  function show(decided) {
    var mark = marks[indexOfSpan(decided.id)];
    var row = document.getElementById("row-" + decided.id);
    ["is-pending", "is-accepted", "is-rejected"].forEach(function (name) {
      if (mark) { mark.classList.remove(name); }
      if (row) { row.classList.remove(name); }
    });
    if (mark) {
      mark.classList.add("is-" + decided.decision);
      mark.title = decided.category + " · " + decided.label;
    }
    if (row) {
      row.classList.add("is-" + decided.decision);
      var word = row.querySelector(".decision");
      if (word) { word.textContent = decided.label; }
      var version = row.querySelector('input[name="version"]');
      if (version) { version.value = decided.version; }
      var all = row.querySelector('input[name="everywhere"]');
      if (all) { all.checked = false; }
    }
  }

  function showProgress(data) {
    var count = document.getElementById("pending-count");
    if (count) { count.textContent = data.pending_text; }
    var version = document.getElementById("transcript-version");
    if (version) { version.value = data.transcript_version; }
    var note = document.getElementById("approve-note");
    var approve = document.getElementById("approve-button");
    if (data.pending === 0 && note && note.getAttribute("data-done")) {
      note.textContent = note.getAttribute("data-done");
    }
    if (approve && data.pending === 0 && !approve.hasAttribute("data-unmapped")) {
      approve.disabled = false;
    }
  }

  // POST a form's fields by fetch with its CSRF token; the JSON answer, or a rejection (the
  // caller then posts the form the plain way) when the server answered anything else.
  function postForm(form, body) {
    var token = form.querySelector('input[name="csrf_token"]');
    return fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": token ? token.value : ""}
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) { throw new Error("not json"); }
      return response.json();
    });
  }

  function decide(form, submitter) {
    var body = new FormData(form);
    if (submitter && submitter.name) { body.set(submitter.name, submitter.value); }
    var decidedId = form.closest("tr") ? form.closest("tr").id.replace("row-", "") : null;
    busy = true;
    return postForm(form, body).then(function (data) {
      busy = false;
      if (!data.ok) { say(data.message); return; }
      data.decided.forEach(show);
      showProgress(data);
      say(data.message);
      var stillHere = current >= 0 && marks[current].getAttribute("data-span") === decidedId;
      if (stillHere || current < 0) {
        var next = data.next !== null ? indexOfSpan(data.next) : -1;
        if (next >= 0) {
          select(next, true);
          advanced = true;
        } else if (data.pending === 0) {
          var approve = document.getElementById("approve-button");
          if (approve && !approve.disabled) { approve.focus(); }
        }
      }
    }).catch(function () {
      busy = false;
      form.submit();  // the ordinary post: the page reloads as it did before
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("decide") || !window.fetch) { return; }
    event.preventDefault();
    if (busy) { return; }
    decide(form, event.submitter);
  });

  function bindMarks() {
    marks.forEach(function (mark, index) {
      mark.addEventListener("click", function () { select(index, true); advanced = false; });
      mark.addEventListener("focus", function () {
        if (current !== index) { select(index, false); advanced = false; }
      });
    });
  }

  // Start at the span named in the address (the server sends the next unreviewed one).
  var hash = window.location.hash.replace("#span-", "");
  bindMarks();
  marks.forEach(function (mark, index) {
    if (mark.getAttribute("data-span") === hash && current < 0) { select(index, false); }
  });

  // An edited span changes the text's marks: the page's review parts are fetched again and
  // swapped in place (no reload), then the edited span is selected.
  function refresh(spanId) {
    return fetch(window.location.pathname, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var newText = fresh.getElementById("transcript-text");
        var list = document.querySelector(".span-list");
        var newList = fresh.querySelector(".span-list");
        if (!newText || !list || !newList) { window.location.reload(); return; }
        text.innerHTML = newText.innerHTML;
        list.innerHTML = newList.innerHTML;
        ["pending-count", "approve-note"].forEach(function (id) {
          var here = document.getElementById(id);
          var there = fresh.getElementById(id);
          if (here && there) { here.textContent = there.textContent; }
        });
        var version = document.getElementById("transcript-version");
        var newVersion = fresh.getElementById("transcript-version");
        if (version && newVersion) { version.value = newVersion.value; }
        var approve = document.getElementById("approve-button");
        var newApprove = fresh.getElementById("approve-button");
        if (approve && newApprove) { approve.disabled = newApprove.disabled; }
        if (window.Dala && window.Dala.enhanceTables) { window.Dala.enhanceTables(list); }
        marks = Array.prototype.slice.call(text.querySelectorAll("mark.span"));
        current = -1;
        bindMarks();
        var index = indexOfSpan(spanId);
        if (index >= 0) { select(index, true); }
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("edit-span-form") || !window.fetch) { return; }
    event.preventDefault();
    postForm(form, new FormData(form)).then(function (data) {
      say(data.message);
      if (data.ok) { return refresh(data.span); }
    }).catch(function () { form.submit(); });
  });

  document.addEventListener("keydown", function (event) {
    if (!shortcuts) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.ctrlKey || event.metaKey || event.altKey ||
        tag === "input" || tag === "select" || tag === "textarea" || event.target.isContentEditable) {
      return;
    }
    var handled = true;
    if (event.key === "j") {
      if (advanced && current >= 0) { select(current, true); } else { select(current + 1, true); }
      advanced = false;
    } else if (event.key === "k") {
      select(current < 0 ? marks.length - 1 : current - 1, true);
      advanced = false;
    } else if ((event.key === "a" || event.key === "A") && current >= 0) {
      if (!busy) { press("accept", event.shiftKey); }
    } else if ((event.key === "r" || event.key === "R") && current >= 0) {
      if (!busy) { press("reject", event.shiftKey); }
    } else { handled = false; }
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
