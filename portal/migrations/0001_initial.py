# The News model moves here from the trainings app with its rows: the table
# (trainings_news) stays as it is, only Django's state changes hands
# (trainings/migrations/0002_news_moved_to_portal.py removes it there).

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0002_reference_data'),
        # The table is created by the trainings app's first migration.
        ('trainings', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='News',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='titre')),
                        ('title_fr', models.CharField(max_length=200, null=True, verbose_name='titre')),
                        ('title_nl', models.CharField(max_length=200, null=True, verbose_name='titre')),
                        ('title_de', models.CharField(max_length=200, null=True, verbose_name='titre')),
                        ('title_en', models.CharField(max_length=200, null=True, verbose_name='titre')),
                        ('summary', models.CharField(max_length=400, verbose_name='chapeau')),
                        ('summary_fr', models.CharField(max_length=400, null=True, verbose_name='chapeau')),
                        ('summary_nl', models.CharField(max_length=400, null=True, verbose_name='chapeau')),
                        ('summary_de', models.CharField(max_length=400, null=True, verbose_name='chapeau')),
                        ('summary_en', models.CharField(max_length=400, null=True, verbose_name='chapeau')),
                        ('body', models.TextField(verbose_name='texte')),
                        ('body_fr', models.TextField(null=True, verbose_name='texte')),
                        ('body_nl', models.TextField(null=True, verbose_name='texte')),
                        ('body_de', models.TextField(null=True, verbose_name='texte')),
                        ('body_en', models.TextField(null=True, verbose_name='texte')),
                        ('published_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='publiée le')),
                        ('is_published', models.BooleanField(default=True, verbose_name='publiée')),
                        ('service', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='news', to='accounts.supportservice', verbose_name="bureau d'assistance")),
                    ],
                    options={
                        'verbose_name': 'actualité',
                        'verbose_name_plural': 'actualités',
                        'db_table': 'trainings_news',
                        'ordering': ['-published_at'],
                        'indexes': [models.Index(fields=['is_published', 'published_at'], name='trainings_n_is_publ_3778d0_idx')],
                    },
                ),
            ],
        ),
    ]
