"""All tactics: the django-filter form, paginated, every state in the query string."""

from django.core.paginator import Paginator
from django.shortcuts import render

from tactics.filters import DEFAULT_ORDERING, TacticFilter
from tactics.models import Tactic

PAGE_SIZE = 20


def published_cards():
    """Published tactics with what a card shows, in a fixed number of queries."""
    return (
        Tactic.objects.published()
        .select_related("category")
        .prefetch_related("platforms_covered")
        .order_by(*DEFAULT_ORDERING)
    )


def paginate(request, queryset, per_page):
    """The requested page, or the nearest real one with a note saying so (never a 404
    or 500 for a page number someone typed)."""
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return paginator.page(
            1
        ), "The page number in the address is not a number, so this is page 1."
    if number < 1:
        return paginator.page(1), "Pages start at 1, so this is page 1."
    if number > paginator.num_pages:
        last = paginator.num_pages
        return paginator.page(last), f"There is no page {number}; this is the last page, {last}."
    return paginator.page(number), ""


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
            "page_note": page_note,
        },
    )
