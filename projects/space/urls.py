from django.urls import path

from projects.space import views

app_name = "space"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.pupil_login, name="login"),
    path("logout/", views.pupil_logout, name="logout"),
    path("pages/", views.page_list, name="pages"),
    path("pages/new/", views.page_create, name="page_create"),
    path("pages/<int:page_id>/", views.page_detail, name="page_detail"),
    path("pages/<int:page_id>/edit/", views.page_edit, name="page_edit"),
    path("pages/<int:page_id>/move/", views.page_move, name="page_move"),
    path("public/pages/<int:page_id>/", views.public_page, name="public_page"),
    path("journal/", views.journal, name="journal"),
    path("journal/new/", views.journal_create, name="journal_create"),
    path("journal/<int:post_id>/", views.journal_detail, name="journal_detail"),
    path("journal/<int:post_id>/edit/", views.journal_edit, name="journal_edit"),
    path("journal/<int:post_id>/publish/", views.journal_publish, name="journal_publish"),
    path("forums/", views.forum, name="forum"),
    path("forums/new/", views.thread_create, name="thread_create"),
    path("forums/<int:thread_id>/", views.thread_detail, name="thread_detail"),
    path("materials/", views.material_list, name="materials"),
    path("materials/new/", views.material_create, name="material_create"),
    path("files/<int:file_id>/", views.file_serve, name="file"),
    path("delete/<str:kind>/<int:object_id>/", views.content_delete, name="delete"),
    path("members/", views.members, name="members"),
    path("members/teachers/<int:membership_id>/admin/", views.teacher_admin, name="teacher_admin"),
    path("pupils/", views.pupils, name="pupils"),
    path("pupils/<int:pupil_id>/reset/", views.pupil_reset, name="pupil_reset"),
    path("pupils/<int:pupil_id>/active/", views.pupil_active, name="pupil_active"),
    path("pupils/<int:pupil_id>/admin/", views.pupil_admin, name="pupil_admin"),
    path("activity/", views.activity, name="activity"),
]
