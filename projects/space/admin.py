from django.contrib import admin

from accounts.scoping import ServiceScopedAdmin
from projects.space.models import ForumThread, JournalPost, Material, Page, PupilAccount

# Staff follow up on spaces of their service's projects (the founders' schools).
SERVICE = "project__memberships__school__support_service"


@admin.register(PupilAccount)
class PupilAccountAdmin(ServiceScopedAdmin):
    service_lookup = SERVICE
    list_display = ["display_name", "username", "project", "class_label", "is_admin", "is_active"]
    list_filter = ["is_active", "is_admin"]
    search_fields = ["display_name", "username", "project__title"]
    readonly_fields = ["project", "username", "created_by", "created_at", "last_login_at"]
    exclude = ["password"]


@admin.register(Page)
class PageAdmin(ServiceScopedAdmin):
    service_lookup = SERVICE
    list_display = ["title", "project", "is_public", "updated_at"]
    search_fields = ["title", "project__title"]
    readonly_fields = ["project", "parent", "body", "author_user", "author_pupil"]


@admin.register(JournalPost)
class JournalPostAdmin(ServiceScopedAdmin):
    service_lookup = SERVICE
    list_display = ["title", "project", "is_public", "created_at"]
    list_filter = ["is_public"]
    search_fields = ["title", "project__title"]
    readonly_fields = ["project", "body", "image", "sound", "author_user", "author_pupil"]


@admin.register(ForumThread)
class ForumThreadAdmin(ServiceScopedAdmin):
    service_lookup = SERVICE
    list_display = ["title", "project", "last_activity_at"]
    search_fields = ["title", "project__title"]
    readonly_fields = ["project", "author_user", "author_pupil"]


@admin.register(Material)
class MaterialAdmin(ServiceScopedAdmin):
    service_lookup = SERVICE
    list_display = ["title", "kind", "project", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "project__title"]
    readonly_fields = ["project", "file", "author_user", "author_pupil"]
