"""Score history reasons read as sentences a visitor understands, built without queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from scoring import reasons
from scoring.models import ScoreSnapshot
from sources.choices import Method, Position
from sources.models import Source, Stance
from tactics.choices import Status
from tactics.models import Tactic
from tests.factories import (
    OrganisationFactory,
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
)


def test_combined_reasons_drop_repeats_and_count_what_does_not_fit():
    assert reasons.combine("", "Added: Ahrefs") == "Added: Ahrefs"
    assert reasons.combine("Added: Ahrefs", "Added: Ahrefs") == "Added: Ahrefs"
    assert reasons.combine("Added: Ahrefs", "Published") == "Added: Ahrefs; Published"
    text = "Added: Ahrefs, 75,000 brands (found it helps)"
    for number in range(10):
        text = reasons.combine(
            text, f"Changed: Publisher {number}, 1,000 pages (now mixed results)"
        )
    assert len(text) <= reasons.LIMIT
    assert text.startswith("Added: Ahrefs, 75,000 brands (found it helps); Changed: Publisher 0")
    kept = text.count("Changed:")
    assert text.endswith(f" and {10 - kept} more changes")
    assert reasons.combine(text, "Published").endswith(f" and {11 - kept} more changes")
    assert reasons.combine_all([]) == reasons.GENERIC


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def last_reason(tactic):
    return ScoreSnapshot.objects.filter(tactic=tactic).first().reason


@pytest.mark.django_db
def test_each_write_path_says_what_happened(commit, settings):
    settings.SCORE_SNAPSHOT_MINUTES = 0  # one snapshot per change, to read each reason
    tactic = TacticFactory()
    ahrefs = SourceFactory(organisation__name="Ahrefs", sample_size=75_000, sample_unit="brands")
    with commit():
        stance = StanceFactory(tactic=tactic, source=ahrefs)
    assert last_reason(tactic) == "Added: Ahrefs, 75,000 brands (found it helps)"

    with commit():
        source = Source.objects.get(pk=ahrefs.pk)
        source.published_on = datetime.date(2019, 3, 1)
        source.save()
    assert last_reason(tactic) == "Source re-dated: Ahrefs, 75,000 brands (now 1 Mar 2019)"

    with commit():
        source.method = Method.CONTROLLED
        source.sample_size = 80_000
        source.save()
    assert last_reason(tactic) == "Source changed: Ahrefs, 80,000 brands (method, sample size)"

    with commit():
        source.platforms.add(PlatformFactory(name="Perplexity"), PlatformFactory(name="Gemini"))
    assert last_reason(tactic) == "Platforms changed: Ahrefs, 80,000 brands"

    with commit():
        StanceFactory(
            tactic=tactic, source=SourceFactory(organisation__name="Seer", sample_size=None)
        )
    assert last_reason(tactic) == "Added: Seer (found it helps)"

    stance = Stance.objects.select_related("source").get(pk=stance.pk)
    with commit():
        stance.position = Position.MIXED
        stance.save()
    assert last_reason(tactic) == "Changed: Ahrefs, 80,000 brands (now mixed results)"

    # A stance loaded without its source: no query to name it, a plainer wording.
    stance = Stance.objects.get(pk=stance.pk)
    with commit():
        stance.delete()
    assert last_reason(tactic) == "Removed: a source (mixed results)"

    with commit():
        Tactic.objects.filter(pk=tactic.pk).update(evidence_score=0)  # so publishing shows
        tactic = Tactic.objects.get(pk=tactic.pk)
        tactic.status = Status.DRAFT
        tactic.save()
    assert last_reason(tactic) == "Back to draft"


@pytest.mark.django_db
def test_an_admin_save_names_the_added_source(admin_client, commit):
    tactic = TacticFactory(status=Status.PUBLISHED)
    data = {
        "title": "Brand mentions and AI citations",
        "url": "https://example.net/brand-mentions",
        "organisation": str(OrganisationFactory(name="Ahrefs").pk),
        "authors": "",
        "published_on": "2026-09-01",
        "source_type": "industry",
        "method": "observational",
        "sample_size": "75000",
        "sample_unit": "brands",
        "summary": "",
        "stances-TOTAL_FORMS": "1",
        "stances-INITIAL_FORMS": "0",
        "stances-MIN_NUM_FORMS": "0",
        "stances-MAX_NUM_FORMS": "1000",
        "stances-0-tactic": tactic.pk,
        "stances-0-position": Position.IMPROVES,
        "stances-0-directness": "direct",
        "stances-0-finding": "Brands mentioned more often were cited more often.",
        "stances-0-detail": "",
    }
    with commit():
        response = admin_client.post(reverse("admin:sources_source_add"), data)
    assert response.status_code == 302
    assert last_reason(tactic) == "Added: Ahrefs, 75,000 brands (found it helps)"


@pytest.mark.django_db
def test_a_withdrawal_says_so_in_the_score_history():
    source = SourceFactory(organisation__name="Trakkr", sample_size=None)
    stance = StanceFactory(source=source)
    stance.withdrawn_at = timezone.now()
    assert reasons.stance_changed(stance).startswith("Withdrawn: Trakkr")
    source.withdrawn_at = timezone.now()
    assert reasons.source_changed(source, ["withdrawn_at"]).startswith("Withdrawn: Trakkr")
    source.withdrawn_at = None
    assert reasons.source_changed(source, ["withdrawn_at"]).startswith("Reinstated: Trakkr")
