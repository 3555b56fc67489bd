"""Import of sources (our CSV template, RIS, BibTeX) and stances (our CSV template).

    rows, notes = read(kind, name, data)        # reading.py, csv_format.py, references.py
    plan = plan_rows(kind, rows, user=…)        # planner.py: the preview, nothing written
    outcome = apply(plan, user=…, reason=…)     # applier.py: one transaction

docs/importing.md describes the files and the rules.
"""

from sources.importing.applier import Outcome, apply
from sources.importing.csv_format import (
    SOURCE_COLUMNS,
    SOURCE_REQUIRED,
    STANCE_COLUMNS,
    STANCE_REQUIRED,
    read_csv,
)
from sources.importing.planner import Plan, plan_sources
from sources.importing.planner_stances import plan_stances
from sources.importing.reading import FileRefused, Row, decode
from sources.importing.references import read_bibtex, read_ris

__all__ = ["FileRefused", "Outcome", "Plan", "Row", "apply", "plan_rows", "read"]

FORMATS = {
    "sources": {".csv": "CSV", ".ris": "RIS", ".bib": "BibTeX", ".bibtex": "BibTeX"},
    "stances": {".csv": "CSV"},
}


def file_format(kind: str, name: str) -> str:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in FORMATS[kind]:
        accepted = ", ".join(FORMATS[kind])
        raise FileRefused(f"{name} is not a file we import as {kind}: give a {accepted} file.")
    return FORMATS[kind][suffix]


def read(kind: str, name: str, data: bytes) -> tuple[str, list[Row], list[str]]:
    """The file's format, its rows and notes about it; FileRefused if it cannot be read."""
    fmt = file_format(kind, name)
    text = decode(data, name)
    if fmt == "RIS":
        return fmt, read_ris(text, name), []
    if fmt == "BibTeX":
        return fmt, read_bibtex(text, name), []
    if kind == "sources":
        return fmt, *read_csv(text, name, SOURCE_COLUMNS, SOURCE_REQUIRED)
    return fmt, *read_csv(text, name, STANCE_COLUMNS, STANCE_REQUIRED)


def plan_rows(kind: str, fmt: str, rows: list[Row], *, user=None) -> Plan:
    if kind == "sources":
        return plan_sources(rows, updates=fmt == "CSV")
    return plan_stances(rows, user=user)
