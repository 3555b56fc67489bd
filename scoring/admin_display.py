"""What the tactics admin shows of scoring: the per-stance breakdown, the impact, the grade
on each platform and what would change the grade, as read-only fields; and the grade
changes beside the tactic's own history.

Everything is read from the typed breakdown the last recompute stored (`tactic.assessment`),
so the admin shows exactly what the public page shows. Everything is escaped through
format_html: source titles, organisation names and reasons are user text.
"""

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from scoring.models import ScoreSnapshot
from sources.choices import Position
from sources.models import Source
from tactics.choices import Confidence, Direction, Impact
from tactics.models import Platform

NOT_COMPUTED = "Not computed yet: it is computed when a stance is saved."


def _label(choices, value):
    return choices(value).label if value in choices.values else value


def breakdown_html(tactic):
    if not tactic.evidence_breakdown:
        return format_html("<p>{}</p>", NOT_COMPUTED)
    assessment = tactic.assessment
    contributions = assessment.contributions
    titles = dict(
        Source.objects.filter(pk__in=[c.source_id for c in contributions]).values_list(
            "pk", "title"
        )
    )
    rows = format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td>'
        '<td class="num">{}</td></tr>',
        (
            (
                reverse("admin:sources_source_change", args=[c.source_id]),
                titles.get(c.source_id, f"Source {c.source_id}"),
                _label(Position, c.position),
                c.weight,
                "; ".join(c.reasons),
                c.points,
            )
            for c in contributions
        ),
    )
    adjustments = format_html_join(
        "\n",
        '<tr><th scope="row" colspan="3">{}</th><td>{}</td><td class="num">{}</td></tr>',
        ((a.label, a.reason, a.points) for a in assessment.adjustments),
    )
    reasons = format_html_join(
        "", "<li>{}</li>", ((reason,) for reason in assessment.confidence_reasons)
    )
    return format_html(
        '<table class="score-breakdown">'
        "<caption>How each source and adjustment adds up to {}</caption>"
        '<thead><tr><th scope="col">Source</th><th scope="col">Found</th>'
        '<th scope="col">Weight</th><th scope="col">Why</th><th scope="col">Points</th></tr>'
        "</thead><tbody>{}{}</tbody>"
        '<tfoot><tr><th scope="row" colspan="4">Evidence score</th><td class="num">{}</td>'
        "</tr></tfoot></table>{}<p>Expected impact: {} ({})</p>",
        assessment.score,
        rows,
        adjustments,
        assessment.score,
        format_html("<p>Why the confidence is not higher:</p><ul>{}</ul>", reasons)
        if reasons
        else "",
        _label(Impact, assessment.impact),
        assessment.impact_reason or "no reason recorded",
    )


def platform_grades_html(tactic):
    """The grade on each live platform, as the engine stored it."""
    if not tactic.evidence_breakdown:
        return format_html("<p>{}</p>", NOT_COMPUTED)
    grades = tactic.assessment.platform_grades
    if not grades:
        return format_html("<p>{}</p>", "No counted source tested a live platform.")
    names = dict(Platform.objects.values_list("slug", "name"))
    rows = format_html_join(
        "\n",
        '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td>'
        '<td class="num">{} ({} live)</td></tr>',
        (
            (
                names.get(g.platform, g.platform),
                _label(Direction, g.direction),
                _label(Impact, g.impact),
                _label(Confidence, g.confidence),
                g.score,
                g.sources,
                g.live_sources,
            )
            for g in grades
        ),
    )
    return format_html(
        '<table class="platform-grades"><caption>The grade on each live platform</caption>'
        '<thead><tr><th scope="col">Platform</th><th scope="col">Evidence says</th>'
        '<th scope="col">Impact</th><th scope="col">Confidence</th><th scope="col">Score</th>'
        '<th scope="col">Sources</th></tr></thead><tbody>{}</tbody></table>',
        rows,
    )


def grade_change_html(tactic):
    """What new evidence would raise or lower the grade, and to what."""
    if not tactic.evidence_breakdown:
        return format_html("<p>{}</p>", NOT_COMPUTED)
    assessment = tactic.assessment
    items = [
        (title, change)
        for title, change in (
            ("Would raise it", assessment.would_raise),
            ("Would lower it", assessment.would_lower),
        )
        if change is not None
    ]
    if not items:
        return format_html("<p>{}</p>", "No single new study would move this grade.")
    return format_html(
        "<dl>{}</dl>",
        format_html_join(
            "",
            "<dt>{}</dt><dd>{}: then {}, {} confidence, score {}.</dd>",
            (
                (
                    title,
                    change.evidence[:1].upper() + change.evidence[1:],
                    _label(Direction, change.to_direction).lower(),
                    _label(Confidence, change.to_confidence).lower(),
                    change.to_score,
                )
                for title, change in items
            ),
        ),
    )


def grade_changes(tactic_id, limit):
    """The latest changes of a tactic's grade, newest first. They are made by the recompute,
    never by a person, so the tactic's history lists them apart from its edits."""
    return ScoreSnapshot.objects.filter(tactic_id=tactic_id).order_by("-computed_at", "-pk")[:limit]
