import pytest
from django.urls import reverse

from sources.models import Source, Stance
from tests.factories import OrganisationFactory, PlatformFactory, SourceFactory, TacticFactory
from tests.sources.admin_forms import source_form

pytestmark = pytest.mark.django_db


def _with_stances(data, stances):
    data["stances-TOTAL_FORMS"] = str(len(stances))
    for index, stance in enumerate(stances):
        for key, value in stance.items():
            data[f"stances-{index}-{key}"] = value
    return data


def test_researcher_records_a_source_with_stances(client, researcher):
    tactic = TacticFactory()
    platform = PlatformFactory(slug="chatgpt", name="ChatGPT")
    client.force_login(researcher)
    data = _with_stances(
        source_form(platforms=[platform.pk]),
        [
            {
                "tactic": tactic.pk,
                "position": "improves",
                "directness": "direct",
                "finding": "Helps.",
            }
        ],
    )
    response = client.post(reverse("admin:sources_source_add"), data)
    assert response.status_code == 302
    source = Source.objects.get()
    assert list(source.platforms.all()) == [platform]
    assert source.stances.get().tactic == tactic


def test_duplicate_url_is_a_form_error_linking_to_the_existing_source(client, researcher):
    existing = SourceFactory(url="https://example.net/new-study", title="Already here")
    client.force_login(researcher)
    response = client.post(
        reverse("admin:sources_source_add"), source_form(url="http://www.example.net/new-study/")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This URL is already recorded as" in html
    assert f'href="/admin/sources/source/{existing.pk}/change/"' in html
    assert Source.objects.count() == 1


def test_second_stance_on_the_same_tactic_is_a_form_error_and_nothing_is_saved(client, researcher):
    tactic = TacticFactory()
    client.force_login(researcher)
    stance = {"tactic": tactic.pk, "directness": "direct", "finding": "x"}
    data = _with_stances(
        source_form(),
        [{**stance, "position": "improves"}, {**stance, "position": "no_effect"}],
    )
    response = client.post(reverse("admin:sources_source_add"), data)
    assert response.status_code == 200
    assert "Please correct the duplicate data" in response.content.decode()
    assert Source.objects.count() == 0
    assert Stance.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("published_on", "2026-02-30"), ("published_on", "2999-01-01"), ("sample_size", "-5")],
)
def test_impossible_values_are_form_errors(client, researcher, field, value):
    client.force_login(researcher)
    response = client.post(reverse("admin:sources_source_add"), source_form(**{field: value}))
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert Source.objects.count() == 0


def test_source_search_finds_by_publisher_and_url(client, researcher):
    SourceFactory(
        organisation=OrganisationFactory(name="Ahrefs"),
        url="https://ahrefs.com/blog/ai-overview-brand-correlation/",
    )
    SourceFactory(organisation=OrganisationFactory(name="Pew Research Center"))
    client.force_login(researcher)
    changelist = reverse("admin:sources_source_changelist")
    assert "1 result" in client.get(changelist, {"q": "ahrefs"}).content.decode()
    assert "1 result" in client.get(changelist, {"q": "brand-correlation"}).content.decode()
