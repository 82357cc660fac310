from django.urls import path

from kits import views

app_name = "kits"

urlpatterns = [
    path("", views.kit_list, name="list"),
    path("<int:pk>/", views.kit_detail, name="detail"),
]
