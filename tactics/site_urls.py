from django.urls import path

from tactics import views

urlpatterns = [
    path("", views.home, name="home"),
]
