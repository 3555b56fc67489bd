"""Writing a plan: every new and updated row in one transaction, each with one history
record attributed to the importing user and the reason ("Imported from zotero.ris").

Rows are saved one by one, so the scoring signals see each change and the on-commit
batching in scoring.services recomputes every affected tactic once, after the last row.
The history is written in bulk afterwards instead of by each save: a source saved and then
linked to its platforms would otherwise get two records (the row, then its links). A new
organisation is saved once, before the first source naming it, with its own history record.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sources.importing.planner import NEW, UPDATED, Plan
from sources.models import Source


@dataclass(frozen=True)
class Outcome:
    added: int
    updated: int
    skipped: int


def apply(plan: Plan, *, user, reason: str) -> Outcome:
    """Save the plan's new and updated rows; all or nothing. Call it inside the
    transaction that planned, so nothing can change between the check and the write."""
    new, updated = [], []
    with transaction.atomic():
        for planned in plan.rows:
            if planned.status not in (NEW, UPDATED):
                continue
            instance = planned.instance
            if planned.new_organisation and instance.organisation.pk is None:
                organisation = instance.organisation
                organisation._history_user = user
                organisation._change_reason = reason
                organisation.save()
            instance.skip_history_when_saving = True
            instance.save()
            if planned.platforms is not None:
                instance.platforms.set(planned.platforms)
            del instance.skip_history_when_saving
            (new if planned.status == NEW else updated).append(instance)
        _record_history(new, updated, user, reason)
    return Outcome(len(new), len(updated), len(plan.rows) - len(new) - len(updated))


def _record_history(new: list, updated: list, user, reason: str) -> None:
    if not new and not updated:
        return
    model = type((new or updated)[0])
    history = model.history
    now = timezone.now()
    records = []
    for instances, update in ((new, False), (updated, True)):
        if instances:
            records += history.bulk_history_create(
                instances,
                update=update,
                default_user=user,
                default_change_reason=reason,
                default_date=now,
            )
    if model is Source:
        _record_platform_links(records)


def _record_platform_links(records) -> None:
    """What create_historical_record does for the platforms each record saw, in bulk."""
    through = Source.platforms.through
    link_model = type(records[0]).platforms.model  # HistoricalSource_platforms
    by_source = {record.id: record for record in records}
    rows = through.objects.filter(source_id__in=list(by_source)).values_list(
        "id", "source_id", "platform_id"
    )
    link_model.objects.bulk_create(
        link_model(history=by_source[source_id], id=pk, source_id=source_id, platform_id=platform)
        for pk, source_id, platform in rows
    )
