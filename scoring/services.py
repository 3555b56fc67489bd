"""The database side of scoring: load a tactic's inputs, run the engine, store the result.

- `recompute_tactic(tactic_id, reason)`: one tactic, written with save(update_fields=...).
- `recompute_tactics(ids, reason)`: the bulk variant (the nightly command, bulk imports);
  a fixed number of queries per chunk of CHUNK_SIZE tactics.
- `schedule(...)`: what the signals call. It collects the affected tactics (and sources,
  resolved to their tactics later) on the database connection and recomputes each once
  when the outermost transaction commits.

Both variants lock the tactic rows *before* loading the stances, inside one transaction:
two recomputes of the same tactic then run one after the other and the later one reads
everything committed before it, so a slow recompute can never overwrite a newer score
with one computed from older stances. The lock is FOR NO KEY UPDATE, so it does not block
researchers inserting stances (their foreign-key check takes only KEY SHARE). On SQLite
the IMMEDIATE transaction mode in the settings serialises writers instead.

Writes happen only when something changed. A change of score or confidence also records
a ScoreSnapshot. `evidence_changed` is sent after commit with the ids of the tactics
whose evidence changed (the bulk path bypasses model signals, so listeners such as a page
cache should connect to it).
"""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.dispatch import Signal
from django.utils import timezone

from scoring.engine import Assessment, SourceFacts, StanceFacts, assess
from scoring.models import ScoreSnapshot
from sources.models import Source, Stance
from tactics.models import Tactic

logger = logging.getLogger(__name__)

# Sent (on commit) with tactic_ids: the tactics whose stored evidence just changed.
evidence_changed = Signal()

CHUNK_SIZE = 500
_STANCE_COLUMNS = (
    "id",
    "tactic_id",
    "position",
    "directness",
    "source_id",
    "source__publisher",
    "source__source_type",
    "source__method",
    "source__published_on",
    "source__sample_size",
    "source__vendor_interest",
)
_SourcePlatform = Source.platforms.through
_TacticPlatform = Tactic.platforms_covered.through


@dataclass(frozen=True, slots=True)
class Change:
    """What one recompute changed, for the command's report."""

    tactic_id: int
    old_score: Decimal
    new_score: Decimal
    old_confidence: str
    new_confidence: str


def load_inputs(tactic_ids: Iterable[int]) -> tuple[dict[int, list[StanceFacts]], dict[str, int]]:
    """The engine's input for each tactic, in two queries whatever the number of stances.

    Returns {tactic_id: [StanceFacts]} and {platform slug: platform id}.
    """
    ids = list(tactic_ids)
    rows = list(Stance.objects.filter(tactic_id__in=ids).values_list(*_STANCE_COLUMNS))
    platform_rows = (
        _SourcePlatform.objects.filter(source__stances__tactic_id__in=ids)
        .values_list("source_id", "platform_id", "platform__slug")
        .distinct()
    )
    platforms: dict[int, set[str]] = {}
    slug_ids: dict[str, int] = {}
    for source_id, platform_id, slug in platform_rows:
        platforms.setdefault(source_id, set()).add(slug)
        slug_ids[slug] = platform_id

    sources: dict[int, SourceFacts] = {}
    inputs: dict[int, list[StanceFacts]] = {tactic_id: [] for tactic_id in ids}
    for stance_id, tactic_id, position, directness, source_id, *attrs in rows:
        source = sources.get(source_id)
        if source is None:
            publisher, source_type, method, published_on, sample_size, vendor = attrs
            source = sources[source_id] = SourceFacts(
                source_id=source_id,
                publisher=publisher,
                source_type=source_type,
                method=method,
                published_on=published_on,
                sample_size=sample_size,
                platforms=frozenset(platforms.get(source_id, ())),
                vendor_interest=vendor,
            )
        inputs[tactic_id].append(StanceFacts(stance_id, position, directness, source))
    return inputs, slug_ids


def _new_values(assessment: Assessment) -> dict:
    return {
        "evidence_score": assessment.score,
        "confidence": assessment.confidence,
        "direction": assessment.direction,
        "contested": assessment.contested,
        "supporting_count": assessment.supporting,
        "contradicting_count": assessment.contradicting,
        "mixed_count": assessment.mixed,
        "evidence_breakdown": assessment.as_dict(),
    }


