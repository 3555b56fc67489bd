"""What a DOI or a web page says about a source: its title, authors, venue, publisher, date
and type, read from doi.org's CSL-JSON (content negotiation) or from the page's citation meta
tags and JSON-LD.

`look_up(text, fetcher)` takes what the researcher typed (a DOI, a doi.org link or the
page's address) and returns a `Metadata`, or raises `LookupFailed` with the reason in words.
A page that names its DOI is read through doi.org: the registry's record is better than the
page's tags, which fill only what the record lacks.

The fetcher is anything with `fetch(url, headers, timeout) -> (status, content_type,
body)`; the default, `UrllibFetcher`, reads only public http(s) addresses: the address is
typed by a researcher, and the server must not become a way into the services beside it.
"""

import datetime
import functools
import html
import http.client
import ipaddress
import json
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol
from urllib.parse import quote, unquote, urlsplit

import lxml.html
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.module_loading import import_string
from extruct.jsonld import JsonLdExtractor
from lxml import etree

from sources.choices import SourceType
from sources.duplicates import is_doi, normalise_doi

TIMEOUT = 8  # seconds for the whole answer, not per read
MAX_BYTES = 2 * 1024 * 1024  # a citation record or an article page is far smaller
MAX_REDIRECTS = 5
CSL_JSON = "application/vnd.citationstyles.csl+json"
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
USER_AGENT = "geo-evidence (filling a source's citation from its DOI or page)"
DOI_HOSTS = {"doi.org", "dx.doi.org", "www.doi.org"}


class LookupFailed(Exception):
    """Why nothing could be filled, in words for the researcher."""


class Fetcher(Protocol):
    def fetch(
        self, url: str, headers: Mapping[str, str], timeout: float
    ) -> tuple[int, str, bytes]: ...


@dataclass(frozen=True)
class Metadata:
    title: str = ""
    authors: tuple[str, ...] = ()
    # The journal, conference or server it appeared in (CSL's container title): the venue.
    venue: str = ""
    # Who published or issued it, a candidate for the source's organisation.
    publisher: str = ""
    published_on: datetime.date | None = None
    # "year" or "month" when the record gave no day: the first of the period is filled.
    date_precision: str = "day"
    source_type: str = ""
    # Why the type is a guess, or why none was chosen; empty when the record says it plainly.
    type_note: str = ""
    doi: str = ""
    url: str = ""
    origin: str = ""  # where it came from, for the message: "doi.org", "the page"
    warning: str = ""  # something the researcher should know although the fill worked

    def merged_with(self, fallback: "Metadata") -> "Metadata":
        """These values, with the gaps filled from `fallback`."""
        gaps = {
            name: getattr(fallback, name)
            for name in ("title", "authors", "venue", "publisher", "doi", "url")
            if not getattr(self, name)
        }
        if self.published_on is None and fallback.published_on is not None:
            gaps.update(published_on=fallback.published_on, date_precision=fallback.date_precision)
        if not self.source_type and fallback.source_type:
            gaps.update(source_type=fallback.source_type, type_note=fallback.type_note)
        return replace(self, **gaps)


# --- what the researcher typed -------------------------------------------------------------


def look_up(text: str, fetcher: Fetcher) -> Metadata:
    text = (text or "").strip()
    doi = _doi_in(text)
    if doi:
        return _from_doi(doi, fetcher)
    if urlsplit(text).scheme.lower() not in ("http", "https"):
        raise LookupFailed(
            f"“{text}” is neither a DOI (10.…) nor a web address starting with http:// or https://."
        )
    page = _from_page(text, fetcher)
    if not page.doi:
        return page
    try:
        return _from_doi(page.doi, fetcher).merged_with(page)
    except LookupFailed as error:
        return replace(page, warning=f"{error} The page's own tags were used instead.")


