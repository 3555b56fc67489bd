"""The evidence-gap map as a visitor reads it: each cell is the tactic page's own
per-platform grade and count, gaps are marked, drafts never appear, the picture and the
table say the same, and the most wanted experiments are what each tactic page says would
raise its grade."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring.models import PlatformGrade
from scoring.services import recompute_tactic, recompute_tactics
from tactics.choices import Confidence, Status
from tactics.models import Platform, Tactic
from tests.factories import (
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
    tactic_with_evidence,
)
from tests.tactics.html_tree import find, find_all, parse, text

pytestmark = pytest.mark.django_db

URL = "/evidence-gaps/"
SVG = "{http://www.w3.org/2000/svg}"
LAB = "GPT-4o answering over the top five Google results"


def _stance(tactic, position="improves", platforms=(), lab_engine=""):
    source = SourceFactory(platforms=list(platforms), lab_engine=lab_engine)
    return StanceFactory(tactic=tactic, source=source, position=position)


@pytest.fixture
def world():
    """Three platforms; a tactic tested live on two of them, with a lab study and a source
    naming no engine; one whose only source names no engine; one with no evidence; and a
    draft tested on the third platform, which must not show."""
    alpha = PlatformFactory(slug="alpha", name="Alpha", position=1)
    beta = PlatformFactory(slug="beta", name="Beta", position=2)
    gamma = PlatformFactory(slug="gamma", name="Gamma", position=3)
    tested = TacticFactory(question="Does a tested tactic work?")
    _stance(tested, platforms=[alpha])
    _stance(tested, platforms=[alpha])
    _stance(tested, "no_effect", platforms=[alpha, beta])
    _stance(tested, lab_engine=LAB)
    _stance(tested)
    hearsay = TacticFactory(question="Does a tactic nobody tested live work?")
    _stance(hearsay)
    bare = TacticFactory(question="Does a tactic without sources work?")
    draft = TacticFactory(question="Does a draft leak into the map?", status=Status.DRAFT)
    _stance(draft, platforms=[gamma])
    for tactic in (tested, hearsay, bare, draft):
        recompute_tactic(tactic.pk, reason="test")
        tactic.refresh_from_db()
    return {"tested": tested, "hearsay": hearsay, "bare": bare, "draft": draft}


def table_rows(tree):
    """{tactic url: {column label: (count, grade words, full words)}} from the table."""
    table = find(tree, "table", cls="gaps-table")
    rows = {}
    for tr in find_all(find(table, "tbody"), "tr"):
        url = find(find(tr, "th"), "a").attrs["href"]
        rows[url] = {
            td.attrs["data-label"]: (
                int(text(find(td, cls="gaps-table__count"))),
                text(find(td, cls="gaps-table__grade")).strip(),
                td.attrs["title"],
            )
            for td in find_all(tr, "td")
        }
    return rows


def column_labels(tree):
    table = find(tree, "table", cls="gaps-table")
    return [text(th).strip() for th in find_all(find(table, "thead"), "th")][1:]


def svg_of(content: bytes) -> ET.Element:
    match = re.search(rb'<svg class="gaps-heatmap__chart".*?</svg>', content, re.S)
    assert match, "no heatmap on the page"
    return ET.fromstring(match.group(0))  # noqa: S314 (our own page, not untrusted input)


def svg_rows(svg):
    """[(tactic url, [(count, hatched)])] in the order drawn."""
    rows = []
    for group in svg.iter(f"{SVG}g"):
        if group.get("class") != "gaps-heatmap__row":
            continue
        link = group.find(f"{SVG}a")
        cells = []
        for cell in group.iter(f"{SVG}g"):
            if "gaps-heatmap__cell" in (cell.get("class") or "").split():
                rect, label = cell.find(f"{SVG}rect"), cell.find(f"{SVG}text")
                cells.append((int(label.text), rect.get("fill") == "url(#gaps-hatch)"))
        rows.append((link.get("href"), cells))
    return rows


def test_each_cell_is_the_tactic_pages_platform_grade_and_count(client, world):
    tree = parse(client.get(URL).content)
    rows = table_rows(tree)
    tested = world["tested"]
    grades = {g.platform.slug: g for g in PlatformGrade.objects.filter(tactic=tested)}
    assert set(grades) == {"alpha", "beta"}
    cells = rows[tested.get_absolute_url()]
    for slug, name in (("alpha", "Alpha"), ("beta", "Beta")):
        count, grade, words = cells[name]
        assert count == grades[slug].live_sources_count
        assert grade.startswith(Confidence(grades[slug].confidence).label)
        # The platform's grade also counts the lab study: the tactic page's "Sources".
        assert grades[slug].sources_count == count + 1
        assert "graded with 1 lab study as well" in words
    assert cells["Alpha"][0] == 3 and cells["Beta"][0] == 1
    assert cells["All evidence"][0] == tested.sources_reviewed == 5
    assert cells["Lab studies only"][0] == 1
    assert cells["No engine named"][0] == 1
    # Evidence tied to no platform is not lost: the hearsay tactic has only that.
    hearsay = rows[world["hearsay"].get_absolute_url()]
    assert hearsay["No engine named"][0] == 1
    assert hearsay["All evidence"][0] == 1
    assert [hearsay[name][0] for name in ("Alpha", "Beta", "Gamma")] == [0, 0, 0]


def test_gaps_are_marked_in_the_picture_and_in_words(client, world):
    response = client.get(URL)
    tree = parse(response.content)
    rows = table_rows(tree)
    assert rows[world["tested"].get_absolute_url()]["Gamma"][:2] == (0, "no live test")
    bare = rows[world["bare"].get_absolute_url()]
    assert all(count == 0 for count, _, _ in bare.values())
    assert bare["All evidence"][1] == "none"
    for _url, cells in svg_rows(svg_of(response.content)):
        for count, hatched in cells:
            assert hatched == (count == 0)
    # A platform no published tactic was tested on is listed with every tactic untested.
    reach = find_all(tree, "li", cls="gaps-reach__item")
    gamma = next(item for item in reach if "Gamma" in text(item))
    assert "3 of 3 tactics untested" in text(gamma)
    assert "7 of 9 tactic and platform pairs have no live test" in text(tree)


def test_drafts_never_appear(client, world):
    content = client.get(URL).content.decode()
    draft = world["draft"]
    assert draft.question not in content
    assert draft.get_absolute_url() not in content
    assert len(table_rows(parse(content))) == 3


def test_the_picture_parses_and_carries_the_tables_numbers(client, world):
    response = client.get(URL)
    svg = svg_of(response.content)
    assert svg.find(f"{SVG}title").text
    assert "The same figures are in the table below" in svg.find(f"{SVG}desc").text
    tree = parse(response.content)
    labels = column_labels(tree)
    headers = [t.text for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert headers == labels
    table = table_rows(tree)
    drawn = svg_rows(svg)
    assert [url for url, _ in drawn] == list(table)
    for url, cells in drawn:
        assert [count for count, _ in cells] == [table[url][label][0] for label in labels]


def test_each_row_links_its_tactic_with_its_full_question(client, world):
    svg = svg_of(client.get(URL).content)
    links = {a.get("href"): a.find(f"{SVG}title").text for a in svg.iter(f"{SVG}a")}
    published = Tactic.objects.published()
    assert links == {t.get_absolute_url(): t.question for t in published}


def raise_sentence(client, tactic) -> str | None:
    """What the tactic page says would raise its grade."""
    tree = parse(client.get(tactic.get_absolute_url()).content)
    items = find_all(tree, cls="tactic-change__item--raise")
    if not items:
        return None
    return text(find(items[0], cls="tactic-change__evidence")).strip()


def wanted_items(tree):
    """{tactic url: (study sentence, whole item text)} in the page's order."""
    items = {}
    for li in find_all(tree, "li", cls="gaps-wanted__item"):
        url = find(find(li, cls="gaps-wanted__tactic"), "a").attrs["href"]
        items[url] = (text(find(li, cls="gaps-wanted__evidence")).strip(), text(li))
    return items


