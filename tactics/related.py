"""Related tactics: the editor's choice, else the closest published tactics."""

from django.db.models import Case, Count, IntegerField, Q, Value, When

from sources.models import Stance
from tactics.models import Tactic

LIMIT = 4


def related_tactics(tactic, limit=LIMIT):
    """Published tactics to read next, in one query.

    The editor's picks win when there are any. Otherwise tactics sharing sources with this
    one or in its category, ranked by shared sources plus a bonus for the category.

    Ties go to the older tactic, not the better graded one: a ranking that read grades
    would change on every grade change of any tactic in the category, and each of their
    cached pages with it (web/page_invalidation.py). The cards still show each grade.
    """
    base = Tactic.objects.published().exclude(pk=tactic.pk).select_related("category")
    chosen = list(base.filter(pk__in=tactic.related_tactics.values("pk")).order_by("pk")[:limit])
    if chosen:
        return chosen
    same_category = Case(
        When(category_id=tactic.category_id, then=Value(2)),
        default=Value(0),
        output_field=IntegerField(),
    )
    own_sources = Stance.objects.filter(tactic=tactic).values("source_id")
    shared = Count("stances", filter=Q(stances__source_id__in=own_sources), distinct=True)
    return list(
        base.annotate(shared_sources=shared, closeness=shared + same_category)
        .filter(closeness__gt=0)
        .order_by("-closeness", "pk")[:limit]
    )
