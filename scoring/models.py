from django.db import models

from tactics.choices import Confidence, Direction


class ScoreSnapshot(models.Model):
    """One change of a tactic's score or confidence, kept as its evidence history."""

    tactic = models.ForeignKey(
        "tactics.Tactic", on_delete=models.CASCADE, related_name="score_history"
    )
    score = models.DecimalField(max_digits=3, decimal_places=1)
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    direction = models.CharField(max_length=20, choices=Direction.choices)
    supporting_count = models.PositiveIntegerField(default=0)
    contradicting_count = models.PositiveIntegerField(default=0)
    mixed_count = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True, help_text="What triggered the recompute.")

    class Meta:
        ordering = ["-computed_at", "-pk"]
        get_latest_by = ["computed_at", "pk"]
        indexes = [models.Index(fields=["tactic", "-computed_at"], name="snapshot_tactic_time")]

    def __str__(self):
        return f"{self.tactic_id}: {self.score} ({self.confidence}) at {self.computed_at:%Y-%m-%d}"
