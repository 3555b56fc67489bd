"""The evidence-gap map in a browser: no axe violations, no horizontal scroll on a 360 px
phone or a 1280 px desktop (the heatmap scales inside its own box), and everything there
without JavaScript, down to following a tactic from the heatmap."""

import json
import re

import pytest

from tactics.models import Tactic

from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

URL = "/evidence-gaps/"
OVERFLOW = """() => [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5).map(el => el.tagName + '.' + el.className)"""


@pytest.mark.parametrize("width", [360, 1280])
def test_no_axe_violations(site, axe_page, width):
    axe_page.set_viewport_size({"width": width, "height": 900})
    response = axe_page.goto(site.url + URL)
    assert response.status == 200
    violations = axe_violations(axe_page)
    assert violations == [], f"{width}px:\n{json.dumps(violations, indent=2)}"


@pytest.mark.parametrize("width", [360, 1280])
def test_no_horizontal_scroll(site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site.url + URL)
    page.wait_for_load_state("load")
    heatmap = page.locator("svg.gaps-heatmap__chart")
    expect(heatmap).to_be_visible()
    box = heatmap.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    overflow = page.evaluate(OVERFLOW)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"wider than {width}px: {overflow}"
    )


def test_without_javascript_a_visitor_follows_a_tactic_from_the_heatmap(site, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        page.goto(site.url + URL)
        published = Tactic.objects.published().count()
        expect(page.locator(".gaps-heatmap__row")).to_have_count(published)
        expect(page.locator("table.gaps-table tbody tr")).to_have_count(published)
        expect(page.locator(".gaps-wanted__item").first).to_be_visible()
        # The platform lists open without a script (details/summary).
        page.locator(".gaps-reach__item summary").first.click()
        expect(page.locator(".gaps-reach__item details ul a").first).to_be_visible()
        link = page.locator(".gaps-heatmap__row a").first
        href = link.get_attribute("href")
        link.click()
        page.wait_for_url(re.compile(re.escape(href) + "$"))
        expect(page.locator("h1")).to_have_count(1)
    finally:
        context.close()
