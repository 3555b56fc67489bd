"""A category or platform that only drafts hold is invisible to visitors: not offered in
the public filters, not accepted as a filter value, its name nowhere on the page."""

import pytest
from django.urls import reverse

from tests.factories import (
    CategoryFactory,
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
)

SECRET_CATEGORY = "Quantum Embargoed Category"
SECRET_PLATFORM = "Embargoed Answer Engine"
UNUSED_PLATFORM = "Platform Nobody Studied"
DRAFT_QUESTION = "Does the embargoed draft tactic work?"
INVALID_CHOICE = "Select a valid choice"


@pytest.fixture
def site(db):
    """One published tactic, and a draft alone in its own category, covering a platform
    that only the draft's source studied."""
    onpage = CategoryFactory(name="On-page", slug="on-page")
    chatgpt = PlatformFactory(name="ChatGPT search", slug="chatgpt")
    secret_platform = PlatformFactory(name=SECRET_PLATFORM, slug="embargoed-engine")
    PlatformFactory(name=UNUSED_PLATFORM, slug="nobody-studied")
    published = TacticFactory(category=onpage, question="Do statistics help?")
    published.platforms_covered.set([chatgpt])
    StanceFactory(tactic=published, source=SourceFactory(platforms=[chatgpt]))
    draft = TacticFactory(
        draft=True,
        question=DRAFT_QUESTION,
        category=CategoryFactory(name=SECRET_CATEGORY, slug="embargoed"),
    )
    draft.platforms_covered.set([secret_platform])
    StanceFactory(tactic=draft, source=SourceFactory(platforms=[secret_platform]))
    return {"published": published, "draft": draft}


def page(client, name, params=None):
    response = client.get(reverse(name), params or {})
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_offers_only_categories_and_platforms_with_a_published_tactic(client, site):
    html = page(client, "tactics:list")
    assert '<option value="on-page">On-page</option>' in html
    assert '<option value="chatgpt">ChatGPT search</option>' in html
    for hidden in (SECRET_CATEGORY, SECRET_PLATFORM, UNUSED_PLATFORM, "embargoed"):
        assert hidden not in html


@pytest.mark.parametrize("params", [{"category": "embargoed"}, {"platform": "embargoed-engine"}])
def test_filtering_by_a_draft_only_value_is_refused_and_reveals_nothing(client, site, params):
    html = page(client, "tactics:list", params)
    assert INVALID_CHOICE in html
    assert DRAFT_QUESTION not in html
    for hidden in (SECRET_CATEGORY, SECRET_PLATFORM):
        assert hidden not in html
    # The refused value is ignored, as any invalid filter is: the published list remains.
    assert site["published"].question in html


def test_a_category_appears_in_the_filter_once_one_of_its_tactics_is_published(client, site):
    site["draft"].status = "published"
    site["draft"].save()
    html = page(client, "tactics:list", {"category": "embargoed"})
    assert f'<option value="embargoed" selected>{SECRET_CATEGORY}</option>' in html
    assert INVALID_CHOICE not in html
    assert DRAFT_QUESTION in html
    assert site["published"].question not in html


def test_the_source_library_offers_only_platforms_its_sources_studied(client, site):
    html = page(client, "sources:list")
    assert '<option value="chatgpt">ChatGPT search</option>' in html
    for hidden in (SECRET_PLATFORM, UNUSED_PLATFORM, "embargoed-engine"):
        assert hidden not in html

    refused = page(client, "sources:list", {"platform": "embargoed-engine"})
    assert INVALID_CHOICE in refused
    assert SECRET_PLATFORM not in refused
