"""Has a tactic's evidence moved since an editor last reviewed its page?

`since_review()` is a plain function of the review date, the stance history and the score
history: it compares the evidence as it stood at the end of the review day with the
evidence now, stance by stance, so a stance added and withdrawn again in between, or
a save that changed nothing a reader sees (a second researcher's check), is no change.
`last_reviewed` is a date, so the comparison is by day: whatever changed on the day of
the review counts as seen by it (a review time would need a model change).

The loaders around it read the history in a fixed number of queries: one for the
public page (`public_review`), three for the whole review queue (`review_queue`).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Subquery
from django.utils import timezone

from scoring.models import ScoreSnapshot
from sources.models import Stance
from tactics.choices import Confidence, Status
from tactics.grammar import count_noun, join_words
from tactics.models import Tactic

# What a reader of the page would call the same stance: not who checked it, or when.
_EVIDENCE = ("position", "directness", "finding")
_VERSION_COLUMNS = (
    "id",
    "history_date",
    "history_type",
    "tactic_id",
    "withdrawn_at",
    "source__title",
    *_EVIDENCE,
)


@dataclass(frozen=True)
class StanceVersion:
    """One row of a stance's history, as plain values."""

    stance_id: int
    on: datetime.date
    kind: str  # "+" added, "~" changed, "-" deleted
    tactic_id: int
    withdrawn: bool
    source_title: str
    evidence: tuple


@dataclass(frozen=True)
class Grade:
    on: datetime.date | None
    score: Decimal
    confidence: str

    def __str__(self):
        return f"{self.score:.1f} {Confidence(self.confidence).label}"


@dataclass
class SinceReview:
    """What changed in a tactic's evidence after the day it was last reviewed."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    grade_before: Grade | None = None
    grade_now: Grade | None = None
    grade_moved_on: datetime.date | None = None
    first_change_on: datetime.date | None = None

    def __bool__(self):
        return bool(self.added or self.changed or self.withdrawn or self.removed) or bool(
            self.grade_moved_on
        )

    @property
    def level_changed(self) -> bool:
        """The confidence level moved: the page's verdict now says something else."""
        return bool(
            self.grade_moved_on
            and (
                self.grade_before is None
                or self.grade_before.confidence != self.grade_now.confidence
            )
        )

    def lines(self) -> list[str]:
        """ "Added: …", "Grade 6.5 Very low → 25.2 Medium": the editor's list."""
        lines = [f"Grade {self.grade_before} → {self.grade_now}" if self.grade_before
                 else f"Grade moved to {self.grade_now}"] if self.grade_moved_on else []  # fmt: skip
        for label, titles in (
            ("Added", self.added),
            ("Changed", self.changed),
            ("Withdrawn", self.withdrawn),
            ("Removed", self.removed),
        ):
            lines.extend(f"{label}: {title}" for title in titles)
        return lines

    def public_note(self) -> str:
        """ "The evidence has changed since: 1 source added; the grade moved on 25 Nov 2026." """
        parts = []
        stances = [
            (self.added, "added"),
            (self.changed, "changed"),
            (self.withdrawn, "withdrawn"),
            (self.removed, "removed"),
        ]
        counted = [(len(titles), verb) for titles, verb in stances if titles]
        if counted:
            first, *rest = counted
            parts.append(
                join_words(
                    [f"{count_noun(first[0], 'source')} {first[1]}"]
                    + [f"{count} {verb}" for count, verb in rest]
                )
            )
        if self.grade_moved_on:
            parts.append(f"the grade moved on {_day(self.grade_moved_on)}")
        return f"The evidence has changed since: {'; '.join(parts)}."


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%b %Y}"


def since_review(
    tactic_id: int,
    last_reviewed: datetime.date,
    versions: list[StanceVersion],
    grades: list[Grade],
    grade_now: Grade,
) -> SinceReview:
    """Compare the evidence at the end of `last_reviewed` with the evidence now.

    `versions` is the history of every stance that ever belonged to the tactic, oldest
    first; `grades` the tactic's score snapshots, oldest first (possibly only the latest
    ones: then the grade at the review may be unknown, and only its date is reported).
    """
    result = SinceReview(grade_now=grade_now)
    by_stance: dict[int, list[StanceVersion]] = defaultdict(list)
    for version in versions:
        by_stance[version.stance_id].append(version)
    change_days = []
    for history in by_stance.values():
        then = next((v for v in reversed(history) if v.on <= last_reviewed), None)
        now = history[-1]
        if now is then:
            continue
        was, is_ = _counting(then, tactic_id), _counting(now, tactic_id)
        title = now.source_title or (then and then.source_title) or "a deleted source"
        if is_ and not was:
            result.added.append(title)
        elif was and not is_:
            gone = now.kind == "-" or now.tactic_id != tactic_id
            (result.removed if gone else result.withdrawn).append(title)
        elif was and is_ and then.evidence != now.evidence:
            result.changed.append(title)
        else:
            continue
        change_days.append(min(v.on for v in history if v.on > last_reviewed))
    moved = [grade for grade in grades if grade.on > last_reviewed]
    if moved:
        before = next((g for g in reversed(grades) if g.on <= last_reviewed), None)
        if before is None or (before.score, before.confidence) != (
            grade_now.score,
            grade_now.confidence,
        ):
            result.grade_before, result.grade_moved_on = before, moved[-1].on
            change_days.append(moved[0].on)
    result.first_change_on = min(change_days, default=None)
    return result


