from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("profile/", views.profile, name="profile"),
    path("profile/schools/", views.school_search, name="school_search"),
    path("profile/schools/propose/", views.school_propose, name="school_propose"),
    path("profile/proof/<int:user_id>/", views.proof_download, name="proof"),
    path("profile/export/", views.export_data, name="export"),
    path("profile/delete/", views.delete_account, name="delete"),
]