def _numbers(breakdown: dict) -> tuple:
    """A breakdown without its wording: what a reader would call a change of evidence."""
    return (
        [
            (c["stance_id"], c["position"], c["weight"], c["points"])
            for c in breakdown.get("contributions", [])
        ],
        [(a["label"], a["points"]) for a in breakdown.get("adjustments", [])],
    )


def _apply(tactic: Tactic, assessment: Assessment) -> tuple[list[str], bool, Change | None]:
    """Set the changed evidence fields on `tactic`.

    Returns their names; whether the change is one a reader would notice (anything but
    the breakdown's wording, which shifts as sources age: "published 7 months ago"),
    which is what moves `updated_at`; and the score/confidence Change, if any.
    """
    old_score, old_confidence = tactic.evidence_score, tactic.confidence
    changed, noticeable = [], False
    for name, value in _new_values(assessment).items():
        old = getattr(tactic, name)
        if old != value:
            setattr(tactic, name, value)
            changed.append(name)
            if name != "evidence_breakdown" or _numbers(old or {}) != _numbers(value):
                noticeable = True
    change = None
    if old_score != assessment.score or old_confidence != assessment.confidence:
        change = Change(
            tactic.pk, old_score, assessment.score, old_confidence, assessment.confidence
        )
    return changed, noticeable, change


def _snapshot(tactic: Tactic, assessment: Assessment, now, reason: str) -> ScoreSnapshot:
    return ScoreSnapshot(
        tactic=tactic,
        score=assessment.score,
        confidence=assessment.confidence,
        direction=assessment.direction,
        supporting_count=assessment.supporting,
        contradicting_count=assessment.contradicting,
        mixed_count=assessment.mixed,
        computed_at=now,
        reason=reason[:200],
    )


def _current_platforms(tactic_ids: list[int]) -> dict[int, set[int]]:
    current: dict[int, set[int]] = {tactic_id: set() for tactic_id in tactic_ids}
    rows = _TacticPlatform.objects.filter(tactic_id__in=tactic_ids).values_list(
        "tactic_id", "platform_id"
    )
    for tactic_id, platform_id in rows:
        current[tactic_id].add(platform_id)
    return current


def _after_commit(tactic_ids: list[int]) -> None:
    if tactic_ids:
        transaction.on_commit(
            lambda: evidence_changed.send(sender=Tactic, tactic_ids=tactic_ids), robust=True
        )


def recompute_tactic(tactic_id: int, reason: str = "") -> Change | None:
    """Recompute one tactic and store the result if it changed. Returns the score change.

    Queries: lock, stances, platforms, current platforms, then only on a change the
    update, the platform set and the snapshot. A missing tactic (deleted meanwhile) is
    ignored.
    """
    as_of, now = timezone.localdate(), timezone.now()
    with transaction.atomic():
        tactic = Tactic.objects.select_for_update(no_key=True).filter(pk=tactic_id).first()
        if tactic is None:
            return None
        inputs, slug_ids = load_inputs([tactic_id])
        assessment = assess(inputs[tactic_id], as_of)
        changed, noticeable, change = _apply(tactic, assessment)
        platform_ids = {slug_ids[slug] for slug in assessment.platforms}
        platforms_changed = platform_ids != _current_platforms([tactic_id])[tactic_id]
        if not changed and not platforms_changed:
            return None
        tactic.evidence_computed_at = now
        # updated_at is auto_now: it moves only when named in update_fields.
        moved = ["updated_at"] if noticeable or platforms_changed else []
        # The tactic's own history tracks editorial changes; evidence history is the
        # ScoreSnapshot below (and the bulk path cannot write simple_history rows).
        tactic.skip_history_when_saving = True
        tactic.save(update_fields=[*changed, "evidence_computed_at", *moved])
        del tactic.skip_history_when_saving
        if platforms_changed:
            tactic.platforms_covered.set(platform_ids)
        if change:
            _snapshot(tactic, assessment, now, reason).save()
        _after_commit([tactic_id])
    return change


def recompute_tactics(
    tactic_ids: Iterable[int], reason: str | Mapping[int, str] = ""
) -> list[Change]:
    """Recompute many tactics, CHUNK_SIZE at a time, in about eight queries per chunk.

    Call it after bulk operations that bypass model signals (bulk_create, QuerySet.update
    or delete, raw SQL) with the ids of the tactics whose stances or sources changed.
    Returns the score/confidence changes.
    """
    ids = sorted(set(tactic_ids))
    changes: list[Change] = []
    for start in range(0, len(ids), CHUNK_SIZE):
        changes.extend(_recompute_chunk(ids[start : start + CHUNK_SIZE], reason))
    return changes


