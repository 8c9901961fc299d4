"""The disclosure: how a business's reviews are collected, checked and counted.

EU law (Omnibus Directive, UCPD art. 7(6)) requires saying whether and how reviews are
checked; the text is generated from the business's real settings so it cannot drift.
"""

from __future__ import annotations

from widget.models import Business, ModerationPolicy

_MODERATION = {
    ModerationPolicy.MANUAL: ("Every review is read by {name} before it is published."),
    ModerationPolicy.AUTO_VERIFIED: (
        "Reviews from verified customers are published at once; others are read by "
        "{name} first."
    ),
    ModerationPolicy.AUTO_ALL: (
        "Reviews are published at once; {name} may withhold them afterwards."
    ),
}


def disclosure_text(business: Business) -> str:
    """Return the disclosure for ``business`` in plain English."""
    moderation = _MODERATION[business.moderation_policy].format(name=business.name)
    return (
        f"Reviews are collected by {business.name} through Vouch. "
        "Reviews marked verified come from confirmed customers; others are not checked "
        "against purchases. "
        f"{moderation} "
        "Reviews are withheld only for spam, abuse, off-topic content, personal data, "
        "not being from a customer, or duplication — never for their rating. "
        "The average is the mean of all published reviews."
    )
