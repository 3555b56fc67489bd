"""The database side: loading inputs, writing only on change, snapshots, the bulk path."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring.counterfactual import grade
from scoring.models import ScoreSnapshot
from scoring.services import load_inputs, recompute_tactic, recompute_tactics
from sources.choices import Directness, Method, Position, SourceType
from sources.models import Stance
from tactics.choices import Confidence, Direction
from tactics.models import Tactic
from tests.factories import PlatformFactory, SourceFactory, StanceFactory, TacticFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def strong_source(**kwargs):
    defaults = dict(
        source_type=SourceType.PEER_REVIEWED,
        method=Method.CONTROLLED,
        published_on=datetime.date(2026, 6, 1),
        sample_size=20_000,
    )
    return SourceFactory(**(defaults | kwargs))


def stances_for(tactic, n, position=Position.IMPROVES, platforms=()):
    return [
        StanceFactory(
            tactic=tactic, source=SourceFactory(platforms=list(platforms)), position=position
        )
        for _ in range(n)
    ]


def test_recompute_stores_what_the_engine_says(django_capture_on_commit_callbacks):
    chatgpt = PlatformFactory(slug="chatgpt", name="ChatGPT")
    perplexity = PlatformFactory(slug="perplexity", name="Perplexity")
    tactic = TacticFactory()
    StanceFactory(tactic=tactic, source=strong_source(platforms=[chatgpt]))
    StanceFactory(tactic=tactic, source=strong_source(platforms=[perplexity]))
    StanceFactory(tactic=tactic, source=SourceFactory(), position=Position.NO_EFFECT)

    recompute_tactic(tactic.pk, reason="test")

    tactic.refresh_from_db()
    inputs, _ = load_inputs([tactic.pk])
    expected = grade(inputs[tactic.pk], datetime.date(2026, 11, 25))
    assert tactic.evidence_score == expected.score > 0
    assert tactic.confidence == expected.confidence
    assert tactic.direction == Direction.WORKS
    assert (tactic.improves_count, tactic.no_effect_count, tactic.mixed_count) == (2, 1, 0)
    assert set(tactic.platforms_covered.values_list("slug", flat=True)) == {"chatgpt", "perplexity"}
    assert tactic.evidence_breakdown == expected.as_dict()
    # Each live platform's grade is stored beside the tactic's, as the engine computed it.
    stored = {
        grade.platform.slug: (grade.score, grade.confidence, grade.direction, grade.sources_count)
        for grade in tactic.platform_grades.select_related("platform")
    }
    assert stored == {
        grade.platform: (grade.score, grade.confidence, grade.direction, grade.sources)
        for grade in expected.platform_grades
    }
    assert set(stored) == {"chatgpt", "perplexity"}
    breakdown = tactic.evidence_breakdown
    shown = sum(Decimal(c["points"]) for c in breakdown["contributions"]) + sum(
        Decimal(a["points"]) for a in breakdown["adjustments"]
    )
    assert shown == tactic.evidence_score
    [snapshot] = tactic.score_history.all()
    assert (snapshot.score, snapshot.confidence, snapshot.reason) == (
        tactic.evidence_score,
        tactic.confidence,
        "test",
    )
    assert tactic.evidence_computed_at is not None


def test_unchanged_evidence_writes_nothing_in_a_fixed_number_of_queries(settings):
    settings.SCORE_SNAPSHOT_MINUTES = 0  # every change its own snapshot
    tactic = TacticFactory()
    stances_for(tactic, 3)
    recompute_tactic(tactic.pk)

    with CaptureQueriesContext(connection) as few:
        assert recompute_tactic(tactic.pk) is None
    stances_for(tactic, 30)
    with CaptureQueriesContext(connection) as many:
        recompute_tactic(tactic.pk)

    def selects(context):
        # A change also reads the tactic's latest snapshot (to merge into it), once.
        return [
            q
            for q in context.captured_queries
            if q["sql"].startswith("SELECT") and 'FROM "scoring_scoresnapshot"' not in q["sql"]
        ]

    assert not [q for q in few.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert ScoreSnapshot.objects.filter(tactic=tactic).count() == 2
    # Reading the inputs costs the same whatever the number of stances.
    assert len(selects(many)) == len(selects(few))


def test_evidence_change_moves_updated_at_and_snapshots_only_score_changes(frozen_today, settings):
    settings.SCORE_SNAPSHOT_MINUTES = 0  # every change its own snapshot
    tactic = TacticFactory()
    [stance] = stances_for(tactic, 1)
    recompute_tactic(tactic.pk, "first")
    tactic.refresh_from_db()
    first_updated = tactic.updated_at

    Stance.objects.filter(pk=stance.pk).update(finding="Reworded finding")
    assert recompute_tactic(tactic.pk, "wording") is None  # the score ignores wording

    Stance.objects.filter(pk=stance.pk).update(directness=Directness.INDIRECT)
    change = recompute_tactic(tactic.pk, "now indirect")
    tactic.refresh_from_db()
    assert change is not None and change.new_score < change.old_score
    assert tactic.updated_at >= first_updated
    assert list(tactic.score_history.values_list("reason", flat=True)) == [
        "now indirect",
        "first",
    ]


def test_updated_at_reflects_an_evidence_change():
    tactic = TacticFactory()
    Tactic.objects.filter(pk=tactic.pk).update(
        updated_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    stances_for(tactic, 1)
    recompute_tactic(tactic.pk)
    tactic.refresh_from_db()
    assert tactic.updated_at.date() == datetime.date(2026, 11, 25)


def test_a_deleted_tactic_is_ignored():
    assert recompute_tactic(987654) is None
    assert recompute_tactics([987654]) == []


def test_bulk_recompute_after_bulk_create_and_queries_per_chunk_are_bounded():
    tactics = [TacticFactory() for _ in range(6)]
    source = SourceFactory()
    # bulk_create sends no signals: the stored scores are stale until recompute_tactics.
    Stance.objects.bulk_create(
        Stance(tactic=t, source=source, position=Position.IMPROVES, finding="f") for t in tactics
    )
    assert {t.evidence_score for t in Tactic.objects.all()} == {Decimal("0.0")}

    with CaptureQueriesContext(connection) as six:
        changes = recompute_tactics([t.pk for t in tactics], reason="bulk import")
    assert len(changes) == 6
    assert all(t.evidence_score > 0 for t in Tactic.objects.all())
    assert ScoreSnapshot.objects.filter(reason="bulk import").count() == 6

    more = [TacticFactory() for _ in range(20)]
    Stance.objects.bulk_create(
        Stance(tactic=t, source=source, position=Position.NO_EFFECT, finding="f") for t in more
    )
    with CaptureQueriesContext(connection) as twenty:
        recompute_tactics([t.pk for t in more])
    assert len(twenty.captured_queries) == len(six.captured_queries)


def test_bulk_and_single_paths_store_the_same_result():
    a, b = TacticFactory(), TacticFactory()
    for tactic in (a, b):
        StanceFactory(tactic=tactic, source=strong_source())
        StanceFactory(tactic=tactic, source=SourceFactory(), position=Position.MIXED)
    recompute_tactic(a.pk)
    recompute_tactics([b.pk])
    a.refresh_from_db()
    b.refresh_from_db()
    fields = ["evidence_score", "confidence", "direction", "contested", "mixed_count"]
    assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields]
    assert a.confidence != Confidence.VERY_LOW


def test_admin_breakdown_escapes_user_text_and_adds_up(admin_client):
    from scoring.admin_display import breakdown_html

    tactic = TacticFactory()
    assert "Not computed yet" in breakdown_html(tactic)
    StanceFactory(tactic=tactic, source=strong_source(title="<script>alert(1)</script> study"))
    StanceFactory(tactic=tactic, position=Position.NO_EFFECT)
    recompute_tactic(tactic.pk)
    tactic.refresh_from_db()
    html = breakdown_html(tactic)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; study" in html
    assert "Rated down for inconsistency" in html
    assert f'Evidence score</th><td class="num">{tactic.evidence_score}</td>' in html
    response = admin_client.get(reverse("admin:tactics_tactic_change", args=[tactic.pk]))
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt; study" in response.content.decode()
