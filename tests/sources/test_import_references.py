"""A Zotero RIS export and a Mendeley BibTeX file, with known duplicates and errors."""

import datetime

import pytest

from sources.models import Source
from tests.admin_helpers import messages_of
from tests.factories import OrganisationFactory, SourceFactory
from tests.sources.import_files.helpers import confirm, statuses, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored():
    """What the files' duplicates match: by DOI, by address, by title, organisation and year."""
    return {
        "doi": SourceFactory(
            title="Structured data in AI answers",
            doi="10.5555/stored.doi",
            url="https://stored.example.org/structured",
        ),
        "url": SourceFactory(
            title="Backlinks and AI answers",
            organisation=OrganisationFactory(name="Ahrefs"),
            url="https://ahrefs.com/blog/backlinks-ai-answers",
        ),
        "title": SourceFactory(
            title="The State of AI Search: 2025 edition",
            organisation=OrganisationFactory(name="BrightEdge"),
            published_on=datetime.date(2025, 2, 1),
            url="https://www.brightedge.com/state-of-ai-search-2025",
        ),
    }


RIS_PREVIEW = {
    "record 1": "new",
    "record 2": "new",
    "record 3": "new",
    "record 4": "new",
    "record 5": "duplicate",  # the stored DOI, in capitals
    "record 6": "duplicate",  # the stored address, with www. and http
    "record 7": "error",  # no address and no DOI
    "record 8": "error",  # published before 1990
    "record 9": "duplicate",  # record 1 again, by its DOI with the resolver prefix
    "record 10": "duplicate",  # the stored title, organisation and year, another address
}


def test_zotero_ris_preview_says_what_each_record_would_do(client, researcher, stored):
    client.force_login(researcher)
    response = upload(client, "source", "zotero.ris")
    assert response.status_code == 200
    assert statuses(response) == RIS_PREVIEW
    rows = {p.row.where: p for p in response.context["plan"].rows}
    assert rows["record 5"].existing == stored["doi"]
    assert rows["record 6"].existing == stored["url"]
    assert rows["record 10"].existing == stored["title"]
    assert "the same title, organisation and year" in " ".join(rows["record 10"].reasons)
    # A publisher is an organisation (matched whatever its case); a journal is a venue,
    # standing in for the organisation only with a warning to check it.
    assert rows["record 2"].new_organisation == "Seer Interactive"
    assert any("names no publisher or institution" in w for w in rows["record 1"].warnings)
    assert "record 1" in " ".join(rows["record 9"].reasons)
    assert any("before 1990" in reason for reason in rows["record 8"].reasons)
    html = response.content.decode()
    assert f"/admin/sources/source/{stored['doi'].pk}/change/" in html
    assert Source.objects.count() == 3, "a preview saves nothing"


def test_confirming_the_ris_preview_lands_exactly_the_new_records(client, researcher, stored):
    client.force_login(researcher)
    page = confirm(client, "source", upload(client, "source", "zotero.ris"))
    assert "Imported from zotero.ris: 4 added, 0 updated, 6 skipped." in messages_of(page)
    added = Source.objects.exclude(pk__in=[s.pk for s in stored.values()])
    assert sorted(added.values_list("title", "source_type", "method")) == [
        ("AI Overviews citation study 2025", "industry", "observational"),
        ("Citation patterns of answer engines", "preprint", "observational"),
        ("GEO: Generative Engine Optimization", "peer_reviewed", "observational"),
        ("What we learned shipping llms.txt", "practitioner", "observational"),
    ]
    geo = added.get(doi="10.1145/3637528.3671900")
    assert geo.authors == "Aggarwal, Pranjal; Murahari, Vishvak"
    assert geo.venue == "Proceedings of the 30th ACM SIGKDD Conference"
    assert geo.organisation.name == "Proceedings of the 30th ACM SIGKDD Conference"
    seer = added.get(title="AI Overviews citation study 2025")
    assert (seer.organisation.name, seer.organisation.kind) == ("Seer Interactive", "other")
    assert geo.published_on == datetime.date(2024, 8, 24)
    assert geo.summary.startswith("Generative engines cite sources")


def test_method_and_type_are_flagged_for_checking(client, researcher, stored):
    client.force_login(researcher)
    response = upload(client, "source", "zotero.ris")
    first = response.context["plan"].rows[0]
    assert any("Method set to" in warning and "check it" in warning for warning in first.warnings)
    assert any("Peer-reviewed research" in warning for warning in first.warnings)
    assert "Method set to “Observational / correlational” by default" in response.content.decode()


BIBTEX_PREVIEW = {
    "kumar2025": "new",
    "pfrommer2024": "new",
    "semrush2025": "new",
    "ahrefs-again": "duplicate",
    "nopublisher": "error",
    "broken": "error",
    "stored-doi": "duplicate",
}


def _by_key(response):
    return {
        where.rsplit("(", 1)[-1].rstrip(")") if "(" in where else "broken": status
        for where, status in statuses(response).items()
    }


def test_bibtex_preview_and_confirm(client, researcher, stored):
    client.force_login(researcher)
    preview = upload(client, "source", "mendeley.bib")
    assert _by_key(preview) == BIBTEX_PREVIEW
    errors = {p.row.where: p.reasons for p in preview.context["plan"].rows if p.status == "error"}
    assert any("Organisation: none named." in " ".join(r) for r in errors.values())
    assert any("cannot be read" in " ".join(r) for r in errors.values())
    page = confirm(client, "source", preview)
    assert "Imported from mendeley.bib: 3 added, 0 updated, 4 skipped." in messages_of(page)
    added = Source.objects.exclude(pk__in=[s.pk for s in stored.values()])
    assert dict(added.values_list("title", "source_type")) == {
        "Manipulating Large Language Models to Increase Product Visibility": "peer_reviewed",
        "Ranking Manipulation for Conversational Search Engines": "preprint",
        "AI Overviews in 2025: 10 million keywords": "industry",
    }
    kumar = added.get(doi="10.5555/tmlr.2025.visibility")
    assert kumar.published_on == datetime.date(2025, 2, 1)
    assert kumar.authors == "Kumar, Aditi; Lakkaraju, Himabindu"


@pytest.mark.parametrize("name", ["zotero.ris", "mendeley.bib"])
def test_a_second_run_writes_nothing(client, researcher, stored, name):
    client.force_login(researcher)
    confirm(client, "source", upload(client, "source", name))
    count = Source.objects.count()
    history = Source.history.count()
    again = upload(client, "source", name)
    assert set(statuses(again).values()) <= {"duplicate", "error"}
    assert again.context["writes"] == 0
    page = confirm(client, "source", again)
    assert any(": 0 added, 0 updated," in message for message in messages_of(page))
    assert Source.objects.count() == count
    assert Source.history.count() == history
