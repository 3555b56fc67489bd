"""Invalidation by tag: after every kind of change, every page equals a fresh render (never
stale), the pages that show the change are re-rendered, and the others stay cached.

These tests commit for real (transactional): invalidation runs on commit, as in production.
"""

import pytest
from django.urls import reverse

from sources.choices import Position
from tactics.choices import Status
from tests.factories import (
    ImplementationStepFactory,
    KeyFindingFactory,
    PlatformFactory,
    StanceFactory,
    TacticFAQFactory,
    tactic_with_evidence,
)
from web import page_cache

pytestmark = pytest.mark.django_db(transaction=True)

STATE = page_cache.HEADER
LISTS = {"list", "home", "llms_txt", "feed", "sitemap"}
EVERY_PAGE = {
    "detail",
    "neighbour",
    "stranger",
    "source",
    "other_source",
    "sources:list",
    *LISTS,
}


class World:
    """A tactic, a neighbour in its category (each shows the other as a related card) and a
    stranger in another category sharing nothing with them."""

    def __init__(self):
        platform = PlatformFactory(slug="perplexity", name="Perplexity")
        self.tactic = tactic_with_evidence(
            supporting=2, contradicting=1, platforms=[platform], slug="statistics"
        )
        self.neighbour = tactic_with_evidence(
            supporting=1, contradicting=0, platforms=[platform], category=self.tactic.category
        )
        self.stranger = tactic_with_evidence(supporting=1, contradicting=0, platforms=[platform])
        # The grades were written on commit, after these objects were made: as the admin
        # would, start from what is stored.
        for tactic in (self.tactic, self.neighbour, self.stranger):
            tactic.refresh_from_db()
        self.edited_stance = self.tactic.stances.get(position=Position.NO_EFFECT)
        self.kept_stance, self.other_stance = self.tactic.stances.filter(
            position=Position.IMPROVES
        ).order_by("pk")

    def urls(self):
        return {
            "detail": self.tactic.get_absolute_url(),
            "neighbour": self.neighbour.get_absolute_url(),
            "stranger": self.stranger.get_absolute_url(),
            "source": self.edited_stance.source.get_absolute_url(),
            "other_source": self.kept_stance.source.get_absolute_url(),
            "list": reverse("tactics:list"),
            "home": reverse("home"),
            "llms_txt": reverse("llms_txt"),
            "feed": reverse("feed"),
            "sitemap": reverse("sitemap"),
            "sources:list": reverse("sources:list"),
        }


def _rename_question(w):
    w.tactic.question = "Does a renamed question show at once?"
    w.tactic.save()


def _edit_body(w):
    w.tactic.body = "## What changed?\n\nA rewritten paragraph."
    w.tactic.save()


def _edit_finding(w):
    w.edited_stance.finding = "A contradicting finding, rewritten."
    w.edited_stance.save()


def _rename_source(w):
    source = w.edited_stance.source
    source.title = "A renamed study"
    source.save()


def _rename_organisation(w):
    organisation = w.edited_stance.source.organisation
    organisation.name = "A renamed lab"
    organisation.save()


def _unpublish(w):
    w.tactic.status = Status.DRAFT
    w.tactic.save()


def _rescore(w):
    # What the scoring engine does: save(update_fields=...) on the evidence fields.
    w.tactic.improves_count = 41
    w.tactic.save(update_fields=["improves_count"])


def _rename_category(w):
    w.tactic.category.name = "Renamed category"
    w.tactic.category.save()


def _rename_platform(w):
    platform = w.edited_stance.source.platforms.first()
    platform.name = "Perplexity Pro"
    platform.save()