def _counting(version: StanceVersion | None, tactic_id: int) -> bool:
    return (
        version is not None
        and version.kind != "-"
        and version.tactic_id == tactic_id
        and not version.withdrawn
    )


def _versions(queryset) -> dict[int, list[StanceVersion]]:
    """Stance versions by every tactic the stance ever belonged to, oldest first."""
    rows = queryset.order_by("history_date", "history_id").values_list(*_VERSION_COLUMNS)
    by_stance: dict[int, list[StanceVersion]] = defaultdict(list)
    for stance_id, at, kind, tactic_id, withdrawn_at, title, *evidence in rows:
        by_stance[stance_id].append(
            StanceVersion(
                stance_id,
                timezone.localdate(at),
                kind,
                tactic_id,
                withdrawn_at is not None,
                title or "",
                tuple(evidence),
            )
        )
    by_tactic: dict[int, list[StanceVersion]] = defaultdict(list)
    for history in by_stance.values():
        for tactic_id in {v.tactic_id for v in history}:
            by_tactic[tactic_id].extend(history)
    return by_tactic


def _current(tactic) -> Grade:
    return Grade(None, tactic.evidence_score, tactic.confidence)


def public_review(tactic, snapshots) -> SinceReview | None:
    """For the tactic page: what moved after its last review, in one query (the stances'
    history; `snapshots` are the score history the page already loaded, oldest first)."""
    reviewed = tactic.last_reviewed
    if reviewed is None:
        return None
    touched = Stance.history.filter(tactic_id=tactic.pk, history_date__date__gt=reviewed)
    versions = _versions(Stance.history.filter(id__in=Subquery(touched.values("id"))))
    # A stance moved to another tactic after the review has a later row elsewhere: the
    # query above found it by its rows here, and all its rows came back.
    grades = [Grade(timezone.localdate(s.computed_at), s.score, s.confidence) for s in snapshots]
    since = since_review(tactic.pk, reviewed, versions.get(tactic.pk, []), grades, _current(tactic))
    return since or None


@dataclass
class QueueEntry:
    tactic: Tactic
    since: SinceReview | None
    overdue_days: int | None  # days past REVIEW_AFTER_DAYS

    @property
    def reasons(self) -> list[str]:
        if self.tactic.last_reviewed is None:
            return ["Never reviewed"]
        lines = self.since.lines() if self.since else []
        if self.overdue_days is not None:
            age = count_noun(settings.REVIEW_AFTER_DAYS + self.overdue_days, "day")
            lines.append(f"Not reviewed for {age}")
        return lines

    def urgency(self, today) -> tuple:
        """Most urgent first: a verdict whose confidence level moved, then other moved
        evidence, then pages never reviewed, then the longest overdue; published pages
        before drafts, and the longest waiting first within each."""
        tactic = self.tactic
        if self.since and self.since.level_changed:
            rank, since = 0, self.since.first_change_on
        elif self.since:
            rank, since = 1, self.since.first_change_on
        elif tactic.last_reviewed is None:
            rank, since = 2, tactic.created_at.date() if tactic.created_at else today
        else:
            rank, since = 3, tactic.last_reviewed
        return (rank, tactic.status != Status.PUBLISHED, since, tactic.question)


def review_queue(today: datetime.date | None = None) -> list[QueueEntry]:
    """Every tactic an editor should look at, most urgent first, in three queries."""
    today = today or timezone.localdate()
    due_before = today - datetime.timedelta(days=settings.REVIEW_AFTER_DAYS)
    tactics = list(
        Tactic.objects.only(
            "pk",
            "question",
            "slug",
            "status",
            "last_reviewed",
            "evidence_score",
            "confidence",
            "created_at",
        )  # fmt: skip
    )
    reviewed = [t.last_reviewed for t in tactics if t.last_reviewed]
    versions, grades = {}, defaultdict(list)
    if reviewed:
        earliest = min(reviewed)
        touched = Stance.history.filter(history_date__date__gt=earliest).values("id")
        versions = _versions(Stance.history.filter(id__in=Subquery(touched)))
        for tactic_id, at, score, confidence in ScoreSnapshot.objects.order_by(
            "computed_at", "pk"
        ).values_list("tactic_id", "computed_at", "score", "confidence"):
            grades[tactic_id].append(Grade(timezone.localdate(at), score, confidence))
    entries = []
    for tactic in tactics:
        since, overdue = None, None
        if tactic.last_reviewed is not None:
            since = since_review(
                tactic.pk,
                tactic.last_reviewed,
                versions.get(tactic.pk, []),
                grades[tactic.pk],
                _current(tactic),
            )
            if tactic.last_reviewed < due_before:
                overdue = (due_before - tactic.last_reviewed).days
            if not since and overdue is None:
                continue
        entries.append(QueueEntry(tactic, since or None, overdue))
    return sorted(entries, key=lambda entry: entry.urgency(today))
