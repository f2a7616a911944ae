"""An index on each language's URL path column of Wagtail's page table: routing finds a page by it on every
request (inducult.serving.route_by_url_path).

wagtail-modeltranslation adds the per-language columns outside migrations, after `migrate` has run; on a new
database this migration adds them first (its later sync then finds them in place), so the index can follow.
"""

from django.conf import settings
from django.db import migrations
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page


def index_name(language):
    return f"core_page_url_path_{language.replace('-', '_')}_idx"


def create_indexes(apps, schema_editor):
    # The real page model, not the migration state's: only it has the translation fields.
    table = Page._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        columns = {column.name for column in schema_editor.connection.introspection.get_table_description(cursor, table)}
    for language, _name in settings.LANGUAGES:
        field = Page._meta.get_field(build_localized_fieldname("url_path", language))
        if field.column not in columns:
            schema_editor.add_field(Page, field)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(index_name(language))} "
            f"ON {schema_editor.quote_name(table)} ({schema_editor.quote_name(field.column)})"
        )


def drop_indexes(apps, schema_editor):
    for language, _name in settings.LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index_name(language))}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
