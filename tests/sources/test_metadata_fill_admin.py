"""The source form's “Fill from DOI or link”, driven as a researcher with recorded answers
(tests/sources/metadata_responses): what gets filled, what is kept, and failures in words."""

import html

import pytest
from django.test import override_settings
from django.urls import reverse

from sources.models import Source
from tests.factories import OrganisationFactory, SourceFactory
from tests.sources.admin_forms import source_form
from tests.sources.metadata_responses import (
    GEO_DOI,
    GEO_DOI_URL,
    HTML,
    JSON,
    REPORT_URL,
    Recorded,
)

pytestmark = pytest.mark.django_db

ADD = "admin:sources_source_add"

# What a researcher has typed on an empty add form before pressing Fill.
EMPTY = source_form(
    title="",
    url="",
    organisation="",
    published_on="",
    source_type="",
    method="",
    sample_size="",
)


def press_fill(client, fetcher, at=None, **typed):
    with override_settings(SOURCE_METADATA_FETCHER=fetcher):
        return client.post(at or reverse(ADD), {**EMPTY, **typed, "_fill": "Fill"})


def field_value(response, name):
    return response.context["adminform"].form[name].value()


def note(response) -> str:
    """The note above the form, as the researcher reads it (links kept as HTML)."""
    page = response.content.decode()
    start = page.index('id="fill-note"')
    return html.unescape(page[start : page.index("</ul>", start)])


def test_a_doi_fills_the_empty_fields_from_doi_org_and_saves_nothing(client, researcher):
    acm = OrganisationFactory(name="acm")  # the record's "ACM", case ignored
    client.force_login(researcher)
    fetcher = Recorded()
    response = press_fill(client, fetcher, doi=f"https://doi.org/{GEO_DOI.upper()}")
    assert response.status_code == 200
    assert fetcher.asked == [(GEO_DOI_URL, {"Accept": "application/vnd.citationstyles.csl+json"})]
    assert field_value(response, "title") == "GEO: Generative Engine Optimization"
    assert field_value(response, "authors") == (
        "Pranjal Aggarwal, Vishvak Murahari, Tanmay Rajpurohit, Ashwin Kalyan, "
        "Karthik Narasimhan, Ameet Deshpande"
    )
    assert field_value(response, "venue") == (
        "Proceedings of the 30th ACM SIGKDD Conference on Knowledge Discovery and Data Mining"
    )
    assert field_value(response, "organisation") == str(acm.pk)
    assert field_value(response, "published_on") == "24/08/2024"
    assert field_value(response, "source_type") == "peer_reviewed"
    assert field_value(response, "url") == GEO_DOI_URL
    words = note(response)
    assert (
        "Filled from doi.org: title, URL, venue, authors, publication date, source type, "
        "organisation" in words
    )
    # A conference paper is taken as peer-reviewed, and the note says it is a guess.
    assert "is a guess (a conference paper" in words
    # Nothing is saved, and no "required" error buries the note.
    assert Source.objects.count() == 0
    assert "errornote" not in response.content.decode()


def test_what_the_researcher_typed_is_never_overwritten(client, researcher):
    client.force_login(researcher)
    response = press_fill(
        client, Recorded(), doi=GEO_DOI, title="GEO (KDD 2024)", source_type="preprint"
    )
    assert field_value(response, "title") == "GEO (KDD 2024)"
    assert field_value(response, "source_type") == "preprint"
    assert field_value(response, "venue").startswith("Proceedings of the 30th ACM SIGKDD")
    assert "Kept what you typed for the title, source type" in note(response)


def test_an_organisation_not_stored_yet_is_named_and_nothing_typed_is_lost(client, researcher):
    client.force_login(researcher)
    response = press_fill(client, Recorded(), doi=GEO_DOI, authors="Aggarwal et al.")
    assert field_value(response, "organisation") in ("", None)
    assert field_value(response, "authors") == "Aggarwal et al."
    assert "No organisation named “ACM” yet: add it with the + button." in note(response)


def test_an_organisation_chosen_already_is_kept(client, researcher):
    OrganisationFactory(name="ACM")
    princeton = OrganisationFactory(name="Princeton University")
    client.force_login(researcher)
    response = press_fill(client, Recorded(), doi=GEO_DOI, organisation=str(princeton.pk))
    assert field_value(response, "organisation") == str(princeton.pk)
    assert "organisation" in note(response).split("Kept what you typed for", 1)[1]


def test_filled_values_save_as_they_were_shown(client, researcher, admin_form_data):
    acm = OrganisationFactory(name="ACM")
    client.force_login(researcher)
    filled = press_fill(client, Recorded(), doi=GEO_DOI)
    data = {**admin_form_data(filled), "method": "controlled", "_save": "Save"}
    response = client.post(reverse(ADD), data)
    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.title, source.doi, str(source.published_on)) == (
        "GEO: Generative Engine Optimization",
        GEO_DOI,
        "2024-08-24",
    )
    assert source.organisation == acm
    assert source.venue.startswith("Proceedings of the 30th ACM SIGKDD")


