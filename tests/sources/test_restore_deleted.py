"""A deleted source comes back whole from the admin's "Recover deleted sources".

Each test deletes from the admin as a superuser would (the only role that may delete a
source) and restores as a researcher, who may add sources, through the recover list and
its form, as a person clicking them would.
"""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from sources.models import Source, Stance
from tactics.models import KeyFinding, Platform, Tactic
from tests.admin_helpers import delete_in_admin, grade, messages_of
from tests.factories import KeyFindingFactory, PlatformFactory, SourceFactory, StanceFactory

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2025, 1, 2, 9, 30, tzinfo=datetime.UTC)
LATER = datetime.datetime(2025, 3, 4, 16, 0, tzinfo=datetime.UTC)


@pytest.fixture
def studied(scored):
    """A source with 5 stances (one per tactic), 3 platforms and 4 key findings citing it,
    created long ago and last changed later; each tactic has a second source, so that its
    grade moves when this one goes."""
    platforms = [PlatformFactory(slug=s, name=s.title()) for s in ("chatgpt", "gemini", "claude")]
    with scored():
        source = SourceFactory(platforms=platforms, method="controlled")
        stances = [StanceFactory(source=source, mixed=n == 4) for n in range(5)]
        for stance in stances:
            StanceFactory(tactic=stance.tactic, contradicting=True)
    findings = [KeyFindingFactory(tactic=stances[n].tactic, source=source) for n in range(4)]
    Source.objects.filter(pk=source.pk).update(created_at=LONG_AGO, updated_at=LATER)
    Stance.objects.filter(source=source).update(created_at=LONG_AGO, updated_at=LATER)
    tactics = [stance.tactic for stance in stances]
    return source, stances, findings, tactics


def test_a_deleted_source_comes_back_with_everything_that_went_with_it(
    client, superuser, researcher, studied, scored, recover_in_admin
):
    source, stances, findings, tactics = studied
    before = [grade(tactic) for tactic in tactics]
    stance_rows = list(Stance.objects.filter(source=source).order_by("pk").values())

    client.force_login(superuser)
    with scored():
        delete_in_admin(client, source)
    assert [grade(tactic) for tactic in tactics] != before
    assert KeyFinding.objects.filter(source=None).count() == 4

    client.force_login(researcher)
    with scored():
        response = recover_in_admin(client, Source, source.pk)

    assert response.redirect_chain[-1][0] == reverse(
        "admin:sources_source_change", args=[source.pk]
    )
    assert (
        f"Restored the source “{source.title}” with 5 stances, 3 platforms and 4 key findings."
        in (messages_of(response))
    )
    restored = Source.objects.get(pk=source.pk)
    assert (restored.created_at, restored.updated_at) == (LONG_AGO, LATER)
    assert sorted(restored.platforms.values_list("slug", flat=True)) == [
        "chatgpt",
        "claude",
        "gemini",
    ]
    assert list(Stance.objects.filter(source=source).order_by("pk").values()) == stance_rows
    assert sorted(KeyFinding.objects.filter(source=source).values_list("pk", flat=True)) == sorted(
        finding.pk for finding in findings
    )
    assert [grade(tactic) for tactic in tactics] == before
    latest = restored.history.latest()
    assert (latest.created_at, latest.updated_at) == (LONG_AGO, LATER)


def test_the_key_findings_unlinking_and_relinking_is_in_their_history(
    client, superuser, researcher, studied, scored, recover_in_admin
):
    source, _, findings, _ = studied
    client.force_login(superuser)
    delete_in_admin(client, source)
    for finding in findings:
        unlinked = finding.history.latest()
        assert unlinked.source_id is None
        assert unlinked.history_change_reason.startswith("Its source was deleted")
        assert unlinked.history_user == superuser

    client.force_login(researcher)
    recover_in_admin(client, Source, source.pk)
    for finding in findings:
        relinked = finding.history.latest()
        assert relinked.source_id == source.pk
        assert relinked.history_change_reason == "Its source was restored"
        assert relinked.history_user == researcher


def test_a_restore_brings_back_only_its_own_deletion(
    client, superuser, researcher, studied, scored, recover_in_admin
):
    """A stance deleted on its own before the source stays deleted, and so does a key
    finding unlinked by an editor: neither went with the source."""
    source, stances, findings, _ = studied
    stances[0].delete()
    findings[0].source = None
    findings[0].save()

    client.force_login(superuser)
    delete_in_admin(client, source)
    client.force_login(researcher)
    response = recover_in_admin(client, Source, source.pk)

    assert "with 4 stances, 3 platforms and 3 key findings." in messages_of(response)[0]
    assert not Stance.objects.filter(pk=stances[0].pk).exists()
    findings[0].refresh_from_db()
    assert findings[0].source is None


