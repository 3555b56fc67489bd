"""RIS and BibTeX, as Zotero and Mendeley export them, read into rows of source fields.

Reference managers know nothing of our method scale, and their item types only hint at
the kind of source, so each row gets a source type from its entry type (data below, the
table in docs/importing.md) and the default method, both with a warning that the
researcher must check them after the import.
"""

import re

import bibtexparser
import rispy
from bibtexparser import middlewares

from sources.choices import Method, SourceType
from sources.importing.reading import FileRefused, Row, authors_text, check_row_count

DEFAULT_METHOD = Method.OBSERVATIONAL

RIS_TYPES = {
    "JOUR": SourceType.PEER_REVIEWED,
    "JFULL": SourceType.PEER_REVIEWED,
    "CONF": SourceType.PEER_REVIEWED,
    "CPAPER": SourceType.PEER_REVIEWED,
    "RPRT": SourceType.INDUSTRY,
    "ELEC": SourceType.PRACTITIONER,
    "BLOG": SourceType.PRACTITIONER,
    "WEB": SourceType.PRACTITIONER,
    "NEWS": SourceType.PRACTITIONER,
    "MGZN": SourceType.PRACTITIONER,
    "UNPB": SourceType.PREPRINT,
    "MANSCPT": SourceType.PREPRINT,
    "THES": SourceType.INDEPENDENT,
}
BIBTEX_TYPES = {
    "article": SourceType.PEER_REVIEWED,
    "inproceedings": SourceType.PEER_REVIEWED,
    "conference": SourceType.PEER_REVIEWED,
    "techreport": SourceType.INDUSTRY,
    "report": SourceType.INDUSTRY,
    "online": SourceType.PRACTITIONER,
    "electronic": SourceType.PRACTITIONER,
    "www": SourceType.PRACTITIONER,
    "misc": SourceType.PRACTITIONER,
    "unpublished": SourceType.PREPRINT,
    "phdthesis": SourceType.INDEPENDENT,
    "mastersthesis": SourceType.INDEPENDENT,
    "thesis": SourceType.INDEPENDENT,
}
# Whatever its entry type says, a record from a preprint server is a preprint.
PREPRINT_HINTS = re.compile(r"arxiv|ssrn|biorxiv|medrxiv|osf preprints|research square", re.I)
ARXIV_DOI = "10.48550/"
_MONTHS = {
    month: number
    for number, month in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def _typed(row: Row, kind: str, mapped, hints: str) -> None:
    source_type = mapped
    if PREPRINT_HINTS.search(hints) or row.values.get("doi", "").lower().startswith(ARXIV_DOI):
        source_type = SourceType.PREPRINT
    if source_type is None:
        source_type = SourceType.INDEPENDENT
        row.warnings.append(
            f"Entry type “{kind}” has no usual source type: set to "
            f"“{source_type.label}”. Check it after the import."
        )
    else:
        row.warnings.append(
            f"Source type “{source_type.label}” guessed from the entry type “{kind}”: check it."
        )
    row.values["source_type"] = source_type.value
    row.values["method"] = DEFAULT_METHOD.value
    row.warnings.append(
        f"Method set to “{DEFAULT_METHOD.label}” by default: check it after the import."
    )


def _organisation_from_venue(row: Row) -> None:
    """Reference managers record who published a work, not who did the research, and
    often only where it appeared. With no publisher or institution the venue stands in,
    flagged: two preprints on one server are not one organisation."""
    values = row.values
    if values["organisation"] or not values["venue"]:
        return
    values["organisation"] = values["venue"]
    row.warnings.append(
        f"The record names no publisher or institution: the organisation was set to where "
        f"it appeared, “{values['venue']}”. Check who did the research after the import."
    )


def _first(*values) -> str:
    for value in values:
        if isinstance(value, list):
            value = value[0] if value else ""
        if value and str(value).strip():
            return str(value).strip()
    return ""


def _date(text: str) -> str:
    """RIS "2024/05/01/", "2024///", BibTeX "2024" or "2024-05-01": as ISO text (or the
    year alone), which the planner reads."""
    parts = [part for part in re.split(r"[/\-]", text.strip()) if part.strip()]
    return "-".join(parts[:3])


def read_ris(text: str, name: str) -> list[Row]:
    try:
        entries = rispy.loads(text, skip_unknown_tags=True)
    except Exception as error:  # rispy raises several kinds on a broken file
        raise FileRefused(f"{name} is not an RIS file we can read ({error}).") from error
    if not entries:
        raise FileRefused(
            f"{name} holds no RIS record (a record starts with a line “TY  - ” and ends "
            "with “ER  - ”). Export it again from Zotero or Mendeley as RIS."
        )
    check_row_count(entries, name)
    return [_ris_row(number, entry) for number, entry in enumerate(entries, 1)]


def _ris_row(number: int, entry: dict) -> Row:
    doi = _first(entry.get("doi"))
    url = _first(entry.get("urls")) or (f"https://doi.org/{doi}" if doi else "")
    authors, notes = authors_text(
        entry.get("authors") or entry.get("first_authors") or [], limit=300
    )
    values = {
        "title": _first(entry.get("title"), entry.get("primary_title")),
        "url": url,
        "doi": doi,
        "organisation": _first(entry.get("publisher")),
        "venue": _first(
            entry.get("secondary_title"),
            entry.get("journal_name"),
            entry.get("alternate_title3"),
        ),
        "authors": authors,
        "published_on": _date(
            _first(entry.get("date"), entry.get("year"), entry.get("publication_year"))
        ),
        "summary": _first(entry.get("abstract"), entry.get("notes_abstract")),
    }
    row = Row(where=f"record {number}", values=values, warnings=notes)
    _organisation_from_venue(row)
    kind = entry.get("type_of_reference", "")
    hints = " ".join(
        [values["organisation"], values["venue"], url, _first(entry.get("name_of_database"))]
    )
    _typed(row, kind, RIS_TYPES.get(kind.upper()), hints)
    return row


def read_bibtex(text: str, name: str) -> list[Row]:
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.LatexDecodingMiddleware(),
            middlewares.SeparateCoAuthors(),
        ],
    )
    blocks = sorted(
        [(entry.start_line, entry) for entry in library.entries]
        + [(block.start_line, block) for block in library.failed_blocks],
        key=lambda pair: pair[0],
    )
    if not blocks:
        raise FileRefused(
            f"{name} holds no BibTeX entry (an entry starts with @article{{…, @misc{{… "
            "and so on). Export it again from Zotero or Mendeley as BibTeX."
        )
    check_row_count(blocks, name)
    return [_bibtex_row(block) for _line, block in blocks]


