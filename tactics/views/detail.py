from django.shortcuts import get_object_or_404, render

from tactics import jsonld
from tactics.detail_context import build_detail_context, tactic_queryset
from web.page_cache import tag_response


def tactic_detail(request, slug):
    """The tactic page. Drafts are 404 for visitors and a marked, noindex preview for staff."""
    tactic = get_object_or_404(tactic_queryset(request.user), slug=slug)
    context = build_detail_context(tactic)
    canonical_url = request.build_absolute_uri(tactic.get_absolute_url())
    faqs = jsonld.faq_entries(context["generated_faqs"], context["editor_faqs"])
    context.update(
        canonical_url=canonical_url,
        jsonld=[
            jsonld.dumps_for_script(block)
            for block in jsonld.tactic_jsonld(tactic, canonical_url, faqs)
        ],
    )
    response = render(request, "tactics/detail.html", context)
    tag_response(response, *page_tags(tactic, context))
    if context["is_draft"]:
        # A preview must never be cached or indexed.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def page_tags(tactic, context):
    """What this page shows, for the page cache (web/page_invalidation.py names them):
    the tactic, each source it prints, each related card and what ranks them."""
    return {
        f"tactic:{tactic.pk}",
        f"related:{tactic.pk}",
        f"category:{tactic.category_id}",
        *(f"source:{row.source.pk}" for row in context["source_rows"]),
        *(f"summary:{other.pk}" for other in context["related_tactics"]),
    }