def _doi_in(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and parts.hostname in DOI_HOSTS:
        text = unquote(parts.path.lstrip("/"))
    return normalise_doi(text) if is_doi(text) else ""


def default_fetcher() -> Fetcher:
    """settings.SOURCE_METADATA_FETCHER (a dotted path or an object) or UrllibFetcher."""
    configured = getattr(settings, "SOURCE_METADATA_FETCHER", None)
    if configured is None:
        return UrllibFetcher()
    return import_string(configured)() if isinstance(configured, str) else configured


# --- doi.org ----------------------------------------------------------------------------------


def _from_doi(doi: str, fetcher: Fetcher) -> Metadata:
    url = "https://doi.org/" + quote(doi, safe="/:;()[]<>")
    status, content_type, body = _fetch(fetcher, url, {"Accept": CSL_JSON}, "doi.org")
    if status == 404:
        raise LookupFailed(f"doi.org does not know the DOI {doi}: check it for a typing slip.")
    if status != 200:
        raise LookupFailed(f"doi.org answered the DOI {doi} with an error (HTTP {status}).")
    if "json" not in content_type:
        raise LookupFailed(
            f"doi.org sent {content_type or 'an unlabelled answer'} for the DOI {doi}, not "
            "citation data: its registry may not offer it. Fill the fields by hand."
        )
    try:
        record = json.loads(body)
    except ValueError:
        raise LookupFailed(f"doi.org's citation data for the DOI {doi} is not readable.") from None
    if not isinstance(record, dict) or not _text(record.get("title")):
        raise LookupFailed(f"doi.org's citation data for the DOI {doi} has no title.")
    return from_csl(record, doi)


def from_csl(record: dict, doi: str = "") -> Metadata:
    """A CSL-JSON record (as doi.org sends it for Crossref and DataCite DOIs)."""
    publisher = _text(record.get("publisher"))
    venue = _text(record.get("container-title"))
    published_on, precision = _csl_date(record.get("issued") or record.get("published") or {})
    kind = str(record.get("type") or "").lower()
    source_type, note = csl_source_type(kind, publisher or venue)
    return Metadata(
        title=_text(record.get("title")),
        authors=tuple(filter(None, map(_csl_name, record.get("author") or []))),
        venue=venue,
        publisher=publisher,
        published_on=published_on,
        date_precision=precision,
        source_type=source_type,
        type_note=note,
        doi=normalise_doi(_text(record.get("DOI"))) or doi,
        url=_text(record.get("URL")) or f"https://doi.org/{doi}",
        origin="doi.org",
    )


# CSL type -> (our type, why it is a guess; "" when the record says it plainly).
CSL_TYPES = {
    "article-journal": (SourceType.PEER_REVIEWED, ""),
    "paper-conference": (
        SourceType.PEER_REVIEWED,
        "a conference paper: most are peer-reviewed, but check the venue",
    ),
    "posted-content": (SourceType.PREPRINT, ""),
    "preprint": (SourceType.PREPRINT, ""),
    "article": (SourceType.PREPRINT, "CSL's plain “article” is usually a preprint"),
    "webpage": (SourceType.PRACTITIONER, "a web page: check who wrote it and how"),
    "post-weblog": (SourceType.PRACTITIONER, "a blog post: check who wrote it and how"),
    "post": (SourceType.PRACTITIONER, "an online post: check who wrote it and how"),
}
_UNIVERSITY = re.compile(r"universit|college|institute of technology|école|hochschule", re.I)
_GOVERNMENT = re.compile(r"government|ministry|department of|commission|\bagency\b|\.gov\b", re.I)


def csl_source_type(kind: str, publisher: str) -> tuple[str, str]:
    """Our source type for a CSL (or schema.org) type, and why it is a guess, if it is."""
    if kind == "report":
        if _UNIVERSITY.search(publisher):
            return SourceType.PREPRINT, "a report from a university, taken as a working paper"
        if _GOVERNMENT.search(publisher):
            return (
                SourceType.INDEPENDENT,
                "a report from a public body, taken as an independent study",
            )
        return SourceType.INDUSTRY, "a report from an organisation, taken as an industry report"
    if kind in CSL_TYPES:
        return CSL_TYPES[kind]
    if kind:
        return "", f"the record calls it “{kind}”, which matches none of our types: choose one"
    return "", ""


def _csl_name(person) -> str:
    if not isinstance(person, dict):
        return _text(person)
    literal = _text(person.get("literal") or person.get("name"))
    return literal or " ".join(
        filter(None, [_text(person.get("given")), _text(person.get("family"))])
    )


def _csl_date(value) -> tuple[datetime.date | None, str]:
    if not isinstance(value, dict):
        return None, "day"
    parts = value.get("date-parts") or [[]]
    if parts and isinstance(parts[0], list) and parts[0]:
        try:
            return _date(*[int(part) for part in parts[0][:3]])
        except (TypeError, ValueError):
            pass
    return parse_date(_text(value.get("raw") or value.get("literal")))


# --- a web page ------------------------------------------------------------------------------


def _from_page(url: str, fetcher: Fetcher) -> Metadata:
    host = urlsplit(url).hostname or url
    status, content_type, body = _fetch(fetcher, url, {"Accept": PAGE_ACCEPT}, host)
    if status == 404:
        raise LookupFailed(f"{host} has no page at this address (HTTP 404): check the address.")
    if 300 <= status < 400:
        raise LookupFailed(f"{host} sent the request on to an address that cannot be read.")
    if not 200 <= status < 300:
        raise LookupFailed(f"{host} answered with an error (HTTP {status}).")
    if "html" not in content_type:
        raise LookupFailed(
            f"The address leads to {content_type or 'a file'}, not a web page: type the "
            "source's DOI instead, or fill the fields by hand."
        )
    found = from_html(body, url, content_type)
    if not (found.title or found.doi):
        raise LookupFailed(
            f"The page at {host} carries no citation data (no citation_ or Dublin Core meta "
            "tags, no JSON-LD article): fill the fields by hand."
        )
    return found


def from_html(body: bytes, url: str = "", content_type: str = "text/html") -> Metadata:
    """A page's citation_* meta tags (Google Scholar's), then its JSON-LD article, then its
    Dublin Core tags, field by field."""
    charset = re.search(r"charset=([\w.:-]+)", content_type or "", re.I)
    try:
        document = lxml.html.fromstring(
            body.decode(charset.group(1), errors="replace") if charset else body
        )
    except (LookupError, ValueError, etree.LxmlError):
        raise LookupFailed("The page could not be read as HTML.") from None
    meta = _meta_tags(document)
    citation = _from_citation_tags(meta)
    return citation.merged_with(_from_json_ld(document)).merged_with(_from_dublin_core(meta))


def _meta_tags(document) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for element in document.iter("meta"):
        name = (element.get("name") or element.get("property") or "").strip().lower()
        content = _text(element.get("content"))
        if name and content:
            tags.setdefault(name, []).append(content)
    return tags


def _from_citation_tags(meta) -> Metadata:
    first = lambda name: (meta.get(name) or [""])[0]  # noqa: E731
    authors = meta.get("citation_author") or [
        name for value in meta.get("citation_authors", []) for name in value.split(";")
    ]
    venue = first("citation_journal_title") or first("citation_conference_title")
    institution = first("citation_technical_report_institution")
    publisher = first("citation_publisher") or institution
    if first("citation_arxiv_id"):
        source_type, note = SourceType.PREPRINT, ""
        venue = venue or "arXiv"
    elif institution:
        source_type, note = csl_source_type("report", institution)
    elif venue:
        source_type, note = (
            SourceType.PEER_REVIEWED,
            "the page names a journal or conference: check it was peer-reviewed",
        )
    else:
        source_type, note = "", ""
    published_on, precision = parse_date(
        first("citation_publication_date")
        or first("citation_date")
        or first("citation_online_date")
    )
    return Metadata(
        title=first("citation_title"),
        authors=tuple(filter(None, map(_person, authors))),
        venue=venue,
        publisher=publisher,
        published_on=published_on,
        date_precision=precision,
        source_type=source_type,
        type_note=note,
        doi=_doi_or_blank(first("citation_doi")),
        origin="the page",
    )


def _from_dublin_core(meta) -> Metadata:
    def first(*names):
        return next((meta[name][0] for name in names if meta.get(name)), "")

    published_on, precision = parse_date(first("dc.date.issued", "dcterms.issued", "dc.date"))
    creators = meta.get("dc.creator") or meta.get("dcterms.creator") or []
    identifiers = meta.get("dc.identifier", []) + meta.get("dcterms.identifier", [])
    return Metadata(
        title=first("dc.title", "dcterms.title"),
        authors=tuple(filter(None, map(_person, creators))),
        publisher=first("dc.publisher", "dcterms.publisher"),
        published_on=published_on,
        date_precision=precision,
        doi=next(filter(None, map(_doi_or_blank, identifiers)), ""),
        origin="the page",
    )


# schema.org type -> the CSL type it corresponds to, for the same mapping.
_SCHEMA_TYPES = {
    "scholarlyarticle": "",
    "article": "",
    "newsarticle": "",
    "techarticle": "",
    "report": "report",
    "blogposting": "post-weblog",
}


def _from_json_ld(document) -> Metadata:
    try:
        items = JsonLdExtractor().extract_items(document)
    except ValueError:
        return Metadata()
    for item in _flattened(items):
        kinds = item.get("@type")
        kinds = [str(kind).lower() for kind in (kinds if isinstance(kinds, list) else [kinds])]
        kind = next((kind for kind in kinds if kind in _SCHEMA_TYPES), None)
        if kind is None:
            continue
        publisher = _json_ld_name(item.get("publisher"))
        source_type, note = csl_source_type(_SCHEMA_TYPES[kind], publisher)
        published_on, precision = parse_date(_text(item.get("datePublished")))
        authors = item.get("author") or []
        identifiers = [_text(item.get(key)) for key in ("identifier", "sameAs", "@id", "url")]
        return Metadata(
            title=_text(item.get("headline") or item.get("name")),
            authors=tuple(
                filter(
                    None, map(_json_ld_name, authors if isinstance(authors, list) else [authors])
                )
            ),
            publisher=publisher,
            published_on=published_on,
            date_precision=precision,
            source_type=source_type,
            type_note=note if source_type else "",
            doi=next(filter(None, map(_doi_or_blank, identifiers)), ""),
            origin="the page",
        )
    return Metadata()


def _flattened(items):
    for item in items:
        if isinstance(item, dict):
            yield item
            yield from _flattened(item.get("@graph") or [])


def _json_ld_name(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _person(name: str) -> str:
    """ "Aggarwal, Pranjal" -> "Pranjal Aggarwal", as the authors field holds names."""
    name = _text(name)
    family, comma, given = name.partition(",")
    return f"{given.strip()} {family.strip()}" if comma and given.strip() else name


def _doi_or_blank(value: str) -> str:
    value = _text(value)
    match = re.search(r"10\.\d{4,9}/\S+", value)
    return normalise_doi(match.group(0)) if match and is_doi(match.group(0)) else ""


# --- small readers ----------------------------------------------------------------------------


def _text(value) -> str:
    """A clean line of text from a record's value: a list's first item, tags and entities
    removed (Crossref titles carry <i> and &amp;), spaces collapsed."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if not isinstance(value, (str, int, float)):
        return ""
    text = html.unescape(re.sub(r"<[^>]+>", "", str(value)))
    return " ".join(text.split())


def parse_date(text: str) -> tuple[datetime.date | None, str]:
    """ "2024-08-24", "2024/08", "2024", "2024-08-24T10:00:00Z" -> (date, precision)."""
    match = re.match(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?", (text or "").strip())
    if not match:
        return None, "day"
    return _date(*[int(part) for part in match.groups() if part])


def _date(year, month=None, day=None) -> tuple[datetime.date | None, str]:
    precision = "day" if day else "month" if month else "year"
    try:
        return datetime.date(year, month or 1, day or 1), precision
    except ValueError:
        return None, "day"


# --- fetching ---------------------------------------------------------------------------------


def _fetch(fetcher: Fetcher, url: str, headers: dict, who: str) -> tuple[int, str, bytes]:
    try:
        status, content_type, body = fetcher.fetch(url, headers, TIMEOUT)
    except LookupFailed:
        raise
    except TimeoutError:
        raise LookupFailed(
            f"{who} did not answer within {TIMEOUT} seconds: try again later."
        ) from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise LookupFailed(
            f"{who} could not be read: {error or error.__class__.__name__}."
        ) from error
    return status, (content_type or "").split(";")[0].strip().lower(), body


class RefusedAddress(LookupFailed):
    pass


def is_public(address: str, port: int | None = None) -> bool:
    """Whether an address is on the public internet: not loopback, private, link-local
    (where cloud metadata services answer), shared, reserved or multicast."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _vetted_connection(
    address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None, *, vet
):
    """socket.create_connection, refusing a host that resolves to an address `vet` refuses.
    The check and the connection use the same resolution, so a name that resolves elsewhere
    the second time (DNS rebinding) cannot slip through; every redirect passes here too."""
    host, port = address
    resolved = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not resolved or not all(vet(info[4][0], info[4][1]) for info in resolved):
        raise RefusedAddress(
            f"{host} is on a private or local network: only public web addresses can be read."
        )
    error = OSError(f"no address for {host}")
    for family, kind, proto, _, sockaddr in resolved:
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as failure:
            sock.close()
            error = failure
    raise error


class _VettedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, vet, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(_vetted_connection, vet=vet)


class _VettedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, vet, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(_vetted_connection, vet=vet)


class _VettedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, vet):
        super().__init__()
        self.vet = vet

    def http_open(self, req):
        return self.do_open(functools.partial(_VettedHTTPConnection, vet=self.vet), req)


