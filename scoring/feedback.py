"""What a save did to the grades, said in the admin after it.

`report_grade_changes(request)` collects the Changes of every recompute that commits
while it is open: the admin's own save commits inside the view, and its on-commit
recompute runs and commits right after, still inside. On exit it adds one message per
tactic whose grade moved ("“Does an llms.txt file …?”: 6.5 Very low → 25.2 Medium"). When
tactics were recomputed and none moved, it says so once; a save that recomputed nothing
(an edit to a summary) adds nothing, because it had nothing to do with the grades.

The collector is a context variable, so a recompute in another request's thread is
never reported here, and nested blocks report once, from the outermost.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.contrib import messages

from scoring.services import Change, grades_recomputed
from tactics.choices import Confidence
from tactics.grammar import count_noun, join_words
from tactics.models import Tactic

# An import can move hundreds of grades: past this many the rest are counted, not named.
CHANGES_NAMED = 20
UNCHANGED_NAMED = 5


@dataclass
class GradeChanges:
    """What the recomputes inside one block did: tactic id -> (first old, last new)."""

    recomputed: set[int] = field(default_factory=set)
    moved: dict[int, Change] = field(default_factory=dict)

    def add(self, tactic_ids, changes) -> None:
        self.recomputed.update(tactic_ids)
        for change in changes:
            first = self.moved.get(change.tactic_id, change)
            self.moved[change.tactic_id] = Change(
                change.tactic_id,
                first.old_score,
                change.new_score,
                first.old_confidence,
                change.new_confidence,
            )

    def net(self) -> list[Change]:
        """The changes that still stand at the end (a grade moved and moved back is none)."""
        return [
            c
            for c in self.moved.values()
            if (c.old_score, c.old_confidence) != (c.new_score, c.new_confidence)
        ]


_collecting: ContextVar[GradeChanges | None] = ContextVar("grade_changes", default=None)


def _collect(sender, tactic_ids, changes, **kwargs) -> None:
    collected = _collecting.get()
    if collected is not None:
        collected.add(tactic_ids, changes)


grades_recomputed.connect(_collect, dispatch_uid="scoring.feedback.collect")


def grade(score, confidence: str) -> str:
    return f"{score:.1f} {Confidence(confidence).label}"


def describe(change: Change) -> str:
    """ "6.5 Very low → 25.2 Medium"."""
    return (
        f"{grade(change.old_score, change.old_confidence)} → "
        f"{grade(change.new_score, change.new_confidence)}"
    )


@contextmanager
def report_grade_changes(request) -> Iterator[GradeChanges]:
    """Collect the grade changes committed inside the block; on a normal exit, tell the
    request's user about them with admin messages (one query to name the tactics)."""
    if _collecting.get() is not None:
        yield _collecting.get()
        return
    collected = GradeChanges()
    token = _collecting.set(collected)
    try:
        yield collected
    finally:
        _collecting.reset(token)
    _report(request, collected)


def _report(request, collected: GradeChanges) -> None:
    if not collected.recomputed:
        return
    changes = collected.net()
    named = sorted(changes, key=lambda c: c.tactic_id)[:CHANGES_NAMED]
    quiet = sorted(collected.recomputed)[:UNCHANGED_NAMED] if not changes else []
    names = dict(
        Tactic.objects.filter(pk__in=[c.tactic_id for c in named] + quiet).values_list(
            "pk", "question"
        )
    )
    if not changes:
        listed = [f"“{names[pk]}”" for pk in quiet if pk in names]
        more = len(collected.recomputed) - len(listed)
        if more:
            listed.append(count_noun(more, "more tactic"))
        messages.info(request, f"No grade changed (recomputed {join_words(listed)}).")
        return
    lines = sorted((names.get(c.tactic_id, f"Tactic #{c.tactic_id}"), describe(c)) for c in named)
    for name, what in lines:
        messages.info(request, f"“{name}”: {what}")
    if len(changes) > len(named):
        messages.info(request, f"{count_noun(len(changes) - len(named), 'more grade')} changed.")


class GradeFeedbackMixin:
    """For a ModelAdmin: every view that can save (add, change, delete, the change list's
    actions and list edits, history revert and restore) reports the grade changes."""

    def changeform_view(self, request, *args, **kwargs):
        with report_grade_changes(request):
            return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with report_grade_changes(request):
            return super().delete_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        with report_grade_changes(request):
            return super().changelist_view(request, *args, **kwargs)

    def history_form_view(self, request, *args, **kwargs):
        with report_grade_changes(request):
            return super().history_form_view(request, *args, **kwargs)
