"""Writes of the portal: the support services' news. The admin calls these, never
``save()``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scoping import can_act_for_service
from portal.models import News


@transaction.atomic
def news_save(*, news: News, by: User) -> News:
    if not can_act_for_service(by, news.service_id):
        raise PermissionDenied(_("Ce dossier relève d'un autre bureau d'assistance."))
    news.full_clean()
    news.save()
    return news