# change: (what it does, the pages that show it). A page outside the set must stay cached.
WHOLE_NEIGHBOURHOOD = EVERY_PAGE - {"stranger"}
CHANGES = {
    "question": (_rename_question, WHOLE_NEIGHBOURHOOD - {"sources:list"}),
    "body": (_edit_body, {"detail", "sitemap", "feed"}),
    "stance finding": (_edit_finding, {"detail", "source"}),
    "stance deleted": (lambda w: w.other_stance.delete(), WHOLE_NEIGHBOURHOOD),
    "stance added": (
        lambda w: StanceFactory(tactic=w.tactic, position=Position.NO_EFFECT),
        WHOLE_NEIGHBOURHOOD,
    ),
    "evidence fields": (_rescore, WHOLE_NEIGHBOURHOOD - {"sources:list"}),
    "source title": (_rename_source, {"detail", "source", "sources:list", "home", "sitemap"}),
    "organisation": (_rename_organisation, {"detail", "source", "sources:list", "home", "sitemap"}),
    "unpublished": (_unpublish, WHOLE_NEIGHBOURHOOD),
    "category": (_rename_category, EVERY_PAGE),
    "platform": (_rename_platform, EVERY_PAGE),
    "key finding": (lambda w: KeyFindingFactory(tactic=w.tactic, text="New."), {"detail"}),
    "implementation step": (
        lambda w: ImplementationStepFactory(tactic=w.tactic, text="A new step."),
        {"detail"},
    ),
    "FAQ": (lambda w: TacticFAQFactory(tactic=w.tactic, question="A new question?"), {"detail"}),
    "editor's related pick": (lambda w: w.tactic.related_tactics.add(w.stranger), {"detail"}),
}


def fresh_render(client, settings, url):
    """What the page says when nothing is cached: the truth to compare a cached page with."""
    settings.PAGE_CACHE_ENABLED = False
    try:
        return client.get(url)
    finally:
        settings.PAGE_CACHE_ENABLED = True


@pytest.mark.parametrize("change_name", CHANGES)
def test_a_change_refreshes_exactly_the_pages_that_show_it(client, settings, change_name):
    change, affected = CHANGES[change_name]
    world = World()
    urls = world.urls()
    for url in urls.values():
        client.get(url)
        assert client.get(url)[STATE] == "hit"

    change(world)

    states = {}
    for page, url in urls.items():
        after = client.get(url)
        states[page] = after.get(STATE)
        fresh = fresh_render(client, settings, url)
        assert after.status_code == fresh.status_code, page
        if fresh.status_code == 200:
            assert after.content == fresh.content, f"{page} is stale after: {change_name}"
    expected = {page: "miss" if page in affected else "hit" for page in urls}
    if change_name == "unpublished":
        # Now 404s, which never touch the cache: the sources backed only this tactic.
        expected.update(detail=None, source=None, other_source=None)
    assert states == expected


def test_a_grade_change_leaves_the_category_pages_that_do_not_show_its_card_cached(
    client, settings
):
    """Issue 10's edit storm: related cards rank on shared sources and category, not on
    grades, so a tactic's new grade re-renders its own page and the pages that show its
    card, not every page of its category."""
    platform = PlatformFactory(slug="perplexity", name="Perplexity")
    first = tactic_with_evidence(supporting=1, contradicting=0, platforms=[platform])
    crowd = [first] + [
        tactic_with_evidence(
            supporting=1, contradicting=0, platforms=[platform], category=first.category
        )
        for _ in range(5)
    ]
    # Four cards per page, ties to the older tactic: the youngest shows on no page.
    edited = crowd[-1]
    first.refresh_from_db()
    pages = {tactic.pk: tactic.get_absolute_url() for tactic in crowd}
    for url in pages.values():
        client.get(url)
        assert client.get(url)[STATE] == "hit"

    # Its grade rises above the others': a ranking that read grades would now show it.
    StanceFactory(tactic=edited, position=Position.IMPROVES)
    edited.refresh_from_db()
    assert edited.evidence_score > first.evidence_score

    for pk, url in pages.items():
        after = client.get(url)
        fresh = fresh_render(client, settings, url)
        assert after.content == fresh.content, f"tactic {pk} is stale"
        assert after[STATE] == ("miss" if pk == edited.pk else "hit"), pk
