"""The public list /tactics/: every filter, their combinations, the URL as the only state,
and garbage parameters that must give a page with a clear message, never a 500."""

import itertools
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tactics.choices import Confidence, Direction
from tests.factories import CategoryFactory, PlatformFactory, TacticFactory

LIST_URL = reverse("tactics:list")
TACTIC_LINK = re.compile(r'<h3 class="card__title"><a href="/tactics/([^/"]+)/">')


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Whole pages may be cached for anonymous visitors; each test starts from nothing.
    cache.clear()
    yield
    cache.clear()


def shown(response):
    """The tactic slugs a visitor sees on the page, in order."""
    assert response.status_code == 200
    return TACTIC_LINK.findall(response.content.decode())


def make(slug, *, platforms=(), **fields):
    tactic = TacticFactory(slug=slug, **fields)
    tactic.platforms_covered.set(platforms)
    return tactic


@pytest.fixture
def catalogue(db):
    """Eight published tactics spread over every filtered attribute, plus one draft."""
    onpage = CategoryFactory(name="On-page", slug="on-page")
    offpage = CategoryFactory(name="Off-page", slug="off-page")
    aio = PlatformFactory(slug="google-aio", name="Google AI Overviews")
    gpt = PlatformFactory(slug="chatgpt", name="ChatGPT")
    rows = [
        # slug, confidence, direction, score, contested, category, platforms, question
        (
            "stats",
            "high",
            "works",
            "30.5",
            False,
            onpage,
            [aio, gpt],
            "Does adding statistics help?",
        ),
        (
            "quotes",
            "high",
            "leans_works",
            "27.0",
            True,
            onpage,
            [gpt],
            "Does quoting experts help?",
        ),
        (
            "backlinks",
            "medium",
            "mixed",
            "18.0",
            True,
            offpage,
            [aio],
            "Does building backlinks help?",
        ),
        (
            "llms-txt",
            "medium",
            "no_effect",
            "20.0",
            False,
            onpage,
            [],
            "Does publishing llms.txt help?",
        ),
        (
            "schema",
            "low",
            "leans_works",
            "9.5",
            False,
            onpage,
            [aio],
            "Does schema markup help?",
        ),
        (
            "reviews",
            "low",
            "leans_harms",
            "7.0",
            True,
            offpage,
            [gpt],
            "Does collecting reviews help?",
        ),
        (
            "freshness",
            "very_low",
            "works",
            "2.0",
            False,
            onpage,
            [aio],
            "Does updating pages help?",
        ),
        (
            "reddit",
            "very_low",
            "no_evidence",
            "0.0",
            False,
            offpage,
            [],
            "Does posting on forums help?",
        ),
    ]
    tactics = {}
    for slug, confidence, direction, score, contested, category, platforms, question in rows:
        tactics[slug] = make(
            slug,
            confidence=confidence,
            direction=direction,
            evidence_score=Decimal(score),
            contested=contested,
            category=category,
            platforms=platforms,
            question=question,
            body=f"Body text about {slug}.",
        )
    make(
        "secret-draft",
        draft=True,
        confidence="high",
        direction="works",
        evidence_score=Decimal("35"),
        category=onpage,
        platforms=[aio, gpt],
        question="Do statistics in drafts help?",
    )
    return tactics


