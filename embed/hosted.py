"""The hosted pages: a business's reviews and review form at ``/r/<slug>``, the
invitation form at ``/i/<token>``, e-mail confirmation, unsubscribing and reporting.

Everything works without JavaScript: plain forms, posted and answered with a page
(303 to a thank-you page on success, the form again with field messages on a problem).
The page speaks the business's language unless the visitor picks another (``?lang=``).
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from embed.evidence import request_evidence
from embed.schemas import (
    BODY_MAX,
    hosted_query,
    report_schema,
    submission_schema,
)
from widget import branding, cards, invitations, links, reports, spam, tokens
from widget.businesses import LOCALES, find_business
from widget.disclosure import disclosure_text
from widget.errors import LinkProblem, NotFound, VouchError
from widget.http import plain_messages
from widget.i18n import LANGUAGE_NAMES, use_locale
from widget.listing import (
    imported_counts,
    published_review,
    review_page,
    verified_counts,
    withheld_counts,
)
from widget.models import Business
from widget.reviews import REJECTION_REASONS, accept_submission, confirm_review
from widget.schemas import platform_label
from widget.sharing import review_text, share_links
from widget.summary import STARS, figures, matching

bp = Blueprint("hosted", __name__, template_folder="templates")
bp.add_app_template_global(cards.provenance, "provenance")

PER_PAGE = 20
FORM_FIELDS = ("rating", "title", "body", "author_name", "author_email")


def _speak(business: Business) -> str:
    return use_locale(request.args.get("lang") or business.default_locale)


@bp.get("/r/<slug>")
def reviews(slug: str):
    business = find_business(slug)
    _speak(business)
    return _reviews_page(business, values={}, errors={}, status=200)


@bp.get("/r/<slug>/reviews/<int:review_id>")
def review(slug: str, review_id: int):
    """One published review on a page of its own: what people share, with the tags
    that make its link preview (OpenGraph, Twitter) and the share links."""
    business = find_business(slug)
    _speak(business)
    shown = published_review(business, review_id)
    summary = figures(business.summary)
    url = links.review_page(slug, review_id)
    text = review_text(business.name, shown.rating)
    return render_template(
        "embed/review.html",
        business=business,
        review=shown,
        summary=summary,
        preview={
            "title": shown.title or text,
            "description": _preview_text(shown.body),
            "url": url,
            "image": links.review_card(slug, review_id),
            "image_alt": text,
        },
        share=share_links(url, text),
        share_text=text,
        languages=_languages(request.args),
    )


@bp.get("/r/<slug>/reviews/<int:review_id>/card.png")
def review_card(slug: str, review_id: int):
    return _review_card(slug, review_id, "wide")


@bp.get("/r/<slug>/reviews/<int:review_id>/card-square.png")
def review_card_square(slug: str, review_id: int):
    return _review_card(slug, review_id, "square")


def _review_card(slug: str, review_id: int, shape: str):
    business = find_business(slug)
    _speak(business)
    png, etag = cards.card(business, published_review(business, review_id), shape)
    return _picture(png, etag)


@bp.get("/r/<slug>/card.png")
def business_card(slug: str):
    """The summary of a business's reviews as an image, for its page's link preview."""
    business = find_business(slug)
    _speak(business)
    summary = figures(business.summary)
    png, etag = cards.summary_card(business, summary.average, summary.count)
    return _picture(png, etag)


@bp.get("/r/<slug>/logo.png")
def logo(slug: str):
    business = find_business(slug)
    if not business.logo_digest:
        raise NotFound(_("This business has no logo."))
    return _picture(business.logo, business.logo_digest)


@bp.get("/r/<slug>/brand.css")
def brand_css(slug: str):
    """The business's colour on its pages (a stylesheet: pages allow no inline style),
    with text that contrasts at least 4.5:1."""
    business = find_business(slug)
    colour = branding.colour(business)
    ink = branding.text_on(colour)
    css = (
        f".site-header{{background:{colour};border-bottom-color:{colour}}}"
        f".site-header,.site-header a{{color:{ink}}}"
        f"button.primary{{background:{colour};border-color:{colour};color:{ink}}}"
    )
    response = Response(css, mimetype="text/css")
    response.set_etag(hashlib.sha256(css.encode()).hexdigest()[:16])
    response.headers["Cache-Control"] = "public, no-cache"
    return response.make_conditional(request)


def _picture(png: bytes, etag: str) -> Response:
    """An image whose ETag names what is drawn: always revalidated, so a review that
    is no longer shown stops showing at once."""
    response = Response(png, mimetype="image/png")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "public, no-cache"
    return response.make_conditional(request)


def _preview_text(body: str, limit: int = 200) -> str:
    """The review's text for a link preview, shortened at a word."""
    text = " ".join(body.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


@bp.post("/r/<slug>")
@spam.limited
def write(slug: str):
    """The review form's answer: a thank-you page, or the form with what to fix."""
    business = find_business(slug)
    language = _speak(business)
    values = _form_values(request.form)
    try:
        result = _submit(business, values, language, source="hosted")
    except _FormProblem as problem:
        return _reviews_page(business, values, problem.errors, problem.status)
    return redirect(
        url_for("hosted.thanks", slug=slug, lang=language, **_outcome(result)),
        code=303,
    )


@bp.get("/r/<slug>/thanks")
def thanks(slug: str):
    business = find_business(slug)
    _speak(business)
    published = request.args.get("published") == "1"
    return render_template("embed/thanks.html", business=business, published=published)


def _outcome(result) -> dict[str, str]:
    """What the thank-you page's address says: only whether the review is already
    published. Held, pending or filed as spam all read "received", so the address
    tells a spammer nothing."""
    return {"published": "1"} if result.status == "published" else {}


@bp.route("/i/<token>", methods=["GET", "POST"])
@spam.limited
def invited(token: str):
    """An invited customer's own form: name and e-mail filled in, verified review."""
    invitation = invitations.find(token)
    business = invitation.business
    language = use_locale(request.args.get("lang") or invitation.locale)
    prefilled = {"author_name": invitation.name, "author_email": invitation.email}
    if request.method == "GET":
        return _form_page(business, invitation, prefilled, {}, 200, token)
    values = {**_form_values(request.form), "author_email": invitation.email}
    try:
        result = _submit(
            business, values, language, source="invitation", invitation=invitation
        )
    except _FormProblem as problem:
        return _form_page(
            business, invitation, values, problem.errors, problem.status, token
        )
    return redirect(
        url_for("hosted.thanks", slug=business.slug, lang=language, **_outcome(result)),
        code=303,
    )


@bp.get("/c/<token>")
def confirm(token: str):
    """The link in the confirmation e-mail."""
    max_age = current_app.config["CONFIRMATION_MAX_AGE_DAYS"] * 86400
    try:
        payload, _signed = tokens.read("confirm", token, max_age)
    except tokens.TokenExpired:
        raise LinkProblem(
            _("This confirmation link has expired."), status=410
        ) from None
    except tokens.TokenInvalid:
        raise LinkProblem(invitations.INVALID_LINK, status=404) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("r"), int):
        raise LinkProblem(invitations.INVALID_LINK, status=404)
    review = confirm_review(payload["r"])
    business = review.business
    use_locale(request.args.get("lang") or review.language or business.default_locale)
    return render_template("embed/confirmed.html", business=business, review=review)


