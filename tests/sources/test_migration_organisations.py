"""The data migration that made organisations (sources 0006): publisher strings that differ
only in case and spacing become one organisation, the vendor flag moves onto it, the old
string stays as the venue, and an old "contradicts" stance reads "no detectable effect"."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("sources", "0005_withdraw_permissions_correction_kind"),
    ("tactics", "0004_history_without_evidence"),
    ("scoring", "0002_recompute_outbox_and_runs"),
]
AFTER = [("sources", "0006_organisations_outcomes_effects_engines")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _old_rows(apps):
    Category = apps.get_model("tactics", "Category")
    Tactic = apps.get_model("tactics", "Tactic")
    Source = apps.get_model("sources", "Source")
    Stance = apps.get_model("sources", "Stance")
    category = Category.objects.create(name="Content", slug="content")
    tactic = Tactic.objects.create(
        slug="authoritative-tone",
        question="Does an authoritative tone help?",
        category=category,
    )

    def source(n, publisher, vendor):
        return Source.objects.create(
            title=f"Study {n}",
            url=f"https://example.org/{n}",
            url_normalised=f"example.org/{n}",
            publisher=publisher,
            vendor_interest=vendor,
            source_type="industry",
            method="observational",
            published_on=datetime.date(2025, 1, 1),
        )

    first = source(1, "Ahrefs", False)
    source(2, " ahrefs ", True)
    source(3, "Princeton University", False)
    Stance.objects.create(source=first, tactic=tactic, position="contradicts", finding="No gain.")
    Stance.objects.create(
        source=source(4, "AHREFS", False), tactic=tactic, position="supports", finding="Gain."
    )


@pytest.mark.django_db(transaction=True)
def test_publishers_become_organisations_and_contradicts_reads_no_effect():
    try:
        _old_rows(_migrate(BEFORE))
        apps = _migrate(AFTER)
        Organisation = apps.get_model("sources", "Organisation")
        Source = apps.get_model("sources", "Source")
        Stance = apps.get_model("sources", "Stance")
        assert sorted(Organisation.objects.values_list("name", "sells_related_product")) == [
            ("Ahrefs", True),  # one organisation for three spellings; one flagged source
            ("Princeton University", False),
        ]
        ahrefs = Organisation.objects.get(name="Ahrefs")
        assert sorted(Source.objects.filter(organisation=ahrefs).values_list("title", "venue")) == [
            ("Study 1", "Ahrefs"),
            ("Study 2", "ahrefs"),
            ("Study 4", "AHREFS"),
        ]
        assert dict(Stance.objects.values_list("finding", "position")) == {
            "No gain.": "no_effect",
            "Gain.": "improves",
        }
    finally:
        _migrate(_latest())