def test_a_page_without_a_doi_fills_from_its_json_ld(client, researcher):
    northfield = OrganisationFactory(name="Northfield Search Labs")
    client.force_login(researcher)
    response = press_fill(client, Recorded(), url=REPORT_URL)
    assert field_value(response, "title") == "AI Overviews and the Click: What 40,000 Queries Show"
    assert field_value(response, "authors") == "Hannah O'Brien, Tomás Ruiz"
    assert field_value(response, "organisation") == str(northfield.pk)
    assert field_value(response, "source_type") == "industry"
    assert "“Industry report” is a guess" in note(response)


def test_a_page_naming_its_doi_is_filled_from_doi_org(client, researcher):
    client.force_login(researcher)
    page = f'<html><head><meta name="citation_doi" content="{GEO_DOI}"></head></html>'
    fetcher = Recorded({"https://dl.acm.org/doi/abs/x": (200, HTML, page.encode())})
    response = press_fill(client, fetcher, url="https://dl.acm.org/doi/abs/x")
    assert [url for url, _ in fetcher.asked] == ["https://dl.acm.org/doi/abs/x", GEO_DOI_URL]
    assert field_value(response, "doi") == GEO_DOI
    assert field_value(response, "title") == "GEO: Generative Engine Optimization"
    assert field_value(response, "url") == "https://dl.acm.org/doi/abs/x"


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (TimeoutError(), "doi.org did not answer within 8 seconds"),
        ((404, "text/html", b"Not found"), f"doi.org does not know the DOI {GEO_DOI}"),
        ((200, "text/html", b"<html>landing page</html>"), "not citation data"),
        ((200, JSON, b"{not json"), "is not readable"),
        ((503, "text/plain", b""), "with an error (HTTP 503)"),
    ],
)
def test_a_failed_lookup_keeps_everything_typed_and_says_why(client, researcher, answer, words):
    client.force_login(researcher)
    response = press_fill(
        client, Recorded({GEO_DOI_URL: answer}), doi=GEO_DOI, authors="Aggarwal et al."
    )
    assert response.status_code == 200
    said = note(response)
    assert "Nothing was filled, and everything you typed is kept" in said
    assert words in said
    assert field_value(response, "authors") == "Aggarwal et al."
    assert field_value(response, "title") == ""
    assert Source.objects.count() == 0


def test_a_refused_address_is_said_in_words(client, researcher):
    """The default fetcher refuses an address on a private network before connecting."""
    client.force_login(researcher)
    with override_settings(SOURCE_METADATA_FETCHER=None):
        response = client.post(
            reverse(ADD), {**EMPTY, "url": "http://127.0.0.1:8000/admin/", "_fill": "Fill"}
        )
    said = note(response)
    assert "127.0.0.1 is on a private or local network" in said
    assert field_value(response, "url") == "http://127.0.0.1:8000/admin/"


def test_nothing_to_look_up_is_said(client, researcher):
    client.force_login(researcher)
    fetcher = Recorded()
    response = press_fill(client, fetcher)
    assert "Type the source's DOI or its URL first" in note(response)
    assert fetcher.asked == []


def test_fill_on_a_change_form_keeps_the_stored_source_unchanged(client, researcher):
    source = SourceFactory(title="Typed title", doi="", authors="")
    client.force_login(researcher)
    url = reverse("admin:sources_source_change", args=[source.pk])
    data = source_form(title="Typed title", url=source.url, doi=GEO_DOI)
    with override_settings(SOURCE_METADATA_FETCHER=Recorded()):
        response = client.post(url, {**data, "_fill": "Fill"})
    assert field_value(response, "authors").startswith("Pranjal Aggarwal")
    source.refresh_from_db()
    assert (source.authors, source.doi) == ("", "")


def test_the_fill_names_a_source_recorded_with_the_same_doi(client, researcher):
    existing = SourceFactory(doi=GEO_DOI, title="GEO on arXiv")
    client.force_login(researcher)
    response = press_fill(client, Recorded(), doi=GEO_DOI)
    said = note(response)
    assert "Already recorded with the same DOI" in said
    assert f'href="/admin/sources/source/{existing.pk}/change/"' in said


def test_a_view_only_user_cannot_make_the_server_fetch(client, editor):
    """Editors may view sources, not change them: pressing Fill asks no site at all."""
    source = SourceFactory()
    client.force_login(editor)
    fetcher = Recorded()
    url = reverse("admin:sources_source_change", args=[source.pk])
    response = press_fill(client, fetcher, at=url, doi=GEO_DOI)
    assert response.status_code == 403
    assert fetcher.asked == []


def test_the_button_is_on_the_form_and_enter_still_saves(client, researcher):
    client.force_login(researcher)
    html = client.get(reverse(ADD)).content.decode()
    assert 'name="_fill" value="Fill from DOI or link"' in html
    # The form's first submit button is what Enter in a text field presses.
    first = html.index('type="submit"', html.index('id="source_form"'))
    assert 'name="_save"' in html[first : html.index(">", first)]
