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

BAR_WIDTH = 400  # the bar strip's viewBox width; contradicting left of centre, supporting right
BAR_HALF = BAR_WIDTH // 2


def _fmt(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')).normalize():f}"


@dataclass(frozen=True)
class GlanceRow:
    label: str
    support: Decimal
    against: Decimal
    support_width: float
    against_x: float
    against_width: float
    support_text: str
    against_text: str


@dataclass(frozen=True)
class GlanceChart:
    rows: list[GlanceRow]
    width: int
    centre: int
    description: str
    weighted: bool


def evidence_glance(rows) -> GlanceChart | None:
    """Supporting against contradicting weight, one bar strip per source type.

    The labels and numbers are HTML (readable on a phone); each row's bars are a small
    SVG strip stretched to the row's width. The weight is each source's quality weight
    from the scoring breakdown (a mixed finding counts half on each side); before the
    first scoring run each source counts 1, and the chart says so.
    """
    if not rows:
        return None
    weighted = all(row.weight is not None for row in rows)
    totals: OrderedDict[str, list[Decimal]] = OrderedDict(
        (value, [Decimal(0), Decimal(0)]) for value in SourceType.values
    )
    for row in rows:
        weight = row.weight if weighted else Decimal(1)
        pair = totals.setdefault(row.source.source_type, [Decimal(0), Decimal(0)])
        if row.stance.position == Position.IMPROVES:
            pair[0] += weight
        elif row.stance.position == Position.NO_EFFECT:
            pair[1] += weight
        else:
            pair[0] += weight * MIXED_SHARE
            pair[1] += weight * MIXED_SHARE
    present = [(value, pair) for value, pair in totals.items() if pair[0] or pair[1]]
    if not present:
        return None
    biggest = max(max(pair) for _, pair in present) or Decimal(1)
    chart_rows = []
    phrases = []
    for value, (support, against) in present:
        support_width = round(float(support / biggest) * BAR_HALF, 1)
        against_width = round(float(against / biggest) * BAR_HALF, 1)
        label = SourceType(value).label if value in SourceType.values else value
        chart_rows.append(
            GlanceRow(
                label=label,
                support=support,
                against=against,
                support_width=support_width,
                against_x=round(BAR_HALF - against_width, 1),
                against_width=against_width,
                support_text=_fmt(support),
                against_text=_fmt(against),
            )
        )
        phrases.append(f"{label}: {_fmt(support)} supporting, {_fmt(against)} contradicting")
    unit = "quality-weighted" if weighted else "counted (not yet weighted)"
    return GlanceChart(
        rows=chart_rows,
        width=BAR_WIDTH,
        centre=BAR_HALF,
        description=f"Evidence weight by source type, {unit}. " + "; ".join(phrases) + ".",
        weighted=weighted,
    )


# --- score history ---------------------------------------------------------------------

H_WIDTH = 400
H_HEIGHT = 180
PAD_LEFT = 30
PAD_RIGHT = 10
PAD_TOP = 12
PAD_BOTTOM = 28


RECENT_CHANGES = 5  # listed beside the chart, newest first


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
    recent: list[HistoryPoint]  # the last few changes, newest first, listed as text


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
        recent=points[::-1][:RECENT_CHANGES],
    )
