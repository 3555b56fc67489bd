"""/compare/: every published tactic on the chart and in the table, with the numbers the
tactic pages show, sortable and filterable by links that work without JavaScript."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tactics.choices import Confidence, Direction, Effort, Impact
from tactics.models import Tactic
from tests.factories import TacticFactory

from .test_compare_support import SVG, URL, chart_of, grade, graded_tactic, rows_of, two_platforms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def platforms(db):
    return two_platforms()


def page(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def test_every_published_tactic_is_on_the_chart_and_in_the_table_and_no_draft(client, platforms):
    shown = [graded_tactic(n, platforms) for n in range(4)]
    draft = graded_tactic(9, platforms, status="draft", question="Is this draft secret?")
    html = page(client)
    assert sorted(rows_of(html)) == sorted(t.slug for t in shown)
    links = [a.get("href") for a in chart_of(html).iter(f"{SVG}a")]
    assert sorted(links) == sorted(t.get_absolute_url() for t in shown)
    assert draft.get_absolute_url() not in html and "Is this draft secret?" not in html
    assert '<h2 id="results-heading" tabindex="-1">4 tactics' in html


def test_each_row_says_what_its_tactic_page_says(client, platforms):
    chatgpt, perplexity = platforms
    tactic = graded_tactic(
        1,
        [chatgpt],
        question="Does adding statistics help?",
        evidence_score="12.4",
        confidence=Confidence.MEDIUM,
        direction=Direction.LEANS_WORKS,
        impact=Impact.LARGE,
        effort=Effort.PROGRAMME,
    )
    graded_tactic(2, [perplexity], effort="")
    html = page(client)
    row = re.search(rf'data-slug="{tactic.slug}">(.*?)</tr>', html, re.S).group(1)
    cells = dict(re.findall(r'data-col="(\w+)"[^>]*>(.*?)</td>', row, re.S))
    assert "Probably works" in cells["direction"]
    assert cells["confidence"] == "Medium"
    assert cells["score"] == "12.4/35"
    assert cells["impact"] == "Large"
    assert cells["effort"] == "An ongoing programme"
    grade = tactic.platform_grades.get()
    platform_cells = re.findall(r'data-col="platform">(.*?)</td>', row, re.S)
    # Columns: ChatGPT, then Perplexity (graded for the other tactic only).
    assert "Works" in platform_cells[0] and f"Low · {grade.score}" in platform_cells[0]
    assert "No grade of its own" in platform_cells[1]
    assert '<td data-col="effort">Not rated yet</td>' in html
    # The chart's marker for the tactic names the same values.
    names = {a.get("href"): a.get("aria-label") for a in chart_of(html).iter(f"{SVG}a")}
    assert names[tactic.get_absolute_url()] == (
        "1. Does adding statistics help? Probably works, medium confidence, score 12.4/35, "
        "impact large, an ongoing programme."
    )


def test_platform_columns_are_the_platforms_with_a_grade(client, platforms):
    graded_tactic(1, platforms[:1])
    html = page(client)
    assert ">ChatGPT" in html.split("<tbody>")[0]
    assert ">Perplexity<" not in html.split("<tbody>")[0]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("score", ["b", "c", "a"]),
        ("-score", ["a", "c", "b"]),
        ("title", ["a", "b", "c"]),
        ("-title", ["c", "b", "a"]),
        ("effort", ["a", "c", "b"]),  # template, project, then not rated last
        ("-effort", ["c", "a", "b"]),  # the unrated stay last either way
        ("confidence", ["c", "a", "b"]),
        ("impact", ["b", "a", "c"]),
        ("platform-chatgpt", ["c", "a", "b"]),  # b has no grade there: last
        ("-platform-chatgpt", ["a", "c", "b"]),
    ],
)
def test_every_column_sorts_by_a_link(client, platforms, order, expected):
    chatgpt = platforms[0]
    specs = {
        "a": ("2.0", Confidence.LOW, Impact.MODERATE, Effort.TEMPLATE, "3.0"),
        "b": ("20.0", Confidence.VERY_LOW, Impact.LARGE, "", None),
        "c": ("10.0", Confidence.HIGH, Impact.SMALL, Effort.PROJECT, "9.0"),
    }
    slugs = {}
    for name, (score, confidence, impact, effort, there) in specs.items():
        tactic = graded_tactic(
            0,
            [],
            question=f"{name.upper()}: does it work?",
            evidence_score=score,
            confidence=confidence,
            impact=impact,
            effort=effort,
        )
        if there:
            grade(tactic, chatgpt, there)
        slugs[tactic.slug] = name
    html = page(client, f"?order={order}")
    assert [slugs[slug] for slug in rows_of(html)] == expected
    # The sorted column says so; its link now reverses the order.
    column = order.lstrip("-")
    heading = re.search(r'<th scope="col" aria-sort="(\w+)"><a href="\?order=([\w-]+)"', html)
    assert heading, "the sorted column carries aria-sort"
    assert heading.group(2) == (column if order.startswith("-") else f"-{column}")
    # The chart numbers the rows in the same order.
    numbers = [t.text for t in chart_of(html).iter(f"{SVG}text") if t.text.isdigit()]
    assert sorted(numbers, key=int) == [str(n) for n in range(1, 4)]


def test_sort_links_keep_the_filters(client, platforms):
    graded_tactic(1, platforms, confidence=Confidence.LOW)
    html = page(client, "?confidence=low&order=title")
    assert 'href="?confidence=low&amp;order=-title"' in html
    assert 'href="?confidence=low&amp;order=score"' in html


def test_an_unknown_order_is_reported_in_words_and_ignored(client, platforms):
    graded_tactic(1, platforms)
    html = page(client, "?order=%3Cscript%3E")
    assert "could not be used" in html and "Order by" in html
    assert "<script>" not in html
    assert len(rows_of(html)) == 1


def test_the_lists_filters_apply_and_show_as_removable_chips(client, platforms):
    high = graded_tactic(1, platforms, confidence=Confidence.HIGH, impact=Impact.LARGE)
    graded_tactic(2, platforms, confidence=Confidence.LOW, impact=Impact.LARGE)
    graded_tactic(3, platforms, confidence=Confidence.HIGH, impact=Impact.SMALL)
    html = page(client, "?confidence=high&impact=large")
    assert rows_of(html) == [high.slug]
    assert "1 tactic matches your filters" in html
    assert 'aria-label="Filters in force"' in html
    assert "High confidence" in html and "Large impact" in html
    # Removing one filter keeps the other.
    assert 'href="?impact=large"' in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_no_match_says_so_and_draws_no_chart(client, platforms):
    graded_tactic(1, platforms, confidence=Confidence.LOW)
    html = page(client, "?confidence=high")
    assert "No published tactic matches these filters." in html
    assert '<svg class="compare-chart__svg"' not in html


def test_the_chart_is_well_formed_and_accessible(client, platforms):
    for n in range(7):
        graded_tactic(n, platforms)
    svg = chart_of(page(client))
    assert svg.get("aria-labelledby") == "compare-chart-title compare-chart-desc"
    assert svg.find(f"{SVG}title").text.startswith("Confidence against expected impact")
    assert svg.find(f"{SVG}desc").text.startswith("7 tactics placed by confidence")
    markers = list(svg.iter(f"{SVG}a"))
    assert len(markers) == 7
    assert all(a.get("aria-label") for a in markers)
    # No two markers share a place, even when tactics share a cell.
    places = set()
    for a in markers:
        text = a.find(f"{SVG}text")
        places.add((text.get("x"), text.get("y")))
    assert len(places) == 7


def test_effort_is_the_markers_shape_and_direction_its_fill(client, platforms):
    template = graded_tactic(1, [], effort=Effort.TEMPLATE, direction=Direction.WORKS)
    programme = graded_tactic(2, [], effort=Effort.PROGRAMME, direction=Direction.NO_EFFECT)
    svg = chart_of(page(client))
    marker = {a.get("href"): a for a in svg.iter(f"{SVG}a")}
    works = marker[template.get_absolute_url()].find(f"{SVG}path")
    null = marker[programme.get_absolute_url()].find(f"{SVG}path")
    assert " a" in works.get("d") and " L" not in works.get("d")  # a circle: two arcs
    assert " a" not in null.get("d") and null.get("d").count(" L") == 3  # a diamond's corners
    assert works.get("fill") == "var(--works)"
    assert null.get("fill") == "var(--bg)" and null.get("stroke") == "var(--no-effect)"


def test_query_count_does_not_grow_with_the_number_of_tactics(client, platforms):
    def count(query=""):
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL + query).status_code == 200
        return len(ctx.captured_queries)

    for n in range(5):
        graded_tactic(n, platforms)
    few = count(), count("?order=platform-chatgpt&confidence=low&confidence=high")
    for n in range(5, 50):
        graded_tactic(n, platforms)
    assert Tactic.objects.published().count() == 50
    many = count(), count("?order=platform-chatgpt&confidence=low&confidence=high")
    assert few == many
    assert many[0] <= 10


def test_drafts_only_still_renders_an_empty_comparison(client):
    TacticFactory(status="draft")
    html = page(client)
    assert "0 tactics" in html and rows_of(html) == []
