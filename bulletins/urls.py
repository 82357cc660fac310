from django.urls import path

from bulletins import views

app_name = "bulletins"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("<int:pk>/", views.archive_detail, name="archive_detail"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
