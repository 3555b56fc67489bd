"""Recompute triggers: every change to a score's inputs schedules its tactics.

The handlers make no queries (except clearing a platform's sources from the platform
side, or deleting a platform); they only note ids, and scoring.services.schedule()
recomputes each affected tactic once when the transaction commits. That also covers the
admin, which saves a source before its inline stances: the recompute runs after both.

Fixture loads (raw=True) are not skipped entirely: the related rows may not exist yet,
so the handlers only note the ids and the recompute runs when loaddata commits, by which
time the whole fixture is in the database. Bulk operations (bulk_create, QuerySet.update,
QuerySet.delete of stances without signals, raw SQL) bypass all of this: call
scoring.services.recompute_tactics(ids) afterwards.
"""

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete

from scoring.services import schedule
from sources.models import Source, Stance
from tactics.models import Platform, Tactic

SCORED_SOURCE_FIELDS = (
    "publisher",
    "source_type",
    "method",
    "published_on",
    "sample_size",
    "vendor_interest",
)
_UNKNOWN = object()  # a deferred field: treat as changed


def _loaded(instance, names):
    return tuple(instance.__dict__.get(name, _UNKNOWN) for name in names)


# --- Stance -----------------------------------------------------------------------


def _remember_stance(sender, instance, **kwargs):
    instance._scoring_tactic_id = instance.__dict__.get("tactic_id")


def _stance_saved(sender, instance, created, raw, using, **kwargs):
    previous = getattr(instance, "_scoring_tactic_id", None)
    verb = "added" if created else "changed"
    schedule(
        tactic_ids=[instance.tactic_id, previous],
        reason=f"stance {instance.pk} {verb}" + (" (fixture)" if raw else ""),
        using=using,
    )
    instance._scoring_tactic_id = instance.tactic_id


def _stance_deleted(sender, instance, using, **kwargs):
    # Also reached for every stance cascaded from a deleted source or tactic.
    schedule(tactic_ids=[instance.tactic_id], reason=f"stance {instance.pk} deleted", using=using)


# --- Source -----------------------------------------------------------------------


def _remember_source(sender, instance, **kwargs):
    instance._scoring_facts = _loaded(instance, SCORED_SOURCE_FIELDS)


def _source_saved(sender, instance, created, raw, using, update_fields, **kwargs):
    if created and not raw:
        return  # a new source has no stances yet
    if update_fields is not None and not set(update_fields) & set(SCORED_SOURCE_FIELDS):
        return
    facts = _loaded(instance, SCORED_SOURCE_FIELDS)
    if raw or facts != getattr(instance, "_scoring_facts", None):
        schedule(source_ids=[instance.pk], reason=f"source {instance.pk} changed", using=using)
    instance._scoring_facts = facts


def _source_platforms_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        if action != "pre_clear":
            schedule(
                source_ids=[instance.pk],
                reason=f"platforms of source {instance.pk} changed",
                using=using,
            )
        return
    # From the platform's side: instance is a Platform, pk_set holds source ids.
    if action == "pre_clear":
        pk_set = list(instance.sources.values_list("pk", flat=True))
    elif action == "post_clear":
        return
    schedule(source_ids=pk_set or (), reason=f"platform {instance.slug} changed", using=using)


def _platform_deleted(sender, instance, using, **kwargs):
    # The join rows go with the platform without an m2m_changed signal.
    source_ids = list(instance.sources.values_list("pk", flat=True))
    schedule(source_ids=source_ids, reason=f"platform {instance.slug} deleted", using=using)


# --- Tactic -----------------------------------------------------------------------


def _remember_status(sender, instance, **kwargs):
    instance._scoring_status = instance.__dict__.get("status", _UNKNOWN)


def _tactic_saved(sender, instance, created, raw, using, update_fields, **kwargs):
    if raw:
        # Evidence fields in a fixture are not trusted: recompute from the stances.
        schedule(tactic_ids=[instance.pk], reason="fixture loaded", using=using)
        return
    if created or (update_fields is not None and "status" not in update_fields):
        return
    if instance.status != getattr(instance, "_scoring_status", _UNKNOWN):
        schedule(
            tactic_ids=[instance.pk], reason=f"status changed to {instance.status}", using=using
        )
    instance._scoring_status = instance.status


def connect() -> None:
    """Called once from ScoringConfig.ready()."""
    uid = "scoring.signals."
    post_init.connect(_remember_stance, sender=Stance, dispatch_uid=uid + "remember_stance")
    post_save.connect(_stance_saved, sender=Stance, dispatch_uid=uid + "stance_saved")
    post_delete.connect(_stance_deleted, sender=Stance, dispatch_uid=uid + "stance_deleted")
    post_init.connect(_remember_source, sender=Source, dispatch_uid=uid + "remember_source")
    post_save.connect(_source_saved, sender=Source, dispatch_uid=uid + "source_saved")
    m2m_changed.connect(
        _source_platforms_changed,
        sender=Source.platforms.through,
        dispatch_uid=uid + "source_platforms",
    )
    pre_delete.connect(_platform_deleted, sender=Platform, dispatch_uid=uid + "platform_deleted")
    post_init.connect(_remember_status, sender=Tactic, dispatch_uid=uid + "remember_status")
    post_save.connect(_tactic_saved, sender=Tactic, dispatch_uid=uid + "tactic_saved")
