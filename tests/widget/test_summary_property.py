"""The rating summary always equals a full recomputation, whatever happens to reviews.

A hypothesis state machine drives random sequences of submit / publish / reject /
unpublish / spam / delete / reply / remove the reply through the public and owner
APIs, on SQLite and PostgreSQL, and after every step compares the widget's summary
with a model of the reviews and with a recount straight from the reviews table; the
dashboard's counters (replies, unanswered low ratings, weeks) too.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from tests.builders import make_api_key, make_business, moderate, submit
from widget.businesses import find_business
from widget.listing import status_counts
from widget.summary import (
    kept_dashboard,
    recompute,
    recompute_dashboard,
    recount_statuses,
)

TARGET = {"publish": "published", "reject": "rejected", "spam": "spam"}


def test_summary_equals_recomputation_after_any_sequence(app):
    client = app.test_client()
    slugs = (f"shop-{n}" for n in itertools.count())

    class SummaryMachine(RuleBasedStateMachine):
        reviews = Bundle("reviews")

        def __init__(self) -> None:
            super().__init__()
            self.slug = next(slugs)
            make_business(app, self.slug, "Shop")
            self.key = make_api_key(app, self.slug)
            self.model: dict[int, tuple[int, str]] = {}

        @rule(target=reviews, rating=st.integers(1, 5))
        def submit_review(self, rating: int) -> int:
            response = submit(client, self.slug, rating=rating)
            assert response.status_code == 201
            review_id = response.get_json()["id"]
            self.model[review_id] = (rating, "pending")
            return review_id

        @rule(review=reviews, action=st.sampled_from(sorted(TARGET)))
        def moderate_review(self, review: int, action: str) -> None:
            response = moderate(
                client, self.key, review, action, self.slug, reason="off_topic"
            )
            rating, status = self.model[review]
            if TARGET[action] == status:
                assert response.status_code == 409
                return
            assert response.status_code == 200, response.get_json()
            self.model[review] = (rating, TARGET[action])

        @rule(review=reviews, text=st.sampled_from(["Thank you!", ""]))
        def reply(self, review: int, text: str) -> None:
            response = client.put(
                f"/api/v1/businesses/{self.slug}/reviews/{review}/reply",
                json={"body": text},
                headers={"Authorization": f"Bearer {self.key}"},
            )
            assert response.status_code == 200, response.get_json()

        @rule(review=consumes(reviews))
        def delete_review(self, review: int) -> None:
            response = client.delete(
                f"/api/v1/businesses/{self.slug}/reviews/{review}",
                headers={"Authorization": f"Bearer {self.key}"},
            )
            assert response.status_code == 204
            del self.model[review]

        @invariant()
        def summary_is_exact(self) -> None:
            published = [
                rating
                for rating, status in self.model.values()
                if status == "published"
            ]
            shown = client.get(f"/api/v1/businesses/{self.slug}/widget").get_json()[
                "summary"
            ]
            assert shown["count"] == len(published)
            assert shown["sum"] == sum(published)
            assert shown["distribution"] == {
                str(s): published.count(s) for s in range(1, 6)
            }
            with app.app_context():
                business = find_business(self.slug)
                counted = recompute(business)
                assert counted.count == shown["count"]
                assert counted.rating_sum == shown["sum"]
                statuses = [status for _, status in self.model.values()]
                kept = status_counts(business)
                assert kept == recount_statuses(business)
                assert kept == {s: statuses.count(s) for s in kept}
                assert kept_dashboard(business) == recompute_dashboard(business)

    run_state_machine_as_test(
        SummaryMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
