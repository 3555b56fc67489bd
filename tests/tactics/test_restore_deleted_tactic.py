"""A deleted tactic comes back whole from the admin's "Recover deleted tactics": its
stances, key findings, steps and FAQs, its dates, and its grade to the last digit."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from sources.models import Stance
from tactics.models import ImplementationStep, KeyFinding, Tactic, TacticFAQ
from tests.admin_helpers import delete_in_admin, grade, messages_of
from tests.factories import (
    ImplementationStepFactory,
    KeyFindingFactory,
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
    TacticFAQFactory,
)

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2025, 2, 3, 8, 0, tzinfo=datetime.UTC)
LATER = datetime.datetime(2025, 5, 6, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def editor_who_adds_stances(editor):
    editor.user_permissions.add(Permission.objects.get(codename="add_stance"))
    return editor


@pytest.fixture
def page(scored):
    """A graded tactic page: 3 stances, 2 key findings (one citing a source), 2 steps and
    2 FAQs, created long ago and last changed later."""
    gemini = PlatformFactory(slug="gemini", name="Gemini")
    tactic = TacticFactory()
    with scored():
        stances = [
            StanceFactory(tactic=tactic, source=SourceFactory(platforms=[gemini])),
            StanceFactory(tactic=tactic, source=SourceFactory(method="controlled")),
            StanceFactory(tactic=tactic, contradicting=True),
        ]
    KeyFindingFactory(tactic=tactic, source=stances[0].source)
    KeyFindingFactory(tactic=tactic)
    ImplementationStepFactory.create_batch(2, tactic=tactic)
    TacticFAQFactory.create_batch(2, tactic=tactic)
    Tactic.objects.filter(pk=tactic.pk).update(created_at=LONG_AGO, updated_at=LATER)
    return tactic


def _parts(tactic_id):
    return (
        list(Stance.objects.filter(tactic_id=tactic_id).order_by("pk").values()),
        list(KeyFinding.objects.filter(tactic_id=tactic_id).order_by("pk").values()),
        list(ImplementationStep.objects.filter(tactic_id=tactic_id).order_by("pk").values()),
        list(TacticFAQ.objects.filter(tactic_id=tactic_id).order_by("pk").values()),
    )


def test_a_deleted_tactic_comes_back_with_its_evidence_and_page(
    client, superuser, editor_who_adds_stances, page, scored, recover_in_admin
):
    before, parts = grade(page), _parts(page.pk)
    assert page.evidence_score > 0
    client.force_login(superuser)
    with scored():
        delete_in_admin(client, page)
    assert _parts(page.pk) == ([], [], [], [])

    client.force_login(editor_who_adds_stances)
    with scored():
        response = recover_in_admin(client, Tactic, page.pk)

    assert messages_of(response) == [
        f"Restored the tactic “{page.question}” with 3 stances, 2 key findings, 2 steps and 2 FAQs."
    ]
    assert _parts(page.pk) == parts
    restored = Tactic.objects.get(pk=page.pk)
    assert grade(restored) == before
    assert (restored.created_at, restored.updated_at) == (LONG_AGO, LATER)


def test_restoring_a_tactic_with_evidence_needs_permission_to_add_stances(
    client, superuser, editor, page, recover_in_admin
):
    client.force_login(superuser)
    delete_in_admin(client, page)
    client.force_login(editor)  # may add and publish tactics, not record evidence
    listing = client.get(reverse("admin:tactics_tactic_recoverlist"))
    _, _, url = listing.context["rows"][0]
    form = client.get(url)
    assert 'name="_save"' not in form.content.decode()
    assert "and to add stances when its evidence comes back" in form.content.decode()
    assert client.post(url, {"question": page.question, "_save": "Revert"}).status_code == 403
    assert not Tactic.objects.filter(pk=page.pk).exists()
