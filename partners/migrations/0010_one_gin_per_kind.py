"""Partner search at eTwinning scale, fourth pass (issue 13), from EXPLAIN
(ANALYZE, BUFFERS) on the bench:

- One GIN index per kind over the text and the facet tokens together,
  ``(search_vector, facet_tokens)``: GIN intersects a text with the facets inside
  the index. With two indexes the planner filtered the text on the heap after
  the facets, and "school" is rare in Polish or Spanish schools although
  frequent overall: 100,000 rows read to count 4,731 (150-165 ms); inside the
  index, 10,600 candidates and 44 ms. It answers text alone and facets alone as
  well, so it replaces 0003/0007's full-text and 0008's token indexes.
- Pupils' ages leave the tokens: a range is an OR of 4 to 19 of them, each held
  by a quarter of the rows, and merging those lists cost 40-60 ms per lookup.
  Ages are filtered on the columns (the covering indexes hold them).

The column is generated again (the table is rewritten, about a minute per
million rows); run ``VACUUM ANALYZE partners_searchentry`` afterwards so that
index-only scans skip the heap again. PostgreSQL only.
"""

import importlib

from django.db import migrations

FACET_FUNCTION = """
CREATE OR REPLACE FUNCTION partners_facet_tokens(
    subjects bigint, languages bigint, levels integer, plus boolean, country bigint
) RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT 1000000 + n FROM generate_series(1, 62) AS n
                 WHERE (subjects >> n) & 1 = 1)
        || ARRAY(SELECT 2000000 + n FROM generate_series(1, 62) AS n
                 WHERE (languages >> n) & 1 = 1)
        || ARRAY(SELECT 3000000 + b FROM unnest(ARRAY[1, 2, 4]) AS b WHERE levels & b <> 0)
        || ARRAY[4000000 + plus::integer, 6000000 + country::integer]
$$
"""

COLUMN = [
    # Dropping the column drops the indexes that use it.
    "ALTER TABLE partners_searchentry DROP COLUMN IF EXISTS facet_tokens",
    "DROP FUNCTION IF EXISTS partners_facet_tokens(bigint, bigint, integer, boolean, integer, "
    "integer, bigint)",
    FACET_FUNCTION,
    "ALTER TABLE partners_searchentry ADD COLUMN IF NOT EXISTS facet_tokens integer[] "
    "GENERATED ALWAYS AS (partners_facet_tokens(subjects_mask, languages_mask, levels, plus, "
    "country_id)) STORED",
    "DROP INDEX IF EXISTS partners_entry_fts_teacher",
    "DROP INDEX IF EXISTS partners_entry_fts_announcement",
]

_0009 = importlib.import_module("partners.migrations.0009_country_tokens_covering_indexes")

# Every index of the search index built on facet_tokens, as they now stand
# (bench/search.py builds these after loading its data set).
INDEXES = [
    "CREATE INDEX IF NOT EXISTS partners_entry_text_tokens_teacher ON partners_searchentry "
    "USING gin (search_vector, facet_tokens) WITH (gin_pending_list_limit = 256) "
    "WHERE visible AND kind = 'teacher'",
    "CREATE INDEX IF NOT EXISTS partners_entry_text_tokens_announcement ON partners_searchentry "
    "USING gin (search_vector, facet_tokens) WITH (gin_pending_list_limit = 256) "
    "WHERE visible AND kind = 'announcement'",
    *[sql for sql in _0009.INDEXES if "USING gin" not in sql],
]

FORWARD = COLUMN + INDEXES

BACKWARD = [
    "DROP INDEX IF EXISTS partners_entry_text_tokens_teacher",
    "DROP INDEX IF EXISTS partners_entry_text_tokens_announcement",
    "ALTER TABLE partners_searchentry DROP COLUMN IF EXISTS facet_tokens",
    "DROP FUNCTION IF EXISTS partners_facet_tokens(bigint, bigint, integer, boolean, bigint)",
    # 0009's column, token and covering indexes; 0007's full-text indexes.
    *_0009.FORWARD[2:],
    *[
        sql
        for sql in importlib.import_module("partners.migrations.0007_search_rework").FORWARD
        if "CREATE INDEX IF NOT EXISTS partners_entry_fts_" in sql
    ],
]


_run = _0009._run  # PostgreSQL only, statements in order


class Migration(migrations.Migration):
    dependencies = [("partners", "0009_country_tokens_covering_indexes")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
