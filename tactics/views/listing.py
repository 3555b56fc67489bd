"""All tactics: the django-filter form, paginated, every state in the query string."""

from django.shortcuts import render

from tactics.chips import active_filters
from tactics.filters import DEFAULT_ORDERING, TacticFilter
from tactics.models import Tactic
from web.lists import paginate

PAGE_SIZE = 20


def published_cards():
    """Published tactics with what a card shows, in a fixed number of queries."""
    return (
        Tactic.objects.published()
        .select_related("category")
        .prefetch_related("platforms_covered")
        .order_by(*DEFAULT_ORDERING)
    )


def tactic_list(request):
    filterset = TacticFilter(request.GET or None, queryset=published_cards())
    page_obj, page_note = paginate(request, filterset.qs, PAGE_SIZE)
    return render(
        request,
        "tactics/list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "tactics": page_obj.object_list,
            "problems": filterset.problems,
            "active_filters": active_filters(request, filterset),
            "page_note": page_note,
        },
    )
