/* Vouch embed, second part: the list, grid and histogram layouts, the review form, the
 * carousel and the floating panel, loaded by embed.js only when a page uses them. */
/*! Vouch embed (lists, form, carousel, panel) · readable source: embed-more.js.map */
(function () {
  "use strict";

  if (!window.Vouch || !window.Vouch.extend) return;

  // English messages are the API's own (embed/schemas.py); a test keeps them equal.
  var STRINGS = {
    en: {
      notify: "E-mail me when my review is published, with a link to share it",
      confirmNext: "Look for our e-mail and confirm your address: confirmed reviews are marked as such.",
      notifyNext: "We will e-mail you once, when it is published.",
      left: "# characters left", over: "# characters too many",
      rating: "Your rating", star: ["# star", "# stars"], title: "Title (optional)",
      body: "Your review", name: "Your name (shown with the review)",
      email: "Your e-mail (never shown)",
      consent: "I agree that my review, name and rating are published. My e-mail is kept " +
        "private and used only to contact me about this review.",
      send: "Send review", sending: "Sending…", fix: "Please correct the marked fields.",
      thanks: "Thank you for your review!", published: "It is now published.",
      pending: "It was received and is awaiting moderation.",
      failed: "Your review could not be sent. Please try again in a moment.",
      offline: "Your review could not be sent. Check your connection and try again.",
      needRating: "Give a rating from 1 to 5 stars.",
      needBody: "Write a few words about your experience.",
      needName: "Give the name to show with your review.",
      needEmail: "Give your e-mail address; it is never shown.",
      badEmail: "Give a valid e-mail address.",
      needConsent: "Please agree so we can publish your review.",
      previous: "Previous review", next: "Next review", pause: "Pause", play: "Play",
      slide: "# of {total}", carousel: "Reviews", trap: "Leave this field empty",
      why: "What is wrong with this review?", details: "Details (optional)",
      replyTo: "Your e-mail, if you want an answer (optional)", sendReport: "Send report",
      cancel: "Cancel", reported: "Thank you. The business will look at this review.",
      reasons: ["It is illegal", "It is abusive, hateful or harassing",
        "It shows someone's personal data", "It is fake or not from a real customer",
        "It is not about this business", "Something else"]
    },
    nl: {
      notify: "Mail me als mijn review is gepubliceerd, met een link om hem te delen",
      confirmNext: "Kijk in je mail en bevestig je adres: bevestigde reviews worden zo gemarkeerd.",
      notifyNext: "We mailen je één keer, zodra hij is gepubliceerd.",
      left: "nog # tekens", over: "# tekens te veel",
      rating: "Jouw score", star: ["# ster", "# sterren"], title: "Titel (optioneel)",
      body: "Jouw review", name: "Je naam (getoond bij de review)",
      email: "Je e-mailadres (nooit getoond)",
      consent: "Ik ga ermee akkoord dat mijn review, naam en score worden gepubliceerd. " +
        "Mijn e-mailadres blijft privé en wordt alleen gebruikt voor contact over deze review.",
      send: "Review versturen", sending: "Bezig met versturen…",
      fix: "Verbeter de gemarkeerde velden.", thanks: "Bedankt voor je review!",
      published: "Hij is nu gepubliceerd.", pending: "Hij is ontvangen en wacht op moderatie.",
      failed: "Je review kon niet worden verstuurd. Probeer het zo opnieuw.",
      offline: "Je review kon niet worden verstuurd. Controleer je verbinding en probeer het opnieuw.",
      needRating: "Geef een score van 1 tot 5 sterren.",
      needBody: "Schrijf een paar woorden over je ervaring.",
      needName: "Geef de naam die bij je review komt te staan.",
      needEmail: "Geef je e-mailadres; het wordt nooit getoond.",
      badEmail: "Geef een geldig e-mailadres.",
      needConsent: "Ga akkoord zodat we je review kunnen publiceren.",
      previous: "Vorige review", next: "Volgende review", pause: "Pauzeren", play: "Afspelen",
      slide: "# van {total}", carousel: "Reviews", trap: "Laat dit veld leeg",
      why: "Wat is er mis met deze review?", details: "Toelichting (optioneel)",
      replyTo: "Je e-mailadres, als je antwoord wilt (optioneel)", sendReport: "Melding versturen",
      cancel: "Annuleren", reported: "Bedankt. Het bedrijf bekijkt deze review.",
      reasons: ["Hij is illegaal", "Hij is beledigend, hatelijk of intimiderend",
        "Hij toont persoonsgegevens van iemand", "Hij is nep of niet van een echte klant",
        "Hij gaat niet over dit bedrijf", "Iets anders"]
    },
    de: {
      notify: "Mir eine E-Mail senden, wenn meine Bewertung veröffentlicht ist, mit einem Link zum Teilen",
      confirmNext: "Bitte bestätigen Sie Ihre Adresse über den Link in unserer E-Mail: Bestätigte Bewertungen werden gekennzeichnet.",
      notifyNext: "Wir schreiben Ihnen einmal, sobald sie veröffentlicht ist.",
      left: "noch # Zeichen", over: "# Zeichen zu viel",
      rating: "Ihre Bewertung", star: ["# Stern", "# Sterne"], title: "Titel (optional)",
      body: "Ihr Erfahrungsbericht", name: "Ihr Name (wird angezeigt)",
      email: "Ihre E-Mail-Adresse (wird nie angezeigt)",
      consent: "Ich bin einverstanden, dass meine Bewertung, mein Name und meine Sterne " +
        "veröffentlicht werden. Meine E-Mail-Adresse bleibt privat und dient nur für " +
        "Rückfragen zu dieser Bewertung.",
      send: "Bewertung senden", sending: "Wird gesendet…",
      fix: "Bitte korrigieren Sie die markierten Felder.", thanks: "Danke für Ihre Bewertung!",
      published: "Sie ist jetzt veröffentlicht.",
      pending: "Sie ist eingegangen und wird vor der Veröffentlichung geprüft.",
      failed: "Ihre Bewertung konnte nicht gesendet werden. Bitte versuchen Sie es gleich noch einmal.",
      offline: "Ihre Bewertung konnte nicht gesendet werden. Prüfen Sie Ihre Verbindung.",
      needRating: "Vergeben Sie 1 bis 5 Sterne.",
      needBody: "Schreiben Sie ein paar Worte zu Ihrer Erfahrung.",
      needName: "Geben Sie den Namen an, der angezeigt werden soll.",
      needEmail: "Geben Sie Ihre E-Mail-Adresse an; sie wird nie angezeigt.",
      badEmail: "Geben Sie eine gültige E-Mail-Adresse an.",
      needConsent: "Bitte stimmen Sie zu, damit wir Ihre Bewertung veröffentlichen können.",
      previous: "Vorherige Bewertung", next: "Nächste Bewertung", pause: "Anhalten",
      play: "Abspielen", slide: "# von {total}", carousel: "Bewertungen",
      trap: "Dieses Feld leer lassen", why: "Was stimmt mit dieser Bewertung nicht?",
      details: "Einzelheiten (optional)",
      replyTo: "Ihre E-Mail-Adresse, falls Sie eine Antwort möchten (optional)",
      sendReport: "Meldung senden", cancel: "Abbrechen",
      reported: "Danke. Das Unternehmen sieht sich diese Bewertung an.",
      reasons: ["Sie ist rechtswidrig", "Sie ist beleidigend, hasserfüllt oder belästigend",
        "Sie zeigt personenbezogene Daten einer Person",
        "Sie ist gefälscht oder nicht von einem echten Kunden",
        "Sie betrifft nicht dieses Unternehmen", "Etwas anderes"]
    },
    fr: {
      notify: "M’écrire quand mon avis est publié, avec un lien pour le partager",
      confirmNext: "Cherchez notre e-mail et confirmez votre adresse : les avis confirmés sont signalés comme tels.",
      notifyNext: "Nous vous écrirons une fois, dès qu’il sera publié.",
      left: "encore # caractères", over: "# caractères de trop",
      rating: "Votre note", star: ["# étoile", "# étoiles"], title: "Titre (facultatif)",
      body: "Votre avis", name: "Votre nom (affiché avec l’avis)",
      email: "Votre e-mail (jamais affiché)",
      consent: "J’accepte que mon avis, mon nom et ma note soient publiés. Mon e-mail reste " +
        "privé et sert uniquement à me contacter au sujet de cet avis.",
      send: "Envoyer l’avis", sending: "Envoi…", fix: "Corrigez les champs signalés.",
      thanks: "Merci pour votre avis !", published: "Il est maintenant publié.",
      pending: "Il a été reçu et attend la modération.",
      failed: "Votre avis n’a pas pu être envoyé. Réessayez dans un instant.",
      offline: "Votre avis n’a pas pu être envoyé. Vérifiez votre connexion et réessayez.",
      needRating: "Donnez une note de 1 à 5 étoiles.",
      needBody: "Écrivez quelques mots sur votre expérience.",
      needName: "Indiquez le nom à afficher avec votre avis.",
      needEmail: "Indiquez votre adresse e-mail ; elle n’est jamais affichée.",
      badEmail: "Indiquez une adresse e-mail valide.",
      needConsent: "Acceptez pour que nous puissions publier votre avis.",
      previous: "Avis précédent", next: "Avis suivant", pause: "Pause", play: "Lecture",
      slide: "# sur {total}", carousel: "Avis", trap: "Laissez ce champ vide",
      why: "Quel est le problème avec cet avis ?", details: "Précisions (facultatif)",
      replyTo: "Votre e-mail, si vous souhaitez une réponse (facultatif)",
      sendReport: "Envoyer le signalement", cancel: "Annuler",
      reported: "Merci. L’entreprise examinera cet avis.",
      reasons: ["Il est illégal", "Il est injurieux, haineux ou harcelant",
        "Il montre les données personnelles de quelqu’un",
        "Il est faux ou ne vient pas d’un vrai client",
        "Il ne concerne pas cette entreprise", "Autre chose"]
    }
  };

  // The texts of the layouts in this file, added to embed.js's own (its translator reads
  // them): "#" is the number, "{name}" the business; plural entries are [one, other].
  var FEED_STRINGS = {
    en: {
      share: "Share",
      stars: ["# star", "# stars"], starsUp: "# stars and up", all: "All ratings", show: "Show",
      sort: "Sort", featuredFirst: "Featured first", newest: "Newest", highest: "Highest rated",
      lowest: "Lowest rated", more: "Load more reviews", verified: "Verified customer",
      confirmed: "E-mail confirmed", report: "Report", featured: "Featured by {name}",
      reply: "Reply from {name}", empty: "No reviews yet. Be the first to write one!",
      emptyFilter: "No reviews match this filter.", shown: "Showing # of {total}",
      write: "Write a review", how: "How reviews are collected and checked",
      details: "All the details", of: "Reviews of {name}", breakdown: "Ratings breakdown",
      onlyStars: "Show only #-star reviews", close: "Close"
    },
    nl: {
      share: "Delen",
      stars: ["# ster", "# sterren"], starsUp: "# sterren en meer", all: "Alle beoordelingen",
      show: "Toon", sort: "Sorteer", featuredFirst: "Uitgelicht eerst", newest: "Nieuwste",
      highest: "Hoogste score", lowest: "Laagste score", more: "Meer reviews laden",
      verified: "Geverifieerde klant", confirmed: "E-mailadres bevestigd", report: "Melden",
      featured: "Uitgelicht door {name}", reply: "Reactie van {name}",
      empty: "Nog geen reviews. Schrijf de eerste!", emptyFilter: "Geen reviews voor dit filter.",
      shown: "# van {total} getoond", write: "Schrijf een review",
      how: "Hoe reviews worden verzameld en gecontroleerd", details: "Alle details",
      of: "Reviews van {name}", breakdown: "Verdeling van de scores",
      onlyStars: "Toon alleen reviews met # sterren", close: "Sluiten"
    },
    de: {
      share: "Teilen",
      stars: ["# Stern", "# Sterne"], starsUp: "ab # Sternen", all: "Alle Bewertungen",
      show: "Zeigen", sort: "Sortieren", featuredFirst: "Hervorgehobene zuerst",
      newest: "Neueste", highest: "Beste zuerst", lowest: "Schlechteste zuerst",
      more: "Weitere Bewertungen laden", verified: "Verifizierter Kunde",
      confirmed: "E-Mail bestätigt", report: "Melden", featured: "Hervorgehoben von {name}",
      reply: "Antwort von {name}", empty: "Noch keine Bewertungen. Schreiben Sie die erste!",
      emptyFilter: "Keine Bewertungen für diesen Filter.", shown: "# von {total} angezeigt",
      write: "Bewertung schreiben", how: "Wie Bewertungen gesammelt und geprüft werden",
      details: "Alle Einzelheiten", of: "Bewertungen von {name}",
      breakdown: "Verteilung der Bewertungen", onlyStars: "Nur Bewertungen mit # Sternen zeigen",
      close: "Schließen"
    },
    fr: {
      share: "Partager",
      stars: ["# étoile", "# étoiles"], starsUp: "# étoiles et plus", all: "Toutes les notes",
      show: "Afficher", sort: "Trier", featuredFirst: "À la une d’abord", newest: "Plus récents",
      highest: "Mieux notés", lowest: "Moins bien notés", more: "Charger plus d’avis",
      verified: "Client vérifié", confirmed: "E-mail confirmé", report: "Signaler",
      featured: "Mis en avant par {name}", reply: "Réponse de {name}",
      empty: "Pas encore d’avis. Soyez le premier à en écrire un !",
      emptyFilter: "Aucun avis pour ce filtre.", shown: "# sur {total} affichés",
      write: "Écrire un avis", how: "Comment les avis sont collectés et vérifiés",
      details: "Tous les détails", of: "Avis sur {name}", breakdown: "Répartition des notes",
      onlyStars: "Afficher seulement les avis à # étoiles", close: "Fermer"
    }
  };

  window.Vouch.extend(function (kit) {
    var el = kit.el;
    var warn = kit.warn, stars = kit.stars, summaryLine = kit.summaryLine;
    var reviewsLink = kit.reviewsLink, loadMore = kit.loadMore;
    for (var lang in FEED_STRINGS) {
      for (var key in FEED_STRINGS[lang]) kit.strings[lang][key] = FEED_STRINGS[lang][key];
    }

    function reviewPage(opts, query) {
      return kit.getJSON(kit.apiUrl(opts, "/reviews", query));
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
          el("button", { type: "button", "class": "link", text: t("share"),
            onclick: function () { share(ctx, review); } }), " · ",
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

    /* Share a review: the browser's own share sheet where it has one, else the review's
       page, which has the share links. Nothing is loaded from any network. */
    function share(ctx, review) {
      var url = ctx.data.links.reviews + "/reviews/" + review.id;
      if (navigator.share) {
        navigator.share({ title: ctx.data.business.name, url: url })
          .catch(function () { /* closed by the visitor */ });
      } else {
        window.open(url, "_blank", "noopener");
      }
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

    var formCount = 0;

    function newKey() {
      if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
      var bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      return Array.prototype.map.call(bytes, function (b) {
        return (b + 256).toString(16).slice(1);
      }).join("");
    }

    // POST JSON; Accept-Language asks for the API's messages in the widget's language.
    function post(ctx, path, payload, headers) {
      return fetch(kit.apiUrl(ctx.opts, path, {}), {
        method: "POST", credentials: "omit", mode: "cors",
        headers: Object.assign({ "Content-Type": "application/json",
          "Accept-Language": ctx.t.locale }, headers),
        body: JSON.stringify(payload)
      }).then(function (response) {
        return response.json().then(
          function (body) { return { status: response.status, body: body }; },
          function () { return { status: response.status, body: {} }; });
      });
    }

    /* What the form must send back (widget.spam): a one-time token, and when the
       business asks for it, an ALTCHA proof of work solved while the visitor types. */
    function antiSpam(ctx) {
      return fetch(kit.apiUrl(ctx.opts, "/form", {}), { credentials: "omit", mode: "cors",
        cache: "no-store" }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).then(function (form) {
        var fields = { form_token: form.form_token };
        if (!form.challenge) return fields;
        return solve(form.challenge).then(function (number) {
          fields.altcha = btoa(JSON.stringify({ algorithm: form.challenge.algorithm,
            challenge: form.challenge.challenge, number: number, salt: form.challenge.salt,
            signature: form.challenge.signature }));
          return fields;
        });
      });
    }

    // SHA-256 (FIPS 180-4) of some bytes, as hex. Its constants are the fractional parts
    // of the square and cube roots of the first primes, computed once.
    var START = [], ROUND = [];
    for (var candidate = 2; ROUND.length < 64; candidate++) {
      for (var d = 2; d * d <= candidate && candidate % d; d++);
      if (d * d <= candidate) continue;
      if (START.length < 8) START.push(Math.pow(candidate, 1 / 2) * 4294967296 | 0);
      ROUND.push(Math.pow(candidate, 1 / 3) * 4294967296 | 0);
    }
    function sha256(bytes) {
      var blocks = ((bytes.length + 8) >> 6) + 1;
      var words = new Int32Array(blocks * 16), w = new Int32Array(64), h = START.slice();
      for (var i = 0; i < bytes.length; i++) words[i >> 2] |= bytes[i] << (24 - (i % 4) * 8);
      words[bytes.length >> 2] |= 0x80 << (24 - (bytes.length % 4) * 8);
      words[blocks * 16 - 1] = bytes.length * 8;
      for (var b = 0; b < words.length; b += 16) {
        for (var t = 0; t < 64; t++) {
          var x = w[t - 15], y = w[t - 2];
          w[t] = t < 16 ? words[b + t] : ((x >>> 7 | x << 25) ^ (x >>> 18 | x << 14) ^ (x >>> 3)) +
            w[t - 7] + ((y >>> 17 | y << 15) ^ (y >>> 19 | y << 13) ^ (y >>> 10)) + w[t - 16];
        }
        var s = h.slice();
        for (t = 0; t < 64; t++) {
          var a = s[0], e = s[4];
          var t1 = s[7] + ((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) +
            ((e & s[5]) ^ (~e & s[6])) + ROUND[t] + w[t] | 0;
          var t2 = ((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) +
            ((a & s[1]) ^ (a & s[2]) ^ (s[1] & s[2])) | 0;
          s.pop();
          s.unshift(t1 + t2 | 0);
          s[4] = s[4] + t1 | 0;
        }
        for (t = 0; t < 8; t++) h[t] = h[t] + s[t] | 0;
      }
      return h.map(function (v) { return ("0000000" + (v >>> 0).toString(16)).slice(-8); }).join("");
    }

    // Find n with SHA-256(salt + n) = challenge, a batch per task so the page stays live.
    // Pages on plain http:// have no crypto.subtle; they hash in script instead.
    function solve(challenge) {
      var encoder = new TextEncoder();
      function hex(buffer) {
        return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
          return (b + 256).toString(16).slice(1);
        }).join("");
      }
      function digest(text) {
        if (window.crypto && crypto.subtle) {
          return crypto.subtle.digest("SHA-256", encoder.encode(text)).then(hex);
        }
        return Promise.resolve(sha256(encoder.encode(text)));
      }
      function batch(start) {
        var tries = [];
        for (var n = start; n < start + 500 && n <= challenge.maxnumber; n++) {
          tries.push(digest(challenge.salt + n));
        }
        return Promise.all(tries).then(function (hashes) {
          for (var i = 0; i < hashes.length; i++) {
            if (hashes[i] === challenge.challenge) return start + i;
          }
          if (start + 500 > challenge.maxnumber) throw new Error("no solution");
          return new Promise(function (resolve) { setTimeout(resolve, 0); })
            .then(function () { return batch(start + 500); });
        });
      }
      return batch(0);
    }

    function form(ctx) {
      var t = kit.translator(ctx.t.locale, STRINGS);
      var key = newKey();
      var id = "f" + (++formCount) + "-";
      function errorSlot(name) {
        return el("p", { "class": "field-error", id: id + "err-" + name, "data-field": name });
      }
      var group = el("fieldset", { "class": "rating-input", "aria-describedby": id + "err-rating" },
        el("legend", { text: t("rating") }));
      // One row of five large stars: still a native radio group (arrow keys, a label
      // per star), drawn by the stylesheet.
      var row = el("div", { "class": "star-row" });
      [1, 2, 3, 4, 5].forEach(function (value) {
        row.appendChild(el("span", { "class": "rating-option" },
          el("input", { type: "radio", name: "rating", value: String(value), id: id + "r" + value }),
          el("label", { "for": id + "r" + value },
            el("span", { "class": "sr", text: t("star", value) }))));
      });
      group.appendChild(row);
      var node = el("form", { "class": "form", novalidate: true }, group, errorSlot("rating"));
      [
        { name: "title", type: "text", max: 120 },
        { name: "body", type: "textarea", max: 5000, required: true },
        { name: "author_name", label: "name", type: "text", max: 80, required: true, auto: "name" },
        { name: "author_email", label: "email", type: "email", max: 254, required: true, auto: "email" }
      ].forEach(function (field) {
        var long = field.type === "textarea";
        // The review is never cut: a counter shows what is left near the limit.
        var attrs = { name: field.name, id: id + field.name, maxlength: long ? null : String(field.max),
          "aria-describedby": id + "err-" + field.name + (long ? " " + id + "count" : ""),
          "aria-required": field.required ? "true" : null };
        var input = long ? el("textarea", Object.assign({ rows: "4" }, attrs))
          : el("input", Object.assign({ type: field.type, autocomplete: field.auto || null }, attrs));
        var counter = long ? el("p", { "class": "counter", id: id + "count", "aria-live": "polite" }) : null;
        if (counter) {
          input.addEventListener("input", function () {
            var left = field.max - input.value.length;
            counter.textContent = left > field.max * 0.1 ? "" : t(left < 0 ? "over" : "left", Math.abs(left));
            counter.classList.toggle("over", left < 0);
          });
        }
        node.appendChild(el("div", { "class": "field" },
          el("label", { "for": id + field.name, text: t(field.label || field.name) }), input,
          counter, errorSlot(field.name)));
      });
      node.appendChild(el("div", { "class": "field consent" },
        el("input", { type: "checkbox", name: "consent", id: id + "consent",
          "aria-describedby": id + "err-consent" }),
        el("label", { "for": id + "consent", text: t("consent") }),
        errorSlot("consent")));
      node.appendChild(el("div", { "class": "field consent" },
        el("input", { type: "checkbox", name: "notify_when_published", id: id + "notify" }),
        el("label", { "for": id + "notify", text: t("notify") })));
      // A field people never see or reach; bots fill it in.
      node.appendChild(el("div", { "class": "trap", "aria-hidden": "true" },
        el("label", { "for": id + "website", text: t("trap") }),
        el("input", { type: "text", name: "website", id: id + "website", tabindex: "-1",
          autocomplete: "off" })));
      var status = el("p", { "class": "form-status", role: "status" });
      var submit = el("button", { type: "submit", "class": "submit", text: t("send") });
      node.appendChild(submit);
      node.appendChild(status);
      var ready = antiSpam(ctx);

      node.addEventListener("submit", function (event) {
        event.preventDefault();
        var checked = node.querySelector("input[name=rating]:checked");
        var payload = {
          rating: checked ? parseInt(checked.value, 10) : null,
          title: node.elements.title.value,
          body: node.elements.body.value,
          author_name: node.elements.author_name.value,
          author_email: node.elements.author_email.value,
          consent: node.elements.consent.checked,
          notify_when_published: node.elements.notify_when_published.checked,
          language: t.locale,
          website: node.elements.website.value
        };
        var problems = check(t, payload);
        showErrors(node, problems);
        if (Object.keys(problems).length) {
          status.textContent = t("fix");
          return;
        }
        submit.disabled = true;
        status.textContent = t("sending");
        ready.then(function (fields) {
          return post(ctx, "/reviews", Object.assign(payload, fields), { "Idempotency-Key": key });
        }).then(function (result) {
          submit.disabled = false;
          if (result.status === 201) {
            // The form closes; the thanks says what happens next.
            var published = result.body.status === "published";
            var thanks = el("div", { "class": "thanks", role: "status", tabindex: "-1" },
              el("strong", { text: t("thanks") }),
              el("p", { text: t(published ? "published" : "pending") }),
              published ? null : el("p", { text: t("confirmNext") }),
              !published && payload.notify_when_published ? el("p", { text: t("notifyNext") }) : null);
            node.replaceWith(thanks);
            thanks.focus();
            return;
          }
          var errors = result.body.errors || {};
          if (errors.form_token || errors.altcha) {
            // An old or used form: the next try gets a fresh token and key.
            ready = antiSpam(ctx);
            key = newKey();
            status.textContent = [].concat(errors.form_token || errors.altcha).join(" ");
            return;
          }
          if (result.status === 422 && result.body.errors) {
            showErrors(node, errors);
            status.textContent = t("fix");
            return;
          }
          status.textContent = result.body.message || t("failed");
        }).catch(function () {
          submit.disabled = false;
          ready = antiSpam(ctx);
          status.textContent = t("offline");
        });
      });
      return node;
    }

    // What can be checked before sending; the server checks everything again.
    function check(t, payload) {
      var problems = {};
      var email = payload.author_email.trim();
      if (!payload.rating) problems.rating = [t("needRating")];
      if (!payload.body.trim()) problems.body = [t("needBody")];
      if (!payload.author_name.trim()) problems.author_name = [t("needName")];
      if (!email) problems.author_email = [t("needEmail")];
      else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.author_email = [t("badEmail")];
      if (!payload.consent) problems.consent = [t("needConsent")];
      return problems;
    }

    function showErrors(node, errors) {
      var slots = node.querySelectorAll(".field-error");
      for (var i = 0; i < slots.length; i++) {
        var messages = errors[slots[i].getAttribute("data-field")];
        slots[i].textContent = messages ? [].concat(messages).join(" ") : "";
        var input = node.querySelector("[aria-describedby~='" + slots[i].id + "']");
        if (messages) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
      var first = node.querySelector("[aria-invalid=true]");
      if (first) (first.tagName === "FIELDSET" ? first.querySelector("input") : first).focus();
    }

    /* One review at a time: buttons, arrow keys and swipes move it; it advances by itself
       only without prefers-reduced-motion, and pauses on hover, on focus and on request. */
    function carousel(ctx) {
      var t = kit.translator(ctx.t.locale, STRINGS);
      var reviews = ctx.data.reviews;
      var title = ctx.t("of", null, { name: ctx.data.business.name });
      var header = el("div", { "class": "header" },
        kit.summaryLine(ctx, "p", { "class": "line" }),
        kit.reviewsLink(ctx, "all", ctx.t("readAll")));
      if (!reviews.length) {
        return el("section", { "class": "carousel", "aria-label": title }, header,
          el("p", { "class": "feed-status", text: ctx.t("empty") }));
      }
      var still = !window.matchMedia || matchMedia("(prefers-reduced-motion: reduce)").matches;
      var index = 0, paused = still, hovered = false, focused = false;
      var slides = el("div", { "class": "slides", "aria-live": still ? "polite" : "off" });
      reviews.forEach(function (review, i) {
        var slide = el("div", { "class": "slide", role: "group", "aria-roledescription": "slide",
          "aria-label": t("slide", i + 1, { total: reviews.length }), hidden: i !== 0 });
        slide.appendChild(reviewCard(ctx, review, "div"));
        slides.appendChild(slide);
      });
      // As many cards as fit side by side: one on a phone, two or three on a desktop.
      var perView = 1;
      function show(next) {
        index = (next + reviews.length) % reviews.length;
        var shown = Math.min(perView, reviews.length);
        for (var i = 0; i < slides.children.length; i++) {
          var offset = (i - index + reviews.length) % reviews.length;
          slides.children[i].hidden = offset >= shown;
          slides.children[i].style.order = String(offset);
          slides.children[i].toggleAttribute("data-first", offset === 0);
        }
      }
      function fit(width) {
        var fits = Math.max(1, Math.min(3, Math.floor(width / 280)));
        if (fits === perView) return;
        perView = fits;
        slides.style.setProperty("--per-view", String(Math.min(perView, reviews.length)));
        show(index);
      }
      var pause = el("button", { type: "button", "class": "pause", hidden: still });
      function setPaused(value) {
        paused = value;
        pause.textContent = t(paused ? "play" : "pause");
        slides.setAttribute("aria-live", paused ? "polite" : "off");
      }
      pause.addEventListener("click", function () { setPaused(!paused); });
      setPaused(paused);
      var several = reviews.length > 1;
      var region = el("section", { "class": "carousel", "aria-roledescription": "carousel",
        "aria-label": title },
        header,
        el("div", { "class": "carousel-body" },
          several ? el("button", { type: "button", "class": "prev", "aria-label": t("previous"),
            text: "‹", onclick: function () { show(index - 1); } }) : null,
          slides,
          several ? el("button", { type: "button", "class": "next", "aria-label": t("next"),
            text: "›", onclick: function () { show(index + 1); } }) : null),
        several ? el("div", { "class": "carousel-controls" }, pause) : null);
      if (window.ResizeObserver) {
        new ResizeObserver(function (entries) {
          fit(entries[0].contentRect.width);
        }).observe(slides);
      }
      region.addEventListener("keydown", function (event) {
        if (event.target.tagName === "SELECT") return;
        if (event.key === "ArrowLeft") show(index - 1);
        else if (event.key === "ArrowRight") show(index + 1);
      });
      region.addEventListener("mouseenter", function () { hovered = true; });
      region.addEventListener("mouseleave", function () { hovered = false; });
      region.addEventListener("focusin", function () { focused = true; });
      region.addEventListener("focusout", function () { focused = false; });
      var startX = null;
      slides.addEventListener("pointerdown", function (event) { startX = event.clientX; });
      slides.addEventListener("pointerup", function (event) {
        if (startX === null) return;
        var moved = event.clientX - startX;
        startX = null;
        if (Math.abs(moved) > 40) show(index + (moved < 0 ? 1 : -1));
      });
      if (reviews.length > 1) {
        var timer = setInterval(function () {
          if (!region.isConnected) { clearInterval(timer); return; }
          if (!paused && !hovered && !focused) show(index + 1);
        }, 6000);
      }
      return region;
    }

    /* The floating badge's panel, a modal dialog: focus goes in, wraps and returns.
       Returns the function that opens it. */
    kit.panel = function (ctx, opener, box) {
      var t = ctx.t;
      var dialog = el("dialog", { "class": "panel", "aria-labelledby": "panel-title" },
        el("div", { "class": "panel-head" },
          el("h2", { id: "panel-title", text: t("of", null, { name: ctx.data.business.name }) }),
          el("button", { type: "button", "class": "close", text: t("close"),
            onclick: function () { dialog.close(); } })),
        el("div", { "class": "panel-body" }, header(ctx), disclosure(ctx),
          reviewFeed(ctx, {}), writeButton(ctx)));
      box.appendChild(dialog);
      dialog.addEventListener("close", function () {
        opener.setAttribute("aria-expanded", "false");
        opener.focus();
      });
      dialog.addEventListener("click", function (event) {
        if (event.target === dialog) dialog.close();  // a click on the backdrop
      });
      dialog.addEventListener("keydown", function (event) {
        if (event.key !== "Tab") return;
        var all = dialog.querySelectorAll("a[href],button:not([disabled]),select,summary,input,textarea");
        var focusable = Array.prototype.filter.call(all, function (node) {
          return node.getClientRects().length;
        });
        var first = focusable[0], last = focusable[focusable.length - 1];
        var active = ctx.host.shadowRoot.activeElement;
        if (event.shiftKey ? active === first : active === last) {
          event.preventDefault();
          (event.shiftKey ? last : first).focus();
        }
      });
      return function open() {
        dialog.showModal();
        opener.setAttribute("aria-expanded", "true");
        dialog.querySelector(".close").focus();
      };
    };

    /* Report a review: reason, details and an address for an answer, under the card. */
    kit.reportForm = function (ctx, review, card, opener) {
      var t = kit.translator(ctx.t.locale, STRINGS);
      var words = STRINGS[ctx.t.locale.split("-")[0]] || STRINGS.en;
      var open = card.querySelector(".report-form");
      if (open) {
        open.remove();
        opener.setAttribute("aria-expanded", "false");
        return;
      }
      var id = "rep" + review.id + "-";
      var codes = ["illegal", "abusive", "personal_data", "fake", "off_topic", "other"];
      var group = el("fieldset", {}, el("legend", { text: t("why") }));
      codes.forEach(function (code, i) {
        group.appendChild(el("div", {},
          el("input", { type: "radio", name: "reason", value: code, id: id + code }),
          el("label", { "for": id + code, text: words.reasons[i] })));
      });
      var status = el("p", { "class": "form-status", role: "status" });
      var node = el("form", { "class": "form report-form", novalidate: true }, group,
        el("div", { "class": "field" }, el("label", { "for": id + "note", text: t("details") }),
          el("textarea", { name: "note", id: id + "note", rows: "2", maxlength: "1000" })),
        el("div", { "class": "field" }, el("label", { "for": id + "email", text: t("replyTo") }),
          el("input", { type: "email", name: "email", id: id + "email", maxlength: "254" })),
        el("button", { type: "submit", "class": "submit", text: t("sendReport") }),
        el("button", { type: "button", text: t("cancel"), onclick: function () {
          node.remove();
          opener.setAttribute("aria-expanded", "false");
          opener.focus();
        } }),
        status);
      node.addEventListener("submit", function (event) {
        event.preventDefault();
        var chosen = node.querySelector("input[name=reason]:checked");
        var payload = { reason: chosen ? chosen.value : null };
        if (node.elements.note.value.trim()) payload.note = node.elements.note.value;
        if (node.elements.email.value.trim()) payload.email = node.elements.email.value.trim();
        post(ctx, "/reviews/" + review.id + "/reports", payload).then(function (result) {
          if (result.status === 201) {
            var done = el("p", { "class": "thanks report-form", role: "status", tabindex: "-1",
              text: t("reported") });
            node.replaceWith(done);
            done.focus();
            return;
          }
          var errors = result.body.errors || {};
          status.textContent = Object.keys(errors).map(function (name) {
            return [].concat(errors[name]).join(" ");
          }).join(" ") || result.body.message || t("failed");
        }).catch(function () { status.textContent = t("offline"); });
      });
      card.appendChild(node);
      opener.setAttribute("aria-expanded", "true");
      node.querySelector("input").focus();
    };

    kit.layouts.list = function (ctx) { return listLayout(ctx, false); };
    kit.layouts.grid = function (ctx) { return listLayout(ctx, true); };
    kit.layouts.histogram = histogramLayout;
    kit.layouts.form = form;
    kit.layouts.carousel = carousel;
    kit.css = [
      ".meta,.feed-status,.all{font-size:.9em}.meta,.feed-status{color:var(--muted)}",
      ".header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5em}",
      ".disclosure{font-size:.85em;color:var(--muted);margin:.3em 0 .6em}.disclosure summary{cursor:pointer}",
      ".disclosure p{margin:.3em 0}",
      ".controls{display:flex;flex-wrap:wrap;gap:.8em;margin:.4em 0}.controls label{display:flex;gap:.4em;align-items:center;font-size:.9em}",
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
      "button.link{border:0;padding:0;margin:0;background:none;text-decoration:underline;font-size:1em;color:inherit}",
      ".bars{list-style:none;margin:.4em 0;padding:0}.bars li{margin:.2em 0}",
      ".bar{display:grid;grid-template-columns:6em 1fr 3.5em;gap:.6em;align-items:center;width:100%;margin:0;border:0;color:inherit;padding:.2em .3em}",
      ".bar[aria-pressed=true]{background:var(--soft);outline:1px solid var(--line)}",
      ".bar-label{text-align:left}.bar-share{text-align:right}",
      ".bar-track{height:.7em;border-radius:4px;background:var(--soft);border:1px solid var(--muted);overflow:hidden}",
      ".bar-fill{display:block;height:100%;background:var(--vouch-star,var(--star))}",
      ".form{margin-top:.8em;max-width:36em}.field{margin:.6em 0}",
      ".field label{display:block;font-weight:600;margin-bottom:.2em}",
      ".field input[type=text],.field input[type=email],textarea{width:100%;padding:.45em;",
      "border:1px solid var(--muted);border-radius:6px;background:var(--vouch-bg,var(--bg))}",
      ".consent{display:grid;grid-template-columns:auto 1fr;gap:.5em;align-items:start}",
      ".consent label{font-weight:400}.consent .field-error{grid-column:1/-1}",
      "fieldset{border:0;padding:0;margin:0}legend{font-weight:600;margin-bottom:.2em;padding:0}",
      ".star-row{display:flex;flex-wrap:nowrap;gap:.2em}.rating-option{position:relative}",
      ".rating-option input{position:absolute;opacity:0;width:44px;height:44px;margin:0}",
      ".rating-option label{display:flex;align-items:center;justify-content:center;width:46px;height:46px;margin:0;",
      "font-size:2.1em;line-height:1;font-weight:400;color:var(--empty);cursor:pointer;border-radius:8px}",
      // The star is drawn, not written: its label says "3 stars" and nothing more.
      ".rating-option label::before{content:\"★\" / \"\"}",
      ".star-row:has(input:checked) .rating-option:has(~ .rating-option input:checked) label,",
      ".rating-option input:checked+label{color:var(--vouch-star,var(--star))}",
      ".rating-option input:focus-visible+label{outline:3px solid var(--vouch-accent,var(--accent));outline-offset:2px}",
      ".counter{font-size:.9em;color:var(--muted);margin:.2em 0}.counter:empty{display:none}.counter.over{color:var(--err);font-weight:600}",
      "[aria-invalid=true]{border-color:var(--err)!important;outline:1px solid var(--err)}",
      ".root{--err:#a3161a}.dark{--err:#ff9b9b}@media (prefers-color-scheme:dark){.auto{--err:#ff9b9b}}",
      ".field-error{color:var(--err);margin:.2em 0;font-size:.9em}.field-error:empty{display:none}",
      ".thanks{padding:1em;border-radius:8px;background:var(--soft);margin-top:.8em}",
      ".trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}",
      ".report-form{border-left:3px solid var(--line);padding-left:.8em}",
      ".carousel-body{display:grid;grid-template-columns:auto 1fr auto;align-items:center;gap:.4em;margin-top:.4em}",
      ".carousel-body>:only-child{grid-column:1/-1}",
      ".slides{display:grid;grid-template-columns:repeat(var(--per-view,1),minmax(0,1fr));gap:.8em;touch-action:pan-y;min-width:0}",
      ".slide .review{height:100%}",
      "@media (prefers-reduced-motion:no-preference){.slide{animation:vouch-fade .4s ease-out}}",
      "@keyframes vouch-fade{from{opacity:0}to{opacity:1}}",
      ".carousel-controls{display:flex;gap:.4em;justify-content:flex-end}",
      ".prev,.next{font-size:1.4em;line-height:1;margin:0;min-width:44px;min-height:44px;padding:.2em .5em}",
      ".carousel-controls button{margin:.4em 0 0}",
      ".panel{border:0;border-radius:12px;padding:0;width:min(36em,calc(100vw - 2em));max-height:calc(100vh - 4em);",
      "background:var(--vouch-bg,var(--bg));color:var(--vouch-text,var(--fg))}",
      ".panel::backdrop{background:rgba(0,0,0,.45)}",
      // A phone: a sheet from the bottom edge, over the badge. A desktop: the panel
      // opens where the badge is, covering it.
      "@media (max-width:600px){.panel{width:100vw;max-width:100vw;max-height:85vh;margin:auto 0 0;",
      "border-radius:12px 12px 0 0}}",
      "@media (min-width:601px){.panel{position:fixed;inset:auto 1em 1em auto;margin:0;max-height:calc(100vh - 2em)}}",
      ".panel-head{display:flex;justify-content:space-between;align-items:center;gap:1em;padding:.6em 1em;border-bottom:1px solid var(--line)}",
      ".panel-head h2{font-size:1.1em;margin:0}.panel-head .close{margin:0}.panel-body{padding:.2em 1em 1em}"
    ].join("");
  });
})();
