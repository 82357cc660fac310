# The News model's content type follows it from trainings to portal: the row is
# renamed, not recreated, so the permissions attached to it (the staff group's), the
# admin's history of news and anything else pointing at it keep pointing at the news.

from django.db import migrations


def _move(apps, schema_editor, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    old = content_types.filter(app_label=source, model="news").first()
    if old is None:
        return  # a new database: Django creates portal's content type after migrating
    # A content type made for the target by an earlier partial migrate holds only
    # permissions Django generated then; the old one holds the history: keep the old.
    content_types.filter(app_label=target, model="news").delete()
    old.app_label = target
    old.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    _move(apps, schema_editor, source="trainings", target="portal")


def backwards(apps, schema_editor):
    _move(apps, schema_editor, source="portal", target="trainings")


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
