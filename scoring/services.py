"""The database side of scoring: load a tactic's inputs, run the engine, store the result.

- `recompute_tactic(tactic_id, reason)`: one tactic, written with save(update_fields=...).
- `recompute_tactics(ids, reason)`: the bulk variant (the nightly command, bulk imports);
  a fixed number of queries per chunk of CHUNK_SIZE tactics.
- `schedule(...)`: what the signals call. It writes a PendingRecompute row for each newly
  affected tactic in the same transaction as the change, collects the tactics on the
  database connection, recomputes each once when the outermost transaction commits, then
  deletes its rows. A row left behind (a crash between commit and recompute) is repaired
  by `recompute_pending()`, which `recompute_scores --pending` runs every five minutes.

Both variants lock the tactic rows *before* loading the stances, inside one transaction:
two recomputes of the same tactic then run one after the other and the later one reads
everything committed before it, so a slow recompute can never overwrite a newer score
with one computed from older stances. The lock is FOR NO KEY UPDATE, so it does not block
researchers inserting stances (their foreign-key check takes only KEY SHARE). On SQLite
the IMMEDIATE transaction mode in the settings serialises writers instead.

Writes happen only when something changed. A change of score or confidence also records
a ScoreSnapshot, merged into the tactic's latest one when that opened less than
SCORE_SNAPSHOT_MINUTES ago. `evidence_changed` is sent after commit with the ids of the tactics
whose evidence changed (the bulk path bypasses model signals, so listeners such as a page
cache should connect to it).
"""

import logging
import secrets
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import partial
from itertools import batched

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Min
from django.dispatch import Signal
from django.utils import timezone

from scoring import reasons as wording
from scoring.breakdown import Assessment
from scoring.counterfactual import grade
from scoring.effects import effect_label
from scoring.engine import Effect, SourceFacts, StanceFacts
from scoring.models import PendingRecompute, PlatformGrade, RecomputeRun, ScoreSnapshot
from sources.models import Source, Stance
from tactics.models import Tactic

logger = logging.getLogger(__name__)

# Sent (on commit) with tactic_ids: the tactics whose stored evidence just changed.
evidence_changed = Signal()
# Sent (on commit) after every recompute with tactic_ids, the tactics recomputed (changed
# or not), and changes, their score/confidence Changes: what the admin tells the user.
grades_recomputed = Signal()

