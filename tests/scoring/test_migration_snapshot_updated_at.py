"""scoring 0004: snapshots recorded before `updated_at` existed take their opening time, so
the Atom feeds print the same <updated> for them as before the upgrade."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from scoring.models import ScoreSnapshot
from tests.factories import TacticFactory

BEFORE = [("scoring", "0003_platform_grades")]
OPENED = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_existing_snapshots_are_dated_by_their_opening_time():
    try:
        old_snapshot = _migrate(BEFORE).get_model("scoring", "ScoreSnapshot")
        tactic = TacticFactory()
        for days in (0, 5):
            old_snapshot.objects.create(
                tactic_id=tactic.pk,
                score="8.0",
                confidence="low",
                direction="mixed",
                computed_at=OPENED + datetime.timedelta(days=days),
            )
    finally:
        _migrate(_latest())
    rows = ScoreSnapshot.objects.order_by("computed_at").values_list("computed_at", "updated_at")
    assert list(rows) == [
        (OPENED, OPENED),
        (OPENED + datetime.timedelta(days=5), OPENED + datetime.timedelta(days=5)),
    ]
