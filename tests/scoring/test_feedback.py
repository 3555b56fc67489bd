"""After a save in the admin, the message names each affected tactic and its grade change.

These tests commit for real (transaction=True): the recompute runs when the admin's own
transaction commits, and that is exactly what the feedback has to catch.
"""

import pytest
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse

from scoring.feedback import describe, report_grade_changes
from scoring.services import Change
from sources.choices import Method
from sources.models import Stance
from tactics.models import Tactic
from tests.factories import SourceFactory, StanceFactory, TacticFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("frozen_today")]


def _said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _grade(tactic) -> str:
    tactic.refresh_from_db()
    return f"{tactic.evidence_score:.1f} {tactic.get_confidence_display()}"


@pytest.fixture
def shared_source():
    """One observational source with stances on two tactics; each tactic has a second,
    independent source so that upgrading the shared one moves both grades."""
    source = SourceFactory(method=Method.OBSERVATIONAL, sample_size=1000)
    tactics = [
        TacticFactory(question="Does an llms.txt file help?"),
        TacticFactory(question="Do backlinks help?"),
    ]
    for tactic in tactics:
        StanceFactory(source=source, tactic=tactic)
        StanceFactory(tactic=tactic)
    return source, tactics


def test_a_source_save_names_both_tactics_and_their_exact_grades(
    client, researcher, shared_source, admin_form_data
):
    source, (llms, backlinks) = shared_source
    before = {t.pk: _grade(t) for t in (llms, backlinks)}
    client.force_login(researcher)
    url = reverse("admin:sources_source_change", args=[source.pk])
    data = {**admin_form_data(client.get(url)), "method": Method.CONTROLLED, "_save": "Save"}

    response = client.post(url, data)

    assert response.status_code == 302
    after = {t.pk: _grade(t) for t in (llms, backlinks)}
    assert before[llms.pk] != after[llms.pk] and before[backlinks.pk] != after[backlinks.pk]
    said = _said(response)
    assert said[1:] == [
        f"“Do backlinks help?”: {before[backlinks.pk]} → {after[backlinks.pk]}",
        f"“Does an llms.txt file help?”: {before[llms.pk]} → {after[llms.pk]}",
    ]


def test_a_recompute_that_moves_nothing_says_no_grade_changed(
    client, researcher, shared_source, admin_form_data
):
    source, (llms, backlinks) = shared_source
    before = {t.pk: _grade(t) for t in (llms, backlinks)}
    client.force_login(researcher)
    url = reverse("admin:sources_source_change", args=[source.pk])
    # The sample size is a scored input, so both tactics are recomputed; one more page in
    # a thousand moves neither grade.
    data = {**admin_form_data(client.get(url)), "sample_size": "1001", "_save": "Save"}

    response = client.post(url, data)

    assert {t.pk: _grade(t) for t in (llms, backlinks)} == before
    assert _said(response)[1:] == [
        "No grade changed (recomputed “Does an llms.txt file help?” and “Do backlinks help?”)."
    ]


def test_a_save_that_touches_no_scored_input_says_nothing_about_grades(
    client, researcher, shared_source, admin_form_data
):
    source, _ = shared_source
    client.force_login(researcher)
    url = reverse("admin:sources_source_change", args=[source.pk])
    data = {**admin_form_data(client.get(url)), "summary": "Reworded.", "_save": "Save"}

    response = client.post(url, data)

    assert response.status_code == 302
    assert len(_said(response)) == 1  # Django's own "was changed successfully"


def test_deleting_a_stance_names_the_tactic_it_leaves(client, editor, shared_source):
    source, (llms, _) = shared_source
    before = _grade(llms)
    stance = Stance.objects.get(source=source, tactic=llms)
    client.force_login(editor)

    response = client.post(
        reverse("admin:sources_stance_delete", args=[stance.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert f"“Does an llms.txt file help?”: {before} → {_grade(llms)}" in _said(response)


def test_reverting_a_source_reports_the_grades_it_moves_back(
    client, researcher, shared_source, revert_in_admin
):
    source, (llms, _) = shared_source
    original_grade = _grade(llms)
    source.method = Method.CONTROLLED
    source.save()
    upgraded = _grade(llms)
    assert upgraded != original_grade
    client.force_login(researcher)

    response = revert_in_admin(client, source.history.earliest())

    assert f"“Does an llms.txt file help?”: {upgraded} → {original_grade}" in _said(response)


def test_naming_the_tactics_takes_one_query_however_many(
    django_assert_num_queries, rf: RequestFactory
):
    tactics = TacticFactory.create_batch(3)
    request = rf.post("/")
    request._messages = _Messages()
    changes = [Change(t.pk, 1, 2, "very_low", "low") for t in tactics]

    with django_assert_num_queries(1), report_grade_changes(request) as collected:
        collected.add([t.pk for t in tactics], changes)

    assert request._messages.said == sorted(
        f"“{t.question}”: {describe(changes[0])}" for t in tactics
    )


def test_a_tactic_moved_and_moved_back_in_one_save_is_no_change(rf):
    tactic = TacticFactory()
    request = rf.post("/")
    request._messages = _Messages()
    with report_grade_changes(request) as collected:
        collected.add([tactic.pk], [Change(tactic.pk, 1, 2, "very_low", "low")])
        collected.add([tactic.pk], [Change(tactic.pk, 2, 1, "low", "very_low")])
    assert request._messages.said == [f"No grade changed (recomputed “{tactic.question}”)."]
    assert Tactic.objects.count() == 1


class _Messages:
    """The message storage's one method the feedback calls, to read what it said."""

    def __init__(self):
        self.said = []

    def add(self, level, message, extra_tags=""):
        self.said.append(str(message))
