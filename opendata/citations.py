"""A source as a reference: one `Reference` built from the model, written as CSL-JSON,
BibTeX (bibtexparser) and RIS (rispy), and as the citation_* meta tags Zotero and Google
Scholar read. Each kind of source maps to its entry type in every format once, in KINDS.
"""

import re
from dataclasses import dataclass

import bibtexparser
import rispy
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field
from django.utils.text import slugify
from pylatexenc.latexencode import (
    RULE_DICT,
    UnicodeToLatexConversionRule,
    UnicodeToLatexEncoder,
)

from sources.choices import SourceType


@dataclass(frozen=True)
class Kind:
    csl: str
    bibtex: str
    ris: str
    venue_meta: str  # the citation_* tag that names where it appeared


ARTICLE = Kind("article-journal", "article", "JOUR", "citation_journal_title")
CONFERENCE = Kind("paper-conference", "inproceedings", "CPAPER", "citation_conference_title")
REPORT = Kind("report", "techreport", "RPRT", "citation_technical_report_institution")
PREPRINT = Kind("article", "misc", "UNPB", "citation_publisher")
BLOG_POST = Kind("post-weblog", "misc", "BLOG", "citation_publisher")
WEB_PAGE = Kind("webpage", "misc", "ELEC", "citation_publisher")
KINDS = {
    SourceType.PEER_REVIEWED: ARTICLE,
    SourceType.PREPRINT: PREPRINT,
    SourceType.OFFICIAL: WEB_PAGE,
    SourceType.INDEPENDENT: REPORT,
    SourceType.INDUSTRY: REPORT,
    SourceType.PRACTITIONER: BLOG_POST,
    SourceType.EXPERT_OPINION: WEB_PAGE,
}
# Peer-reviewed work that appeared at a meeting is a conference paper, not an article.
CONFERENCE_VENUE = re.compile(
    r"conference|proceedings|symposium|workshop|\bconf\b|neurips|sigkdd|\bkdd\b|\bacl\b", re.I
)
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Person:
    family: str = ""
    given: str = ""
    literal: str = ""  # an organisation, or a name we cannot split
    typed: str = ""  # as the source's page prints it

    @property
    def as_written(self) -> str:
        return self.typed or self.literal or f"{self.given} {self.family}".strip()

    @property
    def family_first(self) -> str:
        if self.literal:
            return self.literal
        return f"{self.family}, {self.given}" if self.given else self.family


@dataclass(frozen=True)
class Reference:
    key: str
    kind: Kind
    type_label: str
    title: str
    authors: tuple[Person, ...]
    authors_are_organisation: bool
    organisation: str
    venue: str
    date: object  # datetime.date or None
    doi: str
    url: str

    @property
    def year(self) -> str:
        return str(self.date.year) if self.date else ""

    @property
    def is_pdf(self) -> bool:
        return self.url.lower().split("?")[0].endswith(".pdf")


def _clean(text: str) -> str:
    return _WHITESPACE.sub(" ", text or "").strip()


def person(name: str) -> Person:
    """ "Müller, José" or "José Müller" -> family and given; a single word (a company, a
    mononym) stays whole."""
    name = _clean(name)
    if "," in name:
        family, _, given = name.partition(",")
        return Person(family=family.strip(), given=given.strip(), typed=name)
    parts = name.split(" ")
    if len(parts) == 1:
        return Person(literal=name, typed=name)
    return Person(family=parts[-1], given=" ".join(parts[:-1]), typed=name)


def split_authors(text: str) -> list[Person]:
    """Authors as curators type them: "A; B" (imports), "A, B and C" (typed by hand), or a
    single "Family, Given"."""
    text = _clean(text)
    if not text:
        return []
    if ";" in text:
        names = text.split(";")
    else:
        names = re.split(r",|\band\b|&", text)
        single_inverted = text.count(",") == 1 and all(
            len(part.split()) == 1 for part in text.split(",")
        )
        if single_inverted:
            names = [text]
    return [person(name) for name in names if name.strip()]


def reference(source) -> Reference:
    kind = KINDS.get(source.source_type, WEB_PAGE)
    venue = _clean(source.venue)
    if kind is ARTICLE and CONFERENCE_VENUE.search(venue):
        kind = CONFERENCE
    organisation = _clean(source.organisation.name)
    authors = split_authors(source.authors)
    stem = slugify(authors[0].family or authors[0].literal if authors else organisation)
    year = source.published_on.year if source.published_on else "nd"
    return Reference(
        key=f"{stem.replace('-', '')[:20] or 'source'}{year}-{source.pk}",
        kind=kind,
        type_label=source.get_source_type_display(),
        title=_clean(source.title),
        authors=tuple(authors or [Person(literal=organisation)]),
        authors_are_organisation=not authors,
        organisation=organisation,
        venue=venue,
        date=source.published_on,
        doi=source.doi,
        url=source.url,
    )


# --- CSL-JSON ----------------------------------------------------------------------------


