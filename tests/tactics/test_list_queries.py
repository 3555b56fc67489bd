"""The list page runs the same number of queries however many tactics exist."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring.models import PlatformGrade
from tactics.models import Platform, Tactic
from tests.factories import CategoryFactory, PlatformFactory, TacticFactory

MAX_LIST_QUERIES = 8


def build(n):
    """n published tactics spread over three categories, each covering two platforms and
    graded on ChatGPT, plus drafts that must not change anything."""
    categories = [CategoryFactory() for _ in range(3)]
    platforms = [PlatformFactory() for _ in range(2)]
    platforms.append(
        Platform.objects.filter(slug="chatgpt").first() or PlatformFactory(slug="chatgpt")
    )
    tactics = TacticFactory.build_batch(n)
    for i, tactic in enumerate(tactics):
        tactic.category = categories[i % 3]
        tactic.slug = f"t-{n}-{i}"
    Tactic.objects.bulk_create(tactics)
    through = Tactic.platforms_covered.through
    through.objects.bulk_create(
        through(tactic_id=t.pk, platform_id=platforms[(i + j) % 3].pk)
        for i, t in enumerate(Tactic.objects.all())
        for j in range(2)
    )
    PlatformGrade.objects.bulk_create(
        PlatformGrade(
            tactic=t,
            platform=platforms[2],
            score=i % 30,
            confidence=("low", "medium", "high")[i % 3],
            direction=("works", "leans_works", "no_effect")[i % 3],
        )
        for i, t in enumerate(Tactic.objects.all())
    )
    TacticFactory.create_batch(3, draft=True, category=categories[0])


def count_queries(client, params):
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("tactics:list"), params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"confidence": ["high", "very_low"], "order": "title"},
        {"platform": "platform-x", "category": "nope", "score_min": "1"},
        {"q": "tactic", "contested": "no", "page": "2"},
        {
            "platform_grade": "chatgpt",
            "platform_direction": "works_any",
            "platform_confidence": "medium",
            "impact": ["large", "unknown"],
            "order": "platform",
        },
        {"order": "impact", "platform_confidence": "high"},
    ],
    ids=["plain", "confidence", "invalid-choices", "search", "platform-grade", "impact"],
)
def test_list_query_count_does_not_grow_with_tactics(client, db, params):
    build(10)
    small, response = count_queries(client, params)
    assert small <= MAX_LIST_QUERIES, response
    Tactic.objects.all().delete()
    build(500)
    large, response = count_queries(client, params)
    assert large == small
    assert b"tactic-card" in response.content or b"No published tactic" in response.content


def test_a_full_page_costs_a_handful_of_queries(client, db, django_assert_max_num_queries):
    build(500)
    cache.clear()
    # count, page of tactics, their platforms, the category, platform and graded-platform
    # <select>s
    with django_assert_max_num_queries(6):
        response = client.get(reverse("tactics:list"))
    assert response.content.count(b'class="card tactic-card"') == 20


def test_a_filtered_list_shows_each_tactic_once_without_distinct(client, db):
    """Each tactic covers two of three platforms; filtered by one platform and by two
    confidence levels, every matching tactic is listed and counted once, and no query
    needs SELECT DISTINCT: django-filter adds one by default to multiple-choice filters,
    over every tactic column (body included), which made this page several times slower
    on a large catalogue."""
    build(90)
    for i, pk in enumerate(Tactic.objects.values_list("pk", flat=True)):
        Tactic.objects.filter(pk=pk).update(confidence=("low", "medium", "high")[i % 3])
    platform = Platform.objects.exclude(slug="chatgpt").first()
    params = {"platform": platform.slug, "confidence": ["medium", "high"]}
    matching = Tactic.objects.published().filter(
        platforms_covered=platform, confidence__in=params["confidence"]
    )
    assert matching.count() > 20
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("tactics:list"), params)
    cards = response.content.count(b'class="card tactic-card"')
    assert cards == 20
    assert f"{matching.count()} tactics".encode() in response.content
    assert not [q["sql"] for q in ctx.captured_queries if "DISTINCT" in q["sql"].upper()]
