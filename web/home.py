"""The front page: what the site is, the best-evidenced and the most disputed tactics,
and the categories to browse by."""

from django.db.models import Count, Q
from django.shortcuts import render

from sources.models import Source
from sources.views import library_count
from tactics.choices import Status
from tactics.models import Category, Tactic

SHOWN = 6


def home(request):
    cards = (
        Tactic.objects.published().select_related("category").prefetch_related("platforms_covered")
    )
    # The score grades how trustworthy the evidence is whichever way it points, so the
    # strongest list mixes proven tactics with debunked myths; cards label the direction.
    strongest = cards.order_by("-evidence_score", "question")[:SHOWN]
    contested = cards.filter(contested=True).order_by(
        "-no_effect_count", "-evidence_score", "question"
    )[:SHOWN]
    categories = (
        Category.objects.annotate(
            published_count=Count("tactics", filter=Q(tactics__status=Status.PUBLISHED))
        )
        .filter(published_count__gt=0)
        .order_by("position", "name")
    )
    return render(
        request,
        "web/home.html",
        {
            "strongest": strongest,
            "contested": contested,
            "categories": categories,
            "tactic_count": Tactic.objects.published().count(),
            "source_count": library_count(Source.objects.with_published_tactics()),
        },
    )
