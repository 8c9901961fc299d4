"""The durability load test in its short form (``python -m bench.durability`` is the
long one): four gunicorn workers, clients with idempotency keys, the worker reading a
half-sent review killed and, on PostgreSQL, the database restarted twice; then every
answer is reconciled with what the database holds."""

from __future__ import annotations

import pytest

from bench import durability, postgres
from tests.conftest import IN_CI


def test_nothing_lost_nothing_doubled_on_sqlite():
    outcome = durability.run("sqlite", seconds=6, clients=4)
    assert outcome.problems == []
    assert outcome.accepted > 0
    assert any(answer.startswith("dropped") for answer in outcome.answers), (
        "the killed worker's connection should have been dropped"
    )


def test_nothing_lost_nothing_doubled_through_postgresql_restarts():
    problem = postgres.problem()
    if problem and not IN_CI:
        pytest.skip(f"no private PostgreSQL server here: {problem}")
    outcome = durability.run("postgresql", seconds=8, clients=4)
    assert outcome.problems == []
    assert outcome.accepted > 0
    assert any(answer.startswith("dropped") for answer in outcome.answers)
    assert [fault.split(" at ")[0] for fault in outcome.faults] == [
        "kill the worker reading a review",
        "restart PostgreSQL (fast)",
        "restart PostgreSQL (immediate)",
    ]