def test_what_was_deleted_since_is_named_and_the_rest_restored(
    client, superuser, researcher, studied, scored, recover_in_admin
):
    source, stances, _, tactics = studied
    client.force_login(superuser)
    delete_in_admin(client, source)
    tactics[0].delete()
    Platform.objects.get(slug="claude").delete()

    client.force_login(researcher)
    response = recover_in_admin(client, Source, source.pk)

    said = messages_of(response)
    assert "with 4 stances, 2 platforms and 3 key findings." in said[0]
    assert f"Not restored: the stance #{stances[0].pk}, whose tactic was deleted too." in said
    assert "Not linked again: 1 platform deleted since." in said
    assert Stance.objects.filter(source=source).count() == 4


def test_a_deletion_from_before_deletion_ids_is_restored_too(
    client, superuser, researcher, studied, scored, recover_in_admin
):
    """Deletions recorded before this change have no deletion id, and their key findings
    were unlinked in SQL: the stances are found by time, the findings by their last link."""
    source, _, findings, tactics = studied
    before = [grade(tactic) for tactic in tactics]
    client.force_login(superuser)
    with scored():
        delete_in_admin(client, source)
    Stance.history.filter(source_id=source.pk).update(history_change_reason=None)
    Source.history.filter(id=source.pk).update(history_change_reason=None)
    KeyFinding.history.filter(source_id=None).delete()

    client.force_login(researcher)
    with scored():
        response = recover_in_admin(client, Source, source.pk)

    assert "with 5 stances, 3 platforms and 4 key findings." in messages_of(response)[0]
    assert [grade(tactic) for tactic in tactics] == before


def test_restoring_needs_add_permission(client, superuser, editor, studied, recover_in_admin):
    source = studied[0]
    client.force_login(superuser)
    delete_in_admin(client, source)

    client.force_login(editor)  # may view sources, not add them
    listing = client.get(reverse("admin:sources_source_recoverlist"))
    assert listing.status_code == 200
    _, _, url = listing.context["rows"][0]
    page = client.get(url)
    assert 'name="_save"' not in page.content.decode()
    assert client.post(url, {"title": source.title, "_save": "Revert"}).status_code == 403
    assert not Source.objects.filter(pk=source.pk).exists()


def test_the_change_list_links_to_the_deleted_sources(client, researcher, editor):
    client.force_login(researcher)
    page = client.get(reverse("admin:sources_source_changelist"))
    assert reverse("admin:sources_source_recoverlist") in page.content.decode()
    client.force_login(editor)
    page = client.get(reverse("admin:sources_source_changelist"))
    assert reverse("admin:sources_source_recoverlist") not in page.content.decode()


def test_a_deleted_stance_comes_back_alone_with_its_dates(
    client, researcher, superuser, studied, scored, recover_in_admin
):
    source, stances, _, tactics = studied
    before = grade(tactics[1])
    client.force_login(superuser)
    with scored():
        delete_in_admin(client, stances[1])
    client.force_login(researcher)
    with scored():
        response = recover_in_admin(client, Stance, stances[1].pk)
    assert messages_of(response)[0] == f"Restored the stance “{stances[1]}”."
    restored = Stance.objects.get(pk=stances[1].pk)
    assert (restored.created_at, restored.updated_at) == (LONG_AGO, LATER)
    assert grade(Tactic.objects.get(pk=tactics[1].pk)) == before


def test_a_restore_that_fails_halfway_leaves_nothing_half_restored(
    client, superuser, researcher, studied, recover_in_admin, monkeypatch
):
    source = studied[0]
    client.force_login(superuser)
    delete_in_admin(client, source)

    def fails(*args):
        raise RuntimeError("the database went away while restoring the stances")

    monkeypatch.setattr("sources.admin.restore_source", fails)
    client.force_login(researcher)
    with pytest.raises(RuntimeError):
        recover_in_admin(client, Source, source.pk)
    assert not Source.objects.filter(pk=source.pk).exists()
    assert Source.history.filter(id=source.pk).latest().history_type == "-"


def test_of_sources_deleted_together_each_comes_back_with_its_own(
    client, superuser, researcher, studied, scored, recover_in_admin
):
    source, _, _, tactics = studied
    other = SourceFactory()
    StanceFactory(source=other, tactic=tactics[0], contradicting=True)
    KeyFindingFactory(tactic=tactics[0], source=other)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:sources_source_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [source.pk, other.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Source.objects.filter(pk__in=[source.pk, other.pk]).exists()

    client.force_login(researcher)
    response = recover_in_admin(client, Source, other.pk)
    assert messages_of(response)[0] == (
        f"Restored the source “{other.title}” with 1 stance and 1 key finding."
    )
    assert KeyFinding.objects.filter(source=other).count() == 1
    assert KeyFinding.objects.filter(source=None).count() == 4  # the first source's, unlinked
