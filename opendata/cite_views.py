"""Citations out: a source, or the reference list of a published tactic, as BibTeX, RIS or
CSL-JSON, for reference managers. Only what visitors may see: a source behind a published
tactic, not withdrawn; a published tactic (a draft is a 404 for everyone)."""

import json

from django.db.models import Exists, F, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from opendata import citations
from opendata.dataset import published_tactics, visible_sources, visible_stances
from sources.models import Source
from web.page_cache import tag_response

# The route's format (its file extension): content type, writer of a list of references.
FORMATS = {
    "bib": (
        "application/x-bibtex; charset=utf-8",
        citations.bibtex,
    ),
    "ris": (
        "application/x-research-info-systems; charset=utf-8",
        citations.ris,
    ),
    "json": (
        "application/vnd.citationstyles.csl+json; charset=utf-8",
        lambda refs: (
            json.dumps([citations.csl_item(ref) for ref in refs], ensure_ascii=False, indent=2)
            + "\n"
        ),
    ),
}


def _respond(refs, fmt: str, filename: str, tags):
    content_type, write = FORMATS[fmt]
    response = HttpResponse(write(refs), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return tag_response(response, *tags)


def source_citation(request, pk: int, fmt: str):
    try:
        source = visible_sources().select_related("organisation").get(pk=pk)
    except Source.DoesNotExist:
        raise Http404("No such source") from None
    return _respond(
        [citations.reference(source)],
        fmt,
        f"source-{source.pk}",
        {f"source:{source.pk}", f"source-stances:{source.pk}"},
    )


def tactic_references(request, slug: str, fmt: str):
    tactic = get_object_or_404(published_tactics(), slug=slug)
    sources = list(
        Source.objects.filter(
            Exists(visible_stances().filter(tactic=tactic, source=OuterRef("pk")))
        )
        .select_related("organisation")
        .order_by(F("published_on").desc(nulls_last=True), "title", "pk")
    )
    tags = {f"tactic:{tactic.pk}", *(f"source:{source.pk}" for source in sources)}
    return _respond(
        [citations.reference(source) for source in sources],
        fmt,
        f"{tactic.slug}-references",
        tags,
    )
