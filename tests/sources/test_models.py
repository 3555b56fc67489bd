import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sources.models import Source, Stance
from sources.urls_normal import normalise_url
from tests.factories import (
    OrganisationFactory,
    PlatformFactory,
    SourceFactory,
    StanceFactory,
    TacticFactory,
)


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("https://www.Example.com/study/", "example.com/study"),
        ("http://example.com/study", "example.com/study"),
        ("https://example.com/study?utm_source=x&b=2&a=1#top", "example.com/study?a=1&b=2"),
        ("https://example.com:443/study", "example.com/study"),
        ("https://example.com:8443/study", "example.com:8443/study"),
    ],
)
def test_cosmetic_url_variants_normalise_to_one_form(variant, canonical):
    assert normalise_url(variant) == canonical


@pytest.mark.django_db
class TestSourceConstraints:
    def test_same_study_under_another_url_spelling_is_refused_by_the_database(self):
        SourceFactory(url="https://www.example.com/study/")
        with pytest.raises(IntegrityError), transaction.atomic():
            SourceFactory(url="http://example.com/study?utm_campaign=news")
        assert Source.objects.count() == 1

    def test_clean_names_the_existing_source_with_a_link_to_it(self):
        existing = SourceFactory(url="https://example.com/study", title="The original study")
        duplicate = Source(
            title="Copy",
            url="https://www.example.com/study/",
            organisation=OrganisationFactory(name="X"),
            source_type="industry",
            method="survey",
        )
        with pytest.raises(ValidationError) as error:
            duplicate.full_clean()
        message = error.value.message_dict["url"][0]
        assert "The original study" in message
        assert f"/admin/sources/source/{existing.pk}/change/" in message

    def test_future_publication_date_is_a_validation_error(self):
        source = SourceFactory.build(
            published_on=datetime.date.today() + datetime.timedelta(days=3)
        )
        with pytest.raises(ValidationError) as error:
            source.full_clean()
        assert "published_on" in error.value.message_dict

    @pytest.mark.parametrize(
        "bad",
        [
            {"source_type": "rumour"},
            {"method": "vibes"},
            {"published_on": datetime.date(1850, 1, 1)},
            {"title": ""},
        ],
    )
    def test_database_rejects_values_outside_the_rules(self, bad):
        with pytest.raises(IntegrityError), transaction.atomic():
            SourceFactory(**bad)
        assert Source.objects.count() == 0


@pytest.mark.django_db
class TestStanceConstraints:
    def test_second_stance_for_the_same_source_and_tactic_is_refused(self):
        first = StanceFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            StanceFactory(source=first.source, tactic=first.tactic, position="no_effect")
        assert Stance.objects.get().position == "improves"

    def test_model_validation_reports_the_duplicate_in_words(self):
        first = StanceFactory()
        duplicate = Stance(source=first.source, tactic=first.tactic, position="mixed", finding="x")
        with pytest.raises(ValidationError, match="already has a stance on this tactic"):
            duplicate.full_clean()

    @pytest.mark.parametrize("bad", [{"position": "maybe"}, {"directness": "sideways"}])
    def test_database_rejects_unknown_choices(self, bad):
        with pytest.raises(IntegrityError), transaction.atomic():
            StanceFactory(**bad)
        assert Stance.objects.count() == 0

    def test_the_same_source_may_bear_on_several_tactics(self):
        source = SourceFactory()
        StanceFactory(source=source, tactic=TacticFactory())
        StanceFactory(source=source, tactic=TacticFactory(), position="no_effect")
        assert source.stances.count() == 2


@pytest.mark.django_db
def test_history_records_each_change_to_sources_and_stances():
    stance = StanceFactory(finding="First reading")
    stance.finding = "Second reading"
    stance.save()
    stance.source.title = "Renamed study"
    stance.source.save()
    assert [h.finding for h in stance.history.order_by("history_date")] == [
        "First reading",
        "Second reading",
    ]
    assert stance.source.history.first().title == "Renamed study"
    stance.delete()
    assert Stance.history.filter(history_type="-").count() == 1


@pytest.mark.django_db
def test_platform_links_changed_from_either_side_are_kept_in_the_source_history():
    source = SourceFactory()
    chatgpt = PlatformFactory(slug="chatgpt", name="ChatGPT")
    perplexity = PlatformFactory(slug="perplexity", name="Perplexity")
    source.platforms.add(chatgpt)
    perplexity.sources.add(source)
    perplexity.sources.clear()

    def platforms_in(record):
        return {link.platform_id for link in record.platforms.all()}

    states = [platforms_in(record) for record in source.history.order_by("history_date")]
    assert states == [set(), {chatgpt.pk}, {chatgpt.pk, perplexity.pk}, {chatgpt.pk}]
