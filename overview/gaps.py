"""The evidence-gap map: every published tactic against every live platform, and the
studies that would move the grades most.

Everything comes from what the engine already stored (`tactic.assessment`, the typed
breakdown the tactic page reads): the per-platform grades, their counts and what would
raise each grade. Nothing here runs the engine. One aggregate query adds the evidence a
platform column cannot hold: lab studies (simulated engines, counted in every platform's
grade at the lab weight) and sources that name no engine at all (counted only in the
tactic's overall grade). Three queries whatever the number of tactics.

A platform cell counts the sources that tested the tactic live there. Its grade is built
on those plus the tactic's lab studies, so a cell's live count plus the lab column is the
"Sources" figure of the tactic page's platform table.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q

from scoring.breakdown import Assessment, GradeChange
from scoring.counterfactual import STUDIES
from scoring.rubric import CONFIDENCE_ORDER
from sources.models import Source, Stance
from tactics.choices import Confidence, Direction, Status
from tactics.grammar import count_noun, join_words
from tactics.models import Platform, Tactic

OVERALL, PLATFORM, LAB, UNNAMED = "overall", "platform", "lab", "unnamed"
UNDECIDED = (Direction.NO_EVIDENCE, Direction.MIXED)


@dataclass(frozen=True)
class Column:
    key: str  # a platform slug, or one of OVERALL, LAB, UNNAMED
    label: str
    kind: str

    @property
    def graded(self) -> bool:
        """Overall and platform columns carry a grade; lab and unnamed only a count."""
        return self.kind in (OVERALL, PLATFORM)


@dataclass(frozen=True)
class Cell:
    column: Column
    count: int
    confidence: str = ""  # empty: no grade in this cell
    direction: str = ""
    score: Decimal | None = None
    graded_on: int = 0  # sources the platform's grade counts (live here plus lab studies)

    @property
    def empty(self) -> bool:
        return self.count == 0

    @property
    def confidence_label(self) -> str:
        return Confidence(self.confidence).label if self.confidence else ""

    @property
    def direction_label(self) -> str:
        return Direction(self.direction).label if self.direction else ""

    @property
    def unit(self) -> str:
        """What the count counts, in words agreeing with it."""
        if self.column.kind == PLATFORM:
            return f"{count_noun(self.count, 'source')} tested it live"
        if self.column.kind == LAB:
            return count_noun(self.count, "lab study", "lab studies")
        if self.column.kind == UNNAMED:
            return f"{count_noun(self.count, 'source')} naming no engine"
        return count_noun(self.count, "source")

    @property
    def grade_words(self) -> str:
        """The cell's grade in words, or why it has none."""
        if self.confidence:
            return f"{self.confidence_label} confidence, {self.direction_label.lower()}"
        if self.column.kind == PLATFORM:
            return "no live test: no grade"
        if self.empty:
            return "none"
        return "counted in the overall grade, not graded on its own"

    @property
    def short_words(self) -> str:
        """The grade in a few words, for a table cell."""
        if self.confidence:
            return f"{self.confidence_label}, {self.direction_label.lower()}"
        if self.column.kind == PLATFORM:
            return "no live test"
        return "none" if self.empty else "not graded"

    @property
    def words(self) -> str:
        """The whole cell as one sentence: the chart's tooltip and the table's reading."""
        text = f"{self.column.label}: {self.unit}; {self.grade_words}"
        if self.column.kind == PLATFORM and self.confidence and self.graded_on != self.count:
            lab = self.graded_on - self.count
            text += f" (graded with {count_noun(lab, 'lab study', 'lab studies')} as well)"
        return text


@dataclass(frozen=True)
class GapRow:
    tactic: Tactic
    cells: tuple[Cell, ...]

    @property
    def platform_cells(self) -> tuple[Cell, ...]:
        return tuple(cell for cell in self.cells if cell.column.kind == PLATFORM)


@dataclass(frozen=True)
class WantedExperiment:
    """The smallest study that would raise one tactic's grade (its page's "What would
    raise it"), with what the grade would gain."""

    tactic: Tactic
    change: GradeChange
    levels_gained: int
    score_gained: Decimal
    settles_direction: bool  # from no evidence or mixed to a direction
    where: str  # which platforms the study may use, in words ("" when it does not matter)

    @property
    def from_label(self) -> str:
        return f"{Confidence(self.tactic.confidence).label} confidence, " + (
            Direction(self.tactic.direction).label.lower()
        )

    @property
    def to_label(self) -> str:
        return f"{Confidence(self.change.to_confidence).label} confidence, " + (
            Direction(self.change.to_direction).label.lower()
        )

    @property
    def gain_words(self) -> str:
        parts = []
        if self.levels_gained:
            parts.append(f"confidence up {count_noun(self.levels_gained, 'level')}")
        if self.settles_direction:
            parts.append("a direction where there is none")
        parts.append(f"score +{self.score_gained}")
        return ", ".join(parts)


@dataclass(frozen=True)
class PlatformReach:
    """A platform and the published tactics no source has tested live on it."""

    platform: Platform
    untested: tuple[Tactic, ...]
    tested: int


