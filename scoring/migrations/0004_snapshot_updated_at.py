from django.db import migrations, models
from django.db.models import F


def fill_from_opening_time(apps, schema_editor):
    # No merge time was kept before this field existed: the opening time is the only
    # date the feeds ever printed for these rows, so readers see no change.
    ScoreSnapshot = apps.get_model("scoring", "ScoreSnapshot")
    ScoreSnapshot.objects.filter(updated_at=None).update(updated_at=F("computed_at"))


class Migration(migrations.Migration):
    dependencies = [("scoring", "0003_platform_grades")]

    operations = [
        migrations.AddField(
            model_name="scoresnapshot",
            name="updated_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(fill_from_opening_time, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="scoresnapshot",
            name="updated_at",
            field=models.DateTimeField(
                help_text="When a change last merged into this snapshot; its opening time if "
                "none has."
            ),
        ),
    ]
