"""Arbitrary query strings on every public page: a clear 4xx or the page, never a 5xx."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import tactic_with_evidence

# The filter parameters of the list and the library, and Django's paginator and sitemap.
KNOWN_KEYS = [
    "q",
    "confidence",
    "direction",
    "category",
    "platform",
    "score_min",
    "score_max",
    "contested",
    "order",
    "page",
    "p",
    "source_type",
    "method",
    "year",
    "stance",
]
NASTY_VALUES = [
    "",
    "0",
    "-1",
    "99999999999999999999999999",
    "1e308",
    "NaN",
    "-inf",
    "3.5",
    "35.01",
    "high",
    "1' OR '1'='1",
    "<script>alert(1)</script>",
    "\x00",
    "%",
    "%%32",
    "..%2F..%2Fetc",
    "é✓🙂",
    "a" * 3000,
]
values = st.one_of(st.sampled_from(NASTY_VALUES), st.text(max_size=40))
pairs = st.lists(st.tuples(st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=12)), values))
encoded = pairs.map(lambda items: urlencode(items, doseq=True))
# What a WSGI server hands over: any byte string, decoded as ISO-8859-1.
raw = st.binary(max_size=200).map(lambda b: b.decode("latin-1"))
query_strings = st.one_of(encoded, raw)

PAGES = [
    "home",
    "tactics:list",
    "tactic",
    "sources:list",
    "source",
    "scoring:methodology",
    "sitemap",
    "robots_txt",
    "llms_txt",
    "feed",
]


@pytest.fixture
def urls(db):
    tactic = tactic_with_evidence(supporting=2, contradicting=1)
    source = tactic.stances.first().source
    named = {name: reverse(name) for name in PAGES if name not in ("tactic", "source")}
    named["tactic"] = tactic.get_absolute_url()
    named["source"] = source.get_absolute_url()
    return named


@pytest.mark.parametrize("page", PAGES)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query_string=query_strings)
def test_no_query_string_makes_a_public_page_fail(client, urls, page, query_string):
    response = client.get(urls[page], QUERY_STRING=query_string)
    assert response.status_code < 500, (page, query_string)