@dataclass(frozen=True)
class GapMap:
    columns: tuple[Column, ...]
    rows: tuple[GapRow, ...]
    wanted: tuple[WantedExperiment, ...]
    reach: tuple[PlatformReach, ...]  # most untested tactics first
    platform_count: int

    @property
    def pairs(self) -> int:
        return len(self.rows) * self.platform_count

    @property
    def empty_pairs(self) -> int:
        return sum(1 for row in self.rows for cell in row.platform_cells if cell.empty)

    @property
    def untested_anywhere(self) -> tuple[Tactic, ...]:
        """Tactics no source has tested on any live platform."""
        return tuple(
            row.tactic for row in self.rows if all(cell.empty for cell in row.platform_cells)
        )


def _extra_counts() -> dict[int, tuple[int, int]]:
    """{published tactic id: (lab-only sources, sources naming no engine)}, counted from
    the current stances (those the grade counts) in one query."""
    live = Source.platforms.through.objects.filter(source_id=OuterRef("source_id"))
    no_live = Q(live=False)
    rows = (
        Stance.objects.current()
        .filter(tactic__status=Status.PUBLISHED)
        .annotate(live=Exists(live))
        .values("tactic_id")
        .annotate(
            lab=Count("pk", filter=no_live & ~Q(source__lab_engine="")),
            unnamed=Count("pk", filter=no_live & Q(source__lab_engine="")),
        )
        .order_by()
        .values_list("tactic_id", "lab", "unnamed")
    )
    return {tactic_id: (lab, unnamed) for tactic_id, lab, unnamed in rows}


def _columns(platforms) -> tuple[Column, ...]:
    return (
        Column(OVERALL, "All evidence", OVERALL),
        *(Column(platform.slug, platform.name, PLATFORM) for platform in platforms),
        Column(LAB, "Lab studies only", LAB),
        Column(UNNAMED, "No engine named", UNNAMED),
    )


def _row(tactic, assessment: Assessment, columns, extra) -> GapRow:
    grades = {grade.platform: grade for grade in assessment.platform_grades}
    lab, unnamed = extra
    cells = []
    for column in columns:
        if column.kind == OVERALL:
            graded = assessment.sources > 0
            cells.append(
                Cell(
                    column,
                    assessment.sources,
                    tactic.confidence if graded else "",
                    tactic.direction if graded else "",
                    tactic.evidence_score if graded else None,
                    assessment.sources,
                )
            )
        elif column.kind == PLATFORM:
            grade = grades.get(column.key)
            if grade is None:
                cells.append(Cell(column, 0))
            else:
                cells.append(
                    Cell(
                        column,
                        grade.live_sources,
                        grade.confidence,
                        grade.direction,
                        grade.score,
                        grade.sources,
                    )
                )
        else:
            cells.append(Cell(column, lab if column.kind == LAB else unnamed))
    return GapRow(tactic, tuple(cells))


def _level(confidence: str) -> int:
    return CONFIDENCE_ORDER.index(confidence)


def _where(change: GradeChange, assessment: Assessment, platforms) -> str:
    """Which platforms the named study may test, by name: the ones the evidence covers,
    or the ones it has not reached."""
    study = STUDIES.get(change.study)
    if study is None:
        return ""
    covered = set(assessment.platforms)
    if study.new_platforms:
        names = [p.name for p in platforms if p.slug not in covered]
        return f"Platforms not covered yet: {join_words(names)}." if names else ""
    names = [p.name for p in platforms if p.slug in covered]
    return f"Platforms it already covers: {join_words(names)}." if names else ""


def _wanted(tactic, assessment: Assessment, platforms) -> WantedExperiment | None:
    change = assessment.would_raise
    if change is None:
        return None
    settles = tactic.direction in UNDECIDED and change.to_direction not in UNDECIDED
    return WantedExperiment(
        tactic=tactic,
        change=change,
        levels_gained=max(0, _level(change.to_confidence) - _level(tactic.confidence)),
        score_gained=max(Decimal("0.0"), change.to_score - tactic.evidence_score),
        settles_direction=settles,
        where=_where(change, assessment, platforms),
    )


def _rank(item: WantedExperiment):
    """Largest gain first: confidence levels, a direction found, then the lowest grade now
    (the tactics readers can least act on), then the score gained."""
    return (
        -item.levels_gained,
        not item.settles_direction,
        _level(item.tactic.confidence),
        -item.score_gained,
        item.tactic.question.lower(),
    )


def build_gap_map() -> GapMap:
    """The gap map of the published tactics, in three queries."""
    tactics = list(
        Tactic.objects.published()
        .only(
            "slug",
            "question",
            "evidence_score",
            "confidence",
            "direction",
            "evidence_breakdown",
        )
        .order_by("question", "pk")
    )
    platforms = list(Platform.objects.order_by("position", "name"))
    extra = _extra_counts() if tactics else {}
    columns = _columns(platforms)
    rows, wanted = [], []
    for tactic in tactics:
        assessment = tactic.assessment
        rows.append(_row(tactic, assessment, columns, extra.get(tactic.pk, (0, 0))))
        item = _wanted(tactic, assessment, platforms)
        if item is not None:
            wanted.append(item)
    reach = []
    for index, platform in enumerate(platforms):
        cells = [(row.tactic, row.platform_cells[index]) for row in rows]
        untested = tuple(tactic for tactic, cell in cells if cell.empty)
        reach.append(PlatformReach(platform, untested, len(rows) - len(untested)))
    reach.sort(key=lambda r: (-len(r.untested), r.platform.position, r.platform.name))
    return GapMap(
        columns=columns,
        rows=tuple(rows),
        wanted=tuple(sorted(wanted, key=_rank)),
        reach=tuple(reach),
        platform_count=len(platforms),
    )
