"""Atom feeds of grade changes: site-wide (/changes/feed.atom) and per tactic
(/changes/<slug>.atom), built on scoring/changes.py.

Each entry is one ScoreSnapshot of a published tactic: the grade before and after, and
why. A snapshot still inside its merge window (SCORE_SNAPSHOT_MINUTES) can gain reasons
and move its grade; it keeps its id and its <published> (when the window opened), and its
<updated> moves to the merge, which is what tells a reader to replace the text it holds
(Atom: same id, later updated). The feed's own <updated> is its newest entry's.

Page cache: the per-tactic feed shows one tactic, so it carries `tactic:<id>`, which every
write of that tactic's grade or snapshots bumps. The site-wide feed carries `tactic-list`:
a snapshot is written only when a score or confidence changes, and those are card fields,
as are the question, slug and status it prints. It shows no tactic dates, so it does not
carry `tactic-dates` (which every edit of a published tactic's text bumps).
"""

import uuid

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from scoring.changes import ANCHOR, grade_changes, recent_grade_changes
from tactics.models import Tactic
from web.page_cache import tag_response

FEED_SIZE = 30
# Entry ids are URNs made from the snapshot's id: stable across slug renames and host
# names, unique per snapshot, and valid Atom ids (an IRI, unlike a bare "change-12").
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, f"{settings.SITE_NAME}/grade-changes")


class _GradeChangesFeed(Feed):
    feed_type = Atom1Feed
    author_name = settings.SITE_NAME  # Atom wants an author; entries carry none

    def item_description(self, change):
        # Atom summaries are read as HTML: escape what editors and researchers typed.
        return escape(change.summary)

    def item_link(self, change):
        return change.link

    def item_guid(self, change):
        return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, str(change.snapshot_id))}"

    def item_pubdate(self, change):
        return change.at

    def item_updateddate(self, change):
        # Django takes the feed's <updated> from the latest of these, so a merge moves it.
        return change.updated_at


class RecentGradeChangesFeed(_GradeChangesFeed):
    title = f"{settings.SITE_NAME}: grade changes"
    subtitle = "Every change of a tactic's evidence grade, what it was before and why."
    link = reverse_lazy("tactics:list")
    feed_url = reverse_lazy("changes:feed")

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        return tag_response(response, "tactic-list")

    def items(self):
        return recent_grade_changes(FEED_SIZE)

    def item_title(self, change):
        return f"{change.tactic.question} {change.headline}"


class TacticGradeChangesFeed(_GradeChangesFeed):
    """One published tactic's grade changes; a draft or an unknown slug is a 404."""

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        return tag_response(response, f"tactic:{request.grade_feed_tactic_id}")

    def get_object(self, request, slug):
        tactic = get_object_or_404(Tactic.objects.published(), slug=slug)
        # The view's tag needs the tactic; the request is per call, the feed is shared.
        request.grade_feed_tactic_id = tactic.pk
        return tactic

    def title(self, tactic):
        return f"{settings.SITE_NAME}: grade changes of “{tactic.question}”"

    def subtitle(self, tactic):
        return "Each change of this tactic's evidence grade, what it was before and why."

    def link(self, tactic):
        return f"{tactic.get_absolute_url()}#{ANCHOR}"

    def feed_url(self, tactic):
        return reverse("changes:tactic_feed", kwargs={"slug": tactic.slug})

    def items(self, tactic):
        return grade_changes(tactic, FEED_SIZE)

    def item_title(self, change):
        return change.headline
