"""Geometry for the page's two small pictures, drawn by the template as inline SVG.

No chart library and no script: the numbers are laid out here and the template writes
``<rect>``/``<polyline>`` elements with presentation attributes, which the strict CSP
(``style-src 'self'``) allows. Each chart also carries a plain-text description for
screen readers.
"""

from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC
from decimal import Decimal

from scoring.rubric import CONFIDENCE_BANDS, MAX_SCORE, MIXED_SHARE
from sources.choices import Position, SourceType
from tactics.choices import Confidence

BAR_WIDTH = 400  # the bar strip's viewBox width: the evidence against left of centre, for right
BAR_HALF = BAR_WIDTH // 2


def _fmt(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')).normalize():f}"


@dataclass(frozen=True)
class GlanceRow:
    """One source type's weight: improves to the right of the centre; no detectable effect
    then worsens to the left, said apart (a null is not a harm)."""

    label: str
    improves: Decimal
    no_effect: Decimal
    worsens: Decimal
    improves_width: float
    no_effect_x: float
    no_effect_width: float
    worsens_x: float
    worsens_width: float

    @property
    def improves_text(self) -> str:
        return _fmt(self.improves)

    @property
    def no_effect_text(self) -> str:
        return _fmt(self.no_effect)

    @property
    def worsens_text(self) -> str:
        return _fmt(self.worsens)


@dataclass(frozen=True)
class GlanceChart:
    rows: list[GlanceRow]
    width: int
    centre: int
    description: str
    weighted: bool


def evidence_glance(rows) -> GlanceChart | None:
    """The evidence for and against, one bar strip per source type.

    The labels and numbers are HTML (readable on a phone); each row's bars are a small
    SVG strip stretched to the row's width. The weight is each source's quality weight
    from the scoring breakdown; a mixed finding counts half as an improvement and half as
    no effect (it helps in some settings, not in others). Before the first scoring run
    each source counts 1, and the chart says so.
    """
    if not rows:
        return None
    weighted = all(row.weight is not None for row in rows)
    totals: OrderedDict[str, dict[str, Decimal]] = OrderedDict()
    for row in rows:
        weight = row.weight if weighted else Decimal(1)
        sums = totals.setdefault(
            row.source.source_type, {outcome: Decimal(0) for outcome in _DRAWN}
        )
        if row.stance.position == Position.MIXED:
            sums[Position.IMPROVES] += weight * MIXED_SHARE
            sums[Position.NO_EFFECT] += weight * MIXED_SHARE
        else:
            sums[row.stance.position] += weight
    order = {value: index for index, value in enumerate(SourceType.values)}
    present = sorted(
        ((value, sums) for value, sums in totals.items() if any(sums.values())),
        key=lambda item: order.get(item[0], len(order)),
    )
    if not present:
        return None
    biggest = max(
        max(sums[Position.IMPROVES], sums[Position.NO_EFFECT] + sums[Position.WORSENS])
        for _, sums in present
    ) or Decimal(1)

    def width(value: Decimal) -> float:
        return round(float(value / biggest) * BAR_HALF, 1)

    chart_rows, phrases = [], []
    for value, sums in present:
        null_width, harm_width = width(sums[Position.NO_EFFECT]), width(sums[Position.WORSENS])
        label = SourceType(value).label if value in SourceType.values else value
        row = GlanceRow(
            label=label,
            improves=sums[Position.IMPROVES],
            no_effect=sums[Position.NO_EFFECT],
            worsens=sums[Position.WORSENS],
            improves_width=width(sums[Position.IMPROVES]),
            no_effect_x=round(BAR_HALF - null_width, 1),
            no_effect_width=null_width,
            worsens_x=round(BAR_HALF - null_width - harm_width, 1),
            worsens_width=harm_width,
        )
        chart_rows.append(row)
        phrases.append(
            f"{label}: {row.improves_text} improves, {row.no_effect_text} no effect, "
            f"{row.worsens_text} worsens"
        )
    unit = "quality-weighted" if weighted else "counted (not yet weighted)"
    return GlanceChart(
        rows=chart_rows,
        width=BAR_WIDTH,
        centre=BAR_HALF,
        description=f"Evidence weight by source type, {unit}. " + "; ".join(phrases) + ".",
        weighted=weighted,
    )


_DRAWN = (Position.IMPROVES, Position.NO_EFFECT, Position.WORSENS)


# --- score history ---------------------------------------------------------------------

H_WIDTH = 400
H_HEIGHT = 180
PAD_LEFT = 30
PAD_RIGHT = 10
PAD_TOP = 12
PAD_BOTTOM = 28


@dataclass(frozen=True)
class HistoryPoint:
    x: float
    y: float
    score: Decimal
    confidence_label: str
    date_label: str
    reason: str
    iso: str  # for <time datetime>: minutes, no fractions (the Nu checker refuses six digits)


@dataclass(frozen=True)
class GridLine:
    y: float
    value: Decimal
    label: str


@dataclass(frozen=True)
class HistoryChart:
    points: list[HistoryPoint]
    polyline: str
    grid: list[GridLine]
    width: int
    height: int
    left: int
    right: int
    bottom: float
    first_label: str
    last_label: str
    description: str


def _y(score: Decimal) -> float:
    plot = H_HEIGHT - PAD_TOP - PAD_BOTTOM
    return round(PAD_TOP + plot * (1 - float(score) / float(MAX_SCORE)), 1)


def score_history(snapshots) -> HistoryChart | None:
    """A line of the score over time, with the confidence band boundaries as grid lines,
    and the last few changes with their reasons, for a list beside it that reads without
    the picture.

    Fewer than two snapshots draw nothing: one point is not a history.
    """
    if len(snapshots) < 2:
        return None
    times = [snapshot.computed_at.timestamp() for snapshot in snapshots]
    start, end = min(times), max(times)
    # Several recalculations on one day are told apart by their time.
    date_format = "%-d %b %Y %H:%M UTC" if end - start < 2 * 86400 else "%-d %b %Y"
    plot_width = H_WIDTH - PAD_LEFT - PAD_RIGHT
    points = []
    for index, snapshot in enumerate(snapshots):
        if end > start:
            share = (times[index] - start) / (end - start)
        else:
            share = index / (len(snapshots) - 1)
        score = Decimal(str(snapshot.score))
        points.append(
            HistoryPoint(
                x=round(PAD_LEFT + share * plot_width, 1),
                y=_y(score),
                score=score,
                confidence_label=Confidence(snapshot.confidence).label
                if snapshot.confidence in Confidence.values
                else str(snapshot.confidence),
                date_label=snapshot.computed_at.strftime(date_format),
                reason=getattr(snapshot, "reason", "") or "Recomputed",
                iso=snapshot.computed_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ"),
            )
        )
    grid = [GridLine(_y(Decimal(0)), Decimal(0), "0")]
    grid += [GridLine(_y(minimum), minimum, str(minimum)) for minimum, _ in CONFIDENCE_BANDS]
    grid.append(GridLine(_y(MAX_SCORE), MAX_SCORE, str(MAX_SCORE)))
    grid = sorted({line.value: line for line in grid}.values(), key=lambda line: line.value)
    first, last = points[0], points[-1]
    return HistoryChart(
        points=points,
        polyline=" ".join(f"{point.x},{point.y}" for point in points),
        grid=grid,
        width=H_WIDTH,
        height=H_HEIGHT,
        left=PAD_LEFT,
        right=H_WIDTH - PAD_RIGHT,
        bottom=H_HEIGHT - PAD_BOTTOM + 18,
        first_label=first.date_label,
        last_label=last.date_label,
        description=(
            f"Evidence score over time: {first.score}/35 ({first.confidence_label}) on "
            f"{first.date_label}, {last.score}/35 ({last.confidence_label}) on "
            f"{last.date_label}, across {len(points)} recalculations."
        ),
    )
