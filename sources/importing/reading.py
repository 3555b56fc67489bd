"""What every format shares: the row shape the parsers return, and the checks a file
must pass before any row is looked at (size, encoding, row count)."""

from dataclasses import dataclass, field

# A 5,000-source CSV is about 1.5 MB; the preview carries the file back to the confirm
# step in a signed form field, which must stay under DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
# even for text that does not compress.
MAX_BYTES = 1_500_000
MAX_ROWS = 2_000
# Spreadsheets run a cell that starts with one of these as a formula (OWASP, "CSV
# injection"); a tab or carriage return can hide one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class FileRefused(Exception):
    """The file as a whole cannot be imported; the message says why, for the researcher."""


@dataclass
class Row:
    """One record of an uploaded file, as text, before any validation.

    `values` maps model field names to the text found; `where` says where the record is
    in the file ("line 4", "entry 3"); `errors` and `warnings` are what the parser already
    knows (a cell that would run as a formula, a type mapped by default)."""

    where: str
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes, name: str) -> str:
    """The file's text, or FileRefused saying what is wrong with its bytes."""
    if not data.strip():
        raise FileRefused(f"{name} is empty.")
    if len(data) > MAX_BYTES:
        raise FileRefused(
            f"{name} is {len(data):,} bytes; the import takes files up to {MAX_BYTES:,} "
            "bytes. Split it into smaller files."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused(
            f"{name} is encoded as UTF-16, not UTF-8. Save or export it as UTF-8 "
            "(in Excel: “CSV UTF-8”) and upload it again."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(
            f"{name} is not UTF-8 (byte 0x{data[error.start]:02x} at position {error.start:,} "
            "cannot be read). Save or export it as UTF-8 (in Excel: “CSV UTF-8”; in Zotero "
            "and Mendeley the export's character encoding) and upload it again."
        ) from error
    if "\x00" in text:
        raise FileRefused(f"{name} is not a text file.")
    return text


def check_row_count(rows: list, name: str) -> None:
    if not rows:
        raise FileRefused(f"{name} holds no records.")
    if len(rows) > MAX_ROWS:
        raise FileRefused(
            f"{name} holds {len(rows):,} records; the import takes up to {MAX_ROWS:,} at a "
            "time. Split it into smaller files."
        )


def authors_text(names: list[str], limit: int = 300) -> tuple[str, list[str]]:
    """Authors joined with semicolons; when they do not fit the field, the first author
    et al., with a warning saying so."""
    names = [name.strip() for name in names if name and name.strip()]
    joined = "; ".join(names)
    if len(joined) <= limit:
        return joined, []
    short = f"{names[0]} et al."[:limit]
    return short, [f"{len(names)} authors do not fit the authors field: stored as “{short}”."]
