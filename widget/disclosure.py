"""The disclosure: how a business's reviews are collected, checked and counted.

EU law (Omnibus Directive, UCPD art. 7(6)) requires saying whether and how reviews are
checked; the text is generated from the business's real settings so it cannot drift.
It is translated like every other text (``widget.i18n``).
"""

from __future__ import annotations

from flask_babel import force_locale, gettext

from widget.i18n import supported
from widget.models import Business, ModerationPolicy


def disclosure_text(business: Business, locale: str | None = None) -> str:
    """Return the disclosure for ``business`` in ``locale``'s language.

    An unsupported or missing locale falls back to the business's own language.
    """
    with force_locale(supported(locale) or business.default_locale):
        return " ".join(_parts(business))


def _parts(business: Business) -> list[str]:
    name = business.name
    parts = [
        gettext("Reviews are collected by %(name)s through Vouch.", name=name),
        gettext(
            "Customers invited by %(name)s after a purchase are marked as verified "
            "customers.",
            name=name,
        ),
        gettext(
            "Other reviewers are asked to confirm their e-mail address; confirmed "
            "reviews are marked as such, the others are not checked against purchases."
        ),
    ]
    if business.require_confirmation:
        parts.append(
            gettext(
                "Only reviews from a confirmed address or invitation are published."
            )
        )
    parts.append(
        {
            ModerationPolicy.MANUAL: gettext(
                "Every review is read by %(name)s before it is published.", name=name
            ),
            ModerationPolicy.AUTO_VERIFIED: gettext(
                "Reviews from verified customers are published at once; others are "
                "read by %(name)s first.",
                name=name,
            ),
            ModerationPolicy.AUTO_ALL: gettext(
                "Reviews are published at once; %(name)s may withhold them afterwards.",
                name=name,
            ),
        }[business.moderation_policy]
    )
    parts.append(
        gettext(
            "Reviews are withheld only for spam, abuse, off-topic content, personal "
            "data, not being from a customer, or duplication — never for their rating."
        )
    )
    if business.incentives:
        parts.append(
            gettext(
                "Reviewers may receive: %(incentives)s. It never depends on what they "
                "write or how they rate.",
                incentives=business.incentives,
            )
        )
    else:
        parts.append(
            gettext("%(name)s gives nothing in return for reviews.", name=name)
        )
    if business.count_imported:
        parts.append(
            gettext(
                "Reviews imported from other platforms are shown and counted, labelled "
                "with the platform's name; they were not checked by Vouch."
            )
        )
    parts.append(gettext("The average is the mean of all published reviews."))
    return parts
