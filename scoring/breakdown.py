"""The typed breakdown of a grade: what the engine writes and every reader reads.

The engine returns an `Assessment`; scoring/services.py stores `Assessment.as_dict()` in
Tactic.evidence_breakdown; the tactic page, the admin and the charts read it back with
`Assessment.from_dict()` (or `tactic.assessment`), never by picking at the JSON. Decimals
travel as strings so that the stored figures are exactly the printed ones.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from scoring import rubric as r


@dataclass(frozen=True, slots=True)
class Contribution:
    """One stance's part in the grade."""

    stance_id: int
    source_id: int
    position: str
    weight: Decimal  # the quality weight q, 0-1
    points: Decimal
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A rating-down (or the cap at the maximum): points are the change of the running total."""

    label: str
    points: Decimal
    reason: str


@dataclass(frozen=True, slots=True)
class CapLine:
    """A confidence cap that applies: its stable key (the page's data-cap hook), the most
    it allows and why."""

    key: str
    level: str
    wording: str


@dataclass(frozen=True, slots=True)
class GradeChange:
    """What new evidence would move the grade, and where to: `evidence` describes the
    smallest kind of study that would, in words; `to_confidence`/`to_direction` are the
    grade the engine computes with that study added."""

    evidence: str
    to_confidence: str
    to_direction: str
    to_score: Decimal
    # Which study (scoring.counterfactual.STUDIES) and what it finds: enough to rebuild
    # the evidence and check the claim.
    study: str = ""
    finding: str = ""


@dataclass(frozen=True, slots=True)
class PlatformAssessment:
    """The grade of the evidence on one live platform (see engine.assess_platforms)."""

    platform: str  # slug
    score: Decimal
    confidence: str
    direction: str
    impact: str
    sources: int
    live_sources: int


@dataclass(frozen=True, slots=True)
class Assessment:
    score: Decimal
    confidence: str
    direction: str
    contested: bool
    improves: int
    no_effect: int
    worsens: int
    mixed: int
    platforms: tuple[str, ...]  # live platforms the counted evidence tested (slugs)
    contributions: tuple[Contribution, ...]
    adjustments: tuple[Adjustment, ...]
    # The score band's reason first (when below High), then each cap that applies.
    confidence_reasons: tuple[str, ...]
    caps: tuple[CapLine, ...] = ()
    impact: str = "unknown"
    impact_reason: str = ""
    would_raise: GradeChange | None = None
    would_lower: GradeChange | None = None
    platform_grades: tuple[PlatformAssessment, ...] = ()
    as_of: date | None = field(default=None)

    @property
    def sources(self) -> int:
        return self.improves + self.no_effect + self.worsens + self.mixed

    def as_dict(self) -> dict:
        """JSON-serialisable form stored in Tactic.evidence_breakdown."""
        return {
            "score": str(self.score),
            "confidence": self.confidence,
            "direction": self.direction,
            "contested": self.contested,
            "improves": self.improves,
            "no_effect": self.no_effect,
            "worsens": self.worsens,
            "mixed": self.mixed,
            "platforms": list(self.platforms),
            "contributions": [
                {
                    "stance_id": c.stance_id,
                    "source_id": c.source_id,
                    "position": c.position,
                    # In full: the page prints it and a rounded weight breaks the hand sum.
                    "weight": r.exact(c.weight),
                    "points": str(c.points),
                    "reasons": list(c.reasons),
                }
                for c in self.contributions
            ],
            "adjustments": [
                {"label": a.label, "points": str(a.points), "reason": a.reason}
                for a in self.adjustments
            ],
            "confidence_reasons": list(self.confidence_reasons),
            "caps": [{"key": c.key, "level": c.level, "wording": c.wording} for c in self.caps],
            "impact": self.impact,
            "impact_reason": self.impact_reason,
            "would_raise": _change_dict(self.would_raise),
            "would_lower": _change_dict(self.would_lower),
            "platform_grades": [
                {
                    "platform": p.platform,
                    "score": str(p.score),
                    "confidence": p.confidence,
                    "direction": p.direction,
                    "impact": p.impact,
                    "sources": p.sources,
                    "live_sources": p.live_sources,
                }
                for p in self.platform_grades
            ],
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }

    @classmethod
    def from_dict(cls, data: dict | None) -> "Assessment":
        """The stored breakdown, typed. An empty or missing one reads as "no evidence yet"
        (a tactic never scored), and keys a newer engine added default to empty."""
        data = data if isinstance(data, dict) else {}
        return cls(
            score=Decimal(data.get("score") or "0.0"),
            confidence=data.get("confidence") or "very_low",
            direction=data.get("direction") or "no_evidence",
            contested=bool(data.get("contested")),
            improves=int(data.get("improves") or 0),
            no_effect=int(data.get("no_effect") or 0),
            worsens=int(data.get("worsens") or 0),
            mixed=int(data.get("mixed") or 0),
            platforms=tuple(data.get("platforms") or ()),
            contributions=tuple(
                Contribution(
                    stance_id=int(c["stance_id"]),
                    source_id=int(c["source_id"]),
                    position=c["position"],
                    weight=Decimal(c["weight"]),
                    points=Decimal(c["points"]),
                    reasons=tuple(c.get("reasons") or ()),
                )
                for c in data.get("contributions") or ()
            ),
            adjustments=tuple(
                Adjustment(a["label"], Decimal(a["points"]), a.get("reason", ""))
                for a in data.get("adjustments") or ()
            ),
            confidence_reasons=tuple(str(x) for x in data.get("confidence_reasons") or ()),
            caps=tuple(CapLine(c["key"], c["level"], c["wording"]) for c in data.get("caps") or ()),
            impact=data.get("impact") or "unknown",
            impact_reason=data.get("impact_reason") or "",
            would_raise=_change_from(data.get("would_raise")),
            would_lower=_change_from(data.get("would_lower")),
            platform_grades=tuple(
                PlatformAssessment(
                    platform=p["platform"],
                    score=Decimal(p["score"]),
                    confidence=p["confidence"],
                    direction=p["direction"],
                    impact=p.get("impact") or "unknown",
                    sources=int(p.get("sources") or 0),
                    live_sources=int(p.get("live_sources") or 0),
                )
                for p in data.get("platform_grades") or ()
            ),
            as_of=date.fromisoformat(data["as_of"]) if data.get("as_of") else None,
        )


def _change_dict(change: GradeChange | None) -> dict | None:
    if change is None:
        return None
    return {
        "evidence": change.evidence,
        "to_confidence": change.to_confidence,
        "to_direction": change.to_direction,
        "to_score": str(change.to_score),
        "study": change.study,
        "finding": change.finding,
    }


def _change_from(data: dict | None) -> GradeChange | None:
    if not data:
        return None
    return GradeChange(
        data["evidence"],
        data["to_confidence"],
        data["to_direction"],
        Decimal(data["to_score"]),
        data.get("study", ""),
        data.get("finding", ""),
    )
