from django.shortcuts import get_object_or_404, render

from tactics.models import Tactic


def tactic_detail(request, slug):
    tactic = get_object_or_404(Tactic.objects.visible_to(request.user), slug=slug)
    return render(request, "tactics/detail.html", {"tactic": tactic})
