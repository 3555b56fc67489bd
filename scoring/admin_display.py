"""What the tactics admin shows of scoring: the per-stance breakdown as a read-only field,
and the grade changes beside the tactic's own history.

The breakdown is the one stored by the last recompute, so the admin shows exactly what the
public page shows. Everything is escaped through format_html: source titles and reasons
are user text.
"""

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from scoring.models import ScoreSnapshot
from sources.choices import Position
from sources.models import Source


def _position_label(value):
    try:
        return Position(value).label
    except ValueError:
        return value


def breakdown_html(tactic):
    breakdown = tactic.evidence_breakdown or {}
    if "score" not in breakdown:
        return format_html("<p>{}</p>", "Not computed yet: it is computed when a stance is saved.")
    contributions = breakdown.get("contributions", [])
    titles = dict(
        Source.objects.filter(pk__in=[c["source_id"] for c in contributions]).values_list(
            "pk", "title"
        )
    )
    rows = format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td>'
        '<td class="num">{}</td></tr>',
        (
            (
                reverse("admin:sources_source_change", args=[c["source_id"]]),
                titles.get(c["source_id"], f"Source {c['source_id']}"),
                _position_label(c["position"]),
                c["weight"],
                "; ".join(c["reasons"]),
                c["points"],
            )
            for c in contributions
        ),
    )
    adjustments = format_html_join(
        "\n",
        '<tr><th scope="row" colspan="3">{}</th><td>{}</td><td class="num">{}</td></tr>',
        ((a["label"], a["reason"], a["points"]) for a in breakdown.get("adjustments", [])),
    )
    reasons = format_html_join(
        "", "<li>{}</li>", ((reason,) for reason in breakdown.get("confidence_reasons", []))
    )
    return format_html(
        '<table class="score-breakdown">'
        "<caption>How each source and adjustment adds up to {}</caption>"
        '<thead><tr><th scope="col">Source</th><th scope="col">Stance</th>'
        '<th scope="col">Weight</th><th scope="col">Why</th><th scope="col">Points</th></tr>'
        "</thead><tbody>{}{}</tbody>"
        '<tfoot><tr><th scope="row" colspan="4">Evidence score</th><td class="num">{}</td>'
        "</tr></tfoot></table>{}",
        breakdown["score"],
        rows,
        adjustments,
        breakdown["score"],
        format_html("<p>Why the confidence is not higher:</p><ul>{}</ul>", reasons)
        if reasons
        else "",
    )


def grade_changes(tactic_id, limit):
    """The latest changes of a tactic's grade, newest first. They are made by the recompute,
    never by a person, so the tactic's history lists them apart from its edits."""
    return ScoreSnapshot.objects.filter(tactic_id=tactic_id).order_by("-computed_at", "-pk")[:limit]
