from django.urls import path

from trainings import views

app_name = "trainings"

urlpatterns = [
    path("trainings/", views.training_list, name="list"),
    path("trainings/mine/", views.my_trainings, name="mine"),
    path("trainings/request/", views.request_training, name="request"),
    path("trainings/<int:pk>/", views.training_detail, name="detail"),
    path("trainings/<int:pk>/register/", views.register, name="register"),
    path("trainings/<int:pk>/unregister/", views.unregister, name="unregister"),
    path("trainings/<int:pk>/apply/", views.apply, name="apply"),
    path(
        "trainings/certificates/<int:registration_id>.pdf",
        views.certificate,
        name="certificate",
    ),
]