class TestEachFilter:
    def test_unfiltered_list_shows_published_tactics_by_score(self, client, catalogue):
        assert shown(client.get(LIST_URL)) == [
            "stats",
            "quotes",
            "llms-txt",
            "backlinks",
            "schema",
            "reviews",
            "freshness",
            "reddit",
        ]

    def test_one_confidence_level(self, client, catalogue):
        assert shown(client.get(LIST_URL, {"confidence": "high"})) == ["stats", "quotes"]

    def test_several_confidence_levels_at_once(self, client, catalogue):
        response = client.get(LIST_URL, {"confidence": ["medium", "very_low"]})
        assert set(shown(response)) == {"backlinks", "llms-txt", "freshness", "reddit"}

    def test_direction(self, client, catalogue):
        assert shown(client.get(LIST_URL, {"direction": "leans_works"})) == ["quotes", "schema"]

    def test_a_refuted_tactic_is_found_by_its_direction(self, client, catalogue):
        assert shown(client.get(LIST_URL, {"direction": "no_effect"})) == ["llms-txt"]

    def test_category(self, client, catalogue):
        assert shown(client.get(LIST_URL, {"category": "off-page"})) == [
            "backlinks",
            "reviews",
            "reddit",
        ]

    def test_platform_uses_platforms_covered(self, client, catalogue):
        assert shown(client.get(LIST_URL, {"platform": "chatgpt"})) == [
            "stats",
            "quotes",
            "reviews",
        ]

    def test_score_minimum_is_inclusive(self, client, catalogue):
        assert shown(client.get(LIST_URL, {"score_min": "20"})) == ["stats", "quotes", "llms-txt"]

    def test_score_maximum_is_inclusive(self, client, catalogue):
        assert shown(client.get(LIST_URL, {"score_max": "7"})) == ["reviews", "freshness", "reddit"]

    def test_score_range(self, client, catalogue):
        response = client.get(LIST_URL, {"score_min": "9.5", "score_max": "27"})
        assert shown(response) == ["quotes", "llms-txt", "backlinks", "schema"]

    def test_contested_only(self, client, catalogue):
        assert shown(client.get(LIST_URL, {"contested": "yes"})) == [
            "quotes",
            "backlinks",
            "reviews",
        ]

    def test_not_contested(self, client, catalogue):
        response = client.get(LIST_URL, {"contested": "no"})
        assert shown(response) == ["stats", "llms-txt", "schema", "freshness", "reddit"]

    def test_search_matches_the_question(self, client, catalogue):
        assert shown(client.get(LIST_URL, {"q": "backlinks"})) == ["backlinks"]

    def test_search_matches_the_body_too(self, client, catalogue):
        assert shown(client.get(LIST_URL, {"q": "freshness"})) == ["freshness"]

    def test_search_without_match_says_so(self, client, catalogue):
        response = client.get(LIST_URL, {"q": "zeppelin"})
        assert shown(response) == []
        assert "No published tactic matches these filters" in response.content.decode()

    @pytest.mark.parametrize(
        ("order", "expected_first", "expected_last"),
        [
            ("score", "stats", "reddit"),
            ("-score", "reddit", "stats"),
            ("title", "stats", "freshness"),  # adding … updating
        ],
    )
    def test_ordering(self, client, catalogue, order, expected_first, expected_last):
        slugs = shown(client.get(LIST_URL, {"order": order}))
        assert (slugs[0], slugs[-1]) == (expected_first, expected_last)

    def test_title_order_is_alphabetical(self, client, catalogue):
        slugs = shown(client.get(LIST_URL, {"order": "title"}))
        questions = [catalogue[slug].question for slug in slugs]
        assert questions == sorted(questions)

    def test_recently_updated_order(self, client, catalogue):
        catalogue["reddit"].save()  # the newest change
        assert shown(client.get(LIST_URL, {"order": "updated"}))[0] == "reddit"

    def test_drafts_never_listed_whatever_the_filter(self, client, catalogue):
        for params in ({}, {"q": "drafts"}, {"confidence": "high"}, {"score_min": "35"}):
            response = client.get(LIST_URL, params)
            assert "secret-draft" not in response.content.decode()
            assert "in drafts" not in response.content.decode()


def expected(
    catalogue, confidence=(), direction="", category="", contested="", score_min=None, platform=""
):
    result = []
    for slug, t in catalogue.items():
        if platform and not t.platforms_covered.filter(slug=platform).exists():
            continue
        if confidence and t.confidence not in confidence:
            continue
        if direction and t.direction != direction:
            continue
        if category and t.category.slug != category:
            continue
        if contested and t.contested != (contested == "yes"):
            continue
        if score_min is not None and t.evidence_score < Decimal(score_min):
            continue
        result.append(slug)
    return set(result)


