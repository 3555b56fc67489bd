"""The dataset page and a source page with its citation links: no axe violation, and no
horizontal scroll on a 360 px phone or at 1280 px."""

import json

import pytest

from sources.models import Source

from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [360, 1280])
def test_dataset_and_source_pages_pass_axe_without_horizontal_scroll(site, axe_page, width):
    axe_page.set_viewport_size({"width": width, "height": 800})
    source = Source.objects.with_published_tactics().order_by("pk").first()
    for path in ("/data/", source.get_absolute_url()):
        response = axe_page.goto(site.url + path)
        assert response.status == 200
        assert no_horizontal_scroll(axe_page), f"{path} scrolls sideways at {width} px"
        violations = axe_violations(axe_page)
        assert violations == [], f"{path}:\n{json.dumps(violations, indent=2)}"
    assert axe_page.get_by_role("link", name="BibTeX").count() == 1
