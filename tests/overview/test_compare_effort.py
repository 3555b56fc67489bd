"""Effort, the third axis: its levels defined on the methodology page, the box the tactic
page includes, and the demo's editorial judgements, shown on the compare page."""

import re

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse

from tactics.choices import Effort, Status
from tactics.demo.loader import TACTICS, load_demo_data
from tactics.models import Tactic
from tactics.texts import EFFORT_LEVELS, effort_level

from .test_compare_support import SVG, URL, chart_of, rows_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [Effort.TEMPLATE, Effort.PROJECT, Effort.PROGRAMME])
def test_the_effort_box_names_the_level_its_time_and_that_editors_set_it(value):
    html = render_to_string("overview/_effort.html", {"effort": effort_level(value)})
    level = effort_level(value)
    assert f">{level.label}</strong>" in html
    assert level.time.capitalize() in html
    assert "Set by our editors, not part of the evidence grade" in html
    assert f'href="{reverse("scoring:methodology")}#effort-heading"' in html
    assert "tactic-grade__item" in html  # drawn like the impact and confidence boxes


def test_an_unrated_effort_says_so_in_words():
    html = render_to_string("overview/_effort.html", {"effort": effort_level("")})
    assert ">Not rated yet</strong>" in html
    assert "An editor has not yet judged what it takes." in html
    assert "hours" not in html and "months" not in html


def test_the_methodology_page_defines_every_level_and_who_sets_it(client):
    html = client.get(reverse("scoring:methodology")).content.decode()
    section = html[html.index('id="effort-heading"') :]
    section = section[: section.index("</section>")]
    for level in EFFORT_LEVELS:
        assert f"<dt>{level.label}: {level.time}</dt>" in section
        assert f"<dd>{level.meaning}</dd>" in section
    assert "hours of work, done once" in section
    assert "days to weeks of work" in section
    assert "months of continuing work" in section
    assert "set by the site's editors, not by the scoring engine" in section
    assert "not part of the evidence grade" in section


# Editorial judgements on what each demo tactic is: a change to one template or file, a
# piece of work with an end, or work that only pays while it continues.
EXPECTED_EFFORT = {
    "schema-markup-json-ld": Effort.TEMPLATE,
    "llms-txt": Effort.TEMPLATE,
    "semantic-html": Effort.TEMPLATE,
    "backlinks-ai-search-citations": Effort.PROGRAMME,
    "reddit-wikipedia-presence": Effort.PROGRAMME,
    "earned-media-brand-mentions": Effort.PROGRAMME,
    "rank-well-in-classic-search": Effort.PROGRAMME,
    "content-freshness-visible-dates": Effort.PROGRAMME,
    "add-statistics": Effort.PROJECT,
}


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    # The grades (and platform grades) are computed when the load commits.
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_data()
    cache.clear()
    yield
    cache.clear()


def test_every_demo_tactic_has_a_sensible_effort(demo):
    efforts = dict(Tactic.objects.values_list("slug", "effort"))
    assert set(efforts) == {data["slug"] for data in TACTICS}
    assert all(efforts.values()), "every demo tactic is rated"
    for slug, effort in EXPECTED_EFFORT.items():
        assert efforts[slug] == effort, slug
    assert set(efforts.values()) == set(Effort.values) - {Effort.UNRATED}


def test_the_compare_page_renders_from_the_demo_data(client, demo):
    published = Tactic.objects.published()
    assert published.count() == 13
    html = client.get(URL).content.decode()
    assert sorted(rows_of(html)) == sorted(published.values_list("slug", flat=True))
    for slug in Tactic.objects.filter(status=Status.DRAFT).values_list("slug", flat=True):
        assert f'data-slug="{slug}"' not in html
    chart = chart_of(html)
    assert len(list(chart.iter(f"{SVG}a"))) == 13
    # Each row's score, confidence and effort are the tactic's own.
    for tactic in published:
        row = re.search(rf'data-slug="{tactic.slug}">(.*?)</tr>', html, re.S).group(1)
        assert f'<td data-col="score" class="num">{tactic.evidence_score}/35</td>' in row
        assert f'<td data-col="confidence">{tactic.get_confidence_display()}</td>' in row
        assert f'<td data-col="effort">{tactic.get_effort_display()}</td>' in row
    # Platforms with a demo grade get a column; the chart's legend names every effort.
    assert ">ChatGPT" in html and ">Perplexity" in html
    for level in EFFORT_LEVELS:
        assert level.label in html
