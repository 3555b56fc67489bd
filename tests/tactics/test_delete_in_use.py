"""A platform or category still in use is not deleted from the admin, and the message says
what uses it; a platform deleted elsewhere leaves history on every source that lost it."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from tactics.models import Category, Platform
from tests.factories import (
    CategoryFactory,
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
)

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def studied_by_five():
    platform = PlatformFactory(slug="perplexity", name="Perplexity")
    for letter in "EDCBA":
        SourceFactory(title=f"Study {letter}", platforms=[platform])
    return platform


def test_deleting_a_platform_sources_study_is_refused_naming_them(client, editor, studied_by_five):
    client.force_login(editor)
    url = reverse("admin:tactics_platform_delete", args=[studied_by_five.pk])
    for response in (client.get(url, follow=True), client.post(url, {"post": "yes"}, follow=True)):
        assert response.redirect_chain[-1][0] == reverse(
            "admin:tactics_platform_change", args=[studied_by_five.pk]
        )
        assert messages_of(response) == [
            "The platform “Perplexity” cannot be deleted: 5 sources study it (“Study A”, "
            "“Study B”, “Study C” and 2 more). A researcher must remove it from those sources "
            "first. Nothing was deleted."
        ]
    assert studied_by_five.sources.count() == 5


def test_deleting_selected_platforms_is_refused_when_any_is_in_use(client, editor, studied_by_five):
    unused = PlatformFactory(slug="copilot", name="Copilot")
    client.force_login(editor)
    response = client.post(
        reverse("admin:tactics_platform_changelist"),
        {
            "action": "delete_selected",
            ACTION_CHECKBOX_NAME: [studied_by_five.pk, unused.pk],
            "post": "yes",
        },
        follow=True,
    )
    said = messages_of(response)
    assert said[0].startswith("The platform “Perplexity” cannot be deleted: 5 sources study it")
    assert said[-1] == "Nothing was deleted."
    assert Platform.objects.filter(pk__in=[studied_by_five.pk, unused.pk]).count() == 2


def test_platforms_nobody_studies_are_deleted_as_before(client, editor, studied_by_five):
    unused = [PlatformFactory(), PlatformFactory()]
    client.force_login(editor)
    ids = [platform.pk for platform in unused]
    data = {"action": "delete_selected", ACTION_CHECKBOX_NAME: ids}
    confirm = client.post(reverse("admin:tactics_platform_changelist"), data)
    assert confirm.status_code == 200  # Django's confirmation page
    client.post(reverse("admin:tactics_platform_changelist"), {**data, "post": "yes"})
    assert not Platform.objects.filter(pk__in=ids).exists()
    single = PlatformFactory()
    client.post(reverse("admin:tactics_platform_delete", args=[single.pk]), {"post": "yes"})
    assert not Platform.objects.filter(pk=single.pk).exists()


def test_deleting_a_category_with_tactics_is_refused_naming_them(client, editor):
    category = CategoryFactory(name="Off-page")
    TacticFactory(category=category, question="Do backlinks help?")
    empty = CategoryFactory(name="Unused")
    client.force_login(editor)
    response = client.post(
        reverse("admin:tactics_category_delete", args=[category.pk]), {"post": "yes"}, follow=True
    )
    assert messages_of(response) == [
        "The category “Off-page” cannot be deleted: it holds 1 tactic (“Do backlinks help?”). "
        "Move it to another category first. Nothing was deleted."
    ]
    response = client.post(
        reverse("admin:tactics_category_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [category.pk, empty.pk], "post": "yes"},
        follow=True,
    )
    assert messages_of(response)[0].startswith("The category “Off-page” cannot be deleted")
    assert Category.objects.filter(pk__in=[category.pk, empty.pk]).count() == 2


def test_a_platform_deleted_elsewhere_leaves_history_on_each_source(
    studied_by_five, django_capture_on_commit_callbacks
):
    source = studied_by_five.sources.get(title="Study A")
    with django_capture_on_commit_callbacks(execute=True):
        stance = StanceFactory(source=source)
    assert list(stance.tactic.platforms_covered.values_list("slug", flat=True)) == ["perplexity"]
    with django_capture_on_commit_callbacks(execute=True):
        studied_by_five.delete()
    record = source.history.latest()
    assert record.history_change_reason.startswith("Platform Perplexity deleted")
    assert list(record.platforms.all()) == []
    assert record.prev_record.platforms.count() == 1
    assert not stance.tactic.platforms_covered.exists()
