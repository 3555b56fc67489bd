"""Indexes for the source library (/sources/): its first page walks the sources in the
library's order and stops after one page, and its count reads the current stances from
one narrow index instead of the whole stance table."""

from django.db import migrations, models


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """SQLite cannot index NULLS LAST; the small libraries it serves sort fine without."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("sources", "0006_organisations_outcomes_effects_engines")]

    operations = [
        migrations.AddIndex(
            model_name="stance",
            index=models.Index(
                condition=models.Q(withdrawn_at__isnull=True),
                fields=["source", "tactic", "position"],
                name="stance_current_by_source",
            ),
        ),
        AddIndexOnPostgreSQL(
            model_name="source",
            index=models.Index(
                models.OrderBy(models.F("published_on"), descending=True, nulls_last=True),
                models.F("title"),
                models.F("id"),
                name="source_library_order",
            ),
        ),
    ]
