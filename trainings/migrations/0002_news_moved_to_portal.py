# News moved to the portal app (portal/migrations/0001_initial.py takes the model
# over with its table, trainings_news, and its rows): only Django's state changes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('trainings', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='News'),
            ],
        ),
    ]
