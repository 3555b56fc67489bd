"""The source library's queries: what the count, the platform choices and the outcome
filter read must agree with what the cards print, with drafts and withdrawn rows out of
every one of them."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from sources.choices import WithdrawalReason
from tests.factories import PlatformFactory, SourceFactory, StanceFactory, TacticFactory

LIST = reverse("sources:list")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def withdraw(row):
    row.withdrawn_at = timezone.now()
    row.withdrawal_reason = WithdrawalReason.RETRACTED
    row.save()


def platform_options(html):
    select = re.search(r'<select name="platform".*?</select>', html, flags=re.DOTALL).group(0)
    return re.findall(r'<option value="([^"]+)"', select)


@pytest.fixture
def library(db):
    published, draft = TacticFactory(), TacticFactory(draft=True)
    seen = PlatformFactory(slug="perplexity", name="Perplexity")
    draft_only = PlatformFactory(slug="gemini", name="Gemini")
    withdrawn_only = PlatformFactory(slug="copilot", name="Copilot")
    StanceFactory(tactic=published, source=SourceFactory(title="Listed", platforms=[seen]))
    StanceFactory(tactic=draft, source=SourceFactory(title="Draft's", platforms=[draft_only]))
    gone = SourceFactory(title="Withdrawn source", platforms=[withdrawn_only])
    StanceFactory(tactic=published, source=gone)
    withdraw(gone)
    half = SourceFactory(title="Half retracted")
    StanceFactory(tactic=published, source=half)
    withdraw(StanceFactory(tactic=TacticFactory(), source=half, mixed=True))
    mixed_kept = SourceFactory(title="Mixed and current")
    StanceFactory(tactic=published, source=mixed_kept, mixed=True)
    withdraw(StanceFactory(tactic=TacticFactory(), source=mixed_kept))
    return locals()


def test_count_and_cards_leave_out_drafts_and_withdrawn_rows(client, library):
    html = client.get(LIST).content.decode()
    assert '<h2 id="results-heading" tabindex="-1">3 sources</h2>' in html
    for title in ("Listed", "Half retracted", "Mixed and current"):
        assert title in html
    for title in ("Draft&#x27;s", "Withdrawn source"):
        assert title not in html
    # Withdrawn stances of a listed source are not counted on its card.
    assert "<dd>Mixed results on 1 tactic</dd>" in html
    assert "<dd>Improves 1 tactic</dd>" in html
    assert "Mixed results on 1 tactic, " not in html and ", mixed results" not in html


def test_platform_choices_are_those_of_listed_sources_only(client, library):
    assert platform_options(client.get(LIST).content.decode()) == ["perplexity"]
    # Not offered, and not accepted either: the page says the choice could not be used.
    html = client.get(LIST, {"platform": "gemini"}).content.decode()
    assert "could not be used" in html


def test_outcome_filter_ignores_withdrawn_stances(client, library):
    # "Half retracted" has a mixed stance, but withdrawn; "Mixed and current" a live one.
    html = client.get(LIST, {"stance": "mixed"}).content.decode()
    assert "Mixed and current" in html
    assert "Half retracted" not in html
    assert '<h2 id="results-heading" tabindex="-1">1 source</h2>' in html
