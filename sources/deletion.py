"""Deletions that can be undone whole, and that leave history for everything they touch.

One deletion (a source deleted from the admin, a bulk "delete selected", a tactic deleted in
the shell) removes more than the row asked for: a source takes its stances with it, a
tactic its stances, key findings, steps and FAQs. Each row removed carries the same
deletion id in its history's change reason ("Deleted with its source (deletion 3f2a…)"), so
a restore finds exactly what went with the object, however many other deletions happened
the same second.

Changes the database would make in SQL, with no history, are made through the ORM first:
a key finding citing a deleted source has its link cleared with save(), and a deleted
platform is removed from each source that studied it with `source.platforms.remove()`;
both leave a history row with the same deletion id, which is how a restore re-links them.

Restoring (the admin's "Recover deleted" form, which saves the object from its history)
then brings back what went with the object, as it was, dates included: Django sets
auto_now and auto_now_add fields on every insert, so they are written back afterwards, on
the row and on the history row the restore created.
"""

import re
import uuid
from datetime import timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.signals import pre_delete

from scoring.services import recompute_tactic
from sources.models import Source, Stance
from tactics.grammar import count_noun
from tactics.models import Category, ImplementationStep, KeyFinding, Platform, Tactic, TacticFAQ

REASON_LENGTH = 100  # simple-history's history_change_reason column
_TOKEN = re.compile(r"\(deletion ([0-9a-f]{12})\)$")
# Deletions recorded before deletion ids existed: what was deleted within this window
# before the object itself (a cascade runs in one transaction, within milliseconds).
LEGACY_WINDOW = timedelta(seconds=2)
RESTORED_WITH = "Restored with its {}"

# Every model whose history a restore reads: each deletion of one of them is marked.
MARKED = (Source, Stance, Tactic, KeyFinding, ImplementationStep, TacticFAQ, Category, Platform)


# --- Recording a deletion -------------------------------------------------------------


def _token(origin) -> str:
    """One id per deletion: every pre_delete of one Collector run shares its origin."""
    if origin is None:
        return uuid.uuid4().hex[:12]
    token = getattr(origin, "_deletion_token", None)
    if token is None:
        token = uuid.uuid4().hex[:12]
        origin._deletion_token = token
    return token


def with_token(cause: str, token: str) -> str:
    suffix = f" (deletion {token})"
    return cause[: REASON_LENGTH - len(suffix)] + suffix


def deletion_token(record) -> str | None:
    match = _TOKEN.search(record.history_change_reason or "")
    return match.group(1) if match else None


def _cause(instance, origin) -> str:
    if isinstance(origin, models.Model) and origin is not instance:
        return f"Deleted with its {origin._meta.verbose_name}"
    if isinstance(origin, models.QuerySet) and origin.model is not type(instance):
        return f"Deleted with the selected {origin.model._meta.verbose_name_plural}"
    return "Deleted"


def _record_deletion(sender, instance, origin=None, **kwargs):
    cause = getattr(instance, "_change_reason", None) or _cause(instance, origin)
    instance._change_reason = with_token(cause, _token(origin))


def _unlink_key_findings(sender, instance, using, origin=None, **kwargs):
    # The foreign key is SET_NULL: done in SQL, it would leave the findings' history
    # saying they still cite the source.
    reason = with_token("Its source was deleted", _token(origin))
    for finding in KeyFinding.objects.using(using).filter(source=instance):
        finding.source = None
        finding._change_reason = reason
        finding.save(using=using, update_fields=["source"])


def _unlink_sources(sender, instance, using, origin=None, **kwargs):
    # The join rows would go in SQL, with no history on the sources that lose the platform.
    reason = with_token(f"Platform {instance.name} deleted", _token(origin))
    for source in instance.sources.using(using).all():
        source._change_reason = reason
        source.platforms.remove(instance)


def connect() -> None:
    """Called once from SourcesConfig.ready()."""
    uid = "sources.deletion."
    for model in MARKED:
        pre_delete.connect(_record_deletion, sender=model, dispatch_uid=uid + model.__name__)
    pre_delete.connect(_unlink_key_findings, sender=Source, dispatch_uid=uid + "key_findings")
    pre_delete.connect(_unlink_sources, sender=Platform, dispatch_uid=uid + "platform_links")


# --- Restoring ------------------------------------------------------------------------


def last_deletion(model, pk):
    """The historical record of the object's latest deletion, or None."""
    return model.history.filter(id=pk, history_type="-").order_by("history_date").last()