def _bibtex_row(block) -> Row:
    where = f"entry at line {block.start_line + 1}"
    if not isinstance(block, bibtexparser.model.Entry):
        # bibtexparser logs the detail and keeps an exception without a message.
        opening = block.raw.strip().splitlines()[0][:80] if block.raw.strip() else ""
        return Row(
            where=where,
            values={},
            errors=[
                f"This entry cannot be read (“{opening}”): check its braces, quotes and "
                "commas, or export it again."
            ],
        )
    fields = {key.lower(): field.value for key, field in block.fields_dict.items()}
    doi = _first(fields.get("doi"))
    url = _first(fields.get("url")) or (f"https://doi.org/{doi}" if doi else "")
    author_list = fields.get("author") or []
    if isinstance(author_list, str):
        author_list = [author_list]
    authors, notes = authors_text(author_list, limit=300)
    month = str(fields.get("month", "")).strip().lower()[:3]
    month_number = _MONTHS.get(month) or (int(month) if month.isdigit() else None)
    date = _first(fields.get("date"))
    if not date and fields.get("year"):
        date = str(fields["year"]).strip()
        if month_number:
            date += f"-{month_number:02d}"
    values = {
        "title": _first(fields.get("title")),
        "url": url,
        "doi": doi,
        "organisation": _first(
            fields.get("institution"),
            fields.get("organization"),
            fields.get("publisher"),
        ),
        "venue": _first(
            fields.get("journal"),
            fields.get("journaltitle"),
            fields.get("booktitle"),
            fields.get("howpublished"),
        ),
        "authors": authors,
        "published_on": _date(date),
        "summary": _first(fields.get("abstract")),
    }
    row = Row(where=f"{where} ({block.key})", values=values, warnings=notes)
    _organisation_from_venue(row)
    hints = " ".join(
        [
            values["organisation"],
            values["venue"],
            url,
            _first(fields.get("archiveprefix")),
            _first(fields.get("eprinttype")),
        ]
    )
    _typed(row, f"@{block.entry_type}", BIBTEX_TYPES.get(block.entry_type.lower()), hints)
    return row
