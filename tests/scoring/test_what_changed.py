"""The tactic page's "What changed" list: each grade change beside the one before it, in
words, newest first, for one query however long the history."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from scoring.changes import grade_changes, what_changed
from scoring.models import ScoreSnapshot
from tactics.choices import Status
from tests.factories import TacticFactory
from tests.tactics.html_tree import find, find_all, parse, text

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def snapshot(tactic, days, score, confidence, direction="leans_works", reason="Evidence changed"):
    return ScoreSnapshot.objects.create(
        tactic=tactic,
        score=Decimal(score),
        confidence=confidence,
        direction=direction,
        computed_at=START + datetime.timedelta(days=days),
        reason=reason,
    )


@pytest.fixture
def history():
    tactic = TacticFactory(slug="statistics")
    snapshot(tactic, 0, "8.0", "low", "mixed", "Added: Ahrefs, 75,000 brands (found it helps)")
    snapshot(
        tactic, 5, "14.5", "medium", reason="Added: Princeton, 10,000 queries (found it helps)"
    )
    snapshot(tactic, 9, "11.0", "medium", reason="Withdrawn: Ahrefs (see the corrections log)")
    return tactic


def test_changes_read_newest_first_with_the_grade_before_each(history):
    changes = grade_changes(history)
    assert [c.headline for c in changes] == [
        "Score down from 14.5 to 11.0 out of 35, confidence still medium",
        "Score up from 8.0 to 14.5 out of 35, confidence raised from low to medium",
        "First graded: 8.0 out of 35, low confidence",
    ]
    assert changes[1].direction_words == "The evidence now says: probably works (was: mixed)"
    assert changes[0].direction_words == "The evidence says: probably works"
    assert changes[0].reason == "Withdrawn: Ahrefs (see the corrections log)"
    assert changes[2].first and not changes[0].first


def test_a_shortened_list_still_knows_the_grade_before_its_oldest_change(history):
    [newest, older] = grade_changes(history, limit=2)
    assert older.before is not None and older.before.score == Decimal("8.0")
    assert not older.first


def test_the_list_costs_one_query_however_long_the_history(history, django_assert_num_queries):
    for day in range(10, 60):
        snapshot(history, day, f"{day % 30}.0", "low")
    with django_assert_num_queries(1):
        changes = grade_changes(history, limit=40)
        assert all(change.before for change in changes)  # no lazy look-up per row


def test_other_tactics_histories_stay_out(history):
    other = TacticFactory()
    snapshot(other, 7, "30.0", "high", reason="Someone else's change")
    assert all("Someone else" not in c.reason for c in grade_changes(history))
    assert grade_changes(other)[0].first


def render(tactic):
    return parse(
        render_to_string("scoring/_what_changed.html", {"what_changed": what_changed(tactic)})
    )


def test_the_section_lists_each_change_in_words_with_its_date(history):
    tree = render(history)
    section = find(tree, "section", cls="what-changed")
    assert section.attrs["id"] == "what-changed"
    heading = find(section, "h2")
    assert text(heading) == "What changed"
    assert section.attrs["aria-labelledby"] == heading.attrs["id"]
    items = find_all(section, "li", cls="what-changed__item")
    assert len(items) == 3
    newest = text(items[0])
    assert newest.startswith("11 Mar 2026: Score down from 14.5 to 11.0 out of 35")
    assert "Why: Withdrawn: Ahrefs (see the corrections log)." in newest
    assert find(items[0], "time").attrs["datetime"] == "2026-03-11T09:00:00+0000"
    assert "First graded: 8.0 out of 35, low confidence" in text(items[2])


def test_the_section_links_to_the_tactics_own_feed(history):
    feed = reverse("changes:tactic_feed", kwargs={"slug": "statistics"})
    assert feed == "/changes/statistics.atom"
    link = find(render(history), "a", href=feed)
    assert link.attrs["type"] == "application/atom+xml"
    assert text(link) == "Follow this tactic's grade changes"


def test_a_draft_preview_links_to_no_feed(history):
    history.status = Status.DRAFT
    history.save()
    tree = render(history)
    assert find_all(tree, "li", cls="what-changed__item")  # the editor still sees the list
    assert not [a for a in find_all(tree, "a") if ".atom" in a.attrs.get("href", "")]


def test_an_ungraded_tactic_says_so():
    tree = render(TacticFactory())
    assert not find_all(tree, "li")
    assert "has not been graded yet" in text(find(tree, "section"))
