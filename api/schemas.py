"""What the API answers, as pydantic schemas: Ninja turns them into the OpenAPI document.

Codes come with their display labels (`confidence: "low"`, `confidence_label: "Low"`):
the code is stable for programs, the label is the wording the site prints. Codes are
enumerated from the same TextChoices the models use, so the schema cannot drift from them.
"""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from sources.choices import (
    Directness,
    EffectKind,
    EffectMeasure,
    Method,
    OrganisationKind,
    Position,
    SourceType,
)
from tactics.choices import Confidence, Direction, Effort, Impact


def codes(choices):
    """A Literal of a TextChoices' stored values: an enum in the OpenAPI document."""
    return Literal[tuple(choices.values)]


ConfidenceCode = codes(Confidence)
DirectionCode = codes(Direction)
ImpactCode = codes(Impact)
PositionCode = codes(Position)


class Problem(Schema):
    detail: str = Field(description="What went wrong, in words.")
    problems: list[str] = Field(
        default_factory=list, description="One line per query parameter that was refused."
    )


class Named(Schema):
    slug: str
    name: str


class Counts(Schema):
    improves: int
    no_effect: int
    worsens: int
    mixed: int
    total: int


class PlatformGrade(Schema):
    """A live platform's own grade: the same rules applied to the evidence tested there."""

    platform: Named
    score: float
    confidence: ConfidenceCode
    confidence_label: str
    direction: DirectionCode
    direction_label: str
    impact: ImpactCode
    impact_label: str
    sources: int = Field(description="Counted sources in this platform's body of evidence.")
    live_sources: int = Field(description="Of those, the sources that tested it live.")


class GradeChange(Schema):
    """What one new study would do to the grade, worked out by the scoring rules."""

    evidence: str = Field(description="The smallest kind of study that would move the grade.")
    sentence: str = Field(description="The whole statement as the tactic page prints it.")
    to_score: float
    to_confidence: ConfidenceCode
    to_confidence_label: str
    to_direction: DirectionCode
    to_direction_label: str


class TacticSummary(Schema):
    slug: str
    question: str
    url: str = Field(description="The tactic's page on the site.")
    api_url: str
    category: Named
    verdict: str = Field(description="The verdict as printed, its lead written from the grade.")
    evidence_score: float
    max_score: int
    confidence: ConfidenceCode
    confidence_label: str
    direction: DirectionCode
    direction_label: str
    contested: bool
    impact: ImpactCode
    impact_label: str
    impact_reason: str
    effort: codes(Effort)
    effort_label: str
    counts: Counts = Field(description="Current sources by what they found.")
    platforms_covered: list[Named]
    platform_grades: list[PlatformGrade]
    would_raise: GradeChange | None = Field(description="What would raise this grade.")
    would_lower: GradeChange | None = Field(description="What would lower this grade.")
    updated_at: datetime
    last_reviewed: date | None


class Effect(Schema):
    """The effect a source reports, when it gives one."""

    measure: codes(EffectMeasure)
    measure_label: str
    kind: codes(EffectKind)
    kind_label: str
    value: float
    low: float | None
    high: float | None
    p: float | None
    quote: str
    words: str = Field(description='As printed: "+33% citation rate, 95% CI +20% to +46%".')


class StanceFields(Schema):
    id: int
    position: PositionCode
    position_label: str
    directness: codes(Directness)
    directness_label: str
    finding: str
    detail: str
    effect: Effect | None
    checked: bool = Field(description="Checked by a second researcher.")


class SourceRef(Schema):
    id: int
    title: str
    url: str
    api_url: str


class TacticRef(Schema):
    slug: str
    question: str
    url: str
    api_url: str


class StanceOnTactic(StanceFields):
    source: SourceRef
    points: float | None = Field(description="Its part in the evidence score.")
    weight: float | None = Field(description="Its quality weight, 0 to 1.")


class TacticDetail(TacticSummary):
    confidence_reasons: list[str]
    stances: list[StanceOnTactic]


class Organisation(Schema):
    name: str
    kind: codes(OrganisationKind)
    kind_label: str
    sells_related_product: bool


class SourceSummary(Schema):
    id: int
    title: str
    url: str = Field(description="The source's page on the site.")
    api_url: str
    link: str = Field(description="Where the source itself is published.")
    doi: str
    authors: str
    published_on: date | None
    organisation: Organisation
    venue: str
    source_type: codes(SourceType)
    source_type_label: str
    method: codes(Method)
    method_label: str
    sample_size: int | None
    sample_unit: str
    platforms: list[Named] = Field(description="Live AI platforms it tested.")
    lab_engine: str = Field(description="A simulated engine it tested instead, if any.")
    live_tested_on: date | None
    second_hand: bool
    outcome_counts: Counts = Field(
        description="Its stances on published tactics, by what it found."
    )


class StanceOnSource(StanceFields):
    tactic: TacticRef


class SourceDetail(SourceSummary):
    summary: str
    stances: list[StanceOnSource]


class Stance(StanceFields):
    tactic: TacticRef
    source: SourceRef


class Endpoint(Schema):
    name: str = Field(description="The endpoint's URL name, as in the OpenAPI document.")
    url: str = Field(
        description="Its address; {slug} and {source_id} stand for the part to fill in."
    )
    summary: str


class LicenceTerms(Schema):
    name: str
    url: str
    attribution: str = Field(description="How to credit the data when reusing it.")


class ApiIndex(Schema):
    title: str
    version: str
    description: str
    endpoints: list[Endpoint]
    openapi_url: str = Field(description="The OpenAPI 3 document of this version.")
    licence: LicenceTerms
    data_url: str = Field(description="The whole dataset as files (CSV and JSON).")


class Page(Schema):
    count: int = Field(description="How many match, on every page.")
    page: int
    page_size: int
    pages: int
    next: str | None
    previous: str | None


class TacticPage(Page):
    results: list[TacticSummary]


class SourcePage(Page):
    results: list[SourceSummary]


class StancePage(Page):
    results: list[Stance]
