"""On PostgreSQL: pg_trgm, and trigram indexes on the search table's terms (so that "contains" is an index
search, not a scan) and on the vocabulary (the nearest term of a misspelt word). SQLite has neither: it scans
the search table of one language, which is small enough there."""

from django.db import migrations

INDEXES = [
    ("sitesearch_document_terms_trgm", "sitesearch_searchdocument", "terms"),
    ("sitesearch_document_file_terms_trgm", "sitesearch_searchdocument", "file_terms"),
    ("sitesearch_term_trgm", "sitesearch_searchterm", "term"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
