"""The source library: /sources/ filtered by type, method, platform, organisation, year and
outcome, paginated; a page per source listing the published tactics it takes a stance on,
grouped by what it found, with the effect it reports."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from sources.choices import Method, SourceType
from tests.factories import (
    OrganisationFactory,
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
)

LIST = reverse("sources:list")
SOURCE_LINK = re.compile(r'<h3 class="card__title"><a href="/sources/(\d+)/">')


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def shown(response):
    assert response.status_code == 200
    return [int(pk) for pk in SOURCE_LINK.findall(response.content.decode())]


@pytest.fixture
def library(db):
    aio = PlatformFactory(slug="google-aio", name="Google AI Overviews")
    gpt = PlatformFactory(slug="chatgpt", name="ChatGPT")
    tactic = TacticFactory(slug="statistics", question="Does adding statistics help?")
    other = TacticFactory(slug="schema", question="Does schema markup help?")
    draft = TacticFactory(slug="secret", question="Secret draft?", draft=True)
    peer = SourceFactory(
        title="Peer study",
        source_type=SourceType.PEER_REVIEWED,
        method=Method.CONTROLLED,
        published_on=datetime.date(2024, 3, 1),
        platforms=[aio],
    )
    industry = SourceFactory(
        title="Industry report",
        organisation=OrganisationFactory(
            name="Example Tools", kind="tool_vendor", sells_related_product=True
        ),
        source_type=SourceType.INDUSTRY,
        method=Method.OBSERVATIONAL,
        published_on=datetime.date(2025, 7, 1),
        platforms=[gpt, aio],
    )
    official = SourceFactory(
        title="Official statement",
        source_type=SourceType.OFFICIAL,
        method=Method.EXPERT_OPINION,
        published_on=None,
        platforms=[gpt],
    )
    draft_only = SourceFactory(title="Draft-only source")
    StanceFactory(source=peer, tactic=tactic)
    StanceFactory(source=peer, tactic=other, contradicting=True, finding="Schema did nothing.")
    StanceFactory(source=industry, tactic=tactic, mixed=True)
    StanceFactory(source=official, tactic=other)
    StanceFactory(source=official, tactic=draft, contradicting=True)
    StanceFactory(source=draft_only, tactic=draft)
    return locals()


class TestList:
    def test_lists_sources_behind_published_tactics_newest_first(self, client, library):
        assert shown(client.get(LIST)) == [
            library["industry"].pk,
            library["peer"].pk,
            library["official"].pk,  # undated last
        ]

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"source_type": "peer_reviewed"}, ["peer"]),
            ({"method": "observational"}, ["industry"]),
            ({"platform": "google-aio"}, ["industry", "peer"]),
            ({"platform": "chatgpt"}, ["industry", "official"]),
            ({"year": "2024"}, ["peer"]),
            ({"stance": "improves"}, ["peer", "official"]),
            ({"stance": "mixed"}, ["industry"]),
            ({"stance": "no_effect"}, ["peer"]),  # official finds no effect only on a draft
            ({"platform": "chatgpt", "stance": "improves"}, ["official"]),
            ({"organisation_kind": "tool_vendor"}, ["industry"]),
            ({"interest": "sells"}, ["industry"]),
            ({"interest": "none"}, ["peer", "official"]),
            ({"platform": "google-aio", "year": "2025", "method": "observational"}, ["industry"]),
            ({"source_type": "official", "year": "2024"}, []),
        ],
    )
    def test_filters(self, client, library, params, expected):
        assert shown(client.get(LIST, params)) == [library[name].pk for name in expected]

    def test_counts_only_published_tactics(self, client, library):
        html = client.get(LIST, {"source_type": "official"}).content.decode()
        assert "<dd>Improves 1 tactic</dd>" in html

    def test_platform_filter_does_not_multiply_counts(self, client, library):
        html = client.get(
            LIST, {"platform": "google-aio", "source_type": "peer_reviewed"}
        ).content.decode()
        assert "<dd>Improves 1 tactic, no detectable effect on 1 tactic</dd>" in html

    def test_draft_only_source_is_not_listed(self, client, library):
        assert "Draft-only source" not in client.get(LIST).content.decode()

    @pytest.mark.parametrize(
        "params",
        [
            {"source_type": "rumour"},
            {"method": "x" * 5000},
            {"platform": "myspace"},
            {"year": "abc"},
            {"year": "1800"},
            {"year": "99999999999999999999"},
            {"stance": "neutral"},
            {"year": "20\x0024"},
            {"page": "999999"},
            {"page": "-1"},
        ],
    )
    def test_garbage_gives_a_page_not_an_error(self, client, library, params):
        response = client.get(LIST, params)
        assert response.status_code == 200
        html = response.content.decode()
        assert "could not be used" in html or "page" in html.lower()
        assert len(shown(response)) == 3

    def test_paginated_with_filters_kept(self, client, db):
        tactic = TacticFactory()
        for _ in range(30):
            StanceFactory(
                tactic=tactic,
                source=SourceFactory(
                    source_type=SourceType.INDUSTRY, published_on=datetime.date(2025, 1, 1)
                ),
            )
        first = client.get(LIST, {"source_type": "industry"})
        assert len(shown(first)) == 25
        next_link = re.search(r'<a href="([^"]+)" rel="next">', first.content.decode()).group(1)
        assert "source_type=industry" in next_link and "page=2" in next_link
        second = client.get(LIST + next_link.replace("&amp;", "&"))
        assert len(shown(second)) == 5

    def test_query_count_is_constant(self, client, db, django_assert_max_num_queries):
        tactic = TacticFactory()
        platform = PlatformFactory()
        for _ in range(40):
            StanceFactory(tactic=tactic, source=SourceFactory(platforms=[platform]))
        with django_assert_max_num_queries(6):
            response = client.get(LIST)
        assert len(shown(response)) == 25


class TestDetail:
    def test_lists_the_tactics_by_what_it_found(self, client, library):
        html = client.get(library["peer"].get_absolute_url()).content.decode()
        assert html.count("<h1") == 1
        assert "<h1>Peer study</h1>" in html
        improves = html[html.index('id="improves-heading"') : html.index('id="no_effect-heading"')]
        nothing = html[html.index('id="no_effect-heading"') :]
        assert "Improves visibility: 1 tactic" in improves
        assert "Does adding statistics help?" in improves
        assert "No detectable effect: 1 tactic" in nothing
        assert "Does schema markup help?" in nothing
        assert "Schema did nothing." in nothing
        assert "Peer-reviewed research" in html and "Controlled experiment" in html
        assert "Google AI Overviews" in html and "google-aio" not in html

    def test_shows_mixed_stances(self, client, library):
        html = client.get(library["industry"].get_absolute_url()).content.decode()
        assert "Mixed results: 1 tactic" in html

    def test_confidence_badge_links_to_how_scored(self, client, library):
        html = client.get(library["peer"].get_absolute_url()).content.decode()
        assert f'class="badge badge--very_low" href="{reverse("scoring:methodology")}"' in html

    def test_draft_tactic_is_left_out_for_visitors(self, client, library):
        html = client.get(library["official"].get_absolute_url()).content.decode()
        assert "Secret draft?" not in html
        assert "No detectable effect" not in html

    def test_source_with_no_published_tactic_is_404(self, client, library):
        assert client.get(library["draft_only"].get_absolute_url()).status_code == 404
        unused = SourceFactory()
        assert client.get(unused.get_absolute_url()).status_code == 404
        assert client.get(reverse("sources:detail", kwargs={"pk": 99999999})).status_code == 404
        assert client.get("/sources/99999999999999999999999999/").status_code == 404

    def test_staff_see_draft_stances_marked_as_drafts(self, client, library, admin_user):
        client.force_login(admin_user)
        html = client.get(library["official"].get_absolute_url()).content.decode()
        assert "Secret draft?" in html
        assert "Draft, visible to staff only" in html
        assert client.get(library["draft_only"].get_absolute_url()).status_code == 200

    def test_non_http_url_is_not_a_link(self, client, library):
        source = library["peer"]
        type(source).objects.filter(pk=source.pk).update(url="javascript:alert(1)")
        html = client.get(source.get_absolute_url()).content.decode()
        assert "javascript:" not in html

    def test_editor_text_is_inert(self, client, db):
        payload = '<script>alert("x")</script>'
        source = SourceFactory(
            title=f"T {payload}",
            summary=payload,
            organisation=OrganisationFactory(name=payload),
            venue=payload,
            lab_engine=payload,
            authors=payload,
        )
        StanceFactory(
            source=source,
            finding=payload,
            detail=payload,
            effect_measure="other",
            effect_kind="relative",
            effect_value=5,
            effect_quote=payload,
        )
        html = client.get(source.get_absolute_url()).content.decode()
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
