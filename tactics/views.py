from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from tactics.models import Tactic


def home(request):
    return HttpResponse("GEO Evidence")


def tactic_list(request):
    return HttpResponse("\n".join(t.question for t in Tactic.objects.published()))


def tactic_detail(request, slug):
    tactic = get_object_or_404(Tactic.objects.visible_to(request.user), slug=slug)
    return HttpResponse(tactic.question)
