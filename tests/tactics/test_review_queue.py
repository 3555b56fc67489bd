"""The editors' review queue: pages whose evidence moved after their last review, pages
never reviewed and pages overdue, most urgent first; marking one reviewed clears it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from scoring.services import recompute_tactic
from sources.choices import Method, Position, WithdrawalReason
from tactics.choices import Status
from tests.factories import SourceFactory, StanceFactory, TacticFactory

pytestmark = pytest.mark.django_db

REVIEWED = datetime.date(2026, 11, 19)
BEFORE = "2026-11-10 09:00:00"
AFTER = "2026-11-25 10:00:00"
QUEUE = "admin:tactics_tactic_review_queue"


def grade_of(tactic) -> str:
    tactic.refresh_from_db()
    return f"{tactic.evidence_score:.1f} {tactic.get_confidence_display()}"


def reviewed_tactic(question="Does an llms.txt file help?", **fields):
    """A tactic with two observational stances, graded and reviewed before AFTER."""
    with freeze_time(BEFORE):
        tactic = TacticFactory(question=question, last_reviewed=REVIEWED, **fields)
        for title in ("Old study A", "Old study B"):
            StanceFactory(tactic=tactic, source=SourceFactory(title=title))
        recompute_tactic(tactic.pk)
    return tactic


def add_controlled_study(tactic, title="New controlled study"):
    with freeze_time(AFTER):
        StanceFactory(tactic=tactic, source=SourceFactory(title=title, method=Method.CONTROLLED))
        recompute_tactic(tactic.pk)


def queue_rows(client):
    """[(question, [reasons])] as the queue page lists them, in its order."""
    with freeze_time(AFTER):
        response = client.get(reverse(QUEUE))
    assert response.status_code == 200
    return [(e.tactic.question, e.reasons) for e in response.context["entries"]]


def test_the_queue_says_what_changed_since_the_review(client, editor):
    tactic = reviewed_tactic()
    before = grade_of(tactic)
    add_controlled_study(tactic)
    with freeze_time(AFTER):
        old_a = tactic.stances.get(source__title="Old study A")
        old_a.withdrawn_at, old_a.withdrawal_reason = (
            "2026-11-25T10:00Z",
            WithdrawalReason.RETRACTED,
        )
        old_a.save()
        old_b = tactic.stances.get(source__title="Old study B")
        old_b.position = Position.MIXED
        old_b.save()
    client.force_login(editor)

    [(question, reasons)] = queue_rows(client)

    assert question == tactic.question
    assert reasons == [
        f"Grade {before} → {grade_of(tactic)}",
        "Added: New controlled study",
        "Changed: Old study B",
        "Withdrawn: Old study A",
    ]
    page = client.get(reverse(QUEUE)).content.decode()
    assert "Added: New controlled study" in page


def test_a_second_researchers_check_or_an_edit_undone_is_no_change(client, editor):
    tactic = reviewed_tactic()
    with freeze_time(AFTER):
        stance = tactic.stances.get(source__title="Old study A")
        stance.checked_at = "2026-11-25T10:00Z"
        stance.save()
        stance.position = Position.MIXED
        stance.save()
        stance.position = Position.IMPROVES
        stance.save()
    client.force_login(editor)
    assert queue_rows(client) == []


def test_changes_on_the_day_of_the_review_count_as_seen(client, editor):
    tactic = reviewed_tactic()
    with freeze_time("2026-11-19 16:00:00"):
        StanceFactory(tactic=tactic, source=SourceFactory(title="Same day"))
    client.force_login(editor)
    assert queue_rows(client) == []


def test_most_urgent_first_and_up_to_date_pages_left_out(client, editor, settings):
    settings.REVIEW_AFTER_DAYS = 100
    stance_only = reviewed_tactic("Stance added?")
    with freeze_time(AFTER):
        # Not recomputed here: only the stance history moves, not the grade.
        StanceFactory(tactic=stance_only, source=SourceFactory(title="Weak survey"))
    level_moved = reviewed_tactic("Level moved?", status=Status.DRAFT)
    add_controlled_study(level_moved)
    with freeze_time(BEFORE):
        TacticFactory(question="Never reviewed?", last_reviewed=None)
        TacticFactory(question="Overdue?", last_reviewed=datetime.date(2026, 5, 1))
        TacticFactory(question="Up to date?", last_reviewed=datetime.date(2026, 11, 1))
    client.force_login(editor)

    rows = queue_rows(client)

    assert [question for question, _ in rows] == [
        "Level moved?",
        "Stance added?",
        "Never reviewed?",
        "Overdue?",
    ]
    assert rows[1][1] == ["Added: Weak survey"]
    assert rows[2][1] == ["Never reviewed"]
    assert rows[3][1] == ["Not reviewed for 208 days"]


def test_the_review_setting_decides_when_a_page_is_overdue(client, editor, settings):
    with freeze_time(BEFORE):
        TacticFactory(question="Reviewed in May?", last_reviewed=datetime.date(2026, 5, 1))
    client.force_login(editor)
    assert queue_rows(client) == [("Reviewed in May?", ["Not reviewed for 208 days"])]
    settings.REVIEW_AFTER_DAYS = 365
    assert queue_rows(client) == []


def test_the_button_marks_the_tactic_reviewed_and_clears_it(client, editor):
    tactic = reviewed_tactic()
    add_controlled_study(tactic)
    client.force_login(editor)
    assert len(queue_rows(client)) == 1
    with freeze_time(AFTER):
        response = client.post(reverse("admin:tactics_tactic_mark_reviewed", args=[tactic.pk]))
    assert response.url == reverse(QUEUE)
    tactic.refresh_from_db()
    assert tactic.last_reviewed == datetime.date(2026, 11, 25)
    assert queue_rows(client) == []


def test_the_change_list_action_clears_it_too(client, editor):
    tactic = reviewed_tactic()
    add_controlled_study(tactic)
    client.force_login(editor)
    with freeze_time(AFTER):
        client.post(
            reverse("admin:tactics_tactic_changelist"),
            {"action": "mark_reviewed", "_selected_action": [tactic.pk]},
        )
    assert queue_rows(client) == []


def test_the_queue_is_linked_from_the_tactic_list_and_the_app_page(client, editor):
    client.force_login(editor)
    queue = reverse(QUEUE)
    assert queue in client.get(reverse("admin:tactics_tactic_changelist")).content.decode()
    assert queue in client.get(reverse("admin:app_list", args=["tactics"])).content.decode()


def test_researchers_get_no_queue_and_cannot_mark_reviewed(client, researcher):
    tactic = reviewed_tactic()
    client.force_login(researcher)
    assert client.get(reverse(QUEUE)).status_code == 403
    marked = client.post(reverse("admin:tactics_tactic_mark_reviewed", args=[tactic.pk]))
    assert marked.status_code == 403
    tactic.refresh_from_db()
    assert tactic.last_reviewed == REVIEWED
    assert (
        reverse(QUEUE)
        not in client.get(reverse("admin:tactics_tactic_changelist")).content.decode()
    )


def test_the_queue_takes_the_same_queries_for_2_and_12_tactics(client, editor):
    client.force_login(editor)
    counts = []
    for n in (2, 10):
        for index in range(n):
            add_controlled_study(reviewed_tactic(f"Tactic {len(counts)}-{index}?"))
        with freeze_time(AFTER), CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(QUEUE))
        assert len(response.context["entries"]) == sum((2, 10)[: len(counts) + 1])
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_admin_index_links_editors_to_the_queue(client, editor, researcher):
    queue = reverse("admin:tactics_tactic_review_queue")
    client.force_login(editor)
    assert queue in client.get(reverse("admin:index")).content.decode()
    client.force_login(researcher)
    assert queue not in client.get(reverse("admin:index")).content.decode()
