"""Geometry of the compare chart: every tactic shown, placed by how sure the evidence is
(rows, high confidence at the top) against how large the effect is (columns, not reported
on the left), drawn by the template as inline SVG like tactics/charts.py's pictures: no
chart library, no script, presentation attributes only (the strict CSP allows them).

Three channels, so that colour is never the only one: the marker's shape is the effort
(circle, square, diamond; a hexagon when not rated), its fill style the direction (solid
for works, outlined for no effect, a dashed outline for harms, a dotted one for mixed or
no evidence), and its colour the direction again, from the site's CSS custom properties.
Each marker carries its row number, the same as the table's, and links to its tactic.

Tactics that share a cell are set side by side, wrapping onto more lines; a band grows
with its fullest cell, so no two markers ever overlap, however many tactics there are.
"""

import math
from dataclasses import dataclass

from tactics.choices import Confidence, Effort, Impact
from tactics.grammar import count_noun
from tactics.texts import EFFORT_LEVELS, EFFORT_UNRATED, HARMS_SIDE, NO_EFFECT_SIDE, WORKS_SIDE

# Left to right, then top to bottom.
IMPACT_COLUMNS = (Impact.UNKNOWN, Impact.NEGLIGIBLE, Impact.SMALL, Impact.MODERATE, Impact.LARGE)
CONFIDENCE_ROWS = (Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW, Confidence.VERY_LOW)

LEFT = 96  # room for the confidence labels
TOP = 8
COLUMN = 120
STEP = 34  # from one marker's centre to the next
PAD = 10  # inside a cell, around its markers
RADIUS = 12
AXIS = 44  # under the plot: the impact labels and the axis title
PER_LINE = (COLUMN - 2 * PAD) // STEP
WIDTH = LEFT + COLUMN * len(IMPACT_COLUMNS) + 8

SHAPES = {
    Effort.TEMPLATE: "circle",
    Effort.PROJECT: "square",
    Effort.PROGRAMME: "diamond",
    Effort.UNRATED: "hexagon",
}


@dataclass(frozen=True)
class Style:
    """How a direction is drawn: its colour (a CSS custom property of the site), whether
    the marker is filled, and the outline's dashes."""

    key: str
    label: str
    colour: str
    filled: bool
    dashes: str = ""


STYLES = (
    Style("works", "Works or probably works", "var(--works)", filled=True),
    Style("no_effect", "No effect or probably none", "var(--no-effect)", filled=False),
    Style("harms", "Harms or probably harms", "var(--harms)", filled=False, dashes="4 2"),
    Style("mixed", "Mixed, or no evidence yet", "var(--mixed)", filled=False, dashes="1.5 2"),
)
_STYLE = {style.key: style for style in STYLES}


def style_of(direction: str) -> Style:
    if direction in WORKS_SIDE:
        return _STYLE["works"]
    if direction in NO_EFFECT_SIDE:
        return _STYLE["no_effect"]
    if direction in HARMS_SIDE:
        return _STYLE["harms"]
    return _STYLE["mixed"]


def outline(shape: str, x: float, y: float, r: float = RADIUS) -> str:
    """The marker's outline as SVG path data, centred on (x, y)."""
    if shape == "circle":
        return f"M{x - r},{y} a{r},{r} 0 1,0 {2 * r},0 a{r},{r} 0 1,0 {-2 * r},0 Z"
    if shape == "square":
        s = r * 0.9
        return f"M{x - s},{y - s} H{x + s} V{y + s} H{x - s} Z"
    if shape == "diamond":
        d = r * 1.25
        return f"M{x},{y - d} L{x + d},{y} L{x},{y + d} L{x - d},{y} Z"
    corners = [
        (x + r * math.cos(math.radians(60 * i)), y + r * math.sin(math.radians(60 * i)))
        for i in range(6)
    ]
    return "M" + " L".join(f"{round(cx, 1)},{round(cy, 1)}" for cx, cy in corners) + " Z"


@dataclass(frozen=True)
class Point:
    number: int
    x: float
    y: float
    path: str
    style: Style
    url: str
    words: str  # the point's accessible name

    @property
    def text_colour(self) -> str:
        return "#ffffff" if self.style.filled else "var(--text)"

    @property
    def fill(self) -> str:
        return self.style.colour if self.style.filled else "var(--bg)"


