/* Vouch embed. Paste where the reviews should appear:
 *  <div data-vouch="badge" data-business="SLUG"><a href="https://HOST/r/SLUG">Our reviews</a></div>
 *  <script async src="https://HOST/embed.js"></script>
 * Layouts: badge, micro, list, grid, histogram, floating (this file); carousel, form and
 * the floating panel load on demand from embed-more.js. Options: data-* (see the README).
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
  var MORE_LAYOUTS = { carousel: 1, form: 1 };
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
      stars: ["# star", "# stars"], starsUp: "# stars and up", all: "All ratings",
      show: "Show", sort: "Sort", featuredFirst: "Featured first", newest: "Newest",
      highest: "Highest rated", lowest: "Lowest rated", more: "Load more reviews",
      verified: "Verified customer", confirmed: "E-mail confirmed", report: "Report",
      featured: "Featured by {name}",
      reply: "Reply from {name}", empty: "No reviews yet. Be the first to write one!",
      emptyFilter: "No reviews match this filter.", shown: "Showing # of {total}",
      down: "Reviews are unavailable right now.", readAll: "Read all reviews",
      write: "Write a review", how: "How reviews are collected and checked",
      details: "All the details", of: "Reviews of {name}", breakdown: "Ratings breakdown",
      onlyStars: "Show only #-star reviews", close: "Close"
    },
    nl: {
      reviews: ["# review", "# reviews"], rated: "Beoordeeld met # van 5", none: "Nog geen reviews",
      stars: ["# ster", "# sterren"], starsUp: "# sterren en meer", all: "Alle beoordelingen",
      show: "Toon", sort: "Sorteer", featuredFirst: "Uitgelicht eerst", newest: "Nieuwste",
      highest: "Hoogste score", lowest: "Laagste score", more: "Meer reviews laden",
      verified: "Geverifieerde klant", confirmed: "E-mailadres bevestigd", report: "Melden",
      featured: "Uitgelicht door {name}",
      reply: "Reactie van {name}", empty: "Nog geen reviews. Schrijf de eerste!",
      emptyFilter: "Geen reviews voor dit filter.", shown: "# van {total} getoond",
      down: "Reviews zijn nu niet beschikbaar.", readAll: "Alle reviews lezen",
      write: "Schrijf een review", how: "Hoe reviews worden verzameld en gecontroleerd",
      details: "Alle details",
      of: "Reviews van {name}", breakdown: "Verdeling van de scores",
      onlyStars: "Toon alleen reviews met # sterren", close: "Sluiten"
    },
    de: {
      reviews: ["# Bewertung", "# Bewertungen"], rated: "Bewertet mit # von 5",
      none: "Noch keine Bewertungen", stars: ["# Stern", "# Sterne"], starsUp: "ab # Sternen",
      all: "Alle Bewertungen", show: "Zeigen", sort: "Sortieren",
      featuredFirst: "Hervorgehobene zuerst", newest: "Neueste", highest: "Beste zuerst",
      lowest: "Schlechteste zuerst", more: "Weitere Bewertungen laden",
      verified: "Verifizierter Kunde", confirmed: "E-Mail bestätigt", report: "Melden",
      featured: "Hervorgehoben von {name}",
      reply: "Antwort von {name}", empty: "Noch keine Bewertungen. Schreiben Sie die erste!",
      emptyFilter: "Keine Bewertungen für diesen Filter.", shown: "# von {total} angezeigt",
      down: "Bewertungen sind gerade nicht verfügbar.", readAll: "Alle Bewertungen lesen",
      write: "Bewertung schreiben", how: "Wie Bewertungen gesammelt und geprüft werden",
      details: "Alle Einzelheiten",
      of: "Bewertungen von {name}", breakdown: "Verteilung der Bewertungen",
      onlyStars: "Nur Bewertungen mit # Sternen zeigen", close: "Schließen"
    },
    fr: {
      reviews: ["# avis", "# avis"], rated: "Noté # sur 5", none: "Pas encore d’avis",
      stars: ["# étoile", "# étoiles"], starsUp: "# étoiles et plus", all: "Toutes les notes",
      show: "Afficher", sort: "Trier", featuredFirst: "À la une d’abord",
      newest: "Plus récents", highest: "Mieux notés", lowest: "Moins bien notés",
      more: "Charger plus d’avis", verified: "Client vérifié", confirmed: "E-mail confirmé",
      report: "Signaler", featured: "Mis en avant par {name}",
      reply: "Réponse de {name}", empty: "Pas encore d’avis. Soyez le premier à en écrire un !",
      emptyFilter: "Aucun avis pour ce filtre.", shown: "# sur {total} affichés",
      down: "Les avis sont indisponibles pour le moment.", readAll: "Lire tous les avis",
      write: "Écrire un avis", how: "Comment les avis sont collectés et vérifiés",
      details: "Tous les détails",
      of: "Avis sur {name}", breakdown: "Répartition des notes",
      onlyStars: "Afficher seulement les avis à # étoiles", close: "Fermer"
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

  function reviewPage(opts, query) {
    return getJSON(apiUrl(opts, "/reviews", query));
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

  function disclosure(ctx) {
    return el("details", { "class": "disclosure" },
      el("summary", { text: ctx.t("how") }),
      el("p", {}, ctx.data.disclosure + " ",
        el("a", { href: ctx.data.links.how_reviews_work, target: "_blank", rel: "noopener",
          text: ctx.t("details") })));
  }

  // How a review was verified, as the disclosure describes: invited, or e-mail confirmed.
  var CHECKS = { invitation: "verified", email_confirmed: "confirmed" };

  function reviewCard(ctx, review, tag) {
    var t = ctx.t, name = ctx.data.business.name, check = CHECKS[review.verification_method];
    var card = el(tag || "li", { "class": "review" + (review.featured ? " is-featured" : "") },
      el("div", { "class": "review-head" },
        stars(t, review.rating),
        check ? el("span", { "class": "tag verified", text: "✓ " + t(check) }) : null,
        // Imported from another platform: "via Google" reads the same in every language.
        review.imported_from ? el("span", { "class": "tag", text: "via " + review.imported_from })
          : null,
        review.featured ? el("span", { "class": "tag", text: t("featured", null, { name: name }) })
          : null),
      review.title ? el("strong", { "class": "review-title", text: review.title }) : null,
      el("p", { "class": "review-body", text: review.body }),
      el("p", { "class": "meta" },
        el("span", { "class": "author", text: review.author_name }), " · ",
        el("time", { datetime: review.created_at, title: t.date(review.created_at),
          text: t.ago(review.created_at) }), " · ",
        el("button", { type: "button", "class": "link", "aria-expanded": "false",
          text: t("report"), onclick: function (event) {
            var button = event.currentTarget;
            loadMore().then(function () { kit.reportForm(ctx, review, card, button); })
              .catch(function (error) { warn("more", error.message); });
          } })),
      review.reply ? el("blockquote", { "class": "reply" },
        el("strong", { text: t("reply", null, { name: name }) }),
        el("p", { text: review.reply.body })) : null);
    return card;
  }

  /* A page of reviews with filter, sort and "load more"; the summary never changes. */
  function reviewFeed(ctx, settings) {
    var t = ctx.t, opts = ctx.opts;
    var state = { minRating: opts.minRating, rating: settings.rating || null,
      sort: "featured", cursor: ctx.data.next_cursor, shown: 0, token: 0 };
    var list = el("ul", { "class": settings.grid ? "reviews grid" : "reviews" });
    var status = el("p", { "class": "feed-status", role: "status" });
    var more = el("button", { type: "button", "class": "more", text: t("more"),
      onclick: function () { load(false); } });

    function render(page, replace) {
      if (replace) { list.textContent = ""; state.shown = 0; }
      page.reviews.forEach(function (review) { list.appendChild(reviewCard(ctx, review)); });
      state.shown += page.reviews.length;
      state.cursor = page.next_cursor;
      more.hidden = !state.cursor;
      var total = page.total == null ? ctx.data.summary.count : page.total;
      status.textContent = !state.shown
        ? (ctx.data.summary.count ? t("emptyFilter") : t("empty"))
        : t("shown", state.shown, { total: new Intl.NumberFormat(t.locale).format(total) });
    }

    function load(replace) {
      var token = ++state.token;
      more.disabled = true;
      return reviewPage(opts, {
        per_page: opts.max, sort: state.sort, rating: state.rating,
        min_rating: state.rating ? null : state.minRating,
        cursor: replace ? null : state.cursor
      }).then(function (page) {
        if (token !== state.token) return;
        more.disabled = false;
        render(page, replace);
      }).catch(function (error) {
        more.disabled = false;
        status.textContent = t("down");
        warn("page", "could not load reviews: " + error.message);
      });
    }

    var controls = null;
    if (!settings.rating && ctx.data.summary.count) {
      var filter = el("select", { "class": "filter", onchange: function () {
        state.minRating = filter.value ? parseInt(filter.value, 10) : null;
        load(true);
      } }, el("option", { value: "", text: t("all") }));
      [5, 4, 3, 2].forEach(function (n) {
        filter.appendChild(el("option", { value: String(n),
          selected: n === state.minRating, text: n === 5 ? t("stars", 5) : t("starsUp", n) }));
      });
      if (state.minRating === 1) state.minRating = null;
      var sort = el("select", { "class": "sort", onchange: function () {
        state.sort = sort.value;
        load(true);
      } });
      ["featured", "newest", "highest", "lowest"].forEach(function (key) {
        sort.appendChild(el("option", { value: key, text: t(key === "featured" ? "featuredFirst" : key) }));
      });
      controls = el("div", { "class": "controls" },
        el("label", {}, el("span", { text: t("show") }), filter),
        el("label", {}, el("span", { text: t("sort") }), sort));
    }
    var feed = el("div", { "class": "feed" }, controls, list, more, status);
    feed.reload = function (rating) { state.rating = rating; return load(true); };
    if (settings.rating) load(true);
    else render(ctx.data, true);
    return feed;
  }

  function writeButton(ctx) {
    if (ctx.opts.form !== "show") return null;
    var slot = el("div", { "class": "form-slot" });
    var button = el("button", { type: "button", "class": "write", "aria-expanded": "false",
      text: ctx.t("write"), onclick: function () {
        if (slot.firstChild) {
          slot.textContent = "";
          button.setAttribute("aria-expanded", "false");
          return;
        }
        button.disabled = true;
        loadMore().then(function () {
          slot.appendChild(kit.layouts.form(ctx));
          button.setAttribute("aria-expanded", "true");
          var first = slot.querySelector("input");
          if (first) first.focus();
        }).catch(function (error) {
          warn("more", error.message);
        }).then(function () { button.disabled = false; });
      } });
    return el("div", { "class": "write-box" }, button, slot);
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
      list: function (ctx) { return listLayout(ctx, false); },
      grid: function (ctx) { return listLayout(ctx, true); },
      histogram: histogramLayout,
      floating: floatingLayout
    },
    limits: { list: true, grid: true, floating: true, carousel: true },
    el: el, stars: stars, summaryLine: summaryLine, reviewsLink: reviewsLink,
    disclosure: disclosure, reviewCard: reviewCard, translator: translator, warn: warn,
    apiUrl: apiUrl, header: header, reviewFeed: reviewFeed, writeButton: writeButton
  };

  function header(ctx) {
    return el("div", { "class": "header" },
      summaryLine(ctx, "p", { "class": "line" }),
      reviewsLink(ctx, "all", ctx.t("readAll")));
  }

  function listLayout(ctx, grid) {
    return el("section", { "class": "list", "aria-label": ctx.t("of", null, { name: ctx.data.business.name }) },
      header(ctx), disclosure(ctx), reviewFeed(ctx, { grid: grid }), writeButton(ctx));
  }

  function histogramLayout(ctx) {
    var t = ctx.t, summary = ctx.data.summary, feed = null, detail = el("div", {});
    var bars = el("ul", { "class": "bars" });
    [5, 4, 3, 2, 1].forEach(function (star) {
      var count = summary.distribution[String(star)];
      var share = summary.count ? count / summary.count : 0;
      var fill = el("span", { "class": "bar-fill" });
      fill.style.width = share * 100 + "%";
      var button = el("button", { type: "button", "class": "bar", "aria-pressed": "false",
        title: t("onlyStars", star), disabled: !count },
        el("span", { "class": "bar-label", text: t("stars", star) }),
        el("span", { "class": "bar-track" }, fill),
        el("span", { "class": "bar-share", text: t.percent(share) }),
        el("span", { "class": "sr", text: " (" + t("reviews", count) + ")" }));
      button.addEventListener("click", function () {
        var pressed = button.getAttribute("aria-pressed") === "true";
        var others = bars.querySelectorAll("[aria-pressed=true]");
        for (var i = 0; i < others.length; i++) others[i].setAttribute("aria-pressed", "false");
        if (pressed) { detail.textContent = ""; feed = null; return; }
        button.setAttribute("aria-pressed", "true");
        if (feed) feed.reload(star);
        else detail.appendChild(feed = reviewFeed(ctx, { rating: star }));
      });
      bars.appendChild(el("li", {}, button));
    });
    return el("section", { "class": "histogram", "aria-label": t("breakdown") },
      header(ctx), bars, detail, disclosure(ctx));
  }

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
    ".average{font-size:1.1em}.count,.meta,.feed-status,.all{font-size:.9em}.meta,.feed-status{color:var(--muted)}",
    ".header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5em}",
    ".disclosure{font-size:.85em;color:var(--muted);margin:.3em 0 .6em}.disclosure summary{cursor:pointer}",
    ".disclosure p{margin:.3em 0}",
    ".controls{display:flex;flex-wrap:wrap;gap:.8em;margin:.4em 0}.controls label{display:flex;gap:.4em;align-items:center;font-size:.9em}",
    "select,button,input,textarea{font:inherit;color:inherit}",
    "select{background:var(--vouch-bg,var(--bg));border:1px solid var(--muted);border-radius:6px;padding:.25em .4em}",
    ".reviews{list-style:none;margin:0;padding:0}",
    ".review{border-top:1px solid var(--line);padding:.8em 0}",
    ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(15em,1fr));gap:.8em}",
    ".grid .review,.slide .review{border:1px solid var(--line);border-radius:8px;padding:.8em;background:var(--soft)}",
    ".review-head{display:flex;flex-wrap:wrap;gap:.6em;align-items:center}",
    ".tag{font-size:.8em;color:var(--muted)}.verified{color:var(--ok)}",
    ".review-title{display:block;margin-top:.3em}.review-body{margin:.3em 0;white-space:pre-line;overflow-wrap:anywhere}",
    ".meta{margin:0}.reply{margin:.5em 0 0;padding:.4em .8em;border-left:3px solid var(--line);background:var(--soft)}",
    ".reply p{margin:.2em 0 0}",
    "button{cursor:pointer;border-radius:6px;padding:.45em .9em;border:1px solid var(--vouch-accent,var(--accent));",
    "background:transparent;color:var(--vouch-accent,var(--accent));margin:.6em .4em 0 0}",
    "button.link{border:0;padding:0;margin:0;background:none;text-decoration:underline;font-size:1em;color:inherit}",
    ".submit,.floating{background:var(--vouch-accent,var(--accent));color:var(--vouch-on-accent,var(--on-accent))}",
    "button:disabled{opacity:.6;cursor:default}",
    ":focus-visible{outline:3px solid var(--vouch-accent,var(--accent));outline-offset:2px}",
    ".bars{list-style:none;margin:.4em 0;padding:0}.bars li{margin:.2em 0}",
    ".bar{display:grid;grid-template-columns:6em 1fr 3.5em;gap:.6em;align-items:center;width:100%;margin:0;border:0;color:inherit;padding:.2em .3em}",
    ".bar[aria-pressed=true]{background:var(--soft);outline:1px solid var(--line)}",
    ".bar-label{text-align:left}.bar-share{text-align:right}",
    ".bar-track{height:.7em;border-radius:4px;background:var(--soft);border:1px solid var(--muted);overflow:hidden}",
    ".bar-fill{display:block;height:100%;background:var(--vouch-star,var(--star))}",
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
    var t = translator(opts.locale, STRINGS);
    var needsMore = MORE_LAYOUTS[opts.layout] ? loadMore() : null;
    var data = widgetData(opts, kit.limits[opts.layout] ? opts.max : 0, "featured");
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
