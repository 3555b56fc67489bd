"""The tactic page says honestly when its evidence changed after the last review."""

import pytest
from django.core.cache import cache
from freezegun import freeze_time

from scoring.services import recompute_tactic
from sources.choices import WithdrawalReason
from tests.factories import SourceFactory, StanceFactory
from tests.tactics.html_tree import find, parse, text
from tests.tactics.test_review_queue import AFTER, add_controlled_study, reviewed_tactic

pytestmark = pytest.mark.django_db


def reviewed_line(client, tactic) -> str:
    cache.clear()
    with freeze_time(AFTER):
        response = client.get(tactic.get_absolute_url())
    assert response.status_code == 200
    return text(find(parse(response.content.decode()), cls="tactic-reviewed"))


def test_a_grade_moved_after_the_review_is_said_with_its_date(client):
    tactic = reviewed_tactic()
    add_controlled_study(tactic)
    assert reviewed_line(client, tactic) == (
        "Last reviewed 19 Nov 2026. The evidence has changed since: 1 source added; "
        "the grade moved on 25 Nov 2026."
    )


def test_stances_added_and_withdrawn_without_a_recompute_are_counted(client):
    tactic = reviewed_tactic()
    with freeze_time(AFTER):
        StanceFactory(tactic=tactic, source=SourceFactory())
        stance = tactic.stances.get(source__title="Old study A")
        stance.withdrawn_at, stance.withdrawal_reason = AFTER + "Z", WithdrawalReason.DUPLICATE
        stance.save()
    assert reviewed_line(client, tactic) == (
        "Last reviewed 19 Nov 2026. The evidence has changed since: 1 source added and 1 withdrawn."
    )


def test_nothing_changed_since_the_review_says_only_the_date(client):
    tactic = reviewed_tactic()
    with freeze_time("2026-11-19 18:00:00"):  # the review day itself counts as seen
        StanceFactory(tactic=tactic, source=SourceFactory())
        recompute_tactic(tactic.pk)
    assert reviewed_line(client, tactic) == "Last reviewed 19 Nov 2026."


def test_a_page_never_reviewed_says_so(client):
    tactic = reviewed_tactic()
    tactic.last_reviewed = None
    tactic.save()
    assert reviewed_line(client, tactic) == "Not yet reviewed by an editor"
