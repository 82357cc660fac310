from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("mine/", views.my_groups, name="mine"),
    path("propose/", views.group_propose, name="propose"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/image/", views.group_image, name="image"),
    path("<int:pk>/join/", views.group_join, name="join"),
    path("<int:pk>/leave/", views.group_leave, name="leave"),
    path("<int:pk>/follow/", views.group_follow, name="follow"),
    path("<int:pk>/invite/", views.member_invite, name="invite"),
    path("<int:pk>/members/<int:membership_id>/", views.member_action, name="member"),
    path("<int:pk>/threads/new/", views.thread_new, name="thread_new"),
    path("<int:pk>/threads/<int:thread_id>/", views.thread_detail, name="thread"),
    path("<int:pk>/threads/<int:thread_id>/follow/", views.thread_follow, name="thread_follow"),
    path(
        "<int:pk>/threads/<int:thread_id>/moderate/",
        views.thread_moderate,
        name="thread_moderate",
    ),
    path("<int:pk>/posts/<int:post_id>/hide/", views.post_hide, name="post_hide"),
    path("<int:pk>/posts/<int:post_id>/report/", views.post_report, name="post_report"),
    path("<int:pk>/resources/new/", views.resource_new, name="resource_new"),
    path("<int:pk>/resources/<int:resource_id>/", views.resource_file, name="resource_file"),
]
