"""The new list filters can each be removed alone, and removing the platform takes what
was said "there" with it (left behind, it would read "choose a platform first")."""

import pytest
from django.urls import reverse

from scoring.models import PlatformGrade
from tests.factories import PlatformFactory, TacticFactory

pytestmark = pytest.mark.django_db


def test_impact_and_platform_filters_show_as_removable_chips(client):
    chatgpt = PlatformFactory(slug="chatgpt", name="ChatGPT")
    PlatformGrade.objects.create(
        tactic=TacticFactory(), platform=chatgpt, score=20, confidence="medium", direction="works"
    )
    query = (
        "?impact=large&platform_grade=chatgpt&platform_direction=works"
        "&platform_confidence=medium&order=platform"
    )
    response = client.get(reverse("tactics:list") + query)
    assert response.status_code == 200
    chips = dict(response.context["active_filters"])
    assert "Large impact" in chips
    removed = chips["Graded on ChatGPT"]
    assert "platform_grade" not in removed
    for leftover in ("platform_direction", "platform_confidence", "order=platform"):
        assert leftover not in removed
    assert "impact=large" in removed
    assert any(label.startswith("There: ") for label in chips)
