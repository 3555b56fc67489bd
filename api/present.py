"""Models to the API's plain dicts (validated against api/schemas.py on the way out).

The grade's detail is read from the typed breakdown the engine stored (`tactic.assessment`,
scoring.breakdown.Assessment), as the tactic page reads it; nothing here re-derives a
grade. Every builder works on rows already loaded (api/queries.py says how), so the query
count of a page of results does not grow with its length.
"""

from collections import Counter
from decimal import Decimal

from django.urls import reverse

from scoring.breakdown import GradeChange
from scoring.rubric import MAX_SCORE
from sources.choices import (
    Directness,
    EffectKind,
    EffectMeasure,
    Method,
    OrganisationKind,
    Position,
    SourceType,
)
from sources.effects import effect_words
from tactics.choices import Confidence, Direction, Effort, Impact

NAMESPACE = "api-v1"


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def named(thing) -> dict:
    return {"slug": thing.slug, "name": thing.name}


class Links:
    """Absolute URLs, built against the request's host (the page cache keys by host too)."""

    def __init__(self, request):
        self.request = request

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def tactic_refs(self, tactic) -> dict:
        return {
            "slug": tactic.slug,
            "question": tactic.question,
            "url": self.absolute(tactic.get_absolute_url()),
            "api_url": self.absolute(reverse(f"{NAMESPACE}:tactic", args=[tactic.slug])),
        }

    def source_refs(self, source) -> dict:
        return {
            "id": source.pk,
            "title": source.title,
            "url": self.absolute(source.get_absolute_url()),
            "api_url": self.absolute(reverse(f"{NAMESPACE}:source", args=[source.pk])),
        }


def change_sentence(change: GradeChange) -> str:
    """The tactic page's "What would change this grade" line, word for word."""
    evidence = change.evidence[:1].upper() + change.evidence[1:]
    return (
        f"{evidence}. With it: {Direction(change.to_direction).label.lower()}, "
        f"{Confidence(change.to_confidence).label.lower()} confidence, "
        f"score {change.to_score}/{MAX_SCORE}."
    )


def grade_change(change: GradeChange | None) -> dict | None:
    if change is None:
        return None
    return {
        "evidence": change.evidence,
        "sentence": change_sentence(change),
        "to_score": number(change.to_score),
        "to_confidence": change.to_confidence,
        "to_confidence_label": Confidence(change.to_confidence).label,
        "to_direction": change.to_direction,
        "to_direction_label": Direction(change.to_direction).label,
    }


def platform_grades(assessment, platforms_by_slug) -> list[dict]:
    """The platform grid of the tactic page: grades of platforms we still list, in the
    site's order."""
    rows = [
        (platforms_by_slug[grade.platform], grade)
        for grade in assessment.platform_grades
        if grade.platform in platforms_by_slug
    ]
    rows.sort(key=lambda row: (row[0].position, row[0].name))
    return [
        {
            "platform": named(platform),
            "score": number(grade.score),
            "confidence": grade.confidence,
            "confidence_label": Confidence(grade.confidence).label,
            "direction": grade.direction,
            "direction_label": Direction(grade.direction).label,
            "impact": grade.impact,
            "impact_label": Impact(grade.impact).label,
            "sources": grade.sources,
            "live_sources": grade.live_sources,
        }
        for platform, grade in rows
    ]


def counts(improves, no_effect, worsens, mixed) -> dict:
    return {
        "improves": improves,
        "no_effect": no_effect,
        "worsens": worsens,
        "mixed": mixed,
        "total": improves + no_effect + worsens + mixed,
    }


def tactic_summary(tactic, links: Links, platforms_by_slug) -> dict:
    """A tactic from api.queries.tactics(): category and platforms_covered loaded."""
    assessment = tactic.assessment
    return {
        **links.tactic_refs(tactic),
        "category": named(tactic.category),
        "verdict": tactic.full_verdict,
        "evidence_score": number(tactic.evidence_score),
        "max_score": int(MAX_SCORE),
        "confidence": tactic.confidence,
        "confidence_label": tactic.get_confidence_display(),
        "direction": tactic.direction,
        "direction_label": tactic.get_direction_display(),
        "contested": tactic.contested,
        "impact": tactic.impact,
        "impact_label": tactic.get_impact_display(),
        "impact_reason": assessment.impact_reason,
        "effort": tactic.effort,
        "effort_label": Effort(tactic.effort).label,
        "counts": counts(
            tactic.improves_count,
            tactic.no_effect_count,
            tactic.worsens_count,
            tactic.mixed_count,
        ),
        "platforms_covered": [named(platform) for platform in tactic.platforms_covered.all()],
        "platform_grades": platform_grades(assessment, platforms_by_slug),
        "would_raise": grade_change(assessment.would_raise),
        "would_lower": grade_change(assessment.would_lower),
        "updated_at": tactic.updated_at,
        "last_reviewed": tactic.last_reviewed,
    }


