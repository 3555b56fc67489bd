"""Duplicates beyond the URL on the source form: the same DOI is refused, the same title,
organisation and year warns until the researcher ticks “This is a different source”."""

import datetime
import html

import pytest
from django.urls import reverse

from sources.duplicates import SAME_DOI, SAME_TITLE, find_duplicates
from sources.models import Source
from tests.factories import OrganisationFactory, SourceFactory
from tests.sources.admin_forms import source_form

pytestmark = pytest.mark.django_db

ADD = "admin:sources_source_add"


def page(response) -> str:
    return html.unescape(response.content.decode())


def change_link(source) -> str:
    return f'href="/admin/sources/source/{source.pk}/change/"'


@pytest.fixture
def recorded():
    """The source the form's entries may repeat: "GEO: Generative Engine Optimization",
    ACM, 2024."""
    return SourceFactory(
        title="GEO: Generative Engine Optimization",
        organisation=OrganisationFactory(name="ACM"),
        published_on=datetime.date(2024, 8, 24),
        doi="10.1145/3637528.3671900",
    )


# --- the same DOI: an error -------------------------------------------------------------------


def test_the_same_doi_is_refused_in_words_with_a_link(client, researcher, recorded):
    client.force_login(researcher)
    response = client.post(
        reverse(ADD), source_form(doi="https://doi.org/10.1145/3637528.3671900".upper())
    )
    assert response.status_code == 200
    text = page(response)
    assert "This DOI is already recorded as" in text
    assert "Add your stance to that source instead." in text
    assert change_link(recorded) in text
    assert Source.objects.count() == 1


def test_a_source_keeps_its_own_doi_when_changed(client, researcher, recorded, admin_form_data):
    client.force_login(researcher)
    url = reverse("admin:sources_source_change", args=[recorded.pk])
    data = {**admin_form_data(client.get(url)), "summary": "Read again.", "_save": "Save"}
    assert client.post(url, data).status_code == 302
    recorded.refresh_from_db()
    assert recorded.summary == "Read again."


# --- the same title, organisation and year: a warning ------------------------------------------


def same_paper(recorded, **changes):
    """The recorded paper's title written differently, from its organisation, the same year."""
    return source_form(
        **{
            "title": "GEO — generative engine optimization",
            "organisation": str(recorded.organisation_id),
            "published_on": "2024-11-16",
            "url": "https://arxiv.org/abs/2311.09735",
            **changes,
        }
    )


def test_the_same_title_organisation_and_year_warns_with_a_link(client, researcher, recorded):
    client.force_login(researcher)
    response = client.post(reverse(ADD), same_paper(recorded))
    assert response.status_code == 200
    text = page(response)
    assert "Possibly a duplicate:" in text
    assert "has the same title, organisation and year" in text
    assert change_link(recorded) in text
    assert 'name="not_duplicate_of"' in text
    assert "This is a different source: save it anyway." in text
    assert Source.objects.count() == 1


def test_ticking_that_it_is_a_different_source_saves_it(client, researcher, recorded):
    client.force_login(researcher)
    refused = client.post(reverse(ADD), same_paper(recorded))
    ticked = refused.context["adminform"].form.duplicate_ids
    assert ticked == str(recorded.pk)
    response = client.post(reverse(ADD), same_paper(recorded, not_duplicate_of=ticked))
    assert response.status_code == 302
    assert Source.objects.count() == 2


def test_a_tick_given_beside_another_source_does_not_count(client, researcher, recorded):
    other = SourceFactory(title="Something else")
    client.force_login(researcher)
    response = client.post(reverse(ADD), same_paper(recorded, not_duplicate_of=str(other.pk)))
    assert response.status_code == 200
    assert "Possibly a duplicate:" in page(response)
    assert Source.objects.count() == 2


def test_the_tick_is_kept_while_another_error_is_corrected(client, researcher, recorded):
    client.force_login(researcher)
    data = same_paper(recorded, not_duplicate_of=str(recorded.pk), sample_size="0")
    response = client.post(reverse(ADD), data)
    assert response.status_code == 200
    assert f'name="not_duplicate_of" value="{recorded.pk}"' in page(response)
    assert "Possibly a duplicate:" not in page(response)


@pytest.mark.parametrize(
    "difference",
    [{"published_on": "2023-11-16"}, {"organisation": "other"}, {"title": "GEO, revisited"}],
)
def test_another_year_organisation_or_title_saves_without_a_warning(
    client, researcher, recorded, difference
):
    if difference.get("organisation") == "other":
        difference = {"organisation": str(OrganisationFactory(name="Princeton University").pk)}
    client.force_login(researcher)
    response = client.post(reverse(ADD), same_paper(recorded, **difference))
    assert response.status_code == 302
    assert Source.objects.count() == 2


def test_a_source_is_not_its_own_duplicate(client, researcher, recorded, admin_form_data):
    client.force_login(researcher)
    url = reverse("admin:sources_source_change", args=[recorded.pk])
    data = {**admin_form_data(client.get(url)), "authors": "Aggarwal et al.", "_save": "Save"}
    assert client.post(url, data).status_code == 302


def test_reverting_to_a_version_that_repeats_a_title_is_not_blocked(
    client, researcher, recorded, revert_in_admin
):
    """A past version is restored as it was: the history form has no checkbox to tick."""
    twin = SourceFactory(
        title=recorded.title,
        organisation=recorded.organisation,
        published_on=recorded.published_on,
    )
    twin.title = "GEO (the arXiv version)"
    twin.save()
    client.force_login(researcher)
    response = revert_in_admin(client, twin.history.earliest())
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.title == recorded.title


# --- find_duplicates: the rules the form and the import preview share ---------------------


def test_find_duplicates_names_the_rule_that_matched(recorded):
    assert find_duplicates(doi="doi:10.1145/3637528.3671900") == [(recorded, SAME_DOI)]
    acm = recorded.organisation
    assert find_duplicates(
        title="geo generative-engine optimization", organisation=acm, year=2024
    ) == [(recorded, SAME_TITLE)]
    assert find_duplicates(
        title="geo generative-engine optimization", organisation=acm.pk, year=2024
    ) == [(recorded, SAME_TITLE)]
    assert find_duplicates(title=recorded.title, organisation=acm, year=2023) == []
    other = OrganisationFactory(name="Princeton University")
    assert find_duplicates(title=recorded.title, organisation=other, year=2024) == []
    assert find_duplicates(doi=recorded.doi, exclude_pk=recorded.pk) == []
