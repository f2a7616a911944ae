"""The moved models leave this app's state; their tables belong to core and workpackages (see 0008)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("inducult", "0008_move_models_to_core_and_workpackages"),
        ("core", "0001_initial"),
        ("workpackages", "0001_initial"),
        ("publications", "0002_alter_publicationpage_work_package"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ContentVersion"),
                migrations.RemoveField(model_name="workpackagepage", name="lead_partner"),
                migrations.RemoveField(model_name="workpackagepage", name="page_ptr"),
                migrations.DeleteModel(name="WorkPackageIndexPage"),
                migrations.DeleteModel(name="WorkPackagePage"),
            ],
            database_operations=[],
        ),
    ]
