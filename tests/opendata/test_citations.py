"""Citations out: each source and each tactic's reference list as BibTeX, RIS and CSL-JSON,
read back with bibtexparser, rispy and citeproc-py, and the citation meta tags of a source
page."""

import datetime
import json
import re
from html import unescape

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from django.template.loader import render_to_string
from django.urls import reverse

from opendata.citations import split_authors
from sources.choices import SourceType
from tests.factories import OrganisationFactory, SourceFactory, StanceFactory
from tests.opendata.conftest import AWKWARD_TITLE


def cite(client, source, fmt):
    return client.get(reverse(f"sources:cite_{fmt}", args=[source.pk]))


def parse_bibtex(text):
    library = bibtexparser.parse_string(
        text,
        append_middleware=[middlewares.LatexDecodingMiddleware(), middlewares.SeparateCoAuthors()],
    )
    assert not library.failed_blocks
    return library


def test_bibtex_round_trips_accents_braces_ampersands_and_quotes(world, client):
    response = cite(client, world.source, "bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    [entry] = parse_bibtex(response.content.decode()).entries
    assert entry.entry_type == "article"
    fields = {key: field.value for key, field in entry.fields_dict.items()}
    assert fields["title"] == AWKWARD_TITLE
    assert fields["author"] == ["Müller, José", "O'Neil, Ann"]
    assert fields["journal"] == "Journal of Search"
    assert fields["year"] == "2024"
    # Addresses and DOIs are kept verbatim: read without LaTeX decoding.
    raw = {
        key: field.value
        for key, field in bibtexparser.parse_string(response.content.decode())
        .entries[0]
        .fields_dict.items()
    }
    assert raw["doi"] == "10.1234/geo.2024_01"
    assert raw["url"] == world.source.url


def test_ris_round_trips_the_same_record(world, client):
    response = cite(client, world.source, "ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    [record] = rispy.loads(response.content.decode())
    assert record["type_of_reference"] == "JOUR"
    assert record["title"] == AWKWARD_TITLE
    assert record["authors"] == ["Müller, José", "O'Neil, Ann"]
    assert record["journal_name"] == "Journal of Search"
    assert record["date"] == "2024/05/17/"
    assert record["doi"] == "10.1234/geo.2024_01"
    assert record["publisher"] == "Ünïversity of Ærø & Co"


def render_harvard(items):
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), citeproc_formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


def test_csl_json_renders_in_a_citation_style_with_title_author_and_year(world, client):
    response = cite(client, world.source, "json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    items = json.loads(response.content)
    assert items[0]["type"] == "article-journal"
    [formatted] = render_harvard(items)
    assert formatted.startswith("Müller, J. and O'Neil, A. (2024)")
    assert f"“{AWKWARD_TITLE}”, Journal of Search" in formatted
    assert items[0]["title"] == AWKWARD_TITLE


def test_a_source_without_authors_or_date_is_cited_by_its_organisation(world, client):
    [record] = rispy.loads(cite(client, world.second, "ris").content.decode())
    assert record["type_of_reference"] == "RPRT"
    assert record["authors"] == ["Vendorly"]
    assert "year" not in record
    [entry] = parse_bibtex(cite(client, world.second, "bib").content.decode()).entries
    assert entry.entry_type == "techreport"
    assert entry.fields_dict["institution"].value == "Vendorly"
    [formatted] = render_harvard(json.loads(cite(client, world.second, "json").content))
    assert "Vendorly" in formatted and "Vendor report on answers" in formatted


@pytest.mark.parametrize(
    ("source_type", "venue", "bibtex", "ris", "csl"),
    [
        (SourceType.PEER_REVIEWED, "Journal of Search", "article", "JOUR", "article-journal"),
        (
            SourceType.PEER_REVIEWED,
            "ACM SIGKDD Conference",
            "inproceedings",
            "CPAPER",
            "paper-conference",
        ),
        (SourceType.PREPRINT, "arXiv", "misc", "UNPB", "article"),
        (SourceType.INDUSTRY, "", "techreport", "RPRT", "report"),
        (SourceType.PRACTITIONER, "Ahrefs blog", "misc", "BLOG", "post-weblog"),
        (SourceType.OFFICIAL, "Google Search Central", "misc", "ELEC", "webpage"),
    ],
)
def test_each_kind_of_source_gets_its_entry_type(db, client, source_type, venue, bibtex, ris, csl):
    source = SourceFactory(source_type=source_type, venue=venue)
    StanceFactory(source=source)
    [entry] = parse_bibtex(cite(client, source, "bib").content.decode()).entries
    assert entry.entry_type == bibtex
    assert rispy.loads(cite(client, source, "ris").content.decode())[0]["type_of_reference"] == ris
    assert json.loads(cite(client, source, "json").content)[0]["type"] == csl


@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
def test_sources_visitors_cannot_see_are_404(world, client, fmt):
    assert cite(client, world.withdrawn_source, fmt).status_code == 404
    assert cite(client, world.draft_only_source, fmt).status_code == 404
    assert client.get(f"/sources/999999/cite.{fmt}").status_code == 404


@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
def test_a_drafts_reference_list_is_404(world, client, fmt):
    response = client.get(reverse(f"tactics:references_{fmt}", args=[world.draft.slug]))
    assert response.status_code == 404


def test_a_tactics_reference_list_holds_its_current_sources_only(world, client):
    url = reverse("tactics:references_ris", args=[world.tactic.slug])
    records = rispy.loads(client.get(url).content.decode())
    # The withdrawn source's stance is on this tactic: it is left out.
    assert sorted(r["title"] for r in records) == sorted([AWKWARD_TITLE, world.second.title])
    entries = parse_bibtex(
        client.get(reverse("tactics:references_bib", args=[world.tactic.slug])).content.decode()
    ).entries
    assert len({entry.key for entry in entries}) == 2
    items = json.loads(
        client.get(reverse("tactics:references_json", args=[world.tactic.slug])).content
    )
    formatted = render_harvard(items)
    assert len(formatted) == 2
    # The other tactic's only current source is the awkward one (its second stance there is withdrawn).
    other = rispy.loads(
        client.get(reverse("tactics:references_ris", args=[world.other.slug])).content.decode()
    )
    assert [r["title"] for r in other] == [AWKWARD_TITLE]


# --- Meta tags -------------------------------------------------------------------------


def meta_tags(html):
    return [
        (name, unescape(content))
        for name, content in re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', html)
    ]


def visible(html):
    body = html.split("<body>", 1)[1]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def test_source_page_carries_citation_meta_tags_that_match_what_it_shows(world, client):
    html = client.get(world.source.get_absolute_url()).content.decode()
    tags = meta_tags(html)
    text = visible(html)
    assert tags == [
        ("citation_title", AWKWARD_TITLE),
        ("citation_author", "José Müller"),
        ("citation_author", "Ann O'Neil"),
        ("citation_publication_date", "2024/05/17"),
        ("citation_journal_title", "Journal of Search"),
        ("citation_doi", "10.1234/geo.2024_01"),
    ]
    for name, content in tags:
        if name == "citation_publication_date":
            assert 'datetime="2024-05-17"' in html
        else:
            assert content in text, name
    assert "Cite this source: BibTeX · RIS · CSL-JSON" in text
    for fmt in ("bib", "ris", "json"):
        assert f'href="/sources/{world.source.pk}/cite.{fmt}"' in html


def test_a_report_names_its_institution_and_a_pdf_its_address(db, client):
    source = SourceFactory(
        source_type=SourceType.INDUSTRY,
        organisation=OrganisationFactory(name="Seer Interactive"),
        url="https://example.org/report.pdf",
        published_on=datetime.date(2025, 2, 1),
    )
    StanceFactory(source=source)
    html = client.get(source.get_absolute_url()).content.decode()
    tags = dict(meta_tags(html))
    assert tags["citation_technical_report_institution"] == "Seer Interactive"
    assert tags["citation_author"] == "Seer Interactive"
    assert tags["citation_pdf_url"] == "https://example.org/report.pdf"
    assert "citation_doi" not in tags


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("Arlen Kumar, Leanid Palkhouski", [("Kumar", "Arlen"), ("Palkhouski", "Leanid")]),
        ("Müller, José; Smith, Ann", [("Müller", "José"), ("Smith", "Ann")]),
        ("Müller, José", [("Müller", "José")]),
        ("A. Lee and B. Chan & C. Diaz", [("Lee", "A."), ("Chan", "B."), ("Diaz", "C.")]),
    ],
)
def test_authors_as_curators_type_them_are_split_into_names(typed, names):
    assert [(p.family, p.given) for p in split_authors(typed)] == names


def test_the_reference_list_links_render_on_their_own(world):
    html = render_to_string("opendata/_references_links.html", {"tactic": world.tactic})
    for fmt in ("bib", "ris", "json"):
        assert f'href="/tactics/{world.tactic.slug}/references.{fmt}"' in html
    assert "BibTeX" in html and "RIS" in html and "CSL-JSON" in html


def test_the_tactic_page_links_its_reference_list_in_each_format(world, client):
    page = client.get(world.tactic.get_absolute_url()).content.decode()
    for fmt in ("bib", "ris", "json"):
        link = f"/tactics/{world.tactic.slug}/references.{fmt}"
        assert f'href="{link}"' in page
        assert client.get(link).status_code == 200
