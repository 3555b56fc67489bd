"""Load the demo dataset the way the admin saves things, so that scoring sees ordinary saves.

Every row is looked up by its natural key (a slug, an organisation's name in any case, a
source's normalised URL or failing that its title, a stance's source and tactic, an ordered
part's tactic and position), validated with ``full_clean()`` and written with ``save()``
only when something differs. A second run therefore changes
nothing: no new rows, no new history entries and no needless score recomputes. The scoring
signals do their work when the surrounding transaction commits; nothing here touches a
tactic's evidence fields.

Demo accounts have published passwords, so they are created only on request and never
while ``DEBUG`` is off.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from sources.models import Organisation, Source, Stance
from sources.urls_normal import normalise_url
from tactics.demo.data_backlinks import BACKLINKS_SOURCES, BACKLINKS_TACTIC
from tactics.demo.data_content import CONTENT_TACTICS
from tactics.demo.data_offpage_brand import OFFPAGE_BRAND_TACTICS
from tactics.demo.data_onpage_technical import ONPAGE_TECHNICAL_TACTICS
from tactics.demo.data_organisations import ORGANISATIONS
from tactics.demo.data_platforms_categories import CATEGORIES, PLATFORMS
from tactics.demo.data_sources_industry import INDUSTRY_SOURCES
from tactics.demo.data_sources_official import OFFICIAL_SOURCES
from tactics.demo.data_sources_research import RESEARCH_SOURCES
from tactics.models import Category, ImplementationStep, KeyFinding, Platform, Tactic, TacticFAQ
from tactics.roles import EDITORS, RESEARCHERS, ensure_roles

SOURCES = [*BACKLINKS_SOURCES, *RESEARCH_SOURCES, *INDUSTRY_SOURCES, *OFFICIAL_SOURCES]
TACTICS = [BACKLINKS_TACTIC, *CONTENT_TACTICS, *ONPAGE_TECHNICAL_TACTICS, *OFFPAGE_BRAND_TACTICS]

TACTIC_FIELDS = [
    "question",
    "action_name",
    "lede",
    "verdict",
    "body",
    "limitations",
    "implementation_heading",
    "status",
    "effort",
    "last_reviewed",
]
ORGANISATION_FIELDS = ["name", "kind", "sells_related_product", "website"]
SOURCE_FIELDS = [
    "title",
    "url",
    "venue",
    "authors",
    "published_on",
    "source_type",
    "method",
    "sample_size",
    "sample_unit",
    "live_tested_on",
    "lab_engine",
    "second_hand",
    "summary",
]
# A stance's reported effect: data key -> model field. Figures are written as strings in the
# data modules, so that 0.1 stays exactly 0.1.
EFFECT_FIELDS = {
    "measure": "effect_measure",
    "kind": "effect_kind",
    "value": "effect_value",
    "low": "effect_low",
    "high": "effect_high",
    "p": "effect_p",
    "quote": "effect_quote",
}
NUMERIC_EFFECT_KEYS = {"value", "low", "high", "p"}

# (username, password, group): local sign-ins for trying the admin in each role.
DEMO_ACCOUNTS = [
    ("researcher", "demo-researcher-pw", RESEARCHERS),
    ("editor", "demo-editor-pw", EDITORS),
]


class DemoAccountsRefused(Exception):
    """Raised when demo accounts are requested while DEBUG is off."""


class DemoDataError(ValueError):
    """The demo data refers to something it does not define."""


@dataclass
class LoadReport:
    """What a run created, updated, left alone or removed, per kind of row."""

    counts: dict[str, Counter] = field(default_factory=dict)

    def record(self, label: str, outcome: str, number: int = 1) -> None:
        self.counts.setdefault(label, Counter())[outcome] += number

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    def lines(self) -> list[str]:
        lines = []
        for label, counter in self.counts.items():
            parts = [
                f"{counter[outcome]} {outcome}"
                for outcome in ("created", "updated", "unchanged", "deleted")
                if counter[outcome] or outcome != "deleted"
            ]
            lines.append(f"{label}: {', '.join(parts)}")
        return lines


def _clean_value(value):
    # Markdown blocks are written as dedented triple-quoted strings in the data modules.
    return value.strip() if isinstance(value, str) else value


def _upsert(model, lookup: dict, values: dict, fallback: dict | None = None) -> tuple[object, str]:
    """Create or update one row through full_clean() and save(); skip it if nothing differs.

    ``fallback`` is a second lookup tried when the natural key finds nothing, so that a
    corrected natural key (a source's URL) updates the old row instead of duplicating it.
    """
    values = {name: _clean_value(value) for name, value in values.items()}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None and fallback:
        obj = model._default_manager.filter(**fallback).first()
    if obj is None:
        # A lookup such as name__iexact finds a row but cannot build one: values name it.
        exact = {name: value for name, value in lookup.items() if "__" not in name}
        obj = model(**{**exact, **values})
        outcome = "created"
    else:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if not changed:
            return obj, "unchanged"
        for name in changed:
            setattr(obj, name, values[name])
        outcome = "updated"
    obj.full_clean()
    obj.save()
    return obj, outcome


def _set_m2m(manager, objects) -> bool:
    """Point a many-to-many relation at exactly these objects; report whether it changed."""
    wanted = {obj.pk for obj in objects}
    if set(manager.values_list("pk", flat=True)) == wanted:
        return False
    manager.set(objects)
    return True


def _check_references(sources_by_key: dict, tactic_slugs: set) -> None:
    organisation_keys = {organisation["key"] for organisation in ORGANISATIONS}
    if len(organisation_keys) != len(ORGANISATIONS):
        raise DemoDataError("Two demo organisations share a key.")
    for source in SOURCES:
        if source["organisation"] not in organisation_keys:
            raise DemoDataError(
                f"Source {source['key']!r} names unknown organisation {source['organisation']!r}."
            )
    for tactic in TACTICS:
        keys = [stance["source"] for stance in tactic["stances"]]
        keys += [source_key for _, source_key in tactic["key_findings"]]
        for key in keys:
            if key not in sources_by_key:
                raise DemoDataError(f"Tactic {tactic['slug']!r} names unknown source {key!r}.")
        for slug in tactic["related"]:
            if slug not in tactic_slugs:
                raise DemoDataError(f"Tactic {tactic['slug']!r} relates to unknown {slug!r}.")
        if len(set(keys[: len(tactic["stances"])])) != len(tactic["stances"]):
            raise DemoDataError(f"Tactic {tactic['slug']!r} has two stances from one source.")


def _effect_values(effect: dict | None) -> dict:
    """The stance's effect fields: every one set, blank where the source reports no effect,
    so that an effect removed from the data is removed from the database too."""
    effect = effect or {}
    unknown = set(effect) - set(EFFECT_FIELDS)
    if unknown:
        raise DemoDataError(f"Unknown effect keys: {', '.join(sorted(unknown))}.")
    values = {}
    for key, name in EFFECT_FIELDS.items():
        raw = effect.get(key)
        if key in NUMERIC_EFFECT_KEYS:
            values[name] = None if raw is None else Decimal(raw)
        else:
            values[name] = raw or ""
    return values


def _load_organisations(report: LoadReport) -> dict:
    organisations = {}
    for data in ORGANISATIONS:
        values = {name: data[name] for name in ORGANISATION_FIELDS}
        # Names are unique whatever their case: an organisation a curator (or the migration
        # from publisher strings) spelt differently is the same row, brought up to date.
        organisations[data["key"]], outcome = _upsert(
            Organisation, {"name__iexact": data["name"]}, values
        )
        report.record("organisations", outcome)
    return organisations


def _load_ordered_parts(model, tactic, rows: list[dict], report: LoadReport, label: str):
    for position, values in enumerate(rows):
        _, outcome = _upsert(model, {"tactic": tactic, "position": position}, values)
        report.record(label, outcome)
    deleted, _ = model._default_manager.filter(tactic=tactic, position__gte=len(rows)).delete()
    if deleted:
        report.record(label, "deleted", deleted)


def load_demo_data(report: LoadReport | None = None) -> LoadReport:
    """Create or bring up to date every demo platform, category, source and tactic."""
    report = report or LoadReport()
    sources_by_key = {source["key"]: source for source in SOURCES}
    if len(sources_by_key) != len(SOURCES):
        raise DemoDataError("Two demo sources share a key.")
    tactic_slugs = {tactic["slug"] for tactic in TACTICS}
    _check_references(sources_by_key, tactic_slugs)

    with transaction.atomic():
        platforms = {}
        for position, data in enumerate(PLATFORMS):
            values = {"name": data["name"], "position": position}
            platforms[data["slug"]], outcome = _upsert(Platform, {"slug": data["slug"]}, values)
            report.record("platforms", outcome)

        categories = {}
        for position, data in enumerate(CATEGORIES):
            values = {"name": data["name"], "description": data["description"]}
            values["position"] = position
            categories[data["slug"]], outcome = _upsert(Category, {"slug": data["slug"]}, values)
            report.record("categories", outcome)

        organisations = _load_organisations(report)

        sources = {}
        for data in SOURCES:
            values = {name: data[name] for name in SOURCE_FIELDS}
            values["organisation"] = organisations[data["organisation"]]
            lookup = {"url_normalised": normalise_url(data["url"])}
            # A study recorded earlier under another address (or another organisation, as
            # the old free-text publisher was) is found by its title and corrected.
            same_study = {"title": data["title"]}
            source, outcome = _upsert(Source, lookup, values, fallback=same_study)
            wanted = [platforms[slug] for slug in data["platforms"]]
            if _set_m2m(source.platforms, wanted) and outcome == "unchanged":
                outcome = "updated"
            sources[data["key"]] = source
            report.record("sources", outcome)

        tactics = {}
        for data in TACTICS:
            values = {name: data[name] for name in TACTIC_FIELDS}
            values["category"] = categories[data["category"]]
            tactics[data["slug"]], outcome = _upsert(Tactic, {"slug": data["slug"]}, values)
            report.record("tactics", outcome)

        for data in TACTICS:
            tactic = tactics[data["slug"]]
            findings = [
                {"text": text, "source": sources[key]} for text, key in data["key_findings"]
            ]
            _load_ordered_parts(KeyFinding, tactic, findings, report, "key findings")
            steps = [{"text": text} for text in data["steps"]]
            _load_ordered_parts(ImplementationStep, tactic, steps, report, "implementation steps")
            faqs = [{"question": q, "answer": a} for q, a in data["faqs"]]
            _load_ordered_parts(TacticFAQ, tactic, faqs, report, "FAQs")

            for stance in data["stances"]:
                lookup = {"source": sources[stance["source"]], "tactic": tactic}
                values = {
                    "position": stance["position"],
                    "directness": stance["directness"],
                    "finding": stance["finding"],
                    "detail": stance.get("detail", ""),
                    **_effect_values(stance.get("effect")),
                }
                _, outcome = _upsert(Stance, lookup, values)
                report.record("stances", outcome)

            related = [tactics[slug] for slug in data["related"]]
            changed = _set_m2m(tactic.related_tactics, related)
            report.record("related-tactic lists", "updated" if changed else "unchanged")

    return report


def date_demo_evidence_before_reviews(started) -> None:
    """Date the evidence this load recorded (stance history, score snapshots from `started`
    on) to the day before each tactic's review date in the demo data.

    The demo's review dates say an editor checked each page after its evidence was in. Left
    at the moment of loading, every page would say its evidence changed after its last
    review and fill the editors' review queue. Call it after the load has committed (the
    snapshots are written on commit). Rows of earlier loads are never touched, so a second
    run changes nothing.
    """
    from scoring.models import ScoreSnapshot

    slugs = [data["slug"] for data in TACTICS]
    for tactic in Tactic.objects.filter(slug__in=slugs).exclude(last_reviewed=None):
        recorded = datetime.datetime.combine(
            tactic.last_reviewed - datetime.timedelta(days=1), datetime.time(12), datetime.UTC
        )
        Stance.history.filter(tactic_id=tactic.pk, history_date__gte=started).update(
            history_date=recorded
        )
        ScoreSnapshot.objects.filter(tactic=tactic, computed_at__gte=started).update(
            computed_at=recorded, updated_at=recorded
        )


def create_demo_accounts(report: LoadReport | None = None) -> LoadReport:
    """Create the local researcher and editor sign-ins, each in its role's group."""
    if not settings.DEBUG:
        raise DemoAccountsRefused(
            "Demo accounts are only created with DEBUG on: their passwords are published in "
            "the README, so they must never exist on a production site."
        )
    report = report or LoadReport()
    user_model = get_user_model()
    with transaction.atomic():
        groups = ensure_roles()
        for username, password, group_name in DEMO_ACCOUNTS:
            user = user_model._default_manager.filter(username=username).first()
            outcome = "unchanged"
            if user is None:
                user = user_model(username=username)
                outcome = "created"
            if not user.is_staff or not user.check_password(password):
                user.is_staff = True
                user.set_password(password)
                outcome = "created" if outcome == "created" else "updated"
            if outcome != "unchanged":
                user.full_clean()
                user.save()
            if _set_m2m(user.groups, [groups[group_name]]) and outcome == "unchanged":
                outcome = "updated"
            report.record("demo accounts", outcome)
    return report
