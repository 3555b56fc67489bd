"""Requests beyond a plain GET: HEAD answers as GET does without the body, a browser's CORS
preflight (OPTIONS) is allowed, a write is a 405 in words, /api/v1/ lists the endpoints,
and any other address under /api/ is a JSON 404, never the site's HTML page."""

import pytest
from django.test import Client
from django.urls import reverse

from opendata.licence import LICENCE
from web import page_cache

pytestmark = pytest.mark.django_db

# The headers a client reads without the body.
SHARED_HEADERS = (
    "Content-Type",
    "Content-Length",
    "ETag",
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
)


def _urls(world):
    return [
        "/api/v1/",
        "/api/v1/tactics",
        f"/api/v1/tactics/{world.tactic.slug}",
        "/api/v1/sources?page_size=5",
        f"/api/v1/sources/{world.shared_source.pk}",
        "/api/v1/stances",
        "/api/v1/openapi.json",
    ]


def test_head_answers_with_the_headers_of_get(client, world):
    for url in _urls(world):
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code == 200, url
        for name in SHARED_HEADERS:
            assert head[name] == get[name], (url, name)
        # The length is the GET's body: the view rendered it, the server drops it.
        assert int(head["Content-Length"]) == len(get.content) > 0, url


def test_head_revalidates_and_reports_errors_like_get(client, world):
    url = f"/api/v1/tactics/{world.tactic.slug}"
    etag = client.get(url)["ETag"]
    assert client.head(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.head("/api/v1/tactics/never-written").status_code == 404
    assert client.head("/api/v1/tactics?confidence=certain").status_code == 400


@pytest.mark.django_db(transaction=True)
def test_a_head_that_fills_the_cache_leaves_the_full_answer_for_get(client, page_cache_on, world):
    url = f"/api/v1/tactics/{world.tactic.slug}"
    head = client.head(url)
    assert head[page_cache.HEADER] == "miss"
    get = client.get(url)
    assert get[page_cache.HEADER] == "hit"
    assert get.json()["slug"] == world.tactic.slug
    assert int(head["Content-Length"]) == len(get.content)


def test_a_preflight_is_allowed_with_the_headers_it_asks_for(client, world):
    for url in _urls(world):
        response = client.options(
            url,
            HTTP_ORIGIN="https://example.net",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="If-None-Match, X-Requested-With",
        )
        assert response.status_code == 204, url
        assert response.content == b""
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
        assert response["Access-Control-Allow-Headers"] == "If-None-Match, X-Requested-With"
        assert int(response["Access-Control-Max-Age"]) > 0
        assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize(
    "asked",
    [None, "", "Bad Header, X-Fine", "X-One,\tX-Two(3)"],
    ids=["none", "empty", "space", "paren"],
)
def test_a_preflight_asking_for_no_valid_header_names_gets_the_safe_list(client, world, asked):
    extra = {} if asked is None else {"HTTP_ACCESS_CONTROL_REQUEST_HEADERS": asked}
    response = client.options("/api/v1/tactics", **extra)
    assert response.status_code == 204
    allowed = {name.strip().lower() for name in response["Access-Control-Allow-Headers"].split(",")}
    assert {"accept", "if-none-match"} <= allowed
    assert not {"bad header", "x-fine", "x-two(3)"} & allowed


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_is_a_405_in_words_not_a_csrf_page(world, method):
    client = Client(enforce_csrf_checks=True)
    for url in ("/api/v1/tactics", "/api/v1/openapi.json", "/api/v1/"):
        response = getattr(client, method)(url, data="{}", content_type="application/json")
        assert response.status_code == 405, (method, url)
        assert response["Content-Type"].startswith("application/json")
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "read-only" in response.json()["detail"]


def test_the_index_lists_every_endpoint_of_the_schema(client, world, openapi, conforms):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    index = conforms("/api/v1/", response)
    base = "http://testserver"
    listed = {endpoint["url"].removeprefix(base) for endpoint in index["endpoints"]}
    assert listed == set(openapi["paths"]) - {"/api/v1/"}
    assert index["openapi_url"] == base + "/api/v1/openapi.json"
    assert index["data_url"] == base + reverse("opendata:index")
    assert index["licence"]["name"] == LICENCE.name
    assert index["licence"]["url"] == LICENCE.url
    for endpoint in index["endpoints"]:
        url = endpoint["url"].removeprefix(base)
        url = url.replace("{slug}", world.tactic.slug)
        url = url.replace("{source_id}", str(world.shared_source.pk))
        assert client.get(url).status_code == 200, endpoint


@pytest.mark.django_db(transaction=True)
def test_the_index_is_served_from_the_cache_like_the_endpoints(client, page_cache_on):
    first = client.get("/api/v1/")
    assert first[page_cache.HEADER] == "miss"
    again = client.get("/api/v1/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again[page_cache.HEADER] == "hit"


@pytest.mark.parametrize(
    "url",
    [
        "/api/",
        "/api/v2/tactics",
        "/api/v1/nothing-here",
        "/api/v1/tactics/statistics/stances",
        "/api/v1/docs",
    ],
)
def test_an_unknown_address_is_a_json_404_in_words(client, url):
    for method in ("get", "head", "post", "options"):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url)
        assert response["Content-Type"].startswith("application/json")
        assert response["Access-Control-Allow-Origin"] == "*"
    body = client.get(url).json()
    assert body["detail"] == f"Nothing is at {url}. The API's addresses are listed at /api/v1/."
    assert body["problems"] == []


@pytest.mark.parametrize(
    ("url", "goes_to"),
    [
        ("/api/v1", "/api/v1/"),
        ("/api/v1/tactics/", "/api/v1/tactics"),
        (
            "/api/v1/tactics/?confidence=low&page_size=5",
            "/api/v1/tactics?confidence=low&page_size=5",
        ),
        ("/api/v1/openapi.json/", "/api/v1/openapi.json"),
    ],
)
def test_a_wrong_trailing_slash_redirects_to_the_address_that_exists(client, db, url, goes_to):
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == goes_to
    assert client.get(goes_to).status_code == 200


def test_a_write_to_a_wrong_trailing_slash_is_told_the_right_address(client, db):
    response = client.post("/api/v1/tactics/")
    assert response.status_code == 404
    assert response.json()["problems"] == ["Did you mean /api/v1/tactics?"]


def test_the_site_outside_the_api_keeps_its_html_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_sources_counts_agree_between_the_library_and_its_own_answer(client, world):
    library = client.get("/api/v1/sources?page_size=100").json()["results"]
    for row in library:
        detail = client.get(f"/api/v1/sources/{row['id']}").json()
        assert detail["outcome_counts"] == row["outcome_counts"]
        assert detail["outcome_counts"]["total"] == len(detail["stances"])
    assert any(row["outcome_counts"]["total"] for row in library)
