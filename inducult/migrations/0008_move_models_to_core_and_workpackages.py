"""Work packages move to their own app (workpackages) and the content version to the bottom layer (core).

The database keeps every row: the tables are renamed to the new apps' names here and the content types
keep their ids (pages, revisions and permissions point at them), only their app is renamed. The new apps'
first migrations then take the models over without touching the database, and 0009 drops them from this
app's state.
"""

from django.db import migrations

MOVED = {
    "contentversion": "core",
    "workpackageindexpage": "workpackages",
    "workpackagepage": "workpackages",
}


def rename_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        ContentType.objects.using(schema_editor.connection.alias).filter(app_label="inducult", model=model).update(
            app_label=app_label
        )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        ContentType.objects.using(schema_editor.connection.alias).filter(app_label=app_label, model=model).update(
            app_label="inducult"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("inducult", "0007_contentversion"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="contentversion", table="core_contentversion"),
        migrations.AlterModelTable(name="workpackageindexpage", table="workpackages_workpackageindexpage"),
        migrations.AlterModelTable(name="workpackagepage", table="workpackages_workpackagepage"),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
