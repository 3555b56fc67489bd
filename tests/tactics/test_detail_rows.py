"""What each numbered source on the tactic page says: its platforms, date, link and reasons.

The page works these out once per row (tactics/detail_context.py) rather than in the
templates, and some of them for the whole list at once: each source must still get its
own values.
"""

import datetime

import pytest
from django.core.cache import cache

from scoring.services import recompute_tactic
from sources.choices import Position
from tests.factories import PlatformFactory, SourceFactory, StanceFactory, TacticFactory
from tests.tactics.html_tree import find, find_all, parse, text

pytestmark = pytest.mark.django_db


def page(client, tactic):
    cache.clear()
    response = client.get(tactic.get_absolute_url())
    assert response.status_code == 200
    return parse(response.content)


def source_item(tree, title):
    [item] = [
        item
        for item in find_all(tree, "li", cls="tactic-source")
        if text(find(item, cls="tactic-source__title")) == title
    ]
    return item


@pytest.fixture
def tactic():
    # Linked in the opposite order to the site's: the page must follow the site's order.
    late = PlatformFactory(slug="late", name="Aardvark Search", position=2)
    early = PlatformFactory(slug="early", name="Zebra Chat", position=1)
    tactic = TacticFactory()
    for title, published, platforms, position in (
        ("March study one", datetime.date(2025, 3, 4), [late, early], Position.IMPROVES),
        ("March study two", datetime.date(2025, 3, 28), [late], Position.IMPROVES),
        ("June study", datetime.date(2025, 6, 1), [], Position.NO_EFFECT),
        ("Undated study", None, [early], Position.WORSENS),
    ):
        source = SourceFactory(title=title, published_on=published, platforms=platforms)
        StanceFactory(tactic=tactic, source=source, position=position)
    recompute_tactic(tactic.pk, reason="test")
    return tactic


def test_each_source_lists_its_platforms_in_the_sites_order(client, tactic):
    tree = page(client, tactic)
    platforms = {
        title: text(find(source_item(tree, title), "span", cls="tactic-source__platforms"))
        for title in ("March study one", "March study two", "Undated study")
    }
    assert platforms == {
        "March study one": "tested live on Zebra Chat, Aardvark Search",
        "March study two": "tested live on Aardvark Search",
        "Undated study": "tested live on Zebra Chat",
    }
    assert not find_all(source_item(tree, "June study"), "span", cls="tactic-source__platforms")


def test_each_source_shows_its_own_month_and_links_to_its_own_page(client, tactic):
    tree = page(client, tactic)
    dates = {}
    for title, pk in tactic.stances.values_list("source__title", "source__pk"):
        item = source_item(tree, title)
        assert find(item, "a", cls="tactic-source__more").attrs["href"] == f"/sources/{pk}/"
        times = find_all(item, "time")
        dates[title] = (times[0].attrs["datetime"], text(times[0])) if times else None
    assert dates == {
        "March study one": ("2025-03-04", "Mar 2025"),
        "March study two": ("2025-03-28", "Mar 2025"),
        "June study": ("2025-06-01", "Jun 2025"),
        "Undated study": None,
    }


def test_each_reason_of_the_score_table_stands_on_its_own(client, tactic):
    tactic.refresh_from_db()
    expected = {
        contribution.stance_id: list(contribution.reasons)
        for contribution in tactic.assessment.contributions
    }
    titles = dict(tactic.stances.values_list("pk", "source__title"))
    tree = page(client, tactic)
    rows = find_all(tree, "tr", cls="tactic-why__row--source")
    assert len(rows) == len(expected) == 4
    printed = {}
    for row in rows:
        cell = find(row, "td", cls="tactic-why__reasons-cell")
        reasons = [text(span) for span in find_all(cell, "span", cls="tactic-why__reason")]
        assert text(cell) == "; ".join(reasons)
        title = text(find(row, "th")).split("] ", 1)[1].split(" (", 1)[0]
        printed[title] = reasons
    assert printed == {titles[stance_id]: reasons for stance_id, reasons in expected.items()}
    assert all(printed.values()), "every source that counts says why"