class TestCombinations:
    """Filters combine with AND, and every combination agrees with a plain Python filter
    over the same rows."""

    def test_every_combination_of_the_main_filters(self, client, catalogue):
        confidence_sets = [(), ("high",), ("medium", "low"), ("low", "very_low")]
        directions = ["", "works", "leans_works", "mixed"]
        categories = ["", "on-page", "off-page"]
        contested = ["", "yes", "no"]
        score_mins = [None, "9.5"]
        platforms = ["", "chatgpt"]
        for combo in itertools.product(
            confidence_sets, directions, categories, contested, score_mins, platforms
        ):
            conf, direction, category, cont, score_min, platform = combo
            params = {
                "confidence": list(conf),
                "direction": direction,
                "category": category,
                "contested": cont,
                "score_min": score_min or "",
                "platform": platform,
            }
            got = set(shown(client.get(LIST_URL, params)))
            want = expected(catalogue, conf, direction, category, cont, score_min, platform)
            assert got == want, combo

    def test_search_combines_with_filters(self, client, catalogue):
        assert shown(
            client.get(LIST_URL, {"q": "help", "category": "off-page", "contested": "yes"})
        ) == [
            "backlinks",
            "reviews",
        ]

    def test_platform_with_confidence_and_order(self, client, catalogue):
        response = client.get(
            LIST_URL,
            {"platform": "google-aio", "confidence": ["low", "very_low"], "order": "-score"},
        )
        assert shown(response) == ["freshness", "schema"]


class TestStateInTheUrl:
    def test_form_shows_the_current_filters(self, client, catalogue):
        html = client.get(
            LIST_URL, {"q": "backlinks", "confidence": ["high", "medium"], "category": "off-page"}
        ).content.decode()
        assert 'value="backlinks"' in html
        assert re.search(r'<input[^>]*value="high"[^>]*checked', html)
        assert re.search(r'<input[^>]*value="medium"[^>]*checked', html)
        assert not re.search(r'<input[^>]*value="low"[^>]*checked', html)
        assert re.search(r'<option value="off-page" selected>', html)

    def test_form_submits_with_get_to_the_list(self, client, catalogue):
        html = client.get(LIST_URL).content.decode()
        assert f'method="get" action="{LIST_URL}"' in html

    def test_pagination_links_keep_every_filter(self, client, db):
        category = CategoryFactory(slug="content")
        TacticFactory.create_batch(45, confidence="high", category=category)
        response = client.get(
            LIST_URL, {"confidence": "high", "category": "content", "order": "title"}
        )
        html = response.content.decode()
        assert len(shown(response)) == 20
        next_link = re.search(r'<a href="([^"]+)" rel="next">', html).group(1)
        params = parse_qs(urlsplit(next_link.replace("&amp;", "&")).query)
        assert params == {
            "confidence": ["high"],
            "category": ["content"],
            "order": ["title"],
            "page": ["2"],
        }
        page3 = client.get(LIST_URL + next_link.replace("&amp;", "&").replace("page=2", "page=3"))
        assert len(shown(page3)) == 5
        prev_link = re.search(r'<a href="([^"]+)" rel="prev">', page3.content.decode()).group(1)
        assert parse_qs(urlsplit(prev_link.replace("&amp;", "&")).query)["confidence"] == ["high"]

    def test_pages_do_not_overlap(self, client, db):
        TacticFactory.create_batch(25, evidence_score=Decimal("10"))
        first = shown(client.get(LIST_URL))
        second = shown(client.get(LIST_URL, {"page": "2"}))
        assert len(first) == 20 and len(second) == 5
        assert not set(first) & set(second)

    def test_confidence_links_keep_the_other_filters_and_reset_the_page(self, client, catalogue):
        html = client.get(
            LIST_URL, {"q": "help", "category": "on-page", "page": "1"}
        ).content.decode()
        link = re.search(r'<a href="([^"]+)">High confidence</a>', html).group(1)
        params = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
        assert params == {"q": ["help"], "category": ["on-page"], "confidence": ["high"]}
        assert shown(client.get(LIST_URL + link.replace("&amp;", "&"))) == ["stats", "quotes"]

    def test_confidence_badges_link_to_how_scored(self, client, catalogue):
        html = client.get(LIST_URL).content.decode()
        badges = re.findall(r'<a class="badge badge--(\w+)" href="([^"]+)"', html)
        assert len(badges) == 8
        assert {href for _, href in badges} == {reverse("scoring:methodology")}

    def test_card_shows_direction_score_and_counts(self, client, catalogue):
        TacticFactory(
            slug="counted",
            question="Counted?",
            evidence_score=Decimal("12.5"),
            direction=Direction.LEANS_NO_EFFECT,
            confidence=Confidence.LOW,
            improves_count=2,
            no_effect_count=5,
            mixed_count=1,
        )
        html = client.get(LIST_URL, {"q": "Counted"}).content.decode()
        assert "<strong>12.5</strong>/35" in html
        assert "Probably no effect" in html
        assert "2 improved, 5 no effect, 0 worsened, 1 mixed" in html
        assert '<dt>Impact</dt><dd class="impact impact--unknown">Not reported</dd>' in html
        assert "Low confidence" in html


