"""Recompute on save: ORM, admin, fixtures, bulk paths, and once per transaction."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from scoring.services import recompute_tactics
from sources.choices import Directness, Method, Position, SourceType
from sources.models import Source, Stance
from tactics.choices import Direction, Status
from tactics.models import Tactic
from tests.factories import (
    OrganisationFactory,
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the block as one transaction and execute its on-commit callbacks."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def score(tactic):
    return Tactic.objects.get(pk=tactic.pk).evidence_score


def test_creating_a_stance_from_the_orm_updates_the_tactic(commit):
    tactic = TacticFactory()
    with commit():
        StanceFactory(tactic=tactic)
    tactic.refresh_from_db()
    assert tactic.evidence_score > 0
    assert tactic.improves_count == 1
    assert tactic.direction == Direction.WORKS
    source = Stance.objects.get().source
    assert (
        tactic.score_history.get().reason
        == f"Added: {source.organisation.name}, 1,000 pages (found it helps)"
    )


def test_changing_and_deleting_a_stance_update_the_tactic(commit):
    tactic = TacticFactory()
    with commit():
        stance = StanceFactory(tactic=tactic)
    supported = score(tactic)
    with commit():
        stance.position = Position.NO_EFFECT
        stance.save()
    tactic.refresh_from_db()
    assert tactic.direction == Direction.NO_EFFECT
    assert tactic.evidence_score == supported  # mirror image: same certainty
    with commit():
        stance.delete()
    tactic.refresh_from_db()
    assert (tactic.evidence_score, tactic.direction) == (Decimal("0.0"), Direction.NO_EVIDENCE)


def test_moving_a_stance_to_another_tactic_updates_both(commit):
    old, new = TacticFactory(), TacticFactory()
    with commit():
        stance = StanceFactory(tactic=old)
    with commit():
        stance = Stance.objects.get(pk=stance.pk)
        stance.tactic = new
        stance.save()
    assert score(old) == 0 and score(new) > 0


def test_changing_a_scored_source_attribute_updates_every_affected_tactic(commit):
    first, second = TacticFactory(), TacticFactory()
    source = SourceFactory(method=Method.OBSERVATIONAL)
    with commit():
        StanceFactory(tactic=first, source=source)
        StanceFactory(tactic=second, source=source)
    before = score(first)
    with commit():
        source = Source.objects.get(pk=source.pk)
        source.method = Method.CONTROLLED
        source.save()
    assert score(first) > before and score(second) > before


def test_changing_an_unscored_source_attribute_schedules_nothing(
    django_capture_on_commit_callbacks,
):
    source = SourceFactory()
    StanceFactory(source=source)
    with django_capture_on_commit_callbacks() as callbacks:
        source = Source.objects.get(pk=source.pk)
        source.title = "A better title"
        source.save()
    assert callbacks == []


def test_source_platform_changes_and_platform_deletion_update_the_tactic(commit):
    # (Adding from the platform's side, platform.sources.add(), is handled by the signal
    # too, but simple_history's m2m tracking on Source crashes on it before we get there.)
    chatgpt = PlatformFactory(slug="chatgpt")
    perplexity = PlatformFactory(slug="perplexity")
    tactic = TacticFactory()
    source = SourceFactory()
    with commit():
        StanceFactory(tactic=tactic, source=source)

    def covered():
        return set(tactic.platforms_covered.values_list("slug", flat=True))

    with commit():
        source.platforms.add(chatgpt, perplexity)
    assert covered() == {"chatgpt", "perplexity"}
    with commit():
        source.platforms.remove(chatgpt)
    assert covered() == {"perplexity"}
    with commit():
        perplexity.delete()
    assert covered() == set()
    with commit():
        source.platforms.add(chatgpt)
    with commit():
        source.platforms.clear()
    assert covered() == set()


def test_deleting_a_source_recomputes_the_tactics_of_its_cascaded_stances(commit):
    tactic = TacticFactory()
    keep, gone = SourceFactory(), SourceFactory()
    with commit():
        StanceFactory(tactic=tactic, source=keep)
        StanceFactory(tactic=tactic, source=gone, position=Position.NO_EFFECT)
    contested = Tactic.objects.get(pk=tactic.pk)
    with commit():
        gone.delete()
    tactic.refresh_from_db()
    assert tactic.no_effect_count == 0 and contested.no_effect_count == 1
    assert tactic.evidence_score > contested.evidence_score


def test_status_change_recomputes_and_other_edits_do_not(django_capture_on_commit_callbacks):
    tactic = TacticFactory(status=Status.DRAFT)
    tactic = Tactic.objects.get(pk=tactic.pk)
    with django_capture_on_commit_callbacks() as callbacks:
        tactic.lede = "A new lede."
        tactic.save()
    assert callbacks == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tactic.status = Status.PUBLISHED
        tactic.save()
    assert callbacks
    tactic.refresh_from_db()
    assert tactic.evidence_breakdown["direction"] == Direction.NO_EVIDENCE


def test_a_thousand_stances_in_one_transaction_recompute_each_tactic_once(
    commit, count_assessments
):
    tactics = [TacticFactory() for _ in range(4)]
    sources = [SourceFactory() for _ in range(250)]
    with commit():
        for tactic in tactics:
            for source in sources:
                Stance.objects.create(
                    tactic=tactic, source=source, position=Position.IMPROVES, finding="f"
                )
    assert Stance.objects.count() == 1000
    assert len(count_assessments) == 4  # one engine run per tactic, not 1,000
    assert all(len(stance_ids) == 250 for stance_ids in count_assessments)
    assert all(t.improves_count == 250 for t in Tactic.objects.all())


def test_a_rolled_back_savepoint_does_not_lose_the_recompute(commit):
    tactic = TacticFactory()
    with commit():
        StanceFactory(tactic=tactic)
        try:
            with transaction.atomic():
                StanceFactory(tactic=tactic, position=Position.NO_EFFECT)
                raise RuntimeError("roll this part back")
        except RuntimeError:
            pass
        StanceFactory(tactic=tactic)
    tactic.refresh_from_db()
    assert (tactic.improves_count, tactic.no_effect_count) == (2, 0)


def test_admin_save_of_a_source_with_an_inline_stance_updates_the_score(admin_client, commit):
    tactic = TacticFactory()
    platform = PlatformFactory(slug="chatgpt")
    data = {
        "title": "A controlled test of the tactic",
        "url": "https://example.net/controlled-test",
        "organisation": str(OrganisationFactory(name="Example Lab").pk),
        "authors": "",
        "published_on": "2026-09-01",
        "source_type": SourceType.PEER_REVIEWED,
        "method": Method.CONTROLLED,
        "sample_size": "12000",
        "sample_unit": "queries",
        "platforms": [platform.pk],
        "summary": "",
        "stances-TOTAL_FORMS": "1",
        "stances-INITIAL_FORMS": "0",
        "stances-MIN_NUM_FORMS": "0",
        "stances-MAX_NUM_FORMS": "1000",
        "stances-0-tactic": tactic.pk,
        "stances-0-position": Position.IMPROVES,
        "stances-0-directness": Directness.DIRECT,
        "stances-0-finding": "Pages using the tactic were cited more often.",
        "stances-0-detail": "",
    }
    with commit():
        response = admin_client.post(reverse("admin:sources_source_add"), data)
    assert response.status_code == 302, (
        response.context["adminform"].errors if response.context else response
    )
    tactic.refresh_from_db()
    assert tactic.improves_count == 1
    assert tactic.evidence_score == Decimal(tactic.evidence_breakdown["score"]) > 0
    assert list(tactic.platforms_covered.values_list("slug", flat=True)) == ["chatgpt"]


def test_fixture_load_ends_with_scores_computed_from_the_loaded_stances(commit, tmp_path):
    platform = PlatformFactory(slug="gemini")
    tactic = TacticFactory()
    source = SourceFactory(platforms=[platform])
    StanceFactory(tactic=tactic, source=source)
    objects = [tactic.category, platform, tactic, source, *Stance.objects.all()]
    data = json.loads(serializers.serialize("json", objects))
    for item in data:
        if item["model"] == "tactics.tactic":
            item["fields"]["evidence_score"] = "30.0"  # a fixture cannot dictate the score
    fixture = tmp_path / "evidence.json"
    fixture.write_text(json.dumps(data))
    Stance.objects.all().delete()
    Tactic.objects.all().delete()
    Source.objects.all().delete()

    with commit():
        call_command("loaddata", str(fixture), verbosity=0)

    tactic = Tactic.objects.get()
    assert tactic.improves_count == 1
    assert tactic.evidence_score == Decimal(tactic.evidence_breakdown["score"])
    assert tactic.evidence_score != Decimal("30.0")
    assert list(tactic.platforms_covered.values_list("slug", flat=True)) == ["gemini"]


def test_queryset_update_needs_the_documented_bulk_call(django_capture_on_commit_callbacks):
    tactic = TacticFactory()
    stance = StanceFactory(tactic=tactic)
    with django_capture_on_commit_callbacks(execute=True):
        pass
    recompute_tactics([tactic.pk])
    supported = score(tactic)
    Stance.objects.filter(pk=stance.pk).update(position=Position.MIXED)  # no signal
    assert score(tactic) == supported
    recompute_tactics([tactic.pk])
    assert Tactic.objects.get(pk=tactic.pk).direction == Direction.MIXED
    assert score(tactic) < supported


def test_outside_a_transaction_the_recompute_runs_at_once(transactional_db):
    tactic = TacticFactory(status=Status.PUBLISHED)
    StanceFactory(tactic=tactic, source=SourceFactory(published_on=datetime.date(2026, 1, 1)))
    assert score(tactic) > 0


def test_work_rolled_back_with_its_transaction_is_not_recomputed_later(commit, count_assessments):
    doomed, later = TacticFactory(), TacticFactory()
    try:
        with transaction.atomic():
            StanceFactory(tactic=doomed)
            raise RuntimeError("the whole transaction rolls back")
    except RuntimeError:
        pass
    with commit():
        StanceFactory(tactic=later)
    assert [len(ids) for ids in count_assessments] == [1]  # only `later`
    assert score(doomed) == 0


def test_a_revert_like_save_of_a_source_recomputes(commit):
    """The admin's history revert builds the source from its historical record (the old
    values, the same pk) and saves it: compared with the stored row, that is a change."""
    tactic = TacticFactory()
    source = SourceFactory(method=Method.OBSERVATIONAL)
    with commit():
        StanceFactory(tactic=tactic, source=source)
    observational = score(tactic)
    with commit():
        Source.objects.filter(pk=source.pk).update(method=Method.CONTROLLED)
        recompute_tactics([tactic.pk])
    assert score(tactic) > observational

    values = {f.attname: getattr(source, f.attname) for f in Source._meta.concrete_fields}
    reverted = Source(**values)  # built from scratch, as History does: method observational
    with commit():
        reverted.save()
    assert score(tactic) == observational
    reason = Tactic.objects.get(pk=tactic.pk).score_history.first().reason
    assert f"Source changed: {source.organisation.name}, 1,000 pages (method)" in reason


def test_reverting_a_source_from_the_admin_history_recomputes(admin_client, commit):
    tactic = TacticFactory()
    with commit():
        source = SourceFactory(method=Method.OBSERVATIONAL, published_on=datetime.date(2026, 3, 1))
        StanceFactory(tactic=tactic, source=source)
    observational = score(tactic)
    first = source.history.earliest()
    with commit():
        source = Source.objects.get(pk=source.pk)
        source.method = Method.CONTROLLED
        source.save()
    assert score(tactic) > observational

    url = reverse("admin:sources_source_simple_history", args=[source.pk, first.history_id])
    data = {
        "title": first.title,
        "url": first.url,
        "organisation": str(first.organisation_id),
        "authors": "",
        "published_on": first.published_on.isoformat(),
        "source_type": first.source_type,
        "method": first.method,
        "sample_size": str(first.sample_size),
        "sample_unit": first.sample_unit,
        "summary": first.summary,
    }
    with commit():
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].errors
    assert Source.objects.get(pk=source.pk).method == Method.OBSERVATIONAL
    assert score(tactic) == observational


def test_a_revert_like_save_that_moves_a_stance_recomputes_both_tactics(commit):
    old, new = TacticFactory(), TacticFactory()
    with commit():
        stance = StanceFactory(tactic=old)
    values = {f.attname: getattr(stance, f.attname) for f in Stance._meta.concrete_fields}
    with commit():
        Stance(**(values | {"tactic_id": new.pk})).save()
    assert score(old) == 0 and score(new) > 0


def test_a_save_that_changes_no_scored_source_attribute_reads_the_row_once_and_waits_for_nothing(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    source = SourceFactory()
    StanceFactory(source=source)
    source = Source.objects.get(pk=source.pk)
    source.summary = "A clearer summary."
    # Ours is the first: the stored scored columns. Then the update, and its history record
    # with the platforms.
    with django_capture_on_commit_callbacks() as callbacks, django_assert_num_queries(4):
        source.save()
    assert callbacks == []
