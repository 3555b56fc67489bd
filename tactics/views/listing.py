from django.shortcuts import render

from tactics.models import Tactic


def tactic_list(request):
    return render(request, "tactics/list.html", {"tactics": Tactic.objects.published()})