GARBAGE = [
    ({"confidence": "certain"}, "Confidence"),
    ({"confidence": ["high", "bogus"]}, "Confidence"),
    ({"direction": "sideways"}, "What the evidence says"),
    ({"category": "no-such-category"}, "Category"),
    ({"platform": "myspace"}, "Platform"),
    ({"score_min": "abc"}, "Score from"),
    ({"score_max": "1e999"}, "Score to"),
    ({"score_min": "NaN"}, "Score from"),
    ({"score_min": "-5"}, "Score from"),
    ({"score_max": "36"}, "Score to"),
    ({"contested": "maybe"}, "Contested"),
    ({"order": "question; DROP TABLE tactics_tactic"}, "Order by"),
    ({"q": "x" * 5000}, "Search"),
    ({"q": "back\x00links"}, "Search"),
    ({"confidence": "hi\x00gh"}, "Confidence"),
    ({"impact": "huge"}, "Expected impact"),
    ({"platform_grade": "myspace"}, "Graded on platform"),
    ({"platform_grade": "chatgpt", "platform_direction": "sideways"}, "There, the evidence says"),
    ({"platform_confidence": "very_high"}, "With confidence there of at least"),
    ({"platform_confidence": "medium"}, "With confidence there of at least"),
    ({"platform_direction": "works_any"}, "There, the evidence says"),
    ({"order": "platform"}, "Order by"),
]


class TestGarbageParameters:
    @pytest.mark.parametrize(("params", "label"), GARBAGE)
    def test_invalid_filter_is_reported_and_ignored(self, client, catalogue, params, label):
        response = client.get(LIST_URL, params)
        assert response.status_code == 200
        html = response.content.decode()
        assert "could not be used, so they were left out" in html
        assert f"<li>{label}:" in html
        # The valid rest of the page still works: the unfiltered tactics are there.
        assert len(shown(response)) == 8

    def test_valid_filters_still_apply_beside_an_invalid_one(self, client, catalogue):
        response = client.get(LIST_URL, {"confidence": "high", "score_min": "abc"})
        assert shown(response) == ["stats", "quotes"]
        assert "Score from: Enter a number." in response.content.decode()

    @pytest.mark.parametrize(
        ("page", "note"),
        [
            ("999999", "There is no page 999999; this is the last page, 1."),
            ("-1", "Pages start at 1"),
            ("0", "Pages start at 1"),
            ("abc", "not a number"),
            ("1e3", "not a number"),
            ("9" * 5000, "not a number"),
            ("2\x00", "not a number"),
        ],
    )
    def test_impossible_page_numbers(self, client, catalogue, page, note):
        response = client.get(LIST_URL, {"page": page})
        assert response.status_code == 200
        assert note in response.content.decode()
        assert len(shown(response)) == 8

    def test_huge_page_number_shows_the_last_page(self, client, db):
        TacticFactory.create_batch(25)
        response = client.get(LIST_URL, {"page": "999999"})
        assert len(shown(response)) == 5
        assert "this is the last page, 2" in response.content.decode()

    def test_raw_garbage_query_string(self, client, catalogue):
        for query in (
            "?%00=%00",
            "?confidence=%ff%fe",
            "?score_min=%00&score_max=%00&page=%00",
            "?q=%E2%80%AE%F0%9F%92%A9&order=-",
            "?q=" + "%22" * 300,
            "?q=" + "-" * 100,
            "?" + "&".join(f"confidence={c}" for c in ["high"] * 500),
            "?q=(a%7Cb)%20%26%20!c%20%3C-%3E%20d:*",
        ):
            response = client.get(LIST_URL + query)
            assert response.status_code == 200, query

    def test_search_operators_are_plain_text(self, client, catalogue):
        response = client.get(LIST_URL, {"q": '"building backlinks" or -schema'})
        assert response.status_code == 200
        assert "backlinks" in shown(response)


