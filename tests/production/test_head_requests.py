"""HEAD answers as GET does, crawler files first: the same status and headers (the
length of the body a GET would send included), whether the page cache is cold or warm,
and a HEAD never leaves an empty page in the cache for the next GET."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse

from tests.factories import tactic_with_evidence
from web import page_cache

# The page cache refuses pages rendered inside an open transaction: commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

CRAWLER_FILES = ["robots_txt", "llms_txt", "sitemap", "feed"]
PAGES = ["home", "tactics:list", "tactic", "sources:list", "source", "scoring:methodology"]


@pytest.fixture
def urls():
    tactic = tactic_with_evidence(supporting=2, contradicting=1)
    named = {
        name: reverse(name) for name in CRAWLER_FILES + PAGES if name not in ("tactic", "source")
    }
    named["tactic"] = tactic.get_absolute_url()
    named["source"] = tactic.stances.first().source.get_absolute_url()
    return named


def cold():
    caches[page_cache.CACHE_ALIAS].clear()


def headers(response):
    return sorted(response.headers.items())


def cached_view(response):
    return response.resolver_match.view_name in settings.PAGE_CACHE_VIEWS


@pytest.mark.parametrize("name", CRAWLER_FILES + PAGES)
@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_head_on_a_cold_cache_answers_as_get(client, urls, name, encoding):
    cold()
    head = client.head(urls[name], headers={"accept-encoding": encoding})
    cold()
    get = client.get(urls[name], headers={"accept-encoding": encoding})
    assert get.status_code == 200
    assert head.status_code == get.status_code
    assert headers(head) == headers(get)
    assert int(head["Content-Length"]) == len(get.content) > 0
    if cached_view(get):
        assert head[page_cache.HEADER] == get[page_cache.HEADER] == "miss"


@pytest.mark.parametrize("name", CRAWLER_FILES + PAGES)
@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_head_on_a_warm_cache_answers_as_get(client, urls, name, encoding):
    cold()
    client.get(urls[name])  # fills the cache, where the page is cacheable
    get = client.get(urls[name], headers={"accept-encoding": encoding})
    head = client.head(urls[name], headers={"accept-encoding": encoding})
    assert head.status_code == get.status_code == 200
    assert headers(head) == headers(get)
    assert int(head["Content-Length"]) == len(get.content) > 0
    if cached_view(get):
        assert head[page_cache.HEADER] == get[page_cache.HEADER] == "hit"


@pytest.mark.parametrize("name", ["llms_txt", "sitemap", "feed", "tactics:list"])
def test_a_head_that_fills_the_cache_leaves_the_whole_page_for_the_next_get(client, urls, name):
    cold()
    uncached = client.get(urls[name]).content
    cold()
    assert client.head(urls[name])[page_cache.HEADER] == "miss"
    after_head = client.get(urls[name])
    assert after_head[page_cache.HEADER] == "hit"
    assert after_head.content == uncached


def test_a_method_crawlers_do_not_use_is_still_refused(client, urls):
    cold()
    for name in ("robots_txt", "llms_txt"):
        response = client.post(urls[name])
        assert response.status_code == 405
        assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}
