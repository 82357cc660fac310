"""A narrow covering index for counting: facet counts and totals are index-only
scans over it (a few dozen bytes per row) instead of reads of the wide rows.
PostgreSQL only (INCLUDE)."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS partners_entry_facets ON partners_searchentry "
    "(kind, country_id) INCLUDE (id, subjects_mask, languages_mask, levels, plus, age_min, "
    "age_max, start_month, expires_at) WHERE visible"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS partners_entry_facets")


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_trigram_threshold")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
