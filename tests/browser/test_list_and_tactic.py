"""A visitor filters the list by confidence level and follows a tactic; the tactic page
fits a 360 px phone and a 1280 px desktop without horizontal scrolling."""

import re

import pytest

from scoring.models import PlatformGrade
from tactics.choices import Confidence, Direction
from tactics.models import Tactic

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

BACKLINKS = "backlinks-ai-search-citations"
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def level_to_filter():
    """A confidence level some, but not all, published tactics have."""
    published = Tactic.objects.published()
    for level in Confidence.values:
        count = published.filter(confidence=level).count()
        if 0 < count < published.count():
            return Confidence(level), count
    pytest.fail("the demo data should spread tactics over several confidence levels")


def test_filter_the_list_by_confidence_and_follow_a_tactic(site, page):
    level, expected = level_to_filter()
    page.goto(f"{site.url}/tactics/")
    expect(page.locator(".tactic-card")).to_have_count(Tactic.objects.published().count())

    page.get_by_label(level.label, exact=True).check()
    page.get_by_role("button", name="Show tactics").click()
    page.wait_for_url(re.compile(rf"[?&]confidence={level.value}(&|$)"))

    cards = page.locator(".tactic-card")
    expect(cards).to_have_count(expected)
    badges = cards.locator(".badge")
    for i in range(expected):
        expect(badges.nth(i)).to_have_text(f"{level.label} confidence")
    # The filter stays visible in the form, so the visitor sees what they asked for.
    expect(page.get_by_label(level.label, exact=True)).to_be_checked()

    title_link = cards.first.locator(".card__title a")
    question = title_link.inner_text()
    title_link.click()
    page.wait_for_url(re.compile(r"/tactics/[\w-]+/$"))
    expect(page.locator("h1")).to_have_text(question)
    expect(page.locator("h1")).to_have_count(1)


@pytest.mark.parametrize("width", [360, 1280])
def test_tactic_page_has_no_horizontal_scroll(site, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site.url}/tactics/{BACKLINKS}/")
    expect(page.locator("h1")).to_have_text("Do backlinks improve AI search citation rates?")
    page.wait_for_load_state("load")
    assert page.evaluate("getComputedStyle(document.body).fontFamily")  # stylesheet applied
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5).map(el => el.tagName + '.' + el.className)"""
    )
    assert page.evaluate(NO_HORIZONTAL_SCROLL), f"wider than {width}px: {overflow}"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/tactics/",
        "/tactics/?confidence=low",
        "/tactics/?platform_grade=chatgpt&order=platform",
        "/tactics/keyword-stuffing/",
        "/sources/",
        "/methodology/",
    ],
)
def test_other_pages_fit_a_phone(site, page, path):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site.url + path)
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5).map(el => el.tagName + '.' + el.className)"""
    )
    assert page.evaluate(NO_HORIZONTAL_SCROLL), f"{path} wider than 360px: {overflow}"


def test_skip_link_and_visible_focus(site, page):
    page.goto(f"{site.url}/tactics/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    assert page.evaluate("document.activeElement.getBoundingClientRect().top >= 0")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_print_shows_content_without_navigation_or_filters(site, page):
    page.goto(f"{site.url}/tactics/")
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator("form.filters").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert page.locator(".tactic-card").first.is_visible()


def test_find_what_works_on_one_platform_and_sort_by_its_score(site, page):
    """ "Works on ChatGPT with at least low confidence", highest score there first."""
    works = (Direction.WORKS, Direction.LEANS_WORKS)
    grades = PlatformGrade.objects.filter(
        platform__slug="chatgpt",
        tactic__status="published",
        direction__in=works,
        confidence__in=("low", "medium", "high"),
    )
    expected = sorted((g.score for g in grades), reverse=True)
    assert expected, "the demo data should have a tactic that works on ChatGPT"
    page.goto(f"{site.url}/tactics/")
    page.get_by_label("Graded on platform").select_option(label="ChatGPT")
    page.get_by_label("There, the evidence says").select_option(label="Works or probably works")
    page.get_by_label("With confidence there of at least").select_option(label="Low or better")
    page.get_by_label("Order by").select_option(label="Highest score on the chosen platform")
    page.get_by_role("button", name="Show tactics").click()
    page.wait_for_url(re.compile(r"[?&]platform_grade=chatgpt(&|$)"))

    grades_shown = page.locator(".facts__platform-grade dd")
    expect(grades_shown).to_have_count(len(expected))
    scores = [
        re.search(r"score (\d+\.\d)/35", grades_shown.nth(i).inner_text())[1]
        for i in range(len(expected))
    ]
    assert scores == [str(score) for score in expected]
    for i in range(len(expected)):
        assert grades_shown.nth(i).inner_text().startswith(("Works", "Probably works"))
