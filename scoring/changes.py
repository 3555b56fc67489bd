"""Grade changes as a visitor reads them: each ScoreSnapshot beside the one before it.

A snapshot records the grade after a change (scoring/services.py writes it, merging the
saves of one SCORE_SNAPSHOT_MINUTES window into one snapshot with their reasons combined),
so "before" is the previous snapshot of the same tactic, and a tactic's first snapshot
reads as "first graded". The previous grade comes from a window function over the
tactic's own snapshots, in the same query as the snapshots themselves: one query for a
tactic's list or for the site-wide feed, however long the history.

Read by the tactic page's "What changed" list (templates/scoring/_what_changed.html) and
the Atom feeds (scoring/feeds.py).
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import F, Window
from django.db.models.functions import Lag
from django.urls import reverse

from scoring.models import ScoreSnapshot
from scoring.reasons import GENERIC
from scoring.rubric import MAX_SCORE
from tactics.choices import Confidence, Direction
from tactics.models import Tactic

ANCHOR = "what-changed"
PAGE_SIZE = 10  # changes listed on the tactic page; the feed keeps the rest
_CONFIDENCE_ORDER = list(Confidence.values)
_COLUMNS = ("score", "confidence", "direction")
_TENTH = Decimal("0.1")  # ScoreSnapshot.score's precision


def _label(choices, value: str) -> str:
    # A value no longer among the choices still reads as something, never as an error.
    return choices(value).label.lower() if value in choices.values else str(value)


@dataclass(frozen=True, slots=True)
class Grade:
    score: Decimal
    confidence: str
    direction: str

    @property
    def confidence_words(self) -> str:
        return _label(Confidence, self.confidence)

    @property
    def direction_words(self) -> str:
        return _label(Direction, self.direction)

    def __str__(self):
        return f"{self.score}/{MAX_SCORE}, {self.confidence_words} confidence"


@dataclass(frozen=True, slots=True)
class GradeChange:
    """One snapshot with the grade before it (None: the tactic's first grade). `at` is
    when its merge window opened, `updated_at` when a change last merged into it."""

    snapshot_id: int
    tactic: Tactic
    at: datetime
    updated_at: datetime
    before: Grade | None
    after: Grade
    reason: str

    @property
    def first(self) -> bool:
        return self.before is None

    @property
    def score_words(self) -> str:
        after = f"{self.after.score} out of {MAX_SCORE}"
        if self.before is None:
            return f"First graded: {after}"
        if self.after.score == self.before.score:
            return f"Score unchanged at {after}"
        way = "up" if self.after.score > self.before.score else "down"
        return f"Score {way} from {self.before.score} to {after}"

    @property
    def confidence_words(self) -> str:
        now = self.after.confidence_words
        if self.before is None:
            return f"{now} confidence"
        was = self.before.confidence_words
        if self.before.confidence == self.after.confidence:
            return f"confidence still {now}"
        way = (
            "raised" if _rank(self.after.confidence) > _rank(self.before.confidence) else "lowered"
        )
        return f"confidence {way} from {was} to {now}"

    @property
    def direction_words(self) -> str:
        now = self.after.direction_words
        if self.before is None or self.before.direction == self.after.direction:
            return f"The evidence says: {now}"
        return f"The evidence now says: {now} (was: {self.before.direction_words})"

    @property
    def headline(self) -> str:
        """'Score up from 12.0 to 14.5 out of 35, confidence raised from low to medium'."""
        return f"{self.score_words}, {self.confidence_words}"

    @property
    def summary(self) -> str:
        """The whole change in plain text: headline, direction and why."""
        return f"{self.headline}. {self.direction_words}. Why: {self.reason}."

    @property
    def link(self) -> str:
        return f"{self.tactic.get_absolute_url()}#{ANCHOR}"


def _rank(confidence: str) -> int:
    return _CONFIDENCE_ORDER.index(confidence) if confidence in _CONFIDENCE_ORDER else -1


def _with_previous(snapshots):
    """Each snapshot annotated with the grade of the tactic's snapshot before it. The
    window runs over the whole partition before any slice: the oldest listed change still
    knows its "before"."""
    order = [F("computed_at").asc(), F("pk").asc()]
    return snapshots.annotate(
        **{
            f"previous_{name}": Window(Lag(name), partition_by=[F("tactic_id")], order_by=order)
            for name in _COLUMNS
        }
    ).order_by("-computed_at", "-pk")


def _change(snapshot, tactic) -> GradeChange:
    before = None
    if snapshot.previous_score is not None:
        before = Grade(
            # SQLite hands the window's value back as a bare number ("8", not "8.0").
            Decimal(str(snapshot.previous_score)).quantize(_TENTH),
            snapshot.previous_confidence,
            snapshot.previous_direction,
        )
    return GradeChange(
        snapshot_id=snapshot.pk,
        tactic=tactic,
        at=snapshot.computed_at,
        updated_at=snapshot.updated_at,
        before=before,
        after=Grade(snapshot.score, snapshot.confidence, snapshot.direction),
        reason=(snapshot.reason or GENERIC).rstrip("."),
    )


def grade_changes(tactic: Tactic, limit: int = PAGE_SIZE) -> list[GradeChange]:
    """The tactic's grade changes, newest first, at most `limit`: one query.

    Whether the tactic is published is the caller's business (a draft's preview shows its
    own history); the feeds only pass published tactics.
    """
    snapshots = ScoreSnapshot.objects.filter(tactic_id=tactic.pk).defer(
        "improves_count", "no_effect_count", "worsens_count", "mixed_count"
    )
    return [_change(snapshot, tactic) for snapshot in _with_previous(snapshots)[:limit]]


def recent_grade_changes(limit: int) -> list[GradeChange]:
    """The newest grade changes of every published tactic, newest first: one query.

    A draft's snapshots never appear; a draft published later brings its history with it,
    since what counts is the tactic's status now.
    """
    snapshots = (
        ScoreSnapshot.objects.filter(tactic__in=Tactic.objects.published())
        .select_related("tactic")
        .only(*_COLUMNS, "computed_at", "updated_at", "reason", "tactic__question", "tactic__slug")
    )
    return [_change(snapshot, snapshot.tactic) for snapshot in _with_previous(snapshots)[:limit]]


@dataclass(frozen=True, slots=True)
class WhatChanged:
    """The tactic page's "What changed" section: its changes, and its feed when public."""

    changes: list[GradeChange]
    feed_url: str | None
    anchor: str = ANCHOR


def what_changed(tactic: Tactic, limit: int = PAGE_SIZE) -> WhatChanged:
    """Context for templates/scoring/_what_changed.html: one query. A draft has no feed
    (it would be a 404), so its preview links to none."""
    feed_url = None
    if tactic.is_published:
        feed_url = reverse("changes:tactic_feed", kwargs={"slug": tactic.slug})
    return WhatChanged(grade_changes(tactic, limit), feed_url)
