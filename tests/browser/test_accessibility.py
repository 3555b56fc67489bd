"""Zero axe-core violations on the pages visitors use most."""

import json

import pytest

from sources.models import Source

from .conftest import AXE_JS

pytestmark = pytest.mark.browser

BACKLINKS = "backlinks-ai-search-citations"


def axe_violations(page):
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
            }));
        }"""
    )


def source_path():
    source = Source.objects.with_published_tactics().order_by("pk").first()
    return source.get_absolute_url()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/tactics/",
        "/tactics/?confidence=high&confidence=medium&order=title",
        f"/tactics/{BACKLINKS}/",
        "/tactics/keyword-stuffing/",
        "/tactics/?platform_grade=chatgpt&platform_direction=works_any&order=platform",
        "/tactics/?platform_confidence=high&impact=large",
        "source",
        "/sources/",
        "/methodology/",
        "/corrections/",
        "/no-such-page/",
    ],
)
def test_no_axe_violations(site, axe_page, path):
    if path == "source":
        path = source_path()
    response = axe_page.goto(site.url + path)
    assert response.status in (200, 404)
    violations = axe_violations(axe_page)
    assert violations == [], f"{path}:\n{json.dumps(violations, indent=2)}"


def test_narrow_screen_has_no_violations_either(site, axe_page):
    axe_page.set_viewport_size({"width": 360, "height": 800})
    axe_page.goto(f"{site.url}/tactics/{BACKLINKS}/")
    violations = axe_violations(axe_page)
    assert violations == [], json.dumps(violations, indent=2)