def csl_item(ref: Reference) -> dict:
    item = {
        "id": ref.key,
        "type": ref.kind.csl,
        "title": ref.title,
        "author": [
            {"literal": p.literal} if p.literal else {"family": p.family, "given": p.given}
            for p in ref.authors
        ],
        "publisher": ref.organisation,
        "genre": ref.type_label,
        "URL": ref.url,
    }
    if ref.date:
        item["issued"] = {"date-parts": [[ref.date.year, ref.date.month, ref.date.day]]}
    if ref.venue:
        item["container-title"] = ref.venue
    if ref.doi:
        item["DOI"] = ref.doi
    return item


# --- BibTeX ------------------------------------------------------------------------------

# pylatexenc is the encoder bibtexparser's LatexEncodingMiddleware wraps. That middleware
# encodes every field, and would wrap the url field in \url{} and escape the _ and % of
# addresses and DOIs, which BibTeX keeps verbatim; so text fields are encoded with the same
# encoder here, and url and doi are left as they are. A straight double quote becomes {"},
# which LaTeX prints as the same quote (its default turns it into a closing curly one).
_LATEX = UnicodeToLatexEncoder(
    conversion_rules=[
        UnicodeToLatexConversionRule(RULE_DICT, {ord('"'): '{"}'}),
        "defaults",
    ],
    unknown_char_policy="keep",
    unknown_char_warning=False,
)


def latex(text: str) -> str:
    return _LATEX.unicode_to_latex(text)


def _bibtex_name(p: Person) -> str:
    if p.literal:
        return "{" + latex(p.literal) + "}"  # braces: one name, never split or reordered
    return f"{latex(p.family)}, {latex(p.given)}" if p.given else latex(p.family)


def _verbatim(url: str) -> str:
    """An address as BibTeX keeps it: braces and backslashes, which would end or escape
    the field, written percent-encoded (the same address)."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def bibtex_entry(ref: Reference) -> Entry:
    fields = [
        ("title", latex(ref.title)),
        ("author", " and ".join(_bibtex_name(p) for p in ref.authors)),
    ]
    if ref.date:
        fields += [("year", str(ref.date.year)), ("date", ref.date.isoformat())]
    bibtex = ref.kind.bibtex
    if bibtex == "article":
        fields.append(("journal", latex(ref.venue or ref.organisation)))
    elif bibtex == "inproceedings":
        fields.append(("booktitle", latex(ref.venue or ref.organisation)))
    elif bibtex == "techreport":
        fields += [("institution", latex(ref.organisation)), ("type", latex(ref.type_label))]
    else:
        fields += [
            ("howpublished", latex(ref.venue or ref.organisation)),
            ("publisher", latex(ref.organisation)),
            ("note", latex(ref.type_label)),
        ]
    if ref.doi:
        fields.append(("doi", _verbatim(ref.doi)))
    fields.append(("url", _verbatim(ref.url)))
    return Entry(bibtex, ref.key, [Field(name, value) for name, value in fields])


def bibtex(refs: list[Reference]) -> str:
    return bibtexparser.write_string(Library([bibtex_entry(ref) for ref in refs]))


# --- RIS ---------------------------------------------------------------------------------


def ris_record(ref: Reference) -> dict:
    record = {
        "type_of_reference": ref.kind.ris,
        "title": ref.title,
        "authors": [p.family_first for p in ref.authors],
        "publisher": ref.organisation,
        "type_of_work": ref.type_label,
        "urls": [ref.url],
    }
    if ref.date:
        record["year"] = str(ref.date.year)
        record["date"] = ref.date.strftime("%Y/%m/%d/")
    if ref.venue:
        record["journal_name" if ref.kind is ARTICLE else "secondary_title"] = ref.venue
    if ref.doi:
        record["doi"] = ref.doi
    # A line break would end the field: RIS is one line per tag.
    return {
        key: [_clean(v) for v in value] if isinstance(value, list) else _clean(value)
        for key, value in record.items()
    }


def ris(refs: list[Reference]) -> str:
    return rispy.dumps([ris_record(ref) for ref in refs])


# --- Meta tags ---------------------------------------------------------------------------


def meta_tags(ref: Reference) -> list[tuple[str, str]]:
    """(name, content) pairs in the order Google Scholar's inclusion guidelines list them;
    every value is printed visibly on the source's page too."""
    tags = [("citation_title", ref.title)]
    tags += [("citation_author", p.as_written) for p in ref.authors]
    if ref.date:
        tags.append(("citation_publication_date", ref.date.strftime("%Y/%m/%d")))
    venue_meta = ref.kind.venue_meta
    if venue_meta == "citation_technical_report_institution":
        tags.append((venue_meta, ref.organisation))
    elif venue_meta == "citation_publisher":
        tags.append((venue_meta, ref.venue or ref.organisation))
    elif ref.venue:
        tags.append((venue_meta, ref.venue))
    if ref.doi:
        tags.append(("citation_doi", ref.doi))
    if ref.is_pdf:
        tags.append(("citation_pdf_url", ref.url))
    return tags
