from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from tactics import fragments, jsonld
from tactics.detail_context import build_detail_context, tactic_queryset
from tactics.models import Tactic
from tactics.related import related_tactics
from web.page_cache import tag_response


def tactic_detail(request, slug):
    """The tactic page. Drafts are 404 for visitors and a marked, noindex preview for staff.

    The page is a shell (templates/tactics/detail.html) around parts that are the same for
    every visitor; tactics/fragments.py keeps them while the tags they show stand still, so
    a visitor the page cache cannot answer usually costs no query and little rendering.
    """
    use_parts = fragments.enabled(request)
    started = None
    if use_parts:
        stored = fragments.read(request)
        page = stored.get(fragments.PAGE)
        if page is not None:
            # A current page part means the tactic is still published under this URL.
            related = stored.get(fragments.RELATED)
            if related is None:
                related_html, tags = _related_part(request, page)
            else:
                related_html, tags = related.html, related.tags
            return _respond(request, {**page.html, **related_html}, page.tags | tags)
        started = fragments.clock()
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
    page_html = {
        "title": conditional_escape(tactic.question),
        "meta": render_to_string("tactics/_detail_head.html", context),
        "body": render_to_string("tactics/_detail_body.html", context),
    }
    related_html = {"related": _render_related(context["related_tactics"])}
    own, related = body_tags(tactic, context), related_tags(tactic, context)
    is_draft = context["is_draft"]
    if use_parts and not is_draft:
        ids = {"tactic_id": tactic.pk, "category_id": tactic.category_id}
        fragments.store(
            request,
            started,
            {fragments.PAGE: (page_html, own, ids), fragments.RELATED: (related_html, related, {})},
        )
    return _respond(request, {**page_html, **related_html}, own | related, is_draft)


def _render_related(others):
    return render_to_string("tactics/_detail_related.html", {"related_tactics": others})


def _related_part(request, page):
    """The related cards alone, when only they moved (a card's grade, the ranking): two
    queries instead of a full render. (html, tags)."""
    started = fragments.clock()
    tactic = Tactic(pk=page.tactic_id, category_id=page.category_id)
    others = related_tactics(tactic)
    html = {"related": _render_related(others)}
    tags = related_tags(tactic, {"related_tactics": others})
    fragments.store(request, started, {fragments.RELATED: (html, tags, {})})
    return html, tags


def _respond(request, html, tags, is_draft=False):
    parts = {name: mark_safe(value) for name, value in html.items()}  # noqa: S308 (rendered by us)
    response = render(request, "tactics/detail.html", {"parts": parts, "is_draft": is_draft})
    tag_response(response, *tags)
    if is_draft:
        # A preview must never be cached or indexed.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def page_tags(tactic, context):
    """What this page shows, for the page cache (web/page_invalidation.py names them):
    the tactic, each source it prints, each related card and what ranks them."""
    return body_tags(tactic, context) | related_tags(tactic, context)


def body_tags(tactic, context):
    """What the page shows outside the related cards: the tactic and its sources."""
    return {f"tactic:{tactic.pk}", *(f"source:{row.source.pk}" for row in context["source_rows"])}


def related_tags(tactic, context):
    """What ranks the related cards (editor's picks, shared sources, the category) and
    what each card prints."""
    return {
        f"related:{tactic.pk}",
        f"category:{tactic.category_id}",
        *(f"summary:{other.pk}" for other in context["related_tactics"]),
    }