def _recompute_chunk(ids: list[int], reason: str | Mapping[int, str]) -> list[Change]:
    as_of, now = timezone.localdate(), timezone.now()
    changes, to_update, snapshots, fields = [], [], [], {"evidence_computed_at", "updated_at"}
    platform_rows, platform_tactics = [], []
    with transaction.atomic():
        # Lock in primary-key order so two bulk recomputes cannot deadlock.
        tactics = list(
            Tactic.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk")
        )
        locked_ids = [t.pk for t in tactics]
        inputs, slug_ids = load_inputs(locked_ids)
        current = _current_platforms(locked_ids)
        for tactic in tactics:
            assessment = assess(inputs[tactic.pk], as_of)
            changed, noticeable, change = _apply(tactic, assessment)
            platform_ids = {slug_ids[slug] for slug in assessment.platforms}
            if platform_ids != current[tactic.pk]:
                noticeable = True
                platform_tactics.append(tactic.pk)
                platform_rows.extend(
                    _TacticPlatform(tactic_id=tactic.pk, platform_id=p) for p in platform_ids
                )
            elif not changed:
                continue
            fields.update(changed)
            tactic.evidence_computed_at = now
            if noticeable:
                tactic.updated_at = now
            to_update.append(tactic)
            if change:
                changes.append(change)
                why = reason.get(tactic.pk, "") if isinstance(reason, Mapping) else reason
                snapshots.append(_snapshot(tactic, assessment, now, why))
        if to_update:
            Tactic.objects.bulk_update(to_update, sorted(fields))
        if platform_tactics:
            _TacticPlatform.objects.filter(tactic_id__in=platform_tactics).delete()
            _TacticPlatform.objects.bulk_create(platform_rows)
        ScoreSnapshot.objects.bulk_create(snapshots)
        _after_commit([t.pk for t in to_update])
    return changes


# --- Collect during a transaction, recompute once on commit ---------------------------

_PENDING = "_scoring_pending"


def schedule(
    *,
    tactic_ids: Iterable[int] = (),
    source_ids: Iterable[int] = (),
    reason: str = "",
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Mark tactics (or the tactics of sources) for a recompute when the transaction commits.

    Makes no query. Ids are kept on the connection until the commit, so a thousand saves
    in one transaction recompute each affected tactic once. Outside a transaction the
    recompute runs at once. A callback is registered on every call so that a rolled-back
    savepoint cannot take the only one with it; the first to run drains the set and the
    others find it empty. When none of our callbacks is left, whatever is pending was
    rolled back, so it is dropped.
    """
    connection = connections[using]
    pending = getattr(connection, _PENDING, None)
    if pending is None or not _flush_registered(connection):
        pending = ({}, {})
        setattr(connection, _PENDING, pending)
    tactics, sources = pending
    for tactic_id in tactic_ids:
        if tactic_id is not None:
            tactics.setdefault(tactic_id, reason)
    for source_id in source_ids:
        if source_id is not None:
            sources.setdefault(source_id, reason)
    transaction.on_commit(partial(flush, using), using=using, robust=True)


def _flush_registered(connection) -> bool:
    # run_on_commit holds (savepoint ids, callback, robust); ours are the most recent.
    return any(
        getattr(callback, "func", None) is flush
        for _sids, callback, _robust in reversed(connection.run_on_commit)
    )


def flush(using: str = DEFAULT_DB_ALIAS) -> list[Change]:
    """Recompute everything scheduled on this connection (normally called on commit)."""
    connection = connections[using]
    pending = getattr(connection, _PENDING, None)
    if not pending or not (pending[0] or pending[1]):
        return []
    tactics, sources = pending
    setattr(connection, _PENDING, None)
    reasons = dict(tactics)
    if sources:
        rows = Stance.objects.filter(source_id__in=list(sources)).values_list(
            "tactic_id", "source_id"
        )
        for tactic_id, source_id in rows:
            reasons.setdefault(tactic_id, sources[source_id])
    if len(reasons) == 1:
        [(tactic_id, reason)] = reasons.items()
        change = recompute_tactic(tactic_id, reason)
        return [change] if change else []
    return recompute_tactics(reasons, reasons)
