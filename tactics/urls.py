from django.urls import path

from tactics import views

app_name = "tactics"
urlpatterns = [
    path("", views.tactic_list, name="list"),
    path("<slug:slug>/", views.tactic_detail, name="detail"),
]
