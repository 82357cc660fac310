"""The support services' news, shown on the home page and under /news/."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import SupportService


class NewsQuerySet(models.QuerySet):
    def published(self) -> NewsQuerySet:
        return self.filter(is_published=True, published_at__lte=timezone.now()).order_by(
            "-published_at", "-pk"
        )


class News(models.Model):
    service = models.ForeignKey(
        SupportService,
        verbose_name=_("bureau d'assistance"),
        on_delete=models.PROTECT,
        related_name="news",
    )
    title = models.CharField(_("titre"), max_length=200)
    summary = models.CharField(_("chapeau"), max_length=400)
    body = models.TextField(_("texte"))
    published_at = models.DateTimeField(_("publiée le"), default=timezone.now)
    is_published = models.BooleanField(_("publiée"), default=True)

    objects = NewsQuerySet.as_manager()

    class Meta:
        # Moved from the trainings app with its rows: the table keeps its name
        # (portal/migrations/0001_initial.py).
        db_table = "trainings_news"
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["is_published", "published_at"])]

    def __str__(self) -> str:
        return self.title
