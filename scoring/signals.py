"""Recompute triggers: every change to a score's inputs schedules its tactics.

scoring.services.schedule() writes a durable note per affected tactic in the same
transaction (so a crash before the recompute is repaired by the sweep) and recomputes each
affected tactic once when the transaction commits. That also covers the admin, which
saves a source before its inline stances: the recompute runs after both.

Changes are detected against the stored row, read in pre_save (one query, updates only),
never against values remembered when the instance was loaded: the admin's history revert
builds a source from its historical record, so a remembered copy would already hold the
reverted values and the change would go unseen. Each trigger passes a reason in words
(scoring/reasons.py) that the score history shows.

Fixture loads (raw=True) are not skipped entirely: the related rows may not exist yet,
so the handlers only note the ids and the recompute runs when loaddata commits, by which
time the whole fixture is in the database. Bulk operations (bulk_create, QuerySet.update,
QuerySet.delete of stances without signals, raw SQL) bypass all of this: call
scoring.services.recompute_tactics(ids) afterwards.
"""

from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_delete,
    pre_save,
)

from scoring import reasons
from scoring.services import schedule
from sources.models import Organisation, Source, Stance
from tactics.models import Platform, Tactic

SCORED_SOURCE_FIELDS = (
    "organisation",
    "source_type",
    "method",
    "published_on",
    "sample_size",
    "lab_engine",
    "withdrawn_at",  # a withdrawn source stops counting
)
_UNKNOWN = object()  # a deferred field: treat as changed


def _stored(model, instance, names, using):
    """The stored values of `names` for an instance about to be saved over an existing
    row, or None when there is none (a new row)."""
    if instance.pk is None or not names:
        return None
    return model._base_manager.using(using).filter(pk=instance.pk).values_list(*names).first()


def _saving(instance, names, update_fields):
    """Which of `names` this save writes: the named update_fields, or every loaded one."""
    loaded = [name for name in names if instance._meta.get_field(name).attname in instance.__dict__]
    if update_fields is None:
        return loaded
    written = set(update_fields)
    return [n for n in loaded if n in written or instance._meta.get_field(n).attname in written]


# --- Stance -----------------------------------------------------------------------


def _stance_before_save(sender, instance, raw, using, update_fields, **kwargs):
    instance._scoring_previous_tactic = None
    if raw or not _saving(instance, ["tactic"], update_fields):
        return
    stored = _stored(Stance, instance, ["tactic_id"], using)
    if stored is not None:
        instance._scoring_previous_tactic = stored[0]


def _stance_saved(sender, instance, created, raw, using, **kwargs):
    previous = instance.__dict__.pop("_scoring_previous_tactic", None)
    if raw:
        schedule(tactic_ids=[instance.tactic_id], reason=reasons.FIXTURE, using=using)
    elif previous is not None and previous != instance.tactic_id:
        schedule(tactic_ids=[previous], reason=reasons.stance_moved_away(instance), using=using)
        schedule(
            tactic_ids=[instance.tactic_id], reason=reasons.stance_added(instance), using=using
        )
    else:
        verb = reasons.stance_added if created else reasons.stance_changed
        schedule(tactic_ids=[instance.tactic_id], reason=verb(instance), using=using)


def _stance_deleted(sender, instance, using, **kwargs):
    # Also reached for every stance cascaded from a deleted source or tactic.
    schedule(tactic_ids=[instance.tactic_id], reason=reasons.stance_removed(instance), using=using)


# --- Source -----------------------------------------------------------------------


def _source_before_save(sender, instance, raw, using, update_fields, **kwargs):
    instance._scoring_changed = ()
    if raw:
        return
    names = _saving(instance, SCORED_SOURCE_FIELDS, update_fields)
    stored = _stored(Source, instance, names, using)
    if stored is None:
        return  # a new source has no stances yet
    changed = []
    for name, old in zip(names, stored, strict=True):
        field = Source._meta.get_field(name)
        new = instance.__dict__.get(field.attname, _UNKNOWN)
        if new is _UNKNOWN or field.to_python(new) != old:
            changed.append(name)
    instance._scoring_changed = tuple(changed)


