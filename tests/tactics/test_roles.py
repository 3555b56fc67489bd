import pytest
from django.urls import reverse

from sources.models import Source, Stance
from tactics.choices import Status
from tactics.models import Tactic
from tactics.roles import ensure_roles
from tests.admin_helpers import delete_in_admin, messages_of
from tests.factories import SourceFactory, StanceFactory, TacticFactory

pytestmark = pytest.mark.django_db


def _changelist_action(client, action, tactic):
    return client.post(
        reverse("admin:tactics_tactic_changelist"),
        {"action": action, "_selected_action": [tactic.pk]},
    )


def test_roles_are_idempotent(roles):
    counts = {name: group.permissions.count() for name, group in roles.items()}
    again = ensure_roles()
    assert {name: group.permissions.count() for name, group in again.items()} == counts


def test_researcher_cannot_publish_a_tactic(client, researcher):
    draft = TacticFactory(draft=True)
    client.force_login(researcher)
    _changelist_action(client, "publish", draft)
    response = client.post(
        reverse("admin:tactics_tactic_change", args=[draft.pk]), {"status": Status.PUBLISHED}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_researcher_can_read_tactics_and_record_sources(client, researcher):
    tactic = TacticFactory()
    client.force_login(researcher)
    assert client.get(reverse("admin:tactics_tactic_change", args=[tactic.pk])).status_code == 200
    assert client.get(reverse("admin:sources_source_add")).status_code == 200


def test_editor_can_publish_and_mark_reviewed(client, editor):
    draft = TacticFactory(draft=True, last_reviewed=None)
    client.force_login(editor)
    _changelist_action(client, "publish", draft)
    _changelist_action(client, "mark_reviewed", draft)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.last_reviewed is not None


def test_editor_can_delete_a_source_and_a_researcher_can_recover_it(
    client, editor, researcher, recover_in_admin
):
    stance = StanceFactory(source=SourceFactory(title="Entered by mistake"))
    source = stance.source
    client.force_login(editor)
    delete_in_admin(client, source)
    client.force_login(researcher)
    response = recover_in_admin(client, Source, source.pk)
    assert "Restored the source “Entered by mistake” with 1 stance." in messages_of(response)


@pytest.mark.parametrize("model", [Source, Stance])
def test_researcher_cannot_delete_evidence(client, researcher, model):
    stance = StanceFactory()
    obj = stance if model is Stance else stance.source
    client.force_login(researcher)
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_editor_cannot_change_a_source(client, editor):
    source = SourceFactory(title="Original title")
    client.force_login(editor)
    client.post(reverse("admin:sources_source_change", args=[source.pk]), {"title": "Edited"})
    source.refresh_from_db()
    assert source.title == "Original title"


def test_publish_action_is_not_offered_to_researchers(client, researcher):
    TacticFactory()
    client.force_login(researcher)
    page = client.get(reverse("admin:tactics_tactic_changelist"))
    assert b'value="publish"' not in page.content
    assert Tactic.objects.count() == 1
