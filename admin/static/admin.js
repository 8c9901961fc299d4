"use strict";
// Small enhancements; every action works without this script.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) return;
  var source = document.getElementById(button.getAttribute("data-copy"));
  var status = button.parentElement.querySelector(".copied");
  // The words, in the panel's language, are on the body (admin/base.html).
  var words = document.body.dataset;
  var text = source.tagName === "INPUT" ? source.value : source.textContent;
  navigator.clipboard.writeText(text).then(
    function () { if (status) status.textContent = words.copied; },
    function () { if (status) status.textContent = words.copyFailed; }
  );
});
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});

// The embed builder: on every change, ask the server for the snippet and remount the
// real widget in the preview.
(function () {
  var form = document.getElementById("builder");
  if (!form) return;
  var box = document.getElementById("preview-box");
  var phone = document.getElementById("preview-phone-box");
  var hint = document.getElementById("layout-hint");
  var snippet = document.getElementById("snippet");
  var status = document.getElementById("builder-status");
  var pending = 0;

  function update() {
    var ticket = ++pending;
    var query = new URLSearchParams(new FormData(form)).toString();
    fetch(form.getAttribute("data-snippet-url") + "?" + query, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (ticket !== pending) return;
        var problems = Object.keys(body.errors || {}).map(function (name) {
          return body.errors[name].join(" ");
        });
        status.textContent = problems.join(" ");
        snippet.textContent = body.snippet;
        var layout = form.elements.layout;
        hint.textContent = layout.options[layout.selectedIndex].dataset.hint;
        // A floating badge takes a corner of the whole page: one is enough.
        phone.closest("figure").hidden = layout.value === "floating";
        [[box, "preview"], [phone, "preview-phone"]].forEach(function (place) {
          var widget = document.createElement("div");
          widget.id = place[1];
          body.attributes.forEach(function (pair) { widget.setAttribute(pair[0], pair[1]); });
          place[0].replaceChildren(widget);
          if (window.Vouch && !place[0].closest("figure").hidden) window.Vouch.mount(widget);
        });
        history.replaceState(null, "", "?" + query);
      })
      .catch(function () {
        if (ticket === pending) status.textContent = "The preview could not be updated.";
      });
  }

  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
})();

// Queue shortcuts: j/k move between reviews, p publish, s spam, r reject (reason),
// e reply, x choose for a bulk action. Listed on the page.
(function () {
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.review"));
  if (!cards.length) return;
  var current = -1;
  function focusCard(index) {
    current = Math.max(0, Math.min(cards.length - 1, index));
    cards[current].focus();
    cards[current].scrollIntoView({ block: "nearest" });
  }
  function inField(target) {
    return /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName) || target.isContentEditable;
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || inField(event.target)) return;
    var card = current >= 0 ? cards[current] : null;
    var key = event.key;
    if (key === "j") focusCard(current + 1);
    else if (key === "k") focusCard(current - 1);
    else if (!card) return;
    else if (key === "p") click(card, "button[value=publish]");
    else if (key === "s") click(card, "button[value=spam]");
    else if (key === "r") focusIn(card, "details.reject", "select[name=reason]");
    else if (key === "e") focusIn(card, "details.reply-box", "textarea[name=body]");
    else if (key === "x") click(card, "input.pick");
    else return;
    event.preventDefault();
  });
  document.addEventListener("focusin", function (event) {
    var index = cards.indexOf(event.target.closest && event.target.closest("article.review"));
    if (index >= 0) current = index;
  });
  function click(card, selector) {
    var target = card.querySelector(selector);
    if (target) target.click();
  }
  function focusIn(card, box, selector) {
    var details = card.querySelector(box);
    if (details) details.open = true;
    var target = card.querySelector(selector);
    if (target) target.focus();
  }

  // Publish, reject and spam without reloading the page: the review leaves the list,
  // the tab counts follow, focus moves to the next review. Any failure to talk to the
  // server falls back to the ordinary form post.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("moderate") || form.dataset.plain || event.defaultPrevented) {
      return;
    }
    var card = form.closest("article.review");
    var body = new FormData(form, event.submitter);
    event.preventDefault();
    // getAttribute: the form's "action" button would shadow form.action.
    fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (response.status !== 200 && response.status !== 422) throw new Error("status");
        return response.json();
      })
      .then(function (answer) {
        say(answer.message, answer.category, answer.undo);
        if (answer.category !== "success") return;
        count(document.querySelector("nav.tabs [aria-current=page] .count"), -1);
        count(document.querySelector(".count[data-status=" + answer.moved_to + "]"), 1);
        var index = cards.indexOf(card);
        cards.splice(index, 1);
        card.remove();
        if (cards.length) focusCard(index);
        else current = -1;
      })
      .catch(function () {
        form.dataset.plain = "yes";
        form.requestSubmit(event.submitter);
      });
  });
  function count(badge, change) {
    if (badge) badge.textContent = String(Math.max(0, Number(badge.textContent) + change));
  }
  function say(message, category, undo) {
    var main = document.getElementById("main");
    Array.prototype.forEach.call(main.querySelectorAll(":scope > .flash, .undo-offer"), function (old) {
      old.remove();
    });
    var note = document.createElement("p");
    note.className = "flash flash-" + category;
    note.setAttribute("role", category === "error" ? "alert" : "status");
    note.textContent = message;
    main.insertBefore(note, main.firstChild);
    if (undo) offerUndo(note, undo);
  }
  // A real undo, for a moment: an ordinary form, so the server puts the review back,
  // logs it and shows the queue with its message.
  function offerUndo(note, url) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = url;
    form.className = "inline";
    var token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrf_token";
    token.value = document.querySelector("input[name=csrf_token]").value;
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "undo";
    button.textContent = document.body.dataset.undo;
    form.appendChild(token);
    form.appendChild(button);
    note.appendChild(document.createTextNode(" "));
    note.appendChild(form);
    setTimeout(function () { form.remove(); }, Number(document.body.dataset.undoSeconds) * 1000);
  }
})();

// Imports: run the import step by step and draw its progress; without this script the
// form imports everything in one request.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute("data-import") || event.defaultPrevented) return;
  event.preventDefault();
  var button = form.querySelector("button[type=submit]");
  var box = form.querySelector(".import-progress");
  var bar = form.querySelector("progress");
  var status = form.querySelector("[role=status]");
  var words = form.dataset;
  button.disabled = true;
  box.hidden = false;
  function say(text, values) {
    status.textContent = text.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }
  function step() {
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (body) {
        bar.max = body.total;
        bar.value = body.done;
        say(words.progress, body);
        if (body.state === "importing") step();
        else window.location.reload();
      })
      .catch(function () {
        say(words.failed, {});
        button.disabled = false;
      });
  }
  step();
});
