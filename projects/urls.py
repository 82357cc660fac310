from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.gallery, name="gallery"),
    path("mine/", views.mine, name="mine"),
    path("found/", views.found, name="found"),
    path("found/check/", views.found_check, name="found_check"),
    path("collaborate/<str:token>/", views.collaborator_accept, name="collaborator_accept"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/public/", views.public, name="public"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/cofounder/", views.cofounder_invite, name="cofounder_invite"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/collaborators/", views.collaborator_invite, name="collaborator_invite"),
    path(
        "<int:pk>/collaborators/<int:collaborator_id>/revoke/",
        views.collaborator_revoke,
        name="collaborator_revoke",
    ),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/members/<int:membership_id>/remove/", views.member_remove, name="member_remove"),
    path(
        "<int:pk>/members/<int:membership_id>/founder/",
        views.member_make_founder,
        name="member_make_founder",
    ),
    path("<int:pk>/finish/", views.finish, name="finish"),
    path("<int:pk>/archive/", views.archive, name="archive"),
]
