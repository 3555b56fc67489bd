"""What a visitor reads about who did a study, where it appeared, which engines it
tested and what effect it reports; and that the library's pages cost the same number of
queries for 5 rows as for 200."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sources.choices import OrganisationKind, Position
from tests.factories import (
    OrganisationFactory,
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def vendor_study():
    source = SourceFactory(
        title="Citations before and after",
        organisation=OrganisationFactory(
            name="Example Tools", kind=OrganisationKind.TOOL_VENDOR, sells_related_product=True
        ),
        venue="Example Tools blog",
        platforms=[PlatformFactory(slug="chatgpt", name="ChatGPT")],
        live_tested_on=datetime.date(2025, 3, 4),
        lab_engine="GPT-4o-mini (2024-07-18) over the top ten results",
    )
    StanceFactory(
        source=source,
        tactic=TacticFactory(question="Does adding statistics help?"),
        position=Position.IMPROVES,
        effect_measure="citation_rate",
        effect_kind="relative",
        effect_value=Decimal(33),
        effect_low=Decimal(20),
        effect_high=Decimal(46),
        effect_p=Decimal("0.01"),
        effect_quote="Citation rate rose by a third.",
    )
    StanceFactory(
        source=source,
        tactic=TacticFactory(question="Does keyword stuffing help?"),
        position=Position.WORSENS,
        effect_measure="answer_share",
        effect_kind="absolute_pp",
        effect_value=Decimal("-2.5"),
    )
    return source


def test_the_source_page_says_who_where_which_engines_and_what_effect(client, vendor_study):
    html = client.get(vendor_study.get_absolute_url()).content.decode()
    assert "Example Tools (vendor of ai-visibility or seo tools); sells a related product" in html
    assert "<dt>Venue</dt><dd>Example Tools blog</dd>" in html
    assert "Live: ChatGPT (tested" in html and "4 March 2025" in html
    assert "Simulated engine, in a lab: GPT-4o-mini (2024-07-18)" in html
    assert "Example Tools sells a product or service that benefits" in html
    assert "Improves visibility: 1 tactic" in html and "Worsens visibility: 1 tactic" in html
    assert "Reported effect: +33% citation rate, 95% CI +20% to +46%, p = 0.01" in html
    assert "“Citation rate rose by a third.”" in html
    assert "Reported effect: \u22122.5 points share of answers citing" in html


def test_the_list_names_the_organisation_and_a_lab_engine(client, vendor_study):
    html = client.get(reverse("sources:list")).content.decode()
    assert "Example Tools (sells a related product) · Example Tools blog" in html
    assert "<dd>ChatGPT; a simulated engine (lab)</dd>" in html
    assert "<dd>Improves 1 tactic, worsens 1 tactic</dd>" in html


def test_a_source_without_interest_or_lab_says_neither(client):
    source = SourceFactory(organisation=OrganisationFactory(name="Quiet University"))
    StanceFactory(source=source)
    html = client.get(source.get_absolute_url()).content.decode()
    assert "Quiet University (university or research institute)</dd>" in html
    assert "sells a" not in html and "Simulated engine" not in html


def _queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _library(n: int):
    tactic = TacticFactory()
    platform = PlatformFactory()
    for _ in range(n):
        StanceFactory(
            tactic=tactic,
            source=SourceFactory(platforms=[platform], organisation=OrganisationFactory()),
            effect_measure="rank",
            effect_kind="correlation",
            effect_value=Decimal("0.2"),
        )


def test_the_list_costs_as_many_queries_for_200_sources_as_for_5(client):
    _library(5)
    few = _queries(client, reverse("sources:list"))
    _library(195)
    assert _queries(client, reverse("sources:list")) == few


def test_a_source_page_costs_as_many_queries_for_200_tactics_as_for_5(client):
    source = SourceFactory(platforms=[PlatformFactory()], lab_engine="A lab engine")

    def add(n):
        for _ in range(n):
            StanceFactory(
                source=source, effect_kind="relative", effect_measure="rank", effect_value=3
            )

    add(5)
    few = _queries(client, source.get_absolute_url())
    add(195)
    assert _queries(client, source.get_absolute_url()) == few
