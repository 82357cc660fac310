from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.search, name="search"),
    path("announcements/new/", views.announcement_new, name="announcement_new"),
    path("announcements/mine/", views.my_announcements, name="my_announcements"),
    path("announcements/<int:pk>/", views.announcement_detail, name="announcement"),
    path("announcements/<int:pk>/edit/", views.announcement_edit, name="announcement_edit"),
    path("announcements/<int:pk>/close/", views.announcement_close, name="announcement_close"),
    path("announcements/<int:pk>/renew/", views.announcement_renew, name="announcement_renew"),
    path("teachers/<int:pk>/", views.teacher_detail, name="teacher"),
    path("teachers/<int:pk>/contact/", views.contact_request, name="contact_request"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/<int:pk>/accept/", views.contact_accept, name="contact_accept"),
    path("contacts/<int:pk>/decline/", views.contact_decline, name="contact_decline"),
    path("messages/", views.inbox, name="inbox"),
    path("messages/<int:user_id>/", views.conversation, name="conversation"),
    path("report/<str:kind>/<int:pk>/", views.report, name="report"),
]
