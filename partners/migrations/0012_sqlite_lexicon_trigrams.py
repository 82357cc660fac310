"""Typos and accents on the embedded SQLite default (issue 15).

SQLite only (a no-op on PostgreSQL, whose lexicon has a pg_trgm index since
0008):
- an FTS5 table with the trigram tokenizer over the lexicon's accent-free
  forms (``partners_searchword.folded``), kept in step by triggers: a query word
  that is no lexicon word finds its candidates there (partners.search);
- the index's ``search_text`` becomes accent-free, as the query words are;
- the lexicon is filled from the rows already indexed (SQLite did not keep one).

A later migration that rebuilds ``partners_searchword`` on SQLite (Django
copies the table to alter it) drops the triggers: re-create them there.
partners/tests/test_search_across_languages.py checks that they work.
"""

import re
import unicodedata

from django.db import migrations

CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS partners_searchword_trigram USING fts5("
    "folded, content='partners_searchword', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS partners_searchword_trigram_insert "
    "AFTER INSERT ON partners_searchword BEGIN "
    "INSERT INTO partners_searchword_trigram(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER IF NOT EXISTS partners_searchword_trigram_delete "
    "AFTER DELETE ON partners_searchword BEGIN "
    "INSERT INTO partners_searchword_trigram(partners_searchword_trigram, rowid, folded) "
    "VALUES ('delete', old.id, old.folded); END",
    "CREATE TRIGGER IF NOT EXISTS partners_searchword_trigram_update "
    "AFTER UPDATE ON partners_searchword BEGIN "
    "INSERT INTO partners_searchword_trigram(partners_searchword_trigram, rowid, folded) "
    "VALUES ('delete', old.id, old.folded); "
    "INSERT INTO partners_searchword_trigram(rowid, folded) VALUES (new.id, new.folded); END",
]
DROP = [
    "DROP TRIGGER IF EXISTS partners_searchword_trigram_update",
    "DROP TRIGGER IF EXISTS partners_searchword_trigram_delete",
    "DROP TRIGGER IF EXISTS partners_searchword_trigram_insert",
    "DROP TABLE IF EXISTS partners_searchword_trigram",
]
# Kept inline (not imported from app code) so the migration replays the same way.
WORD = re.compile(r"[^\W_]+")


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in CREATE:
        schema_editor.execute(sql)
    SearchEntry = apps.get_model("partners", "SearchEntry")
    SearchWord = apps.get_model("partners", "SearchWord")
    words = set()
    for pk, text in SearchEntry.objects.values_list("pk", "search_text").iterator():
        folded = _fold(text)
        if folded != text:
            SearchEntry.objects.filter(pk=pk).update(search_text=folded)
        words |= {w for w in WORD.findall(folded) if 3 <= len(w) <= 100 and not w.isdigit()}
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, folded=w) for w in sorted(words)], ignore_conflicts=True
    )
    schema_editor.execute(
        "INSERT INTO partners_searchword_trigram(partners_searchword_trigram) VALUES ('rebuild')"
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("partners", "0011_report_generic_content")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