CHUNK_SIZE = 500
_STANCE_COLUMNS = (
    "id",
    "tactic_id",
    "position",
    "directness",
    "effect_kind",
    "effect_value",
    "effect_measure",
    "source_id",
    "source__organisation_id",
    "source__source_type",
    "source__method",
    "source__published_on",
    "source__sample_size",
    "source__organisation__sells_related_product",
    "source__lab_engine",
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

    Returns {tactic_id: [StanceFacts]} and {platform slug: platform id}. Withdrawn
    stances, and the stances of withdrawn sources, count for nothing.
    """
    ids = list(tactic_ids)
    counted = Stance.objects.filter(
        tactic_id__in=ids, withdrawn_at__isnull=True, source__withdrawn_at__isnull=True
    )
    rows = list(counted.values_list(*_STANCE_COLUMNS))
    # A semi-join on the counted stances' sources: joining every stance of each source (a
    # source backs many tactics) and filtering afterwards was slow enough on PostgreSQL to
    # hit the statement timeout with 200 stances.
    platform_rows = _SourcePlatform.objects.filter(
        source_id__in=counted.values("source_id")
    ).values_list("source_id", "platform_id", "platform__slug")
    platforms: dict[int, set[str]] = {}
    slug_ids: dict[str, int] = {}
    for source_id, platform_id, slug in platform_rows:
        platforms.setdefault(source_id, set()).add(slug)
        slug_ids[slug] = platform_id

    sources: dict[int, SourceFacts] = {}
    inputs: dict[int, list[StanceFacts]] = {tactic_id: [] for tactic_id in ids}
    for stance_id, tactic_id, position, directness, kind, value, measure, source_id, *attrs in rows:
        source = sources.get(source_id)
        if source is None:
            organisation, source_type, method, published_on, sample_size, vendor, lab = attrs
            source = sources[source_id] = SourceFacts(
                source_id=source_id,
                organisation=organisation,
                source_type=source_type,
                method=method,
                published_on=published_on,
                sample_size=sample_size,
                platforms=frozenset(platforms.get(source_id, ())),
                vendor_interest=vendor,
                lab_engine=lab,
            )
        effect = None
        if value is not None and kind:
            effect = Effect(kind, value, effect_label(kind, value, measure))
        inputs[tactic_id].append(StanceFacts(stance_id, position, directness, source, effect))
    return inputs, slug_ids


def _new_values(assessment: Assessment) -> dict:
    return {
        "evidence_score": assessment.score,
        "confidence": assessment.confidence,
        "direction": assessment.direction,
        "contested": assessment.contested,
        "impact": assessment.impact,
        "improves_count": assessment.improves,
        "no_effect_count": assessment.no_effect,
        "worsens_count": assessment.worsens,
        "mixed_count": assessment.mixed,
        "evidence_breakdown": assessment.as_dict(),
    }


def _numbers(breakdown: dict) -> tuple:
    """A breakdown without its wording: what a reader would call a change of evidence."""
    typed = Assessment.from_dict(breakdown)
    return (
        [(c.stance_id, c.position, c.weight, c.points) for c in typed.contributions],
        [(a.label, a.points) for a in typed.adjustments],
        typed.platform_grades,
        [
            (c.to_confidence, c.to_direction, c.study)
            for c in (typed.would_raise, typed.would_lower)
            if c
        ],
    )


def _platform_grade_rows(tactic_id: int, assessment: Assessment, slug_ids: dict) -> list:
    return [
        PlatformGrade(
            tactic_id=tactic_id,
            platform_id=slug_ids[grade.platform],
            score=grade.score,
            confidence=grade.confidence,
            direction=grade.direction,
            impact=grade.impact,
            sources_count=grade.sources,
            live_sources_count=grade.live_sources,
        )
        for grade in assessment.platform_grades
    ]


def _replace_platform_grades(tactic_ids: list[int], rows: list) -> None:
    """The per-platform grades of these tactics, replaced in two queries: they are part of
    the breakdown, so they are rewritten exactly when the breakdown changed."""
    if tactic_ids:
        stale = PlatformGrade.objects.filter(tactic_id__in=tactic_ids)
        stale._raw_delete(stale.db)  # no signals: bookkeeping of the recompute itself
    if rows:
        PlatformGrade.objects.bulk_create(rows)


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


_SNAPSHOT_FIELDS = (
    "score",
    "confidence",
    "direction",
    "improves_count",
    "no_effect_count",
    "worsens_count",
    "mixed_count",
)


def _record_snapshots(entries: list[tuple[Tactic, Assessment, str]], now) -> None:
    """One snapshot per changed tactic, in two queries however many.

    A tactic whose latest snapshot opened less than SCORE_SNAPSHOT_MINUTES ago gets that
    snapshot updated (the newest grade, both reasons) instead of a new one: a storm of
    saves then leaves one point per window on the history chart, not one per save.
    """
    if not entries:
        return
    opened_after = now - timedelta(minutes=settings.SCORE_SNAPSHOT_MINUTES)
    latest = {
        snapshot.tactic_id: snapshot  # ordered oldest first: the latest one wins
        for snapshot in ScoreSnapshot.objects.filter(
            tactic_id__in=[tactic.pk for tactic, _, _ in entries],
            computed_at__gt=opened_after,
            computed_at__lte=now,
        ).order_by("computed_at", "pk")
    }
    merged, new = [], []
    for tactic, assessment, reason in entries:
        values = dict(
            zip(
                _SNAPSHOT_FIELDS,
                (
                    assessment.score,
                    assessment.confidence,
                    assessment.direction,
                    assessment.improves,
                    assessment.no_effect,
                    assessment.worsens,
                    assessment.mixed,
                ),
                strict=True,
            )
        )
        reason = reason or wording.GENERIC
        snapshot = latest.get(tactic.pk)
        if snapshot is None:
            reason = wording.combine("", reason)
            new.append(
                ScoreSnapshot(
                    tactic=tactic, computed_at=now, updated_at=now, reason=reason, **values
                )
            )
            continue
        for name, value in values.items():
            setattr(snapshot, name, value)
        snapshot.reason = wording.combine(snapshot.reason, reason)
        # The feeds print this as the entry's <updated>: without it a reader keeps the
        # text it fetched before the merge.
        snapshot.updated_at = now
        merged.append(snapshot)
    if merged:
        ScoreSnapshot.objects.bulk_update(merged, [*_SNAPSHOT_FIELDS, "reason", "updated_at"])
    if new:
        ScoreSnapshot.objects.bulk_create(new)


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


def _announce(tactic_ids: list[int], changes: list[Change]) -> None:
    if tactic_ids:
        transaction.on_commit(
            lambda: grades_recomputed.send(sender=Tactic, tactic_ids=tactic_ids, changes=changes),
            robust=True,
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
        assessment = grade(inputs[tactic_id], as_of)
        changed, noticeable, change = _apply(tactic, assessment)
        _announce([tactic_id], [change] if change else [])
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
        if "evidence_breakdown" in changed:
            rows = _platform_grade_rows(tactic_id, assessment, slug_ids)
            _replace_platform_grades([tactic_id], rows)
        if change:
            _record_snapshots([(tactic, assessment, reason)], now)
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
    grade_rows, graded_tactics = [], []
    with transaction.atomic():
        # Lock in primary-key order so two bulk recomputes cannot deadlock.
        tactics = list(
            Tactic.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk")
        )
        locked_ids = [t.pk for t in tactics]
        inputs, slug_ids = load_inputs(locked_ids)
        current = _current_platforms(locked_ids)
        for tactic in tactics:
            assessment = grade(inputs[tactic.pk], as_of)
            changed, noticeable, change = _apply(tactic, assessment)
            if "evidence_breakdown" in changed:
                graded_tactics.append(tactic.pk)
                grade_rows.extend(_platform_grade_rows(tactic.pk, assessment, slug_ids))
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
                snapshots.append((tactic, assessment, why))
        if to_update:
            Tactic.objects.bulk_update(to_update, sorted(fields))
        if platform_tactics:
            _TacticPlatform.objects.filter(tactic_id__in=platform_tactics).delete()
            _TacticPlatform.objects.bulk_create(platform_rows)
        _replace_platform_grades(graded_tactics, grade_rows)
        _record_snapshots(snapshots, now)
        _after_commit([t.pk for t in to_update])
        _announce(locked_ids, changes)
    return changes


# --- Collect during a transaction, recompute once on commit ---------------------------

_PENDING = "_scoring_pending"


@dataclass
class _Pending:
    """What this connection's open transaction has scheduled."""

    batch: int  # the PendingRecompute.batch of this transaction's rows
    reasons: dict[int, list[str]] = field(default_factory=dict)
    # Tactic id -> the savepoints open when its row was written. The row is still there
    # while those savepoints are (a rolled-back savepoint takes its rows with it).
    marked: dict[int, tuple[str, ...]] = field(default_factory=dict)


def schedule(
    *,
    tactic_ids: Iterable[int] = (),
    source_ids: Iterable[int] = (),
    reason: str = "",
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Mark tactics (or the tactics of sources) for a recompute when the transaction commits.

    Writes a PendingRecompute row for each tactic not yet marked in this transaction, so
    the need for a recompute is committed with the change itself: one INSERT for the
    first change to a tactic, none for the next thousand (plus one SELECT to find a
    source's tactics). Ids are kept on the connection until the commit, so a thousand
    saves in one transaction recompute each affected tactic once. Outside a transaction
    the recompute runs at once. A callback is registered on every call so that a
    rolled-back savepoint cannot take the only one with it; the first to run drains the
    set and the others find it empty. When none of our callbacks is left, whatever is
    pending was rolled back, so it is dropped.
    """
    connection = connections[using]
    pending = getattr(connection, _PENDING, None)
    if pending is None or not _flush_registered(connection):
        pending = _Pending(batch=secrets.randbits(62))
        setattr(connection, _PENDING, pending)
    ids = {tactic_id for tactic_id in tactic_ids if tactic_id is not None}
    sources = [source_id for source_id in source_ids if source_id is not None]
    if sources:
        ids.update(
            Stance.objects.using(using)
            .filter(source_id__in=sources)
            .values_list("tactic_id", flat=True)
            .distinct()
        )
    if not ids:
        return
    open_savepoints = tuple(connection.savepoint_ids)
    unmarked = sorted(
        tactic_id
        for tactic_id in ids
        if not _row_still_there(pending.marked.get(tactic_id), open_savepoints)
    )
    if unmarked:
        now = timezone.now()
        # ignore_conflicts: a row written in a savepoint since released is still there.
        PendingRecompute.objects.using(using).bulk_create(
            [
                PendingRecompute(
                    tactic_id=tactic_id, batch=pending.batch, reason=reason[:200], created_at=now
                )
                for tactic_id in unmarked
            ],
            ignore_conflicts=True,
        )
        pending.marked.update(dict.fromkeys(unmarked, open_savepoints))
    for tactic_id in ids:
        said = pending.reasons.setdefault(tactic_id, [])
        if reason and reason not in said:
            said.append(reason)
    transaction.on_commit(partial(flush, using), using=using, robust=True)


def _row_still_there(written_in: tuple[str, ...] | None, open_now: tuple[str, ...]) -> bool:
    # Written at the top level or in a savepoint that is still open (a prefix of the open
    # ones): nothing can have rolled it back. Otherwise write it again, to be sure.
    return written_in is not None and open_now[: len(written_in)] == written_in


def _flush_registered(connection) -> bool:
    # run_on_commit holds (savepoint ids, callback, robust); ours are the most recent.
    return any(
        getattr(callback, "func", None) is flush
        for _sids, callback, _robust in reversed(connection.run_on_commit)
    )


def flush(using: str = DEFAULT_DB_ALIAS) -> list[Change]:
    """Recompute everything scheduled on this connection (normally called on commit), then
    delete this transaction's PendingRecompute rows. If the recompute fails, the rows stay
    for the sweep."""
    connection = connections[using]
    pending = getattr(connection, _PENDING, None)
    if not pending or not pending.reasons:
        return []
    setattr(connection, _PENDING, None)
    reasons = {tactic_id: wording.combine_all(said) for tactic_id, said in pending.reasons.items()}
    if len(reasons) == 1:
        [(tactic_id, reason)] = reasons.items()
        change = recompute_tactic(tactic_id, reason)
        changes = [change] if change else []
    else:
        changes = recompute_tactics(reasons, reasons)
    _delete_markers(PendingRecompute.objects.using(using).filter(batch=pending.batch))
    return changes


def _delete_markers(queryset) -> None:
    # A plain DELETE: QuerySet.delete() would first SELECT the rows and send post_delete
    # for each, and the page cache would take the bookkeeping for a content change.
    queryset._raw_delete(queryset.db)


# --- Repair what a crash left behind ---------------------------------------------------


def recompute_pending(older_than: timedelta | None = None) -> tuple[int, list[Change]]:
    """Recompute every tactic with a PendingRecompute row older than `older_than` (default
    SCORE_SWEEP_AFTER_SECONDS) and delete those rows. Returns (tactics checked, changes).

    Younger rows belong to transactions whose own recompute is probably still running.
    Rows written after the read below are left for their own transaction or the next sweep.
    """
    if older_than is None:
        older_than = timedelta(seconds=settings.SCORE_SWEEP_AFTER_SECONDS)
    rows = list(
        PendingRecompute.objects.filter(created_at__lte=timezone.now() - older_than)
        .order_by("pk")
        .values_list("pk", "tactic_id", "reason")
    )
    if not rows:
        return 0, []
    reasons: dict[int, str] = {}
    for _pk, tactic_id, reason in rows:
        reasons[tactic_id] = wording.combine(reasons.get(tactic_id, ""), reason)
    changes = recompute_tactics(reasons, reasons)
    for chunk in batched([pk for pk, _tactic_id, _reason in rows], CHUNK_SIZE):
        _delete_markers(PendingRecompute.objects.filter(pk__in=chunk))
    logger.warning(
        "Repaired %d recompute(s) that did not run after their commit (%d changed)",
        len(reasons),
        len(changes),
    )
    return len(reasons), changes


# --- Runs of the recompute command, for the operator and /healthz ----------------------


@contextmanager
def recorded_run(kind: str):
    """Record a run of `recompute_scores` as a RecomputeRun; the body sets `checked` and
    `changed` on the yielded run. A run that raises keeps no `finished_at`.

    Written with bulk_create and update(), which send no model signals: a run is
    bookkeeping, and the page cache must not drop every page every five minutes for it.
    """
    run = RecomputeRun(kind=kind, started_at=timezone.now())
    [run] = RecomputeRun.objects.bulk_create([run])
    run.checked = run.changed = 0
    yield run
    RecomputeRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), tactics_checked=run.checked, tactics_changed=run.changed
    )


def last_full_recompute():
    """When the last full recompute finished, or None."""
    return (
        RecomputeRun.objects.filter(kind=RecomputeRun.Kind.FULL, finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )


def freshness() -> dict:
    """The /healthz report on scores: "degraded" once SCORES_STALE_AFTER_HOURS pass
    without a full recompute (the daily job has then missed a run and recency weights
    are going stale).

    Before the first full recompute ever, the clock starts at the first score ever
    computed, so a new install is not reported before its first daily job could run, and
    one whose scheduler never starts is. (That look-up only happens in that case.)
    """
    last = last_full_recompute()
    since = last or ScoreSnapshot.objects.aggregate(first=Min("computed_at"))["first"]
    hours = None if since is None else (timezone.now() - since).total_seconds() / 3600
    stale = hours is not None and hours > settings.SCORES_STALE_AFTER_HOURS
    return {
        "status": "degraded" if stale else "ok",
        "last_full_recompute": last.isoformat(timespec="seconds") if last else None,
        "hours_since_full_recompute": None if last is None else round(hours, 1),
    }


def prune_runs(keep_days: int = 30) -> None:
    """Forget sweep runs older than `keep_days`: 288 a day would otherwise pile up. Full
    runs are kept, one a day, as the record of when scores were recomputed."""
    cutoff = timezone.now() - timedelta(days=keep_days)
    old = RecomputeRun.objects.filter(kind=RecomputeRun.Kind.SWEEP, started_at__lt=cutoff)
    old._raw_delete(old.db)  # no post_delete signals: see recorded_run()
