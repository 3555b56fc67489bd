"""Withdrawing and reinstating evidence from the admin: who may, what it does to the
grades, and what history keeps."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from sources.models import Correction, Source, Stance
from tests.admin_helpers import delete_in_admin, grade, messages_of
from tests.factories import StanceFactory, TacticFactory, tactic_with_evidence

pytestmark = pytest.mark.django_db


def withdraw_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_withdraw", args=[obj.pk])


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.fixture
def tactic(scored):
    with scored():
        return tactic_with_evidence(supporting=3, contradicting=1)


@pytest.fixture
def viewer(django_user_model):
    user = django_user_model.objects.create_user("viewer", password="pw-for-tests", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_source", "view_stance"])
    )
    return user


def test_researcher_withdraws_a_stance_and_history_says_who_and_why(
    client, researcher, tactic, scored
):
    stance = tactic.stances.get(position="no_effect")
    client.force_login(researcher)
    page = client.get(withdraw_url(stance))
    assert page.status_code == 200
    assert "Retracted by its authors or publisher" in page.content.decode()
    with scored():
        response = client.post(
            withdraw_url(stance), {"reason": "retracted", "note": "Retracted in May."}
        )
    assert response.status_code == 302
    stance.refresh_from_db()
    assert stance.is_withdrawn and stance.withdrawn_by == researcher
    assert stance.withdrawal_note == "Retracted in May."
    latest = stance.history.first()
    assert latest.history_user == researcher
    assert latest.history_change_reason == "Withdrawn: Retracted by its authors or publisher"
    assert latest.withdrawal_reason == "retracted"
    assert Correction.objects.get().made_by == researcher


def test_a_reason_is_required(client, researcher, tactic):
    stance = tactic.stances.first()
    client.force_login(researcher)
    page = client.post(withdraw_url(stance), {"reason": "", "note": "Because."})
    assert page.status_code == 200
    assert page.context["form"].errors["reason"] == ["This field is required."]
    stance.refresh_from_db()
    assert not stance.is_withdrawn and not Correction.objects.exists()


def test_withdrawing_changes_the_grade_exactly_as_removing_the_stance_would(
    client, researcher, editor, tactic, scored
):
    before = grade(tactic)
    stance = tactic.stances.get(position="no_effect")
    client.force_login(researcher)
    with scored():
        client.post(withdraw_url(stance), {"reason": "mislabelled", "note": ""})
    withdrawn = grade(tactic)
    assert withdrawn != before
    [change] = Correction.objects.get().grade_changes
    assert (change["old_score"], change["old_confidence"]) == (str(before[0]), before[1])
    assert (change["new_score"], change["new_confidence"]) == (str(withdrawn[0]), withdrawn[1])

    with scored():
        client.post(withdraw_url(stance), {"note": "The label was right after all."})
    assert grade(tactic) == before

    client.force_login(editor)
    with scored():
        delete_in_admin(client, stance)
    assert grade(tactic) == withdrawn


def test_reinstating_needs_a_note_and_is_logged(client, researcher, tactic, scored):
    stance = tactic.stances.first()
    client.force_login(researcher)
    with scored():
        client.post(withdraw_url(stance), {"reason": "duplicate"})
    refused = client.post(withdraw_url(stance), {"note": ""})
    assert refused.context["form"].errors["note"] == ["This field is required."]
    with scored():
        response = client.post(withdraw_url(stance), {"note": "Not a duplicate."}, follow=True)
    stance.refresh_from_db()
    assert not stance.is_withdrawn
    assert any(message.startswith("Reinstated “") for message in messages_of(response))
    reinstated = Correction.objects.first()
    assert (reinstated.kind, reinstated.reason, reinstated.note) == (
        "reinstated",
        "duplicate",
        "Not a duplicate.",
    )
    assert stance.history.first().history_change_reason.startswith("Reinstated")


def test_editor_may_withdraw_a_source_and_each_of_its_tactics_is_logged(
    client, editor, tactic, scored
):
    source = tactic.stances.get(position="no_effect").source
    other = TacticFactory()
    with scored():
        StanceFactory(source=source, tactic=other)
    client.force_login(editor)
    with scored():
        client.post(withdraw_url(source), {"reason": "superseded"})
    source.refresh_from_db()
    assert source.is_withdrawn
    logged = {change["tactic_id"] for change in Correction.objects.get().grade_changes}
    assert logged == {tactic.pk, other.pk}
    other.refresh_from_db()
    assert other.improves_count == 0  # its only source no longer counts


@pytest.mark.parametrize("model", [Source, Stance])
def test_a_view_only_user_gets_403_and_no_withdraw_link(client, viewer, tactic, model):
    stance = tactic.stances.first()
    obj = stance if model is Stance else stance.source
    client.force_login(viewer)
    assert client.get(withdraw_url(obj)).status_code == 403
    assert client.post(withdraw_url(obj), {"reason": "retracted"}).status_code == 403
    assert not model.objects.get(pk=obj.pk).is_withdrawn
    form = client.get(change_url(obj)).content.decode()
    assert "Counts in the grades." in form
    assert withdraw_url(obj) not in form


def test_the_change_form_links_to_withdraw_and_then_to_reinstate(client, researcher, tactic):
    source = tactic.stances.first().source
    client.force_login(researcher)
    assert withdraw_url(source) in client.get(change_url(source)).content.decode()
    client.post(withdraw_url(source), {"reason": "retracted", "note": "Journal notice."})
    form = client.get(change_url(source)).content.decode()
    assert "Retracted by its authors or publisher. Journal notice." in form
    assert "Reinstate…" in form


def test_withdraw_selected_asks_the_reason_once_for_all(client, researcher, tactic, scored):
    stances = list(tactic.stances.filter(position="improves")[:2])
    changelist = reverse("admin:sources_stance_changelist")
    selected = {"action": "withdraw_selected", "_selected_action": [s.pk for s in stances]}
    client.force_login(researcher)
    page = client.post(changelist, selected)
    assert page.status_code == 200
    assert page.templates[0].name == "admin/sources/stance/withdraw.html"
    assert not Stance.objects.filter(withdrawn_at__isnull=False).exists()
    with scored():
        client.post(changelist, {**selected, "apply": "1", "reason": "duplicate"})
    assert Stance.objects.filter(withdrawn_at__isnull=False).count() == 2
    assert Correction.objects.count() == 2


def test_the_lists_mark_and_filter_withdrawn_evidence(client, researcher, tactic):
    stance = tactic.stances.first()
    client.force_login(researcher)
    client.post(withdraw_url(stance.source), {"reason": "retracted"})
    changelist = reverse("admin:sources_stance_changelist")
    withdrawn = client.get(changelist, {"withdrawn": "withdrawn"})
    assert [row.pk for row in withdrawn.context["cl"].result_list] == [stance.pk]
    assert "Withdrawn with its source" in withdrawn.content.decode()
    current = client.get(changelist, {"withdrawn": "current"})
    assert stance.pk not in [row.pk for row in current.context["cl"].result_list]
    sources = client.get(reverse("admin:sources_source_changelist"), {"withdrawn": "withdrawn"})
    assert "Withdrawn: Retracted by its authors or publisher" in sources.content.decode()


def test_reverting_to_a_version_before_the_withdrawal_keeps_it_withdrawn(
    client, researcher, tactic, revert_in_admin
):
    source = tactic.stances.first().source
    client.force_login(researcher)
    client.post(withdraw_url(source), {"reason": "retracted"})
    before_withdrawal = source.history.last()
    revert_in_admin(client, before_withdrawal)
    source.refresh_from_db()
    assert source.is_withdrawn
