from django.urls import path

from labels import views

app_name = "labels"

urlpatterns = [
    path("", views.index, name="index"),
    path("projects/", views.labelled, name="labelled"),
    path("mine/", views.mine, name="mine"),
    path("apply/<int:project_pk>/", views.apply, name="apply"),
    path("certificate/<int:pk>/", views.certificate, name="certificate"),
    path("european/<int:pk>/certificate/", views.european_certificate, name="european_certificate"),
    path(
        "schools/label/<int:pk>/certificate/", views.school_certificate, name="school_certificate"
    ),
    path("contest/prize/<int:pk>/certificate/", views.prize_certificate, name="prize_certificate"),
    path("schools/<int:pk>/", views.school, name="school"),
    path("schools/apply/", views.school_apply, name="school_apply"),
    path("contest/", views.contest, name="contest"),
    path("contest/enter/", views.contest_entry, name="contest_entry"),
    path("contest/calendar.ics", views.calendar, name="calendar"),
    path("contest/<int:year>/winners/", views.winners, name="winners"),
    path("contest/<int:year>/jury/", views.jury, name="jury"),
]
