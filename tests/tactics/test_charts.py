"""The two SVG pictures are laid out from the evidence, not decorative."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from scoring.rubric import CONFIDENCE_BANDS
from sources.choices import Position, SourceType
from tactics.charts import BAR_HALF, evidence_glance, score_history


def row(source_type, position, weight="0.5"):
    return SimpleNamespace(
        weight=None if weight is None else Decimal(weight),
        stance=SimpleNamespace(position=position),
        source=SimpleNamespace(source_type=source_type),
    )


def test_glance_bars_are_proportional_to_weight_per_source_type():
    chart = evidence_glance(
        [
            row(SourceType.PEER_REVIEWED, Position.IMPROVES, "1.0"),
            row(SourceType.INDUSTRY, Position.IMPROVES, "0.25"),
            row(SourceType.INDUSTRY, Position.NO_EFFECT, "0.5"),
            row(SourceType.INDUSTRY, Position.WORSENS, "0.25"),
        ]
    )
    by_label = {r.label: r for r in chart.rows}
    assert list(by_label) == ["Peer-reviewed research", "Industry report"]
    assert by_label["Peer-reviewed research"].improves_width == BAR_HALF
    assert by_label["Peer-reviewed research"].no_effect_width == 0
    industry = by_label["Industry report"]
    assert industry.improves_width == BAR_HALF / 4
    assert industry.no_effect_width == BAR_HALF / 2
    assert industry.worsens_width == BAR_HALF / 4
    # The evidence against grows leftwards from the centre line: nulls next to it, then
    # harms beyond them, drawn apart.
    assert industry.no_effect_x + industry.no_effect_width == chart.centre
    assert industry.worsens_x + industry.worsens_width == industry.no_effect_x
    assert (industry.improves_text, industry.no_effect_text, industry.worsens_text) == (
        "0.25",
        "0.5",
        "0.25",
    )
    assert "Industry report: 0.25 improves, 0.5 no effect, 0.25 worsens" in chart.description


def test_the_longest_bar_fills_half_the_strip_whichever_side_it_is():
    chart = evidence_glance(
        [
            row(SourceType.INDEPENDENT, Position.NO_EFFECT, "0.5"),
            row(SourceType.INDEPENDENT, Position.WORSENS, "0.5"),
            row(SourceType.INDUSTRY, Position.IMPROVES, "0.5"),
        ]
    )
    independent, industry = chart.rows
    assert independent.no_effect_width + independent.worsens_width == BAR_HALF
    assert independent.worsens_x == 0
    assert industry.improves_width == BAR_HALF / 2


def test_mixed_findings_count_half_as_improves_and_half_as_no_effect():
    chart = evidence_glance([row(SourceType.INDEPENDENT, Position.MIXED, "0.8")])
    (only,) = chart.rows
    assert only.improves == only.no_effect == Decimal("0.4")
    assert only.worsens == 0


def test_before_scoring_each_source_counts_once():
    chart = evidence_glance(
        [row(SourceType.INDEPENDENT, Position.IMPROVES, None)] * 3
        + [row(SourceType.INDEPENDENT, Position.NO_EFFECT, None)]
        + [row(SourceType.INDEPENDENT, Position.WORSENS, None)] * 2
    )
    assert not chart.weighted
    assert (chart.rows[0].improves, chart.rows[0].no_effect, chart.rows[0].worsens) == (3, 1, 2)
    assert "not yet weighted" in chart.description


def test_no_sources_no_chart():
    assert evidence_glance([]) is None


def snapshot(day, score, confidence="low", reason=""):
    return SimpleNamespace(
        computed_at=datetime.datetime(2026, 1, day, 9, 30, 12, 378431, tzinfo=datetime.UTC),
        score=Decimal(score),
        confidence=confidence,
        reason=reason,
    )


def test_history_line_rises_with_the_score():
    chart = score_history([snapshot(1, "5.0"), snapshot(11, "20.0", "medium"), snapshot(21, "35")])
    ys = [point.y for point in chart.points]
    xs = [point.x for point in chart.points]
    assert ys[0] > ys[1] > ys[2]  # SVG y grows downwards
    assert xs[1] - xs[0] == xs[2] - xs[1]  # evenly spaced in time
    assert chart.points[2].y == chart.grid[-1].y  # 35 sits on the top grid line
    bands = sorted(str(minimum) for minimum, _ in CONFIDENCE_BANDS)
    assert [line.label for line in chart.grid] == ["0", *sorted(bands, key=Decimal), "35"]
    assert chart.polyline.count(",") == 3
    assert "5.0/35 (Low) on 1 Jan 2026" in chart.description
    assert "35/35 (Low) on 21 Jan 2026" in chart.description


def test_one_snapshot_is_not_a_history():
    assert score_history([snapshot(1, "5.0")]) is None
    assert score_history([]) is None


def test_history_points_carry_their_reasons_for_the_chart_tooltips():
    snapshots = [
        snapshot(day, f"{day}.0", reason=f"Added: Publisher {day}, 1,000 pages (supports)")
        for day in range(1, 9)
    ]
    chart = score_history(snapshots)
    assert len(chart.points) == 8
    newest = chart.points[-1]
    assert newest.reason == "Added: Publisher 8, 1,000 pages (supports)"
    assert newest.date_label == "8 Jan 2026" and newest.confidence_label == "Low"
    assert newest.iso == "2026-01-08T09:30Z"  # no fractions of a second for <time datetime>
    assert score_history([snapshot(1, "5.0"), snapshot(2, "6.0")]).points[-1].reason == "Recomputed"
