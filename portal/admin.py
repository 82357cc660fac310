"""Staff admin of the news, and the statistics of the staff member's support service
(charts and a CSV export), scoped to their service."""

from __future__ import annotations

import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from accounts.models import SupportService
from accounts.scoping import OwnServiceMixin, ServiceScopedAdmin
from portal import services
from portal.charts import chart_for
from portal.models import News
from portal.stats import csv_rows, figures, totals


@admin.register(News)
class NewsAdmin(OwnServiceMixin, ServiceScopedAdmin, TranslationAdmin):
    service_lookup = "service"
    list_display = ("title", "published_at", "is_published")
    list_filter = ("is_published",)
    search_fields = ("title", "summary")
    date_hierarchy = "published_at"
    fields = ("service", "title", "summary", "body", "published_at", "is_published")

    def save_model(self, request, obj, form, change):
        services.news_save(news=obj, by=request.user)

    # The statistics hang on this admin for their URLs (/admin/portal/news/statistics/):
    # the portal's one model; the link is in every admin page's header.
    def get_urls(self):
        extra = [
            path(
                "statistics/",
                self.admin_site.admin_view(self.statistics_view),
                name="portal_statistics",
            ),
            path(
                "statistics.csv",
                self.admin_site.admin_view(self.statistics_csv),
                name="portal_statistics_csv",
            ),
        ]
        return extra + super().get_urls()

    def _stats_service(self, request):
        if request.user.is_superuser:
            code = request.GET.get("service")
            return SupportService.objects.filter(code=code).first() if code else None
        if request.user.staff_service_id is None:
            raise PermissionDenied
        return request.user.staff_service

    def statistics_view(self, request):
        service = self._stats_service(request)
        charts = figures(service, request=request)
        return TemplateResponse(
            request,
            "admin/portal/statistics.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Statistiques de votre bureau d'assistance")
                if service
                else _("Statistiques de tous les bureaux"),
                "service": service,
                "charts": [chart_for(f) for f in charts],
                "totals": totals(charts),
                "opts": self.model._meta,
                "csv_url": reverse("admin:portal_statistics_csv")
                + (f"?service={service.code}" if service and request.user.is_superuser else ""),
            },
        )

    def statistics_csv(self, request):
        service = self._stats_service(request)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = service.code if service else "all"
        response["Content-Disposition"] = f'attachment; filename="etwinning-statistics-{name}.csv"'
        writer = csv.writer(response)
        for row in csv_rows(service):
            writer.writerow(row)
        return response