class TestHead:
    def test_canonical_points_at_the_unfiltered_list(self, client, catalogue):
        html = client.get(LIST_URL, {"confidence": "high"}).content.decode()
        assert '<link rel="canonical" href="http://testserver/tactics/">' in html
        assert '<meta name="robots" content="noindex, follow">' in html

    def test_later_pages_are_their_own_canonical_and_indexable(self, client, db):
        TacticFactory.create_batch(25)
        html = client.get(LIST_URL, {"page": "2"}).content.decode()
        assert '<link rel="canonical" href="http://testserver/tactics/?page=2">' in html
        assert "noindex" not in html
        assert "<title>All tactics, page 2 · GEO Evidence</title>" in html

    def test_one_h1_and_no_inline_style_or_script(self, client, catalogue):
        html = client.get(LIST_URL, {"q": "help"}).content.decode()
        assert html.count("<h1") == 1
        assert "style=" not in html
        assert "<script" not in html


PARAM_NAMES = [
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
]


@pytest.mark.django_db
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.lists(
        st.tuples(
            st.sampled_from(PARAM_NAMES),
            st.one_of(
                st.text(max_size=300),
                st.sampled_from(["high", "on-page", "chatgpt", "35", "-1", "1e9", "yes", "score"]),
                st.integers(min_value=-(10**30), max_value=10**30).map(str),
            ),
        ),
        max_size=8,
    )
)
def test_no_parameters_give_an_error_page(client, params):
    """Whatever a URL holds, the list answers 200: invalid parts are reported, not raised."""
    cache.clear()
    response = client.get(LIST_URL + "?" + urlencode(params))
    assert response.status_code == 200


class TestActiveFilters:
    def chips(self, html):
        return re.findall(
            r'<li><a href="([^"]*)"><span class="visually-hidden">Remove the filter </span>'
            r"(.*?) <span",
            html,
        )

    def test_each_filter_in_force_can_be_removed_alone(self, client, catalogue):
        html = client.get(
            LIST_URL,
            {
                "confidence": ["high", "low"],
                "category": "on-page",
                "q": "help",
                "contested": "no",
                "page": "1",
            },
        ).content.decode()
        chips = {label: href.replace("&amp;", "&") for href, label in self.chips(html)}
        assert set(chips) == {
            "High confidence",
            "Low confidence",
            "On-page",
            "Search: “help”",
            "Not contested",
        }
        after = parse_qs(urlsplit(chips["High confidence"]).query)
        assert after == {
            "confidence": ["low"],
            "category": ["on-page"],
            "q": ["help"],
            "contested": ["no"],
        }
        assert shown(client.get(LIST_URL + chips["High confidence"])) == ["schema"]

    def test_removing_the_last_filter_returns_to_the_plain_list(self, client, catalogue):
        html = client.get(LIST_URL, {"direction": "mixed"}).content.decode()
        assert self.chips(html) == [(LIST_URL, "Evidence: Mixed")]

    def test_invalid_parameters_are_not_shown_as_filters(self, client, catalogue):
        html = client.get(LIST_URL, {"score_min": "abc", "score_max": "20"}).content.decode()
        assert [label for _, label in self.chips(html)] == ["Score up to 20"]
