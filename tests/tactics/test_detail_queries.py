"""The tactic page's number of SQL queries does not grow with its number of sources."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scoring.services import recompute_tactic
from sources.choices import Method
from tests.factories import (
    ImplementationStepFactory,
    KeyFindingFactory,
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
    TacticFAQFactory,
    tactic_with_evidence,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


@pytest.fixture
def platforms():
    return [
        PlatformFactory(slug="google-aio", name="Google AI Overviews"),
        PlatformFactory(slug="chatgpt", name="ChatGPT"),
        PlatformFactory(slug="perplexity", name="Perplexity"),
    ]


def build(n_sources, platforms):
    tactic = TacticFactory()
    contradicting = max(1, n_sources // 10)
    tactic_with_evidence(
        supporting=n_sources - contradicting - 1,
        contradicting=contradicting,
        mixed=1,
        platforms=platforms,
        tactic=tactic,
    )
    # A few sources cited by key findings, and a neighbour sharing a source.
    stances = list(tactic.stances.select_related("source")[:3])
    for stance in stances:
        KeyFindingFactory(tactic=tactic, source=stance.source)
    for _ in range(4):
        ImplementationStepFactory(tactic=tactic)
    TacticFAQFactory(tactic=tactic)
    neighbour = TacticFactory()
    StanceFactory(tactic=neighbour, source=stances[0].source)
    StanceFactory(tactic=tactic, source=SourceFactory(method=Method.CONTROLLED))
    recompute_tactic(tactic.pk, reason="test")
    return tactic


def count_queries(client, tactic):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(tactic.get_absolute_url())
    assert response.status_code == 200
    return len(queries), response


def test_same_number_of_queries_for_5_and_200_sources(client, platforms):
    small = build(5, platforms)
    large = build(200, platforms)
    small_count, small_response = count_queries(client, small)
    large_count, large_response = count_queries(client, large)
    assert small_response.content.count(b'class="tactic-source ') == 6
    assert large_response.content.count(b'class="tactic-source ') == 201
    assert small_count == large_count
    assert large_count <= MAX_QUERIES


def test_staff_preview_of_a_draft_is_also_constant(client, platforms, django_user_model):
    client.force_login(django_user_model.objects.create_user("ed", password="pw", is_staff=True))
    small = build(5, platforms)
    large = build(200, platforms)
    small.status = large.status = "draft"
    small.save(update_fields=["status"])
    large.save(update_fields=["status"])
    small_count, _ = count_queries(client, small)
    large_count, _ = count_queries(client, large)
    assert small_count == large_count <= MAX_QUERIES + 2  # + session and user


def test_editor_chosen_related_tactics_do_not_add_per_row_queries(client, platforms):
    tactic = build(5, platforms)
    baseline, _ = count_queries(client, tactic)
    tactic.related_tactics.set([TacticFactory() for _ in range(6)])
    with_related, response = count_queries(client, tactic)
    assert with_related <= baseline
    assert response.content.count(b'class="tactic-related__item"') == 4
