"""The preview: what importing each row would do, decided against the database as it is.

Every row is validated by the model's own `full_clean()`, so an import obeys every rule
and says every message the admin form does. A source that matches a stored one by address
or DOI is a duplicate; from our CSV template (which holds every field) it updates the
stored source instead, or is unchanged. A match on title, organisation and year alone is a
duplicate to check by hand (sources.duplicates). Stances are planned in planner_stances.py,
with the shapes and cell readers defined here. Nothing here writes.

A source's organisation is named in words and matched to a stored one, case and spacing
ignored; a name not stored yet becomes a new organisation (kind "other", for the researcher
to classify), shared by every row of the file that names it, and saved by the applier.
"""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model
from django.utils.html import strip_tags

from sources.choices import (
    Method,
    OrganisationKind,
    Position,
    SourceType,
)
from sources.duplicates import SAME_TITLE, find_duplicates, normalise_doi, normalise_title
from sources.importing.reading import Row
from sources.models import Organisation, Source
from sources.urls_normal import UnreadableURL, normalise_url
from tactics.models import Platform

NEW, UPDATED, UNCHANGED, DUPLICATE, ERROR = "new", "updated", "unchanged", "duplicate", "error"
WRITES = (NEW, UPDATED)


@dataclass
class Planned:
    """What importing one row would do. `instance` is what the applier saves (validated);
    `existing` the stored row it matches, for the preview's link."""

    row: Row
    status: str
    label: str
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    existing: Model | None = None
    changed: list[str] = field(default_factory=list)
    instance: Model | None = None
    platforms: list[int] | None = None  # None: leave the links as they are
    new_organisation: str = ""  # the name of the organisation this row would create


@dataclass
class Plan:
    kind: str  # "sources" or "stances"
    rows: list[Planned]
    notes: list[str] = field(default_factory=list)

    def count(self, *statuses: str) -> int:
        return sum(1 for planned in self.rows if planned.status in statuses)

    def digest(self) -> str:
        """A fingerprint of what would be written: the confirm applies a plan only if it
        is still the one the researcher saw."""
        shape = [
            [
                p.row.where,
                p.status,
                p.changed,
                p.existing.pk if p.existing else None,
                p.new_organisation,
            ]
            for p in self.rows
        ]
        return hashlib.sha256(json.dumps(shape).encode()).hexdigest()


# --- Reading cells ------------------------------------------------------------------


def _choice(choices, text: str, what: str) -> str:
    wanted = text.strip().lower()
    for value, label in choices.choices:
        if wanted in (value, label.lower()):
            return value
    raise ValidationError(
        f"“{text}” is not a {what}: use one of {', '.join(choices.values)}.", code="choice"
    )


