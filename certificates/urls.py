from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("<str:code>/", views.verify, name="verify"),
]