def keep_dates(instance, record) -> None:
    """Write back the auto_now/auto_now_add values `record` holds, which the insert replaced
    with the current time, on the row and on the history row the insert created."""
    values = {
        f.attname: getattr(record, f.attname)
        for f in instance._meta.concrete_fields
        if (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
        and hasattr(record, f.attname)
    }
    if not values:
        return
    type(instance)._base_manager.filter(pk=instance.pk).update(**values)
    history = getattr(instance, instance._meta.simple_history_manager_attribute)
    latest = history.order_by("history_date", "history_id").last()
    type(latest)._base_manager.filter(pk=latest.pk).update(**values)
    for name, value in values.items():
        setattr(instance, name, value)


def _went_with(model, deletion, **parent):
    """The last version of each row of `model` removed by the same deletion, of those not
    back since."""
    records = model.history.filter(history_type="-", **parent)
    token = deletion_token(deletion)
    if token:
        records = records.filter(history_change_reason__endswith=f"(deletion {token})")
    else:
        start = deletion.history_date - LEGACY_WINDOW
        records = records.filter(history_date__range=(start, deletion.history_date))
    latest = {record.id: record for record in records.order_by("history_date", "history_id")}
    back = set(model._base_manager.filter(pk__in=latest).values_list("pk", flat=True))
    return [record for pk, record in latest.items() if pk not in back]


def _label(instance) -> str:
    try:
        return f"“{instance}”"
    except ObjectDoesNotExist:  # its own str() names the parent that is gone
        return f"#{instance.pk}"


def _missing_parents(instance) -> list[models.ForeignKey]:
    return [
        f
        for f in instance._meta.concrete_fields
        if isinstance(f, models.ForeignKey)
        and getattr(instance, f.attname) is not None
        and not f.related_model._base_manager.filter(pk=getattr(instance, f.attname)).exists()
    ]


def _restore_rows(records, reason, user, result) -> int:
    """Insert each recorded row as it was; a row whose required parent is gone stays
    deleted, an optional link to a row that is gone is left empty. Returns how many."""
    restored = 0
    for record in records:
        instance = record.instance
        missing = _missing_parents(instance)
        required = [f for f in missing if not f.null]
        if required:
            result.warnings.append(
                f"Not restored: the {instance._meta.verbose_name} {_label(instance)}, "
                f"whose {required[0].verbose_name} was deleted too."
            )
            continue
        for f in missing:
            setattr(instance, f.attname, None)
            result.warnings.append(
                f"The {instance._meta.verbose_name} {_label(instance)} was restored "
                f"without its {f.verbose_name}, which was deleted too."
            )
        instance._change_reason = reason
        instance._history_user = user
        instance.save(force_insert=True)
        keep_dates(instance, record)
        restored += 1
    return restored


def _unlinked_findings(source, deletion) -> list:
    """Key findings that cited the source until this deletion and cite nothing now."""
    token = deletion_token(deletion)
    if token:
        # One deletion may take several sources (delete selected): the version before
        # each unlinking says which source the finding cited.
        unlinked = KeyFinding.history.filter(
            history_type="~",
            source_id=None,
            history_change_reason=with_token("Its source was deleted", token),
        )
        ids = [record.id for record in unlinked if record.prev_record.source_id == source.pk]
        return list(KeyFinding.objects.filter(pk__in=ids, source=None))
    # Before deletion ids, the link was cleared in SQL: the last history row still names it.
    last_source = (
        KeyFinding.history.filter(id=OuterRef("pk"))
        .order_by("-history_date", "-history_id")
        .values("source_id")[:1]
    )
    return list(
        KeyFinding.objects.filter(source=None)
        .annotate(last=Subquery(last_source))
        .filter(last=source.pk)
    )


# Each restore_* is called by the model's admin after the object itself was saved back from
# `version`, with `result` (config.history_admin.Restored) holding the links the form
# restored in words ("3 platforms"); each adds what else came back, and what could not.


def restore_source(source, version, user, result) -> None:
    """Its dates, the stances deleted with it, and the key findings that cited it."""
    keep_dates(source, version)
    deletion = last_deletion(Source, source.pk)
    if deletion is None:
        return
    stances = _restore_rows(
        _went_with(Stance, deletion, source_id=source.pk),
        RESTORED_WITH.format("source"),
        user,
        result,
    )
    findings = 0
    for finding in _unlinked_findings(source, deletion):
        finding.source = source
        finding._change_reason = "Its source was restored"
        finding._history_user = user
        finding.save(update_fields=["source"])
        findings += 1
    if stances:
        result.parts.insert(0, count_noun(stances, "stance"))
    if findings:
        result.parts.append(count_noun(findings, "key finding"))


TACTIC_COMPANIONS = (
    (Stance, "stance"),
    (KeyFinding, "key finding"),
    (ImplementationStep, "step"),
    (TacticFAQ, "FAQ"),
)


def restore_tactic(tactic, version, user, result) -> None:
    """Its stances, key findings, steps and FAQs, and its grade recomputed at once, so that
    the grade coming back (from the 0 a new row starts with) does not move the page's
    "updated" date: the dates are written back after it."""
    deletion = last_deletion(Tactic, tactic.pk)
    if deletion is not None:
        reason = RESTORED_WITH.format("tactic")
        for model, noun in TACTIC_COMPANIONS:
            records = _went_with(model, deletion, tactic_id=tactic.pk)
            count = _restore_rows(records, reason, user, result)
            if count:
                result.parts.append(count_noun(count, noun))
        recompute_tactic(tactic.pk, reason="The tactic was restored with its evidence")
    keep_dates(tactic, version)


def stances_deleted_with(tactic_id) -> int:
    """How many stances a restore of the tactic would bring back."""
    deletion = last_deletion(Tactic, tactic_id)
    return len(_went_with(Stance, deletion, tactic_id=tactic_id)) if deletion else 0


def restore_stance(stance, version, user, result) -> None:
    keep_dates(stance, version)
