"""Drafts never appear: not in the tactic list, not by slug, not among a source's stances,
not in the stance list, not through a filter; withdrawn stances neither."""

import json

import pytest

pytestmark = pytest.mark.django_db

EVERYWHERE = (
    "/api/v1/tactics?page_size=100",
    "/api/v1/sources?page_size=100",
    "/api/v1/stances?page_size=100",
)


def _text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return json.dumps(response.json())


def test_no_list_mentions_a_draft_or_a_withdrawn_stance(client, world):
    for url in EVERYWHERE:
        text = _text(client, url)
        assert world.draft.slug not in text, url
        assert world.draft.question not in text, url
        assert "Draft finding on a shared source." not in text, url
        assert "A study only a draft cites" not in text, url
        assert "A withdrawn finding nobody may read." not in text, url
    # What the lists do show, so that the checks above can fail.
    assert world.tactic.slug in _text(client, EVERYWHERE[0])
    assert world.shared_source.title in _text(client, EVERYWHERE[1])


def test_a_draft_is_a_404_in_words_like_an_unknown_slug(client, world):
    draft = client.get(f"/api/v1/tactics/{world.draft.slug}")
    unknown = client.get("/api/v1/tactics/never-written")
    assert draft.status_code == unknown.status_code == 404
    assert draft["Content-Type"].startswith("application/json")
    assert draft.json()["detail"] == f"No published tactic has the slug “{world.draft.slug}”."
    assert client.get(f"/api/v1/tactics/{world.tactic.slug}").status_code == 200


def test_a_shared_source_lists_only_its_stances_on_published_tactics(client, world):
    source = client.get(f"/api/v1/sources/{world.shared_source.pk}").json()
    assert [stance["tactic"]["slug"] for stance in source["stances"]] == [world.tactic.slug]
    assert source["outcome_counts"]["total"] == 1


def test_a_source_only_a_draft_cites_is_not_in_the_library(client, world):
    response = client.get(f"/api/v1/sources/{world.draft_only_source.pk}")
    assert response.status_code == 404


def test_a_tactics_stances_leave_out_the_withdrawn_one(client, world):
    stances = client.get(f"/api/v1/tactics/{world.tactic.slug}").json()["stances"]
    assert world.withdrawn.pk not in {stance["id"] for stance in stances}
    assert len(stances) == 3


def test_filters_cannot_reach_a_draft(client, world):
    by_slug = client.get(f"/api/v1/stances?tactic={world.draft.slug}")
    assert by_slug.status_code == 400
    assert world.draft.slug not in json.dumps(by_slug.json()["problems"])
    by_source = client.get(f"/api/v1/stances?source={world.draft_only_source.pk}")
    assert by_source.status_code == 400
    category = client.get(f"/api/v1/tactics?category={world.draft.category.slug}")
    assert category.status_code == 400, "a category holding only drafts is not a choice"
    searched = client.get("/api/v1/tactics?q=secret")
    assert searched.json()["count"] == 0
