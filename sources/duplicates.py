"""When two records are the same source: the same normalised URL, the same DOI, or the same
normalised title from the same organisation in the same year.

The URL is unique in the database (Source.url_normalised) and so is the DOI; the title rule
is only a warning, since two reports can share a title. The form, the import preview and
the DOI fill all ask `find_duplicates`, so they agree on what a duplicate is.
"""

import re
import unicodedata

# DOIs are case-insensitive (the DOI Handbook, 3.4): stored in lower case, without the
# resolver prefix people paste with them.
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
NOT_A_DOI = "This is not a DOI: a DOI starts with 10., a registrant number and a slash."

# The rules, as find_duplicates names them: the first two are errors (the database holds each
# address and DOI once), the third a warning.
SAME_ADDRESS = "the same address"
SAME_DOI = "the same DOI"
SAME_TITLE = "the same title, organisation and year"


def normalise_doi(value: str) -> str:
    """ " https://doi.org/10.1145/ABC " -> "10.1145/abc"; "" stays ""."""
    value = (value or "").strip()
    return _DOI_PREFIX.sub("", value).strip().lower()


def is_doi(value: str) -> bool:
    return bool(DOI_PATTERN.match(normalise_doi(value)))


def normalise_title(title: str) -> str:
    """Case, accents, punctuation and spacing removed: "GEO: Generative Engine
    Optimization" and "geo generative-engine optimization" compare equal."""
    text = unicodedata.normalize("NFKD", title or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def find_duplicates(
    *, url_normalised="", doi="", title="", organisation=None, year=None, exclude_pk=None
):
    """Existing sources that are the same source as the one described, by any rule above,
    each with the rule that matched: [(source, "the same DOI"), …]. `organisation` is an
    Organisation or its id; one not stored yet has no sources to repeat."""
    from sources.models import Source

    found = {}
    others = Source.objects.select_related("organisation")
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if url_normalised:
        for source in others.filter(url_normalised=url_normalised):
            found.setdefault(source.pk, (source, SAME_ADDRESS))
    doi = normalise_doi(doi)
    if doi:
        for source in others.filter(doi=doi):
            found.setdefault(source.pk, (source, SAME_DOI))
    key = normalise_title(title)
    organisation_id = getattr(organisation, "pk", organisation)
    if key and organisation_id and year:
        candidates = others.filter(organisation_id=organisation_id, published_on__year=year)
        for source in candidates.only(
            "pk", "title", "organisation__name", "published_on", "withdrawn_at"
        ):
            if normalise_title(source.title) == key:
                found.setdefault(source.pk, (source, SAME_TITLE))
    return list(found.values())
