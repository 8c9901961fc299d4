/*! Vouch embed. Paste where the reviews should appear:
 *  <div data-vouch="badge" data-business="SLUG"></div>
 *  <script async src="https://HOST/embed.js"></script>
 */
(function () {
  "use strict";

  var VERSION = "0.1.0";
  if (window.Vouch && window.Vouch.version) {
    // Loaded twice: the first copy already mounts everything.
    window.Vouch.mount();
    return;
  }

  /* ---------- config ---------- */
  var currentScript = document.currentScript;
  var SCRIPT_BASE = currentScript && currentScript.src
    ? currentScript.src.replace(/\/embed(\.min)?\.js(\?.*)?$/, "")
    : "";
  var LAYOUTS = { badge: true, list: true };
  var logged = {};

  function configOf(host) {
    var locale = host.getAttribute("data-locale") ||
      document.documentElement.getAttribute("lang") || navigator.language || "en";
    return {
      layout: host.getAttribute("data-vouch"),
      business: host.getAttribute("data-business"),
      api: (host.getAttribute("data-api") || SCRIPT_BASE).replace(/\/$/, ""),
      locale: locale,
      perPage: 5
    };
  }

  function warnOnce(key, message) {
    if (logged[key]) return;
    logged[key] = true;
    if (window.console && console.warn) console.warn("[vouch] " + message);
  }

  /* ---------- api ---------- */
  var requests = {};

  function businessUrl(cfg, path) {
    return cfg.api + "/api/v1/businesses/" + encodeURIComponent(cfg.business) + path;
  }

  // "no-cache" revalidates with the ETag every time (a cheap 304 when nothing changed),
  // so a visitor never sees stale reviews from the browser cache; shared caches in
  // front of Vouch still serve within max-age.
  function getJSON(url) {
    return fetch(url, { credentials: "omit", mode: "cors", cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
      return response.json();
    });
  }

  function widgetData(cfg) {
    var url = businessUrl(cfg, "/widget?limit=" + cfg.perPage);
    if (!requests[url]) requests[url] = getJSON(url);
    return requests[url];
  }

  function moreReviews(cfg, cursor) {
    return getJSON(businessUrl(cfg, "/reviews?per_page=" + cfg.perPage +
      "&cursor=" + encodeURIComponent(cursor)));
  }

  function submitReview(cfg, payload, idempotencyKey) {
    return fetch(businessUrl(cfg, "/reviews"), {
      method: "POST",
      credentials: "omit",
      mode: "cors",
      headers: { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey },
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().then(
        function (body) { return { status: response.status, body: body }; },
        function () { return { status: response.status, body: {} }; }
      );
    });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }

  /* ---------- render ---------- */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    var name;
    for (name in attrs || {}) {
      if (!Object.prototype.hasOwnProperty.call(attrs, name) || attrs[name] == null) continue;
      if (name === "text") node.textContent = attrs[name];
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), attrs[name]);
      else node.setAttribute(name, attrs[name]);
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child == null || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function formatAverage(cfg, value) {
    return new Intl.NumberFormat(cfg.locale, {
      minimumFractionDigits: 1, maximumFractionDigits: 1
    }).format(value);
  }

  function formatDate(cfg, iso) {
    return new Intl.DateTimeFormat(cfg.locale, { dateStyle: "medium" }).format(new Date(iso));
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  function stars(cfg, rating) {
    var label = rating == null ? "No ratings yet" :
      "Rated " + formatAverage(cfg, rating) + " out of 5";
    var width = rating == null ? 0 : Math.max(0, Math.min(100, rating * 20));
    return el("span", { "class": "stars", role: "img", "aria-label": label },
      el("span", { "class": "stars-empty", "aria-hidden": "true", text: "★★★★★" }),
      el("span", { "class": "stars-full", "aria-hidden": "true", text: "★★★★★",
        "data-width": String(width) }));
  }

  function sizeStars(root) {
    var fills = root.querySelectorAll(".stars-full");
    for (var i = 0; i < fills.length; i++) {
      fills[i].style.width = fills[i].getAttribute("data-width") + "%";
    }
  }

  function renderBadge(cfg, data) {
    var summary = data.summary;
    return el("div", { "class": "badge" },
      stars(cfg, summary.average),
      el("strong", { "class": "average",
        text: summary.average == null ? "–" : formatAverage(cfg, summary.average) }),
      el("span", { "class": "count", text: plural(summary.count, "review", "reviews") }));
  }

  function renderReview(cfg, review) {
    return el("li", { "class": "review" },
      el("div", { "class": "review-head" },
        stars(cfg, review.rating),
        review.verified ? el("span", { "class": "verified", text: "✓ Verified" }) : null),
      review.title ? el("strong", { "class": "review-title", text: review.title }) : null,
      el("p", { "class": "review-body", text: review.body }),
      el("p", { "class": "review-meta" },
        el("span", { "class": "author", text: review.author_name }),
        " · ",
        el("time", { datetime: review.created_at, text: formatDate(cfg, review.created_at) })),
      review.reply ? el("blockquote", { "class": "reply" },
        el("strong", { text: "Reply from the business" }),
        el("p", { text: review.reply.body })) : null);
  }

  function renderList(cfg, data) {
    var list = el("ul", { "class": "reviews" });
    data.reviews.forEach(function (review) { list.appendChild(renderReview(cfg, review)); });
    var cursor = data.next_cursor;
    var more = el("button", { type: "button", "class": "more", text: "Load more reviews" });
    more.addEventListener("click", function () {
      more.disabled = true;
      moreReviews(cfg, cursor).then(function (page) {
        page.reviews.forEach(function (review) { list.appendChild(renderReview(cfg, review)); });
        sizeStars(list);
        cursor = page.next_cursor;
        more.disabled = false;
        if (!cursor) more.remove();
      }).catch(function (error) {
        more.disabled = false;
        warnOnce("more", "could not load more reviews: " + error.message);
      });
    });
    var formSlot = el("div", { "class": "form-slot" });
    var write = el("button", { type: "button", "class": "write", "aria-expanded": "false",
      text: "Write a review" });
    write.addEventListener("click", function () {
      if (formSlot.firstChild) {
        formSlot.textContent = "";
        write.setAttribute("aria-expanded", "false");
        return;
      }
      formSlot.appendChild(renderForm(cfg));
      write.setAttribute("aria-expanded", "true");
      var first = formSlot.querySelector("input");
      if (first) first.focus();
    });
    return el("section", { "class": "list", "aria-label": "Reviews of " + data.business.name },
      renderBadge(cfg, data),
      el("p", { "class": "disclosure", text: data.disclosure }),
      data.reviews.length ? list : el("p", { "class": "empty", text: "No reviews yet. Be the first!" }),
      cursor ? more : null,
      write,
      formSlot);
  }

  var FIELDS = [
    { name: "title", label: "Title (optional)", type: "text", max: 120 },
    { name: "body", label: "Your review", type: "textarea", max: 5000, required: true },
    { name: "author_name", label: "Your name (shown with the review)", type: "text", max: 80,
      required: true, autocomplete: "name" },
    { name: "author_email", label: "Your e-mail (never shown)", type: "email", max: 254,
      required: true, autocomplete: "email" }
  ];

  function errorSlot(name) {
    return el("p", { "class": "field-error", id: "err-" + name, "aria-live": "polite" });
  }

  function renderForm(cfg) {
    var key = newKey();
    var ratingGroup = el("fieldset", { "class": "rating-input", "aria-describedby": "err-rating" },
      el("legend", { text: "Your rating" }));
    [1, 2, 3, 4, 5].forEach(function (value) {
      var id = "rating-" + value;
      ratingGroup.appendChild(el("span", { "class": "rating-option" },
        el("input", { type: "radio", name: "rating", value: String(value), id: id }),
        el("label", { "for": id, text: value + (value === 1 ? " star" : " stars") })));
    });
    var form = el("form", { "class": "form", novalidate: "" },
      ratingGroup, errorSlot("rating"));
    FIELDS.forEach(function (field) {
      var input = field.type === "textarea"
        ? el("textarea", { name: field.name, id: "f-" + field.name, rows: "4",
            maxlength: String(field.max), "aria-describedby": "err-" + field.name })
        : el("input", { name: field.name, id: "f-" + field.name, type: field.type,
            maxlength: String(field.max), autocomplete: field.autocomplete || null,
            "aria-describedby": "err-" + field.name });
      if (field.required) input.setAttribute("aria-required", "true");
      form.appendChild(el("div", { "class": "field" },
        el("label", { "for": "f-" + field.name, text: field.label }), input,
        errorSlot(field.name)));
    });
    form.appendChild(el("div", { "class": "field consent" },
      el("input", { type: "checkbox", name: "consent", id: "f-consent",
        "aria-describedby": "err-consent" }),
      el("label", { "for": "f-consent",
        text: "I agree that my review, name and rating are published. My e-mail is kept " +
          "private and used only to contact me about this review." }),
      errorSlot("consent")));
    var status = el("p", { "class": "form-status", role: "status", "aria-live": "polite" });
    var submit = el("button", { type: "submit", "class": "submit", text: "Send review" });
    form.appendChild(submit);
    form.appendChild(status);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var checked = form.querySelector("input[name=rating]:checked");
      var payload = {
        rating: checked ? parseInt(checked.value, 10) : null,
        title: form.elements.title.value,
        body: form.elements.body.value,
        author_name: form.elements.author_name.value,
        author_email: form.elements.author_email.value,
        consent: form.elements.consent.checked
      };
      var problems = checkForm(payload);
      showErrors(form, problems);
      if (Object.keys(problems).length) {
        status.textContent = "Please correct the marked fields.";
        return;
      }
      submit.disabled = true;
      status.textContent = "Sending…";
      submitReview(cfg, payload, key).then(function (result) {
        submit.disabled = false;
        if (result.status === 201) {
          var published = result.body.status === "published";
          var thanks = el("div", { "class": "thanks", role: "status", tabindex: "-1" },
            el("strong", { text: "Thank you for your review!" }),
            el("p", { text: published ? "It is now published."
              : "It was received and is awaiting moderation." }));
          form.replaceWith(thanks);
          thanks.focus();
          return;
        }
        if (result.status === 422 && result.body.errors) {
          showErrors(form, result.body.errors);
          status.textContent = "Please correct the marked fields.";
          return;
        }
        status.textContent = result.body.message ||
          "Your review could not be sent. Please try again in a moment.";
      }).catch(function () {
        submit.disabled = false;
        status.textContent = "Your review could not be sent. Check your connection and try again.";
      });
    });
    return form;
  }

  // The API's own messages (embed/schemas.py) for what can be checked before sending;
  // the server checks everything again.
  var MESSAGES = {
    rating: "Give a rating from 1 to 5 stars.",
    body: "Write a few words about your experience.",
    author_name: "Give the name to show with your review.",
    email_missing: "Give your e-mail address; it is never shown.",
    email_invalid: "Give a valid e-mail address.",
    consent: "Please agree so we can publish your review."
  };

  function checkForm(payload) {
    var problems = {};
    if (!payload.rating) problems.rating = [MESSAGES.rating];
    if (!payload.body.trim()) problems.body = [MESSAGES.body];
    if (!payload.author_name.trim()) problems.author_name = [MESSAGES.author_name];
    var email = payload.author_email.trim();
    if (!email) problems.author_email = [MESSAGES.email_missing];
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.author_email = [MESSAGES.email_invalid];
    if (!payload.consent) problems.consent = [MESSAGES.consent];
    return problems;
  }

  function showErrors(form, errors) {
    var slots = form.querySelectorAll(".field-error");
    for (var i = 0; i < slots.length; i++) {
      var name = slots[i].id.slice(4);
      var messages = errors[name];
      slots[i].textContent = messages ? [].concat(messages).join(" ") : "";
      var input = form.querySelector("[aria-describedby='err-" + name + "']");
      if (input) {
        if (messages) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
    }
    var firstInvalid = form.querySelector("[aria-invalid=true]");
    if (firstInvalid) {
      var focusable = firstInvalid.tagName === "FIELDSET"
        ? firstInvalid.querySelector("input") : firstInvalid;
      focusable.focus();
    }
  }

  var CSS = [
    // Host-page rules on the host element beat :host rules and would inherit inwards,
    // so inherited properties are reset and set on the widget's own root element.
    ":host{display:block}",
    ":host([data-vouch=badge]){display:inline-block}",
    ".root{all:initial;display:block;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,",
    "sans-serif;color:var(--vouch-text,#1c1b22);--vouch-accent:#2f5bd3;--vouch-star:#b26b00}",
    "*{box-sizing:border-box}",
    ".badge{display:inline-flex;align-items:center;gap:.4em}",
    ".stars{position:relative;display:inline-block;line-height:1;letter-spacing:1px;font-size:1.1em}",
    ".stars-empty{color:#c9c9d2}",
    ".stars-full{position:absolute;left:0;top:0;overflow:hidden;white-space:nowrap;color:var(--vouch-star)}",
    ".average{font-size:1.1em}",
    ".count,.review-meta,.disclosure{color:#55545f}",
    ".disclosure{font-size:.8em;margin:.4em 0 1em}",
    ".reviews{list-style:none;margin:0;padding:0}",
    ".review{border-top:1px solid #e2e2ea;padding:.8em 0}",
    ".review-head{display:flex;gap:.6em;align-items:center}",
    ".verified{color:#1d6b3a;font-size:.85em}",
    ".review-title{display:block;margin-top:.3em}",
    ".review-body{margin:.3em 0;white-space:pre-line}",
    ".review-meta{font-size:.85em;margin:0}",
    ".reply{margin:.5em 0 0;padding:.4em .8em;border-left:3px solid #d6d6e0;background:#f6f6f9}",
    ".reply p{margin:.2em 0 0}",
    "button{font:inherit;cursor:pointer;border-radius:6px;padding:.45em .9em;border:1px solid var(--vouch-accent);",
    "background:#fff;color:var(--vouch-accent);margin:.6em .4em 0 0}",
    "button.submit{background:var(--vouch-accent);color:#fff}",
    "button:disabled{opacity:.6;cursor:default}",
    ":focus-visible{outline:3px solid var(--vouch-accent);outline-offset:2px}",
    ".form{margin-top:.8em;max-width:36em}",
    ".field{margin:.6em 0}",
    ".field label{display:block;font-weight:600;margin-bottom:.2em}",
    ".field input[type=text],.field input[type=email],textarea{width:100%;font:inherit;padding:.45em;",
    "border:1px solid #8d8c99;border-radius:6px;background:#fff;color:inherit}",
    ".consent{display:grid;grid-template-columns:auto 1fr;gap:.5em;align-items:start}",
    ".consent label{font-weight:400}",
    ".consent .field-error{grid-column:1/-1}",
    "fieldset{border:0;padding:0;margin:0}",
    "legend{font-weight:600;margin-bottom:.2em}",
    ".rating-option{display:inline-flex;align-items:center;margin-right:.8em}",
    ".rating-option label{margin-left:.2em}",
    "[aria-invalid=true]{border-color:#a3161a!important}",
    ".field-error{color:#a3161a;margin:.2em 0;font-size:.9em}",
    ".field-error:empty{display:none}",
    ".thanks{padding:1em;border-radius:8px;background:#e9f5ee;margin-top:.8em}",
    ".fallback,.empty{color:#55545f}"
  ].join("");

  function applyStyles(shadow) {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet];
    } catch (error) {
      shadow.appendChild(el("style", { text: CSS }));
    }
  }

  /* ---------- mount ---------- */
  function mountOne(host) {
    if (host.shadowRoot) return;
    var cfg = configOf(host);
    if (!LAYOUTS[cfg.layout] || !cfg.business) {
      warnOnce("config:" + cfg.layout, "unknown layout '" + cfg.layout +
        "' or missing data-business; expected data-vouch=\"badge\" or \"list\"");
      return;
    }
    var shadow = host.attachShadow({ mode: "open" });
    applyStyles(shadow);
    var root = el("div", { "class": "root", "aria-busy": "true" });
    shadow.appendChild(root);
    widgetData(cfg).then(function (data) {
      root.textContent = "";
      root.appendChild(cfg.layout === "badge" ? renderBadge(cfg, data) : renderList(cfg, data));
      root.removeAttribute("aria-busy");
      sizeStars(root);
    }).catch(function (error) {
      warnOnce("load:" + cfg.business, "could not load reviews for '" + cfg.business + "': " +
        error.message);
      root.removeAttribute("aria-busy");
      root.textContent = "";
      root.appendChild(el("p", { "class": "fallback", text: "Reviews are unavailable right now." }));
    });
  }

  function mount(target) {
    try {
      if (target && target.nodeType === 1) {
        mountOne(target);
        return;
      }
      var hosts = document.querySelectorAll("[data-vouch]");
      for (var i = 0; i < hosts.length; i++) mountOne(hosts[i]);
    } catch (error) {
      warnOnce("mount", "could not mount: " + (error && error.message));
    }
  }

  /* ---------- boot ---------- */
  window.Vouch = { mount: mount, version: VERSION };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { mount(); });
  } else {
    mount();
  }
})();
