"""Partner search at eTwinning scale (1.4 million index rows), from the bench's
EXPLAIN ANALYZE:

- Text: the OR of the full-text match with trigram similarity on names and
  cities kept PostgreSQL off the GIN index (it filtered every row of a kind).
  Typos are now handled through a small lexicon of name and city words
  (``SearchWord``, trigram GIN), so the search itself is a pure full-text match,
  answered by one partial GIN index per kind (an announcement search no longer
  visits the teachers' rows).
- Counting, "newest" and "best match": one narrow covering index holds every
  filtered, counted and sorted column, so these are index-only scans; the page's
  wide rows are then read by primary key. The ordering indexes that made the
  planner walk the whole table hoping to meet 20 rare matches are dropped.
- Suggestions: a covering index in order of recent activity.

PostgreSQL only; SQLite gets the lexicon table and nothing else.
"""

from django.db import migrations, models

FACET_COLUMNS = (
    "id, subjects_mask, languages_mask, levels, plus, age_min, age_max, start_month, "
    "expires_at, created_at, active_at, wanted_mask"
)

FORWARD = [
    "DROP INDEX IF EXISTS partners_entry_country_newest",
    "DROP INDEX IF EXISTS partners_entry_name_trgm",
    "DROP INDEX IF EXISTS partners_entry_city_trgm",
    "DROP INDEX IF EXISTS partners_entry_fts",
    "DROP INDEX IF EXISTS partners_entry_facets",
    "CREATE INDEX IF NOT EXISTS partners_entry_facets ON partners_searchentry "
    f"(kind, country_id) INCLUDE ({FACET_COLUMNS}) WHERE visible",
    "CREATE INDEX IF NOT EXISTS partners_entry_active ON partners_searchentry "
    "(kind, active_at DESC, id DESC) INCLUDE (teacher_id, country_id, subjects_mask, "
    "languages_mask, age_min, age_max, wanted_mask) WHERE visible",
    "CREATE INDEX IF NOT EXISTS partners_entry_fts_announcement ON partners_searchentry "
    "USING gin (search_vector) WHERE visible AND kind = 'announcement'",
    "CREATE INDEX IF NOT EXISTS partners_entry_fts_teacher ON partners_searchentry "
    "USING gin (search_vector) WHERE visible AND kind = 'teacher'",
    "CREATE INDEX IF NOT EXISTS partners_searchword_trgm ON partners_searchword "
    "USING gin (word gin_trgm_ops)",
    # The lexicon of what is already indexed (words of 3 letters or more).
    "INSERT INTO partners_searchword (word) "
    "SELECT DISTINCT w FROM partners_searchentry, "
    r"regexp_split_to_table(lower(name || ' ' || city), '[^[:alnum:]]+') AS w "
    "WHERE length(w) BETWEEN 3 AND 100 ON CONFLICT (word) DO NOTHING",
    "ANALYZE partners_searchentry",
    "ANALYZE partners_searchword",
]

BACKWARD = [
    "DROP INDEX IF EXISTS partners_searchword_trgm",
    "DROP INDEX IF EXISTS partners_entry_fts_teacher",
    "DROP INDEX IF EXISTS partners_entry_fts_announcement",
    "DROP INDEX IF EXISTS partners_entry_active",
    "DROP INDEX IF EXISTS partners_entry_facets",
    "CREATE INDEX IF NOT EXISTS partners_entry_facets ON partners_searchentry "
    "(kind, country_id) INCLUDE (id, subjects_mask, languages_mask, levels, plus, age_min, "
    "age_max, start_month, expires_at) WHERE visible",
    "CREATE INDEX IF NOT EXISTS partners_entry_fts ON partners_searchentry "
    "USING gin (search_vector) WHERE visible",
    "CREATE INDEX IF NOT EXISTS partners_entry_name_trgm ON partners_searchentry "
    "USING gin (name gin_trgm_ops) WHERE visible",
    "CREATE INDEX IF NOT EXISTS partners_entry_city_trgm ON partners_searchentry "
    "USING gin (city gin_trgm_ops) WHERE visible",
    "CREATE INDEX IF NOT EXISTS partners_entry_country_newest ON partners_searchentry "
    "(kind, country_id, created_at DESC) WHERE visible",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("partners", "0006_country_newest_index")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=100, unique=True)),
            ],
            options={
                "verbose_name": "mot du lexique de recherche",
                "verbose_name_plural": "mots du lexique de recherche",
            },
        ),
        migrations.RemoveIndex(model_name="searchentry", name="partners_entry_newest"),
        migrations.RemoveIndex(model_name="searchentry", name="partners_entry_country"),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
