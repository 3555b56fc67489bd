"""The dataset's tables and columns, defined once: the CSV and JSON writers read their
values through these columns, and the data dictionary (on /data/, in the zip's README and
in data-dictionary.csv) is rendered from the same definitions, so the two cannot drift.

A column names the stored field it reads (`field`, an ORM path for `.values_list()`), or
computes its value from the row and the table's look-ups (`compute`). Choice columns hold
the stored code; the dictionary lists every code with its label.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import TextChoices
from django.urls import reverse

from sources.choices import (
    Directness,
    EffectKind,
    EffectMeasure,
    Method,
    OrganisationKind,
    Position,
    SourceType,
)
from tactics.choices import Confidence, Direction, Effort, Impact
from tactics.texts import full_verdict

# What each type means in the CSV files (the JSON uses the natural JSON type).
TYPES = {
    "integer": "A whole number.",
    "decimal": "A number, with a full stop as the decimal mark.",
    "text": "Free text, UTF-8.",
    "boolean": "true or false.",
    "date": "A date, YYYY-MM-DD; empty when unknown.",
    "datetime": "A moment in UTC, ISO 8601 (YYYY-MM-DDTHH:MM:SS+00:00).",
    "url": "An absolute web address.",
    "code": "One of the codes listed under allowed values.",
    "codes": "Codes separated by semicolons (in the JSON, an array); may be empty.",
}
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: str
    field: str | None = ""  # "" reads the field of the same name; None computes the value
    choices: type[TextChoices] | None = None
    compute: Callable | None = None  # (row as a dict, look-ups) -> value
    empty: str = ""  # when the value may be empty, what that means
    allowed_text: str = ""  # allowed values in words, for columns without choices

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"Unknown column type {self.type!r} for {self.name}")
        if (self.field is None) != (self.compute is not None):
            raise ValueError(f"{self.name}: give a stored field or a compute function")

    @property
    def path(self) -> str | None:
        return self.name if self.field == "" else self.field

    @property
    def allowed(self) -> list[tuple[str, str]]:
        """(code, label) pairs for a choice column; empty otherwise."""
        if self.choices is None:
            return []
        return [(value, str(label)) for value, label in self.choices.choices]

    @property
    def allowed_words(self) -> str:
        if self.choices is not None:
            return "; ".join(f"{value or '(empty)'} = {label}" for value, label in self.allowed)
        return self.allowed_text


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    order_by: tuple[str, ...] = ("pk",)
    reads: tuple[str, ...] = ()  # further fields its computed columns read

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def paths(self) -> list[str]:
        """The stored fields to read: each stored column's, then what computed ones need."""
        stored = [column.path for column in self.columns if column.path is not None]
        return list(dict.fromkeys([*stored, *self.reads]))


def _verdict(row, lookups):
    return full_verdict(row["confidence"], row["direction"], row["verdict"])


def _slugs(lookup_name):
    def compute(row, lookups):
        return lookups[lookup_name].get(row["pk"], [])

    return compute


PLACEHOLDER = "9876543210"  # valid for both an int and a slug in a route


def _page(view_name, key, path):
    def compute(row, lookups):
        pattern = lookups["pages"].get(view_name)
        if pattern is None:
            pattern = lookups["site_url"] + reverse(view_name, kwargs={key: PLACEHOLDER})
            lookups["pages"][view_name] = pattern
        return pattern.replace(PLACEHOLDER, str(row[path]))

    return compute


