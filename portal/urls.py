from django.urls import path

from portal import views

app_name = "portal"

# Under the language prefix (etwinning/urls.py); the health check is outside it.
urlpatterns = [
    path("", views.home, name="home"),
    path("who-can-take-part/", views.who_can_take_part, name="countries"),
    path("contact/", views.contact, name="contact"),
    path("about/", views.about, name="about"),
    path("news/", views.news_list, name="news"),
    path("news/<int:pk>/", views.news_detail, name="news_detail"),
    path("statistics/", views.statistics, name="statistics"),
]
