"""What the dataset holds: the published part of the database, read table by table through
the columns of opendata/dictionary.py.

Visitors' rules, as on the public pages: published tactics only; stances that are current
(neither they nor their source withdrawn) on a published tactic; sources and organisations
behind at least one such stance; platform grades of published tactics.

Rows are read with `.iterator()` and written as they come, so memory holds one chunk of
rows at a time plus the finished files, whatever the number of stances.
"""

import datetime
from decimal import Decimal

from django.db.models import Exists, Max, OuterRef

from opendata import dictionary as d
from scoring.models import PlatformGrade
from sources.models import Organisation, Source, Stance
from tactics.choices import Status
from tactics.models import Category, Platform, Tactic

CHUNK = 2000


def published_tactics():
    return Tactic.objects.published()


def visible_stances():
    return Stance.objects.public()


def visible_sources():
    return Source.objects.with_published_tactics()


def querysets():
    """The rows of each table, as visitors may see them."""
    sources = visible_sources()
    return {
        "tactics": published_tactics(),
        "stances": visible_stances(),
        "sources": sources,
        "organisations": Organisation.objects.filter(
            Exists(sources.filter(organisation=OuterRef("pk")))
        ),
        "platform_grades": PlatformGrade.objects.filter(tactic__status=Status.PUBLISHED),
        "categories": Category.objects.all(),
        "platforms": Platform.objects.all(),
    }


def lookups(site_url: str) -> dict:
    """The many-to-many look-ups the computed columns read (small: one row per pair of a
    source or tactic and a platform), and the site's address for page links."""
    source_platforms: dict[int, list[str]] = {}
    pairs = Source.platforms.through.objects.filter(source__in=visible_sources()).values_list(
        "source_id", "platform__slug"
    )
    for source_id, slug in pairs.order_by("source_id", "platform__position", "platform__slug"):
        source_platforms.setdefault(source_id, []).append(slug)
    tactic_platforms: dict[int, list[str]] = {}
    pairs = Tactic.platforms_covered.through.objects.filter(
        tactic__status=Status.PUBLISHED
    ).values_list("tactic_id", "platform__slug")
    for tactic_id, slug in pairs.order_by("tactic_id", "platform__position", "platform__slug"):
        tactic_platforms.setdefault(tactic_id, []).append(slug)
    return {
        "source_platforms": source_platforms,
        "tactic_platforms": tactic_platforms,
        "site_url": site_url.rstrip("/"),
        "pages": {},  # a view's address with a placeholder, reversed once (dictionary._page)
    }


def rows(table: d.Table, queryset, lookup_maps: dict):
    """Each row of a table as a list of Python values, in the order of its columns."""
    records = queryset.order_by(*table.order_by).values(*table.paths)
    for record in records.iterator(chunk_size=CHUNK):
        yield [
            record[column.path] if column.compute is None else column.compute(record, lookup_maps)
            for column in table.columns
        ]


def counts(sets: dict) -> dict[str, int]:
    return {table.name: sets[table.name].count() for table in d.TABLES}


def data_modified(sets: dict) -> datetime.datetime | None:
    """The last change to a published tactic, a visible source or a visible stance."""
    dates = [
        sets["tactics"].aggregate(last=Max("updated_at"))["last"],
        sets["sources"].aggregate(last=Max("updated_at"))["last"],
        sets["stances"].aggregate(last=Max("updated_at"))["last"],
    ]
    dates = [date for date in dates if date is not None]
    return max(dates) if dates else None


# --- Values as each format writes them -------------------------------------------------
# One converter per column, chosen once from its type: the stances table alone has a
# million values, and testing every value's class costs more than reading it.


def number_text(value: Decimal) -> str:
    """33.0000 -> "33", 0.2180 -> "0.218": the number as reported, no padding zeros."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _or_empty(convert):
    return lambda value: "" if value is None else convert(value)


def _or_null(convert):
    return lambda value: None if value is None else convert(value)


def _json_number(value: Decimal):
    # A JSON number; the CSV's text reads back as the same number.
    if value == value.to_integral_value():
        return int(value)
    return float(number_text(value))


_CSV = {
    "boolean": lambda value: "true" if value else "false",
    "decimal": _or_empty(number_text),
    "date": _or_empty(lambda value: value.isoformat()),
    "datetime": _or_empty(lambda value: value.isoformat()),
    "codes": d.LIST_SEPARATOR.join,
}
_JSON = {
    "decimal": _or_null(_json_number),
    "date": _or_null(lambda value: value.isoformat()),
    "datetime": _or_null(lambda value: value.isoformat()),
}


def csv_converters(table: d.Table) -> list:
    return [_CSV.get(column.type, _or_empty(str)) for column in table.columns]


def json_converters(table: d.Table) -> list:
    return [_JSON.get(column.type, lambda value: value) for column in table.columns]