CATEGORIES = Table(
    "categories",
    "The groups tactics are filed under on the site.",
    (
        Column("slug", "text", "Stable identifier of the category."),
        Column("name", "text", "The category's name as the site shows it."),
        Column("description", "text", "One or two sentences about the category.", empty="none"),
    ),
    order_by=("position", "name"),
)
PLATFORMS = Table(
    "platforms",
    "The live AI search surfaces that sources test and that tactics are graded on.",
    (
        Column("slug", "text", "Stable identifier of the platform, used in other tables."),
        Column("name", "text", "The platform's name as the site shows it."),
    ),
    order_by=("position", "name"),
)
ORGANISATIONS = Table(
    "organisations",
    "Who did the research behind each source: replication counts distinct organisations.",
    (
        Column("id", "integer", "Identifier, referenced by sources.organisation_id.", "pk"),
        Column("name", "text", "The organisation's name."),
        Column("kind", "code", "What kind of organisation it is.", choices=OrganisationKind),
        Column(
            "sells_related_product",
            "boolean",
            "It sells a product or service whose sales rise if the tactics it studies are "
            "believed to work; its evidence is rated down for that interest.",
        ),
        Column("website", "url", "The organisation's web site.", empty="not recorded"),
    ),
    order_by=("name", "pk"),
)
SOURCES = Table(
    "sources",
    "Studies, reports and statements behind at least one published tactic, not withdrawn.",
    (
        Column("id", "integer", "Identifier, referenced by stances.source_id.", "pk"),
        Column("title", "text", "The source's title."),
        Column("url", "url", "Where the source can be read."),
        Column("doi", "text", "Digital Object Identifier, without https://doi.org/.", empty="none"),
        Column("organisation_id", "integer", "Who did the research: organisations.id."),
        Column("venue", "text", "Where it appeared (journal, conference, blog).", empty="own site"),
        Column("authors", "text", "The authors, as the source names them.", empty="not named"),
        Column("published_on", "date", "Publication date.", empty="unknown"),
        Column("source_type", "code", "What kind of source it is.", choices=SourceType),
        Column("method", "code", "The study design.", choices=Method),
        Column("sample_size", "integer", "How many units were studied.", empty="not given"),
        Column("sample_unit", "text", "What was counted (pages, queries …).", empty="not given"),
        Column(
            "platforms",
            "codes",
            "Live AI platforms it tested, as platforms.slug.",
            field=None,
            compute=_slugs("source_platforms"),
            empty="none tested live",
        ),
        Column("live_tested_on", "date", "When the live platforms were tested.", empty="unknown"),
        Column(
            "lab_engine",
            "text",
            "A simulated engine it tested, with model and version: indirect evidence.",
            empty="none",
        ),
        Column(
            "second_hand",
            "boolean",
            "Its figures come from a third party's report of it, not the source itself.",
        ),
        Column(
            "page_url",
            "url",
            "The source's page on this site.",
            field=None,
            compute=_page("sources:detail", "pk", "pk"),
        ),
    ),
    order_by=("pk",),
    reads=("pk",),
)
TACTICS = Table(
    "tactics",
    "Published tactics with their grade, as the site shows them. Drafts are never included.",
    (
        Column("id", "integer", "Identifier, referenced by stances and platform grades.", "pk"),
        Column("slug", "text", "Stable identifier, the last part of the tactic's address."),
        Column("question", "text", "The tactic's title, asked as a question."),
        Column("category", "text", "Its category, as categories.slug.", "category__slug"),
        Column(
            "verdict",
            "text",
            "The verdict as the page prints it: the lead written from the grade, then the "
            "editor's clause.",
            field=None,
            compute=_verdict,
        ),
        Column(
            "evidence_score",
            "decimal",
            "How far the body of evidence can be trusted, whichever way it points.",
            allowed_text="0 to 35, one decimal",
        ),
        Column("confidence", "code", "Confidence in the direction.", choices=Confidence),
        Column("direction", "code", "What the evidence says it does.", choices=Direction),
        Column("contested", "boolean", "Credible sources disagree about it."),
        Column("impact", "code", "Size of the effect the sources report.", choices=Impact),
        Column(
            "effort",
            "code",
            "What doing it costs, set by editors.",
            choices=Effort,
            empty="not rated yet",
        ),
        Column("improves_count", "integer", "Counted sources finding it improves visibility."),
        Column("no_effect_count", "integer", "Counted sources finding no detectable effect."),
        Column("worsens_count", "integer", "Counted sources finding it worsens visibility."),
        Column("mixed_count", "integer", "Counted sources with mixed findings."),
        Column(
            "platforms_covered",
            "codes",
            "Live AI platforms its counted sources tested, as platforms.slug.",
            field=None,
            compute=_slugs("tactic_platforms"),
            empty="none",
        ),
        Column("last_reviewed", "date", "When an editor last checked the page.", empty="never"),
        Column("updated_at", "datetime", "Last change to its content or its evidence."),
        Column(
            "page_url",
            "url",
            "The tactic's page on this site.",
            field=None,
            compute=_page("tactics:detail", "slug", "slug"),
        ),
    ),
    order_by=("question", "pk"),
    reads=("pk", "confidence", "direction", "verdict"),
)
STANCES = Table(
    "stances",
    "What each source found about each published tactic. Withdrawn stances, stances of "
    "withdrawn sources and stances on drafts are left out.",
    (
        Column("id", "integer", "Identifier of the stance.", "pk"),
        Column("tactic_id", "integer", "The tactic: tactics.id."),
        Column("source_id", "integer", "The source: sources.id."),
        Column("position", "code", "What the source found the tactic does.", choices=Position),
        Column("directness", "code", "How directly it tests the tactic.", choices=Directness),
        Column("finding", "text", "One line: what the source found about this tactic."),
        Column("detail", "text", "Longer detail or a short quotation.", empty="none"),
        Column(
            "effect_measure",
            "code",
            "The outcome a reported effect was measured on.",
            choices=EffectMeasure,
            empty="no effect size reported",
        ),
        Column(
            "effect_kind",
            "code",
            "How the reported effect is expressed.",
            choices=EffectKind,
            empty="no effect size reported",
        ),
        Column(
            "effect_value",
            "decimal",
            "The effect as reported: 33 for +33%, -2.5 for −2.5 points, 0.218 for r = 0.218.",
            empty="no effect size reported",
        ),
        Column("effect_low", "decimal", "Lower end of the reported interval.", empty="none"),
        Column("effect_high", "decimal", "Upper end of the reported interval.", empty="none"),
        Column("effect_p", "decimal", "Reported p-value.", empty="none", allowed_text="0 to 1"),
        Column("effect_quote", "text", "The sentence the effect comes from.", empty="none"),
        Column(
            "checked",
            "boolean",
            "A second researcher checked it against the source.",
            field=None,
            compute=lambda row, lookups: row["checked_at"] is not None,
        ),
    ),
    order_by=("tactic_id", "source_id"),
    reads=("checked_at",),
)
PLATFORM_GRADES = Table(
    "platform_grades",
    "The grade of each published tactic's evidence on one live AI platform, where a "
    "counted source tested that platform live.",
    (
        Column("tactic_id", "integer", "The tactic: tactics.id."),
        Column("platform", "text", "The platform: platforms.slug.", "platform__slug"),
        Column("score", "decimal", "Evidence score on this platform.", allowed_text="0 to 35"),
        Column("confidence", "code", "Confidence on this platform.", choices=Confidence),
        Column("direction", "code", "Direction on this platform.", choices=Direction),
        Column("impact", "code", "Size of the effect on this platform.", choices=Impact),
        Column("sources_count", "integer", "Counted sources in this platform's evidence."),
        Column("live_sources_count", "integer", "Of those, the sources that tested it live."),
    ),
    order_by=("tactic_id", "platform__position", "platform__name"),
)

TABLES = (TACTICS, STANCES, SOURCES, ORGANISATIONS, PLATFORM_GRADES, CATEGORIES, PLATFORMS)
