from django.urls import path

from scoring.feeds import TacticGradeChangesFeed
from tactics.views.detail import tactic_detail
from tactics.views.listing import tactic_list

app_name = "tactics"
urlpatterns = [
    path("", tactic_list, name="list"),
    path("<slug:slug>/", tactic_detail, name="detail"),
    path("<slug:slug>/changes.atom", TacticGradeChangesFeed(), name="changes_feed"),
]