def _date(text: str) -> tuple[datetime.date, str]:
    """ISO date, year and month, or year alone; the day or month missing is the first,
    with a warning since the score counts a source's age."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text.strip())
    if not match:
        raise ValidationError(f"“{text}” is not a date: write it as 2025-06-30.", code="date")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        date = datetime.date(year, month or 1, day or 1)
    except ValueError as error:
        raise ValidationError(f"“{text}” is not a date ({error}).", code="date") from error
    if day:
        return date, ""
    given = "year" if month is None else "year and month"
    return date, f"Only the {given} of publication given: stored as {date:%-d %B %Y}."


def _decimal(text: str) -> Decimal:
    """ "+33%", "−2.5", "0.218": the number as reported, sign kept, per cent sign dropped."""
    cleaned = text.strip().replace("\u2212", "-").rstrip("%").replace(" ", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(f"“{text}” is not a number.", code="number") from None
    if not value.is_finite():
        raise ValidationError(f"“{text}” is not a number.", code="number")
    return value


OLD_OUTCOMES = {
    "supports": "“supports” is now improves",
    "contradicts": "“contradicts” is now no_effect when the source found nothing, worsens "
    "when it found harm",
}


def _outcome(text: str) -> str:
    old = OLD_OUTCOMES.get(text.strip().lower())
    if old:
        raise ValidationError(
            f"“{text}” is an outcome of the old template: use one of "
            f"{', '.join(Position.values)} ({old}).",
            code="old_outcome",
        )
    return _choice(Position, text, "position")


def _number(text: str) -> int:
    digits = re.sub(r"[\s,_]", "", text)
    if not digits.isdigit():
        raise ValidationError(f"“{text}” is not a whole number.", code="number")
    return int(digits)


def _flag(text: str) -> bool:
    wanted = text.strip().lower()
    if wanted in ("yes", "y", "true", "1"):
        return True
    if wanted in ("no", "n", "false", "0"):
        return False
    raise ValidationError(f"“{text}” is not yes or no.", code="flag")


def _messages(error: ValidationError, model, prefix: str = "") -> list[str]:
    said = []
    for name, messages in error.message_dict.items():
        if prefix:
            label = f"{prefix}: "
        elif name == NON_FIELD_ERRORS:
            label = ""
        else:
            try:
                label = f"{model._meta.get_field(name).verbose_name.capitalize()}: "
            except Exception:
                label = f"{name}: "
        said.extend(f"{label}{strip_tags(message)}" for message in messages)
    return said


# --- Sources ------------------------------------------------------------------------

_SOURCE_TEXT = (
    "title",
    "url",
    "doi",
    "venue",
    "authors",
    "sample_unit",
    "lab_engine",
    "summary",
)


def organisation_key(name: str) -> str:
    """Case and spacing ignored, as the migration that made organisations merged them."""
    return " ".join(name.split()).lower()


class Organisations:
    """The stored organisations, read once for a file, and those the file would add."""

    def __init__(self):
        self.stored = {organisation_key(o.name): o for o in Organisation.objects.all()}
        self.new: dict[str, Organisation] = {}

    def find(self, name: str, sells: bool | None) -> tuple[Organisation, bool, list, list]:
        """The organisation named, whether it is new, errors and warnings."""
        key = organisation_key(name)
        stored = self.stored.get(key)
        if stored is not None:
            warnings = []
            if sells is not None and sells != stored.sells_related_product:
                said = "sells" if sells else "does not sell"
                warnings.append(
                    f"The file says “{stored.name}” {said} a related product; the stored "
                    "organisation says otherwise and is kept as it is (change it on the "
                    "organisation's page)."
                )
            return stored, False, [], warnings
        if key in self.new:
            organisation = self.new[key]
            warnings = []
            if sells is not None and sells != organisation.sells_related_product:
                warnings.append(
                    f"An earlier row says otherwise about whether “{organisation.name}” sells a "
                    "related product: the first row's answer is used."
                )
            return organisation, True, [], warnings
        organisation = Organisation(
            name=" ".join(name.split()),
            kind=OrganisationKind.OTHER,
            sells_related_product=bool(sells),
        )
        try:
            organisation.full_clean(validate_constraints=False)
        except ValidationError as error:
            return organisation, True, _messages(error, Organisation, "Organisation"), []
        self.new[key] = organisation
        return organisation, True, [], []


def _source_fields(values: dict, platform_ids: dict) -> tuple[dict, list[int] | None, list, list]:
    """Model values from the row's non-empty cells, the platform ids, errors, warnings."""
    fields, errors, warnings, platforms = {}, [], [], None
    for name in _SOURCE_TEXT:
        if values.get(name):
            fields[name] = values[name]
    readers = {
        "source_type": lambda text: _choice(SourceType, text, "source type"),
        "method": lambda text: _choice(Method, text, "method"),
        "sample_size": _number,
        "second_hand": _flag,
    }
    for name, read in readers.items():
        if values.get(name):
            try:
                fields[name] = read(values[name])
            except ValidationError as error:
                errors.append(
                    f"{Source._meta.get_field(name).verbose_name.capitalize()}: {error.message}"
                )
    for name, label, what in (
        ("published_on", "Published on", "of publication"),
        ("live_tested_on", "Live tested on", "of the live test"),
    ):
        if values.get(name):
            try:
                fields[name], warning = _date(values[name])
                if warning:
                    warnings.append(warning.replace("of publication", what))
            except ValidationError as error:
                errors.append(f"{label}: {error.message}")
    if values.get("platforms"):
        platforms = []
        for slug in re.split(r"[;,]", values["platforms"]):
            slug = slug.strip().lower()
            if not slug:
                continue
            if slug in platform_ids:
                platforms.append(platform_ids[slug])
            else:
                errors.append(
                    f"Platforms: no platform has the slug or name “{slug}” (the list of "
                    "platforms is in the admin)."
                )
    return fields, platforms, errors, warnings


def plan_sources(rows: list[Row], *, updates: bool) -> Plan:
    """`updates`: whether a row matching a stored source by address or DOI updates it
    (our CSV template) or is a duplicate (reference-manager exports)."""
    platform_ids = {}
    for pk, slug, name in Platform.objects.values_list("pk", "slug", "name"):
        platform_ids[slug] = platform_ids[name.lower()] = pk
    seen: dict[tuple, str] = {}
    organisations = Organisations()
    plan = Plan("sources", [])
    for row in rows:
        plan.rows.append(_plan_source(row, platform_ids, organisations, seen, updates))
    return plan


