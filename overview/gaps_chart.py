"""Geometry of the gap map's heatmap, drawn by templates/overview/gaps_heatmap.html as
inline SVG.

As in tactics/charts.py: no chart library and no script. The numbers are laid out here and
the template writes elements with presentation attributes (the strict CSP allows those,
not style attributes), every value passing through the template's escaping.

The picture is laid out phone first: each tactic's question on its own line above its
cells, so the grid is only as wide as its columns (about 360 units) and stays legible
when the site's stylesheet scales the SVG down to a phone's width; on a desktop the
`width` attribute draws it half as large again. Colour is never the only channel: each
cell prints its count, and an empty cell is hatched as well as pale.
"""

import math
from dataclasses import dataclass

from overview.gaps import OVERALL, PLATFORM, GapMap
from tactics.choices import Confidence
from tactics.grammar import count_noun

CELL_W = 26
CELL_H = 22
GROUP_GAP = 8  # between the overall column, the platforms, and the evidence tied to none
LEFT = 32  # room for the first column's slanted heading
RIGHT = 4
LABEL_LINE = 14  # each line of the tactic's question above its cells
ROW_GAP = 9
HEADER_ANGLE = 55  # degrees, clockwise: headings slant down towards their column
HEADER_FONT = 10
LABEL_FONT = 11
COUNT_FONT = 11
CHAR_W = 0.52  # average glyph width per unit of font size, for the system sans-serif (generous)
SCALE = 1.5  # drawn size on a wide screen, per viewBox unit

# Confidence as a sequential scale (pale = little certainty, dark = much), with a text
# colour of at least 4.5:1 contrast on each. Presentation attributes cannot read the
# stylesheet's custom properties, so the colours are defined here, once, and the legend
# and the heatmap both read them.
CONFIDENCE_FILL = {
    Confidence.VERY_LOW: ("#deebf7", "#1b1b1b"),
    Confidence.LOW: ("#9ecae1", "#1b1b1b"),
    Confidence.MEDIUM: ("#2171b5", "#ffffff"),
    Confidence.HIGH: ("#08306b", "#ffffff"),
}
COUNTED_FILL = ("#eceae4", "#1b1b1b")  # evidence without a grade of its own
EMPTY_TEXT = "#4f4f4f"
HATCH_ID = "gaps-hatch"
HATCH_LINE = "#b8bec6"
BORDER = "#8a9099"
LINK = "#0b57d0"


@dataclass(frozen=True)
class Swatch:
    """A legend entry: the same fill and text colour as the cells it explains."""

    label: str
    fill: str
    text: str
    hatched: bool = False


@dataclass(frozen=True)
class HeaderLabel:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class DrawnCell:
    x: float
    y: float
    width: int
    height: int
    text_x: float
    text_y: float
    count: int
    fill: str  # a colour, or empty for the hatch pattern
    text_fill: str
    title: str
    empty: bool


@dataclass(frozen=True)
class LabelLine:
    text: str
    y: float


@dataclass(frozen=True)
class DrawnRow:
    lines: tuple[LabelLine, ...]
    full_label: str
    url: str
    cells: tuple[DrawnCell, ...]


@dataclass(frozen=True)
class Heatmap:
    width: int
    height: int
    drawn_width: int
    drawn_height: int
    header_angle: int
    header_font: int
    label_font: int
    count_font: int
    headers: tuple[HeaderLabel, ...]
    rows: tuple[DrawnRow, ...]
    hatch_id: str
    hatch_line: str
    border: str
    link: str
    title: str
    description: str


def legend() -> tuple[Swatch, ...]:
    return (
        *(
            Swatch(f"{Confidence(level).label} confidence", fill, text)
            for level, (fill, text) in CONFIDENCE_FILL.items()
        ),
        Swatch("Counted, not graded on its own", *COUNTED_FILL),
        Swatch("No evidence", "", EMPTY_TEXT, hatched=True),
    )


def _column_xs(columns) -> list[float]:
    xs, x, previous = [], LEFT, None
    for column in columns:
        group = column.kind if column.kind in (OVERALL, PLATFORM) else "none"
        if previous is not None and group != previous:
            x += GROUP_GAP
        xs.append(x)
        x += CELL_W
        previous = group
    return xs


