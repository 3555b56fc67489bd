"""The /data/ page and its two downloads, built on request from the published data and
kept, like the pages, until something they show changes (opendata/files.py)."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from opendata import dictionary, files
from opendata.licence import LICENCE, QUOTED_MATERIAL
from tactics.jsonld import dumps_for_script
from web.page_cache import tag_response

DESCRIPTION = (
    "Every published tactic for AI search visibility with its evidence grade, what each "
    "study, report or platform statement found about it, the sources and the "
    "organisations behind them, and the grade on each live AI platform."
)
FORMATS = {
    files.ZIP_NAME: ("application/zip", "CSV files, one per table, in a ZIP archive"),
    files.JSON_NAME: ("application/json", "One JSON document with the same tables"),
}


def site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def size_text(size: int) -> str:
    """ "1.2 MB": the same words on the page and in its JSON-LD."""
    return str(filesizeformat(size)).replace("\xa0", " ")


def downloads(request, build):
    return [
        {
            "name": name,
            "url": request.build_absolute_uri(reverse(view_name)),
            "encoding_format": FORMATS[name][0],
            "description": FORMATS[name][1],
            "size": size,
            "size_text": size_text(size),
            "sha256": build.digests[name],
            # Breakable every 16 characters, so the digest never widens a phone's screen.
            "sha256_parts": [build.digests[name][i : i + 16] for i in range(0, 64, 16)],
        }
        for name, view_name, size in (
            (files.ZIP_NAME, "opendata:csv_zip", build.zip_size),
            (files.JSON_NAME, "opendata:json", build.json_size),
        )
    ]


def dataset_jsonld(request, build, links) -> dict:
    site = site_url(request)
    organisation = {"@type": "Organization", "name": settings.SITE_NAME, "url": site + "/"}
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{settings.SITE_NAME} dataset",
        "description": DESCRIPTION,
        "url": request.build_absolute_uri(reverse("opendata:index")),
        "license": LICENCE.url,
        "isAccessibleForFree": True,
        "creator": organisation,
        "publisher": organisation,
        "distribution": [
            {
                "@type": "DataDownload",
                "name": link["name"],
                "encodingFormat": link["encoding_format"],
                "contentUrl": link["url"],
                "contentSize": link["size_text"],
            }
            for link in links
        ],
    }
    if build.data_modified:
        data["dateModified"] = build.data_modified.isoformat()
    return data


def index(request):
    build = files.current(site_url(request))
    links = downloads(request, build)
    response = render(
        request,
        "opendata/index.html",
        {
            "build": build,
            "site_name": settings.SITE_NAME,
            "description": DESCRIPTION,
            "downloads": links,
            "licence": LICENCE,
            "attribution": LICENCE.attribution(site_url(request)),
            "quoted_material": QUOTED_MATERIAL,
            "tables": [(table, build.counts[table.name]) for table in dictionary.TABLES],
            "types": dictionary.TYPES,
            "jsonld": dumps_for_script(dataset_jsonld(request, build, links)),
        },
    )
    return tag_response(response, *files.TAGS)


def _download(request, content: bytes, name: str, build):
    content_type = FORMATS[name][0]
    if content_type == "application/json":
        content_type += "; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Last-Modified"] = http_date(build.generated_at.timestamp())
    etag = quote_etag(build.digests[name][:32])
    response["ETag"] = etag
    tag_response(response, *files.TAGS)
    return get_conditional_response(
        request,
        etag=etag,
        last_modified=int(build.generated_at.timestamp()),
        response=response,
    )


def csv_zip(request):
    build = files.current(site_url(request))
    return _download(request, build.zip_bytes, files.ZIP_NAME, build)


def json_document(request):
    build = files.current(site_url(request))
    return _download(request, build.json_bytes, files.JSON_NAME, build)