def effect(stance) -> dict | None:
    if not stance.has_effect:
        return None
    return {
        "measure": stance.effect_measure,
        "measure_label": EffectMeasure(stance.effect_measure).label,
        "kind": stance.effect_kind,
        "kind_label": EffectKind(stance.effect_kind).label,
        "value": number(stance.effect_value),
        "low": number(stance.effect_low),
        "high": number(stance.effect_high),
        "p": number(stance.effect_p),
        "quote": stance.effect_quote,
        "words": effect_words(stance),
    }


def stance_fields(stance) -> dict:
    return {
        "id": stance.pk,
        "position": stance.position,
        "position_label": Position(stance.position).label,
        "directness": stance.directness,
        "directness_label": Directness(stance.directness).label,
        "finding": stance.finding,
        "detail": stance.detail,
        "effect": effect(stance),
        "checked": stance.is_checked,
    }


def tactic_detail(tactic, links: Links, platforms_by_slug) -> dict:
    """A tactic from api.queries.tactic_with_stances()."""
    assessment = tactic.assessment
    contributions = {c.stance_id: c for c in assessment.contributions}
    # The sources that earn points first, in the engine's order (strongest first).
    order = {stance_id: index for index, stance_id in enumerate(contributions)}
    stances = []
    for stance in sorted(tactic.public_stances, key=lambda s: (order.get(s.pk, len(order)), s.pk)):
        contribution = contributions.get(stance.pk)
        stances.append(
            {
                **stance_fields(stance),
                "source": links.source_refs(stance.source),
                "points": number(contribution.points) if contribution else None,
                "weight": number(contribution.weight) if contribution else None,
            }
        )
    return {
        **tactic_summary(tactic, links, platforms_by_slug),
        "confidence_reasons": list(assessment.confidence_reasons),
        "stances": stances,
    }


def source_summary(source, links: Links, outcome_counts: Counter) -> dict:
    """A source from api.queries.sources(): organisation and platforms loaded."""
    organisation = source.organisation
    return {
        **links.source_refs(source),
        # Only web addresses are links; anything else stays unlinked, as on the page.
        "link": source.url if source.url.lower().startswith(("http://", "https://")) else "",
        "doi": source.doi,
        "authors": source.authors,
        "published_on": source.published_on,
        "organisation": {
            "name": organisation.name,
            "kind": organisation.kind,
            "kind_label": OrganisationKind(organisation.kind).label,
            "sells_related_product": organisation.sells_related_product,
        },
        "venue": source.venue,
        "source_type": source.source_type,
        "source_type_label": SourceType(source.source_type).label,
        "method": source.method,
        "method_label": Method(source.method).label,
        "sample_size": source.sample_size,
        "sample_unit": source.sample_unit,
        "platforms": [named(platform) for platform in source.platforms.all()],
        "lab_engine": source.lab_engine,
        "live_tested_on": source.live_tested_on,
        "second_hand": source.second_hand,
        "outcome_counts": counts(*(outcome_counts[position] for position in Position.values)),
    }


def source_detail(source, links: Links, outcome_counts: Counter, stances) -> dict:
    """A source as source_summary() gives it, with its summary and stances
    (api.queries.stances_of)."""
    return {
        **source_summary(source, links, outcome_counts),
        "summary": source.summary,
        "stances": [
            {**stance_fields(stance), "tactic": links.tactic_refs(stance.tactic)}
            for stance in stances
        ],
    }


def stance(stance, links: Links) -> dict:
    return {
        **stance_fields(stance),
        "tactic": links.tactic_refs(stance.tactic),
        "source": links.source_refs(stance.source),
    }
