from django.db import models

from scoring.rubric import MAX_SCORE
from tactics.choices import Confidence, Direction, Impact


class ScoreSnapshot(models.Model):
    """A change of a tactic's score or confidence, kept as its evidence history.

    Changes within SCORE_SNAPSHOT_MINUTES of a snapshot are merged into it (the grade at
    the end of the window, the reasons combined), so a storm of saves leaves one point
    per window, not one per save. `computed_at` is when the window opened, `updated_at`
    when a change last landed in it: the Atom feeds print it as the entry's <updated>, so
    a reader that fetched the entry before a merge replaces the text it holds.
    """

    tactic = models.ForeignKey(
        "tactics.Tactic", on_delete=models.CASCADE, related_name="score_history"
    )
    score = models.DecimalField(max_digits=3, decimal_places=1)
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    direction = models.CharField(max_length=20, choices=Direction.choices)
    improves_count = models.PositiveIntegerField(default=0)
    no_effect_count = models.PositiveIntegerField(default=0)
    worsens_count = models.PositiveIntegerField(default=0)
    mixed_count = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()
    updated_at = models.DateTimeField(
        help_text="When a change last merged into this snapshot; its opening time if none has."
    )
    reason = models.CharField(
        max_length=200, blank=True, help_text="What changed, in words a visitor understands."
    )

    class Meta:
        ordering = ["-computed_at", "-pk"]
        get_latest_by = ["computed_at", "pk"]
        indexes = [models.Index(fields=["tactic", "-computed_at"], name="snapshot_tactic_time")]

    def __str__(self):
        return f"{self.tactic_id}: {self.score} ({self.confidence}) at {self.computed_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        # A snapshot written by hand (a test, a shell) has had no merge yet. The recompute
        # path uses bulk_create and bulk_update, which skip save(), and sets both itself.
        if self.updated_at is None:
            self.updated_at = self.computed_at
        super().save(*args, **kwargs)


class PendingRecompute(models.Model):
    """A durable note that a tactic needs a recompute, written in the transaction that
    changed its inputs and deleted once the recompute after commit has run.

    A row older than a minute means that recompute never ran (the process died between
    the commit and the recompute, or the recompute failed): `recompute_scores --pending`
    repairs it. `tactic_id` is a plain integer, not a foreign key, so fixture loads and
    deletions never trip over it (a deleted tactic is simply skipped). Rows are unique per
    transaction (`batch`), not per tactic: a unique tactic id would make two transactions
    touching the same tactic wait for each other, and deadlock when they touch two tactics
    in opposite orders, and the first one's clean-up could delete the second one's note.
    """

    tactic_id = models.BigIntegerField()
    batch = models.BigIntegerField(help_text="Identifies the transaction that wrote the row.")
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "tactic_id"], name="pending_once_per_batch")
        ]
        indexes = [models.Index(fields=["created_at"], name="pending_created")]

    def __str__(self):
        return f"tactic {self.tactic_id} since {self.created_at:%Y-%m-%d %H:%M}"


class RecomputeRun(models.Model):
    """One run of `recompute_scores`: what the operator and /healthz read to know when
    scores were last recomputed."""

    class Kind(models.TextChoices):
        FULL = "full", "Full recompute"
        SWEEP = "sweep", "Sweep of interrupted recomputes"
        SELECTED = "selected", "Selected tactics"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty while running, or if the run failed."
    )
    tactics_checked = models.PositiveIntegerField(default=0)
    tactics_changed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["kind", "-finished_at"], name="run_kind_finished")]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.started_at:%Y-%m-%d %H:%M}"


class PlatformGrade(models.Model):
    """The grade of a tactic's evidence on one live AI platform, written by the same
    on-commit recompute as the tactic's own grade (scoring/services.py) and read-only
    everywhere else. A platform has a row when a counted source tested it live."""

    tactic = models.ForeignKey(
        "tactics.Tactic", on_delete=models.CASCADE, related_name="platform_grades"
    )
    platform = models.ForeignKey("tactics.Platform", on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(max_digits=3, decimal_places=1)
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    direction = models.CharField(max_length=20, choices=Direction.choices)
    impact = models.CharField(max_length=10, choices=Impact.choices, default=Impact.UNKNOWN)
    sources_count = models.PositiveIntegerField(
        default=0, help_text="Counted sources in this platform's body of evidence."
    )
    live_sources_count = models.PositiveIntegerField(
        default=0, help_text="Of those, the sources that tested this platform live."
    )

    class Meta:
        ordering = ["platform__position", "platform__name"]
        constraints = [
            models.UniqueConstraint(fields=["tactic", "platform"], name="one_grade_per_platform"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=MAX_SCORE),
                name="platform_grade_score_within_range",
            ),
        ]
        indexes = [
            models.Index(fields=["platform", "confidence"], name="platform_grade_confidence"),
            models.Index(fields=["platform", "-score"], name="platform_grade_score"),
        ]

    def __str__(self):
        return f"{self.tactic_id} on {self.platform_id}: {self.score} ({self.confidence})"
