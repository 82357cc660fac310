"""Typo tolerance of the name and city search: pg_trgm's word-similarity
threshold (default 0.6) lowered to 0.5 for this database, so that one missing
letter in a short name ("Lambrt") still matches. PostgreSQL only."""

from django.db import migrations

THRESHOLD = "0.5"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET pg_trgm.word_similarity_threshold = "
        + THRESHOLD
        + "', current_database()); END $$",
        None,
    )
    # The connection that ran the migrations (tests) keeps its session settings.
    schema_editor.execute("SET pg_trgm.word_similarity_threshold = " + THRESHOLD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET pg_trgm.word_similarity_threshold',"
        " current_database()); END $$",
        None,
    )


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_postgres_search_indexes")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
