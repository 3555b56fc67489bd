"""Our CSV templates (docs/importing.md): one header row naming model fields, then one
row per source or stance. Cells that a spreadsheet would run as formulas are refused."""

import csv
import io
import re

from sources.importing.reading import FORMULA_STARTS, FileRefused, Row, check_row_count

SOURCE_COLUMNS = (
    "title",
    "url",
    "doi",
    "organisation",
    "venue",
    "authors",
    "published_on",
    "source_type",
    "method",
    "sample_size",
    "sample_unit",
    "platforms",
    "live_tested_on",
    "lab_engine",
    "sells_related_product",
    "second_hand",
    "summary",
)
SOURCE_REQUIRED = ("title", "url", "organisation", "source_type", "method")
EFFECT_COLUMNS = (
    "effect_measure",
    "effect_kind",
    "effect_value",
    "effect_low",
    "effect_high",
    "effect_p",
    "effect_quote",
)
STANCE_COLUMNS = (
    "source",
    "tactic",
    "position",
    "directness",
    "finding",
    "detail",
    *EFFECT_COLUMNS,
)
STANCE_REQUIRED = ("source", "tactic", "position", "finding")
# Headers of earlier templates and other words for the same column: files made before
# organisations and outcomes still import.
ALIASES = {
    "publisher": "organisation",
    "vendor_interest": "sells_related_product",
    "outcome": "position",
}
# A cell that is only a number ("-2.5", "+33%") is a value to a spreadsheet, never a formula.
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?%?")


def _header(name: str) -> str:
    name = name.strip().lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(name, name)


def read_csv(text: str, name: str, columns: tuple, required: tuple) -> tuple[list[Row], list[str]]:
    """The rows of a CSV file, and notes about the file (ignored columns)."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096].split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [_header(cell) for cell in next(reader)]
        records = [(reader.line_num, cells) for cells in reader if any(c.strip() for c in cells)]
    except csv.Error as error:
        raise FileRefused(
            f"{name} is not a CSV file we can read (line {reader.line_num}: {error})."
        ) from error
    missing = [column for column in required if column not in header]
    if missing:
        raise FileRefused(
            f"{name} has no column {', '.join(missing)}. The first row must name the columns "
            f"of the template: {', '.join(columns)}."
        )
    notes = [
        f"The column “{column}” is not one we import: it was ignored."
        for column in header
        if column and column not in columns
    ]
    check_row_count(records, name)
    return [_row(line, header, cells, columns) for line, cells in records], notes


def _row(line: int, header: list[str], cells: list[str], columns: tuple) -> Row:
    row = Row(where=f"line {line}", values={})
    for column, cell in zip(header, cells, strict=False):
        if column not in columns:
            continue
        if cell.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(cell.strip()):
            row.errors.append(
                f"The {column} cell starts with “{cell[:1].strip() or 'a tab'}”, which "
                "spreadsheets run as a formula: refused. Reword it, or start it with a space."
            )
        row.values[column] = cell.strip()
    if len(cells) > len(header):
        row.errors.append(
            f"This row has {len(cells)} cells but the header names {len(header)} columns: "
            "check for an unquoted comma."
        )
    return row