class _VettedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, vet):
        super().__init__()
        self.vet = vet

    def https_open(self, req):
        connection = functools.partial(_VettedHTTPSConnection, vet=self.vet)
        return self.do_open(connection, req, context=self._context)


class _FewRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


class UrllibFetcher:
    """The standard library's urllib, limited to public http(s) addresses, a few redirects,
    `max_bytes` of answer and `timeout` seconds in all. No proxy from the environment: the
    address check must see the real destination. `vet(ip, port)` decides which addresses
    may be reached; only this fetcher's own tests, which serve on localhost, change it."""

    def __init__(self, max_bytes: int = MAX_BYTES, vet=is_public):
        self.max_bytes = max_bytes
        self.opener = urllib.request.OpenerDirector()
        for handler in (
            urllib.request.UnknownHandler(),
            _VettedHTTPHandler(vet),
            _VettedHTTPSHandler(vet),
            urllib.request.HTTPDefaultErrorHandler(),
            _FewRedirects(),
            urllib.request.HTTPErrorProcessor(),
        ):
            self.opener.add_handler(handler)

    def fetch(self, url, headers, timeout):
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            raise RefusedAddress("Only http:// and https:// addresses can be read.")
        # The scheme is checked above and the opener has no file: or ftp: handler.
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})  # noqa: S310
        deadline = time.monotonic() + timeout
        try:
            response = self.opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            error.close()
            return error.code, error.headers.get("Content-Type", ""), b""
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise error.reason from error
            raise LookupFailed(_unreachable(url, error.reason)) from error
        with response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise LookupFailed(self._too_large(url))
            body = bytearray()
            while chunk := response.read1(64 * 1024):
                body += chunk
                if len(body) > self.max_bytes:
                    raise LookupFailed(self._too_large(url))
                if time.monotonic() > deadline:
                    raise TimeoutError
            return response.status, response.headers.get("Content-Type", ""), bytes(body)

    def _too_large(self, url):
        return (
            f"{urlsplit(url).hostname} sent more than {filesizeformat(self.max_bytes)}: that "
            "is not a citation record or an article page."
        )


def _unreachable(url, reason) -> str:
    host = urlsplit(url).hostname or url
    if isinstance(reason, socket.gaierror):
        return f"No site answers at {host}: check the address."
    if isinstance(reason, ssl.SSLError):
        return f"{host}'s secure connection could not be verified."
    if isinstance(reason, ConnectionRefusedError):
        return f"{host} refused the connection."
    if isinstance(reason, str):
        return f"{host} could not be reached: {reason}."
    return f"{host} could not be reached ({reason})."
