"""Full-text and trigram GIN indexes of the search index, on PostgreSQL only.

SQLite (the embedded default) has neither tsvector nor pg_trgm: there the
operations do nothing and partner search falls back to a simpler text match.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS partners_entry_fts ON partners_searchentry "
    "USING gin (search_vector) WHERE visible",
    "CREATE INDEX IF NOT EXISTS partners_entry_name_trgm ON partners_searchentry "
    "USING gin (name gin_trgm_ops) WHERE visible",
    "CREATE INDEX IF NOT EXISTS partners_entry_city_trgm ON partners_searchentry "
    "USING gin (city gin_trgm_ops) WHERE visible",
]
BACKWARD = [
    "DROP INDEX IF EXISTS partners_entry_fts",
    "DROP INDEX IF EXISTS partners_entry_name_trgm",
    "DROP INDEX IF EXISTS partners_entry_city_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("partners", "0002_announcements_messages_reports")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
