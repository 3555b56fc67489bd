"""/compare/: every published tactic on one chart (certainty against impact, effort as the
marker's shape) and in one sortable table with a column per platform, filtered like the
list. Works without JavaScript: sorting and filtering are links and a GET form."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import render

from overview.compare_chart import compare_chart
from overview.compare_filters import CompareFilter
from overview.compare_table import compare_table, sort_keys
from scoring.models import PlatformGrade
from scoring.rubric import MAX_SCORE
from tactics.chips import active_filters
from tactics.filters import DEFAULT_ORDERING
from tactics.models import Platform, Tactic
from tactics.texts import EFFORT_LEVELS
from web.page_cache import tag_response

# (order value, column heading) of the sortable columns before the platforms.
COLUMNS = (
    ("title", "Tactic"),
    ("direction", "What the evidence says"),
    ("confidence", "Confidence"),
    ("score", "Score"),
    ("impact", "Impact"),
    ("effort", "Effort"),
)


def compare_queryset():
    """Published tactics with their platform grades: two queries, however many."""
    grades = PlatformGrade.objects.order_by().only(
        "tactic_id", "platform_id", "score", "confidence", "direction"
    )
    return (
        Tactic.objects.published()
        .select_related("category")
        .prefetch_related(Prefetch("platform_grades", queryset=grades))
        .order_by(*DEFAULT_ORDERING)
    )


@dataclass(frozen=True)
class Heading:
    """A sortable column heading: its link, the aria-sort in force (or ""), and what the
    link does, in words for a screen reader."""

    label: str
    url: str
    aria_sort: str
    action: str


def headings(request, table, keys) -> list[Heading]:
    """Each link sorts by its column's natural order, or the reverse when already sorted
    by it; the other filters stay as they are."""
    columns = [*COLUMNS, *((f"platform-{p.slug}", p.name) for p in table.platforms)]
    result = []
    for order, label in columns:
        value = f"-{order}" if table.order == order else order
        params = request.GET.copy()
        params["order"] = value
        aria_sort = ""
        if table.order in (order, f"-{order}"):
            aria_sort = "descending" if keys[table.order].descending else "ascending"
        result.append(Heading(label, f"?{params.urlencode()}", aria_sort, keys[value].label))
    return result


def compare(request):
    filterset = CompareFilter(request.GET or None, queryset=compare_queryset())
    tactics = list(filterset.qs)
    platforms = list(Platform.objects.order_by("position", "name"))
    order = (filterset.form.cleaned_data.get("order") or "") if filterset.is_bound else ""
    table = compare_table(tactics, platforms, order)
    keys = sort_keys(platforms)
    response = render(
        request,
        "overview/compare.html",
        {
            "filter": filterset,
            "table": table,
            "chart": compare_chart(table.rows),
            "headings": headings(request, table, keys),
            "effort_levels": EFFORT_LEVELS,
            "max_score": MAX_SCORE,
            "problems": filterset.problems,
            "active_filters": active_filters(request, filterset),
        },
    )
    # Membership and every column (grade, effort, platform grades) move with the cards.
    return tag_response(response, "tactic-list")
