"""Implausible input in the admin's source form gets a clear error in words and saves
nothing: no raw limit, no constraint name, no half-saved source or stance."""

import datetime
import html as html_lib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from scoring.services import recompute_tactics
from sources.models import Source, Stance
from tactics.choices import Status
from tests.factories import SourceFactory, StanceFactory, TacticFactory
from tests.sources.admin_forms import source_form

pytestmark = pytest.mark.django_db

RAW = ("source_", "stance_", "Constraint", "constraint", "9223372036854775807", "violated")


def with_stances(data, stances, initial=0):
    data["stances-TOTAL_FORMS"] = str(len(stances))
    data["stances-INITIAL_FORMS"] = str(initial)
    for index, stance in enumerate(stances):
        for key, value in stance.items():
            data[f"stances-{index}-{key}"] = value
    return data


def rows():
    """Everything a failed save must leave exactly as it was."""
    return (
        sorted(Source.objects.values_list()),
        sorted(Stance.objects.values_list()),
    )


def error_text(response) -> str:
    assert response.status_code == 200, "the form should be shown again with its errors"
    page = html_lib.unescape(response.content.decode())
    assert "errornote" in page
    return page


def assert_clear(page: str, message: str) -> None:
    assert message in page
    errors = [line for line in page.splitlines() if "errorlist" in line or "errornote" in line]
    for raw in RAW:
        assert not any(raw in line for line in errors), (raw, errors)


TOO_MANY = "No study has more than 1,000,000,000,000 units: check the number for a typing slip."
ZERO = "A sample of 0 is not a sample: leave the field empty if the source gives none."
TOO_EARLY = "The publication date is before 1990"
FUTURE = "The publication date is in the future."

FIELD_CASES = [
    ("sample_size", "0", ZERO),
    ("sample_size", "999999999999999999", TOO_MANY),
    ("sample_size", "9223372036854775808", TOO_MANY),
    ("sample_size", "99999999999999999999999999", TOO_MANY),
    ("published_on", "1989-12-31", TOO_EARLY),
    ("title", "", "This field is required."),
]


@pytest.mark.parametrize(("field", "value", "message"), FIELD_CASES)
def test_adding_a_source_with_an_implausible_value_is_refused_in_words(
    client, researcher, field, value, message
):
    tactic = TacticFactory()
    client.force_login(researcher)
    before = rows()
    data = with_stances(
        source_form(**{field: value}),
        [{"tactic": tactic.pk, "position": "improves", "directness": "direct", "finding": "x"}],
    )
    response = client.post(reverse("admin:sources_source_add"), data)
    assert_clear(error_text(response), message)
    assert rows() == before


def test_a_future_date_is_refused_in_words(client, researcher):
    client.force_login(researcher)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("admin:sources_source_add"), source_form(published_on=tomorrow.isoformat())
    )
    assert_clear(error_text(response), FUTURE)
    assert Source.objects.count() == 0


@pytest.mark.parametrize(("field", "value", "message"), [*FIELD_CASES, ("url", None, None)])
def test_changing_a_source_to_an_implausible_value_changes_nothing(
    client, researcher, field, value, message
):
    """The change form, with the source's existing stance in the inline management form."""
    tactic = TacticFactory(status=Status.PUBLISHED)
    source = SourceFactory(url="https://example.net/new-study", sample_size=5000)
    stance = StanceFactory(source=source, tactic=tactic, finding="Helps.")
    other = SourceFactory(url="https://example.org/other-study", title="The other study")
    if field == "url":  # a duplicate of another source's URL, written differently
        value, message = "http://www.example.org/other-study/", "This URL is already recorded as"
    client.force_login(researcher)
    before = rows()
    data = with_stances(
        source_form(**{field: value}),
        [
            {
                "id": stance.pk,
                "source": source.pk,
                "tactic": tactic.pk,
                "position": "no_effect",  # a change that must not be saved either
                "directness": "direct",
                "finding": "Helps.",
            }
        ],
        initial=1,
    )
    response = client.post(reverse("admin:sources_source_change", args=[source.pk]), data)
    assert_clear(error_text(response), message)
    assert rows() == before
    assert other.pk


def test_a_duplicate_url_is_refused_with_a_link_and_nothing_saved(client, researcher):
    existing = SourceFactory(url="https://example.net/new-study", title="Already here")
    client.force_login(researcher)
    before = rows()
    response = client.post(
        reverse("admin:sources_source_add"), source_form(url="https://EXAMPLE.net/new-study/")
    )
    page = error_text(response)
    assert_clear(page, "This URL is already recorded as")
    assert f'href="/admin/sources/source/{existing.pk}/change/"' in page
    assert rows() == before


def test_two_stances_for_one_tactic_on_a_new_source_are_refused(client, researcher):
    tactic = TacticFactory()
    client.force_login(researcher)
    stance = {"tactic": tactic.pk, "directness": "direct", "finding": "x"}
    data = with_stances(
        source_form(),
        [{**stance, "position": "improves"}, {**stance, "position": "no_effect"}],
    )
    response = client.post(reverse("admin:sources_source_add"), data)
    assert_clear(error_text(response), "Please correct the duplicate data for tactic")
    assert rows() == ([], [])


def test_a_second_stance_for_the_same_tactic_on_an_existing_source_is_refused(client, researcher):
    tactic = TacticFactory()
    source = SourceFactory(url="https://example.net/new-study", sample_size=5000)
    stance = StanceFactory(source=source, tactic=tactic, position="improves", finding="x")
    client.force_login(researcher)
    before = rows()
    common = {"source": source.pk, "tactic": tactic.pk, "directness": "direct", "finding": "x"}
    data = with_stances(
        source_form(),
        [{**common, "id": stance.pk, "position": "improves"}, {**common, "position": "mixed"}],
        initial=1,
    )
    response = client.post(reverse("admin:sources_source_change", args=[source.pk]), data)
    assert_clear(error_text(response), "This source already has a stance on this tactic.")
    assert rows() == before


def test_a_blank_sample_shows_as_not_given_and_counts_as_the_rubric_says(client):
    tactic = TacticFactory(status=Status.PUBLISHED)
    source = SourceFactory(sample_size=None, sample_unit="")
    StanceFactory(source=source, tactic=tactic)
    recompute_tactics([tactic.pk])

    source_page = client.get(source.get_absolute_url()).content.decode()
    assert "<dt>Sample</dt><dd>Not given (" in source_page

    methodology = client.get(reverse("scoring:methodology")).content.decode()
    unknown = re.search(
        r'<th scope="row">Not given</th><td class="num">([\d.]+%)</td>', methodology
    )
    tactic_page = html_lib.unescape(client.get(tactic.get_absolute_url()).content.decode())
    assert f"no sample size given: counts {unknown.group(1)}" in tactic_page
