"""What a client relies on beyond the JSON: ETags and 304s, CORS for GET, a query count that
does not grow with the page, and (with the page cache on) answers served from the cache
that are never stale after an edit."""

import pytest
from django.urls import reverse

from tactics.models import Tactic
from tests.factories import tactic_with_evidence
from web import page_cache


def _urls(world):
    return [
        "/api/v1/tactics",
        f"/api/v1/tactics/{world.tactic.slug}",
        "/api/v1/sources",
        f"/api/v1/sources/{world.shared_source.pk}",
        "/api/v1/stances",
        "/api/v1/openapi.json",
    ]


@pytest.mark.django_db
def test_every_answer_may_be_read_from_any_origin(client, world):
    for url in [*_urls(world), "/api/v1/tactics/no-such-tactic", "/api/v1/tactics?page=x"]:
        response = client.get(url, HTTP_ORIGIN="https://example.net")
        assert response["Access-Control-Allow-Origin"] == "*", url
        assert "Access-Control-Allow-Credentials" not in response, url


@pytest.mark.django_db
def test_a_matching_etag_is_a_304_and_a_stale_one_the_full_answer(client, world):
    for url in _urls(world):
        first = client.get(url)
        assert first.status_code == 200, url
        etag = first["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again.content == b""
        assert again["Access-Control-Allow-Origin"] == "*"
        other = client.get(url, HTTP_IF_NONE_MATCH='"an-older-version"')
        assert other.status_code == 200 and other.content == first.content, url


@pytest.mark.django_db
def test_the_etag_changes_when_the_answer_does(client, world):
    url = f"/api/v1/tactics/{world.tactic.slug}"
    before = client.get(url)["ETag"]
    world.tactic.question = "Does a renamed question change the ETag?"
    world.tactic.save()
    after = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after.json()["question"] == "Does a renamed question change the ETag?"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "budget"),
    # The count, the page, its platforms covered, every platform's name (the tactics);
    # the count and the page with its tactics and sources joined (the stances).
    [("/api/v1/tactics?page_size=100", 4), ("/api/v1/stances?page_size=100", 2)],
)
def test_the_query_count_does_not_grow_with_the_page(
    client, scored, django_assert_max_num_queries, url, budget
):
    counts = []
    for total in (5, 50):
        with scored():
            while _published() < total:
                tactic_with_evidence(supporting=1, contradicting=1)
        with django_assert_max_num_queries(budget) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert response.json()["count"] >= total
        counts.append(len(captured))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_a_source_page_of_fifty_costs_what_one_of_five_does(
    client, scored, django_assert_max_num_queries
):
    counts = []
    for total in (5, 50):
        with scored():
            while _published() < total:
                tactic_with_evidence(supporting=1, contradicting=0)
        with django_assert_max_num_queries(4) as captured:
            response = client.get("/api/v1/sources?page_size=100")
        assert response.json()["count"] == total
        counts.append(len(captured))
    assert counts[0] == counts[1]


def _published():
    return Tactic.objects.published().count()


# --- With the page cache on (tests/api/conftest.py) ----------------------------------------


@pytest.mark.django_db(transaction=True)
def test_answers_are_stored_served_from_the_cache_and_304_there(client, page_cache_on, scored):
    with scored():
        tactic = tactic_with_evidence(supporting=1, contradicting=1, slug="cached")
    source = tactic.stances.first().source
    for url in [
        "/api/v1/tactics",
        "/api/v1/tactics/cached",
        "/api/v1/sources",
        f"/api/v1/sources/{source.pk}",
        "/api/v1/stances",
    ]:
        first = client.get(url)
        assert first[page_cache.HEADER] == "miss", url  # stored: it was storable
        second = client.get(url)
        assert second[page_cache.HEADER] == "hit", url
        assert second.content == first.content
        assert second["Access-Control-Allow-Origin"] == "*"
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=second["ETag"])
        assert not_modified.status_code == 304


@pytest.mark.django_db(transaction=True)
def test_a_stance_edit_reaches_every_cached_answer_that_shows_it(client, page_cache_on, scored):
    with scored():
        tactic = tactic_with_evidence(supporting=2, contradicting=0, slug="edited")
        other = tactic_with_evidence(supporting=1, contradicting=0, slug="untouched")
    stance = tactic.stances.order_by("pk").first()
    urls = {
        "tactic": "/api/v1/tactics/edited",
        "source": f"/api/v1/sources/{stance.source_id}",
        "stances": "/api/v1/stances",
        "tactics": "/api/v1/tactics",
        "other": f"/api/v1/tactics/{other.slug}",
    }
    for url in urls.values():
        assert client.get(url)[page_cache.HEADER] == "miss"

    with scored():
        stance.finding = "A finding rewritten after the answers were cached."
        stance.save()

    def finding(answer):
        return {s["id"]: s["finding"] for s in answer["stances"] if s["id"] == stance.pk}

    tactic_answer = client.get(urls["tactic"])
    assert tactic_answer[page_cache.HEADER] == "miss"
    assert finding(tactic_answer.json()) == {stance.pk: stance.finding}
    source_answer = client.get(urls["source"])
    assert finding(source_answer.json()) == {stance.pk: stance.finding}
    listed = client.get(urls["stances"]).json()["results"]
    assert stance.finding in [s["finding"] for s in listed]
    # A tactic page the edit does not touch stays cached.
    assert client.get(urls["other"])[page_cache.HEADER] == "hit"


@pytest.mark.django_db(transaction=True)
def test_a_new_stance_moves_the_grade_in_the_cached_list(client, page_cache_on, scored):
    with scored():
        tactic = tactic_with_evidence(supporting=1, contradicting=0, slug="regraded")
    before = client.get("/api/v1/tactics").json()["results"][0]
    with scored():
        tactic_with_evidence(supporting=0, contradicting=2, tactic=tactic)
    after = client.get("/api/v1/tactics")
    assert after[page_cache.HEADER] == "miss"
    row = after.json()["results"][0]
    assert row["counts"]["no_effect"] == before["counts"]["no_effect"] + 2
    assert (
        row["evidence_score"] != before["evidence_score"] or row["direction"] != before["direction"]
    )


def test_api_url_names_resolve():
    assert reverse("api-v1:tactics") == "/api/v1/tactics"
    assert reverse("api-v1:tactic", args=["x"]) == "/api/v1/tactics/x"
    assert reverse("api-v1:source", args=[3]) == "/api/v1/sources/3"
    assert reverse("api-v1:openapi-json") == "/api/v1/openapi.json"
