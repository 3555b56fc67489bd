"""The downloads through the page cache: an unchanged dataset is served from the cache, and
any edit to what it holds produces a fresh file, never a stale one.

Transactional: the cache refuses pages rendered inside an open transaction, and
invalidation runs on commit, as in production.
"""

import datetime
import json

import pytest
from django.test import override_settings

from scoring.services import recompute_tactics
from tactics.choices import Status
from tests.factories import SourceFactory, StanceFactory, TacticFactory
from web.page_cache import HEADER

pytestmark = pytest.mark.django_db(transaction=True)

VIEWS = ["opendata:index", "opendata:csv_zip", "opendata:json"]
JSON_URL = "/data/geo-evidence.json"


@pytest.fixture
def cached():
    with override_settings(PAGE_CACHE_VIEWS=VIEWS, PAGE_CACHE_ENABLED=True):
        yield


@pytest.fixture
def stance(cached):
    tactic = TacticFactory(slug="statistics")
    stance = StanceFactory(tactic=tactic, finding="Cited more often.")
    recompute_tactics([tactic.pk])
    return stance


def download(client):
    response = client.get(JSON_URL)
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_an_unchanged_dataset_is_served_from_the_cache(stance, client, django_assert_num_queries):
    first, _ = download(client)
    assert first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get(JSON_URL)
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert client.get(JSON_URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_page_and_both_files_share_one_build(stance, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):  # one build: a few queries per table, not three
        for url in ("/data/", "/data/geo-evidence-csv.zip", JSON_URL):
            assert client.get(url).status_code == 200


def test_rewording_a_finding_produces_a_fresh_file(stance, client):
    before, _ = download(client)
    stance.finding = "Cited far more often, in every engine."
    stance.save()
    after, document = download(client)
    assert after[HEADER] == "miss"
    assert after["ETag"] != before["ETag"]
    [row] = document["tables"]["stances"]
    assert row["finding"] == "Cited far more often, in every engine."


def test_editing_a_source_produces_a_fresh_file(stance, client):
    download(client)
    source = stance.source
    source.title = "A renamed study"
    source.save()
    _, document = download(client)
    assert document["tables"]["sources"][0]["title"] == "A renamed study"


def test_renaming_an_organisation_produces_a_fresh_file(stance, client):
    download(client)
    organisation = stance.source.organisation
    organisation.name = "Renamed Lab"
    organisation.save()
    _, document = download(client)
    assert document["tables"]["organisations"][0]["name"] == "Renamed Lab"


def test_editing_a_tactic_produces_a_fresh_file(stance, client):
    download(client)
    tactic = stance.tactic
    tactic.last_reviewed = datetime.date(2026, 11, 30)
    tactic.save()
    _, document = download(client)
    assert document["tables"]["tactics"][0]["last_reviewed"] == "2026-11-30"


def test_unpublishing_a_tactic_takes_it_out_of_every_download(stance, client):
    _, document = download(client)
    assert len(document["tables"]["tactics"]) == 1
    tactic = stance.tactic
    tactic.status = Status.DRAFT
    tactic.save()
    _, document = download(client)
    assert document["tables"]["tactics"] == []
    assert document["tables"]["stances"] == []
    zipped = client.get("/data/geo-evidence-csv.zip")
    assert zipped[HEADER] == "miss"
    assert b"statistics" not in zipped.content


def test_a_new_stance_updates_the_page_counts(stance, client):
    assert "1 finding " in client.get("/data/").content.decode()
    StanceFactory(tactic=stance.tactic, source=SourceFactory())
    page = client.get("/data/")
    assert page[HEADER] == "miss"
    assert "2 findings" in page.content.decode()


CITE_VIEWS = ["sources:cite_bib", "tactics:references_ris"]


def test_citations_are_cached_and_refreshed_when_their_source_changes(client):
    with override_settings(PAGE_CACHE_VIEWS=CITE_VIEWS, PAGE_CACHE_ENABLED=True):
        stance = StanceFactory(source=SourceFactory(title="First title"))
        bib = f"/sources/{stance.source.pk}/cite.bib"
        references = f"/tactics/{stance.tactic.slug}/references.ris"
        assert client.get(bib)[HEADER] == "miss"
        assert client.get(references)[HEADER] == "miss"
        assert client.get(bib)[HEADER] == "hit"
        assert client.get(references)[HEADER] == "hit"
        source = stance.source
        source.title = "Second title"
        source.save()
        for url in (bib, references):
            response = client.get(url)
            assert response[HEADER] == "miss"
            assert b"Second title" in response.content


def test_without_the_version_store_the_files_are_still_served(stance, client, monkeypatch):
    def broken():
        raise ConnectionError("Redis is down")

    monkeypatch.setattr("opendata.files.version_store", broken)
    with override_settings(PAGE_CACHE_ENABLED=False):
        _, document = download(client)
    assert document["tables"]["stances"][0]["finding"] == "Cited more often."
