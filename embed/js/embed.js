/* Vouch embed. Paste where the reviews should appear:
 *  <div data-vouch="badge" data-business="SLUG"><a href="https://HOST/r/SLUG">Our reviews</a></div>
 *  <script async src="https://HOST/embed.js"></script>
 * Layouts: badge, micro and floating paint from this file alone; list, grid, histogram,
 * carousel, form and the floating panel need embed-more.js, which is fetched alongside
 * the widget's data when a page uses them. Options: data-* (see the README).
 */
/*! Vouch embed · readable source: embed.js.map */
(function () {
  "use strict";

  var VERSION = "0.3.0";
  if (window.Vouch && window.Vouch.version) {
    // Loaded twice (or async and defer): the first copy mounts; this one only re-scans.
    window.Vouch.mount();
    return;
  }

  var currentScript = document.currentScript;
  var SCRIPT_BASE = currentScript && currentScript.src
    ? currentScript.src.replace(/\/embed(-more)?\.js(\?.*)?$/, "")
    : "";
  var MORE_LAYOUTS = { list: 1, grid: 1, histogram: 1, carousel: 1, form: 1 };
  var SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
  var logged = {};

  function warn(key, message) {
    if (logged[key]) return;
    logged[key] = 1;
    if (window.console && console.warn) console.warn("[vouch] " + message);
  }

  /* ---------- language ---------- */
  // "#" is the number, "{name}" the business; plural entries are [one, other].
  var STRINGS = {
    en: {
      reviews: ["# review", "# reviews"], rated: "Rated # out of 5", none: "No reviews yet",
      down: "Reviews are unavailable right now.", readAll: "Read all reviews"
    },
    nl: {
      reviews: ["# review", "# reviews"], rated: "Beoordeeld met # van 5", none: "Nog geen reviews",
      down: "Reviews zijn nu niet beschikbaar.", readAll: "Alle reviews lezen"
    },
    de: {
      reviews: ["# Bewertung", "# Bewertungen"], rated: "Bewertet mit # von 5",
      none: "Noch keine Bewertungen", down: "Bewertungen sind gerade nicht verfügbar.",
      readAll: "Alle Bewertungen lesen"
    },
    fr: {
      reviews: ["# avis", "# avis"], rated: "Noté # sur 5", none: "Pas encore d’avis",
      down: "Les avis sont indisponibles pour le moment.", readAll: "Lire tous les avis"
    }
  };

  function resolveLocale(wanted) {
    var candidates = [wanted, document.documentElement.getAttribute("lang"), navigator.language];
    for (var i = 0; i < candidates.length; i++) {
      if (!candidates[i]) continue;
      try {
        var tag = Intl.getCanonicalLocales(candidates[i])[0];
        if (STRINGS[tag.split("-")[0]]) return tag;
      } catch (error) {
        if (i === 0) warn("locale", "data-locale '" + wanted + "' is not a language tag");
      }
    }
    return "en";
  }

  // A translator for one locale: t(key, number, vars); numbers are formatted by Intl.
  function translator(locale, table) {
    var lang = locale.split("-")[0];
    var rules = new Intl.PluralRules(locale);
    var numbers = new Intl.NumberFormat(locale);
    function t(key, count, vars) {
      var text = (table[lang] || table.en)[key];
      if (typeof text !== "string") text = text[rules.select(count) === "one" ? 0 : 1];
      if (count != null) text = text.replace("#", typeof count === "number" ? numbers.format(count) : count);
      for (var name in vars || {}) text = text.replace("{" + name + "}", vars[name]);
      return text;
    }
    t.locale = locale;
    t.average = function (value) {
      return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
        .format(value);
    };
    t.percent = function (value) {
      return new Intl.NumberFormat(locale, { style: "percent" }).format(value);
    };
    t.ago = function (iso) {
      var seconds = (new Date(iso).getTime() - Date.now()) / 1000;
      var steps = [[60, "second"], [3600, "minute"], [86400, "hour"], [2592000, "day"],
        [31536000, "month"], [Infinity, "year"]];
      var divisor = 1;
      for (var i = 0; i < steps.length; i++) {
        if (Math.abs(seconds) < steps[i][0]) {
          return new Intl.RelativeTimeFormat(locale, { numeric: "auto" })
            .format(Math.round(seconds / divisor), steps[i][1]);
        }
        divisor = steps[i][0];
      }
    };
    t.date = function (iso) {
      return new Intl.DateTimeFormat(locale, { dateStyle: "long" }).format(new Date(iso));
    };
    return t;
  }

  /* ---------- options ---------- */
  function intOption(host, name, low, high) {
    var raw = host.getAttribute("data-" + name);
    if (raw == null || raw === "") return null;
    var value = /^\d+$/.test(raw) ? parseInt(raw, 10) : NaN;
    if (value >= low && value <= high) return value;
    warn(name + raw, "data-" + name + "=\"" + raw + "\" must be a whole number from " + low +
      " to " + high + "; the default is used");
    return null;
  }

  function choice(host, name, allowed, fallback) {
    var raw = host.getAttribute("data-" + name);
    if (raw == null || raw === "") return fallback;
    if (allowed.indexOf(raw) >= 0) return raw;
    warn(name + raw, "data-" + name + "=\"" + raw + "\" must be one of " + allowed.join(", ") +
      "; " + (fallback ? "\"" + fallback + "\"" : "the default") + " is used");
    return fallback;
  }

  function optionsOf(host) {
    var layout = host.getAttribute("data-vouch");
    var business = host.getAttribute("data-business") || "";
    if (!kit.layouts[layout] && !MORE_LAYOUTS[layout]) {
      warn("layout" + layout, "data-vouch=\"" + layout + "\" is not a layout; use one of " +
        Object.keys(kit.layouts).concat(Object.keys(MORE_LAYOUTS)).join(", "));
      return null;
    }
    if (!SLUG.test(business)) {
      warn("business" + business, "data-business=\"" + business + "\" is not a business slug");
      return null;
    }
    var accent = host.getAttribute("data-accent");
    if (accent && !(window.CSS && CSS.supports("color", accent))) {
      warn("accent" + accent, "data-accent=\"" + accent + "\" is not a CSS colour");
      accent = null;
    }
    var product = (host.getAttribute("data-product") || "").trim();
    return {
      layout: layout,
      business: business,
      api: (host.getAttribute("data-api") || SCRIPT_BASE).replace(/\/$/, ""),
      locale: resolveLocale(host.getAttribute("data-locale")),
      // Empty: the owner's default from the server, else light.
      theme: choice(host, "theme", ["light", "dark", "auto"], ""),
      accent: accent,
      max: intOption(host, "max", 1, 50) || (layout === "grid" ? 9 : 5),
      minRating: intOption(host, "min-rating", 1, 5),
      form: choice(host, "form", ["show", "hide"], layout === "list" ? "show" : "hide"),
      product: product.slice(0, 200) === product ? product : (warn("product",
        "data-product is longer than 200 characters and is not used"), "")
    };
  }

  /* ---------- api ---------- */
  var requests = {};

  function apiUrl(opts, path, params) {
    var query = [];
    for (var name in params) {
      if (params[name] != null) query.push(name + "=" + encodeURIComponent(params[name]));
    }
    return opts.api + "/api/v1/businesses/" + opts.business + path +
      (query.length ? "?" + query.join("&") : "");
  }

  // "no-cache" revalidates with the ETag (a cheap 304 when nothing changed), so visitors
  // never see stale reviews from their own cache; shared caches still serve within max-age.
  function getJSON(url) {
    return fetch(url, { credentials: "omit", mode: "cors", cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
        return response.json();
      });
  }

  // Widgets of one business with the same options share one request.
  function widgetData(opts, limit, sort) {
    var url = apiUrl(opts, "/widget", {
      limit: limit, sort: sort, min_rating: limit ? opts.minRating : null, locale: opts.locale
    });
    if (!requests[url]) requests[url] = getJSON(url);
    return requests[url];
  }

  /* ---------- elements ---------- */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    for (var name in attrs || {}) {
      var value = attrs[name];
      if (value == null || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child == null || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function stars(t, rating) {
    var fill = el("span", { "class": "stars-full", "aria-hidden": "true", text: "★★★★★" });
    // CSSOM, not a style attribute: allowed by a host page's strict style-src.
    fill.style.width = (rating == null ? 0 : rating * 20) + "%";
    return el("span", { "class": "stars", role: "img",
      "aria-label": rating == null ? t("none") : t("rated", t.average(rating)) },
      el("span", { "aria-hidden": "true", text: "★★★★★" }), fill);
  }

  function summaryLine(ctx, tag, attrs) {
    var t = ctx.t, summary = ctx.data.summary;
    return el(tag, attrs,
      stars(t, summary.average),
      summary.count ? el("strong", { "class": "average", "aria-hidden": "true",
        text: t.average(summary.average) }) : null,
      el("span", { "class": "count", text: summary.count ? t("reviews", summary.count) : t("none") }));
  }

  function reviewsLink(ctx, cls, children) {
    return el("a", { "class": cls, href: ctx.data.links.reviews, target: "_blank",
      rel: "noopener" }, children);
  }

  /* ---------- layouts: each returns what goes inside the widget's root ---------- */
  var kit = {
    layouts: {
      badge: function (ctx) { return reviewsLink(ctx, "badge", summaryLine(ctx, "span", { "class": "line" })); },
      micro: function (ctx) {
        var t = ctx.t, summary = ctx.data.summary;
        return reviewsLink(ctx, "micro", summary.count ? el("span", {},
          el("span", { "aria-hidden": "true", text: t.average(summary.average) + " ★" }),
          el("span", { "class": "sr", text: t("rated", t.average(summary.average)) }),
          " · " + t("reviews", summary.count)) : t("none"));
      },
      floating: floatingLayout
    },
    limits: { list: true, grid: true, floating: true, carousel: true },
    strings: STRINGS, el: el, stars: stars, summaryLine: summaryLine, reviewsLink: reviewsLink,
    translator: translator, warn: warn, apiUrl: apiUrl, getJSON: getJSON, loadMore: loadMore
  };

  // The badge paints at once; the panel it opens comes from embed-more.js on first use.
  function floatingLayout(ctx) {
    var opener = el("button", { type: "button", "class": "floating", "aria-haspopup": "dialog",
      "aria-expanded": "false" }, summaryLine(ctx, "span", { "class": "line" }));
    var box = el("div", {}, opener);
    opener.addEventListener("click", function () {
      loadMore().then(function () {
        if (!box.openPanel) box.openPanel = kit.panel(ctx, opener, box);
        box.openPanel();
      }).catch(function (error) { warn("more", error.message); });
    });
    return box;
  }

  /* ---------- search engines ---------- */
  // Product review markup only: Google ignores AggregateRating that a business places
  // about itself (LocalBusiness/Organization), so nothing is emitted without data-product.
  var described = {};
  function structuredData(host, opts, summary) {
    var key = opts.business + "\n" + opts.product;
    if (!opts.product || !summary.count || described[key]) return;
    described[key] = 1;
    var data = {
      "@context": "https://schema.org", "@type": "Product", name: opts.product,
      aggregateRating: { "@type": "AggregateRating", ratingValue: summary.average,
        reviewCount: summary.count, bestRating: 5, worstRating: 1 }
    };
    // Light DOM of the widget's own element: crawlable, never rendered (no slot shows it).
    host.appendChild(el("script", { type: "application/ld+json", "data-vouch-ld": "",
      text: JSON.stringify(data) }));
  }

  /* ---------- styles ---------- */
  var DARK = "--bg:#1f1f26;--fg:#f1f1f4;--muted:#b9b9c6;--line:#44444f;--soft:#2a2a33;" +
    "--accent:#9db7ff;--on-accent:#10131c;--star:#ffc857;--empty:#6b6b78;--ok:#7fd59b";
  var STYLES = [
    // Host rules on the host element beat :host rules and inherited properties flow in,
    // so the root resets everything and sets its own font and colours.
    ":host{display:block}:host([data-vouch=badge]),:host([data-vouch=micro]){display:inline-block}",
    ".root{all:initial;display:block;font:15px/1.5 var(--vouch-font,system-ui,-apple-system,'Segoe UI',Roboto,sans-serif);",
    "--bg:#fff;--fg:#1c1b22;--muted:#55545f;--line:#dcdce4;--soft:#f5f5f8;--accent:#2f55c4;",
    "--on-accent:#fff;--star:#a35f00;--empty:#8a8a96;--ok:#1d6b3a;",
    "color:var(--vouch-text,var(--fg));background:var(--vouch-bg,var(--bg));",
    "border-radius:var(--vouch-radius,10px);padding:.6em .9em}",
    ".dark{" + DARK + "}@media (prefers-color-scheme:dark){.auto{" + DARK + "}}",
    "*{box-sizing:border-box}[hidden]{display:none!important}",
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    "a{color:var(--vouch-accent,var(--accent))}",
    ".badge,.micro{text-decoration:none;color:inherit}.badge:hover .count,.micro:hover{text-decoration:underline}",
    ".line{display:inline-flex;flex-wrap:wrap;align-items:center;gap:.4em;margin:0}",
    ".stars{position:relative;display:inline-block;line-height:1;letter-spacing:1px;font-size:1.1em;color:var(--empty)}",
    ".stars-full{position:absolute;left:0;top:0;overflow:hidden;white-space:nowrap;color:var(--vouch-star,var(--star))}",
    ".average{font-size:1.1em}.count{font-size:.9em}",
    "select,button,input,textarea{font:inherit;color:inherit}",
    "button{cursor:pointer;border-radius:6px;padding:.45em .9em;border:1px solid var(--vouch-accent,var(--accent));",
    "background:transparent;color:var(--vouch-accent,var(--accent));margin:.6em .4em 0 0}",
    ".submit,.floating{background:var(--vouch-accent,var(--accent));color:var(--vouch-on-accent,var(--on-accent))}",
    "button:disabled{opacity:.6;cursor:default}",
    ":focus-visible{outline:3px solid var(--vouch-accent,var(--accent));outline-offset:2px}",
    ".floating{position:fixed;right:1em;bottom:1em;z-index:2147483000;margin:0;box-shadow:0 2px 10px rgba(0,0,0,.3);border-radius:2em}",
    ".is-floating{padding:0;background:none}",
    ".floating .stars,.floating .stars-full{color:inherit}.floating .stars>:first-child{opacity:.4}",
    ".fallback{color:var(--muted);font-size:.9em;margin:0}"
  ].join("");

  var sheet = null;
  function styleRoot(shadow) {
    try {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(STYLES + (kit.css || ""));
      }
      shadow.adoptedStyleSheets = [sheet];
    } catch (error) {
      // Browsers without constructable stylesheets (Safari < 16.4).
      shadow.appendChild(el("style", { text: STYLES + (kit.css || "") }));
    }
  }

  /* ---------- the second file: form and carousel ---------- */
  var morePromise = null, moreLoaded = null;
  function loadMore() {
    if (!morePromise) {
      morePromise = new Promise(function (resolve, reject) {
        moreLoaded = resolve;
        // EMBED_MORE_DIGEST: set by embed/build.mjs to the built file's digest.
        var script = el("script", { src: SCRIPT_BASE + "/embed-more.js?v=" + EMBED_MORE_DIGEST, async: true });
        script.onerror = function () {
          morePromise = null;
          reject(new Error("could not load " + script.src));
        };
        (document.head || document.documentElement).appendChild(script);
      });
    }
    return morePromise;
  }

  // WCAG relative luminance of a 0xRRGGBB colour: text on the accent is dark or white.
  function luminance(rgb) {
    return [0.2126, 0.7152, 0.0722].reduce(function (sum, weight, i) {
      var c = (rgb >> (16 - 8 * i) & 255) / 255;
      return sum + weight * (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
    }, 0);
  }

  /* ---------- mount ---------- */
  function mountOne(host) {
    if (host.shadowRoot || host.vouchMounted) return;
    var opts = optionsOf(host);
    if (!opts) return;
    host.vouchMounted = true;
    var shadow = host.attachShadow({ mode: "open" });
    var root = el("div", { "aria-busy": "true" });
    // The requests go out first: the translator's Intl objects take the browser a
    // moment to make the first time, and they are made while the answers travel.
    var needsMore = MORE_LAYOUTS[opts.layout] ? loadMore() : null;
    var data = widgetData(opts, kit.limits[opts.layout] ? opts.max : 0, "featured");
    var t = translator(opts.locale, STRINGS);
    Promise.all([data, needsMore]).then(function (results) {
      // What the snippet leaves open, the owner's defaults decide.
      var defaults = results[0].defaults || {};
      opts.theme = opts.theme || defaults.theme || "light";
      opts.accent = opts.accent || defaults.accent;
      root.className = "root " + opts.theme + " is-" + opts.layout;
      if (opts.accent) {
        root.style.setProperty("--vouch-accent", opts.accent);
        var hex = /^#([0-9a-f]{6})$/i.exec(opts.accent);
        if (hex) root.style.setProperty("--vouch-on-accent", luminance(parseInt(hex[1], 16)) > 0.18 ? "#10131c" : "#fff");
      }
      var ctx = { opts: opts, t: t, data: results[0], host: host };
      styleRoot(shadow);
      shadow.appendChild(root);
      root.appendChild(kit.layouts[opts.layout](ctx));
      root.removeAttribute("aria-busy");
      structuredData(host, opts, ctx.data.summary);
      host.dispatchEvent(new CustomEvent("vouch:ready", { bubbles: true }));
    }).catch(function (error) {
      warn("load" + opts.business, "could not load reviews for '" + opts.business + "': " +
        error.message);
      styleRoot(shadow);
      // Quiet fallback: the host's own content (the snippet's link), else a short note.
      shadow.appendChild(el("slot", {}, el("p", { "class": "root fallback " + (opts.theme || "light") },
        t("down") + " ", el("a", { href: opts.api + "/r/" + opts.business, text: t("readAll") }))));
      host.dispatchEvent(new CustomEvent("vouch:error", { bubbles: true }));
    });
  }

  function mount(target) {
    var hosts = target && target.nodeType === 1 ? [target]
      : document.querySelectorAll("[data-vouch]");
    for (var i = 0; i < hosts.length; i++) {
      try {
        mountOne(hosts[i]);
      } catch (error) {
        warn("mount", "could not mount: " + (error && error.message));
      }
    }
  }

  /* ---------- boot ---------- */
  window.Vouch = {
    mount: mount,
    version: VERSION,
    // Called by embed-more.js with the layouts it adds.
    extend: function (install) {
      install(kit);
      // Widgets already on the page share the sheet, so they get the new rules too.
      if (sheet) sheet.replaceSync(STYLES + kit.css);
      if (moreLoaded) moreLoaded();
    }
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { mount(); });
  } else {
    mount();
  }
})();