def test_most_wanted_experiments_are_what_the_tactic_pages_say(client, world):
    wanted = wanted_items(parse(client.get(URL).content))
    published = list(Tactic.objects.published())
    for tactic in published:
        sentence = raise_sentence(client, tactic)
        if sentence is None:
            assert tactic.get_absolute_url() not in wanted
        else:
            assert wanted[tactic.get_absolute_url()][0] == sentence
    assert wanted, "some tactic could be raised by a new study"
    tested = world["tested"]
    target = Confidence(tested.assessment.would_raise.to_confidence).label.lower()
    assert f"{target} confidence" in wanted[tested.get_absolute_url()][1]


def test_most_wanted_are_ranked_by_what_the_grade_would_gain(client, world):
    wanted = wanted_items(parse(client.get(URL).content))
    by_url = {t.get_absolute_url(): t for t in Tactic.objects.published()}
    order = {level: n for n, level in enumerate(Confidence.values)}
    gains = []
    for url in wanted:
        tactic = by_url[url]
        change = tactic.assessment.would_raise
        gains.append(order[change.to_confidence] - order[tactic.confidence])
    assert gains == sorted(gains, reverse=True)


def test_the_page_says_which_platforms_a_study_may_use(client, world):
    wanted = wanted_items(parse(client.get(URL).content))
    tested = world["tested"]
    study = tested.assessment.would_raise.study
    item = wanted[tested.get_absolute_url()][1]
    if study.startswith("one-covered"):
        assert "Platforms it already covers: Alpha and Beta." in item
    else:
        assert "Platforms not covered yet: Gamma." in item


def test_the_page_is_tagged_for_the_cache_with_the_tactic_list(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.cache_tags == {"tactic-list"}
    assert reverse("overview:gaps") == URL


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured.captured_queries)


def test_the_query_count_does_not_grow_with_the_tactics(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    platforms = [PlatformFactory(slug=f"p{n}", name=f"P{n}", position=n) for n in range(3)]
    ids = [
        tactic_with_evidence(supporting=2, contradicting=1, platforms=platforms[: 1 + n % 3]).pk
        for n in range(5)
    ]
    recompute_tactics(ids)
    few = _queries(client)
    ids += [
        tactic_with_evidence(supporting=2, contradicting=1, platforms=platforms[: 1 + n % 3]).pk
        for n in range(45)
    ]
    recompute_tactics(ids)
    assert len(table_rows(parse(client.get(URL).content))) == 50
    assert _queries(client) == few <= 4


def test_an_empty_site_says_so(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "No tactic has been published yet" in response.content.decode()


def test_platforms_are_columns_in_the_sites_order(client, world):
    Platform.objects.filter(slug="gamma").update(position=0)
    labels = column_labels(parse(client.get(URL).content))
    assert labels == [
        "All evidence",
        "Gamma",
        "Alpha",
        "Beta",
        "Lab studies only",
        "No engine named",
    ]
