"""Reverting from the admin's history needs change permission (upstream issue #1362).

For every model of ours with history, the role that may only view it gets a read-only
history and a 403 on POST, and the role that may change it can revert.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tactics.choices import Status
from tests.factories import (
    CategoryFactory,
    ImplementationStepFactory,
    KeyFindingFactory,
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
    TacticFAQFactory,
)

pytestmark = pytest.mark.django_db

# factory, a field, its first value, its second value, who may only view, who may change.
CASES = {
    "category": (CategoryFactory, "name", "On-page", "Renamed", "researcher", "editor"),
    "platform": (PlatformFactory, "name", "Perplexity", "Renamed", "researcher", "editor"),
    "tactic": (TacticFactory, "question", "Does it work?", "Rewritten?", "researcher", "editor"),
    "keyfinding": (KeyFindingFactory, "text", "Found this.", "Not that.", "researcher", "editor"),
    "implementationstep": (
        ImplementationStepFactory,
        "text",
        "Do this.",
        "Do that.",
        "researcher",
        "editor",
    ),
    "tacticfaq": (TacticFAQFactory, "question", "Why?", "Why not?", "researcher", "editor"),
    "source": (SourceFactory, "method", "observational", "controlled", "editor", "researcher"),
    "stance": (StanceFactory, "position", "improves", "worsens", "editor", "researcher"),
}


@pytest.fixture(params=CASES, ids=str)
def edited(request):
    """An object saved with a field's first value, then its second: the first version is
    the one to revert to."""
    factory, field, first, second, viewer, changer = CASES[request.param]
    obj = factory(**{field: first})
    setattr(obj, field, second)
    obj.save()
    return (
        obj,
        field,
        first,
        second,
        request.getfixturevalue(viewer),
        request.getfixturevalue(changer),
    )


def _history_url(obj, record):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, record.pk]
    )


def test_a_view_only_role_cannot_revert_or_rewrite(client, edited, revert_in_admin):
    obj, field, first, second, viewer, _ = edited
    client.force_login(viewer)
    records = obj.history.count()
    response = revert_in_admin(client, obj.history.earliest())
    assert response.status_code == 403
    # Nor can a hand-made POST rewrite a field through the history form.
    rewrite = client.post(_history_url(obj, obj.history.earliest()), {field: first})
    assert rewrite.status_code == 403
    obj.refresh_from_db()
    assert getattr(obj, field) == second
    assert obj.history.count() == records


def test_a_view_only_role_sees_the_old_version_read_only(client, edited):
    obj, field, first, _, viewer, _ = edited
    client.force_login(viewer)
    history = client.get(
        reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk])
    )
    assert history.status_code == 200
    assert "to revert to a previous version" not in history.content.decode()
    page = client.get(_history_url(obj, obj.history.earliest()))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert form[field].value() == first
    assert all(bound.field.disabled for bound in form)
    assert 'name="_save"' not in page.content.decode()
    assert "shown read-only: reverting to it needs permission to change it" in page.content.decode()


def test_a_role_that_may_change_can_revert(client, edited, revert_in_admin):
    obj, field, first, _, _, changer = edited
    client.force_login(changer)
    page = client.get(_history_url(obj, obj.history.earliest()))
    assert 'name="_save"' in page.content.decode()
    response = revert_in_admin(client, obj.history.earliest())
    assert response.status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == first
    assert obj.history.latest().history_change_reason.startswith("Reverted to the version of")


@pytest.fixture
def may_change_but_not_publish(django_user_model):
    user = django_user_model.objects.create_user("writer", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="tactics", codename__in=["view_tactic", "change_tactic"]
        )
    )
    return user


def test_a_revert_that_moves_the_status_needs_publish_permission(
    client, may_change_but_not_publish, editor, revert_in_admin
):
    tactic = TacticFactory(draft=True)
    tactic.status = Status.PUBLISHED
    tactic.save()
    draft_version = tactic.history.earliest()
    client.force_login(may_change_but_not_publish)
    page = client.get(
        reverse("admin:tactics_tactic_simple_history", args=[tactic.pk, draft_version.pk])
    )
    assert 'name="_save"' not in page.content.decode()
    assert "and to publish when" in page.content.decode()
    assert revert_in_admin(client, draft_version).status_code == 403
    tactic.refresh_from_db()
    assert tactic.status == Status.PUBLISHED

    client.force_login(editor)
    assert revert_in_admin(client, draft_version).status_code == 302
    tactic.refresh_from_db()
    assert tactic.status == Status.DRAFT


def test_a_revert_that_keeps_the_status_needs_no_publish_permission(
    client, may_change_but_not_publish, revert_in_admin
):
    tactic = TacticFactory(question="First question?")
    tactic.question = "Second question?"
    tactic.save()
    client.force_login(may_change_but_not_publish)
    assert revert_in_admin(client, tactic.history.earliest()).status_code == 302
    tactic.refresh_from_db()
    assert tactic.question == "First question?"


def test_restoring_a_deleted_object_needs_add_permission(
    client, researcher, editor, revert_in_admin
):
    from tactics.models import Category

    category = CategoryFactory(name="Measurement")
    pk = category.pk
    category.delete()
    last_version = Category.history.filter(id=pk).earliest()

    client.force_login(researcher)
    assert revert_in_admin(client, last_version).status_code == 403
    assert not Category.objects.filter(pk=pk).exists()

    client.force_login(editor)
    assert revert_in_admin(client, last_version).status_code == 302
    assert Category.objects.get(pk=pk).name == "Measurement"
