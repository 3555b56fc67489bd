"""Withdrawing evidence, and reinstating it, with an entry in the public corrections log.

A withdrawal is saved through the ORM (`save(update_fields=...)`), so history records it,
attributed to the user, with the reason as the change reason, and the scoring signals
recompute the affected tactics when the transaction commits.

The log entry records the grade change the withdrawal itself caused. Both grades come
from the scoring engine, run on the tactic's inputs just before and just after the save,
in the same transaction and for the same day: that is exactly what the recompute on
commit will store, and the entry commits with the withdrawal or not at all (recording it
after the recompute would leave a window where a crash loses the entry). The tactics are
locked first, as the recompute locks them, so two withdrawals on one tactic cannot each
report a change measured against evidence the other one had already removed.
"""

from django import forms
from django.db import transaction
from django.utils import timezone

from scoring.engine import assess
from scoring.services import load_inputs
from sources.choices import WithdrawalReason
from sources.models import Correction, Source, Stance
from tactics.models import Tactic

WITHDRAWAL_FIELDS = ("withdrawn_at", "withdrawal_reason", "withdrawal_note", "withdrawn_by")
# django-simple-history keeps a change reason of at most 100 characters.
_CHANGE_REASON_LENGTH = 100


class WithdrawalError(Exception):
    """Refused, with the reason in words."""


class WithdrawalForm(forms.Form):
    reason = forms.ChoiceField(
        choices=[("", "---------"), *WithdrawalReason.choices],
        help_text="Shown in the public corrections log.",
    )
    note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional, public: what was wrong, or which source replaces it.",
    )


class ReinstatementForm(forms.Form):
    note = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required, public: why the evidence counts again.",
    )


def describe(obj: Source | Stance) -> str:
    """What was withdrawn, in words that never name a tactic (it may be a draft)."""
    source = obj.source if isinstance(obj, Stance) else obj
    year = f", {source.published_on.year}" if source.published_on else ""
    words = f"“{source.title}” ({source.organisation.name}{year})"
    if isinstance(obj, Stance):
        words = f"What {words} found: “{obj.finding}”"
    return words[:400]


def withdraw(obj: Source | Stance, *, reason: str, note: str = "", user=None) -> Correction:
    """Withdraw a source or a stance and log it; refuses one already withdrawn."""
    reason = WithdrawalReason(reason)
    return _change(obj, user, withdrawing=True, reason=reason, note=note)


def reinstate(obj: Source | Stance, *, note: str, user=None) -> Correction:
    """Count a withdrawn source or stance again and log it, under the reason it had."""
    return _change(obj, user, withdrawing=False, reason=None, note=note)


def _change(obj, user, *, withdrawing: bool, reason, note: str) -> Correction:
    model = type(obj)
    with transaction.atomic():
        # Read again under a lock: two clicks on Withdraw make one withdrawal, not two.
        locked = model._base_manager.select_for_update(no_key=True, of=("self",))
        if model is Stance:
            locked = locked.select_related("source")
        obj = locked.get(pk=obj.pk)
        if obj.is_withdrawn == withdrawing:
            state = "already withdrawn" if withdrawing else "not withdrawn"
            raise WithdrawalError(f"“{obj}” is {state}: nothing was changed.")
        tactics = _lock_tactics(obj)
        as_of, now = timezone.localdate(), timezone.now()
        before = _grades(tactics, as_of)
        if withdrawing:
            values = (now, reason, note, user)
            words = f"Withdrawn: {reason.label}"
        else:
            reason = WithdrawalReason(obj.withdrawal_reason)
            values = (None, "", "", None)
            words = f"Reinstated (it was withdrawn as {reason.value}): {note}"
        for name, value in zip(WITHDRAWAL_FIELDS, values, strict=True):
            setattr(obj, name, value)
        obj._history_user = user
        obj._change_reason = words[:_CHANGE_REASON_LENGTH]
        obj.save(update_fields=[*WITHDRAWAL_FIELDS, "updated_at"])
        after = _grades(tactics, as_of)
        correction = Correction.objects.create(
            made_at=now,
            kind=Correction.Kind.WITHDRAWN if withdrawing else Correction.Kind.REINSTATED,
            reason=reason,
            note=note,
            source=obj if isinstance(obj, Source) else obj.source,
            stance=obj if isinstance(obj, Stance) else None,
            description=describe(obj),
            grade_changes=[
                {
                    "tactic_id": tactic.pk,
                    "slug": tactic.slug,
                    "question": tactic.question,
                    "old_score": str(before[tactic.pk][0]),
                    "new_score": str(after[tactic.pk][0]),
                    "old_confidence": before[tactic.pk][1],
                    "new_confidence": after[tactic.pk][1],
                }
                for tactic in tactics
            ],
            made_by=user,
        )
        correction.tactics.set(tactics)
    return correction


def _lock_tactics(obj) -> list[Tactic]:
    """The tactics whose grade the change can move, locked in primary-key order (the
    recompute's order, so the two cannot deadlock)."""
    if isinstance(obj, Stance):
        ids = [obj.tactic_id]
    else:
        # A stance withdrawn on its own already counts for nothing, whatever its source.
        ids = obj.stances.filter(withdrawn_at__isnull=True).values("tactic_id")
    return list(
        Tactic.objects.select_for_update(no_key=True)
        .filter(pk__in=ids)
        .order_by("pk")
        .only("pk", "slug", "question")
    )


def _grades(tactics, as_of) -> dict[int, tuple]:
    inputs, _ = load_inputs([tactic.pk for tactic in tactics])
    return {
        tactic_id: (assessment.score, assessment.confidence)
        for tactic_id, assessment in ((pk, assess(facts, as_of)) for pk, facts in inputs.items())
    }