def _organisation(planned: Planned, values: dict, organisations: Organisations, fields: dict):
    """Set fields["organisation"] from the row's name; returns whether it is new."""
    name = values.get("organisation", "")
    if not name.strip():
        planned.reasons.append(
            "Organisation: none named. Give who did the research (a university, a vendor, "
            "an agency …)."
        )
        return False
    sells = None
    if values.get("sells_related_product"):
        try:
            sells = _flag(values["sells_related_product"])
        except ValidationError as error:
            planned.reasons.append(f"Sells a related product: {error.message}")
    organisation, new, errors, warnings = organisations.find(name, sells)
    planned.reasons += errors
    planned.warnings += warnings
    fields["organisation"] = organisation
    return new


def _plan_source(
    row: Row, platform_ids: dict, organisations: Organisations, seen: dict, updates: bool
) -> Planned:
    values = row.values
    planned = Planned(row, ERROR, values.get("title") or values.get("url") or "(no title)")
    planned.reasons, planned.warnings = list(row.errors), list(row.warnings)
    fields, platforms, errors, warnings = _source_fields(values, platform_ids)
    planned.reasons += errors
    planned.warnings += warnings
    new_organisation = _organisation(planned, values, organisations, fields)
    if not values.get("url"):
        planned.reasons.append("URL: no address (and no DOI to make one from).")
    if planned.reasons:
        return planned
    try:
        url_normalised = normalise_url(fields["url"])
    except UnreadableURL as error:
        planned.reasons.append(f"URL: {error}")
        return planned
    doi = normalise_doi(fields.get("doi", ""))
    published = fields.get("published_on")
    keys = [("url", url_normalised)]
    if doi:
        keys.append(("doi", doi))
    organisation = fields["organisation"]
    if fields.get("title") and published:
        title_key = normalise_title(fields["title"])
        keys.append(("title", title_key, organisation_key(organisation.name), published.year))
    for key in keys:
        if key in seen:
            planned.status = DUPLICATE
            planned.reasons.append(f"The same source as {seen[key]} of this file.")
            return planned
    for key in keys:
        seen[key] = row.where

    matches = find_duplicates(
        url_normalised=url_normalised,
        doi=doi,
        title=fields.get("title", ""),
        organisation=organisation.pk,
        year=published.year if published else None,
    )
    strong = [(source, rule) for source, rule in matches if rule != SAME_TITLE]
    if len({source.pk for source, _ in strong}) > 1:
        planned.reasons.append(
            "Its address and its DOI belong to two different stored sources: "
            + " and ".join(f"“{source.title}”" for source, _ in strong)
            + "."
        )
        return planned
    if matches and not (strong and updates):
        planned.existing, rule = (strong or matches)[0]
        planned.status = DUPLICATE
        planned.reasons.append(f"Already recorded, with {rule}.")
        return planned
    exclude = ("organisation",) if new_organisation else ()
    if new_organisation:
        planned.new_organisation = organisation.name
    if strong:
        return _update_source(planned, strong[0][0], fields, platforms, url_normalised, exclude)

    source = Source(**fields)
    planned.platforms = platforms
    return _validated(planned, source, NEW, exclude)


def _update_source(planned, source, fields, platforms, url_normalised, exclude) -> Planned:
    planned.existing = source
    if source.is_withdrawn:
        planned.reasons.append("The stored source was withdrawn: it is not updated.")
        return planned
    if url_normalised == source.url_normalised:
        fields.pop("url")  # the same address, perhaps written differently
    changed = []
    for name in [f.name for f in Source._meta.concrete_fields if f.name in fields]:
        value = fields[name]
        if name == "organisation":
            differs = value.pk is None or value.pk != source.organisation_id
        else:
            differs = getattr(source, name) != (normalise_doi(value) if name == "doi" else value)
        if differs:
            setattr(source, name, value)
            changed.append(Source._meta.get_field(name).verbose_name)
    if platforms is not None:
        stored = set(source.platforms.values_list("pk", flat=True))
        if stored != set(platforms):
            planned.platforms = platforms
            changed.append("platforms")
    planned.changed = changed
    if "organisation" not in changed:
        planned.new_organisation = ""  # named by a row that does not write
    return _validated(planned, source, UPDATED if changed else UNCHANGED, exclude)


def _validated(planned: Planned, instance, status: str, exclude=()) -> Planned:
    """The model's own validation, as the admin form runs it, but for the constraints.
    Each costs a query or two a row, and each is checked otherwise: every check
    constraint restates a field's rule (choices, the date and sample-size validators, a
    title) that runs here in words, the unique DOI and the one stance per source and
    tactic are the planner's duplicate rules, and the database enforces them all when the
    rows are written (one refusal rolls the whole import back)."""
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        planned.reasons += _messages(error, type(instance))
        planned.status = ERROR
        return planned
    planned.status = status
    planned.instance = instance if status in WRITES else None
    return planned
