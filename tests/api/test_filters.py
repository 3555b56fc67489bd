"""The API's filters are the list pages' filters: for the same query string, the same
tactics (or sources) in the same order. Pagination says how many there are and links the
neighbouring pages; a bad value is a 400 in words, never a 500."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

TACTIC_QUERIES = (
    "",
    "confidence=low&confidence=medium",
    "direction=works",
    "category=content",
    "platform=perplexity",
    "impact=large&impact=moderate",
    "contested=yes",
    "score_min=8.4&score_max=13.3&order=-score",
    "order=title",
    "order=updated",
    "order=impact",
    "platform_grade=chatgpt&platform_direction=works_any&order=platform",
    "platform_grade=perplexity&platform_confidence=low",
    "q=citations",
    "q=schema -faq",
)
SOURCE_QUERIES = (
    "",
    "source_type=industry",
    "method=observational",
    "platform=chatgpt",
    "organisation_kind=tool_vendor",
    "interest=sells",
    "interest=none",
    "year=2025",
    "stance=no_effect",
)


@pytest.fixture
def demo(db, scored):
    with scored():  # the grades are computed on commit
        call_command("load_demo", stdout=io.StringIO())


def _page_items(client, url, key):
    """Everything a list page shows over all its pages."""
    items, page = [], 1
    while True:
        response = client.get(url, {"page": page} if page > 1 else {})
        assert response.status_code == 200, url
        items += list(response.context[key])
        if not response.context["page_obj"].has_next():
            return items
        page += 1


def _api_items(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content)
    return response.json()


def test_the_tactic_filters_match_the_list_page(client, demo):
    seen_counts = set()
    for query in TACTIC_QUERIES:
        page = [t.slug for t in _page_items(client, f"/tactics/?{query}", "tactics")]
        answer = _api_items(client, f"/api/v1/tactics?{query}&page_size=100")
        assert [t["slug"] for t in answer["results"]] == page, query
        assert answer["count"] == len(page), query
        seen_counts.add(len(page))
    assert len(seen_counts) > 3, "the queries narrow the list in different ways"


def test_the_source_filters_match_the_library(client, demo):
    seen_counts = set()
    for query in SOURCE_QUERIES:
        page = [card.url for card in _page_items(client, f"/sources/?{query}", "cards")]
        answer = _api_items(client, f"/api/v1/sources?{query}&page_size=100")
        assert [reverse("sources:detail", args=[s["id"]]) for s in answer["results"]] == page, query
        seen_counts.add(len(page))
    assert len(seen_counts) > 3


def test_pages_cover_every_tactic_once_with_links_between_them(client, demo):
    everything = _api_items(client, "/api/v1/tactics?page_size=100")["results"]
    url, seen, pages = "/api/v1/tactics?order=title&page_size=4", [], []
    while url:
        answer = _api_items(client, url)
        pages.append(answer)
        seen += [tactic["slug"] for tactic in answer["results"]]
        url = answer["next"]
    assert len(pages) == pages[0]["pages"] == -(-len(everything) // 4)
    assert seen == sorted(seen, key=lambda slug: seen.index(slug))  # no repeats, in order
    assert sorted(seen) == sorted(t["slug"] for t in everything)
    assert pages[0]["previous"] is None and pages[-1]["next"] is None
    previous = parse_qs(urlsplit(pages[1]["previous"]).query)
    assert previous == {"order": ["title"], "page": ["1"], "page_size": ["4"]}
    assert {answer["count"] for answer in pages} == {len(everything)}


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("confidence=certain", "Confidence: Select a valid choice."),
        ("category=no-such-category", "Category: Select a valid choice."),
        ("score_min=99", "Score from: Ensure this value is less than or equal to 35."),
        ("order=platform", "Order by: Choose a platform to sort by its score."),
        ("page=abc", "Page: Enter a number."),
        ("page=0", "Page: Ensure this value is greater than or equal to 1."),
        ("page=99", "Page: choose a page from 1 to 1."),
        ("page_size=1000", "Page size: Ensure this value is less than or equal to 100."),
        ("page_size=2.5", "Page size: Ensure that there are no more than 0 decimal places."),
    ],
)
def test_a_bad_parameter_is_a_400_that_says_what_is_wrong(client, db, query, words):
    response = client.get(f"/api/v1/tactics?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert any(line.startswith(words) for line in response.json()["problems"]), response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/sources?year=abc",
        "/api/v1/sources?stance=maybe",
        "/api/v1/stances?position=maybe",
        "/api/v1/stances?source=abc",
        "/api/v1/sources/abc",
    ],
)
def test_other_bad_input_is_a_400_too(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["problems"]


def test_an_unknown_parameter_is_ignored_as_the_page_cache_would(client, db):
    """The page cache strips parameters the filterset does not declare before the view
    runs; answering them with a 400 here would make the answer depend on the cache."""
    assert client.get("/api/v1/tactics?utm_source=newsletter").status_code == 200


def test_a_huge_source_id_is_a_404_not_a_database_error(client, db):
    response = client.get("/api/v1/sources/99999999999999999999999")
    assert response.status_code == 404
    assert "99999999999999999999999" in response.json()["detail"]