def _wrap(text: str, width: float, lines: int = 2) -> list[str]:
    """The question in at most `lines` lines that fit the width, the last one shortened
    with an ellipsis if need be (the link's title carries it in full)."""
    most = int(width / (LABEL_FONT * CHAR_W))
    out, rest = [], text
    while rest and len(out) < lines - 1 and len(rest) > most:
        cut = rest[: most + 1].rsplit(" ", 1)[0] or rest[:most]
        out.append(cut)
        rest = rest[len(cut) :].lstrip()
    if len(rest) > most:
        rest = rest[: most - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return [*out, rest] if rest else out


def _header_height(columns) -> float:
    longest = max(len(column.label) for column in columns) * HEADER_FONT * CHAR_W
    return math.ceil(longest * math.sin(math.radians(HEADER_ANGLE))) + 14


def _fill(cell) -> tuple[str, str]:
    if cell.empty:
        return "", EMPTY_TEXT
    if cell.confidence:
        return CONFIDENCE_FILL[cell.confidence]
    return COUNTED_FILL


def _description(gaps: GapMap) -> str:
    if not gaps.rows:
        return "No tactic has been published yet, so there is no evidence to map."
    tested = [(r.tested, r.platform.name) for r in gaps.reach]
    most = max(tested)
    least = min(tested)
    text = (
        f"{count_noun(len(gaps.rows), 'published tactic')} against "
        f"{count_noun(gaps.platform_count, 'live AI platform')}: "
        f"{gaps.empty_pairs} of {gaps.pairs} tactic and platform pairs have no live test. "
    )
    if gaps.reach:
        text += (
            f"The most tested platform is {most[1]} ({count_noun(most[0], 'tactic')}), the "
            f"least {least[1]} ({count_noun(least[0], 'tactic')}). "
        )
    return text + (
        "Each cell's colour is the confidence of that grade and its number the sources "
        "behind it; hatched cells have none. The same figures are in the table below."
    )


def heatmap(gaps: GapMap) -> Heatmap:
    """Lay out the gap map: a heading per column, then for each tactic its question (a link
    to its page) above one cell per column."""
    xs = _column_xs(gaps.columns)
    width = xs[-1] + CELL_W + RIGHT if xs else LEFT + RIGHT
    header_h = _header_height(gaps.columns)
    headers = tuple(
        HeaderLabel(round(x + CELL_W / 2, 1), header_h - 4, column.label)
        for x, column in zip(xs, gaps.columns, strict=True)
    )
    rows, y = [], header_h
    for row in gaps.rows:
        question = row.tactic.question
        wrapped = _wrap(question, width - 8)
        lines = tuple(
            LabelLine(text, y + LABEL_LINE * (n + 1) - 3) for n, text in enumerate(wrapped)
        )
        top = y + LABEL_LINE * len(lines) + 1
        cells = []
        for x, cell in zip(xs, row.cells, strict=True):
            fill, text = _fill(cell)
            cells.append(
                DrawnCell(
                    x=x + 1,
                    y=top + 1,
                    width=CELL_W - 2,
                    height=CELL_H - 2,
                    text_x=round(x + CELL_W / 2, 1),
                    text_y=round(top + CELL_H / 2 + COUNT_FONT * 0.36, 1),
                    count=cell.count,
                    fill=fill,
                    text_fill=text,
                    title=cell.words,
                    empty=cell.empty,
                )
            )
        rows.append(
            DrawnRow(
                lines=lines,
                full_label=question,
                url=row.tactic.get_absolute_url(),
                cells=tuple(cells),
            )
        )
        y = top + CELL_H + ROW_GAP
    height = y + 2
    return Heatmap(
        width=width,
        height=height,
        drawn_width=round(width * SCALE),
        drawn_height=round(height * SCALE),
        header_angle=HEADER_ANGLE,
        header_font=HEADER_FONT,
        label_font=LABEL_FONT,
        count_font=COUNT_FONT,
        headers=headers,
        rows=tuple(rows),
        hatch_id=HATCH_ID,
        hatch_line=HATCH_LINE,
        border=BORDER,
        link=LINK,
        title="Evidence-gap map: published tactics against live AI platforms",
        description=_description(gaps),
    )
