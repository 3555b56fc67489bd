"""The compare page in a real browser: no axe violations, no page-level horizontal scroll
on a 360 px phone or a 1280 px desktop (the table scrolls in its own box), the markers
take the site's direction colours, and sorting works by following a link, without any
script."""

import json

import pytest

from tactics.models import Tactic

from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.parametrize(
    "path",
    ["/compare/", "/compare/?confidence=low&impact=large&order=-effort", "/compare/?order=x"],
)
def test_no_axe_violations(site, axe_page, path):
    axe_page.goto(site.url + path)
    violations = axe_violations(axe_page)
    assert violations == [], f"{path}:\n{json.dumps(violations, indent=2)}"


def test_narrow_screen_has_no_violations_either(site, axe_page):
    axe_page.set_viewport_size({"width": 360, "height": 800})
    axe_page.goto(f"{site.url}/compare/")
    violations = axe_violations(axe_page)
    assert violations == [], json.dumps(violations, indent=2)


@pytest.mark.parametrize("width", [360, 1280])
def test_no_horizontal_scroll_and_the_table_scrolls_in_its_box(site, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site.url}/compare/")
    page.wait_for_load_state("load")
    assert page.evaluate(NO_HORIZONTAL_SCROLL), f"the page is wider than {width}px"
    box = page.locator(".compare-table__scroll")
    if width == 360:
        assert box.evaluate("el => el.scrollWidth > el.clientWidth"), "the table scrolls"


def test_markers_take_the_sites_direction_colours(site, page):
    page.goto(f"{site.url}/compare/")
    works = page.locator(".compare-chart__point--works path").first
    colour = works.evaluate("el => getComputedStyle(el).fill")
    expected = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--works').trim()"
    )
    assert expected  # the custom property exists
    swatch = page.evaluate(
        """c => { const e = document.createElement('span'); e.style.color = c;
                  document.body.append(e); return getComputedStyle(e).color }""",
        expected,
    )
    assert colour == swatch


def test_sorting_by_a_column_heading_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.url}/compare/")
    page.get_by_role("link", name="Tactic (sort").click()
    page.wait_for_url("**order=title")
    titles = page.locator("tbody th a").all_inner_texts()
    assert titles == sorted(titles, key=str.lower)
    assert len(titles) == Tactic.objects.published().count()
    expect(page.locator('th[aria-sort="ascending"]')).to_have_count(1)
    context.close()