@bp.route("/u/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """No more invitations: a button on GET (link scanners do not unsubscribe anyone),
    done on POST, including mail clients' one-click ``List-Unsubscribe-Post``."""
    business, email = invitations.unsubscribe_target(token)
    _speak(business)
    done = request.method == "POST"
    if done:
        invitations.opt_out(business, email)
    return render_template(
        "embed/unsubscribe.html", business=business, email=email, done=done
    )


@bp.get("/r/<slug>/reviews/<int:review_id>/report")
def report(slug: str, review_id: int):
    """Report a published review (reason, optional note and e-mail)."""
    business = find_business(slug)
    _speak(business)
    return _report_page(business, published_review(business, review_id), {}, {})


@bp.post("/r/<slug>/reviews/<int:review_id>/report")
@reports.limited
def file_report(slug: str, review_id: int):
    business = find_business(slug)
    _speak(business)
    review = published_review(business, review_id)
    values = {key: request.form.get(key, "") for key in ("reason", "note", "email")}
    try:
        data = report_schema.load(
            {key: value for key, value in values.items() if value}
        )
        reports.file(business, review, data, client_address=request.remote_addr)
    except ValidationError as error:
        return _report_page(business, review, values, plain_messages(error.messages))
    return render_template(
        "embed/report.html", business=business, review=review, done=True
    )


def _report_page(business: Business, review, values: dict, errors: dict):
    return render_template(
        "embed/report.html",
        business=business,
        review=review,
        values=values,
        errors=errors,
        reasons=reports.REASONS,
        done=False,
    ), 422 if errors else 200


# Why reviews were withheld, in the visitor's language.
WITHHELD_REASONS = {**REJECTION_REASONS, "other": _l("Other reasons, each recorded")}


@bp.get("/b/<slug>/how-reviews-work")
def how_reviews_work(slug: str):
    """The public explanation of collection, verification, moderation and the average,
    generated from the business's settings and its real counts."""
    business = find_business(slug)
    _speak(business)
    withheld = withheld_counts(business)
    return render_template(
        "embed/how_reviews_work.html",
        business=business,
        summary=figures(business.summary),
        disclosure=disclosure_text(business, get_locale().language),
        verified=verified_counts(business),
        imported=[
            (platform_label(platform), count)
            for platform, count in sorted(imported_counts(business).items())
        ],
        withheld=[
            (WITHHELD_REASONS[code], withheld.get(code, 0)) for code in WITHHELD_REASONS
        ],
        withheld_total=sum(withheld.values()),
        languages=_languages(request.args),
    )


class _FormProblem(Exception):
    def __init__(self, errors: dict[str, list[str]], status: int = 422):
        super().__init__("form problem")
        self.errors = errors
        self.status = status


def _form_values(form) -> dict[str, Any]:
    values = {name: form.get(name, "") for name in FORM_FIELDS}
    for name in (spam.FORM_FIELD, spam.HONEYPOT_FIELD, spam.POW_FIELD):
        values[name] = form.get(name)
    values["consent"] = form.get("consent") == "yes"
    values["notify_when_published"] = form.get("notify_when_published") == "yes"
    return values


def _submit(business, values, language, *, source, invitation=None):
    """Validate with the API's own schema and messages, then take the one submission
    path (without script, a missing proof of work holds the review for a look)."""
    payload = {
        key: value
        for key, value in values.items()
        if value not in ("", None) or key in ("consent", "notify_when_published")
    }
    rating = payload.get("rating")
    if isinstance(rating, str) and rating.isdigit():
        payload["rating"] = int(rating)
    payload["language"] = language
    try:
        data = submission_schema.load(payload)
        evidence = spam.Evidence.take(
            data, **request_evidence(works_without_script=True)
        )
        return accept_submission(
            business, data, evidence, source=source, invitation=invitation
        )
    except ValidationError as error:
        raise _FormProblem(plain_messages(error.messages)) from None
    except LinkProblem:
        raise
    except VouchError as error:
        raise _FormProblem(
            plain_messages(error.errors or {"form": [error.message]}), error.status
        ) from None


def _reviews_page(business: Business, values, errors, status: int):
    args = hosted_query.load(request.args)
    page = review_page(
        business,
        rating=args.get("rating"),
        min_rating=args.get("min_rating"),
        sort=args["sort"],
        per_page=PER_PAGE,
        cursor=args.get("cursor"),
    )
    summary = figures(business.summary)
    return render_template(
        "embed/hosted.html",
        business=business,
        summary=summary,
        stars=STARS,
        page=page,
        rating=args.get("rating"),
        sort=args["sort"],
        total=matching(summary, args),
        disclosure=disclosure_text(business, get_locale().language),
        form=_form_context(business, values, errors),
        languages=_languages(request.args),
        preview=_business_preview(business, summary),
    ), status


def _business_preview(business: Business, summary) -> dict[str, str]:
    """The link preview of the business's review page: a summary card."""
    title = _("Reviews of %(name)s", name=business.name)
    if summary.count:
        description = _(
            "%(average)s out of 5 from %(count)s reviews",
            average=format_decimal(summary.average, "0.0"),
            count=format_decimal(summary.count),
        )
    else:
        description = _("No reviews yet. Be the first to write one!")
    return {
        "title": title,
        "description": description,
        "url": links.reviews_page(business.slug),
        "image": links.business_card(business.slug),
        "image_alt": f"{title}: {description}",
    }


def _form_page(business, invitation, values, errors, status, token):
    return render_template(
        "embed/invited.html",
        business=business,
        invitation=invitation,
        token=token,
        form=_form_context(business, values, errors),
        languages=_languages(request.args),
    ), status


def _form_context(business: Business, values, errors) -> dict[str, Any]:
    return {
        "filled": values,
        "errors": errors,
        "token": spam.form_token(business.id),
        "honeypot": spam.HONEYPOT_FIELD,
        "token_field": spam.FORM_FIELD,
        "challenge": spam.challenge(business),
        "pow_field": spam.POW_FIELD,
        "body_max": BODY_MAX,
    }


def _languages(args) -> list[tuple[str, str, dict[str, str]]]:
    """Links to this page in every language: (code, name, query)."""
    base = {key: value for key, value in args.items() if key != "lang"}
    return [(code, LANGUAGE_NAMES[code], {**base, "lang": code}) for code in LOCALES]
