"""The compare page's rows: every tactic shown, with its grade, its effort and its grade on
each platform, in the order the visitor asked for.

Plain Python over what the view loaded (the tactics with their platform grades prefetched,
and the platforms), so the query count does not grow with the number of tactics, and the
chart and the table number the same rows the same way.
"""

from dataclasses import dataclass
from decimal import Decimal

from scoring.rubric import CONFIDENCE_ORDER, IMPACT_ORDER, MAX_SCORE
from tactics.choices import Confidence, Direction, Effort, GradeLabels, Impact
from tactics.texts import EffortLevel, effort_level

# "works" first, "no evidence yet" last: the order of the choices.
DIRECTION_RANK = {value: rank for rank, value in enumerate(Direction.values)}
CONFIDENCE_RANK = {value: rank for rank, value in enumerate(CONFIDENCE_ORDER)}
IMPACT_RANK = {value: rank for rank, value in enumerate(IMPACT_ORDER)}
EFFORT_RANK = {Effort.TEMPLATE: 0, Effort.PROJECT: 1, Effort.PROGRAMME: 2}
PLATFORM_ORDER = "platform-"


@dataclass(frozen=True)
class PlatformCell(GradeLabels):
    """A tactic's grade on one live platform (scoring.models.PlatformGrade)."""

    platform_name: str
    score: Decimal
    confidence: str
    direction: str

    @property
    def words(self) -> str:
        return (
            f"{self.platform_name}: {self.direction_label}, "
            f"{self.confidence_label.lower()} confidence, score {self.score}/{MAX_SCORE}"
        )


@dataclass(frozen=True)
class CompareRow:
    number: int
    tactic: object
    effort: EffortLevel
    cells: tuple  # one PlatformCell or None per platform column

    @property
    def direction_label(self) -> str:
        return Direction(self.tactic.direction).label

    @property
    def confidence_label(self) -> str:
        return Confidence(self.tactic.confidence).label

    @property
    def impact_label(self) -> str:
        return Impact(self.tactic.impact).label

    @property
    def words(self) -> str:
        """The point's name on the chart, everything the row says in one sentence."""
        tactic = self.tactic
        effort = self.effort.label.lower() if self.effort.rated else "effort not rated yet"
        return (
            f"{self.number}. {tactic.question} {self.direction_label}, "
            f"{self.confidence_label.lower()} confidence, score {tactic.evidence_score}/"
            f"{MAX_SCORE}, impact {self.impact_label.lower()}, {effort}."
        )


@dataclass(frozen=True)
class SortKey:
    """One way to order the rows. `value` reads a row; None sorts last whichever way."""

    label: str
    value: object
    descending: bool


def _platform_score(slug):
    def value(row):
        cell = row.grades.get(slug)
        return cell.score if cell else None

    return value


def _rank(table, field):
    def value(row):
        return table.get(getattr(row.tactic, field))

    return value


BASE_KEYS = {
    "score": ("Highest score first", lambda row: row.tactic.evidence_score, True),
    "confidence": ("Highest confidence first", _rank(CONFIDENCE_RANK, "confidence"), True),
    "direction": ("Works first, harms last", _rank(DIRECTION_RANK, "direction"), False),
    "impact": ("Largest impact first", _rank(IMPACT_RANK, "impact"), True),
    "effort": ("Least effort first", _rank(EFFORT_RANK, "effort"), False),
    "title": ("Title, A to Z", lambda row: row.tactic.question.lower(), False),
    "updated": ("Recently updated", lambda row: row.tactic.updated_at, True),
}
REVERSED_LABELS = {
    "score": "Lowest score first",
    "confidence": "Lowest confidence first",
    "direction": "Harms first, works last",
    "impact": "Smallest impact first",
    "effort": "Most effort first",
    "title": "Title, Z to A",
    "updated": "Least recently updated",
}


def sort_keys(platforms) -> dict[str, SortKey]:
    """Every order the table offers, by the value the address carries: `score` is the
    column's natural order (highest first), `-score` the other way round."""
    keys = {}
    for name, (label, value, descending) in BASE_KEYS.items():
        keys[name] = SortKey(label, value, descending)
        keys[f"-{name}"] = SortKey(REVERSED_LABELS[name], value, not descending)
    for platform in platforms:
        value = _platform_score(platform.slug)
        name = f"{PLATFORM_ORDER}{platform.slug}"
        keys[name] = SortKey(f"Highest score on {platform.name} first", value, True)
        keys[f"-{name}"] = SortKey(f"Lowest score on {platform.name} first", value, False)
    return keys


@dataclass
class _Loaded:
    tactic: object
    grades: dict


def _sorted(loaded, key: SortKey | None):
    if key is None:
        return loaded  # the queryset's order: the best match first when searching
    # Ties fall back to the highest score, then the title, whichever column is sorted.
    loaded = sorted(loaded, key=lambda row: (-row.tactic.evidence_score, row.tactic.question))
    present = [row for row in loaded if key.value(row) is not None]
    missing = [row for row in loaded if key.value(row) is None]
    present.sort(key=key.value, reverse=key.descending)
    return present + missing


@dataclass(frozen=True)
class CompareTable:
    rows: list[CompareRow]
    platforms: list  # the platform columns: those on which a shown tactic has a grade
    order: str  # the order in force ("" for the default)


def compare_table(tactics, all_platforms, order: str = "") -> CompareTable:
    """The rows for tactics whose `platform_grades` are prefetched, sorted by `order`
    (a key of sort_keys; "" keeps the queryset's order)."""
    by_id = {platform.pk: platform for platform in all_platforms}
    loaded = []
    for tactic in tactics:
        grades = {}
        for grade in tactic.platform_grades.all():
            platform = by_id.get(grade.platform_id)
            if platform is not None:
                grades[platform.slug] = PlatformCell(
                    platform.name, grade.score, grade.confidence, grade.direction
                )
        loaded.append(_Loaded(tactic, grades))
    graded = {slug for row in loaded for slug in row.grades}
    columns = [platform for platform in all_platforms if platform.slug in graded]
    key = sort_keys(all_platforms).get(order) if order else None
    rows = [
        CompareRow(
            number=number,
            tactic=row.tactic,
            effort=effort_level(row.tactic.effort),
            cells=tuple(row.grades.get(platform.slug) for platform in columns),
        )
        for number, row in enumerate(_sorted(loaded, key), start=1)
    ]
    return CompareTable(rows=rows, platforms=columns, order=order if key else "")
