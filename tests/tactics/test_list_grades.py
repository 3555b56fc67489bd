"""The list filters and sorts by expected impact and by one platform's own grade: "works on
ChatGPT with at least medium confidence", sorted by the score there."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from scoring.models import PlatformGrade
from tactics.choices import Confidence, Direction, Impact
from tests.factories import PlatformFactory, TacticFactory

LIST_URL = reverse("tactics:list")
TACTIC_LINK = re.compile(r'<h3 class="card__title"><a href="/tactics/([^/"]+)/">')


def shown(response):
    assert response.status_code == 200
    return TACTIC_LINK.findall(response.content.decode())


@pytest.fixture
def graded(db):
    """Tactics with grades on ChatGPT and Perplexity that disagree with their overall grade."""
    cache.clear()
    gpt = PlatformFactory(slug="chatgpt", name="ChatGPT")
    pplx = PlatformFactory(slug="perplexity", name="Perplexity")
    rows = {
        # slug: (overall score, impact, {platform: (score, confidence, direction)})
        "stats": ("20.0", Impact.LARGE, {gpt: ("18.0", "medium", "works"),
                                          pplx: ("6.0", "very_low", "leans_works")}),
        "quotes": ("15.0", Impact.MODERATE, {gpt: ("22.5", "high", "leans_works")}),
        "tone": ("16.0", Impact.NEGLIGIBLE, {gpt: ("16.5", "medium", "no_effect")}),
        "stuffing": ("9.0", Impact.SMALL, {gpt: ("9.0", "low", "harms"),
                                           pplx: ("12.0", "low", "harms")}),
        "schema": ("12.0", Impact.UNKNOWN, {pplx: ("11.0", "low", "works")}),
        "untested": ("3.0", Impact.UNKNOWN, {}),
    }  # fmt: skip
    tactics = {}
    for slug, (score, impact, grades) in rows.items():
        tactic = TacticFactory(
            slug=slug, question=f"Does {slug} help?", evidence_score=Decimal(score), impact=impact
        )
        for platform, (p_score, confidence, direction) in grades.items():
            PlatformGrade.objects.create(
                tactic=tactic,
                platform=platform,
                score=Decimal(p_score),
                confidence=confidence,
                direction=direction,
            )
        tactics[slug] = tactic
    # A draft graded on ChatGPT is never listed, however well it scores there.
    draft = TacticFactory(slug="draft", draft=True, evidence_score=Decimal("30"))
    PlatformGrade.objects.create(
        tactic=draft, platform=gpt, score=Decimal("30"), confidence="high", direction="works"
    )
    return tactics


def test_works_on_chatgpt_with_at_least_medium_confidence(client, graded):
    params = {
        "platform_grade": "chatgpt",
        "platform_direction": "works_any",
        "platform_confidence": Confidence.MEDIUM,
    }
    assert shown(client.get(LIST_URL, params)) == ["stats", "quotes"]


def test_the_minimum_confidence_is_inclusive_and_ordered(client, graded):
    high = {"platform_grade": "chatgpt", "platform_confidence": "high"}
    assert shown(client.get(LIST_URL, high)) == ["quotes"]
    low = {"platform_grade": "chatgpt", "platform_confidence": "low", "order": "title"}
    assert shown(client.get(LIST_URL, low)) == ["quotes", "stats", "stuffing", "tone"]


def test_a_single_direction_and_a_group_are_told_apart(client, graded):
    firm = {"platform_grade": "chatgpt", "platform_direction": Direction.WORKS}
    assert shown(client.get(LIST_URL, firm)) == ["stats"]
    harms = {"platform_grade": "perplexity", "platform_direction": "harms_any"}
    assert shown(client.get(LIST_URL, harms)) == ["stuffing"]


def test_a_platform_alone_lists_the_tactics_graded_there_once_each(client, graded):
    # stats has grades on two platforms: it is listed once, not once per grade.
    response = client.get(LIST_URL, {"platform_grade": "perplexity", "order": "title"})
    assert shown(response) == ["schema", "stats", "stuffing"]


def test_sort_by_one_platforms_score(client, graded):
    response = client.get(LIST_URL, {"platform_grade": "chatgpt", "order": "platform"})
    assert shown(response) == ["quotes", "stats", "tone", "stuffing"]
    # The overall order is different: the platform's own score decides.
    assert shown(client.get(LIST_URL, {"platform_grade": "chatgpt"})) == [
        "stats",
        "tone",
        "quotes",
        "stuffing",
    ]
    html = response.content.decode()
    assert "<dt>On ChatGPT</dt>" in html
    assert "Probably works</span>; high confidence, score 22.5/35" in html
    # A whole-number score keeps its decimal, as on every other page (SQLite returns 18).
    assert "Works</span>; medium confidence, score 18.0/35" in html


def test_filter_and_sort_by_impact(client, graded):
    response = client.get(LIST_URL, {"impact": [Impact.LARGE, Impact.MODERATE]})
    assert shown(response) == ["stats", "quotes"]
    assert shown(client.get(LIST_URL, {"impact": Impact.UNKNOWN})) == ["schema", "untested"]
    # Largest first; a reported size before none; the score breaks ties.
    assert shown(client.get(LIST_URL, {"order": "impact"})) == [
        "stats",
        "quotes",
        "stuffing",
        "tone",
        "schema",
        "untested",
    ]


def test_impact_combines_with_the_platform_grade(client, graded):
    params = {"platform_grade": "chatgpt", "impact": Impact.NEGLIGIBLE}
    assert shown(client.get(LIST_URL, params)) == ["tone"]


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        (
            {"platform_confidence": "medium"},
            "With confidence there of at least: Choose a platform first: this applies to one "
            "platform&#x27;s own grade.",
        ),
        (
            {"platform_direction": "works_any"},
            "There, the evidence says: Choose a platform first",
        ),
        ({"order": "platform"}, "Order by: Choose a platform to sort by its score."),
        ({"platform_grade": "gemini"}, "Graded on platform: Select a valid choice."),
    ],
)
def test_a_platform_setting_without_a_platform_is_said_in_words(client, graded, params, problem):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert problem in response.content.decode()
    # It is left out, and the rest of the list still shows.
    assert len(shown(response)) == 6


def test_only_platforms_with_a_published_grade_are_offered(client, graded):
    PlatformFactory(slug="gemini", name="Gemini")
    html = client.get(LIST_URL).content.decode()
    select = re.search(r'<select name="platform_grade"[^>]*>(.*?)</select>', html, re.S)[1]
    assert re.findall(r'<option value="([^"]*)"', select) == ["", "chatgpt", "perplexity"]
