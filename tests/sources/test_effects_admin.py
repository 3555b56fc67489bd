"""A stance's outcome and reported effect in the admin: every wrong combination is a form
error in words on the field concerned, never a server error or a constraint's name."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sources.models import Stance
from tests.factories import SourceFactory, StanceFactory, TacticFactory
from tests.sources.admin_forms import source_form

pytestmark = pytest.mark.django_db

EMPTY_EFFECT = {
    "effect_measure": "",
    "effect_kind": "",
    "effect_value": "",
    "effect_low": "",
    "effect_high": "",
    "effect_p": "",
    "effect_quote": "",
}
WRONG = [
    ({"effect_value": "33"}, "effect_measure", "Say what outcome the effect was measured on."),
    (
        {"effect_measure": "rank", "effect_kind": "correlation", "effect_value": "1.4"},
        "effect_value",
        "A correlation coefficient lies between −1 and 1.",
    ),
    (
        {"effect_measure": "rank", "effect_kind": "odds_ratio", "effect_value": "0"},
        "effect_value",
        "An odds ratio is above 0 (1 means no effect).",
    ),
    (
        {
            "effect_measure": "rank",
            "effect_kind": "relative",
            "effect_value": "5",
            "effect_low": "1",
        },
        "effect_high",
        "Give both ends of the interval, or neither.",
    ),
    (
        {
            "effect_measure": "rank",
            "effect_kind": "relative",
            "effect_value": "5",
            "effect_low": "6",
            "effect_high": "9",
        },
        "effect_low",
        "The interval must contain the effect",
    ),
    (
        {"effect_measure": "rank", "effect_kind": "relative", "effect_value": "5", "effect_p": "2"},
        "effect_p",
        "less than or equal to 1",
    ),
    (
        {"effect_measure": "speed", "effect_kind": "relative", "effect_value": "5"},
        "effect_measure",
        "Select a valid choice",
    ),
]


def _stance_data(source, tactic, **effect):
    return {
        "source": source.pk,
        "tactic": tactic.pk,
        "position": "improves",
        "directness": "direct",
        "finding": "Cited more.",
        "detail": "",
        **EMPTY_EFFECT,
        **effect,
    }


@pytest.mark.parametrize(("effect", "field", "words"), WRONG)
def test_a_wrong_effect_is_an_error_on_its_field(client, researcher, effect, field, words):
    source, tactic = SourceFactory(), TacticFactory()
    client.force_login(researcher)
    response = client.post(
        reverse("admin:sources_stance_add"), _stance_data(source, tactic, **effect)
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert any(words in error for error in form.errors[field]), form.errors
    assert "stance_effect" not in response.content.decode()  # no constraint's name
    assert not Stance.objects.exists()


def test_an_effect_saves_and_is_listed_in_words(client, researcher):
    source, tactic = SourceFactory(), TacticFactory()
    client.force_login(researcher)
    effect = {
        "effect_measure": "citation_rate",
        "effect_kind": "relative",
        "effect_value": "33",
        "effect_low": "20",
        "effect_high": "46",
        "effect_p": "0.01",
        "effect_quote": "Up by a third.",
    }
    response = client.post(
        reverse("admin:sources_stance_add"), _stance_data(source, tactic, **effect)
    )
    assert response.status_code == 302
    stance = Stance.objects.get()
    assert (stance.effect_value, stance.effect_p) == (Decimal(33), Decimal("0.01"))
    listing = client.get(reverse("admin:sources_stance_changelist")).content.decode()
    assert "+33% citation rate, 95% CI +20% to +46%, p = 0.01" in listing
    assert "Improves visibility" in listing


def test_the_forms_name_the_outcome_and_the_reported_effect(client, researcher):
    stance = StanceFactory()
    client.force_login(researcher)
    for url in (
        reverse("admin:sources_stance_change", args=[stance.pk]),
        reverse("admin:sources_source_change", args=[stance.source.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Outcome" in html and "Reported effect" in html
        for label in ("No detectable effect", "Worsens visibility", "Improves visibility"):
            assert label in html
        assert "Interval from" in html and "P-value" in html


def test_an_inline_stance_with_a_wrong_effect_is_a_form_error(client, researcher):
    tactic = TacticFactory()
    client.force_login(researcher)
    data = source_form()
    stance = {
        "tactic": tactic.pk,
        "position": "worsens",
        "directness": "direct",
        "finding": "Fewer citations.",
        **EMPTY_EFFECT,
        "effect_measure": "answer_share",
        "effect_value": "-2.5",
    }
    data["stances-TOTAL_FORMS"] = "1"
    data.update({f"stances-0-{key}": value for key, value in stance.items()})
    response = client.post(reverse("admin:sources_source_add"), data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert errors["effect_kind"] == ["Say what kind of effect this is."]
