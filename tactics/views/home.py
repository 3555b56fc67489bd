from django.shortcuts import render

from tactics.models import Tactic


def home(request):
    return render(request, "tactics/home.html", {"tactics": Tactic.objects.published()[:10]})
