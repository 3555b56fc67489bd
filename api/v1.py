"""Version 1 of the public API: published tactics, the source library and the stances
behind them, read-only. See api/README.md."""

from django.http import HttpResponse
from django.urls import reverse
from ninja import Path
from ninja.errors import ValidationError

from api import present, queries
from api.filters import SourceQuery, StanceQuery, TacticQuery
from api.http import ApiError, PublicAPI, checked, docs_decorator, paginate
from api.params import query_parameters
from api.schemas import (
    ApiIndex,
    Problem,
    SourceDetail,
    SourcePage,
    StancePage,
    TacticDetail,
    TacticPage,
)
from opendata.licence import LICENCE
from web.page_cache import tag_response

# The largest id PostgreSQL's bigint holds: a longer number is no source, not a 500.
MAX_ID = 2**63 - 1

api = PublicAPI(
    title="GEO Evidence API",
    version="1",
    description=(
        "Read-only: published tactics with their grades, the sources behind them and "
        "what each source found. Drafts never appear. Every response carries an ETag "
        "(send If-None-Match for a 304) and may be read from any origin. "
        "GET /api/v1/ lists the endpoints."
    ),
    urls_namespace=present.NAMESPACE,
    # The interactive docs page loads its scripts from a CDN, which the site's CSP
    # refuses; the schema itself is what clients and validators need.
    docs_url=None,
    openapi_url="/openapi.json",
    docs_decorator=docs_decorator,
)


@api.exception_handler(ApiError)
def api_error(request, error):
    body = {"detail": error.detail, "problems": error.problems}
    return api.create_response(request, body, status=error.status)


@api.exception_handler(ValidationError)
def bad_path(request, error):
    problems = [
        f"{'.'.join(str(part) for part in item['loc'][1:])}: {item['msg']}" for item in error.errors
    ]
    return api.create_response(
        request,
        {"detail": "Part of the address was not understood.", "problems": problems},
        status=400,
    )


def _documented(filterset_class):
    return {"parameters": query_parameters(filterset_class)}


@api.get(
    "/tactics",
    response={200: TacticPage, 400: Problem},
    url_name="tactics",
    summary="Published tactics",
    description="The filters and orders of the tactic list (/tactics/), with the same "
    "parameters and meaning.",
    openapi_extra=_documented(TacticQuery),
)
def tactic_list(request, response: HttpResponse):
    filterset = checked(TacticQuery(request.GET or None, queryset=queries.tactics()))
    page, envelope = paginate(request, filterset, filterset.qs)
    links, platforms = present.Links(request), queries.platforms_by_slug()
    rows = list(page.object_list)
    tags = {"tactic-list", "tactic-dates", *(f"tactic:{tactic.pk}" for tactic in rows)}
    if request.GET.get("q"):
        tags.add("tactic-search")
    tag_response(response, *tags)
    return {
        **envelope,
        "results": [present.tactic_summary(tactic, links, platforms) for tactic in rows],
    }


@api.get(
    "/tactics/{slug}",
    response={200: TacticDetail, 404: Problem},
    url_name="tactic",
    summary="One published tactic with its stances",
)
def tactic_detail(request, slug: str, response: HttpResponse):
    tactic = queries.tactic_with_stances(slug)
    if tactic is None:
        raise ApiError(404, f"No published tactic has the slug “{slug}”.")
    body = present.tactic_detail(tactic, present.Links(request), queries.platforms_by_slug())
    tag_response(
        response,
        f"tactic:{tactic.pk}",
        f"summary:{tactic.pk}",
        *(f"source:{stance.source_id}" for stance in tactic.public_stances),
    )
    return body


@api.get(
    "/sources",
    response={200: SourcePage, 400: Problem},
    url_name="sources",
    summary="The source library",
    description="Sources behind at least one published tactic, with the filters of the "
    "source library (/sources/).",
    openapi_extra=_documented(SourceQuery),
)
def source_list(request, response: HttpResponse):
    filterset = checked(SourceQuery(request.GET or None, queryset=queries.sources()))
    page, envelope = paginate(request, filterset, filterset.qs)
    rows = list(page.object_list)
    counts = queries.outcome_counts([source.pk for source in rows])
    links = present.Links(request)
    tag_response(
        response,
        "source-list",
        *(f"source:{source.pk}" for source in rows),
        *(f"source-stances:{source.pk}" for source in rows),
    )
    return {
        **envelope,
        "results": [present.source_summary(source, links, counts[source.pk]) for source in rows],
    }


@api.get(
    "/sources/{source_id}",
    response={200: SourceDetail, 400: Problem, 404: Problem},
    url_name="source",
    summary="One source with its stances on published tactics",
)
def source_detail(request, source_id: Path[int], response: HttpResponse):
    source = queries.sources().filter(pk=source_id).first() if 1 <= source_id <= MAX_ID else None
    if source is None:
        raise ApiError(404, f"No source in the library has the id {source_id}.")
    # Counted by the same query as the library's rows, so the two never disagree.
    counts = queries.outcome_counts([source.pk])[source.pk]
    stances = list(queries.stances_of(source))
    tag_response(response, f"source:{source.pk}", f"source-stances:{source.pk}")
    return present.source_detail(source, present.Links(request), counts, stances)


@api.get(
    "/stances",
    response={200: StancePage, 400: Problem},
    url_name="stances",
    summary="What each source found about each published tactic",
    openapi_extra=_documented(StanceQuery),
)
def stance_list(request, response: HttpResponse):
    filterset = checked(StanceQuery(request.GET or None, queryset=queries.stances()))
    page, envelope = paginate(request, filterset, filterset.qs)
    rows = list(page.object_list)
    tags = {"source-list"}
    for stance in rows:
        tags |= {
            f"tactic:{stance.tactic_id}",
            f"source:{stance.source_id}",
            f"source-stances:{stance.source_id}",
        }
    tag_response(response, *tags)
    links = present.Links(request)
    return {**envelope, "results": [present.stance(stance, links) for stance in rows]}


# The endpoints the index lists, in the order a reader meets them.
ENDPOINTS = (tactic_list, tactic_detail, source_list, source_detail, stance_list)


@api.get(
    "/",
    response=ApiIndex,
    url_name="index",
    summary="What this API serves",
    description="Every endpoint with its address, the OpenAPI document, the licence of "
    "the data and where to download all of it as files.",
)
def index(request):
    links = present.Links(request)
    root = links.absolute(reverse(f"{present.NAMESPACE}:index"))
    site = links.absolute("/").rstrip("/")
    return {
        "title": api.title,
        "version": api.version,
        "description": api.description,
        "endpoints": [
            {
                "name": operation.url_name,
                # Ninja's path keeps {slug}; reverse() would percent-encode the braces.
                "url": root + operation.path.lstrip("/"),
                "summary": operation.summary,
            }
            for operation in (view._ninja_operation for view in ENDPOINTS)
        ],
        "openapi_url": links.absolute(reverse(f"{present.NAMESPACE}:openapi-json")),
        "licence": {
            "name": LICENCE.name,
            "url": LICENCE.url,
            "attribution": LICENCE.attribution(site),
        },
        "data_url": links.absolute(reverse("opendata:index")),
    }