def _source_saved(sender, instance, created, raw, using, **kwargs):
    changed = instance.__dict__.pop("_scoring_changed", ())
    if raw:
        schedule(source_ids=[instance.pk], reason=reasons.FIXTURE, using=using)
    elif changed:
        reason = reasons.source_changed(instance, changed)
        schedule(source_ids=[instance.pk], reason=reason, using=using)


def _organisation_before_save(sender, instance, raw, using, update_fields, **kwargs):
    instance._scoring_interest_changed = False
    if raw or not _saving(instance, ["sells_related_product"], update_fields):
        return
    stored = _stored(Organisation, instance, ["sells_related_product"], using)
    instance._scoring_interest_changed = (
        stored is not None and stored[0] != instance.sells_related_product
    )


def _organisation_saved(sender, instance, raw, using, **kwargs):
    # Commercial interest is scored: every tactic one of its sources speaks to moves.
    if instance.__dict__.pop("_scoring_interest_changed", False):
        source_ids = list(instance.sources.values_list("pk", flat=True))
        reason = reasons.organisation_changed(instance)
        schedule(source_ids=source_ids, reason=reason, using=using)


def _source_platforms_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        if action != "pre_clear":
            reason = reasons.source_platforms_changed(instance)
            schedule(source_ids=[instance.pk], reason=reason, using=using)
        return
    # From the platform's side: instance is a Platform, pk_set holds source ids.
    if action == "pre_clear":
        pk_set = list(instance.sources.values_list("pk", flat=True))
    elif action == "post_clear":
        return
    reason = reasons.platform_sources_changed(instance)
    schedule(source_ids=pk_set or (), reason=reason, using=using)


def _platform_deleted(sender, instance, using, **kwargs):
    # The join rows go with the platform without an m2m_changed signal.
    source_ids = list(instance.sources.values_list("pk", flat=True))
    schedule(source_ids=source_ids, reason=reasons.platform_removed(instance), using=using)


# --- Tactic -----------------------------------------------------------------------


def _remember_status(sender, instance, **kwargs):
    # The score does not depend on the status (publication only asks for a fresh
    # computation), so the copy remembered at load time is good enough here.
    instance._scoring_status = instance.__dict__.get("status", _UNKNOWN)


def _tactic_saved(sender, instance, created, raw, using, update_fields, **kwargs):
    if raw:
        # Evidence fields in a fixture are not trusted: recompute from the stances.
        schedule(tactic_ids=[instance.pk], reason=reasons.FIXTURE, using=using)
        return
    if created or (update_fields is not None and "status" not in update_fields):
        return
    if instance.status != getattr(instance, "_scoring_status", _UNKNOWN):
        reason = reasons.status_changed(instance.status)
        schedule(tactic_ids=[instance.pk], reason=reason, using=using)
    instance._scoring_status = instance.status


def connect() -> None:
    """Called once from ScoringConfig.ready()."""
    uid = "scoring.signals."
    pre_save.connect(_stance_before_save, sender=Stance, dispatch_uid=uid + "stance_before")
    post_save.connect(_stance_saved, sender=Stance, dispatch_uid=uid + "stance_saved")
    post_delete.connect(_stance_deleted, sender=Stance, dispatch_uid=uid + "stance_deleted")
    pre_save.connect(_source_before_save, sender=Source, dispatch_uid=uid + "source_before")
    post_save.connect(_source_saved, sender=Source, dispatch_uid=uid + "source_saved")
    pre_save.connect(
        _organisation_before_save, sender=Organisation, dispatch_uid=uid + "organisation_before"
    )
    post_save.connect(
        _organisation_saved, sender=Organisation, dispatch_uid=uid + "organisation_saved"
    )
    m2m_changed.connect(
        _source_platforms_changed,
        sender=Source.platforms.through,
        dispatch_uid=uid + "source_platforms",
    )
    pre_delete.connect(_platform_deleted, sender=Platform, dispatch_uid=uid + "platform_deleted")
    post_init.connect(_remember_status, sender=Tactic, dispatch_uid=uid + "remember_status")
    post_save.connect(_tactic_saved, sender=Tactic, dispatch_uid=uid + "tactic_saved")
