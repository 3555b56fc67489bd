"""The "How scored" page: the rubric rendered from scoring/rubric.py, plus a worked example
computed live, with the real engine, from the published tactic with the most stances."""

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from scoring import rubric
from scoring.engine import ZERO, assess
from scoring.services import load_inputs
from sources.choices import Position
from sources.models import Source
from tactics.choices import Confidence, Direction, Impact
from tactics.models import Tactic
from tactics.texts import EFFORT_LEVELS


def worked_example():
    """The published tactic with the most stances, scored now; None on an empty site."""
    tactic = (
        Tactic.objects.published()
        .annotate(n_stances=Count("stances"))
        .filter(n_stances__gt=0)
        .order_by("-n_stances", "pk")
        .first()
    )
    if tactic is None:
        return None
    inputs, _ = load_inputs([tactic.pk])
    assessment = assess(inputs[tactic.pk], timezone.localdate())
    sources = Source.objects.select_related("organisation").in_bulk(
        [c.source_id for c in assessment.contributions]
    )
    rows = [
        {
            "source": sources[c.source_id],
            "position": Position(c.position).label,
            "weight": rubric.exact(c.weight),
            "reasons": c.reasons,
            "points": c.points,
        }
        for c in assessment.contributions
    ]
    return {
        "tactic": tactic,
        "assessment": assessment,
        "rows": rows,
        "subtotal": sum((c.points for c in assessment.contributions), ZERO),
        "confidence_label": Confidence(assessment.confidence).label,
        "direction_label": Direction(assessment.direction).label,
        "impact_label": Impact(assessment.impact).label,
    }


def methodology(request):
    return render(
        request,
        "scoring/methodology.html",
        {
            "tables": rubric.methodology_tables(),
            "example": worked_example(),
            "as_of": timezone.localdate(),
            # Defined once in tactics/texts.py: the tactic and compare pages print the same.
            "effort_levels": EFFORT_LEVELS,
        },
    )
