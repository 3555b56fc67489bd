"""The home page: what the site is, the strongest and the most contested tactics (with
their direction labelled), and categories with counts of published tactics."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import CategoryFactory, SourceFactory, StanceFactory, TacticFactory

HOME = reverse("home")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def section(html, heading_id):
    """The HTML of the <section> labelled by heading_id."""
    match = re.search(
        rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, flags=re.DOTALL
    )
    assert match, heading_id
    return match.group(1)


def slugs(html):
    return re.findall(r'<h3 class="card__title"><a href="/tactics/([^/"]+)/">', html)


@pytest.mark.django_db
class TestHome:
    def test_says_what_the_site_is(self, client):
        html = client.get(HOME).content.decode()
        assert html.count("<h1") == 1
        assert "Which AI search tactics does the evidence back?" in html
        assert "0–35 score" in html
        assert f'href="{reverse("tactics:list")}"' in html
        assert f'href="{reverse("scoring:methodology")}"' in html

    def test_strongest_are_the_highest_scores_whatever_their_direction(self, client):
        TacticFactory(slug="proven", evidence_score=Decimal("30"), direction="works")
        TacticFactory(slug="myth", evidence_score=Decimal("28"), direction="harms")
        TacticFactory(slug="weak", evidence_score=Decimal("3"), direction="works")
        TacticFactory(slug="draft-best", evidence_score=Decimal("35"), draft=True)
        html = section(client.get(HOME).content.decode(), "strongest-heading")
        assert slugs(html) == ["proven", "myth", "weak"]
        # The debunked myth is labelled as such, not passed off as a proven tactic.
        myth_card = html[html.index("/tactics/myth/") :]
        myth_card = myth_card[: myth_card.index("</article>")]
        assert "Harms" in myth_card

    def test_strongest_shows_at_most_six(self, client):
        for i in range(9):
            TacticFactory(slug=f"t{i}", evidence_score=Decimal(i))
        html = section(client.get(HOME).content.decode(), "strongest-heading")
        assert slugs(html) == [f"t{i}" for i in range(8, 2, -1)]

    def test_most_contested_lists_contested_tactics_only(self, client):
        TacticFactory(slug="fight", contested=True, no_effect_count=4)
        TacticFactory(slug="spat", contested=True, no_effect_count=1)
        TacticFactory(slug="calm", contested=False, no_effect_count=0)
        TacticFactory(slug="hidden-fight", contested=True, no_effect_count=9, draft=True)
        html = section(client.get(HOME).content.decode(), "contested-heading")
        assert slugs(html) == ["fight", "spat"]
        assert "?contested=yes" in html

    def test_nothing_contested_says_so(self, client):
        TacticFactory(contested=False)
        html = section(client.get(HOME).content.decode(), "contested-heading")
        assert "No published tactic is contested" in html

    def test_categories_with_counts_of_published_tactics(self, client):
        onpage = CategoryFactory(name="On-page", slug="on-page", position=1)
        brand = CategoryFactory(name="Brand", slug="brand", position=2)
        CategoryFactory(name="Empty", slug="empty", position=3)
        TacticFactory.create_batch(3, category=onpage)
        TacticFactory(category=brand)
        TacticFactory.create_batch(2, category=brand, draft=True)
        html = section(client.get(HOME).content.decode(), "categories-heading")
        assert re.search(
            r'href="/tactics/\?category=on-page">On-page</a>\s*<span class="count">3 tactics', html
        )
        assert re.search(
            r'href="/tactics/\?category=brand">Brand</a>\s*<span class="count">1 tactic<', html
        )
        assert "Empty" not in html
        assert html.index("On-page") < html.index("Brand")

    def test_counts_tactics_and_the_sources_visitors_can_see(self, client):
        published = TacticFactory()
        draft = TacticFactory(draft=True)
        StanceFactory(tactic=published)
        StanceFactory(tactic=published)
        StanceFactory(tactic=draft)
        SourceFactory()  # backs nothing
        html = client.get(HOME).content.decode()
        assert "1 tactic graded from 2 sources." in html

    def test_drafts_are_nowhere_on_the_home_page(self, client):
        TacticFactory(slug="secret", question="Secret draft question?", draft=True, contested=True)
        html = client.get(HOME).content.decode()
        assert "secret" not in html.lower()

    def test_empty_site_still_renders(self, client):
        response = client.get(HOME)
        assert response.status_code == 200
        assert "No tactic has been published yet." in response.content.decode()

    def test_query_count_does_not_grow(self, client, django_assert_max_num_queries):
        for i in range(3):
            TacticFactory(contested=True, evidence_score=Decimal(i))
        with django_assert_max_num_queries(8):
            client.get(HOME)
        cache.clear()
        for i in range(30):
            TacticFactory(
                contested=True, evidence_score=Decimal(i % 30), category=CategoryFactory()
            )
        with django_assert_max_num_queries(8):
            client.get(HOME)


class TestErrorPages:
    def test_404_is_a_helpful_page(self, client, db):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "<h1>Page not found</h1>" in html
        assert f'href="{reverse("tactics:list")}"' in html
        assert '<meta name="robots" content="noindex">' in html

    def test_500_renders_without_touching_the_database(self, rf):
        from django.views.defaults import server_error

        # No db fixture: pytest-django raises if the error page queries the database.
        response = server_error(rf.get("/"))
        assert response.status_code == 500
        html = response.content.decode()
        assert "Something went wrong on our side" in html
        assert 'href="/"' in html
        assert "<script" not in html and "style=" not in html
