"""Partner search at eTwinning scale, third pass (issue 13), from EXPLAIN
(ANALYZE, BUFFERS) on the bench:

- The country is a facet token too, so that a text search's country filter
  goes into the same GIN lookups as the text and the other facets. As a range
  of the (kind, country) index it made the planner walk that range hoping to
  meet the text early: "school" in Italian and Polish schools ("Liceo",
  "Liceum") is rare although frequent overall, and the walk read 100,000 rows
  (0.3-0.6 s) to count 4,865.
- Extended statistics (MCV) on country and programme: the planner knew they
  depend on each other, not which pairs exist.
- The btree indexes that counting and sorting walk hold the facet tokens (and
  the expiry and start month), so that filters on them stay index-only: best
  match without text scores the most recently active matches from the activity
  index alone, and a new ordering index serves "newest" (a broad text or
  filters only: stop after a page; the tokens' statistics keep the planner off
  it for narrow searches, which made 0007 drop the ordering indexes).

A generated column's expression cannot change in place (PostgreSQL 15): the
column is dropped and added again, which rewrites the table (about a minute per
million rows); run ``VACUUM ANALYZE partners_searchentry`` afterwards so that
index-only scans skip the heap again. PostgreSQL only.
"""

import importlib

from django.db import migrations

FACET_FUNCTION = """
CREATE OR REPLACE FUNCTION partners_facet_tokens(
    subjects bigint, languages bigint, levels integer, plus boolean,
    age_min integer, age_max integer, country bigint
) RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT 1000000 + n FROM generate_series(1, 62) AS n
                 WHERE (subjects >> n) & 1 = 1)
        || ARRAY(SELECT 2000000 + n FROM generate_series(1, 62) AS n
                 WHERE (languages >> n) & 1 = 1)
        || ARRAY(SELECT 3000000 + b FROM unnest(ARRAY[1, 2, 4]) AS b WHERE levels & b <> 0)
        || ARRAY[4000000 + plus::integer]
        || ARRAY(SELECT 5000000 + a FROM generate_series(age_min, age_max) AS a)
        || ARRAY[6000000 + country::integer]
$$
"""

FACET_COLUMNS = (
    "id, subjects_mask, languages_mask, levels, plus, age_min, age_max, start_month, "
    "expires_at, created_at, active_at, wanted_mask, facet_tokens"
)

COLUMN = [
    # Dropping the column drops the indexes that use it.
    "ALTER TABLE partners_searchentry DROP COLUMN IF EXISTS facet_tokens",
    "DROP FUNCTION IF EXISTS partners_facet_tokens(bigint, bigint, integer, boolean, integer, "
    "integer)",
    FACET_FUNCTION,
    "ALTER TABLE partners_searchentry ADD COLUMN IF NOT EXISTS facet_tokens integer[] "
    "GENERATED ALWAYS AS (partners_facet_tokens(subjects_mask, languages_mask, levels, plus, "
    "age_min, age_max, country_id)) STORED",
]

INDEXES = [
    "CREATE INDEX IF NOT EXISTS partners_entry_tokens_teacher ON partners_searchentry "
    "USING gin (facet_tokens) WITH (gin_pending_list_limit = 256) "
    "WHERE visible AND kind = 'teacher'",
    "CREATE INDEX IF NOT EXISTS partners_entry_tokens_announcement ON partners_searchentry "
    "USING gin (facet_tokens) WITH (gin_pending_list_limit = 256) "
    "WHERE visible AND kind = 'announcement'",
    "DROP INDEX IF EXISTS partners_entry_facets",
    "CREATE INDEX IF NOT EXISTS partners_entry_facets ON partners_searchentry "
    f"(kind, country_id) INCLUDE ({FACET_COLUMNS}) WHERE visible",
    "DROP INDEX IF EXISTS partners_entry_active",
    "CREATE INDEX IF NOT EXISTS partners_entry_active ON partners_searchentry "
    "(kind, active_at DESC, id DESC) INCLUDE (teacher_id, country_id, subjects_mask, "
    "languages_mask, age_min, age_max, wanted_mask, facet_tokens, expires_at, start_month) "
    "WHERE visible",
    "CREATE INDEX IF NOT EXISTS partners_entry_newest ON partners_searchentry "
    "(kind, created_at DESC, id DESC) INCLUDE (country_id, facet_tokens, expires_at, "
    "start_month) WHERE visible",
    # The joint frequencies of country and programme (0006 kept only their
    # dependency, which says nothing of which pairs exist).
    "CREATE STATISTICS IF NOT EXISTS partners_entry_country_plus_mcv (mcv) "
    "ON country_id, plus FROM partners_searchentry",
    "ANALYZE partners_searchentry",
]

FORWARD = COLUMN + INDEXES

# Back to 0008's column and tokens indexes and 0007's covering indexes.
_0007 = importlib.import_module("partners.migrations.0007_search_rework")
_0008 = importlib.import_module("partners.migrations.0008_facet_tokens_and_lexicon")
BACKWARD = [
    "DROP STATISTICS IF EXISTS partners_entry_country_plus_mcv",
    "DROP INDEX IF EXISTS partners_entry_newest",
    "ALTER TABLE partners_searchentry DROP COLUMN IF EXISTS facet_tokens",
    "DROP FUNCTION IF EXISTS partners_facet_tokens(bigint, bigint, integer, boolean, integer, "
    "integer, bigint)",
    *_0008.FACETS[:4],
    "DROP INDEX IF EXISTS partners_entry_facets",
    "DROP INDEX IF EXISTS partners_entry_active",
    *[
        sql
        for sql in _0007.FORWARD
        if "partners_entry_facets ON" in sql or "partners_entry_active ON" in sql
    ],
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql, None)

    return run


class Migration(migrations.Migration):
    dependencies = [("partners", "0008_facet_tokens_and_lexicon")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
