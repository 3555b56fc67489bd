"""The preview of a stances file: each row names its source by address or DOI and its
tactic by slug, and is checked by Stance.full_clean() as the admin form checks it (the
outcome, and the reported effect through sources.models.effect_errors). Nothing here
writes."""

import contextlib

from django.core.exceptions import ValidationError

from sources.choices import Directness, EffectKind, EffectMeasure
from sources.duplicates import is_doi, normalise_doi
from sources.importing.planner import (
    DUPLICATE,
    ERROR,
    NEW,
    UNCHANGED,
    UPDATED,
    Plan,
    Planned,
    Row,
    _choice,
    _decimal,
    _outcome,
    _validated,
)
from sources.models import Source, Stance
from sources.urls_normal import UnreadableURL, normalise_url
from tactics.models import Tactic

_CHUNK = 500  # ids per IN (...) query, well under SQLite's limit on parameters


def _in_chunks(queryset, lookup: str, values) -> list:
    values = sorted(set(values))
    found = []
    for start in range(0, len(values), _CHUNK):
        found += queryset.filter(**{lookup: values[start : start + _CHUNK]})
    return found


def plan_stances(rows: list[Row], *, user=None) -> Plan:
    """Each stance names its source by address or DOI and its tactic by slug; the
    sources, tactics and stored stances are read in a few queries for the whole file."""
    addresses, dois = {}, {}
    for row in rows:
        text = row.values.get("source", "")
        if is_doi(text):
            dois[row.where] = normalise_doi(text)
        elif text:
            with contextlib.suppress(UnreadableURL):  # said per row: no source found
                addresses[row.where] = normalise_url(text)
    sources = {}
    for source in _in_chunks(Source.objects.all(), "url_normalised__in", addresses.values()):
        sources[("url", source.url_normalised)] = source
    for source in _in_chunks(Source.objects.all(), "doi__in", dois.values()):
        sources[("doi", source.doi)] = source
    tactics = {
        tactic.slug: tactic
        for tactic in _in_chunks(
            Tactic.objects.all(), "slug__in", [row.values.get("tactic", "") for row in rows]
        )
    }
    stored = {
        (stance.source_id, stance.tactic_id): stance
        for stance in _in_chunks(
            Stance.objects.all(), "source_id__in", [source.pk for source in sources.values()]
        )
    }
    plan, seen = Plan("stances", []), {}
    for row in rows:
        key = ("doi", dois[row.where]) if row.where in dois else ("url", addresses.get(row.where))
        plan.rows.append(_plan_stance(row, sources.get(key), tactics, stored, seen, user))
    return plan


# Read from the database for this plan (the importing user too), and the pair checked
# against the stored stances and the file's other rows: validating them again would cost
# three queries a row.
_RESOLVED = ("source", "tactic", "entered_by")


def _plan_stance(row, source, tactics, stored, seen, user) -> Planned:
    values = row.values
    planned = Planned(row, ERROR, f"{values.get('source', '')} → {values.get('tactic', '')}")
    planned.reasons, planned.warnings = list(row.errors), list(row.warnings)
    fields = {
        name: values[name] for name in ("finding", "detail", "effect_quote") if values.get(name)
    }
    readers = {
        "position": ("Outcome", _outcome),
        "directness": ("Directness", lambda text: _choice(Directness, text, "directness")),
        "effect_measure": (
            "Outcome measured",
            lambda text: _choice(EffectMeasure, text, "measured outcome"),
        ),
        "effect_kind": ("Kind of effect", lambda text: _choice(EffectKind, text, "kind of effect")),
        "effect_value": ("Effect", _decimal),
        "effect_low": ("Interval from", _decimal),
        "effect_high": ("Interval to", _decimal),
        "effect_p": ("P-value", _decimal),
    }
    for name, (label, read) in readers.items():
        if values.get(name):
            try:
                fields[name] = read(values[name])
            except ValidationError as error:
                planned.reasons.append(f"{label}: {error.message}")
    tactic = tactics.get(values.get("tactic", ""))
    if source is None:
        planned.reasons.append(
            f"Source: no stored source has the address or DOI “{values.get('source', '')}”. "
            "Import or add the source first."
        )
    elif source.is_withdrawn:
        planned.reasons.append(f"Source: “{source.title}” was withdrawn.")
    if tactic is None:
        planned.reasons.append(f"Tactic: no tactic has the slug “{values.get('tactic', '')}”.")
    if planned.reasons:
        return planned
    planned.label = f"{source.title} → {tactic.slug}"
    if (source.pk, tactic.pk) in seen:
        planned.status = DUPLICATE
        planned.reasons.append(f"The same source and tactic as {seen[source.pk, tactic.pk]}.")
        return planned
    seen[source.pk, tactic.pk] = row.where
    existing = stored.get((source.pk, tactic.pk))
    if existing is None:
        stance = Stance(source=source, tactic=tactic, entered_by=user, **fields)
        return _validated(planned, stance, NEW, exclude=_RESOLVED)
    planned.existing = existing
    existing.source, existing.tactic = source, tactic  # read already: no query per row
    if existing.is_withdrawn:
        planned.reasons.append("The stored stance was withdrawn: it is not updated.")
        return planned
    for name, value in fields.items():
        if getattr(existing, name) != value:
            setattr(existing, name, value)
            planned.changed.append(Stance._meta.get_field(name).verbose_name)
    return _validated(planned, existing, UPDATED if planned.changed else UNCHANGED, _RESOLVED)