@dataclass(frozen=True)
class Band:
    label: str
    y: float
    height: float
    shaded: bool  # every other band, so a row reads across

    @property
    def middle(self) -> float:
        return round(self.y + self.height / 2, 1)


@dataclass(frozen=True)
class Column:
    label: str
    x: float

    width: int = COLUMN

    @property
    def middle(self) -> float:
        return self.x + COLUMN / 2


@dataclass(frozen=True)
class LegendItem:
    label: str
    path: str
    style: Style


@dataclass(frozen=True)
class CompareChart:
    points: list[Point]
    bands: list[Band]
    columns: list[Column]
    width: int
    height: float
    left: int
    right: int
    plot_bottom: float
    axis_y: float  # the baseline of the impact labels

    @property
    def plot_width(self) -> int:
        return self.right - self.left

    @property
    def title_y(self) -> float:
        return self.axis_y + 20

    description: str
    effort_legend: list[LegendItem]
    direction_legend: list[LegendItem]


def _legends():
    neutral = Style("key", "", "var(--text)", filled=False)
    efforts = [*EFFORT_LEVELS, EFFORT_UNRATED]
    effort_items = [
        LegendItem(level.label, outline(SHAPES[level.value], 10, 10, 7), neutral)
        for level in efforts
    ]
    direction_items = [
        LegendItem(style.label, outline("circle", 10, 10, 7), style) for style in STYLES
    ]
    return effort_items, direction_items


def compare_chart(rows) -> CompareChart | None:
    """The chart of the table's rows (overview.compare_table.CompareRow); None when no
    tactic is shown."""
    if not rows:
        return None
    cells: dict[tuple[str, str], list] = {}
    for row in rows:
        cells.setdefault((row.tactic.confidence, row.tactic.impact), []).append(row)
    bands, y = [], TOP
    placed = {}
    for confidence in CONFIDENCE_ROWS:
        fullest = max(
            (len(cells.get((confidence, impact), [])) for impact in IMPACT_COLUMNS), default=0
        )
        lines = max(1, math.ceil(fullest / PER_LINE))
        height = lines * STEP + 2 * PAD
        bands.append(Band(Confidence(confidence).label, y, height, shaded=len(bands) % 2 == 0))
        for column, impact in enumerate(IMPACT_COLUMNS):
            for index, row in enumerate(cells.get((confidence, impact), [])):
                line, slot = divmod(index, PER_LINE)
                x = LEFT + column * COLUMN + PAD + STEP / 2 + slot * STEP
                placed[row.number] = (x, y + PAD + STEP / 2 + line * STEP)
        y += height
    points = []
    for row in rows:
        x, py = placed[row.number]
        style = style_of(row.tactic.direction)
        shape = SHAPES.get(row.effort.value, SHAPES[Effort.UNRATED])
        points.append(
            Point(
                number=row.number,
                x=x,
                y=py,
                path=outline(shape, x, py),
                style=style,
                url=row.tactic.get_absolute_url(),
                words=row.words,
            )
        )
    columns = [
        Column(Impact(impact).label, LEFT + index * COLUMN)
        for index, impact in enumerate(IMPACT_COLUMNS)
    ]
    effort_legend, direction_legend = _legends()
    works = sum(1 for row in rows if row.tactic.direction in WORKS_SIDE)
    against = sum(1 for row in rows if row.tactic.direction in NO_EFFECT_SIDE | HARMS_SIDE)
    description = (
        f"{count_noun(len(rows), 'tactic')} placed by confidence in the evidence (rows, high "
        "at the top) and expected impact (columns, largest on the right): "
        f"{works} working or probably working, {against} with no effect or harm. "
        "Marker shape shows the effort and fill the direction; the numbers are the rows of "
        "the table below, where every value is written out."
    )
    return CompareChart(
        points=points,
        bands=bands,
        columns=columns,
        width=WIDTH,
        height=y + AXIS,
        left=LEFT,
        right=WIDTH - 8,
        plot_bottom=y,
        axis_y=y + 18,
        description=description,
        effort_legend=effort_legend,
        direction_legend=direction_legend,
    )
