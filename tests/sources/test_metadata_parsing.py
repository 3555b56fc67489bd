"""What `look_up` makes of a DOI record or a page (recorded answers, no network), and how
a fill reports guesses, partial dates and long author lists."""

import datetime
import json

import pytest
from django.http import QueryDict

from sources.admin_fill import fill
from sources.choices import SourceType
from sources.metadata import LookupFailed, Metadata, csl_source_type, from_csl, look_up
from tests.sources.metadata_responses import (
    ARXIV_URL,
    GEO_DOI,
    GEO_DOI_URL,
    HTML,
    JSON,
    Recorded,
    recording,
)


def test_the_arxiv_page_is_read_from_its_citation_tags():
    found = look_up(ARXIV_URL, Recorded())
    assert found.title == "GEO: Generative Engine Optimization"
    # "Aggarwal, Pranjal" as the tags write it; "Pranjal Aggarwal" as our authors field does.
    assert found.authors[:2] == ("Pranjal Aggarwal", "Vishvak Murahari")
    # arXiv is where it appeared, not who did the research: a venue, no organisation.
    assert (found.venue, found.publisher) == ("arXiv", "")
    assert found.published_on == datetime.date(2023, 11, 16)
    assert (found.source_type, found.type_note) == (SourceType.PREPRINT, "")


@pytest.mark.parametrize(
    "typed", [GEO_DOI, f"doi:{GEO_DOI}", f"http://dx.doi.org/{GEO_DOI}", GEO_DOI_URL]
)
def test_every_way_of_writing_a_doi_asks_doi_org(typed):
    fetcher = Recorded()
    assert look_up(typed, fetcher).doi == GEO_DOI
    assert [url for url, _ in fetcher.asked] == [GEO_DOI_URL]


def test_dublin_core_tags_fill_what_citation_tags_lack():
    page = b"""<html><head>
      <meta name="DC.title" content="How AI answers cite the web">
      <meta name="DC.creator" content="Rivera, Ana"><meta name="DC.creator" content="Li Wei">
      <meta name="DC.publisher" content="Open Search Institute">
      <meta name="DC.date" content="2025-02">
    </head></html>"""
    found = look_up("https://osi.example/p", Recorded({"https://osi.example/p": (200, HTML, page)}))
    assert (found.title, found.authors) == ("How AI answers cite the web", ("Ana Rivera", "Li Wei"))
    assert (found.publisher, found.published_on) == (
        "Open Search Institute",
        datetime.date(2025, 2, 1),
    )
    assert found.date_precision == "month"


def test_crossref_markup_in_a_title_is_removed():
    record = json.loads(recording("crossref-10.1145-3637528.3671900.json"))
    record["title"] = "Citations &amp; <i>answer engines</i>:  a study"
    assert from_csl(record).title == "Citations & answer engines: a study"


def test_a_page_whose_doi_is_unknown_is_filled_from_its_own_tags_and_says_so():
    page = (
        b'<html><meta name="citation_title" content="Own title">'
        b'<meta name="citation_doi" content="10.9999/missing"></html>'
    )
    fetcher = Recorded(
        {
            "https://j.example/a": (200, HTML, page),
            "https://doi.org/10.9999/missing": (404, "text/html", b""),
        }
    )
    found = look_up("https://j.example/a", fetcher)
    assert found.title == "Own title"
    assert "doi.org does not know the DOI 10.9999/missing" in found.warning
    assert "The page's own tags were used instead." in found.warning


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ((200, "application/pdf", b"%PDF-1.7"), "leads to application/pdf, not a web page"),
        ((200, HTML, b"<html><title>Home</title></html>"), "carries no citation data"),
        ((404, HTML, b""), "has no page at this address (HTTP 404)"),
        ((200, HTML, b""), "could not be read as HTML"),
    ],
)
def test_pages_that_cannot_fill_say_why(answer, words):
    with pytest.raises(LookupFailed) as refused:
        look_up("https://x.example/p", Recorded({"https://x.example/p": answer}))
    assert words in str(refused.value)


@pytest.mark.parametrize("typed", ["GEO paper", "javascript:alert(1)", "10.1145 3637528"])
def test_text_that_is_neither_a_doi_nor_an_address_is_refused(typed):
    fetcher = Recorded()
    with pytest.raises(LookupFailed, match="neither a DOI"):
        look_up(typed, fetcher)
    assert fetcher.asked == []


def test_a_record_without_a_title_is_refused():
    fetcher = Recorded({GEO_DOI_URL: (200, JSON, b'{"type": "dataset"}')})
    with pytest.raises(LookupFailed, match="has no title"):
        look_up(GEO_DOI, fetcher)


@pytest.mark.parametrize(
    ("kind", "publisher", "expected", "guess"),
    [
        ("article-journal", "Elsevier BV", SourceType.PEER_REVIEWED, False),
        ("paper-conference", "ACM", SourceType.PEER_REVIEWED, True),
        ("posted-content", "Cold Spring Harbor Laboratory", SourceType.PREPRINT, False),
        ("report", "Ahrefs", SourceType.INDUSTRY, True),
        ("report", "Stanford University", SourceType.PREPRINT, True),
        ("report", "Department of Commerce", SourceType.INDEPENDENT, True),
        ("webpage", "Search Engine Land", SourceType.PRACTITIONER, True),
        ("post-weblog", "", SourceType.PRACTITIONER, True),
        ("book", "O'Reilly", "", True),
    ],
)
def test_csl_types_map_to_ours_and_guesses_say_so(kind, publisher, expected, guess):
    source_type, note = csl_source_type(kind, publisher)
    assert source_type == expected
    assert bool(note) is guess


def _filled(metadata, **typed):
    data = QueryDict(mutable=True)
    data.update({"title": "", "authors": "", "venue": "", "published_on": "", **typed})
    return fill(data, metadata)


def test_a_year_only_date_is_entered_as_the_first_of_january_and_said():
    result = _filled(Metadata(published_on=datetime.date(2023, 1, 1), date_precision="year"))
    assert result.data["published_on"] == "01/01/2023"
    assert "Only the year of publication is known" in " ".join(result.notes)


def test_an_unmatched_type_is_left_for_the_researcher_and_said():
    result = _filled(Metadata(title="A book", type_note="the record calls it “book”, …"))
    assert "source type" not in result.filled
    assert "Source type not filled: the record calls it “book”" in " ".join(result.notes)


def test_a_long_author_list_is_cut_with_et_al_to_fit_the_field():
    authors = tuple(f"Author Number{index:03d}" for index in range(40))
    result = _filled(Metadata(authors=authors))
    assert len(result.data["authors"]) <= 300
    assert result.data["authors"].startswith("Author Number000, Author Number001")
    assert result.data["authors"].endswith(" et al.")
