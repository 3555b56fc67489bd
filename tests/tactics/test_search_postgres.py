"""Full-text search on PostgreSQL: stemming, web-search syntax and relevance ranking.
SQLite has only the word-by-word fallback, tested in test_list_filters.py."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tactics.filters import SEARCH_MAX_LENGTH, search_tactics
from tactics.models import Tactic
from tests.factories import TacticFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
    ),
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def corpus(db):
    TacticFactory(
        slug="in-question",
        question="Do backlinks improve AI search citation rates?",
        verdict="Indirectly yes.",
        body="Nothing relevant here.",
        evidence_score=1,
    )
    TacticFactory(
        slug="in-body",
        question="Does domain trust matter?",
        verdict="Somewhat.",
        body="A study looked at backlink profiles among other signals.",
        evidence_score=30,
    )
    TacticFactory(
        slug="in-verdict",
        question="Do brand mentions matter?",
        verdict="Yes, more than backlinks do.",
        body="Mentions in the press.",
        evidence_score=20,
    )
    TacticFactory(
        slug="unrelated",
        question="Does schema markup help?",
        verdict="Weakly.",
        body="Structured data only.",
        evidence_score=35,
    )


def slugs(response):
    return re.findall(
        r'<h3 class="card__title"><a href="/tactics/([^/"]+)/">', response.content.decode()
    )


def test_ranks_question_matches_above_verdict_above_body(client, corpus):
    # The score order would be in-body, in-verdict, in-question: relevance overrides it.
    response = client.get(reverse("tactics:list"), {"q": "backlinks"})
    assert slugs(response) == ["in-question", "in-verdict", "in-body"]


def test_stems_words(client, corpus):
    response = client.get(reverse("tactics:list"), {"q": "backlink"})
    assert set(slugs(response)) == {"in-question", "in-verdict", "in-body"}


def test_websearch_syntax(client, corpus):
    response = client.get(reverse("tactics:list"), {"q": "backlinks -mentions"})
    assert "in-verdict" not in slugs(response)
    response = client.get(reverse("tactics:list"), {"q": '"schema markup" or "domain trust"'})
    assert set(slugs(response)) == {"unrelated", "in-body"}


def test_explicit_order_overrides_relevance(client, corpus):
    response = client.get(reverse("tactics:list"), {"q": "backlinks", "order": "score"})
    assert slugs(response) == ["in-body", "in-verdict", "in-question"]


def test_operator_soup_is_harmless(client, corpus):
    for q in ["!!! & | <->", "backlinks:* & !", "'; DROP TABLE tactics_tactic; --", "(((("]:
        assert client.get(reverse("tactics:list"), {"q": q}).status_code == 200
    assert Tactic.objects.count() == 4


def test_rank_is_annotated(corpus):
    ranked = list(search_tactics(Tactic.objects.all(), "backlinks"))
    assert ranked[0].rank >= ranked[1].rank >= ranked[2].rank > 0


@pytest.mark.django_db
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("ab -\"'!&|:*()<>\\ or")) | st.characters(codec="utf-8"),
        max_size=SEARCH_MAX_LENGTH,
    )
)
def test_any_search_text_runs(text):
    # Whatever passes the form's validation must reach PostgreSQL as a valid query.
    assert list(search_tactics(Tactic.objects.all(), text.replace("\x00", ""))) == []
