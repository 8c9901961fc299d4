"""The demo business: sample reviews in several states, loaded through the services."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from widget.accounts import create_user
from widget.actors import Actor
from widget.businesses import create_business, find_business
from widget.errors import NotFound
from widget.models import Role, utcnow
from widget.reviews import (
    confirm_review,
    feature_review,
    moderate_review,
    reply_to_review,
    store_review,
)

SLUG = "demo"

# rating, title, body, author, language, what the owner does with it
SAMPLES: list[tuple[int, str, str, str, str, str]] = [
    (
        5,
        "Best sourdough in town",
        "Crust that crackles and a crumb that stays soft for days. We come every Saturday.",
        "Anna K.",
        "en",
        "publish",
    ),
    (
        5,
        "Heerlijk!",
        "De croissants zijn precies zoals in Parijs. Vriendelijk personeel ook.",
        "Joris",
        "nl",
        "publish+reply",
    ),
    (
        4,
        "Great coffee, busy mornings",
        "Excellent flat white. The queue at 8am is long, so come early.",
        "Mark T.",
        "en",
        "publish+reply",
    ),
    (
        2,
        "Cake was dry",
        "Ordered a birthday cake; it looked lovely but was dry inside. Disappointed for the price.",
        "Sophie",
        "en",
        "publish+reply",
    ),
    (
        5,
        "Sehr gute Brötchen",
        "Knusprig, frisch und immer warm am Morgen. Klare Empfehlung.",
        "Lukas M.",
        "de",
        "publish",
    ),
    (
        3,
        "Good bread, slow service",
        "The bread is good but I waited 15 minutes to be served on a quiet day.",
        "Priya",
        "en",
        "publish",
    ),
    (
        5,
        "Un vrai plaisir",
        "Les pains au chocolat sont excellents et l'accueil est chaleureux.",
        "Camille",
        "fr",
        "publish",
    ),
    (
        4,
        "Nice lunch spot",
        "Sandwiches are generous. A few more vegan options would be welcome.",
        "Tom",
        "en",
        "publish",
    ),
    (
        1,
        "Wrong order",
        "They forgot half of my order and nobody answered the phone when I called.",
        "Greg P.",
        "en",
        "publish+reply",
    ),
    (
        5,
        "Lovely staff",
        "Remembered my name after two visits. The cinnamon buns are dangerous.",
        "Emma",
        "en",
        "publish",
    ),
    (
        4,
        "Lekker brood",
        "Goed brood, iets prijzig maar de kwaliteit is het waard.",
        "Sanne",
        "nl",
        "publish",
    ),
    (
        5,
        "Perfect wedding cake",
        "Three tiers, exactly as designed, delivered on time. Guests loved it.",
        "Olivia & Ben",
        "en",
        "publish+reply",
    ),
    (
        3,
        "Okay",
        "Fine pastries, nothing special. Coffee could be hotter.",
        "Jan",
        "en",
        "publish",
    ),
    (
        5,
        "Gluten-free that tastes good",
        "Finally a bakery with gluten-free bread that isn't crumbly cardboard.",
        "Rachel",
        "en",
        "publish",
    ),
    (
        4,
        "Gutes Frühstück",
        "Schönes Frühstücksangebot, nur die Plätze draußen sind wenige.",
        "Hannah",
        "de",
        "publish",
    ),
    (
        5,
        "Worth the trip",
        "Drove 30 minutes for the rye and would do it again.",
        "Pieter",
        "en",
        "publish",
    ),
    (
        2,
        "Too sweet",
        "Everything I tried was far too sweet for my taste.",
        "Marta",
        "en",
        "publish",
    ),
    (
        5,
        "I <3 this place",
        "Small things: warm bread, a smile, a clean table. They get all of it right.",
        "Noah",
        "en",
        "publish",
    ),
    (
        4,
        "Bon rapport qualité-prix",
        "Baguettes très correctes et prix raisonnables.",
        "Luc",
        "fr",
        "publish",
    ),
    (
        5,
        "Kids love it",
        "The gingerbread figures are a weekly treat for our two boys.",
        "Fatima",
        "en",
        "publish",
    ),
    (
        4,
        "Fresh and friendly",
        "Always fresh, always friendly. Card payment works fine now.",
        "Chris",
        "en",
        "publish",
    ),
    (
        3,
        "Mixed experience",
        "Bread great, but my quiche was lukewarm.",
        "Isabel",
        "en",
        "publish",
    ),
    (
        5,
        "Topbakker",
        "Al jaren vaste klant. Nooit teleurgesteld.",
        "Kees",
        "nl",
        "publish",
    ),
    (4, "Solid", "Reliable quality every time.", "Dan", "en", "pending"),
    (
        5,
        "Amazing focaccia",
        "Rosemary focaccia on Fridays is the highlight of my week.",
        "Giulia",
        "en",
        "pending",
    ),
    (
        1,
        "Rude at the counter",
        "The person at the till rolled their eyes when I asked about allergens.",
        "Sam",
        "en",
        "pending",
    ),
    (
        3,
        "Average",
        "Not bad, not great. Prices went up recently.",
        "Ruth",
        "en",
        "pending",
    ),
    (
        5,
        "Buy cheap watches",
        "Visit my site for cheap watches!!! best prices",
        "promo-bot",
        "en",
        "spam",
    ),
    (
        4,
        "Wrong shop",
        "Great bike repair, fixed my gears in ten minutes.",
        "Alex",
        "en",
        "reject:off_topic",
    ),
    (
        5,
        "Delicious",
        "Everything we tried was delicious, especially the apple pie.",
        "Yara",
        "en",
        "publish",
    ),
]

REPLIES = {
    "Heerlijk!": "Dank je wel, Joris! Tot zaterdag.",
    "Great coffee, busy mornings": "Thanks Mark! We've added a second barista from 7:30.",
    "Cake was dry": "We're sorry, Sophie. Please get in touch so we can make it right.",
    "Wrong order": "Greg, that shouldn't have happened. We've called you back and refunded the order.",
    "Perfect wedding cake": "Congratulations to you both, and thank you!",
}
# The owner's pick, shown first in the widget's default order.
FEATURED = "Perfect wedding cake"


def load_demo(now: datetime | None = None) -> bool:
    """Create the demo business, owner and reviews unless they exist. True if created."""
    try:
        find_business(SLUG)
        return False
    except NotFound:
        pass
    now = now or utcnow()
    config = current_app.config
    business = create_business(
        SLUG, "Demo Bakery", website_url="https://bakery.example", default_locale="en"
    )
    owner = create_user(
        config["DEMO_OWNER_EMAIL"], config["DEMO_OWNER_PASSWORD"], business, Role.OWNER
    )
    actor = Actor.for_user(owner)
    for index, (rating, title, body, author, language, fate) in enumerate(SAMPLES):
        written = now - timedelta(days=4 * (len(SAMPLES) - index), hours=index)
        submission = store_review(
            business,
            {
                "rating": rating,
                "title": title,
                "body": body,
                "author_name": author,
                "author_email": f"customer{index}@example.com",
                "language": language,
            },
            source="widget",
            notify=False,
            now=written,
        )
        if index % 3 == 0:
            confirm_review(submission.review_id, now=written + timedelta(minutes=5))
        later = written + timedelta(hours=3)
        action, _, reason = fate.partition(":")
        if action.startswith("publish"):
            moderate_review(
                business, submission.review_id, "publish", actor=actor, now=later
            )
        elif action == "spam":
            moderate_review(
                business, submission.review_id, "spam", actor=actor, now=later
            )
        elif action == "reject":
            moderate_review(
                business,
                submission.review_id,
                "reject",
                actor=actor,
                reason=reason,
                now=later,
                notify=False,
            )
        if fate.endswith("+reply"):
            reply_to_review(
                business, submission.review_id, REPLIES[title], actor=actor, now=later
            )
        if title == FEATURED:
            feature_review(business, submission.review_id, True, actor=actor, now=later)
    return True
