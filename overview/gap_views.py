"""The evidence-gap map page (/evidence-gaps/)."""

from django.shortcuts import render

from overview.gaps import build_gap_map
from overview.gaps_chart import heatmap, legend
from scoring.rubric import MAX_SCORE
from web.page_cache import tag_response


def gap_map(request):
    """Every published tactic against every live platform, and the studies that would
    raise the grades most. It shows the tactics' grades and per-platform grades, which
    change together with their cards (web/page_invalidation.py): `tactic-list` covers it."""
    gaps = build_gap_map()
    context = {"gaps": gaps, "chart": heatmap(gaps), "legend": legend(), "max_score": MAX_SCORE}
    response = render(request, "overview/gaps.html", context)
    return tag_response(response, "tactic-list")
