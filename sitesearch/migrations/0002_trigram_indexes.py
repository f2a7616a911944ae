"""On PostgreSQL: pg_trgm, and trigram indexes on the search table's terms, one per language (a search reads
one language's rows: its index holds an eighth of the entries), so that "contains" is an index search, not a
scan; and on the vocabulary, for the nearest term of a misspelt word. SQLite has neither: it reads the rows
of one language, which is fine for the sizes it serves."""

from django.db import migrations

LANGUAGES = ["en", "de", "cs", "pl", "sl", "hr", "it", "nl"]
INDEXES = [
    *(
        (f"sitesearch_{column}_{language}_trgm", "sitesearch_searchdocument", column, f"language = '{language}'")
        for column in ("terms", "file_terms")
        for language in LANGUAGES
    ),
    ("sitesearch_term_trgm", "sitesearch_searchterm", "term", ""),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column, condition in INDEXES:
        where = f" WHERE {condition}" if condition else ""
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops){where}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column, _condition in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
